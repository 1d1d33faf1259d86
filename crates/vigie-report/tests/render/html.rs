//! The HTML report's content, without a snapshot: what must be there, in
//! which order, and what must never be (markup from data, external loads).

use crate::common::{self, HOSTILE_BACKUP_NOTE, HOSTILE_NOTE};
use vigie_audit::Status;
use vigie_catalog::Lang;

/// HTML escaping as the templates do it.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn fr() -> String {
    vigie_report::html(common::report(), common::catalog(), Lang::Fr)
}

/// The text between an element with `id` and the next major section.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &html[start..];
    let end = rest[1..]
        .find("<section class=\"major\"")
        .map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

#[test]
fn one_french_document_with_every_section() {
    let html = fr();
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"fr\">"));
    assert_eq!(html.matches("<h1>").count(), 1);
    for (id, title) in [
        ("synthese", "Synthèse"),
        ("non-conformites", "Non-conformités à corriger en priorité"),
        (
            "responsabilites",
            "Répartition des responsabilités (prestataires A et B)",
        ),
        ("exigences", "Détail des exigences"),
        ("historique", "Historique des audits"),
    ] {
        let s = section(&html, id);
        assert!(s.contains(&format!("<h2>{}</h2>", esc(title))), "{id}");
    }
    // Major sections start on a new page (the CSS breaks before them).
    assert_eq!(html.matches("<section class=\"major\"").count(), 5);
    assert!(html.contains("break-before: page"));
    assert!(html.contains("size: A4"));
}

#[test]
fn practice_date_and_target() {
    let html = fr();
    for expected in [
        "Cabinet médical Martin &amp; Associés",
        "médecin généraliste — exercice en groupe",
        "12 rue des Lilas, 69003 Lyon",
        "<dt>Date de l'audit</dt><dd><strong>28 novembre 2026</strong></dd>",
        "debian — fichier de preuves enregistré hors ligne",
        "Debian GNU/Linux 12 (bookworm)",
        "<dt>Droits administrateur</dt><dd>non — certains contrôles peuvent rester inconnus</dd>",
        "28 novembre 2026 à 19 h 56 (UTC)",
        format!(
            "{} — profil memento-2013",
            vigie_catalog::embedded().version
        )
        .as_str(),
        "vigie 0.1.0",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
}

#[test]
fn data_is_escaped_and_nothing_is_loaded() {
    let html = fr();
    assert!(html.contains(&esc(HOSTILE_NOTE)), "the note, escaped");
    assert!(
        html.contains(&esc(HOSTILE_BACKUP_NOTE)),
        "the backup note, escaped"
    );
    assert!(html.contains("&lt;script&gt;alert('vigie')&lt;/script&gt;"));
    let lower = html.to_lowercase();
    for forbidden in [
        "<script",
        "<img",
        "<link",
        "<iframe",
        "<object",
        "src=",
        "@import",
        "url(",
        "href=\"http",
        "href=\"//",
    ] {
        assert!(!lower.contains(forbidden), "found {forbidden}");
    }
    // Only the report's own stylesheet, and a policy that forbids any load.
    assert_eq!(html.matches("<style>").count(), 1);
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    ));
}

#[test]
fn statuses_are_french_words_with_symbols() {
    let html = fr();
    for (class, badge) in [
        ("pass", "✓ Conforme"),
        ("fail", "✗ Non conforme"),
        ("unknown", "? Inconnu"),
        ("na", "– Non applicable"),
    ] {
        assert!(
            html.contains(&format!("<span class=\"badge {class}\">{badge}</span>")),
            "{badge}"
        );
    }
    assert!(!html.contains(">Pass<") && !html.contains("not_applicable<"));
}

#[test]
fn summary_per_theme_and_for_the_incontournables() {
    let report = common::report();
    let html = fr();
    let s = section(&html, "synthese");
    let e = &report.summary.essential;
    assert!(s.contains(&format!(
        "<tr class=\"total\"><th scope=\"row\">★ Incontournables</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
        e.pass, e.fail, e.unknown, e.not_applicable, e.total()
    )));
    for theme in &report.summary.themes {
        assert!(s.contains(&format!(
            "<th scope=\"row\">{} — {}</th>",
            theme.theme,
            esc(&theme.title.fr)
        )));
    }
    // A bar per row (2 totals + 6 themes), made of CSS segments.
    assert_eq!(
        s.matches("<span class=\"bar\" aria-hidden=\"true\">")
            .count(),
        8
    );
    assert!(s.contains("<span class=\"seg fail\" style=\"width:"));
    // Points to watch: the expired HDS certificate and the stale answer.
    assert!(s.contains("Le certificat HDS de l'hébergeur a expiré le 30/06/2026"));
    assert!(
        s.contains("1 réponse(s) périmée(s), à renouveler : <a href=\"#req-3.1.1.b\">3.1.1.b</a>")
    );
}

