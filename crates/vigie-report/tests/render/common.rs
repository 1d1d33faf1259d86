//! A realistic report: the evidence of a default Debian 12 GNOME install
//! (recorded with `vigie collect --root
//! crates/vigie-audit/tests/fixtures/roots/debian-12-gnome`) audited on
//! 2026-11-28, with a practice record: a group practice, a few answers (one
//! stale, one with a note trying to inject a script), a maintenance provider
//! (A) and a host (B) whose HDS certificate has expired, delegations to both,
//! two earlier audits, and two backup sets (see [`backups`]).

use std::path::Path;
use std::sync::OnceLock;
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};
use vigie_audit::{Context, Counts, HistoryPoint, PracticeRecord, Profile, Report};
use vigie_catalog::Catalog;
use vigie_practice::{
    Answer, BackupInventory, BackupKind, BackupPoint, BackupSet, Backups, ContextAnswer,
    Declaration, Delegation, Encryption, Organisation, PasswordSource, Practice, Profession,
    Provider, RestoreScope, RestoreTest, Role,
};

pub const AS_OF: Date = date!(2026 - 11 - 28);

/// The note that must never become markup.
pub const HOSTILE_NOTE: &str =
    "Disques dans le carton « à détruire » <script>alert('vigie')</script> & [lien](http://x)";

pub fn catalog() -> &'static Catalog {
    vigie_catalog::embedded()
}

fn declaration(id: &str, answer: Answer, author: &str, at: OffsetDateTime) -> Declaration {
    Declaration {
        requirement_id: id.into(),
        answer,
        note: None,
        proof: None,
        author: author.into(),
        answered_at: at,
    }
}

fn context_answer(value: bool) -> Option<ContextAnswer> {
    Some(ContextAnswer {
        value: Some(value),
        author: "Dr Claire Martin".into(),
        answered_at: datetime!(2026-10-02 09:00 +02:00),
    })
}

