//! The audit report: a pure function of the catalog, the evidence, the
//! profile and the audit date. Its JSON form is a public, versioned contract.

use crate::{checks, Context, EvidenceItem, Finding, Status};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use vigie_catalog::{Catalog, Delegation, Localized, Method};
use vigie_evidence::{Platform, TargetKind};

/// Version of the JSON report layout. Minor: fields added; major: anything
/// removed or changed.
pub const REPORT_SCHEMA_VERSION: &str = "1.2.0";

/// A full audit report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub schema_version: String,
    pub tool: Tool,
    pub catalog_version: String,
    pub profile: String,
    pub target: ReportTarget,
    pub audit: AuditInfo,
    pub summary: Summary,
    /// Every requirement of the catalog, in catalog order.
    pub requirements: Vec<RequirementResult>,
    /// The practice, when the report is made from its record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice: Option<PracticeInfo>,
    /// The practice's providers (the memento's A and B).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub providers: Vec<ProviderInfo>,
    /// Previous audits recorded for the practice, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryPoint>,
    /// The practice's backup sets, the calendar of what exists and what is
    /// missing, the retention to set and each set's encryption (rule
    /// 6.3.1), when backup sets are recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backups: Option<vigie_backup::BackupsReport>,
}

/// The practice a report is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PracticeInfo {
    pub name: String,
    /// The profession, in French and English.
    pub profession: Localized,
    /// `solo` or `group`.
    pub organisation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// A provider and what the report flags about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProviderInfo {
    pub provider: vigie_practice::Provider,
    /// E.g. an expired HDS certificate, in French and English.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Localized>,
    /// The requirements delegated to it, in catalog order.
    pub requirements: Vec<String>,
}

/// One earlier audit, for the trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryPoint {
    /// When it ran (RFC 3339).
    pub run_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    pub counts: Counts,
}

/// The declaration a requirement's status rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclarationInfo {
    pub answer: vigie_practice::Answer,
    /// The answer in words, French and English ("oui" / "yes").
    pub answer_label: Localized,
    pub author: String,
    /// When it was given (RFC 3339).
    pub answered_at: String,
    /// Older than the requirement's review period: it no longer counts.
    pub stale: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A reference to a proof (a file name, a folder), never its content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<String>,
}

/// Who is responsible for a requirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Owner {
    /// `A` (maintenance) or `B` (hosting).
    pub role: vigie_practice::Role,
    /// The provider's name.
    pub provider: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportTarget {
    /// `live` or `root`, as collected.
    pub kind: TargetKind,
    /// Whether the findings were evaluated from a recorded evidence file.
    pub from_evidence_file: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<String>,
    pub platform: Platform,
    /// Whether the evidence was collected with administrator rights.
    #[serde(default)]
    pub privileged: bool,
    /// Operating system name, e.g. "Debian GNU/Linux 12 (bookworm)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditInfo {
    /// When the evidence was collected (RFC 3339).
    pub collected_at: String,
    /// The date the findings are judged at (YYYY-MM-DD).
    pub as_of: String,
    /// Collection plus evaluation time, in milliseconds.
    pub duration_ms: f64,
}

/// Counts of each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    pub pass: u32,
    pub fail: u32,
    pub not_applicable: u32,
    pub unknown: u32,
}

