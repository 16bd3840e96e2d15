//! Hostile text through every output (issue 7, parts 8, 9 and 12).
//!
//! A project whose names, labels, definitions, memos, attribute values and
//! coder names carry terminal escape sequences (an OSC 52 clipboard write, a
//! screen clear, an 8-bit CSI) and Markdown/CSV/HTML syntax is run through
//! every command that prints or writes it: CLI text, JSON, CSV, Markdown,
//! SVG, Mermaid and DOT. No control character may pass raw, no cell may start
//! a spreadsheet formula, and no name may turn into Markdown or HTML. Import
//! refuses control characters in ids and attribute values with file, line and
//! column. A closed pipe (`| head`) ends a command quietly with exit 0.

use assert_cmd::Command;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::Stdio;

/// OSC 52 (write "hi" to the clipboard), a full screen clear, an 8-bit CSI.
const OSC52: &str = "\u{1b}]52;c;aGk=\u{7}";
const CLEAR: &str = "\u{1b}[2J";
const CSI8: &str = "\u{9b}31m";

/// A name with formula, Markdown, HTML and terminal syntax in it.
fn hostile(tag: &str) -> String {
    format!("=HYPERLINK(\"x\") {tag} | *x* <script>alert(1)</script> #h {OSC52}{CLEAR}{CSI8}")
}

struct T {
    dir: tempfile::TempDir,
}

impl T {
    fn new() -> T {
        let t = T {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        t.ok(&["init"]);
        t
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, s: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, s).unwrap();
        p
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("thema").unwrap();
        c.current_dir(self.dir.path())
            .env_remove("THEMA_PROJECT")
            .env("THEMA_CODER", "tester")
            .args(args);
        c
    }

    /// Run a command that must succeed; check stdout and stderr are clean.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().unwrap();
        assert!(
            out.status.success(),
            "thema {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_clean(&stdout, &format!("stdout of {args:?}"));
        assert_clean(&stderr, &format!("stderr of {args:?}"));
        stdout
    }

    /// Run a command that must fail with exit code 1; return stderr.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "thema {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_clean(&stderr, &format!("stderr of {args:?}"));
        stderr
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}\n{out}"))
    }

    fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.path("thema.db")).unwrap()
    }
}

/// No control character other than newline and tab (and CR only as part of
/// a CRLF line end) may reach the reader.
fn assert_clean(s: &str, what: &str) {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let ok =
            !c.is_control() || c == '\n' || c == '\t' || (c == '\r' && chars.peek() == Some(&'\n'));
        assert!(ok, "{what} carries a raw {:?}:\n{s}", c);
    }
}

/// A project with two documents, codes and themes whose names, definitions,
/// memos, attributes and coder names are hostile. What the CLI lets a user
/// type goes in through the CLI; what it refuses (control characters in
/// names, ids and attribute values) is written into the file directly, as a
/// project made by an older thema or handed over by someone else would hold.
fn hostile_project() -> T {
    let t = T::new();
    t.write(
        "a.md",
        "---\nid: P01\nunit: Eenheid A\nrole: r\n---\nDe pakkans is klein. Geld speelt een rol.\n",
    );
    t.write(
        "b.md",
        "---\nid: P02\nunit: Eenheid B\n---\nGeen pakkans, zegt men. Ook geld.\n",
    );
    t.ok(&["import", "a.md", "b.md"]);
    t.ok(&["code", "apply", "pakkans", "--all", "--match", "pakkans"]);
    t.ok(&["code", "apply", "geld", "--all", "--match", "geld"]);
    t.ok(&["theme", "new", "T1", "--code", "pakkans", "--code", "geld"]);
    t.ok(&["theme", "new", "T2", "--code", "geld"]);
    // Through the CLI: multi-line definitions and descriptions, memos, coders.
    let block = format!("Eerste regel {OSC52}\n# heading\n<script>x</script> | *x*\n- item");
    t.ok(&["theme", "define", "T1", &block]);
    t.ok(&["code", "describe", "geld", &block]);
    t.ok(&["memo", "--code", "geld", &block]);
    t.ok(&["memo", &block]);
    let db = t.db();
    let set = |sql: &str, v: &str| {
        db.execute(sql, [v]).unwrap();
    };
    set(
        "UPDATE codes SET name = ?1 WHERE name = 'pakkans'",
        &hostile("code"),
    );
    set(
        "UPDATE themes SET name = ?1 WHERE name = 'T2'",
        &hostile("theme"),
    );
    set(
        "UPDATE documents SET name = ?1 WHERE name = 'P02'",
        &hostile("doc"),
    );
    set(
        "UPDATE attributes SET value = ?1 WHERE key = 'unit' AND value = 'Eenheid B'",
        &format!("={OSC52}WEBSERVICE(\"http://x\")"),
    );
    set(
        "UPDATE attributes SET value = ?1 WHERE key = 'role'",
        &hostile("role"),
    );
    set("UPDATE excerpts SET coder = ?1", &hostile("coder"));
    set("UPDATE events SET coder = ?1", &hostile("coder"));
    set("UPDATE memos SET coder = ?1", &hostile("coder"));
    drop(db);
    t
}

