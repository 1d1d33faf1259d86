//! 5.2.1.b — « Créer un compte administrateur, avec un mot de passe distinct du compte utilisateur. Les comptes administrateurs peuvent concerner un environnement technique (poste de travail, système d'exploitation) ou un environnement applicatif (Logiciel de Gestion de Cabinet, Logiciel de Gestion d'Officine, Logiciel d'Aide à la Dispensation ...). »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "5.2.1.b",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