#[test]
fn failures_come_by_importance_with_what_to_do() {
    let (report, catalog) = (common::report(), common::catalog());
    let html = fr();
    let s = section(&html, "non-conformites");
    let fails: Vec<_> = report
        .requirements
        .iter()
        .filter(|r| r.status == Status::Fail)
        .collect();
    assert!(
        fails.len() > 5 && fails.iter().any(|r| r.essential) && fails.iter().any(|r| !r.essential)
    );
    let position = |id: &str| {
        s.find(&format!("<span class=\"rid\">{id}</span>"))
            .unwrap_or_else(|| panic!("failure {id} not listed"))
    };
    let last_essential = fails
        .iter()
        .filter(|r| r.essential)
        .map(|r| position(&r.id))
        .max();
    let first_other = fails
        .iter()
        .filter(|r| !r.essential)
        .map(|r| position(&r.id))
        .min();
    assert!(last_essential < first_other, "incontournables first");
    // Each failure says what to do, for Linux when the catalog has it.
    for r in &fails {
        let req = catalog.requirement(&r.id).unwrap();
        let fix = req.fix.linux.as_ref().unwrap_or(&req.fix.general);
        assert!(s.contains(&esc(&fix.fr)), "fix for {}", r.id);
    }
    assert_eq!(
        s.matches("<strong>À faire : </strong>").count(),
        fails.len()
    );
    // Passing requirements are not in this section.
    assert!(!s.contains("badge pass"));
}

#[test]
fn every_requirement_with_how_it_was_established() {
    let (report, catalog) = (common::report(), common::catalog());
    let html = fr();
    let s = section(&html, "exigences");
    assert_eq!(s.matches("<article class=\"req ").count(), 87);
    for r in &report.requirements {
        assert!(s.contains(&format!("id=\"req-{}\"", r.id)), "{}", r.id);
        let text = &catalog.requirement(&r.id).unwrap().text.fr;
        assert!(s.contains(&esc(text)), "memento text of {}", r.id);
    }
    // Declarations: who and when, current or stale.
    assert!(
        s.contains("Déclaration — réponse « non » de Dr Claire Martin le 2 octobre 2026 (à jour)")
    );
    assert!(s.contains(
        "Déclaration — réponse « oui » de Dr Claire Martin le 1er octobre 2024 (périmée : à renouveler)"
    ));
    assert!(s.contains("réponse « en partie » de Julie Petit (secrétariat) le 3 octobre 2026"));
    assert!(s.contains("<dt>Justificatif</dt><dd>classeur rouge, onglet « matériel », p. 4</dd>"));
    // Machine and declaration together.
    let both = report.result("4.3.3.c").unwrap();
    assert_eq!(both.basis, vigie_audit::Basis::MachineAndDeclaration);
    assert!(s.contains(
        "Constat sur la machine et déclaration — la machine seule : <span class=\"badge"
    ));
    assert!(s.contains("<dd>Constat sur la machine</dd>"));
    assert!(
        s.contains("<dd>Pas encore contrôlé automatiquement</dd>")
            || report
                .requirements
                .iter()
                .all(|r| r.basis != vigie_audit::Basis::NotAutomated)
    );
    // Evidence items: source:line key = value.
    let item = report
        .requirements
        .iter()
        .flat_map(|r| r.evidence.iter())
        .find(|e| e.line.is_some() && e.key.is_some())
        .expect("an evidence item with a line and a key");
    assert!(s.contains(&format!(
        "<li><code>{}:{}</code> <code>{}</code> = <code>{}</code></li>",
        esc(&item.source),
        item.line.unwrap(),
        esc(item.key.as_deref().unwrap()),
        esc(&item.value)
    )));
    // Owners.
    assert!(s.contains("<dd>InfoSanté Maintenance SARL — prestataire de maintenance (A)</dd>"));
    assert!(s.contains("<dd>Hébergeur Santé SAS — hébergeur (B)</dd>"));
    assert!(s.contains("<dd>le cabinet</dd>"));
    // Headings: h2 > h3 theme > h4 rule > h5 requirement.
    assert!(s.contains("<h3>Thème 4 — Protéger vos équipements informatiques</h3>"));
    assert!(
        s.contains("<h4>4.3.2 — Protéger l'accès à votre poste de travail en votre absence</h4>")
    );
    assert_eq!(s.matches("<h5>").count(), 87);
}

