//! The OS identity, the machine's domain membership, local users, the
//! members of the Administrators group (by SID S-1-5-32-544, whatever its
//! localised name) and user profiles, from PowerShell's JSON
//! (`ConvertTo-Json`, Windows PowerShell 5.1). The snippets are
//! [`OS_PS`] and [`ACCOUNTS_PS`]; the capture script runs the same text.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Windows' identity: `Win32_OperatingSystem` and the registry's
/// `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WindowsOs {
    /// Localised ("Microsoft Windows 11 Professionnel"): shown, never matched.
    pub caption: Option<String>,
    /// "10.0.26100".
    pub version: Option<String>,
    /// "26100".
    pub build: Option<u32>,
    /// Update build revision ("UBR"), e.g. 2314.
    pub ubr: Option<u32>,
    /// Feature update, "24H2" (`DisplayVersion`, else `ReleaseId` on old builds).
    pub display_version: Option<String>,
    /// "Professional", "Core" (Home), "Enterprise", "EnterpriseS" (LTSC)...
    pub edition_id: Option<String>,
    /// `OperatingSystemSKU` (48 Pro, 101 Home, 4 Enterprise, 125 LTSC...).
    pub sku: Option<u32>,
    /// "Client" or "Server".
    pub installation_type: Option<String>,
}

impl WindowsOs {
    /// "10" or "11": the registry's ProductName says "Windows 10" on
    /// Windows 11 too, so the build decides (Windows 11 starts at 22000).
    pub fn major_name(&self) -> Option<&'static str> {
        let build = self.build?;
        Some(if build >= 22000 { "11" } else { "10" })
    }
}

/// Domain membership (`Win32_ComputerSystem`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComputerRole {
    pub part_of_domain: bool,
    /// The domain, or the workgroup's name when not in a domain.
    pub domain: Option<String>,
}

/// One local user (`Get-LocalUser`). Times are seconds since 1970 (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalUser {
    pub name: String,
    pub sid: String,
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// "Local", "MicrosoftAccount" (signs in with a Microsoft account)...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_logon: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_last_set: Option<i64>,
    /// `None` when the password never expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_expires: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_required: Option<bool>,
}

impl LocalUser {
    /// The relative identifier: 500 built-in Administrator, 501 Guest,
    /// 503 DefaultAccount, 504 WDAGUtilityAccount, 1000 and up for accounts
    /// people created.
    pub fn rid(&self) -> Option<u32> {
        rid(&self.sid)
    }
    /// Linked to a Microsoft account (its password is Microsoft's, not the
    /// local policy's).
    pub fn microsoft_account(&self) -> bool {
        self.principal_source.as_deref() == Some("MicrosoftAccount")
    }
}

/// The last part of a SID, for SIDs of a machine or domain (`S-1-5-21-…`).
pub fn rid(sid: &str) -> Option<u32> {
    if !sid.starts_with("S-1-5-21-") {
        return None;
    }
    sid.rsplit('-').next()?.parse().ok()
}

/// A member of the Administrators group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupMember {
    /// `POSTE\alice`, `AzureAD\JeanDupont`, `DOMAINE\Admins du domaine`.
    pub name: String,
    pub sid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_source: Option<String>,
    /// "User"/"Utilisateur", "Group"/"Groupe" (localised by
    /// Get-LocalGroupMember), or the CIM class (`Win32_UserAccount`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_class: Option<String>,
}

/// The Administrators group's members and how they were listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Administrators {
    /// `Get-LocalGroupMember`, or `Win32_GroupUser` when it failed (it
    /// fails on some builds when the group holds an orphaned SID); `None`
    /// when both failed.
    pub source: Option<String>,
    /// The error of the first method, if it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub members: Vec<GroupMember>,
}

/// A user profile folder (`Win32_UserProfile`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserProfile {
    pub sid: String,
    pub path: String,
    /// Its hive is loaded (under HKEY_USERS): the user is logged in, or a
    /// process still runs as them.
    pub loaded: bool,
    /// A system profile (SYSTEM, LOCAL SERVICE, NETWORK SERVICE).
    pub special: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_use: Option<i64>,
}

/// Local users, administrators and profiles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalAccounts {
    pub users: Vec<LocalUser>,
    pub administrators: Administrators,
    pub profiles: Vec<UserProfile>,
}

impl LocalAccounts {
    pub fn user_by_sid(&self, sid: &str) -> Option<&LocalUser> {
        self.users.iter().find(|u| u.sid.eq_ignore_ascii_case(sid))
    }
    pub fn profile(&self, sid: &str) -> Option<&UserProfile> {
        self.profiles
            .iter()
            .find(|p| p.sid.eq_ignore_ascii_case(sid))
    }
    /// Whether a SID is a member of Administrators.
    pub fn is_admin(&self, sid: &str) -> bool {
        self.administrators
            .members
            .iter()
            .any(|m| m.sid.eq_ignore_ascii_case(sid))
    }
}

