//! Disk encryption (4.3.3.c): fstab, crypttab, LVM backups and the kernel
//! parameters that open encrypted volumes, readable offline; and, on a
//! running system, what is really mounted (`/proc/self/mounts`,
//! `/proc/swaps`) on which chain of block devices (`lsblk`), with the
//! removable drives attached. Also the Ubuntu Pro status cache, which tells
//! whether paid security maintenance is active (4.3.4.a).

pub mod lsblk;
pub mod lvm;
pub mod support;
pub mod tables;

pub use lsblk::BlockDevice;
pub use lvm::{LvmPhysicalVolume, LvmVolumeGroup};
pub use support::UbuntuPro;
pub use tables::{CrypttabEntry, FstabEntry, KernelCryptParam, MountEntry, SwapEntry};

use crate::command::{CommandOutput, OFFLINE_REASON};
use crate::fs::FsError;
use crate::model::Collected;
use crate::sys::{self, Sys};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const FSTAB: &str = "/etc/fstab";
pub const CRYPTTAB: &str = "/etc/crypttab";
/// mkinitcpio's sd-encrypt hook copies this one into the initramfs (Arch).
pub const CRYPTTAB_INITRAMFS: &str = "/etc/crypttab.initramfs";
pub const LVM_BACKUP_DIR: &str = "/etc/lvm/backup";
/// Files that may carry the kernel command line, in the order checked.
pub const CMDLINE_FILES: &[&str] = &["/etc/kernel/cmdline", "/etc/default/grub"];

/// Everything read about storage encryption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct StorageEvidence {
    pub fstab: Collected<Vec<FstabEntry>>,
    pub crypttab: Collected<Vec<CrypttabEntry>>,
    /// `/etc/crypttab.initramfs`, only when it exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initramfs_crypttab: Option<Collected<Vec<CrypttabEntry>>>,
    /// One entry per backup file of `/etc/lvm/backup`.
    pub lvm: Collected<Vec<LvmVolumeGroup>>,
    /// Kernel parameters that open encrypted volumes, per file that exists
    /// (and `/proc/cmdline` on a running system).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kernel_cmdline: Vec<Collected<Vec<KernelCryptParam>>>,
    /// Per-folder encryption of home directories.
    pub home_encryption: HomeEncryption,
    /// Running system: `/proc/self/mounts`.
    pub mounts: Collected<Vec<MountEntry>>,
    /// Running system: `/proc/swaps`.
    pub swaps: Collected<Vec<SwapEntry>>,
    /// Running system: `lsblk`.
    pub block_devices: Collected<Vec<BlockDevice>>,
    /// Running system, only when a ZFS dataset is mounted: its encryption.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zfs: Option<Collected<Vec<ZfsDataset>>>,
    /// Ubuntu Pro status cache (4.3.4.a).
    pub ubuntu_pro: Collected<UbuntuPro>,
}

impl Default for StorageEvidence {
    fn default() -> Self {
        fn none<T>() -> Collected<T> {
            Collected::NotCollected {
                reason: "not collected".into(),
            }
        }
        StorageEvidence {
            fstab: none(),
            crypttab: none(),
            initramfs_crypttab: None,
            lvm: none(),
            kernel_cmdline: Vec::new(),
            home_encryption: HomeEncryption::default(),
            mounts: none(),
            swaps: none(),
            block_devices: none(),
            zfs: None,
            ubuntu_pro: none(),
        }
    }
}

/// Encryption of single folders rather than whole volumes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HomeEncryption {
    /// Accounts with an eCryptfs private directory (`/home/.ecryptfs/NAME`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ecryptfs: Vec<String>,
    /// fscrypt metadata directories found ("/.fscrypt", "/home/.fscrypt").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fscrypt: Vec<String>,
}

/// A ZFS dataset's native encryption (`zfs get encryption,keystatus`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ZfsDataset {
    pub name: String,
    /// "off", "aes-256-gcm"…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<String>,
    /// "available", "unavailable", "-".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keystatus: Option<String>,
}

