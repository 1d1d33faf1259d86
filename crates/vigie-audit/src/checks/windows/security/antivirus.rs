//! 4.3.3.a — « Mettre en place un antivirus sur votre poste de travail et le
//! maintenir à jour. »
//!
//! Windows. An antivirus counts when it is running, scans in real time and
//! has fresh signatures at the audit date (`--as-of`), no older than the
//! profile's `antivirus_signature_max_age_days` (7 days for the memento
//! profile).
//!
//! - **Microsoft Defender Antivirus** (`Get-MpComputerStatus`): it protects
//!   when `AMRunningMode` is "Normal" with `AMServiceEnabled` and
//!   `AntivirusEnabled`; `RealTimeProtectionEnabled` false fails; the
//!   signatures' age is counted from `AntivirusSignatureLastUpdated` (or,
//!   without it, `AntivirusSignatureAge` at collection time plus the days
//!   since). "Passive Mode" / "SxS Passive Mode" / "EDR Block Mode" mean
//!   another antivirus is the active one (Microsoft, "Defender Antivirus
//!   compatibility with other security products"); "Not running" is off.
//!   Tamper protection off is pointed out (anything running as
//!   administrator can then turn Defender off), not failed.
//! - **Other antivirus products** registered with Windows Security Center
//!   (`root/SecurityCenter2` `AntiVirusProduct`, what "Windows Security"
//!   itself shows): judged by `productState` (see
//!   `vigie_evidence::windows::security::antivirus::decode_product_state`):
//!   on with signatures up to date passes, out of date, off, snoozed or
//!   expired fails. Vigie cannot read their signature date, Security
//!   Center's own judgement stands in for it. Security Center's entry for
//!   Defender serves only when `Get-MpComputerStatus` could not be read.
//! - **None** running: fail. Windows Server has no Security Center: only
//!   Defender is judged there.
//!
//! With several products, the best verdict counts (one working antivirus is
//! what the memento asks for).

use super::{date_of, item, security};
use crate::checks::antivirus::best;
use crate::checks::{try_finding, Check};
use crate::{Context, EvidenceItem, Finding, Status};
use vigie_evidence::windows::security::antivirus::{
    DefenderStatus, ProductActivity, SecurityProduct,
};
use vigie_evidence::windows::security::SecurityEvidence;
use vigie_evidence::Collected;

pub const CHECK: Check = Check {
    id: "4.3.3.a",
    evaluate,
};

fn evaluate(ctx: &Context) -> Finding {
    let e = try_finding!(security(ctx));
    assess(ctx, e).antivirus
}

/// Which antivirus protects the computer, for its logging (6.1.2.b).
pub(super) enum Working {
    Defender,
    /// Third-party products on and up to date.
    Others(Vec<String>),
    /// None works.
    None,
    /// It could not be told.
    Unknown,
}

pub(super) struct Assessment {
    pub antivirus: Finding,
    pub working: Working,
}

/// Defender's running mode, simplified.
enum Mode {
    Active,
    Passive(String),
    Off,
}

fn mode(d: &DefenderStatus) -> Mode {
    let m = d.running_mode.as_deref().unwrap_or("").to_ascii_lowercase();
    if m.contains("passive") || m.contains("edr block") {
        return Mode::Passive(d.running_mode.clone().unwrap_or_default());
    }
    if m.contains("not running")
        || d.antivirus_enabled == Some(false)
        || d.service_enabled == Some(false)
    {
        return Mode::Off;
    }
    Mode::Active
}

fn defender_items(source: &str, d: &DefenderStatus) -> Vec<EvidenceItem> {
    let b = |v: Option<bool>| match v {
        Some(true) => "True",
        Some(false) => "False",
        None => "(not reported)",
    };
    let mut ev = vec![
        item(
            source,
            "AMRunningMode",
            d.running_mode.as_deref().unwrap_or("(not reported)"),
        ),
        item(source, "AMServiceEnabled", b(d.service_enabled)),
        item(source, "AntivirusEnabled", b(d.antivirus_enabled)),
        item(source, "RealTimeProtectionEnabled", b(d.real_time)),
        item(source, "IsTamperProtected", b(d.tamper_protected)),
    ];
    if let Some(v) = &d.signature_version {
        ev.push(item(source, "AntivirusSignatureVersion", v.as_str()));
    }
    if let Some(u) = &d.signature_updated {
        ev.push(item(source, "AntivirusSignatureLastUpdated", u.as_str()));
    }
    if let Some(a) = d.signature_age_days {
        ev.push(item(source, "AntivirusSignatureAge", a.to_string()));
    }
    ev
}

