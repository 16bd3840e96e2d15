//! Coding stripes (NVivo's margin): which code runs beside which display
//! line, in which lane, and where each code's name is written; and the
//! colours of the open document's codes, chosen so that codes whose
//! excerpts touch or follow each other never share one. Pure functions of
//! the marks and the visible lines, so the view only paints and the rules
//! have their own tests.

use crate::model::Span;
use crate::store::Mark;
use ratatui::style::Color;
use std::collections::HashMap;

/// The margin for the lines on screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Margin {
    /// The codes with a lane, left to right (the order they first appear in
    /// the document, so lanes do not swap while scrolling).
    pub codes: Vec<String>,
    /// Per visible line: for each lane, whether its code covers the line.
    pub cover: Vec<Vec<bool>>,
    /// The coders of the codings on screen (order of first appearance).
    pub coders: Vec<String>,
    /// Per visible line, per lane: who applied the lane's code there, as a
    /// bit set over `coders` (bit i: `coders[i]`; coders past the 32nd
    /// share the last bit).
    pub who: Vec<Vec<u32>>,
    /// Per visible line: the codes (indices into `codes`) named there.
    pub labels: Vec<Vec<usize>>,
    /// Codes on screen beyond the lanes that fit (named, without a lane).
    pub hidden: usize,
}

/// The byte range a display line stands for when testing coverage (an
/// empty line between two coded paragraphs is covered when its newline is).
fn line_range(l: Span) -> Span {
    Span::new(l.start, l.end.max(l.start + 1))
}

/// Lay out the margin for `lines` (the visible display lines, in order).
/// `marks` are the document's coded spans sorted by start; `lanes` is how
/// many stripes fit. Each code on screen gets one lane; its name is written
/// on the first line of each run of lines it covers, or on the next free
/// line of that run when another name is there, or else beside that name.
pub fn margin(lines: &[Span], marks: &[Mark], lanes: usize) -> Margin {
    let Some(first) = lines.first() else {
        return Margin::default();
    };
    let last = lines.last().copied().unwrap_or(*first);
    let window = Span::new(first.start, line_range(last).end);
    // Codes in order of first appearance in the document: marks are sorted
    // by start, so one pass over the marks up to the window's end.
    let mut order: Vec<&str> = Vec::new();
    let mut visible: Vec<&Mark> = Vec::new();
    for m in marks {
        if m.span.start >= window.end {
            break;
        }
        for c in &m.codes {
            if !order.contains(&c.as_str()) {
                order.push(c);
            }
        }
        if m.span.overlaps(&window) {
            visible.push(m);
        }
    }
    let on_screen: Vec<&str> = order
        .into_iter()
        .filter(|c| visible.iter().any(|m| m.codes.iter().any(|x| x == c)))
        .collect();
    let n = on_screen.len();
    let mut coders: Vec<String> = Vec::new();
    for m in &visible {
        for k in &m.coders {
            if !coders.contains(k) {
                coders.push(k.clone());
            }
        }
    }
    let bit = |k: &str| 1u32 << coders.iter().position(|x| x == k).unwrap_or(0).min(31);
    let mut cover = vec![vec![false; n]; lines.len()];
    let mut who = vec![vec![0u32; n]; lines.len()];
    for (row, l) in lines.iter().enumerate() {
        let r = line_range(*l);
        for m in visible.iter().filter(|m| m.span.overlaps(&r)) {
            for (j, c) in m.codes.iter().enumerate() {
                if let Some(i) = on_screen.iter().position(|x| x == c) {
                    cover[row][i] = true;
                    who[row][i] |= m.coders.get(j).map_or(0, |k| bit(k));
                }
            }
        }
    }
    // Runs of covered lines per code; each run is named once.
    let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // (start row, end row, code)
    for code in 0..n {
        let col: Vec<bool> = cover.iter().map(|r| r[code]).collect();
        let mut row = 0;
        while row < col.len() {
            if col[row] {
                let start = row;
                while row < col.len() && col[row] {
                    row += 1;
                }
                runs.push((start, row, code));
            } else {
                row += 1;
            }
        }
    }
    runs.sort();
    let mut labels: Vec<Vec<usize>> = vec![Vec::new(); lines.len()];
    for (start, end, code) in runs {
        let row = (start..end)
            .find(|&r| labels[r].is_empty())
            .unwrap_or(start);
        labels[row].push(code);
    }
    let shown = n.min(lanes);
    for row in &mut cover {
        row.truncate(shown);
    }
    for row in &mut who {
        row.truncate(shown);
    }
    Margin {
        codes: on_screen.into_iter().map(str::to_owned).collect(),
        cover,
        coders,
        who,
        labels,
        hidden: n - shown,
    }
}

