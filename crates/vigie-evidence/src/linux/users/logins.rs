//! Last logins: `/var/log/lastlog`, `/var/log/wtmp` (and its first
//! rotation), and util-linux's lastlog2 database read live with the
//! `lastlog2` command (it is SQLite, and this crate links no C library).
//!
//! Record layouts (glibc `<bits/utmp.h>`, `<lastlog.h>`), identical on
//! x86_64, aarch64 and 32-bit systems because the time fields are 32-bit
//! there for compatibility (`__WORDSIZE_TIME64_COMPAT32`):
//! - `struct lastlog { int32 ll_time; char ll_line[32]; char ll_host[256]; }`,
//!   292 bytes, record N is uid N, a zero time means never;
//! - `struct utmp`, 384 bytes: `short ut_type` at 0, `ut_line[32]` at 8,
//!   `ut_user[32]` at 44, `ut_host[256]` at 76, `int32 tv_sec` at 340;
//!   `ut_type` 7 is `USER_PROCESS` (a login).
//!
//! Times are read as unsigned 32-bit values (what writers store), which
//! stays right until 2106. Host names are reduced to "remote or not".

use crate::command::CommandOutput;
use crate::fs::Fs;
use crate::model::Collected;
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const LASTLOG: &str = "/var/log/lastlog";
pub const LASTLOG_RECORD: usize = 292;
pub const UTMP_RECORD: usize = 384;
pub const WTMP_FILES: &[&str] = &["/var/log/wtmp", "/var/log/wtmp.1"];
pub const LASTLOG2_DB: &str = "/var/lib/lastlog/lastlog2.db";
/// Reading stops here (the file reader's own limit).
const MAX_READ: u64 = 16 * 1024 * 1024;
const USER_PROCESS: i16 = 7;

/// One account's record in `/var/log/lastlog`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LastlogEntry {
    pub uid: u32,
    /// Seconds since the epoch.
    pub time: i64,
    /// Terminal line (`tty1`, `pts/0`, `:0`).
    pub line: String,
    /// Logged in from another machine.
    pub remote: bool,
}

/// What one wtmp file says: its span and each account's logins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WtmpLog {
    /// Time of the first and last records (the period the file covers).
    pub first: Option<i64>,
    pub last: Option<i64>,
    pub records: u64,
    /// The file is larger than what was read: its latest records are missing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    pub logins: Vec<WtmpLogin>,
}

/// An account's logins in one wtmp file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WtmpLogin {
    pub user: String,
    /// The latest login (seconds since the epoch), its line and origin.
    pub last: i64,
    pub line: String,
    pub remote: bool,
    pub sessions: u32,
    /// Sessions on an X display (`:0` as line or host).
    pub graphical_sessions: u32,
}

/// One account's entry in the lastlog2 database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lastlog2Entry {
    pub user: String,
    /// `None`: never logged in.
    pub time: Option<i64>,
    pub line: String,
    pub remote: bool,
}

fn c_string(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).trim().to_string()
}

