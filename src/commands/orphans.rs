//! `thema orphans`: list the excerpts a re-import could not place, re-attach
//! one to a span of the current text, or delete one. Orphans appear nowhere
//! else that would use their (stale) offsets.

use super::table::Table;
use super::{Context, Out, note, print_text};
use crate::error::Result;
use crate::model::Span;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct OrphansArgs {
    #[command(subcommand)]
    pub command: Option<OrphansCommand>,
    /// Print JSON: [{"id", "doc", "start", "end", "text", "codes", "coder", "orphan"}].
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum OrphansCommand {
    /// Re-attach an orphan (its codes and memo) to a span of the document's
    /// current text.
    Attach {
        /// The orphan's excerpt id (see `thema orphans`).
        excerpt: i64,
        /// The byte span START:END of the text `thema show --json` prints.
        #[arg(long, value_name = "START:END", value_parser = super::code::parse_span)]
        span: Span,
    },
    /// Delete an orphan with its codes and memo (`thema undo` brings it back).
    Delete {
        /// The orphan's excerpt id (see `thema orphans`).
        excerpt: i64,
    },
}

impl OrphansArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let p = ctx.project()?;
        match &self.command {
            Some(OrphansCommand::Attach { excerpt, span }) => {
                let at = p.attach_orphan(*excerpt, *span)?;
                note(format!(
                    "re-attached excerpt {excerpt} at {}:{}",
                    at.start, at.end
                ));
                Ok(())
            }
            Some(OrphansCommand::Delete { excerpt }) => {
                p.delete_orphan(*excerpt)?;
                note(format!("deleted orphan {excerpt}"));
                Ok(())
            }
            None => {
                let orphans = p.orphans()?;
                if self.json {
                    let mut out = Out::new();
                    out.json_seq(&orphans)?;
                    return out.finish();
                }
                if orphans.is_empty() {
                    note("no orphaned excerpts");
                    return Ok(());
                }
                let mut t = Table::new(&["ID", "DOC", "CODES", "OLD TEXT"])
                    .max_width(2, 40)
                    .max_width(3, 60);
                for e in &orphans {
                    t.row(vec![
                        e.id.to_string(),
                        e.doc.clone(),
                        e.codes.join(", "),
                        e.text.clone(),
                    ]);
                }
                print_text(&t.render())?;
                note(
                    "re-attach one with `thema orphans attach ID --span START:END`, or `thema orphans delete ID`",
                );
                Ok(())
            }
        }
    }
}
