//! Application state and `update`, the only function that changes it. `App`
//! holds what the screen shows (panes, open document, cursor, selection,
//! overlays) plus the open [`Project`]; `update(&mut App, Action)` applies one
//! action, and every change to the data is exactly one `Project` call (one
//! transaction), committed immediately, so a killed terminal loses nothing.
//! Errors from the store become a status message rather than ending the
//! session.

use super::action::Action;
use super::colour::code_colour;
use super::editor::Editor;
use super::layout::{self, Areas};
use super::picker::{Choice, Picker};
use super::reader::{self, Wrapped};
use super::themes::ThemesView;
use crate::error::Result;
use crate::model::{Code, Document, DocumentSummary, MemoTarget, Span};
use crate::store::{CodeExcerpt, Mark, Project};
use crate::text::{self, Phrase, Unit};
use ratatui::style::Color;
use std::collections::HashMap;

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
}

/// What the multi-line editor is editing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditTarget {
    Memo(MemoTarget),
    /// The definition of the named theme.
    Definition(String),
}

/// The editor overlay: what it edits, how to name that, the text.
#[derive(Debug, Clone)]
pub struct EditState {
    pub target: EditTarget,
    pub label: String,
    pub editor: Editor,
}

/// What a one-line name prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputPurpose {
    NewTheme,
    RenameTheme(String),
}

/// What the theme picker does with the chosen theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickPurpose {
    /// Add this code to the chosen (or a new) theme.
    AddCode(String),
    /// `/` on the themes screen: move the cursor to a theme or code by name.
    Jump,
}

/// A list to choose one (excerpt, code) pair from, for `x`.
#[derive(Debug, Clone)]
pub struct Chooser {
    pub title: String,
    pub items: Vec<(i64, String)>,
    pub highlight: usize,
}

/// What has the keyboard: the panes, or an overlay.
#[derive(Debug, Clone)]
pub enum Mode {
    Normal,
    /// The help overlay, scrolled by this many rows.
    Help(u16),
    Picker(Picker),
    Search {
        query: String,
        all_docs: bool,
    },
    /// The multi-line editor (memos, theme definitions).
    Edit(EditState),
    /// A one-line name prompt (new theme, rename).
    Input {
        purpose: InputPurpose,
        text: String,
    },
    /// The fuzzy picker over theme names.
    ThemePicker {
        picker: Picker,
        purpose: PickPurpose,
    },
    /// Quit asked while text was unsaved: y quits, n returns to this mode.
    ConfirmQuit(Box<Mode>),
    Choose(Chooser),
}

impl Mode {
    /// Whether this overlay holds text the user typed and has not saved.
    pub fn unsaved(&self) -> bool {
        match self {
            Mode::Edit(e) => e.editor.changed(),
            Mode::Input { purpose, text } => match purpose {
                InputPurpose::NewTheme => !text.trim().is_empty(),
                InputPurpose::RenameTheme(old) => text != old,
            },
            Mode::Search { query, .. } => !query.is_empty(),
            Mode::Picker(p) | Mode::ThemePicker { picker: p, .. } => !p.query.is_empty(),
            _ => false,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Mode::Normal => "",
            Mode::Help(_) => "HELP",
            Mode::Picker(_) => "CODE",
            Mode::Search { .. } => "SEARCH",
            Mode::Edit(e) => match e.target {
                EditTarget::Memo(_) => "MEMO",
                EditTarget::Definition(_) => "DEFINITION",
            },
            Mode::Input { .. } => "NAME",
            Mode::ThemePicker { .. } => "THEME",
            Mode::ConfirmQuit(_) => "QUIT?",
            Mode::Choose(_) => "UNCODE",
        }
    }
}

/// The reader's selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    None,
    /// A fixed span (from `s`, `p`, Enter or a jump).
    Span(Span),
    /// From `anchor` to the cursor (inclusive), following motions.
    Visual {
        anchor: usize,
    },
}

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
}

impl OpenDoc {
    pub fn text(&self) -> &str {
        &self.doc.text
    }

