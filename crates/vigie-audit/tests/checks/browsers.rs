//! 4.3.1.g: browsers must not offer to save passwords — Firefox (package,
//! snap, Flatpak) and Chromium-based browsers, their policies and users'
//! profiles.

use crate::common::*;
use vigie_audit::Status;
use vigie_evidence::Collected;

const FF_POLICY_OFF: &str = r#"{"policies": {"PasswordManagerEnabled": false}}"#;

/// One person, jdupont, with a home.
fn system() -> Tree {
    Tree::new()
        .file("/etc/login.defs", "UID_MIN 1000\nUID_MAX 60000\n")
        .file(
            "/etc/passwd",
            "root:x:0:0:root:/root:/bin/bash\njdupont:x:1000:1000:Jean Dupont:/home/jdupont:/bin/bash\n",
        )
        .dir("/home/jdupont")
}

fn firefox() -> Tree {
    system().file("/usr/lib/firefox/firefox", "ELF")
}

fn firefox_profile(tree: Tree, prefs: &str) -> Tree {
    tree.file(
        "/home/jdupont/.mozilla/firefox/profiles.ini",
        "[Profile0]\nName=default-release\nIsRelative=1\nPath=abcd.default-release\nDefault=1\n\n[General]\nStartWithLastProfile=1\nVersion=2\n",
    )
    .file(
        "/home/jdupont/.mozilla/firefox/abcd.default-release/prefs.js",
        &format!("// Mozilla User Preferences\nuser_pref(\"browser.startup.page\", 3);\n{prefs}"),
    )
}

#[test]
fn no_browser_is_not_applicable() {
    expect("4.3.1.g", &system().offline(), Status::NotApplicable, &[]);
}

#[test]
fn firefox_without_policy_fails_with_the_fix() {
    expect(
        "4.3.1.g",
        &firefox().offline(),
        Status::Fail,
        &[
            "Firefox",
            "/etc/firefox/policies/policies.json",
            "première utilisation",
            "absent",
        ],
    );
}

#[test]
fn firefox_policy_disables_saving() {
    let ev = firefox()
        .file("/etc/firefox/policies/policies.json", FF_POLICY_OFF)
        .offline();
    expect(
        "4.3.1.g",
        &ev,
        Status::Pass,
        &["stratégie", "PasswordManagerEnabled false"],
    );
    let ev = firefox()
        .file(
            "/etc/firefox/policies/policies.json",
            r#"{"policies": {"OfferToSaveLogins": false}}"#,
        )
        .offline();
    expect("4.3.1.g", &ev, Status::Pass, &["OfferToSaveLogins"]);
    let ev = firefox()
        .file(
            "/etc/firefox/policies/policies.json",
            r#"{"policies": {"Preferences": {"signon.rememberSignons": {"Value": false, "Status": "locked"}}}}"#,
        )
        .offline();
    expect("4.3.1.g", &ev, Status::Pass, &["signon.rememberSignons"]);
    // The distribution folder counts when /etc has no file.
    let ev = firefox()
        .file("/usr/lib/firefox/distribution/policies.json", FF_POLICY_OFF)
        .offline();
    expect(
        "4.3.1.g",
        &ev,
        Status::Pass,
        &["/usr/lib/firefox/distribution/policies.json"],
    );
}

#[test]
fn firefox_system_file_replaces_the_distribution_file() {
    let ev = firefox()
        .file("/usr/lib/firefox/distribution/policies.json", FF_POLICY_OFF)
        .file(
            "/etc/firefox/policies/policies.json",
            r#"{"policies": {"DisableTelemetry": true}}"#,
        )
        .offline();
    expect("4.3.1.g", &ev, Status::Fail, &["Firefox"]);
    // Invalid JSON: Firefox applies no policy at all.
    let ev = firefox()
        .file(
            "/etc/firefox/policies/policies.json",
            r#"{"policies": {"PasswordManagerEnabled": false,}}"#,
        )
        .offline();
    expect("4.3.1.g", &ev, Status::Fail, &["JSON"]);
}

