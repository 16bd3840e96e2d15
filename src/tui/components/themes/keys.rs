//! What each key does on the themes screen, and what happens when its name
//! prompt or theme picker is confirmed. Each change is one `Project` call
//! (so `u` undoes each) followed by a reload that keeps the cursor in place,
//! and the outcome is reported on the status line.

use super::{Env, Keep, ThemeRow, ThemesEffect, ThemesView};
use crate::model::Phase;
use crate::tui::action::Action;
use crate::tui::editor::Editor;
use crate::tui::layout;
use crate::tui::mode::{EditState, EditTarget, InputPurpose, Mode, PickFor, PickPurpose};
use crate::tui::picker::{Choice, Picker};

type Effect = ThemesEffect;

fn msg(s: impl Into<String>) -> Effect {
    Effect::Message(s.into())
}

impl ThemesView {
    /// The outcome of one Project call: reload and say what happened.
    fn report(&mut self, env: &Env, res: crate::error::Result<String>, keep: Keep) -> Effect {
        match res {
            Ok(m) => {
                let _ = self.reload_keeping(env, keep);
                msg(m)
            }
            Err(e) => msg(format!("error: {e}")),
        }
    }

    /// Theme names, and for `/` the code names not already listed.
    pub fn pick_names(&self, codes: &[crate::model::Code], with_codes: bool) -> Vec<String> {
        let mut names: Vec<String> = self.themes.iter().map(|t| t.name.clone()).collect();
        if with_codes {
            for c in codes {
                if !names.contains(&c.name) {
                    names.push(c.name.clone());
                }
            }
        }
        names
    }

    /// A key on the themes screen (no overlay open).
    pub fn handle(&mut self, env: &mut Env, action: Action) -> Effect {
        let page = layout::theme_areas(env.width, env.height).tree_list.height as usize;
        if let Some(i) = crate::tui::components::list_move(self.sel, self.rows.len(), page, action)
        {
            self.sel = i;
            self.keep_visible(env.width, env.height);
            return self.reviewed(env, false);
        }
        let row = self.selected().cloned();
        let theme = self.current_theme().cloned();
        match action {
            Action::Themes | Action::Cancel => Effect::Leave,
            Action::Fold => {
                self.folded = !self.folded;
                // On a code row, folding moves the cursor to its theme.
                let keep = match (&row, &theme) {
                    (Some(ThemeRow::Code { theme: Some(_), .. }), Some(t)) if self.folded => {
                        Keep::Theme(t.name.clone())
                    }
                    _ => self.keep_current(),
                };
                let _ = self.reload_keeping(env, keep);
                msg(if self.folded {
                    "codes hidden under the themes: z shows them"
                } else {
                    "codes shown under the themes"
                })
            }
            Action::Jump => {
                let mut picker = Picker::default();
                picker.refilter(&self.pick_names(env.codes, true));
                Effect::Mode(Mode::ThemePicker {
                    picker,
                    purpose: PickPurpose::Jump,
                })
            }
            Action::NewTheme => Effect::Mode(Mode::Input {
                purpose: InputPurpose::NewTheme,
                text: String::new(),
            }),
            // Edits start only from their own keys, so a word typed here by
            // mistake never lands in an editor or names a new theme.
            Action::Enter => msg(match row {
                Some(ThemeRow::Theme(_)) => "e edits the definition · R renames · m writes a memo",
                Some(ThemeRow::Code { .. }) => "> adds the code to a theme · m writes a memo",
                _ => "a makes a new theme",
            }),
            Action::ThemeIn => match row {
                Some(ThemeRow::Code { name, .. }) => Effect::Mode(Mode::ThemePicker {
                    picker: Picker::new(&self.pick_names(env.codes, false)),
                    purpose: PickPurpose::AddCode(name),
                }),
                Some(ThemeRow::Theme(i)) => self.nest(env, i),
                _ => msg("move to a code or a theme first"),
            },
            Action::ThemeOut => self.take_out(env, row, theme),
            Action::SetPhase(_) | Action::CyclePhase => {
                let Some(t) = theme else {
                    return msg("move to a theme first");
                };
                let phase = match action {
                    Action::SetPhase(n) => Phase::ALL[(n as usize - 1).min(2)],
                    _ => {
                        let i = Phase::ALL.iter().position(|p| *p == t.phase).unwrap_or(0);
                        Phase::ALL[(i + 1) % 3]
                    }
                };
                let res = env
                    .project
                    .set_theme_phase(&t.name, phase)
                    .map(|()| format!("“{}” is now {phase}", t.name));
                let keep = self.keep_current();
                self.report(env, res, keep)
            }
            Action::Edit => match theme {
                Some(t) => Effect::Mode(Mode::Edit(EditState {
                    target: EditTarget::Definition(t.name.clone()),
                    label: format!("theme “{}”", t.name),
                    editor: Editor::new(&t.definition),
                })),
                None => msg("move to a theme first"),
            },
            Action::Rename => match theme {
                Some(t) => Effect::Mode(Mode::Input {
                    purpose: InputPurpose::RenameTheme(t.name.clone()),
                    text: t.name.clone(),
                }),
                None => msg("move to a theme first"),
            },
            Action::DeleteTheme => match (row, theme) {
                (Some(ThemeRow::Theme(_)), Some(t)) => {
                    let res = env
                        .project
                        .delete_theme(&t.name)
                        .map(|()| format!("deleted theme “{}” (its codes stay; u undoes)", t.name));
                    let sel = self.sel;
                    self.report(env, res, Keep::Index(sel))
                }
                _ => msg("move to a theme to delete it"),
            },
            Action::MoveUp | Action::MoveDown => self.reorder(env, row, theme, action),
            Action::MoveTheme => match (row, theme) {
                (Some(ThemeRow::Theme(_)), Some(t)) => {
                    let names: Vec<String> =
                        self.places(&t.name).into_iter().map(|p| p.label).collect();
                    Effect::Mode(Mode::Pick {
                        picker: Picker::ordered(&names),
                        purpose: PickFor::MoveTheme(t.name.clone()),
                    })
                }
                _ => msg("move to a theme to move it"),
            },
            Action::NextExcerpt | Action::PrevExcerpt => {
                let n = self.review.len();
                if n == 0 {
                    return msg("no excerpts to review here");
                }
                self.review_sel = if action == Action::NextExcerpt {
                    (self.review_sel + 1).min(n - 1)
                } else {
                    self.review_sel.saturating_sub(1)
                };
                let last = action == Action::NextExcerpt && self.review_sel == n - 1;
                let res = self.load_review_details(env.project, env.width, env.height);
                match res {
                    Err(e) => msg(format!("error: {e}")),
                    Ok(()) if last => msg(format!("last excerpt ({n} of {n})")),
                    Ok(()) => Effect::None,
                }
            }
            Action::OpenExcerpt => match self.review.get(self.review_sel) {
                Some((e, _)) => Effect::Open(e.clone()),
                None => Effect::None,
            },
            Action::Click { col, row: y } => {
                let a = layout::theme_areas(env.width, env.height).tree_list;
                if col >= a.x && col < a.x + a.width && y >= a.y && y < a.y + a.height {
                    let i = self.scroll + (y - a.y) as usize;
                    if i < self.rows.len() {
                        self.sel = i;
                        return self.reviewed(env, false);
                    }
                }
                Effect::None
            }
            Action::Scroll { lines, .. } => {
                let n = self.review.len();
                if n > 0 {
                    self.review_sel = (self.review_sel as isize + lines.signum() as isize)
                        .clamp(0, n as isize - 1) as usize;
                    if let Err(e) = self.load_review_details(env.project, env.width, env.height) {
                        return msg(format!("error: {e}"));
                    }
                }
                Effect::None
            }
            _ => Effect::None,
        }
    }

