//! The whole practice record as one JSON document (`vigie export`,
//! `vigie import`): the practice, its context, every declaration ever made
//! (the full history, not only the latest), providers, delegations and
//! every audit with its report and findings, the backup sets with their
//! latest inventories and every restore test.

use crate::{
    BackupInventory, BackupSet, Context, ContextQuestion, Declaration, Delegation, Practice,
    Provider, RestoreTest, ValidationError,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;
use time::OffsetDateTime;

/// The value of the export's `format` field.
pub const EXPORT_FORMAT: &str = "vigie-practice";
/// Version of the export layout. Raised when a field is added, removed or
/// changed; an export from a newer version is refused rather than read
/// partly. Version 2 fills the backup sets and restore tests that version 1
/// reserved (always empty there) and adds the backup inventories: a version 1
/// export is read as is.
pub const EXPORT_FORMAT_VERSION: u32 = 2;

/// The whole record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PracticeExport {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    pub format_version: u32,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub exported_at: OffsetDateTime,
    pub practice: Practice,
    pub context: Context,
    /// Every declaration, oldest first (recording order).
    pub declarations: Vec<Declaration>,
    /// At most one per role.
    pub providers: Vec<Provider>,
    pub delegations: Vec<Delegation>,
    /// Every audit, in recording order.
    pub audits: Vec<AuditRecord>,
    /// The backup sets, in recording order (empty in a version 1 export).
    #[serde(default)]
    pub backup_sets: Vec<BackupSet>,
    /// The latest inventory of each backup set (absent in version 1).
    #[serde(default)]
    pub backup_inventories: Vec<BackupInventory>,
    /// Every restore test, oldest first (empty in a version 1 export).
    #[serde(default)]
    pub restore_tests: Vec<RestoreTest>,
}

/// One recorded audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditRecord {
    /// The store's number for this audit (kept across export and import).
    pub id: i64,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub run_at: OffsetDateTime,
    /// The machine audited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    pub catalog_version: String,
    /// The JSON report, as `vigie audit --format json` writes it.
    pub report_json: serde_json::Value,
    /// How many findings of each status.
    pub summary: StatusCounts,
    /// One per requirement, in report order.
    pub findings: Vec<FindingRecord>,
}

/// An audit to record: the store gives it its id and counts.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAudit {
    pub run_at: OffsetDateTime,
    pub host: Option<String>,
    pub catalog_version: String,
    pub report_json: serde_json::Value,
    pub findings: Vec<FindingRecord>,
}

impl NewAudit {
    pub fn summary(&self) -> StatusCounts {
        StatusCounts::of(&self.findings)
    }
}

/// The verdict on one requirement in one audit, kept as a row so that
/// history and trends are queries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingRecord {
    pub requirement_id: String,
    pub status: FindingStatus,
    /// How it was established, as the report says (`machine`,
    /// `declaration`, `not_automated`...).
    pub basis: String,
}

/// A finding's status, as in the report (`vigie_audit::Status`, whose codes
/// these are; this crate does not depend on the audit crate).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FindingStatus {
    Fail,
    Unknown,
    Pass,
    NotApplicable,
}

impl FindingStatus {
    pub const ALL: [FindingStatus; 4] = [
        FindingStatus::Fail,
        FindingStatus::Unknown,
        FindingStatus::Pass,
        FindingStatus::NotApplicable,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FindingStatus::Pass => "pass",
            FindingStatus::Fail => "fail",
            FindingStatus::Unknown => "unknown",
            FindingStatus::NotApplicable => "not_applicable",
        }
    }
}

impl fmt::Display for FindingStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for FindingStatus {
    type Err = String;
    /// From the report's code (`pass`, `fail`, `unknown`, `not_applicable`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FindingStatus::ALL
            .into_iter()
            .find(|st| st.code() == s)
            .ok_or_else(|| format!("\"{s}\" is not a status (pass, fail, unknown, not_applicable)"))
    }
}

/// Counts of each status in one audit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusCounts {
    pub pass: u32,
    pub fail: u32,
    pub not_applicable: u32,
    pub unknown: u32,
}

impl StatusCounts {
    pub fn of(findings: &[FindingRecord]) -> StatusCounts {
        let mut c = StatusCounts::default();
        for f in findings {
            match f.status {
                FindingStatus::Pass => c.pass += 1,
                FindingStatus::Fail => c.fail += 1,
                FindingStatus::NotApplicable => c.not_applicable += 1,
                FindingStatus::Unknown => c.unknown += 1,
            }
        }
        c
    }

    pub fn total(&self) -> u32 {
        self.pass + self.fail + self.not_applicable + self.unknown
    }
}

/// An export that cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "not a Vigie practice export (its \"format\" is {found}, expected \"{EXPORT_FORMAT}\")"
    )]
    NotAnExport { found: String },
    #[error("exported by a newer Vigie (format version {found}); this one reads up to version {known}: update Vigie")]
    TooNew { found: u32, known: u32 },
    #[error("{what}: {source}")]
    Invalid {
        what: String,
        source: ValidationError,
    },
    #[error("{0}")]
    Inconsistent(String),
}

