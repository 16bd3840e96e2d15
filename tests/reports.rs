//! Reports through the real `thema` binary on a small hand-checked fixture.
//!
//! Fixture (the expected numbers below were worked out by hand from it):
//!
//! | excerpt | doc (unit)  | sentence                      | codes                      |
//! |---------|-------------|-------------------------------|----------------------------|
//! | e1      | D1 (II)     | Wij zien de sector niet.      | Geen zicht, Geen contact   |
//! | e2      | D1 (II)     | De platforms bellen nooit.    | Geen contact               |
//! | e3      | D1 (II)     | Er is te weinig capaciteit.   | Capaciteit                 |
//! | e4      | D2 (X)      | Geen contact met platforms.   | Geen contact               |
//! | e5      | D2 (X)      | Wij zien de sector niet.      | Geen zicht                 |
//! | e6      | D2 (X)      | Capaciteit is schaars.        | Capaciteit                 |
//! | e7      | D3 (I)      | De platforms bellen nooit.    | Geen contact               |
//! | e8      | D4 (none)   | Wij zien de sector niet.      | Geen zicht                 |
//! | e9      | D3 (I)      | Alles gaat goed.              | Onwetendheid               |
//!
//! Themes, in the analyst's order: Middelen {Capaciteit}; Blinde vlek
//! {Geen zicht, Geen contact} with subtheme Onbekend terrein {Onwetendheid}.

use assert_cmd::Command;
use serde_json::{Value, json};
use std::path::PathBuf;

struct T {
    dir: tempfile::TempDir,
}

impl T {
    fn new() -> T {
        let t = T {
            dir: tempfile::tempdir().unwrap(),
        };
        t.ok(&["init"]);
        t
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn write(&self, name: &str, s: &str) {
        let p = self.path(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, s).unwrap();
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = Command::cargo_bin("thema")
            .unwrap()
            .current_dir(self.dir.path())
            .env_remove("THEMA_PROJECT")
            .env("THEMA_CODER", "tester")
            .env("THEMA_LANG", "nl")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "thema {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("valid JSON")
    }
}

const SECRETS: &[&str] = &[
    "teamleider-geheim",
    "Interviewer-Jansen",
    "2020-09-01",
    "rol-geheim",
    "Pietersen",
    "2021-03-04",
];

fn fixture() -> T {
    let t = T::new();
    t.write(
        "in/d1.md",
        "---\nid: D1\nunit: Politie-eenheid II\nrole: teamleider-geheim\ninterviewer: Interviewer-Jansen\ndate: 2020-09-01\n---\nWij zien de sector niet. De platforms bellen nooit.\n\nEr is te weinig capaciteit.\n",
    );
    t.write(
        "in/d2.md",
        "---\nid: D2\nunit: Politie-eenheid X\nrole: rol-geheim-2\ndate: 2021-03-04\n---\nGeen contact met platforms. Wij zien de sector niet.\n\nCapaciteit is schaars.\n",
    );
    t.write(
        "in/d3.md",
        "---\nid: D3\nunit: Politie-eenheid I\ninterviewer: Interviewer-Pietersen\n---\nAlles gaat goed. De platforms bellen nooit.\n",
    );
    t.write(
        "in/d4.md",
        "---\nid: D4\nrole: rol-geheim-4\n---\nWij zien de sector niet.\n",
    );
    t.ok(&["import", "in"]);
    let s = ["--unit", "sentence"];
    let apply = |code: &str, rest: &[&str]| {
        let mut a = vec!["code", "apply", code];
        a.extend_from_slice(rest);
        a.extend_from_slice(&s);
        t.ok(&a);
    };
    apply("Geen zicht", &["--match", "zien de sector niet", "--all"]);
    apply("Geen contact", &["--match", "platforms", "--all"]);
    apply("Geen contact", &["--doc", "D1", "--match", "Wij zien"]);
    apply("Capaciteit", &["--match", "capaciteit", "--all"]);
    apply(
        "Onwetendheid",
        &["--doc", "D3", "--match", "Alles gaat goed"],
    );
    t.ok(&[
        "theme",
        "new",
        "Blinde vlek",
        "--definition",
        "De politie heeft geen zicht op de sector.",
    ]);
    t.ok(&["theme", "add", "Blinde vlek", "Geen zicht", "Geen contact"]);
    t.ok(&[
        "theme",
        "new",
        "Onbekend terrein",
        "--parent",
        "Blinde vlek",
    ]);
    t.ok(&["theme", "add", "Onbekend terrein", "Onwetendheid"]);
    t.ok(&["theme", "new", "Middelen"]);
    t.ok(&["theme", "add", "Middelen", "Capaciteit"]);
    t.ok(&["theme", "move", "Middelen", "--to", "1"]);
    t
}

fn groups(i: u64, ii: u64, x: u64, none: u64) -> Value {
    json!({"Politie-eenheid I": i, "Politie-eenheid II": ii, "Politie-eenheid X": x, "(none)": none})
}

#[test]
fn fixture_excerpts_are_as_documented() {
    let t = fixture();
    let ex = t.json(&["excerpts", "--json"]);
    let mut got: Vec<(String, String, Vec<String>)> = ex
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let mut codes: Vec<String> = e["codes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_owned())
                .collect();
            codes.sort();
            (
                e["doc"].as_str().unwrap().to_owned(),
                e["text"].as_str().unwrap().to_owned(),
                codes,
            )
        })
        .collect();
    got.sort();
    assert_eq!(got.len(), 9);
    assert_eq!(
        got[0],
        (
            "D1".into(),
            "De platforms bellen nooit.".into(),
            vec!["Geen contact".into()]
        )
    );
    assert_eq!(
        got[2],
        (
            "D1".into(),
            "Wij zien de sector niet.".into(),
            vec!["Geen contact".into(), "Geen zicht".into()]
        )
    );
}

