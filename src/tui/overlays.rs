//! Key handling of the overlays in [`Mode`]: the code picker, the search
//! prompt, the editor, the name prompt, the theme picker, the "remove which
//! code?" chooser, help and the quit confirmation. Each takes the overlay's
//! state and returns the mode that follows (the same overlay, another one,
//! or `Normal`); what a confirmed overlay changes goes through the app.

use super::action::Action;
use super::app::App;
use super::editor::EditorEvent;
use super::layout;
use super::mode::{Chooser, EditState, EditTarget, InputPurpose, Mode, PickPurpose};
use super::pending::Write;
use super::picker::{Choice, Picker, PickerEvent};

/// A key while an overlay is open.
pub(crate) fn handle(app: &mut App, mode: Mode, action: Action) -> Mode {
    match mode {
        Mode::Normal => Mode::Normal,
        Mode::Help(scroll) => {
            use crate::tui::views::help;
            let (w, h) = (app.width, app.height);
            let page = help::page(w, h).max(1) as i32;
            let to = match action {
                Action::Down => scroll as i32 + 1,
                Action::Up => scroll as i32 - 1,
                Action::PageDown => scroll as i32 + page,
                Action::PageUp => scroll as i32 - page,
                Action::Top => 0,
                Action::Bottom => i32::MAX,
                Action::Scroll { lines, .. } => scroll as i32 + lines as i32,
                _ => return Mode::Normal,
            };
            Mode::Help(to.clamp(0, help::max_scroll(w, h) as i32) as u16)
        }
        Mode::Search { .. }
        | Mode::Picker(_)
        | Mode::Input { .. }
        | Mode::ThemePicker { .. }
        | Mode::Pick { .. }
            if action == Action::Quit =>
        {
            confirm_quit(app, mode)
        }
        Mode::Picker(p) => code_picker(app, p, action),
        Mode::Search { query, all_docs } => search_prompt(app, query, all_docs, action),
        Mode::Edit(e) => edit(app, e, action),
        Mode::Input { purpose, text } => name_prompt(app, purpose, text, action),
        Mode::ThemePicker { picker, purpose } => theme_picker(app, picker, purpose, action),
        Mode::Pick { picker, purpose } => super::manage::pick(app, picker, purpose, action),
        Mode::ConfirmDelete(d) => super::manage::confirm_delete(app, d, action),
        Mode::ConfirmDiscard(back) => match action {
            Action::Enter => {
                if let Mode::Edit(e) = back.as_ref() {
                    let _ = app.project.discard_draft(&e.target.draft_key());
                }
                app.message = Some("draft discarded; nothing saved".into());
                Mode::Normal
            }
            Action::Cancel => *back,
            _ => Mode::ConfirmDiscard(back),
        },
        Mode::ConfirmQuit(back) => match action {
            Action::Enter => {
                app.should_quit = true;
                Mode::Normal
            }
            Action::Cancel => *back,
            _ => Mode::ConfirmQuit(back),
        },
        Mode::Choose(c) => choose(app, c, action),
    }
}

/// Quit from an overlay: at once when nothing typed would be lost, else ask.
fn confirm_quit(app: &mut App, mode: Mode) -> Mode {
    if mode.unsaved() {
        Mode::ConfirmQuit(Box::new(mode))
    } else {
        app.should_quit = true;
        Mode::Normal
    }
}

/// The editor's text width (the overlay's inner width).
pub fn editor_width(app: &App, target: &EditTarget) -> usize {
    let definition = matches!(target, EditTarget::Definition(_));
    layout::editor_area(app.width, app.height, definition)
        .width
        .saturating_sub(2) as usize
}

fn edit(app: &mut App, mut e: EditState, action: Action) -> Mode {
    let width = editor_width(app, &e.target);
    let before = e.editor.text.len();
    let typed = matches!(
        action,
        Action::Input(_) | Action::Enter | Action::Backspace | Action::Delete
    );
    match e.editor.handle(action, width) {
        EditorEvent::Pending => {
            if typed || e.editor.text.len() != before {
                super::drafts::keep(app, &e);
            }
            Mode::Edit(e)
        }
        // Esc never throws typed text away without asking.
        EditorEvent::Cancel if e.editor.changed() => {
            // The status line shows the question's keys, not an old message.
            app.message = None;
            Mode::ConfirmDiscard(Box::new(Mode::Edit(e)))
        }
        EditorEvent::Cancel => {
            let _ = app.project.discard_draft(&e.target.draft_key());
            app.message = None;
            Mode::Normal
        }
        EditorEvent::Quit => confirm_quit(app, Mode::Edit(e)),
        EditorEvent::Save(text) => {
            if app.refuse_while_pending() {
                return Mode::Edit(e);
            }
            save(app, e, text);
            // Normal, or the editor again when the save failed.
            std::mem::replace(&mut app.mode, Mode::Normal)
        }
    }
}

