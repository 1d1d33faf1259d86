//! Tests for macos evaluators: three capture folders (macos-15: a managed
//! Mac mini that follows the memento; macos-14: a MacBook left with
//! macOS's defaults; macos-13: an iMac half configured by hand), read
//! through `CapturedEvidence` exactly as `vigie collect --from-captures`
//! does, and variants of them for the cases a folder does not show.
//! Each capture is judged the day after it was taken.

use crate::common::*;
use vigie_audit::{checks, Context, Finding, KnownDevice, Profile, Status};
use vigie_evidence::captures::CapturedEvidence;
use vigie_evidence::macos::MacosEvidence;
use vigie_evidence::{Collected, Evidence, EvidenceSource, Platform};

fn capture(name: &str) -> Evidence {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/captures")
        .join(name);
    CapturedEvidence { path }
        .evidence()
        .expect("capture folder reads")
}

/// A capture with its macOS tables changed.
fn variant(name: &str, change: impl FnOnce(&mut MacosEvidence)) -> Evidence {
    let mut e = capture(name);
    change(e.macos.as_mut().expect("macOS tables"));
    e
}

fn day_after(e: &Evidence) -> time::Date {
    e.collected_at.date().next_day().unwrap()
}

fn eval_at(id: &str, e: &Evidence, as_of: time::Date, known: &[KnownDevice]) -> Finding {
    let check =
        checks::check_for(id, Platform::Macos).unwrap_or_else(|| panic!("no macOS check for {id}"));
    let profile = Profile::memento_2013();
    (check.evaluate)(&Context {
        known_devices: known,
        ..Context::new(e, &profile, as_of)
    })
}

#[track_caller]
fn check(f: Finding, id: &str, status: Status, mentions: &[&str]) -> Finding {
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

/// Judged the day after the capture.
#[track_caller]
fn mac(id: &str, e: &Evidence, status: Status, mentions: &[&str]) -> Finding {
    check(eval_at(id, e, day_after(e), &[]), id, status, mentions)
}

/// Judged `days` after the capture.
#[track_caller]
fn mac_later(id: &str, e: &Evidence, days: i64, status: Status, mentions: &[&str]) -> Finding {
    let at = e.collected_at.date() + time::Duration::days(days);
    check(eval_at(id, e, at, &[]), id, status, mentions)
}

fn not_collected<T>() -> Collected<T> {
    Collected::NotCollected {
        reason: "absent from the capture folder (x.txt)".into(),
    }
}

fn denied<T>(source: &str) -> Collected<T> {
    Collected::Unreadable {
        source: source.into(),
        error: "permission denied".into(),
    }
}

#[test]
fn capture_folders_become_macos_evidence_with_the_system_identity() {
    let e = capture("macos-15");
    assert_eq!(e.target.platform, Platform::Macos);
    assert_eq!(e.target.host.as_deref(), Some("Mac-mini-de-Cabinet"));
    assert_eq!(e.collected_at.date(), time::macros::date!(2024 - 11 - 27));
    let os = e.target.os.value().expect("os identity");
    assert_eq!(os.id.as_deref(), Some("macos"));
    assert_eq!(os.version_id.as_deref(), Some("15.1"));
    assert_eq!(os.pretty_name.as_deref(), Some("macOS 15.1 Sequoia"));
    assert!(e.linux.is_none() && e.windows.is_none());
    // The evidence survives a round trip through an evidence file.
    let json = serde_json::to_string(&e).unwrap();
    let back = vigie_evidence::parse_evidence(std::path::Path::new("e.json"), &json).unwrap();
    assert_eq!(back, e);
    // No password hash, no Kerberos realm: only whether an account is disabled.
    assert!(!json.contains("SALTED-SHA512") && !json.contains("LKDC"));
    // Localized descriptions of the policies are not kept.
    assert!(!json.contains("Saisissez"));
}

#[test]
fn a_command_missing_from_a_capture_is_not_collected_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vigie-capture.txt"), "platform=macos\n").unwrap();
    std::fs::write(
        dir.path().join("sw_vers.txt"),
        "ProductName:\t\tmacOS\nProductVersion:\t\t14.7.1\nBuildVersion:\t\t23H222\n",
    )
    .unwrap();
    let e = CapturedEvidence {
        path: dir.path().to_path_buf(),
    }
    .evidence()
    .unwrap();
    let m = e.macos.as_ref().unwrap();
    assert_eq!(
        e.target.os.value().unwrap().pretty_name.as_deref(),
        Some("macOS 14.7.1 Sonoma")
    );
    match &m.policy.account_policies {
        Collected::NotCollected { reason } => {
            assert!(
                reason.contains("pwpolicy-getaccountpolicies.txt"),
                "{reason}"
            )
        }
        other => panic!("{other:?}"),
    }
    mac(
        "4.3.1.a",
        &e,
        Status::Unknown,
        &["pwpolicy-getaccountpolicies.txt"],
    );
    mac("4.3.3.b", &e, Status::Unknown, &["socketfilterfw"]);
}

