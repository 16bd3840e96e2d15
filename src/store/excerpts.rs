//! Excerpts and coding: apply a code to a span, remove codes, list excerpts.

use super::batch::{Item, code_span};
use super::codes::create_code_in;
use super::{Project, Tx, not_found};
use crate::error::{Error, Result};
use crate::model::{Excerpt, Span};
use rusqlite::OptionalExtension;
use std::collections::HashMap;

// The listing queries, named so the query-plan test can check each of them
// uses an index: none may scan excerpts or excerpt_codes whole.

/// One document's excerpts in position order (the index order).
const SQL_BY_DOC: &str = "SELECT e.id, e.start, e.end, e.text, e.coder, e.orphan, e.created_at
     FROM excerpts e WHERE e.document_id = ?1 ORDER BY e.start, e.end, e.id";
/// The code links of one document's excerpts, in the order they were made.
const SQL_LINKS_OF_DOC: &str = "SELECT ec.excerpt_id, ec.code_id
     FROM excerpts e JOIN excerpt_codes ec ON ec.excerpt_id = e.id
     WHERE e.document_id = ?1 ORDER BY ec.id";
/// The excerpts of one code.
const SQL_BY_CODE: &str =
    "SELECT e.id, e.start, e.end, e.text, e.coder, e.orphan, e.created_at, e.document_id
     FROM excerpt_codes f JOIN excerpts e ON e.id = f.excerpt_id
     WHERE f.code_id = ?1";
/// The excerpts of one code in one document.
const SQL_BY_CODE_AND_DOC: &str =
    "SELECT e.id, e.start, e.end, e.text, e.coder, e.orphan, e.created_at, e.document_id
     FROM excerpt_codes f JOIN excerpts e ON e.id = f.excerpt_id
     WHERE f.code_id = ?1 AND e.document_id = ?2";
