//! Windows protection (3.1.1.d, 4.1.2.*, 4.3.3.*, 4.3.4.*, 4.3.5.a,
//! 6.1.2.*): Security Center products, Microsoft Defender, firewall profiles
//! (effective and policy), BitLocker, Windows Update, licensing, event logs
//! and audit policy, network adapters, neighbours, Wi-Fi profiles,
//! Bluetooth, batteries (UPS), and the OS build.
//!
//! Every table comes from one standard command, the same live and in a
//! capture folder ([`items`]): live, [`collect`] runs it through
//! `sys.command`; `scripts/capture-windows.ps1` runs it on a machine where
//! Vigie is not installed and writes its output to `security/<file>` (and
//! `security/<file>.error` when it failed), which [`from_captures`] reads.
//! PowerShell commands print JSON (`ConvertTo-Json`), with enumerations and
//! dates turned into locale-independent text by the command itself; native
//! tools are read where their output does not depend on the display
//! language (`reg query`, `wevtutil gl`, `auditpol /r` by GUID). Parsers are
//! pure functions, tested on Linux.

pub mod antivirus;
pub mod bitlocker;
pub mod firewall;
pub mod json;
pub mod licensing;
pub mod logging;
pub mod network;
pub mod os;
pub mod updates;

use crate::command::{CommandOutput, OFFLINE_REASON};
use crate::model::Collected;
use crate::sys::{Sys, PERMISSION_DENIED};
use crate::windows::reg::{parse_reg_query, RegKey, RegValue};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The capture folder's subfolder holding this part's files.
pub const CAPTURE_DIR: &str = "security";

/// Registry keys read with `reg query` (values only, or `/s` for subkeys).
pub const REG_CURRENT_VERSION: &str = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion";
pub const REG_FIREWALL_POLICY: &str = r"HKLM\SOFTWARE\Policies\Microsoft\WindowsFirewall";
pub const REG_FIREWALL_LOCAL: &str =
    r"HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy";
pub const REG_WU_POLICY: &str = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate";
pub const REG_WU_UX: &str = r"HKLM\SOFTWARE\Microsoft\WindowsUpdate\UX\Settings";
pub const REG_WU_AUTO_UPDATE: &str =
    r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update";
pub const REG_CBS: &str =
    r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing";
pub const REG_SYSTEM_POLICY: &str = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\System";
pub const REG_EXPLORER: &str = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Explorer";

/// One registry read: capture file, key, and whether subkeys are included.
pub struct RegItem {
    pub file: &'static str,
    pub key: String,
    pub recursive: bool,
}

/// Every key read, in order. The firewall's local settings are read profile
/// by profile: `/s` on their parent would list thousands of rules.
pub fn reg_items() -> Vec<RegItem> {
    let item = |file, key: &str, recursive| RegItem {
        file,
        key: key.to_string(),
        recursive,
    };
    vec![
        item("reg-currentversion.txt", REG_CURRENT_VERSION, false),
        item("reg-firewall-policy.txt", REG_FIREWALL_POLICY, true),
        item(
            "reg-firewall-domain.txt",
            &format!(r"{REG_FIREWALL_LOCAL}\DomainProfile"),
            true,
        ),
        item(
            "reg-firewall-private.txt",
            &format!(r"{REG_FIREWALL_LOCAL}\StandardProfile"),
            true,
        ),
        item(
            "reg-firewall-public.txt",
            &format!(r"{REG_FIREWALL_LOCAL}\PublicProfile"),
            true,
        ),
        item("reg-wu-policy.txt", REG_WU_POLICY, true),
        item("reg-wu-ux.txt", REG_WU_UX, false),
        item("reg-wu-autoupdate.txt", REG_WU_AUTO_UPDATE, false),
        item("reg-cbs.txt", REG_CBS, false),
        item("reg-system-policy.txt", REG_SYSTEM_POLICY, false),
        item("reg-explorer.txt", REG_EXPLORER, false),
    ]
}

impl RegItem {
    pub fn args(&self) -> Vec<String> {
        let mut a = vec!["query".to_string(), self.key.clone()];
        if self.recursive {
            a.push("/s".into());
        }
        a
    }
}

/// Run before every PowerShell command: no progress bars, UTF-8 output
/// (when there is a console to set), then errors stop it (exit code 1, the
/// error on stderr).
pub const PS_PRELUDE: &str = "$ProgressPreference='SilentlyContinue'; try { [Console]::OutputEncoding=[Text.Encoding]::UTF8 } catch {}; $ErrorActionPreference='Stop'; ";

/// One PowerShell command: its capture file, a short label for reports, and
/// the pipeline itself (single quotes only, so that it survives Windows
/// command-line quoting unchanged; the capture script holds the same text).
pub struct PsItem {
    pub file: &'static str,
    pub label: &'static str,
    pub script: &'static str,
}

impl PsItem {
    /// The arguments given to `powershell`.
    pub fn args(&self) -> Vec<String> {
        vec![
            "-NoProfile".into(),
            "-NonInteractive".into(),
            "-Command".into(),
            format!("{PS_PRELUDE}{}", self.script),
        ]
    }
}

