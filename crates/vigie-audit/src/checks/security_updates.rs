//! 4.3.4.b — « Appliquer l'ensemble des correctifs de sécurité du système
//! informatique et des logiciels. »
//!
//! Linux, for the system's own package manager (chosen from os-release, or
//! the only one present):
//!
//! - **Automatic security updates configured.**
//!   - apt (Debian, Ubuntu): `unattended-upgrades` installed (dpkg status
//!     "install ok installed"); in the effective apt configuration
//!     (`apt.conf.d/*` in byte order then `apt.conf`, later settings win,
//!     `#clear` honoured, keys case-insensitive) `APT::Periodic::Enable` not
//!     `0` (default 1), `APT::Periodic::Update-Package-Lists` and
//!     `APT::Periodic::Unattended-Upgrade` neither `0` nor unset (default 0;
//!     a number of days, optionally with an s/m/h/d unit, or `always`, as
//!     `apt.systemd.daily` reads them); `Unattended-Upgrade::Origins-Pattern`
//!     or `Allowed-Origins` naming the security archive (an entry containing
//!     "security", or a pattern matching every origin); `apt-daily.timer` and
//!     `apt-daily-upgrade.timer` enabled (or, without systemd, the
//!     `/etc/cron.daily/apt-compat` job).
//!   - Linux Mint: the same, or mintupdate's automation: the flag
//!     `/var/lib/linuxmint/mintupdate-automatic-upgrades-enabled` and
//!     `mintupdate-automation-upgrade.timer` enabled.
//!   - dnf: an enabled dnf-automatic timer that installs: `*-install.timer`
//!     always does, `dnf-automatic.timer`/`dnf5-automatic.timer` only with
//!     `apply_updates = yes`; `upgrade_type` `default` (everything) or
//!     `security`. dnf4 reads `/etc/dnf/automatic.conf` (built-in default
//!     `apply_updates = no`); recent dnf5 reads the defaults of
//!     `/usr/share/dnf5/dnf5-plugins/automatic.conf` then `/etc/dnf/automatic.conf`
//!     (dnf5-automatic(8)); early dnf5 read `/etc/dnf/dnf5-plugins/automatic.conf`
//!     instead: when that file exists, both readings are judged and must agree.
//!   - zypper: `os-update.timer` enabled with a known `UPDATE_CMD` (all of
//!     them install security patches), or YaST's automatic online update (a
//!     daily or weekly cron link, `AOU_ENABLE_CRONJOB="true"`, categories
//!     empty or including `security`).
//! - **Security updates waiting**, from the local cache, nothing refreshed:
//!   - apt, by default (live and offline, no command, milliseconds): dpkg's
//!     status compared with the package indexes of the security suites
//!     found among `/var/lib/apt/lists` (a suite or codename ending in
//!     `-security`, or the `Debian-Security` label); a package counts when
//!     a security index lists its name and architecture with a newer
//!     version in dpkg's order (see `vigie_evidence::linux::packages::
//!     apt_security`). An index Vigie cannot read (`.xz`, `.zst`) makes a
//!     zero count unknown, not a pass.
//!   - With `--thorough` on a live system only (they take seconds):
//!     `apt-get -s dist-upgrade` instead (not `upgrade`, which keeps back
//!     new kernels) counting upgrades from a `-security` suite, `dnf -C
//!     updateinfo list --security`, `zypper --no-refresh list-patches
//!     --category security`. Without it, dnf and zypper systems are judged
//!     as offline ones below.
//!
//!   Any waiting → fail.
//!
//! Verdict: anything waiting, or no automatic updates → fail. Automatic
//! updates and nothing waiting: pass only if the package lists were
//! refreshed within [`MAX_LISTS_AGE_DAYS`] days of the audit date (apt: the
//! newest of the security suites' InRelease files when counted natively,
//! else of all lists, or apt's `update-success-stamp`/`update-stamp`,
//! touched only when a whole `apt update` succeeded; dnf/zypper: their
//! cached `repomd.xml`) (older
//! lists make "0 waiting" meaningless: unknown, or fail when the automatic
//! run has not succeeded for [`MAX_RUN_AGE_DAYS`] days either). When
//! nothing could be counted (dnf or zypper without `--thorough`, no
//! security suite among apt's lists, an unreadable index, offline dnf or
//! zypper): automatic updates configured and a last automatic run within
//! [`MAX_RUN_AGE_DAYS`] days of the audit date pass (the reason says so),
//! an older one fails, none recorded is unknown. The last run is apt's
//! `upgrade-stamp` (touched only when unattended-upgrade succeeds), Mint's
//! `mintupdate.log`, or systemd's stamp of the dnf/os-update timer (when it
//! last fired).

use super::{linux, try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::linux::packages::apt::{self, AptConfFile, AptEvidence, PendingMethod};
use vigie_evidence::linux::packages::apt_security::SecuritySuite;
use vigie_evidence::linux::packages::dnf::{self, DnfEvidence};
use vigie_evidence::linux::packages::zypper::{self, ZypperEvidence};
use vigie_evidence::linux::packages::{ini_bool, FileStamp, IniFile, PendingUpdates, SKIPPED_SLOW};
use vigie_evidence::linux::systemd::UnitState;
use vigie_evidence::{Collected, ConfFile, LinuxEvidence};

pub const CHECK: Check = Check {
    id: "4.3.4.b",
    evaluate,
};

/// An automatic update that has not succeeded for two weeks has missed
/// several rounds of security fixes (distributions publish them weekly or
/// more often).
pub const MAX_RUN_AGE_DAYS: i64 = 14;
/// Package lists refreshed within a week: security archives change several
/// times a week, older lists can hide fixes already published.
pub const MAX_LISTS_AGE_DAYS: i64 = 7;

/// The package manager judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Manager {
    Apt,
    Dnf,
    Zypper,
}

