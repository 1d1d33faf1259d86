//! The six password and lockout checks, each proved on mini root trees (Debian and
//! Fedora/RHEL layouts) collected through `OfflineRoot`, as `vigie --root`
//! would: PAM stacks, module files, pwquality/faillock/pwhistory settings,
//! login.defs, passwd and shadow.

use std::collections::{BTreeMap, BTreeSet};
use vigie_audit::{checks, Context, Finding, Profile, Status};
use vigie_evidence::{Evidence, EvidenceSource, OfflineRoot};

// ---------------------------------------------------------------------------
// The root builder
// ---------------------------------------------------------------------------

const DEBIAN_MODULES: &str = "/usr/lib/x86_64-linux-gnu/security";
const FEDORA_MODULES: &str = "/usr/lib64/security";

/// A mini root tree: files by absolute path, and a PAM module directory
/// holding an empty `.so` for every module any PAM file names (unless
/// removed with [`Root::without_module`]).
struct Root {
    files: BTreeMap<String, String>,
    module_dir: &'static str,
    modules: BTreeSet<String>,
    without: BTreeSet<String>,
}

impl Root {
    fn new(module_dir: &'static str) -> Self {
        Root {
            files: BTreeMap::new(),
            module_dir,
            modules: BTreeSet::new(),
            without: BTreeSet::new(),
        }
    }

    /// Stock Debian 12: pam-auth-update's common-* files, no pwquality, no
    /// faillock, an all-comment pwquality.conf.
    fn debian() -> Self {
        Root::new(DEBIAN_MODULES)
            .file("/etc/os-release", DEBIAN_OS_RELEASE)
            .file("/etc/pam.d/passwd", DEBIAN_PASSWD)
            .file("/etc/pam.d/login", DEBIAN_LOGIN)
            .file("/etc/pam.d/other", DEBIAN_OTHER)
            .file("/etc/pam.d/common-auth", DEBIAN_COMMON_AUTH)
            .file("/etc/pam.d/common-account", DEBIAN_COMMON_ACCOUNT)
            .file("/etc/pam.d/common-session", DEBIAN_COMMON_SESSION)
            .file("/etc/pam.d/common-password", &debian_password("", ""))
            .file("/etc/security/pwquality.conf", &pwq_conf(""))
    }

    /// Debian with libpam-pwquality installed (its stock line, line 3 of
    /// common-password).
    fn debian_pwquality() -> Self {
        Root::debian().file("/etc/pam.d/common-password", &debian_password(PWQ_LINE, ""))
    }

    /// Stock Fedora 40 (authselect "local" profile, without faillock).
    fn fedora() -> Self {
        Root::new(FEDORA_MODULES)
            .file("/etc/os-release", FEDORA_OS_RELEASE)
            .file("/etc/pam.d/passwd", FEDORA_PASSWD)
            .file("/etc/pam.d/login", FEDORA_LOGIN)
            .file("/etc/pam.d/other", FEDORA_OTHER)
            .file("/etc/pam.d/system-auth", &fedora_auth(false))
            .file("/etc/pam.d/password-auth", &fedora_auth(false))
            .file("/etc/pam.d/postlogin", FEDORA_POSTLOGIN)
            .file("/etc/security/pwquality.conf", &pwq_conf(""))
            // A server without GNOME: the `-password optional` line's
            // module is missing, as on a real install.
            .without_module("pam_gnome_keyring.so")
    }

    fn file(mut self, path: &str, text: &str) -> Self {
        self.files.insert(path.to_string(), text.to_string());
        self
    }

    fn remove(mut self, path: &str) -> Self {
        assert!(self.files.remove(path).is_some(), "{path} was not there");
        self
    }

    /// Leaves this module file out of the module directory.
    fn without_module(mut self, name: &str) -> Self {
        self.without.insert(name.to_string());
        self
    }

    /// Writes the tree into a temporary directory and collects it offline.
    fn evidence(&self) -> Evidence {
        let dir = tempfile::tempdir().unwrap();
        let mut modules = self.modules.clone();
        for (path, text) in &self.files {
            let host = dir.path().join(path.trim_start_matches('/'));
            std::fs::create_dir_all(host.parent().unwrap()).unwrap();
            std::fs::write(&host, text).unwrap();
            if path.starts_with("/etc/pam.d/") {
                modules.extend(
                    text.split_whitespace()
                        .filter(|t| t.ends_with(".so") && !t.contains('/'))
                        .map(String::from),
                );
            }
        }
        let module_dir = dir.path().join(self.module_dir.trim_start_matches('/'));
        std::fs::create_dir_all(&module_dir).unwrap();
        for m in modules.difference(&self.without) {
            std::fs::write(module_dir.join(m), "").unwrap();
        }
        OfflineRoot {
            path: dir.path().to_path_buf(),
        }
        .evidence()
        .unwrap()
    }
}

fn run(id: &str, root: &Root) -> Finding {
    let check = checks::check(id).unwrap();
    let evidence = root.evidence();
    (check.evaluate)(&Context::new(
        &evidence,
        &Profile::memento_2013(),
        time::macros::date!(2026 - 11 - 28),
    ))
}

