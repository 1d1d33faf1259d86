//! The report's backups section (rule 6.3.1), in HTML and in Markdown: the
//! latest backup, the calendar of what exists and what is missing over the
//! last weeks, months and years, each backup set with its places, its
//! encryption and its latest restore test, the two positions on encrypting
//! backups (the memento's 6.3.1.e and the CNIL's current guidance), and the
//! retention to set (proposed, never run).
//!
//! Shown only when the practice recorded backup sets (`report.backups`).
//! Every period's state is a symbol and a word, so that a black-and-white
//! print keeps its meaning; the words and orderings are shared by both
//! renderings, only the markup differs.

use crate::markdown::{code, text};
use crate::view::{self, t};
use maud::{html, Markup};
use std::fmt::Write;
use time::{Date, OffsetDateTime};
use vigie_audit::Report;
use vigie_backup::regime::{CalendarSlot, SlotState};
use vigie_backup::report::{BackupSetReport, RestoreTestInfo};
use vigie_backup::BackupsReport;
use vigie_catalog::Lang;
use vigie_practice::RestoreScope;

/// The anchor of the section.
pub(crate) const ID: &str = "sauvegardes";

/// The requirements of rule 6.3.1 the section speaks of.
const REQUIREMENTS: [&str; 4] = ["6.3.1.b", "6.3.1.c", "6.3.1.d", "6.3.1.e"];

pub(crate) fn title(lang: Lang) -> &'static str {
    t(lang, "Sauvegardes (règle 6.3.1)", "Backups (rule 6.3.1)")
}

/// The symbol of a period's state.
pub(crate) fn slot_symbol(state: SlotState) -> &'static str {
    match state {
        SlotState::Present => "✓",
        SlotState::Missing => "✗",
        SlotState::Pending => "…",
        SlotState::Unobserved => "?",
        SlotState::NotRequired => "–",
    }
}

/// The word of a period's state: what the memento's calendar needs.
pub(crate) fn slot_word(state: SlotState, lang: Lang) -> &'static str {
    match state {
        SlotState::Present => t(lang, "présente", "present"),
        SlotState::Missing => t(lang, "manquante", "missing"),
        SlotState::Pending => t(lang, "en cours", "in progress"),
        SlotState::Unobserved => t(lang, "inconnue", "unknown"),
        SlotState::NotRequired => t(lang, "non requise", "not required"),
    }
}

fn slot_class(state: SlotState) -> &'static str {
    match state {
        SlotState::Present => "slot present",
        SlotState::Missing => "slot missing",
        SlotState::Pending => "slot pending",
        SlotState::Unobserved => "slot unobserved",
        SlotState::NotRequired => "slot not-required",
    }
}

/// The states in the order the legend gives them.
const STATES: [SlotState; 5] = [
    SlotState::Present,
    SlotState::Missing,
    SlotState::Pending,
    SlotState::Unobserved,
    SlotState::NotRequired,
];

fn legend_text(state: SlotState, lang: Lang) -> &'static str {
    match state {
        SlotState::Present => t(
            lang,
            "au moins une sauvegarde faite dans la période",
            "at least one backup made in the period",
        ),
        SlotState::Missing => t(
            lang,
            "exigée, et aucun jeu n'en contient (tous relus depuis la fin de la période)",
            "required, and no set holds one (all read since the period ended)",
        ),
        SlotState::Pending => t(
            lang,
            "période en cours, pas encore de sauvegarde : pas encore exigée",
            "current period, no backup yet: not required yet",
        ),
        SlotState::Unobserved => t(
            lang,
            "exigée, mais un jeu n'a pas été relu depuis : relancez « vigie backups check »",
            "required, but a set was not read since: run \"vigie backups check\" again",
        ),
        SlotState::NotRequired => t(
            lang,
            "hors de ce que le mémento exige, montrée pour situer",
            "outside what the memento requires, shown for context",
        ),
    }
}

