//! 4.3.1.a–e and 5.2.2.b on macOS: the password rules the system enforces.
//!
//! - 4.3.1.a « au moins 10 caractères et éviter qu'il soit prédictible »
//! - 4.3.1.b « combinaison de caractères alphanumériques et de caractères
//!   spéciaux »
//! - 4.3.1.c « renouvellement périodique » (« tous les 90 jours »)
//! - 4.3.1.d « interdire la réutilisation des 3 mots de passe précédents »
//! - 4.3.1.e « interdire un mot de passe identique au nom du compte »
//! - 5.2.2.b « verrouillage de compte pendant 5 minutes minimum après trois
//!   essais infructueux »
//!
//! The source of truth is the local directory's global account policies,
//! `pwpolicy -getaccountpolicies` (pwpolicy(8)): every password change and
//! every login is checked against them, whether they were set with
//! `pwpolicy` or by a configuration profile (whose Passcode payload macOS
//! turns into policies named `ProfilePayload:<UUID>:<key>`). The predicates
//! are read as macOS writes them (Apple's man page and the macOS Security
//! Compliance Project's checks, usnistgov/macos_security, rules/pwpolicy):
//!
//! - length: `policyAttributePassword matches '.{N,}+'` (N characters);
//! - character classes: `policyAttributePassword matches '(.*[0-9].*){N,}'`
//!   (digits), `[a-zA-Z]` (letters), `[A-Z]` / `[a-z]`, `[^a-zA-Z0-9]` or the
//!   legacy symbol list (special characters); the profile's
//!   `requireAlphanumeric` (letters and digits) and `minComplexChars`;
//! - name: `policyAttributePassword != policyAttributeRecordName`;
//! - history: `policyAttributePasswordHistoryDepth` (previous passwords refused);
//! - expiry: `policyAttributeExpiresEveryNDays` or
//!   `policyAttributeDaysUntilExpiration` (days);
//! - lockout: `policyAttributeMaximumFailedAuthentications` (locked once
//!   that many attempts failed) and `autoEnableInSeconds` (unlocked after
//!   that long; absent, the account stays locked until an administrator
//!   unlocks it, which is stricter).
//!
//! Several policies of a kind all apply: the strictest counts. The
//! Passcode payload's managed preferences (`minLength`, `requireAlphanumeric`,
//! `minComplexChars`, `maxPINAgeInDays`, `pinHistory`, `maxFailedAttempts`,
//! `minutesUntilFailedLoginReset`) count too: when pwpolicy could not be
//! read, a profile that sets the rule is enough to pass. A Mac without any
//! policy (the default: only what Setup Assistant asked when the account
//! was made) fails every rule. A predicate Vigie does not recognise leaves
//! the content rules `unknown` rather than failed. Policies set for a
//! single account (`pwpolicy -u NAME`) are not read: they only add rules.

use super::{macos, why};
use crate::checks::try_finding;
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::macos::policy::{AccountPolicy, PasscodeProfile};
use vigie_evidence::Collected;

const CONTENT: &str = "policyCategoryPasswordContent";
const AUTHENTICATION: &str = "policyCategoryAuthentication";
const CHANGE: &str = "policyCategoryPasswordChange";

/// A character class a policy requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Digit,
    Letter,
    Upper,
    Lower,
    Special,
}

/// What a content predicate means.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Rule {
    Length(i64),
    Classes(Vec<Class>),
    NotName,
    /// Refuses repeated or sequential characters (profile `allowSimple`).
    NoSimple,
    Unknown,
}

/// The regular expression of `policyAttributePassword matches '...'`.
fn regex(content: &str) -> Option<&str> {
    let rest = content.trim().strip_prefix("policyAttributePassword")?;
    let rest = rest.trim_start().strip_prefix("matches")?.trim();
    let rest = rest.strip_prefix('\'')?;
    rest.strip_suffix('\'')
}

/// `{N,}` with an optional possessive `+` at the end of `s`: N.
fn at_least(s: &str) -> Option<(i64, &str)> {
    let s = s.strip_suffix('+').unwrap_or(s);
    let s = s.strip_suffix(",}")?;
    let open = s.rfind('{')?;
    let n = s[open + 1..].parse().ok()?;
    Some((n, &s[..open]))
}

