//! The practice's backups: its backup sets, the latest inventory of each
//! (what `vigie backups check` saw, stored with its date so that an audit
//! never has to list a repository again) and every restore test.

use crate::sql::{self, code, conv, mapper, Ts};
use crate::{Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use vigie_practice::{
    BackupInventory, BackupKind, BackupSet, Backups, PasswordSource, RestoreScope, RestoreTest,
    ValidationError,
};

fn invalid(
    path: &Path,
    what: String,
) -> impl FnOnce(vigie_practice::BackupValidationError) -> StoreError + '_ {
    move |e| StoreError::Invalid {
        path: path.to_path_buf(),
        what,
        source: ValidationError::Backup(e),
    }
}

impl Store {
    /// Records a new backup set (`vigie backups add`). Refused if a set
    /// with the same id exists.
    pub fn add_backup_set(&mut self, set: &BackupSet) -> Result<(), StoreError> {
        self.write(|tx, path| {
            sql::require_practice(tx, path)?;
            if read_backup_set(tx, path, &set.id)?.is_some() {
                return Err(StoreError::BackupSetExists {
                    path: path.to_path_buf(),
                    id: set.id.clone(),
                });
            }
            insert_backup_set(tx, path, set)
        })
    }

    /// Changes a recorded set (location, flags, password source, note);
    /// its inventory and restore tests stay.
    pub fn update_backup_set(&mut self, set: &BackupSet) -> Result<(), StoreError> {
        set.validate()
            .map_err(invalid(&self.path, format!("backup set {}", set.id)))?;
        self.write(|tx, path| {
            let (env, file) = password_columns(set);
            let n = tx
                .execute(
                    "UPDATE backup_sets SET kind = ?2, location = ?3, offsite = ?4,
                            removable = ?5, password_env = ?6, password_file = ?7, note = ?8
                     WHERE id = ?1",
                    params![
                        set.id,
                        set.kind.code(),
                        set.location,
                        set.offsite,
                        set.removable,
                        env,
                        file,
                        set.note
                    ],
                )
                .map_err(mapper(path))?;
            if n == 0 {
                return Err(StoreError::NoBackupSet {
                    path: path.to_path_buf(),
                    id: set.id.clone(),
                });
            }
            Ok(())
        })
    }

    /// Removes a set with its inventory and restore tests; false if there
    /// was none.
    pub fn remove_backup_set(&mut self, id: &str) -> Result<bool, StoreError> {
        self.write(|tx, path| {
            let n = tx
                .execute("DELETE FROM backup_sets WHERE id = ?1", [id])
                .map_err(mapper(path))?;
            Ok(n > 0)
        })
    }

    /// Every backup set, in recording order.
    pub fn backup_sets(&self) -> Result<Vec<BackupSet>, StoreError> {
        read_backup_sets(&self.conn, &self.path)
    }

    /// One backup set.
    pub fn backup_set(&self, id: &str) -> Result<Option<BackupSet>, StoreError> {
        read_backup_set(&self.conn, &self.path, id)
    }

    /// Records what a `vigie backups check` saw in a set, replacing its
    /// previous inventory.
    pub fn record_inventory(&mut self, inventory: &BackupInventory) -> Result<(), StoreError> {
        self.write(|tx, path| {
            require_backup_set(tx, path, &inventory.set_id)?;
            upsert_inventory(tx, path, inventory)
        })
    }

    /// The latest inventory of every set that has one.
    pub fn inventories(&self) -> Result<Vec<BackupInventory>, StoreError> {
        read_inventories(&self.conn, &self.path)
    }

    /// Records a restore test; returns its number.
    pub fn record_restore_test(&mut self, test: &RestoreTest) -> Result<i64, StoreError> {
        self.write(|tx, path| {
            require_backup_set(tx, path, &test.set_id)?;
            insert_restore_test(tx, path, test)
        })
    }

    /// Every restore test, oldest first.
    pub fn restore_tests(&self) -> Result<Vec<RestoreTest>, StoreError> {
        read_restore_tests(&self.conn, &self.path)
    }

    /// Sets, inventories and restore tests read from one snapshot: what the
    /// audit judges rule 6.3.1 on (`PracticeRecord::backups`).
    pub fn backups(&self) -> Result<Backups, StoreError> {
        self.read(|conn, path| {
            Ok(Backups {
                sets: read_backup_sets(conn, path)?,
                inventories: read_inventories(conn, path)?,
                restore_tests: read_restore_tests(conn, path)?,
            })
        })
    }
}

