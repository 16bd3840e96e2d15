//! The memo browser (`W`): every memo of the project by target (the
//! project, documents, codes, themes, excerpts), the highlighted memo in
//! full below the list. Enter edits it in the editor (with its draft kept
//! as you type, like any memo), `o` goes to what it is about. The memo
//! text comes from `Project::memos`; this file never writes.

use super::list_move;
use crate::error::Result;
use crate::model::MemoTarget;
use crate::store::Project;
use crate::tui::action::Action;

/// One memo as the browser lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoRow {
    pub target: MemoTarget,
    /// How the target is named (also the editor's title).
    pub label: String,
    pub text: String,
    pub coder: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default)]
pub struct MemosView {
    pub rows: Vec<MemoRow>,
    pub sel: usize,
    pub scroll: usize,
}

/// What a key in the memo browser asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemosEffect {
    None,
    /// Edit this memo (target, label, current text).
    Edit(MemoTarget, String, String),
    /// Go to what the memo is about.
    Open(MemoTarget),
    Leave,
}

/// Where a kind of target sorts: the project first, excerpts last.
fn rank(t: &MemoTarget) -> u8 {
    match t {
        MemoTarget::Project => 0,
        MemoTarget::Document(_) => 1,
        MemoTarget::Code(_) => 2,
        MemoTarget::Theme(_) => 3,
        MemoTarget::Excerpt(_) => 4,
    }
}

/// The kind of target, as a heading.
pub fn kind(t: &MemoTarget) -> &'static str {
    match t {
        MemoTarget::Project => "project",
        MemoTarget::Document(_) => "documents",
        MemoTarget::Code(_) => "codes",
        MemoTarget::Theme(_) => "themes",
        MemoTarget::Excerpt(_) => "excerpts",
    }
}

impl MemosView {
    /// Load every memo, grouped by kind of target, names in natural order.
    pub fn load(&mut self, project: &Project) -> Result<()> {
        let mut rows = Vec::new();
        for m in project.memos()? {
            let label = match &m.target {
                MemoTarget::Project => "the project".to_owned(),
                MemoTarget::Document(d) => format!("document {d}"),
                MemoTarget::Code(c) => format!("code “{c}”"),
                MemoTarget::Theme(t) => format!("theme “{t}”"),
                MemoTarget::Excerpt(id) => match project.excerpt(*id) {
                    Ok(e) => format!("excerpt {id} in {}", e.doc),
                    Err(_) => format!("excerpt {id}"),
                },
            };
            rows.push(MemoRow {
                target: m.target,
                label,
                text: m.text,
                coder: m.coder,
                updated_at: m.updated_at,
            });
        }
        rows.sort_by(|a, b| {
            rank(&a.target)
                .cmp(&rank(&b.target))
                .then_with(|| crate::text::natural_cmp(&a.label, &b.label))
        });
        self.rows = rows;
        self.sel = self.sel.min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    pub fn selected(&self) -> Option<&MemoRow> {
        self.rows.get(self.sel)
    }

    /// A key in the browser; `rows` is how many list rows are shown.
    pub fn handle(&mut self, action: Action, rows: usize) -> MemosEffect {
        if let Some(i) = list_move(self.sel, self.rows.len(), rows, action) {
            self.sel = i;
            self.scroll = super::keep_visible(self.sel, self.scroll, rows.max(1));
            return MemosEffect::None;
        }
        match action {
            Action::Enter | Action::Edit => match self.selected() {
                Some(m) => MemosEffect::Edit(m.target.clone(), m.label.clone(), m.text.clone()),
                None => MemosEffect::None,
            },
            Action::OpenExcerpt => match self.selected() {
                Some(m) => MemosEffect::Open(m.target.clone()),
                None => MemosEffect::None,
            },
            Action::Cancel | Action::MemoScreen => MemosEffect::Leave,
            _ => MemosEffect::None,
        }
    }
}