fn class_of(set: &str) -> Option<Class> {
    match set {
        "[0-9]" | "[[:digit:]]" | "[\\d]" => Some(Class::Digit),
        "[a-zA-Z]" | "[A-Za-z]" | "[[:alpha:]]" => Some(Class::Letter),
        "[A-Z]" | "[[:upper:]]" => Some(Class::Upper),
        "[a-z]" | "[[:lower:]]" => Some(Class::Lower),
        "[^a-zA-Z0-9]" | "[^A-Za-z0-9]" | "[^0-9a-zA-Z]" | "[^[:alnum:]]" => Some(Class::Special),
        // pwpolicy's legacy requiresSymbol list of punctuation.
        s if s.starts_with("[`~!@") => Some(Class::Special),
        _ => None,
    }
}

fn rule(p: &AccountPolicy) -> Rule {
    let content = p.content.trim();
    let compact: String = content.chars().filter(|c| !c.is_whitespace()).collect();
    if compact == "policyAttributePassword!=policyAttributeRecordName"
        || compact == "policyAttributeRecordName!=policyAttributePassword"
    {
        return Rule::NotName;
    }
    let suffix = p.identifier.rsplit(':').next().unwrap_or("");
    if let Some(re) = regex(content) {
        let re = re.trim_start_matches('^').trim_end_matches('$');
        if let Some((n, body)) = at_least(re) {
            if body == "." {
                return Rule::Length(n);
            }
            if n >= 1 {
                if let Some(inner) = body.strip_prefix("(.*").and_then(|b| b.strip_suffix(".*)")) {
                    if let Some(c) = class_of(inner) {
                        return Rule::Classes(vec![c]);
                    }
                }
            }
        }
        if re == "(.*[A-Z].*[a-z].*)|(.*[a-z].*[A-Z].*)" {
            return Rule::Classes(vec![Class::Upper, Class::Lower]);
        }
    }
    match suffix {
        // The profile's keys, by name, when the predicate is not one of
        // the forms above.
        "requireAlphanumeric" => Rule::Classes(vec![Class::Letter, Class::Digit]),
        "allowSimple" => Rule::NoSimple,
        _ => Rule::Unknown,
    }
}

fn policy_item(source: &str, p: &AccountPolicy) -> EvidenceItem {
    let mut v = p.content.clone();
    if !p.parameters.is_empty() {
        let params: Vec<String> = p
            .parameters
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        v.push_str(&format!(" [{}]", params.join(", ")));
    }
    EvidenceItem::new(source, None, Some(&p.identifier), v)
}

fn profile_item(source: &str, key: &str, value: impl ToString) -> EvidenceItem {
    EvidenceItem::new(source, None, Some(key), value.to_string())
}

/// The policies as read, and the profile.
struct View<'a> {
    policies: Option<(&'a str, &'a [AccountPolicy])>,
    status: &'a Collected<vigie_evidence::macos::policy::AccountPolicies>,
    profile: Option<(&'a str, &'a PasscodeProfile)>,
    profile_status: &'a Collected<PasscodeProfile>,
}

impl<'a> View<'a> {
    fn new(ctx: &Context<'a>) -> Result<Self, Finding> {
        let m = macos(ctx)?;
        let status = &m.policy.account_policies;
        let profile_status = &m.policy.passcode_profile;
        Ok(View {
            policies: match status {
                Collected::Ok { source, value } => Some((source.as_str(), &value.policies)),
                _ => None,
            },
            status,
            profile: match profile_status {
                Collected::Ok { source, value } => Some((source.as_str(), value)),
                _ => None,
            },
            profile_status,
        })
    }

