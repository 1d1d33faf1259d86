//! The report's printable forms (HTML, Markdown) and the contract annex,
//! rendered by `vigie_report`.

use vigie_audit::Report;
use vigie_catalog::{Catalog, Lang};
use vigie_practice::Role;

pub fn html(report: &Report, catalog: &Catalog, lang: Lang) -> String {
    vigie_report::html(report, catalog, lang)
}

pub fn markdown(report: &Report, catalog: &Catalog, lang: Lang) -> String {
    vigie_report::markdown(report, catalog, lang)
}

pub fn annex_html(report: &Report, catalog: &Catalog, role: Role, lang: Lang) -> String {
    vigie_report::annex_html(report, catalog, role, lang)
}

pub fn annex_markdown(report: &Report, catalog: &Catalog, role: Role, lang: Lang) -> String {
    vigie_report::annex_markdown(report, catalog, role, lang)
}
