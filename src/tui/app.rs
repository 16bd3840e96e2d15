//! The app: owns the open [`Project`] and the components (documents, reader,
//! codes, themes, and the overlay in [`Mode`]), and routes each [`Action`] to
//! the one that has the keyboard. Components change their own state and hand
//! back an effect; the app carries out the effects that cross components or
//! change the project (one `Project` call, one transaction, committed at
//! once, so a killed terminal loses nothing). Errors from the store become a
//! status message rather than ending the session.

use super::action::Action;
use super::components::attributes::AttributesView;
use super::components::codes::{CodesEffect, CodesPane};
use super::components::coverage::CoverageView;
use super::components::documents::DocumentsPane;
use super::components::hits::HitsView;
use super::components::memos::MemosView;
use super::components::reader::ReaderEffect;
use super::components::themes::{Env, ThemesEffect, ThemesView};
use super::layout::{self, Areas};
use super::pending::Write;
use super::picker::Picker;
use super::search::Search;
use crate::error::Result;
use crate::model::{DocumentSummary, MemoTarget};
use crate::store::{CodeExcerpt, Project};
use crate::text;
use ratatui::style::Color;
use std::collections::HashMap;

pub use super::components::documents::progress_of;
pub use super::components::reader::OpenDoc;
pub use super::mode::{Chooser, EditState, EditTarget, InputPurpose, Mode, PickPurpose};
pub use super::selection::Selection;

/// How the TUI is opened.
#[derive(Debug, Clone)]
pub struct TuiOptions {
    /// The attribute documents are grouped by (shown in the documents pane).
    pub group_by: String,
    /// No colours: underline/reverse/bold only. `Default` reads `NO_COLOR`
    /// (set and non-empty) once; tests set it explicitly.
    pub no_color: bool,
}

impl Default for TuiOptions {
    fn default() -> Self {
        TuiOptions {
            group_by: "unit".to_owned(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }
}

/// The focused pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Documents,
    Reader,
    Codes,
}

impl Pane {
    pub fn name(self) -> &'static str {
        match self {
            Pane::Documents => "DOCUMENTS",
            Pane::Reader => "READER",
            Pane::Codes => "CODES",
        }
    }
}

/// Which screen the panes belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Documents, reader, codes: reading and coding.
    Workbench,
    /// Themes: gather codes into themes, review, define.
    Themes,
    /// Search and code: every hit of a search across all documents.
    Hits,
    /// Coverage: codes × documents (themes × attribute values) with counts.
    Coverage,
    /// Compare coders side by side and settle their disagreements.
    Compare,
    /// Every memo by target.
    Memos,
    /// One document's attributes.
    Attributes,
}

/// Everything the TUI knows.
pub struct App {
    pub project: Project,
    pub options: TuiOptions,
    pub width: u16,
    pub height: u16,
    pub screen: Screen,
    pub focus: Pane,
    pub mode: Mode,
    pub documents: DocumentsPane,
    pub codes: CodesPane,
    pub reader: Option<OpenDoc>,
    /// The themes screen's state (loaded when the screen is first opened).
    pub themes: ThemesView,
    /// The hit list of the last search across all documents (`F`).
    pub hits: HitsView,
    /// The coverage matrix (loaded when the screen is opened).
    pub coverage: CoverageView,
    /// The compare screen's state (loaded when the screen is opened).
    pub compare: super::components::compare::CompareView,
    /// The memo browser (loaded when opened).
    pub memos: MemosView,
    /// The attributes of one document (loaded when opened).
    pub attributes: AttributesView,
    /// Most recently used codes, newest first (at most nine).
    pub recent: Vec<String>,
    /// Every code used, newest first: the picker's tie-break.
    pub recency: Vec<String>,
    pub search: Option<Search>,
    pub message: Option<String>,
    pub should_quit: bool,
    /// The project's data version when last loaded (see `sync_external`).
    pub data_version: i64,
    /// The coding-stripe margin beside the reader (`|` toggles it).
    pub margin: bool,
    /// Colours of the open document's codes: neighbours differ (see
    /// [`stripes::document_colours`](super::stripes::document_colours)).
    pub doc_colours: HashMap<String, Color>,
    /// When the last letter came and what it did (see `tui::typing`).
    pub typing: super::typing::Typing,
    /// A change waiting for another thema's write to end (see `pending.rs`).
    pub pending: Option<super::pending::Pending>,
    /// The editor's draft could not be kept (the lock was taken): kept on
    /// the next try.
    pub draft_unkept: bool,
}

