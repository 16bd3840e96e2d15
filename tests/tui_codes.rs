//! Codes managed in the workbench (issue 10 part 3), themes moved in one
//! step (part 10) and the typing guard (part 9): keys drive `update`
//! directly, no terminal; the tests check the state, the project and that
//! each change is one undo step. Snapshots pin the new dialogs at 120×40
//! and 80×24.

#[path = "common/tui.rs"]
mod tui_fixture;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::time::{Duration, Instant};
use thema::tui::picker::Choice;
use thema::tui::{self, App, Mode, Pane};
use tui_fixture::{app, code_names, press, screen};

/// P01 coded: E1 (Alpha + Beta), E2 (Gamma), E3 (Alpha); focus in the codes
/// pane with the cursor on Alpha.
fn coded() -> App {
    let mut app = app();
    press(&mut app, "<Enter>))scAlpha<Enter>scBeta<Enter>");
    press(&mut app, ")scGamma<Enter>)scAlpha<Enter>");
    press(&mut app, "<Tab>g");
    assert_eq!(app.focus, Pane::Codes);
    assert_eq!(selected(&app), "Alpha");
    app
}

fn selected(app: &App) -> String {
    app.codes.selected().unwrap().name.clone()
}

fn goto_code(app: &mut App, name: &str) {
    press(app, "g");
    while selected(app) != name {
        let before = app.codes.sel;
        press(app, "j");
        assert_ne!(before, app.codes.sel, "no code {name}");
    }
}

fn count(app: &App, code: &str) -> usize {
    app.project.code(code).unwrap().excerpts
}

fn excerpt_total(app: &App) -> usize {
    app.project
        .excerpts(&thema::store::ExcerptFilter::default())
        .unwrap()
        .len()
}

fn events(app: &App) -> usize {
    app.project.log(0).unwrap().len()
}

fn message(app: &App) -> String {
    app.message.clone().unwrap_or_default()
}

#[test]
fn rename_in_place_refuses_another_codes_name_in_any_case() {
    let mut app = coded();
    let before = events(&app);
    press(&mut app, "R");
    assert!(matches!(app.mode, Mode::Input { .. }));
    press(&mut app, "<BS><BS><BS><BS><BS>Aandacht<Enter>");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(code_names(&app), ["Aandacht", "Beta", "Gamma"]);
    assert_eq!(selected(&app), "Aandacht");
    assert_eq!(count(&app, "Aandacht"), 2);
    assert!(message(&app).contains("renamed code “Alpha” to “Aandacht”"));
    assert_eq!(events(&app), before + 1, "one event");
    // Another code's name in another case: refused, the prompt stays.
    press(&mut app, "R<BS><BS><BS><BS><BS><BS><BS><BS>BETA<Enter>");
    assert!(matches!(app.mode, Mode::Input { .. }), "{:?}", app.mode);
    assert!(
        message(&app).contains("exists already"),
        "{}",
        message(&app)
    );
    press(&mut app, "<Esc>u");
    assert_eq!(code_names(&app), ["Alpha", "Beta", "Gamma"]);
}

/// The rename prompt comes pre-filled with the old name; Ctrl-U clears it
/// and Ctrl-W / Alt-Backspace take a word back, in every one-line input (the
/// pickers' query too). Before, Ctrl-U did nothing and a new name took one
/// Backspace per character.
#[test]
fn one_line_inputs_take_ctrl_u_and_ctrl_w() {
    let mut app = coded();
    press(&mut app, "R<C-u>Aandacht voor<C-w>signalen<Enter>");
    assert_eq!(code_names(&app), ["Aandacht signalen", "Beta", "Gamma"]);
    press(&mut app, "R<A-BS><A-BS>Beta<Enter>");
    assert!(
        message(&app).contains("exists already"),
        "{}",
        message(&app)
    );
    press(&mut app, "<C-u><C-u>Aandacht<Enter>");
    assert_eq!(code_names(&app), ["Aandacht", "Beta", "Gamma"]);
    // The merge picker: a query typed, cleared, typed again.
    press(&mut app, "Mgam<C-u>bet");
    assert!(
        format!("{:?}", app.mode).contains("query: \"bet\""),
        "{:?}",
        app.mode
    );
    press(&mut app, "<Esc>");
}

