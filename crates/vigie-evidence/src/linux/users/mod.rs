//! Accounts and rights (5.2.1.a, 5.2.1.b, 5.2.2.a, 5.3.3.a): groups,
//! sudoers, polkit administrators, automatic logins, session traces in
//! home directories, last logins.
//!
//! Local accounts themselves (passwd and shadow) are in
//! [`crate::LinuxEvidence::accounts`]; this area adds what says who is an
//! administrator and how accounts are used. Home directories looked at are
//! those of root and of the accounts that can log in (a login shell, a uid
//! from `UID_MIN` to `UID_MAX`).

pub mod logins;
pub mod polkit;
pub mod sessions;
pub mod sudoers;

use crate::fs::Fs;
use crate::model::Collected;
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use logins::{Lastlog2Entry, LastlogEntry, WtmpLog, WtmpLogin};
pub use polkit::{Polkit, PolkitAdminRule};
pub use sessions::{Autologin, HomeTraces, Trace, TraceKind};
pub use sudoers::{AliasKind, SudoAlias, SudoCommand, SudoRule, Sudoers};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UsersEvidence {
    /// `/etc/group`.
    pub groups: Collected<Vec<Group>>,
    /// The sudo policy (`/etc/sudoers` and its includes).
    pub sudoers: Collected<Sudoers>,
    /// polkit administrator identities.
    pub polkit: Polkit,
    /// Automatic logins configured in display managers.
    pub autologins: Vec<Autologin>,
    /// Session traces in the home directories of root and login accounts.
    pub homes: Vec<HomeTraces>,
    /// `/var/log/lastlog` records of those accounts.
    pub lastlog: Collected<Vec<LastlogEntry>>,
    /// `/var/log/wtmp` and its first rotation.
    pub wtmp: Vec<Collected<WtmpLog>>,
    /// The lastlog2 database (live only).
    pub lastlog2: Collected<Vec<Lastlog2Entry>>,
}

impl Default for UsersEvidence {
    fn default() -> Self {
        fn not<T>() -> Collected<T> {
            Collected::NotCollected {
                reason: "not collected".into(),
            }
        }
        UsersEvidence {
            groups: not(),
            sudoers: not(),
            polkit: Polkit::default(),
            autologins: Vec::new(),
            homes: Vec::new(),
            lastlog: not(),
            wtmp: Vec::new(),
            lastlog2: not(),
        }
    }
}

/// One line of `/etc/group` (no password field).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub name: String,
    pub gid: u32,
    pub members: Vec<String>,
    pub line: u32,
}

/// Parses `/etc/group` (pure); NIS `+`/`-` lines and malformed lines are skipped.
pub fn parse_group(text: &str) -> Vec<Group> {
    text.lines()
        .enumerate()
        .filter_map(|(n, line)| {
            let f: Vec<&str> = line.split(':').collect();
            if f.len() < 4 || f[0].is_empty() || f[0].starts_with(['+', '-']) {
                return None;
            }
            Some(Group {
                name: f[0].to_string(),
                gid: f[2].trim().parse().ok()?,
                members: f[3]
                    .split(',')
                    .map(str::trim)
                    .filter(|m| !m.is_empty())
                    .map(String::from)
                    .collect(),
                line: n as u32 + 1,
            })
        })
        .collect()
}

/// An account whose home is looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginAccount {
    pub name: String,
    pub uid: u32,
    pub home: String,
}

/// `UID_MIN` and `UID_MAX` from login.defs (the last setting wins),
/// shadow's defaults 1000 and 60000 otherwise.
pub fn uid_range(fs: &dyn Fs) -> (u32, u32) {
    let mut min = 1000;
    let mut max = 60000;
    for file in super::login_defs_files(fs) {
        if let Some(f) = file.value() {
            for e in &f.entries {
                let v = e.value.as_deref().and_then(|v| v.parse().ok());
                match (e.key.as_str(), v) {
                    ("UID_MIN", Some(v)) => min = v,
                    ("UID_MAX", Some(v)) => max = v,
                    _ => {}
                }
            }
        }
    }
    (min, max)
}

/// Root and the accounts that can log in (login shell, uid in the range),
/// with their home directories, from `/etc/passwd`.
pub fn login_accounts(fs: &dyn Fs) -> Vec<LoginAccount> {
    let Ok(text) = fs.read_to_string("/etc/passwd") else {
        return Vec::new();
    };
    let (min, max) = uid_range(fs);
    super::accounts::parse_passwd(&text)
        .into_iter()
        .filter(|a| {
            (a.uid == 0 || (a.uid >= min && a.uid <= max))
                && super::accounts::is_login_shell(&a.shell)
                && a.home.starts_with('/')
        })
        .map(|a| LoginAccount {
            name: a.name,
            uid: a.uid,
            home: a.home,
        })
        .collect()
}

/// Collects this area's tables.
pub fn collect(sys: &Sys) -> UsersEvidence {
    let fs = sys.fs;
    let accounts = login_accounts(fs);
    let uids: Vec<u32> = accounts.iter().map(|a| a.uid).collect();
    let names: Vec<String> = accounts.iter().map(|a| a.name.clone()).collect();
    UsersEvidence {
        groups: sys.file("/etc/group", parse_group),
        sudoers: sudoers::collect(fs),
        polkit: polkit::collect(fs),
        autologins: sessions::autologins(fs),
        homes: accounts
            .iter()
            .map(|a| sessions::home_traces(fs, &a.name, a.uid, &a.home))
            .collect(),
        lastlog: logins::lastlog(fs, &uids),
        wtmp: logins::wtmp(fs, &names),
        lastlog2: logins::lastlog2(sys, &names),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_lines() {
        let g = parse_group("root:x:0:\nsudo:x:27:alice, bob\n+nis:::\nbad\nwheel:x:10:\n");
        assert_eq!(g.len(), 3);
        assert_eq!(g[1].members, vec!["alice", "bob"]);
        assert_eq!(g[1].line, 2);
        assert!(g[2].members.is_empty());
    }
}
