//! Windowed reads for the workbench at scale (a million excerpts): counts
//! from aggregates over the indexes, and the rows of one screen rather than
//! every row of a code. The codes pane lists a code's excerpts by document
//! (natural order) then position; it gets the per-document counts once
//! ([`Project::code_doc_counts`]) and then reads only the documents a window
//! touches ([`Project::code_excerpts_in`], by the `excerpts_by_document`
//! index). Like `views.rs`, each honours blind coding. The per-document
//! reads say `CROSS JOIN` so SQLite walks the document's excerpts and probes
//! each one's codes: left to itself it walks every link of the code instead
//! (30,000 at a million excerpts, 0.3 s; `tests/tui_window.rs` checks the plan).

use super::Project;
use super::views::CodeExcerpt;
use crate::error::Result;
use crate::model::Span;
use std::collections::HashMap;

/// A code's excerpts in one document: `?1` document, `?2` code, `?3` coder.
const COUNT_IN_DOC: &str = "SELECT count(*) FROM excerpts e CROSS JOIN excerpt_codes ec
       ON ec.excerpt_id = e.id AND ec.code_id = ?2
     WHERE e.document_id = ?1 AND e.orphan = 0 AND (?3 IS NULL OR ec.coder = ?3)";

/// [`COUNT_IN_DOC`]'s rows, by position: `?4` limit, `?5` skip.
const ROWS_IN_DOC: &str = "SELECT e.id, e.start, e.end, e.text
     FROM excerpts e CROSS JOIN excerpt_codes ec
       ON ec.excerpt_id = e.id AND ec.code_id = ?2
     WHERE e.document_id = ?1 AND e.orphan = 0 AND (?3 IS NULL OR ec.coder = ?3)
     ORDER BY e.start, e.end, e.id LIMIT ?4 OFFSET ?5";

impl Project {
    /// How many non-orphaned excerpts of each document carry `code`, keyed
    /// by document name (documents without any are absent).
    pub fn code_doc_counts(&self, code: &str) -> Result<HashMap<String, usize>> {
        let Some(key) = self.code_key(code)? else {
            return Ok(HashMap::new());
        };
        let mut stmt = self.conn().prepare_cached(
            "SELECT d.name, n FROM (
                 SELECT e.document_id AS doc, count(*) AS n
                 FROM excerpt_codes ec JOIN excerpts e ON e.id = ec.excerpt_id
                 WHERE ec.code_id = ?1 AND e.orphan = 0 AND (?2 IS NULL OR ec.coder = ?2)
                 GROUP BY e.document_id)
             JOIN documents d ON d.id = doc",
        )?;
        let rows = stmt.query_map(rusqlite::params![key, self.blind_coder()?], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many non-orphaned excerpts of `doc` carry `code`: one document's
    /// part of [`Project::code_doc_counts`], by the document's index (for
    /// updating the codes pane after a coding in that document).
    pub fn code_doc_count(&self, code: &str, doc: &str) -> Result<usize> {
        let (Some(code_key), Ok(doc_key)) = (self.code_key(code)?, self.document_key(doc)) else {
            return Ok(0);
        };
        let n: i64 = self.conn().query_row(
            COUNT_IN_DOC,
            rusqlite::params![doc_key, code_key, self.blind_coder()?],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// The excerpts of `doc` carrying `code`, by position, skipping the
    /// first `skip` and returning at most `limit` (with their text).
    pub fn code_excerpts_in(
        &self,
        code: &str,
        doc: &str,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<CodeExcerpt>> {
        let (Some(code_key), Ok(doc_key)) = (self.code_key(code)?, self.document_key(doc)) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn().prepare_cached(ROWS_IN_DOC)?;
        let rows = stmt.query_map(
            rusqlite::params![
                doc_key,
                code_key,
                self.blind_coder()?,
                limit as i64,
                skip as i64
            ],
            |r| {
                Ok(CodeExcerpt {
                    excerpt: r.get(0)?,
                    doc: doc.to_owned(),
                    span: Span::new(r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize),
                    text: r.get(3)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The number of excerpt links of a code (what `codes()` shows), kept
    /// in `code_counts`: for refreshing one row of the code list after a
    /// change.
    pub fn code_link_count(&self, code: &str) -> Result<usize> {
        let Some(key) = self.code_key(code)? else {
            return Ok(0);
        };
        let n: i64 = self.conn().query_row(
            "SELECT coalesce((SELECT excerpts FROM code_counts WHERE code_id = ?1), 0)",
            [key],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// The number of excerpts of a document (what `documents()` shows,
    /// kept in `document_counts`).
    pub fn document_excerpt_count(&self, doc: &str) -> Result<usize> {
        let key = self.document_key(doc)?;
        let n: i64 = self.conn().query_row(
            "SELECT coalesce((SELECT excerpts FROM document_counts WHERE document_id = ?1), 0)",
            [key],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// Call `f` with each document's name and text, one row at a time (a
    /// search across all documents holds one text, not all of them).
    pub fn each_document_text(&self, mut f: impl FnMut(&str, &str)) -> Result<()> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT d.name, t.text FROM documents d JOIN texts t ON t.id = d.text_id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let text = |i: usize| r.get_ref(i).and_then(|v| Ok(v.as_str()?));
            f(text(0)?, text(1)?);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The per-document reads walk the document's excerpts by their index
    /// and probe each one's code link, never every link of the code (which
    /// took 0.3 s per coding at a million excerpts before `CROSS JOIN`).
    #[test]
    fn per_document_reads_use_the_document_index() {
        let p = Project::in_memory().unwrap();
        for sql in [COUNT_IN_DOC, ROWS_IN_DOC] {
            let plan: Vec<String> = {
                let mut stmt = p
                    .conn()
                    .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                    .unwrap();
                use rusqlite::types::Value;
                let all = [
                    Value::Integer(1),
                    Value::Integer(1),
                    Value::Null,
                    Value::Integer(10),
                    Value::Integer(0),
                ];
                let n = stmt.parameter_count();
                let rows = stmt
                    .query_map(rusqlite::params_from_iter(&all[..n]), |r| {
                        r.get::<_, String>(3)
                    })
                    .unwrap();
                rows.collect::<rusqlite::Result<_>>().unwrap()
            };
            assert!(plan[0].contains("excerpts_by_document"), "{sql}: {plan:?}");
            assert!(
                plan.iter().all(|s| !s.contains("excerpt_codes_by_code")),
                "{sql}: {plan:?}"
            );
        }
    }
}
