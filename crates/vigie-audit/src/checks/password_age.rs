//! 4.3.1.c — « Procéder au renouvellement périodique de vos mots de passe »,
//! with the incontournable's "renouvelé tous les 90 jours".
//!
//! Linux: `PASS_MAX_DAYS` in login.defs (and its drop-ins) only applies to
//! accounts created afterwards, so every existing human account (uid from
//! `UID_MIN` to `UID_MAX`, a login shell, a usable or empty password) must
//! also carry a maximum age of 90 days or less in `/etc/shadow`. A missing
//! value or -1 means no limit; 99999 is the usual "never".

use super::linux_policy as lp;
use super::{linux, try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::linux::accounts::is_login_shell;
use vigie_evidence::{Collected, PasswordState};

pub const CHECK: Check = Check {
    id: "4.3.1.c",
    evaluate,
};

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let max = ctx.profile.max_password_age_days;
    let defs = try_finding!(lp::login_defs(linux, "PASS_MAX_DAYS"));
    let uid_min = try_finding!(lp::login_defs(linux, "UID_MIN"))
        .and_then(|v| v.0)
        .unwrap_or(1000);
    let uid_max = try_finding!(lp::login_defs(linux, "UID_MAX"))
        .and_then(|v| v.0)
        .unwrap_or(60000);
    let mut evidence = Vec::new();
    let mut problems_fr = Vec::new();
    let mut problems_en = Vec::new();

    match &defs {
        Some((Some(days), ev)) => {
            evidence.push(ev.clone());
            if *days < 0 || *days > max {
                problems_fr.push(format!(
                    "PASS_MAX_DAYS vaut {days} pour les nouveaux comptes"
                ));
                problems_en.push(format!("PASS_MAX_DAYS is {days} for new accounts"));
            }
        }
        // shadow does not strip a trailing comment: "90 # note" is not a
        // number and leaves the default (no limit); show the line at fault.
        Some((None, ev)) => {
            evidence.push(ev.clone());
            problems_fr.push(format!(
                "PASS_MAX_DAYS vaut « {} » ({}:{}), ce qui n'est pas un nombre : shadow l'ignore (aucune limite pour les nouveaux comptes)",
                ev.value, ev.source, ev.line.unwrap_or(0)
            ));
            problems_en.push(format!(
                "PASS_MAX_DAYS is \"{}\" ({}:{}), which is not a number: shadow ignores it (no limit for new accounts)",
                ev.value, ev.source, ev.line.unwrap_or(0)
            ));
        }
        None => {
            let source = linux
                .login_defs
                .first()
                .and_then(|c| c.source())
                .unwrap_or("/etc/login.defs")
                .to_string();
            evidence.push(EvidenceItem::new(
                source,
                None,
                Some("PASS_MAX_DAYS"),
                "absent (-1 : aucune limite / no limit)",
            ));
            problems_fr.push(
                "PASS_MAX_DAYS n'est pas fixé (aucune limite pour les nouveaux comptes)"
                    .to_string(),
            );
            problems_en.push("PASS_MAX_DAYS is not set (no limit for new accounts)".to_string());
        }
    }

    let table = match &linux.accounts {
        Collected::Ok { value, .. } => value,
        other => {
            return Finding::unknown(
                format!("Comptes locaux non lus ({}).", describe(other)),
                format!("Local accounts not read ({}).", describe(other)),
            )
            .with(evidence)
        }
    };
    let humans: Vec<_> = table
        .accounts
        .iter()
        .filter(|a| {
            i64::from(a.uid) >= uid_min && i64::from(a.uid) <= uid_max && is_login_shell(&a.shell)
        })
        .filter(|a| {
            !matches!(
                a.password,
                Some(PasswordState::Locked) | Some(PasswordState::NoShadowEntry)
            )
        })
        .collect();
    // Without /etc/shadow the accounts' maximum ages are unknown: say so
    // rather than show them as empty. login.defs alone can still fail.
    if !matches!(table.shadow, Collected::Ok { .. }) {
        evidence.push(EvidenceItem::new(
            table.shadow.source().unwrap_or("/etc/shadow"),
            None,
            None,
            describe(&table.shadow),
        ));
        if problems_fr.is_empty() {
            return Finding::unknown(
                format!("PASS_MAX_DAYS est correct, mais /etc/shadow n'a pas pu être lu ({}) : les comptes existants ne sont pas vérifiés. Lancez l'audit en administrateur.", describe(&table.shadow)),
                format!("PASS_MAX_DAYS is correct, but /etc/shadow could not be read ({}): existing accounts are not checked. Run the audit as an administrator.", describe(&table.shadow)),
            )
            .with(evidence);
        }
    } else {
        for a in &humans {
            let shown = match a.max_days {
                Some(d) => d.to_string(),
                None => "vide / empty".to_string(),
            };
            evidence.push(EvidenceItem::new(
                "/etc/shadow",
                a.shadow_line,
                Some(&a.name),
                format!("max = {shown}"),
            ));
            if !matches!(a.max_days, Some(d) if (0..=max).contains(&d)) {
                problems_fr.push(format!(
                    "le compte « {} » n'expire pas dans les {max} jours (max = {shown})",
                    a.name
                ));
                problems_en.push(format!(
                    "account \"{}\" does not expire within {max} days (max = {shown})",
                    a.name
                ));
            }
        }
    }
    if problems_fr.is_empty() {
        Finding::pass(
            format!("Les mots de passe expirent au plus tous les {max} jours, pour les nouveaux comptes comme pour les {} compte(s) existant(s).", humans.len()),
            format!("Passwords expire at most every {max} days, for new accounts and the {} existing account(s).", humans.len()),
        )
        .with(evidence)
    } else {
        Finding::fail(
            format!("Renouvellement non imposé : {}. Fixez PASS_MAX_DAYS à {max} et appliquez-le aux comptes existants (chage -M {max} <compte>).", problems_fr.join(" ; ")),
            format!("Renewal not enforced: {}. Set PASS_MAX_DAYS to {max} and apply it to existing accounts (chage -M {max} <account>).", problems_en.join("; ")),
        )
        .with(evidence)
    }
}

fn describe<T>(c: &Collected<T>) -> String {
    match c {
        Collected::Ok { source, .. } => source.clone(),
        Collected::Missing { source } => format!("{source} absent"),
        Collected::Unreadable { source, error } => format!("{source} : {error}"),
        Collected::NotCollected { reason } => reason.clone(),
    }
}
