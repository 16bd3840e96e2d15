//! The compare screen (`A`): two coders' disagreements listed, stepped
//! through with `n`, settled into the consensus coder with `a` / `b` / `+` /
//! `x` as undoable changes; `agreement --coders consensus,anna` then compares
//! a coder with the settled result. Snapshots at 120×40 and 80×24, and one
//! run of the real binary in tmux that settles a disagreement.

#[path = "common/tmux.rs"]
mod tmux_fixture;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use std::process::Command;
use thema::analysis::compare::{AgreementOptions, AgreementUnit, Target, agreement};
use thema::model::{Attributes, Span};
use thema::store::{ExcerptFilter, NewDocument};
use thema::tui::{self, App, TuiOptions};
use thema::{Project, tui::app::update};

const D1: &str =
    "De pakkans is laag. Niemand let op. De politie weet het niet. Geld verdwijnt snel.";
const D2: &str = "Het loket is dicht. Toezicht ontbreekt. Wij bellen nooit terug.";

fn doc(id: &str, unit: &str, text: &str) -> NewDocument {
    let mut attributes = Attributes::new();
    attributes.insert("unit".into(), unit.into());
    NewDocument {
        id: id.into(),
        text: text.into(),
        sha256: thema::text::sha256_hex(text),
        attributes,
        source: None,
    }
}

/// The byte span of the n-th sentence (0-based) of `text`, without its
/// trailing space.
fn sentence(text: &str, n: usize) -> Span {
    let mut start = 0;
    let mut k = 0;
    for (i, c) in text.char_indices() {
        if c == '.' {
            if k == n {
                return Span::new(start, i + 1);
            }
            k += 1;
            start = i + 2;
        }
    }
    panic!("no sentence {n}")
}

/// anna and bram coded two write-ups; they differ on four sentences:
/// D1 s1 (bram adds Toezicht), D1 s2 (only anna: Toezicht), D2 s1 (only
/// bram: Toezicht), D2 s2 (only anna: Lage pakkans).
fn project() -> Project {
    let mut p = Project::in_memory().unwrap();
    p.set_coder("lead");
    p.import(
        vec![doc("D1", "Eenheid I", D1), doc("D2", "Eenheid II", D2)],
        false,
    )
    .unwrap();
    p.set_coder("anna");
    p.apply_code("D1", sentence(D1, 0), "Lage pakkans").unwrap();
    p.apply_code("D1", sentence(D1, 1), "Toezicht").unwrap();
    p.apply_code("D2", sentence(D2, 1), "Lage pakkans").unwrap();
    p.set_coder("bram");
    p.apply_code("D1", sentence(D1, 0), "Lage pakkans").unwrap();
    p.apply_code("D1", sentence(D1, 0), "Toezicht").unwrap();
    p.apply_code("D2", sentence(D2, 0), "Toezicht").unwrap();
    p.set_coder("tester");
    p
}

fn app() -> App {
    let options = TuiOptions {
        group_by: "unit".into(),
        no_color: false,
    };
    let mut app = App::new(project(), options).unwrap();
    update(&mut app, tui::Action::Resize(120, 40));
    app
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let ev = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        tui::handle(app, &ev);
    }
}

/// The consensus coder's excerpts as (doc, span, codes).
fn consensus(app: &App) -> Vec<(String, usize, usize, Vec<String>)> {
    let mut out: Vec<_> = app
        .project
        .excerpts(&ExcerptFilter::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.coder == "consensus")
        .map(|e| (e.doc, e.start, e.end, e.codes))
        .collect();
    out.sort();
    out
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    tui::run_app(&mut terminal, app, std::iter::empty()).unwrap();
    terminal.backend().to_string()
}

