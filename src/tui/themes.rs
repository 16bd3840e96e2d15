//! The themes screen (Braun & Clarke phases 3–5): gather codes into themes,
//! nest and order them, review a theme's excerpts one after another, set its
//! phase and write its definition. State lives in [`ThemesView`]; the actions
//! here are called from `update` and make one `Project` call each (so `u`
//! undoes each), reporting the outcome on the status line.

use super::action::Action;
use super::app::{App, EditState, EditTarget, InputPurpose, Mode, PickPurpose, Screen};
use super::editor::Editor;
use super::layout;
use super::picker::{Choice, Picker};
use crate::model::{MemoTarget, Phase, Theme};
use crate::store::CodeExcerpt;
use std::collections::{HashMap, HashSet};

/// One row of the theme tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeRow {
    /// A theme (index into `ThemesView::themes`).
    Theme(usize),
    /// A code gathered by a theme (theme index), or not in any theme (`None`).
    Code { theme: Option<usize>, name: String },
    /// The heading above the codes not yet in a theme.
    Unthemed,
}

/// What the review reader is showing the excerpts of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewOf {
    Theme(String),
    Code(String),
}

/// The themes screen's state.
#[derive(Debug, Clone, Default)]
pub struct ThemesView {
    /// Themes in the analyst's order, subthemes after their parent.
    pub themes: Vec<Theme>,
    /// Depth of each theme (parallel to `themes`).
    pub depths: Vec<usize>,
    /// Distinct excerpts per theme key (including subthemes).
    pub counts: HashMap<i64, usize>,
    /// Excerpts per code name.
    pub code_counts: HashMap<String, usize>,
    pub rows: Vec<ThemeRow>,
    /// Codes in no theme, in code-tree order.
    pub unthemed: Vec<String>,
    pub sel: usize,
    pub scroll: usize,
    /// `z`: themes only (their codes hidden), for an overview of the tree.
    pub folded: bool,
    pub review_of: Option<ReviewOf>,
    /// The excerpts under review, each once, with all their codes. Text and
    /// codes are filled in for the ones on screen (empty until then).
    pub review: Vec<(CodeExcerpt, Vec<String>)>,
    pub review_sel: usize,
}

impl ThemesView {
    pub fn selected(&self) -> Option<&ThemeRow> {
        self.rows.get(self.sel)
    }

    /// The theme the cursor is on or inside.
    pub fn current_theme(&self) -> Option<&Theme> {
        match self.selected()? {
            ThemeRow::Theme(i) => self.themes.get(*i),
            ThemeRow::Code { theme: Some(i), .. } => self.themes.get(*i),
            _ => None,
        }
    }

    /// Codes of theme `i` and of all its subthemes, each once.
    pub fn codes_with_subthemes(&self, i: usize) -> Vec<String> {
        let d = self.depths[i];
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let below = self.themes[i + 1..]
            .iter()
            .zip(&self.depths[i + 1..])
            .take_while(|(_, depth)| **depth > d)
            .map(|(t, _)| t);
        for t in std::iter::once(&self.themes[i]).chain(below) {
            for c in &t.codes {
                if seen.insert(c.clone()) {
                    out.push(c.clone());
                }
            }
        }
        out
    }

    fn review_target(&self) -> Option<ReviewOf> {
        match self.selected()? {
            ThemeRow::Theme(i) | ThemeRow::Code { theme: Some(i), .. } => {
                Some(ReviewOf::Theme(self.themes[*i].name.clone()))
            }
            ThemeRow::Code { theme: None, name } => Some(ReviewOf::Code(name.clone())),
            ThemeRow::Unthemed => None,
        }
    }

    /// Index of the first row matching `f`.
    fn find(&self, f: impl Fn(&ThemeRow, &ThemesView) -> bool) -> Option<usize> {
        self.rows.iter().position(|r| f(r, self))
    }
}

/// Where the cursor should go after a reload.
enum Keep {
    Theme(String),
    Code(Option<String>, String),
    /// The k-th code not in a theme (to keep sorting codes one after another).
    Unthemed(usize),
    Index(usize),
}

