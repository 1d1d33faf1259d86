//! Graphical sessions and their screen locks (4.3.2.a, 4.3.2.c): GNOME,
//! Cinnamon and MATE (dconf and GSettings), KDE Plasma (kscreenlockerrc),
//! Xfce (xfconf), the display managers and their automatic login.
//!
//! Which desktops exist comes from the session files display managers
//! offer (`/usr/share/xsessions`, `/usr/share/wayland-sessions`). For each
//! human account (`/etc/passwd`, uid 1000 to 59999 with a login shell and
//! a home), only the specific settings files of those desktops are read in
//! the home directory. Nothing is judged here: the tables keep what each
//! file says, with its line, and the checks apply each desktop's precedence.

pub mod dconf;
pub mod gvdb;
pub mod ini;
pub mod xfconf;

use crate::fs::Fs;
use crate::linux::accounts::{is_login_shell, parse_passwd};
use crate::linux::systemd::{self, UnitState};
use crate::model::Collected;
use crate::sys::{fs_error, Sys};
use dconf::{DconfDatabase, DconfProfile, DconfSourceKind, DconfValues, SchemaKey, SchemaSpec};
use ini::{parse_ini, IniFile};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use xfconf::XfconfChannel;

/// Where display managers find the sessions they offer.
pub const SESSION_DIRS: &[&str] = &["/usr/share/wayland-sessions", "/usr/share/xsessions"];
/// Display manager services.
pub const DISPLAY_MANAGERS: &[&str] = &[
    "gdm.service",
    "gdm3.service",
    "sddm.service",
    "lightdm.service",
    "lxdm.service",
    "xdm.service",
    "slim.service",
];
/// The alias systemd's `display-manager.service` points at the one in use.
pub const DISPLAY_MANAGER_LINK: &str = "/etc/systemd/system/display-manager.service";

/// The GSettings keys read for GNOME, Cinnamon and MATE.
pub const SCHEMAS: &[SchemaSpec] = &[
    SchemaSpec {
        schema: "org.gnome.desktop.session",
        path: "/org/gnome/desktop/session/",
        keys: &["idle-delay"],
    },
    SchemaSpec {
        schema: "org.gnome.desktop.screensaver",
        path: "/org/gnome/desktop/screensaver/",
        keys: &["lock-enabled", "lock-delay"],
    },
    SchemaSpec {
        schema: "org.gnome.desktop.lockdown",
        path: "/org/gnome/desktop/lockdown/",
        keys: &["disable-lock-screen"],
    },
    SchemaSpec {
        schema: "org.cinnamon.desktop.session",
        path: "/org/cinnamon/desktop/session/",
        keys: &["idle-delay"],
    },
    SchemaSpec {
        schema: "org.cinnamon.desktop.screensaver",
        path: "/org/cinnamon/desktop/screensaver/",
        keys: &["lock-enabled", "lock-delay"],
    },
    SchemaSpec {
        schema: "org.cinnamon.desktop.lockdown",
        path: "/org/cinnamon/desktop/lockdown/",
        keys: &["disable-lock-screen"],
    },
    SchemaSpec {
        schema: "org.mate.session",
        path: "/org/mate/desktop/session/",
        keys: &["idle-delay"],
    },
    SchemaSpec {
        schema: "org.mate.screensaver",
        path: "/org/mate/screensaver/",
        keys: &["idle-activation-enabled", "lock-enabled", "lock-delay"],
    },
    SchemaSpec {
        schema: "org.mate.lockdown",
        path: "/org/mate/desktop/lockdown/",
        keys: &["disable-lock-screen"],
    },
];

/// KDE's screen locker settings, system-wide (`XDG_CONFIG_DIRS`).
pub const KDE_SYSTEM_FILE: &str = "/etc/xdg/kscreenlockerrc";
/// The Xfce screensaver channel, system-wide.
pub const XFCE_SYSTEM_FILE: &str =
    "/etc/xdg/xfce4/xfconf/xfce-perchannel-xml/xfce4-screensaver.xml";
/// Screen lockers an Xfce session may use.
pub const XFCE_LOCKERS: &[&str] = &["xfce4-screensaver", "light-locker", "xscreensaver"];

