//! systemd units: whether a service or timer is installed, enabled (the
//! symbolic links `systemctl enable` makes, readable offline) and, live,
//! active. Shared by every area that depends on a service running.

use crate::model::Collected;
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Unit directories, in systemd's precedence order (local first).
pub const UNIT_DIRS: &[&str] = &[
    "/etc/systemd/system",
    "/run/systemd/system",
    "/usr/local/lib/systemd/system",
    "/usr/lib/systemd/system",
    "/lib/systemd/system",
];

/// The state of one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitState {
    /// "clamav-freshclam.service".
    pub name: String,
    /// Where its unit file is; `None` when no unit file exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Linked to `/dev/null` in `/etc` or `/run`: it can never start.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub masked: bool,
    /// The `*.wants/` or `*.requires/` links that enable it, as found on disk.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wanted_by: Vec<String>,
    /// Live: systemd's `ActiveState` ("active", "inactive", "failed"...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<String>,
    /// Live: systemd's `UnitFileState` ("enabled", "disabled", "static"...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_file_state: Option<String>,
}

impl UnitState {
    /// Whether the unit starts at boot: systemd's own answer when live, the
    /// enablement links otherwise.
    pub fn enabled(&self) -> bool {
        if self.masked {
            return false;
        }
        match self.unit_file_state.as_deref() {
            Some(s) => matches!(s, "enabled" | "enabled-runtime" | "alias" | "linked"),
            None => self.file.is_some() && !self.wanted_by.is_empty(),
        }
    }
    /// Live only: whether it is running now.
    pub fn is_active(&self) -> Option<bool> {
        self.active
            .as_deref()
            .map(|a| matches!(a, "active" | "reloading" | "activating"))
    }
}

/// The targets whose `.wants`/`.requires` directories are searched.
const TARGETS: &[&str] = &[
    "multi-user.target",
    "graphical.target",
    "default.target",
    "sysinit.target",
    "basic.target",
    "timers.target",
    "sockets.target",
    "network-online.target",
];

/// Reads the state of `names` from the unit directories and, live, from
/// `systemctl show` (one command for all of them).
pub fn units(sys: &Sys, names: &[&str]) -> Collected<Vec<UnitState>> {
    if !UNIT_DIRS.iter().any(|d| sys.fs.is_dir(d)) {
        return Collected::Missing {
            source: "/etc/systemd/system".into(),
        };
    }
    let mut states: Vec<UnitState> = names.iter().map(|n| from_disk(sys, n)).collect();
    if sys.is_live() && !names.is_empty() {
        let mut args = vec![
            "show",
            "--property=Id,LoadState,ActiveState,UnitFileState",
            "--",
        ];
        args.extend(names.iter().copied());
        if let Collected::Ok { value, .. } = sys.command("systemctl", &args, |out| {
            if out.stdout.trim().is_empty() {
                Err(format!("no output (exit code {:?})", out.code))
            } else {
                Ok(parse_systemctl_show(&out.stdout))
            }
        }) {
            for (state, live) in states.iter_mut().zip(value) {
                if live.get("LoadState").map(String::as_str) == Some("not-found") {
                    continue;
                }
                state.active = live.get("ActiveState").cloned();
                state.unit_file_state =
                    live.get("UnitFileState").cloned().filter(|s| !s.is_empty());
            }
        }
    }
    Collected::Ok {
        source: "/etc/systemd/system".into(),
        value: states,
    }
}

fn from_disk(sys: &Sys, name: &str) -> UnitState {
    let mut masked = false;
    let mut file = None;
    for dir in UNIT_DIRS {
        let path = format!("{dir}/{name}");
        if let Ok(target) = sys.fs.read_link(&path) {
            if target == "/dev/null" {
                masked = dir.starts_with("/etc") || dir.starts_with("/run");
                break;
            }
        }
        if sys.fs.is_file(&path) {
            file = Some(path);
            break;
        }
    }
    let mut wanted_by = Vec::new();
    for dir in &UNIT_DIRS[..2] {
        for target in TARGETS {
            for kind in ["wants", "requires"] {
                let link = format!("{dir}/{target}.{kind}/{name}");
                if sys.fs.exists(&link) || sys.fs.read_link(&link).is_ok() {
                    wanted_by.push(link);
                }
            }
        }
    }
    UnitState {
        name: name.to_string(),
        file,
        masked,
        wanted_by,
        active: None,
        unit_file_state: None,
    }
}

/// `systemctl show -p ...` output: one block of `Key=Value` lines per unit,
/// blocks separated by an empty line, in the order asked.
pub fn parse_systemctl_show(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut blocks = Vec::new();
    let mut current = std::collections::BTreeMap::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            current.insert(k.to_string(), v.to_string());
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn systemctl_show_blocks_follow_the_order_asked() {
        let text = "Id=ufw.service\nLoadState=loaded\nActiveState=active\nUnitFileState=enabled\n\nId=nftables.service\nLoadState=not-found\nActiveState=inactive\nUnitFileState=\n";
        let blocks = parse_systemctl_show(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0]["ActiveState"], "active");
        assert_eq!(blocks[1]["LoadState"], "not-found");
    }
}