/// The three groups of the calendar, with their heading.
fn groups(b: &BackupsReport, lang: Lang) -> [(&'static str, &[CalendarSlot]); 3] {
    [
        (
            t(
                lang,
                "Semaines : une sauvegarde chacune des 4 dernières semaines",
                "Weeks: a backup in each of the last 4 weeks",
            ),
            &b.calendar.weeks,
        ),
        (
            t(
                lang,
                "Mois : une sauvegarde conservée pour chacun des 12 derniers mois",
                "Months: a backup kept for each of the last 12 months",
            ),
            &b.calendar.months,
        ),
        (
            t(
                lang,
                "Années : une sauvegarde conservée par an",
                "Years: a backup kept per year",
            ),
            &b.calendar.years,
        ),
    ]
}

fn parse_time(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()
}

/// The most recent backup of all sets, with its set.
fn latest(b: &BackupsReport) -> Option<(OffsetDateTime, &str)> {
    b.sets
        .iter()
        .filter_map(|s| Some((parse_time(s.latest.as_deref()?)?, s.id.as_str())))
        .max_by_key(|(at, _)| *at)
}

/// "27 novembre 2026 (jeu nas), il y a 1 jour".
fn latest_text(b: &BackupsReport, lang: Lang) -> String {
    let Some((at, set)) = latest(b) else {
        return t(
            lang,
            "aucune sauvegarde vue dans les jeux relevés",
            "no backup seen in the checked sets",
        )
        .to_string();
    };
    let day = view::long_date(at.date(), lang);
    let age = parse_date(&b.calendar.as_of).map(|d| (d - at.date()).whole_days());
    match (lang, age) {
        (Lang::Fr, Some(n)) => format!("{day} (jeu {set}), il y a {n} jour(s)"),
        (Lang::En, Some(n)) => format!("{day} (set {set}), {n} day(s) ago"),
        (Lang::Fr, None) => format!("{day} (jeu {set})"),
        (Lang::En, None) => format!("{day} (set {set})"),
    }
}

fn observed_text(b: &BackupsReport, lang: Lang) -> String {
    match &b.calendar.observed_until {
        Some(d) => match lang {
            Lang::Fr => format!(
                "tous les jeux relus au moins jusqu'au {}",
                view::day_text(d, lang)
            ),
            Lang::En => format!("every set read up to {} at least", view::day_text(d, lang)),
        },
        None => t(
            lang,
            "un jeu n'a jamais été relevé (« vigie backups check ») : ce qu'il contient reste inconnu",
            "a set was never checked (\"vigie backups check\"): what it holds stays unknown",
        )
        .to_string(),
    }
}

/// "2 (la dernière le 27 novembre 2026)", or "—".
fn count_text(slot: &CalendarSlot, lang: Lang) -> String {
    if slot.count == 0 {
        return "—".into();
    }
    match (slot.latest.as_deref().and_then(parse_time), lang) {
        (Some(at), Lang::Fr) => format!(
            "{} (la dernière le {})",
            slot.count,
            view::long_date(at.date(), lang)
        ),
        (Some(at), Lang::En) => format!(
            "{} (the latest on {})",
            slot.count,
            view::long_date(at.date(), lang)
        ),
        (None, _) => slot.count.to_string(),
    }
}

fn sets_text(slot: &CalendarSlot) -> String {
    if slot.sets.is_empty() {
        "—".into()
    } else {
        slot.sets.join(", ")
    }
}

/// "hors du cabinet, support amovible".
pub(crate) fn place_text(s: &BackupSetReport, lang: Lang) -> String {
    let mut parts = vec![if s.offsite {
        t(lang, "hors du cabinet", "outside the practice")
    } else {
        t(lang, "au cabinet", "at the practice")
    }];
    if s.removable {
        parts.push(t(
            lang,
            "support amovible, débranché",
            "removable medium, disconnected",
        ));
    }
    parts.join(", ")
}

/// Where the password comes from, never the password.
fn password_text(source: &str, lang: Lang) -> String {
    if let Some(name) = source.strip_prefix("env:") {
        match lang {
            Lang::Fr => {
                format!("lu dans la variable d'environnement {name} (jamais conservé par Vigie)")
            }
            Lang::En => format!("read from the environment variable {name} (never kept by Vigie)"),
        }
    } else if let Some(path) = source.strip_prefix("file:") {
        match lang {
            Lang::Fr => format!("lu dans le fichier {path} (jamais conservé par Vigie)"),
            Lang::En => format!("read from the file {path} (never kept by Vigie)"),
        }
    } else {
        source.to_string()
    }
}

fn checked_text(s: &BackupSetReport, lang: Lang) -> String {
    match &s.checked_at {
        Some(at) => view::day_text(at, lang),
        None => format!(
            "{} (vigie backups check {})",
            t(lang, "jamais relevé", "never checked"),
            s.id
        ),
    }
}

fn seen_text(s: &BackupSetReport, lang: Lang) -> String {
    if s.checked_at.is_none() {
        return "—".into();
    }
    match (&s.oldest, &s.latest) {
        (Some(o), Some(l)) => match lang {
            Lang::Fr => format!(
                "{} sauvegarde(s), du {} au {}",
                s.backups,
                view::day_text(o, lang),
                view::day_text(l, lang)
            ),
            Lang::En => format!(
                "{} backup(s), from {} to {}",
                s.backups,
                view::day_text(o, lang),
                view::day_text(l, lang)
            ),
        },
        _ => t(lang, "aucune sauvegarde", "no backup").to_string(),
    }
}

/// "1,2 Ko", "1.2 kB".
pub fn size_text(bytes: u64, lang: Lang) -> String {
    let units = match lang {
        Lang::Fr => ["octets", "Ko", "Mo", "Go", "To"],
        Lang::En => ["bytes", "kB", "MB", "GB", "TB"],
    };
    if bytes < 1000 {
        return format!("{bytes} {}", units[0]);
    }
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < units.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    let number = format!("{value:.1}");
    let number = match lang {
        Lang::Fr => number.replace('.', ","),
        Lang::En => number,
    };
    format!("{number} {}", units[unit])
}

/// "2,3 s", "1 min 05 s".
pub fn duration_text(ms: u64, lang: Lang) -> String {
    if ms < 60_000 {
        let s = format!("{:.1} s", ms as f64 / 1000.0);
        match lang {
            Lang::Fr => s.replace('.', ","),
            Lang::En => s,
        }
    } else {
        let s = ms / 1000;
        format!("{} min {:02} s", s / 60, s % 60)
    }
}

/// The result of a restore test as a symbol and a word.
pub(crate) fn test_result(ok: bool, lang: Lang) -> &'static str {
    match (ok, lang) {
        (true, Lang::Fr) => "✓ réussi",
        (false, Lang::Fr) => "✗ échoué",
        (true, Lang::En) => "✓ succeeded",
        (false, Lang::En) => "✗ failed",
    }
}