pub const PS_AV_PRODUCTS: PsItem = PsItem {
    file: "av-products.json",
    label: "Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct",
    script: "Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | Select-Object displayName,productState,pathToSignedProductExe,timestamp | ConvertTo-Json -Depth 3",
};
pub const PS_FW_PRODUCTS: PsItem = PsItem {
    file: "firewall-products.json",
    label: "Get-CimInstance -Namespace root/SecurityCenter2 -ClassName FirewallProduct",
    script: "Get-CimInstance -Namespace root/SecurityCenter2 -ClassName FirewallProduct | Select-Object displayName,productState,pathToSignedProductExe,timestamp | ConvertTo-Json -Depth 3",
};
pub const PS_DEFENDER: PsItem = PsItem {
    file: "defender.json",
    label: "Get-MpComputerStatus",
    script: "Get-MpComputerStatus | Select-Object AMRunningMode,AMServiceEnabled,AntivirusEnabled,RealTimeProtectionEnabled,IsTamperProtected,AntivirusSignatureVersion,AntivirusSignatureAge,@{n='AntivirusSignatureLastUpdated';e={if($_.AntivirusSignatureLastUpdated){$_.AntivirusSignatureLastUpdated.ToUniversalTime().ToString('o')}}} | ConvertTo-Json -Depth 3",
};
pub const PS_FIREWALL_PROFILES: PsItem = PsItem {
    file: "firewall-profiles.json",
    label: "Get-NetFirewallProfile -PolicyStore ActiveStore",
    script: "Get-NetFirewallProfile -PolicyStore ActiveStore | Select-Object Name,@{n='Enabled';e={[string]$_.Enabled}},@{n='DefaultInboundAction';e={[string]$_.DefaultInboundAction}},@{n='DefaultOutboundAction';e={[string]$_.DefaultOutboundAction}},@{n='LogBlocked';e={[string]$_.LogBlocked}},@{n='LogAllowed';e={[string]$_.LogAllowed}},LogFileName,LogMaxSizeKilobytes | ConvertTo-Json -Depth 3",
};
pub const PS_CONNECTION_PROFILES: PsItem = PsItem {
    file: "connection-profiles.json",
    label: "Get-NetConnectionProfile",
    script: "Get-NetConnectionProfile | Select-Object Name,InterfaceAlias,InterfaceIndex,@{n='NetworkCategory';e={[string]$_.NetworkCategory}},@{n='IPv4Connectivity';e={[string]$_.IPv4Connectivity}} | ConvertTo-Json -Depth 3",
};
pub const PS_BITLOCKER: PsItem = PsItem {
    file: "bitlocker.json",
    label: "Get-BitLockerVolume",
    script: "Get-BitLockerVolume | Select-Object MountPoint,@{n='VolumeType';e={[string]$_.VolumeType}},@{n='VolumeStatus';e={[string]$_.VolumeStatus}},@{n='ProtectionStatus';e={[string]$_.ProtectionStatus}},@{n='EncryptionMethod';e={[string]$_.EncryptionMethod}},EncryptionPercentage,@{n='LockStatus';e={[string]$_.LockStatus}},@{n='KeyProtector';e={@($_.KeyProtector | ForEach-Object {[string]$_.KeyProtectorType})}} | ConvertTo-Json -Depth 3",
};
pub const PS_LOGICAL_DISKS: PsItem = PsItem {
    file: "logical-disks.json",
    label: "Get-CimInstance Win32_LogicalDisk",
    script: "Get-CimInstance Win32_LogicalDisk | Select-Object DeviceID,DriveType,FileSystem,VolumeName | ConvertTo-Json -Depth 3",
};
pub const PS_HOTFIXES: PsItem = PsItem {
    file: "hotfixes.json",
    label: "Get-HotFix",
    script: "Get-HotFix | Select-Object HotFixID,Description,@{n='InstalledOn';e={if($_.InstalledOn){$_.InstalledOn.ToString('yyyy-MM-dd')}}} | ConvertTo-Json -Depth 3",
};
pub const PS_UPDATE_HISTORY: PsItem = PsItem {
    file: "update-history.json",
    label: "Microsoft.Update.Session QueryHistory",
    script: "$s=New-Object -ComObject Microsoft.Update.Session; $q=$s.CreateUpdateSearcher(); $n=$q.GetTotalHistoryCount(); if($n -gt 0){$q.QueryHistory(0,[Math]::Min($n,200)) | Select-Object @{n='Date';e={if($_.Date){$_.Date.ToString('o')}}},Operation,ResultCode,Title,@{n='Categories';e={@($_.Categories | ForEach-Object {$_.CategoryID})}} | ConvertTo-Json -Depth 3}",
};
pub const PS_SERVICES: PsItem = PsItem {
    file: "services.json",
    label: "Get-Service",
    script: "Get-Service -Name wuauserv,UsoSvc,EventLog,WinDefend,mpssvc,bthserv -ErrorAction SilentlyContinue | Select-Object Name,@{n='Status';e={[string]$_.Status}},@{n='StartType';e={[string]$_.StartType}} | ConvertTo-Json -Depth 3",
};
pub const PS_LICENSING: PsItem = PsItem {
    file: "licensing.json",
    label: "Get-CimInstance SoftwareLicensingProduct",
    script: "Get-CimInstance SoftwareLicensingProduct -Filter 'PartialProductKey IS NOT NULL AND ApplicationID=''55c92734-d682-4d71-983e-d6ec3f16059f''' | Select-Object Name,Description,ID,LicenseStatus,ProductKeyChannel,GracePeriodRemaining,KeyManagementServiceMachine,DiscoveredKeyManagementServiceMachineName | ConvertTo-Json -Depth 3",
};
pub const PS_ADAPTERS: PsItem = PsItem {
    file: "net-adapters.json",
    label: "Get-NetAdapter",
    script: "Get-NetAdapter | Select-Object Name,InterfaceDescription,ifIndex,Status,MacAddress,MediaType,PhysicalMediaType,Virtual,HardwareInterface,ConnectorPresent | ConvertTo-Json -Depth 3",
};
pub const PS_IP_ADDRESSES: PsItem = PsItem {
    file: "ip-addresses.json",
    label: "Get-NetIPAddress",
    script: "Get-NetIPAddress | Select-Object ifIndex,InterfaceAlias,IPAddress,@{n='AddressFamily';e={[string]$_.AddressFamily}},@{n='PrefixOrigin';e={[string]$_.PrefixOrigin}} | ConvertTo-Json -Depth 3",
};
pub const PS_ROUTES: PsItem = PsItem {
    file: "default-routes.json",
    label: "Get-NetRoute -DestinationPrefix 0.0.0.0/0",
    script: "Get-NetRoute -DestinationPrefix 0.0.0.0/0 -ErrorAction SilentlyContinue | Select-Object ifIndex,DestinationPrefix,NextHop,RouteMetric | ConvertTo-Json -Depth 3",
};
pub const PS_NEIGHBOURS: PsItem = PsItem {
    file: "neighbours.json",
    label: "Get-NetNeighbor -AddressFamily IPv4",
    script: "Get-NetNeighbor -AddressFamily IPv4 | Select-Object ifIndex,InterfaceAlias,IPAddress,LinkLayerAddress,@{n='State';e={[string]$_.State}} | ConvertTo-Json -Depth 3",
};
pub const PS_BLUETOOTH: PsItem = PsItem {
    file: "bluetooth.json",
    label: "Get-PnpDevice -Class Bluetooth",
    script: "Get-PnpDevice -Class Bluetooth -ErrorAction SilentlyContinue | Select-Object @{n='FriendlyName';e={if($_.InstanceId -match '^(BTHENUM|BTHLE|BTHLEDEVICE|BTHHFENUM)\\\\'){$null}else{$_.FriendlyName}}},Status,@{n='Enumerator';e={($_.InstanceId -split '\\\\')[0]}},@{n='Problem';e={[string]$_.Problem}} | ConvertTo-Json -Depth 3",
};
pub const PS_BATTERIES: PsItem = PsItem {
    file: "batteries.json",
    label: "Get-CimInstance Win32_Battery",
    script: "Get-CimInstance Win32_Battery | Select-Object Name,DeviceID,Chemistry,BatteryStatus,EstimatedChargeRemaining | ConvertTo-Json -Depth 3",
};
pub const PS_CHASSIS: PsItem = PsItem {
    file: "chassis.json",
    label: "Get-CimInstance Win32_SystemEnclosure",
    script: "Get-CimInstance Win32_SystemEnclosure | Select-Object ChassisTypes | ConvertTo-Json -Depth 3",
};

