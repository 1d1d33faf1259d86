//! Windows security checks (3.1.1.d, 4.1.2.*, 4.3.3.*, 4.3.4.*, 4.3.5.a,
//! 6.1.2.*), proved on the capture folders under
//! `tests/fixtures/captures/` (their `security/` part, read by
//! `windows::security::from_captures` on its own, independently of the
//! policy part) and on variants of them: each test copies a folder and
//! changes the files that make its case. A few tests go through the live
//! path with a `FakeRunner`.

use crate::common::{text, AS_OF};
use std::path::{Path, PathBuf};
use vigie_audit::{checks, Context, Finding, KnownDevice, Profile, Status};
use vigie_evidence::command::{FakeRunner, NoRunner};
use vigie_evidence::fs::RootFs;
use vigie_evidence::windows::security::{self as sec, SecurityEvidence};
use vigie_evidence::windows::WindowsEvidence;
use vigie_evidence::{
    collect, Collected, Evidence, Platform, Sys, Target, TargetKind, EVIDENCE_FORMAT,
    EVIDENCE_FORMAT_VERSION,
};

const FR11: &str = "windows-11-fr-pro";
const FR10: &str = "windows-10-fr-pro";
const EN11: &str = "windows-11-en-home";

fn captures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captures")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A capture folder's security part, copied so that a test can change it.
struct Capture {
    dir: tempfile::TempDir,
}

impl Capture {
    fn of(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &captures().join(name).join("security"),
            &dir.path().join("security"),
        );
        Capture { dir }
    }

    fn path(&self, file: &str) -> PathBuf {
        self.dir.path().join("security").join(file)
    }

    /// Replaces a command's output (and drops its error file).
    fn file(self, file: &str, text: &str) -> Self {
        let _ = std::fs::remove_file(self.path(&format!("{file}.error")));
        std::fs::write(self.path(file), text).unwrap();
        self
    }

    /// Makes a command fail with this error file.
    fn error(self, file: &str, text: &str) -> Self {
        let _ = std::fs::remove_file(self.path(file));
        std::fs::write(self.path(&format!("{file}.error")), text).unwrap();
        self
    }

    /// Removes a command's files: not captured.
    fn remove(self, file: &str) -> Self {
        let _ = std::fs::remove_file(self.path(file));
        let _ = std::fs::remove_file(self.path(&format!("{file}.error")));
        self
    }

    /// Edits a file's text.
    fn edit(self, file: &str, from: &str, to: &str) -> Self {
        let bytes = std::fs::read(self.path(file)).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains(from), "{file} lacks {from:?}");
        let edited = text.replace(from, to);
        std::fs::write(self.path(file), edited).unwrap();
        self
    }

    /// A saved Wi-Fi profile.
    fn wlan(self, file: &str, xml: &str) -> Self {
        std::fs::write(self.path(&format!("wlan/{file}")), xml).unwrap();
        self
    }

    fn security(&self) -> SecurityEvidence {
        sec::from_captures(self.dir.path()).unwrap()
    }

    fn evidence(&self) -> Evidence {
        evidence_of(self.security())
    }
}

/// The fixture as it is.
fn fixture(name: &str) -> Evidence {
    evidence_of(sec::from_captures(&captures().join(name)).unwrap())
}

/// Evidence holding only this part (captured the day before the audit).
fn evidence_of(security: SecurityEvidence) -> Evidence {
    Evidence {
        format: EVIDENCE_FORMAT.into(),
        format_version: EVIDENCE_FORMAT_VERSION,
        tool_version: "test".into(),
        collected_at: time::macros::datetime!(2026-11-27 09:30 UTC),
        collection_us: 0,
        target: Target {
            kind: TargetKind::Live,
            host: Some("poste".into()),
            root: None,
            platform: Platform::Windows,
            os: Collected::NotCollected {
                reason: "the policy part reads it".into(),
            },
            privileged: false,
        },
        linux: None,
        windows: Some(WindowsEvidence {
            policy: Default::default(),
            security,
        }),
        macos: None,
    }
}

fn eval_known(id: &str, evidence: &Evidence, known: &[KnownDevice]) -> Finding {
    let check = checks::check_for(id, Platform::Windows)
        .unwrap_or_else(|| panic!("no Windows check for {id}"));
    let profile = Profile::memento_2013();
    (check.evaluate)(&Context {
        known_devices: known,
        ..Context::new(evidence, &profile, AS_OF)
    })
}

#[track_caller]
fn expect(id: &str, evidence: &Evidence, status: Status, mentions: &[&str]) -> Finding {
    expect_known(id, evidence, &[], status, mentions)
}

#[track_caller]
fn expect_known(
    id: &str,
    evidence: &Evidence,
    known: &[KnownDevice],
    status: Status,
    mentions: &[&str],
) -> Finding {
    let f = eval_known(id, evidence, known);
    let shown = text(&f);
    assert_eq!(f.status, status, "{id}: {shown}");
    for m in mentions {
        assert!(
            shown.contains(m),
            "{id}: expected a mention of {m:?} in:\n{shown}"
        );
    }
    f
}

// ---------------------------------------------------------------------------
// The three capture folders, requirement by requirement.
// ---------------------------------------------------------------------------

#[test]
fn every_table_of_every_fixture_is_read() {
    for name in [FR11, FR10, EN11] {
        let s = sec::from_captures(&captures().join(name)).unwrap();
        assert!(s.os.value().is_some(), "{name}: os");
        assert!(s.defender.value().is_some(), "{name}: defender");
        assert!(s.firewall_profiles.value().is_some(), "{name}: firewall");
        assert!(s.adapters.value().is_some(), "{name}: adapters");
        assert!(s.neighbours.value().is_some(), "{name}: neighbours");
        assert!(s.wifi_profiles.value().is_some(), "{name}: wifi");
        assert!(s.licensing.value().is_some(), "{name}: licensing");
        assert_eq!(s.registry.len(), 11, "{name}: registry");
        assert_eq!(s.event_logs.len(), 3, "{name}: event logs");
        // Nothing is NotCollected: every command of the script has its file.
        let json = serde_json::to_string(&s).unwrap();
        assert!(!json.contains("not_collected"), "{name}: {json}");
        // No Wi-Fi key ever reaches evidence.
        assert!(!json.contains("keyMaterial") && !json.contains("sharedKey"));
        // Evidence round-trips (deny_unknown_fields everywhere).
        let back: SecurityEvidence = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }
}

#[test]
fn every_requirement_of_this_part_has_a_windows_check() {
    for id in [
        "3.1.1.d", "4.1.2.a", "4.1.2.b", "4.1.2.c", "4.1.2.d", "4.3.3.a", "4.3.3.b", "4.3.3.c",
        "4.3.4.a", "4.3.4.b", "4.3.5.a", "6.1.2.a", "6.1.2.b",
    ] {
        assert!(checks::check_for(id, Platform::Windows).is_some(), "{id}");
    }
}

// --- 3.1.1.d UPS -----------------------------------------------------------

