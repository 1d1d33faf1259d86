//! Network and power on macOS: 4.1.2.a (only professional devices on the
//! network), 4.1.2.b (WPA2 Wi-Fi), 4.1.2.c (never wired and Wi-Fi at
//! once), 4.1.2.d (radios off when unused), 3.1.1.d (protection against
//! voltage differences).
//!
//! - 4.1.2.a: the neighbour cache (`arp -an`), read as it is, never a scan:
//!   the devices this Mac exchanged with recently, one per MAC address,
//!   named by their maker (IEEE registry); multicast and broadcast
//!   addresses and interfaces of this Mac's own virtual machines or
//!   sharing (`bridge1xx`, `vmnet`, `utun`, `awdl`, `llw`) are left out.
//!   With the practice's list (`--known-devices`), a device not in it
//!   fails; all in it pass; without a list, `unknown` for the practitioner
//!   to confirm (checked by machine and by person).
//! - 4.1.2.b: every Wi-Fi network the Mac joins by itself
//!   (`com.apple.wifi.known-networks.plist`, macOS 13 and later) by its
//!   `SupportedSecurityTypes`: WPA2 or WPA3 (personal or enterprise) are
//!   fine; open networks, Enhanced Open (OWE: anyone may join), WEP, WPA
//!   alone or "WPA/WPA2" (mixed mode, which still admits WPA-TKIP) fail, the
//!   network named, even if it is not the practice's: a Mac that joins an
//!   open network by itself can be lured onto a fake one. No known network:
//!   pass. The file is readable by root only.
//! - 4.1.2.c: a wired port (`networksetup -listallhardwareports`: Ethernet,
//!   USB/Thunderbolt LAN adapters; not the Thunderbolt Bridge) and the
//!   Wi-Fi port both `status: active` with an address (`ifconfig`) fail.
//! - 4.1.2.d: Wi-Fi power (`networksetup -getairportpower`) and Bluetooth
//!   (`ControllerPowerState` of com.apple.Bluetooth.plist): both off pass;
//!   one on is `unknown`: the Mac cannot know whether it is used (a
//!   wireless keyboard, the connection to the box), the declaration decides.
//! - 3.1.1.d: `pmset -g ps` lists a UPS connected by USB (a power source
//!   other than the internal battery): pass. Nothing seen is `unknown`, not
//!   a failure: a surge-protected power strip, or a UPS without a USB link,
//!   cannot be seen.

use super::{macos, status_item, unknown_source};
use crate::checks::network_devices::{randomised_note, vendor_text};
use crate::checks::try_finding;
use crate::known_devices::is_group_address;
use crate::{Context, EvidenceItem, Finding};
use std::collections::{BTreeMap, BTreeSet};
use vigie_evidence::Collected;

/// Interfaces of this Mac's own virtual machines, sharing or peer links.
fn virtual_interface(name: &str) -> bool {
    [
        "vmnet", "utun", "awdl", "llw", "lo", "gif", "stf", "anpi", "ap",
    ]
    .iter()
    .any(|p| name.starts_with(p))
        || name
            .strip_prefix("bridge")
            .and_then(|n| n.parse::<u32>().ok())
            .is_some_and(|n| n >= 100)
}