impl App {
    /// Reload themes, counts and rows from the project, keeping the cursor on
    /// the same theme or code.
    pub(crate) fn reload_themes(&mut self) {
        let keep = self.keep_for_reload();
        self.reload_themes_keeping(keep);
    }

    fn keep_for_reload(&self) -> Keep {
        let v = &self.themes;
        match v.selected() {
            Some(ThemeRow::Theme(i)) => Keep::Theme(v.themes[*i].name.clone()),
            Some(ThemeRow::Code { theme, name }) => {
                Keep::Code(theme.map(|i| v.themes[i].name.clone()), name.clone())
            }
            _ => Keep::Index(v.sel),
        }
    }

    fn reload_themes_keeping(&mut self, keep: Keep) {
        let loaded = (|| -> crate::error::Result<_> {
            Ok((self.project.themes()?, self.project.theme_excerpt_counts()?))
        })();
        let (themes, counts) = match loaded {
            Ok(x) => x,
            Err(e) => {
                self.message = Some(format!("error: {e}"));
                return;
            }
        };
        let v = &mut self.themes;
        let index: HashMap<&str, usize> = themes
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.as_str(), i))
            .collect();
        v.depths = themes
            .iter()
            .map(|t| {
                let mut d = 0;
                let mut p = t.parent.as_deref();
                while let Some(name) = p {
                    d += 1;
                    if d > 16 {
                        break;
                    }
                    p = index.get(name).and_then(|&i| themes[i].parent.as_deref());
                }
                d
            })
            .collect();
        let themed: HashSet<&str> = themes
            .iter()
            .flat_map(|t| t.codes.iter().map(String::as_str))
            .collect();
        v.unthemed = self
            .codes
            .iter()
            .filter(|c| !themed.contains(c.name.as_str()))
            .map(|c| c.name.clone())
            .collect();
        v.code_counts = self
            .codes
            .iter()
            .map(|c| (c.name.clone(), c.excerpts))
            .collect();
        let mut rows = Vec::new();
        for (i, t) in themes.iter().enumerate() {
            rows.push(ThemeRow::Theme(i));
            if v.folded {
                continue;
            }
            for c in &t.codes {
                rows.push(ThemeRow::Code {
                    theme: Some(i),
                    name: c.clone(),
                });
            }
        }
        rows.push(ThemeRow::Unthemed);
        for c in &v.unthemed {
            rows.push(ThemeRow::Code {
                theme: None,
                name: c.clone(),
            });
        }
        v.themes = themes;
        v.counts = counts;
        v.rows = rows;
        let found = match &keep {
            Keep::Theme(name) => {
                v.find(|r, v| matches!(r, ThemeRow::Theme(i) if v.themes[*i].name == *name))
            }
            Keep::Code(theme, name) => v.find(|r, v| match r {
                ThemeRow::Code { theme: t, name: n } => {
                    n == name && t.map(|i| v.themes[i].name.clone()) == *theme
                }
                _ => false,
            }),
            Keep::Unthemed(k) => {
                let start = v.find(|r, _| *r == ThemeRow::Unthemed).unwrap_or(0);
                if v.unthemed.is_empty() {
                    None
                } else {
                    Some(start + 1 + (*k).min(v.unthemed.len() - 1))
                }
            }
            Keep::Index(i) => Some(*i),
        };
        let fallback = match keep {
            Keep::Index(i) => i,
            _ => v.sel,
        };
        v.sel = found
            .unwrap_or(fallback)
            .min(v.rows.len().saturating_sub(1));
        self.keep_theme_visible();
        self.load_review(true);
    }

    fn keep_theme_visible(&mut self) {
        let rows = (layout::theme_areas(self.width, self.height)
            .tree_list
            .height as usize)
            .max(1);
        let v = &mut self.themes;
        // No empty rows at the bottom while rows are hidden above.
        v.scroll = v.scroll.min(v.rows.len().saturating_sub(rows));
        if v.sel < v.scroll {
            v.scroll = v.sel;
        } else if v.sel >= v.scroll + rows {
            v.scroll = v.sel + 1 - rows;
        }
    }

    /// Load the review reader's excerpts when its subject changed (or `force`).
    fn load_review(&mut self, force: bool) {
        let target = self.themes.review_target();
        if !force && target == self.themes.review_of {
            return;
        }
        let same = target == self.themes.review_of;
        let codes = match self.themes.selected() {
            Some(ThemeRow::Theme(i)) | Some(ThemeRow::Code { theme: Some(i), .. }) => {
                self.themes.codes_with_subthemes(*i)
            }
            Some(ThemeRow::Code { theme: None, name }) => vec![name.clone()],
            _ => Vec::new(),
        };
        match self.project.review_excerpts(&codes) {
            Ok(r) => self.themes.review = r.into_iter().map(|e| (e, Vec::new())).collect(),
            Err(e) => self.message = Some(format!("error: {e}")),
        }
        if !same {
            self.themes.review_sel = 0;
        }
        self.themes.review_sel = self
            .themes
            .review_sel
            .min(self.themes.review.len().saturating_sub(1));
        self.themes.review_of = target;
        self.load_review_details();
    }

    /// Fetch text and codes of the excerpts the review reader can show from
    /// the current one on (loaded lazily: a theme may have thousands).
    pub(crate) fn load_review_details(&mut self) {
        let rows = layout::theme_areas(self.width, self.height)
            .review_text
            .height as usize;
        let v = &self.themes;
        let ids: Vec<i64> = v
            .review
            .iter()
            .skip(v.review_sel)
            .take(rows / 3 + 2)
            .filter(|(_, codes)| codes.is_empty())
            .map(|(e, _)| e.excerpt)
            .collect();
        if ids.is_empty() {
            return;
        }
        match self.project.excerpt_details(&ids) {
            Ok(mut details) => {
                for (e, codes) in &mut self.themes.review {
                    if let Some((text, c)) = details.remove(&e.excerpt) {
                        e.text = text;
                        *codes = c;
                    }
                }
            }
            Err(e) => self.message = Some(format!("error: {e}")),
        }
    }

    pub(crate) fn themes_memo_target(&self) -> Option<(MemoTarget, String)> {
        match self.themes.selected()? {
            ThemeRow::Theme(i) => {
                let t = &self.themes.themes[*i];
                Some((
                    MemoTarget::Theme(t.name.clone()),
                    format!("theme “{}”", t.name),
                ))
            }
            ThemeRow::Code { name, .. } => {
                Some((MemoTarget::Code(name.clone()), format!("code “{name}”")))
            }
            ThemeRow::Unthemed => None,
        }
    }

    /// The outcome of one Project call: reload and say what happened.
    fn report(&mut self, res: crate::error::Result<String>, keep: Keep) {
        match res {
            Ok(msg) => {
                self.reload_themes_keeping(keep);
                self.message = Some(msg);
            }
            Err(e) => self.message = Some(format!("error: {e}")),
        }
    }
}

