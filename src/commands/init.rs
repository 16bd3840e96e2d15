//! `thema init`: create an empty project file.

use super::{Context, note};
use crate::error::Result;
use crate::store::Project;

#[derive(Debug, clap::Args)]
pub struct InitArgs {}

impl InitArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let project = Project::create(&ctx.project_path)?;
        note(format!(
            "created {}; next: `thema import FOLDER` to add write-ups",
            ctx.project_path.display()
        ));
        ctx.set_project(project);
        Ok(())
    }
}