/// What was restored and how long it took: "le 28 novembre 2026, en 2,3 s :
/// 5 fichiers (12,3 Ko, échantillon) de la sauvegarde 9a9dec0d".
fn test_details(test: &RestoreTestInfo, lang: Lang) -> String {
    let scope = match (test.scope, lang) {
        (RestoreScope::Sample, Lang::Fr) => "échantillon",
        (RestoreScope::Whole, Lang::Fr) => "sauvegarde entière",
        (RestoreScope::Sample, Lang::En) => "sample",
        (RestoreScope::Whole, Lang::En) => "whole backup",
    };
    let when = view::day_text(&test.at, lang);
    let duration = duration_text(test.duration_ms, lang);
    let mut s = match lang {
        Lang::Fr => format!("le {when}, en {duration}"),
        Lang::En => format!("on {when}, in {duration}"),
    };
    if test.ok {
        let _ = match lang {
            Lang::Fr => write!(
                s,
                " : {} fichier(s) vérifié(s) ({}, {scope})",
                test.files,
                size_text(test.bytes, lang)
            ),
            Lang::En => write!(
                s,
                ": {} file(s) verified ({}, {scope})",
                test.files,
                size_text(test.bytes, lang)
            ),
        };
    }
    if let Some(b) = &test.backup {
        let _ = match lang {
            Lang::Fr => write!(s, ", sauvegarde {b}"),
            Lang::En => write!(s, ", backup {b}"),
        };
    }
    s
}

/// Whether the last restore test is older than the memento's quarter.
fn test_too_old(test: &RestoreTestInfo, as_of: &str) -> Option<i64> {
    let at = parse_time(&test.at)?.date();
    let age = (parse_date(as_of)? - at).whole_days();
    (age > vigie_backup::restores::MAX_AGE_DAYS).then_some(age)
}

fn too_old_text(age: i64, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("il y a {age} jours : à refaire (au moins tous les 3 mois)"),
        Lang::En => format!("{age} days ago: to be done again (at least every 3 months)"),
    }
}

