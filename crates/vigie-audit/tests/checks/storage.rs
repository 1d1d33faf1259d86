//! Tests for the storage area: disk encryption (4.3.3.c) and, in its own
//! section below, operating system support (4.3.4.a).

#[allow(unused_imports)]
use crate::common::*;
use vigie_audit::Status;
use vigie_evidence::command::FakeRunner;
use vigie_evidence::Collected;

// ===========================================================================
// 4.3.3.c — encryption of the workstation, server and removable media
// ===========================================================================

const ENC: &str = "4.3.3.c";
const LSBLK: &str =
    "lsblk -J -b -o NAME,KNAME,PATH,TYPE,FSTYPE,MOUNTPOINTS,RM,HOTPLUG,TRAN,SIZE,MODEL,PKNAME";
const LSBLK_LEGACY: &str =
    "lsblk -J -b -o NAME,KNAME,TYPE,FSTYPE,MOUNTPOINT,RM,HOTPLUG,TRAN,SIZE,MODEL,PKNAME";

// --- Offline: fstab, crypttab, LVM backups ---------------------------------

/// Debian installed on a plain ext4 partition, the installer's default.
const FSTAB_PLAIN: &str = "\
# /etc/fstab: static file system information.
#
# <file system> <mount point>   <type>  <options>       <dump>  <pass>
# / was on /dev/sda2 during installation
UUID=3f6a1c2e-8b1d-4c55-9a0e-6f1b2c3d4e5f /               ext4    errors=remount-ro 0       1
# /boot/efi was on /dev/sda1 during installation
UUID=5A1B-2C3D  /boot/efi       vfat    umask=0077      0       1
# swap was on /dev/sda3 during installation
UUID=9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4 none            swap    sw              0       0
";

#[test]
fn plain_ext4_root_fails() {
    let t = Tree::new().file("/etc/fstab", FSTAB_PLAIN);
    let f = expect(
        ENC,
        &t.offline(),
        Status::Fail,
        &[
            "le système (/",
            "UUID=3f6a1c2e",
            "aucun volume chiffré",
            "/etc/fstab:5",
        ],
    );
    // The swap is named by UUID too, and nothing is declared encrypted.
    assert!(text(&f).contains("swap"), "{}", text(&f));
}

const FSTAB_LUKS: &str = "\
/dev/mapper/cryptroot /     ext4 errors=remount-ro 0 1
/dev/mapper/crypthome /home ext4 defaults          0 2
UUID=5A1B-2C3D  /boot/efi vfat umask=0077 0 1
UUID=0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6 /boot ext4 defaults 0 2
";
const CRYPTTAB_LUKS: &str = "\
# <target name> <source device>         <key file>      <options>
cryptroot UUID=11111111-2222-3333-4444-555555555555 none luks,discard
crypthome UUID=66666666-7777-8888-9999-000000000000 none luks
";

#[test]
fn luks_root_and_luks_home_pass_offline() {
    let t = Tree::new()
        .file("/etc/fstab", FSTAB_LUKS)
        .file("/etc/crypttab", CRYPTTAB_LUKS);
    let f = expect(
        ENC,
        &t.offline(),
        Status::Pass,
        &[
            "cryptroot",
            "crypthome",
            "/etc/crypttab:2",
            "/etc/crypttab:3",
            "Hors ligne",
        ],
    );
    // /boot and /boot/efi are not judged.
    assert!(!text(&f).contains("/boot"), "{}", text(&f));
}

#[test]
fn luks_root_with_plain_home_fails() {
    let t = Tree::new()
        .file(
            "/etc/fstab",
            "/dev/mapper/cryptroot / ext4 defaults 0 1\n/dev/sda3 /home ext4 defaults 0 2\n",
        )
        .file("/etc/crypttab", CRYPTTAB_LUKS);
    let f = expect(ENC, &t.offline(), Status::Fail, &["/home", "/dev/sda3"]);
    assert!(
        !f.reason.fr.contains("cryptroot"),
        "only what fails is listed: {}",
        f.reason.fr
    );
}

#[test]
fn unencrypted_swap_partition_fails() {
    let t = Tree::new()
        .file(
            "/etc/fstab",
            "/dev/mapper/cryptroot / ext4 defaults 0 1\n/dev/nvme0n1p2 none swap sw 0 0\n",
        )
        .file("/etc/crypttab", CRYPTTAB_LUKS);
    expect(
        ENC,
        &t.offline(),
        Status::Fail,
        &[
            "espace d'échange (swap) : directement sur la partition /dev/nvme0n1p2",
            "/etc/fstab:2 none /dev/nvme0n1p2",
        ],
    );
}

#[test]
fn swap_with_a_random_key_passes() {
    let t = Tree::new()
        .file(
            "/etc/fstab",
            "/dev/mapper/cryptroot / ext4 defaults 0 1\n/dev/mapper/cryptswap none swap sw 0 0\n",
        )
        .file(
            "/etc/crypttab",
            &format!(
                "{CRYPTTAB_LUKS}cryptswap /dev/disk/by-partuuid/7a8b9c0d-01 /dev/urandom swap,cipher=aes-xts-plain64,size=512\n"
            ),
        );
    expect(
        ENC,
        &t.offline(),
        Status::Pass,
        &["clé aléatoire", "random key", "/etc/crypttab:4"],
    );
}

#[test]
fn zram_swap_counts_as_no_disk_swap() {
    let t = Tree::new()
        .file(
            "/etc/fstab",
            "/dev/mapper/cryptroot / ext4 defaults 0 1\n/dev/zram0 none swap defaults,pri=100 0 0\n",
        )
        .file("/etc/crypttab", CRYPTTAB_LUKS);
    expect(ENC, &t.offline(), Status::Pass, &["zram"]);
}

#[test]
fn swap_file_follows_its_volume() {
    let on_luks = Tree::new()
        .file(
            "/etc/fstab",
            "/dev/mapper/cryptroot / ext4 defaults 0 1\n/swapfile none swap sw 0 0\n",
        )
        .file("/etc/crypttab", CRYPTTAB_LUKS);
    expect(
        ENC,
        &on_luks.offline(),
        Status::Pass,
        &["fichier sur le volume /"],
    );
    let on_plain = Tree::new().file(
        "/etc/fstab",
        "/dev/sda2 / ext4 defaults 0 1\n/swap.img none swap sw 0 0\n",
    );
    expect(
        ENC,
        &on_plain.offline(),
        Status::Fail,
        &["/swap.img", "/dev/sda2"],
    );
}

