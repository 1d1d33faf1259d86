//! Antivirus (XProtect and third-party products), application firewall,
//! Gatekeeper and SIP, FileVault and external disks, audit.
//!
//! - Firewall: `/usr/libexec/ApplicationFirewall/socketfilterfw`
//!   `--getglobalstate` ("Firewall is enabled. (State = 1)", 2 = block
//!   everything but essential services), `--getblockall`, `--getstealthmode`
//!   ("Firewall stealth mode is on"), `--getloggingmode` ("Log mode is
//!   on"); offline, `/Library/Preferences/com.apple.alf.plist` (`globalstate`,
//!   `stealthenabled`, `loggingenabled`; no longer written by macOS 15); a
//!   profile's `com.apple.security.firewall` managed preferences
//!   (`EnableFirewall`, `BlockAllIncoming`, `EnableStealthMode`,
//!   `EnableLogging`) win.
//! - XProtect: the version of its data bundle (`CFBundleShortVersionString`
//!   of `XProtect.bundle/Contents/Info.plist`, in
//!   `/Library/Apple/System/Library/CoreServices` and, from macOS 15, the
//!   copy XProtect prefers in `/var/protected/xprotect`), and its install
//!   dates in `/Library/Receipts/InstallHistory.plist` (what
//!   `system_profiler SPInstallHistoryDataType` shows).
//! - Third-party antivirus: their application bundles in `/Applications`.
//! - `spctl --status` ("assessments enabled"), `csrutil status`.
//! - `fdesetup status` ("FileVault is On.", "FileVault is Off.",
//!   "Encryption in progress: Percent completed = 42.1").
//! - External disks: `diskutil list -plist external physical` (partitions
//!   and their content type) and `diskutil apfs list -plist` (each APFS
//!   volume's `FileVault` flag, which is set for any encrypted APFS volume).
//! - `/etc/security/audit_control` (OpenBSM audit, deprecated since macOS 11).

use super::plist::{self, Value};
use crate::model::Collected;
use crate::sys::{denied, Sys, PERMISSION_DENIED};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const SOCKETFILTERFW: &str = "/usr/libexec/ApplicationFirewall/socketfilterfw";
pub const ALF_PLIST: &str = "/Library/Preferences/com.apple.alf.plist";
pub const MANAGED_FIREWALL: &str = "/Library/Managed Preferences/com.apple.security.firewall.plist";
pub const XPROTECT_INFO: &str =
    "/Library/Apple/System/Library/CoreServices/XProtect.bundle/Contents/Info.plist";
pub const XPROTECT_PROTECTED_INFO: &str =
    "/var/protected/xprotect/XProtect.bundle/Contents/Info.plist";
pub const INSTALL_HISTORY: &str = "/Library/Receipts/InstallHistory.plist";
pub const AUDIT_CONTROL: &str = "/etc/security/audit_control";

/// Third-party antivirus products by the name of their application bundle.
pub const ANTIVIRUS_APPS: &[(&str, &str)] = &[
    ("Sophos", "Sophos"),
    ("Norton", "Norton"),
    ("VirusBarrier", "Intego VirusBarrier"),
    ("Intego", "Intego"),
    ("Bitdefender", "Bitdefender"),
    ("ESET", "ESET"),
    ("Avast", "Avast"),
    ("AVG", "AVG"),
    ("Malwarebytes", "Malwarebytes"),
    ("Trend Micro", "Trend Micro"),
    ("Kaspersky", "Kaspersky"),
    ("McAfee", "McAfee"),
    ("Trellix", "Trellix"),
    ("ClamXAV", "ClamXAV"),
    ("Falcon", "CrowdStrike Falcon"),
    ("SentinelOne", "SentinelOne"),
    ("Microsoft Defender", "Microsoft Defender"),
    ("F-Secure", "F-Secure"),
    ("WithSecure", "WithSecure"),
    ("G DATA", "G DATA"),
];

/// `com.apple.alf.plist`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlfPrefs {
    /// 0 off, 1 on, 2 block all but essential services.
    pub globalstate: Option<i64>,
    pub stealthenabled: Option<bool>,
    pub loggingenabled: Option<bool>,
}

