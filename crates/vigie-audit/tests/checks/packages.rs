//! Tests for the packages area: 4.3.4.b (security patches applied) and
//! 4.3.5.a (only authentic software: signature checking never disabled), on
//! Debian, Linux Mint, Fedora (dnf4 and dnf5) and openSUSE layouts, offline
//! and live with captured command outputs.

use crate::common::*;
use vigie_audit::Status;
use vigie_evidence::command::{FakeRunner, NoRunner, Runner};
use vigie_evidence::fs::RootFs;
use vigie_evidence::linux::packages::apt::PendingMethod;
use vigie_evidence::{collect, CollectOptions, Evidence, Platform, Sys, TargetKind};

const UPDATES: &str = "4.3.4.b";
const AUTHENTIC: &str = "4.3.5.a";

/// Collected with `--thorough` (the package managers' own slow commands),
/// as a live system run as root when `runner` is live, else offline.
fn thorough(t: &Tree, runner: &dyn Runner) -> Evidence {
    thorough_as(t, runner, runner.is_live())
}

/// [`thorough`], as root or not.
fn thorough_as(t: &Tree, runner: &dyn Runner, privileged: bool) -> Evidence {
    let fs = RootFs::new(t.path());
    let sys = Sys::new(&fs, runner, privileged).with_options(CollectOptions { thorough: true });
    let kind = if runner.is_live() {
        TargetKind::Live
    } else {
        TargetKind::Root
    };
    collect(&sys, kind, None, None, Platform::Linux)
}

/// Seconds since the epoch, `days` before the audit date (at noon UTC).
fn days_ago(days: i64) -> i64 {
    (time::PrimitiveDateTime::new(AS_OF, time::macros::time!(12:00)).assume_utc()
        - time::Duration::days(days))
    .unix_timestamp()
}

// ---------------------------------------------------------------------------
// Debian
// ---------------------------------------------------------------------------

const DEBIAN_OS: &str =
    "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n";

fn dpkg_status(uu_status: Option<&str>) -> String {
    let mut s = String::from(
        "Package: apt\nStatus: install ok installed\nPriority: important\nVersion: 2.6.1\n\n",
    );
    if let Some(status) = uu_status {
        s.push_str(&format!(
            "Package: unattended-upgrades\nStatus: {status}\nPriority: optional\nVersion: 2.9.1+nmu3\nDepends: debconf, python3\n\n"
        ));
    }
    s.push_str("Package: vim\nStatus: install ok installed\nVersion: 2:9.0.1378-2\n");
    s
}

/// Debian's stock 50unattended-upgrades (comments shortened).
const UU_STOCK: &str = r#"// Unattended-Upgrade::Origins-Pattern controls which packages are
// upgraded.
Unattended-Upgrade::Origins-Pattern {
        // Codename based matching:
//      "origin=Debian,codename=${distro_codename}-updates";
        "origin=Debian,codename=${distro_codename},label=Debian";
        "origin=Debian,codename=${distro_codename},label=Debian-Security";
        "origin=Debian,codename=${distro_codename}-security,label=Debian-Security";
};

Unattended-Upgrade::Package-Blacklist {
};
// Unattended-Upgrade::Mail "";
"#;

/// What `dpkg-reconfigure -plow unattended-upgrades` writes.
const AUTO_UPGRADES: &str =
    "APT::Periodic::Update-Package-Lists \"1\";\nAPT::Periodic::Unattended-Upgrade \"1\";\n";

const DEBIAN_SOURCES: &str = "\
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main non-free-firmware
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://security.debian.org/debian-security
Suites: bookworm-security
Components: main non-free-firmware
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
";

const TIMER_UNIT: &str =
    "[Timer]\nOnCalendar=*-*-* 6:00\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n";

fn enabled_timer(t: Tree, name: &str) -> Tree {
    t.file(&format!("/usr/lib/systemd/system/{name}"), TIMER_UNIT)
        .symlink(
            &format!("/etc/systemd/system/timers.target.wants/{name}"),
            &format!("/usr/lib/systemd/system/{name}"),
        )
}

/// Stock Debian 12 with unattended-upgrades enabled, its last successful
/// run yesterday and its package lists refreshed yesterday, but no security
/// suite among the lists (see [`debian`]).
fn debian_config() -> Tree {
    let t = Tree::new()
        .file("/etc/os-release", DEBIAN_OS)
        .file(
            "/var/lib/dpkg/status",
            &dpkg_status(Some("install ok installed")),
        )
        .file("/etc/apt/apt.conf.d/50unattended-upgrades", UU_STOCK)
        .file("/etc/apt/apt.conf.d/20auto-upgrades", AUTO_UPGRADES)
        .file(
            "/etc/apt/apt.conf.d/01autoremove",
            "APT { NeverAutoRemove { \"^linux-image.*\"; }; };\n",
        )
        .file("/etc/apt/sources.list.d/debian.sources", DEBIAN_SOURCES)
        .file("/var/lib/apt/periodic/upgrade-stamp", "")
        .mtime("/var/lib/apt/periodic/upgrade-stamp", days_ago(1))
        .file(UPDATES_RELEASE, DEBIAN_UPDATES_RELEASE)
        .mtime(UPDATES_RELEASE, days_ago(1));
    let t = enabled_timer(t, "apt-daily.timer");
    enabled_timer(t, "apt-daily-upgrade.timer")
}

/// [`debian_config`] with the security suite's lists, refreshed yesterday,
/// and nothing newer in them than what is installed.
fn debian() -> Tree {
    with_security(debian_config(), SECURITY_UP_TO_DATE, "")
}

const UPDATES_RELEASE: &str =
    "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm-updates_InRelease";
const DEBIAN_UPDATES_RELEASE: &str = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nOrigin: Debian\nLabel: Debian\nSuite: oldstable-updates\nVersion: 12-updates\nCodename: bookworm-updates\nDate: Fri, 27 Nov 2026 20:14:45 UTC\nSHA256:\n";

/// apt's list files for `http://deb.debian.org/debian-security bookworm-security`
/// (URItoFileName: scheme dropped, `/` turned into `_`).
const SECURITY_LISTS: &str =
    "/var/lib/apt/lists/deb.debian.org_debian-security_dists_bookworm-security_";

/// Head of Debian 12's security InRelease (checksums and signature cut).
const SECURITY_RELEASE: &str = "-----BEGIN PGP SIGNED MESSAGE-----
Hash: SHA256