/// Save the editor's text as a memo or definition (from the editor, or
/// again from a pending write). On failure the text goes back into its
/// editor, or waits for the lock (`pending.rs`).
pub(crate) fn save(app: &mut App, e: EditState, text: String) {
    let label = e.label.clone();
    let res = match &e.target {
        EditTarget::Memo(target) => app.project.set_memo(target, &text).map(|()| {
            if text.trim().is_empty() {
                format!("memo on {label} removed")
            } else {
                format!("memo on {label} saved")
            }
        }),
        EditTarget::Definition(theme) => app
            .project
            .set_theme_definition(theme, &text)
            .map(|()| format!("definition of “{theme}” saved")),
        EditTarget::Description(code) => super::manage::describe_code(app, code, &text),
    };
    match res {
        Ok(msg) => {
            let _ = app.project.discard_draft(&e.target.draft_key());
            app.message = Some(msg);
            if matches!(e.target, EditTarget::Definition(_)) {
                app.reload_themes();
            }
            if app.screen == super::app::Screen::Memos {
                app.reload_memos();
            }
        }
        Err(err) => app.write_failed(err, Write::Save { state: e, text }),
    }
}

fn code_picker(app: &mut App, mut p: Picker, action: Action) -> Mode {
    let names = || app.codes.list.iter().map(|c| c.name.clone()).collect();
    match p.handle(action, names) {
        PickerEvent::Pending => Mode::Picker(p),
        PickerEvent::Cancel => Mode::Normal,
        PickerEvent::Chosen(Choice::Existing(name) | Choice::New(name))
            if app.screen == super::app::Screen::Hits =>
        {
            app.code_hits(&name);
            Mode::Normal
        }
        PickerEvent::Chosen(Choice::Existing(name) | Choice::New(name)) => {
            app.apply(&name);
            Mode::Normal
        }
    }
}

fn search_prompt(app: &mut App, mut query: String, all_docs: bool, action: Action) -> Mode {
    match action {
        Action::Cancel => return Mode::Normal,
        Action::Input(_) | Action::Backspace | Action::ClearLine | Action::DeleteWord => {
            super::line::edit(&mut query, &action);
        }
        Action::Enter => {
            app.run_search(&query, all_docs);
            return Mode::Normal;
        }
        _ => {}
    }
    Mode::Search { query, all_docs }
}

/// The one-line name prompt (new theme, rename).
fn name_prompt(app: &mut App, purpose: InputPurpose, mut text: String, action: Action) -> Mode {
    match action {
        Action::Cancel => return Mode::Normal,
        Action::Input(_) | Action::Backspace | Action::ClearLine | Action::DeleteWord => {
            super::line::edit(&mut text, &action);
        }
        Action::Enter if matches!(purpose, InputPurpose::RenameCode(_)) => {
            if let InputPurpose::RenameCode(old) = &purpose
                && super::manage::rename_code(app, old, &text)
            {
                return Mode::Normal;
            }
        }
        Action::Enter if purpose == InputPurpose::Find => {
            app.run_find(&text);
            return Mode::Normal;
        }
        Action::Enter
            if matches!(
                purpose,
                InputPurpose::AttributeValue(..) | InputPurpose::NewAttribute(_)
            ) =>
        {
            // A refused entry keeps the prompt open (the message says why).
            return if app.attribute_entered(&purpose, &text) {
                Mode::Normal
            } else {
                Mode::Input { purpose, text }
            };
        }
        Action::Enter => {
            let effect = app.with_themes(|v, env| v.named(env, &purpose, &text));
            match effect {
                Some(effect) => {
                    app.themes_effect(effect);
                    return Mode::Normal;
                }
                None => app.message = Some("a theme needs a name".into()),
            }
        }
        _ => {}
    }
    Mode::Input { purpose, text }
}

/// The theme picker: Enter adds the code to the highlighted theme (or
/// creates the typed theme first), or goes to the chosen theme or code.
fn theme_picker(app: &mut App, mut picker: Picker, purpose: PickPurpose, action: Action) -> Mode {
    let jump = purpose == PickPurpose::Jump;
    let names = || app.themes.pick_names(&app.codes.list, jump);
    match picker.handle(action, names) {
        PickerEvent::Pending => Mode::ThemePicker { picker, purpose },
        PickerEvent::Cancel => Mode::Normal,
        PickerEvent::Chosen(Choice::New(_)) if jump => {
            app.message = Some("no theme or code by that name".into());
            Mode::ThemePicker { picker, purpose }
        }
        PickerEvent::Chosen(choice) => {
            let effect = app.with_themes(|v, env| v.picked(env, &purpose, choice));
            app.themes_effect(effect);
            Mode::Normal
        }
    }
}

fn choose(app: &mut App, mut c: Chooser, action: Action) -> Mode {
    let n = c.items.len().max(1);
    match action {
        Action::Cancel => return Mode::Normal,
        Action::Down => c.highlight = (c.highlight + 1) % n,
        Action::Up => c.highlight = (c.highlight + n - 1) % n,
        Action::Input(d) => {
            if let Some(i) = d
                .to_digit(10)
                .filter(|i| (1..=c.items.len() as u32).contains(i))
            {
                c.highlight = i as usize - 1;
                return choose(app, c, Action::Enter);
            }
        }
        Action::Enter => {
            if let Some((excerpt, code)) = c.items.get(c.highlight).cloned() {
                app.uncode(excerpt, &code);
            }
            return Mode::Normal;
        }
        _ => {}
    }
    Mode::Choose(c)
}
