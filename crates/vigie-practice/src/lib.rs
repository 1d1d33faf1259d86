//! The practice record as data: what a person tells Vigie about the
//! practice, as opposed to what the machine shows.
//!
//! - [`Practice`]: name, profession, solo or group, address.
//! - [`Context`]: the few facts asked first (Wi-Fi present, CPE cards issued,
//!   hosted practice software, maintenance contract) so that what does not
//!   apply is `not_applicable` without asking.
//! - [`Declaration`]: one answer ([`Answer`]) to one requirement, with its
//!   author and date; answers go stale after a review period
//!   ([`is_stale`], [`DeclarationState`]).
//! - [`Provider`] and [`Delegation`]: the memento's maintenance provider (A)
//!   and hosting provider (B), and the requirements delegated to them.
//! - [`parse_answers`]: the `answers.toml` file of `vigie declare --file`.
//! - [`BackupSet`], [`BackupInventory`], [`RestoreTest`]: the practice's
//!   backups (rule 6.3.1), where they are, what was seen in them, and the
//!   restore tests run on them ([`Backups`]).
//! - [`PracticeExport`]: the whole record as JSON (`vigie export`/`import`).
//!
//! Pure: no I/O, no C dependency, so it builds for every target. The SQLite
//! store is `vigie-store`.

mod answer;
mod answers_file;
mod backup;
mod context;
mod declaration;
mod export;
mod practice;
mod provider;
mod text;

pub use answer::{Answer, UnknownAnswer};
pub use answers_file::{
    parse_answers, AnswerEntry, AnswersBatch, AnswersError, AnswersErrorKind, AnswersFile,
    ContextEntry,
};
pub use backup::{
    is_backup_set_id, location_has_password, BackupInventory, BackupKind, BackupPoint, BackupSet,
    BackupValidationError, Backups, Encryption, PasswordSource, RestoreScope, RestoreTest,
    MAX_BACKUP_LOCATION_CHARS, MAX_BACKUP_SET_ID_CHARS, MAX_RESTORE_ERROR_CHARS,
};
pub use context::{Context, ContextAnswer, ContextQuestion};
pub use declaration::{
    age_days, is_requirement_id, is_stale, Declaration, DeclarationState, MAX_NOTE_CHARS,
    MAX_PROOF_CHARS, REVIEW_DAYS_DEFAULT, REVIEW_DAYS_QUARTER,
};
pub use export::{
    AuditRecord, ExportError, FindingRecord, FindingStatus, NewAudit, PracticeExport, StatusCounts,
    EXPORT_FORMAT, EXPORT_FORMAT_VERSION,
};
pub use practice::{Organisation, Practice, Profession};
pub use provider::{validate_delegation, Delegation, Provider, ProviderWarning, Role};
pub use vigie_catalog::Lang;

/// A value that breaks one of the record's rules. Messages are in English,
/// like every library error; they name the field and what is expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    #[error("the practice's name is empty")]
    EmptyPracticeName,
    #[error("the profession is empty (name it, e.g. \"psychologue\")")]
    EmptyProfession,
    #[error("\"{0}\" is not a requirement id (expected a rule number and a letter, e.g. 2.1.1.a)")]
    BadRequirementId(String),
    #[error("the author is empty (who gives this answer?)")]
    EmptyAuthor,
    #[error("the note is longer than {max} characters")]
    NoteTooLong { max: usize },
    #[error(
        "the proof must be a reference to a document (a file name or a place, on one line, at most {max} characters), not the document itself"
    )]
    BadProof { max: usize },
    #[error("the provider's name is empty")]
    EmptyProviderName,
    #[error(
        "an HDS certificate concerns the hosting provider (B) only, not the maintenance provider (A)"
    )]
    HdsOnMaintenanceProvider,
    #[error("requirement {requirement_id} cannot be delegated to provider {role}: {allowed}")]
    DelegationNotAllowed {
        requirement_id: String,
        role: Role,
        /// What the memento's cartouche allows, in words.
        allowed: String,
    },
    #[error(
        "group_practice is not answered separately: it follows the practice's organisation (solo or group)"
    )]
    DerivedContextQuestion,
    #[error(transparent)]
    Backup(#[from] BackupValidationError),
}

/// Dates (`YYYY-MM-DD`) in JSON, as the rest of Vigie writes them.
pub(crate) mod dates {
    time::serde::format_description!(pub date, Date, "[year]-[month]-[day]");
}