#[test]
fn theme_frequencies_json_exact() {
    let t = fixture();
    let f = t.json(&["report", "frequencies", "--format", "json"]);
    assert_eq!(
        f,
        json!({
            "by": "unit",
            "groups": ["Politie-eenheid I", "Politie-eenheid II", "Politie-eenheid X", "(none)"],
            "rows": [
                {"name": "Middelen", "kind": "theme", "parent": null, "excerpts": 2,
                 "documents": 2, "groups_present": 2, "by_group": groups(0, 1, 1, 0),
                 "documents_by_group": groups(0, 1, 1, 0)},
                // e1 carries two of its codes and counts once: 7, not 8.
                {"name": "Blinde vlek", "kind": "theme", "parent": null, "excerpts": 7,
                 "documents": 4, "groups_present": 3, "by_group": groups(2, 2, 2, 1),
                 "documents_by_group": groups(1, 1, 1, 1)},
                {"name": "Onbekend terrein", "kind": "theme", "parent": "Blinde vlek",
                 "excerpts": 1, "documents": 1, "groups_present": 1, "by_group": groups(1, 0, 0, 0),
                 "documents_by_group": groups(1, 0, 0, 0)}
            ]
        })
    );
    // Groups come out in natural order (I, II, X), (none) last, also as object keys.
    let raw = t.ok(&["report", "frequencies", "--format", "json"]);
    let (a, b, c) = (
        raw.find("\"Politie-eenheid I\": 0").unwrap(),
        raw.find("\"Politie-eenheid II\": 1").unwrap(),
        raw.find("\"Politie-eenheid X\": 1").unwrap(),
    );
    assert!(a < b && b < c && c < raw.find("\"(none)\": 0").unwrap());
}

