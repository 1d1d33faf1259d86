//! Local accounts, administrators and last logins.
//!
//! - `dscl . -readall /Users RecordName UniqueID RealName UserShell
//!   NFSHomeDirectory AuthenticationAuthority`: every local user record
//!   (dscl(1): `Attribute: value` lines, a value with spaces on the next
//!   line after a lone `Attribute:`, records separated by a line `-`).
//!   From AuthenticationAuthority only whether the account is disabled
//!   (`;DisabledUser;`) is kept.
//! - `dscl . -read /Groups/admin GroupMembership`: the members of `admin`,
//!   the group whose members are the Mac's administrators (sudo and the
//!   authorization rights "allow" group admin).
//! - `last`: the login records (utmpx), newest first, with no year in the
//!   dates: the year is inferred backwards from the collection date.

use crate::model::Collected;
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// One local user record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MacUser {
    pub name: String,
    pub uid: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub real_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shell: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home: Option<String>,
    /// AuthenticationAuthority holds `;DisabledUser;`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
}

impl MacUser {
    /// A person's account: uid 501 and above (macOS gives the first
    /// account 501; system accounts are below 500 and start with `_`), a
    /// shell that allows a login.
    pub fn is_human(&self) -> bool {
        self.uid >= 501
            && !self.name.starts_with('_')
            && !matches!(
                self.shell.as_deref(),
                Some("/usr/bin/false")
                    | Some("/bin/false")
                    | Some("/sbin/nologin")
                    | Some("/usr/sbin/nologin")
            )
    }
}

/// The most recent login of an account in the records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LastLogin {
    pub user: String,
    /// ISO date (year inferred).
    pub date: String,
    /// `console` (the login window), `ttys000`...
    pub tty: String,
    /// The session is still open.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub still_logged_in: bool,
}

/// What `last` says.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LastLogins {
    /// "wtmp begins": the oldest record kept (ISO date, year inferred).
    pub begins: Option<String>,
    /// One line per account, its most recent login.
    pub logins: Vec<LastLogin>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountsEvidence {
    pub users: Collected<Vec<MacUser>>,
    /// Members of the `admin` group.
    pub admins: Collected<Vec<String>>,
    pub last: Collected<LastLogins>,
}

impl Default for AccountsEvidence {
    fn default() -> Self {
        AccountsEvidence {
            users: super::not_collected(),
            admins: super::not_collected(),
            last: super::not_collected(),
        }
    }
}

pub const USERS_ARGS: &[&str] = &[
    ".",
    "-readall",
    "/Users",
    "RecordName",
    "UniqueID",
    "RealName",
    "UserShell",
    "NFSHomeDirectory",
    "AuthenticationAuthority",
];
pub const ADMINS_ARGS: &[&str] = &[".", "-read", "/Groups/admin", "GroupMembership"];

/// Parses `dscl . -readall /Users ...` (pure).
pub fn parse_users(text: &str) -> Result<Vec<MacUser>, String> {
    let mut out = Vec::new();
    let mut record: Vec<(String, String)> = Vec::new();
    let flush = |record: &mut Vec<(String, String)>, out: &mut Vec<MacUser>| {
        let get = |k: &str| {
            record
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.trim().to_string())
        };
        if let (Some(name), Some(uid)) = (get("RecordName"), get("UniqueID")) {
            if let (Some(name), Ok(uid)) = (name.split_whitespace().next(), uid.parse::<i64>()) {
                out.push(MacUser {
                    name: name.to_string(),
                    uid,
                    real_name: get("RealName").filter(|s| !s.is_empty()),
                    shell: get("UserShell").filter(|s| !s.is_empty()),
                    home: get("NFSHomeDirectory").filter(|s| !s.is_empty()),
                    disabled: get("AuthenticationAuthority")
                        .is_some_and(|a| a.contains(";DisabledUser;")),
                });
            }
        }
        record.clear();
    };
    for line in text.lines() {
        if line.trim() == "-" {
            flush(&mut record, &mut out);
            continue;
        }
        if let Some(cont) = line.strip_prefix(' ') {
            // A value printed on the line after its attribute.
            if let Some(last) = record.last_mut() {
                if !last.1.is_empty() {
                    last.1.push(' ');
                }
                last.1.push_str(cont.trim());
            }
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            if !k.contains(' ') && !k.is_empty() {
                record.push((k.to_string(), v.trim().to_string()));
            }
        }
    }
    flush(&mut record, &mut out);
    if out.is_empty() {
        return Err("no user record in the output".into());
    }
    Ok(out)
}

/// Parses `dscl . -read /Groups/admin GroupMembership` (pure).
pub fn parse_group_membership(text: &str) -> Result<Vec<String>, String> {
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("GroupMembership:") {
            return Ok(rest.split_whitespace().map(String::from).collect());
        }
    }
    if text.contains("No such key") {
        return Ok(Vec::new());
    }
    Err("no GroupMembership in the output".into())
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn month(t: &str) -> Option<Month> {
    let i = MONTHS.iter().position(|m| *m == t)?;
    Month::try_from(i as u8 + 1).ok()
}

/// The date in `tokens` starting with a weekday: (month, day).
fn find_date(tokens: &[&str]) -> Option<(usize, Month, u8)> {
    (0..tokens.len()).find_map(|i| {
        if !DAYS.contains(&tokens[i]) {
            return None;
        }
        let m = month(tokens.get(i + 1)?)?;
        let d: u8 = tokens.get(i + 2)?.parse().ok()?;
        Some((i, m, d))
    })
}

