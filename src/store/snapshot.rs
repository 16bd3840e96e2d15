//! The read-only snapshot the analyses count from ([`CodingData`]): documents
//! with their attributes, codes, themes, excerpt positions and the links
//! between them, read in a handful of queries (no per-excerpt lookups, so it
//! scales to 100,000 excerpts), plus the excerpt texts quotes need.

use super::Project;
use crate::error::Result;
use crate::model::{Attributes, Theme};
use std::collections::HashMap;

/// One document as the analysis sees it.
#[derive(Debug, Clone)]
pub struct DocRow {
    pub key: i64,
    pub name: String,
    pub attributes: Attributes,
}

/// One excerpt without its text (the text is fetched only for quotes).
#[derive(Debug, Clone, Copy)]
pub struct ExcerptRow {
    pub id: i64,
    pub doc: i64,
    pub start: usize,
    pub end: usize,
    pub orphan: bool,
}

/// Project-wide facts for a method section.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct CodingStats {
    pub documents: usize,
    pub codes: usize,
    pub themes: usize,
    pub excerpts: usize,
    pub orphans: usize,
    /// Distinct coders who applied a code (sorted).
    pub coders: Vec<String>,
    /// Timestamps of the first and last code application still in the project.
    pub first_coding: Option<String>,
    pub last_coding: Option<String>,
}

/// Everything the frequency and quote analyses need, read in a handful of
/// queries (no per-excerpt lookups, so it scales to 100,000 excerpts).
#[derive(Debug, Clone, Default)]
pub struct CodingData {
    pub docs: Vec<DocRow>,
    /// Codes in tree order (see [`Project::codes`]).
    pub codes: Vec<crate::model::Code>,
    /// Themes in the analyst's order, parents before subthemes.
    pub themes: Vec<Theme>,
    pub excerpts: Vec<ExcerptRow>,
    /// (excerpt id, code key)
    pub links: Vec<(i64, i64)>,
    /// (theme key, code key)
    pub theme_codes: Vec<(i64, i64)>,
    pub stats: CodingStats,
}

impl Project {
    /// Read everything the analyses need in a few queries.
    pub fn coding_data(&self) -> Result<CodingData> {
        let mut attrs = self.all_attributes()?;
        let docs: Vec<DocRow> = {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT id, name FROM documents")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            let mut v = Vec::new();
            for row in rows {
                let (key, name) = row?;
                v.push(DocRow {
                    key,
                    name,
                    attributes: attrs.remove(&key).unwrap_or_default(),
                });
            }
            v.sort_by(|a, b| crate::text::natural_cmp(&a.name, &b.name));
            v
        };
        let excerpts: Vec<ExcerptRow> = {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT id, document_id, start, end, orphan FROM excerpts")?;
            let rows = stmt.query_map([], |r| {
                Ok(ExcerptRow {
                    id: r.get(0)?,
                    doc: r.get(1)?,
                    start: r.get::<_, i64>(2)? as usize,
                    end: r.get::<_, i64>(3)? as usize,
                    orphan: r.get(4)?,
                })
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let links: Vec<(i64, i64)> = self.pairs("SELECT excerpt_id, code_id FROM excerpt_codes")?;
        let theme_codes: Vec<(i64, i64)> =
            self.pairs("SELECT theme_id, code_id FROM theme_codes")?;
        let codes = self.codes()?;
        let themes = self.themes()?;
        let coders: Vec<String> = {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT DISTINCT coder FROM excerpt_codes ORDER BY coder")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let (first, last): (Option<String>, Option<String>) = self.conn().query_row(
            "SELECT min(created_at), max(created_at) FROM excerpt_codes",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let stats = CodingStats {
            documents: docs.len(),
            codes: codes.len(),
            themes: themes.len(),
            excerpts: excerpts.iter().filter(|e| !e.orphan).count(),
            orphans: excerpts.iter().filter(|e| e.orphan).count(),
            coders,
            first_coding: first,
            last_coding: last,
        };
        Ok(CodingData {
            docs,
            codes,
            themes,
            excerpts,
            links,
            theme_codes,
            stats,
        })
    }

    /// The stored text of the given excerpts (for quotes), in one query:
    /// the ids go in as one JSON array and each is looked up by primary key.
    pub fn excerpt_texts(&self, ids: &[i64]) -> Result<HashMap<i64, String>> {
        let list = serde_json::to_string(ids)?;
        let mut stmt = self.conn().prepare_cached(SQL_EXCERPT_TEXTS)?;
        let rows = stmt.query_map([list], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Texts of a list of excerpts given as a JSON array of ids.
const SQL_EXCERPT_TEXTS: &str =
    "SELECT e.id, e.text FROM json_each(?1) j JOIN excerpts e ON e.id = j.value";

#[cfg(test)]
mod tests {
    #[test]
    fn excerpt_texts_are_looked_up_by_key() {
        let p = super::Project::in_memory().unwrap();
        let plan = super::super::query_plan(&p, super::SQL_EXCERPT_TEXTS).unwrap();
        assert!(
            plan.iter()
                .any(|l| l.starts_with("SEARCH e USING INTEGER PRIMARY KEY")),
            "{}",
            plan.join("\n")
        );
        assert!(
            !plan.iter().any(|l| l.starts_with("SCAN e")),
            "{}",
            plan.join("\n")
        );
    }
}
