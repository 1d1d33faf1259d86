//! 3.1.1.d — « Veiller à relier électriquement vos équipements à un
//! équipement qui prévient les différences de tension (multiprises avec
//! dispositif anti surtension, onduleur...). »
//!
//! Windows: a UPS connected by USB is a HID power device, which Windows
//! shows as a battery (`Win32_Battery`, "Microsoft Compliant Control Method
//! Battery"/HID UPS battery), exactly like a laptop's own. Told apart:
//!
//! - on a computer whose chassis (`Win32_SystemEnclosure` `ChassisTypes`)
//!   is not portable (desktop, tower, all-in-one, mini PC...), any battery
//!   is a UPS;
//! - on a portable one (laptop, notebook, tablet, convertible...), a
//!   battery counts as a UPS only when it says so: "UPS" in its name or
//!   device ID (Back-UPS, Smart-UPS), a UPS maker (American Power
//!   Conversion, Eaton, CyberPower...), or lead-acid chemistry (`Chemistry`
//!   3), which no laptop battery uses.
//!
//! A UPS seen: pass. None seen is never a failure: a surge-protected power
//! strip, or a UPS not connected by USB, cannot be seen; `unknown` for the
//! practitioner to confirm (the requirement is checked by machine and by
//! person).

use super::{get, item, security};
use crate::checks::{try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::windows::security::network::Battery;
use vigie_evidence::Collected;

pub const CHECK: Check = Check {
    id: "3.1.1.d",
    evaluate,
};

/// SMBIOS chassis types of portable computers (DMTF DSP0134, 7.4.1):
/// portable, laptop, notebook, hand held, docking station, sub notebook,
/// tablet, convertible, detachable.
const PORTABLE: &[u16] = &[8, 9, 10, 11, 12, 14, 30, 31, 32];

/// Makers whose name in a battery means a UPS.
const UPS_MAKERS: &[&str] = &[
    "american power conversion",
    "apc ",
    "eaton",
    "cyberpower",
    "cyber power",
    "powerware",
    "mge ",
    "infosec",
    "riello",
    "salicru",
    "tripp lite",
    "socomec",
    "bluewalker",
    "legrand",
    "vertiv",
    "liebert",
];

/// Whether a battery says it is a UPS.
fn looks_like_ups(b: &Battery) -> bool {
    let text = format!(
        "{} {}",
        b.name.as_deref().unwrap_or(""),
        b.device_id.as_deref().unwrap_or("")
    );
    let lower = format!("{} ", text.to_lowercase());
    let word_ups = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("UPS"));
    word_ups || b.chemistry == Some(3) || UPS_MAKERS.iter().any(|m| lower.contains(m))
}

fn battery_item(source: &str, b: &Battery) -> EvidenceItem {
    item(
        source,
        b.name.as_deref().unwrap_or("battery"),
        format!(
            "DeviceID {}, Chemistry {}, BatteryStatus {}, charge {}%",
            b.device_id.as_deref().unwrap_or("?"),
            b.chemistry
                .map(|c| c.to_string())
                .unwrap_or_else(|| "?".into()),
            b.status
                .map(|c| c.to_string())
                .unwrap_or_else(|| "?".into()),
            b.charge_percent
                .map(|c| c.to_string())
                .unwrap_or_else(|| "?".into())
        ),
    )
}

fn evaluate(ctx: &Context) -> Finding {
    let e = try_finding!(security(ctx));
    let (source, batteries) = try_finding!(get(
        &e.batteries,
        "Batteries et onduleurs (Win32_Battery)",
        "Batteries and UPS (Win32_Battery)"
    ));
    let mut ev: Vec<EvidenceItem> = batteries.iter().map(|b| battery_item(source, b)).collect();
    let portable = match &e.chassis {
        Collected::Ok { source, value } => {
            ev.push(item(
                source,
                "ChassisTypes",
                value
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
            ));
            Some(value.iter().any(|t| PORTABLE.contains(t)))
        }
        _ => None,
    };
    let ups: Vec<&Battery> = batteries
        .iter()
        .filter(|b| looks_like_ups(b) || portable == Some(false))
        .collect();
    if let Some(u) = ups.first() {
        return Finding::pass(
            format!("Un onduleur est relié à ce poste ({}) : il est protégé des coupures et des surtensions.", u.name.as_deref().unwrap_or("batterie")),
            format!("A UPS is connected to this computer ({}): it is protected against outages and surges.", u.name.as_deref().unwrap_or("battery")),
        )
        .with(ev);
    }
    let (why_fr, why_en) = if !batteries.is_empty() && portable.is_none() {
        (
            " (une batterie est vue, mais le type de boîtier n'a pas pu être lu : batterie du portable ou onduleur ?)",
            " (a battery is seen, but the chassis type could not be read: the laptop's own or a UPS?)",
        )
    } else {
        ("", "")
    };
    if ev.is_empty() {
        ev.push(item(source, "Win32_Battery", "none"));
    }
    Finding::unknown(
        format!("Aucun onduleur vu par ce poste{why_fr}. Une multiprise parafoudre, ou un onduleur non relié en USB, ne se voient pas : confirmez que ce poste et la box sont protégés."),
        format!("No UPS seen by this computer{why_en}. A surge-protected power strip, or a UPS not connected by USB, cannot be seen: confirm that this computer and the box are protected."),
    )
    .with(ev)
    .declaration_decides()
}