#[test]
fn responsibility_split_a_b() {
    let report = common::report();
    let html = fr();
    let s = section(&html, "responsabilites");
    let row = |id: &str| {
        let start = s
            .find(&format!(
                "<th scope=\"row\"><a href=\"#req-{id}\">{id}</a></th>"
            ))
            .unwrap_or_else(|| panic!("no row for {id}"));
        let end = s[start..].find("</tr>").unwrap() + start;
        &s[start..end]
    };
    assert!(row("3.1.1.a").contains(
        "<td>A</td><td>InfoSanté Maintenance SARL — prestataire de maintenance (A)</td>"
    ));
    assert!(row("4.3.1.a").contains("<td>A ou B</td><td>Hébergeur Santé SAS — hébergeur (B)</td>"));
    assert!(row("4.3.4.b").contains("<td>A ou B</td><td>le cabinet</td>"));
    // Delegating hides no failure.
    let delegated_fail = report
        .requirements
        .iter()
        .find(|r| r.owner.is_some() && r.status == Status::Fail)
        .expect("a delegated failure");
    assert!(row(&delegated_fail.id).contains("✗ Non conforme"));
    // Only delegable requirements are rows; the rest is said in one line.
    let rows = s.matches("<th scope=\"row\">").count();
    let delegable = report
        .requirements
        .iter()
        .filter(|r| r.delegation != vigie_catalog::Delegation::None)
        .count();
    assert_eq!(rows, delegable);
    assert!(s.contains(&format!(
        "Les {} autres exigences ne sont pas délégables",
        87 - delegable
    )));
    // The providers, with the expired certificate.
    assert!(s.contains("<dt>Contrat signé le</dt><dd>15 janvier 2025</dd>"));
    assert!(s.contains("<dt>Certificat HDS</dt><dd>HDS-2024-0042</dd>"));
    assert!(s.contains("<dt>Expiration du certificat</dt><dd>30 juin 2026</dd>"));
    assert!(s.contains("<p class=\"warning\">⚠ Le certificat HDS de l'hébergeur a expiré"));
    assert!(s.contains("<table><caption>") && s.contains("<th scope=\"col\">Responsable</th>"));
}

#[test]
fn history_and_trend() {
    let html = fr();
    let s = section(&html, "historique");
    assert!(s.contains("<th class=\"when\" scope=\"row\">2 mars 2026</th>"));
    assert!(s.contains("<th class=\"when\" scope=\"row\">15 juin 2026</th>"));
    assert!(s.contains("<th class=\"when\" scope=\"row\">28 novembre 2026 (cet audit)</th>"));
    let report = common::report();
    let (now, before) = (report.summary.total, report.history[1].counts);
    let delta = |a: u32, b: u32| match i64::from(a) - i64::from(b) {
        0 => "=".to_string(),
        d if d > 0 => format!("+{d}"),
        d => format!("−{}", -d),
    };
    assert!(s.contains(&format!(
        "Depuis l'audit du 15 juin 2026 : conformes {}, non conformes {}",
        delta(now.pass, before.pass),
        delta(now.fail, before.fail)
    )));
    assert!(s.contains("Sur les 3 audits enregistrés, les non-conformités sont passées de 26 à"));
    assert!(
        s.contains("<td class=\"num\">+2 / −5</td>"),
        "second audit vs first"
    );
}

#[test]
fn a_bare_machine_audit_says_what_is_missing() {
    let report = common::bare_report();
    let html = vigie_report::html(&report, common::catalog(), Lang::Fr);
    assert!(html.contains("non renseigné (« vigie init » l'enregistre)"));
    assert!(html.contains("Aucun prestataire de maintenance enregistré."));
    assert!(html.contains("Aucun hébergeur enregistré."));
    assert!(html.contains("Aucun audit précédent enregistré."));
    // No backup set recorded: no backups section, nor its contents entry.
    assert!(!html.contains("id=\"sauvegardes\"") && !html.contains("#sauvegardes"));
    assert!(html.contains("Premier audit enregistré pour ce cabinet"));
    assert!(!html.contains("prestataire de maintenance (A)</dd>"));
}

