//! The practice's backups as data (rule 6.3.1): the backup sets it told
//! Vigie about, what was last seen in each (an inventory, gathered by
//! `vigie backups check`), and the restore tests run on them.
//!
//! A backup set names where backups are kept and how they are made; it never
//! holds a password: only where one comes from (an environment variable's
//! name or a file's path), read by `vigie-backup` when a tool must open the
//! repository.

use crate::Lang;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;
use time::OffsetDateTime;

/// Longest backup set id.
pub const MAX_BACKUP_SET_ID_CHARS: usize = 32;
/// Longest location or password file path.
pub const MAX_BACKUP_LOCATION_CHARS: usize = 500;
/// Longest error kept with a failed restore test.
pub const MAX_RESTORE_ERROR_CHARS: usize = 1000;

/// How a backup set is made, which decides how Vigie reads it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// A restic repository (`restic snapshots --json`).
    Restic,
    /// A BorgBackup repository (`borg list --json`).
    Borg,
    /// A folder of dated copies or archives (rsnapshot's `daily.0`, or
    /// names carrying a date such as `sauvegarde-2026-11-21.tar.gz`).
    DatedFolder,
    /// Windows File History, from a recorded listing of its `FileHistory`
    /// folder.
    WindowsFileHistory,
    /// Windows Server Backup, from a recorded `wbadmin get versions`.
    Wbadmin,
    /// macOS Time Machine, from a recorded `tmutil listbackups` (and
    /// optionally `tmutil destinationinfo`).
    TimeMachine,
}

impl BackupKind {
    pub const ALL: [BackupKind; 6] = [
        BackupKind::Restic,
        BackupKind::Borg,
        BackupKind::DatedFolder,
        BackupKind::WindowsFileHistory,
        BackupKind::Wbadmin,
        BackupKind::TimeMachine,
    ];

    pub fn code(self) -> &'static str {
        match self {
            BackupKind::Restic => "restic",
            BackupKind::Borg => "borg",
            BackupKind::DatedFolder => "dated_folder",
            BackupKind::WindowsFileHistory => "windows_file_history",
            BackupKind::Wbadmin => "wbadmin",
            BackupKind::TimeMachine => "time_machine",
        }
    }

    /// From [`BackupKind::code`] (`-` accepted for `_`).
    pub fn from_code(code: &str) -> Option<BackupKind> {
        let code = code.trim().to_ascii_lowercase().replace('-', "_");
        BackupKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (BackupKind::Restic, _) => "restic",
            (BackupKind::Borg, _) => "BorgBackup",
            (BackupKind::DatedFolder, Lang::Fr) => "dossier de copies datées",
            (BackupKind::DatedFolder, Lang::En) => "folder of dated copies",
            (BackupKind::WindowsFileHistory, Lang::Fr) => "Historique des fichiers de Windows",
            (BackupKind::WindowsFileHistory, Lang::En) => "Windows File History",
            (BackupKind::Wbadmin, Lang::Fr) => "Sauvegarde Windows (wbadmin)",
            (BackupKind::Wbadmin, Lang::En) => "Windows Backup (wbadmin)",
            (BackupKind::TimeMachine, _) => "Time Machine",
        }
    }

    /// Whether Vigie reads the backups itself (running the tool, or reading
    /// the folder); the others are read from a recorded output.
    pub fn read_directly(self) -> bool {
        matches!(
            self,
            BackupKind::Restic | BackupKind::Borg | BackupKind::DatedFolder
        )
    }

    /// Whether the kind may need a password to be read.
    pub fn uses_password(self) -> bool {
        matches!(self, BackupKind::Restic | BackupKind::Borg)
    }
}

impl fmt::Display for BackupKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Where a repository's password comes from. Never the password itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PasswordSource {
    /// The name of an environment variable holding it (e.g.
    /// `RESTIC_PASSWORD`).
    Env(String),
    /// The path of a file holding it on its first line (as restic's
    /// `--password-file`).
    File(String),
}

