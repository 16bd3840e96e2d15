//! Fuzzing the readers of outside files with proptest: write-ups (decoding,
//! front matter, units of the stored text), YAML codebooks, QDC codebooks and
//! `.qdpx` zips. Each reader gets arbitrary bytes and a "soup" of the tokens
//! its format is made of (which reaches deeper than random bytes do). The
//! property: no panic, and an accepted input yields sound data.
//!
//! `cargo test` runs a short pass (256 cases per target). For a long run:
//! `PROPTEST_CASES=20000 cargo test --release --test fuzz`.

use proptest::prelude::*;
use std::io::{Cursor, Write};
use std::path::Path;
use thema::codebook;
use thema::model::Attributes;
use thema::text::{self, Unit};

fn soup(tokens: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(tokens).prop_map(str::to_owned),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..max,
    )
    .prop_map(|v| v.concat())
}

const WRITE_UP: &[&str] = &[
    "---\n",
    "---",
    "...\n",
    "id: ",
    "unit: ",
    "\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "\t",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "#",
    "# Kop\n",
    "&a",
    "*a",
    "!!str ",
    "|\n",
    ">\n",
    "P01",
    "1.10",
    "0x1F",
    "no",
    "~",
    "é",
    "e\u{301}",
    "“",
    "”",
    ". ",
    "?",
    "👩‍👩‍👧",
    "\u{feff}",
    "\u{200b}",
    "\u{202e}",
    "שלום",
    "\u{0}",
    "\u{7}",
    "\u{85}",
    "\u{2028}",
];

const YAML: &[&str] = &[
    "version: 1\n",
    "codes:\n",
    "themes:\n",
    "  - name: ",
    "    parent: ",
    "    description: ",
    "    colour: ",
    "    guid: ",
    "    codes: [",
    "    phase: ",
    "reviewed",
    "A",
    "B",
    "\n",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "  ",
    "\t",
    "#",
    "&x ",
    "*x",
    "!!map ",
    "? ",
    "---\n",
    "...\n",
    "null",
    "~",
    "|\n",
    ">-\n",
    "\\u00e9",
    "\u{0}",
    "\u{1b}[31m",
    "é",
];

const XML: &[&str] = &[
    "<?xml version=\"1.0\"?>",
    "<CodeBook>",
    "</CodeBook>",
    "<Codes>",
    "</Codes>",
    "<Code name=\"A\" guid=\"6D1F4C2A-9B7E-5E13-A0C4-7F2D3B8E91A6\">",
    "<Code name=\"B\">",
    "<Code/>",
    "</Code>",
    "<Description>",
    "</Description>",
    "<Sets>",
    "</Sets>",
    "<Set name=\"S\">",
    "</Set>",
    "<MemberCode guid=\"6D1F4C2A-9B7E-5E13-A0C4-7F2D3B8E91A6\"/>",
    "<Project name=\"p\">",
    "</Project>",
    "&amp;",
    "&lt;",
    "&#233;",
    "&#0;",
    "&bogus;",
    "<!DOCTYPE x [<!ENTITY e \"v\">]>",
    "&e;",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "\"",
    "'",
    " ",
    "\n",
    "é",
    "\u{0}",
];

/// Whatever a write-up's bytes, reading it does not panic, and an accepted
/// document has sound text that segments without panicking.
fn check_write_up(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok((doc, _)) =
        thema::import::parse_write_up(Path::new("fuzz.md"), bytes, &Attributes::new())
    {
        prop_assert!(!doc.id.trim().is_empty());
        prop_assert!(!doc.text.trim().is_empty());
        prop_assert!(!doc.text.contains('\r'));
        for unit in [Unit::Word, Unit::Sentence, Unit::Paragraph] {
            for s in text::units(&doc.text, unit) {
                prop_assert!(s.start < s.end && s.end <= doc.text.len());
                prop_assert_eq!(text::unit_at(&doc.text, s.start, unit), Some(s));
            }
        }
    }
    Ok(())
}

/// An accepted codebook refers only to codes and parents it defines.
fn check_codebook(cb: &codebook::Codebook) -> Result<(), TestCaseError> {
    for c in &cb.codes {
        prop_assert!(!c.name.is_empty());
        if let Some(p) = &c.parent {
            prop_assert!(cb.code(p).is_some(), "unknown parent {p}");
        }
    }
    for t in &cb.themes {
        for c in &t.codes {
            prop_assert!(cb.code(c).is_some(), "unknown member {c}");
        }
    }
    Ok(())
}

/// A valid `.qdpx` holding `qde`, for mutation.
fn qdpx(qde: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("project.qde", opts).unwrap();
    zip.write_all(qde.as_bytes()).unwrap();
    zip.start_file("sources/a.txt", opts).unwrap();
    zip.write_all(b"tekst").unwrap();
    zip.finish().unwrap().into_inner()
}

proptest! {
    #[test]
    fn write_up_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check_write_up(&bytes)?;
    }

    #[test]
    fn write_up_soup(s in soup(WRITE_UP, 80)) {
        check_write_up(s.as_bytes())?;
        check_write_up(format!("---\n{s}\n---\ntekst\n").as_bytes())?;
    }

    #[test]
    fn yaml_codebook(s in soup(YAML, 80), bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        for src in [s, String::from_utf8_lossy(&bytes).into_owned()] {
            if let Ok(cb) = codebook::from_yaml(&src, Path::new("fuzz.yaml")) {
                check_codebook(&cb)?;
                // What was read writes back and reads the same.
                let again = codebook::from_yaml(&codebook::to_yaml(&cb), Path::new("again.yaml"));
                prop_assert_eq!(again.ok(), Some(cb));
            }
        }
    }

    #[test]
    fn qdc_codebook(s in soup(XML, 60), bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        for src in [s, String::from_utf8_lossy(&bytes).into_owned()] {
            if let Ok((cb, _)) = codebook::from_qdc_with_warnings(&src, Path::new("fuzz.qdc")) {
                check_codebook(&cb)?;
            }
        }
    }

    #[test]
    fn qdpx_zip(
        qde in soup(XML, 30),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
        bytes in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        let mut zip = qdpx(&qde);
        for (i, b) in flips {
            let at = i.index(zip.len());
            zip[at] = b;
        }
        for input in [zip, bytes] {
            if let Ok(qde) = codebook::qde_from_zip(Cursor::new(input), 1 << 20) {
                prop_assert!(qde.len() <= 1 << 20);
                if let Ok(src) = String::from_utf8(qde) {
                    let _ = codebook::from_qdc(&src, Path::new("fuzz.qdpx"));
                }
            }
        }
    }
}

#[test]
fn qdpx_entry_cap_holds() {
    let qde = format!("<Project>{}</Project>", " ".repeat(3 << 20));
    let err = codebook::qde_from_zip(Cursor::new(qdpx(&qde)), 1 << 20).unwrap_err();
    assert!(err.contains("project.qde") && err.contains("1 MB"), "{err}");
    assert!(codebook::qde_from_zip(Cursor::new(qdpx(&qde)), 4 << 20).is_ok());
}

#[test]
fn fuzz_finding_a_word_bound_inside_a_grapheme() {
    // write_up_soup at 200,000 cases: "P01ำ" had a word starting inside the
    // grapheme "1ำ", so unit_at at that word's start returned the word before.
    check_write_up("P01\u{E33}".as_bytes()).unwrap();
}
