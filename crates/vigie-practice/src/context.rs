//! The context questions, asked before any requirement: their answers make
//! whole groups of requirements `not_applicable` without asking them (no
//! Wi-Fi, no CPE card, no hosted software, no maintenance contract).

use crate::{Answer, Lang, Organisation, ValidationError};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// One context question.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ContextQuestion {
    /// Several professionals share the practice. Not asked: it follows the
    /// practice's [`Organisation`].
    GroupPractice,
    /// A Wi-Fi network exists in the practice.
    WifiPresent,
    /// Staff members hold CPE cards (the staff's own health cards).
    CpeIssued,
    /// The practice software is hosted by a provider (the memento's B).
    HostedSoftware,
    /// A maintenance contract exists with a provider (the memento's A).
    MaintenanceContract,
}

impl ContextQuestion {
    /// Every question, in the order they are asked.
    pub const ALL: [ContextQuestion; 5] = [
        ContextQuestion::GroupPractice,
        ContextQuestion::WifiPresent,
        ContextQuestion::CpeIssued,
        ContextQuestion::HostedSoftware,
        ContextQuestion::MaintenanceContract,
    ];

    /// The questions actually answered (all but [`ContextQuestion::GroupPractice`]).
    pub const ANSWERED: [ContextQuestion; 4] = [
        ContextQuestion::WifiPresent,
        ContextQuestion::CpeIssued,
        ContextQuestion::HostedSoftware,
        ContextQuestion::MaintenanceContract,
    ];

    /// The stable key used in files and the database.
    pub fn key(self) -> &'static str {
        match self {
            ContextQuestion::GroupPractice => "group_practice",
            ContextQuestion::WifiPresent => "wifi_present",
            ContextQuestion::CpeIssued => "cpe_issued",
            ContextQuestion::HostedSoftware => "hosted_software",
            ContextQuestion::MaintenanceContract => "maintenance_contract",
        }
    }

    pub fn from_key(key: &str) -> Option<ContextQuestion> {
        ContextQuestion::ALL.into_iter().find(|q| q.key() == key)
    }

    /// Whether the answer comes from elsewhere (the practice's organisation).
    pub fn is_derived(self) -> bool {
        self == ContextQuestion::GroupPractice
    }

    /// A short name for the fact (the full questions are worded by the CLI).
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ContextQuestion::GroupPractice, Lang::Fr) => "exercice en groupe",
            (ContextQuestion::WifiPresent, Lang::Fr) => "réseau Wi-Fi au cabinet",
            (ContextQuestion::CpeIssued, Lang::Fr) => "cartes CPE remises au personnel",
            (ContextQuestion::HostedSoftware, Lang::Fr) => {
                "logiciel métier hébergé par un prestataire (B)"
            }
            (ContextQuestion::MaintenanceContract, Lang::Fr) => {
                "contrat de maintenance avec un prestataire (A)"
            }
            (ContextQuestion::GroupPractice, Lang::En) => "group practice",
            (ContextQuestion::WifiPresent, Lang::En) => "Wi-Fi network in the practice",
            (ContextQuestion::CpeIssued, Lang::En) => "CPE cards issued to staff",
            (ContextQuestion::HostedSoftware, Lang::En) => {
                "practice software hosted by a provider (B)"
            }
            (ContextQuestion::MaintenanceContract, Lang::En) => {
                "maintenance contract with a provider (A)"
            }
        }
    }
}

/// The answer to one context question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContextAnswer {
    /// `true` or `false`; `None` when the person answered "ne sait pas".
    pub value: Option<bool>,
    pub author: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub answered_at: OffsetDateTime,
}

impl ContextAnswer {
    /// The context value of an answer word: oui → true, non → false, ne sait
    /// pas → None; "en partie" and "non concerné" mean nothing here.
    pub fn value_of(answer: Answer) -> Option<Option<bool>> {
        match answer {
            Answer::Yes => Some(Some(true)),
            Answer::No => Some(Some(false)),
            Answer::Unknown => Some(None),
            Answer::Partial | Answer::NotApplicable => None,
        }
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.author.trim().is_empty() {
            return Err(ValidationError::EmptyAuthor);
        }
        Ok(())
    }
}

/// The answered context questions. A question never asked is `None`, so an
/// interrupted questionnaire resumes where it stopped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Context {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wifi_present: Option<ContextAnswer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpe_issued: Option<ContextAnswer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosted_software: Option<ContextAnswer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance_contract: Option<ContextAnswer>,
}

