//! Block devices as `lsblk -J -b -o …` shows them (util-linux, misc-utils/lsblk.c).
//!
//! JSON shape: `{"blockdevices": [ {column: value, …, "children": [ … ]} ]}`,
//! one object per device, children nested under their parent (a device with
//! two parents, such as a logical volume spanning two disks, appears under
//! each). Column names are lower-cased. Since util-linux 2.33 booleans (RM,
//! HOTPLUG) are JSON booleans and, with `--bytes`, SIZE is a number; older
//! versions print every value as a string ("1", "0", "512110190592").
//! MOUNTPOINTS (2.37+) is an array, `[null]` when unmounted, with "[SWAP]"
//! for an active swap; older versions only have MOUNTPOINT, a string or null.
//! TYPE is "disk", "part", "rom", "loop", "md"/raid level, or for
//! device-mapper the lower-cased prefix of the DM UUID: "crypt" (dm-crypt:
//! LUKS, plain, BitLocker and TrueCrypt/VeraCrypt through cryptsetup), "lvm",
//! "mpath", "dm" when there is none. TRAN is "usb", "sata", "nvme", "sbp"
//! (FireWire), "mmc"… RM is the kernel's removable flag (inherited by
//! partitions), HOTPLUG whether the device sits behind a hot-pluggable port.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The columns asked of lsblk 2.37 and later.
pub const COLUMNS: &str =
    "NAME,KNAME,PATH,TYPE,FSTYPE,MOUNTPOINTS,RM,HOTPLUG,TRAN,SIZE,MODEL,PKNAME";
/// The columns of older versions (no MOUNTPOINTS; PATH came with 2.33).
pub const LEGACY_COLUMNS: &str =
    "NAME,KNAME,TYPE,FSTYPE,MOUNTPOINT,RM,HOTPLUG,TRAN,SIZE,MODEL,PKNAME";

/// One block device, with its parents (kernel names) instead of nesting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BlockDevice {
    /// "nvme0n1p3", or the mapping name for device-mapper ("vgubuntu-root").
    pub name: String,
    /// Kernel name ("dm-1").
    pub kname: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// TYPE: "disk", "part", "crypt", "lvm", "loop", "rom", "raid1"…
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fstype: Option<String>,
    /// Where it is mounted; "[SWAP]" for an active swap.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mountpoints: Vec<String>,
    pub removable: bool,
    pub hotplug: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Kernel names of the devices it sits on (empty for a whole disk).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parents: Vec<String>,
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn boolean(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.trim() == "1",
        Some(Value::Number(n)) => n.as_u64() == Some(1),
        _ => false,
    }
}

fn number(v: Option<&Value>) -> Option<u64> {
    match v? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn mountpoints(obj: &serde_json::Map<String, Value>) -> Vec<String> {
    match obj.get("mountpoints") {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|m| m.as_str())
            .filter(|m| !m.is_empty())
            .map(String::from)
            .collect(),
        _ => text(obj.get("mountpoint")).into_iter().collect(),
    }
}

fn walk(node: &Value, parent: Option<&str>, out: &mut Vec<BlockDevice>) {
    let Some(obj) = node.as_object() else {
        return;
    };
    let Some(name) = text(obj.get("name")) else {
        return;
    };
    let kname = text(obj.get("kname")).unwrap_or_else(|| name.clone());
    let parent_kname = parent.map(String::from).or_else(|| text(obj.get("pkname")));
    match out.iter_mut().find(|d| d.kname == kname) {
        Some(existing) => {
            if let Some(p) = parent_kname {
                if !existing.parents.contains(&p) {
                    existing.parents.push(p);
                }
            }
        }
        None => out.push(BlockDevice {
            name,
            kname: kname.clone(),
            path: text(obj.get("path")),
            kind: text(obj.get("type")).unwrap_or_default(),
            fstype: text(obj.get("fstype")),
            mountpoints: mountpoints(obj),
            removable: boolean(obj.get("rm")),
            hotplug: boolean(obj.get("hotplug")),
            transport: text(obj.get("tran")),
            size: number(obj.get("size")),
            model: text(obj.get("model")),
            parents: parent_kname.into_iter().collect(),
        }),
    }
    if let Some(Value::Array(children)) = obj.get("children") {
        for child in children {
            walk(child, Some(&kname), out);
        }
    }
}

