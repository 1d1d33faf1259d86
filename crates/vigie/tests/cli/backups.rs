//! `vigie backups` against the real restic (Debian package `restic`): a
//! tiny repository made in a temporary folder, recorded, checked, tested,
//! listed and reported; a wrong or missing password gives a clear error
//! that never shows a password.

use crate::common::{json_of, requirement, stderr, stdout, vigie_env};
use crate::record::Practice;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PASSWORD: &str = "Tr0ub4dor-Cheval-Agrafe-2026";
const WRONG: &str = "Mauvais-Sesame-4242";
const VAR: &str = "VIGIE_TEST_RESTIC_PW";

/// A restic repository with three snapshots of a few small files.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("dossiers");
        std::fs::create_dir_all(data.join("courriers")).unwrap();
        std::fs::write(data.join("agenda.txt"), "lundi 9 h : M. Durand\n").unwrap();
        std::fs::write(data.join("courriers/lettre.txt"), "Cher confrère,\n").unwrap();
        std::fs::write(data.join("tarifs.csv"), "acte;prix\nC;30\n").unwrap();
        let repo = Repo { dir };
        repo.restic(&["init"]);
        for time in ["2026-10-30 21:00:00", "2026-11-20 21:00:00"] {
            repo.restic(&["backup", "--host", "poste", "--time", time, "dossiers"]);
        }
        repo.restic(&["backup", "--host", "poste", "dossiers"]);
        repo
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("depot")
    }

    fn restic(&self, args: &[&str]) {
        let out = Command::new("restic")
            .current_dir(self.dir.path())
            .env("RESTIC_PASSWORD", PASSWORD)
            .env("RESTIC_CACHE_DIR", self.dir.path().join("cache"))
            .arg("-r")
            .arg(self.path())
            .arg("-q")
            .args(args)
            .output()
            .expect("restic runs (Debian package restic: apt-get install -y restic)");
        assert!(
            out.status.success(),
            "restic {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Every output, to check that no password ever shows.
struct Session<'a> {
    practice: &'a Practice,
    outputs: Vec<String>,
}

impl<'a> Session<'a> {
    fn new(practice: &'a Practice) -> Self {
        Session {
            practice,
            outputs: Vec::new(),
        }
    }

    fn run_with(&mut self, args: &[&str], password: Option<&str>) -> Output {
        let env: Vec<(&str, &str)> = password.map(|p| (VAR, p)).into_iter().collect();
        let out = vigie_env(&self.practice.args(args), &env);
        self.outputs
            .push(format!("{}\n{}", stdout(&out), stderr(&out)));
        out
    }

    fn run(&mut self, args: &[&str]) -> Output {
        self.run_with(args, Some(PASSWORD))
    }

    fn assert_no_password(&self) {
        for text in &self.outputs {
            for secret in [PASSWORD, WRONG] {
                assert!(!text.contains(secret), "a password was shown:\n{text}");
            }
        }
    }
}

fn ok(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(out), stderr(out));
    stdout(out)
}

fn add_nas(s: &mut Session, repo: &Path) {
    let out = s.run(&[
        "backups",
        "add",
        "nas",
        "--kind",
        "restic",
        "--location",
        repo.to_str().unwrap(),
        "--removable",
        "--password-env",
        VAR,
        "--note",
        "disque bleu, rangé à la maison",
    ]);
    let text = ok(&out);
    assert!(
        text.contains("Jeu de sauvegarde « nas » enregistré : restic"),
        "{text}"
    );
    assert!(text.contains("variable d'environnement VIGIE_TEST_RESTIC_PW"));
    assert!(text.contains("vigie backups check nas"));
}