#[test]
fn merge_into_another_code_with_the_picker_is_one_undo() {
    let mut app = coded();
    goto_code(&mut app, "Gamma");
    let before = events(&app);
    press(&mut app, "M");
    let Mode::Pick { picker, .. } = &app.mode else {
        panic!("{:?}", app.mode)
    };
    // Every other code, never the code itself.
    assert!(!picker.items.contains(&Choice::Existing("Gamma".into())));
    press(&mut app, "alp");
    let Mode::Pick { picker, .. } = &app.mode else {
        panic!()
    };
    assert_eq!(picker.items[0], Choice::Existing("Alpha".into()));
    press(&mut app, "<Enter>");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(code_names(&app), ["Alpha", "Beta"]);
    assert_eq!(count(&app, "Alpha"), 3);
    assert_eq!(selected(&app), "Alpha");
    assert!(
        message(&app).contains("merged “Gamma” into “Alpha”"),
        "{}",
        message(&app)
    );
    assert_eq!(events(&app), before + 1);
    press(&mut app, "u");
    assert_eq!(code_names(&app), ["Alpha", "Beta", "Gamma"]);
    assert_eq!((count(&app, "Alpha"), count(&app, "Gamma")), (2, 1));
    // A name that is no code is no merge target.
    press(&mut app, "Mzzz<Enter>");
    assert!(matches!(app.mode, Mode::Pick { .. }));
    assert!(message(&app).contains("no code called"));
}

#[test]
fn delete_asks_with_the_excerpts_it_removes() {
    let mut app = coded();
    let total = excerpt_total(&app);
    assert_eq!(total, 3);
    press(&mut app, "D");
    let Mode::ConfirmDelete(d) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    // Alpha is on E1 (which keeps Beta) and E3 (Alpha only): two links go,
    // one excerpt goes with them.
    assert_eq!((d.impact.links, d.impact.excerpts_removed), (2, 1));
    press(&mut app, "n");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(code_names(&app), ["Alpha", "Beta", "Gamma"]);
    press(&mut app, "Dy");
    assert_eq!(code_names(&app), ["Beta", "Gamma"]);
    assert_eq!(excerpt_total(&app), 2);
    assert!(
        message(&app).contains("1 excerpt(s) gone"),
        "{}",
        message(&app)
    );
    press(&mut app, "u");
    assert_eq!(code_names(&app), ["Alpha", "Beta", "Gamma"]);
    assert_eq!(excerpt_total(&app), 3);
}

#[test]
fn describe_in_the_editor_keeps_a_draft_until_saved() {
    let mut app = coded();
    press(&mut app, "e");
    assert!(matches!(app.mode, Mode::Edit(_)));
    press(&mut app, "Wat opvalt.<Enter>Tweede regel");
    // Kept as a draft while typing: a killed terminal reopens it.
    let project = std::mem::replace(&mut app.project, thema::Project::in_memory().unwrap());
    let mut again = App::new(project, tui_fixture::options()).unwrap();
    let Mode::Edit(e) = &again.mode else {
        panic!("draft not restored: {:?}", again.mode)
    };
    assert_eq!(e.editor.text, "Wat opvalt.\nTweede regel");
    assert_eq!(again.focus, Pane::Codes);
    assert_eq!(selected(&again), "Alpha");
    press(&mut again, "<C-s>");
    assert!(matches!(again.mode, Mode::Normal));
    let alpha = again.project.code("Alpha").unwrap();
    assert_eq!(alpha.description, "Wat opvalt.\nTweede regel");
    assert!(again.project.drafts().unwrap().is_empty());
    press(&mut again, "u");
    assert_eq!(again.project.code("Alpha").unwrap().description, "");
}

