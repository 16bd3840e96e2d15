//! `thema completions SHELL` and `thema man`: shell completion scripts
//! (clap_complete) and man pages (clap_mangen), both generated from the
//! clap definitions in `cli.rs`, so they never drift from the commands.

use crate::error::{Error, Result};
use clap::CommandFactory;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish.
    pub shell: clap_complete::Shell,
}

impl CompletionsArgs {
    pub fn run(&self) -> Result<()> {
        let mut cmd = crate::cli::Cli::command();
        let mut out = Vec::new();
        clap_complete::generate(self.shell, &mut cmd, "thema", &mut out);
        write_stdout(&out)
    }
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write thema.1 and one page per command (thema-import.1, …) into DIR
    /// instead of printing thema.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

impl ManArgs {
    pub fn run(&self) -> Result<()> {
        let cmd = crate::cli::Cli::command();
        match &self.dir {
            None => {
                let mut out = Vec::new();
                clap_mangen::Man::new(cmd)
                    .render(&mut out)
                    .map_err(|e| Error::Internal(e.to_string()))?;
                write_stdout(&out)
            }
            Some(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| Error::user(format!("cannot create {}: {e}", dir.display())))?;
                clap_mangen::generate_to(cmd, dir).map_err(|e| {
                    Error::user(format!("cannot write man pages to {}: {e}", dir.display()))
                })?;
                super::note(format!("wrote the man pages to {}", dir.display()));
                Ok(())
            }
        }
    }
}

/// Generated text goes out as it is (a closed pipe, `thema man | head`, is
/// an `Error::Io` of kind `BrokenPipe`, which `main` treats as a normal end).
fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()?;
    Ok(())
}