#[test]
fn code_frequencies_and_csv() {
    let t = fixture();
    let f = t.json(&[
        "report",
        "frequencies",
        "--level",
        "code",
        "--format",
        "json",
    ]);
    let rows: Vec<(String, u64, u64, u64, Value)> = f["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(r["kind"], "code");
            (
                r["name"].as_str().unwrap().to_owned(),
                r["excerpts"].as_u64().unwrap(),
                r["documents"].as_u64().unwrap(),
                r["groups_present"].as_u64().unwrap(),
                r["by_group"].clone(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Capaciteit".into(), 2, 2, 2, groups(0, 1, 1, 0)),
            ("Geen contact".into(), 4, 3, 3, groups(1, 2, 1, 0)),
            // D4 has no unit: its excerpt lands in (none), which is not a group present.
            ("Geen zicht".into(), 3, 3, 2, groups(0, 1, 1, 1)),
            ("Onwetendheid".into(), 1, 1, 1, groups(1, 0, 0, 0)),
        ]
    );
    let csv = t.ok(&[
        "report",
        "frequencies",
        "--format",
        "csv",
        "--measure",
        "excerpts",
    ]);
    assert_eq!(
        csv,
        "name,kind,parent,excerpts,documents,groups_present,Politie-eenheid I,Politie-eenheid II,Politie-eenheid X,(none)\r\n\
         Middelen,theme,,2,2,2,0,1,1,0\r\n\
         Blinde vlek,theme,,7,4,3,2,2,2,1\r\n\
         Onbekend terrein,theme,Blinde vlek,1,1,1,1,0,0,0\r\n"
    );
    // -o with a .csv extension picks CSV.
    t.ok(&[
        "report",
        "frequencies",
        "-o",
        "f.csv",
        "--measure",
        "excerpts",
    ]);
    assert_eq!(std::fs::read_to_string(t.path("f.csv")).unwrap(), csv);
}

#[test]
fn both_levels_nest_codes_under_themes() {
    let t = fixture();
    let f = t.json(&[
        "report",
        "frequencies",
        "--level",
        "both",
        "--format",
        "json",
    ]);
    let rows: Vec<(String, String, Value, u64)> = f["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_owned(),
                r["kind"].as_str().unwrap().to_owned(),
                r["parent"].clone(),
                r["excerpts"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Middelen".into(), "theme".into(), Value::Null, 2),
            ("Capaciteit".into(), "code".into(), json!("Middelen"), 2),
            ("Blinde vlek".into(), "theme".into(), Value::Null, 7),
            (
                "Geen contact".into(),
                "code".into(),
                json!("Blinde vlek"),
                4
            ),
            ("Geen zicht".into(), "code".into(), json!("Blinde vlek"), 3),
            (
                "Onbekend terrein".into(),
                "theme".into(),
                json!("Blinde vlek"),
                1
            ),
            (
                "Onwetendheid".into(),
                "code".into(),
                json!("Onbekend terrein"),
                1
            ),
        ]
    );
}

#[test]
fn markdown_table_is_aligned_and_has_notes() {
    let t = fixture();
    let md = t.ok(&["report", "frequencies"]);
    let lines: Vec<&str> = md.lines().take_while(|l| l.starts_with('|')).collect();
    assert_eq!(lines.len(), 5, "{md}");
    let widths: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
    assert!(widths.iter().all(|w| *w == widths[0]), "{md}");
    assert!(lines[0].contains("| Fragmenten |"));
    assert!(lines[2].starts_with("| Middelen "));
    assert!(lines[3].contains("|          7 |"));
    assert!(md.contains("zonder eenheid"));
    assert!(md.contains("0 verweesde fragmenten (tekst"));
}

#[test]
fn orphaned_excerpts_are_not_counted() {
    let t = fixture();
    // D3 loses "Alles gaat goed." (e9 becomes an orphan); e7 is found again.
    t.write(
        "in/d3.md",
        "---\nid: D3\nunit: Politie-eenheid I\n---\nDe platforms bellen nooit. Iets anders.\n",
    );
    t.ok(&["import", "--replace", "in/d3.md"]);
    let f = t.json(&["report", "frequencies", "--format", "json"]);
    assert_eq!(f["rows"][1]["excerpts"], 6);
    assert_eq!(f["rows"][1]["by_group"], groups(1, 2, 2, 1));
    assert_eq!(f["rows"][2]["excerpts"], 0);
    assert_eq!(f["rows"][2]["groups_present"], 0);
    let md = t.ok(&["report", "frequencies"]);
    assert!(md.contains("1 verweesd fragment (tekst"), "{md}");
}

#[test]
fn quotes_grouped_in_natural_order_without_front_matter() {
    let t = fixture();
    let md = t.ok(&["report", "quotes", "--theme", "Blinde vlek"]);
    // The group is named once, in its heading; "Alles gaat goed." belongs to
    // the subtheme and is quoted there only.
    let expected = "## Blinde vlek (thema)\n\n\
_De politie heeft geen zicht op de sector._\n\n\
### Politie-eenheid I\n\n\
> De platforms bellen nooit.\n\n\
### Politie-eenheid II\n\n\
> Wij zien de sector niet.\n\n\
> De platforms bellen nooit.\n\n\
### Politie-eenheid X\n\n\
> Geen contact met platforms.\n\n\
> Wij zien de sector niet.\n\n\
### zonder eenheid\n\n\
> Wij zien de sector niet.\n\n\
## Onbekend terrein (thema)\n\n\
### Politie-eenheid I\n\n\
> Alles gaat goed.\n\n";
    assert_eq!(md, expected);
    let js = t.ok(&["report", "quotes", "--format", "json"]);
    let full = {
        t.ok(&["report", "full", "-o", "r.md"]);
        std::fs::read_to_string(t.path("r.md")).unwrap()
    };
    let cited = t.ok(&["report", "quotes", "--code", "Capaciteit", "--cite", "doc"]);
    for out in [&md, &js, &full, &cited] {
        for s in SECRETS {
            assert!(!out.contains(s), "{s} leaked into:\n{out}");
        }
        // The coder (an analyst) is named in the method section only.
        let rest = out.replace("- Codeurs: 1 (tester)\n", "");
        assert!(!rest.contains("tester"), "coder name leaked");
    }
    // Document ids appear only with --cite doc.
    assert!(!md.contains("D1") && !js.contains("\"D1\"") && !full.contains("D1"));
    assert!(cited.contains("(D1 ¶2)"), "{cited}");
    assert!(cited.contains("(D2 ¶2)"), "{cited}");
    let cited = t.ok(&[
        "report",
        "quotes",
        "--code",
        "Capaciteit",
        "--cite",
        "doc",
        "--label",
        "quote",
    ]);
    assert!(cited.contains("(Politie-eenheid II, D1 ¶2)"), "{cited}");
    assert!(cited.contains("(Politie-eenheid X, D2 ¶2)"), "{cited}");
    // --show ATTR shows that attribute and nothing else.
    let shown = t.ok(&["report", "quotes", "--code", "Capaciteit", "--show", "role"]);
    assert!(shown.contains("(role: teamleider-geheim)"), "{shown}");
    assert!(!shown.contains("Jansen") && !shown.contains("2020-09-01"));
}

#[test]
fn quotes_json_shape() {
    let t = fixture();
    let q = t.json(&[
        "report",
        "quotes",
        "--code",
        "Geen zicht",
        "--format",
        "json",
    ]);
    assert_eq!(q["by"], "unit");
    let s = &q["sections"][0];
    assert_eq!(
        (s["name"].as_str(), s["kind"].as_str()),
        (Some("Geen zicht"), Some("code"))
    );
    let gs: Vec<&str> = s["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(
        gs,
        vec!["Politie-eenheid II", "Politie-eenheid X", "(none)"]
    );
    let q0 = &s["groups"][0]["quotes"][0];
    assert_eq!(q0["text"], "Wij zien de sector niet.");
    assert_eq!(q0["codes"], json!(["Geen contact", "Geen zicht"]));
    assert!(q0.get("doc").is_none());
}

#[test]
fn multi_line_quotes_stay_in_the_block_quote() {
    use thema::report::table::block_quote;
    assert_eq!(
        block_quote("Eerste regel\n# geen kop\n\n1. geen lijst\n- ook niet\n> en dit"),
        "> Eerste regel\n> \\# geen kop\n>\n> 1\\. geen lijst\n> \\- ook niet\n> \\> en dit\n"
    );
    assert_eq!(block_quote("a *b* [c] <d>"), "> a \\*b\\* \\[c\\] \\<d>\n");
}

#[test]
fn full_report_with_svg_and_map() {
    let t = fixture();
    t.ok(&[
        "theme",
        "new",
        "R&D <\"Ærø\"> en één heel lange Nederlandse themanaam over platforms",
    ]);
    t.ok(&["theme", "phase", "Blinde vlek", "defined"]);
    t.ok(&["report", "full", "-o", "rapport.md", "--quotes", "1"]);
    let md = std::fs::read_to_string(t.path("rapport.md")).unwrap();
    let svg = std::fs::read_to_string(t.path("rapport-matrix.svg")).unwrap();
    assert!(md.contains("![Thema × eenheid: genoemd of niet](rapport-matrix.svg)"));
    let middelen = md.find("### 1 Middelen").expect(&md);
    let blinde = md.find("### 2 Blinde vlek").unwrap();
    let sub = md.find("#### 2.1 Onbekend terrein").unwrap();
    assert!(middelen < blinde && blinde < sub);
    assert!(md.contains(
        "Genoemd in 3 van de 3 eenheden (7 fragmenten, 4 documenten). Fase: gedefinieerd."
    ));
    assert!(md.contains("Genoemd in 2 van de 3 eenheden (2 fragmenten, 2 documenten)."));
    assert!(md.contains(
        "- 2.1 Onbekend terrein: genoemd in 1 van de 3 eenheden (1 fragment, 1 document)"
    ));
    assert!(md.contains("Codes: Geen contact (4), Geen zicht (3)."));
    assert!(md.contains("```mermaid\nflowchart LR\n"));
    assert!(md.contains("- Documenten: 4\n"));
    assert!(md.contains("- Codeurs: 1 (tester)\n"));
    // --quotes 1: one quote per group for Blinde vlek (I, II, X, none).
    let sec = &md[blinde..sub];
    assert_eq!(sec.matches("\n> ").count(), 4, "{sec}");
    // The SVG is well-formed XML with the awkward name escaped.
    assert!(svg.contains("R&amp;D &lt;&quot;Ærø&quot;&gt;"));
    let mut r = quick_xml::Reader::from_str(&svg);
    loop {
        match r.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("bad SVG: {e}"),
        }
    }
    let dot = t.ok(&["report", "map", "--format", "dot"]);
    assert!(dot.starts_with("digraph"));
    assert!(dot.contains("label=\"R&D <\\\"Ærø\\\"> en één"));
    assert!(dot.contains("T2 -> T3;"), "{dot}");
    let mm = t.ok(&["report", "map"]);
    assert!(mm.contains("R&D #lt;#quot;Ærø#quot;#gt;"));
}