#[test]
fn ups_on_a_desktop_is_seen() {
    expect(
        "3.1.1.d",
        &fixture(FR11),
        Status::Pass,
        &["Back-UPS", "ChassisTypes"],
    );
}

#[test]
fn a_laptop_battery_is_not_a_ups() {
    let f = expect(
        "3.1.1.d",
        &fixture(FR10),
        Status::Unknown,
        &["DELL 7FHHV04", "10"],
    );
    assert!(f.declaration_decides);
    let f = expect("3.1.1.d", &fixture(EN11), Status::Unknown, &["multiprise"]);
    assert!(f.declaration_decides);
}

#[test]
fn a_ups_on_a_laptop_says_so() {
    let e = Capture::of(EN11)
        .file(
            "batteries.json",
            r#"[{"Name":"Primary","DeviceID":"SunwodaL23D3PF1","Chemistry":2,"BatteryStatus":2,"EstimatedChargeRemaining":100},
                {"Name":"Eaton 5E 850i","DeviceID":"G303K12345 EATON Eaton 5E 850i","Chemistry":2,"BatteryStatus":2,"EstimatedChargeRemaining":100}]"#,
        )
        .evidence();
    expect("3.1.1.d", &e, Status::Pass, &["Eaton 5E"]);
    let e = Capture::of(EN11)
        .file(
            "batteries.json",
            r#"{"Name":"HID UPS Battery","DeviceID":"X","Chemistry":3,"BatteryStatus":2}"#,
        )
        .evidence();
    expect("3.1.1.d", &e, Status::Pass, &["HID UPS Battery"]);
}

#[test]
fn any_battery_of_a_desktop_is_a_ups() {
    let e = Capture::of(FR11)
        .file(
            "batteries.json",
            r#"{"Name":"Batterie","DeviceID":"1","Chemistry":2,"BatteryStatus":2}"#,
        )
        .evidence();
    expect("3.1.1.d", &e, Status::Pass, &["Batterie"]);
    // No battery at all on the desktop: nothing seen.
    let e = Capture::of(FR11).file("batteries.json", "").evidence();
    let f = expect("3.1.1.d", &e, Status::Unknown, &["Aucun onduleur"]);
    assert!(f.declaration_decides);
}

#[test]
fn ups_unreadable_or_chassis_unknown() {
    let e = Capture::of(FR11)
        .error(
            "batteries.json",
            "exit=1\nMetadataError HRESULT 0x8004100e\nInvalid class",
        )
        .evidence();
    expect(
        "3.1.1.d",
        &e,
        Status::Unknown,
        &["Win32_Battery", "0x8004100e"],
    );
    let e = Capture::of(FR10).remove("chassis.json").evidence();
    expect("3.1.1.d", &e, Status::Unknown, &["boîtier"]);
}

// --- 4.1.2.a devices on the network ----------------------------------------

fn known(macs: &[&str]) -> Vec<KnownDevice> {
    macs.iter()
        .map(|m| KnownDevice {
            mac: m.to_string(),
            label: None,
        })
        .collect()
}

#[test]
fn devices_seen_are_named_for_the_practitioner() {
    let f = expect(
        "4.1.2.a",
        &fixture(FR11),
        Status::Unknown,
        &[
            "3 appareil(s)",
            "Sagemcom",
            "Synology",
            "Brother",
            "passerelle",
        ],
    );
    assert!(f.declaration_decides);
    // Multicast, broadcast, unresolved and loopback entries are not devices.
    assert!(!text(&f).contains("01:00:5e"));
    assert!(!text(&f).contains("192.168.1.37"));
}

#[test]
fn devices_against_the_practice_list() {
    let all = known(&[
        "04:e3:1a:5c:20:91",
        "90:09:d0:2a:11:6c",
        "3c:2a:f4:b8:05:e2",
    ]);
    expect_known(
        "4.1.2.a",
        &fixture(FR11),
        &all,
        Status::Pass,
        &["3 appareils"],
    );
    let some = known(&["04:e3:1a:5c:20:91", "90:09:d0:2a:11:6c"]);
    expect_known(
        "4.1.2.a",
        &fixture(FR11),
        &some,
        Status::Fail,
        &["3c:2a:f4:b8:05:e2", "Brother"],
    );
}

#[test]
fn one_device_reached_by_two_cards_counts_once_and_random_addresses_are_named() {
    let f = expect(
        "4.1.2.a",
        &fixture(FR10),
        Status::Unknown,
        &["3 appareil(s)", "adresse aléatoire", "HP Inc."],
    );
    assert!(text(&f).contains("Ethernet, Wi-Fi"), "{}", text(&f));
}

#[test]
fn neighbours_of_virtual_adapters_are_this_computer() {
    let e = Capture::of(FR11)
        .file(
            "net-adapters.json",
            r#"[{"Name":"Ethernet","ifIndex":7,"Status":"Up","MediaType":"802.3","PhysicalMediaType":"802.3","Virtual":false,"HardwareInterface":true},
                {"Name":"vEthernet (Default Switch)","InterfaceDescription":"Hyper-V Virtual Ethernet Adapter","ifIndex":25,"Status":"Up","MediaType":"802.3","PhysicalMediaType":"Unspecified","Virtual":true,"HardwareInterface":false}]"#,
        )
        .file(
            "neighbours.json",
            r#"[{"ifIndex":7,"InterfaceAlias":"Ethernet","IPAddress":"192.168.1.1","LinkLayerAddress":"04-E3-1A-5C-20-91","State":"Reachable"},
                {"ifIndex":25,"InterfaceAlias":"vEthernet (Default Switch)","IPAddress":"172.22.160.5","LinkLayerAddress":"00-15-5D-01-02-03","State":"Stale"}]"#,
        )
        .evidence();
    let f = expect(
        "4.1.2.a",
        &e,
        Status::Unknown,
        &["1 appareil(s)", "Hyper-V"],
    );
    assert!(!text(&f).contains("00:15:5d"));
}

#[test]
fn neighbour_table_unreadable_or_empty() {
    let e = Capture::of(FR11)
        .error(
            "neighbours.json",
            "exit=1\nNotSpecified CimException\nErreur générique",
        )
        .evidence();
    expect(
        "4.1.2.a",
        &e,
        Status::Unknown,
        &["voisins", "Erreur générique"],
    );
    let e = Capture::of(FR11).file("neighbours.json", "").evidence();
    expect("4.1.2.a", &e, Status::Unknown, &["Aucun appareil"]);
}

// --- 4.1.2.b Wi-Fi protection ------------------------------------------------

const WLAN_TEMPLATE: &str = r#"<?xml version="1.0"?>
<WLANProfile xmlns="http://www.microsoft.com/networking/WLAN/profile/v1">
	<name>NAME</name>
	<SSIDConfig><SSID><name>NAME</name></SSID></SSIDConfig>
	<connectionType>ESS</connectionType>
	<connectionMode>auto</connectionMode>
	<MSM><security><authEncryption>
		<authentication>AUTH</authentication>
		<encryption>ENC</encryption>
		<useOneX>ONEX</useOneX>
	</authEncryption></security></MSM>
