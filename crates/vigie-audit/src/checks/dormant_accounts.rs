//! 5.3.3.a — « Désactiver temporairement ou définitivement le compte de votre personnel en cas d'absence prolongée ou de départ. »
//!
//! Linux (method `both`): an enabled account of a person (see
//! [`super::local_accounts`]: not locked, not expired at the audit date as
//! pam_unix judges it, with a login shell) that has not been used for more
//! than the profile's period (90 days) belongs to someone away or gone, and
//! should be disabled. Use is read from:
//! - `/var/log/lastlog` (last login per uid; on Debian and Ubuntu desktop
//!   logins through GDM or LightDM are not recorded there);
//! - `/var/log/wtmp` and `wtmp.1` (every login, display managers included,
//!   but rotated: only the period they span);
//! - the lastlog2 database (`lastlog2`, live only; every PAM session);
//! - the latest modification of session files in the home directory
//!   (metadata only).
//!
//! Recent use by any source makes the account active. Otherwise the account
//! is dormant when the records are complete for the period (lastlog2, or
//! wtmp reaching back beyond the period), or when lastlog has its record
//! and the home shows no recent activity. Never logged in counts as
//! dormant only when the password was set before the period (shadow field
//! 3): a new account is not dormant. Accounts named as administrator
//! accounts (`admin-dupont`) are left out: they are rarely used by design
//! (5.2.2.a), and `su` to them leaves no login record. No record at all, or
//! a home that cannot be searched, leaves the account unknown.

