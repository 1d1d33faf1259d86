//! 6.3.1.b, the backup regime, judged on every set's latest inventory
//! together (a week is covered if any set holds a backup made in it: the
//! memento's rotation of several media is one regime).
//!
//! The memento asks for a backup "au moins chaque semaine", media reused
//! "par rotation sur 4 semaines", "une sauvegarde mensuelle sur 12 mois
//! glissants", and its "incontournables" add the yearly ones. Judged here:
//! - **recency**: the latest backup is at most [`MAX_AGE_DAYS`] old;
//! - **weekly**: each of the 4 most recent ISO weeks holds a backup;
//! - **monthly**: each of the 12 most recent calendar months holds one;
//! - **yearly**: each calendar year since the oldest backup holds one.
//!
//! Weeks, months and years are calendar periods, as restic's `forget
//! --keep-weekly/--keep-monthly/--keep-yearly` and borg's `prune` count
//! them, so that the proposed retention keeps exactly what is asked. The
//! current week (month, year) counts when it already holds a backup;
//! otherwise it is "in progress" and the window starts at the previous
//! one.
//!
//! What cannot be seen is never taken as missing: a period with no backup
//! is *missing* only if every set was read after the period ended (the
//! oldest inventory date, `observed_until`); otherwise it is *unobserved*
//! and the verdict is unknown. Yearly backups can only be shown once the
//! history reaches beyond the 12 months: a shorter history (backups begun
//! less than a year ago, or older ones deleted: the listing cannot tell)
//! leaves the yearly part to the practitioner's declaration.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, OffsetDateTime};
use vigie_catalog::{Lang, Localized};
use vigie_practice::Backups;

/// The latest backup may be this old (days): "au moins chaque semaine".
pub const MAX_AGE_DAYS: i64 = 7;
/// Weeks that must each hold a backup ("rotation sur 4 semaines").
pub const WEEKS: usize = 4;
/// Months that must each hold a backup ("12 mois glissants").
pub const MONTHS: usize = 12;

/// The outcome of one part of a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Fail,
    Unknown,
}

impl Verdict {
    /// Fail wins, then unknown.
    pub fn and(self, other: Verdict) -> Verdict {
        match (self, other) {
            (Verdict::Fail, _) | (_, Verdict::Fail) => Verdict::Fail,
            (Verdict::Unknown, _) | (_, Verdict::Unknown) => Verdict::Unknown,
            _ => Verdict::Pass,
        }
    }
}

/// What one calendar period shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SlotState {
    /// At least one backup made in it.
    Present,
    /// Required, and no set holds a backup made in it (every set was read
    /// after it ended).
    Missing,
    /// Required, no backup seen, but some set was not read since it ended
    /// (or never): unknown.
    Unobserved,
    /// The current period, without a backup yet: not required yet.
    Pending,
    /// Outside the required window, without a backup: shown for context.
    NotRequired,
}

/// One week, month or year of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarSlot {
    /// `2026-W47`, `2026-11` or `2026`.
    pub key: String,
    /// "semaine 47 (16/11 – 22/11)", "novembre 2026", "2026".
    pub label: Localized,
    /// First and last day (YYYY-MM-DD).
    pub start: String,
    pub end: String,
    /// Part of what the memento requires.
    pub required: bool,
    pub state: SlotState,
    /// Backups made in it, all sets together.
    pub count: u32,
    /// The latest of them (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<String>,
    /// The sets holding them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sets: Vec<String>,
}

/// The calendar of what exists and what is missing, for the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackupCalendar {
    /// The date judged at (YYYY-MM-DD).
    pub as_of: String,
    /// Every set was read on or after this date (YYYY-MM-DD); absent when a
    /// set was never read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_until: Option<String>,
    /// The last 5 ISO weeks, oldest first.
    pub weeks: Vec<CalendarSlot>,
    /// The last 13 months, oldest first.
    pub months: Vec<CalendarSlot>,
    /// Every year from the oldest backup (or last year) to this one.
    pub years: Vec<CalendarSlot>,
}

/// 6.3.1.b evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct Regime {
    pub as_of: Date,
    pub observed_until: Option<Date>,
    /// Sets never read (no inventory).
    pub unread_sets: Vec<String>,
    /// The latest backup and its set.
    pub latest: Option<(OffsetDateTime, String)>,
    pub oldest: Option<OffsetDateTime>,
    /// Backups counted (made on or before `as_of`).
    pub count: usize,
    /// Backups dated after `as_of`, left out.
    pub after_as_of: usize,
    pub recency: Verdict,
    pub weekly: Verdict,
    pub monthly: Verdict,
    pub yearly: Verdict,
    /// The history does not reach beyond the 12 months: yearly backups
    /// cannot be shown (yet).
    pub history_too_short: bool,
    pub calendar: BackupCalendar,
}

