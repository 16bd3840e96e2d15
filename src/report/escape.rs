//! Escaping for every report format, in one place, so text from the project
//! (names, group labels, definitions, attribute values) is always shown as
//! text and never acts as syntax for the reader's tool:
//!
//! - Markdown: [`md_inline`] for prose, headings and list items, [`md_cell`]
//!   for table cells, [`md_block`] for multi-line text (definitions, quotes),
//!   [`md_code`] for code spans. A definition line `# heading` stays a line
//!   of text, `<script>` and `*x*` stay literal, `|` cannot split a cell.
//! - CSV: [`csv_field`] neutralizes cells a spreadsheet would run as a
//!   formula (OWASP: a leading `=`, `+`, `-`, `@`, tab or CR gets a `'`).
//! - Mermaid, DOT and XML/SVG labels: [`mermaid_label`], [`dot_string`],
//!   [`xml_escape`].
//!
//! All of them first make control characters visible
//! ([`crate::text::escape_line`] / [`crate::text::escape_text`]), because
//! every one of these outputs may end up printed on a terminal.

use crate::text::{escape_line, escape_text};

/// ASCII punctuation that is Markdown or HTML syntax anywhere in a line
/// (`&` starts an entity, `$` maths on GitHub, `|` a table cell).
fn md_special(c: char) -> bool {
    matches!(
        c,
        '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '$' | '|' | '~' | '&'
    )
}

/// Escape inline syntax in one line (no line-start handling).
fn md_chars(s: &str, out: &mut String) {
    for ch in s.chars() {
        if md_special(ch) {
            out.push('\\');
        }
        out.push(ch);
    }
}

/// Escape what only matters at the start of a line: block syntax such as
/// `# `, `> `, `- `, `+ `, `= `/`-` underlines, `:` and `1.` / `1)`.
fn md_line_start(out: &mut String, from: usize) {
    let line = &out[from..];
    if line.starts_with(['#', '>', '+', '-', '=', ':']) {
        out.insert(from, '\\');
    } else {
        let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && line[digits..].starts_with(['.', ')']) {
            out.insert(from + digits, '\\');
        }
    }
}

/// One line of prose, a heading's text or a list item's text: shown
/// literally wherever it lands, even at the start of a line. Line breaks in
/// it become spaces (a name is one line).
pub fn md_inline(s: &str) -> String {
    let flat = s.trim().replace(['\n', '\r'], " ");
    let safe = escape_line(&flat);
    let mut out = String::with_capacity(safe.len() + 8);
    md_chars(&safe, &mut out);
    md_line_start(&mut out, 0);
    out
}

/// A table cell: like [`md_inline`] (pipes included), on one line.
pub fn md_cell(s: &str) -> String {
    md_inline(s)
}

/// Multi-line text (a definition, a quote): every line escaped as a line of
/// text, line breaks kept. Blank lines are kept, so paragraphs stay.
pub fn md_block(s: &str) -> Vec<String> {
    let safe = escape_text(s.trim());
    safe.lines()
        .map(|line| {
            let line = line.trim();
            let mut out = String::with_capacity(line.len() + 8);
            md_chars(&line.replace('\t', " "), &mut out);
            md_line_start(&mut out, 0);
            out
        })
        .collect()
}

/// Multi-line text as one paragraph-like run: the lines of [`md_block`]
/// joined by hard line breaks (`\` at the end of a line), blank lines dropped,
/// so it can follow a bold label or sit inside emphasis without ending it.
pub fn md_paragraph(s: &str) -> String {
    md_block(s)
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\\\n")
}

/// A code span holding `s` literally (a fence longer than any run of
/// backticks inside it).
pub fn md_code(s: &str) -> String {
    let safe = escape_line(s);
    let longest = safe.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if safe.starts_with('`') || safe.ends_with('`') {
        format!("{fence} {safe} {fence}")
    } else {
        format!("{fence}{safe}{fence}")
    }
}

