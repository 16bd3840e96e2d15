//! Merging event logs, so `thema log` and `theme history` show every
//! coder's decisions, not only the merge.
//!
//! An event is the same in two projects when its time, coder, action and
//! summary are (projects copied from one starting project share their first
//! events; a file merged twice shares all of them): those are not copied
//! again, which keeps merging idempotent. The others are appended in time
//! order with ids *below* the merge's own event, so undoing the merge is not
//! blocked by history it brought in. Each copied row image is rewritten to
//! this project's row ids (the row itself, and every id it refers to: a
//! document's text, an excerpt's document, a coding's excerpt and code, a
//! memo's target). A row that no longer exists in the file (deleted there)
//! gets a fresh id that no row will ever take (`row_ids`), so the log never
//! names a row of this project it did not touch. Undo stacks come along: a
//! change done in the file stays on its coder's undo stack; one undone there
//! is not redoable here (the merge ended its redo history, as any new
//! change does).

use super::source::unreadable;
use super::{IdMap, Source, memo_table};
use crate::error::Result;
use crate::store::Tx;
use std::collections::{HashMap, HashSet};

type Fingerprint = (String, String, String, String);

/// One event of a file to copy.
pub(super) struct Planned {
    src: usize,
    id: i64,
    at: String,
    coder: String,
    action: String,
    summary: String,
    target: Option<i64>,
}

/// Where an event of a file ends up: an event this project has, or the
/// n-th copied one.
#[derive(Clone, Copy)]
enum Lands {
    Existing(i64),
    Copied(usize),
}

pub(super) struct Plan {
    copied: Vec<Planned>,
    /// Per file: its event id → where it lands.
    lands: Vec<Vec<(i64, Lands)>>,
}

impl Plan {
    pub(super) fn len(&self) -> usize {
        self.copied.len()
    }
}

/// Decide which events of the files are new here, in the order they will
/// be appended (by time, then file, then the file's order).
pub(super) fn plan(tx: &Tx<'_>, sources: &mut [Source]) -> Result<Plan> {
    let mut seen: HashMap<Fingerprint, Lands> = {
        let mut st = tx
            .conn()
            .prepare("SELECT id, at, coder, action, summary FROM events")?;
        let rows = st.query_map([], |r| {
            Ok((
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?),
                Lands::Existing(r.get(0)?),
            ))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut copied = Vec::new();
    let mut lands = Vec::with_capacity(sources.len());
    for (i, s) in sources.iter().enumerate() {
        let events: Vec<(Fingerprint, i64, Option<i64>)> = s.read(|c| {
            let mut st =
                c.prepare("SELECT id, at, coder, action, summary, target FROM events ORDER BY id")?;
            let rows = st.query_map([], |r| {
                Ok((
                    (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?),
                    r.get(0)?,
                    r.get(5)?,
                ))
            })?;
            rows.collect()
        })?;
        let mut mine = Vec::with_capacity(events.len());
        for (fp, id, target) in events {
            let to = *seen.entry(fp.clone()).or_insert_with(|| {
                copied.push(Planned {
                    src: i,
                    id,
                    at: fp.0,
                    coder: fp.1,
                    action: fp.2,
                    summary: fp.3,
                    target,
                });
                Lands::Copied(copied.len() - 1)
            });
            mine.push((id, to));
        }
        lands.push(mine);
    }
    // Append in time order; `rank[i]` is where the i-th planned event goes.
    let mut order: Vec<usize> = (0..copied.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&copied[a], &copied[b]);
        (&x.at, x.src, x.id).cmp(&(&y.at, y.src, y.id))
    });
    let mut rank = vec![0; copied.len()];
    for (pos, &i) in order.iter().enumerate() {
        rank[i] = pos;
    }
    for mine in &mut lands {
        for (_, to) in mine.iter_mut() {
            if let Lands::Copied(i) = to {
                *i = rank[*i];
            }
        }
    }
    let mut slots: Vec<Option<Planned>> = copied.into_iter().map(Some).collect();
    let copied = order
        .iter()
        .map(|&i| slots[i].take().expect("each planned event once"))
        .collect();
    Ok(Plan { copied, lands })
}

