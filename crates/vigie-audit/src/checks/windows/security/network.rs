//! 4.1.2 on Windows: devices on the network, Wi-Fi protection, wired and
//! Wi-Fi at once, radios.
//!
//! 4.1.2.a — « Vérifier fréquemment que seuls vos équipements informatiques
//! professionnels sont connectés au réseau. » The IPv4 neighbour cache
//! (`Get-NetNeighbor`), read as it is (never a scan): entries that
//! resolved (Reachable, Stale, Delay, Probe, Permanent; not Incomplete or
//! Unreachable, not an all-zero address), multicast and broadcast set
//! aside, neighbours reached through a virtual adapter (Hyper-V switch,
//! VPN: `Virtual` or no `HardwareInterface`) are on this computer. The
//! default gateway (`Get-NetRoute 0.0.0.0/0` next hop) is pointed out. The
//! verdict is the Linux check's (`checks/network_devices.rs`, shared):
//! against the practice's list of its devices (`--known-devices`) a device
//! not in it fails; without the list, unknown, every device named by its
//! maker for the practitioner to confirm.
//!
//! 4.1.2.b — « Configurer le réseau WIFI, s'il est utilisé au sein de votre
//! lieu d'exercice, avec la technologie WPA2 pour en protéger l'accès. »
//! Every saved Wi-Fi profile (WLAN profile XML: live, the WLAN service's
//! store, administrator only; from a capture, `netsh wlan export profile`
//! without `key=clear`), by its `authEncryption`: open (no encryption, or
//! static WEP), shared (WEP), dynamic WEP (open with 802.1X and WEP), WPA
//! and WPAPSK (WPA1), TKIP encryption (WPA1's cipher, even under WPA2), and
//! OWE (encrypted but anyone may join) fail, the network named: a computer
//! that joins such a network by itself can be lured onto a fake one. WPA2,
//! WPA2PSK with AES, and WPA3 (SAE, enterprise; SAE in transition mode also
//! accepts WPA2-PSK, still WPA2) are fine. No saved network: pass with
//! Wi-Fi hardware, `not_applicable` without.
//!
//! 4.1.2.c — « Ne jamais utiliser simultanément une double connexion
//! filaire et Wifi au réseau. » Adapters (`Get-NetAdapter`) that are Up
//! and have an address beyond loopback and link-local (`Get-NetIPAddress`;
//! when addresses could not be listed, Up alone counts): a wired one
//! (physical 802.3, not virtual; Bluetooth PAN and mobile broadband are
//! neither) and a Wi-Fi one (Native 802.11) at once fail.
//!
//! 4.1.2.d — « Désactiver les fonctions Wifi ou Bluetooth si elles ne sont
//! pas utilisées. » Wi-Fi is off when there is no Wi-Fi adapter or every
//! one is Disabled (or Not Present); Bluetooth is off when there is no
//! Bluetooth radio (`Get-PnpDevice -Class Bluetooth`, the adapter itself,
//! not Windows' enumerators or paired devices), when it is disabled or not
//! working, or when the Bluetooth Support Service (`bthserv`) is disabled.
//! Airplane mode and the Settings toggles are not visible to these
//! commands: a radio present and enabled counts as on. Both off: pass; a
//! radio on: the machine cannot know whether it is used, so unknown,
//! naming it, for the practitioner to confirm.

use super::{get, item, security};
use crate::checks::network_devices::{judge_devices, Device};
use crate::checks::{try_finding, Check};

use crate::{Context, EvidenceItem, Finding};
use std::collections::{BTreeMap, BTreeSet};
use vigie_evidence::windows::security::network::{Adapter, WifiProfile};
use vigie_evidence::Collected;

pub const DEVICES: Check = Check {
    id: "4.1.2.a",
    evaluate: devices,
};
pub const WIFI: Check = Check {
    id: "4.1.2.b",
    evaluate: wifi,
};
pub const WIRED_AND_WIFI: Check = Check {
    id: "4.1.2.c",
    evaluate: wired_and_wifi,
};
pub const RADIOS: Check = Check {
    id: "4.1.2.d",
    evaluate: radios,
};

