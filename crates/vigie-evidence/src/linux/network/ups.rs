//! Uninterruptible power supplies (3.1.1.d): what this computer knows of a
//! UPS through NUT (Network UPS Tools), apcupsd, UPower or the kernel's
//! power-supply class. A surge-protected power strip cannot be seen; only a
//! UPS connected by USB or serial (or watched over the network by NUT) can.
//! Only UPS on this computer are queried (`upsc` and `apcaccess` talk to
//! the local daemon); a remote NUT server is known from configuration only.

use super::{attr, list_dir, neigh::failure, not_collected, offline};
use crate::linux::systemd::UnitState;
use crate::model::Collected;
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// NUT configuration directories: Debian, Arch, SUSE use `/etc/nut`;
/// Fedora and RHEL `/etc/ups`.
pub const NUT_DIRS: &[&str] = &["/etc/nut", "/etc/ups"];
pub const APCUPSD_CONF: &str = "/etc/apcupsd/apcupsd.conf";
const SYS_POWER: &str = "/sys/class/power_supply";
/// At most this many local UPS are queried.
const MAX_UPSC: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpsEvidence {
    /// NUT's `nut.conf`: the `MODE` it runs in (none, standalone,
    /// netserver, netclient).
    pub nut_mode: Collected<Option<Setting>>,
    /// NUT's `ups.conf`: the UPS this computer drives.
    pub nut_ups: Collected<Vec<NutUps>>,
    /// NUT's `upsmon.conf`: the UPS whose power this computer watches
    /// (`MONITOR` lines; the password on them is never kept).
    pub nut_monitors: Collected<Vec<NutMonitor>>,
    /// Live: `upsc -l` and then `upsc NAME`: what the local NUT server says.
    pub upsc: Collected<Vec<UpsStatus>>,
    /// apcupsd's configuration: its `UPSTYPE`, `UPSCABLE`, `DEVICE`.
    pub apcupsd: Collected<Vec<Setting>>,
    /// Live: `apcaccess status`: STATUS, MODEL... of the local apcupsd.
    pub apcaccess: Collected<BTreeMap<String, String>>,
    /// Live: UPower's devices whose name says UPS (`upower -e`).
    pub upower: Collected<Vec<String>>,
    /// Live: the kernel's power supplies and their `type`.
    pub power_supplies: Collected<Vec<PowerSupply>>,
}

impl Default for UpsEvidence {
    fn default() -> Self {
        UpsEvidence {
            nut_mode: not_collected(),
            nut_ups: not_collected(),
            nut_monitors: not_collected(),
            upsc: not_collected(),
            apcupsd: not_collected(),
            apcaccess: not_collected(),
            upower: not_collected(),
            power_supplies: not_collected(),
        }
    }
}

/// A setting read from a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    pub key: String,
    pub value: String,
    pub line: u32,
}

/// A `[name]` section of `ups.conf`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NutUps {
    pub name: String,
    pub line: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driver: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<String>,
}

/// A `MONITOR system powervalue username password type` line, without its
/// credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NutMonitor {
    /// "eaton@localhost", "onduleur@192.168.1.5".
    pub system: String,
    pub line: u32,
    /// "primary"/"master" or "secondary"/"slave".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

impl NutMonitor {
    /// The UPS is attached to this computer's own NUT server.
    pub fn is_local(&self) -> bool {
        match self.system.split_once('@') {
            None => true,
            Some((_, host)) => {
                let host = host.split(':').next().unwrap_or(host);
                matches!(host, "localhost" | "127.0.0.1" | "::1" | "[::1]")
            }
        }
    }
}

/// What `upsc NAME` says of one UPS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpsStatus {
    pub name: String,
    /// `ups.status`: "OL" on line power, "OB" on battery, "LB" low battery...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// `battery.charge`, percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge: Option<String>,
    /// Why the server gave no data ("Data stale", "Driver not connected").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One entry of `/sys/class/power_supply`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PowerSupply {
    pub name: String,
    /// "Mains", "Battery", "UPS", "USB"...
    pub kind: String,
}

fn unit<'a>(units: &'a Collected<Vec<UnitState>>, name: &str) -> Option<&'a UnitState> {
    units.value()?.iter().find(|u| u.name == name)
}

