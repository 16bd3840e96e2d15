//! The `thema` binary: parse arguments, run, map errors to exit codes
//! (0 ok, 1 user error, 2 internal error). A closed output pipe is a normal
//! end (`thema excerpts --json | head` exits 0, quietly).

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match thema::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are not errors; a bad argument is the
            // user's to fix, so it exits 1 like every other user error.
            let code = if e.use_stderr() { 1 } else { 0 };
            // clap quotes the offending argument; one holding a control
            // character is printed plain and escaped instead of as is.
            let plain = e.render().to_string();
            if e.use_stderr()
                && plain
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t')
            {
                let _ = write!(std::io::stderr(), "{}", thema::text::escape_text(&plain));
            } else {
                let _ = e.print();
            }
            return ExitCode::from(code);
        }
    };
    match thema::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            // Messages quote names from the project: escaped like all output.
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "error: {}", thema::text::escape_text(&e.to_string()));
            if let Some(hint) = e.hint_text() {
                let _ = writeln!(err, "hint: {}", thema::text::escape_text(hint));
            }
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