Origin: Debian
Label: Debian-Security
Suite: oldstable-security
Version: 12
Codename: bookworm-security
Date: Thu, 26 Nov 2026 21:03:35 UTC
Valid-Until: Thu, 03 Dec 2026 21:03:35 UTC
Acquire-By-Hash: yes
Architectures: amd64 arm64 armhf i386 ppc64el
Components: updates/main updates/contrib updates/non-free-firmware updates/non-free
Description: Debian 12 - Security Updates
SHA256:
 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855        0 contrib/Contents-amd64
-----BEGIN PGP SIGNATURE-----

iQIzBAEBCAAdFiEE
-----END PGP SIGNATURE-----
";

/// A security index listing `apt` at the installed version.
const SECURITY_UP_TO_DATE: &str = "Package: apt
Version: 2.6.1
Installed-Size: 4191
Maintainer: APT Development Team <deity@lists.debian.org>
Architecture: amd64
Description: commandline package manager
 This package provides commandline tools for searching and
 managing as well as querying information about packages.
Filename: pool/updates/main/a/apt/apt_2.6.1_amd64.deb
Size: 1377740
";

fn compress(text: &str, ext: &str) -> Vec<u8> {
    use std::io::Write;
    match ext {
        ".lz4" => {
            let mut e = lz4_flex::frame::FrameEncoder::new(Vec::new());
            e.write_all(text.as_bytes()).unwrap();
            e.finish().unwrap()
        }
        ".gz" => {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(text.as_bytes()).unwrap();
            e.finish().unwrap()
        }
        _ => text.as_bytes().to_vec(),
    }
}

/// Adds the security suite's InRelease (refreshed yesterday) and its amd64
/// index, stored with this compression suffix ("" for none).
fn with_security(t: Tree, amd64: &str, ext: &str) -> Tree {
    let release = format!("{SECURITY_LISTS}InRelease");
    t.file(&release, SECURITY_RELEASE)
        .mtime(&release, days_ago(1))
        .bytes(
            &format!("{SECURITY_LISTS}main_binary-amd64_Packages{ext}"),
            &compress(amd64, ext),
        )
}

/// Installed: up to date (apt), a multi-arch library on two architectures
/// with a fix waiting on both (libssl3), a package newer than the security
/// candidate (openssh-client, from a point release), a held package with a
/// fix waiting (openssl), an `all` package (tzdata), a library whose fix
/// exists only for another architecture (libfoo1), a removed package whose
/// configuration remains (vim).
const STATUS_WITH_FIXES: &str = "Package: dpkg
Essential: yes
Status: install ok installed
Priority: required
Architecture: amd64
Version: 1.21.22

Package: apt
Status: install ok installed
Architecture: amd64
Version: 2.6.1

Package: unattended-upgrades
Status: install ok installed
Architecture: all
Version: 2.9.1+nmu3

Package: libssl3
Status: install ok installed
Architecture: amd64
Multi-Arch: same
Version: 3.0.14-1~deb12u2
Description: Secure Sockets Layer toolkit - shared libraries
 Package: not a field

Package: libssl3
Status: install ok installed
Architecture: i386
Multi-Arch: same
Version: 3.0.14-1~deb12u2

Package: openssh-client
Status: install ok installed
Architecture: amd64
Version: 1:9.2p1-2+deb12u10

Package: openssl
Status: hold ok installed
Architecture: amd64
Version: 3.0.14-1~deb12u2

Package: tzdata
Status: install ok installed
Architecture: all
Version: 2024a-0+deb12u1

Package: libfoo1
Status: install ok installed
Architecture: amd64
Version: 1.0-1

Package: vim
Status: deinstall ok config-files
Architecture: amd64
Version: 2:9.0.1378-2
";

const SECURITY_AMD64: &str = "Package: apt
Version: 2.6.1
Architecture: amd64

Package: libssl3
Source: openssl
Version: 3.0.15-1~deb12u1
Architecture: amd64
Multi-Arch: same

Package: openssh-client
Source: openssh
Version: 1:9.2p1-2+deb12u9
Architecture: amd64

Package: openssl
Version: 3.0.15-1~deb12u1
Architecture: amd64

Package: tzdata
Version: 2025b-0+deb12u1
Architecture: all

Package: vim
Version: 2:9.0.1378-2+deb12u2
Architecture: amd64
";

const SECURITY_I386: &str = "Package: libssl3
Source: openssl
Version: 3.0.15-1~deb12u1
Architecture: i386
Multi-Arch: same

Package: libfoo1
Version: 1.0-1+deb12u1
Architecture: i386

Package: tzdata
Version: 2025b-0+deb12u1
Architecture: all
";

/// Debian with [`STATUS_WITH_FIXES`] and both architectures' security
/// indexes, stored with this compression.
fn debian_with_fixes(ext: &str) -> Tree {
    with_security(debian_config(), SECURITY_AMD64, ext)
        .file("/var/lib/dpkg/status", STATUS_WITH_FIXES)
        .bytes(
            &format!("{SECURITY_LISTS}main_binary-i386_Packages{ext}"),
            &compress(SECURITY_I386, ext),
        )
}

const FOUR_WAITING: &[&str] = &[
    "4 mise(s) à jour de sécurité en attente",
    "libssl3, libssl3:i386, openssl, tzdata",
    "/var/lib/dpkg/status ⟷ /var/lib/apt/lists",
    "Suite: oldstable-security (2 index",
];

#[test]
fn debian_native_count_from_plain_lz4_and_gz_indexes() {
    for ext in ["", ".lz4", ".gz"] {
        let t = debian_with_fixes(ext);
        // No command answers: the count comes from files alone.
        let f = expect(
            UPDATES,
            &t.live(&FakeRunner::new()),
            Status::Fail,
            FOUR_WAITING,
        );
        let shown = text(&f);
        assert!(!shown.contains("openssh-client"), "{ext}: {shown}");
        assert!(!shown.contains("libfoo1"), "{ext}: {shown}");
        assert!(!shown.contains("vim"), "{ext}: {shown}");
        assert!(!shown.contains("apt-get"), "{ext}: {shown}");
    }
}

#[test]
fn debian_offline_root_now_gets_a_count() {
    let e = debian_with_fixes(".lz4").offline();
    expect(UPDATES, &e, Status::Fail, FOUR_WAITING);
    let apt = e.linux.as_ref().unwrap().packages.apt.as_ref().unwrap();
    assert_eq!(apt.pending_method, PendingMethod::Native);
    // Nothing waiting and lists refreshed yesterday: a pass, offline too.
    expect(
        UPDATES,
        &debian().offline(),
        Status::Pass,
        &[
            "aucune mise à jour de sécurité en attente",
            "dpkg comparé aux listes de sécurité d'apt",
            "1 jour",
        ],
    );
}