/// The age of Defender's signatures at the audit date, in days.
fn signature_age(ctx: &Context, d: &DefenderStatus) -> Option<i64> {
    if let Some(date) = d.signature_updated.as_deref().and_then(date_of) {
        return Some((ctx.as_of - date).whole_days().max(0));
    }
    // 65535: never updated.
    let age = d.signature_age_days.filter(|a| *a < 65535)?;
    let since = (ctx.as_of - ctx.evidence.collected_at.date()).whole_days();
    Some(age + since.max(0))
}

/// Defender active: real time and signatures.
fn defender_active(ctx: &Context, source: &str, d: &DefenderStatus) -> Finding {
    let ev = defender_items(source, d);
    let max = ctx.profile.antivirus_signature_max_age_days;
    if d.real_time == Some(false) {
        return Finding::fail(
            "la protection en temps réel est désactivée : les fichiers ne sont plus analysés à l'ouverture. Réactivez-la dans Sécurité Windows > Protection contre les virus et menaces.",
            "real-time protection is off: files are no longer scanned when opened. Turn it back on in Windows Security > Virus & threat protection.",
        )
        .with(ev);
    }
    let Some(age) = signature_age(ctx, d) else {
        return Finding::unknown(
            "la date de ses signatures n'a pas pu être lue.",
            "its signature date could not be read.",
        )
        .with(ev);
    };
    let tamper = if d.tamper_protected == Some(false) {
        (
            " La protection contre les falsifications est désactivée : un programme lancé en administrateur peut couper l'antivirus ; réactivez-la dans Sécurité Windows.",
            " Tamper protection is off: a program run as administrator can turn the antivirus off; turn it back on in Windows Security.",
        )
    } else {
        ("", "")
    };
    if age > max {
        return Finding::fail(
            format!("ses signatures ont {age} jours (au-delà de {max} jours) : les virus récents ne sont pas reconnus. Sécurité Windows > Protection contre les virus et menaces > Mises à jour de la protection > « Rechercher des mises à jour ».{}", tamper.0),
            format!("its signatures are {age} days old (more than {max} days): recent viruses are not recognised. Windows Security > Virus & threat protection > Protection updates > \"Check for updates\".{}", tamper.1),
        )
        .with(ev);
    }
    Finding::pass(
        format!(
            "actif, protection en temps réel, signatures de {age} jour(s).{}",
            tamper.0
        ),
        format!(
            "running, real-time protection on, signatures {age} day(s) old.{}",
            tamper.1
        ),
    )
    .with(ev)
}

fn activity_text(a: ProductActivity) -> &'static str {
    match a {
        ProductActivity::On => "on",
        ProductActivity::Off => "off",
        ProductActivity::Snoozed => "snoozed",
        ProductActivity::Expired => "expired",
        ProductActivity::Other(_) => "unknown state",
    }
}

pub(super) fn product_item(source: &str, p: &SecurityProduct) -> EvidenceItem {
    let value = match (p.product_state, p.state()) {
        (Some(n), Some(s)) => format!(
            "productState {n} (0x{n:X}): {}, signatures {}{}",
            activity_text(s.activity),
            if s.up_to_date {
                "up to date"
            } else {
                "out of date"
            },
            if s.microsoft { ", Microsoft" } else { "" }
        ),
        _ => "productState not reported".into(),
    };
    item(source, &p.name, value)
}

/// A product judged by Security Center's state.
fn security_center_product(source: &str, p: &SecurityProduct) -> Finding {
    let ev = vec![product_item(source, p)];
    let Some(s) = p.state() else {
        return Finding::unknown(
            "son état n'est pas indiqué par le Centre de sécurité Windows.",
            "Windows Security Center gives no state for it.",
        )
        .with(ev);
    };
    match s.activity {
        ProductActivity::On if s.up_to_date => Finding::pass(
            "actif et à jour selon le Centre de sécurité Windows (Vigie ne lit pas la date de ses signatures).",
            "on and up to date according to Windows Security Center (Vigie does not read its signature date).",
        )
        .with(ev),
        ProductActivity::On => Finding::fail(
            "actif mais ses signatures ne sont pas à jour selon le Centre de sécurité Windows : lancez sa mise à jour.",
            "on but its signatures are out of date according to Windows Security Center: run its update.",
        )
        .with(ev),
        ProductActivity::Off => Finding::fail(
            "installé mais désactivé : le poste n'est pas protégé par lui.",
            "installed but turned off: it does not protect the computer.",
        )
        .with(ev),
        ProductActivity::Snoozed => Finding::fail(
            "mis en pause : réactivez-le.",
            "snoozed: turn it back on.",
        )
        .with(ev),
        ProductActivity::Expired => Finding::fail(
            "son abonnement ou sa licence a expiré : il ne se met plus à jour. Renouvelez-le ou désinstallez-le pour laisser Microsoft Defender reprendre la main.",
            "its subscription or licence has expired: it no longer updates. Renew it or uninstall it so that Microsoft Defender takes over.",
        )
        .with(ev),
        ProductActivity::Other(_) => Finding::unknown(
            "son état, tel que le Centre de sécurité Windows l'indique, n'est pas reconnu.",
            "its state, as Windows Security Center gives it, is not recognised.",
        )
        .with(ev),
    }
}

