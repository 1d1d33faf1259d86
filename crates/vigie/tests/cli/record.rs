//! The practice record through the CLI: init, answers files, providers and
//! delegations, audits recorded and reported, export and import.

use crate::common::{debian_fixture, home, json_of, requirement, status, stderr, stdout, vigie};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use vigie_catalog::{Delegation, Method, Requirement};

/// A practice record in a temp dir.
pub struct Practice {
    dir: tempfile::TempDir,
    /// The record's file, `--store` of every run.
    store: String,
}

impl Practice {
    /// `vigie init` with `organisation` solo or group.
    pub fn new(organisation: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = dir
            .path()
            .join("practice.sqlite3")
            .to_str()
            .unwrap()
            .to_string();
        let p = Practice { dir, store };
        let out = p.run(&[
            "init",
            "--name",
            "Cabinet du Dr Martin",
            "--profession",
            "médecin généraliste",
            "--organisation",
            organisation,
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        p
    }

    pub fn file(&self, name: &str, content: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        path
    }

    /// `args` then `--store` this record.
    pub fn args<'a>(&'a self, args: &[&'a str]) -> Vec<&'a str> {
        let mut v = args.to_vec();
        v.extend(["--store", self.store.as_str()]);
        v
    }

    pub fn run(&self, args: &[&str]) -> Output {
        vigie(&self.args(args))
    }

    /// The whole record, without the moment it was exported.
    pub fn export(&self) -> Value {
        let out = self.run(&["export"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let mut v = json_of(&out);
        v.as_object_mut().unwrap().remove("exported_at");
        v
    }

    /// `vigie declare --file` with this content; asserts success.
    pub fn declare_file(&self, content: &str) {
        let file = self.file("answers.toml", content);
        let out = self.run(&[
            "declare",
            "--file",
            file.to_str().unwrap(),
            "--author",
            "Dr Martin",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }

    /// `vigie audit --root` of the Debian fixture, as JSON.
    pub fn audit(&self) -> (Output, Value) {
        let root = debian_fixture();
        let out = self.run(&[
            "audit",
            "--root",
            root.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
        let report = json_of(&out);
        (out, report)
    }
}

fn questions() -> impl Iterator<Item = &'static Requirement> {
    vigie_catalog::embedded()
        .requirements
        .iter()
        .filter(|r| r.question.is_some())
}

/// An answers.toml with every context fact true and an answer to every
/// question: `answer(requirement)`.
fn answers_file(answer: impl Fn(&Requirement) -> &'static str) -> String {
    let mut s = String::from(
        "author = \"Dr Martin\"\n\n[context]\nwifi_present = true\ncpe_issued = \"oui\"\nhosted_software = true\nmaintenance_contract = true\n",
    );
    for r in questions() {
        s.push_str(&format!(
            "\n[[answer]]\nid = \"{}\"\nanswer = \"{}\"\n",
            r.id,
            answer(r)
        ));
    }
    s
}

/// Three declared requirements answered "ne sait pas".
fn dont_know() -> Vec<&'static str> {
    questions()
        .filter(|r| r.method == Method::Declared)
        .map(|r| r.id.as_str())
        .step_by(17)
        .take(3)
        .collect()
}

#[test]
fn every_question_answered_leaves_only_dont_know_unknown() {
    let p = Practice::new("group");
    let unsure = dont_know();
    assert_eq!(unsure.len(), 3);
    p.declare_file(&answers_file(|r| {
        if unsure.contains(&r.id.as_str()) {
            "ne sait pas"
        } else {
            "oui"
        }
    }));
    let (out, report) = p.audit();
    assert!(
        stderr(&out).contains("Audit n° 1 enregistré"),
        "{}",
        stderr(&out)
    );
    assert_eq!(report["practice"]["name"], "Cabinet du Dr Martin");
    let unknown_declared: Vec<&str> = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["method"] == "declared" && r["status"] == "unknown")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(unknown_declared, unsure, "{report:#}");
    let r = requirement(&report, unsure[0]);
    assert_eq!(r["declaration"]["answer"], "unknown");
    assert_eq!(r["declaration"]["author"], "Dr Martin");

    // `vigie report` gives the same verdicts from the record.
    let out = p.run(&["report", "--format", "json"]);
    let failing = report["summary"]["total"]["fail"].as_u64().unwrap();
    assert_eq!(
        out.status.code(),
        Some(if failing > 0 { 1 } else { 0 }),
        "{}",
        stderr(&out)
    );
    let again = json_of(&out);
    assert_eq!(again["requirements"], report["requirements"]);
    assert_eq!(again["summary"], report["summary"]);
    assert!(again["history"].as_array().is_none(), "no earlier audit");

    // A second audit: the first is its history, and `vigie history` shows both.
    let (_, second) = p.audit();
    assert_eq!(second["history"].as_array().unwrap().len(), 1);
    let out = p.run(&["history"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Tendance depuis l'audit précédent"), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.contains("debian")).count(),
        2,
        "{text}"
    );
    let out = p.run(&["history", "--format", "json", "--lang", "en"]);
    assert_eq!(json_of(&out).as_array().unwrap().len(), 2);

    // Other formats are written to files.
    for format in ["html", "md", "text"] {
        let file = p.dir.path().join(format!("report.{format}"));
        let out = p.run(&["report", "--format", format, "-o", file.to_str().unwrap()]);
        assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
        let content = std::fs::read_to_string(&file).unwrap();
        assert!(content.contains(unsure[0]), "{format}");
    }
}

#[test]
fn stale_answer_is_unknown_with_its_date() {
    let p = Practice::new("solo");
    p.declare_file(&answers_file(|_| "oui"));
    p.audit();
    let declared = questions()
        .find(|r| r.method == Method::Declared && r.question.as_ref().unwrap().review_days <= 365)
        .unwrap();
    let out = p.run(&["report", "--format", "json"]);
    assert_eq!(status(&json_of(&out), &declared.id), "pass");

    let export = p.export();
    let answered = export["declarations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["requirement_id"] == declared.id.as_str())
        .unwrap()["answered_at"]
        .as_str()
        .unwrap()
        .to_string();
    let day = time::Date::parse(
        &answered[..10],
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    let later = day + time::Duration::days(730);
    let out = p.run(&["report", "--format", "json", "--as-of", &later.to_string()]);
    let report = json_of(&out);
    let r = requirement(&report, &declared.id);
    assert_eq!(r["status"], "unknown", "{r:#}");
    assert_eq!(r["declaration"]["stale"], true);
    let french = format!(
        "{:02}/{:02}/{}",
        day.day(),
        u8::from(day.month()),
        day.year()
    );
    let reason = r["reason"]["fr"].as_str().unwrap();
    assert!(
        reason.contains(&french) && reason.contains("périmée"),
        "{reason}"
    );
    assert!(r["reason"]["en"]
        .as_str()
        .unwrap()
        .contains(&answered[..10]));
}

#[test]
fn malformed_answers_file_names_the_line_and_writes_nothing() {
    let p = Practice::new("solo");
    let before = p.export();
    let q: Vec<&Requirement> = questions().collect();
    let not_allowed = q
        .iter()
        .find(|r| r.id != q[0].id && !r.question.as_ref().unwrap().allow_not_applicable)
        .unwrap();
    // Good entries first: they must not be written either.
    let good = format!(
        "author = \"Dr Martin\"\n[[answer]]\nid = \"{}\"\nanswer = \"oui\"\n",
        q[0].id
    );
    let cases: Vec<(String, &str, &[&str])> = vec![
        (
            format!("{good}[[answer]]\nid = \"{}\"\nanswer = \"bof\"\n", q[1].id),
            "ligne 7, colonne 10",
            &["bof", "en partie"],
        ),
        (
            format!("{good}[[answer]]\nid = \"9.9.9.z\"\nanswer = \"oui\"\n"),
            "ligne 6",
            &["9.9.9.z"],
        ),
        (format!("{good}[[answer]\nid = \"x\"\n"), "ligne 5", &[]),
        (
            format!(
                "{good}[[answer]]\nid = \"{}\"\nanswer = \"oui\"\nnotes = \"x\"\n",
                q[1].id
            ),
            "ligne 8",
            &["notes"],
        ),
        (
            format!(
                "{good}[[answer]]\nid = \"{}\"\nanswer = \"non concerné\"\n",
                not_allowed.id
            ),
            "ligne 6",
            &["non concerné"],
        ),
        (
            format!("{good}[context]\nwifi_present = \"peut-être\"\n"),
            "ligne 6",
            &["wifi_present"],
        ),
    ];
    for (i, (content, line, mentions)) in cases.iter().enumerate() {
        let file = p.file(&format!("bad-{i}.toml"), content);
        let out = p.run(&["declare", "--file", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "case {i}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("bad-{i}.toml, {line}")),
            "case {i}: {err}"
        );
        for m in *mentions {
            assert!(err.contains(m), "case {i}: {m}: {err}");
        }
        assert_eq!(p.export(), before, "case {i}: nothing written");
    }
    // In English too.
    let file = p.file("bad-en.toml", &cases[0].0);
    let out = p.run(&["declare", "--file", file.to_str().unwrap(), "--lang", "en"]);
    assert!(
        stderr(&out).contains("bad-en.toml, line 7, column 10"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn export_and_import_round_trip() {
    let p = Practice::new("group");
    p.declare_file(&answers_file(|_| "oui"));
    let ab = vigie_catalog::embedded()
        .requirements
        .iter()
        .find(|r| r.delegation == Delegation::AB)
        .unwrap();
    for args in [
        &[
            "providers",
            "set",
            "A",
            "--name",
            "Info Santé",
            "--contract-date",
            "2025-01-15",
        ][..],
        &[
            "providers",
            "set",
            "b",
            "--name",
            "Hébergeur SAS",
            "--hds-certificate",
            "HDS-42",
            "--hds-expiry",
            "2030-01-01",
        ],
        &["delegate", ab.id.as_str(), "--to", "A"],
    ] {
        let out = p.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    p.audit();
    p.audit();
    let file = p.dir.path().join("export.json");
    let out = p.run(&["export", "-o", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let original = p.export();
    assert_eq!(original["audits"].as_array().unwrap().len(), 2);
    assert_eq!(original["providers"].as_array().unwrap().len(), 2);

    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.sqlite3");
    let copy_arg = copy.to_str().unwrap();
    let out = vigie(&["import", file.to_str().unwrap(), "--store", copy_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("2 audit(s)"), "{}", stdout(&out));
    let out = vigie(&["export", "--store", copy_arg]);
    let mut copied = json_of(&out);
    copied.as_object_mut().unwrap().remove("exported_at");
    assert_eq!(copied, original);

    // A record that holds data is replaced only when asked.
    let out = vigie(&["import", file.to_str().unwrap(), "--store", copy_arg]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--replace"), "{}", stderr(&out));
    let out = vigie(&[
        "import",
        file.to_str().unwrap(),
        "--store",
        copy_arg,
        "--replace",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut replaced = json_of(&vigie(&["export", "--store", copy_arg]));
    replaced.as_object_mut().unwrap().remove("exported_at");
    assert_eq!(replaced, original);

    // A damaged file: the line and column, and nothing written anywhere.
    let text = std::fs::read_to_string(&file).unwrap();
    let damaged = dir.path().join("damaged.json");
    let mut lines: Vec<&str> = text.lines().collect();
    lines[3] = "  oops";
    std::fs::write(&damaged, lines.join("\n")).unwrap();
    let fresh = dir.path().join("fresh.sqlite3");
    let out = vigie(&[
        "import",
        damaged.to_str().unwrap(),
        "--store",
        fresh.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("damaged.json, ligne 4, colonne"), "{err}");
    assert!(!fresh.exists(), "no record created from a damaged file");
    let out = vigie(&[
        "import",
        damaged.to_str().unwrap(),
        "--store",
        copy_arg,
        "--replace",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let mut kept = json_of(&vigie(&["export", "--store", copy_arg]));
    kept.as_object_mut().unwrap().remove("exported_at");
    assert_eq!(kept, original, "the record is unchanged");
}

#[test]
fn delegation_refused_when_the_memento_does_not_allow_it() {
    let p = Practice::new("solo");
    let catalog = vigie_catalog::embedded();
    let none = catalog
        .requirements
        .iter()
        .find(|r| r.delegation == Delegation::None)
        .unwrap();
    let a_only = catalog
        .requirements
        .iter()
        .find(|r| r.delegation == Delegation::A)
        .unwrap();
    // No provider yet.
    let out = p.run(&["delegate", a_only.id.as_str(), "--to", "A"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("vigie providers set A"),
        "{}",
        stderr(&out)
    );

    let out = p.run(&["providers", "set", "A", "--name", "Info Santé"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = p.run(&[
        "providers",
        "set",
        "B",
        "--name",
        "Hébergeur SAS",
        "--hds-expiry",
        "2030-01-01",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // One allowed, one not: nothing is delegated.
    let out = p.run(&[
        "delegate",
        a_only.id.as_str(),
        none.id.as_str(),
        "--to",
        "A",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{} ne peut pas être confiée au prestataire de maintenance (A)",
            none.id
        )) && err.contains("ne prévoit pas")
            && err.contains("Rien n'a été modifié"),
        "{err}"
    );
    let out = p.run(&["delegate", a_only.id.as_str(), "--to", "B"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("qu'au prestataire de maintenance (A)"),
        "{}",
        stderr(&out)
    );
    let out = p.run(&["delegate", "9.9.9.z", "--to", "A", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown requirement"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&p.run(&["delegations"])).contains("Aucune exigence confiée"));

    // Allowed: recorded, listed; the provider cannot be removed meanwhile.
    let out = p.run(&["delegate", a_only.id.as_str(), "--to", "a"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let list = stdout(&p.run(&["delegations"]));
    assert!(
        list.contains(&a_only.id) && list.contains("Info Santé"),
        "{list}"
    );
    let out = p.run(&["providers", "remove", "A"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("vigie undelegate {}", a_only.id)),
        "{}",
        stderr(&out)
    );
    let out = p.run(&["undelegate", a_only.id.as_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("n'est plus confiée"),
        "{}",
        stdout(&out)
    );
    let out = p.run(&["providers", "remove", "A"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn providers_are_listed_with_their_warnings() {
    let p = Practice::new("solo");
    let out = p.run(&[
        "providers",
        "set",
        "A",
        "--name",
        "Info Santé",
        "--hds-certificate",
        "X",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("hébergeur (B)"), "{}", stderr(&out));
    let out = p.run(&[
        "providers",
        "set",
        "B",
        "--name",
        "Hébergeur SAS",
        "--contact",
        "01 02 03 04 05",
        "--hds-certificate",
        "HDS-42",
        "--hds-expiry",
        "2020-06-30",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("a expiré le 30/06/2020"),
        "{}",
        stdout(&out)
    );
    // Changing one field keeps the others.
    let out = p.run(&["providers", "set", "B", "--contract-date", "2024-03-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let list = stdout(&p.run(&["providers", "list"]));
    for m in [
        "Hébergeur SAS",
        "01 02 03 04 05",
        "HDS-42",
        "01/03/2024",
        "a expiré le 30/06/2020",
        "non renseigné",
    ] {
        assert!(list.contains(m), "{m}: {list}");
    }
    let en = stdout(&p.run(&["providers", "list", "--lang", "en"]));
    assert!(en.contains("expired on 2020-06-30"), "{en}");
}

#[test]
fn annex_lists_the_delegated_requirements_with_the_memento_text() {
    let p = Practice::new("solo");
    let catalog = vigie_catalog::embedded();
    let delegated = catalog
        .requirements
        .iter()
        .find(|r| r.delegation.includes_a())
        .unwrap();
    let other = catalog
        .requirements
        .iter()
        .find(|r| r.delegation.includes_a() && r.id != delegated.id)
        .unwrap();
    p.run(&["providers", "set", "A", "--name", "Info Santé"]);
    let out = p.run(&["delegate", delegated.id.as_str(), "--to", "A"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // The annex is made from a recorded audit.
    let out = p.run(&["annex", "--provider", "A"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("vigie audit"), "{}", stderr(&out));
    p.audit();

    let out = p.run(&["annex", "--provider", "A", "--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = stdout(&out);
    let text: String = delegated
        .text
        .fr
        .lines()
        .next()
        .unwrap()
        .chars()
        .take(40)
        .collect();
    assert!(
        md.contains(&delegated.id) && md.contains(&text),
        "{text}\n{md}"
    );
    assert!(md.contains("Info Santé"), "{md}");
    assert!(!md.contains(&other.id), "only what is delegated: {md}");

    let file = p.dir.path().join("annexe.html");
    let out = p.run(&[
        "annex",
        "--provider",
        "A",
        "--format",
        "html",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(
        html.contains(&delegated.id) && html.contains("Info Santé"),
        "{html}"
    );

    let out = p.run(&["annex", "--provider", "B"]);
    assert_eq!(out.status.code(), Some(2), "no provider B");
}

#[test]
fn without_a_record_audit_is_unchanged_and_other_commands_explain() {
    let root = debian_fixture();
    let plain = vigie(&[
        "audit",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
        "--as-of",
        "2026-11-28",
    ]);
    assert!(
        matches!(plain.status.code(), Some(0 | 1)),
        "{}",
        stderr(&plain)
    );
    assert!(!json_of(&plain)
        .as_object()
        .unwrap()
        .contains_key("practice"));
    assert!(
        !home().join(".local/share/vigie").exists(),
        "no record created"
    );
    assert!(stderr(&plain).is_empty(), "{}", stderr(&plain));

    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.sqlite3");
    let missing = missing.to_str().unwrap();
    for args in [
        &[
            "audit",
            "--root",
            root.to_str().unwrap(),
            "--store",
            missing,
        ][..],
        &["report", "--store", missing],
        &["history", "--store", missing],
        &["providers", "list", "--store", missing],
        &["export", "--store", missing],
    ] {
        let out = vigie(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("vigie init"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert!(!Path::new(missing).exists());

    // With a record: init refuses a second one; report wants an audit; --no-record.
    let p = Practice::new("solo");
    let out = p.run(&[
        "init",
        "--name",
        "Autre",
        "--profession",
        "infirmier",
        "--organisation",
        "group",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("existe déjà"), "{}", stderr(&out));
    let out = p.run(&["report"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("lancez d'abord `vigie audit`"),
        "{}",
        stderr(&out)
    );
    let out = p.run(&[
        "audit",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
        "--as-of",
        "2026-11-28",
        "--no-record",
    ]);
    assert_eq!(
        json_of(&out)["requirements"],
        json_of(&plain)["requirements"]
    );
    assert!(p.export()["audits"].as_array().unwrap().is_empty());
    let out = p.run(&[
        "init",
        "--name",
        " ",
        "--profession",
        "x",
        "--organisation",
        "solo",
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = vigie(&[
        "init",
        "--name",
        "X",
        "--profession",
        "x",
        "--organisation",
        "both",
        "--store",
        missing,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!Path::new(missing).exists());
}

#[cfg(unix)]
#[test]
fn exported_record_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite3");
    let out = vigie(&[
        "init",
        "--store",
        store.to_str().unwrap(),
        "--name",
        "Cabinet",
        "--profession",
        "infirmier",
        "--organisation",
        "solo",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = dir.path().join("export.json");
    let out = vigie(&[
        "export",
        "--store",
        store.to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}
