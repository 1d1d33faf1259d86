//! 5.2.2.b — « Mettre en place le verrouillage de compte pendant 5 minutes
//! minimum après trois essais de mot de passe infructueux. »
//!
//! Linux, for every login service present (console `login`, SSH, display
//! managers): pam_faillock must be wired for `preauth` (enforced before the
//! password is checked, or a locked account still gets in) and for
//! `authfail` (run whenever pam_unix fails, or failures are never counted).
//! Its `deny` (default 3; locked when failures >= deny; 0 never locks) must
//! be 3 or less and `unlock_time` (default 600 s) 300 s or more, or 0, which
//! keeps the account locked until an administrator unlocks it (stricter).
//! Settings come from `faillock.conf` (or `conf=`), then the line's
//! arguments. Legacy pam_tally2 with `deny` ≤ 3 also counts.

use super::linux_policy::{self as lp};
use super::{linux, try_finding, Check};
use crate::pam_flow::{enforcement, failure_always_recorded, Enforcement};
use crate::{Context, EvidenceItem, Finding, Status};
use vigie_evidence::linux::LOGIN_SERVICES;
use vigie_evidence::{Collected, LinuxEvidence, PamEntry, PamType};

pub const CHECK: Check = Check {
    id: "5.2.2.b",
    evaluate,
};

fn is_faillock(e: &PamEntry) -> bool {
    e.module_name() == "pam_faillock.so"
}
fn is_authfail(e: &PamEntry) -> bool {
    is_faillock(e) && e.args.iter().any(|a| a == "authfail")
}
/// preauth, or no action given (pam_faillock then behaves as preauth).
fn is_preauth(e: &PamEntry) -> bool {
    is_faillock(e) && !e.args.iter().any(|a| a == "authfail" || a == "authsucc")
}

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let Collected::Ok { value: pam, .. } = &linux.pam else {
        return lp::service(linux, "login").err().unwrap_or_else(|| {
            Finding::unknown("Configuration PAM non lue.", "PAM configuration not read.")
        });
    };
    let mut findings = Vec::new();
    for name in LOGIN_SERVICES {
        let Some(service) = pam.service(name) else {
            continue;
        };
        // A service without its own file is not installed (only `login` is
        // always judged: it is the console).
        if service.uses_other && *name != "login" {
            continue;
        }
        let f = match lp::service(linux, name) {
            Ok(service) => judge(ctx, linux, name, &lp::stack(service, PamType::Auth)),
            Err(f) => f,
        };
        findings.push((name, f));
    }
    let worst = findings
        .iter()
        .map(|(_, f)| f.status)
        .min()
        .unwrap_or(Status::Unknown);
    let mut evidence = Vec::new();
    let mut fr = Vec::new();
    let mut en = Vec::new();
    for (name, f) in &findings {
        evidence.extend(f.evidence.iter().cloned());
        if f.status == worst || worst == Status::Pass {
            fr.push(format!("{name} : {}", f.reason.fr));
            en.push(format!("{name}: {}", f.reason.en));
        }
    }
    let mut out = Finding::new(worst, fr.join(" "), en.join(" "));
    out.evidence = evidence;
    out
}