#[test]
fn english_translates_all_but_the_memento() {
    let html = vigie_report::html(common::report(), common::catalog(), Lang::En);
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    for expected in [
        "<span class=\"badge fail\">✗ Fail</span>",
        "<span class=\"badge pass\">✓ Pass</span>",
        "<span class=\"badge unknown\">? Unknown</span>",
        "<span class=\"badge na\">– Not applicable</span>",
        "<strong>28 November 2026</strong>",
        "<h2>Failures to fix first</h2>",
        "<h2>Who is responsible (providers A and B)</h2>",
        "answer &quot;no&quot; by Dr Claire Martin on 2 October 2026 (current)",
        "stale: to be answered again",
        "<dd>InfoSanté Maintenance SARL — maintenance provider (A)</dd>",
        "<td>A or B</td>",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    // The memento's text stays French (marked so), its translation under it.
    let req = common::catalog().requirement("4.3.2.a").unwrap();
    assert!(html.contains(&format!(
        "<blockquote class=\"memento\" lang=\"fr\">{}</blockquote><p class=\"translation\" lang=\"en\">English: {}</p>",
        esc(&req.text.fr),
        esc(&req.text.en)
    )));
    assert!(!html.contains("Non conforme"));
}

/// The cells of the calendar row whose header is `label`.
fn calendar_row<'a>(s: &'a str, label: &str) -> &'a str {
    let start = s
        .find(&format!("<th scope=\"row\">{}</th>", esc(label)))
        .unwrap_or_else(|| panic!("no calendar row {label}"));
    let end = s[start..].find("</tr>").unwrap() + start;
    &s[start..end]
}