/// 4.1.2.a
pub(super) fn devices(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let (source, neighbours) = match &m.network.neighbours {
        Collected::Ok { source, value } => (source.as_str(), value),
        other => {
            return unknown_source(
                other,
                "Table des appareils voisins sur le réseau",
                "Network neighbour table",
            )
        }
    };
    let mut devices: BTreeMap<&str, (BTreeSet<&str>, BTreeSet<&str>)> = BTreeMap::new();
    for n in neighbours {
        if is_group_address(&n.mac)
            || n.mac == "ff:ff:ff:ff:ff:ff"
            || n.mac == "00:00:00:00:00:00"
            || virtual_interface(&n.interface)
        {
            continue;
        }
        let d = devices.entry(n.mac.as_str()).or_default();
        d.0.insert(n.ip.as_str());
        d.1.insert(n.interface.as_str());
    }
    let known: BTreeMap<&str, Option<&str>> = ctx
        .known_devices
        .iter()
        .map(|k| (k.mac.as_str(), k.label.as_deref()))
        .collect();
    let have_list = !ctx.known_devices.is_empty();
    let mut evidence = Vec::new();
    let (mut new_fr, mut new_en, mut all_fr, mut all_en) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut randomised = 0;
    for (mac, (ips, devs)) in &devices {
        let (v_fr, v_en, random) = vendor_text(mac, false);
        randomised += usize::from(random);
        let ips: Vec<&str> = ips.iter().copied().collect();
        let devs: Vec<&str> = devs.iter().copied().collect();
        let mut value = format!("{} ({}) — {v_en}", ips.join(", "), devs.join(", "));
        match known.get(mac) {
            Some(Some(l)) => value.push_str(&format!(" — known: {l}")),
            Some(None) => value.push_str(" — known"),
            None if have_list => {
                value.push_str(" — NOT in the list of known devices");
                new_fr.push(format!("{mac} ({v_fr})"));
                new_en.push(format!("{mac} ({v_en})"));
            }
            None => {}
        }
        all_fr.push(format!("{mac} ({v_fr})"));
        all_en.push(format!("{mac} ({v_en})"));
        evidence.push(EvidenceItem::new(source, None, Some(mac), value));
    }
    const SEEN_FR: &str = "Ce Mac ne voit que les appareils avec lesquels il a échangé récemment ; la liste des appareils connectés de la box est complète.";
    const SEEN_EN: &str = "This Mac only sees the devices it exchanged with recently; the box's list of connected devices is complete.";
    let count = devices.len();
    if count == 0 {
        return Finding::unknown(
            format!("Aucun appareil vu récemment sur le réseau par ce Mac. {SEEN_FR}"),
            format!("No device seen recently on the network by this Mac. {SEEN_EN}"),
        )
        .with([EvidenceItem::new(
            source,
            None,
            None,
            "no resolved neighbour",
        )])
        .declaration_decides();
    }
    if have_list {
        if !new_fr.is_empty() {
            return Finding::fail(
                format!("{} appareil(s) absent(s) de la liste des appareils du cabinet : {}. S'ils ne sont pas à vous, débranchez-les et changez la clé Wi-Fi.", new_fr.len(), new_fr.join(", ")),
                format!("{} device(s) not in the practice's list of devices: {}. If they are not yours, disconnect them and change the Wi-Fi key.", new_en.len(), new_en.join(", ")),
            )
            .with(evidence);
        }
        return Finding::pass(
            format!("Les {count} appareils vus récemment par ce Mac sont tous dans la liste des appareils du cabinet. {SEEN_FR}"),
            format!("The {count} devices recently seen by this Mac are all in the practice's list of devices. {SEEN_EN}"),
        )
        .with(evidence);
    }
    let (random_fr, random_en) = randomised_note(randomised);
    Finding::unknown(
        format!("{count} appareil(s) vu(s) récemment sur le réseau{random_fr} : {}. Confirmez que chacun est un équipement professionnel (la liste des appareils du cabinet peut être donnée avec --known-devices).", all_fr.join(", ")),
        format!("{count} device(s) seen recently on the network{random_en}: {}. Confirm that each one is professional equipment (the practice's list of devices can be given with --known-devices).", all_en.join(", ")),
    )
    .with(evidence)
    .declaration_decides()
}

/// How a `SupportedSecurityTypes` value protects access: Some(true) fine,
/// Some(false) weak, None unknown.
fn security_ok(s: &str) -> Option<bool> {
    let l = s.to_ascii_lowercase();
    if l.contains("wep") || l.contains("open") || l.contains("owe") || l.trim() == "none" {
        return Some(false);
    }
    if l.contains("wpa/wpa2") {
        return Some(false);
    }
    if l.contains("wpa2") || l.contains("wpa3") {
        return Some(true);
    }
    if l.starts_with("wpa") {
        return Some(false);
    }
    None
}

