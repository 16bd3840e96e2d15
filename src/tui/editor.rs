//! A small multi-line text editor for memos and theme definitions: a string
//! and a cursor (a byte offset, always on a grapheme boundary). Enter inserts
//! a newline; the arrows move by grapheme and by display line, using the same
//! grapheme/width wrapping as the reader ([`Wrapped`]), so what the cursor
//! does matches what the overlay shows. Pure: no terminal, no project.

use super::reader::{self, Wrapped};
use crate::text;

/// What a key in the editor came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditorEvent {
    /// Still editing.
    Pending,
    Cancel,
    Quit,
    /// Save this text (trailing whitespace trimmed).
    Save(String),
}

/// Editor state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Editor {
    pub text: String,
    /// Byte offset of the cursor (a grapheme boundary, may be `text.len()`).
    pub cursor: usize,
    /// The text when the editor opened (to tell whether anything changed).
    pub original: String,
}

impl Editor {
    /// Open on `text` with the cursor at the end.
    pub fn new(text: &str) -> Editor {
        Editor {
            text: text.to_owned(),
            cursor: text.len(),
            original: text.to_owned(),
        }
    }

    /// Reopen a draft: `original` is the saved text, `draft` what was typed.
    pub fn with_draft(original: &str, draft: &str) -> Editor {
        Editor {
            text: draft.to_owned(),
            cursor: draft.len(),
            original: original.to_owned(),
        }
    }

    pub fn changed(&self) -> bool {
        self.text != self.original
    }

    pub fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
        // A combining mark joins the previous grapheme: stay on a boundary.
        self.cursor = ceil_grapheme(&self.text, self.cursor);
    }

    pub fn insert_str(&mut self, s: &str) {
        let s = s.replace("\r\n", "\n").replace('\r', "\n");
        self.text.insert_str(self.cursor, &s);
        self.cursor = ceil_grapheme(&self.text, self.cursor + s.len());
    }

    pub fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        let start = text::prev_grapheme(&self.text, self.cursor);
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    pub fn delete(&mut self) {
        if self.cursor >= self.text.len() {
            return;
        }
        let end = text::next_grapheme(&self.text, self.cursor);
        self.text.replace_range(self.cursor..end, "");
    }

    pub fn left(&mut self) {
        self.cursor = text::prev_grapheme(&self.text, self.cursor);
    }

    pub fn right(&mut self) {
        if self.cursor < self.text.len() {
            self.cursor = text::next_grapheme(&self.text, self.cursor);
        }
    }

    /// A key, with the overlay's text width for line moves.
    pub fn handle(&mut self, action: crate::tui::Action, width: usize) -> EditorEvent {
        use crate::tui::Action;
        match action {
            Action::Cancel => return EditorEvent::Cancel,
            Action::Quit => return EditorEvent::Quit,
            Action::Save => return EditorEvent::Save(self.text.trim_end().to_owned()),
            Action::Input(c) => self.insert(c),
            Action::Enter => self.insert('\n'),
            Action::Backspace => self.backspace(),
            Action::Delete => self.delete(),
            Action::Left => self.left(),
            Action::Right => self.right(),
            Action::WordPrev => self.word_left(),
            Action::WordNext => self.word_right(),
            Action::Up => self.vertical(width, -1),
            Action::Down => self.vertical(width, 1),
            Action::Top => self.home_end(width, false),
            Action::Bottom => self.home_end(width, true),
            _ => {}
        }
        EditorEvent::Pending
    }

    /// Ctrl-← / Alt-b: to the start of this or the previous word.
    pub fn word_left(&mut self) {
        let c = self.cursor;
        self.cursor = words(&self.text)
            .filter(|(start, _)| *start < c)
            .last()
            .map(|(start, _)| start)
            .unwrap_or(0);
    }

    /// Ctrl-→ / Alt-f: to the end of this or the next word.
    pub fn word_right(&mut self) {
        let c = self.cursor;
        self.cursor = words(&self.text)
            .find(|(_, end)| *end > c)
            .map(|(_, end)| end)
            .unwrap_or(self.text.len());
    }

    /// Move to the start (`end == false`) or end of the display line.
    pub fn home_end(&mut self, width: usize, end: bool) {
        let w = Wrapped::new(&self.text, width);
        let line = w.lines[line_of(&w, self.cursor)];
        self.cursor = if end {
            trim_soft_break(&self.text, line)
        } else {
            line.start
        };
    }

    /// Move one display line up (`delta < 0`) or down, keeping the column.
    pub fn vertical(&mut self, width: usize, delta: isize) {
        let w = Wrapped::new(&self.text, width);
        let i = line_of(&w, self.cursor);
        let col = reader::column_of(&self.text, w.lines[i], self.cursor);
        let j = i as isize + delta;
        if j < 0 {
            self.cursor = 0;
            return;
        }
        if j as usize >= w.lines.len() {
            self.cursor = self.text.len();
            return;
        }
        let target = w.lines[j as usize];
        let end = trim_soft_break(&self.text, target);
        let line_cols = reader::column_of(&self.text, target, end);
        self.cursor = if col >= line_cols {
            end
        } else {
            reader::offset_at_column(&self.text, target, col)
        };
    }

    /// (display line, column) of the cursor at `width`, for drawing.
    pub fn cursor_position(&self, wrapped: &Wrapped) -> (usize, usize) {
        let i = line_of(wrapped, self.cursor);
        (
            i,
            reader::column_of(&self.text, wrapped.lines[i], self.cursor),
        )
    }
}

