//! Password and lockout policy on Windows: 4.3.1.a, 4.3.1.b, 4.3.1.c,
//! 4.3.1.d, 4.3.1.e and 5.2.2.b, from the local security policy exported by
//! `secedit /export /areas SECURITYPOLICY` (`[System Access]`, key names
//! and meanings from MS-GPSB 2.2.1.1 and 2.2.1.2), or `net accounts` when
//! secedit could not run (it shows no complexity setting).
//!
//! - 4.3.1.a « au moins 10 caractères … éviter qu'il soit prédictible » —
//!   `MinimumPasswordLength` ≥ the profile's minimum (10), and
//!   `PasswordComplexity = 1`: Windows has no dictionary check, and
//!   complexity is what refuses the predictable (the account name, a single
//!   kind of character). Length without complexity fails.
//! - 4.3.1.b « combinaison de caractères alphanumériques et spéciaux » —
//!   `PasswordComplexity = 1` ("Password must meet complexity
//!   requirements"): three of five categories (upper case, lower case,
//!   digits, non-alphanumeric, other Unicode letters). That is the most
//!   Windows enforces by itself, and it still accepts a password of upper
//!   case, lower case and digits without any special character: the
//!   memento's combination is not enforced, so the check fails (as on Linux
//!   with `minclass = 3`), saying what complexity does and what is missing.
//! - 4.3.1.c « renouvellement périodique », 90 days — `MaximumPasswordAge`
//!   from 1 to 90 (-1, or 0 as secpol.msc writes it, means never), and no
//!   enabled account of a person whose password never expires (the
//!   account's "password never expires" flag: `Get-LocalUser` then shows no
//!   `PasswordExpires`).
//! - 4.3.1.d « 3 mots de passe précédents » — `PasswordHistorySize` ≥ 3. A
//!   minimum age of 0 days lets a user cycle back through the history in a
//!   few changes: said, not failed.
//! - 4.3.1.e « identique au nom du compte » — complexity refuses a password
//!   containing the account name (`sAMAccountName`, when 3 characters or
//!   more) or a part of the full name (Microsoft, "Password must meet
//!   complexity requirements"). Without it, a password identical to the name
//!   is still impossible when every enabled account's name is shorter than
//!   `MinimumPasswordLength`: that passes too, and the reason says so.
//! - 5.2.2.b « 5 minutes minimum après trois essais » — `LockoutBadCount`
//!   from 1 to 3 (0: never locks), `LockoutDuration` ≥ 5 minutes, or -1 (0 as
//!   secpol.msc shows it): until an administrator unlocks, and `ResetLockoutCount` ≥ 5 minutes:
//!   with a shorter window, failures spaced out never add up to three.
//!
//! Scope: the local policy governs local accounts. On a machine in a domain
//! the domain's own policy governs its accounts, and a Microsoft account's
//! password is Microsoft's (8 characters, no expiry by default): a local
//! policy that passes is then `unknown` for those accounts, with the reason.
//! A failing local policy fails whatever the rest.

use super::{policy, value};
use crate::checks::{try_finding, Check};
use crate::{Context, EvidenceItem, Finding, Status};
use vigie_evidence::windows::policy::secpol::{PolicyTool, SecurityPolicy};
use vigie_evidence::windows::policy::PolicyEvidence;
use vigie_evidence::Collected;

pub const LENGTH: Check = Check {
    id: "4.3.1.a",
    evaluate: length,
};
pub const CLASSES: Check = Check {
    id: "4.3.1.b",
    evaluate: classes,
};
pub const AGE: Check = Check {
    id: "4.3.1.c",
    evaluate: age,
};
pub const HISTORY: Check = Check {
    id: "4.3.1.d",
    evaluate: history,
};
pub const USERNAME: Check = Check {
    id: "4.3.1.e",
    evaluate: username,
};
pub const LOCKOUT: Check = Check {
    id: "5.2.2.b",
    evaluate: lockout,
};

struct Pol<'a> {
    ev: &'a PolicyEvidence,
    p: &'a SecurityPolicy,
    source: &'a str,
}

