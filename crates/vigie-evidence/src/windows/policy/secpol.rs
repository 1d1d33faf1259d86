//! The local password and lockout policy: `secedit /export /areas
//! SECURITYPOLICY /cfg FILE` (an INF file in UTF-16LE whose `[System
//! Access]` section holds the account policies, key names as in MS-GPSB
//! 2.2.1.1 and 2.2.1.2), or, when secedit cannot run, `net accounts`, whose
//! labels are translated but whose lines always come in the same order.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which tool the policy was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolicyTool {
    /// `secedit /export`: every setting, complexity included.
    Secedit,
    /// `net accounts`: no complexity setting.
    NetAccounts,
}

/// One account-policy setting, with the secedit key name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicySetting {
    /// `MinimumPasswordLength`, `LockoutBadCount`…
    pub key: String,
    /// The value as secedit writes it (`net accounts` words turned into
    /// secedit's numbers: "Never"/"Jamais" threshold → 0, "Unlimited"/
    /// "Illimité" maximum age → -1, "None"/"Aucun" history → 0).
    pub value: String,
    /// Line in the file or output (1-based).
    pub line: u32,
    /// The text as printed, when it differs from `value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shown: Option<String>,
}

/// The account policies of the machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityPolicy {
    pub tool: PolicyTool,
    pub settings: Vec<PolicySetting>,
}

impl SecurityPolicy {
    pub fn get(&self, key: &str) -> Option<&PolicySetting> {
        self.settings
            .iter()
            .rev()
            .find(|s| s.key.eq_ignore_ascii_case(key))
    }
    /// A setting as a number; `None` when absent or not a number.
    pub fn number(&self, key: &str) -> Option<i64> {
        self.get(key).and_then(|s| s.value.trim().parse().ok())
    }
}

/// The keys kept from `[System Access]` (no secret is ever there; the
/// account names are not kept either).
pub const SYSTEM_ACCESS_KEYS: &[&str] = &[
    "MinimumPasswordAge",
    "MaximumPasswordAge",
    "MinimumPasswordLength",
    "PasswordComplexity",
    "PasswordHistorySize",
    "LockoutBadCount",
    "ResetLockoutCount",
    "LockoutDuration",
    "AllowAdministratorLockout",
    "ClearTextPassword",
    "RequireLogonToChangePassword",
    "EnableAdminAccount",
    "EnableGuestAccount",
];

/// Parses a secedit export (already decoded): the `[System Access]`
/// section's `Key = value` lines. An error when the file has no such
/// section (secedit then failed, typically for lack of rights).
pub fn parse_secedit(text: &str) -> Result<SecurityPolicy, String> {
    let mut section = String::new();
    let mut seen_section = false;
    let mut settings = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with(';') {
            continue;
        }
        if line.starts_with('[') && line.ends_with(']') {
            section = line[1..line.len() - 1].trim().to_ascii_lowercase();
            seen_section |= section == "system access";
            continue;
        }
        if section != "system access" {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let k = k.trim();
        if !SYSTEM_ACCESS_KEYS
            .iter()
            .any(|known| known.eq_ignore_ascii_case(k))
        {
            continue;
        }
        settings.push(PolicySetting {
            key: k.to_string(),
            value: v.trim().trim_matches('"').to_string(),
            line: (i + 1) as u32,
            shown: None,
        });
    }
    if !seen_section {
        return Err("no [System Access] section in the secedit export".into());
    }
    Ok(SecurityPolicy {
        tool: PolicyTool::Secedit,
        settings,
    })
}

/// The `net accounts` lines, in the order Windows prints them, with the
/// secedit key each one gives (`None` for lines not kept).
const NET_ACCOUNTS_ORDER: &[Option<&str>] = &[
    None, // force logoff
    Some("MinimumPasswordAge"),
    Some("MaximumPasswordAge"),
    Some("MinimumPasswordLength"),
    Some("PasswordHistorySize"),
    Some("LockoutBadCount"),
    Some("LockoutDuration"),
    Some("ResetLockoutCount"),
];

