//! The event log: per-coder undo and redo, checked against later changes.
//!
//! Each coder has an undo stack and a redo stack (`undo_state`, kept current
//! by every commit): `undo` takes back the current coder's own latest change,
//! never another coder's; `undo_any` takes back the newest change of anyone.
//! The target is chosen and verified inside the write transaction: every row
//! the change touched must still be exactly as the change left it, no row
//! outside the change may depend on a row undo would remove, and no row undo
//! brings back may point at a row that is gone. Otherwise undo refuses and
//! names the later change (event id, coder, summary) instead of overwriting it.
//! Undo and redo are themselves events that refer to the change they reverse
//! or replay (`target`); they copy no rows, so the log stays append-only and
//! small. Whether a row is still as the change left it is decided by
//! comparing fingerprints of the row and the stored image (`fingerprint.rs`).
//! Restoring is a handful of set-based statements per table that read
//! the stored images with `json_extract`, so undoing a change of a million
//! rows never loads them into memory. Links that are foreign keys are left
//! to SQLite, which checks them at commit anyway; only when it refuses is
//! the row in the way looked up, to name it.

use super::Project;
use super::tx::{TABLES, columns, hash_expr, image_expr};
use crate::error::{Error, Result};
use crate::model::Event;
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Undo,
    Redo,
}

impl Dir {
    fn action(self) -> &'static str {
        match self {
            Dir::Undo => "undo",
            Dir::Redo => "redo",
        }
    }
    /// The `undo_state` a change must be in to be undone (redone).
    fn stack_state(self) -> &'static str {
        match self {
            Dir::Undo => "done",
            Dir::Redo => "undone",
        }
    }
    /// The image every touched row must still equal.
    fn expected(self) -> &'static str {
        match self {
            Dir::Undo => "after",
            Dir::Redo => "before",
        }
    }
    /// The image every touched row is put back into.
    fn restored(self) -> &'static str {
        match self {
            Dir::Undo => "before",
            Dir::Redo => "after",
        }
    }
}

/// Why a change cannot be undone (redone): the row in the way.
enum Conflict {
    /// A row of the change was changed since.
    Changed { table: &'static str, row: i64 },
    /// A row outside the change uses a row undo would remove.
    Used {
        table: &'static str,
        row: i64,
        by_table: &'static str,
        by_row: i64,
    },
    /// A row undo would bring back needs a row that is gone.
    Missing {
        table: &'static str,
        row: i64,
        needs_table: &'static str,
        needs_row: i64,
    },
}

impl Project {
    /// Take back the current coder's latest change that is not undone.
    /// Returns its summary, or `None` when this coder has nothing to undo.
    pub fn undo(&mut self) -> Result<Option<String>> {
        self.step(Dir::Undo, false)
    }

    /// Take back the newest change of any coder.
    pub fn undo_any(&mut self) -> Result<Option<String>> {
        self.step(Dir::Undo, true)
    }

    /// Replay the change the current coder undid last. Returns its summary,
    /// or `None`.
    pub fn redo(&mut self) -> Result<Option<String>> {
        self.step(Dir::Redo, false)
    }

    /// Replay the change undone last by anyone.
    pub fn redo_any(&mut self) -> Result<Option<String>> {
        self.step(Dir::Redo, true)
    }

