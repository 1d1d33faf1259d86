//! 4.3.3.c — « Recourir à un logiciel de chiffrement pour protéger votre poste de travail, serveur, clé USB, disque dur amovible ou encore smartphone ; les outils préconisés sont ceux qui bénéficient d'un référencement sur le site de l'ANSSI (www.ssi.gouv.fr). »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "4.3.3.c",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
