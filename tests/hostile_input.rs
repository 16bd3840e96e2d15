//! Hostile input files through the real binary (issue 7 part 11): files that are not files, files
//! too large to be write-ups, zip bombs, and inputs whose size used to make
//! thema's work grow quadratically (a deep code tree, a write-up without
//! blank lines). The once-quadratic paths are checked for linear growth: the
//! CPU time of the binary at n and 10 n items ([`common::assert_linear`]),
//! never a wall-clock limit, so a busy machine cannot fail them and a slow
//! path cannot hide under a generous limit. Refusals are checked for memory
//! (the file is not read). Every refusal exits 1, names the file and leaves
//! the project as it was.

use std::io::Write;
use std::time::Duration;

mod common;
use common::{T, assert_linear};

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

/// A refusal that read next to nothing: exit 1, the file named, and a peak
/// memory far below what reading it would take. Returns stderr.
#[cfg(unix)]
fn refused_unread(t: &T, args: &[&str], file: &str, why: &str, max_mb: i64) -> String {
    let m = t.measured(args);
    let err = String::from_utf8_lossy(&m.out.stderr).into_owned();
    assert_eq!(m.out.status.code(), Some(1), "thema {args:?}: {err}");
    assert!(err.contains(file) && err.contains(why), "{err}");
    eprintln!("{args:?}: peak {} MB", m.max_rss_kb / 1024);
    assert!(
        m.max_rss_kb < max_mb * 1024,
        "thema {args:?} peaked at {} MB (bound {max_mb} MB): it read the file",
        m.max_rss_kb / 1024
    );
    err
}

#[cfg(unix)]
#[test]
fn devices_fifos_and_folders_are_refused_with_the_file_name() {
    // Before: a symlink to /dev/zero was read until memory ran out (4.4 GB).
    let t = T::new().with_timeout(Duration::from_secs(60));
    std::os::unix::fs::symlink("/dev/zero", t.path("zero.md")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", t.path("zero.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", t.path("zero.qdpx")).unwrap();
    refused_unread(
        &t,
        &["import", "zero.md"],
        "zero.md",
        "not a regular file",
        60,
    );
    // A REFI-QDA project file as a symlink to /dev/zero (thema import).
    std::os::unix::fs::symlink("/dev/zero", t.path("zero.qde")).unwrap();
    refused_unread(
        &t,
        &["import", "zero.qde"],
        "zero.qde",
        "not a regular file",
        60,
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

#[cfg(unix)]
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
    // Unpacked whole, it would take 80 MB and more; the cap stops it first.
    let err = refused_unread(
        &t,
        &["codebook", "import", "bomb.qdpx"],
        "bomb.qdpx",
        "64 MB",
        60,
    );
    assert!(err.contains("project.qde"), "{err}");
    assert_eq!(t.counts(), (0, 0));
}

/// A project with one write-up and a code tree `n` levels deep, imported
/// from a file that lists children before parents; the CPU time of the
/// codebook import and of `report frequencies --level code` (JSON, then
/// Markdown).
#[cfg(unix)]
fn deep_tree(n: usize) -> (T, f64, f64, String, String) {
    let t = T::new().with_timeout(Duration::from_secs(120));
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
    let import = t.ok_measured(&["codebook", "import", "deep.yaml"]).cpu;
    let deepest = format!("c{}", n - 1);
    t.ok(&["code", "apply", &deepest, "--match", "pakkans", "--all"]);
    let report = t.ok_measured(&[
        "report",
        "frequencies",
        "--level",
        "code",
        "--format",
        "json",
    ]);
    let md = t.ok(&["report", "frequencies", "--level", "code"]);
    let json = String::from_utf8(report.out.stdout).unwrap();
    (t, import, report.cpu, json, md)
}

#[cfg(unix)]
#[test]
fn a_deep_code_tree_imports_and_reports_in_linear_time() {
    // Before: the codes were ordered by a recursive walk that scanned every
    // code per code, and `--level code` searched the parent chain of every
    // code by name: 3,000 levels took minutes (10,000 ran past 60 s at
    // --level code alone).
    let (_t, import_1, report_1, _, _) = deep_tree(1);
    let (_t, import_s, report_s, _, _) = deep_tree(300);
    let n = 3_000;
    let (_t, import_b, report_b, out, md) = deep_tree(n);
    assert_linear(
        "codebook import of a deep tree",
        import_s,
        import_b,
        import_1,
    );
    assert_linear(
        "report frequencies --level code",
        report_s,
        report_b,
        report_1,
    );
    let deepest = format!("c{}", n - 1);
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
    assert!(md.len() < 2_000_000, "{} bytes of Markdown", md.len());
    assert!(
        md.contains(&format!("(level {}) c{}", n - 1, n - 1)),
        "{}",
        &md[md.len() - 300..]
    );
}

/// Autocode (dry run) of one paragraph of `lines` wrapped lines, each a
/// sentence with a match; its CPU time and output.
#[cfg(unix)]
fn autocode_one_paragraph(lines: usize) -> (f64, String) {
    let t = T::new().with_timeout(Duration::from_secs(120));
    let mut text = String::from("---\nid: P1\n---\n");
    for i in 0..lines {
        text.push_str(&format!(
            "Zin {i} gaat over de pakkans van daders in deze regio.\n"
        ));
    }
    t.write("long.md", &text);
    t.ok(&["import", "long.md"]);
    let m = t.ok_measured(&[
        "code",
        "apply",
        "Pakkans",
        "--match",
        "pakkans",
        "--all",
        "--unit",
        "sentence",
        "--dry-run",
    ]);
    (m.cpu, String::from_utf8(m.out.stdout).unwrap())
}

#[cfg(unix)]
#[test]
fn autocode_in_a_write_up_without_blank_lines_is_linear() {
    // Before: every match re-read its whole paragraph (and re-split it into
    // sentences): 900 KB in one paragraph ran past 6 minutes. The big run is
    // one 400 KB paragraph of 8,000 wrapped lines with 8,000 matches.
    let (base, _) = autocode_one_paragraph(1);
    let (small, _) = autocode_one_paragraph(800);
    let (big, out) = autocode_one_paragraph(8_000);
    assert_linear("autocode of one long paragraph", small, big, base);
    // One line per span: `P1 [start, end) preview`.
    assert_eq!(out.lines().count(), 8_000, "one sentence per line");
    assert!(out.lines().all(|l| l.starts_with("P1 [")), "{out:.200}");
}