</WLANProfile>"#;

fn profile(name: &str, auth: &str, enc: &str, one_x: bool) -> String {
    WLAN_TEMPLATE
        .replace("NAME", name)
        .replace("AUTH", auth)
        .replace("ENC", enc)
        .replace("ONEX", if one_x { "true" } else { "false" })
}

#[test]
fn wpa2_and_wpa3_networks_pass() {
    expect(
        "4.1.2.b",
        &fixture(EN11),
        Status::Pass,
        &["2 réseau(x)", "WPA3SAE", "Cabinet-5G"],
    );
}

#[test]
fn an_open_network_saved_fails() {
    let f = expect(
        "4.1.2.b",
        &fixture(FR10),
        Status::Fail,
        &["FreeWifi", "ouvert"],
    );
    assert!(!text(&f).contains("« Cabinet-Medical »"));
}

#[test]
fn no_wifi_adapter_no_profile_is_not_applicable() {
    expect(
        "4.1.2.b",
        &fixture(FR11),
        Status::NotApplicable,
        &["pas de carte Wi-Fi"],
    );
    let e = Capture::of(EN11)
        .remove("wlan/Wi-Fi-Cabinet-5G.xml")
        .remove("wlan/Wi-Fi-Cabinet.xml")
        .evidence();
    expect("4.1.2.b", &e, Status::Pass, &["Aucun réseau Wi-Fi"]);
}

#[test]
fn weak_wifi_protections_fail() {
    for (auth, enc, one_x, why) in [
        ("WPAPSK", "TKIP", false, "WPA (première version)"),
        ("WPA", "AES", true, "WPA (première version)"),
        ("WPA2PSK", "TKIP", false, "TKIP"),
        ("shared", "WEP", false, "WEP"),
        ("open", "WEP", false, "WEP"),
        ("open", "WEP", true, "WEP dynamique"),
        ("OWE", "GCMP256", false, "Enhanced Open"),
    ] {
        let e = Capture::of(EN11)
            .wlan("Wi-Fi-Vieux.xml", &profile("Vieux", auth, enc, one_x))
            .evidence();
        expect("4.1.2.b", &e, Status::Fail, &["Vieux", why]);
    }
    // Enterprise WPA2/WPA3 are fine.
    let e = Capture::of(EN11)
        .wlan("Wi-Fi-Ent.xml", &profile("Ent", "WPA2", "AES", true))
        .wlan(
            "Wi-Fi-Ent3.xml",
            &profile("Ent3", "WPA3ENT192", "GCMP256", true),
        )
        .evidence();
    expect("4.1.2.b", &e, Status::Pass, &["4 réseau(x)"]);
}

#[test]
fn wifi_profiles_unknown_unreadable_or_not_captured() {
    let e = Capture::of(EN11)
        .wlan("Wi-Fi-X.xml", &profile("X", "WPA4", "AES", false))
        .evidence();
    expect("4.1.2.b", &e, Status::Unknown, &["X", "WPA4"]);
    let e = Capture::of(EN11).wlan("Wi-Fi-Bad.xml", "<oops").evidence();
    expect("4.1.2.b", &e, Status::Unknown, &["Wi-Fi-Bad.xml"]);
    let c = Capture::of(EN11);
    std::fs::remove_dir_all(c.path("wlan")).unwrap();
    expect(
        "4.1.2.b",
        &c.evidence(),
        Status::Unknown,
        &["non relevé", "security/wlan"],
    );
}

// --- 4.1.2.c wired and Wi-Fi at once ----------------------------------------

#[test]
fn wired_and_wifi_at_once_fails() {
    expect(
        "4.1.2.c",
        &fixture(FR10),
        Status::Fail,
        &["Ethernet", "Wi-Fi", "192.168.1.23", "192.168.1.42"],
    );
}

#[test]
fn one_connection_passes() {
    expect(
        "4.1.2.c",
        &fixture(FR11),
        Status::Pass,
        &["câble seulement (Ethernet)"],
    );
    // The USB Ethernet adapter is disconnected, with a link-local address.
    expect(
        "4.1.2.c",
        &fixture(EN11),
        Status::Pass,
        &["Wi-Fi seulement (Wi-Fi)", "Ethernet 2"],
    );
}

#[test]
fn an_adapter_up_with_only_a_link_local_address_is_not_connected() {
    let e = Capture::of(EN11)
        .edit("net-adapters.json", "\"Disconnected\"", "\"Up\"")
        .evidence();
    expect("4.1.2.c", &e, Status::Pass, &["Wi-Fi seulement"]);
    // Addresses not captured: up counts as connected.
    let e = Capture::of(EN11)
        .edit("net-adapters.json", "\"Disconnected\"", "\"Up\"")
        .remove("ip-addresses.json")
        .evidence();
    expect("4.1.2.c", &e, Status::Fail, &["adresses IP non listées"]);
}

#[test]
fn adapters_unreadable() {
    let e = Capture::of(FR10)
        .error("net-adapters.json", "exit=1\nNotSpecified\nÉchec")
        .evidence();
    expect("4.1.2.c", &e, Status::Unknown, &["Cartes réseau"]);
}

// --- 4.1.2.d radios ------------------------------------------------------------

#[test]
fn no_radio_passes() {
    expect(
        "4.1.2.d",
        &fixture(FR11),
        Status::Pass,
        &["Pas de Wi-Fi", "pas de Bluetooth"],
    );
}

#[test]
fn radios_on_are_for_the_practitioner_to_confirm() {
    let f = expect(
        "4.1.2.d",
        &fixture(FR10),
        Status::Unknown,
        &[
            "Wi-Fi activé et connecté",
            "Bluetooth activé",
            "2 appareil(s) appairé(s)",
        ],
    );
    assert!(f.declaration_decides);
    let f = expect(
        "4.1.2.d",
        &fixture(EN11),
        Status::Unknown,
        &["Wi-Fi activé", "Bluetooth désactivé", "CM_PROB_DISABLED"],
    );
    assert!(f.declaration_decides);
}

#[test]
fn radios_disabled_pass() {
    let e = Capture::of(EN11)
        .edit(
            "net-adapters.json",
            "\"Status\":  \"Up\"",
            "\"Status\":  \"Disabled\"",
        )
        .evidence();
    expect(
        "4.1.2.d",
        &e,
        Status::Pass,
        &["Wi-Fi désactivé", "Bluetooth désactivé"],
    );
    // Bluetooth Support Service disabled: no Bluetooth use possible.
    let e = Capture::of(FR10)
        .edit(
            "net-adapters.json",
            "\"Status\":  \"Up\",\r\n        \"MacAddress\":  \"A4-C3-F0-6B-2E-19\"",
            "\"Status\":  \"Disabled\",\r\n        \"MacAddress\":  \"A4-C3-F0-6B-2E-19\"",
        )
        .edit("services.json", "\"Name\":  \"bthserv\",\r\n        \"Status\":  \"Running\",\r\n        \"StartType\":  \"Manual\"", "\"Name\":  \"bthserv\",\r\n        \"Status\":  \"Stopped\",\r\n        \"StartType\":  \"Disabled\"")
        .evidence();
    expect("4.1.2.d", &e, Status::Pass, &["Bluetooth inutilisable"]);
}

