//! Network, radios and power: adapters (`Get-NetAdapter`), their addresses
//! (`Get-NetIPAddress`), default routes, the IPv4 neighbour cache
//! (`Get-NetNeighbor`: what this computer talked to recently, never a
//! scan), saved Wi-Fi profiles (WLAN profile XML), Bluetooth devices
//! (`Get-PnpDevice`), batteries (`Win32_Battery`: a USB UPS reports itself
//! as one) and the chassis type (`Win32_SystemEnclosure`).

use super::{json, Origin, CAPTURE_DIR, WLAN_DIR};
use crate::model::Collected;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A network adapter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Adapter {
    /// The interface alias ("Ethernet", "Wi-Fi", "Connexion réseau Bluetooth").
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<i64>,
    /// "Up", "Disconnected", "Disabled", "Not Present".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac: Option<String>,
    /// "802.3", "Native 802.11"...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// "802.3", "Native 802.11", "BlueTooth", "Wireless WAN", "Unspecified"...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical_media_type: Option<String>,
    /// A software adapter (Hyper-V, VPN).
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "virtual")]
    pub is_virtual: Option<bool>,
    /// Backed by hardware.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hardware_interface: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connector_present: Option<bool>,
}

impl Adapter {
    fn media(&self) -> String {
        self.physical_media_type
            .as_deref()
            .or(self.media_type.as_deref())
            .unwrap_or("")
            .to_ascii_lowercase()
    }
    pub fn is_wifi(&self) -> bool {
        let m = self.media();
        m.contains("802.11") || m.contains("wireless lan")
    }
    pub fn is_wired(&self) -> bool {
        self.media() == "802.3" && self.is_physical()
    }
    pub fn is_bluetooth(&self) -> bool {
        self.media().contains("bluetooth")
    }
    /// Hardware, not a virtual switch or a VPN.
    pub fn is_physical(&self) -> bool {
        self.is_virtual != Some(true) && self.hardware_interface != Some(false)
    }
    fn status_is(&self, s: &str) -> bool {
        self.status
            .as_deref()
            .is_some_and(|v| v.eq_ignore_ascii_case(s))
    }
    pub fn is_up(&self) -> bool {
        self.status_is("Up")
    }
    pub fn is_disabled(&self) -> bool {
        self.status_is("Disabled")
    }
}

/// Parses `Get-NetAdapter | Select-Object ...`.
pub fn parse_adapters(text: &str) -> Result<Vec<Adapter>, String> {
    Ok(json::objects(text)?
        .iter()
        .filter_map(|v| {
            Some(Adapter {
                name: json::text(v, "Name")?,
                description: json::text(v, "InterfaceDescription"),
                index: json::integer(v, "ifIndex"),
                status: json::text(v, "Status"),
                mac: json::text(v, "MacAddress").filter(|m| !m.is_empty()),
                media_type: json::text(v, "MediaType"),
                physical_media_type: json::text(v, "PhysicalMediaType"),
                is_virtual: json::boolean(v, "Virtual"),
                hardware_interface: json::boolean(v, "HardwareInterface"),
                connector_present: json::boolean(v, "ConnectorPresent"),
            })
        })
        .collect())
}

/// An IP address of an interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IpAddress {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    pub address: String,
    /// "IPv4", "IPv6".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// "Dhcp", "Manual", "WellKnown" (loopback, link-local)...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_origin: Option<String>,
}

impl IpAddress {
    /// Beyond loopback and link-local (169.254/16, fe80::/10): an address
    /// that reaches a network.
    pub fn routable(&self) -> bool {
        let a = self.address.to_ascii_lowercase();
        !(a.starts_with("127.")
            || a == "::1"
            || a.starts_with("169.254.")
            || a.starts_with("fe8")
            || a.starts_with("fe9")
            || a.starts_with("fea")
            || a.starts_with("feb"))
    }
}

/// Parses `Get-NetIPAddress | Select-Object ...`.
pub fn parse_ip_addresses(text: &str) -> Result<Vec<IpAddress>, String> {
    Ok(json::objects(text)?
        .iter()
        .filter_map(|v| {
            Some(IpAddress {
                index: json::integer(v, "ifIndex"),
                interface: json::text(v, "InterfaceAlias"),
                address: json::text(v, "IPAddress")?,
                family: json::enumeration(v, "AddressFamily", &[(2, "IPv4"), (23, "IPv6")]),
                prefix_origin: json::text(v, "PrefixOrigin"),
            })
        })
        .collect())
}

