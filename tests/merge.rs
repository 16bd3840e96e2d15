//! `thema merge` on real project files: several coders code copies of one
//! project, and merging their files in any order, any number of times, gives
//! the same project (property test); every coder's changes show in the log
//! and a theme's history; conflicts and bad files are refused with the
//! project left byte for byte as it was.

mod common;

use common::T;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use thema::model::{Attributes, MemoTarget, Span};
use thema::store::{ExcerptFilter, NewDocument, Project};

const D1: &str =
    "De pakkans is laag. Niemand let op. De politie weet het niet. Geld verdwijnt snel.";
const D2: &str = "Het loket is dicht. Toezicht ontbreekt. Wij bellen nooit terug.";

fn doc(id: &str, text: &str) -> NewDocument {
    let mut attributes = Attributes::new();
    attributes.insert("unit".into(), format!("unit of {id}"));
    NewDocument {
        id: id.into(),
        text: text.into(),
        sha256: thema::text::sha256_hex(text),
        attributes,
        source: None,
    }
}

/// The spans of the sentences of `text` (each up to and with its period).
fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '.' {
            out.push(Span::new(start, i + 1));
            start = i + 2;
        }
    }
    out
}

/// A base project (documents, a codebook) copied to one file per coder.
fn base(dir: &Path, coders: &[&str]) -> Vec<PathBuf> {
    let path = dir.join("base.db");
    let mut p = Project::create(&path).unwrap();
    p.set_coder("lead");
    p.import(vec![doc("D1", D1), doc("D2", D2)], false).unwrap();
    p.create_code("Lage pakkans", "The chance of being caught is low.", None)
        .unwrap();
    p.create_code("Toezicht", "", None).unwrap();
    p.create_theme_with_codes("Risico", "", None, &["Lage pakkans"])
        .unwrap();
    drop(p);
    coders
        .iter()
        .map(|c| {
            let to = dir.join(format!("{c}.db"));
            std::fs::copy(&path, &to).unwrap();
            to
        })
        .collect()
}

/// Everything merge order must not change: excerpts (sorted by document,
/// start, end, coder, with their codes), codes and themes.
fn snapshot(path: &Path) -> String {
    let p = Project::open(path).unwrap();
    let mut ex: Vec<String> = p
        .excerpts(&ExcerptFilter::default())
        .unwrap()
        .into_iter()
        .map(|e| {
            let mut codes = e.codes.clone();
            codes.sort();
            format!(
                "{} {} {} {} {:?} {:?}",
                e.doc, e.start, e.end, e.coder, codes, e.text
            )
        })
        .collect();
    ex.sort();
    let mut codes: Vec<String> = p
        .codes()
        .unwrap()
        .into_iter()
        .map(|c| format!("{} {:?} {:?} {:?}", c.name, c.description, c.parent, c.guid))
        .collect();
    codes.sort();
    let mut themes: Vec<String> = p
        .themes()
        .unwrap()
        .into_iter()
        .map(|t| {
            let mut codes = t.codes.clone();
            codes.sort();
            format!(
                "{} {:?} {:?} {:?} {codes:?}",
                t.name, t.definition, t.parent, t.phase
            )
        })
        .collect();
    themes.sort();
    let memos = p.memos().unwrap().len();
    format!("{ex:#?}\n{codes:#?}\n{themes:#?}\nmemos: {memos}")
}

#[derive(Debug, Clone)]
enum Op {
    Code {
        doc: usize,
        sentence: usize,
        code: usize,
    },
    Uncode {
        nth: usize,
    },
    Memo {
        nth: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..2usize, 0..4usize, 0..4usize).prop_map(|(doc, sentence, code)| Op::Code { doc, sentence, code }),
        1 => (0..8usize).prop_map(|nth| Op::Uncode { nth }),
        1 => (0..8usize).prop_map(|nth| Op::Memo { nth }),
    ]
}

/// Code names: two from the base codebook, two each coder makes anew (the
/// same name from several coders becomes one code).
const CODES: &[&str] = &["Lage pakkans", "Toezicht", "Nieuw", "Geld"];

