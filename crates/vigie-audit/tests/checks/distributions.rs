//! The default desktop installs of three distributions, audited offline as
//! `vigie audit --root` would: Debian 12 (GNOME task), Ubuntu 24.04 LTS
//! desktop and Fedora 41 Workstation. The trees live in
//! `tests/fixtures/roots/` (their provenance, file by file, is in the README
//! there); each is copied into a temporary directory first, because git keeps
//! neither empty directories nor file modes: `<name>.modes` beside each tree
//! lists the modes and empty directories a real install has.
//!
//! Every automated requirement's verdict is snapshotted, so that a check
//! landing (or changing) shows, in review, what it says about a stock
//! install. A few facts are also asserted outright: they must hold whatever
//! the checks become.

use crate::common::AS_OF;
use std::path::Path;
use vigie_audit::{Basis, Context, Profile, Report, Status};
use vigie_evidence::{EvidenceSource, OfflineRoot, PamType};

const ROOTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/roots");

/// Copies `src` into `dst`: directories, regular files and symbolic links
/// (kept as links, never followed).
fn copy_tree(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let (from, to) = (entry.path(), dst.join(entry.file_name()));
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&from).unwrap(), &to).unwrap();
        } else if kind.is_dir() {
            copy_tree(&from, &to);
        } else {
            std::fs::copy(&from, &to).unwrap();
        }
    }
}

/// Applies `<name>.modes`: "<octal mode> <path>", a path ending in "/" being a
/// directory created when missing.
fn apply_modes(name: &str, root: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let manifest = std::fs::read_to_string(format!("{ROOTS}/{name}.modes")).unwrap();
    let mut entries: Vec<(u32, &str)> = manifest
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (mode, path) = l.split_once(' ').expect("\"<mode> <path>\"");
            (
                u32::from_str_radix(mode, 8).expect("octal mode"),
                path.trim(),
            )
        })
        .collect();
    // Deepest paths first, so that a directory losing its write or search
    // bit never stops the next entry from being created.
    entries.sort_by_key(|(_, p)| std::cmp::Reverse(p.matches('/').count()));
    for (mode, path) in &entries {
        let host = root.join(path.trim_start_matches('/').trim_end_matches('/'));
        if path.ends_with('/') {
            std::fs::create_dir_all(&host).unwrap();
        }
        assert!(host.exists(), "{name}.modes: {path} is not in the tree");
        // The copy belongs to whoever runs the tests, not to root: keep the
        // owner's read bit so that it reads what root reads on the real
        // system (root ignores permission bits; Fedora's /etc/shadow is 0000).
        let mode = if host.is_dir() {
            mode | 0o500
        } else {
            mode | 0o400
        };
        std::fs::set_permissions(&host, std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

/// The root, collected offline and judged with the memento's profile at
/// [`AS_OF`]; also returns the evidence and the temporary root's path.
fn audit(name: &str) -> (Report, vigie_evidence::Evidence, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(name);
    copy_tree(&Path::new(ROOTS).join(name), &root);
    apply_modes(name, &root);
    let evidence = OfflineRoot { path: root.clone() }.evidence().unwrap();
    let profile = Profile::memento_2013();
    let report = Report::generate(
        vigie_catalog::embedded(),
        &Context::new(&evidence, &profile, AS_OF),
        false,
        0.0,
    );
    (report, evidence, root.display().to_string())
}

/// Replaces the temporary root's path in every string.
fn redact(value: &mut serde_json::Value, root: &str) {
    match value {
        serde_json::Value::String(s) => *s = s.replace(root, "<root>"),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| redact(v, root)),
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| redact(v, root)),
        _ => {}
    }
}

/// What the snapshot keeps: the target as identified, then, for every
/// requirement the machine judges, its verdict, French reason and evidence.
/// No collection time, no duration, no temporary path.
fn projection(report: &Report, root: &str) -> serde_json::Value {
    let requirements: Vec<serde_json::Value> = report
        .requirements
        .iter()
        .filter(|r| r.basis == Basis::Machine)
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "status": r.status,
                "machine_status": r.machine_status,
                "needs_privileges": r.needs_privileges,
                "reason_fr": r.reason.fr,
                "evidence": r.evidence,
            })
        })
        .collect();
    let mut value = serde_json::json!({
        "target": {
            "kind": report.target.kind,
            "host": report.target.host,
            "os": report.target.os,
            "os_id": report.target.os_id,
            "os_version": report.target.os_version,
            "privileged": report.target.privileged,
        },
        "requirements": requirements,
    });
    redact(&mut value, root);
    value
}