impl Regime {
    /// Recency, weekly, monthly and yearly together.
    pub fn verdict(&self) -> Verdict {
        self.recency
            .and(self.weekly)
            .and(self.monthly)
            .and(self.yearly)
    }

    /// Whether the only open question is the yearly history, which a
    /// person can answer.
    pub fn only_history_open(&self) -> bool {
        self.history_too_short
            && self.recency == Verdict::Pass
            && self.weekly == Verdict::Pass
            && self.monthly == Verdict::Pass
    }

    /// Days from the latest backup to `as_of`.
    pub fn latest_age_days(&self) -> Option<i64> {
        self.latest
            .as_ref()
            .map(|(at, _)| (self.as_of - at.date()).whole_days())
    }
}

fn day(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn monday(d: Date) -> Date {
    d - Duration::days(i64::from(d.weekday().number_days_from_monday()))
}

fn month_start(year: i32, month: Month) -> Date {
    Date::from_calendar_date(year, month, 1).unwrap_or(Date::MIN)
}

fn month_back(d: Date, n: u32) -> Date {
    let mut y = d.year();
    let mut m = d.month();
    for _ in 0..n {
        if m == Month::January {
            y -= 1;
        }
        m = m.previous();
    }
    month_start(y, m)
}

fn month_end(start: Date) -> Date {
    let next = if start.month() == Month::December {
        month_start(start.year() + 1, Month::January)
    } else {
        month_start(start.year(), start.month().next())
    };
    next.previous_day().unwrap_or(start)
}

fn year_span(y: i32) -> (Date, Date) {
    (
        month_start(y, Month::January),
        Date::from_calendar_date(y, Month::December, 31).unwrap_or(Date::MAX),
    )
}

struct Period {
    key: String,
    label: Localized,
    start: Date,
    end: Date,
}

fn week(start: Date) -> Period {
    let (iso_year, w, _) = start.to_iso_week_date();
    let end = start + Duration::days(6);
    let short_fr = |d: Date| format!("{:02}/{:02}", d.day(), u8::from(d.month()));
    let short_en = |d: Date| {
        format!(
            "{} {}",
            &Lang::En.month_name(u8::from(d.month()))[..3],
            d.day()
        )
    };
    Period {
        key: format!("{iso_year}-W{w:02}"),
        label: Localized::new(
            format!("semaine {w} ({} – {})", short_fr(start), short_fr(end)),
            format!("week {w} ({} – {})", short_en(start), short_en(end)),
        ),
        start,
        end,
    }
}

fn month(start: Date) -> Period {
    let m = u8::from(start.month());
    Period {
        key: format!("{}-{:02}", start.year(), m),
        label: Localized::new(
            format!("{} {}", Lang::Fr.month_name(m), start.year()),
            format!("{} {}", Lang::En.month_name(m), start.year()),
        ),
        start,
        end: month_end(start),
    }
}

fn year(y: i32) -> Period {
    let (start, end) = year_span(y);
    Period {
        key: y.to_string(),
        label: Localized::new(y.to_string(), y.to_string()),
        start,
        end,
    }
}

/// The backups seen, as (date made, time, set).
struct Seen<'a> {
    points: Vec<(Date, OffsetDateTime, &'a str)>,
    observed_until: Option<Date>,
}

impl Seen<'_> {
    fn slot(&self, p: Period, required: bool, current: bool) -> CalendarSlot {
        let inside: Vec<_> = self
            .points
            .iter()
            .filter(|(d, _, _)| *d >= p.start && *d <= p.end)
            .collect();
        let mut sets: Vec<String> = inside.iter().map(|(_, _, s)| s.to_string()).collect();
        sets.sort();
        sets.dedup();
        let state = if !inside.is_empty() {
            SlotState::Present
        } else if current {
            SlotState::Pending
        } else if !required {
            SlotState::NotRequired
        } else if self.observed_until.is_some_and(|o| o >= p.end) {
            SlotState::Missing
        } else {
            SlotState::Unobserved
        };
        CalendarSlot {
            key: p.key,
            label: p.label,
            start: day(p.start),
            end: day(p.end),
            required: required && !(current && inside.is_empty()),
            state,
            count: u32::try_from(inside.len()).unwrap_or(u32::MAX),
            latest: inside.iter().map(|(_, t, _)| *t).max().map(rfc3339),
            sets,
        }
    }
}

