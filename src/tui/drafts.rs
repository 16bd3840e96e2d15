//! Drafts: the editor's text is kept in the project as it is typed
//! (`Project::save_draft`, outside the event log), so a killed terminal loses
//! nothing; on the next start the newest draft reopens in its editor, over
//! the screen it belongs to. Saving or discarding the text removes it.

use super::app::{App, Screen};
use super::mode::{EditState, EditTarget, Mode};

/// Keep the editor's text as a draft in the project (or drop the draft when
/// the text is back to what was saved), so a killed terminal loses nothing.
pub(crate) fn keep(app: &mut App, e: &EditState) {
    let key = e.target.draft_key();
    let res = if e.editor.changed() {
        app.project.save_draft(&key, &e.label, &e.editor.text)
    } else {
        app.project.discard_draft(&key)
    };
    if let Err(err) = res {
        if app.project.gave_up_waiting() {
            // Another thema is writing: kept on the next try (pending.rs).
            app.draft_unkept = true;
        } else {
            app.message = Some(format!("error: the draft is not kept: {err}"));
        }
    }
}

/// Reopen the newest unsaved draft (left by a killed terminal) in the
/// editor, over the screen it belongs to.
pub(crate) fn restore(app: &mut App) {
    let Some(d) = app.project.drafts().ok().and_then(|d| d.into_iter().next()) else {
        return;
    };
    let Some(target) = EditTarget::from_draft_key(&d.target) else {
        return;
    };
    let saved = match &target {
        EditTarget::Memo(t) => app
            .project
            .memo(t)
            .map(|m| m.map(|m| m.text).unwrap_or_default()),
        EditTarget::Definition(name) => app.project.theme(name).map(|t| t.definition),
        EditTarget::Description(name) => app.project.code(name).map(|c| c.description),
    };
    let Ok(saved) = saved else {
        // What it was written for is gone: keep it, say so.
        app.message = Some(format!(
            "an unsaved draft for {} has nothing to go to now",
            d.label
        ));
        return;
    };
    if let EditTarget::Description(name) = &target {
        // The code it describes, highlighted in the codes pane behind it.
        app.focus = super::app::Pane::Codes;
        let a = app.areas();
        app.codes.select_name(&app.project, name, &a);
    }
    if let EditTarget::Definition(name) = &target {
        app.screen = Screen::Themes;
        let keep = super::components::themes::Keep::Theme(name.clone());
        if let Err(e) = app.with_themes(|v, env| v.reload_keeping(env, keep)) {
            app.message = Some(format!("error: {e}"));
        }
    }
    app.message = Some(format!(
        "restored your unsaved text for {}: Ctrl-s saves it, Esc discards it",
        d.label
    ));
    app.mode = Mode::Edit(EditState {
        target,
        label: d.label,
        editor: super::editor::Editor::with_draft(&saved, &d.text),
    });
}
