//! Excerpts and coding: apply a code to a span, remove codes, list excerpts.

use super::batch::{Item, code_span};
use super::codes::create_code_in;
use super::{Project, Tx, not_found};
use crate::error::{Error, Result};
use crate::model::{Excerpt, Span};
use rusqlite::OptionalExtension;
use std::collections::HashMap;

/// The result of applying a code to one span.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    pub excerpt: i64,
    pub doc: String,
    pub span: Span,
    /// A new excerpt was created (false: the span was an excerpt already).
    pub new_excerpt: bool,
    /// The excerpt already carried the code; nothing changed.
    pub already: bool,
}

/// Which excerpts to list; all fields empty lists everything.
#[derive(Debug, Clone, Default)]
pub struct ExcerptFilter {
    pub doc: Option<String>,
    pub code: Option<String>,
}

/// What a coding action did, for messages and tests.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Coding {
    pub code: String,
    pub code_created: bool,
    pub applied: Vec<Applied>,
}

impl Project {
    /// Code one span of a document. A code name that does not exist yet is
    /// created (inductive coding); a span that is an excerpt already gets the
    /// code added. The span is snapped to grapheme boundaries and trimmed.
    pub fn apply_code(&mut self, doc: &str, span: Span, code: &str) -> Result<Coding> {
        self.apply_code_spans(code, &[(doc.to_owned(), span)])
    }

