//! The practice record in an embedded SQLite database: the practice, its
//! context answers and declarations (full history), its providers and
//! delegations, every audit with its findings, so that history and
//! trends are queries, and its backup sets with their latest inventory and
//! restore tests.
//!
//! # Where
//! One file per practice. By default [`Store::default_path`]: the
//! platform's local data folder, from the `directories` crate
//! (`ProjectDirs::from("fr", "", "vigie")`):
//! - Linux: `$XDG_DATA_HOME/vigie/practice.sqlite3`, i.e.
//!   `~/.local/share/vigie/practice.sqlite3`;
//! - macOS: `~/Library/Application Support/fr.vigie/practice.sqlite3`;
//! - Windows: `%LOCALAPPDATA%\vigie\data\practice.sqlite3` (local, not
//!   roaming: a database must not be synchronised while open).
//!
//! Note that `sudo vigie ...` runs as root, whose data folder is not the
//! user's: the CLI's `--store PATH` chooses the file explicitly.
//!
//! # Guarantees
//! - Every change runs in one `BEGIN IMMEDIATE` transaction: it is written
//!   entirely or not at all, and an interrupted write leaves the previous
//!   state (SQLite's write-ahead log, synced at every commit:
//!   `synchronous = FULL`).
//! - WAL mode and a busy timeout let a reader (the web UI) and a writer
//!   work at the same time; a writer waits up to [`BUSY_TIMEOUT`] for
//!   another to finish.
//! - The schema is versioned by `PRAGMA user_version` and migrated by
//!   embedded scripts, one transaction each. A database from a newer Vigie,
//!   a file that is not SQLite, or a SQLite database of another program is
//!   refused before anything is written to it.
//! - A new file is created readable by its owner only (Unix).
//!
//! # Example
//! ```
//! use time::OffsetDateTime;
//! use vigie_practice::{Answer, Declaration, Organisation, Practice, Profession};
//! use vigie_store::{ImportMode, Store};
//!
//! let dir = tempfile::tempdir()?;
//! let mut store = Store::open(dir.path().join("practice.sqlite3"))?;
//! store.init_practice(&Practice {
//!     name: "Cabinet du Dr Martin".into(),
//!     profession: Profession::MedecinGeneraliste,
//!     organisation: Organisation::Solo,
//!     address: None,
//!     created_at: OffsetDateTime::now_utc(),
//! })?;
//! store.record_declaration(&Declaration {
//!     requirement_id: "2.1.1.a".into(),
//!     answer: Answer::Yes,
//!     note: None,
//!     proof: Some("classeur rouge".into()),
//!     author: "Dr Martin".into(),
//!     answered_at: OffsetDateTime::now_utc(),
//! })?;
//! assert_eq!(store.latest_declarations()?["2.1.1.a"].answer, Answer::Yes);
//!
//! let json = store.export()?.to_json_pretty()?;
//! let mut copy = Store::open(dir.path().join("copy.sqlite3"))?;
//! copy.import(&vigie_practice::PracticeExport::from_json(&json)?, ImportMode::IntoEmpty)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod audits;
mod backups;
mod record;
mod sql;
mod transfer;

pub use audits::{AuditSummary, FindingHistory, TrendPoint};
pub use transfer::{ImportMode, ImportSummary};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;
use vigie_practice::{ExportError, Role, ValidationError};

/// The schema migrations, in order: migration `i` (from 0) brings the
/// database to `user_version` `i + 1`. Never edit a released one: add one.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_backups.sql"),
];

/// The newest schema this build knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Marks the file as a Vigie record (`PRAGMA application_id`, "VIGI").
pub const APPLICATION_ID: i32 = 0x5649_4749;

/// How long a write waits for another writer before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The default file name in the data folder.
pub const DEFAULT_FILE_NAME: &str = "practice.sqlite3";