/// The reason (both languages) and every evidence item as
/// `source:line key value`, for "mentions" assertions.
fn text(f: &Finding) -> String {
    let mut out = format!("{}\n{}\n", f.reason.fr, f.reason.en);
    for e in &f.evidence {
        let line = e.line.map(|l| l.to_string()).unwrap_or_default();
        out.push_str(&format!(
            "{}:{} {} {}\n",
            e.source,
            line,
            e.key.as_deref().unwrap_or(""),
            e.value
        ));
    }
    out
}

/// Evaluates `id` on `root`, asserts the status and that the reason or the
/// evidence mentions each of `mentions`.
#[track_caller]
fn expect(id: &str, root: &Root, status: Status, mentions: &[&str]) -> Finding {
    let f = run(id, root);
    let shown = text(&f);
    assert_eq!(f.status, status, "{id}: wrong status\n{shown}");
    for m in mentions {
        assert!(shown.contains(m), "{id}: {m:?} not mentioned in\n{shown}");
    }
    f
}

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

const DEBIAN_OS_RELEASE: &str = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"
NAME=\"Debian GNU/Linux\"
VERSION_ID=\"12\"
VERSION_CODENAME=bookworm
ID=debian
";

const DEBIAN_PASSWD: &str = "#
# The PAM configuration file for the Shadow `passwd' service
#

@include common-password

";

const DEBIAN_LOGIN: &str = "#
# The PAM configuration file for the Shadow `login' service
#

auth       optional   pam_faildelay.so  delay=3000000
auth       requisite  pam_nologin.so
session [success=ok ignore=ignore module_unknown=ignore default=bad] pam_selinux.so close
session    required   pam_loginuid.so
session    optional   pam_motd.so motd=/run/motd.dynamic
session    optional   pam_motd.so noupdate
session    optional   pam_mail.so standard
session    optional   pam_keyinit.so force revoke
@include common-auth
auth       optional   pam_group.so
session    required   pam_limits.so
@include common-account
@include common-session
@include common-password
session [success=ok ignore=ignore module_unknown=ignore default=bad] pam_selinux.so open
";

const DEBIAN_OTHER: &str = "#
# /etc/pam.d/other - specify the PAM fallback behaviour
#
@include common-auth
@include common-account
@include common-password
@include common-session
";

const DEBIAN_COMMON_AUTH: &str =
    "# /etc/pam.d/common-auth - authentication settings common to all services
# here are the per-package modules (the \"Primary\" block)
auth\t[success=1 default=ignore]\tpam_unix.so nullok
# here's the fallback if no module succeeds
auth\trequisite\t\t\tpam_deny.so
auth\trequired\t\t\tpam_permit.so
# end of pam-auth-update config
";

const DEBIAN_COMMON_ACCOUNT: &str = "# /etc/pam.d/common-account
account\t[success=1 new_authtok_reqd=done default=ignore]\tpam_unix.so
account\trequisite\t\t\tpam_deny.so
account\trequired\t\t\tpam_permit.so
";

const DEBIAN_COMMON_SESSION: &str = "# /etc/pam.d/common-session
session\t[default=1]\t\t\tpam_permit.so
session\trequisite\t\t\tpam_deny.so
session\trequired\t\t\tpam_permit.so
session\trequired\tpam_unix.so
session\toptional\tpam_systemd.so
";

/// libpam-pwquality's stock line.
const PWQ_LINE: &str = "password\trequisite\t\t\tpam_pwquality.so retry=3\n";

/// Debian's common-password: `primary` goes on line 3 (before pam_unix),
/// `unix_args` after pam_unix's stock arguments.
fn debian_password(primary: &str, unix_args: &str) -> String {
    format!(
        "# /etc/pam.d/common-password - password-related modules common to all services\n\
         # here are the per-package modules (the \"Primary\" block)\n\
         {primary}\
         password\t[success=1 default=ignore]\tpam_unix.so obscure use_authtok try_first_pass yescrypt{unix_args}\n\
         # here's the fallback if no module succeeds\n\
         password\trequisite\t\t\tpam_deny.so\n\
         password\trequired\t\t\tpam_permit.so\n\
         # end of pam-auth-update config\n"
    )
}

/// pwquality.conf: two comment lines, then `settings` from line 3.
fn pwq_conf(settings: &str) -> String {
    format!("# Configuration for systemwide password quality limits\n# minlen = 8\n{settings}")
}

/// Debian's common-auth with faillock as pam_faillock(8) shows it:
/// preauth line 2, pam_unix line 3, authfail line 4, authsucc line 5.
fn debian_faillock_auth(preauth: &str, authfail: &str) -> String {
    format!(
        "# /etc/pam.d/common-auth - authentication settings common to all services\n\
         auth\trequisite\t\t\tpam_faillock.so preauth{preauth}\n\
         auth\t[success=1 default=ignore]\tpam_unix.so nullok\n\
         auth\t[default=die]\t\t\tpam_faillock.so authfail{authfail}\n\
         auth\tsufficient\t\t\tpam_faillock.so authsucc\n\
         auth\trequisite\t\t\tpam_deny.so\n\
         auth\trequired\t\t\tpam_permit.so\n"
    )
}

const FAILLOCK_CONF: &str = "/etc/security/faillock.conf";

