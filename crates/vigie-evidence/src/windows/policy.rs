//! Windows accounts and policies (4.3.1.*, 4.3.2.*, 5.2.*, 5.3.3.a): secedit security policy, local users and Administrators members by SID, screen-saver and inactivity policies for every local user, browser password-manager policies.

use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyEvidence {}

/// Collects this part on a live Windows system.
pub fn collect(_sys: &Sys) -> PolicyEvidence {
    PolicyEvidence::default()
}