impl App {
    /// Load the project's lists and open the first document.
    pub fn new(project: Project, options: TuiOptions) -> Result<App> {
        let recency = project.recent_codes(1_000_000)?;
        let recent: Vec<String> = recency.iter().take(9).cloned().collect();
        let mut app = App {
            project,
            options,
            width: 120,
            height: 40,
            screen: Screen::Workbench,
            focus: Pane::Documents,
            mode: Mode::Normal,
            documents: DocumentsPane::default(),
            codes: CodesPane::default(),
            reader: None,
            themes: ThemesView::default(),
            hits: HitsView::default(),
            coverage: CoverageView::default(),
            compare: Default::default(),
            memos: MemosView::default(),
            attributes: AttributesView::default(),
            recent,
            recency,
            search: None,
            message: None,
            should_quit: false,
            data_version: 0,
            margin: true,
            doc_colours: HashMap::new(),
            typing: Default::default(),
            pending: None,
            draft_unkept: false,
        };
        // Never wait inside a call: the event loop retries (pending.rs).
        app.project.set_patience(Some(std::time::Duration::ZERO));
        app.data_version = app.project.data_version()?;
        app.reload_lists()?;
        if let Some(first) = app.documents.list.first().map(|d| d.id.clone()) {
            app.open(&first)?;
        }
        app.ensure_progress();
        super::drafts::restore(&mut app);
        Ok(app)
    }

    pub fn areas(&self) -> Areas {
        layout::areas_with(self.width, self.height, self.margin)
    }

    /// Rows of the reader's text area.
    pub(crate) fn text_height(&self) -> usize {
        self.areas().text.height as usize
    }

    fn doc_rows(&self) -> usize {
        self.areas().doc_list.height as usize
    }

