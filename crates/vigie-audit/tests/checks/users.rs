//! Accounts and rights: 5.2.1.a (nominative accounts without administrator
//! rights), 5.2.1.b (a separate administrator account), 5.2.2.a
//! (administrator account kept for administration), 5.3.3.a (dormant
//! accounts), on mini Debian/Fedora trees.

use crate::common::*;
use vigie_audit::Status;
use vigie_evidence::command::FakeRunner;
use vigie_evidence::linux::users::logins::{lastlog_bytes, utmp_record};
use vigie_evidence::{Collected, Evidence};

/// 2026-11-20 09:00 UTC: eight days before the audit date.
const RECENT: u32 = 1_795_165_200;
/// 2026-05-01 09:00 UTC: seven months before.
const OLD: u32 = 1_777_626_000;
/// 2026-10-01: within 90 days.
const OCTOBER: u32 = 1_790_845_200;
/// 2025-01-01: well before the period.
const LONG_AGO: u32 = 1_735_722_000;

const DEBIAN_SUDOERS: &str = "\
Defaults\tenv_reset
Defaults\tsecure_path=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"

# User privilege specification
root\tALL=(ALL:ALL) ALL

# Allow members of group sudo to execute any command
%sudo\tALL=(ALL:ALL) ALL

@includedir /etc/sudoers.d
";

const FEDORA_SUDOERS: &str = "\
Defaults   !visiblepw
root\tALL=(ALL) \tALL
## Allows people in group wheel to run all commands
# %wheel\tALL=(ALL)\tALL
#includedir /etc/sudoers.d
";

/// A Debian tree: root (locked unless told), daemon, and the given
/// passwd/shadow lines; `sudo` group members as given.
fn debian(people: &[(&str, u32, &str)], sudo: &str, root_hash: &str) -> Tree {
    let mut passwd = String::from(
        "root:x:0:0:root:/root:/bin/bash\n\
         daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n\
         sshd:x:100:65534::/run/sshd:/usr/sbin/nologin\n",
    );
    let mut shadow = format!(
        "root:{root_hash}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nsshd:!:19000::::::\n"
    );
    let mut group = format!("root:x:0:\nsudo:x:27:{sudo}\nadm:x:4:\n");
    for (name, uid, gecos) in people {
        passwd.push_str(&format!(
            "{name}:x:{uid}:{uid}:{gecos}:/home/{name}:/bin/bash\n"
        ));
        shadow.push_str(&format!("{name}:$y$j9T$salt$hash:19000:0:99999:7:::\n"));
        group.push_str(&format!("{name}:x:{uid}:\n"));
    }
    Tree::new()
        .file(
            "/etc/login.defs",
            "UID_MIN 1000\nUID_MAX 60000\nPASS_MAX_DAYS 99999\n",
        )
        .file("/etc/passwd", &passwd)
        .file("/etc/shadow", &shadow)
        .file("/etc/group", &group)
        .file("/etc/sudoers", DEBIAN_SUDOERS)
        .file("/etc/sudoers.d/README", "# read me\n")
}

fn with(mut ev: Evidence, f: impl FnOnce(&mut vigie_evidence::LinuxEvidence)) -> Evidence {
    f(ev.linux.as_mut().unwrap());
    ev
}

fn denied<T>(source: &str) -> Collected<T> {
    Collected::Unreadable {
        source: source.into(),
        error: "permission denied".into(),
    }
}

// ---------------------------------------------------------------------------
// 5.2.1.a and 5.2.1.b: names and rights
// ---------------------------------------------------------------------------

#[test]
fn nominative_accounts_and_a_separate_admin_pass() {
    let tree = debian(
        &[
            ("jdupont", 1000, "Jean Dupont,,,"),
            ("admin-dupont", 1001, ""),
        ],
        "admin-dupont",
        "!",
    );
    let ev = tree.offline();
    expect("5.2.1.a", &ev, Status::Pass, &["jdupont", "/etc/passwd:4"]);
    expect(
        "5.2.1.b",
        &ev,
        Status::Pass,
        &["admin-dupont", "/etc/sudoers:8", "%sudo"],
    );
    expect("5.2.2.a", &ev, Status::Pass, &["admin-dupont"]);
}

