//! The effective screen lock of every (account, desktop) pair, shared by
//! 4.3.2.a and 4.3.2.c.
//!
//! For each session a display manager offers and each human account, the
//! settings that desktop really uses:
//! - GNOME, Cinnamon, MATE: dconf as its engine reads it (`dconf-engine.c`):
//!   the profile's sources in order, the user database first unless a
//!   later system database locks the key; a value of the wrong type is
//!   ignored by GSettings; without a value, the schema default changed by
//!   vendor overrides (`[schema:DESKTOP]` ones first when the session's
//!   `DesktopNames` names it). GNOME (gsettings-desktop-schemas) and
//!   Cinnamon (cinnamon-desktop): `idle-delay` in seconds, 0 = never;
//!   `lock-enabled`; `lock-delay`, seconds between the screen blanking and
//!   the lock; `lockdown disable-lock-screen`. MATE: `org.mate.session
//!   idle-delay` in minutes (mate-session-manager), `org.mate.screensaver
//!   idle-activation-enabled`, `lock-enabled`, `lock-delay` in minutes.
//! - KDE Plasma (`kscreenlockersettings.kcfg`): `[Daemon]` `Autolock`
//!   (default true), `Timeout` in minutes (default 5), `LockGrace` in
//!   seconds during which the lock goes away without a password (default 5,
//!   kept within 0–300 by ksld), `LockOnResume` (default true),
//!   `RequirePassword` (default true); `/etc/xdg/kscreenlockerrc` then
//!   `~/.config/kscreenlockerrc`, except what the system file marks `[$i]`.
//! - Xfce with xfce4-screensaver (`gs-prefs.h`): `/saver/enabled`,
//!   `/saver/idle-activation/enabled`, `/saver/idle-activation/delay` in
//!   minutes (default 5), `/lock/enabled`, `/lock/saver-activation/enabled`,
//!   `/lock/saver-activation/delay` in minutes (default 0); the user's
//!   channel file wins unless the system one locks the property.

use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::linux::desktop::dconf::{DconfSourceKind, DconfValues, SchemaKey};
use vigie_evidence::linux::desktop::gvdb::GValue;
use vigie_evidence::linux::desktop::ini::IniFile;
use vigie_evidence::linux::desktop::xfconf::XfconfChannel;
use vigie_evidence::linux::desktop::{
    DconfSystem, DesktopEvidence, DesktopFamily, DesktopUser, SessionFile,
};
use vigie_evidence::Collected;

/// What is known of one (account, desktop) pair.
pub(crate) struct Pair {
    /// "alice", or a label for the settings any new account gets.
    pub user: String,
    /// The session's name ("GNOME", "Plasma (Wayland)").
    pub desktop: String,
    pub state: PairState,
    pub evidence: Vec<EvidenceItem>,
}

impl Pair {
    pub fn label(&self) -> String {
        format!("{} / {}", self.user, self.desktop)
    }
}

pub(crate) enum PairState {
    Known(LockFacts),
    Unknown(Unknown),
}

/// Why a value cannot be established.
#[derive(Clone)]
pub(crate) struct Unknown {
    pub fr: String,
    pub en: String,
    pub privileges: bool,
}

impl Unknown {
    fn new(fr: impl Into<String>, en: impl Into<String>) -> Self {
        Unknown {
            fr: fr.into(),
            en: en.into(),
            privileges: false,
        }
    }
    /// From a source that could not be read.
    fn unread<T>(what_fr: &str, what_en: &str, c: &Collected<T>) -> Self {
        let privileges = c.permission_denied();
        let (src, why) = match c {
            Collected::Unreadable { source, error } => (source.clone(), error.clone()),
            Collected::Missing { source } => (source.clone(), "absent / missing".into()),
            Collected::NotCollected { reason } => (String::new(), reason.clone()),
            Collected::Ok { source, .. } => (source.clone(), String::new()),
        };
        let fr_extra = if privileges {
            " (droits d'administrateur nécessaires)"
        } else {
            ""
        };
        let en_extra = if privileges {
            " (administrator rights needed)"
        } else {
            ""
        };
        Unknown {
            fr: format!("{what_fr} illisible ({src} : {why}){fr_extra}"),
            en: format!("{what_en} unreadable ({src}: {why}){en_extra}"),
            privileges,
        }
    }
}

/// The screen lock as a desktop applies it.
pub(crate) struct LockFacts {
    /// Seconds of inactivity before the screen saver or lock starts;
    /// `None` when it never starts by itself.
    pub activation: Option<u64>,
    /// Why it never starts (FR, EN), when `activation` is `None`.
    pub no_activation: (String, String),
    /// Whether it locks at all; else why not (FR, EN).
    pub locks: Result<(), (String, String)>,
    /// Seconds after it starts during which it goes away without a password.
    pub grace: u64,
    /// The setting that gives `grace`.
    pub grace_setting: String,
    /// KDE: locks when waking from sleep.
    pub lock_on_resume: bool,
    /// KDE: the password is asked to unlock.
    pub requires_password: bool,
}

impl LockFacts {
    /// Seconds of inactivity until a password is needed; `None` if never.
    pub fn password_after(&self) -> Option<u64> {
        match (self.activation, &self.locks) {
            (Some(a), Ok(())) => Some(a + self.grace),
            _ => None,
        }
    }
}