/// Ubuntu's "Encrypt the new installation" layout: LVM inside LUKS.
const UBUNTU_LVM_BACKUP: &str = r#"# Generated by LVM2 version 2.03.16(2) (2022-05-18): Tue Apr 23 10:12:31 2024

contents = "Text Format Volume Group"
version = 1

description = "Created *after* executing 'lvcreate -L 1G -n swap_1 vgubuntu'"

creation_host = "ubuntu"	# Linux ubuntu 6.8.0-31-generic #31-Ubuntu SMP x86_64
creation_time = 1713867151	# Tue Apr 23 10:12:31 2024

vgubuntu {
	id = "Xq3kLm-7Tg2-aB9c-Zz01-Qw8e-Rt5y-Uu6iOp"
	seqno = 3
	format = "lvm2"			# informational
	status = ["RESIZEABLE", "READ", "WRITE"]
	flags = []
	extent_size = 8192		# 4 Megabytes
	max_lv = 0
	max_pv = 0
	metadata_copies = 0

	physical_volumes {

		pv0 {
			id = "aaaaaa-bbbb-cccc-dddd-eeee-ffff-gggggg"
			device = "/dev/mapper/nvme0n1p3_crypt"	# Hint only

			status = ["ALLOCATABLE"]
			flags = []
			dev_size = 998166528	# 475.96 Gibibytes
			pe_start = 2048
			pe_count = 121846	# 475.96 Gibibytes
		}
	}

	logical_volumes {

		root {
			id = "hhhhhh-iiii-jjjj-kkkk-llll-mmmm-nnnnnn"
			status = ["READ", "WRITE", "VISIBLE"]
			flags = []
			segment_count = 1

			segment1 {
				start_extent = 0
				extent_count = 119000	# 464.844 Gibibytes

				type = "striped"
				stripe_count = 1	# linear

				stripes = [
					"pv0", 0
				]
			}
		}

		swap_1 {
			id = "oooooo-pppp-qqqq-rrrr-ssss-tttt-uuuuuu"
			status = ["READ", "WRITE", "VISIBLE"]
			flags = []
			segment_count = 1

			segment1 {
				start_extent = 0
				extent_count = 2846	# 11.1172 Gibibytes

				type = "striped"
				stripe_count = 1	# linear

				stripes = [
					"pv0", 119000
				]
			}
		}
	}

}
"#;
const UBUNTU_FSTAB: &str = "\
# /etc/fstab: static file system information.
/dev/mapper/vgubuntu-root /               ext4    errors=remount-ro 0       1
# /boot was on /dev/nvme0n1p2 during installation
UUID=2b3c4d5e-6f70-8192-a3b4-c5d6e7f80912 /boot           ext4    defaults        0       2
# /boot/efi was on /dev/nvme0n1p1 during installation
UUID=A1B2-C3D4  /boot/efi       vfat    umask=0077      0       1
/dev/mapper/vgubuntu-swap_1 none            swap    sw              0       0
";
const UBUNTU_CRYPTTAB: &str =
    "nvme0n1p3_crypt UUID=8d1f2e3c-4b5a-6978-8a9b-0c1d2e3f4a5b none luks,discard\n";

fn ubuntu_lvm_on_luks() -> Tree {
    Tree::new()
        .file("/etc/fstab", UBUNTU_FSTAB)
        .file("/etc/crypttab", UBUNTU_CRYPTTAB)
        .file("/etc/lvm/backup/vgubuntu", UBUNTU_LVM_BACKUP)
}

#[test]
fn lvm_on_luks_is_proven_through_the_lvm_backup() {
    expect(
        ENC,
        &ubuntu_lvm_on_luks().offline(),
        Status::Pass,
        &[
            "LVM vgubuntu",
            "/etc/lvm/backup/vgubuntu:26 pv0 /dev/mapper/nvme0n1p3_crypt",
            "/etc/crypttab:1 nvme0n1p3_crypt",
            "/etc/fstab:2 /",
        ],
    );
}

#[test]
fn lvm_on_a_plain_partition_fails() {
    let t = ubuntu_lvm_on_luks()
        .file("/etc/crypttab", "# nothing\n")
        .file(
            "/etc/lvm/backup/vgubuntu",
            &UBUNTU_LVM_BACKUP.replace("/dev/mapper/nvme0n1p3_crypt", "/dev/nvme0n1p3"),
        );
    expect(
        ENC,
        &t.offline(),
        Status::Fail,
        &["LVM vgubuntu", "/dev/nvme0n1p3", "sans chiffrement"],
    );
}

#[test]
fn lvm_without_a_backup_is_unknown() {
    let t = Tree::new()
        .file("/etc/fstab", UBUNTU_FSTAB)
        .file("/etc/crypttab", UBUNTU_CRYPTTAB);
    expect(
        ENC,
        &t.offline(),
        Status::Unknown,
        &["vgubuntu-root", "ni dans crypttab"],
    );
}

#[test]
fn lvm_backups_unreadable_needs_privileges() {
    let mut ev = ubuntu_lvm_on_luks().offline();
    ev.linux.as_mut().unwrap().storage.lvm = Collected::Unreadable {
        source: "/etc/lvm/backup/vgubuntu".into(),
        error: "permission denied".into(),
    };
    let f = eval(ENC, &ev);
    assert_eq!(f.status, Status::Unknown, "{}", text(&f));
    assert!(f.needs_privileges);
    assert!(
        text(&f).contains("sauvegardes LVM sont illisibles"),
        "{}",
        text(&f)
    );
}

#[test]
fn crypttab_unreadable_needs_privileges() {
    // Fedora creates /etc/crypttab readable by root only.
    let mut ev = Tree::new()
        .file("/etc/fstab", "UUID=aa / btrfs subvol=root 0 0\n")
        .offline();
    ev.linux.as_mut().unwrap().storage.crypttab = Collected::Unreadable {
        source: "/etc/crypttab".into(),
        error: "permission denied".into(),
    };
    let f = eval(ENC, &ev);
    assert_eq!(f.status, Status::Unknown, "{}", text(&f));
    assert!(f.needs_privileges);
}

