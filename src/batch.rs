//! Coding batches in JSON Lines, for `thema code apply --batch FILE|-`.
//!
//! Each non-blank line is one object: `{"doc", "start", "end", "codes": [..],
//! "memo"?}` codes the exact byte span `[start, end)` of a document, and
//! `{"doc"?, "match", "unit"?, "headings"?, "codes": [..], "memo"?}` codes
//! every match of a phrase (in one document, or all without `doc`). This
//! module only turns lines into [`BatchCoding`]s, streaming, and turns lines
//! that do not parse into located problems (`file:line:column`); checking
//! the items against the project and applying them is
//! [`Project::apply_batch`](crate::store::Project::apply_batch)'s job.

use crate::error::Diagnostic;
use crate::model::Span;
use crate::store::{BatchCoding, BatchTarget};
use crate::text::Unit;
use serde::Deserialize;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// One line as written; `deny_unknown_fields` turns a misspelt key into an
/// error instead of a silently ignored one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    doc: Option<String>,
    start: Option<usize>,
    end: Option<usize>,
    #[serde(rename = "match")]
    phrase: Option<String>,
    unit: Option<String>,
    headings: Option<bool>,
    codes: Vec<String>,
    memo: Option<String>,
}

/// The items of a JSON Lines batch read from `input`, one per non-blank line,
/// each carrying its line number; a line that cannot be read or parsed
/// becomes a [`Diagnostic`] naming `path`, the line and (for syntax errors)
/// the column.
pub fn read_lines<R: BufRead>(
    path: &Path,
    input: R,
) -> impl Iterator<Item = Result<BatchCoding, Diagnostic>> {
    let path: PathBuf = path.to_owned();
    input.lines().enumerate().filter_map(move |(i, line)| {
        let n = i + 1;
        match line {
            Err(e) => Some(Err(Diagnostic::new(
                &path,
                n,
                0,
                format!("cannot read: {e}"),
            ))),
            Ok(l) if l.trim().is_empty() => None,
            Ok(l) => Some(parse_line(&path, n, &l)),
        }
    })
}

/// Parse one line (`n` is its 1-based number).
pub fn parse_line(path: &Path, n: usize, text: &str) -> Result<BatchCoding, Diagnostic> {
    let bad = |msg: &str| Diagnostic::new(path, n, 0, msg);
    let line: Line = serde_json::from_str(text).map_err(|e| {
        // serde_json says "… at line 1 column 7"; the line is ours to give.
        let mut msg = e.to_string();
        if let Some(i) = msg.rfind(" at line ") {
            msg.truncate(i);
        }
        // serde_json counts bytes from 1; columns in messages are characters.
        let column = match e.column() {
            0 => 0,
            c => {
                let mut b = (c - 1).min(text.len());
                while !text.is_char_boundary(b) {
                    b -= 1;
                }
                text[..b].chars().count() + 1
            }
        };
        Diagnostic::new(path, n, column, msg)
    })?;
    if line.codes.is_empty() {
        return Err(bad("\"codes\" is empty: give at least one code name"));
    }
    let target = match (line.start, line.end, line.phrase) {
        (Some(_), _, Some(_)) | (_, Some(_), Some(_)) => {
            return Err(bad(
                "give either \"start\" and \"end\" or \"match\", not both",
            ));
        }
        (Some(start), Some(end), None) => {
            if line.unit.is_some() || line.headings.is_some() {
                return Err(bad(
                    "\"unit\" and \"headings\" go with \"match\", not with a span",
                ));
            }
            if line.doc.is_none() {
                return Err(bad("a span needs \"doc\": the document it belongs to"));
            }
            BatchTarget::Span(Span { start, end })
        }
        (Some(_), None, None) => return Err(bad("\"start\" without \"end\"")),
        (None, Some(_), None) => return Err(bad("\"end\" without \"start\"")),
        (None, None, Some(phrase)) => {
            let unit = match line.unit.as_deref() {
                None | Some("sentence") => Some(Unit::Sentence),
                Some("match") => None,
                Some(u) => Some(
                    u.parse::<Unit>()
                        .map_err(|e| bad(&format!("{e}, or match for the matched text only")))?,
                ),
            };
            BatchTarget::Match {
                phrase,
                unit,
                headings: line.headings.unwrap_or(false),
            }
        }
        (None, None, None) => {
            return Err(bad(
                "give \"start\" and \"end\" (byte offsets) or \"match\"",
            ));
        }
    };
    Ok(BatchCoding {
        line: n,
        doc: line.doc,
        target,
        codes: line.codes,
        memo: line.memo,
        coder: None,
        created_at: None,
    })
}
