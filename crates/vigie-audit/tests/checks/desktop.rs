//! Tests for the desktop area: 4.3.2.a (automatic lock delay) and 4.3.2.c
//! (unlocking with the account's password), on GNOME, Cinnamon, MATE, KDE
//! Plasma and Xfce machines.
//!
//! The `.gvdb` fixtures are real dconf databases, compiled by `dconf
//! compile` (dconf 0.40) from keyfiles; each name says what it holds:
//! - user-gnome-never: `[org/gnome/desktop/session] idle-delay=uint32 0`
//! - user-gnome-45min: `idle-delay=uint32 2700`
//! - user-gnome-10min: `idle-delay=uint32 600`, `[…/screensaver] lock-delay=uint32 0`
//! - user-gnome-int32: `idle-delay=7200` (stored as int32, the wrong type)
//! - user-gnome-nolock: `[org/gnome/desktop/screensaver] lock-enabled=false`
//! - system-local-60min: `idle-delay=uint32 3600`, no lock
//! - system-local-locked-10min: `idle-delay=uint32 600`, `lock-enabled=true`,
//!   `lock-delay=uint32 0`, locks `/org/gnome/desktop/session/idle-delay`
//! - system-lockdown: `[org/gnome/desktop/lockdown] disable-lock-screen=true`, locked
//! - user-cinnamon-20min: `[org/cinnamon/desktop/session] idle-delay=uint32 1200`
//! - user-cinnamon-delay: `[org/cinnamon/desktop/screensaver] lock-delay=uint32 60`
//! - user-mate-45min: `[org/mate/desktop/session] idle-delay=45` (int32, minutes)
//! - user-mate-noidle: `[org/mate/screensaver] idle-activation-enabled=false`

use crate::common::*;
use vigie_audit::Status;
use vigie_evidence::command::FakeRunner;
use vigie_evidence::fs::{FileMeta, Fs, FsError, RootFs};
use vigie_evidence::{collect, Evidence, Platform, Sys, TargetKind};

const A: &str = "4.3.2.a";
const C: &str = "4.3.2.c";

macro_rules! db {
    ($name:literal) => {
        include_bytes!(concat!("fixtures/desktop/", $name, ".gvdb"))
    };
}

const PASSWD: &str = "root:x:0:0:root:/root:/bin/bash\n\
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n\
gdm:x:120:125:Gnome Display Manager:/var/lib/gdm3:/bin/false\n\
alice:x:1000:1000:Alice:/home/alice:/bin/bash\n\
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";

const PASSWD_TWO: &str = "root:x:0:0:root:/root:/bin/bash\n\
alice:x:1000:1000:Alice:/home/alice:/bin/bash\n\
bob:x:1001:1001:Bob:/home/bob:/bin/bash\n";

// Schema files as gsettings-desktop-schemas, cinnamon-desktop,
// mate-session-manager, mate-screensaver and mate-desktop install them
// (trimmed to the keys read).
const GNOME_SESSION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<schemalist gettext-domain="gsettings-desktop-schemas">
  <schema id="org.gnome.desktop.session" path="/org/gnome/desktop/session/">
    <key name="idle-delay" type="u">
      <default>300</default>
      <summary>Time before session is considered idle</summary>
    </key>
    <key name="session-name" type="s">
      <default>"gnome"</default>
    </key>
  </schema>
</schemalist>
"#;
const GNOME_SCREENSAVER: &str = r#"<schemalist>
  <schema gettext-domain="gsettings-desktop-schemas" id="org.gnome.desktop.screensaver" path="/org/gnome/desktop/screensaver/">
    <key name="idle-activation-enabled" type="b">
      <default>true</default>
    </key>
    <key name="lock-enabled" type="b">
      <default>true</default>
    </key>
    <key name="lock-delay" type="u">
      <default>0</default>
    </key>
  </schema>
</schemalist>
"#;
const GNOME_LOCKDOWN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<schemalist gettext-domain="gsettings-desktop-schemas">
  <schema id="org.gnome.desktop.lockdown" path="/org/gnome/desktop/lockdown/">
    <key name="disable-lock-screen" type="b">
      <default>false</default>
    </key>
  </schema>