/// faillock.conf: one comment line, then `settings` from line 2.
fn faillock_conf(settings: &str) -> String {
    format!("# Configuration for locking the user after multiple failed authentication attempts.\n{settings}")
}

const FEDORA_OS_RELEASE: &str = "NAME=\"Fedora Linux\"
VERSION=\"40 (Server Edition)\"
ID=fedora
VERSION_ID=40
PRETTY_NAME=\"Fedora Linux 40 (Server Edition)\"
";

const FEDORA_PASSWD: &str = "#%PAM-1.0
auth       include\tsystem-auth
account    include\tsystem-auth
password   substack\tsystem-auth
-password   optional\tpam_gnome_keyring.so use_authtok
password   substack\tpostlogin
";

const FEDORA_LOGIN: &str = "#%PAM-1.0
auth       substack     system-auth
auth       include      postlogin
account    required     pam_nologin.so
account    include      system-auth
password   include      system-auth
# pam_selinux.so close should be the first session rule
session    required     pam_selinux.so close
session    required     pam_loginuid.so
# pam_selinux.so open should only be followed by sessions to be executed in the user context
session    required     pam_selinux.so open
session    required     pam_namespace.so
session    optional     pam_keyinit.so force revoke
session    include      system-auth
session    include      postlogin
-session   optional     pam_ck_connector.so
";

const FEDORA_SSHD: &str = "#%PAM-1.0
auth       substack     password-auth
auth       include      postlogin
account    required     pam_sepermit.so
account    required     pam_nologin.so
account    include      password-auth
password   include      password-auth
session    required     pam_selinux.so close
session    required     pam_loginuid.so
session    required     pam_selinux.so open env_params
session    required     pam_namespace.so
session    optional     pam_keyinit.so force revoke
session    optional     pam_motd.so
session    include      password-auth
session    include      postlogin
";

const FEDORA_OTHER: &str = "#%PAM-1.0
auth     required       pam_deny.so
account  required       pam_deny.so
password required       pam_deny.so
session  required       pam_deny.so
";

/// authselect's postlogin: session lines only.
const FEDORA_POSTLOGIN: &str = "# Generated by authselect
# Do not modify this file manually, use authselect instead.

session     optional                   pam_umask.so silent
session     [success=1 default=ignore] pam_succeed_if.so service !~ gdm* service !~ su* quiet
session     [default=1]                pam_lastlog.so nowtmp showfailed
session     optional                   pam_lastlog.so silent noupdate showfailed
";

/// authselect's system-auth / password-auth ("local" profile), with or
/// without the "with-faillock" feature (preauth line 6, authfail line 8).
fn fedora_auth(faillock: bool) -> String {
    let (preauth, authfail, account) = if faillock {
        (
            "auth        required                                     pam_faillock.so preauth silent\n",
            "auth        required                                     pam_faillock.so authfail\n",
            "account     required                                     pam_faillock.so\n",
        )
    } else {
        ("", "", "")
    };
    format!(
        "# Generated by authselect\n\
         # Do not modify this file manually, use authselect instead. Any user changes will be overwritten.\n\
         # You can stop authselect from managing your configuration by calling 'authselect opt-out'.\n\
         # See authselect(8) for more details.\n\
         auth        required                                     pam_env.so\n\
         {preauth}\
         auth        sufficient                                   pam_unix.so yescrypt nullok\n\
         {authfail}\
         auth        required                                     pam_deny.so\n\
         \n\
         {account}\
         account     required                                     pam_unix.so\n\
         \n\
         password    requisite                                    pam_pwquality.so local_users_only\n\
         password    sufficient                                   pam_unix.so yescrypt shadow nullok use_authtok\n\
         password    required                                     pam_deny.so\n\
         \n\
         session     optional                                     pam_keyinit.so revoke\n\
         session     required                                     pam_limits.so\n\
         -session    optional                                     pam_systemd.so\n\
         session     [success=1 default=ignore]                   pam_succeed_if.so service in crond quiet use_uid\n\
         session     required                                     pam_unix.so\n"
    )
}

/// login.defs with PASS_MAX_DAYS (as written after the name) on line 8.
fn login_defs(pass_max_days: &str) -> String {
    format!(
        "#\n\
         # /etc/login.defs - Configuration control definitions for the login package.\n\
         #\n\
         MAIL_DIR        /var/mail\n\
         #\n\
         # Password aging controls:\n\
         #\n\
         PASS_MAX_DAYS\t{pass_max_days}\n\
         PASS_MIN_DAYS\t0\n\
         PASS_WARN_AGE\t7\n\
         UID_MIN\t\t\t 1000\n\
         UID_MAX\t\t\t60000\n"
    )
}

const PASSWD: &str = "root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
sshd:x:100:65534::/run/sshd:/usr/sbin/nologin
alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash
bob:x:1001:1001:Bob,,,:/home/bob:/bin/bash
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
";

/// /etc/shadow for [`PASSWD`], alice on line 4, bob on line 5, with their
/// maximum ages.
fn shadow(alice_max: &str, bob_max: &str) -> String {
    format!(
        "root:*:19700:0:99999:7:::\n\
         daemon:*:19700:0:99999:7:::\n\
         sshd:!:19700::::::\n\
         alice:$y$j9T$fakesaltfakesalt$fakehashfakehash:19700:0:{alice_max}:7:::\n\
         bob:$y$j9T$fakesaltfakesalt$fakehashfakehash:19700:0:{bob_max}:7:::\n\
         nobody:*:19700:0:99999:7:::\n"
    )
}

