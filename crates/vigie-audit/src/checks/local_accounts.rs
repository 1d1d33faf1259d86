//! What the account checks (5.2.1.a, 5.2.1.b, 5.2.2.a, 5.3.3.a) share:
//! which local accounts are people's, whether they are enabled at the audit
//! date, whether a name is generic or marks an administrator account, and
//! who holds administrator rights.
//!
//! - A person's account ("human"): uid from `UID_MIN` to `UID_MAX`
//!   (login.defs, 1000–60000 by default), a login shell, a password that is
//!   not locked, and not disabled at the audit date as pam_unix judges it
//!   (`check_shadow_expiry`: expired when today ≥ shadow field 8; disabled
//!   when the password expired more than field 7 days ago).
//! - Names are compared in lower case without accents, cut into words at
//!   every character that is not a letter (`poste1` → `poste`,
//!   `cabinet-dupont` → `cabinet dupont`). A name is generic when all its
//!   words are generic words ([`PLACE_WORDS`], [`ROLE_WORDS`]), or when its
//!   first word names a place or a shared function ([`PLACE_WORDS`]:
//!   `cabinet-dupont`, `accueil2`, `poste-salle1`). A role followed by a
//!   name (`stagiaire-lea`, "Docteur Martin") is taken as nominative. Words
//!   glued together (`posteaccueil`) are not recognised: real surnames
//!   (Testard, Bureau as a last name) would otherwise be accused.
//! - An administrator account is recognisable by its name: an
//!   [`ADMIN_WORDS`] word alone (`admin`, `prestataire`) or as the first or
//!   last word (`admin-dupont`, `adm.dupont`, `dupont-admin`).
//! - Administrator rights: a sudo rule letting the account run any command
//!   (`ALL`, or a shell or `su`) as root, directly, through a `User_Alias`,
//!   or through a group (`%sudo`, `%#27`, primary group included); the last
//!   matching item of a user list decides (sudoers(5)); a later rule
//!   denying `!ALL` takes the rights back. Rules for other hosts are left
//!   out. Or a polkit administrator identity (the first admin rule, or the
//!   local authority's `AdminIdentities`): polkit administrators may run
//!   anything as root through `pkexec`. Rules limited to some commands are
//!   shown but not counted as administrator rights. When sudoers cannot be
//!   read (it is readable by root only), membership of `sudo`, `wheel` or
//!   `admin` is only a presumption and the rights are unknown.

use crate::{EvidenceItem, Finding};
use std::collections::BTreeSet;
use vigie_evidence::linux::accounts::is_login_shell;
use vigie_evidence::linux::users::{AliasKind, Group, Sudoers, UsersEvidence};
use vigie_evidence::{Account, AccountTable, Collected, LinuxEvidence, PasswordState};

/// Places and shared functions: a name starting with one is shared.
pub const PLACE_WORDS: &[&str] = &[
    "secretariat",
    "accueil",
    "cabinet",
    "standard",
    "reception",
    "bureau",
    "poste",
    "pc",
    "ordinateur",
    "ordi",
    "salle",
    "consultation",
    "officine",
    "pharmacie",
    "labo",
    "laboratoire",
    "centre",
    "maison",
    "msp",
    "commun",
    "partage",
    "shared",
    "public",
    "office",
    "frontdesk",
];
/// Roles: generic alone or with other generic words or numbers.
pub const ROLE_WORDS: &[&str] = &[
    "secretaire",
    "secretaires",
    "utilisateur",
    "utilisateurs",
    "usager",
    "invite",
    "invites",
    "guest",
    "stagiaire",
    "stagiaires",
    "interne",
    "remplacant",
    "remplacante",
    "remplacants",
    "remplacement",
    "assistant",
    "assistante",
    "assistants",
    "receptionniste",
    "admin",
    "administrateur",
    "administrator",
    "user",
    "users",
    "test",
    "tests",
    "demo",
    "medecin",
    "medecins",
    "docteur",
    "doctor",
    "infirmier",
    "infirmiere",
    "infirmiers",
    "kine",
    "kinesitherapeute",
    "dentiste",
    "pharmacien",
    "pharmacienne",
    "preparateur",
    "preparatrice",
    "sagefemme",
    "orthophoniste",
    "podologue",
    "osteopathe",
    "psychologue",
    "visiteur",
    "visitor",
    "staff",
    "personnel",
    "equipe",
    "temp",
    "tmp",
    "prestataire",
    "support",
    "maintenance",
    "informatique",
    "technicien",
];
/// Words that mark an administrator account.
pub const ADMIN_WORDS: &[&str] = &[
    "admin",
    "adm",
    "administrateur",
    "administrator",
    "sysadmin",
    "root",
    "superuser",
    "prestataire",
    "support",
    "maintenance",
    "informatique",
    "technicien",
];
/// Groups that conventionally hold sudo and polkit rights.
pub const ADMIN_GROUPS: &[&str] = &["sudo", "wheel", "admin"];

