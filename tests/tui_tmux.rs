//! End to end: the real binary in a real (tmux) terminal. Open a project,
//! search a phrase, select its sentence, code it with a new code, quit, and
//! check the stored excerpt with `thema excerpts --json`. Then the themes
//! screen on the demo project: create a theme, add a code to it, set its
//! phase and definition, quit, and check with `thema theme list --json`.
//! The tmux set-up is shared (tests/common/tmux.rs).

#[path = "common/tmux.rs"]
mod tmux_fixture;

use std::path::Path;
use std::process::{Command, Output};
use tmux_fixture::{need_tmux, start, workbench};

fn thema(project: &Path, args: &[&str]) -> Output {
    let out = Command::new(assert_cmd::cargo::cargo_bin("thema"))
        .arg("--project")
        .arg(project)
        .args(args)
        .env("THEMA_CODER", "e2e")
        .output()
        .expect("run thema");
    assert!(
        out.status.success(),
        "thema {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn build_a_theme_on_the_demo_project_in_a_real_terminal() {
    if !need_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let command = workbench(&db, "demo");
    let tmux = start("themes", &command);
    tmux.wait_for("Documents (6)");
    tmux.send(&["T"]);
    let screen = tmux.wait_for("THEMES");
    assert!(screen.contains("◆ Blinde vlek"), "{screen}");
    // a: a new theme.
    tmux.send(&["a"]);
    tmux.wait_for("new theme:");
    tmux.type_text("Zelf gezien");
    tmux.send(&["Enter"]);
    tmux.wait_for("created theme “Zelf gezien” (candidate)");
    // The row above the new theme is the last code of the theme before it
    // (the demo's codes are all in a theme): add it with the picker.
    tmux.send(&["k"]);
    tmux.send(&[">"]);
    tmux.wait_for("to theme");
    tmux.type_text("zelf gez");
    tmux.wait_for("◆ Zelf gezien");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("to “Zelf gezien”");
    assert!(screen.contains("added “"), "{screen}");
    // The cursor followed the code into the new theme: phase and definition.
    tmux.wait_for("Zelf gezien · candidate");
    tmux.send(&["2"]);
    tmux.wait_for("“Zelf gezien” is now reviewed");
    tmux.send(&["e"]);
    tmux.wait_for("Definition of theme");
    tmux.type_text("Regel een");
    tmux.send(&["Enter"]);
    tmux.type_text("regel twee");
    tmux.send(&["C-s"]);
    tmux.wait_for("definition of “Zelf gezien” saved");
    tmux.send(&["q"]);
    tmux.wait_exit();

    let out = thema(&db, &["theme", "list", "--json"]);
    let themes: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = themes.as_array().unwrap();
    let t = list
        .iter()
        .find(|t| t["name"] == "Zelf gezien")
        .unwrap_or_else(|| panic!("no new theme in {themes}"));
    assert_eq!(t["phase"], "reviewed", "{t}");
    assert_eq!(t["definition"], "Regel een\nregel twee", "{t}");
    assert_eq!(t["codes"].as_array().unwrap().len(), 1, "{t}");
}

#[test]
fn code_a_searched_sentence_in_a_real_terminal() {
    if !need_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (db, command) = examples_project(dir.path());
    let tmux = start("e2e", &command);

    // Each waited for: a capture can catch a frame half drawn.
    tmux.wait_for("Documents (6)");
    tmux.wait_for("P01");
    tmux.wait_for("coder: e2e");

    // Search all documents from the documents pane.
    tmux.send(&["/"]);
    tmux.wait_for("search all documents");
    tmux.type_text("betaalbewijzen");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("hit 1 of 1");
    assert!(screen.contains("READER"), "{screen}");

    tmux.send(&["s"]);
    tmux.wait_for("selected");
    tmux.send(&["c"]);
    tmux.wait_for("› ");
    tmux.type_text("Ontdekking door naasten");
    tmux.wait_for("new code “Ontdekking door naasten”");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("coded “Ontdekking door naasten” (new code)");
    assert!(screen.contains("Codes (1)"), "{screen}");
    // The coding stripe beside the sentence, named (the margin is on).
    assert!(
        screen.contains("┃ Ontdekking door"),
        "coding stripe missing:\n{screen}"
    );

    tmux.send(&["q"]);
    tmux.wait_exit();
    // The terminal was restored: the alternate screen is gone.
    let after = tmux.capture();
    assert!(!after.contains("Documents (6)"), "{after}");

    let out = thema(&db, &["excerpts", "--json"]);
    let excerpts: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = excerpts.as_array().unwrap();
    assert_eq!(list.len(), 1, "{excerpts}");
    let e = &list[0];
    assert_eq!(e["doc"], "P01");
    assert_eq!(e["codes"], serde_json::json!(["Ontdekking door naasten"]));
    assert_eq!(e["coder"], "e2e");
    // Exactly the sentence holding the phrase.
    let text = e["text"].as_str().unwrap();
    assert!(text.starts_with("De derde melding, uit 2019"), "{text}");
    assert!(text.ends_with("had aangetroffen."), "{text}");
}

/// Issue 10 parts 3, 9 and 10 on the real binary: rename, merge, describe
/// and (not) delete a code from the codes pane; move a theme two places up
/// in one step; a word typed on the themes screen runs no command.
#[test]
fn manage_codes_and_move_a_theme_in_a_real_terminal() {
    if !need_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("manage.db");
    thema(&db, &["demo", "--no-tui"]);
    let command = workbench(&db, "");
    let tmux = start("manage", &command);
    tmux.wait_for("Documents (6)");
    tmux.send(&["Tab"]);
    tmux.wait_for("READER");
    tmux.send(&["Tab"]);
    tmux.wait_for("CODES");
    // The first code in the tree: rename it.
    tmux.send(&["R"]);
    let screen = tmux.wait_for("rename code: ");
    let first = screen
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("rename code: "))
        .and_then(|l| l.split('▏').next())
        .unwrap()
        .to_owned();
    tmux.send(&vec!["BSpace"; first.chars().count()]);
    tmux.type_text("Hernoemd");
    tmux.send(&["Enter"]);
    tmux.wait_for(&format!("renamed code “{first}” to “Hernoemd”"));
    // Merge it into "Lage pakkans" with the picker.
    tmux.send(&["M"]);
    tmux.wait_for("Merge “Hernoemd” into");
    tmux.type_text("lage pak");
    tmux.wait_for("■ Lage pakkans");
    tmux.send(&["Enter"]);
    tmux.wait_for("merged “Hernoemd” into “Lage pakkans”");
    // Describe the code the cursor followed into.
    tmux.send(&["e"]);
    tmux.wait_for("Description of code “Lage pakkans”");
    tmux.send(&["Enter"]);
    tmux.type_text("Zie P03.");
    tmux.send(&["C-s"]);
    tmux.wait_for("description of “Lage pakkans” saved");
    // Delete asks, naming what it would remove; n keeps the code.
    tmux.send(&["D"]);
    let screen = tmux.wait_for("Delete code “Lage pakkans”?");
    assert!(screen.contains("It is on "), "{screen}");
    tmux.send(&["n"]);
    tmux.wait_for("kept “Lage pakkans”");
    // Themes: the first theme to position 3 in one move.
    tmux.send(&["T"]);
    tmux.wait_for("THEMES");
    tmux.send(&["M"]);
    tmux.wait_for("Move theme “Blinde vlek” to");
    tmux.send(&["Down"]);
    tmux.send(&["Down"]);
    tmux.send(&["Enter"]);
    tmux.wait_for("moved “Blinde vlek” to position 3");
    // A word typed by mistake opens no editor and changes nothing.
    tmux.type_text("geen");
    let screen = tmux.wait_for("typing ignored");
    assert!(!screen.contains("Definition of"), "{screen}");
    tmux.send(&["q"]);
    tmux.wait_exit();

    let out = thema(&db, &["codes", "--json"]);
    let codes: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = codes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(!names.contains(&first.as_str()), "{names:?}");
    assert!(!names.contains(&"Hernoemd"), "{names:?}");
    let lage = codes
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Lage pakkans")
        .unwrap();
    assert!(
        lage["description"]
            .as_str()
            .unwrap()
            .ends_with("\nZie P03."),
        "{lage}"
    );
    let out = thema(&db, &["theme", "list", "--json"]);
    let themes: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let top: Vec<&str> = themes
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["parent"].is_null())
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(top[2], "Blinde vlek", "{top:?}");
    // One event for the move, and none from the typed word.
    let out = thema(&db, &["log", "--json", "-n", "3"]);
    let log = String::from_utf8_lossy(&out.stdout);
    assert_eq!(log.matches("\"theme.move\"").count(), 1, "{log}");
    assert!(!log.contains("definition"), "{log}");
}

