//! Network (4.1.2.a to 4.1.2.d, 3.1.1.d): the neighbour table, saved Wi-Fi
//! networks, links up, radios, UPS.
//!
//! Nothing here sends a packet: the neighbour table and the Wi-Fi access
//! points are the kernel's and NetworkManager's caches, read as they are
//! (never a scan). No Wi-Fi key or password is kept: only the kind of
//! protection each saved network uses.

pub mod links;
pub mod neigh;
pub mod radios;
pub mod ups;
pub mod wifi;

use crate::command::OFFLINE_REASON;
use crate::linux::systemd::{self, UnitState};
use crate::model::Collected;
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use links::Interface;
pub use neigh::{Neighbour, Route};
pub use radios::Radio;
pub use ups::UpsEvidence;
pub use wifi::{AccessPoint, SavedWifi, WifiEvidence, WifiFile, WifiFormat, WifiSecurity};

/// The services this area looks at.
pub const UNITS: &[&str] = &[
    "bluetooth.service",
    "nut-server.service",
    "nut-monitor.service",
    "apcupsd.service",
    "upower.service",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkEvidence {
    /// 4.1.2.a, live: the kernel's neighbour table (`ip -j neigh show`, or
    /// `/proc/net/arp`), every entry as listed, failed ones included.
    pub neighbours: Collected<Vec<Neighbour>>,
    /// Live: the default routes (`ip -j route show default`).
    pub default_routes: Collected<Vec<Route>>,
    /// 4.1.2.c and d, live: network interfaces (`/sys/class/net`, with
    /// addresses from `ip -j addr show`).
    pub interfaces: Collected<Vec<Interface>>,
    /// 4.1.2.b: saved Wi-Fi networks.
    pub wifi: WifiEvidence,
    /// 4.1.2.d, live: radio switches (`/sys/class/rfkill`, or `rfkill -J`).
    pub radios: Collected<Vec<Radio>>,
    /// 4.1.2.d, live: Bluetooth adapters (`/sys/class/bluetooth`).
    pub bluetooth_adapters: Collected<Vec<String>>,
    /// Bluetooth, UPS and power services.
    pub units: Collected<Vec<UnitState>>,
    /// 3.1.1.d: uninterruptible power supplies.
    pub ups: UpsEvidence,
}

impl Default for NetworkEvidence {
    fn default() -> Self {
        NetworkEvidence {
            neighbours: not_collected(),
            default_routes: not_collected(),
            interfaces: not_collected(),
            wifi: WifiEvidence {
                files: Vec::new(),
                access_points: not_collected(),
            },
            radios: not_collected(),
            bluetooth_adapters: not_collected(),
            units: not_collected(),
            ups: UpsEvidence::default(),
        }
    }
}

/// A table this version did not collect (the default of older evidence).
pub(crate) fn not_collected<T>() -> Collected<T> {
    Collected::NotCollected {
        reason: "not collected".into(),
    }
}

/// What only a running system can tell, for an offline root.
pub(crate) fn offline<T>() -> Collected<T> {
    Collected::NotCollected {
        reason: OFFLINE_REASON.into(),
    }
}

/// Collects this area's tables. Commands run only live, and only when the
/// files read first show they are relevant.
pub fn collect(sys: &Sys) -> NetworkEvidence {
    let units = systemd::units(sys, UNITS);
    let interfaces = links::collect(sys);
    let neighbours = neigh::neighbours(sys);
    let default_routes = neigh::default_routes(sys);
    let wifi = wifi::collect(sys);
    let (radios, bluetooth_adapters) = radios::collect(sys);
    let ups = ups::collect(sys, &units);
    NetworkEvidence {
        neighbours,
        default_routes,
        interfaces,
        wifi,
        radios,
        bluetooth_adapters,
        units,
        ups,
    }
}

/// Reads a small sysfs attribute, trimmed; `None` when absent or unreadable
/// (some attributes, such as `carrier` on a link that is down, refuse reads).
pub(crate) fn attr(sys: &Sys, path: &str) -> Option<String> {
    sys.fs
        .read_to_string(path)
        .ok()
        .map(|s| s.trim().to_string())
}

/// The names in a directory, or why they cannot be listed.
pub(crate) fn list_dir<T>(sys: &Sys, dir: &str) -> Result<Vec<String>, Collected<T>> {
    sys.fs
        .read_dir(dir)
        .map_err(|e| crate::sys::fs_error(dir, e))
}
