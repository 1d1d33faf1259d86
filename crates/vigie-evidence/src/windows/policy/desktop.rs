//! Screen lock sources: the machine inactivity limit and UAC
//! (`HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System`), each
//! user's screen saver (policy and own setting), sleep and "require a
//! password on wakeup" (`powercfg /q`, and their policies), automatic logon
//! (`Winlogon`).

use super::super::reg::{parse_reg_query, RegKey};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The machine-wide key with the inactivity limit and UAC settings.
pub const SYSTEM_POLICIES_KEY: &str =
    r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System";
/// Values kept from it.
pub const SYSTEM_POLICY_VALUES: &[&str] = &[
    "InactivityTimeoutSecs",
    "EnableLUA",
    "ConsentPromptBehaviorAdmin",
    "FilterAdministratorToken",
    "PromptOnSecureDesktop",
];
/// Automatic logon settings (read value by value: the key may also hold a
/// `DefaultPassword` in clear, which is never read).
pub const WINLOGON_KEY: &str = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon";
pub const WINLOGON_VALUES: &[&str] = &["AutoAdminLogon", "DefaultUserName", "DefaultDomainName"];
/// A user's own screen-saver settings, below the user's hive.
pub const USER_DESKTOP: &str = r"Control Panel\Desktop";
/// The screen-saver policy (User Configuration > Administrative Templates >
/// Control Panel > Personalization; ControlPanelDisplay.admx, user class
/// only), below the user's hive.
pub const POLICY_DESKTOP: &str = r"Software\Policies\Microsoft\Windows\Control Panel\Desktop";
/// Values kept from both.
pub const DESKTOP_VALUES: &[&str] = &[
    "ScreenSaveActive",
    "ScreenSaveTimeOut",
    "ScreenSaverIsSecure",
    "SCRNSAVE.EXE",
];
/// Power policies (`HKLM\SOFTWARE\Policies\Microsoft\Power\PowerSettings\<setting GUID>`).
pub const POWER_POLICY_KEY: &str = r"HKLM\SOFTWARE\Policies\Microsoft\Power\PowerSettings";
/// "Sleep after" (SUB_SLEEP STANDBYIDLE), seconds; 0 = never.
pub const STANDBY_IDLE: &str = "29f6c1db-86da-48c5-9fdb-f2b67b1f44da";
/// "Require a password on wakeup" (SUB_NONE CONSOLELOCK): 1 yes, 0 no.
pub const CONSOLE_LOCK: &str = "0e796bdb-100d-47d6-a2d5-f7d2daa51f51";

/// Keeps only the named values of keys (nothing else is stored).
pub fn keep_values(mut keys: Vec<RegKey>, names: &[&str]) -> Vec<RegKey> {
    for k in &mut keys {
        k.values
            .retain(|v| names.iter().any(|n| n.eq_ignore_ascii_case(&v.name)));
    }
    keys
}

/// A user's screen-saver settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DesktopSettings {
    /// The policy key (`None`: absent, no policy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<RegKey>,
    /// The user's own key (`None`: absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<RegKey>,
}

/// Splits `reg query` output of both keys (either order) into a
/// [`DesktopSettings`]: a key path containing `\Policies\` is the policy.
pub fn parse_desktop_reg(text: &str) -> DesktopSettings {
    let mut out = DesktopSettings::default();
    for key in keep_values(parse_reg_query(text), DESKTOP_VALUES) {
        let lower = key.path.to_ascii_lowercase();
        if !lower.ends_with(r"\control panel\desktop") {
            continue;
        }
        if lower.contains(r"\policies\") {
            out.policy = Some(key);
        } else {
            out.user = Some(key);
        }
    }
    out
}

/// One user's screen-saver settings and where they were read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserDesktop {
    pub sid: String,
    /// The account name, when the SID is a local user's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub settings: crate::Collected<DesktopSettings>,
}

/// One power setting of the active plan, as `powercfg /q` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PowerSetting {
    /// The setting's GUID.
    pub guid: String,
    /// On mains power.
    pub ac: Option<u64>,
    /// On battery.
    pub dc: Option<u64>,
}

/// Parses `powercfg /q SCHEME SUB SETTING`: the labels are translated
/// ("Current AC Power Setting Index", « Index des paramètres d'alimentation
/// en courant alternatif actuels »), but the block of the setting's GUID
/// always ends with the AC value then the DC value, in hexadecimal, after
/// the range lines (minimum, maximum, increment) of a value setting.
pub fn parse_powercfg(text: &str, guid: &str) -> Result<PowerSetting, String> {
    let want = guid.to_ascii_lowercase();
    let mut in_block = false;
    let mut hex: Vec<u64> = Vec::new();
    for line in text.lines() {
        if let Some(g) = line_guid(line) {
            // A new scheme, subgroup or setting header.
            in_block = g == want;
            continue;
        }
        if !in_block {
            continue;
        }
        let value = line.rsplit(':').next().unwrap_or("").trim();
        if let Some(h) = value
            .strip_prefix("0x")
            .or_else(|| value.strip_prefix("0X"))
        {
            if let Ok(n) = u64::from_str_radix(h, 16) {
                hex.push(n);
            }
        }
    }
    if hex.len() < 2 {
        return Err(format!("powercfg: no AC/DC values for {guid}"));
    }
    let dc = hex[hex.len() - 1];
    let ac = hex[hex.len() - 2];
    Ok(PowerSetting {
        guid: want,
        ac: Some(ac),
        dc: Some(dc),
    })
}