fn is_microsoft(p: &SecurityProduct) -> bool {
    match p.state() {
        Some(s) => s.microsoft,
        None => p.name.to_ascii_lowercase().contains("defender"),
    }
}

pub(super) fn assess(ctx: &Context, e: &SecurityEvidence) -> Assessment {
    let mut found: Vec<(String, Finding)> = Vec::new();
    let mut context_ev: Vec<EvidenceItem> = Vec::new();
    let mut defender_on = false;

    // Security Center (absent on Windows Server).
    let sc_products: Vec<&SecurityProduct> = match &e.antivirus_products {
        Collected::Ok { source, value } => {
            context_ev.extend(value.iter().map(|p| product_item(source, p)));
            if value.is_empty() {
                context_ev.push(item(source, "AntiVirusProduct", "none registered"));
            }
            value.iter().collect()
        }
        other => {
            context_ev.push(EvidenceItem::new(
                other.source().unwrap_or("root/SecurityCenter2"),
                None,
                Some("AntiVirusProduct"),
                match other {
                    Collected::Unreadable { error, .. } => error.clone(),
                    Collected::NotCollected { reason } => reason.clone(),
                    _ => "not available (Windows Server has no Security Center)".into(),
                },
            ));
            Vec::new()
        }
    };
    let sc_source = e
        .antivirus_products
        .source()
        .unwrap_or("root/SecurityCenter2");
    for p in sc_products.iter().filter(|p| !is_microsoft(p)) {
        found.push((p.name.clone(), security_center_product(sc_source, p)));
    }

    // Defender.
    let mut defender_unknown: Option<Finding> = None;
    match &e.defender {
        Collected::Ok { source, value: d } => match mode(d) {
            Mode::Active => {
                let f = defender_active(ctx, source, d);
                defender_on = f.status == Status::Pass;
                found.push(("Microsoft Defender".into(), f));
            }
            Mode::Passive(m) => {
                context_ev.extend(defender_items(source, d));
                if found.is_empty() {
                    found.push((
                        "Microsoft Defender".into(),
                        Finding::unknown(
                            format!("en mode passif ({m}) : un autre antivirus devrait être actif, mais aucun n'est enregistré auprès du Centre de sécurité Windows (ou il n'a pas pu être lu)."),
                            format!("in passive mode ({m}): another antivirus should be active, but none is registered with Windows Security Center (or it could not be read)."),
                        ),
                    ));
                }
            }
            Mode::Off => {
                if found.is_empty() {
                    found.push((
                        "Microsoft Defender".into(),
                        Finding::fail(
                            "désactivé, et aucun autre antivirus n'est actif : réactivez Microsoft Defender (Sécurité Windows > Protection contre les virus et menaces) ou installez un antivirus.",
                            "turned off, and no other antivirus is running: turn Microsoft Defender back on (Windows Security > Virus & threat protection) or install an antivirus.",
                        )
                        .with(defender_items(source, d)),
                    ));
                } else {
                    context_ev.extend(defender_items(source, d));
                }
            }
        },
        other => {
            // Fall back on Security Center's view of Defender.
            let ms: Vec<&&SecurityProduct> =
                sc_products.iter().filter(|p| is_microsoft(p)).collect();
            if let Some(p) = ms.first() {
                let f = security_center_product(sc_source, p);
                defender_on = f.status == Status::Pass;
                found.push((p.name.clone(), f));
            } else {
                defender_unknown = Some(super::unavailable(
                    other,
                    "État de Microsoft Defender (Get-MpComputerStatus)",
                    "Microsoft Defender status (Get-MpComputerStatus)",
                ));
            }
        }
    }

    if found.is_empty() {
        if let Some(f) = defender_unknown {
            return Assessment {
                antivirus: f.with(context_ev),
                working: Working::Unknown,
            };
        }
        return Assessment {
            antivirus: Finding::fail(
                "Aucun antivirus actif sur ce poste.",
                "No antivirus is running on this computer.",
            )
            .with(context_ev),
            working: Working::None,
        };
    }
    let mut antivirus = best(found.iter().map(|(n, f)| (n.as_str(), f)));
    if let Some(f) = defender_unknown {
        antivirus.evidence.extend(f.evidence);
    }
    antivirus.evidence.extend(context_ev);
    let working = if antivirus.status != Status::Pass {
        if antivirus.status == Status::Fail {
            Working::None
        } else {
            Working::Unknown
        }
    } else if defender_on {
        Working::Defender
    } else {
        Working::Others(
            found
                .iter()
                .filter(|(_, f)| f.status == Status::Pass)
                .map(|(n, _)| n.clone())
                .collect(),
        )
    };
    Assessment { antivirus, working }
}