fn judge(ctx: &Context, linux: &LinuxEvidence, service: &str, auth: &[PamEntry]) -> Finding {
    let want_attempts = i64::from(ctx.profile.lockout_max_attempts);
    let want_secs = ctx.profile.lockout_min_seconds as i64;
    let faillock: Vec<&PamEntry> = lp::find_all(auth, &is_faillock);
    if !faillock.is_empty() {
        let mut evidence: Vec<EvidenceItem> =
            faillock.iter().map(|e| lp::entry_evidence(e)).collect();
        let preauth = enforcement(auth, is_preauth);
        if preauth != Enforcement::Enforced {
            return Finding::fail(
                "pam_faillock « preauth » n'est pas imposé avant la vérification du mot de passe : un compte verrouillé peut encore se connecter.",
                "pam_faillock \"preauth\" is not enforced before the password check: a locked account can still log in.",
            )
            .with(evidence);
        }
        if !failure_always_recorded(auth, lp::is_module("pam_unix.so"), is_authfail) {
            return Finding::fail(
                "pam_faillock « authfail » n'est pas exécuté après un mot de passe erroné : les échecs ne sont pas comptés.",
                "pam_faillock \"authfail\" does not run after a wrong password: failures are not counted.",
            )
            .with(evidence);
        }
        // The weakest of the lines that count decides; 0 is "never locks" for
        // deny and "until an administrator unlocks" for unlock_time.
        let weight = |v: i64| if v == 0 { i64::MAX } else { v };
        let settings: Vec<_> = faillock
            .iter()
            .filter(|e| is_preauth(e) || is_authfail(e))
            .map(|e| faillock_settings(linux, e))
            .collect();
        let Some(deny) = settings
            .iter()
            .map(|s| s.0.clone())
            .max_by_key(|d| weight(d.0))
        else {
            return Finding::unknown(
                "pam_faillock sans ligne preauth/authfail.",
                "pam_faillock without a preauth/authfail line.",
            )
            .with(evidence);
        };
        let unlock = settings
            .iter()
            .map(|s| s.1.clone())
            .min_by_key(|u| weight(u.0))
            .unwrap_or_else(|| deny.clone());
        evidence.push(deny.1.clone());
        evidence.push(unlock.1.clone());
        let (d, u) = (deny.0, unlock.0);
        if d == 0 || d > want_attempts {
            return Finding::fail(
                format!("pam_faillock verrouille après deny = {d} échec(s) (0 : jamais) ; il faut verrouiller après {want_attempts} essais au plus."),
                format!("pam_faillock locks after deny = {d} failure(s) (0: never); accounts must lock after at most {want_attempts} attempts."),
            )
            .with(evidence);
        }
        if u != 0 && u < want_secs {
            return Finding::fail(
                format!("Le verrouillage ne dure que {u} secondes (unlock_time) ; il faut au moins {} minutes.", want_secs / 60),
                format!("The lock lasts only {u} seconds (unlock_time); at least {} minutes are required.", want_secs / 60),
            )
            .with(evidence);
        }
        let dur_fr = if u == 0 {
            "jusqu'au déblocage par un administrateur".to_string()
        } else {
            format!("{} min {} s", u / 60, u % 60)
        };
        let dur_en = if u == 0 {
            "until an administrator unlocks it".to_string()
        } else {
            format!("{} min {} s", u / 60, u % 60)
        };
        return Finding::pass(
            format!("verrouillage après {d} échec(s), pour {dur_fr} (pam_faillock)."),
            format!("locked after {d} failure(s), for {dur_en} (pam_faillock)."),
        )
        .with(evidence);
    }
    let tally: Vec<&PamEntry> = lp::find_all(auth, &lp::is_module("pam_tally2.so"));
    if let Some(entry) = tally.first() {
        let evidence = vec![lp::entry_evidence(entry)];
        if enforcement(auth, lp::is_module("pam_tally2.so")) != Enforcement::Enforced {
            return Finding::fail(
                "pam_tally2 est présent mais contournable dans la pile d'authentification.",
                "pam_tally2 is present but bypassable in the authentication stack.",
            )
            .with(evidence);
        }
        let deny = lp::arg(entry, "deny")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0);
        let unlock = lp::arg(entry, "unlock_time")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0);
        if deny == 0 || deny > want_attempts || (unlock != 0 && unlock < want_secs) {
            return Finding::fail(
                format!("pam_tally2 : deny = {deny}, unlock_time = {unlock} s ; il faut au plus {want_attempts} essais et au moins {} minutes.", want_secs / 60),
                format!("pam_tally2: deny = {deny}, unlock_time = {unlock} s; at most {want_attempts} attempts and at least {} minutes are required.", want_secs / 60),
            )
            .with(evidence);
        }
        return Finding::pass(
            format!("verrouillage après {deny} échec(s) (pam_tally2)."),
            format!("locked after {deny} failure(s) (pam_tally2)."),
        )
        .with(evidence);
    }
    Finding::fail(
        format!("aucun verrouillage après des échecs (ni pam_faillock ni pam_tally2 dans la pile « {service} »)."),
        format!("no lockout after failures (neither pam_faillock nor pam_tally2 in the \"{service}\" stack)."),
    )
    .with(lp::stack_evidence(auth))
}

/// deny and unlock_time for one pam_faillock line: defaults, the file
/// (`conf=` or faillock.conf; last occurrence wins), then the arguments.
fn faillock_settings(
    linux: &LinuxEvidence,
    entry: &PamEntry,
) -> ((i64, EvidenceItem), (i64, EvidenceItem)) {
    let mut deny = (
        3,
        EvidenceItem::new("pam_faillock", None, Some("deny"), "3 (défaut / default)"),
    );
    let mut unlock = (
        600,
        EvidenceItem::new(
            "pam_faillock",
            None,
            Some("unlock_time"),
            "600 (défaut / default)",
        ),
    );
    let conf = lp::arg(entry, "conf").unwrap_or(vigie_evidence::linux::FAILLOCK_CONF);
    let parse = |v: &str| {
        if v.trim() == "never" {
            Some(0)
        } else {
            v.trim().parse::<i64>().ok()
        }
    };
    if let Some(file) = linux.faillock.get(conf) {
        if let Some((Some(v), ev)) = lp::last_in_file(file, "deny") {
            if let Some(n) = parse(&v) {
                deny = (n, ev);
            }
        }
        if let Some((Some(v), ev)) = lp::last_in_file(file, "unlock_time") {
            if let Some(n) = parse(&v) {
                unlock = (n, ev);
            }
        }
    }
    let here = |k: &str, v: &str| {
        EvidenceItem::new(
            entry.origin.file.clone(),
            Some(entry.origin.line),
            Some(k),
            v.to_string(),
        )
    };
    if let Some(v) = lp::arg(entry, "deny") {
        if let Some(n) = parse(v) {
            deny = (n, here("deny", v));
        }
    }
    if let Some(v) = lp::arg(entry, "unlock_time") {
        if let Some(n) = parse(v) {
            unlock = (n, here("unlock_time", v));
        }
    }
    (deny, unlock)
}
