//! 4.3.5.a — « N'utiliser que des logiciels originaux à l'exclusion de toute
//! copie. »
//!
//! The requirement is checked partly by a person (licences, where software
//! comes from: the declaration) and partly by the machine. The machine part
//! judged here: the package manager never installs software whose origin it
//! has not verified, i.e. signature checking is never turned off for an
//! enabled package source. Each offending setting is evidence (file:line).
//!
//! - apt (sources.list(5), apt.conf(5)): in the effective apt configuration
//!   (`apt.conf.d/*` then `apt.conf`, later settings win, `#clear`
//!   honoured), `APT::Get::AllowUnauthenticated`,
//!   `Acquire::AllowInsecureRepositories`,
//!   `Acquire::AllowDowngradeToInsecureRepositories` or
//!   `Acquire::AllowWeakRepositories` true (apt's booleans: 1/yes/true/with/on/enable);
//!   a binary (`deb`) source with `trusted`, `allow-insecure`, `allow-weak`
//!   or `allow-downgrade-to-insecure` true, in one-line files
//!   (`deb [trusted=yes] ...`, comments removed) or deb822 stanzas (`Trusted:
//!   yes`, stanzas with `Enabled: no` and commented lines ignored). `deb-src`
//!   sources only bring source code, never installed software: not judged.
//! - dnf/yum (dnf.conf(5)): each enabled repository's `gpgcheck` (dnf5's
//!   `pkg_gpgcheck` is the same option): the repository's own value, else
//!   the main one (dnf5 drop-ins then `dnf.conf`), else the built-in default,
//!   which is **off** (libdnf `gpgcheck{false}`); dnf5 overrides in
//!   `repos.override.d` apply last. An invalid value counts as unset, as in
//!   dnf. `repo_gpgcheck` (metadata signatures, off by default, unsupported by
//!   many vendors) and `localpkg_gpgcheck` (files installed by hand, off by
//!   default) are not judged.
//! - zypper (zypp.conf): `gpgcheck` (default on) off without `repo_gpgcheck`
//!   or `pkg_gpgcheck` explicitly on; or `repo_gpgcheck`/`pkg_gpgcheck` off
//!   (libzypp: "silently accept unsigned repos/packages ... not a secure
//!   setting"), repository values over `[main]`.
//!
//! No source found, or a file that could not be read: unknown.

use super::security_updates::{missing_evidence, AptConf};
use super::{linux, try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::linux::packages::apt::{apt_bool, AptEvidence};
use vigie_evidence::linux::packages::dnf::DnfEvidence;
use vigie_evidence::linux::packages::zypper::ZypperEvidence;
use vigie_evidence::linux::packages::{ini_bool, IniFile, IniSection};
use vigie_evidence::Collected;

pub const CHECK: Check = Check {
    id: "4.3.5.a",
    evaluate,
};

/// apt settings that let unsigned or weakly signed packages in.
const APT_INSECURE_SETTINGS: &[&str] = &[
    "APT::Get::AllowUnauthenticated",
    "Acquire::AllowInsecureRepositories",
    "Acquire::AllowDowngradeToInsecureRepositories",
    "Acquire::AllowWeakRepositories",
];

#[derive(Default)]
struct Outcome {
    /// What turns checking off, in words (FR, EN), with its evidence.
    offending: Vec<(String, String, EvidenceItem)>,
    /// What could not be judged.
    unknown: Vec<(String, String, EvidenceItem, bool)>,
    /// What was checked, for the reason of a pass (FR, EN).
    checked: Vec<(String, String)>,
    evidence: Vec<EvidenceItem>,
}

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let p = &linux.packages;
    let mut out = Outcome::default();
    if let Some(a) = &p.apt {
        judge_apt(a, &mut out);
    }
    if let Some(d) = &p.dnf {
        judge_dnf(d, &mut out);
    }
    if let Some(z) = &p.zypper {
        judge_zypper(z, &mut out);
    }
    if p.apt.is_none() && p.dnf.is_none() && p.zypper.is_none() {
        return Finding::unknown(
            "Aucun gestionnaire de paquets connu (apt, dnf, zypper) n'a été trouvé : la vérification des signatures ne peut pas être jugée.",
            "No known package manager (apt, dnf, zypper) was found: signature checking cannot be judged.",
        );
    }
    if !out.offending.is_empty() {
        let shown = |v: Vec<&String>| {
            let more = if v.len() > 3 { " …" } else { "" };
            format!(
                "{}{more}",
                v.iter()
                    .take(3)
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" ; ")
            )
        };
        let fr = shown(out.offending.iter().map(|o| &o.0).collect());
        let en = shown(out.offending.iter().map(|o| &o.1).collect());
        let mut evidence: Vec<EvidenceItem> = out.offending.into_iter().map(|o| o.2).collect();
        evidence.extend(out.unknown.into_iter().map(|u| u.2));
        return Finding::fail(
            format!("La vérification des signatures des logiciels est désactivée : des paquets d'origine non vérifiée peuvent être installés ({fr})."),
            format!("Software signature checking is turned off: packages of unverified origin can be installed ({en})."),
        )
        .with(evidence);
    }
    if !out.unknown.is_empty() {
        let privileges = out.unknown.iter().any(|u| u.3);
        let fr: Vec<&str> = out.unknown.iter().map(|u| u.0.as_str()).collect();
        let en: Vec<&str> = out.unknown.iter().map(|u| u.1.as_str()).collect();
        let mut evidence: Vec<EvidenceItem> = out.unknown.iter().map(|u| u.2.clone()).collect();
        evidence.extend(out.evidence);
        let f = Finding::unknown(fr.join(" "), en.join(" ")).with(evidence);
        return if privileges { f.needs_privileges() } else { f };
    }
    let fr: Vec<&str> = out.checked.iter().map(|c| c.0.as_str()).collect();
    let en: Vec<&str> = out.checked.iter().map(|c| c.1.as_str()).collect();
    Finding::pass(
        format!(
            "Le gestionnaire de paquets vérifie la signature de tout ce qu'il installe ({}).",
            fr.join(" ; ")
        ),
        format!(
            "The package manager checks the signature of everything it installs ({}).",
            en.join("; ")
        ),
    )
    .with(out.evidence)
}

