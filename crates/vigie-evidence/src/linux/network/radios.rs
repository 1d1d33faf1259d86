//! Radio switches (rfkill) and Bluetooth adapters, live only: whether each
//! Wi-Fi or Bluetooth radio is blocked now. Read from sysfs
//! (`/sys/class/rfkill/rfkillN/{type,name,soft,hard}`, kernel
//! Documentation/ABI/stable/sysfs-class-rfkill); `rfkill -J` when sysfs has
//! no rfkill class.

use super::{attr, list_dir, neigh::failure, offline};
use crate::model::Collected;
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

const SYS_RFKILL: &str = "/sys/class/rfkill";
const SYS_BLUETOOTH: &str = "/sys/class/bluetooth";

/// One rfkill switch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Radio {
    /// "rfkill0", or the id given by `rfkill -J`.
    pub id: String,
    /// "wlan", "bluetooth", "wwan", "nfc", "gps"...
    pub kind: String,
    /// The device it switches ("phy0", "hci0").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// Turned off by software (`rfkill block`, the desktop's airplane mode).
    pub soft_blocked: bool,
    /// Turned off by a physical switch or the firmware.
    pub hard_blocked: bool,
}

impl Radio {
    pub fn blocked(&self) -> bool {
        self.soft_blocked || self.hard_blocked
    }
}

/// Live: the radios, and the Bluetooth adapters.
pub fn collect(sys: &Sys) -> (Collected<Vec<Radio>>, Collected<Vec<String>>) {
    if !sys.is_live() {
        return (offline(), offline());
    }
    let radios = match list_dir::<Vec<Radio>>(sys, SYS_RFKILL) {
        Ok(names) => Collected::Ok {
            source: SYS_RFKILL.into(),
            value: names.iter().filter_map(|n| read_sysfs(sys, n)).collect(),
        },
        Err(missing) => match sys.command("rfkill", &["-J"], |out| {
            // rfkill exits 1 and still prints an empty list when /dev/rfkill
            // cannot be opened: that is no answer, not "no radio".
            if !out.success() {
                return Err(failure(out));
            }
            parse_rfkill_json(&out.stdout)
        }) {
            Collected::Missing { .. } => missing,
            other => other,
        },
    };
    let adapters = match list_dir::<Vec<String>>(sys, SYS_BLUETOOTH) {
        Ok(names) => Collected::Ok {
            source: SYS_BLUETOOTH.into(),
            // hci0, not the hci0:11 connection entries.
            value: names
                .into_iter()
                .filter(|n| n.starts_with("hci") && !n.contains(':'))
                .collect(),
        },
        Err(e) => e,
    };
    (radios, adapters)
}

fn read_sysfs(sys: &Sys, name: &str) -> Option<Radio> {
    let dir = format!("{SYS_RFKILL}/{name}");
    let kind = attr(sys, &format!("{dir}/type"))?;
    // `state` (0 soft-blocked, 1 unblocked, 2 hard-blocked) when the
    // separate `soft`/`hard` attributes are missing (kernels before 2.6.34).
    let state = attr(sys, &format!("{dir}/state"));
    let soft = attr(sys, &format!("{dir}/soft"))
        .map(|s| s == "1")
        .unwrap_or(state.as_deref() == Some("0"));
    let hard = attr(sys, &format!("{dir}/hard"))
        .map(|s| s == "1")
        .unwrap_or(state.as_deref() == Some("2"));
    Some(Radio {
        id: name.to_string(),
        kind,
        device: attr(sys, &format!("{dir}/name")),
        soft_blocked: soft,
        hard_blocked: hard,
    })
}

/// `rfkill -J` (util-linux): one object whose only member is the list of
/// devices, named "" in util-linux 2.31 to 2.36 and "rfkilldevices" since;
/// each with `id`, `type`, `device`, `soft` and `hard` ("blocked" or
/// "unblocked").
pub fn parse_rfkill_json(text: &str) -> Result<Vec<Radio>, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let list = value
        .as_object()
        .and_then(|o| o.values().find_map(|v| v.as_array()))
        .ok_or("expected an object holding a list")?;
    Ok(list
        .iter()
        .filter_map(|d| {
            let s = |k: &str| d.get(k).and_then(|v| v.as_str()).map(str::to_string);
            Some(Radio {
                id: d
                    .get("id")
                    .map(|v| v.to_string().trim_matches('"').to_string())
                    .unwrap_or_default(),
                kind: s("type")?,
                device: s("device"),
                soft_blocked: s("soft").as_deref() == Some("blocked"),
                hard_blocked: s("hard").as_deref() == Some("blocked"),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_rfkill_json_spellings() {
        let new = r#"{
   "rfkilldevices": [
      {"id": 0, "type": "bluetooth", "device": "hci0", "soft": "unblocked", "hard": "unblocked"},
      {"id": 1, "type": "wlan", "device": "phy0", "soft": "blocked", "hard": "unblocked"}
   ]
}"#;
        let r = parse_rfkill_json(new).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].kind, "bluetooth");
        assert!(!r[0].blocked());
        assert!(r[1].soft_blocked);
        assert_eq!(r[1].id, "1");
        let old = r#"{"": [{"id": 0, "type": "wlan", "device": "phy0", "soft": "unblocked", "hard": "blocked"}]}"#;
        assert!(parse_rfkill_json(old).unwrap()[0].hard_blocked);
        assert!(parse_rfkill_json("rfkill: cannot open /dev/rfkill").is_err());
    }
}
