//! What a confirmed code-management overlay does (rename, describe, merge,
//! move, colour, delete from the codes pane; move a theme to a place on the
//! themes screen). Each is one `Project` call, so one event and one `u`;
//! afterwards the lists are reloaded, the cursor follows the code (to its
//! new name, or into the code it was merged into) and the status line says
//! what happened. A refused change (a name that exists in another case, a
//! code under its own subcode) keeps the overlay open with the reason.

use super::Action;
use super::app::App;
use super::components::codes::{AUTO_COLOUR, COLOURS, TOP_LEVEL};
use super::mode::{DeleteCode, Mode, PickFor};
use super::picker::{Choice, Picker, PickerEvent};

/// After a change to the codes: reload and put the cursor on `select`.
fn changed(app: &mut App, message: String, select: Option<&str>) {
    app.refresh(None);
    if let Some(name) = select {
        let a = app.areas();
        app.codes.select_name(&app.project, name, &a);
    }
    app.message = Some(message);
}

/// The rename prompt was confirmed. False keeps the prompt open (the
/// status line says why).
pub(crate) fn rename_code(app: &mut App, old: &str, new: &str) -> bool {
    let new = new.trim();
    if new.is_empty() {
        app.message = Some("a code needs a name".into());
        return false;
    }
    match app.project.rename_code(old, new) {
        Ok(()) => {
            let stored = crate::text::name::nfc(new);
            changed(
                app,
                format!("renamed code “{old}” to “{stored}” (u undoes)"),
                Some(&stored),
            );
            true
        }
        Err(e) => {
            app.message = Some(format!("error: {e}"));
            false
        }
    }
}

/// The description editor was saved.
pub(crate) fn describe_code(app: &mut App, code: &str, text: &str) -> crate::error::Result<String> {
    app.project.set_code_description(code, text)?;
    let message = if text.trim().is_empty() {
        format!("description of “{code}” removed")
    } else {
        format!("description of “{code}” saved")
    };
    changed(app, message.clone(), Some(code));
    Ok(message)
}

/// A key in a code-management or theme-move picker.
pub(crate) fn pick(app: &mut App, mut picker: Picker, purpose: PickFor, action: Action) -> Mode {
    let names = || names(app, &purpose);
    match picker.handle(action, names) {
        PickerEvent::Pending => Mode::Pick { picker, purpose },
        PickerEvent::Cancel => Mode::Normal,
        PickerEvent::Chosen(choice) => match chosen(app, &purpose, choice) {
            Ok(()) => Mode::Normal,
            Err(why) => {
                app.message = Some(why);
                Mode::Pick { picker, purpose }
            }
        },
    }
}

/// The rows a picker offers.
pub(crate) fn names(app: &App, purpose: &PickFor) -> Vec<String> {
    match purpose {
        PickFor::MoveTheme(theme) => app
            .themes
            .places(theme)
            .into_iter()
            .map(|p| p.label)
            .collect(),
        _ => app.codes.pick_names(purpose),
    }
}

