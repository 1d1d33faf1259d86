//! Linux collection: which files are read, in which order.

pub mod accounts;
pub mod browsers;
pub mod desktop;
pub mod network;
pub mod packages;
pub mod pam;
pub mod protection;
pub mod storage;
pub mod systemd;
pub mod users;

use crate::conf::{parse_key_value, parse_login_defs};
use crate::fs::{Fs, FsError};
use crate::model::{AccountTable, Collected, ConfFile, LinuxEvidence};
use crate::sys::Sys;

/// The service a password change goes through (`passwd`, and desktop tools
/// using the same stack).
pub const PASSWORD_SERVICES: &[&str] = &["passwd"];
/// Services through which a person logs in: console, SSH, display managers.
pub const LOGIN_SERVICES: &[&str] = &[
    "login",
    "sshd",
    "gdm-password",
    "lightdm",
    "sddm",
    "xdm",
    "lxdm",
];

pub const PWQUALITY_CONF: &str = "/etc/security/pwquality.conf";
pub const FAILLOCK_CONF: &str = "/etc/security/faillock.conf";
pub const PWHISTORY_CONF: &str = "/etc/security/pwhistory.conf";

/// Reads one file through `parse`, recording why it could not be read.
pub fn read_conf(
    fs: &dyn Fs,
    path: &str,
    parse: fn(&str, &str) -> ConfFile,
) -> Collected<ConfFile> {
    match fs.read_to_string(path) {
        Ok(text) => Collected::Ok {
            source: path.to_string(),
            value: parse(path, &text),
        },
        Err(FsError::NotFound) => Collected::Missing {
            source: path.to_string(),
        },
        Err(e) => Collected::Unreadable {
            source: path.to_string(),
            error: e.to_string(),
        },
    }
}

/// Files of `dir` whose name passes `keep`, in byte order (`strcmp`, as
/// libpwquality sorts; libeconf's alphasort is the same in the C locale).
fn drop_ins(fs: &dyn Fs, dir: &str, keep: fn(&str) -> bool) -> Vec<String> {
    fs.read_dir(dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|n| keep(n))
        .map(|n| format!("{dir}/{n}"))
        .collect()
}

/// libpwquality's filter: the first ".conf" in the name must end it.
fn is_pwquality_drop_in(name: &str) -> bool {
    name.find(".conf").is_some_and(|i| i + 5 == name.len())
}

/// libpwquality reads the drop-in directory `pwquality.conf.d/*.conf` in
/// byte order first, then `pwquality.conf` itself: the main file has the
/// last word (libpwquality `pwquality_read_config`).
pub fn pwquality_files(fs: &dyn Fs, main: &str) -> Vec<Collected<ConfFile>> {
    let mut files: Vec<Collected<ConfFile>> =
        drop_ins(fs, &format!("{main}.d"), is_pwquality_drop_in)
            .iter()
            .map(|p| read_conf(fs, p, parse_key_value))
            .collect();
    files.push(read_conf(fs, main, parse_key_value));
    files
}

/// shadow's `login.defs`: `/etc/login.defs` (or, on libeconf builds that ship
/// it under `/usr/etc`, that one when `/etc` has none), then libeconf's
/// drop-ins: `/usr/etc/login.defs.d/*.defs` in name order, then
/// `/etc/login.defs.d/*.defs` in name order, a vendor file being skipped when
/// `/etc` has one of the same name. Later settings override earlier ones.
pub fn login_defs_files(fs: &dyn Fs) -> Vec<Collected<ConfFile>> {
    let mut files = Vec::new();
    let main = read_conf(fs, "/etc/login.defs", parse_login_defs);
    if matches!(main, Collected::Missing { .. }) && fs.is_file("/usr/etc/login.defs") {
        files.push(read_conf(fs, "/usr/etc/login.defs", parse_login_defs));
    } else {
        files.push(main);
    }
    let is_defs = |n: &str| n.ends_with(".defs");
    let local = drop_ins(fs, "/etc/login.defs.d", is_defs);
    let local_names: Vec<&str> = local.iter().filter_map(|p| p.rsplit('/').next()).collect();
    let vendor: Vec<String> = drop_ins(fs, "/usr/etc/login.defs.d", is_defs)
        .into_iter()
        .filter(|p| !local_names.contains(&p.rsplit('/').next().unwrap_or("")))
        .collect();
    files.extend(
        vendor
            .iter()
            .chain(local.iter())
            .map(|p| read_conf(fs, p, parse_login_defs)),
    );
    files
}