fn unreadable<T>(out: &mut Outcome, c: &Collected<T>) {
    let (item, privileges) = missing_evidence(c);
    out.unknown.push((
        format!("{} n'a pas pu être lu.", item.source),
        format!("{} could not be read.", item.source),
        item,
        privileges,
    ));
}

// ---------------------------------------------------------------------------
// apt
// ---------------------------------------------------------------------------

fn judge_apt(a: &AptEvidence, out: &mut Outcome) {
    match AptConf::merge(&a.config) {
        Ok(conf) => {
            for key in APT_INSECURE_SETTINGS {
                if let Some(s) = conf.scalar(key) {
                    if apt_bool(s.value) == Some(true) {
                        out.offending.push((
                            format!("{key} = {} ({}:{})", s.value, s.file, s.line),
                            format!("{key} = {} ({}:{})", s.value, s.file, s.line),
                            s.evidence(),
                        ));
                    } else {
                        out.evidence.push(s.evidence());
                    }
                }
            }
        }
        Err((fr, en, items, privileges)) => {
            for item in items {
                out.unknown.push((fr.clone(), en.clone(), item, privileges));
            }
        }
    }
    let mut binary_sources = 0;
    for c in &a.sources {
        let file = match c {
            Collected::Ok { value, .. } => value,
            Collected::Missing { .. } => continue,
            other => {
                unreadable(out, other);
                continue;
            }
        };
        for e in &file.entries {
            if !e.types.iter().any(|t| t == "deb") {
                continue;
            }
            let weakening: Vec<_> = e
                .options
                .iter()
                .filter(|o| apt_bool(o.value.as_deref().unwrap_or("")) == Some(true))
                .collect();
            if !e.enabled {
                for o in weakening {
                    out.evidence.push(EvidenceItem::new(
                        file.path.clone(),
                        Some(o.line),
                        Some(&o.key),
                        format!(
                            "{} (source désactivée, ignorée / disabled source, ignored)",
                            o.value.as_deref().unwrap_or("")
                        ),
                    ));
                }
                continue;
            }
            binary_sources += 1;
            if weakening.is_empty() {
                out.evidence.push(EvidenceItem::new(
                    file.path.clone(),
                    Some(e.line),
                    None,
                    format!("deb {}", e.uris.join(" ")),
                ));
            }
            for o in weakening {
                let value = o.value.as_deref().unwrap_or("");
                let uri = e.uris.first().map(String::as_str).unwrap_or("");
                out.offending.push((
                    format!("{}={value} pour {uri} ({}:{})", o.key, file.path, o.line),
                    format!("{}={value} for {uri} ({}:{})", o.key, file.path, o.line),
                    EvidenceItem::new(
                        file.path.clone(),
                        Some(o.line),
                        Some(&o.key),
                        format!("{value} ({uri})"),
                    ),
                ));
            }
        }
    }
    if binary_sources == 0 {
        out.unknown.push((
            "Aucune source de paquets apt activée n'a été trouvée.".into(),
            "No enabled apt package source was found.".into(),
            EvidenceItem::new(
                "/etc/apt/sources.list.d",
                None,
                None,
                "aucune source / no source",
            ),
            false,
        ));
    } else {
        out.checked.push((
            format!("apt : {binary_sources} source(s)"),
            format!("apt: {binary_sources} source(s)"),
        ));
    }
}

