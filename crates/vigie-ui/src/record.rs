//! The practice record as audits and reports use it, shared by the command
//! line (`vigie audit`, `vigie report`, `vigie annex`, `vigie declare`) and
//! the web interface, so that both record and read audits the same way:
//!
//! - [`load`]: what a report folds in (`Report::apply_record`), read from
//!   the store;
//! - [`record_audit`]: records an audit (the machine's report, and the
//!   findings it concluded with the record applied);
//! - [`replay`]: a recorded audit with the record applied as of a day;
//! - [`not_applicable_by`]: the context fact that makes a question moot.
//!
//! No printing here: callers say what happened in their own words.

use time::{Date, OffsetDateTime};
use vigie_audit::{Basis, Counts, HistoryPoint, PracticeRecord, Report, Status};
use vigie_catalog::{Catalog, Lang, Question};
use vigie_practice::{
    AuditRecord, Context, ContextQuestion, FindingRecord, FindingStatus, NewAudit, Organisation,
};
use vigie_store::{Store, StoreError};

/// Why an audit could not be recorded or read back.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the report cannot be written as JSON: {0}")]
    Encode(serde_json::Error),
    /// A report recorded by another version of Vigie, whose form this one
    /// cannot read.
    #[error("recorded audit no. {id} cannot be read by this version of Vigie ({source})")]
    Unreadable { id: i64, source: serde_json::Error },
}

/// What the report folds in: the practice, its context, the latest answer
/// of each requirement, providers, delegations, and the audits other than
/// `except` (oldest first).
pub fn load(store: &Store, except: Option<i64>) -> Result<PracticeRecord, StoreError> {
    let mut audits = store.audits()?;
    audits.sort_by_key(|a| (a.run_at, a.id));
    let history = audits
        .into_iter()
        .filter(|a| Some(a.id) != except)
        .map(|a| HistoryPoint {
            run_at: rfc3339(a.run_at),
            host: a.host,
            counts: Counts {
                pass: a.summary.pass,
                fail: a.summary.fail,
                not_applicable: a.summary.not_applicable,
                unknown: a.summary.unknown,
            },
        })
        .collect();
    Ok(PracticeRecord {
        practice: store.practice()?,
        context: store.context()?,
        declarations: store.latest_declarations()?.into_values().collect(),
        providers: store.providers()?,
        delegations: store.delegations()?,
        history,
        backups: store.backups()?,
    })
}

pub fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.to_string())
}

/// One finding per requirement, as the report concluded.
pub fn findings(report: &Report) -> Vec<FindingRecord> {
    report
        .requirements
        .iter()
        .map(|r| FindingRecord {
            requirement_id: r.id.clone(),
            status: finding_status(r.status),
            basis: match r.basis {
                Basis::Machine => "machine",
                Basis::Declaration => "declaration",
                Basis::MachineAndDeclaration => "machine_and_declaration",
                Basis::NotAutomated => "not_automated",
            }
            .to_string(),
        })
        .collect()
}

pub fn finding_status(status: Status) -> FindingStatus {
    match status {
        Status::Pass => FindingStatus::Pass,
        Status::Fail => FindingStatus::Fail,
        Status::Unknown => FindingStatus::Unknown,
        Status::NotApplicable => FindingStatus::NotApplicable,
    }
}

pub fn status_of(finding: FindingStatus) -> Status {
    match finding {
        FindingStatus::Pass => Status::Pass,
        FindingStatus::Fail => Status::Fail,
        FindingStatus::Unknown => Status::Unknown,
        FindingStatus::NotApplicable => Status::NotApplicable,
    }
}

/// Records an audit in the practice record; returns its number and the
/// report with the record applied. The stored report is the machine's
/// (before the record), so that a later report applies the record as it is
/// on the day asked; the stored findings are the statuses this audit
/// concluded. `collected_at` is when the machine was seen (also for a
/// replayed evidence file).
pub fn record_audit(
    store: &mut Store,
    catalog: &Catalog,
    machine: Report,
    collected_at: OffsetDateTime,
    as_of: Date,
) -> Result<(i64, Report), RecordError> {
    let record = load(store, None)?;
    let report_json = serde_json::to_value(&machine).map_err(RecordError::Encode)?;
    let mut report = machine;
    report.apply_record(catalog, &record, as_of);
    let id = store.record_audit(&NewAudit {
        run_at: collected_at,
        host: report.target.host.clone(),
        catalog_version: catalog.version.clone(),
        report_json,
        findings: findings(&report),
    })?;
    Ok((id, report))
}

/// A recorded audit's report with the practice record applied at `as_of`
/// (the other audits as its history).
pub fn replay(
    store: &Store,
    catalog: &Catalog,
    audit: AuditRecord,
    as_of: Date,
) -> Result<Report, RecordError> {
    let id = audit.id;
    let mut report: Report = serde_json::from_value(audit.report_json)
        .map_err(|source| RecordError::Unreadable { id, source })?;
    let record = load(store, Some(id))?;
    report.apply_record(catalog, &record, as_of);
    Ok(report)
}

/// The context fact that makes a question not applicable, when it is known
/// to be false (no Wi-Fi, no CPE card, solo practice...).
pub fn not_applicable_by(
    question: &Question,
    context: &Context,
    organisation: Organisation,
) -> Option<ContextQuestion> {
    let key = question.not_applicable_when?.context_key();
    let fact = ContextQuestion::from_key(key)?;
    (context.value(fact, Some(organisation)) == Some(false)).then_some(fact)
}

/// A context fact known to be false, in words.
pub fn absent(fact: ContextQuestion, lang: Lang) -> &'static str {
    match (fact, lang) {
        (ContextQuestion::GroupPractice, Lang::Fr) => "exercice seul",
        (ContextQuestion::WifiPresent, Lang::Fr) => "pas de réseau Wi-Fi au cabinet",
        (ContextQuestion::CpeIssued, Lang::Fr) => "aucune carte CPE remise au personnel",
        (ContextQuestion::HostedSoftware, Lang::Fr) => {
            "aucune donnée de patient conservée en ligne par un prestataire"
        }
        (ContextQuestion::MaintenanceContract, Lang::Fr) => "pas de contrat de maintenance",
        (ContextQuestion::GroupPractice, Lang::En) => "solo practice",
        (ContextQuestion::WifiPresent, Lang::En) => "no Wi-Fi network in the practice",
        (ContextQuestion::CpeIssued, Lang::En) => "no CPE card issued to staff",
        (ContextQuestion::HostedSoftware, Lang::En) => "no patient data kept online by a provider",
        (ContextQuestion::MaintenanceContract, Lang::En) => "no maintenance contract",
    }
}
