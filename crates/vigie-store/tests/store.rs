//! The practice record on disk: opening and refusing files, transactions
//! that roll back whole, history and trends, export and import.

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use time::macros::{date, datetime};
use time::OffsetDateTime;
use vigie_catalog::Delegation as Cartouche;
use vigie_practice::*;
use vigie_store::*;

fn temp() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.sqlite3");
    (dir, path)
}

fn practice() -> Practice {
    Practice {
        name: "Cabinet des Tilleuls".into(),
        profession: Profession::MedecinGeneraliste,
        organisation: Organisation::Group,
        address: Some("1 rue des Tilleuls, 33000 Bordeaux".into()),
        created_at: datetime!(2026-01-05 08:30:00 +01:00),
    }
}

fn decl(id: &str, answer: Answer, at: OffsetDateTime) -> Declaration {
    Declaration {
        requirement_id: id.into(),
        answer,
        note: None,
        proof: None,
        author: "Dr Martin".into(),
        answered_at: at,
    }
}

fn hosting() -> Provider {
    Provider {
        role: Role::B,
        name: "Hébergeur Santé SAS".into(),
        contact: Some("01 23 45 67 89".into()),
        contract_date: Some(date!(2025 - 09 - 01)),
        hds_certificate: Some("HDS-2024-0042".into()),
        hds_expiry: Some(date!(2027 - 09 - 01)),
    }
}

fn maintenance() -> Provider {
    Provider {
        role: Role::A,
        name: "Info Services".into(),
        contact: None,
        contract_date: Some(date!(2024 - 02 - 15)),
        hds_certificate: None,
        hds_expiry: None,
    }
}

fn finding(id: &str, status: FindingStatus, basis: &str) -> FindingRecord {
    FindingRecord {
        requirement_id: id.into(),
        status,
        basis: basis.into(),
    }
}

fn audit(run_at: OffsetDateTime, statuses: &[(&str, FindingStatus)]) -> NewAudit {
    NewAudit {
        run_at,
        host: Some("accueil".into()),
        catalog_version: "2026.11.1".into(),
        report_json: serde_json::json!({
            "schema_version": "1.1.0",
            "audit": {"duration_ms": 0.1 + 0.2, "as_of": "2026-11-28"},
            "ratio": 1.0e-7,
            "big": 12345678901234567u64,
            "text": "Mot de passe trop court : 8 caractères « minimum »",
            "requirements": statuses.iter().map(|(id, s)| serde_json::json!({"id": id, "status": s})).collect::<Vec<_>>(),
        }),
        findings: statuses
            .iter()
            .map(|(id, s)| finding(id, *s, "machine"))
            .collect(),
    }
}

/// A store with some of everything.
fn filled(path: &Path) -> Store {
    let mut s = Store::open(path).unwrap();
    s.init_practice(&practice()).unwrap();
    s.set_context(
        ContextQuestion::WifiPresent,
        &ContextAnswer {
            value: Some(true),
            author: "Dr Martin".into(),
            answered_at: datetime!(2026-01-05 08:35:00 +01:00),
        },
    )
    .unwrap();
    s.set_context(
        ContextQuestion::CpeIssued,
        &ContextAnswer {
            value: None,
            author: "Mme Durand".into(),
            answered_at: datetime!(2026-01-05 08:36:12.5 +01:00),
        },
    )
    .unwrap();
    let mut first = decl("2.1.1.a", Answer::No, datetime!(2026-01-05 08:40:00 +01:00));
    first.note = Some("Pas encore de charte.\nÀ rédiger.".into());
    s.record_declarations(&[
        first,
        decl(
            "1.1.1.a",
            Answer::Unknown,
            datetime!(2026-01-05 08:41:00 +01:00),
        ),
    ])
    .unwrap();
    let mut second = decl(
        "2.1.1.a",
        Answer::Yes,
        datetime!(2026-06-10 17:02:03.123456789 +02:00),
    );
    second.proof = Some("classeur rouge, onglet charte".into());
    second.author = "Mme Durand".into();
    s.record_declaration(&second).unwrap();
    s.set_provider(&maintenance()).unwrap();
    s.set_provider(&hosting()).unwrap();
    s.delegate("3.1.1.a", Role::A, Cartouche::A).unwrap();
    s.delegate("6.2.2.a", Role::A, Cartouche::AB).unwrap();
    s.delegate("6.2.2.a", Role::B, Cartouche::AB).unwrap();
    s.record_audit(&audit(
        datetime!(2026-03-01 10:00:00 UTC),
        &[
            ("4.3.1.a", FindingStatus::Fail),
            ("4.3.2.a", FindingStatus::Unknown),
        ],
    ))
    .unwrap();
    s.record_audit(&audit(
        datetime!(2026-11-28 10:00:00 UTC),
        &[
            ("4.3.1.a", FindingStatus::Pass),
            ("4.3.2.a", FindingStatus::Pass),
        ],
    ))
    .unwrap();
    s
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn wal(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push("-wal");
    PathBuf::from(p)
}

#[test]
fn open_creates_a_versioned_wal_database() {
    let (dir, _) = temp();
    let path = dir.path().join("new folder/sub/practice.sqlite3");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.path(), path);
    assert!(store.is_empty().unwrap());
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let app: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app, APPLICATION_ID);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "owner only");
    }
    // Reopening migrates nothing and keeps the data.
    let mut store = Store::open(&path).unwrap();
    store.init_practice(&practice()).unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.practice().unwrap(), Some(practice()));
}

