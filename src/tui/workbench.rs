//! The app's side of the workbench's three panes (documents, reader,
//! codes): opening a document, moving the reader's cursor, routing a key to
//! the pane in focus and carrying out the effect it hands back (a jump, a
//! picker, a write), and what a memo or key quote in focus refers to.

use super::action::Action;
use super::app::{App, Chooser, EditState, EditTarget, Mode, Pane, Screen, Selection};
use super::components::codes::CodesEffect;
use super::components::reader::{OpenDoc, ReaderEffect};
use super::picker::Picker;
use crate::error::Result;
use crate::model::MemoTarget;
use crate::store::CodeExcerpt;

impl App {
    /// Open a document in the reader (the cursor at its start).
    pub fn open(&mut self, id: &str) -> Result<()> {
        if self.reader.as_ref().is_some_and(|r| r.doc.id == id) {
            return Ok(());
        }
        let doc = self.project.document(id)?;
        let marks = self.marks_for(id)?;
        let width = self.areas().text.width as usize;
        self.reader = Some(OpenDoc::new(doc, marks, width));
        self.recolour();
        let rows = self.doc_rows();
        self.documents.select(id, rows);
        Ok(())
    }

    /// `]` / `[`: the reader moves on to the next (previous) write-up in the
    /// documents pane's order, so coding a study front to back never leaves
    /// the reader.
    pub(crate) fn step_document(&mut self, forward: bool) {
        let list = &self.documents.list;
        let at = self
            .reader
            .as_ref()
            .and_then(|r| list.iter().position(|d| d.id == r.doc.id));
        let next = match (at, forward) {
            (None, _) => Some(0),
            (Some(i), true) => Some(i + 1).filter(|&j| j < list.len()),
            (Some(i), false) => i.checked_sub(1),
        };
        let Some(id) = next.and_then(|j| list.get(j)).map(|d| d.id.clone()) else {
            self.message = Some(if forward {
                "this is the last write-up".into()
            } else {
                "this is the first write-up".into()
            });
            return;
        };
        match self.open(&id) {
            Ok(()) => {
                self.ensure_progress();
                self.message = Some(format!("opened {id}"));
            }
            Err(e) => self.message = Some(format!("error: {e}")),
        }
    }

    /// Fill in the progress of the documents shown in the documents pane.
    pub fn ensure_progress(&mut self) {
        let rows = self.doc_rows();
        let open = self
            .reader
            .as_ref()
            .map(|r| (r.doc.id.as_str(), r.text(), &r.paragraphs[..], &r.marks[..]));
        self.documents.ensure_progress(&self.project, open, rows);
    }

    /// Move the reader's cursor (keeping it on screen).
    pub(crate) fn set_cursor(&mut self, offset: usize) {
        let h = self.text_height();
        if let Some(r) = &mut self.reader {
            r.set_cursor(offset, false, h);
        }
    }

    /// The memo target for the focused thing, and how to name it.
    pub(crate) fn memo_target(&self) -> Option<(MemoTarget, String)> {
        match self.screen {
            Screen::Themes => return self.themes.memo_target(),
            Screen::Workbench => {}
            _ => return super::screens::memo_target(self),
        }
        match self.focus {
            Pane::Reader => {
                let r = self.reader.as_ref()?;
                match r.marks_at(r.cursor).first() {
                    Some(m) => Some((
                        MemoTarget::Excerpt(m.excerpt),
                        format!("excerpt {} ({})", m.excerpt, m.codes.join(", ")),
                    )),
                    None => Some((
                        MemoTarget::Document(r.doc.id.clone()),
                        format!("document {}", r.doc.id),
                    )),
                }
            }
            Pane::Documents => {
                let d = self.documents.selected()?;
                Some((
                    MemoTarget::Document(d.id.clone()),
                    format!("document {}", d.id),
                ))
            }
            Pane::Codes => match self.codes.excerpt_sel {
                Some(i) => {
                    let e = self.codes.excerpt_at(i)?;
                    Some((
                        MemoTarget::Excerpt(e.excerpt),
                        format!("excerpt {} in {}", e.excerpt, e.doc),
                    ))
                }
                None => {
                    let c = self.codes.selected()?;
                    Some((
                        MemoTarget::Code(c.name.clone()),
                        format!("code “{}”", c.name),
                    ))
                }
            },
        }
    }

