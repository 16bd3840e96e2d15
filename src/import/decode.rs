//! Turning file bytes into normalized text (design invariant 1).
//!
//! UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; anything
//! else that is not valid UTF-8 is read line by line: lines that are valid
//! UTF-8 as UTF-8, the others as Windows-1252 (the encoding Word and older
//! Windows editors save "plain text" in), with a warning naming those lines
//! so the analyst can check their accents. Reading the whole file as
//! Windows-1252 because of one stray byte garbled every accent elsewhere.
//! Files with NUL bytes are refused as binary.

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
                let (s, fallback) = per_line(bytes);
                let which = if fallback.len() == 1 {
                    format!("line {}", fallback[0])
                } else if fallback.len() <= 8 {
                    let list: Vec<String> = fallback.iter().map(usize::to_string).collect();
                    format!("lines {}", list.join(", "))
                } else {
                    format!("{} lines", fallback.len())
                };
                let warning = format!(
                    "not valid UTF-8 (first bad byte at line {line}, column {column}); {which} read as Windows-1252 — check the accents there"
                );
                (s, Some(warning))
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

/// Each line as UTF-8 when it is valid UTF-8, else as Windows-1252; also
/// the 1-based numbers of the lines read as Windows-1252.
fn per_line(bytes: &[u8]) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut fallback = Vec::new();
    for (i, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        match std::str::from_utf8(line) {
            Ok(s) => out.push_str(s),
            Err(_) => {
                let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(line);
                out.push_str(&s);
                fallback.push(i + 1);
            }
        }
    }
    (out, fallback)
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
        // One stray Windows-1252 byte (0xE9 é) in a UTF-8 file: only its line
        // is read as Windows-1252; the UTF-8 accents elsewhere stay right.
        // Failed before: every "é" of the file became "Ã©".
        let bytes = [
            "Café één\ncaf".as_bytes(),
            b"\xE9",
            " twee\nnaïef\n".as_bytes(),
        ]
        .concat();
        let mixed = decode(&bytes).ok().unwrap();
        assert_eq!(mixed.text, "Café één\ncafé twee\nnaïef\n");
        let w = mixed.warning.unwrap();
        assert!(w.contains("line 2 read as Windows-1252"), "{w}");
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
