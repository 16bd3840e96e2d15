//! The project store: one SQLite file holding documents, codes, excerpts,
//! themes, memos and the event log. This is the only module that speaks SQL.
//!
//! Every change goes through [`Project`] as one write transaction ([`Tx`],
//! `BEGIN IMMEDIATE`). The change records each row it touched as one `event_rows` row
//! (table, row id, JSON image before and after) and one `events` row (who,
//! when, what), in the same transaction. That gives undo/redo, `thema log`,
//! and the audit trail a methods section needs, for every kind of change
//! alike.
//!
//! The event model (schema version 4): each change is on its coder's undo
//! stack (`undo_state`, kept current by every commit, so choosing what to undo
//! is one index lookup). `undo` takes back the current coder's own latest
//! change, `undo_any` anyone's newest; both verify inside the transaction
//! that every row is still as the change left it (and that nothing outside
//! the change depends on a row it would remove), else refuse naming the later
//! change. Undo and redo events refer to the change they reverse (`target`)
//! and copy no rows. Row ids are never reused (`row_ids`), so a row id in the
//! log names one row for ever. Connections run with foreign keys on, WAL
//! journaling checkpointed after every commit and a waiting busy handler
//! ([`file`]); the schema is migrated by `PRAGMA user_version` (`schema.sql`,
//! `schema2.sql`, `drafts.sql`, then `migrate.rs`).

mod agreement;
mod appendix;
mod batch;
mod bench;
mod blind;
mod check;
mod codebook;
mod coders;
mod codes;
mod consensus;
mod counts;
mod coverage;
mod documents;
mod drafts;
mod events;
mod excerpts;
mod exchange;
mod file;
mod fingerprint;
mod memos;
mod merge;
mod migrate;
mod orphans;
mod privacy;
mod quotes;
mod settings;
mod snapshot;
mod themes;
mod tx;
mod views;
mod windows;

pub use agreement::{AgreementData, AgreementDoc, CoderSpan};
pub use appendix::FirstCoding;
pub use batch::{BatchCoding, BatchOutcome, BatchTarget};
pub use bench::BenchExcerpt;
pub use check::{CheckReport, check_file};
pub use codebook::CodebookImport;
pub use coders::CoderCounts;
pub use codes::CodeEdit;
pub use codes::CodeImpact;
pub(crate) use codes::is_hex_colour;
pub use documents::{ImportOutcome, NewDocument, ReplaceReport, check_attribute};
pub use drafts::Draft;
pub use excerpts::{Applied, Coding, ExcerptFilter, preview};
pub use exchange::{
    ExcerptCoding, MemoOn, NewCoding, NewExcerpt, NewMemo, ProjectImport, ProjectImported,
};
pub(crate) use file::explain as explain_sqlite;
pub use file::{Access, busy_timeout, set_process_kind};
pub use memos::describe;
pub use merge::Merged;
pub use quotes::{MarkChange, QuoteMark};
pub use snapshot::{CodingData, CodingStats, DocRow, ExcerptRow};
pub use tx::Tx;
pub use views::{CodeExcerpt, Mark};