    fn step(&mut self, dir: Dir, any: bool) -> Result<Option<String>> {
        let tx = self.begin()?;
        let conn = tx.conn();
        let target: Option<i64> = if any {
            conn.prepare_cached(
                "SELECT event_id FROM undo_state WHERE state = ? ORDER BY pos DESC LIMIT 1",
            )?
            .query_row([dir.stack_state()], |r| r.get(0))
            .optional()?
        } else {
            conn.prepare_cached(
                "SELECT event_id FROM undo_state WHERE owner = ? AND state = ? ORDER BY pos DESC LIMIT 1",
            )?
            .query_row([tx.coder(), dir.stack_state()], |r| r.get(0))
            .optional()?
        };
        // Dropping `tx` rolls back: nothing was written.
        let Some(target) = target else {
            return Ok(None);
        };
        let (author, summary): (String, String) = conn.query_row(
            "SELECT coder, summary FROM events WHERE id = ?",
            [target],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if let Some(c) = check(conn, target, dir, Links::Unenforced)? {
            return Err(conflict_error(conn, target, dir, &c)?);
        }
        // Rows may come back in any order (a code before or after its
        // excerpts); foreign keys are checked once, at commit.
        conn.pragma_update(None, "defer_foreign_keys", true)?;
        apply(conn, target, dir).map_err(|e| clash(e, target, dir))?;
        let (state, owner) = match dir {
            Dir::Undo => ("undone", tx.coder().to_owned()),
            Dir::Redo => ("done", author),
        };
        conn.execute(
            "UPDATE undo_state SET state = ?, owner = ?, pos = ? WHERE event_id = ?",
            params![state, owner, tx.event_id(), target],
        )?;
        let line = format!("{}: {summary}", dir.action());
        match tx.commit_reference(dir.action(), &line, target) {
            Ok(_) => Ok(Some(summary)),
            // SQLite refused: a row the change removes is still used, or a
            // row it brings back needs one that is gone. The commit was
            // rolled back; find the row to name it.
            Err(e) if is_foreign_key(&e) => {
                let tx = self.begin()?;
                match check(tx.conn(), target, dir, Links::All)? {
                    Some(c) => Err(conflict_error(tx.conn(), target, dir, &c)?),
                    None => Err(clash(e, target, dir)),
                }
            }
            Err(e) => Err(clash(e, target, dir)),
        }
    }

    /// The most recent events, newest first (`limit` 0 = all).
    pub fn log(&self, limit: usize) -> Result<Vec<Event>> {
        let limit = if limit == 0 { i64::MAX } else { limit as i64 };
        let mut stmt = self.conn().prepare_cached(
            "SELECT e.id, e.at, e.coder, e.action, e.summary, e.target,
                    coalesce(u.state IN ('undone', 'dropped'), 0)
             FROM events e LEFT JOIN undo_state u ON u.event_id = e.id
             ORDER BY e.id DESC LIMIT ?",
        )?;
        let rows = stmt.query_map([limit], event_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Events that touched a row of `table` with id `id`, and the undos and
    /// redos of those events (oldest first): the history of a code or theme.
    pub fn history_of(&self, table: &str, id: i64) -> Result<Vec<Event>> {
        self.events_touching(&[(table, id)])
    }

    /// The events that touched any of the given rows, with their undos and
    /// redos, oldest first.
    pub(crate) fn events_touching(&self, rows: &[(&str, i64)]) -> Result<Vec<Event>> {
        let mut ids = std::collections::BTreeSet::new();
        {
            let mut stmt = self.conn().prepare_cached(
                "SELECT event_id FROM event_rows WHERE tbl = ? AND row_id = ?
                 UNION SELECT e.id FROM events e
                 JOIN event_rows r ON e.target = r.event_id WHERE r.tbl = ?1 AND r.row_id = ?2",
            )?;
            for (table, id) in rows {
                let found = stmt.query_map(params![table, id], |r| r.get::<_, i64>(0))?;
                for f in found {
                    ids.insert(f?);
                }
            }
        }
        self.events_by_id(ids)
    }

    pub(crate) fn events_by_id(&self, ids: impl IntoIterator<Item = i64>) -> Result<Vec<Event>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT e.id, e.at, e.coder, e.action, e.summary, e.target,
                    coalesce(u.state IN ('undone', 'dropped'), 0)
             FROM events e LEFT JOIN undo_state u ON u.event_id = e.id WHERE e.id = ?",
        )?;
        let mut out = Vec::new();
        for id in ids {
            if let Some(e) = stmt.query_row([id], event_from_row).optional()? {
                out.push(e);
            }
        }
        out.sort_by_key(|e| e.id);
        Ok(out)
    }
}

fn event_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
    Ok(Event {
        id: r.get(0)?,
        at: r.get(1)?,
        coder: r.get(2)?,
        action: r.get(3)?,
        summary: r.get(4)?,
        target: r.get(5)?,
        undone: r.get(6)?,
    })
}

/// A reference from `child.col` to `parent.id` (a foreign key, or a memo's
/// `target_id` with its `target_kind`).
struct Ref {
    child: &'static str,
    col: String,
    parent: &'static str,
    /// For memos: the `target_kind` the reference applies to.
    kind: Option<&'static str>,
}

fn references(conn: &Connection) -> Result<Vec<Ref>> {
    let mut out = Vec::new();
    for child in TABLES {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT \"table\", \"from\" FROM pragma_foreign_key_list('{child}')"
        ))?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (parent, col) = row?;
            if let Some(parent) = TABLES.iter().find(|t| **t == parent) {
                out.push(Ref {
                    child,
                    col,
                    parent,
                    kind: None,
                });
            }
        }
    }
    for (parent, kind) in [
        ("documents", "document"),
        ("codes", "code"),
        ("themes", "theme"),
        ("excerpts", "excerpt"),
    ] {
        out.push(Ref {
            child: "memos",
            col: "target_id".into(),
            parent,
            kind: Some(kind),
        });
    }
    Ok(out)
}

