//! TUI behaviour: key sequences drive `update`, and the tests check both the
//! state and the project database. Snapshots (insta) pin the main screens at
//! 120×40 and 60×20.

use crossterm::event::{Event, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use thema::model::{Attributes, MemoTarget, Span};
use thema::store::ExcerptFilter;
use thema::text::{self, Unit};
use thema::tui::{self, App, Mode, Pane, Selection};
use thema::{Project, tui::app::update};

#[path = "common/tui.rs"]
mod tui_fixture;
use tui_fixture::{app, options, press, project, render, screen};

fn excerpts(app: &App, doc: &str) -> Vec<thema::model::Excerpt> {
    app.project
        .excerpts(&ExcerptFilter {
            doc: Some(doc.into()),
            code: None,
        })
        .unwrap()
}

fn cursor(app: &App) -> usize {
    app.reader.as_ref().unwrap().cursor
}

fn text_of(app: &App) -> String {
    app.reader.as_ref().unwrap().doc.text.clone()
}

#[test]
fn select_sentence_code_new_code_then_undo_and_redo() {
    let mut app = app();
    assert_eq!(app.focus, Pane::Documents);
    press(&mut app, "<Enter>");
    assert_eq!(app.focus, Pane::Reader);
    // Heading, first paragraph's first sentence, then its second sentence.
    press(&mut app, "))");
    let text = text_of(&app);
    let expected = text::unit_at(&text, cursor(&app), Unit::Sentence).unwrap();
    assert!(text[expected.start..].starts_with("Daarvoor werkte"));
    press(&mut app, "s");
    assert_eq!(
        app.reader.as_ref().unwrap().selection,
        Selection::Span(expected)
    );
    press(&mut app, "c");
    assert!(matches!(app.mode, Mode::Picker(_)));
    press(&mut app, "Eerdere functie<Enter>");
    assert!(matches!(app.mode, Mode::Normal));

    let stored = excerpts(&app, "P01");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].span(), expected);
    assert_eq!(stored[0].text, &text[expected.start..expected.end]);
    assert_eq!(stored[0].codes, vec!["Eerdere functie".to_string()]);
    assert_eq!(stored[0].coder, "tester");
    assert_eq!(app.project.code("Eerdere functie").unwrap().excerpts, 1);
    // State follows: the reader shows the mark, the code list has the code.
    assert_eq!(app.reader.as_ref().unwrap().marks.len(), 1);
    assert_eq!(app.codes.list.len(), 1);
    assert_eq!(app.documents.list[0].excerpts, 1);
    assert_eq!(app.recent, vec!["Eerdere functie".to_string()]);
    assert!(app.message.as_deref().unwrap().contains("new code"));
    assert_eq!(app.reader.as_ref().unwrap().selection, Selection::None);

    press(&mut app, "u");
    assert!(excerpts(&app, "P01").is_empty());
    assert!(app.reader.as_ref().unwrap().marks.is_empty());
    press(&mut app, "<C-r>");
    assert_eq!(excerpts(&app, "P01").len(), 1);
    assert_eq!(app.reader.as_ref().unwrap().marks.len(), 1);
}

#[test]
fn picker_filters_fuzzily_and_applies_an_existing_code() {
    let mut app = app();
    press(&mut app, "<Enter>))sc");
    press(&mut app, "Geldstromen<Enter>");
    press(&mut app, ")sc");
    press(&mut app, "gld");
    let Mode::Picker(p) = &app.mode else {
        panic!("picker not open")
    };
    assert_eq!(
        p.items[0],
        thema::tui::picker::Choice::Existing("Geldstromen".into())
    );
    assert_eq!(
        p.items.last(),
        Some(&thema::tui::picker::Choice::New("gld".into()))
    );
    press(&mut app, "<Enter>");
    assert_eq!(app.project.codes().unwrap().len(), 1);
    assert_eq!(app.project.code("Geldstromen").unwrap().excerpts, 2);
    // ↓ to the "new code" row creates it even though something matched.
    press(&mut app, ")sc");
    press(&mut app, "Geld<Down><Enter>");
    assert_eq!(app.project.code("Geld").unwrap().excerpts, 1);
    // Esc closes the picker without coding.
    press(&mut app, ")sc<Esc>");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(excerpts(&app, "P01").len(), 3);
}

/// After a coding the selection is cleared; `c` or a digit on the excerpt
/// just made adds another code to it (before: "nothing selected", and a
/// second code needed Enter first). Away from any excerpt nothing is coded.
#[test]
fn c_and_digits_code_the_excerpt_under_the_cursor() {
    let mut app = app();
    press(&mut app, "<Enter>))scAlpha<Enter>");
    press(&mut app, "cBeta<Enter>");
    press(&mut app, "2");
    let all = excerpts(&app, "P01");
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].codes, ["Alpha", "Beta"]);
    assert!(app.message.as_deref().unwrap().contains("Alpha"));
    // Off the excerpt (the heading) with nothing selected: nothing happens.
    press(&mut app, "g1c");
    assert_eq!(excerpts(&app, "P01").len(), 1);
    assert!(matches!(app.mode, Mode::Normal));
    assert!(app.message.as_deref().unwrap().contains("nothing selected"));
}

/// `]` / `[` in the reader open the next / previous write-up in the
/// documents pane's order (before: S-Tab, j, Enter), and say so at the ends.
#[test]
fn brackets_step_through_the_write_ups_from_the_reader() {
    let mut app = app();
    press(&mut app, "<Enter>");
    let order: Vec<String> = app.documents.list.iter().map(|d| d.id.clone()).collect();
    assert!(order.len() >= 2, "{order:?}");
    let open = |app: &thema::tui::App| app.reader.as_ref().unwrap().doc.id.clone();
    assert_eq!(open(&app), order[0]);
    press(&mut app, "[");
    assert_eq!(open(&app), order[0]);
    assert!(app.message.as_deref().unwrap().contains("first"));
    for id in &order[1..] {
        press(&mut app, "]");
        assert_eq!(&open(&app), id);
        assert_eq!(app.focus, thema::tui::app::Pane::Reader);
        assert_eq!(
            app.documents.selected().unwrap().id,
            *id,
            "the pane follows"
        );
    }
    press(&mut app, "]");
    assert!(app.message.as_deref().unwrap().contains("last"));
    press(&mut app, "[");
    assert_eq!(open(&app), order[order.len() - 2]);
}

#[test]
fn number_keys_apply_recent_codes() {
    let mut app = app();
    press(&mut app, "<Enter>))scAlpha<Enter>)scBeta<Enter>");
    assert_eq!(app.recent, vec!["Beta".to_string(), "Alpha".to_string()]);
    press(&mut app, ")s1");
    let last = excerpts(&app, "P01").pop().unwrap();
    assert_eq!(last.codes, vec!["Beta".to_string()]);
    press(&mut app, ")s2");
    let last = excerpts(&app, "P01").pop().unwrap();
    assert_eq!(last.codes, vec!["Alpha".to_string()]);
    assert_eq!(app.recent[0], "Alpha");
    // Without a selection nothing is coded.
    press(&mut app, ")1");
    assert_eq!(excerpts(&app, "P01").len(), 4);
    assert!(app.message.as_deref().unwrap().contains("nothing selected"));
}

#[test]
fn x_removes_a_code_and_asks_which_when_several() {
    let mut app = app();
    press(&mut app, "<Enter>))scAlpha<Enter>scBeta<Enter>");
    let ex = excerpts(&app, "P01");
    assert_eq!(ex.len(), 1);
    assert_eq!(ex[0].codes.len(), 2);
    press(&mut app, "x");
    let Mode::Choose(c) = &app.mode else {
        panic!("expected a choice")
    };
    assert_eq!(c.items.len(), 2);
    press(&mut app, "<Down><Enter>");
    let ex = excerpts(&app, "P01");
    assert_eq!(ex[0].codes, vec!["Alpha".to_string()]);
    // One code left: x removes it directly, and the excerpt goes with it.
    press(&mut app, "x");
    assert!(matches!(app.mode, Mode::Normal));
    assert!(excerpts(&app, "P01").is_empty());
    assert!(app.reader.as_ref().unwrap().marks.is_empty());
    press(&mut app, "x");
    assert!(app.message.as_deref().unwrap().contains("no code"));
}

