//! 4.3.1.a — « Fixer à au moins 10 caractères la longueur du mot de passe et
//! éviter qu'il soit prédictible. »
//!
//! Linux: the shortest password the `passwd` PAM stack accepts, from every
//! module that is *enforced* there: pam_pwquality (defaults, pwquality.conf.d,
//! pwquality.conf, then its arguments) or pam_cracklib, whose positive credits
//! lower the real minimum (`minlen=10` with four credits of 1 accepts 6
//! characters), and pam_unix's own `minlen` (default 6). A dictionary check
//! turned off (`dictcheck=0`) fails "not predictable".

use super::linux_policy::{self as lp, QualityState};
use super::{password_change_stack, try_finding, Check};
use crate::pam_flow::Enforcement;
use crate::{Context, Finding};

pub const CHECK: Check = Check {
    id: "4.3.1.a",
    evaluate,
};

fn evaluate(ctx: &Context) -> Finding {
    let (linux, entries) = try_finding!(password_change_stack(ctx));
    let want = i64::from(ctx.profile.min_password_length);

    // pam_unix checks its own minimum length (default 6) for non-root users.
    let (unix_state, unix) = lp::enforced_module(&entries, "pam_unix.so");
    let unix_min = match (unix_state, unix.first()) {
        (Enforcement::Enforced, Some(e)) => Some((
            lp::arg(e, "minlen")
                .and_then(|v| v.parse::<i64>().ok())
                .unwrap_or(6),
            lp::entry_evidence(e),
        )),
        _ => None,
    };

    match lp::quality(linux, &entries) {
        QualityState::Enforced(q) => {
            let q_min = q.min_length();
            let (min, mut evidence) = match &unix_min {
                Some((u, ev)) if *u > q_min => (*u, vec![ev.clone()]),
                _ => (q_min, q.evidence.clone()),
            };
            evidence.extend(q.length_evidence());
            if let Some(s) = q.settings.get("dictcheck") {
                evidence.push(s.evidence());
            }
            let notes: Vec<String> = q.notes.iter().map(|n| n.0.clone()).collect();
            let notes_en: Vec<String> = q.notes.iter().map(|n| n.1.clone()).collect();
            let suffix = |v: &[String]| if v.is_empty() { String::new() } else { format!(" ({})", v.join("; ")) };
            if min < want {
                let credit_fr = if min < q.settings.value("minlen") {
                    " : les crédits positifs (dcredit, ucredit, lcredit, ocredit) abaissent la longueur réellement exigée"
                } else {
                    ""
                };
                let credit_en = if min < q.settings.value("minlen") {
                    ": positive credits (dcredit, ucredit, lcredit, ocredit) lower the length really required"
                } else {
                    ""
                };
                return Finding::fail(
                    format!("Un mot de passe de {min} caractères est accepté ({} minlen = {}){credit_fr} ; il en faut au moins {want}.{}", q.module, q.settings.value("minlen"), suffix(&notes)),
                    format!("A password of {min} characters is accepted ({} minlen = {}){credit_en}; at least {want} are required.{}", q.module, q.settings.value("minlen"), suffix(&notes_en)),
                )
                .with(evidence);
            }
            if q.settings.value("dictcheck") == 0 {
                return Finding::fail(
                    format!("Longueur minimale de {min} caractères, mais la vérification par dictionnaire est désactivée (dictcheck = 0) : un mot prévisible est accepté."),
                    format!("Minimum length of {min} characters, but the dictionary check is disabled (dictcheck = 0): a predictable word is accepted."),
                )
                .with(evidence);
            }
            Finding::pass(
                format!("Le changement de mot de passe impose au moins {min} caractères et refuse les mots du dictionnaire ({}).{}", q.module, suffix(&notes)),
                format!("Password changes require at least {min} characters and reject dictionary words ({}).{}", q.module, suffix(&notes_en)),
            )
            .with(evidence)
        }
        QualityState::NotEnforced(f) | QualityState::Unmodelled(f) => f,
        QualityState::None(evidence) => match unix_min {
            Some((min, ev)) if min >= want => Finding::fail(
                format!("pam_unix impose {min} caractères, mais aucun module de qualité (pam_pwquality) ne refuse les mots de passe prévisibles."),
                format!("pam_unix requires {min} characters, but no quality module (pam_pwquality) rejects predictable passwords."),
            )
            .with([ev]),
            Some((min, ev)) => Finding::fail(
                format!("Aucun module de qualité (pam_pwquality) n'est actif : seul pam_unix limite la longueur, à {min} caractères ; il en faut au moins {want}."),
                format!("No quality module (pam_pwquality) is active: only pam_unix limits the length, to {min} characters; at least {want} are required."),
            )
            .with([ev]),
            None => Finding::fail(
                format!("Aucun module PAM n'impose de longueur minimale au changement de mot de passe ; il en faut au moins {want}."),
                format!("No PAM module enforces a minimum length on password changes; at least {want} are required."),
            )
            .with(evidence),
        },
    }
}