#[test]
fn move_under_a_parent_never_offers_the_codes_own_subtree() {
    let mut app = coded();
    goto_code(&mut app, "Gamma");
    press(&mut app, ">");
    let Mode::Pick { picker, .. } = &app.mode else {
        panic!()
    };
    assert_eq!(
        picker.items[0],
        Choice::Existing(thema::tui::components::codes::TOP_LEVEL.into())
    );
    assert!(!picker.items.contains(&Choice::Existing("Gamma".into())));
    press(&mut app, "alpha<Enter>");
    assert_eq!(
        app.project.code("Gamma").unwrap().parent.as_deref(),
        Some("Alpha")
    );
    assert_eq!(selected(&app), "Gamma");
    // Alpha cannot go under Gamma, which is inside it.
    goto_code(&mut app, "Alpha");
    press(&mut app, ">");
    let Mode::Pick { picker, .. } = &app.mode else {
        panic!()
    };
    let offered: Vec<&Choice> = picker.items.iter().collect();
    assert_eq!(offered.len(), 2, "{offered:?}");
    assert_eq!(picker.items[1], Choice::Existing("Beta".into()));
    press(&mut app, "<Esc>");
    goto_code(&mut app, "Gamma");
    press(&mut app, "><Enter>");
    assert_eq!(app.project.code("Gamma").unwrap().parent, None);
    assert!(message(&app).contains("to the top level"));
    press(&mut app, "u");
    assert_eq!(
        app.project.code("Gamma").unwrap().parent.as_deref(),
        Some("Alpha")
    );
}

#[test]
fn colour_from_the_list_or_typed() {
    let mut app = coded();
    press(&mut app, "Cmint<Enter>");
    assert_eq!(
        app.project.code("Alpha").unwrap().colour.as_deref(),
        Some("#c1e1c1")
    );
    press(&mut app, "C#12AB34<Enter>");
    assert_eq!(
        app.project.code("Alpha").unwrap().colour.as_deref(),
        Some("#12ab34")
    );
    press(&mut app, "Cnope<Enter>");
    assert!(matches!(app.mode, Mode::Pick { .. }));
    assert!(message(&app).contains("not a colour"));
    press(&mut app, "<Esc>Cautomatic<Enter>");
    assert_eq!(app.project.code("Alpha").unwrap().colour, None);
    press(&mut app, "u");
    assert_eq!(
        app.project.code("Alpha").unwrap().colour.as_deref(),
        Some("#12ab34")
    );
}

#[test]
fn picker_offers_an_existing_name_typed_in_another_case_or_unicode_form() {
    let mut project = tui_fixture::project();
    project.create_code("Café sociaal", "", None).unwrap();
    let mut app = App::new(project, tui_fixture::options()).unwrap();
    press(&mut app, "<Enter>))sc");
    // "é" typed as e + combining accent (NFD), in capitals.
    press(&mut app, "CAFE\u{301} SOCIAAL");
    let Mode::Picker(p) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(p.items, vec![Choice::Existing("Café sociaal".into())]);
    press(&mut app, "<Enter>");
    assert_eq!(code_names(&app), ["Café sociaal"]);
    assert_eq!(count(&app, "Café sociaal"), 1);
}

