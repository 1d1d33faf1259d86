//! 4.3.3.c — « Recourir à un logiciel de chiffrement pour protéger votre poste
//! de travail, serveur, clé USB, disque dur amovible ou encore smartphone ;
//! les outils préconisés sont ceux qui bénéficient d'un référencement sur le
//! site de l'ANSSI (www.ssi.gouv.fr). »
//!
//! The machine's part (the requirement is `both`: the report keeps it open
//! for the practice's declaration about phones and media kept elsewhere).
//! What is judged on Linux:
//!
//! - **The system (`/`), `/home` and every other local volume mounted from a
//!   fixed disk** (not `/boot`, `/boot/efi`, `/efi`, which hold no data and
//!   cannot be encrypted with a standard boot chain) must sit on a
//!   dm-crypt layer (LUKS, including LUKS opened by TPM2 or FIDO2 through
//!   systemd-cryptenroll, plain dm-crypt, BitLocker or VeraCrypt opened by
//!   cryptsetup), or on ZFS native encryption.
//! - **Swap** must be encrypted (LUKS, or a crypttab `swap` mapping with a
//!   random key, re-created at each boot) or absent from disk: zram is
//!   compressed RAM and counts as no disk swap; a swap file is as protected
//!   as the volume holding it.
//! - **Removable drives attached now** (lsblk RM, HOTPLUG, or transport usb
//!   or FireWire) must carry only encrypted content (crypto_LUKS, BitLocker,
//!   or an open dm-crypt layer): one readable filesystem fails.
//!
//! How, on a running system: `lsblk -J` gives the real chain of every
//! mounted volume; a volume is encrypted when every path from it down to the
//! disks goes through a `crypt` device (lsblk TYPE, from the DM UUID prefix
//! `CRYPT-`), except dm-integrity and dm-verity devices, which cryptsetup
//! also names `CRYPT-` but which do not encrypt (their parent is
//! `DM_integrity` or `DM_verity_hash`). `/proc/swaps` lists active swap;
//! `/proc/self/mounts` tells what `/` is when it is not a block device (ZFS:
//! `zfs get encryption,keystatus`).
//!
//! Offline (an image, `--root`), only the configuration can be read, and it
//! does not always link a filesystem to its disk: `/etc/fstab` names `/` by
//! `/dev/mapper/NAME` (encrypted when NAME is a crypttab(5) mapping or one
//! the initramfs opens from the kernel command line: systemd's
//! `rd.luks.name=`/`rd.luks.uuid=`, mkinitcpio's `cryptdevice=`), by an LVM
//! volume (`/dev/mapper/VG-LV`, `/dev/VG/LV`: encrypted when every physical
//! volume of VG, as recorded in `/etc/lvm/backup/VG`, is such a mapping), by
//! a partition (`/dev/sda2`, `PARTUUID=`: plain), or by a filesystem
//! `UUID=`/`LABEL=`, which could be inside a mapping or not: it is judged
//! plain only when the configuration declares no encrypted volume at all,
//! and unknown otherwise, as is anything whose chain cannot be proven.
//! `/` absent from fstab (systemd-gpt-auto-generator mounts it) or on ZFS is
//! unknown offline; so are attached removable drives.
//!
//! eCryptfs and fscrypt encrypt single folders, not the system, swap or
//! temporary files: they never make a volume pass; a separate `/home` that is
//! plain but holds such folders is unknown rather than failed. Self-encrypting
//! drives (OPAL) without a LUKS header are invisible here and judged plain.

use super::{linux, try_finding, Check};
use crate::{Context, EvidenceItem, Finding, Status};
use std::collections::BTreeMap;
use vigie_evidence::linux::storage::{
    lvm::split_dm_name, BlockDevice, CrypttabEntry, FstabEntry, KernelCryptParam, LvmVolumeGroup,
    StorageEvidence,
};
use vigie_evidence::Collected;

pub const CHECK: Check = Check {
    id: "4.3.3.c",
    evaluate,
};

/// Mount points that hold the boot chain, unencrypted by design.
fn is_boot(mountpoint: &str) -> bool {
    mountpoint == "/boot" || mountpoint.starts_with("/boot/") || mountpoint == "/efi"
}

/// Filesystems of local data volumes an fstab line may name.
const LOCAL_FS: &[&str] = &[
    "auto", "ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "jfs", "reiserfs", "bcachefs", "ntfs",
    "ntfs3", "ntfs-3g", "vfat", "exfat", "hfsplus",
];

/// Read-only images (snaps, ISO files): nothing the practice writes.
const IMAGE_FS: &[&str] = &["squashfs", "iso9660", "udf", "erofs"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prot {
    Encrypted,
    Plain,
    /// In memory only (zram).
    Ram,
    Unknown,
}

/// What is known of one volume, without its label.
#[derive(Debug, Clone)]
struct Class {
    prot: Prot,
    fr: String,
    en: String,
    evidence: Vec<EvidenceItem>,
    privileges: bool,
}

impl Class {
    fn new(prot: Prot, fr: impl Into<String>, en: impl Into<String>) -> Self {
        Class {
            prot,
            fr: fr.into(),
            en: en.into(),
            evidence: Vec::new(),
            privileges: false,
        }
    }
    fn with(mut self, e: impl IntoIterator<Item = EvidenceItem>) -> Self {
        self.evidence.extend(e);
        self
    }
    fn privileged(mut self) -> Self {
        self.privileges = true;
        self
    }
}

/// One judged volume, drive or swap.
#[derive(Debug, Clone)]
struct Judged {
    label_fr: String,
    label_en: String,
    class: Class,
}

impl Judged {
    fn new(label_fr: impl Into<String>, label_en: impl Into<String>, class: Class) -> Self {
        Judged {
            label_fr: label_fr.into(),
            label_en: label_en.into(),
            class,
        }
    }
    fn fr(&self) -> String {
        format!("{} : {}", self.label_fr, self.class.fr)
    }
    fn en(&self) -> String {
        format!("{}: {}", self.label_en, self.class.en)
    }
}

fn label_for(mountpoint: &str) -> (String, String) {
    match mountpoint {
        "/" => ("le système (/)".into(), "the system (/)".into()),
        "/home" => (
            "les dossiers personnels (/home)".into(),
            "the home folders (/home)".into(),
        ),
        m => (
            format!("le volume monté sur {m}"),
            format!("the volume mounted on {m}"),
        ),
    }
}

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let st = &linux.storage;
    let mut notes: Vec<(String, String)> = Vec::new();
    let judged = match &st.block_devices {
        Collected::Ok { source, value } => {
            notes.push((
                "Seuls les supports amovibles branchés pendant l'audit ont pu être vérifiés."
                    .into(),
                "Only removable drives plugged in during the audit could be checked.".into(),
            ));
            live(st, source, value)
        }
        other => {
            let mut j = from_files(st);
            match other {
                Collected::NotCollected { .. } => notes.push((
                    "Hors ligne, les supports amovibles branchés et le chiffrement réellement actif ne peuvent pas être vus : seule la configuration est lue.".into(),
                    "Offline, attached removable drives and the encryption really in use cannot be seen: only the configuration is read.".into(),
                )),
                Collected::Missing { source } | Collected::Unreadable { source, .. } => {
                    let (error_fr, error_en) = match other {
                        Collected::Unreadable { error, .. } => (error.clone(), error.clone()),
                        _ => ("commande introuvable".into(), "command not found".into()),
                    };
                    let mut c = Class::new(
                        Prot::Unknown,
                        format!("lsblk n'a pas répondu ({error_fr}) : les supports branchés n'ont pas pu être vérifiés"),
                        format!("lsblk gave no answer ({error_en}): attached drives could not be checked"),
                    )
                    .with([EvidenceItem::new(source.clone(), None, None, error_en)]);
                    if other.permission_denied() {
                        c = c.privileged();
                    }
                    j.push(Judged::new("les supports amovibles", "removable drives", c));
                }
                Collected::Ok { .. } => {}
            }
            j
        }
    };
    conclude(judged, notes)
}

