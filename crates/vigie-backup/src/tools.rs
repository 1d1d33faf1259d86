//! restic, borg and dated folders: listing and restore tests.

use crate::run::{self, Ended};
use crate::sample::{Entry, SpreadSampler};
use crate::{parse, BackupError, Credentials, Options, RestoreTestResult};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use time::OffsetDateTime;
use vigie_practice::{
    BackupInventory, BackupPoint, BackupSet, Encryption, RestoreScope, RestoreTest,
    MAX_RESTORE_ERROR_CHARS,
};

/// Largest JSON document read whole (`restic snapshots`, `borg list`).
const MAX_JSON: usize = 64 * 1024 * 1024;

/// restic encrypts every repository: AES-256 in counter mode, authenticated
/// with Poly1305-AES (restic's design document, "Repository Format").
pub(crate) fn restic_encryption() -> Encryption {
    Encryption::Encrypted {
        mode: "AES-256-CTR + Poly1305-AES (restic always encrypts)".into(),
    }
}

/// Whether a location is a local path (no restic backend prefix, no borg
/// `host:` or `ssh://`).
fn local_path(location: &str) -> Option<&str> {
    let loc = location.strip_prefix("local:").unwrap_or(location);
    if loc.contains("://") {
        return None;
    }
    if loc.starts_with('/') || loc.starts_with("./") || loc.starts_with("../") {
        return Some(loc);
    }
    // `sftp:host:/p`, `b2:bucket`, `user@host:path`: remote.
    if loc.contains(':') {
        return None;
    }
    Some(loc)
}

fn require_local(location: &str) -> Result<(), BackupError> {
    if let Some(p) = local_path(location) {
        if !Path::new(p).exists() {
            return Err(BackupError::LocationNotFound {
                path: p.to_string(),
            });
        }
    }
    Ok(())
}

/// A borg location made absolute when local (extract runs in the
/// temporary folder).
fn borg_location(location: &str) -> String {
    match local_path(location) {
        Some(p) if !Path::new(p).is_absolute() => std::env::current_dir()
            .map(|d| d.join(p).display().to_string())
            .unwrap_or_else(|_| p.to_string()),
        _ => location.to_string(),
    }
}

fn restic_cmd(program: &Path, set: &BackupSet, creds: &Credentials, opts: &Options) -> Command {
    let mut cmd = Command::new(program);
    creds.apply_restic(&mut cmd);
    cmd.env_remove("RESTIC_REPOSITORY")
        .env_remove("RESTIC_REPOSITORY_FILE");
    for (k, v) in &opts.env {
        cmd.env(k, v);
    }
    cmd.arg("-r").arg(&set.location).arg("--no-lock");
    cmd
}

fn borg_cmd(program: &Path, creds: &Credentials, opts: &Options) -> Command {
    let mut cmd = Command::new(program);
    creds.apply_borg(&mut cmd);
    // Borg 1.x prints archive times in local time without an offset: UTC
    // makes them exact. The set was recorded on purpose: an unencrypted
    // repository new to this computer is read without asking; a relocated
    // one is refused (borg's own warning is shown). Nothing destructive is
    // ever confirmed.
    cmd.env("TZ", "UTC")
        .env("BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK", "yes")
        .env("BORG_RELOCATED_REPO_ACCESS_IS_OK", "no")
        .env("BORG_CHECK_I_KNOW_WHAT_I_AM_DOING", "NO")
        .env("BORG_DELETE_I_KNOW_WHAT_I_AM_DOING", "NO")
        .env("BORG_DISPLAY_PASSPHRASE", "no")
        .env_remove("BORG_REPO");
    for (k, v) in &opts.env {
        cmd.env(k, v);
    }
    cmd
}

fn version(program: &Path, arg: &str, opts: &Options) -> Option<String> {
    let mut cmd = Command::new(program);
    cmd.arg(arg);
    let (out, ended) = run::run_text(
        cmd,
        "version",
        opts.list_timeout,
        &Credentials::none(),
        4096,
    )
    .ok()?;
    if ended.code != Some(0) {
        return None;
    }
    // "restic 0.14.0 compiled with go1.19.8 on linux/amd64", "borg 1.2.4"
    let mut words = out.split_whitespace();
    Some(format!("{} {}", words.next()?, words.next()?))
}

