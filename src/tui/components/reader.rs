//! The reader component: the open document with its unit spans, wrapped
//! lines, cursor, scroll and selection, and its key handling. Motions and
//! selections are pure (the rules live in [`selection`](crate::tui::selection));
//! anything that changes the project (coding, uncoding) is handed back to the
//! app as a [`ReaderEffect`], so this file never touches the project.

use crate::model::{Document, Span};
use crate::store::Mark;
use crate::text::{self, Unit};
use crate::tui::action::Action;
use crate::tui::reader::{self, Wrapped};
use crate::tui::selection::{self, Selection};

/// The document open in the reader.
#[derive(Debug, Clone)]
pub struct OpenDoc {
    pub doc: Document,
    pub marks: Vec<Mark>,
    pub words: Vec<Span>,
    pub sentences: Vec<Span>,
    pub paragraphs: Vec<Span>,
    pub wrapped: Wrapped,
    pub cursor: usize,
    pub selection: Selection,
    /// First display line shown.
    pub scroll: usize,
    /// Column kept while moving up and down.
    pub want_col: Option<usize>,
    /// Where a mouse drag started.
    pub drag_anchor: Option<usize>,
    /// A heading `S`/`P` stopped at: pressed again at once, it is taken in.
    pub allow_heading: Option<usize>,
}

/// What a reader key asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReaderEffect {
    None,
    Message(String),
    /// Open the code picker for the selection.
    Code,
    /// Apply the n-th recent code to the selection.
    Recent(u8),
    /// Remove a code: one candidate is removed, several are asked about.
    Uncode(Vec<(i64, String)>),
    /// Give the excerpt a new extent (widen or narrow it).
    Respan(i64, Span),
    /// Clear the search too (Esc).
    ClearSearch,
}

impl OpenDoc {
    /// Index a document for reading at a text width.
    pub fn new(doc: Document, marks: Vec<Mark>, width: usize) -> OpenDoc {
        let t = &doc.text;
        let words = text::units(t, Unit::Word);
        let sentences = text::units(t, Unit::Sentence);
        let paragraphs = text::paragraphs(t);
        let wrapped = Wrapped::new(t, width);
        OpenDoc {
            doc,
            marks,
            words,
            sentences,
            paragraphs,
            wrapped,
            cursor: 0,
            selection: Selection::None,
            scroll: 0,
            want_col: None,
            drag_anchor: None,
            allow_heading: None,
        }
    }

    pub fn text(&self) -> &str {
        &self.doc.text
    }

    /// The selected span, if any.
    pub fn selection_span(&self) -> Option<Span> {
        self.selection.span(self.text(), self.cursor)
    }

    /// Marks covering the cursor, innermost (shortest) first.
    pub fn marks_at(&self, offset: usize) -> Vec<&Mark> {
        let mut v: Vec<&Mark> = self
            .marks
            .iter()
            .filter(|m| m.span.contains(offset))
            .collect();
        v.sort_by_key(|m| (m.span.len(), m.excerpt));
        v
    }

    fn spans(&self, unit: Unit) -> &[Span] {
        match unit {
            Unit::Word => &self.words,
            Unit::Sentence => &self.sentences,
            Unit::Paragraph => &self.paragraphs,
        }
    }

    /// Scroll so the cursor is on screen (with a little margin).
    pub fn keep_cursor_visible(&mut self, h: usize) {
        let line = self.wrapped.line_of(self.cursor);
        let margin = 2.min(h / 4);
        if line < self.scroll + margin {
            self.scroll = line.saturating_sub(margin);
        } else if line + margin >= self.scroll + h {
            self.scroll = (line + margin + 1).saturating_sub(h);
        }
        let max = self.wrapped.lines.len().saturating_sub(1);
        self.scroll = self.scroll.min(max);
    }

    /// Move the cursor to a grapheme boundary at or before `offset`.
    pub fn set_cursor(&mut self, offset: usize, keep_col: bool, h: usize) {
        let t = &self.doc.text;
        let last = text::prev_grapheme(t, t.len());
        self.cursor = text::floor_grapheme(t, offset.min(last));
        if !keep_col {
            self.want_col = None;
        }
        self.keep_cursor_visible(h);
    }