impl Pol<'_> {
    fn number(&self, key: &str) -> Option<i64> {
        self.p.number(key)
    }
    /// The evidence item of a setting (or its absence).
    fn item(&self, key: &str) -> EvidenceItem {
        match self.p.get(key) {
            Some(s) => {
                let shown = match &s.shown {
                    Some(t) => format!("{} ({t})", s.value),
                    None => s.value.clone(),
                };
                EvidenceItem::new(self.source, Some(s.line), Some(key), shown)
            }
            None => EvidenceItem::new(self.source, None, Some(key), "absent"),
        }
    }
    fn net_accounts(&self) -> bool {
        self.p.tool == PolicyTool::NetAccounts
    }
}

fn load<'a>(ctx: &Context<'a>) -> Result<Pol<'a>, Finding> {
    let ev = policy(ctx)?;
    let (p, source) = value(
        "La stratégie de mots de passe (secedit)",
        "The password policy (secedit)",
        &ev.security_policy,
    )?;
    Ok(Pol { ev, p, source })
}

/// Accounts whose password the local policy does not govern, and why.
fn outside_scope(
    ev: &PolicyEvidence,
    lockout: bool,
) -> Option<(String, String, Vec<EvidenceItem>)> {
    let mut fr = Vec::new();
    let mut en = Vec::new();
    let mut items = Vec::new();
    if let Collected::Ok { source, value } = &ev.computer {
        if value.part_of_domain {
            let d = value.domain.clone().unwrap_or_default();
            fr.push(format!("ce poste est membre du domaine « {d} » : les comptes du domaine suivent la stratégie du domaine, que Vigie ne lit pas"));
            en.push(format!("this computer is a member of the domain \"{d}\": domain accounts follow the domain's policy, which Vigie does not read"));
            items.push(EvidenceItem::new(
                source.clone(),
                None,
                Some("PartOfDomain"),
                format!("True ({d})"),
            ));
        }
    }
    if !lockout {
        if let Collected::Ok { source, value } = &ev.accounts {
            let msa: Vec<&str> = value
                .users
                .iter()
                .filter(|u| u.enabled && u.microsoft_account())
                .map(|u| u.name.as_str())
                .collect();
            if !msa.is_empty() {
                fr.push(format!("le mot de passe des comptes Microsoft ({}) est régi par Microsoft (8 caractères minimum, sans expiration par défaut), pas par la stratégie locale", msa.join(", ")));
                en.push(format!("the password of Microsoft accounts ({}) is governed by Microsoft (8 characters minimum, no expiry by default), not by the local policy", msa.join(", ")));
                items.push(EvidenceItem::new(
                    source.clone(),
                    None,
                    Some("PrincipalSource"),
                    format!("MicrosoftAccount : {}", msa.join(", ")),
                ));
            }
        }
    }
    if fr.is_empty() {
        None
    } else {
        Some((fr.join(" ; "), en.join("; "), items))
    }
}

/// A passing local policy becomes `unknown` when some accounts escape it.
fn scoped(f: Finding, ev: &PolicyEvidence, lockout: bool) -> Finding {
    if f.status != Status::Pass {
        return f;
    }
    match outside_scope(ev, lockout) {
        None => f,
        Some((fr, en, items)) => {
            let mut out = Finding::unknown(
                format!(
                    "La stratégie locale est conforme ({}), mais {fr}.",
                    f.reason.fr.trim_end_matches('.')
                ),
                format!(
                    "The local policy complies ({}), but {en}.",
                    f.reason.en.trim_end_matches('.')
                ),
            );
            out.evidence = f.evidence;
            out.evidence.extend(items);
            out
        }
    }
}

/// `net accounts` shows no complexity: what only secedit (as administrator) tells.
fn no_complexity(pol: &Pol, evidence: Vec<EvidenceItem>) -> Finding {
    Finding::unknown(
        "La complexité des mots de passe n'a pas pu être lue : « net accounts » ne l'affiche pas et secedit demande les droits d'administrateur.",
        "Password complexity could not be read: \"net accounts\" does not show it and secedit needs administrator rights.",
    )
    .with(evidence)
    .with([EvidenceItem::new(pol.source, None, None, "net accounts")])
    .needs_privileges()
}

