//! Integration tests for the codebook module: QDC export checked against the
//! REFI-QDA schema with xmllint, stable GUIDs, QDC round trips, the real
//! vendor samples in ../shared/refi-qda/samples and the example codebook.

use std::path::{Path, PathBuf};
use std::process::Command;
use thema::codebook::{self, CodeDef, Codebook, ThemeDef};
use thema::model::Phase;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");

/// Missing fixtures must not make a test pass silently: fail with a clear
/// message, unless THEMA_SKIP_SHARED=1 says skipping is intended.
fn skip_or_fail(why: &str) {
    if std::env::var("THEMA_SKIP_SHARED").is_ok_and(|v| v == "1") {
        println!("SKIPPED: {why} (THEMA_SKIP_SHARED=1)");
        return;
    }
    panic!("{why}; install it or set THEMA_SKIP_SHARED=1 to skip this test on purpose");
}

/// The shared REFI-QDA folder, or None when the test is to be skipped.
fn refi() -> Option<PathBuf> {
    let dir = Path::new(SHARED).join("refi-qda");
    if dir.join("schema/Codebook.xsd").is_file() {
        return Some(dir);
    }
    skip_or_fail(&format!(
        "{} is missing (REFI-QDA schema and samples)",
        dir.display()
    ));
    None
}

fn xmllint_available() -> bool {
    match Command::new("xmllint").arg("--version").output() {
        Ok(o) if o.status.success() => true,
        _ => {
            skip_or_fail("xmllint is not installed (apt-get install libxml2-utils)");
            false
        }
    }
}

/// Validate `xml` against Codebook.xsd; Err carries xmllint's output.
fn validate(xml: &str, refi: &Path) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let file = dir.path().join("export.qdc");
    std::fs::write(&file, xml).map_err(|e| e.to_string())?;
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(refi.join("schema/Codebook.xsd"))
        .arg(&file)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn code(name: &str, desc: &str, parent: Option<&str>, colour: Option<&str>) -> CodeDef {
    CodeDef {
        name: name.into(),
        description: desc.into(),
        parent: parent.map(Into::into),
        colour: colour.map(Into::into),
        ..Default::default()
    }
}

/// Nested three levels deep, with accents, emoji, `&`, quotes and `<`.
fn sample_codebook() -> Codebook {
    Codebook {
        themes_flat: false,
        name: Some("Webcam & politie".into()),
        codes: vec![
            code(
                "Zicht & contact",
                "Wat de politie wél en níet ziet",
                None,
                Some("#4e79a7"),
            ),
            code(
                "Geen zicht op de sector",
                "Geen beeld van \"studio's\" <online>",
                Some("Zicht & contact"),
                None,
            ),
            code(
                "Geen contact met platforms",
                "",
                Some("Geen zicht op de sector"),
                Some("#ABC"),
            ),
            code(
                "Corona als aanjager 🦠",
                "Sluiting → online werk 💻",
                None,
                None,
            ),
            CodeDef {
                name: "Lage pakkans".into(),
                description: "Daders lopen 'bijna' geen risico".into(),
                guid: Some("6D1F4C2A-9B7E-5E13-A0C4-7F2D3B8E91A6".into()),
                // The codebook fields and a category travel too (issue 9).
                guide: thema::model::CodeGuide {
                    definition: "De kans op straf is <laag> & dat weten ze.".into(),
                    use_when: "Apply this code when crime is said to pay.".into(),
                    not_use_when: "Niet voor strafmaat.".into(),
                    examples: vec!["\"Ze worden nooit gepakt.\"".into(), "geen pakkans".into()],
                },
                codable: false,
                ..Default::default()
            },
        ],
        themes: vec![
            ThemeDef {
                name: "Blinde vlek".into(),
                definition: "De politie ziet het fenomeen niet & weet dat.".into(),
                phase: Phase::Reviewed,
                codes: vec![
                    "Geen zicht op de sector".into(),
                    "Geen contact met platforms".into(),
                ],
                ..Default::default()
            },
            ThemeDef {
                name: "Leeg thema".into(),
                ..Default::default()
            },
        ],
        ..Default::default()
    }
}