/// A duration as a person reads it ("30 min", "1 h 5 min", "45 s").
pub(crate) fn duration(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    if m > 0 {
        parts.push(format!("{m} min"));
    }
    if s > 0 || parts.is_empty() {
        parts.push(format!("{s} s"));
    }
    parts.join(" ")
}

/// The (French, English) lines of each pair, sorted by how it was judged.
#[derive(Default)]
pub(crate) struct Tally {
    pub fails: Vec<(String, String)>,
    pub unknowns: Vec<(String, String)>,
    pub passes: Vec<(String, String)>,
    /// Some unknown comes from a permission problem.
    pub privileges: bool,
    pub evidence: Vec<EvidenceItem>,
}

impl Tally {
    /// The verdict over every pair, the worst one first: any failure fails,
    /// else any unknown is unknown, else it passes. Each heading is a
    /// (French, English) sentence start, followed by the list of the pairs
    /// it speaks of.
    pub fn finding(self, fail: (&str, &str), unknown: (&str, &str), pass: (&str, &str)) -> Finding {
        let join = |v: &[(String, String)], fr: bool| {
            v.iter()
                .map(|(f, e)| if fr { f.as_str() } else { e.as_str() })
                .collect::<Vec<_>>()
                .join(" ; ")
        };
        let say = |(fr, en): (&str, &str), v: &[(String, String)]| {
            (
                format!("{fr} : {}.", join(v, true)),
                format!("{en}: {}.", join(v, false)),
            )
        };
        if !self.fails.is_empty() {
            let (fr, en) = say(fail, &self.fails);
            return Finding::fail(fr, en).with(self.evidence);
        }
        if !self.unknowns.is_empty() {
            let (fr, en) = say(unknown, &self.unknowns);
            let f = Finding::unknown(fr, en).with(self.evidence);
            return if self.privileges {
                f.needs_privileges()
            } else {
                f
            };
        }
        let (fr, en) = say(pass, &self.passes);
        Finding::pass(fr, en).with(self.evidence)
    }
}