#[test]
fn group_by_another_attribute() {
    let t = fixture();
    let f = t.json(&["report", "frequencies", "--by", "role", "--format", "json"]);
    assert_eq!(
        f["groups"],
        json!([
            "rol-geheim-2",
            "rol-geheim-4",
            "teamleider-geheim",
            "(none)"
        ])
    );
    // Blinde vlek: D2 → e4,e5; D4 → e8; D1 → e1,e2; D3 (no role) → e7,e9.
    assert_eq!(
        f["rows"][1]["by_group"],
        json!({"rol-geheim-2": 2, "rol-geheim-4": 1, "teamleider-geheim": 2, "(none)": 2})
    );
    assert_eq!(f["rows"][1]["groups_present"], 3);
}

/// The matrix cells of a Markdown table row whose first cell is `name`.
fn md_row(md: &str, name: &str) -> Vec<String> {
    md.lines()
        .find(|l| {
            l.starts_with("| ")
                && l[2..]
                    .trim_start_matches(['\u{2003}', '↳', ' '])
                    .starts_with(name)
        })
        .unwrap_or_else(|| panic!("no row {name} in\n{md}"))
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim().to_owned())
        .collect()
}

#[test]
fn presence_is_the_default_measure() {
    let t = fixture();
    let md = t.ok(&["report", "frequencies"]);
    // Hand count (I, II, X, none): Middelen e3 (II), e6 (X); Blinde vlek
    // e7,e9 (I), e1,e2 (II), e4,e5 (X), e8 (none); Onbekend terrein e9 (I).
    assert_eq!(
        md_row(&md, "Naam"),
        [
            "Naam",
            "Genoemd",
            "Fragmenten",
            "Documenten",
            "I",
            "II",
            "X",
            "zonder eenheid"
        ]
    );
    assert_eq!(
        md_row(&md, "Middelen"),
        ["Middelen", "2/3", "2", "2", "–", "✓", "✓", "–"]
    );
    assert_eq!(
        md_row(&md, "Blinde vlek"),
        ["Blinde vlek", "3/3", "7", "4", "✓", "✓", "✓", "✓"]
    );
    assert_eq!(
        md_row(&md, "Onbekend terrein"),
        ["↳ Onbekend terrein", "1/3", "1", "1", "✓", "–", "–", "–"]
    );
    assert!(md.contains("✓ = genoemd"), "{md}");
    let ex = t.ok(&["report", "frequencies", "--measure", "excerpts"]);
    assert_eq!(
        md_row(&ex, "Blinde vlek"),
        ["Blinde vlek", "7", "4", "3/3", "2", "2", "2", "1"]
    );
    let docs = t.ok(&["report", "frequencies", "--measure", "documents"]);
    assert_eq!(
        md_row(&docs, "Blinde vlek"),
        ["Blinde vlek", "4", "7", "3/3", "1", "1", "1", "1"]
    );
    let csv = t.ok(&[
        "report",
        "frequencies",
        "--format",
        "csv",
        "--measure",
        "presence",
    ]);
    assert!(
        csv.contains("\r\nMiddelen,theme,,2,2,2,0,1,1,0\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\r\nBlinde vlek,theme,,7,4,3,1,1,1,1\r\n"),
        "{csv}"
    );
    // English, and a display label for another attribute: no raw key shows.
    let en = t.ok(&[
        "report",
        "frequencies",
        "--lang",
        "en",
        "--by",
        "role",
        "--by-label",
        "function",
    ]);
    assert!(en.contains("| Present |"), "{en}");
    assert!(en.contains("no function"), "{en}");
    assert!(!en.contains("role"), "{en}");
}

