//! The codes component: the code tree (with depths and colours), its cursor
//! and scroll, and the excerpts of the highlighted code below it, with their
//! own cursor. Keys that jump or uncode are handed back to the app as a
//! [`CodesEffect`]; the keys that manage the highlighted code (rename,
//! describe, merge, move, colour, delete) open their overlay here, with the
//! picker rows built by [`CodesPane::pick_names`], and what a confirmed
//! overlay changes is done by [`crate::tui::manage`].

use super::list_move;
use crate::model::Code;
use crate::store::{CodeExcerpt, Project};
use crate::tui::action::Action;
use crate::tui::colour::code_colour;
use crate::tui::editor::Editor;
use crate::tui::layout::Areas;
use crate::tui::mode::{DeleteCode, EditState, EditTarget, InputPurpose, Mode, PickFor};
use crate::tui::picker::Picker;
use ratatui::style::Color;
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct CodesPane {
    pub list: Vec<Code>,
    /// Depth of each code in the tree (parallel to `list`).
    pub depths: Vec<usize>,
    pub colours: HashMap<String, Color>,
    pub sel: usize,
    pub scroll: usize,
    /// The highlighted code's excerpt count per document, documents in
    /// natural order (an aggregate; the rows themselves are read per window).
    pub runs: Vec<(String, usize)>,
    /// How many excerpts the highlighted code has (the sum of `runs`).
    pub excerpt_total: usize,
    /// The excerpts on screen: rows `window_start..` of the code's list.
    pub excerpts: Vec<CodeExcerpt>,
    pub window_start: usize,
    /// Rows the excerpt list shows (the window's size).
    pub window_rows: usize,
    /// Some when the keyboard is in the excerpt list (an index into the
    /// code's whole list, not the window).
    pub excerpt_sel: Option<usize>,
    pub excerpt_scroll: usize,
}

/// What a key in the codes pane asks of the app.
#[derive(Debug, Clone)]
pub enum CodesEffect {
    None,
    Message(String),
    Jump(CodeExcerpt),
    Uncode(i64, String),
    /// Open an overlay (name prompt, editor, picker, delete question).
    Mode(Mode),
}

/// The picker row that moves a code to the top level.
pub const TOP_LEVEL: &str = "⤒ top level (no parent)";
/// The colour picker row that goes back to the colour from the name.
pub const AUTO_COLOUR: &str = "automatic (from the name)";

/// Named colours offered by `C`: light pastels, readable under black text
/// like the automatic palette. Any other `#rrggbb` can be typed.
pub const COLOURS: [(&str, &str); 12] = [
    ("rose", "#f4b6c2"),
    ("peach", "#ffd8b1"),
    ("sand", "#f3e5ab"),
    ("lemon", "#fff3a0"),
    ("mint", "#c1e1c1"),
    ("sage", "#cfe0c3"),
    ("aqua", "#a8e6e2"),
    ("sky", "#b3d9ff"),
    ("lavender", "#d7c4f2"),
    ("lilac", "#e0bbe4"),
    ("coral", "#f7a399"),
    ("stone", "#d9d4cc"),
];

impl CodesPane {
    /// Reload the code tree (and the highlighted code's excerpts).
    pub fn reload(&mut self, project: &Project) -> crate::error::Result<()> {
        self.list = project.codes()?;
        self.depths = crate::tree::Forest::of_codes(&self.list).depths();
        self.colours = self
            .list
            .iter()
            .map(|c| (c.name.clone(), code_colour(&c.name, c.colour.as_deref())))
            .collect();
        self.sel = self.sel.min(self.list.len().saturating_sub(1));
        self.reload_excerpts(project)
    }

    /// Reload the highlighted code's excerpts: the per-document counts,
    /// then the rows of the window on screen.
    pub fn reload_excerpts(&mut self, project: &Project) -> crate::error::Result<()> {
        let counts = match self.selected() {
            Some(c) => project.code_doc_counts(&c.name)?,
            None => Default::default(),
        };
        let mut runs: Vec<(String, usize)> = counts.into_iter().collect();
        // The documents pane's order (natural), so the list reads alike.
        runs.sort_by(|a, b| crate::text::natural_cmp(&a.0, &b.0));
        self.excerpt_total = runs.iter().map(|r| r.1).sum();
        self.runs = runs;
        if let Some(i) = self.excerpt_sel {
            self.excerpt_sel = if self.excerpt_total == 0 {
                None
            } else {
                Some(i.min(self.excerpt_total - 1))
            };
        }
        self.excerpt_scroll = self
            .excerpt_scroll
            .min(self.excerpt_total.saturating_sub(1));
        self.fill_window(project)
    }