/// The pairs to judge, or the finding when there are none: no graphical
/// session at all (`not_applicable`), or tables that could not be read.
pub(crate) fn pairs<'a>(ctx: &Context<'a>) -> Result<(Vec<Pair>, &'a DesktopEvidence), Finding> {
    let linux = super::linux(ctx)?;
    let desktop = &linux.desktop;
    let sessions = match &desktop.sessions {
        Collected::Ok { value, .. } => value,
        other => {
            let u = Unknown::unread(
                "Liste des sessions graphiques",
                "List of graphical sessions",
                other,
            );
            return Err(unknown_finding(u, Vec::new()));
        }
    };
    let offered: Vec<&SessionFile> = sessions.iter().filter(|s| !s.hidden).collect();
    if offered.is_empty() {
        let installed: Vec<String> = desktop
            .display_managers
            .value()
            .map(|units| {
                units
                    .iter()
                    .filter(|u| u.file.is_some() && !u.masked)
                    .map(|u| u.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        if !installed.is_empty() {
            return Err(Finding::unknown(
                format!("Un gestionnaire de connexion graphique est installé ({}) mais aucune session de bureau n'a été trouvée : impossible de savoir quel bureau s'ouvre.", installed.join(", ")),
                format!("A graphical login manager is installed ({}) but no desktop session was found: which desktop opens cannot be told.", installed.join(", ")),
            )
            .with([EvidenceItem::new(
                vigie_evidence::linux::desktop::SESSION_DIRS.join(", "),
                None,
                None,
                "aucune session / no session",
            )]));
        }
        return Err(Finding::not_applicable(
            "Aucune session graphique n'est installée sur ce poste : pas d'écran de veille à verrouiller.",
            "No graphical session is installed on this machine: there is no screen saver to lock.",
        )
        .with([EvidenceItem::new(
            vigie_evidence::linux::desktop::SESSION_DIRS.join(", "),
            None,
            None,
            "aucune session / no session",
        )]));
    }
    // One row per distinct desktop (sessions of the same desktop and
    // desktop names read the same settings).
    let mut distinct: Vec<&SessionFile> = Vec::new();
    for s in offered {
        if !distinct
            .iter()
            .any(|d| d.family == s.family && d.desktop_names == s.desktop_names)
        {
            distinct.push(s);
        }
    }
    let users: Vec<Option<&DesktopUser>> = match &desktop.users {
        Collected::Ok { value, .. } if value.is_empty() => vec![None],
        Collected::Ok { value, .. } => value.iter().map(Some).collect(),
        other => {
            let u = Unknown::unread("Liste des comptes", "Account list", other);
            return Err(unknown_finding(u, Vec::new()));
        }
    };
    let mut out = Vec::new();
    for user in &users {
        for session in &distinct {
            out.push(pair(desktop, *user, session));
        }
    }
    Ok((out, desktop))
}

fn unknown_finding(u: Unknown, evidence: Vec<EvidenceItem>) -> Finding {
    let f = Finding::unknown(u.fr, u.en).with(evidence);
    if u.privileges {
        f.needs_privileges()
    } else {
        f
    }
}

fn pair(desktop: &DesktopEvidence, user: Option<&DesktopUser>, session: &SessionFile) -> Pair {
    let user_label = user
        .map(|u| u.name.clone())
        .unwrap_or_else(|| "(tout nouveau compte / any new account)".to_string());
    let label = format!("{user_label} / {}", session.label());
    let mut evidence = Vec::new();
    let state = match session.family {
        DesktopFamily::Gnome | DesktopFamily::Cinnamon | DesktopFamily::Mate => {
            match &desktop.dconf {
                Some(system) => dconf_pair(system, user, session, &label, &mut evidence),
                None => Err(Unknown::new(
                    "réglages dconf non collectés",
                    "dconf settings not collected",
                )),
            }
        }
        DesktopFamily::Kde => kde_pair(desktop.kde.as_ref(), user, &label, &mut evidence),
        DesktopFamily::Xfce => xfce_pair(desktop, user, &label, &mut evidence),
        DesktopFamily::Other => {
            evidence.push(EvidenceItem::new(
                session.path.clone(),
                None,
                Some("DesktopNames"),
                session.desktop_names.join(";"),
            ));
            Err(Unknown::new(
                format!(
                    "Vigie ne sait pas lire le verrouillage d'écran du bureau « {} »",
                    session.label()
                ),
                format!(
                    "Vigie cannot read the screen lock settings of the \"{}\" desktop",
                    session.label()
                ),
            ))
        }
    };
    Pair {
        user: user_label,
        desktop: session.label(),
        state: match state {
            Ok(f) => PairState::Known(f),
            Err(u) => PairState::Unknown(u),
        },
        evidence,
    }
}

// ---------------------------------------------------------------- dconf

/// A value and where it came from.
struct Resolved {
    value: GValue,
    source: String,
    line: Option<u32>,
    how: &'static str,
}

fn dconf_pair(
    system: &DconfSystem,
    user: Option<&DesktopUser>,
    session: &SessionFile,
    label: &str,
    evidence: &mut Vec<EvidenceItem>,
) -> Result<LockFacts, Unknown> {
    let (idle_schema, saver_schema, lockdown_schema, minutes) = match session.family {
        DesktopFamily::Gnome => (
            "org.gnome.desktop.session",
            "org.gnome.desktop.screensaver",
            "org.gnome.desktop.lockdown",
            false,
        ),
        DesktopFamily::Cinnamon => (
            "org.cinnamon.desktop.session",
            "org.cinnamon.desktop.screensaver",
            "org.cinnamon.desktop.lockdown",
            false,
        ),
        _ => (
            "org.mate.session",
            "org.mate.screensaver",
            "org.mate.lockdown",
            true,
        ),
    };
    let mut get = |schema: &str, key: &str| -> Result<GValue, Unknown> {
        let r = resolve(system, user, session, schema, key, label, evidence)?;
        evidence.push(EvidenceItem::new(
            r.source,
            r.line,
            Some(&format!("{label} : {schema} {key}")),
            format!("{} ({})", r.value.text(), r.how),
        ));
        Ok(r.value)
    };
    let int = |v: &GValue, what: &str| {
        v.as_i128().ok_or_else(|| {
            Unknown::new(
                format!("{what} n'est pas un nombre"),
                format!("{what} is not a number"),
            )
        })
    };
    let boolean = |v: &GValue, what: &str| {
        v.as_bool().ok_or_else(|| {
            Unknown::new(
                format!("{what} n'est pas un booléen"),
                format!("{what} is not a boolean"),
            )
        })
    };
    let unit = if minutes { 60 } else { 1 };
    let idle = int(&get(idle_schema, "idle-delay")?, "idle-delay")?;
    let idle_activation = if minutes {
        boolean(
            &get(saver_schema, "idle-activation-enabled")?,
            "idle-activation-enabled",
        )?
    } else {
        true
    };
    let lock_enabled = boolean(&get(saver_schema, "lock-enabled")?, "lock-enabled")?;
    let lock_delay = int(&get(saver_schema, "lock-delay")?, "lock-delay")?;
    let disabled = boolean(
        &get(lockdown_schema, "disable-lock-screen")?,
        "disable-lock-screen",
    )?;
    let activation = (idle > 0 && idle_activation).then(|| (idle as u64).saturating_mul(unit));
    let no_activation = if !idle_activation {
        (
            format!("{saver_schema} idle-activation-enabled = false"),
            format!("{saver_schema} idle-activation-enabled = false"),
        )
    } else {
        (
            format!("{idle_schema} idle-delay = 0 (jamais)"),
            format!("{idle_schema} idle-delay = 0 (never)"),
        )
    };
    let locks = if disabled {
        Err((
            format!("verrouillage interdit ({lockdown_schema} disable-lock-screen = true)"),
            format!("locking forbidden ({lockdown_schema} disable-lock-screen = true)"),
        ))
    } else if !lock_enabled {
        Err((
            format!("l'écran s'éteint sans se verrouiller ({saver_schema} lock-enabled = false)"),
            format!("the screen blanks without locking ({saver_schema} lock-enabled = false)"),
        ))
    } else {
        Ok(())
    };
    Ok(LockFacts {
        activation,
        no_activation,
        locks,
        grace: (lock_delay.max(0) as u64).saturating_mul(unit),
        grace_setting: format!("{saver_schema} lock-delay"),
        lock_on_resume: true,
        requires_password: true,
    })
}

/// The value GSettings gets for `schema key`, as dconf and the schema give it.
fn resolve(
    system: &DconfSystem,
    user: Option<&DesktopUser>,
    session: &SessionFile,
    schema: &str,
    key: &str,
    label: &str,
    notes: &mut Vec<EvidenceItem>,
) -> Result<Resolved, Unknown> {
    let skey = system.schema_key(schema, key).ok_or_else(|| {
        Unknown::new(
            format!("clé {schema} {key} non collectée"),
            format!("key {schema} {key} not collected"),
        )
    })?;
    let dkey = skey.dconf_key();
    let schema_type = skey.default.value().map(|d| d.type_string.clone());

    // The profile: a per-user one replaces the `user` profile.
    let profile_c = user
        .and_then(|u| u.dconf_profile.as_ref())
        .unwrap_or(&system.profile);
    let default_profile = [(DconfSourceKind::UserDb, "user".to_string())];
    let sources: Vec<(DconfSourceKind, String)> = match profile_c {
        Collected::Ok { value, .. } => value
            .sources
            .iter()
            .map(|s| (s.kind, s.name.clone()))
            .collect(),
        Collected::Missing { .. } => default_profile.to_vec(),
        other => return Err(Unknown::unread("Profil dconf", "dconf profile", other)),
    };
    let system_values = |i: usize| -> Result<Option<(&DconfValues, String)>, Unknown> {
        let (kind, name) = &sources[i];
        let Some(db) = system.database(*kind, name) else {
            return Err(Unknown::new(
                format!("base dconf {name} non collectée"),
                format!("dconf database {name} not collected"),
            ));
        };
        match &db.compiled {
            Collected::Ok { value, source } => Ok(Some((value, source.clone()))),
            // A missing compiled database is empty for dconf.
            Collected::Missing { .. } => Ok(None),
            other => Err(Unknown::unread(
                "Base dconf du système",
                "System dconf database",
                other,
            )),
        }
    };
    let is_system =
        |k: DconfSourceKind| matches!(k, DconfSourceKind::SystemDb | DconfSourceKind::FileDb);

    // Step 1: the last system source locking the key (not the first source).
    let mut lock_level = 0;
    for i in (1..sources.len()).rev() {
        if is_system(sources[i].0) {
            if let Some((v, _)) = system_values(i)? {
                if v.locks(&dkey) {
                    lock_level = i;
                    break;
                }
            }
        }
    }
    let writable = sources
        .first()
        .is_some_and(|s| matches!(s.0, DconfSourceKind::UserDb | DconfSourceKind::ServiceDb));
    let user_value = |name: &str| -> Result<Option<Resolved>, Unknown> {
        let Some(u) = user else {
            return Ok(None);
        };
        if name != "user" {
            return Err(Unknown::new(
                format!("base dconf utilisateur « {name} » non lue"),
                format!("user dconf database \"{name}\" not read"),
            ));
        }
        match &u.dconf {
            Some(Collected::Ok { value, source }) => Ok(value.get(&dkey).map(|v| Resolved {
                value: v.clone(),
                source: source.clone(),
                line: None,
                how: "base de l'utilisateur / user database",
            })),
            Some(Collected::Missing { .. }) | None => Ok(None),
            Some(other) => Err(Unknown::unread(
                &format!("Base dconf de {}", u.name),
                &format!("dconf database of {}", u.name),
                other,
            )),
        }
    };

    let mut found: Option<Resolved> = None;
    let mut start = if lock_level > 0 { lock_level } else { 0 };
    if lock_level == 0 && writable {
        match &sources[0] {
            (DconfSourceKind::UserDb, name) => found = user_value(name)?,
            _ => {
                return Err(Unknown::new(
                    "base dconf « service-db » non lue par Vigie",
                    "\"service-db\" dconf database not read by Vigie",
                ))
            }
        }
        start = 1;
    } else if lock_level > 0 {
        // Say so when the user's own value is hidden by the lock.
        if let Some((DconfSourceKind::UserDb, name)) = sources.first() {
            if let Ok(Some(r)) = user_value(name) {
                notes.push(EvidenceItem::new(
                    r.source,
                    None,
                    Some(&format!("{label} : {schema} {key}")),
                    format!(
                        "{} ignorée : clé verrouillée par la base {} / ignored: key locked by database {}",
                        r.value.text(),
                        sources[lock_level].1,
                        sources[lock_level].1
                    ),
                ));
            }
        }
    }
    if found.is_none() {
        for (i, (kind, name)) in sources.iter().enumerate().skip(start) {
            if is_system(*kind) {
                if let Some((v, source)) = system_values(i)? {
                    if let Some(value) = v.get(&dkey) {
                        found = Some(Resolved {
                            value: value.clone(),
                            source,
                            line: None,
                            how: if i == lock_level && lock_level > 0 {
                                "base du système, verrouillée / system database, locked"
                            } else {
                                "base du système / system database"
                            },
                        });
                        break;
                    }
                }
            } else if *kind == DconfSourceKind::UserDb {
                if let Some(r) = user_value(name)? {
                    found = Some(r);
                    break;
                }
            } else {
                return Err(Unknown::new(
                    "base dconf « service-db » non lue par Vigie",
                    "\"service-db\" dconf database not read by Vigie",
                ));
            }
        }
    }
    stale_keyfiles(system, &sources, &dkey, label, schema, key, notes);

    if let Some(mut r) = found {
        match &schema_type {
            Some(t) if t != r.value.type_string() => {
                // GSettings ignores a value of the wrong type.
                notes.push(EvidenceItem::new(
                    r.source.clone(),
                    None,
                    Some(&format!("{label} : {schema} {key}")),
                    format!(
                        "{} ignorée : type attendu « {t} » / ignored: expected type \"{t}\"",
                        r.value.text()
                    ),
                ));
            }
            _ => {
                let compiled = r.source.clone();
                cite_keyfile(system, &compiled, &dkey, &mut r);
                return Ok(r);
            }
        }
    }
    schema_default(skey, session)
}

/// The keyfile line a compiled system value came from, when it matches.
fn cite_keyfile(system: &DconfSystem, compiled: &str, dkey: &str, r: &mut Resolved) {
    let Some(db) = system
        .databases
        .iter()
        .find(|d| d.compiled.source() == Some(compiled))
    else {
        return;
    };
    if let Some((file, line, value)) = keyfile_value(db, dkey) {
        if value.as_ref() == Some(&r.value) {
            r.source = file;
            r.line = Some(line);
        }
    }
}

/// The last keyfile entry for `dkey` in a database's `.d` directory.
fn keyfile_value(
    db: &vigie_evidence::linux::desktop::dconf::DconfDatabase,
    dkey: &str,
) -> Option<(String, u32, Option<GValue>)> {
    db.keyfiles
        .iter()
        .filter_map(|k| k.value())
        .flat_map(|k| {
            k.entries
                .iter()
                .filter(|e| e.key == dkey)
                .map(move |e| (k.path.clone(), e.line, e.value.clone()))
        })
        .last()
}

/// Keyfiles or locks that `dconf update` has not compiled: they have no
/// effect, which the report must say.
fn stale_keyfiles(
    system: &DconfSystem,
    sources: &[(DconfSourceKind, String)],
    dkey: &str,
    label: &str,
    schema: &str,
    key: &str,
    notes: &mut Vec<EvidenceItem>,
) {
    for (kind, name) in sources {
        let Some(db) = system.database(*kind, name) else {
            continue;
        };
        let compiled = match &db.compiled {
            Collected::Ok { value, .. } => Some(value),
            Collected::Missing { .. } => None,
            _ => continue,
        };
        if let Some((file, line, value)) = keyfile_value(db, dkey) {
            if compiled.and_then(|c| c.get(dkey)) != value.as_ref() {
                notes.push(EvidenceItem::new(
                    file,
                    Some(line),
                    Some(&format!("{label} : {schema} {key}")),
                    format!(
                        "{} sans effet : « dconf update » n'a pas été relancé (la base compilée {DB}/{name} ne le contient pas) / no effect: \"dconf update\" was not run (compiled database {DB}/{name} lacks it)",
                        value.map(|v| v.text()).unwrap_or_else(|| "?".into()),
                        DB = vigie_evidence::linux::desktop::dconf::DB_DIR,
                    ),
                ));
            }
        }
        let lock_line = db
            .lockfiles
            .iter()
            .filter_map(|l| l.value())
            .flat_map(|l| {
                l.locks
                    .iter()
                    .filter(|e| e.key == dkey)
                    .map(move |e| (l.path.clone(), e.line))
            })
            .last();
        if let Some((file, line)) = lock_line {
            if !compiled.is_some_and(|c| c.locks(dkey)) {
                notes.push(EvidenceItem::new(
                    file,
                    Some(line),
                    Some(&format!("{label} : {schema} {key}")),
                    "verrou sans effet : « dconf update » n'a pas été relancé / lock has no effect: \"dconf update\" was not run",
                ));
            }
        }
    }
}

/// The schema's default as compiled: a vendor override for one of the
/// session's desktop names first, then the last general override, then the
/// XML default.
fn schema_default(skey: &SchemaKey, session: &SessionFile) -> Result<Resolved, Unknown> {
    for name in &session.desktop_names {
        if let Some(o) = skey
            .overrides
            .iter()
            .rev()
            .find(|o| o.desktop.as_deref() == Some(name.as_str()) && o.value.is_some())
        {
            if let Some(v) = &o.value {
                return Ok(Resolved {
                    value: v.clone(),
                    source: o.file.clone(),
                    line: Some(o.line),
                    how: "défaut du fournisseur pour ce bureau / vendor default for this desktop",
                });
            }
        }
    }
    if let Some(o) = skey
        .overrides
        .iter()
        .rev()
        .find(|o| o.desktop.is_none() && o.value.is_some())
    {
        if let Some(v) = &o.value {
            return Ok(Resolved {
                value: v.clone(),
                source: o.file.clone(),
                line: Some(o.line),
                how: "défaut du fournisseur / vendor default",
            });
        }
    }
    match &skey.default {
        Collected::Ok { value, source } => match &value.value {
            Some(v) => Ok(Resolved {
                value: v.clone(),
                source: source.clone(),
                line: Some(value.line),
                how: "défaut du schéma / schema default",
            }),
            None => Err(Unknown::new(
                format!(
                    "défaut illisible de {} {} ({})",
                    skey.schema, skey.key, value.text
                ),
                format!(
                    "unreadable default of {} {} ({})",
                    skey.schema, skey.key, value.text
                ),
            )),
        },
        Collected::Missing { source } => Err(Unknown::new(
            format!(
                "schéma {} introuvable ou sans clé {} ({source}) : le bureau n'est peut-être pas complètement installé",
                skey.schema, skey.key
            ),
            format!(
                "schema {} not found or without key {} ({source}): the desktop may not be fully installed",
                skey.schema, skey.key
            ),
        )),
        other => Err(Unknown::unread("Schéma GSettings", "GSettings schema", other)),
    }
}

/// A desktop's system-wide settings file: `None` when absent (defaults
/// apply), unknown when unreadable or not collected. `desktop` names it
/// ("KDE", "Xfce").
fn system_settings<'a, T>(
    system: Option<&'a Collected<T>>,
    desktop: &str,
) -> Result<Option<&'a T>, Unknown> {
    match system {
        Some(Collected::Ok { value, .. }) => Ok(Some(value)),
        Some(Collected::Missing { .. }) => Ok(None),
        Some(other) => Err(Unknown::unread(
            &format!("Réglages {desktop} du système"),
            &format!("System {desktop} settings"),
            other,
        )),
        None => Err(Unknown::new(
            format!("réglages {desktop} non collectés"),
            format!("{desktop} settings not collected"),
        )),
    }
}

/// The account's own settings file for a desktop (`file` picks it): `None`
/// for the settings any new account gets or when absent, unknown when
/// unreadable or not collected.
fn user_settings<'a, T>(
    user: Option<&'a DesktopUser>,
    file: impl Fn(&'a DesktopUser) -> Option<&'a Collected<T>>,
    desktop: &str,
) -> Result<Option<&'a T>, Unknown> {
    let Some(u) = user else {
        return Ok(None);
    };
    match file(u) {
        Some(Collected::Ok { value, .. }) => Ok(Some(value)),
        Some(Collected::Missing { .. }) => Ok(None),
        Some(other) => Err(Unknown::unread(
            &format!("Réglages {desktop} de {}", u.name),
            &format!("{desktop} settings of {}", u.name),
            other,
        )),
        None => Err(Unknown::new(
            format!("réglages {desktop} de l'utilisateur non collectés"),
            format!("user {desktop} settings not collected"),
        )),
    }
}

