//! 4.3.1.g — « Refuser systématiquement la mémorisation de vos mots de passe lorsqu'elle vous est proposée par votre navigateur Internet. »
//!
//! Linux: for every installed browser (Firefox as package, tarball, snap or
//! Flatpak; Chromium, Google Chrome, Microsoft Edge, Brave), the offer to
//! save passwords must be off.
//! - Enforced by policy, the expected state:
//!   - Firefox: the one policies file it reads (`/etc/firefox/policies/policies.json`
//!     when it exists, else `<install>/distribution/policies.json`) sets
//!     `PasswordManagerEnabled: false` or `OfferToSaveLogins: false` (both
//!     lock the preference), or locks `signon.rememberSignons` to false
//!     through `Preferences`. A file that is not valid JSON makes Firefox
//!     apply no policy at all. `OfferToSaveLoginsDefault` only sets a
//!     default the user can change.
//!   - Chromium-based: `PasswordManagerEnabled: false` in the `managed`
//!     folder (the last file in name order wins; invalid files are
//!     ignored). The `recommended` folder only sets a default.
//! - Without such a policy, the users' own settings count when every
//!   profile found has the offer off (Firefox `signon.rememberSignons`,
//!   `user.js` overriding `prefs.js`; Chromium `credentials_enable_service`,
//!   else the old `profile.password_manager_enabled`; a recommended policy
//!   or default otherwise). A browser without policy and without any
//!   profile will offer at first use: fail.
//! - A Flatpak Chromium-based browser may not read the host's policy
//!   folder: a policy found there is not taken as proof (unknown).
//! - No browser installed: not applicable.

use super::{linux, try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::linux::browsers::{
    Browser, Packaging, PolicyLevel, Product, ProfileFile, Setting,
};
use vigie_evidence::Collected;

pub const CHECK: Check = Check {
    id: "4.3.1.g",
    evaluate,
};

enum State {
    Enforced,
    BySettings,
    Offered(String, String),
    Unknown(String, String, bool),
}

fn setting_item(source: &str, s: &Setting) -> EvidenceItem {
    EvidenceItem::new(source, s.line, Some(&s.key), s.value.clone())
}

fn last_value<'a>(settings: &'a [Setting], key: &str) -> Option<&'a Setting> {
    settings.iter().rev().find(|s| s.key == key)
}

/// A Firefox `Preferences` entry: locked false, default false, or other.
fn firefox_pref_policy(value: &str) -> (bool, bool) {
    match serde_json::from_str::<serde_json::Value>(value) {
        Ok(serde_json::Value::Bool(false)) => (true, false),
        Ok(v) => {
            let off = v.get("Value") == Some(&serde_json::Value::Bool(false));
            let status = v
                .get("Status")
                .and_then(|s| s.as_str())
                .unwrap_or("default");
            (off && status == "locked", off && status != "locked")
        }
        Err(_) => (false, false),
    }
}

fn denied<T>(c: &Collected<T>) -> bool {
    matches!(c, Collected::Unreadable { error, .. } if error.starts_with(vigie_evidence::sys::PERMISSION_DENIED))
}

