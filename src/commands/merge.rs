//! `thema merge FILE…`: bring other coders' project files into this one, as
//! one change. A project file that does not exist yet is created first (the
//! team project), and removed again when the merge is refused.

use super::{Context, note, print_json};
use crate::error::Result;
use crate::store::Project;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Project files to merge into this one (each coder's copy).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print what was merged as JSON.
    #[arg(long)]
    pub json: bool,
}

impl MergeArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let created = !ctx.project_path.exists() && !ctx.project_path.is_symlink();
        if created {
            ctx.set_project(Project::create(&ctx.project_path)?);
        }
        let merged = match ctx.project()?.merge(&self.files) {
            Ok(m) => m,
            Err(e) => {
                if created {
                    // Leave no empty project behind a refused merge.
                    let path = ctx.project_path.clone();
                    drop(ctx.take_project());
                    for suffix in ["", "-wal", "-shm"] {
                        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                    }
                }
                return Err(e);
            }
        };
        if self.json {
            return print_json(&merged);
        }
        if merged.event.is_none() && merged.events == 0 {
            note(format!(
                "nothing new in {}: the project has all of it already",
                merged.files.join(", ")
            ));
            return Ok(());
        }
        note(format!(
            "merged {}: {} document(s), {} attribute(s), {} code(s), {} theme(s), {} excerpt(s), {} coding(s), {} memo(s), {} logged change(s){}",
            merged.files.join(", "),
            merged.documents,
            merged.attributes,
            merged.codes,
            merged.themes,
            merged.excerpts,
            merged.codings,
            merged.memos,
            merged.events,
            if merged.event.is_some() {
                " (one change: `thema undo` takes it back)"
            } else {
                ""
            }
        ));
        Ok(())
    }
}