/// Lower case without accents (pure).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' | 'ì' => out.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ÿ' | 'ý' => out.push('y'),
            'ñ' => out.push('n'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            c => out.push(c),
        }
    }
    out
}

/// The words of a name: letters only, folded (pure).
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

fn is_generic_word(w: &str) -> bool {
    PLACE_WORDS.contains(&w) || ROLE_WORDS.contains(&w)
}

/// The generic word that makes a name generic, if any (pure).
pub fn generic_word(text: &str) -> Option<String> {
    let w = words(text);
    let first = w.first()?;
    if PLACE_WORDS.contains(&first.as_str()) || w.iter().all(|x| is_generic_word(x)) {
        return Some(first.clone());
    }
    None
}

/// Whether a login name marks an administrator account (pure).
pub fn admin_named(name: &str) -> bool {
    let w = words(name);
    match w.as_slice() {
        [] => false,
        [only] => ADMIN_WORDS.contains(&only.as_str()),
        [first, .., last] => {
            ADMIN_WORDS.contains(&first.as_str()) || ADMIN_WORDS.contains(&last.as_str())
        }
    }
}

/// Days since 1970-01-01 of the audit date.
pub fn epoch_days(date: time::Date) -> i64 {
    (date - time::macros::date!(1970 - 01 - 01)).whole_days()
}

/// Why pam_unix refuses the account at `today` (days since the epoch), if it does.
pub fn disabled(a: &Account, today: i64) -> Option<(String, String)> {
    if let Some(e) = a.expire_date {
        if today >= e {
            let d = date_text(e);
            return Some((
                format!("compte expiré le {d}"),
                format!("account expired on {d}"),
            ));
        }
    }
    if let (Some(l), Some(m), Some(i)) = (a.last_change, a.max_days, a.inactive_days) {
        if l != 0 && m >= 0 && i >= 0 && today - l > m + i && today - l > m && today - l > i {
            let d = date_text(l + m + i);
            return Some((
                format!("compte désactivé le {d} (mot de passe expiré sans être changé)"),
                format!("account disabled on {d} (password expired and not changed)"),
            ));
        }
    }
    None
}

/// A day count as an ISO date.
pub fn date_text(days: i64) -> String {
    let base = time::macros::date!(1970 - 01 - 01);
    base.checked_add(time::Duration::days(days))
        .map(|d| d.to_string())
        .unwrap_or_else(|| format!("jour {days}"))
}

/// A Unix time as an ISO date.
pub fn time_text(t: i64) -> String {
    date_text(t.div_euclid(86400))
}

pub fn describe<T>(c: &Collected<T>) -> String {
    match c {
        Collected::Ok { source, .. } => source.clone(),
        Collected::Missing { source } => format!("{source} : absent / missing"),
        Collected::Unreadable { source, error } => format!("{source} : {error}"),
        Collected::NotCollected { reason } => reason.clone(),
    }
}

/// The local accounts and which of them are people's, enabled at the audit date.
pub struct People<'a> {
    pub table: &'a AccountTable,
    /// Enabled human accounts.
    pub humans: Vec<&'a Account>,
    /// Human accounts disabled at the audit date, with why.
    pub disabled: Vec<(&'a Account, (String, String))>,
    pub root: Option<&'a Account>,
    pub range_evidence: Vec<EvidenceItem>,
}

