//! 4.3.2.a — « Activer la mise en veille automatique de votre poste de travail après une durée compatible avec votre activité (des durées de 30 minutes sont généralement adaptées). »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "4.3.2.a",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
