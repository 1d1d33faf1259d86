//! 4.3.1.g — « Refuser systématiquement la mémorisation de vos mots de
//! passe lorsqu'elle vous est proposée par votre navigateur Internet. »
//!
//! macOS: for every installed browser (Safari always), the offer to save
//! passwords must be off for every person's account:
//! - enforced by a profile, the expected state: the restriction
//!   `allowPasswordAutoFill = false` or managed `AutoFillPasswords = false`
//!   for Safari; managed `PasswordManagerEnabled = false` for Chrome, Edge
//!   and Brave; for Firefox, `PasswordManagerEnabled` or `OfferToSaveLogins`
//!   false in `distribution/policies.json` or in managed `org.mozilla.firefox`
//!   preferences with `EnterprisePoliciesEnabled` (as Mozilla's macOS
//!   policy support reads them);
//! - otherwise each account's own setting: Safari `AutoFillPasswords`
//!   (on when absent), Chromium profiles' `credentials_enable_service` (or
//!   the older `profile.password_manager_enabled`; a recommended policy in
//!   `/Library/Preferences` is the default), Firefox's
//!   `signon.rememberSignons` (user.js after prefs.js, the last line wins).
//!   An account that never opened a browser gets the offer at first use:
//!   fail. Safari's settings live in its container, which macOS protects:
//!   without Full Disk Access they cannot be read (`unknown`, rights).

use super::{macos, status_item};
use crate::checks::try_finding;
use crate::{Context, EvidenceItem, Finding, Status};
use vigie_evidence::linux::browsers::Setting;
use vigie_evidence::macos::browsers::{BrowserKind, MacBrowser, PolicyLevel};
use vigie_evidence::Collected;

fn is_false(v: &str) -> Option<bool> {
    match v.trim().trim_matches('"').to_ascii_lowercase().as_str() {
        "false" | "0" | "no" => Some(true),
        "true" | "1" | "yes" => Some(false),
        _ => None,
    }
}

/// The value of the last setting named `key`, as "is it off".
fn off(settings: &[Setting], key: &str) -> Option<bool> {
    settings
        .iter()
        .rev()
        .find(|s| s.key == key)
        .and_then(|s| is_false(&s.value))
}

fn item(source: &str, s: &Setting) -> EvidenceItem {
    EvidenceItem::new(source, s.line, Some(&s.key), s.value.clone())
}

/// Whether a policy source enforces "no saving" for this browser.
fn enforced(b: &MacBrowser, s: &[Setting], level: PolicyLevel) -> bool {
    match b.kind {
        BrowserKind::Safari => off(s, "AutoFillPasswords") == Some(true),
        BrowserKind::Chromium => {
            level == PolicyLevel::Managed && off(s, "PasswordManagerEnabled") == Some(true)
        }
        BrowserKind::Firefox => {
            let on = level == PolicyLevel::Distribution
                || off(s, "EnterprisePoliciesEnabled") == Some(false);
            on && (off(s, "PasswordManagerEnabled") == Some(true)
                || off(s, "OfferToSaveLogins") == Some(true))
        }
    }
}

