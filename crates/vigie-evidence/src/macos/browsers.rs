//! Web browsers and their offer to save passwords.
//!
//! - Safari (always there): `AutoFillPasswords` ("User names and
//!   passwords" in Settings > AutoFill; on when absent) in the account's
//!   `com.apple.Safari` preferences, in Safari's container since Safari 13
//!   (`~/Library/Containers/com.apple.Safari/Data/Library/Preferences`,
//!   protected by privacy controls: reading it needs Full Disk Access), else
//!   `~/Library/Preferences`. A profile sets it in
//!   `/Library/Managed Preferences/com.apple.Safari.plist`, or turns password
//!   AutoFill off for the whole system with the restriction
//!   `allowPasswordAutoFill = false` (`com.apple.applicationaccess`).
//! - Chrome, Edge, Brave: policies are preferences of their domain
//!   (`com.google.Chrome`, `com.microsoft.Edge`, `com.brave.Browser`):
//!   enforced when managed (`/Library/Managed Preferences`, for everyone or
//!   per account), recommended when set in `/Library/Preferences`. The
//!   account's own choice is in each profile's `Preferences` (JSON,
//!   `credentials_enable_service`).
//! - Firefox: `distribution/policies.json` in the application bundle, or
//!   the `org.mozilla.firefox` managed preferences with
//!   `EnterprisePoliciesEnabled`; the account's own choice is
//!   `signon.rememberSignons` in each profile's prefs.js / user.js.