#[test]
fn root_by_uuid_with_declared_encryption_is_unknown_offline() {
    // Fedora Workstation with "Encrypt my data": btrfs named by its UUID, the
    // LUKS container by its own; only a running system links them.
    let t = Tree::new()
        .file(
            "/etc/fstab",
            "UUID=0a1b2c3d / btrfs subvol=root,compress=zstd:1 0 0\nUUID=0a1b2c3d /home btrfs subvol=home,compress=zstd:1 0 0\nUUID=77e2 /boot ext4 defaults 1 2\n",
        )
        .file(
            "/etc/crypttab",
            "luks-4e0c1d2b UUID=4e0c1d2b-aaaa-bbbb-cccc-ddddeeeeffff none discard\n",
        );
    expect(
        ENC,
        &t.offline(),
        Status::Unknown,
        &["UUID=0a1b2c3d", "hors ligne rien ne dit"],
    );
}

#[test]
fn root_opened_from_the_kernel_command_line_passes() {
    // Arch with mkinitcpio's encrypt hook: no crypttab entry for the root.
    let t = Tree::new()
        .file("/etc/fstab", "/dev/mapper/cryptroot / ext4 rw,relatime 0 1\n")
        .file(
            "/etc/default/grub",
            "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"loglevel=3 quiet\"\nGRUB_CMDLINE_LINUX=\"cryptdevice=UUID=9a1b2c3d:cryptroot root=/dev/mapper/cryptroot\"\n",
        );
    expect(
        ENC,
        &t.offline(),
        Status::Pass,
        &["cryptdevice=UUID=9a1b2c3d:cryptroot", "/etc/default/grub:3"],
    );
}

#[test]
fn tpm2_unlocked_luks_is_still_luks() {
    let t = Tree::new()
        .file("/etc/fstab", "/dev/mapper/root / ext4 defaults 0 1\n")
        .file(
            "/etc/crypttab",
            "root UUID=5e6f none tpm2-device=auto,discard\n",
        );
    expect(ENC, &t.offline(), Status::Pass, &["TPM2"]);
}

#[test]
fn root_missing_from_fstab_is_unknown_offline() {
    let t = Tree::new().file("/etc/fstab", "# empty: systemd-gpt-auto-generator\n");
    expect(
        ENC,
        &t.offline(),
        Status::Unknown,
        &["systemd-gpt-auto-generator"],
    );
    let none = Tree::new().dir("/etc");
    expect(
        ENC,
        &none.offline(),
        Status::Unknown,
        &["/etc/fstab est absent"],
    );
}

#[test]
fn zfs_root_is_unknown_offline() {
    let t = Tree::new().file("/etc/fstab", "rpool/ROOT/ubuntu / zfs defaults 0 0\n");
    expect(
        ENC,
        &t.offline(),
        Status::Unknown,
        &["ZFS", "rpool/ROOT/ubuntu"],
    );
}

#[test]
fn ecryptfs_homes_do_not_save_a_plain_system() {
    let t = Tree::new()
        .file("/etc/fstab", FSTAB_PLAIN)
        .dir("/home/.ecryptfs/mdupont");
    expect(
        ENC,
        &t.offline(),
        Status::Fail,
        &["eCryptfs (mdupont)", "ni le système"],
    );
    // On an encrypted system, a plain separate /home holding eCryptfs
    // folders is unknown: which folders are covered cannot be told.
    let t = Tree::new()
        .file(
            "/etc/fstab",
            "/dev/mapper/cryptroot / ext4 defaults 0 1\n/dev/sda3 /home ext4 defaults 0 2\n",
        )
        .file("/etc/crypttab", CRYPTTAB_LUKS)
        .dir("/home/.ecryptfs/mdupont");
    expect(ENC, &t.offline(), Status::Unknown, &["/home", "eCryptfs"]);
}

#[test]
fn other_local_data_volumes_are_judged_and_noauto_is_not() {
    let t = Tree::new()
        .file(
            "/etc/fstab",
            "/dev/mapper/cryptroot / ext4 defaults 0 1\nLABEL=Archives /srv/archives ext4 defaults 0 2\n/dev/sdc1 /mnt/secours ext4 noauto 0 0\nserveur:/partage /mnt/partage nfs defaults 0 0\ntmpfs /tmp tmpfs defaults 0 0\n",
        )
        .file("/etc/crypttab", CRYPTTAB_LUKS);
    // LABEL= with encryption declared elsewhere: cannot be linked offline.
    let f = expect(ENC, &t.offline(), Status::Unknown, &["/srv/archives"]);
    let shown = text(&f);
    assert!(
        !shown.contains("/mnt/secours")
            && !shown.contains("/mnt/partage")
            && !shown.contains("/tmp"),
        "{shown}"
    );
}

// --- Live: lsblk chains, /proc/swaps, removable drives ---------------------

