//! Schema migrations beyond the first, each one step of `PRAGMA user_version`.
//!
//! Version 4 moves the change log from one JSON string per event
//! (`events.changes`, version 1) to one `event_rows` row per touched row, and
//! builds the per-coder undo stacks (`undo_state`) that version 1 derived by
//! walking the whole log. Each step runs inside the migration's transaction,
//! so a project is either fully migrated or left as it was.
//!
//! Version 5 adds the codebook fields (definition, when to use, when not to
//! use, examples), `codable` and `position` to codes (see `schema_v5.sql`).

use super::tx::{TABLES, columns};
use crate::error::Result;
use rusqlite::{Transaction, params};

/// Version 3 → 4 (see `schema_v4.sql`).
pub(crate) fn to_v4(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(include_str!("schema_v4.sql"))?;
    // Only the tables version 4 has: later versions add logged tables to
    // `TABLES` that do not exist yet at this step.
    let existing: Vec<String> = tx
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let tables: Vec<&str> = TABLES
        .iter()
        .copied()
        .filter(|t| existing.iter().any(|e| e == t))
        .collect();
    // Version 1 undo/redo events copied the rows they restored; in version 4
    // they only refer to their target, so their copies are not carried over.
    // A row touched twice by one change keeps its first before, last after.
    tx.execute(
        "INSERT INTO event_rows (event_id, tbl, row_id, before, after)
         SELECT e.id, j.value ->> 'table', j.value ->> 'id', j.value -> 'before', j.value -> 'after'
         FROM events e, json_each(e.changes) j
         WHERE e.action NOT IN ('undo', 'redo')
         ORDER BY e.id, j.key
         ON CONFLICT (event_id, tbl, row_id) DO UPDATE SET after = excluded.after",
        [],
    )?;
    // Rewrite the images in the one canonical form (json_object over the
    // columns in schema order) that undo compares current rows against.
    for &table in &tables {
        for side in ["before", "after"] {
            let parts: Vec<String> = columns(tx, table)?
                .iter()
                .map(|c| format!("'{c}', json_extract({side}, '$.\"{c}\"')"))
                .collect();
            tx.execute(
                &format!(
                    "UPDATE event_rows SET {side} = json_object({}) WHERE tbl = ? AND {side} IS NOT NULL",
                    parts.join(", ")
                ),
                [table],
            )?;
        }
    }
    for &table in &tables {
        tx.execute(
            &format!(
                "INSERT INTO row_ids (tbl, last) SELECT ?1, max(
                    coalesce((SELECT max(id) FROM {table}), 0),
                    coalesce((SELECT max(row_id) FROM event_rows WHERE tbl = ?1), 0))"
            ),
            [table],
        )?;
    }
    build_undo_state(tx)?;
    tx.execute_batch("ALTER TABLE events DROP COLUMN changes")?;
    Ok(())
}

/// Version 4 → 5 (see `schema_v5.sql`). Stored images of code rows get the
/// new columns with their defaults, appended in schema order as
/// `json_object` would write them, so an undo of an older change still finds
/// its rows unchanged and restores them whole.
pub(crate) fn to_v5(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(include_str!("schema_v5.sql"))?;
    for side in ["before", "after"] {
        tx.execute(
            &format!(
                "UPDATE event_rows SET {side} = json_insert({side},
                    '$.definition', '', '$.use_when', '', '$.not_use_when', '',
                    '$.examples', '[]', '$.codable', 1, '$.position', NULL)
                 WHERE tbl = 'codes' AND {side} IS NOT NULL"
            ),
            [],
        )?;
    }
    Ok(())
}

/// Replay version 1's single, shared stack: what was done stays on its
/// author's undo stack; what was undone and still redoable goes on the redo
/// stack of whoever undid it; what a later change made unredoable is dropped.
fn build_undo_state(tx: &Transaction<'_>) -> Result<()> {
    struct Entry {
        owner: String,
        state: &'static str,
        pos: i64,
    }
    let mut entries: std::collections::BTreeMap<i64, Entry> = Default::default();
    let mut redo: Vec<i64> = Vec::new();
    {
        let mut stmt = tx.prepare("SELECT id, coder, action, target FROM events ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let coder: String = r.get(1)?;
            let action: String = r.get(2)?;
            let target: Option<i64> = r.get(3)?;
            match (action.as_str(), target) {
                ("undo", Some(t)) => {
                    if let Some(e) = entries.get_mut(&t) {
                        *e = Entry {
                            owner: coder,
                            state: "undone",
                            pos: id,
                        };
                    }
                    redo.retain(|&d| d != t);
                    redo.push(t);
                }
                ("redo", Some(t)) => {
                    let author: String =
                        tx.query_row("SELECT coder FROM events WHERE id = ?", [t], |r| r.get(0))?;
                    if let Some(e) = entries.get_mut(&t) {
                        *e = Entry {
                            owner: author,
                            state: "done",
                            pos: id,
                        };
                    }
                    redo.retain(|&d| d != t);
                }
                _ => {
                    for d in redo.drain(..) {
                        if let Some(e) = entries.get_mut(&d) {
                            e.state = "dropped";
                        }
                    }
                    entries.insert(
                        id,
                        Entry {
                            owner: coder,
                            state: "done",
                            pos: id,
                        },
                    );
                }
            }
        }
    }
    let mut ins =
        tx.prepare("INSERT INTO undo_state (event_id, owner, state, pos) VALUES (?, ?, ?, ?)")?;
    for (id, e) in entries {
        ins.execute(params![id, e.owner, e.state, e.pos])?;
    }
    Ok(())
}
