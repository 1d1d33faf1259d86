//! dconf and GSettings, as GNOME, Cinnamon and MATE read their settings.
//!
//! dconf (`engine/dconf-engine-profile.c`, `dconf-engine.c`): a user's
//! profile is `/run/dconf/user/UID` if it exists (mandatory), else
//! `$XDG_RUNTIME_DIR/dconf/profile`, else the profile `user` looked up in
//! `/etc/dconf/profile`, then `/usr/local/share/dconf/profile` and
//! `/usr/share/dconf/profile`, else a single `user-db:user`. Each profile
//! line names a source (`user-db:`, `service-db:`, `system-db:`,
//! `file-db:`); a reader returns the value of the first source holding the
//! key, except that a lock in a system source (not the first) hides every
//! source before it. System databases are only the compiled GVDB files
//! `/etc/dconf/db/NAME` (a missing one is empty): the keyfiles in
//! `NAME.d/` and `NAME.d/locks/` count only once `dconf update` has
//! compiled them, so both are read and compared.
//!
//! GSettings then uses the schema's default (from its XML, changed by
//! vendor `*.gschema.override` files, later names winning) when dconf has
//! no value, or a value of the wrong type.

use super::gvdb::{GValue, Gvdb};
use super::ini::parse_ini;
use crate::fs::{Fs, FsError};
use crate::model::Collected;
use crate::sys::fs_error;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub const PROFILE_DIRS: &[&str] = &[
    "/etc/dconf/profile",
    "/usr/local/share/dconf/profile",
    "/usr/share/dconf/profile",
];
pub const DB_DIR: &str = "/etc/dconf/db";
pub const SCHEMA_DIR: &str = "/usr/share/glib-2.0/schemas";
/// dconf databases are small; a cap keeps a hostile file from stalling us.
const MAX_DB: u64 = 16 * 1024 * 1024;

/// A dconf profile: its sources, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DconfProfile {
    pub sources: Vec<DconfSource>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DconfSource {
    /// Line in the profile file (0 for the built-in default profile).
    pub line: u32,
    pub kind: DconfSourceKind,
    /// Database name ("user", "local") or, for `file-db`, its path.
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DconfSourceKind {
    /// `~/.config/dconf/NAME`, writable by the user.
    UserDb,
    /// A database behind a D-Bus service (not read by Vigie).
    ServiceDb,
    /// `/etc/dconf/db/NAME`.
    SystemDb,
    /// A database at an absolute path.
    FileDb,
}

impl DconfSourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DconfSourceKind::UserDb => "user-db",
            DconfSourceKind::ServiceDb => "service-db",
            DconfSourceKind::SystemDb => "system-db",
            DconfSourceKind::FileDb => "file-db",
        }
    }
}

/// The values and locks a database holds for the keys Vigie reads.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DconfValues {
    pub values: Vec<DconfValue>,
    /// Locked keys (system databases).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locks: Vec<String>,
}

