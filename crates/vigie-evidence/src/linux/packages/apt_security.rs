//! Security updates waiting on Debian and Ubuntu, counted from files alone:
//! no command, the same on a live system and an offline root, in a few
//! milliseconds where `apt-get -s dist-upgrade` takes seconds.
//!
//! - **Installed**: `/var/lib/dpkg/status`, the stanzas whose state (third
//!   word of `Status`, dpkg(1)) is `installed`, with their `Architecture`.
//! - **Security suites**: the `*_InRelease` (or `*_Release`) files of
//!   `/var/lib/apt/lists` whose `Suite` or `Codename` ends in `-security`
//!   (Debian 11 and later: `bookworm-security`; Ubuntu: `noble-security`;
//!   Ubuntu Pro: `noble-apps-security`), or whose `Label`/`Origin` is
//!   `Debian-Security` (Debian 10 and older: `Suite: oldoldstable`). A
//!   repository whose address merely contains "security" is not one.
//! - **Their package indexes**: apt names each list file after its address
//!   (apt-pkg `URItoFileName`: scheme and credentials dropped, `_` quoted as
//!   `%5f`, `/` turned into `_`), so a suite's `dists/<suite>/InRelease` and
//!   its `dists/<suite>/<component>/binary-<arch>/Packages` share the prefix
//!   `<host>_<path>_dists_<suite>_`; each `*_Packages` file belongs to the
//!   longest such prefix. Indexes are stored plain (Debian's and Ubuntu's
//!   default) or, with `Acquire::GzipIndexes` (Docker images), compressed as
//!   apt fetched or recompressed them: `.lz4` and `.gz` are read here;
//!   `.xz`, `.zst`, `.bz2` and `.lzma` are not (the count is then unknown).
//! - **Pending**: an installed package for which a security index lists the
//!   same name and architecture (`all` standing for the native architecture,
//!   as in apt's cache) with a newer version in dpkg's order
//!   ([`super::debversion`]). Each installed architecture of a multi-arch
//!   package counts once, as `apt-get` lists them.
//!
//! Where this differs from `apt-get -s dist-upgrade` (kept behind
//! `--thorough`): pins and holds are not applied (a held package with a fix
//! waiting counts: the fix is not installed), and packages an upgrade would
//! newly install (a new kernel ABI) are not counted (the metapackage that
//! pulls them is).

use super::apt::{StatusStanza, LISTS_DIR};
use super::{debversion, push_name, PendingUpdates};
use crate::fs::{Fs, FsError};
use crate::model::Collected;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

/// How `dpkg status ⟷ lists` appears as a source in evidence.
pub const SOURCE: &str = "/var/lib/dpkg/status ⟷ /var/lib/apt/lists";

/// Bytes of a Release file read for its header fields (they come first,
/// before the checksum lists).
const RELEASE_HEAD: u64 = 16 * 1024;
/// A decompressed index larger than this is not a real one.
const MAX_INDEX: u64 = 512 * 1024 * 1024;

/// Compressions apt may store indexes with, read here or not.
const READ: &[&str] = &[".lz4", ".gz"];
const NOT_READ: &[&str] = &[".xz", ".zst", ".bz2", ".lzma"];

/// A security suite found among the package lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecuritySuite {
    /// The InRelease or Release file that describes it.
    pub release: String,
    /// When apt last fetched it (its modification time, seconds since the
    /// Unix epoch): the age of this suite's lists, whatever the others' age.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<i64>,
    /// The field that makes it a security suite, as written ("Suite: bookworm-security").
    pub matched: String,
    /// Its package indexes: the number of packages each lists, or why it
    /// could not be read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Collected<u32>>,
}

/// The fields of a Release file that name its archive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReleaseFields {
    pub origin: Option<String>,
    pub label: Option<String>,
    pub suite: Option<String>,
    pub codename: Option<String>,
}

