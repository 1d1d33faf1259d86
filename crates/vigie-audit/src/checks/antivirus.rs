//! 4.3.3.a — « Mettre en place un antivirus sur votre poste de travail et le maintenir à jour. »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "4.3.3.a",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
