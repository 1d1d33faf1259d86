//! sudoers(5): who may run what as whom. Read as sudo reads it: the main
//! file, then `#include`/`@include` files and `#includedir`/`@includedir`
//! directories in place (files in a directory in lexical order, skipping
//! names that end in `~` or contain a `.`; a relative include is relative
//! to the including file's directory, sudo 1.9.1+). Only aliases and user
//! specifications are kept; `Defaults` lines are skipped. Which rules give
//! which account full rights is for the evaluator.

use crate::fs::{Fs, FsError};
use crate::model::{Collected, Origin};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The files sudo reads; `/usr/etc/sudoers` when a distribution ships it
/// there and `/etc` has none (openSUSE).
pub const SUDOERS_PATHS: &[&str] = &["/etc/sudoers", "/usr/etc/sudoers"];
/// sudo stops at this include depth.
const MAX_DEPTH: usize = 128;

/// The sudo policy, as read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sudoers {
    /// Every file sudo reads, in order: read, missing or unreadable.
    pub files: Vec<Collected<()>>,
    pub aliases: Vec<SudoAlias>,
    pub rules: Vec<SudoRule>,
    /// Lines not understood (sudo would report a syntax error).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<SudoProblem>,
}

impl Sudoers {
    /// Whether a file or directory that sudo reads could not be read.
    pub fn incomplete(&self) -> Option<&Collected<()>> {
        self.files
            .iter()
            .find(|f| matches!(f, Collected::Unreadable { .. }))
    }
    pub fn alias(&self, kind: AliasKind, name: &str) -> Option<&SudoAlias> {
        // A later definition of the same alias replaces the earlier one.
        self.aliases
            .iter()
            .rev()
            .find(|a| a.kind == kind && a.name == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AliasKind {
    User,
    Runas,
    Host,
    Cmnd,
}

/// `User_Alias ADMINS = alice, %wheel` and the like.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SudoAlias {
    pub kind: AliasKind,
    pub name: String,
    pub members: Vec<String>,
    pub origin: Origin,
}

/// One user specification: `users hosts = (runas) TAGS: command, ...`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SudoRule {
    pub origin: Origin,
    /// As written: `alice`, `%sudo`, `%#27`, `#1000`, `ADMINS`, `ALL`, `!bob`.
    pub users: Vec<String>,
    pub hosts: Vec<String>,
    pub commands: Vec<SudoCommand>,
}

/// One command of a rule, with the run-as list and tags it inherits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SudoCommand {
    /// The run-as list inside the parentheses (`ALL:ALL`, `root`, `:adm`);
    /// `None` when omitted (root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runas: Option<String>,
    /// `NOPASSWD`, `SETENV`...
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The command as written (`ALL`, `/usr/bin/apt`, `!/usr/bin/su`, an alias).
    pub command: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SudoProblem {
    pub origin: Origin,
    pub text: String,
}

const TAGS: &[&str] = &[
    "NOPASSWD",
    "PASSWD",
    "NOEXEC",
    "EXEC",
    "SETENV",
    "NOSETENV",
    "LOG_INPUT",
    "NOLOG_INPUT",
    "LOG_OUTPUT",
    "NOLOG_OUTPUT",
    "MAIL",
    "NOMAIL",
    "FOLLOW",
    "NOFOLLOW",
    "INTERCEPT",
    "NOINTERCEPT",
];
const OPTIONS: &[&str] = &[
    "ROLE",
    "TYPE",
    "CWD",
    "CHROOT",
    "TIMEOUT",
    "NOTBEFORE",
    "NOTAFTER",
    "APPARMOR_PROFILE",
    "PRIVS",
    "LIMITPRIVS",
];

/// Reads the sudo policy from the first main file that exists.
pub fn collect(fs: &dyn Fs) -> Collected<Sudoers> {
    let main = SUDOERS_PATHS
        .iter()
        .find(|p| !matches!(fs.metadata(p), Err(FsError::NotFound)))
        .copied();
    let Some(main) = main else {
        return Collected::Missing {
            source: SUDOERS_PATHS[0].into(),
        };
    };
    let mut sudoers = Sudoers::default();
    match fs.read_to_string(main) {
        Ok(text) => {
            sudoers.files.push(Collected::Ok {
                source: main.into(),
                value: (),
            });
            parse_into(fs, &mut sudoers, main, &text, 0);
            Collected::Ok {
                source: main.into(),
                value: sudoers,
            }
        }
        Err(e) => crate::sys::fs_error(main, e),
    }
}

fn read_included(fs: &dyn Fs, sudoers: &mut Sudoers, path: &str, depth: usize) {
    if depth >= MAX_DEPTH {
        return;
    }
    match fs.read_to_string(path) {
        Ok(text) => {
            sudoers.files.push(Collected::Ok {
                source: path.into(),
                value: (),
            });
            parse_into(fs, sudoers, path, &text, depth);
        }
        Err(e) => sudoers.files.push(crate::sys::fs_error(path, e)),
    }
}

fn include_dir(fs: &dyn Fs, sudoers: &mut Sudoers, dir: &str, depth: usize) {
    match fs.read_dir(dir) {
        Ok(names) => {
            for name in names {
                // sudoers(5): names ending in '~' or containing '.' are
                // skipped (editor backups, package manager leftovers).
                if name.ends_with('~') || name.contains('.') {
                    continue;
                }
                read_included(fs, sudoers, &format!("{dir}/{name}"), depth + 1);
            }
        }
        // A missing include directory is silently ignored by sudo.
        Err(FsError::NotFound) => {}
        Err(e) => sudoers.files.push(crate::sys::fs_error(dir, e)),
    }
}

/// Resolves an include path as sudo does: relative to the including file.
fn resolve(from: &str, path: &str) -> String {
    if path.starts_with('/') {
        return path.to_string();
    }
    let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    format!("{dir}/{path}")
}

/// Parses one file's text (pure but for includes, read through `fs`).
fn parse_into(fs: &dyn Fs, sudoers: &mut Sudoers, path: &str, text: &str, depth: usize) {
    for (line_no, line) in logical_lines(text) {
        let origin = Origin {
            file: path.to_string(),
            line: line_no,
        };
        let trimmed = line.trim();
        if let Some(directive) = include_directive(trimmed) {
            match directive {
                Include::File(p) => read_included(fs, sudoers, &resolve(path, &p), depth + 1),
                Include::Dir(p) => include_dir(fs, sudoers, &resolve(path, &p), depth),
            }
            continue;
        }
        let line = strip_comment(trimmed);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match parse_line(line, &origin) {
            Some(Parsed::Aliases(a)) => sudoers.aliases.extend(a),
            Some(Parsed::Rule(r)) => sudoers.rules.extend(r),
            Some(Parsed::Skip) => {}
            None => sudoers.problems.push(SudoProblem {
                origin,
                text: line.to_string(),
            }),
        }
    }
}

/// Lines joined where one ends in a backslash, with the first line's number.
fn logical_lines(text: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut current: Option<(u32, String)> = None;
    for (n, raw) in text.lines().enumerate() {
        let (start, mut acc) = current.take().unwrap_or((n as u32 + 1, String::new()));
        if let Some(body) = raw.strip_suffix('\\') {
            acc.push_str(body);
            acc.push(' ');
            current = Some((start, acc));
        } else {
            acc.push_str(raw);
            out.push((start, acc));
        }
    }
    if let Some(c) = current {
        out.push(c);
    }
    out
}

enum Include {
    File(String),
    Dir(String),
}

fn include_directive(line: &str) -> Option<Include> {
    let unquote = |s: &str| {
        let s = s.trim();
        s.strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(s)
            .to_string()
    };
    for prefix in ["#includedir", "@includedir"] {
        if let Some(rest) = line.strip_prefix(prefix) {
            if rest.starts_with(char::is_whitespace) {
                return Some(Include::Dir(unquote(rest)));
            }
        }
    }
    for prefix in ["#include", "@include"] {
        if let Some(rest) = line.strip_prefix(prefix) {
            if rest.starts_with(char::is_whitespace) {
                return Some(Include::File(unquote(rest)));
            }
        }
    }
    None
}

/// Cuts a comment: `#` starts one unless it introduces a numeric id
/// (`#1000`, `%#27`, `(#0)`), as sudo's lexer reads it.
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'#' {
            continue;
        }
        let next_digit = bytes.get(i + 1).is_some_and(|c| c.is_ascii_digit());
        let prev = if i == 0 { None } else { Some(bytes[i - 1]) };
        let id_position = prev.is_none_or(|p| {
            p.is_ascii_whitespace() || matches!(p, b'%' | b'(' | b',' | b':' | b'=' | b'!')
        });
        if next_digit && id_position {
            continue;
        }
        return &line[..i];
    }
    line
}

