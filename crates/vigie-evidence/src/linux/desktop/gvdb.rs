//! A small read-only reader of GVDB files, the binary format of dconf
//! databases (`/etc/dconf/db/NAME`, `~/.config/dconf/user`), and of the
//! GVariant values they hold.
//!
//! Layout (glib `gvdb/gvdb-format.h`): a 24-byte header (signature
//! "GVariant", version, options, pointer to the root table); a hash table is
//! a header (bloom word count, bucket count), bloom words, buckets, then
//! 24-byte items (hash, parent item, key start, key size, type, pointer).
//! An item's full name is its parent's full name followed by its own key.
//! Type `v` points to a serialised GVariant of type "v" (the value, a zero
//! byte, the type string); `H` to a nested table (dconf keeps its locks in
//! the nested table `.locks`); `L` lists children (unused here). A file
//! written on a big-endian machine has its signature byte-swapped and every
//! integer in that order. The hash and bloom filter only speed up look-ups:
//! this reader walks every item instead, so it needs neither.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why a database could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GvdbError {
    #[error("not a GVariant database (bad signature)")]
    Signature,
    #[error("corrupt GVariant database: {0}")]
    Corrupt(&'static str),
}

/// A GVariant value, as far as screen-lock settings need (anything else is
/// kept as its type string).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GValue {
    Boolean(bool),
    Byte(u8),
    Int16(i16),
    Uint16(u16),
    Int32(i32),
    Uint32(u32),
    Int64(i64),
    Uint64(u64),
    String(String),
    /// A value of another type: only its GVariant type string is kept.
    Other(String),
}

impl GValue {
    /// The GVariant type string ("u", "b"...).
    pub fn type_string(&self) -> &str {
        match self {
            GValue::Boolean(_) => "b",
            GValue::Byte(_) => "y",
            GValue::Int16(_) => "n",
            GValue::Uint16(_) => "q",
            GValue::Int32(_) => "i",
            GValue::Uint32(_) => "u",
            GValue::Int64(_) => "x",
            GValue::Uint64(_) => "t",
            GValue::String(_) => "s",
            GValue::Other(t) => t,
        }
    }

