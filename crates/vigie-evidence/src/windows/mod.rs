//! Windows evidence: typed tables parsed from the system's own commands and
//! settings. Parsers are pure functions over captured text (tested on
//! Linux); only the thin layer that runs the commands is platform-specific.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub mod policy;
pub mod reg;
pub mod security;
pub mod text;

/// Everything collected from a Windows machine.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WindowsEvidence {
    /// Accounts, password and lockout policy, screen lock, browsers.
    #[serde(default)]
    pub policy: policy::PolicyEvidence,
    /// Antivirus, firewall, BitLocker, updates, licensing, logging,
    /// network, Wi-Fi, UPS, OS version.
    #[serde(default)]
    pub security: security::SecurityEvidence,
}

/// Turns a Windows capture folder into evidence.
pub fn from_captures(
    dir: &std::path::Path,
    _manifest: &crate::captures::Manifest,
) -> Result<crate::Evidence, crate::SourceError> {
    Err(crate::SourceError::Format {
        path: dir.display().to_string(),
        message: "Windows captures are not read by this version of Vigie yet".into(),
    })
}

/// Collects from the running system (commands and settings read through
/// `sys`); on any other system the commands are simply not found.
pub fn collect(sys: &crate::Sys) -> WindowsEvidence {
    WindowsEvidence {
        policy: policy::collect(sys),
        security: security::collect(sys),
    }
}
