//! Evidence collection.
//!
//! Three sources behind one interface ([`EvidenceSource`]): the live system,
//! an offline root directory, and a recorded evidence file. Collectors only
//! read; parsers are pure functions over text, public so tests can feed them
//! captured outputs.

pub mod captures;
pub mod command;
pub mod conf;
pub mod fs;
pub mod linux;
pub mod macos;
mod model;
pub mod sys;
pub mod windows;

pub use model::*;
pub use sys::{CollectOptions, Sys};

use std::path::{Path, PathBuf};
use std::time::Instant;

/// This crate's version, recorded in evidence files.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Why evidence could not be obtained at all (as opposed to one table
/// missing, which is recorded inside the evidence).
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{path}: not a directory (expected the root of an offline system)")]
    NotADirectory { path: String },
    #[error("{path}: cannot read: {error}")]
    Read { path: String, error: String },
    #[error("{path}: line {line}, column {column}: {message}")]
    Syntax {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Format { path: String, message: String },
}

/// Anything evidence can come from.
pub trait EvidenceSource {
    fn evidence(&self) -> Result<Evidence, SourceError>;
}

/// The running system.
#[derive(Debug, Default)]
pub struct LiveSystem;

/// How long each command may take in a thorough collection.
pub const THOROUGH_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

impl EvidenceSource for LiveSystem {
    fn evidence(&self) -> Result<Evidence, SourceError> {
        self.evidence_with(CollectOptions::default())
    }
}

impl LiveSystem {
    /// The running system, collected with these options (`--thorough`).
    pub fn evidence_with(&self, options: CollectOptions) -> Result<Evidence, SourceError> {
        use fs::Fs;
        let fs = fs::HostFs;
        let platform = if cfg!(target_os = "linux") {
            Platform::Linux
        } else if cfg!(windows) {
            Platform::Windows
        } else if cfg!(target_os = "macos") {
            Platform::Macos
        } else {
            Platform::Unknown
        };
        let mut runner = command::SystemRunner::default();
        let host = match platform {
            Platform::Windows => std::env::var("COMPUTERNAME").ok(),
            Platform::Macos => {
                use command::Runner;
                runner
                    .run("hostname", &[])
                    .ok()
                    .map(|o| o.stdout.trim().to_string())
            }
            _ => fs
                .read_to_string("/proc/sys/kernel/hostname")
                .ok()
                .map(|h| h.trim().to_string()),
        }
        .filter(|h| !h.is_empty());
        if options.thorough {
            // apt-get -s alone takes up to 5 s on a loaded machine.
            runner.timeout = THOROUGH_TIMEOUT;
        }
        let sys = Sys::new(&fs, &runner, sys::running_as_root()).with_options(options);
        Ok(collect(&sys, TargetKind::Live, None, host, platform))
    }
}

/// An offline root directory: files are read under it, no command is run.
#[derive(Debug)]
pub struct OfflineRoot {
    pub path: PathBuf,
}

impl EvidenceSource for OfflineRoot {
    fn evidence(&self) -> Result<Evidence, SourceError> {
        if !self.path.is_dir() {
            return Err(SourceError::NotADirectory {
                path: self.path.display().to_string(),
            });
        }
        let fs = fs::RootFs::new(&self.path);
        use fs::Fs;
        let host = fs
            .read_to_string("/etc/hostname")
            .ok()
            .and_then(|h| h.lines().next().map(|l| l.trim().to_string()))
            .filter(|h| !h.is_empty());
        let platform = if fs.is_file("/etc/os-release")
            || fs.is_file("/usr/lib/os-release")
            || fs.is_file("/etc/passwd")
        {
            Platform::Linux
        } else {
            Platform::Unknown
        };
        let sys = Sys::new(&fs, &command::NoRunner, false);
        Ok(collect(
            &sys,
            TargetKind::Root,
            Some(self.path.display().to_string()),
            host,
            platform,
        ))
    }
}