#[test]
fn generic_names_fail() {
    for (name, gecos, word) in [
        ("accueil", "", "accueil"),
        ("secretariat", "", "secretariat"),
        ("secrétariat", "", "secretariat"),
        ("sec1", "Secrétariat,,,", "Secrétariat"),
        ("poste1", "", "poste"),
        ("cabinet-dupont", "", "cabinet"),
    ] {
        let ev = debian(
            &[("jdupont", 1000, "Jean Dupont"), (name, 1002, gecos)],
            "",
            "$6$x$y",
        )
        .offline();
        let f = expect("5.2.1.a", &ev, Status::Fail, &[name, word, "prenom.nom"]);
        assert!(!f.reason.fr.contains("jdupont"), "{}", f.reason.fr);
    }
}

#[test]
fn locked_or_expired_generic_accounts_are_not_judged() {
    let tree = debian(&[("jdupont", 1000, "Jean Dupont"), ("accueil", 1002, "")], "", "!")
        .file(
            "/etc/shadow",
            "root:!:19000:0:99999:7:::\njdupont:$y$a$b$c:19000:0:99999:7:::\naccueil:!$y$a$b$c:19000:0:99999:7:::\n",
        );
    expect("5.2.1.a", &tree.offline(), Status::Pass, &["jdupont"]);
    let tree = tree.file(
        "/etc/shadow",
        "root:!:19000:0:99999:7:::\njdupont:$y$a$b$c:19000:0:99999:7:::\naccueil:$y$a$b$c:19000:0:99999:7::20000:\n",
    );
    expect("5.2.1.a", &tree.offline(), Status::Pass, &["jdupont"]);
}

#[test]
fn daily_account_in_the_sudo_group_fails() {
    let ev = debian(&[("jdupont", 1000, "Jean Dupont")], "jdupont", "!").offline();
    expect(
        "5.2.1.a",
        &ev,
        Status::Fail,
        &[
            "jdupont",
            "administrateur",
            "/etc/sudoers:8",
            "/etc/group:2",
        ],
    );
    expect("5.2.1.b", &ev, Status::Fail, &["jdupont", "admin-nom"]);
}

#[test]
fn admin_rights_through_a_sudoers_user_line() {
    let ev = debian(&[("jdupont", 1000, "Jean Dupont")], "", "!")
        .file(
            "/etc/sudoers.d/jdupont",
            "jdupont ALL=(ALL) NOPASSWD: ALL\n",
        )
        .offline();
    expect(
        "5.2.1.a",
        &ev,
        Status::Fail,
        &["/etc/sudoers.d/jdupont:1", "NOPASSWD"],
    );
}

#[test]
fn admin_rights_through_wheel_in_an_included_folder() {
    let tree = debian(&[("jdupont", 1000, "Jean Dupont")], "", "!")
        .file("/etc/sudoers", FEDORA_SUDOERS)
        .file(
            "/etc/group",
            "root:x:0:\nwheel:x:10:jdupont\njdupont:x:1000:\n",
        );
    // The commented %wheel line of the main file gives nothing.
    expect("5.2.1.a", &tree.offline(), Status::Pass, &["jdupont"]);
    let tree = tree.file("/etc/sudoers.d/admins", "%wheel ALL=(ALL) ALL\n");
    expect(
        "5.2.1.a",
        &tree.offline(),
        Status::Fail,
        &["/etc/sudoers.d/admins:1", "%wheel"],
    );
}

