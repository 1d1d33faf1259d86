//! Web browsers (4.3.1.g): installed browsers, the enterprise policies that
//! govern their password managers, and users' own settings.
//!
//! - Firefox reads one policies file: `/etc/firefox/policies/policies.json`
//!   when it exists (the "SysConfD" directory, named after the application,
//!   also for ESR and the snap), otherwise `<install>/distribution/policies.json`
//!   (EnterprisePoliciesParent.sys.mjs, `_getLocalConfigurationFile`). The
//!   Flatpak reads its system configuration from the
//!   `org.mozilla.firefox.systemconfig` extension.
//! - Chromium-based browsers merge every file of `<dir>/managed` (mandatory)
//!   and of `<dir>/recommended` (a default the user can change), in lexical
//!   order, the last file winning (components/policy config_dir_policy_loader.cc).
//! - Users' settings: Firefox `prefs.js` and `user.js` of each profile listed
//!   in `profiles.ini`; Chromium-based `Preferences` of each profile. Only
//!   the password-saving keys are kept; saved passwords (`logins.json`,
//!   `Login Data`) are never opened.

use crate::fs::{Fs, FsError};
use crate::model::Collected;
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Firefox's system-wide policies file.
pub const FIREFOX_SYSTEM_POLICIES: &str = "/etc/firefox/policies/policies.json";
/// The Firefox settings that turn password saving off, read from policies.
pub const FIREFOX_POLICY_KEYS: &[&str] = &[
    "PasswordManagerEnabled",
    "OfferToSaveLogins",
    "OfferToSaveLoginsDefault",
];
/// The Firefox preference behind "Ask to save passwords".
pub const FIREFOX_PREF: &str = "signon.rememberSignons";
/// Chromium's policy and profile keys.
pub const CHROMIUM_POLICY: &str = "PasswordManagerEnabled";
pub const CHROMIUM_PREFS: &[&str] = &[
    "credentials_enable_service",
    "profile.password_manager_enabled",
];

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BrowsersEvidence {
    /// One entry per installation found.
    pub browsers: Vec<Browser>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Product {
    Firefox,
    Chromium,
    Chrome,
    Edge,
    Brave,
}

impl Product {
    pub fn name(self) -> &'static str {
        match self {
            Product::Firefox => "Firefox",
            Product::Chromium => "Chromium",
            Product::Chrome => "Google Chrome",
            Product::Edge => "Microsoft Edge",
            Product::Brave => "Brave",
        }
    }
    pub fn is_chromium_based(self) -> bool {
        self != Product::Firefox
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Packaging {
    /// A distribution package or a vendor's package under /opt.
    System,
    Snap,
    Flatpak,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Browser {
    pub product: Product,
    pub packaging: Packaging,
    /// The program or package folder found.
    pub install: String,
    /// Policy files, in the order the browser weighs them.
    pub policies: Vec<PolicyFile>,
    /// Users' profiles and their own settings.
    pub profiles: Vec<ProfileFile>,
    /// Accounts whose home could not be searched for profiles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable_homes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolicyLevel {
    /// Firefox's `/etc/firefox/policies` (or the Flatpak extension): when
    /// it exists, the only file read.
    FirefoxSystem,
    /// Firefox's `distribution/policies.json`, read when no system file exists.
    FirefoxDistribution,
    /// Chromium `managed`: enforced.
    Managed,
    /// Chromium `recommended`: a default the user may change.
    Recommended,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    pub level: PolicyLevel,
    /// The file (or, when a policy folder cannot be listed, the folder):
    /// its password settings, or why it could not be read (an invalid
    /// JSON file is `unreadable` with an "invalid JSON" error).
    pub file: Collected<Vec<Setting>>,
}

/// A setting as written (`false`, `{"Value":false,"Status":"locked"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    pub key: String,
    /// The JSON value, as compact text.
    pub value: String,
    /// Line in the file, for line-based files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// One settings file of one user profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileFile {
    pub account: String,
    /// The profile folder.
    pub profile: String,
    /// `prefs.js`, `user.js` (Firefox) or `Preferences` (Chromium-based).
    pub file: Collected<Vec<Setting>>,
}

/// The Chromium-based browsers: product, where the program may be, the
/// policy folder it reads, and the users' data folders (relative to home).
struct ChromiumSpec {
    product: Product,
    programs: &'static [(&'static str, &'static str)],
    snap: Option<(&'static str, &'static str)>,
    flatpak: Option<&'static str>,
    user_dirs: &'static [&'static str],
    flatpak_user_dir: Option<&'static str>,
    snap_user_dir: Option<&'static str>,
}

const CHROMIUM_SPECS: &[ChromiumSpec] = &[
    ChromiumSpec {
        product: Product::Chromium,
        programs: &[
            ("/usr/lib/chromium/chromium", "/etc/chromium/policies"),
            (
                "/usr/lib64/chromium-browser/chromium-browser",
                "/etc/chromium/policies",
            ),
            // Ubuntu's old deb and the snap read the chromium-browser folder.
            (
                "/usr/lib/chromium-browser/chromium-browser",
                "/etc/chromium-browser/policies",
            ),
        ],
        snap: Some(("/snap/chromium/current", "/etc/chromium-browser/policies")),
        flatpak: Some("org.chromium.Chromium"),
        user_dirs: &[".config/chromium"],
        flatpak_user_dir: Some(".var/app/org.chromium.Chromium/config/chromium"),
        snap_user_dir: Some("snap/chromium/common/chromium"),
    },
    ChromiumSpec {
        product: Product::Chrome,
        programs: &[
            ("/opt/google/chrome/chrome", "/etc/opt/chrome/policies"),
            ("/opt/google/chrome-beta/chrome", "/etc/opt/chrome/policies"),
            (
                "/opt/google/chrome-unstable/chrome",
                "/etc/opt/chrome/policies",
            ),
        ],
        snap: None,
        flatpak: Some("com.google.Chrome"),
        user_dirs: &[".config/google-chrome", ".config/google-chrome-beta"],
        flatpak_user_dir: Some(".var/app/com.google.Chrome/config/google-chrome"),
        snap_user_dir: None,
    },
    ChromiumSpec {
        product: Product::Edge,
        programs: &[
            ("/opt/microsoft/msedge/msedge", "/etc/opt/edge/policies"),
            (
                "/opt/microsoft/msedge-beta/msedge",
                "/etc/opt/edge/policies",
            ),
            ("/opt/microsoft/msedge-dev/msedge", "/etc/opt/edge/policies"),
        ],
        snap: None,
        flatpak: Some("com.microsoft.Edge"),
        user_dirs: &[".config/microsoft-edge"],
        flatpak_user_dir: Some(".var/app/com.microsoft.Edge/config/microsoft-edge"),
        snap_user_dir: None,
    },
    ChromiumSpec {
        product: Product::Brave,
        programs: &[
            ("/opt/brave.com/brave/brave", "/etc/brave/policies"),
            ("/opt/brave.com/brave-beta/brave", "/etc/brave/policies"),
        ],
        snap: Some(("/snap/brave/current", "/etc/brave/policies")),
        flatpak: Some("com.brave.Browser"),
        user_dirs: &[".config/BraveSoftware/Brave-Browser"],
        flatpak_user_dir: Some(".var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser"),
        snap_user_dir: Some("snap/brave/current/.config/BraveSoftware/Brave-Browser"),
    },
];

/// Firefox installations: (program, install folder).
const FIREFOX_PROGRAMS: &[(&str, &str)] = &[
    ("/usr/lib/firefox/firefox", "/usr/lib/firefox"),
    ("/usr/lib64/firefox/firefox", "/usr/lib64/firefox"),
    ("/usr/lib/firefox-esr/firefox-esr", "/usr/lib/firefox-esr"),
    (
        "/usr/lib64/firefox-esr/firefox-esr",
        "/usr/lib64/firefox-esr",
    ),
    ("/opt/firefox/firefox", "/opt/firefox"),
];
const FIREFOX_SNAP: &str = "/snap/firefox/current";
const FIREFOX_FLATPAK: &str = "/var/lib/flatpak/app/org.mozilla.firefox/current/active";
const FIREFOX_FLATPAK_CONFIG: &str = "/var/lib/flatpak/extension/org.mozilla.firefox.systemconfig";
/// Firefox profile folders relative to home, by packaging.
const FIREFOX_USER_DIRS: &[(Packaging, &str)] = &[
    (Packaging::System, ".mozilla/firefox"),
    (Packaging::System, ".config/mozilla/firefox"),
    (Packaging::Snap, "snap/firefox/common/.mozilla/firefox"),
    (
        Packaging::Flatpak,
        ".var/app/org.mozilla.firefox/.mozilla/firefox",
    ),
    (
        Packaging::Flatpak,
        ".var/app/org.mozilla.firefox/config/mozilla/firefox",
    ),
];

/// Collects this area's tables.
pub fn collect(sys: &Sys) -> BrowsersEvidence {
    let fs = sys.fs;
    let accounts = super::users::login_accounts(fs);
    let mut browsers = Vec::new();

    // Firefox.
    let mut firefox: Vec<(Packaging, String, Vec<String>)> = Vec::new();
    for (program, dir) in FIREFOX_PROGRAMS {
        if fs.is_file(program) {
            firefox.push((
                Packaging::System,
                program.to_string(),
                vec![
                    FIREFOX_SYSTEM_POLICIES.to_string(),
                    format!("{dir}/distribution/policies.json"),
                ],
            ));
        }
    }
    if fs.is_dir(FIREFOX_SNAP) {
        firefox.push((
            Packaging::Snap,
            FIREFOX_SNAP.to_string(),
            vec![
                FIREFOX_SYSTEM_POLICIES.to_string(),
                format!("{FIREFOX_SNAP}/usr/lib/firefox/distribution/policies.json"),
            ],
        ));
    }
    if fs.is_dir(FIREFOX_FLATPAK) {
        let mut system = flatpak_extension_policies(fs);
        if system.is_empty() {
            system.push(format!(
                "{FIREFOX_FLATPAK_CONFIG}/x86_64/stable/policies/policies.json"
            ));
        }
        system.push(format!(
            "{FIREFOX_FLATPAK}/files/lib/firefox/distribution/policies.json"
        ));
        firefox.push((Packaging::Flatpak, FIREFOX_FLATPAK.to_string(), system));
    }
    for (packaging, install, paths) in firefox {
        let last = paths.len() - 1;
        let policies = paths
            .iter()
            .enumerate()
            .map(|(i, p)| PolicyFile {
                level: if i == last {
                    PolicyLevel::FirefoxDistribution
                } else {
                    PolicyLevel::FirefoxSystem
                },
                file: read_json(fs, p, firefox_settings, false),
            })
            .collect();
        let (profiles, unreadable_homes) = firefox_profiles(fs, &accounts, packaging);
        browsers.push(Browser {
            product: Product::Firefox,
            packaging,
            install,
            policies,
            profiles,
            unreadable_homes,
        });
    }

    // Chromium-based browsers.
    for spec in CHROMIUM_SPECS {
        let mut found: Vec<(Packaging, String, &str)> = Vec::new();
        for (program, policy_dir) in spec.programs {
            if fs.is_file(program) && !found.iter().any(|f| f.2 == *policy_dir) {
                found.push((Packaging::System, program.to_string(), policy_dir));
            }
        }
        if let Some((dir, policy_dir)) = spec.snap {
            if fs.is_dir(dir) {
                found.push((Packaging::Snap, dir.to_string(), policy_dir));
            }
        }
        if let Some(app) = spec.flatpak {
            let dir = format!("/var/lib/flatpak/app/{app}/current/active");
            if fs.is_dir(&dir) {
                // The sandbox's own policy location is not verified: the
                // host folder of the distribution package is shown.
                let policy_dir = spec.programs[0].1;
                found.push((Packaging::Flatpak, dir, policy_dir));
            }
        }
        for (packaging, install, policy_dir) in found {
            let mut policies =
                chromium_policies(fs, &format!("{policy_dir}/managed"), PolicyLevel::Managed);
            policies.extend(chromium_policies(
                fs,
                &format!("{policy_dir}/recommended"),
                PolicyLevel::Recommended,
            ));
            let dirs: Vec<&str> = match packaging {
                Packaging::System => spec.user_dirs.to_vec(),
                Packaging::Snap => spec.snap_user_dir.into_iter().collect(),
                Packaging::Flatpak => spec.flatpak_user_dir.into_iter().collect(),
            };
            let (profiles, unreadable_homes) = chromium_profiles(fs, &accounts, &dirs);
            browsers.push(Browser {
                product: spec.product,
                packaging,
                install,
                policies,
                profiles,
                unreadable_homes,
            });
        }
    }
    BrowsersEvidence { browsers }
}

/// `<extension>/<arch>/<branch>/policies/policies.json` files present.
fn flatpak_extension_policies(fs: &dyn Fs) -> Vec<String> {
    let mut out = Vec::new();
    for arch in fs.read_dir(FIREFOX_FLATPAK_CONFIG).unwrap_or_default() {
        let arch_dir = format!("{FIREFOX_FLATPAK_CONFIG}/{arch}");
        for branch in fs.read_dir(&arch_dir).unwrap_or_default() {
            let p = format!("{arch_dir}/{branch}/policies/policies.json");
            if fs.exists(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// Reads a JSON file and extracts settings. Chromium accepts trailing
/// commas (`JSON_ALLOW_TRAILING_COMMAS`); Firefox uses strict `JSON.parse`.
fn read_json(
    fs: &dyn Fs,
    path: &str,
    extract: fn(&serde_json::Value) -> Vec<Setting>,
    lenient: bool,
) -> Collected<Vec<Setting>> {
    match fs.read_to_string(path) {
        Ok(text) => match if lenient {
            parse_json_lenient(&text)
        } else {
            serde_json::from_str(&text)
        } {
            Ok(v) => Collected::Ok {
                source: path.to_string(),
                value: extract(&v),
            },
            Err(e) => Collected::Unreadable {
                source: path.to_string(),
                error: format!("invalid JSON: {e}"),
            },
        },
        Err(e) => crate::sys::fs_error(path, e),
    }
}

/// JSON as Chromium reads policy files: trailing commas allowed.
pub fn parse_json_lenient(text: &str) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_str(text).or_else(|e| {
        let cleaned = strip_trailing_commas(text);
        serde_json::from_str(&cleaned).map_err(|_| e)
    })
}

fn strip_trailing_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(&n) = chars.get(i + 1) {
                    out.push(n);
                    i += 1;
                }
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if c == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if !matches!(next, Some('}') | Some(']')) {
                out.push(c);
            }
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

fn compact(v: &serde_json::Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// The password settings of a Firefox `policies.json` (pure).
pub fn firefox_settings(v: &serde_json::Value) -> Vec<Setting> {
    let mut out = Vec::new();
    let Some(policies) = v.get("policies") else {
        return out;
    };
    for key in FIREFOX_POLICY_KEYS {
        if let Some(val) = policies.get(*key) {
            out.push(Setting {
                key: key.to_string(),
                value: compact(val),
                line: None,
            });
        }
    }
    if let Some(val) = policies
        .get("Preferences")
        .and_then(|p| p.get(FIREFOX_PREF))
    {
        out.push(Setting {
            key: format!("Preferences.{FIREFOX_PREF}"),
            value: compact(val),
            line: None,
        });
    }
    out
}

/// The password setting of a Chromium policy file (pure).
pub fn chromium_policy_settings(v: &serde_json::Value) -> Vec<Setting> {
    v.get(CHROMIUM_POLICY)
        .map(|val| Setting {
            key: CHROMIUM_POLICY.to_string(),
            value: compact(val),
            line: None,
        })
        .into_iter()
        .collect()
}

/// The password keys of a Chromium `Preferences` file (pure).
pub fn chromium_pref_settings(v: &serde_json::Value) -> Vec<Setting> {
    let mut out = Vec::new();
    for key in CHROMIUM_PREFS {
        let mut cur = Some(v);
        for part in key.split('.') {
            cur = cur.and_then(|c| c.get(part));
        }
        if let Some(val) = cur {
            out.push(Setting {
                key: key.to_string(),
                value: compact(val),
                line: None,
            });
        }
    }
    out
}

/// Every file of a Chromium policy folder, in lexical order.
fn chromium_policies(fs: &dyn Fs, dir: &str, level: PolicyLevel) -> Vec<PolicyFile> {
    match fs.read_dir(dir) {
        Ok(names) => names
            .into_iter()
            .map(|n| format!("{dir}/{n}"))
            .filter(|p| fs.is_file(p) || !fs.exists(p))
            .map(|p| PolicyFile {
                level,
                file: read_json(fs, &p, chromium_policy_settings, true),
            })
            .collect(),
        Err(FsError::NotFound) => Vec::new(),
        Err(e) => vec![PolicyFile {
            level,
            file: crate::sys::fs_error(dir, e),
        }],
    }
}

/// `user_pref("signon.rememberSignons", false);` lines of prefs.js or
/// user.js (pure); the last one wins when Firefox reads the file.
pub fn parse_firefox_prefs(text: &str) -> Vec<Setting> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let l = line.trim();
        let Some(rest) = l.strip_prefix("user_pref(") else {
            continue;
        };
        let rest = rest.trim_start();
        let quoted = format!("\"{FIREFOX_PREF}\"");
        let Some(after) = rest.strip_prefix(quoted.as_str()) else {
            continue;
        };
        let Some(value) = after
            .trim_start()
            .strip_prefix(',')
            .and_then(|v| v.split(')').next())
        else {
            continue;
        };
        out.push(Setting {
            key: FIREFOX_PREF.to_string(),
            value: value.trim().to_string(),
            line: Some(n as u32 + 1),
        });
    }
    out
}

/// Profile folders listed in a Firefox `profiles.ini` (pure).
pub fn parse_profiles_ini(root: &str, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_profile = false;
    let mut path: Option<String> = None;
    let mut relative = true;
    let mut flush = |path: &mut Option<String>, relative: bool| {
        if let Some(p) = path.take() {
            out.push(if relative { format!("{root}/{p}") } else { p });
        }
    };
    for line in text.lines() {
        let line = line.trim();
        if let Some(section) = line.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            if in_profile {
                flush(&mut path, relative);
            }
            in_profile = section.starts_with("Profile");
            relative = true;
            continue;
        }
        if !in_profile {
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            match k.trim() {
                "Path" => path = Some(v.trim().to_string()),
                "IsRelative" => relative = v.trim() != "0",
                _ => {}
            }
        }
    }
    if in_profile {
        flush(&mut path, relative);
    }
    out
}

/// Whether a path inside a home can be searched: `Err` names the account
/// when the home refuses access.
fn probe(fs: &dyn Fs, path: &str) -> Result<bool, ()> {
    match fs.metadata(path) {
        Ok(_) => Ok(true),
        Err(FsError::PermissionDenied) => Err(()),
        Err(_) => Ok(false),
    }
}

fn firefox_profiles(
    fs: &dyn Fs,
    accounts: &[super::users::LoginAccount],
    packaging: Packaging,
) -> (Vec<ProfileFile>, Vec<String>) {
    let mut profiles = Vec::new();
    let mut unreadable = Vec::new();
    for a in accounts {
        let home = a.home.trim_end_matches('/');
        if !fs.exists(home) {
            continue;
        }
        for (p, rel) in FIREFOX_USER_DIRS {
            if *p != packaging {
                continue;
            }
            let root = format!("{home}/{rel}");
            match probe(fs, &root) {
                Err(()) => {
                    if !unreadable.contains(&a.name) {
                        unreadable.push(a.name.clone());
                    }
                    continue;
                }
                Ok(false) => continue,
                Ok(true) => {}
            }
            let ini = format!("{root}/profiles.ini");
            let dirs = match fs.read_to_string(&ini) {
                Ok(text) => parse_profiles_ini(&root, &text),
                Err(FsError::NotFound) => Vec::new(),
                Err(e) => {
                    profiles.push(ProfileFile {
                        account: a.name.clone(),
                        profile: root.clone(),
                        file: crate::sys::fs_error(&ini, e),
                    });
                    continue;
                }
            };
            for dir in dirs {
                for name in ["prefs.js", "user.js"] {
                    let path = format!("{dir}/{name}");
                    let file = match fs.read_to_string(&path) {
                        Ok(text) => Collected::Ok {
                            source: path.clone(),
                            value: parse_firefox_prefs(&text),
                        },
                        // No user.js is the usual case; no prefs.js is a
                        // profile never started.
                        Err(FsError::NotFound) if name == "user.js" => continue,
                        Err(e) => crate::sys::fs_error(&path, e),
                    };
                    profiles.push(ProfileFile {
                        account: a.name.clone(),
                        profile: dir.clone(),
                        file,
                    });
                }
            }
        }
    }
    (profiles, unreadable)
}

fn chromium_profiles(
    fs: &dyn Fs,
    accounts: &[super::users::LoginAccount],
    user_dirs: &[&str],
) -> (Vec<ProfileFile>, Vec<String>) {
    let mut profiles = Vec::new();
    let mut unreadable = Vec::new();
    for a in accounts {
        let home = a.home.trim_end_matches('/');
        if !fs.exists(home) {
            continue;
        }
        for rel in user_dirs {
            let root = format!("{home}/{rel}");
            match probe(fs, &root) {
                Err(()) => {
                    if !unreadable.contains(&a.name) {
                        unreadable.push(a.name.clone());
                    }
                    continue;
                }
                Ok(false) => continue,
                Ok(true) => {}
            }
            let names = fs.read_dir(&root).unwrap_or_default();
            for name in names
                .iter()
                .filter(|n| *n == "Default" || n.starts_with("Profile "))
            {
                let dir = format!("{root}/{name}");
                let path = format!("{dir}/Preferences");
                if !fs.exists(&path) && probe(fs, &path).is_ok() {
                    continue;
                }
                profiles.push(ProfileFile {
                    account: a.name.clone(),
                    profile: dir,
                    file: read_json(fs, &path, chromium_pref_settings, true),
                });
            }
        }
    }
    (profiles, unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn firefox_policies_keys() {
        let v = parse_json_lenient(
            r#"{"policies": {"PasswordManagerEnabled": false, "DisableAppUpdate": true,
                "Preferences": {"signon.rememberSignons": {"Value": false, "Status": "locked"}}}}"#,
        )
        .unwrap();
        let s = firefox_settings(&v);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].key, "PasswordManagerEnabled");
        assert_eq!(s[0].value, "false");
        assert_eq!(s[1].value, r#"{"Status":"locked","Value":false}"#);
    }

    #[test]
    fn chromium_trailing_commas_and_prefs() {
        let v =
            parse_json_lenient("{\"PasswordManagerEnabled\": false, \"x\": [1, 2,], }").unwrap();
        assert_eq!(chromium_policy_settings(&v)[0].value, "false");
        assert!(parse_json_lenient("{\"a\": ").is_err());
        let p = parse_json_lenient(
            r#"{"credentials_enable_service": false, "profile": {"password_manager_enabled": true, "name": "x"}}"#,
        )
        .unwrap();
        let s = chromium_pref_settings(&p);
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].key, "profile.password_manager_enabled");
        assert_eq!(s[1].value, "true");
    }

    #[test]
    fn prefs_js_and_profiles_ini() {
        let s = parse_firefox_prefs(
            "// Mozilla User Preferences\nuser_pref(\"browser.startup.page\", 3);\nuser_pref(\"signon.rememberSignons\", false);\n",
        );
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].value, "false");
        assert_eq!(s[0].line, Some(3));
        let dirs = parse_profiles_ini(
            "/home/a/.mozilla/firefox",
            "[Install4F96D1932A9F858E]\nDefault=abc.default-release\n\n[Profile1]\nName=default\nIsRelative=1\nPath=xyz.default\n\n[Profile0]\nName=default-release\nIsRelative=0\nPath=/data/ff\n\n[General]\nVersion=2\n",
        );
        assert_eq!(
            dirs,
            vec!["/home/a/.mozilla/firefox/xyz.default", "/data/ff"]
        );
    }
}