fn complexity_on(pol: &Pol) -> bool {
    pol.number("PasswordComplexity") == Some(1)
}

fn length(ctx: &Context) -> Finding {
    let pol = try_finding!(load(ctx));
    let want = i64::from(ctx.profile.min_password_length);
    let min = pol.number("MinimumPasswordLength").unwrap_or(0);
    let mut evidence = vec![pol.item("MinimumPasswordLength")];
    if min < want {
        return Finding::fail(
            format!("Windows accepte des mots de passe de {min} caractère(s) (longueur minimale du mot de passe) ; il en faut au moins {want}."),
            format!("Windows accepts passwords of {min} character(s) (minimum password length); at least {want} are required."),
        )
        .with(evidence);
    }
    if pol.net_accounts() {
        return no_complexity(&pol, evidence);
    }
    evidence.push(pol.item("PasswordComplexity"));
    let f = if complexity_on(&pol) {
        Finding::pass(
            format!("Les mots de passe comptent au moins {min} caractères et doivent respecter les exigences de complexité (ni nom du compte, trois types de caractères)."),
            format!("Passwords have at least {min} characters and must meet the complexity requirements (no account name, three kinds of characters)."),
        )
    } else {
        Finding::fail(
            format!("Longueur minimale de {min} caractères, mais les exigences de complexité sont désactivées : un mot de passe prévisible (le nom du compte, une seule sorte de caractères) est accepté."),
            format!("Minimum length of {min} characters, but the complexity requirements are off: a predictable password (the account name, a single kind of character) is accepted."),
        )
    };
    scoped(f.with(evidence), pol.ev, false)
}

fn classes(ctx: &Context) -> Finding {
    let pol = try_finding!(load(ctx));
    if pol.net_accounts() {
        return no_complexity(&pol, Vec::new());
    }
    let evidence = vec![pol.item("PasswordComplexity")];
    let f = if complexity_on(&pol) {
        Finding::fail(
            "Les exigences de complexité sont activées, mais Windows n'exige que trois des cinq catégories (majuscules, minuscules, chiffres, caractères spéciaux, autres lettres) : un mot de passe sans aucun caractère spécial, comme « Cabinet2026 », reste accepté. Le mémento demande des caractères spéciaux : il faut un filtre de mots de passe ou une stratégie de gestion (MDM) qui l'impose.",
            "The complexity requirements are on, but Windows only requires three of five categories (upper case, lower case, digits, special characters, other letters): a password without any special character, such as \"Cabinet2026\", is still accepted. The memento asks for special characters: a password filter or a management (MDM) policy must enforce it.",
        )
    } else {
        Finding::fail(
            "Les exigences de complexité sont désactivées : un mot de passe fait d'une seule sorte de caractères est accepté.",
            "The complexity requirements are off: a password made of a single kind of character is accepted.",
        )
    };
    scoped(f.with(evidence), pol.ev, false)
}

