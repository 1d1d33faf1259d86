//! `/etc/pam.d` as Linux-PAM loads it: comments, continuation lines,
//! `include`, `substack` and Debian's `@include`, `[value=action]` controls,
//! module arguments with `[...]` quoting.

use crate::fs::{Fs, FsError};
use crate::model::{
    Origin, PamAction, PamActionPair, PamConfig, PamControl, PamEntry, PamProblem, PamService,
    PamType,
};
use std::cell::RefCell;
use std::collections::HashMap;

/// Where service and included files are looked for, in order: the admin's
/// directory, then the vendor directories some distributions use.
pub const PAM_DIRS: &[&str] = &["/etc/pam.d", "/usr/lib/pam.d", "/usr/etc/pam.d"];
/// Include depth after which Linux-PAM gives up (PAM_SUBSTACK_MAX_LEVEL).
const MAX_DEPTH: usize = 16;

/// One logical line of a PAM file, before includes are expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PamLine {
    /// Debian's `@include file`: every line of the file, all types.
    IncludeAll { target: String, origin: Origin },
    /// `type include file`: the file's lines of that type.
    Include {
        kind: PamType,
        target: String,
        origin: Origin,
    },
    /// `type substack file`, or a module line.
    Entry(PamEntry),
    /// A line PAM would reject.
    Invalid { origin: Origin, message: String },
}

/// Splits a PAM file into logical lines: `#` ends a line anywhere, a trailing
/// backslash joins the next line.
fn logical_lines(text: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0u32;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim_end();
        if current.is_empty() {
            start = n as u32 + 1;
        }
        // A line holding a comment ends there, backslash or not.
        if let Some(cont) = line.strip_suffix('\\').filter(|_| !raw.contains('#')) {
            current.push_str(cont);
            current.push(' ');
            continue;
        }
        current.push_str(line);
        if !current.trim().is_empty() {
            out.push((start, current.trim().to_string()));
        }
        current.clear();
    }
    if !current.trim().is_empty() {
        out.push((start, current.trim().to_string()));
    }
    out
}

/// Splits on whitespace, keeping `[ ... ]` together (a `\]` inside is a
/// literal bracket), as Linux-PAM does for controls and arguments.
fn tokens(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut tok = String::new();
        if c == '[' {
            while let Some(c) = chars.next() {
                if c == '\\' && chars.peek() == Some(&']') {
                    tok.push(']');
                    chars.next();
                    continue;
                }
                tok.push(c);
                if c == ']' {
                    break;
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                tok.push(c);
                chars.next();
            }
        }
        out.push(tok);
    }
    out
}

fn parse_type(word: &str) -> Option<PamType> {
    match word.to_ascii_lowercase().as_str() {
        "auth" => Some(PamType::Auth),
        "account" => Some(PamType::Account),
        "password" => Some(PamType::Password),
        "session" => Some(PamType::Session),
        _ => None,
    }
}

/// Parses a `[value=action ...]` control.
pub fn parse_actions(inner: &str) -> Result<Vec<PamActionPair>, String> {
    let mut pairs = Vec::new();
    for item in inner.split_whitespace() {
        let (value, action) = item
            .split_once('=')
            .ok_or_else(|| format!("\"{item}\" is not value=action"))?;
        let action = match action.to_ascii_lowercase().as_str() {
            "ignore" => PamAction::Ignore,
            "bad" => PamAction::Bad,
            "die" => PamAction::Die,
            "ok" => PamAction::Ok,
            "done" => PamAction::Done,
            "reset" => PamAction::Reset,
            n => match n.parse::<u32>() {
                Ok(0) => return Err("a jump of 0 is not allowed".into()),
                Ok(n) => PamAction::Jump(n),
                Err(_) => return Err(format!("unknown action \"{action}\"")),
            },
        };
        pairs.push(PamActionPair {
            value: value.to_ascii_lowercase(),
            action,
        });
    }
    Ok(pairs)
}