#[test]
fn foreign_keys_are_on() {
    let (_dir, path) = temp();
    let mut store = filled(&path);
    // The store refuses before SQLite does; SQLite would too.
    let err = store.remove_provider(Role::B).unwrap_err();
    assert!(matches!(err, StoreError::ProviderHasDelegations { .. }));
    drop(store);
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    assert!(conn
        .execute("DELETE FROM providers WHERE role = 'B'", [])
        .is_err());
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let (_dir, path) = temp();
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE practice (id INTEGER PRIMARY KEY); PRAGMA user_version = 7;",
        )
        .unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
    }
    let before = bytes(&path);
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 7, known, .. } if known == SCHEMA_VERSION),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(msg.starts_with(&path.display().to_string()), "{msg}");
    assert!(
        msg.contains(&format!(
            "created by a newer Vigie (schema 7), this one knows up to {SCHEMA_VERSION}"
        )),
        "{msg}"
    );
    assert_eq!(bytes(&path), before, "nothing touched");
    assert!(!wal(&path).exists(), "not even switched to WAL");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let (dir, _) = temp();
    let cases: [(&str, Vec<u8>); 3] = [
        (
            "notes.txt",
            b"Liste des mots de passe ? Non : notes du cabinet.\n".to_vec(),
        ),
        ("big.txt", "ligne de texte\n".repeat(1000).into_bytes()),
        ("image.png", {
            let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
            b.extend(std::iter::repeat_n(0u8, 4096));
            b
        }),
    ];
    for (name, content) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &content).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(
            matches!(err, StoreError::NotADatabase { .. }),
            "{name}: {err:?}"
        );
        assert!(err.to_string().contains("not a SQLite database"), "{err}");
        assert_eq!(bytes(&path), content, "{name} untouched");
    }
}

#[test]
fn another_programs_database_is_refused() {
    let (_dir, path) = temp();
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE agenda (day TEXT); INSERT INTO agenda VALUES ('lundi');")
            .unwrap();
    }
    let before = bytes(&path);
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotVigie { .. }), "{err:?}");
    assert_eq!(bytes(&path), before);

    // Or one marked with another application id.
    let (_dir2, path2) = temp();
    {
        let conn = Connection::open(&path2).unwrap();
        conn.pragma_update(None, "application_id", 1234).unwrap();
    }
    assert!(matches!(
        Store::open(&path2).unwrap_err(),
        StoreError::NotVigie { .. }
    ));
}

#[test]
fn a_folder_is_not_a_database() {
    let (dir, _) = temp();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&dir.path().display().to_string()),
        "{err}"
    );
}

#[test]
fn the_default_path_is_in_the_data_folder() {
    let path = Store::default_path().unwrap();
    assert!(path.ends_with(DEFAULT_FILE_NAME), "{}", path.display());
    #[cfg(target_os = "linux")]
    assert!(
        path.ends_with("vigie/practice.sqlite3"),
        "{}",
        path.display()
    );
}

