//! End-to-end tests of the `thema` command line on real project files.
//!
//! Each test gets a fresh temporary folder with its own project; small helpers
//! keep every test to a few lines: `t.ok(&[..])` runs a command that must
//! succeed and returns stdout, `t.fails(&[..])` one that must fail with exit
//! code 1 and returns stderr, `t.json(&[..])` parses stdout as JSON.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

struct T {
    dir: tempfile::TempDir,
}

impl T {
    /// A folder with an initialised project.
    fn new() -> T {
        let t = T::bare();
        t.ok(&["init"]);
        t
    }

    /// A folder without a project.
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
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn cmd(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        Command::cargo_bin("thema")
            .unwrap()
            .current_dir(self.dir.path())
            .env_remove("THEMA_PROJECT")
            .env("THEMA_CODER", "tester")
            .args(args)
            .assert()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).get_output().clone();
        assert!(
            out.status.success(),
            "thema {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Run and return (stdout, stderr) of a successful command.
    fn ok_err(&self, args: &[&str]) -> (String, String) {
        let out = self.cmd(args).success().get_output().clone();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.cmd(args).code(1).get_output().clone();
        String::from_utf8(out.stderr).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        serde_json::from_str(&self.ok(&a)).expect("valid JSON")
    }

    /// Import the bundled example interviews.
    fn examples(&self) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/interviews");
        self.ok(&["import", dir.to_str().unwrap()]);
    }

