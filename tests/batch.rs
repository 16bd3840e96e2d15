//! `thema code apply --batch FILE|-` on real project files through the real
//! binary: a batch is one change (one undo step), every line is checked
//! before anything counts, and a bad line is named by file, line and column.

use assert_cmd::Command;
use serde_json::{Value, json};
use std::path::PathBuf;

struct T {
    dir: tempfile::TempDir,
}

/// Two write-ups; P2 holds multi-byte characters and a two-code-point
/// grapheme (thumbs up + skin tone) to test offset checks.
const P1: &str = "---\nid: P1\nunit: A\n---\nDe politie ziet het niet. Geen zicht op de sector.\n\nEen tweede alinea over de pakkans.\n";
const P2: &str = "---\nid: P2\nunit: B\n---\nÉén café zegt: 👍🏽 prima. Geen pakkans hier.\n";

impl T {
    fn new() -> T {
        let t = T {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        t.ok(&["init"]);
        t.write("w/p1.md", P1);
        t.write("w/p2.md", P2);
        t.ok(&["import", "w"]);
        t
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
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

    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().unwrap();
        assert!(
            out.status.success(),
            "thema {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        serde_json::from_str(&self.ok(&a)).expect("valid JSON")
    }

    fn text(&self, doc: &str) -> String {
        self.json(&["show", doc])["text"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Everything a batch could change: excerpts, codes, memos, the log.
    fn state(&self) -> (Value, Value, String, Value) {
        (
            self.json(&["excerpts"]),
            self.json(&["codes"]),
            self.ok(&["memo", "--list"]),
            self.json(&["log", "-n", "0"]),
        )
    }
}

/// The byte span of `needle` in `text`.
fn span_of(text: &str, needle: &str) -> (usize, usize) {
    let s = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in text"));
    (s, s + needle.len())
}

fn line(v: Value) -> String {
    v.to_string()
}

#[test]
fn a_batch_is_one_change_with_spans_matches_codes_and_memos() {
    let t = T::new();
    let p1 = t.text("P1");
    let p2 = t.text("P2");
    let (a, b) = span_of(&p1, "Geen zicht op de sector.");
    let (c, d) = span_of(&p2, "Één café");
    let batch = [
        line(json!({"doc": "P1", "start": a, "end": b, "codes": ["Blinde vlek", "Zicht"]})),
        String::new(), // blank lines are skipped
        line(json!({"doc": "P2", "start": c, "end": d, "codes": ["Horeca"], "memo": "Let op: café."})),
        line(json!({"match": "pakkans", "codes": ["Lage pakkans"]})),
        // The same span again with a code it has: nothing new, not an error.
        line(json!({"doc": "P1", "start": a, "end": b, "codes": ["Zicht"]})),
    ]
    .join("\n");
    t.write("batch.jsonl", &batch);
    let before = t.json(&["log", "-n", "0"]).as_array().unwrap().len();
    let out = t
        .cmd(&["code", "apply", "--batch", "batch.jsonl"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    // 2 spans + 2 sentences with "pakkans" (one per document) + the repeat.
    assert!(
        err.contains("coded 5 span(s) in 2 document(s) from 4 line(s)"),
        "{err}"
    );
    assert!(
        err.contains("5 new coding(s), 4 excerpt(s) created"),
        "{err}"
    );

    let ex = t.json(&["excerpts"]);
    let rows: Vec<(String, String, Value)> = ex
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["doc"].as_str().unwrap().to_owned(),
                e["text"].as_str().unwrap().to_owned(),
                e["codes"].clone(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "P1".into(),
                "Geen zicht op de sector.".into(),
                json!(["Blinde vlek", "Zicht"])
            ),
            (
                "P1".into(),
                "Een tweede alinea over de pakkans.".into(),
                json!(["Lage pakkans"])
            ),
            ("P2".into(), "Één café".into(), json!(["Horeca"])),
            (
                "P2".into(),
                "Geen pakkans hier.".into(),
                json!(["Lage pakkans"])
            ),
        ]
    );
    let memo_on = ex[2]["id"].as_i64().unwrap().to_string();
    let memo = t.ok(&["memo", "--excerpt", &memo_on]);
    assert!(memo.contains("Let op: café."), "{memo}");

    // One event, and one undo takes the whole batch back.
    let log = t.json(&["log", "-n", "0"]);
    assert_eq!(log.as_array().unwrap().len(), before + 1);
    assert_eq!(log[0]["action"], "code.batch");
    t.ok(&["undo"]);
    assert_eq!(t.json(&["excerpts"]), json!([]));
    assert_eq!(t.json(&["codes"]), json!([]));
    t.ok(&["redo"]);
    assert_eq!(t.json(&["excerpts"]).as_array().unwrap().len(), 4);
}

#[test]
fn bad_lines_are_named_by_file_line_and_column_and_nothing_is_applied() {
    let t = T::new();
    let p1 = t.text("P1");
    let p2 = t.text("P2");
    let (a, b) = span_of(&p1, "De politie ziet het niet.");
    let (e_start, _) = span_of(&p2, "Één");
    let (thumb, _) = span_of(&p2, "👍🏽");
    let thumb_end = thumb + "👍🏽".len();
    let batch = [
        // 1: fine on its own; must not be applied because others are bad.
        line(json!({"doc": "P1", "start": a, "end": b, "codes": ["Goed"]})),
        // 2: not JSON: the 5 at column 33 should follow a colon
        r#"{"doc": "P1", "start": 0, "end" 5, "codes": ["X"]}"#.to_owned(),
        // 3: unknown document
        line(json!({"doc": "P9", "start": 0, "end": 5, "codes": ["X"]})),
        // 4: inside the two-byte É
        line(json!({"doc": "P2", "start": e_start + 1, "end": e_start + 4, "codes": ["X"]})),
        // 5: between the thumb and its skin tone: a char boundary, not a grapheme boundary
        line(json!({"doc": "P2", "start": thumb, "end": thumb + 4, "codes": ["X"]})),
        // 6: beyond the end of the text
        line(json!({"doc": "P2", "start": thumb, "end": p2.len() + 1, "codes": ["X"]})),
        // 7: a misspelt key
        r#"{"doc": "P1", "start": 0, "end": 5, "code": ["X"]}"#.to_owned(),
        // 8: empty span
        line(json!({"doc": "P1", "start": 3, "end": 3, "codes": ["X"]})),
        // 9: no codes
        line(json!({"doc": "P1", "start": a, "end": b, "codes": []})),
        // 10: a whole grapheme is fine
        line(json!({"doc": "P2", "start": thumb, "end": thumb_end, "codes": ["Duim"]})),
    ]
    .join("\n");
    t.write("bad.jsonl", &batch);
    let before = t.state();
    let out = t
        .cmd(&["code", "apply", "--batch", "bad.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let expect = [
        "bad.jsonl:2:33: expected `:`",
        "bad.jsonl:3: no document named \"P9\"",
        &format!(
            "bad.jsonl:4: start {} is not on a character boundary of P2",
            e_start + 1
        ),
        &format!(
            "bad.jsonl:5: end {} is not on a character boundary of P2",
            thumb + 4
        ),
        &format!(
            "bad.jsonl:6: span [{thumb}, {}) is outside P2, which has {} bytes",
            p2.len() + 1,
            p2.len()
        ),
        "bad.jsonl:7:",
        "unknown field `code`",
        "bad.jsonl:8: span [3, 3) is empty",
        "bad.jsonl:9: \"codes\" is empty",
        "nothing was changed",
    ];
    for e in expect {
        assert!(err.contains(e), "missing {e:?} in:\n{err}");
    }
    assert!(!err.contains("bad.jsonl:1:"), "{err}");
    assert!(!err.contains("bad.jsonl:10:"), "{err}");
    assert_eq!(t.state(), before, "a bad batch changes nothing");
}

#[test]
fn a_batch_reads_stdin_and_a_missing_file_is_a_user_error() {
    let t = T::new();
    let p1 = t.text("P1");
    let (a, b) = span_of(&p1, "De politie ziet het niet.");
    let input = line(json!({"doc": "P1", "start": a, "end": b, "codes": ["Stdin"]}));
    let out = t
        .cmd(&["code", "apply", "--batch", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ex = t.json(&["excerpts", "--code", "Stdin"]);
    assert_eq!(ex[0]["text"], "De politie ziet het niet.");

    let out = t
        .cmd(&["code", "apply", "--batch", "nope.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.jsonl"));

    let out = t
        .cmd(&["code", "apply", "--batch", "-"])
        .write_stdin("{\"match\": \"pakkans\"}\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<stdin>:1:"), "{err}");
    assert!(err.contains("missing field `codes`"), "{err}");
}
