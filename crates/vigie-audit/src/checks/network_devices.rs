//! 4.1.2.a — « Vérifier fréquemment que seuls vos équipements informatiques
//! professionnels sont connectés au réseau. »
//!
//! Linux, live only: the kernel's neighbour table (`ip -j neigh show`, or
//! `/proc/net/arp`), read as it is — never a scan, never a packet sent — so
//! it lists the devices this computer exchanged packets with recently, not
//! necessarily every device on the network (the box's list of connected
//! devices is the complete one). Failed and unresolved entries, multicast
//! and broadcast addresses, and neighbours reached only through a
//! virtual interface with no physical port (containers and virtual machines
//! on this computer: docker0, virbr0...) are not devices of the practice
//! network. One device is one MAC address, with all its IP addresses. Each
//! is named by its maker from the IEEE registry (embedded, see
//! `data/README.md`); a locally administered address (bit 0x02 of the first
//! byte) has no maker: it is chosen by software, most often a phone or a
//! laptop randomising its address. The default gateway (`ip -j route show
//! default`, or a neighbour flagged as a router) is pointed out: usually the
//! box.
//!
//! With the practice's list of its own devices (`--known-devices`), a
//! device not in it fails the check: an unknown device is on the practice
//! network. All listed: pass (for what this computer saw). Without the list:
//! `unknown`, every device listed with its maker so that the practitioner
//! confirms them (the requirement is checked by machine and by person).
//! An offline root has no neighbour table: `unknown`, said so.

use super::{linux, try_finding, Check};
use crate::known_devices::{is_group_address, normalize_mac, vendor, Vendor};
use crate::{Context, EvidenceItem, Finding};
use std::collections::{BTreeMap, BTreeSet};
use vigie_evidence::command::{OFFLINE_REASON, OFFLINE_REASON_FR};
use vigie_evidence::linux::network::Interface;
use vigie_evidence::Collected;

pub const CHECK: Check = Check {
    id: "4.1.2.a",
    evaluate,
};

/// The value of a table, or the `unknown` finding saying why it is missing
/// (`what` names the table, in French and English). Shared by this area's
/// checks.
pub(super) fn table<'a, T>(
    c: &'a Collected<T>,
    what_fr: &str,
    what_en: &str,
) -> Result<(&'a str, &'a T), Finding> {
    match c {
        Collected::Ok { source, value } => Ok((source, value)),
        Collected::Missing { source } => Err(Finding::unknown(
            format!("{what_fr} : introuvable ({source})."),
            format!("{what_en}: not found ({source})."),
        )
        .with([EvidenceItem::new(source.as_str(), None, None, "missing")])),
        Collected::Unreadable { source, error } => {
            let f = Finding::unknown(
                format!("{what_fr} : illisible ({source} : {error})."),
                format!("{what_en}: unreadable ({source}: {error})."),
            )
            .with([EvidenceItem::new(
                source.as_str(),
                None,
                None,
                error.as_str(),
            )]);
            Err(if c.permission_denied() {
                f.needs_privileges()
            } else {
                f
            })
        }
        Collected::NotCollected { reason } if reason == OFFLINE_REASON => Err(Finding::unknown(
            format!("{what_fr} : {OFFLINE_REASON_FR}."),
            format!("{what_en}: {OFFLINE_REASON}."),
        )),
        Collected::NotCollected { reason } => Err(Finding::unknown(
            format!("{what_fr} : non collecté ({reason})."),
            format!("{what_en}: not collected ({reason})."),
        )),
    }
}

/// A virtual interface with no physical port behind it: what is reached
/// through it lives on this computer (containers, virtual machines).
pub(super) fn local_only(dev: &str, interfaces: &[Interface]) -> bool {
    let Some(i) = interfaces.iter().find(|i| i.name == dev) else {
        return false;
    };
    if i.is_loopback() {
        return true;
    }
    !i.physical
        && !interfaces
            .iter()
            .any(|p| p.physical && p.master.as_deref() == Some(dev))
}

