//! Running the binary in isolation.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{OnceLock, RwLock, RwLockWriteGuard};

/// A HOME of its own for every run of the binary, so that nothing reads
/// or writes the default practice record of the machine running the tests.
pub fn home() -> &'static Path {
    static HOME: OnceLock<tempfile::TempDir> = OnceLock::new();
    HOME.get_or_init(|| tempfile::tempdir().expect("temp HOME"))
        .path()
}

fn command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vigie"));
    c.args(args)
        .env("NO_COLOR", "1")
        .env("HOME", home())
        .env_remove("XDG_DATA_HOME")
        .env("USER", "testeur")
        .env_remove("USERNAME");
    c
}

/// Runs of the binary share this lock; the live audit test takes it alone,
/// so that the load of the other tests does not slow its commands past
/// their timeout between the two collections it compares.
static LIVE: RwLock<()> = RwLock::new(());

/// Holds every other run off while the guard lives.
pub fn alone() -> RwLockWriteGuard<'static, ()> {
    LIVE.write().unwrap_or_else(|e| e.into_inner())
}

pub fn vigie(args: &[&str]) -> Output {
    let _shared = LIVE.read().unwrap_or_else(|e| e.into_inner());
    vigie_unlocked(args)
}

/// For a test that holds [`alone`].
pub fn vigie_unlocked(args: &[&str]) -> Output {
    command(args)
        .stdin(Stdio::null())
        .output()
        .expect("run vigie")
}

/// Runs with more environment variables (a repository's password...).
pub fn vigie_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let _shared = LIVE.read().unwrap_or_else(|e| e.into_inner());
    let mut c = command(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.stdin(Stdio::null()).output().expect("run vigie")
}

/// Runs with `input` on standard input (then end of input).
pub fn vigie_with_input(args: &[&str], input: &str) -> Output {
    let _shared = LIVE.read().unwrap_or_else(|e| e.into_inner());
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run vigie");
    let mut stdin = child.stdin.take().expect("stdin");
    // The binary may stop reading early (q): a broken pipe is fine.
    let _ = stdin.write_all(input.as_bytes());
    drop(stdin);
    child.wait_with_output().expect("wait for vigie")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

pub fn requirement<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no requirement {id}"))
}

pub fn status(report: &Value, id: &str) -> String {
    requirement(report, id)["status"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A Debian 12 desktop as installed, captured as a root tree.
pub fn debian_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../vigie-audit/tests/fixtures/roots/debian-12-gnome")
}