#[test]
fn the_workbench_keeps_working_while_another_process_holds_the_lock() {
    if !need_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (db, command) = examples_project(dir.path());
    let tmux = start("wait", &command);
    tmux.wait_for("Documents (6)");
    // This test process is the other writer: it holds the write lock.
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    tmux.send(&["/"]);
    tmux.wait_for("search all documents");
    tmux.type_text("betaalbewijzen");
    tmux.send(&["Enter"]);
    tmux.wait_for("hit 1 of 1");
    tmux.send(&["s"]);
    tmux.wait_for("selected");
    tmux.send(&["c"]);
    tmux.wait_for("› ");
    tmux.type_text("Wachtend");
    tmux.send(&["Enter"]);
    tmux.wait_for("waiting for another thema");
    // The event loop runs: focus moves, the status line follows, and the
    // seconds count on.
    tmux.send(&["Tab"]);
    let screen = tmux.wait_for("CODES");
    assert!(!screen.contains("READER"), "{screen}");
    tmux.wait_for("(2 s; Esc cancels it)");
    tmux.send(&["BTab"]);
    let screen = tmux.wait_for("READER");
    assert!(!screen.contains("CODES"), "{screen}");
    // The lock is free again: the coding is made without another key.
    other.execute_batch("COMMIT").unwrap();
    tmux.wait_for("coded “Wachtend” (new code)");
    // Esc cancels a waiting undo.
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    tmux.send(&["u"]);
    tmux.wait_for("undo is not saved yet");
    tmux.send(&["Escape"]);
    tmux.wait_for("cancelled: undo was not saved");
    other.execute_batch("COMMIT").unwrap();
    tmux.send(&["q"]);
    tmux.wait_exit();
    let out = thema(&db, &["excerpts", "--json"]);
    let excerpts: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = excerpts.as_array().unwrap();
    assert_eq!(list.len(), 1, "{excerpts}");
    assert_eq!(list[0]["codes"], serde_json::json!(["Wachtend"]));
}