// ---------------------------------------------------------------- KDE

fn kde_pair(
    system: Option<&Collected<IniFile>>,
    user: Option<&DesktopUser>,
    label: &str,
    evidence: &mut Vec<EvidenceItem>,
) -> Result<LockFacts, Unknown> {
    let system = system_settings(system, "KDE")?;
    let user_file = user_settings(user, |u| u.kde.as_ref(), "KDE")?;
    // KConfig cascade: the user's file wins unless the system file, its
    // [Daemon] group or the entry is immutable.
    let mut get = |key: &str, default: &str| -> String {
        let sys_entry = system.and_then(|s| s.get("Daemon", key));
        let locked = system.is_some_and(|s| {
            s.immutable
                || s.immutable_groups.iter().any(|g| g == "Daemon")
                || sys_entry.is_some_and(|e| e.immutable)
        });
        let user_entry = if locked {
            None
        } else {
            user_file.and_then(|u| u.get("Daemon", key))
        };
        let (source, line, value, how) = match (user_entry, sys_entry) {
            (Some(e), _) => (
                user_file.map(|u| u.path.clone()).unwrap_or_default(),
                Some(e.line),
                e.value.clone(),
                "réglage de l'utilisateur / user setting",
            ),
            (None, Some(e)) => (
                system.map(|s| s.path.clone()).unwrap_or_default(),
                Some(e.line),
                e.value.clone(),
                if locked {
                    "réglage du système, imposé ([$i]) / system setting, immutable ([$i])"
                } else {
                    "réglage du système / system setting"
                },
            ),
            (None, None) => (
                "kscreenlocker".to_string(),
                None,
                default.to_string(),
                "défaut / default",
            ),
        };
        evidence.push(EvidenceItem::new(
            source,
            line,
            Some(&format!("{label} : [Daemon] {key}")),
            format!("{value} ({how})"),
        ));
        value
    };
    // KConfig's reading of booleans and numbers; anything else is the default.
    let boolean = |v: &str, default: bool| match v.trim().to_ascii_lowercase().as_str() {
        "true" | "on" | "yes" | "1" => true,
        "false" | "off" | "no" | "0" => false,
        _ => default,
    };
    let autolock = boolean(&get("Autolock", "true"), true);
    let timeout: f64 = get("Timeout", "5").trim().parse().unwrap_or(5.0);
    let grace: i64 = get("LockGrace", "5").trim().parse().unwrap_or(5);
    let on_resume = boolean(&get("LockOnResume", "true"), true);
    let requires_password = boolean(&get("RequirePassword", "true"), true);
    let secs = (timeout * 60.0).round();
    let activation = (autolock && secs >= 1.0).then_some(secs as u64);
    Ok(LockFacts {
        activation,
        no_activation: if autolock {
            (
                format!("Timeout = {timeout} (jamais)"),
                format!("Timeout = {timeout} (never)"),
            )
        } else {
            (
                "verrouillage automatique désactivé (Autolock = false)".into(),
                "automatic lock turned off (Autolock = false)".into(),
            )
        },
        locks: Ok(()),
        grace: grace.clamp(0, 300) as u64,
        grace_setting: "LockGrace".into(),
        lock_on_resume: on_resume,
        requires_password,
    })
}