/// The system's own package manager: the one its os-release names, or the
/// only one present.
pub(super) fn manager(ctx: &Context, linux: &LinuxEvidence) -> Option<Manager> {
    let p = &linux.packages;
    let present: Vec<Manager> = [
        (p.apt.is_some(), Manager::Apt),
        (p.dnf.is_some(), Manager::Dnf),
        (p.zypper.is_some(), Manager::Zypper),
    ]
    .into_iter()
    .filter(|(here, _)| *here)
    .map(|(_, m)| m)
    .collect();
    if present.len() == 1 {
        return present.first().copied();
    }
    let os = ctx.evidence.target.os.value()?;
    let ids: Vec<&str> = os
        .id
        .iter()
        .map(String::as_str)
        .chain(os.id_like.iter().map(String::as_str))
        .collect();
    let wanted = if ids
        .iter()
        .any(|i| matches!(*i, "debian" | "ubuntu" | "linuxmint"))
    {
        Manager::Apt
    } else if ids
        .iter()
        .any(|i| matches!(*i, "fedora" | "rhel" | "centos"))
    {
        Manager::Dnf
    } else if ids
        .iter()
        .any(|i| i.starts_with("suse") || i.starts_with("opensuse") || *i == "sles")
    {
        Manager::Zypper
    } else {
        return None;
    };
    present.contains(&wanted).then_some(wanted)
}

/// Days from a modification time to the audit date (0 when later).
pub(super) fn age_days(ctx: &Context, stamp: &FileStamp) -> Option<i64> {
    let date = time::OffsetDateTime::from_unix_timestamp(stamp.modified)
        .ok()?
        .date();
    Some((ctx.as_of - date).whole_days().max(0))
}

pub(super) fn stamp_evidence(stamp: &FileStamp, what: &str) -> EvidenceItem {
    let date = time::OffsetDateTime::from_unix_timestamp(stamp.modified)
        .map(|t| t.date().to_string())
        .unwrap_or_else(|_| stamp.modified.to_string());
    EvidenceItem::new(stamp.path.clone(), None, Some(what), date)
}

/// The evidence item of a source that could not be read, and whether it
/// needs administrator rights.
pub(super) fn missing_evidence<T>(c: &Collected<T>) -> (EvidenceItem, bool) {
    match c {
        Collected::Ok { source, .. } => (
            EvidenceItem::new(source.clone(), None, None, "lu / read"),
            false,
        ),
        Collected::Missing { source } => (
            EvidenceItem::new(source.clone(), None, None, "absent / missing"),
            false,
        ),
        Collected::Unreadable { source, error } => (
            EvidenceItem::new(
                source.clone(),
                None,
                None,
                format!("illisible / unreadable: {error}"),
            ),
            c.permission_denied(),
        ),
        Collected::NotCollected { reason } => (
            EvidenceItem::new("(non collecté / not collected)", None, None, reason.clone()),
            false,
        ),
    }
}

// ---------------------------------------------------------------------------
// apt configuration, as apt merges it
// ---------------------------------------------------------------------------

/// One effective apt setting.
#[derive(Debug, Clone)]
pub(super) struct AptSetting<'a> {
    /// Lower-case key; list items end with "::".
    key: String,
    pub file: &'a str,
    pub line: u32,
    pub written_key: &'a str,
    pub value: &'a str,
}

impl AptSetting<'_> {
    pub fn evidence(&self) -> EvidenceItem {
        EvidenceItem::new(
            self.file.to_string(),
            Some(self.line),
            Some(self.written_key),
            self.value.to_string(),
        )
    }
}

/// The effective apt configuration for the kept keys: files in order,
/// later settings replacing earlier ones, list items appended, `#clear`
/// removing a key and everything under it.
pub(super) struct AptConf<'a> {
    settings: Vec<AptSetting<'a>>,
}

impl<'a> AptConf<'a> {
    /// `Err` with the reason when a file could not be read or has errors.
    pub fn merge(
        files: &'a [Collected<AptConfFile>],
    ) -> Result<AptConf<'a>, (String, String, Vec<EvidenceItem>, bool)> {
        let mut settings: Vec<AptSetting<'a>> = Vec::new();
        for c in files {
            let Collected::Ok { value: file, .. } = c else {
                let (item, privileged) = missing_evidence(c);
                return Err((
                    "Un fichier de configuration d'apt n'a pas pu être lu.".into(),
                    "An apt configuration file could not be read.".into(),
                    vec![item],
                    privileged,
                ));
            };
            if !file.errors.is_empty() {
                let items = file
                    .errors
                    .iter()
                    .map(|e| {
                        EvidenceItem::new(file.path.clone(), Some(e.line), None, e.text.clone())
                    })
                    .collect();
                return Err((
                    format!("La configuration d'apt ({}) contient une erreur ou une inclusion que Vigie ne suit pas : son effet n'est pas établi.", file.path),
                    format!("The apt configuration ({}) has an error or an include Vigie does not follow: its effect is not established.", file.path),
                    items,
                    false,
                ));
            }
            for e in &file.entries {
                let key = e.key.to_ascii_lowercase();
                if e.clear {
                    let k = key.trim_end_matches(':').to_string();
                    let under = format!("{k}::");
                    settings.retain(|s| s.key != k && !s.key.starts_with(&under));
                    continue;
                }
                if !key.ends_with("::") {
                    settings.retain(|s| s.key != key);
                }
                settings.push(AptSetting {
                    key,
                    file: &file.path,
                    line: e.line,
                    written_key: &e.key,
                    value: &e.value,
                });
            }
        }
        Ok(AptConf { settings })
    }

    /// The value in force for a key.
    pub fn scalar(&self, key: &str) -> Option<&AptSetting<'a>> {
        let key = key.to_ascii_lowercase();
        self.settings.iter().rev().find(|s| s.key == key)
    }

    /// The items of a list.
    pub fn list(&self, key: &str) -> Vec<&AptSetting<'a>> {
        let key = format!("{}::", key.to_ascii_lowercase());
        self.settings.iter().filter(|s| s.key == key).collect()
    }
}

// ---------------------------------------------------------------------------
// The shared verdict
// ---------------------------------------------------------------------------

/// Whether automatic security updates are set up.
enum Auto {
    On {
        fr: String,
        en: String,
    },
    Off {
        fr: String,
        en: String,
    },
    Unknown {
        fr: String,
        en: String,
        privileges: bool,
    },
}

