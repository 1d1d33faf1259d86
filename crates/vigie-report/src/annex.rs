//! The contract annex: for one provider (the memento's A, maintenance, or B,
//! hosting), the requirements the practice hands over to it, grouped by
//! rule, each with the memento's text verbatim, whether it is one of the
//! "incontournables", and its status at the last audit.
//!
//! This is what the memento's rule 1.3.1 asks a contract to contain: "Le
//! contrat prévoit que le tiers fournisseur de service s'engage à respecter
//! les éléments du Mémento et les référentiels cités en référence qui le
//! concernent." The annex names those elements.

use crate::html::{badge, document, essential_tag, memento_text, provider_facts};
use crate::markdown::{self, text};
use crate::view::{self, t};
use maud::{html, Markup};
use std::fmt::Write;
use vigie_audit::{Report, RequirementResult};
use vigie_catalog::{Catalog, Lang};
use vigie_practice::Role;

/// The rule the annex answers, quoted from the catalog (French verbatim).
const CONTRACT_RULE: &str = "1.3.1";
const CONTRACT_REQUIREMENT: &str = "1.3.1.a";

/// "au prestataire de maintenance (A)", "à l'hébergeur (B)".
fn to_role(role: Role) -> &'static str {
    match role {
        Role::A => "au prestataire de maintenance (A)",
        Role::B => "à l'hébergeur (B)",
    }
}

fn title(role: Role, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "Annexe au contrat — exigences de sécurité confiées {}",
            to_role(role)
        ),
        Lang::En => format!(
            "Contract annex — security requirements entrusted to the {}",
            role.label(lang)
        ),
    }
}

/// Why this annex exists, with the memento's words.
fn purpose(catalog: &Catalog, lang: Lang) -> (String, String) {
    let rule = catalog
        .rule(CONTRACT_RULE)
        .map(|r| r.title.fr.clone())
        .unwrap_or_default();
    let clause = catalog
        .requirement(CONTRACT_REQUIREMENT)
        .map(|r| r.text.fr.clone())
        .unwrap_or_default();
    let intro = match lang {
        Lang::Fr => format!(
            "Cette annexe répond à la règle {CONTRACT_RULE} du mémento de sécurité PGSSI-S, « {rule} ». Elle liste, règle par règle, les exigences du mémento que le cabinet confie à ce prestataire, avec leur texte et leur état lors du dernier audit. Le mémento demande :"
        ),
        Lang::En => format!(
            "This annex answers rule {CONTRACT_RULE} of the PGSSI-S security memento, \"{rule}\". It lists, rule by rule, the memento's requirements the practice entrusts to this provider, with their text and their status at the last audit. The memento asks (in French):"
        ),
    };
    (intro, clause)
}

fn nothing_delegated(role: Role, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "Aucune exigence du mémento n'est déléguée {} : le cabinet les assume toutes lui-même.",
            to_role(role)
        ),
        Lang::En => format!(
            "No requirement of the memento is delegated to the {}: the practice holds them all itself.",
            role.label(lang)
        ),
    }
}

fn no_provider(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::A => t(
            lang,
            "Aucun prestataire de maintenance n'est enregistré (« vigie providers » l'enregistre).",
            "No maintenance provider is recorded (\"vigie providers\" records it).",
        ),
        Role::B => t(
            lang,
            "Aucun hébergeur n'est enregistré (« vigie providers » l'enregistre).",
            "No hosting provider is recorded (\"vigie providers\" records it).",
        ),
    }
}

fn count_sentence(delegated: &[&RequirementResult], report: &Report, lang: Lang) -> String {
    let essential = delegated.iter().filter(|r| r.essential).count();
    let date = view::day_text(&report.audit.as_of, lang);
    match lang {
        Lang::Fr => format!(
            "{} exigence(s) confiée(s), dont {essential} incontournable(s). État constaté lors de l'audit du {date}.",
            delegated.len()
        ),
        Lang::En => format!(
            "{} requirement(s) entrusted, {essential} of them essential. Status as found by the audit of {date}.",
            delegated.len()
        ),
    }
}