fn devices(ctx: &Context) -> Finding {
    let e = try_finding!(security(ctx));
    let (source, neighbours) = try_finding!(get(
        &e.neighbours,
        "Table des appareils voisins sur le réseau",
        "Network neighbour table"
    ));
    let gateways: BTreeSet<&str> = e
        .default_routes
        .value()
        .map(|r| {
            r.iter()
                .map(|r| r.next_hop.as_str())
                .filter(|h| *h != "0.0.0.0")
                .collect()
        })
        .unwrap_or_default();
    let adapters: &[Adapter] = e.adapters.value().map(Vec::as_slice).unwrap_or(&[]);
    let virtual_index = |index: Option<i64>| {
        adapters
            .iter()
            .find(|a| a.index.is_some() && a.index == index)
            .is_some_and(|a| !a.is_physical())
    };
    let mut devices: BTreeMap<String, Device> = BTreeMap::new();
    let mut local = 0;
    for n in neighbours.iter().filter(|n| n.resolved()) {
        let Some(mac) = Device::listed_mac(n.mac.as_deref()) else {
            continue;
        };
        if virtual_index(n.index) {
            local += 1;
            continue;
        }
        let gateway = gateways.contains(n.ip.as_str());
        Device::record(&mut devices, mac, &n.ip, n.interface.clone(), gateway);
    }
    let note = (local > 0).then(|| {
        EvidenceItem::new(
            source,
            None,
            None,
            format!(
                "{local} entries on virtual adapters of this computer (Hyper-V, VPN) not counted"
            ),
        )
    });
    judge_devices(ctx, source, &devices, note)
}

/// Why a profile is weak, in French and English; `None` when it is fine,
/// `Some(None)` when its protection is not recognised.
fn weakness(p: &WifiProfile) -> Option<Option<(&'static str, &'static str)>> {
    let auth = p
        .authentication
        .as_deref()
        .unwrap_or("")
        .to_ascii_uppercase();
    let enc = p.encryption.as_deref().unwrap_or("").to_ascii_uppercase();
    let w = match auth.as_str() {
        "OPEN" if enc == "WEP" && p.one_x == Some(true) => (
            "WEP dynamique (802.1X), cassé",
            "dynamic WEP (802.1X), broken",
        ),
        "OPEN" if enc == "WEP" => ("WEP, cassé en quelques minutes", "WEP, broken in minutes"),
        "OPEN" => ("ouvert, sans chiffrement", "open, unencrypted"),
        "SHARED" => ("WEP, cassé en quelques minutes", "WEP, broken in minutes"),
        "WPA" | "WPAPSK" => (
            "WPA (première version), dépassé",
            "WPA (first version), obsolete",
        ),
        "OWE" => (
            "Enhanced Open : chiffré mais n'importe qui peut s'y connecter",
            "Enhanced Open: encrypted but anyone can join",
        ),
        "WPA2" | "WPA2PSK" | "WPA3" | "WPA3SAE" | "WPA3ENT" | "WPA3ENT192" => {
            if enc == "TKIP" {
                (
                    "chiffrement TKIP, celui du premier WPA, dépassé",
                    "TKIP encryption, the first WPA's, obsolete",
                )
            } else {
                return None;
            }
        }
        _ => return Some(None),
    };
    Some(Some(w))
}

fn profile_name(p: &WifiProfile) -> String {
    p.ssid.clone().unwrap_or_else(|| p.name.clone())
}

