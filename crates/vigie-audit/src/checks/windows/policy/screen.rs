//! Screen lock on Windows: 4.3.2.a « mise en veille automatique … 30
//! minutes » and 4.3.2.c « déverrouillage de l'écran de veille par usage du
//! mot de passe du compte », for every user profile of the machine (users
//! logged in are read under `HKEY_USERS\<SID>`, the others from their
//! `NTUSER.DAT`; disabled accounts are left out).
//!
//! A session is locked with its password, after some inactivity, by any of:
//! - the machine inactivity limit (`InactivityTimeoutSecs` under
//!   `HKLM\…\Policies\System`, "Interactive logon: Machine inactivity
//!   limit", 1 to 599940 s; 0 or absent: off), for every user;
//! - the user's screen saver when it runs and is secure: the policy values
//!   (`HKCU\Software\Policies\Microsoft\Windows\Control Panel\Desktop`,
//!   user configuration only) win over the user's own (`HKCU\Control
//!   Panel\Desktop`), value by value: `ScreenSaveActive` not "0",
//!   `SCRNSAVE.EXE` naming a screen saver (none chosen: it never runs),
//!   `ScreenSaveTimeOut` in seconds, `ScreenSaverIsSecure` "1" ("On
//!   resume, display logon screen");
//! - sleep ("Sleep after", `STANDBYIDLE`, seconds, 0 never) when waking
//!   asks for the password (`CONSOLELOCK` = 1, "Require a password on
//!   wakeup", Windows' default): the catalog's Windows fix counts sleep
//!   after 30 minutes. The power policies
//!   (`HKLM\SOFTWARE\Policies\Microsoft\Power\PowerSettings\<GUID>`) win
//!   over the active plan; the worse of mains and battery is taken (0 is
//!   "never"). Turning the display off is not a lock and is not counted;
//!   an application may also keep the machine awake (`powercfg
//!   /requests`), which only a running system shows.
//!
//! 4.3.2.a: the earliest of these must come within the profile's
//! `screen_lock_max_seconds` (30 minutes) for every user. 4.3.2.c: nothing
//! may blank the screen before that lock and go away without the password:
//! a screen saver that is not secure, or sleep with `CONSOLELOCK` = 0; and
//! the machine must not log on by itself (`AutoAdminLogon` = 1 under
//! `Winlogon`): the session then opens with no password at all.

use super::{describe, duration, join, policy};
use crate::checks::{try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::windows::policy::desktop::{
    DesktopSettings, PowerEvidence, CONSOLE_LOCK, STANDBY_IDLE,
};
use vigie_evidence::windows::policy::PolicyEvidence;
use vigie_evidence::windows::reg::RegKey;
use vigie_evidence::Collected;

pub const DELAY: Check = Check {
    id: "4.3.2.a",
    evaluate: delay,
};
pub const PASSWORD: Check = Check {
    id: "4.3.2.c",
    evaluate: password,
};

/// A mechanism that blanks or locks the screen after some inactivity.
struct Mechanism {
    after: u64,
    fr: String,
    en: String,
}

/// What is known of one user's session.
struct Session {
    label: String,
    /// Mechanisms that lock with the password.
    locks: Vec<Mechanism>,
    /// Mechanisms that blank the screen but give it back without a password.
    open: Vec<Mechanism>,
    /// What could not be read (FR, EN), and whether rights were missing.
    unknown: Vec<(String, String)>,
    privileges: bool,
}

impl Session {
    fn lock_after(&self) -> Option<&Mechanism> {
        self.locks.iter().min_by_key(|m| m.after)
    }
}

/// Machine-wide facts shared by every session.
struct Machine {
    limit: Option<Mechanism>,
    sleep: Option<Mechanism>,
    sleep_open: Option<Mechanism>,
    unknown: Vec<(String, String)>,
    privileges: bool,
    evidence: Vec<EvidenceItem>,
}

fn reg_value<'a>(
    keys: &'a [RegKey],
    name: &str,
) -> Option<(&'a RegKey, &'a vigie_evidence::windows::reg::RegValue)> {
    keys.iter().find_map(|k| k.value(name).map(|v| (k, v)))
}