    /// The selected span, if any.
    pub fn selection_span(&self) -> Option<Span> {
        match self.selection {
            Selection::None => None,
            Selection::Span(s) => Some(s),
            Selection::Visual { anchor } => {
                let a = anchor.min(self.cursor);
                let b = anchor.max(self.cursor);
                Some(Span::new(a, text::next_grapheme(self.text(), b)))
            }
        }
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
}

/// An active search.
#[derive(Debug, Clone)]
pub struct Search {
    pub phrase: String,
    pub hits: Vec<(String, Span)>,
    pub current: usize,
}

/// Everything the TUI knows.
pub struct App {
    pub project: Project,
    pub options: TuiOptions,
    pub width: u16,
    pub height: u16,
    pub screen: Screen,
    /// The themes screen's state (loaded when the screen is first opened).
    pub themes: ThemesView,
    pub focus: Pane,
    pub mode: Mode,
    pub docs: Vec<DocumentSummary>,
    pub doc_sel: usize,
    pub doc_scroll: usize,
    /// (paragraphs with a code, paragraphs) per document, filled for the rows shown.
    pub progress: HashMap<String, (usize, usize)>,
    pub codes: Vec<Code>,
    /// Depth of each code in the tree (parallel to `codes`).
    pub depths: Vec<usize>,
    pub colours: HashMap<String, Color>,
    pub code_sel: usize,
    pub code_scroll: usize,
    pub code_excerpts: Vec<CodeExcerpt>,
    /// Some when the keyboard is in the excerpt list of the codes pane.
    pub excerpt_sel: Option<usize>,
    pub excerpt_scroll: usize,
    pub reader: Option<OpenDoc>,
    /// Most recently used codes, newest first (at most nine).
    pub recent: Vec<String>,
    pub search: Option<Search>,
    pub message: Option<String>,
    pub should_quit: bool,
    /// The project's data version when last loaded (see `sync_external`).
    pub data_version: i64,
    drag_anchor: Option<usize>,
}

impl App {
    /// Load the project's lists and open the first document.
    pub fn new(project: Project, options: TuiOptions) -> Result<App> {
        let recent = project.recent_codes(9)?;
        let mut app = App {
            project,
            options,
            width: 120,
            height: 40,
            screen: Screen::Workbench,
            themes: ThemesView::default(),
            focus: Pane::Documents,
            mode: Mode::Normal,
            docs: Vec::new(),
            doc_sel: 0,
            doc_scroll: 0,
            progress: HashMap::new(),
            codes: Vec::new(),
            depths: Vec::new(),
            colours: HashMap::new(),
            code_sel: 0,
            code_scroll: 0,
            code_excerpts: Vec::new(),
            excerpt_sel: None,
            excerpt_scroll: 0,
            reader: None,
            recent,
            search: None,
            message: None,
            should_quit: false,
            drag_anchor: None,
            data_version: 0,
        };
        app.data_version = app.project.data_version()?;
        app.reload_lists()?;
        if let Some(first) = app.docs.first().map(|d| d.id.clone()) {
            app.open(&first)?;
        }
        app.ensure_progress();
        Ok(app)
    }

    pub fn areas(&self) -> Areas {
        layout::areas(self.width, self.height)
    }

    /// The value of the grouping attribute for a document.
    pub fn group_of<'a>(&self, d: &'a DocumentSummary) -> &'a str {
        d.attributes
            .get(&self.options.group_by)
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn colour(&self, code: &str) -> Color {
        self.colours
            .get(code)
            .copied()
            .unwrap_or_else(|| code_colour(code, None))
    }

    pub fn selected_code(&self) -> Option<&Code> {
        self.codes.get(self.code_sel)
    }

    fn reload_lists(&mut self) -> Result<()> {
        self.docs = self.project.documents()?;
        self.doc_sel = self.doc_sel.min(self.docs.len().saturating_sub(1));
        self.codes = self.project.codes()?;
        let parents: HashMap<&str, Option<&str>> = self
            .codes
            .iter()
            .map(|c| (c.name.as_str(), c.parent.as_deref()))
            .collect();
        self.depths = self
            .codes
            .iter()
            .map(|c| {
                let mut d = 0;
                let mut p = c.parent.as_deref();
                while let Some(name) = p {
                    d += 1;
                    if d > 16 {
                        break;
                    }
                    p = parents.get(name).copied().flatten();
                }
                d
            })
            .collect();
        self.colours = self
            .codes
            .iter()
            .map(|c| (c.name.clone(), code_colour(&c.name, c.colour.as_deref())))
            .collect();
        self.code_sel = self.code_sel.min(self.codes.len().saturating_sub(1));
        self.reload_code_excerpts()?;
        Ok(())
    }

    fn reload_code_excerpts(&mut self) -> Result<()> {
        self.code_excerpts = match self.selected_code() {
            Some(c) => self.project.code_excerpts(&c.name.clone())?,
            None => Vec::new(),
        };
        if let Some(i) = self.excerpt_sel {
            self.excerpt_sel = if self.code_excerpts.is_empty() {
                None
            } else {
                Some(i.min(self.code_excerpts.len() - 1))
            };
        }
        self.excerpt_scroll = self
            .excerpt_scroll
            .min(self.code_excerpts.len().saturating_sub(1));
        Ok(())
    }

    /// Open a document in the reader (the cursor at its start).
    pub fn open(&mut self, id: &str) -> Result<()> {
        if self.reader.as_ref().is_some_and(|r| r.doc.id == id) {
            return Ok(());
        }
        let doc = self.project.document(id)?;
        let marks = self.project.excerpt_marks(id)?;
        let t = &doc.text;
        let words = text::units(t, Unit::Word);
        let sentences = text::units(t, Unit::Sentence);
        let paragraphs = text::paragraphs(t);
        let wrapped = Wrapped::new(t, self.areas().text.width as usize);
        self.reader = Some(OpenDoc {
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
        });
        if let Some(i) = self.docs.iter().position(|d| d.id == id) {
            self.doc_sel = i;
            self.keep_doc_visible();
        }
        Ok(())
    }

