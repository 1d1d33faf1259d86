//! Package management (4.3.4.b, 4.3.5.a): automatic security updates, pending updates (live), signature verification of package sources.

use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackagesEvidence {}

/// Collects this area's tables.
pub fn collect(_sys: &Sys) -> PackagesEvidence {
    PackagesEvidence::default()
}