fn wifi(ctx: &Context) -> Finding {
    let e = try_finding!(security(ctx));
    let has_wifi = e.adapters.value().map(|a| a.iter().any(Adapter::is_wifi));
    let (source, profiles) = match &e.wifi_profiles {
        Collected::Ok { source, value } => (source.as_str(), value),
        other => {
            return super::unavailable(other, "Réseaux Wi-Fi enregistrés", "Saved Wi-Fi networks")
        }
    };
    let ev: Vec<EvidenceItem> = profiles
        .iter()
        .map(|p| {
            item(
                &p.file,
                &profile_name(p),
                format!(
                    "authentication {}, encryption {}{}{}",
                    p.authentication.as_deref().unwrap_or("?"),
                    p.encryption.as_deref().unwrap_or("?"),
                    if p.one_x == Some(true) {
                        ", 802.1X"
                    } else {
                        ""
                    },
                    match p.connection_mode.as_deref() {
                        Some(m) => format!(", connectionMode {m}"),
                        None => String::new(),
                    }
                ),
            )
        })
        .collect();
    if profiles.is_empty() {
        return match has_wifi {
            Some(true) => Finding::pass(
                "Aucun réseau Wi-Fi n'est enregistré sur ce poste : il ne se connecte à aucun réseau Wi-Fi de lui-même.",
                "No Wi-Fi network is saved on this computer: it joins no Wi-Fi network by itself.",
            )
            .with([item(source, "profiles", "none")]),
            Some(false) => Finding::not_applicable(
                "Ce poste n'a pas de carte Wi-Fi et aucun réseau Wi-Fi enregistré.",
                "This computer has no Wi-Fi adapter and no saved Wi-Fi network.",
            )
            .with([item(source, "profiles", "none")]),
            None => Finding::pass(
                "Aucun réseau Wi-Fi n'est enregistré sur ce poste.",
                "No Wi-Fi network is saved on this computer.",
            )
            .with([item(source, "profiles", "none")]),
        };
    }
    let mut weak_fr = Vec::new();
    let mut weak_en = Vec::new();
    let mut unknown = Vec::new();
    for p in profiles {
        match weakness(p) {
            None => {}
            Some(Some((fr, en))) => {
                weak_fr.push(format!("« {} » ({fr})", profile_name(p)));
                weak_en.push(format!("\"{}\" ({en})", profile_name(p)));
            }
            Some(None) => unknown.push(profile_name(p)),
        }
    }
    if !weak_fr.is_empty() {
        return Finding::fail(
            format!("Réseau(x) Wi-Fi mal protégé(s) enregistré(s) sur ce poste : {}. Passez le réseau du cabinet en WPA2 (AES) ou WPA3 sur la box, et supprimez les autres de ce poste (Paramètres > Réseau et Internet > Wi-Fi > Gérer les réseaux connus).", weak_fr.join(", ")),
            format!("Poorly protected Wi-Fi network(s) saved on this computer: {}. Switch the practice network to WPA2 (AES) or WPA3 on the box, and forget the others on this computer (Settings > Network & internet > Wi-Fi > Manage known networks).", weak_en.join(", ")),
        )
        .with(ev);
    }
    if !unknown.is_empty() {
        return Finding::unknown(
            format!(
                "La protection de ces réseaux Wi-Fi n'est pas reconnue : {}.",
                unknown.join(", ")
            ),
            format!(
                "The protection of these Wi-Fi networks is not recognised: {}.",
                unknown.join(", ")
            ),
        )
        .with(ev);
    }
    Finding::pass(
        format!(
            "Les {} réseau(x) Wi-Fi enregistré(s) sont protégés en WPA2 ou WPA3.",
            profiles.len()
        ),
        format!(
            "The {} saved Wi-Fi network(s) are protected with WPA2 or WPA3.",
            profiles.len()
        ),
    )
    .with(ev)
}

fn adapter_item(source: &str, a: &Adapter, addrs: &[&str]) -> EvidenceItem {
    item(
        source,
        &a.name,
        format!(
            "{} ({}), {}{}",
            a.physical_media_type
                .as_deref()
                .or(a.media_type.as_deref())
                .unwrap_or("?"),
            a.description.as_deref().unwrap_or("?"),
            a.status.as_deref().unwrap_or("?"),
            if addrs.is_empty() {
                String::new()
            } else {
                format!(", {}", addrs.join(" "))
            }
        ),
    )
}