#[test]
fn the_practice_is_recorded_once() {
    let (_dir, path) = temp();
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.practice().unwrap(), None);
    let err = s
        .record_declaration(&decl(
            "2.1.1.a",
            Answer::Yes,
            datetime!(2026-01-01 0:00 UTC),
        ))
        .unwrap_err();
    assert!(matches!(err, StoreError::NoPractice { .. }), "{err:?}");
    assert!(matches!(
        s.set_provider(&hosting()).unwrap_err(),
        StoreError::NoPractice { .. }
    ));
    assert!(s.export().is_err());
    let mut bad = practice();
    bad.name = " ".into();
    assert!(matches!(
        s.init_practice(&bad).unwrap_err(),
        StoreError::Invalid {
            source: ValidationError::EmptyPracticeName,
            ..
        }
    ));
    s.init_practice(&practice()).unwrap();
    let err = s.init_practice(&practice()).unwrap_err();
    assert!(
        err.to_string()
            .contains("already recorded (\"Cabinet des Tilleuls\")"),
        "{err}"
    );

    let mut changed = practice();
    changed.organisation = Organisation::Solo;
    changed.profession = Profession::Other("podologue".into());
    changed.address = None;
    changed.created_at = datetime!(2030-01-01 0:00 UTC);
    s.update_practice(&changed).unwrap();
    let stored = s.practice().unwrap().unwrap();
    assert_eq!(stored.profession, Profession::Other("podologue".into()));
    assert_eq!(stored.organisation, Organisation::Solo);
    assert_eq!(stored.address, None);
    assert_eq!(
        stored.created_at,
        practice().created_at,
        "creation date kept"
    );
}

#[test]
fn context_answers_are_kept_and_replaced() {
    let (_dir, path) = temp();
    let mut s = filled(&path);
    let c = s.context().unwrap();
    assert_eq!(c.value(ContextQuestion::WifiPresent, None), Some(true));
    assert_eq!(c.cpe_issued.as_ref().unwrap().value, None);
    assert_eq!(
        c.unanswered(),
        vec![
            ContextQuestion::HostedSoftware,
            ContextQuestion::MaintenanceContract
        ]
    );
    let no_wifi = ContextAnswer {
        value: Some(false),
        author: "Dr Martin".into(),
        answered_at: datetime!(2026-02-01 9:00 UTC),
    };
    s.set_context(ContextQuestion::WifiPresent, &no_wifi)
        .unwrap();
    assert_eq!(s.context().unwrap().wifi_present, Some(no_wifi.clone()));
    let err = s
        .set_context(ContextQuestion::GroupPractice, &no_wifi)
        .unwrap_err();
    assert!(err.to_string().contains("organisation"), "{err}");
}

#[test]
fn declarations_are_a_history() {
    let (_dir, path) = temp();
    let s = filled(&path);
    let history = s.history("2.1.1.a").unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].answer, Answer::No);
    assert_eq!(
        history[0].note.as_deref(),
        Some("Pas encore de charte.\nÀ rédiger.")
    );
    assert_eq!(history[1].answer, Answer::Yes);
    assert_eq!(
        history[1].answered_at,
        datetime!(2026-06-10 17:02:03.123456789 +02:00)
    );
    let latest = s.latest_declarations().unwrap();
    assert_eq!(latest.keys().collect::<Vec<_>>(), ["1.1.1.a", "2.1.1.a"]);
    assert_eq!(latest["2.1.1.a"], history[1]);
    assert_eq!(
        s.latest_declaration("2.1.1.a").unwrap(),
        Some(history[1].clone())
    );
    assert_eq!(s.latest_declaration("5.1.1.a").unwrap(), None);
    assert_eq!(s.declarations().unwrap().len(), 3);

    // Stale a year later, current before.
    let d = &latest["2.1.1.a"];
    assert!(!is_stale(d, REVIEW_DAYS_DEFAULT, date!(2027 - 06 - 10)));
    assert!(is_stale(d, REVIEW_DAYS_DEFAULT, date!(2027 - 06 - 11)));

    // Declarations are never changed, even by hand.
    drop(s);
    let conn = Connection::open(&path).unwrap();
    let err = conn
        .execute("UPDATE declarations SET answer = 'yes'", [])
        .unwrap_err();
    assert!(err.to_string().contains("never changed"), "{err}");
}