/// What a package manager's evidence says.
struct Judged<'a> {
    /// What counted the updates waiting (FR, EN).
    tool: (&'static str, &'static str),
    /// Counted by Vigie from files (`pending`'s source is files, not a command).
    native: bool,
    auto: Auto,
    /// The last automatic run, and what the stamp means.
    last_run: Option<(&'a FileStamp, &'static str)>,
    /// The last refresh of the package lists.
    lists: Option<FileStamp>,
    pending: &'a Collected<PendingUpdates>,
    evidence: Vec<EvidenceItem>,
}

fn pending_evidence(pending: &Collected<PendingUpdates>) -> Option<EvidenceItem> {
    let Collected::Ok { source, value } = pending else {
        return None;
    };
    let mut names: Vec<&str> = value.packages.iter().map(String::as_str).collect();
    if names.is_empty() {
        names = value.advisories.iter().map(String::as_str).collect();
    }
    let mut text = value.security.to_string();
    if !names.is_empty() {
        text.push_str(&format!(" : {}", names.join(", ")));
    }
    if let Some(total) = value.total {
        text.push_str(&format!(" ({total} en tout / in all)"));
    }
    Some(EvidenceItem::new(
        source.clone(),
        None,
        Some("sécurité / security"),
        text,
    ))
}

fn few(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
    let more = if names.len() > 5 { ", …" } else { "" };
    format!("{}{more}", shown.join(", "))
}

fn decide(ctx: &Context, j: Judged) -> Finding {
    let mut evidence = j.evidence;
    if let Some(e) = pending_evidence(j.pending) {
        evidence.push(e);
    }
    if let Some((s, what)) = j.last_run {
        evidence.push(stamp_evidence(s, what));
    }
    if let Some(s) = &j.lists {
        evidence.push(stamp_evidence(s, "listes de paquets / package lists"));
    }
    let run_age = j.last_run.and_then(|(s, _)| age_days(ctx, s));
    let lists_age = j.lists.as_ref().and_then(|s| age_days(ctx, s));

    let mut fails_fr = Vec::new();
    let mut fails_en = Vec::new();
    if let Collected::Ok { value: p, .. } = j.pending {
        if p.security > 0 {
            let names = if p.packages.is_empty() {
                &p.advisories
            } else {
                &p.packages
            };
            fails_fr.push(format!(
                "{} mise(s) à jour de sécurité en attente d'installation ({}).",
                p.security,
                few(names)
            ));
            fails_en.push(format!(
                "{} security update(s) waiting to be installed ({}).",
                p.security,
                few(names)
            ));
        }
    }
    let (on_fr, on_en) = match j.auto {
        Auto::Off { fr, en } => {
            fails_fr.push(fr);
            fails_en.push(en);
            return Finding::fail(fails_fr.join(" "), fails_en.join(" ")).with(evidence);
        }
        _ if !fails_fr.is_empty() => {
            return Finding::fail(fails_fr.join(" "), fails_en.join(" ")).with(evidence)
        }
        Auto::Unknown { fr, en, privileges } => {
            let f = Finding::unknown(fr, en).with(evidence);
            return if privileges { f.needs_privileges() } else { f };
        }
        Auto::On { fr, en } => (fr, en),
    };
    let stale_run = run_age.is_some_and(|a| a > MAX_RUN_AGE_DAYS);
    let run_fail = |evidence: Vec<EvidenceItem>| {
        let a = run_age.unwrap_or(0);
        Finding::fail(
            format!("{on_fr}, mais la dernière exécution automatique date de {a} jours (plus de {MAX_RUN_AGE_DAYS}) : les correctifs ne sont plus appliqués."),
            format!("{on_en}, but the last automatic run was {a} days ago (more than {MAX_RUN_AGE_DAYS}): fixes are no longer being applied."),
        )
        .with(evidence)
    };
    if let Collected::Ok { .. } = j.pending {
        return match lists_age {
            Some(a) if a <= MAX_LISTS_AGE_DAYS => Finding::pass(
                format!("{on_fr} ; aucune mise à jour de sécurité en attente ({}, listes de paquets actualisées il y a {a} jour(s)).", j.tool.0),
                format!("{on_en}; no security update waiting ({}, package lists refreshed {a} day(s) ago).", j.tool.1),
            )
            .with(evidence),
            _ if stale_run => run_fail(evidence),
            age => {
                let (fr, en) = match age {
                    Some(a) => (
                        format!("les listes de paquets datent de {a} jours"),
                        format!("the package lists are {a} days old"),
                    ),
                    None => (
                        "la date des listes de paquets est inconnue".to_string(),
                        "the age of the package lists is unknown".to_string(),
                    ),
                };
                Finding::unknown(
                    format!("{on_fr} ; aucune mise à jour de sécurité en attente selon {}, mais {fr} : ce « zéro » ne prouve rien. Actualisez les listes (ou laissez la mise à jour automatique le faire) puis relancez l'audit.", j.tool.0),
                    format!("{on_en}; no security update waiting according to {}, but {en}: that \"zero\" proves nothing. Refresh the lists (or let the automatic update do it) and audit again.", j.tool.1),
                )
                .with(evidence)
            }
        };
    }
    let other = j.pending;
    let (why_fr, why_en, privileges) = match other {
        Collected::NotCollected { reason } if reason == SKIPPED_SLOW => (
            format!("{} n'a pas été lancé pour compter les mises à jour en attente (il prend plusieurs secondes ; « vigie audit --thorough » le lance)", j.tool.0),
            format!("{} was not run to count the waiting updates (it takes seconds; \"vigie audit --thorough\" runs it)", j.tool.1),
            false,
        ),
        Collected::NotCollected { .. } => (
            "les mises à jour en attente ne peuvent être comptées que sur le système en marche"
                .to_string(),
            "waiting updates can only be counted on the running system".to_string(),
            false,
        ),
        Collected::Missing { source } if j.native => (
            format!("les mises à jour en attente n'ont pas pu être comptées : {source} est absent"),
            format!("the waiting updates could not be counted: {source} is missing"),
            false,
        ),
        Collected::Missing { source } => (
            format!("{source} n'a pas pu être lancé"),
            format!("{source} could not be run"),
            false,
        ),
        Collected::Unreadable { source, error } if j.native => {
            // An unread index is already shown with its suite.
            if !evidence.iter().any(|e| e.source == *source) {
                evidence.push(EvidenceItem::new(source.clone(), None, None, error.clone()));
            }
            (
                format!("les mises à jour en attente n'ont pas pu être comptées ({source} : {error})"),
                format!("the waiting updates could not be counted ({source}: {error})"),
                other.permission_denied(),
            )
        }
        Collected::Unreadable { source, error } => {
            evidence.push(EvidenceItem::new(source.clone(), None, None, error.clone()));
            (
                format!("{source} n'a pas répondu ({error})"),
                format!("{source} gave no answer ({error})"),
                other.permission_denied(),
            )
        }
        Collected::Ok { .. } => (String::new(), String::new(), false),
    };
    match run_age {
        Some(a) if a <= MAX_RUN_AGE_DAYS => Finding::pass(
            format!("{on_fr}, et la dernière exécution automatique date de {a} jour(s). Jugé sur la configuration et cette exécution : {why_fr}."),
            format!("{on_en}, and the last automatic run was {a} day(s) ago. Judged on the configuration and that run: {why_en}."),
        )
        .with(evidence),
        Some(_) => run_fail(evidence),
        None => {
            let f = Finding::unknown(
                format!("{on_fr}, mais aucune trace d'exécution automatique n'a été trouvée et {why_fr}."),
                format!("{on_en}, but no trace of an automatic run was found and {why_en}."),
            )
            .with(evidence);
            if privileges {
                f.needs_privileges()
            } else {
                f
            }
        }
    }
}

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let p = &linux.packages;
    let judged = match manager(ctx, linux) {
        Some(Manager::Apt) => p.apt.as_ref().map(judge_apt),
        Some(Manager::Dnf) => p.dnf.as_ref().map(judge_dnf),
        Some(Manager::Zypper) => p.zypper.as_ref().map(judge_zypper),
        None => None,
    };
    match judged {
        Some(j) => decide(ctx, j),
        None if p.apt.is_none() && p.dnf.is_none() && p.zypper.is_none() => Finding::unknown(
            "Aucun gestionnaire de paquets connu (apt, dnf, zypper) n'a été trouvé : les mises à jour ne peuvent pas être vérifiées.",
            "No known package manager (apt, dnf, zypper) was found: updates cannot be checked.",
        ),
        None => Finding::unknown(
            "Plusieurs gestionnaires de paquets sont présents et le système ne dit pas lequel est le sien.",
            "Several package managers are present and the system does not say which one is its own.",
        ),
    }
}

