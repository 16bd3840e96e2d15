//! `thema agreement` end to end: real project files coded through the CLI by
//! two coders, checked against values computed by hand (the arithmetic is in
//! the comments), for every unit and statistic and the undefined cases.
//!
//! The fixture document P01 is stored as
//! `"Één. Twée. Drie.\n\nVier vijf. Zes.\n"`: 34 chars, 37 bytes (É, é, é are
//! two bytes each), five sentences, two paragraphs. Byte spans:
//! "Één." [0,6) · "Twée." [7,13) · "Drie." [14,19) · "Vier" [21,25) ·
//! "Vier vijf." [21,31) · "Zes." [32,36).
//!
//! Codings: anna X on "Twée." and "Vier"; bram X on "Twée. Drie." and "Zes.",
//! Y on "Één."; anna X on P02 (which bram never coded). Theme T holds X and
//! has subtheme S holding Y.

use assert_cmd::Command;
use serde_json::Value;

struct T {
    dir: tempfile::TempDir,
}

impl T {
    fn new() -> T {
        let t = T {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        t.ok("tester", &["init"]);
        t
    }

    fn cmd(&self, coder: &str, args: &[&str]) -> assert_cmd::assert::Assert {
        Command::cargo_bin("thema")
            .unwrap()
            .current_dir(self.dir.path())
            .env_remove("THEMA_PROJECT")
            .env("THEMA_CODER", coder)
            .args(args)
            .assert()
    }

    fn ok(&self, coder: &str, args: &[&str]) -> String {
        let out = self.cmd(coder, args).get_output().clone();
        assert!(
            out.status.success(),
            "thema {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.cmd("tester", args).code(1).get_output().clone();
        String::from_utf8(out.stderr).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.extend(["--format", "json"]);
        serde_json::from_str(&self.ok("tester", &a)).expect("valid JSON")
    }

    fn code(&self, coder: &str, code: &str, doc: &str, span: &str) {
        self.ok(
            coder,
            &["code", "apply", code, "--doc", doc, "--span", span],
        );
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.dir.path().join(name), text).unwrap();
    }
}

fn fixture() -> T {
    let t = T::new();
    t.write(
        "P01.md",
        "---\nid: P01\nunit: Politie-eenheid I\nrole: geheime rol\n---\nÉén. Twée. Drie.\n\nVier vijf. Zes.\n",
    );
    t.write(
        "P02.md",
        "---\nid: P02\nunit: Politie-eenheid II\n---\nAnder verhaal.\n",
    );
    t.ok("tester", &["import", "P01.md", "P02.md"]);
    t.code("anna", "X", "P01", "7:13");
    t.code("anna", "X", "P01", "21:25");
    t.code("anna", "X", "P02", "0:5");
    t.code("bram", "X", "P01", "7:19");
    t.code("bram", "X", "P01", "32:36");
    t.code("bram", "Y", "P01", "0:6");
    t.ok("tester", &["theme", "new", "T", "--code", "X"]);
    t.ok(
        "tester",
        &["theme", "new", "S", "--parent", "T", "--code", "Y"],
    );
    t
}

fn row<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no row {name} in {report}"))
}

fn close(v: &Value, want: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
}

/// (units, agreement, alpha, pair agreement, kappa); `None` must be JSON null.
fn check(r: &Value, units: u64, stats: [Option<f64>; 4]) {
    assert_eq!(r["units"], units, "{r}");
    let pair = &r["pairs"][0];
    assert_eq!(pair["coders"], serde_json::json!(["anna", "bram"]));
    let got = [
        &r["agreement"],
        &r["alpha"],
        &pair["agreement"],
        &pair["kappa"],
    ];
    for (g, want) in got.into_iter().zip(stats) {
        match want {
            Some(w) => close(g, w),
            None => assert!(g.is_null(), "expected null, got {g} in {r}"),
        }
    }
}