    fn of(&self, category: &str) -> Vec<&'a AccountPolicy> {
        self.policies
            .map(|(_, p)| p.iter().filter(|x| x.category == category).collect())
            .unwrap_or_default()
    }

    fn source(&self) -> &'a str {
        self.policies
            .map(|(s, _)| s)
            .unwrap_or("$ pwpolicy -getaccountpolicies")
    }

    /// Content policies Vigie cannot interpret.
    fn unrecognised(&self) -> Vec<&'a AccountPolicy> {
        self.of(CONTENT)
            .into_iter()
            .filter(|p| rule(p) == Rule::Unknown)
            .collect()
    }

    /// The rule is not met: fail when the policies were read (and nothing
    /// unrecognised could meet it), unknown otherwise.
    fn not_met(
        &self,
        fr: String,
        en: String,
        mut evidence: Vec<EvidenceItem>,
        content_rule: bool,
    ) -> Finding {
        let unrecognised = if content_rule {
            self.unrecognised()
        } else {
            Vec::new()
        };
        if self.policies.is_none() {
            let (wfr, wen, denied) = why(self.status);
            evidence.push(super::status_item(
                self.status,
                "$ pwpolicy -getaccountpolicies",
            ));
            if let Collected::Unreadable { .. } = self.profile_status {
                evidence.push(super::status_item(self.profile_status, "passcode profile"));
            }
            let f = Finding::unknown(
                format!("Les règles de mot de passe du système n'ont pas pu être lues ({wfr}) et aucun profil de configuration ne règle ce point."),
                format!("The system's password rules could not be read ({wen}) and no configuration profile sets this rule."),
            )
            .with(evidence);
            return if denied { f.needs_privileges() } else { f };
        }
        let source = self.source();
        if !unrecognised.is_empty() {
            evidence.extend(unrecognised.iter().map(|p| policy_item(source, p)));
            return Finding::unknown(
                format!("{fr} Mais une règle de contenu que Vigie ne sait pas interpréter est en place : vérifiez-la."),
                format!("{en} But a content rule Vigie cannot interpret is in place: check it."),
            )
            .with(evidence);
        }
        if self.policies.is_some_and(|(_, p)| p.is_empty()) {
            evidence.push(EvidenceItem::new(
                source,
                None,
                None,
                "no global account policy",
            ));
        }
        Finding::fail(fr, en).with(evidence)
    }
}

/// 4.3.1.a
pub(super) fn length(ctx: &Context) -> Finding {
    let v = try_finding!(View::new(ctx));
    let want = i64::from(ctx.profile.min_password_length);
    let source = v.source();
    let mut best: Option<(i64, EvidenceItem)> = None;
    let mut simple: Option<EvidenceItem> = None;
    for p in v.of(CONTENT) {
        match rule(p) {
            Rule::Length(n) if best.as_ref().is_none_or(|(b, _)| n > *b) => {
                best = Some((n, policy_item(source, p)))
            }
            Rule::NoSimple => simple = Some(policy_item(source, p)),
            _ => {}
        }
    }
    if let Some((src, prof)) = v.profile {
        if let Some(n) = prof.min_length {
            if best.as_ref().is_none_or(|(b, _)| n > *b) {
                best = Some((n, profile_item(src, "minLength", n)));
            }
        }
        if prof.allow_simple == Some(false) {
            simple = Some(profile_item(src, "allowSimple", "false"));
        }
    }
    match best {
        Some((n, ev)) if n >= want => {
            let mut evidence = vec![ev];
            let (nfr, nen) = match simple {
                Some(s) => {
                    evidence.push(s);
                    (
                        " Les suites simples (1234, aaaa, abcd) sont refusées.".to_string(),
                        " Simple sequences (1234, aaaa, abcd) are refused.".to_string(),
                    )
                }
                None => (
                    " macOS ne vérifie pas qu'un mot de passe est prévisible (pas de dictionnaire) ; un profil avec allowSimple = false refuse au moins les suites simples.".to_string(),
                    " macOS does not check whether a password is predictable (no dictionary); a profile with allowSimple = false at least refuses simple sequences.".to_string(),
                ),
            };
            Finding::pass(
                format!("Le système impose au moins {n} caractères à tout nouveau mot de passe.{nfr}"),
                format!("The system requires at least {n} characters for every new password.{nen}"),
            )
            .with(evidence)
        }
        Some((n, ev)) => v.not_met(
            format!("Le système accepte un mot de passe de {n} caractères ; il en faut au moins {want}."),
            format!("The system accepts a password of {n} characters; at least {want} are required."),
            vec![ev],
            true,
        ),
        None => v.not_met(
            format!("Aucune longueur minimale n'est imposée aux mots de passe (seule celle demandée à la création du compte) ; il en faut au moins {want}."),
            format!("No minimum password length is enforced (only what was asked when the account was created); at least {want} are required."),
            Vec::new(),
            true,
        ),
    }
}