/// Write the planned events, their rows and their undo state; `first` is
/// the first event id reserved for them. Returns how many were copied.
pub(super) fn copy(
    tx: &mut Tx<'_>,
    sources: &mut [Source],
    plan: &Plan,
    first: i64,
    logged: Prefetch,
) -> Result<usize> {
    let logged = logged
        .0
        .join()
        .map_err(|_| crate::error::Error::Internal("reading the files' logs failed".into()))?;
    for (s, lands) in sources.iter_mut().zip(&plan.lands) {
        for (id, to) in lands {
            let to = match to {
                Lands::Existing(e) => *e,
                Lands::Copied(n) => first + *n as i64,
            };
            s.map.set("events", *id, to);
        }
    }
    {
        let mut ins = tx.conn().prepare_cached(
            "INSERT INTO events (id, at, coder, action, summary, target) VALUES (?, ?, ?, ?, ?, ?)",
        )?;
        for (n, e) in plan.copied.iter().enumerate() {
            let target = e.target.and_then(|t| sources[e.src].map.get("events", t));
            ins.execute(rusqlite::params![
                first + n as i64,
                e.at,
                e.coder,
                e.action,
                e.summary,
                target
            ])?;
        }
    }
    for ((i, s), all) in sources.iter_mut().enumerate().zip(logged) {
        let mine: HashSet<i64> = plan
            .copied
            .iter()
            .filter(|e| e.src == i)
            .map(|e| e.id)
            .collect();
        if mine.is_empty() {
            continue;
        }
        undo_state(tx, s, &mine)?;
        rows(tx, s, &mine, all?)?;
    }
    Ok(plan.copied.len())
}

fn undo_state(tx: &mut Tx<'_>, s: &Source, mine: &HashSet<i64>) -> Result<()> {
    let rows: Vec<(i64, String, String, i64)> = s.read(|c| {
        let mut st = c.prepare("SELECT event_id, owner, state, pos FROM undo_state")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect()
    })?;
    let mut ins = tx.conn().prepare_cached(
        "INSERT INTO undo_state (event_id, owner, state, pos) VALUES (?, ?, ?, ?)",
    )?;
    for (event, owner, state, pos) in rows {
        if !mine.contains(&event) {
            continue;
        }
        let Some(id) = s.map.get("events", event) else {
            continue;
        };
        let state = if state == "done" { "done" } else { "dropped" };
        let pos = s.map.get("events", pos).unwrap_or(id);
        ins.execute(rusqlite::params![id, owner, state, pos])?;
    }
    Ok(())
}

/// The id columns of each table's images and the table they refer to
/// (`None`: a memo's target, whose table its `target_kind` says).
fn id_columns(table: &str) -> &'static [(&'static str, Option<&'static str>)] {
    match table {
        "documents" => &[("id", Some("documents")), ("text_id", Some("texts"))],
        "attributes" => &[
            ("id", Some("attributes")),
            ("document_id", Some("documents")),
        ],
        "codes" => &[("id", Some("codes")), ("parent_id", Some("codes"))],
        "excerpts" => &[("id", Some("excerpts")), ("document_id", Some("documents"))],
        "excerpt_codes" => &[
            ("id", Some("excerpt_codes")),
            ("excerpt_id", Some("excerpts")),
            ("code_id", Some("codes")),
        ],
        "themes" => &[("id", Some("themes")), ("parent_id", Some("themes"))],
        "theme_codes" => &[
            ("id", Some("theme_codes")),
            ("theme_id", Some("themes")),
            ("code_id", Some("codes")),
        ],
        "memos" => &[("id", Some("memos")), ("target_id", None)],
        "quote_marks" => &[
            ("id", Some("quote_marks")),
            ("excerpt_id", Some("excerpts")),
        ],
        "check_reviews" => &[
            ("id", Some("check_reviews")),
            ("excerpt_id", Some("excerpts")),
        ],
        _ => &[],
    }
}

/// This project's id for row `old` of `table` in the file: the row it was
/// matched with or copied to, else a fresh id (the row is gone there).
fn resolve(tx: &mut Tx<'_>, map: &mut IdMap, table: &'static str, old: i64) -> Result<i64> {
    if let Some(id) = map.get(table, old) {
        return Ok(id);
    }
    if table == "texts" {
        return Ok(old);
    }
    let id = tx.fresh_id(table)?;
    map.set(table, old, id);
    Ok(id)
}

/// One logged row of a file: event, table, row id, images before and after.
type Row = (i64, String, i64, Option<String>, Option<String>);

/// The files' logged rows, read on a second thread (its own read-only
/// connection per file) while this one merges the data: reading a file's
/// 200,000 row images is a third of copying its log and needs nothing the
/// merge decides. A merge that is refused drops it; the thread then ends
/// with its reads.
pub(super) struct Prefetch(std::thread::JoinHandle<Vec<Result<Vec<Row>>>>);

