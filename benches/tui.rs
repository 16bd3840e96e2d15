//! TUI performance on a large project: 2,000 write-ups of ~2,000 words and
//! 100,000 excerpts. Measures the first frame (open the project, load the
//! panes, lay out and draw 120×40) and a cursor-move keypress with its redraw,
//! then prints the peak resident memory of the TUI work. Also measures
//! opening the themes screen (`T`: themes, per-theme excerpt counts, the first
//! theme's excerpts for the review reader, and the frame) on 12 themes with
//! 40 codes between them.
//!
//! The project is generated once into a file in the temp directory and reused
//! by later runs (delete `thema-bench-tui-v1.db` there to rebuild it).
//!
//! The workbench's added screens are measured too: a key press with its
//! frame while the coding-stripe margin is on (`cursor_move_redraw`, the
//! margin is on by default), a search across the corpus with its hit list
//! (`find_hit_list`: `F`, the query, Enter and the frame) and the coverage
//! screen (`open_coverage`).
//!
//! Also a coding action (`code_a_sentence`: `) s 1`, next sentence, select
//! it, apply the most recent code, and the frame after it; on a copy of the
//! project, removed afterwards), `/` across all documents from the
//! documents pane (`search_all_documents`) and `j` in the codes pane
//! (`codes_pane_move`). `THEMA_BENCH_TUI=FILE` runs the benches on another
//! project, e.g. one from `cargo run --release --example scale_project --
//! FILE 1000000` (a million excerpts) or `-- FILE 100000 20000 500`
//! (20,000 write-ups); divan's filter picks benches (`-- first_frame`).
//!
//! Run: `cargo bench --bench tui`

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;
use std::sync::OnceLock;
use thema::Project;
use thema::tui::{self, App, TuiOptions};

fn project_file() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        if let Some(given) = std::env::var_os("THEMA_BENCH_TUI") {
            return PathBuf::from(given);
        }
        let path = std::env::temp_dir().join("thema-bench-tui-v1.db");
        // A file from an older schema is rebuilt rather than trusted.
        let usable = path.exists()
            && Project::open(&path).is_ok_and(|p| p.documents().is_ok_and(|d| d.len() == 2000));
        if !usable {
            let _ = std::fs::remove_file(&path);
            let building = path.with_extension("building");
            let _ = std::fs::remove_file(&building);
            let t = std::time::Instant::now();
            let mut p = Project::create(&building).expect("create");
            p.set_coder("bench");
            p.import(thema::synth::corpus(42, 2000, 2000, 8), false)
                .expect("import");
            thema::synth::seed_excerpts(&mut p, 100_000, 40, 7).expect("seed");
            drop(p);
            std::fs::rename(&building, &path).expect("rename");
            for s in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{s}", building.display()));
            }
            eprintln!("built {} in {:.1?}", path.display(), t.elapsed());
        }
        ensure_themes(&path);
        path
    })
}

/// Give the bench project themes if it has none: 12 themes (two of them
/// subthemes) gathering the 40 codes, some codes in two themes.
fn ensure_themes(path: &std::path::Path) {
    let mut p = Project::open(path).expect("open");
    p.set_coder("bench");
    if !p.themes().expect("themes").is_empty() {
        return;
    }
    let codes: Vec<String> = p
        .codes()
        .expect("codes")
        .into_iter()
        .map(|c| c.name)
        .collect();
    for i in 0..12 {
        let name = format!("Theme {:02}", i + 1);
        let parent = match i {
            4 => Some("Theme 04"),
            9 => Some("Theme 09"),
            _ => None,
        };
        p.create_theme(&name, "A pattern of shared meaning.", parent)
            .expect("theme");
        let mine: Vec<&str> = codes
            .iter()
            .enumerate()
            .filter(|(j, _)| j % 12 == i || (i == 0 && j % 7 == 0))
            .map(|(_, c)| c.as_str())
            .collect();
        p.add_theme_codes(&name, &mine).expect("add codes");
    }
}

/// What the themes bench opened (printed after the table).
static THEMES_INFO: OnceLock<String> = OnceLock::new();

fn options() -> TuiOptions {
    TuiOptions {
        group_by: "unit".into(),
        no_color: false,
    }
}

fn open_app() -> App {
    open_app_on(project_file())
}

fn open_app_on(path: &std::path::Path) -> App {
    let mut p = Project::open(path).expect("open");
    p.set_coder("bench");
    App::new(p, options()).expect("app")
}

/// A copy of the bench project to write to, deleted when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        let path = project_file().with_extension("coding.db");
        std::fs::copy(project_file(), &path).expect("copy the bench project");
        Scratch(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        for s in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{s}", self.0.display()));
        }
    }
}

fn main() {
    project_file();
    // Reset the peak-RSS counter so it measures the TUI, not the generator.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    divan::main();
    if let Some(info) = THEMES_INFO.get() {
        println!("{info}");
    }
    if let Some(info) = FIND_INFO.get() {
        for line in info.lock().unwrap().iter() {
            println!("{line}");
        }
    }
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        for line in status.lines() {
            if line.starts_with("VmHWM") || line.starts_with("VmRSS") {
                println!("{line}");
            }
        }
    }
}

