//! The backups section of the audit report: each set (where, what was seen,
//! whether it is encrypted, its latest restore test), the calendar of what
//! exists and what is missing, the retention to set, and the two positions
//! on encryption (6.3.1.e).

use crate::places::storage_of;
use crate::regime::{self, BackupCalendar};
use crate::retention::{self, RetentionProposal};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::Date;
use vigie_catalog::Localized;
use vigie_practice::{BackupKind, Backups, Encryption, Lang, RestoreScope};

/// The backups section of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackupsReport {
    /// Every recorded set, in recording order.
    pub sets: Vec<BackupSetReport>,
    /// What exists and what is missing, all sets together (6.3.1.b).
    pub calendar: BackupCalendar,
    /// The retention matching the memento, per restic or borg set (never
    /// run by Vigie).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retention: Vec<RetentionProposal>,
    /// 6.3.1.e: the memento's position and today's guidance.
    pub encryption_guidance: EncryptionGuidance,
}

/// One set as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackupSetReport {
    pub id: String,
    pub kind: BackupKind,
    pub kind_label: Localized,
    pub location: String,
    pub offsite: bool,
    pub removable: bool,
    /// The storage it is counted on for 6.3.1.c (`host:nas`,
    /// `mount:/media/dr/DISQUE1`, `this-computer`...).
    pub storage: String,
    /// Where its password comes from (`env:NAME` or `file:PATH`), never the
    /// password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_source: Option<String>,
    /// When it was last read (RFC 3339); absent: never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_at: Option<String>,
    /// Backups seen then.
    pub backups: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oldest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<String>,
    pub encryption: Encryption,
    /// What the encryption state means, in words.
    pub encryption_label: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_restore_test: Option<RestoreTestInfo>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A restore test as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RestoreTestInfo {
    /// RFC 3339.
    pub at: String,
    pub ok: bool,
    pub scope: RestoreScope,
    pub files: u32,
    pub bytes: u64,
    pub duration_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub method: String,
}

/// The memento's 6.3.1.e and the CNIL's current guidance, side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EncryptionGuidance {
    pub memento: Localized,
    pub cnil: Localized,
}

/// The two positions on encrypting backups.
pub fn encryption_guidance() -> EncryptionGuidance {
    EncryptionGuidance {
        memento: Localized::new(
            "Mémento (2013, 6.3.1.e) : les sauvegardes sont mises sous clé dans un format non chiffré, pour être sûr de pouvoir les relire le jour de l'incident.",
            "Memento (2013, 6.3.1.e): backups are kept under lock and key in an unencrypted format, to be sure they can be read back on the day of the incident.",
        ),
        cnil: Localized::new(
            "CNIL (guide de la sécurité des données personnelles 2024, fiche 17) : les sauvegardes sont protégées comme les données elles-mêmes, notamment chiffrées, la clé ou le mot de passe gardé sous enveloppe cachetée ailleurs que les supports ; la relecture est assurée par les tests de restauration.",
            "CNIL (personal data security guide 2024, sheet 17): backups are protected like the data themselves, in particular encrypted, with the key or password kept in a sealed envelope away from the media; reading them back is ensured by restore tests.",
        ),
    }
}

/// What a set's encryption is, as known: restic always encrypts; borg's
/// mode comes from its inventory; the others are not shown by their
/// listings.
pub fn encryption_of(kind: BackupKind, seen: Option<&Encryption>) -> Encryption {
    match (kind, seen) {
        (BackupKind::Restic, _) => crate::tools::restic_encryption(),
        (_, Some(e)) => e.clone(),
        (_, None) => Encryption::Unknown,
    }
}

/// The encryption state in words.
pub fn encryption_label(kind: BackupKind, e: &Encryption) -> Localized {
    match e {
        Encryption::Encrypted { mode } => Localized::new(
            format!("chiffrée ({mode}) : gardez le mot de passe sous enveloppe cachetée, ailleurs que les supports"),
            format!("encrypted ({mode}): keep the password in a sealed envelope, away from the media"),
        ),
        Encryption::NotEncrypted { mode } => Localized::new(
            format!("non chiffrée ({mode}) : lisible par quiconque prend le support ; à garder sous clé"),
            format!("not encrypted ({mode}): readable by anyone who takes the medium; keep it locked away"),
        ),
        Encryption::Unknown if kind == BackupKind::Borg => Localized::new(
            "inconnu : relevez ce jeu (vigie backups check) pour lire son mode de chiffrement",
            "unknown: check this set (vigie backups check) to read its encryption mode",
        ),
        Encryption::Unknown => Localized::new(
            "inconnu : Vigie ne voit pas si le support est chiffré (BitLocker, FileVault, LUKS) ; déclarez-le",
            "unknown: Vigie cannot see whether the medium is encrypted (BitLocker, FileVault, LUKS); declare it",
        ),
    }
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The backups section at `as_of`; `None` when no set is recorded.
pub fn backups_report(backups: &Backups, as_of: Date) -> Option<BackupsReport> {
    if backups.sets.is_empty() {
        return None;
    }
    let regime = regime::evaluate(backups, as_of);
    let sets = backups
        .sets
        .iter()
        .map(|s| {
            let inv = backups.inventory(&s.id);
            let encryption = encryption_of(s.kind, inv.map(|i| &i.encryption));
            let last = backups.tests_of(&s.id).max_by_key(|t| t.at);
            BackupSetReport {
                id: s.id.clone(),
                kind: s.kind,
                kind_label: Localized::new(s.kind.label(Lang::Fr), s.kind.label(Lang::En)),
                location: s.location.clone(),
                offsite: s.offsite,
                removable: s.removable,
                storage: storage_of(s.kind, &s.location).key,
                password_source: s.password_source.as_ref().map(|p| p.to_string()),
                checked_at: inv.map(|i| rfc3339(i.checked_at)),
                backups: inv
                    .map(|i| u32::try_from(i.backups.len()).unwrap_or(u32::MAX))
                    .unwrap_or(0),
                oldest: inv
                    .and_then(|i| i.backups.iter().map(|b| b.at).min())
                    .map(rfc3339),
                latest: inv.and_then(|i| i.latest()).map(|b| rfc3339(b.at)),
                encryption_label: encryption_label(s.kind, &encryption),
                encryption,
                last_restore_test: last.map(|t| RestoreTestInfo {
                    at: rfc3339(t.at),
                    ok: t.ok,
                    scope: t.scope,
                    files: t.files,
                    bytes: t.bytes,
                    duration_ms: t.duration_ms,
                    backup: t.backup.clone(),
                    error: t.error.clone(),
                    method: t.method.clone(),
                }),
                notes: inv.map(|i| i.notes.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let retention = backups
        .sets
        .iter()
        .filter_map(|s| retention::propose(s, backups.inventory(&s.id)))
        .collect();
    Some(BackupsReport {
        sets,
        calendar: regime.calendar,
        retention,
        encryption_guidance: encryption_guidance(),
    })
}