    /// Reload the review reader after the cursor moved; errors become a message.
    fn reviewed(&mut self, env: &Env, force: bool) -> Effect {
        match self.load_review(env, force) {
            Ok(()) => Effect::None,
            Err(e) => msg(format!("error: {e}")),
        }
    }

    /// `<`/`x`: a code out of its theme, or a theme up one level.
    fn take_out(
        &mut self,
        env: &mut Env,
        row: Option<ThemeRow>,
        theme: Option<crate::model::Theme>,
    ) -> Effect {
        match (row, theme) {
            (Some(ThemeRow::Code { name, .. }), Some(t)) => {
                let res = env
                    .project
                    .remove_theme_codes(&t.name, &[name.as_str()])
                    .map(|_| format!("took “{name}” out of “{}”", t.name));
                // Stay on the theme the code left.
                self.report(env, res, Keep::Theme(t.name.clone()))
            }
            (Some(ThemeRow::Theme(_)), Some(t)) => {
                let Some(parent) = t.parent.clone() else {
                    return msg(format!("“{}” is a top-level theme already", t.name));
                };
                let grand = env.project.theme(&parent).ok().and_then(|p| p.parent);
                let res = env
                    .project
                    .set_theme_parent(&t.name, grand.as_deref())
                    .map(|()| match &grand {
                        Some(g) => format!("“{}” is now a subtheme of “{g}”", t.name),
                        None => format!("“{}” is now a top-level theme", t.name),
                    });
                self.report(env, res, Keep::Theme(t.name.clone()))
            }
            (Some(ThemeRow::Code { name, .. }), None) => {
                msg(format!("“{name}” is not in a theme: > adds it to one"))
            }
            _ => msg("nothing to take out here"),
        }
    }