/// A key on the themes screen (normal mode).
pub(crate) fn themes_action(app: &mut App, action: Action) {
    let page = layout::theme_areas(app.width, app.height).tree_list.height as usize;
    let v = &app.themes;
    let last = v.rows.len().saturating_sub(1);
    let moved = match action {
        Action::Down => Some((v.sel + 1).min(last)),
        Action::Up => Some(v.sel.saturating_sub(1)),
        Action::PageDown => Some((v.sel + page.max(1)).min(last)),
        Action::PageUp => Some(v.sel.saturating_sub(page.max(1))),
        Action::Top => Some(0),
        Action::Bottom => Some(last),
        _ => None,
    };
    if let Some(i) = moved {
        app.themes.sel = i;
        app.keep_theme_visible();
        app.load_review(false);
        return;
    }
    let row = app.themes.selected().cloned();
    let theme = app.themes.current_theme().cloned();
    match action {
        Action::Themes | Action::Cancel => app.screen = Screen::Workbench,
        Action::Fold => {
            app.themes.folded = !app.themes.folded;
            // On a code row, folding moves the cursor to its theme.
            let keep = match (&row, &theme) {
                (Some(ThemeRow::Code { theme: Some(_), .. }), Some(t)) if app.themes.folded => {
                    Keep::Theme(t.name.clone())
                }
                _ => app.keep_for_reload(),
            };
            app.reload_themes_keeping(keep);
            app.message = Some(if app.themes.folded {
                "codes hidden under the themes: z shows them".into()
            } else {
                "codes shown under the themes".into()
            });
        }
        Action::Jump => {
            let mut picker = Picker::default();
            let mut names: Vec<String> = app.themes.themes.iter().map(|t| t.name.clone()).collect();
            for c in &app.codes {
                if !names.contains(&c.name) {
                    names.push(c.name.clone());
                }
            }
            picker.refilter(&names);
            app.mode = Mode::ThemePicker {
                picker,
                purpose: PickPurpose::Jump,
            };
        }
        Action::NewTheme => {
            app.mode = Mode::Input {
                purpose: InputPurpose::NewTheme,
                text: String::new(),
            }
        }
        Action::Enter => match row {
            Some(ThemeRow::Theme(_)) => themes_action(app, Action::Edit),
            _ => themes_action(app, Action::ThemeIn),
        },
        Action::ThemeIn => match row {
            Some(ThemeRow::Code { name, .. }) => {
                let names: Vec<String> = app.themes.themes.iter().map(|t| t.name.clone()).collect();
                app.mode = Mode::ThemePicker {
                    picker: Picker::new(&names),
                    purpose: PickPurpose::AddCode(name),
                };
            }
            Some(ThemeRow::Theme(i)) => nest(app, i),
            _ => app.message = Some("move to a code or a theme first".into()),
        },
        Action::ThemeOut => match (row, theme) {
            (Some(ThemeRow::Code { name, .. }), Some(t)) => {
                let res = app
                    .project
                    .remove_theme_codes(&t.name, &[name.as_str()])
                    .map(|_| format!("took “{name}” out of “{}”", t.name));
                // Stay on the theme the code left.
                app.report(res, Keep::Theme(t.name.clone()));
            }
            (Some(ThemeRow::Theme(_)), Some(t)) => {
                let Some(parent) = t.parent.clone() else {
                    app.message = Some(format!("“{}” is a top-level theme already", t.name));
                    return;
                };
                let grand = app.project.theme(&parent).ok().and_then(|p| p.parent);
                let res = app
                    .project
                    .set_theme_parent(&t.name, grand.as_deref())
                    .map(|()| match &grand {
                        Some(g) => format!("“{}” is now a subtheme of “{g}”", t.name),
                        None => format!("“{}” is now a top-level theme", t.name),
                    });
                app.report(res, Keep::Theme(t.name.clone()));
            }
            (Some(ThemeRow::Code { name, .. }), None) => {
                app.message = Some(format!("“{name}” is not in a theme: > adds it to one"))
            }
            _ => app.message = Some("nothing to take out here".into()),
        },
        Action::SetPhase(_) | Action::CyclePhase => {
            let Some(t) = theme else {
                app.message = Some("move to a theme first".into());
                return;
            };
            let phase = match action {
                Action::SetPhase(n) => Phase::ALL[(n as usize - 1).min(2)],
                _ => {
                    let i = Phase::ALL.iter().position(|p| *p == t.phase).unwrap_or(0);
                    Phase::ALL[(i + 1) % 3]
                }
            };
            let res = app
                .project
                .set_theme_phase(&t.name, phase)
                .map(|()| format!("“{}” is now {phase}", t.name));
            let keep = app.keep_for_reload();
            app.report(res, keep);
        }
        Action::Edit => match theme {
            Some(t) => {
                app.mode = Mode::Edit(EditState {
                    target: EditTarget::Definition(t.name.clone()),
                    label: format!("theme “{}”", t.name),
                    editor: Editor::new(&t.definition),
                })
            }
            None => app.message = Some("move to a theme first".into()),
        },
        Action::Rename => match theme {
            Some(t) => {
                app.mode = Mode::Input {
                    purpose: InputPurpose::RenameTheme(t.name.clone()),
                    text: t.name.clone(),
                }
            }
            None => app.message = Some("move to a theme first".into()),
        },
        Action::DeleteTheme => match (row, theme) {
            (Some(ThemeRow::Theme(_)), Some(t)) => {
                let res = app
                    .project
                    .delete_theme(&t.name)
                    .map(|()| format!("deleted theme “{}” (its codes stay; u undoes)", t.name));
                let sel = app.themes.sel;
                app.report(res, Keep::Index(sel));
            }
            _ => app.message = Some("move to a theme to delete it".into()),
        },
        Action::MoveUp | Action::MoveDown => {
            let (Some(ThemeRow::Theme(_)), Some(t)) = (row, theme) else {
                app.message = Some("move to a theme to reorder it".into());
                return;
            };
            let siblings: Vec<&str> = app
                .themes
                .themes
                .iter()
                .filter(|s| s.parent == t.parent)
                .map(|s| s.name.as_str())
                .collect();
            let pos = siblings.iter().position(|s| *s == t.name).unwrap_or(0);
            let to = if action == Action::MoveUp {
                if pos == 0 {
                    app.message = Some(format!("“{}” is first already", t.name));
                    return;
                }
                pos
            } else {
                if pos + 1 >= siblings.len() {
                    app.message = Some(format!("“{}” is last already", t.name));
                    return;
                }
                pos + 2
            };
            let res = app
                .project
                .move_theme(&t.name, to)
                .map(|()| format!("moved “{}” to position {to}", t.name));
            app.report(res, Keep::Theme(t.name.clone()));
        }
        Action::NextExcerpt | Action::PrevExcerpt => {
            let n = app.themes.review.len();
            if n == 0 {
                app.message = Some("no excerpts to review here".into());
                return;
            }
            let v = &mut app.themes;
            v.review_sel = if action == Action::NextExcerpt {
                (v.review_sel + 1).min(n - 1)
            } else {
                v.review_sel.saturating_sub(1)
            };
            if action == Action::NextExcerpt && v.review_sel == n - 1 {
                app.message = Some(format!("last excerpt ({n} of {n})"));
            }
            app.load_review_details();
        }
        Action::OpenExcerpt => {
            if let Some((e, _)) = app.themes.review.get(app.themes.review_sel).cloned() {
                app.jump_to_excerpt(&e);
                app.message = Some("T goes back to the themes screen".into());
            }
        }
        Action::Click { col, row: y } => {
            let a = layout::theme_areas(app.width, app.height).tree_list;
            if col >= a.x && col < a.x + a.width && y >= a.y && y < a.y + a.height {
                let i = app.themes.scroll + (y - a.y) as usize;
                if i < app.themes.rows.len() {
                    app.themes.sel = i;
                    app.load_review(false);
                }
            }
        }
        Action::Scroll { lines, .. } => {
            let n = app.themes.review.len();
            if n > 0 {
                let v = &mut app.themes;
                v.review_sel = (v.review_sel as isize + lines.signum() as isize)
                    .clamp(0, n as isize - 1) as usize;
                app.load_review_details();
            }
        }
        _ => {}
    }
}