/// 4.3.1.b
pub(super) fn classes(ctx: &Context) -> Finding {
    let v = try_finding!(View::new(ctx));
    let source = v.source();
    let mut have: Vec<Class> = Vec::new();
    let mut evidence = Vec::new();
    for p in v.of(CONTENT) {
        if let Rule::Classes(c) = rule(p) {
            have.extend(c);
            evidence.push(policy_item(source, p));
        }
    }
    if let Some((src, prof)) = v.profile {
        if prof.require_alphanumeric == Some(true) {
            have.extend([Class::Letter, Class::Digit]);
            evidence.push(profile_item(src, "requireAlphanumeric", "true"));
        }
        if prof.min_complex_chars.is_some_and(|n| n >= 1) {
            have.push(Class::Special);
            evidence.push(profile_item(
                src,
                "minComplexChars",
                prof.min_complex_chars.unwrap_or(0),
            ));
        }
    }
    let letter = have
        .iter()
        .any(|c| matches!(c, Class::Letter | Class::Upper | Class::Lower));
    let digit = have.contains(&Class::Digit);
    let special = have.contains(&Class::Special);
    if letter && digit && special {
        return Finding::pass(
            "Le système exige des lettres, des chiffres et des caractères spéciaux dans tout nouveau mot de passe.",
            "The system requires letters, digits and special characters in every new password.",
        )
        .with(evidence);
    }
    let mut missing_fr = Vec::new();
    let mut missing_en = Vec::new();
    for (ok, fr, en) in [
        (letter, "une lettre", "a letter"),
        (digit, "un chiffre", "a digit"),
        (special, "un caractère spécial", "a special character"),
    ] {
        if !ok {
            missing_fr.push(fr);
            missing_en.push(en);
        }
    }
    v.not_met(
        format!(
            "Le système accepte un mot de passe sans {} ; le mémento demande de combiner lettres, chiffres et caractères spéciaux.",
            missing_fr.join(", sans ")
        ),
        format!(
            "The system accepts a password without {}; the memento asks for letters, digits and special characters combined.",
            missing_en.join(", without ")
        ),
        evidence,
        true,
    )
}

/// 4.3.1.e
pub(super) fn not_name(ctx: &Context) -> Finding {
    let v = try_finding!(View::new(ctx));
    let source = v.source();
    if let Some(p) = v.of(CONTENT).into_iter().find(|p| rule(p) == Rule::NotName) {
        return Finding::pass(
            "Le système refuse un mot de passe identique au nom du compte.",
            "The system refuses a password identical to the account name.",
        )
        .with([policy_item(source, p)]);
    }
    v.not_met(
        "Aucune règle n'interdit un mot de passe identique au nom du compte.".into(),
        "No rule forbids a password identical to the account name.".into(),
        Vec::new(),
        true,
    )
}

/// 4.3.1.d
pub(super) fn history(ctx: &Context) -> Finding {
    let v = try_finding!(View::new(ctx));
    let want = i64::from(ctx.profile.password_history);
    let source = v.source();
    let mut best: Option<(i64, EvidenceItem)> = None;
    for p in v.policies.map(|(_, p)| p).unwrap_or_default() {
        if let Some(n) = p.param("policyAttributePasswordHistoryDepth") {
            if best.as_ref().is_none_or(|(b, _)| n > *b) {
                best = Some((n, policy_item(source, p)));
            }
        }
    }
    if let Some((src, prof)) = v.profile {
        if let Some(n) = prof.pin_history {
            if best.as_ref().is_none_or(|(b, _)| n > *b) {
                best = Some((n, profile_item(src, "pinHistory", n)));
            }
        }
    }
    match best {
        Some((n, ev)) if n >= want => Finding::pass(
            format!("Le système refuse les {n} derniers mots de passe."),
            format!("The system refuses the last {n} passwords."),
        )
        .with([ev]),
        Some((n, ev)) => v.not_met(
            format!("Le système ne refuse que les {n} derniers mots de passe ; il faut au moins les {want} précédents."),
            format!("The system refuses only the last {n} passwords; at least the previous {want} are required."),
            vec![ev],
            false,
        ),
        None => v.not_met(
            "Aucun historique des mots de passe n'est tenu : un ancien mot de passe peut être repris.".into(),
            "No password history is kept: an old password can be reused.".into(),
            Vec::new(),
            false,
        ),
    }
}

