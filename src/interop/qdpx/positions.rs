//! Positions in REFI-QDA files and thema's byte offsets.
//!
//! A `PlainTextSelection` counts positions over the source text *as the tool
//! stored it*: NVivo (Windows and Mac) counts UTF-16 code units, CRLF line
//! ends included; ATLAS.ti, MAXQDA, QualCoder and the standard count Unicode
//! code points. thema stores the text normalized (LF, NFC) and offsets as
//! bytes on grapheme boundaries, so positions are converted here, at the
//! border, by walking the raw text one grapheme at a time: each grapheme is
//! normalized on its own (CRLF is one grapheme, and NFC never composes across
//! grapheme boundaries), which gives both the stored text and, for every
//! grapheme boundary, its raw position and stored byte offset. The walk is
//! linear; a lookup is a binary search.

use unicode_segmentation::UnicodeSegmentation;

/// What a position counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    /// Unicode code points (the REFI-QDA standard; ATLAS.ti, MAXQDA, QualCoder).
    Chars,
    /// UTF-16 code units (NVivo).
    Utf16,
}

impl Units {
    fn len(self, s: &str) -> usize {
        match self {
            Units::Chars => s.chars().count(),
            Units::Utf16 => s.encode_utf16().count(),
        }
    }
}

/// The stored text of a source and the map from raw positions to its bytes.
pub struct PositionMap {
    /// Normalized text (LF, NFC): what thema stores.
    pub text: String,
    /// (raw position, byte offset in `text`) at every grapheme boundary,
    /// both increasing, starting with (0, 0) and ending with the totals.
    bounds: Vec<(usize, usize)>,
}

impl PositionMap {
    pub fn new(raw: &str, units: Units) -> PositionMap {
        let mut text = String::with_capacity(raw.len());
        let mut bounds = Vec::with_capacity(raw.len() / 2 + 2);
        let mut pos = 0;
        bounds.push((0, 0));
        for g in raw.graphemes(true) {
            if g.len() == 1 && g != "\r" {
                // ASCII: one unit, already normalized (the common case).
                text.push_str(g);
                pos += 1;
            } else {
                text.push_str(&crate::text::normalize(g));
                pos += units.len(g);
            }
            bounds.push((pos, text.len()));
        }
        PositionMap { text, bounds }
    }

    /// Length of the raw text in the map's units.
    pub fn total(&self) -> usize {
        self.bounds.last().map_or(0, |b| b.0)
    }

    /// Byte offset for a raw start position: the grapheme boundary at or
    /// before it (a position inside a grapheme widens the selection).
    pub fn start(&self, pos: usize) -> usize {
        let i = self.bounds.partition_point(|b| b.0 <= pos);
        self.bounds[i.saturating_sub(1)].1
    }

    /// Byte offset for a raw end position: the boundary at or after it.
    pub fn end(&self, pos: usize) -> usize {
        let i = self.bounds.partition_point(|b| b.0 < pos);
        self.bounds.get(i).map_or(self.text.len(), |b| b.1)
    }

    /// True when `pos` falls exactly on a grapheme boundary.
    pub fn exact(&self, pos: usize) -> bool {
        self.bounds.binary_search_by_key(&pos, |b| b.0).is_ok()
    }
}

/// Raw position (in `units`) of a byte offset of normalized text that was
/// written out as is (export): the inverse for text without CR.
pub fn position_of(text: &str, byte: usize, units: Units) -> usize {
    units.len(&text[..byte])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_crlf_and_surrogates() {
        // "a😀\r\nb": a=1, 😀=2 units (1 char), CRLF=2, b=1.
        let raw = "a😀\r\nbé";
        let m = PositionMap::new(raw, Units::Utf16);
        assert_eq!(m.text, "a😀\nbé");
        assert_eq!(m.total(), 7);
        assert_eq!(&m.text[m.start(3)..m.end(6)], "\nb");
        let c = PositionMap::new(raw, Units::Chars);
        assert_eq!(c.total(), 6);
        assert_eq!(&c.text[c.start(4)..c.end(6)], "bé");
    }

    #[test]
    fn inside_a_grapheme_widens() {
        // e + combining acute is one grapheme, NFC makes it one char.
        let raw = "xe\u{301}y";
        let m = PositionMap::new(raw, Units::Chars);
        assert_eq!(m.text, "xéy");
        assert!(!m.exact(2));
        assert_eq!(&m.text[m.start(2)..m.end(3)], "é");
        assert_eq!(&m.text[m.start(1)..m.end(2)], "é");
        // Half a CRLF covers the line end.
        let m = PositionMap::new("a\r\nb", Units::Chars);
        assert_eq!(&m.text[m.start(0)..m.end(2)], "a\n");
    }
}
