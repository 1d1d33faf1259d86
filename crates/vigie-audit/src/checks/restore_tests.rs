//! 6.3.1.d — « Procéder à des tests de restauration des éléments
//! sauvegardés, au moins trimestriellement, pour assurer le maintien en état
//! d'utilisation des sauvegardes. »
//!
//! Read from the restore tests recorded by `vigie backups test`, which
//! restores a sample of the latest backup (or a small backup whole) into a
//! private temporary folder, checks it against the backup's own checksums
//! (restic `restore --verify` against its SHA-256 blob ids and the listed
//! sizes; borg's per-file SHA-256; a dated copy's files hashed against the
//! original and its `SHA256SUMS`; a `.tar.gz`'s gzip CRC-32), records the
//! date, duration and result, and removes the folder
//! (`vigie_backup::restores`):
//! - pass: a successful test less than 92 days old (a quarter);
//! - fail: a set whose latest test, less than 92 days old, failed (the
//!   backup could not be read back: a corrupted repository, a wrong
//!   password, a checksum mismatch);
//! - unknown otherwise, the declaration deciding: a test made by hand or by
//!   the provider is invisible to Vigie.

use super::backup_regime::{backups_not_in_evidence, french_date, no_sets};
use super::Check;
use crate::{Context, EvidenceItem, Finding};
use time::Date;
use vigie_backup::restores::{self, RestoresReason};
use vigie_practice::Backups;

pub(crate) const CHECK: Check = Check {
    id: "6.3.1.d",
    evaluate: |_ctx: &Context| backups_not_in_evidence(),
};

/// 6.3.1.d from the recorded restore tests at `as_of`.
pub fn evaluate(backups: &Backups, as_of: Date) -> Finding {
    if backups.sets.is_empty() {
        return no_sets();
    }
    let r = restores::evaluate(backups, as_of);
    let items: Vec<EvidenceItem> = r
        .sets
        .iter()
        .map(|s| {
            let value = match &s.latest {
                None if s.testable => "no restore test recorded".to_string(),
                None => "not testable by Vigie (recorded output): test by hand".to_string(),
                Some(t) => format!(
                    "{} on {} ({} days ago): {} file(s), {} bytes, {} ms{}",
                    if t.ok { "ok" } else { "FAILED" },
                    t.at.date(),
                    restores::age(t, as_of),
                    t.files,
                    t.bytes,
                    t.duration_ms,
                    t.error
                        .as_deref()
                        .map(|e| format!(": {e}"))
                        .unwrap_or_default()
                ),
            };
            EvidenceItem::new(
                format!("backup set {}", s.set_id),
                None,
                Some("latest restore test"),
                value,
            )
        })
        .collect();
    let untested = r.untested(as_of);
    let f = match r.reason {
        RestoresReason::NoSets => return no_sets(),
        RestoresReason::RecentFailure => {
            let t = &r.recent_failures[0];
            Finding::fail(
                format!(
                    "Le test de restauration du jeu {} du {} a échoué : la sauvegarde n'a pas pu être relue ({}). Réparez ou remplacez cette sauvegarde, puis refaites le test (vigie backups test {}).",
                    t.set_id,
                    french_date(t.at.date()),
                    t.error.as_deref().unwrap_or("?"),
                    t.set_id
                ),
                format!(
                    "The restore test of set {} on {} failed: the backup could not be read back ({}). Repair or replace this backup, then test again (vigie backups test {}).",
                    t.set_id,
                    t.at.date(),
                    t.error.as_deref().unwrap_or("?"),
                    t.set_id
                ),
            )
        }
        RestoresReason::RecentSuccess => {
            let Some(t) = r.latest_success.as_ref() else {
                return Finding::unknown("Aucun test réussi trouvé.", "No successful test found.");
            };
            let (mut fr, mut en) = (
                format!(
                    "Test de restauration réussi le {} sur le jeu {} ({} fichier(s) vérifié(s) contre les sommes de contrôle de la sauvegarde), il y a {} jours (au plus {}).",
                    french_date(t.at.date()),
                    t.set_id,
                    t.files,
                    restores::age(t, as_of),
                    restores::MAX_AGE_DAYS
                ),
                format!(
                    "Restore test passed on {} on set {} ({} file(s) checked against the backup's checksums), {} days ago (at most {}).",
                    t.at.date(),
                    t.set_id,
                    t.files,
                    restores::age(t, as_of),
                    restores::MAX_AGE_DAYS
                ),
            );
            if !untested.is_empty() {
                fr.push_str(&format!(
                    " Pensez aussi à tester : {}.",
                    untested.join(", ")
                ));
                en.push_str(&format!(" Also test: {}.", untested.join(", ")));
            }
            Finding::pass(fr, en)
        }
        RestoresReason::NoRecentTest | RestoresReason::NeverTested => {
            let last = backups
                .restore_tests
                .iter()
                .filter(|t| t.at.date() <= as_of)
                .max_by_key(|t| t.at);
            let (since_fr, since_en) = match last {
                Some(t) => (
                    format!("le dernier date du {}", french_date(t.at.date())),
                    format!("the latest dates from {}", t.at.date()),
                ),
                None => ("aucun n'est enregistré".into(), "none is recorded".into()),
            };
            Finding::unknown(
                format!(
                    "Aucun test de restauration de moins de {} jours enregistré par Vigie ({since_fr}) : lancez vigie backups test <jeu>, ou répondez au questionnaire si le test a été fait à la main ou par le prestataire.",
                    restores::MAX_AGE_DAYS
                ),
                format!(
                    "No restore test less than {} days old recorded by Vigie ({since_en}): run vigie backups test <set>, or answer the questionnaire if the test was done by hand or by the provider.",
                    restores::MAX_AGE_DAYS
                ),
            )
            .declaration_decides()
        }
    };
    f.with(items)
}