    /// Fill in the progress of the documents shown in the documents pane.
    pub fn ensure_progress(&mut self) {
        let rows = self.areas().doc_list.height as usize;
        let end = (self.doc_scroll + rows).min(self.docs.len());
        for i in self.doc_scroll..end {
            let id = self.docs[i].id.clone();
            if self.progress.contains_key(&id) {
                continue;
            }
            let p = match &self.reader {
                Some(r) if r.doc.id == id => {
                    Some(progress_of(&r.doc.text, &r.paragraphs, &r.marks))
                }
                _ => self.project.document(&id).ok().and_then(|d| {
                    let marks = self.project.excerpt_marks(&id).ok()?;
                    Some(progress_of(&d.text, &text::paragraphs(&d.text), &marks))
                }),
            };
            if let Some(p) = p {
                self.progress.insert(id, p);
            }
        }
    }

    fn keep_doc_visible(&mut self) {
        let rows = (self.areas().doc_list.height as usize).max(1);
        self.doc_scroll = keep_visible(self.doc_sel, self.doc_scroll, rows);
    }

    fn keep_code_visible(&mut self) {
        let rows = (self.areas().code_list.height as usize).max(1);
        self.code_scroll = keep_visible(self.code_sel, self.code_scroll, rows);
        if let Some(i) = self.excerpt_sel {
            let rows = (self.areas().excerpt_list.height as usize).max(1);
            self.excerpt_scroll = keep_visible(i, self.excerpt_scroll, rows);
        }
    }

    /// Scroll the reader so the cursor is on screen (with a little margin).
    fn keep_cursor_visible(&mut self) {
        let h = self.areas().text.height as usize;
        if let Some(r) = &mut self.reader {
            let line = r.wrapped.line_of(r.cursor);
            let margin = 2.min(h / 4);
            if line < r.scroll + margin {
                r.scroll = line.saturating_sub(margin);
            } else if line + margin >= r.scroll + h {
                r.scroll = (line + margin + 1).saturating_sub(h);
            }
            let max = r.wrapped.lines.len().saturating_sub(1);
            r.scroll = r.scroll.min(max);
        }
    }

    /// Move the reader's cursor to a grapheme boundary at or before `offset`.
    fn set_cursor(&mut self, offset: usize, keep_col: bool) {
        if let Some(r) = &mut self.reader {
            let t = &r.doc.text;
            let last = text::prev_grapheme(t, t.len());
            r.cursor = text::floor_grapheme(t, offset.min(last));
            if !keep_col {
                r.want_col = None;
            }
        }
        self.keep_cursor_visible();
    }

    fn move_lines(&mut self, delta: isize) {
        let Some(r) = &mut self.reader else { return };
        let t = &r.doc.text;
        let lines = &r.wrapped.lines;
        if lines.is_empty() {
            return;
        }
        let line = r.wrapped.line_of(r.cursor);
        let col = *r
            .want_col
            .get_or_insert_with(|| reader::column_of(t, lines[line], r.cursor));
        let target = (line as isize + delta).clamp(0, lines.len() as isize - 1) as usize;
        let o = reader::offset_at_column(t, lines[target], col);
        self.set_cursor(o, true);
    }

    fn jump_unit(&mut self, unit: Unit, forward: bool) {
        let Some(r) = &self.reader else { return };
        let spans = match unit {
            Unit::Word => &r.words,
            Unit::Sentence => &r.sentences,
            Unit::Paragraph => &r.paragraphs,
        };
        let c = r.cursor;
        let target = if forward {
            spans.iter().find(|s| s.start > c).map(|s| s.start)
        } else {
            spans.iter().rev().find(|s| s.start < c).map(|s| s.start)
        };
        if let Some(o) = target {
            self.set_cursor(o, false);
        }
    }

    fn select_unit(&mut self, unit: Unit, extend: bool) {
        let Some(r) = &mut self.reader else { return };
        let Some(span) = text::unit_at(&r.doc.text, r.cursor, unit) else {
            return;
        };
        let span = match (extend, r.selection_span()) {
            (true, Some(s)) => s.cover(&span),
            _ => span,
        };
        r.selection = Selection::Span(span);
        self.message = Some(format!(
            "selected {} characters: c code · 1…9 recent · Esc clear",
            r.doc.text[span.start..span.end].chars().count()
        ));
    }

