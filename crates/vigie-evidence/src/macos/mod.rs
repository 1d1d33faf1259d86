//! macOS evidence: typed tables parsed from the system's own commands and
//! settings. Parsers are pure functions over captured text (tested on
//! Linux); only the thin layer that runs the commands is platform-specific.
//!
//! The same collector serves a running Mac and a capture folder written by
//! `scripts/capture-macos.sh`: for a capture, commands are answered from the
//! files the script wrote ([`CAPTURED_COMMANDS`]) and settings files are
//! read from its `files/` folder, which mirrors the Mac's paths.

use crate::captures::Manifest;
use crate::command::{command_line, CommandOutput, RunError, Runner};
use crate::fs::{FileMeta, Fs, FsError, RootFs};
use crate::model::{Collected, Evidence, OsRelease, Platform, Target, TargetKind};
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub mod accounts;
pub mod browsers;
pub mod network;
pub mod plist;
pub mod policy;
pub mod protection;
pub mod screen;
pub mod system;
pub mod updates;

/// Everything collected from a macOS machine.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MacosEvidence {
    /// `sw_vers`.
    #[serde(default)]
    pub system: system::SystemEvidence,
    /// Password, lockout and expiry policy.
    #[serde(default)]
    pub policy: policy::PolicyEvidence,
    /// Local accounts, administrators, last logins.
    #[serde(default)]
    pub accounts: accounts::AccountsEvidence,
    /// Screen saver, display sleep and screen lock.
    #[serde(default)]
    pub screen: screen::ScreenEvidence,
    /// XProtect and antivirus, firewall, Gatekeeper, SIP, FileVault, audit.
    #[serde(default)]
    pub protection: protection::ProtectionEvidence,
    /// Software Update.
    #[serde(default)]
    pub updates: updates::UpdatesEvidence,
    /// Neighbours, network ports, Wi-Fi, Bluetooth, power sources.
    #[serde(default)]
    pub network: network::NetworkEvidence,
    /// Browsers' password saving.
    #[serde(default)]
    pub browsers: browsers::BrowsersEvidence,
}

pub(crate) fn not_collected<T>() -> Collected<T> {
    Collected::NotCollected {
        reason: "not collected".into(),
    }
}

/// The commands the collector runs, and the file of a capture folder that
/// holds each one's output (standard output and error together). The Wi-Fi
/// power of a device `DEV` is `networksetup-getairportpower-DEV.txt`.
pub const CAPTURED_COMMANDS: &[(&str, &str)] = &[
    ("sw_vers", "sw_vers.txt"),
    ("pwpolicy -getaccountpolicies", "pwpolicy-getaccountpolicies.txt"),
    (
        "dscl . -readall /Users RecordName UniqueID RealName UserShell NFSHomeDirectory AuthenticationAuthority",
        "dscl-users.txt",
    ),
    ("dscl . -read /Groups/admin GroupMembership", "dscl-admin.txt"),
    ("last", "last.txt"),
    ("sysadminctl -screenLock status", "sysadminctl-screenlock.txt"),
    ("pmset -g custom", "pmset-custom.txt"),
    ("pmset -g ps", "pmset-ps.txt"),
    (
        "/usr/libexec/ApplicationFirewall/socketfilterfw --getglobalstate",
        "socketfilterfw-globalstate.txt",
    ),
    (
        "/usr/libexec/ApplicationFirewall/socketfilterfw --getblockall",
        "socketfilterfw-blockall.txt",
    ),
    (
        "/usr/libexec/ApplicationFirewall/socketfilterfw --getstealthmode",
        "socketfilterfw-stealthmode.txt",
    ),
    (
        "/usr/libexec/ApplicationFirewall/socketfilterfw --getloggingmode",
        "socketfilterfw-loggingmode.txt",
    ),
    ("spctl --status", "spctl-status.txt"),
    ("csrutil status", "csrutil-status.txt"),
    ("fdesetup status", "fdesetup-status.txt"),
    ("diskutil list -plist external physical", "diskutil-list-external.plist"),
    ("diskutil apfs list -plist", "diskutil-apfs-list.plist"),
    ("softwareupdate --schedule", "softwareupdate-schedule.txt"),
    ("arp -an", "arp-an.txt"),
    ("networksetup -listallhardwareports", "networksetup-hardwareports.txt"),
    ("ifconfig", "ifconfig.txt"),
];

