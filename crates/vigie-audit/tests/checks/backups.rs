//! Backups (6.3.1.b, c, d; 6.3.1.e shown): judged from the practice
//! record's backup sets, their latest inventories and restore tests, not
//! from the machine. The real restic and borg are exercised in
//! `crates/vigie-backup/tests`; here the inventories are written out, so
//! that each verdict and its wording is pinned at [`AS_OF`].

use crate::common::{text, Tree, AS_OF};
use time::macros::{date, datetime};
use time::{Date, Month, OffsetDateTime};
use vigie_audit::checks::{self, backup_places, backup_regime, restore_tests};
use vigie_audit::{Basis, Context, PracticeRecord, Profile, Report, Status};
use vigie_evidence::Platform;
use vigie_practice::{
    Answer, BackupInventory, BackupKind, BackupPoint, BackupSet, Backups, Declaration, Encryption,
    PasswordSource, RestoreScope, RestoreTest,
};

fn set(id: &str, kind: BackupKind, location: &str, offsite: bool, removable: bool) -> BackupSet {
    BackupSet {
        id: id.into(),
        kind,
        location: location.into(),
        offsite,
        removable,
        password_source: kind
            .uses_password()
            .then(|| PasswordSource::File("/root/.config/vigie/restic-pw".into())),
        added_at: datetime!(2026-01-10 9:00 UTC),
        note: None,
    }
}

fn inventory(
    id: &str,
    checked: OffsetDateTime,
    dates: &[Date],
    encryption: Encryption,
) -> BackupInventory {
    BackupInventory {
        set_id: id.into(),
        checked_at: checked,
        source: "restic snapshots --json".into(),
        tool_version: Some("restic 0.14.0".into()),
        encryption,
        backups: dates
            .iter()
            .map(|d| BackupPoint {
                at: d.with_hms(21, 0, 0).unwrap().assume_utc(),
                id: format!("{d}"),
                host: Some("poste".into()),
            })
            .collect(),
        notes: Vec::new(),
    }
}

/// Fridays of the last 5 weeks, the 1st of each month back to December
/// 2025, the last day of 2024.
fn compliant() -> Vec<Date> {
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
    d
}

const CHECKED: OffsetDateTime = datetime!(2026-11-28 8:30 UTC);

fn restic() -> Encryption {
    Encryption::Encrypted {
        mode: "AES-256-CTR + Poly1305-AES".into(),
    }
}

/// A restic repository on a removable disk and a borg one on the NAS.
fn practice(dates: &[Date]) -> Backups {
    Backups {
        sets: vec![
            set(
                "usb",
                BackupKind::Restic,
                "/media/dr/DISQUE1/restic",
                false,
                true,
            ),
            set("nas", BackupKind::Borg, "cabinet@nas:borg", false, false),
        ],
        inventories: vec![
            inventory("usb", CHECKED, dates, restic()),
            inventory(
                "nas",
                CHECKED,
                &dates[..2.min(dates.len())],
                Encryption::Encrypted {
                    mode: "repokey".into(),
                },
            ),
        ],
        restore_tests: Vec::new(),
    }
}

fn restore(id: &str, at: OffsetDateTime, ok: bool) -> RestoreTest {
    RestoreTest {
        set_id: id.into(),
        at,
        duration_ms: 2400,
        backup: Some("9a9dec0d (2026-11-27)".into()),
        scope: RestoreScope::Sample,
        files: 5,
        bytes: 48_213,
        ok,
        error: (!ok).then(|| "restic restore failed (exit code 1): ignoring error for <file>: ciphertext verification failed".into()),
        method: "restic restore --verify".into(),
    }
}

#[track_caller]
fn expect(f: vigie_audit::Finding, status: Status, mentions: &[&str]) -> vigie_audit::Finding {
    let shown = text(&f);
    assert_eq!(f.status, status, "{shown}");
    for m in mentions {
        assert!(shown.contains(m), "expected {m:?} in:\n{shown}");
    }
    f
}

// 6.3.1.b -----------------------------------------------------------------

