//! Data safety of the real binary on real files (issue 7): no command destroys
//! a file it did not create, outputs are written all-or-nothing, damaged and
//! unreadable projects are named as such, a read-only user leaves no files
//! behind, the main file holds every acknowledged change, and writers wait
//! for each other instead of failing.
//!
//! Tests that need root (a tiny tmpfs for a full disk, other user ids for a
//! read-only user) say so on stderr and pass without checking when not root.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::T;

impl T {
    fn examples(&self) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/interviews");
        self.ok(&["import", dir.to_str().unwrap()]);
    }

    fn examples_into(&self, project: &str) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/interviews");
        self.ok(&["-p", project, "import", dir.to_str().unwrap()]);
    }

    fn bytes(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap()
    }
}

// ------------------------------------------------ part 1: demo --fresh

#[test]
fn demo_fresh_refuses_to_replace_a_real_project() {
    let t = T::new();
    t.examples();
    t.ok(&[
        "code",
        "apply",
        "Mijn code",
        "--doc",
        "P01",
        "--span",
        "0:10",
    ]);
    let before = t.bytes("thema.db");
    let err = t.fails(&["-p", "thema.db", "demo", "--fresh", "--no-tui"]);
    assert!(
        err.contains("not a demo project") && err.contains("thema.db"),
        "{err}"
    );
    assert_eq!(t.bytes("thema.db"), before, "the project was changed");
    assert_eq!(t.json(&["excerpts"]).as_array().unwrap().len(), 1);
}

#[test]
fn demo_fresh_refuses_to_replace_a_text_file() {
    let t = T::bare();
    t.write("thesis.txt", "Hoofdstuk 1. Drie jaar werk.\n");
    let err = t.fails(&["-p", "thesis.txt", "demo", "--fresh", "--no-tui"]);
    assert!(err.contains("not a demo project"), "{err}");
    assert_eq!(t.bytes("thesis.txt"), b"Hoofdstuk 1. Drie jaar werk.\n");
}

#[test]
fn demo_fresh_rebuilds_a_demo_it_made() {
    let t = T::bare();
    t.ok(&["demo", "--no-tui"]);
    let start = t
        .json(&["-p", "thema-demo.db", "excerpts"])
        .as_array()
        .unwrap()
        .len();
    t.ok(&[
        "-p",
        "thema-demo.db",
        "code",
        "apply",
        "Extra",
        "--doc",
        "P02",
        "--span",
        "0:10",
    ]);
    t.ok(&["demo", "--fresh", "--no-tui"]);
    let after = t.json(&["-p", "thema-demo.db", "excerpts"]);
    assert_eq!(after.as_array().unwrap().len(), start);
    // Only the demo itself is left in the folder: no temporary build files.
    let mut names: Vec<String> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["thema-demo.db"]);
}

// ------------------------------------------------ part 1: output paths

