//! The practice itself: who the record is about.

use crate::text::normalize;
use crate::{Lang, ValidationError};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The practice, as recorded by `vigie init`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    /// The practice's name as it should appear on the report.
    pub name: String,
    pub profession: Profession,
    pub organisation: Organisation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// When the record was created (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub created_at: OffsetDateTime,
}

impl Practice {
    /// Checks that the name and profession are filled in.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.name.trim().is_empty() {
            return Err(ValidationError::EmptyPracticeName);
        }
        if let Profession::Other(p) = &self.profession {
            if p.trim().is_empty() {
                return Err(ValidationError::EmptyProfession);
            }
        }
        Ok(())
    }
}

/// The health profession practised (the memento addresses every liberal
/// health professional). Serialised as a snake case code, or
/// `{"other": "..."}` for a profession not listed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Profession {
    MedecinGeneraliste,
    MedecinSpecialiste,
    Infirmier,
    MasseurKinesitherapeute,
    Pharmacien,
    ChirurgienDentiste,
    SageFemme,
    Orthophoniste,
    /// Any other profession, named as the practitioner wrote it.
    Other(String),
}

impl Profession {
    /// The listed professions, in the order they are offered.
    pub const KNOWN: [Profession; 8] = [
        Profession::MedecinGeneraliste,
        Profession::MedecinSpecialiste,
        Profession::Infirmier,
        Profession::MasseurKinesitherapeute,
        Profession::Pharmacien,
        Profession::ChirurgienDentiste,
        Profession::SageFemme,
        Profession::Orthophoniste,
    ];

    /// The stable code stored in the database (`other` for [`Profession::Other`],
    /// whose name is stored beside it).
    pub fn code(&self) -> &'static str {
        match self {
            Profession::MedecinGeneraliste => "medecin_generaliste",
            Profession::MedecinSpecialiste => "medecin_specialiste",
            Profession::Infirmier => "infirmier",
            Profession::MasseurKinesitherapeute => "masseur_kinesitherapeute",
            Profession::Pharmacien => "pharmacien",
            Profession::ChirurgienDentiste => "chirurgien_dentiste",
            Profession::SageFemme => "sage_femme",
            Profession::Orthophoniste => "orthophoniste",
            Profession::Other(_) => "other",
        }
    }

    /// The profession from its stored code; `other` takes the name kept
    /// beside it.
    pub fn from_code(code: &str, other: Option<&str>) -> Option<Profession> {
        if code == "other" {
            return other.map(|o| Profession::Other(o.to_string()));
        }
        Profession::KNOWN.into_iter().find(|p| p.code() == code)
    }

    /// The profession's name for a person.
    pub fn label(&self, lang: Lang) -> &str {
        match (self, lang) {
            (Profession::MedecinGeneraliste, Lang::Fr) => "médecin généraliste",
            (Profession::MedecinSpecialiste, Lang::Fr) => "médecin spécialiste",
            (Profession::Infirmier, Lang::Fr) => "infirmier",
            (Profession::MasseurKinesitherapeute, Lang::Fr) => "masseur-kinésithérapeute",
            (Profession::Pharmacien, Lang::Fr) => "pharmacien",
            (Profession::ChirurgienDentiste, Lang::Fr) => "chirurgien-dentiste",
            (Profession::SageFemme, Lang::Fr) => "sage-femme",
            (Profession::Orthophoniste, Lang::Fr) => "orthophoniste",
            (Profession::MedecinGeneraliste, Lang::En) => "general practitioner",
            (Profession::MedecinSpecialiste, Lang::En) => "medical specialist",
            (Profession::Infirmier, Lang::En) => "nurse",
            (Profession::MasseurKinesitherapeute, Lang::En) => "physiotherapist",
            (Profession::Pharmacien, Lang::En) => "pharmacist",
            (Profession::ChirurgienDentiste, Lang::En) => "dentist",
            (Profession::SageFemme, Lang::En) => "midwife",
            (Profession::Orthophoniste, Lang::En) => "speech therapist",
            (Profession::Other(name), _) => name,
        }
    }

    /// A listed profession from its code or its French or English name
    /// (case and accents ignored, a few usual short forms accepted).
    pub fn from_label(text: &str) -> Option<Profession> {
        let t = normalize(text);
        let synonym = match t.as_str() {
            "generaliste" | "medecin" | "gp" | "general practice" => {
                Some(Profession::MedecinGeneraliste)
            }
            "specialiste" | "specialist" => Some(Profession::MedecinSpecialiste),
            "infirmiere" | "ide" | "idel" => Some(Profession::Infirmier),
            "kine" | "kinesitherapeute" | "physiotherapy" | "physical therapist" => {
                Some(Profession::MasseurKinesitherapeute)
            }
            "dentiste" => Some(Profession::ChirurgienDentiste),
            "sage femme" | "maieuticien" => Some(Profession::SageFemme),
            _ => None,
        };
        synonym.or_else(|| {
            Profession::KNOWN.into_iter().find(|p| {
                t == normalize(p.code())
                    || t == normalize(p.label(Lang::Fr))
                    || t == normalize(p.label(Lang::En))
            })
        })
    }

    /// A listed profession when the text names one, otherwise
    /// [`Profession::Other`] with the text as written (trimmed).
    pub fn parse(text: &str) -> Result<Profession, ValidationError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(ValidationError::EmptyProfession);
        }
        Ok(Profession::from_label(trimmed).unwrap_or_else(|| Profession::Other(trimmed.into())))
    }
}