</schemalist>
"#;
const CINNAMON_SESSION: &str = r#"<schemalist>
  <schema id="org.cinnamon.desktop.session" path="/org/cinnamon/desktop/session/">
    <key name="idle-delay" type="u">
      <default>900</default>
    </key>
  </schema>
</schemalist>
"#;
const CINNAMON_SCREENSAVER: &str = r#"<schemalist>
  <schema gettext-domain="cinnamon-desktop" id="org.cinnamon.desktop.screensaver" path="/org/cinnamon/desktop/screensaver/">
    <key name="lock-enabled" type="b">
      <default>true</default>
    </key>
    <key name="lock-delay" type="u">
      <default>0</default>
    </key>
  </schema>
</schemalist>
"#;
const CINNAMON_LOCKDOWN: &str = r#"<schemalist>
  <schema id="org.cinnamon.desktop.lockdown" path="/org/cinnamon/desktop/lockdown/">
    <key name="disable-lock-screen" type="b">
      <default>false</default>
    </key>
  </schema>
</schemalist>
"#;
const MATE_SESSION: &str = r#"<schemalist gettext-domain="mate-session-manager">
  <schema id="org.mate.session" path="/org/mate/desktop/session/">
    <key name="idle-delay" type="i">
      <default>5</default>
    </key>
  </schema>
</schemalist>
"#;
const MATE_SCREENSAVER: &str = r#"<schemalist>
  <enum id="org.mate.screensaver.Mode">
    <value nick="blank-only" value="0"/>
  </enum>
  <schema gettext-domain="mate-screensaver" id="org.mate.screensaver" path="/org/mate/screensaver/">
    <key name="idle-activation-enabled" type="b">
      <default>true</default>
    </key>
    <key name="lock-enabled" type="b">
      <default>true</default>
    </key>
    <key name="mode" enum="org.mate.screensaver.Mode">
      <default>'blank-only'</default>
    </key>
    <key name="lock-delay" type="i">
      <default>0</default>
    </key>
  </schema>
</schemalist>
"#;
const MATE_LOCKDOWN: &str = r#"<schemalist>
  <schema id="org.mate.lockdown" path="/org/mate/desktop/lockdown/">
    <key name="disable-lock-screen" type="b">
      <default>false</default>
    </key>
  </schema>
</schemalist>
"#;

const SCHEMAS: &str = "/usr/share/glib-2.0/schemas";

/// A Debian machine with GDM and GNOME, one person (alice), nothing set.
fn gnome() -> Tree {
    Tree::new()
        .file("/etc/passwd", PASSWD)
        .file(
            "/usr/share/wayland-sessions/gnome.desktop",
            "[Desktop Entry]\nName=GNOME\nComment=This session logs you into GNOME\nExec=gnome-session\nType=Application\nDesktopNames=GNOME\n",
        )
        .file(
            "/usr/share/xsessions/gnome-xorg.desktop",
            "[Desktop Entry]\nName=GNOME on Xorg\nExec=gnome-session\nDesktopNames=GNOME\n",
        )
        .file(&format!("{SCHEMAS}/org.gnome.desktop.session.gschema.xml"), GNOME_SESSION)
        .file(&format!("{SCHEMAS}/org.gnome.desktop.screensaver.gschema.xml"), GNOME_SCREENSAVER)
        .file(&format!("{SCHEMAS}/org.gnome.desktop.lockdown.gschema.xml"), GNOME_LOCKDOWN)
        .file("/lib/systemd/system/gdm3.service", "[Unit]\nDescription=GNOME Display Manager\n")
        .symlink(
            "/etc/systemd/system/display-manager.service",
            "/lib/systemd/system/gdm3.service",
        )
        .file(
            "/etc/gdm3/daemon.conf",
            "# GDM configuration storage\n[daemon]\n# Enabling automatic login\n#  AutomaticLoginEnable = true\n#  AutomaticLogin = user1\n",
        )
}

fn with_site_profile(t: Tree) -> Tree {
    t.file("/etc/dconf/profile/user", "user-db:user\nsystem-db:local\n")
}