// restic -----------------------------------------------------------------

fn restic_snapshots(
    program: &Path,
    set: &BackupSet,
    creds: &Credentials,
    opts: &Options,
) -> Result<Vec<BackupPoint>, BackupError> {
    let shown = format!("restic -r {} snapshots --json", set.location);
    let mut cmd = restic_cmd(program, set, creds, opts);
    cmd.args(["snapshots", "--json"]);
    run_json(cmd, shown, creds, opts, parse::restic_snapshots)
}

/// Runs a listing that answers JSON and parses what it printed.
fn run_json<T>(
    cmd: Command,
    shown: String,
    creds: &Credentials,
    opts: &Options,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, BackupError> {
    let (out, ended) = run::run_text(cmd, &shown, opts.list_timeout, creds, MAX_JSON)?;
    run::success(&ended, &shown)?;
    parse(&out).map_err(|message| BackupError::Parse {
        command: shown,
        message,
    })
}

pub(crate) fn restic_inventory(
    set: &BackupSet,
    creds: &Credentials,
    opts: &Options,
    checked_at: OffsetDateTime,
) -> Result<BackupInventory, BackupError> {
    let program = run::find("restic", opts.restic.as_deref())?;
    require_local(&set.location)?;
    let backups = restic_snapshots(&program, set, creds, opts)?;
    Ok(BackupInventory {
        set_id: set.id.clone(),
        checked_at,
        source: "restic snapshots --json".into(),
        tool_version: version(&program, "version", opts),
        encryption: restic_encryption(),
        backups,
        notes: Vec::new(),
    })
}

/// A path as a restic `--include` pattern: restic matches patterns with
/// Go's `filepath.Match`, where `\` escapes `*`, `?`, `[` and itself.
fn restic_pattern(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// What a restore attempt came to, before its folder is removed.
pub(crate) struct Outcome {
    backup: Option<String>,
    scope: RestoreScope,
    files: u32,
    bytes: u64,
    failure: Option<String>,
    method: String,
    temp: Option<tempfile::TempDir>,
}

impl Outcome {
    fn failed(method: &str, backup: Option<String>, failure: String) -> Outcome {
        Outcome {
            backup,
            scope: RestoreScope::Sample,
            files: 0,
            bytes: 0,
            failure: Some(failure),
            method: method.into(),
            temp: None,
        }
    }
}

fn temp_dir(opts: &Options) -> Result<tempfile::TempDir, BackupError> {
    let root = opts.temp_root.clone().unwrap_or_else(std::env::temp_dir);
    // tempfile creates the folder readable by its owner only (0700 on
    // Unix): the restored files are patient data.
    tempfile::Builder::new()
        .prefix("vigie-restore-")
        .tempdir_in(&root)
        .map_err(|e| {
            BackupError::Io(format!(
                "{}: cannot create a temporary folder: {e}",
                root.display()
            ))
        })
}

/// Removes what a message must not show: the password, the temporary
/// folder and the backed-up files' names (patients' names are often in
/// them).
fn scrub(text: &str, creds: &Credentials, temp: Option<&Path>, entries: &[Entry]) -> String {
    let mut out = creds.redact(text);
    if let Some(t) = temp {
        out = out.replace(&t.display().to_string(), "<temp>");
    }
    let mut paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    paths.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for p in paths {
        if p.len() > 1 {
            out = out.replace(p, "<file>");
        }
    }
    out
}

fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Checks the restored files: present, of the listed size, and when the
/// listing gives a checksum, of that checksum. Returns (files, bytes) or
/// the first problem, naming the file by its rank only.
fn verify_restored(root: &Path, entries: &[Entry]) -> Result<(u32, u64), String> {
    let mut bytes = 0u64;
    for (n, e) in entries.iter().enumerate() {
        let path = root.join(e.path.trim_start_matches('/'));
        let meta = std::fs::metadata(&path)
            .map_err(|_| format!("restored file {} of {} is missing", n + 1, entries.len()))?;
        if meta.len() != e.size {
            return Err(format!(
                "restored file {} of {} has {} bytes, the backup lists {}",
                n + 1,
                entries.len(),
                meta.len(),
                e.size
            ));
        }
        if let Some(expected) = &e.sha256 {
            let got = sha256_file(&path)
                .map_err(|err| format!("restored file {} cannot be read: {err}", n + 1))?;
            if &got != expected {
                return Err(format!(
                    "restored file {} of {}: its SHA-256 differs from the backup's",
                    n + 1,
                    entries.len()
                ));
            }
        }
        bytes += e.size;
    }
    Ok((u32::try_from(entries.len()).unwrap_or(u32::MAX), bytes))
}

/// A restore ready to run: the tool's command into `temp`, and the
/// entries it must bring back.
struct Restore<'a> {
    cmd: Command,
    /// The command line as shown (no secret).
    shown: &'a str,
    /// The tool and subcommand, for its failure ("borg extract").
    what: &'a str,
    method: &'a str,
    backup: Option<String>,
    whole: bool,
    temp: tempfile::TempDir,
    entries: &'a [Entry],
    creds: &'a Credentials,
    opts: &'a Options,
}

/// Runs the restore, then checks what landed in the temporary folder
/// against the listing; a tool failure is scrubbed of secrets and paths.
fn restore(r: Restore<'_>) -> Outcome {
    let Restore {
        cmd,
        shown,
        what,
        method,
        backup,
        whole,
        temp,
        entries,
        creds,
        opts,
    } = r;
    let mut outcome = Outcome {
        backup,
        scope: if whole {
            RestoreScope::Whole
        } else {
            RestoreScope::Sample
        },
        files: 0,
        bytes: 0,
        failure: None,
        method: method.into(),
        temp: None,
    };
    let result = run::run_lines(cmd, shown, opts.restore_timeout, creds, &mut |_| Ok(()));
    outcome.failure = match result {
        Ok(ended) if ended.code == Some(0) => match verify_restored(temp.path(), entries) {
            Ok((files, bytes)) => {
                outcome.files = files;
                outcome.bytes = bytes;
                None
            }
            Err(e) => Some(e),
        },
        Ok(ended) => Some(scrub(
            &tool_failure(&ended, what),
            creds,
            Some(temp.path()),
            entries,
        )),
        Err(e) => Some(scrub(&e.to_string(), creds, Some(temp.path()), entries)),
    };
    outcome.temp = Some(temp);
    outcome
}

/// Why a run of `what` failed, if it did: not run, or a non-zero exit.
fn run_failure(result: Result<Ended, BackupError>, what: &str) -> Option<String> {
    match result {
        Ok(ended) if ended.code == Some(0) => None,
        Ok(ended) => Some(tool_failure(&ended, what)),
        Err(e) => Some(e.to_string()),
    }
}

fn tool_failure(ended: &Ended, what: &str) -> String {
    let tail = run::tail(&ended.stderr, 600);
    let code = ended
        .code
        .map(|c| format!("exit code {c}"))
        .unwrap_or_else(|| "killed".into());
    if tail.is_empty() {
        format!("{what} failed ({code})")
    } else {
        format!("{what} failed ({code}): {tail}")
    }
}

pub(crate) fn restic_restore(
    set: &BackupSet,
    creds: &Credentials,
    opts: &Options,
) -> Result<Outcome, BackupError> {
    const METHOD: &str = "restic restore --verify (content checked against the repository's SHA-256 blob ids), sizes compared with restic ls";
    let program = run::find("restic", opts.restic.as_deref())?;
    require_local(&set.location)?;
    let snaps = match restic_snapshots(&program, set, creds, opts) {
        Ok(s) => s,
        Err(e) => return Ok(Outcome::failed(METHOD, None, e.to_string())),
    };
    let Some(latest) = snaps.iter().max_by_key(|s| s.at) else {
        return Ok(Outcome::failed(
            METHOD,
            None,
            "the repository holds no snapshot".into(),
        ));
    };
    let backup = Some(format!("{} ({})", latest.id, latest.at.date()));

    // The listing, streamed: a sample spread across it.
    let mut sampler = SpreadSampler::new(
        opts.sample_files,
        opts.whole_max_files,
        opts.whole_max_bytes,
    );
    let shown = format!("restic -r {} ls --json {}", set.location, latest.id);
    let mut cmd = restic_cmd(&program, set, creds, opts);
    cmd.args(["ls", "--json", &latest.id]);
    let max = opts.sample_max_file_bytes;
    let listed = run::run_lines(cmd, &shown, opts.list_timeout, creds, &mut |line| {
        if let Some((path, size)) = parse::restic_ls_file(line) {
            sampler.offer(
                Entry {
                    path,
                    size,
                    sha256: None,
                },
                size <= max,
            );
        }
        Ok(())
    });
    if let Some(failure) = run_failure(listed, "restic ls") {
        return Ok(Outcome::failed(METHOD, backup, failure));
    }
    let (entries, whole) = sampler.finish();
    if entries.is_empty() {
        return Ok(Outcome::failed(
            METHOD,
            backup,
            "the latest snapshot holds no file small enough to restore".into(),
        ));
    }

    let temp = temp_dir(opts)?;
    let mut cmd = restic_cmd(&program, set, creds, opts);
    cmd.arg("restore")
        .arg(&latest.id)
        .arg("--target")
        .arg(temp.path())
        .arg("--verify");
    if !whole {
        for e in &entries {
            cmd.arg("--include").arg(restic_pattern(&e.path));
        }
    }
    let shown = format!("restic -r {} restore {} --verify", set.location, latest.id);
    Ok(restore(Restore {
        cmd,
        shown: &shown,
        what: "restic restore",
        method: METHOD,
        backup,
        whole,
        temp,
        entries: &entries,
        creds,
        opts,
    }))
}

// borg -------------------------------------------------------------------

fn borg_archives(
    program: &Path,
    set: &BackupSet,
    creds: &Credentials,
    opts: &Options,
) -> Result<(Vec<BackupPoint>, Encryption), BackupError> {
    let location = borg_location(&set.location);
    let shown = format!("borg list --json {}", set.location);
    let mut cmd = borg_cmd(program, creds, opts);
    cmd.args(["list", "--json", "--bypass-lock"]).arg(&location);
    run_json(cmd, shown, creds, opts, parse::borg_list)
}

pub(crate) fn borg_inventory(
    set: &BackupSet,
    creds: &Credentials,
    opts: &Options,
    checked_at: OffsetDateTime,
) -> Result<BackupInventory, BackupError> {
    let program = run::find("borg", opts.borg.as_deref())?;
    require_local(&set.location)?;
    let (backups, encryption) = borg_archives(&program, set, creds, opts)?;
    Ok(BackupInventory {
        set_id: set.id.clone(),
        checked_at,
        source: "borg list --json".into(),
        tool_version: version(&program, "--version", opts),
        encryption,
        backups,
        notes: Vec::new(),
    })
}

pub(crate) fn borg_restore(
    set: &BackupSet,
    creds: &Credentials,
    opts: &Options,
) -> Result<Outcome, BackupError> {
    const METHOD: &str =
        "borg extract (chunks authenticated by borg), each file's SHA-256 compared with borg list's";
    let program = run::find("borg", opts.borg.as_deref())?;
    require_local(&set.location)?;
    let location = borg_location(&set.location);
    let archives = match borg_archives(&program, set, creds, opts) {
        Ok((a, _)) => a,
        Err(e) => return Ok(Outcome::failed(METHOD, None, e.to_string())),
    };
    let Some(latest) = archives.iter().max_by_key(|a| a.at) else {
        return Ok(Outcome::failed(
            METHOD,
            None,
            "the repository holds no archive".into(),
        ));
    };
    let backup = Some(format!("{} ({})", latest.id, latest.at.date()));
    let archive = format!("{location}::{}", latest.id);

    let mut sampler = SpreadSampler::new(
        opts.sample_files,
        opts.whole_max_files,
        opts.whole_max_bytes,
    );
    let mut damaged = 0u64;
    let shown = format!("borg list --json-lines {}::{}", set.location, latest.id);
    let mut cmd = borg_cmd(&program, creds, opts);
    cmd.args([
        "list",
        "--json-lines",
        "--bypass-lock",
        "--format",
        "{sha256}{size}{path}",
    ])
    .arg(&archive);
    let max = opts.sample_max_file_bytes;
    let listed = run::run_lines(cmd, &shown, opts.list_timeout, creds, &mut |line| {
        if let Some((path, size, sha256, healthy)) = parse::borg_item_file(line) {
            if !healthy {
                damaged += 1;
            }
            sampler.offer(Entry { path, size, sha256 }, size <= max && healthy);
        }
        Ok(())
    });
    if let Some(failure) = run_failure(listed, "borg list") {
        return Ok(Outcome::failed(METHOD, backup, failure));
    }
    if damaged > 0 {
        return Ok(Outcome::failed(
            METHOD,
            backup,
            format!(
                "borg marks {damaged} file(s) of the latest archive as damaged (missing chunks)"
            ),
        ));
    }
    let (entries, whole) = sampler.finish();
    if entries.is_empty() {
        return Ok(Outcome::failed(
            METHOD,
            backup,
            "the latest archive holds no file small enough to restore".into(),
        ));
    }

    let temp = temp_dir(opts)?;
    let mut cmd = borg_cmd(&program, creds, opts);
    cmd.current_dir(temp.path())
        .args(["extract", "--bypass-lock"])
        .arg(&archive);
    if !whole {
        // `pp:` takes each path as a path prefix, never as a pattern.
        for e in &entries {
            cmd.arg(format!("pp:{}", e.path));
        }
    }
    let shown = format!("borg extract {}::{}", set.location, latest.id);
    Ok(restore(Restore {
        cmd,
        shown: &shown,
        what: "borg extract",
        method: METHOD,
        backup,
        whole,
        temp,
        entries: &entries,
        creds,
        opts,
    }))
}

// dated folders ----------------------------------------------------------

/// A dated entry of a folder: when, name, path.
type Dated = (OffsetDateTime, String, PathBuf);

/// The dated entries of a folder, oldest first, and how many entries carry
/// no date.
fn dated_entries(dir: &Path) -> Result<(Vec<Dated>, usize), BackupError> {
    let read = std::fs::read_dir(dir).map_err(|_| BackupError::LocationNotFound {
        path: dir.display().to_string(),
    })?;
    let mut out = Vec::new();
    let mut undated = 0;
    for entry in read.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.')
            || name == "lost+found"
            || name.eq_ignore_ascii_case("System Volume Information")
        {
            continue;
        }
        let path = entry.path();
        let at = if let Some(t) = parse::date_in_name(&name) {
            Some(t.assume_utc())
        } else if parse::is_rsnapshot_name(&name) && path.is_dir() {
            std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .ok()
                .map(OffsetDateTime::from)
        } else {
            None
        };
        match at {
            Some(at) => out.push((at, name, path)),
            None => undated += 1,
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    Ok((out, undated))
}

const ENCRYPTED_EXTENSIONS: &[(&str, &str)] = &[
    (".gpg", "OpenPGP (gpg)"),
    (".pgp", "OpenPGP"),
    (".age", "age"),
    (".enc", "encrypted (.enc)"),
];

pub(crate) fn dated_inventory(
    set: &BackupSet,
    checked_at: OffsetDateTime,
) -> Result<BackupInventory, BackupError> {
    let dir = Path::new(&set.location);
    let (entries, undated) = dated_entries(dir)?;
    let mut notes = Vec::new();
    if undated > 0 {
        notes.push(format!(
            "{undated} entries without a date in their name were not counted"
        ));
    }
    let modes: Vec<Option<&str>> = entries
        .iter()
        .map(|(_, name, _)| {
            let lower = name.to_ascii_lowercase();
            ENCRYPTED_EXTENSIONS
                .iter()
                .find(|(ext, _)| lower.ends_with(ext))
                .map(|(_, mode)| *mode)
        })
        .collect();
    let encryption = match modes.first() {
        Some(Some(mode)) if modes.iter().all(|m| m.is_some()) => Encryption::Encrypted {
            mode: (*mode).into(),
        },
        _ => Encryption::Unknown,
    };
    Ok(BackupInventory {
        set_id: set.id.clone(),
        checked_at,
        source: "dated folder (names, or rsnapshot folders' modification times)".into(),
        tool_version: None,
        encryption,
        backups: entries
            .into_iter()
            .map(|(at, id, _)| BackupPoint { at, id, host: None })
            .collect(),
        notes,
    })
}

/// Walks a copy, at most `limit` files, offering each to the sampler.
fn walk(root: &Path, dir: &Path, sampler: &mut SpreadSampler, max: u64, budget: &mut u64) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut children: Vec<_> = read.flatten().collect();
    children.sort_by_key(|e| e.file_name());
    for entry in children {
        if *budget == 0 {
            return;
        }
        let Ok(ft) = entry.file_type() else { continue };
        let path = entry.path();
        if ft.is_dir() {
            walk(root, &path, sampler, max, budget);
        } else if ft.is_file() {
            *budget -= 1;
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            sampler.offer(
                Entry {
                    path: rel,
                    size,
                    sha256: None,
                },
                size <= max,
            );
        }
    }
}

/// `SHA256SUMS` (as `sha256sum` writes it) at the root of a copy.
fn sha256sums(root: &Path) -> Vec<(String, String)> {
    let Ok(text) = std::fs::read_to_string(root.join("SHA256SUMS")) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| {
            let (hash, name) = l.split_once(' ')?;
            let name = name.trim_start_matches([' ', '*']).trim_start_matches("./");
            (hash.len() == 64).then(|| (name.to_string(), hash.to_ascii_lowercase()))
        })
        .collect()
}