impl fmt::Display for PasswordSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasswordSource::Env(name) => write!(f, "env:{name}"),
            PasswordSource::File(path) => write!(f, "file:{path}"),
        }
    }
}

/// One place where the practice keeps backups, made one way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackupSet {
    /// A short name chosen by the practice: lower-case letters, digits,
    /// `-` and `_` (e.g. `nas`, `disque-1`).
    pub id: String,
    pub kind: BackupKind,
    /// The repository (`/media/sauvegarde/restic`, `sftp:user@host:/srv`),
    /// the folder, or the drive (`E:`) — never with a password in it.
    pub location: String,
    /// Kept outside the practice (at home, at a provider's).
    pub offsite: bool,
    /// On a removable medium kept disconnected from the computer.
    pub removable: bool,
    /// Where the password comes from, when the tool needs one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_source: Option<PasswordSource>,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub added_at: OffsetDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A backup set, inventory or restore test that breaks the record's rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupValidationError {
    #[error(
        "\"{0}\" is not a backup set id (1 to {MAX_BACKUP_SET_ID_CHARS} lower-case letters, digits, - or _, starting with a letter or digit)"
    )]
    BadId(String),
    #[error("the backup set's location is empty or not on one line (at most {MAX_BACKUP_LOCATION_CHARS} characters)")]
    BadLocation,
    #[error("the backup set's location holds a password (user:password@): give the password through an environment variable or a file instead")]
    PasswordInLocation,
    #[error("\"{0}\" is not an environment variable name (letters, digits and _, not starting with a digit)")]
    BadPasswordEnv(String),
    #[error("the password file path is empty or not on one line")]
    BadPasswordFile,
    #[error("a {kind} backup set does not use a password")]
    PasswordNotUsed { kind: BackupKind },
    #[error("the note is longer than {max} characters")]
    NoteTooLong { max: usize },
    #[error("the inventory does not say how it was read")]
    EmptySource,
    #[error("a failed restore test must say why (an error of at most {MAX_RESTORE_ERROR_CHARS} characters), a successful one has no error")]
    BadRestoreError,
    #[error("the restore test's method is empty")]
    EmptyMethod,
}

/// Whether `id` is a valid backup set id.
pub fn is_backup_set_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && id.chars().count() <= MAX_BACKUP_SET_ID_CHARS
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn one_line(text: &str, max: usize) -> bool {
    !text.trim().is_empty() && !text.contains(['\n', '\r']) && text.chars().count() <= max
}

/// Whether a location carries a password: `scheme://user:password@host`.
/// (`sftp:user@host:/path` and `user@host:path` carry none.)
pub fn location_has_password(location: &str) -> bool {
    location.match_indices("://").any(|(i, _)| {
        let rest = &location[i + 3..];
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        authority
            .rsplit_once('@')
            .is_some_and(|(userinfo, _)| userinfo.contains(':'))
    })
}

impl BackupSet {
    pub fn validate(&self) -> Result<(), BackupValidationError> {
        if !is_backup_set_id(&self.id) {
            return Err(BackupValidationError::BadId(self.id.clone()));
        }
        if !one_line(&self.location, MAX_BACKUP_LOCATION_CHARS) {
            return Err(BackupValidationError::BadLocation);
        }
        if location_has_password(&self.location) {
            return Err(BackupValidationError::PasswordInLocation);
        }
        match &self.password_source {
            None => {}
            Some(_) if !self.kind.uses_password() => {
                return Err(BackupValidationError::PasswordNotUsed { kind: self.kind })
            }
            Some(PasswordSource::Env(name)) => {
                let mut chars = name.chars();
                let ok = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
                    && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !ok {
                    return Err(BackupValidationError::BadPasswordEnv(name.clone()));
                }
            }
            Some(PasswordSource::File(path)) if !one_line(path, MAX_BACKUP_LOCATION_CHARS) => {
                return Err(BackupValidationError::BadPasswordFile);
            }
            Some(PasswordSource::File(_)) => {}
        }
        if let Some(note) = &self.note {
            if note.chars().count() > crate::MAX_NOTE_CHARS {
                return Err(BackupValidationError::NoteTooLong {
                    max: crate::MAX_NOTE_CHARS,
                });
            }
        }
        Ok(())
    }
}

