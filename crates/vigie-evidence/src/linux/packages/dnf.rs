//! dnf (dnf4 and dnf5) and yum (Fedora, RHEL and rebuilds).
//!
//! Main settings: dnf5 reads the drop-in directories
//! `/etc/dnf/libdnf5.conf.d` and `/usr/share/dnf5/libdnf.conf.d` (by file
//! name, `/etc` shadowing a same-named vendor file), then `/etc/dnf/dnf.conf`
//! last (libdnf5 `Base::load_config`); dnf4 reads `/etc/dnf/dnf.conf` only.
//! Repositories: every `*.repo` of `reposdir` (default `/etc/yum.repos.d`,
//! `/etc/yum/repos.d`, `/etc/distro.repos.d`, and dnf5's
//! `/usr/share/dnf5/repos.d`), then dnf5's overrides in
//! `/etc/dnf/repos.override.d` (`dnf config-manager setopt` writes there).
//! Live and with `--thorough` only (it takes seconds), `dnf -C` lists the
//! security advisories waiting, from the cache only.

use super::{
    apt::first_line, files_with_ext, newest, parse_ini, push_name, slow_command, stamp,
    timer_stamp, FileStamp, IniFile, PendingUpdates,
};
use crate::command::CommandOutput;
use crate::fs::Fs;
use crate::linux::systemd::{units, UnitState};
use crate::model::Collected;
use crate::sys::{denied, Sys, PERMISSION_DENIED};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const DNF_CONF: &str = "/etc/dnf/dnf.conf";
pub const YUM_CONF: &str = "/etc/yum.conf";
/// dnf5 drop-ins, local then vendor (a local file shadows a vendor one of the same name).
pub const DROP_IN_DIRS: &[&str] = &["/etc/dnf/libdnf5.conf.d", "/usr/share/dnf5/libdnf.conf.d"];
/// Default `reposdir` of dnf4 and dnf5 together.
pub const REPO_DIRS: &[&str] = &[
    "/etc/yum.repos.d",
    "/etc/yum/repos.d",
    "/etc/distro.repos.d",
    "/usr/share/dnf5/repos.d",
];
/// dnf5 repository overrides, local then vendor.
pub const OVERRIDE_DIRS: &[&str] = &[
    "/etc/dnf/repos.override.d",
    "/usr/share/dnf5/repos.override.d",
];

/// dnf4's dnf-automatic settings; also the host overrides of recent dnf5.
pub const AUTOMATIC_CONF: &str = "/etc/dnf/automatic.conf";
/// dnf5's automatic plugin defaults (its presence means dnf5 automatic is installed).
pub const AUTOMATIC_DNF5_DEFAULTS: &str = "/usr/share/dnf5/dnf5-plugins/automatic.conf";
/// The host file of early dnf5 releases (read instead of the defaults).
pub const AUTOMATIC_DNF5_ETC: &str = "/etc/dnf/dnf5-plugins/automatic.conf";

/// Timers that run dnf-automatic. The `-install` ones install whatever the
/// configuration says; the plain ones follow `apply_updates`; `-download`
/// and `-notifyonly` never install.
pub const TIMERS: &[&str] = &[
    "dnf-automatic.timer",
    "dnf-automatic-install.timer",
    "dnf5-automatic.timer",
    "dnf5-automatic-install.timer",
    "dnf-automatic-download.timer",
    "dnf-automatic-notifyonly.timer",
];