fn untested_text(s: &BackupSetReport, lang: Lang) -> String {
    use vigie_practice::BackupKind;
    let vigie_can = matches!(
        s.kind,
        BackupKind::Restic | BackupKind::Borg | BackupKind::DatedFolder
    );
    match (vigie_can, lang) {
        (true, Lang::Fr) => format!("aucun (vigie backups test {})", s.id),
        (true, Lang::En) => format!("none (vigie backups test {})", s.id),
        (false, _) => t(
            lang,
            "aucun enregistré : restaurez quelques fichiers à la main et déclarez le test (6.3.1.d)",
            "none recorded: restore a few files by hand and declare the test (6.3.1.d)",
        )
        .to_string(),
    }
}

fn retention_text(p: &vigie_backup::retention::RetentionProposal, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "Jeu {} ({}) : garder une sauvegarde par semaine sur {} semaines, une par mois sur {} mois et une par an sur {} ans.",
            p.set_id, p.tool, p.keep_weekly, p.keep_monthly, p.keep_yearly
        ),
        Lang::En => format!(
            "Set {} ({}): keep one backup per week over {} weeks, one per month over {} months and one per year over {} years.",
            p.set_id, p.tool, p.keep_weekly, p.keep_monthly, p.keep_yearly
        ),
    }
}

fn intro(lang: Lang) -> &'static str {
    t(
        lang,
        "Ce que Vigie a relevé dans les jeux de sauvegarde du cabinet (« vigie backups check ») et les tests de restauration qu'il a faits (« vigie backups test »), tous jeux confondus : une période compte dès qu'un jeu contient une sauvegarde faite pendant celle-ci.",
        "What Vigie found in the practice's backup sets (\"vigie backups check\") and the restore tests it ran (\"vigie backups test\"), all sets together: a period counts as soon as one set holds a backup made during it.",
    )
}

// HTML -------------------------------------------------------------------

fn slot_html(state: SlotState, lang: Lang) -> Markup {
    html! {
        span class=(slot_class(state)) { (slot_symbol(state)) " " (slot_word(state, lang)) }
    }
}

