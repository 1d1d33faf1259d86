//! The dashboard: where the practice stands, and what to do first.

use super::{action, page, summary_table, Ctx, Nav};
use crate::questions::Tally;
use maud::{html, Markup};
use vigie_audit::Report;
use vigie_catalog::{Catalog, Lang};
use vigie_practice::Practice;
use vigie_report::parts::{self, t};

/// How many failures the dashboard shows before "see them all".
pub(crate) const FIRST_ACTIONS: usize = 5;

pub(crate) struct Dashboard<'a> {
    pub practice: &'a Practice,
    /// The latest audit's number and its report, the record applied today.
    pub latest: Option<(i64, &'a Report)>,
    pub questions: Tally,
    /// Context questions never answered.
    pub context_open: usize,
}

pub(crate) fn render(ctx: &Ctx, d: &Dashboard, catalog: &Catalog) -> Markup {
    let lang = ctx.lang;
    let p = d.practice;
    let title = t(lang, "Tableau de bord", "Dashboard");
    page(
        ctx,
        title,
        Nav::Home,
        html! {
            h1 { (p.name) }
            p.subtitle { (p.profession.label(lang)) " — " (p.organisation.label(lang)) }
            @match d.latest {
                None => {
                    section.notice {
                        h2 { (t(lang, "Aucun audit pour l'instant", "No audit yet")) }
                        p { (t(lang,
                            "Commencez par un audit de ce poste : il vérifie en quelques secondes les réglages de sécurité de l'ordinateur, sans rien modifier.",
                            "Start with an audit of this machine: it checks the computer's security settings in a few seconds, without changing anything.")) }
                        form method="post" action="/audit" {
                            button type="submit" { (t(lang, "Lancer un audit", "Run an audit")) }
                        }
                    }
                }
                Some((id, report)) => { (overview(lang, id, report, catalog, d)) }
            }
            (questions(lang, d))
            @if let Some((_, report)) = d.latest {
                (providers(lang, report))
            }
        },
    )
}

fn overview(lang: Lang, id: i64, report: &Report, catalog: &Catalog, d: &Dashboard) -> Markup {
    let to_answer = d.questions.open + d.questions.stale + d.context_open;
    let s = &report.summary;
    let fails = parts::failures(report);
    let essential_fails = fails.iter().filter(|r| r.essential).count();
    html! {
        section aria-labelledby="etat" {
            h2 #etat { (t(lang, "Où en est le cabinet", "Where the practice stands")) }
            p {
                (t(lang, "Dernier audit : ", "Latest audit: "))
                a href=(format!("/audits/{id}")) { (parts::datetime_text(&report.audit.collected_at, lang)) }
                " — " (report.target.host.as_deref().unwrap_or("?"))
                " (" (parts::target_kind(report, lang)) ")."
            }
            div.cards {
                div.card {
                    h3 { "★ " (t(lang, "Incontournables", "Essentials")) }
                    p { (parts::counts_phrase(&s.essential, lang)) }
                }
                div.card {
                    h3 { (t(lang, "Toutes les exigences", "All requirements")) }
                    p { (parts::counts_phrase(&s.total, lang)) }
                }
                div.card {
                    h3 { (t(lang, "Questions à répondre", "Questions to answer")) }
                    p {
                        span.big { (to_answer) } " "
                        (t(lang, "— beaucoup d'exigences « inconnues » se règlent simplement en y répondant.", "— many \"unknown\" requirements are settled just by answering them."))
                    }
                    p { a href="/questions" { (t(lang, "Répondre aux questions", "Answer the questions")) } }
                }
            }
            (summary_table(report, lang))
            div.actions-row {
                form method="post" action="/audit" {
                    button type="submit" { (t(lang, "Relancer un audit", "Run a new audit")) }
                }
                a.button.secondary href="/rapport/voir" target="_blank" rel="noopener" {
                    (t(lang, "Ouvrir le rapport complet", "Open the full report"))
                    span.skip { (t(lang, " (nouvel onglet)", " (new tab)")) }
                }
            }
        }
        section aria-labelledby="priorites" {
            h2 #priorites { (t(lang, "À faire en priorité", "What to do first")) }
            @if fails.is_empty() {
                p.notice { (t(lang, "Aucune non-conformité constatée : rien d'urgent.", "No failure found: nothing urgent.")) }
            } @else {
                p {
                    (match lang {
                        Lang::Fr => format!("{} exigence(s) non conforme(s), dont {essential_fails} incontournable(s). Les incontournables d'abord :", fails.len()),
                        Lang::En => format!("{} failing requirement(s), {essential_fails} of them essential. Essentials first:", fails.len()),
                    })
                }
                @for r in fails.iter().take(FIRST_ACTIONS) {
                    (action(r, report, catalog, lang))
                }
                @if fails.len() > FIRST_ACTIONS {
                    p { a href="/actions" {
                        (match lang {
                            Lang::Fr => format!("Voir les {} non-conformités", fails.len()),
                            Lang::En => format!("See all {} failures", fails.len()),
                        })
                    } }
                }
            }
        }
    }
}

