//! 4.3.4.a — « Vérifier que les logiciels et le système d'exploitation sont toujours maintenus et mis à jour par les industriels pour anticiper notamment les évolutions de versions. »
//!
//! Not evaluated yet.

use super::{pending, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "4.3.4.a",
    evaluate,
};

fn evaluate(_ctx: &Context) -> Finding {
    pending()
}