/// The GUID a `powercfg` header line names (8-4-4-4-12 hex digits).
fn line_guid(line: &str) -> Option<String> {
    line.split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
        .find(|w| {
            let parts: Vec<&str> = w.split('-').collect();
            parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        })
        .map(|g| g.to_ascii_lowercase())
}

/// Power: the active plan's sleep delay and wake-up password, and the
/// policies that override them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PowerEvidence {
    /// `powercfg /q SCHEME_CURRENT SUB_SLEEP STANDBYIDLE`.
    pub sleep: crate::Collected<PowerSetting>,
    /// `powercfg /q SCHEME_CURRENT SUB_NONE CONSOLELOCK`.
    pub console_lock: crate::Collected<PowerSetting>,
    /// `reg query HKLM\SOFTWARE\Policies\Microsoft\Power\PowerSettings /s`
    /// (`ACSettingIndex`/`DCSettingIndex` per setting GUID).
    pub policies: crate::Collected<Vec<RegKey>>,
}

impl Default for PowerEvidence {
    fn default() -> Self {
        PowerEvidence {
            sleep: super::not_collected(),
            console_lock: super::not_collected(),
            policies: super::not_collected(),
        }
    }
}

/// Parses the power policies' `reg query … /s` output, keeping the two
/// settings' keys.
pub fn parse_power_policies(text: &str) -> Vec<RegKey> {
    power_policy_keys(parse_reg_query(text))
}

/// Keeps the sleep and wake-up password policy keys.
pub fn power_policy_keys(keys: Vec<RegKey>) -> Vec<RegKey> {
    let keys = keys
        .into_iter()
        .filter(|k| {
            let l = k.path.to_ascii_lowercase();
            l.ends_with(STANDBY_IDLE) || l.ends_with(CONSOLE_LOCK)
        })
        .collect();
    keep_values(keys, &["ACSettingIndex", "DCSettingIndex"])
}

#[cfg(test)]
mod tests {
    use super::*;

    const SLEEP_FR: &str = "GUID du mode de gestion de l'alimentation : 381b4222-f694-41f0-9685-ff5bb260df2e  (Utilisation normale)\r\n  GUID du sous-groupe : 238c9fa8-0aad-41ed-83f4-97be242c8f20  (Veille)\r\n    Alias GUID : SUB_SLEEP\r\n    GUID du paramètre d'alimentation : 29f6c1db-86da-48c5-9fdb-f2b67b1f44da  (Mettre en veille après)\r\n      Alias GUID : STANDBYIDLE\r\n      Paramètre minimal possible : 0x00000000\r\n      Paramètre maximal possible : 0xffffffff\r\n      Incrément des paramètres possibles : 0x00000001\r\n      Unités des paramètres possibles : Secondes\r\n    Index des paramètres d'alimentation en courant alternatif actuels : 0x00000708\r\n    Index des paramètres d'alimentation en courant continu actuels : 0x00000384\r\n\r\n";

    #[test]
    fn powercfg_values_whatever_the_language() {
        let p = parse_powercfg(SLEEP_FR, STANDBY_IDLE).unwrap();
        assert_eq!((p.ac, p.dc), (Some(1800), Some(900)));
        let en = "Power Scheme GUID: 381b4222-f694-41f0-9685-ff5bb260df2e  (Balanced)\n  Subgroup GUID: fea3413e-7e05-4911-9a71-700331f1c294  (Settings belonging to no subgroup)\n    GUID Alias: SUB_NONE\n    Power Setting GUID: 0e796bdb-100d-47d6-a2d5-f7d2daa51f51  (Require a password on wakeup)\n      GUID Alias: CONSOLELOCK\n      Possible Setting Index: 000\n      Possible Setting Friendly Name: No\n      Possible Setting Index: 001\n      Possible Setting Friendly Name: Yes\n    Current AC Power Setting Index: 0x00000001\n    Current DC Power Setting Index: 0x00000000\n";
        let p = parse_powercfg(en, CONSOLE_LOCK).unwrap();
        assert_eq!((p.ac, p.dc), (Some(1), Some(0)));
        assert!(parse_powercfg("Paramètres non valides.", CONSOLE_LOCK).is_err());
    }

    #[test]
    fn desktop_keys_split_and_filtered() {
        let text = "\r\nHKEY_USERS\\S-1-5-21-1-2-3-1001\\Control Panel\\Desktop\r\n    ActiveWndTrackTimeout    REG_DWORD    0x0\r\n    ScreenSaveActive    REG_SZ    1\r\n    ScreenSaveTimeOut    REG_SZ    600\r\n    SCRNSAVE.EXE    REG_SZ    C:\\Windows\\system32\\Ribbons.scr\r\n\r\nHKEY_USERS\\S-1-5-21-1-2-3-1001\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop\r\n    ScreenSaverIsSecure    REG_SZ    1\r\n";
        let d = parse_desktop_reg(text);
        let user = d.user.unwrap();
        assert_eq!(user.values.len(), 3);
        assert!(user.value("ActiveWndTrackTimeout").is_none());
        assert_eq!(
            d.policy.unwrap().value("ScreenSaverIsSecure").unwrap().data,
            "1"
        );
    }
}