/// Everything read about graphical sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DesktopEvidence {
    /// The session files found, all directories together; `ok` and empty
    /// when there is no graphical session to open.
    pub sessions: Collected<Vec<SessionFile>>,
    /// Display manager services.
    pub display_managers: Collected<Vec<UnitState>>,
    /// Where `display-manager.service` points (the display manager in use).
    pub display_manager_link: Collected<String>,
    /// Display manager settings about automatic login.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub autologin: Vec<DmConfig>,
    /// dconf and GSettings, when GNOME, Cinnamon or MATE is installed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dconf: Option<DconfSystem>,
    /// `/etc/xdg/kscreenlockerrc`, when KDE Plasma is installed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kde: Option<Collected<IniFile>>,
    /// Xfce's screensaver channel and lockers, when Xfce is installed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xfce: Option<XfceSystem>,
    /// Human accounts and their own settings.
    pub users: Collected<Vec<DesktopUser>>,
}

impl Default for DesktopEvidence {
    fn default() -> Self {
        fn absent<T>() -> Collected<T> {
            Collected::NotCollected {
                reason: "desktop table not collected".into(),
            }
        }
        DesktopEvidence {
            sessions: absent(),
            display_managers: absent(),
            display_manager_link: absent(),
            autologin: Vec::new(),
            dconf: None,
            kde: None,
            xfce: None,
            users: absent(),
        }
    }
}

/// A desktop family: who reads the screen lock settings, and how.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DesktopFamily {
    Gnome,
    Kde,
    Cinnamon,
    Mate,
    Xfce,
    /// Anything else (LXQt, Budgie, a window manager...).
    Other,
}

impl DesktopFamily {
    pub fn label(self) -> &'static str {
        match self {
            DesktopFamily::Gnome => "GNOME",
            DesktopFamily::Kde => "KDE Plasma",
            DesktopFamily::Cinnamon => "Cinnamon",
            DesktopFamily::Mate => "MATE",
            DesktopFamily::Xfce => "Xfce",
            DesktopFamily::Other => "other",
        }
    }
    /// GNOME, Cinnamon and MATE keep their settings in dconf.
    pub fn uses_dconf(self) -> bool {
        matches!(
            self,
            DesktopFamily::Gnome | DesktopFamily::Cinnamon | DesktopFamily::Mate
        )
    }
}

/// One session file (`[Desktop Entry]` of a `.desktop` file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionFile {
    pub path: String,
    /// `Name=`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `DesktopNames=`: what `XDG_CURRENT_DESKTOP` becomes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub desktop_names: Vec<String>,
    pub family: DesktopFamily,
    /// `Hidden=true`: display managers do not offer it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

impl SessionFile {
    /// What a report calls it.
    pub fn label(&self) -> String {
        let stem = self
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&self.path)
            .trim_end_matches(".desktop");
        self.name.clone().unwrap_or_else(|| stem.to_string())
    }
}

/// One display manager's settings files about automatic login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DmConfig {
    /// "gdm", "lightdm" or "sddm".
    pub display_manager: String,
    /// The files that exist, in the order they apply (later wins), reduced
    /// to the automatic login entries.
    pub files: Vec<Collected<IniFile>>,
}

/// dconf profile, system databases and GSettings defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DconfSystem {
    /// The `user` profile (`missing`: dconf's built-in `user-db:user`).
    pub profile: Collected<DconfProfile>,
    /// Every system or file database a profile names.
    pub databases: Vec<DconfDatabase>,
    /// Schema defaults and vendor overrides of the keys read.
    pub schemas: Vec<SchemaKey>,
}

impl DconfSystem {
    pub fn database(&self, kind: DconfSourceKind, name: &str) -> Option<&DconfDatabase> {
        self.databases
            .iter()
            .find(|d| d.kind == kind && d.name == name)
    }
    pub fn schema_key(&self, schema: &str, key: &str) -> Option<&SchemaKey> {
        self.schemas
            .iter()
            .find(|s| s.schema == schema && s.key == key)
    }
}

/// Xfce's system-wide screensaver settings and installed lockers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct XfceSystem {
    /// The system channel file (`missing` is usual: built-in defaults).
    pub channel: Collected<XfconfChannel>,
    /// Lockers found in `/usr/bin` ("xfce4-screensaver", "light-locker"...).
    pub lockers: Vec<String>,
}

/// A human account and its own settings files (`None`: not relevant to
/// the desktops installed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DesktopUser {
    pub name: String,
    pub uid: u32,
    pub home: String,
    /// Line in `/etc/passwd`.
    pub line: u32,
    /// A dconf profile only this user gets (`/run/dconf/user/UID`, or the
    /// runtime one), which replaces the `user` profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dconf_profile: Option<Collected<DconfProfile>>,
    /// `~/.config/dconf/user` (the user database).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dconf: Option<Collected<DconfValues>>,
    /// `~/.config/kscreenlockerrc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kde: Option<Collected<IniFile>>,
    /// `~/.config/xfce4/xfconf/xfce-perchannel-xml/xfce4-screensaver.xml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xfce: Option<Collected<XfconfChannel>>,
}

