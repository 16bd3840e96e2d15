//! Terminal-safe text: the one rule for control characters in anything thema
//! shows. Names, labels, memos, attribute values and coder names come from
//! files and project databases that someone else may have written; a control
//! character in them would be executed by the reader's terminal (an OSC 52
//! sequence writes to the clipboard, CSI sequences repaint the screen, a bare
//! CR overwrites what was printed). Every text output — the CLI's stdout and
//! stderr, Markdown, CSV, Mermaid, DOT, SVG and the workbench — passes text
//! through these functions, which replace each control character (Unicode
//! category Cc: C0, DEL and C1) by a visible escape such as `\u{1b}`, so the
//! reader sees that something is there without the terminal acting on it.
//! The bidi embeddings, overrides and isolates (U+202A–U+202E,
//! U+2066–U+2069) are escaped the same way: they act at a distance, turning
//! the rest of a line (a later column, the next value) around in terminals and
//! viewers that apply the bidi algorithm, so `admin<U+202E>txt.exe` reads as
//! something else ("Trojan Source"). They are not refused at import (right-to-
//! left text may use them); only shown escaped.
//! JSON needs no help: serde_json escapes C0, and [`crate::report::json`]
//! escapes DEL and C1 as well.

use std::borrow::Cow;
use std::fmt;

/// Whether `c` must not reach a terminal raw (Unicode category Cc).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
}

/// Whether `c` is a bidi embedding, override or isolate (or their pop),
/// which reorders what follows it on the line.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// How multi-line text may keep its layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Nothing: a name or label is one line.
    Nothing,
    /// Newlines and tabs, and a CR only as part of CRLF.
    Layout,
}

fn escape_with(s: &str, keep: Keep) -> Cow<'_, str> {
    let bad = |i: usize, c: char| {
        is_bidi_control(c)
            || is_unsafe(c)
                && !(keep == Keep::Layout
                    && (c == '\n' || c == '\t' || (c == '\r' && s[i + 1..].starts_with('\n'))))
    };
    let Some(first) = s.char_indices().position(|(i, c)| bad(i, c)) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 8);
    for (n, (i, c)) in s.char_indices().enumerate() {
        if n >= first && bad(i, c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => {
            use fmt::Write;
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// A one-line value (name, id, label, attribute value, coder): every control
/// character escaped, newlines and tabs included.
pub fn escape_line(s: &str) -> Cow<'_, str> {
    escape_with(s, Keep::Nothing)
}

/// Multi-line text shown as text (memo, definition, document text, a whole
/// listing): newlines and tabs kept (and CR in CRLF), every other control
/// character escaped.
pub fn escape_text(s: &str) -> Cow<'_, str> {
    escape_with(s, Keep::Layout)
}

/// `Display` for a one-line value, escaped: `format!("{}", Safe(name))`.
pub struct Safe<'a>(pub &'a str);

impl fmt::Display for Safe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape_line(self.0))
    }
}

/// The first control character in `s`, as (byte offset, character), for
/// refusing one with its position.
pub fn first_control(s: &str) -> Option<(usize, char)> {
    s.char_indices().find(|&(_, c)| is_unsafe(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_escape_every_control_character() {
        assert_eq!(escape_line("plain é 日本"), "plain é 日本");
        assert!(matches!(escape_line("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape_line("a\u{1b}]52;c;aGk=\u{7}b"),
            "a\\u{1b}]52;c;aGk=\\u{7}b"
        );
        assert_eq!(escape_line("x\u{9b}31m\u{7f}"), "x\\u{9b}31m\\u{7f}");
        assert_eq!(escape_line("a\nb\tc\r\n"), "a\\nb\\tc\\r\\n");
        assert_eq!(Safe("\u{1b}[2J").to_string(), "\\u{1b}[2J");
    }

    #[test]
    fn text_keeps_its_layout_only() {
        assert_eq!(escape_text("a\nb\tc\r\nd"), "a\nb\tc\r\nd");
        assert_eq!(escape_text("over\rwrite"), "over\\rwrite");
        assert_eq!(escape_text("end\r"), "end\\r");
        assert_eq!(escape_text("\u{1b}[31mred\n"), "\\u{1b}[31mred\n");
        assert_eq!(escape_text("\u{85}"), "\\u{85}");
    }

    #[test]
    fn bidi_controls_are_shown_not_applied() {
        // Failed before: U+202E reached the terminal raw and reversed the rest
        // of the line.
        assert_eq!(escape_line("admin\u{202e}txt.exe"), "admin\\u{202e}txt.exe");
        assert_eq!(
            escape_text("a\u{2066}b\u{2069}\nc\u{202a}"),
            "a\\u{2066}b\\u{2069}\nc\\u{202a}"
        );
        for c in [
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{2067}', '\u{2068}',
        ] {
            assert!(!escape_line(&c.to_string()).contains(c));
        }
        // Direction marks and Arabic or Hebrew letters stay as they are.
        assert_eq!(escape_text("שלום \u{200f}مرحبا"), "שלום \u{200f}مرحبا");
    }

    #[test]
    fn escaped_output_has_no_control_characters() {
        let all: String = (0u32..0x110000).filter_map(char::from_u32).collect();
        assert!(
            !escape_line(&all)
                .chars()
                .any(|c| is_unsafe(c) || is_bidi_control(c))
        );
        let kept: Vec<char> = escape_text(&all)
            .chars()
            .filter(|c| is_unsafe(*c))
            .collect();
        assert_eq!(kept, vec!['\t', '\n']);
        assert_eq!(first_control("ab\u{1b}"), Some((2, '\u{1b}')));
    }
}