#[test]
fn debian_vendor_repository_named_security_is_not_counted() {
    // Its address says "security", its suite does not: not a security suite.
    let vendor = "/var/lib/apt/lists/packages.security-tools.example_apt_dists_stable_";
    let t = debian()
        .file(
            &format!("{vendor}InRelease"),
            "Origin: Security Tools Inc\nLabel: security-tools\nSuite: stable\nCodename: stable\n",
        )
        .mtime(&format!("{vendor}InRelease"), days_ago(2))
        .file(
            &format!("{vendor}main_binary-amd64_Packages"),
            "Package: apt\nVersion: 9.9\nArchitecture: amd64\n",
        );
    let f = expect(
        UPDATES,
        &t.live(&FakeRunner::new()),
        Status::Pass,
        &["aucune mise à jour de sécurité en attente"],
    );
    assert!(!text(&f).contains("security-tools"), "{}", text(&f));
}

#[test]
fn debian_stale_lists_make_zero_pending_unknown() {
    let release = format!("{SECURITY_LISTS}InRelease");
    // The security suite's own lists are stale, even if another suite's are fresh.
    let t = debian().mtime(&release, days_ago(20));
    expect(
        UPDATES,
        &t.offline(),
        Status::Unknown,
        &["20 jours", "bookworm-security_InRelease"],
    );
    let t = t.mtime(UPDATES_RELEASE, days_ago(20));
    for e in [t.offline(), t.live(&FakeRunner::new())] {
        expect(
            UPDATES,
            &e,
            Status::Unknown,
            &["20 jours", "proves nothing", "dpkg compared"],
        );
    }
    // Stale lists and no successful run for a month: the automation is broken.
    let t = t.mtime("/var/lib/apt/periodic/upgrade-stamp", days_ago(31));
    expect(UPDATES, &t.offline(), Status::Fail, &["31 jours"]);
    // apt's own stamp of a successful `apt update` counts as a refresh.
    let t = t
        .file("/var/lib/apt/periodic/update-success-stamp", "")
        .mtime("/var/lib/apt/periodic/update-success-stamp", days_ago(2));
    expect(UPDATES, &t.offline(), Status::Pass, &["2 jour"]);
}

#[test]
fn debian_unread_compression_is_unknown_and_thorough_asks_apt_get() {
    let t = with_security(debian_config(), SECURITY_UP_TO_DATE, ".xz");
    // The count is unknown: judged on the configuration and the last run.
    expect(
        UPDATES,
        &t.live(&FakeRunner::new()),
        Status::Pass,
        &[
            "n'ont pas pu être comptées",
            "Packages.xz",
            "compressed as xz",
            "--thorough",
            "dernière exécution automatique",
        ],
    );
    let runner = FakeRunner::new().ok(APT_SIM, SIM_SECURITY);
    expect(
        UPDATES,
        &thorough(&t, &runner),
        Status::Fail,
        &["2 mise(s) à jour de sécurité", APT_SIM],
    );
}

#[test]
fn debian_index_fixes_counted_even_when_another_index_is_unread() {
    // A fix waiting in a readable index stands; an unread one cannot undo it.
    let t = debian_with_fixes("").bytes(
        &format!("{SECURITY_LISTS}contrib_binary-amd64_Packages.zst"),
        b"\x28\xb5\x2f\xfd",
    );
    expect(
        UPDATES,
        &t.offline(),
        Status::Fail,
        &["4 mise(s)", "contrib_binary-amd64_Packages.zst"],
    );
}

#[test]
fn debian_without_security_lists_judges_configuration_and_last_run() {
    let f = expect(
        UPDATES,
        &debian_config().offline(),
        Status::Pass,
        &[
            "unattended-upgrades",
            "n'ont pas pu être comptées",
            "no security suite among the package lists (oldstable-updates)",
            "/var/lib/apt/periodic/upgrade-stamp",
            "/etc/apt/apt.conf.d/20auto-upgrades:1",
            "Debian-Security",
        ],
    );
    assert!(!f.needs_privileges);
}

#[test]
fn debian_thorough_is_only_for_a_live_system() {
    let e = thorough(&debian_with_fixes(""), &NoRunner);
    let apt = e.linux.as_ref().unwrap().packages.apt.as_ref().unwrap();
    assert_eq!(apt.pending_method, PendingMethod::Native);
    expect(UPDATES, &e, Status::Fail, FOUR_WAITING);
}

const APT_SIM: &str = "apt-get -s -o Debug::NoLocking=1 dist-upgrade";

const SIM_SECURITY: &str = "\
NOTE: This is only a simulation!
      apt-get needs root privileges for real execution.
      Keep also in mind that locking is deactivated,
      so don't depend on the relevance to the real current situation!
Reading package lists...
Building dependency tree...
Reading state information...
Calculating upgrade...
The following packages will be upgraded:
  libssl3 openssl tzdata
3 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.
Inst libssl3 [3.0.14-1~deb12u2] (3.0.15-1~deb12u1 Debian-Security:12/stable-security [amd64])
Inst openssl [3.0.14-1~deb12u2] (3.0.15-1~deb12u1 Debian-Security:12/stable-security [amd64])
Inst tzdata [2024a-0+deb12u1] (2024b-0+deb12u1 Debian:12.8/stable-updates [all])
Conf libssl3 (3.0.15-1~deb12u1 Debian-Security:12/stable-security [amd64])
Conf openssl (3.0.15-1~deb12u1 Debian-Security:12/stable-security [amd64])
Conf tzdata (2024b-0+deb12u1 Debian:12.8/stable-updates [all])
";

const SIM_NO_SECURITY: &str = "\
NOTE: This is only a simulation!
Reading package lists...
Building dependency tree...
Reading state information...
Calculating upgrade...
The following packages will be upgraded:
  tzdata
1 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.
Inst tzdata [2024a-0+deb12u1] (2024b-0+deb12u1 Debian:12.8/stable-updates [all])
Conf tzdata (2024b-0+deb12u1 Debian:12.8/stable-updates [all])
";

#[test]
fn debian_periodic_zero_in_a_later_file_fails() {
    let t = debian().file(
        "/etc/apt/apt.conf.d/99local",
        "// turned off by hand\nAPT::Periodic::Unattended-Upgrade \"0\";\n",
    );
    expect(
        UPDATES,
        &t.offline(),
        Status::Fail,
        &[
            "APT::Periodic::Unattended-Upgrade",
            "/etc/apt/apt.conf.d/99local:2",
        ],
    );
}

