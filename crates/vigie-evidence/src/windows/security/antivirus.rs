//! Antivirus and firewall products registered with Windows Security Center
//! (WMI `root/SecurityCenter2`, `AntiVirusProduct` and `FirewallProduct`;
//! the namespace does not exist on Windows Server), and Microsoft
//! Defender's own status (`Get-MpComputerStatus`, class
//! `MSFT_MpComputerStatus`).

use super::json;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A product as Security Center lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityProduct {
    /// `displayName`.
    pub name: String,
    /// `productState`, undecoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_state: Option<u32>,
    /// `pathToSignedProductExe`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// `timestamp`: when the product last reported its state, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
}

/// Whether a product is on, as Security Center's `productState` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductActivity {
    Off,
    On,
    /// Temporarily turned off by the user.
    Snoozed,
    /// Its licence or subscription has expired.
    Expired,
    Other(u32),
}

/// `productState` decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProductState {
    pub activity: ProductActivity,
    /// Signatures up to date (antivirus only; a firewall reports 0).
    pub up_to_date: bool,
    /// Microsoft's own product (Defender, Windows Firewall).
    pub microsoft: bool,
}

/// Decodes `productState`. Microsoft does not document the WMI value; the
/// layout used by every monitoring tool since Vista, read byte by byte
/// (neophob.com 2010 "WMI query Windows SecurityCenter2", Idera PowerTips
/// "Identifying Antivirus Engine State" 2020, stackoverflow.com/q/4700897),
/// matches the documented `WSC_SECURITY_PRODUCT_STATE` (on, off, snoozed,
/// expired) and `WSC_SECURITY_SIGNATURE_STATUS` of the Security Center API
/// (iwscapi.h):
///
/// - bits 16–23: the provider (`WSC_SECURITY_PROVIDER`: 1 firewall,
///   4 antivirus, 8 antispyware...);
/// - bits 12–15: `0` off, `1` on, `2` snoozed, `3` expired;
/// - bits 8–11: `1` for a Microsoft product;
/// - bits 4–7: `0` signatures up to date, `1` out of date.
///
/// Examples: 397568 = 0x61100 (Defender, on, up to date), 393472 = 0x60100
/// (Defender off), 266256 = 0x41010 (third party on, out of date).
pub fn decode_product_state(state: u32) -> ProductState {
    let activity = match (state >> 12) & 0xF {
        0 => ProductActivity::Off,
        1 => ProductActivity::On,
        2 => ProductActivity::Snoozed,
        3 => ProductActivity::Expired,
        n => ProductActivity::Other(n),
    };
    ProductState {
        activity,
        up_to_date: (state >> 4) & 0xF == 0,
        microsoft: (state >> 8) & 0xF == 1,
    }
}

impl SecurityProduct {
    pub fn state(&self) -> Option<ProductState> {
        self.product_state.map(decode_product_state)
    }
}

/// Parses the Security Center products of one class.
pub fn parse_products(text: &str) -> Result<Vec<SecurityProduct>, String> {
    let mut out = Vec::new();
    for v in json::objects(text)? {
        let Some(name) = json::text(&v, "displayName") else {
            continue;
        };
        out.push(SecurityProduct {
            name,
            product_state: json::integer(&v, "productState").and_then(|n| u32::try_from(n).ok()),
            path: json::text(&v, "pathToSignedProductExe"),
            timestamp: json::text(&v, "timestamp"),
        });
    }
    Ok(out)
}

/// Microsoft Defender Antivirus, as `Get-MpComputerStatus` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DefenderStatus {
    /// `AMRunningMode`: "Normal", "Passive Mode", "SxS Passive Mode",
    /// "EDR Block Mode", "Not running".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running_mode: Option<String>,
    /// `AMServiceEnabled`: the antimalware service runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_enabled: Option<bool>,
    /// `AntivirusEnabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub antivirus_enabled: Option<bool>,
    /// `RealTimeProtectionEnabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub real_time: Option<bool>,
    /// `IsTamperProtected`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tamper_protected: Option<bool>,
    /// `AntivirusSignatureVersion`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_version: Option<String>,
    /// `AntivirusSignatureAge`, in days (65535: never updated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_age_days: Option<i64>,
    /// `AntivirusSignatureLastUpdated`, RFC 3339 UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_updated: Option<String>,
}

/// Parses `Get-MpComputerStatus | Select-Object ... | ConvertTo-Json`.
pub fn parse_defender(text: &str) -> Result<DefenderStatus, String> {
    let objects = json::objects(text)?;
    let v = objects
        .first()
        .ok_or_else(|| "Get-MpComputerStatus printed nothing".to_string())?;
    Ok(DefenderStatus {
        running_mode: json::text(v, "AMRunningMode"),
        service_enabled: json::boolean(v, "AMServiceEnabled"),
        antivirus_enabled: json::boolean(v, "AntivirusEnabled"),
        real_time: json::boolean(v, "RealTimeProtectionEnabled"),
        tamper_protected: json::boolean(v, "IsTamperProtected"),
        signature_version: json::text(v, "AntivirusSignatureVersion"),
        signature_age_days: json::integer(v, "AntivirusSignatureAge"),
        signature_updated: json::date(v, "AntivirusSignatureLastUpdated"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_states_of_known_products() {
        let d = decode_product_state(397568);
        assert_eq!(d.activity, ProductActivity::On);
        assert!(d.up_to_date && d.microsoft);
        let off = decode_product_state(393472);
        assert_eq!(off.activity, ProductActivity::Off);
        let stale = decode_product_state(266256);
        assert_eq!(stale.activity, ProductActivity::On);
        assert!(!stale.up_to_date && !stale.microsoft);
        assert_eq!(
            decode_product_state(0x43000).activity,
            ProductActivity::Expired
        );
        assert_eq!(
            decode_product_state(0x42000).activity,
            ProductActivity::Snoozed
        );
    }

    #[test]
    fn products_one_or_many() {
        let one = r#"{
    "displayName":  "Windows Defender",
    "productState":  397568,
    "pathToSignedProductExe":  "windowsdefender://",
    "timestamp":  "Fri, 27 Nov 2026 06:12:31 GMT"
}"#;
        let p = parse_products(one).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].product_state, Some(397568));
        let two = format!("[{one},{{\"displayName\":\"ESET Security\",\"productState\":266240}}]");
        assert_eq!(parse_products(&two).unwrap().len(), 2);
        assert!(parse_products("").unwrap().is_empty());
    }

    #[test]
    fn defender_status_with_an_iso_date() {
        let text = r#"{
    "AMRunningMode":  "Normal",
    "AMServiceEnabled":  true,
    "AntivirusEnabled":  true,
    "RealTimeProtectionEnabled":  true,
    "IsTamperProtected":  true,
    "AntivirusSignatureVersion":  "1.421.1350.0",
    "AntivirusSignatureAge":  1,
    "AntivirusSignatureLastUpdated":  "2026-11-27T05:41:09.0000000Z"
}"#;
        let d = parse_defender(text).unwrap();
        assert_eq!(d.running_mode.as_deref(), Some("Normal"));
        assert_eq!(d.real_time, Some(true));
        assert_eq!(d.signature_age_days, Some(1));
        assert_eq!(d.signature_updated.as_deref(), Some("2026-11-27T05:41:09Z"));
        assert!(parse_defender("").is_err());
    }
}
