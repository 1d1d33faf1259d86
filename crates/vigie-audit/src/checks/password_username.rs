//! 4.3.1.e — « Interdire un mot de passe identique au nom du compte. »
//!
//! Linux: pam_pwquality's `usercheck` (on by default) or pam_cracklib's
//! `reject_username`, on an enforced module of the `passwd` stack.

use super::linux_policy::{self as lp, QualityState};
use super::{password_change_stack, try_finding, Check};
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "4.3.1.e",
    evaluate,
};

fn evaluate(ctx: &Context) -> Finding {
    let (linux, entries) = try_finding!(password_change_stack(ctx));
    match lp::quality(linux, &entries) {
        QualityState::Enforced(q) => {
            let mut evidence = q.evidence.clone();
            evidence.extend(q.settings.get("usercheck").map(lp::Setting::evidence));
            if q.settings.value("usercheck") != 0 {
                Finding::pass(
                    format!("{} refuse un mot de passe contenant le nom du compte.", q.module),
                    format!("{} rejects a password containing the account name.", q.module),
                )
                .with(evidence)
            } else if q.module == "pam_cracklib.so" {
                Finding::fail(
                    "pam_cracklib n'a pas l'option « reject_username » : le nom du compte est accepté comme mot de passe.",
                    "pam_cracklib lacks the \"reject_username\" option: the account name is accepted as a password.",
                )
                .with(evidence)
            } else {
                Finding::fail(
                    "pam_pwquality est réglé avec « usercheck = 0 » : le nom du compte est accepté comme mot de passe.",
                    "pam_pwquality is set with \"usercheck = 0\": the account name is accepted as a password.",
                )
                .with(evidence)
            }
        }
        QualityState::NotEnforced(f) | QualityState::Unmodelled(f) => f,
        QualityState::None(evidence) => Finding::fail(
            "Aucun module de qualité (pam_pwquality) ne refuse un mot de passe égal au nom du compte.",
            "No quality module (pam_pwquality) rejects a password equal to the account name.",
        )
        .with(evidence),
    }
}
