//! The coder filter (`@`) and the coder marks in the reader: all coders,
//! only mine, one coder, two side by side; the reader's marks, the codes
//! pane's counts and the status line follow the filter; blind coding wins
//! over it. Update-level tests (no terminal), snapshots at 120×40 and
//! 80×24 (with and without colour), and one run of the real binary in tmux
//! on a project merged from two coders' files by the CLI.

#[path = "common/tmux.rs"]
mod tmux_fixture;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use std::process::Command;
use thema::model::{Attributes, Span};
use thema::store::NewDocument;
use thema::tui::coders::CoderFilter;
use thema::tui::{self, App, TuiOptions};
use thema::{Project, tui::app::update};

// One sentence a line, so each line in the margin is one sentence's codings.
const D1: &str =
    "De pakkans is laag.\nNiemand let op.\nDe politie weet het niet.\nGeld verdwijnt snel.";
const D2: &str = "Het loket is dicht.\nToezicht ontbreekt.\nWij bellen nooit terug.";

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

/// The byte span of the n-th sentence (0-based), without its line break.
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

/// anna: D1 s0 Lage pakkans, D1 s1 Toezicht, D2 s1 Lage pakkans.
/// bram: D1 s0 Lage pakkans + Toezicht, D2 s0 Toezicht.
/// Links by hand: Lage pakkans anna 2, bram 1; Toezicht anna 1, bram 2.
fn project(me: &str) -> Project {
    let mut p = Project::in_memory().unwrap();
    fill(&mut p, me);
    p
}

fn fill(p: &mut Project, me: &str) {
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
    p.set_coder(me);
}

fn app_with(p: Project, no_color: bool) -> App {
    let options = TuiOptions {
        group_by: "unit".into(),
        no_color,
    };
    let mut app = App::new(p, options).unwrap();
    update(&mut app, tui::Action::Resize(120, 40));
    app
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let ev = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        tui::handle(app, &ev);
    }
}

/// The open document's marks as (sentence start, code, coder).
fn marks(app: &App) -> Vec<(usize, String, String)> {
    let mut v: Vec<_> = app
        .reader
        .as_ref()
        .unwrap()
        .marks
        .iter()
        .flat_map(|m| {
            m.codes
                .iter()
                .zip(&m.coders)
                .map(move |(c, k)| (m.span.start, c.clone(), k.clone()))
        })
        .collect();
    v.sort();
    v
}

