//! 4.3.2.a « Activer la mise en veille automatique de votre poste de
//! travail après une durée compatible avec votre activité (des durées de 30
//! minutes sont généralement adaptées) » and 4.3.2.c « Imposer le
//! déverrouillage de l'écran de veille par usage du mot de passe du
//! compte », on macOS.
//!
//! How macOS 13–15 locks (System Settings > Lock Screen): the session is
//! locked when the screen saver starts or the display turns off, once the
//! delay of "Require password after screen saver begins or display is
//! turned off" has passed (`sysadminctl -screenLock status`: immediate, N
//! seconds, or off). So, for every person's account:
//!
//! - the inactivity before the lock is the earlier of the screen saver's
//!   start (`idleTime` of the account's ByHost `com.apple.screensaver`,
//!   seconds, 0 = never) and display sleep (`pmset -g custom`
//!   `displaysleep`, minutes, 0 = never; the longest of the power sources,
//!   since a laptop is plugged in at the practice), plus the lock delay.
//!   4.3.2.a passes when it is at most the profile's 30 minutes; a lock
//!   turned off, or neither screen saver nor display sleep ever starting,
//!   fails. An account whose screen saver time is not set (the default
//!   applies, which Vigie cannot read) is judged on display sleep alone
//!   when that is enough, unknown otherwise.
//! - 4.3.2.c passes when the lock asks the password immediately: a delay
//!   is a period in which the screen comes back without the password (as
//!   on Linux, where any grace period fails); a lock turned off fails, and
//!   so does automatic login (`autoLoginUser`), which opens a session at
//!   startup without any password.
//!
//! Precedence: a configuration profile's managed `com.apple.screensaver`
//! (`idleTime`, `askForPassword`, `askForPasswordDelay`; per account, then
//! for all) wins; then `sysadminctl` for the lock (it answers for the
//! account logged in at the console, and a Mac's practice accounts share
//! the setting only if each set it: the evidence says whose it is); then,
//! before macOS 13, the account's own `askForPassword` and
//! `askForPasswordDelay`.

use super::{macos, status_item, why};
use crate::checks::try_finding;
use crate::{Context, EvidenceItem, Finding, Status};
use vigie_evidence::macos::screen::{ScreenLock, ScreenSaverPrefs, UserScreenSaver};
use vigie_evidence::macos::MacosEvidence;
use vigie_evidence::Collected;

/// The lock as it applies to one account: delay in seconds, or off.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Lock {
    Off,
    After(i64),
    Unknown,
}

struct AccountView {
    user: String,
    /// Screen saver start, seconds (0 = never), with its source.
    idle: Option<(i64, EvidenceItem)>,
    lock: Lock,
    lock_evidence: Vec<EvidenceItem>,
    /// Why something could not be read.
    gaps: Vec<EvidenceItem>,
    denied: bool,
}

fn prefs_value(c: &Collected<ScreenSaverPrefs>) -> Option<(&str, &ScreenSaverPrefs)> {
    match c {
        Collected::Ok { source, value } => Some((source.as_str(), value)),
        _ => None,
    }
}