const CACHE_DIRS: &[&str] = &["/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/yum"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DnfEvidence {
    /// dnf5 is installed (`/usr/bin/dnf5` or its automatic plugin).
    pub dnf5: bool,
    /// Main settings files, in the order they apply (the last one wins).
    pub main: Vec<Collected<IniFile>>,
    /// Repository files.
    pub repos: Vec<Collected<IniFile>>,
    /// dnf5 repository overrides (section names are repository id globs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Collected<IniFile>>,
    /// dnf-automatic settings files ([`AUTOMATIC_CONF`], [`AUTOMATIC_DNF5_ETC`],
    /// [`AUTOMATIC_DNF5_DEFAULTS`]), found or not.
    pub automatic: Vec<Collected<IniFile>>,
    /// dnf-automatic timers ([`TIMERS`]).
    pub units: Collected<Vec<UnitState>>,
    /// systemd's stamps of those timers (when each last fired).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stamps: Vec<FileStamp>,
    /// The newest `repomd.xml` of the metadata cache: when metadata was last refreshed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<FileStamp>,
    /// Live, with `--thorough`: security advisories waiting, from `dnf -C
    /// updateinfo list --security` (otherwise not collected).
    pub pending: Collected<PendingUpdates>,
}

impl DnfEvidence {
    pub fn automatic_file(&self, path: &str) -> Option<&Collected<IniFile>> {
        self.automatic.iter().find(|c| match c {
            Collected::Ok { value, .. } => value.path == path,
            other => other.source() == Some(path),
        })
    }
}

fn keep_main(k: &str) -> bool {
    matches!(
        k.to_ascii_lowercase().as_str(),
        "gpgcheck" | "pkg_gpgcheck" | "repo_gpgcheck" | "localpkg_gpgcheck" | "reposdir"
    )
}

fn keep_repo(k: &str) -> bool {
    matches!(
        k.to_ascii_lowercase().as_str(),
        "enabled" | "gpgcheck" | "pkg_gpgcheck" | "repo_gpgcheck" | "name"
    )
}

fn keep_automatic(k: &str) -> bool {
    matches!(
        k.to_ascii_lowercase().as_str(),
        "apply_updates" | "upgrade_type" | "download_updates"
    )
}

/// `*.conf` files of the drop-in directories, sorted by file name, a local
/// file shadowing a vendor file of the same name (libdnf5 `create_sorted_file_list`).
pub fn sorted_unique(fs: &dyn Fs, dirs: &[&str], ext: &str) -> Vec<String> {
    let mut files: Vec<(String, String)> = Vec::new();
    for dir in dirs {
        for path in files_with_ext(fs, dir, &[ext]) {
            let name = path.rsplit('/').next().unwrap_or("").to_string();
            if !files.iter().any(|(n, _)| *n == name) {
                files.push((name, path));
            }
        }
    }
    files.sort();
    files.into_iter().map(|(_, p)| p).collect()
}

/// Whether this system uses dnf or yum.
pub fn present(fs: &dyn Fs) -> bool {
    fs.is_dir("/etc/dnf") || fs.is_dir("/etc/yum.repos.d") || fs.is_file(YUM_CONF)
}

/// `dnf updateinfo list --security` (dnf4: `ID Severity/Sec. NEVRA`; dnf5,
/// `advisory list`: a header, then `ID security Severity NEVRA Issued`).
pub fn parse_updateinfo(text: &str) -> PendingUpdates {
    let mut pending = PendingUpdates::default();
    let mut packages: Vec<String> = Vec::new();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.len() < 3 || words[0] == "Name" {
            continue;
        }
        let kind = words[1];
        let package = if kind.ends_with("/Sec.") {
            words[2]
        } else if kind == "security" {
            if words.len() >= 5 {
                words[3]
            } else {
                words[2]
            }
        } else {
            continue;
        };
        if !packages.iter().any(|p| p == package) {
            packages.push(package.to_string());
        }
        push_name(&mut pending.advisories, words[0]);
    }
    pending.security = packages.len() as u32;
    for p in &packages {
        push_name(&mut pending.packages, p);
    }
    pending
}

