//! apt and dpkg (Debian, Ubuntu, Linux Mint).
//!
//! Read as apt reads them (apt-pkg `ReadConfigDir`, `GetListOfFilesInDir`,
//! `sourcelist.cc`): `/etc/apt/apt.conf.d/*` in byte order then
//! `/etc/apt/apt.conf`; `/etc/apt/sources.list` then
//! `/etc/apt/sources.list.d/*.list|*.sources`. The security upgrades
//! waiting are counted from dpkg's status and the local package lists
//! ([`super::apt_security`]); with `--thorough`, on a live system, by
//! `apt-get -s dist-upgrade` instead (a simulation: nothing is locked,
//! downloaded or changed, but it takes seconds).

use super::apt_security::{self, SecuritySuite};
use super::{
    files_with_ext, newest, push_name, stamp, strip_credentials, timer_stamp, FileStamp,
    PendingUpdates,
};
use crate::command::CommandOutput;
use crate::fs::{Fs, FsError};
use crate::linux::systemd::{units, UnitState};
use crate::model::{Collected, ConfEntry, InvalidLine};
use crate::sys::{denied, fs_error, Sys, PERMISSION_DENIED};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const DPKG_STATUS: &str = "/var/lib/dpkg/status";
pub const APT_CONF: &str = "/etc/apt/apt.conf";
pub const APT_CONF_DIR: &str = "/etc/apt/apt.conf.d";
pub const SOURCES_LIST: &str = "/etc/apt/sources.list";
pub const SOURCES_DIR: &str = "/etc/apt/sources.list.d";
pub const LISTS_DIR: &str = "/var/lib/apt/lists";

/// Touched by apt's `15update-stamp` hook after every successful `apt update`.
pub const UPDATE_SUCCESS_STAMP: &str = "/var/lib/apt/periodic/update-success-stamp";
/// Touched by `apt.systemd.daily update` after a successful `apt-get update`.
pub const UPDATE_STAMP: &str = "/var/lib/apt/periodic/update-stamp";
/// Touched by `apt.systemd.daily install` when `unattended-upgrade` exits 0.
pub const UPGRADE_STAMP: &str = "/var/lib/apt/periodic/upgrade-stamp";
/// Written by `unattended-upgrade` itself at each run (success or not).
pub const UNATTENDED_STAMP: &str = "/var/lib/apt/periodic/unattended-upgrades-stamp";
/// Linux Mint: automatic upgrades are on while this flag file exists
/// (mintupdate's `mintupdate-automation upgrade enable`).
pub const MINT_UPGRADE_FLAG: &str = "/var/lib/linuxmint/mintupdate-automatic-upgrades-enabled";
/// Linux Mint: appended to at each automatic upgrade run.
pub const MINT_LOG: &str = "/var/log/mintupdate.log";
/// Runs `apt.systemd.daily` from cron where systemd is not the init.
pub const APT_CRON: &str = "/etc/cron.daily/apt-compat";

pub const APT_DAILY_TIMER: &str = "apt-daily.timer";
pub const APT_UPGRADE_TIMER: &str = "apt-daily-upgrade.timer";
pub const MINT_UPGRADE_TIMER: &str = "mintupdate-automation-upgrade.timer";

/// Packages whose dpkg state is recorded.
pub const WATCHED_PACKAGES: &[&str] = &["unattended-upgrades", "mintupdate", "apt"];

/// Key prefixes of apt configuration kept in evidence (lower case; apt
/// compares keys case-insensitively).
pub const KEPT_KEYS: &[&str] = &[
    "apt::periodic::",
    "unattended-upgrade::origins-pattern",
    "unattended-upgrade::allowed-origins",
    "apt::get::allowunauthenticated",
    "acquire::allowinsecurerepositories",
    "acquire::allowdowngradetoinsecurerepositories",
    "acquire::allowweakrepositories",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AptEvidence {
    /// dpkg's state of the packages that matter ([`WATCHED_PACKAGES`]).
    pub packages: Collected<Vec<DpkgPackage>>,
    /// apt configuration files, in the order apt reads them.
    pub config: Vec<Collected<AptConfFile>>,
    /// Package sources, in the order apt reads them.
    pub sources: Vec<Collected<SourcesFile>>,
    /// apt's daily timers and Mint's upgrade timer.
    pub units: Collected<Vec<UnitState>>,
    /// Stamps, flags and logs that exist (see the constants of this module).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stamps: Vec<FileStamp>,
    /// The newest `Release`/`InRelease` file of the package lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lists: Option<FileStamp>,
    /// Security upgrades waiting, counted as [`AptEvidence::pending_method`] says.
    pub pending: Collected<PendingUpdates>,
    /// How `pending` was counted.
    #[serde(default = "PendingMethod::recorded_before")]
    pub pending_method: PendingMethod,
    /// The security suites found among the package lists, and their indexes
    /// (native count only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_suites: Vec<SecuritySuite>,
}

/// How the security upgrades waiting were counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PendingMethod {
    /// dpkg's status compared with the security suites' package indexes,
    /// read by Vigie (the default; offline roots too): see [`super::apt_security`].
    Native,
    /// `apt-get -s dist-upgrade`, apt's own simulation (live, `--thorough` only).
    Simulation,
}