/// One device: a MAC address and what is known of it. Shared with the
/// Windows check, which gathers devices from its own neighbour table.
pub(crate) struct Device {
    pub mac: String,
    pub ips: BTreeSet<String>,
    pub devs: BTreeSet<String>,
    pub gateway: bool,
}

impl Device {
    /// A resolved neighbour's MAC worth listing, normalised: not a group
    /// (multicast, broadcast) address nor all zeros.
    pub(crate) fn listed_mac(mac: Option<&str>) -> Option<String> {
        let mac = mac.and_then(normalize_mac)?;
        (!is_group_address(&mac) && mac != "00:00:00:00:00:00").then_some(mac)
    }

    /// Counts one sighting of a neighbour in the device of its MAC.
    pub(crate) fn record(
        devices: &mut BTreeMap<String, Device>,
        mac: String,
        ip: &str,
        dev: Option<String>,
        gateway: bool,
    ) {
        let d = devices.entry(mac.clone()).or_insert_with(|| Device {
            mac,
            ips: BTreeSet::new(),
            devs: BTreeSet::new(),
            gateway: false,
        });
        d.ips.insert(ip.to_string());
        d.devs.extend(dev);
        d.gateway |= gateway;
    }
}

/// How many devices show a randomised address, as a (French, English)
/// addition to the count; empty when none.
pub(crate) fn randomised_note(randomised: usize) -> (String, String) {
    if randomised == 0 {
        return (String::new(), String::new());
    }
    (
        format!(" dont {randomised} à adresse aléatoire (souvent des téléphones)"),
        format!(", {randomised} of them with a randomised address (often phones)"),
    )
}

pub(crate) fn vendor_text(mac: &str, gateway: bool) -> (String, String, bool) {
    match vendor(mac) {
        Some(Vendor::Registered(name)) => (name.to_string(), name.to_string(), false),
        Some(Vendor::LocallyAdministered) if gateway => (
            "adresse attribuée par logiciel, fabricant inconnu".into(),
            "software-assigned address, maker unknown".into(),
            false,
        ),
        Some(Vendor::LocallyAdministered) => (
            "adresse aléatoire, fabricant inconnu (souvent un téléphone)".into(),
            "randomised address, maker unknown (often a phone)".into(),
            true,
        ),
        _ => (
            "fabricant absent du registre".into(),
            "maker not in the registry".into(),
            false,
        ),
    }
}

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let net = &linux.network;
    let (source, neighbours) = try_finding!(table(
        &net.neighbours,
        "Table des appareils voisins sur le réseau",
        "Network neighbour table"
    ));
    let gateways: BTreeSet<&str> = net
        .default_routes
        .value()
        .map(|r| r.iter().filter_map(|r| r.gateway.as_deref()).collect())
        .unwrap_or_default();
    let interfaces = net.interfaces.value();

    let mut devices: BTreeMap<String, Device> = BTreeMap::new();
    let mut local = 0;
    for n in neighbours.iter().filter(|n| n.resolved()) {
        let Some(mac) = Device::listed_mac(n.mac.as_deref()) else {
            continue;
        };
        if let (Some(dev), Some(ifs)) = (n.dev.as_deref(), interfaces) {
            if local_only(dev, ifs) {
                local += 1;
                continue;
            }
        }
        let gateway = n.router || gateways.contains(n.ip.as_str());
        Device::record(&mut devices, mac, &n.ip, n.dev.clone(), gateway);
    }
    let local_note = (local > 0).then(|| {
        EvidenceItem::new(
            source,
            None,
            None,
            format!("{local} entries on virtual interfaces of this computer (containers, virtual machines) not counted"),
        )
    });
    judge_devices(ctx, source, &devices, local_note)
}