impl DconfValues {
    pub fn get(&self, key: &str) -> Option<&GValue> {
        self.values.iter().find(|v| v.key == key).map(|v| &v.value)
    }
    pub fn locks(&self, key: &str) -> bool {
        self.locks.iter().any(|k| k == key)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DconfValue {
    /// Full dconf path ("/org/gnome/desktop/session/idle-delay").
    pub key: String,
    pub value: GValue,
}

/// A system database named by a profile: the compiled file dconf reads,
/// and the keyfiles it was (or should have been) compiled from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DconfDatabase {
    pub kind: DconfSourceKind,
    /// "local", or the path of a `file-db`.
    pub name: String,
    /// The compiled GVDB file.
    pub compiled: Collected<DconfValues>,
    /// Its modification time (seconds since the epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compiled_modified: Option<i64>,
    /// `NAME.d/*`, in the order `dconf update` merges them (later wins).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keyfiles: Vec<Collected<DconfKeyfile>>,
    /// `NAME.d/locks/*`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lockfiles: Vec<Collected<DconfLockFile>>,
    /// The newest modification time among the keyfile directory and files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyfiles_modified: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DconfKeyfile {
    pub path: String,
    pub entries: Vec<DconfKeyfileEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DconfKeyfileEntry {
    pub line: u32,
    pub key: String,
    /// As written ("uint32 600").
    pub text: String,
    /// As `dconf update` would store it; `None` when it cannot parse it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<GValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DconfLockFile {
    pub path: String,
    pub locks: Vec<DconfLockEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DconfLockEntry {
    pub line: u32,
    pub key: String,
}

/// A GSettings key's default: the schema's, and the vendor overrides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchemaKey {
    /// "org.gnome.desktop.session".
    pub schema: String,
    /// "idle-delay".
    pub key: String,
    /// The schema's path in dconf ("/org/gnome/desktop/session/").
    pub path: String,
    /// The `<default>` in the schema XML (its source is the XML file).
    pub default: Collected<SchemaDefault>,
    /// Vendor overrides of this key, in the order they apply (later wins).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<SchemaOverride>,
}

impl SchemaKey {
    /// The dconf key ("/org/gnome/desktop/session/idle-delay").
    pub fn dconf_key(&self) -> String {
        format!("{}{}", self.path, self.key)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchemaDefault {
    pub line: u32,
    /// The key's GVariant type ("u", "b", "i").
    pub type_string: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<GValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchemaOverride {
    pub file: String,
    pub line: u32,
    /// `[schema:DESKTOP]`: applies only when `XDG_CURRENT_DESKTOP` names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desktop: Option<String>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<GValue>,
}

/// A schema Vigie reads: its id, usual dconf path and the keys wanted.
pub struct SchemaSpec {
    pub schema: &'static str,
    pub path: &'static str,
    pub keys: &'static [&'static str],
}

/// Parses a profile file (pure).
pub fn parse_profile(text: &str) -> DconfProfile {
    let mut sources = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim_start();
        let end = line.find('#').unwrap_or(line.len());
        let line = line[..end].trim_end();
        let Some((kind, name)) = line.split_once(':') else {
            continue;
        };
        if name.is_empty() {
            continue;
        }
        let kind = match kind {
            "user-db" => DconfSourceKind::UserDb,
            "service-db" => DconfSourceKind::ServiceDb,
            "system-db" => DconfSourceKind::SystemDb,
            "file-db" => DconfSourceKind::FileDb,
            _ => continue,
        };
        sources.push(DconfSource {
            line: n as u32 + 1,
            kind,
            name: name.to_string(),
        });
    }
    DconfProfile { sources }
}

/// The `user` profile as dconf finds it: the first file of [`PROFILE_DIRS`]
/// that exists; `missing` (the built-in `user-db:user`) when none does. A
/// file that exists but cannot be read stops the search, as in dconf.
pub fn system_profile(fs: &dyn Fs) -> Collected<DconfProfile> {
    for dir in PROFILE_DIRS {
        let path = format!("{dir}/user");
        match fs.read_to_string(&path) {
            Ok(text) => {
                return Collected::Ok {
                    source: path,
                    value: parse_profile(&text),
                }
            }
            Err(FsError::NotFound) => continue,
            Err(e) => return fs_error(&path, e),
        }
    }
    Collected::Missing {
        source: format!("{}/user", PROFILE_DIRS[0]),
    }
}

/// A per-user profile that takes precedence (mandatory or runtime), when
/// one exists.
pub fn user_profile_override(fs: &dyn Fs, uid: u32) -> Option<Collected<DconfProfile>> {
    for path in [
        format!("/run/dconf/user/{uid}"),
        format!("/run/user/{uid}/dconf/profile"),
    ] {
        match fs.read_to_string(&path) {
            Ok(text) => {
                return Some(Collected::Ok {
                    source: path,
                    value: parse_profile(&text),
                })
            }
            Err(FsError::NotFound) => continue,
            Err(e) => return Some(fs_error(&path, e)),
        }
    }
    None
}

/// Reads the wanted keys (and their locks) from a compiled database.
pub fn read_values(fs: &dyn Fs, path: &str, wanted: &BTreeSet<String>) -> Collected<DconfValues> {
    let bytes = match fs.read_bytes(path, MAX_DB) {
        Ok(b) => b,
        Err(e) => return fs_error(path, e),
    };
    match values_from_bytes(&bytes, wanted) {
        Ok(value) => Collected::Ok {
            source: path.to_string(),
            value,
        },
        Err(error) => Collected::Unreadable {
            source: path.to_string(),
            error,
        },
    }
}

/// The wanted keys of a GVDB database (pure).
pub fn values_from_bytes(bytes: &[u8], wanted: &BTreeSet<String>) -> Result<DconfValues, String> {
    let db = Gvdb::new(bytes).map_err(|e| e.to_string())?;
    let root = db.root().map_err(|e| e.to_string())?;
    let mut out = DconfValues::default();
    for key in wanted {
        if let Some(v) = root.value(key) {
            out.values.push(DconfValue {
                key: key.clone(),
                value: v.map_err(|e| e.to_string())?,
            });
        }
    }
    if let Some(locks) = root.table(".locks") {
        let locks = locks.map_err(|e| e.to_string())?;
        out.locks = locks
            .names()
            .filter(|k| wanted.contains(*k))
            .map(String::from)
            .collect();
    }
    Ok(out)
}

/// A system (or file) database: compiled file and keyfiles.
pub fn database(
    fs: &dyn Fs,
    kind: DconfSourceKind,
    name: &str,
    wanted: &BTreeSet<String>,
) -> DconfDatabase {
    let path = match kind {
        DconfSourceKind::FileDb => name.to_string(),
        _ => format!("{DB_DIR}/{name}"),
    };
    let compiled = read_values(fs, &path, wanted);
    let compiled_modified = fs.metadata(&path).ok().and_then(|m| m.modified);
    let mut db = DconfDatabase {
        kind,
        name: name.to_string(),
        compiled,
        compiled_modified,
        keyfiles: Vec::new(),
        lockfiles: Vec::new(),
        keyfiles_modified: None,
    };
    if kind != DconfSourceKind::SystemDb {
        return db;
    }
    let dir = format!("{DB_DIR}/{name}.d");
    let Ok(names) = fs.read_dir(&dir) else {
        return db;
    };
    let mut newest = fs.metadata(&dir).ok().and_then(|m| m.modified);
    for n in names.iter().filter(|n| !n.starts_with('.')) {
        let p = format!("{dir}/{n}");
        if !fs.is_file(&p) {
            continue;
        }
        newest = newest.max(fs.metadata(&p).ok().and_then(|m| m.modified));
        db.keyfiles.push(match fs.read_to_string(&p) {
            Ok(text) => Collected::Ok {
                source: p.clone(),
                value: parse_keyfile(&p, &text, wanted),
            },
            Err(e) => fs_error(&p, e),
        });
    }
    let locks_dir = format!("{dir}/locks");
    if let Ok(names) = fs.read_dir(&locks_dir) {
        newest = newest.max(fs.metadata(&locks_dir).ok().and_then(|m| m.modified));
        for n in names.iter().filter(|n| !n.starts_with('.')) {
            let p = format!("{locks_dir}/{n}");
            if !fs.is_file(&p) {
                continue;
            }
            newest = newest.max(fs.metadata(&p).ok().and_then(|m| m.modified));
            db.lockfiles.push(match fs.read_to_string(&p) {
                Ok(text) => Collected::Ok {
                    source: p.clone(),
                    value: parse_lockfile(&p, &text, wanted),
                },
                Err(e) => fs_error(&p, e),
            });
        }
    }
    db.keyfiles_modified = newest;
    db
}

/// A dconf keyfile: `[org/gnome/desktop/session]` groups of GVariant
/// values, reduced to the wanted keys (pure).
pub fn parse_keyfile(path: &str, text: &str, wanted: &BTreeSet<String>) -> DconfKeyfile {
    let ini = parse_ini(path, text, false, |_, _| true);
    let entries = ini
        .entries
        .into_iter()
        .filter_map(|e| {
            let group = e.group.trim_matches('/');
            let key = if group.is_empty() {
                format!("/{}", e.key)
            } else {
                format!("/{group}/{}", e.key)
            };
            wanted.contains(&key).then(|| DconfKeyfileEntry {
                line: e.line,
                value: GValue::parse_text(&e.value, None),
                key,
                text: e.value,
            })
        })
        .collect();
    DconfKeyfile {
        path: path.to_string(),
        entries,
    }
}

/// A dconf lock file: one key per line (pure).
pub fn parse_lockfile(path: &str, text: &str, wanted: &BTreeSet<String>) -> DconfLockFile {
    let locks = text
        .lines()
        .enumerate()
        .filter_map(|(n, l)| {
            let l = l.trim();
            (!l.is_empty() && !l.starts_with('#') && wanted.contains(l)).then(|| DconfLockEntry {
                line: n as u32 + 1,
                key: l.to_string(),
            })
        })
        .collect();
    DconfLockFile {
        path: path.to_string(),
        locks,
    }
}

/// Reads the schema XML and vendor overrides of every wanted key.
pub fn schema_keys(fs: &dyn Fs, specs: &[SchemaSpec]) -> Vec<SchemaKey> {
    let names = fs.read_dir(SCHEMA_DIR).unwrap_or_default();
    let overrides: Vec<(String, String)> = names
        .iter()
        .filter(|n| n.ends_with(".gschema.override"))
        .filter_map(|n| {
            let p = format!("{SCHEMA_DIR}/{n}");
            fs.read_to_string(&p).ok().map(|t| (p, t))
        })
        .collect();
    let mut out = Vec::new();
    for spec in specs {
        let xml = find_schema_xml(fs, &names, spec.schema);
        for key in spec.keys {
            let (path, default) = match &xml {
                Ok((file, text)) => match schema_default(text, spec.schema, key) {
                    Ok((path, d)) => (
                        path.unwrap_or_else(|| spec.path.to_string()),
                        match d {
                            Some(value) => Collected::Ok {
                                source: file.clone(),
                                value,
                            },
                            None => Collected::Missing {
                                source: file.clone(),
                            },
                        },
                    ),
                    Err(error) => (
                        spec.path.to_string(),
                        Collected::Unreadable {
                            source: file.clone(),
                            error,
                        },
                    ),
                },
                Err(c) => (spec.path.to_string(), c.clone()),
            };
            let type_string = default.value().map(|d| d.type_string.clone());
            let mut key_overrides = Vec::new();
            for (file, text) in &overrides {
                let ini = parse_ini(file, text, false, |g, k| {
                    k == *key && g.split(':').next() == Some(spec.schema)
                });
                for e in ini.entries {
                    key_overrides.push(SchemaOverride {
                        file: file.clone(),
                        line: e.line,
                        desktop: e.group.split_once(':').map(|(_, d)| d.to_string()),
                        value: GValue::parse_text(&e.value, type_string.as_deref()),
                        text: e.value,
                    });
                }
            }
            out.push(SchemaKey {
                schema: spec.schema.to_string(),
                key: key.to_string(),
                path,
                default,
                overrides: key_overrides,
            });
        }
    }
    out
}

/// The XML file defining `schema`: `SCHEMA.gschema.xml` by convention,
/// else any schema file of the same vendor prefix that defines it.
fn find_schema_xml(
    fs: &dyn Fs,
    names: &[String],
    schema: &str,
) -> Result<(String, String), Collected<SchemaDefault>> {
    let conventional = format!("{SCHEMA_DIR}/{schema}.gschema.xml");
    match fs.read_to_string(&conventional) {
        Ok(text) => return Ok((conventional, text)),
        Err(FsError::NotFound) => {}
        Err(e) => return Err(fs_error(&conventional, e)),
    }
    let vendor: String = schema.split('.').take(2).collect::<Vec<_>>().join(".");
    let needle = format!("id=\"{schema}\"");
    for n in names
        .iter()
        .filter(|n| n.starts_with(&vendor) && n.ends_with(".gschema.xml"))
    {
        let p = format!("{SCHEMA_DIR}/{n}");
        if let Ok(text) = fs.read_to_string(&p) {
            if text.contains(&needle) {
                return Ok((p, text));
            }
        }
    }
    Err(Collected::Missing {
        source: conventional,
    })
}

/// A key's default in a schema XML (pure): the schema's path and the
/// default, `None` when the schema does not define the key.
pub fn schema_default(
    text: &str,
    schema: &str,
    key: &str,
) -> Result<(Option<String>, Option<SchemaDefault>), String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("invalid XML: {e}"))?;
    let Some(node) = doc
        .descendants()
        .find(|n| n.has_tag_name("schema") && n.attribute("id") == Some(schema))
    else {
        return Ok((None, None));
    };
    let path = node.attribute("path").map(String::from);
    let Some(k) = node
        .children()
        .find(|n| n.has_tag_name("key") && n.attribute("name") == Some(key))
    else {
        return Ok((path, None));
    };
    // An enum key is stored as a string.
    let type_string = k
        .attribute("type")
        .map(String::from)
        .unwrap_or_else(|| "s".to_string());
    let Some(d) = k.children().find(|n| n.has_tag_name("default")) else {
        return Ok((path, None));
    };
    let text: String = d.text().unwrap_or("").trim().to_string();
    Ok((
        path,
        Some(SchemaDefault {
            line: doc.text_pos_at(d.range().start).row,
            value: GValue::parse_text(&text, Some(&type_string)),
            type_string,
            text,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_lines_as_dconf_reads_them() {
        let p = parse_profile(
            "# site profile\nuser-db:user\n  system-db:local   # admin\nsystem-db:\nbogus:x\nfile-db:/opt/site.db\n",
        );
        let s: Vec<(u32, DconfSourceKind, &str)> = p
            .sources
            .iter()
            .map(|s| (s.line, s.kind, s.name.as_str()))
            .collect();
        assert_eq!(
            s,
            vec![
                (2, DconfSourceKind::UserDb, "user"),
                (3, DconfSourceKind::SystemDb, "local"),
                (6, DconfSourceKind::FileDb, "/opt/site.db"),
            ]
        );
    }

    #[test]
    fn keyfiles_and_locks() {
        let wanted: BTreeSet<String> = [
            "/org/gnome/desktop/session/idle-delay".to_string(),
            "/org/gnome/desktop/screensaver/lock-enabled".to_string(),
        ]
        .into();
        let k = parse_keyfile(
            "/etc/dconf/db/local.d/00-screen",
            "[org/gnome/desktop/session]\n#idle-delay=uint32 60\nidle-delay=uint32 900\nsession-name='x'\n[org/gnome/desktop/screensaver]\nlock-enabled=false\n",
            &wanted,
        );
        assert_eq!(k.entries.len(), 2);
        assert_eq!(k.entries[0].line, 3);
        assert_eq!(k.entries[0].value, Some(GValue::Uint32(900)));
        assert_eq!(k.entries[1].value, Some(GValue::Boolean(false)));
        let l = parse_lockfile(
            "/etc/dconf/db/local.d/locks/screen",
            "# locks\n/org/gnome/desktop/session/idle-delay\n/org/other\n",
            &wanted,
        );
        assert_eq!(l.locks.len(), 1);
        assert_eq!(l.locks[0].line, 2);
    }

    #[test]
    fn schema_xml_default() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<schemalist gettext-domain="gsettings-desktop-schemas">
  <schema id="org.gnome.desktop.session" path="/org/gnome/desktop/session/">
    <key name="idle-delay" type="u">
      <default>300</default>
    </key>
  </schema>
</schemalist>
"#;
        let (path, d) = schema_default(xml, "org.gnome.desktop.session", "idle-delay").unwrap();
        assert_eq!(path.as_deref(), Some("/org/gnome/desktop/session/"));
        let d = d.unwrap();
        assert_eq!(d.value, Some(GValue::Uint32(300)));
        assert_eq!(d.line, 5);
        let (_, none) = schema_default(xml, "org.gnome.desktop.session", "nothing").unwrap();
        assert!(none.is_none());
    }

    #[test]
    fn compiled_database_values() {
        let wanted: BTreeSet<String> = [
            "/org/gnome/desktop/session/idle-delay".to_string(),
            "/org/gnome/desktop/screensaver/lock-delay".to_string(),
        ]
        .into();
        let v = values_from_bytes(include_bytes!("fixtures/local.gvdb"), &wanted).unwrap();
        assert_eq!(
            v.get("/org/gnome/desktop/session/idle-delay"),
            Some(&GValue::Uint32(600))
        );
        assert!(v.locks("/org/gnome/desktop/session/idle-delay"));
        assert!(!v.locks("/org/gnome/desktop/screensaver/lock-delay"));
        assert!(values_from_bytes(b"junk", &wanted).is_err());
    }
}