#[test]
fn restic_set_added_checked_tested_listed_and_reported() {
    let repo = Repo::new();
    let p = Practice::new("solo");
    let mut s = Session::new(&p);
    add_nas(&mut s, &repo.path());

    // Before any check or test: never checked, never tested.
    let text = ok(&s.run(&["backups", "list"]));
    assert!(text.contains("nas — restic — "), "{text}");
    assert!(
        text.contains("jamais (`vigie backups check nas`)"),
        "{text}"
    );
    assert!(
        text.contains("jamais testé (`vigie backups test nas`)"),
        "{text}"
    );
    assert!(text.contains("au cabinet, support amovible débranché"));

    let text = ok(&s.run(&["backups", "check"]));
    assert!(text.contains("✓ nas : 3 sauvegarde(s)"), "{text}");
    assert!(text.contains("enregistré"), "{text}");

    let out = s.run(&["backups", "test", "nas"]);
    let text = ok(&out);
    assert!(
        text.contains("✓ Restauration réussie pour « nas » : 3 fichier(s)"),
        "{text}"
    );
    // Where and how long.
    assert!(
        text.contains("restaurés dans un dossier temporaire de "),
        "{text}"
    );
    assert!(text.contains(" s."), "{text}");
    assert!(text.contains("restic restore --verify"), "{text}");
    assert!(!stderr(&out).contains("n'a pas pu être supprimé"));

    let text = ok(&s.run(&["backups", "list"]));
    for expected in [
        "restic snapshots --json",
        "3 sauvegarde(s) depuis le 30/10/2026",
        "chiffrée (AES-256-CTR",
        "réussi le ",
        "3 fichier(s)",
        "disque bleu, rangé à la maison",
        "6.3.1.d ✓ Conforme — Test de restauration réussi",
        "6.3.1.b ",
        "6.3.1.c ",
    ] {
        assert!(text.contains(expected), "missing {expected}:\n{text}");
    }
    let text = ok(&s.run(&["backups", "list", "--lang", "en"]));
    assert!(text.contains("Restore test:"), "{text}");
    assert!(text.contains("6.3.1.d ✓ Pass"), "{text}");

    // The retention is proposed, never run.
    let text = ok(&s.run(&["backups", "retention", "nas"]));
    assert!(text.contains("jamais lancé par Vigie"), "{text}");
    assert!(text.contains(&format!(
        "restic -r {} forget --dry-run --keep-weekly 4 --keep-monthly 12 --keep-yearly 10",
        repo.path().display()
    )));

    // The report: 6.3.1.d passes once the practitioner confirms the
    // routine (a `both` requirement); the machine part passes on the test.
    p.declare_file("author = \"Dr Martin\"\n\n[[answer]]\nid = \"6.3.1.d\"\nanswer = \"oui\"\n");
    let (_, report) = p.audit();
    let d = requirement(&report, "6.3.1.d");
    assert_eq!(d["machine_status"], "pass", "{d:#}");
    assert_eq!(d["status"], "pass", "{d:#}");
    let out = s.run(&["report", "--format", "json"]);
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    let report = json_of(&out);
    assert_eq!(requirement(&report, "6.3.1.d")["status"], "pass");
    let sets = report["backups"]["sets"].as_array().unwrap();
    assert_eq!(sets[0]["id"], "nas");
    assert_eq!(sets[0]["last_restore_test"]["ok"], true);
    assert_eq!(sets[0]["password_source"], format!("env:{VAR}"));
    let html = p.file("r.html", "");
    let out = s.run(&["report", "--format", "html", "-o", html.to_str().unwrap()]);
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(html.contains("id=\"sauvegardes\""), "backups section");
    assert!(!html.contains(PASSWORD));

    // Nothing holds the password: outputs, the record's export.
    s.assert_no_password();
    let export = p.export().to_string();
    assert!(!export.contains(PASSWORD) && export.contains(VAR));

    let text = ok(&s.run(&["backups", "remove", "nas"]));
    assert!(
        text.contains("retiré, avec son relevé et ses 1 test(s)"),
        "{text}"
    );
    let text = ok(&s.run(&["backups", "list"]));
    assert!(
        text.contains("Aucun jeu de sauvegarde enregistré"),
        "{text}"
    );
}

#[test]
fn a_wrong_or_missing_password_is_a_clear_error_without_the_password() {
    let repo = Repo::new();
    let p = Practice::new("solo");
    let mut s = Session::new(&p);
    add_nas(&mut s, &repo.path());
    ok(&s.run(&["backups", "check", "nas"]));

    // Check: exit 2, the previous inventory kept.
    let out = s.run_with(&["backups", "check", "nas"], Some(WRONG));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("✗ nas : relevé impossible"), "{err}");
    assert!(
        err.contains("le mot de passe est refusé par le dépôt"),
        "{err}"
    );
    assert!(
        err.contains("variable d'environnement VIGIE_TEST_RESTIC_PW"),
        "{err}"
    );
    assert!(err.contains("Le relevé précédent, du "), "{err}");
    let text = ok(&s.run(&["backups", "list"]));
    assert!(text.contains("3 sauvegarde(s)"), "kept: {text}");

    let out = s.run_with(&["backups", "check", "--lang", "en"], Some(WRONG));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("✗ nas: cannot check"), "{err}");
    assert!(err.contains("the repository refuses the password"), "{err}");
    assert!(err.contains("The previous inventory, of "), "{err}");

    // Test: the repository could not be opened, a failed test (exit 1).
    let out = s.run_with(&["backups", "test", "nas"], Some(WRONG));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("✗ Restauration ÉCHOUÉE pour « nas »"),
        "{text}"
    );
    assert!(text.contains("le mot de passe est refusé"), "{text}");
    assert!(text.contains("Test enregistré comme échoué"), "{text}");

    // No password at all: nothing is run, nothing recorded.
    let out = s.run_with(&["backups", "test", "nas"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("la variable d'environnement VIGIE_TEST_RESTIC_PW, qui doit contenir le mot de passe du dépôt, n'est pas définie"),
        "{err}"
    );
    let text = ok(&s.run(&["backups", "list"]));
    assert!(
        text.contains("ÉCHOUÉ le "),
        "the failed test is the latest: {text}"
    );
    assert!(text.contains("6.3.1.d ✗ Non conforme"), "{text}");

    // A successful test afterwards is the latest again.
    ok(&s.run(&["backups", "test", "nas"]));
    let text = ok(&s.run(&["backups", "list"]));
    assert!(text.contains("6.3.1.d ✓ Conforme"), "{text}");
    s.assert_no_password();
}

