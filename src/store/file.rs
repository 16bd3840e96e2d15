//! The project *file*: how it is opened, checked, waited for and copied.
//!
//! Opening tells the real problem apart before SQLite gets to guess: a
//! missing, empty (0-byte), unreadable or foreign file, a damaged project, a
//! file or folder the user cannot write. A file the user cannot write is
//! opened read-only without creating `-wal`/`-shm` files that would lock its
//! owner out. A project that fails `quick_check` (run at open on files up to
//! 8 MB; larger ones get header checks) opens read-only, so nothing is
//! written on top of damage; `thema check-db` says what is wrong.
//!
//! Every commit is followed by a checkpoint (a WAL hook), so the main file on
//! its own always holds every acknowledged change: a copy of `thema.db` is
//! the project. A writer that finds the project busy waits with back-off for
//! up to `THEMA_BUSY_TIMEOUT` seconds (default 60) and says what it waits
//! for; the one holding the write lock leaves a note (pid and command) in
//! `NAME-lock` so that a writer which gives up can say who held it.

use crate::error::{Error, Result};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::cell::RefCell;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How a project was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    /// Changes are refused with this reason (read-only file or folder,
    /// failed quick_check).
    ReadOnly(String),
}

/// What the header says the file is.
enum Kind {
    Thema,
    /// An SQLite database with another (or no) application id.
    OtherSqlite,
}

/// A file that is not readable as a project, with the reason in the user's
/// terms.
fn not_thema(path: &Path, why: &str) -> Error {
    Error::hint(
        format!("{} is not a thema project ({why})", path.display()),
        "pass the .db file created by `thema init`",
    )
}

/// The error for a project SQLite reports as damaged.
pub(crate) fn damaged(path: &Path, detail: &str) -> Error {
    Error::hint(
        format!("{} is damaged: {detail}", path.display()),
        format!(
            "run `thema --project {} check-db` to see what is wrong and how to recover it from your last backup",
            path.display()
        ),
    )
}

/// Look at the file before SQLite does.
fn inspect(path: &Path) -> Result<Kind> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::hint(
                format!("no project at {}", path.display()),
                "create one with `thema init` (or try `thema demo`), or pass --project FILE (or set THEMA_PROJECT)",
            ));
        }
        Err(e) => return Err(unreadable(path, &e)),
    };
    if meta.is_dir() {
        return Err(not_thema(path, "it is a folder"));
    }
    if !meta.is_file() {
        return Err(not_thema(path, "it is not a regular file"));
    }
    if meta.len() == 0 {
        return Err(Error::hint(
            format!(
                "{} is an empty file (0 bytes), not a thema project",
                path.display()
            ),
            "if an interrupted `thema init` left it, delete it and run `thema init` again",
        ));
    }
    let mut head = [0u8; 100];
    let mut f = fs::File::open(path).map_err(|e| unreadable(path, &e))?;
    let n = read_up_to(&mut f, &mut head).map_err(|e| unreadable(path, &e))?;
    if n < 16 || &head[..16] != b"SQLite format 3\0" {
        return Err(not_thema(path, "not an SQLite database"));
    }
    if n < 100 {
        return Err(damaged(path, "the file is cut off inside its header"));
    }
    if let Some(why) = truncated(path, &head, meta.len()) {
        return Err(damaged(path, &why));
    }
    if &head[68..72] == b"THMA" {
        Ok(Kind::Thema)
    } else {
        Ok(Kind::OtherSqlite)
    }
}

/// The header says the database has more pages than the file holds. Only
/// trusted while nobody has the project open (no `-wal`): a checkpoint in
/// progress writes page 1 before the pages that make the file longer.
fn truncated(path: &Path, head: &[u8; 100], len: u64) -> Option<String> {
    if companion(path, "-wal").exists() {
        return None;
    }
    let be32 = |at: usize| u32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(be32(28));
    // The page count is only valid when written by the same change as the
    // change counter (SQLite ≥ 3.7.0 always does).
    if be32(92) != be32(24) || page_size < 512 {
        return None;
    }
    (pages * page_size > len).then(|| {
        format!(
            "it is cut off: the header promises {} bytes, the file has {len}",
            pages * page_size
        )
    })
}