    /// Code the selection with `name` (one transaction), then refresh.
    fn apply(&mut self, name: &str) {
        let Some(r) = &self.reader else { return };
        let Some(span) = r.selection_span() else {
            self.message = Some("nothing selected: s sentence, p paragraph, v visual".into());
            return;
        };
        let doc = r.doc.id.clone();
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
                if let Some(i) = self.codes.iter().position(|c| c.name == coding.code) {
                    self.code_sel = i;
                }
                self.refresh(Some(&doc));
                if let Some(i) = self.codes.iter().position(|c| c.name == coding.code) {
                    self.code_sel = i;
                    let _ = self.reload_code_excerpts();
                    self.keep_code_visible();
                }
            }
            Err(e) => self.message = Some(format!("error: {e}")),
        }
    }

    fn remember(&mut self, code: &str) {
        self.recent.retain(|c| c != code);
        self.recent.insert(0, code.to_owned());
        self.recent.truncate(9);
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
                            self.set_cursor(at, false);
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
            && let Some(first) = self.docs.first().map(|d| d.id.clone())
        {
            let _ = self.open(&first);
        }
        self.message = Some("the project was changed outside the workbench; reloaded".into());
        true
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
        match doc {
            Some(d) => {
                self.progress.remove(d);
            }
            None => self.progress.clear(),
        }
        // `recent` is App state: an undo does not take a code off the list
        // (applying it again recreates the code if the undo removed it).
        self.ensure_progress();
        if self.screen == Screen::Themes {
            self.reload_themes();
        }
    }

    /// The memo target for the focused thing, and how to name it.
    fn memo_target(&self) -> Option<(MemoTarget, String)> {
        if self.screen == Screen::Themes {
            return self.themes_memo_target();
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
                let d = self.docs.get(self.doc_sel)?;
                Some((
                    MemoTarget::Document(d.id.clone()),
                    format!("document {}", d.id),
                ))
            }
            Pane::Codes => match self.excerpt_sel {
                Some(i) => {
                    let e = self.code_excerpts.get(i)?;
                    Some((
                        MemoTarget::Excerpt(e.excerpt),
                        format!("excerpt {} in {}", e.excerpt, e.doc),
                    ))
                }
                None => {
                    let c = self.selected_code()?;
                    Some((
                        MemoTarget::Code(c.name.clone()),
                        format!("code “{}”", c.name),
                    ))
                }
            },
        }
    }

    fn run_search(&mut self, query: &str, all_docs: bool) {
        let Some(phrase) = Phrase::new(query) else {
            self.search = None;
            return;
        };
        let mut hits = Vec::new();
        if all_docs {
            for d in &self.docs {
                if let Ok(doc) = self.project.document(&d.id) {
                    hits.extend(
                        phrase
                            .find_all(&doc.text)
                            .into_iter()
                            .map(|s| (d.id.clone(), s)),
                    );
                }
            }
        } else if let Some(r) = &self.reader {
            hits.extend(
                phrase
                    .find_all(&r.doc.text)
                    .into_iter()
                    .map(|s| (r.doc.id.clone(), s)),
            );
        }
        if hits.is_empty() {
            self.message = Some(format!("“{}” not found", query.trim()));
            self.search = None;
            return;
        }
        // Start at the first hit at or after the cursor in the open document.
        let start = self
            .reader
            .as_ref()
            .and_then(|r| {
                hits.iter()
                    .position(|(d, s)| *d == r.doc.id && s.start >= r.cursor)
            })
            .unwrap_or(0);
        self.search = Some(Search {
            phrase: query.trim().to_owned(),
            hits,
            current: start,
        });
        self.goto_hit();
    }

    fn goto_hit(&mut self) {
        let Some(s) = &self.search else { return };
        let (doc, span) = s.hits[s.current].clone();
        let msg = format!("“{}”: hit {} of {}", s.phrase, s.current + 1, s.hits.len());
        if let Err(e) = self.open(&doc) {
            self.message = Some(format!("error: {e}"));
            return;
        }
        self.focus = Pane::Reader;
        self.screen = Screen::Workbench;
        self.set_cursor(span.start, false);
        self.ensure_progress();
        self.message = Some(msg);
    }

    pub(crate) fn jump_to_excerpt(&mut self, e: &CodeExcerpt) {
        if let Err(err) = self.open(&e.doc) {
            self.message = Some(format!("error: {err}"));
            return;
        }
        self.focus = Pane::Reader;
        self.screen = Screen::Workbench;
        self.set_cursor(e.span.start, false);
        if let Some(r) = &mut self.reader {
            r.selection = Selection::Span(e.span);
        }
        self.ensure_progress();
    }

    /// The byte offset under a screen position in the reader's text area.
    fn offset_at(&self, col: u16, row: u16) -> Option<usize> {
        let a = self.areas().text;
        let r = self.reader.as_ref()?;
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

    fn rewrap(&mut self) {
        let w = self.areas().text.width as usize;
        if let Some(r) = &mut self.reader
            && r.wrapped.width != w.max(4)
        {
            r.wrapped = Wrapped::new(&r.doc.text, w);
            r.want_col = None;
        }
        self.keep_cursor_visible();
        self.keep_doc_visible();
        self.keep_code_visible();
        self.ensure_progress();
        if self.screen == Screen::Themes {
            self.load_review_details();
        }
    }
}