/// A live system collected without administrator rights, where reading
/// anything under `denied` is refused.
fn live_denied(tree: &Tree, denied: &str) -> Evidence {
    struct DenyFs<'a> {
        inner: RootFs,
        denied: &'a str,
    }
    impl DenyFs<'_> {
        fn check(&self, path: &str) -> Result<(), FsError> {
            if path.starts_with(self.denied) {
                Err(FsError::PermissionDenied)
            } else {
                Ok(())
            }
        }
    }
    impl Fs for DenyFs<'_> {
        fn read_to_string(&self, path: &str) -> Result<String, FsError> {
            self.check(path)?;
            self.inner.read_to_string(path)
        }
        fn read_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
            self.check(path)?;
            self.inner.read_dir(path)
        }
        fn is_file(&self, path: &str) -> bool {
            self.check(path).is_ok() && self.inner.is_file(path)
        }
        fn read_bytes(&self, path: &str, max: u64) -> Result<Vec<u8>, FsError> {
            self.check(path)?;
            self.inner.read_bytes(path, max)
        }
        fn metadata(&self, path: &str) -> Result<FileMeta, FsError> {
            self.check(path)?;
            self.inner.metadata(path)
        }
        fn read_link(&self, path: &str) -> Result<String, FsError> {
            self.check(path)?;
            self.inner.read_link(path)
        }
    }
    let fs = DenyFs {
        inner: RootFs::new(tree.path()),
        denied,
    };
    let runner = FakeRunner::new();
    collect(
        &Sys::new(&fs, &runner, false),
        TargetKind::Live,
        None,
        Some("poste-test".into()),
        Platform::Linux,
    )
}

// ------------------------------------------------------------ GNOME

#[test]
fn gnome_defaults_lock_after_five_minutes() {
    let e = gnome().offline();
    let f = expect(
        A,
        &e,
        Status::Pass,
        &["alice / GNOME", "5 min", "défaut du schéma"],
    );
    assert!(crate::common::text(&f).contains("org.gnome.desktop.session.gschema.xml:5"));
    // The two GNOME sessions read the same settings: one row.
    assert!(!crate::common::text(&f).contains("GNOME on Xorg"));
    expect(
        C,
        &e,
        Status::Pass,
        &["alice / GNOME", "mot de passe exigé"],
    );
}

#[test]
fn gnome_idle_delay_zero_means_never() {
    let e = gnome()
        .bytes("/home/alice/.config/dconf/user", db!("user-gnome-never"))
        .offline();
    expect(
        A,
        &e,
        Status::Fail,
        &[
            "alice / GNOME",
            "idle-delay = 0",
            "/home/alice/.config/dconf/user",
            "uint32 0",
        ],
    );
    // Unlocking still needs the password when it does lock.
    expect(C, &e, Status::Pass, &[]);
}

#[test]
fn gnome_forty_five_minutes_is_too_long() {
    let e = gnome()
        .bytes("/home/alice/.config/dconf/user", db!("user-gnome-45min"))
        .offline();
    expect(A, &e, Status::Fail, &["45 min", "30 min", "uint32 2700"]);
}

#[test]
fn gnome_user_value_wins_without_a_lock() {
    let e = with_site_profile(gnome())
        .bytes("/etc/dconf/db/local", db!("system-local-60min"))
        .bytes("/home/alice/.config/dconf/user", db!("user-gnome-10min"))
        .offline();
    expect(A, &e, Status::Pass, &["10 min", "base de l'utilisateur"]);
    // Without the user's value, the site's hour applies.
    let e = with_site_profile(gnome())
        .bytes("/etc/dconf/db/local", db!("system-local-60min"))
        .offline();
    expect(
        A,
        &e,
        Status::Fail,
        &["1 h", "/etc/dconf/db/local", "uint32 3600"],
    );
}

#[test]
fn gnome_system_lock_overrides_the_user_value() {
    let e = with_site_profile(gnome())
        .file(
            "/etc/dconf/db/local.d/00-screensaver",
            "[org/gnome/desktop/session]\nidle-delay=uint32 600\n\n[org/gnome/desktop/screensaver]\nlock-enabled=true\nlock-delay=uint32 0\n",
        )
        .file(
            "/etc/dconf/db/local.d/locks/screensaver",
            "/org/gnome/desktop/session/idle-delay\n",
        )
        .bytes("/etc/dconf/db/local", db!("system-local-locked-10min"))
        .bytes("/home/alice/.config/dconf/user", db!("user-gnome-never"))
        .offline();
    let f = expect(
        A,
        &e,
        Status::Pass,
        &["10 min", "verrouillée", "ignorée", "uint32 0"],
    );
    // The value is cited at its keyfile line.
    assert!(crate::common::text(&f).contains("/etc/dconf/db/local.d/00-screensaver:2"));
}

