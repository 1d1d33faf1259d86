//! The Windows version, build and edition, from
//! `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion` (`reg query`; the
//! values are never translated). `ProductName` still says "Windows 10" on
//! Windows 11: the build number tells them apart (22000 and later is 11).

use crate::model::Collected;
use crate::windows::reg::RegKey;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The values read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OsVersion {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
    /// "Professional", "Core", "Enterprise", "EnterpriseS" (LTSC)...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition_id: Option<String>,
    /// "24H2" (since 20H2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_version: Option<String>,
    /// "2009" (before 20H2, and frozen at 2009 since).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_id: Option<String>,
    /// "26100".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_build: Option<String>,
    /// Update build revision: the monthly update level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ubr: Option<u64>,
    /// "Client" or "Server".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installation_type: Option<String>,
}

/// Feature update of each build (Microsoft's release information): used
/// when `DisplayVersion` is absent.
const BUILDS: &[(u32, &str, &str)] = &[
    (10240, "10", "1507"),
    (10586, "10", "1511"),
    (14393, "10", "1607"),
    (15063, "10", "1703"),
    (16299, "10", "1709"),
    (17134, "10", "1803"),
    (17763, "10", "1809"),
    (18362, "10", "1903"),
    (18363, "10", "1909"),
    (19041, "10", "2004"),
    (19042, "10", "20H2"),
    (19043, "10", "21H1"),
    (19044, "10", "21H2"),
    (19045, "10", "22H2"),
    (22000, "11", "21H2"),
    (22621, "11", "22H2"),
    (22631, "11", "23H2"),
    (26100, "11", "24H2"),
    (26200, "11", "25H2"),
];

impl OsVersion {
    pub fn build(&self) -> Option<u32> {
        self.current_build.as_deref()?.trim().parse().ok()
    }
    /// "10" or "11".
    pub fn major(&self) -> Option<&'static str> {
        self.build().map(|b| if b >= 22000 { "11" } else { "10" })
    }
    /// The feature update: `DisplayVersion`, else from the build number.
    pub fn feature_update(&self) -> Option<String> {
        if let Some(d) = self.display_version.as_deref().filter(|d| !d.is_empty()) {
            return Some(d.to_string());
        }
        let b = self.build()?;
        BUILDS
            .iter()
            .find(|(n, _, _)| *n == b)
            .map(|(_, _, v)| v.to_string())
            .or_else(|| self.release_id.clone())
    }
    /// "10.0.26100.2454".
    pub fn version_id(&self) -> Option<String> {
        let b = self.current_build.as_deref()?;
        Some(match self.ubr {
            Some(u) => format!("10.0.{b}.{u}"),
            None => format!("10.0.{b}"),
        })
    }
    pub fn is_server(&self) -> bool {
        self.installation_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("Server"))
            || self
                .edition_id
                .as_deref()
                .is_some_and(|e| e.starts_with("Server"))
    }
    /// The support family of the edition, as the end-of-life table names
    /// it: "home-pro" (Home/Core, Pro, Pro Education, Pro for Workstations,
    /// SE), "enterprise-education", "ltsc", "iot-ltsc"; `None` for an
    /// edition it does not know (Server...).
    pub fn edition_family(&self) -> Option<&'static str> {
        let e = self.edition_id.as_deref()?.trim();
        let e = e.strip_suffix('N').unwrap_or(e);
        Some(match e {
            "Core"
            | "CoreSingleLanguage"
            | "CoreCountrySpecific"
            | "Professional"
            | "ProfessionalEducation"
            | "ProfessionalWorkstation"
            | "CloudEdition" => "home-pro",
            "Enterprise" | "Education" | "EnterpriseG" | "IoTEnterprise" => "enterprise-education",
            "EnterpriseS" => "ltsc",
            "IoTEnterpriseS" => "iot-ltsc",
            _ => return None,
        })
    }
    /// "Windows 11 Professionnel 24H2"-like display name: the product name
    /// corrected for Windows 11, and the feature update.
    pub fn pretty_name(&self) -> Option<String> {
        let mut name = self.product_name.clone()?;
        if self.major() == Some("11") {
            name = name.replacen("Windows 10", "Windows 11", 1);
        }
        match self.feature_update() {
            Some(f) => Some(format!("{name} {f}")),
            None => Some(name),
        }
    }
}

