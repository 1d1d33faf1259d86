//! 4.3.1.g on Windows — « Refuser systématiquement la mémorisation de vos
//! mots de passe lorsqu'elle vous est proposée par votre navigateur. »
//!
//! Every installed browser must be prevented from offering to save
//! passwords, by a machine policy (the state a computer can prove):
//! - Microsoft Edge (always present on Windows 10 and 11) and Google
//!   Chrome: `PasswordManagerEnabled` = 0 under
//!   `HKLM\SOFTWARE\Policies\Microsoft\Edge` / `…\Google\Chrome`. The
//!   `Recommended` subkey only sets a default the user can change and is
//!   not read.
//! - Mozilla Firefox: `PasswordManagerEnabled` = 0 or `OfferToSaveLogins`
//!   = 0 under `HKLM\SOFTWARE\Policies\Mozilla\Firefox`, which wins over
//!   `<install>\distribution\policies.json`; the file counts when the
//!   registry says nothing about them (a file that is not valid JSON is
//!   ignored by Firefox).
//!
//! Without such a policy the browser offers to save passwords (its
//! default): fail. Users' own browser settings are not read on Windows, so
//! a user who turned the offer off still needs the policy to be proven.

use super::{describe, join, policy};
use crate::checks::{try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::windows::policy::browsers::InstalledBrowser;
use vigie_evidence::Collected;

pub const CHECK: Check = Check {
    id: "4.3.1.g",
    evaluate,
};

fn label(name: &str) -> &str {
    match name {
        "edge" => "Microsoft Edge",
        "chrome" => "Google Chrome",
        "firefox" => "Mozilla Firefox",
        other => other,
    }
}

fn evaluate(ctx: &Context) -> Finding {
    let ev = try_finding!(policy(ctx));
    let b = &ev.browsers;
    let mut evidence = Vec::new();
    let mut installed: Vec<InstalledBrowser> = match &b.installed {
        Collected::Ok { source, value } => {
            for i in value {
                evidence.push(EvidenceItem::new(
                    source.clone(),
                    None,
                    Some(&i.name),
                    i.path.clone(),
                ));
            }
            value.clone()
        }
        other => {
            return super::unread(
                "La liste des navigateurs installés",
                "The list of installed browsers",
                other,
            );
        }
    };
    if !installed.iter().any(|i| i.name == "edge") {
        installed.insert(
            0,
            InstalledBrowser {
                name: "edge".into(),
                path: "(installé avec Windows 10/11 / installed with Windows 10/11)".into(),
            },
        );
    }
    let (keys, source) = match &b.policies {
        Collected::Ok { source, value } => (value, source.clone()),
        other => {
            return super::unread(
                "Les stratégies des navigateurs",
                "The browser policies",
                other,
            )
            .with(evidence);
        }
    };
    let key_value = |suffix: &str, name: &str| {
        keys.iter()
            .find(|k| {
                k.path
                    .to_ascii_lowercase()
                    .ends_with(&suffix.to_ascii_lowercase())
            })
            .and_then(|k| k.value(name).map(|v| (k.path.clone(), v.as_u64())))
    };
    let mut offered: Vec<(String, String)> = Vec::new();
    let mut enforced: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    for i in &installed {
        if seen.contains(&i.name) {
            continue;
        }
        seen.push(i.name.clone());
        let name = label(&i.name);
        let suffix = match i.name.as_str() {
            "edge" => r"\Microsoft\Edge",
            "chrome" => r"\Google\Chrome",
            _ => r"\Mozilla\Firefox",
        };
        let mut off = false;
        let mut reg_said = false;
        for value_name in ["PasswordManagerEnabled", "OfferToSaveLogins"] {
            if i.name != "firefox" && value_name == "OfferToSaveLogins" {
                continue;
            }
            if let Some((path, v)) = key_value(suffix, value_name) {
                reg_said = true;
                evidence.push(EvidenceItem::new(
                    source.clone(),
                    None,
                    Some(&format!("{path}\\{value_name}")),
                    v.map(|x| x.to_string()).unwrap_or_else(|| "?".into()),
                ));
                off |= v == Some(0);
            }
        }
        if i.name == "firefox" && !reg_said {
            for f in &b.firefox_files {
                let shown = if f.valid {
                    format!(
                        "PasswordManagerEnabled = {:?}, OfferToSaveLogins = {:?}",
                        f.password_manager_enabled, f.offer_to_save_logins
                    )
                } else {
                    "JSON invalide : ignoré par Firefox / invalid JSON: ignored by Firefox".into()
                };
                evidence.push(EvidenceItem::new(
                    f.path.clone(),
                    None,
                    Some("policies"),
                    shown,
                ));
                off |= f.valid
                    && (f.password_manager_enabled == Some(false)
                        || f.offer_to_save_logins == Some(false));
            }
        }
        if off {
            enforced.push(name.to_string());
        } else {
            evidence.push(EvidenceItem::new(source.clone(), None, Some(suffix.trim_start_matches('\\')), "aucune stratégie PasswordManagerEnabled = 0 / no PasswordManagerEnabled = 0 policy"));
            offered.push((
                format!("{name} propose d'enregistrer les mots de passe (aucune stratégie ne l'interdit)"),
                format!("{name} offers to save passwords (no policy forbids it)"),
            ));
        }
    }
    if !offered.is_empty() {
        let (f, e) = join(&offered);
        return Finding::fail(
            format!("{f}. Les réglages propres à chaque utilisateur ne sont pas lus : seule une stratégie garantit le refus ({}).", describe(&b.policies)),
            format!("{e}. Each user's own settings are not read: only a policy guarantees the refusal ({}).", describe(&b.policies)),
        )
        .with(evidence);
    }
    Finding::pass(
        format!("L'enregistrement des mots de passe est interdit par stratégie dans chaque navigateur installé : {}.", enforced.join(", ")),
        format!("Saving passwords is forbidden by policy in every installed browser: {}.", enforced.join(", ")),
    )
    .with(evidence)
}
