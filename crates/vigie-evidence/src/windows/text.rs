//! Decoding what Windows tools write: UTF-16LE with a byte-order mark
//! (secedit exports, `reg export`, PowerShell 5.1 redirections), UTF-8 with
//! or without one (PowerShell `-Encoding utf8`, JSON), and line ends in CRLF.

/// Decodes bytes by their byte-order mark: UTF-16LE, UTF-16BE or UTF-8
/// (BOM or not). Text without a BOM that is not valid UTF-8 is decoded
/// lossily, never an error: parsers then say what they could not read.
pub fn decode(bytes: &[u8]) -> String {
    let utf16 = |rest: &[u8], le: bool| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    let text = match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        // UTF-16LE without a BOM: ASCII text has every second byte zero.
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => utf16(bytes, true),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    };
    text.replace("\r\n", "\n")
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn boms_and_line_ends() {
        let mut le = vec![0xFF, 0xFE];
        for u in "[Unicode]\r\nUnicode=yes\r\né".encode_utf16() {
            le.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&le), "[Unicode]\nUnicode=yes\né");
        assert_eq!(decode(b"\xEF\xBB\xBFa=1\r\n"), "a=1\n");
        assert_eq!(decode(b"a\0=\x001\0"), "a=1");
        assert_eq!(decode(b"plain"), "plain");
    }
}