    /// Code a few spans with one code, as one change, reporting each span.
    /// Spans are snapped to grapheme boundaries and trimmed like a selection.
    /// For large batches (autocoding, imports) use [`Project::apply_batch`],
    /// which streams and keeps no per-span report.
    pub fn apply_code_spans(&mut self, code: &str, spans: &[(String, Span)]) -> Result<Coding> {
        let code = super::codes::valid_name(code)?.to_owned();
        // Every check happens inside the write transaction, so a concurrent
        // re-import cannot change a text between the check and the write;
        // the first bad span drops `tx`, which rolls everything back.
        let mut tx = self.begin()?;
        let mut texts: HashMap<String, (i64, String)> = HashMap::new();
        let (code_key, code_created) = match tx
            .conn()
            .query_row("SELECT id FROM codes WHERE name = ?", [&code], |r| {
                r.get::<_, i64>(0)
            })
            .optional()?
        {
            Some(k) => (k, false),
            None => (create_code_in(&mut tx, &code, "", None, None)?, true),
        };
        let mut applied = Vec::with_capacity(spans.len());
        let mut seen = std::collections::HashSet::new();
        for (doc, span) in spans {
            if !texts.contains_key(doc) {
                let row: Option<(i64, String)> = tx
                    .conn()
                    .query_row(
                        "SELECT d.id, t.text FROM documents d JOIN texts t ON t.id = d.text_id WHERE d.name = ?",
                        [doc],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                let row = row.ok_or_else(|| not_found("document", doc, "thema docs"))?;
                texts.insert(doc.clone(), row);
            }
            let (key, text) = &texts[doc];
            if span.start > span.end || span.end > text.len() {
                return Err(Error::hint(
                    format!(
                        "span [{}, {}) is outside {doc}, which has {} bytes",
                        span.start,
                        span.end,
                        text.len()
                    ),
                    "offsets are byte offsets into the text that `thema show --json` prints",
                ));
            }
            let snapped = crate::text::snap_span(text, *span).ok_or_else(|| {
                Error::user(format!(
                    "span [{}, {}) of {doc} holds only whitespace",
                    span.start, span.end
                ))
            })?;
            if !seen.insert((*key, snapped)) {
                continue;
            }
            let item = Item {
                keys: &[code_key],
                memo: None,
                coder: None,
                created_at: None,
            };
            let w = code_span(&mut tx, *key, text, snapped, &item)?;
            applied.push(Applied {
                excerpt: w.excerpt,
                doc: doc.clone(),
                span: snapped,
                new_excerpt: w.new_excerpt,
                already: w.added == 0,
            });
        }
        let new = applied.iter().filter(|a| !a.already).count();
        let summary = match applied.as_slice() {
            [one] => format!(
                "coded {} [{}, {}) \"{}\" as \"{code}\"",
                one.doc,
                one.span.start,
                one.span.end,
                preview(&texts[&one.doc].1[one.span.start..one.span.end])
            ),
            _ => format!("coded {new} span(s) as \"{code}\""),
        };
        tx.commit("code.apply", &summary)?;
        Ok(Coding {
            code,
            code_created,
            applied,
        })
    }

    /// Remove one code (or, with `None`, every code) from an excerpt. An
    /// excerpt left without codes is deleted; undo brings it back.
    pub fn uncode(&mut self, excerpt: i64, code: Option<&str>) -> Result<()> {
        let exists: Option<i64> = self
            .conn()
            .query_row("SELECT id FROM excerpts WHERE id = ?", [excerpt], |r| {
                r.get(0)
            })
            .optional()?;
        if exists.is_none() {
            return Err(Error::hint(
                format!("no excerpt with id {excerpt}"),
                "see `thema excerpts` for ids",
            ));
        }
        let links: Vec<(i64, String)> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT ec.id, c.name FROM excerpt_codes ec JOIN codes c ON c.id = ec.code_id WHERE ec.excerpt_id = ?",
            )?;
            let rows = stmt.query_map([excerpt], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let targets: Vec<&(i64, String)> = match code {
            None => links.iter().collect(),
            Some(c) => {
                let hit: Vec<_> = links.iter().filter(|(_, n)| n == c).collect();
                if hit.is_empty() {
                    let names: Vec<&str> = links.iter().map(|(_, n)| n.as_str()).collect();
                    return Err(Error::hint(
                        format!("excerpt {excerpt} is not coded \"{c}\""),
                        format!("its codes: {}", names.join(", ")),
                    ));
                }
                hit
            }
        };
        let mut tx = self.begin()?;
        for (link, _) in &targets {
            tx.delete("excerpt_codes", *link)?;
        }
        delete_if_uncoded(&mut tx, excerpt)?;
        let names: Vec<&str> = targets.iter().map(|(_, n)| n.as_str()).collect();
        tx.commit(
            "code.remove",
            &format!(
                "removed \"{}\" from excerpt {excerpt}",
                names.join("\", \"")
            ),
        )?;
        Ok(())
    }

    /// Widen or narrow an excerpt to `span` of its document, as one change:
    /// the same excerpt (id, codes, coder, memo), a new extent and text copy.
    /// Refused when the span is empty, outside the document, or already
    /// another excerpt's (code that one instead).
    pub fn respan_excerpt(&mut self, excerpt: i64, span: Span) -> Result<Span> {
        let found: Option<(i64, String)> = self
            .conn()
            .query_row(
                "SELECT e.document_id, t.text FROM excerpts e
                 JOIN documents d ON d.id = e.document_id JOIN texts t ON t.id = d.text_id
                 WHERE e.id = ?",
                [excerpt],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((doc, text)) = found else {
            return Err(Error::hint(
                format!("no excerpt with id {excerpt}"),
                "see `thema excerpts` for ids",
            ));
        };
        let span = (span.start <= span.end && span.end <= text.len())
            .then(|| crate::text::snap_span(&text, span))
            .flatten()
            .ok_or_else(|| {
                Error::user(format!(
                    "span [{}, {}) is empty or outside the document",
                    span.start, span.end
                ))
            })?;
        let other: Option<i64> = self
            .conn()
            .query_row(
                "SELECT id FROM excerpts WHERE document_id = ? AND start = ? AND end = ? AND id != ?",
                rusqlite::params![doc, span.start as i64, span.end as i64, excerpt],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = other {
            return Err(Error::hint(
                format!("excerpt {other} has that span already"),
                "code that excerpt instead",
            ));
        }
        let copy = &text[span.start..span.end];
        let mut tx = self.begin()?;
        tx.update(
            "excerpts",
            excerpt,
            &[
                ("start", &(span.start as i64)),
                ("end", &(span.end as i64)),
                ("text", &copy),
            ],
        )?;
        tx.commit(
            "excerpt.respan",
            &format!(
                "excerpt {excerpt} now [{}, {}) \"{}\"",
                span.start,
                span.end,
                preview(copy)
            ),
        )?;
        Ok(span)
    }

    /// Excerpts matching the filter, by document (natural order) then position.
    pub fn excerpts(&self, filter: &ExcerptFilter) -> Result<Vec<Excerpt>> {
        let mut attrs = self.all_attributes()?;
        let doc_key = match &filter.doc {
            Some(d) => Some(self.document_key(d)?),
            None => None,
        };
        let code_key = match &filter.code {
            Some(c) => Some(
                self.code_key(c)?
                    .ok_or_else(|| not_found("code", c, "thema codes"))?,
            ),
            None => None,
        };
        // Document names come from a separate small query: joining the
        // documents table per excerpt would walk rows that hold whole texts.
        let doc_names: HashMap<i64, String> = self.pairs("SELECT id, name FROM documents")?;
        let code_names: HashMap<i64, String> = self.pairs("SELECT id, name FROM codes")?;
        // One pass over the links, grouped per excerpt, keeps this linear.
        let mut links: HashMap<i64, Vec<i64>> = HashMap::new();
        {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT excerpt_id, code_id FROM excerpt_codes ORDER BY id")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                links.entry(r.get(0)?).or_default().push(r.get(1)?);
            }
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT e.id, e.document_id, e.start, e.end, e.text, e.coder, e.orphan, e.created_at
             FROM excerpts e WHERE (?1 IS NULL OR e.document_id = ?1)",
        )?;
        let mut rows = stmt.query([doc_key])?;
        let mut doc_attrs: HashMap<i64, crate::model::Attributes> = HashMap::new();
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let codes = links.get(&id).map(Vec::as_slice).unwrap_or(&[]);
            if code_key.is_some_and(|k| !codes.contains(&k)) {
                continue;
            }
            let dkey: i64 = r.get(1)?;
            let Some(doc) = doc_names.get(&dkey) else {
                continue;
            };
            let attributes = doc_attrs
                .entry(dkey)
                .or_insert_with(|| attrs.remove(&dkey).unwrap_or_default())
                .clone();
            out.push(Excerpt {
                id,
                doc: doc.clone(),
                start: r.get::<_, i64>(2)? as usize,
                end: r.get::<_, i64>(3)? as usize,
                text: r.get(4)?,
                coder: r.get(5)?,
                orphan: r.get(6)?,
                created_at: r.get(7)?,
                codes: codes
                    .iter()
                    .filter_map(|k| code_names.get(k).cloned())
                    .collect(),
                attributes,
            });
        }
        // Rank documents once: natural_cmp per comparison would dominate at
        // 100,000 excerpts.
        let rank = crate::text::natural_rank(out.iter().map(|e| e.doc.as_str()));
        out.sort_by_cached_key(|e| (rank[&e.doc], e.start, e.end, e.id));
        Ok(out)
    }

    /// One excerpt by id.
    pub fn excerpt(&self, id: i64) -> Result<Excerpt> {
        let doc: Option<String> = self
            .conn()
            .query_row(
                "SELECT d.name FROM excerpts e JOIN documents d ON d.id = e.document_id WHERE e.id = ?",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let doc = doc.ok_or_else(|| {
            Error::hint(format!("no excerpt with id {id}"), "see `thema excerpts`")
        })?;
        self.excerpts(&ExcerptFilter {
            doc: Some(doc),
            code: None,
        })?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or_else(|| Error::Internal(format!("excerpt {id} vanished")))
    }
}

/// Delete an excerpt (and its memo) once no code is attached to it.
pub(crate) fn delete_if_uncoded(tx: &mut Tx<'_>, excerpt: i64) -> Result<()> {
    let left: i64 = tx.conn().query_row(
        "SELECT count(*) FROM excerpt_codes WHERE excerpt_id = ?",
        [excerpt],
        |r| r.get(0),
    )?;
    if left == 0 {
        super::memos::delete_memo_of(tx, "excerpt", excerpt)?;
        tx.delete("excerpts", excerpt)?;
    }
    Ok(())
}

/// The first few words of a text, for one-line summaries.
pub fn preview(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 60 {
        flat
    } else {
        let cut: String = flat.chars().take(57).collect();
        format!("{cut}…")
    }
}