#[test]
fn a_bad_capture_date_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vigie-capture.txt"),
        "platform=macos\ncaptured_at=yesterday\n",
    )
    .unwrap();
    let err = CapturedEvidence {
        path: dir.path().to_path_buf(),
    }
    .evidence()
    .unwrap_err();
    assert!(err.to_string().contains("captured_at"), "{err}");
}

// ---------------------------------------------------------------- passwords

#[test]
fn password_rules_from_a_passcode_profile_pass() {
    let e = capture("macos-15");
    mac(
        "4.3.1.a",
        &e,
        Status::Pass,
        &["12", "minLength", "Simple sequences"],
    );
    mac(
        "4.3.1.b",
        &e,
        Status::Pass,
        &["minComplexChars", "requireAlphanumeric"],
    );
    mac(
        "4.3.1.c",
        &e,
        Status::Pass,
        &["90 days", "policyAttributeExpiresEveryNDays=90"],
    );
    mac("4.3.1.d", &e, Status::Pass, &["5 passwords"]);
    mac("4.3.1.e", &e, Status::Pass, &["policyAttributeRecordName"]);
    mac(
        "5.2.2.b",
        &e,
        Status::Pass,
        &["3 failed attempts", "15 minutes", "autoEnableInSeconds=900"],
    );
}

#[test]
fn a_mac_without_any_policy_fails_every_password_rule() {
    let e = capture("macos-14");
    for id in [
        "4.3.1.a", "4.3.1.b", "4.3.1.c", "4.3.1.d", "4.3.1.e", "5.2.2.b",
    ] {
        mac(id, &e, Status::Fail, &["no global account policy"]);
    }
    mac("4.3.1.a", &e, Status::Fail, &["No minimum password length"]);
    mac("5.2.2.b", &e, Status::Fail, &["unlimited"]);
}

#[test]
fn legacy_pwpolicy_settings_are_judged_by_their_values() {
    let e = capture("macos-13");
    mac(
        "4.3.1.a",
        &e,
        Status::Fail,
        &["8 characters", "com.apple.policy.legacy.minChars"],
    );
    mac(
        "4.3.1.b",
        &e,
        Status::Fail,
        &["without a special character"],
    );
    mac("4.3.1.c", &e, Status::Fail, &["never expire"]);
    mac("4.3.1.d", &e, Status::Fail, &["last 2 passwords"]);
    mac("4.3.1.e", &e, Status::Pass, &["passwordCannotBeName"]);
    mac("5.2.2.b", &e, Status::Fail, &["after 5 failed attempts"]);
}

#[test]
fn a_short_lockout_fails() {
    let e = variant("macos-15", |m| {
        if let Collected::Ok { value, .. } = &mut m.policy.account_policies {
            for p in &mut value.policies {
                if p.parameters.contains_key("autoEnableInSeconds") {
                    p.parameters
                        .insert("autoEnableInSeconds".into(), "60".into());
                }
            }
        }
        m.policy.passcode_profile = Collected::Missing {
            source: "/Library/Managed Preferences/com.apple.mobiledevice.passwordpolicy.plist"
                .into(),
        };
    });
    mac(
        "5.2.2.b",
        &e,
        Status::Fail,
        &["1 minutes", "5 minutes at least"],
    );
}

