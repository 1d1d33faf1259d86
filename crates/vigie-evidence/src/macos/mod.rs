//! macOS evidence: typed tables parsed from the system's own commands and
//! settings. Parsers are pure functions over captured text (tested on
//! Linux); only the thin layer that runs the commands is platform-specific.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Everything collected from a macOS machine.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MacosEvidence {}

/// Turns a macOS capture folder into evidence.
pub fn from_captures(
    dir: &std::path::Path,
    _manifest: &crate::captures::Manifest,
) -> Result<crate::Evidence, crate::SourceError> {
    Err(crate::SourceError::Format {
        path: dir.display().to_string(),
        message: "macOS captures are not read by this version of Vigie yet".into(),
    })
}

/// Collects from the running system (commands and settings read through
/// `sys`); on any other system the commands are simply not found.
pub fn collect(_sys: &crate::Sys) -> MacosEvidence {
    MacosEvidence::default()
}
