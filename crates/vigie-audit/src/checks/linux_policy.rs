//! Effective password and lockout policy of a Linux machine, as its PAM
//! modules apply it: built-in defaults, then configuration files in the order
//! the module reads them, then the module's arguments on its PAM line.

use crate::pam_flow::{enforcement, Enforcement};
use crate::{EvidenceItem, Finding};
use vigie_evidence::{Collected, ConfFile, LinuxEvidence, PamEntry, PamService, PamType};

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum From {
    Default(&'static str),
    File { file: String, line: u32 },
    Argument { file: String, line: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub key: &'static str,
    pub value: i64,
    pub from: From,
}

impl Setting {
    pub fn evidence(&self) -> EvidenceItem {
        match &self.from {
            From::Default(who) => EvidenceItem::new(
                *who,
                None,
                Some(self.key),
                format!("{} (défaut / default)", self.value),
            ),
            From::File { file, line } => EvidenceItem::new(
                file.clone(),
                Some(*line),
                Some(self.key),
                self.value.to_string(),
            ),
            From::Argument { file, line } => EvidenceItem::new(
                file.clone(),
                Some(*line),
                Some(self.key),
                format!("{} (argument)", self.value),
            ),
        }
    }
}

/// A set of integer settings with their origin.
#[derive(Debug, Clone, Default)]
pub struct Settings(pub Vec<Setting>);

impl Settings {
    fn set(&mut self, key: &'static str, value: i64, from: From) {
        match self.0.iter_mut().find(|s| s.key == key) {
            Some(s) => {
                s.value = value;
                s.from = from;
            }
            None => self.0.push(Setting { key, value, from }),
        }
    }
    pub fn get(&self, key: &str) -> Option<&Setting> {
        self.0.iter().find(|s| s.key == key)
    }
    pub fn value(&self, key: &str) -> i64 {
        self.get(key).map(|s| s.value).unwrap_or(0)
    }
}

/// Evidence for one PAM line.
pub fn entry_evidence(entry: &PamEntry) -> EvidenceItem {
    let mut value = format!("{} {}", entry.kind.as_str(), control_text(entry));
    value.push(' ');
    value.push_str(&entry.module);
    for a in &entry.args {
        value.push(' ');
        value.push_str(a);
    }
    if entry.module_present == Some(false) {
        value.push_str(" (module absent)");
    }
    EvidenceItem::new(
        entry.origin.file.clone(),
        Some(entry.origin.line),
        None,
        value,
    )
}

/// Evidence for every line of a stack, substack contents included: on
/// Fedora a stack is often one `substack password-auth` line, which alone
/// does not show what the stack lacks.
pub fn stack_evidence(entries: &[PamEntry]) -> Vec<EvidenceItem> {
    vigie_evidence::linux::flatten(entries)
        .into_iter()
        .map(entry_evidence)
        .collect()
}

fn control_text(entry: &PamEntry) -> String {
    use vigie_evidence::{PamAction, PamControl};
    match &entry.control {
        PamControl::Required => "required".into(),
        PamControl::Requisite => "requisite".into(),
        PamControl::Sufficient => "sufficient".into(),
        PamControl::Optional => "optional".into(),
        PamControl::Substack => "substack".into(),
        PamControl::Actions(pairs) => {
            let inner: Vec<String> = pairs
                .iter()
                .map(|p| {
                    let a = match p.action {
                        PamAction::Ignore => "ignore".to_string(),
                        PamAction::Bad => "bad".into(),
                        PamAction::Die => "die".into(),
                        PamAction::Ok => "ok".into(),
                        PamAction::Done => "done".into(),
                        PamAction::Reset => "reset".into(),
                        PamAction::Jump(n) => n.to_string(),
                    };
                    format!("{}={a}", p.value)
                })
                .collect();
            format!("[{}]", inner.join(" "))
        }
    }
}

/// The PAM service, or the finding that says why it cannot be judged.
pub fn service<'a>(linux: &'a LinuxEvidence, name: &str) -> Result<&'a PamService, Finding> {
    let config = match &linux.pam {
        Collected::Ok { value, .. } => value,
        Collected::Missing { source } => {
            return Err(Finding::unknown(
                format!("Aucune configuration PAM trouvée ({source}) : impossible de savoir ce qui est imposé."),
                format!("No PAM configuration found ({source}): what is enforced cannot be known."),
            ))
        }
        Collected::Unreadable { source, error } => {
            return Err(Finding::unknown(
                format!("Configuration PAM illisible ({source} : {error})."),
                format!("PAM configuration unreadable ({source}: {error})."),
            ))
        }
        Collected::NotCollected { reason } => {
            return Err(Finding::unknown(
                format!("Configuration PAM non collectée : {reason}."),
                format!("PAM configuration not collected: {reason}."),
            ))
        }
    };
    let service = config.service(name).ok_or_else(|| {
        Finding::unknown(
            format!("Le service PAM « {name} » n'a pas été collecté."),
            format!("PAM service \"{name}\" was not collected."),
        )
    })?;
    if service.file.is_none() {
        return Err(Finding::unknown(
            format!("Ni /etc/pam.d/{name} ni /etc/pam.d/other n'existent : PAM refuserait tout."),
            format!(
                "Neither /etc/pam.d/{name} nor /etc/pam.d/other exists: PAM would deny everything."
            ),
        ));
    }
    if let Some(p) = service.problems.first() {
        return Err(Finding::unknown(
            format!(
                "La configuration PAM du service « {name} » contient une ligne que PAM rejette ({}:{} : {}).",
                p.origin.file, p.origin.line, p.message
            ),
            format!(
                "The PAM configuration of service \"{name}\" has a line PAM rejects ({}:{}: {}).",
                p.origin.file, p.origin.line, p.message
            ),
        )
        .with([EvidenceItem::new(p.origin.file.clone(), Some(p.origin.line), None, p.message.clone())]));
    }
    Ok(service)
}