#[test]
fn password_file_and_recorded_outputs() {
    let repo = Repo::new();
    let p = Practice::new("group");
    let mut s = Session::new(&p);
    let pw = p.file("mot-de-passe", &format!("{PASSWORD}\n"));
    let out = s.run_with(
        &[
            "backups",
            "add",
            "usb",
            "--kind",
            "restic",
            "--location",
            repo.path().to_str().unwrap(),
            "--password-file",
            pw.to_str().unwrap(),
        ],
        None,
    );
    assert!(ok(&out).contains("lu dans le fichier"));
    let out = s.run_with(&["backups", "check", "usb"], None);
    assert!(ok(&out).contains("✓ usb : 3 sauvegarde(s)"));

    // A restic set always needs a password; a location never holds one.
    let out = s.run(&[
        "backups",
        "add",
        "x",
        "--kind",
        "restic",
        "--location",
        "/srv/x",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("un dépôt restic est toujours chiffré"));
    let out = s.run(&[
        "backups",
        "add",
        "x",
        "--kind",
        "restic",
        "--location",
        &format!("rest:https://cabinet:{WRONG}@nas.local:8000/"),
        "--password-env",
        VAR,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("l'emplacement contient un mot de passe"));
    let out = s.run(&[
        "backups",
        "add",
        "Mauvais",
        "--kind",
        "borg",
        "--location",
        "/srv/b",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("n'est pas un nom de jeu de sauvegarde valable"));
    let out = s.run(&[
        "backups",
        "add",
        "usb",
        "--kind",
        "borg",
        "--location",
        "/srv/b",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("est déjà enregistré"));
    let out = s.run(&["backups", "add", "y", "--kind", "zip", "--location", "/x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("type de sauvegarde inconnu"));

    // wbadmin: read from a recorded output made on the Windows computer.
    let out = s.run(&[
        "backups",
        "add",
        "serveur",
        "--kind",
        "wbadmin",
        "--location",
        "E:",
        "--offsite",
    ]);
    assert!(ok(&out).contains("--output FICHIER --recorded-at AAAA-MM-JJ"));
    let out = s.run(&["backups", "check", "serveur"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("se lisent dans une sortie enregistrée : lancez `wbadmin get versions`"),
        "{err}"
    );
    assert!(
        err.contains("Aucun relevé n'est enregistré pour ce jeu."),
        "{err}"
    );
    let versions = p.file(
        "versions.txt",
        "wbadmin 1.0 - Backup command-line tool\r\n\r\nBackup time: 11/27/2026 9:00 PM\r\nBackup target: 1394/USB Disk labeled E:\r\nVersion identifier: 11/27/2026-21:00\r\nCan recover: Volume(s), File(s)\r\n",
    );
    let out = s.run(&[
        "backups",
        "check",
        "serveur",
        "--output",
        versions.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--recorded-at AAAA-MM-JJ"));
    let out = s.run(&[
        "backups",
        "check",
        "serveur",
        "--output",
        versions.to_str().unwrap(),
        "--recorded-at",
        "2026-11-28",
    ]);
    let text = ok(&out);
    assert!(
        text.contains("✓ serveur : 1 sauvegarde(s), la dernière : 27/11/2026 — relevé du 28/11/2026 enregistré."),
        "{text}"
    );
    // Vigie cannot restore it itself, nor set its retention.
    let out = s.run(&["backups", "test", "serveur"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("restaurez quelques fichiers à la main"));
    let text = ok(&s.run(&["backups", "retention", "serveur"]));
    assert!(text.contains("se règle dans l'outil lui-même"), "{text}");

    // Checking every set: the recorded one is only reminded.
    let text = ok(&s.run_with(&["backups", "check"], None));
    assert!(text.contains("✓ usb"), "{text}");
    assert!(
        text.contains(
            "– serveur : se relève à partir d'une sortie enregistrée (`wbadmin get versions`)"
        ),
        "{text}"
    );
    assert!(text.contains("dernier relevé : 28/11/2026."), "{text}");
    // One set fails, the other is recorded: exit 2.
    let out = s.run_with(&["backups", "check", "usb", "serveur"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("✓ usb"));
    assert!(stderr(&out).contains("1 jeu(x) sur 2 n'ont pas pu être relevés."));

    // Unknown set.
    let out = s.run(&["backups", "test", "absent"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("aucun jeu de sauvegarde « absent »"));
    s.assert_no_password();
}
