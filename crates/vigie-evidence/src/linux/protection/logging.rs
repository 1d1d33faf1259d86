//! System logging (6.1.2.a): systemd-journald's settings files in the order
//! journald applies them, whether the persistent journal directory exists,
//! and, on systems without systemd, the syslog daemons started at boot.

use crate::model::{Collected, ConfEntry, ConfFile, InvalidLine};
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoggingEvidence {
    /// journald.conf then its drop-ins, in the order they apply (later
    /// settings win). Empty when no file exists (built-in defaults).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub journald: Vec<Collected<ConfFile>>,
    /// Drop-ins masked by a link to /dev/null.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub masked: Vec<String>,
    /// `/var/log/journal` is a directory (Storage=auto then persists).
    #[serde(default)]
    pub persistent_dir: bool,
    /// Without systemd: syslog daemons linked into the boot runlevels
    /// (OpenRC `/etc/runlevels/*/`, SysV `/etc/rc?.d/S*`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub init_links: Vec<String>,
}

/// The directories journald's settings are read from, by precedence
/// (journald.conf(5), systemd standard-conf): `/etc`, `/run`,
/// `/usr/local/lib`, `/usr/lib` (and `/lib` on systems not merged into /usr).
const CONF_DIRS: &[&str] = &[
    "/etc/systemd",
    "/run/systemd",
    "/usr/local/lib/systemd",
    "/usr/lib/systemd",
    "/lib/systemd",
];

pub fn collect(sys: &Sys) -> LoggingEvidence {
    let mut out = LoggingEvidence::default();
    // The main file: the first found only.
    if let Some(main) = CONF_DIRS
        .iter()
        .map(|d| format!("{d}/journald.conf"))
        .find(|p| sys.fs.exists(p))
    {
        out.journald
            .push(sys.file(&main, |t| parse_systemd_section(&main, t, "Journal")));
    }
    // Drop-ins: every *.conf of every directory, sorted by file name
    // whatever its directory; a name in a directory of higher precedence
    // hides the same name below, and a link to /dev/null masks it.
    let mut names: Vec<(String, String)> = Vec::new();
    for d in CONF_DIRS {
        let dir = format!("{d}/journald.conf.d");
        for n in sys.fs.read_dir(&dir).unwrap_or_default() {
            if n.ends_with(".conf") && !names.iter().any(|(m, _)| *m == n) {
                names.push((n.clone(), format!("{dir}/{n}")));
            }
        }
    }
    names.sort();
    for (_, path) in names {
        if sys.fs.read_link(&path).ok().as_deref() == Some("/dev/null") {
            out.masked.push(path);
            continue;
        }
        out.journald
            .push(sys.file(&path, |t| parse_systemd_section(&path, t, "Journal")));
    }
    out.persistent_dir = sys.fs.is_dir("/var/log/journal");
    if !sys.fs.is_dir("/etc/systemd/system") {
        for dir in [
            "/etc/runlevels/boot",
            "/etc/runlevels/default",
            "/etc/runlevels/sysinit",
            "/etc/rc2.d",
            "/etc/rc3.d",
            "/etc/rc5.d",
        ] {
            for n in sys.fs.read_dir(dir).unwrap_or_default() {
                let sysv = dir.starts_with("/etc/rc");
                if n.contains("syslog") && (!sysv || n.starts_with('S')) {
                    out.init_links.push(format!("{dir}/{n}"));
                }
            }
        }
    }
    out
}

/// A systemd settings file (systemd.syntax(7)): `[Section]` headers,
/// `Key=Value` lines, `#` and `;` comments at the start of a line. Only the
/// entries of `section` are kept.
pub fn parse_systemd_section(path: &str, text: &str, section: &str) -> ConfFile {
    let mut file = ConfFile {
        path: path.to_string(),
        entries: Vec::new(),
        invalid: Vec::new(),
    };
    let mut current = String::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let line_no = n as u32 + 1;
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name.trim().to_string();
            continue;
        }
        if current != section {
            continue;
        }
        match line.split_once('=') {
            Some((k, v)) => file.entries.push(ConfEntry {
                line: line_no,
                key: k.trim().to_string(),
                value: Some(v.trim().to_string()),
            }),
            None => file.invalid.push(InvalidLine {
                line: line_no,
                text: raw.to_string(),
            }),
        }
    }
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journald_conf_sections() {
        // Debian 12's /etc/systemd/journald.conf, abridged, with one change.
        let text = "#  This file is part of systemd.\n[Journal]\n#Storage=auto\n#Compress=yes\nStorage=volatile\n; a comment\n[Other]\nStorage=persistent\n";
        let f = parse_systemd_section("/etc/systemd/journald.conf", text, "Journal");
        assert_eq!(f.entries.len(), 1);
        assert_eq!(f.entries[0].key, "Storage");
        assert_eq!(f.entries[0].value.as_deref(), Some("volatile"));
        assert_eq!(f.entries[0].line, 5);
    }
}