/// The backups section in HTML, when backup sets are recorded.
pub(crate) fn html(report: &Report, lang: Lang) -> Markup {
    let Some(b) = &report.backups else {
        return html! {};
    };
    html! {
        section.major #(ID) {
            h2 { (title(lang)) }
            p { (intro(lang)) }
            dl.facts {
                dt { (t(lang, "Dernière sauvegarde", "Latest backup")) }
                dd { strong { (latest_text(b, lang)) } }
                dt { (t(lang, "Relevés", "Checks")) }
                dd { (observed_text(b, lang)) }
                dt { (t(lang, "Exigences", "Requirements")) }
                dd {
                    @for (i, id) in REQUIREMENTS.iter().enumerate() {
                        @if let Some(r) = report.result(id) {
                            @if i > 0 { " " }
                            a href=(format!("#req-{id}")) { (id) } " " (crate::html::badge(r.status, lang))
                        }
                    }
                }
            }

            h3 { (t(lang, "Calendrier des sauvegardes", "Backup calendar")) }
            table.calendar {
                caption {
                    (match lang {
                        Lang::Fr => format!("Sauvegardes présentes et manquantes au {}", view::day_text(&b.calendar.as_of, lang)),
                        Lang::En => format!("Backups present and missing on {}", view::day_text(&b.calendar.as_of, lang)),
                    })
                }
                thead {
                    tr {
                        th scope="col" { (t(lang, "Période", "Period")) }
                        th scope="col" { (t(lang, "État", "State")) }
                        th scope="col" { (t(lang, "Sauvegardes", "Backups")) }
                        th scope="col" { (t(lang, "Jeux", "Sets")) }
                    }
                }
                @for (heading, slots) in groups(b, lang) {
                    tbody {
                        tr.group { th colspan="4" scope="rowgroup" { (heading) } }
                        @for slot in slots {
                            tr class=(if slot.state == SlotState::Missing { "missing" } else { "" }) {
                                th scope="row" { (slot.label.get(lang)) }
                                td { (slot_html(slot.state, lang)) }
                                td { (count_text(slot, lang)) }
                                td { (sets_text(slot)) }
                            }
                        }
                    }
                }
            }
            p.legend {
                (t(lang, "Légende :", "Legend:"))
                @for s in STATES {
                    " " (slot_html(s, lang)) " " (legend_text(s, lang)) "."
                }
            }

            h3 { (t(lang, "Jeux de sauvegarde", "Backup sets")) }
            @for s in &b.sets {
                div.provider {
                    h4 { span.rid { (s.id) } " " (s.kind_label.get(lang)) }
                    dl.facts {
                        dt { (t(lang, "Emplacement", "Location")) }
                        dd { code { (s.location) } }
                        dt { (t(lang, "Lieu", "Place")) }
                        dd { (place_text(s, lang)) " — " (t(lang, "support compté comme", "storage counted as")) " " code { (s.storage) } }
                        @if let Some(p) = &s.password_source {
                            dt { (t(lang, "Mot de passe", "Password")) }
                            dd { (password_text(p, lang)) }
                        }
                        dt { (t(lang, "Dernier relevé", "Last checked")) }
                        dd { (checked_text(s, lang)) }
                        dt { (t(lang, "Sauvegardes vues", "Backups seen")) }
                        dd { (seen_text(s, lang)) }
                        dt { (t(lang, "Chiffrement", "Encryption")) }
                        dd { (s.encryption_label.get(lang)) }
                        dt { (t(lang, "Dernier test de restauration", "Latest restore test")) }
                        dd {
                            @match &s.last_restore_test {
                                Some(test) => {
                                    span class=(if test.ok { "badge pass" } else { "badge fail" }) { (test_result(test.ok, lang)) }
                                    " " (test_details(test, lang))
                                    @if let Some(e) = &test.error { br; (t(lang, "Erreur : ", "Error: ")) code { (e) } }
                                    @if let Some(age) = test_too_old(test, &b.calendar.as_of) { br; strong { (too_old_text(age, lang)) } }
                                    br; span.muted { (t(lang, "Méthode : ", "Method: ")) (test.method) }
                                }
                                None => (untested_text(s, lang)),
                            }
                        }
                        @if !s.notes.is_empty() {
                            dt { (t(lang, "Remarques", "Notes")) }
                            dd { @for (i, n) in s.notes.iter().enumerate() { @if i > 0 { br; } (n) } }
                        }
                    }
                }
            }

            h3 { (t(lang, "Chiffrement des sauvegardes (6.3.1.e)", "Encrypting backups (6.3.1.e)")) }
            p {
                (t(lang,
                    "Le mémento de 2013 et la CNIL aujourd'hui ne disent pas la même chose ; le rapport montre les deux, et ce que fait chaque jeu.",
                    "The 2013 memento and today's CNIL guidance differ; the report shows both, and what each set does."))
            }
            ul {
                li { (b.encryption_guidance.memento.get(lang)) }
                li { (b.encryption_guidance.cnil.get(lang)) }
            }
            table {
                caption { (t(lang, "Chiffrement de chaque jeu", "Encryption of each set")) }
                thead { tr { th scope="col" { (t(lang, "Jeu", "Set")) } th scope="col" { (t(lang, "Chiffrement", "Encryption")) } } }
                tbody {
                    @for s in &b.sets {
                        tr { th scope="row" { (s.id) } td { (s.encryption_label.get(lang)) } }
                    }
                }
            }

            h3 { (t(lang, "Conservation proposée", "Proposed retention")) }
            @if b.retention.is_empty() {
                p { (t(lang,
                    "Aucun jeu restic ou borg : la conservation se règle dans chaque outil (une sauvegarde par semaine sur 4 semaines, par mois sur 12 mois et par an).",
                    "No restic or borg set: the retention is set in each tool (one backup per week over 4 weeks, per month over 12 months and per year)."))
                }
            }
            @for p in &b.retention {
                div.retention {
                    p { (retention_text(p, lang)) }
                    pre { code { @for (i, c) in p.commands.iter().enumerate() { @if i > 0 { "\n" } (c) } } }
                    p.muted { (p.note.get(lang)) }
                }
            }
        }
    }
}

// Markdown ---------------------------------------------------------------

fn slot_md(state: SlotState, lang: Lang) -> String {
    let word = format!("{} {}", slot_symbol(state), slot_word(state, lang));
    if state == SlotState::Missing {
        format!("**{word}**")
    } else {
        word
    }
}

