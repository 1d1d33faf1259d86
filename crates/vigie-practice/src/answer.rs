//! The five answers a person can give to a declared requirement.

use crate::text::normalize;
use crate::Lang;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An answer to a declared requirement. Serialised in English snake case
/// (`yes`, `not_applicable`); shown in French first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// Oui: the requirement is met.
    Yes,
    /// Non: it is not.
    No,
    /// En partie: met for some people, machines or documents only.
    Partial,
    /// Ne sait pas: the person cannot tell (the requirement stays open).
    Unknown,
    /// Non concerné: the requirement does not apply to this practice.
    NotApplicable,
}

impl Answer {
    /// Every answer, in the order they are offered.
    pub const ALL: [Answer; 5] = [
        Answer::Yes,
        Answer::No,
        Answer::Partial,
        Answer::Unknown,
        Answer::NotApplicable,
    ];

    /// What the error messages say is expected.
    pub const EXPECTED: &'static str = "oui, non, en partie, ne sait pas or non concerné (or yes, no, partial, don't know, not applicable)";

    /// The stable code stored in files and the database.
    pub fn code(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Partial => "partial",
            Answer::Unknown => "unknown",
            Answer::NotApplicable => "not_applicable",
        }
    }

    /// The word shown to a person.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Answer::Yes, Lang::Fr) => "oui",
            (Answer::No, Lang::Fr) => "non",
            (Answer::Partial, Lang::Fr) => "en partie",
            (Answer::Unknown, Lang::Fr) => "ne sait pas",
            (Answer::NotApplicable, Lang::Fr) => "non concerné",
            (Answer::Yes, Lang::En) => "yes",
            (Answer::No, Lang::En) => "no",
            (Answer::Partial, Lang::En) => "partial",
            (Answer::Unknown, Lang::En) => "don't know",
            (Answer::NotApplicable, Lang::En) => "not applicable",
        }
    }

    /// The answer from its code only (`yes`, `not_applicable`...), as stored.
    pub fn from_code(code: &str) -> Option<Answer> {
        Answer::ALL.into_iter().find(|a| a.code() == code)
    }

    /// Reads a word typed in French or English, whatever its case and
    /// accents: "oui", "Yes", "en partie", "partial", "ne sait pas",
    /// "don't know", "non concerné", "n/a"...
    pub fn parse(word: &str) -> Result<Answer, UnknownAnswer> {
        let w = normalize(word);
        let answer = match w.as_str() {
            "oui" | "yes" => Answer::Yes,
            "non" | "no" => Answer::No,
            "en partie" | "partiel" | "partielle" | "partiellement" | "partial" | "partially"
            | "partly" | "in part" => Answer::Partial,
            "ne sait pas" | "ne sais pas" | "je ne sais pas" | "sais pas" | "nsp" | "inconnu"
            | "don't know" | "dont know" | "do not know" | "i don't know" | "unknown" | "?" => {
                Answer::Unknown
            }
            "non concerne" | "non concernee" | "non concernes" | "non concernees"
            | "pas concerne" | "pas concernee" | "sans objet" | "non applicable" | "n/a" | "na"
            | "not applicable" => Answer::NotApplicable,
            _ => return Err(UnknownAnswer(word.trim().to_string())),
        };
        Ok(answer)
    }
}

impl fmt::Display for Answer {
    /// The code (`yes`, `not_applicable`); use [`Answer::label`] for people.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Answer {
    type Err = UnknownAnswer;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Answer::parse(s)
    }
}

/// A word that is none of the answers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not an answer: expected {expected}", expected = Answer::EXPECTED)]
pub struct UnknownAnswer(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_french_and_english_words() {
        let cases = [
            ("oui", Answer::Yes),
            ("OUI", Answer::Yes),
            ("yes", Answer::Yes),
            ("non", Answer::No),
            ("No", Answer::No),
            ("en partie", Answer::Partial),
            ("En  partie", Answer::Partial),
            ("partial", Answer::Partial),
            ("ne sait pas", Answer::Unknown),
            ("Je ne sais pas", Answer::Unknown),
            ("don't know", Answer::Unknown),
            ("Don’t know", Answer::Unknown),
            ("unknown", Answer::Unknown),
            ("non concerné", Answer::NotApplicable),
            ("Non concernée", Answer::NotApplicable),
            ("non-concerne", Answer::NotApplicable),
            ("n/a", Answer::NotApplicable),
            ("N/A", Answer::NotApplicable),
            ("not applicable", Answer::NotApplicable),
            ("not_applicable", Answer::NotApplicable),
            ("sans objet", Answer::NotApplicable),
        ];
        for (word, expected) in cases {
            assert_eq!(Answer::parse(word), Ok(expected), "{word}");
        }
    }

    #[test]
    fn every_label_and_code_parses_back() {
        for a in Answer::ALL {
            assert_eq!(Answer::parse(a.label(Lang::Fr)), Ok(a));
            assert_eq!(Answer::parse(a.label(Lang::En)), Ok(a));
            assert_eq!(Answer::parse(a.code()), Ok(a));
            assert_eq!(Answer::from_code(a.code()), Some(a));
        }
    }

    #[test]
    fn refuses_other_words() {
        for word in ["", "peut-être", "maybe", "o", "n", "ouii", "non non"] {
            let err = Answer::parse(word).unwrap_err();
            assert!(err.to_string().contains("en partie"), "{err}");
        }
    }

    #[test]
    fn serialises_as_codes() {
        assert_eq!(
            serde_json::to_string(&Answer::NotApplicable).unwrap(),
            "\"not_applicable\""
        );
        assert_eq!(
            serde_json::from_str::<Answer>("\"partial\"").unwrap(),
            Answer::Partial
        );
    }
}