fn status(report: &Report, id: &str) -> Status {
    report
        .result(id)
        .unwrap_or_else(|| panic!("{id} is not in the report"))
        .status
}

/// Facts every stock install shares, whatever the checks become.
fn common_facts(report: &Report, evidence: &vigie_evidence::Evidence) {
    let json = serde_json::to_string(report).unwrap();
    assert!(
        !json.contains("FIXTUREONLY") && !json.contains("$y$"),
        "a password hash reached the report"
    );
    let evidence_json = serde_json::to_string(evidence).unwrap();
    assert!(
        !evidence_json.contains("FIXTUREONLY"),
        "a password hash reached the evidence"
    );
    // No install asks for 10 characters: pam_pwquality (where installed)
    // defaults to 8, pam_unix's obscure check to 6.
    assert_eq!(status(report, "4.3.1.a"), Status::Fail);
    let linux = evidence.linux.as_ref().expect("Linux tables");
    let pam = linux.pam.value().expect("PAM configuration read");
    let passwd = pam.service("passwd").expect("passwd service");
    assert!(!passwd.uses_other, "passwd has its own file");
    assert!(passwd.problems.is_empty(), "{:?}", passwd.problems);
    let gdm = pam.service("gdm-password").expect("gdm-password service");
    assert!(!gdm.uses_other && gdm.problems.is_empty(), "{gdm:?}");
}

/// The password-change stack, substacks flattened.
fn password_modules(
    evidence: &vigie_evidence::Evidence,
    service: &str,
) -> Vec<(String, String, Option<bool>)> {
    let pam = evidence.linux.as_ref().unwrap().pam.value().unwrap();
    let service = pam.service(service).unwrap();
    vigie_evidence::linux::flatten(&service.stack)
        .into_iter()
        .filter(|e| e.kind == PamType::Password)
        .map(|e| {
            (
                e.module_name().to_string(),
                e.origin.file.clone(),
                e.module_present,
            )
        })
        .collect()
}

#[test]
fn debian_12_gnome() {
    let (report, evidence, root) = audit("debian-12-gnome");
    common_facts(&report, &evidence);
    assert_eq!(
        report.target.os.as_deref(),
        Some("Debian GNU/Linux 12 (bookworm)")
    );
    assert_eq!(report.target.host.as_deref(), Some("debian"));
    // pam-auth-update's stack: pam_unix only, no pam_pwquality installed.
    let modules = password_modules(&evidence, "passwd");
    assert!(modules.iter().any(|(m, f, present)| m == "pam_unix.so"
        && f == "/etc/pam.d/common-password"
        && *present == Some(true)));
    assert!(!modules.iter().any(|(m, ..)| m == "pam_pwquality.so"));
    insta::assert_json_snapshot!("debian-12-gnome", projection(&report, &root));
}

#[test]
fn ubuntu_24_04_desktop() {
    let (report, evidence, root) = audit("ubuntu-24.04-desktop");
    common_facts(&report, &evidence);
    assert_eq!(report.target.os.as_deref(), Some("Ubuntu 24.04.3 LTS"));
    // libpam-pwquality's profile comes first in common-password.
    let modules = password_modules(&evidence, "passwd");
    assert_eq!(
        modules
            .first()
            .map(|(m, f, p)| (m.as_str(), f.as_str(), *p)),
        Some(("pam_pwquality.so", "/etc/pam.d/common-password", Some(true)))
    );
    insta::assert_json_snapshot!("ubuntu-24.04-desktop", projection(&report, &root));
}

#[test]
fn fedora_41_workstation() {
    let (report, evidence, root) = audit("fedora-41-workstation");
    common_facts(&report, &evidence);
    assert_eq!(
        report.target.os.as_deref(),
        Some("Fedora Linux 41 (Workstation Edition)")
    );
    // No /etc/hostname: anaconda leaves it to systemd's fallback.
    assert_eq!(report.target.host, None);
    // authselect's stack is found through the /etc/pam.d links into
    // /etc/authselect, as a substack of passwd.
    let modules = password_modules(&evidence, "passwd");
    for module in ["pam_pwquality.so", "pam_unix.so"] {
        assert!(
            modules.iter().any(|(m, f, present)| m == module
                && f == "/etc/pam.d/system-auth"
                && *present == Some(true)),
            "{module} from system-auth: {modules:?}"
        );
    }
    let gdm = password_modules(&evidence, "gdm-password");
    assert!(
        gdm.iter()
            .any(|(m, f, _)| m == "pam_pwquality.so" && f == "/etc/pam.d/password-auth"),
        "{gdm:?}"
    );
    insta::assert_json_snapshot!("fedora-41-workstation", projection(&report, &root));
}
