//! `thema merge`: other coders' project files brought into this one, as one
//! change (one event, one undo step).
//!
//! Rows are matched, never copied blindly: documents by id (name key) and
//! text hash, codes and themes by GUID and then by name key (NFC, lower
//! case, `text::name::key`), attributes by document and key, excerpts by
//! document, span and coder, codings by excerpt and code, memos by what they
//! are on. Whatever a file has that the project lacks is inserted with the
//! file's coder, author and timestamps; whatever both have is reused, so
//! merging the same file twice changes nothing. Where two versions of a row
//! differ in a way a person must decide (a document id with another text, a
//! code with another parent or definition, two memos on one thing) the merge
//! is refused with every conflict listed and nothing written. Differences
//! with one obvious answer are settled by rules that do not depend on the
//! order of merging (an empty definition takes the other; the smaller of two
//! spellings, GUIDs or colours wins; the earlier timestamp wins; the later
//! theme phase wins), so A then B and B then A give the same project.
//! The files' event logs are copied too ([`history`]), so `thema log` and
//! `theme history` show every coder's decisions.

mod codebook;
mod codings;
mod history;
mod source;

use super::{Project, Tx};
use crate::error::{Error, Result};
use crate::text::name::key;
use source::{Source, open_source};
use std::collections::HashMap;
use std::path::PathBuf;

/// The lookups a merge runs once per row of a file (texts, memos, quote
/// marks, reviewed findings), each an index search: a scan here would make
/// a merge quadratic (`per_row_lookups_search_an_index` pins the plans).
/// Excerpts and codings, the bulk, are matched in memory (`codings.rs`).
const TEXT_BY_HASH: &str = "SELECT id FROM texts WHERE sha256 = ?";
const MEMO_ON: &str = "SELECT id, text, coder FROM memos WHERE target_kind = ? AND target_id = ?";
const MARK_ON: &str =
    "SELECT id, excerpt_id, key_quote, excluded, display FROM quote_marks WHERE excerpt_id = ?";
const REVIEW_OF: &str =
    "SELECT id FROM check_reviews WHERE excerpt_id = ? AND rule = ? AND words = ?";

/// What a merge did, summed over its files.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Merged {
    pub files: Vec<String>,
    pub documents: usize,
    pub attributes: usize,
    pub codes: usize,
    pub themes: usize,
    pub excerpts: usize,
    pub codings: usize,
    pub memos: usize,
    /// Events of the files' logs added to this project's log.
    pub events: usize,
    /// The merge's own event (`None` when nothing changed).
    pub event: Option<i64>,
}

/// Source row id → project row id, per table (plus `texts` and `events`),
/// for one file. Row ids are small and dense (ids are handed out one after
/// another), so each table's map is a vector indexed by the file's id; an id
/// far beyond what the map holds goes to a hash map instead, so a file with
/// a few huge ids costs no memory. A merge of 100,000 excerpts looks ids up
/// a million times (every id in every copied log image).
#[derive(Default)]
pub(crate) struct IdMap {
    maps: [Ids; MAPPED.len()],
}