/// `zfs get -H -o name,property,value …`: tab-separated lines.
pub fn parse_zfs_get(text: &str) -> Vec<ZfsDataset> {
    let mut out: Vec<ZfsDataset> = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            continue;
        }
        let i = match out.iter().position(|d| d.name == f[0]) {
            Some(i) => i,
            None => {
                out.push(ZfsDataset {
                    name: f[0].to_string(),
                    encryption: None,
                    keystatus: None,
                });
                out.len() - 1
            }
        };
        match f[1] {
            "encryption" => out[i].encryption = Some(f[2].to_string()),
            "keystatus" => out[i].keystatus = Some(f[2].to_string()),
            _ => {}
        }
    }
    out
}

/// Reads a file whose parser can fail.
fn file_try<T>(sys: &Sys, path: &str, parse: fn(&str) -> Result<T, String>) -> Collected<T> {
    match sys.fs.read_to_string(path) {
        Ok(text) => match parse(&text) {
            Ok(value) => Collected::Ok {
                source: path.into(),
                value,
            },
            Err(error) => Collected::Unreadable {
                source: path.into(),
                error,
            },
        },
        Err(e) => sys::fs_error(path, e),
    }
}

fn lvm_backups(sys: &Sys) -> Collected<Vec<LvmVolumeGroup>> {
    let names = match sys.fs.read_dir(LVM_BACKUP_DIR) {
        Ok(n) => n,
        Err(e) => return sys::fs_error(LVM_BACKUP_DIR, e),
    };
    let mut groups = Vec::new();
    for name in names.iter().filter(|n| !n.starts_with('.')) {
        let path = format!("{LVM_BACKUP_DIR}/{name}");
        match sys.fs.read_to_string(&path) {
            Ok(text) => groups.extend(lvm::parse_backup(&path, &text)),
            // /etc/lvm/backup is root-only on most distributions.
            Err(FsError::PermissionDenied) => {
                return Collected::Unreadable {
                    source: path,
                    error: sys::PERMISSION_DENIED.into(),
                }
            }
            Err(_) => {}
        }
    }
    Collected::Ok {
        source: LVM_BACKUP_DIR.into(),
        value: groups,
    }
}

fn home_encryption(sys: &Sys) -> HomeEncryption {
    let ecryptfs = sys
        .fs
        .read_dir("/home/.ecryptfs")
        .unwrap_or_default()
        .into_iter()
        .filter(|n| !n.starts_with('.'))
        .collect();
    let fscrypt = ["/.fscrypt", "/home/.fscrypt"]
        .iter()
        .filter(|p| sys.fs.is_dir(p))
        .map(|p| p.to_string())
        .collect();
    HomeEncryption { ecryptfs, fscrypt }
}

fn command_error(out: &CommandOutput) -> String {
    if sys::denied(out) {
        return sys::PERMISSION_DENIED.into();
    }
    let first = out.stderr.lines().next().unwrap_or("").trim();
    match out.code {
        Some(c) => format!("exit code {c}: {first}"),
        None => format!("killed by a signal: {first}"),
    }
}

/// lsblk with the current columns, then the legacy ones when this lsblk
/// does not know MOUNTPOINTS or PATH ("lsblk: unknown column: …").
fn block_devices(sys: &Sys) -> Collected<Vec<BlockDevice>> {
    let run = |columns: &str| {
        sys.command("lsblk", &["-J", "-b", "-o", columns], |out| {
            // 64: some devices could not be read, the others are listed.
            if out.success() || out.code == Some(64) {
                lsblk::parse_lsblk(&out.stdout)
            } else {
                Err(command_error(out))
            }
        })
    };
    let current = run(lsblk::COLUMNS);
    match &current {
        Collected::Unreadable { error, .. } if error.contains("unknown column") => {
            run(lsblk::LEGACY_COLUMNS)
        }
        _ => current,
    }
}