/// Debian with login.defs, passwd and shadow.
fn accounts(pass_max_days: &str, alice_max: &str, bob_max: &str) -> Root {
    Root::debian()
        .file("/etc/login.defs", &login_defs(pass_max_days))
        .file("/etc/passwd", PASSWD)
        .file("/etc/shadow", &shadow(alice_max, bob_max))
}

// ---------------------------------------------------------------------------
// 4.3.1.a — length of at least 10, not predictable
// ---------------------------------------------------------------------------

const LENGTH: &str = "4.3.1.a";
const PWQ: &str = "/etc/security/pwquality.conf";

#[test]
fn length_pwquality_minlen_10_default_credits_passes() {
    let root = Root::debian_pwquality().file(PWQ, &pwq_conf("minlen = 10\n"));
    let f = expect(
        LENGTH,
        &root,
        Status::Pass,
        &["10 characters", "/etc/security/pwquality.conf:3 minlen 10"],
    );
    // The PAM line that makes it count is shown too.
    assert!(text(&f).contains("/etc/pam.d/common-password:3"));
}

#[test]
fn length_four_positive_credits_accept_six_characters() {
    let root = Root::debian_pwquality().file(
        PWQ,
        &pwq_conf("minlen = 10\ndcredit = 1\nucredit = 1\nlcredit = 1\nocredit = 1\n"),
    );
    let f = expect(
        LENGTH,
        &root,
        Status::Fail,
        &["6 characters", "/etc/security/pwquality.conf:4 dcredit 1"],
    );
    assert!(f.reason.fr.contains("6 caractères"), "{}", f.reason.fr);
}

#[test]
fn length_inline_minlen_overrides_the_file() {
    let root = Root::debian()
        .file(
            "/etc/pam.d/common-password",
            &debian_password(
                "password\trequisite\t\t\tpam_pwquality.so retry=3 minlen=12\n",
                "",
            ),
        )
        .file(PWQ, &pwq_conf("minlen = 8\n"));
    expect(
        LENGTH,
        &root,
        Status::Pass,
        &[
            "12 characters",
            "/etc/pam.d/common-password:3 minlen 12 (argument)",
        ],
    );
}

#[test]
fn length_main_file_is_read_after_drop_ins() {
    let root = Root::debian_pwquality()
        .file(
            "/etc/security/pwquality.conf.d/50-local.conf",
            "minlen = 14\n",
        )
        .file(PWQ, &pwq_conf("minlen = 8\n"));
    expect(
        LENGTH,
        &root,
        Status::Fail,
        &["8 characters", "/etc/security/pwquality.conf:3 minlen 8"],
    );
}

#[test]
fn length_drop_in_applies_when_the_main_file_is_silent() {
    // Fedora's layout: the setting lives in pwquality.conf.d, the main file
    // is all comments; `password substack system-auth` then an empty
    // `password substack postlogin`.
    let root = Root::fedora().file(
        "/etc/security/pwquality.conf.d/50-local.conf",
        "# site policy\nminlen = 12\n",
    );
    expect(
        LENGTH,
        &root,
        Status::Pass,
        &[
            "12 characters",
            "/etc/security/pwquality.conf.d/50-local.conf:2 minlen 12",
            "/etc/pam.d/system-auth:",
        ],
    );
}

#[test]
fn length_unknown_key_stops_libpwquality_reading() {
    let root = Root::debian_pwquality().file(PWQ, &pwq_conf("remember = 5\nminlen = 12\n"));
    expect(
        LENGTH,
        &root,
        Status::Fail,
        &[
            "8 characters",
            "/etc/security/pwquality.conf:3",
            "remember",
            "stops reading",
        ],
    );
}

#[test]
fn length_commented_pwquality_line_fails() {
    let root = Root::debian()
        .file(
            "/etc/pam.d/common-password",
            &debian_password("#password\trequisite\t\t\tpam_pwquality.so retry=3\n", ""),
        )
        .file(PWQ, &pwq_conf("minlen = 12\n"));
    expect(
        LENGTH,
        &root,
        Status::Fail,
        &[
            "No quality module",
            "6 characters",
            "/etc/pam.d/common-password:4",
        ],
    );
}

#[test]
fn length_optional_pwquality_fails() {
    let root = Root::debian()
        .file(
            "/etc/pam.d/common-password",
            &debian_password("password\toptional\t\t\tpam_pwquality.so retry=3\n", ""),
        )
        .file(PWQ, &pwq_conf("minlen = 12\n"));
    expect(
        LENGTH,
        &root,
        Status::Fail,
        &["can succeed without it", "/etc/pam.d/common-password:3"],
    );
}

#[test]
fn length_enforcing_0_fails() {
    let root = Root::debian_pwquality().file(PWQ, &pwq_conf("minlen = 12\nenforcing = 0\n"));
    expect(
        LENGTH,
        &root,
        Status::Fail,
        &[
            "enforcing = 0",
            "/etc/security/pwquality.conf:4 enforcing 0",
        ],
    );
}

