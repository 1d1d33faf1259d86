//! A linter for the catalog data, in the spirit of rustsec's advisory linter:
//! every problem is reported, not only the first.

use crate::{Catalog, Delegation, Localized, Method, Requirement, CONTEXT_KEYS, REFERENCE_TSV};
use std::collections::{BTreeMap, BTreeSet};

/// One problem found in the catalog data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintError {
    /// The requirement or rule concerned, or the file.
    pub subject: String,
    pub message: String,
}

impl std::fmt::Display for LintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.subject, self.message)
    }
}

struct Reference {
    theme: u8,
    delegation: Delegation,
    essential: bool,
    method: Method,
}

fn reference() -> BTreeMap<String, Reference> {
    let mut map = BTreeMap::new();
    for line in REFERENCE_TSV.lines() {
        if line.starts_with('#') || line.starts_with("id\t") || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let delegation = match cols[2] {
            "A" => Delegation::A,
            "B" => Delegation::B,
            "AB" => Delegation::AB,
            _ => Delegation::None,
        };
        let method = match cols[4] {
            "auto" => Method::Auto,
            "both" => Method::Both,
            _ => Method::Declared,
        };
        map.insert(
            cols[0].to_string(),
            Reference {
                theme: cols[1].parse().unwrap_or(0),
                delegation,
                essential: cols[3] == "yes",
                method,
            },
        );
    }
    map
}

fn err(errors: &mut Vec<LintError>, subject: &str, message: impl Into<String>) {
    errors.push(LintError {
        subject: subject.to_string(),
        message: message.into(),
    });
}

/// Checks named catalog sources; returns every problem found (empty when clean).
pub fn lint(sources: &[(&str, &str)]) -> Vec<LintError> {
    match Catalog::from_sources(sources) {
        Ok(catalog) => lint_catalog(&catalog),
        Err(e) => vec![LintError {
            subject: "catalog".into(),
            message: e.to_string(),
        }],
    }
}

fn lint_catalog(catalog: &Catalog) -> Vec<LintError> {
    let mut errors = Vec::new();
    let reference = reference();

    if catalog.version.trim().is_empty() {
        err(&mut errors, "catalog", "empty version");
    }
    let themes: BTreeSet<u8> = catalog.themes.iter().map(|t| t.number).collect();
    if themes != (1..=6).collect() || catalog.themes.len() != 6 {
        err(
            &mut errors,
            "catalog",
            "themes must be exactly 1 to 6, once each",
        );
    }
    for theme in &catalog.themes {
        check_text(
            &mut errors,
            &format!("theme {}", theme.number),
            "title",
            &theme.title,
        );
    }

    let mut rule_numbers = BTreeSet::new();
    for rule in &catalog.rules {
        if !rule_numbers.insert(rule.number.as_str()) {
            err(&mut errors, &rule.number, "duplicate rule");
        }
        check_text(&mut errors, &rule.number, "title", &rule.title);
        if !catalog.requirements.iter().any(|r| r.rule == rule.number) {
            err(&mut errors, &rule.number, "rule has no requirement");
        }
    }

    let mut seen = BTreeSet::new();
    let mut letters: BTreeMap<&str, Vec<char>> = BTreeMap::new();
    for req in &catalog.requirements {
        let id = req.id.as_str();
        if !seen.insert(id) {
            err(&mut errors, id, "duplicate id");
        }
        match reference.get(id) {
            None => err(&mut errors, id, "unknown id (not in requirements.tsv)"),
            Some(r) => {
                if r.theme != req.theme {
                    err(
                        &mut errors,
                        id,
                        format!("theme {} but reference says {}", req.theme, r.theme),
                    );
                }
                if r.delegation != req.delegation {
                    err(
                        &mut errors,
                        id,
                        format!(
                            "delegation {} but reference says {}",
                            req.delegation.as_str(),
                            r.delegation.as_str()
                        ),
                    );
                }
                if r.method != req.method {
                    err(
                        &mut errors,
                        id,
                        format!(
                            "method {} but reference says {}",
                            req.method.as_str(),
                            r.method.as_str()
                        ),
                    );
                }
                if r.essential != req.essential.is_some() {
                    err(
                        &mut errors,
                        id,
                        format!(
                            "essential is {} but reference says {}",
                            req.essential.is_some(),
                            r.essential
                        ),
                    );
                }
            }
        }
        match id
            .strip_prefix(req.rule.as_str())
            .and_then(|s| s.strip_prefix('.'))
        {
            Some(letter) if letter.len() == 1 && letter.chars().all(|c| c.is_ascii_lowercase()) => {
                letters
                    .entry(req.rule.as_str())
                    .or_default()
                    .push(letter.chars().next().unwrap_or('a'));
            }
            _ => err(
                &mut errors,
                id,
                format!("id does not extend its rule {} by one letter", req.rule),
            ),
        }
        if req.rule.split('.').next() != Some(req.theme.to_string().as_str()) {
            err(
                &mut errors,
                id,
                format!("rule {} is not in theme {}", req.rule, req.theme),
            );
        }
        match catalog.rule(&req.rule) {
            None => err(&mut errors, id, format!("rule {} is not defined", req.rule)),
            Some(rule) if rule.delegation != req.delegation => err(
                &mut errors,
                id,
                format!(
                    "delegation {} differs from its rule's cartouche {}",
                    req.delegation.as_str(),
                    rule.delegation.as_str()
                ),
            ),
            Some(_) => {}
        }
        check_text(&mut errors, id, "text", &req.text);
        check_text(&mut errors, id, "why", &req.why);
        check_text(&mut errors, id, "fix.general", &req.fix.general);
        for (os, fix) in [
            ("linux", &req.fix.linux),
            ("windows", &req.fix.windows),
            ("macos", &req.fix.macos),
        ] {
            if let Some(fix) = fix {
                check_text(&mut errors, id, &format!("fix.{os}"), fix);
            }
        }
        if let Some(essential) = &req.essential {
            check_text(&mut errors, id, "essential.text", &essential.text);
            let mut keys = BTreeSet::new();
            for t in &essential.thresholds {
                if t.key.trim().is_empty() || !keys.insert(t.key.as_str()) {
                    err(
                        &mut errors,
                        id,
                        format!("threshold key {:?} empty or repeated", t.key),
                    );
                }
            }
        }
        for g in &req.guidance {
            if g.source.trim().is_empty() {
                err(&mut errors, id, "guidance without a source");
            }
            check_text(&mut errors, id, "guidance.difference", &g.difference);
        }
        check_question(&mut errors, req);
    }
    for id in reference.keys() {
        if !seen.contains(id.as_str()) {
            err(&mut errors, id, "missing from the catalog");
        }
    }
    check_context(&mut errors, catalog);
    for (rule, mut ls) in letters {
        ls.sort_unstable();
        let expected: Vec<char> = ('a'..='z').take(ls.len()).collect();
        if ls != expected {
            err(
                &mut errors,
                rule,
                format!("bullet letters {ls:?} are not consecutive from a"),
            );
        }
    }
    errors
}

