//! Running the system's own commands, read-only, on a live system only.
//!
//! Collectors never spawn processes themselves: they ask a [`Runner`]. The
//! live runner runs a fixed set of read-only commands with a clean locale, a
//! fixed `PATH`, no input and a timeout each; an offline root gets
//! [`NoRunner`], which runs nothing (only a running system can answer); tests
//! get [`FakeRunner`] with captured outputs.

use std::collections::BTreeMap;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Default time a command may take before it is killed.
#[cfg(not(windows))]
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default time a command may take before it is killed. Windows PowerShell
/// 5.1 starting cold and loading a CIM module takes seconds on a modest
/// practice computer, several of them running at once.
#[cfg(windows)]
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);
/// Output beyond this is cut (a neighbour table or a ruleset is far smaller).
const MAX_OUTPUT: u64 = 8 * 1024 * 1024;
/// Where programs are looked for: the system's own directories only, never
/// the caller's `PATH` (a program planted in it would be run as root).
#[cfg(not(windows))]
const SAFE_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// What a command printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandOutput {
    /// Exit code; `None` when killed by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl CommandOutput {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }
}

/// Why a command gave no output.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    /// Nothing was run, on purpose (offline root, recorded evidence).
    #[error("{0}")]
    NotRun(String),
    #[error("command not found")]
    NotFound,
    #[error("permission denied")]
    PermissionDenied,
    #[error("no answer after {0} s (killed)")]
    TimedOut(u64),
    #[error("{0}")]
    Failed(String),
}

/// Runs a command; implementations never change the system.
pub trait Runner: Sync {
    fn run(&self, program: &str, args: &[&str]) -> Result<CommandOutput, RunError>;
    /// Whether commands can run at all (false for an offline root).
    fn is_live(&self) -> bool {
        true
    }
}

/// The live system's runner.
#[derive(Debug, Clone)]
pub struct SystemRunner {
    pub timeout: Duration,
}

impl Default for SystemRunner {
    fn default() -> Self {
        SystemRunner {
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

#[cfg(not(windows))]
fn find_program(program: &str) -> Option<std::path::PathBuf> {
    if program.contains('/') {
        let p = std::path::PathBuf::from(program);
        return p.is_file().then_some(p);
    }
    SAFE_PATH
        .split(':')
        .map(|d| std::path::Path::new(d).join(program))
        .find(|p| p.is_file())
}

/// Windows: the system directory only (`%SystemRoot%\System32`, its
/// Windows PowerShell and WMI folders), never the caller's `PATH` nor the
/// current directory, which Windows would otherwise search first.
#[cfg(windows)]
mod windows_paths {
    use std::path::{Path, PathBuf};

    /// `%SystemRoot%` (or `%windir%`), `C:\Windows` when neither is set.
    pub fn system_root() -> PathBuf {
        std::env::var_os("SystemRoot")
            .or_else(|| std::env::var_os("windir"))
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(r"C:\Windows"))
    }

    /// The directories searched, in order.
    pub fn dirs() -> Vec<PathBuf> {
        let sys32 = system_root().join("System32");
        vec![
            sys32.clone(),
            sys32.join("WindowsPowerShell").join("v1.0"),
            sys32.join("wbem"),
        ]
    }

    /// `powershell` resolves to `powershell.exe`; a name with an extension is
    /// kept as it is.
    pub fn candidates(program: &str) -> Vec<String> {
        if Path::new(program).extension().is_some() {
            vec![program.to_string()]
        } else {
            vec![format!("{program}.exe"), program.to_string()]
        }
    }

    pub fn find(program: &str) -> Option<PathBuf> {
        if program.contains('\\') || program.contains('/') {
            let p = PathBuf::from(program);
            return (p.is_absolute() && p.is_file()).then_some(p);
        }
        dirs().into_iter().find_map(|d| {
            candidates(program)
                .into_iter()
                .map(|c| d.join(c))
                .find(|p| p.is_file())
        })
    }
}

#[cfg(windows)]
fn find_program(program: &str) -> Option<std::path::PathBuf> {
    windows_paths::find(program)
}

fn drain(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = (&mut r).take(MAX_OUTPUT).read_to_end(&mut buf);
        // Keep reading to the end so the child never blocks on a full pipe.
        let _ = std::io::copy(&mut r, &mut std::io::sink());
        decode_output(&buf)
    })
}

/// Command output as text: UTF-8 on Unix (the C locale is asked for).
#[cfg(not(windows))]
fn decode_output(buf: &[u8]) -> String {
    String::from_utf8_lossy(buf).into_owned()
}

/// Command output as text on Windows: some tools write UTF-16 (with or
/// without a byte-order mark), most write UTF-8 or the OEM code page; line
/// ends become `\n` for the parsers.
#[cfg(windows)]
fn decode_output(buf: &[u8]) -> String {
    crate::windows::text::decode(buf)
}

/// The clean environment a command runs in.
#[cfg(not(windows))]
fn clean_env(cmd: &mut Command) {
    cmd.env_clear()
        .env("PATH", SAFE_PATH)
        // Locale-independent output for the parsers.
        .env("LC_ALL", "C")
        .env("LANG", "C");
}