    fn doc_ids(&self) -> Vec<String> {
        self.json(&["docs"])
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_owned())
            .collect()
    }

    fn text(&self, doc: &str) -> String {
        self.json(&["show", doc])["text"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(|s| s.as_str()).collect();
    k.sort();
    k
}

// ---------------------------------------------------------------- decoding

#[test]
fn windows_1252_with_crlf_is_decoded_with_a_warning() {
    let t = T::new();
    t.write(
        "cp.txt",
        b"---\nid: CP\n---\nDe geinterviewde zegt: caf\xE9 \x93open\x94.\r\nTweede regel.\r\n",
    );
    let (_, err) = t.ok_err(&["import", "cp.txt"]);
    assert!(
        err.contains("cp.txt") && err.contains("Windows-1252"),
        "{err}"
    );
    assert_eq!(
        t.text("CP"),
        "De geinterviewde zegt: café “open”.\nTweede regel.\n"
    );
}

#[test]
fn byte_order_marks_are_honoured() {
    let t = T::new();
    t.write(
        "bom8.md",
        b"\xEF\xBB\xBF---\nid: B8\n---\nTekst \xC3\xA9\xC3\xA9n.\n",
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "---\r\nid: B16\r\n---\r\nZestien bits één.\r\n"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        )
        .collect();
    t.write("bom16.md", utf16);
    t.ok(&["import", "bom8.md", "bom16.md"]);
    assert_eq!(t.text("B8"), "Tekst één.\n");
    assert_eq!(t.text("B16"), "Zestien bits één.\n");
}

#[test]
fn nfd_input_is_stored_as_nfc() {
    let t = T::new();
    t.write("nfd.md", "De gei\u{308}nterviewde (e\u{301}e\u{301}n).\n");
    t.ok(&["import", "nfd.md"]);
    let text = t.text("nfd");
    assert_eq!(text, "De geïnterviewde (één).\n");
    assert_eq!(
        text.chars().count(),
        24,
        "composed: one code point per accented letter"
    );
}

#[test]
fn no_front_matter_takes_the_file_stem_as_id() {
    let t = T::new();
    t.write("interview-7.md", "# Interview\n\nTekst.\n");
    t.ok(&["import", "interview-7.md"]);
    let docs = t.json(&["docs"]);
    assert_eq!(docs[0]["id"], "interview-7");
    assert_eq!(docs[0]["attributes"], serde_json::json!({}));
}

#[test]
fn extra_front_matter_keys_become_attributes_and_attr_overrides() {
    let t = T::new();
    t.write(
        "a.md",
        "---\nid: A1\nunit: Politie-eenheid I\nregio: Noord\nduration_min: 58\n---\nTekst.\n",
    );
    t.ok(&[
        "import",
        "a.md",
        "--attr",
        "unit=Politie-eenheid IX",
        "--attr",
        "wave=2",
    ]);
    let docs = t.json(&["docs"]);
    assert_eq!(
        docs[0]["attributes"],
        serde_json::json!({"unit": "Politie-eenheid IX", "regio": "Noord", "duration_min": "58", "wave": "2"})
    );
    // The body starts after the front matter: offsets refer to it.
    assert_eq!(t.text("A1"), "Tekst.\n");
}

#[test]
fn malformed_front_matter_names_file_line_and_column_and_changes_nothing() {
    let t = T::new();
    t.write("in/good.md", "---\nid: G\n---\nGoed.\n");
    t.write(
        "in/bad.md",
        "---\nid: B\nunit: [Politie-eenheid I\n---\nTekst.\n",
    );
    t.write("in/list.md", "---\nid: L\nthemes:\n  - een\n---\nTekst.\n");
    let err = t.fails(&["import", "in"]);
    assert!(err.contains("bad.md:4:"), "{err}");
    assert!(
        err.contains("list.md:3:1: `themes` must hold a single value"),
        "{err}"
    );
    assert!(err.contains("hint: nothing was changed"), "{err}");
    assert!(t.doc_ids().is_empty(), "an atomic batch imports nothing");
}

#[test]
fn unclosed_front_matter_binary_and_empty_files_are_refused() {
    let t = T::new();
    t.write("open.md", "---\nid: X\nTekst zonder einde.\n");
    t.write("bin.txt", b"PK\x03\x04\x00\x00\x00");
    t.write("empty.md", "");
    t.write("blank.md", "---\nid: Y\n---\n\n");
    let err = t.fails(&["import", "open.md", "bin.txt", "empty.md", "blank.md"]);
    assert!(
        err.contains("open.md:1:1: front matter opened with --- is never closed"),
        "{err}"
    );
    assert!(err.contains("bin.txt: binary file"), "{err}");
    assert!(err.contains("empty.md: empty file"), "{err}");
    assert!(
        err.contains("blank.md:4:1: no text after the front matter"),
        "{err}"
    );
}

// ---------------------------------------------------------------- batches

#[test]
fn skip_bad_imports_the_good_files_and_lists_the_rejected() {
    let t = T::new();
    t.write("in/good.md", "---\nid: G\n---\nGoed.\n");
    t.write("in/bad.md", "---\nid: [\n---\nTekst.\n");
    let (_, err) = t.ok_err(&["import", "in", "--skip-bad"]);
    assert!(err.contains("skipped:") && err.contains("bad.md"), "{err}");
    assert_eq!(t.doc_ids(), vec!["G"]);
}

#[test]
fn duplicate_ids_in_a_batch_and_in_the_project_are_refused() {
    let t = T::new();
    t.write("a.md", "---\nid: P1\n---\nEen.\n");
    t.write("b.md", "---\nid: P1\n---\nTwee.\n");
    let err = t.fails(&["import", "a.md", "b.md"]);
    assert!(err.contains("b.md: id P1 is also used by"), "{err}");
    assert!(t.doc_ids().is_empty());
    t.ok(&["import", "a.md"]);
    let err = t.fails(&["import", "b.md"]);
    assert!(
        err.contains("already in the project: P1") && err.contains("--replace"),
        "{err}"
    );
    assert_eq!(t.text("P1"), "Een.\n");
}

#[test]
fn hard_wrapped_paragraphs_still_yield_whole_sentences() {
    let t = T::new();
    t.write(
        "w.md",
        "Eerste zin die over\ntwee regels loopt. Tweede\nzin.\n",
    );
    t.ok(&["import", "w.md"]);
    t.ok(&[
        "code",
        "apply",
        "Wrap",
        "--doc",
        "w",
        "--match",
        "twee regels",
        "--unit",
        "sentence",
    ]);
    let ex = t.json(&["excerpts"]);
    assert_eq!(ex[0]["text"], "Eerste zin die over\ntwee regels loopt.");
}

// ---------------------------------------------------------------- coding

#[test]
fn apply_creates_codes_inductively_and_stacks_codes_on_one_excerpt() {
    let t = T::new();
    t.examples();
    let (_, err) = t.ok_err(&[
        "code",
        "apply",
        "Geen zicht op de sector",
        "--doc",
        "P03",
        "--match",
        "geen enkel zicht",
    ]);
    assert!(
        err.contains("created code \"Geen zicht op de sector\""),
        "{err}"
    );
    t.ok(&[
        "code",
        "apply",
        "Blinde vlek",
        "--doc",
        "P03",
        "--match",
        "geen enkel zicht",
    ]);
    let ex = t.json(&["excerpts"]);
    assert_eq!(
        ex.as_array().unwrap().len(),
        1,
        "same span: one excerpt with two codes"
    );
    assert_eq!(
        ex[0]["codes"],
        serde_json::json!(["Geen zicht op de sector", "Blinde vlek"])
    );
    assert_eq!(
        ex[0]["text"],
        "Het belangrijkste antwoord is volgens de geïnterviewde dat de politie geen enkel zicht heeft op de webcambranche."
    );
    let (s, e) = (
        ex[0]["start"].as_u64().unwrap() as usize,
        ex[0]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &t.text("P03")[s..e],
        ex[0]["text"].as_str().unwrap(),
        "offsets are byte offsets into text"
    );
    assert_eq!(ex[0]["coder"], "tester");
    assert_eq!(ex[0]["attributes"]["unit"], "Politie-eenheid III");
}

#[test]
fn overlapping_spans_are_separate_excerpts() {
    let t = T::new();
    t.write("d.md", "Een twee drie vier.\n");
    t.ok(&["import", "d.md"]);
    t.ok(&["code", "apply", "A", "--doc", "d", "--span", "0:13"]);
    t.ok(&["code", "apply", "B", "--doc", "d", "--span", "4:18"]);
    let ex = t.json(&["excerpts"]);
    let texts: Vec<&str> = ex
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, vec!["Een twee drie", "twee drie vier"]);
}