/// A laptop installed by Ubuntu with LUKS + LVM (util-linux 2.39).
const LAPTOP: &str = r#"{
   "blockdevices": [
      {
         "name": "nvme0n1",
         "kname": "nvme0n1",
         "path": "/dev/nvme0n1",
         "type": "disk",
         "fstype": null,
         "mountpoints": [
             null
         ],
         "rm": false,
         "hotplug": false,
         "tran": "nvme",
         "size": 512110190592,
         "model": "SAMSUNG MZVL2512HCJQ-00B00",
         "pkname": null,
         "children": [
            {
               "name": "nvme0n1p1",
               "kname": "nvme0n1p1",
               "path": "/dev/nvme0n1p1",
               "type": "part",
               "fstype": "vfat",
               "mountpoints": [
                   "/boot/efi"
               ],
               "rm": false,
               "hotplug": false,
               "tran": "nvme",
               "size": 1127219200,
               "model": null,
               "pkname": "nvme0n1"
            },{
               "name": "nvme0n1p2",
               "kname": "nvme0n1p2",
               "path": "/dev/nvme0n1p2",
               "type": "part",
               "fstype": "ext4",
               "mountpoints": [
                   "/boot"
               ],
               "rm": false,
               "hotplug": false,
               "tran": "nvme",
               "size": 2147483648,
               "model": null,
               "pkname": "nvme0n1"
            },{
               "name": "nvme0n1p3",
               "kname": "nvme0n1p3",
               "path": "/dev/nvme0n1p3",
               "type": "part",
               "fstype": "crypto_LUKS",
               "mountpoints": [
                   null
               ],
               "rm": false,
               "hotplug": false,
               "tran": "nvme",
               "size": 508833021952,
               "model": null,
               "pkname": "nvme0n1",
               "children": [
                  {
                     "name": "nvme0n1p3_crypt",
                     "kname": "dm-0",
                     "path": "/dev/mapper/nvme0n1p3_crypt",
                     "type": "crypt",
                     "fstype": "LVM2_member",
                     "mountpoints": [
                         null
                     ],
                     "rm": false,
                     "hotplug": false,
                     "tran": null,
                     "size": 508816244736,
                     "model": null,
                     "pkname": "nvme0n1p3",
                     "children": [
                        {
                           "name": "vgubuntu-root",
                           "kname": "dm-1",
                           "path": "/dev/mapper/vgubuntu-root",
                           "type": "lvm",
                           "fstype": "ext4",
                           "mountpoints": [
                               "/"
                           ],
                           "rm": false,
                           "hotplug": false,
                           "tran": null,
                           "size": 496876060672,
                           "model": null,
                           "pkname": "dm-0"
                        },{
                           "name": "vgubuntu-swap_1",
                           "kname": "dm-2",
                           "path": "/dev/mapper/vgubuntu-swap_1",
                           "type": "lvm",
                           "fstype": "swap",
                           "mountpoints": [
                               "[SWAP]"
                           ],
                           "rm": false,
                           "hotplug": false,
                           "tran": null,
                           "size": 11936989184,
                           "model": null,
                           "pkname": "dm-0"
                        }
                     ]
                  }
               ]
            }
         ]
      }
   ]
}
"#;

const LAPTOP_MOUNTS: &str = "\
sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
/dev/mapper/vgubuntu-root / ext4 rw,relatime,errors=remount-ro 0 0
/dev/nvme0n1p2 /boot ext4 rw,relatime 0 0
/dev/nvme0n1p1 /boot/efi vfat rw,relatime,fmask=0077,dmask=0077 0 0
tmpfs /run/user/1000 tmpfs rw,nosuid,nodev,relatime,size=1618888k,mode=700,uid=1000,gid=1000 0 0
";
const LAPTOP_SWAPS: &str = "\
Filename				Type		Size		Used		Priority
/dev/dm-2                               partition	11657216	0		-2
";

fn laptop() -> Tree {
    ubuntu_lvm_on_luks()
        .file("/proc/self/mounts", LAPTOP_MOUNTS)
        .file("/proc/swaps", LAPTOP_SWAPS)
        .file(
            "/proc/cmdline",
            "BOOT_IMAGE=/vmlinuz-6.8.0-31-generic root=/dev/mapper/vgubuntu-root ro quiet splash\n",
        )
}

/// A 16 GB SanDisk USB stick, FAT32, mounted by the desktop.
fn usb_stick(fstype_json: &str, mount: &str) -> String {
    format!(
        r#",{{
         "name": "sda", "kname": "sda", "path": "/dev/sda", "type": "disk", "fstype": null,
         "mountpoints": [null], "rm": true, "hotplug": true, "tran": "usb", "size": 15376318464,
         "model": "Cruzer Blade", "pkname": null,
         "children": [
            {{"name": "sda1", "kname": "sda1", "path": "/dev/sda1", "type": "part", "fstype": {fstype_json},
             "mountpoints": [{mount}], "rm": true, "hotplug": true, "tran": null, "size": 15375269888, "model": null, "pkname": "sda"}}
         ]
      }}
   ]
}}"#
    )
}

fn with_usb(stick: &str) -> String {
    let end = LAPTOP.rfind("]\n}").unwrap();
    let body = LAPTOP[..end].trim_end();
    // Remove the closing of the array and append the stick.
    format!("{body}{stick}")
}

#[test]
fn live_laptop_with_luks_and_lvm_passes() {
    let runner = FakeRunner::new().ok(LSBLK, LAPTOP);
    let f = expect(
        ENC,
        &laptop().live(&runner),
        Status::Pass,
        &[
            "chiffré (LUKS, nvme0n1p3_crypt)",
            "nvme0n1 (disk) > nvme0n1p3 (part, crypto_LUKS) > nvme0n1p3_crypt (crypt, LVM2_member) > vgubuntu-root (lvm, ext4)",
            "/dev/dm-2",
        ],
    );
    assert!(!text(&f).contains("Hors ligne"), "{}", text(&f));
    assert!(!text(&f).contains("/boot"), "{}", text(&f));
}

#[test]
fn live_unencrypted_usb_stick_fails() {
    let lsblk = with_usb(&usb_stick("\"vfat\"", "\"/media/mdupont/CLE\""));
    let runner = FakeRunner::new().ok(LSBLK, &lsblk);
    let f = expect(
        ENC,
        &laptop().live(&runner),
        Status::Fail,
        &[
            "« Cruzer Blade »",
            "15,4 Go",
            "sda1 en clair (vfat, monté sur /media/mdupont/CLE)",
            "usb",
        ],
    );
    // The system itself is fine and not listed among the failures.
    assert!(!f.reason.fr.contains("le système"), "{}", f.reason.fr);
}

#[test]
fn live_luks_usb_stick_passes_even_when_locked() {
    let lsblk = with_usb(&usb_stick("\"crypto_LUKS\"", "null"));
    let runner = FakeRunner::new().ok(LSBLK, &lsblk);
    expect(
        ENC,
        &laptop().live(&runner),
        Status::Pass,
        &["Cruzer Blade", "contenu chiffré"],
    );
}

#[test]
fn live_usb_drive_without_recognised_content_is_unknown() {
    let lsblk = with_usb(&usb_stick("null", "null"));
    let runner = FakeRunner::new().ok(LSBLK, &lsblk);
    expect(
        ENC,
        &laptop().live(&runner),
        Status::Unknown,
        &["VeraCrypt"],
    );
}