use super::plist::{self, Value};
use crate::fs::FsError;
use crate::linux::browsers::{
    chromium_pref_settings, firefox_settings, parse_firefox_prefs, parse_json_lenient,
    parse_profiles_ini, Setting,
};
use crate::model::Collected;
use crate::sys::{fs_error, Sys};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A browser: (name, application bundle, preference domain, profiles
/// folder under the home, kind).
pub const BROWSERS: &[(&str, &str, &str, &str, BrowserKind)] = &[
    (
        "Safari",
        "/Applications/Safari.app",
        "com.apple.Safari",
        "",
        BrowserKind::Safari,
    ),
    (
        "Google Chrome",
        "/Applications/Google Chrome.app",
        "com.google.Chrome",
        "Library/Application Support/Google/Chrome",
        BrowserKind::Chromium,
    ),
    (
        "Microsoft Edge",
        "/Applications/Microsoft Edge.app",
        "com.microsoft.Edge",
        "Library/Application Support/Microsoft Edge",
        BrowserKind::Chromium,
    ),
    (
        "Brave",
        "/Applications/Brave Browser.app",
        "com.brave.Browser",
        "Library/Application Support/BraveSoftware/Brave-Browser",
        BrowserKind::Chromium,
    ),
    (
        "Firefox",
        "/Applications/Firefox.app",
        "org.mozilla.firefox",
        "Library/Application Support/Firefox",
        BrowserKind::Firefox,
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BrowserKind {
    Safari,
    Chromium,
    Firefox,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolicyLevel {
    /// Managed preferences: enforced.
    Managed,
    /// `/Library/Preferences`: a default the account may change.
    Recommended,
    /// Firefox's policies.json in the application bundle: enforced.
    Distribution,
}

/// One policy source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BrowserPolicy {
    pub level: PolicyLevel,
    /// For a per-account managed preference, the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    pub settings: Collected<Vec<Setting>>,
}

/// One settings file of one account's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BrowserProfile {
    pub account: String,
    pub file: Collected<Vec<Setting>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MacBrowser {
    pub name: String,
    pub kind: BrowserKind,
    pub policies: Vec<BrowserPolicy>,
    pub profiles: Vec<BrowserProfile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BrowsersEvidence {
    /// Installed browsers (Safari always).
    pub browsers: Collected<Vec<MacBrowser>>,
    /// The `allowPasswordAutoFill` restriction of a profile.
    pub allow_password_autofill: Collected<Option<bool>>,
}

impl Default for BrowsersEvidence {
    fn default() -> Self {
        BrowsersEvidence {
            browsers: super::not_collected(),
            allow_password_autofill: super::not_collected(),
        }
    }
}

const SAFARI_KEY: &str = "AutoFillPasswords";
const CHROMIUM_POLICY: &str = "PasswordManagerEnabled";
const FIREFOX_KEYS: &[&str] = &[
    "EnterprisePoliciesEnabled",
    "PasswordManagerEnabled",
    "OfferToSaveLogins",
];

fn setting_text(v: &Value) -> Option<String> {
    match v {
        Value::Boolean(b) => Some(b.to_string()),
        Value::Integer(_) | Value::String(_) => plist::string(v),
        _ => None,
    }
}

/// The password keys of a browser's preference domain (pure).
pub fn plist_settings(v: &Value, keys: &[&str]) -> Vec<Setting> {
    keys.iter()
        .filter_map(|k| {
            plist::get(v, k)
                .and_then(setting_text)
                .map(|value| Setting {
                    key: k.to_string(),
                    value,
                    line: None,
                })
        })
        .collect()
}

fn keys(kind: BrowserKind) -> &'static [&'static str] {
    match kind {
        BrowserKind::Safari => &[SAFARI_KEY],
        BrowserKind::Chromium => &[CHROMIUM_POLICY],
        BrowserKind::Firefox => FIREFOX_KEYS,
    }
}

fn json_file(
    sys: &Sys,
    path: &str,
    read: fn(&serde_json::Value) -> Vec<Setting>,
) -> Collected<Vec<Setting>> {
    match sys.fs.read_to_string(path) {
        Ok(text) => match parse_json_lenient(&text) {
            Ok(v) => Collected::Ok {
                source: path.to_string(),
                value: read(&v),
            },
            Err(e) => Collected::Unreadable {
                source: path.to_string(),
                error: format!("invalid JSON: {e}"),
            },
        },
        Err(e) => fs_error(path, e),
    }
}

fn profiles(
    sys: &Sys,
    kind: BrowserKind,
    dir: &str,
    accounts: &[(String, String)],
) -> Vec<BrowserProfile> {
    let mut out = Vec::new();
    for (account, home) in accounts {
        let push = |out: &mut Vec<BrowserProfile>, file| {
            out.push(BrowserProfile {
                account: account.clone(),
                file,
            })
        };
        match kind {
            BrowserKind::Safari => {
                let container = format!(
                    "{home}/Library/Containers/com.apple.Safari/Data/Library/Preferences/com.apple.Safari.plist"
                );
                let legacy = format!("{home}/Library/Preferences/com.apple.Safari.plist");
                let c = plist::file(sys, &container, |v| plist_settings(v, &[SAFARI_KEY]));
                match c {
                    Collected::Missing { .. } => {
                        let l = plist::file(sys, &legacy, |v| plist_settings(v, &[SAFARI_KEY]));
                        // Neither file: Safari never opened by this account.
                        if !matches!(l, Collected::Missing { .. }) {
                            push(&mut out, l);
                        }
                    }
                    other => push(&mut out, other),
                }
            }
            BrowserKind::Chromium => {
                let root = format!("{home}/{dir}");
                match sys.fs.read_dir(&root) {
                    Ok(mut names) => {
                        names.sort();
                        for n in names {
                            if n == "Default" || n.starts_with("Profile ") {
                                let p = format!("{root}/{n}/Preferences");
                                let f = json_file(sys, &p, chromium_pref_settings);
                                if !matches!(f, Collected::Missing { .. }) {
                                    push(&mut out, f);
                                }
                            }
                        }
                    }
                    Err(FsError::NotFound) => {}
                    Err(e) => push(&mut out, fs_error(&root, e)),
                }
            }
            BrowserKind::Firefox => {
                let root = format!("{home}/{dir}");
                let ini = format!("{root}/profiles.ini");
                match sys.fs.read_to_string(&ini) {
                    Ok(text) => {
                        for p in parse_profiles_ini(&root, &text) {
                            let mut settings = Vec::new();
                            let mut source = format!("{p}/prefs.js");
                            let mut error = None;
                            for f in ["prefs.js", "user.js"] {
                                let path = format!("{p}/{f}");
                                match sys.fs.read_to_string(&path) {
                                    Ok(t) => {
                                        let s = parse_firefox_prefs(&t);
                                        if !s.is_empty() {
                                            source = path;
                                        }
                                        settings.extend(s);
                                    }
                                    Err(FsError::NotFound) => {}
                                    Err(e) => error = Some((path, e)),
                                }
                            }
                            let f = match error {
                                Some((path, e)) => fs_error(&path, e),
                                None => Collected::Ok {
                                    source,
                                    value: settings,
                                },
                            };
                            push(&mut out, f);
                        }
                    }
                    Err(FsError::NotFound) => {}
                    Err(e) => push(&mut out, fs_error(&ini, e)),
                }
            }
        }
    }
    out
}

fn policies(
    sys: &Sys,
    kind: BrowserKind,
    app: &str,
    domain: &str,
    accounts: &[(String, String)],
) -> Vec<BrowserPolicy> {
    let k = keys(kind);
    let mut out = Vec::new();
    let mut add = |level, account: Option<String>, c: Collected<Vec<Setting>>| {
        if !matches!(c, Collected::Missing { .. }) {
            out.push(BrowserPolicy {
                level,
                account,
                settings: c,
            });
        }
    };
    add(
        PolicyLevel::Managed,
        None,
        plist::file(
            sys,
            &format!("/Library/Managed Preferences/{domain}.plist"),
            |v| plist_settings(v, k),
        ),
    );
    for (account, _) in accounts {
        add(
            PolicyLevel::Managed,
            Some(account.clone()),
            plist::file(
                sys,
                &format!("/Library/Managed Preferences/{account}/{domain}.plist"),
                |v| plist_settings(v, k),
            ),
        );
    }
    if kind != BrowserKind::Safari {
        add(
            PolicyLevel::Recommended,
            None,
            plist::file(sys, &format!("/Library/Preferences/{domain}.plist"), |v| {
                plist_settings(v, k)
            }),
        );
    }
    if kind == BrowserKind::Firefox {
        add(
            PolicyLevel::Distribution,
            None,
            json_file(
                sys,
                &format!("{app}/Contents/Resources/distribution/policies.json"),
                firefox_settings,
            ),
        );
    }
    out
}

/// `accounts`: (account, home) of the people's accounts.
pub fn collect(sys: &Sys, accounts: &[(String, String)]) -> BrowsersEvidence {
    let apps = match sys.fs.read_dir("/Applications") {
        Ok(a) => a,
        Err(e) => {
            return BrowsersEvidence {
                browsers: fs_error("/Applications", e),
                allow_password_autofill: plist::file(
                    sys,
                    "/Library/Managed Preferences/com.apple.applicationaccess.plist",
                    |v| plist::get_bool(v, "allowPasswordAutoFill"),
                ),
            }
        }
    };
    let browsers = BROWSERS
        .iter()
        .filter(|(_, app, _, _, kind)| {
            *kind == BrowserKind::Safari || apps.iter().any(|a| app.ends_with(&format!("/{a}")))
        })
        .map(|(name, app, domain, dir, kind)| MacBrowser {
            name: name.to_string(),
            kind: *kind,
            policies: policies(sys, *kind, app, domain, accounts),
            profiles: profiles(sys, *kind, dir, accounts),
        })
        .collect();
    BrowsersEvidence {
        browsers: Collected::Ok {
            source: "/Applications".into(),
            value: browsers,
        },
        allow_password_autofill: plist::file(
            sys,
            "/Library/Managed Preferences/com.apple.applicationaccess.plist",
            |v| plist::get_bool(v, "allowPasswordAutoFill"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plist_policy_values() {
        let v = plist::parse(
            br#"<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict>
<key>PasswordManagerEnabled</key><false/><key>HomepageLocation</key><string>x</string>
</dict></plist>"#,
        )
        .unwrap();
        let s = plist_settings(&v, &[CHROMIUM_POLICY]);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].value, "false");
    }
}
