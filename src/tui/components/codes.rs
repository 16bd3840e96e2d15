//! The codes component: the code tree (with depths and colours), its cursor
//! and scroll, and the excerpts of the highlighted code below it, with their
//! own cursor. Keys that jump or uncode are handed back to the app as a
//! [`CodesEffect`].

use super::list_move;
use crate::model::Code;
use crate::store::{CodeExcerpt, Project};
use crate::tui::action::Action;
use crate::tui::colour::code_colour;
use crate::tui::layout::Areas;
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
    /// The excerpts of the highlighted code.
    pub excerpts: Vec<CodeExcerpt>,
    /// Some when the keyboard is in the excerpt list.
    pub excerpt_sel: Option<usize>,
    pub excerpt_scroll: usize,
}

/// What a key in the codes pane asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodesEffect {
    None,
    Message(String),
    Jump(CodeExcerpt),
    Uncode(i64, String),
}

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

    pub fn reload_excerpts(&mut self, project: &Project) -> crate::error::Result<()> {
        self.excerpts = match self.selected() {
            Some(c) => project.code_excerpts(&c.name)?,
            None => Vec::new(),
        };
        if let Some(i) = self.excerpt_sel {
            self.excerpt_sel = if self.excerpts.is_empty() {
                None
            } else {
                Some(i.min(self.excerpts.len() - 1))
            };
        }
        self.excerpt_scroll = self
            .excerpt_scroll
            .min(self.excerpts.len().saturating_sub(1));
        Ok(())
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

    pub fn keep_visible(&mut self, a: &Areas) {
        let rows = (a.code_list.height as usize).max(1);
        self.scroll = super::keep_visible(self.sel, self.scroll, rows);
        if let Some(i) = self.excerpt_sel {
            let rows = (a.excerpt_list.height as usize).max(1);
            self.excerpt_scroll = super::keep_visible(i, self.excerpt_scroll, rows);
        }
    }

    /// Highlight the code called `name` (when it exists).
    pub fn select_name(&mut self, project: &Project, name: &str, a: &Areas) {
        if let Some(i) = self.list.iter().position(|c| c.name == name) {
            self.sel = i;
            let _ = self.reload_excerpts(project);
            self.keep_visible(a);
        }
    }

    /// Highlight row `i` of the code tree (a click), leaving the excerpt list.
    pub fn click_code(&mut self, project: &Project, i: usize) {
        if i < self.list.len() {
            self.sel = i;
            self.excerpt_sel = None;
            let _ = self.reload_excerpts(project);
        }
    }

    /// Mouse wheel over the pane.
    pub fn scroll_by(&mut self, project: &Project, lines: i16, a: &Areas) {
        let n = self.list.len().saturating_sub(1) as isize;
        self.sel = (self.sel as isize + lines as isize).clamp(0, n) as usize;
        self.excerpt_sel = None;
        let _ = self.reload_excerpts(project);
        self.keep_visible(a);
    }

    pub fn handle(&mut self, project: &Project, action: Action, a: &Areas) -> CodesEffect {
        let effect = match self.excerpt_sel {
            Some(i) => self.excerpt_key(i, action, a),
            None => self.code_key(project, action, a),
        };
        self.keep_visible(a);
        effect
    }

    fn excerpt_key(&mut self, i: usize, action: Action, a: &Areas) -> CodesEffect {
        let page = a.excerpt_list.height as usize;
        if let Some(j) = list_move(i, self.excerpts.len(), page, action) {
            self.excerpt_sel = Some(j);
            return CodesEffect::None;
        }
        match action {
            Action::Enter => match self.excerpts.get(i) {
                Some(e) => CodesEffect::Jump(e.clone()),
                None => CodesEffect::None,
            },
            Action::Cancel => {
                self.excerpt_sel = None;
                CodesEffect::None
            }
            Action::Uncode => match (self.excerpts.get(i), self.selected()) {
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
                if let Err(e) = self.reload_excerpts(project) {
                    return CodesEffect::Message(format!("error: {e}"));
                }
            }
            return CodesEffect::None;
        }
        match action {
            Action::Enter if !self.excerpts.is_empty() => {
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