// ---------------------------------------------------------------- Xfce

fn xfce_pair(
    desktop: &DesktopEvidence,
    user: Option<&DesktopUser>,
    label: &str,
    evidence: &mut Vec<EvidenceItem>,
) -> Result<LockFacts, Unknown> {
    let Some(xfce) = &desktop.xfce else {
        return Err(Unknown::new(
            "réglages Xfce non collectés",
            "Xfce settings not collected",
        ));
    };
    if !xfce.lockers.iter().any(|l| l == "xfce4-screensaver") {
        evidence.push(EvidenceItem::new(
            "/usr/bin",
            None,
            Some(&format!("{label} : verrouilleur / locker")),
            if xfce.lockers.is_empty() {
                "aucun / none".to_string()
            } else {
                xfce.lockers.join(", ")
            },
        ));
        if xfce.lockers.is_empty() {
            return Ok(LockFacts {
                activation: None,
                no_activation: (
                    "aucun économiseur d'écran capable de verrouiller n'est installé (xfce4-screensaver, light-locker, xscreensaver)".into(),
                    "no screen saver able to lock is installed (xfce4-screensaver, light-locker, xscreensaver)".into(),
                ),
                locks: Err((
                    "aucun verrouilleur installé".into(),
                    "no locker installed".into(),
                )),
                grace: 0,
                grace_setting: String::new(),
                lock_on_resume: true,
                requires_password: true,
            });
        }
        return Err(Unknown::new(
            format!(
                "le verrouillage dépend de {} et de l'économiseur du serveur X, que Vigie ne lit pas",
                xfce.lockers.join(", ")
            ),
            format!(
                "locking depends on {} and the X server's screen saver, which Vigie does not read",
                xfce.lockers.join(", ")
            ),
        ));
    }
    let system = system_settings(Some(&xfce.channel), "Xfce")?;
    let user_channel: Option<&XfconfChannel> = user_settings(user, |u| u.xfce.as_ref(), "Xfce")?;
    let user_name = user.map(|u| u.name.as_str()).unwrap_or("");
    // xfconfd: `*` or the user's name in a system `locked` list locks it.
    let locks_user = |list: Option<&String>| {
        list.is_some_and(|l| {
            l.split(';')
                .map(str::trim)
                .any(|w| w == "*" || (!user_name.is_empty() && w == user_name))
        })
    };
    let mut get = |name: &str, default: &str| -> String {
        let sys_prop = system.and_then(|s| s.get(name));
        let locked = system.is_some_and(|s| locks_user(s.locked.as_ref()))
            || sys_prop.is_some_and(|p| locks_user(p.locked.as_ref()));
        let user_prop = if locked {
            None
        } else {
            user_channel.and_then(|c| c.get(name))
        };
        let (source, line, value, how) = match (user_prop, sys_prop) {
            (Some(p), _) if p.value.is_some() => (
                user_channel.map(|c| c.path.clone()).unwrap_or_default(),
                Some(p.line),
                p.value.clone().unwrap_or_default(),
                "réglage de l'utilisateur / user setting",
            ),
            (_, Some(p)) if p.value.is_some() => (
                system.map(|s| s.path.clone()).unwrap_or_default(),
                Some(p.line),
                p.value.clone().unwrap_or_default(),
                if locked {
                    "réglage du système, verrouillé / system setting, locked"
                } else {
                    "réglage du système / system setting"
                },
            ),
            _ => (
                "xfce4-screensaver".to_string(),
                None,
                default.to_string(),
                "défaut / default",
            ),
        };
        evidence.push(EvidenceItem::new(
            source,
            line,
            Some(&format!("{label} : xfce4-screensaver {name}")),
            format!("{value} ({how})"),
        ));
        value
    };
    let boolean = |v: &str, default: bool| match v.trim() {
        "true" => true,
        "false" => false,
        _ => default,
    };
    let saver = boolean(&get("/saver/enabled", "true"), true);
    let idle_on = boolean(&get("/saver/idle-activation/enabled", "true"), true);
    let delay: i64 = get("/saver/idle-activation/delay", "5")
        .trim()
        .parse()
        .unwrap_or(5);
    let lock = boolean(&get("/lock/enabled", "true"), true);
    let lock_with_saver = boolean(&get("/lock/saver-activation/enabled", "true"), true);
    let lock_delay: i64 = get("/lock/saver-activation/delay", "0")
        .trim()
        .parse()
        .unwrap_or(0);
    Ok(LockFacts {
        activation: (saver && idle_on && delay > 0).then(|| delay as u64 * 60),
        no_activation: if !saver {
            (
                "économiseur d'écran désactivé (/saver/enabled = false)".into(),
                "screen saver turned off (/saver/enabled = false)".into(),
            )
        } else if !idle_on {
            (
                "pas d'activation sur inactivité (/saver/idle-activation/enabled = false)".into(),
                "no activation when idle (/saver/idle-activation/enabled = false)".into(),
            )
        } else {
            (
                format!("délai d'inactivité {delay} (jamais)"),
                format!("idle delay {delay} (never)"),
            )
        },
        locks: if !lock {
            Err((
                "verrouillage désactivé (/lock/enabled = false)".into(),
                "locking turned off (/lock/enabled = false)".into(),
            ))
        } else if !lock_with_saver {
            Err((
                "l'économiseur ne verrouille pas (/lock/saver-activation/enabled = false)".into(),
                "the screen saver does not lock (/lock/saver-activation/enabled = false)".into(),
            ))
        } else {
            Ok(())
        },
        grace: lock_delay.max(0) as u64 * 60,
        grace_setting: "/lock/saver-activation/delay".into(),
        lock_on_resume: true,
        requires_password: true,
    })
}

