//! Undo and redo on real project files, with several coders at once: each
//! coder's undo takes back only their own changes, a change that someone
//! changed since is refused by name and leaves the project as it was, undo of
//! anyone's newest change (`undo_any`) walks the whole log back exactly, and a
//! project written by schema version 1 opens, migrates and undoes.

use proptest::prelude::*;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use thema::model::{Attributes, MemoTarget, Span};
use thema::store::{NewDocument, Project};

const TABLES: &[&str] = &[
    "documents",
    "attributes",
    "codes",
    "excerpts",
    "excerpt_codes",
    "themes",
    "theme_codes",
    "memos",
];

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

const D1: &str =
    "De pakkans is laag. Niemand let op. De politie weet het niet. Geld verdwijnt snel.";
const D2: &str = "Het loket is dicht. Toezicht ontbreekt. Wij bellen nooit terug.";

/// A project file with two documents, opened once per coder (two terminals).
fn setup(coders: &[&str]) -> (tempfile::TempDir, PathBuf, Vec<Project>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    let mut first = Project::create(&path).unwrap();
    first.set_coder("importer");
    first
        .import(vec![doc("D1", D1), doc("D2", D2)], false)
        .unwrap();
    drop(first);
    let projects = coders
        .iter()
        .map(|c| {
            let mut p = Project::open(&path).unwrap();
            p.set_coder(c);
            p
        })
        .collect();
    (dir, path, projects)
}

/// Every row of every table, as text, in a fixed order: two equal
/// snapshots mean two equal projects.
fn snapshot(path: &Path) -> Vec<String> {
    snapshot_of(path, None)
}

/// The columns each table has in the file at `path`.
fn columns_of(path: &Path) -> Vec<Vec<String>> {
    let conn = Connection::open(path).unwrap();
    TABLES
        .iter()
        .map(|t| {
            let mut stmt = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
                .unwrap();
            stmt.query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        })
        .collect()
}

/// All rows, or only the given columns per table (to compare a migrated
/// file with the version it came from: later versions add columns).
fn snapshot_of(path: &Path, cols: Option<&[Vec<String>]>) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut out = Vec::new();
    for (i, t) in TABLES.iter().enumerate() {
        let select = match cols {
            Some(c) => c[i].join(", "),
            None => "*".to_string(),
        };
        let mut stmt = conn
            .prepare(&format!("SELECT {select} FROM {t} ORDER BY id"))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect();
            out.push(format!("{t}: {}", cells.join(" | ")));
        }
    }
    out
}

fn span(text: &str, needle: &str) -> Span {
    let s = text.find(needle).expect(needle);
    Span::new(s, s + needle.len())
}

