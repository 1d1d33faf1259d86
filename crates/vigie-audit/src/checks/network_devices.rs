//! 4.1.2.a — « Vérifier fréquemment que seuls vos équipements informatiques professionnels sont connectés au réseau. »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "4.1.2.a",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