#[test]
fn includedir_skips_backups_and_dotted_names() {
    let tree = debian(&[("jdupont", 1000, "Jean Dupont")], "", "!")
        .file("/etc/sudoers.d/jdupont~", "jdupont ALL=(ALL) ALL\n")
        .file("/etc/sudoers.d/jdupont.dpkg-old", "jdupont ALL=(ALL) ALL\n");
    expect("5.2.1.a", &tree.offline(), Status::Pass, &["jdupont"]);
}

#[test]
fn user_alias_negation_and_restricted_rules() {
    let tree = debian(
        &[
            ("jdupont", 1000, "Jean Dupont"),
            ("mmartin", 1001, "Marie Martin"),
        ],
        "",
        "!",
    )
    .file(
        "/etc/sudoers.d/rules",
        "User_Alias STAFF = jdupont, mmartin\n\
             STAFF, !mmartin ALL = (root) /usr/bin/systemctl restart cups\n\
             Cmnd_Alias SHELLS = /bin/bash\n\
             otherhost-only-rule-for jdupont\n",
    );
    // A restricted command is noted, not failed.
    expect(
        "5.2.1.a",
        &tree.offline(),
        Status::Pass,
        &["limitée", "/etc/sudoers.d/rules:2"],
    );
    let tree = tree.file(
        "/etc/sudoers.d/rules",
        "User_Alias STAFF = jdupont, mmartin\nSTAFF ALL = (ALL:ALL) ALL\nmmartin ALL = (ALL) !ALL\n",
    );
    let f = expect("5.2.1.a", &tree.offline(), Status::Fail, &["jdupont"]);
    assert!(!f.reason.fr.contains("mmartin"), "{}", f.reason.fr);
    // A shell through a command alias is full rights.
    let tree = tree.file(
        "/etc/sudoers.d/rules",
        "Cmnd_Alias SHELLS = /bin/bash, /usr/bin/zsh\nmmartin ALL = SHELLS\n",
    );
    expect("5.2.1.a", &tree.offline(), Status::Fail, &["mmartin"]);
}

#[test]
fn rules_for_another_host_do_not_count() {
    let tree = debian(&[("jdupont", 1000, "Jean Dupont")], "", "!").file(
        "/etc/sudoers.d/rules",
        "jdupont serveur-compta = (ALL) ALL\n",
    );
    let ev = tree.live(&FakeRunner::new());
    // The live test host is "poste-test".
    expect("5.2.1.a", &ev, Status::Pass, &["jdupont"]);
    let tree = tree.file("/etc/sudoers.d/rules", "jdupont poste-test = (ALL) ALL\n");
    expect(
        "5.2.1.a",
        &tree.live(&FakeRunner::new()),
        Status::Fail,
        &["jdupont"],
    );
}

#[test]
fn unreadable_sudoers_leaves_rights_unknown_unless_polkit_tells() {
    let tree = debian(&[("jdupont", 1000, "Jean Dupont")], "jdupont", "!");
    let ev = with(tree.offline(), |l| l.users.sudoers = denied("/etc/sudoers"));
    let f = expect("5.2.1.a", &ev, Status::Unknown, &["sudo", "/etc/sudoers"]);
    assert!(f.needs_privileges);
    let f = expect("5.2.1.b", &ev, Status::Unknown, &["/etc/sudoers"]);
    assert!(f.needs_privileges);
    // Ubuntu's local authority names the sudo group as administrators.
    let tree = tree.file(
        "/etc/polkit-1/localauthority.conf.d/51-ubuntu-admin.conf",
        "[Configuration]\nAdminIdentities=unix-group:sudo;unix-group:admin\n",
    );
    let ev = with(tree.offline(), |l| l.users.sudoers = denied("/etc/sudoers"));
    expect(
        "5.2.1.a",
        &ev,
        Status::Fail,
        &["jdupont", "51-ubuntu-admin.conf:2"],
    );
    // A plain account outside the groups: unknown, never a pass.
    let tree = debian(&[("jdupont", 1000, "Jean Dupont")], "", "!");
    let ev = with(tree.offline(), |l| l.users.sudoers = denied("/etc/sudoers"));
    let f = expect("5.2.1.a", &ev, Status::Unknown, &["root"]);
    assert!(f.needs_privileges);
}

