//! 6.3.1.c, where backups are kept: "au minimum dans un lieu sûr et de
//! préférence dans deux lieux sûrs différents".
//!
//! Whether a place is *safe* (locked) only a person can say. Judged here
//! from the recorded sets: the preferred level is reached when backups are
//! current on **two distinct storages**, at least one of them **off-site or
//! removable** (kept disconnected). A set counts when its latest backup is
//! at most [`CURRENT_DAYS`] old (a monthly off-site swap included). A
//! repository on the audited computer's own disk is no second place: the
//! same theft, fire or ransomware takes both.
//!
//! Storages are told apart from the location's text: the host of a remote
//! repository (`sftp:user@nas:/srv`, `ssh://nas/...`, `rest:https://nas/`),
//! the bucket of a cloud one (`s3:host/bucket`, `b2:bucket`), the mount
//! point of a removable disk (`/media/<user>/<label>`, `/run/media/...`,
//! `/mnt/<name>`, `/Volumes/<name>`), the drive letter or server on Windows
//! (`E:`, `\\server\share`). Any other local path is the computer itself.

use crate::regime::Verdict;
use time::{Date, OffsetDateTime};
use vigie_practice::{BackupKind, Backups};

/// A set counts as a place when its latest backup is at most this old.
pub const CURRENT_DAYS: i64 = 35;

/// Where a set's backups physically are, as far as its location tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Storage {
    /// A key equal for two sets on the same storage (`host:nas`,
    /// `mount:/media/dr/DISQUE1`, `drive:E:`, `this-computer`...).
    pub key: String,
    /// The audited computer's own disks.
    pub this_computer: bool,
}

fn remote(key: impl Into<String>) -> Storage {
    Storage {
        key: key.into().to_ascii_lowercase(),
        this_computer: false,
    }
}

fn host_of_authority(rest: &str) -> String {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = authority.rsplit('@').next().unwrap_or(authority);
    // [v6]:port or host:port
    if let Some(v6) = host.strip_prefix('[') {
        return v6.split(']').next().unwrap_or(v6).to_string();
    }
    host.split(':').next().unwrap_or(host).to_string()
}

fn local(path: &str) -> Storage {
    let p = path.replace('\\', "/");
    let parts: Vec<&str> = p.split('/').filter(|s| !s.is_empty()).collect();
    // Windows: a drive letter or a UNC path.
    if let Some(first) = parts.first() {
        if first.len() == 2 && first.ends_with(':') && first.as_bytes()[0].is_ascii_alphabetic() {
            let drive = first.to_ascii_uppercase();
            return Storage {
                this_computer: drive == "C:",
                key: format!("drive:{drive}"),
            };
        }
    }
    if path.starts_with("\\\\") || path.starts_with("//") {
        return remote(format!("host:{}", parts.first().copied().unwrap_or("")));
    }
    let mount = match parts.as_slice() {
        ["media", user, label, ..] | ["run", "media", user, label, ..] => {
            Some(format!("/media/{user}/{label}"))
        }
        ["media", label] => Some(format!("/media/{label}")),
        ["mnt", name, ..] | ["Volumes", name, ..] => Some(format!("/{}/{name}", parts[0])),
        ["net", host, ..] => return remote(format!("host:{host}")),
        _ => None,
    };
    match mount {
        Some(m) => Storage {
            key: format!("mount:{m}"),
            this_computer: false,
        },
        None => Storage {
            key: "this-computer".into(),
            this_computer: true,
        },
    }
}

/// The storage a set's location designates.
pub fn storage_of(kind: BackupKind, location: &str) -> Storage {
    let loc = location.trim();
    if let Some(i) = loc.find("://") {
        // rest:https://host/, s3:https://host/bucket, ssh://user@host/,
        // smb://nas/share: the host (and the bucket for S3).
        let scheme = &loc[..i];
        let host = host_of_authority(&loc[i + 3..]);
        if scheme.starts_with("s3:") {
            let bucket = loc[i + 3..].split('/').nth(1).unwrap_or("");
            return remote(format!("s3:{host}/{bucket}"));
        }
        return remote(format!("host:{host}"));
    }
    if kind == BackupKind::Restic {
        if let Some((backend, rest)) = loc.split_once(':') {
            match backend {
                "local" => return local(rest),
                "sftp" => {
                    // sftp:user@host:/path
                    let host = rest.split(':').next().unwrap_or(rest);
                    return remote(format!("host:{}", host.rsplit('@').next().unwrap_or(host)));
                }
                "s3" => {
                    let mut it = rest.split('/');
                    let host = it.next().unwrap_or("");
                    return remote(format!("s3:{host}/{}", it.next().unwrap_or("")));
                }
                "b2" | "azure" | "gs" | "swift" | "rclone" => {
                    let name = rest.split(':').next().unwrap_or(rest);
                    return remote(format!("{backend}:{name}"));
                }
                _ => {}
            }
        }
    }
    // borg's scp-like user@host:path
    if !loc.starts_with('/') && !loc.starts_with('.') {
        if let Some((head, _)) = loc.split_once(':') {
            if head.len() > 1 && !head.contains('/') && !head.contains('\\') {
                return remote(format!("host:{}", head.rsplit('@').next().unwrap_or(head)));
            }
        }
    }
    local(loc)
}

