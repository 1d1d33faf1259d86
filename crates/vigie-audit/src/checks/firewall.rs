//! 4.3.3.b — « Installer un pare-feu sur votre poste de travail et le maintenir à jour. »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "4.3.3.b",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
