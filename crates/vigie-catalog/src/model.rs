use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A text in French (the reference) and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub fr: String,
    pub en: String,
}

impl Localized {
    pub fn new(fr: impl Into<String>, en: impl Into<String>) -> Self {
        Localized {
            fr: fr.into(),
            en: en.into(),
        }
    }

    /// The text in the requested language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

/// The language a person reads. French is the default everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

/// The whole catalog.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Catalog {
    /// Version of the catalog data (not of the tool).
    pub version: String,
    pub memento: Memento,
    pub themes: Vec<Theme>,
    pub rules: Vec<Rule>,
    pub requirements: Vec<Requirement>,
}

/// The source document.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Memento {
    pub title: String,
    pub publisher: String,
    pub edition: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub number: u8,
    pub title: Localized,
}

/// A numbered paragraph of the memento ("4.3.1"), whose bullets are requirements.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub number: String,
    /// The paragraph's title, French verbatim from the memento, and English.
    pub title: Localized,
    /// The A/B cartouche printed before the rule.
    pub delegation: Delegation,
}

/// Which provider a requirement may be delegated to (the memento's cartouches).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Delegation {
    #[serde(rename = "none")]
    None,
    A,
    B,
    AB,
}

impl Delegation {
    pub fn includes_a(self) -> bool {
        matches!(self, Delegation::A | Delegation::AB)
    }
    pub fn includes_b(self) -> bool {
        matches!(self, Delegation::B | Delegation::AB)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Delegation::None => "none",
            Delegation::A => "A",
            Delegation::B => "B",
            Delegation::AB => "AB",
        }
    }
}

/// How a requirement is established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Checked on the machine.
    Auto,
    /// Only a person can answer.
    Declared,
    /// Machine evidence plus a declaration.
    Both,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Auto => "auto",
            Method::Declared => "declared",
            Method::Both => "both",
        }
    }
}

/// One bullet of the memento.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Rule number plus a letter per bullet ("4.3.1.a").
    pub id: String,
    /// The rule (paragraph) number ("4.3.1").
    pub rule: String,
    pub theme: u8,
    pub delegation: Delegation,
    pub method: Method,
    /// The bullet as printed in the memento (French, verbatim) and its English translation.
    pub text: Localized,
    /// Set when the bullet is also one of the memento's "incontournables".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub essential: Option<Essential>,
    /// Why it matters, in plain words for a practitioner.
    pub why: Localized,
    /// How to fix it, in general and per operating system where it differs.
    pub fix: Fix,
    /// Where today's guidance differs from the 2013 memento.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guidance: Vec<Guidance>,
}

/// The "incontournable" that names this requirement.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Essential {
    /// The incontournable's own sentence (French verbatim) and its translation.
    pub text: Localized,
    /// The numbers it gives, if any (90 days, 30 minutes...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<Threshold>,
}

/// A number the memento sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// Stable key used by evaluators ("max_password_age").
    pub key: String,
    pub value: u32,
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Characters,
    Passwords,
    Attempts,
    Minutes,
    Days,
    Weeks,
    Months,
    Years,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fix {
    /// Applies whatever the system.
    pub general: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linux: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub windows: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub macos: Option<Localized>,
}

/// A difference between the memento (2013) and current guidance.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    /// The document, its publisher and date ("ANSSI, Recommandations relatives à
    /// l'authentification multifacteur et aux mots de passe, v2.0, 2021").
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What it says that differs, in French and English.
    pub difference: Localized,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HeaderFile {
    pub version: String,
    pub memento: Memento,
    #[serde(rename = "theme")]
    pub themes: Vec<Theme>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ThemeFile {
    #[serde(rename = "rule", default)]
    pub rules: Vec<Rule>,
    #[serde(rename = "requirement", default)]
    pub requirements: Vec<Requirement>,
}
