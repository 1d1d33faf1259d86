//! polkit administrator identities: who may authenticate as an
//! administrator (and, through `pkexec`, run anything as root).
//!
//! polkit ≥ 0.106 reads JavaScript rules from `/etc/polkit-1/rules.d`,
//! `/run/polkit-1/rules.d`, `/usr/local/share/polkit-1/rules.d` and
//! `/usr/share/polkit-1/rules.d`, every `*.rules` file in lexical order of
//! the file name (for equal names, `/etc` first); the first admin rule
//! (`polkit.addAdminRule`) that returns identities decides (polkit(8)).
//! The JavaScript is not run: the identities written as string literals
//! (`"unix-group:sudo"`, `"unix-user:0"`) after each `addAdminRule` call are
//! kept. polkit ≤ 0.105 (and the pkla compatibility layer) read
//! `AdminIdentities=` from `/etc/polkit-1/localauthority.conf.d/*.conf`, the
//! last file setting it winning (pklocalauthority(8)).

use crate::fs::{Fs, FsError};
use crate::model::{Collected, Origin};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const RULES_DIRS: &[&str] = &[
    "/etc/polkit-1/rules.d",
    "/run/polkit-1/rules.d",
    "/usr/local/share/polkit-1/rules.d",
    "/usr/share/polkit-1/rules.d",
];
pub const LOCAL_AUTHORITY_DIR: &str = "/etc/polkit-1/localauthority.conf.d";

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Polkit {
    /// The directories that exist, read or unreadable.
    pub dirs: Vec<Collected<()>>,
    /// Admin rules of the JavaScript rules files, in the order polkit runs them.
    pub admin_rules: Vec<PolkitAdminRule>,
    /// `AdminIdentities=` settings of the local authority, in reading order.
    pub local_authority: Vec<PolkitAdminRule>,
}

/// One admin rule and the identities it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolkitAdminRule {
    pub origin: Origin,
    /// `unix-user:NAME|UID`, `unix-group:NAME|GID`, `unix-netgroup:NAME`.
    pub identities: Vec<String>,
    /// The rule defers to the local authority (`pkla-admin-identities`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub local_authority: bool,
}

pub fn collect(fs: &dyn Fs) -> Polkit {
    let mut polkit = Polkit::default();
    // (file name, directory rank, path)
    let mut files: Vec<(String, usize, String)> = Vec::new();
    for (rank, dir) in RULES_DIRS.iter().enumerate() {
        match fs.read_dir(dir) {
            Ok(names) => {
                polkit.dirs.push(Collected::Ok {
                    source: dir.to_string(),
                    value: (),
                });
                for name in names.into_iter().filter(|n| n.ends_with(".rules")) {
                    let path = format!("{dir}/{name}");
                    files.push((name, rank, path));
                }
            }
            Err(FsError::NotFound) => {}
            Err(e) => polkit.dirs.push(crate::sys::fs_error(dir, e)),
        }
    }
    files.sort();
    for (_, _, path) in files {
        match fs.read_to_string(&path) {
            Ok(text) => polkit.admin_rules.extend(parse_rules(&path, &text)),
            Err(e) => polkit.dirs.push(crate::sys::fs_error(&path, e)),
        }
    }
    match fs.read_dir(LOCAL_AUTHORITY_DIR) {
        Ok(names) => {
            polkit.dirs.push(Collected::Ok {
                source: LOCAL_AUTHORITY_DIR.into(),
                value: (),
            });
            for name in names.into_iter().filter(|n| n.ends_with(".conf")) {
                let path = format!("{LOCAL_AUTHORITY_DIR}/{name}");
                match fs.read_to_string(&path) {
                    Ok(text) => polkit
                        .local_authority
                        .extend(parse_local_authority(&path, &text)),
                    Err(e) => polkit.dirs.push(crate::sys::fs_error(&path, e)),
                }
            }
        }
        Err(FsError::NotFound) => {}
        Err(e) => polkit
            .dirs
            .push(crate::sys::fs_error(LOCAL_AUTHORITY_DIR, e)),
    }
    polkit
}