/// Parses `lsblk -J` output into a flat list, parents linked by kernel name.
pub fn parse_lsblk(json: &str) -> Result<Vec<BlockDevice>, String> {
    let v: Value = serde_json::from_str(json).map_err(|e| format!("invalid JSON: {e}"))?;
    let Some(Value::Array(devices)) = v.get("blockdevices") else {
        return Err("no \"blockdevices\" array".into());
    };
    let mut out = Vec::new();
    for d in devices {
        walk(d, None, &mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_format_with_nested_chain() {
        let d = parse_lsblk(
            r#"{
   "blockdevices": [
      {
         "name": "nvme0n1", "kname": "nvme0n1", "path": "/dev/nvme0n1", "type": "disk", "fstype": null,
         "mountpoints": [null], "rm": false, "hotplug": false, "tran": "nvme", "size": 512110190592,
         "model": "SAMSUNG MZVL2512HCJQ-00B00", "pkname": null,
         "children": [
            {"name": "nvme0n1p3", "kname": "nvme0n1p3", "path": "/dev/nvme0n1p3", "type": "part", "fstype": "crypto_LUKS",
             "mountpoints": [null], "rm": false, "hotplug": false, "tran": "nvme", "size": 510000000000, "model": null, "pkname": "nvme0n1",
             "children": [
                {"name": "luks-4e0c", "kname": "dm-0", "path": "/dev/mapper/luks-4e0c", "type": "crypt", "fstype": "btrfs",
                 "mountpoints": ["/home", "/"], "rm": false, "hotplug": false, "tran": null, "size": 509983422464, "model": null, "pkname": "nvme0n1p3"}
             ]}
         ]
      }
   ]
}"#,
        )
        .unwrap();
        assert_eq!(d.len(), 3);
        assert_eq!(d[2].kname, "dm-0");
        assert_eq!(d[2].kind, "crypt");
        assert_eq!(d[2].mountpoints, vec!["/home", "/"]);
        assert_eq!(d[2].parents, vec!["nvme0n1p3"]);
        assert!(d[0].mountpoints.is_empty() && d[0].parents.is_empty());
        assert_eq!(d[0].size, Some(512110190592));
    }

    #[test]
    fn old_string_format_and_shared_children() {
        // util-linux 2.31 (Ubuntu 18.04): every value a string, MOUNTPOINT only.
        let d = parse_lsblk(
            r#"{"blockdevices": [
  {"name": "sda", "kname": "sda", "type": "disk", "fstype": null, "mountpoint": null, "rm": "0", "hotplug": "0", "tran": "sata", "size": "250059350016", "model": "Samsung SSD 850 ", "pkname": null,
   "children": [
     {"name": "sda1", "kname": "sda1", "type": "part", "fstype": "LVM2_member", "mountpoint": null, "rm": "0", "hotplug": "0", "tran": null, "size": "250058301440", "model": null, "pkname": "sda",
      "children": [{"name": "data-big", "kname": "dm-0", "type": "lvm", "fstype": "ext4", "mountpoint": "/srv", "rm": "0", "hotplug": "0", "tran": null, "size": "500000000000", "model": null, "pkname": "sda1"}]}
   ]},
  {"name": "sdb", "kname": "sdb", "type": "disk", "fstype": "LVM2_member", "mountpoint": null, "rm": "1", "hotplug": "1", "tran": "usb", "size": "250059350016", "model": "Ext", "pkname": null,
   "children": [{"name": "data-big", "kname": "dm-0", "type": "lvm", "fstype": "ext4", "mountpoint": "/srv", "rm": "0", "hotplug": "0", "tran": null, "size": "500000000000", "model": null, "pkname": "sdb"}]}
]}"#,
        )
        .unwrap();
        assert_eq!(d.len(), 4);
        let lv = d.iter().find(|x| x.kname == "dm-0").unwrap();
        assert_eq!(lv.parents, vec!["sda1", "sdb"]);
        assert_eq!(lv.mountpoints, vec!["/srv"]);
        assert_eq!(d[0].model.as_deref(), Some("Samsung SSD 850"));
        let usb = d.iter().find(|x| x.kname == "sdb").unwrap();
        assert!(usb.removable && usb.hotplug);
        assert_eq!(usb.size, Some(250059350016));
        assert!(parse_lsblk("{}").is_err());
        assert!(parse_lsblk("not json").is_err());
    }
}
