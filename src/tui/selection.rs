//! Pure reader logic: where motions move the cursor and what the selection
//! keys select, as functions of the text, its unit spans and the cursor. No
//! state beyond the arguments, no project, no terminal, so every rule is
//! tested here on small annotated strings (see the tests: `[` `]` mark the
//! selection, `|` the cursor).

use crate::model::Span;
use crate::text::{self, Unit};

/// The reader's selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    None,
    /// A fixed span (from `s`, `p`, Enter or a jump).
    Span(Span),
    /// From `anchor` to the cursor (inclusive), following motions.
    Visual {
        anchor: usize,
    },
}

impl Selection {
    /// The selected span for a cursor position, if any.
    pub fn span(self, text: &str, cursor: usize) -> Option<Span> {
        match self {
            Selection::None => None,
            Selection::Span(s) => Some(s),
            Selection::Visual { anchor } => {
                let a = anchor.min(cursor);
                let b = anchor.max(cursor);
                Some(Span::new(a, text::next_grapheme(text, b)))
            }
        }
    }
}

/// The start of the next (`forward`) or previous unit from `cursor`.
pub fn jump(spans: &[Span], cursor: usize, forward: bool) -> Option<usize> {
    if forward {
        spans.iter().find(|s| s.start > cursor).map(|s| s.start)
    } else {
        spans
            .iter()
            .rev()
            .find(|s| s.start < cursor)
            .map(|s| s.start)
    }
}

/// What `s`/`p` (`extend == false`) or `S`/`P` select: the unit under the
/// cursor, or that unit joined to the current selection.
pub fn select_unit(
    text: &str,
    cursor: usize,
    unit: Unit,
    current: Option<Span>,
    extend: bool,
) -> Option<Span> {
    let span = text::unit_at(text, cursor, unit)?;
    Some(match (extend, current) {
        (true, Some(s)) => s.cover(&span),
        _ => span,
    })
}

/// `v`: a fixed selection becomes a visual one with the cursor on its last
/// grapheme (so motions grow it); otherwise a visual selection starts at the
/// cursor. Returns (cursor, selection).
pub fn start_visual(text: &str, cursor: usize, sel: Selection) -> (usize, Selection) {
    match sel {
        Selection::Span(s) => (
            text::prev_grapheme(text, s.end),
            Selection::Visual { anchor: s.start },
        ),
        _ => (cursor, Selection::Visual { anchor: cursor }),
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    //! Annotated strings for reader tests, as in Helix's test suite:
    //! `[` and `]` mark the selection, `|` the cursor. The markers are
    //! removed and their byte offsets into the plain text returned.

    use crate::model::Span;

    /// The text without markers, the cursor (0 if absent) and the selection.
    pub fn parse(annotated: &str) -> (String, usize, Option<Span>) {
        let mut text = String::new();
        let (mut cursor, mut open, mut sel) = (0, None, None);
        for c in annotated.chars() {
            match c {
                '|' => cursor = text.len(),
                '[' => open = Some(text.len()),
                ']' => sel = Some(Span::new(open.expect("] before ["), text.len())),
                _ => text.push(c),
            }
        }
        (text, cursor, sel)
    }

    /// The text with the selection (and the cursor, when given) written in.
    pub fn show(text: &str, cursor: Option<usize>, sel: Option<Span>) -> String {
        let mut out = String::new();
        for (i, c) in text.char_indices().chain([(text.len(), '\0')]) {
            if sel.is_some_and(|s| s.end == i) {
                out.push(']');
            }
            if sel.is_some_and(|s| s.start == i) {
                out.push('[');
            }
            if cursor == Some(i) {
                out.push('|');
            }
            if c != '\0' {
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{parse, show};
    use super::*;

    /// Apply `s`/`p`/`S`/`P` to an annotated string; show the selection.
    fn select(annotated: &str, unit: Unit, extend: bool) -> String {
        let (t, cursor, sel) = parse(annotated);
        let span = select_unit(&t, cursor, unit, sel, extend);
        show(&t, None, span)
    }

    #[test]
    fn fixtures_round_trip() {
        let (t, c, s) = parse("Eén [zin.]| Twee");
        assert_eq!(t, "Eén zin. Twee");
        assert_eq!(c, "Eén zin.".len());
        assert_eq!(s, Some(Span::new(5, 9)));
        assert_eq!(show(&t, Some(c), s), "Eén [zin.]| Twee");
    }

    #[test]
    fn s_selects_the_sentence_under_the_cursor() {
        assert_eq!(
            select("Eén zin. Twee |zinnen. Drie.", Unit::Sentence, false),
            "Eén zin. [Twee zinnen.] Drie."
        );
        assert_eq!(
            select(
                "Eerste alinea.\n\nTweede| alinea, nog een zin. En meer.",
                Unit::Paragraph,
                false
            ),
            "Eerste alinea.\n\n[Tweede alinea, nog een zin. En meer.]"
        );
    }

    #[test]
    fn capital_s_joins_the_sentence_to_the_selection() {
        assert_eq!(
            select("[Eén zin.] Twee |zinnen. Drie.", Unit::Sentence, true),
            "[Eén zin. Twee zinnen.] Drie."
        );
        // Without a selection it selects like `s`.
        assert_eq!(
            select("Eén zin. Twee |zinnen. Drie.", Unit::Sentence, true),
            "Eén zin. [Twee zinnen.] Drie."
        );
    }

    #[test]
    fn jumps_go_to_the_next_and_previous_unit_start() {
        let (t, c, _) = parse("Eén zin. Twee |zinnen. Drie.");
        let s = text::units(&t, Unit::Sentence);
        assert_eq!(
            show(&t, jump(&s, c, true), None),
            "Eén zin. Twee zinnen. |Drie."
        );
        assert_eq!(
            show(&t, jump(&s, c, false), None),
            "Eén zin. |Twee zinnen. Drie."
        );
        let (t, c, _) = parse("Eén zin. Twee zinnen. Drie|.");
        let s = text::units(&t, Unit::Sentence);
        assert_eq!(jump(&s, c, true), None);
    }

    #[test]
    fn visual_selection_includes_the_grapheme_under_the_cursor() {
        let (t, c, _) = parse("Eén |zin. Twee");
        let (c, sel) = start_visual(&t, c, Selection::None);
        let end = t.find('.').unwrap();
        assert_eq!(show(&t, None, sel.span(&t, end)), "Eén [zin.] Twee");
        assert_eq!(show(&t, None, sel.span(&t, c)), "Eén [z]in. Twee");
        // `v` on a fixed selection keeps it and puts the cursor on its end.
        let (t, c, s) = parse("|Eén [zin.] Twee");
        let (c, sel) = start_visual(&t, c, Selection::Span(s.unwrap()));
        assert_eq!(show(&t, Some(c), sel.span(&t, c)), "Eén [zin|.] Twee");
    }
}
