//! 4.1.2.d — « Désactiver les fonctions Wifi ou Bluetooth si elles ne sont pas utilisées. »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "4.1.2.d",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
