//! Signs of how accounts are used: files a desktop session or a browser
//! leaves in a home directory (existence and modification time only, never
//! contents), and display managers' automatic logins.

use crate::fs::{Fs, FsError};
use crate::model::{Collected, Origin};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Paths, relative to the home directory, that a desktop session creates.
pub const DESKTOP_TRACES: &[&str] = &[
    ".config/dconf/user",
    ".local/share/recently-used.xbel",
    ".local/share/gnome-shell",
    ".config/plasma-org.kde.plasma.desktop-appletsrc",
    ".config/xfce4",
    ".config/cinnamon",
    ".config/mate",
    ".config/lxsession",
    ".xsession-errors",
    // xdg-user-dirs creates them at the first desktop login (French name too).
    "Desktop",
    "Bureau",
];
/// Paths a web browser creates when it is used.
pub const BROWSER_TRACES: &[&str] = &[
    ".mozilla/firefox",
    ".config/mozilla/firefox",
    "snap/firefox/common/.mozilla/firefox",
    ".var/app/org.mozilla.firefox",
    ".config/chromium",
    "snap/chromium/common/chromium",
    ".config/google-chrome",
    ".config/microsoft-edge",
    ".config/BraveSoftware",
];
/// Other files that change when the account is used.
pub const OTHER_TRACES: &[&str] = &[".bash_history", ".zsh_history", ".cache", ".local/state"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TraceKind {
    Desktop,
    Browser,
    Other,
}

/// One file or folder found in a home directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Trace {
    pub path: String,
    pub kind: TraceKind,
    /// Last modification, seconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<i64>,
}

/// What an account's home directory shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HomeTraces {
    pub account: String,
    pub uid: u32,
    /// The home directory: its own modification time when it could be
    /// searched, or why not (missing, permission denied).
    pub home: Collected<Option<i64>>,
    pub traces: Vec<Trace>,
}

impl HomeTraces {
    /// The latest modification seen (the home itself or a trace).
    pub fn last_activity(&self) -> Option<(String, i64)> {
        let home = self
            .home
            .value()
            .copied()
            .flatten()
            .zip(self.home.source())
            .map(|(t, s)| (s.to_string(), t));
        self.traces
            .iter()
            .filter_map(|t| t.modified.map(|m| (t.path.clone(), m)))
            .chain(home)
            .max_by_key(|(_, t)| *t)
    }
}

/// Looks for the traces in one home directory.
pub fn home_traces(fs: &dyn Fs, account: &str, uid: u32, home: &str) -> HomeTraces {
    let mut out = HomeTraces {
        account: account.to_string(),
        uid,
        home: Collected::Missing {
            source: home.to_string(),
        },
        traces: Vec::new(),
    };
    let meta = match fs.metadata(home) {
        Ok(m) => m,
        Err(e) => {
            out.home = crate::sys::fs_error(home, e);
            return out;
        }
    };
    let base = home.trim_end_matches('/');
    let lists = [
        (DESKTOP_TRACES, TraceKind::Desktop),
        (BROWSER_TRACES, TraceKind::Browser),
        (OTHER_TRACES, TraceKind::Other),
    ];
    for (list, kind) in lists {
        for rel in list {
            let path = format!("{base}/{rel}");
            match fs.metadata(&path) {
                Ok(m) => out.traces.push(Trace {
                    path,
                    kind,
                    modified: m.modified,
                }),
                Err(FsError::NotFound) => {}
                // A home this process may not search: nothing inside can be seen.
                Err(FsError::PermissionDenied) => {
                    out.home = Collected::Unreadable {
                        source: home.to_string(),
                        error: crate::sys::PERMISSION_DENIED.into(),
                    };
                    out.traces.clear();
                    return out;
                }
                Err(_) => {}
            }
        }
    }
    out.home = Collected::Ok {
        source: home.to_string(),
        value: meta.modified,
    };
    out
}

/// An automatic login configured in a display manager.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Autologin {
    /// `gdm`, `lightdm` or `sddm`.
    pub manager: String,
    pub user: String,
    pub origin: Origin,
    /// GDM's timed login (after a delay at the login screen).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub timed: bool,
}

/// `[section]` and `key=value` lines of an INI-style file (pure):
/// (line, section, key, value).
fn ini(text: &str) -> Vec<(u32, String, String, String)> {
    let mut out = Vec::new();
    let mut section = String::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(s) = line.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = s.trim().to_string();
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            out.push((
                n as u32 + 1,
                section.clone(),
                k.trim().to_string(),
                v.trim().to_string(),
            ));
        }
    }
    out
}