/// A default route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<i64>,
    pub next_hop: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<i64>,
}

/// Parses `Get-NetRoute -DestinationPrefix 0.0.0.0/0 | Select-Object ...`.
pub fn parse_routes(text: &str) -> Result<Vec<Route>, String> {
    Ok(json::objects(text)?
        .iter()
        .filter_map(|v| {
            Some(Route {
                index: json::integer(v, "ifIndex"),
                next_hop: json::text(v, "NextHop")?,
                metric: json::integer(v, "RouteMetric"),
            })
        })
        .collect())
}

/// `NeighborState` (NetTCPIP module), for numbers.
const NEIGHBOUR_STATE: &[(i64, &str)] = &[
    (0, "Unreachable"),
    (1, "Incomplete"),
    (2, "Probe"),
    (3, "Delay"),
    (4, "Stale"),
    (5, "Reachable"),
    (6, "Permanent"),
];

/// An entry of the neighbour cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Neighbour {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    pub ip: String,
    /// "AA-BB-CC-DD-EE-FF" as printed; all zeros when unresolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac: Option<String>,
    /// "Reachable", "Stale", "Delay", "Probe", "Permanent", "Incomplete",
    /// "Unreachable".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

impl Neighbour {
    /// An entry for a device that answered (not a failed or pending
    /// resolution).
    pub fn resolved(&self) -> bool {
        let ok_state = self.state.as_deref().is_none_or(|s| {
            !(s.eq_ignore_ascii_case("Unreachable") || s.eq_ignore_ascii_case("Incomplete"))
        });
        let zero = self
            .mac
            .as_deref()
            .is_none_or(|m| m.chars().all(|c| c == '0' || c == '-' || c == ':'));
        ok_state && !zero
    }
}

/// Parses `Get-NetNeighbor -AddressFamily IPv4 | Select-Object ...`.
pub fn parse_neighbours(text: &str) -> Result<Vec<Neighbour>, String> {
    Ok(json::objects(text)?
        .iter()
        .filter_map(|v| {
            Some(Neighbour {
                index: json::integer(v, "ifIndex"),
                interface: json::text(v, "InterfaceAlias"),
                ip: json::text(v, "IPAddress")?,
                mac: json::text(v, "LinkLayerAddress").filter(|m| !m.is_empty()),
                state: json::enumeration(v, "State", NEIGHBOUR_STATE),
            })
        })
        .collect())
}

/// A saved Wi-Fi profile: its name and protection, never its key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WifiProfile {
    /// The file it was read from.
    pub file: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssid: Option<String>,
    /// "auto" (joined by itself) or "manual".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_mode: Option<String>,
    /// open, shared, WPA, WPAPSK, WPA2, WPA2PSK, WPA3, WPA3ENT192,
    /// WPA3ENT, WPA3SAE, OWE (WLAN profile schema, authEncryption).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication: Option<String>,
    /// none, WEP, TKIP, AES, GCMP256.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<String>,
    /// 802.1X (enterprise or dynamic WEP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_x: Option<bool>,
    /// WPA3-SAE profile that also accepts WPA2-PSK access points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transition_mode: Option<bool>,
}

/// Parses one WLAN profile (the XML `netsh wlan export profile` writes and
/// the WLAN service stores). Only the profile's name, SSID, connection mode
/// and `authEncryption` are read: `sharedKey`/`keyMaterial` never is.
pub fn parse_wlan_profile(file: &str, text: &str) -> Result<WifiProfile, String> {
    let doc = roxmltree::Document::parse(text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("not a WLAN profile: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "WLANProfile" {
        return Err("not a WLAN profile (no WLANProfile element)".into());
    }
    fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
        node.children()
            .find(|c| c.is_element() && c.tag_name().name() == name)
    }
    fn text_of(node: Option<roxmltree::Node<'_, '_>>) -> Option<String> {
        node.and_then(|n| n.text()).map(|t| t.trim().to_string())
    }
    let name = text_of(child(root, "name")).unwrap_or_default();
    let ssid = child(root, "SSIDConfig")
        .and_then(|c| child(c, "SSID"))
        .and_then(|s| text_of(child(s, "name")));
    let auth_enc = child(root, "MSM")
        .and_then(|m| child(m, "security"))
        .and_then(|s| child(s, "authEncryption"));
    let flag = |v: Option<String>| v.map(|t| t.eq_ignore_ascii_case("true"));
    Ok(WifiProfile {
        file: file.to_string(),
        name,
        ssid,
        connection_mode: text_of(child(root, "connectionMode")),
        authentication: auth_enc.and_then(|a| text_of(child(a, "authentication"))),
        encryption: auth_enc.and_then(|a| text_of(child(a, "encryption"))),
        one_x: flag(auth_enc.and_then(|a| text_of(child(a, "useOneX")))),
        transition_mode: flag(auth_enc.and_then(|a| text_of(child(a, "transitionMode")))),
    })
}