#[test]
fn gnome_keyfiles_count_only_once_compiled() {
    // The keyfile says 10 minutes, but `dconf update` was not run: the
    // compiled database still says an hour, and that is what GNOME reads.
    let e = with_site_profile(gnome())
        .file(
            "/etc/dconf/db/local.d/00-screensaver",
            "[org/gnome/desktop/session]\nidle-delay=uint32 600\n",
        )
        .file(
            "/etc/dconf/db/local.d/locks/screensaver",
            "/org/gnome/desktop/session/idle-delay\n",
        )
        .bytes("/etc/dconf/db/local", db!("system-local-60min"))
        .offline();
    expect(
        A,
        &e,
        Status::Fail,
        &[
            "1 h",
            "dconf update",
            "/etc/dconf/db/local.d/00-screensaver:2",
            "verrou sans effet",
        ],
    );
    // No compiled database at all: dconf reads nothing from the keyfile.
    let e = with_site_profile(gnome())
        .file(
            "/etc/dconf/db/local.d/00-screensaver",
            "[org/gnome/desktop/session]\nidle-delay=uint32 3600\n",
        )
        .bytes("/home/alice/.config/dconf/user", db!("user-gnome-45min"))
        .offline();
    expect(A, &e, Status::Fail, &["45 min", "dconf update"]);
}

#[test]
fn gnome_vendor_overrides_change_the_default() {
    let e = gnome()
        .file(
            &format!("{SCHEMAS}/10_vendor.gschema.override"),
            "[org.gnome.desktop.session]\nidle-delay=600\n",
        )
        .file(
            &format!("{SCHEMAS}/20_site.gschema.override"),
            "# site defaults\n[org.gnome.desktop.session]\nidle-delay=3600\n",
        )
        .offline();
    // The later file wins.
    expect(
        A,
        &e,
        Status::Fail,
        &["1 h", "20_site.gschema.override", "défaut du fournisseur"],
    );
    // A desktop-specific override wins for that desktop only.
    let e = gnome()
        .file(
            "/usr/share/wayland-sessions/ubuntu.desktop",
            "[Desktop Entry]\nName=Ubuntu\nDesktopNames=ubuntu:GNOME\n",
        )
        .file(
            &format!("{SCHEMAS}/10_ubuntu-settings.gschema.override"),
            "[org.gnome.desktop.session:ubuntu]\nidle-delay=3600\n",
        )
        .offline();
    let f = expect(A, &e, Status::Fail, &["alice / Ubuntu", "1 h"]);
    assert!(!f.reason.fr.contains("alice / GNOME"), "{}", f.reason.fr);
}

#[test]
fn gnome_ignores_a_value_of_the_wrong_type() {
    // `idle-delay=7200` without `uint32` is an int32: GSettings ignores it
    // and the default (5 minutes) applies.
    let e = gnome()
        .bytes("/home/alice/.config/dconf/user", db!("user-gnome-int32"))
        .offline();
    expect(
        A,
        &e,
        Status::Pass,
        &["5 min", "ignorée", "type attendu « u »"],
    );
}

#[test]
fn gnome_lock_disabled_fails_both() {
    let e = gnome()
        .bytes("/home/alice/.config/dconf/user", db!("user-gnome-nolock"))
        .offline();
    expect(A, &e, Status::Fail, &["lock-enabled = false"]);
    expect(C, &e, Status::Fail, &["lock-enabled = false"]);
}

#[test]
fn gnome_lockdown_forbids_the_lock() {
    let e = with_site_profile(gnome())
        .bytes("/etc/dconf/db/local", db!("system-lockdown"))
        .offline();
    expect(C, &e, Status::Fail, &["disable-lock-screen = true"]);
    expect(A, &e, Status::Fail, &["disable-lock-screen"]);
}

#[test]
fn a_database_the_profile_names_but_that_does_not_exist_is_empty() {
    let e = gnome()
        .file("/etc/dconf/profile/user", "user-db:user\nsystem-db:site\n")
        .offline();
    expect(A, &e, Status::Pass, &["5 min"]);
}