#[test]
fn polkit_admin_rule_grants_rights() {
    let tree = debian(&[("jdupont", 1000, "Jean Dupont")], "", "!")
        .file("/etc/sudoers", FEDORA_SUDOERS)
        .file("/etc/group", "root:x:0:\nwheel:x:10:jdupont\njdupont:x:1000:\n")
        .file(
            "/usr/share/polkit-1/rules.d/50-default.rules",
            "polkit.addAdminRule(function(action, subject) {\n    return [\"unix-group:wheel\"];\n});\n",
        );
    expect(
        "5.2.1.a",
        &tree.offline(),
        Status::Fail,
        &["50-default.rules:1"],
    );
    // An earlier file in /etc decides first.
    let tree = tree.file(
        "/etc/polkit-1/rules.d/40-admins.rules",
        "polkit.addAdminRule(function(action, subject) { return [\"unix-user:0\"]; });\n",
    );
    expect("5.2.1.a", &tree.offline(), Status::Pass, &["jdupont"]);
}

#[test]
fn only_root_can_log_in() {
    let ev = debian(&[], "", "$6$salt$hash").offline();
    expect("5.2.1.a", &ev, Status::Fail, &["root"]);
    expect("5.2.1.b", &ev, Status::Pass, &["root", "partagé"]);
    let ev = debian(&[], "", "!").offline();
    expect("5.2.1.a", &ev, Status::Unknown, &["annuaire"]);
}

#[test]
fn root_as_the_administrator_account() {
    let ev = debian(&[("jdupont", 1000, "Jean Dupont")], "", "$6$salt$hash").offline();
    expect("5.2.1.a", &ev, Status::Pass, &["jdupont"]);
    expect(
        "5.2.1.b",
        &ev,
        Status::Pass,
        &["root", "non nominatif", "/etc/shadow:1"],
    );
    expect("5.2.2.a", &ev, Status::Pass, &["root"]);
    let ev = debian(&[("jdupont", 1000, "Jean Dupont")], "", "").offline();
    expect(
        "5.2.1.b",
        &ev,
        Status::Fail,
        &["root", "pas de mot de passe"],
    );
}

#[test]
fn root_password_beside_a_dedicated_admin_is_reported() {
    let ev = debian(
        &[("jdupont", 1000, "Jean Dupont"), ("admin-dupont", 1001, "")],
        "admin-dupont",
        "$6$salt$hash",
    )
    .offline();
    expect(
        "5.2.1.b",
        &ev,
        Status::Pass,
        &["admin-dupont", "passwd -l root", "/etc/shadow:1"],
    );
}

#[test]
fn no_administrator_account_at_all_is_unknown() {
    let ev = debian(&[("jdupont", 1000, "Jean Dupont")], "", "!").offline();
    expect("5.2.1.b", &ev, Status::Unknown, &["prestataire"]);
    expect("5.2.2.a", &ev, Status::Unknown, &["5.2.1.b"]);
}

#[test]
fn only_admin_accounts_fail() {
    let ev = debian(&[("admin-dupont", 1000, "")], "admin-dupont", "!").offline();
    expect("5.2.1.a", &ev, Status::Fail, &["aucun compte sans droits"]);
    expect("5.2.1.b", &ev, Status::Pass, &["admin-dupont"]);
}

// ---------------------------------------------------------------------------
// 5.2.2.a: administrator account used for everyday work
// ---------------------------------------------------------------------------

