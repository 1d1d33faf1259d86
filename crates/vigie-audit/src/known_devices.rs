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

#[cfg(test)]
mod tests {
    use super::*;

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
