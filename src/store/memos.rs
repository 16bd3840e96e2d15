//! Memos: free text on the project, a document, a code, a theme or an excerpt.

use super::{Project, Tx};
use crate::error::Result;
use crate::model::{Memo, MemoTarget};
use rusqlite::OptionalExtension;

impl Project {
    fn memo_key(&self, target: &MemoTarget) -> Result<(&'static str, i64)> {
        Ok(match target {
            MemoTarget::Project => ("project", 0),
            MemoTarget::Document(d) => ("document", self.document_key(d)?),
            MemoTarget::Code(c) => (
                "code",
                self.code_key(c)?
                    .ok_or_else(|| super::not_found("code", c, "thema codes"))?,
            ),
            MemoTarget::Theme(t) => (
                "theme",
                self.theme_key(t)?
                    .ok_or_else(|| super::not_found("theme", t, "thema theme list"))?,
            ),
            MemoTarget::Excerpt(id) => {
                self.excerpt(*id)?;
                ("excerpt", *id)
            }
        })
    }

    /// The memo on a target, if any.
    pub fn memo(&self, target: &MemoTarget) -> Result<Option<Memo>> {
        let (kind, id) = self.memo_key(target)?;
        Ok(self
            .conn()
            .query_row(
                "SELECT text, coder, updated_at FROM memos WHERE target_kind = ? AND target_id = ?",
                rusqlite::params![kind, id],
                |r| {
                    Ok(Memo {
                        target: target.clone(),
                        text: r.get(0)?,
                        coder: r.get(1)?,
                        updated_at: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Write (or, with empty text, remove) the memo on a target.
    pub fn set_memo(&mut self, target: &MemoTarget, text: &str) -> Result<()> {
        let seen = self.data_version()?;
        let (kind, id) = self.memo_key(target)?;
        let text = text.trim_end();
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.set_memo(target, text);
        }
        set_memo_in(&mut tx, kind, id, text)?;
        tx.commit("memo", &format!("memo on {}", describe(target)))?;
        Ok(())
    }

    /// Every memo in the project, project memo first.
    pub fn memos(&self) -> Result<Vec<Memo>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT m.target_kind, m.target_id, m.text, m.coder, m.updated_at,
                    coalesce(d.name, c.name, t.name)
             FROM memos m
             LEFT JOIN documents d ON m.target_kind = 'document' AND d.id = m.target_id
             LEFT JOIN codes c ON m.target_kind = 'code' AND c.id = m.target_id
             LEFT JOIN themes t ON m.target_kind = 'theme' AND t.id = m.target_id
             ORDER BY m.target_kind = 'project' DESC, m.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let kind: String = r.get(0)?;
            let id: i64 = r.get(1)?;
            let name: Option<String> = r.get(5)?;
            let target = match kind.as_str() {
                "document" => MemoTarget::Document(name.unwrap_or_default()),
                "code" => MemoTarget::Code(name.unwrap_or_default()),
                "theme" => MemoTarget::Theme(name.unwrap_or_default()),
                "excerpt" => MemoTarget::Excerpt(id),
                _ => MemoTarget::Project,
            };
            Ok(Memo {
                target,
                text: r.get(2)?,
                coder: r.get(3)?,
                updated_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Move the memo of one code or theme to another (merges); when both have
/// one, the texts are joined so no note is lost.
pub(crate) fn move_memo(tx: &mut Tx<'_>, kind: &str, from: i64, into: i64) -> Result<()> {
    let memo = |tx: &Tx<'_>, k: i64| -> Result<Option<(i64, String)>> {
        Ok(tx
            .conn()
            .query_row(
                "SELECT id, text FROM memos WHERE target_kind = ? AND target_id = ?",
                rusqlite::params![kind, k],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    };
    match (memo(tx, from)?, memo(tx, into)?) {
        (Some((fid, _)), None) => tx.update("memos", fid, &[("target_id", &into)]),
        (Some((fid, ftext)), Some((iid, itext))) => {
            let joined = format!("{itext}\n\n{ftext}");
            tx.update("memos", iid, &[("text", &joined)])?;
            tx.delete("memos", fid)
        }
        _ => Ok(()),
    }
}

/// Write (or, with empty text, remove) the memo on a target inside a running
/// change. Returns whether a memo was written or removed.
pub(crate) fn set_memo_in(tx: &mut Tx<'_>, kind: &str, id: i64, text: &str) -> Result<bool> {
    let existing: Option<(i64, String)> = tx
        .conn()
        .prepare_cached("SELECT id, text FROM memos WHERE target_kind = ? AND target_id = ?")?
        .query_row(rusqlite::params![kind, id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let coder = tx.coder().to_owned();
    let now = tx.now().to_owned();
    match (existing, text.is_empty()) {
        (Some((m, _)), true) => tx.delete("memos", m)?,
        (Some((_, old)), false) if old == text => return Ok(false),
        (Some((m, _)), false) => tx.update(
            "memos",
            m,
            &[("text", &text), ("coder", &coder), ("updated_at", &now)],
        )?,
        (None, false) => {
            tx.insert(
                "memos",
                &[
                    ("target_kind", &kind),
                    ("target_id", &id),
                    ("text", &text),
                    ("coder", &coder),
                    ("updated_at", &now),
                ],
            )?;
        }
        (None, true) => return Ok(false),
    }
    Ok(true)
}

pub(crate) fn delete_memo_of(tx: &mut Tx<'_>, kind: &str, id: i64) -> Result<()> {
    let memo: Option<i64> = tx
        .conn()
        .query_row(
            "SELECT id FROM memos WHERE target_kind = ? AND target_id = ?",
            rusqlite::params![kind, id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(m) = memo {
        tx.delete("memos", m)?;
    }
    Ok(())
}

pub fn describe(target: &MemoTarget) -> String {
    match target {
        MemoTarget::Project => "the project".into(),
        MemoTarget::Document(d) => format!("document {d}"),
        MemoTarget::Code(c) => format!("code \"{c}\""),
        MemoTarget::Theme(t) => format!("theme \"{t}\""),
        MemoTarget::Excerpt(e) => format!("excerpt {e}"),
    }
}
