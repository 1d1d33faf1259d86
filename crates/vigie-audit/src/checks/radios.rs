//! 4.1.2.d — « Désactiver les fonctions Wifi ou Bluetooth si elles ne sont
//! pas utilisées. »
//!
//! Linux, live only (radio switches are a running system's state): the
//! rfkill switches (`/sys/class/rfkill`, or `rfkill -J`), the network
//! interfaces, the Bluetooth adapters and `bluetooth.service`.
//!
//! Wi-Fi is off when absent (no Wi-Fi interface, no wlan switch), when a
//! laptop's platform switch for it (ideapad_wlan, hp-wifi...: not a
//! `phyN`) is blocked, when every card's switch (`phyN`) is blocked, soft
//! (software, airplane mode) or hard (a physical switch), or when every
//! Wi-Fi interface is administratively down (the driver then powers the
//! radio down). Bluetooth is off when absent, blocked the same way
//! (`hciN` switches), or when `bluetooth.service` is not running or masked:
//! without BlueZ's daemon, the kernel powers the adapter off a few seconds
//! after it appears (HCI auto-off) and nothing can pair or connect.
//!
//! Both off: pass. A radio on: the machine cannot know whether it is used,
//! so `unknown`, naming what is on (and, for Wi-Fi, whether it is connected
//! while a cable is too) for the practitioner to confirm; the requirement
//! is checked by machine and by person.

