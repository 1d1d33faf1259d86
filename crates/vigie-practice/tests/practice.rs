//! The practice model through its public API: answers files with their
//! errors, the export document, delegation against the real catalog.

use time::macros::{date, datetime};
use time::OffsetDateTime;
use vigie_catalog::Method;
use vigie_practice::*;

/// The requirements a person answers, from the embedded catalog.
fn declarable() -> Vec<String> {
    vigie_catalog::embedded()
        .requirements
        .iter()
        .filter(|r| matches!(r.method, Method::Declared | Method::Both))
        .map(|r| r.id.clone())
        .collect()
}

const AT: OffsetDateTime = datetime!(2026-11-28 10:15:00 +01:00);

fn parse(text: &str) -> Result<AnswersFile, AnswersError> {
    parse_answers(text, &declarable())
}

#[test]
fn a_complete_answers_file() {
    let text = r#"
author = "Dr Martin"

[context]
wifi_present = false
cpe_issued = "ne sait pas"
hosted_software = "Oui"
maintenance_contract = true

[[answer]]
id = "2.1.1.a"
answer = "oui"
note = "Charte signée par les deux secrétaires"
proof = "classeur rouge, onglet charte"

[[answer]]
id = "1.1.1.a"
answer = "En partie"
author = "Mme Durand"

[[answer]]
id = "5.3.3.a"   # a "both" requirement
answer = "non concerné"
note = "  "
"#;
    let file = parse(text).unwrap();
    assert_eq!(file.author.as_deref(), Some("Dr Martin"));
    assert_eq!(
        file.context,
        vec![
            ContextEntry {
                question: ContextQuestion::WifiPresent,
                value: Some(false),
                line: 5
            },
            ContextEntry {
                question: ContextQuestion::CpeIssued,
                value: None,
                line: 6
            },
            ContextEntry {
                question: ContextQuestion::HostedSoftware,
                value: Some(true),
                line: 7
            },
            ContextEntry {
                question: ContextQuestion::MaintenanceContract,
                value: Some(true),
                line: 8
            },
        ]
    );
    assert_eq!(file.answers.len(), 3);
    assert_eq!(file.answers[0].line, 11);
    assert_eq!(file.answers[1].answer, Answer::Partial);
    assert_eq!(file.answers[2].note, None, "blank note dropped");

    let batch = file
        .into_batch(Some("ignored: the file names its author"), AT)
        .unwrap();
    assert_eq!(batch.context.len(), 4);
    assert!(batch
        .context
        .iter()
        .all(|(_, a)| a.author == "Dr Martin" && a.answered_at == AT));
    let authors: Vec<&str> = batch
        .declarations
        .iter()
        .map(|d| d.author.as_str())
        .collect();
    assert_eq!(authors, ["Dr Martin", "Mme Durand", "Dr Martin"]);
    assert_eq!(
        batch.declarations[0].proof.as_deref(),
        Some("classeur rouge, onglet charte")
    );
    assert_eq!(batch.declarations[2].answer, Answer::NotApplicable);
}

#[test]
fn an_empty_file_is_valid_and_empty() {
    let file = parse("# nothing yet\n").unwrap();
    assert!(file.answers.is_empty() && file.context.is_empty());
    assert_eq!(file.into_batch(None, AT).unwrap(), AnswersBatch::default());
}

#[test]
fn unknown_requirement_id_gives_its_line() {
    let text = "author = \"Dr Martin\"\n\n[[answer]]\nid = \"2.1.1.a\"\nanswer = \"oui\"\n\n[[answer]]\nid = \"9.9.9.z\"\nanswer = \"non\"\n";
    let err = parse(text).unwrap_err();
    assert_eq!((err.line, err.column), (8, 6));
    assert!(
        matches!(err.kind, AnswersErrorKind::UnknownRequirement { ref id, .. } if id == "9.9.9.z")
    );
    let msg = err.to_string();
    assert!(
        msg.starts_with("line 8, column 6: unknown requirement id \"9.9.9.z\""),
        "{msg}"
    );
    assert!(msg.contains("e.g. 1.1.1.a"), "{msg}");
}