/// Ubuntu 20.04's lsblk (util-linux 2.34): MOUNTPOINT only, typed values.
const LAPTOP_2_34: &str = r#"{
   "blockdevices": [
      {"name": "sda", "kname": "sda", "type": "disk", "fstype": null, "mountpoint": null, "rm": false, "hotplug": false, "tran": "sata", "size": 256060514304, "model": "SanDisk SD8SB8U2", "pkname": null,
         "children": [
            {"name": "sda1", "kname": "sda1", "type": "part", "fstype": "vfat", "mountpoint": "/boot/efi", "rm": false, "hotplug": false, "tran": null, "size": 536870912, "model": null, "pkname": "sda"},
            {"name": "sda2", "kname": "sda2", "type": "part", "fstype": "ext4", "mountpoint": "/boot", "rm": false, "hotplug": false, "tran": null, "size": 768606208, "model": null, "pkname": "sda"},
            {"name": "sda3", "kname": "sda3", "type": "part", "fstype": "crypto_LUKS", "mountpoint": null, "rm": false, "hotplug": false, "tran": null, "size": 254753472512, "model": null, "pkname": "sda",
               "children": [
                  {"name": "sda3_crypt", "kname": "dm-0", "type": "crypt", "fstype": "LVM2_member", "mountpoint": null, "rm": false, "hotplug": false, "tran": null, "size": 254736695296, "model": null, "pkname": "sda3",
                     "children": [
                        {"name": "vgubuntu-root", "kname": "dm-1", "type": "lvm", "fstype": "ext4", "mountpoint": "/", "rm": false, "hotplug": false, "tran": null, "size": 253663805440, "model": null, "pkname": "dm-0"},
                        {"name": "vgubuntu-swap_1", "kname": "dm-2", "type": "lvm", "fstype": "swap", "mountpoint": "[SWAP]", "rm": false, "hotplug": false, "tran": null, "size": 1069547520, "model": null, "pkname": "dm-0"}
                     ]
                  }
               ]
            }
         ]
      }
   ]
}"#;

#[test]
fn live_old_lsblk_without_mountpoints_column() {
    let runner = FakeRunner::new()
        .output(LSBLK, 1, "", "lsblk: unknown column: MOUNTPOINTS\n")
        .ok(LSBLK_LEGACY, LAPTOP_2_34);
    // Without /proc/swaps, the [SWAP] mount point of lsblk is used.
    let t = Tree::new()
        .file("/etc/fstab", UBUNTU_FSTAB)
        .file("/proc/self/mounts", LAPTOP_MOUNTS);
    let ev = t.live(&runner);
    let f = expect(
        ENC,
        &ev,
        Status::Pass,
        &[
            "sda3_crypt",
            "$ lsblk -J -b -o NAME,KNAME,TYPE,FSTYPE,MOUNTPOINT,RM,HOTPLUG,TRAN,SIZE,MODEL,PKNAME",
            "vgubuntu-swap_1",
        ],
    );
    assert!(!text(&f).contains("MOUNTPOINTS"), "{}", text(&f));
}

#[test]
fn live_plain_root_and_plain_swap_fail() {
    let lsblk = r#"{"blockdevices": [
  {"name": "sda", "kname": "sda", "path": "/dev/sda", "type": "disk", "fstype": null, "mountpoints": [null], "rm": false, "hotplug": false, "tran": "sata", "size": 500107862016, "model": "CT500MX500SSD1", "pkname": null,
   "children": [
     {"name": "sda1", "kname": "sda1", "path": "/dev/sda1", "type": "part", "fstype": "vfat", "mountpoints": ["/boot/efi"], "rm": false, "hotplug": false, "tran": "sata", "size": 536870912, "model": null, "pkname": "sda"},
     {"name": "sda2", "kname": "sda2", "path": "/dev/sda2", "type": "part", "fstype": "ext4", "mountpoints": ["/"], "rm": false, "hotplug": false, "tran": "sata", "size": 490000000000, "model": null, "pkname": "sda"},
     {"name": "sda3", "kname": "sda3", "path": "/dev/sda3", "type": "part", "fstype": "swap", "mountpoints": ["[SWAP]"], "rm": false, "hotplug": false, "tran": "sata", "size": 9000000000, "model": null, "pkname": "sda"}
   ]}
]}"#;
    let t = Tree::new()
        .file("/etc/fstab", FSTAB_PLAIN)
        .file("/proc/self/mounts", "/dev/sda2 / ext4 rw 0 0\n")
        .file(
            "/proc/swaps",
            "Filename Type Size Used Priority\n/dev/sda3 partition 8789060 0 -2\n",
        );
    let runner = FakeRunner::new().ok(LSBLK, lsblk);
    expect(
        ENC,
        &t.live(&runner),
        Status::Fail,
        &[
            "aucune couche de chiffrement entre sda2 et le disque (/dev/sda)",
            "/dev/sda3",
            "sda (disk) > sda2 (part, ext4)",
        ],
    );
}

#[test]
fn live_zram_swap_and_btrfs_on_luks_pass() {
    // Fedora: btrfs subvolumes / and /home in one LUKS container, zram swap.
    let lsblk = r#"{"blockdevices": [
  {"name": "zram0", "kname": "zram0", "path": "/dev/zram0", "type": "disk", "fstype": null, "mountpoints": ["[SWAP]"], "rm": false, "hotplug": false, "tran": null, "size": 8589934592, "model": null, "pkname": null},
  {"name": "nvme0n1", "kname": "nvme0n1", "path": "/dev/nvme0n1", "type": "disk", "fstype": null, "mountpoints": [null], "rm": false, "hotplug": false, "tran": "nvme", "size": 1024209543168, "model": "WD PC SN740", "pkname": null,
   "children": [
     {"name": "nvme0n1p1", "kname": "nvme0n1p1", "path": "/dev/nvme0n1p1", "type": "part", "fstype": "vfat", "mountpoints": ["/boot/efi"], "rm": false, "hotplug": false, "tran": "nvme", "size": 629145600, "model": null, "pkname": "nvme0n1"},
     {"name": "nvme0n1p2", "kname": "nvme0n1p2", "path": "/dev/nvme0n1p2", "type": "part", "fstype": "ext4", "mountpoints": ["/boot"], "rm": false, "hotplug": false, "tran": "nvme", "size": 1073741824, "model": null, "pkname": "nvme0n1"},
     {"name": "nvme0n1p3", "kname": "nvme0n1p3", "path": "/dev/nvme0n1p3", "type": "part", "fstype": "crypto_LUKS", "mountpoints": [null], "rm": false, "hotplug": false, "tran": "nvme", "size": 1022505123840, "model": null, "pkname": "nvme0n1",
      "children": [
        {"name": "luks-4e0c1d2b", "kname": "dm-0", "path": "/dev/mapper/luks-4e0c1d2b", "type": "crypt", "fstype": "btrfs", "mountpoints": ["/home", "/"], "rm": false, "hotplug": false, "tran": null, "size": 1022488346624, "model": null, "pkname": "nvme0n1p3"}
      ]}
   ]}
]}"#;
    let t = Tree::new()
        .file("/proc/self/mounts", "/dev/mapper/luks-4e0c1d2b / btrfs rw,subvol=/root 0 0\n/dev/mapper/luks-4e0c1d2b /home btrfs rw,subvol=/home 0 0\n")
        .file("/proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/zram0                              partition\t8388604\t\t0\t\t100\n");
    let runner = FakeRunner::new().ok(LSBLK, lsblk);
    expect(
        ENC,
        &t.live(&runner),
        Status::Pass,
        &["zram", "luks-4e0c1d2b", "/home, /"],
    );
}

