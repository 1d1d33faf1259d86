//! The kernel's neighbour table (ARP for IPv4, NDP for IPv6) and default
//! routes: the devices this computer exchanged packets with recently.
//! Read passively through netlink (`ip -j neigh show`); nothing is sent.

use super::offline;
use crate::model::Collected;
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One entry of the neighbour table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Neighbour {
    /// IPv4 or IPv6 address.
    pub ip: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dev: Option<String>,
    /// Link-layer (MAC) address, lower case; absent for failed entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac: Option<String>,
    /// NUD states as listed ("REACHABLE", "STALE", "FAILED"...); from
    /// `/proc/net/arp`: "COMPLETE", "INCOMPLETE", "PERMANENT".
    pub state: Vec<String>,
    /// The neighbour announced itself as a router (IPv6).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub router: bool,
}

impl Neighbour {
    /// Whether the entry is a device that answered (not failed, not still
    /// being resolved).
    pub fn resolved(&self) -> bool {
        self.mac.is_some()
            && !self
                .state
                .iter()
                .any(|s| matches!(s.as_str(), "FAILED" | "INCOMPLETE" | "NONE"))
    }
}

/// One default route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dev: Option<String>,
}

/// Live: `ip -j neigh show`; when `ip` is missing or too old for `-j`,
/// `/proc/net/arp` (IPv4 only). Offline: not collected (a copied table
/// would describe another moment).
pub fn neighbours(sys: &Sys) -> Collected<Vec<Neighbour>> {
    if !sys.is_live() {
        return offline();
    }
    let ip = sys.command("ip", &["-j", "neigh", "show"], |out| {
        if !out.success() {
            return Err(failure(out));
        }
        parse_ip_neigh(&out.stdout)
    });
    match ip {
        Collected::Ok { .. } => ip,
        _ => match sys.file("/proc/net/arp", parse_proc_arp) {
            arp @ Collected::Ok { .. } => arp,
            _ => ip,
        },
    }
}

/// Live: `ip -j route show default`.
pub fn default_routes(sys: &Sys) -> Collected<Vec<Route>> {
    if !sys.is_live() {
        return offline();
    }
    sys.command("ip", &["-j", "route", "show", "default"], |out| {
        if !out.success() {
            return Err(failure(out));
        }
        parse_ip_routes(&out.stdout)
    })
}

pub(crate) fn failure(out: &crate::command::CommandOutput) -> String {
    let err = out.stderr.trim();
    if crate::sys::denied(out) {
        format!("{}: {err}", crate::sys::PERMISSION_DENIED)
    } else if err.is_empty() {
        format!("exit code {:?}", out.code)
    } else {
        err.lines().next().unwrap_or(err).to_string()
    }
}

fn json_array(text: &str) -> Result<Vec<serde_json::Value>, String> {
    // `ip -j` prints nothing at all for an empty table on some versions.
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Array(a)) => Ok(a),
        Ok(_) => Err("expected a JSON array".into()),
        Err(e) => Err(format!("not JSON: {e}")),
    }
}

fn string(v: &serde_json::Value, key: &str) -> Option<String> {
    v.get(key).and_then(|s| s.as_str()).map(str::to_string)
}

/// `ip -j neigh show` (iproute2 `ipneigh.c`): `dst`, `dev`, `lladdr`,
/// `state` (an array of NUD names), and flags such as `router` written as a
/// key with a null value (or `true` on some versions).
pub fn parse_ip_neigh(text: &str) -> Result<Vec<Neighbour>, String> {
    Ok(json_array(text)?
        .iter()
        .filter_map(|e| {
            Some(Neighbour {
                ip: string(e, "dst")?,
                dev: string(e, "dev"),
                mac: string(e, "lladdr").map(|m| m.to_ascii_lowercase()),
                state: e
                    .get("state")
                    .and_then(|s| s.as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|s| s.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
                router: e
                    .get("router")
                    .is_some_and(|r| r.is_null() || r.as_bool() == Some(true)),
            })
        })
        .collect())
}

/// `ip -j route show default`: `dst` "default", `gateway`, `dev`.
pub fn parse_ip_routes(text: &str) -> Result<Vec<Route>, String> {
    Ok(json_array(text)?
        .iter()
        .map(|e| Route {
            gateway: string(e, "gateway"),
            dev: string(e, "dev"),
        })
        .collect())
}

/// `/proc/net/arp`: a header line, then `IP HWtype Flags HWaddress Mask
/// Device`; flag 0x2 (ATF_COM) marks a resolved entry, 0x4 a permanent one.
pub fn parse_proc_arp(text: &str) -> Vec<Neighbour> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() < 6 {
                return None;
            }
            let flags = u32::from_str_radix(f[2].trim_start_matches("0x"), 16).unwrap_or(0);
            let complete = flags & 0x2 != 0;
            let mut state = vec![if complete { "COMPLETE" } else { "INCOMPLETE" }.to_string()];
            if flags & 0x4 != 0 {
                state.push("PERMANENT".into());
            }
            Some(Neighbour {
                ip: f[0].to_string(),
                dev: Some(f[5].to_string()),
                mac: complete.then(|| f[3].to_ascii_lowercase()),
                state,
                router: false,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iproute2_json_with_failed_and_router_entries() {
        // iproute2 6.1, a practice network: the box, a printer, a phone with
        // a randomised address, a failed IPv6 entry.
        let text = r#"[{"dst":"192.168.1.1","dev":"enp3s0","lladdr":"a4:3e:51:0a:0b:0c","state":["REACHABLE"]},{"dst":"192.168.1.23","dev":"enp3s0","lladdr":"3C:2A:F4:12:34:56","state":["STALE"]},{"dst":"192.168.1.40","dev":"enp3s0","lladdr":"da:a1:19:00:11:22","state":["DELAY"]},{"dst":"fe80::a63e:51ff:fe0a:b0c","dev":"enp3s0","lladdr":"a4:3e:51:0a:0b:0c","router":null,"state":["STALE"]},{"dst":"fd00::1","dev":"enp3s0","state":["FAILED"]}]"#;
        let n = parse_ip_neigh(text).unwrap();
        assert_eq!(n.len(), 5);
        assert_eq!(n[1].mac.as_deref(), Some("3c:2a:f4:12:34:56"));
        assert!(n[3].router);
        assert!(!n[0].router);
        assert!(n[0].resolved());
        assert!(!n[4].resolved());
        assert!(parse_ip_neigh("").unwrap().is_empty());
        assert!(parse_ip_neigh("Option \"-j\" is unknown").is_err());
    }

    #[test]
    fn parses_default_routes() {
        let r = parse_ip_routes(
            r#"[{"dst":"default","gateway":"192.168.1.1","dev":"enp3s0","protocol":"dhcp","prefsrc":"192.168.1.10","metric":100,"flags":[]}]"#,
        )
        .unwrap();
        assert_eq!(r[0].gateway.as_deref(), Some("192.168.1.1"));
        assert_eq!(r[0].dev.as_deref(), Some("enp3s0"));
    }

    #[test]
    fn parses_proc_net_arp() {
        let text = "IP address       HW type     Flags       HW address            Mask     Device\n192.168.1.1      0x1         0x2         a4:3e:51:0a:0b:0c     *        enp3s0\n192.168.1.77     0x1         0x0         00:00:00:00:00:00     *        enp3s0\n";
        let n = parse_proc_arp(text);
        assert_eq!(n.len(), 2);
        assert!(n[0].resolved());
        assert!(!n[1].resolved());
        assert_eq!(n[1].mac, None);
    }
}