#[test]
fn length_dictcheck_0_fails() {
    let root = Root::debian_pwquality().file(PWQ, &pwq_conf("minlen = 12\ndictcheck = 0\n"));
    expect(
        LENGTH,
        &root,
        Status::Fail,
        &[
            "dictcheck = 0",
            "/etc/security/pwquality.conf:4 dictcheck 0",
        ],
    );
}

#[test]
fn length_missing_pwquality_module_file_does_not_pass() {
    let root = Root::debian_pwquality()
        .file(PWQ, &pwq_conf("minlen = 12\n"))
        .without_module("pam_pwquality.so");
    let f = run(LENGTH, &root);
    assert_ne!(f.status, Status::Pass, "{}", text(&f));
    assert!(
        text(&f).contains("/etc/pam.d/common-password:3") && text(&f).contains("module absent"),
        "{}",
        text(&f)
    );
}

#[test]
fn length_pam_unix_minlen_without_quality_module_fails() {
    let root = Root::debian().file(
        "/etc/pam.d/common-password",
        &debian_password("", " minlen=12"),
    );
    expect(
        LENGTH,
        &root,
        Status::Fail,
        &[
            "pam_unix requires 12 characters",
            "no quality module",
            "/etc/pam.d/common-password:3",
        ],
    );
}

#[test]
fn length_cracklib_without_credits_passes() {
    let root = Root::debian().file(
        "/etc/pam.d/common-password",
        &debian_password(
            "password\trequisite\t\t\tpam_cracklib.so retry=3 minlen=14 difok=3 dcredit=0 ucredit=0 lcredit=0 ocredit=0\n",
            "",
        ),
    );
    expect(
        LENGTH,
        &root,
        Status::Pass,
        &[
            "14 characters",
            "pam_cracklib.so",
            "/etc/pam.d/common-password:3 minlen 14 (argument)",
        ],
    );
}

#[test]
fn length_cracklib_default_credits_lower_the_minimum() {
    // pam_cracklib's own default credits are 1: minlen=12 accepts 8.
    let root = Root::debian().file(
        "/etc/pam.d/common-password",
        &debian_password(
            "password\trequisite\t\t\tpam_cracklib.so retry=3 minlen=12\n",
            "",
        ),
    );
    expect(LENGTH, &root, Status::Fail, &["8 characters", "credits"]);
}

#[test]
fn length_without_pam_configuration_is_unknown() {
    let root = Root::new(DEBIAN_MODULES)
        .file("/etc/os-release", DEBIAN_OS_RELEASE)
        .file("/etc/passwd", PASSWD);
    expect(LENGTH, &root, Status::Unknown, &["/etc/pam.d"]);
}

// ---------------------------------------------------------------------------
// 4.3.1.b — digits, letters and special characters
// ---------------------------------------------------------------------------

const CLASSES: &str = "4.3.1.b";

#[test]
fn classes_minclass_4_passes() {
    let root = Root::debian_pwquality().file(PWQ, &pwq_conf("minlen = 12\nminclass = 4\n"));
    expect(
        CLASSES,
        &root,
        Status::Pass,
        &["/etc/security/pwquality.conf:4 minclass 4"],
    );
}

#[test]
fn classes_minclass_3_fails() {
    // upper + lower + digit is three classes and has no special character.
    let root = Root::debian_pwquality().file(PWQ, &pwq_conf("minlen = 12\nminclass = 3\n"));
    expect(
        CLASSES,
        &root,
        Status::Fail,
        &["minclass = 3", "/etc/security/pwquality.conf:4 minclass 3"],
    );
}

#[test]
fn classes_negative_credits_pass() {
    let root = Root::debian_pwquality().file(
        PWQ,
        &pwq_conf("minlen = 12\ndcredit = -1\nucredit = -1\nocredit = -1\n"),
    );
    expect(
        CLASSES,
        &root,
        Status::Pass,
        &[
            "/etc/security/pwquality.conf:4 dcredit -1",
            "/etc/security/pwquality.conf:5 ucredit -1",
            "/etc/security/pwquality.conf:6 ocredit -1",
        ],
    );
}

#[test]
fn classes_digit_and_other_required_with_minclass_3_pass() {
    // Any 3 classes holding digit and other add upper or lower: a letter.
    let root = Root::debian_pwquality().file(
        PWQ,
        &pwq_conf("minlen = 12\ndcredit = -1\nocredit = -1\nminclass = 3\n"),
    );
    expect(
        CLASSES,
        &root,
        Status::Pass,
        &[
            "/etc/security/pwquality.conf:4 dcredit -1",
            "/etc/security/pwquality.conf:6 minclass 3",
        ],
    );
}

#[test]
fn classes_digit_and_other_required_alone_fail() {
    // Without minclass, "1234567890!!" (no letter) is accepted.
    let root =
        Root::debian_pwquality().file(PWQ, &pwq_conf("minlen = 12\ndcredit = -1\nocredit = -1\n"));
    expect(CLASSES, &root, Status::Fail, &["minclass = 0"]);
}

#[test]
fn classes_fedora_pwquality_defaults_fail() {
    // Stock Fedora: pam_pwquality enforced through the system-auth
    // substack, but with libpwquality's defaults (no class required).
    expect(
        CLASSES,
        &Root::fedora(),
        Status::Fail,
        &["minclass = 0", "/etc/pam.d/system-auth:11"],
    );
}