/// Parses one PAM file (pure).
pub fn parse_pam_file(path: &str, text: &str) -> Vec<PamLine> {
    let mut out = Vec::new();
    for (line, content) in logical_lines(text) {
        let origin = Origin {
            file: path.to_string(),
            line,
        };
        let toks = tokens(&content);
        if toks[0] == "@include" {
            match toks.get(1) {
                Some(t) => out.push(PamLine::IncludeAll {
                    target: t.clone(),
                    origin,
                }),
                None => out.push(PamLine::Invalid {
                    origin,
                    message: "@include without a file".into(),
                }),
            }
            continue;
        }
        let (skip_if_missing, type_word) = match toks[0].strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, toks[0].as_str()),
        };
        let Some(kind) = parse_type(type_word) else {
            out.push(PamLine::Invalid {
                origin,
                message: format!("unknown module type \"{}\"", toks[0]),
            });
            continue;
        };
        let (Some(control), Some(module)) = (toks.get(1), toks.get(2)) else {
            out.push(PamLine::Invalid {
                origin,
                message: "expected: type control module [arguments]".into(),
            });
            continue;
        };
        let control = if let Some(inner) = control.strip_prefix('[') {
            match parse_actions(inner.strip_suffix(']').unwrap_or(inner)) {
                Ok(pairs) => PamControl::Actions(pairs),
                // Linux-PAM keeps the module but makes every return value "bad".
                Err(message) => {
                    out.push(PamLine::Invalid {
                        origin: origin.clone(),
                        message,
                    });
                    PamControl::Actions(vec![PamActionPair {
                        value: "default".into(),
                        action: PamAction::Bad,
                    }])
                }
            }
        } else {
            match control.to_ascii_lowercase().as_str() {
                "required" => PamControl::Required,
                "requisite" => PamControl::Requisite,
                "sufficient" => PamControl::Sufficient,
                "optional" => PamControl::Optional,
                "substack" => PamControl::Substack,
                "include" => {
                    out.push(PamLine::Include {
                        kind,
                        target: module.clone(),
                        origin,
                    });
                    continue;
                }
                other => {
                    out.push(PamLine::Invalid {
                        origin,
                        message: format!("unknown control \"{other}\""),
                    });
                    continue;
                }
            }
        };
        let args = toks[3..]
            .iter()
            .map(|a| {
                a.strip_prefix('[')
                    .and_then(|a| a.strip_suffix(']'))
                    .unwrap_or(a)
                    .to_string()
            })
            .collect();
        out.push(PamLine::Entry(PamEntry {
            kind,
            control,
            module: module.clone(),
            args,
            origin,
            skip_if_missing,
            module_present: None,
            substack: Vec::new(),
        }));
    }
    out
}

/// Loads services through a file system, expanding includes.
pub struct PamLoader<'a> {
    fs: &'a dyn Fs,
    module_dirs: Vec<String>,
    /// Services share files (`common-auth`, `system-auth`, `other`): each
    /// file is read once per audit, whatever the number of services.
    files: RefCell<HashMap<String, Result<String, FsError>>>,
}

impl<'a> PamLoader<'a> {
    pub fn new(fs: &'a dyn Fs) -> Self {
        PamLoader {
            fs,
            module_dirs: module_dirs(fs),
            files: RefCell::new(HashMap::new()),
        }
    }

    fn read(&self, path: &str) -> Result<String, FsError> {
        self.files
            .borrow_mut()
            .entry(path.to_string())
            .or_insert_with(|| self.fs.read_to_string(path))
            .clone()
    }

    /// Finds a PAM file by name: absolute, or in [`PAM_DIRS`].
    fn find(&self, name: &str) -> Result<(String, String), FsError> {
        if name.starts_with('/') {
            return self.read(name).map(|t| (name.to_string(), t));
        }
        let mut first_err = FsError::NotFound;
        for dir in PAM_DIRS {
            let path = format!("{dir}/{name}");
            match self.read(&path) {
                Ok(text) => return Ok((path, text)),
                Err(FsError::NotFound) => {}
                Err(e) => {
                    if first_err == FsError::NotFound {
                        first_err = e;
                    }
                }
            }
        }
        Err(first_err)
    }

    /// The whole configuration for these services.
    pub fn load(&self, services: &[&str]) -> Result<PamConfig, FsError> {
        // Without any PAM directory, there is no PAM configuration to judge.
        if PAM_DIRS.iter().all(|d| self.fs.read_dir(d).is_err()) {
            return Err(FsError::NotFound);
        }
        Ok(PamConfig {
            module_dirs: self.module_dirs.clone(),
            services: services.iter().map(|s| self.service(s)).collect(),
        })
    }

