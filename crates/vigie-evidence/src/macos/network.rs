//! Network devices, Wi-Fi, radios and power.
//!
//! - `arp -an`: the neighbour cache, as it is (no packet sent):
//!   "? (192.168.1.1) at 0:24:d4:a1:b2:c3 on en0 ifscope [ethernet]".
//! - `networksetup -listallhardwareports`: each port's name ("Wi-Fi",
//!   "Ethernet", "USB 10/100/1000 LAN", "Thunderbolt Bridge") and device.
//! - `ifconfig`: each interface's flags, `status: active` and addresses.
//! - `networksetup -getairportpower <device>`: "Wi-Fi Power (en0): On".
//! - `/Library/Preferences/com.apple.Bluetooth.plist` `ControllerPowerState`.
//! - `/Library/Preferences/com.apple.wifi.known-networks.plist` (macOS 13
//!   and later, root only): the networks the Mac joins by itself, with
//!   `SupportedSecurityTypes` ("WPA2 Personal", "WPA/WPA2 Personal",
//!   "Open"...). Only the name, the security and the last join are kept;
//!   keys never are (they are in the keychain, not in this file).
//! - `pmset -g ps`: power sources, "-InternalBattery-0" or a UPS such as
//!   "-Back-UPS ES 700G FW:871.O2 .I USB FW:O2".

use super::plist::{self, Value};
use crate::model::Collected;
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const BLUETOOTH_PLIST: &str = "/Library/Preferences/com.apple.Bluetooth.plist";
pub const KNOWN_NETWORKS_PLIST: &str = "/Library/Preferences/com.apple.wifi.known-networks.plist";

/// A neighbour cache entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Neighbour {
    pub ip: String,
    /// Lower case, two digits per byte.
    pub mac: String,
    pub interface: String,
}

/// A hardware port of `networksetup -listallhardwareports`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HardwarePort {
    pub name: String,
    pub device: String,
}

impl HardwarePort {
    /// The port is the Wi-Fi card (named "Wi-Fi", formerly "AirPort").
    pub fn is_wifi(&self) -> bool {
        let n = self.name.to_ascii_lowercase();
        n.contains("wi-fi") || n.contains("airport") || n.contains("wlan")
    }
    /// The port is a wired network card (Ethernet, USB or Thunderbolt LAN
    /// adapters); the Thunderbolt Bridge and iPhone/Bluetooth PAN are not.
    pub fn is_wired(&self) -> bool {
        let n = self.name.to_ascii_lowercase();
        (n.contains("ethernet") || n.contains("lan"))
            && !self.is_wifi()
            && !n.contains("bridge")
            && !n.contains("pont")
    }
}

/// An interface of `ifconfig`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Interface {
    pub name: String,
    pub up: bool,
    /// `status: active` (cable plugged, Wi-Fi associated); `None` when the
    /// interface prints no status.
    pub active: Option<bool>,
    /// IPv4 addresses, and IPv6 ones outside fe80::/10.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<String>,
}

/// A Wi-Fi network the Mac joins by itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KnownNetwork {
    pub ssid: String,
    /// `SupportedSecurityTypes` as written.
    pub security: Option<String>,
    /// Last joined (by the user or the system), seconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_joined: Option<i64>,
}

/// A power source of `pmset -g ps`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PowerSource {
    pub name: String,
    /// The text after the name ("100%; AC attached; not charging present: true").
    pub state: String,
}

impl PowerSource {
    pub fn is_internal_battery(&self) -> bool {
        self.name.starts_with("InternalBattery")
    }
}

/// `pmset -g ps`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PowerStatus {
    /// "AC Power", "Battery Power", "UPS Power".
    pub drawing_from: Option<String>,
    pub sources: Vec<PowerSource>,
}

/// `networksetup -getairportpower` for one device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WifiPower {
    pub device: String,
    pub power: Collected<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkEvidence {
    pub neighbours: Collected<Vec<Neighbour>>,
    pub ports: Collected<Vec<HardwarePort>>,
    pub interfaces: Collected<Vec<Interface>>,
    pub wifi_power: Vec<WifiPower>,
    /// `ControllerPowerState`.
    pub bluetooth_power: Collected<Option<bool>>,
    pub known_networks: Collected<Vec<KnownNetwork>>,
    pub power: Collected<PowerStatus>,
}

impl Default for NetworkEvidence {
    fn default() -> Self {
        use super::not_collected as nc;
        NetworkEvidence {
            neighbours: nc(),
            ports: nc(),
            interfaces: nc(),
            wifi_power: Vec::new(),
            bluetooth_power: nc(),
            known_networks: nc(),
            power: nc(),
        }
    }
}

