//! The excerpt counts kept per document and per code (schema 8) always equal
//! a fresh `count(*)` of the rows: after random codings, uncodings, batches,
//! autocodes, code merges and deletions, re-imports that move or orphan
//! excerpts, and undo and redo of any of them by several coders; after a
//! merge of two projects and its undo; after a QDPX round trip; and in a
//! project migrated from schema 7.

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use thema::model::{Attributes, Span};
use thema::store::{BatchCoding, BatchTarget, NewDocument, Project};

fn doc(id: &str, text: &str) -> NewDocument {
    NewDocument {
        id: id.into(),
        text: text.into(),
        sha256: thema::text::sha256_hex(text),
        attributes: Attributes::new(),
        source: None,
    }
}

const D1: &str =
    "De pakkans is laag. Niemand let op. De politie weet het niet. Geld verdwijnt snel.";
const D2: &str = "Het loket is dicht. Toezicht ontbreekt. Wij bellen nooit terug.";
/// D1 re-written: one sentence moves, one is gone (its excerpts orphan).
const D1_NEW: &str = "Niemand let op. De pakkans is laag. Geld verdwijnt snel.";

fn span(text: &str, needle: &str) -> Span {
    let start = text.find(needle).expect("needle in text");
    Span::new(start, start + needle.len())
}

fn sentences(text: &str) -> Vec<&str> {
    text.split_inclusive(". ").map(str::trim).collect()
}

/// Fails with the differences when a kept count is not the rows' count;
/// also checks what the lists show against a count of their own.
fn assert_counts(p: &Project, after: &str) {
    let wrong = p.count_mismatches().unwrap();
    assert!(
        wrong.is_empty(),
        "after {after}: (table, key, kept, counted) {wrong:?}"
    );
    let shown: usize = p.documents().unwrap().iter().map(|d| d.excerpts).sum();
    let counted = p.excerpts(&Default::default()).unwrap().len();
    assert_eq!(shown, counted, "after {after}: documents() vs excerpts");
    let links: usize = p.codes().unwrap().iter().map(|c| c.excerpts).sum();
    let counted: usize = p
        .excerpts(&Default::default())
        .unwrap()
        .iter()
        .map(|e| e.codes.len())
        .sum();
    assert_eq!(links, counted, "after {after}: codes() vs links");
}

fn setup(dir: &Path, coders: &[&str]) -> (PathBuf, Vec<Project>) {
    let path = dir.join("p.db");
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
    (path, projects)
}

#[derive(Debug, Clone)]
enum Op {
    Code {
        doc: usize,
        sentence: usize,
        code: usize,
    },
    Uncode {
        pick: usize,
        all: bool,
    },
    Batch {
        doc: usize,
        from: usize,
        code: usize,
    },
    Autocode {
        code: usize,
    },
    Merge {
        from: usize,
        into: usize,
    },
    Delete {
        code: usize,
    },
    Reimport {
        back: bool,
    },
    DeleteOrphan,
    Undo,
    UndoAny,
    Redo,
}

fn op() -> impl Strategy<Value = (usize, Op)> {
    let op = prop_oneof![
        6 => (0..2usize, 0..4usize, 0..4usize)
            .prop_map(|(doc, sentence, code)| Op::Code { doc, sentence, code }),
        2 => (0..8usize, any::<bool>()).prop_map(|(pick, all)| Op::Uncode { pick, all }),
        2 => (0..2usize, 0..4usize, 0..4usize)
            .prop_map(|(doc, from, code)| Op::Batch { doc, from, code }),
        1 => (0..4usize).prop_map(|code| Op::Autocode { code }),
        1 => (0..4usize, 0..4usize).prop_map(|(from, into)| Op::Merge { from, into }),
        1 => (0..4usize).prop_map(|code| Op::Delete { code }),
        1 => any::<bool>().prop_map(|back| Op::Reimport { back }),
        1 => Just(Op::DeleteOrphan),
        3 => Just(Op::Undo),
        1 => Just(Op::UndoAny),
        2 => Just(Op::Redo),
    ];
    (0..2usize, op)
}