/// 4.1.2.b
pub(super) fn wifi_security(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let (source, networks) = match &m.network.known_networks {
        Collected::Ok { source, value } => (source.as_str(), value),
        Collected::Missing { source } => {
            let major: Option<u32> = m
                .system
                .sw_vers
                .value()
                .and_then(|v| v.product_version.as_deref())
                .and_then(|v| v.split('.').next())
                .and_then(|v| v.parse().ok());
            if major.is_some_and(|v| v >= 13) {
                return Finding::pass(
                    "Ce Mac ne connaît aucun réseau Wi-Fi auquel se connecter de lui-même.",
                    "This Mac knows no Wi-Fi network to join by itself.",
                )
                .with([EvidenceItem::new(
                    source.as_str(),
                    None,
                    None,
                    "missing: no known network",
                )]);
            }
            return unknown_source(
                &m.network.known_networks,
                "Les réseaux Wi-Fi connus n'ont pas pu être lus (avant macOS 13, ils sont ailleurs)",
                "Known Wi-Fi networks could not be read (before macOS 13 they are elsewhere)",
            );
        }
        other => {
            return unknown_source(
                other,
                "Les réseaux Wi-Fi connus n'ont pas pu être lus",
                "Known Wi-Fi networks could not be read",
            )
        }
    };
    let mut evidence = Vec::new();
    let (mut weak, mut weak_en, mut unknown) = (Vec::new(), Vec::new(), Vec::new());
    for n in networks {
        let sec = n.security.clone().unwrap_or_default();
        let mut value = if sec.is_empty() {
            "security not recorded".to_string()
        } else {
            sec.clone()
        };
        if let Some(t) = n.last_joined {
            value.push_str(&format!(", last joined {}", super::date_text(t)));
        }
        evidence.push(EvidenceItem::new(source, None, Some(&n.ssid), value));
        match security_ok(&sec) {
            Some(true) => {}
            Some(false) => {
                weak.push(format!("« {} » ({sec})", n.ssid));
                weak_en.push(format!("\"{}\" ({sec})", n.ssid));
            }
            None => unknown.push(n.ssid.clone()),
        }
    }
    if !weak.is_empty() {
        return Finding::fail(
            format!("Ce Mac se connecte de lui-même à des réseaux Wi-Fi mal protégés : {}. Exigez WPA2 ou WPA3 sur la box, et oubliez ces réseaux sur le Mac s'ils ne sont pas les vôtres.", weak.join(", ")),
            format!("This Mac joins poorly protected Wi-Fi networks by itself: {}. Require WPA2 or WPA3 on the box, and forget these networks on the Mac if they are not yours.", weak_en.join(", ")),
        )
        .with(evidence);
    }
    if !unknown.is_empty() {
        return Finding::unknown(
            format!("La sécurité de certains réseaux Wi-Fi connus n'est pas enregistrée : {}. Vérifiez qu'ils sont en WPA2 ou WPA3.", unknown.join(", ")),
            format!("The security of some known Wi-Fi networks is not recorded: {}. Check that they use WPA2 or WPA3.", unknown.join(", ")),
        )
        .with(evidence);
    }
    if networks.is_empty() {
        return Finding::pass(
            "Ce Mac ne connaît aucun réseau Wi-Fi auquel se connecter de lui-même.",
            "This Mac knows no Wi-Fi network to join by itself.",
        )
        .with([EvidenceItem::new(source, None, None, "no known network")]);
    }
    Finding::pass(
        format!(
            "Les {} réseaux Wi-Fi connus de ce Mac sont protégés en WPA2 ou WPA3.",
            networks.len()
        ),
        format!(
            "The {} Wi-Fi networks this Mac knows are protected with WPA2 or WPA3.",
            networks.len()
        ),
    )
    .with(evidence)
}

