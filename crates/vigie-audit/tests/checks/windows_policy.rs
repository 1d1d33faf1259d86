//! Tests for windows_policy evaluators: the capture folders of
//! `tests/fixtures/captures/windows-*` (their README.md says what each file
//! shows), read as `vigie collect --from-captures` reads them, and typed
//! evidence changed from them for the cases no folder shows.

use crate::common::*;
use vigie_audit::{checks, Context, Finding, Profile, Status};
use vigie_evidence::captures::CapturedEvidence;
use vigie_evidence::windows::policy::PolicyEvidence;
use vigie_evidence::{Collected, Evidence, EvidenceSource, Platform};

fn capture(name: &str) -> Evidence {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/captures")
        .join(name);
    CapturedEvidence { path }.evidence().unwrap()
}

fn pro11() -> Evidence {
    capture("windows-11-fr-pro")
}
fn pro10() -> Evidence {
    capture("windows-10-fr-pro")
}
fn home11() -> Evidence {
    capture("windows-11-en-home")
}

/// The evidence with its policy part changed.
fn with(mut e: Evidence, f: impl FnOnce(&mut PolicyEvidence)) -> Evidence {
    f(&mut e.windows.as_mut().unwrap().policy);
    e
}

fn eval_w(id: &str, evidence: &Evidence) -> Finding {
    let check = checks::check_for(id, Platform::Windows)
        .unwrap_or_else(|| panic!("no Windows check for {id}"));
    let profile = Profile::memento_2013();
    (check.evaluate)(&Context::new(evidence, &profile, AS_OF))
}