/// A power setting: the policy key's values win over the plan's; the worse
/// of AC and DC (0 = never, the worst for a delay).
fn power_value(
    power: &PowerEvidence,
    guid: &str,
    evidence: &mut Vec<EvidenceItem>,
) -> Result<Option<(u64, u64)>, (String, String, bool)> {
    if let Collected::Ok { source, value } = &power.policies {
        if let Some(k) = value
            .iter()
            .find(|k| k.path.to_ascii_lowercase().ends_with(guid))
        {
            let ac = k.value("ACSettingIndex").and_then(|v| v.as_u64());
            let dc = k.value("DCSettingIndex").and_then(|v| v.as_u64());
            if ac.is_some() || dc.is_some() {
                evidence.push(EvidenceItem::new(
                    source.clone(),
                    None,
                    Some(&k.path),
                    format!("AC = {ac:?}, DC = {dc:?}"),
                ));
                let ac = ac.or(dc).unwrap_or(0);
                let dc = dc.unwrap_or(ac);
                return Ok(Some((ac, dc)));
            }
        }
    }
    let plan = if guid == STANDBY_IDLE {
        &power.sleep
    } else {
        &power.console_lock
    };
    match plan {
        Collected::Ok { source, value } => {
            evidence.push(EvidenceItem::new(
                source.clone(),
                None,
                Some(guid),
                format!(
                    "AC = {}, DC = {}",
                    value.ac.map(|v| v.to_string()).unwrap_or("?".into()),
                    value.dc.map(|v| v.to_string()).unwrap_or("?".into())
                ),
            ));
            match (value.ac, value.dc) {
                (Some(a), Some(d)) => Ok(Some((a, d))),
                (Some(a), None) | (None, Some(a)) => Ok(Some((a, a))),
                (None, None) => Ok(None),
            }
        }
        other => Err((describe(other), describe(other), other.permission_denied())),
    }
}

fn machine(ev: &PolicyEvidence) -> Machine {
    let mut m = Machine {
        limit: None,
        sleep: None,
        sleep_open: None,
        unknown: Vec::new(),
        privileges: false,
        evidence: Vec::new(),
    };
    match &ev.system_policies {
        Collected::Ok { source, value } => match reg_value(value, "InactivityTimeoutSecs") {
            Some((k, v)) => {
                m.evidence.push(EvidenceItem::new(
                    source.clone(),
                    None,
                    Some(&format!("{}\\InactivityTimeoutSecs", k.path)),
                    v.data.clone(),
                ));
                if let Some(s) = v.as_u64().filter(|s| *s > 0) {
                    m.limit = Some(Mechanism {
                        after: s,
                        fr: format!("limite d'inactivité de l'ordinateur ({})", duration(s)),
                        en: format!("machine inactivity limit ({})", duration(s)),
                    });
                }
            }
            None => m.evidence.push(EvidenceItem::new(
                source.clone(),
                None,
                Some("InactivityTimeoutSecs"),
                "absent (désactivée / off)",
            )),
        },
        other => {
            m.privileges |= other.permission_denied();
            m.unknown.push((
                format!("limite d'inactivité illisible ({})", describe(other)),
                format!("inactivity limit unreadable ({})", describe(other)),
            ));
        }
    }
    let sleep = power_value(&ev.power, STANDBY_IDLE, &mut m.evidence);
    let wake = power_value(&ev.power, CONSOLE_LOCK, &mut m.evidence);
    match (sleep, wake) {
        (Ok(Some((ac, dc))), wake) => {
            // 0 is never: the worse of the two delays.
            let after = if ac == 0 || dc == 0 {
                None
            } else {
                Some(ac.max(dc))
            };
            if let Some(after) = after {
                match wake {
                    Ok(Some((wa, wd))) if wa == 1 && wd == 1 => {
                        m.sleep = Some(Mechanism {
                            after,
                            fr: format!("mise en veille avec mot de passe au réveil ({})", duration(after)),
                            en: format!("sleep with a password on wakeup ({})", duration(after)),
                        })
                    }
                    Ok(Some(_)) => {
                        m.sleep_open = Some(Mechanism {
                            after,
                            fr: format!("la sortie de veille ne demande pas de mot de passe (mise en veille après {})", duration(after)),
                            en: format!("waking from sleep asks for no password (sleep after {})", duration(after)),
                        })
                    }
                    Ok(None) | Err(_) => m.unknown.push((
                        "mot de passe au réveil illisible".into(),
                        "password on wakeup unreadable".into(),
                    )),
                }
            }
        }
        (Ok(None), _) => {}
        (Err((fr, en, p)), _) => {
            m.privileges |= p;
            m.unknown.push((
                format!("mise en veille illisible ({fr})"),
                format!("sleep unreadable ({en})"),
            ));
        }
    }
    m
}

