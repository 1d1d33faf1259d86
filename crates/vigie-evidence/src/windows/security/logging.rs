//! Event logs: each channel's configuration (`wevtutil gl CHANNEL`, whose
//! `key: value` lines are never translated) and the audit policy
//! (`auditpol /get /category:* /r`, CSV; subcategories are identified by
//! their GUID, the names and settings being translated).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One event log channel's configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventLogConfig {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// `retention: true`: a full log keeps its events and discards new ones
    /// (unless `autoBackup` archives it); false: oldest events are overwritten.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_backup: Option<bool>,
    /// Bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_file: Option<String>,
}

fn yes_no(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Parses `wevtutil gl CHANNEL`.
pub fn parse_wevtutil(text: &str) -> Result<EventLogConfig, String> {
    let mut c = EventLogConfig {
        name: String::new(),
        enabled: None,
        retention: None,
        auto_backup: None,
        max_size: None,
        log_file: None,
    };
    for line in text.lines() {
        let Some((key, value)) = line.trim().split_once(':') else {
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "name" => c.name = value.to_string(),
            "enabled" => c.enabled = yes_no(value),
            "retention" => c.retention = yes_no(value),
            "autoBackup" => c.auto_backup = yes_no(value),
            "maxSize" => c.max_size = value.parse().ok(),
            "logFileName" => c.log_file = Some(value.to_string()).filter(|v| !v.is_empty()),
            _ => {}
        }
    }
    if c.name.is_empty() {
        return Err("no \"name:\" line: not wevtutil's output".into());
    }
    Ok(c)
}

/// Audit subcategory GUIDs (auditpol /list /subcategory:* /v).
pub const LOGON: &str = "{0CCE9215-69AE-11D9-BED3-505054503030}";
pub const LOGOFF: &str = "{0CCE9216-69AE-11D9-BED3-505054503030}";
pub const ACCOUNT_LOCKOUT: &str = "{0CCE9217-69AE-11D9-BED3-505054503030}";
pub const CREDENTIAL_VALIDATION: &str = "{0CCE923F-69AE-11D9-BED3-505054503030}";
pub const USER_ACCOUNT_MANAGEMENT: &str = "{0CCE9235-69AE-11D9-BED3-505054503030}";
pub const SECURITY_GROUP_MANAGEMENT: &str = "{0CCE9237-69AE-11D9-BED3-505054503030}";
pub const AUDIT_POLICY_CHANGE: &str = "{0CCE922F-69AE-11D9-BED3-505054503030}";
pub const FILTERING_PLATFORM_PACKET_DROP: &str = "{0CCE9225-69AE-11D9-BED3-505054503030}";

/// One subcategory's setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditSetting {
    /// Upper case, with braces.
    pub guid: String,
    /// As printed (translated).
    pub subcategory: String,
    /// As printed (translated): "Success and Failure", "Succès et échec"...
    pub setting: String,
    pub success: bool,
    pub failure: bool,
}

fn is_guid(s: &str) -> bool {
    let s = s.trim();
    let inner = match s.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        Some(i) => i,
        None => return false,
    };
    let parts: Vec<&str> = inner.split('-').collect();
    parts.len() == 5
        && [8, 4, 4, 4, 12]
            .iter()
            .zip(&parts)
            .all(|(n, p)| p.len() == *n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Splits one CSV line (fields may be quoted).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// Whether a translated setting includes success and failure events:
/// "Success"/"Succès"/"Réussite", "Failure"/"Échec" (matched without the
/// accented letters, which a console code page may mangle); "No Auditing",
/// "Aucun audit" include neither.
pub fn classify_setting(setting: &str) -> (bool, bool) {
    let s = setting.to_lowercase();
    let success = s.contains("success") || s.contains("succ") || s.contains("ussite");
    let failure = s.contains("fail") || s.contains("chec");
    (success, failure)
}

/// Parses `auditpol /get /category:* /r`. The header is translated: the
/// columns are found by the GUID one (subcategory before it, inclusion
/// setting after it).
pub fn parse_auditpol(text: &str) -> Result<Vec<AuditSetting>, String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let fields = csv_fields(line.trim_start_matches('\u{feff}'));
        let Some(i) = fields.iter().position(|f| is_guid(f)) else {
            continue;
        };
        let setting = fields
            .get(i + 1)
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        let (success, failure) = classify_setting(&setting);
        out.push(AuditSetting {
            guid: fields[i].trim().to_ascii_uppercase(),
            subcategory: i
                .checked_sub(1)
                .and_then(|j| fields.get(j))
                .map(|s| s.trim().to_string())
                .unwrap_or_default(),
            setting,
            success,
            failure,
        });
    }
    if out.is_empty() {
        return Err("no audit subcategory in auditpol's output".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wevtutil_channel() {
        let text = "name: Security\nenabled: true\ntype: Admin\nowningPublisher: \nisolation: Custom\nchannelAccess: O:BAG:SYD:(A;;CCLCSDRCWDWO;;;SY)\nlogging:\n  logFileName: %SystemRoot%\\System32\\Winevt\\Logs\\Security.evtx\n  retention: false\n  autoBackup: false\n  maxSize: 20971520\npublishing:\n  fileMax: 1\n";
        let c = parse_wevtutil(text).unwrap();
        assert_eq!(c.name, "Security");
        assert_eq!(c.enabled, Some(true));
        assert_eq!(c.retention, Some(false));
        assert_eq!(c.max_size, Some(20_971_520));
        assert!(parse_wevtutil("Failed to read configuration").is_err());
    }

    #[test]
    fn auditpol_in_french_and_english() {
        let fr = "\nNom de l’ordinateur,Cible de la stratégie,Sous-catégorie,GUID de la sous-catégorie,Paramètre d’inclusion,Paramètre d’exclusion\nPOSTE-01,Système,Ouverture de session,{0CCE9215-69AE-11D9-BED3-505054503030},Succès et échec,\nPOSTE-01,Système,Fermeture de session,{0CCE9216-69AE-11D9-BED3-505054503030},Succès,\nPOSTE-01,Système,Abandon de paquets par la plateforme de filtrage,{0CCE9225-69AE-11D9-BED3-505054503030},Aucun audit,\n";
        let a = parse_auditpol(fr).unwrap();
        assert_eq!(a.len(), 3);
        assert_eq!(a[0].guid, LOGON);
        assert!(a[0].success && a[0].failure);
        assert!(a[1].success && !a[1].failure);
        assert!(!a[2].success && !a[2].failure);
        let en = "Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting\nPC,System,Logon,{0cce9215-69ae-11d9-bed3-505054503030},Failure,\n";
        let a = parse_auditpol(en).unwrap();
        assert_eq!(a[0].guid, LOGON);
        assert!(!a[0].success && a[0].failure);
        assert!(parse_auditpol("Error 0x00000522 occurred").is_err());
    }
}
