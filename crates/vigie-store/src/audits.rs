//! Audit runs and their findings: history and trends are queries.

use crate::sql::{self, code, conv, mapper, Ts};
use crate::{Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::str::FromStr;
use time::OffsetDateTime;
use vigie_practice::{
    is_requirement_id, AuditRecord, FindingRecord, FindingStatus, NewAudit, StatusCounts,
    ValidationError,
};

/// One audit without its report: for lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditSummary {
    pub id: i64,
    pub run_at: OffsetDateTime,
    pub host: Option<String>,
    pub catalog_version: String,
    pub summary: StatusCounts,
}

/// The counts of one audit, for a trend line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendPoint {
    pub audit_id: i64,
    pub run_at: OffsetDateTime,
    pub summary: StatusCounts,
}

/// What one audit found for one requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingHistory {
    pub audit_id: i64,
    pub run_at: OffsetDateTime,
    pub status: FindingStatus,
    pub basis: String,
}

impl Store {
    /// Records an audit run (its JSON report and one finding per
    /// requirement) in one transaction; returns its number. The counts
    /// are computed from the findings.
    pub fn record_audit(&mut self, audit: &NewAudit) -> Result<i64, StoreError> {
        self.write(|tx, path| {
            sql::require_practice(tx, path)?;
            let record = AuditRecord {
                id: 0,
                run_at: audit.run_at,
                host: audit.host.clone(),
                catalog_version: audit.catalog_version.clone(),
                report_json: audit.report_json.clone(),
                summary: audit.summary(),
                findings: Vec::new(),
            };
            let id = insert_audit(tx, path, &record, None)?;
            insert_findings(tx, path, id, &audit.findings)?;
            Ok(id)
        })
    }

    /// Every audit, in recording order, without reports.
    pub fn audits(&self) -> Result<Vec<AuditSummary>, StoreError> {
        let map = mapper(&self.path);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, run_at, host, catalog_version, pass, fail, not_applicable, unknown
                 FROM audits ORDER BY id",
            )
            .map_err(&map)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(AuditSummary {
                    id: r.get(0)?,
                    run_at: r.get::<_, Ts>(1)?.0,
                    host: r.get(2)?,
                    catalog_version: r.get(3)?,
                    summary: counts(r, 4)?,
                })
            })
            .map_err(&map)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(&map)
    }

    /// One audit with its report and findings.
    pub fn audit(&self, id: i64) -> Result<Option<AuditRecord>, StoreError> {
        self.read(|conn, path| read_audit(conn, path, id))
    }

    /// The latest audit (by date), with its report and findings.
    pub fn latest_audit(&self) -> Result<Option<AuditRecord>, StoreError> {
        self.read(|conn, path| {
            let id: Option<i64> = conn
                .query_row(
                    "SELECT id FROM audits ORDER BY run_at DESC, id DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()
                .map_err(mapper(path))?;
            match id {
                Some(id) => read_audit(conn, path, id),
                None => Ok(None),
            }
        })
    }

    /// The findings of one audit, in report order.
    pub fn findings(&self, audit_id: i64) -> Result<Vec<FindingRecord>, StoreError> {
        read_findings(&self.conn, &self.path, audit_id)
    }

    /// The counts per status of every audit, oldest first (by date).
    pub fn trend(&self) -> Result<Vec<TrendPoint>, StoreError> {
        let map = mapper(&self.path);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, run_at, pass, fail, not_applicable, unknown
                 FROM audits ORDER BY run_at, id",
            )
            .map_err(&map)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(TrendPoint {
                    audit_id: r.get(0)?,
                    run_at: r.get::<_, Ts>(1)?.0,
                    summary: counts(r, 2)?,
                })
            })
            .map_err(&map)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(&map)
    }

    /// What every audit found for one requirement, oldest first.
    pub fn finding_history(&self, requirement_id: &str) -> Result<Vec<FindingHistory>, StoreError> {
        let map = mapper(&self.path);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.id, a.run_at, f.status, f.basis
                 FROM findings f JOIN audits a ON a.id = f.audit_id
                 WHERE f.requirement_id = ?1 ORDER BY a.run_at, a.id",
            )
            .map_err(&map)?;
        let rows = stmt
            .query_map([requirement_id], |r| {
                let status: String = r.get(2)?;
                Ok(FindingHistory {
                    audit_id: r.get(0)?,
                    run_at: r.get::<_, Ts>(1)?.0,
                    status: conv(
                        2,
                        code(&status, "status", |s| FindingStatus::from_str(s).ok()),
                    )?,
                    basis: r.get(3)?,
                })
            })
            .map_err(&map)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(&map)
    }
}

