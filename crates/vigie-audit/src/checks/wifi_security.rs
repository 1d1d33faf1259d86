//! 4.1.2.b — « Configurer le réseau WIFI, s'il est utilisé au sein de votre
//! lieu d'exercice, avec la technologie WPA2 pour en protéger l'accès. »
//!
//! Linux: every saved Wi-Fi network, wherever Linux keeps them
//! (NetworkManager keyfiles in /run, /etc and /usr/lib, a profile shadowed
//! by the same UUID set aside; RHEL ifcfg files; wpa_supplicant.conf;
//! netplan), with the weakest protection its profile accepts under the
//! format's own defaults (see `vigie_evidence::linux::network::wifi`).
//!
//! - Open, WEP (static or dynamic 802.1X), WPA1-only, or Enhanced Open
//!   (OWE: encrypted, but anyone may join, so access is not protected):
//!   fail, the network named, even when it is not the practice's (a
//!   computer that joins an open network automatically can be lured onto a
//!   fake one).
//! - WPA2-only or WPA3 (personal or enterprise): fine.
//! - WPA with the version left open (NetworkManager `wpa-psk` without
//!   `proto`, wpa_supplicant without `proto`, netplan `password`): this is
//!   how nearly every profile is saved, and it accepts WPA1 if the access
//!   point offers only that. The profile cannot tell which the network
//!   uses; the access point decides. Live, NetworkManager's cached scan
//!   list (no new scan) shows what the access point announces: WPA2 or WPA3
//!   without WPA1 is fine; WPA1 (alone or beside WPA2, "WPA/WPA2 mixed"
//!   mode, which still lets WPA1-TKIP clients in), WEP or nothing fails;
//!   not in the list (out of range, offline audit): `unknown`, to be
//!   checked on the box.
//! - A file that cannot be read (they hold keys, so root only):
//!   `unknown` needing administrator rights, unless another network
//!   already fails.
//! - No saved network at all: pass when the computer has Wi-Fi hardware
//!   (it knows no network to join), `not_applicable` otherwise (no Wi-Fi
//!   hardware seen, or an offline root).

use super::wired_and_wifi::{kind, LinkKind};
use super::{linux, try_finding, Check};
use crate::{Context, EvidenceItem, Finding, Status};
use vigie_evidence::linux::network::{
    AccessPoint, NetworkEvidence, SavedWifi, WifiFormat, WifiSecurity,
};
use vigie_evidence::Collected;

pub const CHECK: Check = Check {
    id: "4.1.2.b",
    evaluate,
};

fn describe(s: WifiSecurity) -> (&'static str, &'static str) {
    match s {
        WifiSecurity::Open => ("ouvert, sans mot de passe", "open, no password"),
        WifiSecurity::Wep => ("WEP", "WEP"),
        WifiSecurity::DynamicWep => ("WEP dynamique (802.1X)", "dynamic WEP (802.1X)"),
        WifiSecurity::Owe => (
            "ouvert chiffré (OWE), sans mot de passe",
            "Enhanced Open (OWE), no password",
        ),
        WifiSecurity::Wpa1 => ("WPA version 1 seulement", "WPA version 1 only"),
        WifiSecurity::Unrecognised => ("protection non reconnue", "unrecognised protection"),
        WifiSecurity::WpaMixed => (
            "WPA ou WPA2, version non imposée",
            "WPA or WPA2, version not restricted",
        ),
        WifiSecurity::Wpa2 => ("WPA2", "WPA2"),
        WifiSecurity::Wpa3 => ("WPA3", "WPA3"),
    }
}

fn weak(s: WifiSecurity) -> bool {
    s <= WifiSecurity::Wpa1
}

fn setting_name(f: WifiFormat) -> &'static str {
    match f {
        WifiFormat::NetworkManager => "key-mgmt",
        WifiFormat::Ifcfg => "KEY_MGMT",
        WifiFormat::WpaSupplicant => "key_mgmt",
        WifiFormat::Netplan => "key-management",
    }
}

/// What the access points of one SSID announce: `Some(true)` strong,
/// `Some(false)` weak, `None` not seen.
fn access_point_verdict(ssid: &str, aps: &[AccessPoint]) -> Option<(bool, String)> {
    let seen: Vec<&AccessPoint> = aps.iter().filter(|a| a.ssid == ssid).collect();
    if seen.is_empty() {
        return None;
    }
    let mut strong = true;
    let mut shown = Vec::new();
    for ap in seen {
        let words: Vec<&str> = ap.security.split_whitespace().collect();
        let rsn = words.iter().any(|w| *w == "WPA2" || *w == "WPA3");
        let weak = !rsn || words.iter().any(|w| *w == "WPA1" || *w == "WEP");
        strong &= !weak;
        shown.push(if ap.security.is_empty() {
            "open".to_string()
        } else {
            ap.security.clone()
        });
    }
    shown.dedup();
    Some((strong, shown.join(" / ")))
}

