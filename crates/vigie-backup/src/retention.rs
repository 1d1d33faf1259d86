//! The retention matching the memento, for restic and borg sets: the
//! command lines are proposed, never run (they delete backups).
//!
//! `--keep-weekly 4 --keep-monthly 12 --keep-yearly N` keeps the latest
//! backup of each of the last 4 weeks, 12 months and N years that hold one
//! (restic's `forget` and borg's `prune` both count calendar weeks — ISO
//! weeks — months and years). N is the number of years already in the set,
//! at least 10 (as the catalog's fix), so that no yearly backup is lost.
//! Backups made in between are removed: daily backups can be kept on top
//! with `--keep-daily 7`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use vigie_catalog::Localized;
use vigie_practice::{BackupInventory, BackupKind, BackupSet};

/// Yearly backups proposed at least.
pub const MIN_YEARS: usize = 10;

/// The retention proposed for one set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionProposal {
    pub set_id: String,
    /// `restic` or `borg`.
    pub tool: String,
    /// First a dry run listing what would go, then the real command.
    pub commands: Vec<String>,
    pub keep_weekly: u32,
    pub keep_monthly: u32,
    pub keep_yearly: u32,
    pub note: Localized,
}

/// A word safe for a POSIX shell, quoted when needed.
fn quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./:@+=,-".contains(c))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// The proposal for a restic or borg set.
pub fn propose(set: &BackupSet, inventory: Option<&BackupInventory>) -> Option<RetentionProposal> {
    let mut years: Vec<i32> = inventory
        .map(|i| i.backups.iter().map(|b| b.at.year()).collect())
        .unwrap_or_default();
    years.sort_unstable();
    years.dedup();
    let n = years.len().max(MIN_YEARS);
    let keep = format!("--keep-weekly 4 --keep-monthly 12 --keep-yearly {n}");
    let repo = quote(&set.location);
    let commands = match set.kind {
        BackupKind::Restic => vec![
            format!("restic -r {repo} forget --dry-run {keep}"),
            format!("restic -r {repo} forget {keep}"),
        ],
        BackupKind::Borg => vec![
            format!("borg prune --dry-run --list {keep} {repo}"),
            format!("borg prune --list {keep} {repo}"),
        ],
        _ => return None,
    };
    Some(RetentionProposal {
        set_id: set.id.clone(),
        tool: set.kind.code().into(),
        commands,
        keep_weekly: 4,
        keep_monthly: 12,
        keep_yearly: u32::try_from(n).unwrap_or(u32::MAX),
        note: Localized::new(
            "Proposé, jamais lancé par Vigie : vérifiez d'abord la liste donnée par la première commande (essai à blanc). Ajoutez --keep-daily 7 pour garder aussi les sauvegardes quotidiennes de la dernière semaine.",
            "Proposed, never run by Vigie: first check the list given by the first command (dry run). Add --keep-daily 7 to also keep the daily backups of the last week.",
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;
    use vigie_practice::{BackupPoint, Encryption};

    fn set(kind: BackupKind, loc: &str) -> BackupSet {
        BackupSet {
            id: "s".into(),
            kind,
            location: loc.into(),
            offsite: false,
            removable: false,
            password_source: None,
            added_at: datetime!(2026-01-01 0:00 UTC),
            note: None,
        }
    }

    #[test]
    fn commands() {
        let p = propose(&set(BackupKind::Restic, "/media/dr/DISQUE 1/restic"), None).unwrap();
        assert_eq!(
            p.commands,
            [
                "restic -r '/media/dr/DISQUE 1/restic' forget --dry-run --keep-weekly 4 --keep-monthly 12 --keep-yearly 10",
                "restic -r '/media/dr/DISQUE 1/restic' forget --keep-weekly 4 --keep-monthly 12 --keep-yearly 10"
            ]
        );
        let inv = BackupInventory {
            set_id: "s".into(),
            checked_at: datetime!(2026-11-28 0:00 UTC),
            source: "t".into(),
            tool_version: None,
            encryption: Encryption::Unknown,
            backups: (2012..=2026)
                .map(|y| BackupPoint {
                    at: datetime!(2026-01-01 0:00 UTC).replace_year(y).unwrap(),
                    id: y.to_string(),
                    host: None,
                })
                .collect(),
            notes: Vec::new(),
        };
        let p = propose(&set(BackupKind::Borg, "cab@nas:borg"), Some(&inv)).unwrap();
        assert_eq!(p.keep_yearly, 15);
        assert_eq!(
            p.commands[0],
            "borg prune --dry-run --list --keep-weekly 4 --keep-monthly 12 --keep-yearly 15 cab@nas:borg"
        );
        assert!(propose(&set(BackupKind::TimeMachine, "/Volumes/TM"), None).is_none());
    }
}
