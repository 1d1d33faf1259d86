//! 3.1.1.d — « Veiller à relier électriquement vos équipements à un
//! équipement qui prévient les différences de tension (multiprises avec
//! dispositif anti surtension, onduleur...). »
//!
//! Linux: a UPS this computer knows of is evidence of protection; a surge
//! protector, or a UPS not connected by USB or serial, cannot be seen, so
//! nothing seen is never a failure, only `unknown` for the practitioner to
//! confirm (the requirement is checked by machine and by person).
//!
//! Seen (pass):
//! - live, the local NUT server answering for a UPS (`upsc -l`, then
//!   `upsc NAME` giving `ups.status`), apcupsd answering (`apcaccess
//!   status` with a STATUS other than COMMLOST), UPower listing a `ups_*`
//!   device, or a kernel power supply of type "UPS";
//! - a NUT client (`upsmon.conf` MONITOR line for a UPS on another host,
//!   with `nut-monitor` enabled and, live, running): the UPS is watched
//!   over the network (it is not queried: no packet to another host);
//! - offline only, a UPS configured and enabled: a `[section]` of NUT's
//!   `ups.conf` with `nut.conf` MODE other than "none" and `nut-server`
//!   enabled, or apcupsd enabled (an offline root cannot say it answers).
//!
//! Live, configured but not answering (driver not connected, data stale,
//! server down): `unknown`, said so. Configuration files unreadable
//! without rights (NUT's are root-only): `unknown` needing rights.

use super::{linux, try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::linux::network::ups::UpsEvidence;
use vigie_evidence::linux::systemd::UnitState;
use vigie_evidence::Collected;

pub const CHECK: Check = Check {
    id: "3.1.1.d",
    evaluate,
};

fn unit<'a>(units: &'a Collected<Vec<UnitState>>, name: &str) -> Option<&'a UnitState> {
    units.value()?.iter().find(|u| u.name == name)
}