/// `quick_check` reads every page. At open it runs on projects up to this
/// size (a study of some dozens of interviews: tens of milliseconds); a
/// larger file gets the header checks at open and the full check from
/// `thema check-db`, and SQLite still refuses any page it finds damaged.
pub(crate) const QUICK_CHECK_MAX_BYTES: u64 = 8 << 20;

fn read_up_to(f: &mut fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn unreadable(path: &Path, e: &std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::PermissionDenied {
        Error::hint(
            format!("cannot read {}: permission denied", path.display()),
            "ask the project's owner for read access, or work on a copy",
        )
    } else {
        Error::user(format!("cannot read {}: {e}", path.display()))
    }
}

/// Note `path` as this thread's project, for explaining I/O errors.
pub(crate) fn remember(path: &Path) {
    LAST_PROJECT.with(|p| *p.borrow_mut() = Some(path.to_owned()));
}

/// Less than 64 KiB left for the user on the disk holding `project`: SQLite
/// reports a full disk as a plain I/O error when the `-shm` cannot grow.
fn disk_nearly_full(project: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let dir = folder_of(project);
        let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
            return false;
        };
        // SAFETY: statvfs fills the zeroed struct; the path is NUL-terminated.
        let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
        if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
            return false;
        }
        (st.f_bavail as u64).saturating_mul(st.f_frsize as u64) < 64 * 1024
    }
    #[cfg(not(unix))]
    {
        let _ = project;
        false
    }
}

/// Whether this process may write `p` (the file, or a folder to create files in).
fn writable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = std::ffi::CString::new(p.as_os_str().as_bytes()) else {
            return false;
        };
        // SAFETY: a valid NUL-terminated path; access(2) only reads it.
        unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
    }
    #[cfg(not(unix))]
    {
        fs::metadata(p).is_ok_and(|m| !m.permissions().readonly())
    }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    }
}

pub(crate) fn companion(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// Open an existing project: the checks above, then SQLite. `force_read_only`
/// opens it read-only even when it could be written (probes, `check-db`).
pub(crate) fn open(
    path: &Path,
    force_read_only: bool,
    notice: &WaitNotice,
) -> Result<(Connection, Access)> {
    remember(path);
    let kind = inspect(path)?;
    let read_only = if force_read_only {
        Some("opened read-only".to_owned())
    } else if !writable(path) {
        Some(format!("{} is read-only for you", path.display()))
    } else if !writable(&folder_of(path)) {
        Some(format!(
            "{} is in a folder you cannot write to (thema needs to create {} beside it)",
            path.display(),
            companion(path, "-wal").display()
        ))
    } else {
        None
    };
    let conn = match &read_only {
        None => Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(path, e))?,
        Some(_) => open_read_only(path)?,
    };
    // Reading the schema may already have to wait for a writer.
    let mut conn = conn;
    install_busy_handler(&mut conn, path, notice.clone())?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    if let Kind::OtherSqlite = kind {
        return Err(not_thema(
            path,
            if tables > 0 {
                "an SQLite database of another program"
            } else {
                "an empty SQLite database not made by thema"
            },
        ));
    }
    let mut access = match read_only {
        Some(why) => Access::ReadOnly(why),
        None => Access::ReadWrite,
    };
    let small = fs::metadata(path).is_ok_and(|m| m.len() <= QUICK_CHECK_MAX_BYTES);
    if small && let Some(problem) = quick_check(&conn).map_err(|e| classify(path, e))? {
        access = Access::ReadOnly(format!(
            "{} failed its quick check ({problem}); run `thema --project {} check-db`",
            path.display(),
            path.display()
        ));
    }
    Ok((conn, access))
}

