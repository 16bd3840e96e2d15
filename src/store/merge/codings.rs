//! Merging excerpts and their codings, the bulk of a merge (100,000s of
//! rows). Both are matched the same way, by one copy routine
//! ([`copy_matched`]): an excerpt is the same when document, span and coder
//! are, a coding when excerpt and code are. A row the project lacks is
//! inserted with the file's coder and timestamp, through one prepared
//! statement and ids reserved in one go (recorded for undo in one statement
//! afterwards, `Tx::record_new_rows`); for a row both have, the earlier
//! timestamp is kept. Rows the file holds twice (the same key) become one.

use super::{Bulk, IdMap, Merged, Source};
use crate::error::Result;
use crate::store::Tx;
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

/// A row of the file: its id there, its key in this project's ids, its
/// timestamp and the rest of its columns.
struct Incoming<K, R> {
    id: i64,
    key: K,
    created: String,
    rest: R,
}

/// Where a key is found while matching.
enum Here {
    /// A row the project had before the merge: its id and timestamp.
    Old(i64, String),
    /// The n-th new row of this merge.
    New(usize),
}

/// Copy the file's `rows` of `table` that the project lacks; `have` holds
/// the project's rows by key (id, timestamp). `insert` runs the prepared
/// `insert_sql` for one new row with its new id. Returns how many rows were
/// inserted; every file id is mapped to its row here.
#[allow(clippy::too_many_arguments)]
fn copy_matched<K: Eq + Hash + Clone, R>(
    tx: &mut Tx<'_>,
    map: &mut IdMap,
    bulk: &mut Bulk,
    table: &'static str,
    have: HashMap<K, (i64, String)>,
    rows: Vec<Incoming<K, R>>,
    insert_sql: &str,
    mut insert: impl FnMut(
        &mut rusqlite::Statement<'_>,
        i64,
        &Incoming<K, R>,
    ) -> rusqlite::Result<usize>,
) -> Result<usize> {
    let mut seen: HashMap<K, Here> = have
        .into_iter()
        .map(|(k, (id, at))| (k, Here::Old(id, at)))
        .collect();
    let mut new: Vec<Incoming<K, R>> = Vec::new();
    // File rows that are a new row's twin: (file id, index into `new`).
    let mut twins: Vec<(i64, usize)> = Vec::new();
    // Rows here that get an earlier timestamp, in id order (deterministic).
    let mut earlier: BTreeMap<i64, String> = BTreeMap::new();
    for row in rows {
        match seen.get_mut(&row.key) {
            Some(Here::Old(here, at)) => {
                if row.created < *at {
                    at.clone_from(&row.created);
                    earlier.insert(*here, row.created);
                }
                map.set(table, row.id, *here);
            }
            Some(Here::New(n)) => {
                let n = *n;
                if row.created < new[n].created {
                    new[n].created = row.created;
                }
                twins.push((row.id, n));
            }
            None => {
                seen.insert(row.key.clone(), Here::New(new.len()));
                new.push(row);
            }
        }
    }
    drop(seen);
    for (id, at) in earlier {
        tx.update(table, id, &[("created_at", &at)])?;
    }
    let first = bulk.reserve(tx, table, new.len())?;
    {
        let mut ins = tx.conn().prepare_cached(insert_sql)?;
        for (i, row) in new.iter().enumerate() {
            let to = first + i as i64;
            insert(&mut ins, to, row)?;
            map.set(table, row.id, to);
        }
    }
    for (id, n) in twins {
        map.set(table, id, first + n as i64);
    }
    Ok(new.len())
}

/// Excerpts, then their codings.
pub(super) fn excerpts(
    tx: &mut Tx<'_>,
    s: &mut Source,
    bulk: &mut Bulk,
    out: &mut Merged,
) -> Result<()> {
    type Key = (i64, i64, i64, String);
    let have: HashMap<Key, (i64, String)> = {
        let mut st = tx
            .conn()
            .prepare("SELECT id, document_id, start, end, coder, created_at FROM excerpts")?;
        let rows = st.query_map([], |r| {
            Ok((
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?),
                (r.get(0)?, r.get(5)?),
            ))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let map = &s.map;
    let rows: Vec<Incoming<Key, (String, i64)>> = s.read(|c| {
        let mut st = c.prepare(
            "SELECT id, document_id, start, end, text, orphan, coder, created_at FROM excerpts ORDER BY id",
        )?;
        let mut rows = st.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            // An excerpt of a document not merged (none is left out today).
            let Some(doc) = map.get("documents", r.get(1)?) else {
                continue;
            };
            out.push(Incoming {
                id: r.get(0)?,
                key: (doc, r.get(2)?, r.get(3)?, r.get(6)?),
                created: r.get(7)?,
                rest: (r.get(4)?, r.get(5)?),
            });
        }
        Ok(out)
    })?;
    out.excerpts += copy_matched(
        tx,
        &mut s.map,
        bulk,
        "excerpts",
        have,
        rows,
        "INSERT INTO excerpts (id, document_id, start, end, text, orphan, coder, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        |ins, to, r| {
            let ((doc, start, end, coder), (text, orphan)) = (&r.key, &r.rest);
            ins.execute(rusqlite::params![
                to, doc, start, end, text, orphan, coder, r.created
            ])
        },
    )?;
    codings(tx, s, bulk, out)
}

fn codings(tx: &mut Tx<'_>, s: &mut Source, bulk: &mut Bulk, out: &mut Merged) -> Result<()> {
    let have: HashMap<(i64, i64), (i64, String)> = {
        let mut st = tx
            .conn()
            .prepare("SELECT id, excerpt_id, code_id, created_at FROM excerpt_codes")?;
        let rows = st.query_map([], |r| Ok(((r.get(1)?, r.get(2)?), (r.get(0)?, r.get(3)?))))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let map = &s.map;
    let rows: Vec<Incoming<(i64, i64), String>> = s.read(|c| {
        let mut st = c.prepare(
            "SELECT id, excerpt_id, code_id, coder, created_at FROM excerpt_codes ORDER BY id",
        )?;
        let mut rows = st.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let (Some(excerpt), Some(code)) =
                (map.get("excerpts", r.get(1)?), map.get("codes", r.get(2)?))
            else {
                continue;
            };
            out.push(Incoming {
                id: r.get(0)?,
                key: (excerpt, code),
                created: r.get(4)?,
                rest: r.get(3)?,
            });
        }
        Ok(out)
    })?;
    out.codings += copy_matched(
        tx,
        &mut s.map,
        bulk,
        "excerpt_codes",
        have,
        rows,
        "INSERT INTO excerpt_codes (id, excerpt_id, code_id, coder, created_at) VALUES (?, ?, ?, ?, ?)",
        |ins, to, r| {
            let (excerpt, code) = r.key;
            ins.execute(rusqlite::params![to, excerpt, code, r.rest, r.created])
        },
    )?;
    Ok(())
}
