//! 3.1.1.d — « Veiller à relier électriquement vos équipements à un équipement qui prévient les différences de tension (multiprises avec dispositif anti surtension, onduleur...). »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "3.1.1.d",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
