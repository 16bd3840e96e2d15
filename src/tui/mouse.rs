//! Mouse events in the workbench: a click focuses the pane under it (and
//! places the reader's cursor, opens a document, highlights a code or jumps
//! to an excerpt), a drag selects text, the wheel scrolls the pane under it.
//! Positions are mapped with the same `layout::areas` the views draw with.

use super::action::Action;
use super::app::{App, Pane};
use super::reader;
use super::selection::Selection;
use super::workbench::{codes_key, documents_key};
use ratatui::layout::Rect;

fn in_rect(r: Rect, col: u16, row: u16) -> bool {
    col >= r.x && col < r.x + r.width && row >= r.y && row < r.y + r.height
}

/// The byte offset under a screen position in the reader's text area.
fn offset_at(app: &App, col: u16, row: u16) -> Option<usize> {
    let a = app.areas().text;
    let r = app.reader.as_ref()?;
    if row < a.y || row >= a.y + a.height || col + 1 < a.x || col >= a.x + a.width {
        return None;
    }
    let line = r.scroll + (row - a.y) as usize;
    let line = r
        .wrapped
        .lines
        .get(line.min(r.wrapped.lines.len().saturating_sub(1)))?;
    Some(reader::offset_at_column(
        &r.doc.text,
        *line,
        col.saturating_sub(a.x) as usize,
    ))
}

pub(crate) fn click(app: &mut App, col: u16, row: u16) {
    let a = app.areas();
    if let Some(r) = &mut app.reader {
        r.drag_anchor = None;
    }
    if in_rect(a.reader, col, row) {
        app.focus = Pane::Reader;
        if let Some(o) = offset_at(app, col, row) {
            if let Some(r) = &mut app.reader {
                r.selection = Selection::None;
            }
            app.set_cursor(o);
            if let Some(r) = &mut app.reader {
                r.drag_anchor = Some(r.cursor);
            }
        }
    } else if in_rect(a.doc_list, col, row) {
        app.focus = Pane::Documents;
        let i = app.documents.scroll + (row - a.doc_list.y) as usize;
        if i < app.documents.list.len() {
            app.documents.sel = i;
            documents_key(app, Action::Enter);
            app.focus = Pane::Documents;
        }
    } else if in_rect(a.code_list, col, row) {
        app.focus = Pane::Codes;
        let i = app.codes.scroll + (row - a.code_list.y) as usize;
        app.codes.click_code(&app.project, i);
    } else if in_rect(a.excerpt_list, col, row) {
        app.focus = Pane::Codes;
        let i = app.codes.excerpt_scroll + (row - a.excerpt_list.y) as usize;
        if i < app.codes.excerpt_total {
            app.codes.excerpt_sel = Some(i);
            codes_key(app, Action::Enter);
        }
    } else if in_rect(a.documents, col, row) {
        app.focus = Pane::Documents;
    } else if in_rect(a.codes, col, row) {
        app.focus = Pane::Codes;
    }
}

pub(crate) fn drag(app: &mut App, col: u16, row: u16) {
    let anchor = app.reader.as_ref().and_then(|r| r.drag_anchor);
    if let (Some(anchor), Some(o)) = (anchor, offset_at(app, col, row)) {
        if let Some(r) = &mut app.reader {
            r.selection = Selection::Visual { anchor };
        }
        app.set_cursor(o);
    }
}

pub(crate) fn scroll(app: &mut App, col: u16, row: u16, lines: i16) {
    let a = app.areas();
    if in_rect(a.reader, col, row) {
        let h = a.text.height as usize;
        if let Some(r) = &mut app.reader {
            r.scroll_by(lines, h);
        }
    } else if in_rect(a.documents, col, row) {
        app.documents.scroll_by(lines, a.doc_list.height as usize);
        app.ensure_progress();
    } else if in_rect(a.codes, col, row) {
        app.codes.scroll_by(&app.project, lines, &a);
    }
}
