//! The audit report as one self-contained, printable HTML file.
//!
//! Built with `maud`, whose templates escape every spliced value: nothing
//! read from the machine or typed by a person can become markup. The file
//! loads nothing (CSS inline, no font, image or script; a
//! Content-Security-Policy forbids any load), reads without JavaScript, and
//! prints on A4 with a page break before each major section and never
//! inside a requirement.

use crate::view::{self, t, STATUSES};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use vigie_audit::{Basis, Counts, Report, RequirementResult, Status};
use vigie_catalog::{Catalog, Lang, Method};
use vigie_practice::Role;

pub const CSS: &str = include_str!("../assets/report.css");

/// Forbids every load: styles are inline, nothing else is needed.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'";

/// A whole HTML document around `body`.
pub(crate) fn document(lang: Lang, title: &str, version: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang=(view::lang_code(lang)) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="generator" content=(format!("Vigie {version}"));
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body { (body) }
        }
    }
    .into_string()
}

/// A status as a badge: symbol and word, coloured.
pub fn badge(status: Status, lang: Lang) -> Markup {
    html! {
        span class=(format!("badge {}", view::status_class(status))) {
            (view::status_symbol(status)) " " (view::status_word(status, lang))
        }
    }
}

pub fn essential_tag(lang: Lang) -> Markup {
    html! { span.essential { "★ " (t(lang, "Incontournable", "Essential")) } }
}

/// The memento's text, French verbatim; its English translation under it
/// when the report is in English.
pub fn memento_text(catalog: &Catalog, id: &str, lang: Lang) -> Markup {
    let Some(req) = catalog.requirement(id) else {
        return html! {};
    };
    html! {
        blockquote.memento lang="fr" { (req.text.fr) }
        @if lang == Lang::En {
            p.translation lang="en" { "English: " (req.text.en) }
        }
    }
}

pub fn bar(counts: &Counts) -> Markup {
    let widths = view::bar_widths(counts);
    html! {
        span.bar aria-hidden="true" {
            @for (status, width) in STATUSES.iter().zip(widths) {
                @if width > 0.0 {
                    span class=(format!("seg {}", view::status_class(*status)))
                        style=(format!("width:{width}%")) {}
                }
            }
        }
    }
}

pub fn legend(lang: Lang) -> Markup {
    html! {
        p.legend {
            (t(lang, "Légende :", "Legend:"))
            @for s in STATUSES {
                span class=(format!("seg {}", view::status_class(s))) aria-hidden="true" {}
                (view::status_symbol(s)) " " (view::status_word(s, lang))
            }
        }
    }
}

/// The audit report. French by default; `lang` = English translates
/// everything but the memento's text, which stays French with its English
/// translation under it.
pub fn html(report: &Report, catalog: &Catalog, lang: Lang) -> String {
    let title = match &report.practice {
        Some(p) => format!(
            "{} — {}",
            t(lang, "Audit de sécurité", "Security audit"),
            p.name
        ),
        None => t(lang, "Audit de sécurité", "Security audit").to_string(),
    };
    let body = html! {
        (cover(report, catalog, lang))
        (toc(report, lang))
        (summary(report, lang))
        (failures(report, catalog, lang))
        (responsibilities(report, catalog, lang))
        (crate::backups::html(report, lang))
        (requirements(report, catalog, lang))
        (history(report, lang))
        (footer(report, catalog, lang))
    };
    document(lang, &title, &report.tool.version, body)
}

