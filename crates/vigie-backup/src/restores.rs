//! 6.3.1.d, restore tests: "au moins trimestriellement".
//!
//! Judged on the restore tests recorded by `vigie backups test` (a sample of
//! the latest backup restored into a temporary folder and checked against
//! the backup's own checksums). For each set, its latest test counts:
//! - a set whose latest test failed less than [`MAX_AGE_DAYS`] ago: fail (the
//!   backup could not be read back);
//! - otherwise, a successful test less than [`MAX_AGE_DAYS`] old on any set:
//!   pass;
//! - otherwise unknown: tests made by hand or by a provider are invisible
//!   to Vigie, the practitioner's declaration settles it.

use crate::regime::Verdict;
use time::Date;
use vigie_practice::{BackupKind, Backups, RestoreTest};

/// A quarter, rounded up: 92 days.
pub const MAX_AGE_DAYS: i64 = 92;

/// Why 6.3.1.d came out as it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoresReason {
    NoSets,
    RecentSuccess,
    RecentFailure,
    /// Tests exist, none recent.
    NoRecentTest,
    /// No test recorded.
    NeverTested,
}

/// One set's latest test.
#[derive(Debug, Clone, PartialEq)]
pub struct SetTest {
    pub set_id: String,
    /// Vigie can run the test itself (restic, borg, dated folders).
    pub testable: bool,
    pub latest: Option<RestoreTest>,
}

/// 6.3.1.d evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct Restores {
    pub verdict: Verdict,
    pub reason: RestoresReason,
    /// The most recent successful test of any set.
    pub latest_success: Option<RestoreTest>,
    /// Sets whose latest test, recent, failed.
    pub recent_failures: Vec<RestoreTest>,
    pub sets: Vec<SetTest>,
}

impl Restores {
    /// Testable sets without a recent successful test (advice).
    pub fn untested(&self, as_of: Date) -> Vec<&str> {
        self.sets
            .iter()
            .filter(|s| s.testable)
            .filter(|s| {
                !s.latest
                    .as_ref()
                    .is_some_and(|t| t.ok && age(t, as_of) <= MAX_AGE_DAYS)
            })
            .map(|s| s.set_id.as_str())
            .collect()
    }
}

/// Days from a test to `as_of`.
pub fn age(t: &RestoreTest, as_of: Date) -> i64 {
    (as_of - t.at.date()).whole_days()
}

/// Evaluates the restore tests at `as_of` (tests dated later are left
/// out).
pub fn evaluate(backups: &Backups, as_of: Date) -> Restores {
    let sets: Vec<SetTest> = backups
        .sets
        .iter()
        .map(|s| SetTest {
            set_id: s.id.clone(),
            testable: matches!(
                s.kind,
                BackupKind::Restic | BackupKind::Borg | BackupKind::DatedFolder
            ),
            latest: backups
                .tests_of(&s.id)
                .filter(|t| t.at.date() <= as_of)
                .max_by_key(|t| t.at)
                .cloned(),
        })
        .collect();
    let recent = |t: &&RestoreTest| age(t, as_of) <= MAX_AGE_DAYS;
    let recent_failures: Vec<RestoreTest> = sets
        .iter()
        .filter_map(|s| s.latest.as_ref())
        .filter(recent)
        .filter(|t| !t.ok)
        .cloned()
        .collect();
    let latest_success = backups
        .restore_tests
        .iter()
        .filter(|t| t.ok && t.at.date() <= as_of && backups.sets.iter().any(|s| s.id == t.set_id))
        .max_by_key(|t| t.at)
        .cloned();
    let any_test = sets.iter().any(|s| s.latest.is_some());
    let (verdict, reason) = if sets.is_empty() {
        (Verdict::Unknown, RestoresReason::NoSets)
    } else if !recent_failures.is_empty() {
        (Verdict::Fail, RestoresReason::RecentFailure)
    } else if latest_success.as_ref().is_some_and(|t| recent(&t)) {
        (Verdict::Pass, RestoresReason::RecentSuccess)
    } else if any_test {
        (Verdict::Unknown, RestoresReason::NoRecentTest)
    } else {
        (Verdict::Unknown, RestoresReason::NeverTested)
    };
    Restores {
        verdict,
        reason,
        latest_success,
        recent_failures,
        sets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};
    use vigie_practice::{BackupSet, RestoreScope};

    fn set(id: &str, kind: BackupKind) -> BackupSet {
        BackupSet {
            id: id.into(),
            kind,
            location: "/media/x".into(),
            offsite: false,
            removable: true,
            password_source: None,
            added_at: datetime!(2026-01-01 0:00 UTC),
            note: None,
        }
    }

    fn test(id: &str, at: time::OffsetDateTime, ok: bool) -> RestoreTest {
        RestoreTest {
            set_id: id.into(),
            at,
            duration_ms: 1000,
            backup: None,
            scope: RestoreScope::Sample,
            files: 5,
            bytes: 10,
            ok,
            error: (!ok).then(|| "boom".into()),
            method: "m".into(),
        }
    }

    const AS_OF: Date = date!(2026 - 11 - 28);

    #[test]
    fn verdicts() {
        let mut b = Backups {
            sets: vec![
                set("usb", BackupKind::Borg),
                set("tm", BackupKind::TimeMachine),
            ],
            ..Backups::default()
        };
        let r = evaluate(&b, AS_OF);
        assert_eq!(r.reason, RestoresReason::NeverTested);
        assert_eq!(r.untested(AS_OF), ["usb"]);

        b.restore_tests
            .push(test("usb", datetime!(2026-08-01 10:00 UTC), true));
        let r = evaluate(&b, AS_OF);
        assert_eq!(
            (r.verdict, r.reason),
            (Verdict::Unknown, RestoresReason::NoRecentTest)
        );

        b.restore_tests
            .push(test("usb", datetime!(2026-09-01 10:00 UTC), true));
        let r = evaluate(&b, AS_OF);
        assert_eq!(
            (r.verdict, r.reason),
            (Verdict::Pass, RestoresReason::RecentSuccess)
        );
        assert_eq!(age(r.latest_success.as_ref().unwrap(), AS_OF), 88);

        b.restore_tests
            .push(test("usb", datetime!(2026-11-20 10:00 UTC), false));
        let r = evaluate(&b, AS_OF);
        assert_eq!(
            (r.verdict, r.reason),
            (Verdict::Fail, RestoresReason::RecentFailure)
        );

        // A later success on the same set clears the failure.
        b.restore_tests
            .push(test("usb", datetime!(2026-11-21 10:00 UTC), true));
        assert_eq!(evaluate(&b, AS_OF).verdict, Verdict::Pass);
        assert_eq!(
            evaluate(&Backups::default(), AS_OF).reason,
            RestoresReason::NoSets
        );
    }
}
