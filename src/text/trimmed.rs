//! Display versions of quotes: the excerpt with parts left out. A display
//! text is literal pieces separated by bracketed placeholders — `[…]` (or
//! `[...]`) for a cut, `[naam]`, `[leeftijd]` for a redaction. It is valid
//! only if its literal pieces occur in the excerpt in the same order, without
//! overlapping: a subsequence of the excerpt at the level of pieces, so a
//! trimmed quote can leave words out but never add, change or reorder them.

/// The literal pieces of a display text (placeholders dropped, each piece
/// trimmed of surrounding whitespace, empty pieces skipped).
pub fn pieces(display: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = display;
    loop {
        match rest.find('[') {
            Some(open) => {
                let close = match rest[open..].find(']') {
                    Some(c) => open + c,
                    None => {
                        // An unclosed bracket is literal text.
                        out.push(rest.trim());
                        break;
                    }
                };
                out.push(rest[..open].trim());
                rest = &rest[close + 1..];
            }
            None => {
                out.push(rest.trim());
                break;
            }
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

/// Check that `display` is `excerpt` with parts replaced by placeholders;
/// the error names the first piece that is not where it should be.
pub fn check_display(excerpt: &str, display: &str) -> Result<(), String> {
    let ps = pieces(display);
    if ps.is_empty() {
        return Err("the display text has no words of the excerpt in it".into());
    }
    let mut at = 0;
    for p in ps {
        // Whitespace may differ (a line break in the excerpt, one space in
        // the display): compare with runs of whitespace made equal.
        match find_loose(&excerpt[at..], p) {
            Some((_, end)) => at += end,
            None => {
                let before = excerpt.contains(p) || find_loose(excerpt, p).is_some();
                return Err(if before {
                    format!(
                        "\"{p}\" is in the excerpt, but not after the part before it (the order must stay)"
                    )
                } else {
                    format!(
                        "\"{p}\" is not in the excerpt (a display text may only leave words out, marked […])"
                    )
                });
            }
        }
    }
    Ok(())
}

/// Find `needle` in `hay` treating any run of whitespace as equal to any
/// other; returns the byte range in `hay`.
fn find_loose(hay: &str, needle: &str) -> Option<(usize, usize)> {
    let words: Vec<&str> = needle.split_whitespace().collect();
    let first = *words.first()?;
    let mut from = 0;
    while let Some(i) = hay[from..].find(first) {
        let start = from + i;
        let mut pos = start + first.len();
        let mut ok = true;
        for w in &words[1..] {
            let rest = &hay[pos..];
            let trimmed = rest.trim_start();
            if trimmed.len() == rest.len() || !trimmed.starts_with(w) {
                ok = false;
                break;
            }
            pos += rest.len() - trimmed.len() + w.len();
        }
        if ok {
            return Some((start, pos));
        }
        from = start + first.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const EX: &str = "Nul. En ik zeg er meteen bij: dat betekent niet dat het hier niet gebeurt. Dat betekent alleen dat wij het niet zien.";

    #[test]
    fn trimmed_quotes_must_be_ordered_pieces_of_the_excerpt() {
        // Valid: cuts at the start, middle and end; a redaction; whitespace.
        for ok in [
            "Nul. […] Dat betekent alleen dat wij het niet zien.",
            "[…] dat betekent niet dat het hier niet gebeurt. […]",
            "Nul. En ik zeg er [...] bij: dat betekent niet dat het hier niet gebeurt.",
            "Nul. [naam] zeg er meteen bij:",
            "Nul.   En ik\nzeg",
            EX,
        ] {
            assert_eq!(check_display(EX, ok), Ok(()), "{ok}");
        }
        // Invalid: an added word, a changed word, reordered pieces, no text.
        for bad in [
            "Nul. […] Dat betekent helemaal niets.",
            "Nul. En ik zeg er meteen bij: dat betekent WEL dat het hier gebeurt.",
            "Dat betekent alleen dat wij het niet zien. […] Nul.",
            "[…]",
            "",
        ] {
            assert!(check_display(EX, bad).is_err(), "{bad}");
        }
        let e = check_display(EX, "Dat betekent alleen […] Nul.").unwrap_err();
        assert!(e.contains("\"Nul.\"") && e.contains("order"), "{e}");
        let e = check_display(EX, "Nul. […] helemaal").unwrap_err();
        assert!(e.contains("\"helemaal\" is not in the excerpt"), "{e}");
    }

    #[test]
    fn pieces_split_at_placeholders() {
        assert_eq!(pieces("a […] b [naam] c"), vec!["a", "b", "c"]);
        assert_eq!(pieces("[…] a"), vec!["a"]);
        assert_eq!(pieces("a [ b"), vec!["a [ b"]);
    }
}