    pub(crate) fn jump_to_excerpt(&mut self, e: &CodeExcerpt) {
        if let Err(err) = self.open(&e.doc) {
            self.message = Some(format!("error: {err}"));
            return;
        }
        self.focus = Pane::Reader;
        self.screen = Screen::Workbench;
        self.set_cursor(e.span.start);
        if let Some(r) = &mut self.reader {
            r.selection = Selection::Span(e.span);
        }
        self.ensure_progress();
    }

    /// `|`: show or hide the coding-stripe margin beside the reader.
    pub(crate) fn toggle_margin(&mut self) {
        self.margin = !self.margin;
        self.rewrap();
        let shown = self.areas().margin.width > 0;
        self.message = Some(match (self.margin, shown) {
            (true, true) => "coding stripes on (| hides them)".into(),
            (true, false) => "coding stripes on, but the reader is too narrow to show them".into(),
            (false, _) => "coding stripes off (| shows them)".into(),
        });
    }

    /// `m`: edit the memo of the thing in focus.
    pub(crate) fn edit_memo(&mut self) {
        if let Some((target, label)) = self.memo_target() {
            match self.project.memo(&target) {
                Ok(m) => {
                    let text = m.map(|m| m.text).unwrap_or_default();
                    self.mode = Mode::Edit(EditState {
                        target: EditTarget::Memo(target),
                        label,
                        editor: super::editor::Editor::new(&text),
                    });
                }
                Err(e) => self.message = Some(format!("error: {e}")),
            }
        }
    }
}

pub(crate) fn documents_key(app: &mut App, action: Action) {
    let rows = app.doc_rows();
    match app.documents.handle(action, rows) {
        Some(id) => match app.open(&id) {
            Ok(()) => {
                app.focus = Pane::Reader;
                app.ensure_progress();
            }
            Err(e) => app.message = Some(format!("error: {e}")),
        },
        None => app.ensure_progress(),
    }
}

pub(crate) fn codes_key(app: &mut App, action: Action) {
    let a = app.areas();
    match app.codes.handle(&app.project, action, &a) {
        CodesEffect::None => {}
        CodesEffect::Message(m) => app.message = Some(m),
        CodesEffect::Jump(e) => app.jump_to_excerpt(&e),
        CodesEffect::Uncode(excerpt, code) => app.uncode(excerpt, &code),
        CodesEffect::Mode(m) => app.mode = m,
    }
}

pub(crate) fn reader_key(app: &mut App, action: Action) {
    if let Action::NextDocument | Action::PrevDocument = action {
        return app.step_document(action == Action::NextDocument);
    }
    let h = app.text_height();
    let Some(r) = &mut app.reader else { return };
    match r.handle(action, h) {
        ReaderEffect::None => {}
        ReaderEffect::Message(m) => app.message = Some(m),
        ReaderEffect::ClearSearch => app.search = None,
        ReaderEffect::Code => {
            let names: Vec<String> = app.codes.list.iter().map(|c| c.name.clone()).collect();
            app.mode = Mode::Picker(Picker::with_recency(&names, app.recency.clone()));
        }
        ReaderEffect::Recent(n) => match app.recent.get(n as usize - 1).cloned() {
            Some(name) => app.apply(&name),
            None => app.message = Some(format!("no recent code {n} yet: use c")),
        },
        ReaderEffect::Respan(excerpt, span) => app.respan(excerpt, span),
        ReaderEffect::Uncode(items) => {
            if let [(excerpt, code)] = &items[..] {
                let (excerpt, code) = (*excerpt, code.clone());
                app.uncode(excerpt, &code);
            } else {
                app.mode = Mode::Choose(Chooser {
                    title: "Remove which code?".into(),
                    items,
                    highlight: 0,
                });
            }
        }
    }
}
