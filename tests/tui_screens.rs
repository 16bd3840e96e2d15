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
use thema::tui::{self, Action, App, Mode, Pane, Screen, TuiOptions};
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

/// Right after `s` the status line says what was selected; the legend
/// used to vanish behind that message, exactly when a digit is next.
/// Names are cut no shorter than a readable width, even with nine codes.
#[test]
fn the_legend_stays_beside_the_selection_message() {
    let (mut app, a, b) = margin_app(false);
    press(&mut app, ")s");
    let terminal = render(&mut app, 120, 40);
    let status = rows_of(&terminal, app.areas().status)[1].clone();
    assert!(status.contains("selected"), "{status}");
    assert!(status.contains(&format!("1 {b}")), "{status}");
    assert!(status.contains(&format!("3 {a}")), "{status}");
    // Nine recent codes (the names of a real study): each entry shown keeps
    // at least 13 characters of its name, and the first is always shown.
    app.recent = [
        "Gebrek aan digitale kennis",
        "Verschuiving naar online",
        "Topje van de ijsberg",
        "Geen zicht op de sector",
        "Melding via derden",
        "Lage prioriteit",
        "Kwetsbaar slachtoffer",
        "Webcam als aanvulling",
        "Juridische onduidelijkheid",
    ]
    .map(String::from)
    .to_vec();
    let terminal = render(&mut app, 120, 40);
    let status = rows_of(&terminal, app.areas().status)[1].clone();
    assert!(status.contains("1 Gebrek aan di"), "{status}");
    let mut shown = 0;
    for (i, name) in app.recent.iter().enumerate() {
        let head: String = name.chars().take(13).collect();
        if status.contains(&format!("{} {head}", i + 1)) {
            shown += 1;
        } else {
            assert!(!status.contains(&format!(" {} ", i + 1)), "{i}: {status}");
        }
    }
    assert!(shown >= 2, "{status}");
}

#[test]
fn snapshot_margin() {
    let (mut app, ..) = margin_app(false);
    insta::assert_snapshot!("margin_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("margin_80x24", screen(&mut app, 80, 24));
    let (mut app, ..) = margin_app(true);
    insta::assert_snapshot!("margin_no_color_80x24", screen(&mut app, 80, 24));
}

// ------------------------------------------- part 6: search and code (`F`)

fn app() -> App {
    app_with(false)
}

/// Occurrences of each phrase outside heading lines, counted the plain way
/// (lower case, line breaks as spaces) as an oracle for the hit list.
fn count_by_hand(app: &App, phrases: &[&str]) -> usize {
    app.project
        .document_texts()
        .unwrap()
        .iter()
        .map(|(_, t)| {
            let body: Vec<&str> = t.lines().filter(|l| !l.starts_with('#')).collect();
            let flat = body.join(" ").to_lowercase();
            let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
            phrases
                .iter()
                .map(|p| flat.matches(p).count())
                .sum::<usize>()
        })
        .sum()
}

fn all_excerpts(app: &App) -> Vec<thema::model::Excerpt> {
    app.project
        .excerpts(&thema::store::ExcerptFilter::default())
        .unwrap()
}

#[test]
fn find_lists_every_hit_of_an_or_and_phrase_query_in_context() {
    let mut app = app();
    press(&mut app, "F");
    assert!(matches!(app.mode, Mode::Input { .. }));
    press(&mut app, "laptop OR \"sociale media\"<Enter>");
    assert_eq!(app.screen, Screen::Hits);
    let expected = count_by_hand(&app, &["laptop", "sociale media"]);
    assert_eq!(expected, 7, "the examples say laptop 6×, sociale media 1×");
    assert_eq!(app.hits.hits.len(), expected);
    assert_eq!(app.hits.docs.len(), 4);
    // Every hit is the phrase, found without regard to case.
    for h in &app.hits.hits {
        let t = app.hits.text_of(h);
        let found = t[h.span.start..h.span.end].to_lowercase();
        assert!(found == "laptop" || found.split_whitespace().eq(["sociale", "media"]));
    }
    // Keyword in context: document, paragraph, the line around the hit.
    let terminal = render(&mut app, 120, 40);
    let list = rows_of(&terminal, thema::tui::layout::screen_areas(120, 40).list);
    let first = &list[1];
    assert!(first.contains("P01"), "{first}");
    let h = app.hits.hits[0];
    assert!(first.contains(&format!("¶{}", h.paragraph)), "{first}");
    assert!(first.contains("achter een laptop moest"), "{first}");
    let p = thema::text::paragraphs(app.hits.text_of(&h));
    assert!(
        p[h.paragraph - 1].contains(h.span.start),
        "paragraph number"
    );
}

#[test]
fn marked_hits_are_coded_as_sentences_in_one_undoable_change() {
    let mut app = app();
    press(&mut app, "Flaptop<Enter>");
    let n = app.hits.hits.len();
    assert!(n >= 3);
    // Mark the first and third hit.
    press(&mut app, "<Space>j<Space>");
    assert_eq!(app.hits.marked_count(), 2);
    let chosen: Vec<_> = [0, 2].iter().map(|&i| app.hits.hits[i]).collect();
    press(&mut app, "cLaptop<Enter>");
    assert!(matches!(app.mode, Mode::Normal));
    let stored = all_excerpts(&app);
    assert_eq!(stored.len(), 2, "{stored:?}");
    for (e, h) in stored.iter().zip(&chosen) {
        let t = app.hits.text_of(h);
        let sentence = thema::text::unit_at(t, h.span.start, thema::text::Unit::Sentence).unwrap();
        assert_eq!((e.start, e.end), (sentence.start, sentence.end));
        assert_eq!(e.codes, ["Laptop"]);
    }
    assert_eq!(app.hits.marked_count(), 0, "marks are spent");
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("coded 2 sentence(s)")
    );
    // One change: one undo takes both back.
    press(&mut app, "u");
    assert!(all_excerpts(&app).is_empty());
    assert_eq!(app.screen, Screen::Hits);
}

