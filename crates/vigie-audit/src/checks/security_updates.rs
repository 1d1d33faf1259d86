//! 4.3.4.b — « Appliquer l'ensemble des correctifs de sécurité du système informatique et des logiciels. »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "4.3.4.b",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