/// Enabled, and running when that is known.
fn running(u: Option<&UnitState>) -> bool {
    u.is_some_and(|u| u.enabled() && u.is_active() != Some(false))
}

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let net = &linux.network;
    let ups: &UpsEvidence = &net.ups;
    let live = ctx.evidence.target.kind == vigie_evidence::TargetKind::Live;

    let mut seen: Vec<EvidenceItem> = Vec::new();
    let mut silent: Vec<EvidenceItem> = Vec::new();
    let mut configured: Vec<EvidenceItem> = Vec::new();
    let mut notes: Vec<EvidenceItem> = Vec::new();

    // Live answers.
    if let Collected::Ok { source, value } = &ups.upsc {
        for s in value {
            let item = |v: String| {
                EvidenceItem::new(format!("$ upsc {}", s.name), None, Some("ups.status"), v)
            };
            match (&s.status, &s.error) {
                (Some(status), None) => {
                    let what: Vec<&str> = [s.manufacturer.as_deref(), s.model.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect();
                    let charge = s
                        .charge
                        .as_deref()
                        .map(|c| format!(", battery {c} %"))
                        .unwrap_or_default();
                    seen.push(item(
                        format!("{} {status}{charge}", what.join(" "))
                            .trim()
                            .to_string(),
                    ));
                }
                (_, err) => {
                    silent.push(item(err.clone().unwrap_or_else(|| "no ups.status".into())))
                }
            }
        }
        if value.is_empty() {
            silent.push(EvidenceItem::new(
                source.as_str(),
                None,
                None,
                "the NUT server lists no UPS",
            ));
        }
    } else if let Collected::Unreadable { source, error } = &ups.upsc {
        silent.push(EvidenceItem::new(
            source.as_str(),
            None,
            None,
            error.as_str(),
        ));
    }
    match &ups.apcaccess {
        Collected::Ok { source, value } => match value.get("STATUS") {
            Some(st) if !st.is_empty() && !st.contains("COMMLOST") => {
                let model = value
                    .get("MODEL")
                    .map(|m| format!("{m} "))
                    .unwrap_or_default();
                seen.push(EvidenceItem::new(
                    source.as_str(),
                    None,
                    Some("STATUS"),
                    format!("{model}{st}"),
                ));
            }
            other => silent.push(EvidenceItem::new(
                source.as_str(),
                None,
                Some("STATUS"),
                other.cloned().unwrap_or_else(|| "no status".into()),
            )),
        },
        Collected::Unreadable { source, error } => silent.push(EvidenceItem::new(
            source.as_str(),
            None,
            None,
            error.as_str(),
        )),
        _ => {}
    }
    if let Collected::Ok { source, value } = &ups.upower {
        for d in value {
            seen.push(EvidenceItem::new(source.as_str(), None, None, d.as_str()));
        }
    }
    if let Collected::Ok { source, value } = &ups.power_supplies {
        for p in value.iter().filter(|p| p.kind == "UPS") {
            seen.push(EvidenceItem::new(
                format!("{source}/{}/type", p.name),
                None,
                Some("type"),
                "UPS",
            ));
        }
    }

    // Configuration.
    let mode = ups.nut_mode.value().and_then(|m| m.as_ref());
    let mode_none = mode.is_none_or(|m| m.value.eq_ignore_ascii_case("none"));
    if let (Some(m), Some(src)) = (mode, ups.nut_mode.source()) {
        notes.push(EvidenceItem::new(
            src,
            Some(m.line),
            Some("MODE"),
            m.value.as_str(),
        ));
    }
    let server = unit(&net.units, "nut-server.service");
    let monitor = unit(&net.units, "nut-monitor.service");
    if let (Collected::Ok { source, value }, true) = (&ups.nut_ups, mode_none) {
        for u in value {
            notes.push(EvidenceItem::new(
                source.as_str(),
                Some(u.line),
                None,
                format!(
                    "[{}] defined, but NUT is not started (MODE none or missing)",
                    u.name
                ),
            ));
        }
    }
    if let (Collected::Ok { source, value }, false) = (&ups.nut_ups, mode_none) {
        for u in value {
            let v = format!(
                "[{}] driver {}, port {}; nut-server {}",
                u.name,
                u.driver.as_deref().unwrap_or("?"),
                u.port.as_deref().unwrap_or("?"),
                if server.is_some_and(UnitState::enabled) {
                    "enabled"
                } else {
                    "not enabled"
                }
            );
            let item = EvidenceItem::new(source.as_str(), Some(u.line), None, v);
            if server.is_some_and(UnitState::enabled) {
                configured.push(item);
            } else {
                notes.push(item);
            }
        }
    }
    if let (Collected::Ok { source, value }, false) = (&ups.nut_monitors, mode_none) {
        for m in value.iter().filter(|m| !m.is_local()) {
            let item = EvidenceItem::new(
                source.as_str(),
                Some(m.line),
                Some("MONITOR"),
                format!("{} (UPS on another computer)", m.system),
            );
            if (live && running(monitor)) || (!live && monitor.is_some_and(UnitState::enabled)) {
                if live {
                    seen.push(item);
                } else {
                    configured.push(item);
                }
            } else {
                notes.push(item);
            }
        }
    }
    if let Collected::Ok { source, value } = &ups.apcupsd {
        let apc = unit(&net.units, "apcupsd.service");
        if apc.is_some_and(UnitState::enabled) {
            let v: Vec<String> = value
                .iter()
                .map(|s| format!("{} {}", s.key, s.value))
                .collect();
            configured.push(EvidenceItem::new(
                source.as_str(),
                None,
                None,
                format!("apcupsd enabled: {}", v.join(", ")),
            ));
        }
    }

    // Root-only NUT files: what they hold is unknown without rights.
    let unreadable_items: Vec<EvidenceItem> = [
        ups.nut_mode
            .permission_denied()
            .then(|| ups.nut_mode.source()),
        ups.nut_ups
            .permission_denied()
            .then(|| ups.nut_ups.source()),
        ups.nut_monitors
            .permission_denied()
            .then(|| ups.nut_monitors.source()),
    ]
    .into_iter()
    .flatten()
    .flatten()
    .map(|s| EvidenceItem::new(s, None, None, "permission denied"))
    .collect();

    if !seen.is_empty() {
        return Finding::pass(
            "Ce poste surveille l'onduleur qui l'alimente : il est protégé des coupures et des surtensions.",
            "This computer monitors the UPS that powers it: it is protected against outages and surges.",
        )
        .with(seen)
        .with(notes);
    }
    if !configured.is_empty() && !live {
        return Finding::pass(
            "Un onduleur est configuré et son service activé sur ce poste (racine hors ligne : sa réponse n'a pas pu être vérifiée).",
            "A UPS is configured and its service enabled on this computer (offline root: whether it answers could not be checked).",
        )
        .with(configured)
        .with(notes);
    }
    // A UPS meant to be used: NUT started with a UPS defined or watched, or
    // apcupsd enabled. A daemon merely installed that does not answer says
    // nothing about a UPS.
    let nut_intended = !mode_none
        && (ups.nut_ups.value().is_some_and(|u| !u.is_empty())
            || ups.nut_monitors.value().is_some_and(|m| !m.is_empty()));
    let apc_intended = unit(&net.units, "apcupsd.service").is_some_and(UnitState::enabled);
    if !configured.is_empty() || (!silent.is_empty() && (nut_intended || apc_intended)) {
        return Finding::unknown(
            "Un onduleur est configuré sur ce poste mais ne répond pas (câble USB débranché, pilote arrêté ?) : vérifiez-le.",
            "A UPS is configured on this computer but does not answer (USB cable unplugged, driver stopped?): check it.",
        )
        .with(configured)
        .with(silent)
        .with(notes);
    }
    notes.extend(silent);
    let f = Finding::unknown(
        "Aucun onduleur vu par ce poste. Une multiprise parafoudre, ou un onduleur non relié en USB, ne se voient pas : confirmez que ce poste et la box sont protégés.",
        "No UPS seen by this computer. A surge-protected power strip, or a UPS not connected by USB, cannot be seen: confirm that this computer and the box are protected.",
    )
    .with(notes);
    if unreadable_items.is_empty() {
        f.declaration_decides().with([EvidenceItem::new(
            "NUT, apcupsd, UPower, /sys/class/power_supply",
            None,
            None,
            "no UPS",
        )])
    } else {
        f.with(unreadable_items).needs_privileges()
    }
}