/// Local accounts from `/etc/passwd`, joined with `/etc/shadow` when readable.
pub fn accounts(fs: &dyn Fs) -> Collected<AccountTable> {
    let passwd = match fs.read_to_string("/etc/passwd") {
        Ok(text) => text,
        Err(FsError::NotFound) => {
            return Collected::Missing {
                source: "/etc/passwd".into(),
            }
        }
        Err(e) => {
            return Collected::Unreadable {
                source: "/etc/passwd".into(),
                error: e.to_string(),
            }
        }
    };
    let mut accounts = accounts::parse_passwd(&passwd);
    let shadow = match fs.read_to_string("/etc/shadow") {
        Ok(text) => {
            accounts::apply_shadow(&mut accounts, &text);
            Collected::Ok {
                source: "/etc/shadow".into(),
                value: (),
            }
        }
        Err(FsError::NotFound) => Collected::Missing {
            source: "/etc/shadow".into(),
        },
        Err(e) => Collected::Unreadable {
            source: "/etc/shadow".into(),
            error: e.to_string(),
        },
    };
    Collected::Ok {
        source: "/etc/passwd".into(),
        value: AccountTable { shadow, accounts },
    }
}

/// Everything Linux evaluators need. Areas are collected in parallel: live,
/// most of the time goes to waiting for commands.
pub fn collect(sys: &Sys) -> LinuxEvidence {
    std::thread::scope(|scope| {
        let desktop = scope.spawn(|| desktop::collect(sys));
        let protection = scope.spawn(|| protection::collect(sys));
        let storage = scope.spawn(|| storage::collect(sys));
        let packages = scope.spawn(|| packages::collect(sys));
        let network = scope.spawn(|| network::collect(sys));
        let users = scope.spawn(|| users::collect(sys));
        let browsers = scope.spawn(|| browsers::collect(sys));
        let mut linux = collect_policy(sys.fs);
        // A panicking collector is a bug; let it surface rather than hide a table.
        linux.desktop = desktop.join().expect("desktop collector");
        linux.protection = protection.join().expect("protection collector");
        linux.storage = storage.join().expect("storage collector");
        linux.packages = packages.join().expect("packages collector");
        linux.network = network.join().expect("network collector");
        linux.users = users.join().expect("users collector");
        linux.browsers = browsers.join().expect("browsers collector");
        linux
    })
}

/// Password policy and accounts: files only.
fn collect_policy(fs: &dyn Fs) -> LinuxEvidence {
    let services: Vec<&str> = PASSWORD_SERVICES
        .iter()
        .chain(LOGIN_SERVICES)
        .copied()
        .collect();
    let pam = match pam::PamLoader::new(fs).load(&services) {
        Ok(config) => Collected::Ok {
            source: "/etc/pam.d".into(),
            value: config,
        },
        Err(FsError::NotFound) => Collected::Missing {
            source: "/etc/pam.d".into(),
        },
        Err(e) => Collected::Unreadable {
            source: "/etc/pam.d".into(),
            error: e.to_string(),
        },
    };
    // pam_faillock and pam_pwhistory read their default file unless given
    // `conf=` (pam_pwquality has no such option); read every file
    // the configuration points at, so evaluation never has to guess.
    let mut faillock_paths = vec![FAILLOCK_CONF.to_string()];
    let mut pwhistory_paths = vec![PWHISTORY_CONF.to_string()];
    if let Some(config) = pam.value() {
        for service in &config.services {
            for entry in flatten(&service.stack) {
                let conf = entry.args.iter().find_map(|a| a.strip_prefix("conf="));
                let list = match entry.module_name() {
                    "pam_faillock.so" => &mut faillock_paths,
                    "pam_pwhistory.so" => &mut pwhistory_paths,
                    _ => continue,
                };
                if let Some(path) = conf {
                    if !list.iter().any(|p| p == path) {
                        list.push(path.to_string());
                    }
                }
            }
        }
    }
    LinuxEvidence {
        pam,
        pwquality: pwquality_files(fs, PWQUALITY_CONF),
        faillock: faillock_paths
            .iter()
            .map(|p| (p.clone(), read_conf(fs, p, parse_key_value)))
            .collect(),
        pwhistory: pwhistory_paths
            .iter()
            .map(|p| (p.clone(), read_conf(fs, p, parse_key_value)))
            .collect(),
        login_defs: login_defs_files(fs),
        accounts: accounts(fs),
        desktop: Default::default(),
        protection: Default::default(),
        storage: Default::default(),
        packages: Default::default(),
        network: Default::default(),
        users: Default::default(),
        browsers: Default::default(),
    }
}

/// Every entry of a stack, substacks included, in order.
pub fn flatten(stack: &[crate::model::PamEntry]) -> Vec<&crate::model::PamEntry> {
    let mut out = Vec::new();
    for entry in stack {
        out.push(entry);
        out.extend(flatten(&entry.substack));
    }
    out
}