    /// After a change in one document: recount the highlighted code there
    /// (one document's index, not the whole code) and re-read the window.
    pub fn reload_doc(&mut self, project: &Project, doc: &str) -> crate::error::Result<()> {
        let Some(code) = self.selected().map(|c| c.name.clone()) else {
            return Ok(());
        };
        let n = project.code_doc_count(&code, doc)?;
        let at = self
            .runs
            .binary_search_by(|(d, _)| crate::text::natural_cmp(d, doc));
        match (at, n) {
            (Ok(i), 0) => {
                self.runs.remove(i);
            }
            (Ok(i), n) => self.runs[i].1 = n,
            (Err(_), 0) => {}
            (Err(i), n) => self.runs.insert(i, (doc.to_owned(), n)),
        }
        self.excerpt_total = self.runs.iter().map(|r| r.1).sum();
        if let Some(i) = self.excerpt_sel {
            self.excerpt_sel = self.excerpt_total.checked_sub(1).map(|last| i.min(last));
        }
        self.excerpt_scroll = self
            .excerpt_scroll
            .min(self.excerpt_total.saturating_sub(1));
        self.fill_window(project)
    }

    /// Read the rows `excerpt_scroll..` that fit the list: only the
    /// documents those rows are in, each by its index.
    pub fn fill_window(&mut self, project: &Project) -> crate::error::Result<()> {
        let Some(code) = self.selected().map(|c| c.name.clone()) else {
            self.excerpts.clear();
            return Ok(());
        };
        let start = self.excerpt_scroll;
        let mut want = self.window_rows.max(1);
        let mut rows = Vec::with_capacity(want);
        let mut before = 0;
        for (doc, n) in &self.runs {
            if want == 0 {
                break;
            }
            if before + n <= start {
                before += n;
                continue;
            }
            let skip = start.saturating_sub(before);
            let got = project.code_excerpts_in(&code, doc, skip, want)?;
            want -= got.len().min(want);
            rows.extend(got);
            before += n;
        }
        self.excerpts = rows;
        self.window_start = start;
        Ok(())
    }

    /// Row `i` of the highlighted code's excerpt list, when on screen.
    pub fn excerpt_at(&self, i: usize) -> Option<&CodeExcerpt> {
        self.excerpts.get(i.checked_sub(self.window_start)?)
    }

    pub fn selected(&self) -> Option<&Code> {
        self.list.get(self.sel)
    }

    pub fn colour(&self, code: &str) -> Color {
        self.colours
            .get(code)
            .copied()
            .unwrap_or_else(|| code_colour(code, None))
    }

    /// Keep the cursors on screen; true when the excerpt window must be
    /// read again (it scrolled or the list grew taller).
    pub fn keep_visible(&mut self, a: &Areas) -> bool {
        let rows = (a.code_list.height as usize).max(1);
        self.scroll = super::keep_visible(self.sel, self.scroll, rows);
        let ex_rows = (a.excerpt_list.height as usize).max(1);
        if let Some(i) = self.excerpt_sel {
            self.excerpt_scroll = super::keep_visible(i, self.excerpt_scroll, ex_rows);
        }
        let stale = self.window_start != self.excerpt_scroll || self.window_rows < ex_rows;
        self.window_rows = ex_rows;
        stale
    }

    /// [`keep_visible`](Self::keep_visible), reading the window again if needed.
    pub fn keep_visible_loaded(&mut self, project: &Project, a: &Areas) {
        if self.keep_visible(a) {
            let _ = self.fill_window(project);
        }
    }

    /// Highlight the code called `name` (when it exists; names compare by
    /// their key, as in the store).
    pub fn select_name(&mut self, project: &Project, name: &str, a: &Areas) {
        if self.point_at(name, a) {
            let _ = self.reload_excerpts(project);
        }
    }

    /// Move the cursor to the code called `name` without reading its
    /// excerpts (the caller does); false when there is no such code.
    pub fn point_at(&mut self, name: &str, a: &Areas) -> bool {
        let key = crate::text::name::key(name);
        let Some(i) = self
            .list
            .iter()
            .position(|c| c.name == name || crate::text::name::key(&c.name) == key)
        else {
            return false;
        };
        if i != self.sel {
            self.excerpt_scroll = 0;
            self.excerpt_sel = None;
        }
        self.sel = i;
        self.keep_visible(a);
        true
    }

    /// Highlight row `i` of the code tree (a click), leaving the excerpt list.
    pub fn click_code(&mut self, project: &Project, i: usize) {
        if i < self.list.len() {
            self.sel = i;
            self.excerpt_sel = None;
            self.excerpt_scroll = 0;
            let _ = self.reload_excerpts(project);
        }
    }

    /// Mouse wheel over the pane.
    pub fn scroll_by(&mut self, project: &Project, lines: i16, a: &Areas) {
        let n = self.list.len().saturating_sub(1) as isize;
        self.sel = (self.sel as isize + lines as isize).clamp(0, n) as usize;
        self.excerpt_sel = None;
        self.excerpt_scroll = 0;
        self.keep_visible(a);
        let _ = self.reload_excerpts(project);
    }

    pub fn handle(&mut self, project: &Project, action: Action, a: &Areas) -> CodesEffect {
        if let Some(effect) = self.manage(project, action) {
            return effect;
        }
        let effect = match self.excerpt_sel {
            Some(i) => self.excerpt_key(i, action, a),
            None => self.code_key(project, action, a),
        };
        if self.keep_visible(a)
            && let Err(e) = self.fill_window(project)
        {
            return CodesEffect::Message(format!("error: {e}"));
        }
        effect
    }

