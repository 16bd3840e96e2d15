//! `thema tui` (and `thema` without a command): the coding workbench.

use super::Context;
use crate::error::{Error, Result};

#[derive(Debug, Default, clap::Args)]
pub struct TuiArgs {
    /// The attribute the documents pane shows and reports group by.
    #[arg(long, default_value = "unit")]
    pub by: Option<String>,
    /// The coder settled disagreements are recorded as (compare screen, A).
    #[arg(long, value_name = "NAME")]
    pub consensus: Option<String>,
}

impl TuiArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let project = ctx.take_project()?;
        if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            return Err(Error::user("the workbench needs a terminal"));
        }
        project.on_wait(show_wait);
        let consensus = self.consensus.clone();
        crate::tui::run_with(
            project,
            crate::tui::TuiOptions {
                group_by: self.by.clone().unwrap_or_else(|| "unit".into()),
                ..Default::default()
            },
            move |app| {
                if let Some(c) = consensus {
                    app.compare.consensus = c.trim().to_owned();
                }
            },
        )
    }
}

/// While a change waits for another thema, say so on the bottom line (the
/// event loop is blocked in that call, so it is drawn here directly); ""
/// clears it again.
fn show_wait(msg: &str) {
    use crossterm::{cursor, queue, style, terminal};
    use std::io::Write;
    let (width, height) = terminal::size().unwrap_or((80, 24));
    let text: String = msg.chars().take(width as usize).collect();
    let mut out = std::io::stdout();
    let _ = queue!(
        out,
        cursor::SavePosition,
        cursor::MoveTo(0, height.saturating_sub(1)),
        terminal::Clear(terminal::ClearType::CurrentLine),
        style::PrintStyledContent(style::Stylize::reverse(text)),
        cursor::RestorePosition
    );
    let _ = out.flush();
}