#[test]
fn hit_under_the_cursor_coded_as_paragraph_or_match_with_a_recent_code() {
    let mut app = app();
    press(&mut app, "Flaptop<Enter>");
    let h = app.hits.hits[0];
    let t = app.hits.text_of(&h).to_owned();
    press(&mut app, "pcApparaat<Enter>");
    let para = thema::text::unit_at(&t, h.span.start, thema::text::Unit::Paragraph).unwrap();
    let e = all_excerpts(&app);
    assert_eq!((e[0].start, e[0].end), (para.start, para.end));
    // `e`: just the match; `1` applies the most recent code.
    press(&mut app, "je1");
    let h2 = app.hits.hits[1];
    let e = all_excerpts(&app);
    assert_eq!(e.len(), 2);
    let m = e.iter().find(|x| x.start == h2.span.start).unwrap();
    assert_eq!(m.text.to_lowercase(), "laptop");
    assert_eq!(m.codes, ["Apparaat"]);
}

#[test]
fn enter_opens_the_hit_in_the_reader_and_n_steps_on() {
    let mut app = app();
    press(&mut app, "Flaptop<Enter>jj");
    let h = app.hits.hits[2];
    let doc = app.hits.doc_id(&h).to_owned();
    press(&mut app, "<Enter>");
    assert_eq!(app.screen, Screen::Workbench);
    assert_eq!(app.focus, Pane::Reader);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.doc.id, doc);
    assert_eq!(r.cursor, h.span.start);
    let sentence = thema::text::unit_at(r.text(), h.span.start, thema::text::Unit::Sentence);
    assert_eq!(r.selection_span(), sentence);
    press(&mut app, "n");
    let next = app.hits.hits[3];
    assert_eq!(app.reader.as_ref().unwrap().cursor, next.span.start);
    // F goes back to the list where it was.
    press(&mut app, "F");
    assert!(matches!(app.mode, Mode::Input { .. }));
    press(&mut app, "<Enter>");
    assert_eq!(app.screen, Screen::Hits);
    press(&mut app, "<Esc>");
    assert_eq!(app.screen, Screen::Workbench);
}

#[test]
fn a_query_without_hits_stays_in_the_workbench() {
    let mut app = app();
    press(&mut app, "Fxyzzy OR plugh<Enter>");
    assert_eq!(app.screen, Screen::Workbench);
    assert!(app.message.as_deref().unwrap().contains("not found"));
}

