//! A person's answer to one requirement, and when it goes stale.

use crate::{Answer, ValidationError};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// Review period of most organisational answers: a year.
pub const REVIEW_DAYS_DEFAULT: u32 = 365;
/// Review period of answers about things that must be redone often (restore
/// tests): a quarter.
pub const REVIEW_DAYS_QUARTER: u32 = 92;

/// Longest note kept (a few paragraphs).
pub const MAX_NOTE_CHARS: usize = 4000;
/// Longest proof reference (a path or a place, not a document).
pub const MAX_PROOF_CHARS: usize = 1000;

/// One answer to one requirement. Declarations are never changed: a new
/// answer is a new declaration, and the latest one counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    /// The requirement answered ("2.1.1.a").
    pub requirement_id: String,
    pub answer: Answer,
    /// What the person wants to add (which machines, what is missing...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the proof is kept: a file name or a place ("classeur rouge,
    /// contrat p. 4"). Vigie keeps the reference, never the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<String>,
    /// Who answered.
    pub author: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub answered_at: OffsetDateTime,
}

impl Declaration {
    /// Checks the id's form, the author, and that note and proof stay a
    /// note and a reference.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if !is_requirement_id(&self.requirement_id) {
            return Err(ValidationError::BadRequirementId(
                self.requirement_id.clone(),
            ));
        }
        if self.author.trim().is_empty() {
            return Err(ValidationError::EmptyAuthor);
        }
        if let Some(note) = &self.note {
            if note.chars().count() > MAX_NOTE_CHARS {
                return Err(ValidationError::NoteTooLong {
                    max: MAX_NOTE_CHARS,
                });
            }
        }
        if let Some(proof) = &self.proof {
            // A reference fits on one line; several lines is a pasted document.
            if proof.chars().count() > MAX_PROOF_CHARS || proof.contains(['\n', '\r']) {
                return Err(ValidationError::BadProof {
                    max: MAX_PROOF_CHARS,
                });
            }
        }
        Ok(())
    }
}

/// Whether the text has the form of a requirement id: one or more rule
/// numbers then one lowercase letter ("4.3.2.a", "1.2.f").
pub fn is_requirement_id(id: &str) -> bool {
    let mut parts: Vec<&str> = id.split('.').collect();
    let Some(letter) = parts.pop() else {
        return false;
    };
    !parts.is_empty()
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
        && letter.len() == 1
        && letter.bytes().all(|b| b.is_ascii_lowercase())
}

/// Whole days from the day the answer was given (in the offset it was
/// recorded with, i.e. the person's calendar day) to `as_of`. Negative when
/// the answer is dated after `as_of`.
pub fn age_days(answered_at: OffsetDateTime, as_of: Date) -> i64 {
    (as_of - answered_at.date()).whole_days()
}

/// An answer is stale when more than `review_days` days have passed since
/// it was given: with a year (365), an answer given on 2025-11-28 is still
/// current on 2026-11-28 and stale on 2026-11-29. An answer dated after
/// `as_of` is not stale.
pub fn is_stale(declaration: &Declaration, review_days: u32, as_of: Date) -> bool {
    age_days(declaration.answered_at, as_of) > i64::from(review_days)
}

/// What the latest declaration of a requirement is worth at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DeclarationState {
    /// Answered within the review period: the answer counts.
    Current {
        answer: Answer,
        #[serde(with = "time::serde::rfc3339")]
        #[schemars(with = "String")]
        answered_at: OffsetDateTime,
    },
    /// Answered too long ago: the requirement is open again (`unknown`),
    /// and the report says when it was last answered, and what.
    Stale {
        answer: Answer,
        #[serde(with = "time::serde::rfc3339")]
        #[schemars(with = "String")]
        answered_at: OffsetDateTime,
    },
    /// Never answered.
    None,
}

impl DeclarationState {
    /// The state of a requirement given its latest declaration.
    pub fn of(latest: Option<&Declaration>, review_days: u32, as_of: Date) -> DeclarationState {
        match latest {
            None => DeclarationState::None,
            Some(d) if is_stale(d, review_days, as_of) => DeclarationState::Stale {
                answer: d.answer,
                answered_at: d.answered_at,
            },
            Some(d) => DeclarationState::Current {
                answer: d.answer,
                answered_at: d.answered_at,
            },
        }
    }