fn unit<'a>(units: &'a Collected<Vec<UnitState>>, name: &str) -> Option<&'a UnitState> {
    units
        .value()
        .and_then(|u| u.iter().find(|s| s.name == name))
}

fn unit_evidence(units: &Collected<Vec<UnitState>>, name: &str) -> EvidenceItem {
    let value = match unit(units, name) {
        None => "inconnu / unknown".to_string(),
        Some(u) if u.masked => "masqué / masked".to_string(),
        Some(u) if u.file.is_none() => "absent / not installed".to_string(),
        Some(u) => {
            let state = if u.enabled() {
                "activé / enabled"
            } else {
                "désactivé / disabled"
            };
            match &u.active {
                Some(a) => format!("{state} ({a})"),
                None => state.to_string(),
            }
        }
    };
    EvidenceItem::new(
        units.source().unwrap_or("systemd").to_string(),
        None,
        Some(name),
        value,
    )
}

// ---------------------------------------------------------------------------
// apt
// ---------------------------------------------------------------------------

/// `apt.systemd.daily`'s reading of an interval: `always`, or a number of
/// days (or seconds/minutes/hours with s/m/h); 0 disables; `None` when apt
/// would not understand it.
fn interval_on(value: &str) -> Option<bool> {
    let v = value.trim();
    if v == "always" {
        return Some(true);
    }
    let digits = v.trim_end_matches(['s', 'm', 'h', 'd']);
    digits.parse::<i64>().ok().map(|n| n != 0)
}

/// An Origins-Pattern entry matching every origin ("origin=*").
fn matches_all(pattern: &str) -> bool {
    let parts: Vec<&str> = pattern.split(',').collect();
    !parts.is_empty()
        && parts
            .iter()
            .all(|p| p.split_once('=').is_some_and(|(_, v)| v.trim() == "*"))
}

enum Part {
    Yes,
    No(String, String),
    Unknown(String, String, bool),
}