fn cover(report: &Report, catalog: &Catalog, lang: Lang) -> Markup {
    let target = &report.target;
    html! {
        header.cover {
            h1 { (t(lang, "Rapport d'audit de sécurité informatique", "IT security audit report")) }
            p.subtitle {
                (catalog.memento.title) " — " (catalog.memento.publisher) ", " (catalog.memento.edition)
            }
            dl.facts {
                @match &report.practice {
                    Some(p) => {
                        dt { (t(lang, "Cabinet", "Practice")) }
                        dd { strong { (p.name) } }
                        dt { (t(lang, "Profession", "Profession")) }
                        dd { (p.profession.get(lang)) " — " (view::organisation(&p.organisation, lang)) }
                        @if let Some(a) = &p.address {
                            dt { (t(lang, "Adresse", "Address")) }
                            dd { (a) }
                        }
                    }
                    None => {
                        dt { (t(lang, "Cabinet", "Practice")) }
                        dd { (t(lang, "non renseigné (« vigie init » l'enregistre)", "not recorded (\"vigie init\" records it)")) }
                    }
                }
                dt { (t(lang, "Date de l'audit", "Audit date")) }
                dd { strong { (view::day_text(&report.audit.as_of, lang)) } }
                dt { (t(lang, "Poste audité", "Audited machine")) }
                dd {
                    (target.host.as_deref().unwrap_or("?"))
                    " — " (view::target_kind(report, lang))
                }
                dt { (t(lang, "Système", "Operating system")) }
                dd {
                    (target.os.as_deref().unwrap_or(view::platform_name(target.platform)))
                }
                dt { (t(lang, "Droits administrateur", "Administrator rights")) }
                dd {
                    (view::yes_no(target.privileged, lang))
                    @if !target.privileged {
                        " — " (t(lang, "certains contrôles peuvent rester inconnus", "some checks may stay unknown"))
                    }
                }
                dt { (t(lang, "Preuves relevées le", "Evidence collected on")) }
                dd { (view::datetime_text(&report.audit.collected_at, lang)) }
                dt { (t(lang, "Catalogue", "Catalog")) }
                dd { (report.catalog_version) " — " (t(lang, "profil", "profile")) " " (report.profile) }
                dt { (t(lang, "Outil", "Tool")) }
                dd { (report.tool.name) " " (report.tool.version) }
            }
        }
    }
}

fn toc(report: &Report, lang: Lang) -> Markup {
    html! {
        nav.toc aria-label=(t(lang, "Sommaire", "Contents")) {
            ol {
                li { a href="#synthese" { (t(lang, "Synthèse", "Summary")) } }
                li { a href="#non-conformites" { (t(lang, "Non-conformités à corriger", "Failures to fix")) } }
                li { a href="#responsabilites" { (t(lang, "Répartition des responsabilités", "Who is responsible")) } }
                @if report.backups.is_some() {
                    li { a href=(format!("#{}", crate::backups::ID)) { (crate::backups::title(lang)) } }
                }
                li { a href="#exigences" { (t(lang, "Détail des exigences", "Every requirement")) } }
                li { a href="#historique" { (t(lang, "Historique des audits", "Audit history")) } }
            }
        }
    }
}

fn counts_row(label: Markup, counts: &Counts, class: &str) -> Markup {
    html! {
        tr class=(class) {
            th scope="row" { (label) }
            @for s in STATUSES {
                td.num { (view::count_of(counts, s)) }
            }
            td.num { (counts.total()) }
            td { (bar(counts)) }
        }
    }
}

fn summary(report: &Report, lang: Lang) -> Markup {
    let s = &report.summary;
    let warnings = view::provider_warnings(report);
    let lists = view::watch_lists(report, lang);
    html! {
        section #synthese {
            h2 { (t(lang, "Synthèse", "Summary")) }
            p {
                (match lang {
                    Lang::Fr => format!("Sur {} exigences du mémento : ", s.total.total()),
                    Lang::En => format!("Of the memento's {} requirements: ", s.total.total()),
                })
                strong { (view::counts_phrase(&s.total, lang)) } "."
            }
            p {
                (match lang {
                    Lang::Fr => format!("Les {} « incontournables » du mémento : ", s.essential.total()),
                    Lang::En => format!("The memento's {} essentials (\"incontournables\"): ", s.essential.total()),
                })
                strong { (view::counts_phrase(&s.essential, lang)) } "."
            }
            table {
                caption { (t(lang, "Résultats par thème", "Results per theme")) }
                thead {
                    tr {
                        th scope="col" { (t(lang, "Ensemble", "Set")) }
                        @for st in STATUSES {
                            th.num scope="col" { (view::status_symbol(st)) " " (view::status_word(st, lang)) }
                        }
                        th.num scope="col" { "Total" }
                        th scope="col" { (t(lang, "Répartition", "Share")) }
                    }
                }
                tbody {
                    (counts_row(html! { (t(lang, "Toutes les exigences", "All requirements")) }, &s.total, "total"))
                    (counts_row(html! { "★ " (t(lang, "Incontournables", "Essentials")) }, &s.essential, "total"))
                    @for theme in &s.themes {
                        (counts_row(html! { (theme.theme) " — " (theme.title.get(lang)) }, &theme.counts, ""))
                    }
                }
            }
            (legend(lang))
            @if !(warnings.is_empty() && lists.is_empty()) {
                h3 { (t(lang, "Points d'attention", "Points to watch")) }
                ul {
                    @for (p, w) in &warnings {
                        li.warning { "⚠ " (p.provider.name) (view::colon(lang)) (w.get(lang)) }
                    }
                    @for (label, list) in &lists {
                        li { (label) " " (ids(list)) }
                    }
                }
            }
        }
    }
}

