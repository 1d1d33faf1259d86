//! 5.3.3.a — « Désactiver temporairement ou définitivement le compte de votre personnel en cas d'absence prolongée ou de départ. »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "5.3.3.a",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