fn label(n: &SavedWifi) -> String {
    let mut s = format!("« {} »", n.name);
    if n.mode.as_deref() == Some("ap") {
        s.push_str(" (point d'accès créé par ce poste)");
    }
    if n.disabled {
        s.push_str(" (désactivé)");
    }
    s
}

fn label_en(n: &SavedWifi) -> String {
    let mut s = format!("\"{}\"", n.name);
    if n.mode.as_deref() == Some("ap") {
        s.push_str(" (hotspot created by this computer)");
    }
    if n.disabled {
        s.push_str(" (disabled)");
    }
    s
}

fn has_wifi_hardware(net: &NetworkEvidence) -> bool {
    net.interfaces
        .value()
        .is_some_and(|i| i.iter().any(|i| kind(i) == LinkKind::Wifi))
        || net
            .radios
            .value()
            .is_some_and(|r| r.iter().any(|r| r.kind == "wlan"))
}

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let net = &linux.network;
    let wifi = &net.wifi;
    let aps = wifi.access_points.value().map(Vec::as_slice);

    let mut evidence = Vec::new();
    let (mut bad_fr, mut bad_en) = (Vec::new(), Vec::new());
    let (mut mixed_fr, mut mixed_en) = (Vec::new(), Vec::new());
    let (mut odd_fr, mut odd_en) = (Vec::new(), Vec::new());
    let (mut good_fr, mut good_en) = (Vec::new(), Vec::new());
    let mut count = 0;
    for (file, n) in wifi.networks().filter(|(f, _)| f.ignored.is_none()) {
        count += 1;
        let (d_fr, d_en) = describe(n.security);
        let mut value = format!("\"{}\": {d_en}", n.name);
        if let Some(p) = &n.proto {
            value.push_str(&format!(" (proto {p})"));
        }
        if n.enterprise {
            value.push_str(", enterprise");
        }
        if n.key_mgmt.is_none() {
            value.push_str(" (no key management setting)");
        }
        let item = |value: String| {
            EvidenceItem::new(
                file.path.as_str(),
                n.key_mgmt_line.or(n.line),
                n.key_mgmt_line.map(|_| setting_name(file.format)),
                value,
            )
        };
        if weak(n.security) {
            bad_fr.push(format!("{} : {d_fr}", label(n)));
            bad_en.push(format!("{}: {d_en}", label_en(n)));
            evidence.push(item(value));
            continue;
        }
        match n.security {
            WifiSecurity::WpaMixed => {
                let verdict = n
                    .ssid
                    .as_deref()
                    .zip(aps)
                    .and_then(|(ssid, aps)| access_point_verdict(ssid, aps));
                match verdict {
                    Some((true, seen)) => {
                        value.push_str(&format!("; access point announces {seen}"));
                        good_fr.push(format!("{} : {seen} annoncé par la borne", label(n)));
                        good_en.push(format!(
                            "{}: {seen} announced by the access point",
                            label_en(n)
                        ));
                    }
                    Some((false, seen)) => {
                        value.push_str(&format!("; access point announces {seen}"));
                        bad_fr.push(format!(
                            "{} : la borne annonce {seen} (WPA version 1 ou moins encore accepté)",
                            label(n)
                        ));
                        bad_en.push(format!(
                            "{}: the access point announces {seen} (WPA version 1 or weaker still accepted)",
                            label_en(n)
                        ));
                    }
                    None => {
                        value.push_str("; access point not seen");
                        mixed_fr.push(label(n));
                        mixed_en.push(label_en(n));
                    }
                }
            }
            WifiSecurity::Unrecognised => {
                value.push_str(&format!(
                    " ({})",
                    n.key_mgmt.as_deref().unwrap_or("key management absent")
                ));
                odd_fr.push(label(n));
                odd_en.push(label_en(n));
            }
            _ => {
                good_fr.push(format!("{} : {d_fr}", label(n)));
                good_en.push(format!("{}: {d_en}", label_en(n)));
            }
        }
        evidence.push(item(value));
    }

    // Files that could not be read: their networks are unknown.
    let mut unreadable = Vec::new();
    let mut needs_privileges = false;
    for f in &wifi.files {
        if let Collected::Unreadable { source, error } = f {
            needs_privileges |= f.permission_denied();
            unreadable.push(source.as_str());
            evidence.push(EvidenceItem::new(
                source.as_str(),
                None,
                None,
                error.as_str(),
            ));
        }
    }

    if !bad_fr.is_empty() {
        return Finding::fail(
            format!(
                "Réseau(x) Wi-Fi enregistré(s) sans protection WPA2 : {}. Passez la box en WPA2 ou WPA3 et supprimez de ce poste les réseaux ouverts ou mal protégés.",
                bad_fr.join(" ; ")
            ),
            format!(
                "Saved Wi-Fi network(s) without WPA2 protection: {}. Set the box to WPA2 or WPA3 and remove open or weakly protected networks from this computer.",
                bad_en.join("; ")
            ),
        )
        .with(evidence);
    }
    if !unreadable.is_empty() {
        let f = Finding::unknown(
            format!(
                "{} fichier(s) de réseaux Wi-Fi illisible(s) ({}) : leur protection n'a pas pu être vérifiée.",
                unreadable.len(),
                unreadable.join(", ")
            ),
            format!(
                "{} Wi-Fi network file(s) could not be read ({}): their protection could not be checked.",
                unreadable.len(),
                unreadable.join(", ")
            ),
        )
        .with(evidence);
        return if needs_privileges {
            f.needs_privileges()
        } else {
            f
        };
    }
    if !mixed_fr.is_empty() || !odd_fr.is_empty() {
        let mut fr = Vec::new();
        let mut en = Vec::new();
        if !mixed_fr.is_empty() {
            fr.push(format!(
                "{} : le profil accepte WPA comme WPA2, c'est la box qui décide ; vérifiez dans son interface qu'elle est réglée en WPA2 ou WPA3 (pas « WPA/WPA2 »).",
                mixed_fr.join(", ")
            ));
            en.push(format!(
                "{}: the profile accepts WPA as well as WPA2, the box decides; check in its interface that it is set to WPA2 or WPA3 (not \"WPA/WPA2\").",
                mixed_en.join(", ")
            ));
        }
        if !odd_fr.is_empty() {
            fr.push(format!(
                "{} : protection non reconnue par Vigie, à vérifier.",
                odd_fr.join(", ")
            ));
            en.push(format!(
                "{}: protection not recognised by Vigie, to be checked.",
                odd_en.join(", ")
            ));
        }
        return Finding::unknown(
            format!("Protection à confirmer. {}", fr.join(" ")),
            format!("Protection to confirm. {}", en.join(" ")),
        )
        .with(evidence);
    }
    if count == 0 {
        let mut read: Vec<EvidenceItem> = wifi
            .files
            .iter()
            .filter_map(|f| f.value())
            .map(|f| {
                EvidenceItem::new(
                    f.path.as_str(),
                    None,
                    None,
                    f.ignored.as_deref().unwrap_or("no Wi-Fi network"),
                )
            })
            .collect();
        if read.is_empty() {
            read.push(EvidenceItem::new(
                "NetworkManager, ifcfg, wpa_supplicant, netplan",
                None,
                None,
                "no saved Wi-Fi network",
            ));
        }
        if has_wifi_hardware(net) {
            let cards = net
                .interfaces
                .value()
                .into_iter()
                .flatten()
                .filter(|i| kind(i) == LinkKind::Wifi)
                .map(|i| {
                    EvidenceItem::new(
                        format!("/sys/class/net/{}", i.name),
                        None,
                        Some("Wi-Fi"),
                        "Wi-Fi interface",
                    )
                });
            return Finding::pass(
                "Ce poste a une carte Wi-Fi mais aucun réseau Wi-Fi enregistré.",
                "This computer has a Wi-Fi card but no saved Wi-Fi network.",
            )
            .with(cards)
            .with(read);
        }
        let (fr, en) = if net.interfaces.value().is_some() {
            (" (et aucune carte Wi-Fi vue)", " (and no Wi-Fi card seen)")
        } else {
            ("", "")
        };
        return Finding::new(
            Status::NotApplicable,
            format!("Aucun réseau Wi-Fi enregistré sur ce poste{fr} : il n'utilise pas le Wi-Fi."),
            format!("No Wi-Fi network saved on this computer{en}: it does not use Wi-Fi."),
        )
        .with(read);
    }
    Finding::pass(
        format!(
            "Tous les réseaux Wi-Fi enregistrés sont protégés en WPA2 ou WPA3 : {}.",
            good_fr.join(" ; ")
        ),
        format!(
            "Every saved Wi-Fi network is protected with WPA2 or WPA3: {}.",
            good_en.join("; ")
        ),
    )
    .with(evidence)
}