use super::network_devices::table;
use super::wired_and_wifi::{connected, kind, LinkKind};
use super::{linux, try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::linux::network::{Interface, Radio};

pub const CHECK: Check = Check {
    id: "4.1.2.d",
    evaluate,
};

/// Whether a radio of `kind_name` is on, and what was seen.
struct RadioState {
    present: bool,
    on: bool,
    why_fr: String,
    why_en: String,
}

/// A card's own switch ("phy0", "hci0") as opposed to a laptop's platform
/// switch ("ideapad_wlan", "hp-bluetooth").
fn own_switch(r: &Radio, prefix: &str) -> bool {
    r.device.as_deref().is_some_and(|d| {
        d.starts_with(prefix) && d[prefix.len()..].chars().all(|c| c.is_ascii_digit())
    })
}

fn switches(radios: &[Radio], kind_name: &str, prefix: &str) -> (bool, bool, bool) {
    let of_kind: Vec<&Radio> = radios.iter().filter(|r| r.kind == kind_name).collect();
    let platform_blocked = of_kind
        .iter()
        .any(|r| !own_switch(r, prefix) && r.blocked());
    let own: Vec<&&Radio> = of_kind.iter().filter(|r| own_switch(r, prefix)).collect();
    let own_unblocked = own.iter().any(|r| !r.blocked());
    (
        !of_kind.is_empty(),
        platform_blocked,
        own.is_empty() || own_unblocked,
    )
}

fn wifi_state(radios: &[Radio], interfaces: Option<&[Interface]>) -> RadioState {
    let (has_switch, platform_blocked, card_unblocked) = switches(radios, "wlan", "phy");
    let wifi_ifs: Vec<&Interface> = interfaces
        .unwrap_or_default()
        .iter()
        .filter(|i| kind(i) == LinkKind::Wifi)
        .collect();
    let present = has_switch || !wifi_ifs.is_empty();
    let state = |on: bool, fr: &str, en: &str| RadioState {
        present,
        on,
        why_fr: fr.to_string(),
        why_en: en.to_string(),
    };
    if !present {
        return state(false, "Wi-Fi absent", "no Wi-Fi");
    }
    if platform_blocked || !card_unblocked {
        return state(false, "Wi-Fi coupé", "Wi-Fi turned off");
    }
    if interfaces.is_some()
        && !wifi_ifs.is_empty()
        && wifi_ifs.iter().all(|i| i.admin_up == Some(false))
    {
        return state(
            false,
            "Wi-Fi désactivé (interface arrêtée)",
            "Wi-Fi disabled (interface down)",
        );
    }
    let all = interfaces.unwrap_or_default();
    let wifi_connected = wifi_ifs.iter().any(|i| connected(i, all));
    let wired_connected = all
        .iter()
        .any(|i| kind(i) == LinkKind::Wired && connected(i, all));
    match (wifi_connected, wired_connected) {
        (true, _) => state(
            true,
            "Wi-Fi allumé et connecté",
            "Wi-Fi on and connected",
        ),
        (false, true) => state(
            true,
            "Wi-Fi allumé mais non connecté alors que le poste est relié par câble (il semble inutile)",
            "Wi-Fi on but not connected while the computer is on a cable (it seems unused)",
        ),
        (false, false) => state(true, "Wi-Fi allumé", "Wi-Fi on"),
    }
}

fn bluetooth_state(
    radios: &[Radio],
    adapters: Option<&[String]>,
    service: Option<(bool, Option<bool>)>,
) -> RadioState {
    let (has_switch, platform_blocked, card_unblocked) = switches(radios, "bluetooth", "hci");
    let present = has_switch || adapters.is_some_and(|a| !a.is_empty());
    let state = |on: bool, fr: &str, en: &str| RadioState {
        present,
        on,
        why_fr: fr.to_string(),
        why_en: en.to_string(),
    };
    if !present {
        return state(false, "Bluetooth absent", "no Bluetooth");
    }
    if platform_blocked || !card_unblocked {
        return state(false, "Bluetooth coupé", "Bluetooth turned off");
    }
    match service {
        Some((true, _)) => state(
            false,
            "Bluetooth inutilisable (service bluetooth masqué)",
            "Bluetooth unusable (bluetooth service masked)",
        ),
        Some((false, Some(false))) => state(
            false,
            "Bluetooth inutilisable (service bluetooth arrêté)",
            "Bluetooth unusable (bluetooth service stopped)",
        ),
        _ => state(true, "Bluetooth allumé", "Bluetooth on"),
    }
}

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let net = &linux.network;
    let (source, radios) = match &net.radios {
        // No rfkill class at all: no radio registered a switch.
        vigie_evidence::Collected::Missing { source } => (source.as_str(), &[][..]),
        c => {
            let (s, r) =
                try_finding!(
                    table(c, "Interrupteurs radio (rfkill)", "Radio switches (rfkill)")
                        .map_err(|f| with_service_hint(f, net))
                );
            (s, r.as_slice())
        }
    };
    let interfaces = net.interfaces.value().map(Vec::as_slice);
    let adapters = net.bluetooth_adapters.value().map(Vec::as_slice);
    let bt_unit = net
        .units
        .value()
        .and_then(|u| u.iter().find(|u| u.name == "bluetooth.service"));
    let service = bt_unit.map(|u| (u.masked, u.is_active()));

    let wifi = wifi_state(radios, interfaces);
    let bt = bluetooth_state(radios, adapters, service);

    let mut evidence: Vec<EvidenceItem> = radios
        .iter()
        .filter(|r| r.kind == "wlan" || r.kind == "bluetooth")
        .map(|r| {
            EvidenceItem::new(
                format!("{source}/{}", r.id),
                None,
                Some(&r.kind),
                format!(
                    "{}: soft {}, hard {}",
                    r.device.as_deref().unwrap_or("?"),
                    if r.soft_blocked {
                        "blocked"
                    } else {
                        "unblocked"
                    },
                    if r.hard_blocked {
                        "blocked"
                    } else {
                        "unblocked"
                    }
                ),
            )
        })
        .collect();
    for i in interfaces
        .unwrap_or_default()
        .iter()
        .filter(|i| kind(i) == LinkKind::Wifi)
    {
        evidence.push(EvidenceItem::new(
            format!("/sys/class/net/{}", i.name),
            None,
            Some("Wi-Fi"),
            format!(
                "{}, operstate {}",
                match i.admin_up {
                    Some(true) => "up",
                    Some(false) => "down",
                    None => "state not reported",
                },
                i.operstate.as_deref().unwrap_or("(not reported)")
            ),
        ));
    }
    if let Some(u) = bt_unit.filter(|_| bt.present) {
        evidence.push(EvidenceItem::new(
            u.file.as_deref().unwrap_or("bluetooth.service"),
            None,
            Some("bluetooth.service"),
            format!(
                "{}{}",
                if u.masked {
                    "masked"
                } else if u.enabled() {
                    "enabled"
                } else {
                    "not enabled"
                },
                u.active
                    .as_deref()
                    .map(|a| format!(", {a}"))
                    .unwrap_or_default()
            ),
        ));
    }
    if evidence.is_empty() {
        evidence.push(EvidenceItem::new(
            source,
            None,
            None,
            "no Wi-Fi or Bluetooth radio",
        ));
    }

    let fr = format!("{} ; {}", wifi.why_fr, bt.why_fr);
    let en = format!("{}; {}", wifi.why_en, bt.why_en);
    if wifi.on || bt.on {
        Finding::unknown(
            format!("{fr} : confirmez qu'ils servent, sinon coupez-les."),
            format!("{en}: confirm they are used, otherwise turn them off."),
        )
        .with(evidence)
        .declaration_decides()
    } else {
        Finding::pass(format!("{fr}."), format!("{en}.")).with(evidence)
    }
}

/// Offline, what the disk says of the Bluetooth service is still worth showing.
fn with_service_hint(f: Finding, net: &vigie_evidence::linux::network::NetworkEvidence) -> Finding {
    let Some(u) = net.units.value().and_then(|u| {
        u.iter()
            .find(|u| u.name == "bluetooth.service" && u.file.is_some())
    }) else {
        return f;
    };
    f.with([EvidenceItem::new(
        u.file.as_deref().unwrap_or("bluetooth.service"),
        None,
        Some("bluetooth.service"),
        if u.masked {
            "masked"
        } else if u.enabled() {
            "enabled (starts at boot)"
        } else {
            "installed, not enabled"
        },
    )])
}