#[test]
fn autocode_across_the_corpus_by_sentence() {
    let t = T::new();
    t.examples();
    let all_hits: usize = t
        .doc_ids()
        .iter()
        .map(|d| t.text(d).to_lowercase().matches("pakkans").count())
        .sum();
    t.ok(&[
        "code",
        "apply",
        "Lage pakkans",
        "--match",
        "pakkans",
        "--all",
        "--unit",
        "sentence",
    ]);
    let ex = t.json(&["excerpts", "--code", "Lage pakkans"]);
    let list = ex.as_array().unwrap();
    assert!(
        !list.is_empty() && list.len() <= all_hits,
        "{} excerpts for {all_hits} hits",
        list.len()
    );
    for e in list {
        assert!(
            e["text"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("pakkans")
        );
    }
    let codes = t.json(&["codes"]);
    assert_eq!(codes[0]["excerpts"].as_u64().unwrap() as usize, list.len());
}

/// `--unit sentence` uses the same sentences as the workbench: one that
/// opens a quotation mid-sentence ends where the quotation closes, so every
/// coded sentence around a “ has balanced marks (issue 10).
#[test]
fn autocoded_sentences_with_quotations_are_balanced() {
    let t = T::new();
    t.examples();
    t.ok(&[
        "code", "apply", "Citaat", "--match", "zo samen", "--all", "--unit", "sentence",
    ]);
    t.ok(&[
        "code", "apply", "Citaat", "--match", "wij", "--all", "--unit", "sentence",
    ]);
    let ex = t.json(&["excerpts", "--code", "Citaat"]);
    let list = ex.as_array().unwrap();
    assert!(list.len() >= 5, "{} excerpts", list.len());
    for e in list {
        let text = e["text"].as_str().unwrap();
        let open = text.matches('“').count();
        assert_eq!(open, text.matches('”').count(), "{text}");
    }
    assert!(list.iter().any(|e| {
        let text = e["text"].as_str().unwrap();
        text.starts_with("De geïnterviewde vat het zo samen: “Wij") && text.ends_with("verhaal.”")
    }));
}

#[test]
fn spans_are_snapped_to_graphemes_and_checked() {
    let t = T::new();
    t.write("e.md", "Zij 👩‍👩‍👧 lachte.\n");
    t.ok(&["import", "e.md"]);
    // Byte 6 lies inside the family emoji: the span widens to the whole cluster.
    t.ok(&["code", "apply", "Emoji", "--doc", "e", "--span", "6:9"]);
    assert_eq!(t.json(&["excerpts"])[0]["text"], "👩‍👩‍👧");
    let err = t.fails(&["code", "apply", "X", "--doc", "e", "--span", "0:999"]);
    assert!(err.contains("outside e"), "{err}");
}

#[test]
fn code_rename_merge_delete_and_their_undo() {
    let t = T::new();
    t.examples();
    t.ok(&["code", "apply", "Corona", "--match", "corona", "--all"]);
    t.ok(&["code", "apply", "Covid", "--match", "corona", "--all"]);
    let n = t
        .json(&["excerpts", "--code", "Corona"])
        .as_array()
        .unwrap()
        .len();
    t.ok(&["code", "rename", "Corona", "Corona als aanjager"]);
    assert!(
        t.json(&["codes"])
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "Corona als aanjager")
    );
    t.ok(&["code", "merge", "Covid", "Corona als aanjager"]);
    let codes = t.json(&["codes"]);
    assert_eq!(codes.as_array().unwrap().len(), 1);
    assert_eq!(
        codes[0]["excerpts"].as_u64().unwrap() as usize,
        n,
        "merged links deduplicated"
    );
    t.ok(&["undo"]);
    assert_eq!(
        t.json(&["codes"]).as_array().unwrap().len(),
        2,
        "undo restores the merged code"
    );
    assert_eq!(
        t.json(&["excerpts", "--code", "Covid"])
            .as_array()
            .unwrap()
            .len(),
        n
    );
    t.ok(&["code", "delete", "Covid"]);
    t.ok(&["code", "delete", "Corona als aanjager"]);
    assert!(t.json(&["excerpts"]).as_array().unwrap().is_empty());
    t.ok(&["undo"]);
    t.ok(&["undo"]);
    assert_eq!(t.json(&["excerpts"]).as_array().unwrap().len(), n);
    t.ok(&["undo"]); // the rename
    assert!(
        t.json(&["codes"])
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "Corona")
    );
    t.ok(&["redo"]);
    assert!(
        t.json(&["codes"])
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "Corona als aanjager")
    );
}