/// Solo or group practice. A group practice shares premises, staff or
/// computers, which brings in the memento's rules on several users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Organisation {
    Solo,
    Group,
}

impl Organisation {
    pub fn code(self) -> &'static str {
        match self {
            Organisation::Solo => "solo",
            Organisation::Group => "group",
        }
    }

    pub fn from_code(code: &str) -> Option<Organisation> {
        match code {
            "solo" => Some(Organisation::Solo),
            "group" => Some(Organisation::Group),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Organisation::Solo, Lang::Fr) => "exercice seul",
            (Organisation::Group, Lang::Fr) => "exercice en groupe",
            (Organisation::Solo, Lang::En) => "solo practice",
            (Organisation::Group, Lang::En) => "group practice",
        }
    }

    /// Reads "solo", "seul", "individuel", "groupe", "group", "cabinet de
    /// groupe"...
    pub fn parse(text: &str) -> Option<Organisation> {
        match normalize(text).as_str() {
            "solo"
            | "seul"
            | "seule"
            | "individuel"
            | "individuelle"
            | "exercice seul"
            | "exercice individuel"
            | "solo practice" => Some(Organisation::Solo),
            "group" | "groupe" | "en groupe" | "exercice en groupe" | "cabinet de groupe"
            | "group practice" | "maison de sante" | "centre de sante" => Some(Organisation::Group),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn professions_parse_from_codes_and_both_languages() {
        for p in Profession::KNOWN {
            assert_eq!(Profession::from_label(p.code()), Some(p.clone()));
            assert_eq!(Profession::from_label(p.label(Lang::Fr)), Some(p.clone()));
            assert_eq!(Profession::from_label(p.label(Lang::En)), Some(p.clone()));
            assert_eq!(Profession::from_code(p.code(), None), Some(p.clone()));
        }
        assert_eq!(
            Profession::from_label("Masseur-Kinésithérapeute"),
            Some(Profession::MasseurKinesitherapeute)
        );
        assert_eq!(
            Profession::from_label("kiné"),
            Some(Profession::MasseurKinesitherapeute)
        );
        assert_eq!(
            Profession::parse(" Psychologue ").unwrap(),
            Profession::Other("Psychologue".into())
        );
        assert_eq!(
            Profession::parse("  "),
            Err(ValidationError::EmptyProfession)
        );
        assert_eq!(
            Profession::from_code("other", Some("podologue")),
            Some(Profession::Other("podologue".into()))
        );
        assert_eq!(Profession::from_code("astronaute", None), None);
    }

    #[test]
    fn professions_serialise_as_codes_or_other() {
        assert_eq!(
            serde_json::to_string(&Profession::SageFemme).unwrap(),
            "\"sage_femme\""
        );
        assert_eq!(
            serde_json::to_string(&Profession::Other("podologue".into())).unwrap(),
            r#"{"other":"podologue"}"#
        );
    }

    #[test]
    fn organisation_words() {
        assert_eq!(
            Organisation::parse("Cabinet de groupe"),
            Some(Organisation::Group)
        );
        assert_eq!(Organisation::parse("seul"), Some(Organisation::Solo));
        assert_eq!(Organisation::parse("both"), None);
        for o in [Organisation::Solo, Organisation::Group] {
            assert_eq!(Organisation::parse(o.label(Lang::Fr)), Some(o));
            assert_eq!(Organisation::parse(o.label(Lang::En)), Some(o));
            assert_eq!(Organisation::from_code(o.code()), Some(o));
        }
    }

    #[test]
    fn practice_needs_a_name() {
        let mut p = Practice {
            name: "Cabinet du Dr Martin".into(),
            profession: Profession::MedecinGeneraliste,
            organisation: Organisation::Solo,
            address: None,
            created_at: datetime!(2026-11-01 09:00 UTC),
        };
        assert_eq!(p.validate(), Ok(()));
        p.name = " ".into();
        assert_eq!(p.validate(), Err(ValidationError::EmptyPracticeName));
        p.name = "x".into();
        p.profession = Profession::Other("".into());
        assert_eq!(p.validate(), Err(ValidationError::EmptyProfession));
    }
}
