//! Reader geometry: wrapping a document's text into display lines and mapping
//! between byte offsets and (line, column) positions. Pure functions of the
//! text and a width. Wrapping works on grapheme clusters and measures them with
//! `unicode-width`, so combining marks, emoji and CJK never split or overflow;
//! bidi control characters and tabs are given a fixed display form so
//! right-to-left text cannot shift the columns of the rest of the screen.
//! The line index is computed once per document and width ([`Wrapped`]) and
//! each frame styles only the lines it shows.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// One display line: the byte range of the text it shows (without the newline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
}

/// The wrapped line index of one text at one width.
#[derive(Debug, Clone, Default)]
pub struct Wrapped {
    pub width: usize,
    pub lines: Vec<Line>,
}

/// Characters that steer bidirectional layout; drawn as nothing.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// What a grapheme looks like on screen and how many columns it takes.
pub fn display(g: &str) -> (&str, usize) {
    let c = g.chars().next().unwrap_or(' ');
    if g == "\t" {
        return (" ", 1);
    }
    if g.chars().all(is_bidi_control) {
        return ("", 0);
    }
    if c.is_control() {
        return (" ", 1);
    }
    let w = g.width();
    if w == 0 && !g.is_empty() {
        // A lone combining mark or similar: show it on a space so it has a cell.
        return (g, 1);
    }
    (g, w.min(2))
}

impl Wrapped {
    /// Wrap `text` to `width` columns, breaking after spaces when possible.
    pub fn new(text: &str, width: usize) -> Wrapped {
        let width = width.max(4);
        let mut lines = Vec::new();
        let mut pos = 0;
        for raw in text.split('\n') {
            let start = pos;
            let end = pos + raw.len();
            pos = end + 1;
            wrap_line(text, start, end, width, &mut lines);
        }
        Wrapped { width, lines }
    }

    /// The index of the display line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        // The first line whose end is at or past the offset, preferring the
        // next line when the offset sits exactly at a soft break.
        let i = self.lines.partition_point(|l| l.end < offset);
        if i + 1 < self.lines.len()
            && self.lines[i].end == offset
            && self.lines[i + 1].start == offset
        {
            return i + 1;
        }
        i.min(self.lines.len().saturating_sub(1))
    }
}

fn wrap_line(text: &str, start: usize, end: usize, width: usize, out: &mut Vec<Line>) {
    if start == end {
        out.push(Line { start, end });
        return;
    }
    let mut line_start = start;
    let mut cols = 0;
    // Byte offset just after the last space in the current line.
    let mut last_break: Option<usize> = None;
    let mut cols_at_break = 0;
    for (i, g) in text[start..end].grapheme_indices(true) {
        let at = start + i;
        let (_, w) = display(g);
        if cols + w > width && at > line_start {
            let cut = match last_break {
                Some(b) if b > line_start => b,
                _ => at,
            };
            out.push(Line {
                start: line_start,
                end: cut,
            });
            cols = if cut == at { 0 } else { cols - cols_at_break };
            line_start = cut;
            last_break = None;
        }
        cols += w;
        if g.chars().all(char::is_whitespace) {
            last_break = Some(at + g.len());
            cols_at_break = cols;
        }
    }
    out.push(Line {
        start: line_start,
        end,
    });
}

/// The display column of `offset` within its line.
pub fn column_of(text: &str, line: Line, offset: usize) -> usize {
    text[line.start..offset.clamp(line.start, line.end)]
        .graphemes(true)
        .map(|g| display(g).1)
        .sum()
}

/// The offset of the grapheme at display column `col` of a line (or the last
/// grapheme when the line is shorter).
pub fn offset_at_column(text: &str, line: Line, col: usize) -> usize {
    let mut cols = 0;
    let mut last = line.start;
    for (i, g) in text[line.start..line.end].grapheme_indices(true) {
        let w = display(g).1;
        last = line.start + i;
        if cols + w > col {
            return last;
        }
        cols += w;
    }
    // Past the end: the last grapheme (the start for an empty line).
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str, width: usize) -> Vec<&str> {
        Wrapped::new(text, width)
            .lines
            .iter()
            .map(|l| &text[l.start..l.end])
            .collect()
    }

    #[test]
    fn wraps_at_spaces_and_keeps_blank_lines() {
        assert_eq!(
            shown("een twee drie vier\n\nvijf", 9),
            vec!["een twee ", "drie vier", "", "vijf"]
        );
    }

    #[test]
    fn long_words_break_hard_on_grapheme_boundaries() {
        let t = "e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}";
        let lines = shown(t, 4);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.starts_with('e')));
    }

    #[test]
    fn wide_characters_never_overflow() {
        let t = "日本語のテキストです 👩‍💻👩‍💻👩‍💻";
        let w = Wrapped::new(t, 6);
        for l in &w.lines {
            let cols: usize = t[l.start..l.end]
                .graphemes(true)
                .map(|g| display(g).1)
                .sum();
            assert!(cols <= 6, "{:?}", &t[l.start..l.end]);
        }
    }

    #[test]
    fn rtl_and_bidi_controls_have_fixed_width() {
        let t = "שלום \u{202E}עולם\u{202C} end";
        let w = Wrapped::new(t, 80);
        assert_eq!(w.lines.len(), 1);
        assert_eq!(column_of(t, w.lines[0], t.len()), 13);
    }

    #[test]
    fn offsets_and_columns_round_trip() {
        let t = "ab 日本 cd";
        let w = Wrapped::new(t, 80);
        let l = w.lines[0];
        let o = t.find('本').unwrap();
        assert_eq!(column_of(t, l, o), 5);
        assert_eq!(offset_at_column(t, l, 5), o);
        assert_eq!(offset_at_column(t, l, 6), o);
        assert_eq!(w.line_of(t.len()), 0);
    }
}