    fn move_lines(&mut self, delta: isize, h: usize) {
        let lines = &self.wrapped.lines;
        if lines.is_empty() {
            return;
        }
        let t = &self.doc.text;
        let line = self.wrapped.line_of(self.cursor);
        let col = *self
            .want_col
            .get_or_insert_with(|| reader::column_of(t, lines[line], self.cursor));
        let target = (line as isize + delta).clamp(0, lines.len() as isize - 1) as usize;
        let o = reader::offset_at_column(t, lines[target], col);
        self.set_cursor(o, true, h);
    }

    fn jump_unit(&mut self, unit: Unit, forward: bool, h: usize) {
        if let Some(o) = selection::jump(self.spans(unit), self.cursor, forward) {
            self.set_cursor(o, false, h);
        }
    }

    fn selected_message(&self, span: Span) -> ReaderEffect {
        ReaderEffect::Message(format!(
            "selected {} characters: c code · 1…9 recent · Esc clear",
            self.doc.text[span.start..span.end].chars().count()
        ))
    }

    fn select_unit(&mut self, unit: Unit) -> ReaderEffect {
        let Some(span) = text::unit_at(self.text(), self.cursor, unit) else {
            return ReaderEffect::None;
        };
        self.selection = Selection::Span(span);
        self.selected_message(span)
    }

    /// `S`/`P`: grow the selection (see [`selection::extend`]).
    fn extend(&mut self, unit: Unit, allow: Option<usize>, h: usize) -> ReaderEffect {
        let current = self.selection_span();
        let res = selection::extend(self.text(), self.spans(unit), current, self.cursor, allow);
        match res {
            selection::Extended::To { span, cursor } => {
                self.selection = Selection::Span(span);
                self.set_cursor(cursor, false, h);
                self.selected_message(span)
            }
            selection::Extended::Heading(hd) => {
                self.allow_heading = Some(hd.start);
                let key = if unit == Unit::Paragraph { 'P' } else { 'S' };
                ReaderEffect::Message(format!("a heading comes next: {key} again takes it in"))
            }
            selection::Extended::Nothing => ReaderEffect::Message("nothing more to add".into()),
        }
    }

    /// A forward motion: in a visual selection to the end of the next unit
    /// (so the selection never takes a letter of the next one), else to its start.
    fn forward(&mut self, unit: Unit, h: usize) {
        let visual_forward =
            matches!(self.selection, Selection::Visual { anchor } if self.cursor >= anchor);
        if !visual_forward {
            return self.jump_unit(unit, true, h);
        }
        if let Some(o) = selection::jump_end(self.text(), self.spans(unit), self.cursor) {
            self.set_cursor(o, false, h);
        }
    }

    /// Re-wrap for a new text width (a no-op when it did not change).
    pub fn rewrap(&mut self, width: usize) {
        if self.wrapped.width != width.max(4) {
            self.wrapped = Wrapped::new(&self.doc.text, width);
            self.want_col = None;
        }
    }

    /// Scroll by mouse wheel, keeping the cursor on screen without scrolling back.
    pub fn scroll_by(&mut self, lines: i16, h: usize) {
        let max = self.wrapped.lines.len().saturating_sub(h);
        self.scroll = (self.scroll as isize + lines as isize).clamp(0, max as isize) as usize;
        let line = self.wrapped.line_of(self.cursor);
        let target = line.clamp(self.scroll, self.scroll + h.saturating_sub(1));
        if target != line
            && let Some(l) = self.wrapped.lines.get(target)
        {
            self.cursor = l.start;
        }
    }