pub fn record() -> PracticeRecord {
    let dr = "Dr Claire Martin";
    let mut disks = declaration(
        "3.1.2.b",
        Answer::No,
        dr,
        datetime!(2026-10-02 09:20 +02:00),
    );
    disks.note = Some(HOSTILE_NOTE.into());
    disks.proof = Some("classeur rouge, onglet « matériel », p. 4".into());
    let mut practice = PracticeRecord {
        practice: Some(Practice {
            name: "Cabinet médical Martin & Associés".into(),
            profession: Profession::MedecinGeneraliste,
            organisation: Organisation::Group,
            address: Some("12 rue des Lilas, 69003 Lyon".into()),
            created_at: datetime!(2026-03-01 10:00 +01:00),
        }),
        declarations: vec![
            declaration(
                "3.1.1.a",
                Answer::Yes,
                dr,
                datetime!(2026-10-02 09:10 +02:00),
            ),
            // Answered two years ago: a yearly review period makes it stale.
            declaration(
                "3.1.1.b",
                Answer::Yes,
                dr,
                datetime!(2024-10-01 18:00 +02:00),
            ),
            disks,
            declaration(
                "4.3.2.b",
                Answer::Partial,
                "Julie Petit (secrétariat)",
                datetime!(2026-10-03 11:00 +02:00),
            ),
            declaration(
                "5.3.1.a",
                Answer::Unknown,
                dr,
                datetime!(2026-10-02 09:30 +02:00),
            ),
            declaration(
                "6.1.1.a",
                Answer::Yes,
                dr,
                datetime!(2026-10-02 09:40 +02:00),
            ),
            declaration(
                "1.3.1.a",
                Answer::No,
                dr,
                datetime!(2026-10-02 09:45 +02:00),
            ),
            declaration(
                "2.2.1.a",
                Answer::Yes,
                dr,
                datetime!(2026-10-02 09:50 +02:00),
            ),
            declaration(
                "4.3.3.c",
                Answer::Yes,
                dr,
                datetime!(2026-10-02 09:55 +02:00),
            ),
        ],
        providers: vec![
            Provider {
                role: Role::A,
                name: "InfoSanté Maintenance SARL".into(),
                contact: Some("04 72 00 00 00, support@infosante.invalid".into()),
                contract_date: Some(date!(2025 - 01 - 15)),
                hds_certificate: None,
                hds_expiry: None,
            },
            Provider {
                role: Role::B,
                name: "Hébergeur Santé SAS".into(),
                contact: None,
                contract_date: Some(date!(2024 - 03 - 01)),
                hds_certificate: Some("HDS-2024-0042".into()),
                hds_expiry: Some(date!(2026 - 06 - 30)),
            },
        ],
        delegations: [
            ("3.1.1.a", Role::A),
            ("3.1.2.b", Role::A),
            ("4.3.2.a", Role::A),
            ("4.3.2.b", Role::A),
            ("5.3.1.a", Role::A),
            ("4.3.1.a", Role::B),
            ("4.3.3.c", Role::B),
            ("6.1.1.a", Role::B),
        ]
        .into_iter()
        .map(|(id, role)| Delegation {
            requirement_id: id.into(),
            role,
        })
        .collect(),
        history: vec![
            HistoryPoint {
                run_at: "2026-03-02T10:15:00+01:00".into(),
                host: Some("debian".into()),
                counts: Counts {
                    pass: 3,
                    fail: 26,
                    not_applicable: 3,
                    unknown: 55,
                },
            },
            HistoryPoint {
                run_at: "2026-06-15T17:40:00+02:00".into(),
                host: Some("debian".into()),
                counts: Counts {
                    pass: 5,
                    fail: 21,
                    not_applicable: 3,
                    unknown: 58,
                },
            },
        ],
        backups: backups(),
        ..PracticeRecord::default()
    };
    practice.context.wifi_present = context_answer(true);
    practice.context.cpe_issued = context_answer(false);
    practice.context.hosted_software = context_answer(true);
    practice.context.maintenance_contract = context_answer(true);
    practice
}

/// The note a backup inventory carries, that must never become markup.
pub const HOSTILE_BACKUP_NOTE: &str = "repository note: <em>urgent</em> & [x](http://x)";

fn point(at: OffsetDateTime, id: &str) -> BackupPoint {
    BackupPoint {
        at,
        id: id.into(),
        host: Some("poste-accueil".into()),
    }
}

