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

use super::screen_lock::{duration, pairs, PairState};
use super::{try_finding, Check};
use crate::{Context, EvidenceItem, Finding};

pub const CHECK: Check = Check {
    id: "4.3.2.a",
    evaluate,
};

fn evaluate(ctx: &Context) -> Finding {
    let (pairs, _) = try_finding!(pairs(ctx));
    let max = ctx.profile.screen_lock_max_seconds;
    let (mut fails, mut unknowns, mut passes) = (Vec::new(), Vec::new(), Vec::new());
    let mut privileges = false;
    let mut evidence = Vec::new();
    for p in &pairs {
        let label = p.label();
        let (fr, en) = match &p.state {
            PairState::Unknown(u) => {
                privileges |= u.privileges;
                unknowns.push((format!("{label} : {}", u.fr), format!("{label}: {}", u.en)));
                ("inconnu".to_string(), format!("unknown: {}", u.en))
            }
            PairState::Known(f) => match f.password_after() {
                None => {
                    let (rfr, ren) = match &f.locks {
                        Err(r) => r.clone(),
                        Ok(()) => f.no_activation.clone(),
                    };
                    fails.push((
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
                        fails.push((format!("{label} : {fr}"), format!("{label}: {en}")));
                    } else {
                        passes.push((format!("{label} : {fr}"), format!("{label}: {en}")));
                    }
                    (fr, en)
                }
            },
        };
        evidence.push(EvidenceItem::new(
            label.clone(),
            None,
            Some("verrouillage automatique / automatic lock"),
            format!("{fr} / {en}"),
        ));
        evidence.extend(p.evidence.iter().cloned());
    }
    let join = |v: &[(String, String)], fr: bool| {
        v.iter()
            .map(|(f, e)| if fr { f.clone() } else { e.clone() })
            .collect::<Vec<_>>()
            .join(" ; ")
    };
    let max_h = duration(max);
    if !fails.is_empty() {
        return Finding::fail(
            format!(
                "Le poste ne se verrouille pas automatiquement en {max_h} au plus pour chaque session : {}.",
                join(&fails, true)
            ),
            format!(
                "The computer does not lock automatically within {max_h} for every session: {}.",
                join(&fails, false)
            ),
        )
        .with(evidence);
    }
    if !unknowns.is_empty() {
        let f = Finding::unknown(
            format!(
                "Le délai de verrouillage automatique n'a pas pu être établi : {}.",
                join(&unknowns, true)
            ),
            format!(
                "The automatic lock delay could not be established: {}.",
                join(&unknowns, false)
            ),
        )
        .with(evidence);
        return if privileges { f.needs_privileges() } else { f };
    }
    Finding::pass(
        format!(
            "Chaque session se verrouille avec mot de passe en {max_h} au plus d'inactivité : {}.",
            join(&passes, true)
        ),
        format!(
            "Every session locks with a password within {max_h} of inactivity: {}.",
            join(&passes, false)
        ),
    )
    .with(evidence)
}
