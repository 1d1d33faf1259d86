//! Software Update: what is set to happen automatically and what the last
//! check found, without checking again (no network).
//!
//! - `/Library/Preferences/com.apple.SoftwareUpdate.plist`: the settings of
//!   System Settings > General > Software Update > Automatic Updates
//!   (`AutomaticCheckEnabled`, `AutomaticDownload`,
//!   `AutomaticallyInstallMacOSUpdates`, `CriticalUpdateInstall` = "Install
//!   Security Responses and system files", `ConfigDataInstall` = the
//!   security data such as XProtect; an absent key is the default: all on
//!   but the installation of macOS updates), and the last check's results
//!   (`LastSuccessfulDate`, `LastRecommendedUpdatesAvailable`,
//!   `RecommendedUpdates`).
//! - The same keys as managed preferences
//!   (`/Library/Managed Preferences/com.apple.SoftwareUpdate.plist`), which
//!   win.
//! - `softwareupdate --schedule`: "Automatic checking for updates is turned
//!   on/off" (reads the setting, checks nothing).

use super::plist::{self, Value};
use crate::model::Collected;
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const SOFTWARE_UPDATE_PLIST: &str = "/Library/Preferences/com.apple.SoftwareUpdate.plist";
pub const MANAGED_SOFTWARE_UPDATE: &str =
    "/Library/Managed Preferences/com.apple.SoftwareUpdate.plist";

/// An update the last check found and that is not installed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendedUpdate {
    pub name: String,
    pub version: Option<String>,
    pub identifier: Option<String>,
}

/// `com.apple.SoftwareUpdate` keys.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SoftwareUpdatePrefs {
    pub automatic_check_enabled: Option<bool>,
    pub automatic_download: Option<bool>,
    pub automatically_install_macos_updates: Option<bool>,
    pub critical_update_install: Option<bool>,
    pub config_data_install: Option<bool>,
    /// Last successful check, seconds since the Unix epoch.
    pub last_successful_date: Option<i64>,
    pub last_recommended_updates_available: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommended_updates: Vec<RecommendedUpdate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatesEvidence {
    pub prefs: Collected<SoftwareUpdatePrefs>,
    pub managed: Collected<SoftwareUpdatePrefs>,
    /// `softwareupdate --schedule`: automatic checking on.
    pub schedule: Collected<bool>,
}

impl Default for UpdatesEvidence {
    fn default() -> Self {
        UpdatesEvidence {
            prefs: super::not_collected(),
            managed: super::not_collected(),
            schedule: super::not_collected(),
        }
    }
}

/// The keys of a `com.apple.SoftwareUpdate` property list (pure).
pub fn software_update_prefs(v: &Value) -> SoftwareUpdatePrefs {
    SoftwareUpdatePrefs {
        automatic_check_enabled: plist::get_bool(v, "AutomaticCheckEnabled"),
        automatic_download: plist::get_bool(v, "AutomaticDownload"),
        automatically_install_macos_updates: plist::get_bool(v, "AutomaticallyInstallMacOSUpdates"),
        critical_update_install: plist::get_bool(v, "CriticalUpdateInstall"),
        config_data_install: plist::get_bool(v, "ConfigDataInstall"),
        last_successful_date: plist::get(v, "LastSuccessfulDate").and_then(plist::date),
        last_recommended_updates_available: plist::get_int(v, "LastRecommendedUpdatesAvailable"),
        recommended_updates: plist::get(v, "RecommendedUpdates")
            .and_then(Value::as_array)
            .map(|a| a.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|u| {
                Some(RecommendedUpdate {
                    name: plist::get_string(u, "Display Name")?,
                    version: plist::get_string(u, "Display Version"),
                    identifier: plist::get_string(u, "Identifier"),
                })
            })
            .collect(),
    }
}

/// `softwareupdate --schedule` (pure).
pub fn parse_schedule(text: &str) -> Result<bool, String> {
    let l = text.to_ascii_lowercase();
    if l.contains("turned on") || l.contains("check is on") {
        Ok(true)
    } else if l.contains("turned off") || l.contains("check is off") {
        Ok(false)
    } else {
        Err(format!("unexpected output: {}", text.trim()))
    }
}

pub fn collect(sys: &Sys) -> UpdatesEvidence {
    UpdatesEvidence {
        prefs: plist::file(sys, SOFTWARE_UPDATE_PLIST, software_update_prefs),
        managed: plist::file(sys, MANAGED_SOFTWARE_UPDATE, software_update_prefs),
        schedule: sys.command("softwareupdate", &["--schedule"], |out| {
            parse_schedule(&format!("{}\n{}", out.stdout, out.stderr))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_wordings() {
        assert_eq!(
            parse_schedule("Automatic checking for updates is turned on\n"),
            Ok(true)
        );
        assert_eq!(
            parse_schedule("Automatic checking for updates is turned off\n"),
            Ok(false)
        );
        assert_eq!(parse_schedule("Automatic check is on\n"), Ok(true));
        assert!(parse_schedule("").is_err());
    }

    #[test]
    fn prefs_with_pending_updates() {
        let v = plist::parse(
            br#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>AutomaticCheckEnabled</key><true/>
<key>CriticalUpdateInstall</key><integer>1</integer>
<key>LastSuccessfulDate</key><date>2026-11-27T08:14:03Z</date>
<key>LastRecommendedUpdatesAvailable</key><integer>1</integer>
<key>RecommendedUpdates</key><array><dict>
<key>Display Name</key><string>macOS Sequoia 15.7.2</string>
<key>Display Version</key><string>15.7.2</string>
<key>Identifier</key><string>MSU_UPDATE_24G325_patch_15.7.2</string>
<key>Product Key</key><string>MSU_UPDATE_24G325_patch_15.7.2</string>
</dict></array>
</dict></plist>"#,
        )
        .unwrap();
        let p = software_update_prefs(&v);
        assert_eq!(p.automatic_check_enabled, Some(true));
        assert_eq!(p.critical_update_install, Some(true));
        assert_eq!(p.automatic_download, None);
        assert_eq!(p.recommended_updates.len(), 1);
        assert_eq!(p.recommended_updates[0].version.as_deref(), Some("15.7.2"));
        assert!(p.last_successful_date.is_some());
    }
}