fn truthy(v: &str) -> bool {
    v.eq_ignore_ascii_case("true") || v == "1"
}

fn conf_dir(fs: &dyn Fs, dir: &str) -> Vec<String> {
    fs.read_dir(dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|n| n.ends_with(".conf"))
        .map(|n| format!("{dir}/{n}"))
        .collect()
}

/// GDM reads `[daemon]` of its custom file: `/etc/gdm3/custom.conf`
/// (Ubuntu), `/etc/gdm3/daemon.conf` (Debian), `/etc/gdm/custom.conf`.
pub const GDM_FILES: &[&str] = &[
    "/etc/gdm3/custom.conf",
    "/etc/gdm3/daemon.conf",
    "/etc/gdm/custom.conf",
];

fn gdm(fs: &dyn Fs) -> Vec<Autologin> {
    let mut out = Vec::new();
    for path in GDM_FILES {
        let Ok(text) = fs.read_to_string(path) else {
            continue;
        };
        let entries = ini(&text);
        let get = |key: &str| {
            entries
                .iter()
                .rev()
                .find(|(_, s, k, _)| s == "daemon" && k == key)
        };
        for (enable, user, timed) in [
            ("AutomaticLoginEnable", "AutomaticLogin", false),
            ("TimedLoginEnable", "TimedLogin", true),
        ] {
            if let (Some(e), Some(u)) = (get(enable), get(user)) {
                if truthy(&e.3) && !u.3.is_empty() {
                    out.push(Autologin {
                        manager: "gdm".into(),
                        user: u.3.clone(),
                        origin: Origin {
                            file: path.to_string(),
                            line: u.0,
                        },
                        timed,
                    });
                }
            }
        }
    }
    out
}

/// LightDM: drop-in directories then `/etc/lightdm/lightdm.conf`, later
/// files overriding earlier ones; `autologin-user` in `[Seat:*]`,
/// `[Seat:seat0]` or the old `[SeatDefaults]`.
fn lightdm(fs: &dyn Fs) -> Option<Autologin> {
    let mut files = Vec::new();
    for dir in [
        "/usr/share/lightdm/lightdm.conf.d",
        "/usr/local/share/lightdm/lightdm.conf.d",
        "/etc/xdg/lightdm/lightdm.conf.d",
        "/etc/lightdm/lightdm.conf.d",
    ] {
        files.extend(conf_dir(fs, dir));
    }
    files.push("/etc/lightdm/lightdm.conf".into());
    let mut found: Option<Autologin> = None;
    for path in files {
        let Ok(text) = fs.read_to_string(&path) else {
            continue;
        };
        for (line, section, key, value) in ini(&text) {
            let seat = section == "Seat:*" || section == "Seat:seat0" || section == "SeatDefaults";
            if seat && key == "autologin-user" {
                found = (!value.is_empty()).then(|| Autologin {
                    manager: "lightdm".into(),
                    user: value,
                    origin: Origin {
                        file: path.clone(),
                        line,
                    },
                    timed: false,
                });
            }
        }
    }
    found
}

/// SDDM: `/usr/lib/sddm/sddm.conf.d`, `/etc/sddm.conf.d`, then
/// `/etc/sddm.conf`; `User=` in `[Autologin]`.
fn sddm(fs: &dyn Fs) -> Option<Autologin> {
    let mut files = conf_dir(fs, "/usr/lib/sddm/sddm.conf.d");
    files.extend(conf_dir(fs, "/etc/sddm.conf.d"));
    files.push("/etc/sddm.conf".into());
    let mut found: Option<Autologin> = None;
    for path in files {
        let Ok(text) = fs.read_to_string(&path) else {
            continue;
        };
        for (line, section, key, value) in ini(&text) {
            if section == "Autologin" && key == "User" {
                found = (!value.is_empty()).then(|| Autologin {
                    manager: "sddm".into(),
                    user: value,
                    origin: Origin {
                        file: path.clone(),
                        line,
                    },
                    timed: false,
                });
            }
        }
    }
    found
}

pub fn autologins(fs: &dyn Fs) -> Vec<Autologin> {
    let mut out = gdm(fs);
    out.extend(lightdm(fs));
    out.extend(sddm(fs));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ini_lines() {
        let e = ini("# c\n[daemon]\nAutomaticLoginEnable = True\n;x\nAutomaticLogin=alice\n");
        assert_eq!(e.len(), 2);
        assert_eq!(
            e[1],
            (5, "daemon".into(), "AutomaticLogin".into(), "alice".into())
        );
        assert!(truthy("True"));
        assert!(!truthy("false"));
    }
}
