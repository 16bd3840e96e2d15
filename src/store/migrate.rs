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
//! Version 6 adds curated quotes and privacy reviews (`schema_v6.sql`).
//! Version 7 adds fingerprints of the stored images and indexes for GUID and
//! name lookups, and puts names written before thema normalized them into
//! NFC (see `schema_v7.sql`).
//! Version 8 keeps excerpt counts per document and per code, counted once
//! from the rows here (see `schema_v8.sql` and `counts.rs`).

use super::tx::{TABLES, columns};
use crate::error::Result;
use rusqlite::{Transaction, params};

/// Version 7 → 8 (see `schema_v8.sql`).
pub(crate) fn to_v8(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(include_str!("schema_v8.sql"))?;
    super::counts::rebuild(tx)
}

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

/// Version 6 → 7 (see `schema_v7.sql`), and names written before thema
/// normalized them: every code, theme and document name, attribute key and
/// attribute value is put in NFC, as new ones are (`text::name`). A name
/// whose NFC form another row already has (the same name typed on two
/// systems) gets a number, `name (2)`, so no two rows look alike; the
/// renames are not events (a row renamed here and changed by an older event
/// makes that event's undo refuse, which says so). Attribute keys that would
/// clash on one document are left as they are.
pub(crate) fn to_v7(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(include_str!("schema_v7.sql"))?;
    for table in ["codes", "themes", "documents"] {
        renormalize_names(tx, table)?;
    }
    let attrs: Vec<(i64, i64, String, String)> = {
        let mut stmt = tx.prepare("SELECT id, document_id, key, value FROM attributes")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, doc, key, value) in attrs {
        let (nkey, nvalue) = (nfc(&key), nfc(&value));
        if nkey == key && nvalue == value {
            continue;
        }
        let clash: bool = nkey != key
            && tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM attributes WHERE document_id = ? AND key = ?)",
                params![doc, nkey],
                |r| r.get(0),
            )?;
        let nkey = if clash { key } else { nkey };
        tx.execute(
            "UPDATE attributes SET key = ?, value = ? WHERE id = ?",
            params![nkey, nvalue, id],
        )?;
    }
    Ok(())
}

fn nfc(s: &str) -> String {
    crate::text::name::nfc(s)
}

/// Put every name of `table` in NFC; numbered where that form is taken.
fn renormalize_names(tx: &Transaction<'_>, table: &str) -> Result<()> {
    let rows: Vec<(i64, String)> = {
        let mut stmt = tx.prepare(&format!("SELECT id, name FROM {table} ORDER BY id"))?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    // Keys of the names that are already in their one form.
    let key = crate::text::name::key;
    let mut taken: std::collections::HashSet<String> = rows
        .iter()
        .filter(|(_, n)| nfc(n) == *n)
        .map(|(_, n)| key(n))
        .collect();
    for (id, name) in rows {
        let normal = nfc(&name);
        if normal == name {
            continue;
        }
        let mut candidate = normal.clone();
        let mut n = 2;
        while taken.contains(&key(&candidate)) {
            candidate = format!("{normal} ({n})");
            n += 1;
        }
        taken.insert(key(&candidate));
        tx.execute(
            &format!("UPDATE {table} SET name = ? WHERE id = ?"),
            params![candidate, id],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A schema-6 database (what thema wrote before version 7).
    fn v6() -> rusqlite::Connection {
        let mut c = rusqlite::Connection::open_in_memory().unwrap();
        let tx = c.transaction().unwrap();
        for step in &super::super::MIGRATIONS[..6] {
            step(&tx).unwrap();
        }
        tx.commit().unwrap();
        c
    }

    #[test]
    fn names_written_before_nfc_are_renormalized() {
        // Failed before: an NFD "Café" stayed NFD, so `code apply` of the
        // NFC name (as typed since) made a second code that looks the same.
        let c = v6();
        let nfd = "Cafe\u{301}";
        c.execute_batch(&format!(
            "INSERT INTO codes (id, name, guid, created_at) VALUES
                (1, '{nfd}', 'g1', 't'), (2, 'café', 'g2', 't'),
                (3, 'Re\u{301}sume\u{301}', 'g3', 't'), (4, 'plain', 'g4', 't');
             INSERT INTO themes (id, name, guid, created_at) VALUES (1, 'The\u{301}ma', 'g5', 't');
             INSERT INTO texts (id, sha256, text) VALUES (1, 'x', 'x');
             INSERT INTO documents (id, name, text_id, sha256, chars, imported_at)
                VALUES (1, 'Jose\u{301}', 1, 'x', 1, 't');
             INSERT INTO attributes (id, document_id, key, value) VALUES
                (1, 1, 'e\u{301}quipe', 'Bru\u{308}ssel'), (2, 1, 'unit', '1.10');"
        ))
        .unwrap();
        let tx = rusqlite::Transaction::new_unchecked(&c, rusqlite::TransactionBehavior::Deferred)
            .unwrap();
        to_v7(&tx).unwrap();
        tx.commit().unwrap();
        let names = |sql: &str| -> Vec<String> {
            let mut s = c.prepare(sql).unwrap();
            s.query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        // "café" (NFC) was already taken without case: the NFD one is numbered.
        assert_eq!(
            names("SELECT name FROM codes ORDER BY id"),
            ["Café (2)", "café", "Résumé", "plain"]
        );
        assert_eq!(names("SELECT name FROM themes"), ["Théma"]);
        assert_eq!(names("SELECT name FROM documents"), ["José"]);
        assert_eq!(
            names("SELECT key || '=' || value FROM attributes ORDER BY id"),
            ["équipe=Brüssel", "unit=1.10"]
        );
        // The lookups use the new indexes.
        for (sql, index) in [
            (
                "SELECT id FROM codes WHERE lower(guid) = lower('G1')",
                "codes_by_guid",
            ),
            (
                "SELECT id FROM themes WHERE lower(name) = 'théma'",
                "themes_by_lower_name",
            ),
        ] {
            let plan: String = c
                .query_row(&format!("EXPLAIN QUERY PLAN {sql}"), [], |r| r.get(3))
                .unwrap();
            assert!(plan.contains(index), "{sql}: {plan}");
        }
    }
}
