//! A read-only reader of registry hive files (the "regf" format of
//! `NTUSER.DAT`), enough to read a few keys of a user who is not logged in
//! without ever loading the hive into the live registry.
//!
//! Format as documented in "Windows registry file format specification"
//! (Maxim Suhanov, github.com/msuhanov/regf) and libyal's "Windows NT
//! Registry File (REGF) format": a 4096-byte base block (`regf`, sequence
//! numbers at 4 and 8, root cell offset at 0x24), then hive bins whose cells
//! are addressed by offsets relative to the end of the base block. A cell
//! starts with its size as an i32 (negative when allocated). Key nodes
//! (`nk`) point to a subkeys list (`lf`, `lh`, `li`, or `ri` of those) and a
//! values list; value nodes (`vk`) hold small data inline (size with the top
//! bit set) or point to a data cell. Every read is bounds-checked: a damaged
//! or truncated file gives an error, never a panic.
//!
//! (`nt-hive` was considered and not used: its licence, GPL-2.0-or-later,
//! is not permissive.)

use super::super::reg::{RegKey, RegValue};

/// Why a hive could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HiveError {
    #[error("not a registry hive (no \"regf\" signature)")]
    NotAHive,
    #[error(
        "hive not cleanly closed (sequence numbers {0} and {1} differ): recent changes may be in its transaction log"
    )]
    Dirty(u32, u32),
    #[error("damaged or truncated hive: {0}")]
    Corrupt(String),
}

const BASE_BLOCK: usize = 4096;
const KEY_COMP_NAME: u16 = 0x20;
const VALUE_COMP_NAME: u16 = 0x1;
/// More entries than this in one list means a damaged file.
const MAX_ENTRIES: usize = 65_536;

/// A hive file held in memory.
pub struct Hive<'a> {
    data: &'a [u8],
    root: u32,
}

/// A key of a hive.
#[derive(Clone, Copy)]
pub struct Key<'h, 'a> {
    hive: &'h Hive<'a>,
    /// Absolute offset of the `nk` cell's data.
    at: usize,
}

fn corrupt(what: impl Into<String>) -> HiveError {
    HiveError::Corrupt(what.into())
}

impl<'a> Hive<'a> {
    /// Checks the base block and finds the root key.
    pub fn new(data: &'a [u8]) -> Result<Self, HiveError> {
        if data.get(0..4) != Some(b"regf") {
            return Err(HiveError::NotAHive);
        }
        let h = Hive { data, root: 0 };
        let seq1 = h.u32(4)?;
        let seq2 = h.u32(8)?;
        if seq1 != seq2 {
            return Err(HiveError::Dirty(seq1, seq2));
        }
        let root = h.u32(0x24)?;
        Ok(Hive { data, root })
    }

    fn bytes(&self, at: usize, len: usize) -> Result<&'a [u8], HiveError> {
        at.checked_add(len)
            .and_then(|end| self.data.get(at..end))
            .ok_or_else(|| corrupt(format!("{len} bytes at {at:#x} beyond the end of the file")))
    }
    fn u16(&self, at: usize) -> Result<u16, HiveError> {
        let b = self.bytes(at, 2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&self, at: usize) -> Result<u32, HiveError> {
        let b = self.bytes(at, 4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// The data of the cell at a hive offset, and its usable length.
    fn cell(&self, offset: u32) -> Result<(usize, usize), HiveError> {
        if offset == u32::MAX {
            return Err(corrupt("reference to no cell"));
        }
        let at = BASE_BLOCK
            .checked_add(offset as usize)
            .ok_or_else(|| corrupt("cell offset overflows"))?;
        let size = self.u32(at)? as i32;
        // Allocated cells have a negative size that includes the size field.
        let len = size.unsigned_abs() as usize;
        if len < 4 {
            return Err(corrupt(format!("cell at {offset:#x} has size {size}")));
        }
        self.bytes(at, len)?;
        Ok((at + 4, len - 4))
    }

    /// The root key.
    pub fn root(&self) -> Result<Key<'_, 'a>, HiveError> {
        self.key_at(self.root)
    }

    fn key_at(&self, offset: u32) -> Result<Key<'_, 'a>, HiveError> {
        let (at, _) = self.cell(offset)?;
        if self.bytes(at, 2)? != b"nk" {
            return Err(corrupt(format!("no key node at {offset:#x}")));
        }
        Ok(Key { hive: self, at })
    }

    /// Key offsets of a subkeys list (`lf`, `lh`, `li`, `ri`).
    fn list_keys(&self, offset: u32, depth: u8, out: &mut Vec<u32>) -> Result<(), HiveError> {
        let (at, _) = self.cell(offset)?;
        let sig = self.bytes(at, 2)?;
        let count = self.u16(at + 2)? as usize;
        let (step, nested) = match sig {
            b"lf" | b"lh" => (8, false),
            b"li" => (4, false),
            b"ri" => (4, true),
            _ => return Err(corrupt(format!("unknown subkeys list at {offset:#x}"))),
        };
        for i in 0..count {
            let item = self.u32(at + 4 + i * step)?;
            if nested {
                if depth > 0 {
                    return Err(corrupt("nested index roots"));
                }
                self.list_keys(item, depth + 1, out)?;
            } else {
                out.push(item);
            }
            if out.len() > MAX_ENTRIES {
                return Err(corrupt("too many subkeys"));
            }
        }
        Ok(())
    }
}

/// UTF-16LE without the trailing NULs.
fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
        .trim_end_matches('\0')
        .to_string()
}

/// A "compressed" name: one byte per character (Latin-1).
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| b as char).collect()
}