fn run(p: &mut Project, op: &Op) {
    let docs = [("D1", D1), ("D2", D2)];
    // An undo may have taken back the import itself.
    let text_of = |p: &Project, d: &str| p.document(d).map(|d| d.text).unwrap_or_default();
    let names =
        |p: &Project| -> Vec<String> { p.codes().unwrap().into_iter().map(|c| c.name).collect() };
    // Errors (a name missing, an undo refused) are part of the game; the
    // counts must be right either way.
    let _ = match op {
        Op::Code {
            doc,
            sentence,
            code,
        } => {
            let (d, _) = docs[*doc];
            let text = text_of(p, d);
            let all = sentences(&text);
            let s = all
                .get(*sentence % all.len().max(1))
                .copied()
                .unwrap_or_default();
            match text.find(s) {
                Some(at) if !s.is_empty() => p
                    .apply_code(d, Span::new(at, at + s.len()), &format!("c{code}"))
                    .map(|_| ()),
                _ => Ok(()),
            }
        }
        Op::Uncode { pick, all } => {
            let ex = p.excerpts(&Default::default()).unwrap();
            match ex.get(*pick % ex.len().max(1)) {
                Some(e) if *all => p.uncode(e.id, None),
                Some(e) => p.uncode(e.id, e.codes.first().map(String::as_str)),
                None => Ok(()),
            }
        }
        Op::Batch { doc, from, code } => {
            let (d, _) = docs[*doc];
            let text = text_of(p, d);
            let items: Vec<_> = sentences(&text)
                .into_iter()
                .skip(*from % 3)
                .map(|s| {
                    Ok(BatchCoding::new(
                        Some(d.to_owned()),
                        BatchTarget::Span(span(&text, s)),
                        vec![format!("c{code}"), format!("c{}", (code + 1) % 4)],
                    ))
                })
                .collect();
            p.apply_batch(Path::new("batch.jsonl"), items).map(|_| ())
        }
        Op::Autocode { code } => {
            let items = vec![Ok(BatchCoding::new(
                None,
                BatchTarget::Match {
                    phrase: "is".into(),
                    unit: Some(thema::text::Unit::Sentence),
                    headings: false,
                },
                vec![format!("c{code}")],
            ))];
            p.apply_batch(Path::new("autocode"), items).map(|_| ())
        }
        Op::Merge { from, into } => {
            let n = names(p);
            match (n.get(*from), n.get(*into)) {
                (Some(a), Some(b)) if a != b => p.merge_codes(a, b),
                _ => Ok(()),
            }
        }
        Op::Delete { code } => match names(p).get(*code) {
            Some(c) => p.delete_code(c).map(|_| ()),
            None => Ok(()),
        },
        Op::Reimport { back } => {
            let text = if *back { D1 } else { D1_NEW };
            p.import(vec![doc("D1", text)], true).map(|_| ())
        }
        Op::DeleteOrphan => match p.orphans().unwrap().first() {
            Some(o) => p.delete_orphan(o.id),
            None => Ok(()),
        },
        Op::Undo => p.undo().map(|_| ()),
        Op::UndoAny => p.undo_any().map(|_| ()),
        Op::Redo => p.redo().map(|_| ()),
    };
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random changes by two coders, with undo and redo among them, then
    /// every change undone one by one: the kept counts equal a fresh count
    /// after every step.
    #[test]
    fn kept_counts_equal_a_fresh_count_after_every_change(
        ops in proptest::collection::vec(op(), 1..30)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (_path, mut ps) = setup(dir.path(), &["ann", "ben"]);
        for (who, op) in &ops {
            run(&mut ps[*who], op);
            assert_counts(&ps[*who], &format!("{op:?}"));
        }
        // Until there is nothing left, or a step is refused (a redo that
        // would clash with a later change), which must change nothing.
        while let Ok(Some(_)) = ps[0].undo_any() {
            assert_counts(&ps[0], "undo_any");
        }
        assert_counts(&ps[0], "the last undo_any");
        while let Ok(Some(_)) = ps[0].redo_any() {
            assert_counts(&ps[0], "redo_any");
        }
        assert_counts(&ps[0], "the last redo_any");
    }
}

