//! The pages, as maud templates (every spliced value escaped), built from
//! the report's pieces (`vigie_report::parts`) so that the pages and the
//! printed report look alike. French first; English on request.

pub(crate) mod audit;
pub(crate) mod dashboard;
pub(crate) mod providers;
pub(crate) mod questions;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use vigie_audit::{Report, RequirementResult};
use vigie_catalog::{Catalog, Lang, Method};
use vigie_report::parts::{self, t};

const UI_CSS: &str = include_str!("../../assets/ui.css");

/// What every page knows of its request.
pub(crate) struct Ctx {
    pub lang: Lang,
    /// The page's own path, where the language switch comes back to.
    pub path: String,
}

/// The menu entries.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nav {
    Home,
    Audit,
    Questions,
    Providers,
    Report,
    None,
}

fn document(lang: Lang, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(parts::lang_code(lang)) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — Vigie" }
                style { (PreEscaped(parts::CSS)) (PreEscaped(UI_CSS)) }
            }
            body { (body) }
        }
    }
}

/// A whole page: skip link, header with the menu and the language switch,
/// then `main`.
pub(crate) fn page(ctx: &Ctx, title: &str, active: Nav, main: Markup) -> Markup {
    let lang = ctx.lang;
    let entries = [
        (Nav::Home, "/", t(lang, "Tableau de bord", "Dashboard")),
        (
            Nav::Audit,
            "/audit",
            t(lang, "Audit du poste", "Machine audit"),
        ),
        (
            Nav::Questions,
            "/questions",
            t(lang, "Questions", "Questions"),
        ),
        (
            Nav::Providers,
            "/prestataires",
            t(lang, "Prestataires", "Providers"),
        ),
        (Nav::Report, "/rapport", t(lang, "Rapport", "Report")),
    ];
    let (other, other_label) = match lang {
        Lang::Fr => ("en", "English"),
        Lang::En => ("fr", "Français"),
    };
    document(
        lang,
        title,
        html! {
            a.skip href="#contenu" { (t(lang, "Aller au contenu", "Skip to content")) }
            header.site {
                a.brand href="/" {
                    "Vigie " small { (t(lang, "— sécurité informatique du cabinet", "— the practice's IT security")) }
                }
                form.lang method="post" action="/langue" {
                    input type="hidden" name="lang" value=(other);
                    input type="hidden" name="retour" value=(ctx.path);
                    button.secondary.small type="submit" lang=(other) { (other_label) }
                }
                nav.main aria-label=(t(lang, "Menu principal", "Main menu")) {
                    ul {
                        @for (nav, href, label) in entries {
                            li {
                                @if nav == active {
                                    a href=(href) aria-current="page" { (label) }
                                } @else {
                                    a href=(href) { (label) }
                                }
                            }
                        }
                    }
                }
            }
            main #contenu tabindex="-1" { (main) }
            footer {
                p { (t(lang,
                    "Vigie fonctionne entièrement sur cet ordinateur : rien n'est envoyé sur Internet. Pour arrêter l'interface, fermez la fenêtre du terminal où « vigie ui » tourne (ou Ctrl-C).",
                    "Vigie runs entirely on this computer: nothing is sent to the Internet. To stop the interface, close the terminal window where \"vigie ui\" runs (or Ctrl-C).")) }
            }
        },
    )
}

