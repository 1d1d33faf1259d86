//! Accounts on Windows: 5.2.1.a, 5.2.1.b, 5.2.2.a and 5.3.3.a, from
//! `Get-LocalUser` and the members of Administrators, found by the group's
//! SID S-1-5-32-544 (« Administrateurs » on a French system), never by name.
//!
//! - A person's account: an enabled local user whose relative identifier is
//!   1000 or more (created on the machine). The built-in Administrator
//!   (RID 500) is judged on its own; Guest (501) enabled is a shared
//!   account; DefaultAccount (503) and WDAGUtilityAccount (504) are the
//!   system's. Names (login and full name; a Microsoft account's full name
//!   comes from it) are judged with the Linux lists
//!   ([`crate::checks::local_accounts`]): generic words, and names marking
//!   an administrator account (`admin-dupont`).
//! - Administrator rights: direct membership of Administrators. A domain or
//!   Microsoft Entra group in it (`DOMAINE\Admins du domaine`) cannot be
//!   expanded here: it is reported.
//! - 5.2.1.a: every person's account is nominative, and none holds
//!   administrator rights unless its name marks it as the administrator
//!   account; at least one account without them exists; Guest is disabled.
//! - 5.2.1.b (machine part): an administrator account separate from the
//!   working ones exists: an account named as such in Administrators, or
//!   the built-in Administrator enabled (shared, not nominative: said so).
//!   That its password differs is the declaration's part.
//! - 5.2.2.a (machine part): signs that an administrator account serves
//!   for everyday work: a working account (not named as an administrator
//!   account) in Administrators that has logged on; automatic logon into an
//!   administrator account; User Account Control turned off (`EnableLUA` =
//!   0: every administrator session then runs everything with full rights);
//!   the built-in Administrator enabled and used while it escapes UAC
//!   (`FilterAdministratorToken` not 1).
//! - 5.3.3.a (machine part): an enabled person's account not used for more
//!   than the profile's `dormant_account_days` (the last logon, or its
//!   profile's last use, whichever is later); never used counts only when
//!   the password was set before that period. Accounts named as
//!   administrator accounts are left out, as on Linux.

use super::{describe, join, policy, value};
use crate::checks::local_accounts::{admin_named, epoch_days, generic_word, time_text};
use crate::checks::{try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::windows::policy::accounts::{LocalAccounts, LocalUser};
use vigie_evidence::windows::policy::PolicyEvidence;
use vigie_evidence::Collected;

pub const NOMINATIVE: Check = Check {
    id: "5.2.1.a",
    evaluate: nominative,
};
pub const ADMIN_ACCOUNT: Check = Check {
    id: "5.2.1.b",
    evaluate: admin_account,
};
pub const ADMIN_USE: Check = Check {
    id: "5.2.2.a",
    evaluate: admin_use,
};
pub const DORMANT: Check = Check {
    id: "5.3.3.a",
    evaluate: dormant,
};

struct View<'a> {
    ev: &'a PolicyEvidence,
    a: &'a LocalAccounts,
    source: &'a str,
    /// Enabled accounts of people (RID ≥ 1000).
    people: Vec<&'a LocalUser>,
    builtin_admin: Option<&'a LocalUser>,
    guest: Option<&'a LocalUser>,
}

fn view<'a>(ctx: &Context<'a>) -> Result<View<'a>, Finding> {
    let ev = policy(ctx)?;
    let (a, source) = value(
        "La liste des comptes locaux",
        "The list of local accounts",
        &ev.accounts,
    )?;
    Ok(View {
        ev,
        a,
        source,
        people: a
            .users
            .iter()
            .filter(|u| u.enabled && u.rid().is_some_and(|r| r >= 1000))
            .collect(),
        builtin_admin: a.users.iter().find(|u| u.rid() == Some(500)),
        guest: a.users.iter().find(|u| u.rid() == Some(501)),
    })
}