/// Prints the OS identity and domain membership as JSON.
pub const OS_PS: &str = r#"$o = Get-CimInstance Win32_OperatingSystem
$c = Get-CimInstance Win32_ComputerSystem
$v = Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
[ordered]@{
  os = [ordered]@{ Caption = $o.Caption; Version = $o.Version; BuildNumber = $o.BuildNumber; OperatingSystemSKU = $o.OperatingSystemSKU }
  current_version = [ordered]@{ DisplayVersion = $v.DisplayVersion; ReleaseId = $v.ReleaseId; EditionID = $v.EditionID; CurrentBuild = $v.CurrentBuild; UBR = $v.UBR; InstallationType = $v.InstallationType }
  computer = [ordered]@{ PartOfDomain = $c.PartOfDomain; Domain = $c.Domain }
}"#;

/// Prints local users, Administrators members (by SID) and profiles as
/// JSON; dates in ISO 8601 UTC, enums as text.
pub const ACCOUNTS_PS: &str = r#"function VigieDate($d) { if ($d) { ([datetime]$d).ToUniversalTime().ToString('o') } else { $null } }
$users = @(Get-LocalUser | ForEach-Object { [ordered]@{ Name = $_.Name; SID = $_.SID.Value; Enabled = $_.Enabled; FullName = $_.FullName; PrincipalSource = "$($_.PrincipalSource)"; LastLogon = VigieDate $_.LastLogon; PasswordLastSet = VigieDate $_.PasswordLastSet; PasswordExpires = VigieDate $_.PasswordExpires; PasswordRequired = $_.PasswordRequired } })
$admins = [ordered]@{ source = 'Get-LocalGroupMember'; error = $null; members = @() }
try {
  $admins.members = @(Get-LocalGroupMember -SID 'S-1-5-32-544' -ErrorAction Stop | ForEach-Object { [ordered]@{ Name = $_.Name; SID = $_.SID.Value; PrincipalSource = "$($_.PrincipalSource)"; ObjectClass = "$($_.ObjectClass)" } })
} catch {
  $admins.source = 'Win32_GroupUser'; $admins.error = "$_"
  try {
    $g = Get-CimInstance Win32_Group -Filter "LocalAccount=TRUE AND SID='S-1-5-32-544'"
    $admins.members = @(Get-CimAssociatedInstance -InputObject $g -Association Win32_GroupUser -ErrorAction Stop | ForEach-Object { [ordered]@{ Name = "$($_.Domain)\$($_.Name)"; SID = $_.SID; PrincipalSource = $null; ObjectClass = $_.CimClass.CimClassName } })
  } catch { $admins.source = $null; $admins.error = "$_" }
}
$profiles = @(Get-CimInstance Win32_UserProfile | ForEach-Object { [ordered]@{ SID = $_.SID; LocalPath = $_.LocalPath; Loaded = $_.Loaded; Special = $_.Special; LastUseTime = VigieDate $_.LastUseTime } })
[ordered]@{ users = $users; administrators = $admins; profiles = $profiles }"#;

fn s(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn n(v: &Value, key: &str) -> Option<u32> {
    match v.get(key)? {
        Value::Number(n) => n.as_u64().and_then(|x| u32::try_from(x).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn b(v: &Value, key: &str) -> Option<bool> {
    match v.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_u64().map(|x| x != 0),
        _ => None,
    }
}

/// A list that PowerShell may have written as a single object or `null`.
fn list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![other],
    }
}

/// A date as PowerShell writes it: ISO 8601 (`2026-11-20T08:12:00.0000000Z`,
/// what the snippets print) or Windows PowerShell's `\/Date(1700000000000)\/`.
pub fn parse_date(text: &str) -> Option<i64> {
    let t = text.trim();
    if let Some(ms) = t
        .strip_prefix("/Date(")
        .or_else(|| t.strip_prefix("\\/Date("))
        .and_then(|r| r.split(')').next())
    {
        let digits: String = ms
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        return digits.parse::<i64>().ok().map(|ms| ms.div_euclid(1000));
    }
    time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|d| d.unix_timestamp())
}

fn date(v: &Value, key: &str) -> Option<i64> {
    s(v, key).and_then(|t| parse_date(&t))
}