#[test]
fn qdc_export_is_valid_against_the_refi_schema() {
    let Some(refi) = refi() else { return };
    if !xmllint_available() {
        return;
    }
    let xml = codebook::to_qdc(&sample_codebook());
    validate(&xml, &refi).unwrap_or_else(|e| panic!("schema validation failed:\n{e}\n{xml}"));
    assert!(
        xml.contains("<Sets>") && xml.contains("<MemberCode "),
        "{xml}"
    );

    // Without themes, <Sets> is left out (an empty one is invalid).
    let mut no_themes = sample_codebook();
    no_themes.themes.clear();
    let xml = codebook::to_qdc(&no_themes);
    assert!(!xml.contains("Sets"), "{xml}");
    validate(&xml, &refi).unwrap_or_else(|e| panic!("schema validation failed:\n{e}\n{xml}"));

    // The example codebook exports validly too.
    let example = codebook::read_file(&example_path()).unwrap();
    let xml = codebook::to_qdc(&example);
    validate(&xml, &refi).unwrap_or_else(|e| panic!("schema validation failed:\n{e}\n{xml}"));

    // Control: the validator really rejects what the schema forbids
    // (an empty <Sets/>, as Taguette writes it).
    let bad = codebook::to_qdc(&no_themes).replace("</CodeBook>", "<Sets/></CodeBook>");
    assert!(
        validate(&bad, &refi).is_err(),
        "xmllint accepted an empty <Sets/>"
    );
}

#[test]
fn qdc_nests_codes_by_parent() {
    let xml = codebook::to_qdc(&sample_codebook());
    let pos = |needle: &str| {
        xml.find(needle)
            .unwrap_or_else(|| panic!("{needle} missing in {xml}"))
    };
    // The child element starts after its parent opens and before it closes.
    let parent_open = pos("name=\"Zicht &amp; contact\"");
    let child = pos("name=\"Geen zicht op de sector\"");
    let grandchild = pos("name=\"Geen contact met platforms\"");
    let first_close = pos("</Code>");
    assert!(
        parent_open < child && child < grandchild && grandchild < first_close,
        "{xml}"
    );
    assert!(
        xml.contains("&quot;studio's&quot; &lt;online&gt;")
            || xml.contains("\"studio's\" &lt;online&gt;"),
        "{xml}"
    );
    assert!(xml.contains("🦠") && xml.contains("wél"), "{xml}");
}

#[test]
fn qdc_export_is_byte_identical_when_repeated() {
    let a = codebook::to_qdc(&sample_codebook());
    let b = codebook::to_qdc(&sample_codebook());
    assert_eq!(a, b);
    // The derived GUID is the one for the code's name; the given one is kept.
    let derived = codebook::guid_for("code", "Geen zicht op de sector");
    assert!(a.contains(&format!("guid=\"{derived}\"")), "{a}");
    assert!(
        a.contains("guid=\"6D1F4C2A-9B7E-5E13-A0C4-7F2D3B8E91A6\""),
        "{a}"
    );
    // A MemberCode points at the member's code GUID.
    assert!(
        a.contains(&format!("<MemberCode guid=\"{derived}\"/>")),
        "{a}"
    );
}