#[test]
fn no_control_character_reaches_the_terminal_raw() {
    let t = hostile_project();
    let p02 = hostile("doc");
    for args in [
        vec!["docs"],
        vec!["show", "P01"],
        vec!["show", &p02],
        vec!["excerpts"],
        vec!["codes"],
        vec!["theme", "list"],
        vec!["theme", "history", "T1"],
        vec!["log"],
        vec!["memo", "--list"],
        vec!["memo", "--code", "geld"],
        vec!["memo"],
        vec![
            "code",
            "apply",
            "x",
            "--all",
            "--match",
            "pakkans",
            "--dry-run",
        ],
        vec!["report", "frequencies"],
        vec!["report", "frequencies", "--level", "code"],
        vec!["report", "frequencies", "--format", "csv"],
        vec!["report", "frequencies", "--format", "json"],
        vec!["report", "quotes"],
        vec!["report", "quotes", "--show", "role", "--cite", "doc"],
        vec!["report", "quotes", "--format", "json"],
        vec!["report", "full", "--show", "role"],
        vec!["report", "map"],
        vec!["report", "map", "--format", "dot"],
    ] {
        // `ok` checks stdout and stderr.
        let out = t.ok(&args);
        assert!(!out.is_empty(), "{args:?} printed nothing");
    }
    // Escaped, not dropped: the reader can see that something is there.
    let codes = t.ok(&["codes"]);
    assert!(codes.contains("\\u{1b}]52;c;aGk=\\u{7}"), "{codes}");
    let docs = t.ok(&["docs"]);
    assert!(docs.contains("\\u{1b}"), "{docs}");
    // Errors that name a hostile thing are escaped too.
    let err = t.fails(&["memo", "--doc", &format!("nope{OSC52}")]);
    assert!(err.contains("\\u{1b}"), "{err}");
    // A coder name with a control character is refused.
    let err = t.fails(&["--coder", &format!("eve{CLEAR}"), "memo", "hoi"]);
    assert!(err.contains("coder"), "{err}");
}

#[test]
fn json_keeps_hostile_text_exact_and_escaped() {
    let t = hostile_project();
    let codes = t.json(&["codes", "--json"]);
    let names: Vec<&str> = codes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&hostile("code").as_str()), "{names:?}");
    for args in [
        vec!["docs", "--json"],
        vec!["show", "P01", "--json"],
        vec!["excerpts", "--json"],
        vec!["theme", "list", "--json"],
        vec!["theme", "history", "T1", "--json"],
        vec!["log", "--json"],
        vec!["memo", "--list", "--json"],
        vec!["report", "quotes", "--format", "json", "--show", "role"],
        vec!["report", "frequencies", "--format", "json"],
    ] {
        t.json(&args);
    }
    let ex = t.json(&["excerpts", "--json"]);
    let coders: Vec<&str> = ex
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["coder"].as_str().unwrap())
        .collect();
    assert!(coders.iter().all(|c| *c == hostile("coder")), "{coders:?}");
}