#[test]
fn bluetooth_unreadable_is_not_off() {
    let e = Capture::of(FR11)
        .error("bluetooth.json", "exit=1\nNotSpecified\nx")
        .evidence();
    expect("4.1.2.d", &e, Status::Unknown, &["Bluetooth non vérifié"]);
}

// --- 4.3.3.a antivirus ---------------------------------------------------------

#[test]
fn defender_up_to_date_passes() {
    expect(
        "4.3.3.a",
        &fixture(FR11),
        Status::Pass,
        &[
            "Microsoft Defender",
            "signatures de 1 jour(s)",
            "AntivirusSignatureLastUpdated",
        ],
    );
    expect(
        "4.3.3.a",
        &fixture(EN11),
        Status::Pass,
        &["signatures de 2 jour(s)", "falsifications"],
    );
}

#[test]
fn a_third_party_antivirus_out_of_date_fails() {
    expect(
        "4.3.3.a",
        &fixture(FR10),
        Status::Fail,
        &["Avast Antivirus", "pas à jour", "266256", "Passive Mode"],
    );
}

#[test]
fn a_third_party_antivirus_up_to_date_passes_on_security_centers_word() {
    let e = Capture::of(FR10)
        .edit("av-products.json", "266256", "266240")
        .evidence();
    expect(
        "4.3.3.a",
        &e,
        Status::Pass,
        &["Avast Antivirus", "Centre de sécurité"],
    );
    for (state, why) in [
        ("266240", "actif"),
        ("262144", "désactivé"),
        ("270336", "pause"),
        ("274432", "expiré"),
    ] {
        let e = Capture::of(FR10)
            .edit("av-products.json", "266256", state)
            .evidence();
        let f = eval_known("4.3.3.a", &e, &[]);
        assert!(text(&f).contains(why), "{state}: {}", text(&f));
    }
}

#[test]
fn stale_signatures_or_real_time_off_fail() {
    let e = Capture::of(FR11)
        .edit(
            "defender.json",
            "2026-11-27T05:41:09.0000000Z",
            "2026-11-10T05:41:09.0000000Z",
        )
        .evidence();
    expect(
        "4.3.3.a",
        &e,
        Status::Fail,
        &["18 jours", "au-delà de 7 jours"],
    );
    let e = Capture::of(FR11)
        .edit(
            "defender.json",
            "\"RealTimeProtectionEnabled\":  true",
            "\"RealTimeProtectionEnabled\":  false",
        )
        .evidence();
    expect("4.3.3.a", &e, Status::Fail, &["temps réel est désactivée"]);
}

#[test]
fn signature_age_without_a_date_counts_from_collection() {
    let e = Capture::of(FR11)
        .file(
            "defender.json",
            r#"{"AMRunningMode":"Normal","AMServiceEnabled":true,"AntivirusEnabled":true,"RealTimeProtectionEnabled":true,"IsTamperProtected":true,"AntivirusSignatureAge":6}"#,
        )
        .evidence();
    // 6 days at collection (27 November), 7 at the audit date.
    expect("4.3.3.a", &e, Status::Pass, &["signatures de 7 jour(s)"]);
    let e = Capture::of(FR11)
        .file(
            "defender.json",
            r#"{"AMRunningMode":"Normal","AMServiceEnabled":true,"AntivirusEnabled":true,"RealTimeProtectionEnabled":true,"AntivirusSignatureAge":65535}"#,
        )
        .evidence();
    expect("4.3.3.a", &e, Status::Unknown, &["date de ses signatures"]);
}

#[test]
fn no_antivirus_running_fails() {
    let e = Capture::of(FR11)
        .file(
            "defender.json",
            r#"{"AMRunningMode":"Not running","AMServiceEnabled":false,"AntivirusEnabled":false,"RealTimeProtectionEnabled":false}"#,
        )
        .edit("av-products.json", "397568", "393472")
        .evidence();
    expect("4.3.3.a", &e, Status::Fail, &["désactivé", "Not running"]);
    // Passive Defender and nothing else registered: something is wrong.
    let e = Capture::of(FR11)
        .file(
            "defender.json",
            r#"{"AMRunningMode":"Passive Mode","AMServiceEnabled":true,"AntivirusEnabled":true,"RealTimeProtectionEnabled":false}"#,
        )
        .evidence();
    expect("4.3.3.a", &e, Status::Unknown, &["mode passif"]);
}

#[test]
fn windows_server_has_no_security_center() {
    let e = Capture::of(FR11)
        .error(
            "av-products.json",
            "exit=1\nMetadataError HRESULT 0x8004100e,Get-CimInstance\nEspace de noms non valide",
        )
        .evidence();
    expect(
        "4.3.3.a",
        &e,
        Status::Pass,
        &["Microsoft Defender", "Espace de noms non valide"],
    );
}

#[test]
fn security_center_stands_in_for_an_unreadable_defender() {
    let e = Capture::of(FR11)
        .error(
            "defender.json",
            "exit=1\nNotSpecified HRESULT 0x800106ba,Get-MpComputerStatus\nx",
        )
        .evidence();
    expect("4.3.3.a", &e, Status::Pass, &["Windows Defender", "397568"]);
    let e = Capture::of(FR11)
        .error(
            "defender.json",
            "exit=1\nNotSpecified HRESULT 0x800106ba,Get-MpComputerStatus\nx",
        )
        .file("av-products.json", "")
        .evidence();
    expect(
        "4.3.3.a",
        &e,
        Status::Unknown,
        &["Get-MpComputerStatus", "0x800106ba"],
    );
}

// --- 4.3.3.b firewall ------------------------------------------------------------

#[test]
fn firewall_on_for_every_profile_passes() {
    expect(
        "4.3.3.b",
        &fixture(FR11),
        Status::Pass,
        &[
            "réseau utilisé : profil privé",
            "Private profile",
            "StandardProfile\\EnableFirewall",
        ],
    );
    expect("4.3.3.b", &fixture(EN11), Status::Pass, &["Cabinet-5G"]);
}

#[test]
fn firewall_off_on_the_network_in_use_fails() {
    expect(
        "4.3.3.b",
        &fixture(FR10),
        Status::Fail,
        &[
            "réseau utilisé en ce moment",
            "public (désactivé)",
            "Cabinet-Medical",
            "PublicProfile\\EnableFirewall",
            "0x0",
        ],
    );
}