/// An evidence file written by `vigie collect`.
#[derive(Debug)]
pub struct RecordedEvidence {
    pub path: PathBuf,
}

impl EvidenceSource for RecordedEvidence {
    fn evidence(&self) -> Result<Evidence, SourceError> {
        let text = std::fs::read_to_string(&self.path).map_err(|e| SourceError::Read {
            path: self.path.display().to_string(),
            error: e.to_string(),
        })?;
        parse_evidence(&self.path, &text)
    }
}

/// Parses a recorded evidence file, checking its format and version first so
/// that a foreign or newer file gets a clear message.
pub fn parse_evidence(path: &Path, text: &str) -> Result<Evidence, SourceError> {
    let shown = path.display().to_string();
    let syntax = |e: serde_json::Error| SourceError::Syntax {
        path: shown.clone(),
        line: e.line(),
        column: e.column(),
        message: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or("")
            .to_string(),
    };
    let head: serde_json::Value = serde_json::from_str(text).map_err(syntax)?;
    if head.get("format").and_then(|f| f.as_str()) != Some(EVIDENCE_FORMAT) {
        return Err(SourceError::Format {
            path: shown,
            message: format!(
                "not a Vigie evidence file (expected \"format\": \"{EVIDENCE_FORMAT}\")"
            ),
        });
    }
    match head.get("format_version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(EVIDENCE_FORMAT_VERSION) => {}
        Some(v) => {
            return Err(SourceError::Format {
                path: shown,
                message: format!(
                "evidence format version {v}, this Vigie reads version {EVIDENCE_FORMAT_VERSION}"
            ),
            })
        }
        None => {
            return Err(SourceError::Format {
                path: shown,
                message: "missing \"format_version\"".into(),
            })
        }
    }
    serde_json::from_str(text).map_err(syntax)
}

/// Collects every table from a system (files, and commands when live).
pub fn collect(
    sys: &Sys,
    kind: TargetKind,
    root: Option<String>,
    host: Option<String>,
    platform: Platform,
) -> Evidence {
    let started = Instant::now();
    let collected_at = time::OffsetDateTime::now_utc();
    let cache = fs::CachingFs::new(sys.fs);
    let sys = &Sys { fs: &cache, ..*sys };
    let linux = (platform == Platform::Linux).then(|| linux::collect(sys));
    let windows = (platform == Platform::Windows).then(|| windows::collect(sys));
    let macos = (platform == Platform::Macos).then(|| macos::collect(sys));
    // Each system names itself its own way: os-release, the registry, sw_vers.
    let os = match (&windows, &macos) {
        (Some(w), _) => w.policy.os_release(),
        (_, Some(m)) => macos::os_release(m),
        _ => os_release(sys.fs),
    };
    Evidence {
        format: EVIDENCE_FORMAT.to_string(),
        format_version: EVIDENCE_FORMAT_VERSION,
        tool_version: TOOL_VERSION.to_string(),
        collected_at: collected_at.replace_nanosecond(0).unwrap_or(collected_at),
        collection_us: started.elapsed().as_micros() as u64,
        target: Target {
            kind,
            host,
            root,
            platform,
            os,
            privileged: sys.privileged,
        },
        linux,
        windows,
        macos,
    }
}

fn os_release(fs: &dyn fs::Fs) -> Collected<OsRelease> {
    let mut last = Collected::Missing {
        source: "/etc/os-release".into(),
    };
    for path in ["/etc/os-release", "/usr/lib/os-release"] {
        match fs.read_to_string(path) {
            Ok(text) => {
                return Collected::Ok {
                    source: path.into(),
                    value: conf::parse_os_release(&text),
                }
            }
            Err(fs::FsError::NotFound) => {}
            Err(e) => {
                last = Collected::Unreadable {
                    source: path.into(),
                    error: e.to_string(),
                }
            }
        }
    }
    last
}