#[test]
fn live_zfs_native_encryption() {
    let lsblk = r#"{"blockdevices": [
  {"name": "nvme0n1", "kname": "nvme0n1", "path": "/dev/nvme0n1", "type": "disk", "fstype": null, "mountpoints": [null], "rm": false, "hotplug": false, "tran": "nvme", "size": 512110190592, "model": "X", "pkname": null,
   "children": [
     {"name": "nvme0n1p4", "kname": "nvme0n1p4", "path": "/dev/nvme0n1p4", "type": "part", "fstype": "zfs_member", "mountpoints": [null], "rm": false, "hotplug": false, "tran": "nvme", "size": 500000000000, "model": null, "pkname": "nvme0n1"}
   ]}
]}"#;
    let t = Tree::new().file(
        "/proc/self/mounts",
        "rpool/ROOT/ubuntu_ab12 / zfs rw,relatime,xattr,posixacl 0 0\nrpool/USERDATA/home_ab12 /home zfs rw 0 0\n",
    );
    let zfs = "zfs get -H -o name,property,value encryption,keystatus rpool/ROOT/ubuntu_ab12 rpool/USERDATA/home_ab12";
    let encrypted = FakeRunner::new().ok(LSBLK, lsblk).ok(
        zfs,
        "rpool/ROOT/ubuntu_ab12\tencryption\taes-256-gcm\nrpool/ROOT/ubuntu_ab12\tkeystatus\tavailable\nrpool/USERDATA/home_ab12\tencryption\taes-256-gcm\nrpool/USERDATA/home_ab12\tkeystatus\tavailable\n",
    );
    expect(
        ENC,
        &t.live(&encrypted),
        Status::Pass,
        &["chiffrement natif ZFS (aes-256-gcm)"],
    );
    let plain = FakeRunner::new().ok(LSBLK, lsblk).ok(
        zfs,
        "rpool/ROOT/ubuntu_ab12\tencryption\toff\nrpool/ROOT/ubuntu_ab12\tkeystatus\t-\nrpool/USERDATA/home_ab12\tencryption\toff\nrpool/USERDATA/home_ab12\tkeystatus\t-\n",
    );
    expect(
        ENC,
        &t.live(&plain),
        Status::Fail,
        &["sans chiffrement natif, pool sur des disques non chiffrés"],
    );
    // No zfs command: unknown.
    let none = FakeRunner::new().ok(LSBLK, lsblk);
    expect(ENC, &t.live(&none), Status::Unknown, &["ZFS"]);
}

#[test]
fn live_without_lsblk_falls_back_to_the_configuration() {
    let t = laptop();
    let runner = FakeRunner::new(); // lsblk "not found"
    expect(
        ENC,
        &t.live(&runner),
        Status::Unknown,
        &[
            "/etc/lvm/backup/vgubuntu:26",
            "lsblk n'a pas répondu (commande introuvable)",
            "supports branchés",
        ],
    );
}

#[test]
fn live_dm_integrity_is_not_encryption() {
    let lsblk = r#"{"blockdevices": [
  {"name": "sdb", "kname": "sdb", "path": "/dev/sdb", "type": "disk", "fstype": null, "mountpoints": [null], "rm": false, "hotplug": false, "tran": "sata", "size": 2000398934016, "model": "ST2000", "pkname": null,
   "children": [
     {"name": "sdb1", "kname": "sdb1", "path": "/dev/sdb1", "type": "part", "fstype": "DM_integrity", "mountpoints": [null], "rm": false, "hotplug": false, "tran": "sata", "size": 2000397885440, "model": null, "pkname": "sdb",
      "children": [
        {"name": "data", "kname": "dm-3", "path": "/dev/mapper/data", "type": "crypt", "fstype": "xfs", "mountpoints": ["/srv/data"], "rm": false, "hotplug": false, "tran": null, "size": 1990000000000, "model": null, "pkname": "sdb1"}
      ]}
   ]}
]}"#;
    let t = Tree::new().file(
        "/proc/self/mounts",
        "/dev/mapper/data /srv/data xfs rw 0 0\n",
    );
    let runner = FakeRunner::new().ok(LSBLK, lsblk);
    // / is nowhere: unknown; /srv/data on dm-integrity only: plain.
    expect(
        ENC,
        &t.live(&runner),
        Status::Fail,
        &["le volume monté sur /srv/data", "DM_integrity"],
    );
}

// ===========================================================================
// 4.3.4.a — operating system still maintained by its publisher
// ===========================================================================

const EOL: &str = "4.3.4.a";

fn os(text: &str) -> Tree {
    Tree::new().file("/etc/os-release", text)
}

/// Evaluates at another audit date (`--as-of`).
fn eval_at(id: &str, ev: &vigie_evidence::Evidence, as_of: time::Date) -> vigie_audit::Finding {
    let profile = vigie_audit::Profile::memento_2013();
    (vigie_audit::checks::check(id).unwrap().evaluate)(&vigie_audit::Context::new(
        ev, &profile, as_of,
    ))
}

#[track_caller]
fn expect_at(ev: &vigie_evidence::Evidence, as_of: time::Date, status: Status, mentions: &[&str]) {
    let f = eval_at(EOL, ev, as_of);
    let shown = text(&f);
    assert_eq!(f.status, status, "{as_of}: {shown}");
    for m in mentions {
        assert!(shown.contains(m), "{as_of}: expected {m:?} in:\n{shown}");
    }
}

