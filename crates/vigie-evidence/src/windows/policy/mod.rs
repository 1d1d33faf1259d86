//! Windows accounts and policies (4.3.1.*, 4.3.2.*, 5.2.*, 5.3.3.a):
//! secedit security policy, local users and Administrators members by SID,
//! screen-saver and inactivity policies for every local user, power
//! settings, automatic logon, browser password-manager policies; and the
//! OS identity for the evidence's target.
//!
//! Live, the commands run through [`Sys::command`]: `secedit` (its export
//! is the one file written, in the temporary folder, removed at once),
//! `net accounts` only when secedit gives nothing, one Windows PowerShell
//! call printing JSON ([`accounts::OS_PS`], [`accounts::ACCOUNTS_PS`],
//! [`browsers::BROWSERS_PS`]), `reg query` and `powercfg /q`. Users who are
//! logged in are read under `HKEY_USERS\<SID>`; the others' `NTUSER.DAT` is
//! read as a file with [`hive`], never loaded into the registry. A capture
//! folder holds the same outputs as files ([`from_captures`]).

pub mod accounts;
pub mod browsers;
pub mod desktop;
pub mod hive;
pub mod secpol;

use super::reg::{parse_reg_query, RegKey};
use super::text::decode;
use crate::sys::{Sys, PERMISSION_DENIED};
use crate::Collected;
use accounts::{ComputerRole, LocalAccounts, WindowsOs};
use browsers::BrowsersEvidence;
use desktop::{DesktopSettings, PowerEvidence, UserDesktop};
use schemars::JsonSchema;
use secpol::SecurityPolicy;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The policy part of a Windows machine's evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyEvidence {
    /// Version, build and edition (also summarised in the target's `os`).
    pub os: Collected<WindowsOs>,
    /// Domain membership: a domain's own policy then governs its accounts.
    pub computer: Collected<ComputerRole>,
    /// Password and lockout policy (secedit, else `net accounts`).
    pub security_policy: Collected<SecurityPolicy>,
    /// Local users, Administrators members, profiles.
    pub accounts: Collected<LocalAccounts>,
    /// Machine inactivity limit and UAC ([`desktop::SYSTEM_POLICIES_KEY`]).
    pub system_policies: Collected<Vec<RegKey>>,
    /// Automatic logon ([`desktop::WINLOGON_KEY`], named values only).
    pub winlogon: Collected<Vec<RegKey>>,
    /// Sleep and wake-up password.
    #[serde(default)]
    pub power: PowerEvidence,
    /// Each user profile's screen-saver settings.
    #[serde(default)]
    pub desktops: Vec<UserDesktop>,
    /// Browsers and password-manager policies.
    #[serde(default)]
    pub browsers: BrowsersEvidence,
}

impl Default for PolicyEvidence {
    fn default() -> Self {
        PolicyEvidence {
            os: not_collected(),
            computer: not_collected(),
            security_policy: not_collected(),
            accounts: not_collected(),
            system_policies: not_collected(),
            winlogon: not_collected(),
            power: PowerEvidence::default(),
            desktops: Vec::new(),
            browsers: BrowsersEvidence::default(),
        }
    }
}

pub(crate) fn not_collected<T>() -> Collected<T> {
    Collected::NotCollected {
        reason: "not collected".into(),
    }
}

impl PolicyEvidence {
    /// The target's OS summary: id `windows`, `version_id` "10.0.26100",
    /// a pretty name from the (localised) caption and the feature update.
    pub fn os_release(&self) -> Collected<crate::OsRelease> {
        self.os.map_ref(os_release)
    }
}

