//! Turning file bytes into normalized text (design invariant 1).
//!
//! UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; anything
//! else that is not valid UTF-8 is read as Windows-1252, the encoding Word and
//! older Windows editors save "plain text" in, with a warning so the analyst
//! can check the accents. Files with NUL bytes are refused as binary.

use crate::text;

/// Decoded, normalized text plus an optional warning about the encoding.
pub struct Decoded {
    pub text: String,
    pub warning: Option<String>,
}

/// An error located in the file (1-based line and column, 0 = whole file).
pub struct DecodeError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let whole = |m: &str| DecodeError {
        line: 0,
        column: 0,
        message: m.to_owned(),
    };
    if bytes.is_empty() {
        return Err(whole("empty file"));
    }
    let (raw, warning) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        match std::str::from_utf8(rest) {
            Ok(s) => (s.to_owned(), None),
            Err(e) => {
                let (line, column) = position(rest, e.valid_up_to());
                return Err(DecodeError {
                    line,
                    column,
                    message: "invalid UTF-8 after a UTF-8 byte-order mark".into(),
                });
            }
        }
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        match enc.decode_without_bom_handling_and_without_replacement(&bytes[2..]) {
            Some(s) => (s.into_owned(), None),
            None => {
                return Err(whole(
                    "invalid UTF-16 (the file starts with a UTF-16 byte-order mark)",
                ));
            }
        }
    } else if bytes.contains(&0) {
        return Err(whole(
            "binary file (it contains NUL bytes); thema imports plain-text or Markdown write-ups",
        ));
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_owned(), None),
            Err(e) => {
                let (line, column) = position(bytes, e.valid_up_to());
                let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                let warning = format!(
                    "not valid UTF-8 (first bad byte at line {line}, column {column}); read as Windows-1252 — check the accents"
                );
                (s.into_owned(), Some(warning))
            }
        }
    };
    if raw
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
    {
        let at = raw
            .find(|c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
            .unwrap_or(0);
        let (line, column) = text::line_col(&raw, at);
        return Err(DecodeError {
            line,
            column,
            message: "control character in the text; is this a binary file?".into(),
        });
    }
    let text = text::normalize(&raw);
    if text.trim().is_empty() {
        return Err(whole("empty file (only whitespace)"));
    }
    Ok(Decoded { text, warning })
}

/// 1-based line and column of byte `at` in possibly invalid UTF-8.
fn position(bytes: &[u8], at: usize) -> (usize, usize) {
    let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    text::line_col(valid, valid.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(decode("héé\n".as_bytes()).ok().unwrap().text, "héé\n");
        assert_eq!(decode(b"\xEF\xBB\xBFh\xC3\xA9").ok().unwrap().text, "hé");
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("hé\r\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&le).ok().unwrap().text, "hé\n");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("hé".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode(&be).ok().unwrap().text, "hé");
        let cp = decode(b"caf\xE9\r\nna\xEFef").ok().unwrap();
        assert_eq!(cp.text, "café\nnaïef");
        assert!(cp.warning.unwrap().contains("line 1, column 4"));
    }

    #[test]
    fn refusals() {
        assert_eq!(decode(b"").err().unwrap().message, "empty file");
        assert!(decode(b" \n\n").err().unwrap().message.contains("empty"));
        assert!(
            decode(b"PK\x03\x04\x00\x00")
                .err()
                .unwrap()
                .message
                .contains("binary")
        );
        let e = decode(b"ok\nab\x01c").err().unwrap();
        assert_eq!((e.line, e.column), (2, 3));
    }
}