/// Open the project, build the app state and draw the first 120×40 frame.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn first_frame(bencher: divan::Bencher) {
    bencher.bench_local(|| {
        let mut app = open_app();
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        tui::run_app(&mut terminal, &mut app, std::iter::empty()).unwrap();
        terminal
    });
}

/// One `j` in the reader (cursor down a line, scrolling when needed) plus the
/// redraw, on a document with its excerpts highlighted.
#[divan::bench(sample_count = 200, sample_size = 5)]
fn cursor_move_redraw(bencher: divan::Bencher) {
    let mut app = open_app();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    tui::run_app(&mut terminal, &mut app, std::iter::empty()).unwrap();
    tui::handle(
        &mut app,
        &Event::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)),
    );
    assert!(app.areas().margin.width > 0, "the margin is on");
    let down = Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    let top = Event::Key(KeyEvent::new(KeyCode::Char('g'), KeyModifiers::NONE));
    let mut n = 0usize;
    bencher.bench_local(|| {
        n += 1;
        // Wrap around before the end so every press really moves.
        let ev = if n.is_multiple_of(150) { &top } else { &down };
        tui::handle(&mut app, ev);
        terminal.draw(|f| tui::views::draw(f, &app)).unwrap();
    });
}

/// `T` on the large project: load the themes, their excerpt counts and the
/// first theme's excerpts, and draw the themes screen (then `T` back).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn open_themes_screen(bencher: divan::Bencher) {
    let mut app = open_app();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    tui::run_app(&mut terminal, &mut app, std::iter::empty()).unwrap();
    let t = Event::Key(KeyEvent::new(KeyCode::Char('T'), KeyModifiers::NONE));
    bencher.bench_local(|| {
        tui::handle(&mut app, &t);
        terminal.draw(|f| tui::views::draw(f, &app)).unwrap();
        assert_eq!(app.screen, tui::Screen::Themes);
        tui::handle(&mut app, &t);
    });
    let _ = THEMES_INFO.set(format!(
        "open_themes_screen: {} themes, the first theme's review holds {} excerpts",
        app.themes.themes.len(),
        app.themes.review.len()
    ));
}

/// `j` on the themes screen: the cursor moves to the next row (a theme's
/// code or the next theme, reloading the review when the theme changes).
#[divan::bench(sample_count = 100, sample_size = 1)]
fn themes_cursor_move(bencher: divan::Bencher) {
    let mut app = open_app();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    tui::run_app(&mut terminal, &mut app, std::iter::empty()).unwrap();
    let t = Event::Key(KeyEvent::new(KeyCode::Char('T'), KeyModifiers::NONE));
    tui::handle(&mut app, &t);
    let down = Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    let top = Event::Key(KeyEvent::new(KeyCode::Char('g'), KeyModifiers::NONE));
    let mut n = 0usize;
    bencher.bench_local(|| {
        n += 1;
        let ev = if n.is_multiple_of(40) { &top } else { &down };
        tui::handle(&mut app, ev);
        terminal.draw(|f| tui::views::draw(f, &app)).unwrap();
    });
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// What the search bench found (printed after the table).
static FIND_INFO: OnceLock<std::sync::Mutex<Vec<String>>> = OnceLock::new();

fn find(bencher: divan::Bencher, query: &'static str) {
    let mut app = open_app();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    tui::run_app(&mut terminal, &mut app, std::iter::empty()).unwrap();
    let enter = Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let esc = Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    bencher.bench_local(|| {
        tui::handle(&mut app, &key('F'));
        // Clear the last query, type this one.
        for _ in 0..64 {
            tui::handle(
                &mut app,
                &Event::Key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
            );
        }
        for c in query.chars() {
            tui::handle(&mut app, &key(c));
        }
        tui::handle(&mut app, &enter);
        terminal.draw(|f| tui::views::draw(f, &app)).unwrap();
        assert_eq!(app.screen, tui::Screen::Hits);
        tui::handle(&mut app, &esc);
    });
    FIND_INFO
        .get_or_init(Default::default)
        .lock()
        .unwrap()
        .push(format!(
            "find {query:?}: {} hits in {} documents",
            app.hits.hits.len(),
            app.hits.docs.len()
        ));
}

/// `F`, a query of two phrases, Enter: search all 2,000 documents and draw
/// the hit list (a few thousand hits).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn find_hit_list(bencher: divan::Bencher) {
    find(bencher, "\"online platform\" OR \"pakkans webcam\"");
}

/// The same for one of the corpus's commonest words (about 100,000 hits).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn find_hit_list_common_word(bencher: divan::Bencher) {
    find(bencher, "webcam");
}