#[test]
fn the_hit_list_shows_which_hits_are_coded_and_with_which_code() {
    // Failed before: the hit list said nothing of codings, so a researcher
    // coded the same hit twice.
    let mut app = app();
    press(&mut app, "Flaptop<Enter>");
    let n = app.hits.hits.len();
    assert!(n >= 3);
    assert!(
        app.hits
            .hits
            .iter()
            .all(|h| app.hits.codes_at(h) == Some(vec![]))
    );
    // Code the second hit's sentence, and the third hit as just the match
    // with another code.
    press(&mut app, "j<Space>cLaptop<Enter>");
    press(&mut app, "ecApparaat<Enter>");
    let codes: Vec<Option<Vec<&str>>> =
        app.hits.hits.iter().map(|h| app.hits.codes_at(h)).collect();
    let mut want: Vec<Option<Vec<&str>>> = vec![Some(vec![]); n];
    want[1] = Some(vec!["Laptop"]);
    want[2] = Some(vec!["Apparaat"]);
    assert_eq!(codes, want);
    // On screen: the coded rows name their code, the others do not.
    let terminal = render(&mut app, 120, 40);
    let list = rows_of(&terminal, thema::tui::layout::screen_areas(120, 40).list);
    assert!(list[0].contains("coded"), "{}", list[0]);
    assert!(list[2].contains("Laptop"), "{}", list[2]);
    assert!(list[3].contains("Apparaat"), "{}", list[3]);
    assert!(
        !list[1].contains("Laptop") && !list[1].contains("Apparaat"),
        "{}",
        list[1]
    );
    // The detail below the list says it for the hit under the cursor.
    let all = screen(&mut app, 120, 40);
    assert!(all.contains("already coded “Apparaat”"), "{all}");
    // An undo takes the mark away again; a new search shows what is coded.
    press(&mut app, "u");
    assert_eq!(app.hits.codes_at(&app.hits.hits[2].clone()), Some(vec![]));
    press(&mut app, "F<Enter>");
    assert_eq!(
        app.hits.codes_at(&app.hits.hits[1].clone()),
        Some(vec!["Laptop"])
    );
}

#[test]
fn snapshot_hits() {
    let mut app = app();
    // The third hit coded (its code in the last column and, with the
    // cursor on it, in the detail's title), the second marked.
    press(
        &mut app,
        "Flaptop OR \"sociale media\"<Enter>jjcLaptop<Enter>",
    );
    press(&mut app, "gj<Space>");
    insta::assert_snapshot!("hits_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("hits_80x24", screen(&mut app, 80, 24));
}

// ------------------------------------------------ part 7: coverage (`#`)

/// The k-th body sentence (after the heading) of a document.
fn sentence(app: &App, doc: &str, k: usize) -> thema::model::Span {
    let t = app.project.document(doc).unwrap().text;
    let s = thema::text::units(&t, thema::text::Unit::Sentence);
    s.into_iter()
        .filter(|s| !t[s.start..].starts_with('#'))
        .nth(k)
        .unwrap()
}

/// "Alpha" twice in P01 and once in P03, "Beta" once in P02; theme "Samen"
/// gathers Alpha.
fn coverage_app() -> App {
    let mut app = app();
    for (doc, k, code) in [
        ("P01", 0, "Alpha"),
        ("P01", 3, "Alpha"),
        ("P03", 1, "Alpha"),
        ("P02", 2, "Beta"),
    ] {
        let span = sentence(&app, doc, k);
        app.project.apply_code(doc, span, code).unwrap();
    }
    app.project
        .create_theme_with_codes("Samen", "", None, &["Alpha"])
        .unwrap();
    app
}

#[test]
fn coverage_counts_codes_by_document_and_shows_empty_cells() {
    let mut app = coverage_app();
    press(&mut app, "#");
    assert_eq!(app.screen, Screen::Coverage);
    let v = &app.coverage;
    let names: Vec<&str> = v.rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(names, ["Alpha", "Beta"]);
    assert_eq!(v.cols, ["P01", "P02", "P03", "P04", "P05", "P06"]);
    assert_eq!(v.counts[0], [2, 0, 1, 0, 0, 0]);
    assert_eq!(v.counts[1], [0, 1, 0, 0, 0, 0]);
    assert_eq!((v.covered(0), v.covered(1)), (2, 1));
    let terminal = render(&mut app, 120, 40);
    let list = rows_of(&terminal, thema::tui::layout::screen_areas(120, 40).list);
    assert!(
        list[1].contains("Alpha") && list[1].contains("2/6"),
        "{}",
        list[1]
    );
    // Empty cells are drawn, as dots: four in Alpha's row, five in Beta's.
    assert_eq!(list[1].matches('·').count(), 4, "{}", list[1]);
    assert_eq!(list[2].matches('·').count(), 5, "{}", list[2]);
}

#[test]
fn enter_lists_a_cells_excerpts_and_opens_one() {
    let mut app = coverage_app();
    press(&mut app, "#<Enter>");
    let v = &app.coverage;
    assert_eq!(v.excerpts.len(), 2);
    assert_eq!(v.excerpt_sel, Some(0));
    assert!(v.excerpts.iter().all(|e| e.doc == "P01"));
    let second = sentence(&app, "P01", 3);
    press(&mut app, "j<Enter>");
    assert_eq!(app.screen, Screen::Workbench);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.doc.id, "P01");
    assert_eq!(r.selection_span(), Some(second));
    // Back to the matrix where it was; an empty cell says so.
    press(&mut app, "#");
    assert_eq!(app.screen, Screen::Coverage);
    press(&mut app, "l<Enter>");
    assert!(app.coverage.excerpts.is_empty());
    assert!(app.message.as_deref().unwrap().contains("no excerpt"));
    press(&mut app, "<Esc>");
    assert_eq!(app.screen, Screen::Workbench);
}

