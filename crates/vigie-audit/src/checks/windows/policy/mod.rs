//! Windows evaluators over [`vigie_evidence::windows::policy`]: password and
//! lockout policy ([`password`]), screen lock ([`screen`]), accounts
//! ([`accounts`]), browsers ([`browsers`]). Each module's documentation
//! says what is judged and why.

mod accounts;
mod browsers;
mod password;
mod screen;

use crate::checks::Check;
use crate::{EvidenceItem, Finding};
use vigie_evidence::windows::policy::PolicyEvidence;
use vigie_evidence::Collected;

/// The checks of this part.
pub const CHECKS: &[Check] = &[
    password::LENGTH,
    password::CLASSES,
    password::AGE,
    password::HISTORY,
    password::USERNAME,
    password::LOCKOUT,
    screen::DELAY,
    screen::PASSWORD,
    accounts::NOMINATIVE,
    accounts::ADMIN_ACCOUNT,
    accounts::ADMIN_USE,
    accounts::DORMANT,
    browsers::CHECK,
];

/// The Windows policy tables, or the finding saying there are none.
pub(crate) fn policy<'a>(ctx: &crate::Context<'a>) -> Result<&'a PolicyEvidence, Finding> {
    ctx.evidence
        .windows
        .as_ref()
        .map(|w| &w.policy)
        .ok_or_else(|| {
            Finding::unknown(
                "Aucune donnée Windows dans ces éléments collectés.",
                "No Windows data in this evidence.",
            )
        })
}

/// Why a source gave nothing, in a few words.
pub(crate) fn describe<T>(c: &Collected<T>) -> String {
    match c {
        Collected::Ok { source, .. } => source.clone(),
        Collected::Missing { source } => format!("{source} : absent / missing"),
        Collected::Unreadable { source, error } => format!("{source} : {error}"),
        Collected::NotCollected { reason } => reason.clone(),
    }
}

/// The `unknown` finding for a source that could not be read; marked as
/// needing administrator rights when it was refused.
pub(crate) fn unread<T>(what_fr: &str, what_en: &str, c: &Collected<T>) -> Finding {
    let why = describe(c);
    let f = Finding::unknown(
        format!("{what_fr} n'a pas pu être lu ({why})."),
        format!("{what_en} could not be read ({why})."),
    )
    .with([EvidenceItem::new(
        c.source().unwrap_or("collecte / collection"),
        None,
        None,
        why,
    )]);
    if c.permission_denied() {
        f.needs_privileges()
    } else {
        f
    }
}

/// The value of a source, or the `unknown` finding.
pub(crate) fn value<'a, T>(
    what_fr: &str,
    what_en: &str,
    c: &'a Collected<T>,
) -> Result<(&'a T, &'a str), Finding> {
    match c {
        Collected::Ok { source, value } => Ok((value, source.as_str())),
        other => Err(unread(what_fr, what_en, other)),
    }
}

/// Seconds as "30 min", "1 h 05 min", "45 s".
pub(crate) fn duration(secs: u64) -> String {
    if secs < 60 {
        format!("{secs} s")
    } else if secs < 3600 {
        if secs.is_multiple_of(60) {
            format!("{} min", secs / 60)
        } else {
            format!("{} min {} s", secs / 60, secs % 60)
        }
    } else {
        format!("{} h {:02} min", secs / 3600, (secs % 3600) / 60)
    }
}

/// Joins (FR, EN) pairs.
pub(crate) fn join(v: &[(String, String)]) -> (String, String) {
    (
        v.iter()
            .map(|p| p.0.clone())
            .collect::<Vec<_>>()
            .join(" ; "),
        v.iter().map(|p| p.1.clone()).collect::<Vec<_>>().join("; "),
    )
}