/// `>` on a theme: make it a subtheme of the theme above it (its previous
/// sibling), like indenting an outline.
fn nest(app: &mut App, i: usize) {
    let v = &app.themes;
    let t = v.themes[i].clone();
    let above = v.themes[..i]
        .iter()
        .rev()
        .find(|s| s.parent == t.parent)
        .map(|s| s.name.clone());
    let Some(parent) = above else {
        app.message = Some(format!(
            "no theme above “{}” at its level to nest it under",
            t.name
        ));
        return;
    };
    let res = app
        .project
        .set_theme_parent(&t.name, Some(&parent))
        .map(|()| format!("“{}” is now a subtheme of “{parent}”", t.name));
    app.report(res, Keep::Theme(t.name.clone()));
}

/// The one-line name prompt (new theme, rename).
pub(crate) fn input_prompt(
    app: &mut App,
    purpose: InputPurpose,
    mut text: String,
    action: Action,
) -> Mode {
    match action {
        Action::Cancel => return Mode::Normal,
        Action::Input(c) if c != '\n' => text.push(c),
        Action::Backspace => {
            text.pop();
        }
        Action::Enter => {
            let name = text.trim().to_owned();
            if name.is_empty() {
                app.message = Some("a theme needs a name".into());
                return Mode::Input { purpose, text };
            }
            match &purpose {
                InputPurpose::NewTheme => {
                    let res = app
                        .project
                        .create_theme(&name, "", None)
                        .map(|t| format!("created theme “{}” (candidate)", t.name));
                    app.report(res, Keep::Theme(name));
                }
                InputPurpose::RenameTheme(old) => {
                    let res = app
                        .project
                        .rename_theme(old, &name)
                        .map(|()| format!("renamed “{old}” to “{name}”"));
                    app.report(res, Keep::Theme(name));
                }
            }
            return Mode::Normal;
        }
        _ => {}
    }
    Mode::Input { purpose, text }
}