// ---------------------------------------------------------------------------
// dnf
// ---------------------------------------------------------------------------

/// A boolean setting and where it was read.
#[derive(Clone)]
struct Bool {
    value: bool,
    item: EvidenceItem,
}

/// The last of these keys in a section, when its value is a valid boolean
/// (an invalid last value counts as unset, as in libdnf/libzypp).
fn last_bool(file: &str, section: &IniSection, keys: &[&str]) -> Option<Bool> {
    let e = section
        .entries
        .iter()
        .rev()
        .find(|e| keys.iter().any(|k| e.key.eq_ignore_ascii_case(k)))?;
    let raw = e.value.as_deref().unwrap_or("");
    Some(Bool {
        value: ini_bool(raw)?,
        item: EvidenceItem::new(file, Some(e.line), Some(&e.key), raw),
    })
}

/// fnmatch-style `*` and `?` (repository ids in dnf5 override sections).
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

const DNF_GPG: &[&str] = &["gpgcheck", "pkg_gpgcheck"];

fn judge_dnf(d: &DnfEvidence, out: &mut Outcome) {
    // Main value: drop-ins then dnf.conf, the last file wins.
    let mut main: Option<Bool> = None;
    for c in &d.main {
        match c {
            Collected::Ok { value: f, .. } => {
                if let Some(b) = f
                    .section("main")
                    .and_then(|s| last_bool(&f.path, s, DNF_GPG))
                {
                    main = Some(b);
                }
            }
            Collected::Missing { .. } => {}
            other => unreadable(out, other),
        }
    }
    if let Some(m) = &main {
        out.evidence.push(m.item.clone());
    }
    let overrides: Vec<&IniFile> = d.overrides.iter().filter_map(|c| c.value()).collect();
    for c in &d.overrides {
        if !matches!(c, Collected::Ok { .. } | Collected::Missing { .. }) {
            unreadable(out, c);
        }
    }
    let mut enabled_repos = 0;
    for c in &d.repos {
        let file = match c {
            Collected::Ok { value, .. } => value,
            Collected::Missing { .. } => continue,
            other => {
                unreadable(out, other);
                continue;
            }
        };
        for section in file.sections.iter().filter(|s| s.name != "main") {
            let mut enabled = last_bool(&file.path, section, &["enabled"]).map(|b| b.value);
            let mut gpg = last_bool(&file.path, section, DNF_GPG);
            for o in &overrides {
                for s in o.sections.iter().filter(|s| glob(&s.name, &section.name)) {
                    if let Some(b) = last_bool(&o.path, s, &["enabled"]) {
                        enabled = Some(b.value);
                    }
                    if let Some(b) = last_bool(&o.path, s, DNF_GPG) {
                        gpg = Some(b);
                    }
                }
            }
            if enabled == Some(false) {
                continue;
            }
            enabled_repos += 1;
            let effective = gpg.or_else(|| main.clone()).unwrap_or_else(|| Bool {
                value: false,
                item: EvidenceItem::new(
                    "dnf (valeur par défaut / built-in default)",
                    None,
                    Some("gpgcheck"),
                    "0",
                ),
            });
            if effective.value {
                let mut item = effective.item.clone();
                item.value = format!("{} [{}]", item.value, section.name);
                out.evidence.push(item);
            } else {
                let origin = match effective.item.line {
                    Some(l) => format!("{}:{l}", effective.item.source),
                    None => effective.item.source.clone(),
                };
                let mut item = effective.item.clone();
                item.value = format!("{} [{}]", item.value, section.name);
                out.offending.push((
                    format!(
                        "dépôt {} sans vérification des signatures (gpgcheck, {origin})",
                        section.name
                    ),
                    format!(
                        "repository {} without signature checking (gpgcheck, {origin})",
                        section.name
                    ),
                    item,
                ));
            }
        }
    }
    if enabled_repos == 0 {
        out.unknown.push((
            "Aucun dépôt dnf activé n'a été trouvé.".into(),
            "No enabled dnf repository was found.".into(),
            EvidenceItem::new(
                "/etc/yum.repos.d",
                None,
                None,
                "aucun dépôt / no repository",
            ),
            false,
        ));
    } else {
        out.checked.push((
            format!("dnf : {enabled_repos} dépôt(s)"),
            format!("dnf: {enabled_repos} repositories"),
        ));
    }
}