/// A minimal RFC 4180 reader: rows of fields.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn csv_cells_cannot_start_a_formula() {
    let t = hostile_project();
    for level in ["theme", "code", "both"] {
        let out = t.ok(&["report", "frequencies", "--format", "csv", "--level", level]);
        let rows = parse_csv(&out);
        assert!(rows.len() > 2, "{out}");
        for row in &rows {
            for cell in row {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "--level {level}: cell {cell:?} starts a formula\n{out}"
                );
            }
        }
        // The group label from front matter is a header cell, neutralized.
        assert!(rows[0].iter().any(|h| h.starts_with("'=")), "{:?}", rows[0]);
    }
    let out = t.ok(&[
        "report",
        "frequencies",
        "--format",
        "csv",
        "--level",
        "code",
    ]);
    let rows = parse_csv(&out);
    let name = rows.iter().map(|r| &r[0]).find(|n| n.contains("code"));
    assert!(
        name.is_some_and(|n| n.starts_with("'=HYPERLINK(\"x\") code")),
        "{rows:?}"
    );
}

/// Table rows of a Markdown document: lines starting with `|`.
/// The rows of each Markdown table (a run of lines starting with `|`).
fn tables(md: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut in_table = false;
    for l in md.lines() {
        if l.starts_with('|') {
            if !in_table {
                out.push(Vec::new());
            }
            out.last_mut().unwrap().push(l);
        }
        in_table = l.starts_with('|');
    }
    out
}

/// Cells of a Markdown table row, splitting at unescaped pipes.
fn cells(row: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in row.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => n += 1,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    n - 1
}

/// Whether `pat` occurs in `md` without a backslash before it.
fn raw(md: &str, pat: &str) -> bool {
    md.match_indices(pat).any(|(i, _)| !md[..i].ends_with('\\'))
}

/// The Markdown outside fenced code blocks (the Mermaid map is checked on
/// its own terms in `map_labels_are_escaped`).
fn outside_fences(md: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    for line in md.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn assert_markdown_safe(md: &str, what: &str) {
    let md = &outside_fences(md);
    assert!(!raw(md, "<script>"), "{what}: raw <script>\n{md}");
    assert!(!md.contains(" *x* "), "{what}: raw *x*\n{md}");
    assert!(
        !md.lines().any(|l| l.starts_with("# heading")),
        "{what}: a definition line became a heading\n{md}"
    );
    assert!(
        !md.lines().any(|l| l.starts_with("- item")),
        "{what}: a definition line became a list item\n{md}"
    );
    // Every row of a table has as many cells as its header.
    for rows in tables(md) {
        let n = cells(rows[0]);
        for r in &rows {
            assert_eq!(cells(r), n, "{what}: a name split a table row:\n{r}");
        }
    }
}

#[test]
fn markdown_escapes_names_labels_and_definitions_everywhere() {
    let t = hostile_project();
    for args in [
        vec!["report", "frequencies"],
        vec!["report", "frequencies", "--level", "both"],
        vec!["report", "quotes"],
        vec!["report", "quotes", "--code", "geld"],
        vec!["report", "quotes", "--show", "role", "--cite", "doc"],
        vec!["report", "full", "--show", "role"],
        vec!["report", "saturation"],
    ] {
        let md = t.ok(&args);
        assert_markdown_safe(&md, &format!("{args:?}"));
    }
    // The full report with its SVG and the map files.
    t.ok(&["report", "full", "-o", "r.md", "--cite", "doc"]);
    let md = std::fs::read_to_string(t.path("r.md")).unwrap();
    assert_clean(&md, "r.md");
    assert_markdown_safe(&md, "r.md");
    let svg = std::fs::read_to_string(t.path("r-matrix.svg")).unwrap();
    assert_clean(&svg, "r-matrix.svg");
    assert_well_formed_svg(&svg);
    // The saturation chart names the hostile document ids (--cite doc).
    let svg = std::fs::read_to_string(t.path("r-saturation.svg")).unwrap();
    assert_clean(&svg, "r-saturation.svg");
    assert_well_formed_svg(&svg);
}

fn assert_well_formed_svg(svg: &str) {
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut elements = Vec::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e)) | Ok(quick_xml::events::Event::Empty(e)) => {
                elements.push(String::from_utf8_lossy(e.name().as_ref().as_bytes()).into_owned());
            }
            Ok(_) => {}
            Err(e) => panic!("SVG is not well-formed XML: {e}\n{svg}"),
        }
    }
    assert!(elements.iter().all(|e| e != "script"), "{elements:?}");
    assert!(elements.contains(&"svg".to_owned()));
}