/// The theme picker: Enter adds the code to the highlighted theme, or creates
/// the typed theme first.
pub(crate) fn theme_picker(
    app: &mut App,
    mut picker: Picker,
    purpose: PickPurpose,
    action: Action,
) -> Mode {
    let jump = purpose == PickPurpose::Jump;
    let names = || -> Vec<String> {
        let v = &app.themes;
        let mut n: Vec<String> = v.themes.iter().map(|t| t.name.clone()).collect();
        if jump {
            for c in app.codes.iter().map(|c| &c.name) {
                if !n.contains(c) {
                    n.push(c.clone());
                }
            }
        }
        n
    };
    match action {
        Action::Cancel => return Mode::Normal,
        Action::Down => picker.move_by(1),
        Action::Up => picker.move_by(-1),
        Action::Input(c) => {
            picker.query.push(c);
            picker.refilter(&names());
        }
        Action::Backspace => {
            picker.query.pop();
            picker.refilter(&names());
        }
        Action::Enter if jump => {
            let Some(Choice::Existing(name)) = picker.selected().cloned() else {
                app.message = Some("no theme or code by that name".into());
                return Mode::ThemePicker { picker, purpose };
            };
            jump_to(app, &name);
            return Mode::Normal;
        }
        Action::Enter => {
            let PickPurpose::AddCode(code) = &purpose else {
                return Mode::Normal;
            };
            let (theme, new) = match picker.selected() {
                Some(Choice::Existing(n)) => (n.clone(), false),
                Some(Choice::New(n)) => (n.clone(), true),
                None => return Mode::ThemePicker { picker, purpose },
            };
            // Keep sorting: the cursor goes to the next code not in a theme.
            let keep = match app.themes.selected() {
                Some(ThemeRow::Code { theme: None, name }) => Keep::Unthemed(
                    app.themes
                        .unthemed
                        .iter()
                        .position(|c| c == name)
                        .unwrap_or(0),
                ),
                // A code already in a theme follows itself into the new one.
                _ => Keep::Code(Some(theme.clone()), code.clone()),
            };
            // A new theme and its first code are one change (one undo).
            let res = if new {
                app.project
                    .create_theme_with_codes(&theme, "", None, &[code.as_str()])
                    .map(|_| format!("created theme “{theme}” with “{code}”"))
            } else {
                app.project
                    .add_theme_codes(&theme, &[code.as_str()])
                    .map(|n| match n {
                        0 => format!("“{code}” is in “{theme}” already"),
                        _ => format!("added “{code}” to “{theme}”"),
                    })
            };
            app.report(res, keep);
            return Mode::Normal;
        }
        _ => {}
    }
    Mode::ThemePicker { picker, purpose }
}

/// Put the cursor on the theme called `name`, else on the first row of the
/// code called `name` (showing the codes if they were hidden).
fn jump_to(app: &mut App, name: &str) {
    let v = &app.themes;
    let theme = v
        .rows
        .iter()
        .position(|r| matches!(r, ThemeRow::Theme(i) if v.themes[*i].name == name));
    let found = theme.or_else(|| {
        if app.themes.folded {
            app.themes.folded = false;
            app.reload_themes();
        }
        let v = &app.themes;
        v.rows
            .iter()
            .position(|r| matches!(r, ThemeRow::Code { name: n, .. } if n == name))
    });
    if let Some(i) = found {
        app.themes.sel = i;
        app.keep_theme_visible();
        app.load_review(false);
    }
}

/// Label for a theme's phase badge.
pub fn phase_badge(p: Phase) -> &'static str {
    match p {
        Phase::Candidate => "candidate",
        Phase::Reviewed => "reviewed",
        Phase::Defined => "defined",
    }
}
