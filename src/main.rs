//! The `thema` binary: parse arguments, run, map errors to exit codes
//! (0 ok, 1 user error, 2 internal error).

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match thema::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are not errors; a bad argument is the
            // user's to fix, so it exits 1 like every other user error.
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
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
