//! Accounts on macOS: 5.2.1.a (nominative accounts without administrator
//! rights), 5.2.1.b (a separate administrator account), 5.2.2.a (the
//! administrator account kept for administration), 5.3.3.a (accounts of
//! people away or gone disabled).
//!
//! - A person's account: a local user record (`dscl . -readall /Users`)
//!   with a uid of 501 or more, not a `_` service account, a shell that
//!   allows a login, and not disabled (`;DisabledUser;` in its
//!   AuthenticationAuthority).
//! - Administrator rights: membership of the `admin` group (`dscl . -read
//!   /Groups/admin GroupMembership`): macOS's sudoers gives `%admin` every
//!   command, and System Settings' "Allow user to administer this computer"
//!   is exactly this membership. Nested groups are not followed.
//! - Names are judged with the Linux checks' word lists
//!   ([`crate::checks::local_accounts`]: `generic_word`, `admin_named`): a
//!   login or full name made of place or role words (`accueil`,
//!   « Secrétariat », `cabinet-dupont`) is not nominative; `admin-dupont`,
//!   `prestataire` mark an administrator account.
//!
//! 5.2.1.a fails for a generic working account or a working account in
//! `admin`, and when no person's account is without administrator rights.
//! 5.2.1.b passes when an administrator account is recognisable as such
//! (in `admin`, named as an administrator account) beside the working
//! accounts; fails when the only administrators are working accounts;
//! `unknown` when no person's account is an administrator (the Mac may be
//! administered from a management service). The password's being distinct
//! cannot be checked (hashes are never read): the declaration's part.
//! 5.2.2.a fails when an administrator account opened a session at the
//! login window (`last`, tty `console`: everyday use of the desktop) or is
//! logged in automatically at startup; sessions in a terminal (`ttys…`,
//! `su`, SSH) are administration. 5.3.3.a fails for a working account whose
//! last login in `last` is older than the profile's period (90 days); an
//! account with no login in the records is `unknown` (a new account, or
//! records that do not go back far enough); administrator accounts are
//! left out (rarely used by design).

use super::{macos, status_item, unknown_source};
use crate::checks::local_accounts::{admin_named, generic_word};
use crate::checks::try_finding;
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::macos::accounts::{LastLogins, MacUser};
use vigie_evidence::macos::MacosEvidence;
use vigie_evidence::Collected;

fn user_item(source: &str, u: &MacUser) -> EvidenceItem {
    let mut v = format!("uid {}", u.uid);
    if let Some(n) = &u.real_name {
        v.push_str(&format!(", « {n} »"));
    }
    if let Some(s) = &u.shell {
        v.push_str(&format!(", {s}"));
    }
    EvidenceItem::new(source, None, Some(&u.name), v)
}

/// The people's enabled accounts, with the source.
fn people(m: &MacosEvidence) -> Result<(&str, Vec<&MacUser>), Finding> {
    match &m.accounts.users {
        Collected::Ok { source, value } => Ok((
            source.as_str(),
            value
                .iter()
                .filter(|u| u.is_human() && !u.disabled)
                .collect(),
        )),
        other => Err(unknown_source(
            other,
            "Les comptes locaux n'ont pas pu être lus",
            "Local accounts could not be read",
        )),
    }
}

/// Members of `admin`, or the finding saying they are unknown.
fn admins(m: &MacosEvidence) -> Result<(&str, &[String]), Finding> {
    match &m.accounts.admins {
        Collected::Ok { source, value } => Ok((source.as_str(), value.as_slice())),
        other => Err(unknown_source(
            other,
            "Les membres du groupe admin n'ont pas pu être lus",
            "The members of the admin group could not be read",
        )),
    }
}

fn list(names: &[&str]) -> String {
    names.join(", ")
}

