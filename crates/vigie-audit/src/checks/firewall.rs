//! 4.3.3.b — « Installer un pare-feu sur votre poste de travail et le
//! maintenir à jour. »
//!
//! Linux. A firewall counts when it actually refuses unrequested incoming
//! connections, not when a package is installed. What is judged:
//!
//! - **Live, as root**: the ruleset loaded in the kernel decides, whatever
//!   product wrote it (`nft -j list ruleset`, which also shows iptables-nft
//!   rules; `iptables-save` for legacy tables). For IPv4 (and IPv6 when an
//!   interface other than `lo` has an IPv6 address), a base chain on the
//!   `input` hook must stop what no rule accepted: policy `drop`, or a final
//!   unconditional `drop`/`reject`, reached without an unconditional
//!   `accept` before it (jumps and gotos are followed). A rule accepting
//!   everything from one network card (`iifname eth0 accept`, a firewalld
//!   zone with target ACCEPT bound to it) leaves that card open: a fail for
//!   real cards, not for `lo` and virtual interfaces (containers, VMs, VPN).
//!   A product configured but whose rules are not loaded fails.
//! - **Live, not root**: the kernel's ruleset cannot be read. firewalld is a
//!   daemon holding its ruleset: running (`firewall-cmd --state`, which works
//!   without root, or the service active) with a default zone that filters
//!   is a pass. For ufw, nftables and iptables the configuration may look
//!   right but only root can tell whether the rules are loaded: unknown,
//!   needs administrator rights. A service disabled at boot, or a
//!   configuration that lets everything in, fails either way.
//! - **Offline root**: judged on what starts at boot. An enabled service
//!   loading a filtering configuration passes: an offline disk has no
//!   running state, and the one it will have at boot is exactly this
//!   configuration (the same rule as every other file-based check). IPv6 is
//!   assumed on (it is on every distribution by default).
//!
//! Products read: ufw (`/etc/ufw/ufw.conf` ENABLED, `/etc/default/ufw`
//! DEFAULT_INPUT_POLICY and IPV6, rules added with `ufw allow` in
//! `user.rules`, and `ufw.service`, whose ufw-init loads the rules only when
//! ENABLED=yes); firewalld (`firewalld.service`, DefaultZone in
//! `firewalld.conf`, fallback "public", the zone file in `/etc/firewalld/zones`
//! overriding `/usr/lib/firewalld/zones`; target ACCEPT, as in the "trusted"
//! zone, filters nothing, "default", "%%REJECT%%" and "DROP" do);
//! nftables (`nftables.service` and the file its unit gives to `nft -f`,
//! includes followed, libnftables semantics for policies and verdicts);
//! iptables-persistent / iptables-services (their service and saved rules).
//! "Le maintenir à jour" is the system's updates (4.3.4): firewall code comes
//! with the kernel and the distribution's packages.

use super::{linux, try_finding, Check};
use crate::{Context, EvidenceItem, Finding, Status};
use vigie_evidence::linux::protection::firewall::{FirewallEvidence, Ufw};
use vigie_evidence::linux::protection::ruleset::{Chain, Rule, Ruleset, Verdict};
use vigie_evidence::linux::protection::ProtectionEvidence;
use vigie_evidence::{Collected, ConfEntry, ConfFile, LinuxEvidence, TargetKind};

pub const CHECK: Check = Check {
    id: "4.3.3.b",
    evaluate,
};

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    assess(ctx, linux).firewall
}

// ---------------------------------------------------------------------------
// Shared helpers for the protection checks (units, settings files)
// ---------------------------------------------------------------------------

/// Whether a unit starts at boot; `None` when units could not be read.
pub(crate) fn unit_enabled(p: &ProtectionEvidence, name: &str) -> Option<bool> {
    let list = p.units.value()?;
    Some(list.iter().any(|u| u.name == name && u.enabled()))
}

/// Live only: whether a unit runs now.
pub(crate) fn unit_active(p: &ProtectionEvidence, name: &str) -> Option<bool> {
    p.unit(name).and_then(|u| u.is_active())
}

/// Whether the unit file exists at all.
pub(crate) fn unit_installed(p: &ProtectionEvidence, name: &str) -> bool {
    p.unit(name).is_some_and(|u| u.file.is_some())
}

/// One unit's state as evidence.
pub(crate) fn unit_item(p: &ProtectionEvidence, name: &str) -> EvidenceItem {
    match &p.units {
        Collected::Ok { .. } => {
            let Some(u) = p.unit(name) else {
                return EvidenceItem::new("systemd", None, Some(name), "not read");
            };
            let mut value = if u.masked {
                "masked".to_string()
            } else if u.file.is_none() {
                "not installed".to_string()
            } else if u.enabled() {
                match u.wanted_by.first() {
                    Some(link) if u.unit_file_state.is_none() => format!("enabled ({link})"),
                    _ => "enabled".to_string(),
                }
            } else {
                "disabled".to_string()
            };
            if let Some(a) = &u.active {
                value.push_str(&format!("; running state: {a}"));
            }
            EvidenceItem::new(
                u.file.clone().unwrap_or_else(|| "systemd".into()),
                None,
                Some(name),
                value,
            )
        }
        other => collected_item(other, name),
    }
}