#[test]
fn regime_compliant_passes() {
    let f = expect(
        backup_regime::evaluate(&practice(&compliant()), AS_OF),
        Status::Pass,
        &[
            "27/11/2026",
            "il y a 1 jours",
            "depuis 2024",
            "backup set usb (restic)",
            "checked on 2026-11-28",
        ],
    );
    assert!(!f.declaration_decides);
}

#[test]
fn regime_missing_week_fails_and_names_it() {
    let dates: Vec<Date> = compliant()
        .into_iter()
        .filter(|d| *d != date!(2026 - 11 - 13))
        .collect();
    let b = Backups {
        sets: vec![practice(&dates).sets[0].clone()],
        inventories: vec![inventory("usb", CHECKED, &dates, restic())],
        ..Backups::default()
    };
    expect(
        backup_regime::evaluate(&b, AS_OF),
        Status::Fail,
        &[
            "semaine 46 (09/11 – 15/11)",
            "week 46",
            "backup calendar",
            "2026-W46",
            "Réglez la conservation",
        ],
    );
}

#[test]
fn regime_without_monthly_history_fails() {
    let dates = &compliant()[..5];
    expect(
        backup_regime::evaluate(&practice(dates), AS_OF),
        Status::Fail,
        &[
            "mois sans sauvegarde",
            "décembre 2025",
            "septembre 2026",
            "month(s) without a backup",
        ],
    );
}

#[test]
fn regime_stale_latest_backup_fails() {
    let dates = [
        date!(2026 - 11 - 18),
        date!(2026 - 11 - 11),
        date!(2026 - 11 - 04),
        date!(2026 - 10 - 28),
    ];
    expect(
        backup_regime::evaluate(&practice(&dates), AS_OF),
        Status::Fail,
        &[
            "18/11/2026",
            "il y a 10 jours",
            "tous les 7 jours",
            "10 days ago",
        ],
    );
}

#[test]
fn regime_unknowns() {
    // No set: the declaration decides.
    let f = expect(
        backup_regime::evaluate(&Backups::default(), AS_OF),
        Status::Unknown,
        &["vigie backups add"],
    );
    assert!(f.declaration_decides);
    // A set never checked: gaps may be there.
    let mut b = practice(&compliant()[..5]);
    b.inventories.remove(1);
    let f = expect(
        backup_regime::evaluate(&b, AS_OF),
        Status::Unknown,
        &["jamais relevé", "nas", "never checked"],
    );
    assert!(!f.declaration_decides);
    // Read ten days before the audit: what happened since is unseen.
    let f = expect(
        backup_regime::evaluate(&practice(&compliant()), date!(2026 - 12 - 08)),
        Status::Unknown,
        &["dernier relevé date du 28/11/2026", "vigie backups check"],
    );
    assert!(!f.declaration_decides);
    // Twelve months only: the yearly part is left to the declaration.
    let dates: Vec<Date> = compliant()
        .into_iter()
        .filter(|d| d.year() >= 2025)
        .collect();
    let f = expect(
        backup_regime::evaluate(&practice(&dates), AS_OF),
        Status::Unknown,
        &[
            "moins de 12 mois",
            "une sauvegarde par an",
            "your answer decides",
        ],
    );
    assert!(f.declaration_decides);
}

// 6.3.1.c -----------------------------------------------------------------

#[test]
fn places_two_storages_one_away_pass() {
    expect(
        backup_places::evaluate(&practice(&compliant()), AS_OF),
        Status::Pass,
        &[
            "2 supports distincts",
            "mount:/media/dr/DISQUE1",
            "host:nas",
            "removable",
        ],
    );
}