fn account(m: &MacosEvidence, u: Option<&UserScreenSaver>) -> AccountView {
    let s = &m.screen;
    let mut gaps = Vec::new();
    let mut denied = false;
    let mut note = |c: &Collected<ScreenSaverPrefs>, gaps: &mut Vec<EvidenceItem>| {
        if let Collected::Unreadable { .. } = c {
            denied |= c.permission_denied();
            gaps.push(status_item(c, "com.apple.screensaver"));
        }
    };
    let user_managed = u.and_then(|u| prefs_value(&u.managed));
    let global_managed = prefs_value(&s.managed);
    if let Some(u) = u {
        note(&u.managed, &mut gaps);
        note(&u.prefs, &mut gaps);
        for b in &u.by_host {
            note(b, &mut gaps);
        }
    }
    note(&s.managed, &mut gaps);
    let managed: Vec<(&str, &ScreenSaverPrefs)> =
        user_managed.into_iter().chain(global_managed).collect();

    // Screen saver start: managed first, then the worst ByHost file.
    let mut idle = managed.iter().find_map(|(src, p)| {
        p.idle_time.map(|t| {
            (
                t,
                EvidenceItem::new(*src, None, Some("idleTime"), t.to_string()),
            )
        })
    });
    if idle.is_none() {
        if let Some(u) = u {
            for b in &u.by_host {
                if let Some((src, p)) = prefs_value(b) {
                    if let Some(t) = p.idle_time {
                        let worse = match &idle {
                            None => true,
                            Some((cur, _)) => t == 0 || (*cur != 0 && t > *cur),
                        };
                        if worse {
                            idle = Some((
                                t,
                                EvidenceItem::new(src, None, Some("idleTime"), t.to_string()),
                            ));
                        }
                    }
                }
            }
        }
    }

    // The lock: managed, then sysadminctl, then the account's legacy keys.
    let mut lock_evidence = Vec::new();
    let managed_lock = managed.iter().find_map(|(src, p)| {
        p.ask_for_password
            .map(|ask| (src, ask, p.ask_for_password_delay))
    });
    let lock = if let Some((src, ask, delay)) = managed_lock {
        lock_evidence.push(EvidenceItem::new(
            *src,
            None,
            Some("askForPassword"),
            ask.to_string(),
        ));
        if let Some(d) = delay {
            lock_evidence.push(EvidenceItem::new(
                *src,
                None,
                Some("askForPasswordDelay"),
                d.to_string(),
            ));
        }
        if ask {
            Lock::After(delay.unwrap_or(0).max(0))
        } else {
            Lock::Off
        }
    } else {
        match &s.screen_lock {
            Collected::Ok { source, value } => {
                let shown = match value {
                    ScreenLock::Off => "off".to_string(),
                    ScreenLock::Immediate => "immediate".to_string(),
                    ScreenLock::AfterSeconds(n) => format!("{n} seconds"),
                };
                lock_evidence.push(EvidenceItem::new(source, None, Some("screenLock"), shown));
                match value {
                    ScreenLock::Off => Lock::Off,
                    ScreenLock::Immediate => Lock::After(0),
                    ScreenLock::AfterSeconds(n) => Lock::After(*n),
                }
            }
            other => {
                let legacy = u.and_then(|u| prefs_value(&u.prefs)).and_then(|(src, p)| {
                    p.ask_for_password
                        .map(|a| (src, a, p.ask_for_password_delay))
                });
                match legacy {
                    Some((src, ask, delay)) => {
                        lock_evidence.push(EvidenceItem::new(
                            src,
                            None,
                            Some("askForPassword"),
                            ask.to_string(),
                        ));
                        if ask {
                            Lock::After(delay.unwrap_or(0).max(0))
                        } else {
                            Lock::Off
                        }
                    }
                    None => {
                        denied |= other.permission_denied();
                        gaps.push(status_item(other, "$ sysadminctl -screenLock status"));
                        Lock::Unknown
                    }
                }
            }
        }
    };
    AccountView {
        user: u.map(|u| u.user.clone()).unwrap_or_default(),
        idle,
        lock,
        lock_evidence,
        gaps,
        denied,
    }
}

fn views(m: &MacosEvidence) -> Vec<AccountView> {
    if m.screen.users.is_empty() {
        vec![account(m, None)]
    } else {
        m.screen.users.iter().map(|u| account(m, Some(u))).collect()
    }
}

fn who(v: &AccountView) -> (String, String) {
    if v.user.is_empty() {
        ("Ce poste".into(), "This computer".into())
    } else {
        (format!("Compte {}", v.user), format!("Account {}", v.user))
    }
}

fn minutes(s: i64) -> String {
    if s % 60 == 0 {
        format!("{} min", s / 60)
    } else {
        format!("{s} s")
    }
}

