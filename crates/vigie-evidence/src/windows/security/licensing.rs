//! Windows licences: the `SoftwareLicensingProduct` instances of Windows
//! (application 55c92734-d682-4d71-983e-d6ec3f16059f) that hold a product
//! key, as `slmgr /dli` reads them. Extended Security Updates licences for
//! Windows 10 are add-on products of the same application.

use super::json;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Activation IDs of the commercial Windows 10 ESU licences, "the same
/// across all eligible Windows ESU editions and all devices"
/// (learn.microsoft.com/windows/whats-new/enable-extended-security-updates),
/// with the last day each year covers (the second Tuesday of October).
pub const WINDOWS_10_ESU: &[(&str, &str, (i32, u8, u8))] = &[
    (
        "f520e45e-7413-4a34-a497-d2765967d094",
        "Year 1",
        (2026, 10, 13),
    ),
    (
        "1043add5-23b1-4afb-9a0f-64343c8f3f8d",
        "Year 2",
        (2027, 10, 12),
    ),
    (
        "83d49986-add3-41d7-ba33-87c7bfb5c0fb",
        "Year 3",
        (2028, 10, 10),
    ),
];

/// One licensed product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LicenseProduct {
    /// "Windows(R), Professional edition".
    pub name: String,
    /// "Windows(R) Operating System, OEM_DM channel".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The activation ID, lower case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// 0 unlicensed, 1 licensed, 2 initial grace, 3 additional grace
    /// (hardware changed), 4 non-genuine grace, 5 notification (not
    /// genuine or not activated in time), 6 extended grace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_status: Option<i64>,
    /// "Retail", "OEM:DM", "Volume:MAK", "Volume:GVLK"...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Minutes of grace left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace_minutes: Option<i64>,
    /// KMS host set by hand (`slmgr /skms`), or found in DNS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_host: Option<String>,
}

impl LicenseProduct {
    /// The ESU year this licence is, with the last day it covers.
    pub fn esu(&self) -> Option<(&'static str, time::Date)> {
        let id = self.id.as_deref()?;
        WINDOWS_10_ESU
            .iter()
            .find(|(i, _, _)| i.eq_ignore_ascii_case(id))
            .and_then(|(_, year, (y, m, d))| {
                let month = time::Month::try_from(*m).ok()?;
                Some((*year, time::Date::from_calendar_date(*y, month, *d).ok()?))
            })
    }
    /// Windows itself (not an add-on such as ESU).
    pub fn is_os(&self) -> bool {
        self.esu().is_none() && !self.name.to_ascii_uppercase().contains("ESU")
    }
}

/// Parses the licensed products.
pub fn parse_licensing(text: &str) -> Result<Vec<LicenseProduct>, String> {
    Ok(json::objects(text)?
        .iter()
        .filter_map(|v| {
            Some(LicenseProduct {
                name: json::text(v, "Name")?,
                description: json::text(v, "Description"),
                id: json::text(v, "ID").map(|i| i.to_ascii_lowercase()),
                license_status: json::integer(v, "LicenseStatus"),
                channel: json::text(v, "ProductKeyChannel"),
                grace_minutes: json::integer(v, "GracePeriodRemaining"),
                kms_host: json::text(v, "KeyManagementServiceMachine")
                    .filter(|h| !h.is_empty())
                    .or_else(|| {
                        json::text(v, "DiscoveredKeyManagementServiceMachineName")
                            .filter(|h| !h.is_empty())
                    }),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_and_esu_licences() {
        let text = r#"[
  {"Name":"Windows(R), Professional edition","Description":"Windows(R) Operating System, OEM_DM channel","ID":"4DE7CB65-CDF1-4DE9-8AE8-E3CCE27B9F2C","LicenseStatus":1,"ProductKeyChannel":"OEM:DM","GracePeriodRemaining":0,"KeyManagementServiceMachine":"","DiscoveredKeyManagementServiceMachineName":""},
  {"Name":"Windows(R), Client-ESU-Year1 add-on for Professional","Description":"Windows(R) Operating System, VOLUME_MAK channel","ID":"f520e45e-7413-4a34-a497-d2765967d094","LicenseStatus":1,"ProductKeyChannel":"Volume:MAK"}
]"#;
        let l = parse_licensing(text).unwrap();
        assert!(l[0].is_os());
        assert_eq!(l[0].kms_host, None);
        let (year, end) = l[1].esu().unwrap();
        assert_eq!(year, "Year 1");
        assert_eq!(end, time::macros::date!(2026 - 10 - 13));
        assert!(!l[1].is_os());
    }
}