#[test]
fn an_unreadable_home_is_unknown_not_a_default_pass() {
    let tree = gnome().bytes("/home/alice/.config/dconf/user", db!("user-gnome-never"));
    let e = live_denied(&tree, "/home/alice");
    let f = expect(A, &e, Status::Unknown, &["alice / GNOME", "administrateur"]);
    assert!(f.needs_privileges);
    let f = expect(C, &e, Status::Unknown, &["alice / GNOME"]);
    assert!(f.needs_privileges);
}

#[test]
fn a_missing_schema_is_unknown() {
    let e = Tree::new()
        .file("/etc/passwd", PASSWD)
        .file(
            "/usr/share/wayland-sessions/gnome.desktop",
            "[Desktop Entry]\nName=GNOME\nDesktopNames=GNOME\n",
        )
        .offline();
    expect(A, &e, Status::Unknown, &["org.gnome.desktop.session"]);
}

// ------------------------------------------------------ several users

#[test]
fn the_worst_account_decides_and_each_is_listed() {
    let e = gnome()
        .file("/etc/passwd", PASSWD_TWO)
        .bytes("/home/alice/.config/dconf/user", db!("user-gnome-10min"))
        .bytes("/home/bob/.config/dconf/user", db!("user-gnome-45min"))
        .offline();
    let f = expect(
        A,
        &e,
        Status::Fail,
        &["bob / GNOME : mot de passe exigé après 45 min"],
    );
    assert!(!f.reason.fr.contains("alice"), "{}", f.reason.fr);
    let shown = crate::common::text(&f);
    assert!(shown.contains("alice / GNOME"), "{shown}");
    assert!(shown.contains("/home/bob/.config/dconf/user"), "{shown}");
}

#[test]
fn without_human_accounts_the_system_settings_are_judged() {
    let e = gnome()
        .file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
        .offline();
    expect(A, &e, Status::Pass, &["tout nouveau compte", "5 min"]);
}

// ----------------------------------------------------------- KDE

fn kde() -> Tree {
    Tree::new()
        .file("/etc/passwd", PASSWD)
        .file(
            "/usr/share/wayland-sessions/plasma.desktop",
            "[Desktop Entry]\nExec=/usr/lib/x86_64-linux-gnu/libexec/plasma-dbus-run-session-if-needed /usr/bin/startplasma-wayland\nDesktopNames=KDE\nName=Plasma (Wayland)\n",
        )
        .file("/lib/systemd/system/sddm.service", "[Unit]\nDescription=Simple Desktop Display Manager\n")
        .symlink(
            "/etc/systemd/system/display-manager.service",
            "/lib/systemd/system/sddm.service",
        )
}

#[test]
fn kde_defaults_lock_after_five_minutes_with_a_grace() {
    let e = kde().offline();
    expect(
        A,
        &e,
        Status::Pass,
        &["Plasma (Wayland)", "5 min 5 s", "LockGrace"],
    );
    // Five seconds during which the lock goes away without a password.
    expect(C, &e, Status::Fail, &["5 s", "LockGrace"]);
}

#[test]
fn kde_timeout_of_forty_minutes_fails() {
    let e = kde()
        .file(
            "/home/alice/.config/kscreenlockerrc",
            "[Daemon]\nLockGrace=0\nTimeout=40\n",
        )
        .offline();
    expect(
        A,
        &e,
        Status::Fail,
        &["40 min", "/home/alice/.config/kscreenlockerrc:3"],
    );
    expect(C, &e, Status::Pass, &[]);
}

#[test]
fn kde_autolock_off_fails() {
    let e = kde()
        .file(
            "/home/alice/.config/kscreenlockerrc",
            "[Daemon]\nAutolock=false\nLockGrace=0\n",
        )
        .offline();
    expect(A, &e, Status::Fail, &["Autolock = false"]);
}