    /// The answer that counts today, if any.
    pub fn current_answer(&self) -> Option<Answer> {
        match self {
            DeclarationState::Current { answer, .. } => Some(*answer),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn decl(answered_at: OffsetDateTime) -> Declaration {
        Declaration {
            requirement_id: "2.1.1.a".into(),
            answer: Answer::Yes,
            note: None,
            proof: None,
            author: "Dr Martin".into(),
            answered_at,
        }
    }

    #[test]
    fn requirement_id_forms() {
        for ok in ["2.1.1.a", "1.2.f", "4.3.1.g", "6.3.1.e", "10.12.3.b"] {
            assert!(is_requirement_id(ok), "{ok}");
        }
        for bad in [
            "", "a", "2.1.1", "2.1.1.A", "2.1.1.ab", "2..1.a", ".a", "x.1.a", "2.1.1.a ",
        ] {
            assert!(!is_requirement_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn stale_after_the_review_period() {
        let d = decl(datetime!(2025-11-28 18:00 +01:00));
        assert_eq!(age_days(d.answered_at, date!(2026 - 11 - 28)), 365);
        assert!(!is_stale(&d, 365, date!(2026 - 11 - 28)));
        assert!(is_stale(&d, 365, date!(2026 - 11 - 29)));
        // A quarter.
        assert!(!is_stale(&d, REVIEW_DAYS_QUARTER, date!(2026 - 02 - 28)));
        assert!(is_stale(&d, REVIEW_DAYS_QUARTER, date!(2026 - 03 - 01)));
        // Dated after the audit date: not stale.
        assert!(!is_stale(&d, 0, date!(2025 - 11 - 01)));
    }

    #[test]
    fn the_day_is_the_persons_calendar_day() {
        // 23:30 in Paris on 31 December is 22:30 UTC the same day.
        let d = decl(datetime!(2025-12-31 23:30 +01:00));
        assert_eq!(age_days(d.answered_at, date!(2026 - 01 - 01)), 1);
    }

    #[test]
    fn states() {
        let d = decl(datetime!(2025-01-10 09:00 UTC));
        assert_eq!(
            DeclarationState::of(None, 365, date!(2025 - 06 - 01)),
            DeclarationState::None
        );
        let current = DeclarationState::of(Some(&d), 365, date!(2025 - 06 - 01));
        assert_eq!(current.current_answer(), Some(Answer::Yes));
        let stale = DeclarationState::of(Some(&d), 92, date!(2025 - 06 - 01));
        assert_eq!(
            stale,
            DeclarationState::Stale {
                answer: Answer::Yes,
                answered_at: d.answered_at
            }
        );
        assert_eq!(stale.current_answer(), None);
        let json = serde_json::to_value(&stale).unwrap();
        assert_eq!(json["state"], "stale");
        assert_eq!(json["answered_at"], "2025-01-10T09:00:00Z");
    }

    #[test]
    fn validation() {
        let mut d = decl(datetime!(2025-01-10 09:00 UTC));
        assert_eq!(d.validate(), Ok(()));
        d.proof = Some("classeur rouge, onglet contrats".into());
        assert_eq!(d.validate(), Ok(()));
        d.proof = Some("line one\nline two".into());
        assert!(matches!(
            d.validate(),
            Err(ValidationError::BadProof { .. })
        ));
        d.proof = None;
        d.note = Some("x".repeat(MAX_NOTE_CHARS + 1));
        assert!(matches!(
            d.validate(),
            Err(ValidationError::NoteTooLong { .. })
        ));
        d.note = None;
        d.author = "  ".into();
        assert_eq!(d.validate(), Err(ValidationError::EmptyAuthor));
        d.author = "x".into();
        d.requirement_id = "2.1.1".into();
        assert_eq!(
            d.validate(),
            Err(ValidationError::BadRequirementId("2.1.1".into()))
        );
    }
}
