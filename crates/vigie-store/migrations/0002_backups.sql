-- Schema 2: the practice's backups (rule 6.3.1).
-- A backup set never holds a password: at most the name of the environment
-- variable or the path of the file it comes from.

-- Where backups are kept and how they are made.
CREATE TABLE backup_sets (
    id            TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 32),
    kind          TEXT NOT NULL CHECK (kind IN
                      ('restic', 'borg', 'dated_folder', 'windows_file_history',
                       'wbadmin', 'time_machine')),
    location      TEXT NOT NULL CHECK (length(trim(location)) > 0
                                       AND instr(location, char(10)) = 0),
    offsite       INTEGER NOT NULL CHECK (offsite IN (0, 1)),
    removable     INTEGER NOT NULL CHECK (removable IN (0, 1)),
    password_env  TEXT CHECK (password_env IS NULL OR length(password_env) > 0),
    password_file TEXT CHECK (password_file IS NULL OR length(password_file) > 0),
    note          TEXT,
    added_at      TEXT NOT NULL,
    CHECK (password_env IS NULL OR password_file IS NULL)
) STRICT;

-- The latest inventory of each set (what `vigie backups check` saw), kept
-- as its JSON so that reading a report never runs a backup tool.
CREATE TABLE backup_inventories (
    set_id         TEXT PRIMARY KEY REFERENCES backup_sets (id) ON DELETE CASCADE,
    checked_at     TEXT NOT NULL,
    inventory_json TEXT NOT NULL CHECK (json_valid(inventory_json))
) STRICT;

-- Every restore test, in recording order. Never changed.
CREATE TABLE restore_tests (
    id          INTEGER PRIMARY KEY,
    set_id      TEXT NOT NULL REFERENCES backup_sets (id) ON DELETE CASCADE,
    tested_at   TEXT NOT NULL,
    duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
    backup      TEXT,
    scope       TEXT NOT NULL CHECK (scope IN ('sample', 'whole')),
    files       INTEGER NOT NULL CHECK (files >= 0),
    bytes       INTEGER NOT NULL CHECK (bytes >= 0),
    ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
    error       TEXT,
    method      TEXT NOT NULL CHECK (length(trim(method)) > 0),
    CHECK ((ok = 1) = (error IS NULL))
) STRICT;
CREATE INDEX restore_tests_by_set ON restore_tests (set_id, id);
CREATE TRIGGER restore_tests_are_never_changed BEFORE UPDATE ON restore_tests
BEGIN
    SELECT RAISE(ABORT, 'restore tests are never changed: record a new one');
END;