fn unattended(a: &AptEvidence, evidence: &mut Vec<EvidenceItem>) -> Part {
    let Collected::Ok {
        value: packages,
        source,
    } = &a.packages
    else {
        let (item, privileges) = missing_evidence(&a.packages);
        evidence.push(item);
        return Part::Unknown(
            "L'état des paquets (dpkg) n'a pas pu être lu.".into(),
            "The package state (dpkg) could not be read.".into(),
            privileges,
        );
    };
    let uu = packages.iter().find(|p| p.name == "unattended-upgrades");
    match uu {
        Some(p) if p.installed() => {
            evidence.push(EvidenceItem::new(
                source.clone(),
                Some(p.line),
                Some("unattended-upgrades"),
                p.status.clone(),
            ));
        }
        Some(p) => {
            evidence.push(EvidenceItem::new(
                source.clone(),
                Some(p.line),
                Some("unattended-upgrades"),
                p.status.clone(),
            ));
            return Part::No(
                "Le paquet unattended-upgrades n'est pas installé (seule sa configuration reste) : aucune mise à jour de sécurité n'est installée automatiquement.".into(),
                "The unattended-upgrades package is not installed (only its configuration remains): no security update is installed automatically.".into(),
            );
        }
        None => {
            evidence.push(EvidenceItem::new(
                source.clone(),
                None,
                Some("unattended-upgrades"),
                "absent / not installed",
            ));
            return Part::No(
                "Le paquet unattended-upgrades n'est pas installé : aucune mise à jour de sécurité n'est installée automatiquement.".into(),
                "The unattended-upgrades package is not installed: no security update is installed automatically.".into(),
            );
        }
    }
    let conf = match AptConf::merge(&a.config) {
        Ok(c) => c,
        Err((fr, en, items, privileges)) => {
            evidence.extend(items);
            return Part::Unknown(fr, en, privileges);
        }
    };
    let mut no_fr = Vec::new();
    let mut no_en = Vec::new();
    let mut unknown: Option<(String, String)> = None;
    // APT::Periodic::Enable: apt.systemd.daily exits at once when it is 0.
    if let Some(s) = conf.scalar("APT::Periodic::Enable") {
        evidence.push(s.evidence());
        if s.value.trim().parse::<i64>().ok() == Some(0) {
            no_fr.push(
                "APT::Periodic::Enable vaut 0 : les tâches quotidiennes d'apt ne font rien."
                    .to_string(),
            );
            no_en.push("APT::Periodic::Enable is 0: apt's daily jobs do nothing.".to_string());
        }
    }
    for (key, what_fr, what_en) in [
        (
            "APT::Periodic::Update-Package-Lists",
            "l'actualisation quotidienne des listes de paquets",
            "the daily refresh of the package lists",
        ),
        (
            "APT::Periodic::Unattended-Upgrade",
            "l'installation automatique (unattended-upgrade)",
            "the automatic installation (unattended-upgrade)",
        ),
    ] {
        match conf.scalar(key) {
            Some(s) => {
                evidence.push(s.evidence());
                match interval_on(s.value) {
                    Some(true) => {}
                    Some(false) => {
                        no_fr.push(format!(
                            "{key} vaut « {} » ({}:{}) : {what_fr} est désactivée.",
                            s.value, s.file, s.line
                        ));
                        no_en.push(format!(
                            "{key} is \"{}\" ({}:{}): {what_en} is off.",
                            s.value, s.file, s.line
                        ));
                    }
                    None => {
                        unknown = Some((
                            format!(
                                "{key} vaut « {} », une valeur qu'apt ne comprend pas.",
                                s.value
                            ),
                            format!("{key} is \"{}\", a value apt does not understand.", s.value),
                        ))
                    }
                }
            }
            None => {
                evidence.push(EvidenceItem::new(
                    "/etc/apt/apt.conf.d",
                    None,
                    Some(key),
                    "non défini (0 par défaut) / unset (default 0)",
                ));
                no_fr.push(format!(
                    "{key} n'est défini nulle part (0 par défaut) : {what_fr} est désactivée."
                ));
                no_en.push(format!(
                    "{key} is not set anywhere (default 0): {what_en} is off."
                ));
            }
        }
    }
    let origins: Vec<&AptSetting> = conf
        .list("Unattended-Upgrade::Origins-Pattern")
        .into_iter()
        .chain(conf.list("Unattended-Upgrade::Allowed-Origins"))
        .collect();
    let security: Vec<&&AptSetting> = origins
        .iter()
        .filter(|s| s.value.to_ascii_lowercase().contains("security") || matches_all(s.value))
        .collect();
    match security.first() {
        Some(s) => evidence.push(s.evidence()),
        None => {
            evidence.extend(origins.iter().map(|s| s.evidence()));
            no_fr.push("Unattended-Upgrade::Origins-Pattern / Allowed-Origins ne désigne pas l'archive de sécurité : unattended-upgrades n'installerait pas les correctifs de sécurité.".to_string());
            no_en.push("Unattended-Upgrade::Origins-Pattern / Allowed-Origins does not name the security archive: unattended-upgrades would not install security fixes.".to_string());
        }
    }
    match &a.units {
        Collected::Ok { .. } => {
            for timer in [apt::APT_DAILY_TIMER, apt::APT_UPGRADE_TIMER] {
                evidence.push(unit_evidence(&a.units, timer));
                if !unit(&a.units, timer).is_some_and(|u| u.enabled()) {
                    no_fr.push(format!("Le minuteur {timer} n'est pas activé : apt ne lance pas ses tâches quotidiennes."));
                    no_en.push(format!(
                        "The {timer} timer is not enabled: apt does not run its daily jobs."
                    ));
                }
            }
        }
        _ => match a.stamp(apt::APT_CRON) {
            Some(s) => evidence.push(EvidenceItem::new(
                s.path.clone(),
                None,
                None,
                "tâche cron quotidienne / daily cron job",
            )),
            None => {
                unknown.get_or_insert((
                    "Ni minuteur systemd ni tâche cron d'apt trouvés : rien ne montre que les tâches quotidiennes d'apt s'exécutent.".into(),
                    "Neither a systemd timer nor apt's cron job was found: nothing shows that apt's daily jobs run.".into(),
                ));
            }
        },
    }
    if !no_fr.is_empty() {
        return Part::No(no_fr.join(" "), no_en.join(" "));
    }
    match unknown {
        Some((fr, en)) => Part::Unknown(fr, en, false),
        None => Part::Yes,
    }
}

fn mint_automation(a: &AptEvidence, evidence: &mut Vec<EvidenceItem>) -> Option<bool> {
    let is_mint = a.stamp(apt::MINT_UPGRADE_FLAG).is_some()
        || unit(&a.units, apt::MINT_UPGRADE_TIMER).is_some_and(|u| u.file.is_some())
        || a.packages
            .value()
            .is_some_and(|p| p.iter().any(|p| p.name == "mintupdate" && p.installed()));
    if !is_mint {
        return None;
    }
    let flag = a.stamp(apt::MINT_UPGRADE_FLAG);
    evidence.push(EvidenceItem::new(
        apt::MINT_UPGRADE_FLAG,
        None,
        None,
        if flag.is_some() {
            "présent / present"
        } else {
            "absent / missing"
        },
    ));
    evidence.push(unit_evidence(&a.units, apt::MINT_UPGRADE_TIMER));
    let timer_on = unit(&a.units, apt::MINT_UPGRADE_TIMER).is_some_and(|u| u.enabled());
    Some(flag.is_some() && timer_on)
}

/// The security suites the native count read: one line per suite, and
/// each index that could not be read.
fn suites_evidence(suites: &[SecuritySuite]) -> Vec<EvidenceItem> {
    let mut items = Vec::new();
    for suite in suites {
        let read: Vec<u32> = suite
            .indexes
            .iter()
            .filter_map(|c| c.value().copied())
            .collect();
        items.push(EvidenceItem::new(
            suite.release.clone(),
            None,
            Some("suite de sécurité / security suite"),
            format!(
                "{} ({} index, {} paquets / packages)",
                suite.matched,
                read.len(),
                read.iter().sum::<u32>()
            ),
        ));
        for c in &suite.indexes {
            if let Collected::Unreadable { .. } = c {
                items.push(missing_evidence(c).0);
            }
        }
    }
    items
}