/// The verdict on the devices seen, against the practice's list of its own
/// devices (`--known-devices`). Shared with the Windows check.
pub(crate) fn judge_devices(
    ctx: &Context,
    source: &str,
    devices: &BTreeMap<String, Device>,
    local_note: Option<EvidenceItem>,
) -> Finding {
    let known: BTreeMap<&str, Option<&str>> = ctx
        .known_devices
        .iter()
        .map(|k| (k.mac.as_str(), k.label.as_deref()))
        .collect();
    let have_list = !ctx.known_devices.is_empty();
    let mut evidence = Vec::new();
    let mut new_fr = Vec::new();
    let mut new_en = Vec::new();
    let mut all_fr = Vec::new();
    let mut all_en = Vec::new();
    let mut randomised = 0;
    for d in devices.values() {
        let (v_fr, v_en, random) = vendor_text(&d.mac, d.gateway);
        randomised += usize::from(random);
        let label = known.get(d.mac.as_str());
        let ips: Vec<&str> = d.ips.iter().map(String::as_str).collect();
        let devs: Vec<&str> = d.devs.iter().map(String::as_str).collect();
        let mut value = format!("{} ({}) — {v_en}", ips.join(", "), devs.join(", "));
        if d.gateway {
            value.push_str(" — default gateway (the box?)");
        }
        match label {
            Some(Some(l)) => value.push_str(&format!(" — known: {l}")),
            Some(None) => value.push_str(" — known"),
            None if have_list => {
                value.push_str(" — NOT in the list of known devices");
                new_fr.push(format!("{} ({v_fr})", d.mac));
                new_en.push(format!("{} ({v_en})", d.mac));
            }
            None => {}
        }
        let gw_fr = if d.gateway { ", passerelle" } else { "" };
        let gw_en = if d.gateway { ", gateway" } else { "" };
        all_fr.push(format!("{} ({v_fr}{gw_fr})", d.mac));
        all_en.push(format!("{} ({v_en}{gw_en})", d.mac));
        evidence.push(EvidenceItem::new(source, None, Some(&d.mac), value));
    }
    evidence.extend(local_note);
    let count = devices.len();
    let (random_fr, random_en) = randomised_note(randomised);
    const SEEN_FR: &str = "Ce poste ne voit que les appareils avec lesquels il a échangé récemment ; la liste des appareils connectés de la box est complète.";
    const SEEN_EN: &str = "This computer only sees the devices it exchanged with recently; the box's list of connected devices is complete.";

    if count == 0 {
        return Finding::unknown(
            format!("Aucun appareil vu récemment sur le réseau par ce poste. {SEEN_FR}"),
            format!("No device seen recently on the network by this computer. {SEEN_EN}"),
        )
        .with(evidence)
        .with([EvidenceItem::new(
            source,
            None,
            None,
            "no resolved neighbour",
        )]);
    }
    if have_list {
        if !new_fr.is_empty() {
            return Finding::fail(
                format!(
                    "{} appareil(s) absent(s) de la liste des appareils du cabinet : {}. S'ils ne sont pas à vous, débranchez-les et changez la clé Wi-Fi.",
                    new_fr.len(),
                    new_fr.join(", ")
                ),
                format!(
                    "{} device(s) not in the practice's list of devices: {}. If they are not yours, disconnect them and change the Wi-Fi key.",
                    new_en.len(),
                    new_en.join(", ")
                ),
            )
            .with(evidence);
        }
        return Finding::pass(
            format!("Les {count} appareils vus récemment par ce poste sont tous dans la liste des appareils du cabinet. {SEEN_FR}"),
            format!("The {count} devices recently seen by this computer are all in the practice's list of devices. {SEEN_EN}"),
        )
        .with(evidence);
    }
    Finding::unknown(
        format!(
            "{count} appareil(s) vu(s) récemment sur le réseau{random_fr} : {}. Confirmez que chacun est un équipement professionnel (la liste des appareils du cabinet peut être donnée avec --known-devices).",
            all_fr.join(", ")
        ),
        format!(
            "{count} device(s) seen recently on the network{random_en}: {}. Confirm that each one is professional equipment (the practice's list of devices can be given with --known-devices).",
            all_en.join(", ")
        ),
    )
    .with(evidence)
    .declaration_decides()
}