/// What went wrong, always with the database's path.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: cannot create the folder of the practice record: {source}", path.display())]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: cannot open the practice record: {source}", path.display())]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{}: not a SQLite database (is this the practice record file?); nothing was changed", path.display())]
    NotADatabase { path: PathBuf },
    #[error("{}: a SQLite database of another program, not a Vigie practice record; nothing was changed", path.display())]
    NotVigie { path: PathBuf },
    #[error("{}: created by a newer Vigie (schema {found}), this one knows up to {known}: update Vigie to open it; nothing was changed", path.display())]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{}: the practice record is busy (another Vigie is writing to it): try again", path.display())]
    Busy { path: PathBuf },
    #[error("{}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{}: stored data cannot be read ({detail})", path.display())]
    Corrupt { path: PathBuf, detail: String },
    #[error("{}: no practice recorded yet: record it first (vigie init)", path.display())]
    NoPractice { path: PathBuf },
    #[error("{}: a practice is already recorded (\"{name}\")", path.display())]
    PracticeExists { path: PathBuf, name: String },
    #[error("{}: {what}: {source}", path.display())]
    Invalid {
        path: PathBuf,
        what: String,
        source: ValidationError,
    },
    #[error("{}: {what}: the date {value} cannot be written as RFC 3339 (year 0 to 9999, offset in whole minutes)", path.display())]
    BadTimestamp {
        path: PathBuf,
        what: String,
        value: String,
    },
    #[error("{}: no provider {role} is recorded: record it before delegating to it", path.display())]
    NoProvider { path: PathBuf, role: Role },
    #[error("{}: provider {role} still has delegated requirements ({}): undelegate them first", path.display(), requirements.join(", "))]
    ProviderHasDelegations {
        path: PathBuf,
        role: Role,
        requirements: Vec<String>,
    },
    #[error("{}: the practice record is not empty: importing would mix two records (ask to replace it)", path.display())]
    NotEmpty { path: PathBuf },
    #[error("{}: cannot import: {source}", path.display())]
    Import { path: PathBuf, source: ExportError },
    #[error("{}: a backup set named \"{id}\" is already recorded", path.display())]
    BackupSetExists { path: PathBuf, id: String },
    #[error("{}: no backup set named \"{id}\" is recorded", path.display())]
    NoBackupSet { path: PathBuf, id: String },
    #[error("no data folder on this system (no home directory?): choose the practice record's file explicitly")]
    NoDataDir,
}

/// An open practice record. One connection; open one `Store` per thread
/// or process (SQLite coordinates them).
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// The default file: `practice.sqlite3` in the platform's local data
    /// folder (see the crate documentation).
    pub fn default_path() -> Result<PathBuf, StoreError> {
        directories::ProjectDirs::from("fr", "", "vigie")
            .map(|dirs| dirs.data_local_dir().join(DEFAULT_FILE_NAME))
            .ok_or(StoreError::NoDataDir)
    }

    /// Opens the record at `path`, creating it (and its folder) if needed,
    /// and brings its schema up to date. Refuses, without changing
    /// anything, a file that is not SQLite, a SQLite database of another
    /// program, and a database from a newer Vigie.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref();
        let conn = open_connection(path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database (always [`SCHEMA_VERSION`]
    /// once opened).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sql::mapper(&self.path))
    }

    /// Changes how long a write waits for another writer (default
    /// [`BUSY_TIMEOUT`]).
    pub fn set_busy_timeout(&self, timeout: Duration) -> Result<(), StoreError> {
        self.conn
            .busy_timeout(timeout)
            .map_err(sql::mapper(&self.path))
    }

    /// Whether nothing at all is recorded.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        sql::is_empty(&self.conn, &self.path)
    }

    /// Runs `f` in one write transaction, taken at once (`BEGIN IMMEDIATE`,
    /// so that two writers never deadlock on a lock upgrade): committed if
    /// `f` succeeds, rolled back entirely if it fails.
    fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let map = sql::mapper(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&map)?;
        let out = f(&tx, &self.path)?;
        tx.commit().map_err(&map)?;
        Ok(out)
    }

    /// Runs reads on one snapshot, so that a concurrent write cannot show
    /// half of itself (e.g. in an export).
    fn read<T>(
        &self,
        f: impl FnOnce(&Connection, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let map = sql::mapper(&self.path);
        let tx = self.conn.unchecked_transaction().map_err(&map)?;
        let out = f(&tx, &self.path)?;
        tx.finish().map_err(&map)?;
        Ok(out)
    }
}

