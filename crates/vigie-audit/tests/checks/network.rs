//! The network area: devices on the network (4.1.2.a), Wi-Fi protection
//! (4.1.2.b), wired and Wi-Fi at once (4.1.2.c), radios (4.1.2.d) and UPS
//! (3.1.1.d), on mini root trees collected offline or as live systems whose
//! commands answer with captured outputs.

use crate::common::*;
use vigie_audit::{KnownDevice, Profile, Status};
use vigie_evidence::command::FakeRunner;
use vigie_evidence::{Collected, Evidence};

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

const UNITS_CMD: &str = "systemctl show --property=Id,LoadState,ActiveState,UnitFileState -- bluetooth.service nut-server.service nut-monitor.service apcupsd.service upower.service";
const UNIT_NAMES: &[&str] = &[
    "bluetooth.service",
    "nut-server.service",
    "nut-monitor.service",
    "apcupsd.service",
    "upower.service",
];

/// `systemctl show` for this area's units: those given as (name, active,
/// unit file state), the others not found.
fn systemctl(states: &[(&str, &str, &str)]) -> String {
    UNIT_NAMES
        .iter()
        .map(|n| match states.iter().find(|s| s.0 == *n) {
            Some((_, active, file)) => {
                format!("Id={n}\nLoadState=loaded\nActiveState={active}\nUnitFileState={file}\n")
            }
            None => format!("Id={n}\nLoadState=not-found\nActiveState=inactive\nUnitFileState=\n"),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A unit file, enabled (wanted by multi-user.target) or not.
fn unit(t: Tree, name: &str, enabled: bool) -> Tree {
    let t = t.file(
        &format!("/usr/lib/systemd/system/{name}"),
        "[Unit]\nDescription=test\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n",
    );
    if enabled {
        t.symlink(
            &format!("/etc/systemd/system/multi-user.target.wants/{name}"),
            &format!("/usr/lib/systemd/system/{name}"),
        )
    } else {
        t.dir("/etc/systemd/system")
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Ether,
    Wifi,
    Virtual,
    Loopback,
}

/// A `/sys/class/net/NAME` entry.
fn iface(t: Tree, name: &str, kind: Kind, operstate: &str, admin_up: bool) -> Tree {
    let dir = format!("/sys/class/net/{name}");
    let ty = if kind == Kind::Loopback { "772" } else { "1" };
    let uevent = match kind {
        Kind::Wifi => format!("DEVTYPE=wlan\nINTERFACE={name}\nIFINDEX=3\n"),
        Kind::Virtual if name.starts_with("br") || name.starts_with("docker") => {
            format!("DEVTYPE=bridge\nINTERFACE={name}\n")
        }
        _ => format!("INTERFACE={name}\n"),
    };
    let mut t = t
        .file(&format!("{dir}/type"), &format!("{ty}\n"))
        .file(&format!("{dir}/operstate"), &format!("{operstate}\n"))
        .file(
            &format!("{dir}/flags"),
            if admin_up { "0x1003\n" } else { "0x1002\n" },
        )
        .file(&format!("{dir}/uevent"), &uevent);
    if operstate == "up" {
        t = t.file(&format!("{dir}/carrier"), "1\n");
    }
    if matches!(kind, Kind::Ether | Kind::Wifi) {
        t = t.dir(&format!("{dir}/device"));
    }
    if kind == Kind::Wifi {
        t = t.dir(&format!("{dir}/wireless"));
    }
    t
}

/// An interface and its (address, prefix, scope).
type Link<'a> = (&'a str, &'a [(&'a str, u8, &'a str)]);

/// `ip -j addr show` for these interfaces.
fn ip_addr(links: &[Link]) -> String {
    let items: Vec<String> = links
        .iter()
        .map(|(name, addrs)| {
            let a: Vec<String> = addrs
                .iter()
                .map(|(ip, p, scope)| {
                    let family = if ip.contains(':') { "inet6" } else { "inet" };
                    format!(r#"{{"family":"{family}","local":"{ip}","prefixlen":{p},"scope":"{scope}","valid_life_time":4294967295}}"#)
                })
                .collect();
            format!(
                r#"{{"ifindex":2,"ifname":"{name}","flags":["BROADCAST","MULTICAST","UP"],"mtu":1500,"operstate":"UP","addr_info":[{}]}}"#,
                a.join(",")
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// An Ubuntu desktop on a practice network: the box (Sagemcom-style
/// address of a registered maker), a Brother printer, a phone with a
/// randomised address, the box again over IPv6 as a router, a failed entry,
/// a multicast entry, and a container on docker0.
const NEIGH: &str = r#"[{"dst":"192.168.1.1","dev":"enp3s0","lladdr":"a4:3e:51:0a:0b:0c","state":["REACHABLE"]},{"dst":"192.168.1.23","dev":"enp3s0","lladdr":"3c:2a:f4:12:34:56","state":["STALE"]},{"dst":"192.168.1.40","dev":"enp3s0","lladdr":"da:a1:19:00:11:22","state":["DELAY"]},{"dst":"fe80::a63e:51ff:fe0a:b0c","dev":"enp3s0","lladdr":"a4:3e:51:0a:0b:0c","router":null,"state":["STALE"]},{"dst":"192.168.1.77","dev":"enp3s0","state":["FAILED"]},{"dst":"192.168.1.78","dev":"enp3s0","state":["INCOMPLETE"]},{"dst":"224.0.0.251","dev":"enp3s0","lladdr":"01:00:5e:00:00:fb","state":["NOARP"]},{"dst":"172.17.0.2","dev":"docker0","lladdr":"02:42:ac:11:00:02","state":["REACHABLE"]}]"#;
const ROUTE: &str = r#"[{"dst":"default","gateway":"192.168.1.1","dev":"enp3s0","protocol":"dhcp","prefsrc":"192.168.1.10","metric":100,"flags":[]}]"#;

/// The desktop's interfaces: the wired card up, Wi-Fi down, docker0 up.
fn desktop() -> Tree {
    let t = iface(Tree::new(), "lo", Kind::Loopback, "unknown", true);
    let t = iface(t, "enp3s0", Kind::Ether, "up", true);
    let t = iface(t, "wlp2s0", Kind::Wifi, "down", true);
    iface(t, "docker0", Kind::Virtual, "up", true)
}

fn desktop_addrs() -> String {
    ip_addr(&[
        ("lo", &[("127.0.0.1", 8, "host")]),
        (
            "enp3s0",
            &[
                ("192.168.1.10", 24, "global"),
                ("fe80::1e69:7aff:fe01:203", 64, "link"),
            ],
        ),
        ("wlp2s0", &[]),
        ("docker0", &[("172.17.0.1", 16, "global")]),
    ])
}

fn desktop_runner() -> FakeRunner {
    FakeRunner::new()
        .ok("ip -j neigh show", NEIGH)
        .ok("ip -j route show default", ROUTE)
        .ok("ip -j addr show", &desktop_addrs())
}

fn known(list: &[(&str, &str)]) -> Vec<KnownDevice> {
    list.iter()
        .map(|(mac, label)| KnownDevice {
            mac: mac.to_string(),
            label: Some(label.to_string()),
        })
        .collect()
}

fn network_of(e: &mut Evidence) -> &mut vigie_evidence::linux::network::NetworkEvidence {
    &mut e.linux.as_mut().unwrap().network
}

// ---------------------------------------------------------------------------
// 4.1.2.a — devices on the network
// ---------------------------------------------------------------------------

#[test]
fn devices_offline_are_unknown() {
    expect(
        "4.1.2.a",
        &desktop().offline(),
        Status::Unknown,
        &["hors ligne", "offline root"],
    );
}

#[test]
fn devices_without_a_list_are_listed_for_confirmation() {
    let f = expect(
        "4.1.2.a",
        &desktop().live(&desktop_runner()),
        Status::Unknown,
        &[
            "3 device(s) seen",
            "ANOV FRANCE",
            "Brother Industries",
            "randomised address",
            "1 of them with a randomised address",
            "default gateway",
            "192.168.1.1, fe80::a63e:51ff:fe0a:b0c",
            "--known-devices",
            "virtual interfaces",
        ],
    );
    let shown = text(&f);
    // Failed, unresolved and multicast entries, and the container, are not devices.
    for absent in [
        "192.168.1.77",
        "192.168.1.78",
        "01:00:5e",
        "02:42:ac:11:00:02",
    ] {
        assert!(!shown.contains(absent), "{absent} in {shown}");
    }
}

#[test]
fn devices_all_known_pass_and_an_unknown_one_fails() {
    let e = desktop().live(&desktop_runner());
    let all = known(&[
        ("a4:3e:51:0a:0b:0c", "Box"),
        ("3c:2a:f4:12:34:56", "Imprimante accueil"),
        ("da:a1:19:00:11:22", "Téléphone du cabinet"),
    ]);
    let f = eval_with("4.1.2.a", &e, &Profile::memento_2013(), &all);
    assert_eq!(f.status, Status::Pass, "{}", text(&f));
    assert!(text(&f).contains("known: Imprimante accueil"));

    let two = &all[..2];
    let f = eval_with("4.1.2.a", &e, &Profile::memento_2013(), two);
    assert_eq!(f.status, Status::Fail, "{}", text(&f));
    let shown = text(&f);
    assert!(shown.contains("da:a1:19:00:11:22"), "{shown}");
    assert!(
        shown.contains("1 device(s) not in the practice's list"),
        "{shown}"
    );
    assert!(shown.contains("NOT in the list"), "{shown}");
}

#[test]
fn devices_from_proc_net_arp_when_ip_is_missing() {
    let t = desktop().file(
        "/proc/net/arp",
        "IP address       HW type     Flags       HW address            Mask     Device\n192.168.1.1      0x1         0x2         a4:3e:51:0a:0b:0c     *        enp3s0\n192.168.1.77     0x1         0x0         00:00:00:00:00:00     *        enp3s0\n",
    );
    let f = expect(
        "4.1.2.a",
        &t.live(&FakeRunner::new()),
        Status::Unknown,
        &["1 device(s) seen", "/proc/net/arp", "ANOV FRANCE"],
    );
    assert!(!text(&f).contains("192.168.1.77"));
}

#[test]
fn devices_empty_table_is_unknown() {
    let r = FakeRunner::new().ok("ip -j neigh show", "[]");
    expect(
        "4.1.2.a",
        &desktop().live(&r),
        Status::Unknown,
        &["No device seen"],
    );
}

// ---------------------------------------------------------------------------
// 4.1.2.b — Wi-Fi protection
// ---------------------------------------------------------------------------

const NM: &str = "/etc/NetworkManager/system-connections";

fn nm_profile(id: &str, uuid: &str, security: &str) -> String {
    format!(
        "[connection]\nid={id}\nuuid={uuid}\ntype=wifi\ninterface-name=wlp2s0\n\n[wifi]\nmode=infrastructure\nssid={id}\n\n{security}\n[ipv4]\nmethod=auto\n"
    )
}

fn nm_tree(security: &str) -> Tree {
    Tree::new().file(
        &format!("{NM}/Cabinet.nmconnection"),
        &nm_profile("Cabinet", "5f1f0b9e-1", security),
    )
}

#[test]
fn wifi_sae_and_wpa2_only_pass() {
    let f = expect(
        "4.1.2.b",
        &nm_tree("[wifi-security]\nkey-mgmt=sae\npsk=ne-pas-garder\n").offline(),
        Status::Pass,
        &["WPA3", "Cabinet.nmconnection"],
    );
    assert!(!text(&f).contains("ne-pas-garder"));
    let f = expect(
        "4.1.2.b",
        &nm_tree("[wifi-security]\nkey-mgmt=wpa-psk\nproto=rsn;\npsk=ne-pas-garder\n").offline(),
        Status::Pass,
        &["WPA2", "proto rsn;"],
    );
    assert_eq!(f.evidence[0].line, Some(12));
    assert_eq!(f.evidence[0].key.as_deref(), Some("key-mgmt"));
}

#[test]
fn wifi_wpa1_wep_open_and_owe_fail() {
    for (security, mention) in [
        (
            "[wifi-security]\nkey-mgmt=wpa-psk\nproto=wpa;\n",
            "WPA version 1 only",
        ),
        (
            "[wifi-security]\nkey-mgmt=none\nwep-key0=0123456789\nwep-key-type=1\n",
            "WEP",
        ),
        ("", "open, no password"),
        ("[wifi-security]\nkey-mgmt=owe\n", "Enhanced Open"),
        ("[wifi-security]\nkey-mgmt=ieee8021x\n", "dynamic WEP"),
    ] {
        let f = expect(
            "4.1.2.b",
            &nm_tree(security).offline(),
            Status::Fail,
            &[mention, "\"Cabinet\""],
        );
        assert!(!text(&f).contains("0123456789"));
    }
}

#[test]
fn wifi_open_profile_fails_even_beside_a_good_one() {
    let t = nm_tree("[wifi-security]\nkey-mgmt=sae\n").file(
        &format!("{NM}/Gare.nmconnection"),
        &nm_profile("Gare", "77aa", ""),
    );
    expect(
        "4.1.2.b",
        &t.offline(),
        Status::Fail,
        &["\"Gare\": open", "Gare.nmconnection"],
    );
}

#[test]
fn wifi_unreadable_profiles_need_privileges() {
    // As collected by a non-root audit: NetworkManager profiles are 0600.
    let mut e = Tree::new().dir(NM).offline();
    network_of(&mut e).wifi.files.push(Collected::Unreadable {
        source: format!("{NM}/Cabinet.nmconnection"),
        error: "permission denied".into(),
    });
    let f = expect(
        "4.1.2.b",
        &e,
        Status::Unknown,
        &["could not be read", "Cabinet.nmconnection"],
    );
    assert!(f.needs_privileges);
    // A weak network readable elsewhere still fails.
    let mut e = nm_tree("").offline();
    network_of(&mut e).wifi.files.push(Collected::Unreadable {
        source: format!("{NM}/Other.nmconnection"),
        error: "permission denied".into(),
    });
    expect("4.1.2.b", &e, Status::Fail, &["open, no password"]);
}

#[test]
fn wifi_version_left_open_depends_on_the_access_point() {
    let t = nm_tree("[wifi-security]\nkey-mgmt=wpa-psk\npsk=x\n");
    // Offline: the box decides, nothing tells.
    expect(
        "4.1.2.b",
        &t.offline(),
        Status::Unknown,
        &["WPA or WPA2, version not restricted", "the box decides"],
    );
    let nmcli = "nmcli -t -f SSID,SECURITY device wifi list --rescan no";
    // Live, the access point announces WPA2 only (and a neighbour's
    // network, not kept).
    let r = FakeRunner::new().ok(nmcli, "Cabinet:WPA2\nVoisin:WPA1\n");
    let e = t.live(&r);
    let aps = e
        .linux
        .as_ref()
        .unwrap()
        .network
        .wifi
        .access_points
        .value()
        .unwrap();
    assert_eq!(aps.len(), 1, "only saved networks are kept");
    expect(
        "4.1.2.b",
        &e,
        Status::Pass,
        &["WPA2 announced by the access point"],
    );
    // Transition mode WPA2/WPA3 is fine.
    let r = FakeRunner::new().ok(nmcli, "Cabinet:WPA2 WPA3\n");
    expect("4.1.2.b", &t.live(&r), Status::Pass, &["WPA2 WPA3"]);
    // WPA/WPA2 mixed mode still lets WPA1 in.
    let r = FakeRunner::new().ok(nmcli, "Cabinet:WPA1 WPA2\n");
    expect(
        "4.1.2.b",
        &t.live(&r),
        Status::Fail,
        &["announces WPA1 WPA2"],
    );
    // Out of range: unknown.
    let r = FakeRunner::new().ok(nmcli, "Autre:WPA2\n");
    expect(
        "4.1.2.b",
        &t.live(&r),
        Status::Unknown,
        &["access point not seen"],
    );
    // NetworkManager not running: unknown.
    let r = FakeRunner::new().output(nmcli, 8, "", "Error: NetworkManager is not running.\n");
    expect(
        "4.1.2.b",
        &t.live(&r),
        Status::Unknown,
        &["the box decides"],
    );
}

#[test]
fn wifi_profile_shadowed_by_the_same_uuid_is_set_aside() {
    // /run (in-memory) takes precedence over /etc: the WPA1 copy in /etc is
    // not what NetworkManager uses.
    let t = Tree::new()
        .file(
            &format!("{NM}/Cabinet.nmconnection"),
            &nm_profile(
                "Cabinet",
                "same-uuid",
                "[wifi-security]\nkey-mgmt=wpa-psk\nproto=wpa;\n",
            ),
        )
        .file(
            "/run/NetworkManager/system-connections/Cabinet.nmconnection",
            &nm_profile("Cabinet", "same-uuid", "[wifi-security]\nkey-mgmt=sae\n"),
        )
        // Outside /etc, a file without the extension is not a profile.
        .file(
            "/usr/lib/NetworkManager/system-connections/Vendor",
            &nm_profile("Vendor", "vendor", ""),
        )
        // An editor backup is not loaded.
        .file(
            &format!("{NM}/Old.nmconnection~"),
            &nm_profile("Old", "other", ""),
        );
    expect("4.1.2.b", &t.offline(), Status::Pass, &["WPA3"]);
}

#[test]
fn wifi_wpa_supplicant() {
    let conf = "/etc/wpa_supplicant/wpa_supplicant.conf";
    let good = "ctrl_interface=/run/wpa_supplicant\n\nnetwork={\n\tssid=\"Cabinet\"\n\tpsk=\"cle-secrete\"\n\tkey_mgmt=WPA-PSK\n\tproto=RSN\n}\nnetwork={\n\tssid=\"Cabinet-6G\"\n\tkey_mgmt=SAE\n}\n";
    let f = expect(
        "4.1.2.b",
        &Tree::new().file(conf, good).offline(),
        Status::Pass,
        &["WPA2", "WPA3", "wpa_supplicant.conf"],
    );
    assert!(!text(&f).contains("cle-secrete"));
    let wep = "network={\n\tssid=\"Ancien\"\n\tkey_mgmt=NONE\n\twep_key0=\"abcde\"\n}\n";
    expect(
        "4.1.2.b",
        &Tree::new().file(conf, wep).offline(),
        Status::Fail,
        &["\"Ancien\": WEP"],
    );
    let default = "network={\n\tssid=\"Maison\"\n\tpsk=\"x\"\n}\n";
    expect(
        "4.1.2.b",
        &Tree::new()
            .file("/etc/wpa_supplicant/wpa_supplicant-wlan0.conf", default)
            .offline(),
        Status::Unknown,
        &["version not restricted", "wpa_supplicant-wlan0.conf"],
    );
}

#[test]
fn wifi_netplan() {
    let yaml = "network:\n  version: 2\n  wifis:\n    wlan0:\n      dhcp4: true\n      access-points:\n        \"Cabinet\":\n          auth:\n            key-management: sae\n            password: \"cle\"\n";
    expect(
        "4.1.2.b",
        &Tree::new()
            .file("/etc/netplan/50-cloud-init.yaml", yaml)
            .offline(),
        Status::Pass,
        &["WPA3", "50-cloud-init.yaml"],
    );
    let open = "network:\n  wifis:\n    wlan0:\n      access-points:\n        Gare: {}\n";
    expect(
        "4.1.2.b",
        &Tree::new()
            .file("/etc/netplan/60-wifi.yaml", open)
            .offline(),
        Status::Fail,
        &["\"Gare\": open"],
    );
    // The same file name in /run replaces /etc.
    let t = Tree::new()
        .file("/etc/netplan/60-wifi.yaml", open)
        .file("/run/netplan/60-wifi.yaml", yaml);
    expect("4.1.2.b", &t.offline(), Status::Pass, &["WPA3"]);
}

#[test]
fn wifi_ifcfg_on_rhel() {
    let dir = "/etc/sysconfig/network-scripts";
    let t = Tree::new()
        .file(
            &format!("{dir}/ifcfg-Cabinet"),
            "ESSID=Cabinet\nMODE=Managed\nKEY_MGMT=WPA-PSK\nWPA_ALLOW_WPA2=yes\nTYPE=Wireless\nNAME=Cabinet\nONBOOT=yes\n",
        )
        .file(&format!("{dir}/keys-Cabinet"), "WPA_PSK=secret\n")
        .file(&format!("{dir}/ifcfg-eth0"), "TYPE=Ethernet\nDEVICE=eth0\n");
    expect("4.1.2.b", &t.offline(), Status::Pass, &["WPA2", "KEY_MGMT"]);
    let t = Tree::new().file(
        &format!("{dir}/ifcfg-Old"),
        "ESSID=Old\nTYPE=Wireless\nSECURITYMODE=open\nDEFAULTKEY=1\n",
    );
    expect("4.1.2.b", &t.offline(), Status::Fail, &["WEP"]);
}

#[test]
fn wifi_no_saved_network() {
    // Offline, only an Ethernet profile: not applicable.
    let t = Tree::new().file(
        &format!("{NM}/Wired.nmconnection"),
        "[connection]\nid=Wired connection 1\nuuid=8932\ntype=ethernet\n",
    );
    expect(
        "4.1.2.b",
        &t.offline(),
        Status::NotApplicable,
        &["No Wi-Fi network saved"],
    );
    // Live, with a Wi-Fi card: nothing weak is saved.
    expect(
        "4.1.2.b",
        &desktop().live(&desktop_runner()),
        Status::Pass,
        &["Wi-Fi card but no saved Wi-Fi network"],
    );
}

// ---------------------------------------------------------------------------
// 4.1.2.c — never wired and Wi-Fi at once
// ---------------------------------------------------------------------------

#[test]
fn links_offline_are_unknown() {
    expect(
        "4.1.2.c",
        &desktop().offline(),
        Status::Unknown,
        &["hors ligne", "offline root"],
    );
}

#[test]
fn links_wired_only_pass_containers_ignored() {
    expect(
        "4.1.2.c",
        &desktop().live(&desktop_runner()),
        Status::Pass,
        &["cable only (enp3s0)", "192.168.1.10/24", "not connected"],
    );
}

#[test]
fn links_wired_and_wifi_up_fail() {
    let t = iface(desktop(), "wlp2s0", Kind::Wifi, "up", true);
    let r = FakeRunner::new().ok(
        "ip -j addr show",
        &ip_addr(&[
            ("enp3s0", &[("192.168.1.10", 24, "global")]),
            ("wlp2s0", &[("192.168.1.11", 24, "global")]),
        ]),
    );
    expect(
        "4.1.2.c",
        &t.live(&r),
        Status::Fail,
        &["both by cable (enp3s0) and by Wi-Fi (wlp2s0)"],
    );
    // Without `ip`, up alone counts.
    expect(
        "4.1.2.c",
        &t.live(&FakeRunner::new()),
        Status::Fail,
        &["an interface that is up counts as connected"],
    );
}

#[test]
fn links_wifi_with_only_a_link_local_address_is_not_connected() {
    let t = iface(desktop(), "wlp2s0", Kind::Wifi, "up", true);
    let r = FakeRunner::new().ok(
        "ip -j addr show",
        &ip_addr(&[
            ("enp3s0", &[("192.168.1.10", 24, "global")]),
            ("wlp2s0", &[("fe80::2", 64, "link")]),
        ]),
    );
    expect(
        "4.1.2.c",
        &t.live(&r),
        Status::Pass,
        &["cable only", "no address"],
    );
}

#[test]
fn links_bridge_port_carries_the_bridge_address() {
    // A hypervisor host: enp3s0 is a port of br0, which has the address.
    let t = iface(Tree::new(), "enp3s0", Kind::Ether, "up", true)
        .symlink("/sys/class/net/enp3s0/master", "../br0");
    let t = iface(t, "br0", Kind::Virtual, "up", true);
    let t = iface(t, "wlp2s0", Kind::Wifi, "up", true);
    let r = FakeRunner::new().ok(
        "ip -j addr show",
        &ip_addr(&[
            ("enp3s0", &[]),
            ("br0", &[("192.168.1.10", 24, "global")]),
            ("wlp2s0", &[("10.0.0.5", 24, "global")]),
        ]),
    );
    expect(
        "4.1.2.c",
        &t.live(&r),
        Status::Fail,
        &["cable (enp3s0)", "port of br0"],
    );
    // The box's neighbours behind br0 are practice devices, not local ones.
    let r = r.ok(
        "ip -j neigh show",
        r#"[{"dst":"192.168.1.1","dev":"br0","lladdr":"a4:3e:51:0a:0b:0c","state":["REACHABLE"]}]"#,
    );
    expect(
        "4.1.2.a",
        &t.live(&r),
        Status::Unknown,
        &["1 device(s) seen"],
    );
}

// ---------------------------------------------------------------------------
// 4.1.2.d — radios
// ---------------------------------------------------------------------------

fn rfkill(t: Tree, n: u32, kind: &str, name: &str, soft: bool, hard: bool) -> Tree {
    let dir = format!("/sys/class/rfkill/rfkill{n}");
    t.file(&format!("{dir}/type"), &format!("{kind}\n"))
        .file(&format!("{dir}/name"), &format!("{name}\n"))
        .file(&format!("{dir}/soft"), if soft { "1\n" } else { "0\n" })
        .file(&format!("{dir}/hard"), if hard { "1\n" } else { "0\n" })
}

/// A laptop: Wi-Fi card and Bluetooth adapter, both with rfkill switches.
fn laptop(wifi_blocked: bool, bt_blocked: bool) -> Tree {
    let t = iface(Tree::new(), "wlp2s0", Kind::Wifi, "up", true);
    let t = rfkill(t, 0, "wlan", "phy0", wifi_blocked, false);
    let t = rfkill(t, 1, "bluetooth", "hci0", bt_blocked, false).dir("/sys/class/bluetooth/hci0");
    unit(t, "bluetooth.service", true)
}

#[test]
fn radios_blocked_pass() {
    let r = FakeRunner::new().ok(
        UNITS_CMD,
        &systemctl(&[("bluetooth.service", "active", "enabled")]),
    );
    expect(
        "4.1.2.d",
        &laptop(true, true).live(&r),
        Status::Pass,
        &[
            "Wi-Fi turned off",
            "Bluetooth turned off",
            "/sys/class/rfkill/rfkill0",
            "soft blocked",
        ],
    );
}

#[test]
fn radios_on_are_left_to_the_practitioner() {
    let r = FakeRunner::new()
        .ok(
            UNITS_CMD,
            &systemctl(&[("bluetooth.service", "active", "enabled")]),
        )
        .ok(
            "ip -j addr show",
            &ip_addr(&[("wlp2s0", &[("192.168.1.12", 24, "global")])]),
        );
    expect(
        "4.1.2.d",
        &laptop(false, false).live(&r),
        Status::Unknown,
        &[
            "Wi-Fi on and connected",
            "Bluetooth on",
            "confirm they are used",
            "bluetooth.service",
        ],
    );
}

#[test]
fn radios_bluetooth_without_its_service_is_off() {
    let r = FakeRunner::new()
        .ok(
            UNITS_CMD,
            &systemctl(&[("bluetooth.service", "inactive", "disabled")]),
        )
        .ok("ip -j addr show", &ip_addr(&[("wlp2s0", &[])]));
    // Wi-Fi switch on but the interface is down.
    let t = iface(laptop(false, false), "wlp2s0", Kind::Wifi, "down", false);
    expect(
        "4.1.2.d",
        &t.live(&r),
        Status::Pass,
        &["interface down", "bluetooth service stopped"],
    );
}

#[test]
fn radios_wifi_unused_beside_a_cable() {
    let t = iface(laptop(false, true), "wlp2s0", Kind::Wifi, "down", true);
    let t = iface(t, "enp0s31f6", Kind::Ether, "up", true);
    let r = FakeRunner::new().ok(
        "ip -j addr show",
        &ip_addr(&[
            ("enp0s31f6", &[("192.168.1.10", 24, "global")]),
            ("wlp2s0", &[]),
        ]),
    );
    expect(
        "4.1.2.d",
        &t.live(&r),
        Status::Unknown,
        &["it seems unused", "Bluetooth turned off"],
    );
}

#[test]
fn radios_from_rfkill_json() {
    // No rfkill class in sysfs: `rfkill -J` (util-linux 2.39 spelling).
    let json = r#"{
   "rfkilldevices": [
      {"id": 0, "type": "wlan", "device": "phy0", "soft": "unblocked", "hard": "blocked"},
      {"id": 1, "type": "bluetooth", "device": "hci0", "soft": "blocked", "hard": "unblocked"}
   ]
}"#;
    let t = iface(Tree::new(), "wlp2s0", Kind::Wifi, "down", true);
    let r = FakeRunner::new().ok("rfkill -J", json);
    expect(
        "4.1.2.d",
        &t.live(&r),
        Status::Pass,
        &[
            "Wi-Fi turned off",
            "Bluetooth turned off",
            "$ rfkill -J",
            "hard blocked",
        ],
    );
    // rfkill that cannot open /dev/rfkill answers nothing usable.
    let r = FakeRunner::new().output(
        "rfkill -J",
        1,
        "{\"rfkilldevices\":[]}",
        "rfkill: cannot open /dev/rfkill: Permission denied\n",
    );
    let f = expect(
        "4.1.2.d",
        &t.live(&r),
        Status::Unknown,
        &["cannot open /dev/rfkill"],
    );
    assert!(f.needs_privileges);
}

#[test]
fn radios_absent_pass() {
    let t = iface(Tree::new(), "enp3s0", Kind::Ether, "up", true);
    expect(
        "4.1.2.d",
        &t.live(&FakeRunner::new()),
        Status::Pass,
        &["no Wi-Fi; no Bluetooth"],
    );
}

#[test]
fn radios_offline_are_unknown_with_the_service_on_disk() {
    expect(
        "4.1.2.d",
        &laptop(false, false).offline(),
        Status::Unknown,
        &[
            "hors ligne",
            "offline root",
            "bluetooth.service enabled (starts at boot)",
        ],
    );
}

// ---------------------------------------------------------------------------
// 3.1.1.d — UPS
// ---------------------------------------------------------------------------

const UPS_CONF: &str = "# Network UPS Tools: ups.conf\nmaxretry = 3\n\n[eaton]\n\tdriver = usbhid-ups\n\tport = auto\n\tdesc = \"Onduleur du cabinet\"\n";
const UPSC_EATON: &str = "battery.charge: 100\nbattery.runtime: 1560\ndevice.mfr: EATON\ndevice.model: Ellipse ECO 650\ndevice.type: ups\nups.status: OL\n";

fn nut(mode: &str) -> Tree {
    let t = Tree::new()
        .file("/etc/nut/nut.conf", &format!("# nut.conf\nMODE={mode}\n"))
        .file("/etc/nut/ups.conf", UPS_CONF)
        .file(
            "/etc/nut/upsmon.conf",
            "MONITOR eaton@localhost 1 upsmon mot-de-passe primary\nSHUTDOWNCMD \"/sbin/shutdown -h +0\"\n",
        );
    let t = unit(t, "nut-server.service", true);
    unit(t, "nut-monitor.service", true)
}

#[test]
fn ups_seen_by_nut_passes() {
    let r = FakeRunner::new()
        .ok(
            UNITS_CMD,
            &systemctl(&[
                ("nut-server.service", "active", "enabled"),
                ("nut-monitor.service", "active", "enabled"),
            ]),
        )
        .ok("upsc -l", "eaton\n")
        .ok("upsc eaton", UPSC_EATON);
    let f = expect(
        "3.1.1.d",
        &nut("standalone").live(&r),
        Status::Pass,
        &["EATON Ellipse ECO 650 OL, battery 100 %", "$ upsc eaton"],
    );
    assert!(!text(&f).contains("mot-de-passe"));
}

#[test]
fn ups_configured_but_silent_is_unknown() {
    let r = FakeRunner::new()
        .ok(
            UNITS_CMD,
            &systemctl(&[("nut-server.service", "failed", "enabled")]),
        )
        .output(
            "upsc -l",
            1,
            "",
            "Error: Connection failure: Connection refused\n",
        );
    expect(
        "3.1.1.d",
        &nut("standalone").live(&r),
        Status::Unknown,
        &[
            "does not answer",
            "Connection refused",
            "[eaton] driver usbhid-ups",
        ],
    );
    let r = FakeRunner::new().ok("upsc -l", "eaton\n").output(
        "upsc eaton",
        1,
        "",
        "Error: Data stale\n",
    );
    expect(
        "3.1.1.d",
        &nut("standalone").live(&r),
        Status::Unknown,
        &["Data stale"],
    );
}

#[test]
fn ups_configured_offline_passes_and_mode_none_does_not() {
    expect(
        "3.1.1.d",
        &nut("standalone").offline(),
        Status::Pass,
        &["offline root", "/etc/nut/ups.conf:4", "nut-server enabled"],
    );
    expect(
        "3.1.1.d",
        &nut("none").offline(),
        Status::Unknown,
        &["No UPS seen", "MODE none"],
    );
}

#[test]
fn ups_on_another_computer_through_nut_monitor() {
    let t = Tree::new()
        .file("/etc/ups/nut.conf", "MODE=netclient\n")
        .file(
            "/etc/ups/upsmon.conf",
            "MONITOR onduleur@192.168.1.5 1 monuser secret secondary\n",
        );
    let t = unit(t, "nut-monitor.service", true);
    let r = FakeRunner::new().ok(
        UNITS_CMD,
        &systemctl(&[("nut-monitor.service", "active", "enabled")]),
    );
    let f = expect(
        "3.1.1.d",
        &t.live(&r),
        Status::Pass,
        &[
            "onduleur@192.168.1.5 (UPS on another computer)",
            "/etc/ups/upsmon.conf:1",
        ],
    );
    assert!(!text(&f).contains("secret"));
    // nut-monitor stopped: not watched.
    let r = FakeRunner::new().ok(
        UNITS_CMD,
        &systemctl(&[("nut-monitor.service", "inactive", "enabled")]),
    );
    expect("3.1.1.d", &t.live(&r), Status::Unknown, &["No UPS seen"]);
}

#[test]
fn ups_seen_by_upower_apcupsd_or_the_kernel() {
    let t = unit(Tree::new(), "upower.service", true);
    let r = FakeRunner::new()
        .ok(UNITS_CMD, &systemctl(&[("upower.service", "active", "static")]))
        .ok("upower -e", "/org/freedesktop/UPower/devices/line_power_AC\n/org/freedesktop/UPower/devices/ups_hiddev0\n/org/freedesktop/UPower/devices/DisplayDevice\n");
    expect("3.1.1.d", &t.live(&r), Status::Pass, &["ups_hiddev0"]);
    // UPower not running: never started just to ask.
    let r = FakeRunner::new()
        .ok(
            UNITS_CMD,
            &systemctl(&[("upower.service", "inactive", "static")]),
        )
        .ok("upower -e", "/org/freedesktop/UPower/devices/ups_hiddev0\n");
    expect("3.1.1.d", &t.live(&r), Status::Unknown, &["No UPS seen"]);

    let t = Tree::new().file(
        "/etc/apcupsd/apcupsd.conf",
        "## apcupsd.conf\nUPSCABLE usb\nUPSTYPE usb\nDEVICE\n",
    );
    let t = unit(t, "apcupsd.service", true);
    let r = FakeRunner::new().ok("apcaccess status", "APC      : 001,036,0879\nSTATUS   : ONLINE \nMODEL    : Back-UPS ES 700G\nBCHARGE  : 100.0 Percent\n");
    expect(
        "3.1.1.d",
        &t.live(&r),
        Status::Pass,
        &["Back-UPS ES 700G ONLINE"],
    );
    let r = FakeRunner::new().ok("apcaccess status", "STATUS   : COMMLOST\n");
    expect(
        "3.1.1.d",
        &t.live(&r),
        Status::Unknown,
        &["does not answer", "COMMLOST"],
    );
    // apcupsd installed but not enabled, not answering: no UPS, not a silent one.
    let t = Tree::new().file("/etc/apcupsd/apcupsd.conf", "UPSCABLE usb\nUPSTYPE usb\n");
    let t = unit(t, "apcupsd.service", false);
    let r = FakeRunner::new().output(
        "apcaccess status",
        1,
        "",
        "Error contacting host localhost port 3551: Connection refused\n",
    );
    expect(
        "3.1.1.d",
        &t.live(&r),
        Status::Unknown,
        &["No UPS seen", "Connection refused"],
    );

    let t = Tree::new()
        .file("/sys/class/power_supply/AC/type", "Mains\n")
        .file("/sys/class/power_supply/ups0/type", "UPS\n");
    expect(
        "3.1.1.d",
        &t.live(&FakeRunner::new()),
        Status::Pass,
        &["ups0/type"],
    );
}

#[test]
fn ups_nothing_seen_is_unknown_never_fail() {
    expect(
        "3.1.1.d",
        &Tree::new().offline(),
        Status::Unknown,
        &["No UPS seen", "surge-protected"],
    );
    expect(
        "3.1.1.d",
        &desktop().live(&desktop_runner()),
        Status::Unknown,
        &["No UPS seen"],
    );
    // NUT files unreadable without rights (as a non-root audit sees them).
    let mut e = Tree::new().offline();
    network_of(&mut e).ups.nut_ups = Collected::Unreadable {
        source: "/etc/nut/ups.conf".into(),
        error: "permission denied".into(),
    };
    let f = expect("3.1.1.d", &e, Status::Unknown, &["/etc/nut/ups.conf"]);
    assert!(f.needs_privileges);
}