#[test]
fn t_switches_to_themes_by_unit() {
    let mut app = coverage_app();
    press(&mut app, "#t");
    let v = &app.coverage;
    assert_eq!(
        v.rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
        ["Samen"]
    );
    let col = |unit: &str| v.cols.iter().position(|c| c == unit).unwrap();
    assert_eq!(v.cols.len(), 6);
    assert_eq!(v.count(0, col("Politie-eenheid I")), 2);
    assert_eq!(v.count(0, col("Politie-eenheid III")), 1);
    assert_eq!(v.count(0, col("Politie-eenheid II")), 0);
    // The cell's excerpts are the theme's in that unit's documents.
    press(&mut app, "ll<Enter>");
    assert_eq!(app.coverage.cols[2], "Politie-eenheid III");
    let e = &app.coverage.excerpts;
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].doc, "P03");
    assert!(!e[0].text.is_empty());
    // Undo reloads the open matrix.
    press(&mut app, "<Esc>u");
    assert_eq!(app.screen, Screen::Coverage);
    assert!(app.coverage.rows.is_empty(), "the theme was undone");
}

#[test]
fn snapshot_coverage() {
    let mut app = coverage_app();
    press(&mut app, "#l");
    insta::assert_snapshot!("coverage_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("coverage_80x24", screen(&mut app, 80, 24));
    press(&mut app, "h<Enter>");
    insta::assert_snapshot!("coverage_excerpts_80x24", screen(&mut app, 80, 24));
    press(&mut app, "<Esc>t");
    insta::assert_snapshot!("coverage_themes_120x40", screen(&mut app, 120, 40));
}

// ------------------------------------- part 8: memos (`W`), attributes (`E`)

/// Memos on the project, P02, a code and an excerpt of P01.
fn memo_app() -> (App, i64) {
    use thema::model::MemoTarget;
    let mut app = app();
    let span = sentence(&app, "P01", 1);
    let coding = app.project.apply_code("P01", span, "Alpha").unwrap();
    let excerpt = coding.applied[0].excerpt;
    for (target, text) in [
        (MemoTarget::Excerpt(excerpt), "Een sterk citaat."),
        (
            MemoTarget::Code("Alpha".into()),
            "Wanneer gebruiken:\nbij twijfel niet.",
        ),
        (MemoTarget::Document("P02".into()), "Gesprek ingekort."),
        (MemoTarget::Project, "Eerste ronde."),
    ] {
        app.project.set_memo(&target, text).unwrap();
    }
    (app, excerpt)
}

#[test]
fn memo_browser_lists_every_memo_by_target() {
    let (mut app, excerpt) = memo_app();
    press(&mut app, "W");
    assert_eq!(app.screen, Screen::Memos);
    let labels: Vec<&str> = app.memos.rows.iter().map(|r| r.label.as_str()).collect();
    let e = format!("excerpt {excerpt} in P01");
    assert_eq!(
        labels,
        ["the project", "document P02", "code “Alpha”", e.as_str()]
    );
    let terminal = render(&mut app, 120, 40);
    let list = rows_of(&terminal, thema::tui::layout::screen_areas(120, 40).list);
    assert!(
        list[2].contains("codes") && list[2].contains("Wanneer gebruiken: bij twijfel niet."),
        "{}",
        list[2]
    );
}

#[test]
fn enter_edits_a_memo_with_drafts_and_saving_reloads_the_list() {
    use thema::model::MemoTarget;
    let (mut app, _) = memo_app();
    press(&mut app, "Wj<Enter>");
    assert!(matches!(app.mode, Mode::Edit(_)));
    press(&mut app, " Nog bellen.");
    // Kept as a draft while typing.
    let drafts = app.project.drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    assert!(drafts[0].text.ends_with("Nog bellen."));
    press(&mut app, "<C-s>");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.screen, Screen::Memos);
    let stored = app
        .project
        .memo(&MemoTarget::Document("P02".into()))
        .unwrap()
        .unwrap();
    assert_eq!(stored.text, "Gesprek ingekort. Nog bellen.");
    assert_eq!(app.memos.rows[1].text, stored.text);
    assert!(app.project.drafts().unwrap().is_empty());
}