const DEBIAN_12: &str = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n";
const UBUNTU_20_04: &str = "PRETTY_NAME=\"Ubuntu 20.04.6 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"20.04\"\nVERSION=\"20.04.6 LTS (Focal Fossa)\"\nID=ubuntu\nID_LIKE=debian\nUBUNTU_CODENAME=focal\n";

#[test]
fn supported_release_in_its_lts_phase_passes() {
    expect(
        EOL,
        &os(DEBIAN_12).offline(),
        Status::Pass,
        &[
            "Debian 12 (bookworm)",
            "30 juin 2028",
            "support à long terme (LTS) depuis le 10 juin 2026",
            "/etc/os-release: VERSION_ID 12",
            "https://endoflife.date/debian",
        ],
    );
}

#[test]
fn ended_release_fails_even_with_a_paid_extension_on_offer() {
    let ev = os(&DEBIAN_12
        .replace("VERSION_ID=\"12\"", "VERSION_ID=\"11\"")
        .replace("bookworm", "bullseye")
        .replace(" 12 ", " 11 "))
    .offline();
    expect(
        EOL,
        &ev,
        Status::Fail,
        &[
            "Debian 11 (bullseye)",
            "31 août 2026",
            "Debian ELTS (Freexian)",
            "rien n'indique",
        ],
    );
}

#[test]
fn ubuntu_past_standard_support_needs_active_esm() {
    let without = os(UBUNTU_20_04);
    expect(
        EOL,
        &without.offline(),
        Status::Fail,
        &[
            "Ubuntu 20.04 LTS",
            "31 mai 2025",
            "Ubuntu Pro (ESM)",
            "2 avril 2030",
        ],
    );
    let attached = os(UBUNTU_20_04).file(
        "/var/lib/ubuntu-advantage/status.json",
        r#"{"attached": true, "expires": "2030-12-31T00:00:00+00:00", "account": {"name": "Cabinet"}, "services": [{"name": "esm-apps", "status": "enabled"}, {"name": "esm-infra", "status": "enabled", "entitled": "yes"}]}"#,
    );
    let f = expect(
        EOL,
        &attached.offline(),
        Status::Pass,
        &["est actif sur ce poste", "esm-infra=enabled"],
    );
    assert!(
        !text(&f).contains("Cabinet"),
        "no account name in evidence: {}",
        text(&f)
    );
    let expired = os(UBUNTU_20_04).file(
        "/var/lib/ubuntu-advantage/status.json",
        r#"{"attached": true, "expires": "2026-01-31T00:00:00+00:00", "services": [{"name": "esm-infra", "status": "enabled"}]}"#,
    );
    expect(
        EOL,
        &expired.offline(),
        Status::Fail,
        &["expires=2026-01-31"],
    );
    let disabled = os(UBUNTU_20_04).file(
        "/var/lib/ubuntu-advantage/status.json",
        r#"{"attached": true, "services": [{"name": "esm-infra", "status": "disabled"}]}"#,
    );
    expect(
        EOL,
        &disabled.offline(),
        Status::Fail,
        &["esm-infra=disabled"],
    );
}

#[test]
fn unknown_distribution_and_unknown_version_are_unknown() {
    let zorin = os("PRETTY_NAME=\"Zorin OS 17.2\"\nNAME=\"Zorin OS\"\nVERSION_ID=\"17\"\nID=zorin\nID_LIKE=\"ubuntu debian\"\n");
    expect(
        EOL,
        &zorin.offline(),
        Status::Unknown,
        &["ID=zorin", "ubuntu, debian"],
    );
    let future =
        os("PRETTY_NAME=\"Ubuntu 26.10\"\nVERSION_ID=\"26.10\"\nID=ubuntu\nID_LIKE=debian\n");
    expect(
        EOL,
        &future.offline(),
        Status::Unknown,
        &["26.10", "ne figure pas"],
    );
    let no_version = os("PRETTY_NAME=\"Fedora Linux\"\nID=fedora\n");
    expect(EOL, &no_version.offline(), Status::Unknown, &["VERSION_ID"]);
    let no_id = os("PRETTY_NAME=\"Something\"\n");
    expect(EOL, &no_id.offline(), Status::Unknown, &["ID"]);
    expect(
        EOL,
        &Tree::new().dir("/etc").offline(),
        Status::Unknown,
        &["absent"],
    );
}

#[test]
fn a_version_older_than_the_whole_table_fails() {
    let wheezy = os("PRETTY_NAME=\"Debian GNU/Linux 7 (wheezy)\"\nVERSION_ID=\"7\"\nID=debian\n");
    expect(
        EOL,
        &wheezy.offline(),
        Status::Fail,
        &["plus ancien que Debian 9 (stretch)", "30 juin 2022"],
    );
}

#[test]
fn rolling_releases_are_unknown_with_the_reason() {
    let arch = os("NAME=\"Arch Linux\"\nPRETTY_NAME=\"Arch Linux\"\nID=arch\nBUILD_ID=rolling\n");
    expect(
        EOL,
        &arch.offline(),
        Status::Unknown,
        &["rolling", "4.3.4.b"],
    );
    let tumbleweed = os("NAME=\"openSUSE Tumbleweed\"\nID=\"opensuse-tumbleweed\"\nID_LIKE=\"opensuse suse\"\nVERSION_ID=\"20261120\"\nPRETTY_NAME=\"openSUSE Tumbleweed\"\n");
    expect(EOL, &tumbleweed.offline(), Status::Unknown, &["rolling"]);
    let sid = os("PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nNAME=\"Debian GNU/Linux\"\nVERSION_CODENAME=trixie\nID=debian\n");
    expect(
        EOL,
        &sid.offline(),
        Status::Unknown,
        &["trixie/sid", "rolling"],
    );
}

