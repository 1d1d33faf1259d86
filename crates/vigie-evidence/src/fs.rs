//! Read-only file access for collectors: the live system, or an offline root
//! directory in which every path, symbolic links included, stays inside the root.

use std::io;
use std::path::{Component, Path, PathBuf};

/// Largest file a collector reads; configuration files are far smaller, and a
/// cap keeps a hostile root (a FIFO, a huge file) from stalling the audit.
const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;
/// Same limit as the kernel's (MAXSYMLINKS is 40).
const MAX_SYMLINK_HOPS: usize = 40;

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FsError {
    #[error("not found")]
    NotFound,
    #[error("permission denied")]
    PermissionDenied,
    #[error("{0}")]
    Other(String),
}

impl From<io::Error> for FsError {
    fn from(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::NotFound => FsError::NotFound,
            io::ErrorKind::PermissionDenied => FsError::PermissionDenied,
            _ => FsError::Other(e.to_string()),
        }
    }
}

/// What collectors read files through. Paths are absolute paths as they
/// appear on the audited system ("/etc/pam.d/login").
pub trait Fs {
    /// The whole file as text (invalid UTF-8 is replaced, never an error).
    fn read_to_string(&self, path: &str) -> Result<String, FsError>;
    /// The names in a directory, sorted bytewise (as `alphasort` in the C locale).
    fn read_dir(&self, path: &str) -> Result<Vec<String>, FsError>;
    /// Whether a regular file (after links) exists at this path.
    fn is_file(&self, path: &str) -> bool;
    /// At most `max` bytes from the start of a file (binary databases,
    /// signature headers, login records).
    fn read_bytes(&self, path: &str, max: u64) -> Result<Vec<u8>, FsError>;
    /// What a path is (after links), its size, mode and modification time.
    fn metadata(&self, path: &str) -> Result<FileMeta, FsError>;
    /// The target of a symbolic link as written (not followed); an error
    /// when the path is not a link.
    fn read_link(&self, path: &str) -> Result<String, FsError>;
    /// A stream over a regular file, for the few files too large to hold
    /// whole (apt's package indexes); the caller bounds what it reads. The
    /// default reads at most [`MAX_FILE_SIZE`] bytes at once.
    fn open(&self, path: &str) -> Result<Box<dyn io::Read + Send>, FsError> {
        Ok(Box::new(io::Cursor::new(
            self.read_bytes(path, MAX_FILE_SIZE)?,
        )))
    }
    /// Whether anything (file, directory, device) exists at this path.
    fn exists(&self, path: &str) -> bool {
        self.metadata(path).is_ok()
    }
    /// Whether a directory exists at this path.
    fn is_dir(&self, path: &str) -> bool {
        self.metadata(path)
            .map(|m| m.kind == FileKind::Dir)
            .unwrap_or(false)
    }
}

/// The kind of a path, after following links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    File,
    Dir,
    Other,
}

/// Metadata of a path, after following links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMeta {
    pub kind: FileKind,
    pub len: u64,
    /// Unix permission bits (0 where the platform has none).
    pub mode: u32,
    /// Owner uid (0 where the platform has none).
    pub uid: u32,
    /// Last modification, seconds since the Unix epoch.
    pub modified: Option<i64>,
}

fn meta_of(path: &Path) -> Result<FileMeta, FsError> {
    let m = std::fs::metadata(path)?;
    let kind = if m.is_file() {
        FileKind::File
    } else if m.is_dir() {
        FileKind::Dir
    } else {
        FileKind::Other
    };
    #[cfg(unix)]
    let (mode, uid) = {
        use std::os::unix::fs::MetadataExt;
        (m.mode() & 0o7777, m.uid())
    };
    #[cfg(not(unix))]
    let (mode, uid) = (0, 0);
    let modified = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64);
    Ok(FileMeta {
        kind,
        len: m.len(),
        mode,
        uid,
        modified,
    })
}

fn read_prefix(path: &Path, max: u64) -> Result<Vec<u8>, FsError> {
    use std::io::Read;
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(FsError::Other("not a regular file".into()));
    }
    let mut out = Vec::new();
    std::fs::File::open(path)?
        .take(max.min(MAX_FILE_SIZE))
        .read_to_end(&mut out)?;
    Ok(out)
}

fn open_file(path: &Path) -> Result<Box<dyn io::Read + Send>, FsError> {
    // A FIFO would block at open and a device never end: regular files only.
    if !std::fs::metadata(path)?.is_file() {
        return Err(FsError::Other("not a regular file".into()));
    }
    Ok(Box::new(std::fs::File::open(path)?))
}