#[test]
fn map_labels_are_escaped() {
    let t = hostile_project();
    let mermaid = t.ok(&["report", "map"]);
    assert!(!mermaid.contains("<script>"), "{mermaid}");
    for line in mermaid.lines().filter(|l| l.contains("[\"")) {
        // Each node label is one quoted string: no raw quote inside it.
        assert_eq!(line.matches('"').count(), 2, "{line}");
    }
    let dot = t.ok(&["report", "map", "--format", "dot"]);
    for line in dot.lines().filter(|l| l.contains("label=")) {
        let label = line.split("label=").nth(1).unwrap();
        // The label is a DOT string: quotes inside are backslash-escaped.
        let mut escaped = false;
        let mut quotes = 0;
        for c in label.chars() {
            match c {
                '\\' if !escaped => {
                    escaped = true;
                    continue;
                }
                '"' if !escaped => quotes += 1,
                _ => {}
            }
            escaped = false;
            if quotes == 2 {
                break;
            }
        }
        assert_eq!(quotes, 2, "{line}");
    }
}

#[test]
fn method_appendix_is_honest_about_shown_attributes() {
    let t = hostile_project();
    let plain = t.ok(&["report", "full"]);
    assert!(plain.contains("nothing else from the write-ups is shown"));
    for args in [
        vec!["report", "full", "--show", "role"],
        vec!["report", "full", "--cite", "doc"],
    ] {
        let md = t.ok(&args);
        assert!(
            !md.contains("nothing else from the write-ups is shown"),
            "{args:?}"
        );
    }
    let md = t.ok(&["report", "full", "--show", "role", "--cite", "doc"]);
    assert!(
        md.contains("`role`"),
        "the appendix names the shown attribute"
    );
}

#[test]
fn import_refuses_control_characters_in_ids_and_attributes() {
    let t = T::new();
    // YAML escapes are the only way a control character gets into front
    // matter (raw ones are refused as a binary file already).
    t.write(
        "unit.md",
        "---\nid: P01\nrole: r\nunit: \"Eenheid \\e]52;c;aGk=\\a\"\n---\nTekst.\n",
    );
    let err = t.fails(&["import", "unit.md"]);
    assert!(err.contains("unit.md:4:"), "{err}");
    assert!(err.contains("control character"), "{err}");
    t.write("id.md", "---\nid: \"P\\x1b[31m1\"\n---\nTekst.\n");
    let err = t.fails(&["import", "id.md"]);
    assert!(err.contains("id.md:2:"), "{err}");
    t.write("tab.md", "---\nid: \"P\\t1\"\n---\nTekst.\n");
    let err = t.fails(&["import", "tab.md"]);
    assert!(
        err.contains("id.md:2:") || err.contains("tab.md:2:"),
        "{err}"
    );
    t.write("ok.md", "---\nid: P01\n---\nTekst.\n");
    let err = t.fails(&["import", "ok.md", "--attr", &format!("unit=a{OSC52}")]);
    assert!(err.contains("control character"), "{err}");
    // Nothing was imported.
    assert_eq!(t.json(&["docs", "--json"]), serde_json::json!([]));
    t.ok(&["import", "ok.md"]);
    let err = t.fails(&["attr", "P01", &format!("unit=a{OSC52}")]);
    assert!(err.contains("control character"), "{err}");
    assert_eq!(
        t.json(&["show", "P01", "--json"])["attributes"],
        serde_json::json!({})
    );
}

