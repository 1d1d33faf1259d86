//! Parsers for line-oriented settings files. Pure functions over text.

use crate::model::{ConfEntry, ConfFile, InvalidLine};

/// libpwquality, pam_faillock and pam_pwhistory files: `key = value` or a bare
/// `key`; `#` starts a comment anywhere on the line (they truncate at the first
/// `#` before splitting).
pub fn parse_key_value(path: &str, text: &str) -> ConfFile {
    let mut file = ConfFile {
        path: path.to_string(),
        entries: Vec::new(),
        invalid: Vec::new(),
    };
    for (n, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let line_no = n as u32 + 1;
        let name_end = line
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(line.len());
        let key = &line[..name_end];
        let rest = line[name_end..].trim_start_matches(|c: char| c.is_whitespace() || c == '=');
        if key.is_empty() {
            file.invalid.push(InvalidLine {
                line: line_no,
                text: raw.to_string(),
            });
            continue;
        }
        file.entries.push(ConfEntry {
            line: line_no,
            key: key.to_string(),
            value: (!rest.is_empty()).then(|| rest.trim_end().to_string()),
        });
    }
    file
}

/// shadow's `login.defs`: `NAME VALUE` per line, comments only where `#` is the
/// first non-blank character, an optional pair of double quotes around the value.
pub fn parse_login_defs(path: &str, text: &str) -> ConfFile {
    let mut file = ConfFile {
        path: path.to_string(),
        entries: Vec::new(),
        invalid: Vec::new(),
    };
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line_no = n as u32 + 1;
        let mut parts = line.splitn(2, char::is_whitespace);
        let key = parts.next().unwrap_or("");
        let value = parts.next().map(str::trim).unwrap_or("");
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        if value.is_empty() {
            file.invalid.push(InvalidLine {
                line: line_no,
                text: raw.to_string(),
            });
            continue;
        }
        file.entries.push(ConfEntry {
            line: line_no,
            key: key.to_string(),
            value: Some(value.to_string()),
        });
    }
    file
}

/// `os-release(5)`: `KEY=value` with optional shell-style quotes.
pub fn parse_os_release(text: &str) -> crate::model::OsRelease {
    let mut os = crate::model::OsRelease::default();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value)
            .replace("\\\"", "\"");
        match key {
            "ID" => os.id = Some(value),
            "ID_LIKE" => os.id_like = value.split_whitespace().map(String::from).collect(),
            "VERSION_ID" => os.version_id = Some(value),
            "PRETTY_NAME" => os.pretty_name = Some(value),
            _ => {}
        }
    }
    os
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_value_lines() {
        let f = parse_key_value(
            "/etc/security/pwquality.conf",
            "# minlen = 8\nminlen = 12 # inline comment\n  dcredit=-1\nenforce_for_root\n = 3\n\nucredit =-1\n",
        );
        let kv: Vec<(u32, &str, Option<&str>)> = f
            .entries
            .iter()
            .map(|e| (e.line, e.key.as_str(), e.value.as_deref()))
            .collect();
        assert_eq!(
            kv,
            vec![
                (2, "minlen", Some("12")),
                (3, "dcredit", Some("-1")),
                (4, "enforce_for_root", None),
                (7, "ucredit", Some("-1")),
            ]
        );
        assert_eq!(f.invalid.len(), 1);
        assert_eq!(f.invalid[0].line, 5);
    }

    #[test]
    fn login_defs_lines() {
        let f = parse_login_defs(
            "/etc/login.defs",
            "#PASS_MAX_DAYS 30\nPASS_MAX_DAYS\t99999\n  UID_MIN   1000\nMAIL_DIR \"/var/mail\"\nLONE\n",
        );
        let kv: Vec<(u32, &str, Option<&str>)> = f
            .entries
            .iter()
            .map(|e| (e.line, e.key.as_str(), e.value.as_deref()))
            .collect();
        assert_eq!(
            kv,
            vec![
                (2, "PASS_MAX_DAYS", Some("99999")),
                (3, "UID_MIN", Some("1000")),
                (4, "MAIL_DIR", Some("/var/mail")),
            ]
        );
        assert_eq!(f.invalid[0].line, 5);
    }

    #[test]
    fn os_release() {
        let os = parse_os_release(
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nID_LIKE='rhel fedora'\n",
        );
        assert_eq!(os.id.as_deref(), Some("debian"));
        assert_eq!(os.version_id.as_deref(), Some("12"));
        assert_eq!(os.id_like, vec!["rhel", "fedora"]);
        assert_eq!(
            os.pretty_name.as_deref(),
            Some("Debian GNU/Linux 12 (bookworm)")
        );
    }
}
