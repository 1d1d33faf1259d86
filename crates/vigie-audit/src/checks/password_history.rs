//! 4.3.1.d — « Interdire la réutilisation des 3 mots de passe précédents. »
//!
//! Linux: an enforced pam_pwhistory in the `passwd` stack whose `remember`
//! (default 10; `pwhistory.conf`, first occurrence wins; then its argument,
//! which overrides) is at least 3 — `remember=0` turns it off — or an
//! enforced pam_unix with `remember=3` or more (pam_unix keeps no history
//! without it).

use super::linux_policy::{self as lp};
use super::{password_change_stack, try_finding, Check};
use crate::pam_flow::Enforcement;
use crate::{Context, EvidenceItem, Finding};

pub const CHECK: Check = Check {
    id: "4.3.1.d",
    evaluate,
};

fn evaluate(ctx: &Context) -> Finding {
    let (linux, entries) = try_finding!(password_change_stack(ctx));
    let want = i64::from(ctx.profile.password_history);
    let mut evidence = Vec::new();
    let mut best: Option<(i64, &str)> = None;

    let (state, found) = lp::enforced_module(&entries, "pam_pwhistory.so");
    if let Some(entry) = found.first() {
        evidence.push(lp::entry_evidence(entry));
        let conf = lp::arg(entry, "conf").unwrap_or(vigie_evidence::linux::PWHISTORY_CONF);
        let mut remember = (
            10,
            EvidenceItem::new(
                "pam_pwhistory",
                None,
                Some("remember"),
                "10 (défaut / default)",
            ),
        );
        if let Some(file) = linux.pwhistory.get(conf) {
            if let Some((v, ev)) = lp::first_in_file(file, "remember") {
                if let Ok(n) = v.trim().parse::<i64>() {
                    remember = (n, ev);
                }
            }
        }
        if let Some(n) = lp::arg(entry, "remember").and_then(|v| v.parse::<i64>().ok()) {
            remember = (
                n.clamp(0, 400),
                EvidenceItem::new(
                    entry.origin.file.clone(),
                    Some(entry.origin.line),
                    Some("remember"),
                    n.to_string(),
                ),
            );
        }
        evidence.push(remember.1.clone());
        if state != Enforcement::Enforced {
            evidence.push(EvidenceItem::new(
                entry.origin.file.clone(),
                Some(entry.origin.line),
                None,
                "contournable dans la pile PAM / bypassable in the PAM stack",
            ));
        } else if remember.0 > 0 {
            best = Some((remember.0, "pam_pwhistory"));
        }
    }
    let (state, unix) = lp::enforced_module(&entries, "pam_unix.so");
    for entry in &unix {
        if let Some(n) = lp::arg(entry, "remember").and_then(|v| v.parse::<i64>().ok()) {
            evidence.push(lp::entry_evidence(entry));
            if state == Enforcement::Enforced && best.is_none_or(|(b, _)| n.min(400) > b) {
                best = Some((n.min(400), "pam_unix"));
            }
        }
    }
    match best {
        Some((n, module)) if n >= want => Finding::pass(
            format!("{module} refuse la réutilisation des {n} derniers mots de passe."),
            format!("{module} rejects reuse of the last {n} passwords."),
        )
        .with(evidence),
        Some((n, module)) => Finding::fail(
            format!("{module} ne mémorise que {n} mot(s) de passe ; il faut interdire au moins les {want} précédents."),
            format!("{module} remembers only {n} password(s); at least the previous {want} must be refused."),
        )
        .with(evidence),
        None => Finding::fail(
            "Aucun historique des mots de passe n'est imposé (ni pam_pwhistory actif, ni « remember » sur pam_unix) : un ancien mot de passe peut être réutilisé.",
            "No password history is enforced (no active pam_pwhistory, no \"remember\" on pam_unix): an old password can be reused.",
        )
        .with(if evidence.is_empty() { lp::stack_evidence(&entries) } else { evidence }),
    }
}
