//! LVM metadata backups (`/etc/lvm/backup/VG`), read to link a logical
//! volume to the devices its volume group sits on. LVM writes one file per
//! volume group after every change (lvm.conf(5), `backup/backup`), in LVM's
//! text metadata format: nested `name { … }` sections and `key = value` lines.
//! Each physical volume records `device = "/dev/…"  # Hint only`: the path
//! the PV had when the backup was written, which for a PV inside a LUKS
//! mapping is `/dev/mapper/NAME`, the name crypttab gives it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One volume group as its backup file describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LvmVolumeGroup {
    /// The backup file.
    pub file: String,
    pub name: String,
    /// The volume group's UUID as written ("AbCd12-…").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub physical_volumes: Vec<LvmPhysicalVolume>,
    /// Logical volume names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub logical_volumes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LvmPhysicalVolume {
    /// "pv0".
    pub name: String,
    /// The device hint; `None` when the backup has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// Line of the hint (or of the section) in the backup file.
    pub line: u32,
}

/// Removes a `#` comment outside double quotes.
fn strip_comment(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return &line[..i],
            _ => {}
        }
    }
    line
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    v.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(v)
        .to_string()
}

/// Parses one backup file. Returns `None` when no volume group section is found.
pub fn parse_backup(file: &str, text: &str) -> Option<LvmVolumeGroup> {
    let mut stack: Vec<String> = Vec::new();
    let mut vg: Option<LvmVolumeGroup> = None;
    for (n, raw) in text.lines().enumerate() {
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        let line_no = n as u32 + 1;
        if let Some((key, value)) = line.split_once('=') {
            let key = key.trim();
            match (stack.len(), stack.get(1).map(String::as_str)) {
                (1, _) if key == "id" => {
                    if let Some(vg) = vg.as_mut() {
                        vg.id = Some(unquote(value));
                    }
                }
                (3, Some("physical_volumes")) if key == "device" => {
                    if let Some(pv) = vg.as_mut().and_then(|vg| vg.physical_volumes.last_mut()) {
                        pv.device = Some(unquote(value));
                        pv.line = line_no;
                    }
                }
                _ => {}
            }
            continue;
        }
        if let Some(name) = line.strip_suffix('{') {
            let name = name.trim().to_string();
            match stack.len() {
                0 if vg.is_none() => {
                    vg = Some(LvmVolumeGroup {
                        file: file.to_string(),
                        name: name.clone(),
                        id: None,
                        physical_volumes: Vec::new(),
                        logical_volumes: Vec::new(),
                    })
                }
                2 => {
                    if let Some(vg) = vg.as_mut() {
                        match stack[1].as_str() {
                            "physical_volumes" => vg.physical_volumes.push(LvmPhysicalVolume {
                                name: name.clone(),
                                device: None,
                                line: line_no,
                            }),
                            "logical_volumes" => vg.logical_volumes.push(name.clone()),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
            stack.push(name);
            continue;
        }
        if line == "}" {
            stack.pop();
        }
    }
    vg
}

/// Splits a device-mapper name made by LVM ("vg--data-lv_root") into volume
/// group and logical volume: LVM joins them with `-` and doubles any `-`
/// inside either name.
pub fn split_dm_name(dm: &str) -> Option<(String, String)> {
    let bytes = dm.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'-' {
            if bytes.get(i + 1) == Some(&b'-') {
                i += 2;
                continue;
            }
            let (vg, lv) = (&dm[..i], &dm[i + 1..]);
            if vg.is_empty() || lv.is_empty() {
                return None;
            }
            return Some((vg.replace("--", "-"), lv.replace("--", "-")));
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const UBUNTU: &str = r#"# Generated by LVM2 version 2.03.16(2) (2022-05-18): Tue Apr 23 10:12:31 2024

contents = "Text Format Volume Group"
version = 1

description = "Created *after* executing 'vgcreate vgubuntu /dev/mapper/nvme0n1p3_crypt'"

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
			creation_time = 1713867151	# 2024-04-23 10:12:31 +0000
			creation_host = "ubuntu"
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

    #[test]
    fn backup_gives_pv_hints_and_lvs() {
        let vg = parse_backup("/etc/lvm/backup/vgubuntu", UBUNTU).unwrap();
        assert_eq!(vg.name, "vgubuntu");
        assert_eq!(
            vg.id.as_deref(),
            Some("Xq3kLm-7Tg2-aB9c-Zz01-Qw8e-Rt5y-Uu6iOp")
        );
        assert_eq!(vg.physical_volumes.len(), 1);
        assert_eq!(
            vg.physical_volumes[0].device.as_deref(),
            Some("/dev/mapper/nvme0n1p3_crypt")
        );
        assert_eq!(vg.physical_volumes[0].line, 26);
        assert_eq!(vg.logical_volumes, vec!["root", "swap_1"]);
        assert!(parse_backup("x", "# nothing\n").is_none());
    }

    #[test]
    fn dm_names_split_like_lvm() {
        assert_eq!(
            split_dm_name("vgubuntu-root"),
            Some(("vgubuntu".into(), "root".into()))
        );
        assert_eq!(
            split_dm_name("my--vg-lv--home"),
            Some(("my-vg".into(), "lv-home".into()))
        );
        assert_eq!(split_dm_name("cryptroot"), None);
        assert_eq!(
            split_dm_name("luks-4e0c"),
            Some(("luks".into(), "4e0c".into()))
        );
    }
}