/// Links to each requirement's detail.
fn ids(results: &[&RequirementResult]) -> Markup {
    html! {
        @for (i, r) in results.iter().enumerate() {
            @if i > 0 { ", " }
            a href=(format!("#req-{}", r.id)) { (r.id) }
        }
    }
}

fn failures(report: &Report, catalog: &Catalog, lang: Lang) -> Markup {
    let fails = view::failures(report);
    let essential = fails.iter().filter(|r| r.essential).count();
    html! {
        section.major #non-conformites {
            h2 { (t(lang, "Non-conformités à corriger en priorité", "Failures to fix first")) }
            @if fails.is_empty() {
                p { (t(lang, "Aucune non-conformité constatée.", "No failure found.")) }
            } @else {
                p {
                    (match lang {
                        Lang::Fr => format!("{} exigence(s) non conforme(s), dont {essential} incontournable(s), présentées par ordre d'importance : les incontournables d'abord.", fails.len()),
                        Lang::En => format!("{} failing requirement(s), {essential} of them essential, by importance: essentials first.", fails.len()),
                    })
                }
            }
            @for r in &fails {
                @if let Some(req) = catalog.requirement(&r.id) {
                    article.req.fail {
                        h3 {
                            span.rid { (r.id) }
                            (badge(r.status, lang))
                            @if r.essential { " " (essential_tag(lang)) }
                        }
                        (memento_text(catalog, &r.id, lang))
                        dl.facts {
                            dt { (t(lang, "Constat", "Finding")) }
                            dd { (r.reason.get(lang)) }
                            dt { (t(lang, "Responsable", "Responsible")) }
                            dd { (view::owner_text(r, lang)) }
                        }
                        div.fix {
                            strong { (t(lang, "À faire : ", "To do: ")) }
                            (view::fix(req, report.target.platform, lang))
                        }
                        @if !req.guidance.is_empty() {
                            p.muted { (t(lang, "Recommandations actuelles (postérieures au mémento de 2013) :", "Current guidance (since the 2013 memento):")) }
                            ul {
                                @for g in &req.guidance {
                                    li { (g.difference.get(lang)) " " span.muted { "(" (g.source) ")" } }
                                }
                            }
                        }
                        p.muted {
                            a href=(format!("#req-{}", r.id)) { (t(lang, "Détail et éléments relevés", "Details and evidence")) }
                        }
                    }
                }
            }
        }
    }
}

fn provider_block(report: &Report, role: Role, lang: Lang) -> Markup {
    let info = report.providers.iter().find(|p| p.provider.role == role);
    let delegated = view::delegated_to(report, role);
    html! {
        div.provider {
            h3 { (view::role_title(role, lang)) }
            @match info {
                Some(info) => {
                    (provider_facts(&info.provider, lang))
                    @for w in &info.warnings {
                        p.warning { "⚠ " (w.get(lang)) }
                    }
                }
                None => {
                    p {
                        (match role {
                            Role::A => t(lang, "Aucun prestataire de maintenance enregistré.", "No maintenance provider recorded."),
                            Role::B => t(lang, "Aucun hébergeur enregistré.", "No hosting provider recorded."),
                        })
                    }
                }
            }
            p {
                (match lang {
                    Lang::Fr => format!("Exigences qui lui sont déléguées : {}.", delegated.len()),
                    Lang::En => format!("Requirements delegated to it: {}.", delegated.len()),
                })
            }
        }
    }
}

/// The provider's name, contract date, and for a host its HDS certificate.
pub fn provider_facts(p: &vigie_practice::Provider, lang: Lang) -> Markup {
    html! {
        dl.facts {
            dt { (t(lang, "Société", "Company")) }
            dd { strong { (p.name) } }
            @if let Some(c) = &p.contact {
                dt { (t(lang, "Contact", "Contact")) }
                dd { (c) }
            }
            dt { (t(lang, "Contrat signé le", "Contract signed on")) }
            dd {
                @match p.contract_date {
                    Some(d) => (view::long_date(d, lang)),
                    None => (t(lang, "date non renseignée", "date not recorded")),
                }
            }
            @if p.role == Role::B {
                dt { (t(lang, "Certificat HDS", "HDS certificate")) }
                dd { (p.hds_certificate.as_deref().unwrap_or(t(lang, "non renseigné", "not recorded"))) }
                dt { (t(lang, "Expiration du certificat", "Certificate expiry")) }
                dd {
                    @match p.hds_expiry {
                        Some(d) => (view::long_date(d, lang)),
                        None => (t(lang, "non renseignée", "not recorded")),
                    }
                }
            }
        }
    }
}