#[test]
fn firewall_off_on_an_unused_profile_still_fails_but_domain_is_a_note() {
    let e = Capture::of(FR11)
        .edit(
            "firewall-profiles.json",
            "\"Name\":  \"Public\",\r\n        \"Enabled\":  \"True\"",
            "\"Name\":  \"Public\",\r\n        \"Enabled\":  \"False\"",
        )
        .evidence();
    expect(
        "4.3.3.b",
        &e,
        Status::Fail,
        &["le jour où", "public (désactivé)"],
    );
    let e = Capture::of(FR11)
        .edit(
            "firewall-profiles.json",
            "\"Name\":  \"Domain\",\r\n        \"Enabled\":  \"True\"",
            "\"Name\":  \"Domain\",\r\n        \"Enabled\":  \"False\"",
        )
        .evidence();
    expect("4.3.3.b", &e, Status::Pass, &["profil domaine, inutilisé"]);
}

#[test]
fn inbound_allowed_by_default_fails() {
    let e = Capture::of(EN11)
        .edit(
            "firewall-profiles.json",
            "\"Name\":  \"Private\",\r\n        \"Enabled\":  \"True\",\r\n        \"DefaultInboundAction\":  \"Block\"",
            "\"Name\":  \"Private\",\r\n        \"Enabled\":  \"True\",\r\n        \"DefaultInboundAction\":  \"Allow\"",
        )
        .evidence();
    expect(
        "4.3.3.b",
        &e,
        Status::Fail,
        &["laisse entrer les connexions"],
    );
}

#[test]
fn the_firewall_service_stopped_fails() {
    let e = Capture::of(FR11)
        .edit(
            "services.json",
            "\"Name\":  \"mpssvc\",\r\n        \"Status\":  \"Running\"",
            "\"Name\":  \"mpssvc\",\r\n        \"Status\":  \"Stopped\"",
        )
        .evidence();
    expect("4.3.3.b", &e, Status::Fail, &["mpssvc"]);
}

#[test]
fn a_third_party_firewall_on_replaces_windows_firewall() {
    let e = Capture::of(FR10)
        .file(
            "firewall-products.json",
            r#"{"displayName":"ESET Firewall","productState":69632,"pathToSignedProductExe":"C:\\Program Files\\ESET\\ESET Security\\ecmds.exe"}"#,
        )
        .evidence();
    expect(
        "4.3.3.b",
        &e,
        Status::Pass,
        &["ESET Firewall", "remplace le pare-feu Windows"],
    );
    // Its logging is in its own console.
    let e = Capture::of(FR11)
        .file(
            "firewall-products.json",
            r#"{"displayName":"ESET Firewall","productState":69632}"#,
        )
        .edit(
            "firewall-profiles.json",
            "\"Enabled\":  \"True\"",
            "\"Enabled\":  \"False\"",
        )
        .evidence();
    expect("6.1.2.b", &e, Status::Unknown, &["propre console"]);
}

#[test]
fn without_the_effective_state_the_registry_can_only_fail() {
    let e = Capture::of(FR10)
        .error("firewall-profiles.json", "exit=1\nNotSpecified\nx")
        .evidence();
    expect(
        "4.3.3.b",
        &e,
        Status::Fail,
        &["le registre le désactive", "public"],
    );
    let e = Capture::of(FR11)
        .error("firewall-profiles.json", "exit=1\nNotSpecified\nx")
        .evidence();
    expect(
        "4.3.3.b",
        &e,
        Status::Unknown,
        &["État effectif du pare-feu"],
    );
    // A policy that turns the firewall off wins over the local setting.
    let e = Capture::of(FR11)
        .error("firewall-profiles.json", "exit=1\nNotSpecified\nx")
        .file(
            "reg-firewall-policy.txt",
            "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\r\n\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\PrivateProfile\r\n    EnableFirewall    REG_DWORD    0x0\r\n\r\n",
        )
        .evidence();
    expect(
        "4.3.3.b",
        &e,
        Status::Fail,
        &["privé", "PrivateProfile\\EnableFirewall"],
    );
}

#[test]
fn networks_unknown_require_private_and_public() {
    let e = Capture::of(FR10)
        .remove("connection-profiles.json")
        .evidence();
    expect(
        "4.3.3.b",
        &e,
        Status::Fail,
        &["réseaux connectés n'ont pas pu être lus"],
    );
}

// --- 4.3.3.c encryption ----------------------------------------------------------

#[test]
fn bitlocker_on_every_volume_passes() {
    expect(
        "4.3.3.c",
        &fixture(FR11),
        Status::Pass,
        &["C:, D:", "Tpm RecoveryPassword"],
    );
}

#[test]
fn device_encryption_waiting_for_activation_and_a_usb_stick_in_clear_fail() {
    expect(
        "4.3.3.c",
        &fixture(EN11),
        Status::Fail,
        &[
            "E: (amovible) n'est pas chiffré",
            "C: : chiffré mais protection désactivée",
            "Chiffrement de l'appareil",
            "BitLocker To Go",
        ],
    );
}

#[test]
fn bitlocker_needs_administrator_rights() {
    let f = expect(
        "4.3.3.c",
        &fixture(FR10),
        Status::Unknown,
        &["administrateur", "0x80041003"],
    );
    assert!(f.needs_privileges);
}

#[test]
fn manage_bde_is_the_fallback() {
    // French manage-bde output, cmdlet unavailable.
    let e = Capture::of(FR11)
        .error(
            "bitlocker.json",
            "exit=1\nObjectNotFound CommandNotFoundException\nGet-BitLockerVolume",
        )
        .evidence();
    expect("4.3.3.c", &e, Status::Pass, &["manage-bde.txt"]);
    // English manage-bde output: the same failure as the cmdlet's.
    let e = Capture::of(EN11)
        .error(
            "bitlocker.json",
            "exit=1\nObjectNotFound CommandNotFoundException\nGet-BitLockerVolume",
        )
        .evidence();
    expect(
        "4.3.3.c",
        &e,
        Status::Fail,
        &["protection désactivée", "E: (amovible)"],
    );
}

#[test]
fn a_removable_drive_bitlocker_does_not_list_is_in_clear() {
    let e = Capture::of(FR11)
        .file(
            "logical-disks.json",
            r#"[{"DeviceID":"C:","DriveType":3,"FileSystem":"NTFS"},{"DeviceID":"D:","DriveType":3,"FileSystem":"NTFS"},{"DeviceID":"F:","DriveType":2,"FileSystem":"exFAT","VolumeName":"PATIENTS"}]"#,
        )
        .evidence();
    expect("4.3.3.c", &e, Status::Fail, &["F: (amovible)", "PATIENTS"]);
}

#[test]
fn a_plain_data_disk_fails_and_encryption_in_progress_is_unknown() {
    let e = Capture::of(FR11)
        .edit(
            "bitlocker.json",
            "\"MountPoint\":  \"D:\",\r\n        \"VolumeType\":  \"Data\",\r\n        \"VolumeStatus\":  \"FullyEncrypted\"",
            "\"MountPoint\":  \"D:\",\r\n        \"VolumeType\":  \"Data\",\r\n        \"VolumeStatus\":  \"FullyDecrypted\"",
        )
        .evidence();
    expect(
        "4.3.3.c",
        &e,
        Status::Fail,
        &["D: (données) n'est pas chiffré"],
    );
    let e = Capture::of(FR11)
        .edit(
            "bitlocker.json",
            "\"MountPoint\":  \"D:\",\r\n        \"VolumeType\":  \"Data\",\r\n        \"VolumeStatus\":  \"FullyEncrypted\"",
            "\"MountPoint\":  \"D:\",\r\n        \"VolumeType\":  \"Data\",\r\n        \"VolumeStatus\":  \"EncryptionInProgress\"",
        )
        .evidence();
    expect("4.3.3.c", &e, Status::Unknown, &["en cours", "D:"]);
}