fn fact(w: &mut String, lang: Lang, label: &str, value: &str) {
    let _ = writeln!(w, "- **{label}**{}{value}", view::colon(lang));
}

/// The backups section in Markdown, when backup sets are recorded.
pub(crate) fn markdown(w: &mut String, report: &Report, lang: Lang) {
    let Some(b) = &report.backups else {
        return;
    };
    let _ = writeln!(w, "## {}\n\n{}\n", title(lang), text(intro(lang)));
    fact(
        w,
        lang,
        t(lang, "Dernière sauvegarde", "Latest backup"),
        &format!("**{}**", text(&latest_text(b, lang))),
    );
    fact(
        w,
        lang,
        t(lang, "Relevés", "Checks"),
        &text(&observed_text(b, lang)),
    );
    let verdicts: Vec<String> = REQUIREMENTS
        .iter()
        .filter_map(|id| {
            report
                .result(id)
                .map(|r| format!("{id} {}", crate::markdown::status(r.status, lang)))
        })
        .collect();
    fact(
        w,
        lang,
        t(lang, "Exigences", "Requirements"),
        &verdicts.join(" · "),
    );

    let _ = writeln!(
        w,
        "\n### {}\n\n{}\n",
        t(lang, "Calendrier des sauvegardes", "Backup calendar"),
        text(&match lang {
            Lang::Fr => format!(
                "Sauvegardes présentes et manquantes au {}.",
                view::day_text(&b.calendar.as_of, lang)
            ),
            Lang::En => format!(
                "Backups present and missing on {}.",
                view::day_text(&b.calendar.as_of, lang)
            ),
        })
    );
    let _ = writeln!(
        w,
        "| {} | {} | {} | {} |\n|---|---|---|---|",
        t(lang, "Période", "Period"),
        t(lang, "État", "State"),
        t(lang, "Sauvegardes", "Backups"),
        t(lang, "Jeux", "Sets")
    );
    for (heading, slots) in groups(b, lang) {
        let _ = writeln!(w, "| **{}** | | | |", text(heading));
        for slot in slots {
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} |",
                text(slot.label.get(lang)),
                slot_md(slot.state, lang),
                text(&count_text(slot, lang)),
                text(&sets_text(slot))
            );
        }
    }
    let _ = writeln!(w, "\n{}\n", t(lang, "Légende :", "Legend:"));
    for s in STATES {
        let _ = writeln!(w, "- {} — {}", slot_md(s, lang), text(legend_text(s, lang)));
    }

    let _ = writeln!(
        w,
        "\n### {}\n",
        t(lang, "Jeux de sauvegarde", "Backup sets")
    );
    for s in &b.sets {
        let _ = writeln!(
            w,
            "#### {} — {}\n",
            text(&s.id),
            text(s.kind_label.get(lang))
        );
        fact(
            w,
            lang,
            t(lang, "Emplacement", "Location"),
            &code(&s.location),
        );
        fact(
            w,
            lang,
            t(lang, "Lieu", "Place"),
            &format!(
                "{} — {} {}",
                text(&place_text(s, lang)),
                t(lang, "support compté comme", "storage counted as"),
                code(&s.storage)
            ),
        );
        if let Some(p) = &s.password_source {
            fact(
                w,
                lang,
                t(lang, "Mot de passe", "Password"),
                &text(&password_text(p, lang)),
            );
        }
        fact(
            w,
            lang,
            t(lang, "Dernier relevé", "Last checked"),
            &text(&checked_text(s, lang)),
        );
        fact(
            w,
            lang,
            t(lang, "Sauvegardes vues", "Backups seen"),
            &text(&seen_text(s, lang)),
        );
        fact(
            w,
            lang,
            t(lang, "Chiffrement", "Encryption"),
            &text(s.encryption_label.get(lang)),
        );
        let test = match &s.last_restore_test {
            Some(test) => {
                let mut v = format!(
                    "**{}** {}",
                    test_result(test.ok, lang),
                    text(&test_details(test, lang))
                );
                if let Some(e) = &test.error {
                    let _ = write!(v, " — {}{}", t(lang, "erreur : ", "error: "), code(e));
                }
                if let Some(age) = test_too_old(test, &b.calendar.as_of) {
                    let _ = write!(v, " — **{}**", text(&too_old_text(age, lang)));
                }
                let _ = write!(
                    v,
                    " — {}{}",
                    t(lang, "méthode : ", "method: "),
                    text(&test.method)
                );
                v
            }
            None => text(&untested_text(s, lang)),
        };
        fact(
            w,
            lang,
            t(lang, "Dernier test de restauration", "Latest restore test"),
            &test,
        );
        if !s.notes.is_empty() {
            fact(
                w,
                lang,
                t(lang, "Remarques", "Notes"),
                &text(&s.notes.join(" ; ")),
            );
        }
        w.push('\n');
    }

    let _ = writeln!(
        w,
        "### {}\n\n{}\n\n- {}\n- {}\n",
        t(
            lang,
            "Chiffrement des sauvegardes (6.3.1.e)",
            "Encrypting backups (6.3.1.e)"
        ),
        text(t(
            lang,
            "Le mémento de 2013 et la CNIL aujourd'hui ne disent pas la même chose ; le rapport montre les deux, et ce que fait chaque jeu.",
            "The 2013 memento and today's CNIL guidance differ; the report shows both, and what each set does."
        )),
        text(b.encryption_guidance.memento.get(lang)),
        text(b.encryption_guidance.cnil.get(lang))
    );
    for s in &b.sets {
        let _ = writeln!(
            w,
            "- {}{}{}",
            text(&s.id),
            view::colon(lang),
            text(s.encryption_label.get(lang))
        );
    }

    let _ = writeln!(
        w,
        "\n### {}\n",
        t(lang, "Conservation proposée", "Proposed retention")
    );
    if b.retention.is_empty() {
        let _ = writeln!(
            w,
            "{}\n",
            text(t(
                lang,
                "Aucun jeu restic ou borg : la conservation se règle dans chaque outil (une sauvegarde par semaine sur 4 semaines, par mois sur 12 mois et par an).",
                "No restic or borg set: the retention is set in each tool (one backup per week over 4 weeks, per month over 12 months and per year)."
            ))
        );
    }
    for p in &b.retention {
        let _ = writeln!(w, "{}\n", text(&retention_text(p, lang)));
        // A fenced block: its fence is longer than any backtick run in it.
        let longest = p
            .commands
            .iter()
            .flat_map(|c| c.split(|ch| ch != '`').map(str::len))
            .max()
            .unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        let _ = writeln!(w, "{fence}sh");
        for c in &p.commands {
            let _ = writeln!(w, "{}", c.replace(['\n', '\r'], " "));
        }
        let _ = writeln!(w, "{fence}\n\n{}\n", text(p.note.get(lang)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_a_symbol_and_a_word() {
        let words: Vec<String> = STATES
            .iter()
            .map(|s| format!("{} {}", slot_symbol(*s), slot_word(*s, Lang::Fr)))
            .collect();
        assert_eq!(
            words,
            [
                "✓ présente",
                "✗ manquante",
                "… en cours",
                "? inconnue",
                "– non requise"
            ]
        );
        let mut symbols: Vec<&str> = STATES.iter().map(|s| slot_symbol(*s)).collect();
        symbols.sort();
        symbols.dedup();
        assert_eq!(symbols.len(), STATES.len(), "each state its own symbol");
        assert_eq!(
            slot_html(SlotState::Missing, Lang::En).into_string(),
            "<span class=\"slot missing\">✗ missing</span>"
        );
        assert_eq!(slot_md(SlotState::Missing, Lang::Fr), "**✗ manquante**");
    }

    #[test]
    fn sizes_and_durations() {
        assert_eq!(size_text(999, Lang::Fr), "999 octets");
        assert_eq!(size_text(12_345, Lang::Fr), "12,3 Ko");
        assert_eq!(size_text(5_600_000, Lang::En), "5.6 MB");
        assert_eq!(duration_text(2_345, Lang::Fr), "2,3 s");
        assert_eq!(duration_text(65_000, Lang::En), "1 min 05 s");
    }

    #[test]
    fn password_sources_name_where_never_what() {
        assert_eq!(
            password_text("env:RESTIC_PASSWORD", Lang::Fr),
            "lu dans la variable d'environnement RESTIC_PASSWORD (jamais conservé par Vigie)"
        );
        assert_eq!(
            password_text("file:/root/.pw", Lang::En),
            "read from the file /root/.pw (never kept by Vigie)"
        );
    }
}
