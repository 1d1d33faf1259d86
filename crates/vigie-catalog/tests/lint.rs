//! The catalog linter, run on the embedded data and on broken samples.

use vigie_catalog::{embedded, lint, SOURCES};

#[test]
fn embedded_catalog_is_clean() {
    let errors = lint(SOURCES);
    let listing: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(
        errors.is_empty(),
        "catalog lint errors:\n{}",
        listing.join("\n")
    );
    assert_eq!(embedded().requirements.len(), 87);
}

fn with_theme4(extra: &str) -> Vec<String> {
    let mut theme4 = SOURCES[4].1.to_string();
    theme4.push_str(extra);
    let sources: Vec<(&str, &str)> = SOURCES
        .iter()
        .enumerate()
        .map(|(i, (n, t))| (*n, if i == 4 { theme4.as_str() } else { *t }))
        .collect();
    lint(&sources).iter().map(|e| e.to_string()).collect()
}

const EXTRA: &str = r#"
[[requirement]]
id = "ID"
rule = "4.3.1"
theme = 4
delegation = "AB"
method = "auto"
text.fr = "FR"
text.en = "Some text"
why = { fr = "pourquoi", en = "why" }
fix.general = { fr = "corriger", en = "fix" }
"#;

#[test]
fn rejects_duplicate_id() {
    let errors = with_theme4(&EXTRA.replace("ID", "4.3.1.a"));
    assert!(
        errors.iter().any(|e| e == "4.3.1.a: duplicate id"),
        "{errors:?}"
    );
}

#[test]
fn rejects_unknown_id() {
    let errors = with_theme4(&EXTRA.replace("ID", "4.3.1.z"));
    assert!(
        errors.iter().any(|e| e.starts_with("4.3.1.z: unknown id")),
        "{errors:?}"
    );
}

#[test]
fn rejects_missing_french_text() {
    let errors = with_theme4(&EXTRA.replace("ID", "4.3.1.z").replace("\"FR\"", "\"  \""));
    assert!(
        errors
            .iter()
            .any(|e| e == "4.3.1.z: text: missing French text"),
        "{errors:?}"
    );
}

#[test]
fn rejects_unknown_key() {
    let errors = with_theme4(&format!(
        "{}colour = \"red\"\n",
        EXTRA.replace("ID", "4.3.1.z")
    ));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("unknown field `colour`"), "{errors:?}");
}

// ---------------------------------------------------------------------------
// Questions asked in `vigie declare` and the context questions.

use vigie_catalog::{Method, NotApplicableWhen, CONTEXT_KEYS};

/// Lints the embedded sources with source `index` rewritten by `edit`.
fn edited(index: usize, edit: impl Fn(&str) -> String) -> Vec<String> {
    let text = edit(SOURCES[index].1);
    assert_ne!(text, SOURCES[index].1, "the edit changed nothing");
    let sources: Vec<(&str, &str)> = SOURCES
        .iter()
        .enumerate()
        .map(|(i, (n, t))| (*n, if i == index { text.as_str() } else { *t }))
        .collect();
    lint(&sources).iter().map(|e| e.to_string()).collect()
}

/// Replaces the first `from` found after the line `id = "<id>"`.
fn replace_after_id(text: &str, id: &str, from: &str, to: &str) -> String {
    let start = text
        .find(&format!("id = \"{id}\"\n"))
        .unwrap_or_else(|| panic!("{id} not found"));
    let at = start
        + text[start..]
            .find(from)
            .unwrap_or_else(|| panic!("{from:?} not found after {id}"));
    format!("{}{}{}", &text[..at], to, &text[at + from.len()..])
}

/// Removes the `[requirement.question]` table of a requirement.
fn drop_question(text: &str, id: &str) -> String {
    let start = text.find(&format!("id = \"{id}\"\n")).expect("id");
    let q = start
        + text[start..]
            .find("[requirement.question]\n")
            .expect("question");
    let end = q + text[q..].find("\n\n").expect("end of the table");
    format!("{}{}", &text[..q], &text[end + 2..])
}

const THEME4: usize = 4;
const THEME5: usize = 5;
const HEADER: usize = 0;
const LOCK_FR: &str =
    "Verrouillez-vous votre session chaque fois que vous quittez votre poste, même pour un instant ?";
const LOCK_EN: &str =
    "Do you lock your session every time you leave your computer, even for a moment?";

fn has(errors: &[String], expected: &str) -> bool {
    errors.iter().any(|e| e == expected)
}