#[test]
fn full_report_prevalence_sentence_matches_the_matrix() {
    let t = fixture();
    t.ok(&["report", "full", "-o", "r.md", "--quotes", "0"]);
    let md = std::fs::read_to_string(t.path("r.md")).unwrap();
    assert!(
        md.contains("Genoemd in 3 van de 3 eenheden (7 fragmenten, 4 documenten)."),
        "{md}"
    );
    assert!(
        md.contains("Genoemd in 2 van de 3 eenheden (2 fragmenten, 2 documenten)."),
        "{md}"
    );
    assert!(md.contains("uit 3 eenheden."), "{md}");
    assert!(
        !md.contains("unit"),
        "raw attribute key in the Dutch report:\n{md}"
    );
    assert!(!md.contains("(s)"), "{md}");
    let svg = std::fs::read_to_string(t.path("r-matrix.svg")).unwrap();
    // Legend, title, and the long name wrapped (every word present).
    assert!(
        svg.contains("✓ genoemd") && svg.contains("– niet genoemd"),
        "{svg}"
    );
    assert!(svg.contains("<title>Thematische analyse: thema"), "{svg}");
    assert!(svg.contains("s per eenheid</title>"), "{svg}");
    assert!(
        svg.contains("Blinde vlek: Politie-eenheid X = 2 fragmenten, 1 document</title>"),
        "{svg}"
    );
    t.ok(&[
        "theme",
        "new",
        "Een heel lange themanaam die nergens wordt afgekapt maar netjes wordt afgebroken",
    ]);
    t.ok(&[
        "report", "full", "-o", "r.md", "--quotes", "0", "--lang", "en",
    ]);
    let svg = std::fs::read_to_string(t.path("r-matrix.svg")).unwrap();
    assert!(!svg.contains('…'));
    for w in [
        "Een heel lange themanaam die",
        "nergens wordt afgekapt maar netjes",
        "wordt afgebroken",
    ] {
        assert!(
            svg.contains(&format!(">{w}</tspan>")),
            "{w} not a line of its own:\n{svg}"
        );
    }
    let md = std::fs::read_to_string(t.path("r.md")).unwrap();
    assert!(
        md.contains("This report describes 3 themes and 1 subtheme"),
        "{md}"
    );
    assert!(
        md.contains("Mentioned in 3 of 3 units (7 excerpts, 4 documents)"),
        "{md}"
    );
}