    /// Any integer type, widened.
    pub fn as_i128(&self) -> Option<i128> {
        Some(match self {
            GValue::Byte(v) => (*v).into(),
            GValue::Int16(v) => (*v).into(),
            GValue::Uint16(v) => (*v).into(),
            GValue::Int32(v) => (*v).into(),
            GValue::Uint32(v) => (*v).into(),
            GValue::Int64(v) => (*v).into(),
            GValue::Uint64(v) => (*v).into(),
            _ => return None,
        })
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            GValue::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    /// GVariant text form with its type annotation ("uint32 600", "true").
    pub fn text(&self) -> String {
        match self {
            GValue::Boolean(b) => b.to_string(),
            GValue::Byte(v) => format!("byte {v}"),
            GValue::Int16(v) => format!("int16 {v}"),
            GValue::Uint16(v) => format!("uint16 {v}"),
            GValue::Int32(v) => v.to_string(),
            GValue::Uint32(v) => format!("uint32 {v}"),
            GValue::Int64(v) => format!("int64 {v}"),
            GValue::Uint64(v) => format!("uint64 {v}"),
            GValue::String(s) => format!("'{s}'"),
            GValue::Other(t) => format!("(value of type {t})"),
        }
    }

    /// Parses GVariant text ("uint32 600", "@u 600", "true", "'x'"). With
    /// `expected` (the schema's type), bare numbers take that type, as
    /// GSettings parses schema defaults and vendor overrides; without it
    /// they are int32, as `dconf update` stores them. `None` when the text
    /// is not a value of a supported type.
    pub fn parse_text(text: &str, expected: Option<&str>) -> Option<GValue> {
        let text = text.trim();
        let (annotated, rest) = split_annotation(text);
        let ty = annotated.or(expected);
        let rest = rest.trim();
        match ty {
            Some("b") => match rest {
                "true" => Some(GValue::Boolean(true)),
                "false" => Some(GValue::Boolean(false)),
                _ => None,
            },
            Some("s") => unquote(rest).map(GValue::String),
            Some("y") => int(rest)
                .and_then(|v| u8::try_from(v).ok())
                .map(GValue::Byte),
            Some("n") => int(rest)
                .and_then(|v| i16::try_from(v).ok())
                .map(GValue::Int16),
            Some("q") => int(rest)
                .and_then(|v| u16::try_from(v).ok())
                .map(GValue::Uint16),
            Some("i") => int(rest)
                .and_then(|v| i32::try_from(v).ok())
                .map(GValue::Int32),
            Some("u") => int(rest)
                .and_then(|v| u32::try_from(v).ok())
                .map(GValue::Uint32),
            Some("x") => int(rest)
                .and_then(|v| i64::try_from(v).ok())
                .map(GValue::Int64),
            Some("t") => int(rest)
                .and_then(|v| u64::try_from(v).ok())
                .map(GValue::Uint64),
            Some(_) => None,
            None => {
                if rest == "true" || rest == "false" {
                    Some(GValue::Boolean(rest == "true"))
                } else if let Some(s) = unquote(rest) {
                    Some(GValue::String(s))
                } else {
                    int(rest)
                        .and_then(|v| i32::try_from(v).ok())
                        .map(GValue::Int32)
                }
            }
        }
    }
}

/// "uint32 600" → (Some("u"), "600"); "@u 600" → (Some("u"), "600").
fn split_annotation(text: &str) -> (Option<&'static str>, &str) {
    const WORDS: &[(&str, &str)] = &[
        ("boolean", "b"),
        ("byte", "y"),
        ("int16", "n"),
        ("uint16", "q"),
        ("int32", "i"),
        ("uint32", "u"),
        ("int64", "x"),
        ("uint64", "t"),
        ("string", "s"),
    ];
    if let Some(rest) = text.strip_prefix('@') {
        let (ty, value) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        const TYPES: &[&str] = &["b", "y", "n", "q", "i", "u", "x", "t", "s"];
        return match TYPES.iter().find(|t| **t == ty) {
            Some(t) => (Some(t), value),
            None => (Some("?"), value),
        };
    }
    for (word, ty) in WORDS {
        if let Some(rest) = text.strip_prefix(word) {
            if rest.starts_with(char::is_whitespace) {
                return (Some(ty), rest);
            }
        }
    }
    (None, text)
}

fn int(text: &str) -> Option<i128> {
    let t = text.trim();
    let (neg, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let v = if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        i128::from_str_radix(hex, 16).ok()?
    } else {
        digits.parse::<i128>().ok()?
    };
    Some(if neg { -v } else { v })
}

fn unquote(text: &str) -> Option<String> {
    let t = text.trim();
    let inner = t
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .or_else(|| t.strip_prefix('"').and_then(|s| s.strip_suffix('"')))?;
    Some(inner.replace("\\'", "'").replace("\\\"", "\""))
}

/// An open database.
pub struct Gvdb<'a> {
    data: &'a [u8],
    big_endian: bool,
}

/// One table: every item by full name.
pub struct Table<'a> {
    db: &'a Gvdb<'a>,
    items: BTreeMap<String, Item>,
}

#[derive(Clone, Copy)]
struct Item {
    kind: u8,
    start: u32,
    end: u32,
}

const HEADER_SIZE: usize = 24;
const ITEM_SIZE: usize = 24;

impl<'a> Gvdb<'a> {
    pub fn new(data: &'a [u8]) -> Result<Self, GvdbError> {
        if data.len() < HEADER_SIZE {
            return Err(GvdbError::Signature);
        }
        let big_endian = match &data[..8] {
            b"GVariant" => false,
            b"raVGtnai" => true,
            _ => return Err(GvdbError::Signature),
        };
        Ok(Gvdb { data, big_endian })
    }