#[test]
fn classes_without_quality_module_fail() {
    let root = Root::debian();
    expect(
        CLASSES,
        &root,
        Status::Fail,
        &["No quality module", "/etc/pam.d/common-password:3"],
    );
}

// ---------------------------------------------------------------------------
// 4.3.1.c — renewal every 90 days
// ---------------------------------------------------------------------------

const AGE: &str = "4.3.1.c";

#[test]
fn age_90_days_everywhere_passes() {
    let root = accounts("90", "90", "60");
    expect(
        AGE,
        &root,
        Status::Pass,
        &[
            "2 existing account",
            "/etc/login.defs:8 PASS_MAX_DAYS 90",
            "/etc/shadow:4 alice max = 90",
            "/etc/shadow:5 bob max = 60",
        ],
    );
}

#[test]
fn age_existing_account_without_expiry_fails() {
    let root = accounts("90", "90", "99999");
    let f = expect(
        AGE,
        &root,
        Status::Fail,
        &["\"bob\"", "max = 99999", "/etc/shadow:5 bob max = 99999"],
    );
    assert!(!f.reason.en.contains("alice"), "{}", f.reason.en);
}

#[test]
fn age_pass_max_days_99999_fails() {
    let root = accounts("99999", "90", "90");
    expect(
        AGE,
        &root,
        Status::Fail,
        &[
            "PASS_MAX_DAYS is 99999",
            "/etc/login.defs:8 PASS_MAX_DAYS 99999",
        ],
    );
}

#[test]
fn age_login_defs_drop_in_overrides() {
    let root =
        accounts("99999", "60", "60").file("/etc/login.defs.d/50-x.defs", "PASS_MAX_DAYS 60\n");
    expect(
        AGE,
        &root,
        Status::Pass,
        &["/etc/login.defs.d/50-x.defs:1 PASS_MAX_DAYS 60"],
    );
}

#[test]
fn age_non_login_and_locked_accounts_are_ignored() {
    let passwd = format!(
        "{PASSWD}svc:x:1002:1002::/srv/svc:/usr/sbin/nologin\ncarol:x:1003:1003:Carol:/home/carol:/bin/bash\n"
    );
    let shadow = format!(
        "{}svc:$y$j9T$fakesaltfakesalt$fakehashfakehash:19700:0:99999:7:::\ncarol:!$y$j9T$fakesaltfakesalt$fakehashfakehash:19700:0:99999:7:::\n",
        shadow("90", "90")
    );
    let root = accounts("90", "90", "90")
        .file("/etc/passwd", &passwd)
        .file("/etc/shadow", &shadow);
    let f = expect(AGE, &root, Status::Pass, &["2 existing account"]);
    let shown = text(&f);
    assert!(
        !shown.contains("svc") && !shown.contains("carol"),
        "{shown}"
    );
}

#[test]
fn age_inline_comment_makes_the_value_invalid() {
    // shadow does not strip a comment after the value: "90 # comment" is
    // not a number, so PASS_MAX_DAYS keeps its default (-1, no limit).
    let root = accounts("90 # PGSSI-S", "90", "90");
    expect(
        AGE,
        &root,
        Status::Fail,
        &["PASS_MAX_DAYS", "/etc/login.defs:8", "90 # PGSSI-S"],
    );
}

#[test]
fn age_without_shadow_is_not_pass() {
    let root = accounts("90", "90", "90").remove("/etc/shadow");
    let f = expect(AGE, &root, Status::Unknown, &["/etc/shadow"]);
    assert!(text(&f).contains("/etc/login.defs:8 PASS_MAX_DAYS 90"));
}

// ---------------------------------------------------------------------------
// 4.3.1.d — the 3 previous passwords refused
// ---------------------------------------------------------------------------

const HISTORY: &str = "4.3.1.d";
const PWHISTORY: &str = "/etc/security/pwhistory.conf";

fn with_pwhistory(args: &str) -> Root {
    Root::debian().file(
        "/etc/pam.d/common-password",
        &debian_password(
            &format!("{PWQ_LINE}password\trequired\t\t\tpam_pwhistory.so use_authtok{args}\n"),
            "",
        ),
    )
}

#[test]
fn history_remember_5_passes() {
    expect(
        HISTORY,
        &with_pwhistory(" remember=5"),
        Status::Pass,
        &[
            "last 5 passwords",
            "/etc/pam.d/common-password:4 remember 5",
        ],
    );
}

#[test]
fn history_default_remember_is_10() {
    expect(
        HISTORY,
        &with_pwhistory(""),
        Status::Pass,
        &[
            "last 10 passwords",
            "pam_pwhistory: remember 10 (défaut / default)",
        ],
    );
}

#[test]
fn history_remember_2_fails() {
    expect(
        HISTORY,
        &with_pwhistory(" remember=2"),
        Status::Fail,
        &["only 2 password", "/etc/pam.d/common-password:4 remember 2"],
    );
}

