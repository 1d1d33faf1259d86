//! The list of devices a practice confirms as its own (4.1.2.a), given with
//! `--known-devices FILE`: one device per line, its MAC address then an
//! optional label; `#` starts a comment.
//!
//! ```text
//! # imprimante de l'accueil
//! 3c:2a:f4:12:34:56  Imprimante accueil
//! 00-1B-63-AA-BB-CC  Box
//! ```

use crate::KnownDevice;

/// A line that is not a device.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct KnownDevicesError {
    pub line: usize,
    pub message: String,
}

/// Parses the file; MAC addresses are normalised to `aa:bb:cc:dd:ee:ff`.
pub fn parse(text: &str) -> Result<Vec<KnownDevice>, KnownDevicesError> {
    let mut devices = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let (mac, label) = match line.split_once(char::is_whitespace) {
            Some((m, l)) => (m, Some(l.trim().to_string()).filter(|l| !l.is_empty())),
            None => (line, None),
        };
        let mac = normalize_mac(mac).ok_or_else(|| KnownDevicesError {
            line: i + 1,
            message: format!(
                "« {mac} » n'est pas une adresse MAC (attendu : aa:bb:cc:dd:ee:ff) / \"{mac}\" is not a MAC address (expected aa:bb:cc:dd:ee:ff)"
            ),
        })?;
        devices.push(KnownDevice { mac, label });
    }
    Ok(devices)
}

/// `AA-BB-CC-DD-EE-FF`, `aa:bb:cc:dd:ee:ff` or `aabb.ccdd.eeff` as
/// `aa:bb:cc:dd:ee:ff`; `None` when it is not six bytes of hex.
pub fn normalize_mac(text: &str) -> Option<String> {
    let hex: String = text
        .chars()
        .filter(|c| !matches!(c, ':' | '-' | '.'))
        .collect();
    if hex.len() != 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let hex = hex.to_ascii_lowercase();
    Some(
        (0..6)
            .map(|i| &hex[2 * i..2 * i + 2])
            .collect::<Vec<_>>()
            .join(":"),
    )
}

// ---------------------------------------------------------------------------
// MAC address vendors
// ---------------------------------------------------------------------------

/// The IEEE MA-L (OUI) registry as `PREFIX<TAB>VENDOR` lines sorted by
/// prefix: Debian `ieee-data` 20220827.1, registry snapshot of 2022-08-27;
/// the IEEE asserts no copyright on this listing. See `data/README.md`.
const OUI_TABLE: &str = include_str!("../data/oui.tsv");

/// Who made a network card, from its MAC address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vendor {
    /// The holder of the address block in the IEEE registry.
    Registered(&'static str),
    /// Bit 0x02 of the first byte: an address chosen by software, not the
    /// maker (phones and laptops randomise it per network); no vendor.
    LocallyAdministered,
    /// A universal address whose block is not in the embedded registry.
    Unregistered,
}