// ---------------------------------------------------------------------------
// zypper
// ---------------------------------------------------------------------------

fn judge_zypper(z: &ZypperEvidence, out: &mut Outcome) {
    let main_section = match &z.zypp_conf {
        Collected::Ok { value, .. } => value.section("main").map(|s| (value.path.as_str(), s)),
        Collected::Missing { .. } => None,
        other => {
            unreadable(out, other);
            None
        }
    };
    let main = |key: &str| main_section.and_then(|(path, s)| last_bool(path, s, &[key]));
    let (main_gpg, main_repo, main_pkg) = (
        main("gpgcheck"),
        main("repo_gpgcheck"),
        main("pkg_gpgcheck"),
    );
    for b in [&main_gpg, &main_repo, &main_pkg].into_iter().flatten() {
        out.evidence.push(b.item.clone());
    }
    let mut enabled_repos = 0;
    for c in &z.repos {
        let file = match c {
            Collected::Ok { value, .. } => value,
            Collected::Missing { .. } => continue,
            other => {
                unreadable(out, other);
                continue;
            }
        };
        for section in &file.sections {
            if last_bool(&file.path, section, &["enabled"]).is_some_and(|b| !b.value) {
                continue;
            }
            enabled_repos += 1;
            let own = |key: &str| last_bool(&file.path, section, &[key]);
            let gpg = own("gpgcheck").or_else(|| main_gpg.clone());
            let repo = own("repo_gpgcheck").or_else(|| main_repo.clone());
            let pkg = own("pkg_gpgcheck").or_else(|| main_pkg.clone());
            let gpg_on = gpg.as_ref().is_none_or(|b| b.value);
            let explicitly_on = |b: &Option<Bool>| b.as_ref().is_some_and(|b| b.value);
            let mut offending: Vec<&Bool> = Vec::new();
            if !gpg_on && !explicitly_on(&repo) && !explicitly_on(&pkg) {
                offending.extend(gpg.as_ref());
            }
            for b in [&repo, &pkg].into_iter().flatten() {
                if !b.value {
                    offending.push(b);
                }
            }
            if offending.is_empty() {
                out.evidence.push(match &gpg {
                    Some(b) => {
                        let mut item = b.item.clone();
                        item.value = format!("{} [{}]", item.value, section.name);
                        item
                    }
                    None => EvidenceItem::new(
                        file.path.clone(),
                        Some(section.line),
                        Some("gpgcheck"),
                        format!("on (défaut / default) [{}]", section.name),
                    ),
                });
            }
            for b in offending {
                let key = b.item.key.clone().unwrap_or_default();
                let origin = format!("{}:{}", b.item.source, b.item.line.unwrap_or(0));
                let mut item = b.item.clone();
                item.value = format!("{} [{}]", item.value, section.name);
                out.offending.push((
                    format!("dépôt {} : {key} désactivé ({origin})", section.name),
                    format!("repository {}: {key} off ({origin})", section.name),
                    item,
                ));
            }
        }
    }
    if enabled_repos == 0 {
        out.unknown.push((
            "Aucun dépôt zypper activé n'a été trouvé.".into(),
            "No enabled zypper repository was found.".into(),
            EvidenceItem::new(
                "/etc/zypp/repos.d",
                None,
                None,
                "aucun dépôt / no repository",
            ),
            false,
        ));
    } else {
        out.checked.push((
            format!("zypper : {enabled_repos} dépôt(s)"),
            format!("zypper: {enabled_repos} repositories"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn repository_id_globs() {
        assert!(glob("*", "fedora"));
        assert!(glob("fedora*", "fedora-cisco-openh264"));
        assert!(glob("updates-?esting", "updates-testing"));
        assert!(!glob("fedora", "fedora-updates"));
        assert!(!glob("*-source", "fedora"));
    }
}
