//! The practice's backups against the memento's rule 6.3.1.
//!
//! Two halves:
//! - **Reading** (runs tools, read-only): [`inspect`] lists what a backup set
//!   holds (`restic snapshots --json`, `borg list --json`, a folder of dated
//!   copies) into a [`BackupInventory`]; [`inspect_output`] reads the same
//!   from a recorded output (`wbadmin get versions`, a File History listing,
//!   `tmutil listbackups` and `destinationinfo`, or restic's and borg's own
//!   JSON); [`restore_test`] restores a sample of the latest backup into a
//!   private temporary folder, checks it against the backup's own
//!   checksums, removes it and returns the [`RestoreTest`] to record.
//! - **Judging** (pure, no I/O): [`regime`] (6.3.1.b: recency, weekly,
//!   monthly and yearly backups, and the calendar of what exists and what is
//!   missing), [`places`] (6.3.1.c), [`restores`] (6.3.1.d), [`retention`]
//!   (the matching `restic forget` / `borg prune` lines, never run) and
//!   [`report`] (the backups section of the audit report, with each set's
//!   encryption for 6.3.1.e).
//!
//! Inventories are gathered by an explicit command and stored with their
//! date (`vigie-store`): an audit never lists a repository, which can take
//! seconds over a network.
//!
//! # Read-only
//! restic runs with `--no-lock` (no lock file is written in the
//! repository), borg with `--bypass-lock`; neither is ever asked to change
//! a repository. The only thing written is the restore test's temporary
//! folder, created private (0700) and removed afterwards.
//!
//! # Passwords
//! A backup set names where its password comes from ([`Credentials`]): the
//! password is passed to the tool through its own environment variable,
//! never on a command line, and removed from every message.

mod credentials;
pub mod parse;
pub mod places;
pub mod regime;
pub mod report;
pub mod restores;
pub mod retention;
mod run;
mod sample;
mod tools;

pub use credentials::{Credentials, Secret};
pub use report::{backups_report, BackupsReport};

use std::path::PathBuf;
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use vigie_practice::{BackupInventory, BackupKind, BackupSet, Encryption, RestoreTest};

/// What can stop reading a backup set. Messages are in English, name the
/// command (never a password) and say what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    #[error("{tool} is not installed (install the {tool} package)")]
    ToolMissing { tool: String },
    #[error("the environment variable {name} holding the repository's password is not set")]
    PasswordEnvMissing { name: String },
    #[error("the password file {path} cannot be read ({reason})")]
    PasswordFileUnreadable { path: String, reason: String },
    #[error("{kind} backups are read from a recorded output: run `{command}` on that computer and give its output")]
    NeedsRecordedOutput { kind: BackupKind, command: String },
    #[error("{0}")]
    Unsupported(String),
    #[error("{path}: not found or not readable (is the disk connected?)")]
    LocationNotFound { path: String },
    #[error("`{command}` failed{}: {message}", code.map(|c| format!(" (exit code {c})")).unwrap_or_default())]
    Tool {
        command: String,
        code: Option<i32>,
        message: String,
    },
    #[error("`{command}` gave no answer after {seconds} s and was stopped")]
    TimedOut { command: String, seconds: u64 },
    #[error("`{command}`: unexpected output: {message}")]
    Parse { command: String, message: String },
    #[error("the backup set holds no backup to restore")]
    NoBackup,
    #[error("{0}")]
    Io(String),
}

/// Limits and choices for reading and testing. The defaults suit a
/// practice's repository on a disk or a NAS.
#[derive(Debug, Clone)]
pub struct Options {
    /// Longest a listing may take (a remote repository over a slow line).
    pub list_timeout: Duration,
    /// Longest a restore test may take.
    pub restore_timeout: Duration,
    /// Where the restore test's temporary folder is made (default: the
    /// system's temporary folder).
    pub temp_root: Option<PathBuf>,
    /// The restic program (default: found in the system's directories).
    pub restic: Option<PathBuf>,
    /// The borg program.
    pub borg: Option<PathBuf>,
    /// More environment for the tools (e.g. `BORG_BASE_DIR`,
    /// `RESTIC_CACHE_DIR`).
    pub env: Vec<(String, String)>,
    /// Files restored by a sample.
    pub sample_files: usize,
    /// A backup this small is restored whole.
    pub whole_max_files: u64,
    pub whole_max_bytes: u64,
    /// Larger files are left out of samples (a quick test).
    pub sample_max_file_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            list_timeout: Duration::from_secs(120),
            restore_timeout: Duration::from_secs(600),
            temp_root: None,
            restic: None,
            borg: None,
            env: Vec::new(),
            sample_files: 5,
            whole_max_files: 200,
            whole_max_bytes: 50 * 1024 * 1024,
            sample_max_file_bytes: 20 * 1024 * 1024,
        }
    }
}

/// Lists what a backup set holds, now (`vigie backups check`): restic,
/// borg and dated folders are read directly; the other kinds need
/// [`inspect_output`].
pub fn inspect(
    set: &BackupSet,
    creds: &Credentials,
    opts: &Options,
) -> Result<BackupInventory, BackupError> {
    let checked_at = OffsetDateTime::now_utc();
    match set.kind {
        BackupKind::Restic => tools::restic_inventory(set, creds, opts, checked_at),
        BackupKind::Borg => tools::borg_inventory(set, creds, opts, checked_at),
        BackupKind::DatedFolder => tools::dated_inventory(set, checked_at),
        kind => Err(BackupError::NeedsRecordedOutput {
            kind,
            command: recorded_command(kind).to_string(),
        }),
    }
}