/// One user's screen saver, policy first, value by value.
fn saver(
    label: &str,
    source: &str,
    d: &DesktopSettings,
    s: &mut Session,
    evidence: &mut Vec<EvidenceItem>,
) {
    let get = |name: &str| -> Option<(String, &RegKey)> {
        for k in [&d.policy, &d.user].into_iter().flatten() {
            if let Some(v) = k.value(name) {
                return Some((v.data.trim().to_string(), k));
            }
        }
        None
    };
    for name in [
        "ScreenSaveActive",
        "SCRNSAVE.EXE",
        "ScreenSaveTimeOut",
        "ScreenSaverIsSecure",
    ] {
        match get(name) {
            Some((v, k)) => evidence.push(EvidenceItem::new(
                source,
                None,
                Some(&format!("{}\\{name}", k.path)),
                v,
            )),
            None => evidence.push(EvidenceItem::new(
                source,
                None,
                Some(name),
                format!("absent ({label})"),
            )),
        }
    }
    let active = get("ScreenSaveActive")
        .map(|(v, _)| v != "0")
        .unwrap_or(true);
    let exe = get("SCRNSAVE.EXE")
        .map(|(v, _)| v)
        .filter(|v| !v.is_empty());
    if !active || exe.is_none() {
        return; // The screen saver never runs.
    }
    let Some(after) = get("ScreenSaveTimeOut").and_then(|(v, _)| v.parse::<u64>().ok()) else {
        s.unknown.push((
            "délai de l'écran de veille absent ou illisible".into(),
            "screen-saver delay missing or unreadable".into(),
        ));
        return;
    };
    if after == 0 {
        return;
    }
    let secure = get("ScreenSaverIsSecure")
        .map(|(v, _)| v == "1")
        .unwrap_or(false);
    if secure {
        s.locks.push(Mechanism {
            after,
            fr: format!(
                "écran de veille protégé par mot de passe ({})",
                duration(after)
            ),
            en: format!("password-protected screen saver ({})", duration(after)),
        });
    } else {
        s.open.push(Mechanism {
            after,
            fr: format!(
                "l'écran de veille se retire sans mot de passe (ScreenSaverIsSecure ≠ 1, après {})",
                duration(after)
            ),
            en: format!(
                "the screen saver goes away without a password (ScreenSaverIsSecure ≠ 1, after {})",
                duration(after)
            ),
        });
    }
}

/// Every session to judge, with the machine facts and evidence.
fn sessions(ev: &PolicyEvidence) -> (Vec<Session>, Machine, Vec<EvidenceItem>) {
    let m = machine(ev);
    let mut evidence = m.evidence.clone();
    let mut out = Vec::new();
    let accounts = ev.accounts.value();
    for d in &ev.desktops {
        let user = accounts.and_then(|a| a.user_by_sid(&d.sid));
        if user.is_some_and(|u| !u.enabled) {
            continue;
        }
        let label = d.name.clone().unwrap_or_else(|| d.sid.clone());
        let mut s = Session {
            label: label.clone(),
            locks: Vec::new(),
            open: Vec::new(),
            unknown: m.unknown.clone(),
            privileges: m.privileges,
        };
        s.locks.extend(m.limit.iter().map(|x| Mechanism {
            after: x.after,
            fr: x.fr.clone(),
            en: x.en.clone(),
        }));
        s.locks.extend(m.sleep.iter().map(|x| Mechanism {
            after: x.after,
            fr: x.fr.clone(),
            en: x.en.clone(),
        }));
        s.open.extend(m.sleep_open.iter().map(|x| Mechanism {
            after: x.after,
            fr: x.fr.clone(),
            en: x.en.clone(),
        }));
        match &d.settings {
            Collected::Ok { source, value } => saver(&label, source, value, &mut s, &mut evidence),
            other => {
                s.privileges |= other.permission_denied();
                let extra = if other.permission_denied() {
                    " (droits d'administrateur nécessaires)"
                } else {
                    ""
                };
                let extra_en = if other.permission_denied() {
                    " (administrator rights needed)"
                } else {
                    ""
                };
                s.unknown.push((
                    format!(
                        "réglages de l'écran de veille illisibles ({}){extra}",
                        describe(other)
                    ),
                    format!(
                        "screen-saver settings unreadable ({}){extra_en}",
                        describe(other)
                    ),
                ));
                evidence.push(EvidenceItem::new(
                    other.source().unwrap_or(&d.sid),
                    None,
                    Some(&label),
                    describe(other),
                ));
            }
        }
        out.push(s);
    }
    (out, m, evidence)
}