impl Context {
    /// The recorded answer to a question (always `None` for the derived
    /// group practice question).
    pub fn get(&self, question: ContextQuestion) -> Option<&ContextAnswer> {
        match question {
            ContextQuestion::GroupPractice => None,
            ContextQuestion::WifiPresent => self.wifi_present.as_ref(),
            ContextQuestion::CpeIssued => self.cpe_issued.as_ref(),
            ContextQuestion::HostedSoftware => self.hosted_software.as_ref(),
            ContextQuestion::MaintenanceContract => self.maintenance_contract.as_ref(),
        }
    }

    /// Records an answer; the group practice question is refused (it
    /// follows the practice's organisation).
    pub fn set(
        &mut self,
        question: ContextQuestion,
        answer: ContextAnswer,
    ) -> Result<(), ValidationError> {
        answer.validate()?;
        let slot = match question {
            ContextQuestion::GroupPractice => return Err(ValidationError::DerivedContextQuestion),
            ContextQuestion::WifiPresent => &mut self.wifi_present,
            ContextQuestion::CpeIssued => &mut self.cpe_issued,
            ContextQuestion::HostedSoftware => &mut self.hosted_software,
            ContextQuestion::MaintenanceContract => &mut self.maintenance_contract,
        };
        *slot = Some(answer);
        Ok(())
    }

    /// The fact as known: `Some(true/false)` when established, `None` when
    /// not answered yet or answered "ne sait pas" (then the requirements it
    /// governs must be asked). Group practice comes from the organisation,
    /// when the practice is recorded.
    pub fn value(
        &self,
        question: ContextQuestion,
        organisation: Option<Organisation>,
    ) -> Option<bool> {
        match question {
            ContextQuestion::GroupPractice => organisation.map(|o| o == Organisation::Group),
            q => self.get(q).and_then(|a| a.value),
        }
    }

    /// The questions never answered, in asking order (those answered "ne
    /// sait pas" count as answered: the person was asked).
    pub fn unanswered(&self) -> Vec<ContextQuestion> {
        ContextQuestion::ANSWERED
            .into_iter()
            .filter(|q| self.get(*q).is_none())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn answer(value: Option<bool>) -> ContextAnswer {
        ContextAnswer {
            value,
            author: "Dr Martin".into(),
            answered_at: datetime!(2026-11-02 10:00 +01:00),
        }
    }

    #[test]
    fn keys_round_trip() {
        for q in ContextQuestion::ALL {
            assert_eq!(ContextQuestion::from_key(q.key()), Some(q));
            assert!(!q.label(Lang::Fr).is_empty());
        }
        assert_eq!(ContextQuestion::from_key("printer"), None);
    }

    #[test]
    fn values_and_open_questions() {
        let mut c = Context::default();
        assert_eq!(c.unanswered(), ContextQuestion::ANSWERED.to_vec());
        c.set(ContextQuestion::WifiPresent, answer(Some(false)))
            .unwrap();
        c.set(ContextQuestion::CpeIssued, answer(None)).unwrap();
        assert_eq!(c.value(ContextQuestion::WifiPresent, None), Some(false));
        // "ne sait pas": answered, but the fact stays open.
        assert_eq!(c.value(ContextQuestion::CpeIssued, None), None);
        assert_eq!(
            c.unanswered(),
            vec![
                ContextQuestion::HostedSoftware,
                ContextQuestion::MaintenanceContract
            ]
        );
        assert_eq!(
            c.value(ContextQuestion::GroupPractice, Some(Organisation::Group)),
            Some(true)
        );
        assert_eq!(c.value(ContextQuestion::GroupPractice, None), None);
    }

    #[test]
    fn group_practice_is_not_set_directly() {
        let mut c = Context::default();
        assert_eq!(
            c.set(ContextQuestion::GroupPractice, answer(Some(true))),
            Err(ValidationError::DerivedContextQuestion)
        );
        let mut a = answer(Some(true));
        a.author = "".into();
        assert_eq!(
            c.set(ContextQuestion::WifiPresent, a),
            Err(ValidationError::EmptyAuthor)
        );
    }

    #[test]
    fn answer_words_map_to_values() {
        assert_eq!(ContextAnswer::value_of(Answer::Yes), Some(Some(true)));
        assert_eq!(ContextAnswer::value_of(Answer::No), Some(Some(false)));
        assert_eq!(ContextAnswer::value_of(Answer::Unknown), Some(None));
        assert_eq!(ContextAnswer::value_of(Answer::Partial), None);
    }
}