/// Every PowerShell command of this part.
pub const PS_ITEMS: &[&PsItem] = &[
    &PS_AV_PRODUCTS,
    &PS_FW_PRODUCTS,
    &PS_DEFENDER,
    &PS_FIREWALL_PROFILES,
    &PS_CONNECTION_PROFILES,
    &PS_BITLOCKER,
    &PS_LOGICAL_DISKS,
    &PS_HOTFIXES,
    &PS_UPDATE_HISTORY,
    &PS_SERVICES,
    &PS_LICENSING,
    &PS_ADAPTERS,
    &PS_IP_ADDRESSES,
    &PS_ROUTES,
    &PS_NEIGHBOURS,
    &PS_BLUETOOTH,
    &PS_BATTERIES,
    &PS_CHASSIS,
];

/// One native command (not PowerShell) and its capture file.
pub struct NativeItem {
    pub file: &'static str,
    pub program: &'static str,
    pub args: &'static [&'static str],
}

/// Event log channels whose configuration is read (`wevtutil gl`).
pub const EVENT_LOGS: &[(&str, &str)] = &[
    ("Security", "wevtutil-security.txt"),
    ("System", "wevtutil-system.txt"),
    (
        "Microsoft-Windows-Windows Defender/Operational",
        "wevtutil-defender.txt",
    ),
];

pub const NATIVE_AUDITPOL: NativeItem = NativeItem {
    file: "auditpol.csv",
    program: "auditpol",
    args: &["/get", "/category:*", "/r"],
};
pub const NATIVE_MANAGE_BDE: NativeItem = NativeItem {
    file: "manage-bde.txt",
    program: "manage-bde",
    args: &["-status"],
};

