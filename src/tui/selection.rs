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

/// The end of the next unit from `cursor`, as a grapheme the cursor can sit
/// on: what forward motions reach in a visual selection, so `v )` selects to
/// the sentence's full stop and not the first letter of the next one.
pub fn jump_end(text: &str, spans: &[Span], cursor: usize) -> Option<usize> {
    spans
        .iter()
        .map(|s| text::prev_grapheme(text, s.end))
        .find(|&e| e > cursor)
}

/// `"`: the innermost quotation around the cursor, else the first one that
/// starts at or after the cursor in its sentence (so `( "` on a sentence
/// like `… vat het zo samen: “Wij …”` selects just the quotation).
pub fn quotation_at(text: &str, cursor: usize) -> Option<Span> {
    let para = text::unit_at(text, cursor, Unit::Paragraph)?;
    let quotes = text::quotations(text, para);
    let around = quotes
        .iter()
        .filter(|q| q.start <= cursor && cursor < q.end)
        .min_by_key(|q| q.len());
    if let Some(q) = around {
        return Some(*q);
    }
    let sentence = text::unit_at(text, cursor, Unit::Sentence)?;
    quotes
        .iter()
        .filter(|q| q.start >= cursor.max(sentence.start) && q.start < sentence.end)
        .min_by_key(|q| q.start)
        .copied()
}

/// What `S`/`P` came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extended {
    /// The new selection, and where the cursor goes (the unit added).
    To { span: Span, cursor: usize },
    /// Extending would take in this heading; asked again, it may.
    Heading(Span),
    /// Nothing left to add.
    Nothing,
}

/// `S`/`P`: grow the selection by a unit. Without a selection, the unit
/// under the cursor. When the cursor's unit lies outside the selection, up
/// to and including it (`s ) ) S` takes three sentences); when it lies inside
/// (`s S`), the unit after the selection, or the rest of the unit the
/// selection ends in. A heading is never taken in unless `allow_heading` is
/// its start (the caller passes it when the same key is pressed again).
pub fn extend(
    text: &str,
    units: &[Span],
    current: Option<Span>,
    cursor: usize,
    allow_heading: Option<usize>,
) -> Extended {
    let at_cursor = units.iter().find(|u| cursor < u.end).or(units.last());
    let Some(&at_cursor) = at_cursor else {
        return Extended::Nothing;
    };
    let Some(cur) = current else {
        return Extended::To {
            span: at_cursor,
            cursor: at_cursor.start,
        };
    };
    let inside = cur.start <= at_cursor.start && at_cursor.end <= cur.end;
    let target = if !inside {
        at_cursor
    } else {
        match units.iter().find(|u| u.end > cur.end) {
            Some(u) => *u,
            None => return Extended::Nothing,
        }
    };
    let span = cur.cover(&target);
    // Units newly taken in: a heading among them stops the extension.
    let heading = units
        .iter()
        .filter(|u| u.start >= span.start && u.end <= span.end)
        .filter(|u| u.end <= cur.start || u.start >= cur.end)
        .find(|u| text::is_heading_at(text, u.start) && allow_heading != Some(u.start));
    match heading {
        Some(h) => Extended::Heading(*h),
        None => Extended::To {
            span,
            cursor: target.start,
        },
    }
}