use crate::error::{Error, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// Marks the file as a thema project in the SQLite header (`PRAGMA
/// application_id`, "THMA"), so `open` can refuse other databases.
const APPLICATION_ID: i64 = 0x5448_4D41;

/// Ordered schema migrations; `user_version` is the number applied so far.
type Migration = fn(&rusqlite::Transaction<'_>) -> Result<()>;
const MIGRATIONS: &[Migration] = &[
    |tx| Ok(tx.execute_batch(include_str!("schema.sql"))?),
    |tx| Ok(tx.execute_batch(include_str!("schema2.sql"))?),
    |tx| Ok(tx.execute_batch(include_str!("drafts.sql"))?),
    migrate::to_v4,
    migrate::to_v5,
    |tx| Ok(tx.execute_batch(include_str!("schema_v6.sql"))?),
    migrate::to_v7,
    migrate::to_v8,
];

/// The schema version this thema reads and writes (`PRAGMA user_version`).
pub(crate) fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// An open project file. Cheap to keep open for a whole TUI session.
pub struct Project {
    conn: Connection,
    path: PathBuf,
    coder: String,
    access: Access,
    notice: file::WaitNotice,
    /// Blind coding for this session (see `blind.rs`).
    blind: bool,
    /// The workbench's coder filter (see `coders.rs`).
    coder_filter: Option<String>,
}

impl std::fmt::Debug for Project {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Project")
            .field("path", &self.path)
            .field("coder", &self.coder)
            .finish()
    }
}

/// Who is coding: `THEMA_CODER`, else the login name, else "analyst".
pub fn default_coder() -> String {
    ["THEMA_CODER", "USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "analyst".to_owned())
}

impl Project {
    /// Create a new, empty project file. Refuses to overwrite an existing file.
    pub fn create(path: &Path) -> Result<Project> {
        if path.exists() || path.is_symlink() {
            return Err(Error::hint(
                format!("{} already exists", path.display()),
                "open it with --project, or choose another file name",
            ));
        }
        file::remember(path);
        let conn = Connection::open(path).map_err(|e| file::classify(path, e))?;
        let created = Self::setup(conn, path.to_owned(), Access::ReadWrite, Default::default());
        if created.is_err() {
            // Do not leave a half-made file that later looks like a project.
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(file::companion(path, suffix));
            }
        }
        created
    }

    /// Open an existing project file (migrating it if it is older). A file
    /// the user cannot write, or one that fails `quick_check`, opens
    /// read-only: reading works, changes are refused with the reason.
    pub fn open(path: &Path) -> Result<Project> {
        let notice = file::WaitNotice::default();
        let (conn, access) = file::open(path, false, &notice)?;
        Self::setup(conn, path.to_owned(), access, notice)
    }

    /// Open a project only to read it; creates no files beside it.
    pub fn open_read_only(path: &Path) -> Result<Project> {
        let notice = file::WaitNotice::default();
        let (conn, access) = file::open(path, true, &notice)?;
        Self::setup(conn, path.to_owned(), access, notice)
    }

    /// A throw-away project in memory (tests, benchmarks).
    pub fn in_memory() -> Result<Project> {
        Self::setup(
            Connection::open_in_memory()?,
            PathBuf::from(":memory:"),
            Access::ReadWrite,
            Default::default(),
        )
    }

    fn setup(
        mut conn: Connection,
        path: PathBuf,
        access: Access,
        notice: file::WaitNotice,
    ) -> Result<Project> {
        file::install_busy_handler(&mut conn, &path, notice.clone())?;
        fingerprint::register(&conn)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        if access == Access::ReadWrite {
            // WAL lets the TUI and a CLI command in another terminal share the file.
            let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            file::checkpoint_every_commit(&mut conn)?;
            migrate(&mut conn)?;
        } else {
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if version as usize != MIGRATIONS.len() {
                return Err(Error::hint(
                    format!(
                        "{} has schema {version}, this thema reads schema {}, and it cannot be upgraded now",
                        path.display(),
                        MIGRATIONS.len()
                    ),
                    match &access {
                        Access::ReadOnly(why) => why.clone(),
                        Access::ReadWrite => String::new(),
                    },
                ));
            }
        }
        Ok(Project {
            conn,
            path,
            coder: default_coder(),
            access,
            notice,
            blind: false,
            coder_filter: None,
        })
    }

    /// Whether changes are possible, and if not, why.
    pub fn access(&self) -> &Access {
        &self.access
    }

    /// Call `f` with a message while a change waits for another thema to
    /// finish (and with "" when the wait ends in failure); the TUI shows it.
    pub fn on_wait(&self, f: impl FnMut(&str) + Send + 'static) {
        self.notice.set(Box::new(f));
    }

    /// How long a change waits for another thema's write to end before it
    /// fails: `None` is [`busy_timeout`] (the command line's). The workbench
    /// sets zero: a change that would wait fails at once (see
    /// [`Project::gave_up_waiting`]) and the workbench retries it from its
    /// event loop, so it never freezes.
    pub fn set_patience(&self, wait: Option<std::time::Duration>) {
        self.notice.set_patience(wait);
    }

    /// Whether a wait for another writer gave up since the last call (the
    /// change that returned an error was refused only because of the lock;
    /// nothing was written).
    pub fn gave_up_waiting(&self) -> bool {
        self.notice.take_gave_up()
    }

    /// Who holds the project's write lock, as far as its `-lock` note tells
    /// ("thema tui (pid 42)", or "another program").
    pub fn lock_holder(&self) -> String {
        file::describe_holder(&file::companion(&self.path, "-lock"))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn coder(&self) -> &str {
        &self.coder
    }

    /// Record later changes as made by `coder`.
    pub fn set_coder(&mut self, coder: &str) {
        self.coder = coder.trim().to_owned();
    }

    /// Start a change; commit it with [`Tx::commit`] to log it as one event.
    pub fn begin(&mut self) -> Result<Tx<'_>> {
        if let Access::ReadOnly(why) = &self.access {
            return Err(Error::hint(
                format!("cannot change the project: {why}"),
                "nothing was changed; work on a copy you can write (`thema backup FILE`), or fix the file first",
            ));
        }
        let begun = Tx::begin(&mut self.conn, &self.coder);
        self.notice.done();
        let mut tx = begun?;
        // The write lock is ours now: say so to anyone who has to wait.
        tx.hold(file::LockNote::write(&self.path));
        Ok(tx)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Run a parameterless two-column query and collect its rows, e.g. into a
    /// `HashMap<i64, String>` of keys to names or a `Vec<(i64, i64)>` of links.
    pub(crate) fn pairs<A, B, C>(&self, sql: &str) -> Result<C>
    where
        A: rusqlite::types::FromSql,
        B: rusqlite::types::FromSql,
        C: FromIterator<(A, B)>,
    {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<C>>()?)
    }
}

/// The `EXPLAIN QUERY PLAN` of a query, one line per step ("SEARCH e USING
/// INDEX …", "SCAN …"), for tests that pin down which queries use an index.
/// Parameters are left unbound (NULL), which does not change the plan.
#[cfg(test)]
pub(crate) fn query_plan(p: &Project, sql: &str) -> Result<Vec<String>> {
    let mut stmt = p.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
    let n = stmt.parameter_count();
    let nulls = rusqlite::params_from_iter(std::iter::repeat_n(rusqlite::types::Null, n));
    let rows = stmt.query_map(nulls, |r| r.get::<_, String>(3))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let version: usize =
        conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
    if version > MIGRATIONS.len() {
        return Err(Error::hint(
            format!("this project was written by a newer thema (schema {version})"),
            "upgrade thema to open it",
        ));
    }
    for (i, step) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.transaction()?;
        step(&tx)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
    }
    Ok(())
}

/// Turn a name lookup miss into a user error with a hint.
pub(crate) fn not_found(kind: &str, name: &str, list_cmd: &str) -> Error {
    Error::hint(
        format!("no {kind} named \"{name}\""),
        format!("see `{list_cmd}` for the names in this project"),
    )
}