#[test]
fn admin_account_with_a_desktop_session_fails() {
    let base = || {
        debian(
            &[("jdupont", 1000, "Jean Dupont"), ("admin-dupont", 1001, "")],
            "admin-dupont",
            "!",
        )
    };
    let ev = base()
        .dir("/home/jdupont/.config/dconf")
        .file("/home/admin-dupont/.config/dconf/user", "")
        .offline();
    expect(
        "5.2.2.a",
        &ev,
        Status::Fail,
        &["/home/admin-dupont/.config/dconf/user", "session de bureau"],
    );
    let ev = base().dir("/home/admin-dupont/.mozilla/firefox").offline();
    expect(
        "5.2.2.a",
        &ev,
        Status::Fail,
        &["navigateur", ".mozilla/firefox"],
    );
    let ev = base()
        .dir("/home/admin-dupont")
        .file(
            "/etc/gdm3/daemon.conf",
            "[daemon]\nAutomaticLoginEnable = true\nAutomaticLogin = admin-dupont\n",
        )
        .offline();
    expect(
        "5.2.2.a",
        &ev,
        Status::Fail,
        &["gdm", "/etc/gdm3/daemon.conf:3"],
    );
    // Autologin of the working account is not this requirement's concern.
    let ev = base()
        .dir("/home/admin-dupont/.cache")
        .file(
            "/etc/lightdm/lightdm.conf",
            "[Seat:*]\nautologin-user=jdupont\n",
        )
        .offline();
    expect("5.2.2.a", &ev, Status::Pass, &["admin-dupont"]);
}

#[test]
fn browsing_as_root_fails_even_with_root_locked() {
    let ev = debian(
        &[("jdupont", 1000, "Jean Dupont"), ("admin-dupont", 1001, "")],
        "admin-dupont",
        "!",
    )
    .dir("/root/.mozilla/firefox")
    .offline();
    expect(
        "5.2.2.a",
        &ev,
        Status::Fail,
        &["/root/.mozilla/firefox", "« root »"],
    );
}

#[test]
fn graphical_wtmp_sessions_of_an_admin_fail() {
    let mut wtmp = utmp_record(2, "~", "reboot", "6.1.0", OLD);
    wtmp.extend(utmp_record(7, "tty7", "admin-dupont", ":0", RECENT));
    let ev = debian(
        &[("jdupont", 1000, "Jean Dupont"), ("admin-dupont", 1001, "")],
        "admin-dupont",
        "!",
    )
    .bytes("/var/log/wtmp", &wtmp)
    .offline();
    expect(
        "5.2.2.a",
        &ev,
        Status::Fail,
        &["/var/log/wtmp", "graphique"],
    );
}

#[test]
fn unreadable_admin_home_is_unknown() {
    let ev = debian(
        &[("jdupont", 1000, "Jean Dupont"), ("admin-dupont", 1001, "")],
        "admin-dupont",
        "!",
    )
    .dir("/home/admin-dupont")
    .offline();
    let ev = with(ev, |l| {
        for h in &mut l.users.homes {
            if h.account == "admin-dupont" {
                h.home = denied("/home/admin-dupont");
            }
        }
    });
    let f = expect("5.2.2.a", &ev, Status::Unknown, &["admin-dupont"]);
    assert!(f.needs_privileges);
}

// ---------------------------------------------------------------------------
// 5.3.3.a: dormant accounts
// ---------------------------------------------------------------------------

/// jdupont (1000), mmartin (1001), lea (1002); shadow last change 19000 (2022).
fn staff() -> Tree {
    debian(
        &[
            ("jdupont", 1000, "Jean Dupont"),
            ("mmartin", 1001, "Marie Martin"),
            ("lea", 1002, "Léa Petit"),
        ],
        "",
        "!",
    )
}

