//! 6.3.1.b — « Procéder fréquemment à la sauvegarde de vos données, au
//! moins chaque semaine, avec un support de sauvegarde différent chaque
//! fois et une réutilisation possible des supports par rotation sur 4
//! semaines et en conservant une sauvegarde mensuelle sur 12 mois
//! glissants » ; the memento's "incontournables" add the yearly backups
//! ("conservation des sauvegardes mensuelles sur 12 mois glissants et
//! annuelles").
//!
//! Backups are practice data, not machine tables: this check reads the
//! backup sets recorded in the practice record and the latest inventory of
//! each (`vigie backups check` lists restic snapshots, borg archives, dated
//! copies, or reads recorded Windows and macOS outputs), all sets together.
//! What is judged (`vigie_backup::regime`): the latest backup at most 7 days
//! old; a backup in each of the last 4 ISO weeks; in each of the last 12
//! months; in each year since the oldest backup. A period is *missing* only
//! when every set was read after it ended; a set not read since leaves it
//! unknown. The calendar of what exists and what is missing goes into the
//! report's backups section, with the retention to set (`restic forget` /
//! `borg prune`, never run).
//!
//! The rotation of media is not visible: the declaration answers it (this
//! is a `both` requirement). With no set recorded, or when only the yearly
//! history cannot be shown (less than 12 months of history), the
//! declaration decides.

use super::Check;
use crate::{Context, EvidenceItem, Finding};
use time::Date;
use vigie_backup::regime::{self, CalendarSlot, Regime, SlotState, Verdict};
use vigie_practice::Backups;

pub(crate) const CHECK: Check = Check {
    id: "6.3.1.b",
    evaluate: without_record,
};

/// The finding of a backup requirement when the report is made without the
/// practice record (the backups live there).
pub(crate) fn backups_not_in_evidence() -> Finding {
    Finding::unknown(
        "Les sauvegardes sont jugées sur le dossier du cabinet (jeux de sauvegarde enregistrés et relevés) : faites l'audit avec le dossier du cabinet.",
        "Backups are judged from the practice record (recorded and checked backup sets): run the audit with the practice record.",
    )
}

fn without_record(_ctx: &Context) -> Finding {
    backups_not_in_evidence()
}

/// The sentence with its first letter in upper case.
pub(crate) fn capitalized(s: String) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => s,
    }
}

