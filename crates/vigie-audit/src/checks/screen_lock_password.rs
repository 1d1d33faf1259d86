//! 4.3.2.c — « Imposer le déverrouillage de l'écran de veille par usage du mot de passe du compte. »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "4.3.2.c",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
