//! The app's side of the screens beside the workbench (themes, search and
//! code, coverage, compare, memos, attributes): opening them, routing their
//! keys to their components, and carrying out what the components ask for
//! (a `Project` call, a jump to the reader).
//! Kept out of `app.rs` so each screen's wiring reads in one place.

use super::action::Action;
use super::app::{App, Pane, Screen};
use super::components::attributes::{self, AttributesEffect};
use super::components::coverage::{self, CoverageEffect, Room};
use super::components::hits::HitsEffect;
use super::components::memos::MemosEffect;
use super::components::themes::{Env, ThemesEffect, ThemesView};
use super::editor::Editor;
use super::layout;
use super::mode::{EditState, EditTarget, InputPurpose, Mode};
use super::picker::Picker;
use super::search::Search;
use super::selection::Selection;
use crate::model::MemoTarget;
use crate::store::CodeExcerpt;

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
        self.load_hit_marks();
    }

    /// Rows of the hit list (its header takes one row).
    fn hit_rows(&self) -> usize {
        let rows = layout::screen_areas(self.width, self.height).list.height as usize;
        rows.saturating_sub(1)
    }

    /// Read the codings of the hits shown (see `HitsView::load_marks`).
    pub(crate) fn load_hit_marks(&mut self) {
        let rows = self.hit_rows();
        if let Err(e) = self.hits.load_marks(&self.project, rows) {
            self.message = Some(format!("error: {e}"));
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
    let rows = app.hit_rows();
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
    app.load_hit_marks();
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

impl App {
    /// `W`: every memo by target.
    pub(crate) fn open_memos(&mut self) {
        self.screen = Screen::Memos;
        self.reload_memos();
    }

    pub(crate) fn reload_memos(&mut self) {
        if let Err(e) = self.memos.load(&self.project) {
            self.message = Some(format!("error: {e}"));
        }
    }

    /// `E` on the documents pane: the highlighted document's attributes.
    pub(crate) fn open_attributes(&mut self) {
        let Some(doc) = self.documents.selected().map(|d| d.id.clone()) else {
            self.message = Some("no document to describe".into());
            return;
        };
        match self.attributes.load(&self.project, &doc) {
            Ok(()) => self.screen = Screen::Attributes,
            Err(e) => self.message = Some(format!("error: {e}")),
        }
    }

    /// A value or `key=value` was entered for the attribute screen's
    /// document: one change. False keeps the prompt open (with why).
    pub(crate) fn attribute_entered(&mut self, purpose: &InputPurpose, typed: &str) -> bool {
        let (doc, key, value) = match purpose {
            InputPurpose::AttributeValue(doc, key) => {
                if typed.trim().is_empty() {
                    self.message = Some("an empty value: d removes the attribute".into());
                    return false;
                }
                (doc.clone(), key.clone(), typed.trim().to_owned())
            }
            InputPurpose::NewAttribute(doc) => match attributes::parse_pair(typed) {
                Some((k, v)) => (doc.clone(), k, v),
                None => {
                    self.message = Some("write key=value, e.g. rol=korpsexpert".into());
                    return false;
                }
            },
            _ => return true,
        };
        self.set_attribute(&doc, &key, &value)
    }

    /// One attribute change (an empty value removes it), then reload.
    fn set_attribute(&mut self, doc: &str, key: &str, value: &str) -> bool {
        match self.project.set_attribute(doc, key, value) {
            Ok(()) => {
                self.message = Some(if value.is_empty() {
                    format!("removed {key} from {doc} (u undoes)")
                } else {
                    format!("{doc}: {key} = {value} (u undoes)")
                });
                self.refresh(None);
                if let Some(i) = self.attributes.pairs.iter().position(|p| p.0 == key) {
                    self.attributes.sel = i;
                }
                true
            }
            Err(e) => {
                self.message = Some(format!("error: {e}"));
                false
            }
        }
    }

    /// Go to what a memo is about.
    fn open_memo_target(&mut self, target: &MemoTarget) {
        match target {
            MemoTarget::Project => {
                self.message = Some("the project memo is about the whole project".into())
            }
            MemoTarget::Document(d) => {
                if let Err(e) = self.open(d) {
                    self.message = Some(format!("error: {e}"));
                    return;
                }
                self.screen = Screen::Workbench;
                self.focus = Pane::Reader;
                self.ensure_progress();
            }
            MemoTarget::Code(c) => {
                // The code list may predate the code (made elsewhere).
                self.refresh(None);
                self.screen = Screen::Workbench;
                self.focus = Pane::Codes;
                self.codes.excerpt_sel = None;
                let a = self.areas();
                self.codes.select_name(&self.project, c, &a);
            }
            MemoTarget::Theme(t) => {
                self.screen = Screen::Themes;
                self.reload_themes();
                let effect = self.with_themes(|v, env| {
                    v.picked(
                        env,
                        &super::mode::PickPurpose::Jump,
                        super::picker::Choice::Existing(t.clone()),
                    )
                });
                self.themes_effect(effect);
            }
            MemoTarget::Excerpt(id) => match self.project.excerpt(*id) {
                Ok(e) => {
                    let target = crate::store::CodeExcerpt {
                        excerpt: e.id,
                        doc: e.doc,
                        span: crate::model::Span::new(e.start, e.end),
                        text: e.text,
                    };
                    self.jump_to_excerpt(&target);
                }
                Err(e) => self.message = Some(format!("error: {e}")),
            },
        }
        if self.screen != Screen::Memos && self.message.is_none() {
            self.message = Some("W goes back to the memos".into());
        }
    }
}

/// A key in the memo browser.
pub(crate) fn memos_key(app: &mut App, action: Action) {
    if action == Action::Themes {
        app.screen = Screen::Themes;
        app.reload_themes();
        return;
    }
    let rows = layout::screen_areas(app.width, app.height).list.height as usize;
    match app.memos.handle(action, rows) {
        MemosEffect::None => {}
        MemosEffect::Leave => app.screen = Screen::Workbench,
        MemosEffect::Open(target) => app.open_memo_target(&target),
        MemosEffect::Edit(target, label, text) => {
            // The editor (and its draft) is the one every memo uses.
            app.mode = Mode::Edit(EditState {
                target: EditTarget::Memo(target),
                label,
                editor: Editor::new(&text),
            });
        }
    }
}

/// A key on the attribute screen.
pub(crate) fn attributes_key(app: &mut App, action: Action) {
    let rows = layout::screen_areas(app.width, app.height).list.height as usize;
    let doc = app.attributes.doc.clone();
    match app.attributes.handle(action, rows) {
        AttributesEffect::None => {}
        AttributesEffect::Message(m) => app.message = Some(m),
        AttributesEffect::Leave => app.screen = Screen::Workbench,
        AttributesEffect::EditValue(key, value) => {
            app.mode = Mode::Input {
                purpose: InputPurpose::AttributeValue(doc, key),
                text: value,
            }
        }
        AttributesEffect::Add => {
            app.mode = Mode::Input {
                purpose: InputPurpose::NewAttribute(doc),
                text: String::new(),
            }
        }
        AttributesEffect::Remove(key) => {
            app.set_attribute(&doc, &key, "");
        }
    }
}

/// The memo target on the added screens: `m` does nothing there (the memo
/// browser edits with Enter).
pub(crate) fn memo_target(_app: &App) -> Option<(MemoTarget, String)> {
    None
}

/// The themes and compare screens: their components take the project
/// lent for one key.
impl App {
    pub(crate) fn reload_compare(&mut self) {
        if let Err(e) = self.compare.reload(&self.project) {
            self.message = Some(format!("error: {e}"));
        }
    }

    /// Rows of the compare screen's list.
    pub(crate) fn compare_rows(&self) -> usize {
        super::views::compare_list_rows(self.width, self.height)
    }

    /// Carry out what a key on the compare screen asked for.
    pub(crate) fn compare_key(&mut self, action: Action) {
        use super::components::compare::CompareEffect;
        let rows = self.compare_rows();
        match self.compare.handle(&mut self.project, action, rows) {
            CompareEffect::None => {}
            CompareEffect::Message(m) => self.message = Some(m),
            CompareEffect::Changed(m) => {
                self.refresh(None);
                self.message = Some(m);
            }
            CompareEffect::Leave => self.screen = Screen::Workbench,
            CompareEffect::Open(doc, span) => {
                self.jump_to_excerpt(&CodeExcerpt {
                    excerpt: 0,
                    doc,
                    span,
                    text: String::new(),
                });
                self.message = Some("A goes back to the compare screen".into());
            }
        }
    }

    /// Run `f` on the themes component with the project lent to it.
    pub(crate) fn with_themes<R>(&mut self, f: impl FnOnce(&mut ThemesView, &mut Env) -> R) -> R {
        let mut env = Env {
            project: &mut self.project,
            codes: &self.codes.list,
            width: self.width,
            height: self.height,
        };
        f(&mut self.themes, &mut env)
    }

    pub(crate) fn reload_themes(&mut self) {
        if let Err(e) = self.with_themes(|v, env| v.reload(env)) {
            self.message = Some(format!("error: {e}"));
        }
    }

    /// Carry out what a key on the themes screen asked for.
    pub(crate) fn themes_effect(&mut self, effect: ThemesEffect) {
        match effect {
            ThemesEffect::None => {}
            ThemesEffect::Message(m) => self.message = Some(m),
            ThemesEffect::Mode(m) => self.mode = m,
            ThemesEffect::Leave => self.screen = Screen::Workbench,
            ThemesEffect::Open(e) => {
                self.jump_to_excerpt(&e);
                self.message = Some("T goes back to the themes screen".into());
            }
        }
    }
}