/// The id of the excerpt of `doc` with exactly this text.
fn excerpt_id(t: &T, doc: &str, text: &str) -> String {
    let ex = t.json(&["excerpts", "--json"]);
    ex.as_array()
        .unwrap()
        .iter()
        .find(|e| e["doc"] == doc && e["text"] == text)
        .unwrap_or_else(|| panic!("no excerpt {doc} {text}"))["id"]
        .to_string()
}

/// The Markdown of one `## NAME (thema)` section of `report quotes`.
fn section<'a>(md: &'a str, name: &str) -> &'a str {
    let start = md.find(&format!("## {name} (")).expect(md);
    let rest = &md[start + 3..];
    &md[start..start + 3 + rest.find("\n## ").unwrap_or(rest.len())]
}

#[test]
fn each_quote_once_per_theme_section() {
    let t = fixture();
    let md = t.ok(&["report", "quotes"]);
    // Blinde vlek has e1,e2,e4,e5,e7,e8,e9; e9 ("Alles gaat goed.") is its
    // subtheme's and is shown there only: 6 quotes, then 1.
    let parent = section(&md, "Blinde vlek");
    let sub = section(&md, "Onbekend terrein");
    assert_eq!(parent.matches("\n> ").count(), 6, "{parent}");
    assert!(!parent.contains("Alles gaat goed."), "{parent}");
    assert_eq!(sub.matches("\n> ").count(), 1, "{sub}");
    assert!(sub.contains("> Alles gaat goed."), "{sub}");
    // --theme T shows T and its subthemes, the same way.
    let one = t.ok(&["report", "quotes", "--theme", "Blinde vlek"]);
    assert_eq!(one.matches("\n> ").count(), 7, "{one}");
    assert_eq!(one.matches("Alles gaat goed.").count(), 1, "{one}");
}

