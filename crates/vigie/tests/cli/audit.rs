//! `vigie audit`, `collect` and `rules`, on mini root trees in temp dirs.

use crate::common::{alone, json_of, status, stderr, stdout, vigie, vigie_unlocked};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A mini root tree.
struct Root {
    dir: tempfile::TempDir,
}

impl Root {
    fn new() -> Self {
        Root {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn file(self, path: &str, content: &str) -> Self {
        let p = self.dir.path().join(path.trim_start_matches('/'));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
        self
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn arg(&self) -> &str {
        self.path().to_str().unwrap()
    }
}

const MODULES: &[&str] = &[
    "pam_unix.so",
    "pam_deny.so",
    "pam_permit.so",
    "pam_pwquality.so",
    "pam_pwhistory.so",
    "pam_faillock.so",
];

/// A Debian machine configured as the memento asks.
fn compliant_debian() -> Root {
    let mut root = Root::new()
        .file("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n")
        .file("/etc/hostname", "cabinet-dupont\n")
        .file("/etc/pam.d/passwd", "@include common-password\n")
        .file(
            "/etc/pam.d/common-password",
            "password requisite pam_pwquality.so retry=3\n\
             password required pam_pwhistory.so remember=5 use_authtok\n\
             password [success=1 default=ignore] pam_unix.so obscure use_authtok yescrypt\n\
             password requisite pam_deny.so\n\
             password required pam_permit.so\n",
        )
        .file("/etc/pam.d/login", "auth optional pam_faildelay.so delay=3000000\n@include common-auth\n@include common-account\n")
        .file(
            "/etc/pam.d/common-auth",
            "auth requisite pam_faillock.so preauth\n\
             auth [success=1 default=ignore] pam_unix.so nullok\n\
             auth [default=die] pam_faillock.so authfail\n\
             auth sufficient pam_faillock.so authsucc\n\
             auth requisite pam_deny.so\n\
             auth required pam_permit.so\n",
        )
        .file("/etc/pam.d/common-account", "account required pam_unix.so\n")
        .file("/etc/pam.d/other", "@include common-auth\n@include common-account\n@include common-password\n")
        .file("/etc/security/pwquality.conf", "minlen = 12\nminclass = 4\n")
        .file("/etc/security/faillock.conf", "deny = 3\nunlock_time = 300\n")
        .file("/etc/login.defs", "PASS_MAX_DAYS\t90\nUID_MIN 1000\n")
        .file(
            "/etc/passwd",
            "root:x:0:0:root:/root:/bin/bash\nmdupont:x:1000:1000:Marie Dupont:/home/mdupont:/bin/bash\n",
        )
        .file("/etc/shadow", "root:!:19000:0:99999:7:::\nmdupont:$y$j9T$salt$hash:19000:0:90:7:::\n");
    for m in MODULES {
        root = root.file(&format!("/usr/lib/x86_64-linux-gnu/security/{m}"), "");
    }
    root
}

const CHECKED: &[&str] = &[
    "4.3.1.a", "4.3.1.b", "4.3.1.c", "4.3.1.d", "4.3.1.e", "5.2.2.b",
];

#[test]
fn compliant_root_passes_the_password_checks() {
    let root = compliant_debian();
    let out = vigie(&[
        "audit",
        "--root",
        root.arg(),
        "--format",
        "json",
        "--as-of",
        "2026-11-28",
    ]);
    let report = json_of(&out);
    // Exit 1 exactly when something fails.
    let failing = report["summary"]["total"]["fail"].as_u64().unwrap();
    assert_eq!(
        out.status.code(),
        Some(if failing > 0 { 1 } else { 0 }),
        "{}",
        stderr(&out)
    );
    assert_eq!(report["schema_version"], "1.2.0");
    assert_eq!(report["requirements"].as_array().unwrap().len(), 87);
    assert_eq!(report["target"]["kind"], "root");
    assert_eq!(report["target"]["host"], "cabinet-dupont");
    for id in CHECKED {
        assert_eq!(status(&report, id), "pass", "{id}: {report:#}");
    }
    assert_eq!(status(&report, "2.2.1.a"), "unknown");
}

#[test]
fn failing_root_exits_1_with_the_fix_in_french() {
    let root = compliant_debian().file("/etc/security/pwquality.conf", "minlen = 8\n");
    let out = vigie(&["audit", "--root", root.arg()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Non conforme"), "{text}");
    assert!(text.contains("4.3.1.a"), "{text}");
    assert!(text.contains("/etc/security/pwquality.conf:1"), "{text}");
    assert!(text.contains("À faire"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour when not a terminal");
    let en = stdout(&vigie(&["audit", "--root", root.arg(), "--lang", "en"]));
    assert!(en.contains("Failing — fix these first"), "{en}");
}

#[test]
fn recorded_evidence_gives_the_same_findings_as_the_root() {
    let root = compliant_debian().file("/etc/login.defs", "PASS_MAX_DAYS 99999\n");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("evidence.json");
    let out = vigie(&[
        "collect",
        "--root",
        root.arg(),
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recorded = std::fs::read_to_string(&file).unwrap();
    assert!(!recorded.contains("$y$"), "no password hash in evidence");
    let direct = json_of(&vigie(&["audit", "--root", root.arg(), "--format", "json"]));
    let replay = vigie(&[
        "audit",
        "--evidence",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(replay.status.code(), Some(1));
    let replay = json_of(&replay);
    assert_eq!(direct["requirements"], replay["requirements"]);
    assert_eq!(replay["target"]["from_evidence_file"], true);
}

#[test]
fn live_audit_matches_its_recorded_evidence() {
    let _alone = alone();
    let vigie = vigie_unlocked;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("live.json");
    let out = vigie(&["collect", "-o", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let live = vigie(&["audit", "--format", "json"]);
    assert!(
        matches!(live.status.code(), Some(0 | 1)),
        "{}",
        stderr(&live)
    );
    let replay = vigie(&[
        "audit",
        "--evidence",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        json_of(&live)["requirements"],
        json_of(&replay)["requirements"]
    );
}

#[test]
fn empty_root_completes_and_explains_its_unknowns() {
    let root = Root::new().file("/etc/os-release", "ID=debian\n");
    let out = vigie(&["audit", "--root", root.arg(), "--format", "json"]);
    // It completes: exit 1 (no firewall, no antivirus fail), never 2.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = json_of(&out);
    for r in report["requirements"].as_array().unwrap() {
        assert!(!r["reason"]["fr"].as_str().unwrap().is_empty());
        assert!(!r["reason"]["en"].as_str().unwrap().is_empty());
    }
    assert_eq!(status(&report, "4.3.1.a"), "unknown");
    let r = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "4.3.1.a")
        .unwrap();
    assert!(
        r["reason"]["en"]
            .as_str()
            .unwrap()
            .contains("No PAM configuration"),
        "{r}"
    );
}

#[test]
fn bad_input_is_a_clear_error_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\n  \"format\": \"vigie-evidence\",\n  \"format_version\": 1,\n  oops\n}\n",
    )
    .unwrap();
    let out = vigie(&["audit", "--evidence", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("bad.json") && err.contains("line 4"), "{err}");

    let foreign = dir.path().join("foreign.json");
    std::fs::write(&foreign, "{\"hello\": 1}").unwrap();
    let out = vigie(&["audit", "--evidence", foreign.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a Vigie evidence file"),
        "{}",
        stderr(&out)
    );

    let newer = dir.path().join("newer.json");
    std::fs::write(
        &newer,
        "{\"format\": \"vigie-evidence\", \"format_version\": 99}",
    )
    .unwrap();
    let out = vigie(&["audit", "--evidence", newer.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("version 99"), "{}", stderr(&out));

    let missing = PathBuf::from("/nonexistent/vigie-root");
    let out = vigie(&["audit", "--root", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a directory"), "{}", stderr(&out));

    let out = vigie(&["audit", "--as-of", "28/11/2026"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("YYYY-MM-DD"), "{}", stderr(&out));

    let out = vigie(&["rules", "explain", "9.9.9.z"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown requirement"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn output_file_keeps_previous_report_on_error_and_is_plain_text() {
    let root = compliant_debian();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.txt");
    let out = vigie(&[
        "audit",
        "--root",
        root.arg(),
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    let first = std::fs::read_to_string(&file).unwrap();
    assert!(first.contains("Synthèse") && !first.contains('\u{1b}'));
    let out = vigie(&[
        "audit",
        "--evidence",
        "/nonexistent.json",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), first);
}

#[test]
fn rules_lists_filters_and_explains() {
    let all = stdout(&vigie(&["rules"]));
    assert!(all.contains("87 exigence(s)"), "{all}");
    let auto: Value = serde_json::from_str(&stdout(&vigie(&[
        "rules", "--method", "auto", "--format", "json",
    ])))
    .unwrap();
    assert!(auto
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["method"] == "auto"));
    let theme5 = stdout(&vigie(&["rules", "--theme", "5", "--delegation", "B"]));
    assert!(
        theme5.contains("5.2.2.b") && !theme5.contains("5.2.1.a"),
        "{theme5}"
    );
    let explain = stdout(&vigie(&["rules", "explain", "4.3.1.a"]));
    assert!(
        explain.contains("Fixer à au moins 10 caractères"),
        "{explain}"
    );
    assert!(explain.contains("ANSSI"), "{explain}");
}

#[test]
fn json_report_snapshot() {
    let root = compliant_debian().file("/etc/security/faillock.conf", "deny = 5\n");
    let out = vigie(&[
        "audit",
        "--root",
        root.arg(),
        "--format",
        "json",
        "--as-of",
        "2026-11-28",
    ]);
    let mut report = json_of(&out);
    report["audit"]["duration_ms"] = Value::from(0);
    report["audit"]["collected_at"] = Value::from("<collected_at>");
    report["target"]["root"] = Value::from("<root>");
    report["tool"]["version"] = Value::from("<version>");
    let text = serde_json::to_string_pretty(&report)
        .unwrap()
        .replace(root.arg(), "<root>");
    // Kept where and as it was named when this file was tests/cli.rs.
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("cli__json_report_snapshot", text);
    });
}
