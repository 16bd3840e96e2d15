//! The report's saturation figure and appendices through the real binary,
//! against tables written by hand from two small fixtures.
//!
//! Saturation fixture (one coder; the coding times are set in the project
//! file afterwards, since the binary stamps codings with the clock):
//!
//! | doc (unit) | code: first coding in this document                       |
//! |------------|-----------------------------------------------------------|
//! | D2 (B)     | K1 2025-03-01 09:00, K2 2025-03-01 09:10                  |
//! | D3 (B)     | K2 2025-03-02 10:00, K3 2025-03-02 10:00                  |
//! | D1 (A)     | K3 2025-03-03 08:00, K4 2025-03-04 12:00                  |
//! | D10 (A)    | K1 2025-03-03 08:00 (same minute as D1: D1 goes first)    |
//! | D4 (none)  | not coded                                                 |
//!
//! Coding order D2, D3, D1, D10; new codes 2 (K1 K2), 1 (K3), 1 (K4), 0;
//! cumulative 2, 3, 4, 4; every code found after 3 of the 4 coded
//! documents; D4 is off the curve.
//!
//! Team fixture (anna and bram coded independently, `consensus` holds the
//! settled passage): see [`team`] for the codings and the hand computation
//! of the agreement figures.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

struct T {
    dir: tempfile::TempDir,
}