fn judge_apt(a: &AptEvidence) -> Judged<'_> {
    let mut evidence = Vec::new();
    let uu = unattended(a, &mut evidence);
    let mint = mint_automation(a, &mut evidence);
    let auto = match (&uu, mint) {
        (Part::Yes, _) => Auto::On {
            fr: "Les mises à jour de sécurité automatiques (unattended-upgrades) sont en place".into(),
            en: "Automatic security updates (unattended-upgrades) are set up".into(),
        },
        (_, Some(true)) => Auto::On {
            fr: "Les mises à jour automatiques du gestionnaire de mises à jour de Linux Mint sont en place".into(),
            en: "Linux Mint's Update Manager automatic upgrades are set up".into(),
        },
        (Part::Unknown(fr, en, privileges), _) => Auto::Unknown {
            fr: fr.clone(),
            en: en.clone(),
            privileges: *privileges,
        },
        (Part::No(fr, en), mint) => {
            let (mfr, men) = if mint == Some(false) {
                (
                    " L'automatisation du gestionnaire de mises à jour de Linux Mint n'est pas activée non plus.",
                    " Linux Mint's Update Manager automation is not enabled either.",
                )
            } else {
                ("", "")
            };
            Auto::Off {
                fr: format!("{fr}{mfr}"),
                en: format!("{en}{men}"),
            }
        }
    };
    let uu_run = a
        .stamp(apt::UPGRADE_STAMP)
        .map(|s| (s, "dernière exécution réussie d'unattended-upgrade / last successful unattended-upgrade run"))
        .or_else(|| {
            a.stamp(apt::UNATTENDED_STAMP)
                .map(|s| (s, "dernière exécution d'unattended-upgrade / last unattended-upgrade run"))
        });
    let mint_run = a.stamp(apt::MINT_LOG).map(|s| {
        (
            s,
            "dernière mise à jour automatique de Mint / last Mint automatic upgrade",
        )
    });
    let last_run = match (&uu, mint) {
        (Part::Yes, Some(true)) => [uu_run, mint_run]
            .into_iter()
            .flatten()
            .max_by_key(|(s, _)| s.modified),
        (Part::Yes, _) => uu_run,
        (_, Some(true)) => mint_run,
        _ => None,
    };
    let native = a.pending_method == PendingMethod::Native;
    // Counted from the security suites' own lists: their age is what
    // matters, not that of a suite refreshed while they failed to be.
    let security_lists = native
        .then(|| {
            a.security_suites
                .iter()
                .filter_map(|s| {
                    s.modified.map(|modified| FileStamp {
                        path: s.release.clone(),
                        modified,
                    })
                })
                .max_by_key(|s| s.modified)
        })
        .flatten();
    let newest_lists = if native {
        security_lists.as_ref()
    } else {
        a.lists.as_ref()
    };
    // apt's stamps are touched only when a whole `apt update` succeeded.
    let lists = [
        newest_lists,
        a.stamp(apt::UPDATE_SUCCESS_STAMP),
        a.stamp(apt::UPDATE_STAMP),
    ]
    .into_iter()
    .flatten()
    .max_by_key(|s| s.modified)
    .cloned();
    if native {
        evidence.extend(suites_evidence(&a.security_suites));
    }
    Judged {
        tool: if native {
            (
                "dpkg comparé aux listes de sécurité d'apt",
                "dpkg compared with apt's security lists",
            )
        } else {
            ("apt-get -s", "apt-get -s")
        },
        native,
        auto,
        last_run,
        lists,
        pending: &a.pending,
        evidence,
    }
}

// ---------------------------------------------------------------------------
// dnf
// ---------------------------------------------------------------------------

/// One reading of dnf-automatic's `[commands]`.
struct AutomaticConf {
    apply: Result<bool, String>,
    upgrade_type: String,
    evidence: Vec<EvidenceItem>,
}

fn read_automatic(files: &[&IniFile]) -> AutomaticConf {
    // Built-in defaults of dnf4 and dnf5.
    let mut apply: Result<bool, String> = Ok(false);
    let mut upgrade_type = "default".to_string();
    let mut evidence = Vec::new();
    let mut apply_seen = false;
    for f in files {
        let Some(commands) = f.section("commands") else {
            continue;
        };
        if let Some((v, line)) = commands.get("apply_updates") {
            apply_seen = true;
            evidence.push(EvidenceItem::new(
                f.path.clone(),
                Some(line),
                Some("apply_updates"),
                v,
            ));
            apply = ini_bool(v).ok_or_else(|| v.to_string());
        }
        if let Some((v, line)) = commands.get("upgrade_type") {
            evidence.push(EvidenceItem::new(
                f.path.clone(),
                Some(line),
                Some("upgrade_type"),
                v,
            ));
            upgrade_type = v.trim().to_string();
        }
    }
    if !apply_seen {
        evidence.push(EvidenceItem::new(
            "dnf-automatic",
            None,
            Some("apply_updates"),
            "no (défaut / default)",
        ));
    }
    AutomaticConf {
        apply,
        upgrade_type,
        evidence,
    }
}

/// What the enabled timers do under one reading of the configuration:
/// `Ok(Some(timer))` installs, `Ok(None)` does not, `Err` not understood.
fn installs(enabled: &[&str], conf: &AutomaticConf) -> Result<Option<String>, (String, String)> {
    if !matches!(conf.upgrade_type.as_str(), "default" | "security") {
        return Err((
            format!(
                "upgrade_type vaut « {} », une valeur que dnf-automatic ne connaît pas.",
                conf.upgrade_type
            ),
            format!(
                "upgrade_type is \"{}\", a value dnf-automatic does not know.",
                conf.upgrade_type
            ),
        ));
    }
    for timer in enabled {
        let applies = match *timer {
            "dnf-automatic-install.timer" | "dnf5-automatic-install.timer" => true,
            "dnf-automatic.timer" | "dnf5-automatic.timer" => match &conf.apply {
                Ok(b) => *b,
                Err(v) => {
                    return Err((
                        format!("apply_updates vaut « {v} », une valeur que dnf ne comprend pas."),
                        format!("apply_updates is \"{v}\", a value dnf does not understand."),
                    ))
                }
            },
            _ => false,
        };
        if applies {
            return Ok(Some(timer.to_string()));
        }
    }
    Ok(None)
}

