//! `thema theme …`: build themes from codes, refine them (phases, subthemes,
//! rename, merge, split, order) and read their audit trail.

use super::table::Table;
use super::{Context, note, print_json};
use crate::error::Result;
use crate::model::Phase;

#[derive(Debug, clap::Subcommand)]
pub enum ThemeCommand {
    /// Create a theme (phase: candidate).
    New {
        name: String,
        #[arg(long, short, default_value = "")]
        definition: String,
        /// Make it a subtheme of this theme.
        #[arg(long)]
        parent: Option<String>,
        /// Codes the theme gathers from the start (repeatable).
        #[arg(long = "code", value_name = "CODE")]
        codes: Vec<String>,
    },
    /// Gather codes into a theme (a code may sit in several themes).
    Add {
        theme: String,
        #[arg(required = true)]
        codes: Vec<String>,
    },
    /// Take codes out of a theme (the codes and their excerpts stay).
    Remove {
        theme: String,
        #[arg(required = true)]
        codes: Vec<String>,
    },
    /// Set the phase: candidate → reviewed → defined.
    Phase {
        theme: String,
        #[arg(value_parser = parse_phase)]
        phase: Phase,
    },
    /// Set a theme's definition.
    Define { theme: String, definition: String },
    /// Rename a theme.
    Rename { old: String, new: String },
    /// Move FROM's codes, subthemes and memo into INTO and delete FROM.
    Merge { from: String, into: String },
    /// Split: a new theme NEW (next to FROM) takes the given codes from FROM.
    Split {
        from: String,
        new: String,
        #[arg(required = true)]
        codes: Vec<String>,
        #[arg(long, short, default_value = "")]
        definition: String,
    },
    /// Delete a theme (its codes stay; its subthemes move up; undo restores).
    Delete { name: String },
    /// Reorder (--to N among its siblings) or re-parent (--parent P / --top).
    Move {
        name: String,
        /// 1-based position among its siblings; reports follow this order.
        #[arg(long, required_unless_present_any = ["parent", "top"])]
        to: Option<usize>,
        #[arg(long, conflicts_with = "top")]
        parent: Option<String>,
        #[arg(long)]
        top: bool,
    },
    /// List themes in report order with phase, codes and excerpt counts.
    List {
        /// Print JSON: [{"name", "definition", "parent", "phase", "codes"}].
        #[arg(long)]
        json: bool,
    },
    /// The audit trail of a theme: every change to it, its codes and memo.
    History {
        name: String,
        #[arg(long)]
        json: bool,
    },
}

fn parse_phase(s: &str) -> std::result::Result<Phase, String> {
    s.parse()
}

impl ThemeCommand {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let p = ctx.project()?;
        match self {
            ThemeCommand::New {
                name,
                definition,
                parent,
                codes,
            } => {
                let c: Vec<&str> = codes.iter().map(String::as_str).collect();
                let t = p.create_theme_with_codes(name, definition, parent.as_deref(), &c)?;
                match c.len() {
                    0 => note(format!("created theme \"{}\"", t.name)),
                    n => note(format!("created theme \"{}\" with {n} code(s)", t.name)),
                }
            }
            ThemeCommand::Add { theme, codes } => {
                let c: Vec<&str> = codes.iter().map(String::as_str).collect();
                let n = p.add_theme_codes(theme, &c)?;
                note(format!("added {n} code(s) to \"{theme}\""));
            }
            ThemeCommand::Remove { theme, codes } => {
                let c: Vec<&str> = codes.iter().map(String::as_str).collect();
                let n = p.remove_theme_codes(theme, &c)?;
                note(format!("removed {n} code(s) from \"{theme}\""));
            }
            ThemeCommand::Phase { theme, phase } => {
                p.set_theme_phase(theme, *phase)?;
                note(format!("\"{theme}\" is now {phase}"));
            }
            ThemeCommand::Define { theme, definition } => {
                p.set_theme_definition(theme, definition)?;
                note(format!("defined \"{theme}\""));
            }
            ThemeCommand::Rename { old, new } => {
                p.rename_theme(old, new)?;
                note(format!("renamed \"{old}\" to \"{}\"", new.trim()));
            }
            ThemeCommand::Merge { from, into } => {
                p.merge_themes(from, into)?;
                note(format!("merged \"{from}\" into \"{into}\""));
            }
            ThemeCommand::Split {
                from,
                new,
                codes,
                definition,
            } => {
                let c: Vec<&str> = codes.iter().map(String::as_str).collect();
                let t = p.split_theme(from, new, &c, definition)?;
                note(format!(
                    "split \"{from}\": \"{}\" took {} code(s)",
                    t.name,
                    t.codes.len()
                ));
            }
            ThemeCommand::Delete { name } => {
                p.delete_theme(name)?;
                note(format!(
                    "deleted theme \"{name}\" (codes kept); `thema undo` brings it back"
                ));
            }
            ThemeCommand::Move {
                name,
                to,
                parent,
                top,
            } => {
                // Both a new parent and a position: one change, one undo.
                if (parent.is_some() || *top)
                    && let Some(n) = to
                {
                    p.move_theme_under(name, parent.as_deref(), *n)?;
                    match parent {
                        Some(pa) => {
                            note(format!("moved \"{name}\" under \"{pa}\", to position {n}"))
                        }
                        None => note(format!("moved \"{name}\" to the top level, position {n}")),
                    }
                } else if parent.is_some() || *top {
                    p.set_theme_parent(name, parent.as_deref())?;
                    match parent {
                        Some(pa) => note(format!("moved \"{name}\" under \"{pa}\"")),
                        None => note(format!("moved \"{name}\" to the top level")),
                    }
                } else if let Some(n) = to {
                    p.move_theme(name, *n)?;
                    note(format!("moved \"{name}\" to position {n}"));
                }
            }
            ThemeCommand::List { json } => {
                let themes = p.themes()?;
                if *json {
                    return print_json(&themes);
                }
                if themes.is_empty() {
                    note("no themes yet; create one with `thema theme new NAME`");
                    return Ok(());
                }
                let data = p.coding_data()?;
                let freq =
                    crate::analysis::frequencies(&data, "unit", crate::analysis::Level::Theme);
                let mut t = Table::new(&["THEME", "PHASE", "EXCERPTS", "CODES"])
                    .max_width(0, 50)
                    .max_width(3, 70);
                for (th, row) in themes.iter().zip(&freq.rows) {
                    t.row(vec![
                        format!("{}{}", "  ".repeat(row.depth), th.name),
                        th.phase.to_string(),
                        row.excerpts.to_string(),
                        th.codes.join(", "),
                    ]);
                }
                super::print_text(&t.render())?;
            }
            ThemeCommand::History { name, json } => {
                let events = p.theme_history(name)?;
                if *json {
                    return print_json(&events);
                }
                super::print_text(&super::log::event_table(&events))?;
            }
        }
        Ok(())
    }
}
