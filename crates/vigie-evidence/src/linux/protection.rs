//! Antivirus (4.3.3.a), firewall (4.3.3.b) and logging (6.1.2.a, 6.1.2.b).

use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProtectionEvidence {}

/// Collects this area's tables.
pub fn collect(_sys: &Sys) -> ProtectionEvidence {
    ProtectionEvidence::default()
}
