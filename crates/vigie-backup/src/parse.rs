//! Parsers of what the backup tools print, pure and tested on captured
//! outputs. None of them fails on an odd line: what cannot be read is
//! counted and said.

use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};
use vigie_practice::{BackupPoint, Encryption};

/// A timestamp with an offset (RFC 3339, as restic writes), or without one
/// (as borg 1.x writes in the local time zone; Vigie runs borg with
/// `TZ=UTC`, so it is UTC). `T` or a space between date and time.
pub(crate) fn timestamp(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(t);
    }
    let normalized = text.replacen(' ', "T", 1);
    if let Ok(t) = OffsetDateTime::parse(&normalized, &Rfc3339) {
        return Some(t);
    }
    let head = normalized.get(..19)?;
    let b = head.as_bytes();
    if b.get(4) != Some(&b'-') || b.get(10) != Some(&b'T') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| head.get(r)?.parse::<u32>().ok();
    let date = Date::from_calendar_date(
        num(0..4)? as i32,
        Month::try_from(num(5..7)? as u8).ok()?,
        num(8..10)? as u8,
    )
    .ok()?;
    let time = Time::from_hms(num(11..13)? as u8, num(14..16)? as u8, num(17..19)? as u8).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

fn sort(points: &mut Vec<BackupPoint>) {
    points.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    points.dedup();
}

// restic ---------------------------------------------------------------

#[derive(Deserialize)]
struct ResticSnapshot {
    time: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    short_id: Option<String>,
    #[serde(default)]
    hostname: Option<String>,
}

/// `restic snapshots --json`: a JSON array of snapshots (restic 0.9 and
/// later; `time` RFC 3339 with nanoseconds and offset).
pub fn restic_snapshots(json: &str) -> Result<Vec<BackupPoint>, String> {
    let snaps: Vec<ResticSnapshot> = serde_json::from_str(json.trim())
        .map_err(|e| format!("not restic's JSON list of snapshots: {e}"))?;
    let mut out = Vec::with_capacity(snaps.len());
    for s in snaps {
        let at = timestamp(&s.time).ok_or_else(|| format!("snapshot time \"{}\"", s.time))?;
        let id = s
            .short_id
            .filter(|i| !i.is_empty())
            .unwrap_or_else(|| s.id.chars().take(8).collect());
        out.push(BackupPoint {
            at,
            id,
            host: s.hostname.filter(|h| !h.is_empty()),
        });
    }
    sort(&mut out);
    Ok(out)
}

/// One node of `restic ls --json <snapshot>` (JSON lines; the first line
/// describes the snapshot, `struct_type` tells them apart).
#[derive(Deserialize)]
pub(crate) struct ResticNode {
    #[serde(default)]
    pub struct_type: Option<String>,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub size: Option<u64>,
}

/// A regular file of `restic ls --json`: (path, size).
pub(crate) fn restic_ls_file(line: &str) -> Option<(String, u64)> {
    let node: ResticNode = serde_json::from_str(line).ok()?;
    if node.struct_type.as_deref() != Some("node") || node.kind.as_deref() != Some("file") {
        return None;
    }
    Some((node.path?, node.size.unwrap_or(0)))
}

// borg -----------------------------------------------------------------

#[derive(Deserialize)]
struct BorgList {
    archives: Vec<BorgArchive>,
    #[serde(default)]
    encryption: Option<BorgEncryption>,
}

#[derive(Deserialize)]
struct BorgArchive {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    archive: Option<String>,
    #[serde(default)]
    start: Option<String>,
    #[serde(default)]
    time: Option<String>,
    #[serde(default)]
    hostname: Option<String>,
}

#[derive(Deserialize)]
struct BorgEncryption {
    mode: String,
}

/// What borg's encryption mode means. Source: borg's documentation of
/// `borg init --encryption` (1.2): `none` stores data as is;
/// `authenticated` and `authenticated-blake2` only sign it; `repokey`,
/// `keyfile` and their `-blake2` variants (and borg 2's `-aes-ocb`,
/// `-chacha20-poly1305`) encrypt it.
pub fn borg_encryption(mode: &str) -> Encryption {
    let m = mode.trim().to_ascii_lowercase();
    if m.starts_with("repokey") || m.starts_with("keyfile") {
        Encryption::Encrypted { mode: m }
    } else if m == "none" || m == "plaintext" || m.starts_with("authenticated") {
        Encryption::NotEncrypted { mode: m }
    } else {
        Encryption::Unknown
    }
}

