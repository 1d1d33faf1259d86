//! Web browsers (4.3.1.g): installed browsers, their enterprise policies and users' own settings.

use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BrowsersEvidence {}

/// Collects this area's tables.
pub fn collect(_sys: &Sys) -> BrowsersEvidence {
    BrowsersEvidence::default()
}
