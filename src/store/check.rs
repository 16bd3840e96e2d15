//! `thema check-db`: is the project file sound? SQLite's `integrity_check`
//! (every page, index and constraint), the foreign keys, and thema's own
//! invariant that every excerpt that is not an orphan holds exactly the
//! document text at its offsets. Runs read-only, so it is safe on a damaged
//! file and while others work.

use super::file;
use rusqlite::Connection;
use std::path::Path;

/// What `check-db` found; no problems means the file is sound.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckReport {
    pub path: String,
    /// The file could be opened and read as a thema project at all.
    pub readable: bool,
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.readable && self.problems.is_empty()
    }
}

/// At most this many problems of one kind are listed.
const LIST: usize = 20;

/// Check the project at `path` without changing it.
pub fn check_file(path: &Path) -> CheckReport {
    let mut report = CheckReport {
        path: path.display().to_string(),
        readable: false,
        problems: Vec::new(),
    };
    let notice = file::WaitNotice::default();
    let conn = match file::open(path, true, &notice) {
        Ok((conn, _)) => conn,
        Err(e) => {
            report.problems.push(e.to_string());
            return report;
        }
    };
    report.readable = true;
    if let Err(e) = run_checks(&conn, &mut report.problems) {
        report
            .problems
            .push(format!("reading the project failed: {e}"));
    }
    report
}

fn run_checks(conn: &Connection, problems: &mut Vec<String>) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(&format!("PRAGMA integrity_check({LIST})"))?;
    for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let row = row?;
        if row != "ok" {
            problems.push(format!("integrity: {row}"));
        }
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let fk: Vec<String> = stmt
        .query_map([], |r| {
            Ok(format!(
                "foreign key: {} row {} refers to a missing {} row",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                r.get::<_, String>(2)?
            ))
        })?
        .take(LIST)
        .collect::<rusqlite::Result<_>>()?;
    problems.extend(fk);
    // Offsets are byte offsets: compare bytes, not characters.
    let mut stmt = conn.prepare(
        "SELECT d.name, e.id, e.start, e.end FROM excerpts e
           JOIN documents d ON d.id = e.document_id
           JOIN texts t ON t.id = d.text_id
          WHERE e.orphan = 0
            AND (e.end > length(CAST(t.text AS BLOB))
                 OR substr(CAST(t.text AS BLOB), e.start + 1, e.end - e.start)
                    IS NOT CAST(e.text AS BLOB))
          ORDER BY e.id",
    )?;
    let drift: Vec<String> = stmt
        .query_map([], |r| {
            Ok(format!(
                "excerpt {} in {} ({}..{}) no longer matches the document text and is not marked orphan",
                r.get::<_, i64>(1)?,
                r.get::<_, String>(0)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?
            ))
        })?
        .take(LIST)
        .collect::<rusqlite::Result<_>>()?;
    problems.extend(drift);
    Ok(())
}
