//! `thema backup FILE` and `thema check-db`: a safe copy of the project, and
//! a check of the file with what to do when it is damaged.

use super::{Context, note, print_json};
use crate::error::{Error, Result};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Where to write the copy (a complete project file).
    pub file: PathBuf,
    /// Replace FILE if it exists (e.g. yesterday's backup).
    #[arg(long)]
    pub replace: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckDbArgs {
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
}

impl BackupArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let pages = ctx.project()?.backup(&self.file, self.replace)?;
        note(format!(
            "backed up {} to {} ({pages} pages, checked)",
            ctx.project_path.display(),
            self.file.display()
        ));
        Ok(())
    }
}

impl CheckDbArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let report = crate::store::check_file(&ctx.project_path);
        if self.json {
            print_json(&report)?;
        } else if report.ok() {
            super::print_text(&format!(
                "ok: {} passed SQLite's integrity check; foreign keys and excerpt offsets are consistent\n",
                report.path
            ))?;
        } else {
            let mut out = super::Out::new();
            out.line(&format!("{} has problems:", report.path))?;
            for p in &report.problems {
                out.line(&format!("  {p}"))?;
            }
            out.finish()?;
        }
        if report.ok() {
            return Ok(());
        }
        let path = &report.path;
        Err(Error::hint(
            format!("{path} did not pass the check"),
            format!(
                "nothing was changed. To recover: (1) copy your last backup (`thema backup`, or a copy made while no thema was writing) over {path}; \
                 (2) without a backup, let SQLite rescue what it can read: `sqlite3 {path} .recover | sqlite3 rescued.db`, \
                 then `thema --project rescued.db check-db`"
            ),
        ))
    }
}