fn judge_dnf(d: &DnfEvidence) -> Judged<'_> {
    let mut evidence = Vec::new();
    let auto = dnf_auto(d, &mut evidence);
    let last_run = match &auto {
        Auto::On { .. } => d
            .stamps
            .iter()
            .filter(|s| {
                dnf::TIMERS[..4]
                    .iter()
                    .any(|t| s.path.ends_with(&format!("stamp-{t}")))
            })
            .max_by_key(|s| s.modified)
            .map(|s| {
                (
                    s,
                    "dernier déclenchement de dnf-automatic / last dnf-automatic trigger",
                )
            }),
        _ => None,
    };
    Judged {
        tool: ("dnf", "dnf"),
        native: false,
        auto,
        last_run,
        lists: d.cache.clone(),
        pending: &d.pending,
        evidence,
    }
}

fn dnf_auto(d: &DnfEvidence, evidence: &mut Vec<EvidenceItem>) -> Auto {
    if d.units.value().is_none() {
        let (item, _) = missing_evidence(&d.units);
        evidence.push(item);
        return Auto::Unknown {
            fr: "Les unités systemd n'ont pas pu être lues : rien ne montre que dnf-automatic s'exécute.".into(),
            en: "The systemd units could not be read: nothing shows that dnf-automatic runs.".into(),
            privileges: false,
        };
    }
    let installed: Vec<&str> = dnf::TIMERS
        .iter()
        .copied()
        .filter(|t| unit(&d.units, t).is_some_and(|u| u.file.is_some()))
        .collect();
    if installed.is_empty() {
        evidence.push(unit_evidence(&d.units, "dnf-automatic.timer"));
        return Auto::Off {
            fr: "dnf-automatic n'est pas installé : les mises à jour de sécurité ne sont pas installées automatiquement.".into(),
            en: "dnf-automatic is not installed: security updates are not installed automatically.".into(),
        };
    }
    evidence.extend(installed.iter().map(|t| unit_evidence(&d.units, t)));
    let enabled: Vec<&str> = installed
        .iter()
        .copied()
        .filter(|t| unit(&d.units, t).is_some_and(|u| u.enabled()))
        .collect();
    if enabled.is_empty() {
        return Auto::Off {
            fr: "Aucun minuteur dnf-automatic n'est activé : les mises à jour ne sont pas installées automatiquement.".into(),
            en: "No dnf-automatic timer is enabled: updates are not installed automatically.".into(),
        };
    }
    let file = |path: &str| d.automatic_file(path).and_then(|c| c.value());
    // The readings of the configuration this dnf may make.
    let mut readings: Vec<AutomaticConf> = Vec::new();
    if d.dnf5 {
        let defaults = file(dnf::AUTOMATIC_DNF5_DEFAULTS);
        let recent: Vec<&IniFile> = defaults
            .into_iter()
            .chain(file(dnf::AUTOMATIC_CONF))
            .collect();
        readings.push(read_automatic(&recent));
        // Early dnf5 read the first of its own /etc file and the defaults;
        // judged too only when that /etc file exists (current dnf5 ignores it).
        if let Some(early) = file(dnf::AUTOMATIC_DNF5_ETC) {
            readings.push(read_automatic(&[early]));
        }
    } else {
        readings.push(read_automatic(
            &file(dnf::AUTOMATIC_CONF).into_iter().collect::<Vec<_>>(),
        ));
    }
    for c in &d.automatic {
        if let Collected::Unreadable { .. } = c {
            let (item, privileges) = missing_evidence(c);
            evidence.push(item);
            return Auto::Unknown {
                fr: "Un fichier de configuration de dnf-automatic n'a pas pu être lu.".into(),
                en: "A dnf-automatic configuration file could not be read.".into(),
                privileges,
            };
        }
    }
    let outcomes: Vec<Result<Option<String>, (String, String)>> =
        readings.iter().map(|r| installs(&enabled, r)).collect();
    for r in &readings {
        for e in &r.evidence {
            if !evidence.contains(e) {
                evidence.push(e.clone());
            }
        }
    }
    if let Some(Err((fr, en))) = outcomes.iter().find(|o| o.is_err()) {
        return Auto::Unknown {
            fr: fr.clone(),
            en: en.clone(),
            privileges: false,
        };
    }
    let verdicts: Vec<bool> = outcomes.iter().map(|o| matches!(o, Ok(Some(_)))).collect();
    if verdicts.iter().all(|v| *v) {
        let timer = match outcomes.first() {
            Some(Ok(Some(t))) => t.clone(),
            _ => String::new(),
        };
        let kind = readings
            .first()
            .map(|r| r.upgrade_type.as_str())
            .unwrap_or("default");
        let (kfr, ken) = if kind == "security" {
            ("les mises à jour de sécurité", "security updates")
        } else {
            ("toutes les mises à jour", "all updates")
        };
        return Auto::On {
            fr: format!("dnf-automatic installe {kfr} automatiquement ({timer})"),
            en: format!("dnf-automatic installs {ken} automatically ({timer})"),
        };
    }
    if verdicts.iter().any(|v| *v) {
        return Auto::Unknown {
            fr: "Selon la version de dnf5, dnf-automatic lit /etc/dnf/automatic.conf ou /etc/dnf/dnf5-plugins/automatic.conf, et ces deux fichiers ne disent pas la même chose sur l'installation des mises à jour.".into(),
            en: "Depending on the dnf5 version, dnf-automatic reads /etc/dnf/automatic.conf or /etc/dnf/dnf5-plugins/automatic.conf, and the two disagree on installing updates.".into(),
            privileges: false,
        };
    }
    Auto::Off {
        fr: format!(
            "dnf-automatic est activé ({}) mais n'installe pas les mises à jour (apply_updates = no, ou minuteur de téléchargement ou de notification seulement).",
            enabled.join(", ")
        ),
        en: format!(
            "dnf-automatic is enabled ({}) but does not install updates (apply_updates = no, or a download-only or notify-only timer).",
            enabled.join(", ")
        ),
    }
}

// ---------------------------------------------------------------------------
// zypper
// ---------------------------------------------------------------------------

