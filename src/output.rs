//! Every file thema writes besides the project itself (reports, codebooks,
//! backups) goes through this module, for two guarantees:
//!
//! - **Never over a project.** An output path that is the open project, its
//!   `-wal`/`-shm` companions, the same file under another name (a symlink or
//!   hard link) or any other thema project is refused before anything is
//!   written: `report frequencies -o thema.db` once replaced a researcher's
//!   project with a Markdown table.
//! - **All or nothing.** The content is written to a temporary file in the
//!   same folder, flushed to disk, and renamed over the target, so a full disk
//!   or a crash half-way leaves the previous file whole and no partial one.

use crate::error::{Error, Result};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The SQLite header of a thema project: the magic string at offset 0 and
/// the application id "THMA" at offset 68 (see `store::APPLICATION_ID`).
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
const THEMA_APP_ID: &[u8; 4] = b"THMA";

/// Refuse an output path that would overwrite the project `project` (or its
/// `-wal`/`-shm` files, or another thema project). Call it before doing the
/// work, so the user hears about it at once; [`write`] checks again.
pub fn guard(project: Option<&Path>, out: &Path) -> Result<()> {
    guard_inner(project, out, false)
}

fn guard_inner(project: Option<&Path>, out: &Path, replace_project: bool) -> Result<()> {
    let refuse = |what: String| {
        Error::hint(
            format!("refusing to write {}: {what}", out.display()),
            "choose another output file name",
        )
    };
    if let Some(project) = project {
        let target = canonical_target(out);
        let base = canonical_target(project);
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let companion = PathBuf::from(format!("{}{suffix}", base.display()));
            if target == companion {
                return Err(refuse(if suffix.is_empty() {
                    "it is the open project".to_owned()
                } else {
                    format!("it is the open project's {} file", &suffix[1..])
                }));
            }
            if same_file(out, &companion) {
                return Err(refuse(format!(
                    "it is the same file as {} (a link to it)",
                    companion.display()
                )));
            }
        }
    }
    if !replace_project && is_thema_project(out) {
        return Err(refuse("it is a thema project".to_owned()));
    }
    Ok(())
}

/// Write `bytes` to `out` atomically, after [`guard`].
pub fn write(project: Option<&Path>, out: &Path, bytes: &[u8]) -> Result<()> {
    write_with(project, out, |tmp| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(tmp)?;
        f.write_all(bytes)?;
        Ok(())
    })
}

/// Let `fill` create and write a temporary file next to `out`, then make it
/// durable and rename it over `out`. On any error the temporary file is
/// removed and `out` is left as it was.
pub fn write_with(
    project: Option<&Path>,
    out: &Path,
    fill: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    write_with_options(project, out, false, fill)
}

/// [`write_with`], optionally allowed to replace another thema project (a
/// backup replacing an older backup). The open project is always refused.
pub fn write_with_options(
    project: Option<&Path>,
    out: &Path,
    replace_project: bool,
    fill: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    guard_inner(project, out, replace_project)?;
    if out.is_dir() {
        return Err(Error::user(format!(
            "cannot write {}: it is a folder",
            out.display()
        )));
    }
    let tmp = temp_path(out);
    let result = fill(&tmp)
        .and_then(|()| {
            keep_permissions(out, &tmp)?;
            File::open(&tmp)?.sync_all()?;
            fs::rename(&tmp, out)?;
            Ok(())
        })
        .map_err(|e| write_error(out, e));
    match result {
        Ok(()) => {
            sync_parent(out);
            Ok(())
        }
        Err(e) => {
            // The temporary file, and what SQLite may have left beside it
            // when `fill` wrote a database (a backup).
            for suffix in ["", "-journal", "-wal", "-shm"] {
                let _ = fs::remove_file(format!("{}{suffix}", tmp.display()));
            }
            Err(e)
        }
    }
}