/// Which links [`check`] looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Links {
    /// Only those SQLite does not enforce (a memo's target): foreign keys
    /// are checked by SQLite at commit, which costs nothing extra (it does so
    /// anyway), where checking them here first read every link of a million
    /// rows twice.
    Unenforced,
    /// Every link: to name the row in the way once SQLite refused a commit.
    All,
}

/// The first reason the change cannot be undone (redone), if any.
fn check(conn: &Connection, event: i64, dir: Dir, links: Links) -> Result<Option<Conflict>> {
    let (expected, restored) = (dir.expected(), dir.restored());
    // Every row of the change must be exactly as the change left it.
    // Rows logged since schema version 7 carry the fingerprint of each
    // image: compare that (no JSON built per row). Older rows compare the
    // images themselves.
    for table in TABLES {
        let image = image_expr(conn, table, "x")?;
        let hash = hash_expr(conn, table, "x")?;
        let sql = format!(
            "SELECT r.row_id FROM event_rows r LEFT JOIN {table} x ON x.id = r.row_id
             WHERE r.event_id = ?1 AND r.tbl = ?2
               AND CASE
                 WHEN r.{expected} IS NULL THEN x.id IS NOT NULL
                 WHEN x.id IS NULL THEN 1
                 WHEN r.{expected}_hash IS NOT NULL THEN {hash} != r.{expected}_hash
                 ELSE {image} IS NOT r.{expected}
               END
             LIMIT 1"
        );
        let row: Option<i64> = conn
            .prepare_cached(&sql)?
            .query_row(params![event, table], |r| r.get(0))
            .optional()?;
        if let Some(row) = row {
            return Ok(Some(Conflict::Changed { table, row }));
        }
    }
    for Ref {
        child,
        col,
        parent,
        kind,
    } in references(conn)?
    {
        if links == Links::Unenforced && kind.is_none() {
            continue;
        }
        // A row the change removes must not be used by a row outside it.
        let kind_sql = kind.map_or(String::new(), |k| format!("AND c.target_kind = '{k}'"));
        let sql = format!(
            "SELECT p.row_id, c.id FROM event_rows p JOIN {child} c ON c.\"{col}\" = p.row_id {kind_sql}
             WHERE p.event_id = ?1 AND p.tbl = '{parent}'
               AND p.{restored} IS NULL AND p.{expected} IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM event_rows q
                               WHERE q.event_id = ?1 AND q.tbl = '{child}' AND q.row_id = c.id)
             LIMIT 1"
        );
        let used: Option<(i64, i64)> = conn
            .prepare_cached(&sql)?
            .query_row([event], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((row, by_row)) = used {
            return Ok(Some(Conflict::Used {
                table: parent,
                row,
                by_table: child,
                by_row,
            }));
        }
        // A row the change brings back must not point at a row that is gone.
        let link = format!("json_extract(r.{restored}, '$.\"{col}\"')");
        let kind_sql = kind.map_or(String::new(), |k| {
            format!("AND json_extract(r.{restored}, '$.target_kind') = '{k}'")
        });
        let sql = format!(
            "SELECT r.row_id, {link} FROM event_rows r
             WHERE r.event_id = ?1 AND r.tbl = '{child}' AND r.{restored} IS NOT NULL
               AND {link} IS NOT NULL {kind_sql}
               AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.id = {link})
               AND NOT EXISTS (SELECT 1 FROM event_rows q
                               WHERE q.event_id = ?1 AND q.tbl = '{parent}'
                                 AND q.row_id = {link} AND q.{restored} IS NOT NULL)
             LIMIT 1"
        );
        let missing: Option<(i64, i64)> = conn
            .prepare_cached(&sql)?
            .query_row([event], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((row, needs_row)) = missing {
            return Ok(Some(Conflict::Missing {
                table: child,
                row,
                needs_table: parent,
                needs_row,
            }));
        }
    }
    Ok(None)
}

