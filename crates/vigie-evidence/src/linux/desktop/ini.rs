//! INI-style files: GKeyFile (GDM, LightDM, dconf keyfiles, GSettings
//! overrides, session files), SDDM's files and KDE's KConfig files, reduced
//! to the entries a check needs, with their line numbers.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A settings file in `[group]` / `key=value` form, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IniFile {
    pub path: String,
    /// KDE: a `[$i]` line before any group makes the whole file immutable.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub immutable: bool,
    /// KDE: groups marked `[Group][$i]`, whose later files are ignored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub immutable_groups: Vec<String>,
    /// The entries kept, in file order.
    pub entries: Vec<IniEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IniEntry {
    pub line: u32,
    pub group: String,
    pub key: String,
    pub value: String,
    /// KDE: the key (`Key[$i]=`) or its group (`[Group][$i]`) is immutable.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub immutable: bool,
}

impl IniFile {
    /// The last value of `key` in `group` (later lines win, as in GKeyFile
    /// and KConfig).
    pub fn get(&self, group: &str, key: &str) -> Option<&IniEntry> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.group == group && e.key == key)
    }
}

/// Parses an INI-style file, keeping only the entries `keep(group, key)`
/// accepts. Lines starting with `#` or `;` are comments; whitespace around
/// `=` is ignored. With `kde`, `[$i]` markers are read (KConfig
/// immutability) and other `[$x]` options are dropped from keys and groups.
pub fn parse_ini(path: &str, text: &str, kde: bool, keep: impl Fn(&str, &str) -> bool) -> IniFile {
    let mut file = IniFile {
        path: path.to_string(),
        immutable: false,
        immutable_groups: Vec::new(),
        entries: Vec::new(),
    };
    let mut group = String::new();
    let mut group_immutable = false;
    let mut seen_group = false;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if line.starts_with('[') {
            if kde && line == "[$i]" && !seen_group {
                file.immutable = true;
                continue;
            }
            let (name, options) = split_group(line);
            seen_group = true;
            group = name;
            group_immutable = kde && options.contains('i');
            if group_immutable && !file.immutable_groups.contains(&group) {
                file.immutable_groups.push(group.clone());
            }
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let mut key = k.trim().to_string();
        let mut immutable = group_immutable;
        if kde {
            // "Key[$i]" (options) or "Key[fr]" (locale): keep the bare key.
            if let Some(open) = key.find('[') {
                let suffix = key[open..].to_string();
                if suffix.starts_with("[$") && suffix.contains('i') {
                    immutable = true;
                }
                key.truncate(open);
            }
        }
        if !keep(&group, &key) {
            continue;
        }
        file.entries.push(IniEntry {
            line: n as u32 + 1,
            group: group.clone(),
            key,
            value: v.trim().to_string(),
            immutable,
        });
    }
    file
}

/// "[Daemon][$i]" → ("Daemon", "$i"); "[Seat:*]" → ("Seat:*", "").
fn split_group(line: &str) -> (String, String) {
    let inner = line.strip_prefix('[').unwrap_or(line);
    match inner.find(']') {
        Some(end) => {
            let name = inner[..end].to_string();
            let rest = &inner[end + 1..];
            let options: String = rest
                .split(']')
                .filter_map(|p| p.trim().strip_prefix("[$"))
                .collect();
            (name, options)
        }
        None => (inner.to_string(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kde_immutability_markers() {
        let f = parse_ini(
            "/etc/xdg/kscreenlockerrc",
            "[$i]\n[Daemon][$i]\nAutolock=true\nTimeout[$i]=10\n# Timeout=99\n[Greeter]\nTheme=x\n",
            true,
            |_, _| true,
        );
        assert!(f.immutable);
        assert_eq!(f.immutable_groups, vec!["Daemon"]);
        assert_eq!(f.entries.len(), 3);
        assert!(f.entries[0].immutable);
        assert_eq!(f.get("Daemon", "Timeout").unwrap().value, "10");
        assert_eq!(f.get("Daemon", "Timeout").unwrap().line, 4);
        assert!(!f.get("Greeter", "Theme").unwrap().immutable);
    }

    #[test]
    fn gkeyfile_lines() {
        let f = parse_ini(
            "/etc/gdm3/custom.conf",
            "# GDM configuration\n[daemon]\n#  AutomaticLoginEnable = true\nAutomaticLoginEnable = True\nAutomaticLogin = alice\n[security]\nDisallowTCP=true\n",
            false,
            |g, _| g == "daemon",
        );
        assert_eq!(f.entries.len(), 2);
        assert_eq!(f.entries[0].key, "AutomaticLoginEnable");
        assert_eq!(f.entries[0].value, "True");
        assert_eq!(f.entries[0].line, 4);
    }
}