/// A project with the six example write-ups, and the command that opens
/// the workbench on it in colour.
fn examples_project(dir: &Path) -> (std::path::PathBuf, String) {
    let db = dir.join("e2e.db");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/interviews");
    thema(&db, &["init"]);
    thema(&db, &["import", examples.to_str().unwrap()]);
    let command = workbench(&db, "");
    (db, command)
}

fn excerpts_json(db: &Path) -> Vec<serde_json::Value> {
    let out = thema(db, &["excerpts", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array().unwrap().clone()
}

#[test]
fn search_and_code_marked_hits_in_a_real_terminal() {
    if !need_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (db, command) = examples_project(dir.path());
    let tmux = start("hits", &command);
    tmux.wait_for("Documents (6)");
    tmux.send(&["F"]);
    tmux.wait_for("search all documents");
    tmux.type_text("laptop OR \"sociale media\"");
    tmux.send(&["Enter"]);
    tmux.wait_for("7 hit(s) in 4 document(s)");
    tmux.wait_for("achter een laptop");
    // (Waiting for each: a capture can catch a frame half drawn.)
    tmux.wait_for("HITS");
    // Mark the first two hits, code them as sentences with a new code.
    tmux.send(&["Space"]);
    tmux.send(&["Space"]);
    tmux.wait_for("2 marked");
    tmux.send(&["c"]);
    tmux.wait_for("› ");
    tmux.type_text("Laptop");
    tmux.wait_for("new code “Laptop”");
    tmux.send(&["Enter"]);
    tmux.wait_for("coded 2 sentence(s) “Laptop” (new code)");
    tmux.send(&["q"]);
    tmux.wait_exit();

    let list = excerpts_json(&db);
    assert_eq!(list.len(), 2, "{list:?}");
    for e in &list {
        assert_eq!(e["codes"], serde_json::json!(["Laptop"]));
        let text = e["text"].as_str().unwrap();
        assert!(text.contains("laptop"), "{text}");
        assert!(text.ends_with('.'), "a whole sentence: {text}");
    }
}

#[test]
fn coverage_matrix_in_a_real_terminal() {
    if !need_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (db, command) = examples_project(dir.path());
    // Two codings from the command line: "Laptop" in P01 and P05.
    for doc in ["P01", "P05"] {
        thema(
            &db,
            &["code", "apply", "Laptop", "--doc", doc, "--match", "laptop"],
        );
    }
    let tmux = start("coverage", &command);
    tmux.wait_for("Documents (6)");
    tmux.send(&["#"]);
    tmux.wait_for("Coverage: codes × documents (1 × 6)");
    let screen = tmux.wait_for("COVERAGE");
    // P01 has two laptop sentences, P05 three; the other four cells are empty.
    let row = screen
        .lines()
        .find(|l| l.contains("Laptop"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("2/6"), "{row}");
    let cells: Vec<&str> = row.split_whitespace().skip(2).take(6).collect();
    assert_eq!(cells, ["2", "·", "·", "·", "3", "·"], "{row}");
    // The P05 cell's excerpts, then the first opened in the reader.
    tmux.send(&["l", "l", "l", "l", "Enter"]);
    tmux.wait_for("3 excerpt(s) of “Laptop” in P05");
    tmux.send(&["Enter"]);
    tmux.wait_for("# goes back to the coverage screen");
    let screen = tmux.wait_for("READER");
    assert!(screen.contains("P05 · Politie-eenheid V"), "{screen}");
    tmux.send(&["q"]);
    tmux.wait_exit();
}

#[test]
fn memos_and_attributes_in_a_real_terminal() {
    if !need_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (db, command) = examples_project(dir.path());
    thema(&db, &["memo", "--doc", "P02", "Gesprek ingekort."]);
    let tmux = start("memos", &command);
    tmux.wait_for("Documents (6)");
    // The memo browser: edit the document memo.
    tmux.send(&["W"]);
    tmux.wait_for("Memos (1)");
    tmux.wait_for("MEMOS");
    tmux.send(&["Enter"]);
    tmux.wait_for("document P02");
    tmux.send(&["End"]);
    tmux.type_text(" Nog bellen.");
    tmux.send(&["C-s"]);
    tmux.wait_for("memo on document P02 saved");
    // o: to the document.
    tmux.send(&["o"]);
    tmux.wait_for("W goes back to the memos");
    tmux.wait_for("P02 · Politie-eenheid II");
    // The documents pane (its cursor followed P02): add to P03's attributes.
    tmux.send(&["Tab"]);
    tmux.send(&["Tab"]);
    tmux.wait_for("DOCUMENTS");
    tmux.send(&["j", "E"]);
    tmux.wait_for("Attributes of P03");
    tmux.send(&["a"]);
    tmux.wait_for("new attribute key=value");
    tmux.type_text("rol=wijkagent");
    tmux.send(&["Enter"]);
    tmux.wait_for("P03: rol = wijkagent (u undoes)");
    tmux.send(&["q"]);
    tmux.wait_exit();

    let out = thema(&db, &["memo", "--doc", "P02"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Gesprek ingekort. Nog bellen."),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = thema(&db, &["docs", "--json"]);
    let docs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p03 = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "P03")
        .unwrap();
    assert_eq!(p03["attributes"]["rol"], "wijkagent", "{p03}");
}
