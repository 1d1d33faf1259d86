//! 6.1.2.a — « Mettre en place et surtout activer la fonction de journalisation sur votre système d'exploitation (sur tous les équipements disposant d'un système d'exploitation autonome). »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "6.1.2.a",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