// --- 4.3.4.a end of life -----------------------------------------------------------

#[test]
fn a_supported_feature_update_passes() {
    expect(
        "4.3.4.a",
        &fixture(FR11),
        Status::Pass,
        &[
            "Windows 11 25H2 Home/Pro",
            "12 octobre 2027",
            "EditionID",
            "Professional",
        ],
    );
}

#[test]
fn a_feature_update_past_its_end_fails() {
    expect(
        "4.3.4.a",
        &fixture(EN11),
        Status::Fail,
        &["Windows 11 24H2 Home/Pro", "13 octobre 2026", "Core"],
    );
}

#[test]
fn windows_10_fails_with_the_esu_note() {
    expect(
        "4.3.4.a",
        &fixture(FR10),
        Status::Fail,
        &[
            "Windows 10 22H2",
            "14 octobre 2025",
            "ESU",
            "Aucune licence de mises à jour étendues",
        ],
    );
}

const ESU_YEAR_2: &str = r#"[{"Name":"Windows(R), Professional edition","Description":"Windows(R) Operating System, OEM_DM channel","ID":"4de7cb65-cdf1-4de9-8ae8-e3cce27b9f2c","LicenseStatus":1,"ProductKeyChannel":"OEM:DM"},
{"Name":"Windows(R), Client-ESU-Year2 add-on for Professional","Description":"Windows(R) Operating System, VOLUME_MAK channel","ID":"1043add5-23b1-4afb-9a0f-64343c8f3f8d","LicenseStatus":1,"ProductKeyChannel":"Volume:MAK"}]"#;

#[test]
fn an_active_esu_licence_keeps_windows_10_maintained() {
    let e = Capture::of(FR10)
        .file("licensing.json", ESU_YEAR_2)
        .evidence();
    expect(
        "4.3.4.a",
        &e,
        Status::Pass,
        &[
            "ESU",
            "12 octobre 2027",
            "1043add5-23b1-4afb-9a0f-64343c8f3f8d",
        ],
    );
    // Year 1 only: it ended on 13 October 2026.
    let e = Capture::of(FR10)
        .file(
            "licensing.json",
            &ESU_YEAR_2.replace(
                "1043add5-23b1-4afb-9a0f-64343c8f3f8d",
                "f520e45e-7413-4a34-a497-d2765967d094",
            ),
        )
        .evidence();
    expect(
        "4.3.4.a",
        &e,
        Status::Fail,
        &["Aucune licence de mises à jour étendues"],
    );
    // Licensed but not activated: not active.
    let e = Capture::of(FR10)
        .file(
            "licensing.json",
            &ESU_YEAR_2.replace(
                "\"LicenseStatus\":1,\"ProductKeyChannel\":\"Volume:MAK\"",
                "\"LicenseStatus\":0,\"ProductKeyChannel\":\"Volume:MAK\"",
            ),
        )
        .evidence();
    expect("4.3.4.a", &e, Status::Fail, &["ESU"]);
}

#[test]
fn enterprise_windows_10_within_esu_years_names_the_consumer_program() {
    let e = Capture::of(FR10)
        .edit(
            "reg-currentversion.txt",
            "EditionID    REG_SZ    Professional",
            "EditionID    REG_SZ    Enterprise",
        )
        .evidence();
    expect(
        "4.3.4.a",
        &e,
        Status::Fail,
        &[
            "Windows 10 22H2 Enterprise/Education",
            "10 octobre 2028",
            "grand public",
            "Paramètres > Windows Update",
        ],
    );
}

#[test]
fn older_feature_updates_and_ltsc() {
    let e = Capture::of(FR10)
        .edit(
            "reg-currentversion.txt",
            "CurrentBuild    REG_SZ    19045",
            "CurrentBuild    REG_SZ    19044",
        )
        .edit(
            "reg-currentversion.txt",
            "DisplayVersion    REG_SZ    22H2",
            "DisplayVersion    REG_SZ    21H2",
        )
        .evidence();
    expect(
        "4.3.4.a",
        &e,
        Status::Fail,
        &["plus ancien que Windows 10 22H2 Home/Pro"],
    );
    let e = Capture::of(FR10)
        .edit(
            "reg-currentversion.txt",
            "CurrentBuild    REG_SZ    19045",
            "CurrentBuild    REG_SZ    19044",
        )
        .edit(
            "reg-currentversion.txt",
            "DisplayVersion    REG_SZ    22H2",
            "DisplayVersion    REG_SZ    21H2",
        )
        .edit(
            "reg-currentversion.txt",
            "EditionID    REG_SZ    Professional",
            "EditionID    REG_SZ    EnterpriseS",
        )
        .evidence();
    expect(
        "4.3.4.a",
        &e,
        Status::Pass,
        &["LTSC 2021", "12 janvier 2027", "Attention"],
    );
}

#[test]
fn servers_and_unreadable_versions_are_unknown() {
    let e = Capture::of(FR11)
        .edit(
            "reg-currentversion.txt",
            "InstallationType    REG_SZ    Client",
            "InstallationType    REG_SZ    Server",
        )
        .edit(
            "reg-currentversion.txt",
            "EditionID    REG_SZ    Professional",
            "EditionID    REG_SZ    ServerStandard",
        )
        .evidence();
    expect("4.3.4.a", &e, Status::Unknown, &["serveur"]);
    let e = Capture::of(FR11)
        .error("reg-currentversion.txt", "exit=1\nERREUR : Accès refusé.")
        .evidence();
    let f = expect("4.3.4.a", &e, Status::Unknown, &["Version de Windows"]);
    assert!(f.needs_privileges);
}

// --- 4.3.4.b updates -----------------------------------------------------------------

#[test]
fn a_fix_installed_this_month_passes() {
    expect(
        "4.3.4.b",
        &fixture(FR11),
        Status::Pass,
        &["2026-11-12", "16 jours", "KB5072014", "NoAutoUpdate"],
    );
}

#[test]
fn no_fix_for_a_year_fails() {
    // Defender's signatures and the removal tool do not count.
    let f = expect(
        "4.3.4.b",
        &fixture(FR10),
        Status::Fail,
        &["2025-10-15", "deuxième mardi"],
    );
    assert!(!f.reason.fr.contains("2026-11-05"));
}

