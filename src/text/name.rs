//! Names and ids as people type or import them: one written form and one
//! comparison key.
//!
//! The same name can arrive as different code points: "é" typed on macOS is
//! often `e` + combining accent (NFD), on Windows one code point (NFC); a
//! name pasted from a web page may carry a zero-width space or a bidi
//! override (U+202E) that makes it look like another name. So every code,
//! theme and document name, id, attribute and phrase is stored in NFC
//! ([`clean`]), names with invisible characters are refused, and names are
//! compared by [`key`] (NFC, then lower case), so `Lage pakkans` and
//! `lage pakkans` are one code and `P01` and `p01` one document.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// `s` in Unicode NFC (no other change).
pub fn nfc(s: &str) -> String {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s.to_owned(),
        _ => s.nfc().collect(),
    }
}

/// The comparison key of a name: NFC, then Unicode lower case. Two names
/// with the same key are the same name.
pub fn key(s: &str) -> String {
    if s.is_ascii() {
        return s.trim().to_ascii_lowercase();
    }
    // Lower-casing can leave combining marks out of canonical order.
    nfc(&nfc(s.trim()).to_lowercase())
}

/// The written form of a name or id: trimmed, in NFC, checked. The error
/// says what is wrong and is meant to follow the name in a message.
pub fn clean(s: &str) -> Result<String, String> {
    let s = nfc(s.trim());
    if s.is_empty() {
        return Err("is empty".to_owned());
    }
    if let Some((i, c)) = s.chars().enumerate().find(|&(_, c)| c.is_control()) {
        return Err(format!(
            "contains a control character (U+{:04X}) at character {}",
            c as u32,
            i + 1
        ));
    }
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        // Joiners shape Persian, Indic scripts and emoji between two
        // characters; at either end of a name they only hide.
        let joiner = matches!(c, '\u{200C}' | '\u{200D}');
        let inside = i > 0 && i + 1 < chars.len();
        if invisible(c) && !(joiner && inside) {
            return Err(format!(
                "contains an invisible character (U+{:04X}{}) at character {}; retype it without",
                c as u32,
                describe(c).map(|d| format!(" {d}")).unwrap_or_default(),
                i + 1
            ));
        }
    }
    Ok(s)
}

/// Format characters (Unicode category Cf: zero-width spaces and joiners,
/// bidi embeddings, overrides and isolates, the BOM, invisible operators,
/// tags) and the line and paragraph separators.
pub fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{600}'..='\u{605}'
            | '\u{61C}'
            | '\u{6DD}'
            | '\u{70F}'
            | '\u{890}'..='\u{891}'
            | '\u{8E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

fn describe(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{AD}' => "soft hyphen",
        '\u{200B}' => "zero width space",
        '\u{200C}' => "zero width non-joiner",
        '\u{200D}' => "zero width joiner",
        '\u{200E}' | '\u{200F}' => "direction mark",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        '\u{202A}'..='\u{202C}' => "bidi embedding",
        '\u{202D}' | '\u{202E}' => "bidi override",
        '\u{2066}'..='\u{2069}' => "bidi isolate",
        '\u{2060}' => "word joiner",
        '\u{FEFF}' => "byte order mark",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_form_and_one_key() {
        assert_eq!(clean("  Lage pakkans ").unwrap(), "Lage pakkans");
        // NFD (e + combining acute) is stored as NFC.
        assert_eq!(clean("Re\u{301}sume\u{301}").unwrap(), "Résumé");
        assert_eq!(key("Résumé"), key("RE\u{301}SUME\u{301}"));
        assert_eq!(key("Lage Pakkans"), key("lage pakkans"));
        assert_eq!(key("ÉÉN"), "één");
        assert_ne!(key("P01"), key("P1"));
    }

    #[test]
    fn invisible_and_control_characters_are_refused() {
        let e = clean("Lage\u{200B}pakkans").unwrap_err();
        assert!(
            e.contains("U+200B zero width space") && e.contains("character 5"),
            "{e}"
        );
        let e = clean("abc\u{202E}fed").unwrap_err();
        assert!(e.contains("U+202E bidi override"), "{e}");
        assert!(
            clean("a\u{7}b")
                .unwrap_err()
                .contains("control character (U+0007)")
        );
        assert!(clean("\u{FEFF}naam").is_err());
        assert!(clean(" \t ").unwrap_err().contains("empty"));
        // A joiner inside a name is part of the script or the emoji.
        assert!(clean("👩\u{200D}💻 werk").is_ok());
        assert!(clean("naam\u{200D}").is_err());
    }
}