// ---------------------------------------------------------- autologin

/// A display manager's automatic login, and whether that display manager
/// is the one in use.
pub(crate) struct Autologin {
    pub display_manager: String,
    /// "alice", or "guest" for LightDM's guest account.
    pub user: String,
    /// GDM timed login: after this many seconds at the login screen.
    pub delay: Option<String>,
    pub in_use: bool,
    pub evidence: Vec<EvidenceItem>,
}

/// The display manager in use (from `display-manager.service`), or the
/// candidates when that link is absent (enabled ones, else installed ones).
fn display_managers_in_use(desktop: &DesktopEvidence) -> Vec<&'static str> {
    let family = |unit: &str| -> Option<&'static str> {
        match unit.trim_end_matches(".service") {
            "gdm" | "gdm3" => Some("gdm"),
            "lightdm" => Some("lightdm"),
            "sddm" => Some("sddm"),
            _ => None,
        }
    };
    if let Some(target) = desktop.display_manager_link.value() {
        let name = target.rsplit('/').next().unwrap_or(target);
        return family(name).into_iter().collect();
    }
    let Some(units) = desktop.display_managers.value() else {
        return vec!["gdm", "lightdm", "sddm"];
    };
    let enabled: Vec<&'static str> = units
        .iter()
        .filter(|u| u.enabled())
        .filter_map(|u| family(&u.name))
        .collect();
    if !enabled.is_empty() {
        return enabled;
    }
    units
        .iter()
        .filter(|u| u.file.is_some() && !u.masked)
        .filter_map(|u| family(&u.name))
        .collect()
}