pub fn collect(sys: &Sys) -> DnfEvidence {
    let fs = sys.fs;
    let dnf5 = fs.is_file("/usr/bin/dnf5") || fs.is_file(AUTOMATIC_DNF5_DEFAULTS);
    let mut main: Vec<Collected<IniFile>> = sorted_unique(fs, DROP_IN_DIRS, ".conf")
        .iter()
        .map(|p| sys.file(p, |t| parse_ini(p, t, &keep_main)))
        .collect();
    let main_file = if !fs.exists(DNF_CONF) && fs.exists(YUM_CONF) {
        YUM_CONF
    } else {
        DNF_CONF
    };
    main.push(sys.file(main_file, |t| parse_ini(main_file, t, &keep_main)));
    // `reposdir` replaces the default directories.
    let reposdir: Option<Vec<String>> = main
        .iter()
        .rev()
        .filter_map(|c| c.value())
        .filter_map(|f| f.section("main").and_then(|s| s.get("reposdir")))
        .next()
        .map(|(v, _)| {
            v.split([',', ' '])
                .filter(|d| !d.is_empty())
                .map(|d| d.trim_end_matches('/').to_string())
                .collect()
        });
    let dirs: Vec<String> =
        reposdir.unwrap_or_else(|| REPO_DIRS.iter().map(|d| d.to_string()).collect());
    let repos = dirs
        .iter()
        .flat_map(|d| files_with_ext(fs, d, &[".repo"]))
        .map(|p| sys.file(&p, |t| parse_ini(&p, t, &keep_repo)))
        .collect();
    let overrides = sorted_unique(fs, OVERRIDE_DIRS, ".repo")
        .iter()
        .map(|p| sys.file(p, |t| parse_ini(p, t, &keep_repo)))
        .collect();
    let automatic = [AUTOMATIC_CONF, AUTOMATIC_DNF5_ETC, AUTOMATIC_DNF5_DEFAULTS]
        .iter()
        .map(|p| sys.file(p, |t| parse_ini(p, t, &keep_automatic)))
        .collect();
    let units = units(sys, TIMERS);
    let stamps = TIMERS.iter().filter_map(|t| timer_stamp(fs, t)).collect();
    let cache = newest(CACHE_DIRS.iter().flat_map(|dir| {
        fs.read_dir(dir)
            .unwrap_or_default()
            .into_iter()
            .filter_map(move |repo| stamp(fs, &format!("{dir}/{repo}/repodata/repomd.xml")))
    }));
    let privileged = sys.privileged;
    // Seconds of metadata loading: only in a thorough collection.
    let pending = slow_command(
        sys,
        "dnf",
        &["-C", "-q", "updateinfo", "list", "--security"],
        |out: &CommandOutput| {
            if out.success() {
                return Ok(parse_updateinfo(&out.stdout));
            }
            let why = first_line(&format!("{}\n{}", out.stderr, out.stdout));
            // Without rights, dnf may look for a cache of its own and find none.
            if denied(out) || (!privileged && why.to_ascii_lowercase().contains("cache")) {
                return Err(format!("{PERMISSION_DENIED}: {why}"));
            }
            Err(format!("exit code {:?}: {why}", out.code))
        },
    );
    DnfEvidence {
        dnf5,
        main,
        repos,
        overrides,
        automatic,
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
    fn updateinfo_dnf4_lines() {
        let text = "\
FEDORA-2024-3a9e5f2d1c Moderate/Sec.  curl-8.6.0-10.fc40.x86_64
FEDORA-2024-3a9e5f2d1c Moderate/Sec.  libcurl-8.6.0-10.fc40.x86_64
FEDORA-2024-77aa01bb22 Important/Sec. curl-8.6.0-10.fc40.x86_64
FEDORA-2024-0000000000 bugfix         bash-5.2.26-3.fc40.x86_64
";
        let p = parse_updateinfo(text);
        assert_eq!(p.security, 2);
        assert_eq!(
            p.packages,
            vec!["curl-8.6.0-10.fc40.x86_64", "libcurl-8.6.0-10.fc40.x86_64"]
        );
        assert_eq!(
            p.advisories,
            vec!["FEDORA-2024-3a9e5f2d1c", "FEDORA-2024-77aa01bb22"]
        );
    }

    #[test]
    fn updateinfo_dnf5_table() {
        let text = "\
Name                   Type     Severity  Package                          Issued
FEDORA-2024-8b4d2e1f0a security Important openssl-libs-1:3.2.2-9.fc41.x86_64 2024-11-20 01:12:45
";
        let p = parse_updateinfo(text);
        assert_eq!(p.security, 1);
        assert_eq!(p.packages, vec!["openssl-libs-1:3.2.2-9.fc41.x86_64"]);
        assert_eq!(parse_updateinfo("").security, 0);
    }
}
