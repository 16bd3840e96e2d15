//! Editing a document's attributes in the workbench (`E` on the documents
//! pane): its key/value pairs, Enter to change a value, `a` to add one
//! (`key=value`), `d` to remove one. Each edit is one `Project` call, so one
//! undoable change; this file only keeps the list and the cursor and says
//! what a key asks for.

use super::list_move;
use crate::error::Result;
use crate::store::Project;
use crate::tui::action::Action;

#[derive(Debug, Clone, Default)]
pub struct AttributesView {
    /// The document whose attributes are shown.
    pub doc: String,
    pub pairs: Vec<(String, String)>,
    pub sel: usize,
}

/// What a key on the attribute screen asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributesEffect {
    None,
    Message(String),
    /// Ask for a new value of this key (starting from the current one).
    EditValue(String, String),
    /// Ask for a new `key=value`.
    Add,
    /// Remove this key.
    Remove(String),
    Leave,
}

impl AttributesView {
    /// Show the attributes of `doc` (the cursor stays on its key if it can).
    pub fn load(&mut self, project: &Project, doc: &str) -> Result<()> {
        let key = self.pairs.get(self.sel).map(|p| p.0.clone());
        let changed_doc = self.doc != doc;
        self.doc = doc.to_owned();
        self.pairs = project.document(doc)?.attributes.into_iter().collect();
        self.sel = match key {
            Some(k) if !changed_doc => self.pairs.iter().position(|p| p.0 == k).unwrap_or(self.sel),
            _ => 0,
        };
        self.sel = self.sel.min(self.pairs.len().saturating_sub(1));
        Ok(())
    }

    pub fn handle(&mut self, action: Action, rows: usize) -> AttributesEffect {
        if let Some(i) = list_move(self.sel, self.pairs.len(), rows, action) {
            self.sel = i;
            return AttributesEffect::None;
        }
        match action {
            Action::Enter | Action::Edit => match self.pairs.get(self.sel) {
                Some((k, v)) => AttributesEffect::EditValue(k.clone(), v.clone()),
                None => AttributesEffect::Message("no attributes yet: a adds one".into()),
            },
            Action::AddItem => AttributesEffect::Add,
            Action::RemoveItem => match self.pairs.get(self.sel) {
                Some((k, _)) => AttributesEffect::Remove(k.clone()),
                None => AttributesEffect::None,
            },
            Action::Cancel | Action::Attributes => AttributesEffect::Leave,
            _ => AttributesEffect::None,
        }
    }
}

/// Split what was typed for a new attribute: `key=value` or `key: value`.
pub fn parse_pair(typed: &str) -> Option<(String, String)> {
    let (k, v) = typed.split_once('=').or_else(|| typed.split_once(':'))?;
    let (k, v) = (k.trim(), v.trim());
    (!k.is_empty() && !v.is_empty()).then(|| (k.to_owned(), v.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::parse_pair;

    #[test]
    fn pairs_are_key_equals_or_colon_value() {
        let p = |k: &str, v: &str| Some((k.to_owned(), v.to_owned()));
        assert_eq!(parse_pair("rol=korpsexpert"), p("rol", "korpsexpert"));
        assert_eq!(parse_pair(" rol : expert "), p("rol", "expert"));
        // The first = wins, so a value may hold = or :.
        assert_eq!(parse_pair("tijd=10:30"), p("tijd", "10:30"));
        assert_eq!(parse_pair("rol"), None);
        assert_eq!(parse_pair("=x"), None);
        assert_eq!(parse_pair("x="), None);
    }
}
