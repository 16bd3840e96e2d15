//! A positioned YAML tree, shared by write-up front matter and YAML codebooks.
//!
//! Both need every diagnostic to name a line and column and both want values
//! exactly as written (`1.10` stays `1.10`, `no` stays `no`, `0x1F` stays
//! `0x1F`), which a typed reader such as serde_yaml cannot give: it turns
//! them into numbers and booleans and forgets where a node was (the crate is
//! also archived). So the text is read with `saphyr-parser`'s event stream,
//! which carries a position per node, into a small tree of text scalars.
//!
//! Hostile input stays cheap: nesting deeper than [`MAX_DEPTH`] stops the
//! read at the first node past the limit (200 KB of `[` used to take over a
//! minute), and the parser is only asked for events while the tree is built.

use saphyr_parser::{Event, Parser, ScalarStyle};

/// Deepest nesting of lists and mappings accepted; real codebooks and front
/// matter use two or three levels.
pub const MAX_DEPTH: usize = 64;

/// 1-based line and column (in characters) of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    fn of(m: &saphyr_parser::Marker) -> Pos {
        Pos {
            line: m.line(),
            col: m.col() + 1,
        }
    }
}

#[derive(Debug)]
pub enum Node {
    Scalar {
        value: String,
        /// Written without quotes (only a plain scalar can mean "no value").
        plain: bool,
        pos: Pos,
    },
    Seq {
        items: Vec<Node>,
        pos: Pos,
    },
    Map {
        entries: Vec<(Node, Node)>,
        pos: Pos,
    },
    Alias {
        pos: Pos,
    },
}

impl Node {
    pub fn pos(&self) -> Pos {
        match self {
            Node::Scalar { pos, .. }
            | Node::Seq { pos, .. }
            | Node::Map { pos, .. }
            | Node::Alias { pos } => *pos,
        }
    }

    /// A plain `null`, `~` or nothing at all: the YAML ways to leave a value out.
    pub fn is_null(&self) -> bool {
        matches!(self, Node::Scalar { value, plain: true, .. } if matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }
}

/// Why the text could not be read as one YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The parser's own message.
    Syntax(String),
    /// A quoted value that never closes; the position is its opening quote.
    UnclosedQuote,
    /// Lists or mappings nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// A second `---` document.
    SecondDocument,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub pos: Pos,
    pub kind: ErrorKind,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            ErrorKind::Syntax(m) => write!(f, "YAML syntax error: {m}"),
            ErrorKind::UnclosedQuote => {
                write!(
                    f,
                    "YAML syntax error: the quote opened here is never closed"
                )
            }
            ErrorKind::TooDeep => write!(
                f,
                "YAML nested more than {MAX_DEPTH} levels deep; thema reads at most {MAX_DEPTH}"
            ),
            ErrorKind::SecondDocument => write!(f, "a second YAML document ('---') is not allowed"),
        }
    }
}

enum Frame {
    Seq(Vec<Node>, Pos),
    Map(Vec<(Node, Node)>, Option<Node>, Pos),
}

/// Parse `src` into a positioned tree (`None` for an empty stream); a syntax
/// error ends parsing because nothing after it can be trusted.
pub fn parse(src: &str) -> Result<Option<Node>, Error> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    // Where the last event ended: an unclosed quote opens after it.
    let mut last_end = 0usize;
    for item in Parser::new_from_str(src) {
        let (event, span) = item.map_err(|e| {
            let m = e.marker();
            if e.info().contains("quoted scalar")
                && let Some(pos) = quote_after(src, last_end)
            {
                return Error {
                    pos,
                    kind: ErrorKind::UnclosedQuote,
                };
            }
            let kind = if e.info().contains("recursion limit") {
                // The scanner's own bound on flow nesting (`[[[…`).
                ErrorKind::TooDeep
            } else {
                ErrorKind::Syntax(e.info().to_owned())
            };
            Error {
                pos: Pos {
                    line: m.line(),
                    col: m.col() + 1,
                },
                kind,
            }
        })?;
        last_end = span.end.index();
        let pos = Pos::of(&span.start);
        let node = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(Error {
                        pos,
                        kind: ErrorKind::SecondDocument,
                    });
                }
                continue;
            }
            Event::Scalar(value, style, _, _) => Node::Scalar {
                value: value.into_owned(),
                plain: style == ScalarStyle::Plain,
                pos,
            },
            Event::Alias(_) => Node::Alias { pos },
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Error {
                        pos,
                        kind: ErrorKind::TooDeep,
                    });
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq(Vec::new(), pos)
                } else {
                    Frame::Map(Vec::new(), None, pos)
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq(items, pos)) => Node::Seq { items, pos },
                Some(Frame::Map(entries, _, pos)) => Node::Map { entries, pos },
                None => continue,
            },
            _ => continue,
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq(items, _)) => items.push(node),
            Some(Frame::Map(entries, key, _)) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
    Ok(root)
}

/// Position of the first quote character at or after character index `from`.
fn quote_after(src: &str, from: usize) -> Option<Pos> {
    let (mut line, mut col) = (1, 1);
    for (i, c) in src.chars().enumerate() {
        if i >= from && (c == '"' || c == '\'') {
            return Some(Pos { line, col });
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_stay_text_with_positions() {
        let Some(Node::Map { entries, .. }) = parse("a: 1.10\nb: 0x1F\nc: no\n").unwrap() else {
            panic!("expected a mapping")
        };
        let values: Vec<(&str, Pos)> = entries
            .iter()
            .map(|(_, v)| match v {
                Node::Scalar { value, pos, .. } => (value.as_str(), *pos),
                _ => panic!(),
            })
            .collect();
        assert_eq!(
            values,
            [
                ("1.10", Pos { line: 1, col: 4 }),
                ("0x1F", Pos { line: 2, col: 4 }),
                ("no", Pos { line: 3, col: 4 })
            ]
        );
    }

    #[test]
    fn unclosed_quote_points_at_its_opening() {
        let e = parse("id: P1\nunit: \"Politie\nrole: x\ndate: 2020\n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::UnclosedQuote);
        assert_eq!(e.pos, Pos { line: 2, col: 7 });
        let e = parse("id: P1\nunit: 'Politie\n").unwrap_err();
        assert_eq!(e.pos, Pos { line: 2, col: 7 });
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        // Before the depth bound, 200 KB of `[` took over a minute to reject.
        let src = "[".repeat(200_000);
        let e = parse(&src).unwrap_err();
        assert_eq!(e.kind, ErrorKind::TooDeep);
        crate::testing::assert_linear("rejecting [[[…", 20_000, |n| {
            std::hint::black_box(parse(&"[".repeat(n)).is_err());
        });
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }
}
