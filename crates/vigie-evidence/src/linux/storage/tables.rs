//! Line-oriented storage tables: `fstab(5)`, `crypttab(5)`, `/proc/self/mounts`,
//! `/proc/swaps`, and the kernel command-line settings that open encrypted
//! volumes in the initramfs. Pure functions over text.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One line of `/etc/fstab`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FstabEntry {
    pub line: u32,
    /// `fs_spec`: "UUID=…", "/dev/mapper/vg-root", "/swapfile"…
    pub spec: String,
    /// `fs_file`: the mount point ("none" or "swap" for swap).
    pub file: String,
    /// `fs_vfstype`.
    pub vfstype: String,
    /// `fs_mntops`, split on commas.
    pub options: Vec<String>,
}

impl FstabEntry {
    pub fn has_option(&self, name: &str) -> bool {
        self.options.iter().any(|o| o == name)
    }
    pub fn is_swap(&self) -> bool {
        self.vfstype == "swap"
    }
}

/// One line of `/etc/crypttab` (or `/etc/crypttab.initramfs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CrypttabEntry {
    pub line: u32,
    /// The mapping, opened as `/dev/mapper/NAME`.
    pub name: String,
    /// The encrypted device ("UUID=…", "/dev/sda3", "PARTUUID=…").
    pub device: String,
    /// Key file; `None` for "none", "-" or absent (a passphrase is asked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Options, split on commas ("luks", "swap", "discard", "tpm2-device=auto"…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

impl CrypttabEntry {
    pub fn has_option(&self, name: &str) -> bool {
        self.options
            .iter()
            .any(|o| o == name || o.split_once('=').is_some_and(|(k, _)| k == name))
    }
    /// Re-created with a fresh random key at every boot (`swap` or `tmp`):
    /// it can hold nothing that survives a reboot.
    pub fn is_ephemeral(&self) -> bool {
        self.has_option("swap") || self.has_option("tmp")
    }
    /// The key file is a random source: the volume is unreadable after shutdown.
    pub fn random_key(&self) -> bool {
        matches!(
            self.key.as_deref(),
            Some("/dev/urandom" | "/dev/random" | "/dev/hw_random")
        )
    }
}

/// One mounted filesystem from `/proc/self/mounts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MountEntry {
    pub source: String,
    pub target: String,
    pub fstype: String,
}

/// One active swap area from `/proc/swaps`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SwapEntry {
    /// "/dev/dm-1", "/dev/zram0", "/swapfile".
    pub filename: String,
    /// "partition" or "file".
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_kib: Option<u64>,
}

/// A kernel parameter that makes the initramfs open an encrypted volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KernelCryptParam {
    pub line: u32,
    /// As written ("rd.luks.uuid=…", "cryptdevice=UUID=…:cryptroot").
    pub param: String,
    /// The `/dev/mapper` name it creates, when the parameter tells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapping: Option<String>,
}