/// 4.3.1.c
pub(super) fn age(ctx: &Context) -> Finding {
    let v = try_finding!(View::new(ctx));
    let max = ctx.profile.max_password_age_days;
    let source = v.source();
    let mut best: Option<(i64, EvidenceItem)> = None;
    for p in v.of(CHANGE) {
        let days = p
            .param("policyAttributeExpiresEveryNDays")
            .or_else(|| p.param("policyAttributeDaysUntilExpiration"));
        if let Some(n) = days.filter(|n| *n > 0) {
            if best.as_ref().is_none_or(|(b, _)| n < *b) {
                best = Some((n, policy_item(source, p)));
            }
        }
    }
    if let Some((src, prof)) = v.profile {
        if let Some(n) = prof.max_pin_age_in_days.filter(|n| *n > 0) {
            if best.as_ref().is_none_or(|(b, _)| n < *b) {
                best = Some((n, profile_item(src, "maxPINAgeInDays", n)));
            }
        }
    }
    match best {
        Some((n, ev)) if n <= max => Finding::pass(
            format!("Le mot de passe doit être changé au moins tous les {n} jours."),
            format!("The password must be changed at least every {n} days."),
        )
        .with([ev]),
        Some((n, ev)) => v.not_met(
            format!("Le mot de passe n'expire qu'au bout de {n} jours ; le mémento demande un renouvellement tous les {max} jours."),
            format!("The password expires only after {n} days; the memento asks for renewal every {max} days."),
            vec![ev],
            false,
        ),
        None => v.not_met(
            format!("Les mots de passe n'expirent jamais ; le mémento demande un renouvellement tous les {max} jours."),
            format!("Passwords never expire; the memento asks for renewal every {max} days."),
            Vec::new(),
            false,
        ),
    }
}