pub(crate) fn dated_restore(set: &BackupSet, opts: &Options) -> Result<Outcome, BackupError> {
    let dir = Path::new(&set.location);
    let (entries, _) = dated_entries(dir)?;
    let Some((at, name, path)) = entries.last().cloned() else {
        return Ok(Outcome::failed(
            "copy",
            None,
            "the folder holds no dated copy".into(),
        ));
    };
    let backup = Some(format!("{name} ({})", at.date()));
    if path.is_file() {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".gz") || lower.ends_with(".tgz") {
            const METHOD: &str = "whole archive decompressed, its gzip CRC-32 checked";
            let result = std::fs::File::open(&path)
                .map_err(|e| e.to_string())
                .and_then(|f| {
                    let mut d = flate2::read::MultiGzDecoder::new(std::io::BufReader::new(f));
                    std::io::copy(&mut d, &mut std::io::sink()).map_err(|e| e.to_string())
                });
            return Ok(match result {
                Ok(bytes) => Outcome {
                    backup,
                    scope: RestoreScope::Whole,
                    files: 1,
                    bytes,
                    failure: None,
                    method: METHOD.into(),
                    temp: None,
                },
                Err(e) => Outcome::failed(
                    METHOD,
                    backup,
                    format!("the archive does not decompress: {e}"),
                ),
            });
        }
        return Err(BackupError::Unsupported(format!(
            "Vigie cannot check this kind of archive ({name}): restore it by hand into a test folder and declare the test (6.3.1.d)"
        )));
    }
    const METHOD: &str = "files copied to a temporary folder, SHA-256 of each copy compared with the backup (and with its SHA256SUMS when present)";
    let mut sampler = SpreadSampler::new(
        opts.sample_files,
        opts.whole_max_files,
        opts.whole_max_bytes,
    );
    let mut budget = 1_000_000u64;
    walk(
        &path,
        &path,
        &mut sampler,
        opts.sample_max_file_bytes,
        &mut budget,
    );
    let (files, whole) = sampler.finish();
    if files.is_empty() {
        return Ok(Outcome::failed(
            METHOD,
            backup,
            "the latest copy holds no file".into(),
        ));
    }
    let sums = sha256sums(&path);
    let temp = temp_dir(opts)?;
    let mut outcome = Outcome {
        backup,
        scope: if whole {
            RestoreScope::Whole
        } else {
            RestoreScope::Sample
        },
        files: 0,
        bytes: 0,
        failure: None,
        method: METHOD.into(),
        temp: None,
    };
    let mut bytes = 0u64;
    for (n, f) in files.iter().enumerate() {
        let src = path.join(&f.path);
        let dst = temp.path().join(format!("{n}"));
        let checked = std::fs::copy(&src, &dst)
            .map_err(|e| {
                format!(
                    "file {} of {} cannot be copied: {}",
                    n + 1,
                    files.len(),
                    e.kind()
                )
            })
            .and_then(|_| {
                let a = sha256_file(&src).map_err(|e| e.to_string())?;
                let b = sha256_file(&dst).map_err(|e| e.to_string())?;
                if a != b {
                    return Err(format!(
                        "file {} of {}: the copy differs from the backup",
                        n + 1,
                        files.len()
                    ));
                }
                if let Some((_, expected)) = sums.iter().find(|(name, _)| *name == f.path) {
                    if *expected != a {
                        return Err(format!(
                            "file {} of {}: its SHA-256 differs from the copy's SHA256SUMS",
                            n + 1,
                            files.len()
                        ));
                    }
                }
                Ok(())
            });
        if let Err(e) = checked {
            outcome.failure = Some(e);
            break;
        }
        bytes += f.size;
    }
    if outcome.failure.is_none() {
        outcome.files = u32::try_from(files.len()).unwrap_or(u32::MAX);
        outcome.bytes = bytes;
    }
    outcome.temp = Some(temp);
    Ok(outcome)
}