/// The entries of one type of a service, as a slice-owning vector.
pub fn stack(service: &PamService, kind: PamType) -> Vec<PamEntry> {
    service.entries(kind).cloned().collect()
}

/// Every entry (substacks included) matching `pred`.
pub fn find_all<'a>(
    entries: &'a [PamEntry],
    pred: &dyn Fn(&PamEntry) -> bool,
) -> Vec<&'a PamEntry> {
    vigie_evidence::linux::flatten(entries)
        .into_iter()
        .filter(|e| pred(e))
        .collect()
}

pub fn is_module(name: &'static str) -> impl Fn(&PamEntry) -> bool {
    move |e: &PamEntry| e.module_name() == name
}

/// Whether `module` is enforced in `entries`, and the matching lines.
pub fn enforced_module<'a>(
    entries: &'a [PamEntry],
    name: &'static str,
) -> (Enforcement, Vec<&'a PamEntry>) {
    let pred = is_module(name);
    let found = find_all(entries, &pred);
    (enforcement(entries, pred), found)
}

/// A password-quality module in effect, with its effective settings.
#[derive(Debug, Clone)]
pub struct Quality {
    pub module: &'static str,
    pub entry: PamEntry,
    pub settings: Settings,
    /// Notes about how the settings were read (a file that stopped reading...).
    pub notes: Vec<(String, String)>,
    pub evidence: Vec<EvidenceItem>,
}

const PWQ_DEFAULT: &str = "libpwquality";
const CRACKLIB_DEFAULT: &str = "pam_cracklib";

/// Integer settings libpwquality knows; flags are set to 1 by their presence.
const PWQ_INT_KEYS: &[&str] = &[
    "difok",
    "minlen",
    "dcredit",
    "ucredit",
    "lcredit",
    "ocredit",
    "minclass",
    "maxrepeat",
    "maxclassrepeat",
    "maxsequence",
    "gecoscheck",
    "dictcheck",
    "usercheck",
    "usersubstr",
    "enforcing",
    "retry",
];
const PWQ_FLAG_KEYS: &[&str] = &["enforce_for_root", "local_users_only"];
const PWQ_STRING_KEYS: &[&str] = &["badwords", "dictpath"];

