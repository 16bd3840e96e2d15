//! Natural ordering for ids and group labels.
//!
//! People expect "P2" before "P10" and "Politie-eenheid II" before
//! "Politie-eenheid X". Plain string order gets both wrong, so labels are
//! compared token by token: digit runs by value, whole words made only of
//! upper-case Roman numeral letters by value, everything else case-insensitively.

use std::cmp::Ordering;

#[derive(Debug, PartialEq, Eq)]
enum Token<'a> {
    Number(u128),
    Text(&'a str),
}

fn roman_value(word: &str) -> Option<u128> {
    if word.is_empty() || !word.chars().all(|c| "IVXLCDM".contains(c)) {
        return None;
    }
    let val = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        _ => 1000,
    };
    let digits: Vec<u128> = word.chars().map(val).collect();
    let mut total: i128 = 0;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|next| next > d) {
            total -= *d as i128;
        } else {
            total += *d as i128;
        }
    }
    let total = total.max(0) as u128;
    // Only canonical numerals count, so words like "DIM" stay words.
    (to_roman(total) == word).then_some(total)
}

fn to_roman(mut n: u128) -> String {
    const TABLE: [(u128, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

fn tokens(s: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let len = if c.is_ascii_digit() {
            rest.find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len())
        } else if c.is_alphabetic() {
            rest.find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len())
        } else {
            c.len_utf8()
        };
        let tok = &rest[..len];
        out.push(if c.is_ascii_digit() {
            tok.parse().map(Token::Number).unwrap_or(Token::Text(tok))
        } else {
            roman_value(tok)
                .map(Token::Number)
                .unwrap_or(Token::Text(tok))
        });
        rest = &rest[len..];
    }
    out
}

/// Compare two labels in natural order (ties broken by plain order).
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (ta, tb) = (tokens(a), tokens(b));
    for (x, y) in ta.iter().zip(tb.iter()) {
        let ord = match (x, y) {
            (Token::Number(m), Token::Number(n)) => m.cmp(n),
            (Token::Number(_), Token::Text(_)) => Ordering::Less,
            (Token::Text(_), Token::Number(_)) => Ordering::Greater,
            (Token::Text(s), Token::Text(t)) => s.to_lowercase().cmp(&t.to_lowercase()),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    ta.len().cmp(&tb.len()).then_with(|| a.cmp(b))
}

/// The natural-order rank of each distinct label, for sorting many items by
/// label: comparing labels once each is far cheaper than `natural_cmp` in
/// every comparison of a large sort.
pub fn natural_rank<'a>(
    labels: impl IntoIterator<Item = &'a str>,
) -> std::collections::HashMap<String, usize> {
    let mut names: Vec<&str> = labels.into_iter().collect();
    names.sort_unstable();
    names.dedup();
    names.sort_by(|a, b| natural_cmp(a, b));
    names
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n.to_owned(), i))
        .collect()
}

/// Byte length of the leading words (up to a space) shared by all values.
pub fn common_word_prefix(values: &[&str]) -> usize {
    let Some(first) = values.first() else {
        return 0;
    };
    let mut len = 0;
    for (i, c) in first.char_indices() {
        if c == ' '
            && values
                .iter()
                .all(|v| v.len() > i + 1 && v[..=i] == first[..=i])
        {
            len = i + 1;
        }
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut v: Vec<&str>) -> Vec<&str> {
        v.sort_by(|a, b| natural_cmp(a, b));
        v
    }

    #[test]
    fn numbers_and_roman_numerals() {
        assert_eq!(sorted(vec!["P10", "P2", "P1"]), vec!["P1", "P2", "P10"]);
        assert_eq!(
            sorted(vec![
                "Politie-eenheid X",
                "Politie-eenheid II",
                "Politie-eenheid IV",
                "Politie-eenheid IX"
            ]),
            vec![
                "Politie-eenheid II",
                "Politie-eenheid IV",
                "Politie-eenheid IX",
                "Politie-eenheid X"
            ]
        );
        // An ordinary word of capitals that is not a numeral stays text.
        assert_eq!(
            sorted(vec!["AVIM", "(none)", "DIM"]),
            vec!["(none)", "AVIM", "DIM"]
        );
    }
}