/// A project of two documents coded by `coder` (three sentences, two codes).
fn coded(dir: &Path, name: &str, coder: &str) -> PathBuf {
    let path = dir.join(name);
    let mut p = Project::create(&path).unwrap();
    p.set_coder(coder);
    p.import(vec![doc("D1", D1), doc("D2", D2)], false).unwrap();
    for (d, text, s, c) in [
        ("D1", D1, "De pakkans is laag.", "pakkans"),
        ("D1", D1, "Niemand let op.", "toezicht"),
        ("D2", D2, "Toezicht ontbreekt.", "toezicht"),
    ] {
        p.apply_code(d, span(text, s), c).unwrap();
    }
    path
}

#[test]
fn a_merge_and_its_undo_keep_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let a = coded(dir.path(), "a.db", "anna");
    let b = coded(dir.path(), "b.db", "bram");
    let mut team = Project::create(&dir.path().join("team.db")).unwrap();
    team.set_coder("lead");
    team.merge(&[a, b]).unwrap();
    assert_counts(&team, "merge");
    assert_eq!(
        team.codes()
            .unwrap()
            .iter()
            .map(|c| c.excerpts)
            .sum::<usize>(),
        6,
        "two coders' three codings each"
    );
    team.undo().unwrap();
    assert_counts(&team, "undo of the merge");
    team.redo().unwrap();
    assert_counts(&team, "redo of the merge");
}

#[test]
fn a_qdpx_round_trip_keeps_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let a = coded(dir.path(), "a.db", "anna");
    let qdpx = dir.path().join("a.qdpx");
    let thema = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_thema"))
            .args(args)
            .env("THEMA_CODER", "lead")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    thema(&[
        "--project",
        a.to_str().unwrap(),
        "export",
        qdpx.to_str().unwrap(),
    ]);
    let b = dir.path().join("b.db");
    thema(&["--project", b.to_str().unwrap(), "init"]);
    thema(&[
        "--project",
        b.to_str().unwrap(),
        "import",
        qdpx.to_str().unwrap(),
    ]);
    let p = Project::open(&b).unwrap();
    assert_counts(&p, "QDPX import");
    assert_eq!(
        p.codes().unwrap().iter().map(|c| c.excerpts).sum::<usize>(),
        3
    );
}

#[test]
fn a_schema_7_project_gets_its_counts_when_it_migrates() {
    let dir = tempfile::tempdir().unwrap();
    let path = coded(dir.path(), "old.db", "anna");
    {
        // Back to schema 7: what this version added is not there yet.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE document_counts; DROP TABLE code_counts; DROP TABLE event_counts;
             DROP INDEX excerpts_orphaned; PRAGMA user_version = 7;",
        )
        .unwrap();
    }
    let mut p = Project::open(&path).unwrap();
    p.set_coder("anna");
    assert_counts(&p, "migration");
    let shown: Vec<(String, usize)> = p
        .documents()
        .unwrap()
        .into_iter()
        .map(|d| (d.id, d.excerpts))
        .collect();
    assert_eq!(shown, [("D1".to_owned(), 2), ("D2".to_owned(), 1)]);
    // Changes logged before schema 8 store no deltas: undo and redo count
    // the rows they restore instead.
    for _ in 0..3 {
        p.undo().unwrap().expect("a coding to undo");
        assert_counts(&p, "undo of a change logged before schema 8");
    }
    for _ in 0..3 {
        p.redo().unwrap().expect("a coding to redo");
        assert_counts(&p, "redo of a change logged before schema 8");
    }
}