/// `#` on the large project: count excerpts per code and document (40 ×
/// 2,000 cells from 100,000 excerpts) and draw the coverage screen.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn open_coverage(bencher: divan::Bencher) {
    let mut app = open_app();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    tui::run_app(&mut terminal, &mut app, std::iter::empty()).unwrap();
    bencher.bench_local(|| {
        tui::handle(&mut app, &key('#'));
        terminal.draw(|f| tui::views::draw(f, &app)).unwrap();
        assert_eq!(app.screen, tui::Screen::Coverage);
        assert_eq!(app.coverage.cols.len(), 2000);
        tui::handle(&mut app, &key('#'));
    });
}

/// `t` on the coverage screen: themes × unit, the reports' own counts
/// (the analysis snapshot of all 100,000 excerpts), and the frame.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn coverage_themes_by_unit(bencher: divan::Bencher) {
    let mut app = open_app();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    tui::run_app(&mut terminal, &mut app, std::iter::empty()).unwrap();
    tui::handle(&mut app, &key('#'));
    bencher.bench_local(|| {
        tui::handle(&mut app, &key('t'));
        terminal.draw(|f| tui::views::draw(f, &app)).unwrap();
    });
}

/// A coding action, key to frame: `)` to the next sentence, `s` to select
/// it, `1` to apply the most recent code (one transaction), then the
/// frame. Runs on a copy of the project (each sample adds an excerpt).
#[divan::bench(sample_count = 100, sample_size = 1)]
fn code_a_sentence(bencher: divan::Bencher) {
    let scratch = Scratch::new();
    let mut app = open_app_on(&scratch.0);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    tui::run_app(&mut terminal, &mut app, std::iter::empty()).unwrap();
    tui::handle(
        &mut app,
        &Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert!(!app.recent.is_empty(), "the bench project has codings");
    bencher.bench_local(|| {
        for c in [')', 's', '1'] {
            tui::handle(&mut app, &key(c));
        }
        terminal.draw(|f| tui::views::draw(f, &app)).unwrap();
    });
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("coded")),
        "{:?}",
        app.message
    );
    drop(app);
}

/// `/` from the documents pane: a phrase searched in every document, the
/// first hit opened in the reader and drawn.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn search_all_documents(bencher: divan::Bencher) {
    let mut app = open_app();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    tui::run_app(&mut terminal, &mut app, std::iter::empty()).unwrap();
    let enter = Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    bencher.bench_local(|| {
        app.focus = tui::Pane::Documents;
        tui::handle(&mut app, &key('/'));
        for c in "de zaak".chars() {
            tui::handle(&mut app, &key(c));
        }
        tui::handle(&mut app, &enter);
        terminal.draw(|f| tui::views::draw(f, &app)).unwrap();
    });
    assert!(app.search.is_some(), "{:?}", app.message);
}

/// `j` in the codes pane: the next code highlighted, its excerpt count per
/// document read (an aggregate over its links) and the rows on screen.
#[divan::bench(sample_count = 100, sample_size = 1)]
fn codes_pane_move(bencher: divan::Bencher) {
    let mut app = open_app();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    tui::run_app(&mut terminal, &mut app, std::iter::empty()).unwrap();
    app.focus = tui::Pane::Codes;
    let down = key('j');
    let top = key('g');
    let mut n = 0usize;
    bencher.bench_local(|| {
        n += 1;
        let ev = if n.is_multiple_of(39) { &top } else { &down };
        tui::handle(&mut app, ev);
        terminal.draw(|f| tui::views::draw(f, &app)).unwrap();
    });
}

/// The app on the bench project as another coder ("reviewer"), so the
/// reader marks every line with its coder's letter.
fn open_app_as_reviewer() -> App {
    let mut p = Project::open(project_file()).expect("open");
    p.set_coder("reviewer");
    App::new(p, options()).expect("app")
}

/// `j` in the reader with coder marks, the bench project's coder and the
/// reviewer side by side (the margin split in two, one per coder).
#[divan::bench(sample_count = 200, sample_size = 5)]
fn cursor_move_redraw_side_by_side(bencher: divan::Bencher) {
    let mut app = open_app_as_reviewer();
    app.set_coder_filter(tui::coders::CoderFilter::Pair(
        "bench".into(),
        "reviewer".into(),
    ));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    tui::run_app(&mut terminal, &mut app, std::iter::empty()).unwrap();
    tui::handle(
        &mut app,
        &Event::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)),
    );
    assert!(app.areas().margin.width > 0, "the margin is on");
    let down = key('j');
    let top = key('g');
    let mut n = 0usize;
    bencher.bench_local(|| {
        n += 1;
        let ev = if n.is_multiple_of(150) { &top } else { &down };
        tui::handle(&mut app, ev);
        terminal.draw(|f| tui::views::draw(f, &app)).unwrap();
    });
}

/// `@`: every link counted per code and coder (one pass), the store's views
/// narrowed to the next filter's coder, the reader's marks and the codes
/// pane's excerpts read again, and the frame.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn coder_filter_step(bencher: divan::Bencher) {
    let mut app = open_app_as_reviewer();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    tui::run_app(&mut terminal, &mut app, std::iter::empty()).unwrap();
    let at = key('@');
    bencher.bench_local(|| {
        tui::handle(&mut app, &at);
        terminal.draw(|f| tui::views::draw(f, &app)).unwrap();
    });
}
