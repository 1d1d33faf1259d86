//! Antivirus (4.3.3.a), firewall (4.3.3.b) and logging (6.1.2.a, 6.1.2.b).
//!
//! Files first (they say what starts at boot, and are all an offline root
//! has); live, the service states in one `systemctl show`, the kernel's
//! ruleset (`nft -j list ruleset`, root only) and the status commands of the
//! products that are installed, nothing else.

pub mod antivirus;
pub mod firewall;
pub mod logging;
pub mod ruleset;

use crate::linux::systemd::{self, UnitState, UNIT_DIRS};
use crate::model::{Collected, Origin};
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use antivirus::AntivirusEvidence;
pub use firewall::FirewallEvidence;
pub use logging::LoggingEvidence;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProtectionEvidence {
    /// Every service and timer these checks look at, read once.
    pub units: Collected<Vec<UnitState>>,
    /// The effective `ExecStart=` lines of the services whose command line
    /// matters (configuration file given, foreground logging).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exec: Vec<UnitExec>,
    #[serde(default)]
    pub antivirus: AntivirusEvidence,
    #[serde(default)]
    pub firewall: FirewallEvidence,
    #[serde(default)]
    pub logging: LoggingEvidence,
}

impl Default for ProtectionEvidence {
    fn default() -> Self {
        ProtectionEvidence {
            units: Collected::NotCollected {
                reason: "not collected".into(),
            },
            exec: Vec::new(),
            antivirus: AntivirusEvidence::default(),
            firewall: FirewallEvidence::default(),
            logging: LoggingEvidence::default(),
        }
    }
}

impl ProtectionEvidence {
    /// The state of one unit, when units could be read and it was asked for.
    pub fn unit(&self, name: &str) -> Option<&UnitState> {
        self.units.value()?.iter().find(|u| u.name == name)
    }
    /// The effective `ExecStart=` commands of one unit.
    pub fn exec_of<'a>(&'a self, unit: &'a str) -> impl Iterator<Item = &'a UnitExec> {
        self.exec.iter().filter(move |e| e.unit == unit)
    }
}

/// One effective `ExecStart=` line of a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitExec {
    pub unit: String,
    pub origin: Origin,
    pub command: String,
}

/// Logging services (6.1.2.a).
pub const LOG_UNITS: &[&str] = &[
    "systemd-journald.service",
    "rsyslog.service",
    "syslog-ng.service",
    "auditd.service",
];

/// Services whose command line is read.
const EXEC_UNITS: &[&str] = &[
    "clamav-daemon.service",
    "clamd@scan.service",
    "clamav-freshclam.service",
    "clamav-clamonacc.service",
    "nftables.service",
];

/// Every unit this area reads, in the order asked to systemctl.
pub fn unit_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    names.extend(antivirus::CLAMAV_UNITS);
    for p in antivirus::PRODUCTS {
        names.extend(p.units);
    }
    names.extend(firewall::FIREWALL_UNITS);
    names.extend(LOG_UNITS);
    names
}

/// Collects this area's tables.
pub fn collect(sys: &Sys) -> ProtectionEvidence {
    let names = unit_names();
    let mut units = systemd::units(sys, &names);
    if let Collected::Ok { value, .. } = &mut units {
        for u in value.iter_mut() {
            resolve_template(sys, u);
        }
    }
    let exec: Vec<UnitExec> = units
        .value()
        .map(|all| {
            all.iter()
                .filter(|u| EXEC_UNITS.contains(&u.name.as_str()))
                .flat_map(|u| exec_start(sys, u))
                .collect()
        })
        .unwrap_or_default();
    let antivirus = antivirus::collect(sys, &exec);
    let firewall = firewall::collect(sys, &units, &exec);
    let logging = logging::collect(sys);
    ProtectionEvidence {
        units,
        exec,
        antivirus,
        firewall,
        logging,
    }
}

/// `clamd@scan.service` has no file of its own: systemd instantiates the
/// template `clamd@.service`. The shared unit reader only looks for the
/// instance name, so the template is looked up here.
fn resolve_template(sys: &Sys, unit: &mut UnitState) {
    if unit.file.is_some() {
        return;
    }
    let Some(template) = template_name(&unit.name) else {
        return;
    };
    unit.file = UNIT_DIRS
        .iter()
        .map(|d| format!("{d}/{template}"))
        .find(|p| sys.fs.is_file(p));
}