    /// `K`/`J`: move a theme one place among its siblings.
    fn reorder(
        &mut self,
        env: &mut Env,
        row: Option<ThemeRow>,
        theme: Option<crate::model::Theme>,
        action: Action,
    ) -> Effect {
        let (Some(ThemeRow::Theme(_)), Some(t)) = (row, theme) else {
            return msg("move to a theme to reorder it");
        };
        let siblings: Vec<&str> = self
            .themes
            .iter()
            .filter(|s| s.parent == t.parent)
            .map(|s| s.name.as_str())
            .collect();
        let pos = siblings.iter().position(|s| *s == t.name).unwrap_or(0);
        let to = if action == Action::MoveUp {
            if pos == 0 {
                return msg(format!("“{}” is first already", t.name));
            }
            pos
        } else {
            if pos + 1 >= siblings.len() {
                return msg(format!("“{}” is last already", t.name));
            }
            pos + 2
        };
        let res = env
            .project
            .move_theme(&t.name, to)
            .map(|()| format!("moved “{}” to position {to}", t.name));
        self.report(env, res, Keep::Theme(t.name.clone()))
    }

    /// `>` on a theme: make it a subtheme of the theme above it (its previous
    /// sibling), like indenting an outline.
    fn nest(&mut self, env: &mut Env, i: usize) -> Effect {
        let t = self.themes[i].clone();
        let above = self.themes[..i]
            .iter()
            .rev()
            .find(|s| s.parent == t.parent)
            .map(|s| s.name.clone());
        let Some(parent) = above else {
            return msg(format!(
                "no theme above “{}” at its level to nest it under",
                t.name
            ));
        };
        let res = env
            .project
            .set_theme_parent(&t.name, Some(&parent))
            .map(|()| format!("“{}” is now a subtheme of “{parent}”", t.name));
        self.report(env, res, Keep::Theme(t.name.clone()))
    }

    /// The name prompt was confirmed (new theme, rename). `None` keeps the
    /// prompt open (with a message).
    pub fn named(&mut self, env: &mut Env, purpose: &InputPurpose, name: &str) -> Option<Effect> {
        let name = name.trim().to_owned();
        if name.is_empty() {
            return None;
        }
        Some(match purpose {
            InputPurpose::NewTheme => {
                let res = env
                    .project
                    .create_theme(&name, "", None)
                    .map(|t| format!("created theme “{}” (candidate)", t.name));
                self.report(env, res, Keep::Theme(name))
            }
            InputPurpose::RenameTheme(old) => {
                let res = env
                    .project
                    .rename_theme(old, &name)
                    .map(|()| format!("renamed “{old}” to “{name}”"));
                self.report(env, res, Keep::Theme(name))
            }
            // Codes are renamed from the codes pane (`tui::manage`).
            InputPurpose::RenameCode(_) => return None,
            // Prompts of other screens never reach the themes screen.
            _ => Effect::None,
        })
    }

    /// The theme picker was confirmed: add the code to the chosen theme (or
    /// create it with the code), or go to the chosen theme or code.
    pub fn picked(&mut self, env: &mut Env, purpose: &PickPurpose, choice: Choice) -> Effect {
        let code = match purpose {
            PickPurpose::Jump => {
                return match choice {
                    Choice::Existing(name) => {
                        self.jump_to(env, &name);
                        Effect::None
                    }
                    Choice::New(_) => msg("no theme or code by that name"),
                };
            }
            PickPurpose::AddCode(code) => code.clone(),
        };
        let (theme, new) = match choice {
            Choice::Existing(n) => (n, false),
            Choice::New(n) => (n, true),
        };
        // Keep sorting: the cursor goes to the next code not in a theme.
        let keep = match self.selected() {
            Some(ThemeRow::Code { theme: None, name }) => {
                Keep::Unthemed(self.unthemed.iter().position(|c| c == name).unwrap_or(0))
            }
            // A code already in a theme follows itself into the new one.
            _ => Keep::Code(Some(theme.clone()), code.clone()),
        };
        // A new theme and its first code are one change (one undo).
        let res = if new {
            env.project
                .create_theme_with_codes(&theme, "", None, &[code.as_str()])
                .map(|_| format!("created theme “{theme}” with “{code}”"))
        } else {
            env.project
                .add_theme_codes(&theme, &[code.as_str()])
                .map(|n| match n {
                    0 => format!("“{code}” is in “{theme}” already"),
                    _ => format!("added “{code}” to “{theme}”"),
                })
        };
        self.report(env, res, keep)
    }

    /// Put the cursor on the theme called `name`, else on the first row of
    /// the code called `name` (showing the codes if they were hidden).
    fn jump_to(&mut self, env: &Env, name: &str) {
        let theme = self
            .rows
            .iter()
            .position(|r| matches!(r, ThemeRow::Theme(i) if self.themes[*i].name == name));
        let found = theme.or_else(|| {
            if self.folded {
                self.folded = false;
                let _ = self.reload(env);
            }
            self.rows
                .iter()
                .position(|r| matches!(r, ThemeRow::Code { name: n, .. } if n == name))
        });
        if let Some(i) = found {
            self.sel = i;
            self.keep_visible(env.width, env.height);
            let _ = self.load_review(env, false);
        }
    }
}