#[test]
fn questions_exactly_on_declared_requirements() {
    let catalog = embedded();
    let mut asked = 0;
    for req in &catalog.requirements {
        assert_eq!(
            req.question.is_some(),
            req.method != Method::Auto,
            "{}",
            req.id
        );
        asked += usize::from(req.question.is_some());
    }
    assert_eq!(asked, 69);
    let keys: Vec<&str> = catalog.context.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, CONTEXT_KEYS);
    assert!(catalog.context_fact("cpe_issued").is_some());
    assert!(catalog.context_fact("group_practice").is_none());
    let cpe = catalog
        .requirement("5.1.2.a")
        .and_then(|r| r.question.as_ref());
    assert_eq!(
        cpe.and_then(|q| q.not_applicable_when),
        Some(NotApplicableWhen::NoCpe)
    );
    let restore = catalog
        .requirement("6.3.1.d")
        .and_then(|r| r.question.as_ref());
    assert_eq!(restore.map(|q| q.review_days), Some(92));
}

#[test]
fn conditions_read_known_context_facts() {
    for when in NotApplicableWhen::ALL {
        let key = when.context_key();
        assert!(
            key == "group_practice" || CONTEXT_KEYS.contains(&key),
            "{key}"
        );
        // The file spelling is the serde spelling.
        let parsed: NotApplicableWhen = toml::Value::String(when.as_str().into())
            .try_into()
            .expect("known");
        assert_eq!(parsed, when);
    }
}

#[test]
fn rejects_declared_requirement_without_question() {
    let errors = edited(THEME4, |t| drop_question(t, "4.3.1.f"));
    assert!(
        has(&errors, "4.3.1.f: method declared but no question"),
        "{errors:?}"
    );
    let errors = edited(THEME4, |t| drop_question(t, "4.3.3.c"));
    assert!(
        has(&errors, "4.3.3.c: method both but no question"),
        "{errors:?}"
    );
}

#[test]
fn rejects_question_on_automated_requirement() {
    let question = "[requirement.question]\ntext.fr = \"Q ?\"\ntext.en = \"Q?\"\n\
                    help.fr = \"aide\"\nhelp.en = \"help\"\nreview_days = 365\n\n";
    let errors = edited(THEME4, |t| {
        replace_after_id(
            t,
            "4.3.1.a",
            "[requirement.essential]",
            &format!("{question}[requirement.essential]"),
        )
    });
    assert_eq!(
        errors,
        vec!["4.3.1.a: automated requirement has a question"],
        "{errors:?}"
    );
}

#[test]
fn rejects_question_that_does_not_ask() {
    let errors = edited(THEME4, |t| t.replace(LOCK_FR, "Verrouillez votre session."));
    assert_eq!(
        errors,
        vec!["4.3.2.b: question.text: French text does not end with \"?\""]
    );
    let errors = edited(THEME4, |t| t.replace(LOCK_EN, "Lock your session"));
    assert_eq!(
        errors,
        vec!["4.3.2.b: question.text: English text does not end with \"?\""]
    );
    let errors = edited(THEME4, |t| {
        t.replace(
            LOCK_FR,
            "Verrouillez-vous votre session ? Et votre personnel ?",
        )
    });
    assert_eq!(
        errors,
        vec!["4.3.2.b: question.text: French text asks more than one question"]
    );
}

#[test]
fn rejects_question_missing_a_language() {
    let errors = edited(THEME4, |t| t.replace(LOCK_EN, " "));
    assert_eq!(errors, vec!["4.3.2.b: question.text: missing English text"]);
    let errors = edited(THEME4, |t| t.replace(LOCK_FR, ""));
    assert_eq!(errors, vec!["4.3.2.b: question.text: missing French text"]);
}

#[test]
fn rejects_empty_help() {
    let errors = edited(THEME4, |t| {
        let start = t.find("id = \"4.3.2.b\"\n").expect("id");
        let help = start + t[start..].find("help.en = \"").expect("help") + "help.en = \"".len();
        let end = help + t[help..].find('"').expect("closing quote");
        format!("{}{}", &t[..help], &t[end..])
    });
    assert_eq!(errors, vec!["4.3.2.b: question.help: missing English text"]);
}