/// A profile's firewall payload.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManagedFirewall {
    pub enable_firewall: Option<bool>,
    pub block_all_incoming: Option<bool>,
    pub enable_stealth_mode: Option<bool>,
    pub enable_logging: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FirewallEvidence {
    /// `--getglobalstate`: 0, 1 or 2.
    pub global_state: Collected<i64>,
    pub block_all: Collected<bool>,
    pub stealth: Collected<bool>,
    pub logging: Collected<bool>,
    pub alf: Collected<AlfPrefs>,
    pub managed: Collected<ManagedFirewall>,
}

/// An install recorded in InstallHistory.plist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Install {
    /// `displayName`: "XProtectPlistConfigData", "macOS Sequoia 15.1"...
    pub name: String,
    pub version: Option<String>,
    /// Seconds since the Unix epoch.
    pub date: i64,
    /// `processName`: "softwareupdated", "Software Update", "installer".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct XProtectEvidence {
    /// The bundle in CoreServices: its version.
    pub bundle_version: Collected<Option<String>>,
    /// The copy in /var/protected/xprotect (macOS 15 and later).
    pub protected_version: Collected<Option<String>>,
    /// Security data and system installs of InstallHistory.plist
    /// (XProtect, XProtect Remediator, MRT, macOS updates), oldest first.
    pub installs: Collected<Vec<Install>>,
}

/// `fdesetup status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum FileVault {
    On,
    Off,
    /// Turned on, encrypting now.
    Encrypting {
        percent: Option<String>,
    },
    /// Being turned off.
    Decrypting {
        percent: Option<String>,
    },
    /// Turned on, enabled at the next restart.
    PendingRestart,
}

/// A partition of an external physical disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalPartition {
    pub disk: String,
    pub device: String,
    /// Partition type: "Apple_APFS", "Microsoft Basic Data", "EFI"...
    pub content: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_name: Option<String>,
}

/// An APFS volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApfsVolume {
    pub device: String,
    pub name: Option<String>,
    /// Encrypted (FileVault for the system, "encrypted APFS" elsewhere).
    pub filevault: Option<bool>,
}

/// An APFS container and the partitions it lives on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApfsContainer {
    pub reference: String,
    pub physical_stores: Vec<String>,
    pub volumes: Vec<ApfsVolume>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProtectionEvidence {
    pub firewall: FirewallEvidence,
    pub xprotect: XProtectEvidence,
    /// Application bundles of third-party antivirus products in /Applications.
    pub antivirus_apps: Collected<Vec<String>>,
    /// `spctl --status`: assessments enabled.
    pub gatekeeper: Collected<bool>,
    /// `csrutil status`: "enabled", "disabled", "unknown (Custom Configuration)".
    pub sip: Collected<String>,
    pub filevault: Collected<FileVault>,
    pub external_partitions: Collected<Vec<ExternalPartition>>,
    pub apfs: Collected<Vec<ApfsContainer>>,
    /// `flags:` of audit_control (what OpenBSM audit records).
    pub audit_flags: Collected<Option<String>>,
}

impl Default for ProtectionEvidence {
    fn default() -> Self {
        use super::not_collected as nc;
        ProtectionEvidence {
            firewall: FirewallEvidence {
                global_state: nc(),
                block_all: nc(),
                stealth: nc(),
                logging: nc(),
                alf: nc(),
                managed: nc(),
            },
            xprotect: XProtectEvidence {
                bundle_version: nc(),
                protected_version: nc(),
                installs: nc(),
            },
            antivirus_apps: nc(),
            gatekeeper: nc(),
            sip: nc(),
            filevault: nc(),
            external_partitions: nc(),
            apfs: nc(),
            audit_flags: nc(),
        }
    }
}

/// `--getglobalstate` (pure).
pub fn parse_global_state(text: &str) -> Result<i64, String> {
    if let Some(rest) = text.split("State = ").nth(1) {
        let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = n.parse() {
            return Ok(n);
        }
    }
    let l = text.to_ascii_lowercase();
    if l.contains("firewall is disabled") {
        Ok(0)
    } else if l.contains("firewall is enabled") {
        Ok(1)
    } else {
        Err(format!("unexpected output: {}", text.trim()))
    }
}

