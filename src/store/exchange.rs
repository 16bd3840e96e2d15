//! Whole-project exchange: storing a project read from another tool
//! (REFI-QDA `.qdpx`) and reading everything an export needs.
//!
//! An import is one [`Tx`] and one event, like every import: documents with
//! their attributes, the codebook (codes the project has already are reused,
//! as `codebook import --merge` would), excerpts with their codings and
//! coders, and memos. Anything that clashes (a document id the project has)
//! refuses the whole import before a row is written.

use super::codebook::write_codebook_in;
use super::documents::{store_text, sync_attributes};
use super::{NewDocument, Project, Tx};
use crate::codebook::Codebook;
use crate::error::{Error, Result};
use rusqlite::OptionalExtension;
use std::collections::HashMap;

/// One excerpt of an imported project: a span of `documents[doc]`.
#[derive(Debug, Clone)]
pub struct NewExcerpt {
    pub doc: usize,
    pub start: usize,
    pub end: usize,
    pub coder: String,
    pub created_at: Option<String>,
    pub codes: Vec<NewCoding>,
}

/// One code applied to an excerpt, by whom and when.
#[derive(Debug, Clone)]
pub struct NewCoding {
    pub code: String,
    pub coder: String,
    pub created_at: Option<String>,
}

/// Where an imported memo goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MemoOn {
    Project,
    Document(usize),
    Code(String),
    Theme(String),
    Excerpt(usize),
}

#[derive(Debug, Clone)]
pub struct NewMemo {
    pub on: MemoOn,
    pub text: String,
    pub coder: String,
}

/// A whole project read from a file, ready to store.
#[derive(Debug, Clone, Default)]
pub struct ProjectImport {
    pub documents: Vec<NewDocument>,
    pub codebook: Codebook,
    pub excerpts: Vec<NewExcerpt>,
    pub memos: Vec<NewMemo>,
}

/// What storing a project import did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ProjectImported {
    pub documents: usize,
    pub codes_added: usize,
    /// Codes of the file the project had already (excerpts use them).
    pub codes_reused: Vec<String>,
    pub themes_added: usize,
    pub excerpts: usize,
    pub codings: usize,
    pub memos: usize,
    pub conflicts: Vec<String>,
}