fn shell_var<'a>(files: &'a [&'a ConfFile], key: &str) -> Option<(&'a str, &'a str, u32)> {
    // The last assignment wins, as when the files are sourced in order.
    files
        .iter()
        .rev()
        .flat_map(|f| f.entries.iter().rev().map(move |e| (f, e)))
        .find(|(_, e)| e.key == key)
        .map(|(f, e)| (f.path.as_str(), e.value.as_deref().unwrap_or(""), e.line))
}

fn judge_zypper(z: &ZypperEvidence) -> Judged<'_> {
    let mut evidence = Vec::new();
    let mut off_fr = Vec::new();
    let mut off_en = Vec::new();
    let mut on: Option<(String, String)> = None;

    // os-update.
    let os_update_files: Vec<&ConfFile> = z.os_update.iter().filter_map(|c| c.value()).collect();
    let timer = unit(&z.units, zypper::OS_UPDATE_TIMER);
    if timer.is_some_and(|u| u.file.is_some()) {
        evidence.push(unit_evidence(&z.units, zypper::OS_UPDATE_TIMER));
        let cmd = shell_var(&os_update_files, "UPDATE_CMD");
        let cmd_value = cmd.map(|c| c.1).unwrap_or("auto");
        if let Some((path, value, line)) = cmd {
            evidence.push(EvidenceItem::new(
                path,
                Some(line),
                Some("UPDATE_CMD"),
                value,
            ));
        }
        let known = matches!(cmd_value, "auto" | "dup" | "up" | "security");
        if timer.is_some_and(|u| u.enabled()) && known {
            on = Some((
                format!("os-update met le système à jour automatiquement (UPDATE_CMD={cmd_value})"),
                format!("os-update updates the system automatically (UPDATE_CMD={cmd_value})"),
            ));
        } else if !known {
            off_fr.push(format!(
                "os-update : UPDATE_CMD={cmd_value} n'est pas une commande qu'il connaît."
            ));
            off_en.push(format!(
                "os-update: UPDATE_CMD={cmd_value} is not a command it knows."
            ));
        } else {
            off_fr.push("Le minuteur os-update.timer n'est pas activé.".to_string());
            off_en.push("The os-update.timer timer is not enabled.".to_string());
        }
    }

    // YaST automatic online update.
    if on.is_none() {
        let settings: Vec<&ConfFile> = z.online_update.value().into_iter().collect();
        let enabled = shell_var(&settings, "AOU_ENABLE_CRONJOB");
        if let Some((path, value, line)) = enabled {
            evidence.push(EvidenceItem::new(
                path,
                Some(line),
                Some("AOU_ENABLE_CRONJOB"),
                value,
            ));
        }
        let categories = shell_var(&settings, "AOU_PATCH_CATEGORIES");
        if let Some((path, value, line)) = categories {
            evidence.push(EvidenceItem::new(
                path,
                Some(line),
                Some("AOU_PATCH_CATEGORIES"),
                value,
            ));
        }
        for job in &z.cron_jobs {
            evidence.push(EvidenceItem::new(
                job.clone(),
                None,
                None,
                "tâche cron / cron job",
            ));
        }
        let frequent = z.cron_jobs.iter().any(|j| !j.contains("/cron.monthly/"));
        let security_included = categories
            .map(|(_, v, _)| v.trim().is_empty() || v.split_whitespace().any(|c| c == "security"))
            .unwrap_or(true);
        if !z.cron_jobs.is_empty() || enabled.is_some_and(|e| e.1 == "true") {
            if enabled.is_some_and(|e| e.1 == "true") && frequent && security_included {
                on = Some((
                    "La mise à jour automatique en ligne de YaST applique les correctifs"
                        .to_string(),
                    "YaST's automatic online update applies patches".to_string(),
                ));
            } else if z.cron_jobs.is_empty() || enabled.is_none_or(|e| e.1 != "true") {
                off_fr.push("La mise à jour automatique en ligne de YaST n'est pas activée (AOU_ENABLE_CRONJOB et tâche cron).".to_string());
                off_en.push("YaST's automatic online update is not enabled (AOU_ENABLE_CRONJOB and cron job).".to_string());
            } else if !frequent {
                off_fr.push("La mise à jour automatique en ligne de YaST ne passe qu'une fois par mois : trop rare pour des correctifs de sécurité.".to_string());
                off_en.push("YaST's automatic online update runs only monthly: too rarely for security fixes.".to_string());
            } else {
                off_fr.push(
                    "La mise à jour automatique en ligne de YaST exclut la catégorie « security »."
                        .to_string(),
                );
                off_en.push(
                    "YaST's automatic online update excludes the \"security\" category."
                        .to_string(),
                );
            }
        }
    }
    let auto = match on {
        Some((fr, en)) => Auto::On { fr, en },
        None if off_fr.is_empty() => Auto::Off {
            fr: "Aucune mise à jour automatique n'est en place (ni os-update, ni la mise à jour automatique en ligne de YaST).".into(),
            en: "No automatic update is set up (neither os-update nor YaST's automatic online update).".into(),
        },
        None => Auto::Off {
            fr: off_fr.join(" "),
            en: off_en.join(" "),
        },
    };
    let last_run = match &auto {
        Auto::On { .. } if timer.is_some_and(|u| u.enabled()) => z.stamps.first().map(|s| {
            (
                s,
                "dernier déclenchement d'os-update / last os-update trigger",
            )
        }),
        _ => None,
    };
    Judged {
        tool: ("zypper", "zypper"),
        native: false,
        auto,
        last_run,
        lists: z.cache.clone(),
        pending: &z.pending,
        evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_as_apt_systemd_daily_reads_them() {
        assert_eq!(interval_on("1"), Some(true));
        assert_eq!(interval_on("0"), Some(false));
        assert_eq!(interval_on("always"), Some(true));
        assert_eq!(interval_on("12h"), Some(true));
        assert_eq!(interval_on("0d"), Some(false));
        assert_eq!(interval_on("yes"), None);
    }

    #[test]
    fn origin_patterns_matching_everything() {
        assert!(matches_all("origin=*"));
        assert!(matches_all("o=*,a=*"));
        assert!(!matches_all("origin=Debian,codename=${distro_codename}"));
        assert!(!matches_all("${distro_id}:${distro_codename}"));
    }
}
