//! Reads for the privacy check (`thema check`): the texts of the documents
//! whose excerpts are about to be published, streamed one at a time, so the
//! check scans each document's text once however many excerpts overlap in
//! it, and never holds every text of a large project in memory.

use super::Project;
use crate::error::Result;

/// Texts of a list of documents given as a JSON array of keys.
const SQL_DOCUMENT_TEXTS: &str = "SELECT d.id, t.text FROM json_each(?1) j
       JOIN documents d ON d.id = j.value
       JOIN texts t ON t.id = d.text_id";

impl Project {
    /// Call `f` with each of the documents `keys` (document key, text), in no
    /// particular order; keys that name no document are skipped.
    pub fn for_each_document_text(
        &self,
        keys: &[i64],
        mut f: impl FnMut(i64, &str) -> Result<()>,
    ) -> Result<()> {
        let list = serde_json::to_string(keys)?;
        let mut stmt = self.conn().prepare_cached(SQL_DOCUMENT_TEXTS)?;
        let mut rows = stmt.query([list])?;
        while let Some(r) = rows.next()? {
            let key: i64 = r.get(0)?;
            let text = r.get_ref(1)?.as_str().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, e.into())
            })?;
            f(key, text)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn document_texts_are_looked_up_by_key() {
        let p = super::Project::in_memory().unwrap();
        let plan = super::super::query_plan(&p, super::SQL_DOCUMENT_TEXTS).unwrap();
        assert!(
            plan.iter()
                .any(|l| l.starts_with("SEARCH d USING INTEGER PRIMARY KEY")),
            "{plan:?}"
        );
        assert!(
            plan.iter()
                .any(|l| l.starts_with("SEARCH t USING INTEGER PRIMARY KEY")),
            "{plan:?}"
        );
    }
}