/// Collects this area's tables.
pub fn collect(sys: &Sys) -> DesktopEvidence {
    let fs = sys.fs;
    let sessions = sessions(fs);
    let families: BTreeSet<DesktopFamily> = sessions
        .value()
        .map(|s| s.iter().filter(|s| !s.hidden).map(|s| s.family).collect())
        .unwrap_or_default();
    let display_managers = systemd::units(sys, DISPLAY_MANAGERS);
    let display_manager_link = match fs.read_link(DISPLAY_MANAGER_LINK) {
        Ok(target) => Collected::Ok {
            source: DISPLAY_MANAGER_LINK.into(),
            value: target,
        },
        Err(e) => fs_error(DISPLAY_MANAGER_LINK, e),
    };
    let has_dconf = families.iter().any(|f| f.uses_dconf());
    let (dconf, wanted) = if has_dconf {
        let (system, wanted) = dconf_system(fs);
        (Some(system), wanted)
    } else {
        (None, BTreeSet::new())
    };
    let kde = families
        .contains(&DesktopFamily::Kde)
        .then(|| read_ini(fs, KDE_SYSTEM_FILE, true, keep_kde));
    let xfce = families.contains(&DesktopFamily::Xfce).then(|| XfceSystem {
        channel: read_channel(fs, XFCE_SYSTEM_FILE),
        lockers: XFCE_LOCKERS
            .iter()
            .filter(|l| {
                ["/usr/bin", "/bin", "/usr/local/bin"]
                    .iter()
                    .any(|d| fs.is_file(&format!("{d}/{l}")))
            })
            .map(|l| l.to_string())
            .collect(),
    });
    let mut desktop = DesktopEvidence {
        sessions,
        display_managers,
        display_manager_link,
        autologin: autologin(fs),
        dconf,
        kde,
        xfce,
        users: users(fs, &families, &wanted),
    };
    // Per-user profiles may name databases the `user` profile does not.
    if let (Some(system), Some(users)) = (desktop.dconf.as_mut(), desktop.users.value()) {
        for profile in users
            .iter()
            .filter_map(|u| u.dconf_profile.as_ref())
            .filter_map(|p| p.value())
        {
            add_databases(fs, system, profile, &wanted);
        }
    }
    desktop
}

fn sessions(fs: &dyn Fs) -> Collected<Vec<SessionFile>> {
    let mut out = Vec::new();
    for dir in SESSION_DIRS {
        let names = match fs.read_dir(dir) {
            Ok(n) => n,
            Err(crate::fs::FsError::NotFound) => continue,
            Err(e) => return fs_error(dir, e),
        };
        for n in names.iter().filter(|n| n.ends_with(".desktop")) {
            let path = format!("{dir}/{n}");
            let Ok(text) = fs.read_to_string(&path) else {
                continue;
            };
            out.push(parse_session(&path, &text));
        }
    }
    Collected::Ok {
        source: SESSION_DIRS.join(", "),
        value: out,
    }
}

