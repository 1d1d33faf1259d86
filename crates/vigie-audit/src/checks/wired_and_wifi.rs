//! 4.1.2.c — « Ne jamais utiliser simultanément une double connexion filaire et Wifi au réseau. »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "4.1.2.c",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