/// The first three bytes of `aa:bb:cc:dd:ee:ff` (any case), if it is one.
fn oui_of(mac: &str) -> Option<[u8; 3]> {
    let mac = normalize_mac(mac)?;
    let mut out = [0u8; 3];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(mac.get(3 * i..3 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// The vendor of a MAC address; `None` when it is not a MAC address.
pub fn vendor(mac: &str) -> Option<Vendor> {
    let oui = oui_of(mac)?;
    if oui[0] & 0x02 != 0 {
        return Some(Vendor::LocallyAdministered);
    }
    let key = format!("{:02X}{:02X}{:02X}", oui[0], oui[1], oui[2]);
    Some(match lookup(OUI_TABLE, &key) {
        Some(name) => Vendor::Registered(name),
        None => Vendor::Unregistered,
    })
}

/// Binary search over the sorted lines of `table`, in place: `lo` and `hi`
/// always sit at the start of a line.
fn lookup<'a>(table: &'a str, key: &str) -> Option<&'a str> {
    let bytes = table.as_bytes();
    let (mut lo, mut hi) = (0usize, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes[lo..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |p| lo + p + 1);
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| start + p);
        let line = table.get(start..end)?;
        let (prefix, name) = line.split_once('\t')?;
        match prefix.cmp(key) {
            std::cmp::Ordering::Equal => return Some(name),
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    None
}

/// Whether the MAC is a multicast or broadcast address (bit 0x01 of the
/// first byte): never a device.
pub fn is_group_address(mac: &str) -> bool {
    oui_of(mac).is_some_and(|o| o[0] & 0x01 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oui_table_is_sorted_unique_and_parseable() {
        let mut previous = String::new();
        let mut count = 0;
        for (n, line) in OUI_TABLE.lines().enumerate() {
            let (prefix, name) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("line {}: no tab", n + 1));
            assert_eq!(prefix.len(), 6, "line {}", n + 1);
            assert!(
                prefix
                    .chars()
                    .all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c)),
                "line {}: {prefix}",
                n + 1
            );
            assert!(
                !name.trim().is_empty() && !name.contains('\t'),
                "line {}",
                n + 1
            );
            assert!(prefix > previous.as_str(), "line {}: not sorted", n + 1);
            previous = prefix.to_string();
            count += 1;
        }
        assert!(count > 30_000, "{count} prefixes");
        assert!(OUI_TABLE.ends_with('\n'));
    }

    #[test]
    fn vendors_from_mac_addresses() {
        // First, last and middle lines of the table, and real vendors.
        assert_eq!(
            vendor("00:00:00:12:34:56"),
            Some(Vendor::Registered("XEROX CORPORATION"))
        );
        let last = OUI_TABLE.lines().last().unwrap();
        let (p, name) = last.split_once('\t').unwrap();
        let mac = format!("{}:{}:{}:00:00:01", &p[0..2], &p[2..4], &p[4..6]);
        assert_eq!(vendor(&mac), Some(Vendor::Registered(name)));
        for line in OUI_TABLE.lines().step_by(997) {
            let (p, name) = line.split_once('\t').unwrap();
            let mac = format!("{}-{}-{}-aa-bb-cc", &p[0..2], &p[2..4], &p[4..6]);
            if u8::from_str_radix(&p[0..2], 16).unwrap() & 0x02 == 0 {
                assert_eq!(vendor(&mac), Some(Vendor::Registered(name)), "{mac}");
            }
        }
        assert_eq!(
            vendor("3C:2A:F4:12:34:56"),
            Some(Vendor::Registered("Brother Industries, LTD."))
        );
        // A randomised phone address, an unassigned block, not a MAC.
        assert_eq!(
            vendor("da:a1:19:00:11:22"),
            Some(Vendor::LocallyAdministered)
        );
        let absent = (0u32..0xFFFFFF)
            .map(|i| format!("{i:06X}"))
            .find(|p| {
                u8::from_str_radix(&p[0..2], 16).unwrap() & 0x03 == 0
                    && lookup(OUI_TABLE, p).is_none()
            })
            .unwrap();
        let mac = format!(
            "{}:{}:{}:00:00:01",
            &absent[0..2],
            &absent[2..4],
            &absent[4..6]
        );
        assert_eq!(vendor(&mac), Some(Vendor::Unregistered));
        assert_eq!(vendor("imprimante"), None);
        assert!(is_group_address("01:00:5e:00:00:fb"));
        assert!(is_group_address("ff:ff:ff:ff:ff:ff"));
        assert!(!is_group_address("3c:2a:f4:12:34:56"));
    }

    #[test]
    fn parses_labels_comments_and_separators() {
        let d =
            parse("# list\n3C:2A:F4:12:34:56  Imprimante accueil\n\n00-1b-63-aa-bb-cc\n").unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].mac, "3c:2a:f4:12:34:56");
        assert_eq!(d[0].label.as_deref(), Some("Imprimante accueil"));
        assert_eq!(d[1].mac, "00:1b:63:aa:bb:cc");
    }

    #[test]
    fn a_bad_line_is_named() {
        let e = parse("00:11:22:33:44:55\nimprimante\n").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
