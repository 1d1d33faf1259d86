//! Reading what Windows PowerShell 5.1's `ConvertTo-Json` prints: one object
//! for a single result and an array for several (the pipeline unrolls
//! one-element arrays), nothing at all for none; enumerations as numbers
//! unless the command turned them into their names; dates as
//! `"\/Date(ms)\/"` unless the command formatted them (`ToString('o')`).

use serde_json::Value;

/// The objects of a `ConvertTo-Json` output: empty output is no object, a
/// single object is a list of one.
pub fn objects(text: &str) -> Result<Vec<Value>, String> {
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("not the JSON expected: {e}"))?;
    Ok(match value {
        Value::Array(items) => items.into_iter().filter(|v| !v.is_null()).collect(),
        Value::Null => Vec::new(),
        other => vec![other],
    })
}

/// A property, looked up without regard to case (PowerShell's own rule).
pub fn field<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    let map = v.as_object()?;
    map.get(name)
        .or_else(|| {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        })
        .filter(|v| !v.is_null())
}

/// A property as text (numbers and booleans as written).
pub fn text(v: &Value, name: &str) -> Option<String> {
    match field(v, name)? {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "True" } else { "False" }.to_string()),
        _ => None,
    }
}

/// A property as a boolean: JSON booleans, "True"/"False" (any case), 1/0.
pub fn boolean(v: &Value, name: &str) -> Option<bool> {
    match field(v, name)? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A property as an integer (a number, or a string holding one).
pub fn integer(v: &Value, name: &str) -> Option<i64> {
    match field(v, name)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.trunc() as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A property that is a list (a single value is a list of one).
pub fn list<'a>(v: &'a Value, name: &str) -> Vec<&'a Value> {
    match field(v, name) {
        Some(Value::Array(items)) => items.iter().filter(|i| !i.is_null()).collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    }
}

/// An enumeration property as its name: the name when the command printed
/// it, else the number looked up in `names` (PowerShell 5.1 prints the
/// number), else the number as text.
pub fn enumeration(v: &Value, name: &str, names: &[(i64, &str)]) -> Option<String> {
    match field(v, name)? {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => {
            let n = n.as_i64()?;
            Some(
                names
                    .iter()
                    .find(|(k, _)| *k == n)
                    .map(|(_, s)| s.to_string())
                    .unwrap_or_else(|| n.to_string()),
            )
        }
        _ => None,
    }
}

/// A date property, as RFC 3339 in UTC (`2026-11-27T06:12:31Z`). Accepts
/// `\/Date(ms)\/` (UTC milliseconds, an offset suffix ignored), ISO 8601
/// with or without fraction and offset (no offset: `assume_utc` says UTC,
/// else the value is kept as local time and marked UTC all the same: a few
/// hours do not matter for ages counted in days), and `yyyy-MM-dd`.
pub fn date(v: &Value, name: &str) -> Option<String> {
    let raw = match field(v, name)? {
        Value::String(s) => s.clone(),
        // PowerShell 5.1 may wrap a date as {"value": "\/Date(..)\/", "DateTime": ".."}.
        obj @ Value::Object(_) => text(obj, "value")?,
        _ => return None,
    };
    parse_date(&raw).map(rfc3339)
}

/// Formats a date-time as RFC 3339 in UTC, whole seconds.
pub fn rfc3339(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Parses the date forms PowerShell and Windows tools print.
pub fn parse_date(raw: &str) -> Option<time::OffsetDateTime> {
    let s = raw.trim();
    if let Some(rest) = s
        .strip_prefix("/Date(")
        .or_else(|| s.strip_prefix("\\/Date("))
    {
        let digits: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        let ms: i64 = digits.parse().ok()?;
        return time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)).ok();
    }
    let (date_part, rest) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    };
    let mut d = date_part.split('-');
    let year: i32 = d.next()?.parse().ok()?;
    let month: u8 = d.next()?.parse().ok()?;
    let day: u8 = d.next()?.parse().ok()?;
    if d.next().is_some() {
        return None;
    }
    let date =
        time::Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()?;
    if rest.is_empty() {
        return Some(date.midnight().assume_utc());
    }
    // hh:mm:ss[.fraction][Z|±hh:mm]
    let (clock, offset) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => (&rest[..i], Some(&rest[i..])),
        None => (rest, None),
    };
    let clock = clock.split('.').next()?;
    let mut c = clock.split(':');
    let hour: u8 = c.next()?.trim().parse().ok()?;
    let minute: u8 = c.next()?.trim().parse().ok()?;
    let second: u8 = c.next().map(|s| s.trim().parse().ok()).unwrap_or(Some(0))?;
    let t = date
        .with_hms(hour, minute, second.min(59))
        .ok()?
        .assume_utc();
    let offset = match offset {
        None | Some("Z") | Some("z") => return Some(t),
        Some(o) => o,
    };
    let sign: i64 = if o_starts_minus(offset) { -1 } else { 1 };
    let mut parts = offset[1..].split(':');
    let oh: i64 = parts.next()?.parse().ok()?;
    let om: i64 = parts.next().map(|m| m.parse().ok()).unwrap_or(Some(0))?;
    Some(t - time::Duration::minutes(sign * (oh * 60 + om)))
}

fn o_starts_minus(o: &str) -> bool {
    o.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn single_object_array_and_nothing() {
        assert_eq!(objects("").unwrap().len(), 0);
        assert_eq!(objects("\u{feff}{\"a\":1}\r\n").unwrap().len(), 1);
        assert_eq!(objects("[{\"a\":1},{\"a\":2}]").unwrap().len(), 2);
        assert!(objects("Get-Foo : error").is_err());
    }

    #[test]
    fn fields_ignore_case_and_enums_read_both_ways() {
        let v = json!({"Enabled": 1, "DefaultInboundAction": 4, "Name": "Public", "x": "True"});
        assert_eq!(boolean(&v, "enabled"), Some(true));
        assert_eq!(boolean(&v, "X"), Some(true));
        let names = [(2, "Allow"), (4, "Block")];
        assert_eq!(
            enumeration(&v, "DefaultInboundAction", &names).as_deref(),
            Some("Block")
        );
        let v = json!({"DefaultInboundAction": "Block"});
        assert_eq!(
            enumeration(&v, "DefaultInboundAction", &names).as_deref(),
            Some("Block")
        );
    }

    #[test]
    fn dates_in_every_form() {
        let v = json!({
            "a": "\\/Date(1795766400000)\\/",
            "b": "/Date(1795766400000+0100)/",
            "c": "2026-11-27T06:12:31.1234567Z",
            "d": "2026-11-27T07:12:31.0000000+01:00",
            "e": "2026-11-27",
            "f": {"value": "/Date(1795766400000)/", "DateTime": "vendredi 27 novembre 2026"},
            "g": "2026-11-27T06:12:31",
            "h": "le 27/11"
        });
        assert_eq!(date(&v, "a").as_deref(), Some("2026-11-27T08:00:00Z"));
        assert_eq!(date(&v, "b").as_deref(), Some("2026-11-27T08:00:00Z"));
        assert_eq!(date(&v, "c").as_deref(), Some("2026-11-27T06:12:31Z"));
        assert_eq!(date(&v, "d").as_deref(), Some("2026-11-27T06:12:31Z"));
        assert_eq!(date(&v, "e").as_deref(), Some("2026-11-27T00:00:00Z"));
        assert_eq!(date(&v, "f").as_deref(), Some("2026-11-27T08:00:00Z"));
        assert_eq!(date(&v, "g").as_deref(), Some("2026-11-27T06:12:31Z"));
        assert_eq!(date(&v, "h"), None);
    }
}
