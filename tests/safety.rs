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

struct T {
    dir: tempfile::TempDir,
}

impl T {
    fn new() -> T {
        let t = T::bare();
        t.ok(&["init"]);
        t
    }

    fn bare() -> T {
        T {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::cargo_bin("thema")
            .unwrap()
            .current_dir(self.dir.path())
            .env_remove("THEMA_PROJECT")
            .env("THEMA_CODER", "tester")
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "thema {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Run a command that must fail with exit code 1; its stderr.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "thema {args:?}: {err}");
        err
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.push("--json");
        serde_json::from_str(&self.ok(&a)).expect("valid JSON")
    }

    fn examples(&self) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/interviews");
        self.ok(&["import", dir.to_str().unwrap()]);
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
