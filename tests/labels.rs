//! The display label of a grouping attribute as a project setting
//! (`thema settings label ATTR NAME`), used by every report when
//! `--by-label` is not given, through the real binary. The expected
//! sentences are written by hand from the fixture: two write-ups in two
//! regions, one coded excerpt each, one theme.

use assert_cmd::Command;
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
            .env_remove("THEMA_LANG")
            .env("THEMA_CODER", "tester")
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
    /// `report full` in `lang` with `extra` options; the Markdown.
    fn full(&self, lang: &str, extra: &[&str]) -> String {
        let mut args = vec![
            "report", "full", "--by", "regio", "--lang", lang, "-o", "r.md",
        ];
        args.extend_from_slice(extra);
        self.ok(&args);
        std::fs::read_to_string(self.dir.path().join("r.md")).unwrap()
    }
}

fn fixture() -> T {
    let t = T {
        dir: tempfile::tempdir().unwrap(),
    };
    t.ok(&["init"]);
    for (id, regio) in [("A1", "Noord"), ("A2", "Zuid")] {
        let p = t.dir.path().join(format!("{id}.md"));
        std::fs::write(
            p,
            format!("---\nid: {id}\nregio: {regio}\n---\nDe platforms bellen nooit.\n"),
        )
        .unwrap();
    }
    t.ok(&["import", "A1.md", "A2.md"]);
    t.ok(&[
        "code",
        "apply",
        "Geen contact",
        "--all",
        "--match",
        "platforms",
    ]);
    t.ok(&["theme", "new", "Blinde vlek", "--code", "Geen contact"]);
    t
}

#[test]
fn the_label_setting_names_the_groups_in_every_report() {
    let t = fixture();
    t.ok(&["settings", "label", "regio", "korps/korpsen"]);
    assert_eq!(
        t.ok(&["settings"]),
        "blind     off\nlabel     regio = korps/korpsen\n"
    );
    let md = t.full("nl", &[]);
    assert!(
        md.contains("Genoemd in 2 van de 2 korpsen (2 fragmenten, 2 documenten)"),
        "{md}"
    );
    assert!(
        md.contains("Citaten worden alleen toegeschreven aan hun korps; andere gegevens uit de verslagen worden niet getoond."),
        "{md}"
    );
    assert!(!md.contains("regio"), "raw key shown:\n{md}");
    let freq = t.ok(&["report", "frequencies", "--by", "regio", "--lang", "nl"]);
    assert!(
        freq.contains("korpsen") && !freq.contains("regio"),
        "{freq}"
    );
    // --by-label still wins over the setting.
    let md = t.full("nl", &["--by-label", "gebied"]);
    assert!(
        md.contains("Genoemd in 2 van de 2 gebieden (2 fragmenten, 2 documenten)"),
        "{md}"
    );
    // English, with an English label.
    t.ok(&["settings", "label", "regio", "region"]);
    let md = t.full("en", &[]);
    assert!(
        md.contains("Mentioned in 2 of 2 regions (2 excerpts, 2 documents)"),
        "{md}"
    );
    assert!(
        md.contains(
            "Quotes are attributed only to their region; nothing else from the write-ups is shown."
        ),
        "{md}"
    );
    assert!(!md.contains("regio "), "raw key shown:\n{md}");
}

#[test]
fn without_a_label_the_method_says_group_and_bad_labels_are_refused() {
    let t = fixture();
    let md = t.full("nl", &[]);
    assert!(
        md.contains("Citaten worden alleen toegeschreven aan hun groep; andere gegevens"),
        "{md}"
    );
    let md = t.full("en", &[]);
    assert!(
        md.contains("Quotes are attributed only to their group; nothing else"),
        "{md}"
    );
    // A label is a word, or singular/plural; anything else changes nothing.
    t.ok(&["settings", "label", "regio", "korps"]);
    for bad in ["a//b", "a/b/c", " / ", "x\u{1b}[2J"] {
        let out = t.run(&["settings", "label", "regio", bad]);
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("refused"));
    }
    assert_eq!(
        t.ok(&["settings"]),
        "blind     off\nlabel     regio = korps\n"
    );
    t.ok(&["settings", "label", "regio", "--clear"]);
    assert_eq!(t.ok(&["settings"]), "blind     off\n");
    let md = t.full("nl", &[]);
    assert!(md.contains("aan hun groep;"), "{md}");
}