/// Codes (doc, span) per coder, as the reader shows them.
fn codings(p: &Project) -> Vec<(String, usize, String, String)> {
    let mut v: Vec<_> = p
        .excerpts(&Default::default())
        .unwrap()
        .into_iter()
        .flat_map(|e| {
            let (doc, start, coder) = (e.doc.clone(), e.start, e.coder.clone());
            e.codes
                .into_iter()
                .map(move |c| (doc.clone(), start, c, coder.clone()))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn alice_undo_never_touches_bobs_codings() {
    let (_dir, path, mut ps) = setup(&["alice", "bob"]);
    let sentences_1: Vec<&str> = D1.split_inclusive(". ").map(str::trim).collect();
    let sentences_2: Vec<&str> = D2.split_inclusive(". ").map(str::trim).collect();
    // Interleaved: alice codes D1's sentences, bob D2's, turn by turn.
    for (i, s1) in sentences_1.iter().enumerate() {
        let (a, b) = ps.split_at_mut(1);
        a[0].apply_code("D1", span(D1, s1), "alice-code").unwrap();
        if let Some(s) = sentences_2.get(i) {
            b[0].apply_code("D2", span(D2, s), "bob-code").unwrap();
        }
    }
    let bob_before: Vec<_> = codings(&ps[1])
        .into_iter()
        .filter(|c| c.2 == "bob-code")
        .collect();
    assert_eq!(bob_before.len(), 3);
    // Alice undoes everything she did, and then some: bob's work stays.
    let mut undone = 0;
    while ps[0].undo().unwrap().is_some() {
        undone += 1;
    }
    assert_eq!(undone, 4, "alice made four changes");
    let after = codings(&ps[1]);
    assert_eq!(after, bob_before, "only bob's codings are left");
    // Redo brings alice's back; bob's stay as they were.
    for _ in 0..4 {
        assert!(ps[0].redo().unwrap().is_some());
    }
    assert!(ps[0].redo().unwrap().is_none());
    assert_eq!(codings(&ps[1]).len(), 7);
    let log = ps[0].log(0).unwrap();
    assert_eq!(log.iter().filter(|e| e.action == "undo").count(), 4);
    assert!(log.iter().all(|e| !e.undone));
    drop(ps);
    assert!(!snapshot(&path).is_empty());
}

#[test]
fn a_refused_undo_names_the_later_change_and_changes_nothing() {
    let (_dir, path, mut ps) = setup(&["alice", "bob"]);
    let s = span(D1, "Niemand let op.");
    let coded = ps[0].apply_code("D1", s, "toezicht").unwrap(); // alice: new excerpt
    // Bob writes a memo on alice's excerpt.
    let excerpt = coded.applied[0].excerpt;
    ps[1]
        .set_memo(&MemoTarget::Excerpt(excerpt), "zie ook P03")
        .unwrap();
    let bob_event = ps[1].log(1).unwrap()[0].clone();
    assert_eq!(bob_event.coder, "bob");
    let before = snapshot(&path);
    // Undoing alice's coding would delete the excerpt under bob's memo.
    let err = ps[0].undo().unwrap_err().to_string();
    assert!(
        err.contains(&format!("#{}", bob_event.id))
            && err.contains("bob")
            && err.contains(&bob_event.summary),
        "{err}"
    );
    assert_eq!(snapshot(&path), before, "a refused undo changes nothing");
    assert_eq!(ps[0].log(0).unwrap().len(), 3, "and logs nothing");
    // Once bob takes his back, alice's undo goes through.
    ps[1].undo().unwrap().unwrap();
    ps[0].undo().unwrap().unwrap();
    assert!(codings(&ps[0]).is_empty());

    // A rename by bob after alice created the code blocks alice's undo too.
    ps[0].create_code("motief", "", None).unwrap();
    ps[1].rename_code("motief", "drijfveer").unwrap();
    let before = snapshot(&path);
    let err = ps[0].undo().unwrap_err().to_string();
    assert!(
        err.contains("code") && err.contains("renamed code \"motief\" to \"drijfveer\""),
        "{err}"
    );
    assert_eq!(snapshot(&path), before);
}

#[test]
fn undo_notices_a_change_made_outside_thema_by_its_fingerprint() {
    // Undo compares fingerprints of the rows (schema 5), not their JSON
    // images: an edit by another SQLite tool to any column of any row of
    // the change, even one that keeps the text length, must be noticed.
    let (_dir, path, mut ps) = setup(&["alice"]);
    ps[0]
        .apply_code("D1", span(D1, "Niemand let op."), "toezicht")
        .unwrap();
    let conn = Connection::open(&path).unwrap();
    let hashed: i64 = conn
        .query_row(
            "SELECT count(*) FROM event_rows WHERE after IS NOT NULL AND after_hash IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(hashed, 0, "every new image has its fingerprint");
    for (edit, back) in [
        (
            "UPDATE excerpts SET text = 'Niemand let in.'",
            "UPDATE excerpts SET text = 'Niemand let op.'",
        ),
        (
            "UPDATE excerpts SET coder = 'ALICE'",
            "UPDATE excerpts SET coder = 'alice'",
        ),
        (
            "UPDATE excerpt_codes SET coder = 'bob'",
            "UPDATE excerpt_codes SET coder = 'alice'",
        ),
        (
            "UPDATE codes SET description = 'x'",
            "UPDATE codes SET description = ''",
        ),
    ] {
        conn.execute_batch(edit).unwrap();
        let before = snapshot(&path);
        let err = ps[0].undo().unwrap_err().to_string();
        assert!(err.contains("outside thema"), "{edit}: {err}");
        assert_eq!(snapshot(&path), before, "{edit}");
        conn.execute_batch(back).unwrap();
    }
    // Put back exactly, the rows match again.
    ps[0].undo().unwrap().unwrap();
    assert!(codings(&ps[0]).is_empty());
}

#[test]
fn a_row_used_since_blocks_undo_through_the_foreign_keys_and_is_named() {
    // Foreign-key links are left to SQLite at commit (no second pass over a
    // million links first); a refusal must still name the later change and
    // leave everything as it was.
    let (_dir, path, mut ps) = setup(&["alice", "bob"]);
    ps[0]
        .apply_code("D1", span(D1, "Niemand let op."), "toezicht")
        .unwrap(); // alice: creates the code
    ps[1]
        .apply_code("D2", span(D2, "Toezicht ontbreekt."), "toezicht")
        .unwrap(); // bob codes with it
    let bob_event = ps[1].log(1).unwrap()[0].clone();
    let before = snapshot(&path);
    let err = ps[0].undo().unwrap_err().to_string();
    assert!(
        err.contains(&format!("#{}", bob_event.id)) && err.contains("is used by"),
        "{err}"
    );
    assert_eq!(snapshot(&path), before, "a refused undo changes nothing");
    assert_eq!(ps[0].log(0).unwrap().len(), 3, "and logs nothing");
    // In the order the links allow, undo and redo go through.
    ps[1].undo().unwrap().unwrap();
    ps[0].undo().unwrap().unwrap();
    assert!(codings(&ps[0]).is_empty());
    ps[0].redo().unwrap().unwrap();
    ps[1].redo().unwrap().unwrap();
    assert_eq!(codings(&ps[0]).len(), 2);
}

#[test]
fn undo_of_a_change_re_imported_since_is_refused() {
    let (_dir, path, mut ps) = setup(&["alice", "bob"]);
    ps[0]
        .apply_code("D1", span(D1, "Geld verdwijnt snel."), "geld")
        .unwrap();
    // Bob re-imports D1 with a sentence in front: the excerpt moves.
    let moved = format!("Nieuw begin. {D1}");
    ps[1].import(vec![doc("D1", &moved)], true).unwrap();
    let before = snapshot(&path);
    let err = ps[0].undo().unwrap_err().to_string();
    assert!(
        err.contains("excerpt") && err.contains("re-imported"),
        "{err}"
    );
    assert_eq!(snapshot(&path), before);
    // Taking anyone's newest change (bob's re-import), then alice's, works.
    ps[0].undo_any().unwrap().unwrap();
    ps[0].undo().unwrap().unwrap();
    assert!(codings(&ps[0]).is_empty());
}

#[test]
fn undo_any_takes_the_newest_change_of_anyone() {
    let (_dir, _path, mut ps) = setup(&["alice", "bob"]);
    ps[0]
        .apply_code("D1", span(D1, "De pakkans is laag."), "a")
        .unwrap();
    ps[1]
        .apply_code("D2", span(D2, "Het loket is dicht."), "b")
        .unwrap();
    assert_eq!(
        ps[0].undo_any().unwrap().unwrap(),
        "coded D2 [0, 19) \"Het loket is dicht.\" as \"b\""
    );
    // Alice undid it, so the redo is hers; bob has nothing to redo.
    assert!(ps[1].redo().unwrap().is_none());
    assert!(ps[0].redo().unwrap().is_some());
    // Redone, it is bob's change again: his to undo, not alice's.
    assert!(ps[0].undo().unwrap().unwrap().contains("\"a\""));
    assert!(ps[1].undo().unwrap().unwrap().contains("\"b\""));
}

#[test]
fn a_new_change_ends_only_its_own_coders_redo_history() {
    let (_dir, _path, mut ps) = setup(&["alice", "bob"]);
    ps[0]
        .apply_code("D1", span(D1, "De pakkans is laag."), "a")
        .unwrap();
    ps[1]
        .apply_code("D2", span(D2, "Het loket is dicht."), "b")
        .unwrap();
    ps[0].undo().unwrap().unwrap();
    ps[1].undo().unwrap().unwrap();
    ps[1]
        .apply_code("D2", span(D2, "Toezicht ontbreekt."), "c")
        .unwrap();
    assert!(ps[1].redo().unwrap().is_none(), "bob's redo ended");
    assert!(ps[0].redo().unwrap().is_some(), "alice's redo stands");
    let log = ps[0].log(0).unwrap();
    let b = log
        .iter()
        .find(|e| e.action == "code.apply" && e.summary.contains("as \"b\""))
        .unwrap();
    assert!(b.undone, "an unredoable change still shows as undone");
}

#[test]
fn undo_restores_memos_attributes_and_merges_exactly() {
    let (_dir, path, mut ps) = setup(&["alice"]);
    let p = &mut ps[0];
    let mut states = vec![snapshot(&path)];
    p.apply_code("D1", span(D1, "De pakkans is laag."), "a")
        .unwrap();
    states.push(snapshot(&path));
    p.apply_code("D1", span(D1, "Niemand let op."), "b")
        .unwrap();
    states.push(snapshot(&path));
    p.set_memo(&MemoTarget::Code("a".into()), "over a").unwrap();
    states.push(snapshot(&path));
    p.set_memo(&MemoTarget::Code("b".into()), "over b").unwrap();
    states.push(snapshot(&path));
    p.merge_codes("a", "b").unwrap();
    states.push(snapshot(&path));
    p.set_attribute("D2", "unit", "anders").unwrap();
    states.push(snapshot(&path));
    p.create_theme_with_codes("T", "", None, &["b"]).unwrap();
    states.push(snapshot(&path));
    p.delete_code("b").unwrap();
    states.push(snapshot(&path));
    for i in (0..states.len() - 1).rev() {
        p.undo().unwrap().unwrap();
        assert_eq!(snapshot(&path), states[i], "undo back to state {i}");
    }
    for (i, state) in states.iter().enumerate().skip(1) {
        p.redo().unwrap().unwrap();
        assert_eq!(&snapshot(&path), state, "redo to state {i}");
    }
}

#[test]
fn a_version_1_project_migrates_and_keeps_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    // Written by thema with schema version 1 (before changes were rows):
    // alice and bob coded, bob renamed, alice undid a theme, autocoded,
    // undid and redid that, and bob set an attribute.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1-project.db"),
        &path,
    )
    .unwrap();
    let v1_state = snapshot(&path);
    let v1_columns = columns_of(&path);
    let mut alice = Project::open(&path).unwrap();
    alice.set_coder("alice");
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 8);
    assert_eq!(
        snapshot_of(&path, Some(&v1_columns)),
        v1_state,
        "migration keeps the data"
    );
    let log = alice.log(0).unwrap();
    assert_eq!(log.len(), 12);
    let theme = log.iter().find(|e| e.action == "theme.new").unwrap();
    assert!(theme.undone, "the undone theme stays undone");
    assert!(
        alice.redo().unwrap().is_none(),
        "its redo ended with the autocode"
    );
    // Bob's last change was the attribute; alice's the autocode.
    let mut bob = Project::open(&path).unwrap();
    bob.set_coder("bob");
    assert_eq!(bob.undo().unwrap().unwrap(), "set wave = \"2\" on B2");
    assert_eq!(
        alice.undo().unwrap().unwrap(),
        "coded 2 span(s) as \"auto\""
    );
    assert_eq!(alice.undo().unwrap().unwrap(), "memo on code \"pakkans\"");
    // Undo everything of anyone: back to an empty project.
    while alice.undo_any().unwrap().is_some() {}
    assert!(snapshot(&path).is_empty());
    // And forward again to the state the version 1 file held, minus the
    // changes whose redo history ended.
    while alice.redo_any().unwrap().is_some() {}
    assert_eq!(snapshot_of(&path, Some(&v1_columns)), v1_state);
}

/// One random change by coder `who`.
#[derive(Debug, Clone)]
enum Op {
    Code {
        doc: usize,
        sentence: usize,
        code: usize,
    },
    Uncode {
        pick: usize,
    },
    Memo {
        code: usize,
        text: usize,
    },
    Rename {
        code: usize,
    },
    Attr {
        doc: usize,
        value: usize,
    },
    Theme {
        code: usize,
    },
    Undo,
}

fn op() -> impl Strategy<Value = (usize, Op)> {
    let op = prop_oneof![
        6 => (0..2usize, 0..4usize, 0..3usize)
            .prop_map(|(doc, sentence, code)| Op::Code { doc, sentence, code }),
        2 => (0..8usize).prop_map(|pick| Op::Uncode { pick }),
        1 => (0..3usize, 0..3usize).prop_map(|(code, text)| Op::Memo { code, text }),
        1 => (0..3usize).prop_map(|code| Op::Rename { code }),
        1 => (0..2usize, 0..3usize).prop_map(|(doc, value)| Op::Attr { doc, value }),
        1 => (0..3usize).prop_map(|code| Op::Theme { code }),
        2 => Just(Op::Undo),
    ];
    (0..3usize, op)
}

fn run(p: &mut Project, op: &Op) {
    let docs = [("D1", D1), ("D2", D2)];
    let code_names =
        |p: &Project| -> Vec<String> { p.codes().unwrap().into_iter().map(|c| c.name).collect() };
    // Errors (a name taken, an undo refused) are part of the game: each must
    // leave the project as it was, which the caller checks.
    let _ = match op {
        Op::Code {
            doc,
            sentence,
            code,
        } => {
            let (d, text) = docs[*doc];
            let s: Vec<&str> = text.split_inclusive(". ").map(str::trim).collect();
            let s = s[*sentence % s.len()];
            p.apply_code(d, span(text, s), &format!("c{code}"))
                .map(|_| ())
        }
        Op::Uncode { pick } => {
            let ex = p.excerpts(&Default::default()).unwrap();
            match ex.get(*pick % ex.len().max(1)) {
                Some(e) => p.uncode(e.id, None),
                None => Ok(()),
            }
        }
        Op::Memo { code, text } => match code_names(p).get(*code) {
            Some(c) => p.set_memo(&MemoTarget::Code(c.clone()), &"memo ".repeat(*text)),
            None => Ok(()),
        },
        Op::Rename { code } => match code_names(p).get(*code) {
            Some(c) => {
                let new = format!("{c}'");
                p.rename_code(c, &new)
            }
            None => Ok(()),
        },
        Op::Attr { doc, value } => p.set_attribute(docs[*doc].0, "wave", &value.to_string()),
        Op::Theme { code } => match code_names(p).get(*code) {
            Some(c) => {
                let name = format!("theme of {c}");
                p.create_theme_with_codes(&name, "", None, &[c.as_str()])
                    .map(|_| ())
            }
            None => Ok(()),
        },
        Op::Undo => p.undo().map(|_| ()),
    };
}

/// Run `op`; an error (a name taken, an undo refused) must leave the
/// project exactly as it was, and a success must log exactly one event or,
/// when it changed nothing, none.
fn run_checked(p: &mut Project, path: &Path, op: &Op) -> Result<bool, TestCaseError> {
    let before = snapshot(path);
    let events = p.log(0).unwrap().len();
    run(p, op);
    let now = p.log(0).unwrap().len();
    if now == events {
        prop_assert_eq!(&snapshot(path), &before, "no event, no change: {:?}", op);
        Ok(false)
    } else {
        prop_assert_eq!(now, events + 1, "one event per change: {:?}", op);
        Ok(true)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Random interleavings of three coders' changes; then undoing the
    /// newest change of anyone, one by one, passes back through every state
    /// exactly, and redoing all of them passes forward through them again.
    #[test]
    fn undo_all_and_redo_all_restore_every_state(ops in proptest::collection::vec(op(), 1..25)) {
        let (_dir, path, mut ps) = setup(&["ann", "ben", "cas"]);
        let mut states = vec![snapshot(&path)];
        for (who, op) in ops.iter().filter(|(_, o)| !matches!(o, Op::Undo)) {
            if run_checked(&mut ps[*who], &path, op)? {
                states.push(snapshot(&path));
            }
        }
        for i in (0..states.len() - 1).rev() {
            prop_assert!(ps[i % 3].undo_any().unwrap().is_some());
            prop_assert_eq!(&snapshot(&path), &states[i], "undo back to state {}", i);
        }
        // The import that set the project up is a change too.
        prop_assert!(ps[0].undo_any().unwrap().is_some());
        prop_assert!(snapshot(&path).is_empty());
        prop_assert!(ps[0].undo_any().unwrap().is_none());
        prop_assert!(ps[0].redo_any().unwrap().is_some());
        for (i, state) in states.iter().enumerate() {
            if i > 0 {
                prop_assert!(ps[i % 3].redo_any().unwrap().is_some());
            }
            prop_assert_eq!(&snapshot(&path), state, "redo to state {}", i);
        }
        prop_assert!(ps[0].redo_any().unwrap().is_none());
    }

    /// The same with every coder also undoing their own changes at random
    /// moments: each undo takes back that coder's own change or is refused
    /// without a trace, and so is each later undo of anyone's newest change.
    #[test]
    fn per_coder_undo_is_all_or_nothing(ops in proptest::collection::vec(op(), 1..25)) {
        let (_dir, path, mut ps) = setup(&["ann", "ben", "cas"]);
        for (who, op) in &ops {
            let changed = run_checked(&mut ps[*who], &path, op)?;
            if changed && matches!(op, Op::Undo) {
                let event = ps[0].log(1).unwrap().remove(0);
                let target = ps[0].log(0).unwrap().into_iter()
                    .find(|e| Some(e.id) == event.target).unwrap();
                prop_assert_eq!(&target.coder, &event.coder, "an undo takes back one's own change");
            }
        }
        loop {
            let before = snapshot(&path);
            match ps[0].undo_any() {
                Ok(Some(_)) => {}
                Ok(None) => break,
                // Out-of-order undos above can make an older change
                // depend on one that is gone (ben's uncode needs the code
                // ann's undo took away): refused, by name, without a trace.
                Err(e) => {
                    prop_assert!(e.to_string().contains("change #"), "{}", e);
                    prop_assert_eq!(snapshot(&path), before, "refused: {}", e);
                    break;
                }
            }
        }
    }
}

/// `thema` (the real binary) on `path` as `coder`: (exit code, stdout, stderr).
fn thema(path: &Path, coder: &str, args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::cargo_bin("thema")
        .unwrap()
        .env_remove("THEMA_PROJECT")
        .arg("--project")
        .arg(path)
        .args(["--coder", coder])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_undo_is_per_coder_any_takes_anyones_and_a_refusal_exits_1() {
    let (_dir, path, ps) = setup(&[]);
    drop(ps);
    let ok = |coder: &str, args: &[&str]| {
        let (code, out, err) = thema(&path, coder, args);
        assert_eq!(code, 0, "thema {args:?}: {err}");
        (out, err)
    };
    ok(
        "alice",
        &["code", "apply", "A", "--doc", "D1", "--span", "0:19"],
    );
    ok(
        "bob",
        &["code", "apply", "B", "--doc", "D2", "--span", "0:19"],
    );
    let (_, err) = ok("alice", &["undo"]);
    assert!(err.contains("undone: coded D1"), "{err}");
    let (_, err) = ok("alice", &["undo"]);
    assert!(err.contains("nothing to undo for alice"), "{err}");
    let (_, err) = ok("alice", &["undo", "--any"]);
    assert!(err.contains("undone: coded D2"), "{err}");
    ok("alice", &["redo", "--any"]);
    ok("alice", &["redo"]);
    // Bob writes a memo on alice's excerpt; her undo would delete the
    // excerpt under it.
    let (out, _) = ok("alice", &["excerpts", "--doc", "D1", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    let id = list[0]["id"].as_i64().unwrap().to_string();
    ok("bob", &["memo", "--excerpt", &id, "Bob's note"]);
    let before = snapshot(&path);
    let (code, _, err) = thema(&path, "alice", &["undo"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("cannot undo change #") && err.contains(&format!("bob: memo on excerpt {id}")),
        "{err}"
    );
    assert_eq!(snapshot(&path), before);
}

#[test]
fn orphans_are_out_of_reach_until_re_attached_or_deleted() {
    let (_dir, path, mut ps) = setup(&["alice"]);
    let p = &mut ps[0];
    p.apply_code("D1", span(D1, "Geld verdwijnt snel."), "geld")
        .unwrap();
    p.apply_code("D1", span(D1, "Niemand let op."), "toezicht")
        .unwrap();
    // The new version drops the sentence about money: its excerpt is orphaned.
    let new = "De pakkans is laag. Niemand let op. De politie weet het niet. Het geld is op. Verder niets.";
    p.import(vec![doc("D1", new)], true).unwrap();
    let orphans = p.orphans().unwrap();
    assert_eq!(orphans.len(), 1);
    let orphan = orphans[0].id;
    assert_eq!(orphans[0].text, "Geld verdwijnt snel.");
    // Not in the codes pane, the reader marks or a review: nothing to jump to.
    assert!(p.code_excerpts("geld").unwrap().is_empty());
    assert!(
        p.excerpt_marks("D1")
            .unwrap()
            .iter()
            .all(|m| m.excerpt != orphan)
    );
    // Its stale offsets cannot be used to move it.
    let err = p.respan_excerpt(orphan, Span::new(0, 5)).unwrap_err();
    assert!(err.to_string().contains("orphan"), "{err}");
    // Coding its old span codes the current text there, in a new excerpt.
    let old = Span::new(orphans[0].start, orphans[0].end);
    let c = p.apply_code("D1", old, "geld").unwrap();
    assert!(c.applied[0].new_excerpt && c.applied[0].excerpt != orphan);
    let text = p.document("D1").unwrap().text;
    let e = p.excerpt(c.applied[0].excerpt).unwrap();
    assert_eq!(e.text, text[e.start..e.end]);
    p.undo().unwrap().unwrap();
    // Re-attach it to where the money went; one undo takes that back.
    let before = snapshot(&path);
    let at = p
        .attach_orphan(orphan, span(new, "Het geld is op."))
        .unwrap();
    let e = p.excerpt(orphan).unwrap();
    assert!(!e.orphan && e.text == "Het geld is op." && e.start == at.start);
    assert_eq!(p.code_excerpts("geld").unwrap()[0].excerpt, orphan);
    p.undo().unwrap().unwrap();
    assert_eq!(snapshot(&path), before);
    // Not an orphan: refused. Delete the orphan; undo brings it back.
    let other = p.code_excerpts("toezicht").unwrap()[0].excerpt;
    assert!(
        p.delete_orphan(other)
            .unwrap_err()
            .to_string()
            .contains("not an orphan")
    );
    p.delete_orphan(orphan).unwrap();
    assert!(p.orphans().unwrap().is_empty());
    p.undo().unwrap().unwrap();
    assert_eq!(snapshot(&path), before);
}

#[test]
fn cli_orphans_attr_and_theme_move_are_one_undo_each() {
    let (dir, path, ps) = setup(&[]);
    drop(ps);
    let ok = |args: &[&str]| {
        let (code, out, err) = thema(&path, "alice", args);
        assert_eq!(code, 0, "thema {args:?}: {err}");
        (out, err)
    };
    // Several attributes in one command: one undo takes them all back.
    let before = snapshot(&path);
    ok(&["attr", "D1", "wave=2", "unit=anders"]);
    ok(&["undo"]);
    assert_eq!(snapshot(&path), before);
    // A theme moved under a parent and to a position: one change.
    ok(&["theme", "new", "T1"]);
    ok(&["theme", "new", "T2"]);
    ok(&["theme", "new", "T3"]);
    let before = snapshot(&path);
    ok(&["theme", "move", "T3", "--parent", "T1", "--to", "1"]);
    let (_, err) = ok(&["undo"]);
    assert!(err.contains("moved theme \"T3\" under \"T1\""), "{err}");
    assert_eq!(snapshot(&path), before);
    // Orphans: listed, re-attached, deleted from the command line.
    ok(&[
        "code",
        "apply",
        "geld",
        "--doc",
        "D1",
        "--match",
        "geld verdwijnt",
    ]);
    let file = dir.path().join("D1.md");
    std::fs::write(
        &file,
        "---\nid: D1\nunit: unit of D1\n---\nAlles is anders nu.\n",
    )
    .unwrap();
    ok(&["import", "--replace", file.to_str().unwrap()]);
    let (out, _) = ok(&["orphans", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    let id = list[0]["id"].as_i64().unwrap().to_string();
    assert_eq!(list[0]["codes"], serde_json::json!(["geld"]));
    let (code, _, err) = thema(
        &path,
        "alice",
        &["orphans", "attach", &id, "--span", "0:999"],
    );
    assert_eq!(code, 1, "{err}");
    ok(&["orphans", "attach", &id, "--span", "0:5"]);
    let (out, _) = ok(&["orphans", "--json"]);
    assert_eq!(out.trim(), "[]");
    ok(&["undo"]);
    ok(&["orphans", "delete", &id]);
    let (out, _) = ok(&["excerpts", "--json"]);
    assert_eq!(out.trim(), "[]");
}
