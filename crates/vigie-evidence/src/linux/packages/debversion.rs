//! Debian version comparison, as dpkg and apt order versions.
//!
//! deb-version(7) and dpkg's `lib/dpkg/version.c`: `[epoch:]upstream[-revision]`,
//! the epoch before the first colon, the revision after the last hyphen (none
//! is the same as `0`). Each part is compared by `verrevcmp`: alternating
//! runs of non-digits, compared character by character with `~` before
//! everything (even the end of the string), then letters, then the other
//! characters; and runs of digits, compared as numbers of any length. apt's
//! `debVersioningSystem::CmpVersion` gives the same order.
//!
//! Written here rather than taken from the `debversion` crate: that crate
//! brings regex, chrono and num-bigint for these forty lines, and its parser
//! rejects strings that apt still compares.

use std::cmp::Ordering;

/// dpkg's `order()`: `~` first, then the end of the string and digits
/// (never compared here), then letters, then everything else.
fn order(c: u8) -> i32 {
    match c {
        b'~' => -1,
        0 | b'0'..=b'9' => 0,
        c if c.is_ascii_alphabetic() => i32::from(c),
        c => i32::from(c) + 256,
    }
}

/// dpkg's `verrevcmp` on one part (epoch, upstream version or revision).
fn verrevcmp(a: &[u8], b: &[u8]) -> Ordering {
    // The byte at `i`, or 0 past the end, as in C strings.
    let at = |s: &[u8], i: usize| s.get(i).copied().unwrap_or(0);
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        while (i < a.len() && !a[i].is_ascii_digit()) || (j < b.len() && !b[j].is_ascii_digit()) {
            let (ac, bc) = (order(at(a, i)), order(at(b, j)));
            if ac != bc {
                return ac.cmp(&bc);
            }
            i += 1;
            j += 1;
        }
        while at(a, i) == b'0' {
            i += 1;
        }
        while at(b, j) == b'0' {
            j += 1;
        }
        let mut first_diff = Ordering::Equal;
        while at(a, i).is_ascii_digit() && at(b, j).is_ascii_digit() {
            if first_diff == Ordering::Equal {
                first_diff = a[i].cmp(&b[j]);
            }
            i += 1;
            j += 1;
        }
        if at(a, i).is_ascii_digit() {
            return Ordering::Greater;
        }
        if at(b, j).is_ascii_digit() {
            return Ordering::Less;
        }
        if first_diff != Ordering::Equal {
            return first_diff;
        }
    }
    Ordering::Equal
}

/// (epoch, upstream version, revision) as dpkg's `parseversion` splits them.
fn split(version: &str) -> (&str, &str, &str) {
    let v = version.trim();
    let (epoch, rest) = v.split_once(':').unwrap_or(("", v));
    let (upstream, revision) = rest.rsplit_once('-').unwrap_or((rest, ""));
    (epoch, upstream, revision)
}