#[test]
fn undo_of_import_uncode_memo_and_code_new() {
    let t = T::new();
    t.write("d.md", "Een. Twee.\n");
    t.ok(&["import", "d.md"]);
    t.ok(&["code", "new", "Leeg", "--description", "nog niet gebruikt"]);
    t.ok(&["code", "apply", "A", "--doc", "d", "--span", "0:4"]);
    t.ok(&["code", "apply", "B", "--doc", "d", "--span", "0:4"]);
    let id = t.json(&["excerpts"])[0]["id"].as_i64().unwrap().to_string();
    t.ok(&["memo", "--excerpt", &id, "Belangrijk citaat"]);
    t.ok(&["uncode", &id, "A"]);
    assert_eq!(t.json(&["excerpts"])[0]["codes"], serde_json::json!(["B"]));
    t.ok(&["uncode", &id]);
    assert!(t.json(&["excerpts"]).as_array().unwrap().is_empty());
    t.ok(&["undo"]);
    assert_eq!(t.json(&["excerpts"])[0]["codes"], serde_json::json!(["B"]));
    assert_eq!(
        t.ok(&["memo", "--excerpt", &id]).trim(),
        "Belangrijk citaat",
        "memo restored with excerpt"
    );
    t.ok(&["undo"]);
    assert_eq!(
        t.json(&["excerpts"])[0]["codes"],
        serde_json::json!(["A", "B"])
    );
    t.ok(&["undo"]); // memo
    assert!(t.ok(&["memo", "--excerpt", &id]).is_empty());
    t.ok(&["undo"]); // B
    t.ok(&["undo"]); // A
    assert!(t.json(&["excerpts"]).as_array().unwrap().is_empty());
    t.ok(&["undo"]); // code new
    assert!(t.json(&["codes"]).as_array().unwrap().is_empty());
    t.ok(&["undo"]); // import
    assert!(t.doc_ids().is_empty());
    let (_, err) = t.ok_err(&["undo"]);
    assert!(err.contains("nothing to undo"));
    let log = t.json(&["log", "-n", "0"]);
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "undo")
            .count()
            == 7
    );
}

