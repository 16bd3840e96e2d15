//! The `thema` binary: parse arguments, run, map errors to exit codes.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = thema::cli::Cli::parse();
    match thema::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            if let Some(hint) = e.hint_text() {
                eprintln!("hint: {hint}");
            }
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
