//! Concurrent writers on one real project file, through the real binary:
//! one process re-imports a document (`import --replace`, alternating between
//! two versions of its text) while two others code it. Every check a change
//! makes (the text, the excerpt it reuses) must hold under the write lock, so
//! afterwards every excerpt's copy equals the document text at its offsets
//! (or it is an orphan), and no span carries the same code twice from one
//! coder (excerpts are per coder, so two coders may each have one). Short enough for CI (a few seconds).

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::Command;

const A: &str = "---\nid: P01\nunit: U1\n---\nIntro. De pakkans is laag. Niemand let op.\n\nGeld verdwijnt snel. Het loket is dicht.\n";
const B: &str = "---\nid: P01\nunit: U1\n---\nEen nieuw begin hier. Wie weet. De pakkans is laag. Niemand let op.\n\nGeld verdwijnt snel, zegt men. Het loket is dicht.\n";

fn thema(dir: &Path, coder: &str, args: &[&str]) -> i32 {
    let out = Command::new(env!("CARGO_BIN_EXE_thema"))
        .current_dir(dir)
        .env_remove("THEMA_PROJECT")
        .args(["--project", "p.db", "--coder", coder])
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "thema {args:?} exited {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    code
}

#[test]
fn re_import_while_coding_keeps_every_excerpt_true_to_its_text() {
    let tmp = tempfile::tempdir().unwrap();
    let dir: PathBuf = tmp.path().to_owned();
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::create_dir_all(dir.join("b")).unwrap();
    std::fs::write(dir.join("a/P01.md"), A).unwrap();
    std::fs::write(dir.join("b/P01.md"), B).unwrap();
    assert_eq!(thema(&dir, "setup", &["init"]), 0);
    assert_eq!(thema(&dir, "setup", &["import", "a/P01.md"]), 0);
    const ROUNDS: usize = 12;
    let importer = {
        let dir = dir.clone();
        std::thread::spawn(move || {
            for i in 0..ROUNDS {
                let file = if i % 2 == 0 { "b/P01.md" } else { "a/P01.md" };
                thema(&dir, "importer", &["import", "--replace", file]);
            }
        })
    };
    let coders: Vec<_> = ["ann", "ben"]
        .into_iter()
        .map(|coder| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                for i in 0..ROUNDS {
                    let args: Vec<&str> = match i % 3 {
                        0 => vec![
                            "code", "apply", "pakkans", "--doc", "P01", "--match", "pakkans",
                        ],
                        1 => vec!["code", "apply", "loket", "--all", "--match", "het loket"],
                        // Offsets of text A: in text B they hold other words,
                        // which is fine as long as the copy matches them.
                        _ => vec!["code", "apply", "span", "--doc", "P01", "--span", "7:26"],
                    };
                    thema(&dir, coder, &args);
                }
            })
        })
        .collect();
    importer.join().unwrap();
    for c in coders {
        c.join().unwrap();
    }

    let conn = Connection::open(dir.join("p.db")).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT e.id, e.start, e.end, e.text, e.orphan, t.text FROM excerpts e
             JOIN documents d ON d.id = e.document_id JOIN texts t ON t.id = d.text_id",
        )
        .unwrap();
    let rows: Vec<(i64, usize, usize, String, bool, String)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, i64>(1)? as usize,
                r.get::<_, i64>(2)? as usize,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(!rows.is_empty(), "the coders coded something");
    for (id, start, end, copy, orphan, text) in &rows {
        if !orphan {
            assert_eq!(
                text.get(*start..*end),
                Some(copy.as_str()),
                "excerpt {id} [{start}, {end}) no longer matches its text"
            );
        }
    }
    let dups: i64 = conn
        .query_row(
            "SELECT count(*) FROM (
                SELECT 1 FROM excerpts e JOIN excerpt_codes ec ON ec.excerpt_id = e.id
                WHERE e.orphan = 0
                GROUP BY e.document_id, e.start, e.end, ec.code_id, ec.coder
                HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dups, 0, "a span carries the same code twice from one coder");
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}