/// `borg list --json REPO` (borg 1.1 and later): the archives and the
/// repository's encryption mode.
pub fn borg_list(json: &str) -> Result<(Vec<BackupPoint>, Encryption), String> {
    let list: BorgList = serde_json::from_str(json.trim())
        .map_err(|e| format!("not borg's JSON list of archives: {e}"))?;
    let mut out = Vec::with_capacity(list.archives.len());
    for a in list.archives {
        let name = a.name.or(a.archive).unwrap_or_default();
        let when = a.start.or(a.time).unwrap_or_default();
        let at = timestamp(&when).ok_or_else(|| format!("archive {name}: time \"{when}\""))?;
        out.push(BackupPoint {
            at,
            id: name,
            host: a.hostname,
        });
    }
    sort(&mut out);
    let encryption = list
        .encryption
        .map(|e| borg_encryption(&e.mode))
        .unwrap_or(Encryption::Unknown);
    Ok((out, encryption))
}

#[derive(Deserialize)]
struct BorgItem {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    size: Option<u64>,
    #[serde(default)]
    sha256: Option<String>,
    #[serde(default)]
    healthy: Option<bool>,
}

/// A regular file of `borg list --json-lines --format '{sha256}{size}'
/// REPO::ARCHIVE`: (path, size, sha256, healthy). Borg adds the keys named
/// in `--format` to each JSON line.
pub(crate) fn borg_item_file(line: &str) -> Option<(String, u64, Option<String>, bool)> {
    let item: BorgItem = serde_json::from_str(line).ok()?;
    if item.kind.as_deref() != Some("-") {
        return None;
    }
    Some((
        item.path?,
        item.size.unwrap_or(0),
        item.sha256.filter(|s| s.len() == 64),
        item.healthy.unwrap_or(true),
    ))
}

// dated names ----------------------------------------------------------

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(s).ok()?.parse().ok()
}

fn date_of(y: u32, m: u32, d: u32) -> Option<Date> {
    if !(1990..=2199).contains(&y) {
        return None;
    }
    Date::from_calendar_date(y as i32, Month::try_from(m as u8).ok()?, d as u8).ok()
}

/// A time right after a date in a name: `T10:15`, `_101530`, `-10-15-30`,
/// ` 10h15`... (hours and minutes at least).
fn time_after(rest: &[u8]) -> Time {
    let rest: Vec<u8> = rest
        .iter()
        .copied()
        .skip_while(|c| matches!(c, b'T' | b'_' | b'-' | b' ' | b'.'))
        .collect();
    let nums: Vec<u32> = {
        let mut out = Vec::new();
        let mut i = 0;
        while i < rest.len() && out.len() < 3 {
            if rest[i].is_ascii_digit() && i + 1 < rest.len() && rest[i + 1].is_ascii_digit() {
                out.push(u32::from(rest[i] - b'0') * 10 + u32::from(rest[i + 1] - b'0'));
                i += 2;
                if i < rest.len() && matches!(rest[i], b':' | b'-' | b'h' | b'_' | b'.') {
                    i += 1;
                }
            } else {
                break;
            }
        }
        out
    };
    if nums.len() >= 2 {
        let s = nums.get(2).copied().unwrap_or(0);
        if let Ok(t) = Time::from_hms(nums[0] as u8, nums[1] as u8, s as u8) {
            return t;
        }
    }
    Time::MIDNIGHT
}