fn age(ctx: &Context) -> Finding {
    let pol = try_finding!(load(ctx));
    let max = ctx.profile.max_password_age_days;
    let mut evidence = vec![pol.item("MaximumPasswordAge")];
    let Some(days) = pol.number("MaximumPasswordAge") else {
        return Finding::unknown(
            "La durée de vie maximale des mots de passe est absente de la stratégie exportée.",
            "The maximum password age is missing from the exported policy.",
        )
        .with(evidence);
    };
    if days <= 0 {
        return Finding::fail(
            format!("Les mots de passe n'expirent jamais (durée de vie maximale = {days}) ; il faut les renouveler au moins tous les {max} jours."),
            format!("Passwords never expire (maximum age = {days}); they must be renewed at least every {max} days."),
        )
        .with(evidence);
    }
    if days > max {
        return Finding::fail(
            format!(
                "Les mots de passe expirent au bout de {days} jours ; il faut au plus {max} jours."
            ),
            format!("Passwords expire after {days} days; at most {max} days are required."),
        )
        .with(evidence);
    }
    // Accounts exempted by their own "password never expires" flag.
    let accounts = match &pol.ev.accounts {
        Collected::Ok { value, source } => Some((value, source)),
        _ => None,
    };
    let Some((accounts, source)) = accounts else {
        return super::unread(
            "La liste des comptes locaux",
            "The list of local accounts",
            &pol.ev.accounts,
        )
        .with(evidence);
    };
    let mut never = Vec::new();
    for u in accounts.users.iter().filter(|u| {
        u.enabled && !u.microsoft_account() && u.rid().is_some_and(|r| r == 500 || r >= 1000)
    }) {
        let shown = match u.password_expires {
            Some(t) => crate::checks::local_accounts::time_text(t),
            None => "jamais / never".to_string(),
        };
        evidence.push(EvidenceItem::new(
            source.clone(),
            None,
            Some(&format!("{} PasswordExpires", u.name)),
            shown,
        ));
        if u.password_expires.is_none() {
            never.push(u.name.clone());
        }
    }
    let f = if never.is_empty() {
        Finding::pass(
            format!("Les mots de passe expirent au bout de {days} jours, sans exception sur les comptes actifs."),
            format!("Passwords expire after {days} days, with no exception on the enabled accounts."),
        )
    } else {
        Finding::fail(
            format!("La stratégie fixe {days} jours, mais le mot de passe de {} n'expire jamais (option « Le mot de passe n'expire jamais »).", never.join(", ")),
            format!("The policy sets {days} days, but the password of {} never expires (\"Password never expires\" option).", never.join(", ")),
        )
    };
    scoped(f.with(evidence), pol.ev, false)
}

fn history(ctx: &Context) -> Finding {
    let pol = try_finding!(load(ctx));
    let want = i64::from(ctx.profile.password_history);
    let n = pol.number("PasswordHistorySize").unwrap_or(0);
    let min_age = pol.number("MinimumPasswordAge");
    let evidence = vec![
        pol.item("PasswordHistorySize"),
        pol.item("MinimumPasswordAge"),
    ];
    if n < want {
        return Finding::fail(
            format!("Windows ne mémorise que {n} ancien(s) mot(s) de passe ; il faut interdire au moins les {want} précédents."),
            format!("Windows remembers only {n} previous password(s); at least the previous {want} must be refused."),
        )
        .with(evidence);
    }
    let (note_fr, note_en) = if min_age == Some(0) {
        (
            " La durée de vie minimale est de 0 jour : en changeant plusieurs fois de suite, un utilisateur peut revenir à l'ancien ; fixez-la à 1 jour.",
            " The minimum age is 0 days: by changing several times in a row a user can get back to the old one; set it to 1 day.",
        )
    } else {
        ("", "")
    };
    scoped(
        Finding::pass(
            format!("Windows refuse les {n} derniers mots de passe.{note_fr}"),
            format!("Windows rejects the last {n} passwords.{note_en}"),
        )
        .with(evidence),
        pol.ev,
        false,
    )
}