#[test]
fn places_single_location_fails() {
    let mut b = practice(&compliant());
    b.sets.truncate(1);
    b.inventories.truncate(1);
    expect(
        backup_places::evaluate(&b, AS_OF),
        Status::Fail,
        &["un seul support", "single storage"],
    );
    // On the computer's own disk: no place at all.
    let mut b = practice(&compliant());
    b.sets[0].location = "/srv/sauvegardes/restic".into();
    b.sets[1].location = "/var/backups/borg".into();
    expect(
        backup_places::evaluate(&b, AS_OF),
        Status::Fail,
        &["hors de l'ordinateur lui-même", "this-computer"],
    );
    // Two storages, both at the practice and connected.
    let mut b = practice(&compliant());
    b.sets[0].removable = false;
    expect(
        backup_places::evaluate(&b, AS_OF),
        Status::Fail,
        &["tous au cabinet et branchés"],
    );
}

#[test]
fn places_unknowns() {
    let mut b = practice(&compliant());
    b.inventories.remove(1);
    expect(
        backup_places::evaluate(&b, AS_OF),
        Status::Unknown,
        &["pas été relevés récemment", "not checked recently"],
    );
    let f = expect(
        backup_places::evaluate(&Backups::default(), AS_OF),
        Status::Unknown,
        &["Aucun jeu de sauvegarde"],
    );
    assert!(f.declaration_decides);
}

// 6.3.1.d -----------------------------------------------------------------

#[test]
fn restore_recent_success_passes() {
    let mut b = practice(&compliant());
    b.restore_tests
        .push(restore("usb", datetime!(2026-10-02 10:00 UTC), true));
    expect(
        restore_tests::evaluate(&b, AS_OF),
        Status::Pass,
        &[
            "02/10/2026",
            "il y a 57 jours",
            "5 fichier(s)",
            "Pensez aussi à tester : nas",
        ],
    );
}

#[test]
fn restore_recent_failure_fails() {
    let mut b = practice(&compliant());
    b.restore_tests
        .push(restore("usb", datetime!(2026-10-02 10:00 UTC), true));
    b.restore_tests
        .push(restore("usb", datetime!(2026-11-27 10:00 UTC), false));
    expect(
        restore_tests::evaluate(&b, AS_OF),
        Status::Fail,
        &[
            "27/11/2026 a échoué",
            "ciphertext verification failed",
            "vigie backups test usb",
            "FAILED on 2026-11-27",
        ],
    );
}

#[test]
fn restore_unknowns() {
    let mut b = practice(&compliant());
    let f = expect(
        restore_tests::evaluate(&b, AS_OF),
        Status::Unknown,
        &["aucun n'est enregistré", "no restore test recorded"],
    );
    assert!(f.declaration_decides);
    b.restore_tests
        .push(restore("usb", datetime!(2026-08-01 10:00 UTC), true));
    expect(
        restore_tests::evaluate(&b, AS_OF),
        Status::Unknown,
        &["le dernier date du 01/08/2026", "119 days ago"],
    );
}

// The report ----------------------------------------------------------------

fn report(platform: Platform) -> Report {
    let tree = Tree::new();
    let mut evidence = tree.offline();
    evidence.target.platform = platform;
    let profile = Profile::memento_2013();
    Report::generate(
        vigie_catalog::embedded(),
        &Context::new(&evidence, &profile, AS_OF),
        false,
        1.0,
    )
}

fn declared(id: &str, answer: Answer) -> Declaration {
    Declaration {
        requirement_id: id.into(),
        answer,
        note: None,
        proof: None,
        author: "Dr Martin".into(),
        answered_at: datetime!(2026-11-20 10:00 UTC),
    }
}

#[test]
fn without_the_record_backups_are_open_on_every_platform() {
    for platform in [Platform::Linux, Platform::Windows, Platform::Macos] {
        let r = report(platform);
        for id in ["6.3.1.b", "6.3.1.c", "6.3.1.d"] {
            let res = r.result(id).unwrap();
            assert_eq!(res.status, Status::Unknown, "{id} {platform:?}");
            assert_eq!(res.basis, Basis::Machine, "{id} {platform:?}");
            assert!(
                res.reason.fr.contains("dossier du cabinet"),
                "{}",
                res.reason.fr
            );
        }
        assert!(r.backups.is_none());
    }
    assert!(checks::check("6.3.1.b").is_some());
}