/// An HTML answer.
pub(crate) fn respond(status: StatusCode, markup: Markup) -> Response {
    let mut response = (status, markup.into_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// Why a request was turned away.
pub(crate) enum Refusal {
    ForeignHost,
    NoSession,
    BadToken,
    CrossSite,
}

/// A refusal, in French then English (the person may have no session,
/// hence no language yet).
pub(crate) fn refusal(status: StatusCode, why: Refusal) -> Response {
    let (fr_title, fr, en_title, en) = match why {
        Refusal::ForeignHost => (
            "Adresse refusée",
            "Cette page n'est servie qu'à l'adresse locale de cet ordinateur (127.0.0.1 ou localhost). Une autre adresse a été utilisée : la demande est refusée.",
            "Address refused",
            "This page is only served at this computer's local address (127.0.0.1 or localhost). Another address was used: the request is refused.",
        ),
        Refusal::NoSession => (
            "Accès refusé : session absente",
            "Pour ouvrir l'interface de Vigie, lancez « vigie ui » dans un terminal : il ouvre votre navigateur avec un lien d'accès personnel. Si vous avez fermé le navigateur, relancez « vigie ui ».",
            "Access refused: no session",
            "To open Vigie's interface, run \"vigie ui\" in a terminal: it opens your browser with a personal access link. If you closed the browser, run \"vigie ui\" again.",
        ),
        Refusal::BadToken => (
            "Lien d'accès invalide ou déjà utilisé",
            "Ce lien d'accès ne sert qu'une fois. Relancez « vigie ui » pour en obtenir un nouveau.",
            "Access link invalid or already used",
            "This access link works only once. Run \"vigie ui\" again to get a new one.",
        ),
        Refusal::CrossSite => (
            "Demande refusée : elle ne vient pas de Vigie",
            "Une modification ne peut être demandée que depuis les pages de Vigie elles-mêmes. Cette demande venait d'un autre site ou d'une autre page : rien n'a été modifié.",
            "Request refused: it does not come from Vigie",
            "A change can only be asked from Vigie's own pages. This request came from another site or page: nothing was changed.",
        ),
    };
    respond(
        status,
        document(
            Lang::Fr,
            fr_title,
            html! {
                main {
                    h1 { (fr_title) }
                    p { (fr) }
                    section lang="en" {
                        h2 { (en_title) }
                        p { (en) }
                    }
                }
            },
        ),
    )
}

/// An error page in the session's language.
pub(crate) fn problem(ctx: &Ctx, status: StatusCode, title: &str, text: &str) -> Response {
    respond(
        status,
        page(
            ctx,
            title,
            Nav::None,
            html! {
                h1 { (title) }
                p.error role="alert" { (text) }
                p { a href="/" { (t(ctx.lang, "Retour au tableau de bord", "Back to the dashboard")) } }
            },
        ),
    )
}

/// A failing requirement as a card: the memento's text, what was found,
/// why it matters, what to do, who is responsible.
pub(crate) fn action(
    r: &RequirementResult,
    report: &Report,
    catalog: &Catalog,
    lang: Lang,
) -> Markup {
    let Some(req) = catalog.requirement(&r.id) else {
        return html! {};
    };
    html! {
        article class=(format!("req {}", parts::status_class(r.status))) id=(format!("action-{}", r.id)) {
            h3 {
                span.rid { (r.id) }
                (parts::badge(r.status, lang))
                @if r.essential { " " (parts::essential_tag(lang)) }
            }
            (parts::memento_text(catalog, &r.id, lang))
            dl.facts {
                dt { (t(lang, "Constat", "Finding")) }
                dd { (r.reason.get(lang)) }
                dt { (t(lang, "Pourquoi c'est important", "Why it matters")) }
                dd { (req.why.get(lang)) }
                dt { (t(lang, "Responsable", "Responsible")) }
                dd { (parts::owner_text(r, lang)) }
            }
            div.fix {
                strong { (t(lang, "À faire : ", "To do: ")) }
                (parts::fix(req, report.target.platform, lang))
            }
            @if req.method != Method::Auto {
                p {
                    a href=(format!("/questions/theme/{}#q-{}", r.theme, r.id)) {
                        (t(lang, "Mettre à jour la réponse à cette question", "Update the answer to this question"))
                        span.skip { " " (r.id) }
                    }
                }
            }
        }
    }
}

/// Counts per theme, with the incontournables, as in the report.
pub(crate) fn summary_table(report: &Report, lang: Lang) -> Markup {
    let s = &report.summary;
    let row = |label: Markup, counts: &vigie_audit::Counts, class: &str| {
        html! {
            tr class=(class) {
                th scope="row" { (label) }
                @for st in parts::STATUSES {
                    td.num { (parts::count_of(counts, st)) }
                }
                td { (parts::bar(counts)) }
            }
        }
    };
    html! {
        table {
            caption { (t(lang, "Résultats par thème", "Results per theme")) }
            thead {
                tr {
                    th scope="col" { (t(lang, "Ensemble", "Set")) }
                    @for st in parts::STATUSES {
                        th.num scope="col" { (parts::status_symbol(st)) " " (parts::status_word(st, lang)) }
                    }
                    th scope="col" { (t(lang, "Répartition", "Share")) }
                }
            }
            tbody {
                (row(html! { "★ " (t(lang, "Incontournables", "Essentials")) }, &s.essential, "total"))
                @for theme in &s.themes {
                    (row(html! { (theme.theme) " — " (theme.title.get(lang)) }, &theme.counts, ""))
                }
                (row(html! { (t(lang, "Toutes les exigences", "All requirements")) }, &s.total, "total"))
            }
        }
        (parts::legend(lang))
    }
}