fn generated(report: &Report, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "Annexe produite par Vigie {} (catalogue {}) à partir de l'audit du {}.",
            report.tool.version,
            report.catalog_version,
            view::day_text(&report.audit.as_of, lang)
        ),
        Lang::En => format!(
            "Annex produced by Vigie {} (catalog {}) from the audit of {}.",
            report.tool.version,
            report.catalog_version,
            view::day_text(&report.audit.as_of, lang)
        ),
    }
}

/// The annex for the provider holding `role`, as one self-contained HTML file.
pub fn annex_html(report: &Report, catalog: &Catalog, role: Role, lang: Lang) -> String {
    let delegated = view::delegated_to(report, role);
    let provider = report.providers.iter().find(|p| p.provider.role == role);
    let (intro, clause) = purpose(catalog, lang);
    let title = title(role, lang);
    let body = html! {
        header.cover {
            h1 { (title) }
            p.subtitle {
                (catalog.memento.title) " — " (catalog.memento.publisher) ", " (catalog.memento.edition)
            }
        }
        p { (intro) }
        blockquote.memento lang="fr" { (clause) }
        h2 { (t(lang, "Les parties", "The parties")) }
        h3 { (t(lang, "Le cabinet", "The practice")) }
        @match &report.practice {
            Some(p) => {
                dl.facts {
                    dt { (t(lang, "Cabinet", "Practice")) }
                    dd { strong { (p.name) } }
                    dt { (t(lang, "Profession", "Profession")) }
                    dd { (p.profession.get(lang)) " — " (view::organisation(&p.organisation, lang)) }
                    @if let Some(a) = &p.address {
                        dt { (t(lang, "Adresse", "Address")) }
                        dd { (a) }
                    }
                }
            }
            None => p { (t(lang, "Cabinet non renseigné (« vigie init » l'enregistre).", "Practice not recorded (\"vigie init\" records it).")) },
        }
        h3 { (view::role_title(role, lang)) }
        @match provider {
            Some(info) => {
                (provider_facts(&info.provider, lang))
                @for w in &info.warnings {
                    p.warning { "⚠ " (w.get(lang)) }
                }
            }
            None => p { (no_provider(role, lang)) },
        }
        h2 { (t(lang, "Exigences confiées au prestataire", "Requirements entrusted to the provider")) }
        @if delegated.is_empty() {
            p { strong { (nothing_delegated(role, lang)) } }
        } @else {
            p { (count_sentence(&delegated, report, lang)) }
            (delegated_html(&delegated, catalog, lang))
        }
        div.signatures {
            div { (t(lang, "Pour le cabinet — date et signature", "For the practice — date and signature")) }
            div { (t(lang, "Pour le prestataire — date et signature", "For the provider — date and signature")) }
        }
        footer { p { (generated(report, lang)) } }
    };
    document(lang, &title, &report.tool.version, body)
}

fn delegated_html(delegated: &[&RequirementResult], catalog: &Catalog, lang: Lang) -> Markup {
    let groups = view::grouped(delegated.iter().copied(), catalog, lang);
    html! {
        @for theme in &groups {
            @for rule in &theme.rules {
                h3 { (t(lang, "Règle", "Rule")) " " (rule.number) " — " (rule.title) }
                @for r in &rule.requirements {
                    article class=(format!("req {}", view::status_class(r.status))) {
                        h4 {
                            span.rid { (r.id) }
                            @if r.essential { (essential_tag(lang)) }
                        }
                        (memento_text(catalog, &r.id, lang))
                        p {
                            (t(lang, "État au dernier audit : ", "Status at the last audit: "))
                            (badge(r.status, lang))
                        }
                    }
                }
            }
        }
    }
}