#[test]
fn as_of_boundaries_day_before_day_of_day_after() {
    use time::macros::date;
    let ev = os(DEBIAN_12).offline();
    expect_at(
        &ev,
        date!(2028 - 06 - 29),
        Status::Pass,
        &["plus que 1 jour"],
    );
    expect_at(
        &ev,
        date!(2028 - 06 - 30),
        Status::Pass,
        &["plus que 0 jour"],
    );
    expect_at(&ev, date!(2028 - 07 - 01), Status::Fail, &["Debian ELTS"]);
    // Before the LTS phase: plain standard support, no LTS note.
    let f = eval_at(EOL, &ev, date!(2026 - 06 - 10));
    assert_eq!(f.status, Status::Pass);
    assert!(
        f.reason.fr.contains("jusqu'au 30 juin 2028") && !f.reason.fr.contains("LTS"),
        "{}",
        f.reason.fr
    );
    let f = eval_at(EOL, &ev, date!(2026 - 06 - 11));
    assert!(
        f.reason.fr.contains("support à long terme"),
        "{}",
        f.reason.fr
    );
    // Fedora 42 ended on 28 May 2026 (a confirmed date, no grace).
    let f42 = os("NAME=\"Fedora Linux\"\nVERSION_ID=42\nID=fedora\nPRETTY_NAME=\"Fedora Linux 42 (Workstation Edition)\"\n").offline();
    expect_at(
        &f42,
        date!(2026 - 05 - 27),
        Status::Pass,
        &["Attention", "28 mai 2026"],
    );
    expect_at(
        &f42,
        date!(2026 - 05 - 29),
        Status::Fail,
        &["depuis le 28 mai 2026"],
    );
    // 91 days before the end: no warning yet.
    let f = eval_at(EOL, &f42, date!(2026 - 02 - 26));
    assert!(!f.reason.fr.contains("Attention"), "{}", f.reason.fr);
}

#[test]
fn forecast_end_dates_get_a_grace_month() {
    use time::macros::date;
    let f43 = os("NAME=\"Fedora Linux\"\nVERSION_ID=43\nID=fedora\nPRETTY_NAME=\"Fedora Linux 43 (Workstation Edition)\"\n").offline();
    // AS_OF = 2026-11-28: 11 days before the expected end.
    expect(
        EOL,
        &f43,
        Status::Pass,
        &["date prévue", "plus que 11 jour"],
    );
    expect_at(
        &f43,
        date!(2026 - 12 - 20),
        Status::Unknown,
        &["était prévue"],
    );
    expect_at(
        &f43,
        date!(2027 - 01 - 20),
        Status::Fail,
        &["9 décembre 2026"],
    );
}

#[test]
fn derived_editions_are_told_apart() {
    use time::macros::date;
    let lmde = os("PRETTY_NAME=\"LMDE 6 (faye)\"\nNAME=\"LMDE\"\nVERSION=\"6 (faye)\"\nID=linuxmint\nID_LIKE=debian\nVERSION_ID=\"6\"\nVERSION_CODENAME=faye\nDEBIAN_CODENAME=bookworm\n").offline();
    expect(
        EOL,
        &lmde,
        Status::Unknown,
        &["LMDE 6 (Faye)", "ne publie pas"],
    );
    expect_at(
        &lmde,
        date!(2028 - 07 - 01),
        Status::Fail,
        &["30 juin 2028"],
    );
    let mint = os("NAME=\"Linux Mint\"\nVERSION=\"21.3 (Virginia)\"\nID=linuxmint\nID_LIKE=\"ubuntu debian\"\nPRETTY_NAME=\"Linux Mint 21.3\"\nVERSION_ID=\"21.3\"\n").offline();
    expect(
        EOL,
        &mint,
        Status::Pass,
        &["Linux Mint 21", "fin avril 2027"],
    );
    let stream = os("NAME=\"CentOS Stream\"\nVERSION=\"9\"\nID=\"centos\"\nID_LIKE=\"rhel fedora\"\nVERSION_ID=\"9\"\nPRETTY_NAME=\"CentOS Stream 9\"\n").offline();
    expect(EOL, &stream, Status::Pass, &["CentOS Stream 9"]);
    let centos7 = os("NAME=\"CentOS Linux\"\nVERSION=\"7 (Core)\"\nID=\"centos\"\nID_LIKE=\"rhel fedora\"\nVERSION_ID=\"7\"\nPRETTY_NAME=\"CentOS Linux 7 (Core)\"\n").offline();
    expect(
        EOL,
        &centos7,
        Status::Fail,
        &["CentOS Linux 7", "30 juin 2024"],
    );
    let rocky = os("NAME=\"Rocky Linux\"\nVERSION=\"9.4 (Blue Onyx)\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.4\"\nPRETTY_NAME=\"Rocky Linux 9.4 (Blue Onyx)\"\n").offline();
    expect(EOL, &rocky, Status::Pass, &["Rocky Linux 9", "31 mai 2032"]);
    let sles = os("NAME=\"SLES\"\nVERSION=\"15-SP6\"\nVERSION_ID=\"15.6\"\nPRETTY_NAME=\"SUSE Linux Enterprise Server 15 SP6\"\nID=\"sles\"\nID_LIKE=\"suse\"\n").offline();
    expect(EOL, &sles, Status::Fail, &["SUSE LTSS", "31 décembre 2028"]);
}

#[test]
fn live_system_running_from_a_usb_disk_is_judged_as_the_system() {
    let lsblk = r#"{"blockdevices": [
  {"name": "sdb", "kname": "sdb", "path": "/dev/sdb", "type": "disk", "fstype": null, "mountpoints": [null], "rm": false, "hotplug": true, "tran": "usb", "size": 256060514304, "model": "Portable SSD T7", "pkname": null,
   "children": [
     {"name": "sdb1", "kname": "sdb1", "path": "/dev/sdb1", "type": "part", "fstype": "vfat", "mountpoints": ["/boot/efi"], "rm": false, "hotplug": true, "tran": null, "size": 536870912, "model": null, "pkname": "sdb"},
     {"name": "sdb2", "kname": "sdb2", "path": "/dev/sdb2", "type": "part", "fstype": "crypto_LUKS", "mountpoints": [null], "rm": false, "hotplug": true, "tran": null, "size": 255000000000, "model": null, "pkname": "sdb",
      "children": [{"name": "root", "kname": "dm-0", "path": "/dev/mapper/root", "type": "crypt", "fstype": "ext4", "mountpoints": ["/"], "rm": false, "hotplug": false, "tran": null, "size": 254983222784, "model": null, "pkname": "sdb2"}]}
   ]}
]}"#;
    let runner = FakeRunner::new().ok(LSBLK, lsblk);
    let f = expect(
        ENC,
        &Tree::new().live(&runner),
        Status::Pass,
        &["chiffré (LUKS, root)", "branchés pendant l'audit"],
    );
    assert!(!text(&f).contains("support amovible"), "{}", text(&f));
}
