//! Against the real restic and borg (Debian packages `restic` and
//! `borgbackup`, installed by `scripts/test`): repositories made in a
//! temporary folder with snapshots at controlled dates (`restic backup
//! --time`, `borg create --timestamp`), read and restored through the
//! library, then judged at a fixed date. The repositories are built once,
//! in parallel, and shared by the tests.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use time::macros::{date, datetime};
use time::{Date, Month};
use vigie_backup::regime::{self, SlotState, Verdict};
use vigie_backup::{places, restores, BackupError, Credentials, Options};
use vigie_practice::{
    BackupInventory, BackupKind, BackupSet, Backups, Encryption, PasswordSource, RestoreScope,
};

const AS_OF: Date = date!(2026 - 11 - 28);
const PASSWORD: &str = "correct-horse-battery-staple-42";

struct Lab {
    dir: tempfile::TempDir,
}

impl Lab {
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    fn env(&self) -> Vec<(String, String)> {
        vec![
            (
                "BORG_BASE_DIR".into(),
                self.path("borg-home").display().to_string(),
            ),
            (
                "RESTIC_CACHE_DIR".into(),
                self.path("restic-cache").display().to_string(),
            ),
        ]
    }
    fn opts(&self) -> Options {
        Options {
            env: self.env(),
            temp_root: Some(self.path("tmp")),
            ..Options::default()
        }
    }
    /// Options with a temporary root of the test's own.
    fn opts_in(&self, name: &str) -> Options {
        let root = self.path("tmp").join(name);
        std::fs::create_dir_all(&root).unwrap();
        Options {
            temp_root: Some(root),
            ..self.opts()
        }
    }
    fn password_file(&self) -> String {
        self.path("password").display().to_string()
    }
    fn set(&self, id: &str, kind: BackupKind, repo: &str) -> BackupSet {
        BackupSet {
            id: id.into(),
            kind,
            location: self.path(repo).display().to_string(),
            offsite: false,
            removable: true,
            password_source: Some(PasswordSource::File(self.password_file())),
            added_at: datetime!(2026-01-01 0:00 UTC),
            note: None,
        }
    }
    /// What a test's temporary root still holds.
    fn temp_left(&self, name: &str) -> Vec<String> {
        std::fs::read_dir(self.path("tmp").join(name))
            .map(|r| {
                r.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn run(cmd: &mut Command) {
    let out = cmd
        .output()
        .expect("the tool runs (install restic and borgbackup: scripts/test)");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Weekly on Fridays for 5 weeks, the 1st of each month from December 2025
/// to October 2026, and the last day of 2024: a year's compliant regime.
fn compliant_dates() -> Vec<Date> {
    let mut d = vec![
        date!(2026 - 11 - 27),
        date!(2026 - 11 - 20),
        date!(2026 - 11 - 13),
        date!(2026 - 11 - 06),
        date!(2026 - 10 - 30),
    ];
    for m in 1..=10u8 {
        d.push(Date::from_calendar_date(2026, Month::try_from(m).unwrap(), 1).unwrap());
    }
    d.push(date!(2025 - 12 - 01));
    d.push(date!(2024 - 12 - 31));
    d.sort();
    d
}

fn restic(lab: &Lab, repo: &str) -> Command {
    let mut c = Command::new("restic");
    c.current_dir(lab.dir.path())
        .env("RESTIC_PASSWORD_FILE", lab.password_file())
        .env("RESTIC_CACHE_DIR", lab.path("restic-cache"))
        .arg("-r")
        .arg(lab.path(repo))
        .arg("-q");
    c
}

fn borg(lab: &Lab) -> Command {
    let mut c = Command::new("borg");
    c.current_dir(lab.dir.path())
        .env("BORG_PASSPHRASE", PASSWORD)
        .env("BORG_BASE_DIR", lab.path("borg-home"))
        .env("TZ", "UTC");
    c
}

fn restic_repo(lab: &Lab, repo: &str, dates: &[Date]) {
    run(restic(lab, repo).arg("init"));
    for d in dates {
        run(restic(lab, repo)
            .args(["backup", "--host", "poste", "--time"])
            .arg(format!("{d} 21:00:00"))
            .arg("data"));
    }
}

fn borg_repo(lab: &Lab, repo: &str, encryption: &str, dates: &[Date]) {
    run(borg(lab)
        .args(["init", "-e", encryption])
        .arg(lab.path(repo)));
    for d in dates {
        run(borg(lab)
            .args(["create", "--timestamp"])
            .arg(format!("{d}T21:00:00"))
            .arg(format!("{}::cabinet-{d}", lab.path(repo).display()))
            .arg("data"));
    }
}

/// Flips bytes in every data pack of a restic repository (its snapshot and
/// index files stay whole).
fn corrupt_restic_data(repo: &Path) {
    for sub in std::fs::read_dir(repo.join("data")).unwrap().flatten() {
        for pack in std::fs::read_dir(sub.path()).unwrap().flatten() {
            let p = pack.path();
            let mut perms = std::fs::metadata(&p).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            std::fs::set_permissions(&p, perms).unwrap();
            let mut b = std::fs::read(&p).unwrap();
            for i in (40..b.len().saturating_sub(40)).step_by(7) {
                b[i] ^= 0x5a;
            }
            std::fs::write(&p, b).unwrap();
        }
    }
}

fn lab() -> &'static Lab {
    static LAB: OnceLock<Lab> = OnceLock::new();
    LAB.get_or_init(|| {
        let lab = Lab {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::write(lab.path("password"), format!("{PASSWORD}\n")).unwrap();
        std::fs::create_dir_all(lab.path("tmp")).unwrap();
        let data = lab.path("data");
        std::fs::create_dir_all(data.join("patients")).unwrap();
        std::fs::write(
            data.join("patients/dupont-jean.txt"),
            "Consultation du 21/11.\n",
        )
        .unwrap();
        std::fs::write(
            data.join("patients/martin-lea.txt"),
            "Ordonnance.\n".repeat(50),
        )
        .unwrap();
        std::fs::write(data.join("ordonnance [2026]*.txt"), "motif\n").unwrap();
        std::fs::write(data.join("compta.csv"), "date;montant\n2026-11-21;25\n").unwrap();
        std::fs::write(data.join("agenda.ics"), "BEGIN:VCALENDAR\nEND:VCALENDAR\n").unwrap();

        let all = compliant_dates();
        let missing_week: Vec<Date> = all[all.len() - 5..]
            .iter()
            .copied()
            .filter(|d| *d != date!(2026 - 11 - 13))
            .collect();
        let stale = [
            date!(2026 - 11 - 04),
            date!(2026 - 11 - 11),
            date!(2026 - 11 - 18),
        ];
        std::thread::scope(|s| {
            let lab = &lab;
            let borgs = s.spawn(move || {
                borg_repo(lab, "borg-ok", "repokey", &all);
                borg_repo(
                    lab,
                    "borg-plain",
                    "none",
                    &[date!(2026 - 11 - 20), date!(2026 - 11 - 27)],
                );
            });
            restic_repo(lab, "restic-ok", &compliant_dates());
            restic_repo(lab, "restic-gap", &missing_week);
            restic_repo(lab, "restic-stale", &stale);
            restic_repo(lab, "restic-corrupt", &stale);
            corrupt_restic_data(&lab.path("restic-corrupt"));
            borgs.join().unwrap();
        });
        lab
    })
}

/// Reads a set and dates the inventory at the audit date (the machine's
/// clock does not matter).
fn inventory(set: &BackupSet) -> BackupInventory {
    let lab = lab();
    let creds = Credentials::resolve(set).unwrap();
    let mut inv = vigie_backup::inspect(set, &creds, &lab.opts()).unwrap();
    inv.checked_at = datetime!(2026-11-28 9:00 UTC);
    inv
}

fn backups(sets: &[(&BackupSet, &BackupInventory)]) -> Backups {
    Backups {
        sets: sets.iter().map(|(s, _)| (*s).clone()).collect(),
        inventories: sets.iter().map(|(_, i)| (*i).clone()).collect(),
        restore_tests: Vec::new(),
    }
}

#[test]
fn restic_compliant_regime_passes() {
    let lab = lab();
    let set = lab.set("usb", BackupKind::Restic, "restic-ok");
    let inv = inventory(&set);
    assert_eq!(inv.backups.len(), 17);
    assert_eq!(inv.backups[0].at, datetime!(2024-12-31 21:00 UTC));
    assert_eq!(inv.backups[0].host.as_deref(), Some("poste"));
    assert!(inv.tool_version.as_deref().unwrap().starts_with("restic "));
    assert!(matches!(inv.encryption, Encryption::Encrypted { .. }));
    let r = regime::evaluate(&backups(&[(&set, &inv)]), AS_OF);
    assert_eq!(r.verdict(), Verdict::Pass, "{:#?}", r.calendar);
    assert!(r
        .calendar
        .months
        .iter()
        .filter(|m| m.required)
        .all(|m| m.state == SlotState::Present));
    // Read-only: no lock left, nothing written in the repository's locks.
    let locks = std::fs::read_dir(lab.path("restic-ok/locks"))
        .unwrap()
        .count();
    assert_eq!(locks, 0);
}

#[test]
fn restic_missing_week_and_no_monthly_history_fail() {
    let lab = lab();
    let set = lab.set("usb", BackupKind::Restic, "restic-gap");
    let inv = inventory(&set);
    let r = regime::evaluate(&backups(&[(&set, &inv)]), AS_OF);
    assert_eq!(r.weekly, Verdict::Fail);
    let missing: Vec<&str> = r
        .calendar
        .weeks
        .iter()
        .filter(|w| w.state == SlotState::Missing)
        .map(|w| w.key.as_str())
        .collect();
    assert_eq!(missing, ["2026-W46"]);
    assert_eq!(r.monthly, Verdict::Fail, "only a month of history");
    assert_eq!(r.recency, Verdict::Pass);
}

#[test]
fn restic_stale_latest_backup_fails() {
    let lab = lab();
    let set = lab.set("usb", BackupKind::Restic, "restic-stale");
    let inv = inventory(&set);
    let r = regime::evaluate(&backups(&[(&set, &inv)]), AS_OF);
    assert_eq!(r.recency, Verdict::Fail);
    assert_eq!(r.latest_age_days(), Some(10));
}

#[test]
fn borg_compliant_regime_passes_and_its_encryption_is_read() {
    let lab = lab();
    let set = lab.set("nas", BackupKind::Borg, "borg-ok");
    let inv = inventory(&set);
    assert_eq!(inv.backups.len(), 17);
    assert_eq!(inv.backups[16].id, "cabinet-2026-11-27");
    assert_eq!(inv.backups[16].at, datetime!(2026-11-27 21:00 UTC));
    assert_eq!(
        inv.encryption,
        Encryption::Encrypted {
            mode: "repokey".into()
        }
    );
    assert!(inv.tool_version.as_deref().unwrap().starts_with("borg "));
    let r = regime::evaluate(&backups(&[(&set, &inv)]), AS_OF);
    assert_eq!(r.verdict(), Verdict::Pass, "{:#?}", r.calendar);

    let mut plain = lab.set("plain", BackupKind::Borg, "borg-plain");
    plain.password_source = None;
    let inv = vigie_backup::inspect(&plain, &Credentials::none(), &lab.opts()).unwrap();
    assert_eq!(
        inv.encryption,
        Encryption::NotEncrypted {
            mode: "none".into()
        }
    );
    assert_eq!(inv.backups.len(), 2);
}

#[test]
fn a_single_location_fails_and_two_places_pass() {
    let lab = lab();
    let restic_set = lab.set("usb", BackupKind::Restic, "restic-ok");
    let borg_set = lab.set("nas", BackupKind::Borg, "borg-ok");
    let (ri, bi) = (inventory(&restic_set), inventory(&borg_set));
    // Both repositories sit in the same folder of this computer.
    let p = places::evaluate(&backups(&[(&restic_set, &ri), (&borg_set, &bi)]), AS_OF);
    assert_eq!(p.verdict, Verdict::Fail);
    assert_eq!(p.reason, places::PlacesReason::NoCurrentPlace);
    // The same backups, recorded as a removable disk and a NAS.
    let mut usb = restic_set.clone();
    usb.location = "/media/dr/DISQUE1/restic".into();
    let mut nas = borg_set.clone();
    nas.location = "cabinet@nas:borg".into();
    nas.removable = false;
    let p = places::evaluate(&backups(&[(&usb, &ri), (&nas, &bi)]), AS_OF);
    assert_eq!(p.verdict, Verdict::Pass);
    let p = places::evaluate(&backups(&[(&usb, &ri)]), AS_OF);
    assert_eq!(
        (p.verdict, p.reason),
        (Verdict::Fail, places::PlacesReason::SinglePlace)
    );
}

#[test]
fn restic_restore_tests_a_sample_then_a_whole_small_backup() {
    let lab = lab();
    let set = lab.set("usb", BackupKind::Restic, "restic-ok");
    let creds = Credentials::resolve(&set).unwrap();
    let mut opts = lab.opts_in("restic-restore");
    opts.whole_max_files = 2; // force a sample
    opts.sample_files = 3;
    let r = vigie_backup::restore_test(&set, &creds, &opts).unwrap();
    assert!(r.test.ok, "{:?}", r.test.error);
    assert_eq!(r.test.scope, RestoreScope::Sample);
    assert_eq!(r.test.files, 3);
    assert!(r.test.backup.as_deref().unwrap().contains("2026-11-27"));
    assert!(r.cleaned_up);
    // The whole (small) snapshot, special characters in names included.
    let r = vigie_backup::restore_test(&set, &creds, &lab.opts_in("restic-restore")).unwrap();
    assert!(r.test.ok, "{:?}", r.test.error);
    assert_eq!(r.test.scope, RestoreScope::Whole);
    assert_eq!(r.test.files, 5);
    assert!(r.test.bytes > 600);
    assert!(
        lab.temp_left("restic-restore").is_empty(),
        "temporary files removed"
    );
    let b = Backups {
        restore_tests: vec![r.test.clone()],
        ..backups(&[(&set, &inventory(&set))])
    };
    // Recorded "now" by the machine's clock: judged at its own date.
    assert_eq!(
        restores::evaluate(&b, r.test.at.date()).verdict,
        Verdict::Pass
    );
}

#[test]
fn borg_restore_compares_each_files_sha256() {
    let lab = lab();
    let set = lab.set("nas", BackupKind::Borg, "borg-ok");
    let creds = Credentials::resolve(&set).unwrap();
    let mut opts = lab.opts();
    opts.whole_max_files = 1;
    opts.sample_files = 2;
    let r = vigie_backup::restore_test(&set, &creds, &opts).unwrap();
    assert!(r.test.ok, "{:?}", r.test.error);
    assert_eq!((r.test.scope, r.test.files), (RestoreScope::Sample, 2));
    assert!(r.test.method.contains("SHA-256"));
    let r = vigie_backup::restore_test(&set, &creds, &lab.opts()).unwrap();
    assert!(r.test.ok, "{:?}", r.test.error);
    assert_eq!((r.test.scope, r.test.files), (RestoreScope::Whole, 5));
    assert!(r.cleaned_up);
}

#[test]
fn a_corrupted_repository_fails_its_restore_test_and_nothing_else() {
    let lab = lab();
    let set = lab.set("usb", BackupKind::Restic, "restic-corrupt");
    // The listing still reads (snapshots and index are whole)...
    let inv = inventory(&set);
    assert_eq!(inv.backups.len(), 3);
    // ...the restore does not.
    let creds = Credentials::resolve(&set).unwrap();
    let r = vigie_backup::restore_test(&set, &creds, &lab.opts()).unwrap();
    assert!(!r.test.ok);
    let error = r.test.error.clone().unwrap();
    assert!(error.contains("restic"), "{error}");
    assert!(
        !error.contains("dupont"),
        "no patient file name in the record: {error}"
    );
    assert!(!error.contains(PASSWORD));
    assert!(r.cleaned_up);
    let b = Backups {
        restore_tests: vec![r.test.clone()],
        ..backups(&[(&set, &inv)])
    };
    let at = r.test.at.date();
    assert_eq!(restores::evaluate(&b, at).verdict, Verdict::Fail);
    // The regime is judged on the listing as before, like its uncorrupted
    // twin: stale.
    let twin_set = lab.set("usb", BackupKind::Restic, "restic-stale");
    let twin = regime::evaluate(&backups(&[(&twin_set, &inventory(&twin_set))]), AS_OF);
    let judged = regime::evaluate(&b, AS_OF);
    assert_eq!(judged.recency, Verdict::Fail);
    assert_eq!(
        (judged.recency, judged.weekly, judged.monthly),
        (twin.recency, twin.weekly, twin.monthly)
    );
}

#[test]
fn a_wrong_password_is_a_clear_error_that_never_shows_it() {
    let lab = lab();
    let mut set = lab.set("usb", BackupKind::Restic, "restic-stale");
    set.password_source = Some(PasswordSource::Env("VIGIE_TEST_RESTIC_PW".into()));
    let wrong = "not-the-password-Zq9";
    let creds = Credentials::resolve_with(&set, |n| {
        (n == "VIGIE_TEST_RESTIC_PW").then(|| wrong.into())
    })
    .unwrap();
    assert!(!format!("{creds:?}").contains(wrong));
    let err = vigie_backup::inspect(&set, &creds, &lab.opts()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("wrong password"), "{msg}");
    assert!(!msg.contains(wrong) && !msg.contains(PASSWORD), "{msg}");
    // A restore test with it is a failed test, said without the password.
    let r = vigie_backup::restore_test(&set, &creds, &lab.opts()).unwrap();
    assert!(!r.test.ok);
    assert!(!r.test.error.unwrap().contains(wrong));
    // No password source at all: borg fails at once instead of asking.
    let mut set = lab.set("nas", BackupKind::Borg, "borg-ok");
    set.password_source = None;
    let err = vigie_backup::inspect(&set, &Credentials::none(), &lab.opts()).unwrap_err();
    assert!(matches!(err, BackupError::Tool { .. }), "{err}");
}

#[test]
fn a_missing_repository_is_no_test() {
    let lab = lab();
    let set = lab.set("usb", BackupKind::Restic, "not-plugged-in");
    let creds = Credentials::resolve(&set).unwrap();
    let err = vigie_backup::restore_test(&set, &creds, &lab.opts()).unwrap_err();
    assert!(matches!(err, BackupError::LocationNotFound { .. }), "{err}");
    let err = vigie_backup::inspect(&set, &creds, &lab.opts()).unwrap_err();
    assert!(err.to_string().contains("is the disk connected"), "{err}");
}
