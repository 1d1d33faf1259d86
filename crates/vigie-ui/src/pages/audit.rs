//! Running an audit, its progress, what changed, and the report.

use super::{page, summary_table, Ctx, Nav};
use crate::audit::{Phase, Source};
use maud::{html, Markup};
use vigie_audit::{Report, Status};
use vigie_catalog::{Catalog, Lang};
use vigie_report::parts::{self, t};
use vigie_store::AuditSummary;

fn source_text(source: &Source, lang: Lang) -> String {
    match (source, lang) {
        (Source::Live, Lang::Fr) => "cet ordinateur, tel qu'il fonctionne en ce moment".into(),
        (Source::Live, Lang::En) => "this computer, as it runs now".into(),
        (Source::Root(p), Lang::Fr) => {
            format!("le système hors ligne monté dans {}", p.display())
        }
        (Source::Root(p), Lang::En) => format!("the offline system mounted at {}", p.display()),
        (Source::Evidence(p), Lang::Fr) => format!("le fichier de preuves {}", p.display()),
        (Source::Evidence(p), Lang::En) => format!("the evidence file {}", p.display()),
    }
}

fn when(a: &AuditSummary, lang: Lang) -> String {
    parts::datetime_text(&crate::record::rfc3339(a.run_at), lang)
}