fn fix(b: &Browser) -> (String, String) {
    let path = match (b.product, b.packaging) {
        (Product::Firefox, Packaging::Flatpak) => {
            "l'extension org.mozilla.firefox.systemconfig (policies/policies.json)".to_string()
        }
        (Product::Firefox, _) => "/etc/firefox/policies/policies.json".to_string(),
        (Product::Chromium, Packaging::Snap) => "/etc/chromium-browser/policies/managed/".into(),
        (Product::Chromium, _) => "/etc/chromium/policies/managed/".into(),
        (Product::Chrome, _) => "/etc/opt/chrome/policies/managed/".into(),
        (Product::Edge, _) => "/etc/opt/edge/policies/managed/".into(),
        (Product::Brave, _) => "/etc/brave/policies/managed/".into(),
    };
    if b.product == Product::Firefox {
        (
            format!(
                "créez {path} contenant {{\"policies\": {{\"PasswordManagerEnabled\": false}}}}"
            ),
            format!(
                "create {path} containing {{\"policies\": {{\"PasswordManagerEnabled\": false}}}}"
            ),
        )
    } else {
        (
            format!("placez dans {path} un fichier .json contenant {{\"PasswordManagerEnabled\": false}}"),
            format!("put in {path} a .json file containing {{\"PasswordManagerEnabled\": false}}"),
        )
    }
}

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let browsers = &linux.browsers.browsers;
    if browsers.is_empty() {
        return Finding::not_applicable(
            "Aucun navigateur web connu (Firefox, Chromium, Chrome, Edge, Brave) n'est installé sur ce poste.",
            "No known web browser (Firefox, Chromium, Chrome, Edge, Brave) is installed on this computer.",
        );
    }
    let mut evidence = Vec::new();
    let mut offered: Vec<(String, String)> = Vec::new();
    let mut unknown: Vec<(String, String)> = Vec::new();
    let mut needs_privileges = false;
    let mut fine: Vec<(String, String)> = Vec::new();
    for b in browsers {
        let label = match b.packaging {
            Packaging::System => b.product.name().to_string(),
            Packaging::Snap => format!("{} (snap)", b.product.name()),
            Packaging::Flatpak => format!("{} (Flatpak)", b.product.name()),
        };
        evidence.push(EvidenceItem::new(
            b.install.clone(),
            None,
            None,
            format!("{label} installé / installed"),
        ));
        let state = judge(b, &mut evidence);
        match state {
            State::Enforced => fine.push((
                format!("{label} : enregistrement des mots de passe désactivé par stratégie"),
                format!("{label}: password saving disabled by policy"),
            )),
            State::BySettings => fine.push((
                format!("{label} : désactivé dans chaque profil par l'utilisateur (une stratégie l'imposerait aussi aux nouveaux profils)"),
                format!("{label}: turned off in every profile by the user (a policy would also cover new profiles)"),
            )),
            State::Offered(fr, en) => {
                let (ffr, fen) = fix(b);
                offered.push((format!("{label} : {fr} ; {ffr}"), format!("{label}: {en}; {fen}")));
            }
            State::Unknown(fr, en, np) => {
                needs_privileges |= np;
                unknown.push((format!("{label} : {fr}"), format!("{label}: {en}")));
            }
        }
    }
    let join = |v: &[(String, String)], fr: bool| {
        v.iter()
            .map(|x| if fr { x.0.as_str() } else { x.1.as_str() })
            .collect::<Vec<_>>()
            .join(if fr { " ; " } else { "; " })
    };
    if !offered.is_empty() {
        return Finding::fail(
            format!(
                "Le navigateur propose d'enregistrer les mots de passe. {}. Supprimez aussi les mots de passe déjà enregistrés.",
                join(&offered, true)
            ),
            format!(
                "The browser offers to save passwords. {}. Also delete the passwords already saved.",
                join(&offered, false)
            ),
        )
        .with(evidence);
    }
    if !unknown.is_empty() {
        let f = Finding::unknown(
            format!("{}.", join(&unknown, true)),
            format!("{}.", join(&unknown, false)),
        )
        .with(evidence);
        return if needs_privileges {
            f.needs_privileges()
        } else {
            f
        };
    }
    Finding::pass(
        format!("{}.", join(&fine, true)),
        format!("{}.", join(&fine, false)),
    )
    .with(evidence)
}