    /// One service, falling back to `other` as Linux-PAM does.
    pub fn service(&self, name: &str) -> PamService {
        let mut service = PamService {
            name: name.to_string(),
            file: None,
            uses_other: false,
            stack: Vec::new(),
            problems: Vec::new(),
        };
        let found = match self.find(name) {
            Ok(found) => Some(found),
            Err(FsError::NotFound) => {
                service.uses_other = true;
                self.find("other").ok()
            }
            Err(e) => {
                service.problems.push(PamProblem {
                    origin: Origin {
                        file: format!("/etc/pam.d/{name}"),
                        line: 0,
                    },
                    message: e.to_string(),
                });
                None
            }
        };
        if let Some((path, text)) = found {
            let mut chain = vec![path.clone()];
            service.stack = self.expand(&path, &text, None, &mut chain, &mut service.problems);
            service.file = Some(path);
        }
        // Linux-PAM uses `other` for each type the service file leaves empty.
        if !service.uses_other && service.file.is_some() && name != "other" {
            let missing: Vec<PamType> = [
                PamType::Auth,
                PamType::Account,
                PamType::Password,
                PamType::Session,
            ]
            .into_iter()
            .filter(|t| !service.stack.iter().any(|e| e.kind == *t))
            .collect();
            if !missing.is_empty() {
                if let Ok((path, text)) = self.find("other") {
                    let mut chain = vec![path.clone()];
                    let other = self.expand(&path, &text, None, &mut chain, &mut service.problems);
                    service
                        .stack
                        .extend(other.into_iter().filter(|e| missing.contains(&e.kind)));
                }
            }
        }
        service
    }

    fn expand(
        &self,
        path: &str,
        text: &str,
        only: Option<PamType>,
        chain: &mut Vec<String>,
        problems: &mut Vec<PamProblem>,
    ) -> Vec<PamEntry> {
        let mut out = Vec::new();
        for line in parse_pam_file(path, text) {
            match line {
                PamLine::Invalid { origin, message } => {
                    problems.push(PamProblem { origin, message })
                }
                PamLine::IncludeAll { target, origin } => {
                    out.extend(self.include(&target, only, &origin, chain, problems));
                }
                PamLine::Include {
                    kind,
                    target,
                    origin,
                } => {
                    if only.is_none_or(|t| t == kind) {
                        out.extend(self.include(&target, Some(kind), &origin, chain, problems));
                    }
                }
                PamLine::Entry(mut entry) => {
                    if only.is_some_and(|t| t != entry.kind) {
                        continue;
                    }
                    if entry.control == PamControl::Substack {
                        entry.substack = self.include(
                            &entry.module,
                            Some(entry.kind),
                            &entry.origin,
                            chain,
                            problems,
                        );
                    } else {
                        entry.module_present = self.module_present(&entry.module);
                    }
                    out.push(entry);
                }
            }
        }
        out
    }

    fn include(
        &self,
        target: &str,
        only: Option<PamType>,
        origin: &Origin,
        chain: &mut Vec<String>,
        problems: &mut Vec<PamProblem>,
    ) -> Vec<PamEntry> {
        let (path, text) = match self.find(target) {
            Ok(found) => found,
            Err(e) => {
                problems.push(PamProblem {
                    origin: origin.clone(),
                    message: format!("included file \"{target}\": {e}"),
                });
                return Vec::new();
            }
        };
        if chain.contains(&path) || chain.len() >= MAX_DEPTH {
            problems.push(PamProblem {
                origin: origin.clone(),
                message: format!("include loop or too deep at \"{path}\""),
            });
            return Vec::new();
        }
        chain.push(path.clone());
        let entries = self.expand(&path, &text, only, chain, problems);
        chain.pop();
        entries
    }

    fn module_present(&self, module: &str) -> Option<bool> {
        if module.starts_with('/') {
            return Some(self.fs.is_file(module));
        }
        if self.module_dirs.is_empty() {
            return None;
        }
        Some(
            self.module_dirs
                .iter()
                .any(|d| self.fs.is_file(&format!("{d}/{module}"))),
        )
    }
}