#[test]
fn the_record_settles_backups_with_the_declarations() {
    let mut backups = practice(&compliant());
    backups
        .restore_tests
        .push(restore("usb", datetime!(2026-11-27 10:00 UTC), true));
    let record = PracticeRecord {
        declarations: vec![
            declared("6.3.1.b", Answer::Yes),
            declared("6.3.1.c", Answer::Yes),
            declared("6.3.1.d", Answer::Yes),
            declared("6.3.1.e", Answer::Yes),
        ],
        backups,
        ..PracticeRecord::default()
    };
    let mut r = report(Platform::Linux);
    r.apply_record(vigie_catalog::embedded(), &record, AS_OF);
    for id in ["6.3.1.b", "6.3.1.c", "6.3.1.d"] {
        let res = r.result(id).unwrap();
        assert_eq!(res.status, Status::Pass, "{id}: {}", res.reason.fr);
        assert_eq!(res.basis, Basis::MachineAndDeclaration);
        assert_eq!(res.machine_status, Some(Status::Pass));
    }
    // 6.3.1.e: the declaration decides; each set's encryption is shown.
    let e = r.result("6.3.1.e").unwrap();
    assert_eq!(e.status, Status::Pass);
    let shown: Vec<String> = e
        .evidence
        .iter()
        .map(|i| format!("{} {}", i.source, i.value))
        .collect();
    assert!(
        shown
            .iter()
            .any(|s| s.contains("usb (restic) encrypted (AES-256")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|s| s.contains("nas (borg) encrypted (repokey)")),
        "{shown:?}"
    );

    let section = r.backups.as_ref().unwrap();
    assert_eq!(section.sets.len(), 2);
    assert_eq!(section.calendar.weeks.len(), 5);
    assert_eq!(section.calendar.months.len(), 13);
    assert_eq!(section.retention.len(), 2);
    assert!(section.retention[0].commands[1]
        .contains("forget --keep-weekly 4 --keep-monthly 12 --keep-yearly 10"));
    assert!(section.encryption_guidance.cnil.fr.contains("CNIL"));
    assert!(section
        .encryption_guidance
        .memento
        .fr
        .contains("non chiffré"));
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.contains("file:/root/.config/vigie/restic-pw"));
    assert!(json.contains("\"state\":\"missing\"") || json.contains("\"state\":\"present\""));
}

#[test]
fn a_machine_failure_stands_against_a_declared_yes() {
    let record = PracticeRecord {
        declarations: vec![
            declared("6.3.1.b", Answer::Yes),
            declared("6.3.1.c", Answer::Yes),
        ],
        backups: {
            let mut b = practice(&compliant()[..5]);
            b.sets.truncate(1);
            b.inventories.truncate(1);
            b
        },
        ..PracticeRecord::default()
    };
    let mut r = report(Platform::Windows);
    r.apply_record(vigie_catalog::embedded(), &record, AS_OF);
    for id in ["6.3.1.b", "6.3.1.c"] {
        let res = r.result(id).unwrap();
        assert_eq!(res.status, Status::Fail, "{id}");
        assert!(
            res.reason.fr.contains("Déclaré « oui »"),
            "{}",
            res.reason.fr
        );
    }
    // No restore test recorded: the declared "yes" settles 6.3.1.d... not
    // answered here: it stays open.
    let d = r.result("6.3.1.d").unwrap();
    assert_eq!(d.status, Status::Unknown);
    assert!(d.declaration_decides);
}

#[test]
fn without_any_backup_set_the_declaration_decides() {
    let record = PracticeRecord {
        declarations: vec![
            declared("6.3.1.b", Answer::Yes),
            declared("6.3.1.c", Answer::No),
        ],
        ..PracticeRecord::default()
    };
    let mut r = report(Platform::Macos);
    r.apply_record(vigie_catalog::embedded(), &record, AS_OF);
    assert_eq!(r.result("6.3.1.b").unwrap().status, Status::Pass);
    assert_eq!(r.result("6.3.1.c").unwrap().status, Status::Fail);
    assert!(r.backups.is_none());
}