/// Read-only without leaving files behind: with the owner's `-shm` present
/// we share it (read-only); without it nobody has the project open and,
/// because every commit is checkpointed, the main file holds everything, so
/// it is read as immutable and no `-wal`/`-shm` is created.
fn open_read_only(path: &Path) -> Result<Connection> {
    let shm = companion(path, "-shm").exists();
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
            _ => uri.push(c),
        }
    }
    uri.push_str(if shm {
        "?mode=ro"
    } else {
        "?mode=ro&immutable=1"
    });
    Connection::open_with_flags(
        &uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(path, e))
}

/// `PRAGMA quick_check`: `None` when it says ok, else its first complaint.
pub(crate) fn quick_check(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let first: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
    Ok((first != "ok").then_some(first))
}

/// Turn an SQLite error met while opening `path` into what is wrong.
pub(crate) fn classify(path: &Path, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt) => damaged(path, "SQLite reports it as malformed"),
        Some(ErrorCode::NotADatabase) => damaged(path, "its header is not readable"),
        Some(ErrorCode::CannotOpen) => Error::hint(
            format!("cannot open {}", path.display()),
            "check that you may read the file and write its folder",
        ),
        Some(ErrorCode::DiskFull) => disk_full(path),
        Some(ErrorCode::ReadOnly) => Error::hint(
            format!("{} is read-only", path.display()),
            "copy the project to a folder you can write to",
        ),
        _ => explain(e),
    }
}

pub(crate) fn disk_full(path: &Path) -> Error {
    Error::hint(
        format!(
            "the disk holding {} is full; the change was not saved",
            path.display()
        ),
        "free some space and do it again; the project itself is intact",
    )
}

// ------------------------------------------------------------- waiting

/// Something to tell the user while a writer waits (the TUI shows it in its
/// status line; the CLI prints it once on stderr). Called with "" when a
/// wait that was announced is over.
#[derive(Default)]
pub struct Notice {
    f: Mutex<Option<WaitFn>>,
    shown: AtomicBool,
    /// How long a change waits, in ms + 1 (0: [`busy_timeout`]). The
    /// workbench waits 0 ms and retries from its event loop instead.
    patience: AtomicU64,
    /// Set when a wait gave up (read by `Project::gave_up_waiting`).
    gave_up: AtomicBool,
}

pub type WaitNotice = Arc<Notice>;
type WaitFn = Box<dyn FnMut(&str) + Send>;

impl Notice {
    pub(crate) fn set(&self, f: WaitFn) {
        if let Ok(mut g) = self.f.lock() {
            *g = Some(f);
        }
    }

    fn tell(&self, msg: &str) {
        self.shown.store(!msg.is_empty(), Ordering::Relaxed);
        if let Ok(mut g) = self.f.lock()
            && let Some(f) = g.as_mut()
        {
            f(msg);
        }
    }

    fn patience(&self) -> Duration {
        match self.patience.load(Ordering::Relaxed) {
            0 => busy_timeout(),
            ms => Duration::from_millis(ms - 1),
        }
    }

    pub(crate) fn set_patience(&self, d: Option<Duration>) {
        let v = d.map_or(0, |d| (d.as_millis() as u64).saturating_add(1));
        self.patience.store(v, Ordering::Relaxed);
    }

    pub(crate) fn take_gave_up(&self) -> bool {
        self.gave_up.swap(false, Ordering::Relaxed)
    }

    /// The wait is over: take an announced message back.
    pub(crate) fn done(&self) {
        if self.shown.load(Ordering::Relaxed) {
            self.tell("");
        }
    }
}

