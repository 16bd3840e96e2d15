//! The files a merge reads: each opened read-only (nothing is ever written
//! to another coder's file, not even a `-wal`), checked, and refused with a
//! reason when it is not a readable thema project, is damaged, is of a newer
//! schema, or is the project itself. A file of an *older* schema is not
//! refused: a copy of it (`VACUUM INTO`, a consistent snapshot even while its
//! owner has it open) is made in the temporary folder, upgraded there by the
//! same migrations `open` runs, merged from, and removed when the merge ends,
//! whatever its outcome. The file itself stays exactly as it was.

use super::IdMap;
use crate::error::{Error, Result};
use crate::store::{Project, file};
use std::path::{Path, PathBuf};

/// One file being merged: its read-only connection and how to name it.
pub(super) struct Source {
    pub(super) project: Project,
    pub(super) label: String,
    pub(super) map: IdMap,
    /// The upgraded copy read instead of an older file (removed on drop,
    /// after `project` is closed: fields drop in order).
    _copy: Option<TempCopy>,
}

impl Source {
    /// Read from the file; a read that fails names the file (exit 1).
    pub(super) fn read<T>(
        &self,
        f: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T>,
    ) -> Result<T> {
        f(self.project.conn()).map_err(|e| unreadable(&self.label, &e.to_string()))
    }
}

pub(super) fn unreadable(label: &str, why: &str) -> Error {
    Error::hint(
        format!("cannot read {label}: {why}; nothing was merged"),
        format!("check it with `thema --project {label} check-db`"),
    )
}

/// Open a file to merge (see the module docs).
pub(super) fn open_source(project: &Path, file: &Path) -> Result<Source> {
    let label = file.display().to_string();
    let same = match (project.canonicalize(), file.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(Error::hint(
            format!("{label} is this project; nothing was merged"),
            "merge other coders' project files into it",
        ));
    }
    if !file.is_file() {
        return Err(Error::hint(
            format!("{label} does not exist or is not a file; nothing was merged"),
            "give the path of another coder's project file",
        ));
    }
    let cannot = |e: Error| match e {
        Error::User { message, hint } => Error::User {
            message: format!("cannot merge {label}: {message}; nothing was merged"),
            hint,
        },
        other => unreadable(&label, &other.to_string()),
    };
    let (conn, _) = file::open(file, true, &file::WaitNotice::default()).map_err(cannot)?;
    // A damaged file must not half-arrive. Small files are checked page by
    // page up front (as `open` does); in a large one a damaged page fails
    // the read that meets it, which refuses the merge all the same.
    let small = std::fs::metadata(file).is_ok_and(|m| m.len() <= file::QUICK_CHECK_MAX_BYTES);
    if small
        && let Some(problem) =
            file::quick_check(&conn).map_err(|e| unreadable(&label, &e.to_string()))?
    {
        return Err(unreadable(&label, &format!("it is damaged ({problem})")));
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| unreadable(&label, &e.to_string()))?;
    let current = super::super::schema_version();
    let (project_, copy) = if version < current {
        let copy = upgraded_copy(&conn, &label, version, current)?;
        drop(conn);
        (
            Project::open_read_only(&copy.0).map_err(cannot)?,
            Some(copy),
        )
    } else {
        drop(conn);
        // A newer schema is refused here, with both versions named.
        (Project::open_read_only(file).map_err(cannot)?, None)
    };
    // Opening a file remembers it as the one being worked on (for telling
    // a full disk apart); the project is the one written to.
    file::remember(project);
    Ok(Source {
        project: project_,
        label,
        map: IdMap::default(),
        _copy: copy,
    })
}

/// A file in the temporary folder, removed (with its `-wal`, `-shm` and
/// `-lock` companions) when dropped.
struct TempCopy(PathBuf);

impl Drop for TempCopy {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-lock"] {
            let _ = std::fs::remove_file(file::companion(&self.0, suffix));
        }
    }
}

/// A copy of the older file `conn` reads, upgraded to schema `current`.
fn upgraded_copy(
    conn: &rusqlite::Connection,
    label: &str,
    version: i64,
    current: i64,
) -> Result<TempCopy> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let name = format!(
        "thema-merge-{}-{}-{}.db",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
        N.fetch_add(1, Ordering::Relaxed)
    );
    let copy = TempCopy(std::env::temp_dir().join(name));
    let failed = |step: &str, why: String| {
        Error::hint(
            format!(
                "cannot merge {label}: it has schema {version} (this thema writes schema {current}) and {step}: {why}; nothing was merged"
            ),
            format!(
                "open it once with this thema to upgrade it in place (`thema --project {label} docs`), then merge again"
            ),
        )
    };
    let target = copy.0.to_string_lossy().into_owned();
    conn.execute("VACUUM INTO ?1", [&target]).map_err(|e| {
        failed(
            &format!(
                "copying it to {} to upgrade the copy failed",
                copy.0.display()
            ),
            e.to_string(),
        )
    })?;
    let upgraded = Project::open(&copy.0)
        .map_err(|e| failed("upgrading a copy of it failed", e.to_string()))?;
    drop(upgraded);
    Ok(copy)
}
