//! Documents and their attributes: listing, reading, importing, replacing.

use super::Project;
use crate::error::{Error, Result};
use crate::model::{Attributes, Document, DocumentSummary, Span};
use rusqlite::OptionalExtension;
use std::collections::HashMap;

/// A write-up ready to store: text already decoded and normalized.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub id: String,
    pub text: String,
    pub sha256: String,
    pub attributes: Attributes,
    pub source: Option<String>,
}

/// What happened to the excerpts of one replaced document.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ReplaceReport {
    pub doc: String,
    /// Excerpts whose span did not change.
    pub kept: usize,
    /// Excerpts that were found again at another place (id, old, new).
    pub moved: Vec<(i64, Span, Span)>,
    /// Excerpts whose text is gone from the new version (id, text).
    pub orphaned: Vec<(i64, String)>,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ImportOutcome {
    pub imported: Vec<String>,
    pub replaced: Vec<ReplaceReport>,
    pub unchanged: Vec<String>,
    /// Documents already present whose attributes changed (text or not).
    pub attributes_updated: Vec<String>,
}

/// Every document with its excerpt count, kept in `document_counts` (one
/// key lookup per document; counting the excerpts took 0.25 s at a
/// million).
const LIST: &str = "SELECT d.id, d.name, d.chars, coalesce(n.excerpts, 0)
     FROM documents d LEFT JOIN document_counts n ON n.document_id = d.id";

impl Project {
    /// The row of document `id`, compared without case (`p01` finds `P01`).
    pub(crate) fn document_key(&self, id: &str) -> Result<i64> {
        Ok(super::codes::find_name(self.conn(), "documents", id)?
            .ok_or_else(|| super::not_found("document", id, "thema docs"))?
            .0)
    }