/// Carry out a picker's choice. `Err` keeps the picker open with the reason.
fn chosen(app: &mut App, purpose: &PickFor, choice: Choice) -> Result<(), String> {
    match (purpose, choice) {
        (PickFor::CodeColour(code), Choice::New(typed)) => {
            let hex = typed.trim().to_ascii_lowercase();
            if !crate::store::is_hex_colour(&hex) {
                return Err(format!(
                    "“{typed}” is not a colour: pick one or type #rrggbb"
                ));
            }
            set_colour(app, code, Some(&hex))
        }
        (PickFor::MoveTheme(_), Choice::New(typed)) => Err(format!(
            "no place matches “{typed}”: pick one from the list"
        )),
        (_, Choice::New(typed)) => Err(format!("no code called “{typed}”: pick one from the list")),
        (PickFor::MergeCode(from), Choice::Existing(into)) => {
            let before = app.project.code(&into).map(|c| c.excerpts).unwrap_or(0);
            app.project
                .merge_codes(from, &into)
                .map_err(|e| format!("error: {e}"))?;
            let after = app.project.code(&into).map(|c| c.excerpts).unwrap_or(0);
            changed(
                app,
                format!(
                    "merged “{from}” into “{into}”: {} excerpt(s) moved over, {after} now (u undoes)",
                    after.saturating_sub(before)
                ),
                Some(&into),
            );
            Ok(())
        }
        (PickFor::CodeParent(code), Choice::Existing(row)) => {
            let parent = (row != TOP_LEVEL).then_some(row.as_str());
            app.project
                .set_code_parent(code, parent)
                .map_err(|e| format!("error: {e}"))?;
            let message = match parent {
                Some(p) => format!("moved “{code}” under “{p}” (u undoes)"),
                None => format!("moved “{code}” to the top level (u undoes)"),
            };
            changed(app, message, Some(code));
            Ok(())
        }
        (PickFor::CodeColour(code), Choice::Existing(row)) => {
            let hex = if row == AUTO_COLOUR {
                None
            } else {
                COLOURS
                    .iter()
                    .find(|(n, hex)| row == format!("{n} {hex}"))
                    .map(|(_, hex)| *hex)
            };
            set_colour(app, code, hex)
        }
        (PickFor::MoveTheme(theme), Choice::Existing(label)) => move_theme(app, theme, &label),
    }
}

fn set_colour(app: &mut App, code: &str, hex: Option<&str>) -> Result<(), String> {
    app.project
        .set_code_colour(code, hex)
        .map_err(|e| format!("error: {e}"))?;
    let what = hex.unwrap_or("the colour from its name");
    changed(
        app,
        format!("“{code}” now has {what} (u undoes)"),
        Some(code),
    );
    Ok(())
}

/// Move a theme to the chosen place: parent and position in one change.
fn move_theme(app: &mut App, theme: &str, label: &str) -> Result<(), String> {
    let Some(place) = app
        .themes
        .places(theme)
        .into_iter()
        .find(|p| p.label == label)
    else {
        return Err("that place is gone: pick again".into());
    };
    let current = app.themes.themes.iter().find(|t| t.name == theme);
    let same_parent = current.is_some_and(|t| t.parent == place.parent);
    app.project
        .move_theme_under(theme, place.parent.as_deref(), place.position)
        .map_err(|e| format!("error: {e}"))?;
    let n = place.position;
    let message = match (&place.parent, same_parent) {
        (_, true) => format!("moved “{theme}” to position {n} (u undoes)"),
        (Some(p), false) => format!("moved “{theme}” under “{p}”, position {n} (u undoes)"),
        (None, false) => format!("moved “{theme}” to the top level, position {n} (u undoes)"),
    };
    let keep = super::components::themes::Keep::Theme(theme.to_owned());
    if let Err(e) = app.with_themes(|v, env| v.reload_keeping(env, keep)) {
        app.message = Some(format!("error: {e}"));
        return Ok(());
    }
    app.message = Some(message);
    Ok(())
}

/// A key in the "delete this code?" dialog.
pub(crate) fn confirm_delete(app: &mut App, d: DeleteCode, action: Action) -> Mode {
    match action {
        Action::Enter => {
            match app.project.delete_code(&d.name) {
                Ok(n) => changed(
                    app,
                    format!(
                        "deleted code “{}”: {n} excerpt link(s), {} excerpt(s) gone (u undoes)",
                        d.name, d.impact.excerpts_removed
                    ),
                    None,
                ),
                Err(e) => app.message = Some(format!("error: {e}")),
            }
            Mode::Normal
        }
        Action::Cancel => {
            app.message = Some(format!("kept “{}”", d.name));
            Mode::Normal
        }
        _ => Mode::ConfirmDelete(d),
    }
}