/// A session file's family, from `DesktopNames` (or its file name).
pub fn parse_session(path: &str, text: &str) -> SessionFile {
    let ini = parse_ini(path, text, false, |g, _| g == "Desktop Entry");
    let get = |k: &str| ini.get("Desktop Entry", k).map(|e| e.value.clone());
    let desktop_names: Vec<String> = get("DesktopNames")
        .unwrap_or_default()
        .split([';', ':'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".desktop")
        .to_ascii_lowercase();
    let family = family_of(&desktop_names, &stem);
    SessionFile {
        path: path.to_string(),
        name: get("Name"),
        desktop_names,
        family,
        hidden: get("Hidden").is_some_and(|h| h == "true"),
    }
}

fn family_of(names: &[String], stem: &str) -> DesktopFamily {
    let lower: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
    let by_name = |n: &str| match n {
        "kde" | "plasma" => Some(DesktopFamily::Kde),
        "x-cinnamon" | "cinnamon" => Some(DesktopFamily::Cinnamon),
        "mate" => Some(DesktopFamily::Mate),
        "xfce" => Some(DesktopFamily::Xfce),
        "gnome" | "gnome-classic" | "gnome-flashback" => Some(DesktopFamily::Gnome),
        _ => None,
    };
    if let Some(first) = lower.first() {
        if let Some(f) = by_name(first) {
            return f;
        }
        // "ubuntu:GNOME", "pop:GNOME": a GNOME session under a vendor name;
        // Budgie, Unity or Pantheon put their own name first and are not.
        if matches!(first.as_str(), "ubuntu" | "pop" | "zorin")
            && lower.iter().any(|n| n == "gnome")
        {
            return DesktopFamily::Gnome;
        }
        return DesktopFamily::Other;
    }
    if stem.starts_with("plasma") || stem.starts_with("kde") {
        DesktopFamily::Kde
    } else if stem.starts_with("cinnamon") {
        DesktopFamily::Cinnamon
    } else if stem.starts_with("mate") {
        DesktopFamily::Mate
    } else if stem.starts_with("xfce") {
        DesktopFamily::Xfce
    } else if stem.starts_with("gnome") || stem == "ubuntu" || stem == "ubuntu-xorg" {
        DesktopFamily::Gnome
    } else {
        DesktopFamily::Other
    }
}

fn keep_kde(group: &str, _key: &str) -> bool {
    group == "Daemon"
}

fn read_ini(
    fs: &dyn Fs,
    path: &str,
    kde: bool,
    keep: fn(&str, &str) -> bool,
) -> Collected<IniFile> {
    match fs.read_to_string(path) {
        Ok(text) => Collected::Ok {
            source: path.to_string(),
            value: parse_ini(path, &text, kde, keep),
        },
        Err(e) => fs_error(path, e),
    }
}

fn read_channel(fs: &dyn Fs, path: &str) -> Collected<XfconfChannel> {
    match fs.read_to_string(path) {
        Ok(text) => match xfconf::parse_channel(path, &text) {
            Ok(value) => Collected::Ok {
                source: path.to_string(),
                value,
            },
            Err(error) => Collected::Unreadable {
                source: path.to_string(),
                error,
            },
        },
        Err(e) => fs_error(path, e),
    }
}

/// The dconf side, and the dconf keys every database is searched for.
fn dconf_system(fs: &dyn Fs) -> (DconfSystem, BTreeSet<String>) {
    let schemas = dconf::schema_keys(fs, SCHEMAS);
    let mut wanted: BTreeSet<String> = schemas.iter().map(|s| s.dconf_key()).collect();
    // The usual paths too, in case a schema file says otherwise or is missing.
    for spec in SCHEMAS {
        for k in spec.keys {
            wanted.insert(format!("{}{k}", spec.path));
        }
    }
    let profile = dconf::system_profile(fs);
    let mut system = DconfSystem {
        profile,
        databases: Vec::new(),
        schemas,
    };
    if let Some(p) = system.profile.value().cloned() {
        add_databases(fs, &mut system, &p, &wanted);
    }
    (system, wanted)
}

fn add_databases(
    fs: &dyn Fs,
    system: &mut DconfSystem,
    profile: &DconfProfile,
    wanted: &BTreeSet<String>,
) {
    for s in &profile.sources {
        if matches!(s.kind, DconfSourceKind::SystemDb | DconfSourceKind::FileDb)
            && system.database(s.kind, &s.name).is_none()
        {
            system
                .databases
                .push(dconf::database(fs, s.kind, &s.name, wanted));
        }
    }
}

/// GDM, LightDM and SDDM settings about automatic login, in the order
/// each reads its files (later wins).
fn autologin(fs: &dyn Fs) -> Vec<DmConfig> {
    let conf_files = |dir: &str| -> Vec<String> {
        fs.read_dir(dir)
            .unwrap_or_default()
            .into_iter()
            .filter(|n| n.ends_with(".conf"))
            .map(|n| format!("{dir}/{n}"))
            .collect()
    };
    // GDM: `[daemon]` of its custom file (Debian's gdm3 names it
    // daemon.conf); timed login opens the session without a password too.
    let gdm: Vec<String> = [
        "/etc/gdm3/custom.conf",
        "/etc/gdm3/daemon.conf",
        "/etc/gdm/custom.conf",
    ]
    .map(String::from)
    .to_vec();
    // LightDM: system data dirs, then /etc/xdg, then /etc/lightdm.
    let mut lightdm = Vec::new();
    for d in [
        "/usr/share/lightdm/lightdm.conf.d",
        "/usr/local/share/lightdm/lightdm.conf.d",
        "/etc/xdg/lightdm/lightdm.conf.d",
        "/etc/lightdm/lightdm.conf.d",
    ] {
        lightdm.extend(conf_files(d));
    }
    lightdm.push("/etc/lightdm/lightdm.conf".into());
    // SDDM (sddm.conf(5)): system dir, local dir, then the main file.
    let mut sddm = conf_files("/usr/lib/sddm/sddm.conf.d");
    sddm.extend(conf_files("/etc/sddm.conf.d"));
    sddm.push("/etc/sddm.conf".into());

    let read = |dm: &str, files: Vec<String>, keep: fn(&str, &str) -> bool| DmConfig {
        display_manager: dm.to_string(),
        files: files
            .iter()
            .filter(|p| fs.exists(p))
            .map(|p| read_ini(fs, p, false, keep))
            .collect(),
    };
    [
        read("gdm", gdm, |g, k| {
            g == "daemon"
                && matches!(
                    k,
                    "AutomaticLoginEnable"
                        | "AutomaticLogin"
                        | "TimedLoginEnable"
                        | "TimedLogin"
                        | "TimedLoginDelay"
                )
        }),
        read("lightdm", lightdm, |g, k| {
            (g.starts_with("Seat") || g == "SeatDefaults")
                && matches!(
                    k,
                    "autologin-user" | "autologin-guest" | "autologin-user-timeout"
                )
        }),
        read("sddm", sddm, |g, k| {
            g == "Autologin" && matches!(k, "User" | "Session")
        }),
    ]
    .into_iter()
    .filter(|c| !c.files.is_empty())
    .collect()
}

/// Human accounts: uid 1000 to 59999 (Debian and Fedora's ranges for
/// people), a login shell and a home directory.
fn users(
    fs: &dyn Fs,
    families: &BTreeSet<DesktopFamily>,
    wanted: &BTreeSet<String>,
) -> Collected<Vec<DesktopUser>> {
    let text = match fs.read_to_string("/etc/passwd") {
        Ok(t) => t,
        Err(e) => return fs_error("/etc/passwd", e),
    };
    let has_dconf = families.iter().any(|f| f.uses_dconf());
    // People's accounts, in login.defs' UID range as for the other checks.
    let (min, max) = crate::linux::users::uid_range(fs);
    let mut out = Vec::new();
    for account in parse_passwd(&text) {
        if !(min..=max).contains(&account.uid) || !is_login_shell(&account.shell) {
            continue;
        }
        let home = account.home.trim_end_matches('/').to_string();
        if home.is_empty() || home == "/nonexistent" || home == "/dev/null" {
            continue;
        }
        let user_db = format!("{home}/.config/dconf/user");
        out.push(DesktopUser {
            name: account.name.clone(),
            uid: account.uid,
            line: account.line,
            dconf_profile: has_dconf
                .then(|| dconf::user_profile_override(fs, account.uid))
                .flatten(),
            dconf: has_dconf.then(|| dconf::read_values(fs, &user_db, wanted)),
            kde: families.contains(&DesktopFamily::Kde).then(|| {
                read_ini(
                    fs,
                    &format!("{home}/.config/kscreenlockerrc"),
                    true,
                    keep_kde,
                )
            }),
            xfce: families.contains(&DesktopFamily::Xfce).then(|| {
                read_channel(
                    fs,
                    &format!(
                        "{home}/.config/xfce4/xfconf/xfce-perchannel-xml/xfce4-screensaver.xml"
                    ),
                )
            }),
            home,
        });
    }
    Collected::Ok {
        source: "/etc/passwd".into(),
        value: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_families() {
        let f = |path: &str, text: &str| parse_session(path, text).family;
        assert_eq!(
            f(
                "/usr/share/wayland-sessions/ubuntu.desktop",
                "[Desktop Entry]\nName=Ubuntu\nDesktopNames=ubuntu:GNOME\n"
            ),
            DesktopFamily::Gnome
        );
        assert_eq!(
            f(
                "/usr/share/xsessions/budgie-desktop.desktop",
                "[Desktop Entry]\nName=Budgie\nDesktopNames=Budgie:GNOME\n"
            ),
            DesktopFamily::Other
        );
        assert_eq!(
            f(
                "/usr/share/wayland-sessions/plasma.desktop",
                "[Desktop Entry]\nName=Plasma\nDesktopNames=KDE\n"
            ),
            DesktopFamily::Kde
        );
        assert_eq!(
            f(
                "/usr/share/xsessions/cinnamon.desktop",
                "[Desktop Entry]\nName=Cinnamon\nDesktopNames=X-Cinnamon\n"
            ),
            DesktopFamily::Cinnamon
        );
        assert_eq!(
            f(
                "/usr/share/xsessions/xfce.desktop",
                "[Desktop Entry]\nName=Xfce Session\n"
            ),
            DesktopFamily::Xfce
        );
        let hidden = parse_session(
            "/usr/share/xsessions/mate.desktop",
            "[Desktop Entry]\nName=MATE\nDesktopNames=MATE\nHidden=true\n",
        );
        assert!(hidden.hidden);
        assert_eq!(hidden.family, DesktopFamily::Mate);
    }
}
