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
        let project = ctx.take_project()?;
        if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            return Err(Error::user("the workbench needs a terminal"));
        }
        crate::tui::run(
            project,
            crate::tui::TuiOptions {
                group_by: self.by.clone().unwrap_or_else(|| "unit".into()),
                ..Default::default()
            },
        )
    }
}
