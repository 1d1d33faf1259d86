//! zypper / libzypp (openSUSE, SLES).
//!
//! Signature settings: `/etc/zypp/zypp.conf` (or the vendor
//! `/usr/etc/zypp/zypp.conf` when `/etc` has none) `[main]`, then each
//! repository of `reposdir` (default `/etc/zypp/repos.d`). Automatic
//! patching: os-update (`os-update.timer`, `/usr/etc/os-update.conf` then
//! `/etc/os-update.conf`, sourced as shell) or YaST's automatic online update
//! (a cron link `/etc/cron.{daily,weekly,monthly}/opensuse.org-online_update`
//! and `/etc/sysconfig/automatic_online_update`). Live and with `--thorough`
//! only (it takes seconds), `zypper --no-refresh list-patches --category
//! security` lists the security patches waiting, from the local cache only.

use super::{
    apt::first_line, newest, parse_ini, parse_shell_vars, push_name, slow_command, stamp,
    timer_stamp, FileStamp, IniFile, PendingUpdates,
};
use crate::command::CommandOutput;
use crate::fs::Fs;
use crate::linux::systemd::{units, UnitState};
use crate::model::{Collected, ConfFile};
use crate::sys::{denied, Sys, PERMISSION_DENIED};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const ZYPP_CONF: &str = "/etc/zypp/zypp.conf";
pub const ZYPP_CONF_VENDOR: &str = "/usr/etc/zypp/zypp.conf";
pub const REPOS_DIR: &str = "/etc/zypp/repos.d";
pub const OS_UPDATE_VENDOR: &str = "/usr/etc/os-update.conf";
pub const OS_UPDATE_CONF: &str = "/etc/os-update.conf";
pub const OS_UPDATE_TIMER: &str = "os-update.timer";
pub const ONLINE_UPDATE_CONF: &str = "/etc/sysconfig/automatic_online_update";
/// YaST's cron links, one per interval.
pub const ONLINE_UPDATE_CRON: &[&str] = &[
    "/etc/cron.daily/opensuse.org-online_update",
    "/etc/cron.weekly/opensuse.org-online_update",
    "/etc/cron.monthly/opensuse.org-online_update",
];
const CACHE_DIRS: &[&str] = &["/var/cache/zypp/raw", "/var/cache/zypp/solv"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ZypperEvidence {
    /// libzypp's main settings.
    pub zypp_conf: Collected<IniFile>,
    /// Repository files.
    pub repos: Vec<Collected<IniFile>>,
    /// os-update settings, vendor then local (the local file wins).
    pub os_update: Vec<Collected<ConfFile>>,
    /// YaST automatic online update settings.
    pub online_update: Collected<ConfFile>,
    /// YaST automatic online update cron links that exist.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cron_jobs: Vec<String>,
    /// `os-update.timer`.
    pub units: Collected<Vec<UnitState>>,
    /// systemd's stamp of `os-update.timer` (when it last fired).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stamps: Vec<FileStamp>,
    /// The newest metadata file of the repository cache.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<FileStamp>,
    /// Live, with `--thorough`: security patches waiting (counted in
    /// `security`, named in `advisories`); otherwise not collected.
    pub pending: Collected<PendingUpdates>,
}

fn keep_main(k: &str) -> bool {
    matches!(
        k.to_ascii_lowercase().as_str(),
        "gpgcheck" | "repo_gpgcheck" | "pkg_gpgcheck" | "reposdir"
    )
}

fn keep_repo(k: &str) -> bool {
    matches!(
        k.to_ascii_lowercase().as_str(),
        "enabled" | "gpgcheck" | "repo_gpgcheck" | "pkg_gpgcheck" | "name"
    )
}

/// Whether this system uses zypper.
pub fn present(fs: &dyn Fs) -> bool {
    fs.is_dir("/etc/zypp") || fs.is_dir("/usr/etc/zypp")
}

/// `zypper list-patches` table: a header naming the columns (`Repository |
/// Name | Category | Severity | Interactive | Status | Summary`), a rule,
/// then one row per patch; "No updates found." when there is none.
pub fn parse_list_patches(text: &str) -> Result<PendingUpdates, String> {
    let mut pending = PendingUpdates::default();
    let mut columns: Option<(usize, usize, Option<usize>)> = None;
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 3 {
            continue;
        }
        let Some((name, category, status)) = columns else {
            let find = |h: &str| cells.iter().position(|c| c.eq_ignore_ascii_case(h));
            if let (Some(n), Some(c)) = (find("Name"), find("Category")) {
                columns = Some((n, c, find("Status")));
            }
            continue;
        };
        if cells
            .iter()
            .all(|c| c.chars().all(|ch| ch == '-' || ch == '+'))
        {
            continue;
        }
        let is_security = cells.get(category).is_some_and(|c| *c == "security");
        let needed = status
            .and_then(|s| cells.get(s))
            .is_none_or(|s| matches!(*s, "needed" | "applicable"));
        if is_security && needed {
            pending.security += 1;
            push_name(
                &mut pending.advisories,
                cells.get(name).copied().unwrap_or(""),
            );
        }
    }
    if columns.is_none() && !text.contains("No updates found") {
        return Err(format!(
            "unrecognised output: {}",
            first_line(text.lines().last().unwrap_or(""))
        ));
    }
    Ok(pending)
}