#[test]
fn history_conf_file_remember_1_fails() {
    let root = with_pwhistory("").file(
        PWHISTORY,
        "# Configuration for remembering the last passwords used by a user.\nremember = 1\n",
    );
    expect(
        HISTORY,
        &root,
        Status::Fail,
        &[
            "only 1 password",
            "/etc/security/pwhistory.conf:2 remember 1",
        ],
    );
}

#[test]
fn history_argument_overrides_conf_file() {
    let root = with_pwhistory(" remember=5").file(PWHISTORY, "remember = 1\n");
    expect(
        HISTORY,
        &root,
        Status::Pass,
        &[
            "last 5 passwords",
            "/etc/pam.d/common-password:4 remember 5",
        ],
    );
}

#[test]
fn history_pam_unix_remember_3_passes() {
    let root = Root::debian().file(
        "/etc/pam.d/common-password",
        &debian_password(PWQ_LINE, " remember=3"),
    );
    expect(
        HISTORY,
        &root,
        Status::Pass,
        &[
            "pam_unix rejects reuse of the last 3",
            "/etc/pam.d/common-password:4",
        ],
    );
}

#[test]
fn history_nothing_fails() {
    expect(
        HISTORY,
        &Root::debian_pwquality(),
        Status::Fail,
        &["No password history", "/etc/pam.d/common-password:4"],
    );
}

#[test]
fn history_nothing_on_fedora_shows_the_substack_lines() {
    // passwd is `password substack system-auth`: the evidence must show
    // system-auth's own password lines, where pam_pwhistory is missing.
    expect(
        HISTORY,
        &Root::fedora(),
        Status::Fail,
        &[
            "No password history",
            "/etc/pam.d/passwd:4  password substack system-auth",
            "/etc/pam.d/system-auth:12  password sufficient pam_unix.so",
        ],
    );
}

// ---------------------------------------------------------------------------
// 4.3.1.e — the account name refused as password
// ---------------------------------------------------------------------------

const USERNAME: &str = "4.3.1.e";

#[test]
fn username_pwquality_default_usercheck_passes() {
    expect(
        USERNAME,
        &Root::debian_pwquality(),
        Status::Pass,
        &[
            "libpwquality: usercheck 1 (défaut / default)",
            "/etc/pam.d/common-password:3",
        ],
    );
}

#[test]
fn username_usercheck_0_fails() {
    let root = Root::debian_pwquality().file(PWQ, &pwq_conf("usercheck = 0\n"));
    expect(
        USERNAME,
        &root,
        Status::Fail,
        &[
            "usercheck = 0",
            "/etc/security/pwquality.conf:3 usercheck 0",
        ],
    );
}

fn with_cracklib(args: &str) -> Root {
    Root::debian().file(
        "/etc/pam.d/common-password",
        &debian_password(
            &format!("password\trequisite\t\t\tpam_cracklib.so retry=3 minlen=14{args}\n"),
            "",
        ),
    )
}

#[test]
fn username_cracklib_without_reject_username_fails() {
    expect(
        USERNAME,
        &with_cracklib(""),
        Status::Fail,
        &["reject_username", "/etc/pam.d/common-password:3"],
    );
}

#[test]
fn username_cracklib_with_reject_username_passes() {
    expect(
        USERNAME,
        &with_cracklib(" reject_username"),
        Status::Pass,
        &["/etc/pam.d/common-password:3 usercheck 1 (argument)"],
    );
}

// ---------------------------------------------------------------------------
// 5.2.2.b — locked for 5 minutes after 3 failures
// ---------------------------------------------------------------------------

const LOCKOUT: &str = "5.2.2.b";

fn debian_faillock(conf: &str) -> Root {
    Root::debian()
        .file("/etc/pam.d/common-auth", &debian_faillock_auth("", ""))
        .file(FAILLOCK_CONF, &faillock_conf(conf))
}

#[test]
fn lockout_debian_faillock_passes() {
    expect(
        LOCKOUT,
        &debian_faillock("deny = 3\nunlock_time = 300\n"),
        Status::Pass,
        &[
            "locked after 3 failure(s), for 5 min 0 s",
            "/etc/security/faillock.conf:2 deny 3",
            "/etc/security/faillock.conf:3 unlock_time 300",
            "/etc/pam.d/common-auth:2",
            "/etc/pam.d/common-auth:4",
        ],
    );
}

#[test]
fn lockout_until_admin_unlocks_passes() {
    expect(
        LOCKOUT,
        &debian_faillock("deny = 3\nunlock_time = 0\n"),
        Status::Pass,
        &[
            "until an administrator unlocks it",
            "/etc/security/faillock.conf:3 unlock_time 0",
        ],
    );
}

#[test]
fn lockout_deny_5_fails() {
    expect(
        LOCKOUT,
        &debian_faillock("deny = 5\nunlock_time = 300\n"),
        Status::Fail,
        &["deny = 5", "/etc/security/faillock.conf:2 deny 5"],
    );
}