fn password_columns(set: &BackupSet) -> (Option<&str>, Option<&str>) {
    match &set.password_source {
        None => (None, None),
        Some(PasswordSource::Env(name)) => (Some(name.as_str()), None),
        Some(PasswordSource::File(file)) => (None, Some(file.as_str())),
    }
}

pub(crate) fn insert_backup_set(
    conn: &Connection,
    path: &Path,
    set: &BackupSet,
) -> Result<(), StoreError> {
    set.validate()
        .map_err(invalid(path, format!("backup set {}", set.id)))?;
    let (env, file) = password_columns(set);
    conn.execute(
        "INSERT INTO backup_sets (id, kind, location, offsite, removable, password_env,
                                  password_file, note, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            set.id,
            set.kind.code(),
            set.location,
            set.offsite,
            set.removable,
            env,
            file,
            set.note,
            sql::timestamp(path, "backup set", set.added_at)?
        ],
    )
    .map_err(mapper(path))?;
    Ok(())
}

const SET_COLUMNS: &str =
    "id, kind, location, offsite, removable, password_env, password_file, note, added_at";

fn set_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BackupSet> {
    let kind: String = r.get(1)?;
    let env: Option<String> = r.get(5)?;
    let file: Option<String> = r.get(6)?;
    Ok(BackupSet {
        id: r.get(0)?,
        kind: conv(1, code(&kind, "backup kind", BackupKind::from_code))?,
        location: r.get(2)?,
        offsite: r.get(3)?,
        removable: r.get(4)?,
        password_source: match (env, file) {
            (Some(name), _) => Some(PasswordSource::Env(name)),
            (None, Some(file)) => Some(PasswordSource::File(file)),
            (None, None) => None,
        },
        note: r.get(7)?,
        added_at: r.get::<_, Ts>(8)?.0,
    })
}

pub(crate) fn read_backup_sets(
    conn: &Connection,
    path: &Path,
) -> Result<Vec<BackupSet>, StoreError> {
    let map = mapper(path);
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {SET_COLUMNS} FROM backup_sets ORDER BY rowid"
        ))
        .map_err(&map)?;
    let rows = stmt.query_map([], set_row).map_err(&map)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(&map)
}

fn read_backup_set(
    conn: &Connection,
    path: &Path,
    id: &str,
) -> Result<Option<BackupSet>, StoreError> {
    conn.query_row(
        &format!("SELECT {SET_COLUMNS} FROM backup_sets WHERE id = ?1"),
        [id],
        set_row,
    )
    .optional()
    .map_err(mapper(path))
}

/// What belongs to a set may only be recorded once the set is.
fn require_backup_set(conn: &Connection, path: &Path, id: &str) -> Result<(), StoreError> {
    if read_backup_set(conn, path, id)?.is_none() {
        return Err(StoreError::NoBackupSet {
            path: path.to_path_buf(),
            id: id.to_string(),
        });
    }
    Ok(())
}

pub(crate) fn upsert_inventory(
    conn: &Connection,
    path: &Path,
    inventory: &BackupInventory,
) -> Result<(), StoreError> {
    inventory.validate().map_err(invalid(
        path,
        format!("inventory of backup set {}", inventory.set_id),
    ))?;
    let json = serde_json::to_string(inventory).map_err(|e| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: format!("inventory of backup set {}: {e}", inventory.set_id),
    })?;
    conn.execute(
        "INSERT INTO backup_inventories (set_id, checked_at, inventory_json) VALUES (?1, ?2, ?3)
         ON CONFLICT (set_id) DO UPDATE SET checked_at = excluded.checked_at,
                                            inventory_json = excluded.inventory_json",
        params![
            inventory.set_id,
            sql::timestamp(path, "inventory", inventory.checked_at)?,
            json
        ],
    )
    .map_err(mapper(path))?;
    Ok(())
}

pub(crate) fn read_inventories(
    conn: &Connection,
    path: &Path,
) -> Result<Vec<BackupInventory>, StoreError> {
    let map = mapper(path);
    let mut stmt = conn
        .prepare(
            "SELECT i.set_id, i.inventory_json FROM backup_inventories i
             JOIN backup_sets s ON s.id = i.set_id ORDER BY s.rowid",
        )
        .map_err(&map)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(&map)?;
    let mut out = Vec::new();
    for row in rows {
        let (set_id, json) = row.map_err(&map)?;
        let inventory: BackupInventory =
            serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: format!("inventory of backup set {set_id}: {e}"),
            })?;
        out.push(inventory);
    }
    Ok(out)
}