    /// Attributes of every document, keyed by the document's row id.
    pub(crate) fn all_attributes(&self) -> Result<HashMap<i64, Attributes>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT document_id, key, value FROM attributes")?;
        let mut rows = stmt.query([])?;
        let mut out: HashMap<i64, Attributes> = HashMap::new();
        while let Some(r) = rows.next()? {
            out.entry(r.get(0)?)
                .or_default()
                .insert(r.get(1)?, r.get(2)?);
        }
        Ok(out)
    }

    /// All documents in natural order of their ids (P2 before P10).
    pub fn documents(&self) -> Result<Vec<DocumentSummary>> {
        let mut attrs = self.all_attributes()?;
        let mut stmt = self.conn().prepare_cached(LIST)?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (key, id, chars, excerpts) = row?;
            out.push(DocumentSummary {
                id,
                attributes: attrs.remove(&key).unwrap_or_default(),
                chars: chars as usize,
                excerpts: excerpts as usize,
            });
        }
        out.sort_by(|a, b| crate::text::natural_cmp(&a.id, &b.id));
        Ok(out)
    }

    /// One document with its full text.
    pub fn document(&self, id: &str) -> Result<Document> {
        let key = self.document_key(id)?;
        let mut doc = self.conn().query_row(
            "SELECT d.name, t.text, d.sha256, d.source, d.imported_at
             FROM documents d JOIN texts t ON t.id = d.text_id WHERE d.id = ?",
            [key],
            |r| {
                Ok(Document {
                    id: r.get(0)?,
                    text: r.get(1)?,
                    sha256: r.get(2)?,
                    source: r.get(3)?,
                    imported_at: r.get(4)?,
                    attributes: Attributes::new(),
                })
            },
        )?;
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT key, value FROM attributes WHERE document_id = ?")?;
        let rows = stmt.query_map([key], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for kv in rows {
            let (k, v) = kv?;
            doc.attributes.insert(k, v);
        }
        Ok(doc)
    }

    pub fn has_document(&self, id: &str) -> Result<bool> {
        Ok(super::codes::find_name(self.conn(), "documents", id)?.is_some())
    }

    /// Store a batch of documents in one transaction. Ids that exist already
    /// are refused unless `replace`, which swaps in the new text and re-anchors
    /// every excerpt of the old one (see [`crate::text::reanchor`]).
    pub fn import(&mut self, mut docs: Vec<NewDocument>, replace: bool) -> Result<ImportOutcome> {
        let seen = self.data_version()?;
        // Ids are compared without case: one pass over the stored ids, and a
        // document that exists as `P01` keeps that id when `p01` comes in.
        let stored: HashMap<String, String> = {
            let mut stmt = self.conn().prepare_cached("SELECT name FROM documents")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.map(|n| n.map(|n| (crate::text::name::key(&n), n)))
                .collect::<rusqlite::Result<_>>()?
        };
        let mut existing = Vec::new();
        for d in &mut docs {
            if let Some(name) = stored.get(&crate::text::name::key(&d.id)) {
                d.id = name.clone();
                existing.push(d.id.clone());
            }
        }
        if !existing.is_empty() && !replace {
            return Err(Error::hint(
                format!("already in the project: {}", existing.join(", ")),
                "re-import them with --replace (excerpts are re-anchored), or give the files other ids",
            ));
        }
        let mut outcome = ImportOutcome::default();
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.import(docs, replace);
        }
        for d in docs {
            let now = tx.now().to_owned();
            let old: Option<(i64, String, String)> = tx
                .conn()
                .query_row(
                    "SELECT d.id, t.text, d.sha256 FROM documents d JOIN texts t ON t.id = d.text_id
                     WHERE d.name = ?",
                    [&d.id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let text_id = store_text(&tx, &d.sha256, &d.text)?;
            let chars = d.text.chars().count() as i64;
            let key = match &old {
                None => {
                    let key = tx.insert(
                        "documents",
                        &[
                            ("name", &d.id),
                            ("text_id", &text_id),
                            ("sha256", &d.sha256),
                            ("chars", &chars),
                            ("source", &d.source),
                            ("imported_at", &now),
                        ],
                    )?;
                    outcome.imported.push(d.id.clone());
                    key
                }
                Some((key, old_text, old_sha)) => {
                    if *old_sha != d.sha256 {
                        tx.update(
                            "documents",
                            *key,
                            &[
                                ("text_id", &text_id),
                                ("sha256", &d.sha256),
                                ("chars", &chars),
                                ("source", &d.source),
                                ("imported_at", &now),
                            ],
                        )?;
                        outcome
                            .replaced
                            .push(reanchor_document(&mut tx, *key, &d.id, old_text, &d.text)?);
                    } else {
                        outcome.unchanged.push(d.id.clone());
                    }
                    *key
                }
            };
            if sync_attributes(&mut tx, key, &d.attributes)? && old.is_some() {
                outcome.attributes_updated.push(d.id.clone());
            }
        }
        let summary = match (outcome.imported.len(), outcome.replaced.len()) {
            (0, 0) if !outcome.attributes_updated.is_empty() => format!(
                "updated the attributes of {} document(s): {}",
                outcome.attributes_updated.len(),
                abbreviate(&outcome.attributes_updated)
            ),
            (0, 0) => format!(
                "re-imported {} unchanged document(s)",
                outcome.unchanged.len()
            ),
            (n, 0) => format!(
                "imported {n} document(s): {}",
                abbreviate(&outcome.imported)
            ),
            (0, m) => format!(
                "re-imported {m} document(s): {}",
                abbreviate(&ids(&outcome.replaced))
            ),
            (n, m) => format!("imported {n} and re-imported {m} document(s)"),
        };
        tx.commit("import", &summary)?;
        Ok(outcome)
    }

    /// Set or remove (empty value) one attribute of a document.
    pub fn set_attribute(&mut self, doc: &str, key: &str, value: &str) -> Result<()> {
        self.set_attributes(doc, &[(key.to_owned(), value.to_owned())])
    }

    /// Set or remove (empty value) attributes of a document, as one change:
    /// all of them or, when one is refused, none.
    pub fn set_attributes(&mut self, doc: &str, pairs: &[(String, String)]) -> Result<()> {
        let seen = self.data_version()?;
        for (key, value) in pairs {
            check_attribute(key, value)?;
        }
        let dkey = self.document_key(doc)?;
        let mut attrs = self.document(doc)?.attributes;
        for (key, value) in pairs {
            if value.is_empty() {
                attrs.remove(key);
            } else {
                attrs.insert(key.to_owned(), value.to_owned());
            }
        }
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.set_attributes(doc, pairs);
        }
        sync_attributes(&mut tx, dkey, &attrs)?;
        let what: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k} = \"{v}\""))
            .collect();
        tx.commit(
            "attribute.set",
            &format!("set {} on {doc}", what.join(", ")),
        )?;
        Ok(())
    }
}

/// Refuse control characters in an attribute (a key is one line; a value may
/// hold line breaks and tabs): they would act on the terminal of whoever
/// lists the documents. Import applies the same rule to front matter.
pub fn check_attribute(key: &str, value: &str) -> Result<()> {
    use crate::text::{Safe, is_unsafe};
    let bad = key.chars().find(|&c| is_unsafe(c)).or_else(|| {
        value
            .chars()
            .find(|&c| is_unsafe(c) && c != '\n' && c != '\t')
    });
    match bad {
        None => Ok(()),
        Some(c) => Err(Error::hint(
            format!(
                "the attribute {}={} contains a control character ({})",
                Safe(key),
                Safe(value),
                c.escape_unicode()
            ),
            "remove it; attribute values are plain text",
        )),
    }
}