/// Turns the judged items into one finding: any plain volume fails, then any
/// unknown makes the whole unknown, else it passes.
fn conclude(judged: Vec<Judged>, notes: Vec<(String, String)>) -> Finding {
    let pick = |p: Prot| judged.iter().filter(move |j| j.class.prot == p);
    let plain: Vec<&Judged> = pick(Prot::Plain).collect();
    let unknown: Vec<&Judged> = pick(Prot::Unknown).collect();
    let (status, fr_head, en_head, shown): (Status, &str, &str, Vec<&Judged>) = if !plain.is_empty()
    {
        (
            Status::Fail,
            "Des données ne sont pas chiffrées",
            "Some data is not encrypted",
            plain.clone(),
        )
    } else if !unknown.is_empty() {
        (
            Status::Unknown,
            "Le chiffrement n'a pas pu être établi partout",
            "Encryption could not be established everywhere",
            unknown.clone(),
        )
    } else {
        (
            Status::Pass,
            "Les volumes de ce poste sont chiffrés",
            "This computer's volumes are encrypted",
            judged.iter().collect(),
        )
    };
    let mut fr = format!("{fr_head} : ");
    let mut en = format!("{en_head}: ");
    if shown.is_empty() {
        fr.push_str("aucun volume n'a pu être examiné");
        en.push_str("no volume could be examined");
    }
    fr.push_str(&shown.iter().map(|j| j.fr()).collect::<Vec<_>>().join(" ; "));
    en.push_str(&shown.iter().map(|j| j.en()).collect::<Vec<_>>().join("; "));
    fr.push('.');
    en.push('.');
    if status == Status::Fail && !unknown.is_empty() {
        fr.push_str(&format!(
            " À vérifier aussi : {}.",
            unknown
                .iter()
                .map(|j| j.fr())
                .collect::<Vec<_>>()
                .join(" ; ")
        ));
        en.push_str(&format!(
            " Also to check: {}.",
            unknown
                .iter()
                .map(|j| j.en())
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    for (nf, ne) in &notes {
        fr.push(' ');
        fr.push_str(nf);
        en.push(' ');
        en.push_str(ne);
    }
    let mut finding = Finding::new(status, fr, en);
    for j in &judged {
        for e in &j.class.evidence {
            if !finding.evidence.contains(e) {
                finding.evidence.push(e.clone());
            }
        }
    }
    if status == Status::Unknown && unknown.iter().any(|j| j.class.privileges) {
        finding = finding.needs_privileges();
    }
    finding
}

// ---------------------------------------------------------------------------
// Running system: lsblk chains.

struct Devs<'a> {
    source: &'a str,
    list: &'a [BlockDevice],
    by_kname: BTreeMap<&'a str, &'a BlockDevice>,
    children: BTreeMap<&'a str, Vec<&'a BlockDevice>>,
}

impl<'a> Devs<'a> {
    fn new(source: &'a str, list: &'a [BlockDevice]) -> Self {
        let mut by_kname = BTreeMap::new();
        let mut children: BTreeMap<&str, Vec<&BlockDevice>> = BTreeMap::new();
        for d in list {
            by_kname.insert(d.kname.as_str(), d);
            for p in &d.parents {
                children.entry(p.as_str()).or_default().push(d);
            }
        }
        Devs {
            source,
            list,
            by_kname,
            children,
        }
    }

    fn get(&self, kname: &str) -> Option<&'a BlockDevice> {
        self.by_kname.get(kname).copied()
    }

    fn kids(&self, kname: &str) -> &[&'a BlockDevice] {
        self.children.get(kname).map(Vec::as_slice).unwrap_or(&[])
    }

    /// A dm-crypt device that encrypts (not dm-integrity or dm-verity).
    fn is_crypt_layer(&self, d: &BlockDevice) -> bool {
        d.kind == "crypt"
            && !d.parents.iter().any(|p| {
                self.get(p)
                    .and_then(|p| p.fstype.as_deref())
                    .is_some_and(|f| matches!(f, "DM_integrity" | "DM_verity_hash"))
            })
    }

    /// Every path from this device down to the disks crosses a crypt layer.
    fn covered(&self, kname: &str, depth: usize) -> bool {
        let Some(d) = self.get(kname) else {
            return false;
        };
        if depth > 32 {
            return false;
        }
        if self.is_crypt_layer(d) {
            return true;
        }
        !d.parents.is_empty() && d.parents.iter().all(|p| self.covered(p, depth + 1))
    }

    /// The first crypt layer below the device, with the kind of encryption.
    fn crypt_below(&self, kname: &str) -> Option<(&'a BlockDevice, &'static str)> {
        let mut cur = self.get(kname)?;
        for _ in 0..32 {
            if self.is_crypt_layer(cur) {
                let kind = match cur
                    .parents
                    .first()
                    .and_then(|p| self.get(p))
                    .and_then(|p| p.fstype.as_deref())
                {
                    Some("crypto_LUKS") => "LUKS",
                    Some("BitLocker") => "BitLocker",
                    _ => "dm-crypt",
                };
                return Some((cur, kind));
            }
            cur = self.get(cur.parents.first()?)?;
        }
        None
    }

    /// The disks a device sits on.
    fn roots(&self, kname: &str, depth: usize, out: &mut Vec<&'a BlockDevice>) {
        let Some(d) = self.get(kname) else {
            return;
        };
        if d.parents.is_empty() || depth > 32 {
            if !out.iter().any(|x| x.kname == d.kname) {
                out.push(d);
            }
            return;
        }
        for p in &d.parents {
            self.roots(p, depth + 1, out);
        }
    }

    /// "nvme0n1 > nvme0n1p3 (part, crypto_LUKS) > …", along the first parents.
    fn chain(&self, kname: &str) -> String {
        let mut path = Vec::new();
        let mut cur = self.get(kname);
        while let Some(d) = cur {
            path.push(d);
            if path.len() > 32 {
                break;
            }
            cur = d.parents.first().and_then(|p| self.get(p));
        }
        path.reverse();
        path.iter()
            .map(|d| match &d.fstype {
                Some(f) => format!("{} ({}, {f})", d.name, d.kind),
                None => format!("{} ({})", d.name, d.kind),
            })
            .collect::<Vec<_>>()
            .join(" > ")
    }

    fn evidence(&self, key: &str, kname: &str) -> EvidenceItem {
        EvidenceItem::new(self.source, None, Some(key), self.chain(kname))
    }

    /// Plain or encrypted, for a mounted volume.
    fn class_of(&self, kname: &str, key: &str) -> Class {
        let ev = self.evidence(key, kname);
        let Some(d) = self.get(kname) else {
            return Class::new(
                Prot::Unknown,
                "périphérique introuvable dans lsblk",
                "device not found in lsblk",
            )
            .with([ev]);
        };
        if self.covered(kname, 0) {
            let (fr, en) = match self.crypt_below(kname) {
                Some((c, kind)) => (
                    format!("chiffré ({kind}, {})", c.name),
                    format!("encrypted ({kind}, {})", c.name),
                ),
                None => ("chiffré".into(), "encrypted".into()),
            };
            return Class::new(Prot::Encrypted, fr, en).with([ev]);
        }
        let partly = self.crypt_below(kname).is_some();
        let mut roots = Vec::new();
        self.roots(kname, 0, &mut roots);
        let disks = roots
            .iter()
            .map(|r| {
                r.path
                    .clone()
                    .unwrap_or_else(|| format!("/dev/{}", r.kname))
            })
            .collect::<Vec<_>>()
            .join(", ");
        let (fr, en) = if d.parents.is_empty() {
            (
                format!("directement sur le disque {disks}, sans couche de chiffrement"),
                format!("directly on the disk {disks}, with no encryption layer"),
            )
        } else if partly {
            (
                format!(
                    "en partie seulement sur un volume chiffré ({}, disques {disks})",
                    d.name
                ),
                format!(
                    "only partly on an encrypted volume ({}, disks {disks})",
                    d.name
                ),
            )
        } else {
            (
                format!(
                    "aucune couche de chiffrement entre {} et le disque ({disks})",
                    d.name
                ),
                format!(
                    "no encryption layer between {} and the disk ({disks})",
                    d.name
                ),
            )
        };
        Class::new(Prot::Plain, fr, en).with([ev])
    }

    fn removable_disk(&self, d: &BlockDevice) -> bool {
        d.parents.is_empty()
            && d.kind == "disk"
            && d.size != Some(0)
            && (d.removable || d.hotplug || matches!(d.transport.as_deref(), Some("usb" | "sbp")))
    }

    fn on_removable(&self, kname: &str) -> bool {
        let mut roots = Vec::new();
        self.roots(kname, 0, &mut roots);
        roots.iter().any(|r| self.removable_disk(r))
    }

    /// What a removable drive (or part of it) holds.
    fn content(&self, d: &'a BlockDevice, depth: usize) -> Content<'a> {
        if depth > 32 {
            return Content::Unrecognised;
        }
        if matches!(d.fstype.as_deref(), Some("crypto_LUKS" | "BitLocker"))
            || self.is_crypt_layer(d)
        {
            return Content::Encrypted;
        }
        let kids = self.kids(&d.kname);
        if !kids.is_empty() {
            let parts: Vec<Content> = kids.iter().map(|k| self.content(k, depth + 1)).collect();
            if let Some(p) = parts.iter().find(|c| matches!(c, Content::Plain(_))) {
                return p.clone();
            }
            if parts.iter().any(|c| matches!(c, Content::Encrypted)) {
                return Content::Encrypted;
            }
            return Content::Unrecognised;
        }
        match d.fstype.as_deref() {
            Some(_) => Content::Plain(d),
            None => Content::Unrecognised,
        }
    }
}

#[derive(Clone)]
enum Content<'a> {
    Encrypted,
    Plain(&'a BlockDevice),
    Unrecognised,
}

fn human_size(bytes: u64) -> (String, String) {
    let gb = bytes as f64 / 1e9;
    let (v, fr_unit, en_unit) = if gb >= 1000.0 {
        (gb / 1000.0, "To", "TB")
    } else if gb >= 1.0 {
        (gb, "Go", "GB")
    } else {
        (bytes as f64 / 1e6, "Mo", "MB")
    };
    let en = format!("{v:.1} {en_unit}");
    (format!("{v:.1} {fr_unit}").replace('.', ","), en)
}

fn live(st: &StorageEvidence, source: &str, list: &[BlockDevice]) -> Vec<Judged> {
    let devs = Devs::new(source, list);
    let mut out = Vec::new();

    // Mounted volumes, grouped by device.
    let mut mounted: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for d in devs.list {
        if matches!(d.kind.as_str(), "loop" | "rom")
            || d.fstype.as_deref().is_some_and(|f| IMAGE_FS.contains(&f))
        {
            continue;
        }
        for m in &d.mountpoints {
            if m == "[SWAP]" || is_boot(m) {
                continue;
            }
            // A removable drive's own mounts are judged with the drive,
            // unless the system itself runs from it.
            if devs.on_removable(&d.kname) && m != "/" && m != "/home" {
                continue;
            }
            mounted
                .entry(d.kname.as_str())
                .or_default()
                .push(m.as_str());
        }
    }
    let mut order: Vec<(&str, Vec<&str>)> = mounted.into_iter().collect();
    let in_lsblk: Vec<&str> = order.iter().flat_map(|(_, v)| v.iter().copied()).collect();
    let has = |mp: &str| in_lsblk.contains(&mp);
    let mounts = st.mounts.value();
    let separate_home =
        has("/home") || mounts.is_some_and(|m| m.iter().any(|e| e.target == "/home"));
    // The system first, then /home, then the others by mount point.
    order.sort_by_key(|(_, mps)| {
        let rank = if mps.contains(&"/") {
            0
        } else if mps.contains(&"/home") {
            1
        } else {
            2
        };
        (rank, mps.iter().min().map(|s| s.to_string()))
    });
    for (kname, mps) in &order {
        let main = if mps.contains(&"/") {
            "/"
        } else if mps.contains(&"/home") {
            "/home"
        } else {
            mps.iter().min().copied().unwrap_or("?")
        };
        let (mut lf, mut le) = label_for(main);
        if main == "/" && !separate_home {
            lf = "le système (/, dossiers personnels compris)".into();
            le = "the system (/, home folders included)".into();
        }
        let class = devs.class_of(kname, &mps.join(", "));
        out.push(Judged::new(lf, le, class));
    }
    for mp in ["/", "/home"] {
        if has(mp) || (mp == "/home" && !separate_home) {
            continue;
        }
        let (lf, le) = label_for(mp);
        out.push(Judged::new(lf, le, not_block(st, Some(&devs), mp)));
    }
    home_folders(st, &mut out);

    // Swap.
    match &st.swaps {
        Collected::Ok {
            source: sw_source,
            value,
        } => {
            for s in value {
                let key = format!("swap {}", s.filename);
                let ev = EvidenceItem::new(
                    sw_source.clone(),
                    None,
                    Some("swap"),
                    format!("{} ({})", s.filename, s.kind),
                );
                let label = (
                    format!("l'espace d'échange (swap) {}", s.filename),
                    format!("the swap space {}", s.filename),
                );
                let class = if s.filename.starts_with("/dev/zram") {
                    Class::new(
                        Prot::Ram,
                        "en mémoire compressée (zram), jamais écrit sur le disque",
                        "in compressed memory (zram), never written to disk",
                    )
                    .with([ev])
                } else if s.kind == "file" {
                    match holding_device(&devs, &s.filename) {
                        Some((k, mp)) => {
                            let c = devs.class_of(k, &key);
                            Class::new(
                                c.prot,
                                format!("fichier sur le volume {mp}, {}", c.fr),
                                format!("file on the volume {mp}, {}", c.en),
                            )
                            .with([ev])
                            .with(c.evidence)
                        }
                        None => Class::new(
                            Prot::Unknown,
                            "fichier sur un volume introuvable dans lsblk",
                            "file on a volume lsblk does not show",
                        )
                        .with([ev]),
                    }
                } else {
                    let base = s.filename.rsplit('/').next().unwrap_or(&s.filename);
                    let found = devs.list.iter().find(|d| {
                        d.kname == base
                            || d.path.as_deref() == Some(s.filename.as_str())
                            || s.filename == format!("/dev/mapper/{}", d.name)
                    });
                    match found {
                        Some(d) => devs.class_of(&d.kname, &key).with([ev]),
                        None => Class::new(
                            Prot::Unknown,
                            "périphérique introuvable dans lsblk",
                            "device not found in lsblk",
                        )
                        .with([ev]),
                    }
                };
                out.push(Judged::new(label.0, label.1, class));
            }
        }
        _ => {
            for d in devs
                .list
                .iter()
                .filter(|d| d.mountpoints.iter().any(|m| m == "[SWAP]"))
            {
                let class = if d.kname.starts_with("zram") {
                    Class::new(
                        Prot::Ram,
                        "en mémoire compressée (zram)",
                        "in compressed memory (zram)",
                    )
                    .with([devs.evidence("swap", &d.kname)])
                } else {
                    devs.class_of(&d.kname, "swap")
                };
                out.push(Judged::new(
                    format!("l'espace d'échange (swap) {}", d.name),
                    format!("the swap space {}", d.name),
                    class,
                ));
            }
        }
    }

    // Removable drives attached now; one the system runs from was judged above.
    let mut system_disks = Vec::new();
    for d in devs.list {
        if d.mountpoints
            .iter()
            .any(|m| m == "/" || m == "/home" || m == "[SWAP]")
        {
            devs.roots(&d.kname, 0, &mut system_disks);
        }
    }
    for d in devs.list.iter().filter(|d| devs.removable_disk(d)) {
        if system_disks.iter().any(|s| s.kname == d.kname) {
            continue;
        }
        let model = d.model.as_deref().unwrap_or("").trim();
        let dev_path = d
            .path
            .clone()
            .unwrap_or_else(|| format!("/dev/{}", d.kname));
        let (size_fr, size_en) = d.size.map(human_size).unwrap_or_default();
        let tran = d.transport.as_deref().unwrap_or("?");
        let (lf, le) = if model.is_empty() {
            (
                format!("le support amovible {dev_path} ({size_fr}, {tran})"),
                format!("the removable drive {dev_path} ({size_en}, {tran})"),
            )
        } else {
            (
                format!("le support amovible « {model} » ({dev_path}, {size_fr}, {tran})"),
                format!("the removable drive \"{model}\" ({dev_path}, {size_en}, {tran})"),
            )
        };
        let mut ev = vec![devs.evidence("removable", &d.kname)];
        for k in devs.kids(&d.kname) {
            ev.push(devs.evidence("removable", &k.kname));
        }
        let class = match devs.content(d, 0) {
            Content::Encrypted => Class::new(
                Prot::Encrypted,
                "contenu chiffré",
                "encrypted content",
            ),
            Content::Plain(p) => {
                let fs = p.fstype.as_deref().unwrap_or("?");
                let at = p
                    .mountpoints
                    .first()
                    .map(|m| format!(", monté sur {m}"))
                    .unwrap_or_default();
                let at_en = p
                    .mountpoints
                    .first()
                    .map(|m| format!(", mounted on {m}"))
                    .unwrap_or_default();
                Class::new(
                    Prot::Plain,
                    format!("{} en clair ({fs}{at}), lisible par quiconque le branche", p.name),
                    format!("{} readable as is ({fs}{at_en}) by anyone who plugs it in", p.name),
                )
            }
            Content::Unrecognised => Class::new(
                Prot::Unknown,
                "aucun contenu reconnu : vierge, ou chiffré par un outil sans signature (VeraCrypt), ou non identifié faute de droits",
                "no recognised content: blank, or encrypted by a tool without a signature (VeraCrypt), or not identified for lack of rights",
            ),
        };
        out.push(Judged::new(lf, le, class.with(ev)));
    }
    out
}

/// The device and mount point holding a path (longest mount point prefix).
fn holding_device<'a>(devs: &Devs<'a>, path: &str) -> Option<(&'a str, String)> {
    let mut best: Option<(&str, &str)> = None;
    for d in devs.list {
        for m in &d.mountpoints {
            let inside = m == "/" || path == m || path.starts_with(&format!("{m}/"));
            if inside && best.is_none_or(|(_, b)| m.len() > b.len()) {
                best = Some((d.kname.as_str(), m.as_str()));
            }
        }
    }
    best.map(|(k, m)| (k, m.to_string()))
}

/// `/` or `/home` mounted from something that is not a block device lsblk
/// shows: ZFS, a network share, a live session's overlay.
fn not_block(st: &StorageEvidence, devs: Option<&Devs>, mp: &str) -> Class {
    let Some(mounts) = st.mounts.value() else {
        return Class::new(
            Prot::Unknown,
            "introuvable dans lsblk, et la table des montages n'a pas été lue",
            "not in lsblk, and the mount table was not read",
        );
    };
    let source = st.mounts.source().unwrap_or("/proc/self/mounts");
    let Some(m) = mounts.iter().rev().find(|m| m.target == mp) else {
        return Class::new(
            Prot::Unknown,
            "introuvable dans lsblk et dans la table des montages",
            "found neither in lsblk nor in the mount table",
        );
    };
    let ev = EvidenceItem::new(
        source,
        None,
        Some(mp),
        format!("{} ({})", m.source, m.fstype),
    );
    if m.fstype == "zfs" {
        return zfs_class(st, devs, &m.source).with([ev]);
    }
    Class::new(
        Prot::Unknown,
        format!(
            "monté depuis {} ({}), pas un disque local : Vigie ne peut pas dire s'il est chiffré",
            m.source, m.fstype
        ),
        format!(
            "mounted from {} ({}), not a local disk: Vigie cannot tell whether it is encrypted",
            m.source, m.fstype
        ),
    )
    .with([ev])
}

/// ZFS: native encryption of the dataset, or a pool whose disks all sit on
/// dm-crypt.
fn zfs_class(st: &StorageEvidence, devs: Option<&Devs>, dataset: &str) -> Class {
    let Some(zfs) = &st.zfs else {
        return Class::new(
            Prot::Unknown,
            format!("sur ZFS ({dataset}) : le chiffrement ZFS n'a pas été lu"),
            format!("on ZFS ({dataset}): ZFS encryption was not read"),
        );
    };
    let found = zfs
        .value()
        .and_then(|v| v.iter().find(|d| d.name == dataset));
    let Some(d) = found else {
        let why = match zfs {
            Collected::Unreadable { error, .. } => error.clone(),
            Collected::Missing { .. } => "zfs introuvable / zfs not found".into(),
            _ => "jeu de données absent / dataset missing".into(),
        };
        return Class::new(
            Prot::Unknown,
            format!("sur ZFS ({dataset}) : chiffrement non lu ({why})"),
            format!("on ZFS ({dataset}): encryption not read ({why})"),
        );
    };
    let ev = EvidenceItem::new(
        zfs.source().unwrap_or("zfs get"),
        None,
        Some(dataset),
        format!(
            "encryption={} keystatus={}",
            d.encryption.as_deref().unwrap_or("?"),
            d.keystatus.as_deref().unwrap_or("?")
        ),
    );
    match d.encryption.as_deref() {
        Some("off") => {
            // The pool itself may sit on LUKS.
            if let Some(devs) = devs {
                let members: Vec<&BlockDevice> = devs
                    .list
                    .iter()
                    .filter(|x| x.fstype.as_deref() == Some("zfs_member"))
                    .collect();
                if !members.is_empty() && members.iter().all(|m| devs.covered(&m.kname, 0)) {
                    return Class::new(
                        Prot::Encrypted,
                        format!("sur ZFS ({dataset}), pool sur des volumes chiffrés"),
                        format!("on ZFS ({dataset}), pool on encrypted volumes"),
                    )
                    .with([ev]);
                }
                if !members.is_empty() && members.iter().all(|m| !devs.covered(&m.kname, 0)) {
                    return Class::new(
                        Prot::Plain,
                        format!("sur ZFS ({dataset}) sans chiffrement natif, pool sur des disques non chiffrés"),
                        format!("on ZFS ({dataset}) without native encryption, pool on unencrypted disks"),
                    )
                    .with([ev]);
                }
            }
            Class::new(
                Prot::Unknown,
                format!("sur ZFS ({dataset}) sans chiffrement natif ; les disques du pool n'ont pas pu être reliés"),
                format!("on ZFS ({dataset}) without native encryption; the pool's disks could not be linked"),
            )
            .with([ev])
        }
        Some(alg) => Class::new(
            Prot::Encrypted,
            format!("chiffrement natif ZFS ({alg})"),
            format!("ZFS native encryption ({alg})"),
        )
        .with([ev]),
        None => Class::new(
            Prot::Unknown,
            format!("sur ZFS ({dataset}) : propriété encryption absente"),
            format!("on ZFS ({dataset}): no encryption property"),
        )
        .with([ev]),
    }
}

/// eCryptfs or fscrypt folders: mentioned, and a plain separate /home holding
/// them becomes unknown (only some folders are protected).
fn home_folders(st: &StorageEvidence, out: &mut [Judged]) {
    let h = &st.home_encryption;
    if h.ecryptfs.is_empty() && h.fscrypt.is_empty() {
        return;
    }
    let (what_fr, what_en) = if !h.ecryptfs.is_empty() {
        (
            format!("eCryptfs ({})", h.ecryptfs.join(", ")),
            format!("eCryptfs ({})", h.ecryptfs.join(", ")),
        )
    } else {
        (
            format!("fscrypt ({})", h.fscrypt.join(", ")),
            format!("fscrypt ({})", h.fscrypt.join(", ")),
        )
    };
    let ev = EvidenceItem::new(
        if h.ecryptfs.is_empty() {
            h.fscrypt[0].clone()
        } else {
            "/home/.ecryptfs".to_string()
        },
        None,
        Some("home_encryption"),
        what_en.clone(),
    );
    for j in out.iter_mut() {
        if j.class.prot != Prot::Plain {
            continue;
        }
        if j.label_en.contains("(/home)") {
            j.class.prot = Prot::Unknown;
            j.class.fr = format!(
                "{} ; certains dossiers personnels sont chiffrés un par un par {what_fr}, sans que Vigie puisse dire lesquels",
                j.class.fr
            );
            j.class.en = format!(
                "{}; some home folders are encrypted one by one with {what_en}, Vigie cannot tell which",
                j.class.en
            );
            j.class.evidence.push(ev.clone());
        } else if j.label_en.starts_with("the system (/") {
            j.class.fr = format!(
                "{} (des dossiers personnels utilisent {what_fr}, qui ne protège ni le système ni l'espace d'échange)",
                j.class.fr
            );
            j.class.en = format!(
                "{} (some home folders use {what_en}, which protects neither the system nor swap)",
                j.class.en
            );
            j.class.evidence.push(ev.clone());
        }
    }
}

// ---------------------------------------------------------------------------
// Configuration files only (offline, or lsblk unavailable).

/// How an fstab device names its volume.
enum Spec<'a> {
    Mapper(&'a str),
    LvmPath(&'a str),
    LvmDmUuid(&'a str),
    CryptDmUuid,
    FsId,
    Raw,
    OtherDevice,
    NotLocal,
}

fn parse_spec(spec: &str) -> Spec<'_> {
    if let Some(name) = spec
        .strip_prefix("/dev/mapper/")
        .or_else(|| spec.strip_prefix("/dev/disk/by-id/dm-name-"))
    {
        return Spec::Mapper(name);
    }
    if let Some(u) = spec.strip_prefix("/dev/disk/by-id/dm-uuid-") {
        if u.starts_with("CRYPT-") {
            return Spec::CryptDmUuid;
        }
        if let Some(lvm) = u.strip_prefix("LVM-") {
            return Spec::LvmDmUuid(lvm);
        }
        return Spec::OtherDevice;
    }
    for tag in [
        "UUID=",
        "LABEL=",
        "/dev/disk/by-uuid/",
        "/dev/disk/by-label/",
    ] {
        if spec.starts_with(tag) {
            return Spec::FsId;
        }
    }
    for tag in [
        "PARTUUID=",
        "PARTLABEL=",
        "/dev/disk/by-partuuid/",
        "/dev/disk/by-partlabel/",
        "/dev/disk/by-path/",
        "/dev/disk/by-id/",
    ] {
        if spec.starts_with(tag) {
            return Spec::Raw;
        }
    }
    if let Some(dev) = spec.strip_prefix("/dev/") {
        let raw = ["sd", "nvme", "mmcblk", "vd", "xvd", "hd"]
            .iter()
            .any(|p| dev.starts_with(p) && !dev.contains('/'));
        if raw {
            return Spec::Raw;
        }
        let parts: Vec<&str> = dev.split('/').collect();
        if let [vg, _lv] = parts[..] {
            return Spec::LvmPath(vg);
        }
        return Spec::OtherDevice;
    }
    Spec::NotLocal
}

struct Files<'a> {
    fstab_source: &'a str,
    crypttab: Vec<(&'a str, &'a CrypttabEntry)>,
    /// Why crypttab could not be read, and whether rights were lacking.
    crypttab_problem: Option<(String, bool)>,
    cmdline: Vec<(&'a str, &'a KernelCryptParam)>,
    lvm: Result<&'a [LvmVolumeGroup], (String, bool)>,
}

impl<'a> Files<'a> {
    fn new(st: &'a StorageEvidence, fstab_source: &'a str) -> Self {
        let mut crypttab = Vec::new();
        let mut crypttab_problem = None;
        for c in std::iter::once(&st.crypttab).chain(st.initramfs_crypttab.iter()) {
            match c {
                Collected::Ok { source, value } => {
                    crypttab.extend(value.iter().map(|e| (source.as_str(), e)))
                }
                Collected::Unreadable { source, error } => {
                    crypttab_problem = Some((format!("{source} : {error}"), c.permission_denied()))
                }
                _ => {}
            }
        }
        let cmdline = st
            .kernel_cmdline
            .iter()
            .filter_map(|c| match c {
                Collected::Ok { source, value } => {
                    Some(value.iter().map(move |p| (source.as_str(), p)))
                }
                _ => None,
            })
            .flatten()
            .collect();
        let lvm = match &st.lvm {
            Collected::Ok { value, .. } => Ok(value.as_slice()),
            Collected::Unreadable { source, error } => {
                Err((format!("{source} : {error}"), st.lvm.permission_denied()))
            }
            _ => Ok(&[][..]),
        };
        Files {
            fstab_source,
            crypttab,
            crypttab_problem,
            cmdline,
            lvm,
        }
    }

    /// Some configuration declares a volume that survives reboots inside an
    /// encryption layer (not a random-key swap or /tmp).
    fn declares_encryption(&self) -> bool {
        self.crypttab.iter().any(|(_, e)| !e.is_ephemeral())
            || !self.cmdline.is_empty()
            || self.lvm.as_ref().is_ok_and(|groups| {
                groups.iter().any(|g| {
                    g.physical_volumes.iter().any(|p| {
                        p.device
                            .as_deref()
                            .is_some_and(|d| d.starts_with("/dev/mapper/"))
                    })
                })
            })
    }

    fn fstab_evidence(&self, e: &FstabEntry) -> EvidenceItem {
        EvidenceItem::new(
            self.fstab_source,
            Some(e.line),
            Some(&e.file),
            format!("{} {} {}", e.spec, e.vfstype, e.options.join(",")),
        )
    }

    fn mapping(&self, name: &str, depth: usize) -> Class {
        if let Some((src, e)) = self.crypttab.iter().find(|(_, e)| e.name == name) {
            let ev = EvidenceItem::new(
                *src,
                Some(e.line),
                Some(&e.name),
                format!(
                    "{} {} {}",
                    e.device,
                    e.key.as_deref().unwrap_or("none"),
                    e.options.join(",")
                ),
            );
            let (fr, en) = if e.is_ephemeral() && e.random_key() {
                (
                    format!("chiffré avec une clé aléatoire recréée à chaque démarrage ({name})"),
                    format!("encrypted with a random key re-created at every boot ({name})"),
                )
            } else if e.has_option("tpm2-device") || e.has_option("fido2-device") {
                (
                    format!("chiffré (LUKS déverrouillé par TPM2/FIDO2, {name})"),
                    format!("encrypted (LUKS unlocked by TPM2/FIDO2, {name})"),
                )
            } else {
                (
                    format!("chiffré ({name}, crypttab)"),
                    format!("encrypted ({name}, crypttab)"),
                )
            };
            return Class::new(Prot::Encrypted, fr, en).with([ev]);
        }
        if let Some((src, p)) = self
            .cmdline
            .iter()
            .find(|(_, p)| p.mapping.as_deref() == Some(name))
        {
            return Class::new(
                Prot::Encrypted,
                format!(
                    "chiffré ({name}, ouvert au démarrage par le paramètre noyau {})",
                    p.param
                ),
                format!(
                    "encrypted ({name}, opened at boot by kernel parameter {})",
                    p.param
                ),
            )
            .with([EvidenceItem::new(
                *src,
                Some(p.line),
                Some(name),
                p.param.clone(),
            )]);
        }
        if let Some((vg, _)) = split_dm_name(name) {
            if let Ok(groups) = &self.lvm {
                if let Some(g) = groups.iter().find(|g| g.name == vg) {
                    return self.volume_group(g, depth);
                }
            }
        }
        if let Some((why, privileged)) = &self.crypttab_problem {
            let c = Class::new(
                Prot::Unknown,
                format!("/dev/mapper/{name}, mais crypttab est illisible ({why})"),
                format!("/dev/mapper/{name}, but crypttab is unreadable ({why})"),
            );
            return if *privileged { c.privileged() } else { c };
        }
        if let Err((why, privileged)) = &self.lvm {
            let c = Class::new(
                Prot::Unknown,
                format!("/dev/mapper/{name} : les sauvegardes LVM sont illisibles ({why})"),
                format!("/dev/mapper/{name}: the LVM backups are unreadable ({why})"),
            );
            return if *privileged { c.privileged() } else { c };
        }
        Class::new(
            Prot::Unknown,
            format!("/dev/mapper/{name} n'est déclaré ni dans crypttab, ni par le noyau, ni comme volume LVM : sa nature ne peut pas être établie hors ligne"),
            format!("/dev/mapper/{name} is declared neither in crypttab, nor by the kernel, nor as an LVM volume: what it is cannot be established offline"),
        )
    }

    fn volume_group(&self, g: &LvmVolumeGroup, depth: usize) -> Class {
        let mut evidence = Vec::new();
        let mut classes = Vec::new();
        for pv in &g.physical_volumes {
            evidence.push(EvidenceItem::new(
                g.file.clone(),
                Some(pv.line),
                Some(&pv.name),
                pv.device
                    .clone()
                    .unwrap_or_else(|| "(no device hint)".into()),
            ));
            let c = match pv.device.as_deref() {
                Some(d) if depth < 8 => self.device(d, depth + 1),
                _ => Class::new(
                    Prot::Unknown,
                    "volume physique sans chemin",
                    "physical volume without a path",
                ),
            };
            classes.push(c);
        }
        for c in &classes {
            evidence.extend(c.evidence.iter().cloned());
        }
        let privileges = classes.iter().any(|c| c.privileges);
        let pvs = g
            .physical_volumes
            .iter()
            .filter_map(|p| p.device.as_deref())
            .collect::<Vec<_>>()
            .join(", ");
        let mut c = if classes.is_empty() {
            Class::new(
                Prot::Unknown,
                format!("groupe LVM {} sans volume physique connu", g.name),
                format!("LVM group {} with no known physical volume", g.name),
            )
        } else if classes.iter().all(|c| c.prot == Prot::Encrypted) {
            Class::new(
                Prot::Encrypted,
                format!("chiffré (LVM {} sur {pvs})", g.name),
                format!("encrypted (LVM {} on {pvs})", g.name),
            )
        } else if classes.iter().any(|c| c.prot == Prot::Plain) {
            Class::new(
                Prot::Plain,
                format!("groupe LVM {} sur {pvs}, sans chiffrement", g.name),
                format!("LVM group {} on {pvs}, with no encryption", g.name),
            )
        } else {
            Class::new(
                Prot::Unknown,
                format!("groupe LVM {} sur {pvs} : chiffrement non établi", g.name),
                format!("LVM group {} on {pvs}: encryption not established", g.name),
            )
        };
        c.evidence = evidence;
        c.privileges = privileges;
        c
    }

    fn device(&self, spec: &str, depth: usize) -> Class {
        match parse_spec(spec) {
            Spec::Mapper(name) => self.mapping(name, depth),
            Spec::CryptDmUuid => Class::new(
                Prot::Encrypted,
                format!("chiffré ({spec})"),
                format!("encrypted ({spec})"),
            ),
            Spec::LvmPath(vg) | Spec::LvmDmUuid(vg) => {
                let groups = match &self.lvm {
                    Ok(g) => *g,
                    Err((why, privileged)) => {
                        let c = Class::new(
                            Prot::Unknown,
                            format!("volume LVM {spec} : sauvegardes LVM illisibles ({why})"),
                            format!("LVM volume {spec}: LVM backups unreadable ({why})"),
                        );
                        return if *privileged { c.privileged() } else { c };
                    }
                };
                let is_uuid = matches!(parse_spec(spec), Spec::LvmDmUuid(_));
                let g = groups.iter().find(|g| {
                    if is_uuid {
                        g.id
                            .as_deref()
                            .is_some_and(|id| vg.starts_with(&id.replace('-', "")))
                    } else {
                        g.name == vg
                    }
                });
                match g {
                    Some(g) => self.volume_group(g, depth),
                    None => Class::new(
                        Prot::Unknown,
                        format!("{spec} : aucune sauvegarde LVM (/etc/lvm/backup) ne permet de le relier à ses disques"),
                        format!("{spec}: no LVM backup (/etc/lvm/backup) links it to its disks"),
                    ),
                }
            }
            Spec::Raw => Class::new(
                Prot::Plain,
                format!("directement sur la partition {spec}, sans couche de chiffrement"),
                format!("directly on partition {spec}, with no encryption layer"),
            ),
            Spec::FsId => {
                if let Some((why, privileged)) = &self.crypttab_problem {
                    let c = Class::new(
                        Prot::Unknown,
                        format!("désigné par {spec} ; crypttab est illisible ({why})"),
                        format!("named by {spec}; crypttab is unreadable ({why})"),
                    );
                    return if *privileged { c.privileged() } else { c };
                }
                if self.declares_encryption() {
                    Class::new(
                        Prot::Unknown,
                        format!("désigné par {spec} : des volumes chiffrés sont déclarés, mais hors ligne rien ne dit si celui-ci en fait partie"),
                        format!("named by {spec}: encrypted volumes are declared, but offline nothing tells whether this one is among them"),
                    )
                } else {
                    Class::new(
                        Prot::Plain,
                        format!("désigné par {spec}, et aucun volume chiffré n'est déclaré (ni crypttab, ni paramètre noyau)"),
                        format!("named by {spec}, and no encrypted volume is declared (no crypttab, no kernel parameter)"),
                    )
                }
            }
            Spec::OtherDevice => Class::new(
                Prot::Unknown,
                format!("{spec} : type de périphérique que la configuration ne permet pas de relier à un chiffrement"),
                format!("{spec}: a device the configuration does not link to any encryption"),
            ),
            Spec::NotLocal => Class::new(
                Prot::Unknown,
                format!("{spec} n'est pas un disque local"),
                format!("{spec} is not a local disk"),
            ),
        }
    }

    fn entry(&self, e: &FstabEntry) -> Class {
        let ev = self.fstab_evidence(e);
        if e.vfstype == "zfs" {
            return Class::new(
                Prot::Unknown,
                format!("sur ZFS ({}) : le chiffrement ZFS est une propriété du pool, visible seulement sur le système en marche", e.spec),
                format!("on ZFS ({}): ZFS encryption is a pool property, visible only on the running system", e.spec),
            )
            .with([ev]);
        }
        let c = self.device(&e.spec, 0);
        let mut evidence = vec![ev];
        evidence.extend(c.evidence.iter().cloned());
        Class { evidence, ..c }
    }
}

fn from_files(st: &StorageEvidence) -> Vec<Judged> {
    let mut out = Vec::new();
    let (fstab_source, entries) = match &st.fstab {
        Collected::Ok { source, value } => (source.as_str(), value.as_slice()),
        Collected::Missing { source } => {
            let c = Class::new(
                Prot::Unknown,
                format!("{source} est absent : rien ne dit comment les volumes sont montés"),
                format!("{source} is missing: nothing tells how volumes are mounted"),
            );
            out.push(Judged::new("le système (/)", "the system (/)", c));
            return out;
        }
        Collected::Unreadable { source, error } => {
            let mut c = Class::new(
                Prot::Unknown,
                format!("{source} est illisible ({error})"),
                format!("{source} is unreadable ({error})"),
            );
            if st.fstab.permission_denied() {
                c = c.privileged();
            }
            out.push(Judged::new("le système (/)", "the system (/)", c));
            return out;
        }
        Collected::NotCollected { reason } => {
            let c = Class::new(
                Prot::Unknown,
                format!("fstab non collecté ({reason})"),
                format!("fstab not collected ({reason})"),
            );
            out.push(Judged::new("le système (/)", "the system (/)", c));
            return out;
        }
    };
    let files = Files::new(st, fstab_source);
    let mounted =
        |e: &&FstabEntry| !e.is_swap() && !e.has_option("noauto") && !e.has_option("bind");
    let mounts: Vec<&FstabEntry> = entries.iter().filter(mounted).collect();
    let find = |mp: &str| mounts.iter().rev().find(|e| e.file == mp).copied();

    // The system.
    let separate_home = find("/home").is_some();
    match find("/") {
        Some(e) => {
            let (lf, le) = if separate_home {
                label_for("/")
            } else {
                (
                    "le système (/, dossiers personnels compris)".into(),
                    "the system (/, home folders included)".into(),
                )
            };
            out.push(Judged::new(lf, le, files.entry(e)));
        }
        None => out.push(Judged::new(
            "le système (/)",
            "the system (/)",
            Class::new(
                Prot::Unknown,
                "absent de /etc/fstab : il est monté par l'initramfs ou systemd-gpt-auto-generator, seul le système en marche montre sa chaîne",
                "not in /etc/fstab: the initramfs or systemd-gpt-auto-generator mounts it, only the running system shows its chain",
            ),
        )),
    }
    if let Some(e) = find("/home") {
        let (lf, le) = label_for("/home");
        out.push(Judged::new(lf, le, files.entry(e)));
    }
    // Other local data volumes.
    for e in &mounts {
        if e.file == "/" || e.file == "/home" || !e.file.starts_with('/') || is_boot(&e.file) {
            continue;
        }
        if !LOCAL_FS.contains(&e.vfstype.as_str()) {
            continue;
        }
        let (lf, le) = label_for(&e.file);
        out.push(Judged::new(lf, le, files.entry(e)));
    }
    home_folders(st, &mut out);

    // Swap.
    for e in entries
        .iter()
        .filter(|e| e.is_swap() && !e.has_option("noauto"))
    {
        let label = (
            "l'espace d'échange (swap)".to_string(),
            "the swap space".to_string(),
        );
        let ev = files.fstab_evidence(e);
        let class = if e.spec.starts_with("/dev/zram") {
            Class::new(
                Prot::Ram,
                "en mémoire compressée (zram), jamais écrit sur le disque",
                "in compressed memory (zram), never written to disk",
            )
            .with([ev])
        } else if e.spec.starts_with('/') && !e.spec.starts_with("/dev/") {
            // A swap file: as protected as the volume holding it.
            let holder = mounts
                .iter()
                .filter(|m| {
                    m.file == "/" || e.spec == m.file || e.spec.starts_with(&format!("{}/", m.file))
                })
                .max_by_key(|m| m.file.len());
            match holder {
                Some(m) => {
                    let c = files.entry(m);
                    Class {
                        fr: format!("fichier sur le volume {}, {}", m.file, c.fr),
                        en: format!("file on the volume {}, {}", m.file, c.en),
                        evidence: std::iter::once(ev)
                            .chain(c.evidence.iter().cloned())
                            .collect(),
                        ..c
                    }
                }
                None => Class::new(
                    Prot::Unknown,
                    "fichier sur un volume absent de fstab",
                    "file on a volume not in fstab",
                )
                .with([ev]),
            }
        } else {
            let c = files.device(&e.spec, 0);
            Class {
                evidence: std::iter::once(ev)
                    .chain(c.evidence.iter().cloned())
                    .collect(),
                ..c
            }
        };
        out.push(Judged::new(label.0, label.1, class));
    }
    out
}