impl<'a> People<'a> {
    pub fn new(linux: &'a LinuxEvidence, as_of: time::Date) -> Result<Self, Finding> {
        let table = match &linux.accounts {
            Collected::Ok { value, .. } => value,
            other => {
                return Err(Finding::unknown(
                    format!("Comptes locaux non lus ({}).", describe(other)),
                    format!("Local accounts not read ({}).", describe(other)),
                ))
            }
        };
        let min = super::linux_policy::login_defs(linux, "UID_MIN")?;
        let max = super::linux_policy::login_defs(linux, "UID_MAX")?;
        let mut range_evidence = Vec::new();
        range_evidence.extend(min.as_ref().map(|m| m.1.clone()));
        range_evidence.extend(max.as_ref().map(|m| m.1.clone()));
        let uid_min = min.and_then(|v| v.0).unwrap_or(1000);
        let uid_max = max.and_then(|v| v.0).unwrap_or(60000);
        let today = epoch_days(as_of);
        let mut humans = Vec::new();
        let mut off = Vec::new();
        for a in &table.accounts {
            let uid = i64::from(a.uid);
            if uid < uid_min || uid > uid_max || !is_login_shell(&a.shell) {
                continue;
            }
            if matches!(
                a.password,
                Some(PasswordState::Locked) | Some(PasswordState::NoShadowEntry)
            ) {
                continue;
            }
            match disabled(a, today) {
                Some(why) => off.push((a, why)),
                None => humans.push(a),
            }
        }
        Ok(People {
            table,
            humans,
            disabled: off,
            root: table.accounts.iter().find(|a| a.uid == 0),
            range_evidence,
        })
    }

    pub fn shadow_read(&self) -> bool {
        matches!(self.table.shadow, Collected::Ok { .. })
    }

    /// The shadow file's status as evidence, when it could not be read.
    pub fn shadow_evidence(&self) -> EvidenceItem {
        EvidenceItem::new(
            self.table.shadow.source().unwrap_or("/etc/shadow"),
            None,
            None,
            describe(&self.table.shadow),
        )
    }
}

/// An account as evidence: its passwd line, uid, shell and full name.
pub fn account_evidence(a: &Account) -> EvidenceItem {
    let mut value = format!("uid {}, {}", a.uid, a.shell);
    if let Some(n) = &a.full_name {
        value.push_str(&format!(", « {n} »"));
    }
    EvidenceItem::new("/etc/passwd", Some(a.line), Some(&a.name), value)
}

/// An account's administrator rights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    /// Proven: may run anything as root.
    Full,
    /// Some commands as root only.
    Restricted,
    /// Member of a conventional administrator group; the rules that would
    /// confirm it could not be read.
    Presumed,
    None,
    /// The rules could not be read.
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Rights {
    pub level: Level,
    pub evidence: Vec<EvidenceItem>,
    /// A full sudo rule without password.
    pub nopasswd: bool,
}

/// Who holds administrator rights, and what could not be read.
pub struct RightsView<'a> {
    users: &'a UsersEvidence,
    groups: Option<&'a [Group]>,
    sudo_known: bool,
    polkit_known: bool,
    polkit_identities: Vec<String>,
    polkit_evidence: Option<EvidenceItem>,
    host: Option<String>,
    /// Why the rules are not fully known (FR, EN), with the evidence.
    pub gaps: Vec<(String, String, EvidenceItem, bool)>,
}