fn responsibilities(report: &Report, catalog: &Catalog, lang: Lang) -> Markup {
    let rows = view::delegable(report);
    let others = report.requirements.len() - rows.len();
    html! {
        section.major #responsabilites {
            h2 { (t(lang, "Répartition des responsabilités (prestataires A et B)", "Who is responsible (providers A and B)")) }
            p {
                (t(lang,
                    "Le mémento marque A les exigences que le cabinet peut confier à son prestataire de maintenance et B celles qu'il peut confier à son hébergeur. Déléguer ne masque aucune non-conformité : le constat reste, avec son responsable.",
                    "The memento marks A the requirements the practice may hand over to its maintenance provider, and B those it may hand over to its hosting provider. Delegating hides no failure: the finding stays, with who is responsible for it."))
            }
            (provider_block(report, Role::A, lang))
            (provider_block(report, Role::B, lang))
            table {
                caption { (t(lang, "Exigences délégables et leur responsable", "Delegable requirements and who holds them")) }
                thead {
                    tr {
                        th scope="col" { (t(lang, "Exigence", "Requirement")) }
                        th scope="col" { (t(lang, "Texte du mémento", "Memento text")) }
                        th scope="col" { (t(lang, "Délégable (mémento)", "Delegable (memento)")) }
                        th scope="col" { (t(lang, "Responsable", "Held by")) }
                        th scope="col" { (t(lang, "Statut", "Status")) }
                    }
                }
                tbody {
                    @for r in &rows {
                        tr {
                            th scope="row" { a href=(format!("#req-{}", r.id)) { (r.id) } }
                            td lang="fr" { (catalog.requirement(&r.id).map(|q| q.text.fr.as_str()).unwrap_or("")) }
                            td { (view::delegation_label(r.delegation, lang)) }
                            td { (view::owner_text(r, lang)) }
                            td { (badge(r.status, lang)) }
                        }
                    }
                }
            }
            p.muted {
                (match lang {
                    Lang::Fr => format!("Les {others} autres exigences ne sont pas délégables : le cabinet en reste seul responsable."),
                    Lang::En => format!("The other {others} requirements cannot be delegated: the practice alone holds them."),
                })
            }
        }
    }
}

fn how_established(r: &RequirementResult, lang: Lang) -> Markup {
    html! {
        (view::basis_label(r, lang))
        @if let Some(m) = r.machine_status {
            @if r.method == Method::Both {
                " — " (t(lang, "la machine seule : ", "the machine alone: ")) (badge(m, lang))
            }
        }
        @if let Some(d) = &r.declaration {
            @if r.basis == Basis::Declaration || r.basis == Basis::MachineAndDeclaration {
                " — " (view::declaration_text(d, lang))
            }
        }
    }
}

/// One requirement in full: status, how it was established, why, who holds
/// it and what was seen.
fn requirement(r: &RequirementResult, catalog: &Catalog, lang: Lang) -> Markup {
    let essential = catalog
        .requirement(&r.id)
        .and_then(|q| q.essential.as_ref());
    html! {
        article class=(format!("req {}", view::status_class(r.status))) id=(format!("req-{}", r.id)) {
            h5 {
                span.rid { (r.id) }
                (badge(r.status, lang))
                @if r.essential { " " (essential_tag(lang)) }
            }
            (memento_text(catalog, &r.id, lang))
            @if let Some(e) = essential {
                p.muted { "★ " (e.text.get(lang)) }
            }
            dl.facts {
                dt { (t(lang, "Établi par", "Established by")) }
                dd { (how_established(r, lang)) }
                dt { (t(lang, "Constat", "Finding")) }
                dd { (r.reason.get(lang)) }
                @if let Some(d) = &r.declaration {
                    @if let Some(note) = &d.note {
                        dt { (t(lang, "Note", "Note")) }
                        dd { (note) }
                    }
                    @if let Some(proof) = &d.proof {
                        dt { (t(lang, "Justificatif", "Proof")) }
                        dd { (proof) }
                    }
                }
                dt { (t(lang, "Responsable", "Responsible")) }
                dd { (view::owner_text(r, lang)) }
                @if r.needs_privileges {
                    dt { (t(lang, "Droits", "Rights")) }
                    dd { (t(lang, "relancer l'audit avec les droits administrateur pour conclure", "run the audit again with administrator rights to conclude")) }
                }
            }
            @if !r.evidence.is_empty() {
                p.muted { (t(lang, "Éléments relevés :", "Evidence seen:")) }
                ul.evidence {
                    @for e in &r.evidence {
                        li {
                            code { (view::evidence_place(e)) }
                            " "
                            @if let Some(k) = &e.key { code { (k) } " = " }
                            code { (e.value) }
                        }
                    }
                }
            }
        }
    }
}