fn keep_visible(sel: usize, scroll: usize, rows: usize) -> usize {
    if sel < scroll {
        sel
    } else if sel >= scroll + rows {
        sel + 1 - rows
    } else {
        scroll
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

fn in_rect(r: ratatui::layout::Rect, col: u16, row: u16) -> bool {
    col >= r.x && col < r.x + r.width && row >= r.y && row < r.y + r.height
}

/// Apply one action to the state (and, for changes, to the project).
pub fn update(app: &mut App, action: Action) {
    if let Action::Resize(w, h) = action {
        app.width = w;
        app.height = h;
        app.rewrap();
        return;
    }
    let mode = std::mem::replace(&mut app.mode, Mode::Normal);
    app.mode = match mode {
        Mode::Normal => {
            normal(app, action);
            return;
        }
        Mode::Help(scroll) => match action {
            Action::Down => Mode::Help(scroll + 1),
            Action::Up => Mode::Help(scroll.saturating_sub(1)),
            Action::PageDown => Mode::Help(scroll + 10),
            Action::PageUp => Mode::Help(scroll.saturating_sub(10)),
            _ => Mode::Normal,
        },
        Mode::Search { .. } | Mode::Picker(_) | Mode::Input { .. } | Mode::ThemePicker { .. }
            if action == Action::Quit =>
        {
            confirm_quit(app, mode)
        }
        Mode::Picker(p) => picker(app, p, action),
        Mode::Search { query, all_docs } => search_prompt(app, query, all_docs, action),
        Mode::Edit(e) => edit(app, e, action),
        Mode::Input { purpose, text } => super::themes::input_prompt(app, purpose, text, action),
        Mode::ThemePicker { picker, purpose } => {
            super::themes::theme_picker(app, picker, purpose, action)
        }
        Mode::ConfirmQuit(back) => match action {
            Action::Enter => {
                app.should_quit = true;
                Mode::Normal
            }
            Action::Cancel => *back,
            _ => Mode::ConfirmQuit(back),
        },
        Mode::Choose(c) => choose(app, c, action),
    };
}

/// Quit from an overlay: at once when nothing typed would be lost, else ask.
fn confirm_quit(app: &mut App, mode: Mode) -> Mode {
    if mode.unsaved() {
        Mode::ConfirmQuit(Box::new(mode))
    } else {
        app.should_quit = true;
        Mode::Normal
    }
}

/// The editor's text width (the overlay's inner width).
pub fn editor_width(app: &App, target: &EditTarget) -> usize {
    let definition = matches!(target, EditTarget::Definition(_));
    layout::editor_area(app.width, app.height, definition)
        .width
        .saturating_sub(2) as usize
}

fn edit(app: &mut App, mut e: EditState, action: Action) -> Mode {
    let width = editor_width(app, &e.target);
    match action {
        Action::Cancel => {
            app.message = Some(if e.editor.changed() {
                "edit cancelled; nothing saved".into()
            } else {
                String::new()
            })
            .filter(|m: &String| !m.is_empty());
            return Mode::Normal;
        }
        Action::Quit => return confirm_quit(app, Mode::Edit(e)),
        Action::Input(c) => e.editor.insert(c),
        Action::Enter => e.editor.insert('\n'),
        Action::Backspace => e.editor.backspace(),
        Action::Delete => e.editor.delete(),
        Action::Left => e.editor.left(),
        Action::Right => e.editor.right(),
        Action::Up => e.editor.vertical(width, -1),
        Action::Down => e.editor.vertical(width, 1),
        Action::Top => e.editor.home_end(width, false),
        Action::Bottom => e.editor.home_end(width, true),
        Action::Save => {
            let text = e.editor.text.trim_end().to_owned();
            let label = e.label.clone();
            let res = match &e.target {
                EditTarget::Memo(target) => app.project.set_memo(target, &text).map(|()| {
                    if text.trim().is_empty() {
                        format!("memo on {label} removed")
                    } else {
                        format!("memo on {label} saved")
                    }
                }),
                EditTarget::Definition(theme) => app
                    .project
                    .set_theme_definition(theme, &text)
                    .map(|()| format!("definition of “{theme}” saved")),
            };
            match res {
                Ok(msg) => {
                    app.message = Some(msg);
                    if matches!(e.target, EditTarget::Definition(_)) {
                        app.reload_themes();
                    }
                    return Mode::Normal;
                }
                Err(err) => app.message = Some(format!("error: {err}")),
            }
        }
        _ => {}
    }
    Mode::Edit(e)
}

fn code_names(app: &App) -> Vec<String> {
    app.codes.iter().map(|c| c.name.clone()).collect()
}

fn picker(app: &mut App, mut p: Picker, action: Action) -> Mode {
    match action {
        Action::Cancel => return Mode::Normal,
        Action::Down => p.move_by(1),
        Action::Up => p.move_by(-1),
        Action::Input(c) => {
            p.query.push(c);
            p.refilter(&code_names(app));
        }
        Action::Backspace => {
            p.query.pop();
            p.refilter(&code_names(app));
        }
        Action::Enter => {
            let name = match p.selected() {
                Some(Choice::Existing(n)) | Some(Choice::New(n)) => n.clone(),
                None => return Mode::Picker(p),
            };
            app.apply(&name);
            return Mode::Normal;
        }
        _ => {}
    }
    Mode::Picker(p)
}

fn search_prompt(app: &mut App, mut query: String, all_docs: bool, action: Action) -> Mode {
    match action {
        Action::Cancel => return Mode::Normal,
        Action::Input(c) => query.push(c),
        Action::Backspace => {
            query.pop();
        }
        Action::Enter => {
            app.run_search(&query, all_docs);
            return Mode::Normal;
        }
        _ => {}
    }
    Mode::Search { query, all_docs }
}

fn choose(app: &mut App, mut c: Chooser, action: Action) -> Mode {
    match action {
        Action::Cancel => return Mode::Normal,
        Action::Down => c.highlight = (c.highlight + 1) % c.items.len().max(1),
        Action::Up => c.highlight = (c.highlight + c.items.len().max(1) - 1) % c.items.len().max(1),
        Action::Input(d) => {
            if let Some(i) = d
                .to_digit(10)
                .filter(|i| (1..=c.items.len() as u32).contains(i))
            {
                c.highlight = i as usize - 1;
                return choose(app, c, Action::Enter);
            }
        }
        Action::Enter => {
            if let Some((excerpt, code)) = c.items.get(c.highlight).cloned() {
                uncode(app, excerpt, &code);
            }
            return Mode::Normal;
        }
        _ => {}
    }
    Mode::Choose(c)
}

fn uncode(app: &mut App, excerpt: i64, code: &str) {
    match app.project.uncode(excerpt, Some(code)) {
        Ok(()) => {
            app.message = Some(format!("removed “{code}”"));
            let doc = app.reader.as_ref().map(|r| r.doc.id.clone());
            app.refresh(doc.as_deref());
        }
        Err(e) => app.message = Some(format!("error: {e}")),
    }
}

fn normal(app: &mut App, action: Action) {
    app.message = None;
    let reader_focus = app.focus == Pane::Reader;
    match action {
        Action::FocusNext | Action::FocusPrev => {
            let order = [Pane::Documents, Pane::Reader, Pane::Codes];
            let i = order.iter().position(|p| *p == app.focus).unwrap_or(0);
            let d = if action == Action::FocusNext { 1 } else { 2 };
            app.focus = order[(i + d) % 3];
        }
        Action::Quit => app.should_quit = true,
        Action::Help => app.mode = Mode::Help(0),
        Action::Undo | Action::Redo => {
            let res = if action == Action::Undo {
                app.project.undo()
            } else {
                app.project.redo()
            };
            let verb = if action == Action::Undo {
                "undone"
            } else {
                "redone"
            };
            match res {
                Ok(Some(summary)) => {
                    app.refresh(None);
                    app.message = Some(format!("{verb}: {summary}"));
                }
                Ok(None) => app.message = Some(format!("nothing to {}", &verb[..4])),
                Err(e) => app.message = Some(format!("error: {e}")),
            }
        }
        Action::Search => {
            app.mode = Mode::Search {
                query: String::new(),
                all_docs: app.focus == Pane::Documents,
            }
        }
        Action::SearchNext | Action::SearchPrev => {
            if let Some(s) = &mut app.search {
                let n = s.hits.len();
                s.current = if action == Action::SearchNext {
                    (s.current + 1) % n
                } else {
                    (s.current + n - 1) % n
                };
                app.goto_hit();
            } else {
                app.message = Some("no search: press / first".into());
            }
        }
        Action::Memo => {
            if let Some((target, label)) = app.memo_target() {
                let text = match app.project.memo(&target) {
                    Ok(m) => m.map(|m| m.text).unwrap_or_default(),
                    Err(e) => {
                        app.message = Some(format!("error: {e}"));
                        return;
                    }
                };
                app.mode = Mode::Edit(EditState {
                    target: EditTarget::Memo(target),
                    label,
                    editor: Editor::new(&text),
                });
            }
        }
        _ if app.screen == Screen::Themes => super::themes::themes_action(app, action),
        Action::Click { col, row } => click(app, col, row),
        Action::Drag { col, row } => {
            if let (Some(anchor), Some(o)) = (app.drag_anchor, app.offset_at(col, row))
                && let Some(r) = &mut app.reader
            {
                r.selection = Selection::Visual { anchor };
                app.set_cursor(o, false);
            }
        }
        Action::Themes => {
            if app.screen == Screen::Themes {
                app.screen = Screen::Workbench;
            } else {
                app.screen = Screen::Themes;
                app.reload_themes();
            }
        }
        Action::Scroll { col, row, lines } => scroll(app, col, row, lines),
        _ if reader_focus => reader_action(app, action),
        _ if app.focus == Pane::Documents => documents_action(app, action),
        _ => codes_action(app, action),
    }
}

fn click(app: &mut App, col: u16, row: u16) {
    let a = app.areas();
    app.drag_anchor = None;
    if in_rect(a.reader, col, row) {
        app.focus = Pane::Reader;
        if let Some(o) = app.offset_at(col, row) {
            if let Some(r) = &mut app.reader {
                r.selection = Selection::None;
            }
            app.set_cursor(o, false);
            app.drag_anchor = app.reader.as_ref().map(|r| r.cursor);
        }
    } else if in_rect(a.doc_list, col, row) {
        app.focus = Pane::Documents;
        let i = app.doc_scroll + (row - a.doc_list.y) as usize;
        if i < app.docs.len() {
            app.doc_sel = i;
            documents_action(app, Action::Enter);
            app.focus = Pane::Documents;
        }
    } else if in_rect(a.code_list, col, row) {
        app.focus = Pane::Codes;
        let i = app.code_scroll + (row - a.code_list.y) as usize;
        if i < app.codes.len() {
            app.code_sel = i;
            app.excerpt_sel = None;
            let _ = app.reload_code_excerpts();
        }
    } else if in_rect(a.excerpt_list, col, row) {
        app.focus = Pane::Codes;
        let i = app.excerpt_scroll + (row - a.excerpt_list.y) as usize;
        if i < app.code_excerpts.len() {
            app.excerpt_sel = Some(i);
            codes_action(app, Action::Enter);
        }
    } else if in_rect(a.documents, col, row) {
        app.focus = Pane::Documents;
    } else if in_rect(a.codes, col, row) {
        app.focus = Pane::Codes;
    }
}

fn scroll(app: &mut App, col: u16, row: u16, lines: i16) {
    let a = app.areas();
    if in_rect(a.reader, col, row) {
        let h = a.text.height as usize;
        let Some(r) = &mut app.reader else { return };
        let max = r.wrapped.lines.len().saturating_sub(h);
        r.scroll = (r.scroll as isize + lines as isize).clamp(0, max as isize) as usize;
        // Keep the cursor on screen without scrolling back.
        let line = r.wrapped.line_of(r.cursor);
        let target = line.clamp(r.scroll, r.scroll + h.saturating_sub(1));
        if target != line
            && let Some(l) = r.wrapped.lines.get(target)
        {
            r.cursor = l.start;
        }
    } else if in_rect(a.documents, col, row) {
        let n = app.docs.len().saturating_sub(1) as isize;
        app.doc_sel = (app.doc_sel as isize + lines as isize).clamp(0, n) as usize;
        app.keep_doc_visible();
        app.ensure_progress();
    } else if in_rect(a.codes, col, row) {
        let n = app.codes.len().saturating_sub(1) as isize;
        app.code_sel = (app.code_sel as isize + lines as isize).clamp(0, n) as usize;
        app.excerpt_sel = None;
        let _ = app.reload_code_excerpts();
        app.keep_code_visible();
    }
}

/// Move a list index by an action; returns the new index.
fn list_move(sel: usize, len: usize, page: usize, action: Action) -> Option<usize> {
    let last = len.saturating_sub(1);
    Some(match action {
        Action::Down => (sel + 1).min(last),
        Action::Up => sel.saturating_sub(1),
        Action::PageDown => (sel + page.max(1)).min(last),
        Action::PageUp => sel.saturating_sub(page.max(1)),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return None,
    })
}

fn documents_action(app: &mut App, action: Action) {
    let page = app.areas().doc_list.height as usize;
    if let Some(i) = list_move(app.doc_sel, app.docs.len(), page, action) {
        app.doc_sel = i;
        app.keep_doc_visible();
        app.ensure_progress();
        return;
    }
    if action == Action::Enter
        && let Some(d) = app.docs.get(app.doc_sel).map(|d| d.id.clone())
    {
        match app.open(&d) {
            Ok(()) => {
                app.focus = Pane::Reader;
                app.ensure_progress();
            }
            Err(e) => app.message = Some(format!("error: {e}")),
        }
    }
}

fn codes_action(app: &mut App, action: Action) {
    let a = app.areas();
    match app.excerpt_sel {
        Some(i) => {
            let page = a.excerpt_list.height as usize;
            if let Some(j) = list_move(i, app.code_excerpts.len(), page, action) {
                app.excerpt_sel = Some(j);
            } else if action == Action::Enter {
                if let Some(e) = app.code_excerpts.get(i).cloned() {
                    app.jump_to_excerpt(&e);
                }
            } else if action == Action::Cancel {
                app.excerpt_sel = None;
            } else if action == Action::Uncode {
                let code = app.selected_code().map(|c| c.name.clone());
                if let (Some(e), Some(code)) = (app.code_excerpts.get(i).cloned(), code) {
                    uncode(app, e.excerpt, &code);
                }
            }
        }
        None => {
            let page = a.code_list.height as usize;
            if let Some(j) = list_move(app.code_sel, app.codes.len(), page, action) {
                if j != app.code_sel {
                    app.code_sel = j;
                    app.excerpt_scroll = 0;
                    if let Err(e) = app.reload_code_excerpts() {
                        app.message = Some(format!("error: {e}"));
                    }
                }
            } else if action == Action::Enter && !app.code_excerpts.is_empty() {
                app.excerpt_sel = Some(0);
                app.excerpt_scroll = 0;
            } else if action == Action::Uncode {
                app.message = Some("Enter lists the code's excerpts; x there removes it".into());
            }
        }
    }
    app.keep_code_visible();
}

fn reader_action(app: &mut App, action: Action) {
    let Some(r) = &app.reader else { return };
    let page = (app.areas().text.height as isize - 2).max(1);
    let cursor = r.cursor;
    let t_len = r.doc.text.len();
    match action {
        Action::Down => app.move_lines(1),
        Action::Up => app.move_lines(-1),
        Action::PageDown | Action::PageUp => {
            let d = if action == Action::PageDown {
                page
            } else {
                -page
            };
            if let Some(r) = &mut app.reader {
                let max = r.wrapped.lines.len().saturating_sub(1) as isize;
                r.scroll = (r.scroll as isize + d).clamp(0, max) as usize;
            }
            app.move_lines(d);
        }
        Action::Left => {
            let o = text::prev_grapheme(&r.doc.text, cursor);
            app.set_cursor(o, false);
        }
        Action::Right => {
            let o = text::next_grapheme(&r.doc.text, cursor);
            app.set_cursor(o, false);
        }
        Action::Top => app.set_cursor(0, false),
        Action::Bottom => app.set_cursor(t_len, false),
        Action::WordNext => app.jump_unit(Unit::Word, true),
        Action::WordPrev => app.jump_unit(Unit::Word, false),
        Action::SentenceNext => app.jump_unit(Unit::Sentence, true),
        Action::SentencePrev => app.jump_unit(Unit::Sentence, false),
        Action::ParagraphNext => app.jump_unit(Unit::Paragraph, true),
        Action::ParagraphPrev => app.jump_unit(Unit::Paragraph, false),
        Action::SelectSentence => app.select_unit(Unit::Sentence, false),
        Action::SelectParagraph => app.select_unit(Unit::Paragraph, false),
        Action::ExtendSentence => app.select_unit(Unit::Sentence, true),
        Action::ExtendParagraph => app.select_unit(Unit::Paragraph, true),
        Action::StartSelection => {
            if let Some(r) = &mut app.reader {
                r.selection = match r.selection_span() {
                    // `v` on a fixed selection keeps it and lets motions grow it.
                    Some(s) if matches!(r.selection, Selection::Span(_)) => {
                        r.cursor = text::prev_grapheme(&r.doc.text, s.end);
                        Selection::Visual { anchor: s.start }
                    }
                    _ => Selection::Visual { anchor: r.cursor },
                };
            }
        }
        Action::Cancel => {
            if let Some(r) = &mut app.reader {
                r.selection = Selection::None;
            }
            app.search = None;
        }
        Action::Enter => {
            if let Some(r) = &mut app.reader {
                let span = r
                    .marks_at(cursor)
                    .first()
                    .map(|m| (m.span, m.codes.join(", ")));
                match span {
                    Some((s, codes)) => {
                        r.selection = Selection::Span(s);
                        app.message = Some(format!("excerpt selected ({codes}): c adds a code"));
                    }
                    None => app.message = Some("no excerpt under the cursor".into()),
                }
            }
        }
        Action::Code => {
            if r.selection_span().is_none() {
                app.message = Some("nothing selected: s sentence, p paragraph, v visual".into());
            } else {
                app.mode = Mode::Picker(Picker::new(&code_names(app)));
            }
        }
        Action::Recent(n) => match app.recent.get(n as usize - 1).cloned() {
            Some(name) => app.apply(&name),
            None => app.message = Some(format!("no recent code {n} yet: use c")),
        },
        Action::Uncode => {
            let items: Vec<(i64, String)> = r
                .marks_at(cursor)
                .iter()
                .flat_map(|m| m.codes.iter().map(|c| (m.excerpt, c.clone())))
                .collect();
            match items.len() {
                0 => app.message = Some("no code under the cursor".into()),
                1 => uncode(app, items[0].0, &items[0].1),
                _ => {
                    app.mode = Mode::Choose(Chooser {
                        title: "Remove which code?".into(),
                        items,
                        highlight: 0,
                    })
                }
            }
        }
        _ => {}
    }
}