fn judge(b: &Browser, evidence: &mut Vec<EvidenceItem>) -> State {
    // Policy: enforced off, enforced on, or a default for profiles.
    let mut enforced: Option<bool> = None;
    let mut default_off = false;
    let mut notes: Vec<(String, String)> = Vec::new();
    if b.product == Product::Firefox {
        let system = b.policies.iter().find(|p| {
            p.level == PolicyLevel::FirefoxSystem && !matches!(p.file, Collected::Missing { .. })
        });
        let used = system.or_else(|| {
            b.policies
                .iter()
                .find(|p| p.level == PolicyLevel::FirefoxDistribution)
        });
        match used.map(|p| &p.file) {
            Some(Collected::Ok { source, value }) => {
                for s in value {
                    evidence.push(setting_item(source, s));
                }
                let is_false = |k: &str| last_value(value, k).is_some_and(|s| s.value == "false");
                if is_false("PasswordManagerEnabled") || is_false("OfferToSaveLogins") {
                    enforced = Some(true);
                }
                if let Some(p) = last_value(value, "Preferences.signon.rememberSignons") {
                    let (locked, default) = firefox_pref_policy(&p.value);
                    if locked {
                        enforced = Some(true);
                    }
                    default_off |= default;
                }
                default_off |= is_false("OfferToSaveLoginsDefault");
            }
            Some(c @ Collected::Unreadable { source, error }) => {
                evidence.push(EvidenceItem::new(source.clone(), None, None, error.clone()));
                if error.starts_with("invalid JSON") {
                    notes.push((
                        format!("{source} n'est pas un JSON valide : Firefox n'applique aucune stratégie"),
                        format!("{source} is not valid JSON: Firefox applies no policy"),
                    ));
                } else {
                    return State::Unknown(
                        format!("stratégie illisible ({source} : {error})"),
                        format!("policy unreadable ({source}: {error})"),
                        denied(c),
                    );
                }
            }
            Some(Collected::Missing { source }) => {
                evidence.push(EvidenceItem::new(
                    source.clone(),
                    None,
                    None,
                    "absent / missing",
                ));
            }
            _ => {}
        }
    } else {
        for p in &b.policies {
            match &p.file {
                Collected::Ok { source, value } => {
                    for s in value {
                        evidence.push(setting_item(source, s));
                        let off = s.value == "false";
                        match p.level {
                            PolicyLevel::Managed => enforced = Some(off),
                            _ => default_off = off,
                        }
                    }
                }
                c @ Collected::Unreadable { source, error } => {
                    evidence.push(EvidenceItem::new(source.clone(), None, None, error.clone()));
                    if error.starts_with("invalid JSON") {
                        notes.push((
                            format!("{source} n'est pas un JSON valide : le navigateur l'ignore"),
                            format!("{source} is not valid JSON: the browser ignores it"),
                        ));
                    } else {
                        return State::Unknown(
                            format!("stratégie illisible ({source} : {error})"),
                            format!("policy unreadable ({source}: {error})"),
                            denied(c),
                        );
                    }
                }
                _ => {}
            }
        }
    }
    let note = |fr: bool| {
        notes
            .iter()
            .map(|n| {
                if fr {
                    format!(" ({})", n.0)
                } else {
                    format!(" ({})", n.1)
                }
            })
            .collect::<String>()
    };
    match enforced {
        Some(true) if b.product.is_chromium_based() && b.packaging == Packaging::Flatpak => {
            return State::Unknown(
                "une stratégie existe sur le système, mais rien ne garantit que la version Flatpak la lise".into(),
                "a policy exists on the system, but nothing ensures the Flatpak version reads it".into(),
                false,
            );
        }
        Some(true) => return State::Enforced,
        Some(false) => {
            return State::Offered(
                format!("une stratégie impose l'enregistrement des mots de passe (PasswordManagerEnabled: true){}", note(true)),
                format!("a policy forces password saving on (PasswordManagerEnabled: true){}", note(false)),
            )
        }
        None => {}
    }

    // No policy: the users' own settings.
    let profiles = profile_states(b, default_off, evidence);
    let on: Vec<&str> = profiles
        .iter()
        .filter(|p| p.1 == Some(true))
        .map(|p| p.0.as_str())
        .collect();
    let unreadable: Vec<&str> = profiles
        .iter()
        .filter(|p| p.1.is_none())
        .map(|p| p.0.as_str())
        .collect();
    let policy_fr = if default_off {
        "seule une stratégie recommandée (modifiable par l'utilisateur) est en place"
    } else {
        "aucune stratégie ne l'interdit"
    };
    let policy_en = if default_off {
        "only a recommended policy (the user can change it) is in place"
    } else {
        "no policy forbids it"
    };
    if !on.is_empty() {
        return State::Offered(
            format!(
                "{policy_fr} et l'offre d'enregistrer est active dans {}{}",
                on.join(", "),
                note(true)
            ),
            format!(
                "{policy_en} and the offer to save is on in {}{}",
                on.join(", "),
                note(false)
            ),
        );
    }
    if !unreadable.is_empty() || !b.unreadable_homes.is_empty() {
        let mut what: Vec<String> = unreadable.iter().map(|s| s.to_string()).collect();
        what.extend(b.unreadable_homes.iter().map(|h| format!("~{h}")));
        for h in &b.unreadable_homes {
            evidence.push(EvidenceItem::new(
                format!("~{h}"),
                None,
                None,
                "permission denied",
            ));
        }
        return State::Unknown(
            format!("{policy_fr}, et les réglages de {} n'ont pas pu être lus ; lancez l'audit en administrateur", what.join(", ")),
            format!("{policy_en}, and the settings of {} could not be read; run the audit as administrator", what.join(", ")),
            true,
        );
    }
    if profiles.is_empty() {
        if default_off {
            return State::Offered(
                format!("{policy_fr}{}", note(true)),
                format!("{policy_en}{}", note(false)),
            );
        }
        return State::Offered(
            format!(
                "{policy_fr} : il le proposera dès la première utilisation{}",
                note(true)
            ),
            format!("{policy_en}: it will offer at first use{}", note(false)),
        );
    }
    State::BySettings
}

