//! The app's side of the added screens (search and code, coverage, memos):
//! opening them, routing their keys to their components, and carrying out
//! what the components ask for (a `Project` call, a jump to the reader).
//! Kept out of `app.rs` so each screen's wiring reads in one place.

use super::action::Action;
use super::app::{App, Pane, Screen};
use super::components::coverage::{self, CoverageEffect, Room};
use super::components::hits::HitsEffect;
use super::layout;
use super::mode::{InputPurpose, Mode};
use super::picker::Picker;
use super::search::Search;
use super::selection::Selection;
use crate::model::MemoTarget;

impl App {
    /// `F`: ask for a query (the last one to start from).
    pub(crate) fn open_find(&mut self) {
        self.mode = Mode::Input {
            purpose: InputPurpose::Find,
            text: self.hits.query.clone(),
        };
    }

    /// Search every document and show the hit list.
    pub(crate) fn run_find(&mut self, query: &str) {
        if query.trim().is_empty() {
            return;
        }
        if let Err(e) = self.hits.find(&self.project, query) {
            self.message = Some(format!("error: {e}"));
            return;
        }
        let n = self.hits.hits.len();
        self.message = Some(if n == 0 {
            format!("“{}” not found in any document", query.trim())
        } else {
            format!(
                "{n} hit(s) in {} document(s): Space marks, c codes",
                self.hits.docs.len()
            )
        });
        if n > 0 {
            self.screen = Screen::Hits;
        }
    }

    /// Code the marked hits (or the one under the cursor) with `name`, in
    /// the unit chosen, as one change.
    pub(crate) fn code_hits(&mut self, name: &str) {
        let spans = self.hits.to_code();
        if spans.is_empty() {
            self.message = Some("nothing to code".into());
            return;
        }
        match self.project.apply_code_spans(name, &spans) {
            Ok(coding) => {
                self.remember(&coding.code);
                let added = coding.applied.iter().filter(|a| !a.already).count();
                let already = coding.applied.len() - added;
                let already = if already > 0 {
                    format!(", {already} had it already")
                } else {
                    String::new()
                };
                let created = if coding.code_created {
                    " (new code)"
                } else {
                    ""
                };
                self.message = Some(format!(
                    "coded {added} {}(s) “{}”{created}{already}: one change, u undoes",
                    self.hits.unit.name(),
                    coding.code
                ));
                self.hits.clear_marks();
                self.refresh(None);
            }
            Err(e) => self.message = Some(format!("error: {e}")),
        }
    }

    /// Open a hit in the reader, its unit selected, `n`/`N` stepping on
    /// through the hit list.
    fn open_hit(&mut self, doc: &str, span: crate::model::Span) {
        let widened = self
            .hits
            .hits
            .get(self.hits.sel)
            .and_then(|h| self.hits.widened(h));
        self.search = Some(Search {
            phrase: self.hits.query.clone(),
            hits: self
                .hits
                .hits
                .iter()
                .map(|h| (self.hits.doc_id(h).to_owned(), h.span))
                .collect(),
            current: self.hits.sel,
        });
        if let Err(e) = self.open(doc) {
            self.message = Some(format!("error: {e}"));
            return;
        }
        self.screen = Screen::Workbench;
        self.focus = Pane::Reader;
        self.set_cursor(span.start);
        if let (Some(r), Some(w)) = (&mut self.reader, widened) {
            r.selection = Selection::Span(w);
        }
        self.ensure_progress();
        self.message = Some(format!(
            "hit {} of {}: c codes the {}, n N step, F back to the list",
            self.hits.sel + 1,
            self.hits.hits.len(),
            self.hits.unit.name()
        ));
    }
}

/// A key on the hit list.
pub(crate) fn hits_key(app: &mut App, action: Action) {
    if action == Action::Themes {
        app.screen = Screen::Themes;
        app.reload_themes();
        return;
    }
    let rows = layout::screen_areas(app.width, app.height).list.height as usize;
    // The hit list header takes one row.
    let rows = rows.saturating_sub(1);
    let effect = app.hits.handle(action, rows);
    match effect {
        HitsEffect::None => {}
        HitsEffect::Message(m) => app.message = Some(m),
        HitsEffect::Code => {
            let names: Vec<String> = app.codes.list.iter().map(|c| c.name.clone()).collect();
            app.mode = Mode::Picker(Picker::with_recency(&names, app.recency.clone()));
        }
        HitsEffect::Recent(n) => match app.recent.get(n as usize - 1).cloned() {
            Some(name) => app.code_hits(&name),
            None => app.message = Some(format!("no recent code {n} yet: use c")),
        },
        HitsEffect::Open(doc, span) => app.open_hit(&doc, span),
        HitsEffect::Query => app.open_find(),
        HitsEffect::Leave => app.screen = Screen::Workbench,
    }
}

impl App {
    /// `#`: load the coverage matrix and show it.
    pub(crate) fn open_coverage(&mut self) {
        self.screen = Screen::Coverage;
        self.reload_coverage();
    }

    pub(crate) fn reload_coverage(&mut self) {
        let by = self.options.group_by.clone();
        if let Err(e) = self.coverage.load(&self.project, &by) {
            self.message = Some(format!("error: {e}"));
        }
    }
}

/// The rows, cells and excerpt rows the coverage screen shows now.
pub(crate) fn coverage_room(app: &App) -> Room {
    let a = layout::screen_areas(app.width, app.height);
    let (_, _, cols) = coverage::geometry(a.list.width as usize, &app.coverage.labels);
    Room {
        // One header row above the matrix.
        rows: (a.list.height as usize).saturating_sub(1).max(1),
        cols,
        excerpt_rows: (a.detail_text.height as usize).max(1),
    }
}

/// A key on the coverage screen.
pub(crate) fn coverage_key(app: &mut App, action: Action) {
    if action == Action::Themes {
        app.screen = Screen::Themes;
        app.reload_themes();
        return;
    }
    let room = coverage_room(app);
    match app.coverage.handle(&app.project, action, room) {
        CoverageEffect::None => {}
        CoverageEffect::Message(m) => app.message = Some(m),
        CoverageEffect::Leave => app.screen = Screen::Workbench,
        CoverageEffect::Open(e) => {
            app.jump_to_excerpt(&e);
            app.message = Some("# goes back to the coverage screen".into());
        }
    }
}

/// The memo target on the added screens (none on the hit list).
pub(crate) fn memo_target(_app: &App) -> Option<(MemoTarget, String)> {
    None
}
