//! Package management (4.3.4.b, 4.3.5.a): automatic security updates, pending
//! updates (live), signature verification of package sources.
//!
//! One table per package manager found on the system: apt (Debian, Ubuntu,
//! Mint), dnf/yum (Fedora, RHEL and rebuilds), zypper (openSUSE, SLES). Only
//! the settings that matter are kept (never a proxy password or the
//! credentials of a repository address). Files are read as the tool reads
//! them (its directories, its file-name rules, its order); the evaluators
//! apply the precedence.

pub mod apt;
pub mod apt_security;
pub mod debversion;
pub mod dnf;
pub mod zypper;

use crate::fs::{FileKind, Fs};
use crate::model::{Collected, ConfEntry, ConfFile, InvalidLine};
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackagesEvidence {
    /// apt/dpkg, when `/var/lib/dpkg` or `/etc/apt` exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apt: Option<apt::AptEvidence>,
    /// dnf (or yum), when `/etc/dnf`, `/etc/yum.repos.d` or `/etc/yum.conf` exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dnf: Option<dnf::DnfEvidence>,
    /// zypper/libzypp, when `/etc/zypp` exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zypper: Option<zypper::ZypperEvidence>,
}

/// Collects this area's tables.
pub fn collect(sys: &Sys) -> PackagesEvidence {
    // Each manager's live command takes most of the time; run them side by side.
    std::thread::scope(|scope| {
        let apt = scope.spawn(|| apt::present(sys.fs).then(|| apt::collect(sys)));
        let dnf = scope.spawn(|| dnf::present(sys.fs).then(|| dnf::collect(sys)));
        let zypper = zypper::present(sys.fs).then(|| zypper::collect(sys));
        // A panicking collector is a bug; let it surface rather than hide a table.
        PackagesEvidence {
            apt: apt.join().expect("apt collector"),
            dnf: dnf.join().expect("dnf collector"),
            zypper,
        }
    })
}

/// When a file was last modified: stamps, logs, package lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileStamp {
    pub path: String,
    /// Seconds since the Unix epoch.
    pub modified: i64,
}

/// The modification time of a regular file, when it exists.
pub fn stamp(fs: &dyn Fs, path: &str) -> Option<FileStamp> {
    let meta = fs.metadata(path).ok()?;
    if meta.kind != FileKind::File {
        return None;
    }
    Some(FileStamp {
        path: path.to_string(),
        modified: meta.modified?,
    })
}

/// The newest of these stamps.
pub fn newest(stamps: impl IntoIterator<Item = FileStamp>) -> Option<FileStamp> {
    stamps.into_iter().max_by_key(|s| s.modified)
}

/// The stamp systemd keeps for a `Persistent=true` timer: touched each time
/// the timer fires (not when its service succeeds).
pub fn timer_stamp(fs: &dyn Fs, timer: &str) -> Option<FileStamp> {
    stamp(fs, &format!("/var/lib/systemd/timers/stamp-{timer}"))
}

/// Security updates waiting to be installed, as the package manager itself
/// computes them from its local cache (never refreshed by Vigie).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PendingUpdates {
    /// Packages with a security update waiting.
    pub security: u32,
    /// Their names (at most [`MAX_NAMES`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<String>,
    /// Security advisories concerned, where the tool names them (at most [`MAX_NAMES`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advisories: Vec<String>,
    /// Every update waiting, security or not, when the tool says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u32>,
}

/// Why a package manager's own count of pending updates was not run: it
/// takes seconds, more than a whole default audit may.
pub const SKIPPED_SLOW: &str =
    "not run by default: it takes seconds (vigie audit --thorough runs it)";

/// Runs a package manager's slow pending-updates command only when a
/// thorough collection was asked for (offline, nothing runs anyway).
pub(crate) fn slow_command<T>(
    sys: &Sys,
    program: &str,
    args: &[&str],
    parse: impl FnOnce(&crate::command::CommandOutput) -> Result<T, String>,
) -> Collected<T> {
    if sys.is_live() && !sys.options.thorough {
        return Collected::NotCollected {
            reason: SKIPPED_SLOW.to_string(),
        };
    }
    sys.command(program, args, parse)
}