/// The command whose output a recorded kind is read from.
pub fn recorded_command(kind: BackupKind) -> &'static str {
    match kind {
        BackupKind::Restic => "restic snapshots --json",
        BackupKind::Borg => "borg list --json REPOSITORY",
        BackupKind::DatedFolder => "(the folder itself)",
        BackupKind::WindowsFileHistory => {
            "Get-ChildItem -Recurse -File -Name E:\\FileHistory (or dir /s /b E:\\FileHistory)"
        }
        BackupKind::Wbadmin => "wbadmin get versions",
        BackupKind::TimeMachine => "tmutil listbackups (and tmutil destinationinfo)",
    }
}

/// Reads a set's backups from recorded outputs (a capture from the
/// practice's Windows or Mac computer, or JSON sent by a provider), made at
/// `recorded_at`. Text may be UTF-8 or UTF-16 with a byte-order mark.
pub fn inspect_output(
    set: &BackupSet,
    outputs: &[&[u8]],
    recorded_at: OffsetDateTime,
) -> Result<BackupInventory, BackupError> {
    let texts: Vec<String> = outputs
        .iter()
        .map(|b| vigie_evidence::windows::text::decode(b))
        .collect();
    let parse_err = |message: String| BackupError::Parse {
        command: recorded_command(set.kind).to_string(),
        message,
    };
    let mut notes = Vec::new();
    let (backups, encryption, source) = match set.kind {
        BackupKind::Restic => {
            let text = texts.first().map(String::as_str).unwrap_or("");
            (
                parse::restic_snapshots(text).map_err(parse_err)?,
                tools::restic_encryption(),
                "restic snapshots --json (recorded)",
            )
        }
        BackupKind::Borg => {
            let text = texts.first().map(String::as_str).unwrap_or("");
            let (points, enc) = parse::borg_list(text).map_err(parse_err)?;
            (points, enc, "borg list --json (recorded)")
        }
        BackupKind::Wbadmin => {
            let mut points = Vec::new();
            for t in &texts {
                let (p, targets) = parse::wbadmin_versions(t);
                points.extend(p);
                notes.extend(targets.into_iter().map(|t| format!("backup target: {t}")));
            }
            if points.is_empty() {
                return Err(parse_err(
                    "no \"Version identifier\" line (MM/DD/YYYY-HH:MM): no backup listed".into(),
                ));
            }
            (
                points,
                Encryption::Unknown,
                "wbadmin get versions (recorded)",
            )
        }
        BackupKind::WindowsFileHistory => {
            let points: Vec<_> = texts
                .iter()
                .flat_map(|t| parse::file_history_runs(t))
                .collect();
            if points.is_empty() {
                return Err(parse_err(
                    "no File History copy (name \"(YYYY_MM_DD HH_MM_SS UTC)\") in the listing"
                        .into(),
                ));
            }
            notes.push(
                "File History only copies changed files: a run that changed nothing leaves no trace"
                    .into(),
            );
            (
                points,
                Encryption::Unknown,
                "File History folder listing (recorded)",
            )
        }
        BackupKind::TimeMachine => {
            let mut points = Vec::new();
            for t in &texts {
                let destinations = parse::tmutil_destinations(t);
                if !destinations.is_empty() && t.contains("Kind") {
                    notes.extend(
                        destinations
                            .into_iter()
                            .map(|d| format!("destination: {d}")),
                    );
                    continue;
                }
                let (p, other) = parse::tmutil_listbackups(t);
                points.extend(p);
                notes.extend(
                    other
                        .into_iter()
                        .take(5)
                        .map(|l| format!("tmutil said: {l}")),
                );
            }
            if points.is_empty() {
                return Err(parse_err("tmutil listbackups lists no backup".into()));
            }
            (points, Encryption::Unknown, "tmutil listbackups (recorded)")
        }
        BackupKind::DatedFolder => {
            return Err(BackupError::Unsupported(
                "a folder of dated copies is read directly: connect it and check it".into(),
            ))
        }
    };
    // Several outputs may list the same backup (two captures).
    let mut backups = backups;
    backups.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    backups.dedup();
    Ok(BackupInventory {
        set_id: set.id.clone(),
        checked_at: recorded_at,
        source: source.into(),
        tool_version: None,
        encryption,
        backups,
        notes,
    })
}

/// What a restore test found, to record ([`RestoreTest`]) and to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreTestResult {
    /// The test as recorded: ok or failed, with its date and duration.
    pub test: RestoreTest,
    /// Whether the temporary folder was removed (it holds patient data).
    pub cleaned_up: bool,
    /// The temporary folder, for a message when it could not be removed.
    pub temp_dir: Option<PathBuf>,
}

/// Restores a sample of the latest backup (or the whole backup when it is
/// small) into a private temporary folder, checks it against the backup's
/// own checksums, then removes the folder (`vigie backups test`).
///
/// A failure of the backup (unreadable repository, corrupted data, wrong
/// checksum) is a failed test: `Ok` with `test.ok == false` and the reason.
/// `Err` means the test could not be run at all (tool missing, password not
/// found, a kind Vigie cannot restore): nothing to record then.
pub fn restore_test(
    set: &BackupSet,
    creds: &Credentials,
    opts: &Options,
) -> Result<RestoreTestResult, BackupError> {
    let at = OffsetDateTime::now_utc();
    let started = Instant::now();
    let outcome = match set.kind {
        BackupKind::Restic => tools::restic_restore(set, creds, opts),
        BackupKind::Borg => tools::borg_restore(set, creds, opts),
        BackupKind::DatedFolder => tools::dated_restore(set, opts),
        kind => {
            return Err(BackupError::Unsupported(format!(
                "Vigie cannot restore {} backups itself: restore a few files by hand into a test folder and declare the test (6.3.1.d)",
                kind.label(vigie_practice::Lang::En)
            )))
        }
    };
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    tools::finish(set, at, duration_ms, outcome)
}
