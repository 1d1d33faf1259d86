//! Repository passwords: read from where the backup set says (an
//! environment variable or a file), handed to the tool through its own
//! environment variables, and never shown: `Debug` hides them and every
//! message from a tool is scrubbed of them before it goes anywhere.

use crate::BackupError;
use std::ffi::OsString;
use std::fmt;
use std::process::Command;
use vigie_practice::{BackupSet, PasswordSource};

/// A password in memory. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// What a tool needs to open a set's repository.
#[derive(Clone, Debug, Default)]
pub struct Credentials {
    source: Option<PasswordSource>,
    secret: Option<Secret>,
}

/// Variables through which restic and borg take a password: always
/// removed from the tool's environment, then set from the set's source
/// only, so that a password meant for another repository is never used.
const RESTIC_PASSWORD_VARS: &[&str] = &[
    "RESTIC_PASSWORD",
    "RESTIC_PASSWORD_FILE",
    "RESTIC_PASSWORD_COMMAND",
];
const BORG_PASSWORD_VARS: &[&str] = &["BORG_PASSPHRASE", "BORG_PASSCOMMAND", "BORG_PASSPHRASE_FD"];

impl Credentials {
    /// No password (an unencrypted borg repository, a folder).
    pub fn none() -> Credentials {
        Credentials::default()
    }

    /// Reads the password of `set` from the process environment or from
    /// its file.
    pub fn resolve(set: &BackupSet) -> Result<Credentials, BackupError> {
        Credentials::resolve_with(set, |name| std::env::var_os(name))
    }

    /// Same as [`Credentials::resolve`] with another environment (tests).
    pub fn resolve_with(
        set: &BackupSet,
        env: impl Fn(&str) -> Option<OsString>,
    ) -> Result<Credentials, BackupError> {
        let Some(source) = &set.password_source else {
            return Ok(Credentials::none());
        };
        let secret = match source {
            PasswordSource::Env(name) => {
                let value = env(name)
                    .and_then(|v| v.into_string().ok())
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| BackupError::PasswordEnvMissing { name: name.clone() })?;
                Secret(value)
            }
            PasswordSource::File(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    BackupError::PasswordFileUnreadable {
                        path: path.clone(),
                        // The kind only: an error never quotes the file.
                        reason: e.kind().to_string(),
                    }
                })?;
                // The first line, as restic's --password-file and borg's
                // passcommand read it (trailing line end dropped).
                let first = text.lines().next().unwrap_or("").to_string();
                if first.is_empty() {
                    return Err(BackupError::PasswordFileUnreadable {
                        path: path.clone(),
                        reason: "empty".into(),
                    });
                }
                Secret(first)
            }
        };
        Ok(Credentials {
            source: Some(source.clone()),
            secret: Some(secret),
        })
    }

    /// Where the password comes from, as safe to show.
    pub fn source(&self) -> Option<&PasswordSource> {
        self.source.as_ref()
    }

    /// Replaces every occurrence of the password in `text`.
    pub fn redact(&self, text: &str) -> String {
        match &self.secret {
            Some(Secret(s)) if !s.is_empty() => text.replace(s.as_str(), "***"),
            _ => text.to_string(),
        }
    }

    /// Gives restic the password: its file path as `RESTIC_PASSWORD_FILE`
    /// (restic reads it itself), or the value as `RESTIC_PASSWORD`.
    pub(crate) fn apply_restic(&self, cmd: &mut Command) {
        for var in RESTIC_PASSWORD_VARS {
            cmd.env_remove(var);
        }
        match (&self.source, &self.secret) {
            (Some(PasswordSource::File(path)), _) => {
                cmd.env("RESTIC_PASSWORD_FILE", path);
            }
            (_, Some(Secret(value))) => {
                cmd.env("RESTIC_PASSWORD", value);
            }
            _ => {}
        }
    }

    /// Gives borg the password as `BORG_PASSPHRASE`; without one, an empty
    /// passphrase, so that borg fails at once instead of asking on the
    /// terminal.
    pub(crate) fn apply_borg(&self, cmd: &mut Command) {
        for var in BORG_PASSWORD_VARS {
            cmd.env_remove(var);
        }
        match &self.secret {
            Some(Secret(value)) => cmd.env("BORG_PASSPHRASE", value),
            None => cmd.env("BORG_PASSPHRASE", ""),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;
    use vigie_practice::BackupKind;

    fn set(source: Option<PasswordSource>) -> BackupSet {
        BackupSet {
            id: "nas".into(),
            kind: BackupKind::Restic,
            location: "/srv/restic".into(),
            offsite: false,
            removable: false,
            password_source: source,
            added_at: datetime!(2026-01-01 0:00 UTC),
            note: None,
        }
    }

    #[test]
    fn env_source() {
        let s = set(Some(PasswordSource::Env("VIGIE_TEST_PW".into())));
        let c = Credentials::resolve_with(&s, |n| {
            (n == "VIGIE_TEST_PW").then(|| "hunter2-secret".into())
        })
        .unwrap();
        assert!(!format!("{c:?}").contains("hunter2"));
        assert_eq!(c.redact("bad hunter2-secret here"), "bad *** here");
        let err = Credentials::resolve_with(&s, |_| None).unwrap_err();
        assert!(err.to_string().contains("VIGIE_TEST_PW"), "{err}");
    }

    #[test]
    fn file_source() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pw");
        std::fs::write(&path, "s3cr3t-pass\nignored\n").unwrap();
        let s = set(Some(PasswordSource::File(path.display().to_string())));
        let c = Credentials::resolve(&s).unwrap();
        assert_eq!(c.redact("x s3cr3t-pass y"), "x *** y");
        let s = set(Some(PasswordSource::File("/nonexistent/pw".into())));
        let err = Credentials::resolve(&s).unwrap_err().to_string();
        assert!(err.contains("/nonexistent/pw"), "{err}");
        assert!(Credentials::resolve(&set(None)).unwrap().source().is_none());
    }
}