    fn u32_at(&self, offset: usize) -> Option<u32> {
        let b: [u8; 4] = self.data.get(offset..offset + 4)?.try_into().ok()?;
        Some(if self.big_endian {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    }

    fn u16_at(&self, offset: usize) -> Option<u16> {
        let b: [u8; 2] = self.data.get(offset..offset + 2)?.try_into().ok()?;
        Some(if self.big_endian {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    }

    /// The root table.
    pub fn root(&'a self) -> Result<Table<'a>, GvdbError> {
        let start = self.u32_at(16).ok_or(GvdbError::Corrupt("header"))?;
        let end = self.u32_at(20).ok_or(GvdbError::Corrupt("header"))?;
        self.table(start, end)
    }

    fn table(&'a self, start: u32, end: u32) -> Result<Table<'a>, GvdbError> {
        let (start, end) = (start as usize, end as usize);
        if start > end || end > self.data.len() || end - start < 8 {
            return Err(GvdbError::Corrupt("table pointer out of the file"));
        }
        let bloom = self.u32_at(start).ok_or(GvdbError::Corrupt("table"))? & ((1 << 27) - 1);
        let buckets = self.u32_at(start + 4).ok_or(GvdbError::Corrupt("table"))?;
        let items_start = (bloom as usize)
            .checked_add(buckets as usize)
            .and_then(|n| n.checked_mul(4))
            .and_then(|n| n.checked_add(start + 8))
            .filter(|&n| n <= end)
            .ok_or(GvdbError::Corrupt("hash table header"))?;
        let n_items = (end - items_start) / ITEM_SIZE;
        struct Raw {
            parent: u32,
            key: (usize, usize),
            item: Item,
        }
        let mut raw = Vec::with_capacity(n_items);
        for i in 0..n_items {
            let at = items_start + i * ITEM_SIZE;
            let parent = self.u32_at(at + 4).ok_or(GvdbError::Corrupt("item"))?;
            let key_start = self.u32_at(at + 8).ok_or(GvdbError::Corrupt("item"))? as usize;
            let key_size = self.u16_at(at + 12).ok_or(GvdbError::Corrupt("item"))? as usize;
            let kind = *self.data.get(at + 14).ok_or(GvdbError::Corrupt("item"))?;
            let vstart = self.u32_at(at + 16).ok_or(GvdbError::Corrupt("item"))?;
            let vend = self.u32_at(at + 20).ok_or(GvdbError::Corrupt("item"))?;
            if key_start + key_size > self.data.len() {
                return Err(GvdbError::Corrupt("key out of the file"));
            }
            raw.push(Raw {
                parent,
                key: (key_start, key_size),
                item: Item {
                    kind,
                    start: vstart,
                    end: vend,
                },
            });
        }
        let mut items = BTreeMap::new();
        for i in 0..raw.len() {
            // Walk up the parents; more steps than items means a loop.
            let mut parts: Vec<&[u8]> = Vec::new();
            let mut at = i;
            let mut steps = 0;
            loop {
                let r = &raw[at];
                parts.push(&self.data[r.key.0..r.key.0 + r.key.1]);
                if r.parent == u32::MAX {
                    break;
                }
                at = r.parent as usize;
                steps += 1;
                if at >= raw.len() || steps > raw.len() {
                    return Err(GvdbError::Corrupt("bad parent chain"));
                }
            }
            let mut name = Vec::new();
            for p in parts.iter().rev() {
                name.extend_from_slice(p);
            }
            items.insert(String::from_utf8_lossy(&name).into_owned(), raw[i].item);
        }
        Ok(Table { db: self, items })
    }

    fn variant(&self, start: u32, end: u32) -> Result<GValue, GvdbError> {
        let (start, end) = (start as usize, end as usize);
        let bytes = self
            .data
            .get(start..end)
            .ok_or(GvdbError::Corrupt("value out of the file"))?;
        // A "v" variant: the child's bytes, a zero byte, the type string.
        let sep = bytes
            .iter()
            .rposition(|b| *b == 0)
            .ok_or(GvdbError::Corrupt("variant without type"))?;
        let ty = std::str::from_utf8(&bytes[sep + 1..])
            .map_err(|_| GvdbError::Corrupt("variant type"))?;
        let data = &bytes[..sep];
        let fixed = |n: usize| -> Result<&[u8], GvdbError> {
            if data.len() == n {
                Ok(data)
            } else {
                Err(GvdbError::Corrupt("value size does not match its type"))
            }
        };
        macro_rules! num {
            ($t:ty, $n:expr) => {{
                let b: [u8; $n] = fixed($n)?
                    .try_into()
                    .map_err(|_| GvdbError::Corrupt("value"))?;
                if self.big_endian {
                    <$t>::from_be_bytes(b)
                } else {
                    <$t>::from_le_bytes(b)
                }
            }};
        }
        Ok(match ty {
            "b" => GValue::Boolean(fixed(1)?[0] != 0),
            "y" => GValue::Byte(fixed(1)?[0]),
            "n" => GValue::Int16(num!(i16, 2)),
            "q" => GValue::Uint16(num!(u16, 2)),
            "i" => GValue::Int32(num!(i32, 4)),
            "u" => GValue::Uint32(num!(u32, 4)),
            "x" => GValue::Int64(num!(i64, 8)),
            "t" => GValue::Uint64(num!(u64, 8)),
            "s" => {
                let s = data.strip_suffix(&[0]).unwrap_or(data);
                GValue::String(String::from_utf8_lossy(s).into_owned())
            }
            other => GValue::Other(other.to_string()),
        })
    }
}

impl<'a> Table<'a> {
    /// Every item's full name.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.items.keys().map(String::as_str)
    }

    /// The value stored under `key`; `None` when there is no such value.
    pub fn value(&self, key: &str) -> Option<Result<GValue, GvdbError>> {
        let item = self.items.get(key).filter(|i| i.kind == b'v')?;
        Some(self.db.variant(item.start, item.end))
    }

    /// The nested table stored under `key` (dconf's `.locks`).
    pub fn table(&self, key: &str) -> Option<Result<Table<'a>, GvdbError>> {
        let item = self.items.get(key).filter(|i| i.kind == b'H')?;
        Some(self.db.table(item.start, item.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compiled by `dconf compile` (dconf 0.40, Debian) from a keyfile
    /// directory: `[org/gnome/desktop/session] idle-delay=uint32 600`,
    /// `[org/gnome/desktop/screensaver] lock-enabled=true` and
    /// `lock-delay=uint32 0`, and `locks/` holding
    /// `/org/gnome/desktop/session/idle-delay`.
    const LOCAL: &[u8] = include_bytes!("fixtures/local.gvdb");

    #[test]
    fn reads_a_database_compiled_by_dconf() {
        let db = Gvdb::new(LOCAL).unwrap();
        let root = db.root().unwrap();
        assert_eq!(
            root.value("/org/gnome/desktop/session/idle-delay")
                .unwrap()
                .unwrap(),
            GValue::Uint32(600)
        );
        assert_eq!(
            root.value("/org/gnome/desktop/screensaver/lock-enabled")
                .unwrap()
                .unwrap(),
            GValue::Boolean(true)
        );
        assert_eq!(
            root.value("/org/gnome/desktop/screensaver/lock-delay")
                .unwrap()
                .unwrap(),
            GValue::Uint32(0)
        );
        assert!(root.value("/org/gnome/desktop/session/").is_none());
        assert!(root.value("/org/gnome/desktop/session/nothing").is_none());
        let locks = root.table(".locks").unwrap().unwrap();
        let names: Vec<&str> = locks.names().collect();
        assert_eq!(names, vec!["/org/gnome/desktop/session/idle-delay"]);
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        assert_eq!(Gvdb::new(b"not a db").err(), Some(GvdbError::Signature));
        assert_eq!(
            Gvdb::new(b"GVariant\0\0\0\0").err(),
            Some(GvdbError::Signature)
        );
        // Every truncation of a real file either reads or fails cleanly.
        for len in 0..LOCAL.len() {
            if let Ok(db) = Gvdb::new(&LOCAL[..len]) {
                if let Ok(root) = db.root() {
                    let names: Vec<String> = root.names().map(String::from).collect();
                    for n in names {
                        let _ = root.value(&n);
                        let _ = root.table(&n);
                    }
                }
            }
        }
        // Flipping bytes does not panic either.
        for i in 0..LOCAL.len() {
            let mut bytes = LOCAL.to_vec();
            bytes[i] ^= 0xff;
            if let Ok(db) = Gvdb::new(&bytes) {
                if let Ok(root) = db.root() {
                    let names: Vec<String> = root.names().map(String::from).collect();
                    for n in names {
                        let _ = root.value(&n);
                        if let Some(Ok(t)) = root.table(&n) {
                            let _ = t.names().count();
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn gvariant_text() {
        assert_eq!(
            GValue::parse_text("uint32 600", None),
            Some(GValue::Uint32(600))
        );
        assert_eq!(
            GValue::parse_text("@u 600", None),
            Some(GValue::Uint32(600))
        );
        // dconf update stores an unannotated number as int32.
        assert_eq!(GValue::parse_text("600", None), Some(GValue::Int32(600)));
        assert_eq!(
            GValue::parse_text("600", Some("u")),
            Some(GValue::Uint32(600))
        );
        assert_eq!(
            GValue::parse_text(" true ", Some("b")),
            Some(GValue::Boolean(true))
        );
        assert_eq!(
            GValue::parse_text("'blank-only'", None),
            Some(GValue::String("blank-only".into()))
        );
        assert_eq!(GValue::parse_text("-5", Some("u")), None);
        assert_eq!(GValue::parse_text("maybe", Some("b")), None);
        assert_eq!(GValue::Uint32(600).text(), "uint32 600");
    }
}
