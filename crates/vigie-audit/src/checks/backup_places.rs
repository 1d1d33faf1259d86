//! 6.3.1.c — « Conserver les sauvegardes au minimum dans un lieu sûr et de
//! préférence dans deux lieux sûrs différents. Le recours à un service
//! tiers est encouragé pour garantir la fiabilité et la pérennité des
//! sauvegardes. »
//!
//! Read from the recorded backup sets (`vigie_backup::places`): the
//! preferred level is reached when current backups (latest at most 35 days
//! old) sit on two distinct storages, one of them off-site or on a
//! removable medium kept disconnected (the set's `offsite` / `removable`
//! flags, as the practice recorded them). Storages are told apart by the
//! location (host, bucket, mount point of a removable disk, drive letter);
//! a repository on the audited computer's own disk is not a second place.
//! A single storage fails: the catalog's question asks "partial" of a
//! practice with one safe place only. Whether each place is *safe*
//! (locked) is the declared part.

use super::backup_regime::{backups_not_in_evidence, no_sets};
use super::Check;
use crate::{Context, EvidenceItem, Finding};
use time::Date;
use vigie_backup::places::{self, Currency, PlacesReason};
use vigie_backup::regime::Verdict;
use vigie_practice::Backups;

pub(crate) const CHECK: Check = Check {
    id: "6.3.1.c",
    evaluate: |_ctx: &Context| backups_not_in_evidence(),
};

/// 6.3.1.c from the recorded backups at `as_of`.
pub fn evaluate(backups: &Backups, as_of: Date) -> Finding {
    if backups.sets.is_empty() {
        return no_sets();
    }
    let p = places::evaluate(backups, as_of);
    let items: Vec<EvidenceItem> = p
        .sets
        .iter()
        .map(|s| {
            let flags = match (s.offsite, s.removable) {
                (true, true) => "off-site, removable",
                (true, false) => "off-site",
                (false, true) => "removable",
                (false, false) => "at the practice, connected",
            };
            let currency = match s.currency {
                Currency::Current => "current",
                Currency::Stale => "no recent backup",
                Currency::Unread => "not checked recently",
            };
            EvidenceItem::new(
                format!("backup set {}", s.set_id),
                None,
                Some("storage"),
                format!(
                    "{} ({flags}; {currency}; latest {})",
                    s.storage.key,
                    s.latest
                        .map(|l| l.date().to_string())
                        .unwrap_or_else(|| "none".into())
                ),
            )
        })
        .collect();
    let n = p.places.len();
    let f = match p.reason {
        PlacesReason::TwoPlacesOneAway => Finding::pass(
            format!("Sauvegardes récentes sur {n} supports distincts, dont au moins un hors du cabinet ou amovible."),
            format!("Recent backups on {n} distinct storages, at least one outside the practice or removable."),
        ),
        PlacesReason::Unread => Finding::unknown(
            "Les jeux relevés ne suffisent pas à montrer deux lieux ; d'autres jeux n'ont pas été relevés récemment : relevez-les (vigie backups check).",
            "The checked sets do not show two places; other sets were not checked recently: check them (vigie backups check).",
        ),
        PlacesReason::NoCurrentPlace => Finding::fail(
            "Aucune sauvegarde récente hors de l'ordinateur lui-même : une sauvegarde sur le même disque disparaît avec lui (vol, incendie, rançongiciel). Ajoutez un disque externe rangé ailleurs ou un service de sauvegarde certifié HDS.",
            "No recent backup off the computer itself: a backup on the same disk disappears with it (theft, fire, ransomware). Add an external disk kept elsewhere or an HDS-certified backup service.",
        ),
        PlacesReason::SinglePlace => Finding::fail(
            "Toutes les sauvegardes récentes sont sur un seul support : le mémento demande de préférence deux lieux sûrs différents. Ajoutez une seconde copie hors du cabinet (ou sur un disque débranché rangé ailleurs).",
            "All recent backups are on a single storage: the memento prefers two different safe places. Add a second copy outside the practice (or on an unplugged disk kept elsewhere).",
        ),
        PlacesReason::NoneAway => Finding::fail(
            "Les sauvegardes sont sur plusieurs supports, mais tous au cabinet et branchés : un vol, un incendie ou un rançongiciel les atteint tous. Gardez-en une hors du cabinet ou sur un disque débranché.",
            "Backups are on several storages, but all at the practice and connected: a theft, a fire or ransomware reaches them all. Keep one outside the practice or on an unplugged disk.",
        ),
        PlacesReason::NoSets => return no_sets(),
    };
    debug_assert!(matches!(
        (p.verdict, f.status),
        (Verdict::Pass, crate::Status::Pass)
            | (Verdict::Fail, crate::Status::Fail)
            | (Verdict::Unknown, crate::Status::Unknown)
    ));
    f.with(items)
}