/// Whether a set's backups are encrypted, as the tool or the files show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "state", rename_all = "snake_case", deny_unknown_fields)]
pub enum Encryption {
    /// Encrypted; `mode` as the tool names it (`repokey-blake2`,
    /// `AES-256-CTR + Poly1305`...).
    Encrypted { mode: String },
    /// Readable without a key (`mode` as the tool names it, e.g. borg's
    /// `none` or `authenticated`).
    NotEncrypted { mode: String },
    /// Not shown by what Vigie reads (e.g. a copy on a disk that may itself
    /// be encrypted with BitLocker or LUKS).
    Unknown,
}

/// One backup seen in a set: a restic snapshot, a borg archive, a dated
/// copy, a File History run, a wbadmin version, a Time Machine backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackupPoint {
    /// When it was made.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub at: OffsetDateTime,
    /// The tool's name for it (short snapshot id, archive or folder name,
    /// version identifier).
    pub id: String,
    /// The machine it was made from, when the tool says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
}

/// What was seen in one backup set at one time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackupInventory {
    pub set_id: String,
    /// When the set was read (or the recorded output made).
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub checked_at: OffsetDateTime,
    /// How it was read, e.g. `restic snapshots --json`.
    pub source: String,
    /// The tool's version, when known (`restic 0.14.0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_version: Option<String>,
    pub encryption: Encryption,
    /// Every backup seen, oldest first.
    pub backups: Vec<BackupPoint>,
    /// What else is worth saying (entries without a date ignored, Time
    /// Machine destinations...), in English.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl BackupInventory {
    pub fn validate(&self) -> Result<(), BackupValidationError> {
        if !is_backup_set_id(&self.set_id) {
            return Err(BackupValidationError::BadId(self.set_id.clone()));
        }
        if self.source.trim().is_empty() {
            return Err(BackupValidationError::EmptySource);
        }
        Ok(())
    }

    /// The most recent backup.
    pub fn latest(&self) -> Option<&BackupPoint> {
        self.backups.iter().max_by_key(|b| b.at)
    }
}

/// What a restore test restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RestoreScope {
    /// A few files chosen across the backup.
    Sample,
    /// The whole backup (a small one).
    Whole,
}

/// One restore test: a sample of the latest backup restored into a
/// temporary folder and checked against the backup's own checksums.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RestoreTest {
    pub set_id: String,
    /// When it started.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub at: OffsetDateTime,
    /// How long it took, in milliseconds.
    pub duration_ms: u64,
    /// The backup restored from (snapshot id, archive or folder name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup: Option<String>,
    pub scope: RestoreScope,
    /// Files restored and verified.
    pub files: u32,
    /// Their total size in bytes.
    pub bytes: u64,
    pub ok: bool,
    /// Why it failed (never a password), in English as the tools write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// How it was done and checked, e.g. `restic restore --verify, sizes
    /// compared with restic ls`.
    pub method: String,
}

impl RestoreTest {
    pub fn validate(&self) -> Result<(), BackupValidationError> {
        if !is_backup_set_id(&self.set_id) {
            return Err(BackupValidationError::BadId(self.set_id.clone()));
        }
        let error_ok = match (&self.error, self.ok) {
            (None, true) => true,
            (Some(e), false) => {
                !e.trim().is_empty() && e.chars().count() <= MAX_RESTORE_ERROR_CHARS
            }
            _ => false,
        };
        if !error_ok {
            return Err(BackupValidationError::BadRestoreError);
        }
        if self.method.trim().is_empty() {
            return Err(BackupValidationError::EmptyMethod);
        }
        Ok(())
    }
}

/// Everything the record holds about backups: what the audit judges 6.3.1.b,
/// c and d on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Backups {
    pub sets: Vec<BackupSet>,
    /// The latest inventory of each set (at most one per set).
    pub inventories: Vec<BackupInventory>,
    /// Every restore test, oldest first.
    pub restore_tests: Vec<RestoreTest>,
}