/// The header paragraph of a Release or InRelease file (deb822; an
/// InRelease file is the same text, clear-signed: its armour header lines
/// end at the first blank line).
pub fn parse_release(text: &str) -> ReleaseFields {
    let mut fields = ReleaseFields::default();
    let mut lines = text.lines().peekable();
    if lines
        .peek()
        .is_some_and(|l| l.starts_with("-----BEGIN PGP SIGNED MESSAGE"))
    {
        for l in lines.by_ref() {
            if l.trim().is_empty() {
                break;
            }
        }
    }
    for line in lines {
        if line.trim().is_empty() || line.starts_with("-----BEGIN PGP SIGNATURE") {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = Some(value.trim().to_string());
        match key.trim().to_ascii_lowercase().as_str() {
            "origin" => fields.origin = value,
            "label" => fields.label = value,
            "suite" => fields.suite = value,
            "codename" => fields.codename = value,
            _ => {}
        }
    }
    fields
}

/// Why a Release file is a security suite's ("Suite: noble-security"), if it is.
pub fn security_field(r: &ReleaseFields) -> Option<String> {
    let ends = |v: &Option<String>| {
        v.as_deref()
            .is_some_and(|v| v.to_ascii_lowercase().ends_with("-security"))
    };
    let is_debian_security = |v: &Option<String>| {
        v.as_deref()
            .is_some_and(|v| v.eq_ignore_ascii_case("Debian-Security"))
    };
    let show = |key: &str, v: &Option<String>| format!("{key}: {}", v.as_deref().unwrap_or(""));
    if ends(&r.suite) {
        Some(show("Suite", &r.suite))
    } else if ends(&r.codename) {
        Some(show("Codename", &r.codename))
    } else if is_debian_security(&r.label) {
        Some(show("Label", &r.label))
    } else if is_debian_security(&r.origin) {
        Some(show("Origin", &r.origin))
    } else {
        None
    }
}

/// A list file's name without its compression suffix, and the suffix.
fn split_compression(name: &str) -> (&str, &str) {
    for ext in READ.iter().chain(NOT_READ) {
        if let Some(base) = name.strip_suffix(ext) {
            return (base, ext);
        }
    }
    (name, "")
}

/// The prefix a Release or InRelease list file shares with its suite's
/// indexes ("host_debian_dists_bookworm-security_").
fn release_prefix(name: &str) -> Option<&str> {
    let stem = name
        .strip_suffix("InRelease")
        .or_else(|| name.strip_suffix("Release"))?;
    stem.ends_with('_').then_some(stem)
}

/// The security suites of the package lists and the index files of each,
/// from the names in `/var/lib/apt/lists`. `Err` when no security suite is there.
fn security_suites(
    fs: &dyn Fs,
    names: &[String],
) -> Result<Vec<(SecuritySuite, Vec<String>)>, String> {
    // One Release file per prefix, InRelease preferred (apt reads it first).
    let mut releases: Vec<(&str, &str)> = Vec::new();
    for name in names {
        if let Some(prefix) = release_prefix(name) {
            match releases.iter_mut().find(|(p, _)| *p == prefix) {
                Some(r) if name.ends_with("InRelease") => r.1 = name,
                Some(_) => {}
                None => releases.push((prefix, name)),
            }
        }
    }
    if releases.is_empty() {
        return Err(
            "no Release file in the package lists (apt update never run, or lists removed)".into(),
        );
    }
    // Index files by the base name apt gave them; when several
    // compressions are there, a readable one wins.
    let mut indexes: Vec<(&str, &str)> = Vec::new();
    for name in names {
        let (base, ext) = split_compression(name);
        if !base.ends_with("_Packages") {
            continue;
        }
        let rank = |ext: &str| {
            std::iter::once("")
                .chain(READ.iter().copied())
                .position(|e| e == ext)
                .unwrap_or(usize::MAX)
        };
        match indexes.iter_mut().find(|(b, _)| *b == base) {
            Some(i) if rank(ext) < rank(split_compression(i.1).1) => i.1 = name,
            Some(_) => {}
            None => indexes.push((base, name)),
        }
    }
    let mut suites = Vec::new();
    let mut seen = Vec::new();
    let mut unread: Option<String> = None;
    for (prefix, release) in &releases {
        let path = format!("{LISTS_DIR}/{release}");
        let head = match fs.read_bytes(&path, RELEASE_HEAD) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => {
                // Unread, it might have been a security suite.
                unread.get_or_insert(format!("{e}: {path}"));
                continue;
            }
        };
        let fields = parse_release(&head);
        seen.push(
            fields
                .suite
                .clone()
                .or(fields.codename.clone())
                .unwrap_or_else(|| release.to_string()),
        );
        let Some(matched) = security_field(&fields) else {
            continue;
        };
        // The longest matching prefix owns an index: "dists_buster_" must
        // not take "dists_buster_updates_..." when both suites are there.
        let files: Vec<String> = indexes
            .iter()
            .filter(|(_, name)| {
                name.starts_with(prefix)
                    && !releases
                        .iter()
                        .any(|(p, _)| p.len() > prefix.len() && name.starts_with(p))
            })
            .map(|(_, name)| format!("{LISTS_DIR}/{name}"))
            .collect();
        suites.push((
            SecuritySuite {
                modified: fs.metadata(&path).ok().and_then(|m| m.modified),
                release: path,
                matched,
                indexes: Vec::new(),
            },
            files,
        ));
    }
    if suites.is_empty() {
        return Err(match unread {
            Some(e) => e,
            None => format!(
                "no security suite among the package lists ({})",
                seen.join(", ")
            ),
        });
    }
    Ok(suites)
}