/// Evidence for a source that gave no value.
pub(crate) fn collected_item<T>(c: &Collected<T>, what: &str) -> EvidenceItem {
    match c {
        Collected::Ok { source, .. } => EvidenceItem::new(source.clone(), None, Some(what), "read"),
        Collected::Missing { source } => {
            EvidenceItem::new(source.clone(), None, Some(what), "absent / missing")
        }
        Collected::Unreadable { source, error } => EvidenceItem::new(
            source.clone(),
            None,
            Some(what),
            format!("illisible / unreadable: {error}"),
        ),
        Collected::NotCollected { reason } => EvidenceItem::new(
            "vigie",
            None,
            Some(what),
            format!("non collecté / not collected: {reason}"),
        ),
    }
}

/// The last entry for `key` (exact name) in a settings file.
pub(crate) fn last_entry<'a>(file: &'a ConfFile, key: &str) -> Option<&'a ConfEntry> {
    file.entries.iter().rev().find(|e| e.key == key)
}

/// The last value of `key` and its evidence.
pub(crate) fn setting(file: &Collected<ConfFile>, key: &str) -> Option<(String, EvidenceItem)> {
    let f = file.value()?;
    let e = last_entry(f, key)?;
    let v = e.value.clone().unwrap_or_default();
    Some((
        v.clone(),
        EvidenceItem::new(f.path.clone(), Some(e.line), Some(key), v),
    ))
}

/// Whether the evidence comes from the running system.
pub(crate) fn is_live(ctx: &Context) -> bool {
    ctx.evidence.target.kind == TargetKind::Live
}

// ---------------------------------------------------------------------------
// Ruleset analysis
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Accept,
    Stop,
    Fall,
    Unknown,
}

struct ChainRun<'a> {
    flow: Flow,
    /// Interfaces whose packets are all accepted.
    exempt: Vec<String>,
    /// The rule that decided (none: the end of the chain, its policy).
    by: Option<&'a Rule>,
}

const MAX_DEPTH: u32 = 16;

fn run_chain<'a>(rs: &'a Ruleset, chain: &'a Chain, depth: u32, logs: &mut bool) -> ChainRun<'a> {
    let mut exempt = Vec::new();
    if depth > MAX_DEPTH {
        return ChainRun {
            flow: Flow::Unknown,
            exempt,
            by: None,
        };
    }
    let target = |name: &str| rs.chain(&chain.family, &chain.table, name);
    // Some packets went back to the calling chain (a conditional `return`,
    // or a conditional `goto` to a chain they can leave): a later drop no
    // longer sees every packet, the caller decides for those.
    let mut partial = false;
    for rule in &chain.rules {
        if rule.log {
            *logs = true;
        }
        let Some(verdict) = &rule.verdict else {
            continue;
        };
        if rule.conditional {
            // Selected packets only: what matters is whether a whole card is
            // let in, and whether the chains it leads to log.
            let sub = match verdict {
                Verdict::Jump(t) | Verdict::Goto(t) => {
                    target(t).map(|c| run_chain(rs, c, depth + 1, logs).flow)
                }
                _ => None,
            };
            let accepts_all = *verdict == Verdict::Accept || sub == Some(Flow::Accept);
            if accepts_all {
                if let Some(i) = &rule.interface {
                    exempt.push(i.clone());
                }
            }
            match verdict {
                Verdict::Return => partial = true,
                Verdict::Goto(_) if !matches!(sub, Some(Flow::Stop) | Some(Flow::Accept)) => {
                    partial = true
                }
                _ => {}
            }
            continue;
        }
        let done = |flow| ChainRun {
            flow,
            exempt: Vec::new(),
            by: Some(rule),
        };
        match verdict {
            Verdict::Accept => return with_exempt(done(Flow::Accept), exempt),
            Verdict::Drop | Verdict::Reject if partial => {}
            Verdict::Drop | Verdict::Reject => return with_exempt(done(Flow::Stop), exempt),
            Verdict::Queue => return with_exempt(done(Flow::Unknown), exempt),
            Verdict::Return => return with_exempt(done(Flow::Fall), exempt),
            Verdict::Continue => {}
            Verdict::Jump(t) => {
                if let Some(c) = target(t) {
                    let sub = run_chain(rs, c, depth + 1, logs);
                    exempt.extend(sub.exempt);
                    if sub.flow != Flow::Fall {
                        return ChainRun {
                            flow: sub.flow,
                            exempt,
                            by: sub.by.or(Some(rule)),
                        };
                    }
                }
            }
            Verdict::Goto(t) => {
                if let Some(c) = target(t) {
                    let sub = run_chain(rs, c, depth + 1, logs);
                    exempt.extend(sub.exempt);
                    return ChainRun {
                        flow: sub.flow,
                        exempt,
                        by: sub.by.or(Some(rule)),
                    };
                }
            }
        }
    }
    ChainRun {
        flow: Flow::Fall,
        exempt,
        by: None,
    }
}