/// Blanks out `//` and `/* */` comments, keeping line breaks (pure).
fn strip_js_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = in_string {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == q || c == '\n' {
                in_string = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => {
                in_string = Some(c);
                out.push(c);
            }
            '/' if chars.peek() == Some(&'/') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                    }
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The admin rules of one JavaScript rules file (pure).
pub fn parse_rules(path: &str, text: &str) -> Vec<PolkitAdminRule> {
    let code = strip_js_comments(text);
    let mut rules = Vec::new();
    let marker = "addAdminRule";
    let mut search = 0;
    while let Some(found) = code[search..].find(marker) {
        let start = search + found;
        let after = start + marker.len();
        // The rule's body runs to the next rule registration.
        let end = [code[after..].find("addRule"), code[after..].find(marker)]
            .into_iter()
            .flatten()
            .min()
            .map(|e| after + e)
            .unwrap_or(code.len());
        let body = &code[after..end];
        rules.push(PolkitAdminRule {
            origin: Origin {
                file: path.to_string(),
                line: code[..start].matches('\n').count() as u32 + 1,
            },
            identities: identities_in(body),
            local_authority: body.contains("pkla-admin-identities"),
        });
        search = after;
    }
    rules
}

fn identities_in(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for quote in ['"', '\''] {
        let mut parts = body.split(quote);
        parts.next();
        // Every other piece is inside quotes.
        for (i, piece) in parts.enumerate() {
            if i % 2 == 0
                && ["unix-user:", "unix-group:", "unix-netgroup:"]
                    .iter()
                    .any(|p| piece.starts_with(p))
                && !out.iter().any(|o| o == piece)
            {
                out.push(piece.to_string());
            }
        }
    }
    out
}

/// `AdminIdentities=unix-group:sudo;unix-user:0` in `[Configuration]` (pure).
pub fn parse_local_authority(path: &str, text: &str) -> Vec<PolkitAdminRule> {
    let mut out = Vec::new();
    let mut section = String::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if let Some(s) = line.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = s.trim().to_string();
            continue;
        }
        if section != "Configuration" {
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            if k.trim() == "AdminIdentities" {
                out.push(PolkitAdminRule {
                    origin: Origin {
                        file: path.to_string(),
                        line: n as u32 + 1,
                    },
                    identities: v
                        .split(';')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect(),
                    local_authority: false,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fedora_default_admin_rule() {
        let rules = parse_rules(
            "/usr/share/polkit-1/rules.d/50-default.rules",
            "/* -*- mode: js -*- */\n\n// By default, users in the wheel group are administrators\n// polkit.addAdminRule(function(action, subject) { return [\"unix-group:nope\"]; });\npolkit.addAdminRule(function(action, subject) {\n    return [\"unix-group:wheel\"];\n});\n",
        );
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].origin.line, 5);
        assert_eq!(rules[0].identities, vec!["unix-group:wheel"]);
    }

    #[test]
    fn ubuntu_local_authority() {
        let rules = parse_local_authority(
            "/etc/polkit-1/localauthority.conf.d/51-ubuntu-admin.conf",
            "[Configuration]\nAdminIdentities=unix-group:sudo;unix-group:admin\n",
        );
        assert_eq!(
            rules[0].identities,
            vec!["unix-group:sudo", "unix-group:admin"]
        );
        assert_eq!(rules[0].origin.line, 2);
    }

    #[test]
    fn pkla_compat_rule() {
        let rules = parse_rules(
            "/usr/share/polkit-1/rules.d/49-polkit-pkla-compat.rules",
            "polkit.addAdminRule(function(action, subject) {\n  var res = polkit.spawn([\"/usr/bin/pkla-admin-identities\"]);\n  return res.split(\"\\n\");\n});\npolkit.addRule(function(action, subject) { return \"unix-user:x\"; });\n",
        );
        assert_eq!(rules.len(), 1);
        assert!(rules[0].local_authority);
        assert!(rules[0].identities.is_empty());
    }
}