fn static_key(keys: &[&'static str], key: &str) -> Option<&'static str> {
    keys.iter().copied().find(|k| k.eq_ignore_ascii_case(key))
}

/// libpwquality's own parse of an integer: the whole value must be a number.
fn parse_int(value: Option<&str>) -> Option<i64> {
    value?.trim().parse().ok()
}

/// pam_pwquality: defaults, then the files (libpwquality stops reading at the
/// first unknown key or bad number: the rest of that file, later drop-ins
/// and the main file are then skipped), then the module arguments.
pub fn pwquality(entry: &PamEntry, files: &[Collected<ConfFile>]) -> Quality {
    let mut s = Settings::default();
    let d = || From::Default(PWQ_DEFAULT);
    for (k, v) in [
        ("minlen", 8),
        ("dcredit", 0),
        ("ucredit", 0),
        ("lcredit", 0),
        ("ocredit", 0),
        ("minclass", 0),
        ("usercheck", 1),
        ("dictcheck", 1),
        ("enforcing", 1),
    ] {
        s.set(k, v, d());
    }
    let mut notes = Vec::new();
    let mut evidence = vec![entry_evidence(entry)];
    'files: for file in files {
        match file {
            Collected::Ok { value, .. } => {
                for e in &value.entries {
                    let from = From::File {
                        file: value.path.clone(),
                        line: e.line,
                    };
                    if let Some(k) = static_key(PWQ_FLAG_KEYS, &e.key) {
                        s.set(k, 1, from);
                    } else if static_key(PWQ_STRING_KEYS, &e.key).is_some() {
                    } else if let Some(k) = static_key(PWQ_INT_KEYS, &e.key) {
                        match parse_int(e.value.as_deref()) {
                            Some(v) => s.set(k, v, from),
                            None => {
                                notes.push(stop_note(&value.path, e.line, &e.key));
                                evidence.push(EvidenceItem::new(
                                    value.path.clone(),
                                    Some(e.line),
                                    Some(&e.key),
                                    "invalide / invalid",
                                ));
                                break 'files;
                            }
                        }
                    } else {
                        notes.push(stop_note(&value.path, e.line, &e.key));
                        evidence.push(EvidenceItem::new(
                            value.path.clone(),
                            Some(e.line),
                            Some(&e.key),
                            "inconnu / unknown",
                        ));
                        break 'files;
                    }
                }
            }
            Collected::Unreadable { source, error } => {
                notes.push((
                    format!("{source} illisible ({error}) : ses réglages sont inconnus"),
                    format!("{source} unreadable ({error}): its settings are unknown"),
                ));
            }
            _ => {}
        }
    }
    for arg in &entry.args {
        let (key, value) = match arg.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (arg.as_str(), None),
        };
        let from = From::Argument {
            file: entry.origin.file.clone(),
            line: entry.origin.line,
        };
        if let Some(k) = static_key(PWQ_FLAG_KEYS, key) {
            s.set(k, 1, from);
        } else if let Some(k) = static_key(PWQ_INT_KEYS, key) {
            // A broken argument is logged and ignored by pam_pwquality.
            if let Some(v) = parse_int(value) {
                s.set(k, v, from);
            }
        }
    }
    // libpwquality raises a minlen under 6 to 6 and caps minclass at 4.
    clamp(&mut s, "minlen", 6, i64::MAX);
    clamp(&mut s, "minclass", 0, 4);
    Quality {
        module: "pam_pwquality.so",
        entry: entry.clone(),
        settings: s,
        notes,
        evidence,
    }
}

fn clamp(s: &mut Settings, key: &str, lo: i64, hi: i64) {
    if let Some(set) = s.0.iter_mut().find(|x| x.key == key) {
        set.value = set.value.clamp(lo, hi);
    }
}

fn stop_note(path: &str, line: u32, key: &str) -> (String, String) {
    (
        format!("{path}:{line} : réglage « {key} » inconnu ou invalide ; libpwquality arrête la lecture ici (le reste de ce fichier, les fichiers suivants et pwquality.conf sont ignorés)"),
        format!("{path}:{line}: setting \"{key}\" unknown or invalid; libpwquality stops reading here (the rest of this file, later files and pwquality.conf are ignored)"),
    )
}