/// What the codes pane writes after each code's name.
fn counts(app: &App) -> Vec<(String, String)> {
    let me = app.project.coder().to_owned();
    app.codes
        .list
        .iter()
        .map(|c| (c.name.clone(), app.coders.count(&me, &c.name, c.excerpts)))
        .collect()
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    tui::run_app(&mut terminal, app, std::iter::empty()).unwrap();
    terminal.backend().to_string()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn at_steps_through_the_filters_and_the_views_follow() {
    let mut app = app_with(project("anna"), false);
    let s1 = sentence(D1, 1).start;
    let all = vec![
        (0, "Lage pakkans".to_string(), "anna".to_string()),
        (0, "Lage pakkans".into(), "bram".into()),
        (0, "Toezicht".into(), "bram".into()),
        (s1, "Toezicht".into(), "anna".into()),
    ];
    assert_eq!(marks(&app), all);
    assert_eq!(
        counts(&app),
        pairs(&[("Lage pakkans", "3"), ("Toezicht", "3")])
    );
    // Only mine.
    press(&mut app, "@");
    assert_eq!(app.coders.filter, CoderFilter::Mine);
    assert_eq!(
        app.message.as_deref(),
        Some("showing only mine (anna) (@ shows the next)")
    );
    assert_eq!(
        marks(&app),
        [
            (0, "Lage pakkans".to_string(), "anna".to_string()),
            (s1, "Toezicht".into(), "anna".into())
        ]
    );
    assert_eq!(
        counts(&app),
        pairs(&[("Lage pakkans", "2"), ("Toezicht", "1")])
    );
    // The highlighted code's excerpt list is anna's too (Lage pakkans: D1, D2).
    assert_eq!(app.codes.excerpt_total, 2);
    // Only bram.
    press(&mut app, "@");
    assert_eq!(app.coders.filter, CoderFilter::One("bram".into()));
    assert_eq!(
        marks(&app),
        [
            (0, "Lage pakkans".to_string(), "bram".to_string()),
            (0, "Toezicht".into(), "bram".into())
        ]
    );
    assert_eq!(
        counts(&app),
        pairs(&[("Lage pakkans", "1"), ("Toezicht", "2")])
    );
    assert_eq!(app.codes.excerpt_total, 1);
    // Side by side: both, counts in two columns (anna│bram).
    press(&mut app, "@");
    assert_eq!(
        app.coders.filter,
        CoderFilter::Pair("anna".into(), "bram".into())
    );
    assert_eq!(marks(&app), all);
    assert_eq!(
        counts(&app),
        pairs(&[("Lage pakkans", "2│1"), ("Toezicht", "1│2")])
    );
    assert_eq!(app.codes.excerpt_total, 3);
    // And back to everyone.
    press(&mut app, "@");
    assert_eq!(app.coders.filter, CoderFilter::All);
    assert_eq!(marks(&app), all);
}

/// A coding made while filtered counts at once for its coder, and what it
/// adds is shown when the filter shows its coder.
#[test]
fn a_coding_under_the_filter_is_counted_for_its_coder() {
    let mut app = app_with(project("anna"), false);
    press(&mut app, "@"); // only mine
    // Tab to the reader, ) to the third sentence, s selects it, 1 applies
    // the most recent code (Toezicht, bram's last).
    update(&mut app, tui::Action::FocusNext);
    press(&mut app, "))s1");
    assert!(
        app.message.as_deref().unwrap_or("").starts_with("coded"),
        "{:?}",
        app.message
    );
    let code = app.recent[0].clone();
    let want = if code == "Toezicht" { "2" } else { "3" };
    let got: Vec<_> = counts(&app)
        .into_iter()
        .filter(|(c, _)| *c == code)
        .collect();
    assert_eq!(got, [(code.clone(), want.to_string())]);
    assert!(
        marks(&app)
            .iter()
            .any(|(s, c, k)| *s == sentence(D1, 2).start && *c == code && k == "anna")
    );
    // Only bram: anna's new coding is not shown.
    press(&mut app, "@");
    assert!(marks(&app).iter().all(|(_, _, k)| k == "bram"));
}

/// Blind coding wins: `@` cannot show another coder's codings, and the
/// counts are the coder's own.
#[test]
fn blind_coding_wins_over_the_filter() {
    let mut p = project("bram");
    p.set_blind_session(true);
    let mut app = app_with(p, false);
    assert_eq!(app.coders.filter, CoderFilter::Mine);
    assert!(marks(&app).iter().all(|(_, _, k)| k == "bram"));
    // The codes pane counts bram's links only (Lage pakkans 1, Toezicht 2),
    // from the start: no other coder's count shows through.
    assert_eq!(
        counts(&app),
        pairs(&[("Lage pakkans", "1"), ("Toezicht", "2")])
    );
    press(&mut app, "@@@");
    assert_eq!(app.coders.filter, CoderFilter::Mine);
    assert!(
        app.message
            .as_deref()
            .unwrap_or("")
            .starts_with("blind coding"),
        "{:?}",
        app.message
    );
    assert!(marks(&app).iter().all(|(_, _, k)| k == "bram"));
    // Even a filter set from outside the key (a bug elsewhere) shows only
    // bram's codings: the store narrows to the blind coder first.
    app.project.set_coder_filter(Some("anna"));
    assert!(
        app.project
            .excerpt_marks("D1")
            .unwrap()
            .iter()
            .flat_map(|m| &m.coders)
            .all(|k| k == "bram")
    );
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("blind: only mine"), "{s}");
    assert!(!s.contains("anna"), "{s}");
}

/// Blind coding switched on from outside while the workbench runs (`thema
/// blind on` in another terminal): the next reload narrows the counts too.
#[test]
fn blind_coding_switched_on_elsewhere_narrows_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("team.db");
    let mut p = Project::create(&file).unwrap();
    fill(&mut p, "bram");
    let mut app = app_with(p, false);
    assert_eq!(
        counts(&app),
        pairs(&[("Lage pakkans", "3"), ("Toezicht", "3")])
    );
    // Another connection (another terminal) turns it on; the next event
    // picks the change up.
    Project::open(&file)
        .unwrap()
        .set_blind_setting(true)
        .unwrap();
    press(&mut app, "j");
    assert_eq!(app.coders.filter, CoderFilter::Mine);
    assert_eq!(
        counts(&app),
        pairs(&[("Lage pakkans", "1"), ("Toezicht", "2")])
    );
}

#[test]
fn snapshot_coder_marks_and_side_by_side() {
    let mut app = app_with(project("anna"), false);
    // All coders: the margin marks each lane with the coders' letters.
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("A anna · B bram"), "{s}");
    assert!(s.contains("all coders (@)"), "{s}");
    insta::assert_snapshot!("coders_all_120x40", s);
    press(&mut app, "@@@");
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("anna | bram side by side"), "{s}");
    insta::assert_snapshot!("coders_side_by_side_120x40", s);
    insta::assert_snapshot!("coders_side_by_side_80x24", screen(&mut app, 80, 24));
}

