//! 4.3.2.a — « Activer la mise en veille automatique de votre poste de
//! travail après une durée compatible avec votre activité (des durées de 30
//! minutes sont généralement adaptées). »
//!
//! Linux: for every human account and every desktop its display manager
//! offers, the inactivity after which the session is locked with a
//! password, from the settings that desktop really reads (see
//! [`super::screen_lock`] for each desktop's keys, units, defaults and
//! precedence). That time is the idle delay plus any delay during which the
//! blanked screen still comes back without a password (GNOME's
//! `lock-delay`, KDE's `LockGrace`...): it must be at most the profile's
//! `screen_lock_max_seconds` (the memento's 30 minutes). An idle delay of 0
//! (never), automatic locking turned off, or a screen saver that blanks
//! without locking fails: « mise en veille » here means a lock, as the
//! memento's essential measure says (« verrouillage de session
//! (déverrouillable par mot de passe) »). The verdict is the worst pair;
//! the evidence lists each pair's settings and where they came from. A
//! machine with no graphical session at all is not applicable.

use super::screen_lock::{duration, pairs, PairState, Tally};
use super::{try_finding, Check};
use crate::{Context, EvidenceItem, Finding};

pub const CHECK: Check = Check {
    id: "4.3.2.a",
    evaluate,
};

fn evaluate(ctx: &Context) -> Finding {
    let (pairs, _) = try_finding!(pairs(ctx));
    let max = ctx.profile.screen_lock_max_seconds;
    let mut tally = Tally::default();
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
            PairState::Known(f) => match f.password_after() {
                None => {
                    let (rfr, ren) = match &f.locks {
                        Err(r) => r.clone(),
                        Ok(()) => f.no_activation.clone(),
                    };
                    tally.fails.push((
                        format!("{label} : pas de verrouillage automatique ({rfr})"),
                        format!("{label}: no automatic lock ({ren})"),
                    ));
                    (
                        "pas de verrouillage automatique".to_string(),
                        "no automatic lock".to_string(),
                    )
                }
                Some(t) => {
                    let detail = |lang_fr: bool| {
                        if f.grace > 0 {
                            let a = duration(f.activation.unwrap_or(0));
                            let g = duration(f.grace);
                            if lang_fr {
                                format!(
                                    " (inactivité {a} + {g} sans mot de passe, {})",
                                    f.grace_setting
                                )
                            } else {
                                format!(" (idle {a} + {g} without password, {})", f.grace_setting)
                            }
                        } else {
                            String::new()
                        }
                    };
                    let fr = format!("mot de passe exigé après {}{}", duration(t), detail(true));
                    let en = format!("password required after {}{}", duration(t), detail(false));
                    if t > max {
                        tally
                            .fails
                            .push((format!("{label} : {fr}"), format!("{label}: {en}")));
                    } else {
                        tally
                            .passes
                            .push((format!("{label} : {fr}"), format!("{label}: {en}")));
                    }
                    (fr, en)
                }
            },
        };
        tally.evidence.push(EvidenceItem::new(
            label.clone(),
            None,
            Some("verrouillage automatique / automatic lock"),
            format!("{fr} / {en}"),
        ));
        tally.evidence.extend(p.evidence.iter().cloned());
    }
    let max_h = duration(max);
    tally.finding(
        (
            &format!("Le poste ne se verrouille pas automatiquement en {max_h} au plus pour chaque session"),
            &format!("The computer does not lock automatically within {max_h} for every session"),
        ),
        (
            "Le délai de verrouillage automatique n'a pas pu être établi",
            "The automatic lock delay could not be established",
        ),
        (
            &format!("Chaque session se verrouille avec mot de passe en {max_h} au plus d'inactivité"),
            &format!("Every session locks with a password within {max_h} of inactivity"),
        ),
    )
}
