//! 6.1.2.b — « Consigner les événements émanant de l'antivirus et du pare-feu en activant la journalisation des événements tel que précisé dans les guides d'utilisation. »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "6.1.2.b",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