fn verdict(slots: &[CalendarSlot]) -> Verdict {
    let required: Vec<_> = slots.iter().filter(|s| s.required).collect();
    if required.iter().any(|s| s.state == SlotState::Missing) {
        Verdict::Fail
    } else if required.iter().all(|s| s.state == SlotState::Present) {
        Verdict::Pass
    } else {
        Verdict::Unknown
    }
}

/// Evaluates the regime of every recorded set at `as_of`.
pub fn evaluate(backups: &Backups, as_of: Date) -> Regime {
    let mut unread_sets = Vec::new();
    let mut observed_until: Option<Date> = None;
    let mut points = Vec::new();
    let mut after_as_of = 0;
    for set in &backups.sets {
        match backups.inventory(&set.id) {
            None => unread_sets.push(set.id.clone()),
            Some(inv) => {
                let checked = inv.checked_at.date();
                observed_until = Some(observed_until.map_or(checked, |o| o.min(checked)));
                for b in &inv.backups {
                    if b.at.date() > as_of {
                        after_as_of += 1;
                    } else {
                        points.push((b.at.date(), b.at, set.id.as_str()));
                    }
                }
            }
        }
    }
    if !unread_sets.is_empty() || backups.sets.is_empty() {
        observed_until = None;
    }
    let seen = Seen {
        points,
        observed_until,
    };
    let latest = seen
        .points
        .iter()
        .max_by_key(|(_, t, _)| *t)
        .map(|(_, t, s)| (*t, s.to_string()));
    let oldest = seen.points.iter().map(|(_, t, _)| *t).min();
    let has = |start: Date, end: Date| seen.points.iter().any(|(d, _, _)| *d >= start && *d <= end);

    // Weeks: W0 is the current ISO week.
    let w0 = monday(as_of);
    let w0_present = has(w0, w0 + Duration::days(6));
    let weeks: Vec<CalendarSlot> = (0..=WEEKS)
        .rev()
        .map(|k| {
            let start = w0 - Duration::days(7 * k as i64);
            let in_window = if w0_present { k < WEEKS } else { k >= 1 };
            seen.slot(week(start), in_window, k == 0)
        })
        .collect();

    // Months: M0 is the current month.
    let m0 = month_start(as_of.year(), as_of.month());
    let m0_present = has(m0, month_end(m0));
    let months: Vec<CalendarSlot> = (0..=MONTHS as u32)
        .rev()
        .map(|k| {
            let in_window = if m0_present {
                (k as usize) < MONTHS
            } else {
                k >= 1
            };
            seen.slot(month(month_back(m0, k)), in_window, k == 0)
        })
        .collect();
    let window_start = if m0_present {
        month_back(m0, MONTHS as u32 - 1)
    } else {
        month_back(m0, MONTHS as u32)
    };

    // Years: judged only when the history reaches beyond the monthly window.
    let history_too_short = oldest.is_none_or(|o| o.date() >= window_start);
    let first_year = oldest
        .map(|o| o.year())
        .unwrap_or(as_of.year() - 1)
        .min(as_of.year() - 1)
        .max(as_of.year() - 30);
    let years: Vec<CalendarSlot> = (first_year..=as_of.year())
        .map(|y| {
            let required = !history_too_short && oldest.is_some_and(|o| y >= o.year());
            seen.slot(year(y), required, y == as_of.year())
        })
        .collect();

    let recency = match &latest {
        Some((at, _)) if (as_of - at.date()).whole_days() <= MAX_AGE_DAYS => Verdict::Pass,
        Some((at, _)) => match observed_until {
            // A gap of more than a week already seen by every set.
            Some(o) if (o - at.date()).whole_days() > MAX_AGE_DAYS => Verdict::Fail,
            _ => Verdict::Unknown,
        },
        None if observed_until.is_some() => Verdict::Fail,
        None => Verdict::Unknown,
    };
    let weekly = verdict(&weeks);
    let monthly = verdict(&months);
    let yearly = if latest.is_none() {
        recency
    } else if history_too_short {
        Verdict::Unknown
    } else {
        verdict(&years)
    };
    let any_backup = latest.is_some();
    Regime {
        as_of,
        observed_until,
        unread_sets,
        latest,
        oldest,
        count: seen.points.len(),
        after_as_of,
        recency,
        weekly,
        monthly,
        yearly,
        history_too_short: history_too_short && any_backup,
        calendar: BackupCalendar {
            as_of: day(as_of),
            observed_until: observed_until.map(day),
            weeks,
            months,
            years,
        },
    }
}