/// An on/off answer of socketfilterfw (pure): `--getblockall` ("block all
/// state set to enabled"), `--getstealthmode` ("stealth mode is on", older
/// "Stealth mode enabled"), `--getloggingmode` ("Log mode is on").
pub fn parse_on_off(text: &str) -> Result<bool, String> {
    let l = text.to_ascii_lowercase();
    let l = l.trim().trim_end_matches('.');
    if l.ends_with(" on") || l.ends_with("enabled") || l.contains("is on") {
        Ok(true)
    } else if l.ends_with(" off") || l.ends_with("disabled") || l.contains("is off") {
        Ok(false)
    } else {
        Err(format!("unexpected output: {}", text.trim()))
    }
}

/// `fdesetup status` (pure).
pub fn parse_fdesetup(text: &str) -> Result<FileVault, String> {
    let percent = |t: &str| {
        t.split("Percent completed = ")
            .nth(1)
            .map(|p| p.split_whitespace().next().unwrap_or("").to_string())
    };
    if text.contains("Encryption in progress") {
        return Ok(FileVault::Encrypting {
            percent: percent(text),
        });
    }
    if text.contains("Decryption in progress") {
        return Ok(FileVault::Decrypting {
            percent: percent(text),
        });
    }
    if text.contains("will be enabled after the next restart")
        || text.contains("Deferred enablement appears to be active")
    {
        return Ok(FileVault::PendingRestart);
    }
    if text.contains("FileVault is On") {
        return Ok(FileVault::On);
    }
    if text.contains("FileVault is Off") {
        return Ok(FileVault::Off);
    }
    Err(format!("unexpected output: {}", text.trim()))
}

/// `spctl --status` (pure).
pub fn parse_spctl(text: &str) -> Result<bool, String> {
    if text.contains("assessments enabled") {
        Ok(true)
    } else if text.contains("assessments disabled") {
        Ok(false)
    } else {
        Err(format!("unexpected output: {}", text.trim()))
    }
}

/// `csrutil status` (pure): the state after "status:".
pub fn parse_csrutil(text: &str) -> Result<String, String> {
    text.lines()
        .find_map(|l| l.strip_prefix("System Integrity Protection status:"))
        .map(|s| s.trim().trim_end_matches('.').to_string())
        .ok_or_else(|| format!("unexpected output: {}", text.trim()))
}

/// The security data and system installs of InstallHistory.plist (pure).
pub fn installs(v: &Value) -> Vec<Install> {
    let keep = |n: &str| {
        n.starts_with("XProtect")
            || n.starts_with("MRT")
            || n.starts_with("macOS")
            || n.starts_with("Security Update")
            || n.contains("Background Security")
            || n.contains("Rapid Security")
    };
    let mut out: Vec<Install> = v
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|e| {
            let name = plist::get_string(e, "displayName")?;
            if !keep(&name) {
                return None;
            }
            Some(Install {
                name,
                version: plist::get_string(e, "displayVersion"),
                date: plist::get(e, "date").and_then(plist::date)?,
                process: plist::get_string(e, "processName"),
            })
        })
        .collect();
    out.sort_by_key(|i| i.date);
    out
}

/// `diskutil list -plist external physical` (pure).
pub fn external_partitions(v: &Value) -> Vec<ExternalPartition> {
    let mut out = Vec::new();
    for disk in plist::get(v, "AllDisksAndPartitions")
        .and_then(Value::as_array)
        .map(|a| a.as_slice())
        .unwrap_or_default()
    {
        let disk_id = plist::get_string(disk, "DeviceIdentifier").unwrap_or_default();
        let parts = plist::get(disk, "Partitions").and_then(Value::as_array);
        match parts {
            Some(parts) if !parts.is_empty() => {
                for p in parts {
                    out.push(ExternalPartition {
                        disk: disk_id.clone(),
                        device: plist::get_string(p, "DeviceIdentifier").unwrap_or_default(),
                        content: plist::get_string(p, "Content").unwrap_or_default(),
                        volume_name: plist::get_string(p, "VolumeName"),
                    });
                }
            }
            // A disk formatted without a partition table.
            _ => out.push(ExternalPartition {
                disk: disk_id.clone(),
                device: disk_id.clone(),
                content: plist::get_string(disk, "Content").unwrap_or_default(),
                volume_name: plist::get_string(disk, "VolumeName"),
            }),
        }
    }
    out
}

