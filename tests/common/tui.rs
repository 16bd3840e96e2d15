//! The fixture the workbench tests share: a project with the six example
//! write-ups, an app on it at 120×40, keys pressed from a string, and the
//! screen rendered on ratatui's `TestBackend`. Included with
//! `#[path = "common/tui.rs"] mod tui_fixture;`.
#![allow(dead_code)]

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use thema::Project;
use thema::model::Attributes;
use thema::tui::{self, App, TuiOptions, app::update};

/// A project with the six example write-ups, coder set explicitly.
pub fn project() -> Project {
    let mut p = Project::in_memory().unwrap();
    p.set_coder("tester");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/interviews");
    let mut docs = Vec::new();
    for i in 1..=6 {
        let path = dir.join(format!("p0{i}.md"));
        let bytes = std::fs::read(&path).unwrap();
        let (doc, _) = thema::import::parse_write_up(&path, &bytes, &Attributes::new()).unwrap();
        docs.push(doc);
    }
    p.import(docs, false).unwrap();
    p
}

pub fn options() -> TuiOptions {
    TuiOptions {
        group_by: "unit".into(),
        no_color: false,
    }
}

pub fn app() -> App {
    let mut app = App::new(project(), options()).unwrap();
    update(&mut app, tui::Action::Resize(120, 40));
    app
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// The event for one key written as in [`press`] (`a`, `<Enter>`, …).
pub fn event(name: &str) -> Event {
    let with = |code, m| Event::Key(KeyEvent::new(code, m));
    match name {
        "Tab" => key(KeyCode::Tab),
        "S-Tab" => with(KeyCode::BackTab, KeyModifiers::SHIFT),
        "Enter" => key(KeyCode::Enter),
        "Esc" => key(KeyCode::Esc),
        "Down" => key(KeyCode::Down),
        "Up" => key(KeyCode::Up),
        "Left" => key(KeyCode::Left),
        "Right" => key(KeyCode::Right),
        "Home" => key(KeyCode::Home),
        "End" => key(KeyCode::End),
        "PgUp" => key(KeyCode::PageUp),
        "PgDn" => key(KeyCode::PageDown),
        "BS" => key(KeyCode::Backspace),
        "C-r" => with(KeyCode::Char('r'), KeyModifiers::CONTROL),
        "C-s" => with(KeyCode::Char('s'), KeyModifiers::CONTROL),
        "C-c" => with(KeyCode::Char('c'), KeyModifiers::CONTROL),
        "C-u" => with(KeyCode::Char('u'), KeyModifiers::CONTROL),
        "C-w" => with(KeyCode::Char('w'), KeyModifiers::CONTROL),
        "A-BS" => with(KeyCode::Backspace, KeyModifiers::ALT),
        "C-Enter" => with(KeyCode::Enter, KeyModifiers::CONTROL),
        "C-Left" => with(KeyCode::Left, KeyModifiers::CONTROL),
        "C-Right" => with(KeyCode::Right, KeyModifiers::CONTROL),
        "A-Enter" => with(KeyCode::Enter, KeyModifiers::ALT),
        "A-Up" => with(KeyCode::Up, KeyModifiers::ALT),
        "A-Down" => with(KeyCode::Down, KeyModifiers::ALT),
        "A-b" => with(KeyCode::Char('b'), KeyModifiers::ALT),
        "A-f" => with(KeyCode::Char('f'), KeyModifiers::ALT),
        other if other.chars().count() == 1 => key(KeyCode::Char(other.chars().next().unwrap())),
        other => panic!("unknown key <{other}>"),
    }
}

/// Press keys written as a string; `<Tab>`, `<Enter>`, `<Esc>`, `<Down>`,
/// `<Up>`, `<BS>`, `<C-r>`, `<A-Enter>`, … (see [`event`]) name special keys. Untimed: every key
/// counts as pressed on its own.
pub fn press(app: &mut App, keys: &str) {
    let mut rest = keys;
    while !rest.is_empty() {
        if rest.starts_with('<')
            && let Some(end) = rest.find('>')
        {
            tui::handle(app, &event(&rest[1..end]));
            rest = &rest[end + 1..];
            continue;
        }
        let c = rest.chars().next().unwrap();
        tui::handle(app, &key(KeyCode::Char(c)));
        rest = &rest[c.len_utf8()..];
    }
}

pub fn render(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    tui::run_app(&mut terminal, app, std::iter::empty()).unwrap();
    terminal
}

pub fn screen(app: &mut App, w: u16, h: u16) -> String {
    render(app, w, h).backend().to_string()
}

/// The codes' names in tree order.
pub fn code_names(app: &App) -> Vec<String> {
    app.project
        .codes()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect()
}