/// The codes of one excerpt, in the order they were applied.
const SQL_LINKS_OF_EXCERPT: &str =
    "SELECT code_id FROM excerpt_codes WHERE excerpt_id = ?1 ORDER BY id";

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
        let mut code = super::codes::valid_name(code)?;
        // Every check happens inside the write transaction, so a concurrent
        // re-import cannot change a text between the check and the write;
        // the first bad span drops `tx`, which rolls everything back.
        let mut tx = self.begin()?;
        let mut texts: HashMap<String, (i64, String)> = HashMap::new();
        // An existing code in another case or Unicode form is this code.
        let (code_key, code_created) = match super::codes::find_name(tx.conn(), "codes", &code)? {
            Some((k, stored)) => {
                super::codes::ensure_codable(tx.conn(), k)?;
                code = stored;
                (k, false)
            }
            None => (create_code_in(&mut tx, &code, "", None, None)?, true),
        };
        let mut applied = Vec::with_capacity(spans.len());
        let mut seen = std::collections::HashSet::new();
        for (doc, span) in spans {
            if !texts.contains_key(doc) {
                // Document ids are compared without case (`p01` is `P01`).
                let (dkey, _) = super::codes::find_name(tx.conn(), "documents", doc)?
                    .ok_or_else(|| not_found("document", doc, "thema docs"))?;
                let text: String = tx.conn().query_row(
                    "SELECT t.text FROM documents d JOIN texts t ON t.id = d.text_id WHERE d.id = ?",
                    [dkey],
                    |r| r.get(0),
                )?;
                let row = (dkey, text);
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
        let seen = self.data_version()?;
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
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.uncode(excerpt, code);
        }
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
        let seen = self.data_version()?;
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
        super::orphans::refuse_orphan(self.conn(), excerpt)?;
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
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.respan_excerpt(excerpt, span);
        }
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
        let mut out = Vec::new();
        self.for_each_excerpt(filter, |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    /// Call `f` with each excerpt matching the filter, by document (natural
    /// order) then position, without holding them all: listings stream
    /// through this. The filters are in the SQL and use the indexes: a
    /// document filter reads that document's excerpts only, a code filter
    /// that code's links only (see the query-plan test below).
    pub fn for_each_excerpt(
        &self,
        filter: &ExcerptFilter,
        mut f: impl FnMut(Excerpt) -> Result<()>,
    ) -> Result<()> {
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
        // Documents, attributes and code names are small (one row per
        // document or code); excerpts and links are what must not be loaded
        // whole.
        let mut docs: Vec<(i64, String)> = self.pairs("SELECT id, name FROM documents")?;
        if let Some(k) = doc_key {
            docs.retain(|(id, _)| *id == k);
        }
        let rank = crate::text::natural_rank(docs.iter().map(|(_, n)| n.as_str()));
        docs.sort_by_cached_key(|(_, n)| rank[n.as_str()]);
        let mut attrs = self.all_attributes()?;
        let code_names: HashMap<i64, String> = self.pairs("SELECT id, name FROM codes")?;
        let names = |keys: &[i64]| -> Vec<String> {
            keys.iter()
                .filter_map(|k| code_names.get(k).cloned())
                .collect()
        };
        let read = |r: &rusqlite::Row<'_>, doc: &str, attributes: &crate::model::Attributes| {
            Ok::<_, rusqlite::Error>(Excerpt {
                id: r.get(0)?,
                doc: doc.to_owned(),
                start: r.get::<_, i64>(1)? as usize,
                end: r.get::<_, i64>(2)? as usize,
                text: r.get(3)?,
                coder: r.get(4)?,
                orphan: r.get(5)?,
                created_at: r.get(6)?,
                codes: Vec::new(),
                attributes: attributes.clone(),
            })
        };
        if let Some(code) = code_key {
            // Through the code's index: cost follows the code's excerpts, not
            // the project's. They are ordered in memory (the result is what
            // is kept, not the project), then each gets its links.
            let doc_names: HashMap<i64, &str> =
                docs.iter().map(|(k, n)| (*k, n.as_str())).collect();
            let mut rows: Vec<(usize, Excerpt)> = Vec::new();
            let mut stmt = self.conn().prepare_cached(match doc_key {
                None => SQL_BY_CODE,
                Some(_) => SQL_BY_CODE_AND_DOC,
            })?;
            let mut q = match doc_key {
                None => stmt.query([code])?,
                Some(d) => stmt.query([code, d])?,
            };
            let mut doc_attrs: HashMap<i64, crate::model::Attributes> = HashMap::new();
            while let Some(r) = q.next()? {
                let dkey: i64 = r.get(7)?;
                let Some(name) = doc_names.get(&dkey) else {
                    continue;
                };
                let a = doc_attrs
                    .entry(dkey)
                    .or_insert_with(|| attrs.remove(&dkey).unwrap_or_default());
                rows.push((rank[*name], read(r, name, a)?));
            }
            rows.sort_by_key(|(rk, e)| (*rk, e.start, e.end, e.id));
            let mut links = self.conn().prepare_cached(SQL_LINKS_OF_EXCERPT)?;
            for (_, mut e) in rows {
                let keys: Vec<i64> = links
                    .query_map([e.id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                e.codes = names(&keys);
                f(e)?;
            }
            return Ok(());
        }
        // Document by document, in the order of the (document, start, end)
        // index: rows stream straight to `f`.
        let mut links_stmt = self.conn().prepare_cached(SQL_LINKS_OF_DOC)?;
        let mut stmt = self.conn().prepare_cached(SQL_BY_DOC)?;
        for (dkey, name) in &docs {
            let mut links: HashMap<i64, Vec<i64>> = HashMap::new();
            let mut lq = links_stmt.query([dkey])?;
            while let Some(r) = lq.next()? {
                links.entry(r.get(0)?).or_default().push(r.get(1)?);
            }
            let attributes = attrs.remove(dkey).unwrap_or_default();
            let mut q = stmt.query([dkey])?;
            while let Some(r) = q.next()? {
                let mut e = read(r, name, &attributes)?;
                e.codes = names(links.get(&e.id).map(Vec::as_slice).unwrap_or(&[]));
                f(e)?;
            }
        }
        Ok(())
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
        let mut found = None;
        self.for_each_excerpt(
            &ExcerptFilter {
                doc: Some(doc),
                code: None,
            },
            |e| {
                if e.id == id {
                    found = Some(e);
                }
                Ok(())
            },
        )?;
        found.ok_or_else(|| Error::Internal(format!("excerpt {id} vanished")))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every listing query, with its parameters bound, must find its rows
    /// through an index: a `SCAN` of excerpts or excerpt_codes would make
    /// `excerpts --doc`, `--code` and `memo --excerpt` linear in the project.
    #[test]
    fn listing_queries_use_the_indexes() {
        let p = Project::in_memory().unwrap();
        for sql in [
            SQL_BY_DOC,
            SQL_LINKS_OF_DOC,
            SQL_BY_CODE,
            SQL_BY_CODE_AND_DOC,
            SQL_LINKS_OF_EXCERPT,
        ] {
            let plan = super::super::query_plan(&p, sql).unwrap();
            for table in ["excerpts", "excerpt_codes", "e", "ec", "f"] {
                assert!(
                    !plan.iter().any(|l| l.starts_with(&format!("SCAN {table} "))
                        || l == &format!("SCAN {table}")),
                    "full scan of {table} in {sql}:\n{}",
                    plan.join("\n")
                );
            }
            assert!(
                plan.iter().any(|l| l.starts_with("SEARCH")),
                "no index search in {sql}:\n{}",
                plan.join("\n")
            );
        }
    }
}