/// Two sets read on 27 and 26 November 2026: a restic repository on a
/// removable disk (weekly and monthly backups since 2024, March 2026
/// missing) and an unencrypted borg repository at a provider's (weekly).
/// Week 46 (9–15 November) has no backup in either: missing. The restic
/// set's restore test passed on 21 November; the borg set's failed in
/// August (more than three months ago).
pub fn backups() -> Backups {
    let nas_points: Vec<BackupPoint> = [
        datetime!(2024-12-31 21:00 +01:00),
        datetime!(2025-06-01 21:00 +02:00),
        datetime!(2025-12-01 21:00 +01:00),
        datetime!(2026-01-01 21:00 +01:00),
        datetime!(2026-02-01 21:00 +01:00),
        datetime!(2026-04-01 21:00 +02:00),
        datetime!(2026-05-01 21:00 +02:00),
        datetime!(2026-06-01 21:00 +02:00),
        datetime!(2026-07-01 21:00 +02:00),
        datetime!(2026-08-01 21:00 +02:00),
        datetime!(2026-09-01 21:00 +02:00),
        datetime!(2026-10-01 21:00 +02:00),
        datetime!(2026-10-30 21:00 +01:00),
        datetime!(2026-11-06 21:00 +01:00),
        datetime!(2026-11-20 21:00 +01:00),
        datetime!(2026-11-27 21:00 +01:00),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, at)| point(at, &format!("{:08x}", 0x9a9d_ec00_u32 + i as u32)))
    .collect();
    let cloud_points: Vec<BackupPoint> = [
        datetime!(2026-10-28 22:00 +01:00),
        datetime!(2026-11-04 22:00 +01:00),
        datetime!(2026-11-18 22:00 +01:00),
        datetime!(2026-11-25 22:00 +01:00),
    ]
    .into_iter()
    .map(|at| point(at, &format!("cabinet-{}", at.date())))
    .collect();
    Backups {
        sets: vec![
            BackupSet {
                id: "nas".into(),
                kind: BackupKind::Restic,
                location: "/media/cabinet/DISQUE-1/restic".into(),
                offsite: false,
                removable: true,
                password_source: Some(PasswordSource::Env("RESTIC_PASSWORD".into())),
                added_at: datetime!(2026-03-01 10:00 +01:00),
                note: None,
            },
            BackupSet {
                id: "nuage".into(),
                kind: BackupKind::Borg,
                location: "ssh://cabinet@sauvegarde.example.net/./borg".into(),
                offsite: true,
                removable: false,
                password_source: Some(PasswordSource::File("/root/.config/borg-pass".into())),
                added_at: datetime!(2026-03-01 10:00 +01:00),
                note: None,
            },
        ],
        inventories: vec![
            BackupInventory {
                set_id: "nas".into(),
                checked_at: datetime!(2026-11-27 22:30 +01:00),
                source: "restic snapshots --json".into(),
                tool_version: Some("restic 0.14.0".into()),
                encryption: Encryption::Encrypted {
                    mode: "AES-256-CTR + Poly1305-AES (restic always encrypts)".into(),
                },
                backups: nas_points,
                notes: Vec::new(),
            },
            BackupInventory {
                set_id: "nuage".into(),
                checked_at: datetime!(2026-11-26 08:00 +01:00),
                source: "borg list --json".into(),
                tool_version: Some("borg 1.2.4".into()),
                encryption: Encryption::NotEncrypted {
                    mode: "none".into(),
                },
                backups: cloud_points,
                notes: vec![HOSTILE_BACKUP_NOTE.into()],
            },
        ],
        restore_tests: vec![
            RestoreTest {
                set_id: "nuage".into(),
                at: datetime!(2026-08-01 10:00 +02:00),
                duration_ms: 65_400,
                backup: Some("cabinet-2026-07-29 (2026-07-29)".into()),
                scope: RestoreScope::Sample,
                files: 0,
                bytes: 0,
                ok: false,
                error: Some("`borg extract` failed (exit code 2): Data integrity error: Segment entry checksum mismatch [segment 12, offset 3456]".into()),
                method: "borg extract (content checked by borg against the archive's chunk ids)".into(),
            },
            RestoreTest {
                set_id: "nas".into(),
                at: datetime!(2026-11-21 10:00 +01:00),
                duration_ms: 2_345,
                backup: Some("9a9dec0e (2026-11-20)".into()),
                scope: RestoreScope::Sample,
                files: 5,
                bytes: 12_345,
                ok: true,
                error: None,
                method: "restic restore --verify (content checked against the repository's SHA-256 blob ids), sizes compared with restic ls".into(),
            },
        ],
    }
}

fn generate(record: &PracticeRecord) -> Report {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/debian-12-gnome.evidence.json");
    let text = std::fs::read_to_string(&path).expect("fixture evidence file");
    let evidence = vigie_evidence::parse_evidence(&path, &text).expect("valid evidence");
    let profile = Profile::memento_2013();
    let ctx = Context::new(&evidence, &profile, AS_OF);
    let mut report = Report::generate(catalog(), &ctx, true, 42.0);
    report.apply_record(catalog(), record, AS_OF);
    report
}

/// The report with the practice record, computed once per test binary.
pub fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| generate(&record()))
}

/// The same machine without any practice record (a bare machine audit):
/// no practice, no provider, no delegation, no history.
pub fn bare_report() -> Report {
    generate(&PracticeRecord::default())
}