#[track_caller]
fn expect_w(id: &str, evidence: &Evidence, status: Status, mentions: &[&str]) -> Finding {
    let f = eval_w(id, evidence);
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

fn set_policy(e: Evidence, key: &str, value: &str) -> Evidence {
    with(e, |p| {
        if let Collected::Ok { value: pol, .. } = &mut p.security_policy {
            for s in &mut pol.settings {
                if s.key == key {
                    s.value = value.to_string();
                }
            }
        }
    })
}

fn in_domain(e: Evidence) -> Evidence {
    with(e, |p| {
        if let Collected::Ok { value, .. } = &mut p.computer {
            value.part_of_domain = true;
            value.domain = Some("cabinet.local".into());
        }
    })
}

// ------------------------------------------------------------ captures ----

#[test]
fn capture_folders_give_full_evidence() {
    let e = pro11();
    assert_eq!(e.target.platform, Platform::Windows);
    let os = e.target.os.value().unwrap();
    assert_eq!(os.id.as_deref(), Some("windows"));
    assert_eq!(os.version_id.as_deref(), Some("10.0.26100"));
    assert_eq!(
        os.pretty_name.as_deref(),
        Some("Windows 11 Professionnel 24H2")
    );
    assert_eq!(e.target.host.as_deref(), Some("CAB-MARTIN-01"));
    assert!(e.target.privileged);
    assert_eq!(e.collected_at.unix_timestamp(), 1_795_797_730);
    let p = &e.windows.as_ref().unwrap().policy;
    // Hives written by hivex read through Vigie's reader.
    assert_eq!(p.desktops.len(), 3);
    for d in &p.desktops {
        assert!(d.settings.value().is_some(), "{d:?}");
    }
    let home = home11();
    assert_eq!(
        home.target.os.value().unwrap().pretty_name.as_deref(),
        Some("Windows 11 Home 23H2")
    );
    // The evidence survives a round trip through its JSON file.
    let json = serde_json::to_string(&e).unwrap();
    let back: Evidence = serde_json::from_str(&json).unwrap();
    assert_eq!(back, e);
}

// ------------------------------------------------- password and lockout ----

#[test]
fn password_length() {
    expect_w(
        "4.3.1.a",
        &pro11(),
        Status::Pass,
        &["12 caractères", "secedit.inf"],
    );
    expect_w(
        "4.3.1.a",
        &pro10(),
        Status::Fail,
        &["0 caractère", "MinimumPasswordLength"],
    );
    // Long enough but no complexity: predictable passwords accepted.
    let e = set_policy(pro11(), "PasswordComplexity", "0");
    expect_w("4.3.1.a", &e, Status::Fail, &["complexité"]);
    // net accounts shows no complexity: unknown, administrator rights.
    let f = expect_w("4.3.1.a", &home11(), Status::Unknown, &["net accounts"]);
    assert!(f.needs_privileges);
    // Domain member: the local policy passes but does not decide.
    expect_w(
        "4.3.1.a",
        &in_domain(pro11()),
        Status::Unknown,
        &["cabinet.local", "PartOfDomain"],
    );
    // secedit refused and no fallback.
    let e = with(pro11(), |p| {
        p.security_policy = Collected::Unreadable {
            source: "secedit.inf".into(),
            error: "permission denied: secedit exited with Some(1)".into(),
        }
    });
    assert!(expect_w("4.3.1.a", &e, Status::Unknown, &["secedit"]).needs_privileges);
}

#[test]
fn password_classes() {
    // Complexity on is not enough: Windows still accepts a password
    // without any special character.
    expect_w(
        "4.3.1.b",
        &pro11(),
        Status::Fail,
        &["trois des cinq", "Cabinet2026", "PasswordComplexity"],
    );
    expect_w("4.3.1.b", &pro10(), Status::Fail, &["désactivées"]);
    expect_w("4.3.1.b", &home11(), Status::Unknown, &["net accounts"]);
}

#[test]
fn password_age() {
    expect_w(
        "4.3.1.c",
        &pro11(),
        Status::Pass,
        &["90 jours", "c.martin PasswordExpires"],
    );
    expect_w("4.3.1.c", &pro10(), Status::Fail, &["42 jours"]);
    let e = set_policy(pro11(), "MaximumPasswordAge", "-1");
    expect_w("4.3.1.c", &e, Status::Fail, &["n'expirent jamais"]);
    // An account exempted by "password never expires".
    let e = with(pro11(), |p| {
        if let Collected::Ok { value, .. } = &mut p.accounts {
            value
                .users
                .iter_mut()
                .find(|u| u.name == "j.durand")
                .unwrap()
                .password_expires = None;
        }
    });
    expect_w(
        "4.3.1.c",
        &e,
        Status::Fail,
        &["j.durand", "n'expire jamais"],
    );
    // A Microsoft account: Microsoft's rules, not the local policy.
    expect_w(
        "4.3.1.c",
        &home11(),
        Status::Unknown,
        &["comptes Microsoft (jdupo)"],
    );
}

#[test]
fn password_history() {
    expect_w("4.3.1.d", &pro11(), Status::Pass, &["5 derniers"]);
    expect_w("4.3.1.d", &pro10(), Status::Fail, &["0 ancien"]);
    let e = set_policy(pro11(), "MinimumPasswordAge", "0");
    expect_w("4.3.1.d", &e, Status::Pass, &["0 jour"]);
    expect_w("4.3.1.d", &home11(), Status::Unknown, &["Microsoft"]);
}

#[test]
fn password_not_the_account_name() {
    expect_w("4.3.1.e", &pro11(), Status::Pass, &["nom du compte"]);
    expect_w("4.3.1.e", &pro10(), Status::Fail, &["Cabinet"]);
    // Without complexity, names shorter than the minimum length.
    let e = set_policy(
        set_policy(pro11(), "PasswordComplexity", "0"),
        "MinimumPasswordLength",
        "14",
    );
    expect_w("4.3.1.e", &e, Status::Pass, &["moins de 14 caractères"]);
    let e = set_policy(
        set_policy(pro11(), "PasswordComplexity", "0"),
        "MinimumPasswordLength",
        "8",
    );
    expect_w("4.3.1.e", &e, Status::Fail, &["admin-martin"]);
    // net accounts: "admin-tech" has 10 characters, complexity unknown.
    expect_w(
        "4.3.1.e",
        &home11(),
        Status::Unknown,
        &["net accounts", "admin-tech"],
    );
    // Every name shorter than 10, but a Microsoft account signs in.
    let e = with(home11(), |p| {
        if let Collected::Ok { value, .. } = &mut p.accounts {
            value
                .users
                .iter_mut()
                .find(|u| u.name == "admin-tech")
                .unwrap()
                .name = "adm".into();
        }
    });
    expect_w(
        "4.3.1.e",
        &e,
        Status::Unknown,
        &["moins de 10", "Microsoft"],
    );
}

#[test]
fn account_lockout() {
    expect_w(
        "5.2.2.b",
        &pro11(),
        Status::Pass,
        &["3 échec(s) en 15 minutes", "LockoutDuration"],
    );
    expect_w(
        "5.2.2.b",
        &pro10(),
        Status::Fail,
        &["seuil de verrouillage est à 0"],
    );
    // net accounts, English: 3 failures, 10 minutes.
    expect_w(
        "5.2.2.b",
        &home11(),
        Status::Pass,
        &["3 échec(s) en 10 minutes", "net-accounts.txt"],
    );
    expect_w(
        "5.2.2.b",
        &set_policy(pro11(), "LockoutBadCount", "5"),
        Status::Fail,
        &["5 échecs"],
    );
    expect_w(
        "5.2.2.b",
        &set_policy(pro11(), "LockoutDuration", "2"),
        Status::Fail,
        &["2 minute(s)"],
    );
    expect_w(
        "5.2.2.b",
        &set_policy(pro11(), "ResetLockoutCount", "1"),
        Status::Fail,
        &["1 minute(s)"],
    );
    expect_w(
        "5.2.2.b",
        &set_policy(pro11(), "LockoutDuration", "-1"),
        Status::Pass,
        &["administrateur"],
    );
    expect_w(
        "5.2.2.b",
        &in_domain(pro11()),
        Status::Unknown,
        &["domaine"],
    );
}

// ---------------------------------------------------------- screen lock ----

#[test]
fn screen_lock_delay() {
    // Machine limit of 15 min for everyone.
    expect_w(
        "4.3.2.a",
        &pro11(),
        Status::Pass,
        &["limite d'inactivité", "15 min", "c.martin"],
    );
    // No limit, no sleep on mains, screen savers missing or not secure.
    expect_w(
        "4.3.2.a",
        &pro10(),
        Status::Fail,
        &["Cabinet : aucun verrouillage", "secretariat : aucun"],
    );
    // Sleep after 10 min with a password on wakeup covers every session,
    // even the one whose settings could not be read.
    expect_w(
        "4.3.2.a",
        &home11(),
        Status::Pass,
        &["mise en veille avec mot de passe", "jdupo"],
    );
    // Without the machine limit: per-user screen savers (policy for
    // c.martin, own setting in j.durand's NTUSER.DAT), and sleep at 30 min
    // for admin-martin.
    let no_limit = with(pro11(), |p| {
        if let Collected::Ok { value, .. } = &mut p.system_policies {
            for k in value.iter_mut() {
                k.values.retain(|v| v.name != "InactivityTimeoutSecs");
            }
        }
    });
    expect_w(
        "4.3.2.a",
        &no_limit,
        Status::Pass,
        &["écran de veille protégé", "j.durand", "NTUSER.DAT"],
    );
    // Sleep turned off too: admin-martin has no lock.
    let no_sleep = with(no_limit.clone(), |p| {
        if let Collected::Ok { value, .. } = &mut p.power.sleep {
            value.ac = Some(0);
        }
    });
    expect_w(
        "4.3.2.a",
        &no_sleep,
        Status::Fail,
        &["admin-martin : aucun"],
    );
    // A hive that could not be read: unknown, rights needed.
    let denied = with(no_sleep, |p| {
        p.desktops[0].settings = Collected::Unreadable {
            source: r"C:\Users\admin-martin\NTUSER.DAT".into(),
            error: "permission denied".into(),
        };
    });
    let f = expect_w(
        "4.3.2.a",
        &denied,
        Status::Unknown,
        &["admin-martin", "illisibles"],
    );
    assert!(f.needs_privileges);
    // A policy of sleep after 2 hours overrides the plan.
    let mut long = home11();
    long = with(long, |p| {
        p.power.policies = Collected::Ok {
            source: "reg-power-policies.txt".into(),
            value: vec![vigie_evidence::windows::reg::RegKey {
                path: r"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Power\PowerSettings\29f6c1db-86da-48c5-9fdb-f2b67b1f44da".into(),
                values: vec![vigie_evidence::windows::reg::RegValue {
                    name: "ACSettingIndex".into(),
                    kind: "REG_DWORD".into(),
                    data: "0x1c20".into(),
                }],
            }],
        }
    });
    expect_w("4.3.2.a", &long, Status::Unknown, &["admin-tech"]);
    // No Windows data at all.
    let linux = Tree::new().file("/etc/os-release", "ID=debian\n").offline();
    assert!(checks::check_for("4.3.2.a", Platform::Windows).is_some());
    let f = (checks::check_for("4.3.2.a", Platform::Windows)
        .unwrap()
        .evaluate)(&Context::new(&linux, &Profile::memento_2013(), AS_OF));
    assert_eq!(f.status, Status::Unknown);
}

#[test]
fn screen_lock_password() {
    expect_w("4.3.2.c", &pro11(), Status::Pass, &["AutoAdminLogon"]);
    // Automatic logon and a screen saver that is not secure.
    expect_w(
        "4.3.2.c",
        &pro10(),
        Status::Fail,
        &[
            "« Cabinet » au démarrage",
            "secretariat : l'écran de veille se retire sans mot de passe",
        ],
    );
    // admin-tech's hive could not be copied.
    expect_w(
        "4.3.2.c",
        &home11(),
        Status::Unknown,
        &["admin-tech", "being used by another process"],
    );
    // Waking from sleep without a password.
    let e = with(pro11(), |p| {
        if let Collected::Ok { value, .. } = &mut p.power.console_lock {
            value.dc = Some(0);
        }
        if let Collected::Ok { value, .. } = &mut p.system_policies {
            for k in value.iter_mut() {
                k.values.retain(|v| v.name != "InactivityTimeoutSecs");
            }
        }
    });
    expect_w(
        "4.3.2.c",
        &e,
        Status::Fail,
        &["admin-martin : la sortie de veille ne demande pas de mot de passe"],
    );
}

// ------------------------------------------------------------- accounts ----

#[test]
fn nominative_accounts() {
    expect_w(
        "5.2.1.a",
        &pro11(),
        Status::Pass,
        &["2 compte(s) sans droits", "Claire Martin"],
    );
    expect_w(
        "5.2.1.a",
        &pro10(),
        Status::Fail,
        &[
            "« Cabinet » n'est pas nominatif",
            "« secretariat »",
            "membre des Administrateurs",
        ],
    );
    expect_w(
        "5.2.1.a",
        &home11(),
        Status::Fail,
        &[
            "« jdupo » est membre des Administrateurs",
            "Win32_GroupUser",
        ],
    );
    // Guest enabled.
    let e = with(pro11(), |p| {
        if let Collected::Ok { value, .. } = &mut p.accounts {
            value
                .users
                .iter_mut()
                .find(|u| u.name == "Invité")
                .unwrap()
                .enabled = true;
        }
    });
    expect_w("5.2.1.a", &e, Status::Fail, &["Invité"]);
    // Members could not be listed either way.
    let e = with(pro11(), |p| {
        if let Collected::Ok { value, .. } = &mut p.accounts {
            value.administrators.source = None;
            value.administrators.error =
                Some("Failed to compare two elements in the array.".into());
            value.administrators.members.clear();
        }
    });
    expect_w(
        "5.2.1.a",
        &e,
        Status::Unknown,
        &["S-1-5-32-544", "Failed to compare"],
    );
    // Accounts not read.
    let e = with(pro11(), |p| {
        p.accounts = Collected::Missing {
            source: "accounts.json".into(),
        }
    });
    expect_w("5.2.1.a", &e, Status::Unknown, &["accounts.json"]);
}

#[test]
fn administrator_account() {
    expect_w("5.2.1.b", &pro11(), Status::Pass, &["admin-martin"]);
    expect_w("5.2.1.b", &home11(), Status::Pass, &["admin-tech"]);
    expect_w("5.2.1.b", &pro10(), Status::Fail, &["Cabinet"]);
    // The built-in Administrator enabled, no named administrator account.
    let e = with(pro10(), |p| {
        if let Collected::Ok { value, .. } = &mut p.accounts {
            value
                .users
                .iter_mut()
                .find(|u| u.name == "Administrateur")
                .unwrap()
                .enabled = true;
        }
    });
    expect_w("5.2.1.b", &e, Status::Pass, &["Administrateur intégré"]);
    // No local administrator at all: a domain group administers it.
    let e = with(pro11(), |p| {
        if let Collected::Ok { value, .. } = &mut p.accounts {
            value
                .administrators
                .members
                .retain(|m| !m.name.ends_with("admin-martin"));
            value.administrators.members.push(
                vigie_evidence::windows::policy::accounts::GroupMember {
                    name: r"CABINET\Admins du domaine".into(),
                    sid: "S-1-5-21-1004336348-1177238915-682003330-512".into(),
                    principal_source: Some("ActiveDirectory".into()),
                    object_class: Some("Groupe".into()),
                },
            );
        }
    });
    expect_w("5.2.1.b", &e, Status::Unknown, &["Admins du domaine"]);
}

#[test]
fn administrator_use() {
    expect_w("5.2.2.a", &pro11(), Status::Pass, &["EnableLUA"]);
    expect_w(
        "5.2.2.a",
        &pro10(),
        Status::Fail,
        &["« Cabinet »", "s'ouvre automatiquement"],
    );
    expect_w("5.2.2.a", &home11(), Status::Fail, &["« jdupo »"]);
    // UAC off.
    let e = with(pro11(), |p| {
        if let Collected::Ok { value, .. } = &mut p.system_policies {
            for k in value.iter_mut() {
                for v in k.values.iter_mut().filter(|v| v.name == "EnableLUA") {
                    v.data = "0x0".into();
                }
            }
        }
    });
    expect_w("5.2.2.a", &e, Status::Fail, &["EnableLUA = 0"]);
    // The built-in Administrator enabled and used.
    let e = with(pro11(), |p| {
        if let Collected::Ok { value, .. } = &mut p.accounts {
            let a = value
                .users
                .iter_mut()
                .find(|u| u.name == "Administrateur")
                .unwrap();
            a.enabled = true;
            a.last_logon = Some(1_795_000_000);
        }
    });
    expect_w("5.2.2.a", &e, Status::Fail, &["Administrateur intégré"]);
    // UAC settings unreadable.
    let e = with(pro11(), |p| {
        p.system_policies = Collected::Unreadable {
            source: "reg-policies-system.txt".into(),
            error: "permission denied".into(),
        }
    });
    assert!(expect_w("5.2.2.a", &e, Status::Unknown, &["illisibles"]).needs_privileges);
}

#[test]
fn dormant_accounts() {
    expect_w("5.3.3.a", &pro11(), Status::Pass, &["2 compte(s)"]);
    expect_w(
        "5.3.3.a",
        &pro10(),
        Status::Fail,
        &["« remplacant » (dernière utilisation le 2026-03-02)"],
    );
    // paul never logged on but was created a week ago; admin-tech is left out.
    expect_w("5.3.3.a", &home11(), Status::Pass, &["paul"]);
    // Never logged on, created long ago.
    let e = with(home11(), |p| {
        if let Collected::Ok { value, .. } = &mut p.accounts {
            value
                .users
                .iter_mut()
                .find(|u| u.name == "paul")
                .unwrap()
                .password_last_set = Some(1_700_000_000);
        }
    });
    expect_w("5.3.3.a", &e, Status::Fail, &["jamais utilisé"]);
    let e = with(home11(), |p| {
        if let Collected::Ok { value, .. } = &mut p.accounts {
            value
                .users
                .iter_mut()
                .find(|u| u.name == "paul")
                .unwrap()
                .password_last_set = None;
        }
    });
    expect_w(
        "5.3.3.a",
        &e,
        Status::Unknown,
        &["date de création inconnue"],
    );
}

// ------------------------------------------------------------- browsers ----

#[test]
fn browser_password_managers() {
    expect_w(
        "4.3.1.g",
        &pro11(),
        Status::Pass,
        &["Microsoft Edge", "Mozilla Firefox", "policies.json"],
    );
    expect_w(
        "4.3.1.g",
        &pro10(),
        Status::Fail,
        &["Microsoft Edge propose", "Google Chrome propose"],
    );
    // Chrome only has a Recommended subkey: not enforced.
    let f = expect_w(
        "4.3.1.g",
        &home11(),
        Status::Fail,
        &["Google Chrome propose"],
    );
    assert!(!text(&f).contains("Microsoft Edge propose"));
    // An invalid policies.json is ignored by Firefox.
    let e = with(pro11(), |p| {
        p.browsers.firefox_files[0].valid = false;
    });
    expect_w(
        "4.3.1.g",
        &e,
        Status::Fail,
        &["Mozilla Firefox propose", "JSON invalide"],
    );
    // Policies not readable.
    let e = with(pro11(), |p| {
        p.browsers.policies = Collected::Missing {
            source: "reg-browser-policies.txt".into(),
        }
    });
    expect_w(
        "4.3.1.g",
        &e,
        Status::Unknown,
        &["reg-browser-policies.txt"],
    );
}

#[test]
fn live_collection_off_windows_runs_nothing_it_cannot() {
    // Offline roots are never Windows; a live run whose commands are not
    // found leaves every table missing, never a verdict.
    let tree = Tree::new();
    let runner = vigie_evidence::command::FakeRunner::new();
    let fs = vigie_evidence::fs::RootFs::new(tree.path());
    let sys = vigie_evidence::Sys::new(&fs, &runner, false);
    let p = vigie_evidence::windows::policy::collect(&sys);
    assert!(matches!(p.security_policy, Collected::Missing { .. }));
    assert!(matches!(p.accounts, Collected::Missing { .. }));
    let e = with(pro11(), |x| *x = p);
    for id in ["4.3.1.a", "4.3.2.a", "5.2.1.a", "4.3.1.g"] {
        assert_eq!(eval_w(id, &e).status, Status::Unknown, "{id}");
    }
}