    /// The value of the grouping attribute for a document.
    pub fn group_of<'a>(&self, d: &'a DocumentSummary) -> &'a str {
        d.attributes
            .get(&self.options.group_by)
            .map(String::as_str)
            .unwrap_or("")
    }

    /// A code's colour: in the open document, the one chosen so that
    /// neighbouring codes differ; elsewhere its own.
    pub fn colour(&self, code: &str) -> Color {
        match self.doc_colours.get(code) {
            Some(c) => *c,
            None => self.codes.colour(code),
        }
    }

    /// Choose the open document's code colours again (after its marks or
    /// the codes changed).
    pub(crate) fn recolour(&mut self) {
        let stored: HashMap<&str, Option<&str>> = self
            .codes
            .list
            .iter()
            .map(|c| (c.name.as_str(), c.colour.as_deref()))
            .collect();
        self.doc_colours = match &self.reader {
            Some(r) => super::stripes::document_colours(
                &r.marks,
                &super::colour::palette(),
                |c| super::colour::stored_colour(stored.get(c).copied().flatten()),
                super::colour::palette_index,
            ),
            None => HashMap::new(),
        };
    }

    fn reload_lists(&mut self) -> Result<()> {
        self.documents.reload(&self.project)?;
        self.codes.reload(&self.project)
    }

    /// Open a document in the reader (the cursor at its start).
    pub fn open(&mut self, id: &str) -> Result<()> {
        if self.reader.as_ref().is_some_and(|r| r.doc.id == id) {
            return Ok(());
        }
        let doc = self.project.document(id)?;
        let marks = self.project.excerpt_marks(id)?;
        let width = self.areas().text.width as usize;
        self.reader = Some(OpenDoc::new(doc, marks, width));
        self.recolour();
        let rows = self.doc_rows();
        self.documents.select(id, rows);
        Ok(())
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

    /// Pick up changes another program committed to the project (a CLI
    /// command in another terminal): reload the lists and, if the open
    /// document was re-imported, its text. Returns whether anything changed.
    pub fn sync_external(&mut self) -> bool {
        let Ok(v) = self.project.data_version() else {
            return false;
        };
        if v == self.data_version {
            return false;
        }
        self.data_version = v;
        if let Some(r) = &self.reader {
            let id = r.doc.id.clone();
            let cursor = r.cursor;
            match self.project.document(&id) {
                Ok(doc) if doc.sha256 != r.doc.sha256 => {
                    // Offsets refer to the new text now: reopen it.
                    self.reader = None;
                    if self.open(&id).is_ok() {
                        let at = self
                            .reader
                            .as_ref()
                            .map(|r| text::floor_grapheme(&r.doc.text, cursor));
                        if let Some(at) = at {
                            self.set_cursor(at);
                        }
                    }
                }
                Ok(_) => {}
                // The document is gone (an import was undone elsewhere).
                Err(_) => self.reader = None,
            }
        }
        self.refresh(None);
        if self.reader.is_none()
            && let Some(first) = self.documents.list.first().map(|d| d.id.clone())
        {
            let _ = self.open(&first);
        }
        self.message = Some("the project was changed outside the workbench; reloaded".into());
        true
    }

    /// Refresh after a change to the codings of one document (code, uncode,
    /// widen or narrow): that document's marks, excerpt count and progress,
    /// the counts of the codes involved and, if one of them is highlighted,
    /// its excerpt list — each an indexed read of what changed, not a
    /// reload of every list (which takes a second on a million excerpts).
    /// `whole`: the highlighted code's per-document counts are read again
    /// (it just became highlighted), else only `doc`'s.
    pub(crate) fn refresh_coding(&mut self, doc: &str, codes: &[String], whole: bool) {
        let res = (|| -> Result<()> {
            if let Some(r) = &mut self.reader
                && r.doc.id == doc
            {
                r.marks = self.project.excerpt_marks(doc)?;
            }
            if let Some(d) = self.documents.list.iter_mut().find(|d| d.id == doc) {
                d.excerpts = self.project.document_excerpt_count(doc)?;
            }
            for name in codes {
                if let Some(c) = self.codes.list.iter_mut().find(|c| c.name == *name) {
                    c.excerpts = self.project.code_link_count(name)?;
                }
            }
            if self
                .codes
                .selected()
                .is_some_and(|c| codes.contains(&c.name))
            {
                if whole {
                    self.codes.reload_excerpts(&self.project)?;
                } else {
                    self.codes.reload_doc(&self.project, doc)?;
                }
            }
            Ok(())
        })();
        if let Err(e) = res {
            self.message = Some(format!("error: {e}"));
        }
        self.recolour();
        self.documents.progress.remove(doc);
        self.ensure_progress();
        if self.screen == Screen::Themes {
            self.reload_themes();
        }
    }

    /// Reload what a change may have touched; `doc` limits progress updates.
    pub(crate) fn refresh(&mut self, doc: Option<&str>) {
        let res = (|| -> Result<()> {
            self.reload_lists()?;
            if let Some(r) = &mut self.reader {
                r.marks = self.project.excerpt_marks(&r.doc.id)?;
            }
            Ok(())
        })();
        if let Err(e) = res {
            self.message = Some(format!("error: {e}"));
        }
        self.recolour();
        match doc {
            Some(d) => {
                self.documents.progress.remove(d);
            }
            None => self.documents.progress.clear(),
        }
        // `recent` is App state: an undo does not take a code off the list
        // (applying it again recreates the code if the undo removed it).
        self.ensure_progress();
        if self.screen == Screen::Themes {
            self.reload_themes();
        }
        if self.screen == Screen::Coverage {
            self.reload_coverage();
        }
        if self.screen == Screen::Compare {
            self.reload_compare();
        }
        if self.screen == Screen::Memos {
            self.reload_memos();
        }
        if self.screen == Screen::Attributes {
            let doc = self.attributes.doc.clone();
            if let Err(e) = self.attributes.load(&self.project, &doc) {
                self.message = Some(format!("error: {e}"));
            }
        }
        // The open document's attributes (its title) follow edits and undo.
        if let Some(r) = &mut self.reader
            && let Some(d) = self.documents.list.iter().find(|d| d.id == r.doc.id)
        {
            r.doc.attributes = d.attributes.clone();
        }
    }

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
    fn compare_key(&mut self, action: Action) {
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

    /// The memo target for the focused thing, and how to name it.
    /// `*`: make the excerpt in focus a key quote, or no longer one.
    fn toggle_key_quote(&mut self) {
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

    fn memo_target(&self) -> Option<(MemoTarget, String)> {
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

    pub(crate) fn rewrap(&mut self) {
        let a = self.areas();
        let h = self.text_height();
        if let Some(r) = &mut self.reader {
            r.rewrap(a.text.width as usize);
            r.keep_cursor_visible(h);
        }
        let rows = self.doc_rows();
        self.documents.keep_visible(rows);
        self.codes.keep_visible_loaded(&self.project, &a);
        self.ensure_progress();
        if self.screen == Screen::Themes {
            let (w, h) = (self.width, self.height);
            if let Err(e) = self.themes.load_review_details(&self.project, w, h) {
                self.message = Some(format!("error: {e}"));
            }
        }
    }
}

/// Apply one action to the state (and, for changes, to the project).
pub fn update(app: &mut App, action: Action) {
    if let Action::Resize(w, h) = action {
        app.width = w;
        app.height = h;
        app.rewrap();
        return;
    }
    // Esc with nothing open cancels a write that waits for the lock.
    if action == Action::Cancel && app.pending.is_some() && matches!(app.mode, Mode::Normal) {
        app.cancel_pending();
        return;
    }
    let mode = std::mem::replace(&mut app.mode, Mode::Normal);
    match mode {
        Mode::Normal => normal(app, action),
        other => app.mode = super::overlays::handle(app, other, action),
    }
    // A change made elsewhere (the themes screen) that met the lock: it
    // was not made; say why in the user's terms.
    if app.pending.is_none()
        && app.project.gave_up_waiting()
        && app
            .message
            .as_deref()
            .is_some_and(|m| m.starts_with("error:"))
    {
        app.message = Some(format!(
            "another thema ({}) is changing the project: nothing was changed; try again in a moment",
            app.project.lock_holder()
        ));
    }
}

/// A key with no overlay open: global keys here, the rest to the component
/// in focus.
fn normal(app: &mut App, action: Action) {
    app.message = None;
    match action {
        Action::FocusNext | Action::FocusPrev => {
            let order = [Pane::Documents, Pane::Reader, Pane::Codes];
            let i = order.iter().position(|p| *p == app.focus).unwrap_or(0);
            let d = if action == Action::FocusNext { 1 } else { 2 };
            app.focus = order[(i + d) % 3];
        }
        Action::Quit => app.should_quit = true,
        Action::KeyQuote => app.toggle_key_quote(),
        Action::Margin => {
            app.margin = !app.margin;
            app.rewrap();
            let shown = app.areas().margin.width > 0;
            app.message = Some(match (app.margin, shown) {
                (true, true) => "coding stripes on (| hides them)".into(),
                (true, false) => {
                    "coding stripes on, but the reader is too narrow to show them".into()
                }
                (false, _) => "coding stripes off (| shows them)".into(),
            });
        }
        Action::Help => app.mode = Mode::Help(0),
        Action::Undo | Action::Redo => undo_redo(app, action == Action::Undo),
        Action::Search => {
            app.mode = Mode::Search {
                query: String::new(),
                all_docs: app.focus == Pane::Documents,
            }
        }
        Action::SearchNext | Action::SearchPrev => app.step_search(action == Action::SearchNext),
        Action::Memo => {
            if let Some((target, label)) = app.memo_target() {
                match app.project.memo(&target) {
                    Ok(m) => {
                        let text = m.map(|m| m.text).unwrap_or_default();
                        app.mode = Mode::Edit(EditState {
                            target: EditTarget::Memo(target),
                            label,
                            editor: super::editor::Editor::new(&text),
                        });
                    }
                    Err(e) => app.message = Some(format!("error: {e}")),
                }
            }
        }
        Action::FindScreen if app.screen != Screen::Hits => app.open_find(),
        Action::Coverage if app.screen != Screen::Coverage => app.open_coverage(),
        _ if app.screen == Screen::Hits => super::screens::hits_key(app, action),
        Action::MemoScreen if app.screen != Screen::Memos => app.open_memos(),
        Action::Attributes if app.screen == Screen::Workbench => app.open_attributes(),
        _ if app.screen == Screen::Coverage => super::screens::coverage_key(app, action),
        _ if app.screen == Screen::Compare => app.compare_key(action),
        Action::Compare => {
            app.screen = Screen::Compare;
            app.reload_compare();
        }
        _ if app.screen == Screen::Memos => super::screens::memos_key(app, action),
        _ if app.screen == Screen::Attributes => super::screens::attributes_key(app, action),
        _ if app.screen == Screen::Themes => {
            let effect = app.with_themes(|v, env| v.handle(env, action));
            app.themes_effect(effect);
        }
        Action::Click { col, row } => super::mouse::click(app, col, row),
        Action::Drag { col, row } => super::mouse::drag(app, col, row),
        Action::Scroll { col, row, lines } => super::mouse::scroll(app, col, row, lines),
        Action::Themes => {
            app.screen = Screen::Themes;
            app.reload_themes();
        }
        _ => match app.focus {
            Pane::Reader => reader_key(app, action),
            Pane::Documents => documents_key(app, action),
            Pane::Codes => codes_key(app, action),
        },
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

fn reader_key(app: &mut App, action: Action) {
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