#[test]
fn lastlog_recent_old_and_never() {
    let all_recent = lastlog_bytes(&[
        (1000, RECENT, "pts/0", "192.168.1.5"),
        (1001, OCTOBER, "tty1", ""),
        (1002, RECENT, "tty2", ""),
    ]);
    let ev = staff().bytes("/var/log/lastlog", &all_recent).offline();
    expect("5.3.3.a", &ev, Status::Pass, &["jdupont", "mmartin", "lea"]);

    let bytes = lastlog_bytes(&[(1000, RECENT, "pts/0", ""), (1001, OLD, "tty1", "")]);
    let ev = staff().bytes("/var/log/lastlog", &bytes).offline();
    let f = expect(
        "5.3.3.a",
        &ev,
        Status::Fail,
        &[
            "mmartin",
            "2026-05-01",
            "lea",
            "jamais servi",
            "2022-01-08",
            "chage -E 0",
        ],
    );
    assert!(!f.reason.fr.contains("jdupont"), "{}", f.reason.fr);
}

#[test]
fn recent_home_activity_is_use() {
    let bytes = lastlog_bytes(&[
        (1000, RECENT, "pts/0", ""),
        (1001, OLD, "tty1", ""),
        (1002, RECENT, "tty1", ""),
    ]);
    let ev = staff()
        .bytes("/var/log/lastlog", &bytes)
        .file("/home/mmartin/.bash_history", "ls\n")
        .mtime("/home/mmartin/.bash_history", i64::from(RECENT))
        .mtime("/home/mmartin", i64::from(OLD))
        .offline();
    expect(
        "5.3.3.a",
        &ev,
        Status::Pass,
        &["/home/mmartin/.bash_history"],
    );
}

#[test]
fn expired_or_locked_accounts_are_not_dormant() {
    let bytes = lastlog_bytes(&[
        (1000, RECENT, "pts/0", ""),
        (1001, LONG_AGO, "tty1", ""),
        (1002, RECENT, "tty1", ""),
    ]);
    let shadow = "root:!:19000:0:99999:7:::\n\
                  jdupont:$y$a$b$c:19000:0:99999:7:::\n\
                  mmartin:$y$a$b$c:19000:0:99999:7::20100:\n\
                  lea:$y$a$b$c:19000:0:99999:7:::\n";
    let ev = staff()
        .bytes("/var/log/lastlog", &bytes)
        .file("/etc/shadow", shadow)
        .offline();
    expect(
        "5.3.3.a",
        &ev,
        Status::Pass,
        &["mmartin", "expiré le 2025-01-12"],
    );
    let shadow = shadow.replace(
        "mmartin:$y$a$b$c:19000:0:99999:7::20100:",
        "mmartin:!$y$a$b$c:19000:0:99999:7:::",
    );
    let ev = staff()
        .bytes("/var/log/lastlog", &bytes)
        .file("/etc/shadow", &shadow)
        .offline();
    expect("5.3.3.a", &ev, Status::Pass, &["jdupont"]);
    // Expiry in the future: still enabled, still dormant.
    let shadow = "root:!:19000:0:99999:7:::\njdupont:$y$a$b$c:19000:0:99999:7:::\nmmartin:$y$a$b$c:19000:0:99999:7::21000:\nlea:$y$a$b$c:19000:0:99999:7:::\n";
    let ev = staff()
        .bytes("/var/log/lastlog", &bytes)
        .file("/etc/shadow", shadow)
        .offline();
    expect("5.3.3.a", &ev, Status::Fail, &["mmartin", "2025-01-01"]);
}

#[test]
fn a_new_account_never_used_is_not_dormant() {
    let bytes = lastlog_bytes(&[(1000, RECENT, "pts/0", ""), (1001, RECENT, "tty1", "")]);
    let shadow = "root:!:19000:0:99999:7:::\njdupont:$y$a$b$c:19000:0:99999:7:::\nmmartin:$y$a$b$c:19000:0:99999:7:::\nlea:$y$a$b$c:20777:0:99999:7:::\n";
    let ev = staff()
        .bytes("/var/log/lastlog", &bytes)
        .file("/etc/shadow", shadow)
        .offline();
    expect(
        "5.3.3.a",
        &ev,
        Status::Pass,
        &["compte récent", "2026-11-20"],
    );
}