/// 5.2.1.a
pub(super) fn nominative(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let (src, people) = try_finding!(people(m));
    let (asrc, admins) = try_finding!(admins(m));
    let mut evidence: Vec<EvidenceItem> = people.iter().map(|u| user_item(src, u)).collect();
    evidence.push(EvidenceItem::new(
        asrc,
        None,
        Some("GroupMembership"),
        admins.join(" "),
    ));
    if people.is_empty() {
        return Finding::unknown(
            "Aucun compte local de personne n'est actif : les comptes viennent peut-être d'un annuaire, que Vigie ne lit pas.",
            "No local account of a person is enabled: accounts may come from a directory, which Vigie does not read.",
        )
        .with(evidence);
    }
    let mut fails_fr = Vec::new();
    let mut fails_en = Vec::new();
    let mut standard = 0;
    for u in &people {
        let is_admin = admins.contains(&u.name);
        let admin_account = is_admin && admin_named(&u.name);
        if !is_admin {
            standard += 1;
        }
        if !admin_account {
            if let Some(w) = generic_word(&u.name) {
                fails_fr.push(format!("le compte « {} » porte un nom générique (« {w} ») et ne désigne pas une personne", u.name));
                fails_en.push(format!(
                    "account \"{}\" has a generic name (\"{w}\") and does not name a person",
                    u.name
                ));
            } else if let Some(w) = u.real_name.as_deref().and_then(generic_word) {
                fails_fr.push(format!(
                    "le compte « {} » a pour nom complet « {} » (générique : « {w} »)",
                    u.name,
                    u.real_name.as_deref().unwrap_or("")
                ));
                fails_en.push(format!(
                    "account \"{}\" has the full name \"{}\" (generic: \"{w}\")",
                    u.name,
                    u.real_name.as_deref().unwrap_or("")
                ));
            }
        }
        if is_admin && !admin_account {
            fails_fr.push(format!(
                "le compte de travail « {} » est administrateur (groupe admin)",
                u.name
            ));
            fails_en.push(format!(
                "working account \"{}\" is an administrator (admin group)",
                u.name
            ));
        }
    }
    if standard == 0 {
        fails_fr.push("aucun compte n'est sans droits d'administration : le travail quotidien se fait en administrateur".into());
        fails_en.push(
            "no account is without administrator rights: everyday work is done as an administrator"
                .into(),
        );
    }
    if !fails_fr.is_empty() {
        return Finding::fail(
            format!("{}. Créez un compte standard au nom de chaque personne (Réglages Système > Utilisateurs et groupes) et gardez un compte administrateur à part.", super_cap(&fails_fr.join(" ; "))),
            format!("{}. Create a standard account in each person's name (System Settings > Users & Groups) and keep a separate administrator account.", super_cap(&fails_en.join("; "))),
        )
        .with(evidence);
    }
    let names: Vec<&str> = people.iter().map(|u| u.name.as_str()).collect();
    Finding::pass(
        format!("Chaque compte de personne est nominatif et les comptes de travail n'ont pas de droits d'administration ({}).", list(&names)),
        format!("Every person's account is nominative and working accounts have no administrator rights ({}).", list(&names)),
    )
    .with(evidence)
}

