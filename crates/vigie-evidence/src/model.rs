//! Evidence as typed tables: what collectors read, what an evidence file
//! records, and the only input evaluators get. Nothing secret is kept: no
//! password hash, no file content beyond the settings read.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Name written in every evidence file, to recognise one.
pub const EVIDENCE_FORMAT: &str = "vigie-evidence";
/// Bumped when the evidence layout changes incompatibly.
pub const EVIDENCE_FORMAT_VERSION: u32 = 1;

/// Everything collected from one machine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub format: String,
    pub format_version: u32,
    /// The version of the tool that collected it.
    pub tool_version: String,
    /// When it was collected (RFC 3339, UTC).
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub collected_at: time::OffsetDateTime,
    /// How long collection took, in microseconds.
    pub collection_us: u64,
    pub target: Target,
    /// Linux tables; absent when the target is not Linux.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linux: Option<LinuxEvidence>,
    /// Windows tables; absent when the target is not Windows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub windows: Option<crate::windows::WindowsEvidence>,
    /// macOS tables; absent when the target is not macOS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub macos: Option<crate::macos::MacosEvidence>,
}

/// What was audited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub kind: TargetKind,
    /// Host name (live system, or as recorded in the offline root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// The offline root directory, for `--root`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<String>,
    pub platform: Platform,
    pub os: Collected<OsRelease>,
    /// The collector ran with administrator rights (live system only).
    #[serde(default)]
    pub privileged: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// The running system, read in place.
    Live,
    /// An offline root directory: files only, no command run.
    Root,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Linux,
    Windows,
    Macos,
    Unknown,
}

/// The outcome of reading one source: the value, or why there is none.
/// Evaluators turn anything but `ok` into `unknown` with this reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum Collected<T> {
    Ok { source: String, value: T },
    Missing { source: String },
    Unreadable { source: String, error: String },
    NotCollected { reason: String },
}

impl<T> Collected<T> {
    /// A value derived from the collected one, from the same source; any
    /// other state carries over as it is.
    pub fn map_ref<U>(&self, f: impl FnOnce(&T) -> U) -> Collected<U> {
        self.then_ref(|source, value| Collected::Ok {
            source: source.to_string(),
            value: f(value),
        })
    }
    /// Like [`Collected::map_ref`], where deriving may itself fail: `f` gets
    /// the source and the value and answers the derived state.
    pub fn then_ref<U>(&self, f: impl FnOnce(&str, &T) -> Collected<U>) -> Collected<U> {
        match self {
            Collected::Ok { source, value } => f(source, value),
            Collected::Missing { source } => Collected::Missing {
                source: source.clone(),
            },
            Collected::Unreadable { source, error } => Collected::Unreadable {
                source: source.clone(),
                error: error.clone(),
            },
            Collected::NotCollected { reason } => Collected::NotCollected {
                reason: reason.clone(),
            },
        }
    }
    pub fn value(&self) -> Option<&T> {
        match self {
            Collected::Ok { value, .. } => Some(value),
            _ => None,
        }
    }
    pub fn source(&self) -> Option<&str> {
        match self {
            Collected::Ok { source, .. }
            | Collected::Missing { source }
            | Collected::Unreadable { source, .. } => Some(source),
            Collected::NotCollected { .. } => None,
        }
    }
}

/// A place in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    pub file: String,
    pub line: u32,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// `/etc/os-release` (or `/usr/lib/os-release`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OsRelease {
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub id_like: Vec<String>,
    pub version_id: Option<String>,
    pub pretty_name: Option<String>,
}

/// A settings file made of `key = value` or `KEY VALUE` lines, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfFile {
    pub path: String,
    pub entries: Vec<ConfEntry>,
    /// Lines that are neither a setting nor a comment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invalid: Vec<InvalidLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfEntry {
    pub line: u32,
    pub key: String,
    /// `None` for a bare flag such as `enforce_for_root`.
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InvalidLine {
    pub line: u32,
    pub text: String,
}

/// Linux tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinuxEvidence {
    /// The PAM stacks of the services that matter, fully resolved.
    pub pam: Collected<PamConfig>,
    /// libpwquality settings files, in the order libpwquality reads them.
    pub pwquality: Vec<Collected<ConfFile>>,
    /// pam_faillock settings, keyed by path (`faillock.conf` and any `conf=`).
    pub faillock: BTreeMap<String, Collected<ConfFile>>,
    /// pam_pwhistory settings, keyed by path (`pwhistory.conf` and any `conf=`).
    pub pwhistory: BTreeMap<String, Collected<ConfFile>>,
    /// shadow's `login.defs` files, in the order they apply.
    pub login_defs: Vec<Collected<ConfFile>>,
    /// Local accounts (`/etc/passwd` joined with `/etc/shadow`).
    pub accounts: Collected<AccountTable>,
    /// Graphical sessions and screen locks.
    #[serde(default)]
    pub desktop: crate::linux::desktop::DesktopEvidence,
    /// Antivirus, firewall, logging.
    #[serde(default)]
    pub protection: crate::linux::protection::ProtectionEvidence,
    /// Disk encryption.
    #[serde(default)]
    pub storage: crate::linux::storage::StorageEvidence,
    /// Updates and package sources.
    #[serde(default)]
    pub packages: crate::linux::packages::PackagesEvidence,
    /// Network devices, Wi-Fi, radios, UPS.
    #[serde(default)]
    pub network: crate::linux::network::NetworkEvidence,
    /// Groups, administrator rights, last logins.
    #[serde(default)]
    pub users: crate::linux::users::UsersEvidence,
    /// Web browsers and their password managers.
    #[serde(default)]
    pub browsers: crate::linux::browsers::BrowsersEvidence,
}