use super::local_accounts::{admin_named, date_text, describe, epoch_days, time_text, People};
use super::{linux, try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::Collected;

pub const CHECK: Check = Check {
    id: "5.3.3.a",
    evaluate,
};

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let people = try_finding!(People::new(linux, ctx.as_of));
    let users = &linux.users;
    let days = ctx.profile.dormant_account_days;
    let cutoff = (epoch_days(ctx.as_of) - days) * 86400;
    let cutoff_text = time_text(cutoff);
    let mut evidence: Vec<EvidenceItem> = Vec::new();

    // The sources and how much they can tell.
    let lastlog = match &users.lastlog {
        Collected::Ok { value, .. } => Some(value.as_slice()),
        _ => None,
    };
    evidence.push(EvidenceItem::new(
        users.lastlog.source().unwrap_or("/var/log/lastlog"),
        None,
        None,
        match lastlog {
            Some(v) => format!("{} enregistrement(s) / record(s)", v.len()),
            None => describe(&users.lastlog),
        },
    ));
    let mut wtmp = Vec::new();
    for log in &users.wtmp {
        match log {
            Collected::Ok { source, value } => {
                evidence.push(EvidenceItem::new(
                    source.clone(),
                    None,
                    None,
                    format!(
                        "du {} au {}{} / from {} to {}",
                        value.first.map(time_text).unwrap_or_else(|| "?".into()),
                        value.last.map(time_text).unwrap_or_else(|| "?".into()),
                        if value.truncated {
                            " (tronqué / truncated)"
                        } else {
                            ""
                        },
                        value.first.map(time_text).unwrap_or_else(|| "?".into()),
                        value.last.map(time_text).unwrap_or_else(|| "?".into()),
                    ),
                ));
                wtmp.push(value);
            }
            other => evidence.push(EvidenceItem::new(
                other.source().unwrap_or("/var/log/wtmp"),
                None,
                None,
                describe(other),
            )),
        }
    }
    let wtmp_complete = !wtmp.is_empty()
        && wtmp.iter().all(|w| !w.truncated)
        && wtmp
            .iter()
            .filter_map(|w| w.first)
            .min()
            .is_some_and(|f| f <= cutoff);
    let lastlog2 = match &users.lastlog2 {
        Collected::Ok { value, .. } => Some(value.as_slice()),
        _ => None,
    };
    if let Some(v) = lastlog2 {
        evidence.push(EvidenceItem::new(
            users.lastlog2.source().unwrap_or("lastlog2"),
            None,
            None,
            format!("{} entrée(s) / entries", v.len()),
        ));
    } else if matches!(users.lastlog2, Collected::Unreadable { .. }) {
        evidence.push(EvidenceItem::new(
            users.lastlog2.source().unwrap_or("lastlog2"),
            None,
            None,
            describe(&users.lastlog2),
        ));
    }
    let complete = wtmp_complete || lastlog2.is_some();

    let mut dormant: Vec<(String, String)> = Vec::new();
    let mut doubts: Vec<(String, String)> = Vec::new();
    let mut needs_privileges = false;
    let mut active = Vec::new();
    let mut admins = Vec::new();

    for a in &people.humans {
        if admin_named(&a.name) {
            admins.push(a.name.as_str());
            continue;
        }
        // The latest sign of use, with where it was seen.
        let mut seen: Vec<(i64, String)> = Vec::new();
        if let Some(e) = lastlog.and_then(|l| l.iter().find(|e| e.uid == a.uid)) {
            seen.push((e.time, format!("/var/log/lastlog ({})", e.line)));
        }
        for (w, log) in users.wtmp.iter().filter_map(|l| match l {
            Collected::Ok { source, value } => Some((source, value)),
            _ => None,
        }) {
            if let Some(l) = log.logins.iter().find(|l| l.user == a.name) {
                seen.push((l.last, format!("{w} ({})", l.line)));
            }
        }
        if let Some(t) = lastlog2
            .and_then(|l| l.iter().find(|e| e.user == a.name))
            .and_then(|e| e.time)
        {
            seen.push((t, "lastlog2".to_string()));
        }
        let home = users.homes.iter().find(|h| h.account == a.name);
        if let Some((path, t)) = home.and_then(|h| h.last_activity()) {
            seen.push((t, path));
        }
        let home_known = match home {
            Some(h) => matches!(h.home, Collected::Ok { .. } | Collected::Missing { .. }),
            None => true,
        };
        let last = seen.iter().max_by_key(|s| s.0).cloned();
        if let Some((t, from)) = &last {
            evidence.push(EvidenceItem::new(
                from.clone(),
                None,
                Some(&a.name),
                format!(
                    "dernier usage le {} / last use {}",
                    time_text(*t),
                    time_text(*t)
                ),
            ));
            if *t >= cutoff {
                active.push(a.name.as_str());
                continue;
            }
        } else {
            evidence.push(EvidenceItem::new(
                "/etc/passwd",
                Some(a.line),
                Some(&a.name),
                "aucun usage enregistré / no recorded use",
            ));
        }
        if !home_known {
            needs_privileges = true;
        }
        if !(complete || (lastlog.is_some() && home_known)) {
            doubts.push((
                format!("« {} » : aucun usage récent trouvé, mais les traces de connexion ne couvrent pas la période{}", a.name, if home_known { "" } else { " et son dossier personnel n'a pas pu être examiné" }),
                format!("\"{}\": no recent use found, but login records do not cover the period{}", a.name, if home_known { "" } else { " and the home folder could not be examined" }),
            ));
            continue;
        }
        let finding = match &last {
            Some((t, _)) => Some((
                format!("« {} » n'a pas servi depuis le {}", a.name, time_text(*t)),
                format!("\"{}\" has not been used since {}", a.name, time_text(*t)),
            )),
            None => match a.last_change {
                Some(l) if l > 0 && l * 86400 < cutoff => {
                    evidence.push(EvidenceItem::new(
                        "/etc/shadow",
                        a.shadow_line,
                        Some(&a.name),
                        format!(
                            "mot de passe fixé le {} / password set {}",
                            date_text(l),
                            date_text(l)
                        ),
                    ));
                    Some((
                        format!(
                            "« {} » n'a jamais servi (mot de passe fixé le {})",
                            a.name,
                            date_text(l)
                        ),
                        format!(
                            "\"{}\" has never been used (password set {})",
                            a.name,
                            date_text(l)
                        ),
                    ))
                }
                Some(l) if l > 0 => {
                    active.push(a.name.as_str());
                    evidence.push(EvidenceItem::new(
                        "/etc/shadow",
                        a.shadow_line,
                        Some(&a.name),
                        format!("compte récent, mot de passe fixé le {} / recent account, password set {}", date_text(l), date_text(l)),
                    ));
                    None
                }
                _ => {
                    if !people.shadow_read() {
                        needs_privileges = true;
                    }
                    doubts.push((
                        format!("« {} » n'a jamais servi, mais la date de création du compte est inconnue", a.name),
                        format!("\"{}\" has never been used, but when the account was created is unknown", a.name),
                    ));
                    None
                }
            },
        };
        if let Some(f) = finding {
            if a.password.is_none() {
                // Without /etc/shadow a lock or an expiry cannot be seen.
                needs_privileges = true;
                doubts.push((
                    format!(
                        "{} ; son verrouillage est inconnu (/etc/shadow illisible)",
                        f.0
                    ),
                    format!(
                        "{}; whether it is locked is unknown (/etc/shadow unreadable)",
                        f.1
                    ),
                ));
            } else {
                dormant.push(f);
            }
        }
    }
    for (a, why) in &people.disabled {
        evidence.push(EvidenceItem::new(
            "/etc/shadow",
            a.shadow_line,
            Some(&a.name),
            format!("{} / {}", why.0, why.1),
        ));
    }
    let admin_note = |fr: bool| {
        if admins.is_empty() {
            String::new()
        } else if fr {
            format!(
                " Comptes d'administration non jugés (usage rare normal) : {}.",
                admins.join(", ")
            )
        } else {
            format!(
                " Administrator accounts not judged (rare use is normal): {}.",
                admins.join(", ")
            )
        }
    };
    if !dormant.is_empty() {
        let fr: Vec<&str> = dormant.iter().map(|d| d.0.as_str()).collect();
        let en: Vec<&str> = dormant.iter().map(|d| d.1.as_str()).collect();
        return Finding::fail(
            format!(
                "Compte(s) actif(s) inutilisé(s) depuis plus de {days} jours (avant le {cutoff_text}) : {}. En cas d'absence prolongée ou de départ, désactivez-les : sudo usermod -L nom puis sudo chage -E 0 nom.{}",
                fr.join(" ; "),
                admin_note(true)
            ),
            format!(
                "Enabled account(s) unused for more than {days} days (before {cutoff_text}): {}. For an extended absence or a departure, disable them: sudo usermod -L name then sudo chage -E 0 name.{}",
                en.join("; "),
                admin_note(false)
            ),
        )
        .with(evidence);
    }
    if !doubts.is_empty() {
        let fr: Vec<&str> = doubts.iter().map(|d| d.0.as_str()).collect();
        let en: Vec<&str> = doubts.iter().map(|d| d.1.as_str()).collect();
        let mut f = Finding::unknown(
            format!(
                "Usage des comptes non établi : {}.{}",
                fr.join(" ; "),
                admin_note(true)
            ),
            format!(
                "Account use not established: {}.{}",
                en.join("; "),
                admin_note(false)
            ),
        )
        .with(evidence);
        if needs_privileges {
            f = f.needs_privileges();
        }
        return f;
    }
    if people.humans.is_empty() && people.disabled.is_empty() {
        return Finding::not_applicable(
            "Aucun compte local de personne sur ce poste.",
            "No local account of a person on this computer.",
        )
        .with(evidence);
    }
    let disabled: Vec<&str> = people.disabled.iter().map(|d| d.0.name.as_str()).collect();
    let (dis_fr, dis_en) = if disabled.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(" Comptes désactivés : {}.", disabled.join(", ")),
            format!(" Disabled accounts: {}.", disabled.join(", ")),
        )
    };
    Finding::pass(
        format!(
            "Tous les comptes actifs ont servi dans les {days} derniers jours ({}).{dis_fr}{}",
            if active.is_empty() {
                "aucun".to_string()
            } else {
                active.join(", ")
            },
            admin_note(true)
        ),
        format!(
            "Every enabled account was used in the last {days} days ({}).{dis_en}{}",
            if active.is_empty() {
                "none".to_string()
            } else {
                active.join(", ")
            },
            admin_note(false)
        ),
    )
    .with(evidence)
}
