//! 5.2.1.b — « Créer un compte administrateur, avec un mot de passe distinct du compte utilisateur. Les comptes administrateurs peuvent concerner un environnement technique (poste de travail, système d'exploitation) ou un environnement applicatif (Logiciel de Gestion de Cabinet, Logiciel de Gestion d'Officine, Logiciel d'Aide à la Dispensation ...). »
//!
//! Linux (method `both`): the machine part is the existence of an
//! administrator account separate from the working accounts:
//! - pass: an account of a person with administrator rights whose name
//!   marks it as the administrator account (`admin-dupont` with sudo while
//!   `dupont` has none; see [`super::local_accounts`]);
//! - pass too when root has a password of its own and no such account
//!   exists (Debian installed with a root password, no sudo): root is then
//!   the separate administrator account. It is shared and not nominative,
//!   which the memento does not forbid for the administrator account; the
//!   reason says so;
//! - fail: root has an empty password; or the only accounts with
//!   administrator rights are working accounts (nothing separate);
//! - unknown: the rules or `/etc/shadow` cannot be read, or no
//!   administrator account exists at all (root locked, no rights): the
//!   machine may be administered otherwise (root by SSH key, a directory).
//!
//! That the administrator password differs from the user's cannot be
//! checked (hashes are never kept): that is the declaration's part.

use super::local_accounts::{account_evidence, admin_named, names, Level, People, RightsView};
use super::{linux, try_finding, Check};
use crate::{Context, Finding};
use vigie_evidence::{Account, PasswordState};