/// How long a writer waits for another: `THEMA_BUSY_TIMEOUT` seconds, default 60.
pub fn busy_timeout() -> Duration {
    std::env::var("THEMA_BUSY_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(Duration::from_secs(60))
}

thread_local! {
    /// The project this thread opened last: an I/O error is explained by
    /// looking at the disk it is on.
    static LAST_PROJECT: RefCell<Option<PathBuf>> = const { RefCell::new(None) };
    /// Who held the lock when this thread's last wait gave up (read by
    /// [`busy_error`] to name it).
    static GAVE_UP: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Install the waiting busy handler on `conn`.
pub(crate) fn install_busy_handler(
    conn: &mut Connection,
    path: &Path,
    notice: WaitNotice,
) -> Result<()> {
    let lock_note = companion(path, "-lock");
    let mut started = Instant::now();
    let mut timeout = notice.patience();
    let mut told = false;
    conn.busy_handler(Some(move |count: i32| -> bool {
        if count == 0 {
            started = Instant::now();
            timeout = notice.patience();
            told = false;
        }
        let waited = started.elapsed();
        if waited >= timeout {
            let holder = describe_holder(&lock_note);
            GAVE_UP.with(|g| *g.borrow_mut() = Some(holder));
            notice.gave_up.store(true, Ordering::Relaxed);
            notice.done();
            return false;
        }
        if !told && waited >= Duration::from_millis(300) {
            told = true;
            let msg = format!(
                "waiting for another thema ({}) to finish…",
                describe_holder(&lock_note)
            );
            notice.tell(&msg);
        }
        // Back off: 1 ms doubling to 100 ms between tries.
        let pause =
            Duration::from_millis(1u64 << count.clamp(0, 7) as u32).min(Duration::from_millis(100));
        std::thread::sleep(pause.min(timeout.saturating_sub(waited)));
        true
    }))?;
    Ok(())
}

/// The error for a command that waited `busy_timeout()` in vain.
pub(crate) fn busy_error() -> Error {
    let holder = GAVE_UP
        .with(|g| g.borrow_mut().take())
        .unwrap_or_else(|| "another program".to_owned());
    Error::hint(
        format!(
            "the project is busy: {holder} has been changing it for more than {} s; nothing was changed",
            busy_timeout().as_secs()
        ),
        "wait for it to finish and run the command again (THEMA_BUSY_TIMEOUT=SECONDS waits longer)",
    )
}

/// An SQLite error in the user's terms where it is about the file (busy,
/// damaged, disk full, read-only); others stay internal errors.
pub(crate) fn explain(e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => busy_error(),
        Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => Error::hint(
            format!("the project is damaged ({e}); nothing was changed"),
            "run `thema check-db` (with the same --project) to see what is wrong and how to recover it from your last backup",
        ),
        Some(ErrorCode::DiskFull) => Error::hint(
            "the disk is full; the change was not saved (the project is as it was before it)",
            "free some space and do it again",
        ),
        Some(ErrorCode::ReadOnly) => Error::hint(
            "the project cannot be changed: its file or folder is read-only",
            "copy the project to a folder you can write to",
        ),
        Some(ErrorCode::SystemIoFailure)
            if LAST_PROJECT.with(|p| p.borrow().as_deref().is_some_and(disk_nearly_full)) =>
        {
            Error::hint(
                "the disk is full; the change was not saved (the project is as it was before it)",
                "free some space and do it again",
            )
        }
        Some(ErrorCode::SystemIoFailure) => Error::hint(
            format!("the project file could not be read or written ({e}); nothing was changed"),
            "check the disk (a removed USB stick, a network folder that went away), then run `thema check-db`",
        ),
        _ => Error::Sqlite(e),
    }
}

/// What kind of process this is, for the lock note ("thema import", "thema tui").
static PROCESS_KIND: OnceLock<String> = OnceLock::new();

/// Name this process in lock notes, e.g. `thema import`.
pub fn set_process_kind(kind: &str) {
    let _ = PROCESS_KIND.set(kind.to_owned());
}

/// Written once the write lock is held, removed when it is released.
pub(crate) struct LockNote {
    path: Option<PathBuf>,
}

impl LockNote {
    pub(crate) fn write(project: &Path) -> LockNote {
        if project.as_os_str() == ":memory:" {
            return LockNote { path: None };
        }
        let path = companion(project, "-lock");
        let kind = PROCESS_KIND.get().map(String::as_str).unwrap_or("thema");
        let note = format!("{}\t{kind}\n", std::process::id());
        // Best effort: a note that cannot be written only makes a waiter's
        // message vaguer, it must not stop the change.
        let ok = fs::write(&path, note).is_ok();
        LockNote {
            path: ok.then_some(path),
        }
    }
}

impl Drop for LockNote {
    fn drop(&mut self) {
        if let Some(p) = &self.path {
            let _ = fs::remove_file(p);
        }
    }
}

/// "thema import (pid 123)", or another program when no live thema left a note.
pub(crate) fn describe_holder(note: &Path) -> String {
    let Ok(text) = fs::read_to_string(note) else {
        return "another program".to_owned();
    };
    let mut parts = text.trim().splitn(2, '\t');
    let pid: Option<u32> = parts.next().and_then(|p| p.parse().ok());
    let kind = parts.next().unwrap_or("thema").to_owned();
    match pid {
        // Our own note: we hold the write lock and the checkpoint after our
        // commit waits for someone still reading an older state.
        Some(pid) if pid == std::process::id() => "another thema reading the project".to_owned(),
        Some(pid) if alive(pid) => format!("{kind} (pid {pid})"),
        _ => "another program".to_owned(),
    }
}

fn alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        // SAFETY: signal 0 only checks that the process exists.
        let r = unsafe { libc::kill(pid as libc::pid_t, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

// ------------------------------------------------- durability and copies

/// After every commit, copy the WAL into the main file (FULL checkpoint: it
/// waits for readers of older snapshots, through the busy handler), so a
/// copy of the main file alone holds every acknowledged change.
pub(crate) fn checkpoint_every_commit(conn: &mut Connection) -> Result<()> {
    conn.wal_hook(Some(|wal: &mut rusqlite::hooks::Wal, _pages| {
        // The commit has happened: never report it as failed. A checkpoint
        // that cannot finish now is completed by the next one or at close.
        let _ = wal.checkpoint_v2(rusqlite::wal::CheckpointMode::FULL);
        Ok(())
    }))?;
    Ok(())
}

impl super::Project {
    /// Whether `thema demo` built this project (so `demo --fresh` may replace it).
    pub fn is_demo(&self) -> Result<bool> {
        let v: Option<String> = self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = 'demo'", [], |r| {
                r.get(0)
            })
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        Ok(v.as_deref() == Some("1"))
    }

    /// Mark this project as built by `thema demo`. A setting, not an event:
    /// undo must not turn a demo into something `demo --fresh` refuses.
    pub fn mark_demo(&mut self) -> Result<()> {
        self.conn().execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('demo', '1')",
            [],
        )?;
        Ok(())
    }

    /// Copy the project to `dest` with SQLite's online backup (consistent
    /// even while others write), verify the copy, and put it in place
    /// atomically. `replace` allows replacing an existing file.
    pub fn backup(&self, dest: &Path, replace: bool) -> Result<u64> {
        if !replace && (dest.exists() || dest.is_symlink()) {
            return Err(Error::hint(
                format!("{} already exists", dest.display()),
                "pass --replace to overwrite it, or choose another file name",
            ));
        }
        let mut pages = 0u64;
        crate::output::write_with_options(Some(self.path()), dest, replace, |tmp| {
            let mut to = Connection::open(tmp)?;
            {
                let b = rusqlite::backup::Backup::new(self.conn(), &mut to)?;
                b.run_to_completion(256, Duration::ZERO, None)?;
                pages = b.progress().pagecount as u64;
            }
            if let Some(problem) = quick_check(&to)? {
                return Err(Error::Internal(format!(
                    "the copy failed its check ({problem}); nothing was written"
                )));
            }
            to.close().map_err(|(_, e)| e)?;
            Ok(())
        })?;
        Ok(pages)
    }
}