impl Project {
    /// Store a project read from another tool, all or nothing.
    pub fn import_project(&mut self, p: &ProjectImport, title: &str) -> Result<ProjectImported> {
        let seen = self.data_version()?;
        let clashes: Vec<&str> = p
            .documents
            .iter()
            .filter(|d| self.has_document(&d.id).unwrap_or(true))
            .map(|d| d.id.as_str())
            .collect();
        if !clashes.is_empty() {
            return Err(Error::hint(
                format!(
                    "already in the project: {}; nothing was imported",
                    clashes.join(", ")
                ),
                "import into a new project (`thema init other.db`), or remove those documents first",
            ));
        }
        let (codes, themes, conflicts) = self.codebook_plan(&p.codebook, true)?;
        let mut out = ProjectImported {
            documents: p.documents.len(),
            codes_added: codes.len(),
            codes_reused: p
                .codebook
                .codes
                .iter()
                .filter(|c| !codes.iter().any(|a| a.name == c.name))
                .map(|c| c.name.clone())
                .collect(),
            themes_added: themes.len(),
            conflicts,
            ..Default::default()
        };
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.import_project(p, title);
        }
        write_codebook_in(&mut tx, &codes, &themes)?;
        let code_keys: HashMap<String, i64> = {
            let mut stmt = tx.conn().prepare_cached("SELECT name, id FROM codes")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let theme_keys: HashMap<String, i64> = {
            let mut stmt = tx.conn().prepare_cached("SELECT name, id FROM themes")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut doc_keys = Vec::with_capacity(p.documents.len());
        for d in &p.documents {
            doc_keys.push(insert_document(&mut tx, d)?);
        }
        let now = tx.now().to_owned();
        let mut excerpt_keys = Vec::with_capacity(p.excerpts.len());
        // One excerpt per span and coder, as coding in thema makes them.
        let mut seen: HashMap<(i64, usize, usize, &str), i64> = HashMap::new();
        for e in &p.excerpts {
            let doc_key = doc_keys[e.doc];
            let text = &p.documents[e.doc].text;
            let copy = text.get(e.start..e.end).ok_or_else(|| {
                Error::Internal(format!("excerpt [{}, {}) outside its text", e.start, e.end))
            })?;
            let created = e.created_at.as_deref().unwrap_or(&now);
            let key = match seen.get(&(doc_key, e.start, e.end, e.coder.as_str())) {
                Some(&k) => k,
                None => {
                    let k = tx.insert(
                        "excerpts",
                        &[
                            ("document_id", &doc_key),
                            ("start", &(e.start as i64)),
                            ("end", &(e.end as i64)),
                            ("text", &copy),
                            ("coder", &e.coder),
                            ("created_at", &created),
                        ],
                    )?;
                    seen.insert((doc_key, e.start, e.end, e.coder.as_str()), k);
                    out.excerpts += 1;
                    k
                }
            };
            excerpt_keys.push(key);
            for c in &e.codes {
                let code_key = *code_keys.get(&c.code).ok_or_else(|| {
                    Error::Internal(format!("coding names unknown code \"{}\"", c.code))
                })?;
                let linked: Option<i64> = tx
                    .conn()
                    .prepare_cached(
                        "SELECT id FROM excerpt_codes WHERE excerpt_id = ? AND code_id = ?",
                    )?
                    .query_row([key, code_key], |r| r.get(0))
                    .optional()?;
                if linked.is_none() {
                    let created = c.created_at.as_deref().unwrap_or(&now);
                    tx.insert(
                        "excerpt_codes",
                        &[
                            ("excerpt_id", &key),
                            ("code_id", &code_key),
                            ("coder", &c.coder),
                            ("created_at", &created),
                        ],
                    )?;
                    out.codings += 1;
                }
            }
        }
        // Several notes on one target become one memo, in file order.
        let mut memos: Vec<((&str, i64), String, &str)> = Vec::new();
        for m in &p.memos {
            let target = match &m.on {
                MemoOn::Project => ("project", 0),
                MemoOn::Document(i) => ("document", doc_keys[*i]),
                MemoOn::Excerpt(i) => ("excerpt", excerpt_keys[*i]),
                MemoOn::Code(name) => match code_keys.get(name) {
                    Some(&k) => ("code", k),
                    None => continue,
                },
                MemoOn::Theme(name) => match theme_keys.get(name) {
                    Some(&k) => ("theme", k),
                    None => continue,
                },
            };
            match memos.iter_mut().find(|(t, _, _)| *t == target) {
                Some((_, text, _)) => {
                    text.push_str("\n\n");
                    text.push_str(m.text.trim_end());
                }
                None => memos.push((target, m.text.trim_end().to_owned(), &m.coder)),
            }
        }
        for ((kind, id), text, coder) in memos {
            add_memo(&mut tx, kind, id, &text, coder)?;
            out.memos += 1;
        }
        tx.commit(
            "import",
            &format!(
                "imported {title}: {} document(s), {} excerpt(s), {} code(s)",
                out.documents, out.excerpts, out.codes_added
            ),
        )?;
        Ok(out)
    }
}

/// Insert a new document (its id must be free) with its attributes.
pub(crate) fn insert_document(tx: &mut Tx<'_>, d: &NewDocument) -> Result<i64> {
    let now = tx.now().to_owned();
    let text_id = store_text(tx, &d.sha256, &d.text)?;
    let chars = d.text.chars().count() as i64;
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
    sync_attributes(tx, key, &d.attributes)?;
    Ok(key)
}

/// Add a memo; an existing memo on the target keeps its text and gets the
/// new one appended, so nothing the analyst wrote is overwritten.
fn add_memo(tx: &mut Tx<'_>, kind: &str, id: i64, text: &str, coder: &str) -> Result<()> {
    let now = tx.now().to_owned();
    let existing: Option<(i64, String)> = tx
        .conn()
        .query_row(
            "SELECT id, text FROM memos WHERE target_kind = ? AND target_id = ?",
            rusqlite::params![kind, id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match existing {
        Some((m, old)) => {
            let joined = format!("{old}\n\n{text}");
            tx.update("memos", m, &[("text", &joined), ("updated_at", &now)])
        }
        None => tx
            .insert(
                "memos",
                &[
                    ("target_kind", &kind),
                    ("target_id", &id),
                    ("text", &text),
                    ("coder", &coder),
                    ("updated_at", &now),
                ],
            )
            .map(|_| ()),
    }
}

/// One code on one excerpt, with who applied it and when (for export).
#[derive(Debug, Clone)]
pub struct ExcerptCoding {
    pub excerpt: i64,
    pub code: String,
    pub coder: String,
    pub created_at: String,
}

impl Project {
    /// Every coding of every excerpt, in the order they were made.
    pub fn excerpt_codings(&self) -> Result<Vec<ExcerptCoding>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT ec.excerpt_id, c.name, ec.coder, ec.created_at
             FROM excerpt_codes ec JOIN codes c ON c.id = ec.code_id ORDER BY ec.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ExcerptCoding {
                excerpt: r.get(0)?,
                code: r.get(1)?,
                coder: r.get(2)?,
                created_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// When each document was imported, by document id.
    pub fn import_times(&self) -> Result<HashMap<String, String>> {
        self.pairs("SELECT name, imported_at FROM documents")
    }
}