#[test]
fn kde_immutable_system_settings_win() {
    let e = kde()
        .file(
            "/etc/xdg/kscreenlockerrc",
            "[Daemon][$i]\nTimeout=10\nLockGrace=0\n",
        )
        .file(
            "/home/alice/.config/kscreenlockerrc",
            "[Daemon]\nAutolock=false\nTimeout=60\nLockGrace=30\n",
        )
        .offline();
    expect(A, &e, Status::Pass, &["10 min", "imposé ([$i])"]);
    expect(C, &e, Status::Pass, &[]);
    // Without [$i], the user's settings win.
    let e = kde()
        .file(
            "/etc/xdg/kscreenlockerrc",
            "[Daemon]\nTimeout=10\nLockGrace=0\n",
        )
        .file(
            "/home/alice/.config/kscreenlockerrc",
            "[Daemon]\nTimeout=60\n",
        )
        .offline();
    expect(A, &e, Status::Fail, &["1 h"]);
}

#[test]
fn kde_no_lock_on_resume_fails_unlocking() {
    let e = kde()
        .file(
            "/home/alice/.config/kscreenlockerrc",
            "[Daemon]\nLockGrace=0\nLockOnResume=false\n",
        )
        .offline();
    expect(C, &e, Status::Fail, &["LockOnResume = false"]);
    expect(A, &e, Status::Pass, &["5 min"]);
}

// ------------------------------------------------- Cinnamon, MATE

fn cinnamon() -> Tree {
    Tree::new()
        .file("/etc/passwd", PASSWD)
        .file(
            "/usr/share/xsessions/cinnamon.desktop",
            "[Desktop Entry]\nName=Cinnamon\nExec=cinnamon-session-cinnamon\nDesktopNames=X-Cinnamon\n",
        )
        .file(&format!("{SCHEMAS}/org.cinnamon.desktop.session.gschema.xml"), CINNAMON_SESSION)
        .file(&format!("{SCHEMAS}/org.cinnamon.desktop.screensaver.gschema.xml"), CINNAMON_SCREENSAVER)
        .file(&format!("{SCHEMAS}/org.cinnamon.desktop.lockdown.gschema.xml"), CINNAMON_LOCKDOWN)
}

#[test]
fn cinnamon_defaults_and_user_settings() {
    let e = cinnamon().offline();
    expect(A, &e, Status::Pass, &["Cinnamon", "15 min"]);
    let e = cinnamon()
        .bytes("/home/alice/.config/dconf/user", db!("user-cinnamon-20min"))
        .offline();
    expect(
        A,
        &e,
        Status::Pass,
        &["20 min", "org.cinnamon.desktop.session idle-delay"],
    );
    expect(C, &e, Status::Pass, &[]);
}

#[test]
fn cinnamon_lock_delay_lets_the_screen_back_without_password() {
    let e = cinnamon()
        .bytes("/home/alice/.config/dconf/user", db!("user-cinnamon-delay"))
        .offline();
    expect(C, &e, Status::Fail, &["1 min", "lock-delay"]);
    expect(A, &e, Status::Pass, &["16 min"]);
}

fn mate() -> Tree {
    Tree::new()
        .file("/etc/passwd", PASSWD)
        .file(
            "/usr/share/xsessions/mate.desktop",
            "[Desktop Entry]\nName=MATE\nExec=mate-session\nDesktopNames=MATE\n",
        )
        .file(
            &format!("{SCHEMAS}/org.mate.session.gschema.xml"),
            MATE_SESSION,
        )
        .file(
            &format!("{SCHEMAS}/org.mate.screensaver.gschema.xml"),
            MATE_SCREENSAVER,
        )
        .file(
            &format!("{SCHEMAS}/org.mate.lockdown.gschema.xml"),
            MATE_LOCKDOWN,
        )
}

#[test]
fn mate_idle_delay_is_in_minutes() {
    let e = mate().offline();
    expect(A, &e, Status::Pass, &["MATE", "5 min"]);
    let e = mate()
        .bytes("/home/alice/.config/dconf/user", db!("user-mate-45min"))
        .offline();
    expect(
        A,
        &e,
        Status::Fail,
        &["45 min", "org.mate.session idle-delay"],
    );
}

#[test]
fn mate_without_idle_activation_never_locks() {
    let e = mate()
        .bytes("/home/alice/.config/dconf/user", db!("user-mate-noidle"))
        .offline();
    expect(A, &e, Status::Fail, &["idle-activation-enabled = false"]);
}

// ----------------------------------------------------------- Xfce

const XFCE_CHANNEL_DIR: &str = ".config/xfce4/xfconf/xfce-perchannel-xml";