#[test]
fn debian_periodic_zero_in_an_earlier_file_is_overridden() {
    let t = debian().file(
        "/etc/apt/apt.conf.d/10periodic",
        "APT::Periodic::Unattended-Upgrade \"0\";\n",
    );
    expect(UPDATES, &t.offline(), Status::Pass, &["20auto-upgrades"]);
}

#[test]
fn debian_periodic_keys_are_case_insensitive_and_scoped() {
    let t = debian().file(
        "/etc/apt/apt.conf.d/99local",
        "apt { periodic { unattended-upgrade \"0\"; }; };\n",
    );
    expect(UPDATES, &t.offline(), Status::Fail, &["99local:1"]);
}

#[test]
fn debian_ignores_backup_files_apt_ignores() {
    let t = debian().file(
        "/etc/apt/apt.conf.d/99local.dpkg-old",
        "APT::Periodic::Unattended-Upgrade \"0\";\n",
    );
    expect(UPDATES, &t.offline(), Status::Pass, &[]);
}

#[test]
fn debian_without_unattended_upgrades_fails() {
    let t = debian().file("/var/lib/dpkg/status", &dpkg_status(None));
    expect(
        UPDATES,
        &t.offline(),
        Status::Fail,
        &["unattended-upgrades n'est pas installé", "not installed"],
    );
    // Removed but not purged: only its configuration remains.
    let t = debian().file(
        "/var/lib/dpkg/status",
        &dpkg_status(Some("deinstall ok config-files")),
    );
    expect(
        UPDATES,
        &t.offline(),
        Status::Fail,
        &["deinstall ok config-files"],
    );
}

#[test]
fn debian_without_auto_upgrades_file_fails_on_defaults() {
    let t = debian().file("/etc/apt/apt.conf.d/20auto-upgrades", "// removed\n");
    expect(
        UPDATES,
        &t.offline(),
        Status::Fail,
        &["n'est défini nulle part", "default 0"],
    );
}

#[test]
fn debian_periodic_enable_zero_fails() {
    let t = debian().file(
        "/etc/apt/apt.conf.d/02periodic",
        "APT::Periodic::Enable \"0\";\n",
    );
    expect(
        UPDATES,
        &t.offline(),
        Status::Fail,
        &["APT::Periodic::Enable"],
    );
}

#[test]
fn debian_origins_without_security_fail() {
    let t = debian().file(
        "/etc/apt/apt.conf.d/50unattended-upgrades",
        "Unattended-Upgrade::Origins-Pattern {\n  \"origin=Debian,codename=${distro_codename},label=Debian\";\n};\n",
    );
    expect(
        UPDATES,
        &t.offline(),
        Status::Fail,
        &["archive de sécurité"],
    );
    // A later #clear removes the stock list.
    let t = debian().file(
        "/etc/apt/apt.conf.d/99clear",
        "#clear Unattended-Upgrade::Origins-Pattern;\n",
    );
    expect(UPDATES, &t.offline(), Status::Fail, &["security archive"]);
    // "origin=*" takes every origin, security included.
    let t = debian().file(
        "/etc/apt/apt.conf.d/50unattended-upgrades",
        "Unattended-Upgrade::Origins-Pattern { \"origin=*\"; };\n",
    );
    expect(UPDATES, &t.offline(), Status::Pass, &["origin=*"]);
    // Ubuntu's Allowed-Origins form.
    let t = debian().file(
        "/etc/apt/apt.conf.d/50unattended-upgrades",
        "Unattended-Upgrade::Allowed-Origins {\n\t\"${distro_id}:${distro_codename}\";\n\t\"${distro_id}:${distro_codename}-security\";\n};\n",
    );
    expect(UPDATES, &t.offline(), Status::Pass, &["-security"]);
}

#[test]
fn debian_disabled_or_masked_timer_fails() {
    // apt-daily-upgrade.timer installed but not enabled.
    let disabled = enabled_timer(
        Tree::new()
            .file("/etc/os-release", DEBIAN_OS)
            .file(
                "/var/lib/dpkg/status",
                &dpkg_status(Some("install ok installed")),
            )
            .file("/etc/apt/apt.conf.d/50unattended-upgrades", UU_STOCK)
            .file("/etc/apt/apt.conf.d/20auto-upgrades", AUTO_UPGRADES)
            .file(
                "/usr/lib/systemd/system/apt-daily-upgrade.timer",
                TIMER_UNIT,
            ),
        "apt-daily.timer",
    );
    expect(
        UPDATES,
        &disabled.offline(),
        Status::Fail,
        &["apt-daily-upgrade.timer"],
    );
    let masked = debian().symlink("/etc/systemd/system/apt-daily-upgrade.timer", "/dev/null");
    expect(
        UPDATES,
        &masked.offline(),
        Status::Fail,
        &["masqué / masked"],
    );
}

#[test]
fn debian_offline_with_an_old_last_run_fails_and_without_one_is_unknown() {
    let t = debian_config().mtime("/var/lib/apt/periodic/upgrade-stamp", days_ago(30));
    expect(
        UPDATES,
        &t.offline(),
        Status::Fail,
        &["30 jours", "30 days ago"],
    );
    let t = Tree::new()
        .file("/etc/os-release", DEBIAN_OS)
        .file(
            "/var/lib/dpkg/status",
            &dpkg_status(Some("install ok installed")),
        )
        .file("/etc/apt/apt.conf.d/50unattended-upgrades", UU_STOCK)
        .file("/etc/apt/apt.conf.d/20auto-upgrades", AUTO_UPGRADES);
    let t = enabled_timer(
        enabled_timer(t, "apt-daily.timer"),
        "apt-daily-upgrade.timer",
    );
    expect(
        UPDATES,
        &t.offline(),
        Status::Unknown,
        &["aucune trace d'exécution", "/var/lib/apt/lists is missing"],
    );
}

#[test]
fn debian_thorough_pending_security_updates_fail_with_names() {
    let runner = FakeRunner::new().ok(APT_SIM, SIM_SECURITY);
    let e = thorough(&debian(), &runner);
    let apt = e.linux.as_ref().unwrap().packages.apt.as_ref().unwrap();
    assert_eq!(apt.pending_method, PendingMethod::Simulation);
    assert!(apt.security_suites.is_empty());
    let f = expect(
        UPDATES,
        &e,
        Status::Fail,
        &["2 mise(s) à jour de sécurité", "libssl3, openssl", APT_SIM],
    );
    assert!(!text(&f).contains("tzdata,"));
}

