//! Firewall (4.3.3.b, 6.1.2.b): the configuration of each firewall product
//! installed (ufw, firewalld, nftables, iptables-persistent/iptables-services)
//! and, live, the ruleset actually loaded in the kernel.

use super::ruleset::{parse_iptables_save, parse_nft_config, parse_nft_json, Ruleset};
use super::{option_value, UnitExec};
use crate::command::OFFLINE_REASON;
use crate::conf::parse_key_value;
use crate::linux::systemd::{UnitState, UNIT_DIRS};
use crate::model::{Collected, ConfEntry, ConfFile, InvalidLine};
use crate::sys::{denied, Sys, PERMISSION_DENIED};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FirewallEvidence {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ufw: Option<Ufw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firewalld: Option<Firewalld>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nftables: Option<NftablesConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iptables: Option<IptablesConfig>,
    /// Live: the ruleset loaded in the kernel (`nft -j list ruleset`, and
    /// `iptables-save` where nft shows no input filtering or is absent).
    pub kernel: Collected<Ruleset>,
    /// Live, when the kernel ruleset could not be read: `firewall-cmd --state`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firewalld_state: Option<Collected<String>>,
    /// Live: interfaces other than `lo` holding an IPv6 address
    /// (`/proc/net/if_inet6`; missing when IPv6 is disabled).
    pub ipv6_interfaces: Collected<Vec<String>>,
}

impl Default for FirewallEvidence {
    fn default() -> Self {
        FirewallEvidence {
            ufw: None,
            firewalld: None,
            nftables: None,
            iptables: None,
            kernel: Collected::NotCollected {
                reason: "not collected".into(),
            },
            firewalld_state: None,
            ipv6_interfaces: Collected::NotCollected {
                reason: "not collected".into(),
            },
        }
    }
}

/// ufw: `/etc/ufw/ufw.conf` (ENABLED, LOGLEVEL), `/etc/default/ufw`
/// (DEFAULT_INPUT_POLICY, IPV6) and the rules added with `ufw allow`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ufw {
    pub conf: Collected<ConfFile>,
    pub defaults: Collected<ConfFile>,
    pub user_rules: Collected<Ruleset>,
    pub user6_rules: Collected<Ruleset>,
}

/// firewalld: `/etc/firewalld/firewalld.conf` and the zones that matter
/// (the default zone and every zone defined in `/etc/firewalld/zones`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Firewalld {
    pub conf: Collected<ConfFile>,
    /// The default zone's name (DefaultZone, or firewalld's fallback "public").
    pub default_zone: String,
    pub zones: Vec<Collected<FirewalldZone>>,
}

/// One firewalld zone file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FirewalldZone {
    pub name: String,
    /// `<zone target="...">`: "default", "ACCEPT", "%%REJECT%%", "DROP";
    /// `None` when absent (firewalld then uses "default").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interfaces: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// nftables.service's ruleset file (the `nft -f` argument of its unit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NftablesConfig {
    pub ruleset: Collected<Ruleset>,
}

/// Saved iptables rules restored at boot by a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IptablesConfig {
    /// The service restoring IPv4 rules ("netfilter-persistent.service",
    /// "iptables.service").
    pub service: String,
    /// The service restoring IPv6 rules, when separate ("ip6tables.service").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_v6: Option<String>,
    pub v4: Collected<Ruleset>,
    pub v6: Collected<Ruleset>,
}

/// Firewall services.
pub const FIREWALL_UNITS: &[&str] = &[
    "ufw.service",
    "firewalld.service",
    "nftables.service",
    "netfilter-persistent.service",
    "iptables.service",
    "ip6tables.service",
];

fn any_file(sys: &Sys, paths: &[&str]) -> Option<String> {
    paths
        .iter()
        .find(|p| sys.fs.is_file(p))
        .map(|p| p.to_string())
}

fn unit_file_exists(sys: &Sys, name: &str) -> bool {
    UNIT_DIRS
        .iter()
        .any(|d| sys.fs.is_file(&format!("{d}/{name}")))
}

