//! Errors and diagnostics shared by every module.
//!
//! `Error` separates what the user can fix (exit code 1: a bad file, an unknown
//! code, a missing project) from what they cannot (exit code 2: SQLite or I/O
//! failures inside thema). `Diagnostic` is one located problem in an input file
//! (`path:line:column: message`); batch operations collect all of them so the
//! user can fix a whole file in one pass instead of one error per run.

use std::fmt;
use std::path::PathBuf;

/// One problem in an input file, located by 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn new(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            column,
            message: message.into(),
        }
    }

    /// A problem that concerns the file as a whole (binary, empty, unreadable).
    pub fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::new(path, 0, 0, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}: {}", self.path.display(), self.message),
            (l, 0) => write!(f, "{}:{}: {}", self.path.display(), l, self.message),
            (l, c) => write!(f, "{}:{}:{}: {}", self.path.display(), l, c, self.message),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Something the user can fix; `hint` says how.
    #[error("{message}")]
    User {
        message: String,
        hint: Option<String>,
    },
    /// One or more located problems in input files; nothing was changed.
    #[error("{}", summarize(.0))]
    Invalid(Vec<Diagnostic>),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Internal(String),
}

fn summarize(d: &[Diagnostic]) -> String {
    let lines: Vec<String> = d.iter().map(|d| d.to_string()).collect();
    lines.join("\n")
}

impl Error {
    pub fn user(message: impl Into<String>) -> Self {
        Error::User {
            message: message.into(),
            hint: None,
        }
    }

    pub fn hint(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::User {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// Exit code for the command line: 1 for user errors, 2 for internal ones.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::User { .. } | Error::Invalid(_) => 1,
            _ => 2,
        }
    }

    /// A write to a closed pipe (`thema excerpts | head`): the reader has
    /// all it wanted, so the command ends normally.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }

    pub fn hint_text(&self) -> Option<&str> {
        match self {
            Error::User { hint, .. } => hint.as_deref(),
            Error::Invalid(_) => {
                Some("nothing was changed; fix the lines above and run the command again")
            }
            _ => None,
        }
    }
}

/// SQLite errors about the file itself (busy, damaged, disk full,
/// read-only) become user errors that say what is wrong; see `store::file`.
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        crate::store::explain_sqlite(e)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        // Writing JSON to a closed pipe or a full disk is an I/O error, not
        // a JSON one.
        if e.is_io() {
            return Error::Io(e.into());
        }
        Error::Internal(format!("JSON error: {e}"))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