#[test]
fn settle_each_disagreement_with_a_b_both_neither_and_undo() {
    let mut app = app();
    press(&mut app, "A");
    let v = &app.compare;
    assert_eq!(v.names(), Some(("anna", "bram")));
    let got: Vec<(&str, Span, Vec<&str>, Vec<&str>)> = v
        .items
        .iter()
        .map(|i| {
            (
                i.doc.as_str(),
                i.span,
                i.a.iter().map(String::as_str).collect(),
                i.b.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("D1", sentence(D1, 0), vec![], vec!["Toezicht"]),
            ("D1", sentence(D1, 1), vec!["Toezicht"], vec![]),
            ("D2", sentence(D2, 0), vec![], vec!["Toezicht"]),
            ("D2", sentence(D2, 1), vec!["Lage pakkans"], vec![]),
        ]
    );
    // b: bram's coding of the first span.
    press(&mut app, "b");
    let s0 = sentence(D1, 0);
    assert_eq!(
        consensus(&app),
        [("D1".into(), s0.start, s0.end, vec!["Toezicht".into()])]
    );
    assert!(app.compare.items[0].settled);
    // n: the next one not settled; a: anna's.
    press(&mut app, "n");
    assert_eq!(app.compare.sel, 1);
    press(&mut app, "a");
    // x: neither (the consensus gets no code there), +: both.
    press(&mut app, "nx");
    assert_eq!(app.compare.sel, 2);
    assert!(app.compare.items[2].settled);
    press(&mut app, "n+");
    assert_eq!(app.compare.sel, 3);
    let (s1, d2s1) = (sentence(D1, 1), sentence(D2, 1));
    assert_eq!(
        consensus(&app),
        [
            ("D1".into(), s0.start, s0.end, vec!["Toezicht".into()]),
            ("D1".into(), s1.start, s1.end, vec!["Toezicht".into()]),
            (
                "D2".into(),
                d2s1.start,
                d2s1.end,
                vec!["Lage pakkans".into()]
            ),
        ]
    );
    press(&mut app, "n");
    assert_eq!(
        app.message.as_deref(),
        Some("every disagreement is settled")
    );
    // Each decision is an event of the reviewer (b, a, x, +), "neither"
    // included though it left the consensus as it was.
    let log = app.project.log(0).unwrap();
    let settles: Vec<_> = log
        .iter()
        .filter(|e| e.action == "consensus.settle")
        .collect();
    assert_eq!(settles.len(), 4);
    assert!(settles.iter().all(|e| e.coder == "tester"));
    assert!(
        settles[0].summary.contains("both anna's and bram's coding"),
        "{}",
        settles[0].summary
    );
    // u takes the last decision back.
    press(&mut app, "u");
    assert_eq!(consensus(&app).len(), 2);
    assert!(!app.compare.items[3].settled);
    // The consensus compared with anna, by hand: over D1 (the only write-up
    // both coded), 4 sentences; Toezicht: consensus s1 s2, anna s2 →
    // agreement 3/4; κ = (0.75 − 0.5) / (1 − 0.5) = 0.5, chance 0.5·0.25 +
    // 0.5·0.75.
    let data = app.project.agreement_data().unwrap();
    let report = agreement(
        &data,
        &AgreementOptions {
            coders: vec!["consensus".into(), "anna".into()],
            target: Target::Code("Toezicht".into()),
            unit: AgreementUnit::Sentence,
            docs: vec![],
            by: "unit".into(),
        },
    )
    .unwrap();
    assert_eq!(report.documents, ["D1"]);
    let row = &report.rows[0];
    assert_eq!(row.units, 4);
    assert_eq!(row.agreement, Some(0.75));
    let kappa = row.pairs[0].kappa.unwrap();
    assert!((kappa - 0.5).abs() < 1e-12, "{kappa}");
    // Esc: back to the workbench.
    update(&mut app, tui::Action::Cancel);
    assert_eq!(app.screen, tui::app::Screen::Workbench);
}

/// Every decision is an event, also one that leaves the consensus as it
/// was: "neither" where the consensus coder has nothing yet, or the same
/// choice made twice. The log is the record of who decided what; a
/// decision missing from it cannot be reported or reviewed.
#[test]
fn every_decision_is_an_event_even_when_nothing_changes() {
    let mut app = app();
    press(&mut app, "A");
    let settles = |app: &App| -> Vec<String> {
        let mut v: Vec<String> = app
            .project
            .log(0)
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "consensus.settle")
            .map(|e| e.summary)
            .collect();
        v.reverse();
        v
    };
    // x on the first span: the consensus has nothing there, and gets nothing.
    press(&mut app, "x");
    assert!(consensus(&app).is_empty());
    let s0 = sentence(D1, 0);
    assert_eq!(
        settles(&app),
        [format!(
            "settled D1 [{}, {}) for consensus: neither coding (\"Toezicht\")",
            s0.start, s0.end
        )]
    );
    assert!(app.compare.items[0].settled);
    // b, then b again: two decisions, two events; the second changes nothing.
    press(&mut app, "bb");
    assert_eq!(settles(&app).len(), 3);
    assert!(
        settles(&app)[2].contains("bram's coding"),
        "{:?}",
        settles(&app)
    );
    assert_eq!(consensus(&app).len(), 1);
    // u takes back the last decision (which changed nothing); the one
    // before it is still in force.
    press(&mut app, "u");
    assert_eq!(consensus(&app).len(), 1);
    press(&mut app, "u");
    assert!(consensus(&app).is_empty());
}

