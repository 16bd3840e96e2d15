//! The theme × group matrix as an SVG heat chart.

pub use super::escape::xml_escape;
use crate::analysis::{Frequencies, Kind};
use std::fmt::Write;

/// Shorten to at most `max` characters with an ellipsis.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// Blend from near-white to dark blue by `t` in [0, 1].
fn colour(t: f64) -> String {
    let (a, b) = ((0xf7, 0xfb, 0xff), (0x08, 0x30, 0x6b));
    let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * t).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

/// Theme rows of `f` × its groups; each cell shows the number of excerpts,
/// shaded relative to the largest cell. Long names are shortened on screen
/// (the full name is in the cell's tooltip).
pub fn matrix_svg(f: &Frequencies, title: &str) -> String {
    let rows: Vec<_> = f.rows.iter().filter(|r| r.kind == Kind::Theme).collect();
    const CELL_W: usize = 64;
    const CELL_H: usize = 28;
    const CHAR_W: f64 = 7.0;
    let labels: Vec<String> = rows
        .iter()
        // At most eight levels of indent, so a very deep tree stays a chart.
        .map(|r| format!("{}{}", "  ".repeat(r.depth.min(8)), shorten(&r.name, 48)))
        .collect();
    let label_w = (labels.iter().map(|l| l.chars().count()).max().unwrap_or(10) as f64 * CHAR_W)
        as usize
        + 24;
    let group_labels: Vec<String> = f.groups.iter().map(|g| shorten(g, 28)).collect();
    let longest_group = group_labels
        .iter()
        .map(|g| g.chars().count())
        .max()
        .unwrap_or(4);
    let header_h = (longest_group as f64 * CHAR_W * 0.72) as usize + 46;
    // Column labels are rotated 40° and run up to the right past the last column.
    let overhang = (longest_group as f64 * CHAR_W * 0.77) as usize;
    let title_w = (title.chars().count() as f64 * 7.8) as usize + 16;
    let width =
        (label_w + CELL_W * f.groups.len().max(1) + overhang.max(CELL_W / 2) + 8).max(title_w);
    let height = header_h + CELL_H * rows.len().max(1) + 30;
    let max = rows
        .iter()
        .flat_map(|r| r.by_group.iter().map(|(_, n)| *n))
        .max()
        .unwrap_or(0)
        .max(1);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="{t}">
<title>{t}</title>
<rect width="100%" height="100%" fill="white"/>
<text x="8" y="20" font-size="14" font-weight="bold">{t}</text>"#,
        t = xml_escape(title)
    );
    for (j, g) in group_labels.iter().enumerate() {
        let x = label_w + j * CELL_W + CELL_W / 2;
        let y = header_h - 8;
        let _ = writeln!(
            s,
            r#"<text x="{x}" y="{y}" transform="rotate(-40 {x} {y})">{}<title>{}</title></text>"#,
            xml_escape(g),
            xml_escape(&f.groups[j])
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let y = header_h + i * CELL_H;
        let _ = writeln!(
            s,
            r#"<text x="8" y="{}" xml:space="preserve"{}>{}<title>{}</title></text>"#,
            y + CELL_H / 2 + 4,
            if r.depth == 0 {
                r#" font-weight="bold""#
            } else {
                ""
            },
            xml_escape(&labels[i]),
            xml_escape(&r.name)
        );
        for (j, (g, n)) in r.by_group.iter().enumerate() {
            let x = label_w + j * CELL_W;
            let t = *n as f64 / max as f64;
            let fg = if t > 0.55 { "white" } else { "black" };
            let _ = writeln!(
                s,
                r#"<g><title>{}: {} = {n}</title><rect x="{x}" y="{y}" width="{CELL_W}" height="{CELL_H}" fill="{}" stroke="white"/><text x="{}" y="{}" text-anchor="middle" fill="{fg}">{n}</text></g>"#,
                xml_escape(&r.name),
                xml_escape(g),
                colour(t),
                x + CELL_W / 2,
                y + CELL_H / 2 + 4
            );
        }
    }
    s.push_str("</svg>\n");
    s
}