fn judge(b: &MacBrowser, accounts: &[String], global_restriction: Option<EvidenceItem>) -> Finding {
    let name = &b.name;
    let mut evidence = Vec::new();
    if b.kind == BrowserKind::Safari {
        if let Some(ev) = global_restriction {
            return Finding::pass(
                format!("{name} : le remplissage automatique des mots de passe est interdit par un profil de configuration."),
                format!("{name}: password AutoFill is forbidden by a configuration profile."),
            )
            .with([ev]);
        }
    }
    let mut recommended_off = false;
    let mut managed_for: Vec<Option<&str>> = Vec::new();
    for p in &b.policies {
        match &p.settings {
            Collected::Ok { source, value } => {
                evidence.extend(value.iter().map(|s| item(source, s)));
                if enforced(b, value, p.level) {
                    managed_for.push(p.account.as_deref());
                } else if p.level == PolicyLevel::Recommended
                    && off(value, "PasswordManagerEnabled") == Some(true)
                {
                    recommended_off = true;
                }
            }
            other => evidence.push(status_item(other, name)),
        }
    }
    if managed_for.contains(&None) {
        return Finding::pass(
            format!("{name} : l'enregistrement des mots de passe est désactivé par une stratégie imposée."),
            format!("{name}: saving passwords is turned off by an enforced policy."),
        )
        .with(evidence);
    }
    let mut offering = Vec::new();
    let mut unknown = Vec::new();
    let mut denied = false;
    for account in accounts {
        if managed_for.contains(&Some(account.as_str())) {
            continue;
        }
        let files: Vec<_> = b
            .profiles
            .iter()
            .filter(|p| &p.account == account)
            .collect();
        if files.is_empty() {
            if !recommended_off {
                offering.push(format!(
                    "{account} (jamais ouvert : proposé à la première utilisation)"
                ));
            }
            continue;
        }
        for f in files {
            match &f.file {
                Collected::Ok { source, value } => {
                    evidence.extend(value.iter().map(|s| item(source, s)));
                    let state = match b.kind {
                        BrowserKind::Safari => off(value, "AutoFillPasswords"),
                        BrowserKind::Chromium => off(value, "credentials_enable_service")
                            .or_else(|| off(value, "profile.password_manager_enabled")),
                        BrowserKind::Firefox => off(value, "signon.rememberSignons"),
                    };
                    let is_off =
                        state.unwrap_or(recommended_off && b.kind == BrowserKind::Chromium);
                    if !is_off {
                        offering.push(account.clone());
                    }
                }
                other => {
                    denied |= other.permission_denied();
                    evidence.push(status_item(other, name));
                    unknown.push(account.clone());
                }
            }
        }
    }
    offering.dedup();
    unknown.dedup();
    if !offering.is_empty() {
        return Finding::fail(
            format!(
                "{name} propose d'enregistrer les mots de passe pour : {}.",
                offering.join(", ")
            ),
            format!(
                "{name} offers to save passwords for: {}.",
                offering.join(", ").replace(
                    "jamais ouvert : proposé à la première utilisation",
                    "never opened: offered at first use"
                )
            ),
        )
        .with(evidence);
    }
    if !unknown.is_empty() {
        let f = Finding::unknown(
            format!(
                "{name} : les réglages de {} n'ont pas pu être lus{}.",
                unknown.join(", "),
                if denied {
                    " (macOS les protège : il faut l'accès complet au disque)"
                } else {
                    ""
                }
            ),
            format!(
                "{name}: the settings of {} could not be read{}.",
                unknown.join(", "),
                if denied {
                    " (macOS protects them: Full Disk Access is needed)"
                } else {
                    ""
                }
            ),
        )
        .with(evidence);
        return if denied { f.needs_privileges() } else { f };
    }
    Finding::pass(
        format!("{name} ne propose pas d'enregistrer les mots de passe."),
        format!("{name} does not offer to save passwords."),
    )
    .with(evidence)
}

/// 4.3.1.g
pub(super) fn evaluate(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let browsers = match &m.browsers.browsers {
        Collected::Ok { value, .. } => value,
        other => {
            return super::unknown_source(
                other,
                "Les navigateurs installés n'ont pas pu être listés",
                "Installed browsers could not be listed",
            )
        }
    };
    let accounts: Vec<String> = m
        .accounts
        .users
        .value()
        .map(|u| u.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|u| u.is_human() && !u.disabled)
        .map(|u| u.name.clone())
        .collect();
    let restriction = match &m.browsers.allow_password_autofill {
        Collected::Ok {
            source,
            value: Some(false),
        } => Some(EvidenceItem::new(
            source,
            None,
            Some("allowPasswordAutoFill"),
            "false",
        )),
        _ => None,
    };
    let findings: Vec<Finding> = browsers
        .iter()
        .map(|b| judge(b, &accounts, restriction.clone()))
        .collect();
    let worst = findings
        .iter()
        .map(|f| f.status)
        .min()
        .unwrap_or(Status::Unknown);
    let mut out = Finding::new(worst, "", "");
    let mut fr = Vec::new();
    let mut en = Vec::new();
    for f in findings {
        if f.status == worst {
            fr.push(f.reason.fr.clone());
            en.push(f.reason.en.clone());
            out.needs_privileges |= f.needs_privileges;
        }
        out.evidence.extend(f.evidence);
    }
    out.reason = vigie_catalog::Localized::new(fr.join(" "), en.join(" "));
    out
}
