//! The privacy check through the real `thema` binary: finding ids, accepting
//! findings one at a time, redacting one in the quote's display version, and
//! the same check before a QDPX export. Expected findings are read off the
//! fixture's sentences by hand.

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

struct T {
    dir: tempfile::TempDir,
}

impl T {
    fn run(&self, args: &[&str]) -> Output {
        Command::cargo_bin("thema")
            .unwrap()
            .current_dir(self.dir.path())
            .env_remove("THEMA_PROJECT")
            .env("THEMA_CODER", "tester")
            .env("THEMA_LANG", "nl")
            .args(args)
            .output()
            .unwrap()
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "thema {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
    /// A command that must fail with exit 1; its stdout and stderr.
    fn fails(&self, args: &[&str]) -> (String, String) {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(1), "thema {args:?}");
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn write(&self, name: &str, s: &str) {
        let p = self.path(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, s).unwrap();
    }
}

/// Two write-ups. D1's first sentence has an age and a date, its second a
/// name ("Kevin", in no other document); D2's sentence has nothing.
fn fixture() -> T {
    let t = T {
        dir: tempfile::tempdir().unwrap(),
    };
    t.ok(&["init"]);
    t.write(
        "in/d1.md",
        "---\nid: D1\nunit: Politie-eenheid II\n---\nHaar zus van negentien belde in het najaar van 2019. De vriend heette volgens haar Kevin en werkte thuis.\n",
    );
    t.write(
        "in/d2.md",
        "---\nid: D2\nunit: Politie-eenheid X\n---\nDe platforms bellen nooit.\n",
    );
    t.ok(&["import", "in"]);
    for m in ["zus", "vriend", "platforms"] {
        t.ok(&[
            "code", "apply", "Signalen", "--all", "--match", m, "--unit", "sentence",
        ]);
    }
    t.ok(&["theme", "new", "Blinde vlek", "--code", "Signalen"]);
    t
}

/// (id, rule, words, reviewed) of `thema check --json` (exit 0 or 1).
fn findings(t: &T, extra: &[&str]) -> Vec<(String, String, String, bool)> {
    let mut args = vec!["check", "--json"];
    args.extend_from_slice(extra);
    let out = t.run(&args);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap().to_owned(),
                f["rule"].as_str().unwrap().to_owned(),
                f["words"].as_str().unwrap().to_owned(),
                f["reviewed"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn id_of(fs: &[(String, String, String, bool)], words: &str) -> String {
    fs.iter().find(|f| f.2 == words).unwrap().0.clone()
}

#[test]
fn findings_have_stable_ids_and_are_accepted_one_at_a_time() {
    let t = fixture();
    let first = findings(&t, &[]);
    let rules: Vec<(&str, &str)> = first.iter().map(|f| (f.1.as_str(), f.2.as_str())).collect();
    assert_eq!(
        rules,
        [
            ("age", "van negentien"),
            ("date", "najaar van 2019"),
            ("name", "Kevin")
        ]
    );
    // Ids are "EXCERPT-hhhh", shown first on each line, and the same on the
    // next run.
    assert_eq!(findings(&t, &[]), first);
    let listed = t.fails(&["check"]).0;
    let age = id_of(&first, "van negentien");
    assert!(
        listed.starts_with(&format!(
            "{age}  D1 (Politie-eenheid II) excerpt {}: “van negentien” — an age\n",
            age.split('-').next().unwrap()
        )),
        "{listed}"
    );
    // An unknown id: refused, named, nothing recorded.
    let log_before = t.ok(&["log", "--json"]);
    let (_, err) = t.fails(&["check", "--accept", &age, "99-beef"]);
    assert!(err.contains("no finding with id 99-beef"), "{err}");
    assert_eq!(t.ok(&["log", "--json"]), log_before);
    // Accepting the age alone: one event; the other two stay open.
    let (_, err) = t.fails(&["check", "--accept", &age]);
    assert!(err.contains("1 finding(s) recorded as reviewed"), "{err}");
    assert!(
        err.contains("2 finding(s) in 2 excerpt(s) not reviewed"),
        "{err}"
    );
    let now = findings(&t, &[]);
    let reviewed: Vec<(&str, bool)> = now.iter().map(|f| (f.2.as_str(), f.3)).collect();
    assert_eq!(
        reviewed,
        [
            ("van negentien", true),
            ("najaar van 2019", false),
            ("Kevin", false)
        ]
    );
    assert!(
        t.ok(&["log"])
            .contains("1 privacy finding(s) reviewed and accepted")
    );
    // The report names the two open ones by id, and --allow-flagged
    // publishes with the count in the method section.
    let (_, err) = t.fails(&["report", "full", "-o", "r.md"]);
    assert!(
        err.contains(&format!("privacy: [{}] D1", id_of(&now, "Kevin"))),
        "{err}"
    );
    assert!(!t.path("r.md").exists());
    t.ok(&["report", "full", "-o", "r.md", "--allow-flagged"]);
    let md = std::fs::read_to_string(t.path("r.md")).unwrap();
    assert!(
        md.contains("- Privacycontrole (citaten): 1 bevinding beoordeeld, 2 niet beoordeeld"),
        "{md}"
    );
    // Undo takes the acceptance back.
    t.ok(&["undo"]);
    assert!(findings(&t, &[]).iter().all(|f| !f.3));
}

#[test]
fn redact_replaces_a_finding_in_the_display_version() {
    let t = fixture();
    let fs = findings(&t, &[]);
    let age = id_of(&fs, "van negentien");
    let ex = age.split('-').next().unwrap().to_owned();
    let (_, err) = t.fails(&["check", "--redact", &age]);
    assert!(
        err.contains(&format!(
            "excerpt {ex}: reports now show “Haar zus […] belde in het najaar van 2019.”"
        )),
        "{err}"
    );
    // The display version is a quote mark like `thema quote --display`
    // sets, checked against the excerpt; the age is gone from the check.
    let marks: Value = serde_json::from_str(&t.ok(&["quote", "--json"])).unwrap();
    assert_eq!(
        marks[0]["display"],
        "Haar zus […] belde in het najaar van 2019."
    );
    let left: Vec<String> = findings(&t, &[]).into_iter().map(|f| f.2).collect();
    assert_eq!(left, ["najaar van 2019", "Kevin"]);
    // Redacting the date next keeps the first redaction (the finding is
    // looked up in the display version now).
    let date = id_of(&findings(&t, &[]), "najaar van 2019");
    t.fails(&["check", "--redact", &date]);
    let marks: Value = serde_json::from_str(&t.ok(&["quote", "--json"])).unwrap();
    assert_eq!(marks[0]["display"], "Haar zus […] belde in het […].");
    // Both are undoable quote marks.
    t.ok(&["undo"]);
    t.ok(&["undo"]);
    assert_eq!(t.ok(&["quote"]), "");
    // An unknown id changes nothing.
    let (_, err) = t.fails(&["check", "--redact", "1-0000"]);
    assert!(err.contains("no finding with id 1-0000"), "{err}");
}

#[test]
fn qdpx_export_runs_the_privacy_gate() {
    let t = fixture();
    // Excluding the excerpt with the name keeps it out of reports, but a
    // QDPX export carries every excerpt's whole text.
    let kevin = id_of(&findings(&t, &[]), "Kevin");
    let ex = kevin.split('-').next().unwrap().to_owned();
    t.ok(&["quote", &ex, "--exclude"]);
    assert_eq!(findings(&t, &[]).len(), 2);
    let (_, err) = t.fails(&["export", "x.qdpx"]);
    assert!(
        err.contains(&format!(
            "privacy: [{kevin}] D1 (Politie-eenheid II) excerpt {ex}: “Kevin” — a capitalized name"
        )),
        "{err}"
    );
    assert!(
        err.contains("3 finding(s) in 2 excerpt(s) not reviewed"),
        "{err}"
    );
    assert!(err.contains("thema check --export --accept"), "{err}");
    assert!(!t.path("x.qdpx").exists());
    // `check --export` lists the same three; accepting them lets the
    // export through; --allow-flagged would have, too.
    assert_eq!(findings(&t, &["--export"]).len(), 3);
    t.ok(&["export", "y.qdpx", "--allow-flagged"]);
    assert!(t.path("y.qdpx").exists());
    t.ok(&["check", "--export", "--accept"]);
    t.ok(&["export", "x.qdpx"]);
    assert!(t.path("x.qdpx").exists());
}

#[test]
fn the_six_example_write_ups_raise_only_their_real_dates_and_ages() {
    // Every paragraph of the six write-ups coded, headings included: the
    // check must flag the dates and ages in them (read off the texts by
    // hand) and nothing else — no heading word, institution or nationality.
    let t = T {
        dir: tempfile::tempdir().unwrap(),
    };
    t.ok(&["init"]);
    let interviews = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/interviews");
    t.ok(&["import", interviews.to_str().unwrap()]);
    // Every paragraph has one of these letters (headings too).
    for letter in ["e", "a", "o", "i", "u"] {
        t.ok(&[
            "code",
            "apply",
            "Alles",
            "--all",
            "--match",
            letter,
            "--unit",
            "paragraph",
            "--headings",
        ]);
    }
    let out = t.run(&["check", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(String, String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_owned();
            (s("doc"), s("rule"), s("words"))
        })
        .collect();
    let want = [
        ("P01", "age", "zeventienjarige"),
        ("P02", "date", "najaar van 2019"),
        ("P02", "age", "begin twintig"),
        ("P05", "date", "voorjaar van 2018"),
        ("P05", "age", "van negentien"),
        ("P06", "age", "eind twintig"),
        ("P06", "date", "januari van dit jaar"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(d, r, w)| (d.to_string(), r.to_string(), w.to_string()))
        .collect();
    assert_eq!(got, want);
}