fn with_exempt(mut run: ChainRun<'_>, exempt: Vec<String>) -> ChainRun<'_> {
    run.exempt = exempt;
    run
}

/// Interfaces that are not network cards: loopback, containers, virtual
/// machines, VPN tunnels.
fn is_virtual(name: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "lo",
        "docker",
        "br-",
        "veth",
        "virbr",
        "vnet",
        "lxc",
        "lxdbr",
        "cni",
        "flannel",
        "cali",
        "podman",
        "tun",
        "tap",
        "wg",
        "tailscale",
        "zt",
    ];
    PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Whether incoming packets of one IP version are filtered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Coverage {
    /// Filtered, except these network cards whose packets are all accepted.
    Filtered {
        open: Vec<String>,
    },
    Open,
    Unknown,
}

impl Coverage {
    fn ok(&self) -> bool {
        matches!(self, Coverage::Filtered { open } if open.is_empty())
    }
}

/// What a ruleset does to incoming packets.
pub(crate) struct Analysis {
    pub v4: Coverage,
    pub v6: Coverage,
    /// A rule reachable from an input chain logs.
    pub logs: bool,
    pub evidence: Vec<EvidenceItem>,
}

/// Every base chain of `families` on the input hook sees each packet in
/// turn: `accept` ends one chain only, a drop is final. Incoming packets are
/// filtered when one of them stops what it did not accept.
fn coverage(
    rs: &Ruleset,
    source: &str,
    families: &[&str],
    logs: &mut bool,
    ev: &mut Vec<EvidenceItem>,
) -> Coverage {
    let mut stops: Vec<Vec<String>> = Vec::new();
    let mut unknown = false;
    for chain in rs
        .input_chains()
        .filter(|c| families.contains(&c.family.as_str()))
    {
        let run = run_chain(rs, chain, 0, logs);
        let flow = match run.flow {
            Flow::Fall => match chain.policy.as_deref() {
                Some("drop") => Flow::Stop,
                None | Some("accept") => Flow::Accept,
                Some(_) => Flow::Unknown,
            },
            f => f,
        };
        let what = match flow {
            Flow::Stop => "filtre / filters",
            Flow::Accept => "accepte tout / accepts everything",
            _ => "indéterminé / undetermined",
        };
        let decided = match run.by {
            Some(r) => format!("« {} »", r.text),
            None => format!("policy {}", chain.policy.as_deref().unwrap_or("accept")),
        };
        let (file, line) = match chain.origin.as_ref() {
            Some(o) => (o.file.clone(), Some(o.line)),
            None => (source.to_string(), None),
        };
        let key = format!("chain {} {} {}", chain.family, chain.table, chain.name);
        let already = ev.iter().any(|e| e.key.as_deref() == Some(key.as_str()));
        if !already {
            ev.push(EvidenceItem::new(
                file,
                line,
                Some(&key),
                format!("hook input: {what} ({decided})"),
            ));
            if let Some(r) = run.by {
                if let Some(o) = &r.origin {
                    ev.push(EvidenceItem::new(
                        o.file.clone(),
                        Some(o.line),
                        None,
                        r.text.clone(),
                    ));
                }
            }
        }
        match flow {
            Flow::Stop => stops.push(run.exempt),
            Flow::Unknown => unknown = true,
            _ => {}
        }
    }
    if let Some(first) = stops.first() {
        // A card is open only if every filtering chain lets it through.
        let mut open: Vec<String> = first
            .iter()
            .filter(|i| !is_virtual(i))
            .filter(|i| stops.iter().all(|s| s.contains(i)))
            .cloned()
            .collect();
        open.sort();
        open.dedup();
        return Coverage::Filtered { open };
    }
    if unknown {
        Coverage::Unknown
    } else {
        Coverage::Open
    }
}

pub(crate) fn analyse(rs: &Ruleset, source: &str) -> Analysis {
    let mut logs = false;
    let mut evidence = Vec::new();
    let v4 = coverage(rs, source, &["ip", "inet"], &mut logs, &mut evidence);
    let v6 = coverage(rs, source, &["ip6", "inet"], &mut logs, &mut evidence);
    for p in &rs.problems {
        evidence.push(EvidenceItem::new(source, None, Some("problem"), p.clone()));
    }
    if evidence.is_empty() {
        evidence.push(EvidenceItem::new(
            source,
            None,
            Some("input"),
            "aucune chaîne sur le point d'entrée « input » / no chain on the input hook",
        ));
    }
    Analysis {
        v4,
        v6,
        logs,
        evidence,
    }
}

// ---------------------------------------------------------------------------
// Products as configured
// ---------------------------------------------------------------------------

/// One firewall product, as its files say it will run.
struct View {
    name: &'static str,
    /// Loads its rules at boot; `None` when services could not be read.
    enabled: Option<bool>,
    /// Live: running now.
    active: Option<bool>,
    /// Its configuration filters incoming IPv4; `Err` says why unknown.
    filters: Result<bool, String>,
    /// It filters IPv6 too.
    v6: bool,
    /// Network cards it lets in entirely.
    open: Vec<String>,
    /// It logs refused packets; `None` when unknown.
    logging: Option<bool>,
    /// How to switch its logging on (French, English).
    log_fix: (&'static str, &'static str),
    /// A daemon whose running state shows its rules are in force.
    daemon: bool,
    evidence: Vec<EvidenceItem>,
    needs_privileges: bool,
}

impl View {
    fn config_ok(&self, ipv6_needed: bool) -> bool {
        self.enabled == Some(true)
            && self.filters == Ok(true)
            && self.open.is_empty()
            && (self.v6 || !ipv6_needed)
    }
    /// Could pass, were the unknown parts known.
    fn undecided(&self, ipv6_needed: bool) -> bool {
        self.enabled != Some(false)
            && self.filters != Ok(false)
            && self.open.is_empty()
            && (self.v6 || !ipv6_needed)
            && (self.enabled.is_none() || self.filters.is_err())
    }
    /// Why it does not protect, French and English.
    fn problem(&self, ipv6_needed: bool) -> (String, String) {
        let n = self.name;
        if self.enabled == Some(false) {
            return (
                format!("{n} n'est pas activé au démarrage"),
                format!("{n} is not enabled at boot"),
            );
        }
        if self.filters == Ok(false) {
            return (
                format!("{n} laisse entrer toutes les connexions (rien n'est refusé par défaut)"),
                format!("{n} lets every connection in (nothing is refused by default)"),
            );
        }
        if !self.open.is_empty() {
            let l = self.open.join(", ");
            return (
                format!("{n} laisse entrer tout ce qui arrive par la carte réseau {l}"),
                format!("{n} lets in everything arriving on network card {l}"),
            );
        }
        if !self.v6 && ipv6_needed {
            return (
                format!("{n} ne filtre pas IPv6"),
                format!("{n} does not filter IPv6"),
            );
        }
        if let Err(e) = &self.filters {
            return (format!("{n} : {e}"), format!("{n}: {e}"));
        }
        if self.enabled.is_none() {
            return (
                format!("{n} : état des services non lu"),
                format!("{n}: service states not read"),
            );
        }
        (format!("{n} est configuré"), format!("{n} is configured"))
    }
}

fn ufw_view(p: &ProtectionEvidence, u: &Ufw) -> View {
    let mut ev = Vec::new();
    let flag = setting(&u.conf, "ENABLED");
    let policy = setting(&u.defaults, "DEFAULT_INPUT_POLICY");
    let ipv6 = setting(&u.defaults, "IPV6");
    let level = setting(&u.conf, "LOGLEVEL");
    for (s, c, what) in [
        (&flag, &u.conf, "ENABLED"),
        (&policy, &u.defaults, "DEFAULT_INPUT_POLICY"),
        (&ipv6, &u.defaults, "IPV6"),
        (&level, &u.conf, "LOGLEVEL"),
    ] {
        match s {
            Some((_, item)) => ev.push(item.clone()),
            None => ev.push(match c.value() {
                Some(f) => EvidenceItem::new(f.path.clone(), None, Some(what), "absent"),
                None => collected_item(c, what),
            }),
        }
    }
    ev.push(unit_item(p, "ufw.service"));
    // ufw-init loads the rules at boot only when ENABLED=yes.
    let enabled = match (&u.conf, unit_enabled(p, "ufw.service")) {
        (Collected::Ok { .. }, Some(unit)) => {
            Some(unit && flag.as_ref().is_some_and(|(v, _)| v == "yes"))
        }
        (Collected::Ok { .. }, None) if flag.as_ref().is_some_and(|(v, _)| v != "yes") => {
            Some(false)
        }
        _ => None,
    };
    let mut needs_privileges = u.conf.permission_denied();
    let mut open = Vec::new();
    let mut filters = match policy.as_ref().map(|(v, _)| v.as_str()) {
        Some("DROP") | Some("REJECT") => Ok(true),
        Some(_) => Ok(false),
        None => Err("politique entrante par défaut non lue (DEFAULT_INPUT_POLICY)".to_string()),
    };
    // Rules added with `ufw allow`: one letting everything in (or all of a
    // card) defeats the default policy.
    for rules in [&u.user_rules, &u.user6_rules] {
        match rules {
            Collected::Ok { value, .. } => {
                if let Some(c) = value.chains.iter().find(|c| c.name == "ufw-user-input") {
                    for r in &c.rules {
                        if r.verdict == Some(Verdict::Accept) {
                            if !r.conditional {
                                filters = Ok(false);
                                ev.push(rule_item(r));
                            } else if let Some(i) = &r.interface {
                                if !is_virtual(i) && !open.contains(i) {
                                    open.push(i.clone());
                                    ev.push(rule_item(r));
                                }
                            }
                        }
                    }
                }
            }
            Collected::Missing { .. } => {}
            other => {
                ev.push(collected_item(other, "ufw user rules"));
                if filters == Ok(true) {
                    filters = Err("règles ajoutées (user.rules) illisibles".into());
                    needs_privileges |= other.permission_denied();
                }
            }
        }
    }
    let logging = match level.as_ref().map(|(v, _)| v.as_str()) {
        Some("off") => Some(false),
        Some("low" | "medium" | "high" | "full") => Some(true),
        _ => None,
    };
    View {
        name: "ufw",
        enabled,
        active: unit_active(p, "ufw.service"),
        filters,
        v6: ipv6.as_ref().map(|(v, _)| v.as_str()) != Some("no"),
        open,
        logging,
        log_fix: ("sudo ufw logging on", "sudo ufw logging on"),
        daemon: false,
        evidence: ev,
        needs_privileges,
    }
}

fn rule_item(r: &Rule) -> EvidenceItem {
    match &r.origin {
        Some(o) => EvidenceItem::new(o.file.clone(), Some(o.line), None, r.text.clone()),
        None => EvidenceItem::new("ruleset", None, None, r.text.clone()),
    }
}

fn firewalld_view(p: &ProtectionEvidence, fw: &FirewallEvidence) -> Option<View> {
    let f = fw.firewalld.as_ref()?;
    let mut ev = vec![unit_item(p, "firewalld.service")];
    match setting(&f.conf, "DefaultZone") {
        Some((_, item)) => ev.push(item),
        None => ev.push(EvidenceItem::new(
            "/etc/firewalld/firewalld.conf",
            None,
            Some("DefaultZone"),
            format!("{} (défaut / default)", f.default_zone),
        )),
    }
    let log = setting(&f.conf, "LogDenied");
    match &log {
        Some((_, item)) => ev.push(item.clone()),
        None => ev.push(EvidenceItem::new(
            "/etc/firewalld/firewalld.conf",
            None,
            Some("LogDenied"),
            "off (défaut / default)",
        )),
    }
    let mut filters: Result<bool, String> =
        Err(format!("zone par défaut « {} » non lue", f.default_zone));
    let mut open = Vec::new();
    for z in &f.zones {
        match z {
            Collected::Ok { source, value } => {
                let target = value.target.as_deref().unwrap_or("default");
                let is_default = value.name == f.default_zone;
                if is_default || !value.interfaces.is_empty() {
                    ev.push(EvidenceItem::new(
                        source.clone(),
                        None,
                        Some(&format!("zone {}", value.name)),
                        format!(
                            "target {target}; services: {}; ports: {}; interfaces: {}",
                            value.services.join(" "),
                            value.ports.join(" "),
                            value.interfaces.join(" ")
                        ),
                    ));
                }
                if is_default {
                    filters = Ok(target != "ACCEPT");
                }
                if target == "ACCEPT" {
                    open.extend(value.interfaces.iter().filter(|i| !is_virtual(i)).cloned());
                }
            }
            other => {
                ev.push(collected_item(other, "zone"));
                if other
                    .source()
                    .is_some_and(|s| s.ends_with(&format!("/{}.xml", f.default_zone)))
                {
                    needs_privileges_if(&mut filters, other);
                }
            }
        }
    }
    if let Some(Collected::Ok { value, source }) = &fw.firewalld_state {
        ev.push(EvidenceItem::new(
            source.clone(),
            None,
            Some("state"),
            value.clone(),
        ));
    } else if let Some(s) = &fw.firewalld_state {
        ev.push(collected_item(s, "state"));
    }
    let active = match &fw.firewalld_state {
        Some(Collected::Ok { value, .. }) => Some(value == "running"),
        _ => unit_active(p, "firewalld.service"),
    };
    let logging = Some(!matches!(
        log.as_ref().map(|(v, _)| v.as_str()),
        None | Some("off")
    ));
    Some(View {
        name: "firewalld",
        enabled: unit_enabled(p, "firewalld.service"),
        active,
        filters,
        v6: true,
        open,
        logging,
        log_fix: (
            "sudo firewall-cmd --set-log-denied=all (LogDenied=all dans /etc/firewalld/firewalld.conf)",
            "sudo firewall-cmd --set-log-denied=all (LogDenied=all in /etc/firewalld/firewalld.conf)",
        ),
        daemon: true,
        evidence: ev,
        needs_privileges: f.conf.permission_denied(),
    })
}

fn needs_privileges_if<T>(filters: &mut Result<bool, String>, c: &Collected<T>) {
    if c.permission_denied() {
        *filters = Err("fichier de zone illisible sans droits d'administrateur".into());
    }
}

/// A view built from a ruleset file loaded by a service.
fn ruleset_view(
    p: &ProtectionEvidence,
    name: &'static str,
    units: &[&str],
    v4: &Collected<Ruleset>,
    v6: Option<&Collected<Ruleset>>,
) -> View {
    let mut ev: Vec<EvidenceItem> = units.iter().map(|u| unit_item(p, u)).collect();
    let mut needs_privileges = false;
    let mut logs = false;
    let mut open = Vec::new();
    let mut cov6 = Coverage::Open;
    let filters = match v4 {
        Collected::Ok { source, value } => {
            let a = analyse(value, source);
            ev.extend(a.evidence);
            logs |= a.logs;
            cov6 = a.v6.clone();
            match a.v4 {
                Coverage::Filtered { open: o } => {
                    open = o;
                    Ok(true)
                }
                Coverage::Open => Ok(false),
                Coverage::Unknown => Err("règles indéterminées (variable, file d'attente)".into()),
            }
        }
        Collected::Missing { source } => {
            ev.push(EvidenceItem::new(
                source.clone(),
                None,
                None,
                "absent / missing",
            ));
            Ok(false)
        }
        other => {
            ev.push(collected_item(other, "rules"));
            needs_privileges = other.permission_denied();
            Err("fichier de règles illisible".into())
        }
    };
    if let Some(Collected::Ok { source, value }) = v6 {
        let a = analyse(value, source);
        ev.extend(a.evidence);
        logs |= a.logs;
        if !cov6.ok() {
            cov6 = a.v6;
        }
    }
    let enabled = units.first().map(|u| unit_enabled(p, u)).unwrap_or(None);
    let v6_enabled = units
        .get(1)
        .map(|u| unit_enabled(p, u) == Some(true))
        .unwrap_or(true);
    View {
        name,
        enabled,
        active: units.first().and_then(|u| unit_active(p, u)),
        filters,
        v6: cov6.ok() && v6_enabled,
        open,
        logging: Some(logs),
        log_fix: (
            "ajoutez une règle « log » avant le refus final (nftables : log prefix \"refus: \" ; iptables : -j LOG)",
            "add a \"log\" rule before the final refusal (nftables: log prefix \"refused: \"; iptables: -j LOG)",
        ),
        daemon: false,
        evidence: ev,
        needs_privileges,
    }
}

fn views(p: &ProtectionEvidence) -> Vec<View> {
    let fw = &p.firewall;
    let mut out = Vec::new();
    if let Some(u) = &fw.ufw {
        out.push(ufw_view(p, u));
    }
    if let Some(v) = firewalld_view(p, fw) {
        out.push(v);
    }
    if let Some(n) = &fw.nftables {
        out.push(ruleset_view(
            p,
            "nftables",
            &["nftables.service"],
            &n.ruleset,
            None,
        ));
    }
    if let Some(i) = &fw.iptables {
        let mut units = vec![i.service.as_str()];
        if let Some(s) = &i.service_v6 {
            units.push(s.as_str());
        }
        let name = if i.service == "netfilter-persistent.service" {
            "iptables-persistent"
        } else {
            "iptables"
        };
        out.push(ruleset_view(p, name, &units, &i.v4, Some(&i.v6)));
    }
    out
}

// ---------------------------------------------------------------------------
// Verdicts
// ---------------------------------------------------------------------------

/// The firewall verdict (4.3.3.b) and the firewall half of 6.1.2.b.
pub(crate) struct Assessment {
    pub firewall: Finding,
    pub logging: Finding,
}

/// Whether an interface other than `lo` uses IPv6 (live), or may (offline:
/// IPv6 is on by default everywhere).
fn ipv6_needed(fw: &FirewallEvidence) -> bool {
    match &fw.ipv6_interfaces {
        Collected::Ok { value, .. } => !value.is_empty(),
        // No /proc/net/if_inet6 on a live system: IPv6 is disabled.
        Collected::Missing { .. } => false,
        _ => true,
    }
}

fn ipv6_item(fw: &FirewallEvidence) -> Option<EvidenceItem> {
    match &fw.ipv6_interfaces {
        Collected::Ok { source, value } => Some(EvidenceItem::new(
            source.clone(),
            None,
            Some("IPv6"),
            if value.is_empty() {
                "lo seulement / lo only".to_string()
            } else {
                value.join(", ")
            },
        )),
        Collected::Missing { source } => Some(EvidenceItem::new(
            source.clone(),
            None,
            Some("IPv6"),
            "désactivé / disabled",
        )),
        _ => None,
    }
}

pub(crate) fn assess(ctx: &Context, linux: &LinuxEvidence) -> Assessment {
    let p = &linux.protection;
    let fw = &p.firewall;
    let v6_needed = ipv6_needed(fw);
    let views = views(p);
    let mut product_ev: Vec<EvidenceItem> = views.iter().flat_map(|v| v.evidence.clone()).collect();
    product_ev.extend(ipv6_item(fw));

    if let Collected::Ok { source, value } = &fw.kernel {
        return kernel_verdict(source, value, &views, product_ev, v6_needed);
    }
    if views.is_empty() {
        let mut ev = vec![
            EvidenceItem::new("/etc/ufw/ufw.conf", None, Some("ufw"), "absent"),
            EvidenceItem::new("/etc/firewalld", None, Some("firewalld"), "absent"),
            EvidenceItem::new("/usr/sbin/nft", None, Some("nftables"), "absent"),
            EvidenceItem::new("/etc/iptables/rules.v4", None, Some("iptables"), "absent"),
        ];
        if !matches!(fw.kernel, Collected::NotCollected { .. }) {
            ev.push(collected_item(&fw.kernel, "kernel ruleset"));
        }
        let firewall = Finding::fail(
            "Aucun pare-feu trouvé (ni ufw, ni firewalld, ni nftables, ni iptables configuré).",
            "No firewall found (neither ufw, firewalld, nftables nor a saved iptables configuration).",
        )
        .with(ev.clone());
        let logging = Finding::fail(
            "pas de pare-feu, donc aucun journal des connexions refusées",
            "no firewall, so no log of refused connections",
        )
        .with(ev);
        return Assessment { firewall, logging };
    }
    let live = is_live(ctx);
    let kernel_denied = fw.kernel.permission_denied();
    if !matches!(fw.kernel, Collected::NotCollected { .. }) {
        product_ev.push(collected_item(&fw.kernel, "kernel ruleset"));
    }
    config_verdict(&views, product_ev, v6_needed, live, kernel_denied)
}

fn kernel_verdict(
    source: &str,
    rs: &Ruleset,
    views: &[View],
    product_ev: Vec<EvidenceItem>,
    v6_needed: bool,
) -> Assessment {
    let a = analyse(rs, source);
    let mut ev = a.evidence.clone();
    ev.extend(product_ev);
    let configured: Vec<&str> = views
        .iter()
        .filter(|v| v.config_ok(v6_needed))
        .map(|v| v.name)
        .collect();
    let loaded_fr = if configured.is_empty() {
        String::new()
    } else {
        format!(
            " {} est configuré pour filtrer, mais ses règles ne sont pas chargées (service arrêté ou règles effacées).",
            configured.join(", ")
        )
    };
    let loaded_en = if configured.is_empty() {
        String::new()
    } else {
        format!(
            " {} is configured to filter, but its rules are not loaded (service stopped or rules flushed).",
            configured.join(", ")
        )
    };
    let firewall = match (&a.v4, &a.v6) {
        (Coverage::Filtered { open }, _) if !open.is_empty() => Finding::fail(
            format!("Le pare-feu en marche laisse entrer tout ce qui arrive par la carte réseau {} : elle n'est pas protégée.", open.join(", ")),
            format!("The running firewall lets in everything arriving on network card {}: it is not protected.", open.join(", ")),
        ),
        (Coverage::Filtered { .. }, v6) if v6.ok() || !v6_needed => Finding::pass(
            "Le pare-feu en marche refuse les connexions entrantes non autorisées (règles chargées dans le noyau).",
            "The running firewall refuses unauthorised incoming connections (rules loaded in the kernel).",
        ),
        (Coverage::Filtered { .. }, Coverage::Unknown) => Finding::unknown(
            "IPv4 est filtré, mais le filtrage IPv6 n'a pas pu être établi.",
            "IPv4 is filtered, but IPv6 filtering could not be established.",
        ),
        (Coverage::Filtered { .. }, _) => Finding::fail(
            "Le pare-feu en marche filtre IPv4 mais laisse entrer toutes les connexions IPv6, alors qu'IPv6 est actif sur ce poste.",
            "The running firewall filters IPv4 but lets every IPv6 connection in, while IPv6 is active on this computer.",
        ),
        (Coverage::Unknown, _) => Finding::unknown(
            "Les règles chargées dans le noyau n'ont pas pu être interprétées avec certitude.",
            "The rules loaded in the kernel could not be interpreted with certainty.",
        ),
        (Coverage::Open, _) => Finding::fail(
            format!("Aucun pare-feu actif : les règles chargées dans le noyau acceptent toutes les connexions entrantes.{loaded_fr}"),
            format!("No active firewall: the rules loaded in the kernel accept every incoming connection.{loaded_en}"),
        ),
    }
    .with(ev.clone());
    let logging = if firewall.status == Status::Pass {
        if a.logs {
            Finding::pass(
                "le pare-feu journalise les connexions refusées (règles « log » chargées)",
                "the firewall logs refused connections (\"log\" rules loaded)",
            )
        } else {
            let (fr, en) = log_fixes(views);
            Finding::fail(
                format!("le pare-feu ne journalise pas les connexions refusées (aucune règle « log » chargée) ; {fr}"),
                format!("the firewall does not log refused connections (no \"log\" rule loaded); {en}"),
            )
        }
    } else {
        no_firewall_logging(firewall.status)
    }
    .with(ev);
    Assessment { firewall, logging }
}

/// Logging when no firewall is known to protect: unknown with an unknown
/// firewall, else failed (nothing filters, so nothing logs refusals).
fn no_firewall_logging(firewall: Status) -> Finding {
    if firewall == Status::Unknown {
        Finding::unknown(
            "pare-feu indéterminé, sa journalisation aussi",
            "firewall undetermined, so is its logging",
        )
    } else {
        Finding::fail(
            "pas de pare-feu actif, donc aucun journal des connexions refusées",
            "no active firewall, so no log of refused connections",
        )
    }
}

fn log_fixes(views: &[View]) -> (String, String) {
    let mut fr: Vec<&str> = views.iter().map(|v| v.log_fix.0).collect();
    let mut en: Vec<&str> = views.iter().map(|v| v.log_fix.1).collect();
    fr.dedup();
    en.dedup();
    if fr.is_empty() {
        return (
            "activez la journalisation des refus".into(),
            "turn on logging of refusals".into(),
        );
    }
    (
        format!("à faire : {}", fr.join(" ; ")),
        format!("to do: {}", en.join("; ")),
    )
}

fn config_verdict(
    views: &[View],
    ev: Vec<EvidenceItem>,
    v6_needed: bool,
    live: bool,
    kernel_denied: bool,
) -> Assessment {
    let problems = |vs: &[&View]| -> (String, String) {
        let (fr, en): (Vec<String>, Vec<String>) = vs.iter().map(|v| v.problem(v6_needed)).unzip();
        (fr.join(" ; "), en.join("; "))
    };
    let ok: Vec<&View> = views.iter().filter(|v| v.config_ok(v6_needed)).collect();
    let all: Vec<&View> = views.iter().collect();
    let needs = views.iter().any(|v| v.needs_privileges);
    let mut firewall;
    let mut protecting: Vec<&View> = Vec::new();
    if !live {
        if !ok.is_empty() {
            protecting = ok.clone();
            let names: Vec<&str> = ok.iter().map(|v| v.name).collect();
            firewall = Finding::pass(
                format!("{} est activé au démarrage et sa configuration refuse les connexions entrantes non autorisées (racine hors ligne : configuration appliquée au démarrage).", names.join(", ")),
                format!("{} is enabled at boot and its configuration refuses unauthorised incoming connections (offline root: the configuration applied at boot).", names.join(", ")),
            );
        } else if views.iter().any(|v| v.undecided(v6_needed)) {
            let (fr, en) = problems(&all);
            firewall = Finding::unknown(
                format!("Pare-feu indéterminé : {fr}."),
                format!("Firewall undetermined: {en}."),
            );
            if needs {
                firewall = firewall.needs_privileges();
            }
        } else {
            let (fr, en) = problems(&all);
            firewall = Finding::fail(
                format!("Aucun pare-feu ne filtre les connexions entrantes : {fr}."),
                format!("No firewall filters incoming connections: {en}."),
            );
        }
    } else {
        // Live without the kernel's ruleset.
        let running_daemon: Vec<&View> = ok
            .iter()
            .copied()
            .filter(|v| v.daemon && v.active == Some(true))
            .collect();
        let stopped: Vec<&View> = ok
            .iter()
            .copied()
            .filter(|v| v.active == Some(false))
            .collect();
        let maybe: Vec<&View> = ok
            .iter()
            .copied()
            .filter(|v| !v.daemon && v.active != Some(false))
            .collect();
        if !running_daemon.is_empty() {
            protecting = running_daemon.clone();
            let names: Vec<&str> = running_daemon.iter().map(|v| v.name).collect();
            firewall = Finding::pass(
                format!("{} est en marche et sa zone par défaut refuse les connexions entrantes non autorisées.", names.join(", ")),
                format!("{} is running and its default zone refuses unauthorised incoming connections.", names.join(", ")),
            );
        } else if !maybe.is_empty() {
            protecting = maybe.clone();
            let names: Vec<&str> = maybe.iter().map(|v| v.name).collect();
            firewall = Finding::unknown(
                format!("{} est activé et bien configuré, mais seul un administrateur peut vérifier que ses règles sont chargées dans le noyau : relancez l'audit avec sudo.", names.join(", ")),
                format!("{} is enabled and well configured, but only an administrator can check its rules are loaded in the kernel: run the audit again with sudo.", names.join(", ")),
            );
            if kernel_denied {
                firewall = firewall.needs_privileges();
            }
        } else if !stopped.is_empty() {
            let names: Vec<&str> = stopped.iter().map(|v| v.name).collect();
            firewall = Finding::fail(
                format!(
                    "{} est configuré mais n'est pas en marche : aucune règle n'est appliquée.",
                    names.join(", ")
                ),
                format!(
                    "{} is configured but not running: no rule is applied.",
                    names.join(", ")
                ),
            );
        } else if views.iter().any(|v| v.undecided(v6_needed)) {
            let (fr, en) = problems(&all);
            firewall = Finding::unknown(
                format!("Pare-feu indéterminé : {fr}."),
                format!("Firewall undetermined: {en}."),
            );
            if needs || kernel_denied {
                firewall = firewall.needs_privileges();
            }
        } else {
            let (fr, en) = problems(&all);
            firewall = Finding::fail(
                format!("Aucun pare-feu ne filtre les connexions entrantes : {fr}."),
                format!("No firewall filters incoming connections: {en}."),
            );
        }
    }
    firewall = firewall.with(ev.clone());
    // Logging: judged on the products that protect (or may).
    let logging = if protecting.is_empty() {
        no_firewall_logging(firewall.status)
    } else if let Some(v) = protecting.iter().find(|v| v.logging == Some(true)) {
        Finding::pass(
            format!("{} journalise les connexions refusées", v.name),
            format!("{} logs refused connections", v.name),
        )
    } else if protecting.iter().all(|v| v.logging == Some(false)) {
        let fr: Vec<String> = protecting
            .iter()
            .map(|v| {
                format!(
                    "{} ne journalise pas les connexions refusées ({})",
                    v.name, v.log_fix.0
                )
            })
            .collect();
        let en: Vec<String> = protecting
            .iter()
            .map(|v| {
                format!(
                    "{} does not log refused connections ({})",
                    v.name, v.log_fix.1
                )
            })
            .collect();
        Finding::fail(fr.join(" ; "), en.join("; "))
    } else {
        let names: Vec<&str> = protecting.iter().map(|v| v.name).collect();
        Finding::unknown(
            format!(
                "journalisation de {} non établie (réglage absent)",
                names.join(", ")
            ),
            format!(
                "logging of {} not established (setting absent)",
                names.join(", ")
            ),
        )
    }
    .with(ev);
    Assessment { firewall, logging }
}
