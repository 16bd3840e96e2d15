//! One change = one SQLite transaction = one event.
//!
//! `Tx` wraps a write transaction (`BEGIN IMMEDIATE`) and records every row it
//! inserts, updates or deletes as one `event_rows` row: table, row id, and the
//! row's image before and after the change. An image is the row as a JSON
//! object built by SQLite's `json_object` over the table's columns in schema
//! order (see [`image_expr`]), so undo can compare a stored image with the
//! current row as two strings inside SQLite, and restore one with
//! `json_extract`, without parsing anything in Rust. A row touched twice in one
//! change keeps its first `before` and its last `after` (an upsert), so each
//! (event, table, row) is one entry. `commit` writes the `events` row in the
//! same transaction, so the log can never disagree with the data. The store
//! never relies on ON DELETE CASCADE: a cascaded delete would not be recorded
//! and could not be undone. Each image also gets a fingerprint
//! ([`hash_expr`], see `fingerprint.rs`), which is what undo compares.

use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension, ToSql, Transaction, TransactionBehavior};
use rusqlite::{params, params_from_iter};
use std::collections::HashMap;

/// Tables whose rows events may touch (guards the SQL built from table names).
pub(crate) const TABLES: &[&str] = &[
    "documents",
    "attributes",
    "codes",
    "excerpts",
    "excerpt_codes",
    "themes",
    "theme_codes",
    "memos",
    "quote_marks",
    "check_reviews",
];

pub struct Tx<'a> {
    tx: Transaction<'a>,
    coder: String,
    now: String,
    /// The id the `events` row of this change will get. Reserved at begin:
    /// nobody else can write while this transaction holds the write lock.
    event_id: i64,
    /// Rows recorded so far (a row touched twice counts twice).
    touched: usize,
    /// `SELECT json_object(...), thema_row_hash(...)` per table, built once
    /// per change.
    images: HashMap<&'static str, String>,
    /// The last row id given out per table (see `row_ids` in schema_v4.sql).
    last_ids: HashMap<&'static str, i64>,
    /// Excerpt count changes of the rows written so far (`counts.rs`).
    counts: super::counts::Deltas,
    /// Removed (dropped) after the transaction ends, see `file::LockNote`.
    note: Option<super::file::LockNote>,
}

