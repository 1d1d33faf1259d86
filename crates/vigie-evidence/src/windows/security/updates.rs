//! Windows Update: installed updates (`Get-HotFix`, the component store's
//! packages: monthly cumulative updates, servicing stack, .NET), Windows
//! Update's own history (`Microsoft.Update.Session`'s `QueryHistory`, read
//! from the local datastore: nothing is searched online), and the services
//! that matter (`Get-Service`). Policies and pause settings are registry
//! items of this part.

use super::json;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One installed update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HotFix {
    /// "KB5046617".
    pub id: String,
    /// "Security Update", "Update".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Installation date (RFC 3339, midnight UTC); some entries have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installed_on: Option<String>,
}

/// Parses `Get-HotFix | Select-Object ...`.
pub fn parse_hotfixes(text: &str) -> Result<Vec<HotFix>, String> {
    Ok(json::objects(text)?
        .iter()
        .filter_map(|v| {
            Some(HotFix {
                id: json::text(v, "HotFixID")?,
                description: json::text(v, "Description"),
                installed_on: json::date(v, "InstalledOn"),
            })
        })
        .collect())
}

/// Windows Update classification GUIDs (WSUS update classifications).
pub const CATEGORY_DEFINITION_UPDATES: &str = "e0789628-ce08-4437-be74-2495b842f43b";
pub const CATEGORY_DRIVERS: &str = "ebfc1fc5-71a4-4f7b-9aca-3b9a503104a0";
pub const CATEGORY_SECURITY_UPDATES: &str = "0fa1201d-4330-4fa8-8ae9-b877473b6441";
pub const CATEGORY_CRITICAL_UPDATES: &str = "e6cf1350-c01b-414d-a61f-263d14d133b4";

/// Updates that say nothing of the system's security fixes: Defender's
/// signatures (KB2267602) and platform (KB4052623), judged with the
/// antivirus, and the monthly Malicious Software Removal Tool (KB890830).
pub const NOT_SYSTEM_FIXES: &[&str] = &["KB2267602", "KB4052623", "KB890830"];

/// One entry of Windows Update's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    /// When it ran (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// 1 installation, 2 uninstallation (`UpdateOperation`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<i64>,
    /// 2 succeeded, 3 succeeded with errors, 4 failed, 5 aborted
    /// (`OperationResultCode`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<i64>,
    /// As shown in Windows Update's history (translated).
    pub title: String,
    /// Classification GUIDs, lower case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
}

impl HistoryEntry {
    /// An installation that succeeded.
    pub fn installed(&self) -> bool {
        self.operation == Some(1) && matches!(self.result, Some(2) | Some(3))
    }
    /// A fix of the system or its software: not a driver, not antivirus
    /// signatures, not the removal tool.
    pub fn is_system_fix(&self) -> bool {
        let upper = self.title.to_ascii_uppercase();
        !self
            .categories
            .iter()
            .any(|c| c == CATEGORY_DEFINITION_UPDATES || c == CATEGORY_DRIVERS)
            && !NOT_SYSTEM_FIXES.iter().any(|kb| upper.contains(kb))
    }
}

/// Parses the Windows Update history.
pub fn parse_history(text: &str) -> Result<Vec<HistoryEntry>, String> {
    Ok(json::objects(text)?
        .iter()
        .filter_map(|v| {
            Some(HistoryEntry {
                date: json::date(v, "Date"),
                operation: json::integer(v, "Operation"),
                result: json::integer(v, "ResultCode"),
                title: json::text(v, "Title")?,
                categories: json::list(v, "Categories")
                    .into_iter()
                    .filter_map(|c| c.as_str().map(|s| s.trim().to_ascii_lowercase()))
                    .collect(),
            })
        })
        .collect())
}

/// `ServiceControllerStatus` and `ServiceStartMode`, for numbers.
const STATUS: &[(i64, &str)] = &[
    (1, "Stopped"),
    (2, "StartPending"),
    (3, "StopPending"),
    (4, "Running"),
    (5, "ContinuePending"),
    (6, "PausePending"),
    (7, "Paused"),
];
const START: &[(i64, &str)] = &[
    (0, "Boot"),
    (1, "System"),
    (2, "Automatic"),
    (3, "Manual"),
    (4, "Disabled"),
];

/// A Windows service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub name: String,
    /// "Running", "Stopped"...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// "Automatic", "Manual", "Disabled".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_type: Option<String>,
}

impl Service {
    pub fn running(&self) -> bool {
        self.status
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("Running"))
    }
    pub fn disabled(&self) -> bool {
        self.start_type
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("Disabled"))
    }
}

/// Parses `Get-Service ... | Select-Object Name,Status,StartType`.
pub fn parse_services(text: &str) -> Result<Vec<Service>, String> {
    Ok(json::objects(text)?
        .iter()
        .filter_map(|v| {
            Some(Service {
                name: json::text(v, "Name")?,
                status: json::enumeration(v, "Status", STATUS),
                start_type: json::enumeration(v, "StartType", START),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hotfixes_and_history() {
        let h = parse_hotfixes(r#"[{"HotFixID":"KB5046617","Description":"Security Update","InstalledOn":"2026-11-12"},{"HotFixID":"KB5008212","Description":"Update","InstalledOn":null}]"#).unwrap();
        assert_eq!(h[0].installed_on.as_deref(), Some("2026-11-12T00:00:00Z"));
        assert_eq!(h[1].installed_on, None);
        let text = r#"[
  {"Date":"2026-11-27T06:02:11.0000000","Operation":1,"ResultCode":2,"Title":"Mise à jour de la veille de sécurité pour Microsoft Defender Antivirus - KB2267602 (version 1.421.1350.0)","Categories":["e0789628-ce08-4437-be74-2495b842f43b","8c3fcc84-7410-4a95-8b89-a166a0190486"]},
  {"Date":"2026-11-12T18:40:02.0000000","Operation":1,"ResultCode":2,"Title":"2026-11 Mise à jour cumulative pour Windows 11 Version 24H2 pour les systèmes x64 (KB5046617)","Categories":["0FA1201D-4330-4FA8-8AE9-B877473B6441"]},
  {"Date":"2026-11-10T09:00:00.0000000","Operation":1,"ResultCode":4,"Title":"Intel - Display - 31.0.101.5590","Categories":"ebfc1fc5-71a4-4f7b-9aca-3b9a503104a0"}
]"#;
        let e = parse_history(text).unwrap();
        assert!(e[0].installed() && !e[0].is_system_fix());
        assert!(e[1].installed() && e[1].is_system_fix());
        assert_eq!(e[1].categories, [CATEGORY_SECURITY_UPDATES]);
        assert!(!e[2].installed() && !e[2].is_system_fix());
    }

    #[test]
    fn services_as_text_or_numbers() {
        let s = parse_services(r#"[{"Name":"wuauserv","Status":"Stopped","StartType":"Manual"},{"Name":"EventLog","Status":4,"StartType":2}]"#).unwrap();
        assert!(!s[0].running() && !s[0].disabled());
        assert!(s[1].running());
        assert_eq!(s[1].start_type.as_deref(), Some("Automatic"));
    }
}