#[test]
fn wtmp_covering_the_period_tells() {
    let mut wtmp = utmp_record(2, "~", "reboot", "6.1.0", LONG_AGO);
    wtmp.extend(utmp_record(7, "tty2", "jdupont", ":0", RECENT));
    wtmp.extend(utmp_record(7, "pts/0", "lea", "10.0.0.2", OCTOBER));
    wtmp.extend(utmp_record(7, "tty1", "mmartin", "", OLD));
    let ev = staff().bytes("/var/log/wtmp", &wtmp).offline();
    expect(
        "5.3.3.a",
        &ev,
        Status::Fail,
        &["mmartin", "2026-05-01", "/var/log/wtmp"],
    );
    // A wtmp starting inside the period, without lastlog, cannot tell.
    let mut wtmp = utmp_record(2, "~", "reboot", "6.1.0", OCTOBER);
    wtmp.extend(utmp_record(7, "tty2", "jdupont", ":0", RECENT));
    wtmp.extend(utmp_record(7, "tty2", "lea", ":0", RECENT));
    let ev = staff().bytes("/var/log/wtmp", &wtmp).offline();
    expect(
        "5.3.3.a",
        &ev,
        Status::Unknown,
        &["mmartin", "ne couvrent pas"],
    );
}

#[test]
fn no_record_at_all_is_unknown() {
    let ev = staff().offline();
    expect(
        "5.3.3.a",
        &ev,
        Status::Unknown,
        &["jdupont", "/var/log/lastlog", "absent"],
    );
}

#[test]
fn lastlog2_on_a_live_system() {
    let runner = FakeRunner::new().ok(
        "lastlog2",
        "Username         Port     From                                       Latest\n\
         jdupont          tty2                                                Fri Nov 20 09:00:00 +0100 2026\n\
         lea              pts/0    192.168.1.10                               Thu Oct  1 10:00:00 +0200 2026\n\
         mmartin          tty2                                                Fri May  1 09:00:00 +0000 2026\n",
    );
    let ev = staff()
        .file("/var/lib/lastlog/lastlog2.db", "SQLite format 3")
        .live(&runner);
    expect(
        "5.3.3.a",
        &ev,
        Status::Fail,
        &["mmartin", "2026-05-01", "lastlog2"],
    );
    // Offline, the database cannot be read: lastlog alone, as before.
    let ev = staff()
        .file("/var/lib/lastlog/lastlog2.db", "SQLite format 3")
        .offline();
    expect("5.3.3.a", &ev, Status::Unknown, &["mmartin"]);
}

#[test]
fn admin_accounts_are_left_out_and_unreadable_shadow_is_unknown() {
    let bytes = lastlog_bytes(&[(1000, RECENT, "pts/0", ""), (1001, LONG_AGO, "tty1", "")]);
    let tree = debian(
        &[("jdupont", 1000, "Jean Dupont"), ("admin-dupont", 1001, "")],
        "admin-dupont",
        "!",
    )
    .bytes("/var/log/lastlog", &bytes);
    expect(
        "5.3.3.a",
        &tree.offline(),
        Status::Pass,
        &["admin-dupont", "non jugés"],
    );
    let tree = debian(
        &[("jdupont", 1000, "Jean Dupont"), ("mmartin", 1001, "")],
        "",
        "!",
    )
    .bytes("/var/log/lastlog", &bytes);
    let ev = tree.offline();
    let ev = with(ev, |l| {
        if let Collected::Ok { value, .. } = &mut l.accounts {
            value.shadow = denied("/etc/shadow");
            for a in &mut value.accounts {
                a.password = None;
                a.last_change = None;
            }
        }
    });
    let f = expect("5.3.3.a", &ev, Status::Unknown, &["mmartin", "/etc/shadow"]);
    assert!(f.needs_privileges);
}
