//! The output of `reg query KEY /s` (and the capture files holding it): keys
//! and their values. The layout does not depend on the display language:
//! key paths, value names and `REG_*` types are never translated; only the
//! default value's name ("(Default)", "(par défaut)") and error messages are,
//! and both are ignored here.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One registry value as `reg query` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegValue {
    pub name: String,
    /// `REG_DWORD`, `REG_SZ`...
    pub kind: String,
    /// As printed: `0x1` for a DWORD, the text for a string.
    pub data: String,
}

impl RegValue {
    /// A DWORD or QWORD (`0x384`), or a string holding a decimal number
    /// (screen-saver timeouts are REG_SZ).
    pub fn as_u64(&self) -> Option<u64> {
        let d = self.data.trim();
        match d.strip_prefix("0x").or_else(|| d.strip_prefix("0X")) {
            Some(hex) => u64::from_str_radix(hex, 16).ok(),
            None => d.parse().ok(),
        }
    }
}

/// One key and its own values (subkeys are separate entries).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegKey {
    /// Full path as printed, e.g. `HKEY_LOCAL_MACHINE\SOFTWARE\Policies\...`.
    pub path: String,
    pub values: Vec<RegValue>,
}

impl RegKey {
    /// A value by name, ignoring case as the registry does.
    pub fn value(&self, name: &str) -> Option<&RegValue> {
        self.values
            .iter()
            .find(|v| v.name.eq_ignore_ascii_case(name))
    }
}

/// Parses `reg query` output: key lines start with `HKEY_`; value lines are
/// indented and hold `name`, `REG_TYPE` and data separated by runs of four
/// spaces (a name may itself contain single spaces).
pub fn parse_reg_query(text: &str) -> Vec<RegKey> {
    let mut keys: Vec<RegKey> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with("HKEY_") {
            keys.push(RegKey {
                path: line.trim().to_string(),
                values: Vec::new(),
            });
            continue;
        }
        let Some(key) = keys.last_mut() else { continue };
        if !line.starts_with("    ") {
            continue;
        }
        let body = line.trim_start();
        // Find the REG_ type token between four-space separators.
        let Some(type_at) = body.find("    REG_") else {
            continue;
        };
        let name = body[..type_at].trim_end().to_string();
        let rest = body[type_at + 4..].trim_start();
        let (kind, data) = match rest.split_once("    ") {
            Some((k, d)) => (k.trim().to_string(), d.to_string()),
            None => (rest.trim().to_string(), String::new()),
        };
        if name.starts_with('(') && name.ends_with(')') {
            continue; // the localised "(Default)" value
        }
        key.values.push(RegValue { name, kind, data });
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_values_and_the_default_value() {
        let text = "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop\r\n    (par défaut)    REG_SZ    \r\n    ScreenSaveTimeOut    REG_SZ    900\r\n    ScreenSaverIsSecure    REG_DWORD    0x1\r\n    Some Name    REG_SZ    a    b\r\n\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Other\r\n";
        let keys = parse_reg_query(text);
        assert_eq!(keys.len(), 2);
        let k = &keys[0];
        assert_eq!(k.values.len(), 3);
        assert_eq!(k.value("screensavetimeout").unwrap().as_u64(), Some(900));
        assert_eq!(k.value("ScreenSaverIsSecure").unwrap().as_u64(), Some(1));
        assert_eq!(k.value("Some Name").unwrap().data, "a    b");
        assert!(keys[1].values.is_empty());
    }
}
