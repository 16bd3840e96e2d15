//! The command line's output layer: everything a command prints goes through
//! here. Standard output is locked once and buffered (64 KiB writes instead
//! of one `write(2)` per line), JSON is serialized straight into it element
//! by element ([`Out::json_seq`]), and text is passed through
//! [`crate::text::escape_text`] so no control character from a project or a
//! write-up reaches the terminal raw. Notes for the user go to stderr, escaped
//! the same way. A closed pipe (`thema excerpts --json | head`) surfaces as an
//! `Error::Io` of kind `BrokenPipe`, which `main` treats as a normal end.

use crate::error::Result;
use crate::text::escape_text;
use serde::Serialize;
use std::io::{BufWriter, StdoutLock, Write};

/// Buffered, escaped standard output. Call [`Out::finish`] to flush and see
/// write errors; dropping it flushes too but cannot report them.
pub struct Out {
    w: BufWriter<StdoutLock<'static>>,
}

impl Default for Out {
    fn default() -> Self {
        Out::new()
    }
}

impl Out {
    pub fn new() -> Out {
        Out {
            w: BufWriter::with_capacity(64 * 1024, std::io::stdout().lock()),
        }
    }

    /// Text, with control characters other than newline and tab escaped.
    pub fn text(&mut self, s: &str) -> Result<()> {
        self.w.write_all(escape_text(s).as_bytes())?;
        Ok(())
    }

    /// A line of text (escaped like [`Out::text`]) and a newline.
    pub fn line(&mut self, s: &str) -> Result<()> {
        self.text(s)?;
        self.w.write_all(b"\n")?;
        Ok(())
    }

    /// One JSON value, pretty, terminal-safe, newline-terminated.
    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        crate::report::json::write(&mut self.w, value)?;
        Ok(())
    }

    /// A JSON array written element by element as the items come.
    pub fn json_seq<I>(&mut self, items: I) -> Result<()>
    where
        I: IntoIterator,
        I::Item: Serialize,
    {
        crate::report::json::write_seq(&mut self.w, items)?;
        Ok(())
    }

    /// A JSON array whose elements `fill` hands over one at a time, each
    /// written as it comes (for callbacks such as
    /// [`crate::Project::for_each_excerpt`]).
    pub fn json_stream<T, F>(&mut self, fill: F) -> Result<()>
    where
        T: Serialize + ?Sized,
        F: FnOnce(&mut dyn FnMut(&T) -> Result<()>) -> Result<()>,
    {
        crate::report::json::write_stream(&mut self.w, fill)
    }

    /// Flush, reporting any write error (a closed pipe included).
    pub fn finish(mut self) -> Result<()> {
        self.w.flush()?;
        Ok(())
    }
}

/// Print JSON to stdout (see [`Out::json`]).
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut out = Out::new();
    out.json(value)?;
    out.finish()
}

/// Print text to stdout as is, apart from escaping (see [`Out::text`]).
pub fn print_text(s: &str) -> Result<()> {
    let mut out = Out::new();
    out.text(s)?;
    out.finish()
}

/// A note for the user on stderr (stdout is for data), escaped. A closed or
/// full stderr is ignored: a note is never worth failing a command for.
pub fn note(msg: impl AsRef<str>) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", escape_text(msg.as_ref()));
}