/// Combines per-account findings: the worst status, its reasons.
fn combine(findings: Vec<Finding>) -> Finding {
    let worst = findings
        .iter()
        .map(|f| f.status)
        .min()
        .unwrap_or(Status::Unknown);
    let mut fr = Vec::new();
    let mut en = Vec::new();
    let mut out = Finding::new(worst, "", "");
    for f in findings {
        if f.status == worst {
            fr.push(f.reason.fr.clone());
            en.push(f.reason.en.clone());
        }
        out.needs_privileges |= f.needs_privileges && f.status == worst;
        out.evidence.extend(f.evidence);
    }
    out.reason = vigie_catalog::Localized::new(fr.join(" "), en.join(" "));
    out
}

/// 4.3.2.a
pub(super) fn delay(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let max = ctx.profile.screen_lock_max_seconds as i64;
    // Display sleep: the longest of the power sources; 0 = never.
    let (display, display_ev) = match &m.screen.power {
        Collected::Ok { source, value } => {
            let mut worst: Option<i64> = None;
            for p in value {
                if let Some(d) = p.displaysleep {
                    worst = Some(match worst {
                        None => d,
                        Some(w) if w == 0 || d == 0 => 0,
                        Some(w) => w.max(d),
                    });
                }
            }
            let shown: Vec<String> = value
                .iter()
                .map(|p| {
                    format!(
                        "{}: {}",
                        p.source,
                        p.displaysleep.map(|d| d.to_string()).unwrap_or("?".into())
                    )
                })
                .collect();
            (
                worst,
                Some(EvidenceItem::new(
                    source,
                    None,
                    Some("displaysleep"),
                    shown.join("; "),
                )),
            )
        }
        other => (None, Some(status_item(other, "$ pmset -g custom"))),
    };
    let findings = views(m)
        .into_iter()
        .map(|v| {
            let (wfr, wen) = who(&v);
            let mut evidence = Vec::new();
            evidence.extend(v.idle.as_ref().map(|(_, e)| e.clone()));
            evidence.extend(display_ev.clone());
            evidence.extend(v.lock_evidence.clone());
            evidence.extend(v.gaps.clone());
            let delay = match v.lock {
                Lock::Off => {
                    return Finding::fail(
                        format!("{wfr} : le mot de passe n'est jamais demandé à la sortie de l'économiseur d'écran ou de la veille de l'écran : la session ne se verrouille pas."),
                        format!("{wen}: the password is never asked when the screen saver or display sleep ends: the session does not lock."),
                    )
                    .with(evidence)
                }
                Lock::Unknown => {
                    let f = Finding::unknown(
                        format!("{wfr} : le réglage du verrouillage (mot de passe après l'économiseur d'écran) n'a pas pu être lu."),
                        format!("{wen}: the lock setting (password after the screen saver) could not be read."),
                    )
                    .with(evidence);
                    return if v.denied { f.needs_privileges() } else { f };
                }
                Lock::After(d) => d,
            };
            let saver = v.idle.as_ref().map(|(t, _)| *t);
            let display_s = display.map(|d| d * 60);
            let starts: Vec<i64> = [saver, display_s].into_iter().flatten().filter(|t| *t > 0).collect();
            let start = starts.iter().min().copied();
            match (start, saver, display_s) {
                (Some(s), _, _) if s + delay <= max => Finding::pass(
                    format!("{wfr} : la session se verrouille après {} d'inactivité (économiseur d'écran ou veille de l'écran{}).", minutes(s + delay), if delay > 0 { format!(", plus {} de délai avant le mot de passe", minutes(delay)) } else { String::new() }),
                    format!("{wen}: the session locks after {} of inactivity (screen saver or display sleep{}).", minutes(s + delay), if delay > 0 { format!(", plus a {} delay before the password", minutes(delay)) } else { String::new() }),
                )
                .with(evidence),
                (Some(s), None, _) => {
                    let f = Finding::unknown(
                        format!("{wfr} : la veille de l'écran ne verrouille qu'après {} et le délai de l'économiseur d'écran n'est pas réglé pour ce compte (valeur par défaut non lisible) ; réglez-le à 30 minutes au plus.", minutes(s + delay)),
                        format!("{wen}: display sleep locks only after {} and the screen saver time is not set for this account (its default cannot be read); set it to 30 minutes at most.", minutes(s + delay)),
                    )
                    .with(evidence);
                    if v.denied { f.needs_privileges() } else { f }
                }
                (Some(s), _, _) => Finding::fail(
                    format!("{wfr} : la session ne se verrouille qu'après {} d'inactivité ; le mémento conseille 30 minutes au plus.", minutes(s + delay)),
                    format!("{wen}: the session locks only after {} of inactivity; the memento advises 30 minutes at most.", minutes(s + delay)),
                )
                .with(evidence),
                (None, Some(0), Some(0)) => Finding::fail(
                    format!("{wfr} : ni l'économiseur d'écran ni la veille de l'écran ne démarrent jamais : la session ne se verrouille pas d'elle-même."),
                    format!("{wen}: neither the screen saver nor display sleep ever starts: the session never locks by itself."),
                )
                .with(evidence),
                _ => {
                    let f = Finding::unknown(
                        format!("{wfr} : le délai avant l'économiseur d'écran ou la veille de l'écran n'a pas pu être établi."),
                        format!("{wen}: the time before the screen saver or display sleep could not be established."),
                    )
                    .with(evidence);
                    if v.denied { f.needs_privileges() } else { f }
                }
            }
        })
        .collect();
    combine(findings)
}