impl Backups {
    /// The latest inventory of a set.
    pub fn inventory(&self, set_id: &str) -> Option<&BackupInventory> {
        self.inventories
            .iter()
            .filter(|i| i.set_id == set_id)
            .max_by_key(|i| i.checked_at)
    }

    /// A set's restore tests, oldest first.
    pub fn tests_of<'a>(&'a self, set_id: &'a str) -> impl Iterator<Item = &'a RestoreTest> + 'a {
        self.restore_tests
            .iter()
            .filter(move |t| t.set_id == set_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn set() -> BackupSet {
        BackupSet {
            id: "nas".into(),
            kind: BackupKind::Restic,
            location: "sftp:cabinet@nas.local:/srv/restic".into(),
            offsite: false,
            removable: false,
            password_source: Some(PasswordSource::Env("RESTIC_PASSWORD".into())),
            added_at: datetime!(2026-01-01 0:00 UTC),
            note: None,
        }
    }

    #[test]
    fn ids() {
        for ok in ["nas", "disque-1", "usb_2", "1"] {
            assert!(is_backup_set_id(ok), "{ok}");
        }
        for bad in ["", "-x", "NAS", "a b", "é", &"x".repeat(33)] {
            assert!(!is_backup_set_id(bad), "{bad}");
        }
    }

    #[test]
    fn passwords_never_in_the_location() {
        assert!(location_has_password(
            "rest:https://user:secret@host:8000/repo"
        ));
        assert!(location_has_password("s3:https://a:b@s3.example/bucket"));
        assert!(!location_has_password("sftp:user@host:/srv/restic"));
        assert!(!location_has_password("ssh://user@host:2222/./repo"));
        assert!(!location_has_password("rest:https://host:8000/repo"));
        assert!(!location_has_password("/media/disque/restic"));
        let mut s = set();
        s.location = "rest:https://user:secret@host/".into();
        assert_eq!(s.validate(), Err(BackupValidationError::PasswordInLocation));
        assert!(!BackupValidationError::PasswordInLocation
            .to_string()
            .contains("secret"));
    }

    #[test]
    fn validation() {
        set().validate().unwrap();
        let mut s = set();
        s.password_source = Some(PasswordSource::Env("1BAD".into()));
        assert!(matches!(
            s.validate(),
            Err(BackupValidationError::BadPasswordEnv(_))
        ));
        let mut s = set();
        s.kind = BackupKind::TimeMachine;
        assert!(matches!(
            s.validate(),
            Err(BackupValidationError::PasswordNotUsed { .. })
        ));
        let mut s = set();
        s.location = "a\nb".into();
        assert_eq!(s.validate(), Err(BackupValidationError::BadLocation));
    }

    #[test]
    fn json_shape() {
        let v = serde_json::to_value(set()).unwrap();
        assert_eq!(v["kind"], "restic");
        assert_eq!(v["password_source"]["env"], "RESTIC_PASSWORD");
        let e = serde_json::to_value(Encryption::Encrypted {
            mode: "repokey".into(),
        })
        .unwrap();
        assert_eq!(
            e,
            serde_json::json!({"state": "encrypted", "mode": "repokey"})
        );
        assert_eq!(
            BackupKind::from_code("time-machine"),
            Some(BackupKind::TimeMachine)
        );
    }

    #[test]
    fn restore_test_errors() {
        let mut t = RestoreTest {
            set_id: "nas".into(),
            at: datetime!(2026-11-20 10:00 UTC),
            duration_ms: 1200,
            backup: Some("9a9dec0d".into()),
            scope: RestoreScope::Sample,
            files: 5,
            bytes: 1000,
            ok: true,
            error: None,
            method: "restic restore --verify".into(),
        };
        t.validate().unwrap();
        t.ok = false;
        assert_eq!(t.validate(), Err(BackupValidationError::BadRestoreError));
        t.error = Some("ciphertext verification failed".into());
        t.validate().unwrap();
    }
}