impl Counts {
    pub(crate) fn add(&mut self, s: Status) {
        match s {
            Status::Pass => self.pass += 1,
            Status::Fail => self.fail += 1,
            Status::NotApplicable => self.not_applicable += 1,
            Status::Unknown => self.unknown += 1,
        }
    }
    pub fn total(&self) -> u32 {
        self.pass + self.fail + self.not_applicable + self.unknown
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub total: Counts,
    /// The memento's "incontournables".
    pub essential: Counts,
    pub themes: Vec<ThemeSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeSummary {
    pub theme: u8,
    pub title: Localized,
    pub counts: Counts,
}

/// How a verdict was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Evaluated from the machine's evidence.
    Machine,
    /// A person's declaration (or, unanswered yet, waiting for one).
    Declaration,
    /// Machine evidence and a person's declaration together (`both`).
    MachineAndDeclaration,
    /// No automated check exists for this requirement yet.
    NotAutomated,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequirementResult {
    pub id: String,
    pub theme: u8,
    pub method: Method,
    pub delegation: Delegation,
    pub essential: bool,
    pub status: Status,
    pub basis: Basis,
    pub reason: Localized,
    pub evidence: Vec<EvidenceItem>,
    /// For a requirement checked partly by the machine and partly by a
    /// person (`both`): what the machine alone found. The overall status
    /// stays open (`unknown`) until the declaration part is answered,
    /// unless the machine already found a failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine_status: Option<Status>,
    /// The finding needs administrator rights to be established.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub needs_privileges: bool,
    /// The machine could not see what decides: a declaration settles it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub declaration_decides: bool,
    /// The person's answer, for `declared` and `both` requirements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declaration: Option<DeclarationInfo>,
    /// The provider the requirement is delegated to; absent: the practice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
}

impl Report {
    /// Evaluates every requirement of the catalog against the evidence.
    /// Pure: the same inputs give the same report.
    pub fn generate(
        catalog: &Catalog,
        ctx: &Context,
        from_evidence_file: bool,
        duration_ms: f64,
    ) -> Report {
        let (evidence, profile, as_of) = (ctx.evidence, ctx.profile, ctx.as_of);
        let mut summary = Summary {
            total: Counts::default(),
            essential: Counts::default(),
            themes: catalog
                .themes
                .iter()
                .map(|t| ThemeSummary {
                    theme: t.number,
                    title: t.title.clone(),
                    counts: Counts::default(),
                })
                .collect(),
        };
        let mut requirements = Vec::with_capacity(catalog.requirements.len());
        for req in &catalog.requirements {
            let (finding, basis) = match (
                req.method,
                checks::check_for(&req.id, evidence.target.platform),
            ) {
                (Method::Declared, _) => (
                    Finding::unknown(
                        "Pas encore déclaré : seule une personne peut répondre à cette exigence.",
                        "Not declared yet: only a person can answer this requirement.",
                    ),
                    Basis::Declaration,
                ),
                (_, Some(check)) => ((check.evaluate)(ctx), Basis::Machine),
                (_, None) => (
                    Finding::unknown(
                        "Pas encore contrôlé automatiquement par cette version de Vigie.",
                        "Not checked automatically by this version of Vigie yet.",
                    ),
                    Basis::NotAutomated,
                ),
            };
            let (status, machine_status, mut finding) = machine_result(req.method, basis, finding);
            finding.status = status;
            summary.total.add(finding.status);
            if req.essential.is_some() {
                summary.essential.add(finding.status);
            }
            if let Some(t) = summary.themes.iter_mut().find(|t| t.theme == req.theme) {
                t.counts.add(finding.status);
            }
            requirements.push(RequirementResult {
                id: req.id.clone(),
                theme: req.theme,
                method: req.method,
                delegation: req.delegation,
                essential: req.essential.is_some(),
                status: finding.status,
                basis,
                reason: finding.reason,
                evidence: finding.evidence,
                machine_status,
                needs_privileges: finding.needs_privileges,
                declaration_decides: finding.declaration_decides,
                declaration: None,
                owner: None,
            });
        }
        let os = evidence.target.os.value();
        let collected_at = evidence
            .collected_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        Report {
            schema_version: REPORT_SCHEMA_VERSION.to_string(),
            tool: Tool {
                name: "vigie".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            catalog_version: catalog.version.clone(),
            profile: profile.name.clone(),
            target: ReportTarget {
                kind: evidence.target.kind,
                from_evidence_file,
                host: evidence.target.host.clone(),
                root: evidence.target.root.clone(),
                platform: evidence.target.platform,
                privileged: evidence.target.privileged,
                os: os.and_then(|o| o.pretty_name.clone()),
                os_id: os.and_then(|o| o.id.clone()),
                os_version: os.and_then(|o| o.version_id.clone()),
            },
            audit: AuditInfo {
                collected_at,
                as_of: format!("{}", as_of),
                duration_ms: (duration_ms * 1000.0).round() / 1000.0,
            },
            summary,
            requirements,
            practice: None,
            providers: Vec::new(),
            history: Vec::new(),
            backups: None,
        }
    }

    /// The result for one requirement.
    pub fn result(&self, id: &str) -> Option<&RequirementResult> {
        self.requirements.iter().find(|r| r.id == id)
    }

    /// Whether any requirement fails (exit code 1).
    pub fn has_failures(&self) -> bool {
        self.summary.total.fail > 0
    }
}

/// How a finding becomes a requirement's status: for a `both` requirement
/// the machine's finding is kept as `machine_status` and the requirement
/// stays open (`unknown`) until the declared part is answered, unless the
/// machine already failed (or found it not applicable).
pub(crate) fn machine_result(
    method: Method,
    basis: Basis,
    finding: Finding,
) -> (Status, Option<Status>, Finding) {
    let machine_status =
        (basis == Basis::Machine && method == Method::Both).then_some(finding.status);
    let status = match machine_status {
        Some(Status::Fail) => Status::Fail,
        Some(Status::NotApplicable) => Status::NotApplicable,
        Some(_) => Status::Unknown,
        None => finding.status,
    };
    let mut finding = finding;
    if machine_status.is_some_and(|s| s != status) {
        finding.reason = Localized::new(
            format!(
                "{} La partie déclarative reste à renseigner.",
                finding.reason.fr
            ),
            format!(
                "{} The declared part is still to be answered.",
                finding.reason.en
            ),
        );
    }
    (status, machine_status, finding)
}

/// The JSON Schema of [`Report`], as published in `docs/report.schema.json`.
pub fn report_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Report)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    /// The published schema is generated from the types: a change to the
    /// report layout must update `docs/report.schema.json` (`vigie schema`)
    /// and, if it removes or changes a field, the major `schema_version`.
    #[test]
    fn published_schema_matches_the_types() {
        let published: serde_json::Value =
            serde_json::from_str(include_str!("../../../docs/report.schema.json"))
                .expect("valid JSON");
        assert_eq!(
            published,
            super::report_schema(),
            "docs/report.schema.json is stale: run `cargo run -p vigie -- schema > docs/report.schema.json`"
        );
    }
}
