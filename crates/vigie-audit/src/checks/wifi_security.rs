//! 4.1.2.b — « Configurer le réseau WIFI, s'il est utilisé au sein de votre lieu d'exercice, avec la technologie WPA2 pour en protéger l'accès. »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "4.1.2.b",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