fn super_cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// 5.2.1.b
pub(super) fn admin_account(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let (src, people) = try_finding!(people(m));
    let (asrc, admins) = try_finding!(admins(m));
    let mut evidence = vec![EvidenceItem::new(
        asrc,
        None,
        Some("GroupMembership"),
        admins.join(" "),
    )];
    let human_admins: Vec<&&MacUser> = people.iter().filter(|u| admins.contains(&u.name)).collect();
    evidence.extend(human_admins.iter().map(|u| user_item(src, u)));
    let dedicated: Vec<&str> = human_admins
        .iter()
        .filter(|u| admin_named(&u.name))
        .map(|u| u.name.as_str())
        .collect();
    let working: Vec<&str> = human_admins
        .iter()
        .filter(|u| !admin_named(&u.name))
        .map(|u| u.name.as_str())
        .collect();
    if !dedicated.is_empty() {
        return Finding::pass(
            format!("Un compte administrateur distinct existe ({}). Vigie ne peut pas vérifier que son mot de passe diffère de celui des comptes de travail : à confirmer.", list(&dedicated)),
            format!("A separate administrator account exists ({}). Vigie cannot check that its password differs from the working accounts': to be confirmed.", list(&dedicated)),
        )
        .with(evidence);
    }
    if !working.is_empty() {
        return Finding::fail(
            format!("Les seuls administrateurs sont des comptes de travail ({}) : il n'y a pas de compte administrateur distinct. Créez-en un (par exemple « admin-{} ») et retirez les droits d'administration des comptes de travail.", list(&working), working[0]),
            format!("The only administrators are working accounts ({}): there is no separate administrator account. Create one (for example \"admin-{}\") and remove administrator rights from the working accounts.", list(&working), working[0]),
        )
        .with(evidence);
    }
    Finding::unknown(
        "Aucun compte de personne n'est administrateur de ce Mac : il est peut-être administré à distance (gestion de parc) ; à confirmer.",
        "No person's account administers this Mac: it may be administered remotely (device management); to be confirmed.",
    )
    .with(evidence)
}

fn last(m: &MacosEvidence) -> Result<(&str, &LastLogins), Finding> {
    match &m.accounts.last {
        Collected::Ok { source, value } => Ok((source.as_str(), value)),
        other => Err(unknown_source(
            other,
            "Les connexions passées (last) n'ont pas pu être lues",
            "Past logins (last) could not be read",
        )),
    }
}

/// 5.2.2.a
pub(super) fn admin_use(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let (_, people) = try_finding!(people(m));
    let (asrc, admins) = try_finding!(admins(m));
    let human_admins: Vec<&MacUser> = people
        .iter()
        .copied()
        .filter(|u| admins.contains(&u.name))
        .collect();
    let mut evidence = vec![EvidenceItem::new(
        asrc,
        None,
        Some("GroupMembership"),
        admins.join(" "),
    )];
    if human_admins.is_empty() {
        return Finding::pass(
            "Aucun compte de personne n'est administrateur : aucun ne peut servir au travail quotidien en administrateur.",
            "No person's account is an administrator: none can serve for everyday work as administrator.",
        )
        .with(evidence);
    }
    let mut used_fr = Vec::new();
    let mut used_en = Vec::new();
    if let Collected::Ok {
        source,
        value: Some(u),
    } = &m.screen.auto_login_user
    {
        if human_admins.iter().any(|a| a.name == *u) {
            evidence.push(EvidenceItem::new(
                source,
                None,
                Some("autoLoginUser"),
                u.clone(),
            ));
            used_fr.push(format!(
                "le compte administrateur « {u} » s'ouvre automatiquement au démarrage"
            ));
            used_en.push(format!(
                "administrator account \"{u}\" is logged in automatically at startup"
            ));
        }
    }
    let (lsrc, records) = try_finding!(last(m).map_err(|f| f.with(evidence.clone())));
    if let Some(b) = &records.begins {
        evidence.push(EvidenceItem::new(
            lsrc,
            None,
            Some("wtmp begins"),
            b.clone(),
        ));
    }
    for a in &human_admins {
        // `last` keeps each account's latest login; a console login of an
        // administrator is a desktop session.
        if let Some(l) = records.logins.iter().find(|l| l.user == a.name) {
            evidence.push(EvidenceItem::new(
                lsrc,
                None,
                Some(&l.user),
                format!("{} {}", l.tty, l.date),
            ));
            if l.tty == "console" {
                used_fr.push(format!(
                    "le compte administrateur « {} » a ouvert une session sur le bureau le {}",
                    a.name, l.date
                ));
                used_en.push(format!(
                    "administrator account \"{}\" opened a desktop session on {}",
                    a.name, l.date
                ));
            }
        }
    }
    if !used_fr.is_empty() {
        return Finding::fail(
            format!("{} : un compte administrateur sert au travail quotidien. Travaillez avec un compte standard et n'utilisez l'administrateur que pour les installations et réglages (son mot de passe est demandé au besoin).", super_cap(&used_fr.join(" ; "))),
            format!("{}: an administrator account serves for everyday work. Work with a standard account and use the administrator only for installs and settings (its password is asked when needed).", super_cap(&used_en.join("; "))),
        )
        .with(evidence);
    }
    let names: Vec<&str> = human_admins.iter().map(|u| u.name.as_str()).collect();
    Finding::pass(
        format!("Aucune session de bureau n'a été ouverte avec un compte administrateur ({}) dans les connexions enregistrées.", list(&names)),
        format!("No desktop session was opened with an administrator account ({}) in the recorded logins.", list(&names)),
    )
    .with(evidence)
}

