//! Signs that a paid extension of security support is active (4.3.4.a):
//! Ubuntu Pro's status cache. The Ubuntu Pro client (`pro`, package
//! ubuntu-advantage-tools) writes the result of `pro status --format json` to
//! `/var/lib/ubuntu-advantage/status.json`, readable by everyone (the machine
//! token itself is kept apart, under `private/`, and never read). Only the
//! attachment, the esm-infra service's status and the contract's end are kept:
//! no account or contract name.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const UBUNTU_PRO_STATUS: &str = "/var/lib/ubuntu-advantage/status.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UbuntuPro {
    /// The machine is attached to an Ubuntu Pro subscription.
    pub attached: bool,
    /// Status of the `esm-infra` service ("enabled", "disabled", "n/a"…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub esm_infra: Option<String>,
    /// The subscription's end (YYYY-MM-DD), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// Parses the status cache.
pub fn parse_ubuntu_pro(json: &str) -> Result<UbuntuPro, String> {
    let v: Value = serde_json::from_str(json).map_err(|e| format!("invalid JSON: {e}"))?;
    let attached = v.get("attached").and_then(Value::as_bool).unwrap_or(false);
    let esm_infra = v
        .get("services")
        .and_then(Value::as_array)
        .and_then(|s| {
            s.iter()
                .find(|x| x.get("name").and_then(Value::as_str) == Some("esm-infra"))
        })
        .and_then(|x| x.get("status").and_then(Value::as_str))
        .map(String::from);
    let expires = v
        .get("expires")
        .and_then(Value::as_str)
        .and_then(|s| s.get(..10))
        .filter(|d| {
            d.len() == 10
                && d.bytes().enumerate().all(|(i, b)| {
                    if i == 4 || i == 7 {
                        b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }
                })
        })
        .map(String::from);
    Ok(UbuntuPro {
        attached,
        esm_infra,
        expires,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attached_with_esm_infra() {
        let p = parse_ubuntu_pro(
            r#"{"_doc": "x", "attached": true, "account": {"name": "Cabinet Dupont", "id": "a1"},
                "contract": {"name": "Ubuntu Pro", "id": "c1"}, "expires": "2031-04-30T00:00:00+00:00",
                "services": [{"name": "esm-apps", "status": "enabled"}, {"name": "esm-infra", "status": "enabled", "entitled": "yes"}]}"#,
        )
        .unwrap();
        assert!(p.attached);
        assert_eq!(p.esm_infra.as_deref(), Some("enabled"));
        assert_eq!(p.expires.as_deref(), Some("2031-04-30"));
    }

    #[test]
    fn detached_or_odd() {
        let p = parse_ubuntu_pro(
            r#"{"attached": false, "expires": "n/a", "services": [{"name": "esm-infra", "available": "yes"}]}"#,
        )
        .unwrap();
        assert!(!p.attached);
        assert_eq!(p.esm_infra, None);
        assert_eq!(p.expires, None);
        assert!(parse_ubuntu_pro("[").is_err());
    }
}
