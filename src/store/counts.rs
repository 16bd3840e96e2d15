//! Excerpt counts kept per document and per code (schema 8), so the
//! workbench's lists show them without counting a million links at start.
//!
//! `document_counts` holds each document's number of excerpts (what
//! `documents()` shows) and `code_counts` each code's number of excerpt
//! links (what `codes()` shows). Neither table is logged: the counts follow
//! the logged rows. Every write path keeps them right in one of three ways,
//! all inside the change's transaction: [`super::Tx`]'s row writes add up
//! per-key deltas in memory ([`Deltas`], from the key read with each row's
//! image, so a million-row autocode pays no extra statement per row) and
//! write them at commit, storing them as the event's own (`event_counts`);
//! rows recorded by `Tx::record_new_rows` (a merge) are counted by one
//! grouped statement into the same deltas ([`add_new_rows`]). Undo and redo
//! move the counts by the stored deltas, one row per document and code
//! changed ([`undo_stored`]); for events logged before schema 8 they read
//! each restored or removed row's key back from their own bulk statements
//! (`RETURNING`, [`execute_bulk`]). Anything written without a change
//! (the benchmark corpus) recounts everything ([`rebuild`]). Why not
//! triggers: SQLite gives every row-level statement with a trigger its own
//! statement journal, which made one-row inserts three times slower
//! (measured: 840,000 excerpts with their links, 7 s → 21 s).

use crate::error::Result;
use rusqlite::{Connection, params};
use std::collections::HashMap;

/// The tables whose rows are counted: (row table, its counted key column,
/// the counts table, its key column).
const COUNTED: &[(&str, &str, &str, &str)] = &[
    ("excerpts", "document_id", "document_counts", "document_id"),
    ("excerpt_codes", "code_id", "code_counts", "code_id"),
];

/// The counted key column of a row table (`document_id` of an excerpt,
/// `code_id` of a link), `None` for tables that are not counted.
pub(crate) fn key_column(table: &str) -> Option<&'static str> {
    COUNTED.iter().find(|c| c.0 == table).map(|c| c.1)
}

/// Count changes of one change, by (row table, key), written at commit.
#[derive(Debug, Default)]
pub(crate) struct Deltas(HashMap<(&'static str, i64), i64>);

impl Deltas {
    /// A row of `table` with counted key `before` became one with key
    /// `after` (`None`: no row on that side).
    pub(crate) fn moved(&mut self, table: &'static str, before: Option<i64>, after: Option<i64>) {
        if before == after {
            return;
        }
        if let Some(k) = before {
            *self.0.entry((table, k)).or_default() -= 1;
        }
        if let Some(k) = after {
            *self.0.entry((table, k)).or_default() += 1;
        }
    }

    /// `n` rows of `table` with counted key `key` were added (negative:
    /// removed).
    pub(crate) fn add(&mut self, table: &'static str, key: i64, n: i64) {
        *self.0.entry((table, key)).or_default() += n;
    }

    /// Add the deltas to the kept counts (one upsert per changed key). With
    /// `event`, also store them as that event's (`event_counts`), so undo
    /// and redo of it move the counts back and forth by them.
    pub(crate) fn write(&mut self, conn: &Connection, event: Option<i64>) -> Result<()> {
        if let Some(event) = event {
            // The marker row says this event's deltas are all stored (also
            // when there are none), see `undo_stored`.
            conn.prepare_cached(
                "INSERT OR IGNORE INTO event_counts (event_id, tbl, key, delta) VALUES (?1, '', 0, 0)",
            )?
            .execute([event])?;
        }
        for ((table, key), delta) in self.0.drain() {
            if delta == 0 {
                continue;
            }
            let (_, _, counts, col) = COUNTED
                .iter()
                .find(|c| c.0 == table)
                .expect("only counted tables have deltas");
            conn.prepare_cached(&format!(
                "INSERT INTO {counts} ({col}, excerpts) VALUES (?1, ?2)
                 ON CONFLICT ({col}) DO UPDATE SET excerpts = excerpts + excluded.excerpts"
            ))?
            .execute(params![key, delta])?;
            if let Some(event) = event {
                conn.prepare_cached(
                    "INSERT INTO event_counts (event_id, tbl, key, delta) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![event, table, key, delta])?;
            }
        }
        Ok(())
    }
}

/// Undo (`sign` -1) or redo (+1) of `event` by its stored deltas: one row
/// per document and code it changed, however many rows it touched. False
/// when the event has none stored (logged before schema 8, or copied from
/// another project's log by a merge); then the rows are counted as they
/// are restored ([`execute_bulk`]).
pub(crate) fn undo_stored(conn: &Connection, event: i64, sign: i64) -> Result<bool> {
    let stored: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM event_counts WHERE event_id = ?1 AND tbl = '')",
        )?
        .query_row([event], |r| r.get(0))?;
    if !stored {
        return Ok(false);
    }
    for (table, _, counts, col) in COUNTED {
        conn.prepare_cached(&format!(
            "INSERT INTO {counts} ({col}, excerpts)
             SELECT key, ?3 * delta FROM event_counts WHERE event_id = ?1 AND tbl = ?2
             ON CONFLICT ({col}) DO UPDATE SET excerpts = excerpts + excluded.excerpts"
        ))?
        .execute(params![event, table, sign])?;
    }
    Ok(true)
}

/// Which way a bulk statement moves the rows it touches.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Bulk {
    Removes,
    Adds,
}