#[test]
fn sentence_units_by_hand() {
    let t = fixture();
    let r = t.json(&["agreement", "--unit", "sentence"]);
    assert_eq!(r["unit"], "sentence");
    assert_eq!(r["coders"], serde_json::json!(["anna", "bram"]));
    // P02 was coded by anna only, so it is not compared by default.
    assert_eq!(r["documents"], serde_json::json!(["P01"]));
    // X over 5 sentences: S1 neither, S2 both, S3 bram, S4 anna, S5 bram.
    // agreement 2/5. α: n = 10, n_1 = 2 + 3 = 5, n_0 = 5, o_01 = 3 split
    // units → 1 − 9·3/(5·5) = −0.08. κ: N = 5, A_1 = 2, B_1 = 3,
    // chance·N² = 2·3 + 3·2 = 12, observed·N² = 5·2 = 10 → (10 − 12)/(25 − 12).
    check(
        row(&r, "X"),
        5,
        [Some(0.4), Some(-0.08), Some(0.4), Some(-2.0 / 13.0)],
    );
    // Y: only bram on S1. agreement 4/5; α: n_1 = 1, n_0 = 9, o_01 = 1 →
    // 1 − 9·1/9 = 0; κ: A_1 = 0, B_1 = 1, chance·N² = 0 + 5·4 = 20 =
    // observed·N² → 0.
    check(
        row(&r, "Y"),
        5,
        [Some(0.8), Some(0.0), Some(0.8), Some(0.0)],
    );
    // Theme T = X ∪ subtheme S's Y: anna S2, S4; bram S1, S2, S3, S5.
    // agreement 1/5; α: n_1 = 6, n_0 = 4, o_01 = 4 → 1 − 9·4/24 = −0.5;
    // κ: A_1 = 2, B_1 = 4, chance·N² = 8 + 3·1 = 11, observed·N² = 5 →
    // (5 − 11)/(25 − 11) = −3/7.
    check(
        row(&r, "T"),
        5,
        [Some(0.2), Some(-0.5), Some(0.2), Some(-3.0 / 7.0)],
    );
    assert_eq!(row(&r, "T")["kind"], "theme");
    assert_eq!(row(&r, "X")["kind"], "code");
}

#[test]
fn char_units_are_unicode_scalar_values() {
    let t = fixture();
    let r = t.json(&["agreement", "--unit", "char", "--code", "X"]);
    assert_eq!(r["rows"].as_array().unwrap().len(), 1);
    // X: both on "Twée." (5 chars); bram alone on " Drie." (6) and "Zes." (4);
    // anna alone on "Vier" (4); neither on 34 − 19 = 15.
    // agreement (5 + 15)/34. κ: A_1 = 9, B_1 = 15, chance·N² = 9·15 + 25·19
    // = 610, observed·N² = 34·20 = 680 → 70/(1156 − 610) = 70/546.
    // α: n = 68, n_1 = 24, n_0 = 44, o_01 = 14 → 1 − 67·14/(44·24).
    check(
        row(&r, "X"),
        34,
        [
            Some(20.0 / 34.0),
            Some(1.0 - 938.0 / 1056.0),
            Some(20.0 / 34.0),
            Some(70.0 / 546.0),
        ],
    );
}

#[test]
fn paragraph_and_document_units_with_undefined_statistics() {
    let t = fixture();
    // Both coders have X in both paragraphs: agreement 1, but no variation,
    // so α and κ are undefined (null), never NaN.
    let r = t.json(&["agreement", "--unit", "paragraph"]);
    check(row(&r, "X"), 2, [Some(1.0), None, Some(1.0), None]);
    // Y: bram in paragraph 1 only. α: n_1 = 1, n_0 = 3, o_01 = 1 →
    // 1 − 3·1/3 = 0; κ: A_1 = 0, B_1 = 1, chance·N² = 0 + 2·1 = 2 =
    // observed·N² → 0.
    check(
        row(&r, "Y"),
        2,
        [Some(0.5), Some(0.0), Some(0.5), Some(0.0)],
    );
    let r = t.json(&["agreement", "--unit", "document"]);
    check(row(&r, "X"), 1, [Some(1.0), None, Some(1.0), None]);
    // The Markdown table says n/a where JSON says null.
    let md = t.ok("tester", &["agreement", "--unit", "paragraph"]);
    let x = md.lines().find(|l| l.starts_with("| X |")).unwrap();
    assert_eq!(x, "| X | code | 2 | 1.000 | n/a | 1.000 | n/a |");
    assert!(!md.contains("NaN"));
    let csv = t.ok(
        "tester",
        &["agreement", "--unit", "paragraph", "--format", "csv"],
    );
    assert!(
        csv.starts_with("name,kind,units,agreement,alpha,agreement anna|bram,kappa anna|bram\r\n")
    );
    assert!(csv.contains("X,code,2,1,n/a,1,n/a\r\n"), "{csv}");
    // A negative α stays a number (not neutralized like a formula).
    let csv = t.ok("tester", &["agreement", "--format", "csv", "--code", "X"]);
    assert!(csv.contains("\r\nX,code,5,0.4,-0.08"), "{csv}");
}