    fn excerpt_key(&mut self, i: usize, action: Action, a: &Areas) -> CodesEffect {
        let page = a.excerpt_list.height as usize;
        if let Some(j) = list_move(i, self.excerpt_total, page, action) {
            self.excerpt_sel = Some(j);
            return CodesEffect::None;
        }
        match action {
            Action::Enter => match self.excerpt_at(i) {
                Some(e) => CodesEffect::Jump(e.clone()),
                None => CodesEffect::None,
            },
            Action::Cancel => {
                self.excerpt_sel = None;
                CodesEffect::None
            }
            Action::Uncode => match (self.excerpt_at(i), self.selected()) {
                (Some(e), Some(c)) => CodesEffect::Uncode(e.excerpt, c.name.clone()),
                _ => CodesEffect::None,
            },
            _ => CodesEffect::None,
        }
    }

    fn code_key(&mut self, project: &Project, action: Action, a: &Areas) -> CodesEffect {
        let page = a.code_list.height as usize;
        if let Some(j) = list_move(self.sel, self.list.len(), page, action) {
            if j != self.sel {
                self.sel = j;
                self.excerpt_scroll = 0;
                self.window_rows = (a.excerpt_list.height as usize).max(1);
                if let Err(e) = self.reload_excerpts(project) {
                    return CodesEffect::Message(format!("error: {e}"));
                }
            }
            return CodesEffect::None;
        }
        match action {
            Action::Enter if self.excerpt_total > 0 => {
                self.excerpt_sel = Some(0);
                self.excerpt_scroll = 0;
                CodesEffect::None
            }
            Action::Uncode => {
                CodesEffect::Message("Enter lists the code's excerpts; x there removes it".into())
            }
            _ => CodesEffect::None,
        }
    }
}

impl CodesPane {
    /// The keys that manage the highlighted code: each opens its overlay
    /// (nothing changes until that is confirmed). `None`: not such a key.
    fn manage(&self, project: &Project, action: Action) -> Option<CodesEffect> {
        if !matches!(
            action,
            Action::Rename
                | Action::Edit
                | Action::MergeCode
                | Action::MoveCode
                | Action::ColourCode
                | Action::DeleteCode
        ) {
            return None;
        }
        let Some(code) = self.selected() else {
            return Some(CodesEffect::Message(
                "no codes yet: select text in the reader and press c".into(),
            ));
        };
        let name = code.name.clone();
        // The tree order for places and colours; a merge target by name.
        let pick = |purpose: PickFor| {
            let names = self.pick_names(&purpose);
            let picker = match purpose {
                PickFor::MergeCode(_) => Picker::new(&names),
                _ => Picker::ordered(&names),
            };
            CodesEffect::Mode(Mode::Pick { picker, purpose })
        };
        Some(match action {
            Action::Rename => CodesEffect::Mode(Mode::Input {
                purpose: InputPurpose::RenameCode(name.clone()),
                text: name,
            }),
            Action::Edit => CodesEffect::Mode(Mode::Edit(EditState {
                target: EditTarget::Description(name.clone()),
                label: format!("code “{name}”"),
                editor: Editor::new(&code.description),
            })),
            Action::MergeCode if self.list.len() < 2 => {
                CodesEffect::Message("there is no other code to merge into".into())
            }
            Action::MergeCode => pick(PickFor::MergeCode(name)),
            Action::MoveCode => pick(PickFor::CodeParent(name)),
            Action::ColourCode => pick(PickFor::CodeColour(name)),
            _ => match project.code_impact(&name) {
                Ok(impact) => CodesEffect::Mode(Mode::ConfirmDelete(DeleteCode { name, impact })),
                Err(e) => CodesEffect::Message(format!("error: {e}")),
            },
        })
    }

    /// The rows of a code-management picker: for a merge every other code;
    /// for a move the top level and every code outside the code's own
    /// subtree (a code cannot go under itself); for a colour the named
    /// colours and "automatic".
    pub fn pick_names(&self, purpose: &PickFor) -> Vec<String> {
        match purpose {
            PickFor::MergeCode(from) => self
                .list
                .iter()
                .filter(|c| c.name != *from)
                .map(|c| c.name.clone())
                .collect(),
            PickFor::CodeParent(code) => {
                let forest = crate::tree::Forest::of_codes(&self.list);
                let own: std::collections::HashSet<usize> =
                    match self.list.iter().position(|c| c.name == *code) {
                        Some(i) => forest.family(i).into_iter().collect(),
                        None => Default::default(),
                    };
                std::iter::once(TOP_LEVEL.to_owned())
                    .chain(
                        self.list
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| !own.contains(i))
                            .map(|(_, c)| c.name.clone()),
                    )
                    .collect()
            }
            PickFor::CodeColour(_) => std::iter::once(AUTO_COLOUR.to_owned())
                .chain(COLOURS.iter().map(|(n, hex)| format!("{n} {hex}")))
                .collect(),
            PickFor::MoveTheme(_) => Vec::new(),
        }
    }
}
