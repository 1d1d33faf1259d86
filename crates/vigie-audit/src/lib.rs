//! Evaluation: pure functions from typed evidence to findings, and the report.
//!
//! Each automated requirement has one check (a module under `checks/`, its
//! documentation beside its code), listed once in [`checks::REGISTRY`]. A
//! check never reads the machine: it only sees [`Evidence`].

pub mod checks;
pub mod known_devices;
pub mod pam_flow;
mod record;
mod report;

pub use record::PracticeRecord;
pub use report::*;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use vigie_catalog::Localized;
use vigie_evidence::Evidence;

/// The verdict on one requirement.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Fail,
    Unknown,
    Pass,
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::NotApplicable => "not_applicable",
            Status::Unknown => "unknown",
        }
    }
}

/// One fact a verdict rests on: where it was read and what it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceItem {
    /// File (or command, or table) it comes from.
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The setting or field concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The value seen, or a short description.
    pub value: String,
}

impl EvidenceItem {
    pub fn new(
        source: impl Into<String>,
        line: Option<u32>,
        key: Option<&str>,
        value: impl Into<String>,
    ) -> Self {
        EvidenceItem {
            source: source.into(),
            line,
            key: key.map(String::from),
            value: value.into(),
        }
    }
}

/// The outcome of evaluating one requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub status: Status,
    /// Why, in French and English.
    pub reason: Localized,
    /// What the verdict rests on (empty only when nothing could be read).
    pub evidence: Vec<EvidenceItem>,
    /// The verdict is unknown because something could only be read with
    /// administrator rights: running the audit as root would tell.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub needs_privileges: bool,
    /// For a `both` requirement: the machine saw nothing that decides
    /// (a surge protector, which devices are the practice's own, whether a
    /// radio is used), so a person's answer does. Without it, an `unknown`
    /// machine finding keeps the requirement `unknown` whatever is declared.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub declaration_decides: bool,
}

impl Finding {
    pub fn new(status: Status, fr: impl Into<String>, en: impl Into<String>) -> Self {
        Finding {
            status,
            reason: Localized::new(fr, en),
            evidence: Vec::new(),
            needs_privileges: false,
            declaration_decides: false,
        }
    }
    pub fn pass(fr: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(Status::Pass, fr, en)
    }
    pub fn fail(fr: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(Status::Fail, fr, en)
    }
    pub fn unknown(fr: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(Status::Unknown, fr, en)
    }
    pub fn not_applicable(fr: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(Status::NotApplicable, fr, en)
    }
    pub fn with(mut self, evidence: impl IntoIterator<Item = EvidenceItem>) -> Self {
        self.evidence.extend(evidence);
        self
    }
    /// Marks an `unknown` finding as one a person's declaration settles.
    pub fn declaration_decides(mut self) -> Self {
        self.declaration_decides = true;
        self
    }
    /// Marks the finding as needing administrator rights to be established.
    pub fn needs_privileges(mut self) -> Self {
        self.needs_privileges = true;
        self
    }
}

/// The thresholds a profile judges against. The memento's own, as written,
/// are the reference; a later profile (ANSSI 2021, CNIL 2022) changes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Profile {
    pub name: String,
    /// 4.3.1.a: "au moins 10 caractères".
    pub min_password_length: u32,
    /// 4.3.1.c with the incontournable: "renouvelé tous les 90 jours".
    pub max_password_age_days: i64,
    /// 4.3.1.d: "les 3 mots de passe précédents".
    pub password_history: u32,
    /// 5.2.2.b: "après trois essais de mot de passe infructueux".
    pub lockout_max_attempts: u32,
    /// 5.2.2.b: "pendant 5 minutes minimum".
    pub lockout_min_seconds: u64,
    /// 4.3.2.a: "une durée d'inactivité de 30 minutes maximum".
    pub screen_lock_max_seconds: u64,
    /// 4.3.3.a: "à jour". The memento gives no figure; antivirus signatures
    /// are published several times a day, a week without one is stale.
    pub antivirus_signature_max_age_days: i64,
    /// 5.3.3.a: "absence prolongée". The memento gives no figure; 90 days
    /// matches its password renewal period.
    pub dormant_account_days: i64,
}

impl Profile {
    /// The PGSSI-S memento of November 2013.
    pub fn memento_2013() -> Self {
        Profile {
            name: "memento-2013".into(),
            min_password_length: 10,
            max_password_age_days: 90,
            password_history: 3,
            lockout_max_attempts: 3,
            lockout_min_seconds: 300,
            screen_lock_max_seconds: 30 * 60,
            antivirus_signature_max_age_days: 7,
            dormant_account_days: 90,
        }
    }
}

impl Default for Profile {
    fn default() -> Self {
        Self::memento_2013()
    }
}

/// A device the practice has confirmed as its own (4.1.2.a).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KnownDevice {
    /// MAC address, lower case, colon separated.
    pub mac: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// What a check gets: the evidence, the profile, the audit date and what the
/// practice told Vigie beforehand.
pub struct Context<'a> {
    pub evidence: &'a Evidence,
    pub profile: &'a Profile,
    /// The date the audit judges at (end of life, signature age, dormant
    /// accounts): today, or `--as-of` for a reproducible audit.
    pub as_of: time::Date,
    /// Devices confirmed as the practice's own (`--known-devices`).
    pub known_devices: &'a [KnownDevice],
}

impl<'a> Context<'a> {
    /// A context with the memento's profile and no known device.
    pub fn new(evidence: &'a Evidence, profile: &'a Profile, as_of: time::Date) -> Self {
        Context {
            evidence,
            profile,
            as_of,
            known_devices: &[],
        }
    }
}