impl<'a> Tx<'a> {
    pub(crate) fn begin(conn: &'a mut Connection, coder: &str) -> Result<Tx<'a>> {
        // IMMEDIATE takes the write lock up front, so everything read inside
        // the change (text, rows to validate, the undo target) is what the
        // change writes against; a concurrent writer waits on the busy timeout.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (now, event_id): (String, i64) = tx.query_row(
            "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), coalesce(max(id), 0) + 1 FROM events",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(Tx {
            tx,
            coder: coder.to_owned(),
            now,
            event_id,
            touched: 0,
            images: HashMap::new(),
            last_ids: HashMap::new(),
            counts: Default::default(),
            note: None,
        })
    }

    /// Keep `note` until this change is committed or rolled back.
    pub(crate) fn hold(&mut self, note: super::file::LockNote) {
        self.note = Some(note);
    }

    /// The timestamp of this change (UTC, ISO 8601).
    pub fn now(&self) -> &str {
        &self.now
    }

    pub fn coder(&self) -> &str {
        &self.coder
    }

    /// The id the event of this change gets when it is committed.
    pub fn event_id(&self) -> i64 {
        self.event_id
    }

    /// Read-only access for lookups inside the change.
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    pub fn insert(&mut self, table: &str, cols: &[(&str, &dyn ToSql)]) -> Result<i64> {
        let table = known(table)?;
        let id = self.next_id(table)?;
        let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
        let marks = vec!["?"; cols.len()].join(", ");
        let sql = format!(
            "INSERT INTO {table} (id, {}) VALUES (?, {marks})",
            names.join(", ")
        );
        let mut params: Vec<&dyn ToSql> = vec![&id];
        params.extend(cols.iter().map(|(_, v)| *v));
        self.tx
            .prepare_cached(&sql)?
            .execute(params_from_iter(params))?;
        let after = self.image(table, id)?;
        self.count(table, &None, &after);
        self.log_row(table, id, None, after)?;
        Ok(id)
    }

    pub fn update(&mut self, table: &str, id: i64, cols: &[(&str, &dyn ToSql)]) -> Result<()> {
        let table = known(table)?;
        let before = self.image(table, id)?;
        let sets: Vec<String> = cols.iter().map(|(n, _)| format!("{n} = ?")).collect();
        let sql = format!("UPDATE {table} SET {} WHERE id = ?", sets.join(", "));
        let mut params: Vec<&dyn ToSql> = cols.iter().map(|(_, v)| *v).collect();
        params.push(&id);
        self.tx
            .prepare_cached(&sql)?
            .execute(params_from_iter(params))?;
        let after = self.image(table, id)?;
        if before != after {
            self.count(table, &before, &after);
            self.log_row(table, id, before, after)?;
        }
        Ok(())
    }

    pub fn delete(&mut self, table: &str, id: i64) -> Result<()> {
        let table = known(table)?;
        let before = self.image(table, id)?;
        if before.is_none() {
            return Ok(());
        }
        self.tx
            .prepare_cached(&format!("DELETE FROM {table} WHERE id = ?"))?
            .execute([id])?;
        self.count(table, &before, &None);
        self.log_row(table, id, before, None)
    }

    pub fn has_changes(&self) -> bool {
        self.touched > 0
    }

    /// Commit the change and log it as one event; returns the event id, or
    /// `None` when nothing changed (no empty events clutter the log).
    ///
    /// The event goes on top of its coder's undo stack, and that coder's redo
    /// stack is dropped (a new change after an undo ends the redo history, as
    /// in an editor); other coders' stacks are left alone.
    pub fn commit(self, action: &str, summary: &str) -> Result<Option<i64>> {
        self.commit_inner(action, summary, false)
    }

    /// Commit a decision: logged as an event even when it changed no row
    /// (settling a disagreement as "neither" where the consensus has
    /// nothing yet is still a decision the audit trail must show). Undoing
    /// such an event restores nothing and takes it off the stack.
    pub fn commit_decision(self, action: &str, summary: &str) -> Result<i64> {
        let id = self.commit_inner(action, summary, true)?;
        Ok(id.expect("a decision is always logged"))
    }

    fn commit_inner(mut self, action: &str, summary: &str, always: bool) -> Result<Option<i64>> {
        if self.touched == 0 && !always {
            // Ids handed out without a row (a merge's history) stay used.
            self.save_last_ids()?;
            self.tx.commit()?;
            return Ok(None);
        }
        self.counts.write(&self.tx, Some(self.event_id))?;
        self.write_event(action, summary, None)?;
        self.save_last_ids()?;
        self.tx
            .prepare_cached(
                "UPDATE undo_state SET state = 'dropped' WHERE owner = ? AND state = 'undone'",
            )?
            .execute([&self.coder])?;
        self.tx
            .prepare_cached(
                "INSERT INTO undo_state (event_id, owner, state, pos) VALUES (?1, ?2, 'done', ?1)",
            )?
            .execute(params![self.event_id, self.coder])?;
        let id = self.event_id;
        self.tx.commit()?;
        Ok(Some(id))
    }

    /// Commit an undo or redo: an event that refers to the change it
    /// reverses or replays (`target`) instead of copying its rows.
    pub(crate) fn commit_reference(
        mut self,
        action: &str,
        summary: &str,
        target: i64,
    ) -> Result<i64> {
        // Undo and redo move the counts themselves (`events.rs`); a reference
        // event is never undone by its rows, so it stores no deltas.
        self.counts.write(&self.tx, None)?;
        self.write_event(action, summary, Some(target))?;
        let id = self.event_id;
        self.tx.commit()?;
        Ok(id)
    }

    fn write_event(&self, action: &str, summary: &str, target: Option<i64>) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO events (id, at, coder, action, summary, target) VALUES (?, ?, ?, ?, ?, ?)",
            )?
            .execute(params![
                self.event_id,
                self.now,
                self.coder,
                action,
                summary,
                target
            ])?;
        Ok(())
    }

    /// A row id never given out before in `table`.
    fn next_id(&mut self, table: &'static str) -> Result<i64> {
        let last = match self.last_ids.get(table) {
            Some(l) => *l,
            None => self.tx.query_row(
                &format!(
                    "SELECT max(coalesce((SELECT last FROM row_ids WHERE tbl = ?), 0),
                                coalesce((SELECT max(id) FROM {table}), 0))"
                ),
                [table],
                |r| r.get(0),
            )?,
        };
        self.last_ids.insert(table, last + 1);
        Ok(last + 1)
    }

    fn save_last_ids(&self) -> Result<()> {
        for (table, last) in &self.last_ids {
            self.tx
                .prepare_cached(
                    "INSERT INTO row_ids (tbl, last) VALUES (?, ?)
                     ON CONFLICT (tbl) DO UPDATE SET last = max(last, excluded.last)",
                )?
                .execute(params![table, last])?;
        }
        Ok(())
    }

    /// The row's current image and its fingerprint, `None` when it does
    /// not exist. Counted rows (`counts.rs`) come with their counted key,
    /// read in the same statement.
    fn image(&mut self, table: &'static str, id: i64) -> Result<Option<Image>> {
        if !self.images.contains_key(table) {
            let key = super::counts::key_column(table).unwrap_or("NULL");
            let sql = format!(
                "SELECT {}, {}, {key} FROM {table} WHERE id = ?",
                image_expr(&self.tx, table, table)?,
                hash_expr(&self.tx, table, table)?
            );
            self.images.insert(table, sql);
        }
        Ok(self
            .tx
            .prepare_cached(&self.images[table])?
            .query_row([id], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))
            .optional()?)
    }

    /// A row of `table` went from `before` to `after`: move its count.
    fn count(&mut self, table: &'static str, before: &Option<Image>, after: &Option<Image>) {
        let key = |i: &Option<Image>| i.as_ref().and_then(|i| i.1);
        let (before, after) = (key(before), key(after));
        self.counts.moved(table, before, after);
    }

    fn log_row(
        &mut self,
        table: &str,
        id: i64,
        before: Option<Image>,
        after: Option<Image>,
    ) -> Result<()> {
        let (before, before_hash) = before.map(|i| i.0).unzip();
        let (after, after_hash) = after.map(|i| i.0).unzip();
        self.tx
            .prepare_cached(
                "INSERT INTO event_rows (event_id, tbl, row_id, before, after, before_hash, after_hash)
                 VALUES (?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (event_id, tbl, row_id)
                 DO UPDATE SET after = excluded.after, after_hash = excluded.after_hash",
            )?
            .execute(params![
                self.event_id,
                table,
                id,
                before,
                after,
                before_hash,
                after_hash
            ])?;
        self.touched += 1;
        Ok(())
    }
}

