//! The whole record out as a [`PracticeExport`] and back in.

use crate::audits::{insert_audit, insert_findings, read_all_audits};
use crate::backups::{
    insert_backup_set, insert_restore_test, read_backup_sets, read_inventories, read_restore_tests,
    upsert_inventory,
};
use crate::record::{
    insert_declaration, insert_delegation, insert_practice, read_context, read_declarations,
    read_delegations, read_practice, read_providers, upsert_context, upsert_provider,
};
use crate::sql::{self, mapper};
use crate::{Store, StoreError};
use time::OffsetDateTime;
use vigie_practice::{
    ContextQuestion, ExportError, PracticeExport, StatusCounts, EXPORT_FORMAT,
    EXPORT_FORMAT_VERSION,
};

/// What to do when importing into a record that already holds data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Only into an empty record; refused otherwise.
    IntoEmpty,
    /// Replace everything the record holds, in the same transaction as the
    /// import: if the import fails, the previous record stays whole.
    Replace,
}

/// How much was imported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub context_answers: usize,
    pub declarations: usize,
    pub providers: usize,
    pub delegations: usize,
    pub audits: usize,
    pub findings: usize,
    pub backup_sets: usize,
    pub backup_inventories: usize,
    pub restore_tests: usize,
}

impl Store {
    /// The whole record, dated now.
    pub fn export(&self) -> Result<PracticeExport, StoreError> {
        self.export_at(OffsetDateTime::now_utc())
    }

    /// The whole record, dated `exported_at`, read from one snapshot.
    pub fn export_at(&self, exported_at: OffsetDateTime) -> Result<PracticeExport, StoreError> {
        self.read(|conn, path| {
            let practice = read_practice(conn, path)?.ok_or_else(|| StoreError::NoPractice {
                path: path.to_path_buf(),
            })?;
            let mut export = PracticeExport::new(exported_at, practice);
            export.context = read_context(conn, path)?;
            export.declarations = read_declarations(conn, path, "ORDER BY id", [])?;
            export.providers = read_providers(conn, path)?;
            export.delegations = read_delegations(conn, path)?;
            export.audits = read_all_audits(conn, path)?;
            export.backup_sets = read_backup_sets(conn, path)?;
            export.backup_inventories = read_inventories(conn, path)?;
            export.restore_tests = read_restore_tests(conn, path)?;
            Ok(export)
        })
    }

    /// Imports a whole record in one transaction. Each row is checked as it
    /// is written (the model's rules, then the database's constraints): the
    /// first refusal rolls everything back, including the removal of the
    /// previous record in [`ImportMode::Replace`].
    pub fn import(
        &mut self,
        export: &PracticeExport,
        mode: ImportMode,
    ) -> Result<ImportSummary, StoreError> {
        let import_err = |path: &std::path::Path, source| StoreError::Import {
            path: path.to_path_buf(),
            source,
        };
        if export.format != EXPORT_FORMAT {
            return Err(import_err(
                &self.path,
                ExportError::NotAnExport {
                    found: format!("\"{}\"", export.format),
                },
            ));
        }
        if export.format_version > EXPORT_FORMAT_VERSION {
            return Err(import_err(
                &self.path,
                ExportError::TooNew {
                    found: export.format_version,
                    known: EXPORT_FORMAT_VERSION,
                },
            ));
        }
        self.write(|tx, path| {
            if !sql::is_empty(tx, path)? {
                match mode {
                    ImportMode::IntoEmpty => {
                        return Err(StoreError::NotEmpty {
                            path: path.to_path_buf(),
                        })
                    }
                    ImportMode::Replace => {
                        // Children first (delegations hold providers).
                        tx.execute_batch(
                            "DELETE FROM restore_tests; DELETE FROM backup_inventories;
                             DELETE FROM backup_sets; DELETE FROM findings; DELETE FROM audits; DELETE FROM delegations;
                             DELETE FROM providers; DELETE FROM declarations;
                             DELETE FROM context_answers; DELETE FROM practice;",
                        )
                        .map_err(mapper(path))?;
                    }
                }
            }
            let mut summary = ImportSummary::default();
            insert_practice(tx, path, &export.practice)?;
            for question in ContextQuestion::ANSWERED {
                if let Some(answer) = export.context.get(question) {
                    upsert_context(tx, path, question, answer)?;
                    summary.context_answers += 1;
                }
            }
            for (i, d) in export.declarations.iter().enumerate() {
                insert_declaration(tx, path, i + 1, d)?;
                summary.declarations += 1;
            }
            for p in &export.providers {
                if read_providers(tx, path)?.iter().any(|q| q.role == p.role) {
                    return Err(import_err(
                        path,
                        ExportError::Inconsistent(format!(
                            "two providers {}: there is one per role",
                            p.role
                        )),
                    ));
                }
                upsert_provider(tx, path, p)?;
                summary.providers += 1;
            }
            for d in &export.delegations {
                if !insert_delegation(tx, path, d)? {
                    return Err(import_err(
                        path,
                        ExportError::Inconsistent(format!(
                            "requirement {} is delegated to provider {} twice",
                            d.requirement_id, d.role
                        )),
                    ));
                }
                summary.delegations += 1;
            }
            for a in &export.audits {
                if !a.findings.is_empty() && StatusCounts::of(&a.findings) != a.summary {
                    return Err(import_err(
                        path,
                        ExportError::Inconsistent(format!(
                            "audit {}: its summary does not match its findings",
                            a.id
                        )),
                    ));
                }
                let id = insert_audit(tx, path, a, Some(a.id))?;
                insert_findings(tx, path, id, &a.findings)?;
                summary.audits += 1;
                summary.findings += a.findings.len();
            }
            for s in &export.backup_sets {
                if read_backup_sets(tx, path)?.iter().any(|t| t.id == s.id) {
                    return Err(import_err(
                        path,
                        ExportError::Inconsistent(format!("two backup sets named {}", s.id)),
                    ));
                }
                insert_backup_set(tx, path, s)?;
                summary.backup_sets += 1;
            }
            for i in &export.backup_inventories {
                if !export.backup_sets.iter().any(|s| s.id == i.set_id)
                    || read_inventories(tx, path)?.iter().any(|j| j.set_id == i.set_id)
                {
                    return Err(import_err(
                        path,
                        ExportError::Inconsistent(format!(
                            "an inventory of backup set {} that is not recorded, or a second one",
                            i.set_id
                        )),
                    ));
                }
                upsert_inventory(tx, path, i)?;
                summary.backup_inventories += 1;
            }
            for t in &export.restore_tests {
                if !export.backup_sets.iter().any(|s| s.id == t.set_id) {
                    return Err(import_err(
                        path,
                        ExportError::Inconsistent(format!(
                            "a restore test of backup set {}, which is not recorded",
                            t.set_id
                        )),
                    ));
                }
                insert_restore_test(tx, path, t)?;
                summary.restore_tests += 1;
            }
            Ok(summary)
        })
    }
}