#[test]
fn snapshot_coder_gutter_without_colour() {
    let mut app = app_with(project("anna"), true);
    // Stripes off: the gutter carries the letters.
    press(&mut app, "|");
    insta::assert_snapshot!("coders_gutter_no_color_80x24", screen(&mut app, 80, 24));
    press(&mut app, "@@@");
    insta::assert_snapshot!(
        "coders_gutter_side_by_side_no_color_80x24",
        screen(&mut app, 80, 24)
    );
}

// ------------------------------------------------------------------ tmux

fn thema(dir: &Path, coder: &str, args: &[&str]) -> String {
    let out = Command::new(assert_cmd::cargo::cargo_bin("thema"))
        .current_dir(dir)
        .env("THEMA_CODER", coder)
        .env_remove("THEMA_PROJECT")
        .env_remove("THEMA_BLIND")
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

/// Two coders code their own copies with the CLI, `thema merge` brings them
/// together, and the workbench (the real binary in a real terminal) shows
/// who coded what, then each coder alone, then the two side by side.
#[test]
fn two_coders_merged_by_the_cli_side_by_side_in_a_real_terminal() {
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
    let s0 = sentence(D1, 0);
    let s1 = sentence(D1, 1);
    let span = |s: Span| format!("{}:{}", s.start, s.end);
    for (coder, file, code, s) in [
        ("anna", "anna.db", "Lage pakkans", s0),
        ("bram", "bram.db", "Toezicht", s1),
    ] {
        thema(d, coder, &["--project", file, "init"]);
        thema(d, coder, &["--project", file, "import", "d1.md"]);
        thema(
            d,
            coder,
            &[
                "--project",
                file,
                "code",
                "apply",
                code,
                "--doc",
                "D1",
                "--span",
                &span(s),
            ],
        );
    }
    thema(
        d,
        "lead",
        &["--project", "team.db", "merge", "anna.db", "bram.db"],
    );
    let command = format!(
        "cd {} && THEMA_CODER=anna {} --project team.db tui",
        d.display(),
        assert_cmd::cargo::cargo_bin("thema").display()
    );
    let tmux = tmux_fixture::start("cv", &command);
    let screen = tmux.wait_for("A anna · B bram");
    assert!(screen.contains("all coders (@)"), "{screen}");
    // The reader's line of a sentence: its text and, in the margin, its
    // coder's letter in the code's lane and the code's name.
    let line = |screen: &str, text: &str| -> String {
        screen
            .lines()
            .find(|l| l.contains(text))
            .unwrap_or_else(|| panic!("no line with {text:?}:\n{screen}"))
            .to_owned()
    };
    let margin = |screen: &str, text: &str| -> String {
        let l = line(screen, text);
        let at = l.find(text).unwrap() + text.len();
        let rest = l[at..].trim_end_matches(['│', ' ']);
        rest.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    assert_eq!(margin(&screen, "De pakkans is laag."), "A Lage pakkans");
    assert_eq!(margin(&screen, "Niemand let op."), "B Toezicht");
    tmux.send(&["@"]);
    let screen = tmux.wait_for("only mine (anna) (@)");
    assert_eq!(margin(&screen, "De pakkans is laag."), "┃ Lage pakkans");
    assert_eq!(margin(&screen, "Niemand let op."), "");
    tmux.send(&["@"]);
    let screen = tmux.wait_for("only bram (@)");
    assert_eq!(margin(&screen, "De pakkans is laag."), "");
    assert_eq!(margin(&screen, "Niemand let op."), "B Toezicht");
    tmux.send(&["@"]);
    let screen = tmux.wait_for("anna | bram side by side (@)");
    // The border names each half; each coder's stripes in their half.
    assert!(
        line(&screen, "D1 · Eenheid I").contains(" anna "),
        "{screen}"
    );
    assert!(
        line(&screen, "D1 · Eenheid I").contains(" bram "),
        "{screen}"
    );
    let first = margin(&screen, "De pakkans is laag.");
    assert!(first.starts_with("┃ Lage pak"), "{screen}");
    let second = margin(&screen, "Niemand let op.");
    assert!(second.starts_with("┃ Toezicht"), "{screen}");
    // anna's half is left of bram's.
    let col = |text: &str| line(&screen, text).chars().position(|c| c == '┃').unwrap();
    assert!(
        col("De pakkans is laag.") < col("Niemand let op."),
        "{screen}"
    );
    tmux.send(&["q"]);
}