fn zfs_datasets(
    sys: &Sys,
    mounts: &Collected<Vec<MountEntry>>,
) -> Option<Collected<Vec<ZfsDataset>>> {
    let mut names: Vec<&str> = mounts
        .value()?
        .iter()
        .filter(|m| m.fstype == "zfs")
        .map(|m| m.source.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    names.truncate(64);
    if names.is_empty() {
        return None;
    }
    let mut args = vec![
        "get",
        "-H",
        "-o",
        "name,property,value",
        "encryption,keystatus",
    ];
    args.extend(names);
    Some(sys.command("zfs", &args, |out| {
        if out.success() {
            Ok(parse_zfs_get(&out.stdout))
        } else {
            Err(command_error(out))
        }
    }))
}

/// Mounts the evaluation needs: what `/` and `/home` are, ZFS datasets and
/// block devices; not the dozens of kernel and desktop pseudo-filesystems.
fn relevant_mount(m: &MountEntry) -> bool {
    m.target == "/" || m.target == "/home" || m.fstype == "zfs" || m.source.starts_with("/dev/")
}

/// Collects this area's tables.
pub fn collect(sys: &Sys) -> StorageEvidence {
    let fs = sys.fs;
    let initramfs_crypttab = fs
        .exists(CRYPTTAB_INITRAMFS)
        .then(|| sys.file(CRYPTTAB_INITRAMFS, tables::parse_crypttab));
    let mut kernel_cmdline: Vec<Collected<Vec<KernelCryptParam>>> = CMDLINE_FILES
        .iter()
        .filter(|p| fs.exists(p))
        .map(|p| match *p {
            "/etc/default/grub" => sys.file(p, tables::parse_default_grub),
            _ => sys.file(p, tables::parse_cmdline),
        })
        .collect();
    fn not_live<T>() -> Collected<T> {
        Collected::NotCollected {
            reason: OFFLINE_REASON.into(),
        }
    }
    let (mounts, swaps, block_devices, zfs) = if sys.is_live() {
        kernel_cmdline.push(sys.file("/proc/cmdline", tables::parse_cmdline));
        let mounts = sys.file("/proc/self/mounts", |t| {
            tables::parse_mounts(t)
                .into_iter()
                .filter(relevant_mount)
                .collect::<Vec<_>>()
        });
        let zfs = zfs_datasets(sys, &mounts);
        (
            mounts,
            sys.file("/proc/swaps", tables::parse_swaps),
            block_devices(sys),
            zfs,
        )
    } else {
        (not_live(), not_live(), not_live(), None)
    };
    StorageEvidence {
        fstab: sys.file(FSTAB, tables::parse_fstab),
        crypttab: sys.file(CRYPTTAB, tables::parse_crypttab),
        initramfs_crypttab,
        lvm: lvm_backups(sys),
        kernel_cmdline,
        home_encryption: home_encryption(sys),
        mounts,
        swaps,
        block_devices,
        zfs,
        ubuntu_pro: file_try(sys, support::UBUNTU_PRO_STATUS, support::parse_ubuntu_pro),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zfs_get_lines() {
        let d = parse_zfs_get(
            "rpool/ROOT/ubuntu_x\tencryption\taes-256-gcm\nrpool/ROOT/ubuntu_x\tkeystatus\tavailable\nbpool/BOOT\tencryption\toff\nbpool/BOOT\tkeystatus\t-\n",
        );
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].encryption.as_deref(), Some("aes-256-gcm"));
        assert_eq!(d[0].keystatus.as_deref(), Some("available"));
        assert_eq!(d[1].encryption.as_deref(), Some("off"));
    }

    #[test]
    fn only_relevant_mounts_are_kept() {
        let kept: Vec<String> = tables::parse_mounts(
            "proc /proc proc rw 0 0\noverlay / overlay rw 0 0\ncgroup2 /sys/fs/cgroup cgroup2 rw 0 0\n/dev/sda1 /boot/efi vfat rw 0 0\nrpool/USERDATA/x /home/x zfs rw 0 0\ngvfsd-fuse /run/user/1000/gvfs fuse.gvfsd-fuse rw 0 0\n",
        )
        .into_iter()
        .filter(relevant_mount)
        .map(|m| m.target)
        .collect();
        assert_eq!(kept, vec!["/", "/boot/efi", "/home/x"]);
    }

    #[test]
    fn default_round_trips() {
        let e = StorageEvidence::default();
        let json = serde_json::to_string(&e).unwrap();
        let back: StorageEvidence = serde_json::from_str(&json).unwrap();
        assert_eq!(e, back);
        let empty: StorageEvidence = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, e);
    }
}