pub(crate) fn french_date(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

/// No set recorded: what Vigie cannot see, the declaration settles.
pub(crate) fn no_sets() -> Finding {
    Finding::unknown(
        "Aucun jeu de sauvegarde n'est enregistré : Vigie ne voit pas vos sauvegardes. Enregistrez-les (vigie backups add) puis relevez-les (vigie backups check) ; d'ici là, votre réponse au questionnaire décide.",
        "No backup set is recorded: Vigie cannot see your backups. Record them (vigie backups add) then check them (vigie backups check); until then, your answer to the questionnaire decides.",
    )
    .declaration_decides()
}

/// One evidence item per set: what its latest inventory showed.
pub(crate) fn set_items(backups: &Backups) -> Vec<EvidenceItem> {
    backups
        .sets
        .iter()
        .map(|s| {
            let source = format!("backup set {} ({})", s.id, s.kind);
            match backups.inventory(&s.id) {
                None => EvidenceItem::new(source, None, Some("inventory"), "never checked"),
                Some(inv) => {
                    let latest = inv
                        .latest()
                        .map(|b| b.at.date().to_string())
                        .unwrap_or_else(|| "none".into());
                    EvidenceItem::new(
                        source,
                        None,
                        Some("latest backup"),
                        format!(
                            "{latest} ({} backups, checked on {} by {})",
                            inv.backups.len(),
                            inv.checked_at.date(),
                            inv.source
                        ),
                    )
                }
            }
        })
        .collect()
}

fn labels(slots: &[&CalendarSlot]) -> (String, String) {
    (
        slots
            .iter()
            .map(|s| s.label.fr.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        slots
            .iter()
            .map(|s| s.label.en.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    )
}

fn with_state(slots: &[CalendarSlot], state: SlotState) -> Vec<&CalendarSlot> {
    slots
        .iter()
        .filter(|s| s.required && s.state == state)
        .collect()
}

/// 6.3.1.b from the recorded backups at `as_of`.
pub fn evaluate(backups: &Backups, as_of: Date) -> Finding {
    if backups.sets.is_empty() {
        return no_sets();
    }
    let r = regime::evaluate(backups, as_of);
    let mut items = set_items(backups);
    let c = &r.calendar;
    let mut fr: Vec<String> = Vec::new();
    let mut en: Vec<String> = Vec::new();

    // What fails.
    if r.recency == Verdict::Fail {
        match (&r.latest, r.latest_age_days()) {
            (Some((at, set)), Some(age)) => {
                fr.push(format!(
                    "la dernière sauvegarde date du {} (jeu {set}), il y a {age} jours : il en faut une au moins tous les {} jours",
                    french_date(at.date()),
                    regime::MAX_AGE_DAYS
                ));
                en.push(format!(
                    "the latest backup dates from {} (set {set}), {age} days ago: one is needed at least every {} days",
                    at.date(),
                    regime::MAX_AGE_DAYS
                ));
            }
            _ => {
                fr.push("aucune sauvegarde dans les jeux enregistrés".into());
                en.push("no backup in the recorded sets".into());
            }
        }
    }
    for (slots, what_fr, what_en) in [
        (
            &c.weeks,
            "semaine(s) sans sauvegarde",
            "week(s) without a backup",
        ),
        (
            &c.months,
            "mois sans sauvegarde",
            "month(s) without a backup",
        ),
        (
            &c.years,
            "année(s) sans sauvegarde conservée",
            "year(s) without a kept backup",
        ),
    ] {
        let missing = with_state(slots, SlotState::Missing);
        if !missing.is_empty() && r.latest.is_some() {
            let (lf, le) = labels(&missing);
            fr.push(format!("{what_fr} : {lf}"));
            en.push(format!("{what_en}: {le}"));
            items.push(EvidenceItem::new(
                "backup calendar",
                None,
                Some("missing"),
                missing
                    .iter()
                    .map(|s| s.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ));
        }
    }
    let latest_words = |r: &Regime| -> (String, String) {
        match (&r.latest, r.latest_age_days()) {
            (Some((at, _)), Some(age)) => (
                format!(
                    "la dernière date du {} (il y a {age} jours)",
                    french_date(at.date())
                ),
                format!("the latest dates from {} ({age} days ago)", at.date()),
            ),
            _ => (String::new(), String::new()),
        }
    };
    let retention_fr = " Réglez la conservation sur une sauvegarde par semaine sur 4 semaines, par mois sur 12 mois et par an (commandes proposées dans la section Sauvegardes du rapport).";
    let retention_en = " Set the retention to one backup per week over 4 weeks, per month over 12 months and per year (commands proposed in the report's Backups section).";

    match r.verdict() {
        Verdict::Fail => Finding::fail(
            format!(
                "Rythme de sauvegarde insuffisant : {}.{retention_fr}",
                fr.join(" ; ")
            ),
            format!("Backup rhythm not met: {}.{retention_en}", en.join("; ")),
        )
        .with(items),
        Verdict::Pass => {
            let (lf, le) = latest_words(&r);
            let first_year = c
                .years
                .iter()
                .find(|y| y.required)
                .map(|y| y.key.clone())
                .unwrap_or_default();
            Finding::pass(
                format!(
                    "Sauvegardes au rythme du mémento : {lf}, une par semaine sur les 4 dernières semaines, une par mois sur les 12 derniers mois et une par an depuis {first_year} ({} sauvegardes, {} jeu(x)).",
                    r.count,
                    backups.sets.len()
                ),
                format!(
                    "Backups at the memento's rhythm: {le}, one per week over the last 4 weeks, one per month over the last 12 months and one per year since {first_year} ({} backups, {} set(s)).",
                    r.count,
                    backups.sets.len()
                ),
            )
            .with(items)
        }
        Verdict::Unknown => {
            let mut fr: Vec<String> = Vec::new();
            let mut en: Vec<String> = Vec::new();
            let unobserved: Vec<&CalendarSlot> = c
                .weeks
                .iter()
                .chain(&c.months)
                .chain(&c.years)
                .filter(|s| s.required && s.state == SlotState::Unobserved)
                .collect();
            if !r.unread_sets.is_empty() {
                fr.push(format!(
                    "jeu(x) jamais relevé(s) : {} (vigie backups check)",
                    r.unread_sets.join(", ")
                ));
                en.push(format!(
                    "set(s) never checked: {} (vigie backups check)",
                    r.unread_sets.join(", ")
                ));
            } else if r.recency == Verdict::Unknown || !unobserved.is_empty() {
                let since = r
                    .observed_until
                    .map(french_date)
                    .unwrap_or_else(|| "?".into());
                fr.push(format!(
                    "le dernier relevé date du {since} : relancez vigie backups check pour voir les sauvegardes faites depuis"
                ));
                en.push(format!(
                    "the last check dates from {}: run vigie backups check again to see the backups made since",
                    r.observed_until
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "?".into())
                ));
            }
            if r.history_too_short {
                let oldest = r.oldest.map(|o| o.date());
                fr.push(format!(
                    "la plus ancienne sauvegarde ({}) a moins de 12 mois : Vigie ne peut pas montrer qu'une sauvegarde par an est conservée (sauvegardes commencées depuis moins d'un an, ou anciennes sauvegardes supprimées) ; votre réponse décide",
                    oldest.map(french_date).unwrap_or_default()
                ));
                en.push(format!(
                    "the oldest backup ({}) is less than 12 months old: Vigie cannot show that one backup per year is kept (backups begun less than a year ago, or older ones deleted); your answer decides",
                    oldest.map(|d| d.to_string()).unwrap_or_default()
                ));
            }
            let (lf, le) = latest_words(&r);
            let lead_fr = if lf.is_empty() {
                String::new()
            } else {
                format!("Sauvegardes vues ({lf}), mais ")
            };
            let lead_en = if le.is_empty() {
                String::new()
            } else {
                format!("Backups seen ({le}), but ")
            };
            let f = Finding::unknown(
                capitalized(format!("{lead_fr}{}.", fr.join(" ; "))),
                capitalized(format!("{lead_en}{}.", en.join("; "))),
            )
            .with(items);
            if r.only_history_open() {
                f.declaration_decides()
            } else {
                f
            }
        }
    }
}