/// The tables an [`IdMap`] maps ids of.
const MAPPED: [&str; 12] = [
    "texts",
    "events",
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

#[derive(Default)]
struct Ids {
    /// `dense[id]`: the project's id, 0 = none (no row has id 0).
    dense: Vec<i64>,
    sparse: HashMap<i64, i64>,
}

impl IdMap {
    fn slot(table: &str) -> usize {
        MAPPED
            .iter()
            .position(|t| *t == table)
            .unwrap_or_else(|| panic!("{table} has no id map"))
    }
    fn set(&mut self, table: &'static str, from: i64, to: i64) {
        debug_assert!(to != 0, "row ids start at 1");
        let ids = &mut self.maps[Self::slot(table)];
        let dense_up_to = 2 * ids.dense.len() as i64 + 65_536;
        if (1..dense_up_to).contains(&from) {
            let i = from as usize;
            if i >= ids.dense.len() {
                ids.dense.resize(i + 1, 0);
            }
            ids.dense[i] = to;
        } else {
            ids.sparse.insert(from, to);
        }
    }
    fn get(&self, table: &str, from: i64) -> Option<i64> {
        let ids = &self.maps[Self::slot(table)];
        match usize::try_from(from).ok().and_then(|i| ids.dense.get(i)) {
            Some(0) | None => ids.sparse.get(&from).copied(),
            Some(to) => Some(*to),
        }
    }
}

impl Project {
    /// Merge other project files into this one as one change (see the
    /// module docs). All or nothing: a file that cannot be read, a document
    /// id with another text, or any conflict leaves the project as it was.
    pub fn merge(&mut self, files: &[PathBuf]) -> Result<Merged> {
        // A merge writes hundreds of megabytes in one transaction. With
        // SQLite's default 2 MB page cache most of it was written to the WAL,
        // read back and written again as the indexes grew (a third of a
        // 100,000-excerpt merge was file I/O); the cache grows only as far
        // as the merge needs, and is set back afterwards.
        let cache: i64 = self
            .conn()
            .query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn()
            .pragma_update(None, "cache_size", -MERGE_CACHE_KIB)?;
        let merged = self.merge_files(files);
        self.conn().pragma_update(None, "cache_size", cache)?;
        merged
    }

    fn merge_files(&mut self, files: &[PathBuf]) -> Result<Merged> {
        let mut sources = Vec::with_capacity(files.len());
        for f in files {
            sources.push(open_source(self.path(), f)?);
        }
        let mut out = Merged {
            files: sources.iter().map(|s| s.label.clone()).collect(),
            ..Default::default()
        };
        let clock = Clock::new();
        let mut tx = self.begin()?;
        // Copied events go below the merge's own event (see `history`).
        let plan = history::plan(&tx, &mut sources)?;
        let first_event = tx.reserve_events(plan.len() as i64)?;
        let logged = history::prefetch(&sources, &plan);
        tx.conn().pragma_update(None, "defer_foreign_keys", true)?;
        let mut conflicts = Vec::new();
        let mut bulk = Bulk::default();
        for s in &mut sources {
            documents(&mut tx, s, &mut out)?;
            clock.lap("documents");
            codebook::codes(&mut tx, s, &mut conflicts, &mut out)?;
            codebook::themes(&mut tx, s, &mut conflicts, &mut out)?;
            clock.lap("codebook");
            codings::excerpts(&mut tx, s, &mut bulk, &mut out)?;
            clock.lap("excerpts");
            memos(&mut tx, s, &mut conflicts, &mut out)?;
            notes(&mut tx, s, &mut conflicts)?;
            clock.lap("memos");
        }
        if !conflicts.is_empty() {
            return Err(Error::hint(
                format!(
                    "{} conflict(s); nothing was merged:\n  {}",
                    conflicts.len(),
                    conflicts.join("\n  ")
                ),
                "make the two versions agree in one of the files (rename, edit or delete), then merge again",
            ));
        }
        for (table, from) in bulk.from {
            tx.record_new_rows(table, from)?;
        }
        clock.lap("record");
        out.events = history::copy(&mut tx, &mut sources, &plan, first_event, logged)?;
        clock.lap("history");
        let names = out.files.join(", ");
        out.event = tx.commit(
            "merge",
            &format!(
                "merged {names}: {} document(s), {} code(s), {} theme(s), {} excerpt(s), {} coding(s), {} memo(s)",
                out.documents, out.codes, out.themes, out.excerpts, out.codings, out.memos
            ),
        )?;
        clock.lap("commit");
        Ok(out)
    }
}

/// The page cache a merge may use, in KiB (see [`Project::merge`]).
const MERGE_CACHE_KIB: i64 = 1 << 20;

/// Phase times on stderr when `THEMA_MERGE_TIMING` is set (benchmarks):
/// wall time and this process's CPU time, so a phase slowed by other
/// processes on the machine tells itself apart from one that works harder.
struct Clock(Option<std::cell::Cell<(std::time::Instant, f64)>>);

impl Clock {
    fn new() -> Clock {
        Clock(
            std::env::var_os("THEMA_MERGE_TIMING")
                .map(|_| std::cell::Cell::new((std::time::Instant::now(), cpu_seconds()))),
        )
    }
    fn lap(&self, what: &str) {
        if let Some(t) = &self.0 {
            let (wall, cpu) = t.get();
            let now = cpu_seconds();
            eprintln!(
                "merge {what}: {:.2?} (cpu {:.2} s)",
                wall.elapsed(),
                now - cpu
            );
            t.set((std::time::Instant::now(), now));
        }
    }
}

/// User + system CPU time of this process so far.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage writes into the zeroed struct we pass and nothing else.
    let usage = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut u);
        u
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// Where bulk-inserted rows start, per table, to record them in one go.
#[derive(Default)]
struct Bulk {
    from: Vec<(&'static str, i64)>,
}

impl Bulk {
    fn reserve(&mut self, tx: &mut Tx<'_>, table: &'static str, n: usize) -> Result<i64> {
        let first = tx.reserve_ids(table, n as i64)?;
        if n > 0 && !self.from.iter().any(|(t, _)| *t == table) {
            self.from.push((table, first));
        }
        Ok(first)
    }
}

/// Texts, documents and attributes. A document id the project has with
/// another text refuses the merge at once, naming every such document.
fn documents(tx: &mut Tx<'_>, s: &mut Source, out: &mut Merged) -> Result<()> {
    type Doc = (i64, String, i64, String, i64, Option<String>, String);
    let docs: Vec<Doc> = s.read(|c| {
        let mut st = c.prepare(
            "SELECT id, name, text_id, sha256, chars, source, imported_at FROM documents ORDER BY id",
        )?;
        let rows = st.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
        })?;
        rows.collect()
    })?;
    let have: HashMap<String, (i64, String, String)> = {
        let mut st = tx
            .conn()
            .prepare("SELECT id, name, sha256 FROM documents")?;
        let rows = st.query_map([], |r| {
            let name: String = r.get(1)?;
            Ok((key(&name), (r.get(0)?, name, r.get(2)?)))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let clashes: Vec<String> = docs
        .iter()
        .filter_map(|(_, name, _, sha, ..)| {
            let (_, here, their) = have.get(&key(name))?;
            (their != sha).then(|| format!("{here} (here) and {name} (in {})", s.label))
        })
        .collect();
    if !clashes.is_empty() {
        return Err(Error::hint(
            format!(
                "same document id, different text: {}; nothing was merged",
                clashes.join(", ")
            ),
            "documents are matched by id and text; re-import the same write-up in both projects, or give one another id",
        ));
    }
    // Every text of the file (old versions too: its log refers to them).
    let texts: Vec<(i64, String)> = s.read(|c| {
        let mut st = c.prepare("SELECT id, sha256 FROM texts ORDER BY id")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect()
    })?;
    for (id, sha) in texts {
        let found: Option<i64> = {
            use rusqlite::OptionalExtension;
            tx.conn()
                .prepare_cached(TEXT_BY_HASH)?
                .query_row([&sha], |r| r.get(0))
                .optional()?
        };
        let to = match found {
            Some(t) => t,
            None => {
                let text: String = s.read(|c| {
                    c.query_row("SELECT text FROM texts WHERE id = ?", [id], |r| r.get(0))
                })?;
                super::documents::store_text(tx, &sha, &text)?
            }
        };
        s.map.set("texts", id, to);
    }
    for (id, name, text_id, sha, chars, source, imported_at) in &docs {
        let to = match have.get(&key(name)) {
            Some((here, ..)) => *here,
            None => {
                let text_id = s.map.get("texts", *text_id).unwrap_or(*text_id);
                out.documents += 1;
                tx.insert(
                    "documents",
                    &[
                        ("name", name),
                        ("text_id", &text_id),
                        ("sha256", sha),
                        ("chars", chars),
                        ("source", source),
                        ("imported_at", imported_at),
                    ],
                )?
            }
        };
        s.map.set("documents", *id, to);
    }
    attributes(tx, s, out)
}

/// Attributes by document and key. The same key with another value is a
/// conflict a person must settle (which unit was the interview?).
fn attributes(tx: &mut Tx<'_>, s: &mut Source, out: &mut Merged) -> Result<()> {
    let rows: Vec<(i64, i64, String, String)> = s.read(|c| {
        let mut st = c.prepare("SELECT id, document_id, key, value FROM attributes ORDER BY id")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect()
    })?;
    let have: HashMap<(i64, String), (i64, String)> = {
        let mut st = tx
            .conn()
            .prepare("SELECT id, document_id, key, value FROM attributes")?;
        let rows = st.query_map([], |r| Ok(((r.get(1)?, r.get(2)?), (r.get(0)?, r.get(3)?))))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut clashes = Vec::new();
    for (id, doc, k, v) in rows {
        let Some(doc) = s.map.get("documents", doc) else {
            continue;
        };
        let to = match have.get(&(doc, k.clone())) {
            Some((here, value)) => {
                if *value != v {
                    let name: String = tx.conn().query_row(
                        "SELECT name FROM documents WHERE id = ?",
                        [doc],
                        |r| r.get(0),
                    )?;
                    clashes.push(format!(
                        "{name} {k}: \"{value}\" here, \"{v}\" in {}",
                        s.label
                    ));
                }
                *here
            }
            None => {
                out.attributes += 1;
                tx.insert(
                    "attributes",
                    &[("document_id", &doc), ("key", &k), ("value", &v)],
                )?
            }
        };
        s.map.set("attributes", id, to);
    }
    if !clashes.is_empty() {
        return Err(Error::hint(
            format!(
                "attributes differ: {}; nothing was merged",
                clashes.join(", ")
            ),
            "set the attribute to the same value in both projects (`thema attr`), then merge again",
        ));
    }
    Ok(())
}

/// The table a memo's `target_id` refers to, by its `target_kind`.
pub(crate) fn memo_table(kind: &str) -> Option<&'static str> {
    match kind {
        "document" => Some("documents"),
        "code" => Some("codes"),
        "theme" => Some("themes"),
        "excerpt" => Some("excerpts"),
        _ => None,
    }
}

/// Memos keep their author and time. One thing has one memo, so two
/// different memos on the same thing are a conflict.
fn memos(
    tx: &mut Tx<'_>,
    s: &mut Source,
    conflicts: &mut Vec<String>,
    out: &mut Merged,
) -> Result<()> {
    type Memo = (i64, String, i64, String, String, String);
    let rows: Vec<Memo> = s.read(|c| {
        let mut st = c.prepare(
            "SELECT id, target_kind, target_id, text, coder, updated_at FROM memos ORDER BY id",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?;
        rows.collect()
    })?;
    for (id, kind, target, text, coder, at) in rows {
        let to_target = match memo_table(&kind) {
            None => Some(target),
            Some(t) => s.map.get(t, target),
        };
        let Some(to_target) = to_target else {
            continue;
        };
        let here: Option<(i64, String, String)> = {
            use rusqlite::OptionalExtension;
            tx.conn()
                .prepare_cached(MEMO_ON)?
                .query_row(rusqlite::params![kind, to_target], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?
        };
        let to = match here {
            Some((m, here_text, here_coder)) => {
                if here_text.trim_end() != text.trim_end() {
                    conflicts.push(format!(
                        "the memo on {}: {here_coder}'s here differs from {coder}'s in {}",
                        describe(tx.conn(), &kind, to_target)?,
                        s.label
                    ));
                }
                m
            }
            None => {
                out.memos += 1;
                tx.insert(
                    "memos",
                    &[
                        ("target_kind", &kind),
                        ("target_id", &to_target),
                        ("text", &text),
                        ("coder", &coder),
                        ("updated_at", &at),
                    ],
                )?
            }
        };
        s.map.set("memos", id, to);
    }
    Ok(())
}

/// What a memo is on, for a conflict message: "code \"Trust\"", "excerpt 12".
fn describe(conn: &rusqlite::Connection, kind: &str, id: i64) -> Result<String> {
    let name_of = |table: &str, col: &str| -> Result<String> {
        Ok(conn.query_row(
            &format!("SELECT {col} FROM {table} WHERE id = ?"),
            [id],
            |r| r.get(0),
        )?)
    };
    Ok(match kind {
        "document" => format!("document {}", name_of("documents", "name")?),
        "code" => format!("code \"{}\"", name_of("codes", "name")?),
        "theme" => format!("theme \"{}\"", name_of("themes", "name")?),
        "excerpt" => format!("excerpt {id}"),
        _ => "the project".to_owned(),
    })
}

/// Notes about excerpts: quote marks (key quote, excluded, trimmed display;
/// one per excerpt, so two different ones are a conflict) and reviewed
/// privacy findings (the union).
fn notes(tx: &mut Tx<'_>, s: &mut Source, conflicts: &mut Vec<String>) -> Result<()> {
    type Mark = (i64, i64, i64, i64, Option<String>);
    let marks: Vec<Mark> = s.read(|c| {
        let mut st = c.prepare(
            "SELECT id, excerpt_id, key_quote, excluded, display FROM quote_marks ORDER BY id",
        )?;
        let rows = st.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        rows.collect()
    })?;
    for (id, excerpt, key_quote, excluded, display) in marks {
        let Some(excerpt) = s.map.get("excerpts", excerpt) else {
            continue;
        };
        let here: Option<Mark> = {
            use rusqlite::OptionalExtension;
            tx.conn()
                .prepare_cached(MARK_ON)?
                .query_row([excerpt], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .optional()?
        };
        let to = match here {
            Some((m, _, k, x, d)) => {
                if (k, x, &d) != (key_quote, excluded, &display) {
                    conflicts.push(format!(
                        "excerpt {excerpt} is marked as a quote differently here and in {}",
                        s.label
                    ));
                }
                m
            }
            None => tx.insert(
                "quote_marks",
                &[
                    ("excerpt_id", &excerpt),
                    ("key_quote", &key_quote),
                    ("excluded", &excluded),
                    ("display", &display),
                ],
            )?,
        };
        s.map.set("quote_marks", id, to);
    }
    let reviews: Vec<(i64, i64, String, String, String)> = s.read(|c| {
        let mut st =
            c.prepare("SELECT id, excerpt_id, rule, words, coder FROM check_reviews ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        rows.collect()
    })?;
    for (id, excerpt, rule, words, coder) in reviews {
        let Some(excerpt) = s.map.get("excerpts", excerpt) else {
            continue;
        };
        let here: Option<i64> = {
            use rusqlite::OptionalExtension;
            tx.conn()
                .prepare_cached(REVIEW_OF)?
                .query_row(rusqlite::params![excerpt, rule, words], |r| r.get(0))
                .optional()?
        };
        let to = match here {
            Some(r) => r,
            None => tx.insert(
                "check_reviews",
                &[
                    ("excerpt_id", &excerpt),
                    ("rule", &rule),
                    ("words", &words),
                    ("coder", &coder),
                ],
            )?,
        };
        s.map.set("check_reviews", id, to);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{MARK_ON, MEMO_ON, REVIEW_OF, TEXT_BY_HASH};

    #[test]
    fn per_row_lookups_search_an_index() {
        let p = crate::store::Project::in_memory().unwrap();
        for sql in [TEXT_BY_HASH, MEMO_ON, MARK_ON, REVIEW_OF] {
            let plan = super::super::query_plan(&p, sql).unwrap();
            assert!(
                !plan.is_empty()
                    && plan
                        .iter()
                        .all(|s| s.starts_with("SEARCH") && s.contains("INDEX")),
                "{sql}: {plan:?}"
            );
        }
    }
}