// ---------------------------------------------------------------- re-import

#[test]
fn replace_reanchors_moved_text_and_reports_orphans() {
    let t = T::new();
    t.write(
        "v1/d.md",
        "---\nid: D\n---\nEerste zin. De kans is nul. Laatste zin.\n",
    );
    t.ok(&["import", "v1/d.md"]);
    t.ok(&[
        "code",
        "apply",
        "Pakkans",
        "--doc",
        "D",
        "--match",
        "kans is nul",
    ]);
    t.ok(&["code", "apply", "Slot", "--doc", "D", "--match", "laatste"]);
    // Version 2: a new paragraph in front moves the first excerpt; the last
    // sentence is gone.
    t.write(
        "v2/d.md",
        "---\nid: D\n---\nNieuwe inleiding.\n\nEerste zin. De kans is nul.\n",
    );
    let err = t.fails(&["import", "v2/d.md"]);
    assert!(err.contains("--replace"), "{err}");
    let (_, err) = t.ok_err(&["import", "v2/d.md", "--replace"]);
    assert!(
        err.contains("1 re-anchored, 1 orphaned") && err.contains("Laatste zin."),
        "{err}"
    );
    let ex = t.json(&["excerpts"]);
    let moved = ex
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["codes"][0] == "Pakkans")
        .unwrap();
    let text = t.text("D");
    let (s, e) = (
        moved["start"].as_u64().unwrap() as usize,
        moved["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "De kans is nul.");
    assert_eq!(s, text.find("De kans").unwrap());
    assert!(moved.get("orphan").is_none());
    let orphan = ex
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["codes"][0] == "Slot")
        .unwrap();
    assert_eq!(orphan["orphan"], true);
    assert_eq!(orphan["text"], "Laatste zin.");
    // Putting the text back re-anchors the orphan.
    t.write("v3/d.md", "---\nid: D\n---\nDe kans is nul. Laatste zin.\n");
    t.ok(&["import", "v3/d.md", "--replace"]);
    assert!(
        t.json(&["excerpts"])
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e.get("orphan").is_none())
    );
}

// ---------------------------------------------------------------- JSON shapes

#[test]
fn json_shapes() {
    let t = T::new();
    t.examples();
    t.ok(&[
        "code",
        "apply",
        "Corona",
        "--doc",
        "P03",
        "--match",
        "coronacrisis",
    ]);
    let docs = t.json(&["docs"]);
    assert_eq!(docs.as_array().unwrap().len(), 6);
    assert_eq!(
        keys(&docs[0]),
        vec!["attributes", "chars", "excerpts", "id"]
    );
    assert_eq!(docs[0]["id"], "P01");
    assert_eq!(docs[0]["attributes"]["unit"], "Politie-eenheid I");
    assert_eq!(docs[2]["excerpts"], 1);
    let show = t.json(&["show", "P03"]);
    assert_eq!(keys(&show), vec!["attributes", "id", "text"]);
    assert!(
        show["text"]
            .as_str()
            .unwrap()
            .starts_with("# Interview P03")
    );
    assert_eq!(
        docs[2]["chars"].as_u64().unwrap() as usize,
        show["text"].as_str().unwrap().chars().count()
    );
    let ex = t.json(&["excerpts"]);
    assert_eq!(
        keys(&ex[0]),
        vec![
            "attributes",
            "coder",
            "codes",
            "doc",
            "end",
            "id",
            "start",
            "text"
        ]
    );
    let codes = t.json(&["codes"]);
    assert_eq!(
        keys(&codes[0]),
        vec!["description", "excerpts", "name", "parent"]
    );
    assert_eq!(codes[0]["parent"], Value::Null);
}

