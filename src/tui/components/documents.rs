//! The documents component: the list of documents, its cursor and scroll,
//! and each shown document's coding progress (filled lazily, only for the
//! rows on screen, so 2,000 documents open at once).

use super::list_move;
use crate::model::{DocumentSummary, Span};
use crate::store::{Mark, Project};
use crate::text;
use crate::tui::action::Action;
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct DocumentsPane {
    pub list: Vec<DocumentSummary>,
    pub sel: usize,
    pub scroll: usize,
    /// (paragraphs with a code, paragraphs) per document, filled for the rows shown.
    pub progress: HashMap<String, (usize, usize)>,
}

impl DocumentsPane {
    pub fn reload(&mut self, project: &Project) -> crate::error::Result<()> {
        self.list = project.documents()?;
        self.sel = self.sel.min(self.list.len().saturating_sub(1));
        Ok(())
    }

    pub fn selected(&self) -> Option<&DocumentSummary> {
        self.list.get(self.sel)
    }

    pub fn keep_visible(&mut self, rows: usize) {
        self.scroll = super::keep_visible(self.sel, self.scroll, rows.max(1));
    }

    /// Put the cursor on a document (when it is listed).
    pub fn select(&mut self, id: &str, rows: usize) {
        if let Some(i) = self.list.iter().position(|d| d.id == id) {
            self.sel = i;
            self.keep_visible(rows);
        }
    }

    /// Fill in the progress of the rows shown; `open` is the document in the
    /// reader (its paragraphs and marks are at hand).
    pub fn ensure_progress(
        &mut self,
        project: &Project,
        open: Option<(&str, &str, &[Span], &[Mark])>,
        rows: usize,
    ) {
        let end = (self.scroll + rows).min(self.list.len());
        for i in self.scroll..end {
            let id = self.list[i].id.clone();
            if self.progress.contains_key(&id) {
                continue;
            }
            let p = match open {
                Some((open_id, t, paragraphs, marks)) if open_id == id => {
                    Some(progress_of(t, paragraphs, marks))
                }
                _ => project.document(&id).ok().and_then(|d| {
                    let marks = project.excerpt_marks(&id).ok()?;
                    Some(progress_of(&d.text, &text::paragraphs(&d.text), &marks))
                }),
            };
            if let Some(p) = p {
                self.progress.insert(id, p);
            }
        }
    }

    /// A key: list motions move the cursor; Enter returns the document to open.
    pub fn handle(&mut self, action: Action, rows: usize) -> Option<String> {
        if let Some(i) = list_move(self.sel, self.list.len(), rows, action) {
            self.sel = i;
            self.keep_visible(rows);
            return None;
        }
        if action == Action::Enter {
            return self.selected().map(|d| d.id.clone());
        }
        None
    }

    /// Mouse wheel over the list.
    pub fn scroll_by(&mut self, lines: i16, rows: usize) {
        let n = self.list.len().saturating_sub(1) as isize;
        self.sel = (self.sel as isize + lines as isize).clamp(0, n) as usize;
        self.keep_visible(rows);
    }
}

/// (paragraphs touched by at least one excerpt, paragraphs), not counting
/// Markdown headings, which are structure rather than data to code.
pub fn progress_of(text: &str, paragraphs: &[Span], marks: &[Mark]) -> (usize, usize) {
    let body: Vec<&Span> = paragraphs
        .iter()
        .filter(|p| !text[p.start..p.end].starts_with('#'))
        .collect();
    let coded = body
        .iter()
        .filter(|p| marks.iter().any(|m| m.span.overlaps(p)))
        .count();
    (coded, body.len())
}