/// Explain a failed write in the user's terms; a full disk is theirs to fix.
fn write_error(out: &Path, e: Error) -> Error {
    let io = match &e {
        Error::Io(io) => io,
        _ => return e,
    };
    let old = if out.exists() {
        format!("{} is unchanged", out.display())
    } else {
        "nothing was written".to_owned()
    };
    if is_disk_full(io) {
        return Error::hint(
            format!("cannot write {}: the disk is full; {old}", out.display()),
            "free some space (or write to another disk) and run the command again",
        );
    }
    match io.kind() {
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => Error::hint(
            format!("cannot write {}: {io}; {old}", out.display()),
            "the folder is read-only for you: write the output somewhere else",
        ),
        io::ErrorKind::NotFound => Error::hint(
            format!("cannot write {}: its folder does not exist", out.display()),
            "create the folder first, or choose another output path",
        ),
        _ => Error::user(format!("cannot write {}: {io}; {old}", out.display())),
    }
}

/// ENOSPC or EDQUOT: the disk (or the user's quota) is full.
pub fn is_disk_full(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::StorageFull || matches!(e.raw_os_error(), Some(28) | Some(122))
}

/// `.NAME.PID.thema-tmp` beside `out`: same folder, so the rename is atomic.
fn temp_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    out.with_file_name(format!(".{name}.{}.thema-tmp", std::process::id()))
}

/// A replaced file keeps its mode (a report shared with a group stays so).
fn keep_permissions(out: &Path, tmp: &Path) -> Result<()> {
    if let Ok(meta) = fs::metadata(out) {
        fs::set_permissions(tmp, meta.permissions())?;
    }
    Ok(())
}

/// Make the rename itself durable; best effort (not every platform can).
fn sync_parent(out: &Path) {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(dir) = File::open(parent) {
        let _ = dir.sync_all();
    }
}

/// The absolute path `p` names, with symlinks resolved as far as it exists
/// (an output file usually does not exist yet: resolve its folder).
fn canonical_target(p: &Path) -> PathBuf {
    if let Ok(c) = fs::canonicalize(p) {
        return c;
    }
    let parent = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (fs::canonicalize(parent), p.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_owned()),
    }
}

/// Both paths exist and are one file (same device and inode).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Whether `p` is an existing file that starts with a thema project header.
pub fn is_thema_project(p: &Path) -> bool {
    let mut head = [0u8; 72];
    match File::open(p).and_then(|mut f| f.read_exact(&mut head)) {
        Ok(()) => &head[..16] == SQLITE_MAGIC && &head[68..72] == THEMA_APP_ID,
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_writer_leaves_the_old_file_whole_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report.md");
        fs::write(&out, "old report\n").unwrap();
        let err = write_with(None, &out, |tmp| {
            let mut f = File::create(tmp)?;
            f.write_all(b"half a new rep")?;
            Err(Error::Io(io::Error::from_raw_os_error(28)))
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk is full"), "{err}");
        assert!(err.to_string().contains("is unchanged"), "{err}");
        assert_eq!(fs::read_to_string(&out).unwrap(), "old report\n");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "a temporary file was left behind");
    }

    #[test]
    fn a_write_replaces_the_file_and_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report.md");
        fs::write(&out, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&out, fs::Permissions::from_mode(0o640)).unwrap();
        }
        write(None, &out, b"new").unwrap();
        assert_eq!(fs::read_to_string(&out).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
    }

    #[test]
    fn the_project_its_companions_and_links_to_it_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("study.db");
        fs::write(&project, "stand-in").unwrap();
        let link = dir.path().join("link.md");
        fs::hard_link(&project, &link).unwrap();
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).unwrap();
        let roundabout = sub.join("..").join("study.db");
        for out in [
            project.clone(),
            dir.path().join("study.db-wal"),
            dir.path().join("study.db-shm"),
            link,
            roundabout,
        ] {
            let err = write(Some(&project), &out, b"report").unwrap_err();
            assert!(err.to_string().starts_with("refusing"), "{err}");
        }
        assert_eq!(fs::read_to_string(&project).unwrap(), "stand-in");
        assert!(!dir.path().join("study.db-wal").exists());
    }
}