fn counts(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<StatusCounts> {
    Ok(StatusCounts {
        pass: r.get(first)?,
        fail: r.get(first + 1)?,
        not_applicable: r.get(first + 2)?,
        unknown: r.get(first + 3)?,
    })
}

/// Inserts an audit row; with `id`, under that number (import), else the
/// next one.
pub(crate) fn insert_audit(
    conn: &Connection,
    path: &Path,
    a: &AuditRecord,
    id: Option<i64>,
) -> Result<i64, StoreError> {
    let map = mapper(path);
    let report = serde_json::to_string(&a.report_json).map_err(|e| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: format!("report of audit: {e}"),
    })?;
    conn.execute(
        "INSERT INTO audits (id, run_at, host, catalog_version, report_json,
                             pass, fail, not_applicable, unknown)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id,
            sql::timestamp(path, "audit", a.run_at)?,
            a.host,
            a.catalog_version,
            report,
            a.summary.pass,
            a.summary.fail,
            a.summary.not_applicable,
            a.summary.unknown
        ],
    )
    .map_err(&map)?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn insert_findings(
    conn: &Connection,
    path: &Path,
    audit_id: i64,
    findings: &[FindingRecord],
) -> Result<(), StoreError> {
    let map = mapper(path);
    let mut stmt = conn
        .prepare(
            "INSERT INTO findings (audit_id, requirement_id, status, basis) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(&map)?;
    for f in findings {
        if !is_requirement_id(&f.requirement_id) {
            return Err(StoreError::Invalid {
                path: path.to_path_buf(),
                what: format!("finding of audit {audit_id}"),
                source: ValidationError::BadRequirementId(f.requirement_id.clone()),
            });
        }
        stmt.execute(params![
            audit_id,
            f.requirement_id,
            f.status.code(),
            f.basis
        ])
        .map_err(&map)?;
    }
    Ok(())
}

pub(crate) fn read_findings(
    conn: &Connection,
    path: &Path,
    audit_id: i64,
) -> Result<Vec<FindingRecord>, StoreError> {
    let map = mapper(path);
    let mut stmt = conn
        .prepare(
            "SELECT requirement_id, status, basis FROM findings WHERE audit_id = ?1 ORDER BY rowid",
        )
        .map_err(&map)?;
    let rows = stmt
        .query_map([audit_id], |r| {
            let status: String = r.get(1)?;
            Ok(FindingRecord {
                requirement_id: r.get(0)?,
                status: conv(
                    1,
                    code(&status, "status", |s| FindingStatus::from_str(s).ok()),
                )?,
                basis: r.get(2)?,
            })
        })
        .map_err(&map)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(&map)
}

pub(crate) fn read_audit(
    conn: &Connection,
    path: &Path,
    id: i64,
) -> Result<Option<AuditRecord>, StoreError> {
    let map = mapper(path);
    let row = conn
        .query_row(
            "SELECT id, run_at, host, catalog_version, report_json,
                    pass, fail, not_applicable, unknown
             FROM audits WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Ts>(1)?.0,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    counts(r, 5)?,
                ))
            },
        )
        .optional()
        .map_err(&map)?;
    let Some((id, run_at, host, catalog_version, report, summary)) = row else {
        return Ok(None);
    };
    let report_json = serde_json::from_str(&report).map_err(|e| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: format!("report of audit {id}: {e}"),
    })?;
    Ok(Some(AuditRecord {
        id,
        run_at,
        host,
        catalog_version,
        report_json,
        summary,
        findings: read_findings(conn, path, id)?,
    }))
}

/// Every audit with report and findings, in recording order (export).
pub(crate) fn read_all_audits(
    conn: &Connection,
    path: &Path,
) -> Result<Vec<AuditRecord>, StoreError> {
    let ids: Vec<i64> = {
        let mut stmt = conn
            .prepare("SELECT id FROM audits ORDER BY id")
            .map_err(mapper(path))?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(mapper(path))?;
        rows.collect::<Result<_, _>>().map_err(mapper(path))?
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(a) = read_audit(conn, path, id)? {
            out.push(a);
        }
    }
    Ok(out)
}
