//! The system's identity: `sw_vers` (ProductName, ProductVersion,
//! BuildVersion), or `/System/Library/CoreServices/SystemVersion.plist`,
//! which sw_vers itself reads, when the command cannot run.

use crate::model::{Collected, OsRelease};
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const SYSTEM_VERSION_PLIST: &str = "/System/Library/CoreServices/SystemVersion.plist";

/// What `sw_vers` prints.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SwVers {
    /// "macOS" (13 and later), "Mac OS X" on old systems.
    pub product_name: Option<String>,
    /// "15.1", "14.7.1".
    pub product_version: Option<String>,
    /// A Rapid Security Response's letter, "(a)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_version_extra: Option<String>,
    /// "24B83".
    pub build_version: Option<String>,
}

/// The system's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SystemEvidence {
    pub sw_vers: Collected<SwVers>,
}

impl Default for SystemEvidence {
    fn default() -> Self {
        SystemEvidence {
            sw_vers: super::not_collected(),
        }
    }
}

/// Parses `sw_vers` output: `Key:<tabs>value` lines (pure).
pub fn parse_sw_vers(text: &str) -> Result<SwVers, String> {
    let mut v = SwVers::default();
    for line in text.lines() {
        let Some((k, val)) = line.split_once(':') else {
            continue;
        };
        let val = Some(val.trim().to_string()).filter(|s| !s.is_empty());
        match k.trim() {
            "ProductName" => v.product_name = val,
            "ProductVersion" => v.product_version = val,
            "ProductVersionExtra" => v.product_version_extra = val,
            "BuildVersion" => v.build_version = val,
            _ => {}
        }
    }
    if v.product_version.is_none() {
        return Err("no ProductVersion in the output".into());
    }
    Ok(v)
}

/// The release name Apple gives each major version.
pub fn codename(version: &str) -> Option<&'static str> {
    let major: u32 = version.split('.').next()?.trim().parse().ok()?;
    Some(match major {
        11 => "Big Sur",
        12 => "Monterey",
        13 => "Ventura",
        14 => "Sonoma",
        15 => "Sequoia",
        26 => "Tahoe",
        _ => return None,
    })
}

impl SwVers {
    /// As an os-release, for the end-of-life table: id "macos",
    /// version_id "15.1", pretty_name "macOS 15.1 Sequoia".
    pub fn os_release(&self) -> OsRelease {
        let version = self.product_version.clone();
        let pretty = version.as_deref().map(|v| {
            let mut p = format!("macOS {v}");
            if let Some(x) = &self.product_version_extra {
                p.push(' ');
                p.push_str(x);
            }
            if let Some(c) = codename(v) {
                p.push(' ');
                p.push_str(c);
            }
            p
        });
        OsRelease {
            id: Some("macos".into()),
            id_like: Vec::new(),
            version_id: version,
            pretty_name: pretty,
        }
    }
}

pub fn collect(sys: &Sys) -> SystemEvidence {
    let cmd = sys.command("sw_vers", &[], |out| parse_sw_vers(&out.stdout));
    let sw_vers = match cmd {
        Collected::Ok { .. } => cmd,
        other => match super::plist::file(sys, SYSTEM_VERSION_PLIST, |v| SwVers {
            product_name: super::plist::get_string(v, "ProductName"),
            product_version: super::plist::get_string(v, "ProductVersion"),
            product_version_extra: super::plist::get_string(v, "ProductVersionExtra"),
            build_version: super::plist::get_string(v, "ProductBuildVersion"),
        }) {
            ok @ Collected::Ok { .. } => ok,
            _ => other,
        },
    };
    SystemEvidence { sw_vers }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sw_vers_15() {
        let v = parse_sw_vers(
            "ProductName:\t\tmacOS\nProductVersion:\t\t15.1\nBuildVersion:\t\t24B83\n",
        )
        .unwrap();
        assert_eq!(v.build_version.as_deref(), Some("24B83"));
        let os = v.os_release();
        assert_eq!(os.id.as_deref(), Some("macos"));
        assert_eq!(os.version_id.as_deref(), Some("15.1"));
        assert_eq!(os.pretty_name.as_deref(), Some("macOS 15.1 Sequoia"));
    }

    #[test]
    fn rapid_security_response_and_errors() {
        let v = parse_sw_vers(
            "ProductName:\tmacOS\nProductVersion:\t13.4.1\nProductVersionExtra:\t(a)\nBuildVersion:\t22F770820d\n",
        )
        .unwrap();
        assert_eq!(
            v.os_release().pretty_name.as_deref(),
            Some("macOS 13.4.1 (a) Ventura")
        );
        assert!(parse_sw_vers("sw_vers: command not found").is_err());
    }
}