#[test]
fn rejects_review_period_out_of_range() {
    for days in ["10", "29", "731", "1000"] {
        let errors = edited(THEME4, |t| {
            replace_after_id(
                t,
                "4.3.2.b",
                "review_days = 365",
                &format!("review_days = {days}"),
            )
        });
        assert_eq!(
            errors,
            vec![format!(
                "4.3.2.b: question.review_days {days} not within 30..=730"
            )]
        );
    }
    for days in ["30", "730"] {
        let errors = edited(THEME4, |t| {
            replace_after_id(
                t,
                "4.3.2.b",
                "review_days = 365",
                &format!("review_days = {days}"),
            )
        });
        assert!(errors.is_empty(), "{errors:?}");
    }
}

#[test]
fn rejects_unknown_condition() {
    let errors = edited(THEME5, |t| {
        replace_after_id(t, "5.1.2.a", "\"no_cpe\"", "\"no_fax\"")
    });
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("unknown variant `no_fax`"), "{errors:?}");
    let errors = edited(THEME5, |t| {
        replace_after_id(t, "5.1.2.a", "\"no_cpe\"", "\"group_practice\"")
    });
    assert!(
        errors[0].contains("unknown variant `group_practice`"),
        "{errors:?}"
    );
}

#[test]
fn rejects_condition_without_not_applicable_answer() {
    let errors = edited(THEME5, |t| {
        replace_after_id(t, "5.1.2.a", "allow_not_applicable = true\n", "")
    });
    assert!(
        has(
            &errors,
            "5.1.2.a: question.not_applicable_when = \"no_cpe\" needs allow_not_applicable = true"
        ),
        "{errors:?}"
    );
}

#[test]
fn help_and_not_applicable_answer_agree() {
    // 5.1.1.d allows "non concerné" (no new card ever received) and says when.
    let errors = edited(THEME5, |t| {
        replace_after_id(t, "5.1.1.d", "allow_not_applicable = true\n", "")
    });
    assert_eq!(
        errors,
        vec!["5.1.1.d: question.help mentions « non concerné » but allow_not_applicable is false"]
    );
    let errors = edited(THEME4, |t| {
        replace_after_id(
            t,
            "4.3.2.b",
            "review_days = 365\n",
            "review_days = 365\nallow_not_applicable = true\n",
        )
    });
    assert_eq!(
        errors,
        vec!["4.3.2.b: question.help must say when to answer « non concerné » (allow_not_applicable is true)"]
    );
}

const CONTEXT_EXTRA: &str = r#"
[[context]]
key = "KEY"
text.fr = "Question ?"
text.en = "Question?"
help.fr = "aide"
help.en = "help"
"#;

#[test]
fn rejects_unknown_and_duplicate_context_keys() {
    let errors = edited(HEADER, |t| {
        format!("{t}{}", CONTEXT_EXTRA.replace("KEY", "group_practice"))
    });
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("context group_practice: unknown context key"),
        "{errors:?}"
    );
    let errors = edited(HEADER, |t| {
        format!("{t}{}", CONTEXT_EXTRA.replace("KEY", "wifi_present"))
    });
    assert_eq!(errors, vec!["context wifi_present: duplicate context key"]);
}

#[test]
fn rejects_missing_context_question() {
    let errors = edited(HEADER, |t| {
        t.replace("key = \"cpe_issued\"", "key = \"cpe\"")
    });
    assert!(
        has(&errors, "context cpe_issued: missing context question"),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("context cpe: unknown context key")),
        "{errors:?}"
    );
    assert_eq!(errors.len(), 2, "{errors:?}");
}

#[test]
fn rejects_context_question_that_does_not_ask() {
    let errors = edited(HEADER, |t| {
        t.replace(
            "Y a-t-il un réseau Wi-Fi dans votre cabinet ?",
            "Wi-Fi au cabinet.",
        )
    });
    assert_eq!(
        errors,
        vec!["context wifi_present: text: French text does not end with \"?\""]
    );
    let errors = edited(HEADER, |t| {
        format!(
            "{t}{}",
            CONTEXT_EXTRA
                .replace("KEY", "hosted_software")
                .replace("help.fr = \"aide\"", "help.fr = \"\"")
        )
    });
    assert!(
        has(
            &errors,
            "context hosted_software: help: missing French text"
        ),
        "{errors:?}"
    );
}

#[test]
fn rejects_unknown_question_field() {
    let errors = edited(THEME4, |t| {
        replace_after_id(
            t,
            "4.3.2.b",
            "review_days = 365\n",
            "review_days = 365\nanswers = 4\n",
        )
    });
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("unknown field `answers`"), "{errors:?}");
}
