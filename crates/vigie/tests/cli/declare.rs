//! `vigie declare`, interactive: stopped and resumed, context first.

use crate::common::{stderr, vigie, vigie_with_input};
use crate::record::Practice;
use std::collections::BTreeSet;
use vigie_catalog::NotApplicableWhen;

/// The requirement ids asked, in order, as printed before each question.
fn asked(err: &str) -> Vec<String> {
    err.lines()
        .filter_map(|l| {
            let (id, rest) = l.split_once("  ")?;
            (!id.is_empty()
                && id.contains('.')
                && id
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c.is_ascii_lowercase())
                && !rest.is_empty())
            .then(|| id.to_string())
        })
        .collect()
}

/// The questions of a solo practice whose context facts are all true.
fn expected_solo_questions() -> Vec<String> {
    vigie_catalog::embedded()
        .requirements
        .iter()
        .filter(|r| {
            r.question
                .as_ref()
                .is_some_and(|q| q.not_applicable_when != Some(NotApplicableWhen::SoloPractice))
        })
        .map(|r| r.id.clone())
        .collect()
}

#[test]
fn interrupted_declaration_resumes_where_it_stopped() {
    let p = Practice::new("solo");
    let expected = expected_solo_questions();
    let catalog = vigie_catalog::embedded();
    let first = catalog.requirement(&expected[0]).unwrap();
    assert!(
        !first.question.as_ref().unwrap().allow_not_applicable,
        "the test answers nc to the first question to see it refused"
    );

    // Four context answers, then: "nc" refused and "peut-être" not an
    // answer before "o"; "n" with a note; "p" with a proof; then the
    // input ends in the middle of the fourth question.
    let input = "o\no\no\no\n\
                 nc\npeut-être\no\n\n\n\
                 n\nune note\n\n\
                 p\n\nclasseur rouge, onglet 2\n";
    let out = vigie_with_input(&p.args(&["declare", "--author", "Dr Martin"]), input);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("Contexte — question 1/4"), "{err}");
    assert!(err.contains("« Non concerné » n'est pas possible"), "{err}");
    assert!(err.contains("« peut-être » n'est pas une réponse"), "{err}");
    assert!(
        err.contains(&format!(
            "question 1/{}",
            expected
                .iter()
                .filter(|id| catalog.requirement(id).unwrap().theme == first.theme)
                .count()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("(1/{} au total)", expected.len())),
        "{err}"
    );
    assert!(err.contains("Arrêt : 3 réponse(s) enregistrée(s)"), "{err}");
    let first_run = asked(&err);
    assert_eq!(first_run, expected[..4], "{err}");

    let export = p.export();
    let declarations = export["declarations"].as_array().unwrap();
    assert_eq!(declarations.len(), 3, "{export:#}");
    assert_eq!(declarations[0]["requirement_id"], expected[0].as_str());
    assert_eq!(declarations[0]["answer"], "yes");
    assert_eq!(declarations[0]["author"], "Dr Martin");
    assert_eq!(declarations[1]["answer"], "no");
    assert_eq!(declarations[1]["note"], "une note");
    assert_eq!(declarations[2]["answer"], "partial");
    assert_eq!(declarations[2]["proof"], "classeur rouge, onglet 2");
    assert_eq!(export["context"]["wifi_present"]["value"], true);

    // Resumed in English: no context question again, only the open ones,
    // each answered "yes" with no note and no proof.
    let remaining = expected.len() - 3;
    let out = vigie_with_input(
        &p.args(&["declare", "--author", "Dr Martin", "--lang", "en"]),
        &"y\n\n\n".repeat(remaining),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(!err.contains("Context — question"), "{err}");
    assert!(err.contains(&format!("(1/{remaining} in all)")), "{err}");
    assert!(
        err.contains(&format!("Done: {remaining} answer(s) recorded")),
        "{err}"
    );
    let second_run = asked(&err);
    assert_eq!(second_run, expected[3..], "{err}");

    let after = p.export();
    let all = after["declarations"].as_array().unwrap();
    assert_eq!(all.len(), expected.len());
    assert_eq!(
        all[..3],
        declarations[..],
        "earlier answers kept as they were"
    );

    // Nothing is open any more.
    let out = vigie_with_input(&p.args(&["declare", "--author", "Dr Martin"]), "");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("Aucune question ouverte"),
        "{}",
        stderr(&out)
    );
    let ids: BTreeSet<&str> = all
        .iter()
        .map(|d| d["requirement_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), expected.len(), "each question answered once");
}

#[test]
fn context_makes_questions_not_applicable_and_says_so() {
    let p = Practice::new("solo");
    // No Wi-Fi, no CPE card, no hosted data, no maintenance contract; then stop.
    let out = vigie_with_input(
        &p.args(&["declare", "--author", "Dr Martin"]),
        "n\nn\nnon\nn\nq\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let catalog = vigie_catalog::embedded();
    let cpe = catalog
        .requirements
        .iter()
        .find(|r| {
            r.question
                .as_ref()
                .is_some_and(|q| q.not_applicable_when == Some(NotApplicableWhen::NoCpe))
        })
        .expect("a question about CPE cards");
    assert!(
        err.contains(&format!(
            "{} : non concerné (aucune carte CPE remise au personnel), question passée.",
            cpe.id
        )),
        "{err}"
    );
    assert!(err.contains("non concerné (exercice seul)"), "{err}");
    assert!(!asked(&err).contains(&cpe.id), "{err}");
    assert!(err.contains("Arrêt : 0 réponse(s)"), "{err}");
    assert_eq!(p.export()["context"]["wifi_present"]["value"], false);

    // --theme limits the questions; --all asks again what is answered.
    let out = vigie_with_input(
        &p.args(&["declare", "--author", "Dr Martin", "--theme", "2", "--all"]),
        "q\n",
    );
    let err = stderr(&out);
    assert!(
        err.contains("Contexte — question 1/4"),
        "--all asks the context again: {err}"
    );
    let out = vigie_with_input(
        &p.args(&["declare", "--author", "Dr Martin", "--theme", "2"]),
        "",
    );
    let err = stderr(&out);
    assert!(asked(&err).iter().all(|id| id.starts_with("2.")), "{err}");
    assert!(err.contains("=== Thème 2"), "{err}");
}

#[test]
fn declare_needs_a_record_and_an_author() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("none.sqlite3");
    let out = vigie(&[
        "declare",
        "--store",
        store.to_str().unwrap(),
        "--author",
        "X",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("vigie init"), "{}", stderr(&out));
    assert!(!store.exists(), "no file created");
}