/// `<`/`>` on an excerpt: move its edge nearer the cursor one sentence left
/// or right (the end edge: `>` widens, `<` narrows; the start edge: `<`
/// widens, `>` narrows). `Err` says why not.
pub fn move_edge(
    text: &str,
    sentences: &[Span],
    excerpt: Span,
    cursor: usize,
    right: bool,
) -> Result<Span, &'static str> {
    let start_edge = cursor.saturating_sub(excerpt.start) < excerpt.end.saturating_sub(cursor);
    let new = match (start_edge, right) {
        (false, true) => sentences
            .iter()
            .find(|s| s.end > excerpt.end)
            .map(|s| Span::new(excerpt.start, s.end))
            .ok_or("no sentence after the excerpt to take in")?,
        (false, false) => sentences
            .iter()
            .rev()
            .find(|s| s.end < excerpt.end && s.end > excerpt.start)
            .map(|s| Span::new(excerpt.start, s.end))
            .ok_or("the excerpt is one sentence: nothing to narrow")?,
        (true, false) => sentences
            .iter()
            .rev()
            .find(|s| s.start < excerpt.start)
            .map(|s| Span::new(s.start, excerpt.end))
            .ok_or("no sentence before the excerpt to take in")?,
        (true, true) => sentences
            .iter()
            .find(|s| s.start > excerpt.start && s.start < excerpt.end)
            .map(|s| Span::new(s.start, excerpt.end))
            .ok_or("the excerpt is one sentence: nothing to narrow")?,
    };
    let takes_heading = sentences
        .iter()
        .filter(|s| s.start >= new.start && s.end <= new.end)
        .filter(|s| s.end <= excerpt.start || s.start >= excerpt.end)
        .any(|s| text::is_heading_at(text, s.start));
    if takes_heading {
        return Err("that would take in a heading");
    }
    Ok(new)
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

    /// `S` (or `P`) on an annotated string: the selection after it.
    fn extend_s(annotated: &str, unit: Unit, allow: Option<usize>) -> String {
        let (t, cursor, sel) = parse(annotated);
        let units = text::units(&t, unit);
        match extend(&t, &units, sel, cursor, allow) {
            Extended::To { span, cursor } => show(&t, Some(cursor), Some(span)),
            Extended::Heading(h) => format!("heading at {}", h.start),
            Extended::Nothing => "nothing".into(),
        }
    }

    #[test]
    fn capital_s_right_after_s_takes_the_next_sentence() {
        assert_eq!(
            extend_s("Eén. [Twee|.] Drie. Vier.", Unit::Sentence, None),
            "Eén. [Twee. |Drie.] Vier."
        );
        // From a visual selection that ends mid-sentence: the rest of it.
        assert_eq!(
            extend_s("[Eén. Tw|ee]. Drie.", Unit::Sentence, None),
            "[Eén. |Twee.] Drie."
        );
        // The cursor moved on: up to and including its sentence.
        assert_eq!(
            extend_s("[Eén.] Twee. |Drie. Vier.", Unit::Sentence, None),
            "[Eén. Twee. |Drie.] Vier."
        );
        assert_eq!(extend_s("Eén. [Twee|.]", Unit::Sentence, None), "nothing");
    }

    #[test]
    fn extending_stops_at_a_heading_unless_asked_again() {
        let t = "Tekst hier.\n\n## Kop\n\nMeer tekst.";
        let annotated = "[Tekst hier|.]\n\n## Kop\n\nMeer tekst.";
        let heading = t.find("##").unwrap();
        assert_eq!(
            extend_s(annotated, Unit::Sentence, None),
            format!("heading at {heading}")
        );
        assert_eq!(
            extend_s(annotated, Unit::Paragraph, None),
            format!("heading at {heading}")
        );
        assert_eq!(
            extend_s(annotated, Unit::Sentence, Some(heading)),
            "[Tekst hier.\n\n|## Kop]\n\nMeer tekst."
        );
        // `) S` at the paragraph's end: the cursor on the heading.
        assert_eq!(
            extend_s(
                "[Tekst hier.]\n\n|## Kop\n\nMeer tekst.",
                Unit::Sentence,
                None
            ),
            format!("heading at {heading}")
        );
    }

    #[test]
    fn visual_forward_motions_stop_at_the_unit_end() {
        let (t, c, _) = parse("Eén |zin hier. Twee zinnen.");
        let s = text::units(&t, Unit::Sentence);
        let (c, sel) = start_visual(&t, c, Selection::None);
        let end = jump_end(&t, &s, c).unwrap();
        assert_eq!(
            show(&t, None, sel.span(&t, end)),
            "Eén [zin hier.] Twee zinnen."
        );
        let end = jump_end(&t, &s, end).unwrap();
        assert_eq!(
            show(&t, None, sel.span(&t, end)),
            "Eén [zin hier. Twee zinnen.]"
        );
        assert_eq!(jump_end(&t, &s, end), None);
    }

    #[test]
    fn quotation_key_selects_the_quotation() {
        let q = |annotated: &str| {
            let (t, c, _) = parse(annotated);
            show(&t, None, quotation_at(&t, c))
        };
        // From the start of the sentence that introduces it.
        assert_eq!(
            q("Voor. |Hij vat het zo samen: “Wij nooit. Het komt van buiten.” Na."),
            "Voor. Hij vat het zo samen: [“Wij nooit. Het komt van buiten.”] Na."
        );
        // Inside a quotation within a quotation: the inner one.
        assert_eq!(
            q("Zij: “Met ‘kun|nen jullie’ kom je er niet.”"),
            "Zij: “Met [‘kunnen jullie’] kom je er niet.”"
        );
        assert_eq!(q("Geen |citaat hier."), "Geen citaat hier.");
    }

    #[test]
    fn edges_move_one_sentence_at_a_time() {
        let edge = |annotated: &str, right: bool| {
            let (t, c, sel) = parse(annotated);
            let s = text::units(&t, Unit::Sentence);
            match move_edge(&t, &s, sel.unwrap(), c, right) {
                Ok(span) => show(&t, None, Some(span)),
                Err(e) => e.to_string(),
            }
        };
        assert_eq!(
            edge("Eén. [Twee. Drie|.] Vier.", true),
            "Eén. [Twee. Drie. Vier.]"
        );
        assert_eq!(
            edge("Eén. [Twee. Drie|.] Vier.", false),
            "Eén. [Twee.] Drie. Vier."
        );
        assert_eq!(
            edge("Eén. [|Twee. Drie.] Vier.", false),
            "[Eén. Twee. Drie.] Vier."
        );
        assert_eq!(
            edge("Eén. [|Twee. Drie.] Vier.", true),
            "Eén. Twee. [Drie.] Vier."
        );
        assert_eq!(
            edge("Eén. [Twee|.] Vier.", false),
            "the excerpt is one sentence: nothing to narrow"
        );
        assert_eq!(
            edge("[Tekst|.]\n\n## Kop", true),
            "that would take in a heading"
        );
    }
}