#[test]
fn an_automated_requirement_is_not_answered_in_a_file() {
    // 4.3.1.a exists but is checked on the machine: not in the list.
    let err = parse("[[answer]]\nid = \"4.3.1.a\"\nanswer = \"oui\"\n").unwrap_err();
    assert_eq!(err.line, 2);
    assert!(matches!(
        err.kind,
        AnswersErrorKind::UnknownRequirement { .. }
    ));
}

#[test]
fn malformed_id_is_named_as_such() {
    let err = parse("[[answer]]\nid = \"2.1.1\"\nanswer = \"oui\"\n").unwrap_err();
    assert_eq!(err.line, 2);
    assert!(err.to_string().contains("not a requirement id"), "{err}");
}

#[test]
fn bad_answer_word_gives_its_line_and_what_is_expected() {
    let text = "[[answer]]\nid = \"2.1.1.a\"\nanswer = \"peut-être\"\n";
    let err = parse(text).unwrap_err();
    assert_eq!((err.line, err.column), (3, 10));
    assert_eq!(
        err.kind,
        AnswersErrorKind::BadAnswer {
            word: "peut-être".into()
        }
    );
    let msg = err.to_string();
    assert!(
        msg.contains("oui, non, en partie, ne sait pas or non concerné"),
        "{msg}"
    );
    // A number is no answer either; a boolean is yes/no.
    let err = parse("[[answer]]\nid = \"2.1.1.a\"\nanswer = 3\n").unwrap_err();
    assert_eq!(err.line, 3);
    let ok = parse("[[answer]]\nid = \"2.1.1.a\"\nanswer = false\n").unwrap();
    assert_eq!(ok.answers[0].answer, Answer::No);
}

#[test]
fn bad_toml_gives_line_and_column() {
    // Unterminated string on line 3.
    let err = parse("[[answer]]\nid = \"2.1.1.a\"\nanswer = \"oui\nnote = \"x\"\n").unwrap_err();
    assert!(matches!(err.kind, AnswersErrorKind::Toml(_)));
    assert_eq!(err.line, 3, "{err}");
    assert!(err.column > 0);
    // A key without a value.
    let err = parse("author =\n").unwrap_err();
    assert_eq!(err.line, 1, "{err}");
    assert!(err.to_string().contains("expected"), "{err}");
}

#[test]
fn misspelt_keys_are_refused_with_the_expected_ones() {
    let err = parse("[[answer]]\nid = \"2.1.1.a\"\nanswr = \"oui\"\n").unwrap_err();
    assert_eq!(err.line, 3, "{err}");
    let msg = err.to_string();
    assert!(msg.contains("answr") && msg.contains("expected"), "{msg}");

    let err = parse("[[answers]]\nid = \"2.1.1.a\"\n").unwrap_err();
    assert_eq!(err.line, 1, "{err}");
    assert!(err.to_string().contains("answers"), "{err}");

    // A missing answer.
    let err = parse("author = \"x\"\n[[answer]]\nid = \"2.1.1.a\"\n").unwrap_err();
    assert!(err.to_string().contains("answer"), "{err}");
    assert!(err.line >= 2, "{err}");
}

#[test]
fn duplicates_are_refused() {
    let text = "[[answer]]\nid = \"2.1.1.a\"\nanswer = \"oui\"\n[[answer]]\nid = \"2.1.1.a\"\nanswer = \"non\"\n";
    let err = parse(text).unwrap_err();
    assert_eq!(err.line, 5);
    assert_eq!(
        err.kind,
        AnswersErrorKind::Duplicate {
            id: "2.1.1.a".into(),
            first_line: 2
        }
    );
}

