//! Folders of dated copies (made in a temporary folder) and recorded
//! outputs of Windows and macOS (fixtures), read and judged at a fixed
//! date.

use std::io::Write;
use std::path::Path;
use time::macros::{date, datetime};
use time::Date;
use vigie_backup::regime::{self, SlotState, Verdict};
use vigie_backup::{BackupError, Credentials, Options};
use vigie_practice::{BackupKind, BackupSet, Backups, Encryption, RestoreScope};

const AS_OF: Date = date!(2026 - 11 - 28);

fn set(kind: BackupKind, location: &str) -> BackupSet {
    BackupSet {
        id: "s".into(),
        kind,
        location: location.into(),
        offsite: false,
        removable: true,
        password_source: None,
        added_at: datetime!(2026-01-01 0:00 UTC),
        note: None,
    }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

fn judge(set: &BackupSet, inv: vigie_practice::BackupInventory) -> regime::Regime {
    regime::evaluate(
        &Backups {
            sets: vec![set.clone()],
            inventories: vec![inv],
            restore_tests: Vec::new(),
        },
        AS_OF,
    )
}

fn gz(path: &Path, text: &str) {
    let f = std::fs::File::create(path).unwrap();
    let mut e = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
    e.write_all(text.as_bytes()).unwrap();
    e.finish().unwrap();
}

#[test]
fn dated_archives_are_read_and_the_latest_checked() {
    let dir = tempfile::tempdir().unwrap();
    for d in ["2026-11-27", "2026-11-20", "2026-11-13", "2026-11-06"] {
        gz(
            &dir.path().join(format!("cabinet-{d}.tar.gz")),
            &format!("archive du {d}\n"),
        );
    }
    std::fs::write(dir.path().join("LISEZMOI.txt"), "notes").unwrap();
    let s = set(BackupKind::DatedFolder, &dir.path().display().to_string());
    let inv = vigie_backup::inspect(&s, &Credentials::none(), &Options::default()).unwrap();
    assert_eq!(inv.backups.len(), 4);
    assert_eq!(inv.backups[3].id, "cabinet-2026-11-27.tar.gz");
    assert!(inv.notes[0].contains("1 entries without a date"));
    assert_eq!(inv.encryption, Encryption::Unknown);
    let mut inv = inv;
    inv.checked_at = datetime!(2026-11-28 9:00 UTC);
    let r = judge(&s, inv);
    assert_eq!(
        (r.recency, r.weekly, r.monthly),
        (Verdict::Pass, Verdict::Pass, Verdict::Fail)
    );

    let opts = Options {
        temp_root: Some(dir.path().to_path_buf()),
        ..Options::default()
    };
    let t = vigie_backup::restore_test(&s, &Credentials::none(), &opts).unwrap();
    assert!(t.test.ok, "{:?}", t.test.error);
    assert!(t.test.method.contains("CRC-32"));
    // A damaged archive fails its test.
    let latest = dir.path().join("cabinet-2026-11-27.tar.gz");
    let mut bytes = std::fs::read(&latest).unwrap();
    let n = bytes.len();
    bytes[n - 6] ^= 0xff; // inside the CRC-32 trailer
    std::fs::write(&latest, bytes).unwrap();
    let t = vigie_backup::restore_test(&s, &Credentials::none(), &opts).unwrap();
    assert!(!t.test.ok);
    assert!(t.test.error.unwrap().contains("does not decompress"));
}

#[test]
fn rsnapshot_folders_are_dated_by_their_modification_time() {
    let dir = tempfile::tempdir().unwrap();
    let mk = |name: &str, when: time::OffsetDateTime| {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.join("home/dr")).unwrap();
        std::fs::write(p.join("home/dr/dossier-dupont.txt"), format!("{name}\n")).unwrap();
        std::fs::write(p.join("home/dr/agenda.ics"), "BEGIN:VCALENDAR\n").unwrap();
        let t = std::time::SystemTime::from(when);
        std::fs::File::open(&p).unwrap().set_modified(t).unwrap();
    };
    mk("daily.0", datetime!(2026-11-27 23:00 UTC));
    mk("daily.1", datetime!(2026-11-26 23:00 UTC));
    mk("weekly.0", datetime!(2026-11-20 23:00 UTC));
    mk("weekly.1", datetime!(2026-11-13 23:00 UTC));
    mk("weekly.2", datetime!(2026-11-06 23:00 UTC));
    std::fs::create_dir(dir.path().join(".sync")).unwrap();
    let s = set(BackupKind::DatedFolder, &dir.path().display().to_string());
    let mut inv = vigie_backup::inspect(&s, &Credentials::none(), &Options::default()).unwrap();
    assert_eq!(inv.backups.len(), 5);
    assert_eq!(inv.backups[4].id, "daily.0");
    inv.checked_at = datetime!(2026-11-28 9:00 UTC);
    let r = judge(&s, inv);
    assert_eq!((r.recency, r.weekly), (Verdict::Pass, Verdict::Pass));

    let tmp = tempfile::tempdir().unwrap();
    let opts = Options {
        temp_root: Some(tmp.path().to_path_buf()),
        ..Options::default()
    };
    let t = vigie_backup::restore_test(&s, &Credentials::none(), &opts).unwrap();
    assert!(t.test.ok, "{:?}", t.test.error);
    assert_eq!((t.test.scope, t.test.files), (RestoreScope::Whole, 2));
    assert!(t.test.backup.unwrap().starts_with("daily.0"));
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "temporary copies removed"
    );
    // A SHA256SUMS that disagrees with a file is a failure.
    std::fs::write(
        dir.path().join("daily.0/SHA256SUMS"),
        format!("{}  home/dr/agenda.ics\n", "0".repeat(64)),
    )
    .unwrap();
    let t = vigie_backup::restore_test(&s, &Credentials::none(), &opts).unwrap();
    assert!(!t.test.ok);
    assert!(t.test.error.unwrap().contains("SHA256SUMS"));
}

