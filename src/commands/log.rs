//! `thema undo`, `thema redo` and `thema log`.

use super::table::Table;
use super::{Context, note, print_json};
use crate::error::Result;

/// Undo and redo act on the current coder's own changes (`--coder`,
/// `THEMA_CODER`, else the login name); `--any` on anyone's.
#[derive(Debug, clap::Args)]
pub struct UndoArgs {
    /// Take the newest change of any coder, not only your own.
    #[arg(long)]
    pub any: bool,
}

impl UndoArgs {
    pub fn run_undo(&self, ctx: &mut Context) -> Result<()> {
        let p = ctx.project()?;
        let done = if self.any { p.undo_any()? } else { p.undo()? };
        match done {
            Some(s) => note(format!("undone: {s}")),
            None if self.any => note("nothing to undo"),
            None => note(format!(
                "nothing to undo for {} (`thema undo --any` takes anyone's newest change)",
                p.coder()
            )),
        }
        Ok(())
    }

    pub fn run_redo(&self, ctx: &mut Context) -> Result<()> {
        let p = ctx.project()?;
        let done = if self.any { p.redo_any()? } else { p.redo()? };
        match done {
            Some(s) => note(format!("redone: {s}")),
            None => note("nothing to redo"),
        }
        Ok(())
    }
}

#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// How many of the latest changes to show (0 = all).
    #[arg(long, short = 'n', default_value_t = 30)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

impl LogArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let events = ctx.project()?.log(self.limit)?;
        if self.json {
            return print_json(&events);
        }
        super::print_text(&event_table(&events))
    }
}

/// Events as a table: number, time (UTC, to the minute), coder, change.
pub fn event_table(events: &[crate::model::Event]) -> String {
    let mut t = Table::new(&["#", "WHEN (UTC)", "CODER", "CHANGE"]).max_width(3, 80);
    for e in events {
        let when = e.at.get(..16).unwrap_or(&e.at).replace('T', " ");
        let mut what = e.summary.clone();
        if e.undone {
            what.push_str(" [undone]");
        }
        t.row(vec![e.id.to_string(), when, e.coder.clone(), what]);
    }
    t.render()
}