    /// A key in the reader; `h` is the text area's height.
    pub fn handle(&mut self, action: Action, h: usize) -> ReaderEffect {
        let page = (h as isize - 2).max(1);
        let cursor = self.cursor;
        let allow_heading = self.allow_heading.take();
        match action {
            Action::Down => self.move_lines(1, h),
            Action::Up => self.move_lines(-1, h),
            Action::PageDown | Action::PageUp => {
                let d = if action == Action::PageDown {
                    page
                } else {
                    -page
                };
                let max = self.wrapped.lines.len().saturating_sub(1) as isize;
                self.scroll = (self.scroll as isize + d).clamp(0, max) as usize;
                self.move_lines(d, h);
            }
            Action::Left => {
                let o = text::prev_grapheme(&self.doc.text, cursor);
                self.set_cursor(o, false, h);
            }
            Action::Right => {
                let o = text::next_grapheme(&self.doc.text, cursor);
                self.set_cursor(o, false, h);
            }
            Action::Top => self.set_cursor(0, false, h),
            Action::Bottom => self.set_cursor(self.doc.text.len(), false, h),
            Action::WordNext => self.forward(Unit::Word, h),
            Action::WordPrev => self.jump_unit(Unit::Word, false, h),
            Action::SentenceNext => self.forward(Unit::Sentence, h),
            Action::SentencePrev => self.jump_unit(Unit::Sentence, false, h),
            Action::ParagraphNext => self.forward(Unit::Paragraph, h),
            Action::ParagraphPrev => self.jump_unit(Unit::Paragraph, false, h),
            Action::SelectSentence => return self.select_unit(Unit::Sentence),
            Action::SelectParagraph => return self.select_unit(Unit::Paragraph),
            Action::ExtendSentence => return self.extend(Unit::Sentence, allow_heading, h),
            Action::ExtendParagraph => return self.extend(Unit::Paragraph, allow_heading, h),
            Action::SelectQuotation => {
                return match selection::quotation_at(self.text(), cursor) {
                    Some(q) => {
                        self.selection = Selection::Span(q);
                        self.selected_message(q)
                    }
                    None => ReaderEffect::Message("no quotation under the cursor".into()),
                };
            }
            Action::EdgeLeft | Action::EdgeRight => {
                let Some(m) = self.marks_at(cursor).first().map(|m| (m.excerpt, m.span)) else {
                    return ReaderEffect::Message(
                        "no excerpt under the cursor: < and > move its edges".into(),
                    );
                };
                let right = action == Action::EdgeRight;
                return match selection::move_edge(self.text(), &self.sentences, m.1, cursor, right)
                {
                    Ok(span) => ReaderEffect::Respan(m.0, span),
                    Err(e) => ReaderEffect::Message(e.into()),
                };
            }
            Action::StartSelection => {
                let (c, sel) = selection::start_visual(&self.doc.text, cursor, self.selection);
                self.cursor = c;
                self.selection = sel;
            }
            Action::Cancel => {
                self.selection = Selection::None;
                return ReaderEffect::ClearSearch;
            }
            Action::Enter => {
                let span = self
                    .marks_at(cursor)
                    .first()
                    .map(|m| (m.span, m.codes.join(", ")));
                return match span {
                    Some((s, codes)) => {
                        self.selection = Selection::Span(s);
                        ReaderEffect::Message(format!("excerpt selected ({codes}): c adds a code"))
                    }
                    None => ReaderEffect::Message("no excerpt under the cursor".into()),
                };
            }
            // With nothing selected, `c` and `1`…`9` code the excerpt under
            // the cursor: adding a second code to the excerpt just made (the
            // selection is cleared after a coding) needs no re-selection.
            Action::Code | Action::Recent(_) => {
                if self.selection_span().is_none()
                    && let Some(span) = self.marks_at(cursor).first().map(|m| m.span)
                {
                    self.selection = Selection::Span(span);
                }
                return match (self.selection_span(), action) {
                    (None, _) => ReaderEffect::Message(
                        "nothing selected: s sentence, p paragraph, v visual".into(),
                    ),
                    (Some(_), Action::Recent(n)) => ReaderEffect::Recent(n),
                    (Some(_), _) => ReaderEffect::Code,
                };
            }
            Action::Uncode => {
                let items: Vec<(i64, String)> = self
                    .marks_at(cursor)
                    .iter()
                    .flat_map(|m| m.codes.iter().map(|c| (m.excerpt, c.clone())))
                    .collect();
                return if items.is_empty() {
                    ReaderEffect::Message("no code under the cursor".into())
                } else {
                    ReaderEffect::Uncode(items)
                };
            }
            _ => {}
        }
        ReaderEffect::None
    }
}