#[test]
fn names_are_escaped_in_markdown_and_csv() {
    let t = fixture();
    t.code("anna", "=HYPERLINK(x)|*b*", "P01", "0:6");
    let csv = t.ok("tester", &["agreement", "--format", "csv"]);
    assert!(csv.contains("\r\n'=HYPERLINK(x)|*b*,code,"), "{csv}");
    let md = t.ok("tester", &["agreement"]);
    assert!(md.contains("| \\=HYPERLINK(x)\\|\\*b\\* | code |"), "{md}");
}

#[test]
fn explicit_documents_and_coders() {
    let t = fixture();
    // With P02 (14 chars... one sentence "Ander verhaal.") included, X has 6
    // sentences: P02's sentence is anna's only → 2 of 6 agree.
    let r = t.json(&["agreement", "--docs", "P01", "P02", "--code", "X"]);
    assert_eq!(r["documents"], serde_json::json!(["P01", "P02"]));
    assert_eq!(row(&r, "X")["units"], 6);
    close(&row(&r, "X")["agreement"], 2.0 / 6.0);
    let err = t.fails(&["agreement", "--coders", "anna,zed"]);
    assert!(err.contains("zed") && err.contains("anna, bram"), "{err}");
    let err = t.fails(&["agreement", "--coders", "anna"]);
    assert!(err.contains("at least two coders"), "{err}");
    let err = t.fails(&["agreement", "--docs", "P99"]);
    assert!(err.contains("P99"), "{err}");
    let err = t.fails(&["agreement", "--code", "Nope"]);
    assert!(err.contains("Nope"), "{err}");
}

/// Document ids, code and theme names are matched as every other command
/// matches them (NFC, without case): `--docs p01 --code x` is P01 and X.
/// The figures are those of `explicit_documents_and_coders`.
#[test]
fn names_are_matched_without_case() {
    let t = fixture();
    let r = t.json(&["agreement", "--docs", "p01", "P02", "--code", "x"]);
    assert_eq!(r["documents"], serde_json::json!(["P01", "P02"]));
    assert_eq!(row(&r, "X")["units"], 6);
    close(&row(&r, "X")["agreement"], 2.0 / 6.0);
    let r = t.json(&["agreement", "--theme", "t"]);
    assert_eq!(r["rows"].as_array().unwrap().len(), 1, "{r}");
    assert_eq!(r["rows"][0]["name"], "T");
}

#[test]
fn three_coders_give_every_pair() {
    let t = fixture();
    t.code("carl", "X", "P01", "7:13");
    let r = t.json(&["agreement", "--code", "X", "--coders", "carl,anna,bram"]);
    assert_eq!(r["coders"], serde_json::json!(["carl", "anna", "bram"]));
    let pairs: Vec<&Value> = row(&r, "X")["pairs"].as_array().unwrap().iter().collect();
    let names: Vec<&Value> = pairs.iter().map(|p| &p["coders"]).collect();
    assert_eq!(
        names,
        [
            &serde_json::json!(["carl", "anna"]),
            &serde_json::json!(["carl", "bram"]),
            &serde_json::json!(["anna", "bram"])
        ]
    );
    // Sentences: S2 all three; S3, S5 bram; S4 anna; S1 none. All agree on
    // S1 and S2 → 2/5. carl–anna: both S2, anna alone S4 → agreement 4/5,
    // κ: A_1 = 1, B_1 = 2, chance·N² = 2 + 4·3 = 14, observed·N² = 20 →
    // 6/11. α: m = 3, per unit (present, absent): (0,3) (3,0) (1,2) (1,2)
    // (1,2); o_01 = 3 · (1·2)/2 = 3; n_1 = 6, n_0 = 9, n = 15 →
    // 1 − 14·3/54 = 2/9.
    close(&row(&r, "X")["agreement"], 0.4);
    close(&pairs[0]["agreement"], 0.8);
    close(&pairs[0]["kappa"], 6.0 / 11.0);
    close(&row(&r, "X")["alpha"], 2.0 / 9.0);
}