// common -----------------------------------------------------------------

/// Makes every folder writable again (restored folders keep their modes,
/// some read-only), then removes the tree.
fn remove_tree(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    fn unlock(dir: &Path) {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        if let Ok(read) = std::fs::read_dir(dir) {
            for e in read.flatten() {
                if e.file_type().map(|t| t.is_dir()).unwrap_or(false) {
                    unlock(&e.path());
                }
            }
        }
    }
    #[cfg(unix)]
    unlock(path);
    std::fs::remove_dir_all(path)
}

pub(crate) fn finish(
    set: &BackupSet,
    at: OffsetDateTime,
    duration_ms: u64,
    outcome: Result<Outcome, BackupError>,
) -> Result<RestoreTestResult, BackupError> {
    let outcome = outcome?;
    let (cleaned_up, temp_dir) = match outcome.temp {
        Some(temp) => {
            let path = temp.keep();
            let removed = remove_tree(&path).is_ok();
            (removed, (!removed).then_some(path))
        }
        None => (true, None),
    };
    let error = outcome.failure.map(|e| {
        let e = e.replace(['\n', '\r'], " ");
        e.chars().take(MAX_RESTORE_ERROR_CHARS).collect::<String>()
    });
    Ok(RestoreTestResult {
        test: RestoreTest {
            set_id: set.id.clone(),
            at,
            duration_ms,
            backup: outcome.backup,
            scope: outcome.scope,
            files: outcome.files,
            bytes: outcome.bytes,
            ok: error.is_none(),
            error,
            method: outcome.method,
        },
        cleaned_up,
        temp_dir,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations() {
        assert_eq!(
            local_path("/media/disque/restic"),
            Some("/media/disque/restic")
        );
        assert_eq!(local_path("local:/srv/restic"), Some("/srv/restic"));
        assert_eq!(local_path("sftp:user@host:/srv"), None);
        assert_eq!(local_path("user@host:repo"), None);
        assert_eq!(local_path("ssh://user@host/./repo"), None);
        assert_eq!(
            restic_pattern("/d/ordonnance [2026]*.txt"),
            "/d/ordonnance \\[2026\\]\\*.txt"
        );
    }
}