pub const CHECK: Check = Check {
    id: "5.2.1.b",
    evaluate,
};

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let people = try_finding!(People::new(linux, ctx.as_of));
    let view = RightsView::new(linux, ctx.evidence.target.host.as_deref());
    let mut evidence = people.range_evidence.clone();
    let mut dedicated: Vec<&Account> = Vec::new();
    let mut daily: Vec<&Account> = Vec::new();
    let mut presumed: Vec<&Account> = Vec::new();
    let mut unknown_rights = false;
    for a in &people.humans {
        let r = view.rights(a);
        match r.level {
            Level::Full => {
                evidence.push(account_evidence(a));
                evidence.extend(r.evidence);
                if admin_named(&a.name) {
                    dedicated.push(a);
                } else {
                    daily.push(a);
                }
            }
            Level::Presumed => {
                evidence.push(account_evidence(a));
                evidence.extend(r.evidence);
                presumed.push(a);
            }
            Level::Unknown => unknown_rights = true,
            Level::Restricted | Level::None => {}
        }
    }
    let declare_fr = " Que son mot de passe diffère de celui des comptes de travail ne se voit pas sur la machine : c'est à vous de le déclarer.";
    let declare_en = " That its password differs from the working accounts' cannot be seen on the machine: you declare it.";
    let daily_note = |fr: bool| {
        if daily.is_empty() {
            String::new()
        } else if fr {
            format!(
                " Des comptes de travail ont aussi les droits d'administrateur ({}) : voir 5.2.1.a.",
                names(&daily)
            )
        } else {
            format!(
                " Working accounts also have administrator rights ({}): see 5.2.1.a.",
                names(&daily)
            )
        }
    };
    if !dedicated.is_empty() {
        // root with a password of its own is a second, shared way in.
        let root_usable = people
            .root
            .filter(|r| r.password == Some(PasswordState::Usable));
        let (root_fr, root_en) = match root_usable {
            Some(r) => {
                evidence.push(crate::EvidenceItem::new(
                    "/etc/shadow",
                    r.shadow_line,
                    Some(&r.name),
                    "mot de passe défini / password set",
                ));
                (
                    " root a aussi son propre mot de passe : un second compte administrateur, partagé ; s'il ne sert pas, verrouillez-le (sudo passwd -l root).",
                    " root also has its own password: a second, shared administrator account; if unused, lock it (sudo passwd -l root).",
                )
            }
            None => ("", ""),
        };
        return Finding::pass(
            format!(
                "Un compte administrateur distinct existe : {}.{declare_fr}{}{root_fr}",
                names(&dedicated),
                daily_note(true)
            ),
            format!(
                "A separate administrator account exists: {}.{declare_en}{}{root_en}",
                names(&dedicated),
                daily_note(false)
            ),
        )
        .with(evidence);
    }
    if let Some(root) = people.root {
        let shadow_ref = |e: &mut Vec<crate::EvidenceItem>| {
            e.push(crate::EvidenceItem::new(
                "/etc/shadow",
                root.shadow_line,
                Some(&root.name),
                match root.password {
                    Some(PasswordState::Usable) => "mot de passe défini / password set",
                    Some(PasswordState::Empty) => "mot de passe vide / empty password",
                    Some(PasswordState::Locked) => "verrouillé / locked",
                    Some(PasswordState::NoShadowEntry) => "aucune entrée / no entry",
                    None => "illisible / unreadable",
                },
            ))
        };
        match root.password {
            Some(PasswordState::Empty) => {
                shadow_ref(&mut evidence);
                return Finding::fail(
                    "Le compte administrateur root n'a pas de mot de passe : n'importe qui peut en prendre le contrôle. Donnez-lui un mot de passe (sudo passwd root) ou verrouillez-le (sudo passwd -l root) après avoir créé un compte admin-nom avec sudo.",
                    "The root administrator account has no password: anyone can take it over. Give it a password (sudo passwd root) or lock it (sudo passwd -l root) after creating an admin-name account with sudo.",
                )
                .with(evidence);
            }
            Some(PasswordState::Usable) => {
                shadow_ref(&mut evidence);
                return Finding::pass(
                    format!(
                        "Le compte root, avec son propre mot de passe, sert de compte administrateur distinct. C'est un compte partagé, non nominatif : un compte administrateur au nom de la personne (admin-nom, avec sudo) permettrait de savoir qui administre.{declare_fr}{}",
                        daily_note(true)
                    ),
                    format!(
                        "The root account, with its own password, is the separate administrator account. It is shared, not nominative: an administrator account in the person's name (admin-name, with sudo) would show who administers.{declare_en}{}",
                        daily_note(false)
                    ),
                )
                .with(evidence);
            }
            None if daily.is_empty() => {
                evidence.push(people.shadow_evidence());
                return Finding::unknown(
                    "/etc/shadow n'a pas pu être lu : impossible de savoir si root a un mot de passe (compte administrateur). Lancez l'audit en administrateur.",
                    "/etc/shadow could not be read: whether root has a password (administrator account) cannot be known. Run the audit as administrator.",
                )
                .with(evidence)
                .needs_privileges();
            }
            _ => {}
        }
    }
    if !presumed.is_empty() || unknown_rights {
        let (gap_fr, gap_en, gap_evidence) = view.gap_text();
        evidence.extend(gap_evidence);
        let mut f = Finding::unknown(
            format!("Les règles d'administration n'ont pas pu être lues ({gap_fr}) : impossible de dire quel compte est administrateur.{}", view.root_hint().0),
            format!("The administration rules could not be read ({gap_en}): which account is the administrator cannot be told.{}", view.root_hint().1),
        )
        .with(evidence);
        if view.needs_privileges() {
            f = f.needs_privileges();
        }
        return f;
    }
    if !daily.is_empty() {
        return Finding::fail(
            format!(
                "Aucun compte administrateur distinct : les droits d'administrateur sont portés par des comptes de travail ({}). Créez un compte dédié (sudo adduser admin-nom puis sudo usermod -aG sudo admin-nom, ou wheel sur Fedora) avec un mot de passe différent, puis retirez les droits des comptes de travail.",
                names(&daily)
            ),
            format!(
                "No separate administrator account: administrator rights are held by working accounts ({}). Create a dedicated account (sudo adduser admin-name then sudo usermod -aG sudo admin-name, or wheel on Fedora) with a different password, then remove the rights from working accounts.",
                names(&daily)
            ),
        )
        .with(evidence);
    }
    if let Some(root) = people.root {
        evidence.push(account_evidence(root));
    }
    Finding::unknown(
        "Aucun compte administrateur utilisable n'a été trouvé : root est verrouillé et aucun compte n'a les droits sudo. L'administration passe peut-être par un prestataire (clé SSH) ou un annuaire : précisez qui administre ce poste.",
        "No usable administrator account was found: root is locked and no account has sudo rights. Administration may go through an IT provider (SSH key) or a directory: state who administers this computer.",
    )
    .with(evidence)
}