/// The display line of the cursor; an offset at a soft break belongs to the
/// next line, an offset at the end of a hard line to that line.
fn line_of(w: &Wrapped, offset: usize) -> usize {
    w.line_of(offset)
}

/// The end of a line without the space it was wrapped after, so End and
/// vertical moves stay on the line they are on.
fn trim_soft_break(text: &str, line: reader::Line) -> usize {
    let next_is_hard = text[line.end..].starts_with('\n') || line.end == text.len();
    if next_is_hard || line.end == line.start {
        line.end
    } else {
        text::prev_grapheme(text, line.end).max(line.start)
    }
}

/// (start, end) of each word (a run with a letter or digit).
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    use unicode_segmentation::UnicodeSegmentation;
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(i, w)| (i, i + w.len()))
}

fn ceil_grapheme(t: &str, offset: usize) -> usize {
    let mut o = offset.min(t.len());
    while o < t.len() && !text::is_grapheme_boundary(t, o) {
        o += 1;
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_newlines_and_backspace_by_grapheme() {
        let mut e = Editor::new("");
        for c in "ab".chars() {
            e.insert(c);
        }
        e.insert('\n');
        e.insert_str("cafe\u{301}");
        assert_eq!(e.text, "ab\ncafe\u{301}");
        e.backspace();
        assert_eq!(e.text, "ab\ncaf");
        assert!(e.changed());
    }

    #[test]
    fn word_motions_jump_over_words_and_punctuation() {
        let mut e = Editor::new("Eén zin, nog één. Klaar");
        e.word_left();
        assert_eq!(&e.text[e.cursor..], "Klaar");
        e.word_left();
        assert_eq!(&e.text[e.cursor..], "één. Klaar");
        e.word_left();
        e.word_left();
        e.word_left();
        assert_eq!(&e.text[e.cursor..], "Eén zin, nog één. Klaar");
        e.word_left();
        assert_eq!(e.cursor, 0);
        e.word_right();
        assert_eq!(&e.text[e.cursor..], " zin, nog één. Klaar");
        e.word_right();
        assert_eq!(&e.text[e.cursor..], ", nog één. Klaar");
        e.cursor = e.text.find('K').unwrap();
        e.word_right();
        e.word_right();
        assert_eq!(e.cursor, e.text.len());
    }

    #[test]
    fn arrows_move_by_grapheme_and_line() {
        let mut e = Editor::new("een twee\n👩‍💻x\nlaatste regel");
        e.vertical(40, -1);
        assert_eq!(&e.text[e.cursor..], "\nlaatste regel");
        e.left();
        assert_eq!(&e.text[e.cursor..], "x\nlaatste regel");
        e.left();
        assert_eq!(e.cursor, e.text.find('👩').unwrap());
        e.vertical(40, -1);
        assert_eq!(e.cursor, 0);
        e.home_end(40, true);
        assert_eq!(e.cursor, "een twee".len());
        e.vertical(40, 5);
        assert_eq!(e.cursor, e.text.len());
        e.home_end(40, false);
        assert_eq!(&e.text[e.cursor..], "laatste regel");
        // Wrapped lines: down moves within the paragraph.
        let mut e = Editor::new("aaaa bbbb cccc");
        e.cursor = 0;
        e.vertical(5, 1);
        assert_eq!(&e.text[e.cursor..], "bbbb cccc");
        e.home_end(5, true);
        assert_eq!(&e.text[e.cursor..], " cccc");
    }
}