#[test]
fn debian_thorough_nothing_pending_with_fresh_lists_passes() {
    let runner = FakeRunner::new().ok(APT_SIM, SIM_NO_SECURITY);
    expect(
        UPDATES,
        &thorough(&debian(), &runner),
        Status::Pass,
        &[
            "aucune mise à jour de sécurité en attente (apt-get -s",
            "1 jour",
        ],
    );
}

#[test]
fn debian_thorough_stale_lists_make_zero_pending_unknown() {
    let t = debian_config().mtime(UPDATES_RELEASE, days_ago(20));
    let runner = FakeRunner::new().ok(APT_SIM, SIM_NO_SECURITY);
    expect(
        UPDATES,
        &thorough(&t, &runner),
        Status::Unknown,
        &["20 jours", "proves nothing", "apt-get -s"],
    );
    // Stale lists and no successful run for a month: the automation is broken.
    let t = t.mtime("/var/lib/apt/periodic/upgrade-stamp", days_ago(31));
    expect(UPDATES, &thorough(&t, &runner), Status::Fail, &["31 jours"]);
}

#[test]
fn debian_thorough_failing_simulation_falls_back_on_the_last_run() {
    let runner = FakeRunner::new().output(
        APT_SIM,
        100,
        "",
        "E: The package lists or status file could not be parsed or opened.\n",
    );
    expect(
        UPDATES,
        &thorough(&debian(), &runner),
        Status::Pass,
        &[
            "could not be parsed",
            "apt-get -s -o Debug::NoLocking=1 dist-upgrade gave no answer",
            "dernière exécution automatique",
        ],
    );
}

#[test]
fn debian_not_configured_fails_even_with_nothing_pending() {
    let t = debian().file("/var/lib/dpkg/status", &dpkg_status(None));
    expect(
        UPDATES,
        &t.live(&FakeRunner::new()),
        Status::Fail,
        &["unattended-upgrades"],
    );
}

// ---------------------------------------------------------------------------
// Linux Mint
// ---------------------------------------------------------------------------

const MINT_OS: &str =
    "NAME=\"Linux Mint\"\nID=linuxmint\nID_LIKE=\"ubuntu debian\"\nVERSION_ID=\"22\"\n";

fn mint() -> Tree {
    let t = Tree::new()
        .file("/etc/os-release", MINT_OS)
        .file(
            "/var/lib/dpkg/status",
            "Package: mintupdate\nStatus: install ok installed\nVersion: 6.0.8\n",
        )
        .file(
            "/etc/apt/sources.list.d/official-package-repositories.list",
            "deb http://packages.linuxmint.com wilma main upstream import backport\n\ndeb http://archive.ubuntu.com/ubuntu noble main restricted universe multiverse\ndeb http://security.ubuntu.com/ubuntu/ noble-security main restricted universe multiverse\n",
        )
        .file("/usr/lib/systemd/system/apt-daily.timer", TIMER_UNIT)
        .file("/usr/lib/systemd/system/apt-daily-upgrade.timer", TIMER_UNIT)
        .file("/var/log/mintupdate.log", "-- Automatic Upgrade starting\n")
        .mtime("/var/log/mintupdate.log", days_ago(2));
    enabled_timer(t, "mintupdate-automation-upgrade.timer")
}

#[test]
fn mint_automation_passes_offline() {
    let t = mint().file(
        "/var/lib/linuxmint/mintupdate-automatic-upgrades-enabled",
        "",
    );
    expect(
        UPDATES,
        &t.offline(),
        Status::Pass,
        &["Linux Mint", "/var/log/mintupdate.log"],
    );
    expect(
        AUTHENTIC,
        &t.offline(),
        Status::Pass,
        &["apt : 3 source(s)"],
    );
}

#[test]
fn mint_without_its_flag_fails() {
    expect(
        UPDATES,
        &mint().offline(),
        Status::Fail,
        &["Linux Mint", "mintupdate-automatic-upgrades-enabled"],
    );
}

// ---------------------------------------------------------------------------
// Fedora / RHEL
// ---------------------------------------------------------------------------

const FEDORA_OS: &str = "NAME=\"Fedora Linux\"\nID=fedora\nVERSION_ID=40\n";
const FEDORA_DNF_CONF: &str = "[main]\ngpgcheck=True\ninstallonly_limit=3\nclean_requirements_on_remove=True\nbest=False\nskip_if_unavailable=True\n";
const FEDORA_REPO: &str = "\
[fedora]
name=Fedora $releasever - $basearch
metalink=https://mirrors.fedoraproject.org/metalink?repo=fedora-$releasever&arch=$basearch
enabled=1
countme=1
metadata_expire=7d
repo_gpgcheck=0
type=rpm
gpgcheck=1
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-fedora-$releasever-$basearch
skip_if_unavailable=False

[fedora-source]
name=Fedora $releasever - Source
enabled=0
gpgcheck=1
";

fn automatic_conf(apply: &str, kind: &str) -> String {
    format!(
        "[commands]\n#  What kind of upgrade to perform:\nupgrade_type = {kind}\nrandom_sleep = 0\n\n# Whether updates should be applied when they are available.\napply_updates = {apply}\n\n[emitters]\nemit_via = stdio\n"
    )
}

/// Fedora 40 (dnf4) with dnf-automatic.timer enabled, last fired yesterday.
fn fedora(apply: &str, kind: &str, timer: &str) -> Tree {
    let t = Tree::new()
        .file("/etc/os-release", FEDORA_OS)
        .file("/etc/dnf/dnf.conf", FEDORA_DNF_CONF)
        .file("/etc/yum.repos.d/fedora.repo", FEDORA_REPO)
        .file("/etc/dnf/automatic.conf", &automatic_conf(apply, kind))
        .file("/usr/lib/systemd/system/dnf-automatic.timer", TIMER_UNIT)
        .file(
            "/usr/lib/systemd/system/dnf-automatic-install.timer",
            TIMER_UNIT,
        )
        .file(&format!("/var/lib/systemd/timers/stamp-{timer}"), "")
        .mtime(
            &format!("/var/lib/systemd/timers/stamp-{timer}"),
            days_ago(1),
        )
        .file(
            "/var/cache/dnf/fedora-2d3c1b0a1b2c3d4e/repodata/repomd.xml",
            "<repomd/>",
        )
        .mtime(
            "/var/cache/dnf/fedora-2d3c1b0a1b2c3d4e/repodata/repomd.xml",
            days_ago(1),
        );
    enabled_timer(t, timer)
}

