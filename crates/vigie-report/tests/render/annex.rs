//! The contract annex (memento rule 1.3.1): per provider, the requirements
//! delegated to it, grouped by rule, with the memento's text verbatim, the
//! incontournable flag and the current status.

use crate::common;
use crate::html::esc;
use vigie_catalog::Lang;
use vigie_practice::Role;

/// The whole annex as a person reads it. The tool and catalog versions are
/// masked: a version bump is not a change of the annex.
#[test]
fn markdown_annex_for_the_maintenance_provider() {
    let report = common::report();
    let md = vigie_report::annex_markdown(report, common::catalog(), Role::A, Lang::Fr)
        .replace(&format!("Vigie {}", report.tool.version), "Vigie [version]")
        .replace(
            &format!("catalogue {}", report.catalog_version),
            "catalogue [version]",
        );
    insta::assert_snapshot!("annex_a_fr", md);
}

#[test]
fn only_what_is_delegated_to_that_role_grouped_by_rule() {
    let (report, catalog) = (common::report(), common::catalog());
    let md = vigie_report::annex_markdown(report, catalog, Role::A, Lang::Fr);
    let listed: Vec<&str> = md
        .lines()
        .filter_map(|l| l.strip_prefix("#### "))
        .map(|l| l.split(' ').next().unwrap_or(""))
        .collect();
    assert_eq!(
        listed,
        ["3.1.1.a", "3.1.2.b", "4.3.2.a", "4.3.2.b", "5.3.1.a"]
    );
    assert_eq!(
        md.matches("### Règle 4.3.2 — ").count(),
        1,
        "one heading per rule"
    );
    assert!(md.contains("#### 3.1.1.a · ★ Incontournable"));
    assert!(md.contains("#### 3.1.2.b\n"));
    assert!(md.contains("État au dernier audit : ✗ Non conforme"));
    assert!(md.contains("5 exigence(s) confiée(s), dont 2 incontournable(s)."));

    let html = vigie_report::annex_html(report, catalog, Role::B, Lang::Fr);
    for id in ["4.3.1.a", "4.3.3.c", "6.1.1.a"] {
        assert!(
            html.contains(&format!("<span class=\"rid\">{id}</span>")),
            "{id}"
        );
        let text = &catalog.requirement(id).unwrap().text.fr;
        assert!(html.contains(&format!(
            "<blockquote class=\"memento\" lang=\"fr\">{}</blockquote>",
            esc(text)
        )));
    }
    assert!(!html.contains("<span class=\"rid\">3.1.1.a</span>"));
    assert_eq!(html.matches("<article class=\"req ").count(), 3);
}

#[test]
fn the_provider_and_its_hds_certificate() {
    let (report, catalog) = (common::report(), common::catalog());
    let html = vigie_report::annex_html(report, catalog, Role::B, Lang::Fr);
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"fr\">"));
    for expected in [
        "<h1>Annexe au contrat — exigences de sécurité confiées à l'hébergeur (B)</h1>",
        "<dt>Société</dt><dd><strong>Hébergeur Santé SAS</strong></dd>",
        "<dt>Contrat signé le</dt><dd>1er mars 2024</dd>",
        "<dt>Certificat HDS</dt><dd>HDS-2024-0042</dd>",
        "<dt>Expiration du certificat</dt><dd>30 juin 2026</dd>",
        "<p class=\"warning\">⚠ Le certificat HDS de l'hébergeur a expiré le 30/06/2026",
        "<dt>Cabinet</dt><dd><strong>Cabinet médical Martin &amp; Associés</strong></dd>",
        // Rule 1.3.1, quoted.
        "Le contrat prévoit que le tiers fournisseur de service s'engage à respecter les éléments du Mémento",
        "Pour le prestataire — date et signature",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    // A maintenance provider has no HDS certificate.
    let a = vigie_report::annex_html(report, catalog, Role::A, Lang::Fr);
    assert!(!a.contains("Certificat HDS"));
    for forbidden in ["<script", "<img", "<link", "src=", "url("] {
        assert!(!a.to_lowercase().contains(forbidden) && !html.to_lowercase().contains(forbidden));
    }
}

#[test]
fn english_keeps_the_memento_french_with_its_translation() {
    let (report, catalog) = (common::report(), common::catalog());
    let md = vigie_report::annex_markdown(report, catalog, Role::B, Lang::En);
    let req = catalog.requirement("4.3.3.c").unwrap();
    assert!(md.contains(
        "# Contract annex — security requirements entrusted to the hosting provider (B)\n"
    ));
    assert!(md.contains("Status at the last audit: "));
    assert!(md.contains("- **Certificate expiry**: 30 June 2026"));
    let fr_at = md
        .find(&format!(
            "> {}",
            req.text
                .fr
                .split_whitespace()
                .take(4)
                .collect::<Vec<_>>()
                .join(" ")
        ))
        .expect("French text");
    let en_at = md
        .find(&format!(
            "> English: {}",
            req.text
                .en
                .split_whitespace()
                .take(4)
                .collect::<Vec<_>>()
                .join(" ")
        ))
        .expect("English under it");
    assert!(fr_at < en_at);
    let html = vigie_report::annex_html(report, catalog, Role::B, Lang::En);
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    assert!(html.contains(&format!(
        "<p class=\"translation\" lang=\"en\">English: {}</p>",
        esc(&req.text.en)
    )));
}

#[test]
fn nothing_delegated_is_said_plainly() {
    let report = common::bare_report();
    let catalog = common::catalog();
    let md = vigie_report::annex_markdown(&report, catalog, Role::A, Lang::Fr);
    assert!(md.contains(
        "**Aucune exigence du mémento n'est déléguée au prestataire de maintenance (A) : le cabinet les assume toutes lui-même.**"
    ));
    assert!(md.contains("Aucun prestataire de maintenance n'est enregistré"));
    assert!(!md.contains("#### "));
    let html = vigie_report::annex_html(&report, catalog, Role::B, Lang::En);
    assert!(html.contains(
        "No requirement of the memento is delegated to the hosting provider (B): the practice holds them all itself."
    ));
    assert!(!html.contains("<article"));
}