/// The settings files a capture copies under `files/` (as XML property
/// lists for `.plist`, with `plutil -convert xml1`), besides the per-account
/// ones (ByHost screen saver, Safari, Chrome/Edge/Brave `Preferences`,
/// Firefox `profiles.ini`, `prefs.js`, `user.js`) and the names of the
/// application bundles of `/Applications` (empty folders).
pub const CAPTURED_FILES: &[&str] = &[
    system::SYSTEM_VERSION_PLIST,
    policy::PASSCODE_PLIST,
    screen::MANAGED_SCREENSAVER,
    screen::LOGINWINDOW_PLIST,
    protection::ALF_PLIST,
    protection::MANAGED_FIREWALL,
    protection::XPROTECT_INFO,
    protection::XPROTECT_PROTECTED_INFO,
    protection::INSTALL_HISTORY,
    protection::AUDIT_CONTROL,
    updates::SOFTWARE_UPDATE_PLIST,
    updates::MANAGED_SOFTWARE_UPDATE,
    network::BLUETOOTH_PLIST,
    network::KNOWN_NETWORKS_PLIST,
];

/// The capture file of a command line, if the capture script writes one.
pub fn capture_file(line: &str) -> Option<String> {
    if let Some(dev) = line.strip_prefix("networksetup -getairportpower ") {
        if !dev.is_empty() && dev.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Some(format!("networksetup-getairportpower-{dev}.txt"));
        }
        return None;
    }
    CAPTURED_COMMANDS
        .iter()
        .find(|(l, _)| *l == line)
        .map(|(_, f)| f.to_string())
}

/// Answers commands from a capture folder's files.
struct CaptureRunner {
    dir: PathBuf,
}