#[test]
fn unread_policies_are_unknown_unless_a_profile_sets_the_rule() {
    // pwpolicy refused, profile present: the profile is what macOS enforces.
    let e = variant("macos-15", |m| {
        m.policy.account_policies = denied("$ pwpolicy -getaccountpolicies");
    });
    mac("4.3.1.a", &e, Status::Pass, &["minLength"]);
    mac("4.3.1.d", &e, Status::Pass, &["pinHistory"]);
    mac("5.2.2.b", &e, Status::Pass, &["maxFailedAttempts=3"]);
    // The profile has no rule about the account name.
    let f = mac("4.3.1.e", &e, Status::Unknown, &["could not be read"]);
    assert!(f.needs_privileges);
    // Nothing read at all.
    let e = variant("macos-14", |m| {
        m.policy.account_policies = not_collected();
    });
    for id in [
        "4.3.1.a", "4.3.1.b", "4.3.1.c", "4.3.1.d", "4.3.1.e", "5.2.2.b",
    ] {
        let f = mac(id, &e, Status::Unknown, &["x.txt"]);
        assert!(!f.needs_privileges);
    }
}

#[test]
fn an_unrecognised_content_rule_leaves_content_rules_unknown() {
    let e = variant("macos-13", |m| {
        if let Collected::Ok { value, .. } = &mut m.policy.account_policies {
            value
                .policies
                .push(vigie_evidence::macos::policy::AccountPolicy {
                    category: "policyCategoryPasswordContent".into(),
                    identifier: "ProfilePayload:1:customRegex".into(),
                    content: "policyAttributePassword matches '^(?=.*[!@#]).{14,}$'".into(),
                    parameters: Default::default(),
                });
        }
    });
    mac(
        "4.3.1.b",
        &e,
        Status::Unknown,
        &["customRegex", "cannot interpret"],
    );
    // Rules outside the content category are not affected.
    mac("4.3.1.d", &e, Status::Fail, &["last 2 passwords"]);
}

// ---------------------------------------------------------------- browsers

#[test]
fn browsers_password_saving() {
    mac(
        "4.3.1.g",
        &capture("macos-15"),
        Status::Pass,
        &["allowPasswordAutoFill", "Firefox", "PasswordManagerEnabled"],
    );
    let f = mac(
        "4.3.1.g",
        &capture("macos-14"),
        Status::Fail,
        &[
            "Safari offers",
            "drdurand",
            "Google Chrome offers",
            "secretariat",
        ],
    );
    // secretariat turned it off in Safari and in one Chrome profile only.
    assert!(
        text(&f).contains("credentials_enable_service true"),
        "{}",
        text(&f)
    );
    // Safari's container the capture could not read is shown as refused.
    assert!(text(&f).contains("secretariat/Library/Containers/com.apple.Safari/Data/Library/Preferences/com.apple.Safari.plist: unreadable (permission denied)"), "{}", text(&f));
    mac(
        "4.3.1.g",
        &capture("macos-13"),
        Status::Fail,
        &["Firefox offers", "cabinet", "never opened"],
    );
    // Safari's container unreadable (no Full Disk Access), the rest off.
    let e = variant("macos-14", |m| {
        if let Collected::Ok { value, .. } = &mut m.browsers.browsers {
            value.retain(|b| b.name == "Safari");
            for b in value.iter_mut() {
                b.profiles.retain(|p| p.account != "remplacant");
                for p in &mut b.profiles {
                    if p.account == "drdurand" {
                        p.file = denied("/Users/drdurand/Library/Containers/com.apple.Safari/Data/Library/Preferences/com.apple.Safari.plist");
                    }
                }
            }
        }
        if let Collected::Ok { value, .. } = &mut m.accounts.users {
            value.retain(|u| u.name != "remplacant");
        }
    });
    let f = mac("4.3.1.g", &e, Status::Unknown, &["Full Disk Access"]);
    assert!(f.needs_privileges);
}

// ---------------------------------------------------------------- screen lock