#[test]
fn context_errors() {
    let err = parse("[context]\nwifi_present = \"en partie\"\n").unwrap_err();
    assert_eq!(err.line, 2);
    assert!(err.to_string().contains("wifi_present"), "{err}");
    let err = parse("[context]\ngroup_practice = true\n").unwrap_err();
    assert_eq!(err.line, 2);
    assert!(err.to_string().contains("organisation"), "{err}");
    let err = parse("[context]\nprinter = true\n").unwrap_err();
    assert_eq!(err.line, 2);
}

#[test]
fn author_is_needed_somewhere() {
    let text = "[[answer]]\nid = \"2.1.1.a\"\nanswer = \"oui\"\n";
    let err = parse(text).unwrap().into_batch(None, AT).unwrap_err();
    assert_eq!(
        (err.line, err.kind.clone()),
        (2, AnswersErrorKind::MissingAuthor)
    );
    let batch = parse(text)
        .unwrap()
        .into_batch(Some("Dr Martin"), AT)
        .unwrap();
    assert_eq!(batch.declarations[0].author, "Dr Martin");
}

#[test]
fn a_pasted_document_is_not_a_proof() {
    let text = "author = \"x\"\n\n[[answer]]\nid = \"2.1.1.a\"\nanswer = \"oui\"\nproof = \"\"\"\nCHARTE INFORMATIQUE\nArticle 1\n\"\"\"\n";
    let err = parse(text).unwrap().into_batch(None, AT).unwrap_err();
    assert_eq!(err.line, 4);
    assert!(matches!(
        err.kind,
        AnswersErrorKind::Invalid(ValidationError::BadProof { .. })
    ));
}

#[test]
fn delegation_against_the_real_catalog() {
    let catalog = vigie_catalog::embedded();
    let allowed = |id: &str| catalog.requirement(id).unwrap().delegation;
    // 3.1.1.a: A only; 4.3.1.f: A or B; 1.1.1.a: nobody.
    assert!(validate_delegation("3.1.1.a", Role::A, allowed("3.1.1.a")).is_ok());
    assert!(validate_delegation("3.1.1.a", Role::B, allowed("3.1.1.a")).is_err());
    assert!(validate_delegation("4.3.1.f", Role::B, allowed("4.3.1.f")).is_ok());
    assert!(validate_delegation("1.1.1.a", Role::A, allowed("1.1.1.a")).is_err());
}

fn sample_export() -> PracticeExport {
    let mut e = PracticeExport::new(
        datetime!(2026-11-28 12:00 UTC),
        Practice {
            name: "Cabinet des Tilleuls".into(),
            profession: Profession::Other("podologue".into()),
            organisation: Organisation::Group,
            address: Some("1 rue des Tilleuls, 33000 Bordeaux".into()),
            created_at: datetime!(2026-01-05 08:30 +01:00),
        },
    );
    e.context
        .set(
            ContextQuestion::WifiPresent,
            ContextAnswer {
                value: Some(true),
                author: "Dr Martin".into(),
                answered_at: datetime!(2026-01-05 08:35 +01:00),
            },
        )
        .unwrap();
    e.declarations.push(Declaration {
        requirement_id: "2.1.1.a".into(),
        answer: Answer::No,
        note: None,
        proof: None,
        author: "Dr Martin".into(),
        answered_at: datetime!(2026-01-05 08:40 +01:00),
    });
    e.providers.push(Provider {
        role: Role::B,
        name: "Hébergeur Santé SAS".into(),
        contact: None,
        contract_date: Some(date!(2025 - 09 - 01)),
        hds_certificate: Some("HDS-42".into()),
        hds_expiry: Some(date!(2027 - 09 - 01)),
    });
    e.delegations.push(Delegation {
        requirement_id: "6.2.2.a".into(),
        role: Role::B,
    });
    let findings = vec![
        FindingRecord {
            requirement_id: "4.3.1.a".into(),
            status: FindingStatus::Pass,
            basis: "machine".into(),
        },
        FindingRecord {
            requirement_id: "2.1.1.a".into(),
            status: FindingStatus::Fail,
            basis: "declaration".into(),
        },
    ];
    e.audits.push(AuditRecord {
        id: 1,
        run_at: datetime!(2026-11-28 11:00 UTC),
        host: Some("accueil".into()),
        catalog_version: "2026.11.1".into(),
        report_json: serde_json::json!({"schema_version": "1.1.0", "audit": {"duration_ms": 12.345}}),
        summary: StatusCounts::of(&findings),
        findings,
    });
    e
}

