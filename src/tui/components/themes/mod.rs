//! The themes component (Braun & Clarke phases 3–5): gather codes into
//! themes, nest and order them, review a theme's excerpts one after another,
//! set its phase and write its definition. This file owns the state
//! ([`ThemesView`]: the tree rows, counts, the review reader) and how it is
//! loaded; [`keys`] owns what each key does. A theme's codes include its
//! subthemes' codes through the one tree walk in [`crate::tree`].

mod keys;
mod moving;

pub use moving::Place;

use crate::error::Result;
use crate::model::{Code, MemoTarget, Phase, Theme};
use crate::store::{CodeExcerpt, Project};
use crate::tui::layout;
use crate::tui::mode::Mode;
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
    /// The codes of each theme and its subthemes, each once (parallel to `themes`).
    pub family_codes: Vec<Vec<String>>,
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

/// What the themes screen needs from the app for one key: the project (it
/// makes one call per change), the code list and the screen size.
pub struct Env<'a> {
    pub project: &'a mut Project,
    pub codes: &'a [Code],
    pub width: u16,
    pub height: u16,
}

/// What a key on the themes screen asks of the app.
#[derive(Debug, Clone)]
pub enum ThemesEffect {
    None,
    Message(String),
    /// Open an overlay (picker, prompt, editor).
    Mode(Mode),
    /// Back to the workbench.
    Leave,
    /// Open the excerpt in the workbench reader.
    Open(CodeExcerpt),
}

/// Where the cursor should go after a reload.
pub(crate) enum Keep {
    Theme(String),
    Code(Option<String>, String),
    /// The k-th code not in a theme (to keep sorting codes one after another).
    Unthemed(usize),
    Index(usize),
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

    pub(crate) fn keep_current(&self) -> Keep {
        match self.selected() {
            Some(ThemeRow::Theme(i)) => Keep::Theme(self.themes[*i].name.clone()),
            Some(ThemeRow::Code { theme, name }) => {
                Keep::Code(theme.map(|i| self.themes[i].name.clone()), name.clone())
            }
            _ => Keep::Index(self.sel),
        }
    }

    /// Reload themes, counts and rows, keeping the cursor on the same theme
    /// or code.
    pub fn reload(&mut self, env: &Env) -> Result<()> {
        let keep = self.keep_current();
        self.reload_keeping(env, keep)
    }

    pub(crate) fn reload_keeping(&mut self, env: &Env, keep: Keep) -> Result<()> {
        let themes = env.project.themes()?;
        let counts = env.project.theme_excerpt_counts()?;
        let forest = crate::tree::Forest::of_themes(&themes);
        self.depths = forest.depths();
        self.family_codes = crate::tree::theme_family_codes(&themes);
        let themed: HashSet<&str> = themes
            .iter()
            .flat_map(|t| t.codes.iter().map(String::as_str))
            .collect();
        self.unthemed = env
            .codes
            .iter()
            .filter(|c| !themed.contains(c.name.as_str()))
            .map(|c| c.name.clone())
            .collect();
        self.code_counts = env
            .codes
            .iter()
            .map(|c| (c.name.clone(), c.excerpts))
            .collect();
        let mut rows = Vec::new();
        for (i, t) in themes.iter().enumerate() {
            rows.push(ThemeRow::Theme(i));
            if self.folded {
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
        for c in &self.unthemed {
            rows.push(ThemeRow::Code {
                theme: None,
                name: c.clone(),
            });
        }
        self.themes = themes;
        self.counts = counts;
        self.rows = rows;
        let found = match &keep {
            Keep::Theme(name) => {
                self.find(|r, v| matches!(r, ThemeRow::Theme(i) if v.themes[*i].name == *name))
            }
            Keep::Code(theme, name) => self.find(|r, v| match r {
                ThemeRow::Code { theme: t, name: n } => {
                    n == name && t.map(|i| v.themes[i].name.clone()) == *theme
                }
                _ => false,
            }),
            Keep::Unthemed(k) => {
                let start = self.find(|r, _| *r == ThemeRow::Unthemed).unwrap_or(0);
                if self.unthemed.is_empty() {
                    None
                } else {
                    Some(start + 1 + (*k).min(self.unthemed.len() - 1))
                }
            }
            Keep::Index(i) => Some(*i),
        };
        let fallback = match keep {
            Keep::Index(i) => i,
            _ => self.sel,
        };
        self.sel = found
            .unwrap_or(fallback)
            .min(self.rows.len().saturating_sub(1));
        self.keep_visible(env.width, env.height);
        self.load_review(env, true)
    }

    pub(crate) fn keep_visible(&mut self, width: u16, height: u16) {
        let rows = (layout::theme_areas(width, height).tree_list.height as usize).max(1);
        // No empty rows at the bottom while rows are hidden above.
        self.scroll = self.scroll.min(self.rows.len().saturating_sub(rows));
        if self.sel < self.scroll {
            self.scroll = self.sel;
        } else if self.sel >= self.scroll + rows {
            self.scroll = self.sel + 1 - rows;
        }
    }

    /// Load the review reader's excerpts when its subject changed (or `force`).
    pub(crate) fn load_review(&mut self, env: &Env, force: bool) -> Result<()> {
        let target = self.review_target();
        if !force && target == self.review_of {
            return Ok(());
        }
        let same = target == self.review_of;
        let codes = match self.selected() {
            Some(ThemeRow::Theme(i)) | Some(ThemeRow::Code { theme: Some(i), .. }) => {
                self.family_codes[*i].clone()
            }
            Some(ThemeRow::Code { theme: None, name }) => vec![name.clone()],
            _ => Vec::new(),
        };
        let loaded = env.project.review_excerpts(&codes);
        if let Ok(r) = &loaded {
            self.review = r.iter().map(|e| (e.clone(), Vec::new())).collect();
        }
        if !same {
            self.review_sel = 0;
        }
        self.review_sel = self.review_sel.min(self.review.len().saturating_sub(1));
        self.review_of = target;
        let details = self.load_review_details(env.project, env.width, env.height);
        loaded.and(details)
    }

    /// Fetch text and codes of the excerpts the review reader can show from
    /// the current one on (loaded lazily: a theme may have thousands).
    pub fn load_review_details(
        &mut self,
        project: &Project,
        width: u16,
        height: u16,
    ) -> Result<()> {
        let rows = layout::theme_areas(width, height).review_text.height as usize;
        let ids: Vec<i64> = self
            .review
            .iter()
            .skip(self.review_sel)
            .take(rows / 3 + 2)
            .filter(|(_, codes)| codes.is_empty())
            .map(|(e, _)| e.excerpt)
            .collect();
        if ids.is_empty() {
            return Ok(());
        }
        let mut details = project.excerpt_details(&ids)?;
        for (e, codes) in &mut self.review {
            if let Some((text, c)) = details.remove(&e.excerpt) {
                e.text = text;
                *codes = c;
            }
        }
        Ok(())
    }

    /// The memo target on the themes screen, and how to name it.
    pub fn memo_target(&self) -> Option<(MemoTarget, String)> {
        match self.selected()? {
            ThemeRow::Theme(i) => {
                let t = &self.themes[*i];
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
}

/// Label for a theme's phase badge.
pub fn phase_badge(p: Phase) -> &'static str {
    match p {
        Phase::Candidate => "candidate",
        Phase::Reviewed => "reviewed",
        Phase::Defined => "defined",
    }
}