/// Reads every source; commands only live and only where configuration or
/// services show they are relevant.
pub fn collect(sys: &Sys, units: &Collected<Vec<UnitState>>) -> UpsEvidence {
    let nut_dir = NUT_DIRS
        .iter()
        .find(|d| sys.fs.is_dir(d))
        .copied()
        .unwrap_or(NUT_DIRS[0]);
    let nut_mode = sys.file(&format!("{nut_dir}/nut.conf"), parse_nut_mode);
    let nut_ups = sys.file(&format!("{nut_dir}/ups.conf"), parse_ups_conf);
    let nut_monitors = sys.file(&format!("{nut_dir}/upsmon.conf"), parse_upsmon_conf);
    let apcupsd = sys.file(APCUPSD_CONF, parse_apcupsd_conf);
    let has_unit = |name: &str| unit(units, name).is_some_and(|u| u.file.is_some());
    let nut_present = nut_ups.value().is_some_and(|u| !u.is_empty())
        || matches!(nut_ups, Collected::Unreadable { .. })
        || has_unit("nut-server.service");

    let live = sys.is_live();
    let upsc = if !live {
        offline()
    } else if !nut_present {
        Collected::NotCollected {
            reason: "no NUT server configured on this computer".into(),
        }
    } else {
        upsc(sys)
    };
    let apcaccess = if !live {
        offline()
    } else if matches!(apcupsd, Collected::Missing { .. }) && !has_unit("apcupsd.service") {
        Collected::NotCollected {
            reason: "apcupsd is not installed".into(),
        }
    } else {
        sys.command("apcaccess", &["status"], |out| {
            if !out.success() {
                return Err(failure(out));
            }
            Ok(parse_apcaccess(&out.stdout))
        })
    };
    let upower = if !live {
        offline()
    } else if unit(units, "upower.service").and_then(|u| u.is_active()) != Some(true) {
        // Asking UPower would start it through D-Bus: only ask a running one.
        Collected::NotCollected {
            reason: "upower.service is not running".into(),
        }
    } else {
        sys.command("upower", &["-e"], |out| {
            if !out.success() {
                return Err(failure(out));
            }
            Ok(parse_upower_devices(&out.stdout))
        })
    };
    let power_supplies = if !live {
        offline()
    } else {
        match list_dir::<Vec<PowerSupply>>(sys, SYS_POWER) {
            Ok(names) => Collected::Ok {
                source: SYS_POWER.into(),
                value: names
                    .into_iter()
                    .filter_map(|name| {
                        let kind = attr(sys, &format!("{SYS_POWER}/{name}/type"))?;
                        Some(PowerSupply { name, kind })
                    })
                    .collect(),
            },
            Err(e) => e,
        }
    };
    UpsEvidence {
        nut_mode,
        nut_ups,
        nut_monitors,
        upsc,
        apcupsd,
        apcaccess,
        upower,
        power_supplies,
    }
}

fn upsc(sys: &Sys) -> Collected<Vec<UpsStatus>> {
    let names = sys.command("upsc", &["-l"], |out| {
        if !out.success() {
            return Err(failure(out));
        }
        Ok(out
            .stdout
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("Init SSL"))
            .map(str::to_string)
            .collect::<Vec<_>>())
    });
    match names {
        Collected::Ok { source, value } => Collected::Ok {
            source,
            value: value
                .iter()
                .take(MAX_UPSC)
                .map(|name| {
                    match sys.command("upsc", &[name.as_str()], |out| {
                        if !out.success() {
                            return Err(failure(out));
                        }
                        Ok(parse_upsc(name, &out.stdout))
                    }) {
                        Collected::Ok { value, .. } => value,
                        Collected::Unreadable { error, .. } => UpsStatus {
                            name: name.clone(),
                            status: None,
                            manufacturer: None,
                            model: None,
                            charge: None,
                            error: Some(error.trim_start_matches("Error: ").to_string()),
                        },
                        _ => UpsStatus {
                            name: name.clone(),
                            status: None,
                            manufacturer: None,
                            model: None,
                            charge: None,
                            error: Some("no answer".into()),
                        },
                    }
                })
                .collect(),
        },
        Collected::Missing { source } => Collected::Missing { source },
        Collected::Unreadable { source, error } => Collected::Unreadable { source, error },
        Collected::NotCollected { reason } => Collected::NotCollected { reason },
    }
}

fn strip_quotes(v: &str) -> &str {
    v.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(v)
}

/// `nut.conf`: shell-style `MODE=value` (nut.conf(5)); no `MODE` means none.
pub fn parse_nut_mode(text: &str) -> Option<Setting> {
    let lines: Vec<&str> = text.lines().collect();
    lines.iter().enumerate().rev().find_map(|(n, l)| {
        let l = l.trim();
        let v = l.strip_prefix("MODE")?.trim_start().strip_prefix('=')?;
        Some(Setting {
            key: "MODE".into(),
            value: strip_quotes(v.trim()).to_string(),
            line: n as u32 + 1,
        })
    })
}

/// `ups.conf` (ups.conf(5)): `[name]` sections of `key = value`.
pub fn parse_ups_conf(text: &str) -> Vec<NutUps> {
    let mut out: Vec<NutUps> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            out.push(NutUps {
                name: name.trim().to_string(),
                line: n as u32 + 1,
                driver: None,
                port: None,
            });
            continue;
        }
        let Some(current) = out.last_mut() else {
            continue;
        };
        if let Some((k, v)) = line.split_once('=') {
            let v = strip_quotes(v.trim()).to_string();
            match k.trim() {
                "driver" => current.driver = Some(v),
                "port" => current.port = Some(v),
                _ => {}
            }
        }
    }
    out
}

