//! 5.2.2.a — « Réserver l'utilisation du compte administrateur aux actions d'administration (installation de logiciels par exemple). »
//!
//! Linux (method `both`): the administrator accounts are the accounts of
//! people holding administrator rights (see [`super::local_accounts`]) and
//! root when it has a password. The machine shows when one of them serves
//! for everyday work:
//! - a desktop session was opened with it: files a session creates in its
//!   home (`.config/dconf/user`, `.local/share/recently-used.xbel`, the
//!   Desktop/Bureau folder, KDE/Xfce/Cinnamon settings, `.xsession-errors`),
//!   only their existence is checked;
//! - a web browser was used with it (a Firefox or Chromium-based profile
//!   folder), root included even when locked (a browser started with sudo);
//! - a display manager logs into it automatically (GDM, LightDM, SDDM);
//! - wtmp records sessions on an X display (`:0`).
//!
//! Any of these fails. A home that cannot be searched leaves the verdict
//! unknown. A pass only says no such sign was found; the declaration
//! covers the practice itself.

use super::local_accounts::{account_evidence, names, time_text, Level, People, RightsView};
use super::{linux, try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::linux::users::TraceKind;
use vigie_evidence::{Account, Collected, PasswordState};

pub const CHECK: Check = Check {
    id: "5.2.2.a",
    evaluate,
};

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let people = try_finding!(People::new(linux, ctx.as_of));
    let view = RightsView::new(linux, ctx.evidence.target.host.as_deref());
    let users = &linux.users;
    let mut evidence = Vec::new();
    let mut admins: Vec<&Account> = Vec::new();
    let mut unknown_rights = false;
    for a in &people.humans {
        let r = view.rights(a);
        match r.level {
            Level::Full => {
                evidence.push(account_evidence(a));
                evidence.extend(r.evidence);
                admins.push(a);
            }
            Level::Presumed | Level::Unknown => unknown_rights = true,
            _ => {}
        }
    }
    let root = people.root;
    let root_usable = root.is_some_and(|r| {
        matches!(
            r.password,
            Some(PasswordState::Usable) | Some(PasswordState::Empty)
        )
    });
    if let Some(r) = root {
        evidence.push(account_evidence(r));
        if root_usable {
            admins.push(r);
        }
    }

    let mut misuse: Vec<(String, String)> = Vec::new();
    let mut unreadable: Vec<String> = Vec::new();
    let mut checked: Vec<&Account> = Vec::new();
    let mut consider = |a: &Account, kinds: &[TraceKind]| {
        let Some(home) = users.homes.iter().find(|h| h.account == a.name) else {
            return;
        };
        match &home.home {
            Collected::Unreadable { .. } | Collected::NotCollected { .. } => {
                evidence.push(EvidenceItem::new(
                    home.home.source().unwrap_or(&a.name),
                    None,
                    None,
                    super::local_accounts::describe(&home.home),
                ));
                unreadable.push(a.name.clone());
                return;
            }
            _ => {}
        }
        let found: Vec<_> = home
            .traces
            .iter()
            .filter(|t| kinds.contains(&t.kind) && t.kind != TraceKind::Other)
            .collect();
        for t in &found {
            let shown = match t.modified {
                Some(m) => format!(
                    "présent, modifié le {} / present, modified {}",
                    time_text(m),
                    time_text(m)
                ),
                None => "présent / present".to_string(),
            };
            evidence.push(EvidenceItem::new(t.path.clone(), None, None, shown));
        }
        let desktop: Vec<&str> = found
            .iter()
            .filter(|t| t.kind == TraceKind::Desktop)
            .map(|t| t.path.as_str())
            .collect();
        let browser: Vec<&str> = found
            .iter()
            .filter(|t| t.kind == TraceKind::Browser)
            .map(|t| t.path.as_str())
            .collect();
        if !desktop.is_empty() {
            misuse.push((
                format!(
                    "une session de bureau a été ouverte avec « {} » ({})",
                    a.name,
                    desktop.join(", ")
                ),
                format!(
                    "a desktop session was opened with \"{}\" ({})",
                    a.name,
                    desktop.join(", ")
                ),
            ));
        }
        if !browser.is_empty() {
            misuse.push((
                format!(
                    "un navigateur web a servi avec « {} » ({})",
                    a.name,
                    browser.join(", ")
                ),
                format!(
                    "a web browser was used with \"{}\" ({})",
                    a.name,
                    browser.join(", ")
                ),
            ));
        }
    };
    for a in &admins {
        consider(a, &[TraceKind::Desktop, TraceKind::Browser]);
        checked.push(a);
    }
    // Browsing as root is never administration, even with root locked.
    if let Some(r) = root {
        if !root_usable {
            consider(r, &[TraceKind::Browser]);
        }
    }
    for al in &users.autologins {
        if let Some(a) = admins.iter().find(|a| a.name == al.user) {
            evidence.push(EvidenceItem::new(
                al.origin.file.clone(),
                Some(al.origin.line),
                Some(&al.manager),
                al.user.clone(),
            ));
            misuse.push((
                format!(
                    "{} ouvre automatiquement une session avec « {} »",
                    al.manager, a.name
                ),
                format!("{} logs \"{}\" in automatically", al.manager, a.name),
            ));
        }
    }
    for log in &users.wtmp {
        let Collected::Ok { source, value } = log else {
            continue;
        };
        for l in &value.logins {
            if l.graphical_sessions > 0 && admins.iter().any(|a| a.name == l.user) {
                evidence.push(EvidenceItem::new(
                    source.clone(),
                    None,
                    Some(&l.user),
                    format!(
                        "{} session(s) graphique(s), dernière le {} / graphical session(s), last {}",
                        l.graphical_sessions,
                        time_text(l.last),
                        time_text(l.last)
                    ),
                ));
                misuse.push((
                    format!(
                        "{} session(s) graphique(s) de « {} » dans {source}",
                        l.graphical_sessions, l.user
                    ),
                    format!(
                        "{} graphical session(s) of \"{}\" in {source}",
                        l.graphical_sessions, l.user
                    ),
                ));
            }
        }
    }

    if !misuse.is_empty() {
        let fr: Vec<String> = misuse.iter().map(|m| m.0.clone()).collect();
        let en: Vec<String> = misuse.iter().map(|m| m.1.clone()).collect();
        return Finding::fail(
            format!(
                "Le compte administrateur sert aussi au travail courant : {}. Travaillez (messagerie, Internet, dossiers) avec un compte sans droits et n'utilisez le compte administrateur que pour installer ou régler, avec sudo ; désactivez la connexion automatique.",
                fr.join(" ; ")
            ),
            format!(
                "The administrator account is also used for everyday work: {}. Work (e-mail, Internet, records) with an account without rights and use the administrator account only to install or configure, with sudo; turn automatic login off.",
                en.join("; ")
            ),
        )
        .with(evidence);
    }
    if !unreadable.is_empty() {
        return Finding::unknown(
            format!(
                "Le dossier personnel de {} n'a pas pu être examiné : lancez l'audit en administrateur (root).",
                unreadable.join(", ")
            ),
            format!(
                "The home folder of {} could not be examined: run the audit as administrator (root).",
                unreadable.join(", ")
            ),
        )
        .with(evidence)
        .needs_privileges();
    }
    if checked.is_empty() {
        if unknown_rights {
            let (gap_fr, gap_en, gap_evidence) = view.gap_text();
            evidence.extend(gap_evidence);
            let mut f = Finding::unknown(
                format!(
                    "Les comptes administrateurs ne peuvent pas être identifiés ({gap_fr}).{}",
                    view.root_hint().0
                ),
                format!(
                    "The administrator accounts cannot be identified ({gap_en}).{}",
                    view.root_hint().1
                ),
            )
            .with(evidence);
            if view.needs_privileges() {
                f = f.needs_privileges();
            }
            return f;
        }
        return Finding::unknown(
            "Aucun compte administrateur n'a été trouvé sur ce poste (voir 5.2.1.b) : rien à vérifier ici.",
            "No administrator account was found on this computer (see 5.2.1.b): nothing to check here.",
        )
        .with(evidence);
    }
    if unknown_rights {
        let (gap_fr, gap_en, gap_evidence) = view.gap_text();
        evidence.extend(gap_evidence);
        let mut f = Finding::unknown(
            format!(
                "Aucun signe d'usage courant de {}, mais d'autres comptes ont peut-être les droits d'administrateur ({gap_fr}).{}",
                names(&checked),
                view.root_hint().0
            ),
            format!(
                "No sign of everyday use of {}, but other accounts may hold administrator rights ({gap_en}).{}",
                names(&checked),
                view.root_hint().1
            ),
        )
        .with(evidence);
        if view.needs_privileges() {
            f = f.needs_privileges();
        }
        return f;
    }
    Finding::pass(
        format!(
            "Aucun signe d'usage courant des comptes administrateurs ({}) : ni session de bureau, ni navigateur, ni connexion automatique. Que ces comptes ne servent qu'à administrer relève de votre déclaration.",
            names(&checked)
        ),
        format!(
            "No sign of everyday use of the administrator accounts ({}): no desktop session, no browser, no automatic login. That they serve only for administration is yours to declare.",
            names(&checked)
        ),
    )
    .with(evidence)
}