impl PendingMethod {
    /// Evidence recorded before this field existed counted with apt-get.
    fn recorded_before() -> Self {
        PendingMethod::Simulation
    }
}

impl AptEvidence {
    pub fn stamp(&self, path: &str) -> Option<&FileStamp> {
        self.stamps.iter().find(|s| s.path == path)
    }
}

/// One package's stanza in the dpkg status file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DpkgPackage {
    pub name: String,
    /// "install ok installed", "deinstall ok config-files"...
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Line of the `Package:` field.
    pub line: u32,
}

impl DpkgPackage {
    /// dpkg(1): the third word of `Status` is the package state; only
    /// `installed` means unpacked and configured.
    pub fn installed(&self) -> bool {
        self.status.split_whitespace().nth(2) == Some("installed")
    }
}

/// One stanza of dpkg's status file, borrowed from its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusStanza<'a> {
    pub name: &'a str,
    pub status: &'a str,
    pub version: Option<&'a str>,
    pub arch: Option<&'a str>,
    /// Line of the `Package:` field.
    pub line: u32,
}

impl StatusStanza<'_> {
    /// See [`DpkgPackage::installed`].
    pub fn installed(&self) -> bool {
        self.status.split_whitespace().nth(2) == Some("installed")
    }
}

/// Every stanza of `/var/lib/dpkg/status` (deb822: `Field: value`, stanzas
/// separated by blank lines, continuation lines starting with a blank).
pub fn status_stanzas(text: &str) -> Vec<StatusStanza<'_>> {
    let mut out = Vec::new();
    let mut current: Option<StatusStanza> = None;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            out.extend(current.take());
            continue;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((field, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if field.eq_ignore_ascii_case("Package") {
            out.extend(current.take());
            current = Some(StatusStanza {
                name: value,
                status: "",
                version: None,
                arch: None,
                line: n as u32 + 1,
            });
        } else if let Some(p) = current.as_mut() {
            if field.eq_ignore_ascii_case("Status") {
                p.status = value;
            } else if field.eq_ignore_ascii_case("Version") {
                p.version = Some(value);
            } else if field.eq_ignore_ascii_case("Architecture") {
                p.arch = Some(value);
            }
        }
    }
    out.extend(current.take());
    out
}

/// Stanzas of `/var/lib/dpkg/status`, only for the packages in `names`.
pub fn parse_dpkg_status(text: &str, names: &[&str]) -> Vec<DpkgPackage> {
    watched(&status_stanzas(text), names)
}

fn watched(stanzas: &[StatusStanza<'_>], names: &[&str]) -> Vec<DpkgPackage> {
    stanzas
        .iter()
        .filter(|s| names.contains(&s.name))
        .map(|s| DpkgPackage {
            name: s.name.to_string(),
            status: s.status.to_string(),
            version: s.version.map(str::to_string),
            line: s.line,
        })
        .collect()
}

/// One apt configuration file, reduced to the settings that matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AptConfFile {
    pub path: String,
    pub entries: Vec<AptConfEntry>,
    /// What apt would refuse (a syntax error stops apt altogether) or what
    /// Vigie does not follow (`#include`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<InvalidLine>,
}

/// A setting (`Key "value";`, a list item `Key:: "value";` or an item of a
/// `Key { "value"; };` block, recorded with the key ending in `::`) or a
/// `#clear Key;` directive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AptConfEntry {
    /// Line where the statement starts.
    pub line: u32,
    /// Fully scoped key, as written ("APT::Periodic::Unattended-Upgrade").
    pub key: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub clear: bool,
}

/// Whether an apt key (lower case) is one of [`KEPT_KEYS`].
fn kept(key: &str) -> bool {
    KEPT_KEYS.iter().any(|p| key.starts_with(p))
}

/// Whether `#clear key` can remove something kept: the key is one of them,
/// or one of their parents.
fn clear_kept(key: &str) -> bool {
    let k = key.trim_end_matches(':');
    KEPT_KEYS.iter().any(|p| {
        let p = p.trim_end_matches(':');
        k.starts_with(p) || p.starts_with(&format!("{k}::")) || p == k
    })
}

/// apt-pkg `ParseQuoteWord`: one word, `"..."` and `[...]` grouping blanks,
/// quotes removed; the rest after the following blanks.
fn quote_word(s: &str) -> Option<(String, &str)> {
    let s = s.trim_start();
    if s.is_empty() {
        return None;
    }
    let mut word = String::new();
    let mut chars = s.char_indices().peekable();
    let mut end = s.len();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let mut closed = false;
                for (_, c) in chars.by_ref() {
                    if c == '"' {
                        closed = true;
                        break;
                    }
                    word.push(c);
                }
                if !closed {
                    return None;
                }
            }
            '[' => {
                word.push('[');
                let mut closed = false;
                for (_, c) in chars.by_ref() {
                    word.push(c);
                    if c == ']' {
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    return None;
                }
            }
            c if c.is_whitespace() => {
                end = i;
                break;
            }
            c => word.push(c),
        }
    }
    Some((word, s[end..].trim_start()))
}