/// The `OsRelease` of a Windows identity.
pub fn os_release(os: &WindowsOs) -> crate::OsRelease {
    let name = match (&os.caption, os.major_name()) {
        (Some(c), _) => c.trim_start_matches("Microsoft ").to_string(),
        (None, Some(m)) => format!("Windows {m}"),
        (None, None) => "Windows".to_string(),
    };
    let pretty = match &os.display_version {
        Some(d) => format!("{name} {d}"),
        None => name,
    };
    let version = os
        .version
        .clone()
        .or_else(|| os.build.map(|b| format!("10.0.{b}")));
    crate::OsRelease {
        id: Some("windows".into()),
        id_like: Vec::new(),
        version_id: version,
        pretty_name: Some(pretty),
    }
}

// ---------------------------------------------------------------- live ----

/// Whether a command's stderr says access was refused (English or French).
fn refused(out: &crate::command::CommandOutput) -> bool {
    let e = out.stderr.to_lowercase();
    crate::sys::denied(out) || e.contains("accès refusé") || e.contains("acces refuse")
}

/// `reg query` output, a missing key being no key at all (exit 1, not
/// "access denied").
fn reg_query(sys: &Sys, key: &str, extra: &[&str]) -> Collected<Vec<RegKey>> {
    let mut args = vec!["query", key];
    args.extend_from_slice(extra);
    sys.command("reg", &args, |out| {
        if out.success() {
            Ok(parse_reg_query(&out.stdout))
        } else if refused(out) {
            Err(format!("{PERMISSION_DENIED}: {}", out.stderr.trim()))
        } else if out.code == Some(1) {
            Ok(Vec::new())
        } else {
            Err(out.stderr.trim().to_string())
        }
    })
}

fn secedit(sys: &Sys) -> Collected<SecurityPolicy> {
    let path = std::env::temp_dir().join(format!("vigie-secedit-{}.inf", std::process::id()));
    let shown = path.display().to_string();
    sys.command(
        "secedit",
        &[
            "/export",
            "/areas",
            "SECURITYPOLICY",
            "/cfg",
            &shown,
            "/quiet",
        ],
        |out| {
            // The one file written: read it and remove it at once.
            let bytes = std::fs::read(&path);
            let _ = std::fs::remove_file(&path);
            if !out.success() && !sys.privileged {
                return Err(format!(
                    "{PERMISSION_DENIED}: secedit exited with {:?} (administrator rights needed)",
                    out.code
                ));
            }
            match bytes {
                Ok(b) => secpol::parse_secedit(&decode(&b)),
                Err(e) => Err(format!("secedit exited with {:?}: {e}", out.code)),
            }
        },
    )
}

fn net_accounts(sys: &Sys) -> Collected<SecurityPolicy> {
    sys.command("net", &["accounts"], |out| {
        if refused(out) {
            return Err(format!("{PERMISSION_DENIED}: {}", out.stderr.trim()));
        }
        secpol::parse_net_accounts(&out.stdout)
    })
}

/// The JSON snippets run in one Windows PowerShell call.
pub fn live_script() -> String {
    format!(
        "[Console]::OutputEncoding = [System.Text.Encoding]::UTF8\n[ordered]@{{ os = & {{\n{}\n}}; accounts = & {{\n{}\n}}; browsers = & {{\n{}\n}} }} | ConvertTo-Json -Depth 6 -Compress",
        accounts::OS_PS,
        accounts::ACCOUNTS_PS,
        browsers::BROWSERS_PS
    )
}

/// Splits a `Collected<serde_json::Value>` into one part.
fn part<T>(
    all: &Collected<serde_json::Value>,
    key: &str,
    parse: impl FnOnce(&serde_json::Value) -> Result<T, String>,
) -> Collected<T> {
    all.then_ref(|source, value| match value.get(key).map(parse) {
        Some(Ok(v)) => Collected::Ok {
            source: source.to_string(),
            value: v,
        },
        Some(Err(e)) => Collected::Unreadable {
            source: source.to_string(),
            error: e,
        },
        None => Collected::Unreadable {
            source: source.to_string(),
            error: format!("no \"{key}\" in the output"),
        },
    })
}