/// 5.2.2.b
pub(super) fn lockout(ctx: &Context) -> Finding {
    let v = try_finding!(View::new(ctx));
    let want_attempts = i64::from(ctx.profile.lockout_max_attempts);
    let want_secs = ctx.profile.lockout_min_seconds as i64;
    let source = v.source();
    // (attempts, unlock seconds or None = until an administrator unlocks).
    let mut best: Option<(i64, Option<i64>, EvidenceItem)> = None;
    let mut consider = |n: i64, secs: Option<i64>, ev: EvidenceItem| {
        let better = match &best {
            None => true,
            Some((b, bs, _)) => {
                let ok =
                    |a: i64, s: Option<i64>| a <= want_attempts && s.is_none_or(|s| s >= want_secs);
                (ok(n, secs) && !ok(*b, *bs)) || (ok(n, secs) == ok(*b, *bs) && n < *b)
            }
        };
        if better {
            best = Some((n, secs, ev));
        }
    };
    for p in v.of(AUTHENTICATION) {
        if let Some(n) = p.param("policyAttributeMaximumFailedAuthentications") {
            if n > 0 {
                consider(n, p.param("autoEnableInSeconds"), policy_item(source, p));
            }
        }
    }
    if let Some((src, prof)) = v.profile {
        if let Some(n) = prof.max_failed_attempts.filter(|n| *n > 0) {
            let secs = prof.minutes_until_failed_login_reset.map(|m| m * 60);
            let mut value = format!("maxFailedAttempts={n}");
            if let Some(m) = prof.minutes_until_failed_login_reset {
                value.push_str(&format!(", minutesUntilFailedLoginReset={m}"));
            }
            consider(n, secs, profile_item(src, "maxFailedAttempts", value));
        }
    }
    let Some((n, secs, ev)) = best else {
        return v.not_met(
            "Aucun verrouillage de compte n'est en place : les essais de mot de passe sont illimités (macOS ne fait qu'espacer les essais).".into(),
            "No account lockout is in place: password attempts are unlimited (macOS only spaces out attempts).".into(),
            Vec::new(),
            false,
        );
    };
    let dur_fr = |s: Option<i64>| match s {
        None => "jusqu'à son déblocage par un administrateur".to_string(),
        Some(s) if s % 60 == 0 => format!("pendant {} minutes", s / 60),
        Some(s) => format!("pendant {s} secondes"),
    };
    let dur_en = |s: Option<i64>| match s {
        None => "until an administrator unlocks it".to_string(),
        Some(s) if s % 60 == 0 => format!("for {} minutes", s / 60),
        Some(s) => format!("for {s} seconds"),
    };
    if n > want_attempts {
        return v.not_met(
            format!("Le compte n'est verrouillé qu'après {n} essais infructueux ; le mémento demande 3 au plus."),
            format!("The account is locked only after {n} failed attempts; the memento asks for 3 at most."),
            vec![ev],
            false,
        );
    }
    if secs.is_some_and(|s| s < want_secs) {
        return v.not_met(
            format!("Le compte est verrouillé après {n} essais, mais seulement {} ; le mémento demande 5 minutes au moins.", dur_fr(secs)),
            format!("The account is locked after {n} attempts, but only {}; the memento asks for 5 minutes at least.", dur_en(secs)),
            vec![ev],
            false,
        );
    }
    Finding::pass(
        format!(
            "Le compte est verrouillé après {n} essais infructueux, {}.",
            dur_fr(secs)
        ),
        format!(
            "The account is locked after {n} failed attempts, {}.",
            dur_en(secs)
        ),
    )
    .with([ev])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn p(content: &str, id: &str) -> AccountPolicy {
        AccountPolicy {
            category: CONTENT.into(),
            identifier: id.into(),
            content: content.into(),
            parameters: BTreeMap::new(),
        }
    }

    #[test]
    fn predicates_as_macos_writes_them() {
        assert_eq!(
            rule(&p("policyAttributePassword matches '.{12,}+'", "x")),
            Rule::Length(12)
        );
        assert_eq!(
            rule(&p("policyAttributePassword matches '.{10,}'", "x")),
            Rule::Length(10)
        );
        assert_eq!(
            rule(&p("policyAttributePassword matches '^.{8,}$'", "x")),
            Rule::Length(8)
        );
        assert_eq!(
            rule(&p(
                "policyAttributePassword matches '(.*[0-9].*){1,}+'",
                "x"
            )),
            Rule::Classes(vec![Class::Digit])
        );
        assert_eq!(
            rule(&p(
                "policyAttributePassword matches '(.*[a-zA-Z].*){1,}+'",
                "x"
            )),
            Rule::Classes(vec![Class::Letter])
        );
        assert_eq!(
            rule(&p(
                "policyAttributePassword matches '(.*[^a-zA-Z0-9].*){1,}'",
                "x"
            )),
            Rule::Classes(vec![Class::Special])
        );
        assert_eq!(
            rule(&p(
                r#"policyAttributePassword matches '(.*[`~!@\#$%^*()_+-={}|\\[\\]\\\\:\";'?,./].*){1,}+'"#,
                "x"
            )),
            Rule::Classes(vec![Class::Special])
        );
        assert_eq!(
            rule(&p(
                "policyAttributePassword matches '(.*[A-Z].*[a-z].*)|(.*[a-z].*[A-Z].*)'",
                "x"
            )),
            Rule::Classes(vec![Class::Upper, Class::Lower])
        );
        assert_eq!(
            rule(&p(
                "policyAttributePassword != policyAttributeRecordName",
                "x"
            )),
            Rule::NotName
        );
        assert_eq!(
            rule(&p(
                "policyAttributePassword matches '^(?=.*[A-Z])(?=.*[a-z]).*$'",
                "custom"
            )),
            Rule::Unknown
        );
        assert_eq!(
            rule(&p(
                "policyAttributePassword matches '^(?=.*[A-Z])(?=.*[a-z]).*$'",
                "ProfilePayload:1:requireAlphanumeric"
            )),
            Rule::Classes(vec![Class::Letter, Class::Digit])
        );
        // Zero characters required is no requirement.
        assert_eq!(
            rule(&p("policyAttributePassword matches '(.*[0-9].*){0,}'", "x")),
            Rule::Unknown
        );
    }
}