pub(crate) fn insert_restore_test(
    conn: &Connection,
    path: &Path,
    test: &RestoreTest,
) -> Result<i64, StoreError> {
    test.validate().map_err(invalid(
        path,
        format!("restore test of backup set {}", test.set_id),
    ))?;
    let too_big = |what: &str| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: format!(
            "restore test of backup set {}: {what} too large",
            test.set_id
        ),
    };
    let duration = i64::try_from(test.duration_ms).map_err(|_| too_big("duration"))?;
    let bytes = i64::try_from(test.bytes).map_err(|_| too_big("size"))?;
    conn.execute(
        "INSERT INTO restore_tests (set_id, tested_at, duration_ms, backup, scope, files, bytes,
                                    ok, error, method)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            test.set_id,
            sql::timestamp(path, "restore test", test.at)?,
            duration,
            test.backup,
            scope_code(test.scope),
            test.files,
            bytes,
            test.ok,
            test.error,
            test.method
        ],
    )
    .map_err(mapper(path))?;
    Ok(conn.last_insert_rowid())
}

fn scope_code(scope: RestoreScope) -> &'static str {
    match scope {
        RestoreScope::Sample => "sample",
        RestoreScope::Whole => "whole",
    }
}

pub(crate) fn read_restore_tests(
    conn: &Connection,
    path: &Path,
) -> Result<Vec<RestoreTest>, StoreError> {
    let map = mapper(path);
    let mut stmt = conn
        .prepare(
            "SELECT set_id, tested_at, duration_ms, backup, scope, files, bytes, ok, error, method
             FROM restore_tests ORDER BY id",
        )
        .map_err(&map)?;
    let rows = stmt
        .query_map([], |r| {
            let scope: String = r.get(4)?;
            let duration: i64 = r.get(2)?;
            let bytes: i64 = r.get(6)?;
            Ok(RestoreTest {
                set_id: r.get(0)?,
                at: r.get::<_, Ts>(1)?.0,
                duration_ms: u64::try_from(duration).unwrap_or(0),
                backup: r.get(3)?,
                scope: conv(
                    4,
                    code(&scope, "restore scope", |s| match s {
                        "sample" => Some(RestoreScope::Sample),
                        "whole" => Some(RestoreScope::Whole),
                        _ => None,
                    }),
                )?,
                files: r.get(5)?,
                bytes: u64::try_from(bytes).unwrap_or(0),
                ok: r.get(7)?,
                error: r.get(8)?,
                method: r.get(9)?,
            })
        })
        .map_err(&map)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(&map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ImportMode;
    use time::macros::datetime;
    use vigie_practice::{
        BackupPoint, Encryption, Organisation, Practice, PracticeExport, Profession,
    };

    fn store(dir: &tempfile::TempDir, name: &str) -> Store {
        let mut s = Store::open(dir.path().join(name)).unwrap();
        s.init_practice(&Practice {
            name: "Cabinet".into(),
            profession: Profession::Infirmier,
            organisation: Organisation::Solo,
            address: None,
            created_at: datetime!(2026-01-01 0:00 UTC),
        })
        .unwrap();
        s
    }

    fn set(id: &str) -> BackupSet {
        BackupSet {
            id: id.into(),
            kind: BackupKind::Restic,
            location: "/media/disque/restic".into(),
            offsite: false,
            removable: true,
            password_source: Some(PasswordSource::File("/root/.restic-pw".into())),
            added_at: datetime!(2026-02-01 9:00 UTC),
            note: Some("disque bleu".into()),
        }
    }

    fn inventory(id: &str, at: time::OffsetDateTime) -> BackupInventory {
        BackupInventory {
            set_id: id.into(),
            checked_at: at,
            source: "restic snapshots --json".into(),
            tool_version: Some("restic 0.14.0".into()),
            encryption: Encryption::Encrypted {
                mode: "AES-256-CTR + Poly1305-AES".into(),
            },
            backups: vec![BackupPoint {
                at: datetime!(2026-11-21 21:00 +01:00),
                id: "9a9dec0d".into(),
                host: Some("poste".into()),
            }],
            notes: Vec::new(),
        }
    }

    fn test(id: &str, ok: bool) -> RestoreTest {
        RestoreTest {
            set_id: id.into(),
            at: datetime!(2026-11-22 10:00 UTC),
            duration_ms: 2345,
            backup: Some("9a9dec0d".into()),
            scope: RestoreScope::Sample,
            files: 5,
            bytes: 12_345,
            ok,
            error: (!ok).then(|| "ciphertext verification failed".into()),
            method: "restic restore --verify".into(),
        }
    }

    #[test]
    fn sets_inventories_and_tests() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(&dir, "p.sqlite3");
        s.add_backup_set(&set("usb")).unwrap();
        let err = s.add_backup_set(&set("usb")).unwrap_err();
        assert!(matches!(err, StoreError::BackupSetExists { .. }), "{err}");
        let mut bad = set("nas");
        bad.location = "rest:https://u:secret@host/".into();
        let err = s.add_backup_set(&bad).unwrap_err();
        assert!(!err.to_string().contains("secret"), "{err}");
        assert_eq!(s.backup_sets().unwrap(), vec![set("usb")]);

        s.record_inventory(&inventory("usb", datetime!(2026-11-20 8:00 UTC)))
            .unwrap();
        s.record_inventory(&inventory("usb", datetime!(2026-11-27 8:00 UTC)))
            .unwrap();
        let inv = s.inventories().unwrap();
        assert_eq!(inv.len(), 1, "the latest replaces the previous");
        assert_eq!(inv[0].checked_at, datetime!(2026-11-27 8:00 UTC));
        let err = s
            .record_inventory(&inventory("nas", datetime!(2026-11-27 8:00 UTC)))
            .unwrap_err();
        assert!(matches!(err, StoreError::NoBackupSet { .. }), "{err}");

        s.record_restore_test(&test("usb", true)).unwrap();
        s.record_restore_test(&test("usb", false)).unwrap();
        let all = s.backups().unwrap();
        assert_eq!(
            all.restore_tests,
            vec![test("usb", true), test("usb", false)]
        );
        assert_eq!(all.inventory("usb").unwrap().backups.len(), 1);

        let mut changed = set("usb");
        changed.offsite = true;
        changed.password_source = Some(PasswordSource::Env("RESTIC_PASSWORD".into()));
        s.update_backup_set(&changed).unwrap();
        assert_eq!(s.backup_set("usb").unwrap(), Some(changed));

        assert!(s.remove_backup_set("usb").unwrap());
        let all = s.backups().unwrap();
        assert!(all.sets.is_empty() && all.inventories.is_empty() && all.restore_tests.is_empty());
        assert!(!s.remove_backup_set("usb").unwrap());
    }

    #[test]
    fn tests_are_never_changed_and_failures_say_why() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(&dir, "p.sqlite3");
        s.add_backup_set(&set("usb")).unwrap();
        let mut t = test("usb", false);
        t.error = None;
        assert!(s.record_restore_test(&t).is_err());
        s.record_restore_test(&test("usb", true)).unwrap();
        let err = s
            .conn
            .execute("UPDATE restore_tests SET ok = 0", [])
            .unwrap_err();
        assert!(err.to_string().contains("never changed"), "{err}");
    }

    #[test]
    fn export_and_import_carry_the_backups() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(&dir, "a.sqlite3");
        s.add_backup_set(&set("usb")).unwrap();
        s.add_backup_set(&set("nas")).unwrap();
        s.record_inventory(&inventory("nas", datetime!(2026-11-27 8:00 UTC)))
            .unwrap();
        s.record_restore_test(&test("nas", true)).unwrap();
        let export = s.export_at(datetime!(2026-11-28 0:00 UTC)).unwrap();
        assert_eq!(export.backup_sets.len(), 2);
        let json = export.to_json_pretty().unwrap();
        assert!(json.contains("/root/.restic-pw") && !json.contains("password\":"));

        let mut copy = Store::open(dir.path().join("b.sqlite3")).unwrap();
        let summary = copy
            .import(
                &PracticeExport::from_json(&json).unwrap(),
                ImportMode::IntoEmpty,
            )
            .unwrap();
        assert_eq!(
            (
                summary.backup_sets,
                summary.backup_inventories,
                summary.restore_tests
            ),
            (2, 1, 1)
        );
        assert_eq!(copy.export_at(export.exported_at).unwrap(), export);
        // Replacing clears the backups too.
        copy.import(&export, ImportMode::Replace).unwrap();
        assert_eq!(copy.backups().unwrap().sets.len(), 2);
    }

    #[test]
    fn a_schema_1_record_gains_the_backup_tables() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(include_str!("../migrations/0001_initial.sql"))
                .unwrap();
            conn.pragma_update(None, "application_id", crate::APPLICATION_ID)
                .unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute(
                "INSERT INTO practice (id, name, profession, organisation, created_at)
                 VALUES (1, 'Cabinet', 'infirmier', 'solo', '2026-01-01T00:00:00Z')",
                [],
            )
            .unwrap();
        }
        let mut s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), 2);
        assert_eq!(s.practice().unwrap().unwrap().name, "Cabinet");
        s.add_backup_set(&set("usb")).unwrap();
        assert_eq!(s.backup_sets().unwrap().len(), 1);
    }
}