#[test]
fn key_quotes_first_excluded_never_trimmed_checked() {
    let t = fixture();
    let e5 = excerpt_id(&t, "D2", "Wij zien de sector niet.");
    let e7 = excerpt_id(&t, "D3", "De platforms bellen nooit.");
    let e1 = excerpt_id(&t, "D1", "Wij zien de sector niet.");
    t.ok(&["quote", &e5, "--key", "--display", "Wij zien […] niet."]);
    t.ok(&["quote", &e7, "--exclude"]);
    // --quotes 1: group X shows its key quote e5 (trimmed), not e4, which
    // comes first in the document; group I loses e7 (excluded) and e9 is the
    // subtheme's, so I has no quote under Blinde vlek.
    let md = t.ok(&[
        "report",
        "quotes",
        "--theme",
        "Blinde vlek",
        "--quotes",
        "1",
    ]);
    let parent = section(&md, "Blinde vlek");
    assert_eq!(
        parent,
        "## Blinde vlek (thema)\n\n_De politie heeft geen zicht op de sector._\n\n\
### Politie-eenheid II\n\n> Wij zien de sector niet.\n\n\
### Politie-eenheid X\n\n> Wij zien \\[…\\] niet.\n\n\
### zonder eenheid\n\n> Wij zien de sector niet.\n"
    );
    let key = t.ok(&["report", "quotes", "--key-only"]);
    assert_eq!(key.matches("\n> ").count(), 1, "{key}");
    assert!(key.contains("> Wij zien \\[…\\] niet."), "{key}");
    let js = t.json(&["report", "quotes", "--key-only", "--format", "json"]);
    let q = &js["sections"][1]["groups"][0]["quotes"][0];
    assert_eq!(
        (q["key"].as_bool(), q["trimmed"].as_bool()),
        (Some(true), Some(true))
    );
    // A display text that adds or reorders words is refused; nothing changes.
    let before = std::fs::read(t.path("thema.db")).unwrap();
    for bad in ["Wij zien de sector wel.", "niet. […] Wij zien"] {
        let out = Command::cargo_bin("thema")
            .unwrap()
            .current_dir(t.dir.path())
            .env("THEMA_CODER", "tester")
            .args(["quote", &e1, "--display", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("display text for excerpt {e1} refused")),
            "{err}"
        );
    }
    assert_eq!(std::fs::read(t.path("thema.db")).unwrap(), before);
    // Undo takes the last mark back: e7 is quoted again.
    t.ok(&["undo"]);
    let md = t.ok(&["report", "quotes", "--theme", "Blinde vlek"]);
    assert!(
        md.contains("### Politie-eenheid I\n\n> De platforms bellen nooit."),
        "{md}"
    );
}

#[test]
fn group_label_once_per_heading_or_once_per_quote() {
    let t = fixture();
    let heading = t.ok(&["report", "quotes", "--code", "Capaciteit"]);
    assert_eq!(
        heading,
        "## Capaciteit (code)\n\n### Politie-eenheid II\n\n> Er is te weinig capaciteit.\n\n\
### Politie-eenheid X\n\n> Capaciteit is schaars.\n\n"
    );
    let quote = t.ok(&[
        "report",
        "quotes",
        "--code",
        "Capaciteit",
        "--label",
        "quote",
    ]);
    assert_eq!(
        quote,
        "## Capaciteit (code)\n\n> Er is te weinig capaciteit.\n\n(Politie-eenheid II)\n\n\
> Capaciteit is schaars.\n\n(Politie-eenheid X)\n\n"
    );
    let cited = t.ok(&["report", "quotes", "--code", "Capaciteit", "--cite", "doc"]);
    assert!(
        cited.contains("### Politie-eenheid II\n\n> Er is te weinig capaciteit.\n\n(D1 ¶2)\n\n"),
        "{cited}"
    );
}

