//! Network (4.1.2.a to 4.1.2.d, 3.1.1.d): neighbour table, saved Wi-Fi networks, links up, radios, UPS.

use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkEvidence {}

/// Collects this area's tables.
pub fn collect(_sys: &Sys) -> NetworkEvidence {
    NetworkEvidence::default()
}