/// A stream over an index file, decompressed.
fn open_index(fs: &dyn Fs, path: &str) -> Result<Box<dyn BufRead + Send>, String> {
    let (_, ext) = split_compression(path);
    if NOT_READ.contains(&ext) {
        return Err(format!(
            "compressed as {}, which Vigie does not read (vigie audit --thorough asks apt-get instead)",
            ext.trim_start_matches('.')
        ));
    }
    let file = fs.open(path).map_err(|e| e.to_string())?;
    let raw = BufReader::with_capacity(128 * 1024, file);
    let inner: Box<dyn Read + Send> = match ext {
        ".lz4" => Box::new(lz4_flex::frame::FrameDecoder::new(raw)),
        ".gz" => Box::new(flate2::bufread::MultiGzDecoder::new(raw)),
        _ => Box::new(raw),
    };
    Ok(Box::new(BufReader::with_capacity(
        128 * 1024,
        inner.take(MAX_INDEX),
    )))
}

/// The value of `key` on a field line, when the line is that field
/// (deb822 field names are case-insensitive).
fn field<'a>(line: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let n = key.len();
    if line.len() > n && line[n] == b':' && line[..n].eq_ignore_ascii_case(key) {
        Some(line[n + 1..].trim_ascii())
    } else {
        None
    }
}

/// Reads a Packages index stanza by stanza, calling `each(name,
/// architecture, version)`; returns the number of stanzas.
pub fn scan_packages(
    reader: &mut dyn BufRead,
    each: &mut dyn FnMut(&str, &str, &str),
) -> std::io::Result<u32> {
    let mut line = Vec::with_capacity(256);
    let (mut name, mut arch, mut version) = (Vec::new(), Vec::new(), Vec::new());
    let mut in_stanza = false;
    let mut count = 0u32;
    let mut total = 0u64;
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        total += n as u64;
        let l = line.trim_ascii();
        if n == 0 || l.is_empty() {
            if in_stanza {
                count += 1;
                if let (Ok(n), Ok(a), Ok(v)) = (
                    std::str::from_utf8(&name),
                    std::str::from_utf8(&arch),
                    std::str::from_utf8(&version),
                ) {
                    if !n.is_empty() && !v.is_empty() {
                        each(n, a, v);
                    }
                }
                name.clear();
                arch.clear();
                version.clear();
                in_stanza = false;
            }
            if n == 0 {
                break;
            }
            continue;
        }
        in_stanza = true;
        // Continuation lines (descriptions) start with a blank.
        let target = match line[0] {
            b'P' | b'p' => field(l, b"Package").map(|v| (&mut name, v)),
            b'A' | b'a' => field(l, b"Architecture").map(|v| (&mut arch, v)),
            b'V' | b'v' => field(l, b"Version").map(|v| (&mut version, v)),
            _ => None,
        };
        if let Some((slot, value)) = target {
            slot.clear();
            slot.extend_from_slice(value);
        }
    }
    if total >= MAX_INDEX {
        return Err(std::io::Error::other(format!(
            "larger than {MAX_INDEX} bytes once decompressed"
        )));
    }
    Ok(count)
}