fn wired_and_wifi(ctx: &Context) -> Finding {
    let e = try_finding!(security(ctx));
    let (source, adapters) = try_finding!(get(
        &e.adapters,
        "Cartes réseau (Get-NetAdapter)",
        "Network adapters (Get-NetAdapter)"
    ));
    let addresses = e.ip_addresses.value();
    let routable = |a: &Adapter| -> Vec<&str> {
        addresses
            .map(|list| {
                list.iter()
                    .filter(|ip| {
                        ip.routable()
                            && ((a.index.is_some() && ip.index == a.index)
                                || ip.interface.as_deref() == Some(a.name.as_str()))
                    })
                    .map(|ip| ip.address.as_str())
                    .collect()
            })
            .unwrap_or_default()
    };
    let connected = |a: &Adapter| a.is_up() && (addresses.is_none() || !routable(a).is_empty());
    let mut ev = Vec::new();
    let mut wired = Vec::new();
    let mut wifi = Vec::new();
    for a in adapters.iter().filter(|a| a.is_wired() || a.is_wifi()) {
        ev.push(adapter_item(source, a, &routable(a)));
        if connected(a) {
            if a.is_wifi() {
                wifi.push(a.name.clone());
            } else {
                wired.push(a.name.clone());
            }
        }
    }
    let (note_fr, note_en) = if addresses.is_some() {
        ("", "")
    } else {
        (
            " (adresses IP non listées : une carte active compte comme connectée)",
            " (IP addresses not listed: an adapter that is up counts as connected)",
        )
    };
    match (wired.is_empty(), wifi.is_empty()) {
        (false, false) => Finding::fail(
            format!("Ce poste est connecté à la fois par câble ({}) et en Wi-Fi ({}){note_fr} : coupez le Wi-Fi quand le câble est branché.", wired.join(", "), wifi.join(", ")),
            format!("This computer is connected both by cable ({}) and by Wi-Fi ({}){note_en}: turn Wi-Fi off while the cable is plugged in.", wired.join(", "), wifi.join(", ")),
        )
        .with(ev),
        (false, true) => Finding::pass(
            format!("Connecté par câble seulement ({}){note_fr}.", wired.join(", ")),
            format!("Connected by cable only ({}){note_en}.", wired.join(", ")),
        )
        .with(ev),
        (true, false) => Finding::pass(
            format!("Connecté en Wi-Fi seulement ({}){note_fr}.", wifi.join(", ")),
            format!("Connected by Wi-Fi only ({}){note_en}.", wifi.join(", ")),
        )
        .with(ev),
        (true, true) => Finding::pass(
            format!("Aucune connexion filaire ni Wi-Fi active en ce moment{note_fr}."),
            format!("No wired or Wi-Fi connection is active at the moment{note_en}."),
        )
        .with(ev)
        .with([item(source, "adapters", format!("{} adapter(s), none wired or Wi-Fi connected", adapters.len()))]),
    }
}