#[test]
fn snapshot_compare_screen() {
    let mut app = app();
    press(&mut app, "A");
    insta::assert_snapshot!("compare_120x40", screen(&mut app, 120, 40));
    press(&mut app, "bn");
    insta::assert_snapshot!("compare_80x24", screen(&mut app, 80, 24));
}

// ------------------------------------------------------------------ tmux

fn thema(dir: &Path, coder: &str, args: &[&str]) -> String {
    let out = Command::new(assert_cmd::cargo::cargo_bin("thema"))
        .current_dir(dir)
        .env("THEMA_CODER", coder)
        .env_remove("THEMA_PROJECT")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "thema {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn settle_a_disagreement_in_a_real_terminal() {
    if !tmux_fixture::need_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("d1.md"),
        format!("---\nid: D1\nunit: Eenheid I\n---\n{D1}\n"),
    )
    .unwrap();
    thema(d, "lead", &["init"]);
    thema(d, "lead", &["import", "d1.md"]);
    let s0 = sentence(D1, 0);
    let span = format!("{}:{}", s0.start, s0.end);
    thema(
        d,
        "anna",
        &[
            "code",
            "apply",
            "Lage pakkans",
            "--doc",
            "D1",
            "--span",
            &span,
        ],
    );
    thema(
        d,
        "bram",
        &["code", "apply", "Toezicht", "--doc", "D1", "--span", &span],
    );
    let command = format!(
        "cd {} && THEMA_CODER=e2e {} tui --consensus agreed",
        d.display(),
        assert_cmd::cargo::cargo_bin("thema").display()
    );
    let tmux = tmux_fixture::start("cmp", &command);
    tmux.wait_for("Documents (1)");
    tmux.send(&["A"]);
    let screen = tmux.wait_for("COMPARE");
    assert!(
        screen.contains("anna ↔ bram · consensus: agreed"),
        "{screen}"
    );
    assert!(screen.contains("Disagreements (1 open of 1)"), "{screen}");
    tmux.send(&["a"]);
    tmux.wait_for("Disagreements (0 open of 1)");
    tmux.send(&["q"]);
    tmux.wait_exit();
    let json: serde_json::Value =
        serde_json::from_str(&thema(d, "lead", &["excerpts", "--json"])).unwrap();
    let agreed: Vec<_> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["coder"] == "agreed")
        .collect();
    assert_eq!(agreed.len(), 1, "{json}");
    assert_eq!(agreed[0]["codes"], serde_json::json!(["Lage pakkans"]));
    assert_eq!(agreed[0]["start"], s0.start);
    let log = thema(d, "lead", &["log"]);
    assert!(log.contains("settled D1"), "{log}");
}