/// `upsmon.conf` (upsmon.conf(5)): `MONITOR system powervalue username
/// password type`. Only the system and the type are kept.
pub fn parse_upsmon_conf(text: &str) -> Vec<NutMonitor> {
    text.lines()
        .enumerate()
        .filter_map(|(n, raw)| {
            let f: Vec<&str> = raw.split_whitespace().collect();
            if f.first() != Some(&"MONITOR") || f.len() < 2 {
                return None;
            }
            Some(NutMonitor {
                system: f[1].to_string(),
                line: n as u32 + 1,
                role: f.get(5).map(|r| r.to_string()),
            })
        })
        .collect()
}

/// `apcupsd.conf`: `NAME value` lines; only the settings saying which UPS
/// is attached and how are kept.
pub fn parse_apcupsd_conf(text: &str) -> Vec<Setting> {
    text.lines()
        .enumerate()
        .filter_map(|(n, raw)| {
            let line = raw.trim();
            if line.starts_with('#') {
                return None;
            }
            let (k, v) = line.split_once(char::is_whitespace)?;
            matches!(k, "UPSTYPE" | "UPSCABLE" | "DEVICE" | "UPSNAME").then(|| Setting {
                key: k.to_string(),
                value: v.trim().to_string(),
                line: n as u32 + 1,
            })
        })
        .collect()
}

/// `upsc NAME`: `variable: value` lines (upsc(8)).
pub fn parse_upsc(name: &str, text: &str) -> UpsStatus {
    let vars: BTreeMap<&str, &str> = text
        .lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect();
    let get = |k: &str| vars.get(k).map(|v| v.to_string());
    UpsStatus {
        name: name.to_string(),
        status: get("ups.status"),
        manufacturer: get("device.mfr").or_else(|| get("ups.mfr")),
        model: get("device.model").or_else(|| get("ups.model")),
        charge: get("battery.charge"),
        error: None,
    }
}

/// `apcaccess status`: `KEY      : value` lines; the identifying ones kept.
pub fn parse_apcaccess(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .filter(|(k, _)| matches!(k.as_str(), "STATUS" | "MODEL" | "UPSNAME" | "BCHARGE"))
        .collect()
}

/// `upower -e`: one object path per line; UPS are named `ups_*` by
/// UPower's HID backend.
pub fn parse_upower_devices(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.rsplit('/').next().is_some_and(|n| n.starts_with("ups_")))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nut_files() {
        let conf = "# Network UPS Tools: example ups.conf\nmaxretry = 3\n\n[eaton]\n\tdriver = usbhid-ups\n\tport = auto\n\tdesc = \"Onduleur du cabinet\"\n";
        let u = parse_ups_conf(conf);
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].name, "eaton");
        assert_eq!(u[0].line, 4);
        assert_eq!(u[0].driver.as_deref(), Some("usbhid-ups"));
        assert!(parse_ups_conf("# [commented]\n").is_empty());

        let mode = parse_nut_mode("# MODE=netserver\nMODE=\"standalone\"\n").unwrap();
        assert_eq!(mode.value, "standalone");
        assert_eq!(mode.line, 2);
        assert!(parse_nut_mode("# nothing\n").is_none());

        let m = parse_upsmon_conf(
            "# MONITOR x@y 1 u p primary\nMONITOR eaton@localhost 1 upsmon s3cr3t primary\nMONITOR nas@192.168.1.5 1 monuser pass secondary\n",
        );
        assert_eq!(m.len(), 2);
        assert!(m[0].is_local());
        assert!(!m[1].is_local());
        assert_eq!(m[1].role.as_deref(), Some("secondary"));
        assert!(!format!("{m:?}").contains("s3cr3t"));
    }

    #[test]
    fn upsc_apcaccess_upower() {
        let s = parse_upsc(
            "eaton",
            "battery.charge: 100\nbattery.runtime: 1560\ndevice.mfr: EATON\ndevice.model: Ellipse ECO 650\nups.status: OL\n",
        );
        assert_eq!(s.status.as_deref(), Some("OL"));
        assert_eq!(s.model.as_deref(), Some("Ellipse ECO 650"));
        let a = parse_apcaccess("APC      : 001,036,0879\nUPSNAME  : cabinet\nSTATUS   : ONLINE \nMODEL    : Back-UPS ES 700G\nBCHARGE  : 100.0 Percent\nSERIALNO : 5B1234\n");
        assert_eq!(a["STATUS"], "ONLINE");
        assert!(!a.contains_key("SERIALNO"));
        let u = parse_upower_devices("/org/freedesktop/UPower/devices/line_power_AC\n/org/freedesktop/UPower/devices/battery_BAT0\n/org/freedesktop/UPower/devices/ups_hiddev0\n/org/freedesktop/UPower/devices/DisplayDevice\n");
        assert_eq!(u, ["/org/freedesktop/UPower/devices/ups_hiddev0"]);
    }
}
