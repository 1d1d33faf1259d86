//! Saved Wi-Fi networks and the protection each one accepts (4.1.2.b), from
//! every place Linux keeps them: NetworkManager keyfiles, legacy ifcfg files
//! (RHEL), wpa_supplicant configuration, netplan. Keys and passwords are
//! read past, never kept: a network records only its name, the settings
//! that decide its protection (as written) and their meaning.
//!
//! Live, for the networks whose profile leaves the WPA version open, what
//! NetworkManager last heard the access point announce (its cached scan
//! list, `--rescan no`: no new scan, no packet sent).

use super::{list_dir, neigh::failure};
use crate::model::Collected;
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// NetworkManager keyfile directories, highest precedence first: a profile
/// in `/run` shadows the same UUID in `/etc`, which shadows `/usr/lib`
/// (nm-settings-keyfile(5)).
pub const NM_DIRS: &[&str] = &[
    "/run/NetworkManager/system-connections",
    "/etc/NetworkManager/system-connections",
    "/usr/lib/NetworkManager/system-connections",
];
pub const IFCFG_DIR: &str = "/etc/sysconfig/network-scripts";
/// netplan directories, highest precedence first: a file of the same name
/// in `/run` shadows `/etc`, which shadows `/lib` (netplan(5)).
pub const NETPLAN_DIRS: &[&str] = &["/run/netplan", "/etc/netplan", "/lib/netplan"];
pub const WPA_SUPPLICANT_DIR: &str = "/etc/wpa_supplicant";
pub const WPA_SUPPLICANT_ROOT_CONF: &str = "/etc/wpa_supplicant.conf";

/// Saved Wi-Fi networks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WifiEvidence {
    /// Every file that may hold Wi-Fi networks, read or why not (these files
    /// hold keys, so they are usually readable by root only).
    pub files: Vec<Collected<WifiFile>>,
    /// Live, only for networks whose profile accepts WPA1 as well as WPA2:
    /// what their access points announce, from NetworkManager's cached scan
    /// list. Only access points named like a saved network are kept.
    pub access_points: Collected<Vec<AccessPoint>>,
}

impl WifiEvidence {
    /// Every network read, with the file it comes from.
    pub fn networks(&self) -> impl Iterator<Item = (&WifiFile, &SavedWifi)> {
        self.files
            .iter()
            .filter_map(|f| f.value())
            .flat_map(|f| f.networks.iter().map(move |n| (f, n)))
    }
}

/// One settings file and the Wi-Fi networks it defines (none for an
/// Ethernet profile, for instance).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WifiFile {
    pub path: String,
    pub format: WifiFormat,
    pub networks: Vec<SavedWifi>,
    /// Why the file was set aside (a NetworkManager profile shadowed by one
    /// of the same UUID in a directory that takes precedence...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignored: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WifiFormat {
    NetworkManager,
    Ifcfg,
    WpaSupplicant,
    Netplan,
}

/// One saved Wi-Fi network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SavedWifi {
    /// The profile's name (NetworkManager `id`, ifcfg `NAME`), else the SSID.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssid: Option<String>,
    /// Where it starts (section, block or key) in its file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// "infrastructure" (a client, the default), "ap" (this computer is the
    /// access point), "adhoc"...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// The key management setting as written (`key-mgmt`, `key_mgmt`,
    /// `KEY_MGMT`, `key-management`); `None` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_mgmt: Option<String>,
    /// Line of the key management setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_mgmt_line: Option<u32>,
    /// The allowed WPA versions as written (`proto`, `WPA_ALLOW_*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proto: Option<String>,
    /// The weakest protection the profile accepts, per the format's rules
    /// and defaults.
    pub security: WifiSecurity,
    /// WPA-Enterprise (802.1X/EAP).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub enterprise: bool,
    /// Disabled in its file (wpa_supplicant `disabled=1`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
}

/// The weakest protection a saved network accepts, weakest first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum WifiSecurity {
    /// No encryption, no key.
    Open,
    /// WEP (static keys): broken since 2001.
    Wep,
    /// 802.1X with dynamic WEP keys.
    DynamicWep,
    /// Enhanced Open (OWE): encrypted, but anyone may join.
    Owe,
    /// WPA (version 1, TKIP) only.
    Wpa1,
    /// A key management the parser does not know.
    Unrecognised,
    /// WPA1 or WPA2, whichever the access point offers (the profile does not
    /// restrict the version: NetworkManager and wpa_supplicant allow both by
    /// default).
    WpaMixed,
    /// WPA2 (RSN) only.
    Wpa2,
    /// WPA3 only (SAE, Suite B).
    Wpa3,
}

/// An access point as NetworkManager last saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessPoint {
    pub ssid: String,
    /// nmcli's SECURITY column: words among "WEP", "WPA1", "WPA2", "WPA3",
    /// "OWE", "802.1X"; empty for an open network.
    pub security: String,
}