/// apt-pkg `ParseCWord`: only quoted strings separated by blanks (joined by
/// one space); `None` as soon as an unquoted character appears.
fn c_word(s: &str) -> Option<String> {
    let s = s.trim_start_matches(' ');
    if s.is_empty() {
        return None;
    }
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    let mut prev_space = false;
    while let Some(c) = chars.next() {
        if c == '"' {
            let mut closed = false;
            for c in chars.by_ref() {
                if c == '"' {
                    closed = true;
                    break;
                }
                out.push(c);
            }
            if !closed {
                return None;
            }
            prev_space = false;
            continue;
        }
        if c.is_whitespace() {
            if !prev_space {
                out.push(' ');
            }
            prev_space = true;
            continue;
        }
        return None;
    }
    Some(out)
}

/// Parses an apt configuration file as apt-pkg's `ReadConfigFile` does:
/// `//`, `#` (except `#clear`/`#include`) and `/* */` comments outside
/// quotes, statements ended by `;`, `{` or `}` (possibly over several
/// lines), nested scopes, anonymous list items. Only the keys in
/// [`KEPT_KEYS`] are recorded. Parsing stops at the first syntax error, as
/// apt does.
pub fn parse_apt_conf(path: &str, text: &str) -> AptConfFile {
    let mut file = AptConfFile {
        path: path.to_string(),
        entries: Vec::new(),
        errors: Vec::new(),
    };
    let mut stack: Vec<String> = Vec::new();
    let mut parent = String::new();
    let mut buffer = String::new();
    let mut buffer_line = 0u32;
    let mut in_comment = false;
    let quotes_before = |s: &str, at: usize| !s[..at].matches('"').count().is_multiple_of(2);
    for (n, raw) in text.lines().enumerate() {
        let line_no = n as u32 + 1;
        let input = raw.replace('\t', "        ");
        let mut line: &str = input.trim();
        if in_comment {
            match line.find("*/") {
                Some(end) => {
                    line = &line[end + 2..];
                    in_comment = false;
                }
                None => continue,
            }
        }
        // `//` comments, unless inside quotes.
        let mut start = 0;
        while let Some(i) = line[start..].find("//").map(|i| i + start) {
            if quotes_before(line, i) {
                start = i + 1;
                continue;
            }
            line = &line[..i];
            break;
        }
        // `#` comments, except the directives and inside quotes.
        let mut start = 0;
        while let Some(i) = line[start..].find('#').map(|i| i + start) {
            let after = &line[i + 1..];
            if quotes_before(line, i)
                || ["clear", "include", "x-apt-configure-index"]
                    .iter()
                    .any(|m| after.starts_with(m))
            {
                start = i + 1;
                continue;
            }
            line = &line[..i];
            break;
        }
        // `/* */` comments, possibly left open to later lines.
        let mut fragment = String::new();
        let mut rest = line;
        loop {
            let mut from = 0;
            let found = loop {
                match rest[from..].find("/*").map(|i| i + from) {
                    Some(i) if quotes_before(rest, i) => from = i + 2,
                    other => break other,
                }
            };
            let Some(i) = found else {
                fragment.push_str(rest);
                break;
            };
            fragment.push_str(&rest[..i]);
            match rest[i + 2..].find("*/") {
                Some(end) => rest = &rest[i + 2 + end + 2..],
                None => {
                    in_comment = true;
                    break;
                }
            }
        }
        if fragment.trim().is_empty() {
            continue;
        }
        let mut in_quote = false;
        let mut piece_start = 0;
        for (i, c) in fragment.char_indices() {
            if c == '"' {
                in_quote = !in_quote;
            }
            if in_quote || !matches!(c, '{' | ';' | '}') {
                continue;
            }
            let piece = fragment[piece_start..i].trim();
            if !piece.is_empty() {
                if buffer.is_empty() {
                    buffer_line = line_no;
                } else {
                    buffer.push(' ');
                }
                buffer.push_str(piece);
            }
            piece_start = i + 1;
            if c == '{' && buffer.is_empty() {
                file.errors.push(InvalidLine {
                    line: line_no,
                    text: "block starts with no name".into(),
                });
                return file;
            }
            if buffer.is_empty() {
                if c == '}' {
                    parent = stack.pop().unwrap_or_default();
                }
                continue;
            }
            let statement = std::mem::take(&mut buffer);
            let Some((mut tag, after_tag)) = quote_word(&statement) else {
                file.errors.push(InvalidLine {
                    line: buffer_line,
                    text: format!("malformed tag: {statement}"),
                });
                return file;
            };
            let mut no_word = false;
            let word = match c_word(after_tag) {
                Some(w) => Some((w, "")),
                None => quote_word(after_tag),
            };
            let word = match word {
                Some((w, rest)) => {
                    if !rest.is_empty() {
                        file.errors.push(InvalidLine {
                            line: buffer_line,
                            text: format!("extra junk after value: {statement}"),
                        });
                        return file;
                    }
                    w
                }
                None if c != '{' => std::mem::take(&mut tag),
                None => {
                    no_word = true;
                    String::new()
                }
            };
            if c == '{' {
                stack.push(parent.clone());
                parent = if parent.is_empty() {
                    std::mem::take(&mut tag)
                } else {
                    format!("{parent}::{}", std::mem::take(&mut tag))
                };
            }
            let item = if parent.is_empty() {
                tag.clone()
            } else if c != '{' || !tag.is_empty() {
                format!("{parent}::{tag}")
            } else {
                parent.clone()
            };
            if let Some(directive) = tag.strip_prefix('#') {
                if !parent.is_empty() {
                    file.errors.push(InvalidLine {
                        line: buffer_line,
                        text: "directives can only be done at the top level".into(),
                    });
                    return file;
                }
                match directive {
                    "clear" => {
                        if clear_kept(&word.to_ascii_lowercase()) {
                            file.entries.push(AptConfEntry {
                                line: buffer_line,
                                key: word.clone(),
                                value: String::new(),
                                clear: true,
                            });
                        }
                    }
                    "include" => file.errors.push(InvalidLine {
                        line: buffer_line,
                        text: format!("#include {word} (not followed by Vigie)"),
                    }),
                    "x-apt-configure-index" => {}
                    other => {
                        file.errors.push(InvalidLine {
                            line: buffer_line,
                            text: format!("unsupported directive #{other}"),
                        });
                        return file;
                    }
                }
            } else if tag.is_empty() && !no_word && word == "#clear" {
                file.errors.push(InvalidLine {
                    line: buffer_line,
                    text: "clear directive requires an option tree as argument".into(),
                });
                return file;
            } else if !no_word && kept(&item.to_ascii_lowercase()) {
                file.entries.push(AptConfEntry {
                    line: buffer_line,
                    key: item,
                    value: word,
                    clear: false,
                });
            }
            if c == '}' {
                parent = stack.pop().unwrap_or_default();
            }
        }
        let rest = fragment[piece_start..].trim();
        if !rest.is_empty() {
            if buffer.is_empty() {
                buffer_line = line_no;
            } else {
                buffer.push(' ');
            }
            buffer.push_str(rest);
        }
    }
    if !buffer.is_empty() {
        file.errors.push(InvalidLine {
            line: buffer_line,
            text: format!("extra junk at end of file: {buffer}"),
        });
    }
    file
}