#[test]
fn paused_updates_fail() {
    expect(
        "4.3.4.b",
        &fixture(EN11),
        Status::Fail,
        &["suspendues jusqu'au 2026-12-10", "PauseUpdatesExpiryTime"],
    );
    // A pause that has already ended does not count.
    let e = Capture::of(EN11)
        .edit(
            "reg-wu-ux.txt",
            "2026-12-10T09:12:44Z",
            "2026-11-20T09:12:44Z",
        )
        .evidence();
    expect("4.3.4.b", &e, Status::Pass, &["2026-10-15", "44 jours"]);
}

const WU_POLICY: &str = "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\r\n\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU\r\n    VALUE\r\n\r\n";

#[test]
fn automatic_updates_turned_off_fail() {
    for (value, mention) in [
        ("NoAutoUpdate    REG_DWORD    0x1", "NoAutoUpdate = 1"),
        ("AUOptions    REG_DWORD    0x2", "AUOptions = 2"),
        ("AUOptions    REG_DWORD    0x3", "AUOptions = 3"),
    ] {
        let e = Capture::of(FR11)
            .file("reg-wu-policy.txt", &WU_POLICY.replace("VALUE", value))
            .evidence();
        expect("4.3.4.b", &e, Status::Fail, &[mention]);
    }
    let e = Capture::of(FR11)
        .file(
            "reg-wu-policy.txt",
            &WU_POLICY.replace("VALUE", "AUOptions    REG_DWORD    0x4"),
        )
        .evidence();
    expect("4.3.4.b", &e, Status::Pass, &["AUOptions", "0x4"]);
    let e = Capture::of(FR11)
        .edit(
            "services.json",
            "\"Name\":  \"wuauserv\",\r\n        \"Status\":  \"Running\",\r\n        \"StartType\":  \"Manual\"",
            "\"Name\":  \"wuauserv\",\r\n        \"Status\":  \"Stopped\",\r\n        \"StartType\":  \"Disabled\"",
        )
        .evidence();
    expect("4.3.4.b", &e, Status::Fail, &["wuauserv", "désactivé"]);
}

#[test]
fn a_pending_restart_is_pointed_out() {
    let e = Capture::of(FR11)
        .edit(
            "reg-wu-autoupdate.txt",
            "Auto Update\\RequestedAppCategories",
            "Auto Update\\RebootRequired\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RequestedAppCategories",
        )
        .evidence();
    expect(
        "4.3.4.b",
        &e,
        Status::Pass,
        &["redémarrage est en attente", "RebootRequired present"],
    );
}

#[test]
fn update_dates_from_either_source() {
    let e = Capture::of(FR11)
        .error("hotfixes.json", "exit=1\nNotSpecified\nx")
        .evidence();
    expect("4.3.4.b", &e, Status::Pass, &["KB5072014", "2026-11-12"]);
    let e = Capture::of(FR11)
        .error("hotfixes.json", "exit=1\nNotSpecified\nx")
        .error("update-history.json", "exit=1\nNotSpecified\ny")
        .evidence();
    expect(
        "4.3.4.b",
        &e,
        Status::Unknown,
        &["Get-HotFix", "Windows Update"],
    );
}

// --- 4.3.5.a authentic software --------------------------------------------------------

#[test]
fn activated_windows_passes() {
    expect(
        "4.3.5.a",
        &fixture(FR11),
        Status::Pass,
        &[
            "Professional edition",
            "1 (licensed)",
            "SmartScreen n'est pas désactivé",
            "Warn",
        ],
    );
    expect("4.3.5.a", &fixture(FR10), Status::Pass, &["OEM_DM"]);
    expect("4.3.5.a", &fixture(EN11), Status::Pass, &["Core edition"]);
}

#[test]
fn a_local_kms_emulator_fails() {
    let e = Capture::of(FR11)
        .file(
            "licensing.json",
            r#"{"Name":"Windows(R), Professional edition","Description":"Windows(R) Operating System, VOLUME_KMSCLIENT channel","ID":"2de67392-b7a7-462a-b1ca-108dd189f588","LicenseStatus":1,"ProductKeyChannel":"Volume:GVLK","KeyManagementServiceMachine":"127.0.0.2"}"#,
        )
        .evidence();
    expect(
        "4.3.5.a",
        &e,
        Status::Fail,
        &["127.0.0.2", "émulateurs KMS"],
    );
    let e = Capture::of(FR11)
        .file(
            "licensing.json",
            r#"{"Name":"Windows(R), Professional edition","Description":"Windows(R) Operating System, VOLUME_KMSCLIENT channel","LicenseStatus":1,"ProductKeyChannel":"Volume:GVLK","KeyManagementServiceMachine":"","DiscoveredKeyManagementServiceMachineName":"kms.cabinet.local"}"#,
        )
        .evidence();
    expect(
        "4.3.5.a",
        &e,
        Status::Pass,
        &["licences en volume", "kms.cabinet.local"],
    );
}

#[test]
fn unlicensed_or_in_grace() {
    let e = Capture::of(FR11)
        .edit(
            "licensing.json",
            "\"LicenseStatus\":  1",
            "\"LicenseStatus\":  5",
        )
        .evidence();
    expect("4.3.5.a", &e, Status::Fail, &["5 (notification)"]);
    let e = Capture::of(FR11)
        .edit(
            "licensing.json",
            "\"LicenseStatus\":  1",
            "\"LicenseStatus\":  2",
        )
        .evidence();
    expect("4.3.5.a", &e, Status::Unknown, &["période de grâce"]);
    let e = Capture::of(FR11).file("licensing.json", "").evidence();
    expect("4.3.5.a", &e, Status::Unknown, &["Aucune licence"]);
}

#[test]
fn smartscreen_off_is_said_but_does_not_decide() {
    let e = Capture::of(FR11)
        .file(
            "reg-system-policy.txt",
            "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\System\r\n    EnableSmartScreen    REG_DWORD    0x0\r\n\r\n",
        )
        .evidence();
    expect(
        "4.3.5.a",
        &e,
        Status::Pass,
        &["SmartScreen est désactivé", "EnableSmartScreen"],
    );
}

// --- 6.1.2.a system logging ---------------------------------------------------------------

#[test]
fn logs_recording_and_logons_audited_pass() {
    expect(
        "6.1.2.a",
        &fixture(FR11),
        Status::Pass,
        &[
            "Ouvrir la session {0CCE9215-69AE-11D9-BED3-505054503030}",
            "Succès et échec",
            "20 MB",
        ],
    );
}

#[test]
fn a_log_that_never_overwrites_fails() {
    expect(
        "6.1.2.a",
        &fixture(EN11),
        Status::Fail,
        &["Sécurité", "jamais écraser", "retention: true"],
    );
    // Archiving when full is fine.
    let e = Capture::of(EN11)
        .edit(
            "wevtutil-security.txt",
            "autoBackup: false",
            "autoBackup: true",
        )
        .evidence();
    expect("6.1.2.a", &e, Status::Pass, &["Logon {0CCE9215"]);
}

#[test]
fn audit_policy_needs_administrator_rights() {
    let f = expect(
        "6.1.2.a",
        &fixture(FR10),
        Status::Unknown,
        &["0x00000522", "administrateur"],
    );
    assert!(f.needs_privileges);
}