/// A row's image (JSON) and its fingerprint, with its counted key (the
/// document of an excerpt, the code of a link; `None` for other tables).
type Image = ((String, i64), Option<i64>);

/// The static name of a table events may touch, or an internal error.
pub(crate) fn known(table: &str) -> Result<&'static str> {
    TABLES
        .iter()
        .find(|t| **t == table)
        .copied()
        .ok_or_else(|| Error::Internal(format!("{table} is not a table changes are logged for")))
}

/// The columns of a table in schema order.
pub(crate) fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let table = known(table)?;
    let mut stmt =
        conn.prepare_cached(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// `json_object('id', alias.id, 'name', alias.name, ...)` over every column
/// of `table` in schema order: the one way a row image is ever built, so two
/// images of equal rows are equal strings.
pub(crate) fn image_expr(conn: &Connection, table: &str, alias: &str) -> Result<String> {
    let parts: Vec<String> = columns(conn, table)?
        .iter()
        .map(|c| format!("'{c}', {alias}.\"{c}\""))
        .collect();
    Ok(format!("json_object({})", parts.join(", ")))
}

/// `thema_row_hash(alias.id, alias.name, ...)` over every column of `table`
/// in schema order: the fingerprint of the row's image (see
/// `fingerprint.rs`).
pub(crate) fn hash_expr(conn: &Connection, table: &str, alias: &str) -> Result<String> {
    let parts: Vec<String> = columns(conn, table)?
        .iter()
        .map(|c| format!("{alias}.\"{c}\""))
        .collect();
    Ok(format!(
        "{}({})",
        super::fingerprint::FUNCTION,
        parts.join(", ")
    ))
}

impl Tx<'_> {
    /// Reserve `n` event ids below this change's own event (a merge copies
    /// other projects' events into the log before the merge event itself, so
    /// undoing the merge is not blocked by the history it brought in).
    /// Returns the first reserved id. Must be called before any row is
    /// recorded, as recorded rows carry the change's event id.
    pub(crate) fn reserve_events(&mut self, n: i64) -> Result<i64> {
        if self.touched > 0 {
            return Err(Error::Internal(
                "event ids reserved after rows were recorded".into(),
            ));
        }
        let first = self.event_id;
        self.event_id += n;
        Ok(first)
    }

    /// A row id of `table` never given out before (and never again). Rows
    /// inserted with it through [`Tx::conn`] must be recorded with
    /// [`Tx::record_new_rows`].
    pub(crate) fn fresh_id(&mut self, table: &str) -> Result<i64> {
        self.reserve_ids(table, 1)
    }

    /// `n` consecutive fresh row ids of `table` (see [`Tx::fresh_id`]);
    /// returns the first.
    pub(crate) fn reserve_ids(&mut self, table: &str, n: i64) -> Result<i64> {
        let table = known(table)?;
        if n <= 0 {
            // Nothing to reserve: give out no id (an unused id would still
            // be written to `row_ids` and change the file).
            return Ok(0);
        }
        let first = self.next_id(table)?;
        self.last_ids.insert(table, first + n - 1);
        Ok(first)
    }

    /// Record every row of `table` with an id of at least `from` that is not
    /// recorded yet as inserted by this change: the set-based counterpart of
    /// [`Tx::insert`] for bulk inserts (a merge of 100,000 excerpts), one
    /// statement instead of a read-back per row.
    pub(crate) fn record_new_rows(&mut self, table: &str, from: i64) -> Result<usize> {
        let table = known(table)?;
        // Count them before they are recorded: recorded rows (inserted
        // through `insert`) are counted already.
        super::counts::add_new_rows(&self.tx, self.event_id, table, from, &mut self.counts)?;
        let image = image_expr(&self.tx, table, "x")?;
        // The fingerprint too, as `insert` stores it: without it undoing a
        // merge compared every row's JSON image (see `fingerprint.rs`).
        let hash = hash_expr(&self.tx, table, "x")?;
        let n = self.tx.execute(
            &format!(
                "INSERT INTO event_rows (event_id, tbl, row_id, before, after, after_hash)
                 SELECT ?1, ?2, x.id, NULL, {image}, {hash} FROM {table} x WHERE x.id >= ?3
                 ON CONFLICT (event_id, tbl, row_id) DO NOTHING"
            ),
            params![self.event_id, table, from],
        )?;
        self.touched += n;
        Ok(n)
    }
}

impl Tx<'_> {
    /// Whether another connection committed after `seen` (a value of
    /// `Project::data_version` read before the change's checks). A change
    /// that checks through `&Project` before it begins calls this right after
    /// `begin`: if true, its checks may be stale (a text re-imported, a row
    /// deleted), so it drops the transaction and runs them again; if false,
    /// everything it checked is current under the write lock, exactly as if
    /// it had been read inside the transaction.
    pub(crate) fn changed_since(&self, seen: i64) -> Result<bool> {
        let now: i64 = self.tx.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok(now != seen)
    }
}