impl T {
    fn new() -> T {
        let t = T {
            dir: tempfile::tempdir().unwrap(),
        };
        t.ok_as("tester", &["init"]);
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
    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }
    fn ok_as(&self, coder: &str, args: &[&str]) -> String {
        let out = Command::cargo_bin("thema")
            .unwrap()
            .current_dir(self.dir.path())
            .env_remove("THEMA_PROJECT")
            .env_remove("THEMA_LANG")
            .env("THEMA_CODER", coder)
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
    fn ok(&self, args: &[&str]) -> String {
        self.ok_as("tester", args)
    }
    fn code(&self, coder: &str, code: &str, doc: &str, phrase: &str) {
        self.ok_as(
            coder,
            &[
                "code", "apply", code, "--doc", doc, "--match", phrase, "--unit", "sentence",
            ],
        );
    }
    /// Set when `coder` first applied `code` in `doc` (the binary takes the
    /// clock; the fixture needs known times).
    fn stamp(&self, doc: &str, code: &str, coder: &str, at: &str) {
        let db = rusqlite::Connection::open(self.path("thema.db")).unwrap();
        let n = db
            .execute(
                "UPDATE excerpt_codes SET created_at = ?1
                 WHERE code_id = (SELECT id FROM codes WHERE name = ?2) AND coder = ?3
                   AND excerpt_id IN (SELECT e.id FROM excerpts e JOIN documents d
                                      ON d.id = e.document_id WHERE d.name = ?4)",
                rusqlite::params![at, code, coder, doc],
            )
            .unwrap();
        assert!(n > 0, "no coding of {code} by {coder} in {doc}");
    }
}

fn saturation_fixture() -> T {
    let t = T::new();
    let doc = |id: &str, unit: Option<&str>, text: &str| {
        let unit = unit.map(|u| format!("unit: {u}\n")).unwrap_or_default();
        t.write(
            &format!("in/{id}.md"),
            &format!("---\nid: {id}\n{unit}---\n{text}\n"),
        );
    };
    doc("D1", Some("Eenheid A"), "Drie is hier. Vier is hier.");
    doc("D2", Some("Eenheid B"), "Een is hier. Twee is hier.");
    doc("D3", Some("Eenheid B"), "Twee is hier. Drie is hier.");
    doc("D10", Some("Eenheid A"), "Een is hier.");
    doc("D4", None, "Niets is hier.");
    t.ok(&["import", "in"]);
    for (doc, code, word, at) in [
        ("D2", "K1", "Een", "2025-03-01T09:00:00.000Z"),
        ("D2", "K2", "Twee", "2025-03-01T09:10:00.000Z"),
        ("D3", "K2", "Twee", "2025-03-02T10:00:00.000Z"),
        ("D3", "K3", "Drie", "2025-03-02T10:00:00.000Z"),
        ("D1", "K3", "Drie", "2025-03-03T08:00:00.000Z"),
        ("D1", "K4", "Vier", "2025-03-04T12:00:00.000Z"),
        ("D10", "K1", "Een", "2025-03-03T08:00:00.000Z"),
    ] {
        t.code("tester", code, doc, word);
        t.stamp(doc, code, "tester", at);
    }
    t.ok(&["theme", "new", "Alles"]);
    t.ok(&["theme", "add", "Alles", "K1", "K2", "K3", "K4"]);
    t
}

#[test]
fn saturation_table_by_hand() {
    let t = saturation_fixture();
    assert_eq!(
        t.ok(&["report", "saturation", "--format", "csv"]),
        "position,doc,first_coding,new_codes,cumulative,codes\n\
         1,D2,2025-03-01T09:00:00.000Z,2,2,K1; K2\n\
         2,D3,2025-03-02T10:00:00.000Z,1,3,K3\n\
         3,D1,2025-03-03T08:00:00.000Z,1,4,K4\n\
         4,D10,2025-03-03T08:00:00.000Z,0,4,\n"
    );
    assert_eq!(
        t.ok(&["report", "saturation", "--lang", "nl"]),
        "Documenten in de volgorde waarin ze zijn gecodeerd (eerste codering per document; bij gelijke tijd op document-id): per document het aantal codes dat daar voor het eerst voorkomt, en het totaal tot en met dat document. \
         Na 3 van de 4 gecodeerde documenten waren alle codes gevonden (4 codes); het laatste document voegde geen nieuwe code toe. \
         1 document is nog niet gecodeerd en staat niet in de curve.\n\
         \n\
         | Nr. | Document | Eerste codering  | Nieuwe codes | Codes totaal | Nieuw: welke codes |\n\
         | --: | -------- | ---------------- | -----------: | -----------: | ------------------ |\n\
         |   1 | D2       | 2025-03-01 09:00 |            2 |            2 | K1, K2             |\n\
         |   2 | D3       | 2025-03-02 10:00 |            1 |            3 | K3                 |\n\
         |   3 | D1       | 2025-03-03 08:00 |            1 |            4 | K4                 |\n\
         |   4 | D10      | 2025-03-03 08:00 |            0 |            4 |                    |\n"
    );
    let en = t.ok(&["report", "saturation"]);
    assert!(
        en.contains(
            "All codes (4 codes) had appeared after 3 of the 4 documents coded; the last document added no new code. 1 document is not coded yet and is not on the curve."
        ),
        "{en}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&t.ok(&["report", "saturation", "--format", "json"])).unwrap();
    assert_eq!(json["uncoded"], 1);
    assert_eq!(json["rows"][2]["doc"], "D1");
    assert_eq!(json["rows"][2]["codes"], serde_json::json!(["K4"]));
}

/// The chart: title, axis labels, legend, every document id whole, one
/// point per document at the hand-computed totals (the y axis runs 0..4
/// over 260 px from y = 308 up to y = 48, under a one-line title: 2 codes
/// at y = 308 − 130 = 178.0, 3 at 113.0, 4 at 48.0).
#[test]
fn saturation_chart_by_hand() {
    let t = saturation_fixture();
    t.ok(&["report", "saturation", "--lang", "nl", "--svg", "sat.svg"]);
    let svg = t.read("sat.svg");
    for want in [
        "<title>Verzadiging: codes per document</title>",
        ">Aantal codes</text>",
        ">Documenten in de volgorde waarin ze zijn gecodeerd</text>",
        ">codes tot en met dit document (cumulatief)</text>",
        ">nieuwe codes in dit document</text>",
        ">D2</text>",
        ">D10</text>",
        "<title>D2 (#1): 2 nieuwe codes, 2 in totaal</title>",
        "<title>D1 (#3): 1 nieuwe code, 4 in totaal</title>",
        "<title>D10 (#4): 0 nieuwe codes, 4 in totaal</title>",
    ] {
        assert!(svg.contains(want), "{want} missing:\n{svg}");
    }
    let points = svg
        .split("<polyline points=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap();
    let ys: Vec<&str> = points
        .split(' ')
        .map(|p| p.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(ys, ["178.0", "113.0", "48.0", "48.0"], "{points}");
    well_formed(&t.path("sat.svg"));
    // Same project, same bytes.
    t.ok(&["report", "saturation", "--lang", "nl", "--svg", "sat2.svg"]);
    assert_eq!(svg, t.read("sat2.svg"));
}

fn well_formed(svg: &Path) {
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg(svg)
        .output()
        .expect("xmllint (the CI installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn full_report_has_the_saturation_section_and_is_byte_identical() {
    let t = saturation_fixture();
    t.ok(&["report", "full", "--lang", "nl", "-o", "r.md"]);
    let md = t.read("r.md");
    let section = md
        .split("## Verzadiging\n\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap();
    assert_eq!(
        section,
        "Per document, in de volgorde waarin de documenten zijn gecodeerd (eerste codering per document), het aantal codes dat daar voor het eerst voorkomt en het totaal tot en met dat document. Een curve die vlak wordt, laat zien dat meer interviews weinig nieuwe codes zouden opleveren. \
         Na 3 van de 4 gecodeerde documenten waren alle codes gevonden (4 codes); het laatste document voegde geen nieuwe code toe. 1 document is nog niet gecodeerd en staat niet in de curve.\n\
         \n\
         | Nr. | Eerste codering  | Nieuwe codes | Codes totaal |\n\
         | --: | ---------------- | -----------: | -----------: |\n\
         |   1 | 2025-03-01 09:00 |            2 |            2 |\n\
         |   2 | 2025-03-02 10:00 |            1 |            3 |\n\
         |   3 | 2025-03-03 08:00 |            1 |            4 |\n\
         |   4 | 2025-03-03 08:00 |            0 |            4 |\n\
         \n\
         ![Verzadiging: nieuwe en cumulatieve codes per document](r-saturation.svg)\n"
    );
    // The dates in the method section are the data's.
    assert!(md.contains("- Eerste codering: 2025-03-01\n- Laatste codering: 2025-03-04\n"));
    // Documents are named by their place in the coding order: a report
    // names document ids only with --cite doc.
    assert!(!md.contains("D10"), "{md}");
    let svg = t.read("r-saturation.svg");
    assert!(svg.contains("<title>Thematische analyse: verzadiging van de codes</title>"));
    assert!(
        svg.contains("<title>#3: 1 nieuwe code, 4 in totaal</title>"),
        "{svg}"
    );
    assert!(!svg.contains("D10"), "{svg}");
    t.ok(&[
        "report", "full", "--lang", "nl", "--cite", "doc", "-o", "cited.md",
    ]);
    let cited = t.read("cited.md");
    assert!(
        cited.contains("|   4 | D10      | 2025-03-03 08:00 |            0 |            4 |\n"),
        "{cited}"
    );
    assert!(
        t.read("cited-saturation.svg")
            .contains("<title>D10 (#4): 0 nieuwe codes, 4 in totaal</title>")
    );
    well_formed(&t.path("r-saturation.svg"));
    let matrix = t.read("r-matrix.svg");
    t.ok(&["report", "full", "--lang", "nl", "-o", "r.md"]);
    assert_eq!(md, t.read("r.md"));
    assert_eq!(svg, t.read("r-saturation.svg"));
    assert_eq!(matrix, t.read("r-matrix.svg"));
    // English words and plurals.
    t.ok(&["report", "full", "-o", "en.md"]);
    let en = t.read("en.md");
    assert!(en.contains("## Saturation\n\n"), "{en}");
    assert!(
        en.contains("| No. | First coding     | New codes | Codes so far |"),
        "{en}"
    );
    assert!(en.contains("![Saturation: new and cumulative codes per document](en-saturation.svg)"));
}

/// Team fixture. Sentences: D1 = s1 "De platforms bellen nooit." s2 "Wij
/// zien de sector niet." s3 "Er is te weinig capaciteit." s4 "Alles gaat
/// goed."; D2 = s1 "Wij zien de sector niet." s2 "De platforms bellen
/// nooit."; D3 (no unit) "Alles gaat goed.".
///
/// | code (theme)            | anna               | bram           | consensus |
/// |-------------------------|--------------------|----------------|-----------|
/// | Geen zicht (Blinde vlek)| D1 s1, D1 s2, D2 s1| D1 s2, D2 s1   | D1 s2     |
/// | Capaciteit (Middelen)   | D1 s3, D3 s1       | D1 s3, D2 s2   |           |
///
/// Agreement of anna and bram over D1 and D2 (D3 only anna coded): 6
/// sentences. Blinde vlek: they differ on D1 s1 only → 5/6 = 83%; the
/// coincidences o11 = 4, o00 = 6, o01 = o10 = 1, n1 = 5, n0 = 7, n = 12,
/// α = 1 − (2/12) / (2·5·7 / (12·11)) = 1 − 264/840 = 0.686 → 0.69.
/// Middelen: they differ on D2 s2 → 83%; o11 = 2, o00 = 8, o01 = o10 = 1,
/// n1 = 3, n0 = 9, α = 1 − (2/12) / (2·3·9 / 132) = 1 − 264/648 = 0.593 →
/// 0.59. Excerpts: anna 5, bram 4, consensus 1 = 10.
fn team() -> T {
    let t = T::new();
    t.write(
        "in/d1.md",
        "---\nid: D1\nunit: Eenheid A\n---\nDe platforms bellen nooit. Wij zien de sector niet. Er is te weinig capaciteit. Alles gaat goed.\n",
    );
    t.write(
        "in/d2.md",
        "---\nid: D2\nunit: Eenheid B\n---\nWij zien de sector niet. De platforms bellen nooit.\n",
    );
    t.write("in/d3.md", "---\nid: D3\n---\nAlles gaat goed.\n");
    t.ok(&["import", "in"]);
    for (coder, code, doc, phrase) in [
        ("anna", "Geen zicht", "D1", "platforms"),
        ("anna", "Geen zicht", "D1", "zien"),
        ("anna", "Geen zicht", "D2", "zien"),
        ("anna", "Capaciteit", "D1", "capaciteit"),
        ("anna", "Capaciteit", "D3", "Alles"),
        ("bram", "Geen zicht", "D1", "zien"),
        ("bram", "Geen zicht", "D2", "zien"),
        ("bram", "Capaciteit", "D1", "capaciteit"),
        ("bram", "Capaciteit", "D2", "platforms"),
        ("consensus", "Geen zicht", "D1", "zien"),
    ] {
        t.code(coder, code, doc, phrase);
    }
    for (doc, code, coder, at) in [
        ("D1", "Geen zicht", "anna", "2025-03-01T09:00:00.000Z"),
        ("D2", "Geen zicht", "anna", "2025-03-01T09:30:00.000Z"),
        ("D1", "Capaciteit", "anna", "2025-03-01T10:00:00.000Z"),
        ("D3", "Capaciteit", "anna", "2025-03-01T11:00:00.000Z"),
        ("D1", "Geen zicht", "bram", "2025-03-02T09:00:00.000Z"),
        ("D2", "Geen zicht", "bram", "2025-03-02T09:00:00.000Z"),
        ("D1", "Capaciteit", "bram", "2025-03-02T09:00:00.000Z"),
        ("D2", "Capaciteit", "bram", "2025-03-02T09:00:00.000Z"),
        ("D1", "Geen zicht", "consensus", "2025-03-05T16:00:00.000Z"),
    ] {
        t.stamp(doc, code, coder, at);
    }
    t.ok(&["theme", "new", "Blinde vlek"]);
    t.ok(&["theme", "add", "Blinde vlek", "Geen zicht"]);
    t.ok(&["theme", "new", "Middelen"]);
    t.ok(&["theme", "add", "Middelen", "Capaciteit"]);
    t.ok_as(
        "anna",
        &[
            "memo",
            "--theme",
            "Middelen",
            "Capaciteit *ontbreekt* overal.",
        ],
    );
    let db = rusqlite::Connection::open(t.path("thema.db")).unwrap();
    db.execute(
        "UPDATE memos SET updated_at = '2025-04-01T10:00:00.000Z'",
        [],
    )
    .unwrap();
    t
}

/// The method section and the appendices after the codebook, from "##
/// Methode" up to the fingerprint.
fn method(md: &str, head: &str, end: &str) -> String {
    let from = md.find(head).unwrap();
    let to = md.find(end).unwrap();
    md[from..to].to_owned()
}

#[test]
fn method_section_and_memos_by_hand_in_dutch() {
    let t = team();
    t.ok(&[
        "report", "full", "--lang", "nl", "--quotes", "0", "-o", "r.md",
    ]);
    let md = t.read("r.md");
    assert_eq!(
        method(&md, "## Methode", "## Vingerafdruk"),
        "## Methode\n\
         \n\
         - Documenten: 3\n\
         - Eenheden: 2\n\
         - Codeurs: 3 (anna, bram, consensus (consensuscodering))\n\
         - Codes: 2\n\
         - Thema's (incl. subthema's): 2\n\
         - Gecodeerde fragmenten: 10\n\
         - Verweesde fragmenten (niet meegeteld): 0\n\
         - Privacycontrole (citaten): 0 bevindingen beoordeeld\n\
         - Eerste codering: 2025-03-01\n\
         - Laatste codering: 2025-03-05\n\
         - Documenten per eenheid: Eenheid A (1), Eenheid B (1), zonder eenheid (1)\n\
         \n\
         De analyse volgt de zes fasen van Braun & Clarke (2006): vertrouwd raken met de data, coderen, thema's zoeken, thema's herzien, thema's definiëren en benoemen, en rapporteren. Citaten worden alleen toegeschreven aan hun eenheid; andere gegevens uit de verslagen worden niet getoond. Een thema telt elk fragment één keer, ook als meerdere van zijn codes het raken, en omvat de fragmenten van zijn subthema's. Een code telt alleen fragmenten waarop hij direct is toegepast.\n\
         \n\
         ### Overeenstemming tussen codeurs\n\
         \n\
         2 codeurs (anna, bram) codeerden 2 documenten onafhankelijk; hun verschillen zijn besproken en vastgelegd in de consensuscodering (`consensus`, 1 fragment). Overeenstemming vóór die bespreking, per thema, met zinnen als eenheid: het aandeel zinnen waarover alle codeurs het eens zijn en Krippendorffs α (nominaal; 1 = volledige overeenstemming, 0 = toeval; n/a = geen variatie). Krippendorff raadt α ≥ 0,80 aan en α ≥ 0,667 voor voorlopige conclusies.\n\
         \n\
         | Thema | Zinnen | Eens | α |\n\
         | --- | ---: | ---: | ---: |\n\
         | Blinde vlek | 6 | 83% | 0,69 |\n\
         | Middelen | 6 | 83% | 0,59 |\n\
         \n\
         ## Memo's bij de thema's\n\
         \n\
         ### 2 Middelen\n\
         \n\
         Capaciteit \\*ontbreekt\\* overal.\n\
         \n\
         _anna, 2025-04-01_\n\
         \n"
    );
}

#[test]
fn method_section_and_memos_by_hand_in_english() {
    let t = team();
    t.ok(&["report", "full", "--quotes", "0", "-o", "r.md"]);
    let md = t.read("r.md");
    let m = method(&md, "- Coders:", "## Fingerprint");
    assert!(
        m.starts_with("- Coders: 3 (anna, bram, consensus (consensus coding))\n"),
        "{m}"
    );
    assert!(
        m.contains("- Documents per unit: Eenheid A (1), Eenheid B (1), no unit (1)\n"),
        "{m}"
    );
    assert!(
        m.contains(
            "### Inter-coder agreement\n\n2 coders (anna, bram) coded 2 documents independently; their disagreements were discussed and settled in the consensus coding (`consensus`, 1 excerpt). "
        ),
        "{m}"
    );
    assert!(
        m.contains(
            "| Theme | Sentences | Agree | α |\n| --- | ---: | ---: | ---: |\n| Blinde vlek | 6 | 83% | 0.69 |\n| Middelen | 6 | 83% | 0.59 |\n"
        ),
        "{m}"
    );
    assert!(
        m.ends_with(
            "## Theme memos\n\n### 2 Middelen\n\nCapaciteit \\*ontbreekt\\* overal.\n\n_anna, 2025-04-01_\n\n"
        ),
        "{m}"
    );
    // A consensus coder who has not coded: no agreement section, and
    // nobody is called the consensus.
    t.ok(&[
        "report",
        "full",
        "--quotes",
        "0",
        "--consensus",
        "nobody",
        "-o",
        "b.md",
    ]);
    let b = t.read("b.md");
    assert!(!b.contains("### Inter-coder agreement"), "{b}");
    assert!(b.contains("- Coders: 3 (anna, bram, consensus)\n"), "{b}");
}

/// `report quotes` is written a section at a time: to a file the same bytes
/// as to standard output, every section in order.
#[test]
fn quotes_streamed_to_a_file_are_the_printed_quotes() {
    let t = team();
    let printed = t.ok(&["report", "quotes"]);
    t.ok(&["report", "quotes", "-o", "q.md"]);
    assert_eq!(printed, t.read("q.md"));
    let blinde = printed.find("## Blinde vlek (theme)").unwrap();
    let middelen = printed.find("## Middelen (theme)").unwrap();
    assert!(blinde < middelen, "{printed}");
    // Blinde vlek: anna's three sentences, bram's two and the consensus's
    // one are six excerpts, each quoted once.
    assert_eq!(
        printed[blinde..middelen].matches("\n> ").count(),
        6,
        "{printed}"
    );
}