#[test]
fn quotes_json_keeps_every_code_of_an_excerpt_in_every_section() {
    let t = T::new();
    t.write(
        "a.md",
        "---\nid: P01\nunit: A\n---\nDe pakkans is klein en geld speelt mee.\n",
    );
    t.ok(&["import", "a.md"]);
    t.ok(&["code", "apply", "pakkans", "--all", "--match", "pakkans"]);
    t.ok(&["code", "apply", "geld", "--all", "--match", "pakkans"]);
    t.ok(&["theme", "new", "T1", "--code", "pakkans"]);
    t.ok(&["theme", "new", "T2", "--code", "geld"]);
    let qc = t.json(&["report", "quotes", "--format", "json"]);
    let sections = qc["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 2);
    for s in sections {
        let q = &s["groups"][0]["quotes"][0];
        assert_eq!(q["codes"], serde_json::json!(["geld", "pakkans"]), "{s}");
    }
}

#[test]
fn dry_run_json_prints_json() {
    let t = T::new();
    t.write(
        "a.md",
        "---\nid: P01\n---\nDe pakkans is klein. Geen pakkans.\n",
    );
    t.ok(&["import", "a.md"]);
    let v = t.json(&[
        "code",
        "apply",
        "pk",
        "--all",
        "--match",
        "pakkans",
        "--dry-run",
        "--json",
    ]);
    let spans = v.as_array().unwrap();
    assert_eq!(spans.len(), 2, "{v}");
    assert_eq!(spans[0]["doc"], "P01");
    assert_eq!(spans[0]["text"], "De pakkans is klein.");
    assert_eq!(spans[0]["start"], 0);
    assert_eq!(spans[0]["end"], 20);
    assert_eq!(spans[1]["already"], false);
    // A dry run codes nothing.
    assert_eq!(t.json(&["excerpts", "--json"]), serde_json::json!([]));
}

/// Run `thema ARGS`, read one line of its output, close the pipe as `head -1`
/// does, and return the exit code and stderr.
fn read_one_line_and_close(t: &T, args: &[&str]) -> (Option<i32>, String) {
    let bin = assert_cmd::cargo::cargo_bin("thema");
    let mut child = std::process::Command::new(bin)
        .current_dir(t.dir.path())
        .env_remove("THEMA_PROJECT")
        .env("THEMA_CODER", "tester")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert!(!line.is_empty(), "{args:?} printed nothing");
    drop(stdout);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap().code(), err)
}

#[test]
fn a_closed_pipe_is_a_normal_exit() {
    let t = T::new();
    // Far more output than a pipe buffers (64 KiB), so the writer must meet
    // the closed pipe.
    let sentence = "De pakkans is klein maar het geld lonkt. ";
    let body: String = (0..400)
        .map(|i| format!("Alinea {i}. {}\n\n", sentence.repeat(20)))
        .collect();
    t.write("big.md", &format!("---\nid: P01\nunit: A\n---\n{body}"));
    t.ok(&["import", "big.md"]);
    t.ok(&["code", "apply", "pakkans", "--all", "--match", "pakkans"]);
    for args in [
        vec!["show", "P01"],
        vec!["show", "P01", "--json"],
        vec!["excerpts"],
        vec!["excerpts", "--json"],
        vec!["report", "quotes", "--code", "pakkans"],
        vec!["report", "quotes", "--code", "pakkans", "--format", "json"],
    ] {
        let (code, err) = read_one_line_and_close(&t, &args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert_eq!(err, "", "{args:?}");
    }
}

#[test]
fn the_workbench_shows_control_characters_escaped() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let t = hostile_project();
    let mut project = thema::Project::open(&t.path("thema.db")).unwrap();
    project.set_coder(&format!("eve{CLEAR}"));
    let opts = thema::tui::TuiOptions {
        group_by: "unit".into(),
        no_color: true,
    };
    let mut app = thema::tui::App::new(project, opts).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(400, 40)).unwrap();
    thema::tui::run_app(&mut terminal, &mut app, std::iter::empty()).unwrap();
    let screen = terminal.backend().to_string();
    assert_clean(&screen, "the workbench");
    // The hostile code name and the coder are on screen, escaped.
    assert!(screen.contains("\\u{1b}]52;c;aGk=\\u{7}"), "{screen}");
    assert!(screen.contains("coder: eve\\u{1b}[2J"), "{screen}");
}
