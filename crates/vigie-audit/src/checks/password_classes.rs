//! 4.3.1.b — « Imposer la combinaison de caractères alphanumériques et de
//! caractères spéciaux. »
//!
//! Linux: every password the enforced quality module accepts must hold a
//! digit, a letter and a special character. Required classes come from
//! negative credits (`dcredit=-1` demands a digit) and `minclass`; the check
//! tries every combination of classes, so `minclass=3` alone (which accepts
//! upper + lower + digit) fails, and `minclass=4` passes.

use super::linux_policy::{self as lp, QualityState};
use super::{password_change_stack, try_finding, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "4.3.1.b",
    evaluate,
};

fn evaluate(ctx: &Context) -> Finding {
    let (linux, entries) = try_finding!(password_change_stack(ctx));
    match lp::quality(linux, &entries) {
        QualityState::Enforced(q) => {
            let mut evidence = q.evidence.clone();
            evidence.extend(
                ["minclass", "dcredit", "ucredit", "lcredit", "ocredit"]
                    .iter()
                    .filter_map(|k| q.settings.get(k).map(lp::Setting::evidence)),
            );
            if q.requires_mix() {
                Finding::pass(
                    format!("{} exige des chiffres, des lettres et des caractères spéciaux dans tout nouveau mot de passe.", q.module),
                    format!("{} requires digits, letters and special characters in every new password.", q.module),
                )
                .with(evidence)
            } else {
                Finding::fail(
                    format!("{} accepte un mot de passe sans chiffre, sans lettre ou sans caractère spécial (minclass = {}, crédits négatifs absents).", q.module, q.settings.value("minclass")),
                    format!("{} accepts a password without a digit, a letter or a special character (minclass = {}, no negative credits).", q.module, q.settings.value("minclass")),
                )
                .with(evidence)
            }
        }
        QualityState::NotEnforced(f) | QualityState::Unmodelled(f) => f,
        QualityState::None(evidence) => Finding::fail(
            "Aucun module de qualité (pam_pwquality) n'impose de mélange de caractères au changement de mot de passe.",
            "No quality module (pam_pwquality) requires a mix of characters on password changes.",
        )
        .with(evidence),
    }
}
