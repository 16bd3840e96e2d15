//! Re-anchoring: finding an excerpt's text again after its document changed.
//!
//! Design invariant 3: an excerpt is never silently moved or dropped. When a
//! write-up is re-imported, each excerpt is looked up by the copy of its text:
//! an unchanged span stays; otherwise every occurrence of the text in the new
//! version is a candidate, ranked by how much of the old surrounding context
//! (the bytes just before and after the span) it shares, then by closeness to
//! the old relative position. Text that was only re-wrapped is matched with
//! any whitespace. If nothing matches, the caller reports the excerpt orphaned.

use crate::model::Span;
use regex::RegexBuilder;

const CONTEXT: usize = 80;

/// Where the excerpt `span` of `old` (whose text is `excerpt`) lies in `new`.
/// `old` may be `None` when the span no longer refers to a known text (an
/// excerpt that was already orphaned), in which case only the text is used.
pub fn reanchor(old: Option<&str>, new: &str, span: Span, excerpt: &str) -> Option<Span> {
    if excerpt.is_empty() {
        return None;
    }
    if new.get(span.start..span.end) == Some(excerpt) {
        return Some(span);
    }
    let mut candidates: Vec<Span> = new
        .match_indices(excerpt)
        .map(|(i, m)| Span::new(i, i + m.len()))
        .collect();
    if candidates.is_empty() {
        let pattern = excerpt
            .split_whitespace()
            .map(regex::escape)
            .collect::<Vec<_>>()
            .join(r"\s+");
        let re = RegexBuilder::new(&pattern)
            .size_limit(1 << 24)
            .build()
            .ok()?;
        candidates = re
            .find_iter(new)
            .map(|m| Span::new(m.start(), m.end()))
            .collect();
    }
    match old {
        Some(old) if candidates.len() > 1 => {
            let before = tail(&old[..span.start.min(old.len())], CONTEXT);
            let after = head(&old[span.end.min(old.len())..], CONTEXT);
            let expected = span.start as f64 / old.len().max(1) as f64 * new.len() as f64;
            candidates.into_iter().max_by(|a, b| {
                let sa = score(new, *a, before, after);
                let sb = score(new, *b, before, after);
                sa.cmp(&sb).then_with(|| {
                    let da = (a.start as f64 - expected).abs();
                    let db = (b.start as f64 - expected).abs();
                    db.total_cmp(&da)
                })
            })
        }
        _ => candidates.into_iter().next(),
    }
}

fn score(new: &str, c: Span, before: &str, after: &str) -> usize {
    let prefix = common_suffix(&new[..c.start], before);
    let suffix = common_prefix(&new[c.end..], after);
    prefix + suffix
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn tail(s: &str, n: usize) -> &str {
    let mut i = s.len().saturating_sub(n);
    while !s.is_char_boundary(i) {
        i += 1;
    }
    &s[i..]
}

fn head(s: &str, n: usize) -> &str {
    let mut i = n.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, needle: &str) -> Span {
        let i = text.find(needle).unwrap();
        Span::new(i, i + needle.len())
    }

    #[test]
    fn unchanged_span_stays() {
        let t = "Een. Twee. Drie.";
        assert_eq!(
            reanchor(Some(t), t, at(t, "Twee."), "Twee."),
            Some(at(t, "Twee."))
        );
    }

    #[test]
    fn follows_text_that_moved() {
        let old = "Intro. De kans is nul. Slot.";
        let new = "Nieuwe alinea vooraf.\n\nIntro. De kans is nul. Slot.";
        let got = reanchor(
            Some(old),
            new,
            at(old, "De kans is nul."),
            "De kans is nul.",
        );
        assert_eq!(got, Some(at(new, "De kans is nul.")));
    }

    #[test]
    fn context_picks_the_right_duplicate() {
        let old = "A zegt: ja. B zegt: ja.";
        let span = Span::new(old.rfind("ja.").unwrap(), old.len());
        let new = "Nieuw. A zegt: ja. B zegt: ja.";
        assert_eq!(
            reanchor(Some(old), new, span, "ja."),
            Some(Span::new(new.rfind("ja.").unwrap(), new.len()))
        );
    }

    #[test]
    fn rewrapped_text_matches_any_whitespace() {
        let old = "De kans dat je gepakt wordt is nul.";
        let new = "De kans dat je\ngepakt wordt is nul.";
        assert_eq!(
            reanchor(Some(old), new, Span::new(0, old.len()), old),
            Some(Span::new(0, new.len()))
        );
    }

    #[test]
    fn deleted_text_is_none() {
        assert_eq!(
            reanchor(Some("Een. Twee."), "Een.", Span::new(5, 10), "Twee."),
            None
        );
    }
}
