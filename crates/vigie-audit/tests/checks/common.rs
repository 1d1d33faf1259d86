//! Helpers shared by every area's tests: a mini root tree in a temporary
//! directory, collected offline (as `vigie audit --root`) or as a live
//! system whose commands answer with captured outputs ([`FakeRunner`]).

#![allow(dead_code)]

use std::path::Path;
use vigie_audit::{checks, Context, Finding, KnownDevice, Profile, Status};
use vigie_evidence::command::{FakeRunner, NoRunner};
use vigie_evidence::fs::RootFs;
use vigie_evidence::{collect, Evidence, Platform, Sys, TargetKind};

/// The date every test judges at.
pub const AS_OF: time::Date = time::macros::date!(2026 - 11 - 28);

/// A mini root tree, written as it is built.
pub struct Tree {
    dir: tempfile::TempDir,
}

impl Default for Tree {
    fn default() -> Self {
        Self::new()
    }
}

impl Tree {
    pub fn new() -> Self {
        Tree {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    fn host(&self, path: &str) -> std::path::PathBuf {
        let host = self.dir.path().join(path.trim_start_matches('/'));
        std::fs::create_dir_all(host.parent().unwrap()).unwrap();
        host
    }

    /// A text file at this absolute path.
    pub fn file(self, path: &str, text: &str) -> Self {
        std::fs::write(self.host(path), text).unwrap();
        self
    }

    /// A binary file at this absolute path.
    pub fn bytes(self, path: &str, bytes: &[u8]) -> Self {
        std::fs::write(self.host(path), bytes).unwrap();
        self
    }

    /// An empty directory.
    pub fn dir(self, path: &str) -> Self {
        std::fs::create_dir_all(self.dir.path().join(path.trim_start_matches('/'))).unwrap();
        self
    }

    /// A symbolic link at `path` pointing to `target` (as written).
    pub fn symlink(self, path: &str, target: &str) -> Self {
        let host = self.host(path);
        let _ = std::fs::remove_file(&host);
        std::os::unix::fs::symlink(target, host).unwrap();
        self
    }

    /// Sets a file's permission bits.
    pub fn mode(self, path: &str, mode: u32) -> Self {
        use std::os::unix::fs::PermissionsExt;
        let host = self.dir.path().join(path.trim_start_matches('/'));
        std::fs::set_permissions(host, std::fs::Permissions::from_mode(mode)).unwrap();
        self
    }

    /// Sets a file's modification time (seconds since the epoch).
    pub fn mtime(self, path: &str, unix: i64) -> Self {
        let host = self.dir.path().join(path.trim_start_matches('/'));
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(unix as u64);
        std::fs::File::options()
            .write(true)
            .open(&host)
            .or_else(|_| std::fs::File::open(&host))
            .unwrap()
            .set_modified(t)
            .unwrap();
        self
    }

    /// Collected as an offline root: files only, no command.
    pub fn offline(&self) -> Evidence {
        let fs = RootFs::new(self.dir.path());
        collect(
            &Sys::new(&fs, &NoRunner, false),
            TargetKind::Root,
            Some(self.dir.path().display().to_string()),
            None,
            Platform::Linux,
        )
    }

    /// Collected as a live system run as root, its commands answered by `runner`.
    pub fn live(&self, runner: &FakeRunner) -> Evidence {
        self.live_as(runner, true)
    }

    /// Collected as a live system, as root or not.
    pub fn live_as(&self, runner: &FakeRunner, privileged: bool) -> Evidence {
        let fs = RootFs::new(self.dir.path());
        collect(
            &Sys::new(&fs, runner, privileged),
            TargetKind::Live,
            None,
            Some("poste-test".into()),
            Platform::Linux,
        )
    }
}

/// Evaluates one requirement's check at [`AS_OF`] with the memento profile.
pub fn eval(id: &str, evidence: &Evidence) -> Finding {
    eval_with(id, evidence, &Profile::memento_2013(), &[])
}

/// Evaluates with a given profile and known devices.
pub fn eval_with(
    id: &str,
    evidence: &Evidence,
    profile: &Profile,
    known_devices: &[KnownDevice],
) -> Finding {
    let check = checks::check_for(id, evidence.target.platform)
        .unwrap_or_else(|| panic!("no check for {id} on {:?}", evidence.target.platform));
    (check.evaluate)(&Context {
        known_devices,
        ..Context::new(evidence, profile, AS_OF)
    })
}

/// The reason (both languages) and every evidence item as
/// `source:line key value`, for "mentions" assertions.
pub fn text(f: &Finding) -> String {
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

/// Asserts the status and that the reason or the evidence mentions each of
/// `mentions`; returns the finding for further checks.
#[track_caller]
pub fn expect(id: &str, evidence: &Evidence, status: Status, mentions: &[&str]) -> Finding {
    let f = eval(id, evidence);
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
