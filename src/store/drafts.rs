//! Drafts: the text of an open memo or definition editor, saved on every
//! keystroke so a killed terminal loses nothing, and offered again when the
//! workbench next opens. A draft belongs to its coder and is keyed by what
//! it edits (a string the TUI chooses, e.g. `memo/document/P01`). Drafts sit
//! outside the event log on purpose: they are not changes to the study (no
//! undo step per keystroke); saving the memo is the change, and it removes
//! the draft.

use super::Project;
use crate::error::Result;

/// One unsaved text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub target: String,
    pub label: String,
    pub text: String,
    pub updated_at: String,
}

impl Project {
    /// Keep `text` as the current coder's draft for `target`.
    pub fn save_draft(&mut self, target: &str, label: &str, text: &str) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO drafts (coder, target, label, text, updated_at)
                 VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                 ON CONFLICT (coder, target) DO UPDATE
                 SET label = excluded.label, text = excluded.text, updated_at = excluded.updated_at",
            )?
            .execute(rusqlite::params![self.coder(), target, label, text])?;
        Ok(())
    }

    /// The current coder's drafts, the most recently typed first.
    pub fn drafts(&self) -> Result<Vec<Draft>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT target, label, text, updated_at FROM drafts
             WHERE coder = ? ORDER BY updated_at DESC, target",
        )?;
        let rows = stmt.query_map([self.coder()], |r| {
            Ok(Draft {
                target: r.get(0)?,
                label: r.get(1)?,
                text: r.get(2)?,
                updated_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Forget the current coder's draft for `target` (saved or discarded).
    pub fn discard_draft(&mut self, target: &str) -> Result<()> {
        self.conn()
            .prepare_cached("DELETE FROM drafts WHERE coder = ? AND target = ?")?
            .execute([self.coder(), target])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_kept_per_coder_and_target_until_discarded() {
        let mut p = Project::in_memory().unwrap();
        p.set_coder("a");
        p.save_draft("memo/project", "project", "eerste").unwrap();
        p.save_draft("memo/project", "project", "eerste versie")
            .unwrap();
        p.set_coder("b");
        assert!(p.drafts().unwrap().is_empty());
        p.set_coder("a");
        let d = p.drafts().unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].text, "eerste versie");
        // Not an event: nothing to undo.
        assert!(p.undo().unwrap().is_none());
        p.discard_draft("memo/project").unwrap();
        assert!(p.drafts().unwrap().is_empty());
    }
}
