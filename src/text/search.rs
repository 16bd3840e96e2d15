//! Case-insensitive phrase search over stored text.
//!
//! Used by autocoding (`code apply --match`) and by the TUI's `/` search. The
//! phrase is taken literally (no regex syntax leaks to users) and matched
//! without regard to case in any script; results are byte spans into the
//! original text, so they can be stored directly.

use crate::model::Span;
use regex::{Regex, RegexBuilder};

/// A compiled phrase, reusable across many documents.
#[derive(Debug, Clone)]
pub struct Phrase {
    regex: Regex,
}

impl Phrase {
    /// Returns `None` for an empty (or all-whitespace) phrase.
    pub fn new(phrase: &str) -> Option<Phrase> {
        // Stored text is NFC, so the phrase must be too: an NFD "é" typed
        // on macOS would otherwise never match.
        let phrase = super::name::nfc(phrase.trim());
        if phrase.is_empty() {
            return None;
        }
        // Whitespace in the phrase matches any run of whitespace, so a phrase
        // still matches when the write-up wraps a line between its words.
        let pattern = phrase
            .split_whitespace()
            .map(regex::escape)
            .collect::<Vec<_>>()
            .join(r"\s+");
        let regex = RegexBuilder::new(&pattern)
            .case_insensitive(true)
            .build()
            .ok()?;
        Some(Phrase { regex })
    }

    pub fn find_all(&self, text: &str) -> Vec<Span> {
        self.regex
            .find_iter(text)
            .map(|m| Span::new(m.start(), m.end()))
            .collect()
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }
}

/// All case-insensitive occurrences of `phrase` in `text`.
pub fn find_all_ci(text: &str, phrase: &str) -> Vec<Span> {
    Phrase::new(phrase)
        .map(|p| p.find_all(text))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_without_case_and_across_line_breaks() {
        let t = "Geen zicht. De politie heeft GEEN\nZICHT op de branche.";
        let hits = find_all_ci(t, "geen zicht");
        assert_eq!(hits.len(), 2);
        assert_eq!(&t[hits[0].start..hits[0].end], "Geen zicht");
        assert_eq!(&t[hits[1].start..hits[1].end], "GEEN\nZICHT");
    }

    #[test]
    fn literal_not_regex_and_unicode_case() {
        assert!(find_all_ci("a.b", "a*b").is_empty());
        assert_eq!(find_all_ci("ÉÉN keer", "één").len(), 1);
        assert!(find_all_ci("x", "   ").is_empty());
    }
}