/// Collects this part on a live Windows system.
pub fn collect(sys: &Sys) -> PolicyEvidence {
    let script = live_script();
    let ps: Collected<serde_json::Value> = sys.command(
        "powershell",
        &["-NoProfile", "-NonInteractive", "-Command", &script],
        |out| {
            if !out.success() && out.stdout.trim().is_empty() {
                return Err(out.stderr.trim().to_string());
            }
            serde_json::from_str(out.stdout.trim().trim_start_matches('\u{feff}'))
                .map_err(|e| format!("not JSON: {e}"))
        },
    );
    let os_role = part(&ps, "os", accounts::parse_os);
    let os = map(&os_role, |(o, _)| o.clone());
    let computer = map(&os_role, |(_, r)| r.clone());
    let accounts = part(&ps, "accounts", accounts::parse_accounts);
    let browsers_part = part(&ps, "browsers", browsers::parse_browsers);

    let mut security_policy = secedit(sys);
    if security_policy.value().is_none() && sys.is_live() {
        let fallback = net_accounts(sys);
        if fallback.value().is_some() {
            security_policy = fallback;
        }
    }

    let system_policies = map(&reg_query(sys, desktop::SYSTEM_POLICIES_KEY, &[]), |k| {
        desktop::keep_values(k.clone(), desktop::SYSTEM_POLICY_VALUES)
    });
    let mut winlogon_keys = Vec::new();
    let mut winlogon = Collected::Ok {
        source: crate::sys::command_source("reg", &["query", desktop::WINLOGON_KEY]),
        value: Vec::new(),
    };
    for v in desktop::WINLOGON_VALUES {
        match reg_query(sys, desktop::WINLOGON_KEY, &["/v", v]) {
            Collected::Ok { value, .. } => winlogon_keys.extend(value),
            other => {
                winlogon = map(&other, |_| Vec::new());
                break;
            }
        }
    }
    if let Collected::Ok { value, .. } = &mut winlogon {
        *value = desktop::keep_values(merge(winlogon_keys), desktop::WINLOGON_VALUES);
    }

    let powercfg = |sub: &str, setting: &str, guid: &'static str| {
        sys.command(
            "powercfg",
            &["/q", "SCHEME_CURRENT", sub, setting],
            move |out| {
                if !out.success() {
                    return Err(format!("powercfg exited with {:?}", out.code));
                }
                desktop::parse_powercfg(&out.stdout, guid)
            },
        )
    };
    let power = PowerEvidence {
        sleep: powercfg("SUB_SLEEP", "STANDBYIDLE", desktop::STANDBY_IDLE),
        console_lock: powercfg("SUB_NONE", "CONSOLELOCK", desktop::CONSOLE_LOCK),
        policies: map(&reg_query(sys, desktop::POWER_POLICY_KEY, &["/s"]), |k| {
            desktop::power_policy_keys(k.clone())
        }),
    };

    let desktops = match accounts.value() {
        Some(a) => live_desktops(sys, a),
        None => Vec::new(),
    };

    let mut policy_keys = Vec::new();
    let mut policies: Collected<Vec<RegKey>> = Collected::Ok {
        source: crate::sys::command_source("reg", &["query", browsers::POLICY_KEYS[0]]),
        value: Vec::new(),
    };
    for key in browsers::POLICY_KEYS {
        match reg_query(sys, key, &[]) {
            Collected::Ok { value, .. } => policy_keys.extend(value),
            other => {
                policies = map(&other, |_| Vec::new());
                break;
            }
        }
    }
    if let Collected::Ok { value, .. } = &mut policies {
        *value = browsers::policy_keys_only(policy_keys);
    }
    let browsers = BrowsersEvidence {
        installed: map(&browsers_part, |(i, _)| i.clone()),
        policies,
        firefox_files: browsers_part
            .value()
            .map(|(_, f)| f.clone())
            .unwrap_or_default(),
    };

    PolicyEvidence {
        os,
        computer,
        security_policy,
        accounts,
        system_policies,
        winlogon,
        power,
        desktops,
        browsers,
    }
}