#[test]
fn logging_stopped_fails() {
    let e = Capture::of(FR11)
        .edit(
            "services.json",
            "\"Name\":  \"EventLog\",\r\n        \"Status\":  \"Running\"",
            "\"Name\":  \"EventLog\",\r\n        \"Status\":  \"Stopped\"",
        )
        .evidence();
    expect("6.1.2.a", &e, Status::Fail, &["EventLog"]);
    let e = Capture::of(FR11)
        .edit("wevtutil-system.txt", "enabled: true", "enabled: false")
        .evidence();
    expect(
        "6.1.2.a",
        &e,
        Status::Fail,
        &["journal Système est désactivé"],
    );
    let e = Capture::of(FR11)
        .edit(
            "auditpol.csv",
            "Ouvrir la session,{0CCE9215-69AE-11D9-BED3-505054503030},Succès et échec",
            "Ouvrir la session,{0CCE9215-69AE-11D9-BED3-505054503030},Aucun audit",
        )
        .evidence();
    expect(
        "6.1.2.a",
        &e,
        Status::Fail,
        &["ouvertures de session ne sont pas journalisées"],
    );
}

// --- 6.1.2.b antivirus and firewall logging --------------------------------------------------

#[test]
fn defender_and_firewall_logging_pass() {
    expect(
        "6.1.2.b",
        &fixture(FR11),
        Status::Pass,
        &[
            "Antivirus : Microsoft Defender consigne",
            "Pare-feu : le pare-feu Windows consigne",
            "LogBlocked True",
        ],
    );
}

#[test]
fn the_firewall_not_logging_fails() {
    expect(
        "6.1.2.b",
        &fixture(EN11),
        Status::Fail,
        &[
            "ne consigne pas les connexions qu'il bloque (profil privé)",
            "LogDroppedPackets",
        ],
    );
    // Dropped packets audited in the Security log instead.
    let e = Capture::of(EN11)
        .edit(
            "auditpol.csv",
            "Filtering Platform Packet Drop,{0CCE9225-69AE-11D9-BED3-505054503030},No Auditing",
            "Filtering Platform Packet Drop,{0CCE9225-69AE-11D9-BED3-505054503030},Failure",
        )
        .evidence();
    expect("6.1.2.b", &e, Status::Pass, &["journal Sécurité"]);
}

#[test]
fn no_working_antivirus_or_firewall_fails_logging() {
    expect(
        "6.1.2.b",
        &fixture(FR10),
        Status::Fail,
        &["pas d'antivirus opérationnel", "pare-feu inactif"],
    );
}

#[test]
fn defender_log_disabled_fails_and_other_antivirus_is_unknown() {
    let e = Capture::of(FR11)
        .edit("wevtutil-defender.txt", "enabled: true", "enabled: false")
        .evidence();
    expect(
        "6.1.2.b",
        &e,
        Status::Fail,
        &["journal de Microsoft Defender est désactivé"],
    );
    let e = Capture::of(FR10)
        .edit("av-products.json", "266256", "266240")
        .edit(
            "firewall-profiles.json",
            "\"Enabled\":  \"False\"",
            "\"Enabled\":  \"True\"",
        )
        .evidence();
    expect(
        "6.1.2.b",
        &e,
        Status::Fail,
        &["Avast Antivirus tient ses journaux", "ne consigne pas"],
    );
}

// ---------------------------------------------------------------------------
// The live path: the same commands through `sys.command`.
// ---------------------------------------------------------------------------

fn ps_line(item: &sec::PsItem) -> String {
    let args = item.args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    vigie_evidence::command::command_line("powershell", &args)
}

fn reg_line(key: &str, recursive: bool) -> String {
    let mut args = vec!["query", key];
    if recursive {
        args.push("/s");
    }
    vigie_evidence::command::command_line("reg", &args)
}

fn fixture_text(folder: &str, file: &str) -> String {
    let bytes = std::fs::read(captures().join(folder).join("security").join(file)).unwrap();
    vigie_evidence::windows::text::decode(&bytes)
}

fn live(runner: &FakeRunner) -> Evidence {
    let dir = tempfile::tempdir().unwrap();
    let fs = RootFs::new(dir.path());
    collect(
        &Sys::new(&fs, runner, false),
        TargetKind::Live,
        None,
        Some("poste".into()),
        Platform::Windows,
    )
}

#[test]
fn live_collection_runs_the_same_commands() {
    let runner = FakeRunner::new()
        .ok(&ps_line(&sec::PS_DEFENDER), &fixture_text(FR11, "defender.json"))
        .ok(&ps_line(&sec::PS_AV_PRODUCTS), &fixture_text(FR11, "av-products.json"))
        .ok(
            &reg_line(sec::REG_CURRENT_VERSION, false),
            &fixture_text(FR11, "reg-currentversion.txt"),
        )
        .output(
            &reg_line(sec::REG_WU_POLICY, true),
            1,
            "",
            "ERREUR : le système n’a pas trouvé la clé ou la valeur de Registre spécifiée.",
        )
        .output(
            &ps_line(&sec::PS_BITLOCKER),
            1,
            "",
            "Get-BitLockerVolume : Accès refusé.\n    + CategoryInfo          : PermissionDenied: (MSFT_BitLockerVolume) [Get-BitLockerVolume], CimException\n    + FullyQualifiedErrorId : HRESULT 0x80041003,Get-BitLockerVolume",
        )
        .output(
            "manage-bde -status",
            -2147024891,
            "ERREUR : une tentative d’accès à une ressource requise a été refusée.",
            "",
        );
    let e = live(&runner);
    let s = &e.windows.as_ref().unwrap().security;
    assert!(
        matches!(&s.defender, Collected::Ok { source, .. } if source == "$ powershell Get-MpComputerStatus")
    );
    assert!(matches!(
        s.registry.get(sec::REG_WU_POLICY),
        Some(Collected::Missing { .. })
    ));
    // Commands not answered are "not found" here (Missing).
    assert!(matches!(s.hotfixes, Collected::Missing { .. }));
    expect("4.3.3.a", &e, Status::Pass, &["Get-MpComputerStatus"]);
    expect("4.3.4.a", &e, Status::Pass, &["25H2"]);
    let f = expect(
        "4.3.3.c",
        &e,
        Status::Unknown,
        &["Accès refusé", "administrateur"],
    );
    assert!(f.needs_privileges);
}

#[test]
fn offline_windows_is_not_audited() {
    let dir = tempfile::tempdir().unwrap();
    let fs = RootFs::new(dir.path());
    let e = collect(
        &Sys::new(&fs, &NoRunner, false),
        TargetKind::Root,
        Some(dir.path().display().to_string()),
        None,
        Platform::Windows,
    );
    expect("4.3.3.a", &e, Status::Unknown, &["racine hors ligne"]);
    expect("4.3.4.b", &e, Status::Unknown, &["racine hors ligne"]);
}