/// Put every row of the change into its restored image: removals first (so a
/// removed row frees its unique name for a row coming back), then updates,
/// then rows coming back.
fn apply(conn: &Connection, event: i64, dir: Dir) -> Result<()> {
    use super::counts::Bulk;
    let (expected, restored) = (dir.expected(), dir.restored());
    // The kept excerpt counts move by the event's stored deltas, or (an
    // event logged before schema 8) with the rows (`counts.rs`).
    let sign = match dir {
        Dir::Undo => -1,
        Dir::Redo => 1,
    };
    let stored = super::counts::undo_stored(conn, event, sign)?;
    let mut counts = super::counts::Deltas::default();
    // With the stored deltas applied, the rows need not be counted.
    let mut counting = (!stored).then_some(&mut counts);
    // Children before parents, so no deleted row is ever referenced.
    for table in TABLES.iter().rev() {
        super::counts::execute_bulk(
            conn,
            table,
            &format!(
                "DELETE FROM {table} WHERE id IN (SELECT row_id FROM event_rows
                 WHERE event_id = ?1 AND tbl = ?2 AND {restored} IS NULL AND {expected} IS NOT NULL)"
            ),
            params![event, table],
            Bulk::Removes,
            counting.as_deref_mut(),
        )?;
    }
    for table in TABLES {
        let cols: Vec<String> = columns(conn, table)?
            .into_iter()
            .filter(|c| c != "id")
            .collect();
        let names: Vec<String> = cols.iter().map(|c| format!("\"{c}\"")).collect();
        let values: Vec<String> = cols
            .iter()
            .map(|c| format!("json_extract(r.{restored}, '$.\"{c}\"')"))
            .collect();
        // Driven by the change's rows (the IN list), never by a scan of the
        // table: an update touches only the rows the change touched.
        let updated = format!(
            "SELECT row_id FROM event_rows
             WHERE event_id = ?1 AND tbl = ?2 AND {restored} IS NOT NULL AND {expected} IS NOT NULL"
        );
        super::counts::before_update(
            conn,
            table,
            &updated,
            params![event, table],
            counting.as_deref_mut(),
        )?;
        super::counts::execute_bulk(
            conn,
            table,
            &format!(
                "UPDATE {table} SET ({}) = (SELECT {} FROM event_rows r
                     WHERE r.event_id = ?1 AND r.tbl = ?2 AND r.row_id = {table}.id)
                 WHERE id IN ({updated})",
                names.join(", "),
                values.join(", ")
            ),
            params![event, table],
            Bulk::Adds,
            counting.as_deref_mut(),
        )?;
    }
    for table in TABLES {
        let cols = columns(conn, table)?;
        let names: Vec<String> = cols.iter().map(|c| format!("\"{c}\"")).collect();
        let values: Vec<String> = cols
            .iter()
            .map(|c| format!("json_extract(r.{restored}, '$.\"{c}\"')"))
            .collect();
        super::counts::execute_bulk(
            conn,
            table,
            &format!(
                "INSERT INTO {table} ({}) SELECT {} FROM event_rows r
                 WHERE r.event_id = ?1 AND r.tbl = ?2
                   AND r.{restored} IS NOT NULL AND r.{expected} IS NULL",
                names.join(", "),
                values.join(", ")
            ),
            params![event, table],
            Bulk::Adds,
            counting.as_deref_mut(),
        )?;
    }
    counts.write(conn, None)
}