/// Keys of the same path merged (one `reg query /v` per value).
fn merge(keys: Vec<RegKey>) -> Vec<RegKey> {
    let mut out: Vec<RegKey> = Vec::new();
    for k in keys {
        match out
            .iter_mut()
            .find(|o| o.path.eq_ignore_ascii_case(&k.path))
        {
            Some(o) => o.values.extend(k.values),
            None => out.push(k),
        }
    }
    out
}

/// Maps the value of a `Collected`, keeping the reason otherwise.
pub(crate) fn map<T, U>(c: &Collected<T>, f: impl FnOnce(&T) -> U) -> Collected<U> {
    c.map_ref(f)
}

/// The profiles whose screen lock matters: local users' (not system ones).
fn person_profiles(a: &LocalAccounts) -> Vec<&accounts::UserProfile> {
    a.profiles
        .iter()
        .filter(|p| !p.special && p.sid.starts_with("S-1-5-21-"))
        .collect()
}

fn live_desktops(sys: &Sys, a: &LocalAccounts) -> Vec<UserDesktop> {
    let mut out = Vec::new();
    for p in person_profiles(a) {
        let name = a.user_by_sid(&p.sid).map(|u| u.name.clone());
        let settings = if p.loaded {
            let user_key = format!(r"HKU\{}\{}", p.sid, desktop::USER_DESKTOP);
            let policy_key = format!(r"HKU\{}\{}", p.sid, desktop::POLICY_DESKTOP);
            match (
                reg_query(sys, &user_key, &[]),
                reg_query(sys, &policy_key, &[]),
            ) {
                (Collected::Ok { source, value: u }, Collected::Ok { value: pol, .. }) => {
                    let mut keys = u;
                    keys.extend(pol);
                    Collected::Ok {
                        source,
                        value: desktop_from_keys(keys),
                    }
                }
                (Collected::Ok { .. }, other) | (other, _) => {
                    map(&other, |_| DesktopSettings::default())
                }
            }
        } else {
            let file = format!(r"{}\NTUSER.DAT", p.path.trim_end_matches('\\'));
            match sys.fs.read_bytes(&file, 64 * 1024 * 1024) {
                Ok(bytes) => match desktop_from_hive(&bytes, &p.sid) {
                    Ok(d) => Collected::Ok {
                        source: file,
                        value: d,
                    },
                    Err(e) => Collected::Unreadable {
                        source: file,
                        error: e.to_string(),
                    },
                },
                Err(e) => crate::sys::fs_error(&file, e),
            }
        };
        out.push(UserDesktop {
            sid: p.sid.clone(),
            name,
            settings,
        });
    }
    out
}

fn desktop_from_keys(keys: Vec<RegKey>) -> DesktopSettings {
    let mut out = DesktopSettings::default();
    for key in desktop::keep_values(keys, desktop::DESKTOP_VALUES) {
        let lower = key.path.to_ascii_lowercase();
        if lower.contains(r"\policies\") {
            out.policy = Some(key);
        } else if lower.ends_with(r"\control panel\desktop") {
            out.user = Some(key);
        }
    }
    out
}

/// The two screen-saver keys of a user's `NTUSER.DAT`, named as under
/// `HKEY_USERS\<SID>` so evidence reads the same either way.
pub fn desktop_from_hive(bytes: &[u8], sid: &str) -> Result<DesktopSettings, hive::HiveError> {
    let h = hive::Hive::new(bytes)?;
    let root = h.root()?;
    let mut keys = Vec::new();
    for sub in [desktop::USER_DESKTOP, desktop::POLICY_DESKTOP] {
        if let Some(k) = root.path(sub)? {
            keys.push(k.to_reg_key(&format!(r"HKEY_USERS\{sid}\{sub}"))?);
        }
    }
    Ok(desktop_from_keys(keys))
}

// ------------------------------------------------------------ captures ----

