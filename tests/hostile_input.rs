//! Hostile input files through the real binary (issue 7 part 11): files that are not files, files
//! too large to be write-ups, zip bombs, and inputs whose size used to make
//! thema's work grow quadratically (a deep code tree, a write-up without
//! blank lines). Each size here would run for minutes with the old code and
//! takes well under a second now; every refusal exits 1, names the file and
//! leaves the project as it was.

use std::io::Write;
use std::time::{Duration, Instant};

mod common;
use common::T;

impl T {
    /// Counts that must not change when an import is refused.
    fn counts(&self) -> (usize, usize) {
        let docs: serde_json::Value = serde_json::from_str(&self.ok(&["docs", "--json"])).unwrap();
        let codes: serde_json::Value =
            serde_json::from_str(&self.ok(&["codes", "--json"])).unwrap();
        (
            docs.as_array().unwrap().len(),
            codes.as_array().unwrap().len(),
        )
    }
}

/// Fails unless `f` finishes within `limit`; returns its result.
fn timed<R>(what: &str, limit: Duration, f: impl FnOnce() -> R) -> R {
    let start = Instant::now();
    let r = f();
    let took = start.elapsed();
    eprintln!("{what}: {took:?}");
    assert!(took < limit, "{what} took {took:?} (limit {limit:?})");
    r
}