impl<'a> RightsView<'a> {
    pub fn new(linux: &'a LinuxEvidence, host: Option<&str>) -> Self {
        let users = &linux.users;
        let mut gaps = Vec::new();
        let groups = match &users.groups {
            Collected::Ok { value, .. } => Some(value.as_slice()),
            _ => None,
        };
        let sudo_known = match &users.sudoers {
            Collected::Ok { value, .. } => match value.incomplete() {
                Some(f) => {
                    gaps.push(gap("/etc/sudoers.d", f));
                    false
                }
                None => true,
            },
            // No sudoers: sudo grants nothing.
            Collected::Missing { .. } => true,
            other => {
                gaps.push(gap("/etc/sudoers", other));
                false
            }
        };
        let polkit = &users.polkit;
        let mut polkit_known = true;
        for d in &polkit.dirs {
            if !matches!(d, Collected::Ok { .. }) {
                gaps.push(gap("polkit", d));
                polkit_known = false;
            }
        }
        // The first admin rule decides; the pkla compatibility rule defers
        // to the local authority, as polkit ≤ 0.105 does alone.
        let chosen = match polkit
            .admin_rules
            .iter()
            .find(|r| r.local_authority || !r.identities.is_empty())
        {
            Some(r) if !r.local_authority => Some(r),
            Some(_) => polkit.local_authority.last(),
            // No admin rule file: polkit ≤ 0.105 and its local authority.
            None if polkit.admin_rules.is_empty() => polkit.local_authority.last(),
            None => None,
        };
        let (polkit_identities, polkit_evidence) = match chosen {
            Some(r) => (
                r.identities.clone(),
                Some(EvidenceItem::new(
                    r.origin.file.clone(),
                    Some(r.origin.line),
                    Some("polkit AdminIdentities"),
                    r.identities.join(";"),
                )),
            ),
            None => (Vec::new(), None),
        };
        // Group membership matters only when a rule names a group.
        let sudo_groups = match &users.sudoers {
            Collected::Ok { value, .. } => {
                let is_group = |u: &String| u.trim_start_matches('!').trim().starts_with('%');
                value.rules.iter().any(|r| r.users.iter().any(is_group))
                    || value
                        .aliases
                        .iter()
                        .any(|a| a.kind == AliasKind::User && a.members.iter().any(is_group))
            }
            _ => false,
        };
        let polkit_groups = polkit_identities
            .iter()
            .any(|i| i.starts_with("unix-group:"));
        let groups_needed = sudo_groups || polkit_groups;
        if groups.is_none() && groups_needed {
            gaps.push(gap("/etc/group", &users.groups));
        }
        RightsView {
            users,
            groups,
            sudo_known: sudo_known && (groups.is_some() || !sudo_groups),
            polkit_known: polkit_known && (groups.is_some() || !polkit_groups),
            polkit_identities,
            polkit_evidence,
            host: host.map(|h| fold(h.split('.').next().unwrap_or(h))),
            gaps,
        }
    }

    /// Whether every rule was read: a "no rights" answer is then certain.
    pub fn complete(&self) -> bool {
        self.sudo_known && self.polkit_known
    }

    pub fn needs_privileges(&self) -> bool {
        self.gaps.iter().any(|g| g.3)
    }