pub fn collect(sys: &Sys) -> ZypperEvidence {
    let fs = sys.fs;
    let conf_path = if !fs.exists(ZYPP_CONF) && fs.exists(ZYPP_CONF_VENDOR) {
        ZYPP_CONF_VENDOR
    } else {
        ZYPP_CONF
    };
    let zypp_conf = sys.file(conf_path, |t| parse_ini(conf_path, t, &keep_main));
    let repos_dir = zypp_conf
        .value()
        .and_then(|f| f.section("main"))
        .and_then(|s| s.get("reposdir"))
        .map(|(v, _)| v.trim_end_matches('/').to_string())
        .unwrap_or_else(|| REPOS_DIR.to_string());
    let repos = super::files_with_ext(fs, &repos_dir, &[".repo"])
        .iter()
        .map(|p| sys.file(p, |t| parse_ini(p, t, &keep_repo)))
        .collect();
    let os_update = [OS_UPDATE_VENDOR, OS_UPDATE_CONF]
        .iter()
        .map(|p| sys.file(p, |t| parse_shell_vars(p, t)))
        .collect();
    let online_update = sys.file(ONLINE_UPDATE_CONF, |t| {
        parse_shell_vars(ONLINE_UPDATE_CONF, t)
    });
    let cron_jobs = ONLINE_UPDATE_CRON
        .iter()
        .filter(|p| fs.exists(p))
        .map(|p| p.to_string())
        .collect();
    let units = units(sys, &[OS_UPDATE_TIMER]);
    let stamps = timer_stamp(fs, OS_UPDATE_TIMER).into_iter().collect();
    let cache = newest(CACHE_DIRS.iter().flat_map(|dir| {
        fs.read_dir(dir)
            .unwrap_or_default()
            .into_iter()
            .flat_map(move |repo| {
                [
                    format!("{dir}/{repo}/repodata/repomd.xml"),
                    format!("{dir}/{repo}/cookie"),
                ]
                .into_iter()
                .filter_map(move |p| stamp(fs, &p))
            })
    }));
    // Seconds of metadata loading: only in a thorough collection.
    let pending = slow_command(
        sys,
        "zypper",
        &[
            "--non-interactive",
            "--no-refresh",
            "list-patches",
            "--category",
            "security",
        ],
        |out: &CommandOutput| {
            // 100/101: patches (security patches) are needed.
            if matches!(out.code, Some(0 | 100 | 101)) {
                return parse_list_patches(&out.stdout);
            }
            let why = first_line(&format!("{}\n{}", out.stderr, out.stdout));
            if denied(out) || why.to_ascii_lowercase().contains("root") {
                return Err(format!("{PERMISSION_DENIED}: {why}"));
            }
            Err(format!("exit code {:?}: {why}", out.code))
        },
    );
    ZypperEvidence {
        zypp_conf,
        repos,
        os_update,
        online_update,
        cron_jobs,
        units,
        stamps,
        cache,
        pending,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_patches_table() {
        let text = "\
Loading repository data...
Reading installed packages...

Repository                  | Name                          | Category | Severity  | Interactive | Status | Summary
----------------------------+-------------------------------+----------+-----------+-------------+--------+-------------------------------
Update repository with updates from SUSE Linux Enterprise 15 | openSUSE-SLE-15.6-2024-4101 | security | important | ---         | needed | Security update for the Linux Kernel
Main Update Repository      | openSUSE-2024-378             | security | moderate  | ---         | needed | Security update for curl

Found 2 applicable patches:
2 patches needed (2 security patches)
";
        let p = parse_list_patches(text).unwrap();
        assert_eq!(p.security, 2);
        assert_eq!(
            p.advisories,
            vec!["openSUSE-SLE-15.6-2024-4101", "openSUSE-2024-378"]
        );
        let none = parse_list_patches(
            "Loading repository data...\nReading installed packages...\nNo updates found.\n",
        )
        .unwrap();
        assert_eq!(none.security, 0);
        assert!(parse_list_patches("something else\n").is_err());
    }
}