// ---------------------------------------------------------------- errors

#[test]
fn missing_project_says_how_to_create_one() {
    let t = T::bare();
    let err = t.fails(&["docs"]);
    assert!(
        err.contains("no project at thema.db") && err.contains("thema init"),
        "{err}"
    );
    let err = t.fails(&["--project", "elders.db", "codes"]);
    assert!(err.contains("elders.db"), "{err}");
}

#[test]
fn a_file_that_is_not_a_project_is_refused() {
    let t = T::bare();
    t.write("notes.db", "gewone tekst");
    let err = t.fails(&["--project", "notes.db", "docs"]);
    assert!(err.contains("not a thema project"), "{err}");
    assert_eq!(
        std::fs::read_to_string(t.path("notes.db")).unwrap(),
        "gewone tekst"
    );
}

#[test]
fn unknown_names_exit_1_with_a_hint() {
    let t = T::new();
    let err = t.fails(&["code", "rename", "Bestaat niet", "Nieuw"]);
    assert!(
        err.contains("no code named \"Bestaat niet\"") && err.contains("hint:"),
        "{err}"
    );
    let err = t.fails(&["show", "P99"]);
    assert!(err.contains("no document named \"P99\""), "{err}");
    let err = t.fails(&["init"]);
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn the_coder_is_recorded() {
    let t = T::new();
    t.write("d.md", "Een.\n");
    t.ok(&["import", "d.md"]);
    t.ok(&[
        "--coder", "R2", "code", "apply", "A", "--doc", "d", "--span", "0:4",
    ]);
    assert_eq!(t.json(&["excerpts"])[0]["coder"], "R2");
    assert_eq!(t.json(&["log"])[0]["coder"], "R2");
}

#[test]
fn demo_builds_the_example_project() {
    let t = T::bare();
    let out = t.ok(&["demo", "--no-tui"]);
    assert!(out.contains("P01, P02, P03, P04, P05, P06"), "{out}");
    assert!(t.path("thema-demo.db").exists());
    let docs = t.json(&["--project", "thema-demo.db", "docs"]);
    assert_eq!(docs.as_array().unwrap().len(), 6);
}

#[test]
fn attributes_and_code_edits_are_undoable() {
    let t = T::new();
    t.write("d.md", "---\nid: D\nunit: Politie-eenheid I\n---\nEen.\n");
    t.ok(&["import", "d.md"]);
    t.ok(&["attr", "D", "unit=Politie-eenheid II", "wave=2"]);
    assert_eq!(
        t.json(&["docs"])[0]["attributes"],
        serde_json::json!({"unit": "Politie-eenheid II", "wave": "2"})
    );
    t.ok(&["undo"]); // both: one command is one change
    assert_eq!(
        t.json(&["docs"])[0]["attributes"],
        serde_json::json!({"unit": "Politie-eenheid I"})
    );
    t.ok(&["code", "new", "Ouder"]);
    t.ok(&["code", "new", "Kind", "--parent", "Ouder"]);
    t.ok(&["code", "describe", "Kind", "Een beschrijving"]);
    t.ok(&["code", "move", "Kind", "--top"]);
    let err = t.fails(&["code", "move", "Ouder", "--parent", "Ouder"]);
    assert!(err.contains("own ancestor"), "{err}");
    let kind = |t: &T| {
        t.json(&["codes"])
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "Kind")
            .cloned()
            .unwrap()
    };
    assert_eq!(kind(&t)["parent"], Value::Null);
    assert_eq!(kind(&t)["description"], "Een beschrijving");
    t.ok(&["undo"]);
    assert_eq!(kind(&t)["parent"], "Ouder");
    t.ok(&["undo"]);
    assert_eq!(kind(&t)["description"], "");
}

#[test]
fn bad_arguments_are_user_errors() {
    let t = T::new();
    let err = t.fails(&["code", "apply", "X", "--doc", "P01", "--span", "5:3"]);
    assert!(err.contains("START must be smaller than END"), "{err}");
    t.fails(&["no-such-command"]);
    assert!(t.ok(&["--help"]).contains("thematic analysis"));
}