/// Decodes the `\NNN` octal escapes fstab, crypttab, mounts and swaps use
/// for spaces and tabs (libmount `unmangle`).
pub fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 4 <= bytes.len() {
            let oct = &bytes[i + 1..i + 4];
            if oct.iter().all(|b| (b'0'..=b'7').contains(b)) {
                let v = u32::from(oct[0] - b'0') * 64
                    + u32::from(oct[1] - b'0') * 8
                    + u32::from(oct[2] - b'0');
                if let Ok(b) = u8::try_from(v) {
                    out.push(b);
                    i += 4;
                    continue;
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Non-comment lines with their 1-based number: fstab and crypttab only treat
/// a line as a comment when `#` is its first non-blank character.
fn content_lines(text: &str) -> impl Iterator<Item = (u32, Vec<String>)> + '_ {
    text.lines().enumerate().filter_map(|(n, raw)| {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        Some((
            n as u32 + 1,
            line.split_whitespace().map(unescape).collect(),
        ))
    })
}

/// `fstab(5)`: spec, file, vfstype, options, freq, passno; the last four may be
/// omitted (libmount defaults: "auto", "defaults").
pub fn parse_fstab(text: &str) -> Vec<FstabEntry> {
    content_lines(text)
        .filter(|(_, f)| f.len() >= 2)
        .map(|(line, f)| FstabEntry {
            line,
            spec: f[0].clone(),
            file: f[1].clone(),
            vfstype: f.get(2).cloned().unwrap_or_else(|| "auto".into()),
            options: f
                .get(3)
                .map(|o| {
                    o.split(',')
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_else(|| vec!["defaults".into()]),
        })
        .collect()
}

/// `crypttab(5)`: name, device, key file, options; the last two optional.
pub fn parse_crypttab(text: &str) -> Vec<CrypttabEntry> {
    content_lines(text)
        .filter(|(_, f)| f.len() >= 2)
        .map(|(line, f)| CrypttabEntry {
            line,
            name: f[0].clone(),
            device: f[1].clone(),
            key: f.get(2).filter(|k| *k != "none" && *k != "-").cloned(),
            options: f
                .get(3)
                .map(|o| {
                    o.split(',')
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect()
}

/// `/proc/self/mounts`: source, target, fstype, options, 0, 0.
pub fn parse_mounts(text: &str) -> Vec<MountEntry> {
    text.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.len() >= 3).then(|| MountEntry {
                source: unescape(f[0]),
                target: unescape(f[1]),
                fstype: f[2].to_string(),
            })
        })
        .collect()
}

/// `/proc/swaps`: a header, then Filename, Type, Size (KiB), Used, Priority.
pub fn parse_swaps(text: &str) -> Vec<SwapEntry> {
    text.lines()
        .skip_while(|l| l.starts_with("Filename"))
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.len() >= 2).then(|| SwapEntry {
                filename: unescape(f[0]),
                kind: f[1].to_string(),
                size_kib: f.get(2).and_then(|s| s.parse().ok()),
            })
        })
        .collect()
}

/// The mapping a kernel parameter creates, if it is one that opens an
/// encrypted volume: systemd-cryptsetup-generator's `rd.luks.name=UUID=NAME`
/// and `rd.luks.uuid=UUID` (named `luks-UUID`), the same without `rd.`, and
/// mkinitcpio's `encrypt` hook `cryptdevice=DEVICE:NAME[:OPTIONS]`.
fn crypt_param(word: &str) -> Option<Option<String>> {
    let (key, value) = word.split_once('=')?;
    match key {
        "rd.luks.name" | "luks.name" => {
            Some(value.rsplit_once('=').map(|(_, name)| name.to_string()))
        }
        "rd.luks.uuid" | "luks.uuid" => {
            let uuid = value.strip_prefix("UUID=").unwrap_or(value);
            let uuid = uuid.strip_prefix("luks-").unwrap_or(uuid);
            Some(Some(format!("luks-{uuid}")))
        }
        "cryptdevice" => {
            // The device may itself contain ':' only in exotic forms; the
            // name is the field after the device.
            let mut parts = value.split(':');
            let _device = parts.next();
            Some(parts.next().filter(|n| !n.is_empty()).map(String::from))
        }
        "rd.luks.key" | "luks.key" | "rd.luks.options" | "luks.options" => Some(None),
        _ => None,
    }
}

fn crypt_params_in(words: &str, line: u32, out: &mut Vec<KernelCryptParam>) {
    for word in words.split_whitespace() {
        let word = word.trim_matches(|c| c == '"' || c == '\'');
        if let Some(mapping) = crypt_param(word) {
            out.push(KernelCryptParam {
                line,
                param: word.to_string(),
                mapping,
            });
        }
    }
}

/// A command line as one file (`/etc/kernel/cmdline`, `/proc/cmdline`).
pub fn parse_cmdline(text: &str) -> Vec<KernelCryptParam> {
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with('#') {
            continue;
        }
        crypt_params_in(line, n as u32 + 1, &mut out);
    }
    out
}

/// `/etc/default/grub`: the words of `GRUB_CMDLINE_LINUX` and
/// `GRUB_CMDLINE_LINUX_DEFAULT` (shell assignments, quotes stripped).
pub fn parse_default_grub(text: &str) -> Vec<KernelCryptParam> {
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if matches!(
            key.trim(),
            "GRUB_CMDLINE_LINUX" | "GRUB_CMDLINE_LINUX_DEFAULT"
        ) {
            crypt_params_in(value, n as u32 + 1, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fstab_lines_with_escapes_and_defaults() {
        let f = parse_fstab(
            "# /etc/fstab: static file system information.\n\
             UUID=1b2c / ext4 errors=remount-ro 0 1\n\
             \n\
             /dev/mapper/vgubuntu-swap_1 none swap sw 0 0\n\
             LABEL=My\\040Data /mnt/my\\040data ntfs3 defaults,nofail 0 0\n\
               # indented comment\n\
             /swap.img none swap\n\
             tmpfs /tmp\n",
        );
        assert_eq!(f.len(), 5);
        assert_eq!((f[0].line, f[0].file.as_str()), (2, "/"));
        assert!(f[1].is_swap());
        assert_eq!(f[2].spec, "LABEL=My Data");
        assert_eq!(f[2].file, "/mnt/my data");
        assert!(f[2].has_option("nofail"));
        assert_eq!(f[3].options, vec!["defaults"]);
        assert_eq!(f[4].vfstype, "auto");
    }

    #[test]
    fn crypttab_keys_and_options() {
        let c = parse_crypttab(
            "# <target name>\t<source device>\t<key file>\t<options>\n\
             nvme0n1p3_crypt UUID=8d1f none luks,discard\n\
             cryptswap /dev/disk/by-partuuid/77aa /dev/urandom swap,cipher=aes-xts-plain64,size=512\n\
             luks-4e0c UUID=4e0c - tpm2-device=auto\n\
             data /dev/sdb1\n",
        );
        assert_eq!(c.len(), 4);
        assert_eq!(c[0].key, None);
        assert!(c[0].has_option("luks"));
        assert!(c[1].is_ephemeral() && c[1].random_key());
        assert!(c[1].has_option("cipher"));
        assert_eq!(c[2].key, None);
        assert!(c[2].has_option("tpm2-device"));
        assert!(c[3].options.is_empty());
    }

    #[test]
    fn proc_mounts_and_swaps() {
        let m = parse_mounts(
            "/dev/mapper/vgubuntu-root / ext4 rw,relatime 0 0\nrpool/USERDATA/home_x /home zfs rw 0 0\n/dev/sdb1 /media/marie/CL\\040USB vfat rw 0 0\n",
        );
        assert_eq!(m[2].target, "/media/marie/CL USB");
        assert_eq!(m[1].fstype, "zfs");
        let s = parse_swaps(
            "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/dm-2                               partition\t1003516\t\t0\t\t-2\n/dev/zram0                              partition\t8388604\t\t0\t\t100\n/swap\\040file file 2097148 0 -3\n",
        );
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].filename, "/dev/dm-2");
        assert_eq!(s[0].size_kib, Some(1003516));
        assert_eq!(s[2].filename, "/swap file");
        assert_eq!(s[2].kind, "file");
        assert!(parse_swaps("Filename\tType\tSize\tUsed\tPriority\n").is_empty());
    }

    #[test]
    fn kernel_parameters_that_open_volumes() {
        let g = parse_default_grub(
            "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash\"\nGRUB_CMDLINE_LINUX=\"rd.luks.uuid=luks-4e0c rhgb quiet\"\n",
        );
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].line, 3);
        assert_eq!(g[0].mapping.as_deref(), Some("luks-4e0c"));
        let c = parse_cmdline(
            "cryptdevice=UUID=9a1b:cryptroot root=/dev/mapper/cryptroot rw rd.luks.name=UUID=77=home\n",
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].mapping.as_deref(), Some("cryptroot"));
        assert_eq!(c[1].mapping.as_deref(), Some("home"));
        assert!(parse_cmdline("root=UUID=1 ro quiet\n").is_empty());
    }

    #[test]
    fn unescape_leaves_other_backslashes() {
        assert_eq!(unescape("a\\040b"), "a b");
        assert_eq!(unescape("a\\09b"), "a\\09b");
        assert_eq!(unescape("end\\"), "end\\");
        assert_eq!(unescape("\\134x"), "\\x");
    }
}