/// Reads every source.
pub fn collect(sys: &Sys) -> WifiEvidence {
    let mut files = Vec::new();
    files.extend(network_manager(sys));
    files.extend(ifcfg(sys));
    files.extend(wpa_supplicant(sys));
    files.extend(netplan(sys));
    let access_points = access_points(sys, &files);
    WifiEvidence {
        files,
        access_points,
    }
}

// ---------------------------------------------------------------------------
// Classification
// ---------------------------------------------------------------------------

/// The WPA version from the allowed protocols: both, or none listed (the
/// default), let the access point choose.
fn by_proto(wpa1: bool, rsn: bool) -> WifiSecurity {
    match (wpa1, rsn) {
        (true, false) => WifiSecurity::Wpa1,
        (false, true) => WifiSecurity::Wpa2,
        _ => WifiSecurity::WpaMixed,
    }
}

/// wpa_supplicant's `key_mgmt` words (wpa_supplicant.conf(5) and the
/// annotated example file). `proto` defaults to "WPA RSN"; SHA-256, FT and
/// FILS variants exist only with RSN.
fn supplicant_key_mgmt(word: &str, wpa1: bool, rsn: bool, wep_key: bool) -> (WifiSecurity, bool) {
    let w = word.to_ascii_uppercase();
    let enterprise = w.contains("EAP") || w == "IEEE8021X" || w.starts_with("FILS");
    let s = match w.as_str() {
        "NONE" if wep_key => WifiSecurity::Wep,
        "NONE" => WifiSecurity::Open,
        "IEEE8021X" => WifiSecurity::DynamicWep,
        "OWE" => WifiSecurity::Owe,
        "WPA-PSK" | "WPA-EAP" => by_proto(wpa1, rsn),
        "SAE"
        | "FT-SAE"
        | "SAE-EXT-KEY"
        | "FT-SAE-EXT-KEY"
        | "WPA-EAP-SUITE-B"
        | "WPA-EAP-SUITE-B-192"
        | "DPP" => WifiSecurity::Wpa3,
        w if w.starts_with("FT-") || w.ends_with("-SHA256") || w.starts_with("FILS-") => {
            WifiSecurity::Wpa2
        }
        _ => WifiSecurity::Unrecognised,
    };
    (s, enterprise)
}

// ---------------------------------------------------------------------------
// NetworkManager keyfiles
// ---------------------------------------------------------------------------

/// Backup and editor files NetworkManager's keyfile plugin skips
/// (`nm_keyfile_utils_ignore_filename`): hidden files, `~`, and package
/// manager or editor suffixes; `.nmmeta` files are metadata, not profiles.
fn nm_ignored(name: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "~",
        ".swp",
        ".swpx",
        ".bak",
        ".tmp",
        ".orig",
        ".rej",
        ".rpmnew",
        ".rpmsave",
        ".rpmorig",
        ".dpkg-old",
        ".dpkg-new",
        ".dpkg-dist",
        ".dpkg-tmp",
        ".dpkg-bak",
        ".ucf-old",
        ".ucf-new",
        ".ucf-dist",
        ".nmmeta",
    ];
    name.starts_with('.') || SUFFIXES.iter().any(|s| name.ends_with(s))
}

fn network_manager(sys: &Sys) -> Vec<Collected<WifiFile>> {
    let mut out = Vec::new();
    let mut seen_uuids: BTreeSet<String> = BTreeSet::new();
    for dir in NM_DIRS {
        let names = match list_dir::<WifiFile>(sys, dir) {
            Ok(n) => n,
            Err(Collected::Missing { .. }) => continue,
            Err(e) => {
                out.push(e);
                continue;
            }
        };
        let mut this_dir = BTreeSet::new();
        // Outside /etc, only `.nmconnection` files are profiles.
        let require_extension = !dir.starts_with("/etc/");
        for name in names
            .iter()
            .filter(|n| !nm_ignored(n) && (!require_extension || n.ends_with(".nmconnection")))
        {
            let path = format!("{dir}/{name}");
            if !sys.fs.is_file(&path) {
                continue;
            }
            let mut uuid = None;
            let mut file = sys.file(&path, |text| {
                let (f, u) = parse_nm_keyfile(&path, text);
                uuid = u;
                f
            });
            if let (Some(u), Collected::Ok { value, .. }) = (&uuid, &mut file) {
                if seen_uuids.contains(u) {
                    value.ignored = Some(format!(
                        "UUID {u} is also defined in a directory that takes precedence"
                    ));
                    value.networks.clear();
                }
                this_dir.insert(u.clone());
            }
            out.push(file);
        }
        seen_uuids.extend(this_dir);
    }
    out
}

