//! 4.1.2.c — « Ne jamais utiliser simultanément une double connexion
//! filaire et Wifi au réseau. »
//!
//! Linux, live only (what is connected now; sysfs in an offline root means
//! nothing): the interfaces of `/sys/class/net`. Only hardware counts: the
//! loopback and virtual interfaces (bridges, docker, veth, virbr, tun,
//! WireGuard and other VPNs, which have no `device` link) are not
//! connections to the network. A Wi-Fi interface has `wireless/` or
//! `phy80211`; a wired one is any other physical Ethernet-type interface
//! (USB adapters and phone tethering included; mobile broadband, DEVTYPE
//! wwan, is neither). An interface is connected when its operational state
//! is "up" (cable plugged, or Wi-Fi associated) and it has an address
//! beyond link-local, its own or its bridge's or bond's (`ip -j addr show`;
//! when addresses could not be listed, "up" alone counts). A wired and a
//! Wi-Fi interface connected at once fail; one or none pass.

use super::network_devices::table;
use super::{linux, try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::linux::network::links::IfAddress;
use vigie_evidence::linux::network::Interface;

pub const CHECK: Check = Check {
    id: "4.1.2.c",
    evaluate,
};

/// What kind of connection an interface is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LinkKind {
    Wired,
    Wifi,
    /// Loopback, virtual, mobile broadband...
    Other,
}

pub(super) fn kind(i: &Interface) -> LinkKind {
    if i.is_loopback() || !i.physical {
        LinkKind::Other
    } else if i.wireless {
        LinkKind::Wifi
    } else if i.arp_type == Some(1)
        && !matches!(
            i.devtype.as_deref(),
            Some("wwan" | "wlan" | "bridge" | "bond" | "vlan")
        )
    {
        LinkKind::Wired
    } else {
        LinkKind::Other
    }
}

/// Up: cable plugged or Wi-Fi associated ("unknown" with a carrier, for
/// drivers that do not report an operational state).
pub(super) fn is_up(i: &Interface) -> bool {
    match i.operstate.as_deref() {
        Some("up") => true,
        Some("unknown") | None => i.carrier == Some(true),
        _ => false,
    }
}

/// Addresses beyond link-local, the interface's own or its master's (a
/// port of a bridge or bond carries the master's addresses); `None` when
/// addresses are unknown.
pub(super) fn routable<'a>(i: &'a Interface, all: &'a [Interface]) -> Option<Vec<&'a IfAddress>> {
    let mut out: Vec<&IfAddress> = Vec::new();
    let mut current = Some(i);
    // A port of a bond that is itself a port of a bridge: follow twice at most.
    for _ in 0..3 {
        let Some(c) = current else { break };
        out.extend(
            c.addresses
                .as_ref()?
                .iter()
                .filter(|a| a.scope != "link" && a.scope != "host"),
        );
        current = c
            .master
            .as_deref()
            .and_then(|m| all.iter().find(|x| x.name == m));
    }
    Some(out)
}

/// Connected to a network: up, with an address (or addresses unknown).
pub(super) fn connected(i: &Interface, all: &[Interface]) -> bool {
    is_up(i) && routable(i, all).is_none_or(|a| !a.is_empty())
}

fn describe(i: &Interface, all: &[Interface]) -> String {
    let mut s = format!(
        "operstate {}",
        i.operstate.as_deref().unwrap_or("(not reported)")
    );
    match routable(i, all) {
        Some(a) if a.is_empty() => s.push_str(", no address"),
        Some(a) => s.push_str(&format!(
            ", {}",
            a.iter()
                .map(|a| a.address.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => s.push_str(", addresses not listed"),
    }
    if let Some(m) = &i.master {
        s.push_str(&format!(", port of {m}"));
    }
    s
}

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let (source, interfaces) = try_finding!(table(
        &linux.network.interfaces,
        "Interfaces réseau",
        "Network interfaces"
    ));
    let mut evidence = Vec::new();
    let mut wired = Vec::new();
    let mut wifi = Vec::new();
    for i in interfaces {
        let k = kind(i);
        if k == LinkKind::Other {
            continue;
        }
        let label = if k == LinkKind::Wifi {
            "Wi-Fi"
        } else {
            "wired"
        };
        let on = connected(i, interfaces);
        evidence.push(EvidenceItem::new(
            format!("{source}/{}", i.name),
            None,
            Some(label),
            format!(
                "{}: {}",
                if on { "connected" } else { "not connected" },
                describe(i, interfaces)
            ),
        ));
        if on {
            if k == LinkKind::Wifi {
                wifi.push(i.name.as_str());
            } else {
                wired.push(i.name.as_str());
            }
        }
    }
    let addresses_known = interfaces.iter().all(|i| i.addresses.is_some());
    let note_fr = if addresses_known {
        ""
    } else {
        " (adresses IP non listées : une interface active compte comme connectée)"
    };
    let note_en = if addresses_known {
        ""
    } else {
        " (IP addresses not listed: an interface that is up counts as connected)"
    };
    match (wired.is_empty(), wifi.is_empty()) {
        (false, false) => Finding::fail(
            format!(
                "Ce poste est connecté à la fois par câble ({}) et en Wi-Fi ({}){note_fr} : coupez le Wi-Fi quand le câble est branché.",
                wired.join(", "),
                wifi.join(", ")
            ),
            format!(
                "This computer is connected both by cable ({}) and by Wi-Fi ({}){note_en}: turn Wi-Fi off while the cable is plugged in.",
                wired.join(", "),
                wifi.join(", ")
            ),
        )
        .with(evidence),
        (false, true) => Finding::pass(
            format!("Connecté par câble seulement ({}){note_fr}.", wired.join(", ")),
            format!("Connected by cable only ({}){note_en}.", wired.join(", ")),
        )
        .with(evidence),
        (true, false) => Finding::pass(
            format!("Connecté en Wi-Fi seulement ({}){note_fr}.", wifi.join(", ")),
            format!("Connected by Wi-Fi only ({}){note_en}.", wifi.join(", ")),
        )
        .with(evidence),
        (true, true) => Finding::pass(
            format!("Aucune connexion filaire ni Wi-Fi active en ce moment{note_fr}."),
            format!("No wired or Wi-Fi connection is active at the moment{note_en}."),
        )
        .with(evidence)
        .with([EvidenceItem::new(
            source,
            None,
            None,
            format!("{} interface(s), none wired or Wi-Fi connected", interfaces.len()),
        )]),
    }
}
