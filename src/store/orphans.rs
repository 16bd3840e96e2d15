//! Orphaned excerpts: excerpts a re-import could not place in the new text.
//!
//! An orphan keeps its codes, memo and its copy of the old text, but its
//! offsets point into a text that is gone, so it is kept out of every place
//! that would use them: the reader, the codes pane, reports and respanning
//! leave orphans out. It is listed here instead, where the analyst either
//! re-attaches it to a span of the current text or deletes it; both are
//! ordinary changes (one event each, undoable).

use super::Project;
use crate::error::{Error, Result};
use crate::model::{Excerpt, Span};
use rusqlite::{Connection, OptionalExtension};

impl Project {
    /// Every orphaned excerpt, by document (natural order) then old position.
    pub fn orphans(&self) -> Result<Vec<Excerpt>> {
        let mut out = Vec::new();
        self.for_each_excerpt(&Default::default(), |e| {
            if e.orphan {
                out.push(e);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// Re-attach an orphan to `span` of its document's current text: the same
    /// excerpt (id, codes, coder, memo) with new offsets and a new text copy.
    /// The span is snapped and trimmed like a selection. Refused when the
    /// excerpt is not an orphan, or another excerpt has that span already.
    pub fn attach_orphan(&mut self, excerpt: i64, span: Span) -> Result<Span> {
        let tx = self.begin()?;
        let conn = tx.conn();
        let (doc_key, doc, text) = orphan_in(conn, excerpt)?;
        let span = (span.start <= span.end && span.end <= text.len())
            .then(|| crate::text::snap_span(&text, span))
            .flatten()
            .ok_or_else(|| {
                Error::hint(
                    format!(
                        "span [{}, {}) is empty or outside {doc}, which has {} bytes",
                        span.start,
                        span.end,
                        text.len()
                    ),
                    "offsets are byte offsets into the text that `thema show --json` prints",
                )
            })?;
        let other: Option<i64> = conn
            .query_row(
                "SELECT id FROM excerpts WHERE document_id = ? AND start = ? AND end = ? AND id != ?",
                rusqlite::params![doc_key, span.start as i64, span.end as i64, excerpt],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = other {
            return Err(Error::hint(
                format!("excerpt {other} has that span already"),
                format!(
                    "code excerpt {other} with the orphan's codes, then `thema orphans delete {excerpt}`"
                ),
            ));
        }
        let copy = text[span.start..span.end].to_owned();
        let mut tx = tx;
        tx.update(
            "excerpts",
            excerpt,
            &[
                ("start", &(span.start as i64)),
                ("end", &(span.end as i64)),
                ("text", &copy),
                ("orphan", &false),
            ],
        )?;
        tx.commit(
            "orphan.attach",
            &format!(
                "re-attached orphan {excerpt} to {doc} [{}, {}) \"{}\"",
                span.start,
                span.end,
                super::preview(&copy)
            ),
        )?;
        Ok(span)
    }

    /// Delete an orphan with its code links and memo.
    pub fn delete_orphan(&mut self, excerpt: i64) -> Result<()> {
        let mut tx = self.begin()?;
        let (_, doc, _) = orphan_in(tx.conn(), excerpt)?;
        let old: String =
            tx.conn()
                .query_row("SELECT text FROM excerpts WHERE id = ?", [excerpt], |r| {
                    r.get(0)
                })?;
        let links = super::codes::keys(
            &tx,
            "SELECT id FROM excerpt_codes WHERE excerpt_id = ?",
            excerpt,
        )?;
        for l in links {
            tx.delete("excerpt_codes", l)?;
        }
        super::excerpts::delete_if_uncoded(&mut tx, excerpt)?;
        tx.commit(
            "orphan.delete",
            &format!(
                "deleted orphan {excerpt} of {doc} \"{}\"",
                super::preview(&old)
            ),
        )?;
        Ok(())
    }
}

/// The document key, name and current text of an orphan, or a user error
/// when `excerpt` is not an orphan.
fn orphan_in(conn: &Connection, excerpt: i64) -> Result<(i64, String, String)> {
    let found: Option<(i64, String, String, bool)> = conn
        .query_row(
            "SELECT d.id, d.name, t.text, e.orphan FROM excerpts e
             JOIN documents d ON d.id = e.document_id JOIN texts t ON t.id = d.text_id
             WHERE e.id = ?",
            [excerpt],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    match found {
        None => Err(Error::hint(
            format!("no excerpt with id {excerpt}"),
            "see `thema orphans` for the orphaned excerpts",
        )),
        Some((_, _, _, false)) => Err(Error::hint(
            format!("excerpt {excerpt} is not an orphan"),
            "see `thema orphans` for the orphaned excerpts",
        )),
        Some((key, name, text, true)) => Ok((key, name, text)),
    }
}

/// Refuse to use an orphan's offsets (they point into a text that is gone).
pub(crate) fn refuse_orphan(conn: &Connection, excerpt: i64) -> Result<()> {
    let orphan: Option<bool> = conn
        .query_row("SELECT orphan FROM excerpts WHERE id = ?", [excerpt], |r| {
            r.get(0)
        })
        .optional()?;
    if orphan == Some(true) {
        return Err(Error::hint(
            format!("excerpt {excerpt} is an orphan: a re-import left its text out"),
            format!(
                "re-attach it with `thema orphans attach {excerpt} --span START:END`, or delete it with `thema orphans delete {excerpt}`"
            ),
        ));
    }
    Ok(())
}
