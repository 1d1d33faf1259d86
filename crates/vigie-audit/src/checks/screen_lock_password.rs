//! 4.3.2.c — « Imposer le déverrouillage de l'écran de veille par usage du
//! mot de passe du compte. »
//!
//! Linux: for every human account and every desktop offered (see
//! [`super::screen_lock`]), the screen saver must lock, and only the
//! account's password may unlock it:
//! - the lock is on and not forbidden (GNOME/Cinnamon `lock-enabled`, not
//!   `lockdown disable-lock-screen`; MATE likewise; Xfce `/lock/enabled`
//!   and `/lock/saver-activation/enabled`; a locker installed);
//! - no period in which the blanked screen comes back without a password
//!   (`lock-delay`, KDE `LockGrace`, Xfce `/lock/saver-activation/delay`
//!   must be 0, as the catalog's fix says: KDE's default grace of 5 s
//!   fails);
//! - KDE: `RequirePassword` not false, and `LockOnResume` not false (waking
//!   from sleep would open the session);
//! - no automatic login in the display manager in use (GDM
//!   `AutomaticLoginEnable`/`TimedLoginEnable`, LightDM `autologin-user`
//!   or `autologin-guest`, SDDM `[Autologin] User`): the session then opens
//!   with no password at all, which defeats the rule. A display manager
//!   that is installed but not the one in use is only reported.
//!
//! The verdict is the worst pair; a machine without any graphical session
//! is not applicable.

use super::screen_lock::{autologins, duration, pairs, PairState, Tally};
use super::{try_finding, Check};
use crate::{Context, EvidenceItem, Finding};

pub const CHECK: Check = Check {
    id: "4.3.2.c",
    evaluate,
};

fn evaluate(ctx: &Context) -> Finding {
    let (pairs, desktop) = try_finding!(pairs(ctx));
    let mut tally = Tally::default();

    for a in autologins(desktop) {
        let who = if a.user == "guest" {
            "le compte invité / the guest account".to_string()
        } else {
            a.user.clone()
        };
        let timed_fr = a
            .delay
            .as_ref()
            .map(|d| format!(" après {d} s à l'écran de connexion"))
            .unwrap_or_default();
        let timed_en = a
            .delay
            .as_ref()
            .map(|d| format!(" after {d} s at the login screen"))
            .unwrap_or_default();
        if a.in_use {
            tally.fails.push((
                format!(
                    "{} ouvre automatiquement la session de {who}{timed_fr}, sans mot de passe",
                    a.display_manager
                ),
                format!(
                    "{} opens {who}'s session automatically{timed_en}, without a password",
                    a.display_manager
                ),
            ));
        }
        let note = if a.in_use {
            "connexion automatique / automatic login"
        } else {
            "connexion automatique d'un gestionnaire non utilisé / automatic login of a display manager not in use"
        };
        tally.evidence.push(EvidenceItem::new(
            a.display_manager.clone(),
            None,
            Some(note),
            a.user.clone(),
        ));
        tally.evidence.extend(a.evidence);
    }

    for p in &pairs {
        let label = p.label();
        let (fr, en) = match &p.state {
            PairState::Unknown(u) => {
                tally.privileges |= u.privileges;
                tally
                    .unknowns
                    .push((format!("{label} : {}", u.fr), format!("{label}: {}", u.en)));
                ("inconnu".to_string(), format!("unknown: {}", u.en))
            }
            PairState::Known(f) => {
                let problem: Option<(String, String)> = if let Err((r_fr, r_en)) = &f.locks {
                    Some((r_fr.clone(), r_en.clone()))
                } else if !f.requires_password {
                    Some((
                        "le déverrouillage ne demande pas de mot de passe (RequirePassword = false)".into(),
                        "unlocking asks for no password (RequirePassword = false)".into(),
                    ))
                } else if f.grace > 0 {
                    Some((
                        format!(
                            "l'écran se rouvre sans mot de passe pendant {} après sa mise en veille ({})",
                            duration(f.grace),
                            f.grace_setting
                        ),
                        format!(
                            "the screen comes back without a password for {} after it blanks ({})",
                            duration(f.grace),
                            f.grace_setting
                        ),
                    ))
                } else if !f.lock_on_resume {
                    Some((
                        "la sortie de veille ne demande pas de mot de passe (LockOnResume = false)"
                            .into(),
                        "waking from sleep asks for no password (LockOnResume = false)".into(),
                    ))
                } else {
                    None
                };
                match problem {
                    Some((pf, pe)) => {
                        tally
                            .fails
                            .push((format!("{label} : {pf}"), format!("{label}: {pe}")));
                        (pf, pe)
                    }
                    None => {
                        tally.passes.push((label.clone(), label.clone()));
                        (
                            "mot de passe exigé".to_string(),
                            "password required".to_string(),
                        )
                    }
                }
            }
        };
        tally.evidence.push(EvidenceItem::new(
            label.clone(),
            None,
            Some("déverrouillage / unlocking"),
            format!("{fr} / {en}"),
        ));
        tally.evidence.extend(p.evidence.iter().cloned());
    }

    tally.finding(
        (
            "Le mot de passe du compte n'est pas toujours exigé",
            "The account password is not always required",
        ),
        (
            "Impossible d'établir que le déverrouillage exige le mot de passe",
            "Whether unlocking requires the password could not be established",
        ),
        (
            "L'écran de veille se verrouille et seul le mot de passe du compte le déverrouille, sans connexion automatique",
            "The screen saver locks and only the account password unlocks it, with no automatic login",
        ),
    )
}