/// Where the capture script exports Wi-Fi profiles (`netsh wlan export
/// profile folder=...`, without `key=clear`).
pub const WLAN_DIR: &str = "wlan";

/// Everything this part collects. Each table records where it was read and
/// why it is missing when it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityEvidence {
    /// Version, build and edition (`HKLM\...\Windows NT\CurrentVersion`).
    pub os: Collected<os::OsVersion>,
    /// Registry keys read, by key path as queried (`HKLM\...`); a key that
    /// does not exist is `missing`.
    pub registry: BTreeMap<String, Collected<Vec<RegKey>>>,
    /// Antivirus products registered with Security Center (SecurityCenter2,
    /// absent on Windows Server).
    pub antivirus_products: Collected<Vec<antivirus::SecurityProduct>>,
    /// Firewall products registered with Security Center.
    pub firewall_products: Collected<Vec<antivirus::SecurityProduct>>,
    /// Microsoft Defender Antivirus (`Get-MpComputerStatus`).
    pub defender: Collected<antivirus::DefenderStatus>,
    /// Effective firewall profiles (`Get-NetFirewallProfile -PolicyStore ActiveStore`).
    pub firewall_profiles: Collected<Vec<firewall::FirewallProfile>>,
    /// The networks connected now and their category (`Get-NetConnectionProfile`).
    pub connection_profiles: Collected<Vec<firewall::ConnectionProfile>>,
    /// BitLocker volumes (`Get-BitLockerVolume`, administrator only).
    pub bitlocker: Collected<Vec<bitlocker::Volume>>,
    /// The same from `manage-bde -status`, read when the cmdlet gave nothing.
    pub manage_bde: Collected<Vec<bitlocker::Volume>>,
    /// Drive letters and their type (`Win32_LogicalDisk`: 2 removable, 3 fixed).
    pub logical_disks: Collected<Vec<bitlocker::LogicalDisk>>,
    /// Installed updates (`Get-HotFix`).
    pub hotfixes: Collected<Vec<updates::HotFix>>,
    /// Windows Update's own history (offline query, nothing searched online).
    pub update_history: Collected<Vec<updates::HistoryEntry>>,
    /// Services that matter (Windows Update, event log, Defender, firewall, Bluetooth).
    pub services: Collected<Vec<updates::Service>>,
    /// Windows licences (`SoftwareLicensingProduct` with a product key).
    pub licensing: Collected<Vec<licensing::LicenseProduct>>,
    /// Event log channels, by name (`wevtutil gl`).
    pub event_logs: BTreeMap<String, Collected<logging::EventLogConfig>>,
    /// Audit policy by subcategory GUID (`auditpol /get /category:* /r`, administrator only).
    pub audit_policy: Collected<Vec<logging::AuditSetting>>,
    /// Network adapters (`Get-NetAdapter`).
    pub adapters: Collected<Vec<network::Adapter>>,
    /// IP addresses (`Get-NetIPAddress`).
    pub ip_addresses: Collected<Vec<network::IpAddress>>,
    /// Default routes (`Get-NetRoute -DestinationPrefix 0.0.0.0/0`).
    pub default_routes: Collected<Vec<network::Route>>,
    /// IPv4 neighbour cache (`Get-NetNeighbor`), read as it is: never a scan.
    pub neighbours: Collected<Vec<network::Neighbour>>,
    /// Saved Wi-Fi profiles: name and protection only, never the key.
    pub wifi_profiles: Collected<Vec<network::WifiProfile>>,
    /// Bluetooth devices (`Get-PnpDevice -Class Bluetooth`), paired devices unnamed.
    pub bluetooth: Collected<Vec<network::PnpDevice>>,
    /// Batteries (`Win32_Battery`): a USB UPS shows as one.
    pub batteries: Collected<Vec<network::Battery>>,
    /// Chassis types (`Win32_SystemEnclosure`): desktop or laptop.
    pub chassis: Collected<Vec<u16>>,
}

fn not_collected<T>() -> Collected<T> {
    Collected::NotCollected {
        reason: "not collected".into(),
    }
}

impl Default for SecurityEvidence {
    fn default() -> Self {
        Self::nothing("not collected")
    }
}

impl SecurityEvidence {
    /// Every table `not_collected` for this reason.
    pub fn nothing(reason: &str) -> Self {
        fn nc<T>(reason: &str) -> Collected<T> {
            Collected::NotCollected {
                reason: reason.to_string(),
            }
        }
        SecurityEvidence {
            os: nc(reason),
            registry: BTreeMap::new(),
            antivirus_products: nc(reason),
            firewall_products: nc(reason),
            defender: nc(reason),
            firewall_profiles: nc(reason),
            connection_profiles: nc(reason),
            bitlocker: nc(reason),
            manage_bde: nc(reason),
            logical_disks: nc(reason),
            hotfixes: nc(reason),
            update_history: nc(reason),
            services: nc(reason),
            licensing: nc(reason),
            event_logs: BTreeMap::new(),
            audit_policy: nc(reason),
            adapters: nc(reason),
            ip_addresses: nc(reason),
            default_routes: nc(reason),
            neighbours: nc(reason),
            wifi_profiles: nc(reason),
            bluetooth: nc(reason),
            batteries: nc(reason),
            chassis: nc(reason),
        }
    }

