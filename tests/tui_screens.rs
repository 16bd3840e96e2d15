//! The workbench's added screens (issue 10, parts 5–8): the coding-stripe
//! margin and the recent-code legend, search and code (hit list), coverage,
//! and the memo browser with attribute editing. Key sequences drive
//! `update` with no terminal; the tests check the state, the project
//! database and (insta) the screens at 120×40 and 80×24.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use thema::model::Attributes;
use thema::tui::{self, Action, App, TuiOptions};
use thema::{Project, tui::app::update};

/// A project with the six example write-ups, coder set explicitly.
fn project() -> Project {
    let mut p = Project::in_memory().unwrap();
    p.set_coder("tester");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/interviews");
    let docs = (1..=6)
        .map(|i| {
            let path = dir.join(format!("p0{i}.md"));
            let bytes = std::fs::read(&path).unwrap();
            thema::import::parse_write_up(&path, &bytes, &Attributes::new())
                .unwrap()
                .0
        })
        .collect();
    p.import(docs, false).unwrap();
    p
}

fn app_with(no_color: bool) -> App {
    let options = TuiOptions {
        group_by: "unit".into(),
        no_color,
    };
    let mut app = App::new(project(), options).unwrap();
    update(&mut app, Action::Resize(120, 40));
    app
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Press keys written as a string; `<Tab>`, `<Enter>`, `<Esc>`, `<BS>`,
/// `<Down>`, `<Up>`, `<Space>`, `<C-s>` name special keys.
fn press(app: &mut App, keys: &str) {
    let mut rest = keys;
    while !rest.is_empty() {
        if rest.starts_with('<')
            && let Some(end) = rest.find('>')
        {
            let ev = match &rest[1..end] {
                "Tab" => key(KeyCode::Tab),
                "Enter" => key(KeyCode::Enter),
                "Esc" => key(KeyCode::Esc),
                "BS" => key(KeyCode::Backspace),
                "Down" => key(KeyCode::Down),
                "Up" => key(KeyCode::Up),
                "Left" => key(KeyCode::Left),
                "Right" => key(KeyCode::Right),
                "Space" => key(KeyCode::Char(' ')),
                "C-s" => Event::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
                other => panic!("unknown key <{other}>"),
            };
            tui::handle(app, &ev);
            rest = &rest[end + 1..];
            continue;
        }
        let c = rest.chars().next().unwrap();
        tui::handle(app, &key(KeyCode::Char(c)));
        rest = &rest[c.len_utf8()..];
    }
}

fn render(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    tui::run_app(&mut terminal, app, std::iter::empty()).unwrap();
    terminal
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    render(app, w, h).backend().to_string()
}

/// The text of a rectangle of the last frame, one string per row.
fn rows_of(terminal: &Terminal<TestBackend>, r: ratatui::layout::Rect) -> Vec<String> {
    let buf = terminal.backend().buffer();
    (r.y..r.y + r.height)
        .map(|y| (r.x..r.x + r.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

// ------------------------------------------------------ part 5: the margin

/// Two code names whose usual palette colour is the same.
fn same_colour_pair() -> (String, String) {
    use thema::tui::colour::palette_index;
    let names: Vec<String> = (1..200).map(|i| format!("Code {i}")).collect();
    for a in &names {
        for b in &names {
            if a != b && palette_index(a) == palette_index(b) {
                return (a.clone(), b.clone());
            }
        }
    }
    unreachable!("12 colours, 199 names")
}

/// P01: the first body sentence coded A and B (one excerpt, two codes), the
/// next sentence coded with a code of the same usual colour as A.
fn margin_app(no_color: bool) -> (App, String, String) {
    let (a, b) = same_colour_pair();
    let mut app = app_with(no_color);
    press(&mut app, "<Enter>)s");
    press(&mut app, &format!("c{a}<Enter>"));
    press(&mut app, "<Enter>");
    press(&mut app, "cTweede code<Enter>");
    press(&mut app, &format!(")sc{b}<Enter>"));
    press(&mut app, "gg");
    (app, a, b)
}

#[test]
fn margin_names_both_codes_of_an_excerpt_and_neighbours_differ_in_colour() {
    let (mut app, a, b) = margin_app(false);
    let marks = &app.reader.as_ref().unwrap().marks;
    assert_eq!(marks.len(), 2, "{marks:?}");
    assert_eq!(marks[0].codes, [a.clone(), "Tweede code".to_string()]);
    // Same usual colour, yet neighbours in the document: they differ here.
    assert_eq!(app.codes.colour(&a), app.codes.colour(&b));
    assert_ne!(app.colour(&a), app.colour(&b));
    assert_ne!(app.colour(&a), app.colour("Tweede code"));
    let terminal = render(&mut app, 120, 40);
    let m = app.areas().margin;
    assert!(m.width >= 16, "margin on by default at 120 columns: {m:?}");
    let rows = rows_of(&terminal, m).join("\n");
    assert!(rows.contains(&a), "{rows}");
    assert!(rows.contains("Tweede code"), "{rows}");
    assert!(rows.contains(&b), "{rows}");
    // Two stripes beside the two-code excerpt's first line.
    let first = rows_of(&terminal, m)
        .into_iter()
        .find(|r| r.contains(&a))
        .unwrap();
    assert!(first.starts_with(" ┃┃"), "{first:?}");
    // The stripes carry the codes' colours.
    let buf = terminal.backend().buffer();
    let y = (m.y..m.y + m.height)
        .find(|&y| buf[(m.x + 1, y)].symbol() == "┃")
        .unwrap();
    assert_eq!(buf[(m.x + 1, y)].fg, app.colour(&a));
    assert_eq!(buf[(m.x + 2, y)].fg, app.colour("Tweede code"));
}

#[test]
fn no_color_keeps_the_names_in_the_margin() {
    let (mut app, a, b) = margin_app(true);
    let terminal = render(&mut app, 120, 40);
    let rows = rows_of(&terminal, app.areas().margin).join("\n");
    assert!(rows.contains(&a) && rows.contains(&b), "{rows}");
    assert!(rows.contains("│"), "{rows}");
    for cell in terminal.backend().buffer().content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
}

#[test]
fn bar_toggles_the_margin_and_gives_the_text_its_width_back() {
    let (mut app, ..) = margin_app(false);
    let with = app.areas();
    assert!(with.margin.width > 0);
    update(&mut app, Action::Margin);
    assert!(!app.margin);
    let without = app.areas();
    assert_eq!(without.margin.width, 0);
    assert!(without.text.width > with.text.width);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.wrapped.width, without.text.width as usize, "rewrapped");
    assert!(app.message.as_deref().unwrap().contains("off"));
    press(&mut app, "|");
    assert!(app.margin);
    // Too narrow for text and margin: no margin, the gutter instead.
    update(&mut app, Action::Resize(60, 20));
    assert_eq!(app.areas().margin.width, 0);
}

#[test]
fn status_line_shows_the_recent_code_legend_in_the_reader() {
    let (mut app, a, b) = margin_app(false);
    let terminal = render(&mut app, 120, 40);
    let status = rows_of(&terminal, app.areas().status)[1].clone();
    assert!(status.contains(&format!("1 {b}")), "{status}");
    assert!(status.contains("2 Tweede code"), "{status}");
    assert!(status.contains(&format!("3 {a}")), "{status}");
    // The number keys do what the legend says.
    press(&mut app, ")))s2");
    assert_eq!(app.project.code("Tweede code").unwrap().excerpts, 2);
}

#[test]
fn snapshot_margin() {
    let (mut app, ..) = margin_app(false);
    insta::assert_snapshot!("margin_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("margin_80x24", screen(&mut app, 80, 24));
    let (mut app, ..) = margin_app(true);
    insta::assert_snapshot!("margin_no_color_80x24", screen(&mut app, 80, 24));
}
