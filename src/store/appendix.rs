//! Reads for the report's saturation figure and method appendix: when each
//! code was first applied in each document, and how many excerpts a coder
//! holds (the consensus coder's settled passages). Aggregated in SQL, so
//! what comes back is at most documents × codes rows, never one per excerpt.

use super::Project;
use crate::error::Result;

/// The first time a code was applied in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstCoding {
    /// Document key.
    pub doc: i64,
    /// Code key.
    pub code: i64,
    /// `created_at` of the earliest coding (UTC, ISO 8601, fixed width, so
    /// the text order is the time order).
    pub at: String,
}

impl Project {
    /// Per document and code, the first coding (see [`FirstCoding`]).
    /// Two plain scans (excerpts, then codings) and one sort in memory: a
    /// join with `GROUP BY` made SQLite look up every coding's excerpt and
    /// sort through a temporary b-tree, the slowest step of `report full`.
    /// Orphans are left out: their offsets point into a text that is gone,
    /// and every report leaves them out.
    pub fn first_codings(&self) -> Result<Vec<FirstCoding>> {
        // (excerpt id, document key), in id order from the table scan.
        let mut doc_of: Vec<(i64, i64)> = {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT id, document_id FROM excerpts WHERE orphan = 0")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        if !doc_of.is_sorted() {
            doc_of.sort_unstable();
        }
        // (document, code, timestamp) per coding; the fixed-width stamp
        // sorts as its time.
        let mut all: Vec<(i64, i64, String)> = Vec::new();
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT excerpt_id, code_id, created_at FROM excerpt_codes")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let excerpt: i64 = r.get(0)?;
            if let Ok(i) = doc_of.binary_search_by_key(&excerpt, |&(e, _)| e) {
                all.push((doc_of[i].1, r.get(1)?, r.get(2)?));
            }
        }
        all.sort_unstable();
        all.dedup_by(|later, first| later.0 == first.0 && later.1 == first.1);
        Ok(all
            .into_iter()
            .map(|(doc, code, at)| FirstCoding { doc, code, at })
            .collect())
    }

    /// How many (not orphaned) excerpts `coder` holds.
    pub fn coder_excerpts(&self, coder: &str) -> Result<usize> {
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM excerpts WHERE coder = ? AND orphan = 0",
            [coder],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }
}