/// A MAC address as macOS prints it ("0:24:d4:a1:b2:c3") in the usual
/// form ("00:24:d4:a1:b2:c3"); `None` when it is not one.
pub fn normalize_mac(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(':').collect();
    if parts.len() != 6 {
        return None;
    }
    let mut out = Vec::new();
    for p in parts {
        let b = u8::from_str_radix(p, 16).ok()?;
        out.push(format!("{b:02x}"));
    }
    Some(out.join(":"))
}

/// Parses `arp -an` (pure); incomplete entries are left out.
pub fn parse_arp(text: &str) -> Vec<Neighbour> {
    let mut out = Vec::new();
    for line in text.lines() {
        let t: Vec<&str> = line.split_whitespace().collect();
        let (Some(ip), Some(&"at"), Some(mac)) = (t.get(1), t.get(2), t.get(3)) else {
            continue;
        };
        let Some(mac) = normalize_mac(mac) else {
            continue;
        };
        let interface = t
            .iter()
            .position(|x| *x == "on")
            .and_then(|i| t.get(i + 1))
            .unwrap_or(&"")
            .to_string();
        out.push(Neighbour {
            ip: ip.trim_matches(|c| c == '(' || c == ')').to_string(),
            mac,
            interface,
        });
    }
    out
}

/// Parses `networksetup -listallhardwareports` (pure).
pub fn parse_hardware_ports(text: &str) -> Vec<HardwarePort> {
    let mut out = Vec::new();
    let mut name: Option<String> = None;
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("Hardware Port:") {
            name = Some(n.trim().to_string());
        } else if let Some(d) = line.strip_prefix("Device:") {
            if let Some(n) = name.take() {
                out.push(HardwarePort {
                    name: n,
                    device: d.trim().to_string(),
                });
            }
        }
    }
    out
}

/// Parses `ifconfig` (pure).
pub fn parse_ifconfig(text: &str) -> Vec<Interface> {
    let mut out: Vec<Interface> = Vec::new();
    for line in text.lines() {
        if !line.starts_with(['\t', ' ']) && line.contains(": flags=") {
            let name = line.split(':').next().unwrap_or("").to_string();
            let flags = line
                .split('<')
                .nth(1)
                .and_then(|f| f.split('>').next())
                .unwrap_or("");
            out.push(Interface {
                name,
                up: flags.split(',').any(|f| f == "UP"),
                active: None,
                addresses: Vec::new(),
            });
            continue;
        }
        let Some(cur) = out.last_mut() else {
            continue;
        };
        let t: Vec<&str> = line.split_whitespace().collect();
        match t.as_slice() {
            ["status:", s, ..] => cur.active = Some(*s == "active"),
            ["inet", a, ..] => cur.addresses.push(a.to_string()),
            ["inet6", a, ..] if !a.to_ascii_lowercase().starts_with("fe80") => cur
                .addresses
                .push(a.split('%').next().unwrap_or(a).to_string()),
            _ => {}
        }
    }
    out
}

/// Parses `networksetup -getairportpower DEV` (pure).
pub fn parse_airport_power(text: &str) -> Result<bool, String> {
    let l = text.trim();
    if l.ends_with(": On") {
        Ok(true)
    } else if l.ends_with(": Off") {
        Ok(false)
    } else {
        Err(format!("unexpected output: {l}"))
    }
}

/// Parses `pmset -g ps` (pure).
pub fn parse_pmset_ps(text: &str) -> PowerStatus {
    let mut out = PowerStatus::default();
    for line in text.lines() {
        if let Some(rest) = line.split("drawing from '").nth(1) {
            out.drawing_from = rest.split('\'').next().map(String::from);
        } else if let Some(rest) = line.trim_start().strip_prefix('-') {
            let (name, state) = match rest.split_once(" (id=") {
                Some((n, s)) => (n.trim(), s.split_once(')').map(|x| x.1).unwrap_or("")),
                None => (rest.trim(), ""),
            };
            out.sources.push(PowerSource {
                name: name.to_string(),
                state: state.trim().to_string(),
            });
        }
    }
    out
}