    /// A registry key by its full path (`HKLM\...` or `HKEY_LOCAL_MACHINE\...`,
    /// any case), from whichever read included it.
    pub fn reg_key(&self, path: &str) -> RegLookup<'_> {
        let want = normalize_key(path);
        let mut best: Option<(&str, &Collected<Vec<RegKey>>)> = None;
        for (queried, c) in &self.registry {
            let q = normalize_key(queried);
            let covers = want == q || want.starts_with(&format!("{q}\\"));
            if covers && best.is_none_or(|(b, _)| normalize_key(b).len() < q.len()) {
                best = Some((queried.as_str(), c));
            }
        }
        let Some((queried, c)) = best else {
            return RegLookup::NotRead;
        };
        match c {
            Collected::Ok { source, value } => {
                match value.iter().find(|k| normalize_key(&k.path) == want) {
                    Some(k) => RegLookup::Found { source, key: k },
                    None => RegLookup::Absent { source },
                }
            }
            Collected::Missing { source } => RegLookup::Absent { source },
            other => RegLookup::Unreadable {
                queried,
                collected: other,
            },
        }
    }

    /// One value of a key (see [`SecurityEvidence::reg_key`]).
    pub fn reg_value(&self, path: &str, name: &str) -> RegLookup<'_> {
        match self.reg_key(path) {
            RegLookup::Found { source, key } => match key.value(name) {
                Some(_) => RegLookup::Found { source, key },
                None => RegLookup::Absent { source },
            },
            other => other,
        }
    }

    /// Whether a key lists this subkey (`reg query KEY` prints the paths of
    /// its subkeys): `Some(true/false)` when the key was read.
    pub fn reg_has_subkey(&self, path: &str, sub: &str) -> Option<bool> {
        let want = normalize_key(&format!("{path}\\{sub}"));
        let parent = normalize_key(path);
        for (queried, c) in &self.registry {
            if normalize_key(queried) != parent {
                continue;
            }
            return match c {
                Collected::Ok { value, .. } => {
                    Some(value.iter().any(|k| normalize_key(&k.path) == want))
                }
                Collected::Missing { .. } => Some(false),
                _ => None,
            };
        }
        None
    }
}

/// The outcome of looking a registry key up.
#[derive(Debug, Clone, Copy)]
pub enum RegLookup<'a> {
    /// The key (and value, for [`SecurityEvidence::reg_value`]) exists.
    Found { source: &'a str, key: &'a RegKey },
    /// Read, and not there: the setting is at its default.
    Absent { source: &'a str },
    /// The read failed (rights, not captured...).
    Unreadable {
        queried: &'a str,
        collected: &'a Collected<Vec<RegKey>>,
    },
    /// No read covers this key.
    NotRead,
}

impl<'a> RegLookup<'a> {
    /// The value, when found.
    pub fn value(&self, name: &str) -> Option<&'a RegValue> {
        match self {
            RegLookup::Found { key, .. } => key.value(name),
            _ => None,
        }
    }
}

/// `HKLM\X` and `HKEY_LOCAL_MACHINE\x` are the same key.
pub fn normalize_key(path: &str) -> String {
    let p = path.trim().trim_end_matches('\\');
    let p = match p.split_once('\\') {
        Some((root, rest)) => {
            let root = match root.to_ascii_uppercase().as_str() {
                "HKLM" => "HKEY_LOCAL_MACHINE".to_string(),
                "HKCU" => "HKEY_CURRENT_USER".to_string(),
                "HKU" => "HKEY_USERS".to_string(),
                "HKCR" => "HKEY_CLASSES_ROOT".to_string(),
                r => r.to_string(),
            };
            format!("{root}\\{rest}")
        }
        None => p.to_string(),
    };
    p.to_lowercase()
}

/// Whether a failed Windows command was refused for lack of rights: the
/// error category PowerShell prints (`PermissionDenied`), the HRESULTs of
/// "access denied" (WMI 0x80041003, Win32 0x80070005) and of "a required
/// privilege is not held" (0x522, auditpol), or the message in English or
/// French.
pub fn windows_denied(out: &CommandOutput) -> bool {
    let e = format!("{}\n{}", out.stderr, out.stdout).to_lowercase();
    crate::sys::denied(out)
        || e.contains("permissiondenied")
        || e.contains("unauthorizedaccess")
        || e.contains("0x80041003")
        || e.contains("0x80070005")
        || e.contains("0x00000522")
        || e.contains("-2147024891")
        || e.contains("-2147217405")
        || e.contains("administrative rights")
        || e.contains("droits d’administration")
        || e.contains("droits d'administration")
        || e.contains("access is denied")
        || e.contains("accès refusé")
        || e.contains("acces refuse")
        || e.contains("requires elevation")
        || e.contains("privilège")
        || e.contains("privilege is not held")
}