fn is_foreign_key(e: &Error) -> bool {
    matches!(e, Error::Sqlite(rusqlite::Error::SqliteFailure(f, _))
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY)
}

/// A constraint SQLite enforced while restoring (a unique name taken again
/// since, a link the checks did not foresee) becomes a refusal; the
/// transaction is rolled back, so nothing changed.
fn clash(e: Error, target: i64, dir: Dir) -> Error {
    match &e {
        Error::Sqlite(rusqlite::Error::SqliteFailure(f, msg))
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Error::hint(
                format!(
                    "cannot {} change #{target}: it would clash with a later change ({})",
                    dir.action(),
                    msg.as_deref().unwrap_or("constraint failed")
                ),
                "nothing was changed; see `thema log` for the changes since",
            )
        }
        _ => e,
    }
}

fn row_name(table: &str) -> &'static str {
    match table {
        "documents" => "document",
        "attributes" => "attribute",
        "codes" => "code",
        "excerpts" => "excerpt",
        "excerpt_codes" => "coding",
        "themes" => "theme",
        "theme_codes" => "theme link",
        "memos" => "memo",
        "quote_marks" => "quote mark",
        "check_reviews" => "reviewed finding",
        _ => "row",
    }
}

/// The newest event that touched the row (directly, or by undoing or
/// redoing a change that touched it).
fn last_touch(conn: &Connection, table: &str, row: i64) -> Result<Option<Event>> {
    let id: Option<i64> = conn.query_row(
        "SELECT max(id) FROM (
            SELECT event_id AS id FROM event_rows WHERE tbl = ?1 AND row_id = ?2
            UNION ALL
            SELECT e.id FROM events e JOIN event_rows r ON e.target = r.event_id
            WHERE r.tbl = ?1 AND r.row_id = ?2)",
        params![table, row],
        |r| r.get(0),
    )?;
    let Some(id) = id else { return Ok(None) };
    Ok(conn
        .query_row(
            "SELECT e.id, e.at, e.coder, e.action, e.summary, e.target,
                    coalesce(u.state IN ('undone', 'dropped'), 0)
             FROM events e LEFT JOIN undo_state u ON u.event_id = e.id WHERE e.id = ?",
            [id],
            event_from_row,
        )
        .optional()?)
}

fn conflict_error(conn: &Connection, target: i64, dir: Dir, c: &Conflict) -> Result<Error> {
    let (coder, summary): (String, String) = conn.query_row(
        "SELECT coder, summary FROM events WHERE id = ?",
        [target],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (what, (blame_table, blame_row)) = match c {
        Conflict::Changed { table, row } => (
            format!("{} {row} was changed since", row_name(table)),
            (*table, *row),
        ),
        Conflict::Used {
            table,
            row,
            by_table,
            by_row,
        } => (
            format!(
                "{} {row} is used by {} {by_row}, added since",
                row_name(table),
                row_name(by_table)
            ),
            (*by_table, *by_row),
        ),
        Conflict::Missing {
            table,
            row,
            needs_table,
            needs_row,
        } => (
            format!(
                "{} {row} needs {} {needs_row}, which was removed since",
                row_name(table),
                row_name(needs_table)
            ),
            (*needs_table, *needs_row),
        ),
    };
    let later = last_touch(conn, blame_table, blame_row)?.filter(|e| e.id > target);
    let message = match &later {
        Some(e) => format!(
            "cannot {} change #{target} ({coder}: {summary}): {what} by change #{} ({}: {})",
            dir.action(),
            e.id,
            e.coder,
            e.summary
        ),
        None => format!(
            "cannot {} change #{target} ({coder}: {summary}): {what} outside thema",
            dir.action()
        ),
    };
    let hint = match &later {
        Some(e) => format!(
            "nothing was changed; undo change #{} first ({}'s `thema undo`), or leave #{target} as it is",
            e.id, e.coder
        ),
        None => "nothing was changed".to_owned(),
    };
    Ok(Error::hint(message, hint))
}