/// Parses the OS snippet's JSON.
pub fn parse_os(v: &Value) -> Result<(WindowsOs, ComputerRole), String> {
    let os = v.get("os").ok_or("no \"os\" object")?;
    let cv = v.get("current_version").unwrap_or(&Value::Null);
    let computer = v.get("computer").unwrap_or(&Value::Null);
    let build = n(cv, "CurrentBuild").or_else(|| n(os, "BuildNumber"));
    let windows = WindowsOs {
        caption: s(os, "Caption"),
        version: s(os, "Version"),
        build,
        ubr: n(cv, "UBR"),
        display_version: s(cv, "DisplayVersion").or_else(|| s(cv, "ReleaseId")),
        edition_id: s(cv, "EditionID"),
        sku: n(os, "OperatingSystemSKU"),
        installation_type: s(cv, "InstallationType"),
    };
    if windows.version.is_none() && windows.build.is_none() {
        return Err("no Windows version or build".into());
    }
    let role = ComputerRole {
        part_of_domain: b(computer, "PartOfDomain").unwrap_or(false),
        domain: s(computer, "Domain"),
    };
    Ok((windows, role))
}

/// Parses the accounts snippet's JSON.
pub fn parse_accounts(v: &Value) -> Result<LocalAccounts, String> {
    let users_v = v.get("users").ok_or("no \"users\" list")?;
    let mut users = Vec::new();
    for u in list(Some(users_v)) {
        let (Some(name), Some(sid)) = (s(u, "Name"), s(u, "SID")) else {
            continue;
        };
        users.push(LocalUser {
            name,
            sid,
            enabled: b(u, "Enabled").unwrap_or(false),
            full_name: s(u, "FullName"),
            principal_source: s(u, "PrincipalSource"),
            last_logon: date(u, "LastLogon"),
            password_last_set: date(u, "PasswordLastSet"),
            password_expires: date(u, "PasswordExpires"),
            password_required: b(u, "PasswordRequired"),
        });
    }
    let a = v.get("administrators").unwrap_or(&Value::Null);
    let members = list(a.get("members"))
        .into_iter()
        .filter_map(|m| {
            Some(GroupMember {
                name: s(m, "Name")?,
                sid: s(m, "SID")?,
                principal_source: s(m, "PrincipalSource"),
                object_class: s(m, "ObjectClass"),
            })
        })
        .collect();
    let administrators = Administrators {
        source: s(a, "source"),
        error: s(a, "error"),
        members,
    };
    let profiles = list(v.get("profiles"))
        .into_iter()
        .filter_map(|p| {
            Some(UserProfile {
                sid: s(p, "SID")?,
                path: s(p, "LocalPath")?,
                loaded: b(p, "Loaded").unwrap_or(false),
                special: b(p, "Special").unwrap_or(false),
                last_use: date(p, "LastUseTime"),
            })
        })
        .collect();
    Ok(LocalAccounts {
        users,
        administrators,
        profiles,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_both_ways() {
        assert_eq!(parse_date("2026-11-20T08:12:00.0000000Z"), Some(1795162320));
        assert_eq!(parse_date("/Date(1795162320000)/"), Some(1795162320));
        assert_eq!(parse_date("\\/Date(1795162320123)\\/"), Some(1795162320));
        assert_eq!(parse_date("hier"), None);
    }

    #[test]
    fn single_objects_and_nulls() {
        let v: Value = serde_json::from_str(
            r#"{"users":{"Name":"Hélène","SID":"S-1-5-21-1-2-3-1001","Enabled":true,"FullName":"","PrincipalSource":"Local","LastLogon":null,"PasswordLastSet":"2026-01-02T03:04:05.0000000Z","PasswordExpires":null,"PasswordRequired":true},
                "administrators":{"source":"Win32_GroupUser","error":"Impossible de résoudre","members":{"Name":"POSTE\\Hélène","SID":"S-1-5-21-1-2-3-1001","PrincipalSource":null,"ObjectClass":"Win32_UserAccount"}},
                "profiles":null}"#,
        )
        .unwrap();
        let a = parse_accounts(&v).unwrap();
        assert_eq!(a.users.len(), 1);
        assert_eq!(a.users[0].full_name, None);
        assert_eq!(a.users[0].rid(), Some(1001));
        assert!(a.is_admin("s-1-5-21-1-2-3-1001"));
        assert_eq!(a.administrators.source.as_deref(), Some("Win32_GroupUser"));
        assert!(a.profiles.is_empty());
    }

    #[test]
    fn os_from_registry_build() {
        let v: Value = serde_json::from_str(
            r#"{"os":{"Caption":"Microsoft Windows 11 Professionnel","Version":"10.0.26100","BuildNumber":"26100","OperatingSystemSKU":48},
                "current_version":{"DisplayVersion":"24H2","ReleaseId":"2009","EditionID":"Professional","CurrentBuild":"26100","UBR":2314,"InstallationType":"Client"},
                "computer":{"PartOfDomain":false,"Domain":"WORKGROUP"}}"#,
        )
        .unwrap();
        let (os, role) = parse_os(&v).unwrap();
        assert_eq!(os.major_name(), Some("11"));
        assert_eq!(os.display_version.as_deref(), Some("24H2"));
        assert_eq!(os.ubr, Some(2314));
        assert!(!role.part_of_domain);
    }
}