fn questions(lang: Lang, d: &Dashboard) -> Markup {
    let q = d.questions;
    html! {
        section aria-labelledby="questions" {
            h2 #questions { (t(lang, "Questions au cabinet", "Questions to the practice")) }
            p { (t(lang,
                "Beaucoup d'exigences ne se vérifient sur aucun ordinateur (information des patients, contrats, locaux, sauvegardes…) : vous y répondez ici, à votre rythme.",
                "Many requirements cannot be checked on any computer (informing patients, contracts, premises, backups…): you answer them here, at your own pace.")) }
            ul {
                @if d.context_open > 0 {
                    li { a href="/questions/contexte" {
                        (match lang {
                            Lang::Fr => format!("{} question(s) de contexte à répondre d'abord", d.context_open),
                            Lang::En => format!("{} context question(s) to answer first", d.context_open),
                        })
                    } }
                }
                li { (match lang {
                    Lang::Fr => format!("{} question(s) sans réponse, {} réponse(s) périmée(s) à renouveler", q.open, q.stale),
                    Lang::En => format!("{} unanswered question(s), {} stale answer(s) to renew", q.open, q.stale),
                }) }
                @if q.soon > 0 {
                    li { (match lang {
                        Lang::Fr => format!("{} réponse(s) à revoir dans les 30 prochains jours", q.soon),
                        Lang::En => format!("{} answer(s) to review within 30 days", q.soon),
                    }) }
                }
                li { (match lang {
                    Lang::Fr => format!("{} réponse(s) à jour, {} question(s) sans objet d'après le contexte", q.current + q.soon, q.moot),
                    Lang::En => format!("{} answer(s) up to date, {} question(s) moot given the context", q.current + q.soon, q.moot),
                }) }
            }
            p { a.button href="/questions" { (t(lang, "Répondre aux questions", "Answer the questions")) } }
        }
    }
}

fn providers(lang: Lang, report: &Report) -> Markup {
    let warnings: Vec<_> = report
        .providers
        .iter()
        .flat_map(|p| p.warnings.iter().map(move |w| (p, w)))
        .collect();
    html! {
        @if !warnings.is_empty() {
            section aria-labelledby="prestataires" {
                h2 #prestataires { (t(lang, "Prestataires : points d'attention", "Providers: points to watch")) }
                ul {
                    @for (p, w) in &warnings {
                        li.warning { "⚠ " (p.provider.name) (parts::colon(lang)) (w.get(lang)) }
                    }
                }
                p { a href="/prestataires" { (t(lang, "Voir les prestataires", "See the providers")) } }
            }
        }
    }
}

/// Every failure, by importance.
pub(crate) fn actions(ctx: &Ctx, report: &Report, catalog: &Catalog) -> Markup {
    let lang = ctx.lang;
    let fails = parts::failures(report);
    page(
        ctx,
        t(lang, "Non-conformités à corriger", "Failures to fix"),
        Nav::Home,
        html! {
            h1 { (t(lang, "Non-conformités à corriger", "Failures to fix")) }
            p { (t(lang, "Par ordre d'importance : les incontournables du mémento d'abord.", "By importance: the memento's essentials first.")) }
            @if fails.is_empty() {
                p.notice { (t(lang, "Aucune non-conformité constatée.", "No failure found.")) }
            }
            @for r in &fails {
                (action(r, report, catalog, lang))
            }
        },
    )
}
