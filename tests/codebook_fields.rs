//! Codebook fields from practice (issue 9 part 4) and categories that cannot
//! be applied (REFI-QDA `isCodable="false"`), through the real binary: YAML,
//! QDC and `.qdpx` round trips, `code describe`, and every way of applying a
//! code refusing a category while leaving the project as it was.

mod common;
use common::T;

/// A codebook in canonical form (as `codebook export` writes it) with the
/// new fields, codes in an order that is not alphabetical, and a category.
const FIELDS_YAML: &str = r#"# thema codebook — codes and themes without the data
version: 1
codes:
  - name: Zicht
    description: Wat de politie ziet.
    definition: Informatie waarover de politie beschikt.
    when_to_use: Apply this code when a respondent says what the police know.
    when_not_to_use: Niet voor wat burgers zien.
    examples:
      - "\"We zien het pas achteraf.\""
      - geen zicht op de sector
    codable: false
  - name: Blinde vlek
    description: ""
    parent: Zicht
  - name: Aanpak
    description: ""
themes: []
"#;

fn doc(t: &T) {
    t.write("d.md", "Geen zicht op de sector. De pakkans is laag.\n");
    t.ok(&["import", "d.md"]);
}

#[test]
fn yaml_fields_and_order_survive_import_and_export() {
    let t = T::new();
    t.write("in.yaml", FIELDS_YAML);
    t.ok(&["codebook", "import", "in.yaml"]);
    t.ok(&["codebook", "export", "out.yaml"]);
    let out = std::fs::read_to_string(t.path("out.yaml")).unwrap();
    // Guids are added on export; without them the file is the input.
    let without_guids: String = out
        .lines()
        .filter(|l| !l.trim_start().starts_with("guid:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(without_guids, FIELDS_YAML);
    let codes = t.json(&["codes"]);
    let zicht = &codes.as_array().unwrap()[0];
    assert_eq!(zicht["name"], "Zicht");
    assert_eq!(zicht["codable"], false);
    assert_eq!(
        zicht["definition"],
        "Informatie waarover de politie beschikt."
    );
    assert_eq!(zicht["examples"][1], "geen zicht op de sector");
}

#[test]
fn fields_travel_through_qdc_and_qdpx() {
    let t = T::new();
    t.write("in.yaml", FIELDS_YAML);
    t.ok(&["codebook", "import", "in.yaml"]);
    t.ok(&["codebook", "export", "cb.qdc"]);
    let qdc = std::fs::read_to_string(t.path("cb.qdc")).unwrap();
    assert!(qdc.contains(r#"name="Zicht" isCodable="false""#), "{qdc}");
    assert!(qdc.contains(r#"name="Aanpak" isCodable="true""#), "{qdc}");
    // Readable in any tool: labelled paragraphs in the one Description.
    assert!(
        qdc.contains(
            "<Description>Wat de politie ziet.\n\nDefinition: Informatie waarover de politie beschikt.\n\n\
             When to use: Apply this code when a respondent says what the police know.\n\n\
             When not to use: Niet voor wat burgers zien.\n\n\
             Examples:\n- &quot;We zien het pas achteraf.&quot;\n- geen zicht op de sector</Description>"
        ) || qdc.contains(
            "<Description>Wat de politie ziet.\n\nDefinition: Informatie waarover de politie beschikt.\n\n\
             When to use: Apply this code when a respondent says what the police know.\n\n\
             When not to use: Niet voor wat burgers zien.\n\n\
             Examples:\n- \"We zien het pas achteraf.\"\n- geen zicht op de sector</Description>"
        ),
        "{qdc}"
    );
    doc(&t);
    t.ok(&["export", "p.qdpx"]);
    t.ok(&["codebook", "export", "mine.yaml"]);
    let mine = std::fs::read_to_string(t.path("mine.yaml")).unwrap();
    for (file, cmd) in [
        ("cb.qdc", ["codebook", "import", "cb.qdc", "--merge"]),
        ("p.qdpx", ["import", "p.qdpx", "--positions", "auto"]),
    ] {
        let u = T::new();
        std::fs::copy(t.path(file), u.path(file)).unwrap();
        u.ok(&cmd);
        u.ok(&["codebook", "export", "out.yaml"]);
        let back = std::fs::read_to_string(u.path("out.yaml")).unwrap();
        assert_eq!(
            back, mine,
            "{file}: the codebook comes back field for field"
        );
    }
}

#[test]
fn unknown_keys_warn_with_their_position_and_import_the_rest() {
    let t = T::new();
    t.write(
        "cb.yaml",
        "version: 1\nowner: team\ncodes:\n  - name: A\n    shape: round\n",
    );
    let out = t.run(&["codebook", "import", "cb.yaml"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("cb.yaml:2:1: unknown key 'owner'"), "{err}");
    assert!(
        err.contains("cb.yaml:5:5: unknown key 'shape' in a code"),
        "{err}"
    );
    let j = t.json(&["codebook", "import", "--merge", "cb.yaml"]);
    assert_eq!(j["warnings"].as_array().unwrap().len(), 2, "{j}");
    assert_eq!(j["warnings"][1]["line"], 5, "{j}");
}

#[test]
fn a_category_cannot_be_applied_anywhere() {
    let t = T::new();
    doc(&t);
    t.write("in.yaml", FIELDS_YAML);
    t.ok(&["codebook", "import", "in.yaml"]);
    let before = t.ok(&["log", "-n", "0"]);
    let err = t.fails(&["code", "apply", "zicht", "--doc", "d", "--span", "0:4"]);
    assert!(
        err.contains("\"Zicht\" is a category: it groups codes and cannot be applied"),
        "{err}"
    );
    let err = t.fails(&["code", "apply", "Zicht", "--match", "zicht", "--all"]);
    assert!(err.contains("is a category"), "{err}");
    t.write(
        "b.jsonl",
        "{\"doc\": \"d\", \"start\": 0, \"end\": 4, \"codes\": [\"Zicht\"]}\n",
    );
    let err = t.fails(&["code", "apply", "--batch", "b.jsonl"]);
    assert!(err.contains("is a category"), "{err}");
    // Merging a used code into a category would apply it too.
    t.ok(&["code", "apply", "Aanpak", "--doc", "d", "--span", "0:4"]);
    let err = t.fails(&["code", "merge", "Aanpak", "Zicht"]);
    assert!(err.contains("is a category"), "{err}");
    // A used code cannot become a category.
    let err = t.fails(&["code", "describe", "Aanpak", "--category"]);
    assert!(err.contains("applied to 1 excerpt(s)"), "{err}");
    let after = t.ok(&["log", "-n", "0"]);
    assert_eq!(
        before.lines().count() + 1,
        after.lines().count(),
        "only the one good apply was logged:\n{after}"
    );
    // Made codable again, it applies.
    t.ok(&["code", "describe", "Zicht", "--codable"]);
    t.ok(&["code", "apply", "Zicht", "--doc", "d", "--span", "0:4"]);
}

#[test]
fn code_describe_sets_each_field_and_one_undo_takes_it_back() {
    let t = T::new();
    t.ok(&["code", "new", "Lage pakkans"]);
    t.ok(&[
        "code",
        "describe",
        "lage pakkans",
        "Daders worden zelden gepakt.",
        "--definition",
        "De kans op straf is laag.",
        "--when-to-use",
        "Als iemand zegt dat misdaad loont.",
        "--when-not-to-use",
        "Niet voor strafmaat.",
        "--example",
        "Ze worden nooit gepakt.",
        "--example",
        "geen pakkans",
    ]);
    let c = &t.json(&["codes"])[0];
    assert_eq!(c["description"], "Daders worden zelden gepakt.");
    assert_eq!(c["definition"], "De kans op straf is laag.");
    assert_eq!(c["use_when"], "Als iemand zegt dat misdaad loont.");
    assert_eq!(c["not_use_when"], "Niet voor strafmaat.");
    assert_eq!(
        c["examples"],
        serde_json::json!(["Ze worden nooit gepakt.", "geen pakkans"])
    );
    // Only the definition changes; the rest stays.
    t.ok(&[
        "code",
        "describe",
        "Lage pakkans",
        "--definition",
        "Anders.",
    ]);
    let c = &t.json(&["codes"])[0];
    assert_eq!(c["definition"], "Anders.");
    assert_eq!(c["description"], "Daders worden zelden gepakt.");
    t.ok(&["undo"]);
    assert_eq!(
        t.json(&["codes"])[0]["definition"],
        "De kans op straf is laag."
    );
    let err = t.fails(&["code", "describe", "Lage pakkans"]);
    assert!(err.contains("nothing to change"), "{err}");
}

/// The shared REFI-QDA samples, or None (with a clear message) when missing.
fn samples() -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/refi-qda/samples");
    if dir.is_dir() {
        return Some(dir);
    }
    let why = format!("{} is missing (REFI-QDA samples)", dir.display());
    if std::env::var("THEMA_SKIP_SHARED").is_ok_and(|v| v == "1") {
        println!("SKIPPED: {why} (THEMA_SKIP_SHARED=1)");
        return None;
    }
    panic!("{why}; set THEMA_SKIP_SHARED=1 to skip this test on purpose");
}

#[test]
fn nvivo_categories_stay_categories_and_go_back_out_as_such() {
    let Some(dir) = samples() else { return };
    let t = T::new();
    let file = "nvivo-12.7-mac-szkepticizmus.qdpx";
    std::fs::copy(dir.join(file), t.path(file)).unwrap();
    t.ok(&["import", file]);
    // The file marks exactly one code isCodable="false" (counted with grep
    // on its project.qde): "Attituderoots".
    let codes = t.json(&["codes"]);
    let categories: Vec<&str> = codes
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["codable"] == false)
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(categories, ["Attituderoots"]);
    let err = t.fails(&["code", "apply", "Attituderoots", "--match", "a", "--all"]);
    assert!(err.contains("is a category"), "{err}");
    // The real NVivo project's excerpts name people (the privacy check
    // flags them before an export); this test is about the categories.
    t.ok(&["export", "back.qdpx", "--allow-flagged"]);
    let t2 = T::new();
    std::fs::copy(t.path("back.qdpx"), t2.path("back.qdpx")).unwrap();
    t2.ok(&["import", "back.qdpx"]);
    let again = t2.json(&["codes"]);
    let n = again
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["codable"] == false)
        .count();
    assert_eq!(n, 1, "exported back as isCodable=\"false\"");
}

#[test]
fn csv_codebooks_round_trip_and_taguette_imports() {
    let t = T::new();
    t.write("in.yaml", FIELDS_YAML);
    t.ok(&["codebook", "import", "in.yaml"]);
    t.ok(&["codebook", "export", "codes.csv"]);
    let bytes = std::fs::read(t.path("codes.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFname,description,parent,colour,definition,when_to_use,when_not_to_use,examples,codable\r\n"));
    let u = T::new();
    std::fs::copy(t.path("codes.csv"), u.path("codes.csv")).unwrap();
    u.ok(&["codebook", "import", "codes.csv"]);
    // Codes only: the same codebook as the YAML, field for field.
    t.ok(&["codebook", "export", "a.yaml"]);
    u.ok(&["codebook", "export", "b.yaml"]);
    assert_eq!(
        std::fs::read_to_string(u.path("b.yaml")).unwrap(),
        std::fs::read_to_string(t.path("a.yaml")).unwrap()
    );
    // Taguette 1.x's codebook.csv, as its export writes it.
    let g = T::new();
    g.write(
        "codebook.csv",
        "tag,description,number of highlights,number of documents\r\n\
         interessant,\"Wat opvalt, kort\",4,2\r\n\
         citaat,,0,0\r\n",
    );
    let j = g.json(&["codebook", "import", "codebook.csv"]);
    assert_eq!(
        j["added_codes"],
        serde_json::json!(["interessant", "citaat"]),
        "{j}"
    );
    assert_eq!(g.json(&["codes"])[0]["description"], "Wat opvalt, kort");
    // A broken CSV names its line and column and imports nothing.
    g.write("bad.csv", "name,codable\nA,misschien\n");
    let err = g.fails(&["codebook", "import", "bad.csv"]);
    assert!(
        err.contains("bad.csv:2:3: codable is true or false"),
        "{err}"
    );
    assert_eq!(g.json(&["codes"]).as_array().unwrap().len(), 2);
}

#[test]
fn the_full_report_has_a_codebook_appendix_with_the_fields() {
    let t = T::new();
    doc(&t);
    t.write("in.yaml", FIELDS_YAML);
    t.ok(&["codebook", "import", "in.yaml"]);
    t.ok(&["code", "apply", "Aanpak", "--doc", "d", "--span", "0:4"]);
    let md = t.ok(&["report", "full", "--lang", "en"]);
    // The appendix runs up to the fingerprint that ends every full report.
    let appendix = &md[md.find("## Codebook").expect("appendix")
        ..md.find("## Fingerprint").expect("fingerprint")];
    assert_eq!(
        appendix,
        "## Codebook\n\n\
         ### Zicht _(category: groups codes, not applied itself)_\n\n\
         Wat de politie ziet.\n\n\
         **Definition:** Informatie waarover de politie beschikt.\n\n\
         **When to use:** Apply this code when a respondent says what the police know.\n\n\
         **When not to use:** Niet voor wat burgers zien.\n\n\
         **Examples:**\n\n\
         - \"We zien het pas achteraf.\"\n\
         - geen zicht op de sector\n\n\
         #### Blinde vlek\n\n\
         ### Aanpak\n\n"
    );
    // Without any of the fields there is no appendix (the tables name the codes).
    let u = T::new();
    doc(&u);
    u.ok(&["code", "apply", "Aanpak", "--doc", "d", "--span", "0:4"]);
    assert!(
        !u.ok(&["report", "full", "--lang", "en"])
            .contains("## Codebook")
    );
}

#[test]
fn the_codebook_name_and_description_survive_a_round_trip() {
    let t = T::new();
    t.write(
        "cb.yaml",
        "version: 1\nname: Webcam-politie\ndescription: |-\n  Codes voor de interviews.\n  Tweede regel.\ncodes:\n  - name: A\n",
    );
    t.ok(&["codebook", "import", "cb.yaml"]);
    t.ok(&["codebook", "export", "out.yaml"]);
    let out = std::fs::read_to_string(t.path("out.yaml")).unwrap();
    assert!(
        out.contains(
            "name: Webcam-politie\ndescription: \"Codes voor de interviews.\\nTweede regel.\"\n"
        ),
        "{out}"
    );
    // Into another project and back out: the same file. (QDC and CSV have
    // no place for a codebook's own name and description.)
    let u = T::new();
    std::fs::copy(t.path("out.yaml"), u.path("in.yaml")).unwrap();
    u.ok(&["codebook", "import", "in.yaml"]);
    u.ok(&["codebook", "export", "out.yaml"]);
    assert_eq!(std::fs::read_to_string(u.path("out.yaml")).unwrap(), out);
    // Another description is a conflict, never an overwrite.
    t.write("other.yaml", "version: 1\ndescription: Anders\ncodes: []\n");
    let j = t.json(&["codebook", "import", "--merge", "other.yaml"]);
    assert!(
        j["conflicts"][0]
            .as_str()
            .unwrap()
            .starts_with("codebook description differs"),
        "{j}"
    );
}

#[test]
fn a_ten_thousand_code_codebook_imports_in_linear_time() {
    // Each code's GUID was looked up with `lower(guid) = lower(?)`, a scan
    // of the table per code: 10,000 codes took 73 s in a debug build
    // (3.2 s now). The timeout sits between the two.
    let t = T::new().with_timeout(std::time::Duration::from_secs(40));
    let mut csv = String::from("name,description,parent\n");
    for i in 0..10_000 {
        let parent = if i % 10 == 0 {
            String::new()
        } else {
            format!("c{}", i - i % 10)
        };
        csv.push_str(&format!("c{i},d{i},{parent}\n"));
    }
    t.write("big.csv", &csv);
    let j = t.json(&["codebook", "import", "big.csv"]);
    assert_eq!(j["added_codes"].as_array().unwrap().len(), 10_000);
    t.ok(&["codebook", "export", "big.yaml"]);
    let u = T::new().with_timeout(std::time::Duration::from_secs(40));
    std::fs::copy(t.path("big.yaml"), u.path("big.yaml")).unwrap();
    let j = u.json(&["codebook", "import", "big.yaml"]);
    assert_eq!(j["added_codes"].as_array().unwrap().len(), 10_000);
}