#[test]
fn privacy_check_gates_published_quotes() {
    let t = fixture();
    t.write(
        "in/d5.md",
        "---\nid: D5\nunit: Politie-eenheid X\n---\nHaar zus van negentien belde in het najaar van 2019. Ze woonde in Tilburg.\n",
    );
    t.ok(&["import", "in/d5.md"]);
    t.ok(&[
        "code",
        "apply",
        "Capaciteit",
        "--doc",
        "D5",
        "--match",
        "zus",
        "--unit",
        "sentence",
    ]);
    t.ok(&[
        "code",
        "apply",
        "Capaciteit",
        "--doc",
        "D5",
        "--match",
        "woonde",
        "--unit",
        "sentence",
    ]);
    let run = |args: &[&str]| {
        Command::cargo_bin("thema")
            .unwrap()
            .current_dir(t.dir.path())
            .env("THEMA_CODER", "tester")
            .env("THEMA_LANG", "nl")
            .args(args)
            .output()
            .unwrap()
    };
    // An age and a date in one excerpt; Tilburg, capitalized inside a
    // sentence and in no other document, is flagged as a name.
    let out = run(&["check", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let f: Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(String, String, String)> = f
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["doc"].as_str().unwrap().to_owned(),
                f["rule"].as_str().unwrap().to_owned(),
                f["words"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("D5".into(), "age".into(), "van negentien".into()),
            ("D5".into(), "date".into(), "najaar van 2019".into()),
            ("D5".into(), "name".into(), "Tilburg".into()),
        ]
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("3 finding(s) in 2 excerpt(s) not reviewed")
    );
    // Reports that would publish them refuse, naming what is flagged; the
    // output file is not written.
    let out = run(&["report", "quotes", "--code", "Capaciteit", "-o", "q.md"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("D5 (Politie-eenheid X) excerpt") && err.contains("“van negentien” — an age"),
        "{err}"
    );
    assert!(!t.path("q.md").exists());
    let out = run(&["report", "full", "-o", "r.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!t.path("r.md").exists());
    // --allow-flagged publishes anyway; the method section says so. Two
    // quotes per group: X gets D2's e6 and D5's first sentence (round robin
    // over documents), so the age and the date are published, Tilburg not.
    t.ok(&["report", "full", "-o", "r.md", "--allow-flagged"]);
    let md = std::fs::read_to_string(t.path("r.md")).unwrap();
    assert!(
        md.contains("- Privacycontrole (citaten): 0 bevindingen beoordeeld, 2 niet beoordeeld"),
        "{md}"
    );
    // Redacting the age in the display text and accepting the rest clears it.
    let ex = excerpt_id(
        &t,
        "D5",
        "Haar zus van negentien belde in het najaar van 2019.",
    );
    t.ok(&[
        "quote",
        &ex,
        "--display",
        "Haar zus [leeftijd] belde in het najaar van 2019.",
    ]);
    t.ok(&["check", "--accept"]);
    t.ok(&["check"]);
    t.ok(&["report", "full", "-o", "r.md"]);
    let md = std::fs::read_to_string(t.path("r.md")).unwrap();
    // Only the date is left in the published quote, and it was accepted.
    assert!(
        md.contains("- Privacycontrole (citaten): 1 bevinding beoordeeld\n"),
        "{md}"
    );
    assert!(md.contains("Haar zus \\[leeftijd\\] belde"), "{md}");
    // A deny-list term is always flagged, in any case, even where the same
    // words were accepted as a name before.
    let out = run(&["check", "--deny", "tilburg"]);
    assert_eq!(out.status.code(), Some(1));
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(
        listed.contains("“Tilburg” — a term on the project's deny-list\n"),
        "{listed}"
    );
    assert!(
        listed.contains("“najaar van 2019” — a date, or a month or season with a year [reviewed]"),
        "{listed}"
    );
    t.ok(&["quote", &ex, "--no-display"]);
    let out = run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("“van negentien” — an age"));
}

#[test]
fn full_report_is_byte_identical_on_rerun_and_ends_with_a_fingerprint() {
    let t = fixture();
    let full = |name: &str| {
        t.ok(&["report", "full", "-o", name]);
        let md = std::fs::read_to_string(t.path(name)).unwrap();
        let svg = std::fs::read_to_string(t.path(&name.replace(".md", "-matrix.svg"))).unwrap();
        (md.into_bytes(), svg)
    };
    let a = full("a.md");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = full("a.md");
    assert!(a.0 == b.0, "report differs between two runs");
    assert!(a.1 == b.1, "SVG differs between two runs");
    let fp = |md: &[u8]| {
        let md = String::from_utf8(md.to_vec()).unwrap();
        let i = md.find("## Vingerafdruk\n\n`sha256:").expect(&md);
        let hex = &md[i + 25..i + 25 + 64];
        assert!(hex.chars().all(|c| c.is_ascii_hexdigit()), "{hex}");
        assert!(md.contains("Berekend over de teksten van 4 documenten, het codeboek (4 codes, 3 thema's) en de coderingen (9 fragmenten)"), "{md}");
        hex.to_owned()
    };
    let before = fp(&a.0);
    // Any change to the codebook changes it; undoing the change restores it.
    t.ok(&["theme", "define", "Middelen", "Geld en mensen."]);
    let changed = fp(&full("c.md").0);
    assert_ne!(before, changed);
    t.ok(&["undo"]);
    assert_eq!(fp(&full("d.md").0), before);
    // So does a coding.
    t.ok(&[
        "code",
        "apply",
        "Capaciteit",
        "--doc",
        "D3",
        "--match",
        "Alles gaat goed",
    ]);
    assert_ne!(fp(&full("e.md").0), before);
}