/// The first meaningful lines of a command's error output (the message, or
/// a capture's error category then its message).
pub fn error_text(out: &CommandOutput) -> String {
    let all: Vec<&str> = out
        .stderr
        .lines()
        .chain(out.stdout.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("exit="))
        .collect();
    // A tool's banner (manage-bde) comes before its error line: that one first.
    let error_line = all.iter().position(|l| {
        let l = l.to_lowercase();
        l.starts_with("error") || l.starts_with("erreur")
    });
    let lines: Vec<&str> = match error_line {
        Some(i) => all[i..].iter().take(2).copied().collect(),
        None => all.iter().take(2).copied().collect(),
    };
    let code = out
        .code
        .map(|c| c.to_string())
        .unwrap_or_else(|| "?".into());
    if lines.is_empty() {
        format!("exit code {code}")
    } else {
        format!("exit code {code}: {}", lines.join(" / "))
    }
}

/// The usual reading of a command's output: a refusal for lack of rights is
/// [`PERMISSION_DENIED`], any other failure its message, success is parsed.
pub fn parse_output<T>(
    out: &CommandOutput,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, String> {
    if !out.success() {
        if windows_denied(out) {
            return Err(format!("{PERMISSION_DENIED} ({})", error_text(out)));
        }
        return Err(error_text(out));
    }
    parse(&out.stdout)
}

/// Where the commands' outputs come from: the running system, or a capture
/// folder written by `scripts/capture-windows.ps1`.
#[derive(Clone, Copy)]
pub enum Origin<'a> {
    Live(&'a Sys<'a>),
    Captures(&'a Path),
}

/// What a capture folder holds for one command.
enum Captured {
    Output(CommandOutput),
    /// The program does not exist on the captured machine.
    NotFound,
    /// Not in the folder (older script, part skipped).
    Absent,
}

fn read_capture(dir: &Path, file: &str) -> Result<Captured, String> {
    let base = dir.join(CAPTURE_DIR);
    let main = base.join(file);
    let err = base.join(format!("{file}.error"));
    let read = |p: &Path| -> Result<Option<String>, String> {
        match std::fs::read(p) {
            Ok(bytes) => Ok(Some(crate::windows::text::decode(&bytes))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    };
    let stdout = read(&main)?;
    let error = read(&err)?;
    match (stdout, error) {
        (None, None) => Ok(Captured::Absent),
        (out, Some(error)) => {
            let mut lines = error.lines();
            let first = lines.next().unwrap_or("").trim();
            let rest: Vec<&str> = lines.collect();
            let code = match first.strip_prefix("exit=") {
                Some("notfound") => return Ok(Captured::NotFound),
                Some(c) => c.trim().parse().ok().or(Some(1)),
                None => Some(1),
            };
            let stderr = if first.starts_with("exit=") {
                rest.join("\n")
            } else {
                error.clone()
            };
            Ok(Captured::Output(CommandOutput {
                code,
                stdout: out.unwrap_or_default(),
                stderr,
            }))
        }
        (Some(out), None) => Ok(Captured::Output(CommandOutput {
            code: Some(0),
            stdout: out,
            stderr: String::new(),
        })),
    }
}

impl Origin<'_> {
    /// Runs (or reads) one command. `source` names it in evidence: the
    /// command line live, the capture file otherwise.
    pub fn run<T>(
        &self,
        file: &str,
        program: &str,
        args: &[String],
        shown: Option<&str>,
        parse: impl FnOnce(&CommandOutput) -> Result<T, String>,
    ) -> Collected<T> {
        match self {
            Origin::Live(sys) => {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let c = sys.command(program, &args, parse);
                match shown {
                    Some(label) => relabel(c, &format!("$ {label}")),
                    None => c,
                }
            }
            Origin::Captures(dir) => {
                let source = format!("{CAPTURE_DIR}/{file}");
                match read_capture(dir, file) {
                    Ok(Captured::Output(out)) => match parse(&out) {
                        Ok(value) => Collected::Ok { source, value },
                        Err(error) => Collected::Unreadable { source, error },
                    },
                    Ok(Captured::NotFound) => Collected::Missing { source },
                    Ok(Captured::Absent) => Collected::NotCollected {
                        reason: format!("not in the capture folder ({source})"),
                    },
                    Err(error) => Collected::Unreadable { source, error },
                }
            }
        }
    }

    /// Runs one PowerShell command and parses its JSON.
    pub fn ps<T>(
        &self,
        item: &PsItem,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Collected<T> {
        self.run(
            item.file,
            "powershell",
            &item.args(),
            Some(&format!("powershell {}", item.label)),
            |out| parse_output(out, parse),
        )
    }

    /// Reads one registry key; a key that does not exist is `missing`.
    pub fn reg(&self, item: &RegItem) -> Collected<Vec<RegKey>> {
        let c = self.run(item.file, "reg", &item.args(), None, |out| {
            if !out.success() && !windows_denied(out) {
                // reg query's only other failure is a key that does not
                // exist (its message is translated; exit code 1).
                return Ok(None);
            }
            parse_output(out, |text| Ok(Some(parse_reg_query(text))))
        });
        match c {
            Collected::Ok {
                source,
                value: None,
            } => Collected::Missing { source },
            Collected::Ok {
                source,
                value: Some(v),
            } => Collected::Ok { source, value: v },
            Collected::Missing { source } => Collected::Missing { source },
            Collected::Unreadable { source, error } => Collected::Unreadable { source, error },
            Collected::NotCollected { reason } => Collected::NotCollected { reason },
        }
    }

    /// Runs one native command and parses its standard output.
    pub fn native<T>(
        &self,
        item: &NativeItem,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Collected<T> {
        let args: Vec<String> = item.args.iter().map(|a| a.to_string()).collect();
        self.run(item.file, item.program, &args, None, |out| {
            parse_output(out, parse)
        })
    }
}

fn relabel<T>(c: Collected<T>, source: &str) -> Collected<T> {
    match c {
        Collected::Ok { value, .. } => Collected::Ok {
            source: source.to_string(),
            value,
        },
        Collected::Missing { .. } => Collected::Missing {
            source: source.to_string(),
        },
        Collected::Unreadable { error, .. } => Collected::Unreadable {
            source: source.to_string(),
            error,
        },
        nc => nc,
    }
}

/// Collects this part on a live Windows system. Commands run in four lanes
/// at once: each costs a PowerShell start, and more at once only slows a
/// modest computer down.
pub fn collect(sys: &Sys) -> SecurityEvidence {
    if !sys.is_live() {
        // Windows is audited live or from a capture folder, never offline.
        return SecurityEvidence::nothing(OFFLINE_REASON);
    }
    gather(Origin::Live(sys))
}

/// Reads this part from a capture folder (its `security/` subfolder).
pub fn from_captures(dir: &Path) -> Result<SecurityEvidence, crate::SourceError> {
    if !dir.is_dir() {
        return Err(crate::SourceError::NotADirectory {
            path: dir.display().to_string(),
        });
    }
    Ok(gather(Origin::Captures(dir)))
}

/// Every table, from either origin.
pub fn gather(origin: Origin) -> SecurityEvidence {
    std::thread::scope(|scope| {
        let protection = scope.spawn(move || {
            (
                origin.ps(&PS_DEFENDER, antivirus::parse_defender),
                origin.ps(&PS_AV_PRODUCTS, antivirus::parse_products),
                origin.ps(&PS_FW_PRODUCTS, antivirus::parse_products),
                origin.ps(&PS_LICENSING, licensing::parse_licensing),
            )
        });
        let net = scope.spawn(move || {
            (
                origin.ps(&PS_FIREWALL_PROFILES, firewall::parse_profiles),
                origin.ps(&PS_CONNECTION_PROFILES, firewall::parse_connection_profiles),
                origin.ps(&PS_ADAPTERS, network::parse_adapters),
                origin.ps(&PS_IP_ADDRESSES, network::parse_ip_addresses),
                origin.ps(&PS_ROUTES, network::parse_routes),
                origin.ps(&PS_NEIGHBOURS, network::parse_neighbours),
            )
        });
        let disks = scope.spawn(move || {
            let bitlocker = origin.ps(&PS_BITLOCKER, bitlocker::parse_volumes);
            // manage-bde is the fallback: live, only when the cmdlet failed.
            let manage_bde = match (&origin, &bitlocker) {
                (Origin::Live(_), Collected::Ok { .. }) => Collected::NotCollected {
                    reason: "not needed: Get-BitLockerVolume answered".into(),
                },
                _ => origin.native(&NATIVE_MANAGE_BDE, bitlocker::parse_manage_bde),
            };
            (
                bitlocker,
                manage_bde,
                origin.ps(&PS_LOGICAL_DISKS, bitlocker::parse_logical_disks),
                origin.ps(&PS_HOTFIXES, updates::parse_hotfixes),
                origin.ps(&PS_UPDATE_HISTORY, updates::parse_history),
            )
        });
        let mut registry = BTreeMap::new();
        let mut os = not_collected();
        for item in reg_items() {
            let c = origin.reg(&item);
            if item.key == REG_CURRENT_VERSION {
                os = os::from_registry(&c);
            }
            registry.insert(item.key.clone(), c);
        }
        let mut event_logs = BTreeMap::new();
        for (name, file) in EVENT_LOGS {
            let args = vec!["gl".to_string(), name.to_string()];
            let c = origin.run(file, "wevtutil", &args, None, |out| {
                parse_output(out, logging::parse_wevtutil)
            });
            event_logs.insert(name.to_string(), c);
        }
        let audit_policy = origin.native(&NATIVE_AUDITPOL, logging::parse_auditpol);
        let services = origin.ps(&PS_SERVICES, updates::parse_services);
        let bluetooth = origin.ps(&PS_BLUETOOTH, network::parse_pnp);
        let batteries = origin.ps(&PS_BATTERIES, network::parse_batteries);
        let chassis = origin.ps(&PS_CHASSIS, network::parse_chassis);
        let wifi_profiles = network::wifi_profiles(&origin);

        let (defender, antivirus_products, firewall_products, licensing) =
            protection.join().expect("protection lane");
        let (
            firewall_profiles,
            connection_profiles,
            adapters,
            ip_addresses,
            default_routes,
            neighbours,
        ) = net.join().expect("network lane");
        let (bitlocker, manage_bde, logical_disks, hotfixes, update_history) =
            disks.join().expect("disk lane");
        SecurityEvidence {
            os,
            registry,
            antivirus_products,
            firewall_products,
            defender,
            firewall_profiles,
            connection_profiles,
            bitlocker,
            manage_bde,
            logical_disks,
            hotfixes,
            update_history,
            services,
            licensing,
            event_logs,
            audit_policy,
            adapters,
            ip_addresses,
            default_routes,
            neighbours,
            wifi_profiles,
            bluetooth,
            batteries,
            chassis,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn powershell_commands_hold_no_double_quote() {
        // Windows command-line quoting would mangle them.
        for item in PS_ITEMS {
            assert!(!item.script.contains('"'), "{}", item.file);
            assert!(item.script.contains("ConvertTo-Json"), "{}", item.file);
        }
        assert!(!PS_PRELUDE.contains('"'));
    }

    /// The capture script runs exactly the commands collection runs live.
    #[test]
    fn the_capture_script_runs_the_same_commands() {
        let script = include_str!("../../../../../scripts/capture-windows.ps1");
        for item in PS_ITEMS {
            let line = format!("Save-SecurityPs '{}' {{ {} }}", item.file, item.script);
            assert!(script.contains(&line), "capture-windows.ps1 lacks: {line}");
        }
        for r in reg_items() {
            let line = format!("@('{}', '{}', ${})", r.file, r.key, r.recursive);
            assert!(script.contains(&line), "capture-windows.ps1 lacks: {line}");
        }
        for (channel, file) in EVENT_LOGS {
            let line = format!("Save-SecurityNative '{file}' 'wevtutil' @('gl', '{channel}')");
            assert!(script.contains(&line), "capture-windows.ps1 lacks: {line}");
        }
        for n in [&NATIVE_AUDITPOL, &NATIVE_MANAGE_BDE] {
            let args: Vec<String> = n.args.iter().map(|a| format!("'{a}'")).collect();
            let line = format!(
                "Save-SecurityNative '{}' '{}' @({})",
                n.file,
                n.program,
                args.join(", ")
            );
            assert!(script.contains(&line), "capture-windows.ps1 lacks: {line}");
        }
        assert!(script.contains("wlan export profile \"folder=$WlanDir\""));
        assert!(!script
            .lines()
            .any(|l| !l.trim_start().starts_with('#') && l.contains("key=clear")));
    }

    #[test]
    fn registry_keys_normalise_and_subkeys_are_found() {
        assert_eq!(
            normalize_key(r"HKLM\SOFTWARE\X\"),
            normalize_key(r"HKEY_LOCAL_MACHINE\software\x")
        );
        let mut e = SecurityEvidence::default();
        e.registry.insert(
            REG_FIREWALL_POLICY.into(),
            Collected::Ok {
                source: "t".into(),
                value: parse_reg_query(
                    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\PublicProfile\n    EnableFirewall    REG_DWORD    0x0\n",
                ),
            },
        );
        e.registry.insert(
            REG_WU_POLICY.into(),
            Collected::Missing { source: "u".into() },
        );
        let k = format!(r"{REG_FIREWALL_POLICY}\PublicProfile");
        assert_eq!(
            e.reg_value(&k, "enablefirewall")
                .value("EnableFirewall")
                .and_then(|v| v.as_u64()),
            Some(0)
        );
        assert!(matches!(
            e.reg_value(
                &format!(r"{REG_FIREWALL_POLICY}\PrivateProfile"),
                "EnableFirewall"
            ),
            RegLookup::Absent { .. }
        ));
        assert!(matches!(
            e.reg_value(&format!(r"{REG_WU_POLICY}\AU"), "NoAutoUpdate"),
            RegLookup::Absent { .. }
        ));
        assert!(matches!(e.reg_key(REG_CBS), RegLookup::NotRead));
    }

    #[test]
    fn capture_errors_and_missing_programs() {
        let dir = tempfile::tempdir().unwrap();
        let sec = dir.path().join(CAPTURE_DIR);
        std::fs::create_dir_all(&sec).unwrap();
        std::fs::write(
            sec.join("bitlocker.json.error"),
            "exit=1\r\nPermissionDenied HRESULT 0x80041003,Get-BitLockerVolume\r\nAccès refusé.\r\n",
        )
        .unwrap();
        std::fs::write(sec.join("manage-bde.txt.error"), "exit=notfound\n").unwrap();
        let o = Origin::Captures(dir.path());
        let c = o.ps(&PS_BITLOCKER, bitlocker::parse_volumes);
        assert!(c.permission_denied(), "{c:?}");
        assert_eq!(c.source(), Some("security/bitlocker.json"));
        let m = o.native(&NATIVE_MANAGE_BDE, bitlocker::parse_manage_bde);
        assert!(matches!(m, Collected::Missing { .. }));
        let n = o.ps(&PS_DEFENDER, antivirus::parse_defender);
        assert!(matches!(n, Collected::NotCollected { .. }));
    }
}