fn u32_at(bytes: &[u8], at: usize) -> Option<i64> {
    let b = bytes.get(at..at + 4)?;
    Some(i64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
}

/// The records of the given uids in lastlog bytes (pure): records past the
/// end of the file and zero times are "never logged in" and left out.
pub fn parse_lastlog(bytes: &[u8], uids: &[u32]) -> Vec<LastlogEntry> {
    let mut out = Vec::new();
    for &uid in uids {
        let at = uid as usize * LASTLOG_RECORD;
        let Some(record) = bytes.get(at..at + LASTLOG_RECORD) else {
            continue;
        };
        let time = u32_at(record, 0).unwrap_or(0);
        if time == 0 {
            continue;
        }
        let host = c_string(&record[36..]);
        out.push(LastlogEntry {
            uid,
            time,
            line: c_string(&record[4..36]),
            remote: !host.is_empty() && !host.starts_with(':'),
        });
    }
    out.sort_by_key(|e| e.uid);
    out.dedup_by_key(|e| e.uid);
    out
}

/// Summarises wtmp bytes (pure): the span of the records and, for each of
/// `users` (all when empty), the latest login and the number of sessions.
pub fn parse_wtmp(bytes: &[u8], users: &[String]) -> WtmpLog {
    let mut log = WtmpLog {
        first: None,
        last: None,
        records: 0,
        truncated: false,
        logins: Vec::new(),
    };
    for record in bytes.chunks_exact(UTMP_RECORD) {
        log.records += 1;
        let kind = i16::from_le_bytes([record[0], record[1]]);
        let time = u32_at(record, 340).unwrap_or(0);
        if time > 0 {
            log.first = Some(log.first.map_or(time, |f| f.min(time)));
            log.last = Some(log.last.map_or(time, |l| l.max(time)));
        }
        if kind != USER_PROCESS {
            continue;
        }
        let user = c_string(&record[44..76]);
        if user.is_empty() || (!users.is_empty() && !users.contains(&user)) {
            continue;
        }
        let line = c_string(&record[8..40]);
        let host = c_string(&record[76..332]);
        let graphical = line.starts_with(':') || host.starts_with(':');
        let remote = !host.is_empty() && !host.starts_with(':');
        match log.logins.iter_mut().find(|l| l.user == user) {
            Some(l) => {
                l.sessions += 1;
                l.graphical_sessions += u32::from(graphical);
                if time >= l.last {
                    l.last = time;
                    l.line = line;
                    l.remote = remote;
                }
            }
            None => log.logins.push(WtmpLogin {
                user,
                last: time,
                line,
                remote,
                sessions: 1,
                graphical_sessions: u32::from(graphical),
            }),
        }
    }
    log.logins.sort_by(|a, b| a.user.cmp(&b.user));
    log
}

pub fn lastlog(fs: &dyn Fs, uids: &[u32]) -> Collected<Vec<LastlogEntry>> {
    let Some(&max) = uids.iter().max() else {
        return Collected::Ok {
            source: LASTLOG.into(),
            value: Vec::new(),
        };
    };
    let want = (u64::from(max) + 1) * LASTLOG_RECORD as u64;
    match fs.read_bytes(LASTLOG, want.min(MAX_READ)) {
        Ok(bytes) => Collected::Ok {
            source: LASTLOG.into(),
            value: parse_lastlog(&bytes, uids),
        },
        Err(e) => crate::sys::fs_error(LASTLOG, e),
    }
}

pub fn wtmp(fs: &dyn Fs, users: &[String]) -> Vec<Collected<WtmpLog>> {
    let mut out = Vec::new();
    for path in WTMP_FILES {
        let len = fs.metadata(path).map(|m| m.len);
        match fs.read_bytes(path, MAX_READ) {
            Ok(bytes) => {
                let mut log = parse_wtmp(&bytes, users);
                log.truncated = len.is_ok_and(|l| l > bytes.len() as u64);
                out.push(Collected::Ok {
                    source: path.to_string(),
                    value: log,
                });
            }
            Err(e) => {
                let c = crate::sys::fs_error(path, e);
                // A missing rotation is normal; only the main file's absence matters.
                if !(matches!(c, Collected::Missing { .. }) && *path != WTMP_FILES[0]) {
                    out.push(c);
                }
            }
        }
    }
    out
}

/// The lastlog2 database, through `lastlog2` (live only, and only when the
/// database exists).
pub fn lastlog2(sys: &Sys, users: &[String]) -> Collected<Vec<Lastlog2Entry>> {
    if !sys.is_live() {
        return sys.command("lastlog2", &[], |_| Ok(Vec::new()));
    }
    match sys.fs.metadata(LASTLOG2_DB) {
        Err(crate::fs::FsError::NotFound) => {
            return Collected::Missing {
                source: LASTLOG2_DB.into(),
            }
        }
        Err(e) => return crate::sys::fs_error(LASTLOG2_DB, e),
        Ok(_) => {}
    }
    sys.command("lastlog2", &[], |out: &CommandOutput| {
        if crate::sys::denied(out) {
            return Err(crate::sys::PERMISSION_DENIED.to_string());
        }
        if !out.success() {
            return Err(format!(
                "exit code {:?}: {}",
                out.code,
                out.stderr.lines().next().unwrap_or("").trim()
            ));
        }
        Ok(parse_lastlog2(&out.stdout)
            .into_iter()
            .filter(|e| users.is_empty() || users.contains(&e.user))
            .collect())
    })
}

/// `lastlog2` output (pure): `%-16s %-8.8s %-42s date`, the date as
/// `%a %b %e %H:%M:%S %z %Y` in the C locale, or `**Never logged in**`
/// (util-linux misc-utils/lastlog2.c).
pub fn parse_lastlog2(text: &str) -> Vec<Lastlog2Entry> {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with("Username ") || line.starts_with("Error:") || line.trim().is_empty() {
            continue;
        }
        let Some(user) = line.split_whitespace().next() else {
            continue;
        };
        let base = user.len().max(16) + 1;
        let field = |from: usize, len: usize| {
            line.get(from..(from + len).min(line.len()))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let tty = field(base, 8);
        let host = field(base + 9, 42);
        let time = if line.trim_end().ends_with("**Never logged in**") {
            None
        } else {
            match parse_c_date(line) {
                Some(t) => Some(t),
                None => continue,
            }
        };
        out.push(Lastlog2Entry {
            user: user.to_string(),
            time,
            line: tty,
            remote: !host.is_empty() && !host.starts_with(':'),
        });
    }
    out
}

/// The last six words of a line as `Fri Feb  2 10:23:20 +0100 2024`.
fn parse_c_date(line: &str) -> Option<i64> {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() < 7 {
        return None;
    }
    let w = &words[words.len() - 6..];
    let month = match w[1] {
        "Jan" => time::Month::January,
        "Feb" => time::Month::February,
        "Mar" => time::Month::March,
        "Apr" => time::Month::April,
        "May" => time::Month::May,
        "Jun" => time::Month::June,
        "Jul" => time::Month::July,
        "Aug" => time::Month::August,
        "Sep" => time::Month::September,
        "Oct" => time::Month::October,
        "Nov" => time::Month::November,
        "Dec" => time::Month::December,
        _ => return None,
    };
    let day: u8 = w[2].parse().ok()?;
    let hms: Vec<i64> = w[3]
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    if hms.len() != 3 {
        return None;
    }
    let zone = w[4];
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let zh: i64 = zone.get(1..3)?.parse().ok()?;
    let zm: i64 = zone.get(3..5)?.parse().ok()?;
    let year: i32 = w[5].parse().ok()?;
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    let midnight = date.midnight().assume_utc().unix_timestamp();
    Some(midnight + hms[0] * 3600 + hms[1] * 60 + hms[2] - sign * (zh * 3600 + zm * 60))
}

/// Builds lastlog bytes: (uid, time, line, host) records, for tests.
pub fn lastlog_bytes(records: &[(u32, u32, &str, &str)]) -> Vec<u8> {
    let max = records.iter().map(|r| r.0).max().unwrap_or(0) as usize;
    let mut bytes = vec![0u8; (max + 1) * LASTLOG_RECORD];
    for &(uid, time, line, host) in records {
        let at = uid as usize * LASTLOG_RECORD;
        bytes[at..at + 4].copy_from_slice(&time.to_le_bytes());
        let l = line.as_bytes();
        bytes[at + 4..at + 4 + l.len().min(32)].copy_from_slice(&l[..l.len().min(32)]);
        let h = host.as_bytes();
        bytes[at + 36..at + 36 + h.len().min(256)].copy_from_slice(&h[..h.len().min(256)]);
    }
    bytes
}

/// Builds one utmp record (type, line, user, host, time), for tests.
pub fn utmp_record(kind: i16, line: &str, user: &str, host: &str, time: u32) -> Vec<u8> {
    let mut r = vec![0u8; UTMP_RECORD];
    r[0..2].copy_from_slice(&kind.to_le_bytes());
    let put = |r: &mut Vec<u8>, at: usize, max: usize, s: &str| {
        let b = s.as_bytes();
        let n = b.len().min(max);
        r[at..at + n].copy_from_slice(&b[..n]);
    };
    put(&mut r, 8, 32, line);
    put(&mut r, 44, 32, user);
    put(&mut r, 76, 256, host);
    r[340..344].copy_from_slice(&time.to_le_bytes());
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lastlog_records_by_uid() {
        let bytes = lastlog_bytes(&[
            (0, 1_700_000_000, "tty1", ""),
            (1000, 1_790_000_000, "pts/0", "192.168.1.20"),
            (1002, 0, "", ""),
        ]);
        assert_eq!(bytes.len(), 1003 * 292);
        let e = parse_lastlog(&bytes, &[1000, 1001, 1002, 1003, 0]);
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].uid, 0);
        assert_eq!(e[0].line, "tty1");
        assert!(!e[0].remote);
        assert_eq!(e[1].time, 1_790_000_000);
        assert_eq!(e[1].line, "pts/0");
        assert!(e[1].remote);
        // A truncated file gives nothing, no panic.
        assert!(parse_lastlog(&bytes[..1000], &[1000]).is_empty());
    }

    #[test]
    fn wtmp_summary() {
        let mut bytes = utmp_record(2, "~", "reboot", "6.1.0", 1_780_000_000);
        bytes.extend(utmp_record(7, "tty2", "alice", ":0", 1_780_000_100));
        bytes.extend(utmp_record(8, "tty2", "", "", 1_780_000_200));
        bytes.extend(utmp_record(7, "pts/1", "alice", "10.0.0.5", 1_790_000_000));
        bytes.extend(utmp_record(7, "tty1", "bob", "", 1_785_000_000));
        bytes.extend([0u8; 100]); // a partial record at the end is ignored
        let log = parse_wtmp(&bytes, &["alice".to_string()]);
        assert_eq!(log.records, 5);
        assert_eq!(log.first, Some(1_780_000_000));
        assert_eq!(log.last, Some(1_790_000_000));
        assert_eq!(log.logins.len(), 1);
        let a = &log.logins[0];
        assert_eq!(a.sessions, 2);
        assert_eq!(a.graphical_sessions, 1);
        assert_eq!(a.last, 1_790_000_000);
        assert_eq!(a.line, "pts/1");
        assert!(a.remote);
    }

    #[test]
    fn lastlog2_output() {
        let text = "\
Username         Port     From                                       Latest
root             tty1                                                Fri Feb  2 10:23:20 +0100 2024
alice            pts/0    192.168.1.10                               Tue Nov 24 08:00:00 +0000 2026
a-very-long-user-name tty2                                                Mon Jan  5 09:00:00 -0130 2026
bob                                                                  **Never logged in**
";
        let e = parse_lastlog2(text);
        assert_eq!(e.len(), 4);
        assert_eq!(e[0].user, "root");
        assert_eq!(e[0].line, "tty1");
        assert!(!e[0].remote);
        assert_eq!(e[0].time, Some(1_706_865_800));
        assert_eq!(e[1].time, Some(1_795_507_200));
        assert!(e[1].remote);
        assert_eq!(e[2].user, "a-very-long-user-name");
        assert_eq!(e[2].line, "tty2");
        assert_eq!(e[2].time, Some(1_767_609_000));
        assert_eq!(e[3].time, None);
    }
}