/// 4.1.2.c
pub(super) fn wired_and_wifi(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let n = &m.network;
    let (psrc, ports) = match &n.ports {
        Collected::Ok { source, value } => (source.as_str(), value),
        other => {
            return unknown_source(
                other,
                "Les ports réseau n'ont pas pu être listés",
                "Network ports could not be listed",
            )
        }
    };
    let (isrc, interfaces) = match &n.interfaces {
        Collected::Ok { source, value } => (source.as_str(), value),
        other => {
            return unknown_source(
                other,
                "L'état des interfaces réseau n'a pas pu être lu",
                "The state of network interfaces could not be read",
            )
        }
    };
    let connected = |dev: &str| {
        interfaces.iter().find(|i| i.name == dev).is_some_and(|i| {
            i.up && i.active == Some(true) && i.addresses.iter().any(|a| !a.starts_with("169.254."))
        })
    };
    let mut evidence = Vec::new();
    let mut wired = Vec::new();
    let mut wifi = Vec::new();
    for p in ports {
        if !(p.is_wired() || p.is_wifi()) {
            continue;
        }
        let on = connected(&p.device);
        let addr = interfaces
            .iter()
            .find(|i| i.name == p.device)
            .map(|i| {
                format!(
                    "{}{}",
                    match i.active {
                        Some(true) => "active",
                        Some(false) => "inactive",
                        None => "no status",
                    },
                    if i.addresses.is_empty() {
                        String::new()
                    } else {
                        format!(", {}", i.addresses.join(" "))
                    }
                )
            })
            .unwrap_or_else(|| "absent from ifconfig".into());
        evidence.push(EvidenceItem::new(
            psrc,
            None,
            Some(&p.name),
            format!("{} ({isrc}: {addr})", p.device),
        ));
        if on {
            if p.is_wifi() {
                wifi.push(format!("{} ({})", p.name, p.device));
            } else {
                wired.push(format!("{} ({})", p.name, p.device));
            }
        }
    }
    if !wired.is_empty() && !wifi.is_empty() {
        return Finding::fail(
            format!("Ce Mac est connecté à la fois par câble ({}) et en Wi-Fi ({}) : coupez le Wi-Fi quand le câble est branché.", wired.join(", "), wifi.join(", ")),
            format!("This Mac is connected both by cable ({}) and by Wi-Fi ({}): turn Wi-Fi off when the cable is plugged in.", wired.join(", "), wifi.join(", ")),
        )
        .with(evidence);
    }
    let (fr, en) = match (wired.first(), wifi.first()) {
        (Some(w), _) => (
            format!("connecté par câble seulement ({w})"),
            format!("connected by cable only ({w})"),
        ),
        (_, Some(w)) => (
            format!("connecté en Wi-Fi seulement ({w})"),
            format!("connected by Wi-Fi only ({w})"),
        ),
        _ => (
            "ni câble ni Wi-Fi connecté en ce moment".to_string(),
            "neither cable nor Wi-Fi connected right now".to_string(),
        ),
    };
    Finding::pass(
        format!("Ce Mac n'utilise pas une double connexion filaire et Wi-Fi : {fr}."),
        format!("This Mac does not use a wired and a Wi-Fi connection at once: {en}."),
    )
    .with(evidence)
}