#[test]
fn a_batch_with_an_invalid_row_writes_nothing() {
    let (_dir, path) = temp();
    let mut s = Store::open(&path).unwrap();
    s.init_practice(&practice()).unwrap();
    let at = datetime!(2026-11-28 10:00 +01:00);
    let mut bad = decl("1.3.1.a", Answer::Yes, at);
    bad.author = String::new();
    let batch = [
        decl("1.1.1.a", Answer::Yes, at),
        decl("1.1.1.b", Answer::No, at),
        bad,
        decl("1.1.2.a", Answer::Yes, at),
    ];
    let err = s.record_declarations(&batch).unwrap_err();
    assert!(
        err.to_string()
            .contains("declaration 3 (1.3.1.a): the author is empty"),
        "{err}"
    );
    assert!(
        s.declarations().unwrap().is_empty(),
        "the first two rolled back"
    );

    // An answers batch: its context answer and first declaration are
    // written, then its second declaration is refused: none of it stays.
    let bad_batch = AnswersBatch {
        context: vec![(
            ContextQuestion::WifiPresent,
            ContextAnswer {
                value: Some(true),
                author: "Dr Martin".into(),
                answered_at: at,
            },
        )],
        declarations: vec![
            decl("1.1.1.a", Answer::Yes, at),
            decl("1.1.1", Answer::No, at),
        ],
    };
    let err = s.record_answers(&bad_batch).unwrap_err();
    assert!(err.to_string().contains("not a requirement id"), "{err}");
    assert!(s.declarations().unwrap().is_empty());
    assert_eq!(s.context().unwrap(), Context::default());
}

#[test]
fn an_answers_file_is_recorded_in_one_go() {
    let (_dir, path) = temp();
    let mut s = Store::open(&path).unwrap();
    s.init_practice(&practice()).unwrap();
    let text = r#"
author = "Dr Martin"
[context]
hosted_software = "oui"
maintenance_contract = false
[[answer]]
id = "2.1.1.a"
answer = "en partie"
note = "Une secrétaire n'a pas signé"
[[answer]]
id = "1.1.1.a"
answer = "non concerné"
"#;
    let known = ["1.1.1.a", "2.1.1.a"];
    let batch = parse_answers(text, &known)
        .unwrap()
        .into_batch(None, datetime!(2026-11-28 11:00 +01:00))
        .unwrap();
    s.record_answers(&batch).unwrap();
    let c = s.context().unwrap();
    assert_eq!(c.value(ContextQuestion::HostedSoftware, None), Some(true));
    assert_eq!(
        c.value(ContextQuestion::MaintenanceContract, None),
        Some(false)
    );
    let latest = s.latest_declarations().unwrap();
    assert_eq!(latest["2.1.1.a"].answer, Answer::Partial);
    assert_eq!(latest["1.1.1.a"].answer, Answer::NotApplicable);
    assert_eq!(latest["1.1.1.a"].author, "Dr Martin");
}

#[test]
fn providers_one_per_role() {
    let (_dir, path) = temp();
    let mut s = Store::open(&path).unwrap();
    s.init_practice(&practice()).unwrap();
    s.set_provider(&hosting()).unwrap();
    let mut renewed = hosting();
    renewed.name = "Hébergeur Santé".into();
    renewed.hds_expiry = Some(date!(2026 - 06 - 30));
    s.set_provider(&renewed).unwrap();
    assert_eq!(s.providers().unwrap(), vec![renewed.clone()]);
    // An expired certificate is recorded, and flagged.
    let stored = s.provider(Role::B).unwrap().unwrap();
    assert_eq!(
        stored.warnings(date!(2026 - 11 - 28)),
        vec![ProviderWarning::HdsExpired {
            expiry: date!(2026 - 06 - 30)
        }]
    );
    let mut wrong = maintenance();
    wrong.hds_certificate = Some("HDS-1".into());
    let err = s.set_provider(&wrong).unwrap_err();
    assert!(matches!(
        err,
        StoreError::Invalid {
            source: ValidationError::HdsOnMaintenanceProvider,
            ..
        }
    ));
    s.set_provider(&maintenance()).unwrap();
    let roles: Vec<Role> = s.providers().unwrap().iter().map(|p| p.role).collect();
    assert_eq!(roles, [Role::A, Role::B]);
    assert!(s.remove_provider(Role::A).unwrap());
    assert!(!s.remove_provider(Role::A).unwrap());
    assert_eq!(s.provider(Role::A).unwrap(), None);
}

