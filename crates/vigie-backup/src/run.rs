//! Running restic and borg: no input, a timeout, standard output read line
//! by line as it comes (a listing can be large), standard error kept short
//! and scrubbed of the password before it is shown.

use crate::{BackupError, Credentials};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Where programs are looked for: the system's own directories, never the
/// caller's `PATH`.
const SAFE_PATH: &[&str] = &[
    "/usr/local/sbin",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/bin",
    "/sbin",
    "/bin",
];
/// Standard error kept for messages.
const MAX_STDERR: usize = 64 * 1024;

/// Finds a tool: the explicit path if given, else in the system's
/// directories.
pub(crate) fn find(program: &str, explicit: Option<&Path>) -> Result<PathBuf, BackupError> {
    if let Some(p) = explicit {
        return if p.is_file() {
            Ok(p.to_path_buf())
        } else {
            Err(BackupError::ToolMissing {
                tool: program.to_string(),
            })
        };
    }
    SAFE_PATH
        .iter()
        .map(|d| Path::new(d).join(program))
        .find(|p| p.is_file())
        .ok_or_else(|| BackupError::ToolMissing {
            tool: program.to_string(),
        })
}

/// How a command ended.
pub(crate) struct Ended {
    pub code: Option<i32>,
    /// The end of standard error, password removed.
    pub stderr: String,
}

/// Runs `cmd` (its program and arguments set), calling `on_line` with each
/// line of standard output. `shown` is the command as shown in messages
/// (never with a password). Kills it after `timeout`.
pub(crate) fn run_lines(
    mut cmd: Command,
    shown: &str,
    timeout: Duration,
    creds: &Credentials,
    on_line: &mut dyn FnMut(&str) -> Result<(), String>,
) -> Result<Ended, BackupError> {
    use wait_timeout::ChildExt;
    let started = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| BackupError::Tool {
            command: shown.to_string(),
            code: None,
            message: e.to_string(),
        })?;
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let err_thread = stderr.map(|mut r| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = (&mut r).take(MAX_STDERR as u64).read_to_end(&mut buf);
            let _ = std::io::copy(&mut r, &mut std::io::sink());
            String::from_utf8_lossy(&buf).into_owned()
        })
    });
    // Lines go through a bounded channel: the reader waits when the caller
    // is slower, and the timeout is checked between lines.
    let (tx, rx) = mpsc::sync_channel::<String>(1024);
    let out_thread = stdout.map(|r| {
        std::thread::spawn(move || {
            let mut reader = BufReader::new(r);
            let mut line = Vec::new();
            loop {
                line.clear();
                match reader.read_until(b'\n', &mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        let text = String::from_utf8_lossy(&line)
                            .trim_end_matches(['\n', '\r'])
                            .to_string();
                        if tx.send(text).is_err() {
                            // The caller stopped listening: drain the rest.
                            let _ = std::io::copy(&mut reader, &mut std::io::sink());
                            break;
                        }
                    }
                }
            }
        })
    });
    let kill = |child: &mut std::process::Child| {
        let _ = child.kill();
        let _ = child.wait();
    };
    let mut failure: Option<BackupError> = None;
    loop {
        let left = timeout.saturating_sub(started.elapsed());
        match rx.recv_timeout(left) {
            Ok(line) => {
                if failure.is_none() {
                    if let Err(message) = on_line(&line) {
                        failure = Some(BackupError::Parse {
                            command: shown.to_string(),
                            message: creds.redact(&message),
                        });
                        kill(&mut child);
                    }
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                kill(&mut child);
                return Err(BackupError::TimedOut {
                    command: shown.to_string(),
                    seconds: timeout.as_secs(),
                });
            }
        }
    }
    drop(rx);
    if let Some(t) = out_thread {
        let _ = t.join();
    }
    if let Some(f) = failure {
        return Err(f);
    }
    let left = timeout.saturating_sub(started.elapsed());
    let status = match child.wait_timeout(left) {
        Ok(Some(s)) => s,
        Ok(None) => {
            kill(&mut child);
            return Err(BackupError::TimedOut {
                command: shown.to_string(),
                seconds: timeout.as_secs(),
            });
        }
        Err(e) => {
            return Err(BackupError::Tool {
                command: shown.to_string(),
                code: None,
                message: e.to_string(),
            })
        }
    };
    let stderr = err_thread.and_then(|t| t.join().ok()).unwrap_or_default();
    Ok(Ended {
        code: status.code(),
        stderr: creds.redact(&stderr),
    })
}

/// Runs `cmd` and returns its whole standard output (capped).
pub(crate) fn run_text(
    cmd: Command,
    shown: &str,
    timeout: Duration,
    creds: &Credentials,
    max: usize,
) -> Result<(String, Ended), BackupError> {
    let mut out = String::new();
    let mut on_line = |line: &str| {
        if out.len() + line.len() > max {
            return Err(format!("output larger than {} MiB", max / (1024 * 1024)));
        }
        out.push_str(line);
        out.push('\n');
        Ok(())
    };
    let ended = run_lines(cmd, shown, timeout, creds, &mut on_line)?;
    Ok((out, ended))
}

/// The last meaningful lines of a tool's standard error, for a message.
pub(crate) fn tail(stderr: &str, max_chars: usize) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut out = String::new();
    for line in lines.iter().rev() {
        if out.chars().count() + line.chars().count() + 3 > max_chars && !out.is_empty() {
            break;
        }
        out = if out.is_empty() {
            line.to_string()
        } else {
            format!("{line} / {out}")
        };
    }
    out.chars().take(max_chars).collect()
}

/// Fails with the tool's message unless it exited with 0.
pub(crate) fn success(ended: &Ended, shown: &str) -> Result<(), BackupError> {
    if ended.code == Some(0) {
        return Ok(());
    }
    Err(BackupError::Tool {
        command: shown.to_string(),
        code: ended.code,
        message: tail(&ended.stderr, 600),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_timeouts_and_failures() {
        let sh = find("sh", None).unwrap();
        let mut cmd = Command::new(&sh);
        cmd.args(["-c", "echo one; echo two; echo oops >&2; exit 3"]);
        let mut seen = Vec::new();
        let ended = run_lines(
            cmd,
            "sh",
            Duration::from_secs(10),
            &Credentials::none(),
            &mut |l| {
                seen.push(l.to_string());
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, ["one", "two"]);
        assert_eq!(ended.code, Some(3));
        assert!(success(&ended, "sh")
            .unwrap_err()
            .to_string()
            .contains("oops"));

        let mut cmd = Command::new(&sh);
        cmd.args(["-c", "sleep 5"]);
        let t = Instant::now();
        let err = run_text(
            cmd,
            "sh -c sleep",
            Duration::from_millis(300),
            &Credentials::none(),
            1024,
        )
        .err()
        .unwrap();
        assert!(matches!(err, BackupError::TimedOut { .. }), "{err}");
        assert!(t.elapsed() < Duration::from_secs(3));
    }

    #[test]
    fn tails() {
        assert_eq!(tail("a\n\nb\nc\n", 100), "a / b / c");
        assert_eq!(tail("aaaa\nbbbb\n", 6), "bbbb");
    }
}