/// Whether a set holds current backups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Currency {
    /// Its latest backup is at most [`CURRENT_DAYS`] old.
    Current,
    /// Read recently, and its latest backup is older.
    Stale,
    /// Never read, or not since long: cannot tell.
    Unread,
}

/// One set seen as a place.
#[derive(Debug, Clone, PartialEq)]
pub struct SetPlace {
    pub set_id: String,
    pub location: String,
    pub storage: Storage,
    pub offsite: bool,
    pub removable: bool,
    pub currency: Currency,
    pub latest: Option<OffsetDateTime>,
}

impl SetPlace {
    /// Off-site or removable: a copy away from the computer.
    pub fn away(&self) -> bool {
        self.offsite || self.removable
    }
}

/// Why 6.3.1.c came out as it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlacesReason {
    /// No set recorded.
    NoSets,
    /// Two distinct storages hold current backups, one away.
    TwoPlacesOneAway,
    /// Some set not read (recently) could make the difference.
    Unread,
    /// No set holds current backups off the computer itself.
    NoCurrentPlace,
    /// A single storage holds current backups.
    SinglePlace,
    /// Two storages or more, none off-site or removable.
    NoneAway,
}

/// 6.3.1.c evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct Places {
    pub verdict: Verdict,
    pub reason: PlacesReason,
    pub sets: Vec<SetPlace>,
    /// Distinct storages holding current backups (the computer's own disk
    /// left out).
    pub places: Vec<String>,
}

fn satisfied(sets: &[&SetPlace]) -> bool {
    let mut keys: Vec<&str> = sets.iter().map(|s| s.storage.key.as_str()).collect();
    keys.sort();
    keys.dedup();
    keys.len() >= 2 && sets.iter().any(|s| s.away())
}

