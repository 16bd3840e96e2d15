//! The read-only snapshot inter-coder agreement is computed from: every
//! document with its text and attributes, the code tree, the themes, and every
//! (document, code, coder, span) coding decision. Read in a handful of ordered
//! queries so agreement over 2,000 documents and 100,000s of excerpts stays a
//! matter of milliseconds of I/O; the statistics live in `analysis::agreement`.

use super::Project;
use crate::error::Result;
use crate::model::{Attributes, Code, Theme};

/// One document with its stored text (what char offsets refer to).
#[derive(Debug, Clone)]
pub struct AgreementDoc {
    pub key: i64,
    pub name: String,
    pub text: String,
    pub attributes: Attributes,
}

/// One coder's decision to apply a code to a span of a document. The coder is
/// the one who applied the code (`excerpt_codes.coder`), which is who made
/// that decision even when the span was first marked by someone else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoderSpan {
    pub doc: i64,
    pub code: i64,
    pub coder: String,
    pub start: usize,
    pub end: usize,
}

/// Everything `thema agreement` needs. Orphaned excerpts are left out: their
/// offsets no longer refer to the document's text.
#[derive(Debug, Clone, Default)]
pub struct AgreementData {
    /// Documents in natural order of their ids.
    pub docs: Vec<AgreementDoc>,
    /// Codes in tree order.
    pub codes: Vec<Code>,
    /// Themes in the analyst's order, parents before subthemes.
    pub themes: Vec<Theme>,
    pub codings: Vec<CoderSpan>,
}

impl Project {
    /// Read the agreement snapshot (see [`AgreementData`]).
    pub fn agreement_data(&self) -> Result<AgreementData> {
        let mut attrs = self.all_attributes()?;
        let mut docs: Vec<AgreementDoc> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT d.id, d.name, t.text FROM documents d JOIN texts t ON t.id = d.text_id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
            let mut v = Vec::new();
            for row in rows {
                let (key, name, text) = row?;
                v.push(AgreementDoc {
                    key,
                    name,
                    text,
                    attributes: attrs.remove(&key).unwrap_or_default(),
                });
            }
            v
        };
        let rank = crate::text::natural_rank(docs.iter().map(|d| d.name.as_str()));
        docs.sort_by_key(|d| rank[&d.name]);
        let codings: Vec<CoderSpan> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT e.document_id, ec.code_id, ec.coder, e.start, e.end
                 FROM excerpt_codes ec JOIN excerpts e ON e.id = ec.excerpt_id
                 WHERE e.orphan = 0",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(CoderSpan {
                    doc: r.get(0)?,
                    code: r.get(1)?,
                    coder: r.get(2)?,
                    start: r.get::<_, i64>(3)? as usize,
                    end: r.get::<_, i64>(4)? as usize,
                })
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        Ok(AgreementData {
            docs,
            codes: self.codes()?,
            themes: self.themes()?,
            codings,
        })
    }
}
