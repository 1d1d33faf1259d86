//! The report's printable forms (HTML, Markdown) and the contract annex.
//!
//! These call `vigie_report`'s renderers. Until `vigie_report::html`,
//! `markdown`, `annex_html` and `annex_markdown` exist, each function here
//! has a plain fallback (the text report, or a short annex listing the
//! memento's text); to switch, replace each body by the one-line call in
//! its comment.

use vigie_audit::Report;
use vigie_catalog::{Catalog, Lang};
use vigie_practice::Role;

/// `vigie_report::html(report, catalog, lang)`
pub fn html(report: &Report, catalog: &Catalog, lang: Lang) -> String {
    let text = anstream::adapter::strip_str(&vigie_report::text(report, catalog, lang)).to_string();
    page(&title(lang, "Rapport Vigie", "Vigie report"), &text, lang)
}

/// `vigie_report::markdown(report, catalog, lang)`
pub fn markdown(report: &Report, catalog: &Catalog, lang: Lang) -> String {
    let text = anstream::adapter::strip_str(&vigie_report::text(report, catalog, lang)).to_string();
    format!("```text\n{text}```\n")
}

/// `vigie_report::annex_html(report, catalog, role, lang)`
pub fn annex_html(report: &Report, catalog: &Catalog, role: Role, lang: Lang) -> String {
    let title = title(lang, "Annexe au contrat", "Contract annex");
    page(&title, &annex_text(report, catalog, role, lang), lang)
}

/// `vigie_report::annex_markdown(report, catalog, role, lang)`
pub fn annex_markdown(report: &Report, catalog: &Catalog, role: Role, lang: Lang) -> String {
    annex_text(report, catalog, role, lang)
}

fn title(lang: Lang, fr: &str, en: &str) -> String {
    match lang {
        Lang::Fr => fr.into(),
        Lang::En => en.into(),
    }
}

/// The requirements delegated to the provider, with the memento's text.
fn annex_text(report: &Report, catalog: &Catalog, role: Role, lang: Lang) -> String {
    let mut out = String::new();
    let provider = report.providers.iter().find(|p| p.provider.role == role);
    let name = provider.map(|p| p.provider.name.as_str()).unwrap_or("?");
    out.push_str(&format!(
        "# {} — {} : {}\n\n",
        title(lang, "Annexe au contrat", "Contract annex"),
        role.label(lang),
        name
    ));
    for id in provider.map(|p| p.requirements.as_slice()).unwrap_or(&[]) {
        if let Some(req) = catalog.requirement(id) {
            out.push_str(&format!("- {id} : {}\n", req.text.get(lang)));
        }
    }
    out
}

fn page(title: &str, body: &str, lang: Lang) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let lang = match lang {
        Lang::Fr => "fr",
        Lang::En => "en",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\n<body><pre>{}</pre></body></html>\n",
        escape(title),
        escape(body)
    )
}
