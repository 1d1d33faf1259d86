//! What a collector reads through: files, commands, and whether it runs
//! with administrator rights. One value, so every collector sees the same
//! system the same way (live, or an offline root where no command runs).

use crate::command::{command_line, CommandOutput, RunError, Runner};
use crate::fs::{Fs, FsError};
use crate::model::Collected;

/// The error text of anything refused for lack of rights; evaluators use it
/// to say a check needs administrator rights.
pub const PERMISSION_DENIED: &str = "permission denied";

/// What a collection may do beyond the default, fast one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CollectOptions {
    /// Also run the package managers' own simulations (`apt-get -s
    /// dist-upgrade`, `dnf updateinfo`, `zypper list-patches`), which take
    /// seconds; by default pending updates are counted from files alone
    /// where Vigie can (apt), and not at all otherwise.
    pub thorough: bool,
}

/// The system being collected from.
#[derive(Clone, Copy)]
pub struct Sys<'a> {
    pub fs: &'a (dyn Fs + Sync),
    pub runner: &'a dyn Runner,
    /// The collector runs as root (live system only; always false offline).
    pub privileged: bool,
    pub options: CollectOptions,
}

impl<'a> Sys<'a> {
    pub fn new(fs: &'a (dyn Fs + Sync), runner: &'a dyn Runner, privileged: bool) -> Self {
        Sys {
            fs,
            runner,
            privileged,
            options: CollectOptions::default(),
        }
    }

    /// The same system, collected with these options.
    pub fn with_options(self, options: CollectOptions) -> Self {
        Sys { options, ..self }
    }

    /// Whether commands run (a live system) or not (an offline root).
    pub fn is_live(&self) -> bool {
        self.runner.is_live()
    }

    /// Reads and parses one file, recording why it could not be read.
    pub fn file<T>(&self, path: &str, parse: impl FnOnce(&str) -> T) -> Collected<T> {
        match self.fs.read_to_string(path) {
            Ok(text) => Collected::Ok {
                source: path.to_string(),
                value: parse(&text),
            },
            Err(e) => fs_error(path, e),
        }
    }

    /// Runs one command and parses its output. `parse` sees the exit code
    /// and both outputs, and returns an error text when they mean nothing
    /// usable (use [`PERMISSION_DENIED`] when the command refused for lack
    /// of rights). Offline, nothing runs and the value is `not_collected`.
    pub fn command<T>(
        &self,
        program: &str,
        args: &[&str],
        parse: impl FnOnce(&CommandOutput) -> Result<T, String>,
    ) -> Collected<T> {
        let source = command_source(program, args);
        match self.runner.run(program, args) {
            Ok(out) => match parse(&out) {
                Ok(value) => Collected::Ok { source, value },
                Err(error) => Collected::Unreadable { source, error },
            },
            Err(RunError::NotRun(reason)) => Collected::NotCollected { reason },
            Err(RunError::NotFound) => Collected::Missing { source },
            Err(e) => Collected::Unreadable {
                source,
                error: e.to_string(),
            },
        }
    }
}

/// How a command appears as a source in evidence and reports.
pub fn command_source(program: &str, args: &[&str]) -> String {
    format!("$ {}", command_line(program, args))
}

/// A file that could not be read, as a `Collected`.
pub fn fs_error<T>(path: &str, e: FsError) -> Collected<T> {
    match e {
        FsError::NotFound => Collected::Missing {
            source: path.to_string(),
        },
        e => Collected::Unreadable {
            source: path.to_string(),
            error: e.to_string(),
        },
    }
}

/// Whether stderr says the command was refused for lack of rights.
pub fn denied(out: &CommandOutput) -> bool {
    let e = out.stderr.to_ascii_lowercase();
    e.contains("permission denied")
        || e.contains("operation not permitted")
        || e.contains("must be root")
        || e.contains("are you root")
        || e.contains("access denied")
}

impl<T> Collected<T> {
    /// Whether this was refused for lack of rights.
    pub fn permission_denied(&self) -> bool {
        matches!(self, Collected::Unreadable { error, .. } if error.starts_with(PERMISSION_DENIED))
    }
}

/// Whether this process runs as root (effective uid 0), read from
/// `/proc/self/status` so no libc call is needed.
pub fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Uid:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|e| e == "0"))
        })
        .unwrap_or(false)
}