/// Run a bulk statement on `table` (undo and redo restoring a change's
/// rows). With `deltas`, for a counted table it gets `RETURNING` the key of each row it
/// removes or adds, so the counts move with no pass of their own over the
/// rows (reading the keys back from the images cost undo of an 840,000-span
/// autocode 40% more CPU; this costs it 15–25%, which is why events since
/// schema 8 store their deltas instead).
pub(crate) fn execute_bulk(
    conn: &Connection,
    table: &'static str,
    sql: &str,
    params: impl rusqlite::Params,
    bulk: Bulk,
    deltas: Option<&mut Deltas>,
) -> Result<()> {
    let (Some(key), Some(deltas)) = (key_column(table), deltas) else {
        conn.prepare_cached(sql)?.execute(params)?;
        return Ok(());
    };
    let mut stmt = conn.prepare_cached(&format!("{sql} RETURNING {key}"))?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        let k: Option<i64> = r.get(0)?;
        match bulk {
            Bulk::Removes => deltas.moved(table, k, None),
            Bulk::Adds => deltas.moved(table, None, k),
        }
    }
    Ok(())
}

/// The keys of the rows of a counted `table` that `select_ids` (a query of
/// row ids) names, counted as removed: the rows an update is about to
/// change (it adds them back with their new keys through [`execute_bulk`]).
pub(crate) fn before_update(
    conn: &Connection,
    table: &'static str,
    select_ids: &str,
    params: impl rusqlite::Params,
    deltas: Option<&mut Deltas>,
) -> Result<()> {
    let (Some(key), Some(deltas)) = (key_column(table), deltas) else {
        return Ok(());
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {key} FROM {table} WHERE id IN ({select_ids})"
    ))?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        deltas.moved(table, r.get(0)?, None);
    }
    Ok(())
}

/// Rows of `table` with an id of at least `from`, inserted by `event`
/// through a bulk statement and not recorded yet (see
/// `Tx::record_new_rows`): count them, grouped by key, into `deltas`.
pub(crate) fn add_new_rows(
    conn: &Connection,
    event: i64,
    table: &str,
    from: i64,
    deltas: &mut Deltas,
) -> Result<()> {
    let Some((table, key, _, _)) = COUNTED.iter().find(|c| c.0 == table) else {
        return Ok(());
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT x.{key}, count(*) FROM {table} x
         WHERE x.id >= ?1 AND NOT EXISTS (SELECT 1 FROM event_rows r
             WHERE r.event_id = ?2 AND r.tbl = ?3 AND r.row_id = x.id)
         GROUP BY x.{key}"
    ))?;
    let mut rows = stmt.query(params![from, event, table])?;
    while let Some(r) = rows.next()? {
        deltas.add(table, r.get(0)?, r.get(1)?);
    }
    Ok(())
}

/// Count everything again from the rows (the migration to schema 8, and
/// rows written without a change).
pub(crate) fn rebuild(conn: &Connection) -> Result<()> {
    for (table, key, counts, col) in COUNTED {
        conn.execute_batch(&format!(
            "DELETE FROM {counts};
             INSERT INTO {counts} ({col}, excerpts)
             SELECT {key}, count(*) FROM {table} GROUP BY {key};"
        ))?;
    }
    Ok(())
}

/// Kept counts that differ from a fresh count of the rows: (counts table,
/// key, kept, counted). Empty when all agree (tests, `thema check`).
pub(crate) fn mismatches(conn: &Connection) -> Result<Vec<(String, i64, i64, i64)>> {
    let mut out = Vec::new();
    for (table, key, counts, col) in COUNTED {
        let mut stmt = conn.prepare(&format!(
            "SELECT k, sum(kept), sum(counted) FROM (
                 SELECT {col} AS k, excerpts AS kept, 0 AS counted FROM {counts}
                 UNION ALL
                 SELECT {key}, 0, count(*) FROM {table} GROUP BY {key})
             GROUP BY k HAVING sum(kept) <> sum(counted)"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok((counts.to_string(), r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        for r in rows {
            out.push(r?);
        }
    }
    Ok(out)
}

impl super::Project {
    /// Kept excerpt counts that disagree with the rows (see [`mismatches`]):
    /// (counts table, key, kept, counted). Empty in a healthy project.
    #[doc(hidden)]
    pub fn count_mismatches(&self) -> Result<Vec<(String, i64, i64, i64)>> {
        mismatches(self.conn())
    }
}