/// A date (and time) carried by a file or folder name:
/// `backup-2026-11-21.tar.gz`, `2026_11_21`, `cabinet-20261121-2130.7z`,
/// `2026-11-21T21:30`. Eight-digit runs must be exactly eight digits (not
/// part of a longer number) and a valid date from 1990 on.
pub fn date_in_name(name: &str) -> Option<PrimitiveDateTime> {
    let b = name.as_bytes();
    let n = b.len();
    let is_digit = |i: usize| i < n && b[i].is_ascii_digit();
    for i in 0..n {
        if !is_digit(i) || (i > 0 && is_digit(i - 1)) {
            continue;
        }
        // YYYY-MM-DD or YYYY_MM_DD or YYYY.MM.DD
        if i + 10 <= n {
            let s = &b[i..i + 10];
            let sep = s[4];
            if matches!(sep, b'-' | b'_' | b'.') && s[7] == sep && !is_digit(i + 10) {
                if let (Some(y), Some(m), Some(d)) =
                    (digits(&s[0..4]), digits(&s[5..7]), digits(&s[8..10]))
                {
                    if let Some(date) = date_of(y, m, d) {
                        return Some(PrimitiveDateTime::new(date, time_after(&b[i + 10..])));
                    }
                }
            }
        }
        // YYYYMMDD, not part of a longer number
        if i + 8 <= n && (i + 8..n).next().is_none_or(|j| !is_digit(j)) {
            let s = &b[i..i + 8];
            if let (Some(y), Some(m), Some(d)) =
                (digits(&s[0..4]), digits(&s[4..6]), digits(&s[6..8]))
            {
                if let Some(date) = date_of(y, m, d) {
                    return Some(PrimitiveDateTime::new(date, time_after(&b[i + 8..])));
                }
            }
        }
        // YYYYMMDDHHMM(SS): the time glued to the date
        if i + 12 <= n {
            let run = (i..n).take_while(|&j| is_digit(j)).count();
            if run == 12 || run == 14 {
                let s = &b[i..i + run];
                if let (Some(y), Some(m), Some(d)) =
                    (digits(&s[0..4]), digits(&s[4..6]), digits(&s[6..8]))
                {
                    if let Some(date) = date_of(y, m, d) {
                        return Some(PrimitiveDateTime::new(date, time_after(&s[8..])));
                    }
                }
            }
        }
    }
    None
}

