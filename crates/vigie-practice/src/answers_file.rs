//! `answers.toml`, the answers file of `vigie declare --file`: see [`parse_answers`].

use crate::text::non_empty;
use crate::{
    is_requirement_id, Answer, ContextAnswer, ContextQuestion, Declaration, ValidationError,
};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use time::OffsetDateTime;
use toml::Spanned;

/// A parsed answers file: checked, but without dates (they are given when
/// the answers are recorded, see [`AnswersFile::into_batch`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswersFile {
    /// The file's `author`, if any.
    pub author: Option<String>,
    /// The `[context]` answers, in asking order.
    pub context: Vec<ContextEntry>,
    /// The `[[answer]]` entries, in file order.
    pub answers: Vec<AnswerEntry>,
}

/// One `[context]` key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextEntry {
    pub question: ContextQuestion,
    /// `None` for "ne sait pas".
    pub value: Option<bool>,
    /// Line of the key (1-based).
    pub line: usize,
}

/// One `[[answer]]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerEntry {
    pub id: String,
    pub answer: Answer,
    pub note: Option<String>,
    pub proof: Option<String>,
    pub author: Option<String>,
    /// Line of the entry's `id` (1-based).
    pub line: usize,
}

/// What an answers file turns into: written in one transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswersBatch {
    pub context: Vec<(ContextQuestion, ContextAnswer)>,
    pub declarations: Vec<Declaration>,
}

/// An answers file that cannot be used, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct AnswersError {
    /// 1-based line; 0 when the TOML parser gave no position.
    pub line: usize,
    /// 1-based column, in characters; 0 when unknown.
    pub column: usize,
    pub kind: AnswersErrorKind,
}

impl fmt::Display for AnswersError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.kind
            )
        } else {
            write!(f, "{}", self.kind)
        }
    }
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswersErrorKind {
    /// Not valid TOML, a misspelt key, a missing `id`... (the TOML parser's
    /// message, which says what it expected).
    #[error("{0}")]
    Toml(String),
    #[error("unknown requirement id \"{id}\": expected the id of a requirement answered by a person ({example})")]
    UnknownRequirement { id: String, example: String },
    #[error("\"{word}\" is not an answer: expected {expected}", expected = Answer::EXPECTED)]
    BadAnswer { word: String },
    #[error("{question}: \"{value}\" is not a context answer: expected true, false, \"oui\", \"non\" or \"ne sait pas\"")]
    BadContextValue { question: String, value: String },
    #[error("requirement {id} is answered twice (first at line {first_line}): keep one answer")]
    Duplicate { id: String, first_line: usize },
    #[error("no author: add author = \"...\" at the top of the file or in this answer")]
    MissingAuthor,
    #[error("{0}")]
    Invalid(ValidationError),
}

