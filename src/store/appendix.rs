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

/// Orphans are left out: their offsets point into a text that is gone, and
/// every report leaves them out.
const SQL_FIRST_CODINGS: &str = "SELECT e.document_id, ec.code_id, min(ec.created_at)
     FROM excerpt_codes ec JOIN excerpts e ON e.id = ec.excerpt_id
     WHERE e.orphan = 0
     GROUP BY e.document_id, ec.code_id";

impl Project {
    /// Per document and code, the first coding (see [`FirstCoding`]).
    pub fn first_codings(&self) -> Result<Vec<FirstCoding>> {
        let mut stmt = self.conn().prepare_cached(SQL_FIRST_CODINGS)?;
        let rows = stmt.query_map([], |r| {
            Ok(FirstCoding {
                doc: r.get(0)?,
                code: r.get(1)?,
                at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