/// Start reading the logged rows of every file that has events to copy
/// (see [`Prefetch`]; the others get none).
pub(super) fn prefetch(sources: &[Source], plan: &Plan) -> Prefetch {
    let files: Vec<(std::path::PathBuf, String, bool)> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let wanted = plan.copied.iter().any(|e| e.src == i);
            (s.project.path().to_owned(), s.label.clone(), wanted)
        })
        .collect();
    Prefetch(std::thread::spawn(move || {
        files
            .iter()
            .map(|(path, label, wanted)| {
                if !wanted {
                    return Ok(Vec::new());
                }
                let p = crate::store::Project::open_read_only(path)
                    .map_err(|e| unreadable(label, &e.to_string()))?;
                let mut st = p
                    .conn()
                    .prepare("SELECT event_id, tbl, row_id, before, after FROM event_rows")
                    .map_err(|e| unreadable(label, &e.to_string()))?;
                let rows = st
                    .query_map([], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                    })
                    .and_then(|rows| rows.collect::<rusqlite::Result<Vec<Row>>>());
                rows.map_err(|e| unreadable(label, &e.to_string()))
            })
            .collect()
    }))
}

fn rows(tx: &mut Tx<'_>, s: &mut Source, mine: &HashSet<i64>, all: Vec<Row>) -> Result<()> {
    let mut rows: Vec<Row> = all.into_iter().filter(|r| mine.contains(&r.0)).collect();
    for (event, tbl, row, before, after) in &mut rows {
        let Ok(table) = crate::store::tx::known(tbl) else {
            continue;
        };
        *event = s.map.get("events", *event).unwrap_or(*event);
        *row = resolve(tx, &mut s.map, table, *row)?;
        for image in [before, after].into_iter().flatten() {
            *image = rewrite(tx, &mut s.map, table, image)?;
        }
    }
    let mut ins = tx.conn().prepare_cached(
        "INSERT INTO event_rows (event_id, tbl, row_id, before, after) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (event_id, tbl, row_id) DO NOTHING",
    )?;
    for (event, tbl, row, before, after) in rows {
        ins.execute(rusqlite::params![event, tbl, row, before, after])?;
    }
    Ok(())
}

/// The image with every id column rewritten to this project's ids. Images
/// are `json_object` output (compact, keys in schema order), so a key is
/// `"name":` right after `{` or `,`: inside a string value a quote is
/// escaped (`\"`), so that text cannot occur there. The key order and form
/// stay exactly as `json_object` writes them, which undo compares against.
fn rewrite(tx: &mut Tx<'_>, map: &mut IdMap, table: &str, image: &str) -> Result<String> {
    let mut out = image.to_owned();
    for (col, refers) in id_columns(table) {
        let refers = match refers {
            Some(t) => *t,
            None => {
                match value_of(&out, "target_kind").and_then(|k| memo_table(k.trim_matches('"'))) {
                    Some(t) => t,
                    None => continue,
                }
            }
        };
        let Some((start, end)) = value_span(&out, col) else {
            continue;
        };
        let Ok(old) = out[start..end].parse::<i64>() else {
            continue; // null
        };
        let new = resolve(tx, map, refers, old)?;
        out.replace_range(start..end, &new.to_string());
    }
    Ok(out)
}

/// The byte range of the value of top-level key `col` (numbers and simple
/// strings: up to the next `,` or `}`).
fn value_span(image: &str, col: &str) -> Option<(usize, usize)> {
    let pat = format!("\"{col}\":");
    let bytes = image.as_bytes();
    let mut from = 0;
    while let Some(i) = image[from..].find(&pat) {
        let at = from + i;
        if at > 0 && matches!(bytes[at - 1], b'{' | b',') {
            let start = at + pat.len();
            let len = image[start..].find([',', '}'])?;
            return Some((start, start + len));
        }
        from = at + 1;
    }
    None
}

fn value_of<'a>(image: &'a str, col: &str) -> Option<&'a str> {
    value_span(image, col).map(|(a, b)| &image[a..b])
}

#[cfg(test)]
mod tests {
    use super::value_span;

    /// Every table changes are logged for has its id columns listed, so a
    /// table added later cannot arrive in a merged log with the file's ids.
    #[test]
    fn every_logged_table_has_its_id_columns() {
        for table in crate::store::tx::TABLES {
            let cols = super::id_columns(table);
            assert!(cols.iter().any(|(c, _)| *c == "id"), "{table}");
        }
    }

    #[test]
    fn keys_are_found_only_as_keys() {
        let img = r#"{"id":7,"text":"a,\"id\":9","document_id":3}"#;
        let (a, b) = value_span(img, "id").unwrap();
        assert_eq!(&img[a..b], "7");
        let (a, b) = value_span(img, "document_id").unwrap();
        assert_eq!(&img[a..b], "3");
        assert!(value_span(r#"{"text":"x,\"code_id\":1"}"#, "code_id").is_none());
    }
}
