-- Schema 1: the practice record.
-- Dates and timestamps are text: RFC 3339 timestamps (with the offset they
-- were recorded with) and YYYY-MM-DD dates, as in every Vigie file.
-- The CHECK constraints repeat the model's rules so that even a row written
-- by another tool cannot break them.

-- The practice: one row.
CREATE TABLE practice (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    name             TEXT NOT NULL CHECK (length(trim(name)) > 0),
    profession       TEXT NOT NULL,
    -- The profession's name when `profession` is 'other'.
    profession_other TEXT,
    organisation     TEXT NOT NULL CHECK (organisation IN ('solo', 'group')),
    address          TEXT,
    created_at       TEXT NOT NULL,
    CHECK ((profession = 'other') = (profession_other IS NOT NULL))
) STRICT;

-- The context questions' current answers (group practice comes from
-- practice.organisation). value NULL = "ne sait pas".
CREATE TABLE context_answers (
    question    TEXT PRIMARY KEY CHECK (question IN
                    ('wifi_present', 'cpe_issued', 'hosted_software', 'maintenance_contract')),
    value       INTEGER CHECK (value IN (0, 1)),
    author      TEXT NOT NULL CHECK (length(trim(author)) > 0),
    answered_at TEXT NOT NULL
) STRICT;

-- Every declaration ever made, in recording order. Never updated: a new
-- answer is a new row, and the latest row of a requirement counts.
CREATE TABLE declarations (
    id             INTEGER PRIMARY KEY,
    requirement_id TEXT NOT NULL CHECK (length(requirement_id) > 0),
    answer         TEXT NOT NULL CHECK (answer IN
                       ('yes', 'no', 'partial', 'unknown', 'not_applicable')),
    note           TEXT,
    proof          TEXT CHECK (proof IS NULL OR instr(proof, char(10)) = 0),
    author         TEXT NOT NULL CHECK (length(trim(author)) > 0),
    answered_at    TEXT NOT NULL
) STRICT;
CREATE INDEX declarations_by_requirement ON declarations (requirement_id, id);
CREATE TRIGGER declarations_are_never_changed BEFORE UPDATE ON declarations
BEGIN
    SELECT RAISE(ABORT, 'declarations are never changed: record a new one');
END;

-- One provider per role: A maintenance, B hosting (HDS for B only).
CREATE TABLE providers (
    role            TEXT PRIMARY KEY CHECK (role IN ('A', 'B')),
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    contact         TEXT,
    contract_date   TEXT,
    hds_certificate TEXT,
    hds_expiry      TEXT,
    CHECK (role = 'B' OR (hds_certificate IS NULL AND hds_expiry IS NULL))
) STRICT;

-- Requirements handed over to a provider (a requirement whose cartouche is
-- AB may be delegated to both). A provider cannot be removed while it
-- holds delegations.
CREATE TABLE delegations (
    requirement_id TEXT NOT NULL CHECK (length(requirement_id) > 0),
    role           TEXT NOT NULL REFERENCES providers (role) ON DELETE RESTRICT,
    PRIMARY KEY (requirement_id, role)
) STRICT;

-- Every audit run: its JSON report and the counts per status.
CREATE TABLE audits (
    id              INTEGER PRIMARY KEY,
    run_at          TEXT NOT NULL,
    host            TEXT,
    catalog_version TEXT NOT NULL,
    report_json     TEXT NOT NULL CHECK (json_valid(report_json)),
    pass            INTEGER NOT NULL CHECK (pass >= 0),
    fail            INTEGER NOT NULL CHECK (fail >= 0),
    not_applicable  INTEGER NOT NULL CHECK (not_applicable >= 0),
    unknown         INTEGER NOT NULL CHECK (unknown >= 0)
) STRICT;
CREATE INDEX audits_by_date ON audits (run_at, id);

-- One row per requirement per audit, so that a requirement's history is a
-- query.
CREATE TABLE findings (
    audit_id       INTEGER NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
    requirement_id TEXT NOT NULL CHECK (length(requirement_id) > 0),
    status         TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'unknown', 'not_applicable')),
    basis          TEXT NOT NULL CHECK (length(trim(basis)) > 0),
    PRIMARY KEY (audit_id, requirement_id)
) STRICT;
CREATE INDEX findings_by_requirement ON findings (requirement_id, audit_id);
