//! Windows evaluators over [`vigie_evidence::windows::security`]: one module
//! per requirement (or pair of requirements sharing their reading), each
//! starting with the memento's words and what exactly is judged.

mod antivirus;
mod encryption;
mod firewall;
mod licensing;
mod logging;
mod network;
mod os_support;
mod updates;
mod ups;

use crate::checks::Check;
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::command::{OFFLINE_REASON, OFFLINE_REASON_FR};
use vigie_evidence::windows::security::{RegLookup, SecurityEvidence};
use vigie_evidence::Collected;

/// The checks of this part.
pub const CHECKS: &[Check] = &[
    ups::CHECK,
    network::DEVICES,
    network::WIFI,
    network::WIRED_AND_WIFI,
    network::RADIOS,
    antivirus::CHECK,
    firewall::CHECK,
    encryption::CHECK,
    os_support::CHECK,
    updates::CHECK,
    licensing::CHECK,
    logging::SYSTEM,
    logging::SECURITY,
];

/// The Windows security tables, or the finding saying there are none.
pub(crate) fn security<'a>(ctx: &Context<'a>) -> Result<&'a SecurityEvidence, Finding> {
    ctx.evidence
        .windows
        .as_ref()
        .map(|w| &w.security)
        .ok_or_else(|| {
            Finding::unknown(
                "Ces éléments ne contiennent pas les relevés Windows attendus.",
                "This evidence holds no Windows tables.",
            )
        })
}

/// The value of a table, or the `unknown` finding saying why it is missing
/// (`what` names it in French and English); a refusal for lack of rights
/// asks for administrator rights.
pub(crate) fn get<'a, T>(
    c: &'a Collected<T>,
    what_fr: &str,
    what_en: &str,
) -> Result<(&'a str, &'a T), Finding> {
    match c {
        Collected::Ok { source, value } => Ok((source, value)),
        other => Err(unavailable(other, what_fr, what_en)),
    }
}

/// The `unknown` finding for a table that could not be read.
pub(crate) fn unavailable<T>(c: &Collected<T>, what_fr: &str, what_en: &str) -> Finding {
    match c {
        Collected::Ok { source, .. } => Finding::unknown(
            format!("{what_fr} : lu mais inexploitable ({source})."),
            format!("{what_en}: read but unusable ({source})."),
        ),
        Collected::Missing { source } => Finding::unknown(
            format!("{what_fr} : commande introuvable sur ce poste ({source})."),
            format!("{what_en}: command not found on this computer ({source})."),
        )
        .with([EvidenceItem::new(source.as_str(), None, None, "not found")]),
        Collected::Unreadable { source, error } => {
            let denied = c.permission_denied();
            let (hint_fr, hint_en) = if denied {
                (
                    " ; relancez l'audit (ou le script de relevé) en tant qu'administrateur",
                    "; run the audit (or the capture script) as administrator",
                )
            } else {
                ("", "")
            };
            let f = Finding::unknown(
                format!("{what_fr} : illisible ({source} : {error}){hint_fr}."),
                format!("{what_en}: unreadable ({source}: {error}){hint_en}."),
            )
            .with([EvidenceItem::new(
                source.as_str(),
                None,
                None,
                error.as_str(),
            )]);
            if denied {
                f.needs_privileges()
            } else {
                f
            }
        }
        Collected::NotCollected { reason } if reason == OFFLINE_REASON => Finding::unknown(
            format!("{what_fr} : {OFFLINE_REASON_FR}."),
            format!("{what_en}: {OFFLINE_REASON}."),
        ),
        Collected::NotCollected { reason } => Finding::unknown(
            format!("{what_fr} : non relevé ({reason})."),
            format!("{what_en}: not collected ({reason})."),
        ),
    }
}

/// An evidence item.
pub(crate) fn item(source: &str, key: &str, value: impl Into<String>) -> EvidenceItem {
    EvidenceItem::new(source, None, Some(key), value)
}

/// A registry value as evidence: found, absent (the default applies) or
/// not read.
pub(crate) fn reg_item(e: &SecurityEvidence, key: &str, name: &str) -> EvidenceItem {
    let shown = format!(r"{key}\{name}");
    match e.reg_value(key, name) {
        RegLookup::Found { source, key: k } => {
            let v = k.value(name).map(|v| v.data.clone()).unwrap_or_default();
            EvidenceItem::new(source, None, Some(&shown), v)
        }
        RegLookup::Absent { source } => {
            EvidenceItem::new(source, None, Some(&shown), "absent (default)")
        }
        RegLookup::Unreadable { collected, .. } => EvidenceItem::new(
            collected.source().unwrap_or("registry"),
            None,
            Some(&shown),
            "not read",
        ),
        RegLookup::NotRead => EvidenceItem::new("registry", None, Some(&shown), "not read"),
    }
}

/// A registry DWORD: `Ok(Some(n))` set, `Ok(None)` absent (the default
/// applies), `Err(())` not read.
pub(crate) fn reg_u64(e: &SecurityEvidence, key: &str, name: &str) -> Result<Option<u64>, ()> {
    match e.reg_value(key, name) {
        RegLookup::Found { key: k, .. } => Ok(k.value(name).and_then(|v| v.as_u64())),
        RegLookup::Absent { .. } => Ok(None),
        _ => Err(()),
    }
}

/// A registry string: as [`reg_u64`].
pub(crate) fn reg_str(e: &SecurityEvidence, key: &str, name: &str) -> Result<Option<String>, ()> {
    match e.reg_value(key, name) {
        RegLookup::Found { key: k, .. } => Ok(k.value(name).map(|v| v.data.trim().to_string())),
        RegLookup::Absent { .. } => Ok(None),
        _ => Err(()),
    }
}

/// The date of an RFC 3339 (or `yyyy-mm-dd`) text.
pub(crate) fn date_of(text: &str) -> Option<time::Date> {
    vigie_evidence::windows::security::json::parse_date(text).map(|t| t.date())
}

/// The worst of several findings (fail before unknown before pass): every
/// reason, worst first, and all the evidence.
pub(crate) fn worst(parts: Vec<Finding>) -> Finding {
    let status = parts
        .iter()
        .map(|f| f.status)
        .min()
        .unwrap_or(crate::Status::Unknown);
    let mut ordered: Vec<&Finding> = parts.iter().collect();
    ordered.sort_by_key(|f| f.status);
    let fr: Vec<&str> = ordered.iter().map(|f| f.reason.fr.as_str()).collect();
    let en: Vec<&str> = ordered.iter().map(|f| f.reason.en.as_str()).collect();
    let mut out = Finding::new(status, fr.join(" "), en.join(" "));
    for f in &parts {
        out.evidence.extend(f.evidence.iter().cloned());
    }
    if status == crate::Status::Unknown
        && parts
            .iter()
            .any(|f| f.status == crate::Status::Unknown && f.needs_privileges)
    {
        out = out.needs_privileges();
    }
    out
}