/// "clamd@scan.service" → "clamd@.service".
fn template_name(name: &str) -> Option<String> {
    let (prefix, rest) = name.split_once('@')?;
    let (_, suffix) = rest.rsplit_once('.')?;
    Some(format!("{prefix}@.{suffix}"))
}

/// The `ExecStart=` lines systemd would run: the unit file, then its drop-ins
/// (`NAME.d/*.conf` in every unit directory, by file name, a name in a
/// directory of higher precedence hiding the same name elsewhere); an empty
/// `ExecStart=` clears the list (systemd.unit(5), systemd.service(5)).
fn exec_start(sys: &Sys, unit: &UnitState) -> Vec<UnitExec> {
    let Some(file) = &unit.file else {
        return Vec::new();
    };
    let mut files = vec![file.clone()];
    let mut dropin_names: Vec<(String, String)> = Vec::new();
    let mut dirs = vec![format!("{}.d", unit.name)];
    if let Some(t) = template_name(&unit.name) {
        dirs.insert(0, format!("{t}.d"));
    }
    for d in &dirs {
        for base in UNIT_DIRS {
            let dir = format!("{base}/{d}");
            for n in sys.fs.read_dir(&dir).unwrap_or_default() {
                if n.ends_with(".conf") && !dropin_names.iter().any(|(m, _)| *m == n) {
                    dropin_names.push((n.clone(), format!("{dir}/{n}")));
                }
            }
        }
    }
    dropin_names.sort();
    files.extend(dropin_names.into_iter().map(|(_, p)| p));
    let mut out: Vec<UnitExec> = Vec::new();
    for path in files {
        let Ok(text) = sys.fs.read_to_string(&path) else {
            continue;
        };
        let mut section = String::new();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.starts_with('#') || line.starts_with(';') || line.is_empty() {
                continue;
            }
            if line.starts_with('[') {
                section = line.trim_matches(|c| c == '[' || c == ']').to_string();
                continue;
            }
            if section != "Service" {
                continue;
            }
            let Some((k, v)) = line.split_once('=') else {
                continue;
            };
            if k.trim() != "ExecStart" {
                continue;
            }
            let v = v.trim();
            if v.is_empty() {
                out.clear();
            } else {
                // A template's specifier: the instance name (systemd.unit(5)).
                let v = match unit
                    .name
                    .split_once('@')
                    .and_then(|(_, r)| r.rsplit_once('.'))
                {
                    Some((instance, _)) => v.replace("%i", instance).replace("%I", instance),
                    None => v.to_string(),
                };
                out.push(UnitExec {
                    unit: unit.name.clone(),
                    origin: Origin {
                        file: path.clone(),
                        line: n as u32 + 1,
                    },
                    command: v,
                });
            }
        }
    }
    out
}

/// The value of a command-line option in an `ExecStart=` command:
/// `-c X`, `--config-file=X` or `--config-file X`.
pub fn option_value<'a>(command: &'a str, short: Option<&str>, long: &str) -> Option<&'a str> {
    let words: Vec<&str> = command.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(v) = w.strip_prefix(long).and_then(|r| r.strip_prefix('=')) {
            return Some(v);
        }
        if *w == long || Some(*w) == short {
            return words.get(i + 1).copied();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_and_options() {
        assert_eq!(
            template_name("clamd@scan.service").as_deref(),
            Some("clamd@.service")
        );
        assert_eq!(template_name("ufw.service"), None);
        let cmd = "/usr/sbin/clamd -c /etc/clamd.d/scan.conf --foreground=yes";
        assert_eq!(
            option_value(cmd, Some("-c"), "--config-file"),
            Some("/etc/clamd.d/scan.conf")
        );
        assert_eq!(option_value(cmd, None, "--foreground"), Some("yes"));
        assert_eq!(
            option_value("/usr/sbin/nft -f /etc/nftables.conf", Some("-f"), "--file"),
            Some("/etc/nftables.conf")
        );
        assert_eq!(
            option_value("/usr/bin/freshclam -d", None, "--foreground"),
            None
        );
    }
}
