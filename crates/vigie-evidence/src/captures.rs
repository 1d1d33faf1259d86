//! Raw capture folders: what `scripts/capture-windows.ps1` and
//! `scripts/capture-macos.sh` write on a machine where Vigie itself cannot be
//! installed (one file per command or registry export), turned into an
//! evidence file by `vigie collect --from-captures DIR`. The same parsers
//! serve live collection and captures.
//!
//! Every capture folder holds `vigie-capture.txt`, `key=value` lines:
//! `platform=windows|macos` (required), `host=`, `captured_at=` (RFC 3339),
//! `script_version=`. Its format is documented in `docs/captures.md`.

use crate::{Evidence, EvidenceSource, SourceError};
use std::path::{Path, PathBuf};

/// The manifest every capture folder holds.
pub const MANIFEST: &str = "vigie-capture.txt";

/// The manifest's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    pub platform: String,
    pub host: Option<String>,
    pub captured_at: Option<String>,
    pub script_version: Option<String>,
}

/// Parses `vigie-capture.txt` (UTF-8, BOM tolerated, CRLF tolerated).
pub fn parse_manifest(path: &Path, text: &str) -> Result<Manifest, SourceError> {
    let mut m = Manifest::default();
    for (i, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            return Err(SourceError::Syntax {
                path: path.display().to_string(),
                line: i + 1,
                column: 1,
                message: "expected key=value".into(),
            });
        };
        let v = v.trim().to_string();
        match k.trim() {
            "platform" => m.platform = v,
            "host" => m.host = Some(v).filter(|h| !h.is_empty()),
            "captured_at" => m.captured_at = Some(v),
            "script_version" => m.script_version = Some(v),
            _ => {}
        }
    }
    if m.platform.is_empty() {
        return Err(SourceError::Format {
            path: path.display().to_string(),
            message: "missing \"platform=windows|macos\"".into(),
        });
    }
    Ok(m)
}

/// A capture folder.
#[derive(Debug)]
pub struct CapturedEvidence {
    pub path: PathBuf,
}

impl EvidenceSource for CapturedEvidence {
    fn evidence(&self) -> Result<Evidence, SourceError> {
        let manifest_path = self.path.join(MANIFEST);
        let text = std::fs::read_to_string(&manifest_path).map_err(|e| SourceError::Read {
            path: manifest_path.display().to_string(),
            error: format!("{e} (not a Vigie capture folder: {MANIFEST} is missing)"),
        })?;
        let manifest = parse_manifest(&manifest_path, &text)?;
        match manifest.platform.as_str() {
            "windows" => crate::windows::from_captures(&self.path, &manifest),
            "macos" => crate::macos::from_captures(&self.path, &manifest),
            other => Err(SourceError::Format {
                path: manifest_path.display().to_string(),
                message: format!("unknown platform \"{other}\" (expected windows or macos)"),
            }),
        }
    }
}