/// Collects every firewall's configuration and, live, the kernel's ruleset.
pub fn collect(
    sys: &Sys,
    units: &Collected<Vec<UnitState>>,
    exec: &[UnitExec],
) -> FirewallEvidence {
    let ufw =
        (sys.fs.is_file("/usr/sbin/ufw") || sys.fs.exists("/etc/ufw/ufw.conf")).then(|| Ufw {
            conf: sys.file("/etc/ufw/ufw.conf", |t| {
                parse_shell_vars("/etc/ufw/ufw.conf", t)
            }),
            defaults: sys.file("/etc/default/ufw", |t| {
                parse_shell_vars("/etc/default/ufw", t)
            }),
            user_rules: sys.file("/etc/ufw/user.rules", |t| {
                parse_iptables_save(t, "ip", Some("/etc/ufw/user.rules"))
            }),
            user6_rules: sys.file("/etc/ufw/user6.rules", |t| {
                parse_iptables_save(t, "ip6", Some("/etc/ufw/user6.rules"))
            }),
        });
    let firewalld = (sys.fs.is_file("/usr/sbin/firewalld")
        || sys.fs.is_dir("/etc/firewalld")
        || unit_file_exists(sys, "firewalld.service"))
    .then(|| firewalld(sys));
    let nft_bin = any_file(sys, &["/usr/sbin/nft", "/sbin/nft"]);
    let nftables = (nft_bin.is_some() || unit_file_exists(sys, "nftables.service")).then(|| {
        // The file the unit loads (Debian: /etc/nftables.conf; Fedora/RHEL:
        // /etc/sysconfig/nftables.conf).
        let path = exec
            .iter()
            .filter(|e| e.unit == "nftables.service")
            .find_map(|e| option_value(&e.command, Some("-f"), "--file"))
            .map(str::to_string)
            .or_else(|| any_file(sys, &["/etc/sysconfig/nftables.conf", "/etc/nftables.conf"]))
            .unwrap_or_else(|| "/etc/nftables.conf".to_string());
        NftablesConfig {
            ruleset: sys.file(&path, |t| parse_nft_config(sys.fs, &path, t)),
        }
    });
    let iptables = iptables_config(sys);
    let kernel = kernel_ruleset(sys, nft_bin.is_some());
    let firewalld_active = units
        .value()
        .and_then(|u| u.iter().find(|u| u.name == "firewalld.service"))
        .and_then(UnitState::is_active)
        == Some(true);
    let firewalld_state = (sys.is_live()
        && firewalld.is_some()
        && firewalld_active
        && kernel.value().is_none()
        && any_file(sys, &["/usr/bin/firewall-cmd", "/bin/firewall-cmd"]).is_some())
    .then(|| {
        sys.command("firewall-cmd", &["--state"], |out| {
            let text = if out.stdout.trim().is_empty() {
                out.stderr.trim()
            } else {
                out.stdout.trim()
            };
            if text.is_empty() {
                Err(format!("no output (exit code {:?})", out.code))
            } else {
                Ok(text.to_string())
            }
        })
    });
    let ipv6_interfaces = if sys.is_live() {
        sys.file("/proc/net/if_inet6", parse_if_inet6)
    } else {
        Collected::NotCollected {
            reason: OFFLINE_REASON.into(),
        }
    };
    FirewallEvidence {
        ufw,
        firewalld,
        nftables,
        iptables,
        kernel,
        firewalld_state,
        ipv6_interfaces,
    }
}

fn firewalld(sys: &Sys) -> Firewalld {
    let conf_path = "/etc/firewalld/firewalld.conf";
    let conf = sys.file(conf_path, |t| parse_key_value(conf_path, t));
    // firewalld's FALLBACK_ZONE when DefaultZone is unset.
    let default_zone = conf
        .value()
        .and_then(|f| f.entries.iter().rev().find(|e| e.key == "DefaultZone"))
        .and_then(|e| e.value.clone())
        .unwrap_or_else(|| "public".to_string());
    let mut names = vec![default_zone.clone()];
    for n in sys.fs.read_dir("/etc/firewalld/zones").unwrap_or_default() {
        if let Some(z) = n.strip_suffix(".xml") {
            if !names.iter().any(|x| x == z) {
                names.push(z.to_string());
            }
        }
    }
    // A zone in /etc overrides the one shipped in /usr/lib.
    let zones = names
        .iter()
        .map(|z| {
            let local = format!("/etc/firewalld/zones/{z}.xml");
            let path = if sys.fs.exists(&local) {
                local
            } else {
                format!("/usr/lib/firewalld/zones/{z}.xml")
            };
            match sys.file(&path, |t| parse_zone_xml(z, t)) {
                Collected::Ok {
                    source,
                    value: Ok(zone),
                } => Collected::Ok {
                    source,
                    value: zone,
                },
                Collected::Ok {
                    source,
                    value: Err(error),
                } => Collected::Unreadable { source, error },
                Collected::Missing { source } => Collected::Missing { source },
                Collected::Unreadable { source, error } => Collected::Unreadable { source, error },
                Collected::NotCollected { reason } => Collected::NotCollected { reason },
            }
        })
        .collect();
    Firewalld {
        conf,
        default_zone,
        zones,
    }
}