#[test]
fn backups_calendar_sets_encryption_and_retention() {
    let html = fr();
    let s = section(&html, "sauvegardes");
    assert!(html.contains("<li><a href=\"#sauvegardes\">Sauvegardes (règle 6.3.1)</a></li>"));
    // The latest backup and the verdicts of rule 6.3.1, linked.
    assert!(s.contains(
        "<dt>Dernière sauvegarde</dt><dd><strong>27 novembre 2026 (jeu nas), il y a 1 jour(s)</strong></dd>"
    ));
    assert!(s.contains("tous les jeux relus au moins jusqu'au 26 novembre 2026"));
    assert!(s.contains(
        "<a href=\"#req-6.3.1.b\">6.3.1.b</a> <span class=\"badge fail\">✗ Non conforme</span>"
    ));
    for id in ["6.3.1.c", "6.3.1.d", "6.3.1.e"] {
        assert!(
            s.contains(&format!(
                "<a href=\"#req-{id}\">{id}</a> <span class=\"badge"
            )),
            "{id}"
        );
    }

    // The calendar: one table, a group per granularity, a symbol and a
    // word per period.
    assert_eq!(s.matches("<table class=\"calendar\">").count(), 1);
    assert!(
        s.contains("<caption>Sauvegardes présentes et manquantes au 28 novembre 2026</caption>")
    );
    for group in [
        "Semaines : une sauvegarde chacune des 4 dernières semaines",
        "Mois : une sauvegarde conservée pour chacun des 12 derniers mois",
        "Années : une sauvegarde conservée par an",
    ] {
        assert!(
            s.contains(&format!(
                "<tr class=\"group\"><th colspan=\"4\" scope=\"rowgroup\">{}</th></tr>",
                esc(group)
            )),
            "{group}"
        );
    }
    // 5 weeks, 13 months and 3 years (2024 to 2026).
    assert_eq!(
        s.matches("<span class=\"slot ").count(),
        5 + 13 + 3 + 5,
        "periods and legend"
    );
    let present = "<span class=\"slot present\">✓ présente</span>";
    let missing = "<span class=\"slot missing\">✗ manquante</span>";
    let row = calendar_row(s, "semaine 46 (09/11 – 15/11)");
    assert!(
        row.contains(missing) && row.contains("<td>—</td><td>—</td>"),
        "{row}"
    );
    let row = calendar_row(s, "semaine 47 (16/11 – 22/11)");
    assert!(row.contains(present), "{row}");
    assert!(
        row.contains("<td>2 (la dernière le 20 novembre 2026)</td><td>nas, nuage</td>"),
        "{row}"
    );
    assert!(calendar_row(s, "mars 2026").contains(missing));
    assert!(calendar_row(s, "février 2026").contains(present));
    assert!(calendar_row(s, "novembre 2025")
        .contains("<span class=\"slot not-required\">– non requise</span>"));
    let row = calendar_row(s, "2024");
    assert!(
        row.contains(present) && row.contains("1 (la dernière le 31 décembre 2024)"),
        "{row}"
    );
    assert_eq!(
        s.matches(missing).count(),
        2 + 1,
        "week 46, March 2026, and the legend"
    );
    // The legend gives every state, readable without colour.
    for word in [
        "✓ présente",
        "✗ manquante",
        "… en cours",
        "? inconnue",
        "– non requise",
    ] {
        assert!(s.contains(&format!("{word}</span> ")), "legend {word}");
    }

    // The sets: places, password source (never a password), encryption,
    // restore tests with date, result and duration.
    assert!(s.contains("<h4><span class=\"rid\">nas</span> restic</h4>"));
    assert!(s.contains("<h4><span class=\"rid\">nuage</span> BorgBackup</h4>"));
    assert!(s.contains("<dd><code>/media/cabinet/DISQUE-1/restic</code></dd>"));
    assert!(s.contains("au cabinet, support amovible, débranché — support compté comme <code>mount:/media/cabinet/DISQUE-1</code>"));
    assert!(s.contains(
        "hors du cabinet — support compté comme <code>host:sauvegarde.example.net</code>"
    ));
    assert!(s.contains(
        "lu dans la variable d'environnement RESTIC_PASSWORD (jamais conservé par Vigie)"
    ));
    assert!(s.contains("16 sauvegarde(s), du 31 décembre 2024 au 27 novembre 2026"));
    assert!(s.contains(
        "<span class=\"badge pass\">✓ réussi</span> le 21 novembre 2026, en 2,3 s : 5 fichier(s) vérifié(s) (12,3 Ko, échantillon), sauvegarde 9a9dec0e (2026-11-20)"
    ));
    assert!(
        s.contains("<span class=\"badge fail\">✗ échoué</span> le 1er août 2026, en 1 min 05 s")
    );
    assert!(s.contains("Segment entry checksum mismatch"));
    assert!(s.contains("<strong>il y a 119 jours : à refaire (au moins tous les 3 mois)</strong>"));

    // 6.3.1.e: the memento and the CNIL, and what each set does.
    assert!(s.contains("<h3>Chiffrement des sauvegardes (6.3.1.e)</h3>"));
    assert!(s.contains("dans un format non chiffré"));
    assert!(s.contains("CNIL (guide de la sécurité des données personnelles 2024, fiche 17)"));
    assert!(s.contains("notamment chiffrées"));
    assert!(s.contains("<th scope=\"row\">nas</th><td>chiffrée (AES-256-CTR"));
    assert!(s.contains("<th scope=\"row\">nuage</th><td>non chiffrée (none) : lisible par quiconque prend le support ; à garder sous clé</td>"));

    // The retention: proposed, never run.
    assert!(s.contains("Jeu nas (restic) : garder une sauvegarde par semaine sur 4 semaines, une par mois sur 12 mois et une par an sur 10 ans."));
    assert!(s.contains("<pre><code>restic -r /media/cabinet/DISQUE-1/restic forget --dry-run --keep-weekly 4 --keep-monthly 12 --keep-yearly 10\nrestic -r /media/cabinet/DISQUE-1/restic forget --keep-weekly 4"));
    assert!(s.contains("borg prune --dry-run --list --keep-weekly 4 --keep-monthly 12 --keep-yearly 10 ssh://cabinet@sauvegarde.example.net/./borg"));
    assert!(s.contains("jamais lancé par Vigie"));
}

#[test]
fn backups_in_english() {
    let html = vigie_report::html(common::report(), common::catalog(), Lang::En);
    let s = section(&html, "sauvegardes");
    for expected in [
        "<h2>Backups (rule 6.3.1)</h2>",
        "<strong>27 November 2026 (set nas), 1 day(s) ago</strong>",
        "<th scope=\"row\">week 46 (Nov 9 – Nov 15)</th><td><span class=\"slot missing\">✗ missing</span></td>",
        "<span class=\"slot present\">✓ present</span>",
        "<span class=\"badge pass\">✓ succeeded</span> on 21 November 2026, in 2.3 s: 5 file(s) verified (12.3 kB, sample)",
        "Memento (2013, 6.3.1.e)",
        "Set nas (restic): keep one backup per week over 4 weeks",
    ] {
        assert!(s.contains(expected), "missing {expected}");
    }
    assert!(!s.contains("manquante") && !s.contains("présente"));
}