/// `diskutil apfs list -plist` (pure).
pub fn apfs_containers(v: &Value) -> Vec<ApfsContainer> {
    plist::get(v, "Containers")
        .and_then(Value::as_array)
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|c| {
            let mut stores: Vec<String> = plist::get(c, "PhysicalStores")
                .and_then(Value::as_array)
                .map(|a| a.as_slice())
                .unwrap_or_default()
                .iter()
                .filter_map(|s| plist::get_string(s, "DeviceIdentifier"))
                .collect();
            if let Some(d) = plist::get_string(c, "DesignatedPhysicalStore") {
                if !stores.contains(&d) {
                    stores.push(d);
                }
            }
            ApfsContainer {
                reference: plist::get_string(c, "ContainerReference").unwrap_or_default(),
                physical_stores: stores,
                volumes: plist::get(c, "Volumes")
                    .and_then(Value::as_array)
                    .map(|a| a.as_slice())
                    .unwrap_or_default()
                    .iter()
                    .map(|vol| ApfsVolume {
                        device: plist::get_string(vol, "DeviceIdentifier").unwrap_or_default(),
                        name: plist::get_string(vol, "Name"),
                        filevault: plist::get_bool(vol, "FileVault"),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The `flags:` line of audit_control (pure).
pub fn audit_flags(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| l.strip_prefix("flags:"))
        .map(|f| f.trim().to_string())
}

/// The command refused for lack of rights (macOS tools also say "must be
/// run as root" or ask for "root privileges").
pub fn refused(out: &crate::command::CommandOutput) -> bool {
    let e = out.stderr.to_ascii_lowercase();
    denied(out) || e.contains("as root") || e.contains("root privileges")
}

fn plist_output(out: &crate::command::CommandOutput) -> Result<Value, String> {
    if refused(out) {
        return Err(format!("{PERMISSION_DENIED}: {}", out.stderr.trim()));
    }
    plist::parse(out.stdout.as_bytes())
}

fn socketfilterfw<T>(sys: &Sys, flag: &str, parse: fn(&str) -> Result<T, String>) -> Collected<T> {
    sys.command(SOCKETFILTERFW, &[flag], |out| {
        if refused(out) {
            return Err(format!("{PERMISSION_DENIED}: {}", out.stderr.trim()));
        }
        parse(&format!("{}\n{}", out.stdout, out.stderr))
    })
}

fn antivirus_apps(sys: &Sys) -> Collected<Vec<String>> {
    match sys.fs.read_dir("/Applications") {
        Ok(mut names) => {
            names.sort();
            Collected::Ok {
                source: "/Applications".into(),
                value: names
                    .into_iter()
                    .filter(|n| {
                        n.ends_with(".app")
                            && ANTIVIRUS_APPS.iter().any(|(needle, _)| {
                                n.to_ascii_lowercase()
                                    .contains(&needle.to_ascii_lowercase())
                            })
                    })
                    .collect(),
            }
        }
        Err(e) => crate::sys::fs_error("/Applications", e),
    }
}

pub fn collect(sys: &Sys) -> ProtectionEvidence {
    let version = |v: &Value| plist::get_string(v, "CFBundleShortVersionString");
    ProtectionEvidence {
        firewall: FirewallEvidence {
            global_state: socketfilterfw(sys, "--getglobalstate", parse_global_state),
            block_all: socketfilterfw(sys, "--getblockall", parse_on_off),
            stealth: socketfilterfw(sys, "--getstealthmode", parse_on_off),
            logging: socketfilterfw(sys, "--getloggingmode", parse_on_off),
            alf: plist::file(sys, ALF_PLIST, |v| AlfPrefs {
                globalstate: plist::get_int(v, "globalstate"),
                stealthenabled: plist::get_bool(v, "stealthenabled"),
                loggingenabled: plist::get_bool(v, "loggingenabled"),
            }),
            managed: plist::file(sys, MANAGED_FIREWALL, |v| ManagedFirewall {
                enable_firewall: plist::get_bool(v, "EnableFirewall"),
                block_all_incoming: plist::get_bool(v, "BlockAllIncoming"),
                enable_stealth_mode: plist::get_bool(v, "EnableStealthMode"),
                enable_logging: plist::get_bool(v, "EnableLogging"),
            }),
        },
        xprotect: XProtectEvidence {
            bundle_version: plist::file(sys, XPROTECT_INFO, version),
            protected_version: plist::file(sys, XPROTECT_PROTECTED_INFO, version),
            installs: plist::file(sys, INSTALL_HISTORY, installs),
        },
        antivirus_apps: antivirus_apps(sys),
        gatekeeper: sys.command("spctl", &["--status"], |out| {
            parse_spctl(&format!("{}\n{}", out.stdout, out.stderr))
        }),
        sip: sys.command("csrutil", &["status"], |out| parse_csrutil(&out.stdout)),
        filevault: sys.command("fdesetup", &["status"], |out| {
            if refused(out) {
                return Err(format!("{PERMISSION_DENIED}: {}", out.stderr.trim()));
            }
            parse_fdesetup(&format!("{}\n{}", out.stdout, out.stderr))
        }),
        external_partitions: sys.command(
            "diskutil",
            &["list", "-plist", "external", "physical"],
            |out| plist_output(out).map(|v| external_partitions(&v)),
        ),
        apfs: sys.command("diskutil", &["apfs", "list", "-plist"], |out| {
            plist_output(out).map(|v| apfs_containers(&v))
        }),
        audit_flags: sys.file(AUDIT_CONTROL, audit_flags),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn firewall_answers() {
        assert_eq!(
            parse_global_state("Firewall is enabled. (State = 1)\n"),
            Ok(1)
        );
        assert_eq!(
            parse_global_state("Firewall is disabled. (State = 0)\n"),
            Ok(0)
        );
        assert_eq!(
            parse_global_state(
                "Firewall is blocking all non-essential incoming connections. (State = 2)"
            ),
            Ok(2)
        );
        assert!(parse_global_state("").is_err());
        assert_eq!(parse_on_off("Firewall stealth mode is on\n"), Ok(true));
        assert_eq!(parse_on_off("Firewall stealth mode is off\n"), Ok(false));
        assert_eq!(parse_on_off("Stealth mode enabled\n"), Ok(true));
        assert_eq!(
            parse_on_off("Firewall has block all state set to disabled.\n"),
            Ok(false)
        );
        assert_eq!(parse_on_off("Log mode is on\n"), Ok(true));
        assert!(parse_on_off("usage").is_err());
    }

    #[test]
    fn filevault_gatekeeper_sip() {
        assert_eq!(parse_fdesetup("FileVault is On.\n"), Ok(FileVault::On));
        assert_eq!(parse_fdesetup("FileVault is Off.\n"), Ok(FileVault::Off));
        assert_eq!(
            parse_fdesetup("FileVault is On.\nEncryption in progress: Percent completed = 42.1\n"),
            Ok(FileVault::Encrypting {
                percent: Some("42.1".into())
            })
        );
        assert_eq!(
            parse_fdesetup("FileVault is Off, but will be enabled after the next restart.\n"),
            Ok(FileVault::PendingRestart)
        );
        assert_eq!(parse_spctl("assessments enabled\n"), Ok(true));
        assert_eq!(parse_spctl("assessments disabled\n"), Ok(false));
        assert_eq!(
            parse_csrutil("System Integrity Protection status: enabled.\n").unwrap(),
            "enabled"
        );
        assert!(parse_csrutil("csrutil: failed").is_err());
    }

    #[test]
    fn audit_control_flags() {
        assert_eq!(
            audit_flags("#\ndir:/var/audit\nflags:lo,aa\nminfree:5\n").as_deref(),
            Some("lo,aa")
        );
        assert_eq!(audit_flags("dir:/var/audit\n"), None);
    }
}