/// A link destination (a file name next to the report): as is when it is
/// plain, else in angle brackets so spaces and parentheses keep it whole.
pub fn md_link_target(s: &str) -> String {
    let safe = escape_line(s);
    if !safe.is_empty()
        && safe
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'))
    {
        return safe.into_owned();
    }
    let mut out = String::from("<");
    for ch in safe.chars() {
        if matches!(ch, '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('>');
    out
}

/// One CSV field (RFC 4180): control characters made visible (line breaks
/// kept), a leading formula character neutralized with `'` (OWASP CSV
/// injection), quoted when needed.
pub fn csv_field(s: &str) -> String {
    let safe = escape_text(s);
    let neutral = if safe.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{safe}")
    } else {
        safe.into_owned()
    };
    if neutral.contains([',', '"', '\r', '\n'])
        || neutral.starts_with(' ')
        || neutral.ends_with(' ')
    {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// A Mermaid node label (inside `["…"]`): quotes, angle brackets, `#` and
/// backticks as Mermaid entity codes, so a name cannot close the label,
/// open HTML, start a Markdown string or end the surrounding code fence.
pub fn mermaid_label(s: &str) -> String {
    let flat = s.replace(['\n', '\r'], " ");
    let mut out = String::new();
    for ch in escape_line(&flat).chars() {
        match ch {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            c => out.push(c),
        }
    }
    out
}

/// A Graphviz DOT string, quoted.
pub fn dot_string(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in escape_text(s).chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for XML content and attribute values (SVG). XML 1.0 cannot carry
/// most control characters at all, not even as references, so they are
/// shown as visible escapes like everywhere else.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in escape_text(s).chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_is_literal_anywhere() {
        assert_eq!(md_inline("Blinde vlek"), "Blinde vlek");
        assert_eq!(
            md_inline("*x* <script> a|b #h"),
            "\\*x\\* \\<script> a\\|b #h"
        );
        assert_eq!(md_inline("# kop"), "\\# kop");
        assert_eq!(md_inline("- item"), "\\- item");
        assert_eq!(md_inline("2020. Jaar"), "2020\\. Jaar");
        assert_eq!(md_inline("=x"), "\\=x");
        assert_eq!(md_inline("a\nb"), "a b");
        assert_eq!(
            md_inline("a\u{1b}]52;c;x\u{7}"),
            "a\\\\u{1b}\\]52;c;x\\\\u{7}"
        );
        assert_eq!(md_cell("a | b"), "a \\| b");
    }

    #[test]
    fn blocks_keep_lines_but_no_block_syntax() {
        assert_eq!(
            md_block("Eerste\n# heading\n\n- item\n> quote\n1. een"),
            vec![
                "Eerste",
                "\\# heading",
                "",
                "\\- item",
                "\\> quote",
                "1\\. een"
            ]
        );
        assert_eq!(md_paragraph("a\n\n# b"), "a\\\n\\# b");
        let one = |s: &str| md_block(s).remove(0);
        assert_eq!(one("  # kop"), "\\# kop");
        assert_eq!(one("2020. Een jaar"), "2020\\. Een jaar");
        assert_eq!(one("3) drie"), "3\\) drie");
        assert_eq!(one("+ plus"), "\\+ plus");
        assert_eq!(one("gewoon 1. tekst"), "gewoon 1. tekst");
        assert_eq!(one("€ 5 of $5"), "€ 5 of \\$5");
    }

    #[test]
    fn link_targets_stay_whole() {
        assert_eq!(md_link_target("rapport-matrix.svg"), "rapport-matrix.svg");
        assert_eq!(md_link_target("my (1).svg"), "<my (1).svg>");
        assert_eq!(md_link_target("a>b.svg"), "<a\\>b.svg>");
    }

    #[test]
    fn code_spans_outlast_backticks() {
        assert_eq!(md_code("unit"), "`unit`");
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("`a"), "`` `a ``");
    }

    #[test]
    fn csv_fields_quote_and_neutralize() {
        assert_eq!(csv_field("Blinde vlek"), "Blinde vlek");
        assert_eq!(csv_field("Geld, risico"), "\"Geld, risico\"");
        assert_eq!(csv_field("“a\" b"), "\"“a\"\" b\"");
        assert_eq!(csv_field("twee\nregels"), "\"twee\nregels\"");
        assert_eq!(
            csv_field("=WEBSERVICE(\"x\")"),
            "\"'=WEBSERVICE(\"\"x\"\")\""
        );
        for f in ["+1", "-1", "@SUM(A1)", "\tx"] {
            assert!(csv_field(f).starts_with('\''), "{f:?}");
        }
        // A lone CR is made visible, which neutralizes it as well.
        assert_eq!(csv_field("\rx"), "\\rx");
        assert_eq!(csv_field("a\u{1b}b"), "a\\u{1b}b");
        assert_eq!(csv_field("12"), "12");
    }

    #[test]
    fn graph_and_xml_labels() {
        assert_eq!(mermaid_label("a\"<b>`#&"), "a#quot;#lt;b#gt;#96;#35;&");
        assert_eq!(
            dot_string("a\"b\\c\nd\u{1b}"),
            "\"a\\\"b\\\\c\\nd\\\\u{1b}\""
        );
        assert_eq!(
            xml_escape("<a & 'b'>\u{1b}"),
            "&lt;a &amp; &apos;b&apos;&gt;\\u{1b}"
        );
    }
}