#[test]
fn export_reads_back_what_it_writes() {
    let e = sample_export();
    e.validate().unwrap();
    let json = e.to_json_pretty().unwrap();
    let back = PracticeExport::from_json(&json).unwrap();
    assert_eq!(back, e);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["format"], "vigie-practice");
    assert_eq!(v["format_version"], EXPORT_FORMAT_VERSION);
    assert_eq!(v["practice"]["profession"]["other"], "podologue");
    assert_eq!(v["audits"][0]["summary"]["fail"], 1);
    assert_eq!(v["backup_sets"], serde_json::json!([]));
}

#[test]
fn export_header_errors_are_clear() {
    let err = PracticeExport::from_json(r#"{"format": "vigie-evidence"}"#).unwrap_err();
    assert!(
        err.to_string().contains("not a Vigie practice export"),
        "{err}"
    );
    let err = PracticeExport::from_json("[1, 2]").unwrap_err();
    assert!(matches!(err, ExportError::Json { .. }), "{err}");
    let mut v = serde_json::to_value(sample_export()).unwrap();
    v["format_version"] = 7.into();
    let err = PracticeExport::from_json(&v.to_string()).unwrap_err();
    assert_eq!(
        err,
        ExportError::TooNew {
            found: 7,
            known: EXPORT_FORMAT_VERSION
        }
    );
    assert!(err.to_string().contains("newer Vigie"), "{err}");
    let err = PracticeExport::from_json(
        "{\n  \"format\": \"vigie-practice\",\n  \"format_version\": 1,\n  \"surprise\": 1\n}",
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::Json { line: 4, .. }), "{err}");
}

#[test]
fn inconsistent_exports_are_refused() {
    let mut e = sample_export();
    e.delegations[0].role = Role::A;
    assert!(e
        .validate()
        .unwrap_err()
        .to_string()
        .contains("not recorded"));

    let mut e = sample_export();
    e.audits[0].summary.pass = 5;
    assert!(e.validate().unwrap_err().to_string().contains("summary"));

    let mut e = sample_export();
    let dup = e.audits[0].findings[0].clone();
    e.audits[0].findings.push(dup);
    assert!(e
        .validate()
        .unwrap_err()
        .to_string()
        .contains("two findings"));

    let mut e = sample_export();
    e.providers.push(e.providers[0].clone());
    assert!(e
        .validate()
        .unwrap_err()
        .to_string()
        .contains("one per role"));

    let mut e = sample_export();
    e.declarations[0].author.clear();
    let err = e.validate().unwrap_err();
    assert!(
        err.to_string().starts_with("declaration 1 (2.1.1.a)"),
        "{err}"
    );
}

#[test]
fn stale_answers_reopen() {
    let d = &sample_export().declarations[0];
    assert_eq!(
        DeclarationState::of(Some(d), REVIEW_DAYS_DEFAULT, date!(2026 - 11 - 28)).current_answer(),
        Some(Answer::No)
    );
    assert!(matches!(
        DeclarationState::of(Some(d), REVIEW_DAYS_QUARTER, date!(2026 - 11 - 28)),
        DeclarationState::Stale {
            answer: Answer::No,
            ..
        }
    ));
}

#[test]
fn the_export_has_a_json_schema() {
    let schema = serde_json::to_value(schemars::schema_for!(PracticeExport)).unwrap();
    let props = &schema["properties"];
    for field in [
        "format",
        "format_version",
        "practice",
        "declarations",
        "audits",
        "backup_sets",
    ] {
        assert!(props.get(field).is_some(), "{field}");
    }
}
