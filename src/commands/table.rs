//! Plain-text tables for listings: columns aligned by display width (so
//! accents, CJK and emoji line up), long cells cut with an ellipsis. Cells
//! are flattened to one line and their control characters escaped before
//! widths are measured, so hostile names neither act on the terminal nor
//! break the alignment.

use unicode_width::UnicodeWidthStr;

pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Maximum display width per column (0 = unlimited).
    max: Vec<usize>,
}

impl Table {
    pub fn new(header: &[&str]) -> Self {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
            max: vec![0; header.len()],
        }
    }

    pub fn max_width(mut self, column: usize, width: usize) -> Self {
        self.max[column] = width;
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(
            cells
                .iter()
                .map(|c| crate::text::escape_line(&flatten(c)).into_owned())
                .collect(),
        );
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn render(&self) -> String {
        let cut: Vec<Vec<String>> = std::iter::once(&self.header)
            .chain(self.rows.iter())
            .map(|r| {
                r.iter()
                    .enumerate()
                    .map(|(i, c)| truncate(c, self.max[i]))
                    .collect()
            })
            .collect();
        let widths: Vec<usize> = (0..self.header.len())
            .map(|i| cut.iter().map(|r| r[i].width()).max().unwrap_or(0))
            .collect();
        let mut out = String::new();
        for row in &cut {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                line.push_str(cell);
                if i + 1 < row.len() {
                    line.push_str(&" ".repeat(widths[i] - cell.width()));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// Runs of whitespace (line breaks and tabs included) as one space.
fn flatten(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cut `s` to at most `max` display columns (0 = no limit), flattening newlines.
pub fn truncate(s: &str, max: usize) -> String {
    let flat = flatten(s);
    if max == 0 || flat.width() <= max {
        return flat;
    }
    let mut out = String::new();
    let mut w = 0;
    for g in unicode_segmentation::UnicodeSegmentation::graphemes(flat.as_str(), true) {
        let gw = g.width();
        if w + gw + 1 > max {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_by_display_width() {
        let mut t = Table::new(&["id", "x"]);
        t.row(vec!["é".into(), "1".into()]);
        t.row(vec!["日本".into(), "2".into()]);
        assert_eq!(t.render(), "id    x\né     1\n日本  2\n");
        assert_eq!(truncate("abcdef", 4), "abc…");
    }

    #[test]
    fn cells_are_one_escaped_line() {
        let mut t = Table::new(&["a", "b"]);
        t.row(vec!["x\u{1b}[2J".into(), "twee\nregels".into()]);
        assert_eq!(t.render(), "a           b\nx\\u{1b}[2J  twee regels\n");
    }
}