/// No session to judge: the accounts or profiles could not be read, or
/// no one has a profile yet.
fn no_sessions(ev: &PolicyEvidence, m: &Machine, max: u64, evidence: Vec<EvidenceItem>) -> Finding {
    if let Some(l) = m.limit.as_ref().filter(|l| l.after <= max) {
        return Finding::pass(
            format!("Toute session se verrouille avec mot de passe : {}.", l.fr),
            format!("Every session locks with its password: {}.", l.en),
        )
        .with(evidence);
    }
    if ev.accounts.value().is_none() {
        return super::unread(
            "La liste des comptes et profils",
            "The list of accounts and profiles",
            &ev.accounts,
        )
        .with(evidence);
    }
    Finding::unknown(
        "Aucun profil d'utilisateur actif n'a été trouvé : personne n'a encore ouvert de session sur ce poste.",
        "No profile of an enabled user was found: nobody has logged in on this computer yet.",
    )
    .with(evidence)
}

fn delay(ctx: &Context) -> Finding {
    let ev = try_finding!(policy(ctx));
    let max = ctx.profile.screen_lock_max_seconds;
    let (sessions, m, mut evidence) = sessions(ev);
    if sessions.is_empty() {
        return no_sessions(ev, &m, max, evidence);
    }
    let (mut fails, mut unknowns, mut passes) = (Vec::new(), Vec::new(), Vec::new());
    let mut privileges = false;
    for s in &sessions {
        let (fr, en) = match s.lock_after() {
            Some(l) if l.after <= max => {
                passes.push((
                    format!("{} : {}", s.label, l.fr),
                    format!("{}: {}", s.label, l.en),
                ));
                (l.fr.clone(), l.en.clone())
            }
            _ if !s.unknown.is_empty() => {
                privileges |= s.privileges;
                let (f, e) = join(&s.unknown);
                unknowns.push((format!("{} : {f}", s.label), format!("{}: {e}", s.label)));
                (format!("inconnu : {f}"), format!("unknown: {e}"))
            }
            Some(l) => {
                fails.push((
                    format!("{} : {} seulement", s.label, l.fr),
                    format!("{}: {} only", s.label, l.en),
                ));
                (l.fr.clone(), l.en.clone())
            }
            None => {
                fails.push((
                    format!("{} : aucun verrouillage automatique (ni limite d'inactivité, ni écran de veille protégé, ni mise en veille avec mot de passe)", s.label),
                    format!("{}: no automatic lock (no inactivity limit, no password-protected screen saver, no sleep with a password)", s.label),
                ));
                ("aucun".into(), "none".into())
            }
        };
        evidence.push(EvidenceItem::new(
            s.label.clone(),
            None,
            Some("verrouillage automatique / automatic lock"),
            format!("{fr} / {en}"),
        ));
    }
    let max_h = duration(max);
    if !fails.is_empty() {
        let (f, e) = join(&fails);
        return Finding::fail(
            format!("Le poste ne se verrouille pas avec mot de passe en {max_h} au plus pour chaque session : {f}."),
            format!("The computer does not lock with a password within {max_h} for every session: {e}."),
        )
        .with(evidence);
    }
    if !unknowns.is_empty() {
        let (f, e) = join(&unknowns);
        let out = Finding::unknown(
            format!("Le délai de verrouillage n'a pas pu être établi : {f}."),
            format!("The lock delay could not be established: {e}."),
        )
        .with(evidence);
        return if privileges {
            out.needs_privileges()
        } else {
            out
        };
    }
    let (f, e) = join(&passes);
    Finding::pass(
        format!(
            "Chaque session se verrouille avec mot de passe en {max_h} au plus d'inactivité : {f}."
        ),
        format!("Every session locks with its password within {max_h} of inactivity: {e}."),
    )
    .with(evidence)
}