enum Parsed {
    Aliases(Vec<SudoAlias>),
    Rule(Vec<SudoRule>),
    Skip,
}

fn parse_line(line: &str, origin: &Origin) -> Option<Parsed> {
    let first = line.split_whitespace().next()?;
    if first == "Defaults"
        || first.starts_with("Defaults") && first[8..].starts_with([':', '@', '!', '>'])
    {
        return Some(Parsed::Skip);
    }
    let kind = match first {
        "User_Alias" => Some(AliasKind::User),
        "Runas_Alias" => Some(AliasKind::Runas),
        "Host_Alias" => Some(AliasKind::Host),
        "Cmnd_Alias" | "Cmd_Alias" => Some(AliasKind::Cmnd),
        _ => None,
    };
    if let Some(kind) = kind {
        let rest = line[first.len()..].trim();
        let mut aliases = Vec::new();
        for def in split_definitions(rest) {
            let (name, members) = def.split_once('=')?;
            let name = name.trim();
            if name.is_empty() {
                return None;
            }
            aliases.push(SudoAlias {
                kind,
                name: name.to_string(),
                members: split_list(members),
                origin: origin.clone(),
            });
        }
        return Some(Parsed::Aliases(aliases));
    }
    parse_user_spec(line, origin).map(Parsed::Rule)
}