impl View<'_> {
    fn item(&self, u: &LocalUser) -> EvidenceItem {
        let mut parts = vec![if u.enabled {
            "actif / enabled"
        } else {
            "désactivé / disabled"
        }
        .to_string()];
        if let Some(f) = &u.full_name {
            parts.push(format!("« {f} »"));
        }
        if u.microsoft_account() {
            parts.push("compte Microsoft / Microsoft account".into());
        }
        if self.a.is_admin(&u.sid) {
            parts.push("Administrateurs / Administrators".into());
        }
        parts.push(format!(
            "dernière connexion / last logon : {}",
            u.last_logon
                .map(time_text)
                .unwrap_or_else(|| "jamais / never".into())
        ));
        EvidenceItem::new(
            self.source,
            None,
            Some(&format!("{} ({})", u.name, u.sid)),
            parts.join(", "),
        )
    }
    /// The Administrators members that are not local users (domain or
    /// Entra groups and accounts, orphaned SIDs).
    fn other_admins(&self) -> Vec<String> {
        self.a
            .administrators
            .members
            .iter()
            .filter(|m| self.a.user_by_sid(&m.sid).is_none())
            .map(|m| format!("{} ({})", m.name, m.sid))
            .collect()
    }
    /// The finding when the Administrators members are unknown.
    fn admins_unknown(&self) -> Option<Finding> {
        let a = &self.a.administrators;
        if a.source.is_some() {
            return None;
        }
        Some(
            Finding::unknown(
                format!("Les membres du groupe Administrateurs (S-1-5-32-544) n'ont pas pu être lus ({}).", a.error.clone().unwrap_or_default()),
                format!("The members of the Administrators group (S-1-5-32-544) could not be read ({}).", a.error.clone().unwrap_or_default()),
            )
            .with([EvidenceItem::new(self.source, None, Some("S-1-5-32-544"), a.error.clone().unwrap_or_default())]),
        )
    }
    fn admins_item(&self) -> EvidenceItem {
        let a = &self.a.administrators;
        EvidenceItem::new(
            self.source,
            None,
            Some(&format!(
                "S-1-5-32-544 ({})",
                a.source.clone().unwrap_or_default()
            )),
            a.members
                .iter()
                .map(|m| m.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        )
    }
    fn in_domain(&self) -> bool {
        matches!(&self.ev.computer, Collected::Ok { value, .. } if value.part_of_domain)
    }
}

fn nominative(ctx: &Context) -> Finding {
    let v = try_finding!(view(ctx));
    if let Some(f) = v.admins_unknown() {
        return f;
    }
    let mut evidence = vec![v.admins_item()];
    let mut fails: Vec<(String, String)> = Vec::new();
    if let Some(g) = v.guest.filter(|g| g.enabled) {
        evidence.push(v.item(g));
        fails.push((
            format!(
                "le compte Invité « {} » est activé (compte partagé, sans nom)",
                g.name
            ),
            format!(
                "the Guest account \"{}\" is enabled (shared, nameless)",
                g.name
            ),
        ));
    }
    if v.people.is_empty() {
        if let Some(b) = v.builtin_admin.filter(|b| b.enabled) {
            evidence.push(v.item(b));
            return Finding::fail(
                "Aucun compte personnel : seul le compte Administrateur intégré est actif. Créez un compte à votre nom, « Utilisateur standard », pour chaque personne.",
                "No personal account: only the built-in Administrator account is enabled. Create a \"Standard User\" account in each person's name.",
            )
            .with(evidence);
        }
        let (fr, en) = if v.in_domain() {
            (
                " : ce poste est dans un domaine, les comptes viennent sans doute de l'annuaire",
                ": this computer is in a domain, accounts probably come from the directory",
            )
        } else {
            ("", "")
        };
        return Finding::unknown(
            format!("Aucun compte local de personne n'est actif{fr}."),
            format!("No local account of a person is enabled{en}."),
        )
        .with(evidence);
    }
    let mut standard = 0;
    for u in &v.people {
        evidence.push(v.item(u));
        for name in [Some(u.name.as_str()), u.full_name.as_deref()]
            .into_iter()
            .flatten()
        {
            if let Some(w) = generic_word(name) {
                fails.push((
                    format!("« {name} » n'est pas nominatif (« {w} »)"),
                    format!("\"{name}\" is not a personal name (\"{w}\")"),
                ));
                break;
            }
        }
        if v.a.is_admin(&u.sid) {
            if !admin_named(&u.name) {
                fails.push((
                    format!("« {} » est membre des Administrateurs : un compte de travail a les droits d'administration", u.name),
                    format!("\"{}\" is a member of Administrators: a working account has administrator rights", u.name),
                ));
            }
        } else {
            standard += 1;
        }
    }
    if standard == 0 {
        fails.push((
            "aucun compte sans droits d'administration : le travail courant se fait en administrateur".into(),
            "no account without administrator rights: everyday work runs as administrator".into(),
        ));
    }
    let others = v.other_admins();
    if !fails.is_empty() {
        let (f, e) = join(&fails);
        return Finding::fail(
            format!("Comptes non conformes : {f}. Créez un compte « Utilisateur standard » au nom de chaque personne et réservez les Administrateurs au compte d'administration."),
            format!("Accounts not compliant: {e}. Create a \"Standard User\" account in each person's name and keep Administrators for the administration account."),
        )
        .with(evidence);
    }
    let (nf, ne) = if others.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(
                " Membres des Administrateurs hors de ce poste, non détaillés : {}.",
                others.join(", ")
            ),
            format!(
                " Administrators members from outside this computer, not expanded: {}.",
                others.join(", ")
            ),
        )
    };
    Finding::pass(
        format!("Chaque personne a un compte nominatif ; {standard} compte(s) sans droits d'administration.{nf}"),
        format!("Everyone has a personal account; {standard} account(s) without administrator rights.{ne}"),
    )
    .with(evidence)
}