#[cfg(unix)]
#[test]
fn devices_fifos_and_folders_are_refused_with_the_file_name() {
    // Before: a symlink to /dev/zero was read until memory ran out (4.4 GB).
    let t = T::new().with_timeout(Duration::from_secs(60));
    std::os::unix::fs::symlink("/dev/zero", t.path("zero.md")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", t.path("zero.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", t.path("zero.qdpx")).unwrap();
    let err = timed("import /dev/zero", Duration::from_secs(10), || {
        t.fails(&["import", "zero.md"])
    });
    assert!(
        err.contains("zero.md") && err.contains("not a regular file"),
        "{err}"
    );
    // A REFI-QDA project file as a symlink to /dev/zero (thema import).
    std::os::unix::fs::symlink("/dev/zero", t.path("zero.qde")).unwrap();
    let err = timed("import /dev/zero as .qde", Duration::from_secs(10), || {
        t.fails(&["import", "zero.qde"])
    });
    assert!(
        err.contains("zero.qde") && err.contains("not a regular file"),
        "{err}"
    );
    for cb in ["zero.yaml", "zero.qdpx"] {
        let err = t.fails(&["codebook", "import", cb]);
        assert!(
            err.contains(cb) && err.contains("not a regular file"),
            "{err}"
        );
    }
    assert_eq!(t.counts(), (0, 0));
}

#[test]
fn a_file_over_the_size_cap_is_refused_before_it_is_read() {
    let t = T::new().with_timeout(Duration::from_secs(60));
    // A sparse file: 65 MB on paper, nothing on disk. Were it read, it would
    // be refused as binary (all NUL); the size check must come first.
    let big = std::fs::File::create(t.path("big.md")).unwrap();
    big.set_len(65 * 1024 * 1024).unwrap();
    let err = t.fails(&["import", "big.md"]);
    assert!(
        err.contains("big.md") && err.contains("too large") && err.contains("64 MB"),
        "{err}"
    );
    let big = std::fs::File::create(t.path("big.yaml")).unwrap();
    big.set_len(65 * 1024 * 1024).unwrap();
    let err = t.fails(&["codebook", "import", "big.yaml"]);
    assert!(
        err.contains("big.yaml") && err.contains("too large"),
        "{err}"
    );
    assert_eq!(t.counts(), (0, 0));
}

#[test]
fn a_qdpx_zip_bomb_is_refused_without_unpacking_it() {
    // Before: a 5 MB .qdpx took 10.5 GB of memory. This one unpacks to 80 MB
    // (it compresses to about 80 KB); thema stops at its 64 MB cap.
    let t = T::new().with_timeout(Duration::from_secs(60));
    let file = std::fs::File::create(t.path("bomb.qdpx")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    zip.start_file(
        "project.qde",
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated),
    )
    .unwrap();
    let chunk = vec![b' '; 1024 * 1024];
    zip.write_all(b"<Project name=\"bomb\">").unwrap();
    for _ in 0..80 {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap();
    let err = timed("codebook import bomb.qdpx", Duration::from_secs(20), || {
        t.fails(&["codebook", "import", "bomb.qdpx"])
    });
    assert!(
        err.contains("bomb.qdpx") && err.contains("project.qde") && err.contains("64 MB"),
        "{err}"
    );
    assert_eq!(t.counts(), (0, 0));
}

#[test]
fn a_deep_code_tree_imports_and_reports_in_linear_time() {
    // Before: the codes were ordered by a recursive walk that scanned every
    // code per code, and `--level code` searched the parent chain of every
    // code by name: 3,000 levels took minutes (10,000 ran past 60 s at
    // --level code alone). The file lists children before parents.
    let t = T::new().with_timeout(Duration::from_secs(60));
    let n = 3_000;
    let mut yaml = String::from("version: 1\ncodes:\n");
    for i in (0..n).rev() {
        yaml.push_str(&format!("  - name: c{i}\n"));
        if i > 0 {
            yaml.push_str(&format!("    parent: c{}\n", i - 1));
        }
    }
    t.write("deep.yaml", &yaml);
    t.write(
        "p1.md",
        "---\nid: P1\nunit: A\n---\nDe kans dat je gepakt wordt is nul.\n",
    );
    t.ok(&["import", "p1.md"]);
    timed(
        "codebook import of a 3,000-deep tree",
        Duration::from_secs(30),
        || t.ok(&["codebook", "import", "deep.yaml"]),
    );
    let deepest = format!("c{}", n - 1);
    t.ok(&["code", "apply", &deepest, "--match", "pakkans", "--all"]);
    let out = timed(
        "report frequencies --level code",
        Duration::from_secs(10),
        || {
            t.ok(&[
                "report",
                "frequencies",
                "--level",
                "code",
                "--format",
                "json",
            ])
        },
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), n);
    let last = rows.iter().find(|r| r["name"] == deepest.as_str()).unwrap();
    assert_eq!(last["parent"], format!("c{}", n - 2).as_str());
    // Tree order: each code right below its parent.
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    let expected: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
    assert_eq!(names, expected);
    // The Markdown table indents by depth, but at most eight levels: before,
    // every row was padded to the deepest indent (400 MB at 10,000 levels).
    let md = timed(
        "report frequencies --level code (md)",
        Duration::from_secs(10),
        || t.ok(&["report", "frequencies", "--level", "code"]),
    );
    assert!(md.len() < 2_000_000, "{} bytes of Markdown", md.len());
    assert!(
        md.contains(&format!("(level {}) c{}", n - 1, n - 1)),
        "{}",
        &md[md.len() - 300..]
    );
}

#[test]
fn autocode_in_a_write_up_without_blank_lines_is_linear() {
    // Before: every match re-read its whole paragraph (and re-split it into
    // sentences): 900 KB in one paragraph ran past 6 minutes. This is one
    // 400 KB paragraph of 8,000 wrapped lines with 8,000 matches.
    let t = T::new().with_timeout(Duration::from_secs(60));
    let mut text = String::from("---\nid: P1\n---\n");
    for i in 0..8_000 {
        text.push_str(&format!(
            "Zin {i} gaat over de pakkans van daders in deze regio.\n"
        ));
    }
    t.write("long.md", &text);
    t.ok(&["import", "long.md"]);
    let out = timed(
        "autocode one 400 KB paragraph",
        Duration::from_secs(20),
        || {
            t.ok(&[
                "code",
                "apply",
                "Pakkans",
                "--match",
                "pakkans",
                "--all",
                "--unit",
                "sentence",
                "--dry-run",
            ])
        },
    );
    // One line per span: `P1 [start, end) preview`.
    assert_eq!(out.lines().count(), 8_000, "one sentence per line");
    assert!(out.lines().all(|l| l.starts_with("P1 [")), "{out:.200}");
}
