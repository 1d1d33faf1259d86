//! 4.3.1.g — « Refuser systématiquement la mémorisation de vos mots de passe lorsqu'elle vous est proposée par votre navigateur Internet. »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "4.3.1.g",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