fn read_capped(path: &Path) -> Result<String, FsError> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(FsError::Other("not a regular file".into()));
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(FsError::Other(format!("larger than {MAX_FILE_SIZE} bytes")));
    }
    let bytes = std::fs::read(path)?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

fn list(path: &Path) -> Result<Vec<String>, FsError> {
    let mut names: Vec<String> = std::fs::read_dir(path)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names)
}

/// The running system's own files.
#[derive(Debug, Default, Clone, Copy)]
pub struct HostFs;

impl Fs for HostFs {
    fn read_to_string(&self, path: &str) -> Result<String, FsError> {
        read_capped(Path::new(path))
    }
    fn read_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        list(Path::new(path))
    }
    fn is_file(&self, path: &str) -> bool {
        Path::new(path).is_file()
    }
    fn read_bytes(&self, path: &str, max: u64) -> Result<Vec<u8>, FsError> {
        read_prefix(Path::new(path), max)
    }
    fn open(&self, path: &str) -> Result<Box<dyn io::Read + Send>, FsError> {
        open_file(Path::new(path))
    }
    fn metadata(&self, path: &str) -> Result<FileMeta, FsError> {
        meta_of(Path::new(path))
    }
    fn read_link(&self, path: &str) -> Result<String, FsError> {
        Ok(std::fs::read_link(path)?.to_string_lossy().into_owned())
    }
}

/// Reads each text file once per collection: several areas read the same
/// settings (`/etc/passwd`, `login.defs`, `os-release`, display-manager and
/// unit files), in parallel. Everything else goes straight through.
pub struct CachingFs<'a> {
    inner: &'a (dyn Fs + Sync),
    texts: std::sync::Mutex<std::collections::HashMap<String, Result<String, FsError>>>,
}

impl<'a> CachingFs<'a> {
    pub fn new(inner: &'a (dyn Fs + Sync)) -> Self {
        CachingFs {
            inner,
            texts: Default::default(),
        }
    }
}

impl Fs for CachingFs<'_> {
    fn read_to_string(&self, path: &str) -> Result<String, FsError> {
        if let Some(hit) = self.texts.lock().ok().and_then(|t| t.get(path).cloned()) {
            return hit;
        }
        // Read outside the lock: areas run in parallel.
        let read = self.inner.read_to_string(path);
        if let Ok(mut texts) = self.texts.lock() {
            texts.insert(path.to_string(), read.clone());
        }
        read
    }
    fn read_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        self.inner.read_dir(path)
    }
    fn is_file(&self, path: &str) -> bool {
        self.inner.is_file(path)
    }
    fn read_bytes(&self, path: &str, max: u64) -> Result<Vec<u8>, FsError> {
        self.inner.read_bytes(path, max)
    }
    fn metadata(&self, path: &str) -> Result<FileMeta, FsError> {
        self.inner.metadata(path)
    }
    fn read_link(&self, path: &str) -> Result<String, FsError> {
        self.inner.read_link(path)
    }
    fn open(&self, path: &str) -> Result<Box<dyn io::Read + Send>, FsError> {
        self.inner.open(path)
    }
    fn exists(&self, path: &str) -> bool {
        self.inner.exists(path)
    }
    fn is_dir(&self, path: &str) -> bool {
        self.inner.is_dir(path)
    }
}

/// An offline root directory (a mounted disk, a backup, a test tree).
/// Every path is resolved as if the root were `/`: an absolute symbolic link
/// restarts at the root and `..` stops at it, as in a chroot.
#[derive(Debug, Clone)]
pub struct RootFs {
    root: PathBuf,
}

impl RootFs {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        RootFs { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The host path that `path` designates inside the root, all links resolved.
    pub fn resolve(&self, path: &str) -> Result<PathBuf, FsError> {
        let mut resolved: Vec<String> = Vec::new();
        let mut pending: Vec<String> = components(Path::new(path));
        pending.reverse();
        let mut hops = 0;
        while let Some(name) = pending.pop() {
            match name.as_str() {
                "" | "." => continue,
                ".." => {
                    resolved.pop();
                    continue;
                }
                _ => {}
            }
            let mut host = self.root.clone();
            host.extend(resolved.iter());
            host.push(&name);
            match std::fs::symlink_metadata(&host) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    hops += 1;
                    if hops > MAX_SYMLINK_HOPS {
                        return Err(FsError::Other("too many levels of symbolic links".into()));
                    }
                    let target = std::fs::read_link(&host)?;
                    if target.has_root() {
                        resolved.clear();
                    }
                    let mut more = components(&target);
                    more.reverse();
                    pending.extend(more);
                }
                // A missing component: keep it, the final read reports "not found".
                _ => resolved.push(name),
            }
        }
        let mut host = self.root.clone();
        host.extend(resolved.iter());
        Ok(host)
    }
}