impl<'h, 'a> Key<'h, 'a> {
    /// The key's own name.
    pub fn name(&self) -> Result<String, HiveError> {
        let h = self.hive;
        let flags = h.u16(self.at + 2)?;
        let len = h.u16(self.at + 0x48)? as usize;
        let raw = h.bytes(self.at + 0x4C, len)?;
        Ok(if flags & KEY_COMP_NAME != 0 {
            latin1(raw)
        } else {
            utf16(raw)
        })
    }

    /// Every subkey.
    pub fn subkeys(&self) -> Result<Vec<Key<'h, 'a>>, HiveError> {
        let h = self.hive;
        let count = h.u32(self.at + 0x14)?;
        if count == 0 {
            return Ok(Vec::new());
        }
        let mut offsets = Vec::new();
        h.list_keys(h.u32(self.at + 0x1C)?, 0, &mut offsets)?;
        offsets.into_iter().map(|o| h.key_at(o)).collect()
    }

    /// A direct subkey by name, ignoring case as the registry does.
    pub fn subkey(&self, name: &str) -> Result<Option<Key<'h, 'a>>, HiveError> {
        let want = name.to_lowercase();
        for k in self.subkeys()? {
            if k.name()?.to_lowercase() == want {
                return Ok(Some(k));
            }
        }
        Ok(None)
    }

    /// A key below this one, by a backslash-separated path.
    pub fn path(&self, path: &str) -> Result<Option<Key<'h, 'a>>, HiveError> {
        let mut key = *self;
        for part in path.split('\\').filter(|p| !p.is_empty()) {
            match key.subkey(part)? {
                Some(k) => key = k,
                None => return Ok(None),
            }
        }
        Ok(Some(key))
    }

    /// The key's values, shown as `reg query` prints them (`REG_SZ` text,
    /// `REG_DWORD` as `0x…`). The default (unnamed) value is left out, as
    /// [`super::super::reg::parse_reg_query`] does.
    pub fn values(&self) -> Result<Vec<RegValue>, HiveError> {
        let h = self.hive;
        let count = h.u32(self.at + 0x24)? as usize;
        if count == 0 {
            return Ok(Vec::new());
        }
        if count > MAX_ENTRIES {
            return Err(corrupt("too many values"));
        }
        let (list, len) = h.cell(h.u32(self.at + 0x28)?)?;
        if count * 4 > len {
            return Err(corrupt("values list shorter than its count"));
        }
        let mut out = Vec::new();
        for i in 0..count {
            let (at, _) = h.cell(h.u32(list + i * 4)?)?;
            if h.bytes(at, 2)? != b"vk" {
                return Err(corrupt("no value node in a values list"));
            }
            let name_len = h.u16(at + 2)? as usize;
            let size = h.u32(at + 4)?;
            let data_at = h.u32(at + 8)?;
            let kind = h.u32(at + 0x0C)?;
            let flags = h.u16(at + 0x10)?;
            let raw_name = h.bytes(at + 0x14, name_len)?;
            let name = if flags & VALUE_COMP_NAME != 0 {
                latin1(raw_name)
            } else {
                utf16(raw_name)
            };
            if name.is_empty() {
                continue;
            }
            let data: Vec<u8> = if size & 0x8000_0000 != 0 {
                // Resident: up to 4 bytes in the offset field itself.
                let n = ((size & 0x7FFF_FFFF) as usize).min(4);
                data_at.to_le_bytes()[..n].to_vec()
            } else {
                let (d, dlen) = h.cell(data_at)?;
                let n = size as usize;
                if n > dlen {
                    // "db" big data (values over 16 KB) is not needed here.
                    return Err(corrupt(format!("value {name} stored as big data")));
                }
                h.bytes(d, n)?.to_vec()
            };
            let (kind_name, shown) = show(kind, &data);
            out.push(RegValue {
                name,
                kind: kind_name,
                data: shown,
            });
        }
        Ok(out)
    }