impl OsVersion {
    /// The identity evidence files carry in `target.os`: id "windows",
    /// version_id "10.0.26100.2454", pretty_name "Windows 11 Pro 24H2".
    pub fn os_release(&self) -> crate::model::OsRelease {
        crate::model::OsRelease {
            id: Some("windows".into()),
            id_like: Vec::new(),
            version_id: self.version_id(),
            pretty_name: self.pretty_name(),
        }
    }
}

/// Reads the version from the `reg query` of the CurrentVersion key.
pub fn from_registry(c: &Collected<Vec<RegKey>>) -> Collected<OsVersion> {
    c.then_ref(|source, value| {
        let Some(k) = value.first() else {
            return Collected::Unreadable {
                source: source.to_string(),
                error: "the key printed no value".into(),
            };
        };
        let s = |n: &str| k.value(n).map(|v| v.data.trim().to_string());
        let v = OsVersion {
            product_name: s("ProductName"),
            edition_id: s("EditionID"),
            display_version: s("DisplayVersion"),
            release_id: s("ReleaseId"),
            current_build: s("CurrentBuild").or_else(|| s("CurrentBuildNumber")),
            ubr: k.value("UBR").and_then(|v| v.as_u64()),
            installation_type: s("InstallationType"),
        };
        if v.current_build.is_none() {
            return Collected::Unreadable {
                source: source.to_string(),
                error: "no CurrentBuild value".into(),
            };
        }
        Collected::Ok {
            source: source.to_string(),
            value: v,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::windows::reg::parse_reg_query;

    #[test]
    fn windows_11_says_windows_10_in_product_name() {
        let text = "\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\n    CurrentBuild    REG_SZ    26100\n    CurrentBuildNumber    REG_SZ    26100\n    DisplayVersion    REG_SZ    24H2\n    EditionID    REG_SZ    Professional\n    InstallationType    REG_SZ    Client\n    ProductName    REG_SZ    Windows 10 Pro\n    ReleaseId    REG_SZ    2009\n    UBR    REG_DWORD    0x1096\n";
        let c = Collected::Ok {
            source: "x".into(),
            value: parse_reg_query(text),
        };
        let v = from_registry(&c).value().cloned().unwrap();
        assert_eq!(v.major(), Some("11"));
        assert_eq!(v.feature_update().as_deref(), Some("24H2"));
        assert_eq!(v.edition_family(), Some("home-pro"));
        assert_eq!(v.version_id().as_deref(), Some("10.0.26100.4246"));
        assert_eq!(v.pretty_name().as_deref(), Some("Windows 11 Pro 24H2"));
        let r = v.os_release();
        assert_eq!(r.id.as_deref(), Some("windows"));
        assert_eq!(r.version_id.as_deref(), Some("10.0.26100.4246"));
        let old = OsVersion {
            current_build: Some("19044".into()),
            edition_id: Some("EnterpriseS".into()),
            ..Default::default()
        };
        assert_eq!(old.feature_update().as_deref(), Some("21H2"));
        assert_eq!(old.edition_family(), Some("ltsc"));
        let n = OsVersion {
            edition_id: Some("ProfessionalN".into()),
            ..Default::default()
        };
        assert_eq!(n.edition_family(), Some("home-pro"));
        let server = OsVersion {
            edition_id: Some("ServerStandard".into()),
            installation_type: Some("Server".into()),
            ..Default::default()
        };
        assert!(server.is_server());
        assert_eq!(server.edition_family(), None);
    }
}