/// A firewalld zone file (firewalld.zone(5)): `<zone target="...">` with
/// `<service name>`, `<port port protocol>`, `<interface name>`,
/// `<source address>` children.
pub fn parse_zone_xml(name: &str, text: &str) -> Result<FirewalldZone, String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("zone XML: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "zone" {
        return Err(format!(
            "zone XML: root element is <{}>",
            root.tag_name().name()
        ));
    }
    let mut zone = FirewalldZone {
        name: name.to_string(),
        target: root.attribute("target").map(str::to_string),
        ..Default::default()
    };
    for child in root.children().filter(|c| c.is_element()) {
        match child.tag_name().name() {
            "service" => zone
                .services
                .extend(child.attribute("name").map(str::to_string)),
            "port" => {
                if let Some(p) = child.attribute("port") {
                    let proto = child.attribute("protocol").unwrap_or("");
                    zone.ports.push(format!("{p}/{proto}"));
                }
            }
            "interface" => zone
                .interfaces
                .extend(child.attribute("name").map(str::to_string)),
            "source" => zone.sources.extend(
                child
                    .attribute("address")
                    .or_else(|| child.attribute("mac"))
                    .or_else(|| child.attribute("ipset"))
                    .map(str::to_string),
            ),
            _ => {}
        }
    }
    Ok(zone)
}

/// Debian's iptables-persistent (`netfilter-persistent.service`,
/// `/etc/iptables/rules.v4` and `rules.v6`), Fedora/RHEL's iptables-services
/// (`iptables.service`, `/etc/sysconfig/iptables` and `ip6tables`), Arch's
/// (`iptables.service`, `/etc/iptables/iptables.rules`).
fn iptables_config(sys: &Sys) -> Option<IptablesConfig> {
    let read =
        |path: &str, family: &str| sys.file(path, |t| parse_iptables_save(t, family, Some(path)));
    if sys.fs.exists("/etc/iptables/rules.v4")
        || sys.fs.exists("/etc/iptables/rules.v6")
        || unit_file_exists(sys, "netfilter-persistent.service")
    {
        return Some(IptablesConfig {
            service: "netfilter-persistent.service".into(),
            service_v6: None,
            v4: read("/etc/iptables/rules.v4", "ip"),
            v6: read("/etc/iptables/rules.v6", "ip6"),
        });
    }
    if sys.fs.exists("/etc/iptables/iptables.rules") {
        return Some(IptablesConfig {
            service: "iptables.service".into(),
            service_v6: Some("ip6tables.service".into()),
            v4: read("/etc/iptables/iptables.rules", "ip"),
            v6: read("/etc/iptables/ip6tables.rules", "ip6"),
        });
    }
    if sys.fs.exists("/etc/sysconfig/iptables") || unit_file_exists(sys, "iptables.service") {
        return Some(IptablesConfig {
            service: "iptables.service".into(),
            service_v6: Some("ip6tables.service".into()),
            v4: read("/etc/sysconfig/iptables", "ip"),
            v6: read("/etc/sysconfig/ip6tables", "ip6"),
        });
    }
    None
}

fn command_error(out: &crate::command::CommandOutput) -> String {
    if denied(out) {
        format!("{PERMISSION_DENIED}: {}", out.stderr.trim())
    } else {
        format!(
            "exit code {:?}: {}",
            out.code,
            out.stderr.trim().lines().next().unwrap_or("")
        )
    }
}

