//! 5.2.2.a — « Réserver l'utilisation du compte administrateur aux actions d'administration (installation de logiciels par exemple). »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "5.2.2.a",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
