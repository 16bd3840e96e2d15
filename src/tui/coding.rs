//! The app's writes to the codings: code a selection or span, remove a code
//! from an excerpt, widen or narrow an excerpt, mark a key quote, undo and
//! redo. Each is one `Project` call (one transaction, committed at once);
//! a write that meets another thema's lock waits in `pending.rs`; success
//! refreshes only what the write touched (`refresh.rs`).

use super::app::{App, Selection};
use super::pending::Write;
use crate::model::MemoTarget;

impl App {
    /// Code the selection with `name` (one transaction), then refresh.
    pub(crate) fn apply(&mut self, name: &str) {
        let Some(r) = &self.reader else { return };
        let Some(span) = r.selection_span() else {
            self.message = Some("nothing selected: s sentence, p paragraph, v visual".into());
            return;
        };
        let doc = r.doc.id.clone();
        self.apply_span(doc, span, name);
    }

    /// Code `span` of `doc` with `name` (from a key or a pending write).
    pub(crate) fn apply_span(&mut self, doc: String, span: crate::model::Span, name: &str) {
        if self.refuse_while_pending() {
            return;
        }
        match self.project.apply_code(&doc, span, name) {
            Ok(coding) => {
                self.remember(&coding.code);
                let created = if coding.code_created {
                    " (new code)"
                } else {
                    ""
                };
                self.message = Some(format!("coded “{}”{created}", coding.code));
                if let Some(r) = &mut self.reader {
                    r.selection = Selection::None;
                }
                if coding.code_created {
                    // A new row in the code tree.
                    if let Err(e) = self.codes.reload(&self.project) {
                        self.message = Some(format!("error: {e}"));
                    }
                }
                let a = self.areas();
                let before = self.codes.sel;
                self.codes.point_at(&coding.code, &a);
                // Another code highlighted: its counts are read whole.
                let whole = coding.code_created || self.codes.sel != before;
                self.refresh_coding(&doc, &[coding.code], whole);
            }
            Err(e) => self.write_failed(
                e,
                Write::Apply {
                    doc,
                    span,
                    code: name.to_owned(),
                },
            ),
        }
    }

    pub(crate) fn remember(&mut self, code: &str) {
        self.recent.retain(|c| c != code);
        self.recent.insert(0, code.to_owned());
        self.recent.truncate(9);
        self.recency.retain(|c| c != code);
        self.recency.insert(0, code.to_owned());
    }

    pub(crate) fn uncode(&mut self, excerpt: i64, code: &str) {
        if self.refuse_while_pending() {
            return;
        }
        // The document the excerpt is in (the reader's, or the listed one's).
        let doc = match self.project.excerpt(excerpt) {
            Ok(e) => Some(e.doc),
            Err(_) => self.reader.as_ref().map(|r| r.doc.id.clone()),
        };
        match self.project.uncode(excerpt, Some(code)) {
            Ok(()) => {
                self.message = Some(format!("removed “{code}”"));
                match doc {
                    Some(d) => self.refresh_coding(&d, &[code.to_owned()], false),
                    None => self.refresh(None),
                }
            }
            Err(e) => self.write_failed(
                e,
                Write::Uncode {
                    excerpt,
                    code: code.to_owned(),
                },
            ),
        }
    }

    /// Widen or narrow an excerpt (one change; its codes and memo stay).
    pub(crate) fn respan(&mut self, excerpt: i64, span: crate::model::Span) {
        if self.refuse_while_pending() {
            return;
        }
        let codes: Vec<String> = self
            .reader
            .as_ref()
            .and_then(|r| r.marks.iter().find(|m| m.excerpt == excerpt))
            .map(|m| m.codes.clone())
            .unwrap_or_default();
        match self.project.respan_excerpt(excerpt, span) {
            Ok(span) => {
                match self.reader.as_ref().map(|r| r.doc.id.clone()) {
                    Some(d) => self.refresh_coding(&d, &codes, false),
                    None => self.refresh(None),
                }
                if let Some(r) = &mut self.reader {
                    r.selection = Selection::Span(span);
                    let n = r
                        .sentences
                        .iter()
                        .filter(|s| span.contains(s.start))
                        .count();
                    self.message = Some(format!(
                        "excerpt {excerpt} now {n} sentence(s), codes and memo kept (u undoes)"
                    ));
                }
            }
            Err(e) => self.write_failed(e, Write::Respan { excerpt, span }),
        }
    }

    /// `*`: make the excerpt in focus a key quote, or no longer one.
    pub(crate) fn toggle_key_quote(&mut self) {
        let Some((MemoTarget::Excerpt(id), _)) = self.memo_target() else {
            self.message = Some("* marks a key quote: put the cursor on an excerpt".into());
            return;
        };
        let is_key = self
            .project
            .quote_marks()
            .map(|m| m.get(&id).is_some_and(|m| m.key));
        let change = |key| crate::store::MarkChange {
            key: Some(key),
            excluded: Some(false),
            display: None,
        };
        self.message = Some(
            match is_key.and_then(|k| self.project.mark_quote(id, &change(!k))) {
                Ok(m) if m.key => format!("excerpt {id} is a key quote (* again undoes)"),
                Ok(_) => format!("excerpt {id} is no longer a key quote"),
                Err(e) => format!("error: {e}"),
            },
        );
    }
}

pub(crate) fn undo_redo(app: &mut App, undo: bool) {
    if app.refuse_while_pending() {
        return;
    }
    let res = if undo {
        app.project.undo()
    } else {
        app.project.redo()
    };
    let verb = if undo { "undone" } else { "redone" };
    match res {
        Ok(Some(summary)) => {
            app.refresh(None);
            app.message = Some(format!("{verb}: {summary}"));
        }
        Ok(None) => app.message = Some(format!("nothing to {}", &verb[..4])),
        Err(e) => app.write_failed(e, if undo { Write::Undo } else { Write::Redo }),
    }
}