/// Evaluates the places of every recorded set at `as_of`.
pub fn evaluate(backups: &Backups, as_of: Date) -> Places {
    let sets: Vec<SetPlace> = backups
        .sets
        .iter()
        .map(|s| {
            let inv = backups.inventory(&s.id);
            let latest = inv.and_then(|i| {
                i.backups
                    .iter()
                    .filter(|b| b.at.date() <= as_of)
                    .map(|b| b.at)
                    .max()
            });
            let currency = match (inv, latest) {
                (_, Some(l)) if (as_of - l.date()).whole_days() <= CURRENT_DAYS => {
                    Currency::Current
                }
                (Some(i), _) if (as_of - i.checked_at.date()).whole_days() <= CURRENT_DAYS => {
                    Currency::Stale
                }
                _ => Currency::Unread,
            };
            SetPlace {
                set_id: s.id.clone(),
                location: s.location.clone(),
                storage: storage_of(s.kind, &s.location),
                offsite: s.offsite,
                removable: s.removable,
                currency,
                latest,
            }
        })
        .collect();
    let current: Vec<&SetPlace> = sets
        .iter()
        .filter(|s| s.currency == Currency::Current && !s.storage.this_computer)
        .collect();
    let mut places: Vec<String> = current.iter().map(|s| s.storage.key.clone()).collect();
    places.sort();
    places.dedup();
    let (verdict, reason) = if sets.is_empty() {
        (Verdict::Unknown, PlacesReason::NoSets)
    } else if satisfied(&current) {
        (Verdict::Pass, PlacesReason::TwoPlacesOneAway)
    } else {
        let possible: Vec<&SetPlace> = sets
            .iter()
            .filter(|s| s.currency != Currency::Stale && !s.storage.this_computer)
            .collect();
        if satisfied(&possible) {
            (Verdict::Unknown, PlacesReason::Unread)
        } else if places.is_empty() {
            (Verdict::Fail, PlacesReason::NoCurrentPlace)
        } else if places.len() == 1 {
            (Verdict::Fail, PlacesReason::SinglePlace)
        } else {
            (Verdict::Fail, PlacesReason::NoneAway)
        }
    };
    Places {
        verdict,
        reason,
        sets,
        places,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};
    use vigie_practice::{BackupInventory, BackupPoint, BackupSet, Encryption};

    fn key(kind: BackupKind, loc: &str) -> (String, bool) {
        let s = storage_of(kind, loc);
        (s.key, s.this_computer)
    }

    #[test]
    fn storages() {
        use BackupKind::*;
        assert_eq!(
            key(Restic, "sftp:cab@nas.local:/srv/restic"),
            ("host:nas.local".into(), false)
        );
        assert_eq!(
            key(Restic, "rest:https://u@backup.example:8000/cab/"),
            ("host:backup.example".into(), false)
        );
        assert_eq!(
            key(Restic, "s3:s3.amazonaws.com/bucket/cab"),
            ("s3:s3.amazonaws.com/bucket".into(), false)
        );
        assert_eq!(
            key(Restic, "b2:cabinet:restic"),
            ("b2:cabinet".into(), false)
        );
        assert_eq!(
            key(Restic, "/media/dr/DISQUE1/restic"),
            ("mount:/media/dr/DISQUE1".into(), false)
        );
        assert_eq!(
            key(Borg, "/run/media/dr/DISQUE1/borg"),
            ("mount:/media/dr/DISQUE1".into(), false)
        );
        assert_eq!(
            key(Borg, "ssh://cab@nas:2222/./borg"),
            ("host:nas".into(), false)
        );
        assert_eq!(key(Borg, "cab@nas:borg"), ("host:nas".into(), false));
        assert_eq!(
            key(Borg, "/srv/backup/borg"),
            ("this-computer".into(), true)
        );
        assert_eq!(key(Wbadmin, "E:"), ("drive:E:".into(), false));
        assert_eq!(
            key(WindowsFileHistory, "c:\\FileHistory"),
            ("drive:C:".into(), true)
        );
        assert_eq!(
            key(WindowsFileHistory, "\\\\NAS\\historique"),
            ("host:nas".into(), false)
        );
        assert_eq!(
            key(TimeMachine, "/Volumes/Sauvegarde"),
            ("mount:/Volumes/Sauvegarde".into(), false)
        );
        assert_eq!(
            key(TimeMachine, "smb://dr@nas._smb._tcp.local/TM"),
            ("host:nas._smb._tcp.local".into(), false)
        );
    }

    fn set(id: &str, loc: &str, offsite: bool, removable: bool) -> BackupSet {
        BackupSet {
            id: id.into(),
            kind: BackupKind::Borg,
            location: loc.into(),
            offsite,
            removable,
            password_source: None,
            added_at: datetime!(2026-01-01 0:00 UTC),
            note: None,
        }
    }

    fn inv(id: &str, latest: Date) -> BackupInventory {
        BackupInventory {
            set_id: id.into(),
            checked_at: datetime!(2026-11-28 8:00 UTC),
            source: "t".into(),
            tool_version: None,
            encryption: Encryption::Unknown,
            backups: vec![BackupPoint {
                at: latest.with_hms(20, 0, 0).unwrap().assume_utc(),
                id: "x".into(),
                host: None,
            }],
            notes: Vec::new(),
        }
    }

    const AS_OF: Date = date!(2026 - 11 - 28);

    #[test]
    fn verdicts() {
        let two = Backups {
            sets: vec![
                set("usb", "/media/dr/DISQUE1/borg", false, true),
                set("nas", "cab@nas:borg", false, false),
            ],
            inventories: vec![
                inv("usb", date!(2026 - 11 - 20)),
                inv("nas", date!(2026 - 11 - 27)),
            ],
            restore_tests: Vec::new(),
        };
        let p = evaluate(&two, AS_OF);
        assert_eq!(
            (p.verdict, p.reason),
            (Verdict::Pass, PlacesReason::TwoPlacesOneAway)
        );

        let mut one = two.clone();
        one.sets.truncate(1);
        one.inventories.truncate(1);
        assert_eq!(evaluate(&one, AS_OF).reason, PlacesReason::SinglePlace);
        assert_eq!(evaluate(&one, AS_OF).verdict, Verdict::Fail);

        let mut none_away = two.clone();
        none_away.sets[0].removable = false;
        assert_eq!(evaluate(&none_away, AS_OF).reason, PlacesReason::NoneAway);

        let mut stale = two.clone();
        stale.inventories[0] = inv("usb", date!(2026 - 09 - 01));
        let p = evaluate(&stale, AS_OF);
        assert_eq!(
            (p.verdict, p.reason),
            (Verdict::Fail, PlacesReason::SinglePlace)
        );
        assert_eq!(p.sets[0].currency, Currency::Stale);

        let mut unread = two.clone();
        unread.inventories.remove(0);
        let p = evaluate(&unread, AS_OF);
        assert_eq!(
            (p.verdict, p.reason),
            (Verdict::Unknown, PlacesReason::Unread)
        );

        let mut local = two.clone();
        local.sets[1].location = "/srv/borg".into();
        assert_eq!(evaluate(&local, AS_OF).reason, PlacesReason::SinglePlace);

        assert_eq!(
            evaluate(&Backups::default(), AS_OF).reason,
            PlacesReason::NoSets
        );
    }
}