/// The kernel's ruleset: nftables first (it also shows iptables-nft rules);
/// `iptables-save`/`ip6tables-save` when nft is absent or shows no input
/// filtering (legacy iptables tables are invisible to nft). Both need root.
fn kernel_ruleset(sys: &Sys, nft_installed: bool) -> Collected<Ruleset> {
    if !sys.is_live() {
        return Collected::NotCollected {
            reason: OFFLINE_REASON.into(),
        };
    }
    let nft = nft_installed.then(|| {
        sys.command("nft", &["-j", "list", "ruleset"], |out| {
            if denied(out) || !out.success() {
                return Err(command_error(out));
            }
            parse_nft_json(&out.stdout)
        })
    });
    // Refused for lack of rights: iptables-save would be refused too.
    if let Some(n) = nft.as_ref().filter(|n| n.permission_denied()) {
        return n.clone();
    }
    let nft_filters = nft
        .as_ref()
        .and_then(Collected::value)
        .is_some_and(|r| r.input_chains().next().is_some());
    let iptables_installed =
        any_file(sys, &["/usr/sbin/iptables-save", "/sbin/iptables-save"]).is_some();
    if nft_filters || !iptables_installed {
        return nft.unwrap_or(Collected::Missing {
            source: "$ nft -j list ruleset".into(),
        });
    }
    let save = |program: &str, family: &'static str| {
        sys.command(program, &[], move |out| {
            if denied(out) || !out.success() {
                return Err(command_error(out));
            }
            Ok(parse_iptables_save(&out.stdout, family, None))
        })
    };
    let v4 = save("iptables-save", "ip");
    let v4 = match v4 {
        Collected::Ok { source, mut value } => {
            if let Collected::Ok { value: v6, .. } = save("ip6tables-save", "ip6") {
                value.chains.extend(v6.chains);
            }
            Collected::Ok { source, value }
        }
        other => other,
    };
    match (nft, v4) {
        // nft read fine (no input filtering there): add what iptables shows.
        (Some(Collected::Ok { source, mut value }), Collected::Ok { value: ipt, .. }) => {
            for c in ipt.chains {
                if value.chain(&c.family, &c.table, &c.name).is_none() {
                    value.chains.push(c);
                }
            }
            Collected::Ok { source, value }
        }
        (Some(nft @ Collected::Ok { .. }), _) => nft,
        (_, v4) => v4,
    }
}

/// `/proc/net/if_inet6`: address, index, prefix length, scope, flags,
/// interface name per line.
fn parse_if_inet6(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.split_whitespace().nth(5) {
            if name != "lo" && !out.iter().any(|n| n == name) {
                out.push(name.to_string());
            }
        }
    }
    out
}

/// Shell-style variable files (`/etc/ufw/ufw.conf`, `/etc/default/ufw`):
/// `KEY=value`, the value optionally in single or double quotes, `#`
/// comments at the start of a line.
pub fn parse_shell_vars(path: &str, text: &str) -> ConfFile {
    let mut file = ConfFile {
        path: path.to_string(),
        entries: Vec::new(),
        invalid: Vec::new(),
    };
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let line_no = n as u32 + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            file.invalid.push(InvalidLine {
                line: line_no,
                text: raw.to_string(),
            });
            continue;
        };
        let v = v.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|x| x.strip_suffix('"'))
            .or_else(|| v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
            .unwrap_or(v);
        file.entries.push(ConfEntry {
            line: line_no,
            key: k.trim().to_string(),
            value: Some(v.to_string()),
        });
    }
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_files() {
        // Fedora's /usr/lib/firewalld/zones/public.xml and trusted.xml.
        let public = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<zone>\n  <short>Public</short>\n  <description>For use in public areas.</description>\n  <service name=\"ssh\"/>\n  <service name=\"dhcpv6-client\"/>\n  <forward/>\n</zone>\n";
        let z = parse_zone_xml("public", public).unwrap();
        assert_eq!(z.target, None);
        assert_eq!(z.services, vec!["ssh", "dhcpv6-client"]);
        let trusted = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<zone target=\"ACCEPT\">\n  <short>Trusted</short>\n  <interface name=\"eth0\"/>\n  <port port=\"8080\" protocol=\"tcp\"/>\n</zone>\n";
        let z = parse_zone_xml("trusted", trusted).unwrap();
        assert_eq!(z.target.as_deref(), Some("ACCEPT"));
        assert_eq!(z.interfaces, vec!["eth0"]);
        assert_eq!(z.ports, vec!["8080/tcp"]);
        assert!(parse_zone_xml("x", "<zone").is_err());
    }

    #[test]
    fn shell_vars_and_if_inet6() {
        let f = parse_shell_vars(
            "/etc/default/ufw",
            "# comment\nIPV6=yes\nDEFAULT_INPUT_POLICY=\"DROP\"\nX='a b'\nbad line\n",
        );
        let kv: Vec<(&str, Option<&str>)> = f
            .entries
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_deref()))
            .collect();
        assert_eq!(
            kv,
            vec![
                ("IPV6", Some("yes")),
                ("DEFAULT_INPUT_POLICY", Some("DROP")),
                ("X", Some("a b"))
            ]
        );
        assert_eq!(f.invalid[0].line, 5);
        let text = "00000000000000000000000000000001 01 80 10 80       lo\nfe800000000000000a0027fffe8e1b2c 02 40 20 80   enp0s3\n2a0104f8000000000000000000000002 02 40 00 80   enp0s3\n";
        assert_eq!(parse_if_inet6(text), vec!["enp0s3"]);
    }
}