    /// The groups the account belongs to (primary group included).
    fn member_of(&self, a: &Account) -> Vec<&'a Group> {
        self.groups
            .unwrap_or(&[])
            .iter()
            .filter(|g| g.gid == a.gid || g.members.iter().any(|m| m == &a.name))
            .collect()
    }

    pub fn rights(&self, a: &Account) -> Rights {
        let groups = self.member_of(a);
        let mut evidence = Vec::new();
        let mut full = false;
        let mut restricted = false;
        let mut nopasswd = false;
        if let Collected::Ok { value: sudoers, .. } = &self.users.sudoers {
            for rule in &sudoers.rules {
                if list_matches(sudoers, &rule.users, a, &groups, 0) != Some(true)
                    || !self.host_applies(&rule.hosts)
                {
                    continue;
                }
                let item = EvidenceItem::new(
                    rule.origin.file.clone(),
                    Some(rule.origin.line),
                    Some("sudoers"),
                    format!(
                        "{} {} = {}",
                        rule.users.join(","),
                        rule.hosts.join(","),
                        rule.commands
                            .iter()
                            .map(|c| {
                                let mut s = String::new();
                                if let Some(r) = &c.runas {
                                    s.push_str(&format!("({r}) "));
                                }
                                for t in &c.tags {
                                    s.push_str(&format!("{t}: "));
                                }
                                s.push_str(&c.command);
                                s
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                let mut relevant = false;
                for c in &rule.commands {
                    if !runas_root(sudoers, c.runas.as_deref()) {
                        continue;
                    }
                    let (negated, cmd) = match c.command.strip_prefix('!') {
                        Some(rest) => (true, rest.trim()),
                        None => (false, c.command.as_str()),
                    };
                    if command_is_all(sudoers, cmd, 0) {
                        relevant = true;
                        full = !negated;
                        nopasswd = !negated && c.tags.iter().any(|t| t == "NOPASSWD");
                    } else if !negated {
                        relevant = true;
                        restricted = true;
                    }
                }
                if relevant {
                    evidence.push(item);
                }
            }
        }
        let mut polkit = false;
        for id in &self.polkit_identities {
            let hit = if let Some(u) = id.strip_prefix("unix-user:") {
                u == a.name || u.parse::<u32>().ok() == Some(a.uid)
            } else if let Some(g) = id.strip_prefix("unix-group:") {
                groups
                    .iter()
                    .any(|x| x.name == g || g.parse::<u32>().ok() == Some(x.gid))
            } else {
                false
            };
            polkit |= hit;
        }
        if polkit {
            evidence.extend(self.polkit_evidence.clone());
        }
        let conventional: Vec<&&Group> = groups
            .iter()
            .filter(|g| ADMIN_GROUPS.contains(&g.name.as_str()))
            .collect();
        for g in &conventional {
            evidence.push(EvidenceItem::new(
                "/etc/group",
                Some(g.line),
                Some(&g.name),
                g.members.join(","),
            ));
        }
        let level = if full || polkit {
            Level::Full
        } else if !self.complete() {
            if conventional.is_empty() {
                Level::Unknown
            } else {
                Level::Presumed
            }
        } else if restricted {
            Level::Restricted
        } else {
            Level::None
        };
        Rights {
            level,
            evidence,
            nopasswd: nopasswd && full,
        }
    }

    /// A rule applies unless its host list only names other machines.
    fn host_applies(&self, hosts: &[String]) -> bool {
        let Some(me) = &self.host else {
            return true;
        };
        hosts.iter().any(|h| {
            let h = h.as_str();
            h == "ALL"
                || h.starts_with('!')
                || h.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                || h.contains(['/', '+'])
                || h.chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ':')
                || fold(h.split('.').next().unwrap_or(h)) == *me
        })
    }

    /// "Run the audit as root" when that would fill the gaps (FR, EN).
    pub fn root_hint(&self) -> (&'static str, &'static str) {
        if self.needs_privileges() {
            (
                " Lancez l'audit en administrateur (root).",
                " Run the audit as administrator (root).",
            )
        } else {
            ("", "")
        }
    }

    /// The gaps as a reason fragment and evidence.
    pub fn gap_text(&self) -> (String, String, Vec<EvidenceItem>) {
        let fr: Vec<String> = self.gaps.iter().map(|g| g.0.clone()).collect();
        let en: Vec<String> = self.gaps.iter().map(|g| g.1.clone()).collect();
        (
            fr.join(" ; "),
            en.join("; "),
            self.gaps.iter().map(|g| g.2.clone()).collect(),
        )
    }
}

fn gap<T>(what: &str, c: &Collected<T>) -> (String, String, EvidenceItem, bool) {
    let denied = match c {
        Collected::Unreadable { error, .. } => {
            error.starts_with(vigie_evidence::sys::PERMISSION_DENIED)
        }
        _ => false,
    };
    let shown = describe(c);
    let (fr, en) = match c {
        Collected::Missing { .. } => ("absent", "missing"),
        Collected::NotCollected { .. } => ("non collecté", "not collected"),
        _ => ("illisible", "unreadable"),
    };
    (
        format!("{what} {fr} ({shown})"),
        format!("{what} {en} ({shown})"),
        EvidenceItem::new(c.source().unwrap_or(what), None, None, shown),
        denied,
    )
}

/// sudoers(5) user list: the last matching item decides; `None` when none matches.
fn list_matches(
    sudoers: &Sudoers,
    list: &[String],
    a: &Account,
    groups: &[&Group],
    depth: usize,
) -> Option<bool> {
    if depth > 16 {
        return None;
    }
    for item in list.iter().rev() {
        let (negated, x) = match item.strip_prefix('!') {
            Some(r) => (true, r.trim()),
            None => (false, item.as_str()),
        };
        let x = x.trim_matches('"');
        let matched = if x == "ALL" || x == a.name {
            true
        } else if let Some(uid) = x.strip_prefix('#') {
            uid.parse::<u32>().ok() == Some(a.uid)
        } else if let Some(g) = x.strip_prefix('%') {
            if let Some(gid) = g.strip_prefix('#') {
                let gid = gid.parse::<u32>().ok();
                groups.iter().any(|x| Some(x.gid) == gid)
            } else if g.starts_with(':') {
                false
            } else {
                let g = g.trim_matches('"');
                groups.iter().any(|x| x.name == g)
            }
        } else if let Some(alias) = sudoers.alias(AliasKind::User, x) {
            list_matches(sudoers, &alias.members, a, groups, depth + 1) == Some(true)
        } else {
            false
        };
        if matched {
            return Some(!negated);
        }
    }
    None
}

/// Whether a run-as list lets the command run as root (omitted: root).
fn runas_root(sudoers: &Sudoers, runas: Option<&str>) -> bool {
    let Some(spec) = runas else {
        return true;
    };
    let users = spec.split(':').next().unwrap_or("").trim();
    if users.is_empty() {
        // "(:group)": the invoking user with another group.
        return false;
    }
    runas_list_root(sudoers, users, 0)
}

fn runas_list_root(sudoers: &Sudoers, list: &str, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    list.split(',').map(str::trim).any(|u| {
        matches!(u, "ALL" | "root" | "#0")
            || sudoers
                .alias(AliasKind::Runas, u)
                .is_some_and(|a| runas_list_root(sudoers, &a.members.join(","), depth + 1))
    })
}

/// Programs that give a root shell, so a rule allowing them is full rights.
const SHELLS: &[&str] = &["sh", "bash", "dash", "zsh", "ksh", "fish", "su", "sudo"];

fn command_is_all(sudoers: &Sudoers, cmd: &str, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    if cmd == "ALL" {
        return true;
    }
    let program = cmd.split_whitespace().next().unwrap_or("");
    if program.starts_with('/') {
        let base = program.rsplit('/').next().unwrap_or("");
        return SHELLS.contains(&base);
    }
    sudoers.alias(AliasKind::Cmnd, cmd).is_some_and(|a| {
        a.members
            .iter()
            .any(|m| !m.starts_with('!') && command_is_all(sudoers, m, depth + 1))
    })
}

/// Names of several accounts, for a reason.
pub fn names(accounts: &[&Account]) -> String {
    let set: BTreeSet<&str> = accounts.iter().map(|a| a.name.as_str()).collect();
    set.into_iter().collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_names() {
        for generic in [
            "accueil",
            "secretariat",
            "Secrétariat médical",
            "poste1",
            "cabinet-dupont",
            "PC-Salle2",
            "user01",
            "stagiaire",
            "remplaçante",
            "invité",
            "medecin2",
            "test",
        ] {
            assert!(generic_word(generic).is_some(), "{generic}");
        }
        for named in [
            "jdupont",
            "jean.dupont",
            "Docteur Martin",
            "stagiaire-lea",
            "testard",
            "jean.bureau",
            "Marie Curie",
            "",
        ] {
            assert!(generic_word(named).is_none(), "{named}");
        }
        assert_eq!(generic_word("Secrétariat").as_deref(), Some("secretariat"));
    }

    #[test]
    fn admin_names() {
        for n in [
            "admin",
            "admin-dupont",
            "adm.dupont",
            "jdupont_admin",
            "prestataire",
        ] {
            assert!(admin_named(n), "{n}");
        }
        for n in ["dupont", "administration-x-y", "madmin", "adminjean"] {
            assert!(!admin_named(n), "{n}");
        }
    }

    #[test]
    fn pam_unix_expiry() {
        let mut a =
            vigie_evidence::linux::accounts::parse_passwd("a:x:1000:1000::/home/a:/bin/bash\n")
                .remove(0);
        assert!(disabled(&a, 20000).is_none());
        a.expire_date = Some(20000);
        assert!(disabled(&a, 20000).is_some());
        assert!(disabled(&a, 19999).is_none());
        a.expire_date = Some(0);
        assert!(disabled(&a, 1).is_some());
        a.expire_date = None;
        a.last_change = Some(19000);
        a.max_days = Some(90);
        a.inactive_days = Some(30);
        assert!(disabled(&a, 19120).is_none());
        assert!(disabled(&a, 19121).is_some());
        assert_eq!(date_text(0), "1970-01-01");
    }
}