fn admin_account(ctx: &Context) -> Finding {
    let v = try_finding!(view(ctx));
    if let Some(f) = v.admins_unknown() {
        return f;
    }
    let mut evidence = vec![v.admins_item()];
    let dedicated: Vec<&&LocalUser> = v
        .people
        .iter()
        .filter(|u| v.a.is_admin(&u.sid) && admin_named(&u.name))
        .collect();
    let daily: Vec<&&LocalUser> = v
        .people
        .iter()
        .filter(|u| v.a.is_admin(&u.sid) && !admin_named(&u.name))
        .collect();
    for u in dedicated.iter().chain(daily.iter()) {
        evidence.push(v.item(u));
    }
    if !dedicated.is_empty() {
        let names: Vec<&str> = dedicated.iter().map(|u| u.name.as_str()).collect();
        return Finding::pass(
            format!(
                "Un compte d'administration distinct existe : {}.",
                names.join(", ")
            ),
            format!(
                "A separate administration account exists: {}.",
                names.join(", ")
            ),
        )
        .with(evidence);
    }
    if let Some(b) = v
        .builtin_admin
        .filter(|b| b.enabled && v.a.is_admin(&b.sid))
    {
        evidence.push(v.item(b));
        return Finding::pass(
            format!("Le compte Administrateur intégré « {} » est actif et sert de compte d'administration distinct (il est partagé, non nominatif, et échappe au Contrôle de compte d'utilisateur : un compte « admin-nom » est préférable).", b.name),
            format!("The built-in Administrator account \"{}\" is enabled and serves as the separate administration account (it is shared, not personal, and escapes User Account Control: an \"admin-name\" account is better).", b.name),
        )
        .with(evidence);
    }
    if !daily.is_empty() {
        let names: Vec<&str> = daily.iter().map(|u| u.name.as_str()).collect();
        return Finding::fail(
            format!("Aucun compte d'administration distinct : les droits d'administration sont portés par des comptes de travail ({}). Créez un compte « admin-… » et passez les comptes de travail en « Utilisateur standard ».", names.join(", ")),
            format!("No separate administration account: administrator rights are held by working accounts ({}). Create an \"admin-…\" account and make the working accounts \"Standard User\".", names.join(", ")),
        )
        .with(evidence);
    }
    let others = v.other_admins();
    Finding::unknown(
        format!("Aucun compte local d'administration actif n'a été trouvé ; le poste est peut-être administré depuis un domaine ou Microsoft Entra ({}).", if others.is_empty() { "aucun autre membre".to_string() } else { others.join(", ") }),
        format!("No enabled local administration account was found; the computer may be administered from a domain or Microsoft Entra ({}).", if others.is_empty() { "no other member".to_string() } else { others.join(", ") }),
    )
    .with(evidence)
}