/// The annex for the provider holding `role`, in Markdown.
pub fn annex_markdown(report: &Report, catalog: &Catalog, role: Role, lang: Lang) -> String {
    let delegated = view::delegated_to(report, role);
    let provider = report.providers.iter().find(|p| p.provider.role == role);
    let (intro, clause) = purpose(catalog, lang);
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "# {}\n\n*{}*\n\n{}\n\n> {}\n",
        text(&title(role, lang)),
        text(&format!(
            "{} — {}, {}",
            catalog.memento.title, catalog.memento.publisher, catalog.memento.edition
        )),
        text(&intro),
        text(&clause)
    );
    let _ = writeln!(
        w,
        "## {}\n\n### {}\n",
        t(lang, "Les parties", "The parties"),
        t(lang, "Le cabinet", "The practice")
    );
    match &report.practice {
        Some(p) => {
            let _ = writeln!(
                w,
                "- **{}**{}{}",
                t(lang, "Cabinet", "Practice"),
                view::colon(lang),
                text(&p.name)
            );
            let _ = writeln!(
                w,
                "- **{}**{}{}",
                t(lang, "Profession", "Profession"),
                view::colon(lang),
                text(&format!(
                    "{} — {}",
                    p.profession.get(lang),
                    view::organisation(&p.organisation, lang)
                ))
            );
            if let Some(a) = &p.address {
                let _ = writeln!(
                    w,
                    "- **{}**{}{}",
                    t(lang, "Adresse", "Address"),
                    view::colon(lang),
                    text(a)
                );
            }
        }
        None => {
            let _ = writeln!(
                w,
                "{}",
                text(t(
                    lang,
                    "Cabinet non renseigné (« vigie init » l'enregistre).",
                    "Practice not recorded (\"vigie init\" records it)."
                ))
            );
        }
    }
    let _ = writeln!(w, "\n### {}\n", view::role_title(role, lang));
    match provider {
        Some(info) => {
            markdown::provider_facts(w, &info.provider, lang);
            for warning in &info.warnings {
                let _ = writeln!(w, "- ⚠ **{}**", text(warning.get(lang)));
            }
        }
        None => {
            let _ = writeln!(w, "{}", text(no_provider(role, lang)));
        }
    }
    let _ = writeln!(
        w,
        "\n## {}\n",
        t(
            lang,
            "Exigences confiées au prestataire",
            "Requirements entrusted to the provider"
        )
    );
    if delegated.is_empty() {
        let _ = writeln!(w, "**{}**\n", text(&nothing_delegated(role, lang)));
    } else {
        let _ = writeln!(w, "{}\n", text(&count_sentence(&delegated, report, lang)));
        for theme in view::grouped(delegated.iter().copied(), catalog, lang) {
            for rule in &theme.rules {
                let _ = writeln!(
                    w,
                    "### {} {} — {}\n",
                    t(lang, "Règle", "Rule"),
                    rule.number,
                    text(&rule.title)
                );
                for r in &rule.requirements {
                    let essential = if r.essential {
                        format!(" · {}", markdown::essential_tag(lang))
                    } else {
                        String::new()
                    };
                    let _ = writeln!(w, "#### {}{essential}\n", text(&r.id));
                    markdown::memento_text(w, catalog, &r.id, lang);
                    let _ = writeln!(
                        w,
                        "{}{}\n",
                        t(
                            lang,
                            "État au dernier audit : ",
                            "Status at the last audit: "
                        ),
                        markdown::status(r.status, lang)
                    );
                }
            }
        }
    }
    let _ = writeln!(
        w,
        "| {} | {} |\n|---|---|\n| | |\n\n---\n\n{}",
        t(
            lang,
            "Pour le cabinet — date et signature",
            "For the practice — date and signature"
        ),
        t(
            lang,
            "Pour le prestataire — date et signature",
            "For the provider — date and signature"
        ),
        text(&generated(report, lang))
    );
    out
}