/// `A = x, y : B = z` → ["A = x, y", "B = z"]: a top-level ':' starts a new
/// definition only when a `NAME =` follows it.
fn split_definitions(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ':' if depth == 0 && starts_definition(&text[i + 1..]) => {
                parts.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(text[start..].trim());
    parts
}

/// Whether text begins with `NAME =` (a host list or alias name then `=`).
fn starts_definition(text: &str) -> bool {
    let t = text.trim_start();
    match t.find('=') {
        Some(eq) => {
            let head = t[..eq].trim();
            !head.is_empty()
                && !head.contains(['(', ')', ':'])
                && head
                    .split(',')
                    .all(|h| !h.trim().is_empty() && !h.trim().contains(char::is_whitespace))
        }
        None => false,
    }
}

/// A comma-separated list, blanks trimmed, `! x` joined to `!x`.
fn split_list(text: &str) -> Vec<String> {
    top_level_split(text, ',')
        .into_iter()
        .map(|s| {
            let s = s.trim();
            match s.strip_prefix('!') {
                Some(rest) => format!("!{}", rest.trim_start()),
                None => s.to_string(),
            }
        })
        .filter(|s| !s.is_empty())
        .collect()
}

fn top_level_split(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            c if c == sep && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// `users hosts = cmnds [: hosts = cmnds]...`
fn parse_user_spec(line: &str, origin: &Origin) -> Option<Vec<SudoRule>> {
    let eq = line.find('=')?;
    let left = &line[..eq];
    // Blanks around commas belong to the list; the first other blank
    // separates the user list from the host list.
    let compact = compact_commas(left);
    let mut words = compact.split_whitespace();
    let users = split_list(words.next()?);
    let hosts_text: Vec<&str> = words.collect();
    if hosts_text.is_empty() {
        return None;
    }
    let mut rules = Vec::new();
    let mut hosts = split_list(&hosts_text.join(","));
    for (i, segment) in split_definitions(&line[eq + 1..]).into_iter().enumerate() {
        let cmnds = if i == 0 {
            segment
        } else {
            let (h, c) = segment.split_once('=')?;
            hosts = split_list(h);
            c
        };
        rules.push(SudoRule {
            origin: origin.clone(),
            users: users.clone(),
            hosts: hosts.clone(),
            commands: parse_commands(cmnds)?,
        });
    }
    Some(rules)
}

fn compact_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for part in text.split(',') {
        if !out.is_empty() {
            while out.ends_with(char::is_whitespace) {
                out.pop();
            }
            out.push(',');
            out.push_str(part.trim_start());
        } else {
            out.push_str(part);
        }
    }
    // "! bob" is one item.
    out.replace("! ", "!")
}

/// The command list, each command inheriting the run-as list and tags of
/// the previous one unless it sets its own (sudoers(5)).
fn parse_commands(text: &str) -> Option<Vec<SudoCommand>> {
    let mut out = Vec::new();
    let mut runas: Option<String> = None;
    let mut tags: Vec<String> = Vec::new();
    for raw in top_level_split(text, ',') {
        let mut rest = raw.trim();
        if rest.is_empty() {
            return None;
        }
        if let Some(after) = rest.strip_prefix('(') {
            let close = after.find(')')?;
            runas = Some(after[..close].trim().to_string());
            // A new run-as list resets nothing else; tags carry on.
            rest = after[close + 1..].trim_start();
        }
        loop {
            let word_end = rest
                .find(|c: char| c == ':' || c == '=' || c.is_whitespace())
                .unwrap_or(rest.len());
            let word = &rest[..word_end];
            let after = &rest[word_end..];
            if TAGS.contains(&word) && after.starts_with(':') {
                // A tag and its opposite replace each other.
                let base = word.strip_prefix("NO").unwrap_or(word);
                tags.retain(|t| t.strip_prefix("NO").unwrap_or(t) != base);
                tags.push(word.to_string());
                rest = after[1..].trim_start();
            } else if OPTIONS.contains(&word) && after.starts_with('=') {
                let value_end = after.find(char::is_whitespace).unwrap_or(after.len());
                rest = after[value_end..].trim_start();
            } else {
                break;
            }
        }
        if rest.is_empty() {
            return None;
        }
        out.push(SudoCommand {
            runas: runas.clone(),
            tags: tags.clone(),
            command: rest.split_whitespace().collect::<Vec<_>>().join(" "),
        });
    }
    Some(out)
}

/// Parses a sudoers text with no includes (for tests and callers that
/// already have the text).
pub fn parse_text(path: &str, text: &str) -> Sudoers {
    struct NoFs;
    impl Fs for NoFs {
        fn read_to_string(&self, _: &str) -> Result<String, FsError> {
            Err(FsError::NotFound)
        }
        fn read_dir(&self, _: &str) -> Result<Vec<String>, FsError> {
            Err(FsError::NotFound)
        }
        fn is_file(&self, _: &str) -> bool {
            false
        }
        fn read_bytes(&self, _: &str, _: u64) -> Result<Vec<u8>, FsError> {
            Err(FsError::NotFound)
        }
        fn metadata(&self, _: &str) -> Result<crate::fs::FileMeta, FsError> {
            Err(FsError::NotFound)
        }
        fn read_link(&self, _: &str) -> Result<String, FsError> {
            Err(FsError::NotFound)
        }
    }
    let mut sudoers = Sudoers::default();
    parse_into(&NoFs, &mut sudoers, path, text, 0);
    sudoers
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEBIAN: &str = "\
#
# This file MUST be edited with the 'visudo' command as root.
#
Defaults\tenv_reset
Defaults\tmail_badpass
Defaults\tsecure_path=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"
Defaults\tuse_pty

# User privilege specification
root\tALL=(ALL:ALL) ALL

# Allow members of group sudo to execute any command
%sudo\tALL=(ALL:ALL) ALL

# See sudoers(5) for more information on \"@include\" directives:

@includedir /etc/sudoers.d
";

    #[test]
    fn debian_default() {
        let s = parse_text("/etc/sudoers", DEBIAN);
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        assert_eq!(s.rules.len(), 2);
        let r = &s.rules[1];
        assert_eq!(r.users, vec!["%sudo"]);
        assert_eq!(r.hosts, vec!["ALL"]);
        assert_eq!(r.origin.line, 13);
        assert_eq!(r.commands[0].runas.as_deref(), Some("ALL:ALL"));
        assert_eq!(r.commands[0].command, "ALL");
    }

    #[test]
    fn aliases_tags_ids_and_continuations() {
        let s = parse_text(
            "/etc/sudoers.d/x",
            "User_Alias ADMINS = alice, \\\n   bob : OPS = %ops\n\
             Cmnd_Alias PKG = /usr/bin/apt, /usr/bin/dpkg\n\
             #1001 ALL = (root) NOPASSWD: /usr/bin/systemctl restart cups, PASSWD: ALL\n\
             %#27, ! carol , dave  ALL=(ALL) ALL # full\n\
             ADMINS host1, host2 = ALL : host3 = (:adm) /bin/ls\n\
             Defaults:alice !requiretty\n\
             eve ALL=(ALL) CWD=* NOPASSWD: ALL\n\
             this is not sudoers\n",
        );
        assert_eq!(s.aliases.len(), 3);
        assert_eq!(s.aliases[0].name, "ADMINS");
        assert_eq!(s.aliases[0].members, vec!["alice", "bob"]);
        assert_eq!(s.aliases[1].members, vec!["%ops"]);
        assert_eq!(s.aliases[2].members, vec!["/usr/bin/apt", "/usr/bin/dpkg"]);
        assert_eq!(s.rules[0].users, vec!["#1001"]);
        assert_eq!(s.rules[0].commands.len(), 2);
        assert_eq!(s.rules[0].commands[0].tags, vec!["NOPASSWD"]);
        assert_eq!(
            s.rules[0].commands[0].command,
            "/usr/bin/systemctl restart cups"
        );
        assert_eq!(s.rules[0].commands[1].tags, vec!["PASSWD"]);
        assert_eq!(s.rules[0].commands[1].runas.as_deref(), Some("root"));
        assert_eq!(s.rules[1].users, vec!["%#27", "!carol", "dave"]);
        assert_eq!(s.rules[1].commands[0].command, "ALL");
        assert_eq!(s.rules[2].hosts, vec!["host1", "host2"]);
        assert_eq!(s.rules[3].hosts, vec!["host3"]);
        assert_eq!(s.rules[3].commands[0].runas.as_deref(), Some(":adm"));
        assert_eq!(s.rules[4].commands[0].tags, vec!["NOPASSWD"]);
        assert_eq!(s.rules[4].commands[0].command, "ALL");
        assert_eq!(s.problems.len(), 1);
        assert_eq!(s.problems[0].origin.line, 9);
    }

    #[test]
    fn include_paths() {
        assert_eq!(
            resolve("/etc/sudoers", "sudoers.local"),
            "/etc/sudoers.local"
        );
        assert_eq!(resolve("/etc/sudoers", "/etc/x"), "/etc/x");
        assert!(matches!(
            include_directive("#includedir /etc/sudoers.d"),
            Some(Include::Dir(d)) if d == "/etc/sudoers.d"
        ));
        assert!(matches!(
            include_directive("@include \"/etc/sudo rules\""),
            Some(Include::File(d)) if d == "/etc/sudo rules"
        ));
        assert!(include_directive("#include_not").is_none());
        assert_eq!(
            strip_comment("%sudo ALL=(ALL) ALL # c"),
            "%sudo ALL=(ALL) ALL "
        );
        assert_eq!(strip_comment("# whole line"), "");
    }
}
