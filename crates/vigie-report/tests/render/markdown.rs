//! The Markdown report: the same content as the HTML, in GitHub-flavoured
//! Markdown, with nothing from data able to become markup.

use crate::common::{self, HOSTILE_NOTE};
use vigie_audit::Status;
use vigie_catalog::Lang;

fn fr() -> String {
    vigie_report::markdown(common::report(), common::catalog(), Lang::Fr)
}

/// Cells of a table row, splitting on pipes not escaped by a backslash.
fn cells(line: &str) -> usize {
    let mut count = 0usize;
    let mut escaped = false;
    for c in line.chars() {
        match (c, escaped) {
            ('\\', false) => escaped = true,
            ('|', false) => count += 1,
            _ => escaped = false,
        }
    }
    count.saturating_sub(1)
}

#[test]
fn every_section_in_order() {
    let md = fr();
    let mut last = 0;
    for heading in [
        "# Rapport d'audit de sécurité informatique\n",
        "\n## Synthèse\n",
        "\n### Points d'attention\n",
        "\n## Non-conformités à corriger en priorité\n",
        "\n## Répartition des responsabilités (prestataires A et B)\n",
        "\n### Prestataire de maintenance (A)\n",
        "\n### Hébergeur (B)\n",
        "\n## Sauvegardes (règle 6.3.1)\n",
        "\n### Calendrier des sauvegardes\n",
        "\n### Jeux de sauvegarde\n",
        "\n### Chiffrement des sauvegardes (6.3.1.e)\n",
        "\n### Conservation proposée\n",
        "\n## Détail des exigences\n",
        "\n### Thème 4 — Protéger vos équipements informatiques\n",
        "\n#### 4.3.2 — Protéger l'accès à votre poste de travail en votre absence\n",
        "\n## Historique des audits\n",
    ] {
        let at = md
            .find(heading)
            .unwrap_or_else(|| panic!("missing {heading:?}"));
        assert!(at >= last, "{heading:?} out of order");
        last = at;
    }
    assert_eq!(md.matches("\n##### ").count(), 87);
}

#[test]
fn tables_are_well_formed() {
    let md = fr();
    let mut tables = 0;
    let lines: Vec<&str> = md.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].starts_with('|') {
            let width = cells(lines[i]);
            assert!(
                lines.get(i + 1).is_some_and(|l| l.starts_with("|---")),
                "header without separator: {}",
                lines[i]
            );
            while i < lines.len() && lines[i].starts_with('|') {
                assert_eq!(cells(lines[i]), width, "row: {}", lines[i]);
                i += 1;
            }
            tables += 1;
        }
        i += 1;
    }
    assert_eq!(tables, 4, "summary, A/B split, backup calendar, history");
}

#[test]
fn content_matches_the_html_report() {
    let md = fr();
    for expected in [
        "- **Cabinet** : Cabinet médical Martin \\& Associés",
        "- **Date de l'audit** : **28 novembre 2026**",
        "- **Droits administrateur** : non — certains contrôles peuvent rester inconnus",
        "| ✓ Conforme | ✗ Non conforme | ? Inconnu | – Non applicable |",
        "| **★ Incontournables** |",
        "- ⚠ Hébergeur Santé SAS : Le certificat HDS de l'hébergeur a expiré le 30/06/2026",
        "- 1 réponse(s) périmée(s), à renouveler : 3.1.1.b",
        "- **Établi par** : Déclaration — réponse « oui » de Dr Claire Martin le 1er octobre 2024 (périmée : à renouveler)",
        "- **Justificatif** : classeur rouge, onglet « matériel », p. 4",
        "- **Responsable** : InfoSanté Maintenance SARL — prestataire de maintenance (A)",
        "| 3.1.1.a | ",
        " | A | InfoSanté Maintenance SARL — prestataire de maintenance (A) | ✓ Conforme |",
        " | A ou B | Hébergeur Santé SAS — hébergeur (B) | ",
        "| **28 novembre 2026 (cet audit)** | debian |",
        "| 15 juin 2026 | debian | 5 | 21 | 58 | 3 | +2 / −5 |",
    ] {
        assert!(md.contains(expected), "missing {expected}");
    }
    // Failures: incontournables first, each with what to do.
    let report = common::report();
    let fails = report
        .requirements
        .iter()
        .filter(|r| r.status == Status::Fail)
        .count();
    let section = &md[md.find("## Non-conformités").unwrap()..md.find("## Répartition").unwrap()];
    assert_eq!(section.matches("- **À faire** : ").count(), fails);
    let first_plain = section.find(" — ✗ Non conforme\n").unwrap();
    let last_essential = section.rfind("✗ Non conforme · ★ Incontournable").unwrap();
    assert!(last_essential < first_plain);
    // Evidence items as code: source:line key = value.
    let item = report
        .requirements
        .iter()
        .flat_map(|r| r.evidence.iter())
        .find(|e| e.line.is_some() && e.key.is_some() && !e.value.contains('`'))
        .unwrap();
    assert!(md.contains(&format!(
        "  - `{}:{}` `{}` = `{}`",
        item.source,
        item.line.unwrap(),
        item.key.as_deref().unwrap(),
        item.value
    )));
}

