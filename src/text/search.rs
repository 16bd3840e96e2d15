//! Case-insensitive phrase search over stored text.
//!
//! Used by autocoding (`code apply --match`), the TUI's `/` search and its
//! hit list (`F`). A query is one phrase or several joined by `OR` / `|`,
//! with quotes for phrases kept literal. The
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
    /// Returns `None` for an empty (or all-whitespace) phrase. A phrase may
    /// list alternatives separated by `OR` or `|` (`webcam OR laptop`), and
    /// quotes keep words together or literal (`"sociale media" OR "OR"`).
    pub fn new(phrase: &str) -> Option<Phrase> {
        // Stored text is NFC, so the phrase must be too: an NFD "é" typed
        // on macOS would otherwise never match.
        let phrase = super::name::nfc(phrase.trim());
        let mut alternatives = alternatives(&phrase);
        if alternatives.is_empty() {
            return None;
        }
        // Longest first: at one position the regex takes the first
        // alternative that matches, and "webcam" should win over "web".
        alternatives.sort_by_key(|a| std::cmp::Reverse(a.len()));
        // Whitespace in the phrase matches any run of whitespace, so a phrase
        // still matches when the write-up wraps a line between its words.
        let pattern = alternatives
            .iter()
            .map(|a| {
                let words: Vec<String> = a.split_whitespace().map(regex::escape).collect();
                format!("(?:{})", words.join(r"\s+"))
            })
            .collect::<Vec<_>>()
            .join("|");
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

/// The alternatives of a query: words outside quotes are split at `OR`
/// and `|`; quoted text (`"…"` or `“…”`) is taken as it is.
fn alternatives(query: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let finish = |current: &mut String, out: &mut Vec<String>| {
        let a = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !a.is_empty() && !out.contains(&a) {
            out.push(a);
        }
        current.clear();
    };
    let mut quoted = false;
    let mut word = String::new();
    for c in query.chars().chain([' ']) {
        match c {
            '"' | '“' | '”' => {
                quoted = !quoted;
                current.push(' ');
            }
            _ if quoted => current.push(c),
            '|' => {
                current.push_str(&word);
                word.clear();
                finish(&mut current, &mut out);
            }
            c if c.is_whitespace() => {
                if word == "OR" {
                    finish(&mut current, &mut out);
                } else {
                    current.push_str(&word);
                    current.push(' ');
                }
                word.clear();
            }
            c => word.push(c),
        }
    }
    current.push_str(&word);
    finish(&mut current, &mut out);
    out
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
    fn or_and_quoted_phrases() {
        let t = "De webcam, de laptop en sociale media. Of: sociale\nnetwerken.";
        let spans = |q: &str| -> Vec<&str> {
            find_all_ci(t, q)
                .iter()
                .map(|s| &t[s.start..s.end])
                .collect()
        };
        assert_eq!(spans("webcam OR laptop"), ["webcam", "laptop"]);
        assert_eq!(spans("laptop | webcam"), ["webcam", "laptop"]);
        assert_eq!(spans("webcam|laptop"), ["webcam", "laptop"]);
        assert_eq!(
            spans("\"sociale media\" OR laptop"),
            ["laptop", "sociale media"]
        );
        // Unquoted words still form one phrase (as before).
        assert_eq!(spans("sociale netwerken"), ["sociale\nnetwerken"]);
        // The longer alternative wins where both start.
        assert_eq!(spans("web OR webcam"), ["webcam"]);
        // "or" in lower case and a quoted "OR" are words to find.
        assert_eq!(find_all_ci("this or that", "this or that").len(), 1);
        assert_eq!(find_all_ci("A OR B", "\"OR\"").len(), 1);
        assert!(find_all_ci("x", "OR").is_empty());
        assert!(find_all_ci("x", " | ").is_empty());
    }

    #[test]
    fn literal_not_regex_and_unicode_case() {
        assert!(find_all_ci("a.b", "a*b").is_empty());
        assert_eq!(find_all_ci("ÉÉN keer", "één").len(), 1);
        assert!(find_all_ci("x", "   ").is_empty());
    }
}
