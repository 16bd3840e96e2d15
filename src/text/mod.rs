//! Text model: normalization and segmentation of stored document text.
//!
//! Every offset thema stores is a byte offset into the normalized text, on a
//! grapheme-cluster boundary (design invariant 2). This module owns the rules
//! that produce such offsets: normalizing text once at import (line endings,
//! Unicode NFC), snapping arbitrary offsets to grapheme boundaries, and finding
//! the word, sentence and paragraph around a position. It is pure: no I/O, no
//! database, so the CLI, the TUI and the tests share exactly the same logic.
//!
//! Paragraphs are blocks separated by blank lines; a Markdown heading line or a
//! list item is a block of its own. Sentences never cross a paragraph. Inside a
//! paragraph a single line break is treated as a space when looking for
//! sentence boundaries, so hard-wrapped write-ups still yield whole sentences
//! (Unicode's sentence rules would otherwise end a sentence at every newline).

mod anchor;
mod escape;
pub mod name;
mod natural;
mod search;
pub mod trimmed;
mod unit;

pub use anchor::reanchor;
pub use escape::{Safe, escape_line, escape_text, first_control, is_unsafe};
pub use natural::{common_word_prefix, natural_cmp, natural_rank};
pub use search::{Phrase, find_all_ci};
pub use unit::{
    Unit, UnitFinder, is_heading_at, paragraph_index, paragraphs, quotations, unit_at, units,
};

use crate::model::Span;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_segmentation::GraphemeCursor;

/// CRLF and lone CR become LF; the result is in Unicode NFC.
pub fn normalize(text: &str) -> String {
    let lf = if text.contains('\r') {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\r' {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            } else {
                out.push(c);
            }
        }
        out
    } else {
        text.to_owned()
    };
    // Most write-ups are NFC already; the quick check avoids re-allocating them.
    match is_nfc_quick(lf.chars()) {
        IsNormalized::Yes => lf,
        _ => lf.nfc().collect(),
    }
}

/// SHA-256 of the text as lower-case hex (stored per document to detect drift).
pub fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    use std::fmt::Write;
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// True when `offset` lies on a grapheme-cluster boundary of `text`.
pub fn is_grapheme_boundary(text: &str, offset: usize) -> bool {
    if offset > text.len() || !text.is_char_boundary(offset) {
        return false;
    }
    let mut cursor = GraphemeCursor::new(offset, text.len(), true);
    cursor.is_boundary(text, 0).unwrap_or(false)
}

/// The nearest grapheme boundary at or before `offset` (clamped to the text).
pub fn floor_grapheme(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !is_grapheme_boundary(text, o) {
        o -= 1;
    }
    o
}

/// The nearest grapheme boundary at or after `offset` (clamped to the text).
pub fn ceil_grapheme(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !is_grapheme_boundary(text, o) {
        o += 1;
    }
    o
}

/// The grapheme boundary after `offset`, or the end of the text.
pub fn next_grapheme(text: &str, offset: usize) -> usize {
    let mut cursor = GraphemeCursor::new(offset.min(text.len()), text.len(), true);
    cursor
        .next_boundary(text, 0)
        .ok()
        .flatten()
        .unwrap_or(text.len())
}

/// The grapheme boundary before `offset`, or 0.
pub fn prev_grapheme(text: &str, offset: usize) -> usize {
    let mut cursor = GraphemeCursor::new(offset.min(text.len()), text.len(), true);
    cursor.prev_boundary(text, 0).ok().flatten().unwrap_or(0)
}

/// Widen a span outward to grapheme boundaries and drop surrounding whitespace.
/// Returns `None` when nothing but whitespace is left.
pub fn snap_span(text: &str, span: Span) -> Option<Span> {
    let start = floor_grapheme(text, span.start);
    let end = ceil_grapheme(text, span.end.max(start));
    trim_span(text, Span::new(start, end))
}

/// Drop leading and trailing whitespace from a span (both ends stay on grapheme
/// boundaries because whitespace characters are whole graphemes).
pub fn trim_span(text: &str, span: Span) -> Option<Span> {
    let slice = &text[span.start..span.end];
    let lead = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if trimmed.is_empty() {
        return None;
    }
    let start = span.start + lead;
    Some(Span::new(start, start + trimmed.len()))
}

/// Convert a byte offset to a character (code point) offset, as REFI-QDA uses.
pub fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].chars().count()
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_line_endings_and_nfc() {
        assert_eq!(normalize("a\r\nb\rc\n"), "a\nb\nc\n");
        // "e" + combining acute (NFD) becomes the single code point é (NFC).
        assert_eq!(normalize("ge\u{301}i\u{308}nterviewde"), "géïnterviewde");
    }

    #[test]
    fn grapheme_boundaries() {
        let t = "e\u{301}👩‍👩‍👧x";
        assert!(is_grapheme_boundary(t, 0));
        assert!(!is_grapheme_boundary(t, 1)); // inside e + accent
        assert!(is_grapheme_boundary(t, 3));
        assert_eq!(next_grapheme(t, 3), t.len() - 1); // whole family emoji
        assert_eq!(floor_grapheme(t, 5), 3);
        assert_eq!(ceil_grapheme(t, 5), t.len() - 1);
        assert_eq!(prev_grapheme(t, t.len() - 1), 3);
    }

    #[test]
    fn snap_trims_whitespace() {
        let t = "  hallo wereld  ";
        assert_eq!(snap_span(t, Span::new(0, t.len())), Some(Span::new(2, 14)));
        assert_eq!(snap_span(t, Span::new(0, 2)), None);
    }

    #[test]
    fn line_and_column() {
        let t = "ab\ncdé\nf";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, t.find('f').unwrap()), (3, 1));
        assert_eq!(char_offset(t, t.find('f').unwrap()), 7);
    }
}