/// Each profile's state: `Some(true)` offer on, `Some(false)` off, `None` unreadable.
fn profile_states(
    b: &Browser,
    default_off: bool,
    evidence: &mut Vec<EvidenceItem>,
) -> Vec<(String, Option<bool>)> {
    let mut dirs: Vec<&str> = Vec::new();
    for p in &b.profiles {
        if !dirs.contains(&p.profile.as_str()) {
            dirs.push(&p.profile);
        }
    }
    let mut out = Vec::new();
    for dir in dirs {
        let files: Vec<&ProfileFile> = b.profiles.iter().filter(|p| p.profile == dir).collect();
        let mut value: Option<bool> = None;
        let mut readable = true;
        for f in &files {
            match &f.file {
                Collected::Ok {
                    source,
                    value: settings,
                } => {
                    let keys: &[&str] = if b.product == Product::Firefox {
                        &["signon.rememberSignons"]
                    } else {
                        // The current key wins over the old one.
                        &[
                            "profile.password_manager_enabled",
                            "credentials_enable_service",
                        ]
                    };
                    for key in keys {
                        if let Some(s) = last_value(settings, key) {
                            evidence.push(setting_item(source, s));
                            match s.value.as_str() {
                                "false" => value = Some(false),
                                "true" => value = Some(true),
                                _ => {}
                            }
                        }
                    }
                }
                other => {
                    evidence.push(EvidenceItem::new(
                        other.source().unwrap_or(dir),
                        None,
                        None,
                        super::local_accounts::describe(other),
                    ));
                    readable = false;
                }
            }
        }
        let state = if !readable && value.is_none() {
            None
        } else {
            Some(value.unwrap_or(!default_off))
        };
        let who = files.first().map(|f| f.account.as_str()).unwrap_or("");
        out.push((format!("{dir} ({who})"), state));
    }
    out
}