/// 5.3.3.a
pub(super) fn dormant(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let (src, people) = try_finding!(people(m));
    let admins: &[String] = m
        .accounts
        .admins
        .value()
        .map(|a| a.as_slice())
        .unwrap_or_default();
    let (lsrc, records) = try_finding!(last(m));
    let days = ctx.profile.dormant_account_days;
    let cutoff = ctx.as_of - time::Duration::days(days);
    let mut evidence = Vec::new();
    if let Some(b) = &records.begins {
        evidence.push(EvidenceItem::new(
            lsrc,
            None,
            Some("wtmp begins"),
            b.clone(),
        ));
    }
    let mut dormant_fr = Vec::new();
    let mut dormant_en = Vec::new();
    let mut unknown = Vec::new();
    let mut active = Vec::new();
    for u in &people {
        if admins.contains(&u.name) && admin_named(&u.name) {
            continue;
        }
        evidence.push(user_item(src, u));
        match records.logins.iter().find(|l| l.user == u.name) {
            Some(l) => {
                evidence.push(EvidenceItem::new(
                    lsrc,
                    None,
                    Some(&l.user),
                    format!("{} {}", l.tty, l.date),
                ));
                let date = time::Date::parse(
                    &l.date,
                    &time::format_description::well_known::Iso8601::DATE,
                )
                .ok();
                match date {
                    Some(d) if d < cutoff && !l.still_logged_in => {
                        dormant_fr
                            .push(format!("« {} » (dernière connexion le {})", u.name, l.date));
                        dormant_en.push(format!("\"{}\" (last login on {})", u.name, l.date));
                    }
                    Some(_) => active.push(u.name.as_str()),
                    None => unknown.push(u.name.as_str()),
                }
            }
            None => unknown.push(u.name.as_str()),
        }
    }
    if !dormant_fr.is_empty() {
        return Finding::fail(
            format!("Compte(s) inutilisé(s) depuis plus de {days} jours et toujours actif(s) : {}. Désactivez-les (Réglages Système > Utilisateurs et groupes) en cas d'absence prolongée ou de départ.", dormant_fr.join(", ")),
            format!("Account(s) unused for more than {days} days and still enabled: {}. Disable them (System Settings > Users & Groups) for a long absence or a departure.", dormant_en.join(", ")),
        )
        .with(evidence);
    }
    if !unknown.is_empty() {
        let since = records.begins.clone().unwrap_or_else(|| "?".into());
        return Finding::unknown(
            format!("Aucune connexion enregistrée (depuis le {since}) pour : {}. Compte récent, ou inutilisé depuis longtemps : vérifiez s'il sert encore.", list(&unknown)),
            format!("No recorded login (since {since}) for: {}. A recent account, or one unused for long: check whether it is still used.", list(&unknown)),
        )
        .with(evidence);
    }
    if active.is_empty() {
        evidence.push(status_item(&m.accounts.users, "dscl"));
        return Finding::pass(
            "Aucun compte de travail actif à contrôler.",
            "No enabled working account to check.",
        )
        .with(evidence);
    }
    Finding::pass(
        format!(
            "Chaque compte de travail actif a servi dans les {days} derniers jours ({}).",
            list(&active)
        ),
        format!(
            "Every enabled working account was used in the last {days} days ({}).",
            list(&active)
        ),
    )
    .with(evidence)
}