/// Record that the codes of `a` and `b` are neighbours (both ways).
fn link<'a>(a: &'a Mark, b: &'a Mark, neighbours: &mut HashMap<&'a str, Vec<&'a str>>) {
    for x in &a.codes {
        for y in &b.codes {
            if x == y {
                continue;
            }
            for (p, q) in [(x, y), (y, x)] {
                let e = neighbours.entry(p.as_str()).or_default();
                if !e.contains(&q.as_str()) {
                    e.push(q);
                }
            }
        }
    }
}

/// Colours for the codes of one document. A code with a stored colour keeps
/// it (`fixed`); the others start from their usual palette colour
/// (`preferred`, an index into `palette`) and move to the next palette entry
/// while a neighbour already has that one. Neighbours are codes on the same
/// excerpt, on overlapping excerpts, or on excerpts that follow each other.
pub fn document_colours(
    marks: &[Mark],
    palette: &[Color],
    fixed: impl Fn(&str) -> Option<Color>,
    preferred: impl Fn(&str) -> usize,
) -> HashMap<String, Color> {
    let mut order: Vec<&str> = Vec::new();
    let mut neighbours: HashMap<&str, Vec<&str>> = HashMap::new();
    // Overlaps: marks sorted by start; keep the ones still open.
    let mut open: Vec<&Mark> = Vec::new();
    for (i, m) in marks.iter().enumerate() {
        for c in &m.codes {
            if !order.contains(&c.as_str()) {
                order.push(c);
            }
        }
        link(m, m, &mut neighbours);
        open.retain(|o| o.span.end > m.span.start);
        for o in &open {
            link(m, o, &mut neighbours);
        }
        if i > 0 {
            link(m, &marks[i - 1], &mut neighbours);
        }
        open.push(m);
    }
    let mut out: HashMap<String, Color> = HashMap::new();
    for c in &order {
        if let Some(colour) = fixed(c) {
            out.insert((*c).to_owned(), colour);
        }
    }
    for c in order {
        if out.contains_key(c) || palette.is_empty() {
            continue;
        }
        let taken: Vec<Color> = neighbours
            .get(c)
            .map(|ns| ns.iter().filter_map(|n| out.get(*n).copied()).collect())
            .unwrap_or_default();
        let start = preferred(c) % palette.len();
        let colour = (0..palette.len())
            .map(|k| palette[(start + k) % palette.len()])
            .find(|p| !taken.contains(p))
            .unwrap_or(palette[start]);
        out.insert(c.to_owned(), colour);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Marks from an annotated line: each `[name ... ]` pair marks the text
    /// between; `|` separates lines. Returns the plain text, the lines and
    /// the marks (so fixtures read like the screen they describe).
    fn fixture(annotated: &str) -> (Vec<Span>, Vec<Mark>) {
        let mut text = String::new();
        let mut open: Vec<(String, usize)> = Vec::new();
        let mut marks: Vec<Mark> = Vec::new();
        let mut chars = annotated.chars().peekable();
        let mut id = 0;
        while let Some(c) = chars.next() {
            match c {
                '[' => {
                    let name: String =
                        std::iter::from_fn(|| chars.next_if(|c| *c != ' ')).collect();
                    chars.next();
                    open.push((name, text.len()));
                }
                ']' => {
                    let (name, start) = open.pop().unwrap();
                    // `A/b`: code A applied by coder b (default coder x).
                    let (name, coder) = match name.split_once('/') {
                        Some((n, c)) => (n.to_owned(), c.to_owned()),
                        None => (name, "x".to_owned()),
                    };
                    id += 1;
                    // Same span as an existing mark: one excerpt, two codes.
                    match marks
                        .iter_mut()
                        .find(|m| m.span == Span::new(start, text.len()))
                    {
                        Some(m) => {
                            m.codes.push(name);
                            m.coders.push(coder);
                        }
                        None => marks.push(Mark {
                            excerpt: id,
                            span: Span::new(start, text.len()),
                            codes: vec![name],
                            coders: vec![coder],
                        }),
                    }
                }
                _ => text.push(c),
            }
        }
        marks.sort_by_key(|m| (m.span.start, m.span.end));
        let mut lines = Vec::new();
        let mut pos = 0;
        for l in text.split('|') {
            lines.push(Span::new(pos, pos + l.len()));
            pos += l.len() + 1;
        }
        (lines, marks)
    }

    fn names(m: &Margin, row: usize) -> Vec<&str> {
        m.labels[row].iter().map(|&i| m.codes[i].as_str()).collect()
    }

    #[test]
    fn a_two_code_excerpt_shows_both_stripes_and_both_names() {
        let (lines, marks) = fixture("intro|[A [B two codes here]]|tail");
        let m = margin(&lines, &marks, 4);
        assert_eq!(m.codes, ["B", "A"]);
        assert_eq!(
            m.cover,
            [vec![false, false], vec![true, true], vec![false, false]]
        );
        // Both runs start on line 1; the second name has no free line in
        // its one-line run, so it is written beside the first.
        assert_eq!(names(&m, 1), ["B", "A"]);
    }

    #[test]
    fn names_move_to_the_next_free_line_of_their_run() {
        let (lines, marks) = fixture("[A aaa|[B bbb|bbb]]|ccc");
        let m = margin(&lines, &marks, 4);
        assert_eq!(m.codes, ["A", "B"]);
        assert_eq!(m.cover[0], [true, false]);
        assert_eq!(m.cover[1], [true, true]);
        assert_eq!(m.cover[3], [false, false]);
        assert_eq!(names(&m, 0), ["A"]);
        assert_eq!(names(&m, 1), ["B"]);
        assert!(m.labels[2].is_empty());
    }

    #[test]
    fn lanes_keep_document_order_and_extra_codes_are_counted() {
        let (lines, marks) = fixture("[A a]|[B b]|[C c]");
        // Only the last two lines on screen: A has no lane; B before C.
        let m = margin(&lines[1..], &marks, 1);
        assert_eq!(m.codes, ["B", "C"]);
        assert_eq!(m.cover, [vec![true], vec![false]]);
        assert_eq!(m.hidden, 1);
        assert_eq!(names(&m, 1), ["C"]);
    }

    #[test]
    fn a_code_is_named_again_after_a_gap() {
        let (lines, marks) = fixture("[A a]|b|[A c]");
        let m = margin(&lines, &marks, 3);
        assert_eq!(names(&m, 0), ["A"]);
        assert_eq!(names(&m, 2), ["A"]);
    }

    /// Who applied a lane's code on each line: one bit per coder, so the
    /// margin can mark the line with that coder's letter (or both).
    #[test]
    fn each_lane_says_which_coders_cover_each_line() {
        // anna and bram both code A over line 0; bram alone goes on to line 1;
        // anna codes B on line 2.
        let (lines, marks) = fixture("[A/anna aa[A/bram a]]|[A/bram b]|[B/anna c]");
        let m = margin(&lines, &marks, 4);
        assert_eq!(m.codes, ["A", "B"]);
        assert_eq!(m.coders, ["anna", "bram"]);
        assert_eq!(m.who[0], [0b11, 0]);
        assert_eq!(m.who[1], [0b10, 0]);
        assert_eq!(m.who[2], [0, 0b01]);
        // Lanes past the ones that fit are cut from `who` as from `cover`.
        let m = margin(&lines, &marks, 1);
        assert_eq!(m.who[2], [0]);
    }

    #[test]
    fn neighbouring_codes_get_different_colours() {
        let palette = [Color::Red, Color::Green, Color::Blue];
        // A and B both hash to red; B follows A; C overlaps B; D is far
        // from A (two excerpts between) and may share its colour.
        let (_, marks) = fixture("[A a] [B b [C c]] [E e] [D d]");
        let c = document_colours(&marks, &palette, |_| None, |n| if n == "C" { 1 } else { 0 });
        assert_eq!(c["A"], Color::Red);
        assert_eq!(c["B"], Color::Green);
        assert_ne!(c["C"], c["B"]);
        assert_ne!(c["E"], c["C"]);
        assert_ne!(c["D"], c["E"]);
        for (a, b) in [("A", "B"), ("B", "C"), ("C", "E"), ("E", "D")] {
            assert_ne!(c[a], c[b], "{a} and {b} touch");
        }
    }

    #[test]
    fn a_stored_colour_is_kept_and_avoided() {
        let palette = [Color::Red, Color::Green];
        let (_, marks) = fixture("[A a] [B b]");
        let c = document_colours(
            &marks,
            &palette,
            |n| (n == "B").then_some(Color::Red),
            |_| 0,
        );
        assert_eq!(c["B"], Color::Red);
        assert_eq!(c["A"], Color::Green);
    }
}