#[test]
fn memos_on_excerpt_document_and_code() {
    let mut app = app();
    press(&mut app, "<Enter>))scAlpha<Enter>");
    let id = excerpts(&app, "P01")[0].id;
    press(&mut app, "mopvallend<C-s>");
    let memo = app.project.memo(&MemoTarget::Excerpt(id)).unwrap().unwrap();
    assert_eq!(memo.text, "opvallend");
    // Editing starts from the existing text.
    press(&mut app, "m<BS><BS><BS><BS>d<A-Enter>");
    let memo = app.project.memo(&MemoTarget::Excerpt(id)).unwrap().unwrap();
    assert_eq!(memo.text, "opvald");
    // Off the excerpt: the document memo.
    press(&mut app, "Gmslot<C-Enter>");
    let memo = app
        .project
        .memo(&MemoTarget::Document("P01".into()))
        .unwrap();
    assert_eq!(memo.unwrap().text, "slot");
    // Codes pane: the code memo.
    press(&mut app, "<Tab>mdefinitie<C-s>");
    assert_eq!(app.focus, Pane::Codes);
    let memo = app.project.memo(&MemoTarget::Code("Alpha".into())).unwrap();
    assert_eq!(memo.unwrap().text, "definitie");
}

/// A miss in the open document names the documents that do have the
/// phrase (counted by hand with grep: "loverboy" once in P02 and once in
/// P04, never in P01); the cursor stays and nothing is selected.
#[test]
fn a_miss_in_the_reader_says_which_documents_have_it() {
    let mut app = app();
    press(&mut app, "<Enter>");
    assert_eq!(app.reader.as_ref().unwrap().doc.id, "P01");
    let before = cursor(&app);
    press(&mut app, "/loverboy<Enter>");
    let m = app.message.clone().unwrap();
    assert!(
        m.contains("“loverboy” not found in P01; 2 hits in 2 other documents (P02, P04)"),
        "{m}"
    );
    assert_eq!(cursor(&app), before);
    assert!(app.search.is_none());
    press(&mut app, "/geen woord hier<Enter>");
    let m = app.message.clone().unwrap();
    assert!(m.contains("not found in P01 or any other document"), "{m}");
}

#[test]
fn search_all_documents_from_the_documents_pane() {
    let mut app = app();
    press(&mut app, "/laptop<Enter>");
    assert_eq!(app.focus, Pane::Reader);
    let s = app.search.as_ref().unwrap();
    assert!(s.hits.len() >= 2);
    let (doc, hit) = s.hits[0].clone();
    assert_eq!(app.reader.as_ref().unwrap().doc.id, doc);
    assert_eq!(cursor(&app), hit.start);
    assert!(
        text_of(&app)[hit.start..]
            .to_lowercase()
            .starts_with("laptop")
    );
    press(&mut app, "n");
    assert_eq!(app.search.as_ref().unwrap().current, 1);
    press(&mut app, "NN");
    let s = app.search.as_ref().unwrap();
    assert_eq!(s.current, s.hits.len() - 1);
    assert_eq!(app.reader.as_ref().unwrap().doc.id, s.hits[s.current].0);
    // From the reader, the search stays in the document.
    press(&mut app, "<Esc>/de<Enter>");
    let open = app.reader.as_ref().unwrap().doc.id.clone();
    assert!(
        app.search
            .as_ref()
            .unwrap()
            .hits
            .iter()
            .all(|(d, _)| *d == open)
    );
}

#[test]
fn motions_and_codes_pane_jump() {
    let mut app = app();
    press(&mut app, "<Enter>");
    let text = text_of(&app);
    press(&mut app, "}");
    let paras = text::paragraphs(&text);
    assert_eq!(cursor(&app), paras[1].start);
    press(&mut app, "w");
    assert!(cursor(&app) > paras[1].start);
    press(&mut app, "b{");
    assert_eq!(cursor(&app), paras[0].start);
    press(&mut app, "Gg");
    assert_eq!(cursor(&app), 0);
    // Paragraph selection, extended by the next paragraph with P (a
    // heading, so only when P is pressed again).
    press(&mut app, "}p}P");
    let sel = app.reader.as_ref().unwrap().selection_span().unwrap();
    assert_eq!(sel, paras[1]);
    press(&mut app, "P");
    let sel = app.reader.as_ref().unwrap().selection_span().unwrap();
    assert_eq!(sel, Span::new(paras[1].start, paras[2].end));
    press(&mut app, "cBreed<Enter>");
    // Codes pane: Enter lists the excerpts, Enter again jumps to one.
    press(&mut app, "gg<Tab><Enter>");
    assert_eq!(app.focus, Pane::Codes);
    assert_eq!(app.codes.excerpt_sel, Some(0));
    press(&mut app, "<Enter>");
    assert_eq!(app.focus, Pane::Reader);
    assert_eq!(cursor(&app), paras[1].start);
    assert_eq!(
        app.reader.as_ref().unwrap().selection,
        Selection::Span(Span::new(paras[1].start, paras[2].end))
    );
    // Visual selection follows motions; Esc clears.
    press(&mut app, "<Esc>vww");
    let sel = app.reader.as_ref().unwrap().selection_span().unwrap();
    assert_eq!(sel.start, paras[1].start);
    assert!(sel.end > paras[1].start + 5);
    press(&mut app, "<Esc>");
    assert_eq!(app.reader.as_ref().unwrap().selection, Selection::None);
}

#[test]
fn cursor_never_lands_inside_a_grapheme() {
    let mut p = Project::in_memory().unwrap();
    let t =
        "Tekst met e\u{301}moji 👩‍👩‍👧 en 日本語 en שלום עולם.\n\nTweede 👍🏽 alinea met cafe\u{301}.";
    p.import(
        vec![thema::store::NewDocument {
            id: "U1".into(),
            text: t.into(),
            sha256: text::sha256_hex(t),
            attributes: Attributes::new(),
            source: None,
        }],
        false,
    )
    .unwrap();
    let mut app = App::new(p, options()).unwrap();
    update(&mut app, tui::Action::Resize(60, 20));
    press(&mut app, "<Tab>");
    for keys in ["l", "h", "j", "k", "w", "b"] {
        for _ in 0..40 {
            press(&mut app, keys);
            assert!(
                text::is_grapheme_boundary(t, cursor(&app)),
                "{keys}: {}",
                cursor(&app)
            );
        }
        press(&mut app, "g");
        for _ in 0..7 {
            press(&mut app, "l");
        }
    }
}

