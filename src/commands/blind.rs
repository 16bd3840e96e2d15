//! `thema blind [on|off]`: the project's blind-coding setting.

use super::{Context, note};
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Switch {
    On,
    Off,
}

#[derive(Debug, clap::Args)]
pub struct BlindArgs {
    /// Turn blind coding on or off for everyone; without it, say whether it is on.
    #[arg(value_enum)]
    pub switch: Option<Switch>,
}

impl BlindArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let project = ctx.project()?;
        if let Some(s) = self.switch {
            project.set_blind_setting(s == Switch::On)?;
        }
        let setting = project.blind_setting()?;
        let session = project.is_blind()? && !setting;
        note(match (setting, session) {
            (true, _) => {
                "blind coding is on: each coder sees only their own codings in the workbench and `thema excerpts`"
            }
            (false, true) => {
                "blind coding is off for the project, but on for this run (--blind / THEMA_BLIND)"
            }
            (false, false) => "blind coding is off: every coder sees all codings",
        });
        Ok(())
    }
}