fn run(path: &Path, coder: &str, ops: &[Op]) {
    let mut p = Project::open(path).unwrap();
    p.set_coder(coder);
    for op in ops {
        let mine: Vec<i64> = p
            .excerpts(&ExcerptFilter::default())
            .unwrap()
            .into_iter()
            .filter(|e| e.coder == coder)
            .map(|e| e.id)
            .collect();
        match op {
            Op::Code {
                doc,
                sentence,
                code,
            } => {
                let (name, text) = [("D1", D1), ("D2", D2)][*doc];
                let spans = sentences(text);
                let span = spans[sentence % spans.len()];
                p.apply_code(name, span, CODES[*code]).unwrap();
            }
            Op::Uncode { nth } if !mine.is_empty() => {
                p.uncode(mine[nth % mine.len()], None).unwrap();
            }
            Op::Memo { nth } if !mine.is_empty() => {
                let e = mine[nth % mine.len()];
                p.set_memo(&MemoTarget::Excerpt(e), &format!("{coder} on {e}"))
                    .unwrap();
            }
            _ => {}
        }
    }
}

fn merge(into: &Path, files: &[&PathBuf]) {
    let mut p = if into.exists() {
        Project::open(into).unwrap()
    } else {
        Project::create(into).unwrap()
    };
    p.set_coder("lead");
    let files: Vec<PathBuf> = files.iter().map(|f| (*f).clone()).collect();
    p.merge(&files).unwrap();
}

fn events(path: &Path) -> usize {
    Project::open(path).unwrap().log(0).unwrap().len()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Three coders code their copies at random. Merging A, B, C one by one
    /// and C, A, B in one go give the same excerpts, codes and themes;
    /// merging a file again changes nothing, not even the log.
    #[test]
    fn merge_is_order_free_and_idempotent(
        a in proptest::collection::vec(op(), 0..12),
        b in proptest::collection::vec(op(), 0..12),
        c in proptest::collection::vec(op(), 0..12),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let files = base(dir.path(), &["anna", "bram", "cas"]);
        run(&files[0], "anna", &a);
        run(&files[1], "bram", &b);
        run(&files[2], "cas", &c);
        let one = dir.path().join("one.db");
        for f in &files {
            merge(&one, &[f]);
        }
        let two = dir.path().join("two.db");
        merge(&two, &[&files[2], &files[0], &files[1]]);
        let s1 = snapshot(&one);
        prop_assert_eq!(&s1, &snapshot(&two));
        // Every coder's excerpts arrived, none doubled.
        for (f, coder) in files.iter().zip(["anna", "bram", "cas"]) {
            let theirs = Project::open(f).unwrap().excerpts(&ExcerptFilter::default()).unwrap();
            let n = theirs.iter().filter(|e| e.coder == coder).count();
            let merged = Project::open(&one).unwrap().excerpts(&ExcerptFilter::default()).unwrap();
            prop_assert_eq!(n, merged.iter().filter(|e| e.coder == coder).count());
        }
        let logged = events(&one);
        merge(&one, &[&files[1]]);
        merge(&one, &[&files[0], &files[2]]);
        prop_assert_eq!(&s1, &snapshot(&one));
        prop_assert_eq!(logged, events(&one));
        // The merged project merged into another changes nothing either.
        merge(&two, &[&one]);
        prop_assert_eq!(&s1, &snapshot(&two));
    }
}

/// The file bytes of a project (after every commit thema checkpoints, so
/// the main file holds everything).
fn bytes(t: &T, name: &str) -> Vec<u8> {
    std::fs::read(t.path(name)).unwrap()
}

/// Two coders' files made with the CLI, from one base project.
fn coders() -> T {
    let t = T::new();
    t.write(
        "p01.md",
        format!("---\nid: P01\nunit: Eenheid I\n---\n{D1}\n"),
    );
    t.write(
        "p02.md",
        format!("---\nid: P02\nunit: Eenheid II\n---\n{D2}\n"),
    );
    t.ok(&["import", "p01.md", "p02.md"]);
    t.ok(&["code", "new", "Lage pakkans"]);
    std::fs::copy(t.path("thema.db"), t.path("anna.db")).unwrap();
    std::fs::copy(t.path("thema.db"), t.path("bram.db")).unwrap();
    let by = |coder: &str, args: &[&str]| {
        let mut a = vec!["--coder", coder, "--project"];
        let file = format!("{coder}.db");
        a.push(&file);
        a.extend_from_slice(args);
        t.ok(&a);
    };
    by(
        "anna",
        &[
            "code",
            "apply",
            "Lage pakkans",
            "--doc",
            "P01",
            "--span",
            "0:19",
        ],
    );
    by("anna", &["theme", "new", "Risico"]);
    by("anna", &["theme", "add", "Risico", "Lage pakkans"]);
    by(
        "bram",
        &[
            "code",
            "apply",
            "Lage pakkans",
            "--doc",
            "P01",
            "--span",
            "0:35",
        ],
    );
    by(
        "bram",
        &[
            "code", "apply", "Toezicht", "--doc", "P02", "--span", "20:39",
        ],
    );
    t
}