#[test]
fn mouse_click_places_cursor_and_drag_selects() {
    let mut app = app();
    let a = app.areas();
    let click = |col, row, kind| {
        Event::Mouse(MouseEvent {
            kind,
            column: col,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    use crossterm::event::MouseButton::Left;
    // Third text row, fifth column.
    tui::handle(
        &mut app,
        &click(a.text.x + 4, a.text.y + 2, MouseEventKind::Down(Left)),
    );
    assert_eq!(app.focus, Pane::Reader);
    let r = app.reader.as_ref().unwrap();
    let line = r.wrapped.lines[2];
    let at = cursor(&app);
    assert!(at >= line.start && at <= line.end);
    tui::handle(
        &mut app,
        &click(a.text.x + 20, a.text.y + 3, MouseEventKind::Drag(Left)),
    );
    let sel = app.reader.as_ref().unwrap().selection_span().unwrap();
    assert_eq!(sel.start, at);
    assert!(sel.end > at + 20);
    // Wheel scrolls the reader.
    tui::handle(
        &mut app,
        &click(a.text.x, a.text.y, MouseEventKind::ScrollDown),
    );
    assert_eq!(app.reader.as_ref().unwrap().scroll, 3);
    // Clicking a document row opens it.
    tui::handle(
        &mut app,
        &click(
            a.doc_list.x + 1,
            a.doc_list.y + 2,
            MouseEventKind::Down(Left),
        ),
    );
    assert_eq!(app.reader.as_ref().unwrap().doc.id, "P03");
}

#[test]
fn memo_editor_is_multi_line_with_cursor_movement() {
    let mut app = app();
    press(&mut app, "<Enter>m");
    assert!(matches!(app.mode, Mode::Edit(_)));
    // Enter is a new line; the arrows move; Ctrl-s saves.
    press(
        &mut app,
        "eerste<Enter>tweede regel<Up>!<Down><End>?<Left><Left><BS><C-s>",
    );
    let memo = app
        .project
        .memo(&MemoTarget::Document("P01".into()))
        .unwrap()
        .unwrap();
    assert_eq!(memo.text, "eerste!\ntweede regl?");
    assert!(matches!(app.mode, Mode::Normal));
    // A paste arrives whole, newlines included, and is not a save.
    press(&mut app, "m");
    tui::handle(&mut app, &Event::Paste("\r\nplak\rwerk".into()));
    let Mode::Edit(e) = &app.mode else {
        panic!("the paste closed the editor")
    };
    assert_eq!(e.editor.text, "eerste!\ntweede regl?\nplak\nwerk");
    // Esc cancels without saving.
    press(&mut app, "<Esc>mweg<Esc>");
    let memo = app
        .project
        .memo(&MemoTarget::Document("P01".into()))
        .unwrap()
        .unwrap();
    assert_eq!(memo.text, "eerste!\ntweede regl?");
}

#[test]
fn quitting_with_unsaved_text_asks_first() {
    let mut app = app();
    press(&mut app, "<Enter>mq");
    // q is text in the editor.
    let Mode::Edit(e) = &app.mode else {
        panic!("editor closed")
    };
    assert_eq!(e.editor.text, "q");
    press(&mut app, "<C-c>");
    assert!(matches!(app.mode, Mode::ConfirmQuit(_)));
    assert!(!app.should_quit);
    press(&mut app, "n");
    let Mode::Edit(e) = &app.mode else {
        panic!("not back in the editor")
    };
    assert_eq!(e.editor.text, "q");
    press(&mut app, "<C-c>y");
    assert!(app.should_quit);
    // Nothing typed: Ctrl-c quits at once.
    let mut app = self::app();
    press(&mut app, "<Enter>m<C-c>");
    assert!(app.should_quit);
    // The same in the name prompt of the themes screen.
    let mut app = self::app();
    press(&mut app, "Ta");
    assert!(matches!(app.mode, Mode::Input { .. }));
    press(&mut app, "Naam<C-c>");
    assert!(matches!(app.mode, Mode::ConfirmQuit(_)));
    press(&mut app, "<Esc>");
    assert!(matches!(app.mode, Mode::Input { .. }));
}

#[test]
fn x_in_the_codes_excerpt_list_removes_the_code() {
    let mut app = app();
    press(&mut app, "<Enter>))scAlpha<Enter>)s1");
    assert_eq!(app.project.code("Alpha").unwrap().excerpts, 2);
    press(&mut app, "<Tab><Enter>");
    assert_eq!(app.focus, Pane::Codes);
    assert_eq!(app.codes.excerpt_sel, Some(0));
    let first = app.codes.excerpts[0].excerpt;
    press(&mut app, "x");
    assert_eq!(app.project.code("Alpha").unwrap().excerpts, 1);
    assert!(excerpts(&app, "P01").iter().all(|e| e.id != first));
    assert_eq!(app.codes.excerpts.len(), 1);
    assert_eq!(app.codes.excerpt_sel, Some(0));
    assert!(app.message.as_deref().unwrap().contains("removed"));
    press(&mut app, "u");
    assert_eq!(app.project.code("Alpha").unwrap().excerpts, 2);
}

#[test]
fn recent_codes_survive_undo() {
    let mut app = app();
    press(&mut app, "<Enter>))scAlpha<Enter>");
    assert_eq!(app.recent, vec!["Alpha".to_string()]);
    press(&mut app, "u");
    assert!(app.project.codes().unwrap().is_empty());
    assert_eq!(app.recent, vec!["Alpha".to_string()]);
    // Applying it again recreates it.
    press(&mut app, "s1");
    assert_eq!(app.project.code("Alpha").unwrap().excerpts, 1);
    // Seeded from the project at startup.
    let p = std::mem::replace(&mut app.project, Project::in_memory().unwrap());
    let again = App::new(p, options()).unwrap();
    assert_eq!(again.recent, vec!["Alpha".to_string()]);
}

use thema::tui::themes::ThemeRow;

/// P01 coded: E1 (Alpha + Beta), E2 (Gamma), E3 (Alpha), E4 (Delta).
fn themed_app() -> App {
    let mut app = app();
    press(&mut app, "<Enter>))scAlpha<Enter>scBeta<Enter>");
    press(&mut app, ")scGamma<Enter>)s3");
    press(&mut app, "}scDelta<Enter>");
    app
}

/// Move the themes cursor (with j/k) to the row for which `f` holds.
fn goto_row(app: &mut App, f: impl Fn(&App, &ThemeRow) -> bool) {
    press(app, "g");
    for _ in 0..app.themes.rows.len() {
        let row = app.themes.selected().unwrap().clone();
        if f(app, &row) {
            return;
        }
        press(app, "j");
    }
    panic!("row not found in {:?}", app.themes.rows);
}

fn goto_theme(app: &mut App, name: &str) {
    goto_row(
        app,
        |a, r| matches!(r, ThemeRow::Theme(i) if a.themes.themes[*i].name == name),
    );
}

fn goto_code(app: &mut App, theme: Option<&str>, name: &str) {
    goto_row(app, |a, r| match r {
        ThemeRow::Code { theme: t, name: n } => {
            n == name && t.map(|i| a.themes.themes[i].name.as_str()) == theme
        }
        _ => false,
    });
}

fn theme_names(app: &App) -> Vec<String> {
    app.project
        .themes()
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect()
}

#[test]
fn themes_screen_builds_themes_with_the_keyboard() {
    use thema::model::Phase;
    use thema::tui::Screen;
    let mut app = themed_app();
    assert_eq!(app.project.codes().unwrap().len(), 4);
    press(&mut app, "T");
    assert_eq!(app.screen, Screen::Themes);
    assert_eq!(app.themes.unthemed.len(), 4);
    // a: a new theme, cursor on it.
    press(&mut app, "aSociale context<Enter>");
    let t = app.project.theme("Sociale context").unwrap();
    assert_eq!(t.phase, Phase::Candidate);
    assert!(t.codes.is_empty());
    assert!(app.message.as_deref().unwrap().contains("created theme"));
    assert_eq!(app.themes.current_theme().unwrap().name, "Sociale context");
    // > on a code: the theme picker, fuzzy.
    goto_code(&mut app, None, "Alpha");
    press(&mut app, ">soc");
    assert!(matches!(app.mode, Mode::ThemePicker { .. }));
    press(&mut app, "<Enter>");
    assert_eq!(
        app.project.theme("Sociale context").unwrap().codes,
        vec!["Alpha".to_string()]
    );
    // The cursor moves on to the next code not in a theme.
    assert_eq!(
        app.themes.selected(),
        Some(&ThemeRow::Code {
            theme: None,
            name: "Beta".into()
        })
    );
    // Enter with a new name creates the theme holding the code.
    press(&mut app, ">Heimelijkheid<Enter>");
    assert_eq!(
        app.project.theme("Heimelijkheid").unwrap().codes,
        vec!["Beta".to_string()]
    );
    assert_eq!(theme_names(&app), vec!["Sociale context", "Heimelijkheid"]);
    assert_eq!(app.themes.unthemed, vec!["Delta", "Gamma"]);

    // Phases: 1/2/3 and p cycling.
    goto_theme(&mut app, "Sociale context");
    press(&mut app, "2");
    assert_eq!(
        app.project.theme("Sociale context").unwrap().phase,
        Phase::Reviewed
    );
    press(&mut app, "p");
    assert_eq!(
        app.project.theme("Sociale context").unwrap().phase,
        Phase::Defined
    );
    press(&mut app, "p");
    assert_eq!(
        app.project.theme("Sociale context").unwrap().phase,
        Phase::Candidate
    );

    // The definition, edited in place in the multi-line editor.
    press(&mut app, "eRegel een<Enter>regel twee<Up>!<C-s>");
    assert_eq!(
        app.project.theme("Sociale context").unwrap().definition,
        "Regel een!\nregel twee"
    );
    assert_eq!(
        app.themes.current_theme().unwrap().definition,
        "Regel een!\nregel twee"
    );
    assert!(app.message.as_deref().unwrap().contains("definition"));

    // Reorder: K / J and Alt-↑ / Alt-↓.
    goto_theme(&mut app, "Heimelijkheid");
    press(&mut app, "K");
    assert_eq!(theme_names(&app), vec!["Heimelijkheid", "Sociale context"]);
    assert_eq!(app.themes.current_theme().unwrap().name, "Heimelijkheid");
    press(&mut app, "<A-Down>");
    assert_eq!(theme_names(&app), vec!["Sociale context", "Heimelijkheid"]);
    press(&mut app, "<A-Up>J");
    assert_eq!(theme_names(&app), vec!["Sociale context", "Heimelijkheid"]);

    // Rename.
    press(&mut app, "R<BS><BS><BS><BS>LIJK<Enter>");
    assert_eq!(theme_names(&app), vec!["Sociale context", "HeimelijkLIJK"]);
    press(&mut app, "u");
    assert_eq!(theme_names(&app), vec!["Sociale context", "Heimelijkheid"]);

    // Subtheme and back: > / < on a theme.
    goto_theme(&mut app, "Heimelijkheid");
    press(&mut app, ">");
    assert_eq!(
        app.project
            .theme("Heimelijkheid")
            .unwrap()
            .parent
            .as_deref(),
        Some("Sociale context")
    );
    assert_eq!(app.themes.depths, vec![0, 1]);
    press(&mut app, "<");
    assert_eq!(app.project.theme("Heimelijkheid").unwrap().parent, None);

    // x on a code inside a theme takes it out; u puts it back.
    goto_code(&mut app, Some("Sociale context"), "Alpha");
    press(&mut app, "x");
    assert!(
        app.project
            .theme("Sociale context")
            .unwrap()
            .codes
            .is_empty()
    );
    assert!(app.themes.unthemed.contains(&"Alpha".to_string()));
    press(&mut app, "u");
    assert_eq!(
        app.project.theme("Sociale context").unwrap().codes,
        vec!["Alpha".to_string()]
    );
    assert!(!app.themes.unthemed.contains(&"Alpha".to_string()));

    // Memo on the theme.
    goto_theme(&mut app, "Heimelijkheid");
    press(&mut app, "mgeheim<Enter>houden<C-s>");
    let memo = app
        .project
        .memo(&MemoTarget::Theme("Heimelijkheid".into()))
        .unwrap()
        .unwrap();
    assert_eq!(memo.text, "geheim\nhouden");

    // Errors become status messages: nesting the first theme has no parent.
    goto_theme(&mut app, "Sociale context");
    press(&mut app, ">");
    assert!(app.message.as_deref().unwrap().contains("no theme above"));
    // Delete and undo.
    goto_theme(&mut app, "Heimelijkheid");
    press(&mut app, "D");
    assert_eq!(theme_names(&app), vec!["Sociale context"]);
    press(&mut app, "u");
    assert_eq!(theme_names(&app), vec!["Sociale context", "Heimelijkheid"]);
    // z hides the codes under the themes (an overview), and shows them again.
    goto_code(&mut app, Some("Sociale context"), "Alpha");
    press(&mut app, "z");
    assert!(app.themes.folded);
    assert!(
        !app.themes
            .rows
            .iter()
            .any(|r| matches!(r, ThemeRow::Code { theme: Some(_), .. }))
    );
    assert_eq!(app.themes.current_theme().unwrap().name, "Sociale context");
    press(&mut app, "z");
    assert_eq!(app.themes.rows.len(), 2 + 2 + 1 + 2);
    // Esc (or T) goes back to the workbench.
    press(&mut app, "<Esc>");
    assert_eq!(app.screen, Screen::Workbench);
}

#[test]
fn review_reader_steps_through_the_themes_excerpts_once_each() {
    let mut app = themed_app();
    let all = excerpts(&app, "P01");
    assert_eq!(all.len(), 4);
    press(&mut app, "TaA<Enter>");
    goto_code(&mut app, None, "Alpha");
    press(&mut app, ">A<Enter>");
    goto_code(&mut app, None, "Beta");
    press(&mut app, ">A<Enter>");
    // A subtheme's codes count for its parent.
    press(&mut app, "aSub<Enter>");
    goto_code(&mut app, None, "Gamma");
    press(&mut app, ">Sub<Enter>");
    goto_theme(&mut app, "Sub");
    press(&mut app, ">");
    assert_eq!(
        app.project.theme("Sub").unwrap().parent.as_deref(),
        Some("A")
    );
    goto_theme(&mut app, "A");
    // Alpha + Beta share an excerpt: it is read once. Gamma via the subtheme.
    let expected: Vec<i64> = all
        .iter()
        .filter(|e| {
            e.codes
                .iter()
                .any(|c| c == "Alpha" || c == "Beta" || c == "Gamma")
        })
        .map(|e| e.id)
        .collect();
    assert_eq!(expected.len(), 3);
    let mut seen = Vec::new();
    for _ in 0..5 {
        let (e, codes) = &app.themes.review[app.themes.review_sel];
        if seen.last() != Some(&e.excerpt) {
            seen.push(e.excerpt);
        }
        assert!(!codes.is_empty());
        press(&mut app, "n");
    }
    assert_eq!(seen, expected);
    assert!(app.message.as_deref().unwrap().contains("last excerpt"));
    let key = app.project.theme("A").unwrap();
    assert_eq!(app.themes.counts.get(&key_of(&app, "A")), Some(&3));
    assert_eq!(key.codes, vec!["Alpha".to_string(), "Beta".to_string()]);
    press(&mut app, "NN");
    assert_eq!(app.themes.review_sel, 0);
    // The first excerpt has both codes.
    assert_eq!(
        app.themes.review[0].1,
        vec!["Alpha".to_string(), "Beta".to_string()]
    );
    // o opens it in the reader, selected.
    press(&mut app, "o");
    assert_eq!(app.screen, thema::tui::Screen::Workbench);
    let sel = app.reader.as_ref().unwrap().selection_span().unwrap();
    assert_eq!(sel, all[0].span());
    // A code not in a theme is reviewed on its own; / goes to it by name.
    press(&mut app, "T/delt");
    assert!(matches!(app.mode, Mode::ThemePicker { .. }));
    press(&mut app, "<Enter>");
    assert_eq!(
        app.themes.selected(),
        Some(&ThemeRow::Code {
            theme: None,
            name: "Delta".into()
        })
    );
    assert_eq!(app.themes.review.len(), 1);
    // / to a theme, also when the codes are hidden.
    press(&mut app, "z/Sub<Enter>");
    assert_eq!(app.themes.current_theme().unwrap().name, "Sub");
}

fn key_of(app: &App, theme: &str) -> i64 {
    app.themes
        .themes
        .iter()
        .find(|t| t.name == theme)
        .unwrap()
        .key
}

// ---------------------------------------------------------------- snapshots

/// P01 with a paragraph coded and two sentences inside it coded again.
fn coded_app() -> App {
    let mut app = app();
    press(&mut app, "<Enter>}pcBeleving slachtoffer<Enter>");
    press(&mut app, "sc");
    press(&mut app, "Geen registratie<Enter>");
    press(&mut app, ")sc");
    press(&mut app, "Geen registratie<Enter>");
    press(&mut app, "}}jj");
    app
}

#[test]
fn snapshot_documents_screen() {
    let mut app = app();
    insta::assert_snapshot!("documents_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("documents_60x20", screen(&mut app, 60, 20));
}

#[test]
fn snapshot_reader_with_overlaps() {
    let mut app = coded_app();
    insta::assert_snapshot!("reader_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("reader_60x20", screen(&mut app, 60, 20));
    // The styles: a sentence inside the coded paragraph is bold/underlined
    // (two layers), the rest of the paragraph only has its background.
    // (The gutter shows when the coding-stripe margin is off.)
    press(&mut app, "gg|");
    let terminal = render(&mut app, 120, 40);
    let buf = terminal.backend().buffer();
    let a = app.areas().text;
    let r = app.reader.as_ref().unwrap();
    let p1 = text::paragraphs(&r.doc.text)[1];
    let row = r.wrapped.line_of(p1.start) - r.scroll;
    let first = &buf[(a.x, a.y + row as u16)];
    assert!(first.modifier.contains(ratatui::style::Modifier::BOLD));
    assert_ne!(first.bg, ratatui::style::Color::Reset);
    let gutter = &buf[(a.x - 4, a.y + row as u16)];
    assert_eq!(gutter.symbol(), "▌");
    // NO_COLOR: no colour at all, underline instead.
    app.options.no_color = true;
    let terminal = render(&mut app, 120, 40);
    let buf = terminal.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
    }
    let first = &buf[(a.x, a.y + row as u16)];
    assert!(
        first
            .modifier
            .contains(ratatui::style::Modifier::UNDERLINED)
    );
    insta::assert_snapshot!("reader_no_color_60x20", screen(&mut app, 60, 20));
}

#[test]
fn snapshot_picker() {
    let mut app = coded_app();
    press(&mut app, "sc");
    insta::assert_snapshot!("picker_empty_120x40", screen(&mut app, 120, 40));
    press(&mut app, "geen");
    insta::assert_snapshot!("picker_filtered_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("picker_filtered_60x20", screen(&mut app, 60, 20));
}

#[test]
fn snapshot_help() {
    let mut app = app();
    press(&mut app, "?");
    insta::assert_snapshot!("help_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("help_60x20", screen(&mut app, 60, 20));
    press(&mut app, "<End>");
    assert!(matches!(app.mode, Mode::Help(_)));
    let scrolled = screen(&mut app, 60, 20);
    assert!(scrolled.contains("Mouse: click"), "{scrolled}");
    press(&mut app, "x");
    assert!(matches!(app.mode, Mode::Normal));
}

/// The text inside the help box of a rendered screen, row by row, with
/// runs of spaces collapsed and rows joined by a space (so a help text
/// wrapped onto a second row reads as one).
fn help_text(screen: &str) -> String {
    screen
        .lines()
        .map(|row| {
            let row: Vec<char> = row.trim_matches('"').chars().collect();
            let inner: String = row[1..row.len().saturating_sub(1)].iter().collect();
            inner
        })
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn help_scrolls_to_every_binding_at_80x24() {
    // Failed before: at 80×24 the help showed two cut columns and no
    // position; the hit list, coverage, memos, attributes, prompt and
    // dialog keys were missing, long help texts were cut with "…".
    let mut app = app();
    press(&mut app, "?");
    let first = screen(&mut app, 80, 24);
    assert!(first.contains("lines 1–20 of "), "{first}");
    let mut screens = vec![help_text(&first)];
    for _ in 0..400 {
        press(&mut app, "j");
        let s = screen(&mut app, 80, 24);
        if help_text(&s) == *screens.last().unwrap() {
            break;
        }
        screens.push(help_text(&s));
    }
    assert!(screens.len() > 2, "it scrolls");
    for b in thema::tui::keymap::BINDINGS
        .iter()
        .filter(|b| !b.label.is_empty())
    {
        let want = format!("{} {}", b.label, b.help)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            screens.iter().any(|s| s.contains(&want)),
            "{:?} {want:?} not in the help",
            b.ctx
        );
    }
    assert!(
        screens
            .last()
            .unwrap()
            .contains("Mouse: click places the cursor")
    );
    // End shows the last page, the position says so; Home goes back.
    press(&mut app, "<Home><End>");
    let last = screen(&mut app, 80, 24);
    assert_eq!(help_text(&last), *screens.last().unwrap());
    let Mode::Help(end) = app.mode else { panic!() };
    assert!(
        last.contains(&format!("–{} of {}", end + 20, end + 20)),
        "{last}"
    );
    // Scrolling never runs past the end: one k after End moves one line.
    press(&mut app, "<End>k");
    assert!(matches!(app.mode, Mode::Help(n) if n == end - 1));
    press(&mut app, "<PgUp>");
    assert!(matches!(app.mode, Mode::Help(n) if n == end - 21));
    press(&mut app, "<Home>");
    assert!(matches!(app.mode, Mode::Help(0)));
    insta::assert_snapshot!("help_80x24", screen(&mut app, 80, 24));
    press(&mut app, "<PgDn>");
    insta::assert_snapshot!("help_80x24_page_2", screen(&mut app, 80, 24));
    // Another key closes it.
    press(&mut app, "x");
    assert!(matches!(app.mode, Mode::Normal));
}

#[test]
fn too_small_and_resizing_back() {
    let mut app = coded_app();
    let small = screen(&mut app, 59, 19);
    assert!(small.contains("terminal too small"), "{small}");
    for (w, h) in [(60, 20), (61, 21), (200, 60), (80, 24), (20, 5), (120, 40)] {
        let s = screen(&mut app, w, h);
        assert_eq!(
            s.contains("terminal too small"),
            w < 60 || h < 20,
            "{w}×{h}"
        );
    }
    // Resizing keeps the cursor on screen.
    let r = app.reader.as_ref().unwrap();
    let line = r.wrapped.line_of(r.cursor);
    assert!(line >= r.scroll && line < r.scroll + app.areas().text.height as usize);
}

#[test]
fn snapshot_themes_screen() {
    let mut app = themed_app();
    press(&mut app, "TaSociale context<Enter>");
    goto_code(&mut app, None, "Alpha");
    press(&mut app, ">Soc<Enter>>Soc<Enter>");
    press(&mut app, "aHeimelijkheid<Enter>");
    goto_code(&mut app, None, "Gamma");
    press(&mut app, ">Heim<Enter>");
    goto_theme(&mut app, "Heimelijkheid");
    press(&mut app, ">");
    goto_theme(&mut app, "Sociale context");
    press(&mut app, "2eWat slachtoffers en hun omgeving merken.<C-s>n");
    app.message = None;
    insta::assert_snapshot!("themes_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("themes_60x20", screen(&mut app, 60, 20));
    press(&mut app, "e");
    insta::assert_snapshot!("themes_definition_editor_120x40", screen(&mut app, 120, 40));
    press(&mut app, "<Enter>Grens: <Up><Left><Left>");
    insta::assert_snapshot!("themes_definition_editor_60x20", screen(&mut app, 60, 20));
    press(&mut app, "<Esc>y");
    goto_code(&mut app, None, "Delta");
    press(&mut app, ">");
    insta::assert_snapshot!("themes_picker_60x20", screen(&mut app, 60, 20));
}

#[test]
fn snapshot_memo_editor() {
    let mut app = coded_app();
    press(&mut app, "m");
    press(
        &mut app,
        "Eerste regel van het memo.<Enter><Enter>Tweede alinea, lang genoeg om over de rand te lopen en netjes af te breken op een woordgrens.<Up>",
    );
    insta::assert_snapshot!("memo_editor_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("memo_editor_60x20", screen(&mut app, 60, 20));
}

#[test]
fn changes_from_another_terminal_are_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    let mut setup = Project::create(&path).unwrap();
    let body = "# Interview\n\nEerste zin. Tweede zin.\n".to_owned();
    let doc = |text: &str| thema::store::NewDocument {
        id: "P1".into(),
        sha256: text::sha256_hex(text),
        text: text.to_owned(),
        attributes: Attributes::new(),
        source: None,
    };
    setup.import(vec![doc(&body)], false).unwrap();
    let mut app = App::new(Project::open(&path).unwrap(), options()).unwrap();
    update(&mut app, tui::Action::Resize(120, 40));
    assert!(
        !tui::handle(&mut app, &Event::FocusGained),
        "nothing changed yet"
    );

    // Another connection (a CLI command elsewhere) codes a sentence.
    let mut other = Project::open(&path).unwrap();
    other
        .apply_code("P1", Span::new(13, 24), "Van buiten")
        .unwrap();
    assert!(tui::handle(&mut app, &Event::FocusGained));
    assert!(app.codes.list.iter().any(|c| c.name == "Van buiten"));
    assert_eq!(app.reader.as_ref().unwrap().marks.len(), 1);
    assert!(app.message.as_deref().unwrap().contains("changed outside"));

    // …and re-imports the write-up with text in front: the reader shows the
    // new text and the excerpt at its re-anchored place.
    let new_body = "# Interview\n\nNieuw begin.\n\nEerste zin. Tweede zin.\n";
    other.import(vec![doc(new_body)], true).unwrap();
    tui::handle(&mut app, &Event::FocusGained);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.doc.text, new_body);
    let m = &r.marks[0];
    assert_eq!(&new_body[m.span.start..m.span.end], "Eerste zin.");
}

/// `thema theme list` (the reports' counting) and the themes screen (the
/// store's counting) agree on every theme: a parent theme counts its
/// subthemes' excerpts, an excerpt with several of a theme's codes counts
/// once, and a code in two themes counts in both.
#[test]
fn theme_list_and_themes_screen_count_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("study.db");
    let mut p = Project::create(&file).unwrap();
    p.set_coder("tester");
    let src = project();
    let docs: Vec<thema::store::NewDocument> = (1..=6)
        .map(|i| {
            let d = src.document(&format!("P0{i}")).unwrap();
            thema::store::NewDocument {
                id: d.id.clone(),
                sha256: text::sha256_hex(&d.text),
                text: d.text,
                attributes: d.attributes,
                source: None,
            }
        })
        .collect();
    p.import(docs, false).unwrap();
    // Sentences 1–12 of each document: codes A (1–8), B (5–12), C (3, 9),
    // D (every third), so excerpts carry one to three codes.
    for i in 1..=6 {
        let id = format!("P0{i}");
        let t = p.document(&id).unwrap().text;
        let sentences = text::units(&t, Unit::Sentence);
        for (k, s) in sentences.iter().enumerate().skip(1).take(12) {
            for (code, on) in [
                ("A", k <= 8),
                ("B", k >= 5),
                ("C", k == 3 || k == 9),
                ("D", k % 3 == 0),
            ] {
                if on {
                    p.apply_code(&id, *s, code).unwrap();
                }
            }
        }
    }
    p.create_theme_with_codes("Top", "", None, &["A", "C"])
        .unwrap();
    p.create_theme_with_codes("Sub", "", Some("Top"), &["B", "C"])
        .unwrap();
    p.create_theme_with_codes("Subsub", "", Some("Sub"), &["D"])
        .unwrap();
    p.create_theme_with_codes("Other", "", None, &["D", "A"])
        .unwrap();
    drop(p);

    let out = assert_cmd::Command::cargo_bin("thema")
        .unwrap()
        .env_remove("THEMA_PROJECT")
        .args(["--project", file.to_str().unwrap(), "theme", "list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let mut listed = std::collections::BTreeMap::new();
    for line in out.lines().skip(1) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let n: usize = cols[2].parse().unwrap();
        listed.insert(cols[0].to_owned(), n);
    }

    let mut app = App::new(Project::open(&file).unwrap(), options()).unwrap();
    press(&mut app, "T");
    let screen: std::collections::BTreeMap<String, usize> = app
        .themes
        .themes
        .iter()
        .map(|t| (t.name.clone(), app.themes.counts[&t.key]))
        .collect();
    assert_eq!(listed, screen);
    // Hand count per document: sentences 1–12 are all coded; Top gathers
    // A, C and (through Sub and Subsub) B and D: all 12; Subsub: D on
    // sentences 3, 6, 9, 12 = 4; Sub: B ∪ C ∪ D = 3 and 5–12 = 9; Other:
    // A ∪ D = 1–8 plus 9 and 12 = 10.
    assert_eq!(screen["Top"], 6 * 12);
    assert_eq!(screen["Sub"], 6 * 9);
    assert_eq!(screen["Subsub"], 6 * 4);
    assert_eq!(screen["Other"], 6 * 10);
}

/// Issue 10: coding the sentence around every “ of the six example
/// write-ups (the same files as the shared corpus) gives excerpts whose
/// quotation marks are balanced, and quotations opened mid-sentence keep
/// both their marks.
#[test]
fn coding_every_sentence_with_a_quotation_mark_gives_balanced_quotes() {
    let mut app = app();
    let ids: Vec<String> = app.documents.list.iter().map(|d| d.id.clone()).collect();
    let mut sentences = 0;
    for id in &ids {
        app.open(id).unwrap();
        app.focus = Pane::Reader;
        let t = text_of(&app);
        for (o, _) in t.match_indices('“') {
            app.reader.as_mut().unwrap().cursor = o;
            press(&mut app, "s");
            press(&mut app, "cCitaat<Enter>");
            sentences += 1;
        }
    }
    assert_eq!(sentences, 62, "every “ of the corpus");
    let all = app
        .project
        .excerpts(&ExcerptFilter {
            doc: None,
            code: Some("Citaat".into()),
        })
        .unwrap();
    let count = |s: &str, c: char| s.chars().filter(|x| *x == c).count();
    let unbalanced: Vec<&str> = all
        .iter()
        .map(|e| e.text.as_str())
        .filter(|t| count(t, '“') != count(t, '”'))
        .collect();
    assert!(all.len() >= 45, "{} excerpts", all.len());
    assert!(
        unbalanced.is_empty(),
        "{} unbalanced: {unbalanced:#?}",
        unbalanced.len()
    );
    // The quotation introduced by a colon is one excerpt, both marks kept.
    assert!(all.iter().any(|e| {
        e.text
            .starts_with("De geïnterviewde vat het zo samen: “Wij")
            && e.text.ends_with("verhaal.”")
    }));
}

/// The selected text of the reader.
fn selected(app: &App) -> String {
    let r = app.reader.as_ref().unwrap();
    let s = r.selection_span().expect("a selection");
    r.doc.text[s.start..s.end].to_owned()
}

const P01_S1: &str = "De geïnterviewde werkt sinds 2011 bij de politie en vervult sinds vier jaar de rol van korpsexpert mensenhandel binnen de AVIM van de eenheid.";
const P01_S2: &str = "Daarvoor werkte de geïnterviewde als rechercheur in een team dat zich met zeden- en jeugdzaken bezighield.";
const P01_QUOTE: &str = "“Wij hebben er niet één zelf gevonden. Het komt altijd via het slachtoffer of via iemand die dicht bij haar staat, en vaak zit het verstopt in een heel ander verhaal.”";

#[test]
fn capital_s_extends_from_any_selection_and_stops_at_headings() {
    let mut app = app();
    press(&mut app, "<Enter>)sS");
    assert_eq!(selected(&app), format!("{P01_S1} {P01_S2}"));
    // From a visual selection ending mid-sentence: the rest of that sentence.
    press(&mut app, "<Esc>g)vwwS");
    assert_eq!(selected(&app), P01_S1);
    // `) S` at the paragraph's end: the heading needs a second S.
    press(&mut app, "<Esc>)))s)S");
    assert_eq!(
        selected(&app),
        "Het gesprek werd telefonisch gevoerd en duurde iets minder dan een uur."
    );
    assert!(app.message.as_deref().unwrap().contains("heading"));
    press(&mut app, "S");
    assert!(selected(&app).ends_with("uur.\n\n## Ervaring met meldingen"));
}

#[test]
fn visual_motions_never_take_a_letter_of_the_next_unit() {
    let mut app = app();
    press(&mut app, "<Enter>)v)");
    assert_eq!(selected(&app), P01_S1);
    press(&mut app, ")");
    assert_eq!(selected(&app), format!("{P01_S1} {P01_S2}"));
    press(&mut app, "<Esc>g)vw");
    assert_eq!(selected(&app), "De");
}

#[test]
fn quote_key_selects_the_quotation_and_edges_move_keeping_codes_and_memo() {
    let mut app = app();
    press(&mut app, "<Enter>/vat het zo samen<Enter>\"");
    assert_eq!(selected(&app), P01_QUOTE);
    press(&mut app, "cCitaat<Enter>");
    let before = excerpts(&app, "P01");
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].text, P01_QUOTE);
    let id = before[0].id;
    press(&mut app, "/Wij hebben er niet<Enter>mnotitie<C-s>");
    // `<` on the start edge: the whole sentence that introduces the quote.
    press(&mut app, "<");
    let after = excerpts(&app, "P01");
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].id, id);
    assert_eq!(
        after[0].text,
        format!("De geïnterviewde vat het zo samen: {P01_QUOTE}")
    );
    assert_eq!(after[0].codes, vec!["Citaat".to_string()]);
    let memo = app.project.memo(&MemoTarget::Excerpt(id)).unwrap().unwrap();
    assert_eq!(memo.text, "notitie");
    // One change: one undo restores the quotation.
    press(&mut app, "u");
    assert_eq!(excerpts(&app, "P01")[0].text, P01_QUOTE);
    assert!(
        app.project
            .memo(&MemoTarget::Excerpt(id))
            .unwrap()
            .is_some()
    );
    // `>` on the end edge of a one-sentence excerpt takes in the next one.
    press(&mut app, "<Esc>g))scTweede<Enter>)hh>");
    let e = excerpts(&app, "P01");
    let widened = e
        .iter()
        .find(|e| e.codes == vec!["Tweede".to_string()])
        .unwrap();
    assert!(widened.text.starts_with("Daarvoor") && widened.text.ends_with("bezighield. Als korpsexpert beoordeelt de geïnterviewde binnenkomende signalen van mensenhandel, adviseert collega's in de basisteams en vertegenwoordigt de eenheid in het regionale overleg met gemeenten, zorgcoördinatoren en het Openbaar Ministerie."), "{}", widened.text);
}

#[test]
fn snapshot_quotation_selected() {
    let mut app = app();
    press(&mut app, "<Enter>/vat het zo samen<Enter>\"");
    insta::assert_snapshot!("quotation_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("quotation_80x24", screen(&mut app, 80, 24));
}

/// Codes sharing words, applied in this order (so the last is most recent).
fn word_codes_app() -> App {
    let mut app = app();
    press(&mut app, "<Enter>)");
    for name in [
        "Gebrek aan digitale kennis",
        "Gebrek aan capaciteit",
        "Handen en kennis tekort",
        "Capaciteitstekort",
    ] {
        press(&mut app, &format!("sc{name}<Enter>)"));
    }
    app
}

#[test]
fn picker_finds_words_inside_names_and_prefers_recent_ties() {
    let mut app = word_codes_app();
    // `kennis` is a word of two names: the more recently used comes first,
    // and Enter codes with it instead of creating "kennis".
    press(&mut app, "sckennis");
    let Mode::Picker(p) = &app.mode else {
        panic!("picker not open")
    };
    use thema::tui::picker::Choice;
    assert_eq!(
        p.items[..2],
        [
            Choice::Existing("Handen en kennis tekort".into()),
            Choice::Existing("Gebrek aan digitale kennis".into())
        ]
    );
    press(&mut app, "<Enter>");
    assert_eq!(app.project.codes().unwrap().len(), 4);
    assert_eq!(
        app.project
            .code("Handen en kennis tekort")
            .unwrap()
            .excerpts,
        2
    );
    // A word prefix; a name in another case is offered, not created.
    press(&mut app, ")scdig<Enter>");
    assert_eq!(
        app.project
            .code("Gebrek aan digitale kennis")
            .unwrap()
            .excerpts,
        2
    );
    press(&mut app, ")scGEBREK AAN CAPACITEIT");
    let Mode::Picker(p) = &app.mode else {
        panic!("picker not open")
    };
    assert_eq!(p.items, [Choice::Existing("Gebrek aan capaciteit".into())]);
    press(&mut app, "<Enter>");
    assert_eq!(app.project.codes().unwrap().len(), 4);
}

#[test]
fn snapshot_picker_words() {
    let mut app = word_codes_app();
    press(&mut app, "sckennis");
    insta::assert_snapshot!("picker_words_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("picker_words_80x24", screen(&mut app, 80, 24));
}

#[test]
fn themes_screen_enter_and_stray_letters_start_no_edit() {
    let mut app = themed_app();
    press(&mut app, "TaSociale context<Enter>");
    goto_theme(&mut app, "Sociale context");
    // Enter on a theme and on a code: a hint, no editor, no picker.
    press(&mut app, "<Enter>");
    assert!(matches!(app.mode, Mode::Normal));
    assert!(app.message.as_deref().unwrap().contains("e edits"));
    goto_code(&mut app, None, "Alpha");
    press(&mut app, "<Enter>");
    assert!(matches!(app.mode, Mode::Normal));
    assert!(app.message.as_deref().unwrap().contains("> adds"));
    assert_eq!(theme_names(&app), vec!["Sociale context".to_string()]);
    // r is no command any more; R renames.
    goto_theme(&mut app, "Sociale context");
    press(&mut app, "r");
    assert!(matches!(app.mode, Mode::Normal));
    press(&mut app, "R");
    assert!(matches!(app.mode, Mode::Input { .. }));
}

#[test]
fn esc_on_a_changed_draft_asks_first() {
    let mut app = themed_app();
    press(&mut app, "TaSociale context<Enter>");
    goto_theme(&mut app, "Sociale context");
    press(&mut app, "eDwang blijft verborgen");
    press(&mut app, "<Esc>");
    assert!(matches!(app.mode, Mode::ConfirmDiscard(_)));
    // n: back to the text, nothing lost.
    press(&mut app, "n");
    let Mode::Edit(e) = &app.mode else {
        panic!("editor not open")
    };
    assert_eq!(e.editor.text, "Dwang blijft verborgen");
    // y: discarded, nothing saved, no draft left.
    press(&mut app, "<Esc>y");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.project.theme("Sociale context").unwrap().definition, "");
    assert!(app.project.drafts().unwrap().is_empty());
    // An unchanged editor closes at once.
    press(&mut app, "e<Esc>");
    assert!(matches!(app.mode, Mode::Normal));
}

#[test]
fn drafts_survive_a_killed_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("study.db");
    {
        let mut p = Project::create(&file).unwrap();
        p.set_coder("tester");
        let src = project();
        let d = src.document("P01").unwrap();
        p.import(
            vec![thema::store::NewDocument {
                id: d.id.clone(),
                sha256: text::sha256_hex(&d.text),
                text: d.text,
                attributes: d.attributes,
                source: None,
            }],
            false,
        )
        .unwrap();
    }
    let open = || {
        let mut p = Project::open(&file).unwrap();
        p.set_coder("tester");
        let mut app = App::new(p, options()).unwrap();
        update(&mut app, tui::Action::Resize(120, 40));
        app
    };
    let mut app = open();
    press(&mut app, "mEen halve gedachte");
    // The terminal dies: no save, no Esc, the process just ends.
    drop(app);
    let mut app = open();
    let Mode::Edit(e) = &app.mode else {
        panic!("the draft was not restored")
    };
    assert_eq!(e.editor.text, "Een halve gedachte");
    assert!(app.message.as_deref().unwrap().contains("restored"));
    press(&mut app, " die af is<C-s>");
    let memo = app
        .project
        .memo(&MemoTarget::Document("P01".into()))
        .unwrap()
        .unwrap();
    assert_eq!(memo.text, "Een halve gedachte die af is");
    assert!(app.project.drafts().unwrap().is_empty());
    drop(app);
    assert!(matches!(open().mode, Mode::Normal));
}

#[test]
fn editor_word_motions_and_home_end() {
    let mut app = app();
    press(&mut app, "meen twee drie<C-Left>X");
    let text = |app: &App| match &app.mode {
        Mode::Edit(e) => e.editor.text.clone(),
        _ => panic!("editor not open"),
    };
    assert_eq!(text(&app), "een twee Xdrie");
    press(&mut app, "<Home><A-f>!");
    assert_eq!(text(&app), "een! twee Xdrie");
    press(&mut app, "<End><A-b><A-b>_");
    assert_eq!(text(&app), "een! _twee Xdrie");
    press(&mut app, "<C-Right><C-Right>.");
    assert_eq!(text(&app), "een! _twee Xdrie.");
}

#[test]
fn snapshot_discard_question() {
    let mut app = themed_app();
    press(&mut app, "TaSociale context<Enter>");
    goto_theme(&mut app, "Sociale context");
    press(&mut app, "eDwang blijft verborgen<Esc>");
    insta::assert_snapshot!("discard_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("discard_80x24", screen(&mut app, 80, 24));
}

#[test]
fn star_marks_the_excerpt_under_the_cursor_as_a_key_quote() {
    let mut app = app();
    press(&mut app, "<Enter>))scAlpha<Enter>");
    let id = excerpts(&app, "P01")[0].id;
    press(&mut app, "*");
    assert!(app.project.quote_marks().unwrap()[&id].key);
    // Again: no longer a key quote; u undoes that.
    press(&mut app, "*");
    assert!(!app.project.quote_marks().unwrap().contains_key(&id));
    press(&mut app, "u");
    assert!(app.project.quote_marks().unwrap()[&id].key);
    // Off any excerpt: nothing is marked.
    press(&mut app, "G*");
    assert_eq!(app.project.quote_marks().unwrap().len(), 1);
}

/// The six write-ups in a project file (another connection can lock it).
fn file_app(dir: &Path) -> App {
    let path = dir.join("wait.db");
    {
        let mut p = Project::create(&path).unwrap();
        let mem = project();
        p.set_coder("tester");
        let docs = mem
            .document_texts()
            .unwrap()
            .into_iter()
            .map(|(id, text)| thema::store::NewDocument {
                id,
                sha256: text::sha256_hex(&text),
                text,
                attributes: Attributes::new(),
                source: None,
            })
            .collect();
        p.import(docs, false).unwrap();
    }
    let mut p = Project::open(&path).unwrap();
    p.set_coder("tester");
    let mut app = App::new(p, options()).unwrap();
    update(&mut app, tui::Action::Resize(120, 40));
    app
}

/// Another thema's write: holds the project's write lock until dropped.
struct OtherWriter(rusqlite::Connection);

impl OtherWriter {
    fn lock(path: &Path) -> OtherWriter {
        let c = rusqlite::Connection::open(path).unwrap();
        c.execute_batch("BEGIN IMMEDIATE").unwrap();
        OtherWriter(c)
    }
    fn done(self) {
        self.0.execute_batch("COMMIT").unwrap();
    }
}

fn status_line(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| tui::views::draw(f, app)).unwrap();
    let buf = terminal.backend().buffer();
    (0..120).map(|x| buf[(x, 39)].symbol()).collect()
}

#[test]
fn a_change_waits_for_another_writer_while_keys_keep_working() {
    // Failed before: the call waited inside SQLite's busy handler, so the
    // event loop took no key and drew nothing until the other write ended
    // (and after 5 s dropped the coding).
    let dir = tempfile::tempdir().unwrap();
    let mut app = file_app(dir.path());
    let path = app.project.path().to_owned();
    let other = OtherWriter::lock(&path);
    press(&mut app, "<Enter>))s");
    let span = app.reader.as_ref().unwrap().selection_span().unwrap();
    press(&mut app, "cWacht<Enter>");
    // Not written, not lost: it waits, and the status line says so.
    assert!(excerpts(&app, "P01").is_empty());
    let p = app.pending.as_ref().expect("the coding waits");
    assert!(p.write.label().contains("Wacht"), "{}", p.write.label());
    assert!(matches!(app.mode, Mode::Normal));
    let status = status_line(&app);
    assert!(status.contains("waiting for another thema"), "{status}");
    // Keys keep working while it waits: the cursor moves on, the selection
    // changes, a help overlay opens and closes.
    let at = cursor(&app);
    press(&mut app, "))");
    assert!(cursor(&app) > at);
    press(&mut app, "s?<Esc>");
    assert!(matches!(app.mode, Mode::Normal));
    // A second change is refused with the reason, not queued behind it.
    press(&mut app, "u");
    assert!(app.message.as_deref().unwrap().contains("still waiting"));
    // The other writer finishes: the next tick codes the span chosen then
    // (not the selection of now), once.
    other.done();
    tui::handle(&mut app, &Event::FocusGained);
    assert!(app.pending.is_none());
    let stored = excerpts(&app, "P01");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].span(), span);
    assert_eq!(stored[0].codes, ["Wacht"]);
    assert!(app.message.as_deref().unwrap().contains("coded"));

    // Esc cancels a waiting change: nothing is written, even later.
    let other = OtherWriter::lock(&path);
    press(&mut app, "u");
    assert!(app.pending.is_some());
    press(&mut app, "<Esc>");
    assert!(app.pending.is_none());
    assert!(app.message.as_deref().unwrap().contains("cancelled"));
    other.done();
    tui::handle(&mut app, &Event::FocusGained);
    assert_eq!(excerpts(&app, "P01").len(), 1, "the undo was cancelled");

    // A memo saved while the lock is taken waits too; Esc puts the text
    // back into its editor.
    let other = OtherWriter::lock(&path);
    press(&mut app, "Gmeen notitie<C-s>");
    assert!(matches!(app.mode, Mode::Normal));
    assert!(app.pending.is_some());
    press(&mut app, "<Esc>");
    let Mode::Edit(e) = &app.mode else {
        panic!("the text is not back in its editor")
    };
    assert_eq!(e.editor.text, "een notitie");
    // Saved again, still locked; then q quits: the text is kept as a draft
    // as soon as the other writer is done (the next start reopens it).
    press(&mut app, "<C-s>q");
    assert!(app.should_quit);
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        other.done();
    });
    app.before_quit();
    release.join().unwrap();
    let mut p = Project::open(&path).unwrap();
    p.set_coder("tester");
    let drafts: Vec<String> = p.drafts().unwrap().into_iter().map(|d| d.text).collect();
    assert!(
        drafts.iter().any(|d| d == "een notitie"),
        "draft lost: {drafts:?}"
    );
    assert!(
        p.memo(&MemoTarget::Document("P01".into()))
            .unwrap()
            .is_none()
    );
}
