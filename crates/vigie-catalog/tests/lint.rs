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