#[test]
fn qdc_round_trip_keeps_codes_parents_and_themes() {
    let cb = sample_codebook();
    let back = codebook::from_qdc(&codebook::to_qdc(&cb), Path::new("rt.qdc")).unwrap();
    assert_eq!(back.codes.len(), cb.codes.len());
    for (a, b) in cb.codes.iter().zip(&back.codes) {
        assert_eq!(a.name, b.name);
        assert_eq!(a.description, b.description);
        assert_eq!(a.parent, b.parent);
        assert_eq!(a.colour, b.colour);
        let expected_guid = a
            .guid
            .clone()
            .unwrap_or_else(|| codebook::guid_for("code", &a.name));
        assert_eq!(b.guid.as_deref(), Some(expected_guid.as_str()));
    }
    assert_eq!(back.themes.len(), 2);
    for (a, b) in cb.themes.iter().zip(&back.themes) {
        assert_eq!(a.name, b.name);
        assert_eq!(a.definition, b.definition);
        assert_eq!(a.codes, b.codes);
        // QDC has no phase: a set comes back as a candidate theme.
        assert_eq!(b.phase, Phase::Candidate);
    }
    // And the imported codebook exports to the same QDC again.
    assert_eq!(codebook::to_qdc(&back), codebook::to_qdc(&cb));
}

fn sample(name: &str) -> Option<Codebook> {
    let refi = refi()?;
    let path = refi.join("samples").join(name);
    Some(codebook::read_file(&path).unwrap_or_else(|d| panic!("{name}: {d:#?}")))
}

fn parent_of<'a>(cb: &'a Codebook, name: &str) -> Option<&'a str> {
    cb.code(name)
        .unwrap_or_else(|| panic!("no code {name:?}"))
        .parent
        .as_deref()
}

#[test]
fn sample_taguette_qdc() {
    let Some(cb) = sample("taguette-1.4.1-codebook.qdc") else {
        return;
    };
    // Counted by hand: `grep -o '<Code ' taguette-1.4.1-codebook.qdc | wc -l` → 3.
    assert_eq!(cb.codes.len(), 3);
    // Taguette's tags are flat (and its empty <Sets/> yields no theme).
    assert!(cb.codes.iter().all(|c| c.parent.is_none()));
    assert!(cb.themes.is_empty());
    assert_eq!(
        cb.code("Variables").and_then(|c| c.guid.as_deref()),
        Some("DD1B8AD4-9B6E-5BE2-BD0B-FDE7DEAFDDA4")
    );
}

#[test]
fn sample_atlasti_qdpx() {
    let Some(cb) = sample("atlasti-23.2-target-atlas-project.qdpx") else {
        return;
    };
    // Counted by hand: `unzip -p … project.qde | grep -o '<Code ' | wc -l` → 3.
    assert_eq!(cb.codes.len(), 3);
    // Read in the file: "Commits" holds two commit codes.
    assert_eq!(
        parent_of(&cb, "2022-05-10T02:05:59Z 19e4dce"),
        Some("Commits")
    );
    assert_eq!(
        parent_of(&cb, "2022-02-11T10:39:25Z cdbfd92"),
        Some("Commits")
    );
    assert_eq!(parent_of(&cb, "Commits"), None);
    assert_eq!(cb.name.as_deref(), Some("target-atlas-project"));

    // The blank project has no <CodeBook> at all: an empty codebook.
    let Some(blank) = sample("atlasti-23.2-blank-atlas-project.qdpx") else {
        return;
    };
    assert!(blank.codes.is_empty() && blank.themes.is_empty());
}

#[test]
fn sample_maxqda_qde() {
    let Some(cb) = sample("maxqda-24.7-project.qde") else {
        return;
    };
    // Counted by hand: `grep -o '<Code ' maxqda-24.7-project.qde | wc -l` → 307
    // (SOURCES.md says the same).
    assert_eq!(cb.codes.len(), 307);
    // Read in the file (lines 7-11): a child of the first top-level code.
    assert_eq!(
        parent_of(&cb, "THEME - Affinity Spaces (Gee)"),
        Some("Additional Themes and Ideas")
    );
    assert_eq!(parent_of(&cb, "Additional Themes and Ideas"), None);
    assert_eq!(
        cb.code("THEME - Affinity Spaces (Gee)")
            .and_then(|c| c.colour.as_deref()),
        Some("#ef8256")
    );
    // Its two project Sets group sources, not codes: no themes.
    assert!(cb.themes.is_empty());
    // Every code is reachable and every parent exists (2 levels deep).
    for c in &cb.codes {
        if let Some(p) = &c.parent {
            assert!(
                cb.code(p).is_some_and(|pc| pc.parent.is_none()),
                "{} → {p}",
                c.name
            );
        }
    }
}