#[test]
fn autocode_skips_headings_unless_asked() {
    let t = T::new();
    t.write(
        "d.md",
        "# Interview\n\n## Corona\n\nDe coronacrisis maakt het erger.\n",
    );
    t.ok(&["import", "d.md"]);
    t.ok(&["code", "apply", "Corona", "--match", "corona", "--all"]);
    let texts: Vec<String> = t
        .json(&["excerpts"])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(texts, vec!["De coronacrisis maakt het erger."]);
    t.ok(&[
        "code",
        "apply",
        "Kop",
        "--match",
        "corona",
        "--all",
        "--headings",
    ]);
    let ex = t.json(&["excerpts", "--code", "Kop"]);
    assert_eq!(ex.as_array().unwrap().len(), 2);
    assert_eq!(ex[0]["text"], "## Corona");
}

#[test]
fn another_programs_database_is_refused_untouched() {
    let t = T::bare();
    let db = t.path("other.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x');")
        .unwrap();
    drop(conn);
    let before = std::fs::read(&db).unwrap();
    let err = t.fails(&["--project", "other.db", "docs"]);
    assert!(
        err.contains("not a thema project (an SQLite database of another program)"),
        "{err}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn reports_are_in_english_unless_asked_for_dutch() {
    let t = T::new();
    t.examples();
    // The sentence sits in P03 (Politie-eenheid III) only.
    t.ok(&[
        "code",
        "apply",
        "Geen zicht",
        "--doc",
        "P03",
        "--match",
        "geen enkel zicht",
    ]);
    t.ok(&["theme", "new", "Blinde vlek"]);
    t.ok(&["theme", "add", "Blinde vlek", "Geen zicht"]);
    t.ok(&["report", "full", "-o", "en.md"]);
    let en = std::fs::read_to_string(t.path("en.md")).unwrap();
    assert!(
        en.contains("Mentioned in 1 of 6 units (1 excerpt, 1 document)"),
        "{en}"
    );
    t.ok(&["report", "full", "-o", "nl.md", "--lang", "nl"]);
    let nl = std::fs::read_to_string(t.path("nl.md")).unwrap();
    assert!(
        nl.contains("Genoemd in 1 van de 6 eenheden (1 fragment, 1 document)"),
        "{nl}"
    );
}

#[test]
fn qdc_round_trip_merges_without_false_theme_conflicts() {
    let t = T::new();
    t.ok(&["code", "new", "Geen zicht"]);
    t.ok(&["theme", "new", "Blinde vlek"]);
    t.ok(&["theme", "new", "Geen toegang", "--parent", "Blinde vlek"]);
    t.ok(&["theme", "add", "Geen toegang", "Geen zicht"]);
    t.ok(&["theme", "phase", "Blinde vlek", "reviewed"]);
    t.ok(&["codebook", "export", "cb.qdc"]);
    // QDC Sets carry neither parents nor phases, so neither is a conflict.
    let (_, err) = t.ok_err(&["codebook", "import", "cb.qdc", "--merge"]);
    assert!(!err.contains("parent") && !err.contains("phase"), "{err}");
    let themes = t.json(&["theme", "list"]);
    let sub = themes
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "Geen toegang")
        .unwrap();
    assert_eq!(sub["parent"], "Blinde vlek");
}

#[test]
fn a_theme_created_with_codes_is_one_undo() {
    let t = T::new();
    t.ok(&["code", "new", "A"]);
    t.ok(&["code", "new", "B"]);
    t.ok(&["theme", "new", "Thema", "--code", "A", "--code", "B"]);
    assert_eq!(
        t.json(&["theme", "list"])[0]["codes"],
        serde_json::json!(["A", "B"])
    );
    let err = t.fails(&["theme", "new", "Ander", "--code", "Onbekend"]);
    assert!(err.contains("Onbekend"), "{err}");
    assert_eq!(
        t.json(&["theme", "list"]).as_array().unwrap().len(),
        1,
        "nothing created on error"
    );
    t.ok(&["undo"]);
    assert!(t.json(&["theme", "list"]).as_array().unwrap().is_empty());
    assert_eq!(t.json(&["codes"]).as_array().unwrap().len(), 2);
}