fn xfce() -> Tree {
    Tree::new()
        .file("/etc/passwd", PASSWD)
        .file(
            "/usr/share/xsessions/xfce.desktop",
            "[Desktop Entry]\nName=Xfce Session\nExec=startxfce4\n",
        )
        .file(
            "/lib/systemd/system/lightdm.service",
            "[Unit]\nDescription=Light Display Manager\n",
        )
        .symlink(
            "/etc/systemd/system/display-manager.service",
            "/lib/systemd/system/lightdm.service",
        )
}

fn xfce_channel(delay: u32, extra: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>

<channel name="xfce4-screensaver" version="1.0">
  <property name="saver" type="empty">
    <property name="mode" type="int" value="0"/>
    <property name="idle-activation" type="empty">
      <property name="delay" type="int" value="{delay}"{extra}/>
    </property>
  </property>
</channel>
"#
    )
}

#[test]
fn xfce_screensaver_delay_in_minutes() {
    let e = xfce()
        .file("/usr/bin/xfce4-screensaver", "")
        .file(
            &format!("/home/alice/{XFCE_CHANNEL_DIR}/xfce4-screensaver.xml"),
            &xfce_channel(45, ""),
        )
        .offline();
    expect(
        A,
        &e,
        Status::Fail,
        &["Xfce Session", "45 min", "xfce4-screensaver.xml:7"],
    );
    expect(C, &e, Status::Pass, &[]);
    // Defaults: 5 minutes, locked at once.
    let e = xfce().file("/usr/bin/xfce4-screensaver", "").offline();
    expect(A, &e, Status::Pass, &["5 min"]);
}