/// GKeyFile lines: `[group]`, `key=value`, `#` comments on their own line.
/// Returns (group, key, value, line).
fn keyfile_entries(text: &str) -> Vec<(String, String, String, u32)> {
    let mut group = String::new();
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(g) = line.strip_prefix('[') {
            group = g.trim_end().trim_end_matches(']').to_string();
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            out.push((
                group.clone(),
                k.trim().to_string(),
                v.trim_start().to_string(),
                n as u32 + 1,
            ));
        }
    }
    out
}

/// GKeyFile string escapes (`\s`, `\t`, `\n`, `\\`).
fn unescape_keyfile(v: &str) -> String {
    let mut out = String::new();
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('s') => out.push(' '),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// An SSID written as a byte list ("77;121;66;111;120;") by older versions.
fn nm_ssid(v: &str) -> String {
    let parts: Vec<&str> = v.split(';').filter(|p| !p.is_empty()).collect();
    if parts.len() > 1 {
        if let Ok(bytes) = parts
            .iter()
            .map(|p| p.parse::<u8>())
            .collect::<Result<Vec<_>, _>>()
        {
            return String::from_utf8_lossy(&bytes).into_owned();
        }
    }
    unescape_keyfile(v)
}

/// One NetworkManager keyfile (nm-settings-keyfile(5), nm-settings-nmcli(5)).
/// `[wifi]` is also spelt `[802-11-wireless]`, `[wifi-security]`
/// `[802-11-wireless-security]`. A Wi-Fi profile without a security section
/// is an open network. `key-mgmt`: "none" static WEP (or nothing),
/// "ieee8021x" dynamic WEP, "owe" Enhanced Open, "wpa-psk" and "wpa-eap"
/// WPA personal/enterprise, "sae" WPA3, "wpa-eap-suite-b-192" WPA3
/// enterprise. `proto` lists "wpa" and/or "rsn"; empty allows both.
/// Returns the file and the profile's UUID.
pub fn parse_nm_keyfile(path: &str, text: &str) -> (WifiFile, Option<String>) {
    let entries = keyfile_entries(text);
    let get = |groups: &[&str], key: &str| {
        entries
            .iter()
            .rev()
            .find(|(g, k, _, _)| groups.contains(&g.as_str()) && k == key)
            .map(|(_, _, v, l)| (v.as_str(), *l))
    };
    const WIFI: &[&str] = &["wifi", "802-11-wireless"];
    const SEC: &[&str] = &["wifi-security", "802-11-wireless-security"];
    let conn_type = get(&["connection"], "type").map(|(v, _)| v);
    let has_wifi_group = entries.iter().any(|(g, ..)| WIFI.contains(&g.as_str()));
    let is_wifi = match conn_type {
        Some(t) => t == "wifi" || t == "802-11-wireless",
        None => has_wifi_group,
    };
    let uuid = get(&["connection"], "uuid").map(|(v, _)| v.to_string());
    let mut file = WifiFile {
        path: path.to_string(),
        format: WifiFormat::NetworkManager,
        networks: Vec::new(),
        ignored: None,
    };
    if !is_wifi {
        return (file, uuid);
    }
    let ssid = get(WIFI, "ssid").map(|(v, _)| nm_ssid(v));
    let name = get(&["connection"], "id")
        .map(|(v, _)| unescape_keyfile(v))
        .or_else(|| ssid.clone())
        .unwrap_or_else(|| path.rsplit('/').next().unwrap_or(path).to_string());
    let section_line = entries
        .iter()
        .find(|(g, ..)| WIFI.contains(&g.as_str()))
        .map(|(_, _, _, l)| l.saturating_sub(1).max(1));
    let has_security = entries.iter().any(|(g, ..)| SEC.contains(&g.as_str()));
    let key_mgmt = get(SEC, "key-mgmt");
    let proto = get(SEC, "proto").map(|(v, _)| v.to_string());
    let protos: Vec<String> = proto
        .as_deref()
        .unwrap_or("")
        .split(';')
        .map(|p| p.trim().to_ascii_lowercase())
        .filter(|p| !p.is_empty())
        .collect();
    let wep_hint = entries.iter().any(|(g, k, _, _)| {
        SEC.contains(&g.as_str())
            && (k.starts_with("wep-key") || k == "wep-tx-keyidx" || k == "auth-alg")
    });
    let (wpa1, rsn) = (
        protos.iter().any(|p| p == "wpa"),
        protos.iter().any(|p| p == "rsn"),
    );
    let km = key_mgmt.map(|(v, _)| v.trim().to_ascii_lowercase());
    let (security, enterprise) = match (has_security, km.as_deref()) {
        (false, _) => (WifiSecurity::Open, false),
        (true, None) => (WifiSecurity::Unrecognised, false),
        (true, Some("none")) if wep_hint => (WifiSecurity::Wep, false),
        // "none" without any WEP setting: NetworkManager treats it as static
        // WEP whose key an agent holds; either way, no WPA.
        (true, Some("none")) => (WifiSecurity::Wep, false),
        (true, Some("ieee8021x")) => (WifiSecurity::DynamicWep, true),
        (true, Some("owe")) => (WifiSecurity::Owe, false),
        (true, Some("wpa-psk")) => (by_proto(wpa1, rsn), false),
        (true, Some("wpa-eap")) => (by_proto(wpa1, rsn), true),
        (true, Some("sae")) => (WifiSecurity::Wpa3, false),
        (true, Some("wpa-eap-suite-b-192")) => (WifiSecurity::Wpa3, true),
        (true, Some(_)) => (WifiSecurity::Unrecognised, false),
    };
    file.networks.push(SavedWifi {
        name,
        ssid,
        line: section_line,
        mode: get(WIFI, "mode").map(|(v, _)| v.to_string()),
        key_mgmt: key_mgmt.map(|(v, _)| v.to_string()),
        key_mgmt_line: key_mgmt.map(|(_, l)| l),
        proto,
        security,
        enterprise,
        disabled: false,
    });
    (file, uuid)
}

// ---------------------------------------------------------------------------
// ifcfg (RHEL, NetworkManager's ifcfg-rh plugin)
// ---------------------------------------------------------------------------

fn ifcfg(sys: &Sys) -> Vec<Collected<WifiFile>> {
    let Ok(names) = sys.fs.read_dir(IFCFG_DIR) else {
        return Vec::new();
    };
    names
        .iter()
        .filter(|n| n.starts_with("ifcfg-") && !nm_ignored(n) && *n != "ifcfg-lo")
        .map(|n| {
            let path = format!("{IFCFG_DIR}/{n}");
            // WEP keys live in keys-NAME beside it; only its existence is used.
            let keys_file = sys
                .fs
                .exists(&format!("{IFCFG_DIR}/keys-{}", &n["ifcfg-".len()..]));
            sys.file(&path, |text| parse_ifcfg(&path, text, keys_file))
        })
        .filter(|f| !matches!(f, Collected::Ok { value, .. } if value.networks.is_empty()))
        .collect()
}

/// A setting as read: name, value, line.
type Var = (String, String, u32);

/// Shell-style `KEY=value` with optional quotes.
fn shell_vars(text: &str) -> Vec<Var> {
    text.lines()
        .enumerate()
        .filter_map(|(n, raw)| {
            let line = raw.trim();
            if line.starts_with('#') {
                return None;
            }
            let (k, v) = line.split_once('=')?;
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
                .unwrap_or(v);
            Some((k.trim().to_string(), v.to_string(), n as u32 + 1))
        })
        .collect()
}

/// An ifcfg file (NetworkManager ifcfg-rh, nm-settings-ifcfg-rh(5)): a
/// Wi-Fi profile has `TYPE=Wireless` or an `ESSID`. `KEY_MGMT` is WPA-PSK,
/// WPA-EAP, IEEE8021X, SAE, OWE or WPA-EAP-SUITE-B-192; without it the
/// network is static WEP (keys in `keys-NAME`, `KEY1`..., `SECURITYMODE`)
/// or open. `WPA_ALLOW_WPA`/`WPA_ALLOW_WPA2` = yes restrict the WPA
/// versions; neither set allows both.
pub fn parse_ifcfg(path: &str, text: &str, keys_file: bool) -> WifiFile {
    let vars = shell_vars(text);
    let get = |k: &str| vars.iter().rev().find(|(key, ..)| key == k);
    let mut file = WifiFile {
        path: path.to_string(),
        format: WifiFormat::Ifcfg,
        networks: Vec::new(),
        ignored: None,
    };
    let is_wifi = get("TYPE").is_some_and(|(_, v, _)| v.eq_ignore_ascii_case("wireless"))
        || get("ESSID").is_some();
    if !is_wifi {
        return file;
    }
    let yes = |k: &str| {
        get(k).is_some_and(|(_, v, _)| {
            matches!(v.to_ascii_lowercase().as_str(), "yes" | "true" | "y" | "1")
        })
    };
    let (wpa1, rsn) = (yes("WPA_ALLOW_WPA"), yes("WPA_ALLOW_WPA2"));
    let km = get("KEY_MGMT");
    let wep = keys_file
        || vars.iter().any(|(k, ..)| {
            k.starts_with("KEY") && k != "KEY_MGMT" || k == "DEFAULTKEY" || k == "SECURITYMODE"
        });
    let (security, enterprise) = match km.map(|(_, v, _)| v.to_ascii_uppercase()) {
        None if wep => (WifiSecurity::Wep, false),
        None => (WifiSecurity::Open, false),
        Some(v) if v == "IEEE8021X" => (WifiSecurity::DynamicWep, true),
        Some(v) => supplicant_key_mgmt(&v, wpa1, rsn, wep),
    };
    let proto = match (wpa1, rsn) {
        (false, false) => None,
        _ => Some(
            [("WPA_ALLOW_WPA=yes", wpa1), ("WPA_ALLOW_WPA2=yes", rsn)]
                .iter()
                .filter(|(_, on)| *on)
                .map(|(s, _)| *s)
                .collect::<Vec<_>>()
                .join(" "),
        ),
    };
    let ssid = get("ESSID").map(|(_, v, _)| v.clone());
    file.networks.push(SavedWifi {
        name: get("NAME")
            .map(|(_, v, _)| v.clone())
            .or_else(|| ssid.clone())
            .unwrap_or_else(|| path.rsplit('/').next().unwrap_or(path).to_string()),
        ssid,
        line: get("ESSID").or(get("TYPE")).map(|(_, _, l)| *l),
        mode: get("MODE").map(|(_, v, _)| v.clone()),
        key_mgmt: km.map(|(_, v, _)| v.clone()),
        key_mgmt_line: km.map(|(_, _, l)| *l),
        proto,
        security,
        enterprise,
        disabled: false,
    });
    file
}

// ---------------------------------------------------------------------------
// wpa_supplicant
// ---------------------------------------------------------------------------

fn wpa_supplicant(sys: &Sys) -> Vec<Collected<WifiFile>> {
    let mut paths: Vec<String> = sys
        .fs
        .read_dir(WPA_SUPPLICANT_DIR)
        .unwrap_or_default()
        .into_iter()
        .filter(|n| n.ends_with(".conf") && !n.starts_with('.'))
        .map(|n| format!("{WPA_SUPPLICANT_DIR}/{n}"))
        .collect();
    paths.push(WPA_SUPPLICANT_ROOT_CONF.into());
    paths
        .iter()
        .filter(|p| sys.fs.exists(p))
        .map(|p| sys.file(p, |text| parse_wpa_supplicant(p, text)))
        .collect()
}

/// A wpa_supplicant value: quoted text, or (for `ssid`) hex bytes.
fn supplicant_text(v: &str) -> String {
    if let Some(s) = v.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        return s.to_string();
    }
    if v.len().is_multiple_of(2) && !v.is_empty() && v.chars().all(|c| c.is_ascii_hexdigit()) {
        let bytes: Option<Vec<u8>> = (0..v.len() / 2)
            .map(|i| u8::from_str_radix(&v[2 * i..2 * i + 2], 16).ok())
            .collect();
        if let Some(b) = bytes {
            return String::from_utf8_lossy(&b).into_owned();
        }
    }
    v.to_string()
}