#[test]
fn screen_lock_delay() {
    mac(
        "4.3.2.a",
        &capture("macos-15"),
        Status::Pass,
        &["10 min", "displaysleep"],
    );
    mac(
        "4.3.2.a",
        &capture("macos-14"),
        Status::Fail,
        &["drdurand", "never locks", "idleTime"],
    );
    // A profile's settings win over sysadminctl.
    mac(
        "4.3.2.a",
        &capture("macos-13"),
        Status::Pass,
        &["605 s", "askForPasswordDelay"],
    );
    // One account waits an hour.
    let e = variant("macos-15", |m| {
        m.screen.managed = Collected::Missing {
            source: "managed".into(),
        };
        if let Collected::Ok { value, .. } = &mut m.screen.power {
            for p in value {
                p.displaysleep = Some(90);
            }
        }
        for u in &mut m.screen.users {
            for b in &mut u.by_host {
                if let Collected::Ok { value, .. } = b {
                    value.idle_time = Some(3600);
                }
            }
        }
    });
    mac(
        "4.3.2.a",
        &e,
        Status::Fail,
        &["60 min", "30 minutes at most"],
    );
    // Screen saver time unset: display sleep alone is not enough.
    let e = variant("macos-14", |m| {
        if let Collected::Ok { value, .. } = &mut m.screen.power {
            for p in value {
                p.displaysleep = Some(45);
            }
        }
        for u in &mut m.screen.users {
            u.by_host.clear();
        }
    });
    mac(
        "4.3.2.a",
        &e,
        Status::Unknown,
        &["not set for this account"],
    );
    // The lock setting cannot be read.
    let e = variant("macos-15", |m| {
        m.screen.managed = Collected::Missing {
            source: "managed".into(),
        };
        m.screen.screen_lock = not_collected();
    });
    mac("4.3.2.a", &e, Status::Unknown, &["lock setting"]);
    mac("4.3.2.c", &e, Status::Unknown, &["Require password"]);
}

#[test]
fn screen_lock_password() {
    mac(
        "4.3.2.c",
        &capture("macos-15"),
        Status::Pass,
        &["askForPassword"],
    );
    mac(
        "4.3.2.c",
        &capture("macos-14"),
        Status::Fail,
        &["5 min", "Automatic login", "autoLoginUser"],
    );
    mac(
        "4.3.2.c",
        &capture("macos-13"),
        Status::Fail,
        &["5 s", "Immediately"],
    );
    let e = variant("macos-14", |m| {
        m.screen.screen_lock = Collected::Ok {
            source: "$ sysadminctl -screenLock status".into(),
            value: vigie_evidence::macos::screen::ScreenLock::Off,
        };
        m.screen.auto_login_user = Collected::Ok {
            source: "/Library/Preferences/com.apple.loginwindow.plist".into(),
            value: None,
        };
    });
    mac(
        "4.3.2.c",
        &e,
        Status::Fail,
        &["no password is asked", "screenLock off"],
    );
    mac("4.3.2.a", &e, Status::Fail, &["never asked"]);
}

// ---------------------------------------------------------------- protection

#[test]
fn xprotect_and_antivirus() {
    mac(
        "4.3.3.a",
        &capture("macos-15"),
        Status::Pass,
        &["5280", "9 days", "XProtectPlistConfigData"],
    );
    mac("4.3.3.a", &capture("macos-14"), Status::Pass, &["5297"]);
    mac(
        "4.3.3.a",
        &capture("macos-13"),
        Status::Fail,
        &["ConfigDataInstall", "Malwarebytes"],
    );
    // Two months later without an update.
    mac_later(
        "4.3.3.a",
        &capture("macos-14"),
        60,
        Status::Fail,
        &["83 days"],
    );
    // A third-party antivirus makes a stale XProtect unknown.
    let e = variant("macos-13", |m| {
        if let Collected::Ok { value, .. } = &mut m.updates.prefs {
            value.config_data_install = None;
        }
    });
    mac(
        "4.3.3.a",
        &e,
        Status::Unknown,
        &["Malwarebytes", "108 days"],
    );
    // macOS 15: a newer copy in /var/protected came through iCloud.
    let e = variant("macos-15", |m| {
        m.protection.xprotect.protected_version = Collected::Ok {
            source: "/var/protected/xprotect/XProtect.bundle/Contents/Info.plist".into(),
            value: Some("5290".into()),
        };
    });
    mac_later("4.3.3.a", &e, 60, Status::Unknown, &["iCloud", "5290"]);
}