#[test]
fn delegations_follow_the_cartouche_and_the_providers() {
    let (_dir, path) = temp();
    let mut s = Store::open(&path).unwrap();
    s.init_practice(&practice()).unwrap();
    let catalog = vigie_catalog::embedded();
    let cartouche = |id: &str| catalog.requirement(id).unwrap().delegation;

    let err = s
        .delegate("3.1.1.a", Role::A, cartouche("3.1.1.a"))
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NoProvider { role: Role::A, .. }),
        "{err:?}"
    );
    s.set_provider(&maintenance()).unwrap();
    s.set_provider(&hosting()).unwrap();
    assert!(s
        .delegate("3.1.1.a", Role::A, cartouche("3.1.1.a"))
        .unwrap());
    assert!(
        !s.delegate("3.1.1.a", Role::A, cartouche("3.1.1.a"))
            .unwrap(),
        "already"
    );
    let err = s
        .delegate("3.1.1.a", Role::B, cartouche("3.1.1.a"))
        .unwrap_err();
    assert!(
        err.to_string().contains("maintenance provider (A) only"),
        "{err}"
    );
    let err = s
        .delegate("1.1.1.a", Role::A, cartouche("1.1.1.a"))
        .unwrap_err();
    assert!(err.to_string().contains("does not allow"), "{err}");
    assert!(s
        .delegate("6.3.1.b", Role::B, cartouche("6.3.1.b"))
        .unwrap());
    assert_eq!(
        s.delegations().unwrap(),
        vec![
            Delegation {
                requirement_id: "3.1.1.a".into(),
                role: Role::A
            },
            Delegation {
                requirement_id: "6.3.1.b".into(),
                role: Role::B
            },
        ]
    );
    // Replacing a provider keeps its delegations; removing it is refused
    // while it holds some.
    let mut other = maintenance();
    other.name = "Autre prestataire".into();
    s.set_provider(&other).unwrap();
    assert_eq!(s.delegations().unwrap().len(), 2);
    let err = s.remove_provider(Role::A).unwrap_err();
    assert!(err.to_string().contains("(3.1.1.a)"), "{err}");
    assert!(s.undelegate("3.1.1.a", Role::A).unwrap());
    assert!(!s.undelegate("3.1.1.a", Role::A).unwrap());
    assert!(s.remove_provider(Role::A).unwrap());
}