fn radios(ctx: &Context) -> Finding {
    let e = try_finding!(security(ctx));
    let (source, adapters) = try_finding!(get(
        &e.adapters,
        "Cartes réseau (Get-NetAdapter)",
        "Network adapters (Get-NetAdapter)"
    ));
    let mut ev = Vec::new();
    let wifi: Vec<&Adapter> = adapters.iter().filter(|a| a.is_wifi()).collect();
    for a in &wifi {
        ev.push(adapter_item(source, a, &[]));
    }
    let wifi_on: Vec<&Adapter> = wifi
        .iter()
        .copied()
        .filter(|a| {
            !a.is_disabled()
                && !a
                    .status
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case("Not Present"))
        })
        .collect();
    let (wifi_fr, wifi_en) = if wifi.is_empty() {
        ("pas de Wi-Fi".to_string(), "no Wi-Fi".to_string())
    } else if wifi_on.is_empty() {
        ("Wi-Fi désactivé".to_string(), "Wi-Fi disabled".to_string())
    } else if wifi_on.iter().any(|a| a.is_up()) {
        (
            "Wi-Fi activé et connecté".to_string(),
            "Wi-Fi on and connected".to_string(),
        )
    } else {
        (
            "Wi-Fi activé (non connecté)".to_string(),
            "Wi-Fi on (not connected)".to_string(),
        )
    };

    // Bluetooth.
    let bthserv = e
        .services
        .value()
        .and_then(|s| s.iter().find(|s| s.name.eq_ignore_ascii_case("bthserv")));
    if let (Some(s), Some(src)) = (bthserv, e.services.source()) {
        ev.push(item(
            src,
            "bthserv",
            format!(
                "{}, {}",
                s.status.as_deref().unwrap_or("?"),
                s.start_type.as_deref().unwrap_or("?")
            ),
        ));
    }
    let (bt_on, bt_known, bt_fr, bt_en) = match &e.bluetooth {
        Collected::Ok {
            source: bsrc,
            value,
        } => {
            let radios: Vec<_> = value.iter().filter(|d| d.is_radio()).collect();
            let paired = value.iter().filter(|d| d.is_paired_device()).count();
            for r in &radios {
                ev.push(item(
                    bsrc,
                    r.name.as_deref().unwrap_or("Bluetooth"),
                    format!(
                        "{} {}, {}",
                        r.enumerator,
                        r.status.as_deref().unwrap_or("?"),
                        r.problem.as_deref().unwrap_or("?")
                    ),
                ));
            }
            if paired > 0 {
                ev.push(item(bsrc, "paired devices", paired.to_string()));
            }
            let working = radios.iter().any(|r| r.working() && !r.disabled());
            if radios.is_empty() {
                (
                    false,
                    true,
                    "pas de Bluetooth".to_string(),
                    "no Bluetooth".to_string(),
                )
            } else if !working {
                (
                    false,
                    true,
                    "Bluetooth désactivé".to_string(),
                    "Bluetooth disabled".to_string(),
                )
            } else if bthserv.is_some_and(|s| s.disabled()) {
                (
                    false,
                    true,
                    "Bluetooth inutilisable (service de prise en charge Bluetooth désactivé)"
                        .to_string(),
                    "Bluetooth unusable (Bluetooth Support Service disabled)".to_string(),
                )
            } else {
                (
                    true,
                    true,
                    format!("Bluetooth activé ({paired} appareil(s) appairé(s))"),
                    format!("Bluetooth on ({paired} paired device(s))"),
                )
            }
        }
        other => {
            let f = super::unavailable(
                other,
                "Périphériques Bluetooth (Get-PnpDevice)",
                "Bluetooth devices (Get-PnpDevice)",
            );
            ev.extend(f.evidence);
            (
                false,
                false,
                "Bluetooth non vérifié".to_string(),
                "Bluetooth not checked".to_string(),
            )
        }
    };
    let fr = format!("{wifi_fr} ; {bt_fr}");
    let en = format!("{wifi_en}; {bt_en}");
    if !wifi_on.is_empty() || bt_on {
        return Finding::unknown(
            format!("{} : confirmez qu'ils servent, sinon coupez-les (Paramètres > Réseau et Internet, Paramètres > Bluetooth et appareils).", capitalize(&fr)),
            format!("{}: confirm they are used, otherwise turn them off (Settings > Network & internet, Settings > Bluetooth & devices).", capitalize(&en)),
        )
        .with(ev)
        .declaration_decides();
    }
    if !bt_known {
        return Finding::unknown(
            format!(
                "{} : l'état du Bluetooth n'a pas pu être lu.",
                capitalize(&fr)
            ),
            format!(
                "{}: the Bluetooth state could not be read.",
                capitalize(&en)
            ),
        )
        .with(ev);
    }
    Finding::pass(
        format!("{}.", capitalize(&fr)),
        format!("{}.", capitalize(&en)),
    )
    .with(ev)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