#[test]
fn o_goes_to_the_memos_target() {
    let (mut app, excerpt) = memo_app();
    // The document memo: the document opens in the reader.
    press(&mut app, "Wjo");
    assert_eq!(app.screen, Screen::Workbench);
    assert_eq!(app.reader.as_ref().unwrap().doc.id, "P02");
    // The code memo: the code is highlighted in the codes pane.
    press(&mut app, "Wgjjo");
    assert_eq!(app.focus, Pane::Codes);
    assert_eq!(app.codes.selected().unwrap().name, "Alpha");
    // The excerpt memo: the excerpt is selected in its document.
    press(&mut app, "WGo");
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.doc.id, "P01");
    let e = app.project.excerpt(excerpt).unwrap();
    assert_eq!(
        r.selection_span(),
        Some(thema::model::Span::new(e.start, e.end))
    );
}

#[test]
fn attributes_are_edited_one_undoable_change_each() {
    let mut app = app();
    let before = app.project.log(0).unwrap().len();
    // Documents pane, second document.
    press(&mut app, "jE");
    assert_eq!(app.screen, Screen::Attributes);
    assert_eq!(app.attributes.doc, "P02");
    let unit = app
        .attributes
        .pairs
        .iter()
        .position(|p| p.0 == "unit")
        .unwrap();
    let old = app.attributes.pairs[unit].1.clone();
    press(&mut app, &"j".repeat(unit));
    press(&mut app, "<Enter>");
    let Mode::Input { text, .. } = &app.mode else {
        panic!("no prompt")
    };
    assert_eq!(text, &old, "the prompt starts from the value");
    press(&mut app, &"<BS>".repeat(old.chars().count()));
    press(&mut app, "Eenheid Twee<Enter>");
    let attrs = app.project.document("P02").unwrap().attributes;
    assert_eq!(attrs["unit"], "Eenheid Twee");
    assert_eq!(app.project.log(0).unwrap().len(), before + 1, "one change");
    // The documents pane follows.
    assert_eq!(app.documents.list[1].attributes["unit"], "Eenheid Twee");
    // Add one, refuse a malformed one, remove one.
    press(&mut app, "arol=wijkagent<Enter>");
    assert_eq!(
        app.project.document("P02").unwrap().attributes["rol"],
        "wijkagent"
    );
    press(&mut app, "azonder waarde<Enter>");
    assert!(
        matches!(app.mode, Mode::Input { .. }),
        "the prompt stays open"
    );
    assert!(app.message.as_deref().unwrap().contains("key=value"));
    press(&mut app, "<Esc>");
    let rol = app
        .attributes
        .pairs
        .iter()
        .position(|p| p.0 == "rol")
        .unwrap();
    assert_eq!(app.attributes.sel, rol);
    press(&mut app, "d");
    assert!(
        !app.project
            .document("P02")
            .unwrap()
            .attributes
            .contains_key("rol")
    );
    assert_eq!(app.project.log(0).unwrap().len(), before + 3);
    // Each undo takes back one edit.
    press(&mut app, "uu");
    let attrs = app.project.document("P02").unwrap().attributes;
    assert!(!attrs.contains_key("rol"));
    assert_eq!(attrs["unit"], "Eenheid Twee");
    press(&mut app, "u");
    assert_eq!(app.project.document("P02").unwrap().attributes["unit"], old);
    assert_eq!(app.attributes.pairs[unit].1, old, "the screen follows undo");
    press(&mut app, "<Esc>");
    assert_eq!(app.screen, Screen::Workbench);
}

#[test]
fn snapshot_memos_and_attributes() {
    let (mut app, _) = memo_app();
    press(&mut app, "Wjj");
    insta::assert_snapshot!("memos_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("memos_80x24", screen(&mut app, 80, 24));
    press(&mut app, "<Esc>E");
    assert_eq!(app.screen, Screen::Attributes);
    insta::assert_snapshot!("attributes_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("attributes_80x24", screen(&mut app, 80, 24));
}