#[test]
fn firewall() {
    mac(
        "4.3.3.b",
        &capture("macos-15"),
        Status::Pass,
        &["EnableFirewall"],
    );
    mac("4.3.3.b", &capture("macos-13"), Status::Pass, &["State 1"]);
    mac("4.3.3.b", &capture("macos-14"), Status::Fail, &["State 0"]);
    // Without socketfilterfw, the alf preferences of macOS 14 and earlier.
    let e = variant("macos-14", |m| {
        m.protection.firewall.global_state = not_collected();
    });
    mac("4.3.3.b", &e, Status::Fail, &["globalstate 0"]);
    let e = variant("macos-15", |m| {
        m.protection.firewall.managed = Collected::Missing { source: "m".into() };
        m.protection.firewall.global_state = denied("$ socketfilterfw --getglobalstate");
        m.protection.firewall.alf = Collected::Missing {
            source: "/Library/Preferences/com.apple.alf.plist".into(),
        };
    });
    let f = mac("4.3.3.b", &e, Status::Unknown, &["could not be read"]);
    assert!(f.needs_privileges);
}

#[test]
fn encryption() {
    mac(
        "4.3.3.c",
        &capture("macos-15"),
        Status::Pass,
        &["FileVault On", "disk4s2", "encrypted"],
    );
    mac(
        "4.3.3.c",
        &capture("macos-14"),
        Status::Fail,
        &["FileVault is off", "CLE USB", "Windows_FAT_32"],
    );
    mac("4.3.3.c", &capture("macos-13"), Status::Unknown, &["63.4"]);
    // An unencrypted APFS backup disk.
    let e = variant("macos-15", |m| {
        if let Collected::Ok { value, .. } = &mut m.protection.apfs {
            for c in value {
                for v in &mut c.volumes {
                    if v.device == "disk5s1" {
                        v.filevault = Some(false);
                    }
                }
            }
        }
    });
    mac(
        "4.3.3.c",
        &e,
        Status::Fail,
        &["Sauvegarde Cabinet", "not encrypted"],
    );
}

#[test]
fn gatekeeper() {
    mac(
        "4.3.5.a",
        &capture("macos-15"),
        Status::Pass,
        &["assessments enabled", "SIP) is on"],
    );
    mac(
        "4.3.5.a",
        &capture("macos-14"),
        Status::Fail,
        &["assessments disabled"],
    );
    mac(
        "4.3.5.a",
        &capture("macos-13"),
        Status::Pass,
        &["SIP) is \"disabled\""],
    );
    let e = variant("macos-15", |m| m.protection.gatekeeper = not_collected());
    mac("4.3.5.a", &e, Status::Unknown, &["Gatekeeper"]);
}

#[test]
fn logging() {
    mac(
        "6.1.2.a",
        &capture("macos-15"),
        Status::Pass,
        &["unified logging", "not configured"],
    );
    mac(
        "6.1.2.a",
        &capture("macos-13"),
        Status::Pass,
        &["lo,aa", "deprecated"],
    );
    mac(
        "6.1.2.b",
        &capture("macos-15"),
        Status::Pass,
        &["EnableLogging"],
    );
    mac(
        "6.1.2.b",
        &capture("macos-14"),
        Status::Fail,
        &["firewall is off"],
    );
    mac(
        "6.1.2.b",
        &capture("macos-13"),
        Status::Fail,
        &["firewall logging is off"],
    );
    let e = variant("macos-13", |m| {
        m.protection.firewall.logging = not_collected();
        m.protection.firewall.alf = not_collected();
    });
    mac("6.1.2.b", &e, Status::Unknown, &["could not be read"]);
}

// ---------------------------------------------------------------- system