/// wpa_supplicant.conf(5): `network={ ... }` blocks of `name=value`, `#`
/// lines are comments. Defaults: `key_mgmt=WPA-PSK WPA-EAP`, `proto=WPA
/// RSN` (`WPA2` is an alias of RSN); `key_mgmt=NONE` is open, or static WEP
/// when a `wep_key0..3` is set.
pub fn parse_wpa_supplicant(path: &str, text: &str) -> WifiFile {
    let mut file = WifiFile {
        path: path.to_string(),
        format: WifiFormat::WpaSupplicant,
        networks: Vec::new(),
        ignored: None,
    };
    let mut block: Option<(u32, Vec<Var>)> = None;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let no = n as u32 + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if block.is_none() {
            if line.replace(' ', "").starts_with("network={") {
                block = Some((no, Vec::new()));
            }
            continue;
        }
        if line == "}" {
            if let Some((start, vars)) = block.take() {
                file.networks.push(supplicant_network(start, &vars));
            }
            continue;
        }
        if let (Some((_, vars)), Some((k, v))) = (block.as_mut(), line.split_once('=')) {
            vars.push((k.trim().to_string(), v.trim().to_string(), no));
        }
    }
    file
}

fn supplicant_network(start: u32, vars: &[Var]) -> SavedWifi {
    let get = |k: &str| vars.iter().rev().find(|(key, ..)| key == k);
    let ssid = get("ssid").map(|(_, v, _)| supplicant_text(v));
    let proto = get("proto").map(|(_, v, _)| v.clone());
    // No `proto` (the default "WPA RSN") counts as neither restriction.
    let words: Vec<String> = proto
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .map(|w| w.to_ascii_uppercase())
        .collect();
    let wpa1 = words.iter().any(|w| w == "WPA");
    let rsn = words.iter().any(|w| w == "RSN" || w == "WPA2");
    let wep_key = vars.iter().any(|(k, ..)| k.starts_with("wep_key"));
    let km = get("key_mgmt");
    let mut security = WifiSecurity::Wpa3;
    let mut enterprise = false;
    for word in km
        .map(|(_, v, _)| v.as_str())
        .unwrap_or("WPA-PSK WPA-EAP")
        .split_whitespace()
    {
        let (s, e) = supplicant_key_mgmt(word, wpa1, rsn, wep_key);
        security = security.min(s);
        enterprise |= e;
    }
    // Without key_mgmt, a network with a psk is a WPA-PSK network; the
    // WPA-EAP half of the default only matters with EAP settings.
    if km.is_none() && get("eap").is_none() && get("identity").is_none() {
        enterprise = false;
    }
    SavedWifi {
        name: ssid.clone().unwrap_or_else(|| format!("network@{start}")),
        ssid,
        line: Some(start),
        mode: get("mode").map(|(_, v, _)| match v.as_str() {
            "0" => "infrastructure".to_string(),
            "1" => "adhoc".to_string(),
            "2" => "ap".to_string(),
            other => other.to_string(),
        }),
        key_mgmt: km.map(|(_, v, _)| v.clone()),
        key_mgmt_line: km.map(|(_, _, l)| *l),
        proto,
        security,
        enterprise,
        disabled: get("disabled").is_some_and(|(_, v, _)| v == "1"),
    }
}