const DNF_UPDATEINFO: &str = "dnf -C -q updateinfo list --security";

#[test]
fn fedora_dnf_automatic_with_security_and_apply_passes() {
    expect(
        UPDATES,
        &fedora("yes", "security", "dnf-automatic.timer").offline(),
        Status::Pass,
        &[
            "dnf-automatic",
            "mises à jour de sécurité",
            "/etc/dnf/automatic.conf:7",
        ],
    );
}

#[test]
fn fedora_dnf_automatic_without_apply_fails() {
    expect(
        UPDATES,
        &fedora("no", "security", "dnf-automatic.timer").offline(),
        Status::Fail,
        &["n'installe pas", "apply_updates"],
    );
}

#[test]
fn fedora_install_timer_installs_whatever_apply_says() {
    expect(
        UPDATES,
        &fedora("no", "default", "dnf-automatic-install.timer").offline(),
        Status::Pass,
        &["dnf-automatic-install.timer", "toutes les mises à jour"],
    );
}

#[test]
fn fedora_unknown_upgrade_type_is_unknown() {
    expect(
        UPDATES,
        &fedora("yes", "minimal", "dnf-automatic.timer").offline(),
        Status::Unknown,
        &["upgrade_type"],
    );
}

#[test]
fn fedora_without_dnf_automatic_fails() {
    let t = Tree::new()
        .file("/etc/os-release", FEDORA_OS)
        .file("/etc/dnf/dnf.conf", FEDORA_DNF_CONF)
        .file("/etc/yum.repos.d/fedora.repo", FEDORA_REPO)
        .dir("/usr/lib/systemd/system");
    expect(UPDATES, &t.offline(), Status::Fail, &["n'est pas installé"]);
}

#[test]
fn fedora_live_pending_advisories_fail_and_none_passes() {
    let t = fedora("yes", "default", "dnf-automatic.timer");
    let runner = FakeRunner::new().ok(
        DNF_UPDATEINFO,
        "FEDORA-2024-3a9e5f2d1c Moderate/Sec.  curl-8.6.0-10.fc40.x86_64\nFEDORA-2024-3a9e5f2d1c Moderate/Sec.  libcurl-8.6.0-10.fc40.x86_64\n",
    );
    expect(
        UPDATES,
        &thorough(&t, &runner),
        Status::Fail,
        &["2 mise(s) à jour", "curl-8.6.0-10.fc40.x86_64"],
    );
    let runner = FakeRunner::new().ok(DNF_UPDATEINFO, "");
    expect(
        UPDATES,
        &thorough(&t, &runner),
        Status::Pass,
        &["aucune mise à jour de sécurité en attente (dnf"],
    );
}

#[test]
fn fedora_live_default_does_not_run_dnf() {
    // dnf answers, but a default audit does not ask (it takes seconds).
    let runner = FakeRunner::new().ok(
        DNF_UPDATEINFO,
        "FEDORA-2024-3a9e5f2d1c Moderate/Sec.  curl-8.6.0-10.fc40.x86_64\n",
    );
    expect(
        UPDATES,
        &fedora("yes", "default", "dnf-automatic.timer").live(&runner),
        Status::Pass,
        &[
            "dernière exécution automatique date de 1 jour",
            "dnf n'a pas été lancé",
            "vigie audit --thorough",
        ],
    );
}

#[test]
fn fedora_live_without_a_cache_as_a_user_needs_privileges() {
    let t = Tree::new()
        .file("/etc/os-release", FEDORA_OS)
        .file("/etc/dnf/dnf.conf", FEDORA_DNF_CONF)
        .file("/etc/yum.repos.d/fedora.repo", FEDORA_REPO)
        .file("/etc/dnf/automatic.conf", &automatic_conf("yes", "default"));
    let t = enabled_timer(t, "dnf-automatic.timer");
    let runner = FakeRunner::new().output(
        DNF_UPDATEINFO,
        1,
        "",
        "Error: Cache-only enabled but no cache for 'fedora'\n",
    );
    let f = eval(UPDATES, &thorough_as(&t, &runner, false));
    assert_eq!(f.status, Status::Unknown, "{}", text(&f));
    assert!(f.needs_privileges);
}

/// Fedora 41+: dnf5 and its automatic plugin.
fn fedora_dnf5() -> Tree {
    let t = Tree::new()
        .file(
            "/etc/os-release",
            "NAME=\"Fedora Linux\"\nID=fedora\nVERSION_ID=42\n",
        )
        .file("/usr/bin/dnf5", "")
        .file("/etc/dnf/dnf.conf", "# see dnf.conf(5)\n[main]\n")
        .file("/etc/yum.repos.d/fedora.repo", FEDORA_REPO)
        .file(
            "/usr/share/dnf5/dnf5-plugins/automatic.conf",
            &automatic_conf("no", "default"),
        )
        .file("/usr/lib/systemd/system/dnf5-automatic.timer", TIMER_UNIT)
        .file("/var/lib/systemd/timers/stamp-dnf5-automatic.timer", "")
        .mtime(
            "/var/lib/systemd/timers/stamp-dnf5-automatic.timer",
            days_ago(3),
        );
    enabled_timer(t, "dnf5-automatic.timer")
}

#[test]
fn fedora_dnf5_defaults_do_not_apply_updates() {
    expect(
        UPDATES,
        &fedora_dnf5().offline(),
        Status::Fail,
        &["/usr/share/dnf5/dnf5-plugins/automatic.conf:7"],
    );
}

#[test]
fn fedora_dnf5_host_override_applies_updates() {
    let t = fedora_dnf5().file(
        "/etc/dnf/automatic.conf",
        "[commands]\napply_updates = yes\n",
    );
    expect(
        UPDATES,
        &t.offline(),
        Status::Pass,
        &["/etc/dnf/automatic.conf:2", "3 jour"],
    );
    // The early dnf5 location, disagreeing: which one applies depends on the version.
    let t = t.file(
        "/etc/dnf/dnf5-plugins/automatic.conf",
        "[commands]\napply_updates = no\n",
    );
    expect(UPDATES, &t.offline(), Status::Unknown, &["dnf5-plugins"]);
}

// ---------------------------------------------------------------------------
// openSUSE
// ---------------------------------------------------------------------------

const SUSE_OS: &str =
    "NAME=\"openSUSE Tumbleweed\"\nID=\"opensuse-tumbleweed\"\nID_LIKE=\"opensuse suse\"\n";
