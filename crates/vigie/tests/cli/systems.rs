//! Windows and macOS: a capture folder (as `scripts/capture-windows.ps1` or
//! `scripts/capture-macos.sh` write them) becomes an evidence file with
//! `vigie collect --from-captures`, which `vigie audit --evidence` evaluates
//! anywhere. The reports are snapshotted: they are the contract.

use crate::common::*;
use serde_json::{json, Value};
use std::path::PathBuf;

fn captures(name: &str) -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../vigie-audit/tests/fixtures/captures")
        .join(name)
}

/// Collects a capture folder and audits the evidence file it gives.
fn audit_capture(name: &str) -> (Value, i32) {
    let dir = tempfile::tempdir().unwrap();
    let evidence = dir.path().join("evidence.json");
    let out = vigie(&[
        "collect",
        "--from-captures",
        captures(name).to_str().unwrap(),
        "-o",
        evidence.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = vigie(&[
        "audit",
        "--evidence",
        evidence.to_str().unwrap(),
        "--no-record",
        "--format",
        "json",
        "--as-of",
        "2026-11-28",
    ]);
    let code = out.status.code().unwrap_or(-1);
    assert_ne!(code, 2, "{}", stderr(&out));
    (json_of(&out), code)
}

/// What is stable in a report: target, summary, and each machine finding.
fn projection(report: &Value) -> Value {
    let findings: Vec<Value> = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["basis"] != "declaration")
        .map(|r| {
            json!({
                "id": r["id"],
                "status": r["status"],
                "machine_status": r["machine_status"],
                "reason": r["reason"]["fr"],
            })
        })
        .collect();
    json!({
        "target": {
            "platform": report["target"]["platform"],
            "os": report["target"]["os"],
            "os_version": report["target"]["os_version"],
            "host": report["target"]["host"],
        },
        "summary": report["summary"]["total"],
        "findings": findings,
    })
}

#[test]
fn windows_11_french_capture_is_audited() {
    let (report, code) = audit_capture("windows-11-fr-pro");
    assert_eq!(report["target"]["platform"], "windows");
    // Every requirement a machine can check is judged on Windows.
    for r in report["requirements"].as_array().unwrap() {
        if r["method"] != "declared" && !r["id"].as_str().unwrap().starts_with("6.3.1") {
            assert_ne!(r["basis"], "not_automated", "{}", r["id"]);
        }
    }
    assert_eq!(
        code,
        if report["summary"]["total"]["fail"] == 0 {
            0
        } else {
            1
        }
    );
    insta::assert_json_snapshot!("windows-11-fr-pro", projection(&report));
}

#[test]
fn windows_10_french_capture_fails_where_it_should() {
    let (report, code) = audit_capture("windows-10-fr-pro");
    assert_eq!(code, 1);
    insta::assert_json_snapshot!("windows-10-fr-pro", projection(&report));
}

#[test]
fn macos_capture_is_audited() {
    let (report, _) = audit_capture("macos-15");
    assert_eq!(report["target"]["platform"], "macos");
    for r in report["requirements"].as_array().unwrap() {
        if r["method"] != "declared" && !r["id"].as_str().unwrap().starts_with("6.3.1") {
            assert_ne!(r["basis"], "not_automated", "{}", r["id"]);
        }
    }
    insta::assert_json_snapshot!("macos-15", projection(&report));
}

#[test]
fn a_folder_without_manifest_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let out = vigie(&[
        "collect",
        "--from-captures",
        dir.path().to_str().unwrap(),
        "-o",
        dir.path().join("e.json").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("vigie-capture.txt"),
        "{}",
        stderr(&out)
    );
}