#[test]
fn merge_brings_every_coder_and_their_history() {
    let t = coders();
    let out = t.run(&["--project", "team.db", "merge", "anna.db", "bram.db"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ex = t.json(&["--project", "team.db", "excerpts"]);
    let mut got: Vec<(String, u64, u64, String)> = ex
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["doc"].as_str().unwrap().to_owned(),
                e["start"].as_u64().unwrap(),
                e["end"].as_u64().unwrap(),
                e["coder"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("P01".into(), 0, 19, "anna".into()),
            ("P01".into(), 0, 35, "bram".into()),
            ("P02".into(), 20, 39, "bram".into()),
        ]
    );
    // The log holds the base project's changes once, each coder's, and the
    // merge; a theme's history shows anna's decisions about it.
    let log = t.json(&["--project", "team.db", "log"]);
    let who: Vec<(&str, &str)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["coder"].as_str().unwrap(), e["action"].as_str().unwrap()))
        .collect();
    assert_eq!(
        who.iter().filter(|(_, a)| *a == "import").count(),
        1,
        "{who:?}"
    );
    assert!(who.contains(&("anna", "theme.new")), "{who:?}");
    assert_eq!(
        who.iter().filter(|(c, _)| *c == "bram").count(),
        2,
        "{who:?}"
    );
    assert_eq!(who[0], ("tester", "merge"));
    let history = t.ok(&["--project", "team.db", "theme", "history", "Risico"]);
    assert!(
        history.contains("anna") && history.contains("created theme"),
        "{history}"
    );
    // Again: nothing changes, not a byte.
    let before = bytes(&t, "team.db");
    let again = t.run(&["--project", "team.db", "merge", "bram.db", "anna.db"]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("nothing new"));
    assert!(before == bytes(&t, "team.db"), "team.db changed");
    // One undo step takes the whole merge back; redo brings it again.
    t.ok(&["--project", "team.db", "undo"]);
    assert_eq!(
        t.json(&["--project", "team.db", "excerpts"]),
        serde_json::json!([])
    );
    t.ok(&["--project", "team.db", "redo"]);
    assert_eq!(
        t.json(&["--project", "team.db", "excerpts"])
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn a_coder_can_undo_their_merged_change_in_the_team_project() {
    let t = coders();
    t.ok(&["--project", "team.db", "merge", "anna.db", "bram.db"]);
    // bram's last change came with the merge, its row ids rewritten to the
    // team project's: his undo takes exactly that coding back.
    t.ok(&["--project", "team.db", "--coder", "bram", "undo"]);
    let ex = t.json(&["--project", "team.db", "excerpts", "--doc", "P02"]);
    assert_eq!(ex, serde_json::json!([]));
    // A new row after that never takes an id the log has used.
    t.ok(&[
        "--project",
        "team.db",
        "code",
        "apply",
        "X",
        "--doc",
        "P02",
        "--span",
        "0:19",
    ]);
    let ex = t.json(&["--project", "team.db", "excerpts", "--doc", "P02"]);
    let id = ex[0]["id"].as_i64().unwrap();
    let conn = rusqlite::Connection::open(t.path("team.db")).unwrap();
    let used: i64 = conn
        .query_row(
            "SELECT count(*) FROM event_rows WHERE tbl = 'excerpts' AND row_id = ? AND event_id < (SELECT max(id) FROM events)",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(used, 0);
}

#[test]
fn the_same_document_id_with_another_text_is_refused() {
    let t = coders();
    t.ok(&["--project", "team.db", "merge", "anna.db"]);
    let before = bytes(&t, "team.db");
    t.write("other.md", "---\nid: P01\n---\nEen heel andere tekst.\n");
    t.ok(&["--project", "other.db", "init"]);
    t.ok(&["--project", "other.db", "import", "other.md"]);
    let err = t.fails(&["--project", "team.db", "merge", "bram.db", "other.db"]);
    assert!(err.contains("same document id, different text"), "{err}");
    assert!(err.contains("P01") && err.contains("other.db"), "{err}");
    assert!(err.contains("nothing was merged"), "{err}");
    assert!(before == bytes(&t, "team.db"), "team.db changed");
}

#[test]
fn conflicting_codes_are_listed_and_nothing_is_merged() {
    let t = coders();
    t.ok(&[
        "--project",
        "anna.db",
        "code",
        "describe",
        "Lage pakkans",
        "Low chance of being caught",
    ]);
    t.ok(&[
        "--project",
        "bram.db",
        "code",
        "describe",
        "Lage pakkans",
        "Nobody checks",
    ]);
    t.ok(&[
        "--project",
        "bram.db",
        "code",
        "new",
        "Kind",
        "--parent",
        "Toezicht",
    ]);
    t.ok(&["--project", "anna.db", "code", "new", "kind"]);
    t.ok(&["--project", "team.db", "merge", "anna.db"]);
    let before = bytes(&t, "team.db");
    let err = t.fails(&["--project", "team.db", "merge", "bram.db"]);
    assert!(err.contains("2 conflict(s)"), "{err}");
    assert!(
        err.contains("code \"Lage pakkans\": its description here differs"),
        "{err}"
    );
    assert!(
        err.contains("code \"kind\": parent none here, \"Toezicht\" in bram.db"),
        "{err}"
    );
    assert!(before == bytes(&t, "team.db"), "team.db changed");
}

#[test]
fn bad_files_are_refused_and_the_project_is_unchanged() {
    let t = coders();
    t.ok(&["--project", "team.db", "merge", "anna.db"]);
    let before = bytes(&t, "team.db");
    t.write("notes.db", "just some text, not a project\n");
    let newer = t.path("newer.db");
    std::fs::copy(t.path("bram.db"), &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let mut damaged = bytes(&t, "bram.db");
    let n = damaged.len();
    for b in &mut damaged[n / 2..] {
        *b = 0x5A;
    }
    t.write("damaged.db", &damaged);
    for (file, says) in [
        ("notes.db", "notes.db"),
        ("newer.db", "schema 99"),
        ("damaged.db", "damaged.db"),
        ("missing.db", "does not exist"),
        ("team.db", "is this project"),
    ] {
        let err = t.fails(&["--project", "team.db", "merge", "bram.db", file]);
        assert!(err.contains(says), "{file}: {err}");
        assert!(err.contains("nothing was merged"), "{file}: {err}");
        assert!(before == bytes(&t, "team.db"), "{file}: team.db changed");
    }
    // A refused merge into a project that did not exist leaves no file.
    t.fails(&["--project", "new.db", "merge", "notes.db"]);
    assert!(!t.path("new.db").exists());
}

/// `thema merge` with `TMPDIR` set to `tmp`, where an older file's upgraded
/// copy goes.
fn merge_with_tmp(t: &T, tmp: &Path, files: &[&str]) -> std::process::Output {
    use assert_cmd::cargo::CommandCargoExt;
    std::process::Command::cargo_bin("thema")
        .unwrap()
        .current_dir(t.dir.path())
        .env_remove("THEMA_PROJECT")
        .env("THEMA_CODER", "tester")
        .env("TMPDIR", tmp)
        .args(["--project", "team.db", "merge"])
        .args(files)
        .output()
        .unwrap()
}

/// A file written by thema with schema version 1 (tests/fixtures, see
/// tests/undo.rs: alice and bob coded A1 and B2, bob renamed a code, alice
/// undid a theme, autocoded, undid and redid that, bob set an attribute) is
/// merged from an upgraded copy: its codings and its log arrive, each coder
/// can undo their own last change in the team project, and the file itself
/// is left byte for byte as it was, with no copy left behind.
#[test]
fn a_file_of_an_older_schema_is_merged_from_an_upgraded_copy() {
    let t = T::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1-project.db");
    std::fs::copy(&fixture, t.path("old.db")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = merge_with_tmp(&t, tmp.path(), &["old.db"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read(t.path("old.db")).unwrap() == std::fs::read(&fixture).unwrap(),
        "old.db changed"
    );
    for suffix in ["-wal", "-shm", "-lock"] {
        assert!(!t.path(&format!("old.db{suffix}")).exists(), "{suffix}");
    }
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "left in the temporary folder: {left:?}");
    // What the fixture holds (read from it with sqlite3 when it was made).
    let ex = t.json(&["--project", "team.db", "excerpts"]);
    let mut got: Vec<(String, u64, u64, String)> = ex
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["doc"].as_str().unwrap().to_owned(),
                e["start"].as_u64().unwrap(),
                e["end"].as_u64().unwrap(),
                e["coder"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("A1".into(), 0, 19, "alice".into()),
            ("A1".into(), 20, 35, "bob".into()),
            ("A1".into(), 37, 62, "alice".into()),
            ("B2".into(), 0, 19, "alice".into()),
        ]
    );
    let codes = t.ok(&["--project", "team.db", "codes"]);
    for code in ["auto", "geen toezicht", "geld", "pakkans"] {
        assert!(codes.contains(code), "{code}: {codes}");
    }
    // The file's twelve events and the merge.
    let log = t.json(&["--project", "team.db", "log"]);
    assert_eq!(log.as_array().unwrap().len(), 13, "{log}");
    // Each coder's undo stack came along: bob's last change was the
    // attribute, alice's the autocode she redid.
    let undo = |coder: &str| {
        let out = t.run(&["--coder", coder, "--project", "team.db", "undo"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr)
    };
    let said = undo("bob");
    assert!(said.contains("set wave = \"2\" on B2"), "{said}");
    let said = undo("alice");
    assert!(said.contains("coded 2 span(s) as \"auto\""), "{said}");
}

/// An older file that cannot be upgraded is refused with the reason, and
/// neither the project, the file nor the temporary folder keeps anything.
#[test]
fn an_older_file_that_cannot_be_upgraded_is_refused_with_the_reason() {
    let t = T::new();
    t.ok(&["--project", "team.db", "init"]);
    let before = bytes(&t, "team.db");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1-project.db");
    std::fs::copy(&fixture, t.path("old.db")).unwrap();
    // Version 1 kept each change as JSON; one that is not JSON cannot be
    // turned into version 4's rows.
    rusqlite::Connection::open(t.path("old.db"))
        .unwrap()
        .execute("UPDATE events SET changes = 'not json' WHERE id = 2", [])
        .unwrap();
    let old = bytes(&t, "old.db");
    let tmp = tempfile::tempdir().unwrap();
    let out = merge_with_tmp(&t, tmp.path(), &["old.db"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("old.db"), "{err}");
    assert!(err.contains("schema 1"), "{err}");
    assert!(err.contains("upgrading a copy of it failed"), "{err}");
    assert!(err.contains("JSON"), "{err}");
    assert!(err.contains("nothing was merged"), "{err}");
    assert!(before == bytes(&t, "team.db"), "team.db changed");
    assert!(old == bytes(&t, "old.db"), "old.db changed");
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "left in the temporary folder: {left:?}");
}

/// The merge's own undo record carries the fingerprint of every row it
/// inserted, as every other change does since schema 7, so undoing a merge
/// compares fingerprints instead of building each row's JSON image (slow
/// for 200,000 excerpts). The fingerprints must be right: undo goes through
/// untouched rows and refuses once a merged excerpt was changed since.
#[test]
fn the_merge_record_has_fingerprints_and_undo_checks_them() {
    let t = coders();
    t.ok(&["--project", "team.db", "merge", "anna.db", "bram.db"]);
    let db = rusqlite::Connection::open(t.path("team.db")).unwrap();
    let merge: i64 = db
        .query_row("SELECT id FROM events WHERE action = 'merge'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let (rows, unhashed): (i64, i64) = db
        .query_row(
            "SELECT count(*), count(*) FILTER (WHERE after IS NOT NULL AND after_hash IS NULL)
             FROM event_rows WHERE event_id = ?",
            [merge],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    // 3 excerpts and 3 codings at least (documents, codes, themes too).
    assert!(rows >= 6, "{rows}");
    assert_eq!(unhashed, 0, "{unhashed} of {rows} rows without fingerprint");
    // A merged excerpt changed behind the merge's back: undo must see it.
    db.execute(
        "UPDATE excerpts SET created_at = '2000-01-01T00:00:00.000Z'
         WHERE id = (SELECT min(id) FROM excerpts)",
        [],
    )
    .unwrap();
    drop(db);
    let out = t.run(&["--project", "team.db", "undo"]);
    assert!(!out.status.success(), "undo went through a changed row");
    assert_eq!(
        t.json(&["--project", "team.db", "excerpts"])
            .as_array()
            .unwrap()
            .len(),
        3
    );
}