const SUSE_REPO: &str = "\
[repo-oss]
name=Main Repository
enabled=1
autorefresh=1
baseurl=http://download.opensuse.org/tumbleweed/repo/oss/
type=rpm-md
keeppackages=0
";
const ZYPPER_LP: &str = "zypper --non-interactive --no-refresh list-patches --category security";

fn opensuse() -> Tree {
    Tree::new()
        .file("/etc/os-release", SUSE_OS)
        .file(
            "/etc/zypp/zypp.conf",
            "## Configuration file for software management\n[main]\n# gpgcheck = on\n",
        )
        .file("/etc/zypp/repos.d/repo-oss.repo", SUSE_REPO)
        .dir("/usr/lib/systemd/system")
}

#[test]
fn opensuse_os_update_timer_passes_and_nothing_fails() {
    let t = enabled_timer(opensuse(), "os-update.timer")
        .file(
            "/usr/etc/os-update.conf",
            "UPDATE_CMD=\"auto\"\nREBOOT_CMD=\"auto\"\n",
        )
        .file("/var/lib/systemd/timers/stamp-os-update.timer", "")
        .mtime("/var/lib/systemd/timers/stamp-os-update.timer", days_ago(1));
    expect(
        UPDATES,
        &t.offline(),
        Status::Pass,
        &["os-update", "UPDATE_CMD"],
    );
    let local = t.file("/etc/os-update.conf", "UPDATE_CMD=\"reboot-only\"\n");
    expect(
        UPDATES,
        &local.offline(),
        Status::Fail,
        &["/etc/os-update.conf", "reboot-only"],
    );
    expect(
        UPDATES,
        &opensuse().offline(),
        Status::Fail,
        &["ni os-update"],
    );
}

#[test]
fn opensuse_yast_online_update_weekly_passes_monthly_fails() {
    let t = opensuse()
        .file(
            "/etc/sysconfig/automatic_online_update",
            "## Type: boolean\nAOU_ENABLE_CRONJOB=\"true\"\nAOU_SKIP_INTERACTIVE_PATCHES=\"true\"\nAOU_PATCH_CATEGORIES=\"\"\n",
        )
        .symlink(
            "/etc/cron.weekly/opensuse.org-online_update",
            "/usr/lib/YaST2/bin/online_update",
        )
        .file("/usr/lib/YaST2/bin/online_update", "#!/bin/sh\n");
    let runner = FakeRunner::new().ok(
        ZYPPER_LP,
        "Loading repository data...\nReading installed packages...\nNo updates found.\n",
    );
    let t = t
        .file("/var/cache/zypp/raw/repo-oss/repodata/repomd.xml", "")
        .mtime(
            "/var/cache/zypp/raw/repo-oss/repodata/repomd.xml",
            days_ago(2),
        );
    expect(
        UPDATES,
        &thorough(&t, &runner),
        Status::Pass,
        &["YaST", "zypper"],
    );
    // By default zypper is not run, and YaST leaves no trace of its runs.
    expect(
        UPDATES,
        &t.live(&runner),
        Status::Unknown,
        &["aucune trace", "zypper n'a pas été lancé", "--thorough"],
    );
    // Offline, YaST leaves no trace of its runs.
    expect(UPDATES, &t.offline(), Status::Unknown, &["aucune trace"]);
    let monthly = opensuse()
        .file(
            "/etc/sysconfig/automatic_online_update",
            "AOU_ENABLE_CRONJOB=\"true\"\n",
        )
        .file(
            "/etc/cron.monthly/opensuse.org-online_update",
            "#!/bin/sh\n",
        );
    expect(
        UPDATES,
        &monthly.offline(),
        Status::Fail,
        &["une fois par mois"],
    );
}

#[test]
fn opensuse_live_security_patches_fail() {
    let t = enabled_timer(opensuse(), "os-update.timer");
    let runner = FakeRunner::new().output(
        ZYPPER_LP,
        101,
        "Loading repository data...\nReading installed packages...\n\nRepository             | Name              | Category | Severity  | Interactive | Status | Summary\n-----------------------+-------------------+----------+-----------+-------------+--------+------------------------\nMain Update Repository | openSUSE-2024-378 | security | moderate  | ---         | needed | Security update for curl\n\nFound 1 applicable patch:\n1 patch needed (1 security patch)\n",
        "",
    );
    expect(
        UPDATES,
        &thorough(&t, &runner),
        Status::Fail,
        &["1 mise(s) à jour de sécurité", "openSUSE-2024-378"],
    );
}

#[test]
fn no_package_manager_is_unknown() {
    let t = Tree::new().file("/etc/os-release", "ID=alpine\n");
    expect(
        UPDATES,
        &t.offline(),
        Status::Unknown,
        &["apt, dnf, zypper"],
    );
    expect(
        AUTHENTIC,
        &t.offline(),
        Status::Unknown,
        &["apt, dnf, zypper"],
    );
}

// ---------------------------------------------------------------------------
// 4.3.5.a — apt
// ---------------------------------------------------------------------------

#[test]
fn debian_stock_sources_check_signatures() {
    expect(
        AUTHENTIC,
        &debian().offline(),
        Status::Pass,
        &["apt : 2 source(s)"],
    );
}

#[test]
fn one_line_trusted_source_fails_with_its_line() {
    let t = debian().file(
        "/etc/apt/sources.list.d/vendor.list",
        "# Logiciel métier\n# deb [trusted=yes] http://old.example/ stable main\ndeb [arch=amd64 trusted=yes] https://apt.editeur.example/debian stable main\n",
    );
    expect(
        AUTHENTIC,
        &t.offline(),
        Status::Fail,
        &[
            "/etc/apt/sources.list.d/vendor.list:3",
            "trusted",
            "https://apt.editeur.example/debian",
        ],
    );
}

#[test]
fn deb822_trusted_counts_only_in_enabled_stanzas() {
    let stanza = |enabled: &str| {
        format!("{DEBIAN_SOURCES}\nTypes: deb\nURIs: http://local.example/\nSuites: stable\nComponents: main\nTrusted: yes\n{enabled}")
    };
    let t = debian().file("/etc/apt/sources.list.d/debian.sources", &stanza(""));
    expect(
        AUTHENTIC,
        &t.offline(),
        Status::Fail,
        &[
            "/etc/apt/sources.list.d/debian.sources:17",
            "http://local.example/",
        ],
    );
    let t = debian().file(
        "/etc/apt/sources.list.d/debian.sources",
        &stanza("Enabled: no\n"),
    );
    expect(
        AUTHENTIC,
        &t.offline(),
        Status::Pass,
        &["ignorée / disabled source, ignored"],
    );
    // A commented field is no field.
    let t = debian().file(
        "/etc/apt/sources.list.d/debian.sources",
        &stanza("").replace("Trusted: yes", "# Trusted: yes"),
    );
    expect(AUTHENTIC, &t.offline(), Status::Pass, &[]);
}