#[test]
fn xfce_system_lock_beats_the_user() {
    let e = xfce()
        .file("/usr/bin/xfce4-screensaver", "")
        .file(
            "/etc/xdg/xfce4/xfconf/xfce-perchannel-xml/xfce4-screensaver.xml",
            &xfce_channel(10, r#" locked="*""#),
        )
        .file(
            &format!("/home/alice/{XFCE_CHANNEL_DIR}/xfce4-screensaver.xml"),
            &xfce_channel(45, ""),
        )
        .offline();
    expect(A, &e, Status::Pass, &["10 min", "verrouillé"]);
}

#[test]
fn xfce_without_a_locker() {
    let e = xfce().offline();
    expect(A, &e, Status::Fail, &["aucun"]);
    expect(C, &e, Status::Fail, &["aucun verrouilleur"]);
    // light-locker follows the X server's screen saver: not read.
    let e = xfce().file("/usr/bin/light-locker", "").offline();
    expect(A, &e, Status::Unknown, &["light-locker"]);
}

// ------------------------------------------- several desktops, others

#[test]
fn gnome_and_kde_on_one_machine_are_both_judged() {
    let e = gnome()
        .file(
            "/usr/share/wayland-sessions/plasma.desktop",
            "[Desktop Entry]\nName=Plasma (Wayland)\nDesktopNames=KDE\n",
        )
        .file(
            "/home/alice/.config/kscreenlockerrc",
            "[Daemon]\nTimeout=40\nLockGrace=0\n",
        )
        .offline();
    let f = expect(A, &e, Status::Fail, &["alice / Plasma (Wayland)", "40 min"]);
    assert!(crate::common::text(&f).contains("alice / GNOME"));
}

#[test]
fn an_unknown_desktop_is_unknown() {
    let e = Tree::new()
        .file("/etc/passwd", PASSWD)
        .file(
            "/usr/share/xsessions/lxqt.desktop",
            "[Desktop Entry]\nName=LXQt Desktop\nDesktopNames=LXQt\n",
        )
        .offline();
    expect(A, &e, Status::Unknown, &["LXQt Desktop"]);
    expect(C, &e, Status::Unknown, &["LXQt Desktop"]);
}

#[test]
fn a_server_without_graphical_session_is_not_applicable() {
    let e = Tree::new()
        .file("/etc/passwd", PASSWD)
        .file("/lib/systemd/system/ssh.service", "[Unit]\n")
        .offline();
    expect(A, &e, Status::NotApplicable, &["Aucune session graphique"]);
    expect(C, &e, Status::NotApplicable, &[]);
    // A hidden session is not offered either.
    let e = Tree::new()
        .file("/etc/passwd", PASSWD)
        .file(
            "/usr/share/xsessions/gnome.desktop",
            "[Desktop Entry]\nName=GNOME\nHidden=true\n",
        )
        .offline();
    expect(A, &e, Status::NotApplicable, &[]);
}

#[test]
fn a_display_manager_without_sessions_is_unknown() {
    let e = Tree::new()
        .file("/etc/passwd", PASSWD)
        .file("/lib/systemd/system/lightdm.service", "[Unit]\n")
        .offline();
    expect(A, &e, Status::Unknown, &["lightdm.service"]);
}

// ------------------------------------------------------ autologin

#[test]
fn gdm_automatic_login_fails_unlocking() {
    let e = gnome()
        .file(
            "/etc/gdm3/daemon.conf",
            "[daemon]\nAutomaticLoginEnable = True\nAutomaticLogin = alice\n",
        )
        .offline();
    expect(
        C,
        &e,
        Status::Fail,
        &[
            "GDM",
            "alice",
            "/etc/gdm3/daemon.conf:2",
            "AutomaticLoginEnable",
        ],
    );
    // The lock delay itself is not concerned.
    expect(A, &e, Status::Pass, &[]);
    // Timed login opens the session too.
    let e = gnome()
        .file(
            "/etc/gdm/custom.conf",
            "[daemon]\nTimedLoginEnable=true\nTimedLogin=alice\nTimedLoginDelay=10\n",
        )
        .offline();
    expect(C, &e, Status::Fail, &["10 s", "TimedLogin"]);
    // Turned off again in a later line: no automatic login.
    let e = gnome()
        .file(
            "/etc/gdm3/daemon.conf",
            "[daemon]\nAutomaticLoginEnable=true\nAutomaticLogin=alice\nAutomaticLoginEnable=false\n",
        )
        .offline();
    expect(C, &e, Status::Pass, &[]);
}

#[test]
fn lightdm_automatic_login_in_a_drop_in() {
    let e = xfce()
        .file("/usr/bin/xfce4-screensaver", "")
        .file(
            "/usr/share/lightdm/lightdm.conf.d/01_debian.conf",
            "[Seat:*]\ngreeter-session=lightdm-greeter\n",
        )
        .file(
            "/etc/lightdm/lightdm.conf.d/50-autologin.conf",
            "[Seat:*]\nautologin-user=alice\nautologin-user-timeout=0\n",
        )
        .offline();
    expect(C, &e, Status::Fail, &["LightDM", "50-autologin.conf:2"]);
    // Emptied by the main file, read last.
    let e = xfce()
        .file("/usr/bin/xfce4-screensaver", "")
        .file(
            "/etc/lightdm/lightdm.conf.d/50-autologin.conf",
            "[Seat:*]\nautologin-user=alice\n",
        )
        .file("/etc/lightdm/lightdm.conf", "[Seat:*]\nautologin-user=\n")
        .offline();
    expect(C, &e, Status::Pass, &[]);
}

#[test]
fn autologin_of_a_display_manager_not_in_use_is_only_reported() {
    let e = gnome()
        .file("/lib/systemd/system/sddm.service", "[Unit]\n")
        .file(
            "/etc/sddm.conf.d/autologin.conf",
            "[Autologin]\nUser=alice\nSession=plasma\n",
        )
        .offline();
    expect(C, &e, Status::Pass, &["SDDM", "gestionnaire non utilisé"]);
    let e = kde()
        .file(
            "/home/alice/.config/kscreenlockerrc",
            "[Daemon]\nLockGrace=0\n",
        )
        .file(
            "/etc/sddm.conf.d/autologin.conf",
            "[Autologin]\nUser=alice\nSession=plasma\n",
        )
        .offline();
    expect(C, &e, Status::Fail, &["SDDM", "alice"]);
}

#[test]
fn evidence_round_trips_through_json() {
    let e = with_site_profile(gnome())
        .bytes("/etc/dconf/db/local", db!("system-local-locked-10min"))
        .file(
            "/etc/dconf/db/local.d/locks/x",
            "/org/gnome/desktop/session/idle-delay\n",
        )
        .bytes("/home/alice/.config/dconf/user", db!("user-gnome-never"))
        .offline();
    let json = serde_json::to_string(&e).unwrap();
    let back: Evidence = serde_json::from_str(&json).unwrap();
    assert_eq!(back, e);
}