#[test]
fn firefox_default_only_policy_is_not_enough() {
    let ev = firefox()
        .file(
            "/etc/firefox/policies/policies.json",
            r#"{"policies": {"OfferToSaveLoginsDefault": false}}"#,
        )
        .offline();
    expect("4.3.1.g", &ev, Status::Fail, &["recommandée"]);
    // With a profile that keeps the default, the default is off.
    let ev = firefox_profile(
        firefox().file(
            "/etc/firefox/policies/policies.json",
            r#"{"policies": {"OfferToSaveLoginsDefault": false}}"#,
        ),
        "",
    )
    .offline();
    expect("4.3.1.g", &ev, Status::Pass, &["chaque profil"]);
}

#[test]
fn firefox_user_settings() {
    let ev =
        firefox_profile(firefox(), "user_pref(\"signon.rememberSignons\", false);\n").offline();
    expect(
        "4.3.1.g",
        &ev,
        Status::Pass,
        &[
            "chaque profil",
            "abcd.default-release/prefs.js:3 signon.rememberSignons false",
        ],
    );
    let ev = firefox_profile(firefox(), "").offline();
    expect(
        "4.3.1.g",
        &ev,
        Status::Fail,
        &["abcd.default-release (jdupont)"],
    );
    // user.js is applied after prefs.js at every start.
    let ev = firefox_profile(firefox(), "user_pref(\"signon.rememberSignons\", false);\n")
        .file(
            "/home/jdupont/.mozilla/firefox/abcd.default-release/user.js",
            "user_pref(\"signon.rememberSignons\", true);\n",
        )
        .offline();
    expect("4.3.1.g", &ev, Status::Fail, &["user.js:1"]);
}

#[test]
fn unreadable_homes_without_policy_are_unknown() {
    let ev = firefox().offline();
    let mut ev = ev;
    for b in &mut ev.linux.as_mut().unwrap().browsers.browsers {
        b.unreadable_homes.push("mmartin".into());
    }
    let f = expect("4.3.1.g", &ev, Status::Unknown, &["~mmartin"]);
    assert!(f.needs_privileges);
}

#[test]
fn snap_firefox_reads_the_system_policy() {
    let tree = system().dir("/snap/firefox/current/usr/lib/firefox");
    expect(
        "4.3.1.g",
        &tree.offline(),
        Status::Fail,
        &["Firefox (snap)"],
    );
    let ev = tree
        .file("/etc/firefox/policies/policies.json", FF_POLICY_OFF)
        .offline();
    expect("4.3.1.g", &ev, Status::Pass, &["Firefox (snap)"]);
    // Its profiles live under ~/snap.
    let ev = system()
        .dir("/snap/firefox/current")
        .file(
            "/home/jdupont/snap/firefox/common/.mozilla/firefox/profiles.ini",
            "[Profile0]\nPath=x.default\nIsRelative=1\n",
        )
        .file(
            "/home/jdupont/snap/firefox/common/.mozilla/firefox/x.default/prefs.js",
            "user_pref(\"signon.rememberSignons\", false);\n",
        )
        .offline();
    expect("4.3.1.g", &ev, Status::Pass, &["snap/firefox/common"]);
}

#[test]
fn flatpak_firefox_reads_its_extension() {
    let tree = system().dir("/var/lib/flatpak/app/org.mozilla.firefox/current/active/files");
    expect("4.3.1.g", &tree.offline(), Status::Fail, &["Flatpak"]);
    let ev = tree
        .file(
            "/var/lib/flatpak/extension/org.mozilla.firefox.systemconfig/x86_64/stable/policies/policies.json",
            FF_POLICY_OFF,
        )
        .offline();
    expect("4.3.1.g", &ev, Status::Pass, &["systemconfig"]);
}