// ---------------------------------------------------------------------------
// netplan
// ---------------------------------------------------------------------------

fn netplan(sys: &Sys) -> Vec<Collected<WifiFile>> {
    let mut out = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for dir in NETPLAN_DIRS {
        let names = match list_dir::<WifiFile>(sys, dir) {
            Ok(n) => n,
            Err(Collected::Missing { .. }) => continue,
            Err(e) => {
                out.push(e);
                continue;
            }
        };
        for name in names.iter().filter(|n| n.ends_with(".yaml")) {
            let path = format!("{dir}/{name}");
            let mut file = sys.file(&path, |text| parse_netplan(&path, text));
            if seen.contains(name) {
                if let Collected::Ok { value, .. } = &mut file {
                    value.ignored = Some(format!(
                        "a file named {name} in a directory that takes precedence replaces it"
                    ));
                    value.networks.clear();
                }
            }
            seen.insert(name.clone());
            out.push(file);
        }
    }
    out
}

/// The line where a key (an SSID) is defined, for the report.
fn yaml_key_line(text: &str, key: &str, after: usize) -> Option<u32> {
    text.lines().enumerate().skip(after).find_map(|(n, l)| {
        let t = l.trim_start();
        [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ]
        .iter()
        .any(|k| t.starts_with(k.as_str()))
        .then_some(n as u32 + 1)
    })
}