/// "Audit du poste": what is audited, the button, the audits so far.
pub(crate) fn start(
    ctx: &Ctx,
    source: &Source,
    audits: &[AuditSummary],
    failed: Option<&str>,
) -> Markup {
    let lang = ctx.lang;
    page(
        ctx,
        t(lang, "Audit du poste", "Machine audit"),
        Nav::Audit,
        html! {
            h1 { (t(lang, "Audit du poste", "Machine audit")) }
            @if let Some(message) = failed {
                p.error role="alert" { (t(lang, "Le dernier audit a échoué : ", "The last audit failed: ")) (message) }
            }
            p { (t(lang, "Ce qui est audité : ", "What is audited: ")) strong { (source_text(source, lang)) } "." }
            p { (t(lang,
                "L'audit lit les réglages de sécurité du système (mots de passe, verrouillage, pare-feu, mises à jour…) : il ne modifie rien et n'envoie rien. Il est enregistré dans le dossier du cabinet avec vos réponses, et comparé au précédent.",
                "The audit reads the system's security settings (passwords, lockout, firewall, updates…): it changes nothing and sends nothing. It is recorded in the practice record with your answers, and compared with the previous one.")) }
            @if *source == Source::Live {
                p.muted { (t(lang,
                    "Certains réglages ne sont lisibles qu'avec les droits administrateur : s'ils manquent, le résultat le dit et l'exigence reste « inconnue ». Pour un audit complet, lancez aussi « sudo vigie audit --store FICHIER » dans un terminal.",
                    "Some settings can only be read with administrator rights: when they are missing the result says so and the requirement stays \"unknown\". For a complete audit, also run \"sudo vigie audit --store FILE\" in a terminal.")) }
            }
            form method="post" action="/audit" {
                button type="submit" { (t(lang, "Lancer l'audit maintenant", "Run the audit now")) }
            }
            h2 { (t(lang, "Audits enregistrés", "Recorded audits")) }
            @if audits.is_empty() {
                p { (t(lang, "Aucun audit enregistré pour l'instant.", "No audit recorded yet.")) }
            } @else {
                table {
                    caption { (t(lang, "Du plus récent au plus ancien", "Newest first")) }
                    thead {
                        tr {
                            th scope="col" { (t(lang, "Date", "Date")) }
                            th scope="col" { (t(lang, "Poste", "Machine")) }
                            @for st in parts::STATUSES {
                                th.num scope="col" { (parts::status_symbol(st)) " " (parts::status_word(st, lang)) }
                            }
                        }
                    }
                    tbody {
                        @for a in audits.iter().rev() {
                            tr {
                                th scope="row" { a href=(format!("/audits/{}", a.id)) { (when(a, lang)) } }
                                td { (a.host.as_deref().unwrap_or("—")) }
                                td.num { (a.summary.pass) }
                                td.num { (a.summary.fail) }
                                td.num { (a.summary.unknown) }
                                td.num { (a.summary.not_applicable) }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The page shown while the audit runs: it reloads itself every second
/// (no script needed).
pub(crate) fn progress(ctx: &Ctx, phase: Phase) -> Markup {
    let lang = ctx.lang;
    let step = match phase {
        Phase::Collecting => t(
            lang,
            "Relevé des réglages du poste…",
            "Reading the machine's settings…",
        ),
        Phase::Judging => t(
            lang,
            "Comparaison avec le mémento…",
            "Comparing with the memento…",
        ),
        Phase::Recording => t(
            lang,
            "Enregistrement dans le dossier du cabinet…",
            "Recording in the practice record…",
        ),
    };
    let body = html! {
        h1 { (t(lang, "Audit en cours", "Audit running")) }
        p role="status" aria-live="polite" { (step) }
        progress max=(Phase::STEPS) value=(phase.step() - 1) aria-label=(t(lang, "Avancement de l'audit", "Audit progress")) {
            (phase.step() - 1) " / " (Phase::STEPS)
        }
        p.muted { (t(lang, "Cette page se met à jour toute seule.", "This page updates by itself.")) " "
            a href="/audit/progression" { (t(lang, "Actualiser", "Refresh")) } }
    };
    // The refresh goes in the head: a page of its own, built like the others.
    let markup = page(
        ctx,
        t(lang, "Audit en cours", "Audit running"),
        Nav::Audit,
        body,
    );
    let text = markup.into_string().replacen(
        "<head>",
        r#"<head><meta http-equiv="refresh" content="1">"#,
        1,
    );
    maud::PreEscaped(text)
}

/// One requirement whose status moved between two audits.
pub(crate) struct Change {
    pub id: String,
    pub before: Option<Status>,
    pub after: Status,
}

/// An audit and what changed since the one before it.
pub(crate) struct Outcome<'a> {
    pub id: i64,
    pub audit: &'a AuditSummary,
    pub previous: Option<&'a AuditSummary>,
    pub changes: Vec<Change>,
    /// The report of this audit, the record applied today, when it is the
    /// latest.
    pub report: Option<&'a Report>,
}

/// "2 changements : 1 amélioration, 1 exigence devenue non conforme."
fn changes_sentence(n: usize, better: usize, worse: usize, lang: Lang) -> String {
    let count = |n: usize, zero: &str, one: &str, many: &str| match n {
        0 => zero.to_string(),
        1 => one.to_string(),
        n => format!("{n} {many}"),
    };
    match lang {
        Lang::Fr => format!(
            "{} : {}, {}.",
            count(n, "aucun changement", "1 changement", "changements"),
            count(
                better,
                "aucune amélioration",
                "1 amélioration",
                "améliorations"
            ),
            count(
                worse,
                "aucune exigence devenue non conforme",
                "1 exigence devenue non conforme",
                "exigences devenues non conformes"
            ),
        ),
        Lang::En => format!(
            "{}: {}, {}.",
            count(n, "no change", "1 change", "changes"),
            count(better, "no improvement", "1 improvement", "improvements"),
            count(
                worse,
                "no requirement newly failing",
                "1 requirement newly failing",
                "requirements newly failing"
            ),
        ),
    }
}

fn change_kind(c: &Change) -> u8 {
    match (c.before, c.after) {
        (_, Status::Fail) => 0,
        (Some(Status::Fail), _) => 1,
        (_, Status::Pass) => 2,
        _ => 3,
    }
}

pub(crate) fn outcome(ctx: &Ctx, o: &Outcome, catalog: &Catalog) -> Markup {
    let lang = ctx.lang;
    let mut changes: Vec<&Change> = o.changes.iter().collect();
    changes.sort_by_key(|c| change_kind(c));
    let worse = changes.iter().filter(|c| c.after == Status::Fail).count();
    let better = changes
        .iter()
        .filter(|c| c.before == Some(Status::Fail) || c.after == Status::Pass)
        .filter(|c| c.after != Status::Fail)
        .count();
    let title = match lang {
        Lang::Fr => format!("Audit n° {}", o.id),
        Lang::En => format!("Audit no. {}", o.id),
    };
    let s = &o.audit.summary;
    page(
        ctx,
        &title,
        Nav::Audit,
        html! {
            h1 { (title) " — " (when(o.audit, lang)) }
            p {
                (o.audit.host.as_deref().unwrap_or("?")) " : "
                strong { (parts::counts_phrase(&vigie_audit::Counts {
                    pass: s.pass, fail: s.fail, unknown: s.unknown, not_applicable: s.not_applicable,
                }, lang)) } "."
            }
            section aria-labelledby="changements" {
                h2 #changements { (t(lang, "Ce qui a changé depuis le dernier audit", "What changed since the last audit")) }
                @match o.previous {
                    None => p { (t(lang, "C'est le premier audit enregistré : rien à comparer encore.", "This is the first recorded audit: nothing to compare yet.")) },
                    Some(prev) => {
                        p {
                            (t(lang, "Comparé à l'audit du ", "Compared with the audit of "))
                            a href=(format!("/audits/{}", prev.id)) { (when(prev, lang)) } " : "
                            @if changes.is_empty() {
                                strong { (t(lang, "aucun changement.", "no change.")) }
                            } @else {
                                strong { (changes_sentence(changes.len(), better, worse, lang)) }
                            }
                        }
                        @if !changes.is_empty() {
                            p.muted { (t(lang,
                                "Un changement peut venir du poste lui-même ou de vos réponses aux questions entre les deux audits.",
                                "A change may come from the machine itself or from your answers to the questions between the two audits.")) }
                            table {
                                caption { (t(lang, "Exigences dont le résultat a changé", "Requirements whose result changed")) }
                                thead {
                                    tr {
                                        th scope="col" { (t(lang, "Exigence", "Requirement")) }
                                        th scope="col" { (t(lang, "Avant", "Before")) }
                                        th scope="col" { (t(lang, "Maintenant", "Now")) }
                                        th scope="col" { (t(lang, "Texte du mémento", "Memento text")) }
                                    }
                                }
                                tbody {
                                    @for c in &changes {
                                        tr {
                                            th.when scope="row" { (c.id) }
                                            td { @match c.before {
                                                Some(b) => (parts::badge(b, lang)),
                                                None => (t(lang, "nouvelle", "new")),
                                            } }
                                            td { (parts::badge(c.after, lang)) }
                                            td lang="fr" { (catalog.requirement(&c.id).map(|r| r.text.fr.as_str()).unwrap_or("")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if let Some(report) = o.report {
                section aria-labelledby="resultats" {
                    h2 #resultats { (t(lang, "Résultats", "Results")) }
                    (summary_table(report, lang))
                    @let privileged = report.requirements.iter().filter(|r| r.needs_privileges).count();
                    @if privileged > 0 {
                        p.warning { (match lang {
                            Lang::Fr => format!("{privileged} contrôle(s) sont restés incomplets faute de droits administrateur : relancez l'audit en administrateur (« sudo vigie audit ») pour conclure."),
                            Lang::En => format!("{privileged} check(s) stayed incomplete without administrator rights: run the audit as administrator (\"sudo vigie audit\") to conclude."),
                        }) }
                    }
                }
            }
            div.actions-row {
                a.button href="/" { (t(lang, "Voir le tableau de bord", "See the dashboard")) }
                a.button.secondary href="/rapport/voir" target="_blank" rel="noopener" {
                    (t(lang, "Ouvrir le rapport", "Open the report"))
                    span.skip { (t(lang, " (nouvel onglet)", " (new tab)")) }
                }
            }
        },
    )
}

/// "Rapport": open, print, download.
pub(crate) fn report(ctx: &Ctx, report: Option<&Report>) -> Markup {
    let lang = ctx.lang;
    page(
        ctx,
        t(lang, "Rapport", "Report"),
        Nav::Report,
        html! {
            h1 { (t(lang, "Rapport d'audit", "Audit report")) }
            @match report {
                None => {
                    p { (t(lang, "Le rapport se fonde sur le dernier audit : lancez d'abord un audit.", "The report is built on the latest audit: run an audit first.")) }
                    p { a.button href="/audit" { (t(lang, "Audit du poste", "Machine audit")) } }
                }
                Some(r) => {
                    p {
                        (t(lang, "Le rapport reprend le dernier audit (", "The report covers the latest audit ("))
                        (parts::datetime_text(&r.audit.collected_at, lang))
                        (t(lang, ") avec vos réponses et vos prestataires à ce jour. C'est le même document que « vigie report --format html ».",
                               ") with your answers and providers as of today. It is the same document as \"vigie report --format html\"."))
                    }
                    div.actions-row {
                        a.button href="/rapport/voir" target="_blank" rel="noopener" {
                            (t(lang, "Ouvrir le rapport", "Open the report"))
                            span.skip { (t(lang, " (nouvel onglet)", " (new tab)")) }
                        }
                        a.button.secondary href="/rapport/rapport.html" download { (t(lang, "Télécharger (HTML)", "Download (HTML)")) }
                        a.button.secondary href="/rapport/rapport.md" download { (t(lang, "Télécharger (Markdown)", "Download (Markdown)")) }
                    }
                    p { (t(lang,
                        "Pour l'imprimer ou l'enregistrer en PDF : ouvrez-le, puis utilisez la commande Imprimer du navigateur (Ctrl+P, ou ⌘+P sur Mac) et choisissez votre imprimante ou « Enregistrer au format PDF ». Il est mis en page pour le format A4.",
                        "To print it or save it as PDF: open it, then use the browser's Print command (Ctrl+P, or ⌘+P on a Mac) and choose your printer or \"Save as PDF\". It is laid out for A4 paper.")) }
                }
            }
        },
    )
}