#[test]
fn snapshot_code_management_dialogs() {
    let mut app = coded();
    press(&mut app, "D");
    insta::assert_snapshot!("delete_code_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("delete_code_80x24", screen(&mut app, 80, 24));
    press(&mut app, "n");
    goto_code(&mut app, "Gamma");
    press(&mut app, "M");
    insta::assert_snapshot!("merge_code_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("merge_code_80x24", screen(&mut app, 80, 24));
    press(&mut app, "<Esc>C");
    insta::assert_snapshot!("colour_code_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("colour_code_80x24", screen(&mut app, 80, 24));
    press(&mut app, "<Esc>eEen code voor");
    insta::assert_snapshot!("describe_code_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("describe_code_80x24", screen(&mut app, 80, 24));
}

// ------------------------------------------------------------ themes moving

/// Themes A, B, C, D at the top level (D holding Alpha), on the themes screen.
fn themes_app() -> App {
    let mut app = coded();
    for t in ["A", "B", "C", "D"] {
        app.project.create_theme(t, "", None).unwrap();
    }
    app.project.add_theme_codes("D", &["Alpha"]).unwrap();
    press(&mut app, "T");
    app
}

fn order(app: &App) -> Vec<(String, Option<String>)> {
    app.project
        .themes()
        .unwrap()
        .into_iter()
        .map(|t| (t.name, t.parent))
        .collect()
}

fn goto_theme(app: &mut App, name: &str) {
    press(app, "g");
    for _ in 0..app.themes.rows.len() {
        if let Some(thema::tui::themes::ThemeRow::Theme(i)) = app.themes.selected()
            && app.themes.themes[*i].name == name
        {
            return;
        }
        press(app, "j");
    }
    panic!("no theme {name}");
}

fn top(names: &[&str]) -> Vec<(String, Option<String>)> {
    names.iter().map(|n| (n.to_string(), None)).collect()
}

#[test]
fn a_theme_moves_to_a_position_or_under_a_parent_in_one_event() {
    let mut app = themes_app();
    goto_theme(&mut app, "D");
    let before = events(&app);
    press(&mut app, "M");
    let Mode::Pick { picker, .. } = &app.mode else {
        panic!("{:?}", app.mode)
    };
    // In outline order: four top-level positions (the last is where D is),
    // then one place under each other theme.
    let labels: Vec<String> = picker
        .items
        .iter()
        .map(|c| match c {
            Choice::Existing(l) | Choice::New(l) => l.clone(),
        })
        .collect();
    assert_eq!(
        labels,
        [
            "top level · 1 · before “A”",
            "top level · 2 · before “B”",
            "top level · 3 · before “C”",
            "top level · 4 · last (here)",
            "under “A” · 1 · first",
            "under “B” · 1 · first",
            "under “C” · 1 · first",
        ]
    );
    press(&mut app, "<Down><Enter>");
    assert_eq!(order(&app), top(&["A", "D", "B", "C"]));
    assert_eq!(message(&app), "moved “D” to position 2 (u undoes)");
    // Three places up in one event, not three.
    assert_eq!(events(&app), before + 1);
    // The cursor stays on D.
    assert_eq!(app.themes.current_theme().unwrap().name, "D");
    press(&mut app, "Munder b<Enter>");
    assert_eq!(
        order(&app),
        vec![
            ("A".into(), None),
            ("B".into(), None),
            ("D".into(), Some("B".into())),
            ("C".into(), None)
        ]
    );
    assert!(
        message(&app).contains("under “B”, position 1"),
        "{}",
        message(&app)
    );
    press(&mut app, "u");
    assert_eq!(order(&app), top(&["A", "D", "B", "C"]));
    press(&mut app, "u");
    assert_eq!(order(&app), top(&["A", "B", "C", "D"]));
    // A theme is never offered a place inside itself.
    app.project.set_theme_parent("C", Some("B")).unwrap();
    press(&mut app, "TT");
    let places = app.themes.places("B");
    assert!(places.iter().all(|p| p.parent.as_deref() != Some("C")));
    assert!(places.iter().all(|p| p.parent.as_deref() != Some("B")));
}

#[test]
fn snapshot_move_theme_picker() {
    let mut app = themes_app();
    goto_theme(&mut app, "D");
    press(&mut app, "M");
    insta::assert_snapshot!("move_theme_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("move_theme_80x24", screen(&mut app, 80, 24));
}

// ------------------------------------------------------------- typing guard

fn letter(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// Type `word` as a burst (40 ms between letters) starting at `t`.
fn type_burst(app: &mut App, word: &str, t: Instant) -> Instant {
    let mut at = t;
    for c in word.chars() {
        tui::handle_at(app, &letter(c), at);
        at += Duration::from_millis(40);
    }
    at
}

#[test]
fn a_word_typed_on_the_themes_screen_runs_no_commands() {
    let mut app = themes_app();
    goto_theme(&mut app, "B");
    let before = events(&app);
    // Failed before: g went to the top, e opened A's definition editor
    // and "en" was typed into it.
    let t = type_burst(&mut app, "geen", Instant::now());
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.mode);
    // n (a motion) was part of the word too.
    assert!(
        message(&app).contains("typing ignored"),
        "{}",
        message(&app)
    );
    // "opa": p would change the phase, a open the new-theme prompt.
    let t = type_burst(&mut app, "opa", t + Duration::from_secs(1));
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.mode);
    assert_eq!(events(&app), before, "nothing changed");
    assert!(app.project.drafts().unwrap().is_empty());
    // One deliberate key after a pause still starts the edit.
    tui::handle_at(&mut app, &letter('e'), t + Duration::from_secs(1));
    assert!(matches!(app.mode, Mode::Edit(_)), "{:?}", app.mode);
    // And text typed into it fast is text.
    type_burst(&mut app, "zin", t + Duration::from_secs(2));
    let Mode::Edit(e) = &app.mode else { panic!() };
    assert_eq!(e.editor.text, "zin");
    // Motions held down (key repeat) still move.
    press(&mut app, "<Esc>y");
    let sel = app.themes.sel;
    type_burst(&mut app, "jjj", t + Duration::from_secs(3));
    assert_eq!(app.themes.sel, sel + 3);
    // So does a command key pressed again and again (K moves a theme up).
    goto_theme(&mut app, "D");
    type_burst(&mut app, "KK", t + Duration::from_secs(4));
    assert_eq!(order(&app), top(&["A", "D", "B", "C"]));
}

#[test]
fn a_fast_second_command_key_acts() {
    // Failed before: the hits screen opened from the codes pane kept the
    // codes pane's guard, and the burst rule dropped a quick `a` after `e`.
    let mut app = coded();
    press(&mut app, "Flaptop<Enter>");
    assert_eq!(app.screen, tui::Screen::Hits);
    let n = app.hits.hits.len();
    assert!(n > 1, "{n} hits");
    let t = type_burst(&mut app, "ea", Instant::now());
    assert_eq!(app.hits.unit, tui::components::hits::HitUnit::Match);
    assert_eq!(app.hits.marked_count(), n, "{}", message(&app));
    // On the themes screen a quick view key after a motion acts too
    // (failed before: z was dropped as typing).
    let mut app = themes_app();
    let folded = app.themes.folded;
    type_burst(&mut app, "jz", t);
    assert_ne!(app.themes.folded, folded, "{}", message(&app));
}

#[test]
fn an_unbound_letter_does_nothing_and_says_so() {
    let mut app = themes_app();
    let before = events(&app);
    let sel = app.themes.sel;
    // y is bound nowhere on the themes screen: a hint, nothing else.
    tui::handle_at(&mut app, &letter('y'), Instant::now());
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.mode);
    assert!(
        message(&app).contains("“y” does nothing here"),
        "{}",
        message(&app)
    );
    assert_eq!(app.themes.sel, sel);
    // A word starting with one ("yes") is typing: the bound letters after
    // it in the same burst do nothing either.
    type_burst(&mut app, "yes", Instant::now() + Duration::from_secs(1));
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.mode);
    assert_eq!(events(&app), before);
    // In the reader, too, an unbound letter says what to do instead.
    let mut app = coded();
    press(&mut app, "<Tab><Tab>");
    assert_eq!(app.focus, Pane::Reader);
    press(&mut app, "y");
    assert!(
        message(&app).contains("“y” does nothing here"),
        "{}",
        message(&app)
    );
}

#[test]
fn a_word_typed_in_the_codes_pane_opens_no_editor() {
    let mut app = coded();
    let t = type_burst(&mut app, "geen", Instant::now());
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.mode);
    type_burst(&mut app, "delta", t + Duration::from_secs(1));
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.mode);
    assert_eq!(code_names(&app), ["Alpha", "Beta", "Gamma"]);
    assert!(app.project.drafts().unwrap().is_empty());
}
