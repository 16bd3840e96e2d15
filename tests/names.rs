//! Names and ids mean one thing (issue 7 part 10) and the smaller input
//! defects of part 12, through the real binary: names are stored in NFC and
//! compared without case, invisible characters are refused, front-matter
//! values are kept as written, and codebook problems name file and line.

mod common;
use common::T;

impl T {
    /// stderr of a successful command.
    fn ok_err(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "thema {args:?} failed");
        String::from_utf8(out.stderr).unwrap()
    }

    fn code_names(&self) -> Vec<String> {
        self.json(&["codes"])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_owned())
            .collect()
    }
}

const P01: &str =
    "---\nid: P01\nunit: Politie-eenheid I\n---\nDe pakkans is nul. Dat zegt genoeg.\n";

#[test]
fn a_code_name_in_another_case_is_the_same_code() {
    let t = T::new();
    t.ok(&["code", "new", "Lage pakkans"]);
    // Failed before: a second code "lage pakkans" was created.
    let err = t.fails(&["code", "new", "lage PAKKANS"]);
    assert!(
        err.contains("\"Lage pakkans\" exists already") && err.contains("without case"),
        "{err}"
    );
    t.write("p01.md", P01);
    t.ok(&["import", "p01.md"]);
    // Coding with the name in another case uses the existing code.
    t.ok(&[
        "code",
        "apply",
        "LAGE PAKKANS",
        "--match",
        "pakkans",
        "--all",
    ]);
    assert_eq!(t.code_names(), ["Lage pakkans"]);
    let codes = t.json(&["codes"]);
    assert_eq!(codes[0]["excerpts"], 1);
    // Renaming to another case only is allowed: it is the same code.
    t.ok(&["code", "rename", "lage pakkans", "Lage Pakkans"]);
    assert_eq!(t.code_names(), ["Lage Pakkans"]);
}

#[test]
fn names_are_stored_in_nfc_and_invisible_characters_are_refused() {
    let t = T::new();
    // "Résumé" typed as e + combining acute (NFD, as macOS keyboards may).
    t.ok(&["code", "new", "Re\u{301}sume\u{301}"]);
    assert_eq!(t.code_names(), ["R\u{e9}sum\u{e9}"]);
    let err = t.fails(&["code", "new", "R\u{e9}sum\u{e9}"]);
    assert!(err.contains("exists already"), "{err}");
    for (bad, what) in [
        ("Lage\u{200B}pakkans", "U+200B"),
        ("gnikcap\u{202E}Lage", "U+202E"),
        ("\u{FEFF}Lage pakkans", "U+FEFF"),
    ] {
        let err = t.fails(&["code", "new", bad]);
        assert!(err.contains(what) && err.contains("invisible"), "{err}");
        let err = t.fails(&["theme", "new", bad]);
        assert!(err.contains(what), "{err}");
    }
    assert_eq!(t.code_names().len(), 1);
}

#[test]
fn document_ids_are_compared_without_case() {
    let t = T::new();
    t.write("p01.md", P01);
    t.ok(&["import", "p01.md"]);
    assert!(t.ok(&["show", "p01"]).contains("De pakkans"));
    // Failed before: p01 was imported as a second document.
    t.write("again.md", P01.replace("id: P01", "id: p01"));
    let err = t.fails(&["import", "again.md"]);
    assert!(err.contains("already in the project: P01"), "{err}");
    // Two files whose ids differ only in case, in one batch.
    t.write("a.md", P01.replace("P01", "P02"));
    t.write("b.md", P01.replace("P01", "p02"));
    let err = t.fails(&["import", "a.md", "b.md"]);
    assert!(err.contains("id p02 is also used by"), "{err}");
    // An invisible character in an id is refused at its line and column.
    t.write("rlo.md", "---\nunit: x\nid: P\u{202E}10\n---\nTekst.\n");
    let err = t.fails(&["import", "rlo.md"]);
    assert!(
        err.contains("rlo.md:3:5") && err.contains("U+202E"),
        "{err}"
    );
}

#[test]
fn front_matter_values_are_kept_as_written() {
    let t = T::new();
    t.write(
        "p.md",
        "---\nid: 007\nversion: 1.10\ncode: 0x1F\nconsent: no\nwhen: 2020-08-19\n---\nTekst.\n",
    );
    t.ok(&["import", "p.md"]);
    // Failed before: 7, 1.1, 31 and false.
    let doc = t.json(&["show", "007"]);
    let attrs = &doc["attributes"];
    assert_eq!(attrs["version"], "1.10");
    assert_eq!(attrs["code"], "0x1F");
    assert_eq!(attrs["consent"], "no");
    assert_eq!(attrs["when"], "2020-08-19");
    assert_eq!(doc["id"], "007");
}

#[test]
fn an_attribute_only_re_import_says_so() {
    let t = T::new();
    t.write("p01.md", P01);
    t.ok(&["import", "p01.md"]);
    t.write(
        "p01.md",
        P01.replace("Politie-eenheid I", "Politie-eenheid II"),
    );
    let err = t.ok_err(&["import", "--replace", "p01.md"]);
    assert!(
        err.contains("updated attributes of 1 document(s): P01"),
        "{err}"
    );
    let log = t.ok(&["log"]);
    // Failed before: the log said "imported 0 document(s)".
    assert!(!log.contains("imported 0"), "{log}");
    assert!(
        log.contains("updated the attributes of 1 document(s): P01"),
        "{log}"
    );
    assert_eq!(
        t.json(&["show", "P01"])["attributes"]["unit"],
        "Politie-eenheid II"
    );
}

#[test]
fn codebook_name_problems_name_file_line_and_column() {
    let t = T::new();
    // Failed before: "contains a control character" with no file or line.
    t.write(
        "cb.yaml",
        "version: 1\ncodes:\n  - name: Goed\n  - name: \"Bel\\u0007\"\n  - name: goed\n",
    );
    let err = t.fails(&["codebook", "import", "cb.yaml"]);
    assert!(
        err.contains("cb.yaml:4:11") && err.contains("control character"),
        "{err}"
    );
    assert!(
        err.contains("cb.yaml:5:11") && err.contains("duplicate code name 'goed'"),
        "{err}"
    );
    // An entity the file declares in a DTD: named, not "<Code> without a name".
    t.write(
        "cb.qdc",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE CodeBook [<!ENTITY p \"Pakkans\">]>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">\n<Codes>\n<Code name=\"&p;\" isCodable=\"true\"/>\n</Codes>\n</CodeBook>\n",
    );
    let err = t.fails(&["codebook", "import", "cb.qdc"]);
    assert!(
        err.contains("cb.qdc:5:") && err.contains("entit") && !err.contains("without a name"),
        "{err}"
    );
    assert!(t.code_names().is_empty());
}

#[test]
fn a_stray_windows_1252_byte_garbles_only_its_line() {
    let t = T::new();
    let mut bytes = b"---\nid: P01\n---\n".to_vec();
    bytes.extend("Eén café.\n".as_bytes());
    bytes.extend(b"Een caf\xE9 in 1252.\n");
    bytes.extend("Naïef.\n".as_bytes());
    t.write("p01.md", bytes);
    let err = t.ok_err(&["import", "p01.md"]);
    assert!(err.contains("line 5 read as Windows-1252"), "{err}");
    let text = t.json(&["show", "P01"])["text"]
        .as_str()
        .unwrap()
        .to_owned();
    // Failed before: "EÃ©n cafÃ©" and "NaÃ¯ef".
    assert_eq!(text, "Eén café.\nEen café in 1252.\nNaïef.\n");
}