#[test]
fn lockout_inline_deny_overrides_the_file() {
    let root = debian_faillock("deny = 5\nunlock_time = 300\n").file(
        "/etc/pam.d/common-auth",
        &debian_faillock_auth(" deny=3", " deny=3"),
    );
    let f = expect(
        LOCKOUT,
        &root,
        Status::Pass,
        &[
            "after 3 failure(s)",
            "/etc/security/faillock.conf:3 unlock_time 300",
        ],
    );
    // The deny that decided is an argument on a pam_faillock line (both say
    // 3), not faillock.conf's 5.
    assert!(
        f.evidence
            .iter()
            .any(|e| e.source == "/etc/pam.d/common-auth"
                && e.key.as_deref() == Some("deny")
                && e.value == "3"
                && matches!(e.line, Some(2) | Some(4))),
        "{}",
        text(&f)
    );
    assert!(!text(&f).contains("deny 5"), "{}", text(&f));
}

#[test]
fn lockout_inline_deny_on_one_line_only_fails() {
    // preauth still reads deny = 5: the fourth and fifth attempts get through.
    let root = debian_faillock("deny = 5\nunlock_time = 300\n").file(
        "/etc/pam.d/common-auth",
        &debian_faillock_auth("", " deny=3"),
    );
    expect(LOCKOUT, &root, Status::Fail, &["deny = 5"]);
}

#[test]
fn lockout_unlock_time_60_fails() {
    expect(
        LOCKOUT,
        &debian_faillock("deny = 3\nunlock_time = 60\n"),
        Status::Fail,
        &[
            "only 60 seconds",
            "/etc/security/faillock.conf:3 unlock_time 60",
        ],
    );
}

#[test]
fn lockout_preauth_without_authfail_fails() {
    let root = debian_faillock("deny = 3\nunlock_time = 300\n").file(
        "/etc/pam.d/common-auth",
        "auth\trequisite\t\t\tpam_faillock.so preauth\n\
         auth\t[success=1 default=ignore]\tpam_unix.so nullok\n\
         auth\trequisite\t\t\tpam_deny.so\n\
         auth\trequired\t\t\tpam_permit.so\n",
    );
    expect(
        LOCKOUT,
        &root,
        Status::Fail,
        &["\"authfail\" does not run", "/etc/pam.d/common-auth:1"],
    );
}

#[test]
fn lockout_commented_faillock_lines_fail() {
    let commented = debian_faillock_auth("", "")
        .lines()
        .map(|l| {
            if l.contains("pam_faillock") {
                format!("#{l}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect::<String>();
    let root =
        debian_faillock("deny = 3\nunlock_time = 300\n").file("/etc/pam.d/common-auth", &commented);
    expect(
        LOCKOUT,
        &root,
        Status::Fail,
        &[
            "neither pam_faillock nor pam_tally2",
            "/etc/pam.d/common-auth:3",
        ],
    );
}

#[test]
fn lockout_fedora_with_faillock_passes() {
    let root = Root::fedora()
        .file("/etc/pam.d/system-auth", &fedora_auth(true))
        .file(
            FAILLOCK_CONF,
            &faillock_conf("deny = 3\nunlock_time = 900\n"),
        );
    expect(
        LOCKOUT,
        &root,
        Status::Pass,
        &[
            "locked after 3 failure(s), for 15 min 0 s",
            "/etc/pam.d/system-auth:6",
            "/etc/pam.d/system-auth:8",
            "/etc/security/faillock.conf:3 unlock_time 900",
        ],
    );
}

#[test]
fn lockout_stock_debian_fails() {
    expect(
        LOCKOUT,
        &Root::debian(),
        Status::Fail,
        &[
            "neither pam_faillock nor pam_tally2",
            "/etc/pam.d/common-auth:3",
        ],
    );
}

#[test]
fn lockout_pam_tally2_passes() {
    let root = Root::debian().file(
        "/etc/pam.d/common-auth",
        "auth\trequired\t\t\tpam_tally2.so onerr=fail deny=3 unlock_time=600\n\
         auth\t[success=1 default=ignore]\tpam_unix.so nullok_secure\n\
         auth\trequisite\t\t\tpam_deny.so\n\
         auth\trequired\t\t\tpam_permit.so\n",
    );
    expect(
        LOCKOUT,
        &root,
        Status::Pass,
        &["pam_tally2", "/etc/pam.d/common-auth:1"],
    );
}

#[test]
fn lockout_sshd_without_faillock_fails() {
    // Fedora: faillock added to system-auth (console login) but not to
    // password-auth, which sshd uses.
    let root = Root::fedora()
        .file("/etc/pam.d/system-auth", &fedora_auth(true))
        .file("/etc/pam.d/sshd", FEDORA_SSHD)
        .file(
            FAILLOCK_CONF,
            &faillock_conf("deny = 3\nunlock_time = 900\n"),
        );
    let f = expect(
        LOCKOUT,
        &root,
        Status::Fail,
        &["sshd: no lockout", "/etc/pam.d/password-auth:"],
    );
    assert!(!f.reason.en.contains("login: locked"), "{}", f.reason.en);
}

#[test]
fn lockout_debian_sshd_including_common_auth_passes() {
    let root = debian_faillock("deny = 3\nunlock_time = 300\n").file(
        "/etc/pam.d/sshd",
        "# PAM configuration for the Secure Shell service\n\
         @include common-auth\n\
         account    required     pam_nologin.so\n\
         @include common-account\n\
         @include common-session\n\
         @include common-password\n",
    );
    expect(
        LOCKOUT,
        &root,
        Status::Pass,
        &["login: locked after 3", "sshd: locked after 3"],
    );
}