/// The files of a capture folder, each read as the script wrote it.
struct Captures<'a> {
    dir: &'a Path,
}

impl Captures<'_> {
    fn bytes(&self, name: &str) -> Collected<Vec<u8>> {
        let path = self.dir.join(name.replace('\\', "/"));
        match std::fs::read(&path) {
            Ok(b) => Collected::Ok {
                source: name.to_string(),
                value: b,
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Collected::Missing {
                source: name.to_string(),
            },
            Err(e) => Collected::Unreadable {
                source: name.to_string(),
                error: e.to_string(),
            },
        }
    }
    fn exists(&self, name: &str) -> bool {
        self.dir.join(name).is_file()
    }
    fn text(&self, name: &str) -> Collected<String> {
        map(&self.bytes(name), |b| decode(b))
    }
    fn parse<T>(&self, name: &str, f: impl FnOnce(&str) -> Result<T, String>) -> Collected<T> {
        match self.text(name) {
            Collected::Ok { source, value } => match f(&value) {
                Ok(v) => Collected::Ok { source, value: v },
                Err(error) => Collected::Unreadable { source, error },
            },
            Collected::Missing { source } => Collected::Missing { source },
            Collected::Unreadable { source, error } => Collected::Unreadable { source, error },
            Collected::NotCollected { reason } => Collected::NotCollected { reason },
        }
    }
}

fn json(text: &str) -> Result<serde_json::Value, String> {
    serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| format!("not JSON: {e}"))
}

/// Names of the capture files of this part (see docs/captures.md).
pub mod files {
    pub const OS: &str = "os.json";
    pub const SECEDIT: &str = "secedit.inf";
    pub const NET_ACCOUNTS: &str = "net-accounts.txt";
    pub const ACCOUNTS: &str = "accounts.json";
    pub const SYSTEM_POLICIES: &str = "reg-policies-system.txt";
    pub const WINLOGON: &str = "reg-winlogon.txt";
    pub const POWER_SLEEP: &str = "powercfg-sleep.txt";
    pub const POWER_CONSOLE_LOCK: &str = "powercfg-consolelock.txt";
    pub const POWER_POLICIES: &str = "reg-power-policies.txt";
    pub const BROWSERS: &str = "browsers.json";
    pub const BROWSER_POLICIES: &str = "reg-browser-policies.txt";
    /// One folder per user profile, named by SID, holding `desktop.txt`
    /// (logged-in user) or `NTUSER.DAT` (the others).
    pub const USERS: &str = "users";
}

/// Reads this part from a capture folder.
pub fn from_captures(dir: &Path) -> PolicyEvidence {
    let c = Captures { dir };
    let os_role = c.parse(files::OS, |t| accounts::parse_os(&json(t)?));
    let accounts = c.parse(files::ACCOUNTS, |t| accounts::parse_accounts(&json(t)?));
    let mut security_policy = c.parse(files::SECEDIT, secpol::parse_secedit);
    if security_policy.value().is_none() {
        let fallback = c.parse(files::NET_ACCOUNTS, secpol::parse_net_accounts);
        if !matches!(fallback, Collected::Missing { .. }) {
            security_policy = fallback;
        }
    }
    let reg = |name: &str, values: &[&str]| {
        c.parse(name, |t| {
            Ok(desktop::keep_values(parse_reg_query(t), values))
        })
    };
    let power = PowerEvidence {
        sleep: c.parse(files::POWER_SLEEP, |t| {
            desktop::parse_powercfg(t, desktop::STANDBY_IDLE)
        }),
        console_lock: c.parse(files::POWER_CONSOLE_LOCK, |t| {
            desktop::parse_powercfg(t, desktop::CONSOLE_LOCK)
        }),
        policies: c.parse(files::POWER_POLICIES, |t| {
            Ok(desktop::parse_power_policies(t))
        }),
    };
    let browsers_part = c.parse(files::BROWSERS, |t| browsers::parse_browsers(&json(t)?));
    let browsers = BrowsersEvidence {
        installed: map(&browsers_part, |(i, _)| i.clone()),
        policies: c.parse(files::BROWSER_POLICIES, |t| {
            Ok(browsers::parse_policy_keys(t))
        }),
        firefox_files: browsers_part
            .value()
            .map(|(_, f)| f.clone())
            .unwrap_or_default(),
    };
    let desktops = match accounts.value() {
        Some(a) => captured_desktops(&c, a),
        None => Vec::new(),
    };
    PolicyEvidence {
        os: map(&os_role, |(o, _)| o.clone()),
        computer: map(&os_role, |(_, r)| r.clone()),
        security_policy,
        accounts,
        system_policies: reg(files::SYSTEM_POLICIES, desktop::SYSTEM_POLICY_VALUES),
        winlogon: reg(files::WINLOGON, desktop::WINLOGON_VALUES),
        power,
        desktops,
        browsers,
    }
}