/// Names kept in evidence: enough to act on, never a whole package list.
pub const MAX_NAMES: usize = 20;

fn push_name(list: &mut Vec<String>, name: &str) {
    if list.len() < MAX_NAMES && !list.iter().any(|n| n == name) {
        list.push(name.to_string());
    }
}

/// An INI file as dnf/yum (libdnf `ConfigParser`) and libzypp (`IniParser`)
/// read repository and main settings: `[section]`, `key=value`, comments
/// starting with `#` or `;`, continuation lines starting with a blank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IniFile {
    pub path: String,
    pub sections: Vec<IniSection>,
    /// Lines that are neither a section, a setting nor a comment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invalid: Vec<InvalidLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IniSection {
    /// "main", or a repository id.
    pub name: String,
    pub line: u32,
    /// The settings kept (see the collector's list), in file order.
    pub entries: Vec<ConfEntry>,
}

impl IniFile {
    pub fn section(&self, name: &str) -> Option<&IniSection> {
        self.sections.iter().find(|s| s.name == name)
    }
}

impl IniSection {
    /// The last value of `key` in this section (later lines win), with its line.
    pub fn get(&self, key: &str) -> Option<(&str, u32)> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.key.eq_ignore_ascii_case(key))
            .map(|e| (e.value.as_deref().unwrap_or(""), e.line))
    }
}

/// Parses an INI file, keeping only the keys for which `keep` is true (so
/// that no password, proxy or address with credentials is ever recorded).
pub fn parse_ini(path: &str, text: &str, keep: &dyn Fn(&str) -> bool) -> IniFile {
    let mut file = IniFile {
        path: path.to_string(),
        sections: Vec::new(),
        invalid: Vec::new(),
    };
    // Index of the last kept entry, for continuation lines.
    let mut last_kept: Option<(usize, usize)> = None;
    let mut last_was_setting = false;
    for (n, raw) in text.lines().enumerate() {
        let line_no = n as u32 + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            // A blank or comment line ends a multi-line value.
            last_was_setting = false;
            continue;
        }
        if raw.starts_with([' ', '\t']) && last_was_setting {
            if let Some((s, e)) = last_kept {
                if let Some(entry) = file.sections.get_mut(s).and_then(|s| s.entries.get_mut(e)) {
                    let value = entry.value.get_or_insert_with(String::new);
                    if !value.is_empty() {
                        value.push(' ');
                    }
                    value.push_str(trimmed);
                }
            }
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[') {
            match name.strip_suffix(']') {
                Some(name) => {
                    file.sections.push(IniSection {
                        name: name.trim().to_string(),
                        line: line_no,
                        entries: Vec::new(),
                    });
                    last_kept = None;
                    last_was_setting = false;
                }
                None => file.invalid.push(InvalidLine {
                    line: line_no,
                    text: raw.to_string(),
                }),
            }
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            file.invalid.push(InvalidLine {
                line: line_no,
                text: raw.to_string(),
            });
            last_was_setting = false;
            continue;
        };
        let key = key.trim();
        last_was_setting = true;
        last_kept = None;
        if !keep(key) {
            continue;
        }
        let sections = file.sections.len();
        let Some(section) = file.sections.last_mut() else {
            file.invalid.push(InvalidLine {
                line: line_no,
                text: raw.to_string(),
            });
            continue;
        };
        section.entries.push(ConfEntry {
            line: line_no,
            key: key.to_string(),
            value: Some(value.trim().to_string()),
        });
        last_kept = Some((sections - 1, section.entries.len() - 1));
    }
    file
}

/// Boolean values as libdnf and libzypp accept them (case-insensitive);
/// `None` for anything else (the tool then ignores the line).
pub fn ini_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "yes" | "true" | "on" => Some(true),
        "0" | "no" | "false" | "off" => Some(false),
        _ => None,
    }
}