/// Store a text once (texts are content-addressed and never change) and
/// return its row id. Not logged as a row change: see schema.sql.
pub(crate) fn store_text(tx: &super::Tx<'_>, sha256: &str, text: &str) -> Result<i64> {
    tx.conn()
        .prepare_cached("INSERT OR IGNORE INTO texts (sha256, text) VALUES (?, ?)")?
        .execute([sha256, text])?;
    Ok(tx
        .conn()
        .prepare_cached("SELECT id FROM texts WHERE sha256 = ?")?
        .query_row([sha256], |r| r.get(0))?)
}

fn ids(r: &[ReplaceReport]) -> Vec<String> {
    r.iter().map(|r| r.doc.clone()).collect()
}

fn abbreviate(ids: &[String]) -> String {
    if ids.len() <= 6 {
        ids.join(", ")
    } else {
        format!("{}, … ({} more)", ids[..5].join(", "), ids.len() - 5)
    }
}

/// Make the stored attributes of a document equal to `wanted`; true when
/// anything changed.
pub(crate) fn sync_attributes(
    tx: &mut super::Tx<'_>,
    doc_key: i64,
    wanted: &Attributes,
) -> Result<bool> {
    let current: Vec<(i64, String, String)> = {
        let mut stmt = tx
            .conn()
            .prepare_cached("SELECT id, key, value FROM attributes WHERE document_id = ?")?;
        let rows = stmt.query_map([doc_key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut changed = false;
    for (id, k, v) in &current {
        match wanted.get(k) {
            None => tx.delete("attributes", *id)?,
            Some(w) if w != v => tx.update("attributes", *id, &[("value", w)])?,
            _ => continue,
        }
        changed = true;
    }
    let have: std::collections::HashSet<&str> =
        current.iter().map(|(_, k, _)| k.as_str()).collect();
    for (k, v) in wanted {
        if !have.contains(k.as_str()) {
            tx.insert(
                "attributes",
                &[("document_id", &doc_key), ("key", k), ("value", v)],
            )?;
            changed = true;
        }
    }
    Ok(changed)
}

fn reanchor_document(
    tx: &mut super::Tx<'_>,
    doc_key: i64,
    doc: &str,
    old_text: &str,
    new_text: &str,
) -> Result<ReplaceReport> {
    let excerpts: Vec<(i64, usize, usize, String, bool)> = {
        let mut stmt = tx.conn().prepare_cached(
            "SELECT id, start, end, text, orphan FROM excerpts WHERE document_id = ?",
        )?;
        let rows = stmt.query_map([doc_key], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, i64>(1)? as usize,
                r.get::<_, i64>(2)? as usize,
                r.get(3)?,
                r.get(4)?,
            ))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut report = ReplaceReport {
        doc: doc.to_owned(),
        ..Default::default()
    };
    for (id, start, end, text, orphan) in excerpts {
        let old_span = Span::new(start, end);
        let context = if orphan { None } else { Some(old_text) };
        match crate::text::reanchor(context, new_text, old_span, &text) {
            Some(span) if span == old_span && !orphan => report.kept += 1,
            Some(span) => {
                // The stored copy follows the new text (re-wrapping may have
                // changed its whitespace) so the copy always equals the span.
                let copy = &new_text[span.start..span.end];
                tx.update(
                    "excerpts",
                    id,
                    &[
                        ("start", &(span.start as i64)),
                        ("end", &(span.end as i64)),
                        ("text", &copy),
                        ("orphan", &false),
                    ],
                )?;
                report.moved.push((id, old_span, span));
            }
            None => {
                tx.update("excerpts", id, &[("orphan", &true)])?;
                report.orphaned.push((id, text));
            }
        }
    }
    Ok(report)
}

impl Project {
    /// Every document's id and text, in natural order of ids (for autocoding
    /// and search across the corpus in one query).
    pub fn document_texts(&self) -> Result<Vec<(String, String)>> {
        let mut out: Vec<(String, String)> =
            self.pairs("SELECT d.name, t.text FROM documents d JOIN texts t ON t.id = d.text_id")?;
        out.sort_by(|a, b| crate::text::natural_cmp(&a.0, &b.0));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_list_reads_kept_counts_by_key() {
        let p = super::Project::in_memory().unwrap();
        let plan = super::super::query_plan(&p, super::LIST)
            .unwrap()
            .join("; ");
        assert!(plan.contains("INTEGER PRIMARY KEY"), "{plan}");
        assert!(!plan.contains("excerpts"), "{plan}");
    }
}