pub(crate) fn autologins(desktop: &DesktopEvidence) -> Vec<Autologin> {
    let in_use = display_managers_in_use(desktop);
    // GDM's `gdm_settings_parse_value_as_boolean` and GKeyFile: "true"
    // (any case) or "1"; anything else is not true.
    let truthy = |v: &str| v.trim().eq_ignore_ascii_case("true") || v.trim() == "1";
    let mut out = Vec::new();
    for dm in &desktop.autologin {
        // Later files and lines win.
        let last = |pred: &dyn Fn(&str, &str) -> bool| {
            dm.files
                .iter()
                .filter_map(|f| f.value())
                .flat_map(|f| f.entries.iter().map(move |e| (f.path.clone(), e)))
                .filter(|(_, e)| pred(&e.group, &e.key))
                .last()
        };
        let item = |(path, e): &(String, &vigie_evidence::linux::desktop::ini::IniEntry)| {
            EvidenceItem::new(path.clone(), Some(e.line), Some(&e.key), e.value.clone())
        };
        let active = in_use.contains(&dm.display_manager.as_str());
        match dm.display_manager.as_str() {
            "gdm" => {
                for (enable, who, delay) in [
                    ("AutomaticLoginEnable", "AutomaticLogin", None),
                    ("TimedLoginEnable", "TimedLogin", Some("TimedLoginDelay")),
                ] {
                    let en = last(&|_, k| k == enable);
                    let user = last(&|_, k| k == who);
                    if let (Some(en), Some(user)) = (en, user) {
                        if truthy(&en.1.value) && !user.1.value.trim().is_empty() {
                            let d = delay.and_then(|d| last(&|_, k| k == d));
                            let mut evidence = vec![item(&en), item(&user)];
                            if let Some(d) = &d {
                                evidence.push(item(d));
                            }
                            out.push(Autologin {
                                display_manager: "GDM".into(),
                                user: user.1.value.trim().to_string(),
                                delay: Some(
                                    d.map(|d| d.1.value.clone()).unwrap_or_else(|| "30".into()),
                                )
                                .filter(|_| delay.is_some()),
                                in_use: active,
                                evidence,
                            });
                        }
                    }
                }
            }
            "lightdm" => {
                if let Some(u) = last(&|_, k| k == "autologin-user") {
                    if !u.1.value.trim().is_empty() {
                        out.push(Autologin {
                            display_manager: "LightDM".into(),
                            user: u.1.value.trim().to_string(),
                            delay: None,
                            in_use: active,
                            evidence: vec![item(&u)],
                        });
                    }
                }
                if let Some(g) = last(&|_, k| k == "autologin-guest") {
                    if truthy(&g.1.value) {
                        out.push(Autologin {
                            display_manager: "LightDM".into(),
                            user: "guest".into(),
                            delay: None,
                            in_use: active,
                            evidence: vec![item(&g)],
                        });
                    }
                }
            }
            "sddm" => {
                if let Some(u) = last(&|g, k| g == "Autologin" && k == "User") {
                    if !u.1.value.trim().is_empty() {
                        out.push(Autologin {
                            display_manager: "SDDM".into(),
                            user: u.1.value.trim().to_string(),
                            delay: None,
                            in_use: active,
                            evidence: vec![item(&u)],
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations_read_plainly() {
        assert_eq!(duration(1800), "30 min");
        assert_eq!(duration(1805), "30 min 5 s");
        assert_eq!(duration(3900), "1 h 5 min");
        assert_eq!(duration(0), "0 s");
    }
}