/// The latest date on or before `not_after` with this month and day.
fn infer(m: Month, d: u8, not_after: Date) -> Option<Date> {
    (0..8).find_map(|back| {
        let date = Date::from_calendar_date(not_after.year() - back, m, d).ok()?;
        (date <= not_after).then_some(date)
    })
}

/// Parses `last` output (pure); `reference` is the day it was run.
pub fn parse_last(text: &str, reference: Date) -> LastLogins {
    let mut out = LastLogins::default();
    // A day's margin: `last` prints local time, the reference is UTC.
    let mut bound = reference.next_day().unwrap_or(reference);
    for line in text.lines() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        if tokens.is_empty() {
            continue;
        }
        if line.starts_with("wtmp begins") || line.starts_with("utx.log begins") {
            if let Some((at, m, d)) = find_date(&tokens) {
                // Some versions print the year after the time.
                let year = tokens[at..]
                    .iter()
                    .find_map(|t| t.parse::<i32>().ok().filter(|y| (1970..=9999).contains(y)));
                out.begins = match year {
                    Some(y) => Date::from_calendar_date(y, m, d).ok(),
                    None => infer(m, d, bound),
                }
                .map(|x| x.to_string());
            }
            continue;
        }
        let Some((at, m, d)) = find_date(&tokens) else {
            continue;
        };
        let Some(date) = infer(m, d, bound) else {
            continue;
        };
        bound = date;
        let user = tokens[0];
        if at < 2 || matches!(user, "reboot" | "shutdown") {
            continue;
        }
        if out.logins.iter().any(|l| l.user == user) {
            continue;
        }
        out.logins.push(LastLogin {
            user: user.to_string(),
            date: date.to_string(),
            tty: tokens[1].to_string(),
            still_logged_in: line.contains("still logged in"),
        });
    }
    out
}

pub fn collect(sys: &Sys, today: Date) -> AccountsEvidence {
    AccountsEvidence {
        users: sys.command("dscl", USERS_ARGS, |out| parse_users(&out.stdout)),
        admins: sys.command("dscl", ADMINS_ARGS, |out| {
            parse_group_membership(&format!("{}\n{}", out.stdout, out.stderr))
        }),
        last: sys.command("last", &[], |out| {
            if out.stdout.trim().is_empty() {
                return Err(format!("no output: {}", out.stderr.trim()));
            }
            Ok(parse_last(&out.stdout, today))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const USERS: &str = "AuthenticationAuthority: ;ShadowHash;HASHLIST:<SALTED-SHA512-PBKDF2,SRP-RFC5054-4096-SHA512-PBKDF2> ;Kerberosv5;;alice@LKDC:SHA1.1A2B;LKDC:SHA1.1A2B; ;SecureToken;
NFSHomeDirectory: /Users/alice
RealName:
 Alice Martin
RecordName: alice
UniqueID: 501
UserShell: /bin/zsh
-
NFSHomeDirectory: /var/empty
RealName:
 Unprivileged User
RecordName: nobody
UniqueID: -2
UserShell: /usr/bin/false
-
AuthenticationAuthority: ;ShadowHash;HASHLIST:<SALTED-SHA512-PBKDF2> ;DisabledUser;
NFSHomeDirectory: /Users/stagiaire
RealName: Stagiaire
RecordName: stagiaire
UniqueID: 503
UserShell: /bin/zsh
";

    #[test]
    fn users_with_continuation_lines_and_disabled_flag() {
        let u = parse_users(USERS).unwrap();
        assert_eq!(u.len(), 3);
        assert_eq!(u[0].real_name.as_deref(), Some("Alice Martin"));
        assert!(u[0].is_human());
        assert!(!u[1].is_human());
        assert_eq!(u[1].uid, -2);
        assert!(u[2].disabled);
        assert!(!u[0].disabled);
        assert!(parse_users("").is_err());
    }

    #[test]
    fn admin_group() {
        assert_eq!(
            parse_group_membership("GroupMembership: root alice\n").unwrap(),
            vec!["root", "alice"]
        );
        assert!(parse_group_membership("No such key: GroupMembership\n")
            .unwrap()
            .is_empty());
    }

    #[test]
    fn last_infers_years_backwards() {
        let text = "alice     console                   Mon Nov 24 08:02   still logged in
reboot    ~                         Mon Nov 24 08:01
alice     ttys000   192.168.1.20    Fri Nov 21 17:40 - 17:55  (00:15)
bob       console                   Tue Dec 17 09:00 - 18:00  (09:00)
carole    console                   Fri Mar 15 09:00 - 12:00  (03:00)

wtmp begins Mon Jan  8 09:12
";
        let l = parse_last(text, date!(2025 - 11 - 28));
        assert_eq!(l.logins.len(), 3);
        assert_eq!(l.logins[0].date, "2025-11-24");
        assert!(l.logins[0].still_logged_in);
        assert_eq!(l.logins[1].user, "bob");
        assert_eq!(l.logins[1].date, "2024-12-17");
        assert_eq!(l.logins[2].date, "2024-03-15");
        assert_eq!(l.begins.as_deref(), Some("2024-01-08"));
    }
}