/// Compares two Debian versions: `Greater` when `a` is newer than `b`.
pub fn compare(a: &str, b: &str) -> Ordering {
    let (ea, ua, ra) = split(a);
    let (eb, ub, rb) = split(b);
    // Epochs are numbers; verrevcmp compares digit runs numerically.
    verrevcmp(ea.as_bytes(), eb.as_bytes())
        .then_with(|| verrevcmp(ua.as_bytes(), ub.as_bytes()))
        .then_with(|| verrevcmp(ra.as_bytes(), rb.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ordering::*;

    /// apt's `test/libapt/versions.lst` (checked there against dpkg), then
    /// versions seen in Debian and Ubuntu security archives; every expected
    /// result confirmed with `dpkg --compare-versions` (dpkg 1.21).
    const VECTORS: &[(&str, &str, Ordering)] = &[
        ("7.6p2-4", "7.6-0", Greater),
        ("1.0.3-3", "1.0-1", Greater),
        ("1.3", "1.2.2-2", Greater),
        ("1.3", "1.2.2", Greater),
        ("1:0.4", "10.3", Greater),
        ("1:1.25-4", "1:1.25-8", Less),
        ("0:1.18.36", "1.18.36", Equal),
        ("1.18.36", "1.18.35", Greater),
        ("0:1.18.36", "1.18.35", Greater),
        ("9:1.18.36:5.4-20", "10:0.5.1-22", Less),
        ("9:1.18.36:5.4-20", "9:1.18.36:5.5-1", Less),
        ("9:1.18.36:5.4-20", "9:1.18.37:4.3-22", Less),
        ("1.18.36-0.17.35-18", "1.18.36-19", Greater),
        ("1:1.2.13-3", "1:1.2.13-3.1", Less),
        ("2.0.7pre1-4", "2.0.7r-1", Less),
        ("0-pre", "0-pre", Equal),
        ("0-pre", "0-pree", Less),
        ("1.1.6r2-2", "1.1.6r-1", Greater),
        ("2.6b2-1", "2.6b-2", Greater),
        ("98.1p5-1", "98.1-pre2-b6-2", Less),
        ("0.4a6-2", "0.4-1", Greater),
        ("1:3.0.5-2", "1:3.0.5.1", Less),
        ("3.0~rc1-1", "3.0-1", Less),
        ("1.0", "1.0-0", Equal),
        ("0.2", "1.0-0", Less),
        ("1.0", "1.0-0+b1", Less),
        ("1.0", "1.0-0~", Greater),
        ("0:0-0-0", "0-0", Greater),
        ("0", "0", Equal),
        ("0", "00", Equal),
        ("1.2.3", "1.2.3", Equal),
        ("4.4.3-2", "4.4.3-2", Equal),
        ("1:2ab:5", "1:2ab:5", Equal),
        ("7:1-a:b-5", "7:1-a:b-5", Equal),
        ("57:1.2.3abYZ+~-4-5", "57:1.2.3abYZ+~-4-5", Equal),
        ("1.2.3", "0:1.2.3", Equal),
        ("1.2.3", "1.2.3-0", Equal),
        ("009", "9", Equal),
        ("009ab5", "9ab5", Equal),
        ("1.2.3", "1.2.3-1", Less),
        ("1.2.3", "1.2.4", Less),
        ("1.2.4", "1.2.3", Greater),
        ("1.2.24", "1.2.3", Greater),
        ("0.10.0", "0.8.7", Greater),
        ("3.2", "2.3", Greater),
        ("1.3.2a", "1.3.2", Greater),
        ("0.5.0~git", "0.5.0~git2", Less),
        ("2a", "21", Less),
        ("1.3.2a", "1.3.2b", Less),
        ("1:1.2.3", "1.2.4", Greater),
        ("1:1.2.3", "1:1.2.4", Less),
        ("1.2a+~bCd3", "1.2a++", Less),
        ("1.2a+~bCd3", "1.2a+~", Greater),
        ("5:2", "304-2", Greater),
        ("5:2", "304:2", Less),
        ("25:2", "3:2", Greater),
        ("1:2:123", "1:12:3", Less),
        ("1.2-5", "1.2-3-5", Less),
        ("5.10.0", "5.005", Greater),
        ("3a9.8", "3.10.2", Less),
        ("3a9.8", "3~10", Greater),
        ("1.4+OOo3.0.0~", "1.4+OOo3.0.0-4", Less),
        ("2.4.7-1", "2.4.7-z", Less),
        ("1.002-1+b2", "1.00", Greater),
        // dpkg's lib/dpkg/t/t-version.c: zero epochs and revisions, leading zeros.
        ("0:0-0", "0:0", Equal),
        ("0:0-0", "00:0-00", Equal),
        ("1:0", "0:9", Greater),
        // Tildes: pre-releases sort before the release, `~~` before `~`.
        ("1.0~rc1", "1.0~beta2", Greater),
        ("1.0~~", "1.0~", Less),
        ("1.0~", "1.0", Less),
        ("1.0a", "1.0+", Less),
        ("1.0+", "1.0.", Less),
        ("1.0.", "1.0~", Greater),
        // Security archive versions (Debian 12, Ubuntu).
        ("3.0.15-1~deb12u1", "3.0.14-1~deb12u2", Greater),
        ("2.36-9+deb12u9", "2.36-9+deb12u10", Less),
        ("1:2.66-4+deb12u2+b2", "1:2.66-4+deb12u3+b1", Less),
        ("252.38-1~deb12u1", "252.39-1~deb12u2", Less),
        ("6.8.0-31.31", "6.8.0-101.101", Less),
        ("2:9.0.1378-2", "9.1.0-1", Greater),
        ("1.0+b1", "1.0.1", Less),
        ("1.0-1ubuntu0.1", "1.0-1ubuntu0.1~esm1", Greater),
        ("1.0-1", "1.0-1build1", Less),
        // Digit runs longer than any integer type.
        ("18446744073709551616", "18446744073709551615", Greater),
        ("1.000000000000000000000000000001", "1.1", Equal),
    ];

    #[test]
    fn dpkg_and_apt_vectors() {
        for (a, b, want) in VECTORS {
            assert_eq!(compare(a, b), *want, "{a} vs {b}");
            assert_eq!(compare(b, a), want.reverse(), "{b} vs {a}");
        }
    }

    #[test]
    fn parts_split_as_dpkg_parses_them() {
        assert_eq!(split("0:0-0-0"), ("0", "0-0", "0"));
        assert_eq!(split("0:0:0-0"), ("0", "0:0", "0"));
        assert_eq!(split("  1:2.0-3\t"), ("1", "2.0", "3"));
        assert_eq!(split("2.0"), ("", "2.0", ""));
        // "0:0-" is "0:0" with an empty revision (t-version.c).
        assert_eq!(compare("0:0-", "0:0"), Equal);
    }

    #[test]
    fn garbage_never_panics() {
        for (a, b) in [("", ""), ("", "1"), (":", "-"), ("é~", "~é"), ("~", "")] {
            let _ = compare(a, b);
        }
        assert_eq!(compare("~", ""), Less);
    }
}
