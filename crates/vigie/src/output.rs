//! Writing results: to the terminal, or atomically to a file.

use anyhow::{bail, Context as _, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes to the terminal (colour only there) or to a file (plain text).
pub fn emit(text: &str, output: Option<&Path>) -> Result<()> {
    match output {
        Some(path) => write_file(path, &anstream::adapter::strip_str(text).to_string()),
        None => {
            let mut out = anstream::stdout();
            out.write_all(text.as_bytes())?;
            Ok(())
        }
    }
}

/// Writes through a temporary file renamed into place, so an interrupted
/// write never leaves a truncated report where a good one was. Reports,
/// evidence files and exports name accounts, devices and the practice's
/// answers: on Unix they are created readable by their owner only (0600).
pub fn write_file(path: &Path, content: &str) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        bail!("{}: directory does not exist", dir.display());
    }
    let tmp = dir.join(format!(
        ".{}.vigie-tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("out")
    ));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(&tmp)
        .and_then(|mut f| f.write_all(content.as_bytes()))
        .with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(())
}