/// Offsets to 1-based line and column (in characters).
fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn error_at(text: &str, span: Range<usize>, kind: AnswersErrorKind) -> AnswersError {
    let (line, column) = position(text, span.start);
    AnswersError { line, column, kind }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    author: Option<Spanned<String>>,
    #[serde(default)]
    context: Option<RawContext>,
    #[serde(default)]
    answer: Vec<RawAnswer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContext {
    #[serde(default)]
    group_practice: Option<Spanned<toml::Value>>,
    #[serde(default)]
    wifi_present: Option<Spanned<toml::Value>>,
    #[serde(default)]
    cpe_issued: Option<Spanned<toml::Value>>,
    #[serde(default)]
    hosted_software: Option<Spanned<toml::Value>>,
    #[serde(default)]
    maintenance_contract: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswer {
    id: Spanned<String>,
    /// A word, or a boolean for yes/no.
    answer: Spanned<toml::Value>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    proof: Option<String>,
    #[serde(default)]
    author: Option<String>,
}

/// Parses and checks an answers file. `known_ids` are the requirements a
/// person may answer (the catalog's `declared` and `both` ones); any other
/// id is an error at the line of its entry.
///
/// `answers.toml`: answers written in a file, for `vigie declare --file`
/// (scripted set-ups, a provider filling in its part).
///
/// ```toml
/// author = "Dr Martin"            # optional: who answers (else --author)
///
/// [context]                       # optional
/// wifi_present = false            # true/false or oui/non/ne sait pas
/// cpe_issued = "non"
/// hosted_software = true
/// maintenance_contract = "oui"
///
/// [[answer]]
/// id = "2.1.1.a"
/// answer = "oui"                  # oui, non, en partie, ne sait pas, non concerné
/// note = "Charte signée par les deux secrétaires"   # optional
/// proof = "classeur rouge, onglet charte"           # optional: where the proof is
/// author = "Mme Durand"           # optional: overrides the file's author
/// ```
///
/// Every error names the line and column and what was expected. This
/// function and [`AnswersFile::into_batch`] check the whole file, so a
/// caller that runs both before writing writes nothing from a bad file.
///
/// ```
/// use vigie_practice::{parse_answers, Answer};
/// let known = ["2.1.1.a", "2.1.1.b"];
/// let file = parse_answers("[[answer]]\nid = \"2.1.1.a\"\nanswer = \"Oui\"\n", &known)?;
/// let batch = file.into_batch(Some("Dr Martin"), time::OffsetDateTime::now_utc())?;
/// assert_eq!(batch.declarations[0].answer, Answer::Yes);
///
/// let err = parse_answers("[[answer]]\nid = \"2.1.1.a\"\nanswer = \"bof\"\n", &known).unwrap_err();
/// assert_eq!((err.line, err.column), (3, 10));
/// # Ok::<(), vigie_practice::AnswersError>(())
/// ```
pub fn parse_answers<S: AsRef<str>>(
    text: &str,
    known_ids: &[S],
) -> Result<AnswersFile, AnswersError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map(|s| position(text, s.start)).unwrap_or((0, 0));
        AnswersError {
            line,
            column,
            kind: AnswersErrorKind::Toml(e.message().trim().to_string()),
        }
    })?;

    let mut context = Vec::new();
    if let Some(c) = raw.context {
        if let Some(v) = c.group_practice {
            return Err(error_at(
                text,
                v.span(),
                AnswersErrorKind::Invalid(ValidationError::DerivedContextQuestion),
            ));
        }
        let keys = [
            (ContextQuestion::WifiPresent, c.wifi_present),
            (ContextQuestion::CpeIssued, c.cpe_issued),
            (ContextQuestion::HostedSoftware, c.hosted_software),
            (ContextQuestion::MaintenanceContract, c.maintenance_contract),
        ];
        for (question, value) in keys {
            let Some(value) = value else { continue };
            let span = value.span();
            let parsed = match value.get_ref() {
                toml::Value::Boolean(b) => Some(Some(*b)),
                toml::Value::String(s) => Answer::parse(s).ok().and_then(ContextAnswer::value_of),
                _ => None,
            };
            let Some(parsed) = parsed else {
                return Err(error_at(
                    text,
                    span,
                    AnswersErrorKind::BadContextValue {
                        question: question.key().into(),
                        value: display_value(value.get_ref()),
                    },
                ));
            };
            context.push(ContextEntry {
                question,
                value: parsed,
                line: position(text, span.start).0,
            });
        }
    }

    let example = known_ids
        .first()
        .map(|s| format!("e.g. {}", s.as_ref()))
        .unwrap_or_else(|| "none is expected here".into());
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut answers = Vec::with_capacity(raw.answer.len());
    for a in raw.answer {
        let id_span = a.id.span();
        let line = position(text, id_span.start).0;
        let id = a.id.into_inner().trim().to_string();
        if !known_ids.iter().any(|k| k.as_ref() == id) {
            let kind = if is_requirement_id(&id) {
                AnswersErrorKind::UnknownRequirement {
                    id,
                    example: example.clone(),
                }
            } else {
                AnswersErrorKind::Invalid(ValidationError::BadRequirementId(id))
            };
            return Err(error_at(text, id_span, kind));
        }
        if let Some(first_line) = seen.get(&id) {
            return Err(error_at(
                text,
                id_span,
                AnswersErrorKind::Duplicate {
                    id,
                    first_line: *first_line,
                },
            ));
        }
        seen.insert(id.clone(), line);
        let answer_span = a.answer.span();
        let answer = match a.answer.get_ref() {
            toml::Value::Boolean(true) => Ok(Answer::Yes),
            toml::Value::Boolean(false) => Ok(Answer::No),
            toml::Value::String(s) => Answer::parse(s).map_err(|e| e.0),
            other => Err(display_value(other)),
        }
        .map_err(|word| error_at(text, answer_span, AnswersErrorKind::BadAnswer { word }))?;
        answers.push(AnswerEntry {
            id,
            answer,
            note: non_empty(a.note.as_deref()),
            proof: non_empty(a.proof.as_deref()),
            author: non_empty(a.author.as_deref()),
            line,
        });
    }

    Ok(AnswersFile {
        author: non_empty(raw.author.as_ref().map(|a| a.get_ref().as_str())),
        context,
        answers,
    })
}

fn display_value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl AnswersFile {
    /// The declarations and context answers to record, dated `at`. The
    /// author is the entry's, else the file's, else `default_author` (the
    /// command line's); each declaration is validated (a proof is a
    /// reference on one line, a note has a bounded length), with the line
    /// of its entry on error.
    pub fn into_batch(
        self,
        default_author: Option<&str>,
        at: OffsetDateTime,
    ) -> Result<AnswersBatch, AnswersError> {
        let file_author = self.author.or_else(|| non_empty(default_author));
        let at_line = |line: usize, kind| AnswersError {
            line,
            column: 1,
            kind,
        };
        let mut batch = AnswersBatch::default();
        for c in self.context {
            let author = file_author
                .clone()
                .ok_or_else(|| at_line(c.line, AnswersErrorKind::MissingAuthor))?;
            batch.context.push((
                c.question,
                ContextAnswer {
                    value: c.value,
                    author,
                    answered_at: at,
                },
            ));
        }
        for a in self.answers {
            let author = a
                .author
                .or_else(|| file_author.clone())
                .ok_or_else(|| at_line(a.line, AnswersErrorKind::MissingAuthor))?;
            let declaration = Declaration {
                requirement_id: a.id,
                answer: a.answer,
                note: a.note,
                proof: a.proof,
                author,
                answered_at: at,
            };
            declaration
                .validate()
                .map_err(|e| at_line(a.line, AnswersErrorKind::Invalid(e)))?;
            batch.declarations.push(declaration);
        }
        Ok(batch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "a = 1\nnote = \"éé\" x";
        assert_eq!(position(text, 0), (1, 1));
        assert_eq!(position(text, 6), (2, 1));
        // The "x" after two two-byte characters.
        let x = text.find('x').unwrap();
        assert_eq!(position(text, x), (2, 13));
        assert_eq!(position(text, 999), (2, 14));
    }
}