/// Opens, checks and migrates (see [`Store::open`]).
fn open_connection(path: &Path) -> Result<Connection, StoreError> {
    create_file(path)?;
    let open_err = |source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    };
    // No URI interpretation: the path is a file name, nothing else.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;

    // Reading the header first: it tells a database from anything else
    // and a newer schema from ours, and writes nothing.
    let map = sql::mapper(path);
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(&map)?;
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(&map)?;
    if app_id != 0 && app_id != APPLICATION_ID {
        return Err(StoreError::NotVigie {
            path: path.to_path_buf(),
        });
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    if version == 0 {
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'",
                [],
                |r| r.get(0),
            )
            .map_err(&map)?;
        if tables > 0 {
            return Err(StoreError::NotVigie {
                path: path.to_path_buf(),
            });
        }
    }

    // Per-connection settings: foreign keys (off by default in SQLite),
    // and a sync to disk at every commit, WAL included, so that a
    // committed answer survives a power cut.
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(&map)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(&map)?;
    // WAL persists in the file. Where the file system cannot share
    // memory (some network shares) SQLite keeps its rollback journal,
    // which is as safe, only less concurrent: no error then.
    let _mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))
        .map_err(&map)?;

    if version < SCHEMA_VERSION {
        migrate(&mut conn, path)?;
    }
    Ok(conn)
}

/// Creates a missing file (and its folder), readable by its owner only on
/// Unix: the record names the practice and its providers. SQLite gives its
/// journal files the database file's permissions.
fn create_file(path: &Path) -> Result<(), StoreError> {
    if path.exists() {
        return Ok(());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
            path: path.to_path_buf(),
            source,
        })?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        // Created meanwhile by another process: fine, SQLite opens it.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(source) => Err(StoreError::CreateDir {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Applies the missing migrations, each in its own transaction with its
/// new `user_version`, so that a failure leaves the previous version whole.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let map = sql::mapper(path);
    for (index, script) in MIGRATIONS.iter().enumerate() {
        let target = index as i64 + 1;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&map)?;
        // Read again under the lock: another process may have migrated.
        let current: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(&map)?;
        if current > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found: current,
                known: SCHEMA_VERSION,
            });
        }
        if current >= target {
            continue;
        }
        tx.execute_batch(script).map_err(&map)?;
        if target == 1 {
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(&map)?;
        }
        tx.pragma_update(None, "user_version", target)
            .map_err(&map)?;
        tx.commit().map_err(&map)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap();
        let names = stmt.query_map([], |r| r.get(0)).unwrap();
        names.collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn migrations_bring_an_empty_database_to_the_latest_schema() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, Path::new(":memory:")).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        assert_eq!(
            tables(&conn),
            [
                "audits",
                "backup_inventories",
                "backup_sets",
                "context_answers",
                "declarations",
                "delegations",
                "findings",
                "practice",
                "providers",
                "restore_tests"
            ]
        );
        // Running again changes nothing.
        migrate(&mut conn, Path::new(":memory:")).unwrap();
    }

    #[test]
    fn a_failing_migration_leaves_the_previous_version_whole() {
        let mut conn = Connection::open_in_memory().unwrap();
        // The last table of migration 1 already exists: the script fails
        // after creating the others, which must all be rolled back.
        conn.execute_batch("CREATE TABLE findings (x INTEGER);")
            .unwrap();
        let err = migrate(&mut conn, Path::new("test.sqlite3")).unwrap_err();
        assert!(err.to_string().contains("findings"), "{err}");
        assert_eq!(tables(&conn), ["findings"]);
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, 0);
    }

    #[test]
    fn unreadable_stored_values_are_reported_as_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.sqlite3");
        let mut store = Store::open(&path).unwrap();
        store
            .init_practice(&vigie_practice::Practice {
                name: "Cabinet".into(),
                profession: vigie_practice::Profession::Infirmier,
                organisation: vigie_practice::Organisation::Solo,
                address: None,
                created_at: time::macros::datetime!(2026-01-01 0:00 UTC),
            })
            .unwrap();
        store
            .conn
            .execute(
                "INSERT INTO declarations (requirement_id, answer, author, answered_at)
                 VALUES ('2.1.1.a', 'yes', 'x', 'le 3 mars')",
                [],
            )
            .unwrap();
        let err = store.declarations().unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
        assert!(err.to_string().contains("le 3 mars"), "{err}");
    }

    #[test]
    fn connection_settings() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("p.sqlite3")).unwrap();
        let get = |name: &str| -> i64 {
            store
                .conn
                .pragma_query_value(None, name, |r| r.get(0))
                .unwrap()
        };
        assert_eq!(get("foreign_keys"), 1);
        assert_eq!(get("synchronous"), 2, "FULL");
        assert_eq!(get("busy_timeout"), 5000);
    }

    #[test]
    fn the_schema_number_fits_the_scripts() {
        assert_eq!(SCHEMA_VERSION, 2);
        assert!(MIGRATIONS.iter().all(|m| !m.trim().is_empty()));
    }
}
