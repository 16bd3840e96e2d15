//! What has the keyboard: the panes ([`Mode::Normal`]) or one overlay, with
//! the overlay's own state (the picker's query, the editor's text, …). The
//! key handling of each overlay is in [`overlays`](super::overlays).

use super::editor::Editor;
use super::picker::Picker;
use crate::model::MemoTarget;

/// What the multi-line editor is editing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditTarget {
    Memo(MemoTarget),
    /// The definition of the named theme.
    Definition(String),
    /// The description of the named code.
    Description(String),
}

impl EditTarget {
    /// The key its draft is kept under in the project (see `Project::save_draft`).
    pub fn draft_key(&self) -> String {
        match self {
            EditTarget::Memo(MemoTarget::Project) => "memo/project".into(),
            EditTarget::Memo(MemoTarget::Document(d)) => format!("memo/document/{d}"),
            EditTarget::Memo(MemoTarget::Code(c)) => format!("memo/code/{c}"),
            EditTarget::Memo(MemoTarget::Theme(t)) => format!("memo/theme/{t}"),
            EditTarget::Memo(MemoTarget::Excerpt(e)) => format!("memo/excerpt/{e}"),
            EditTarget::Definition(t) => format!("definition/{t}"),
            EditTarget::Description(c) => format!("description/{c}"),
        }
    }

    /// The target a draft key names (`None` for a key this version does not know).
    pub fn from_draft_key(key: &str) -> Option<EditTarget> {
        if key == "memo/project" {
            return Some(EditTarget::Memo(MemoTarget::Project));
        }
        if let Some(t) = key.strip_prefix("definition/") {
            return Some(EditTarget::Definition(t.to_owned()));
        }
        if let Some(c) = key.strip_prefix("description/") {
            return Some(EditTarget::Description(c.to_owned()));
        }
        let (kind, name) = key.strip_prefix("memo/")?.split_once('/')?;
        let name = name.to_owned();
        Some(EditTarget::Memo(match kind {
            "document" => MemoTarget::Document(name),
            "code" => MemoTarget::Code(name),
            "theme" => MemoTarget::Theme(name),
            "excerpt" => MemoTarget::Excerpt(name.parse().ok()?),
            _ => return None,
        }))
    }
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
    /// Rename the code called this (from the codes pane).
    RenameCode(String),
    /// The query of a search across all documents (the hit list).
    Find,
    /// A new value for a document's attribute (document, key).
    AttributeValue(String, String),
    /// A new `key=value` for a document.
    NewAttribute(String),
}

/// What the theme picker does with the chosen theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickPurpose {
    /// Add this code to the chosen (or a new) theme.
    AddCode(String),
    /// `/` on the themes screen: move the cursor to a theme or code by name.
    Jump,
}

/// What a picker opened from the codes pane or for moving a theme picks.
/// Its rows are names (codes, colours) or labelled places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickFor {
    /// Merge this code into the chosen one.
    MergeCode(String),
    /// Move this code under the chosen one (or to the top level).
    CodeParent(String),
    /// Give this code the chosen colour (or a typed `#rrggbb`).
    CodeColour(String),
    /// Move this theme to the chosen place in the outline.
    MoveTheme(String),
}

/// "Delete this code?": what the deletion would remove, for the dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteCode {
    pub name: String,
    pub impact: crate::store::CodeImpact,
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
    /// A picker for managing a code or placing a theme (see [`PickFor`]).
    Pick {
        picker: Picker,
        purpose: PickFor,
    },
    /// `D` in the codes pane: y deletes the code, n keeps it.
    ConfirmDelete(DeleteCode),
    /// Quit asked while text was unsaved: y quits, n returns to this mode.
    ConfirmQuit(Box<Mode>),
    /// Esc on a changed draft: y discards it, n returns to the editor.
    ConfirmDiscard(Box<Mode>),
    Choose(Chooser),
}

impl Mode {
    /// Whether this overlay holds text the user typed and has not saved.
    pub fn unsaved(&self) -> bool {
        match self {
            Mode::Edit(e) => e.editor.changed(),
            Mode::Input { purpose, text } => match purpose {
                InputPurpose::NewTheme => !text.trim().is_empty(),
                InputPurpose::RenameTheme(old) | InputPurpose::RenameCode(old) => text != old,
                InputPurpose::Find | InputPurpose::NewAttribute(_) => !text.is_empty(),
                InputPurpose::AttributeValue(..) => !text.is_empty(),
            },
            Mode::Search { query, .. } => !query.is_empty(),
            Mode::Picker(p)
            | Mode::ThemePicker { picker: p, .. }
            | Mode::Pick { picker: p, .. } => !p.query.is_empty(),
            Mode::ConfirmDiscard(back) => back.unsaved(),
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
                EditTarget::Description(_) => "DESCRIPTION",
            },
            Mode::Input { .. } => "NAME",
            Mode::ThemePicker { .. } => "THEME",
            Mode::Pick { purpose, .. } => match purpose {
                PickFor::MergeCode(_) => "MERGE",
                PickFor::CodeParent(_) | PickFor::MoveTheme(_) => "MOVE",
                PickFor::CodeColour(_) => "COLOUR",
            },
            Mode::ConfirmDelete(_) => "DELETE?",
            Mode::ConfirmQuit(_) => "QUIT?",
            Mode::ConfirmDiscard(_) => "DISCARD?",
            Mode::Choose(_) => "UNCODE",
        }
    }
}
