//! Web browsers and the policies that turn their password managers off:
//! Edge and Chrome `PasswordManagerEnabled` (a DWORD under
//! `HKLM\SOFTWARE\Policies\Microsoft\Edge` / `…\Google\Chrome`; the
//! `Recommended` subkey only sets a default the user may change), Firefox
//! `PasswordManagerEnabled` / `OfferToSaveLogins` (under
//! `HKLM\SOFTWARE\Policies\Mozilla\Firefox`, or in
//! `<install>\distribution\policies.json`).

use super::super::reg::{parse_reg_query, RegKey};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The machine policy keys read, one `reg query` each (no `/s`).
pub const POLICY_KEYS: &[&str] = &[
    r"HKLM\SOFTWARE\Policies\Microsoft\Edge",
    r"HKLM\SOFTWARE\Policies\Google\Chrome",
    r"HKLM\SOFTWARE\Policies\Mozilla\Firefox",
];
/// Values kept from them.
pub const POLICY_VALUES: &[&str] = &["PasswordManagerEnabled", "OfferToSaveLogins"];

/// An installed browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstalledBrowser {
    /// "edge", "chrome" or "firefox".
    pub name: String,
    /// Its program file.
    pub path: String,
}

/// A Firefox `distribution\policies.json`: only what matters here is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FirefoxPolicyFile {
    pub path: String,
    /// Valid JSON with a `policies` object (Firefox ignores the file otherwise).
    pub valid: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_manager_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_to_save_logins: Option<bool>,
}

/// Browsers and their password-manager policies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BrowsersEvidence {
    pub installed: crate::Collected<Vec<InstalledBrowser>>,
    /// The policy keys found (an absent key is no policy).
    pub policies: crate::Collected<Vec<RegKey>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub firefox_files: Vec<FirefoxPolicyFile>,
}

impl Default for BrowsersEvidence {
    fn default() -> Self {
        BrowsersEvidence {
            installed: super::not_collected(),
            policies: super::not_collected(),
            firefox_files: Vec::new(),
        }
    }
}

/// Lists installed Edge, Chrome and Firefox (the App Paths registration,
/// then the standard folders; a path counts only when the program file
/// exists) and reads Firefox's `distribution\policies.json`.
pub const BROWSERS_PS: &str = r#"$pf = [Environment]::GetFolderPath('ProgramFiles'); $pf86 = [Environment]::GetFolderPath('ProgramFilesX86')
$installed = @()
foreach ($e in @(@('edge', 'msedge.exe', "$pf86\Microsoft\Edge\Application\msedge.exe", "$pf\Microsoft\Edge\Application\msedge.exe"), @('chrome', 'chrome.exe', "$pf\Google\Chrome\Application\chrome.exe", "$pf86\Google\Chrome\Application\chrome.exe"), @('firefox', 'firefox.exe', "$pf\Mozilla Firefox\firefox.exe", "$pf86\Mozilla Firefox\firefox.exe"))) {
  $paths = @($e[2], $e[3])
  $ap = (Get-ItemProperty "HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\$($e[1])" -ErrorAction SilentlyContinue).'(default)'
  if ($ap) { $paths = @($ap.Trim('"')) + $paths }
  foreach ($p in $paths) { if ($p -and (Test-Path -LiteralPath $p -PathType Leaf)) { $installed += [ordered]@{ Name = $e[0]; Path = $p }; break } }
}
$ff = @()
foreach ($i in $installed) { if ($i.Name -eq 'firefox') { $j = Join-Path (Split-Path $i.Path) 'distribution\policies.json'; if (Test-Path -LiteralPath $j) { $ff += [ordered]@{ Path = $j; Content = (Get-Content -LiteralPath $j -Raw -ErrorAction SilentlyContinue) } } } }
[ordered]@{ installed = $installed; firefox_policies = $ff }"#;

fn list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![other],
    }
}

/// A policy's boolean as Firefox reads it from JSON.
fn json_bool(v: Option<&Value>) -> Option<bool> {
    match v? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|x| x != 0),
        _ => None,
    }
}

/// Reads one `policies.json` text.
pub fn parse_firefox_policies(path: &str, text: &str) -> FirefoxPolicyFile {
    let parsed: Option<Value> = serde_json::from_str(text.trim_start_matches('\u{feff}')).ok();
    let policies = parsed
        .as_ref()
        .and_then(|v| v.get("policies"))
        .filter(|p| p.is_object());
    FirefoxPolicyFile {
        path: path.to_string(),
        valid: policies.is_some(),
        password_manager_enabled: json_bool(policies.and_then(|p| p.get("PasswordManagerEnabled"))),
        offer_to_save_logins: json_bool(policies.and_then(|p| p.get("OfferToSaveLogins"))),
    }
}

/// Parses the browsers snippet's JSON.
pub fn parse_browsers(
    v: &Value,
) -> Result<(Vec<InstalledBrowser>, Vec<FirefoxPolicyFile>), String> {
    if v.get("installed").is_none() {
        return Err("no \"installed\" list".into());
    }
    let installed = list(v.get("installed"))
        .into_iter()
        .filter_map(|b| {
            Some(InstalledBrowser {
                name: b.get("Name")?.as_str()?.to_string(),
                path: b.get("Path")?.as_str()?.to_string(),
            })
        })
        .collect();
    let files = list(v.get("firefox_policies"))
        .into_iter()
        .filter_map(|f| {
            let path = f.get("Path")?.as_str()?;
            let content = f.get("Content").and_then(|c| c.as_str()).unwrap_or("");
            Some(parse_firefox_policies(path, content))
        })
        .collect();
    Ok((installed, files))
}

/// Parses the policy keys' `reg query` outputs (appended), keeping the
/// three keys themselves (not their subkeys) and the password values.
pub fn parse_policy_keys(text: &str) -> Vec<RegKey> {
    policy_keys_only(parse_reg_query(text))
}

/// Keeps the three policy keys and their password values.
pub fn policy_keys_only(keys: Vec<RegKey>) -> Vec<RegKey> {
    let wanted: Vec<String> = POLICY_KEYS
        .iter()
        .map(|k| {
            k.replacen("HKLM", "HKEY_LOCAL_MACHINE", 1)
                .to_ascii_lowercase()
        })
        .collect();
    let keys = keys
        .into_iter()
        .filter(|k| wanted.contains(&k.path.to_ascii_lowercase()))
        .collect();
    super::desktop::keep_values(keys, POLICY_VALUES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn firefox_files() {
        let f = parse_firefox_policies("p", r#"{"policies": {"PasswordManagerEnabled": false}}"#);
        assert!(f.valid);
        assert_eq!(f.password_manager_enabled, Some(false));
        let f = parse_firefox_policies("p", r#"{"policies": {"PasswordManagerEnabled": false,}}"#);
        assert!(!f.valid);
        assert_eq!(f.password_manager_enabled, None);
    }

    #[test]
    fn policy_keys_not_their_subkeys() {
        let text = "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge\r\n    PasswordManagerEnabled    REG_DWORD    0x0\r\n    HomepageLocation    REG_SZ    https://intranet\r\n\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge\\Recommended\r\n\r\n";
        let keys = parse_policy_keys(text);
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].values.len(), 1);
    }
}