/// 4.1.2.d
pub(super) fn radios(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let n = &m.network;
    let mut evidence = Vec::new();
    let mut unknown_fr = Vec::new();
    let mut unknown_en = Vec::new();
    let mut denied = false;
    // Wi-Fi.
    let wifi_on = match &n.ports {
        Collected::Ok { source, value } => {
            if !value.iter().any(|p| p.is_wifi()) {
                evidence.push(EvidenceItem::new(
                    source,
                    None,
                    Some("Wi-Fi"),
                    "no Wi-Fi port",
                ));
                Some(false)
            } else {
                let mut any_on = Some(false);
                for w in &n.wifi_power {
                    match &w.power {
                        Collected::Ok { source, value } => {
                            evidence.push(EvidenceItem::new(
                                source,
                                None,
                                Some(&w.device),
                                if *value { "On" } else { "Off" },
                            ));
                            if *value {
                                any_on = Some(true);
                            }
                        }
                        other => {
                            denied |= other.permission_denied();
                            evidence.push(status_item(other, "networksetup -getairportpower"));
                            if any_on == Some(false) {
                                any_on = None;
                            }
                        }
                    }
                }
                if n.wifi_power.is_empty() {
                    any_on = None;
                }
                any_on
            }
        }
        other => {
            evidence.push(status_item(other, "networksetup -listallhardwareports"));
            None
        }
    };
    if wifi_on.is_none() {
        unknown_fr.push("l'état du Wi-Fi n'a pas pu être lu");
        unknown_en.push("the Wi-Fi state could not be read");
    }
    let bt_on = match &n.bluetooth_power {
        Collected::Ok { source, value } => {
            evidence.push(EvidenceItem::new(
                source,
                None,
                Some("ControllerPowerState"),
                value
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "absent".into()),
            ));
            *value
        }
        other => {
            denied |= other.permission_denied();
            evidence.push(status_item(
                other,
                vigie_evidence::macos::network::BLUETOOTH_PLIST,
            ));
            None
        }
    };
    if bt_on.is_none() {
        unknown_fr.push("l'état du Bluetooth n'a pas pu être lu");
        unknown_en.push("the Bluetooth state could not be read");
    }
    let mut on_fr = Vec::new();
    let mut on_en = Vec::new();
    if wifi_on == Some(true) {
        on_fr.push("le Wi-Fi est allumé");
        on_en.push("Wi-Fi is on");
    }
    if bt_on == Some(true) {
        on_fr.push("le Bluetooth est allumé");
        on_en.push("Bluetooth is on");
    }
    if !on_fr.is_empty() {
        let mut fr = on_fr.join(" et ");
        let mut en = on_en.join(" and ");
        if !unknown_fr.is_empty() {
            fr.push_str(&format!(" ({})", unknown_fr.join(", ")));
            en.push_str(&format!(" ({})", unknown_en.join(", ")));
        }
        return Finding::unknown(
            format!("Sur ce Mac, {fr} : confirmez qu'ils servent (clavier ou souris sans fil, connexion à la box), sinon coupez-les."),
            format!("On this Mac, {en}: confirm they are used (wireless keyboard or mouse, connection to the box), otherwise turn them off."),
        )
        .with(evidence)
        .declaration_decides();
    }
    if !unknown_fr.is_empty() {
        let f = Finding::unknown(
            format!("Sur ce Mac, {}.", unknown_fr.join(", ")),
            format!("On this Mac, {}.", unknown_en.join(", ")),
        )
        .with(evidence);
        return if denied { f.needs_privileges() } else { f };
    }
    Finding::pass(
        "Le Wi-Fi et le Bluetooth de ce Mac sont éteints.",
        "This Mac's Wi-Fi and Bluetooth are off.",
    )
    .with(evidence)
}

/// 3.1.1.d
pub(super) fn ups(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let (source, status) = match &m.network.power {
        Collected::Ok { source, value } => (source.as_str(), value),
        other => {
            return unknown_source(
                other,
                "Les sources d'alimentation n'ont pas pu être lues",
                "Power sources could not be read",
            )
            .declaration_decides()
        }
    };
    let mut evidence = Vec::new();
    if let Some(d) = &status.drawing_from {
        evidence.push(EvidenceItem::new(
            source,
            None,
            Some("drawing from"),
            d.clone(),
        ));
    }
    let ups: Vec<&str> = status
        .sources
        .iter()
        .filter(|s| !s.is_internal_battery())
        .map(|s| s.name.as_str())
        .collect();
    for s in &status.sources {
        evidence.push(EvidenceItem::new(
            source,
            None,
            Some(&s.name),
            s.state.clone(),
        ));
    }
    if !ups.is_empty() {
        return Finding::pass(
            format!("Un onduleur est relié à ce Mac : {}.", ups.join(", ")),
            format!("A UPS is connected to this Mac: {}.", ups.join(", ")),
        )
        .with(evidence);
    }
    Finding::unknown(
        "Aucun onduleur vu par ce Mac. Une multiprise parafoudre, ou un onduleur non relié en USB, ne se voient pas : confirmez que ce Mac et la box sont protégés.",
        "No UPS seen by this Mac. A surge-protected power strip, or a UPS not connected by USB, cannot be seen: confirm that this Mac and the box are protected.",
    )
    .with(evidence)
    .declaration_decides()
}