fn json_error(e: serde_json::Error) -> ExportError {
    ExportError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    }
}

impl PracticeExport {
    /// An export of the current version, dated `exported_at`.
    pub fn new(exported_at: OffsetDateTime, practice: Practice) -> PracticeExport {
        PracticeExport {
            format: EXPORT_FORMAT.into(),
            format_version: EXPORT_FORMAT_VERSION,
            exported_at,
            practice,
            context: Context::default(),
            declarations: Vec::new(),
            providers: Vec::new(),
            delegations: Vec::new(),
            audits: Vec::new(),
            backup_sets: Vec::new(),
            backup_inventories: Vec::new(),
            restore_tests: Vec::new(),
        }
    }

    /// Pretty JSON, as `vigie export` writes it.
    pub fn to_json_pretty(&self) -> Result<String, ExportError> {
        serde_json::to_string_pretty(self).map_err(json_error)
    }

    /// Reads an export: first its format and version (so that a file from
    /// a newer Vigie, or not an export at all, gets a clear message), then
    /// the whole document, then [`PracticeExport::validate`].
    pub fn from_json(text: &str) -> Result<PracticeExport, ExportError> {
        // A map first: an array or a scalar is no export (and serde would
        // read a struct from an array).
        let header: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(text).map_err(json_error)?;
        match header.get("format") {
            Some(serde_json::Value::String(f)) if f == EXPORT_FORMAT => {}
            Some(other) => {
                return Err(ExportError::NotAnExport {
                    found: other.to_string(),
                })
            }
            None => {
                return Err(ExportError::NotAnExport {
                    found: "missing".into(),
                })
            }
        }
        if let Some(v) = header.get("format_version").and_then(|v| v.as_u64()) {
            if v > u64::from(EXPORT_FORMAT_VERSION) {
                return Err(ExportError::TooNew {
                    found: u32::try_from(v).unwrap_or(u32::MAX),
                    known: EXPORT_FORMAT_VERSION,
                });
            }
        }
        drop(header);
        let export: PracticeExport = serde_json::from_str(text).map_err(json_error)?;
        export.validate()?;
        Ok(export)
    }

    /// Checks every part against the record's rules, and that the parts
    /// agree (one provider per role, delegations to a recorded provider,
    /// distinct audit ids, one finding per requirement per audit, counts
    /// matching the findings).
    pub fn validate(&self) -> Result<(), ExportError> {
        fn invalid(what: String) -> impl FnOnce(ValidationError) -> ExportError {
            move |source| ExportError::Invalid { what, source }
        }
        if self.format != EXPORT_FORMAT {
            return Err(ExportError::NotAnExport {
                found: format!("\"{}\"", self.format),
            });
        }
        if self.format_version > EXPORT_FORMAT_VERSION {
            return Err(ExportError::TooNew {
                found: self.format_version,
                known: EXPORT_FORMAT_VERSION,
            });
        }
        self.practice
            .validate()
            .map_err(invalid("practice".into()))?;
        for q in ContextQuestion::ANSWERED {
            if let Some(a) = self.context.get(q) {
                a.validate()
                    .map_err(invalid(format!("context {}", q.key())))?;
            }
        }
        for (i, d) in self.declarations.iter().enumerate() {
            d.validate().map_err(invalid(format!(
                "declaration {} ({})",
                i + 1,
                d.requirement_id
            )))?;
        }
        let mut roles = HashSet::new();
        for p in &self.providers {
            p.validate()
                .map_err(invalid(format!("provider {}", p.role)))?;
            if !roles.insert(p.role) {
                return Err(ExportError::Inconsistent(format!(
                    "two providers {}: there is one per role",
                    p.role
                )));
            }
        }
        let mut delegations = HashSet::new();
        for d in &self.delegations {
            if !crate::is_requirement_id(&d.requirement_id) {
                return Err(ExportError::Invalid {
                    what: "delegation".into(),
                    source: ValidationError::BadRequirementId(d.requirement_id.clone()),
                });
            }
            if !roles.contains(&d.role) {
                return Err(ExportError::Inconsistent(format!(
                    "requirement {} is delegated to provider {}, which is not recorded",
                    d.requirement_id, d.role
                )));
            }
            if !delegations.insert(d) {
                return Err(ExportError::Inconsistent(format!(
                    "requirement {} is delegated to provider {} twice",
                    d.requirement_id, d.role
                )));
            }
        }
        let mut ids = HashSet::new();
        for a in &self.audits {
            if !ids.insert(a.id) {
                return Err(ExportError::Inconsistent(format!(
                    "two audits numbered {}",
                    a.id
                )));
            }
            let mut reqs = HashSet::new();
            for f in &a.findings {
                if !crate::is_requirement_id(&f.requirement_id) {
                    return Err(ExportError::Invalid {
                        what: format!("audit {}", a.id),
                        source: ValidationError::BadRequirementId(f.requirement_id.clone()),
                    });
                }
                if f.basis.trim().is_empty() {
                    return Err(ExportError::Inconsistent(format!(
                        "audit {}: the finding for requirement {} has no basis",
                        a.id, f.requirement_id
                    )));
                }
                if !reqs.insert(f.requirement_id.as_str()) {
                    return Err(ExportError::Inconsistent(format!(
                        "audit {} has two findings for requirement {}",
                        a.id, f.requirement_id
                    )));
                }
            }
            if !a.findings.is_empty() && StatusCounts::of(&a.findings) != a.summary {
                return Err(ExportError::Inconsistent(format!(
                    "audit {}: its summary does not match its findings",
                    a.id
                )));
            }
        }
        self.validate_backups()
    }

