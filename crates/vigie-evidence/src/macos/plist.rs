//! Property lists, as macOS stores its settings: binary (`bplist00`) in
//! `/Library/Preferences`, XML where a tool prints them or a capture script
//! converted them with `plutil -convert xml1`. Both go through the `plist`
//! crate; these helpers read the few types settings use, tolerantly
//! (`defaults write` stores a boolean as an integer or a string as often as
//! as a boolean).

use crate::fs::FsError;
use crate::model::Collected;
use crate::sys::{fs_error, Sys};
pub use plist::Value;

/// Settings files are small; anything bigger is not one.
const MAX_PLIST: u64 = 16 * 1024 * 1024;

/// Parses a binary or XML property list. Text before the XML (a tool's
/// first line, such as pwpolicy's "Getting global account policies") is
/// skipped.
pub fn parse(bytes: &[u8]) -> Result<Value, String> {
    if bytes.starts_with(b"bplist") {
        return Value::from_reader(std::io::Cursor::new(bytes)).map_err(|e| e.to_string());
    }
    let text = String::from_utf8_lossy(bytes);
    let start = text
        .find("<?xml")
        .or_else(|| text.find("<!DOCTYPE plist"))
        .or_else(|| text.find("<plist"))
        .ok_or_else(|| "no property list in the output".to_string())?;
    Value::from_reader_xml(std::io::Cursor::new(text[start..].as_bytes()))
        .map_err(|e| e.to_string())
}

/// Reads a property list file and turns it into a table with `read`.
pub fn file<T>(sys: &Sys, path: &str, read: impl FnOnce(&Value) -> T) -> Collected<T> {
    match sys.fs.read_bytes(path, MAX_PLIST) {
        Ok(bytes) => match parse(&bytes) {
            Ok(v) => Collected::Ok {
                source: path.to_string(),
                value: read(&v),
            },
            Err(e) => Collected::Unreadable {
                source: path.to_string(),
                error: format!("not a property list: {e}"),
            },
        },
        Err(FsError::NotFound) => Collected::Missing {
            source: path.to_string(),
        },
        Err(e) => fs_error(path, e),
    }
}

/// A dictionary's entry.
pub fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_dictionary().and_then(|d| d.get(key))
}

/// An entry read as a boolean: `<true/>`, 1/0, "1", "true", "YES".
pub fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Boolean(b) => Some(*b),
        Value::Integer(i) => i.as_signed().map(|n| n != 0),
        Value::Real(r) => Some(*r != 0.0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" => Some(true),
            "0" | "false" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// An entry read as a whole number (a real is rounded down).
pub fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Integer(i) => i.as_signed(),
        Value::Real(r) if r.is_finite() => Some(r.floor() as i64),
        Value::String(s) => s.trim().parse().ok(),
        Value::Boolean(b) => Some(i64::from(*b)),
        _ => None,
    }
}

/// An entry read as text.
pub fn string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Integer(i) => i.as_signed().map(|n| n.to_string()),
        _ => None,
    }
}

/// A date entry as seconds since the Unix epoch.
pub fn date(v: &Value) -> Option<i64> {
    match v {
        Value::Date(d) => {
            let t: std::time::SystemTime = (*d).into();
            match t.duration_since(std::time::UNIX_EPOCH) {
                Ok(d) => Some(d.as_secs() as i64),
                Err(e) => Some(-(e.duration().as_secs() as i64)),
            }
        }
        Value::String(s) => {
            time::OffsetDateTime::parse(s.trim(), &time::format_description::well_known::Rfc3339)
                .ok()
                .map(|t| t.unix_timestamp())
        }
        _ => None,
    }
}

/// `key` of dictionary `v` as a boolean.
pub fn get_bool(v: &Value, key: &str) -> Option<bool> {
    get(v, key).and_then(boolean)
}

/// `key` of dictionary `v` as a whole number.
pub fn get_int(v: &Value, key: &str) -> Option<i64> {
    get(v, key).and_then(integer)
}

/// `key` of dictionary `v` as text.
pub fn get_string(v: &Value, key: &str) -> Option<String> {
    get(v, key).and_then(string)
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"Getting global account policies
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>a</key>
	<integer>3</integer>
	<key>b</key>
	<true/>
	<key>c</key>
	<string>1</string>
	<key>d</key>
	<date>2024-11-05T09:12:44Z</date>
</dict>
</plist>
"#;

    #[test]
    fn xml_after_a_first_line_and_tolerant_types() {
        let v = parse(XML.as_bytes()).unwrap();
        assert_eq!(get_int(&v, "a"), Some(3));
        assert_eq!(get_bool(&v, "b"), Some(true));
        assert_eq!(get_bool(&v, "c"), Some(true));
        assert_eq!(get(&v, "d").and_then(date), Some(1730797964));
        assert!(get(&v, "z").is_none());
    }

    #[test]
    fn binary_round_trip() {
        let v = parse(XML.as_bytes()).unwrap();
        let mut out = Vec::new();
        v.to_writer_binary(&mut out).unwrap();
        assert!(out.starts_with(b"bplist"));
        assert_eq!(parse(&out).unwrap(), v);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse(b"No global policies").is_err());
        assert!(parse(b"bplist00\x00\x01").is_err());
        assert!(parse(b"<plist><dict><key>a</key></plist>").is_err());
    }
}
