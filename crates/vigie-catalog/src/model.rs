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

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Lang {
    /// The name of a month in this language, from its number (1 = January;
    /// empty out of 1 to 12). The one spelling every crate uses.
    pub fn month_name(self, month: u8) -> &'static str {
        let names = match self {
            Lang::Fr => &MONTHS_FR,
            Lang::En => &MONTHS_EN,
        };
        usize::from(month)
            .checked_sub(1)
            .and_then(|i| names.get(i))
            .copied()
            .unwrap_or("")
    }
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
    /// The context questions, asked before any requirement, in asking order.
    pub context: Vec<ContextFact>,
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
    /// What the practitioner is asked in `vigie declare`: present exactly on
    /// `declared` and `both` requirements (for `both`, only the part the
    /// machine cannot see).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<Question>,
}

/// The question a person answers for a declared requirement, with `oui`,
/// `non`, `en partie`, `ne sait pas` (and `non concerné` where allowed).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// One plain question, without IT jargon, ending with "?".
    pub text: Localized,
    /// What to check, where to look or whom to ask to answer truthfully.
    pub help: Localized,
    /// How many days an answer stays valid; after that it is stale and the
    /// requirement is `unknown` again until answered anew.
    pub review_days: u32,
    /// A context fact that, when known to be false, makes the requirement
    /// `not_applicable` without asking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable_when: Option<NotApplicableWhen>,
    /// Whether `non concerné` may be answered: only where the memento itself
    /// allows the situation not to exist (no CPE holder, no staff...).
    #[serde(default)]
    pub allow_not_applicable: bool,
}

/// A context condition that makes a requirement not applicable. Each one is
/// a context fact known to be false.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotApplicableWhen {
    /// The practitioner works alone (not a group practice).
    SoloPractice,
    /// No Wi-Fi network at the practice.
    NoWifi,
    /// No CPE card issued to anyone at the practice.
    NoCpe,
    /// No provider keeps patient data online.
    NoHostedSoftware,
    /// No maintenance contract with an IT provider.
    NoMaintenanceContract,
}

impl NotApplicableWhen {
    pub const ALL: [NotApplicableWhen; 5] = [
        NotApplicableWhen::SoloPractice,
        NotApplicableWhen::NoWifi,
        NotApplicableWhen::NoCpe,
        NotApplicableWhen::NoHostedSoftware,
        NotApplicableWhen::NoMaintenanceContract,
    ];

    /// The key used in the catalog files ("no_cpe").
    pub fn as_str(self) -> &'static str {
        match self {
            NotApplicableWhen::SoloPractice => "solo_practice",
            NotApplicableWhen::NoWifi => "no_wifi",
            NotApplicableWhen::NoCpe => "no_cpe",
            NotApplicableWhen::NoHostedSoftware => "no_hosted_software",
            NotApplicableWhen::NoMaintenanceContract => "no_maintenance_contract",
        }
    }

    /// The context fact whose value `false` meets the condition:
    /// `group_practice` (derived from the practice record, never asked) or
    /// one of [`CONTEXT_KEYS`].
    pub fn context_key(self) -> &'static str {
        match self {
            NotApplicableWhen::SoloPractice => "group_practice",
            NotApplicableWhen::NoWifi => "wifi_present",
            NotApplicableWhen::NoCpe => "cpe_issued",
            NotApplicableWhen::NoHostedSoftware => "hosted_software",
            NotApplicableWhen::NoMaintenanceContract => "maintenance_contract",
        }
    }
}

/// The keys of the context questions asked, in asking order. "group_practice"
/// is not among them: it follows from the practice record.
pub const CONTEXT_KEYS: [&str; 4] = [
    "wifi_present",
    "cpe_issued",
    "hosted_software",
    "maintenance_contract",
];

/// A context question (`[[context]]` in catalog.toml), answered before the
/// requirements with oui / non / ne sait pas.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContextFact {
    /// One of [`CONTEXT_KEYS`].
    pub key: String,
    /// The question, ending with "?".
    pub text: Localized,
    /// What to check to answer it.
    pub help: Localized,
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
    #[serde(rename = "context", default)]
    pub context: Vec<ContextFact>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ThemeFile {
    #[serde(rename = "rule", default)]
    pub rules: Vec<Rule>,
    #[serde(rename = "requirement", default)]
    pub requirements: Vec<Requirement>,
}