#[test]
fn end_of_support() {
    mac(
        "4.3.4.a",
        &capture("macos-15"),
        Status::Pass,
        &["macOS 15 Sequoia", "24B83"],
    );
    mac(
        "4.3.4.a",
        &capture("macos-13"),
        Status::Fail,
        &["macOS 13 Ventura"],
    );
    // macOS 14 on the test date (2026-11-28): past its expected end.
    let e = capture("macos-14");
    check(
        eval_at("4.3.4.a", &e, AS_OF, &[]),
        "4.3.4.a",
        Status::Fail,
        &["macOS 14 Sonoma"],
    );
    let mut e = variant("macos-15", |m| m.system.sw_vers = not_collected());
    e.target.os = not_collected();
    mac("4.3.4.a", &e, Status::Unknown, &["macOS version"]);
}

#[test]
fn security_updates() {
    mac(
        "4.3.4.b",
        &capture("macos-15"),
        Status::Pass,
        &["nothing waiting", "2024-11-27"],
    );
    mac(
        "4.3.4.b",
        &capture("macos-14"),
        Status::Fail,
        &[
            "Safari 18.5",
            "Automatic installation of macOS updates is off",
        ],
    );
    mac(
        "4.3.4.b",
        &capture("macos-13"),
        Status::Fail,
        &["automatic checking", "Security Responses"],
    );
    mac_later(
        "4.3.4.b",
        &capture("macos-15"),
        20,
        Status::Unknown,
        &["20 days"],
    );
    mac_later(
        "4.3.4.b",
        &capture("macos-15"),
        45,
        Status::Fail,
        &["45 days"],
    );
    let e = variant("macos-15", |m| {
        m.updates.prefs = denied("/Library/Preferences/com.apple.SoftwareUpdate.plist")
    });
    let f = mac("4.3.4.b", &e, Status::Unknown, &["Software Update"]);
    assert!(f.needs_privileges);
}

// ---------------------------------------------------------------- accounts

#[test]
fn nominative_accounts() {
    mac(
        "5.2.1.a",
        &capture("macos-15"),
        Status::Pass,
        &["drmartin", "lbernard"],
    );
    mac(
        "5.2.1.a",
        &capture("macos-14"),
        Status::Fail,
        &[
            "\"drdurand\" is an administrator",
            "\"secretariat\" has a generic name",
        ],
    );
    let f = mac(
        "5.2.1.a",
        &capture("macos-13"),
        Status::Fail,
        &["\"cabinet\""],
    );
    // A disabled account is not judged.
    assert!(!text(&f).contains("ancienne"));
    let e = variant("macos-15", |m| m.accounts.users = not_collected());
    mac("5.2.1.a", &e, Status::Unknown, &["Local accounts"]);
}

#[test]
fn administrator_account() {
    mac(
        "5.2.1.b",
        &capture("macos-15"),
        Status::Pass,
        &["admin-martin"],
    );
    mac("5.2.1.b", &capture("macos-13"), Status::Pass, &["support"]);
    mac("5.2.1.b", &capture("macos-14"), Status::Fail, &["drdurand"]);
    let e = variant("macos-15", |m| {
        m.accounts.admins = Collected::Ok {
            source: "$ dscl . -read /Groups/admin GroupMembership".into(),
            value: vec!["root".into()],
        }
    });
    mac("5.2.1.b", &e, Status::Unknown, &["administered remotely"]);
}

#[test]
fn administrator_account_use() {
    mac(
        "5.2.2.a",
        &capture("macos-15"),
        Status::Pass,
        &["admin-martin", "wtmp begins"],
    );
    mac(
        "5.2.2.a",
        &capture("macos-14"),
        Status::Fail,
        &["logged in automatically", "desktop session"],
    );
    mac(
        "5.2.2.a",
        &capture("macos-13"),
        Status::Fail,
        &["\"support\" opened a desktop session on 2025-11-18"],
    );
    let e = variant("macos-15", |m| m.accounts.last = not_collected());
    mac("5.2.2.a", &e, Status::Unknown, &["Past logins"]);
}

#[test]
fn dormant_accounts() {
    mac(
        "5.3.3.a",
        &capture("macos-15"),
        Status::Pass,
        &["drmartin", "lbernard"],
    );
    mac(
        "5.3.3.a",
        &capture("macos-14"),
        Status::Fail,
        &["\"remplacant\" (last login on 2024-12-02)"],
    );
    mac(
        "5.3.3.a",
        &capture("macos-13"),
        Status::Unknown,
        &["cabinet", "2025-11-01"],
    );
}

