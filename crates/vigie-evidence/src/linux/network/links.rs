//! Network interfaces as the kernel sees them now (`/sys/class/net`, see
//! the kernel's Documentation/ABI/testing/sysfs-class-net), with their
//! addresses from `ip -j addr show`. Live only: sysfs in an offline root is
//! empty or describes another moment.

use super::{attr, list_dir, neigh::failure, offline};
use crate::model::Collected;
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const SYS_NET: &str = "/sys/class/net";

/// One network interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Interface {
    pub name: String,
    /// `type`: the ARPHRD number (1 Ethernet and Wi-Fi, 772 loopback,
    /// 65534 tun/WireGuard...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arp_type: Option<u32>,
    /// `DEVTYPE` from `uevent` ("wlan", "bridge", "vlan", "wwan"...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub devtype: Option<String>,
    /// A Wi-Fi interface (`wireless/` or `phy80211` present, or DEVTYPE wlan).
    pub wireless: bool,
    /// Backed by hardware (a `device` link): false for bridges, veth,
    /// docker, tun, VPN and other virtual interfaces.
    pub physical: bool,
    /// The bridge or bond this interface is a port of (`master` link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub master: Option<String>,
    /// Administratively up (IFF_UP in `flags`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_up: Option<bool>,
    /// RFC 2863 state ("up", "down", "dormant", "unknown"...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operstate: Option<String>,
    /// Physical link present (cable plugged, Wi-Fi associated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<bool>,
    /// Its IP addresses; `None` when they could not be listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addresses: Option<Vec<IfAddress>>,
}

/// One address of an interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IfAddress {
    /// "192.168.1.10/24", "2a01:db8::10/64".
    pub address: String,
    /// "global", "link", "host"...
    pub scope: String,
}

impl Interface {
    /// Whether it is the loopback.
    pub fn is_loopback(&self) -> bool {
        self.arp_type == Some(772) || self.name == "lo"
    }
}

/// Live: every interface in `/sys/class/net`, with addresses when `ip` answers.
pub fn collect(sys: &Sys) -> Collected<Vec<Interface>> {
    if !sys.is_live() {
        return offline();
    }
    let names = match list_dir(sys, SYS_NET) {
        Ok(n) => n,
        Err(e) => return e,
    };
    let addresses = match sys.command("ip", &["-j", "addr", "show"], |out| {
        if !out.success() {
            return Err(failure(out));
        }
        parse_ip_addr(&out.stdout)
    }) {
        Collected::Ok { value, .. } => Some(value),
        _ => None,
    };
    let value = names
        .iter()
        .map(|name| {
            let mut i = read_interface(sys, name);
            i.addresses = addresses
                .as_ref()
                .map(|a| a.get(name).cloned().unwrap_or_default());
            i
        })
        .collect();
    Collected::Ok {
        source: SYS_NET.into(),
        value,
    }
}

fn read_interface(sys: &Sys, name: &str) -> Interface {
    let dir = format!("{SYS_NET}/{name}");
    let uevent = attr(sys, &format!("{dir}/uevent")).unwrap_or_default();
    let devtype = uevent
        .lines()
        .find_map(|l| l.strip_prefix("DEVTYPE="))
        .map(str::to_string);
    let flags = attr(sys, &format!("{dir}/flags"))
        .and_then(|f| u32::from_str_radix(f.trim_start_matches("0x"), 16).ok());
    let master = sys
        .fs
        .read_link(&format!("{dir}/master"))
        .ok()
        .and_then(|t| t.rsplit('/').next().map(str::to_string));
    Interface {
        name: name.to_string(),
        arp_type: attr(sys, &format!("{dir}/type")).and_then(|t| t.parse().ok()),
        wireless: devtype.as_deref() == Some("wlan")
            || sys.fs.is_dir(&format!("{dir}/wireless"))
            || sys.fs.exists(&format!("{dir}/phy80211")),
        devtype,
        physical: sys.fs.exists(&format!("{dir}/device")),
        master,
        admin_up: flags.map(|f| f & 0x1 != 0),
        operstate: attr(sys, &format!("{dir}/operstate")),
        carrier: attr(sys, &format!("{dir}/carrier")).map(|c| c == "1"),
        addresses: None,
    }
}

/// `ip -j addr show`: per interface (`ifname`), its `addr_info` entries
/// (`local`, `prefixlen`, `scope`).
pub fn parse_ip_addr(text: &str) -> Result<BTreeMap<String, Vec<IfAddress>>, String> {
    let value: serde_json::Value = if text.trim().is_empty() {
        serde_json::Value::Array(Vec::new())
    } else {
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?
    };
    let list = value.as_array().ok_or("expected a JSON array")?;
    let mut out = BTreeMap::new();
    for link in list {
        let Some(name) = link.get("ifname").and_then(|n| n.as_str()) else {
            continue;
        };
        let addrs = link
            .get("addr_info")
            .and_then(|a| a.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|ai| {
                        let local = ai.get("local")?.as_str()?;
                        let prefix = ai.get("prefixlen").and_then(|p| p.as_u64());
                        Some(IfAddress {
                            address: match prefix {
                                Some(p) => format!("{local}/{p}"),
                                None => local.to_string(),
                            },
                            scope: ai
                                .get("scope")
                                .and_then(|s| s.as_str())
                                .unwrap_or("global")
                                .to_string(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.insert(name.to_string(), addrs);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_addresses_per_interface() {
        let text = r#"[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,"operstate":"UNKNOWN","addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host","label":"lo","valid_life_time":4294967295,"preferred_life_time":4294967295}]},{"ifindex":2,"ifname":"enp3s0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"operstate":"UP","addr_info":[{"family":"inet","local":"192.168.1.10","prefixlen":24,"broadcast":"192.168.1.255","scope":"global","dynamic":true,"label":"enp3s0"},{"family":"inet6","local":"fe80::1e69:7aff:fe01:203","prefixlen":64,"scope":"link"}]},{"ifindex":3,"ifname":"wlp2s0","flags":["NO-CARRIER","BROADCAST","MULTICAST","UP"],"operstate":"DOWN","addr_info":[]}]"#;
        let a = parse_ip_addr(text).unwrap();
        assert_eq!(a["enp3s0"].len(), 2);
        assert_eq!(a["enp3s0"][0].address, "192.168.1.10/24");
        assert_eq!(a["enp3s0"][1].scope, "link");
        assert!(a["wlp2s0"].is_empty());
    }
}