/// Windows: only what the system's own tools need (PowerShell and WMI
/// refuse to start without `SystemRoot`; temporary files; the machine-wide
/// data folder), `PATH` limited to the system directories, and no console
/// window flashing on the practitioner's screen. Nothing from the caller's
/// profile (`PSModulePath` included: a module planted there would be
/// loaded before the system's own).
#[cfg(windows)]
fn clean_env(cmd: &mut Command) {
    use std::os::windows::process::CommandExt;
    /// CREATE_NO_WINDOW (process creation flags, Win32 API).
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    cmd.env_clear();
    for key in ["SystemRoot", "windir", "TEMP", "TMP", "ProgramData"] {
        if let Some(v) = std::env::var_os(key) {
            cmd.env(key, v);
        }
    }
    let path = std::env::join_paths(windows_paths::dirs()).unwrap_or_default();
    cmd.env("PATH", path);
    cmd.creation_flags(CREATE_NO_WINDOW);
}

impl Runner for SystemRunner {
    fn run(&self, program: &str, args: &[&str]) -> Result<CommandOutput, RunError> {
        use wait_timeout::ChildExt;
        let path = find_program(program).ok_or(RunError::NotFound)?;
        let mut cmd = Command::new(path);
        cmd.args(args);
        clean_env(&mut cmd);
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => RunError::NotFound,
                std::io::ErrorKind::PermissionDenied => RunError::PermissionDenied,
                _ => RunError::Failed(e.to_string()),
            })?;
        let out = child.stdout.take().map(drain);
        let err = child.stderr.take().map(drain);
        let status = match child.wait_timeout(self.timeout) {
            Ok(Some(status)) => status,
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RunError::TimedOut(self.timeout.as_secs()));
            }
            Err(e) => return Err(RunError::Failed(e.to_string())),
        };
        let stdout = out.and_then(|h| h.join().ok()).unwrap_or_default();
        let stderr = err.and_then(|h| h.join().ok()).unwrap_or_default();
        Ok(CommandOutput {
            code: status.code(),
            stdout,
            stderr,
        })
    }
}

/// Runs nothing: an offline root or a machine other than this one.
#[derive(Debug, Clone, Default)]
pub struct NoRunner;

/// The reason given for every live fact missing from an offline root.
pub const OFFLINE_REASON_FR: &str = "racine hors ligne : seul un système en marche peut le dire";
pub const OFFLINE_REASON: &str = "offline root: only a running system can tell";

impl Runner for NoRunner {
    fn run(&self, _program: &str, _args: &[&str]) -> Result<CommandOutput, RunError> {
        Err(RunError::NotRun(OFFLINE_REASON.into()))
    }
    fn is_live(&self) -> bool {
        false
    }
}

/// Captured outputs, keyed by the command line (`program arg arg`): for tests.
/// A command not listed is "not found".
#[derive(Debug, Clone, Default)]
pub struct FakeRunner {
    pub outputs: BTreeMap<String, Result<CommandOutput, RunError>>,
}

impl FakeRunner {
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds a successful command with this standard output.
    pub fn ok(mut self, command_line: &str, stdout: &str) -> Self {
        self.outputs.insert(
            command_line.to_string(),
            Ok(CommandOutput {
                code: Some(0),
                stdout: stdout.to_string(),
                stderr: String::new(),
            }),
        );
        self
    }
    /// Adds a command with this exit code and outputs.
    pub fn output(mut self, command_line: &str, code: i32, stdout: &str, stderr: &str) -> Self {
        self.outputs.insert(
            command_line.to_string(),
            Ok(CommandOutput {
                code: Some(code),
                stdout: stdout.to_string(),
                stderr: stderr.to_string(),
            }),
        );
        self
    }
    /// Adds a command that fails to run.
    pub fn error(mut self, command_line: &str, error: RunError) -> Self {
        self.outputs.insert(command_line.to_string(), Err(error));
        self
    }
}

impl Runner for FakeRunner {
    fn run(&self, program: &str, args: &[&str]) -> Result<CommandOutput, RunError> {
        let line = command_line(program, args);
        self.outputs
            .get(&line)
            .cloned()
            .unwrap_or(Err(RunError::NotFound))
    }
}

/// `program arg arg`, as shown in evidence and used as the fake runner's key.
pub fn command_line(program: &str, args: &[&str]) -> String {
    std::iter::once(program)
        .chain(args.iter().copied())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn runs_with_a_clean_locale_and_reports_missing_programs() {
        let r = SystemRunner::default();
        let out = r.run("sh", &["-c", "echo $LC_ALL"]).unwrap();
        assert_eq!(out.stdout.trim(), "C");
        assert!(out.success());
        assert_eq!(r.run("vigie-no-such-program", &[]), Err(RunError::NotFound));
    }

    #[test]
    fn a_slow_command_is_killed() {
        let r = SystemRunner {
            timeout: Duration::from_millis(200),
        };
        let started = std::time::Instant::now();
        assert!(matches!(r.run("sleep", &["5"]), Err(RunError::TimedOut(_))));
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn offline_roots_run_nothing() {
        assert!(matches!(NoRunner.run("ls", &[]), Err(RunError::NotRun(_))));
    }
}

#[cfg(all(test, windows))]
mod windows_tests {
    use super::*;

    #[test]
    fn finds_system_programs_with_their_extension() {
        assert!(find_program("cmd").is_some());
        assert!(find_program("powershell").is_some());
        assert!(find_program("vigie-no-such-program").is_none());
        let out = SystemRunner::default()
            .run("cmd", &["/c", "echo %SystemRoot%"])
            .unwrap();
        assert!(out.success());
        assert!(!out.stdout.trim().is_empty());
    }
}