/// Where the WLAN service keeps its profiles: one folder per interface
/// GUID, one XML per profile. Readable by administrators only.
#[cfg(windows)]
fn wlan_store() -> String {
    let data = std::env::var("ProgramData").unwrap_or_else(|_| r"C:\ProgramData".into());
    format!(r"{data}\Microsoft\Wlansvc\Profiles\Interfaces")
}
#[cfg(not(windows))]
fn wlan_store() -> String {
    r"C:\ProgramData\Microsoft\Wlansvc\Profiles\Interfaces".into()
}

/// The saved Wi-Fi profiles: live, the WLAN service's store (files read,
/// nothing exported); from a capture, the `security/wlan/` folder the
/// script exported them to.
pub fn wifi_profiles(origin: &Origin) -> Collected<Vec<WifiProfile>> {
    match origin {
        Origin::Live(sys) => {
            let store = wlan_store();
            let sep = if store.contains('\\') { '\\' } else { '/' };
            let interfaces = match sys.fs.read_dir(&store) {
                Ok(d) => d,
                Err(crate::fs::FsError::NotFound) => {
                    // No WLAN service data: no Wi-Fi profile ever saved.
                    return Collected::Ok {
                        source: store,
                        value: Vec::new(),
                    };
                }
                Err(e) => return crate::sys::fs_error(&store, e),
            };
            let mut out = Vec::new();
            for i in interfaces {
                let dir = format!("{store}{sep}{i}");
                let files = match sys.fs.read_dir(&dir) {
                    Ok(f) => f,
                    Err(crate::fs::FsError::NotFound) => continue,
                    Err(e) => return crate::sys::fs_error(&dir, e),
                };
                for f in files
                    .iter()
                    .filter(|f| f.to_ascii_lowercase().ends_with(".xml"))
                {
                    let path = format!("{dir}{sep}{f}");
                    match sys.fs.read_bytes(&path, 1024 * 1024) {
                        Ok(bytes) => {
                            let text = crate::windows::text::decode(&bytes);
                            match parse_wlan_profile(&path, &text) {
                                Ok(p) => out.push(p),
                                Err(error) => {
                                    return Collected::Unreadable {
                                        source: path,
                                        error,
                                    }
                                }
                            }
                        }
                        Err(e) => return crate::sys::fs_error(&path, e),
                    }
                }
            }
            Collected::Ok {
                source: store,
                value: out,
            }
        }
        Origin::Captures(dir) => {
            let rel = format!("{CAPTURE_DIR}/{WLAN_DIR}");
            let folder = dir.join(CAPTURE_DIR).join(WLAN_DIR);
            let entries = match std::fs::read_dir(&folder) {
                Ok(e) => e,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    // The script creates the folder even when there is no
                    // profile to export: absent means not captured.
                    return Collected::NotCollected {
                        reason: format!("not in the capture folder ({rel})"),
                    };
                }
                Err(e) => {
                    return Collected::Unreadable {
                        source: rel,
                        error: e.to_string(),
                    }
                }
            };
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.to_ascii_lowercase().ends_with(".xml"))
                .collect();
            names.sort();
            let mut out = Vec::new();
            for n in names {
                let shown = format!("{rel}/{n}");
                let text = match std::fs::read(folder.join(&n)) {
                    Ok(b) => crate::windows::text::decode(&b),
                    Err(e) => {
                        return Collected::Unreadable {
                            source: shown,
                            error: e.to_string(),
                        }
                    }
                };
                match parse_wlan_profile(&shown, &text) {
                    Ok(p) => out.push(p),
                    Err(error) => {
                        return Collected::Unreadable {
                            source: shown,
                            error,
                        }
                    }
                }
            }
            Collected::Ok {
                source: rel,
                value: out,
            }
        }
    }
}