/// netplan(5) `network.wifis.<interface>.access-points.<ssid>`: `password`
/// alone means WPA-PSK; `auth.key-management` is none, psk, eap,
/// eap-sha256, eap-suite-b-192, sae or 802.1x; neither password nor auth
/// means an open network. netplan renders psk and eap for NetworkManager
/// and wpa_supplicant without restricting the WPA version.
pub fn parse_netplan(path: &str, text: &str) -> WifiFile {
    use yaml_rust2::{Yaml, YamlLoader};
    let mut file = WifiFile {
        path: path.to_string(),
        format: WifiFormat::Netplan,
        networks: Vec::new(),
        ignored: None,
    };
    let docs = match YamlLoader::load_from_str(text) {
        Ok(d) => d,
        Err(e) => {
            file.ignored = Some(format!("not valid YAML (netplan rejects it): {e}"));
            return file;
        }
    };
    let str_of = |y: &Yaml| match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    };
    for doc in &docs {
        let Some(wifis) = doc["network"]["wifis"].as_hash() else {
            continue;
        };
        for (iface, conf) in wifis {
            let iface_line = str_of(iface)
                .and_then(|i| yaml_key_line(text, &i, 0))
                .unwrap_or(0) as usize;
            let Some(aps) = conf["access-points"].as_hash() else {
                continue;
            };
            for (ssid, ap) in aps {
                let Some(ssid) = str_of(ssid) else { continue };
                let auth = &ap["auth"];
                let km = auth["key-management"].as_str().map(str::to_string);
                let password = !ap["password"].is_badvalue() || !auth["password"].is_badvalue();
                let effective = km
                    .clone()
                    .unwrap_or_else(|| if password { "psk" } else { "none" }.into());
                let (security, enterprise) = match effective.as_str() {
                    "none" => (WifiSecurity::Open, false),
                    "psk" => (WifiSecurity::WpaMixed, false),
                    "eap" => (WifiSecurity::WpaMixed, true),
                    "eap-sha256" => (WifiSecurity::Wpa2, true),
                    "eap-suite-b-192" => (WifiSecurity::Wpa3, true),
                    "sae" => (WifiSecurity::Wpa3, false),
                    "802.1x" | "8021x" => (WifiSecurity::DynamicWep, true),
                    _ => (WifiSecurity::Unrecognised, false),
                };
                let line = yaml_key_line(text, &ssid, iface_line);
                let km_line = line.and_then(|l| {
                    km.as_ref()
                        .and_then(|_| yaml_key_line(text, "key-management", l as usize))
                });
                file.networks.push(SavedWifi {
                    name: ssid.clone(),
                    ssid: Some(ssid),
                    line,
                    mode: ap["mode"].as_str().map(str::to_string),
                    key_mgmt: km.or_else(|| password.then(|| "password (psk)".to_string())),
                    key_mgmt_line: km_line,
                    proto: None,
                    security,
                    enterprise,
                    disabled: false,
                });
            }
        }
    }
    file
}

