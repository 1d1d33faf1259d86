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

/// Turns a Windows capture folder into evidence: the policy and security
/// parts each read their files; the target's OS identity comes from
/// `os.json` (the capture script's common part), the date from the
/// manifest's `captured_at`, administrator rights from its `admin=` line.
pub fn from_captures(
    dir: &std::path::Path,
    manifest: &crate::captures::Manifest,
) -> Result<crate::Evidence, crate::SourceError> {
    let manifest_path = dir.join(crate::captures::MANIFEST);
    let captured_at =
        manifest
            .captured_at
            .as_deref()
            .ok_or_else(|| crate::SourceError::Format {
                path: manifest_path.display().to_string(),
                message: "missing \"captured_at=\" (RFC 3339 date of the capture)".into(),
            })?;
    let collected_at = time::OffsetDateTime::parse(
        captured_at.trim(),
        &time::format_description::well_known::Rfc3339,
    )
    .map_err(|e| crate::SourceError::Format {
        path: manifest_path.display().to_string(),
        message: format!("captured_at=\"{captured_at}\" is not an RFC 3339 date: {e}"),
    })?
    .to_offset(time::UtcOffset::UTC);
    let privileged = std::fs::read(&manifest_path)
        .map(|b| text::decode(&b))
        .unwrap_or_default()
        .lines()
        .any(|l| l.trim().eq_ignore_ascii_case("admin=true"));
    let policy = policy::from_captures(dir);
    let security = security::from_captures(dir)?;
    Ok(crate::Evidence {
        format: crate::EVIDENCE_FORMAT.to_string(),
        format_version: crate::EVIDENCE_FORMAT_VERSION,
        tool_version: crate::TOOL_VERSION.to_string(),
        collected_at,
        collection_us: 0,
        target: crate::Target {
            kind: crate::TargetKind::Live,
            host: manifest.host.clone(),
            root: None,
            platform: crate::Platform::Windows,
            os: policy.os_release(),
            privileged,
        },
        linux: None,
        windows: Some(WindowsEvidence { policy, security }),
        macos: None,
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