#[test]
fn sample_nvivo_qde() {
    let Some(cb) = sample("nvivo-12.6-win-project.qde") else {
        return;
    };
    // Counted by hand: `grep -o '<Code ' nvivo-12.6-win-project.qde | wc -l` → 152
    // (SOURCES.md: 152 codes; the 303 selections use <CodeRef>, not <Code>).
    assert_eq!(cb.codes.len(), 152);
    // Read in the file (lines 9-17).
    assert_eq!(parent_of(&cb, "COVID"), Some("1. Oltás típusa"));
    assert_eq!(
        parent_of(&cb, "sárga"),
        Some("2. Attitűd szint az oltáshoz")
    );
    assert_eq!(
        cb.code("1. Oltás típusa").map(|c| c.description.as_str()),
        Some("COVID vay nem COVID")
    );
    // Lower-case GUIDs are kept as they are.
    assert_eq!(
        cb.code("COVID").and_then(|c| c.guid.as_deref()),
        Some("7142c1bf-1bbe-4073-88dd-ae1dbfec9f8f")
    );
    // SOURCES.md: up to 4 levels deep.
    let depth = |name: &str| {
        let mut d = 1;
        let mut cur = parent_of(&cb, name);
        while let Some(p) = cur {
            d += 1;
            cur = parent_of(&cb, p);
        }
        d
    };
    assert_eq!(cb.codes.iter().map(|c| depth(&c.name)).max(), Some(4));
    // All names unique after import (duplicates would have been renamed).
    let mut names: Vec<&str> = cb.codes.iter().map(|c| c.name.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 152);
}

fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("codebooks/webcam-politie.yaml")
}

#[test]
fn example_codebook_parses_cleanly_and_is_canonical() {
    let path = example_path();
    let cb = codebook::read_file(&path).unwrap_or_else(|d| {
        let lines: Vec<String> = d.iter().map(ToString::to_string).collect();
        panic!("diagnostics:\n{}", lines.join("\n"))
    });
    assert!(
        (15..=25).contains(&cb.codes.len()),
        "{} codes",
        cb.codes.len()
    );
    assert!(
        (8..=10).contains(&cb.themes.len()),
        "{} themes",
        cb.themes.len()
    );
    assert!(
        cb.themes
            .iter()
            .all(|t| t.phase == Phase::Candidate && !t.definition.is_empty())
    );
    assert!(cb.codes.iter().all(|c| !c.description.is_empty()));
    // Every code is gathered by at least one theme.
    for c in &cb.codes {
        assert!(
            cb.themes.iter().any(|t| t.codes.contains(&c.name)),
            "{} is in no theme",
            c.name
        );
    }
    // Written in canonical form, so thema writes it back byte for byte.
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(codebook::to_yaml(&cb), text);
}

#[test]
fn read_file_reports_yaml_problems_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.yml");
    std::fs::write(&path, "version: 1\ncodes:\n  - name: A\n    parent: B\n").unwrap();
    let d = codebook::read_file(&path).unwrap_err();
    assert_eq!(d.len(), 1);
    // "    parent: " is 12 characters, so the value starts in column 13.
    assert_eq!(
        d[0].to_string(),
        format!("{}:4:13: unknown parent code 'B'", path.display())
    );
}

#[test]
fn read_file_opens_a_qdpx_written_here() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.qdpx");
    let file = std::fs::File::create(&path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("project.qde", opts).unwrap();
    let qde = codebook::to_qdc(&sample_codebook());
    zip.write_all(qde.as_bytes()).unwrap();
    zip.finish().unwrap();
    let cb = codebook::read_file(&path).unwrap();
    assert_eq!(cb.codes.len(), 5);
    assert_eq!(
        cb.code("Geen contact met platforms")
            .and_then(|c| c.parent.as_deref()),
        Some("Geen zicht op de sector")
    );
}