// ---------------------------------------------------------------------------
// What the access points announce (live)
// ---------------------------------------------------------------------------

fn access_points(sys: &Sys, files: &[Collected<WifiFile>]) -> Collected<Vec<AccessPoint>> {
    let wanted: BTreeSet<String> = files
        .iter()
        .filter_map(|f| f.value())
        .flat_map(|f| &f.networks)
        .filter(|n| n.security == WifiSecurity::WpaMixed)
        .filter_map(|n| n.ssid.clone())
        .collect();
    if !sys.is_live() {
        return super::offline();
    }
    if wanted.is_empty() {
        return Collected::NotCollected {
            reason: "no saved network leaves the WPA version open".into(),
        };
    }
    // `--rescan no`: the list NetworkManager already has; never a new scan.
    sys.command(
        "nmcli",
        &[
            "-t",
            "-f",
            "SSID,SECURITY",
            "device",
            "wifi",
            "list",
            "--rescan",
            "no",
        ],
        |out| {
            if !out.success() {
                return Err(failure(out));
            }
            Ok(parse_nmcli_wifi_list(&out.stdout)
                .into_iter()
                .filter(|ap| wanted.contains(&ap.ssid))
                .collect())
        },
    )
}

/// `nmcli -t -f SSID,SECURITY device wifi list`: one access point per line,
/// fields separated by `:`, a `:` or `\` inside a field escaped with `\`.
pub fn parse_nmcli_wifi_list(text: &str) -> Vec<AccessPoint> {
    text.lines()
        .filter_map(|line| {
            let mut fields = vec![String::new()];
            let mut chars = line.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        if let Some(n) = chars.next() {
                            fields.last_mut()?.push(n);
                        }
                    }
                    ':' => fields.push(String::new()),
                    c => fields.last_mut()?.push(c),
                }
            }
            if fields.len() != 2 || fields[0].is_empty() {
                return None;
            }
            let security = fields.pop()?;
            Some(AccessPoint {
                ssid: fields.pop()?,
                security,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nm(text: &str) -> SavedWifi {
        parse_nm_keyfile(
            "/etc/NetworkManager/system-connections/x.nmconnection",
            text,
        )
        .0
        .networks
        .into_iter()
        .next()
        .expect("a Wi-Fi network")
    }

    #[test]
    fn network_manager_key_management() {
        let base = "[connection]\nid=Cabinet\nuuid=4d1c\ntype=wifi\n\n[wifi]\nmode=infrastructure\nssid=Cabinet\n\n";
        let sae = nm(&format!(
            "{base}[wifi-security]\nkey-mgmt=sae\npsk=secret\n"
        ));
        assert_eq!(sae.security, WifiSecurity::Wpa3);
        assert_eq!(sae.key_mgmt_line, Some(11));
        assert_eq!(sae.line, Some(6));
        let rsn = nm(&format!(
            "{base}[wifi-security]\nkey-mgmt=wpa-psk\nproto=rsn;\npsk=secret\n"
        ));
        assert_eq!(rsn.security, WifiSecurity::Wpa2);
        let wpa = nm(&format!(
            "{base}[wifi-security]\nkey-mgmt=wpa-psk\nproto=wpa;\n"
        ));
        assert_eq!(wpa.security, WifiSecurity::Wpa1);
        let both = nm(&format!(
            "{base}[wifi-security]\nkey-mgmt=wpa-psk\nproto=wpa;rsn;\n"
        ));
        assert_eq!(both.security, WifiSecurity::WpaMixed);
        let default = nm(&format!("{base}[wifi-security]\nkey-mgmt=wpa-psk\n"));
        assert_eq!(default.security, WifiSecurity::WpaMixed);
        let wep = nm(&format!(
            "{base}[wifi-security]\nkey-mgmt=none\nwep-key0=abcdef\n"
        ));
        assert_eq!(wep.security, WifiSecurity::Wep);
        assert_eq!(nm(base).security, WifiSecurity::Open);
        let eap = nm(&format!(
            "{base}[802-11-wireless-security]\nkey-mgmt=wpa-eap\nproto=rsn\n"
        ));
        assert_eq!(eap.security, WifiSecurity::Wpa2);
        assert!(eap.enterprise);
        assert_eq!(
            nm(&format!("{base}[wifi-security]\nkey-mgmt=owe\n")).security,
            WifiSecurity::Owe
        );
        // Nothing secret is kept.
        let text = format!("{sae:?}{wep:?}");
        assert!(!text.contains("secret") && !text.contains("abcdef"));
    }

    #[test]
    fn network_manager_non_wifi_and_old_ssid_bytes() {
        let (eth, uuid) = parse_nm_keyfile(
            "/x",
            "[connection]\nid=Wired\nuuid=89321b95\ntype=ethernet\n",
        );
        assert!(eth.networks.is_empty());
        assert_eq!(uuid.as_deref(), Some("89321b95"));
        let old =
            nm("[connection]\nid=Box\ntype=802-11-wireless\n[802-11-wireless]\nssid=66;111;120;\n");
        assert_eq!(old.ssid.as_deref(), Some("Box"));
        assert!(nm_ignored("Cabinet.nmconnection~"));
        assert!(nm_ignored(".hidden"));
        assert!(!nm_ignored("Cabinet.nmconnection"));
        assert!(!nm_ignored("Cabinet"));
    }

    #[test]
    fn wpa_supplicant_blocks_and_defaults() {
        let text = r#"ctrl_interface=DIR=/run/wpa_supplicant GROUP=netdev
update_config=1

network={
	ssid="Cabinet"
	psk="not kept"
	key_mgmt=WPA-PSK
	proto=RSN
}
network={
	ssid="Maison"
	psk=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
}
# network={ ssid="Commented" key_mgmt=NONE }
network={
	ssid=4f6c64
	key_mgmt=NONE
	wep_key0="12345"
}
network={
	ssid="Hotel"
	key_mgmt=NONE
	disabled=1
}
network={
	ssid="Neuf"
	key_mgmt=SAE
}
network={
	ssid="Transition"
	key_mgmt=WPA-PSK SAE
	proto=WPA
}
"#;
        let f = parse_wpa_supplicant("/etc/wpa_supplicant/wpa_supplicant.conf", text);
        let s: Vec<_> = f.networks.iter().map(|n| n.security).collect();
        assert_eq!(
            s,
            [
                WifiSecurity::Wpa2,
                WifiSecurity::WpaMixed,
                WifiSecurity::Wep,
                WifiSecurity::Open,
                WifiSecurity::Wpa3,
                WifiSecurity::Wpa1
            ]
        );
        assert_eq!(f.networks[0].line, Some(4));
        assert_eq!(f.networks[2].ssid.as_deref(), Some("Old"));
        assert!(f.networks[3].disabled);
        assert!(!f.networks[1].enterprise);
        assert!(!format!("{f:?}").contains("not kept"));
    }

    #[test]
    fn netplan_access_points() {
        let text = r#"network:
  version: 2
  renderer: NetworkManager
  wifis:
    wlp2s0:
      dhcp4: true
      access-points:
        "Cabinet":
          auth:
            key-management: sae
            password: "not kept"
        Maison:
          password: "not kept either"
        Gare: {}
"#;
        let f = parse_netplan("/etc/netplan/50-wifi.yaml", text);
        let s: Vec<_> = f
            .networks
            .iter()
            .map(|n| (n.name.as_str(), n.security, n.line))
            .collect();
        assert_eq!(
            s,
            [
                ("Cabinet", WifiSecurity::Wpa3, Some(8)),
                ("Maison", WifiSecurity::WpaMixed, Some(12)),
                ("Gare", WifiSecurity::Open, Some(14))
            ]
        );
        assert_eq!(f.networks[0].key_mgmt_line, Some(10));
        assert!(!format!("{f:?}").contains("not kept"));
        assert!(parse_netplan("/x", "network: [").ignored.is_some());
    }

    #[test]
    fn ifcfg_wireless() {
        let f = parse_ifcfg(
            "/etc/sysconfig/network-scripts/ifcfg-Cabinet",
            "ESSID=Cabinet\nMODE=Managed\nKEY_MGMT=WPA-PSK\nWPA_ALLOW_WPA2=yes\nTYPE=Wireless\nNAME=Cabinet\n",
            true,
        );
        assert_eq!(f.networks[0].security, WifiSecurity::Wpa2);
        let wep = parse_ifcfg("/x", "ESSID=\"Old\"\nTYPE=Wireless\n", true);
        assert_eq!(wep.networks[0].security, WifiSecurity::Wep);
        let open = parse_ifcfg("/x", "ESSID=Gare\nTYPE=Wireless\n", false);
        assert_eq!(open.networks[0].security, WifiSecurity::Open);
        let mixed = parse_ifcfg("/x", "ESSID=M\nKEY_MGMT=WPA-PSK\n", true);
        assert_eq!(mixed.networks[0].security, WifiSecurity::WpaMixed);
        assert!(parse_ifcfg("/x", "TYPE=Ethernet\nDEVICE=eth0\n", false)
            .networks
            .is_empty());
    }

    #[test]
    fn nmcli_terse_list_with_escapes() {
        let ap = parse_nmcli_wifi_list("Cabinet:WPA2\nBox\\:5G:WPA1 WPA2\nGare:\n:WPA2\n");
        assert_eq!(ap.len(), 3);
        assert_eq!(ap[1].ssid, "Box:5G");
        assert_eq!(ap[1].security, "WPA1 WPA2");
        assert_eq!(ap[2].security, "");
    }
}