#[test]
fn data_cannot_become_markup() {
    let md = fr();
    // No raw angle bracket anywhere: every one from data is escaped.
    let raw = md
        .match_indices('<')
        .filter(|(i, _)| !md[..*i].ends_with('\\'))
        .count();
    assert_eq!(raw, 0);
    assert!(md.contains(
        "- **Note** : Disques dans le carton « à détruire » \\<script\\>alert('vigie')\\</script\\> \\& \\[lien\\](http://x)"
    ));
    assert!(!HOSTILE_NOTE.contains('\\'));
}

#[test]
fn english() {
    let md = vigie_report::markdown(common::report(), common::catalog(), Lang::En);
    for expected in [
        "# IT security audit report",
        "## Failures to fix first",
        "| ✓ Pass | ✗ Fail | ? Unknown | – Not applicable |",
        "- **Audit date**: **28 November 2026**",
        "> English: ",
    ] {
        assert!(md.contains(expected), "missing {expected}");
    }
}

#[test]
fn backups_section() {
    let md = fr();
    let s = &md[md.find("\n## Sauvegardes (règle 6.3.1)\n").unwrap()
        ..md.find("\n## Détail des exigences\n").unwrap()];
    for expected in [
        "- **Dernière sauvegarde** : **27 novembre 2026 (jeu nas), il y a 1 jour(s)**",
        "- **Exigences** : 6.3.1.b ✗ Non conforme · 6.3.1.c ",
        "| Période | État | Sauvegardes | Jeux |\n|---|---|---|---|\n| **Semaines : une sauvegarde chacune des 4 dernières semaines** | | | |\n",
        "| semaine 46 (09/11 – 15/11) | **✗ manquante** | — | — |",
        "| semaine 47 (16/11 – 22/11) | ✓ présente | 2 (la dernière le 20 novembre 2026) | nas, nuage |",
        "| mars 2026 | **✗ manquante** | — | — |",
        "| novembre 2025 | – non requise | — | — |",
        "| 2024 | ✓ présente | 1 (la dernière le 31 décembre 2024) | nas |",
        "- … en cours — période en cours, pas encore de sauvegarde : pas encore exigée",
        "#### nas — restic",
        "- **Lieu** : hors du cabinet — support compté comme `host:sauvegarde.example.net`",
        "- **Mot de passe** : lu dans la variable d'environnement RESTIC_PASSWORD (jamais conservé par Vigie)",
        "- **Dernier test de restauration** : **✓ réussi** le 21 novembre 2026, en 2,3 s : 5 fichier(s) vérifié(s) (12,3 Ko, échantillon)",
        "**✗ échoué** le 1er août 2026, en 1 min 05 s",
        "**il y a 119 jours : à refaire (au moins tous les 3 mois)**",
        "- **Remarques** : repository note: \\<em\\>urgent\\</em\\> \\& \\[x\\](http://x)",
        "- Mémento (2013, 6.3.1.e) : les sauvegardes sont mises sous clé dans un format non chiffré",
        "- nuage : non chiffrée (none) : lisible par quiconque prend le support ; à garder sous clé",
        "```sh\nrestic -r /media/cabinet/DISQUE-1/restic forget --dry-run --keep-weekly 4 --keep-monthly 12 --keep-yearly 10\nrestic -r /media/cabinet/DISQUE-1/restic forget --keep-weekly 4 --keep-monthly 12 --keep-yearly 10\n```",
    ] {
        assert!(s.contains(expected), "missing {expected}");
    }
    // A bare machine audit has no backups section.
    let bare = vigie_report::markdown(&common::bare_report(), common::catalog(), Lang::Fr);
    assert!(!bare.contains("Sauvegardes (règle 6.3.1)"));
}