#[test]
fn audits_history_and_trend() {
    let (_dir, path) = temp();
    let mut s = filled(&path);
    // Recorded out of date order: the trend follows dates, the list ids.
    let id = s
        .record_audit(&audit(
            datetime!(2026-06-01 10:00:00 UTC),
            &[
                ("4.3.1.a", FindingStatus::Fail),
                ("4.3.2.a", FindingStatus::Pass),
            ],
        ))
        .unwrap();
    assert_eq!(id, 3);
    let list = s.audits().unwrap();
    assert_eq!(list.iter().map(|a| a.id).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(
        list[0].summary,
        StatusCounts {
            pass: 0,
            fail: 1,
            not_applicable: 0,
            unknown: 1
        }
    );
    assert_eq!(list[0].host.as_deref(), Some("accueil"));
    let trend = s.trend().unwrap();
    assert_eq!(
        trend.iter().map(|t| t.audit_id).collect::<Vec<_>>(),
        [1, 3, 2]
    );
    assert_eq!(
        trend.iter().map(|t| t.summary.pass).collect::<Vec<_>>(),
        [0, 1, 2]
    );
    let history = s.finding_history("4.3.1.a").unwrap();
    assert_eq!(
        history.iter().map(|h| h.status).collect::<Vec<_>>(),
        [
            FindingStatus::Fail,
            FindingStatus::Fail,
            FindingStatus::Pass
        ]
    );
    assert_eq!(history[0].basis, "machine");
    let full = s.audit(2).unwrap().unwrap();
    assert_eq!(
        full.report_json,
        audit(
            datetime!(2026-11-28 10:00:00 UTC),
            &[
                ("4.3.1.a", FindingStatus::Pass),
                ("4.3.2.a", FindingStatus::Pass)
            ]
        )
        .report_json
    );
    assert_eq!(full.findings.len(), 2);
    assert_eq!(s.latest_audit().unwrap().unwrap().id, 2);
    assert_eq!(s.audit(99).unwrap(), None);
    assert_eq!(
        s.findings(3).unwrap()[1],
        finding("4.3.2.a", FindingStatus::Pass, "machine")
    );

    // An audit with an invalid finding writes nothing at all.
    let mut bad = audit(
        datetime!(2026-12-01 10:00:00 UTC),
        &[("4.3.1.a", FindingStatus::Pass)],
    );
    bad.findings
        .push(finding("4.3.2.a", FindingStatus::Pass, " "));
    assert!(s.record_audit(&bad).is_err());
    assert_eq!(s.audits().unwrap().len(), 3);
}

#[test]
fn export_import_export_is_the_same_record() {
    let (_dir, path) = temp();
    let s = filled(&path);
    let first = s.export().unwrap();
    assert_eq!(first.declarations.len(), 3, "the full history");
    assert_eq!(first.providers.len(), 2);
    assert_eq!(first.delegations.len(), 3);
    assert_eq!(first.audits.len(), 2);
    let json = first.to_json_pretty().unwrap();

    // Through the file format, into a fresh store.
    let (_dir2, path2) = temp();
    let mut fresh = Store::open(&path2).unwrap();
    let summary = fresh
        .import(
            &PracticeExport::from_json(&json).unwrap(),
            ImportMode::IntoEmpty,
        )
        .unwrap();
    assert_eq!(
        summary,
        ImportSummary {
            context_answers: 2,
            declarations: 3,
            providers: 2,
            delegations: 3,
            audits: 2,
            findings: 4,
            backup_sets: 0,
            backup_inventories: 0,
            restore_tests: 0
        }
    );
    let mut second = fresh.export().unwrap();
    second.exported_at = first.exported_at;
    assert_eq!(second, first);
    assert_eq!(second.to_json_pretty().unwrap(), json, "byte for byte");

    // Audit numbers are kept, and new ones follow them.
    let id = fresh
        .record_audit(&audit(datetime!(2026-12-01 10:00 UTC), &[]))
        .unwrap();
    assert_eq!(id, 3);
}

#[test]
fn import_refuses_a_non_empty_store_unless_replacing() {
    let (_dir, path) = temp();
    let export = filled(&path).export().unwrap();

    let (_dir2, path2) = temp();
    let mut other = Store::open(&path2).unwrap();
    let mut p = practice();
    p.name = "Autre cabinet".into();
    other.init_practice(&p).unwrap();
    let err = other.import(&export, ImportMode::IntoEmpty).unwrap_err();
    assert!(matches!(err, StoreError::NotEmpty { .. }), "{err:?}");
    assert_eq!(other.practice().unwrap().unwrap().name, "Autre cabinet");

    other.import(&export, ImportMode::Replace).unwrap();
    let mut again = other.export().unwrap();
    again.exported_at = export.exported_at;
    assert_eq!(again, export);
}

#[test]
fn a_failing_import_rolls_back_entirely() {
    let (_dir, path) = temp();
    let good = filled(&path).export().unwrap();

    // The last audit's last finding has no basis: only the database's
    // CHECK refuses it, after every other row has been written.
    let mut bad = good.clone();
    let last = bad.audits.last_mut().unwrap();
    last.findings.last_mut().unwrap().basis = String::new();

    let (_dir2, path2) = temp();
    let mut fresh = Store::open(&path2).unwrap();
    let err = fresh.import(&bad, ImportMode::IntoEmpty).unwrap_err();
    assert!(err.to_string().contains("CHECK constraint failed"), "{err}");
    assert!(fresh.is_empty().unwrap(), "nothing of the import remains");

    // Replacing: the previous record stays whole.
    let mut existing = filled(&path2.with_file_name("existing.sqlite3"));
    let before = existing.export_at(good.exported_at).unwrap();
    assert!(existing.import(&bad, ImportMode::Replace).is_err());
    assert_eq!(existing.export_at(good.exported_at).unwrap(), before);

    // A delegation to a provider the export does not hold.
    let mut orphan = good.clone();
    orphan.providers.retain(|p| p.role == Role::A);
    orphan.delegations.retain(|d| d.role == Role::B);
    let err = fresh.import(&orphan, ImportMode::IntoEmpty).unwrap_err();
    assert!(
        matches!(err, StoreError::NoProvider { role: Role::B, .. }),
        "{err:?}"
    );
    assert!(fresh.is_empty().unwrap());

    // A declaration in the middle of the history breaks a model rule.
    let mut broken = good.clone();
    broken.declarations[1].proof = Some("page 1\npage 2".into());
    let err = fresh.import(&broken, ImportMode::IntoEmpty).unwrap_err();
    assert!(err.to_string().contains("declaration 2 (1.1.1.a)"), "{err}");
    assert!(fresh.is_empty().unwrap());

    // Two audits with one number.
    let mut twins = good.clone();
    twins.audits[1].id = twins.audits[0].id;
    assert!(fresh.import(&twins, ImportMode::IntoEmpty).is_err());
    assert!(fresh.is_empty().unwrap());

    // An export from a newer Vigie is refused before anything.
    let mut newer = good;
    newer.format_version = EXPORT_FORMAT_VERSION + 1;
    let err = fresh.import(&newer, ImportMode::IntoEmpty).unwrap_err();
    assert!(err.to_string().contains("newer Vigie"), "{err}");
}

#[test]
fn two_connections_see_each_others_writes() {
    let (_dir, path) = temp();
    let mut writer = filled(&path);
    let reader = Store::open(&path).unwrap();
    assert_eq!(reader.audits().unwrap().len(), 2);
    writer
        .record_audit(&audit(
            datetime!(2026-12-01 10:00 UTC),
            &[("4.3.1.a", FindingStatus::Pass)],
        ))
        .unwrap();
    assert_eq!(reader.audits().unwrap().len(), 3);
    // A reader holding a snapshot does not block the writer (WAL).
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("BEGIN; SELECT count(*) FROM audits;")
        .unwrap();
    writer
        .record_audit(&audit(datetime!(2026-12-02 10:00 UTC), &[]))
        .unwrap();
    conn.execute_batch("COMMIT;").unwrap();
}

#[test]
fn a_busy_record_says_so() {
    let (_dir, path) = temp();
    let mut s = filled(&path);
    // Another writer holds the lock; waiting is bounded by the busy timeout
    // (shortened here).
    s.set_busy_timeout(std::time::Duration::from_millis(200))
        .unwrap();
    let other = Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let start = std::time::Instant::now();
    let err = s.set_provider(&maintenance()).unwrap_err();
    assert!(matches!(err, StoreError::Busy { .. }), "{err:?}");
    assert!(err.to_string().contains("busy"), "{err}");
    assert!(start.elapsed() >= std::time::Duration::from_millis(200));
    other.execute_batch("ROLLBACK;").unwrap();
    s.set_provider(&maintenance()).unwrap();
}

/// Set in the child process of the test below.
const CRASH_CHILD: &str = "VIGIE_STORE_TEST_CRASH_CHILD";

#[test]
fn a_write_killed_midway_leaves_the_previous_state() {
    if let Ok(path) = std::env::var(CRASH_CHILD) {
        // The child: a large write, spilled to disk page by page (tiny
        // cache), and the process dies before committing it.
        let conn = Connection::open(path).unwrap();
        conn.execute_batch("PRAGMA cache_size = 8; BEGIN IMMEDIATE;")
            .unwrap();
        for i in 0..5000 {
            conn.execute(
                "INSERT INTO declarations (requirement_id, answer, note, author, answered_at)
                 VALUES ('2.1.1.a', 'no', ?1, 'x', '2026-12-01T10:00:00Z')",
                [format!("{i} {}", "x".repeat(200))],
            )
            .unwrap();
        }
        std::process::abort();
    }

    let (_dir, path) = temp();
    let at = datetime!(2026-12-01 12:00 UTC);
    let before = filled(&path).export_at(at).unwrap();
    let wal_before = std::fs::metadata(wal(&path)).map(|m| m.len()).unwrap_or(0);
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_write_killed_midway_leaves_the_previous_state",
            "--test-threads=1",
        ])
        .env(CRASH_CHILD, &path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success(), "the child died");
    let wal_after = std::fs::metadata(wal(&path)).unwrap().len();
    assert!(
        wal_after > wal_before,
        "the interrupted write reached the disk"
    );

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.export_at(at).unwrap(), before, "previous state");
    store
        .record_declaration(&decl("1.1.1.b", Answer::Yes, at))
        .unwrap();
    assert_eq!(store.declarations().unwrap().len(), 4);
}