/// apt's `StringToBool`: "0"/"1", or no/false/without/off/disable and
/// yes/true/with/on/enable (case-insensitive); `None` otherwise.
pub fn apt_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "0" | "no" | "false" | "without" | "off" | "disable" => Some(false),
        "1" | "yes" | "true" | "with" | "on" | "enable" => Some(true),
        _ => None,
    }
}

/// apt-pkg `GetListOfFilesInDir`: no leading dot, only `[A-Za-z0-9_.:-]`,
/// and an extension (after the last dot) among `exts` ("" allows none).
pub fn apt_file_name_ok(name: &str, exts: &[&str]) -> bool {
    if name.starts_with('.') || name.is_empty() {
        return false;
    }
    let ext = match name.rfind('.') {
        Some(i) => &name[i + 1..],
        None => "",
    };
    if !exts.contains(&ext) {
        return false;
    }
    name.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
}

/// The apt configuration files in apt's order: the parts directory (byte
/// order, names without extension or ending in `.conf`), then `apt.conf`.
pub fn config_files(fs: &dyn Fs) -> Vec<String> {
    let mut files: Vec<String> = fs
        .read_dir(APT_CONF_DIR)
        .unwrap_or_default()
        .into_iter()
        .filter(|n| apt_file_name_ok(n, &["conf", ""]))
        .map(|n| format!("{APT_CONF_DIR}/{n}"))
        .filter(|p| fs.is_file(p))
        .collect();
    if fs.is_file(APT_CONF) {
        files.push(APT_CONF.to_string());
    }
    files
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourcesFormat {
    /// `deb [options] uri suite components` lines.
    OneLine,
    /// deb822 stanzas (`*.sources`).
    Deb822,
}

/// A sources file, reduced to what signature checking depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    pub path: String,
    pub format: SourcesFormat,
    pub entries: Vec<SourceEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invalid: Vec<InvalidLine>,
}

/// One source line or deb822 stanza.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    /// The line (one-line format) or the stanza's first line.
    pub line: u32,
    /// "deb", "deb-src".
    pub types: Vec<String>,
    /// Addresses, credentials removed.
    pub uris: Vec<String>,
    pub suites: Vec<String>,
    /// False for a deb822 stanza with `Enabled: no` (apt skips it).
    pub enabled: bool,
    /// The signature options set (`trusted`, `allow-insecure`, `allow-weak`,
    /// `allow-downgrade-to-insecure`), lower-case key, with their line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ConfEntry>,
}

/// Source options that weaken or skip signature checking (sources.list(5)).
pub const SIGNATURE_OPTIONS: &[&str] = &[
    "trusted",
    "allow-insecure",
    "allow-weak",
    "allow-downgrade-to-insecure",
];