/// A Plug and Play device of the Bluetooth class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PnpDevice {
    /// The adapter's or enumerator's name; paired devices are left unnamed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// "OK" (present and working), "Error" (disabled or failing),
    /// "Unknown" (not present now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The first part of the instance ID: "USB", "PCI" for the radio itself,
    /// "BTH" for Windows' enumerators, "BTHENUM"/"BTHLE"/"BTHLEDEVICE" for
    /// paired devices.
    pub enumerator: String,
    /// "CM_PROB_NONE", "CM_PROB_DISABLED"...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

impl PnpDevice {
    /// The Bluetooth radio itself (USB, PCI, SDIO, UART... not an enumerator
    /// nor a paired device).
    pub fn is_radio(&self) -> bool {
        !matches!(
            self.enumerator.to_ascii_uppercase().as_str(),
            "BTH" | "BTHENUM" | "BTHLE" | "BTHLEDEVICE" | "BTHHFENUM" | "SWD" | "ROOT"
        )
    }
    pub fn is_paired_device(&self) -> bool {
        matches!(
            self.enumerator.to_ascii_uppercase().as_str(),
            "BTHENUM" | "BTHLE" | "BTHLEDEVICE" | "BTHHFENUM"
        )
    }
    pub fn working(&self) -> bool {
        self.status
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("OK"))
    }
    pub fn disabled(&self) -> bool {
        self.problem
            .as_deref()
            .is_some_and(|p| p.eq_ignore_ascii_case("CM_PROB_DISABLED") || p == "22")
    }
}

/// Parses `Get-PnpDevice -Class Bluetooth | Select-Object ...`.
pub fn parse_pnp(text: &str) -> Result<Vec<PnpDevice>, String> {
    Ok(json::objects(text)?
        .iter()
        .filter_map(|v| {
            Some(PnpDevice {
                name: json::text(v, "FriendlyName"),
                status: json::text(v, "Status"),
                enumerator: json::text(v, "Enumerator")?,
                problem: json::text(v, "Problem"),
            })
        })
        .collect())
}

/// A battery as WMI lists it: a laptop's own, or a UPS on USB (HID power
/// device class), which Windows shows the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Battery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    /// 1 other, 2 unknown, 3 lead acid, 4 nickel cadmium, 5 nickel metal
    /// hydride, 6 lithium-ion, 7 zinc air, 8 lithium polymer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chemistry: Option<i64>,
    /// 1 discharging, 2 on mains (AC)...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_percent: Option<i64>,
}

/// Parses `Get-CimInstance Win32_Battery | Select-Object ...`.
pub fn parse_batteries(text: &str) -> Result<Vec<Battery>, String> {
    Ok(json::objects(text)?
        .iter()
        .map(|v| Battery {
            name: json::text(v, "Name"),
            device_id: json::text(v, "DeviceID"),
            chemistry: json::integer(v, "Chemistry"),
            status: json::integer(v, "BatteryStatus"),
            charge_percent: json::integer(v, "EstimatedChargeRemaining"),
        })
        .collect())
}

