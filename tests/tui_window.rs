//! The workbench loads what it shows (issue 12 part 1): the codes pane's
//! excerpt list reads one window of rows, and a coding action refreshes only
//! what it changed. These check that the windowed rows are the rows a full
//! load gives (at random scroll positions and window sizes), and that after
//! codings, uncodings and re-spans the counts the panes show equal a fresh
//! full load.

#[path = "common/tui.rs"]
mod tui_fixture;

use proptest::prelude::*;
use thema::model::Span;
use thema::text::{self, Unit};
use thema::tui::App;
use tui_fixture::press;

/// The six write-ups with every sentence coded Alpha, every third also
/// Beta, every fifth Gamma only: a few hundred excerpts over six documents.
fn many() -> App {
    let mut p = tui_fixture::project();
    for (doc, t) in p.document_texts().unwrap() {
        let sentences = text::units(&t, Unit::Sentence);
        let spans = |f: &dyn Fn(usize) -> bool| -> Vec<(String, Span)> {
            sentences
                .iter()
                .enumerate()
                .filter(|(i, _)| f(*i))
                .map(|(_, s)| (doc.clone(), *s))
                .collect()
        };
        p.apply_code_spans("Alpha", &spans(&|i| i % 5 != 4))
            .unwrap();
        p.apply_code_spans("Beta", &spans(&|i| i % 3 == 0)).unwrap();
        p.apply_code_spans("Gamma", &spans(&|i| i % 5 == 4))
            .unwrap();
    }
    App::new(p, tui_fixture::options()).unwrap()
}

fn window_matches_full_load(app: &mut App, code: &str, starts: &[(usize, usize)]) {
    let a = app.areas();
    app.codes.select_name(&app.project, code, &a);
    let full = app.project.code_excerpts(code).unwrap();
    assert_eq!(app.codes.excerpt_total, full.len());
    for &(start, rows) in starts {
        let start = start % full.len().max(1);
        app.codes.excerpt_scroll = start;
        app.codes.window_rows = rows;
        app.codes.fill_window(&app.project).unwrap();
        let end = (start + rows).min(full.len());
        let shown: Vec<_> = (start..end)
            .map(|i| app.codes.excerpt_at(i).cloned())
            .collect();
        let expected: Vec<_> = full[start..end].iter().cloned().map(Some).collect();
        assert_eq!(shown, expected, "{code} rows {start}..{end}");
        assert!(app.codes.excerpt_at(end).is_none());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn windowed_code_excerpts_are_the_full_lists_rows(
        starts in proptest::collection::vec((0usize..2000, 1usize..40), 1..6)
    ) {
        let mut app = many();
        for code in ["Alpha", "Beta", "Gamma"] {
            window_matches_full_load(&mut app, code, &starts);
        }
    }
}

/// The counts the panes show against a fresh full load.
fn assert_counts_fresh(app: &App) {
    let codes: Vec<(String, usize)> = app
        .codes
        .list
        .iter()
        .map(|c| (c.name.clone(), c.excerpts))
        .collect();
    let fresh: Vec<(String, usize)> = app
        .project
        .codes()
        .unwrap()
        .into_iter()
        .map(|c| (c.name, c.excerpts))
        .collect();
    assert_eq!(codes, fresh);
    let docs: Vec<(String, usize)> = app
        .documents
        .list
        .iter()
        .map(|d| (d.id.clone(), d.excerpts))
        .collect();
    let fresh: Vec<(String, usize)> = app
        .project
        .documents()
        .unwrap()
        .into_iter()
        .map(|d| (d.id, d.excerpts))
        .collect();
    assert_eq!(docs, fresh);
    let sel = app.codes.selected().unwrap().name.clone();
    let full = app.project.code_excerpts(&sel).unwrap();
    assert_eq!(app.codes.excerpt_total, full.len());
    let first = app.codes.excerpt_scroll;
    for (i, e) in full
        .iter()
        .enumerate()
        .skip(first)
        .take(app.codes.excerpts.len())
    {
        assert_eq!(app.codes.excerpt_at(i), Some(e), "row {i}");
    }
    let marks = app
        .project
        .excerpt_marks(&app.reader.as_ref().unwrap().doc.id)
        .unwrap();
    assert_eq!(app.reader.as_ref().unwrap().marks, marks);
}

#[test]
fn a_coding_action_leaves_the_panes_as_a_full_reload_would() {
    let mut app = tui_fixture::app();
    // New code, existing code, a second code on the same excerpt.
    press(&mut app, "<Enter>))scAlpha<Enter>");
    assert_counts_fresh(&app);
    press(&mut app, ")s1");
    assert_counts_fresh(&app);
    press(&mut app, "scBeta<Enter>");
    assert_counts_fresh(&app);
    // Widen it, then take a code off it and off the first one.
    press(&mut app, ">");
    assert_counts_fresh(&app);
    press(&mut app, "x1");
    assert_counts_fresh(&app);
    press(&mut app, "((x");
    assert_counts_fresh(&app);
    // From the codes pane's excerpt list.
    press(&mut app, "<Tab>g<Enter>x");
    assert_counts_fresh(&app);
}