impl Runner for CaptureRunner {
    fn run(&self, program: &str, args: &[&str]) -> Result<CommandOutput, RunError> {
        let line = command_line(program, args);
        let Some(file) = capture_file(&line) else {
            return Err(RunError::NotRun(format!(
                "not in a capture folder: the capture script does not run \"{line}\""
            )));
        };
        match std::fs::read(self.dir.join(&file)) {
            Ok(bytes) => Ok(CommandOutput {
                code: Some(0),
                stdout: String::from_utf8_lossy(&bytes).into_owned(),
                stderr: String::new(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(RunError::NotRun(format!(
                "absent from the capture folder ({file})"
            ))),
            Err(e) => Err(RunError::Failed(format!("{file}: {e}"))),
        }
    }
}

/// A capture's `files/` folder. A file the script could not read is
/// recorded as `NAME.denied` beside where it would be: reading it gives
/// "permission denied", as it did on the Mac.
struct CaptureFs {
    inner: RootFs,
}

impl CaptureFs {
    fn denied(&self, path: &str) -> bool {
        self.inner.is_file(&format!("{path}.denied"))
    }
}

impl Fs for CaptureFs {
    fn read_to_string(&self, path: &str) -> Result<String, FsError> {
        if self.denied(path) {
            return Err(FsError::PermissionDenied);
        }
        self.inner.read_to_string(path)
    }
    fn read_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        if self.denied(path) {
            return Err(FsError::PermissionDenied);
        }
        self.inner.read_dir(path).map(|names| {
            names
                .into_iter()
                .map(|n| n.strip_suffix(".denied").map(String::from).unwrap_or(n))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect()
        })
    }
    fn is_file(&self, path: &str) -> bool {
        self.inner.is_file(path) || self.denied(path)
    }
    fn read_bytes(&self, path: &str, max: u64) -> Result<Vec<u8>, FsError> {
        if self.denied(path) {
            return Err(FsError::PermissionDenied);
        }
        self.inner.read_bytes(path, max)
    }
    fn metadata(&self, path: &str) -> Result<FileMeta, FsError> {
        if self.denied(path) {
            return Err(FsError::PermissionDenied);
        }
        self.inner.metadata(path)
    }
    fn read_link(&self, path: &str) -> Result<String, FsError> {
        self.inner.read_link(path)
    }
}

/// The accounts whose settings files are read: (account, home).
fn people(accounts: &accounts::AccountsEvidence) -> Vec<(String, String)> {
    accounts
        .users
        .value()
        .map(|u| u.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|u| u.is_human() && !u.disabled)
        .map(|u| {
            (
                u.name.clone(),
                u.home
                    .clone()
                    .unwrap_or_else(|| format!("/Users/{}", u.name)),
            )
        })
        .collect()
}

/// Collects from a Mac (live, or a capture folder's answers); `today` is
/// the day the Mac was read, to date `last`'s records.
pub fn collect_at(sys: &Sys, today: time::Date) -> MacosEvidence {
    std::thread::scope(|scope| {
        let protection = scope.spawn(|| protection::collect(sys));
        let network = scope.spawn(|| network::collect(sys));
        let updates = scope.spawn(|| updates::collect(sys));
        let policy = scope.spawn(|| policy::collect(sys));
        let system = system::collect(sys);
        let accounts = accounts::collect(sys, today);
        let people = people(&accounts);
        let screen = screen::collect(sys, &people);
        let browsers = browsers::collect(sys, &people);
        MacosEvidence {
            system,
            // A panicking collector is a bug; let it surface.
            policy: policy.join().expect("policy collector"),
            accounts,
            screen,
            protection: protection.join().expect("protection collector"),
            updates: updates.join().expect("updates collector"),
            network: network.join().expect("network collector"),
            browsers,
        }
    })
}

/// Collects from the running system (commands and settings read through
/// `sys`); on any other system the commands are simply not found.
pub fn collect(sys: &Sys) -> MacosEvidence {
    collect_at(sys, time::OffsetDateTime::now_utc().date())
}

/// The system identity for `target.os`, from `sw_vers`.
pub fn os_release(m: &MacosEvidence) -> Collected<OsRelease> {
    m.system.sw_vers.map_ref(|v| v.os_release())
}

/// Turns a macOS capture folder into evidence.
pub fn from_captures(dir: &Path, manifest: &Manifest) -> Result<Evidence, crate::SourceError> {
    if !dir.is_dir() {
        return Err(crate::SourceError::NotADirectory {
            path: dir.display().to_string(),
        });
    }
    let started = std::time::Instant::now();
    let collected_at = match manifest.captured_at.as_deref() {
        Some(t) => {
            time::OffsetDateTime::parse(t.trim(), &time::format_description::well_known::Rfc3339)
                .map_err(|e| crate::SourceError::Format {
                    path: dir.join(crate::captures::MANIFEST).display().to_string(),
                    message: format!("captured_at \"{t}\" is not an RFC 3339 time: {e}"),
                })?
        }
        None => time::OffsetDateTime::now_utc(),
    }
    .to_offset(time::UtcOffset::UTC);
    let fs = CaptureFs {
        inner: RootFs::new(dir.join("files")),
    };
    let runner = CaptureRunner {
        dir: dir.to_path_buf(),
    };
    let fs_ref: &(dyn Fs + Sync) = &fs;
    // The capture script runs as root (sudo).
    let sys = Sys::new(fs_ref, &runner, true);
    let macos = collect_at(&sys, collected_at.date());
    Ok(Evidence {
        format: crate::EVIDENCE_FORMAT.to_string(),
        format_version: crate::EVIDENCE_FORMAT_VERSION,
        tool_version: crate::TOOL_VERSION.to_string(),
        collected_at: collected_at.replace_nanosecond(0).unwrap_or(collected_at),
        collection_us: started.elapsed().as_micros() as u64,
        target: Target {
            kind: TargetKind::Live,
            host: manifest.host.clone(),
            root: None,
            platform: Platform::Macos,
            os: os_release(&macos),
            privileged: true,
        },
        linux: None,
        windows: None,
        macos: Some(macos),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_commands_and_refusals() {
        use crate::command::FakeRunner;
        let dir = tempfile::tempdir().unwrap();
        let fs = RootFs::new(dir.path());
        let runner = FakeRunner::new()
            .ok(
                "sw_vers",
                "ProductName:\t\tmacOS\nProductVersion:\t\t15.1\nBuildVersion:\t\t24B83\n",
            )
            .output(
                "fdesetup status",
                1,
                "",
                "Error: This command must be run as root.\n",
            )
            .output(
                "sysadminctl -screenLock status",
                0,
                "",
                "2024-11-27 09:42:11.384 sysadminctl[3121:53037] screenLock delay is immediate\n",
            )
            .ok(
                "/usr/libexec/ApplicationFirewall/socketfilterfw --getglobalstate",
                "Firewall is enabled. (State = 1)\n",
            );
        let sys = Sys::new(&fs, &runner, false);
        let m = collect_at(&sys, time::macros::date!(2024 - 11 - 27));
        assert_eq!(
            m.system.sw_vers.value().unwrap().product_version.as_deref(),
            Some("15.1")
        );
        assert!(m.protection.filevault.permission_denied());
        assert_eq!(
            m.screen.screen_lock.value(),
            Some(&screen::ScreenLock::Immediate)
        );
        assert_eq!(m.protection.firewall.global_state.value(), Some(&1));
        // A command the system lacks is missing; a file absent too.
        assert!(matches!(m.accounts.users, Collected::Missing { .. }));
        assert!(matches!(m.updates.prefs, Collected::Missing { .. }));
    }

    #[test]
    fn capture_files_are_unique_and_safe() {
        let mut seen = std::collections::BTreeSet::new();
        for (line, file) in CAPTURED_COMMANDS {
            assert!(seen.insert(*file), "{file} twice");
            assert_eq!(capture_file(line).as_deref(), Some(*file));
            assert!(!file.contains('/'));
        }
        assert_eq!(
            capture_file("networksetup -getairportpower en0").as_deref(),
            Some("networksetup-getairportpower-en0.txt")
        );
        assert_eq!(capture_file("networksetup -getairportpower ../x"), None);
        assert_eq!(capture_file("rm -rf /"), None);
    }
}