#[test]
fn the_same_codebook_gets_the_same_guids_in_every_project() {
    let cb = Path::new(env!("CARGO_MANIFEST_DIR")).join("codebooks/webcam-politie.yaml");
    let export = |t: &T| {
        t.ok(&["codebook", "import", cb.to_str().unwrap()]);
        t.ok(&["codebook", "export", "cb.qdc"]);
        std::fs::read_to_string(t.path("cb.qdc")).unwrap()
    };
    let (a, b) = (T::new(), T::new());
    assert_eq!(export(&a), export(&b));
    // A renamed code keeps its GUID; a new code with the old name gets another.
    a.ok(&["code", "rename", "Lage pakkans", "Lage pakkans (oud)"]);
    a.ok(&["code", "new", "Lage pakkans"]);
    a.ok(&["codebook", "export", "cb2.qdc"]);
    let qdc = std::fs::read_to_string(a.path("cb2.qdc")).unwrap();
    let guid_of = |name: &str| {
        let at = qdc.find(&format!("name=\"{name}\"")).unwrap();
        let line = &qdc[qdc[..at].rfind('<').unwrap()..at];
        line.split("guid=\"").nth(1).unwrap()[..36].to_owned()
    };
    assert_ne!(guid_of("Lage pakkans"), guid_of("Lage pakkans (oud)"));
}

#[test]
fn the_shipped_qdc_codebook_matches_the_shipped_yaml() {
    // A sync check: the .qdc in codebooks/ must be what the YAML exports
    // (regenerate with `thema codebook export codebooks/webcam-politie.qdc`).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("codebooks");
    let t = T::new();
    t.ok(&[
        "codebook",
        "import",
        dir.join("webcam-politie.yaml").to_str().unwrap(),
    ]);
    t.ok(&["codebook", "export", "out.qdc"]);
    let shipped = std::fs::read_to_string(dir.join("webcam-politie.qdc")).unwrap();
    assert_eq!(std::fs::read_to_string(t.path("out.qdc")).unwrap(), shipped);
}

#[test]
fn a_large_batch_is_summarised_in_natural_order() {
    let t = T::new();
    for i in 1..=10 {
        t.write(
            &format!("in/s{i}.md"),
            format!("---\nid: S{i}\n---\nTekst {i}.\n"),
        );
    }
    let (_, err) = t.ok_err(&["import", "in"]);
    assert!(
        err.contains("imported 10 document(s): S1, S2, S3, S4, S5, S6, S7, S8, … and 2 more"),
        "{err}"
    );
    assert_eq!(t.doc_ids().len(), 10);
}

/// `thema memo list` reads like a command but used to save the word "list"
/// as the project memo, over any memo already there. A one-word memo that is
/// a command verb is refused with the flag the user meant; nothing changes.
#[test]
fn a_memo_that_is_a_command_word_is_refused_with_the_flag_meant() {
    let t = T::new();
    t.ok(&["memo", "Eerste indruk: meldingen komen via derden."]);
    for (word, flag) in [
        ("list", "--list"),
        ("ls", "--list"),
        ("clear", "--clear"),
        ("delete", "--clear"),
        ("rm", "--clear"),
        ("show", "without text"),
    ] {
        let err = t.fails(&["memo", word]);
        assert!(err.contains(flag), "{word}: {err}");
        let err = t.fails(&["memo", "--doc", "P01", &word.to_uppercase()]);
        assert!(err.contains(flag), "{word} upper: {err}");
    }
    assert_eq!(
        t.ok(&["memo"]).trim(),
        "Eerste indruk: meldingen komen via derden.",
        "the project memo is untouched"
    );
    // A memo that merely starts with such a word is text, as before.
    t.ok(&["memo", "list of open questions"]);
    assert_eq!(t.ok(&["memo"]).trim(), "list of open questions");
}