    /// Backup sets with distinct ids; inventories (one per set at most) and
    /// restore tests of recorded sets only.
    fn validate_backups(&self) -> Result<(), ExportError> {
        let invalid = |what: String| {
            move |e: crate::BackupValidationError| ExportError::Invalid {
                what,
                source: ValidationError::Backup(e),
            }
        };
        let mut sets = HashSet::new();
        for s in &self.backup_sets {
            s.validate()
                .map_err(invalid(format!("backup set {}", s.id)))?;
            if !sets.insert(s.id.as_str()) {
                return Err(ExportError::Inconsistent(format!(
                    "two backup sets named {}",
                    s.id
                )));
            }
        }
        let mut inventoried = HashSet::new();
        for i in &self.backup_inventories {
            i.validate()
                .map_err(invalid(format!("inventory of backup set {}", i.set_id)))?;
            if !sets.contains(i.set_id.as_str()) {
                return Err(ExportError::Inconsistent(format!(
                    "an inventory of backup set {}, which is not recorded",
                    i.set_id
                )));
            }
            if !inventoried.insert(i.set_id.as_str()) {
                return Err(ExportError::Inconsistent(format!(
                    "two inventories of backup set {}: only the latest is kept",
                    i.set_id
                )));
            }
        }
        for (n, t) in self.restore_tests.iter().enumerate() {
            t.validate()
                .map_err(invalid(format!("restore test {}", n + 1)))?;
            if !sets.contains(t.set_id.as_str()) {
                return Err(ExportError::Inconsistent(format!(
                    "a restore test of backup set {}, which is not recorded",
                    t.set_id
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        BackupKind, BackupSet, Encryption, Organisation, Profession, RestoreScope, RestoreTest,
    };
    use time::macros::datetime;

    fn export() -> PracticeExport {
        PracticeExport::new(
            datetime!(2026-11-28 10:00 UTC),
            Practice {
                name: "Cabinet".into(),
                profession: Profession::Infirmier,
                organisation: Organisation::Solo,
                address: None,
                created_at: datetime!(2026-01-01 0:00 UTC),
            },
        )
    }

    fn set(id: &str) -> BackupSet {
        BackupSet {
            id: id.into(),
            kind: BackupKind::Borg,
            location: "/media/disque/borg".into(),
            offsite: false,
            removable: true,
            password_source: None,
            added_at: datetime!(2026-02-01 0:00 UTC),
            note: None,
        }
    }

    #[test]
    fn a_version_1_export_with_its_reserved_arrays_still_reads() {
        let mut v = serde_json::to_value(export()).unwrap();
        v["format_version"] = 1.into();
        v.as_object_mut().unwrap().remove("backup_inventories");
        assert_eq!(v["backup_sets"], serde_json::json!([]));
        assert_eq!(v["restore_tests"], serde_json::json!([]));
        let back = PracticeExport::from_json(&v.to_string()).unwrap();
        assert!(back.backup_sets.is_empty() && back.restore_tests.is_empty());
        assert_eq!(back.format_version, 1);
    }

    #[test]
    fn backups_must_agree() {
        let mut e = export();
        e.backup_sets = vec![set("usb"), set("usb")];
        assert!(e
            .validate()
            .unwrap_err()
            .to_string()
            .contains("two backup sets"));

        let mut e = export();
        e.backup_sets = vec![set("usb")];
        e.backup_inventories = vec![BackupInventory {
            set_id: "nas".into(),
            checked_at: datetime!(2026-11-27 10:00 UTC),
            source: "borg list --json".into(),
            tool_version: None,
            encryption: Encryption::Unknown,
            backups: Vec::new(),
            notes: Vec::new(),
        }];
        assert!(e
            .validate()
            .unwrap_err()
            .to_string()
            .contains("not recorded"));

        let mut e = export();
        e.backup_sets = vec![set("usb")];
        e.restore_tests = vec![RestoreTest {
            set_id: "usb".into(),
            at: datetime!(2026-11-27 10:00 UTC),
            duration_ms: 10,
            backup: None,
            scope: RestoreScope::Whole,
            files: 1,
            bytes: 1,
            ok: false,
            error: None,
            method: "borg extract".into(),
        }];
        let err = e.validate().unwrap_err().to_string();
        assert!(err.starts_with("restore test 1"), "{err}");
        e.restore_tests[0].error = Some("boom".into());
        e.validate().unwrap();
        let back = PracticeExport::from_json(&e.to_json_pretty().unwrap()).unwrap();
        assert_eq!(back, e);
    }
}