fn password(ctx: &Context) -> Finding {
    let ev = try_finding!(policy(ctx));
    let max = ctx.profile.screen_lock_max_seconds;
    let (sessions, m, mut evidence) = sessions(ev);
    let (mut fails, mut unknowns, mut passes) = (Vec::new(), Vec::new(), Vec::new());
    let mut privileges = false;
    // Automatic logon: the session opens with no password at all.
    match &ev.winlogon {
        Collected::Ok { source, value } => {
            let auto = reg_value(value, "AutoAdminLogon").map(|(_, v)| v.data.trim().to_string());
            let who = reg_value(value, "DefaultUserName").map(|(_, v)| v.data.trim().to_string());
            evidence.push(EvidenceItem::new(
                source.clone(),
                None,
                Some("AutoAdminLogon"),
                auto.clone().unwrap_or_else(|| "absent".into()),
            ));
            if auto.as_deref() == Some("1") {
                let who = who.unwrap_or_default();
                evidence.push(EvidenceItem::new(
                    source.clone(),
                    None,
                    Some("DefaultUserName"),
                    who.clone(),
                ));
                fails.push((
                    format!("Windows ouvre automatiquement la session de « {who} » au démarrage, sans mot de passe (AutoAdminLogon = 1)"),
                    format!("Windows opens \"{who}\"'s session automatically at startup, without a password (AutoAdminLogon = 1)"),
                ));
            }
        }
        other => {
            privileges |= other.permission_denied();
            unknowns.push((
                format!("connexion automatique illisible ({})", describe(other)),
                format!("automatic logon unreadable ({})", describe(other)),
            ));
        }
    }
    if sessions.is_empty() && fails.is_empty() {
        let f = no_sessions(ev, &m, max, evidence);
        return f;
    }
    for s in &sessions {
        let lock = s.lock_after().map(|l| l.after);
        let before: Vec<&Mechanism> = s
            .open
            .iter()
            .filter(|o| lock.is_none_or(|l| o.after < l))
            .collect();
        if !before.is_empty() {
            for o in before {
                fails.push((
                    format!("{} : {}", s.label, o.fr),
                    format!("{}: {}", s.label, o.en),
                ));
            }
        } else if !s.unknown.is_empty() {
            privileges |= s.privileges;
            let (f, e) = join(&s.unknown);
            unknowns.push((format!("{} : {f}", s.label), format!("{}: {e}", s.label)));
        } else {
            passes.push((s.label.clone(), s.label.clone()));
        }
    }
    if !fails.is_empty() {
        let (f, e) = join(&fails);
        return Finding::fail(
            format!("Le mot de passe du compte n'est pas toujours exigé : {f}."),
            format!("The account password is not always required: {e}."),
        )
        .with(evidence);
    }
    if !unknowns.is_empty() {
        let (f, e) = join(&unknowns);
        let out = Finding::unknown(
            format!("Impossible d'établir que le retour sur la session exige le mot de passe : {f}."),
            format!("Whether getting back to the session requires the password could not be established: {e}."),
        )
        .with(evidence);
        return if privileges {
            out.needs_privileges()
        } else {
            out
        };
    }
    let (f, _) = join(&passes);
    Finding::pass(
        format!("Rien ne rend la session sans mot de passe (écran de veille protégé ou absent, mot de passe au réveil, pas de connexion automatique) : {f}."),
        format!("Nothing gives the session back without a password (screen saver protected or absent, password on wakeup, no automatic logon): {f}."),
    )
    .with(evidence)
}