fn admin_use(ctx: &Context) -> Finding {
    let v = try_finding!(view(ctx));
    if let Some(f) = v.admins_unknown() {
        return f;
    }
    let mut evidence = vec![v.admins_item()];
    let mut fails: Vec<(String, String)> = Vec::new();
    let mut notes: Vec<(String, String)> = Vec::new();
    for u in &v.people {
        if v.a.is_admin(&u.sid) {
            evidence.push(v.item(u));
            if !admin_named(&u.name) && u.last_logon.is_some() {
                fails.push((
                    format!("« {} », un compte de travail membre des Administrateurs, sert à ouvrir des sessions (dernière le {})", u.name, u.last_logon.map(time_text).unwrap_or_default()),
                    format!("\"{}\", a working account in Administrators, is used to log in (last on {})", u.name, u.last_logon.map(time_text).unwrap_or_default()),
                ));
            }
        }
    }
    let sys_values = v.ev.system_policies.value();
    let sys_value = |name: &str| {
        sys_values
            .and_then(|keys| keys.iter().find_map(|k| k.value(name)))
            .and_then(|x| x.as_u64())
    };
    let sys_source =
        v.ev.system_policies
            .source()
            .unwrap_or("Policies\\System")
            .to_string();
    if sys_values.is_some() {
        let lua = sys_value("EnableLUA");
        evidence.push(EvidenceItem::new(
            sys_source.clone(),
            None,
            Some("EnableLUA"),
            lua.map(|x| x.to_string())
                .unwrap_or_else(|| "absent (1)".into()),
        ));
        if lua == Some(0) {
            fails.push((
                "le Contrôle de compte d'utilisateur est désactivé (EnableLUA = 0) : toute session d'administrateur travaille avec tous les droits".into(),
                "User Account Control is off (EnableLUA = 0): every administrator session works with full rights".into(),
            ));
        }
    } else {
        notes.push((
            format!(
                "réglages du Contrôle de compte d'utilisateur illisibles ({})",
                describe(&v.ev.system_policies)
            ),
            format!(
                "User Account Control settings unreadable ({})",
                describe(&v.ev.system_policies)
            ),
        ));
    }
    if let Some(b) = v.builtin_admin.filter(|b| b.enabled) {
        evidence.push(v.item(b));
        let filtered = sys_value("FilterAdministratorToken") == Some(1);
        if b.last_logon.is_some() && !filtered {
            fails.push((
                format!("le compte Administrateur intégré « {} » est actif et utilisé (dernière connexion le {}) : il échappe au Contrôle de compte d'utilisateur", b.name, b.last_logon.map(time_text).unwrap_or_default()),
                format!("the built-in Administrator account \"{}\" is enabled and used (last logon on {}): it escapes User Account Control", b.name, b.last_logon.map(time_text).unwrap_or_default()),
            ));
        }
    }
    if let Collected::Ok { source, value } = &v.ev.winlogon {
        let get = |n: &str| {
            value
                .iter()
                .find_map(|k| k.value(n))
                .map(|x| x.data.trim().to_string())
        };
        if get("AutoAdminLogon").as_deref() == Some("1") {
            let who = get("DefaultUserName").unwrap_or_default();
            let admin =
                v.a.users
                    .iter()
                    .any(|u| u.name.eq_ignore_ascii_case(&who) && v.a.is_admin(&u.sid));
            if admin {
                evidence.push(EvidenceItem::new(
                    source.clone(),
                    None,
                    Some("AutoAdminLogon / DefaultUserName"),
                    format!("1 / {who}"),
                ));
                fails.push((
                    format!("la session de l'administrateur « {who} » s'ouvre automatiquement au démarrage"),
                    format!("the administrator \"{who}\"'s session opens automatically at startup"),
                ));
            }
        }
    }
    if !fails.is_empty() {
        let (f, e) = join(&fails);
        return Finding::fail(
            format!("Un compte administrateur sert au travail courant : {f}."),
            format!("An administrator account is used for everyday work: {e}."),
        )
        .with(evidence);
    }
    if !notes.is_empty() {
        let (f, e) = join(&notes);
        let out = Finding::unknown(
            format!("Usage des comptes administrateurs non établi : {f}."),
            format!("Use of administrator accounts not established: {e}."),
        )
        .with(evidence);
        return if v.ev.system_policies.permission_denied() {
            out.needs_privileges()
        } else {
            out
        };
    }
    Finding::pass(
        "Aucun signe d'usage courant d'un compte administrateur : les comptes de travail n'ont pas les droits d'administration, le Contrôle de compte d'utilisateur est actif, pas de connexion automatique en administrateur.",
        "No sign of everyday use of an administrator account: working accounts hold no administrator rights, User Account Control is on, no automatic logon as administrator.",
    )
    .with(evidence)
}

