//! `thema tui` (and `thema` without a command): the coding workbench.

use super::Context;
use crate::error::{Error, Result};

#[derive(Debug, Default, clap::Args)]
pub struct TuiArgs {
    /// The attribute the documents pane shows and reports group by.
    #[arg(long, default_value = "unit")]
    pub by: Option<String>,
}

impl TuiArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let _project = ctx.take_project()?;
        Err(Error::user(
            "the coding workbench is not part of this build yet",
        ))
    }
}
