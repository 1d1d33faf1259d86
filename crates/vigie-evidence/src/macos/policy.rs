//! Password and lockout policy.
//!
//! - `pwpolicy -getaccountpolicies` (pwpolicy(8)): the global account
//!   policies of the local directory, as a property list after a first line
//!   "Getting global account policies". Three categories
//!   (`policyCategoryPasswordContent`, `policyCategoryAuthentication`,
//!   `policyCategoryPasswordChange`), each an array of policies with a
//!   `policyIdentifier`, a `policyContent` (a predicate such as
//!   `policyAttributePassword matches '.{10,}+'`) and `policyParameters`.
//!   Policies installed by a configuration profile appear here too, named
//!   `ProfilePayload:<UUID>:<key>`; `pwpolicy -setglobalpolicy` writes
//!   `com.apple.policy.legacy.<key>`. Only identifiers, predicates and
//!   numeric parameters are kept (the localized descriptions are dropped).
//! - The Passcode payload of a configuration profile
//!   (`com.apple.mobiledevice.passwordpolicy`), as managed preferences in
//!   `/Library/Managed Preferences/com.apple.mobiledevice.passwordpolicy.plist`
//!   (readable without rights, present only when a profile sets it).

use super::plist::{self, Value};
use crate::model::Collected;
use crate::sys::{Sys, PERMISSION_DENIED};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const PASSCODE_PLIST: &str =
    "/Library/Managed Preferences/com.apple.mobiledevice.passwordpolicy.plist";

/// One account policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountPolicy {
    /// `policyCategoryPasswordContent`, `policyCategoryAuthentication`,
    /// `policyCategoryPasswordChange`.
    pub category: String,
    pub identifier: String,
    /// The predicate, as written.
    pub content: String,
    /// `policyParameters`, numbers and strings as text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, String>,
}

impl AccountPolicy {
    pub fn param(&self, key: &str) -> Option<i64> {
        self.parameters.get(key).and_then(|v| v.trim().parse().ok())
    }
}

/// The global account policies (empty when none is set).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountPolicies {
    pub policies: Vec<AccountPolicy>,
}

/// The Passcode payload's settings (Apple's Device Management reference,
/// "Passcode"): only the keys a requirement reads.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PasscodeProfile {
    pub min_length: Option<i64>,
    pub require_alphanumeric: Option<bool>,
    pub min_complex_chars: Option<i64>,
    pub allow_simple: Option<bool>,
    pub max_pin_age_in_days: Option<i64>,
    pub pin_history: Option<i64>,
    pub max_failed_attempts: Option<i64>,
    pub minutes_until_failed_login_reset: Option<i64>,
    /// Minutes; macOS turns it into the screen saver's start.
    pub max_inactivity: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyEvidence {
    pub account_policies: Collected<AccountPolicies>,
    pub passcode_profile: Collected<PasscodeProfile>,
}

impl Default for PolicyEvidence {
    fn default() -> Self {
        PolicyEvidence {
            account_policies: super::not_collected(),
            passcode_profile: super::not_collected(),
        }
    }
}

fn param_text(v: &Value) -> Option<String> {
    match v {
        Value::Integer(_) | Value::String(_) => plist::string(v),
        Value::Real(r) => Some(r.to_string()),
        Value::Boolean(b) => Some(if *b { "1".into() } else { "0".into() }),
        _ => None,
    }
}

/// Parses `pwpolicy -getaccountpolicies` output (pure). An empty
/// dictionary, or pwpolicy's "No account policies" wording, is no policy.
pub fn parse_account_policies(text: &str) -> Result<AccountPolicies, String> {
    let lower = text.to_ascii_lowercase();
    if lower.contains("permission denied")
        || lower.contains("not authorized")
        || lower.contains("operation not permitted")
    {
        return Err(format!("{PERMISSION_DENIED}: {}", text.trim()));
    }
    if !text.contains('<') && lower.contains("no ") && lower.contains("polic") {
        return Ok(AccountPolicies::default());
    }
    let v = plist::parse(text.as_bytes())?;
    let dict = v
        .as_dictionary()
        .ok_or_else(|| "the policies are not a dictionary".to_string())?;
    let mut policies = Vec::new();
    for (category, list) in dict {
        let Some(list) = list.as_array() else {
            continue;
        };
        for p in list {
            let parameters = plist::get(p, "policyParameters")
                .and_then(Value::as_dictionary)
                .map(|d| {
                    d.iter()
                        .filter_map(|(k, v)| param_text(v).map(|t| (k.clone(), t)))
                        .collect()
                })
                .unwrap_or_default();
            policies.push(AccountPolicy {
                category: category.clone(),
                identifier: plist::get_string(p, "policyIdentifier").unwrap_or_default(),
                content: plist::get_string(p, "policyContent").unwrap_or_default(),
                parameters,
            });
        }
    }
    Ok(AccountPolicies { policies })
}