#[test]
fn deb_src_only_sources_are_not_judged() {
    let t = debian().file(
        "/etc/apt/sources.list",
        "deb-src [trusted=yes] http://src.example/ stable main\n",
    );
    expect(AUTHENTIC, &t.offline(), Status::Pass, &[]);
}

#[test]
fn apt_conf_allow_unauthenticated_fails_unless_overridden() {
    let t = debian().file(
        "/etc/apt/apt.conf.d/99insecure",
        "APT::Get::AllowUnauthenticated \"true\";\n",
    );
    expect(
        AUTHENTIC,
        &t.offline(),
        Status::Fail,
        &[
            "APT::Get::AllowUnauthenticated",
            "/etc/apt/apt.conf.d/99insecure:1",
        ],
    );
    let t = t.file(
        "/etc/apt/apt.conf",
        "APT::Get::AllowUnauthenticated \"false\";\n",
    );
    expect(
        AUTHENTIC,
        &t.offline(),
        Status::Pass,
        &["/etc/apt/apt.conf:1"],
    );
    let t = debian().file(
        "/etc/apt/apt.conf.d/99insecure",
        "Acquire { AllowInsecureRepositories \"1\"; };\n",
    );
    expect(
        AUTHENTIC,
        &t.offline(),
        Status::Fail,
        &["Acquire::AllowInsecureRepositories"],
    );
}

// ---------------------------------------------------------------------------
// 4.3.5.a — dnf
// ---------------------------------------------------------------------------

const VENDOR_REPO: &str = "[logiciel-metier]\nname=Logiciel métier\nbaseurl=https://rpm.editeur.example/el9/\nenabled=1\ngpgcheck=0\n";

#[test]
fn fedora_stock_repositories_check_signatures() {
    expect(
        AUTHENTIC,
        &fedora("yes", "default", "dnf-automatic.timer").offline(),
        Status::Pass,
        &["dnf : 1 dépôt(s)", "/etc/yum.repos.d/fedora.repo"],
    );
}

#[test]
fn yum_repo_gpgcheck_zero_fails_when_enabled_only() {
    let t = fedora("yes", "default", "dnf-automatic.timer")
        .file("/etc/yum.repos.d/vendor.repo", VENDOR_REPO);
    expect(
        AUTHENTIC,
        &t.offline(),
        Status::Fail,
        &["logiciel-metier", "/etc/yum.repos.d/vendor.repo:5"],
    );
    let t = t.file(
        "/etc/yum.repos.d/vendor.repo",
        &VENDOR_REPO.replace("enabled=1", "enabled=0"),
    );
    expect(AUTHENTIC, &t.offline(), Status::Pass, &[]);
}

#[test]
fn dnf_main_gpgcheck_zero_is_overridden_per_repository() {
    let main_off = "[main]\ngpgcheck=0\n";
    // fedora.repo sets gpgcheck=1 itself: the main value does not matter.
    let t = fedora("yes", "default", "dnf-automatic.timer").file("/etc/dnf/dnf.conf", main_off);
    expect(AUTHENTIC, &t.offline(), Status::Pass, &[]);
    // A repository without its own gpgcheck inherits the main 0.
    let t = t.file(
        "/etc/yum.repos.d/vendor.repo",
        "[vendor]\nname=Vendor\nbaseurl=https://rpm.example/\n",
    );
    expect(
        AUTHENTIC,
        &t.offline(),
        Status::Fail,
        &["vendor", "/etc/dnf/dnf.conf:2"],
    );
}

#[test]
fn dnf_default_gpgcheck_is_off() {
    let t = fedora("yes", "default", "dnf-automatic.timer")
        .file("/etc/dnf/dnf.conf", "[main]\ninstallonly_limit=3\n")
        .file(
            "/etc/yum.repos.d/vendor.repo",
            "[vendor]\nname=Vendor\nbaseurl=https://rpm.example/\n",
        );
    expect(
        AUTHENTIC,
        &t.offline(),
        Status::Fail,
        &["valeur par défaut / built-in default"],
    );
}

#[test]
fn dnf5_repository_override_turns_checking_off() {
    let t = fedora_dnf5().file(
        "/etc/dnf/repos.override.d/99-config_manager.repo",
        "# Generated by dnf5 config-manager.\n[fedora*]\ngpgcheck=0\n",
    );
    expect(
        AUTHENTIC,
        &t.offline(),
        Status::Fail,
        &["/etc/dnf/repos.override.d/99-config_manager.repo:3"],
    );
}

// ---------------------------------------------------------------------------
// 4.3.5.a — zypper
// ---------------------------------------------------------------------------

#[test]
fn zypper_signature_settings() {
    expect(
        AUTHENTIC,
        &opensuse().offline(),
        Status::Pass,
        &["zypper : 1 dépôt(s)"],
    );
    let off = opensuse().file(
        "/etc/zypp/repos.d/vendor.repo",
        "[vendor]\nname=Vendor\nenabled=1\nbaseurl=https://rpm.example/\ngpgcheck=0\n",
    );
    expect(
        AUTHENTIC,
        &off.offline(),
        Status::Fail,
        &["/etc/zypp/repos.d/vendor.repo:5"],
    );
    // gpgcheck off but repository signatures explicitly checked: still verified.
    let repo_on = opensuse().file(
        "/etc/zypp/repos.d/vendor.repo",
        "[vendor]\nname=Vendor\nenabled=1\ngpgcheck=0\nrepo_gpgcheck=1\n",
    );
    expect(AUTHENTIC, &repo_on.offline(), Status::Pass, &[]);
    let main_off = opensuse().file("/etc/zypp/zypp.conf", "[main]\nrepo_gpgcheck = off\n");
    expect(
        AUTHENTIC,
        &main_off.offline(),
        Status::Fail,
        &["/etc/zypp/zypp.conf:2", "repo-oss"],
    );
    let disabled = opensuse().file(
        "/etc/zypp/repos.d/vendor.repo",
        "[vendor]\nenabled=0\ngpgcheck=0\n",
    );
    expect(AUTHENTIC, &disabled.offline(), Status::Pass, &[]);
}