/// The networks of `com.apple.wifi.known-networks.plist` (pure).
pub fn known_networks(v: &Value) -> Vec<KnownNetwork> {
    let mut out: Vec<KnownNetwork> = v
        .as_dictionary()
        .map(|d| {
            d.iter()
                .filter_map(|(k, n)| {
                    let ssid = k.strip_prefix("wifi.network.ssid.")?;
                    let joined = ["JoinedByUserAt", "JoinedBySystemAt"]
                        .iter()
                        .filter_map(|key| plist::get(n, key).and_then(plist::date))
                        .max();
                    Some(KnownNetwork {
                        ssid: ssid.to_string(),
                        security: plist::get_string(n, "SupportedSecurityTypes"),
                        last_joined: joined,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort_by(|a, b| a.ssid.cmp(&b.ssid));
    out
}

pub fn collect(sys: &Sys) -> NetworkEvidence {
    let ports = sys.command("networksetup", &["-listallhardwareports"], |out| {
        let p = parse_hardware_ports(&out.stdout);
        if p.is_empty() && !out.success() {
            return Err(out.stderr.trim().to_string());
        }
        Ok(p)
    });
    let wifi_power = ports
        .value()
        .map(|p| p.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|p| p.is_wifi())
        .map(|p| WifiPower {
            device: p.device.clone(),
            power: sys.command("networksetup", &["-getairportpower", &p.device], |out| {
                parse_airport_power(&format!("{}{}", out.stdout, out.stderr))
            }),
        })
        .collect();
    NetworkEvidence {
        neighbours: sys.command("arp", &["-an"], |out| Ok(parse_arp(&out.stdout))),
        interfaces: sys.command("ifconfig", &[], |out| Ok(parse_ifconfig(&out.stdout))),
        ports,
        wifi_power,
        bluetooth_power: plist::file(sys, BLUETOOTH_PLIST, |v| {
            plist::get_bool(v, "ControllerPowerState")
        }),
        known_networks: plist::file(sys, KNOWN_NETWORKS_PLIST, known_networks),
        power: sys.command("pmset", &["-g", "ps"], |out| {
            Ok(parse_pmset_ps(&out.stdout))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arp_entries() {
        let n = parse_arp("? (192.168.1.1) at 0:24:d4:a1:b2:c3 on en0 ifscope [ethernet]\n? (192.168.1.12) at (incomplete) on en0 ifscope [ethernet]\n? (224.0.0.251) at 1:0:5e:0:0:fb on en0 ifscope permanent [ethernet]\n");
        assert_eq!(n.len(), 2);
        assert_eq!(n[0].mac, "00:24:d4:a1:b2:c3");
        assert_eq!(n[0].ip, "192.168.1.1");
        assert_eq!(n[0].interface, "en0");
    }

    #[test]
    fn ports_and_interfaces() {
        let p = parse_hardware_ports("\nHardware Port: Ethernet\nDevice: en0\nEthernet Address: 3c:07:54:12:34:56\n\nHardware Port: Wi-Fi\nDevice: en1\nEthernet Address: 3c:07:54:12:34:57\n\nHardware Port: Thunderbolt Bridge\nDevice: bridge0\nEthernet Address: N/A\n\nVLAN Configurations\n===================\n");
        assert_eq!(p.len(), 3);
        assert!(p[0].is_wired() && !p[0].is_wifi());
        assert!(p[1].is_wifi());
        assert!(!p[2].is_wired());
        let i = parse_ifconfig("lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> mtu 16384\n\tinet 127.0.0.1 netmask 0xff000000\nen0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n\tether 3c:07:54:12:34:56\n\tinet6 fe80::1c2a:3b4c:5d6e:7f80%en0 prefixlen 64 secured scopeid 0x4\n\tinet 192.168.1.20 netmask 0xffffff00 broadcast 192.168.1.255\n\tstatus: active\nen1: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n\tstatus: inactive\n");
        assert_eq!(i.len(), 3);
        assert_eq!(i[1].active, Some(true));
        assert_eq!(i[1].addresses, vec!["192.168.1.20"]);
        assert_eq!(i[2].active, Some(false));
    }

    #[test]
    fn power_sources() {
        let s = parse_pmset_ps("Now drawing from 'AC Power'\n -Back-UPS ES 700G FW:871.O2 .I USB FW:O2  (id=4587520)\t100%; AC attached; not charging present: true\n");
        assert_eq!(s.drawing_from.as_deref(), Some("AC Power"));
        assert_eq!(s.sources[0].name, "Back-UPS ES 700G FW:871.O2 .I USB FW:O2");
        assert!(!s.sources[0].is_internal_battery());
        let b = parse_pmset_ps("Now drawing from 'Battery Power'\n -InternalBattery-0 (id=4391011)\t87%; discharging; 5:12 remaining present: true\n");
        assert!(b.sources[0].is_internal_battery());
        assert_eq!(parse_airport_power("Wi-Fi Power (en1): On\n"), Ok(true));
        assert_eq!(parse_airport_power("Wi-Fi Power (en1): Off\n"), Ok(false));
    }
}
