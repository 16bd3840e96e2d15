//! The query behind the workbench's coverage screen: how many excerpts each
//! code has in each document, in one grouped pass over the excerpt–code
//! links (orphans left out, and in blind coding only the current coder's
//! codings, like the other workbench views).

use super::Project;
use crate::error::Result;

impl Project {
    /// (code, document, distinct excerpts) for every pair with at least one.
    pub fn code_document_counts(&self) -> Result<Vec<(String, String, usize)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.name, d.name, n FROM (
                 SELECT ec.code_id AS code, e.document_id AS doc,
                        count(DISTINCT e.id) AS n
                 FROM excerpt_codes ec JOIN excerpts e ON e.id = ec.excerpt_id
                 WHERE e.orphan = 0 AND (?1 IS NULL OR ec.coder = ?1)
                 GROUP BY ec.code_id, e.document_id)
             JOIN codes c ON c.id = code JOIN documents d ON d.id = doc",
        )?;
        let rows = stmt.query_map([self.blind_coder()?], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as usize))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