#[test]
fn coders_marking_the_same_span_each_count() {
    // Failed before the fix: bram's X on the span anna had already coded X
    // was recorded as "already coded", so bram looked absent there.
    let t = fixture();
    t.code("bram", "X", "P01", "21:25");
    let r = t.json(&["agreement", "--code", "X"]);
    // Now S4 is both → S1, S2, S4 agree: 3/5.
    close(&row(&r, "X")["agreement"], 0.6);
    let excerpts: Value =
        serde_json::from_str(&t.ok("tester", &["excerpts", "--doc", "P01", "--json"])).unwrap();
    let on_vier: Vec<&Value> = excerpts
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["start"] == 21 && e["end"] == 25)
        .collect();
    let mut coders: Vec<&str> = on_vier
        .iter()
        .map(|e| e["coder"].as_str().unwrap())
        .collect();
    coders.sort();
    assert_eq!(coders, ["anna", "bram"]);
}

#[test]
fn disagreements_list_spans_text_and_coders() {
    let t = fixture();
    let d = t.json(&["agreement", "--disagreements", "--code", "X"]);
    let items = d["disagreements"].as_array().unwrap();
    // X splits on S3 "Drie." (bram), S4 "Vier vijf." (anna), S5 "Zes." (bram).
    let spans: Vec<(u64, u64, &str)> = items
        .iter()
        .map(|i| {
            (
                i["start"].as_u64().unwrap(),
                i["end"].as_u64().unwrap(),
                i["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        spans,
        [(14, 19, "Drie."), (21, 31, "Vier vijf."), (32, 36, "Zes.")]
    );
    assert_eq!(items[1]["doc"], "P01");
    assert_eq!(items[1]["case"], "Politie-eenheid I");
    assert_eq!(items[1]["codes"][0]["name"], "X");
    assert_eq!(items[1]["codes"][0]["coders"], serde_json::json!(["anna"]));
    assert_eq!(items[1]["codes"][0]["without"], serde_json::json!(["bram"]));
    let md = t.ok("tester", &["agreement", "--disagreements"]);
    assert!(md.contains("## P01 (Politie-eenheid I)"), "{md}");
    assert!(md.contains("> Vier vijf."), "{md}");
    assert!(md.contains("- **X**: anna — not bram"), "{md}");
    // The case label only: no other front matter.
    assert!(!md.contains("geheime rol") && !d.to_string().contains("geheime rol"));
    // Char units give maximal stretches: " Drie." is where bram alone has X.
    let d = t.json(&[
        "agreement",
        "--disagreements",
        "--code",
        "X",
        "--unit",
        "char",
    ]);
    let first = &d["disagreements"][0];
    assert_eq!(
        (first["start"].as_u64(), first["end"].as_u64()),
        (Some(13), Some(19))
    );
    assert_eq!(first["text"], " Drie.");
    t.fails(&["agreement", "--disagreements", "--format", "csv"]);
}

#[test]
fn blind_coding_hides_other_coders_codings() {
    let t = fixture();
    let coders = |coder: &str, extra: &[&str]| -> Vec<String> {
        let mut args = vec!["excerpts", "--doc", "P01", "--json"];
        args.extend(extra);
        let v: Value = serde_json::from_str(&t.ok(coder, &args)).unwrap();
        let mut c: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["coder"].as_str().unwrap().to_owned())
            .collect();
        c.sort();
        c.dedup();
        c
    };
    assert_eq!(coders("bram", &[]), ["anna", "bram"]);
    // For one run (--blind; THEMA_BLIND works the same way).
    assert_eq!(coders("bram", &["--blind"]), ["bram"]);
    // As a project setting, for everyone.
    t.ok("tester", &["blind", "on"]);
    assert_eq!(coders("anna", &[]), ["anna"]);
    assert_eq!(coders("bram", &[]), ["bram"]);
    // Agreement still sees every coder.
    let r = t.json(&["agreement", "--code", "X"]);
    assert_eq!(r["coders"], serde_json::json!(["anna", "bram"]));
    t.ok("tester", &["blind", "off"]);
    assert_eq!(coders("anna", &[]), ["anna", "bram"]);
}