fn requirements(report: &Report, catalog: &Catalog, lang: Lang) -> Markup {
    let groups = view::grouped(&report.requirements, catalog, lang);
    html! {
        section.major #exigences {
            h2 { (t(lang, "Détail des exigences", "Every requirement")) }
            p {
                (t(lang,
                    "Chaque exigence du mémento, dans son ordre : son texte, son statut, comment il a été établi (constat sur la machine, déclaration d'une personne, ou les deux), le constat et les éléments relevés (fichier:ligne clé = valeur).",
                    "Every requirement of the memento, in its order: its text, its status, how it was established (machine check, a person's declaration, or both), the finding and the evidence seen (file:line key = value)."))
            }
            (legend(lang))
            @for theme in &groups {
                section {
                    h3 { (t(lang, "Thème", "Theme")) " " (theme.number) " — " (theme.title) }
                    @for rule in &theme.rules {
                        h4 { (rule.number) " — " (rule.title) }
                        @for r in &rule.requirements {
                            (requirement(r, catalog, lang))
                        }
                    }
                }
            }
        }
    }
}

fn history(report: &Report, lang: Lang) -> Markup {
    let rows = view::audit_rows(report, lang);
    html! {
        section.major #historique {
            h2 { (t(lang, "Historique des audits", "Audit history")) }
            @if report.history.is_empty() {
                p { (t(lang, "Aucun audit précédent enregistré.", "No earlier audit recorded.")) }
            }
            p { strong { (view::trend_sentence(&rows, lang)) } }
            table {
                caption { (t(lang, "Résultats des audits successifs", "Results of successive audits")) }
                thead {
                    tr {
                        th scope="col" { "Date" }
                        th scope="col" { (t(lang, "Poste", "Machine")) }
                        @for s in STATUSES {
                            th.num scope="col" { (view::status_symbol(s)) " " (view::status_word(s, lang)) }
                        }
                        th.num scope="col" { (t(lang, "Évolution ✓ / ✗", "Change ✓ / ✗")) }
                        th scope="col" { (t(lang, "Répartition", "Share")) }
                    }
                }
                tbody {
                    @for row in &rows {
                        tr class=(if row.current { "current" } else { "" }) {
                            th.when scope="row" {
                                (row.when)
                                @if row.current { " (" (t(lang, "cet audit", "this audit")) ")" }
                            }
                            td { (row.host.as_deref().unwrap_or("—")) }
                            @for s in STATUSES {
                                td.num { (view::count_of(&row.counts, s)) }
                            }
                            td.num {
                                @match row.delta {
                                    Some((p, f)) => { (view::signed(p)) " / " (view::signed(f)) }
                                    None => "—",
                                }
                            }
                            td { (bar(&row.counts)) }
                        }
                    }
                }
            }
        }
    }
}

fn footer(report: &Report, catalog: &Catalog, lang: Lang) -> Markup {
    html! {
        footer {
            p {
                (match lang {
                    Lang::Fr => format!(
                        "Rapport produit par Vigie {} (catalogue {}) pour l'audit du {}. Référence : {}, {} ({}).",
                        report.tool.version, report.catalog_version, view::day_text(&report.audit.as_of, lang),
                        catalog.memento.title, catalog.memento.publisher, catalog.memento.edition),
                    Lang::En => format!(
                        "Report produced by Vigie {} (catalog {}) for the audit of {}. Reference: {}, {} ({}).",
                        report.tool.version, report.catalog_version, view::day_text(&report.audit.as_of, lang),
                        catalog.memento.title, catalog.memento.publisher, catalog.memento.edition),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badges_carry_symbol_and_word() {
        let b = badge(Status::Fail, Lang::Fr).into_string();
        assert_eq!(b, r#"<span class="badge fail">✗ Non conforme</span>"#);
        let b = badge(Status::NotApplicable, Lang::En).into_string();
        assert!(b.contains("– Not applicable"), "{b}");
    }

    #[test]
    fn css_cannot_close_its_style_element() {
        assert!(!CSS.contains("</"));
        assert!(!CSS.contains("url("), "no resource fetched from CSS");
        assert!(!CSS.contains("@import"));
    }
}