    /// This key as a [`RegKey`] named `path`.
    pub fn to_reg_key(&self, path: &str) -> Result<RegKey, HiveError> {
        Ok(RegKey {
            path: path.to_string(),
            values: self.values()?,
        })
    }
}

/// A value's type name and its data as `reg query` prints it.
fn show(kind: u32, data: &[u8]) -> (String, String) {
    let le32 = |d: &[u8]| {
        let mut b = [0u8; 4];
        for (i, x) in d.iter().take(4).enumerate() {
            b[i] = *x;
        }
        u32::from_le_bytes(b)
    };
    let hex = |d: &[u8]| d.iter().map(|b| format!("{b:02X}")).collect::<String>();
    match kind {
        1 => ("REG_SZ".into(), utf16(data)),
        2 => ("REG_EXPAND_SZ".into(), utf16(data)),
        3 => ("REG_BINARY".into(), hex(data)),
        4 => ("REG_DWORD".into(), format!("0x{:x}", le32(data))),
        5 => {
            let mut b = [0u8; 4];
            for (i, x) in data.iter().take(4).enumerate() {
                b[i] = *x;
            }
            (
                "REG_DWORD_BIG_ENDIAN".into(),
                format!("0x{:x}", u32::from_be_bytes(b)),
            )
        }
        7 => (
            "REG_MULTI_SZ".into(),
            utf16(data)
                .split('\0')
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("\\0"),
        ),
        11 => {
            let mut b = [0u8; 8];
            for (i, x) in data.iter().take(8).enumerate() {
                b[i] = *x;
            }
            ("REG_QWORD".into(), format!("0x{:x}", u64::from_le_bytes(b)))
        }
        other => (format!("REG_TYPE_{other}"), hex(data)),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds a small hive by hand, cell by cell, as the format describes
    /// (the committed fixtures come from an independent writer, hivex).
    pub(crate) struct Builder {
        bins: Vec<u8>,
    }

    impl Builder {
        fn new() -> Self {
            Builder { bins: Vec::new() }
        }
        fn cell(&mut self, data: &[u8]) -> u32 {
            let offset = self.bins.len() as u32;
            let mut size = data.len() + 4;
            size = size.div_ceil(8) * 8;
            self.bins.extend_from_slice(&(-(size as i32)).to_le_bytes());
            self.bins.extend_from_slice(data);
            self.bins.resize(offset as usize + size, 0);
            offset
        }
        fn value(&mut self, name: &str, kind: u32, data: &[u8]) -> u32 {
            let (size, data_off) = if data.len() <= 4 {
                let mut b = [0u8; 4];
                b[..data.len()].copy_from_slice(data);
                (data.len() as u32 | 0x8000_0000, u32::from_le_bytes(b))
            } else {
                (data.len() as u32, self.cell(data))
            };
            let mut vk = b"vk".to_vec();
            vk.extend((name.len() as u16).to_le_bytes());
            vk.extend(size.to_le_bytes());
            vk.extend(data_off.to_le_bytes());
            vk.extend(kind.to_le_bytes());
            vk.extend(1u16.to_le_bytes());
            vk.extend(0u16.to_le_bytes());
            vk.extend(name.as_bytes());
            self.cell(&vk)
        }
        fn key(&mut self, name: &str, subkeys: &[u32], values: &[u32]) -> u32 {
            let list = if subkeys.is_empty() {
                u32::MAX
            } else {
                let mut li = b"li".to_vec();
                li.extend((subkeys.len() as u16).to_le_bytes());
                for s in subkeys {
                    li.extend(s.to_le_bytes());
                }
                self.cell(&li)
            };
            let vlist = if values.is_empty() {
                u32::MAX
            } else {
                let v: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
                self.cell(&v)
            };
            let mut nk = b"nk".to_vec();
            nk.extend(KEY_COMP_NAME.to_le_bytes());
            nk.resize(0x14, 0);
            nk.extend((subkeys.len() as u32).to_le_bytes());
            nk.extend(0u32.to_le_bytes());
            nk.extend(list.to_le_bytes());
            nk.extend(u32::MAX.to_le_bytes());
            nk.extend((values.len() as u32).to_le_bytes());
            nk.extend(vlist.to_le_bytes());
            nk.resize(0x48, 0);
            nk.extend((name.len() as u16).to_le_bytes());
            nk.extend(0u16.to_le_bytes());
            nk.extend(name.as_bytes());
            self.cell(&nk)
        }
        fn finish(self, root: u32, seq2: u32) -> Vec<u8> {
            let mut out = vec![0u8; BASE_BLOCK];
            out[0..4].copy_from_slice(b"regf");
            out[4..8].copy_from_slice(&1u32.to_le_bytes());
            out[8..12].copy_from_slice(&seq2.to_le_bytes());
            out[0x24..0x28].copy_from_slice(&root.to_le_bytes());
            out.extend(self.bins);
            out
        }
    }

    fn sz(s: &str) -> Vec<u8> {
        s.encode_utf16()
            .chain(std::iter::once(0))
            .flat_map(|u| u.to_le_bytes())
            .collect()
    }

    pub(crate) fn sample(seq2: u32) -> Vec<u8> {
        let mut b = Builder::new();
        let v1 = b.value("ScreenSaveTimeOut", 1, &sz("600"));
        let v2 = b.value("ScreenSaverIsSecure", 1, &sz("1"));
        let v3 = b.value("SomeDword", 4, &0x384u32.to_le_bytes());
        let desktop = b.key("Desktop", &[], &[v1, v2, v3]);
        let cp = b.key("Control Panel", &[desktop], &[]);
        let root = b.key("ROOT", &[cp], &[]);
        b.finish(root, seq2)
    }

    #[test]
    fn reads_keys_and_values_by_path() {
        let bytes = sample(1);
        let hive = Hive::new(&bytes).unwrap();
        let root = hive.root().unwrap();
        assert_eq!(root.name().unwrap(), "ROOT");
        let k = root.path("control panel\\DESKTOP").unwrap().unwrap();
        let key = k.to_reg_key("HKU\\x").unwrap();
        assert_eq!(key.value("ScreenSaveTimeOut").unwrap().data, "600");
        assert_eq!(key.value("screensaverissecure").unwrap().as_u64(), Some(1));
        assert_eq!(key.value("SomeDword").unwrap().data, "0x384");
        assert!(root.path("Software\\Policies").unwrap().is_none());
    }

    #[test]
    fn bad_files_are_errors_not_panics() {
        assert_eq!(Hive::new(b"MZ").err(), Some(HiveError::NotAHive));
        assert!(matches!(
            Hive::new(&sample(2)).err(),
            Some(HiveError::Dirty(1, 2))
        ));
        let full = sample(1);
        for cut in [10, 100, 4096, 4100, full.len() - 40, full.len() - 1] {
            let part = &full[..cut];
            if let Ok(h) = Hive::new(part) {
                let r = h
                    .root()
                    .and_then(|r| r.path("Control Panel\\Desktop"))
                    .and_then(|k| k.map(|k| k.values()).transpose());
                assert!(r.is_err(), "cut at {cut}");
            }
        }
        // Random bytes after a valid signature.
        let mut junk = b"regf".to_vec();
        junk.extend((0..5000u32).map(|i| (i.wrapping_mul(2654435761) >> 24) as u8));
        junk[4..12].copy_from_slice(&[0; 8]);
        if let Ok(h) = Hive::new(&junk) {
            let _ = h.root().and_then(|r| r.subkeys());
        }
    }
}