/// PAM configuration as the library would load it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PamConfig {
    /// Directories searched for modules; empty when none was found (module
    /// presence is then unknown).
    pub module_dirs: Vec<String>,
    pub services: Vec<PamService>,
}

impl PamConfig {
    pub fn service(&self, name: &str) -> Option<&PamService> {
        self.services.iter().find(|s| s.name == name)
    }
}

/// One PAM service ("passwd", "login"...), its stack expanded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PamService {
    pub name: String,
    /// The file that defines it; `None` when neither it nor `other` exists.
    pub file: Option<String>,
    /// True when the service has no file of its own and PAM uses `other`.
    pub uses_other: bool,
    /// Every line of the service, includes expanded in place.
    pub stack: Vec<PamEntry>,
    /// Lines PAM would reject or could not load.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<PamProblem>,
}

impl PamService {
    /// The entries of one management group, in order.
    pub fn entries(&self, kind: PamType) -> impl Iterator<Item = &PamEntry> {
        self.stack.iter().filter(move |e| e.kind == kind)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PamProblem {
    pub origin: Origin,
    pub message: String,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PamType {
    Auth,
    Account,
    Password,
    Session,
}

impl PamType {
    pub fn as_str(self) -> &'static str {
        match self {
            PamType::Auth => "auth",
            PamType::Account => "account",
            PamType::Password => "password",
            PamType::Session => "session",
        }
    }
}

/// One module line (or one substack, whose entries are nested).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PamEntry {
    pub kind: PamType,
    pub control: PamControl,
    /// The module as written ("pam_unix.so", "/lib/security/pam_x.so"); for a
    /// substack, the included file.
    pub module: String,
    pub args: Vec<String>,
    pub origin: Origin,
    /// The line starts with `-`: a missing module is skipped silently.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub skip_if_missing: bool,
    /// Whether the module file exists; `None` when it could not be looked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module_present: Option<bool>,
    /// The entries of a substack.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub substack: Vec<PamEntry>,
}

impl PamEntry {
    /// The module's file name without directory ("pam_unix.so").
    pub fn module_name(&self) -> &str {
        self.module.rsplit('/').next().unwrap_or(&self.module)
    }
}

/// A control field, with keywords expanded to their `[value=action]` meaning
/// by the evaluator (kept as written here, for the report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PamControl {
    Required,
    Requisite,
    Sufficient,
    Optional,
    Substack,
    /// `[value=action ...]`, in the order written.
    Actions(Vec<PamActionPair>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PamActionPair {
    /// A return value name ("success", "new_authtok_reqd", "default"...).
    pub value: String,
    pub action: PamAction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PamAction {
    Ignore,
    Bad,
    Die,
    Ok,
    Done,
    Reset,
    /// Jump over the next N modules.
    Jump(u32),
}

/// Local accounts, without any secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountTable {
    /// `/etc/shadow`: read, missing or unreadable (then password fields are unknown).
    pub shadow: Collected<()>,
    pub accounts: Vec<Account>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
    pub shell: String,
    /// Home directory (passwd field 6), as written.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub home: String,
    /// Line in `/etc/passwd`.
    pub line: u32,
    /// The password's state, never the password; `None` when `/etc/shadow` could not be read.
    pub password: Option<PasswordState>,
    /// Line in `/etc/shadow`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shadow_line: Option<u32>,
    /// Shadow field 5, maximum password age in days; `None` when empty (no maximum) or unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_days: Option<i64>,
    /// The full name: the first comma-separated part of the GECOS field
    /// (passwd field 5); the other parts (room, phones) are not kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// Shadow field 3, date of the last password change in days since
    /// 1970-01-01 (0: must change at next login); `None` when empty or unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_change: Option<i64>,
    /// Shadow field 7, days after password expiry before the account is
    /// disabled; `None` when empty (never) or unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactive_days: Option<i64>,
    /// Shadow field 8, account expiry date in days since 1970-01-01; `None`
    /// when empty (never) or unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expire_date: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PasswordState {
    /// A hash: the password can be used to log in.
    Usable,
    /// Empty: no password at all.
    Empty,
    /// Starts with `!` or `*`: password login impossible.
    Locked,
    /// No entry in `/etc/shadow`.
    NoShadowEntry,
}