/// One-line format (sources.list(5)): `#` starts a comment anywhere; the
/// type, an optional `[ key=value ... ]` block, the URI, the suite, the
/// components.
pub fn parse_one_line_sources(path: &str, text: &str) -> SourcesFile {
    let mut file = SourcesFile {
        path: path.to_string(),
        format: SourcesFormat::OneLine,
        entries: Vec::new(),
        invalid: Vec::new(),
    };
    for (n, raw) in text.lines().enumerate() {
        let line_no = n as u32 + 1;
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let invalid = |file: &mut SourcesFile| {
            file.invalid.push(InvalidLine {
                line: line_no,
                text: raw.to_string(),
            })
        };
        let (kind, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        if kind != "deb" && kind != "deb-src" {
            invalid(&mut file);
            continue;
        }
        let mut rest = rest.trim_start();
        let mut options = Vec::new();
        if let Some(after) = rest.strip_prefix('[') {
            let Some((block, after)) = after.split_once(']') else {
                invalid(&mut file);
                continue;
            };
            for option in block.split_whitespace() {
                let Some((key, value)) = option.split_once('=') else {
                    continue;
                };
                let key = key.trim_end_matches(['+', '-']).to_ascii_lowercase();
                if SIGNATURE_OPTIONS.contains(&key.as_str()) {
                    options.push(ConfEntry {
                        line: line_no,
                        key,
                        value: Some(value.to_string()),
                    });
                }
            }
            rest = after;
        }
        let mut words = rest.split_whitespace();
        let (Some(uri), Some(suite)) = (words.next(), words.next()) else {
            invalid(&mut file);
            continue;
        };
        file.entries.push(SourceEntry {
            line: line_no,
            types: vec![kind.to_string()],
            uris: vec![strip_credentials(uri)],
            suites: vec![suite.to_string()],
            enabled: true,
            options,
        });
    }
    file
}

/// deb822 format (sources.list(5)): stanzas separated by blank lines, `#`
/// comment lines skipped, `Field: value` with continuation lines starting
/// with a blank; field names are case-insensitive; `Enabled: no` disables
/// the stanza.
pub fn parse_deb822_sources(path: &str, text: &str) -> SourcesFile {
    let mut file = SourcesFile {
        path: path.to_string(),
        format: SourcesFormat::Deb822,
        entries: Vec::new(),
        invalid: Vec::new(),
    };
    // (field lower-case, value, line)
    let mut stanza: Vec<(String, String, u32)> = Vec::new();
    let finish = |stanza: &mut Vec<(String, String, u32)>, file: &mut SourcesFile| {
        if stanza.is_empty() {
            return;
        }
        let fields = std::mem::take(stanza);
        let list = |name: &str| -> Vec<String> {
            fields
                .iter()
                .filter(|(k, _, _)| k == name)
                .flat_map(|(_, v, _)| v.split_whitespace().map(String::from))
                .collect()
        };
        let enabled = fields
            .iter()
            .rev()
            .find(|(k, _, _)| k == "enabled")
            .map(|(_, v, _)| apt_bool(v) != Some(false))
            .unwrap_or(true);
        let options = fields
            .iter()
            .filter(|(k, _, _)| SIGNATURE_OPTIONS.contains(&k.as_str()))
            .map(|(k, v, l)| ConfEntry {
                line: *l,
                key: k.clone(),
                value: Some(v.clone()),
            })
            .collect();
        file.entries.push(SourceEntry {
            line: fields.first().map(|f| f.2).unwrap_or(0),
            types: list("types"),
            uris: list("uris").iter().map(|u| strip_credentials(u)).collect(),
            suites: list("suites"),
            enabled,
            options,
        });
    };
    for (n, raw) in text.lines().enumerate() {
        let line_no = n as u32 + 1;
        if raw.trim().is_empty() {
            finish(&mut stanza, &mut file);
            continue;
        }
        if raw.trim_start().starts_with('#') {
            continue;
        }
        if raw.starts_with([' ', '\t']) {
            if let Some(last) = stanza.last_mut() {
                let v = raw.trim();
                if v != "." {
                    last.1.push(' ');
                    last.1.push_str(v);
                }
            }
            continue;
        }
        match raw.split_once(':') {
            Some((field, value)) if !field.trim().is_empty() => stanza.push((
                field.trim().to_ascii_lowercase(),
                value.trim().to_string(),
                line_no,
            )),
            _ => file.invalid.push(InvalidLine {
                line: line_no,
                text: raw.to_string(),
            }),
        }
    }
    finish(&mut stanza, &mut file);
    file
}

/// The sources files in apt's order: `sources.list`, then the parts
/// directory (`.list` and `.sources`, byte order).
pub fn sources_files(fs: &dyn Fs) -> Vec<String> {
    let mut files = Vec::new();
    if fs.exists(SOURCES_LIST) {
        files.push(SOURCES_LIST.to_string());
    }
    files.extend(
        fs.read_dir(SOURCES_DIR)
            .unwrap_or_default()
            .into_iter()
            .filter(|n| apt_file_name_ok(n, &["list", "sources"]))
            .map(|n| format!("{SOURCES_DIR}/{n}"))
            .filter(|p| fs.is_file(p)),
    );
    files
}

/// Whether an `apt-get -s` release list is a security archive: Debian's
/// `Debian-Security:12/stable-security`, Ubuntu's `Ubuntu:24.04/noble-security`
/// (and ESM's `...-apps-security`).
fn security_release(releases: &str) -> bool {
    releases.split(", ").any(|r| {
        let r = r.trim();
        r.starts_with("Debian-Security:")
            || r.split_whitespace()
                .next()
                .unwrap_or("")
                .split('/')
                .nth(1)
                .is_some_and(|suite| suite.ends_with("-security"))
    })
}

/// `apt-get -s dist-upgrade` output: `Inst pkg [old] (new Origin:Version/suite[, ...] [arch])`
/// lines, and the `N upgraded, M newly installed, ...` summary.
pub fn parse_apt_simulation(text: &str) -> PendingUpdates {
    let mut pending = PendingUpdates::default();
    let mut total = 0u32;
    let mut saw_summary = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("Inst ") {
            total += 1;
            let name = rest.split_whitespace().next().unwrap_or("");
            // "(new-version Origin:Version/suite[, ...] [arch])", possibly followed by "[]".
            let releases = rest
                .find('(')
                .and_then(|i| rest[i + 1..].split(')').next())
                .and_then(|r| r.split_once(' ').map(|(_version, rel)| rel))
                .map(|r| r.rsplit_once(" [").map(|(rel, _arch)| rel).unwrap_or(r))
                .unwrap_or("");
            if security_release(releases) {
                pending.security += 1;
                push_name(&mut pending.packages, name);
            }
        } else if line.contains(" upgraded, ") && line.contains(" newly installed") {
            saw_summary = true;
        }
    }
    pending.total = saw_summary.then_some(total);
    pending
}