/// The directories holding PAM modules on this system (multiarch included).
fn module_dirs(fs: &dyn Fs) -> Vec<String> {
    let mut candidates: Vec<String> = [
        "/lib/security",
        "/lib64/security",
        "/usr/lib/security",
        "/usr/lib64/security",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for base in ["/lib", "/usr/lib"] {
        if let Ok(names) = fs.read_dir(base) {
            for name in names.iter().filter(|n| n.contains("-linux-")) {
                candidates.push(format!("{base}/{name}/security"));
            }
        }
    }
    candidates.retain(|d| fs.read_dir(d).is_ok());
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(line: &PamLine) -> &PamEntry {
        match line {
            PamLine::Entry(e) => e,
            other => panic!("not an entry: {other:?}"),
        }
    }

    #[test]
    fn parses_controls_arguments_and_comments() {
        let text = "\
# comment line
password\trequisite\tpam_pwquality.so retry=3 minlen=12 # trailing
password [success=1 default=ignore]\tpam_unix.so obscure use_authtok \\
    yescrypt
-password optional pam_gnome_keyring.so
#password required pam_pwhistory.so remember=5
Auth Required pam_env.so [envfile=/etc/a b]
@include common-session
password include system-auth
account foo pam_x.so
bogus required pam_x.so
";
        let lines = parse_pam_file("/etc/pam.d/t", text);
        assert_eq!(lines.len(), 8, "{lines:#?}");
        let q = entry(&lines[0]);
        assert_eq!(q.control, PamControl::Requisite);
        assert_eq!(q.args, vec!["retry=3", "minlen=12"]);
        assert_eq!(q.origin.line, 2);
        let u = entry(&lines[1]);
        assert_eq!(u.origin.line, 3);
        assert_eq!(u.args, vec!["obscure", "use_authtok", "yescrypt"]);
        assert_eq!(
            u.control,
            PamControl::Actions(vec![
                PamActionPair {
                    value: "success".into(),
                    action: PamAction::Jump(1)
                },
                PamActionPair {
                    value: "default".into(),
                    action: PamAction::Ignore
                },
            ])
        );
        assert!(entry(&lines[2]).skip_if_missing);
        let env = entry(&lines[3]);
        assert_eq!(env.kind, PamType::Auth);
        assert_eq!(env.control, PamControl::Required);
        assert_eq!(env.args, vec!["envfile=/etc/a b"]);
        assert!(
            matches!(&lines[4], PamLine::IncludeAll { target, .. } if target == "common-session")
        );
        assert!(
            matches!(&lines[5], PamLine::Include { kind: PamType::Password, target, .. } if target == "system-auth")
        );
        assert!(matches!(&lines[6], PamLine::Invalid { message, .. } if message.contains("foo")));
        assert!(matches!(&lines[7], PamLine::Invalid { message, .. } if message.contains("bogus")));
    }

    #[test]
    fn bracket_arguments_may_hold_escaped_brackets() {
        let lines = parse_pam_file(
            "f",
            "auth required pam_x.so [query=select * from t where a=\\]b] other\n",
        );
        assert_eq!(
            entry(&lines[0]).args,
            vec!["query=select * from t where a=]b", "other"]
        );
    }

    /// Counts reads, to prove shared files are read once.
    struct Counting {
        files: std::collections::BTreeMap<&'static str, &'static str>,
        reads: RefCell<Vec<String>>,
    }

    impl Fs for Counting {
        fn read_to_string(&self, path: &str) -> Result<String, FsError> {
            self.reads.borrow_mut().push(path.to_string());
            self.files
                .get(path)
                .map(|s| s.to_string())
                .ok_or(FsError::NotFound)
        }
        fn read_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
            if path == "/etc/pam.d" {
                Ok(Vec::new())
            } else {
                Err(FsError::NotFound)
            }
        }
        fn is_file(&self, path: &str) -> bool {
            self.files.contains_key(path)
        }
        fn read_bytes(&self, path: &str, _max: u64) -> Result<Vec<u8>, FsError> {
            self.read_to_string(path).map(String::into_bytes)
        }
        fn metadata(&self, _path: &str) -> Result<crate::fs::FileMeta, FsError> {
            Err(FsError::NotFound)
        }
        fn read_link(&self, _path: &str) -> Result<String, FsError> {
            Err(FsError::NotFound)
        }
    }

    #[test]
    fn shared_files_are_read_once_and_other_fills_missing_types() {
        let fs = Counting {
            files: [
                ("/etc/pam.d/login", "@include common-auth\n"),
                ("/etc/pam.d/sshd", "@include common-auth\n"),
                ("/etc/pam.d/common-auth", "auth required pam_unix.so\n"),
                ("/etc/pam.d/other", "password required pam_deny.so\n"),
            ]
            .into_iter()
            .collect(),
            reads: RefCell::new(Vec::new()),
        };
        let config = PamLoader::new(&fs)
            .load(&["login", "sshd", "passwd"])
            .unwrap();
        let reads = fs.reads.borrow();
        for path in ["/etc/pam.d/common-auth", "/etc/pam.d/other"] {
            assert_eq!(
                reads.iter().filter(|r| *r == path).count(),
                1,
                "{path}: {reads:?}"
            );
        }
        let login = config.service("login").unwrap();
        assert!(!login.uses_other);
        // login has no password lines of its own: PAM takes other's.
        assert_eq!(
            login.entries(PamType::Password).next().unwrap().module,
            "pam_deny.so"
        );
        assert!(config.service("passwd").unwrap().uses_other);
    }
}
