//! 4.3.5.a — « N'utiliser que des logiciels originaux à l'exclusion de toute copie. »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "4.3.5.a",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
