//! 5.2.1.a — « Créer des comptes utilisateurs nominatifs pour vous et pour votre personnel autorisé. Les comptes utilisateurs ne doivent pas avoir les mêmes droits qu'un compte administrateur. »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "5.2.1.a",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