#[test]
fn a_folder_not_connected_is_said_so() {
    let s = set(BackupKind::DatedFolder, "/media/dr/ABSENT/sauvegardes");
    let err = vigie_backup::inspect(&s, &Credentials::none(), &Options::default()).unwrap_err();
    assert!(matches!(err, BackupError::LocationNotFound { .. }), "{err}");
}

#[test]
fn wbadmin_versions_in_english_and_french() {
    let s = set(BackupKind::Wbadmin, "E:");
    let err = vigie_backup::inspect(&s, &Credentials::none(), &Options::default()).unwrap_err();
    assert!(err.to_string().contains("wbadmin get versions"), "{err}");

    let en = fixture("wbadmin-get-versions-en.txt");
    let inv = vigie_backup::inspect_output(&s, &[&en], datetime!(2026-11-28 8:00 UTC)).unwrap();
    assert_eq!(inv.backups.len(), 4);
    assert_eq!(inv.backups[3].at, datetime!(2026-11-27 20:00 UTC));
    assert_eq!(
        inv.notes,
        ["backup target: 1394/USB Disk labeled Sauvegarde(E:)"]
    );
    let r = judge(&s, inv);
    assert_eq!(r.weekly, Verdict::Fail, "no backup in week 46");
    assert_eq!(
        r.calendar
            .weeks
            .iter()
            .find(|w| w.state == SlotState::Missing)
            .unwrap()
            .key,
        "2026-W46"
    );

    // French, UTF-16 as PowerShell 5.1 writes it: fills week 46.
    let fr = fixture("wbadmin-get-versions-fr.txt");
    let inv =
        vigie_backup::inspect_output(&s, &[&en, &fr], datetime!(2026-11-28 8:00 UTC)).unwrap();
    assert_eq!(inv.backups.len(), 5, "the 21/11 version is listed in both");
    assert!(inv
        .notes
        .iter()
        .any(|n| n.contains("Disque dur fixe nommé Sauvegarde(E:)")));
    assert_eq!(judge(&s, inv).weekly, Verdict::Pass);
}

#[test]
fn file_history_listing() {
    let s = set(BackupKind::WindowsFileHistory, "E:");
    let inv = vigie_backup::inspect_output(
        &s,
        &[&fixture("filehistory-listing.txt")],
        datetime!(2026-11-28 8:00 UTC),
    )
    .unwrap();
    assert_eq!(inv.backups.len(), 5);
    assert_eq!(inv.backups[0].at, datetime!(2026-10-30 18:00:12 UTC));
    assert!(inv.notes[0].contains("changed files"));
    let r = judge(&s, inv);
    assert_eq!(
        (r.recency, r.weekly, r.monthly),
        (Verdict::Pass, Verdict::Pass, Verdict::Fail)
    );
    let err =
        vigie_backup::inspect_output(&s, &[b"Directory of E:\\"], datetime!(2026-11-28 8:00 UTC))
            .unwrap_err();
    assert!(err.to_string().contains("no File History copy"), "{err}");
}

#[test]
fn time_machine_backups_and_destinations() {
    let s = set(BackupKind::TimeMachine, "/Volumes/Sauvegarde");
    let list = fixture("tmutil-listbackups.txt");
    let dest = fixture("tmutil-destinationinfo.txt");
    let inv =
        vigie_backup::inspect_output(&s, &[&list, &dest], datetime!(2026-11-28 8:00 UTC)).unwrap();
    assert_eq!(inv.backups.len(), 5);
    assert_eq!(inv.backups[4].at, datetime!(2026-11-27 18:10:02 UTC));
    assert_eq!(
        inv.notes,
        ["destination: Sauvegarde (Local, /Volumes/Sauvegarde)"]
    );
    let r = judge(&s, inv);
    assert_eq!((r.recency, r.weekly), (Verdict::Pass, Verdict::Pass));
    let err = vigie_backup::inspect_output(
        &s,
        &[b"No machine directory found for host.\n"],
        datetime!(2026-11-28 8:00 UTC),
    )
    .unwrap_err();
    assert!(err.to_string().contains("no backup"), "{err}");
    // Vigie cannot restore it: nothing to record, said so.
    let err =
        vigie_backup::restore_test(&s, &Credentials::none(), &Options::default()).unwrap_err();
    assert!(err.to_string().contains("by hand"), "{err}");
}

#[test]
fn restic_and_borg_json_sent_by_a_provider() {
    let s = set(BackupKind::Restic, "sftp:cab@prestataire.example:/restic");
    let json = br#"[{"time":"2026-11-27T21:00:04.5+01:00","hostname":"poste","id":"9a9dec0df75d0d0747b0","short_id":"9a9dec0d"}]"#;
    let inv = vigie_backup::inspect_output(&s, &[json], datetime!(2026-11-28 8:00 UTC)).unwrap();
    assert_eq!(inv.backups[0].at, datetime!(2026-11-27 20:00:04.5 UTC));
    assert!(matches!(inv.encryption, Encryption::Encrypted { .. }));
    let s = set(BackupKind::Borg, "ssh://cab@prestataire.example/./borg");
    let json = br#"{"archives": [{"name": "a", "start": "2026-11-27T21:00:00.000000"}], "encryption": {"mode": "authenticated"}}"#;
    let inv = vigie_backup::inspect_output(&s, &[json], datetime!(2026-11-28 8:00 UTC)).unwrap();
    assert_eq!(
        inv.encryption,
        Encryption::NotEncrypted {
            mode: "authenticated".into()
        }
    );
}