fn dormant(ctx: &Context) -> Finding {
    let v = try_finding!(view(ctx));
    let days = ctx.profile.dormant_account_days;
    let cutoff = (epoch_days(ctx.as_of) - days) * 86400;
    let mut evidence = Vec::new();
    let mut dormant = Vec::new();
    let mut unknown = Vec::new();
    let mut active = 0;
    for u in v.people.iter().filter(|u| !admin_named(&u.name)) {
        evidence.push(v.item(u));
        let profile_use = v.a.profile(&u.sid).and_then(|p| p.last_use);
        if let Some(t) = profile_use {
            evidence.push(EvidenceItem::new(
                v.source,
                None,
                Some(&format!("{} LastUseTime", u.name)),
                time_text(t),
            ));
        }
        let last = u.last_logon.max(profile_use);
        match last {
            Some(t) if t >= cutoff => active += 1,
            Some(t) => dormant.push((
                format!("« {} » (dernière utilisation le {})", u.name, time_text(t)),
                format!("\"{}\" (last used on {})", u.name, time_text(t)),
            )),
            None => match u.password_last_set {
                Some(p) if p < cutoff => dormant.push((
                    format!(
                        "« {} » (jamais utilisé, mot de passe fixé le {})",
                        u.name,
                        time_text(p)
                    ),
                    format!(
                        "\"{}\" (never used, password set on {})",
                        u.name,
                        time_text(p)
                    ),
                )),
                Some(_) => active += 1, // created recently
                None => unknown.push((
                    format!("« {} » (jamais utilisé, date de création inconnue)", u.name),
                    format!("\"{}\" (never used, creation date unknown)", u.name),
                )),
            },
        }
    }
    if !dormant.is_empty() {
        let (f, e) = join(&dormant);
        return Finding::fail(
            format!("Compte(s) actif(s) inutilisé(s) depuis plus de {days} jours : {f}. Désactivez le compte d'une personne absente ou partie."),
            format!("Enabled account(s) unused for more than {days} days: {e}. Disable the account of someone away or gone."),
        )
        .with(evidence);
    }
    if !unknown.is_empty() {
        let (f, e) = join(&unknown);
        return Finding::unknown(
            format!("Utilisation des comptes non établie : {f}."),
            format!("Account use not established: {e}."),
        )
        .with(evidence);
    }
    if v.people.is_empty() {
        return Finding::unknown(
            "Aucun compte local de personne n'est actif : les comptes viennent peut-être d'un domaine ou de Microsoft Entra, que Vigie ne lit pas.",
            "No local account of a person is enabled: accounts may come from a domain or Microsoft Entra, which Vigie does not read.",
        )
        .with(evidence);
    }
    Finding::pass(
        format!("Les {active} compte(s) actif(s) ont servi dans les {days} derniers jours (ou viennent d'être créés)."),
        format!("The {active} enabled account(s) were used within the last {days} days (or were just created)."),
    )
    .with(evidence)
}