#[test]
fn chromium_recommended_only_fails_and_managed_passes() {
    let tree = system().file("/usr/lib/chromium/chromium", "ELF");
    let tree = tree.file(
        "/etc/chromium/policies/recommended/passwords.json",
        r#"{"PasswordManagerEnabled": false}"#,
    );
    let ev = tree.offline();
    expect(
        "4.3.1.g",
        &ev,
        Status::Fail,
        &["Chromium", "recommandée", "/etc/chromium/policies/managed/"],
    );
    let ev = tree
        .file(
            "/etc/chromium/policies/managed/passwords.json",
            r#"{"PasswordManagerEnabled": false}"#,
        )
        .offline();
    expect(
        "4.3.1.g",
        &ev,
        Status::Pass,
        &["/etc/chromium/policies/managed/passwords.json"],
    );
}

#[test]
fn chromium_last_managed_file_wins() {
    let ev = system()
        .file("/opt/google/chrome/chrome", "ELF")
        .file(
            "/etc/opt/chrome/policies/managed/a.json",
            r#"{"PasswordManagerEnabled": false}"#,
        )
        .file(
            "/etc/opt/chrome/policies/managed/z.json",
            r#"{"PasswordManagerEnabled": true, "x": 1,}"#,
        )
        .offline();
    expect(
        "4.3.1.g",
        &ev,
        Status::Fail,
        &["Google Chrome", "impose", "z.json"],
    );
    // An invalid file is ignored by the browser; a trailing comma is not invalid.
    let ev = system()
        .file("/opt/google/chrome/chrome", "ELF")
        .file(
            "/etc/opt/chrome/policies/managed/a.json",
            "{\"PasswordManagerEnabled\": false,\n}\n",
        )
        .file("/etc/opt/chrome/policies/managed/b.json", "{ not json")
        .offline();
    expect("4.3.1.g", &ev, Status::Pass, &["a.json"]);
}

#[test]
fn chromium_profile_settings() {
    let tree = system().file("/opt/microsoft/msedge/msedge", "ELF");
    let tree = tree.file(
        "/home/jdupont/.config/microsoft-edge/Default/Preferences",
        r#"{"credentials_enable_service": false, "profile": {"name": "Personnel"}}"#,
    );
    let ev = tree.offline();
    expect(
        "4.3.1.g",
        &ev,
        Status::Pass,
        &["Microsoft Edge", "credentials_enable_service"],
    );
    let ev = tree
        .file(
            "/home/jdupont/.config/microsoft-edge/Default/Preferences",
            r#"{"profile": {"name": "Personnel"}}"#,
        )
        .file(
            "/home/jdupont/.config/microsoft-edge/Profile 1/Preferences",
            r#"{"credentials_enable_service": false}"#,
        )
        .offline();
    expect(
        "4.3.1.g",
        &ev,
        Status::Fail,
        &["microsoft-edge/Default (jdupont)"],
    );
}

#[test]
fn every_browser_is_judged() {
    let ev = firefox()
        .file("/etc/firefox/policies/policies.json", FF_POLICY_OFF)
        .file("/opt/brave.com/brave/brave", "ELF")
        .offline();
    let f = expect(
        "4.3.1.g",
        &ev,
        Status::Fail,
        &["Brave", "/etc/brave/policies/managed/"],
    );
    assert!(!f.reason.fr.contains("Firefox :"), "{}", f.reason.fr);
}

#[test]
fn flatpak_chromium_with_a_host_policy_is_unknown() {
    let ev = system()
        .dir("/var/lib/flatpak/app/com.google.Chrome/current/active")
        .file(
            "/etc/opt/chrome/policies/managed/p.json",
            r#"{"PasswordManagerEnabled": false}"#,
        )
        .offline();
    expect("4.3.1.g", &ev, Status::Unknown, &["Flatpak"]);
}

#[test]
fn unreadable_policy_is_unknown() {
    let mut ev = firefox()
        .file("/etc/firefox/policies/policies.json", FF_POLICY_OFF)
        .offline();
    for b in &mut ev.linux.as_mut().unwrap().browsers.browsers {
        b.policies[0].file = Collected::Unreadable {
            source: "/etc/firefox/policies/policies.json".into(),
            error: "permission denied".into(),
        };
    }
    let f = expect("4.3.1.g", &ev, Status::Unknown, &["illisible"]);
    assert!(f.needs_privileges);
}
