//! Lenient matching of words typed by a person ("Non concerné", "non-concerne",
//! "NON CONCERNE" all mean the same).

/// Lower case, accents removed, typographic apostrophes made plain, `_` and
/// `-` read as spaces, runs of spaces collapsed, a final full stop dropped.
pub(crate) fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut space = false;
    for c in word.trim().trim_end_matches('.').chars() {
        let c = match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'î' | 'ï' | 'Î' | 'Ï' => 'i',
            'ô' | 'ö' | 'Ô' | 'Ö' => 'o',
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            '’' | '‘' | 'ʼ' => '\'',
            '_' | '-' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// `Some(trimmed)` unless the text is empty or only spaces.
pub(crate) fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_case_accents_and_separators() {
        assert_eq!(normalize("  Non   Concerné. "), "non concerne");
        assert_eq!(normalize("non-concernée"), "non concernee");
        assert_eq!(normalize("Don’t know"), "don't know");
        assert_eq!(normalize("not_applicable"), "not applicable");
        assert_eq!(
            normalize("MASSEUR-KINÉSITHÉRAPEUTE"),
            "masseur kinesitherapeute"
        );
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn empty_texts_are_none() {
        assert_eq!(non_empty(Some("  ")), None);
        assert_eq!(non_empty(None), None);
        assert_eq!(non_empty(Some(" a ")), Some("a".into()));
    }
}