#[test]
fn a_report_is_never_written_over_the_open_project() {
    let t = T::new();
    t.examples();
    let before = t.bytes("thema.db");
    std::fs::hard_link(t.path("thema.db"), t.path("alias.md")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(t.path("thema.db"), t.path("sym.md")).unwrap();
    for out in [
        "thema.db",
        "./thema.db",
        "thema.db-wal",
        "thema.db-shm",
        "alias.md",
    ] {
        let err = t.fails(&["-p", "thema.db", "report", "frequencies", "-o", out]);
        assert!(err.contains("refusing to write"), "{out}: {err}");
    }
    #[cfg(unix)]
    t.fails(&["report", "frequencies", "-o", "sym.md"]);
    let abs = t.path("thema.db");
    let err = t.fails(&["report", "full", "-o", abs.to_str().unwrap()]);
    assert!(err.contains("it is the open project"), "{err}");
    let err = t.fails(&["report", "quotes", "-o", "thema.db-wal"]);
    assert!(err.contains("wal"), "{err}");
    t.fails(&["report", "map", "-o", "alias.md"]);
    // A codebook export under a name that links to the project.
    std::fs::hard_link(t.path("thema.db"), t.path("cb.yaml")).unwrap();
    let err = t.fails(&["codebook", "export", "cb.yaml"]);
    assert!(err.contains("refusing to write"), "{err}");
    assert_eq!(t.bytes("thema.db"), before, "the project was changed");
    assert_eq!(t.json(&["docs"]).as_array().unwrap().len(), 6);
    assert!(!t.path("thema-matrix.svg").exists());
}

#[test]
fn another_thema_project_is_not_an_output_file() {
    let t = T::new();
    t.ok(&["-p", "other.db", "init"]);
    let before = t.bytes("other.db");
    let err = t.fails(&["report", "frequencies", "-o", "other.db"]);
    assert!(err.contains("is a thema project"), "{err}");
    assert_eq!(t.bytes("other.db"), before);
}

#[test]
fn outputs_replace_old_files_whole() {
    let t = T::new();
    t.examples();
    t.write("freq.md", "old report");
    t.ok(&["report", "frequencies", "-o", "freq.md"]);
    let new = String::from_utf8(t.bytes("freq.md")).unwrap();
    assert!(new.starts_with('#') || new.contains('|'), "{new}");
    t.ok(&["codebook", "export", "cb.yaml"]);
    t.ok(&["report", "full", "-o", "r.md"]);
    assert!(t.path("r-matrix.svg").exists());
    let stray: Vec<String> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("thema-tmp"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

/// A tmpfs of `kib` KiB mounted on a fresh folder (root only), unmounted on drop.
struct TinyDisk {
    dir: tempfile::TempDir,
}

impl TinyDisk {
    fn mount(kib: usize) -> Option<TinyDisk> {
        let dir = tempfile::tempdir().ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            eprintln!("skipped: cannot mount a tmpfs (needs root)");
            return None;
        }
        Some(TinyDisk { dir })
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Fill the disk to the last byte.
    fn fill(&self) {
        let mut f = std::fs::File::create(self.path("filler")).unwrap();
        let block = vec![0u8; 4096];
        while std::io::Write::write_all(&mut f, &block).is_ok() {}
        while std::io::Write::write_all(&mut f, &block[..1]).is_ok() {}
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.dir.path())
            .status();
    }
}

#[test]
fn a_full_disk_leaves_the_old_report_whole() {
    let Some(disk) = TinyDisk::mount(64) else {
        return;
    };
    let t = T::new();
    t.examples();
    let out = disk.path("freq.md");
    std::fs::write(&out, "the old report\n").unwrap();
    disk.fill();
    let err = t.fails(&["report", "full", "-o", out.to_str().unwrap()]);
    assert!(err.contains("disk is full"), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"the old report\n");
    let names: Vec<String> = std::fs::read_dir(disk.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "filler" && n != "freq.md")
        .collect();
    assert!(names.is_empty(), "left behind: {names:?}");
}

// ------------------------------------------------ part 5: the file is the project

#[test]
fn a_copy_of_the_main_file_alone_holds_every_acknowledged_change() {
    let t = T::new();
    t.examples();
    // The workbench keeps the project open, so no close folds the WAL in.
    let open = thema::Project::open(&t.path("thema.db")).unwrap();
    for i in 0..14 {
        let span = format!("{}:{}", i * 10, i * 10 + 5);
        t.ok(&[
            "code",
            "apply",
            &format!("C{i}"),
            "--doc",
            "P01",
            "--span",
            &span,
        ]);
    }
    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(t.path("thema.db"), copy.path().join("copy.db")).unwrap();
    drop(open);
    let c = thema::Project::open(&copy.path().join("copy.db")).unwrap();
    assert_eq!(c.codes().unwrap().len(), 14);
    assert_eq!(c.excerpts(&Default::default()).unwrap().len(), 14);
}

#[test]
fn backup_copies_the_project_and_never_overwrites_it() {
    let t = T::new();
    t.examples();
    t.ok(&["code", "apply", "A", "--doc", "P02", "--span", "0:10"]);
    let _open = thema::Project::open(&t.path("thema.db")).unwrap();
    t.ok(&["backup", "backup.db"]);
    let b = t.json(&["-p", "backup.db", "excerpts"]);
    assert_eq!(b.as_array().unwrap().len(), 1);
    let err = t.fails(&["backup", "backup.db"]);
    assert!(
        err.contains("already exists") && err.contains("--replace"),
        "{err}"
    );
    t.ok(&["code", "apply", "B", "--doc", "P02", "--span", "20:30"]);
    t.ok(&["backup", "backup.db", "--replace"]);
    assert_eq!(
        t.json(&["-p", "backup.db", "excerpts"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let before = t.bytes("thema.db");
    for dest in ["thema.db", "thema.db-wal"] {
        let err = t.fails(&["backup", dest, "--replace"]);
        assert!(err.contains("refusing to write"), "{err}");
    }
    assert_eq!(t.bytes("thema.db"), before);
    t.ok(&["-p", "backup.db", "check-db"]);
}

/// Run the binary as another user (root only): `uid` for user and group.
fn as_user(uid: u32, dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new("setpriv")
        .args([
            &format!("--reuid={uid}"),
            &format!("--regid={uid}"),
            "--clear-groups",
        ])
        .arg(assert_cmd::cargo::cargo_bin("thema"))
        .args(args)
        .current_dir(dir)
        .env_remove("THEMA_PROJECT")
        .env("THEMA_CODER", format!("u{uid}"))
        .output()
        .unwrap()
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() == 0 };
    root && std::process::Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok()
}

/// A folder owned by `owner` with `mode`, inside a world-readable temp dir.
fn shared_folder(owner: u32, mode: u32) -> (tempfile::TempDir, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let top = tempfile::tempdir().unwrap();
    std::fs::set_permissions(top.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let dir = top.path().join("study");
    std::fs::create_dir(&dir).unwrap();
    std::os::unix::fs::chown(&dir, Some(owner), Some(owner)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(mode)).unwrap();
    (top, dir)
}

fn companions(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("thema.db-"))
        .collect();
    v.sort();
    v
}

#[test]
fn a_read_only_user_leaves_nothing_that_locks_the_owner_out() {
    if !is_root() {
        eprintln!("skipped: needs root to run as two users");
        return;
    }
    let (owner, reader) = (64_101, 64_102);
    // A shared folder everyone may write, a project only its owner may.
    let (_top, dir) = shared_folder(owner, 0o777);
    let write_up = dir.join("p.md");
    std::fs::write(&write_up, "---\nid: P\n---\nEen zin. Nog een zin.\n").unwrap();
    std::os::unix::fs::chown(&write_up, Some(owner), Some(owner)).unwrap();
    for args in [&["init"][..], &["import", "p.md"]] {
        let out = as_user(owner, &dir, args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = as_user(reader, &dir, &["docs", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"P\""));
    assert!(companions(&dir).is_empty(), "left: {:?}", companions(&dir));
    let out = as_user(
        reader,
        &dir,
        &["code", "apply", "X", "--doc", "P", "--span", "0:8"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("read-only for you"), "{err}");
    // The owner can still work, also while the reader reads.
    let out = as_user(
        owner,
        &dir,
        &["code", "apply", "A", "--doc", "P", "--span", "0:8"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = as_user(reader, &dir, &["excerpts", "--json"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Een zin."));
    let out = as_user(
        owner,
        &dir,
        &["code", "apply", "B", "--doc", "P", "--span", "9:21"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_read_only_folder_and_an_unreadable_file_are_named() {
    if !is_root() {
        eprintln!("skipped: needs root to run as another user");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let owner = 64_103;
    let (_top, dir) = shared_folder(owner, 0o755);
    let out = as_user(owner, &dir, &["init"]);
    assert!(out.status.success());
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let out = as_user(owner, &dir, &["docs"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = as_user(owner, &dir, &["code", "new", "A"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("folder you cannot write to"), "{err}");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(dir.join("thema.db"), std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = as_user(64_104, &dir, &["docs"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("permission denied") && !err.contains("not a thema project"),
        "{err}"
    );
}

// ------------------------------------------------ part 7: honest errors

#[test]
fn an_empty_file_is_not_made_into_a_project() {
    let t = T::bare();
    t.write("thema.db", "");
    let err = t.fails(&["docs"]);
    assert!(err.contains("empty file (0 bytes)"), "{err}");
    t.fails(&["import", "thema.db"]);
    assert_eq!(t.bytes("thema.db").len(), 0);
    assert!(companions(t.dir.path()).is_empty());
}

#[test]
fn an_empty_foreign_sqlite_file_is_left_alone() {
    let t = T::bare();
    {
        let c = rusqlite::Connection::open(t.path("other.db")).unwrap();
        c.execute_batch("PRAGMA user_version = 7; VACUUM;").unwrap();
    }
    let before = t.bytes("other.db");
    assert_eq!(before[18], 1, "starts in rollback-journal mode");
    let err = t.fails(&["-p", "other.db", "docs"]);
    assert!(err.contains("not made by thema"), "{err}");
    assert_eq!(t.bytes("other.db"), before, "the file was changed (WAL?)");
}

/// Damage the project: overwrite `len` bytes at `at` with garbage.
fn scribble(path: &Path, at: u64, len: usize) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(at)).unwrap();
    f.write_all(&vec![0xA5; len]).unwrap();
}

#[test]
fn a_truncated_project_is_called_damaged_and_check_db_says_how_to_recover() {
    let t = T::new();
    t.examples();
    let len = t.bytes("thema.db").len() as u64;
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(t.path("thema.db"))
        .unwrap();
    f.set_len(len / 2).unwrap();
    drop(f);
    let err = t.fails(&["docs"]);
    assert!(
        err.contains("damaged") && err.contains("check-db") && !err.contains("not a thema project"),
        "{err}"
    );
    let out = t.run(&["check-db"]);
    assert_eq!(out.status.code(), Some(1));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("backup") && all.contains(".recover"), "{all}");
}

#[test]
fn a_project_that_fails_its_quick_check_refuses_changes() {
    let t = T::new();
    t.examples();
    t.ok(&["code", "apply", "A", "--doc", "P01", "--span", "0:10"]);
    t.ok(&["check-db"]);
    // Damage the (empty) memos table, which coding never reads: only the
    // check at open can notice it.
    let root: i64 = {
        let c = rusqlite::Connection::open(t.path("thema.db")).unwrap();
        c.query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'memos'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    scribble(&t.path("thema.db"), (root as u64 - 1) * 4096, 8);
    let before = t.bytes("thema.db");
    let err = t.fails(&["code", "apply", "B", "--doc", "P01", "--span", "0:10"]);
    assert!(err.contains("check-db"), "{err}");
    assert_eq!(t.bytes("thema.db"), before, "a damaged project was written");
    let out = t.run(&["check-db"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("has problems"));
}

#[test]
fn a_full_disk_says_so_and_keeps_the_project() {
    let Some(disk) = TinyDisk::mount(2048) else {
        return;
    };
    let t = T::bare();
    let db = disk.path("thema.db");
    let db = db.to_str().unwrap();
    t.ok(&["-p", db, "init"]);
    t.examples_into(db);
    disk.fill();
    let text = "lang ".repeat(20_000);
    t.write("big.md", format!("---\nid: BIG\n---\n{text}\n"));
    let err = t.fails(&["-p", db, "import", "big.md"]);
    assert!(err.contains("disk") && err.contains("full"), "{err}");
    std::fs::remove_file(disk.path("filler")).unwrap();
    t.ok(&["-p", db, "check-db"]);
    let docs = t.json(&["-p", db, "docs"]);
    assert_eq!(docs.as_array().unwrap().len(), 6);
}

// ------------------------------------------------ part 6: waiting

#[test]
fn a_writer_waits_for_another_and_then_succeeds() {
    let t = T::new();
    t.examples();
    let path = t.path("thema.db");
    let holder = std::thread::spawn(move || {
        let mut p = thema::Project::open(&path).unwrap();
        let tx = p.begin().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1500));
        drop(tx);
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    let out = t.run(&["code", "apply", "A", "--doc", "P01", "--span", "0:10"]);
    holder.join().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("waiting for another thema"), "{err}");
    assert_eq!(t.json(&["excerpts"]).as_array().unwrap().len(), 1);
}

#[test]
fn a_writer_that_gives_up_names_the_holder_and_changes_nothing() {
    let t = T::new();
    t.examples();
    let path = t.path("thema.db");
    let (ready_tx, ready) = std::sync::mpsc::channel();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        thema::store::set_process_kind("thema import");
        let mut p = thema::Project::open(&path).unwrap();
        let tx = p.begin().unwrap();
        ready_tx.send(()).unwrap();
        released.recv().unwrap();
        drop(tx);
    });
    ready.recv().unwrap();
    let out = Command::cargo_bin("thema")
        .unwrap()
        .current_dir(t.dir.path())
        .env("THEMA_BUSY_TIMEOUT", "1")
        .args(["code", "apply", "A", "--doc", "P01", "--span", "0:10"])
        .output()
        .unwrap();
    release.send(()).unwrap();
    holder.join().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let me = std::process::id();
    assert!(
        err.contains(&format!("thema import (pid {me})")) && err.contains("nothing was changed"),
        "{err}"
    );
    assert!(t.json(&["excerpts"]).as_array().unwrap().is_empty());
    assert!(!t.path("thema.db-lock").exists(), "the lock note was left");
    // Another program holding the lock is named as such.
    let c = rusqlite::Connection::open(t.path("thema.db")).unwrap();
    c.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = Command::cargo_bin("thema")
        .unwrap()
        .current_dir(t.dir.path())
        .env("THEMA_BUSY_TIMEOUT", "0.5")
        .args(["code", "new", "B"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("another program"), "{err}");
}