/// Parses `net accounts` (English or French; the console code page may
/// mangle accents, which is why lines are matched by position and only the
/// value after the last colon is read). Words stand for numbers: a
/// threshold of "Never"/"Jamais" is 0 (no lockout), a maximum age of
/// "Unlimited"/"Illimité" is -1 (never expires), a history of
/// "None"/"Aucun(e)" is 0.
pub fn parse_net_accounts(text: &str) -> Result<SecurityPolicy, String> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(':'))
        .collect();
    if lines.len() < NET_ACCOUNTS_ORDER.len() {
        return Err(format!(
            "net accounts printed {} setting line(s), {} expected",
            lines.len(),
            NET_ACCOUNTS_ORDER.len()
        ));
    }
    let mut settings = Vec::new();
    for ((i, line), key) in lines.iter().zip(NET_ACCOUNTS_ORDER) {
        let Some(key) = key else { continue };
        let shown = line.rsplit(':').next().unwrap_or("").trim().to_string();
        let word = shown.to_lowercase();
        let value = if shown.parse::<i64>().is_ok() {
            shown.clone()
        } else if word.starts_with("never") || word.starts_with("jamais") {
            match *key {
                "MaximumPasswordAge" => "-1".into(),
                "LockoutDuration" => "-1".into(),
                _ => "0".into(),
            }
        } else if word.starts_with("unlimited") || word.starts_with("illimit") {
            "-1".into()
        } else if word.starts_with("none") || word.starts_with("aucun") {
            "0".into()
        } else {
            return Err(format!(
                "net accounts: unexpected value \"{shown}\" for {key}"
            ));
        };
        settings.push(PolicySetting {
            key: key.to_string(),
            shown: (value != shown).then_some(shown),
            value,
            line: (*i + 1) as u32,
        });
    }
    Ok(SecurityPolicy {
        tool: PolicyTool::NetAccounts,
        settings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORT: &str = "[Unicode]\nUnicode=yes\n[System Access]\nMinimumPasswordAge = 0\nMaximumPasswordAge = 42\nMinimumPasswordLength = 0\nPasswordComplexity = 0\nPasswordHistorySize = 0\nLockoutBadCount = 10\nResetLockoutCount = 10\nLockoutDuration = 10\nAllowAdministratorLockout = 1\nRequireLogonToChangePassword = 0\nForceLogoffWhenHourExpire = 0\nNewAdministratorName = \"Administrateur\"\nNewGuestName = \"Invité\"\nClearTextPassword = 0\nLSAAnonymousNameLookup = 0\nEnableAdminAccount = 0\nEnableGuestAccount = 0\n[Event Audit]\nAuditSystemEvents = 0\n[Version]\nsignature=\"$CHICAGO$\"\nRevision=1\n";

    #[test]
    fn secedit_system_access() {
        let p = parse_secedit(EXPORT).unwrap();
        assert_eq!(p.tool, PolicyTool::Secedit);
        assert_eq!(p.number("MaximumPasswordAge"), Some(42));
        assert_eq!(p.number("lockoutbadcount"), Some(10));
        assert_eq!(p.get("LockoutDuration").unwrap().line, 11);
        // Account names are not kept.
        assert!(p.get("NewAdministratorName").is_none());
        assert!(p.get("AuditSystemEvents").is_none());
        assert!(parse_secedit("[Unicode]\nUnicode=yes\n").is_err());
    }

    #[test]
    fn net_accounts_english_and_french() {
        let en = "Force user logoff how long after time expires?:       Never\r\nMinimum password age (days):                          0\r\nMaximum password age (days):                          Unlimited\r\nMinimum password length:                              12\r\nLength of password history maintained:                None\r\nLockout threshold:                                    Never\r\nLockout duration (minutes):                           30\r\nLockout observation window (minutes):                 30\r\nComputer role:                                        WORKSTATION\r\nThe command completed successfully.\r\n";
        let p = parse_net_accounts(en).unwrap();
        assert_eq!(p.tool, PolicyTool::NetAccounts);
        assert_eq!(p.number("MaximumPasswordAge"), Some(-1));
        assert_eq!(
            p.get("MaximumPasswordAge").unwrap().shown.as_deref(),
            Some("Unlimited")
        );
        assert_eq!(p.number("MinimumPasswordLength"), Some(12));
        assert_eq!(p.number("PasswordHistorySize"), Some(0));
        assert_eq!(p.number("LockoutBadCount"), Some(0));
        assert_eq!(p.number("ResetLockoutCount"), Some(30));
        assert_eq!(p.number("PasswordComplexity"), None);
        // French, with accents mangled by the console code page.
        let fr = "Fermeture forc\u{82}e de la session apr\u{8a}s expiration du d\u{82}lai ? :   Jamais\r\n\u{b5}ge minimal du mot de passe (jours) :                   1\r\n\u{b5}ge maximal du mot de passe (jours) :                   90\r\nLongueur minimale du mot de passe :                     10\r\nLongueur de l'historique des mots de passe :            3\r\nSeuil de verrouillage :                                 3\r\nDur\u{82}e du verrouillage (minutes) :                       15\r\nFen\u{88}tre d'observation du verrouillage (minutes) :       15\r\nR\u{99}le de l'ordinateur :                                  STATION DE TRAVAIL\r\nLa commande s'est termin\u{82}e correctement.\r\n";
        let p = parse_net_accounts(fr).unwrap();
        assert_eq!(p.number("MaximumPasswordAge"), Some(90));
        assert_eq!(p.number("LockoutBadCount"), Some(3));
        assert_eq!(p.number("LockoutDuration"), Some(15));
        assert_eq!(p.get("LockoutDuration").unwrap().line, 7);
        assert!(parse_net_accounts("Erreur système 5.\r\nAccès refusé.\r\n").is_err());
    }
}
