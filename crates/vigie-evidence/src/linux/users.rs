//! Accounts and rights (5.2.1.a, 5.2.1.b, 5.2.2.a, 5.3.3.a): groups, sudoers, last logins.

use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UsersEvidence {}

/// Collects this area's tables.
pub fn collect(_sys: &Sys) -> UsersEvidence {
    UsersEvidence::default()
}