/// rsnapshot's snapshot folders: `<level>.<n>` (`daily.0`, `weekly.3`,
/// `alpha.1`...), dated by their modification time, which rsnapshot sets
/// to the time the snapshot was taken (its `touch` of `<level>.0` after
/// each run; the rotation by `mv` keeps it).
pub fn is_rsnapshot_name(name: &str) -> bool {
    match name.split_once('.') {
        Some((level, n)) => {
            !level.is_empty()
                && level.chars().all(|c| c.is_ascii_lowercase())
                && !n.is_empty()
                && n.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

// Windows --------------------------------------------------------------

/// `wbadmin get versions`: one block per backup. The version identifier
/// (`MM/DD/YYYY-HH:MM`, in UTC, the same in every language: it is what
/// `wbadmin start recovery -version:` takes) dates each backup; the line
/// naming the target ("Backup target", "Backup location", "Cible de la
/// sauvegarde", "Emplacement de la sauvegarde"...) is kept as the
/// location. The local "Backup time" line is not read: its format follows
/// the system's language.
pub fn wbadmin_versions(text: &str) -> (Vec<BackupPoint>, Vec<String>) {
    let mut points = Vec::new();
    let mut targets: Vec<String> = Vec::new();
    for line in text.lines() {
        let Some((label, value)) = line.split_once(':') else {
            continue;
        };
        let (label, value) = (label.trim().to_lowercase(), value.trim());
        if let Some(at) = wbadmin_version_id(value) {
            points.push(BackupPoint {
                at,
                id: value.to_string(),
                host: None,
            });
        } else if (label.contains("target")
            || label.contains("location")
            || label.starts_with("cible")
            || label.starts_with("emplacement"))
            && !value.is_empty()
            && !targets.iter().any(|t| t == value)
        {
            targets.push(value.to_string());
        }
    }
    sort(&mut points);
    (points, targets)
}

fn wbadmin_version_id(value: &str) -> Option<OffsetDateTime> {
    let b = value.as_bytes();
    if b.len() != 16 || b[2] != b'/' || b[5] != b'/' || b[10] != b'-' || b[13] != b':' {
        return None;
    }
    let m = digits(&b[0..2])?;
    let d = digits(&b[3..5])?;
    let y = digits(&b[6..10])?;
    let date = date_of(y, m, d)?;
    let time = Time::from_hms(digits(&b[11..13])? as u8, digits(&b[14..16])? as u8, 0).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

/// A recorded listing of a File History folder (`dir /s /b`,
/// `Get-ChildItem -Recurse -Name`...): File History names each copy
/// `name (YYYY_MM_DD HH_MM_SS UTC).ext`; every distinct stamp is one run.
/// A run that copied nothing (no file changed) leaves no stamp.
pub fn file_history_runs(text: &str) -> Vec<BackupPoint> {
    let mut points = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(" UTC)") {
        let before = &rest[..i];
        if let Some(open) = before.rfind('(') {
            let stamp = &before[open + 1..];
            if let Some(at) = file_history_stamp(stamp) {
                points.push(BackupPoint {
                    at,
                    id: format!("{stamp} UTC"),
                    host: None,
                });
            }
        }
        rest = &rest[i + 5..];
    }
    sort(&mut points);
    points
}

fn file_history_stamp(s: &str) -> Option<OffsetDateTime> {
    let b = s.as_bytes();
    if b.len() != 19
        || b[4] != b'_'
        || b[7] != b'_'
        || b[10] != b' '
        || b[13] != b'_'
        || b[16] != b'_'
    {
        return None;
    }
    let date = date_of(digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?)?;
    let time = Time::from_hms(
        digits(&b[11..13])? as u8,
        digits(&b[14..16])? as u8,
        digits(&b[17..19])? as u8,
    )
    .ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

// macOS ----------------------------------------------------------------

/// `tmutil listbackups`: one path per backup, ending with its stamp
/// `YYYY-MM-DD-HHMMSS` (`.backup` on APFS destinations, e.g.
/// `/Volumes/.timemachine/<UUID>/2026-11-21-101530.backup/2026-11-21-101530.backup`;
/// a plain folder in `Backups.backupdb/<Mac>/` on HFS+ ones). The stamp is
/// the Mac's local time, taken as UTC (an hour's difference at most moves a
/// backup made near midnight to the next day).
pub fn tmutil_listbackups(text: &str) -> (Vec<BackupPoint>, Vec<String>) {
    let mut points = Vec::new();
    let mut other = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let last = line
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(line)
            .trim_end_matches(".backup");
        match tm_stamp(last) {
            Some(at) => points.push(BackupPoint {
                at,
                id: last.to_string(),
                host: None,
            }),
            None => other.push(line.to_string()),
        }
    }
    sort(&mut points);
    (points, other)
}

fn tm_stamp(s: &str) -> Option<OffsetDateTime> {
    let b = s.as_bytes();
    if b.len() != 17 || b[4] != b'-' || b[7] != b'-' || b[10] != b'-' {
        return None;
    }
    let date = date_of(digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?)?;
    let time = Time::from_hms(
        digits(&b[11..13])? as u8,
        digits(&b[13..15])? as u8,
        digits(&b[15..17])? as u8,
    )
    .ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

/// `tmutil destinationinfo`: the destinations, as `name (kind, where)`.
pub fn tmutil_destinations(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<(String, String)> = Vec::new();
    let mut flush = |fields: &mut Vec<(String, String)>| {
        if fields.is_empty() {
            return;
        }
        let get = |k: &str| {
            fields
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.clone())
        };
        let name = get("Name").unwrap_or_else(|| "?".into());
        let kind = get("Kind").unwrap_or_else(|| "?".into());
        let place = get("Mount Point")
            .or_else(|| get("URL"))
            .unwrap_or_default();
        out.push(if place.is_empty() {
            format!("{name} ({kind})")
        } else {
            format!("{name} ({kind}, {place})")
        });
        fields.clear();
    };
    for line in text.lines() {
        if line.trim_start().starts_with("===") {
            flush(&mut current);
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            let (k, v) = (k.trim(), v.trim());
            if !k.is_empty() && !k.starts_with('>') {
                current.push((k.to_string(), v.to_string()));
            }
        }
    }
    flush(&mut current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime, time};

    #[test]
    fn restic_json() {
        let json = r#"[{"time":"2026-01-05T10:00:00.123456789+01:00","tree":"00a7","paths":["/srv/cabinet"],"hostname":"poste","username":"root","id":"9a9dec0df75d0d07","short_id":"9a9dec0d"},
        {"time":"2025-12-01T21:00:00Z","tree":"11","paths":["/srv"],"hostname":"poste","id":"aaaabbbbcccc"}]"#;
        let p = restic_snapshots(json).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].id, "aaaabbbb");
        assert_eq!(p[1].at, datetime!(2026-01-05 9:00:00.123456789 UTC));
        assert_eq!(p[1].host.as_deref(), Some("poste"));
        assert!(restic_snapshots("[]").unwrap().is_empty());
        assert!(restic_snapshots("Fatal: wrong password").is_err());
        assert_eq!(
            restic_ls_file(
                r#"{"name":"a.txt","type":"file","path":"/data/a.txt","size":6,"struct_type":"node"}"#
            ),
            Some(("/data/a.txt".into(), 6))
        );
        assert_eq!(
            restic_ls_file(r#"{"name":"data","type":"dir","path":"/data","struct_type":"node"}"#),
            None
        );
        assert_eq!(
            restic_ls_file(r#"{"time":"x","struct_type":"snapshot"}"#),
            None
        );
    }

    #[test]
    fn borg_json() {
        // Captured from borg 1.2.4 (`borg list --json`).
        let json = r#"{
    "archives": [
        {"archive": "a1", "barchive": "a1", "id": "797a", "name": "a1",
         "start": "2026-01-05T10:00:00.000000", "time": "2026-01-05T10:00:00.000000"}
    ],
    "encryption": {"mode": "repokey"},
    "repository": {"id": "f7dc", "last_modified": "2026-11-28T20:04:45.000000", "location": "/tmp/rt/borgrepo"}
}"#;
        let (p, enc) = borg_list(json).unwrap();
        assert_eq!(p[0].at, datetime!(2026-01-05 10:00 UTC));
        assert_eq!(p[0].id, "a1");
        assert_eq!(
            enc,
            Encryption::Encrypted {
                mode: "repokey".into()
            }
        );
        assert_eq!(
            borg_encryption("authenticated-blake2"),
            Encryption::NotEncrypted {
                mode: "authenticated-blake2".into()
            }
        );
        assert_eq!(
            borg_encryption("none"),
            Encryption::NotEncrypted {
                mode: "none".into()
            }
        );
        assert!(matches!(
            borg_encryption("keyfile-blake2"),
            Encryption::Encrypted { .. }
        ));
        assert_eq!(borg_encryption("what"), Encryption::Unknown);
        let line = r#"{"type": "-", "mode": "-rw-r--r--", "path": "data/a.txt", "healthy": true, "sha256": "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03", "size": 6}"#;
        let (path, size, sha, healthy) = borg_item_file(line).unwrap();
        assert_eq!((path.as_str(), size, healthy), ("data/a.txt", 6, true));
        assert!(sha.is_some());
        assert!(borg_item_file(r#"{"type": "d", "path": "data"}"#).is_none());
    }

    #[test]
    fn dates_in_names() {
        let d = |s| date_in_name(s).map(|t| (t.date(), t.time()));
        assert_eq!(
            d("backup-2026-11-21.tar.gz"),
            Some((date!(2026 - 11 - 21), time!(0:00)))
        );
        assert_eq!(
            d("cabinet_2026_11_21_2130.zip"),
            Some((date!(2026 - 11 - 21), time!(21:30)))
        );
        assert_eq!(d("20261121"), Some((date!(2026 - 11 - 21), time!(0:00))));
        assert_eq!(
            d("sauvegarde-20261121-213045.7z"),
            Some((date!(2026 - 11 - 21), time!(21:30:45)))
        );
        assert_eq!(
            d("202611212130"),
            Some((date!(2026 - 11 - 21), time!(21:30)))
        );
        assert_eq!(
            d("2026-11-21T21:30:00"),
            Some((date!(2026 - 11 - 21), time!(21:30)))
        );
        assert_eq!(d("facture-123456789"), None);
        assert_eq!(d("20261341"), None);
        assert_eq!(d("notes.txt"), None);
        assert!(is_rsnapshot_name("daily.0") && is_rsnapshot_name("alpha.12"));
        assert!(!is_rsnapshot_name("daily") && !is_rsnapshot_name("file.txt"));
    }

    #[test]
    fn wbadmin_in_english_and_french() {
        // English layout as Windows prints it (Server 2012 R2 / Windows 10).
        let en = "wbadmin 1.0 - Backup command-line tool\r\n(C) Copyright Microsoft Corporation. All rights reserved.\r\n\r\nBackup time: 11/14/2026 9:00 PM\r\nBackup target: 1394/USB Disk labeled Sauvegarde(E:)\r\nVersion identifier: 11/14/2026-20:00\r\nCan recover: Volume(s), File(s), Application(s), Bare Metal Recovery, System State\r\nSnapshot ID: {445bf85d-efd2-448b-b33a-f97422f3318a}\r\n\r\nBackup time: 11/21/2026 9:00 PM\r\nBackup target: 1394/USB Disk labeled Sauvegarde(E:)\r\nVersion identifier: 11/21/2026-20:00\r\n";
        let (p, t) = wbadmin_versions(en);
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].at, datetime!(2026-11-21 20:00 UTC));
        assert_eq!(t, ["1394/USB Disk labeled Sauvegarde(E:)"]);
        let fr = "Heure de la sauvegarde : 21/11/2026 21:00\nCible de la sauvegarde : Disque dur fixe nommé Sauvegarde(E:)\nIdentificateur de version : 11/21/2026-20:00\nPeut récupérer : Volume(s), Fichier(s)\n";
        let (p, t) = wbadmin_versions(fr);
        assert_eq!(p[0].at, datetime!(2026-11-21 20:00 UTC));
        assert_eq!(t, ["Disque dur fixe nommé Sauvegarde(E:)"]);
        assert!(wbadmin_versions("ERROR - No backup was found.")
            .0
            .is_empty());
    }

    #[test]
    fn file_history_and_time_machine() {
        let fh = "E:\\FileHistory\\dr\\POSTE\\Data\\C\\Users\\dr\\Documents\\lettre (2026_11_20 18_00_12 UTC).docx\nE:\\FileHistory\\dr\\POSTE\\Data\\C\\Users\\dr\\Documents\\compta (2026_11_20 18_00_12 UTC).xlsx\nE:\\FileHistory\\dr\\POSTE\\Data\\C\\Users\\dr\\Documents\\lettre (2026_11_27 18_00_40 UTC).docx\n";
        let p = file_history_runs(fh);
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].at, datetime!(2026-11-27 18:00:40 UTC));

        let tm = "/Volumes/.timemachine/2D5B/2026-11-14-101530.backup/2026-11-14-101530.backup\n/Volumes/.timemachine/2D5B/2026-11-21-101212.backup/2026-11-21-101212.backup\n/Volumes/TM/Backups.backupdb/Mac/2025-01-03-090000\n";
        let (p, other) = tmutil_listbackups(tm);
        assert_eq!(p.len(), 3);
        assert_eq!(p[2].at, datetime!(2026-11-21 10:12:12 UTC));
        assert!(other.is_empty());
        let di = "====================================================\nName          : Sauvegarde\nKind          : Local\nMount Point   : /Volumes/Sauvegarde\nID            : 1B2C\n====================================================\nName          : NAS\nKind          : Network\nURL           : smb://dr@nas._smb._tcp.local/TM\nID            : 9F8E\n";
        assert_eq!(
            tmutil_destinations(di),
            [
                "Sauvegarde (Local, /Volumes/Sauvegarde)",
                "NAS (Network, smb://dr@nas._smb._tcp.local/TM)"
            ]
        );
    }

    #[test]
    fn timestamps() {
        assert_eq!(
            timestamp("2026-01-05 10:00:00"),
            Some(datetime!(2026-01-05 10:00 UTC))
        );
        assert_eq!(
            timestamp("2026-01-05T10:00:00+02:00"),
            Some(datetime!(2026-01-05 8:00 UTC))
        );
        assert_eq!(timestamp("yesterday"), None);
    }
}