fn components(path: &Path) -> Vec<String> {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".into()),
            _ => None,
        })
        .collect()
}

impl Fs for RootFs {
    fn read_to_string(&self, path: &str) -> Result<String, FsError> {
        read_capped(&self.resolve(path)?)
    }
    fn read_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        list(&self.resolve(path)?)
    }
    fn is_file(&self, path: &str) -> bool {
        self.resolve(path).map(|p| p.is_file()).unwrap_or(false)
    }
    fn read_bytes(&self, path: &str, max: u64) -> Result<Vec<u8>, FsError> {
        read_prefix(&self.resolve(path)?, max)
    }
    fn open(&self, path: &str) -> Result<Box<dyn io::Read + Send>, FsError> {
        open_file(&self.resolve(path)?)
    }
    fn metadata(&self, path: &str) -> Result<FileMeta, FsError> {
        meta_of(&self.resolve(path)?)
    }
    fn read_link(&self, path: &str) -> Result<String, FsError> {
        // Resolve the directory inside the root, not the link itself.
        let p = Path::new(path);
        let name = p.file_name().ok_or(FsError::NotFound)?;
        let dir = p
            .parent()
            .map(|d| d.to_string_lossy().into_owned())
            .unwrap_or_else(|| "/".into());
        let host = self.resolve(&dir)?.join(name);
        Ok(std::fs::read_link(host)?.to_string_lossy().into_owned())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_collection_reads_each_text_file_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("etc")).unwrap();
        std::fs::write(dir.path().join("etc/passwd"), "first\n").unwrap();
        let root = RootFs::new(dir.path());
        let cached = CachingFs::new(&root);
        assert_eq!(cached.read_to_string("/etc/passwd").unwrap(), "first\n");
        std::fs::write(dir.path().join("etc/passwd"), "second\n").unwrap();
        assert_eq!(cached.read_to_string("/etc/passwd").unwrap(), "first\n");
        assert_eq!(cached.read_to_string("/etc/group"), Err(FsError::NotFound));
    }

    #[test]
    fn links_never_leave_the_root() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "outside").unwrap();
        let root = tempfile::tempdir().unwrap();
        let etc = root.path().join("etc");
        std::fs::create_dir_all(&etc).unwrap();
        std::fs::write(etc.join("real"), "inside").unwrap();
        // An absolute link resolves inside the root.
        symlink("/etc/real", etc.join("abs")).unwrap();
        // A relative link climbing above the root stops at it.
        symlink("../../../../../../etc/real", etc.join("climb")).unwrap();
        // A link to the host path of a file outside finds nothing inside.
        symlink(outside.path().join("secret"), etc.join("escape")).unwrap();
        // A chain of links, and a loop.
        symlink("abs", etc.join("chain")).unwrap();
        symlink("loop2", etc.join("loop1")).unwrap();
        symlink("loop1", etc.join("loop2")).unwrap();

        let fs = RootFs::new(root.path());
        assert_eq!(fs.read_to_string("/etc/real").unwrap(), "inside");
        assert_eq!(fs.read_to_string("/etc/abs").unwrap(), "inside");
        assert_eq!(fs.read_to_string("/etc/climb").unwrap(), "inside");
        assert_eq!(fs.read_to_string("/etc/chain").unwrap(), "inside");
        assert_eq!(fs.read_to_string("/etc/escape"), Err(FsError::NotFound));
        assert_eq!(fs.read_to_string("/../../etc/real").unwrap(), "inside");
        assert!(matches!(
            fs.read_to_string("/etc/loop1"),
            Err(FsError::Other(_))
        ));
        assert_eq!(fs.read_to_string("/etc/none"), Err(FsError::NotFound));
        assert_eq!(fs.read_dir("/etc").unwrap().len(), 7);
    }

    #[test]
    fn a_linked_directory_resolves_inside() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("usr/etc")).unwrap();
        std::fs::write(root.path().join("usr/etc/x.conf"), "v").unwrap();
        symlink("/usr/etc", root.path().join("etc")).unwrap();
        let fs = RootFs::new(root.path());
        assert_eq!(fs.read_to_string("/etc/x.conf").unwrap(), "v");
        assert!(fs.is_file("/etc/x.conf"));
    }
}
