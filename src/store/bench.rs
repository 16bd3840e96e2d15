//! Bulk rows for benchmarks and scale tests only.
//!
//! A benchmark at a million excerpts needs its corpus in seconds, not the
//! minutes the logged write path (one event row change per excerpt and link,
//! each read back for undo) would take. This helper inserts excerpts and
//! their code links with plain prepared statements in one transaction and
//! records no event, so what it builds cannot be undone: never use it for a
//! researcher's data.

use super::Project;
use crate::error::Result;
use crate::model::Span;
use rusqlite::OptionalExtension;

/// One excerpt to insert: document id, span, and the indexes (into the
/// `codes` given to [`Project::bench_insert_excerpts`]) of its codes.
pub type BenchExcerpt = (String, Span, Vec<usize>);

impl Project {
    /// Insert excerpts directly (benchmarks only; see the module docs): the
    /// named codes are created if missing, each excerpt's text is copied from
    /// its document, and nothing is logged. Returns the number inserted.
    #[doc(hidden)]
    pub fn bench_insert_excerpts(
        &mut self,
        codes: &[String],
        excerpts: impl IntoIterator<Item = BenchExcerpt>,
    ) -> Result<usize> {
        let coder = self.coder().to_owned();
        let tx = self.conn.transaction()?;
        let now: String =
            tx.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", [], |r| {
                r.get(0)
            })?;
        let mut code_keys = Vec::with_capacity(codes.len());
        for name in codes {
            let found: Option<i64> = tx
                .query_row("SELECT id FROM codes WHERE name = ?", [name], |r| r.get(0))
                .optional()?;
            let key = match found {
                Some(k) => k,
                None => {
                    tx.execute(
                        "INSERT INTO codes (name, guid, created_at) VALUES (?, ?, ?)",
                        rusqlite::params![name, crate::codebook::guid_for("code", name), now],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            code_keys.push(key);
        }
        let mut n = 0;
        {
            let mut doc = tx.prepare(
                "SELECT d.id, t.text FROM documents d JOIN texts t ON t.id = d.text_id WHERE d.name = ?",
            )?;
            let mut ins = tx.prepare(
                "INSERT INTO excerpts (document_id, start, end, text, coder, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            )?;
            let mut link = tx.prepare(
                "INSERT INTO excerpt_codes (excerpt_id, code_id, coder, created_at) VALUES (?, ?, ?, ?)",
            )?;
            let mut current: Option<(String, i64, String)> = None;
            for (name, span, cs) in excerpts {
                if current.as_ref().is_none_or(|(d, _, _)| *d != name) {
                    let (key, text): (i64, String) =
                        doc.query_row([&name], |r| Ok((r.get(0)?, r.get(1)?)))?;
                    current = Some((name, key, text));
                }
                let (_, key, text) = current.as_ref().expect("set above");
                ins.execute(rusqlite::params![
                    key,
                    span.start as i64,
                    span.end as i64,
                    &text[span.start..span.end],
                    coder,
                    now
                ])?;
                let id = tx.last_insert_rowid();
                for c in cs {
                    link.execute(rusqlite::params![id, code_keys[c], coder, now])?;
                }
                n += 1;
            }
        }
        // Written without a change, so counted again as a whole.
        super::counts::rebuild(&tx)?;
        tx.commit()?;
        Ok(n)
    }

    /// The floor `excerpts --json` is compared with: one bare query over the
    /// same rows (excerpt, document name, text, coder), each written as a
    /// JSON object, with no ordering, codes or attributes. Returns the rows.
    #[doc(hidden)]
    pub fn bench_dump_excerpts_json(&self, out: &mut impl std::io::Write) -> Result<usize> {
        #[derive(serde::Serialize)]
        struct Row<'a> {
            id: i64,
            doc: &'a str,
            start: i64,
            end: i64,
            text: &'a str,
            coder: &'a str,
        }
        let mut stmt = self.conn().prepare(
            "SELECT e.id, d.name, e.start, e.end, e.text, e.coder
             FROM excerpts e JOIN documents d ON d.id = e.document_id",
        )?;
        let mut rows = stmt.query([])?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            let (doc, text, coder): (String, String, String) = (r.get(1)?, r.get(4)?, r.get(5)?);
            let row = Row {
                id: r.get(0)?,
                doc: &doc,
                start: r.get(2)?,
                end: r.get(3)?,
                text: &text,
                coder: &coder,
            };
            serde_json::to_writer(&mut *out, &row)?;
            out.write_all(b"\n")?;
            n += 1;
        }
        Ok(n)
    }
}