/// pam_cracklib: its own defaults (credits of 1, minlen 9) and arguments
/// only; it reads no configuration file.
pub fn cracklib(entry: &PamEntry) -> Quality {
    let mut s = Settings::default();
    let d = || From::Default(CRACKLIB_DEFAULT);
    for (k, v) in [
        ("minlen", 9),
        ("dcredit", 1),
        ("ucredit", 1),
        ("lcredit", 1),
        ("ocredit", 1),
        ("minclass", 0),
        ("usercheck", 0),
        ("dictcheck", 1),
        ("enforcing", 1),
    ] {
        s.set(k, v, d());
    }
    for arg in &entry.args {
        let from = From::Argument {
            file: entry.origin.file.clone(),
            line: entry.origin.line,
        };
        if arg == "reject_username" {
            s.set("usercheck", 1, from);
            continue;
        }
        let Some((key, value)) = arg.split_once('=') else {
            continue;
        };
        if let (Some(k), Some(v)) = (
            static_key(
                &[
                    "minlen", "dcredit", "ucredit", "lcredit", "ocredit", "minclass",
                ],
                key,
            ),
            parse_int(Some(value)),
        ) {
            s.set(k, v, from);
        }
    }
    clamp(&mut s, "minlen", 5, i64::MAX);
    clamp(&mut s, "minclass", 0, 4);
    Quality {
        module: "pam_cracklib.so",
        entry: entry.clone(),
        settings: s,
        notes: Vec::new(),
        evidence: vec![entry_evidence(entry)],
    }
}

impl Quality {
    /// The shortest password the module accepts: length plus one credit per
    /// character of a class with a positive credit (up to that credit) must
    /// reach minlen.
    pub fn min_length(&self) -> i64 {
        let minlen = self.settings.value("minlen");
        let credits: i64 = ["dcredit", "ucredit", "lcredit", "ocredit"]
            .iter()
            .map(|k| self.settings.value(k).max(0))
            .sum();
        (1..=minlen.max(1))
            .find(|&len| len + len.min(credits) >= minlen)
            .unwrap_or(minlen)
    }

    /// The settings that decided `min_length`, as evidence.
    pub fn length_evidence(&self) -> Vec<EvidenceItem> {
        ["minlen", "dcredit", "ucredit", "lcredit", "ocredit"]
            .iter()
            .filter_map(|k| self.settings.get(k).map(Setting::evidence))
            .collect()
    }

    /// Whether every password the module accepts holds a digit, a letter and
    /// a special character (classes: digit, upper, lower, other).
    pub fn requires_mix(&self) -> bool {
        let required: Vec<bool> = ["dcredit", "ucredit", "lcredit", "ocredit"]
            .iter()
            .map(|k| self.settings.value(k) < 0)
            .collect();
        let minclass = self.settings.value("minclass");
        (1u8..16).all(|set| {
            let has = |i: u8| set & (1 << i) != 0;
            let accepted = i64::from(set.count_ones() as u8) >= minclass
                && (0..4).all(|i| !required[i as usize] || has(i));
            !accepted || (has(0) && has(3) && (has(1) || has(2)))
        })
    }

    pub fn is_enforcing(&self) -> bool {
        self.settings.value("enforcing") != 0
    }
}

/// The quality module enforced in a password stack, if any, with the
/// evidence of what was looked at.
pub enum QualityState {
    Enforced(Box<Quality>),
    /// A module is configured but does not hold (bypassable, warn-only...).
    NotEnforced(Finding),
    None(Vec<EvidenceItem>),
    /// A module Vigie does not model (pam_passwdqc).
    Unmodelled(Finding),
}

