//! The app: owns the open [`Project`] and the components (documents, reader,
//! codes, themes, and the overlay in [`Mode`]), and routes each [`Action`] to
//! the one that has the keyboard. Components change their own state and hand
//! back an effect; the app carries out the effects that cross components or
//! change the project (one `Project` call, one transaction, committed at
//! once, so a killed terminal loses nothing). Errors from the store become a
//! status message rather than ending the session. This file holds the state
//! and the router ([`update`]); what the router calls lives beside it: the
//! workbench panes' wiring in `workbench.rs`, writes to codings in
//! `coding.rs`, keeping copies in step in `refresh.rs`, the other screens in
//! `screens.rs`, overlays in `overlays.rs`.

use super::action::Action;
use super::components::attributes::AttributesView;
use super::components::codes::CodesPane;
use super::components::coverage::CoverageView;
use super::components::documents::DocumentsPane;
use super::components::hits::HitsView;
use super::components::memos::MemosView;
use super::components::themes::ThemesView;
use super::layout::{self, Areas};
use super::search::Search;
use super::workbench;
use crate::error::Result;
use crate::model::DocumentSummary;
use crate::store::Project;
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
    /// Whose codings the workbench shows (`@`, see `tui::coders`).
    pub coders: super::coders::CoderView,
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
            coders: Default::default(),
        };
        // Never wait inside a call: the event loop retries (pending.rs).
        app.project.set_patience(Some(std::time::Duration::ZERO));
        app.data_version = app.project.data_version()?;
        app.reload_coders();
        app.reload_lists()?;
        if let Some(first) = app.documents.list.first().map(|d| d.id.clone()) {
            app.open(&first)?;
        }
        app.ensure_progress();
        super::drafts::restore(&mut app);
        Ok(app)
    }

    pub fn areas(&self) -> Areas {
        let pair = self.coders.pair().is_some();
        layout::areas_for(self.width, self.height, self.margin, pair)
    }

    /// Rows of the reader's text area.
    pub(crate) fn text_height(&self) -> usize {
        self.areas().text.height as usize
    }

    pub(crate) fn doc_rows(&self) -> usize {
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
        Action::Margin => app.toggle_margin(),
        Action::Help => app.mode = Mode::Help(0),
        Action::CoderFilter if app.screen == Screen::Workbench => app.cycle_coder_filter(),
        Action::Undo | Action::Redo => super::coding::undo_redo(app, action == Action::Undo),
        Action::Search => {
            app.mode = Mode::Search {
                query: String::new(),
                all_docs: app.focus == Pane::Documents,
            }
        }
        Action::SearchNext | Action::SearchPrev => app.step_search(action == Action::SearchNext),
        Action::Memo => app.edit_memo(),
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
            Pane::Reader => workbench::reader_key(app, action),
            Pane::Documents => workbench::documents_key(app, action),
            Pane::Codes => workbench::codes_key(app, action),
        },
    }
}