/// Shell-style `KEY="value"` files sourced by scripts (`/etc/os-update.conf`,
/// `/etc/sysconfig/*`): comments start with `#`; one pair of quotes is removed.
pub fn parse_shell_vars(path: &str, text: &str) -> ConfFile {
    let mut file = ConfFile {
        path: path.to_string(),
        entries: Vec::new(),
        invalid: Vec::new(),
    };
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((key, value)) = line.split_once('=') else {
            file.invalid.push(InvalidLine {
                line: n as u32 + 1,
                text: raw.to_string(),
            });
            continue;
        };
        let value = value.trim();
        let value = if let Some(v) = value.strip_prefix('"') {
            v.split('"').next().unwrap_or("")
        } else if let Some(v) = value.strip_prefix('\'') {
            v.split('\'').next().unwrap_or("")
        } else {
            // Unquoted: a comment may follow a blank.
            value.split(" #").next().unwrap_or("").trim()
        };
        file.entries.push(ConfEntry {
            line: n as u32 + 1,
            key: key.trim().to_string(),
            value: Some(value.to_string()),
        });
    }
    file
}

/// A URL with any `user:password@` part removed, so credentials never reach evidence.
pub fn strip_credentials(uri: &str) -> String {
    let Some((scheme, rest)) = uri.split_once("://") else {
        return uri.to_string();
    };
    let host_end = rest.find('/').unwrap_or(rest.len());
    match rest[..host_end].rfind('@') {
        Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
        None => uri.to_string(),
    }
}

/// Files of `dir` with one of these extensions, sorted bytewise.
fn files_with_ext(fs: &dyn Fs, dir: &str, exts: &[&str]) -> Vec<String> {
    fs.read_dir(dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|n| !n.starts_with('.'))
        .filter(|n| exts.iter().any(|e| n.ends_with(e) && n.len() > e.len()))
        .map(|n| format!("{dir}/{n}"))
        .filter(|p| fs.is_file(p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ini_keeps_only_the_keys_asked_and_joins_continuations() {
        let text = "\
[main]
gpgcheck=1
proxy_password=secret
# comment
; other comment
[fedora]
name=Fedora $releasever - $basearch
baseurl=http://a/
  http://b/
gpgcheck = 0
enabled=1
garbage line
";
        let keep = |k: &str| matches!(k, "gpgcheck" | "enabled" | "baseurl");
        let f = parse_ini("/etc/dnf/dnf.conf", text, &keep);
        assert_eq!(f.sections.len(), 2);
        let main = f.section("main").unwrap();
        assert_eq!(main.get("gpgcheck"), Some(("1", 2)));
        assert!(main.get("proxy_password").is_none());
        let fedora = f.section("fedora").unwrap();
        assert_eq!(fedora.line, 6);
        assert_eq!(fedora.get("gpgcheck"), Some(("0", 10)));
        assert_eq!(fedora.get("baseurl"), Some(("http://a/ http://b/", 8)));
        assert_eq!(f.invalid.len(), 1);
        assert_eq!(f.invalid[0].line, 12);
    }

    #[test]
    fn ini_booleans_follow_libdnf() {
        assert_eq!(ini_bool("True"), Some(true));
        assert_eq!(ini_bool("off"), Some(false));
        assert_eq!(ini_bool("2"), None);
    }

    #[test]
    fn shell_vars_lose_their_quotes() {
        let f = parse_shell_vars(
            "/etc/os-update.conf",
            "# comment\nUPDATE_CMD=\"security\"\nREBOOT_CMD=auto # inline\nX='a b'\n",
        );
        let v: Vec<_> = f
            .entries
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            v,
            vec![
                ("UPDATE_CMD", "security"),
                ("REBOOT_CMD", "auto"),
                ("X", "a b")
            ]
        );
    }

    #[test]
    fn credentials_are_removed_from_addresses() {
        assert_eq!(
            strip_credentials("https://user:pw@repo.example/debian"),
            "https://repo.example/debian"
        );
        assert_eq!(
            strip_credentials("http://deb.debian.org/debian"),
            "http://deb.debian.org/debian"
        );
        assert_eq!(strip_credentials("cdrom:[Debian]/"), "cdrom:[Debian]/");
    }
}