fn captured_desktops(c: &Captures, a: &LocalAccounts) -> Vec<UserDesktop> {
    let mut out = Vec::new();
    for p in person_profiles(a) {
        let name = a.user_by_sid(&p.sid).map(|u| u.name.clone());
        let reg_file = format!("{}/{}/desktop.txt", files::USERS, p.sid);
        let hive_file = format!("{}/{}/NTUSER.DAT", files::USERS, p.sid);
        // The script writes why it could not copy a hive here.
        let error_file = format!("{}/{}/error.txt", files::USERS, p.sid);
        let settings = match c.text(&reg_file) {
            Collected::Ok { source, value } => Collected::Ok {
                source,
                value: desktop::parse_desktop_reg(&value),
            },
            Collected::Missing { .. } if c.exists(&error_file) => Collected::Unreadable {
                source: hive_file.clone(),
                error: c
                    .text(&error_file)
                    .value()
                    .map(|e| e.trim().to_string())
                    .unwrap_or_default(),
            },
            Collected::Missing { .. } => match c.bytes(&hive_file) {
                Collected::Ok { source, value } => match desktop_from_hive(&value, &p.sid) {
                    Ok(d) => Collected::Ok { source, value: d },
                    Err(e) => Collected::Unreadable {
                        source,
                        error: e.to_string(),
                    },
                },
                other => map(&other, |_| DesktopSettings::default()),
            },
            other => map(&other, |_| DesktopSettings::default()),
        };
        out.push(UserDesktop {
            sid: p.sid.clone(),
            name,
            settings,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    /// The capture script runs the very snippets live collection runs.
    #[test]
    fn the_capture_script_runs_the_same_snippets() {
        let script =
            include_str!("../../../../../scripts/capture-windows.ps1").replace("\r\n", "\n");
        for snippet in [
            super::accounts::OS_PS,
            super::accounts::ACCOUNTS_PS,
            super::browsers::BROWSERS_PS,
        ] {
            assert!(
                script.contains(snippet),
                "missing from the script:\n{snippet}"
            );
        }
        for name in [
            super::files::OS,
            super::files::SECEDIT,
            super::files::NET_ACCOUNTS,
            super::files::ACCOUNTS,
            super::files::SYSTEM_POLICIES,
            super::files::WINLOGON,
            super::files::POWER_SLEEP,
            super::files::POWER_CONSOLE_LOCK,
            super::files::POWER_POLICIES,
            super::files::BROWSERS,
            super::files::BROWSER_POLICIES,
        ] {
            assert!(
                script.contains(&format!("'{name}'")),
                "{name} not written by the script"
            );
        }
    }

    #[test]
    fn the_live_script_holds_every_snippet() {
        let s = super::live_script();
        assert!(s.starts_with("[Console]::OutputEncoding"));
        assert!(s.contains("S-1-5-32-544"));
        assert!(s.contains("ConvertTo-Json -Depth 6 -Compress"));
    }
}