fn simulation(out: &CommandOutput) -> Result<PendingUpdates, String> {
    if !out.success() {
        if denied(out) {
            return Err(format!("{PERMISSION_DENIED}: {}", first_line(&out.stderr)));
        }
        return Err(format!(
            "exit code {:?}: {}",
            out.code,
            first_line(&out.stderr)
        ));
    }
    let pending = parse_apt_simulation(&out.stdout);
    if pending.total.is_none() {
        return Err("no upgrade summary in the output".into());
    }
    Ok(pending)
}

pub(super) fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect()
}

/// Whether this system uses apt.
pub fn present(fs: &dyn Fs) -> bool {
    fs.exists(DPKG_STATUS) || fs.is_dir("/etc/apt")
}

pub fn collect(sys: &Sys) -> AptEvidence {
    let fs = sys.fs;
    let status = fs.read_to_string(DPKG_STATUS);
    let stanzas = status
        .as_deref()
        .map(status_stanzas)
        .map_err(FsError::clone);
    let packages = match &stanzas {
        Ok(stanzas) => Collected::Ok {
            source: DPKG_STATUS.to_string(),
            value: watched(stanzas, WATCHED_PACKAGES),
        },
        Err(e) => fs_error(DPKG_STATUS, e.clone()),
    };
    let config = config_files(fs)
        .iter()
        .map(|p| sys.file(p, |t| parse_apt_conf(p, t)))
        .collect();
    let sources = sources_files(fs)
        .iter()
        .map(|p| {
            if p.ends_with(".sources") {
                sys.file(p, |t| parse_deb822_sources(p, t))
            } else {
                sys.file(p, |t| parse_one_line_sources(p, t))
            }
        })
        .collect();
    let units = units(
        sys,
        &[APT_DAILY_TIMER, APT_UPGRADE_TIMER, MINT_UPGRADE_TIMER],
    );
    let mut stamps: Vec<FileStamp> = [
        UPDATE_SUCCESS_STAMP,
        UPDATE_STAMP,
        UPGRADE_STAMP,
        UNATTENDED_STAMP,
        MINT_UPGRADE_FLAG,
        MINT_LOG,
        APT_CRON,
    ]
    .iter()
    .filter_map(|p| stamp(fs, p))
    .collect();
    stamps.extend(
        [APT_DAILY_TIMER, APT_UPGRADE_TIMER, MINT_UPGRADE_TIMER]
            .iter()
            .filter_map(|t| timer_stamp(fs, t)),
    );
    let lists = newest(
        files_with_ext(fs, LISTS_DIR, &["Release"])
            .iter()
            .filter_map(|p| stamp(fs, p)),
    );
    // apt-get -s takes seconds: only when asked for, and only live.
    let (pending, pending_method, security_suites) = if sys.options.thorough && sys.is_live() {
        let pending = sys.command(
            "apt-get",
            &["-s", "-o", "Debug::NoLocking=1", "dist-upgrade"],
            simulation,
        );
        (pending, PendingMethod::Simulation, Vec::new())
    } else {
        let (pending, suites) = match &stanzas {
            Ok(stanzas) => apt_security::pending(fs, stanzas),
            Err(e) => (fs_error(DPKG_STATUS, e.clone()), Vec::new()),
        };
        (pending, PendingMethod::Native, suites)
    };
    AptEvidence {
        packages,
        config,
        sources,
        units,
        stamps,
        lists,
        pending,
        pending_method,
        security_suites,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dpkg_status_keeps_only_watched_packages() {
        let text = "\
Package: apt
Status: install ok installed
Priority: important
Version: 2.6.1
Description: commandline package manager
 a continuation line with Package: fake

Package: unattended-upgrades
Status: deinstall ok config-files
Version: 2.9.1+nmu3

Package: vim
Status: install ok installed
Version: 2:9.0.1378-2
";
        let p = parse_dpkg_status(text, WATCHED_PACKAGES);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].name, "apt");
        assert!(p[0].installed());
        assert_eq!(p[0].version.as_deref(), Some("2.6.1"));
        assert_eq!(p[1].name, "unattended-upgrades");
        assert_eq!(p[1].line, 8);
        assert!(!p[1].installed());
    }

    fn kv(f: &AptConfFile) -> Vec<(u32, &str, &str, bool)> {
        f.entries
            .iter()
            .map(|e| (e.line, e.key.as_str(), e.value.as_str(), e.clear))
            .collect()
    }

    #[test]
    fn apt_conf_scopes_lists_and_comments() {
        // Debian's stock 50unattended-upgrades, shortened, and 20auto-upgrades.
        let text = r#"// Unattended-Upgrade::Origins-Pattern controls which packages are
// upgraded.
Unattended-Upgrade::Origins-Pattern {
        // Codename based matching:
//      "origin=Debian,codename=${distro_codename}-updates";
        "origin=Debian,codename=${distro_codename},label=Debian";
        "origin=Debian,codename=${distro_codename},label=Debian-Security";
        "origin=Debian,codename=${distro_codename}-security,label=Debian-Security";
};
/* a block
   comment "origin=fake"; */
Unattended-Upgrade::Package-Blacklist {
    "libc6$";
};
APT {
  Periodic {
    Update-Package-Lists "1"; # trailing comment
    Unattended-Upgrade "1";
  };
};
Acquire::http::Proxy "http://user:secret@proxy:3128"; // never kept
APT::Periodic::AutocleanInterval
   "7";
#clear APT::Periodic;
"#;
        let f = parse_apt_conf("/etc/apt/apt.conf.d/50unattended-upgrades", text);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        assert_eq!(
            kv(&f),
            vec![
                (
                    6,
                    "Unattended-Upgrade::Origins-Pattern::",
                    "origin=Debian,codename=${distro_codename},label=Debian",
                    false
                ),
                (
                    7,
                    "Unattended-Upgrade::Origins-Pattern::",
                    "origin=Debian,codename=${distro_codename},label=Debian-Security",
                    false
                ),
                (
                    8,
                    "Unattended-Upgrade::Origins-Pattern::",
                    "origin=Debian,codename=${distro_codename}-security,label=Debian-Security",
                    false
                ),
                (17, "APT::Periodic::Update-Package-Lists", "1", false),
                (18, "APT::Periodic::Unattended-Upgrade", "1", false),
                (22, "APT::Periodic::AutocleanInterval", "7", false),
                (24, "APT::Periodic", "", true),
            ]
        );
    }

    #[test]
    fn apt_conf_quotes_protect_comment_markers() {
        let text = "Unattended-Upgrade::Allowed-Origins:: \"${distro_id}:${distro_codename}-security // not a comment # nor this\";\nAPT::Get::AllowUnauthenticated true;\n";
        let f = parse_apt_conf("/etc/apt/apt.conf.d/99local", text);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        assert_eq!(
            f.entries[0].value,
            "${distro_id}:${distro_codename}-security // not a comment # nor this"
        );
        assert_eq!(f.entries[1].key, "APT::Get::AllowUnauthenticated");
        assert_eq!(f.entries[1].value, "true");
    }

    #[test]
    fn apt_conf_syntax_errors_stop_parsing() {
        let f = parse_apt_conf(
            "/x",
            "APT::Periodic::Enable \"1\" junk;\nAPT::Periodic::Unattended-Upgrade \"1\";\n",
        );
        assert!(f.entries.is_empty());
        assert_eq!(f.errors.len(), 1);
        let f = parse_apt_conf("/x", "APT::Periodic::Enable \"1\"\n");
        assert_eq!(f.errors[0].line, 1);
        let f = parse_apt_conf("/x", "#include /etc/apt/other.conf;\n");
        assert!(f.errors[0].text.contains("#include"));
    }

    #[test]
    fn apt_file_names_follow_apt_rules() {
        assert!(apt_file_name_ok("20auto-upgrades", &["conf", ""]));
        assert!(apt_file_name_ok("99local.conf", &["conf", ""]));
        assert!(!apt_file_name_ok("20auto-upgrades.dpkg-old", &["conf", ""]));
        assert!(!apt_file_name_ok("20auto-upgrades~", &["conf", ""]));
        assert!(!apt_file_name_ok(".hidden", &["conf", ""]));
        assert!(apt_file_name_ok("debian.sources", &["list", "sources"]));
        assert!(!apt_file_name_ok("old.list.save", &["list", "sources"]));
        assert!(!apt_file_name_ok("noext", &["list", "sources"]));
    }

    #[test]
    fn one_line_sources_with_options_and_comments() {
        let text = "\
deb http://deb.debian.org/debian bookworm main
# deb [trusted=yes] http://commented.example/ stable main
deb [ arch=amd64 trusted=yes ] https://user:pw@repo.example/apt stable main # comment
deb-src [allow-insecure=yes] http://src.example/ stable main
deb [signed-by=/usr/share/keyrings/x.gpg]
bogus line
";
        let f = parse_one_line_sources("/etc/apt/sources.list", text);
        assert_eq!(f.entries.len(), 3);
        assert!(f.entries[0].options.is_empty());
        let e = &f.entries[1];
        assert_eq!(e.line, 3);
        assert_eq!(e.uris, vec!["https://repo.example/apt".to_string()]);
        assert_eq!(e.options[0].key, "trusted");
        assert_eq!(e.options[0].value.as_deref(), Some("yes"));
        assert_eq!(f.entries[2].types, vec!["deb-src".to_string()]);
        assert_eq!(f.invalid.len(), 2);
    }

    #[test]
    fn deb822_stanzas_enabled_and_comments() {
        let text = "\
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

# Disabled third-party repository
Types: deb deb-src
URIs: http://old.example/
Suites: stable
Components: main
Trusted: yes
Enabled: no

Types: deb
URIs: http://local.example/
# Trusted: yes
suites: stable
components: main
Allow-Insecure: yes
";
        let f = parse_deb822_sources("/etc/apt/sources.list.d/x.sources", text);
        assert_eq!(f.entries.len(), 3);
        assert!(f.entries[0].enabled);
        assert_eq!(f.entries[0].suites.len(), 2);
        assert!(!f.entries[1].enabled);
        assert_eq!(f.entries[1].line, 8);
        assert_eq!(f.entries[1].options[0].line, 12);
        let last = &f.entries[2];
        assert_eq!(last.options.len(), 1);
        assert_eq!(last.options[0].key, "allow-insecure");
        assert_eq!(last.suites, vec!["stable".to_string()]);
    }

    #[test]
    fn evidence_recorded_before_the_method_field_was_counted_by_apt_get() {
        let evidence = AptEvidence {
            packages: Collected::Missing {
                source: DPKG_STATUS.into(),
            },
            config: Vec::new(),
            sources: Vec::new(),
            units: Collected::NotCollected {
                reason: "offline".into(),
            },
            stamps: Vec::new(),
            lists: None,
            pending: Collected::NotCollected {
                reason: "offline".into(),
            },
            pending_method: PendingMethod::Native,
            security_suites: Vec::new(),
        };
        let mut json = serde_json::to_value(&evidence).unwrap();
        assert_eq!(json["pending_method"], "native");
        json.as_object_mut().unwrap().remove("pending_method");
        let old: AptEvidence = serde_json::from_value(json).unwrap();
        assert_eq!(old.pending_method, PendingMethod::Simulation);
    }

    #[test]
    fn apt_simulation_counts_security_origins() {
        let text = "\
NOTE: This is only a simulation!
      apt-get needs root privileges for real execution.
      Keep also in mind that locking is deactivated,
      so don't depend on the relevance to the real current situation!
Reading package lists...
Building dependency tree...
Reading state information...
Calculating upgrade...
The following NEW packages will be installed:
  linux-image-6.1.0-28-amd64
The following packages will be upgraded:
  libssl3 linux-image-amd64 openssl tzdata
4 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.
Inst linux-image-6.1.0-28-amd64 (6.1.119-1 Debian-Security:12/stable-security [amd64])
Inst linux-image-amd64 [6.1.115-1] (6.1.119-1 Debian-Security:12/stable-security [amd64])
Inst libssl3 [3.0.14-1~deb12u2] (3.0.15-1~deb12u1 Debian:12.8/stable [amd64])
Inst openssl [3.0.14-1~deb12u2] (3.0.15-1~deb12u1 Debian:12.8/stable, Ubuntu:24.04/noble-security [amd64])
Inst tzdata [2024a-0+deb12u1] (2024b-0+deb12u1 Debian:12.8/stable-updates [all])
Conf linux-image-6.1.0-28-amd64 (6.1.119-1 Debian-Security:12/stable-security [amd64])
";
        let p = parse_apt_simulation(text);
        assert_eq!(p.security, 3);
        assert_eq!(
            p.packages,
            vec!["linux-image-6.1.0-28-amd64", "linux-image-amd64", "openssl"]
        );
        assert_eq!(p.total, Some(5));
        let none = parse_apt_simulation(
            "Reading package lists...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n",
        );
        assert_eq!(none.security, 0);
        assert_eq!(none.total, Some(0));
    }
}