fn username(ctx: &Context) -> Finding {
    let pol = try_finding!(load(ctx));
    let min = pol.number("MinimumPasswordLength").unwrap_or(0);
    let mut evidence = vec![pol.item("MinimumPasswordLength")];
    if !pol.net_accounts() {
        evidence.push(pol.item("PasswordComplexity"));
        if complexity_on(&pol) {
            return scoped(
                Finding::pass(
                    "Les exigences de complexité refusent un mot de passe contenant le nom du compte (ou une partie du nom complet).",
                    "The complexity requirements reject a password containing the account name (or part of the full name).",
                )
                .with(evidence),
                pol.ev,
                false,
            );
        }
    }
    // Without complexity: a password equal to the name is too short when
    // every name is shorter than the minimum length.
    let (accounts, source) = try_finding!(value(
        "La liste des comptes locaux",
        "The list of local accounts",
        &pol.ev.accounts
    ));
    let long: Vec<&str> = accounts
        .users
        .iter()
        .filter(|u| u.enabled && u.name.chars().count() as i64 >= min)
        .map(|u| u.name.as_str())
        .collect();
    evidence.push(EvidenceItem::new(
        source,
        None,
        Some("Name"),
        accounts
            .users
            .iter()
            .filter(|u| u.enabled)
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    ));
    if long.is_empty() {
        let f = Finding::pass(
            format!("Les exigences de complexité ne sont pas vérifiées, mais chaque compte actif a un nom de moins de {min} caractères, la longueur minimale : un mot de passe identique au nom est refusé (un mot de passe qui le contient reste accepté)."),
            format!("Complexity is not checked, but every enabled account's name is shorter than {min} characters, the minimum length: a password identical to the name is refused (one containing it is still accepted)."),
        )
        .with(evidence);
        return scoped(f, pol.ev, false);
    }
    if pol.net_accounts() {
        return no_complexity(&pol, evidence);
    }
    Finding::fail(
        format!("Les exigences de complexité sont désactivées : le nom du compte est accepté comme mot de passe ({}).", long.join(", ")),
        format!("The complexity requirements are off: the account name is accepted as a password ({}).", long.join(", ")),
    )
    .with(evidence)
}

fn lockout(ctx: &Context) -> Finding {
    let pol = try_finding!(load(ctx));
    let want = i64::from(ctx.profile.lockout_max_attempts);
    let want_min = ctx.profile.lockout_min_seconds.div_ceil(60) as i64;
    let count = pol.number("LockoutBadCount").unwrap_or(0);
    let mut evidence = vec![pol.item("LockoutBadCount")];
    if count == 0 {
        return Finding::fail(
            format!("Aucun verrouillage de compte : le seuil de verrouillage est à 0 (jamais) ; il faut verrouiller après {want} essais au plus."),
            format!("No account lockout: the lockout threshold is 0 (never); accounts must lock after at most {want} attempts."),
        )
        .with(evidence);
    }
    evidence.push(pol.item("LockoutDuration"));
    evidence.push(pol.item("ResetLockoutCount"));
    if count > want {
        return Finding::fail(
            format!(
                "Le compte se verrouille après {count} échecs ; il faut {want} essais au plus."
            ),
            format!(
                "The account locks after {count} failures; at most {want} attempts are allowed."
            ),
        )
        .with(evidence);
    }
    let (Some(duration), Some(window)) = (
        pol.number("LockoutDuration"),
        pol.number("ResetLockoutCount"),
    ) else {
        return Finding::unknown(
            "Le seuil de verrouillage est fixé, mais la durée du verrouillage ou la fenêtre de comptage des échecs manque.",
            "The lockout threshold is set, but the lockout duration or the failure counting window is missing.",
        )
        .with(evidence);
    };
    if duration > 0 && duration < want_min {
        return Finding::fail(
            format!("Le verrouillage ne dure que {duration} minute(s) ; il faut au moins {want_min} minutes."),
            format!("The lockout lasts only {duration} minute(s); at least {want_min} minutes are required."),
        )
        .with(evidence);
    }
    if window < want_min {
        return Finding::fail(
            format!("Les échecs ne sont comptés que sur {window} minute(s) (réinitialisation du compteur) : des essais espacés ne verrouillent jamais le compte ; fixez au moins {want_min} minutes."),
            format!("Failures are counted over only {window} minute(s) (counter reset): spaced-out attempts never lock the account; set at least {want_min} minutes."),
        )
        .with(evidence);
    }
    let (d_fr, d_en) = if duration <= 0 {
        (
            "jusqu'au déblocage par un administrateur".to_string(),
            "until an administrator unlocks it".to_string(),
        )
    } else {
        (format!("{duration} minutes"), format!("{duration} minutes"))
    };
    scoped(
        Finding::pass(
            format!(
                "Le compte se verrouille après {count} échec(s) en {window} minutes, pour {d_fr}."
            ),
            format!(
                "The account locks after {count} failure(s) within {window} minutes, for {d_en}."
            ),
        )
        .with(evidence),
        pol.ev,
        true,
    )
}