/// Days between two dates (`a - b`).
pub fn days_between(a: Date, b: Date) -> i64 {
    (a - b).whole_days()
}

/// Monday of `d`'s ISO week (for tests and callers building periods).
pub fn week_start(d: Date) -> Date {
    monday(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};
    use vigie_practice::{BackupInventory, BackupKind, BackupPoint, BackupSet, Encryption};

    const AS_OF: Date = date!(2026 - 11 - 28); // a Saturday, ISO week 48

    fn set(id: &str) -> BackupSet {
        BackupSet {
            id: id.into(),
            kind: BackupKind::Restic,
            location: format!("/media/{id}/restic"),
            offsite: false,
            removable: true,
            password_source: None,
            added_at: datetime!(2024-01-01 0:00 UTC),
            note: None,
        }
    }

    fn inv(id: &str, checked: OffsetDateTime, dates: &[Date]) -> BackupInventory {
        BackupInventory {
            set_id: id.into(),
            checked_at: checked,
            source: "test".into(),
            tool_version: None,
            encryption: Encryption::Unknown,
            backups: dates
                .iter()
                .map(|d| BackupPoint {
                    at: d.with_hms(21, 0, 0).unwrap().assume_utc(),
                    id: d.to_string(),
                    host: None,
                })
                .collect(),
            notes: Vec::new(),
        }
    }

    /// Weekly on Fridays for 5 weeks, the 1st of each month for a year,
    /// and one at the end of 2024.
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

    fn backups(dates: &[Date]) -> Backups {
        Backups {
            sets: vec![set("usb")],
            inventories: vec![inv("usb", datetime!(2026-11-28 9:00 UTC), dates)],
            restore_tests: Vec::new(),
        }
    }

    #[test]
    fn a_compliant_regime_passes() {
        let r = evaluate(&backups(&compliant()), AS_OF);
        assert_eq!(
            (r.recency, r.weekly, r.monthly, r.yearly),
            (Verdict::Pass, Verdict::Pass, Verdict::Pass, Verdict::Pass),
            "{:#?}",
            r.calendar
        );
        assert_eq!(r.verdict(), Verdict::Pass);
        assert_eq!(r.latest_age_days(), Some(1));
        let c = &r.calendar;
        assert_eq!(c.weeks.len(), 5);
        assert_eq!(c.weeks[4].key, "2026-W48");
        assert_eq!(c.weeks[4].label.fr, "semaine 48 (23/11 – 29/11)");
        assert_eq!(c.weeks[0].state, SlotState::Present);
        assert!(!c.weeks[0].required, "W0 holds one: W-4 is outside");
        assert_eq!(c.months.len(), 13);
        assert_eq!(c.months[12].key, "2026-11");
        assert_eq!(c.months[0].key, "2025-11");
        assert!(!c.months[0].required);
        assert_eq!(c.months[0].state, SlotState::NotRequired);
        assert_eq!(c.months[1].label.fr, "décembre 2025");
        assert_eq!(
            c.years
                .iter()
                .map(|y| (y.key.as_str(), y.state))
                .collect::<Vec<_>>(),
            [
                ("2024", SlotState::Present),
                ("2025", SlotState::Present),
                ("2026", SlotState::Present)
            ]
        );
    }

    #[test]
    fn a_missing_week_fails() {
        let dates: Vec<Date> = compliant()
            .into_iter()
            .filter(|d| *d != date!(2026 - 11 - 13))
            .collect();
        let r = evaluate(&backups(&dates), AS_OF);
        assert_eq!(r.weekly, Verdict::Fail);
        assert_eq!(r.recency, Verdict::Pass);
        let missing: Vec<_> = r
            .calendar
            .weeks
            .iter()
            .filter(|s| s.state == SlotState::Missing)
            .map(|s| s.key.as_str())
            .collect();
        assert_eq!(missing, ["2026-W46"]);
    }

    #[test]
    fn no_monthly_history_fails() {
        let r = evaluate(&backups(&compliant()[..5]), AS_OF);
        assert_eq!(r.weekly, Verdict::Pass);
        assert_eq!(r.monthly, Verdict::Fail);
        assert!(r.history_too_short);
        assert_eq!(r.yearly, Verdict::Unknown);
        assert_eq!(r.verdict(), Verdict::Fail);
    }

    #[test]
    fn a_stale_latest_backup_fails_when_seen_stale() {
        // Read on 28/11, latest on 18/11: a gap of 10 days seen.
        let dates = [
            date!(2026 - 11 - 18),
            date!(2026 - 11 - 11),
            date!(2026 - 11 - 04),
            date!(2026 - 10 - 28),
        ];
        let r = evaluate(&backups(&dates), AS_OF);
        assert_eq!(r.recency, Verdict::Fail);
        assert_eq!(r.latest_age_days(), Some(10));
        // The current week is in progress: W47..W44 are required.
        assert_eq!(r.calendar.weeks[4].state, SlotState::Pending);
        assert_eq!(r.weekly, Verdict::Pass);
    }

    #[test]
    fn what_was_not_read_since_is_unknown_not_missing() {
        // The compliant history, read on 28/11, judged ten days later.
        let r = evaluate(&backups(&compliant()), date!(2026 - 12 - 08));
        assert_eq!(
            r.recency,
            Verdict::Unknown,
            "a backup may have been made since"
        );
        assert_eq!(r.weekly, Verdict::Unknown);
        assert!(r
            .calendar
            .weeks
            .iter()
            .any(|s| s.state == SlotState::Unobserved));
        // A set never read makes every gap unobserved.
        let mut b = backups(&compliant()[..5]);
        b.sets.push(set("nas"));
        let r = evaluate(&b, AS_OF);
        assert_eq!(r.monthly, Verdict::Unknown);
        assert_eq!(r.unread_sets, ["nas"]);
        assert_eq!(r.calendar.observed_until, None);
    }

    #[test]
    fn sets_together_make_one_regime() {
        let dates = compliant();
        let (weekly, rest) = dates.split_at(5);
        let b = Backups {
            sets: vec![set("usb"), set("nas")],
            inventories: vec![
                inv("usb", datetime!(2026-11-28 9:00 UTC), weekly),
                inv("nas", datetime!(2026-11-27 9:00 UTC), rest),
            ],
            restore_tests: Vec::new(),
        };
        let r = evaluate(&b, AS_OF);
        assert_eq!(r.verdict(), Verdict::Pass);
        assert_eq!(r.calendar.observed_until.as_deref(), Some("2026-11-27"));
        assert_eq!(r.calendar.months[12].sets, ["usb"]);
    }

    #[test]
    fn yearly_gaps_and_short_histories() {
        // 2024 is kept, 2023 is kept, but nothing from... every year from
        // the oldest must hold one: a gap in 2024 fails.
        let mut dates = compliant();
        dates.retain(|d| d.year() != 2024);
        dates.push(date!(2023 - 06 - 01));
        let r = evaluate(&backups(&dates), AS_OF);
        assert_eq!(r.yearly, Verdict::Fail);
        assert_eq!(r.calendar.years[1].state, SlotState::Missing);
        // Only the last 12 months: yearly backups cannot be shown yet.
        let dates: Vec<Date> = compliant()
            .into_iter()
            .filter(|d| d.year() >= 2025)
            .collect();
        let r = evaluate(&backups(&dates), AS_OF);
        assert_eq!(r.yearly, Verdict::Unknown);
        assert!(r.only_history_open());
    }

    #[test]
    fn nothing_at_all() {
        let r = evaluate(&backups(&[]), AS_OF);
        assert_eq!(r.verdict(), Verdict::Fail);
        assert_eq!(r.recency, Verdict::Fail);
        let r = evaluate(&Backups::default(), AS_OF);
        assert_eq!(r.verdict(), Verdict::Unknown);
        // Backups after the audit date are left out.
        let r = evaluate(&backups(&[date!(2026 - 12 - 24)]), AS_OF);
        assert_eq!(r.after_as_of, 1);
        assert_eq!(r.count, 0);
    }

    #[test]
    fn the_current_month_in_progress() {
        // Judged on 2 December, last backup on 27 November: December is
        // pending, the window runs from December 2025 to November 2026.
        let r = evaluate(&backups(&compliant()), date!(2026 - 12 - 02));
        assert_eq!(r.calendar.months[12].state, SlotState::Pending);
        assert_eq!(r.monthly, Verdict::Pass, "{:#?}", r.calendar.months);
        assert_eq!(week_start(date!(2026 - 11 - 28)), date!(2026 - 11 - 23));
        assert_eq!(
            days_between(date!(2026 - 11 - 28), date!(2026 - 11 - 21)),
            7
        );
    }
}