/// How long an answer may stay valid, in days: at least a month, at most two
/// years.
const REVIEW_DAYS: std::ops::RangeInclusive<u32> = 30..=730;

/// Declared and `both` requirements carry a question; automated ones do not.
fn check_question(errors: &mut Vec<LintError>, req: &Requirement) {
    let id = req.id.as_str();
    let q = match (&req.question, req.method) {
        (None, Method::Auto) => return,
        (Some(_), Method::Auto) => {
            err(errors, id, "automated requirement has a question");
            return;
        }
        (None, m) => {
            err(errors, id, format!("method {} but no question", m.as_str()));
            return;
        }
        (Some(q), _) => q,
    };
    check_asks(errors, id, "question.text", &q.text);
    check_text(errors, id, "question.help", &q.help);
    if !REVIEW_DAYS.contains(&q.review_days) {
        err(
            errors,
            id,
            format!(
                "question.review_days {} not within {}..={}",
                q.review_days,
                REVIEW_DAYS.start(),
                REVIEW_DAYS.end()
            ),
        );
    }
    if let Some(when) = q.not_applicable_when {
        if !q.allow_not_applicable {
            err(
                errors,
                id,
                format!(
                    "question.not_applicable_when = {:?} needs allow_not_applicable = true",
                    when.as_str()
                ),
            );
        }
    }
    // The help tells when "non concerné" is the truthful answer, and never
    // offers it where the answer is refused.
    let mentions = q.help.fr.contains("non concerné");
    if mentions != q.allow_not_applicable {
        err(
            errors,
            id,
            if mentions {
                "question.help mentions « non concerné » but allow_not_applicable is false"
            } else {
                "question.help must say when to answer « non concerné » (allow_not_applicable is true)"
            },
        );
    }
    if q.help.en.contains("not applicable") != mentions {
        err(
            errors,
            id,
            "question.help: French and English disagree on « non concerné » / \"not applicable\"",
        );
    }
}

/// The context questions: exactly the keys of [`CONTEXT_KEYS`], once each.
fn check_context(errors: &mut Vec<LintError>, catalog: &Catalog) {
    let mut seen = BTreeSet::new();
    for fact in &catalog.context {
        let subject = format!("context {}", fact.key);
        if !CONTEXT_KEYS.contains(&fact.key.as_str()) {
            err(
                errors,
                &subject,
                format!("unknown context key (expected one of {CONTEXT_KEYS:?})"),
            );
        }
        if !seen.insert(fact.key.as_str()) {
            err(errors, &subject, "duplicate context key");
        }
        check_asks(errors, &subject, "text", &fact.text);
        check_text(errors, &subject, "help", &fact.help);
    }
    for key in CONTEXT_KEYS {
        if !seen.contains(key) {
            err(
                errors,
                &format!("context {key}"),
                "missing context question",
            );
        }
    }
}

/// A question: both languages present, one question each, ending with "?".
fn check_asks(errors: &mut Vec<LintError>, subject: &str, field: &str, text: &Localized) {
    check_text(errors, subject, field, text);
    for (lang, t) in [("French", &text.fr), ("English", &text.en)] {
        let t = t.trim();
        if t.is_empty() {
            continue;
        }
        if !t.ends_with('?') {
            err(
                errors,
                subject,
                format!("{field}: {lang} text does not end with \"?\""),
            );
        } else if t.matches('?').count() > 1 {
            err(
                errors,
                subject,
                format!("{field}: {lang} text asks more than one question"),
            );
        }
    }
}

fn check_text(errors: &mut Vec<LintError>, subject: &str, field: &str, text: &Localized) {
    if text.fr.trim().is_empty() {
        err(errors, subject, format!("{field}: missing French text"));
    }
    if text.en.trim().is_empty() {
        err(errors, subject, format!("{field}: missing English text"));
    }
}