/// 4.3.2.c
pub(super) fn password(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let auto_login = match &m.screen.auto_login_user {
        Collected::Ok {
            source,
            value: Some(u),
        } if !u.is_empty() => Some(EvidenceItem::new(
            source,
            None,
            Some("autoLoginUser"),
            u.clone(),
        )),
        _ => None,
    };
    let mut findings: Vec<Finding> = views(m)
        .into_iter()
        .map(|v| {
            let (wfr, wen) = who(&v);
            let mut evidence = v.lock_evidence.clone();
            evidence.extend(v.gaps.clone());
            match v.lock {
                Lock::After(0) => Finding::pass(
                    format!("{wfr} : le mot de passe du compte est demandé dès la sortie de l'économiseur d'écran ou de la veille."),
                    format!("{wen}: the account's password is asked as soon as the screen saver or sleep ends."),
                )
                .with(evidence),
                Lock::After(d) => Finding::fail(
                    format!("{wfr} : le mot de passe n'est demandé que {} après le début de l'économiseur d'écran ; pendant ce délai, l'écran revient sans mot de passe. Choisissez « Immédiatement ».", minutes(d)),
                    format!("{wen}: the password is asked only {} after the screen saver starts; during that delay the screen comes back without a password. Choose \"Immediately\".", minutes(d)),
                )
                .with(evidence),
                Lock::Off => Finding::fail(
                    format!("{wfr} : aucun mot de passe n'est demandé à la sortie de l'économiseur d'écran ou de la veille."),
                    format!("{wen}: no password is asked when the screen saver or sleep ends."),
                )
                .with(evidence),
                Lock::Unknown => {
                    let f = Finding::unknown(
                        format!("{wfr} : le réglage « Exiger le mot de passe » n'a pas pu être lu."),
                        format!("{wen}: the \"Require password\" setting could not be read."),
                    )
                    .with(evidence);
                    if v.denied { f.needs_privileges() } else { f }
                }
            }
        })
        .collect();
    if let Some(ev) = auto_login {
        findings.push(
            Finding::fail(
                format!("L'ouverture de session automatique est activée pour le compte {} : au démarrage, la session s'ouvre sans aucun mot de passe.", ev.value),
                format!("Automatic login is on for account {}: at startup the session opens without any password.", ev.value),
            )
            .with([ev]),
        );
    } else if let other @ (Collected::Unreadable { .. } | Collected::NotCollected { .. }) =
        &m.screen.auto_login_user
    {
        let (_, en, _) = why(other);
        if let Some(f) = findings.first_mut() {
            f.evidence.push(EvidenceItem::new(
                other.source().unwrap_or("com.apple.loginwindow"),
                None,
                Some("autoLoginUser"),
                en,
            ));
        }
    }
    combine(findings)
}