pub fn quality(linux: &LinuxEvidence, entries: &[PamEntry]) -> QualityState {
    for (name, build) in [
        (
            "pam_pwquality.so",
            &(|e: &PamEntry| pwquality(e, &linux.pwquality)) as &dyn Fn(&PamEntry) -> Quality,
        ),
        ("pam_cracklib.so", &cracklib),
    ] {
        let (state, found) = enforced_module(entries, name);
        let Some(first) = found.first() else { continue };
        let evidence: Vec<EvidenceItem> = found.iter().map(|e| entry_evidence(e)).collect();
        match state {
            Enforcement::Enforced => {
                let q = build(first);
                if !q.is_enforcing() {
                    let s = q.settings.get("enforcing").map(Setting::evidence);
                    return QualityState::NotEnforced(
                        Finding::fail(
                            format!("{name} est réglé avec « enforcing = 0 » : il avertit mais n'impose rien."),
                            format!("{name} is set with \"enforcing = 0\": it warns but enforces nothing."),
                        )
                        .with(evidence)
                        .with(s),
                    );
                }
                return QualityState::Enforced(Box::new(q));
            }
            Enforcement::Bypassable => {
                return QualityState::NotEnforced(
                    Finding::fail(
                        format!("{name} est configuré mais un changement de mot de passe peut réussir sans lui (contrôle ou position dans la pile PAM)."),
                        format!("{name} is configured but a password change can succeed without it (its control or position in the PAM stack)."),
                    )
                    .with(evidence),
                )
            }
            Enforcement::NeverSucceeds => {
                return QualityState::NotEnforced(
                    Finding::unknown(
                        format!("La pile PAM de changement de mot de passe ne peut jamais réussir (module {name} absent ou pile bloquante)."),
                        format!("The password-change PAM stack can never succeed (module {name} missing or a blocking stack)."),
                    )
                    .with(evidence),
                )
            }
            Enforcement::Absent => {}
        }
    }
    let qc = find_all(entries, &is_module("pam_passwdqc.so"));
    if !qc.is_empty() {
        return QualityState::Unmodelled(
            Finding::unknown(
                "pam_passwdqc est utilisé : Vigie ne sait pas encore évaluer ses réglages.",
                "pam_passwdqc is in use: Vigie cannot evaluate its settings yet.",
            )
            .with(qc.iter().map(|e| entry_evidence(e))),
        );
    }
    QualityState::None(stack_evidence(entries))
}

/// Integer value of a login.defs key after every file (last one wins), with
/// its origin; `None` when never set, `Some((None, _))` when the last line
/// setting it is not a number (shadow then keeps the default) — its line is
/// kept so the report can point at it instead of calling the key absent.
pub fn login_defs(
    linux: &LinuxEvidence,
    key: &str,
) -> Result<Option<(Option<i64>, EvidenceItem)>, Finding> {
    let mut found = None;
    for file in &linux.login_defs {
        match file {
            Collected::Ok { value, .. } => {
                for e in value.entries.iter().filter(|e| e.key == key) {
                    let raw = e.value.clone().unwrap_or_default();
                    found = Some((
                        raw.parse::<i64>().ok(),
                        EvidenceItem::new(value.path.clone(), Some(e.line), Some(key), raw),
                    ));
                }
            }
            Collected::Unreadable { source, error } => {
                return Err(Finding::unknown(
                    format!("{source} illisible ({error})."),
                    format!("{source} unreadable ({error})."),
                ))
            }
            _ => {}
        }
    }
    Ok(found)
}

/// Settings of a module read with `pam_modutil_search_key` (pam_pwhistory):
/// the first occurrence of a key in the file wins.
pub fn first_in_file(file: &Collected<ConfFile>, key: &str) -> Option<(String, EvidenceItem)> {
    let value = file.value()?;
    value
        .entries
        .iter()
        .find(|e| e.key.eq_ignore_ascii_case(key))
        .map(|e| {
            let v = e.value.clone().unwrap_or_default();
            (
                v.clone(),
                EvidenceItem::new(value.path.clone(), Some(e.line), Some(key), v),
            )
        })
}

/// Settings of a module that reads its file top to bottom (pam_faillock):
/// the last occurrence wins.
pub fn last_in_file(
    file: &Collected<ConfFile>,
    key: &str,
) -> Option<(Option<String>, EvidenceItem)> {
    let value = file.value()?;
    value
        .entries
        .iter()
        .rev()
        .find(|e| e.key.eq_ignore_ascii_case(key))
        .map(|e| {
            (
                e.value.clone(),
                EvidenceItem::new(
                    value.path.clone(),
                    Some(e.line),
                    Some(key),
                    e.value.clone().unwrap_or_default(),
                ),
            )
        })
}

/// The value of `key=` among a PAM line's arguments (the last one wins).
pub fn arg<'a>(entry: &'a PamEntry, key: &str) -> Option<&'a str> {
    entry
        .args
        .iter()
        .rev()
        .find_map(|a| a.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
}