// ---------------------------------------------------------------- network

#[test]
fn network_devices() {
    let e = capture("macos-15");
    let f = mac("4.1.2.a", &e, Status::Unknown, &["3 device(s)", "FREEBOX"]);
    assert!(f.declaration_decides);
    let all: Vec<KnownDevice> = [
        "f4:ca:e5:4b:21:9a",
        "00:11:32:a4:5c:e1",
        "30:5a:3a:7e:10:4f",
    ]
    .iter()
    .map(|m| KnownDevice {
        mac: m.to_string(),
        label: None,
    })
    .collect();
    check(
        eval_at("4.1.2.a", &e, day_after(&e), &all),
        "4.1.2.a",
        Status::Pass,
        &["3 devices"],
    );
    check(
        eval_at("4.1.2.a", &e, day_after(&e), &all[..2]),
        "4.1.2.a",
        Status::Fail,
        &["30:5a:3a:7e:10:4f"],
    );
    // A virtual machine's bridge on this Mac is not the practice network.
    let f = mac(
        "4.1.2.a",
        &capture("macos-13"),
        Status::Unknown,
        &["2 device(s)"],
    );
    assert!(!text(&f).contains("1e:2d:3c"));
}

#[test]
fn wifi_security() {
    mac(
        "4.1.2.b",
        &capture("macos-15"),
        Status::Pass,
        &["Cabinet-Martin", "WPA2/WPA3"],
    );
    mac(
        "4.1.2.b",
        &capture("macos-13"),
        Status::Pass,
        &["knows no Wi-Fi network"],
    );
    mac(
        "4.1.2.b",
        &capture("macos-14"),
        Status::Fail,
        &["Freebox-Invites", "WPA/WPA2 Personal"],
    );
    let e = variant("macos-15", |m| {
        m.network.known_networks =
            denied("/Library/Preferences/com.apple.wifi.known-networks.plist")
    });
    let f = mac("4.1.2.b", &e, Status::Unknown, &["Known Wi-Fi networks"]);
    assert!(f.needs_privileges);
}

#[test]
fn wired_and_wifi() {
    mac(
        "4.1.2.c",
        &capture("macos-15"),
        Status::Pass,
        &["cable only"],
    );
    mac(
        "4.1.2.c",
        &capture("macos-14"),
        Status::Fail,
        &["USB 10/100/1000 LAN (en7)", "Wi-Fi (en0)"],
    );
    let e = variant("macos-14", |m| m.network.interfaces = not_collected());
    mac("4.1.2.c", &e, Status::Unknown, &["network interfaces"]);
}

#[test]
fn radios() {
    mac(
        "4.1.2.d",
        &capture("macos-15"),
        Status::Pass,
        &["en1 Off", "ControllerPowerState false"],
    );
    let f = mac(
        "4.1.2.d",
        &capture("macos-14"),
        Status::Unknown,
        &["Wi-Fi is on and Bluetooth is on"],
    );
    assert!(f.declaration_decides);
    mac(
        "4.1.2.d",
        &capture("macos-13"),
        Status::Unknown,
        &["Bluetooth is on"],
    );
}

#[test]
fn ups() {
    mac(
        "3.1.1.d",
        &capture("macos-15"),
        Status::Pass,
        &["Back-UPS ES 700G"],
    );
    let f = mac(
        "3.1.1.d",
        &capture("macos-14"),
        Status::Unknown,
        &["No UPS", "InternalBattery-0"],
    );
    assert!(f.declaration_decides);
}

#[test]
fn every_macos_check_has_fixtures_here() {
    // Each registered check is run on every folder without panicking.
    for name in ["macos-15", "macos-14", "macos-13"] {
        let e = capture(name);
        for c in checks::registries(Platform::Macos)
            .iter()
            .flat_map(|r| r.iter())
        {
            let f = eval_at(c.id, &e, day_after(&e), &[]);
            assert!(
                !f.reason.fr.is_empty() && !f.reason.en.is_empty(),
                "{name} {}",
                c.id
            );
        }
    }
}