/// The Passcode payload's keys from its managed preferences (pure).
pub fn passcode_profile(v: &Value) -> PasscodeProfile {
    PasscodeProfile {
        min_length: plist::get_int(v, "minLength"),
        require_alphanumeric: plist::get_bool(v, "requireAlphanumeric"),
        min_complex_chars: plist::get_int(v, "minComplexChars"),
        allow_simple: plist::get_bool(v, "allowSimple"),
        max_pin_age_in_days: plist::get_int(v, "maxPINAgeInDays"),
        pin_history: plist::get_int(v, "pinHistory"),
        max_failed_attempts: plist::get_int(v, "maxFailedAttempts"),
        minutes_until_failed_login_reset: plist::get_int(v, "minutesUntilFailedLoginReset"),
        max_inactivity: plist::get_int(v, "maxInactivity"),
    }
}

pub fn collect(sys: &Sys) -> PolicyEvidence {
    PolicyEvidence {
        account_policies: sys.command("pwpolicy", &["-getaccountpolicies"], |out| {
            parse_account_policies(&format!("{}\n{}", out.stdout, out.stderr))
        }),
        passcode_profile: plist::file(sys, PASSCODE_PLIST, passcode_profile),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"Getting global account policies
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>policyCategoryAuthentication</key>
	<array>
		<dict>
			<key>policyContent</key>
			<string>(policyAttributeFailedAuthentications &lt; policyAttributeMaximumFailedAuthentications) OR (policyAttributeCurrentTime &gt; (policyAttributeLastFailedAuthenticationTime + autoEnableInSeconds))</string>
			<key>policyIdentifier</key>
			<string>ProfilePayload:3F1C2A4E-8D57-4C0B-9E21-6A0D5B7C9E11:maxFailedAttempts</string>
			<key>policyParameters</key>
			<dict>
				<key>autoEnableInSeconds</key>
				<integer>900</integer>
				<key>policyAttributeMaximumFailedAuthentications</key>
				<integer>3</integer>
			</dict>
		</dict>
	</array>
	<key>policyCategoryPasswordContent</key>
	<array>
		<dict>
			<key>policyContent</key>
			<string>policyAttributePassword matches '.{12,}+'</string>
			<key>policyContentDescription</key>
			<dict>
				<key>fr</key>
				<string>Le mot de passe doit contenir au moins 12 caractères.</string>
			</dict>
			<key>policyIdentifier</key>
			<string>ProfilePayload:3F1C2A4E-8D57-4C0B-9E21-6A0D5B7C9E11:minLength</string>
			<key>policyParameters</key>
			<dict>
				<key>minimumLength</key>
				<integer>12</integer>
			</dict>
		</dict>
	</array>
</dict>
</plist>
"#;

    #[test]
    fn policies_with_parameters_and_no_descriptions() {
        let p = parse_account_policies(SAMPLE).unwrap();
        assert_eq!(p.policies.len(), 2);
        let auth = &p.policies[0];
        assert_eq!(auth.category, "policyCategoryAuthentication");
        assert_eq!(auth.param("autoEnableInSeconds"), Some(900));
        assert_eq!(
            auth.param("policyAttributeMaximumFailedAuthentications"),
            Some(3)
        );
        assert!(p.policies[1].content.contains(".{12,}+"));
        assert!(!format!("{p:?}").contains("caractères"));
    }

    #[test]
    fn no_policy_and_refusals() {
        let empty = "Getting global account policies\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\">\n<dict/>\n</plist>\n";
        assert!(parse_account_policies(empty).unwrap().policies.is_empty());
        let e =
            parse_account_policies("Getting global account policies\nError: Permission denied\n")
                .unwrap_err();
        assert!(e.starts_with(PERMISSION_DENIED));
        assert!(parse_account_policies("garbage").is_err());
    }

    #[test]
    fn passcode_payload_keys() {
        let v = plist::parse(
            br#"<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict>
            <key>minLength</key><integer>10</integer>
            <key>requireAlphanumeric</key><true/>
            <key>maxFailedAttempts</key><integer>3</integer>
            <key>pinHistory</key><integer>3</integer>
            </dict></plist>"#,
        )
        .unwrap();
        let p = passcode_profile(&v);
        assert_eq!(p.min_length, Some(10));
        assert_eq!(p.require_alphanumeric, Some(true));
        assert_eq!(p.max_failed_attempts, Some(3));
        assert_eq!(p.max_pin_age_in_days, None);
    }
}
