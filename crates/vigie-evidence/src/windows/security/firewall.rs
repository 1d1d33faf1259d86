//! Windows Defender Firewall: the effective profiles (`Get-NetFirewallProfile
//! -PolicyStore ActiveStore`: local settings merged with Group Policy, what
//! the firewall actually applies) and the network profiles connected now
//! (`Get-NetConnectionProfile`). The registry's policy and local keys are
//! read by the registry items of this part and shown beside them.

use super::json;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `GpoBoolean` (NetSecurity module): printed as a number by PowerShell 5.1
/// when not turned into text.
const GPO_BOOLEAN: &[(i64, &str)] = &[(0, "False"), (1, "True"), (2, "NotConfigured")];
/// `Action` (NetSecurity module).
const ACTION: &[(i64, &str)] = &[(0, "NotConfigured"), (2, "Allow"), (4, "Block")];
/// `NetworkCategory` (NetConnection module).
const CATEGORY: &[(i64, &str)] = &[(0, "Public"), (1, "Private"), (2, "DomainAuthenticated")];

/// One firewall profile: Domain, Private or Public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FirewallProfile {
    pub name: String,
    /// "True", "False" ("NotConfigured" only outside the active store).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<String>,
    /// "Block", "Allow" ("NotConfigured" outside the active store).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_inbound: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_outbound: Option<String>,
    /// Dropped packets logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_blocked: Option<String>,
    /// Allowed connections logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_allowed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_max_kb: Option<i64>,
}

impl FirewallProfile {
    pub fn is_enabled(&self) -> Option<bool> {
        tri(self.enabled.as_deref())
    }
    pub fn blocks_inbound(&self) -> Option<bool> {
        match self
            .default_inbound
            .as_deref()?
            .to_ascii_lowercase()
            .as_str()
        {
            "block" => Some(true),
            "allow" => Some(false),
            // Not configured anywhere: the firewall's default, block.
            "notconfigured" => Some(true),
            _ => None,
        }
    }
    pub fn logs_blocked(&self) -> Option<bool> {
        tri(self.log_blocked.as_deref())
    }
}

fn tri(v: Option<&str>) -> Option<bool> {
    match v?.to_ascii_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// Parses the firewall profiles.
pub fn parse_profiles(text: &str) -> Result<Vec<FirewallProfile>, String> {
    let mut out = Vec::new();
    for v in json::objects(text)? {
        let Some(name) = json::text(&v, "Name") else {
            continue;
        };
        out.push(FirewallProfile {
            name,
            enabled: json::enumeration(&v, "Enabled", GPO_BOOLEAN),
            default_inbound: json::enumeration(&v, "DefaultInboundAction", ACTION),
            default_outbound: json::enumeration(&v, "DefaultOutboundAction", ACTION),
            log_blocked: json::enumeration(&v, "LogBlocked", GPO_BOOLEAN),
            log_allowed: json::enumeration(&v, "LogAllowed", GPO_BOOLEAN),
            log_file: json::text(&v, "LogFileName"),
            log_max_kb: json::integer(&v, "LogMaxSizeKilobytes"),
        });
    }
    if out.is_empty() {
        return Err("no firewall profile listed".into());
    }
    Ok(out)
}

/// A network connected now and the firewall profile it uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConnectionProfile {
    /// The network's name (an SSID, "Réseau 2"...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface_index: Option<i64>,
    /// "Public", "Private", "DomainAuthenticated".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv4_connectivity: Option<String>,
}

impl ConnectionProfile {
    /// The firewall profile this network uses: Domain, Private or Public.
    pub fn firewall_profile(&self) -> Option<&'static str> {
        match self.category.as_deref()?.to_ascii_lowercase().as_str() {
            "public" => Some("Public"),
            "private" => Some("Private"),
            "domainauthenticated" => Some("Domain"),
            _ => None,
        }
    }
}

/// Parses `Get-NetConnectionProfile`.
pub fn parse_connection_profiles(text: &str) -> Result<Vec<ConnectionProfile>, String> {
    Ok(json::objects(text)?
        .iter()
        .map(|v| ConnectionProfile {
            name: json::text(v, "Name"),
            interface: json::text(v, "InterfaceAlias"),
            interface_index: json::integer(v, "InterfaceIndex"),
            category: json::enumeration(v, "NetworkCategory", CATEGORY),
            ipv4_connectivity: json::text(v, "IPv4Connectivity"),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_as_text_or_numbers() {
        let text = r#"[
    {"Name": "Domain", "Enabled": "True", "DefaultInboundAction": "Block", "DefaultOutboundAction": "Allow", "LogBlocked": "False", "LogAllowed": "False", "LogFileName": "%systemroot%\\system32\\LogFiles\\Firewall\\pfirewall.log", "LogMaxSizeKilobytes": 4096},
    {"Name": "Public", "Enabled": 0, "DefaultInboundAction": 2, "LogBlocked": 1}
]"#;
        let p = parse_profiles(text).unwrap();
        assert_eq!(p[0].is_enabled(), Some(true));
        assert_eq!(p[0].blocks_inbound(), Some(true));
        assert_eq!(p[0].logs_blocked(), Some(false));
        assert_eq!(p[1].is_enabled(), Some(false));
        assert_eq!(p[1].blocks_inbound(), Some(false));
        assert_eq!(p[1].logs_blocked(), Some(true));
        assert!(parse_profiles("").is_err());
    }

    #[test]
    fn connection_categories() {
        let text = r#"{"Name": "Livebox-1A2B", "InterfaceAlias": "Wi-Fi", "InterfaceIndex": 12, "NetworkCategory": 0, "IPv4Connectivity": "Internet"}"#;
        let c = parse_connection_profiles(text).unwrap();
        assert_eq!(c[0].firewall_profile(), Some("Public"));
        let text = r#"{"Name": "Réseau", "NetworkCategory": "Private"}"#;
        assert_eq!(
            parse_connection_profiles(text).unwrap()[0].firewall_profile(),
            Some("Private")
        );
    }
}