/// Parses `Get-CimInstance Win32_SystemEnclosure | Select-Object ChassisTypes`.
pub fn parse_chassis(text: &str) -> Result<Vec<u16>, String> {
    let mut out = Vec::new();
    for v in json::objects(text)? {
        for t in json::list(&v, "ChassisTypes") {
            let n = match t {
                serde_json::Value::Number(n) => n.as_u64(),
                serde_json::Value::String(s) => s.trim().parse().ok(),
                _ => None,
            };
            if let Some(n) = n.and_then(|n| u16::try_from(n).ok()) {
                out.push(n);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adapters_kinds() {
        let text = r#"[
 {"Name":"Ethernet","InterfaceDescription":"Intel(R) Ethernet Connection (7) I219-LM","ifIndex":7,"Status":"Up","MacAddress":"8C-16-45-12-34-56","MediaType":"802.3","PhysicalMediaType":"802.3","Virtual":false,"HardwareInterface":true,"ConnectorPresent":true},
 {"Name":"Wi-Fi","InterfaceDescription":"Intel(R) Wi-Fi 6 AX201 160MHz","ifIndex":12,"Status":"Disconnected","MacAddress":"A4-C3-F0-11-22-33","MediaType":"Native 802.11","PhysicalMediaType":"Native 802.11","Virtual":false,"HardwareInterface":true,"ConnectorPresent":true},
 {"Name":"vEthernet (Default Switch)","InterfaceDescription":"Hyper-V Virtual Ethernet Adapter","ifIndex":25,"Status":"Up","MacAddress":"00-15-5D-01-02-03","MediaType":"802.3","PhysicalMediaType":"Unspecified","Virtual":true,"HardwareInterface":false},
 {"Name":"Connexion réseau Bluetooth","ifIndex":9,"Status":"Disconnected","MediaType":"802.3","PhysicalMediaType":"BlueTooth","Virtual":false,"HardwareInterface":true}
]"#;
        let a = parse_adapters(text).unwrap();
        assert!(a[0].is_wired() && a[0].is_up());
        assert!(a[1].is_wifi() && !a[1].is_up());
        assert!(!a[2].is_wired() && !a[2].is_physical());
        assert!(a[3].is_bluetooth() && !a[3].is_wired());
    }

    #[test]
    fn neighbours_resolved_or_not() {
        let text = r#"[
 {"ifIndex":7,"InterfaceAlias":"Ethernet","IPAddress":"192.168.1.1","LinkLayerAddress":"30-7C-B2-AA-BB-CC","State":"Reachable"},
 {"ifIndex":7,"InterfaceAlias":"Ethernet","IPAddress":"192.168.1.20","LinkLayerAddress":"00-00-00-00-00-00","State":"Unreachable"},
 {"ifIndex":7,"InterfaceAlias":"Ethernet","IPAddress":"192.168.1.30","LinkLayerAddress":"3C-2A-F4-01-02-03","State":4}
]"#;
        let n = parse_neighbours(text).unwrap();
        assert!(n[0].resolved());
        assert!(!n[1].resolved());
        assert_eq!(n[2].state.as_deref(), Some("Stale"));
        assert!(n[2].resolved());
    }

    #[test]
    fn wlan_profile_without_its_key() {
        let xml = r#"<?xml version="1.0"?>
<WLANProfile xmlns="http://www.microsoft.com/networking/WLAN/profile/v1">
	<name>Cabinet-5G</name>
	<SSIDConfig>
		<SSID>
			<hex>436162696E65742D3547</hex>
			<name>Cabinet-5G</name>
		</SSID>
	</SSIDConfig>
	<connectionType>ESS</connectionType>
	<connectionMode>auto</connectionMode>
	<MSM>
		<security>
			<authEncryption>
				<authentication>WPA3SAE</authentication>
				<encryption>AES</encryption>
				<useOneX>false</useOneX>
				<transitionMode xmlns="http://www.microsoft.com/networking/WLAN/profile/v4">true</transitionMode>
			</authEncryption>
			<sharedKey>
				<keyType>passPhrase</keyType>
				<protected>true</protected>
				<keyMaterial>01000000D08C9DDF0115D1118C7A00C04FC297EB</keyMaterial>
			</sharedKey>
		</security>
	</MSM>
</WLANProfile>"#;
        let p = parse_wlan_profile("wlan/Wi-Fi-Cabinet-5G.xml", xml).unwrap();
        assert_eq!(p.name, "Cabinet-5G");
        assert_eq!(p.authentication.as_deref(), Some("WPA3SAE"));
        assert_eq!(p.transition_mode, Some(true));
        assert_eq!(p.one_x, Some(false));
        assert!(!format!("{p:?}").contains("01000000"));
        assert!(parse_wlan_profile("x", "<a/>").is_err());
    }

    #[test]
    fn bluetooth_batteries_chassis() {
        let p = parse_pnp(r#"[{"FriendlyName":"Intel(R) Wireless Bluetooth(R)","Status":"OK","Enumerator":"USB","Problem":"CM_PROB_NONE"},{"FriendlyName":null,"Status":"OK","Enumerator":"BTHENUM","Problem":"CM_PROB_NONE"},{"FriendlyName":"Microsoft Bluetooth Enumerator","Status":"OK","Enumerator":"BTH","Problem":"CM_PROB_NONE"}]"#).unwrap();
        assert!(p[0].is_radio() && p[0].working());
        assert!(p[1].is_paired_device() && !p[1].is_radio());
        assert!(!p[2].is_radio());
        let b = parse_batteries(r#"{"Name":"Back-UPS ES 700G FW:871.O4 .I USB FW:O4","DeviceID":"3B1803X12345  American Power Conversion Back-UPS ES 700G FW:871.O4 .I USB FW:O4","Chemistry":3,"BatteryStatus":2,"EstimatedChargeRemaining":100}"#).unwrap();
        assert_eq!(b[0].chemistry, Some(3));
        assert_eq!(parse_chassis(r#"{"ChassisTypes":[3]}"#).unwrap(), [3]);
        assert_eq!(parse_chassis(r#"{"ChassisTypes":10}"#).unwrap(), [10]);
    }
}