/// An installed package instance.
struct Installed<'a> {
    name: &'a str,
    /// Architecture, `all` mapped to the native one.
    arch: &'a str,
    version: &'a str,
}

/// Counts the security updates waiting from dpkg's status (its stanzas)
/// and the security suites' indexes. The suites found are returned for
/// evidence, with each index read or why it could not be.
pub fn pending(
    fs: &dyn Fs,
    status: &[StatusStanza<'_>],
) -> (Collected<PendingUpdates>, Vec<SecuritySuite>) {
    let names = match fs.read_dir(LISTS_DIR) {
        Ok(n) => n,
        Err(FsError::NotFound) => {
            return (
                Collected::Missing {
                    source: LISTS_DIR.to_string(),
                },
                Vec::new(),
            )
        }
        Err(e) => {
            return (
                Collected::Unreadable {
                    source: LISTS_DIR.to_string(),
                    error: e.to_string(),
                },
                Vec::new(),
            )
        }
    };
    let suites = match security_suites(fs, &names) {
        Ok(s) => s,
        Err(error) => {
            return (
                Collected::Unreadable {
                    source: LISTS_DIR.to_string(),
                    error,
                },
                Vec::new(),
            )
        }
    };
    let installed: Vec<&StatusStanza> = status.iter().filter(|s| s.installed()).collect();
    // dpkg's own architecture is the native one (`dpkg --print-architecture`).
    let native = installed
        .iter()
        .find(|s| s.name == "dpkg")
        .and_then(|s| s.arch)
        .filter(|a| *a != "all");
    let instances: Vec<Installed> = installed
        .iter()
        .filter_map(|s| {
            let arch = match (s.arch, native) {
                (Some("all") | None, Some(n)) => n,
                (Some(a), _) => a,
                (None, None) => "all",
            };
            Some(Installed {
                name: s.name,
                arch,
                version: s.version?,
            })
        })
        .collect();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::with_capacity(instances.len());
    for (i, p) in instances.iter().enumerate() {
        by_name.entry(p.name).or_default().push(i);
    }
    let mut waiting = vec![false; instances.len()];
    let mut out_suites = Vec::with_capacity(suites.len());
    let mut first_error: Option<(String, String)> = None;
    let mut any_index = false;
    for (mut suite, files) in suites {
        for path in files {
            any_index = true;
            let read = open_index(fs, &path).and_then(|mut r| {
                scan_packages(&mut *r, &mut |name, arch, version| {
                    let Some(ids) = by_name.get(name) else {
                        return;
                    };
                    let arch = match (arch, native) {
                        ("all" | "", Some(n)) => n,
                        (a, _) => a,
                    };
                    for &i in ids {
                        let p = &instances[i];
                        if p.arch == arch
                            && debversion::compare(version, p.version) == Ordering::Greater
                        {
                            waiting[i] = true;
                        }
                    }
                })
                .map_err(|e| e.to_string())
            });
            suite.indexes.push(match read {
                Ok(count) => Collected::Ok {
                    source: path,
                    value: count,
                },
                Err(error) => {
                    first_error.get_or_insert((path.clone(), error.clone()));
                    Collected::Unreadable {
                        source: path,
                        error,
                    }
                }
            });
        }
        out_suites.push(suite);
    }
    let mut result = PendingUpdates::default();
    for (i, p) in instances.iter().enumerate() {
        if waiting[i] {
            result.security += 1;
            match native {
                Some(n) if n != p.arch => {
                    push_name(&mut result.packages, &format!("{}:{}", p.name, p.arch))
                }
                _ => push_name(&mut result.packages, p.name),
            }
        }
    }
    let collected = match first_error {
        // Some index unread: a count above zero still stands (those fixes
        // are waiting whatever the others say), zero proves nothing.
        Some((source, error)) if result.security == 0 => Collected::Unreadable { source, error },
        _ if !any_index => Collected::Unreadable {
            source: LISTS_DIR.to_string(),
            error: "the security suites have no package index in the lists".into(),
        },
        _ => Collected::Ok {
            source: SOURCE.to_string(),
            value: result,
        },
    };
    (collected, out_suites)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::RootFs;
    use std::io::Write;

    /// Head of Debian 12's security InRelease (checksums cut).
    pub const DEBIAN_SECURITY: &str = "-----BEGIN PGP SIGNED MESSAGE-----
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

    const DEBIAN_MAIN: &str = "-----BEGIN PGP SIGNED MESSAGE-----
Hash: SHA256

Origin: Debian
Label: Debian
Suite: oldstable
Version: 12.15
Codename: bookworm
Changelogs: https://metadata.ftp-master.debian.org/changelogs/@CHANGEPATH@_changelog
Date: Sat, 14 Nov 2026 09:45:04 UTC
Description: Debian 12.15 Released 14 November 2026
MD5Sum:
 0ed6d4c8891eb86358b94bb35d9e4da4  1484322 contrib/Contents-all
";

    /// Ubuntu 24.04's security pocket: the codename has no suffix, the suite does.
    const UBUNTU_SECURITY: &str = "-----BEGIN PGP SIGNED MESSAGE-----
Hash: SHA512

Origin: Ubuntu
Label: Ubuntu
Suite: noble-security
Version: 24.04
Codename: noble
Date: Thu, 26 Nov 2026 10:12:03 UTC
Architectures: amd64 arm64 armhf i386 ppc64el riscv64 s390x
Components: main restricted universe multiverse
Description: Ubuntu Noble 24.04
MD5Sum:
";

    const UBUNTU_UPDATES: &str =
        "Origin: Ubuntu\nLabel: Ubuntu\nSuite: noble-updates\nVersion: 24.04\nCodename: noble\n";

    /// Debian 10: the security suite was `buster/updates`, named by its label only.
    const DEBIAN_10_SECURITY: &str = "Origin: Debian\nLabel: Debian-Security\nSuite: oldoldstable\nVersion: 10\nCodename: buster\nDate: Sat, 10 Feb 2024 08:00:00 UTC\nMD5Sum:\n";

    /// A vendor whose address says "security" but whose suite is not one.
    const VENDOR: &str = "Origin: Security Tools Inc\nLabel: security-tools\nSuite: stable\nCodename: stable\nArchitectures: amd64\nComponents: main\n";

    #[test]
    fn release_headers_clear_signed_or_not() {
        let r = parse_release(DEBIAN_SECURITY);
        assert_eq!(r.origin.as_deref(), Some("Debian"));
        assert_eq!(r.label.as_deref(), Some("Debian-Security"));
        assert_eq!(r.suite.as_deref(), Some("oldstable-security"));
        assert_eq!(r.codename.as_deref(), Some("bookworm-security"));
        let r = parse_release(UBUNTU_UPDATES);
        assert_eq!(r.suite.as_deref(), Some("noble-updates"));
        assert_eq!(parse_release(""), ReleaseFields::default());
    }

    #[test]
    fn security_suites_by_their_release_fields() {
        let field = |t: &str| security_field(&parse_release(t));
        assert_eq!(
            field(DEBIAN_SECURITY).as_deref(),
            Some("Suite: oldstable-security")
        );
        assert_eq!(
            field(UBUNTU_SECURITY).as_deref(),
            Some("Suite: noble-security")
        );
        assert_eq!(
            field("Origin: UbuntuESMApps\nSuite: noble-apps-security\nCodename: noble\n")
                .as_deref(),
            Some("Suite: noble-apps-security")
        );
        assert_eq!(
            field(DEBIAN_10_SECURITY).as_deref(),
            Some("Label: Debian-Security")
        );
        // Codename alone, as some mirrors rewrite the suite.
        assert_eq!(
            field("Origin: Debian\nSuite: stable\nCodename: trixie-security\n").as_deref(),
            Some("Codename: trixie-security")
        );
        assert_eq!(field(DEBIAN_MAIN), None);
        assert_eq!(field(UBUNTU_UPDATES), None);
        assert_eq!(field(VENDOR), None);
    }

    fn lists(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let lists = dir.path().join("var/lib/apt/lists");
        std::fs::create_dir_all(lists.join("partial")).unwrap();
        for (name, content) in files {
            std::fs::write(lists.join(name), content).unwrap();
        }
        dir
    }

    fn suites_of(dir: &tempfile::TempDir) -> Result<Vec<(String, Vec<String>)>, String> {
        let fs = RootFs::new(dir.path());
        let names = fs.read_dir(LISTS_DIR).unwrap();
        security_suites(&fs, &names).map(|v| {
            v.into_iter()
                .map(|(s, files)| {
                    (
                        s.matched,
                        files
                            .iter()
                            .map(|f| f.trim_start_matches("/var/lib/apt/lists/").to_string())
                            .collect(),
                    )
                })
                .collect()
        })
    }

    #[test]
    fn index_files_go_to_the_suite_of_their_prefix() {
        let dir = lists(&[
            (
                "deb.debian.org_debian-security_dists_bookworm-security_InRelease",
                DEBIAN_SECURITY.as_bytes(),
            ),
            (
                "deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages.lz4",
                b"",
            ),
            (
                "deb.debian.org_debian-security_dists_bookworm-security_main_binary-i386_Packages",
                b"",
            ),
            (
                "deb.debian.org_debian-security_dists_bookworm-security_main_source_Sources",
                b"",
            ),
            (
                "deb.debian.org_debian-security_dists_bookworm-security_main_i18n_Translation-en",
                b"",
            ),
            ("deb.debian.org_debian_dists_bookworm_InRelease", DEBIAN_MAIN.as_bytes()),
            (
                "deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages",
                b"",
            ),
            // "security" in the address only.
            (
                "packages.security-tools.example_apt_dists_stable_InRelease",
                VENDOR.as_bytes(),
            ),
            (
                "packages.security-tools.example_apt_dists_stable_main_binary-amd64_Packages",
                b"",
            ),
            // Debian 10: "buster" would be a prefix of "buster_updates".
            (
                "security.debian.org_debian-security_dists_buster_updates_Release",
                DEBIAN_10_SECURITY.as_bytes(),
            ),
            (
                "security.debian.org_debian-security_dists_buster_updates_main_binary-amd64_Packages",
                b"",
            ),
            (
                "security.debian.org_debian-security_dists_buster_Release",
                DEBIAN_MAIN.as_bytes(),
            ),
            ("lock", b""),
        ]);
        let suites = suites_of(&dir).unwrap();
        assert_eq!(
            suites,
            vec![
                (
                    "Suite: oldstable-security".to_string(),
                    vec![
                        "deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages.lz4".to_string(),
                        "deb.debian.org_debian-security_dists_bookworm-security_main_binary-i386_Packages".to_string(),
                    ]
                ),
                (
                    "Label: Debian-Security".to_string(),
                    vec!["security.debian.org_debian-security_dists_buster_updates_main_binary-amd64_Packages".to_string()]
                ),
            ]
        );
    }

    #[test]
    fn ubuntu_pockets_and_a_readable_compression_preferred() {
        let dir = lists(&[
            (
                "archive.ubuntu.com_ubuntu_dists_noble-updates_InRelease",
                UBUNTU_UPDATES.as_bytes(),
            ),
            (
                "archive.ubuntu.com_ubuntu_dists_noble-updates_main_binary-amd64_Packages",
                b"",
            ),
            (
                "security.ubuntu.com_ubuntu_dists_noble-security_InRelease",
                UBUNTU_SECURITY.as_bytes(),
            ),
            (
                "security.ubuntu.com_ubuntu_dists_noble-security_main_binary-amd64_Packages.gz",
                b"",
            ),
            (
                "security.ubuntu.com_ubuntu_dists_noble-security_main_binary-amd64_Packages.xz",
                b"",
            ),
            (
                "security.ubuntu.com_ubuntu_dists_noble-security_universe_binary-amd64_Packages",
                b"",
            ),
        ]);
        assert_eq!(
            suites_of(&dir).unwrap(),
            vec![(
                "Suite: noble-security".to_string(),
                vec![
                    "security.ubuntu.com_ubuntu_dists_noble-security_main_binary-amd64_Packages.gz".to_string(),
                    "security.ubuntu.com_ubuntu_dists_noble-security_universe_binary-amd64_Packages".to_string(),
                ]
            )]
        );
    }

    #[test]
    fn no_security_suite_or_no_lists_is_an_error() {
        let dir = lists(&[(
            "packages.security-tools.example_apt_dists_stable_InRelease",
            VENDOR.as_bytes(),
        )]);
        let e = suites_of(&dir).unwrap_err();
        assert!(
            e.contains("no security suite") && e.contains("stable"),
            "{e}"
        );
        let e = suites_of(&lists(&[("lock", b"")])).unwrap_err();
        assert!(e.contains("no Release file"), "{e}");
    }

    #[test]
    fn an_unreadable_release_file_is_not_taken_for_no_security_suite() {
        use std::os::unix::fs::PermissionsExt;
        let dir = lists(&[(
            "deb.debian.org_debian-security_dists_bookworm-security_InRelease",
            DEBIAN_SECURITY.as_bytes(),
        )]);
        let release = dir.path().join(
            "var/lib/apt/lists/deb.debian.org_debian-security_dists_bookworm-security_InRelease",
        );
        std::fs::set_permissions(&release, std::fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads it anyway: only meaningful for an ordinary user.
        if std::fs::read(&release).is_err() {
            let e = suites_of(&dir).unwrap_err();
            assert!(e.starts_with("permission denied"), "{e}");
        }
    }

    const PACKAGES: &str = "Package: libssl3
Source: openssl
Version: 3.0.15-1~deb12u1
Architecture: amd64
Description: Secure Sockets Layer toolkit - shared libraries
 This package is part of the OpenSSL project's implementation.
 Package: not-a-field

package: tzdata
architecture: all
version: 2025b-0+deb12u1

Package: no-version
Architecture: amd64
\r
Package: last
Version: 1
Architecture: i386";

    fn scan(text: &[u8]) -> (u32, Vec<String>) {
        let mut seen = Vec::new();
        let n = scan_packages(&mut &text[..], &mut |n, a, v| {
            seen.push(format!("{n} {a} {v}"))
        })
        .unwrap();
        (n, seen)
    }

    #[test]
    fn packages_stanzas_fields_and_continuations() {
        let (n, seen) = scan(PACKAGES.as_bytes());
        assert_eq!(n, 4);
        assert_eq!(
            seen,
            vec![
                "libssl3 amd64 3.0.15-1~deb12u1",
                "tzdata all 2025b-0+deb12u1",
                "last i386 1"
            ]
        );
        assert_eq!(scan(b"").0, 0);
        assert_eq!(scan(b"\n\n\n").0, 0);
    }

    #[test]
    fn compressed_indexes_read_and_bad_ones_fail_cleanly() {
        let mut lz4 = lz4_flex::frame::FrameEncoder::new(Vec::new());
        lz4.write_all(PACKAGES.as_bytes()).unwrap();
        let lz4 = lz4.finish().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(PACKAGES.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        let dir = lists(&[
            ("a_Packages.lz4", &lz4),
            ("a_Packages.gz", &gz),
            ("a_Packages.xz", b"\xfd7zXZ\0"),
            ("bad_Packages.lz4", &lz4[..lz4.len() / 2]),
            ("bad_Packages.gz", b"\x1f\x8b\x08\0garbage"),
        ]);
        let fs = RootFs::new(dir.path());
        let read = |name: &str| {
            open_index(&fs, &format!("{LISTS_DIR}/{name}")).and_then(|mut r| {
                scan_packages(&mut *r, &mut |_, _, _| {}).map_err(|e| e.to_string())
            })
        };
        assert_eq!(read("a_Packages.lz4"), Ok(4));
        assert_eq!(read("a_Packages.gz"), Ok(4));
        assert!(read("a_Packages.xz").unwrap_err().contains("xz"));
        assert!(read("bad_Packages.lz4").is_err());
        assert!(read("bad_Packages.gz").is_err());
        assert!(read("none_Packages").is_err());
    }

    #[test]
    fn counts_per_installed_architecture_with_all_as_native() {
        let status =
            "Package: dpkg\nStatus: install ok installed\nArchitecture: arm64\nVersion: 1.22.6\n\n\
Package: libc6\nStatus: install ok installed\nArchitecture: arm64\nVersion: 2.39-0ubuntu8\n\n\
Package: libc6\nStatus: install ok installed\nArchitecture: armhf\nVersion: 2.39-0ubuntu8\n\n\
Package: tzdata\nStatus: install ok installed\nArchitecture: all\nVersion: 2024a-0ubuntu0.24.04\n\n\
Package: half\nStatus: install ok half-configured\nArchitecture: arm64\nVersion: 1.0\n";
        let arm64 = "Package: libc6\nArchitecture: arm64\nVersion: 2.39-0ubuntu8.3\n\n\
Package: tzdata\nArchitecture: all\nVersion: 2024b-0ubuntu0.24.04\n\n\
Package: half\nArchitecture: arm64\nVersion: 2.0\n";
        let armhf = "Package: libc6\nArchitecture: armhf\nVersion: 2.39-0ubuntu8.3\n\n\
Package: tzdata\nArchitecture: all\nVersion: 2024b-0ubuntu0.24.04\n";
        let dir = lists(&[
            (
                "ports.ubuntu.com_ubuntu-ports_dists_noble-security_InRelease",
                UBUNTU_SECURITY.as_bytes(),
            ),
            (
                "ports.ubuntu.com_ubuntu-ports_dists_noble-security_main_binary-arm64_Packages",
                arm64.as_bytes(),
            ),
            (
                "ports.ubuntu.com_ubuntu-ports_dists_noble-security_main_binary-armhf_Packages",
                armhf.as_bytes(),
            ),
        ]);
        let fs = RootFs::new(dir.path());
        let stanzas = super::super::apt::status_stanzas(status);
        let (pending, suites) = pending(&fs, &stanzas);
        let p = pending.value().unwrap();
        // Both libc6 architectures, tzdata; never a half-configured package.
        assert_eq!(p.security, 3);
        assert_eq!(p.packages, vec!["libc6", "libc6:armhf", "tzdata"]);
        assert_eq!(suites.len(), 1);
        let counts: Vec<_> = suites[0].indexes.iter().map(|c| c.value()).collect();
        assert_eq!(counts, vec![Some(&3), Some(&2)]);
        assert_eq!(pending.source(), Some(SOURCE));
    }
}
