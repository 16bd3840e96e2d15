//! SVG charts: the theme × group matrix and the saturation curve. Plain SVG
//! 1.1 (text, rect, polyline; no CSS, no scripts, no foreign objects), so
//! the same file renders on GitHub, in browsers and through pandoc's PDF
//! route (rsvg-convert). Names are wrapped onto several lines, never cut.

pub use super::escape::xml_escape;
use super::words::Labels;
use crate::analysis::{Frequencies, Kind, Measure};
use std::fmt::Write;

/// Approximate advance of one character at font-size 12 (Helvetica/DejaVu).
const CHAR_W: f64 = 7.0;

/// Split `s` into lines of at most `max` characters at spaces (a single
/// longer word gets a line of its own; nothing is dropped).
pub(crate) fn wrap(s: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        let fits = cur.chars().count() + 1 + word.chars().count() <= max;
        if cur.is_empty() {
            cur.push_str(word);
        } else if fits {
            cur.push(' ');
            cur.push_str(word);
        } else {
            lines.push(std::mem::take(&mut cur));
            cur.push_str(word);
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
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

const PRESENT: &str = "#2171b5";
const ABSENT: &str = "#f0f0f0";

/// `<text>` with one `<tspan>` per line, starting at (`x`, `y`).
fn text_lines(s: &mut String, x: usize, y: usize, lines: &[String], attrs: &str) {
    let _ = write!(s, r#"<text x="{x}" y="{y}"{attrs}>"#);
    for (i, l) in lines.iter().enumerate() {
        let dy = if i == 0 { 0 } else { 15 };
        let _ = write!(s, r#"<tspan x="{x}" dy="{dy}">{}</tspan>"#, xml_escape(l));
    }
    s.push_str("</text>\n");
}

/// Theme rows of `f` × its groups. Presence: a filled cell with ✓ where the
/// theme has an excerpt; excerpts/documents: the number, shaded relative to
/// the largest cell. A last column repeats the row's total ("5/6"), and a
/// legend under the chart says what cells mean.
pub fn matrix_svg(f: &Frequencies, title: &str, labels: &Labels, measure: Measure) -> String {
    let rows: Vec<_> = f.rows.iter().filter(|r| r.kind == Kind::Theme).collect();
    const CELL_W: usize = 64;
    const LINE_H: usize = 15;
    const WRAP: usize = 34;
    const INDENT: usize = 14;
    let names: Vec<Vec<String>> = rows.iter().map(|r| wrap(&r.name, WRAP)).collect();
    let label_w = rows
        .iter()
        .zip(&names)
        // At most eight levels of indent, so a very deep tree stays a chart.
        .map(|(r, n)| {
            // Top-level themes are bold, which runs about a tenth wider.
            let w = if r.depth == 0 { CHAR_W * 1.12 } else { CHAR_W };
            r.depth.min(8) * INDENT
                + (n.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64 * w) as usize
        })
        .max()
        .unwrap_or(80)
        + 24;
    let row_h: Vec<usize> = names
        .iter()
        .map(|n| 28.max(n.len() * LINE_H + 13))
        .collect();
    let groups: Vec<String> = f
        .groups
        .iter()
        .map(|g| {
            if g == crate::analysis::NONE_GROUP {
                labels.none_group(&f.by)
            } else {
                g.clone()
            }
        })
        .collect();
    let longest_group = groups.iter().map(|g| g.chars().count()).max().unwrap_or(4);
    let title_lines = wrap(title, 80);
    let top = 14 + title_lines.len() * 18;
    let header_h = top + (longest_group as f64 * CHAR_W * 0.65) as usize + 24;
    // Column labels are rotated 40° and run up to the right past the last column.
    let overhang = (longest_group as f64 * CHAR_W * 0.77) as usize;
    let ncols = f.groups.len() + 1;
    let title_w = title_lines
        .iter()
        .map(|l| (l.chars().count() as f64 * 8.2) as usize + 16)
        .max()
        .unwrap_or(0);
    let legend_h = 56;
    let width = (label_w + CELL_W * ncols + overhang.max(CELL_W / 2) + 8).max(title_w);
    let body_h: usize = row_h.iter().sum::<usize>().max(28);
    let height = header_h + body_h + legend_h;
    let max = rows
        .iter()
        .flat_map(|r| (0..f.groups.len()).map(|g| r.cell(g, measure)))
        .max()
        .unwrap_or(0)
        .max(1);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, DejaVu Sans, sans-serif" font-size="12" role="img" aria-label="{t}">
<title>{t}</title>
<rect width="100%" height="100%" fill="white"/>"#,
        t = xml_escape(title)
    );
    text_lines(
        &mut s,
        8,
        24,
        &title_lines,
        r#" font-size="14" font-weight="bold""#,
    );
    let total_head = match measure {
        Measure::Presence => labels.present_col(),
        Measure::Excerpts => labels.excerpts_col(),
        Measure::Documents => labels.documents_col(),
    };
    let heads: Vec<&str> = groups
        .iter()
        .map(String::as_str)
        .chain([total_head])
        .collect();
    for (j, g) in heads.iter().enumerate() {
        let x = label_w + j * CELL_W + CELL_W / 2;
        let y = header_h - 8;
        let bold = if j == groups.len() {
            r#" font-weight="bold""#
        } else {
            ""
        };
        let _ = writeln!(
            s,
            r#"<text x="{x}" y="{y}" transform="rotate(-40 {x} {y})"{bold}>{}</text>"#,
            xml_escape(g),
        );
    }
    let mut y = header_h;
    for (i, r) in rows.iter().enumerate() {
        let h = row_h[i];
        let n = names[i].len();
        let first = y + h / 2 + 4 - (n - 1) * LINE_H / 2;
        let weight = if r.depth == 0 {
            r#" font-weight="bold""#
        } else {
            ""
        };
        text_lines(
            &mut s,
            8 + r.depth.min(8) * INDENT,
            first,
            &names[i],
            weight,
        );
        for (j, g) in f.groups.iter().enumerate() {
            let x = label_w + j * CELL_W;
            let v = r.cell(j, measure);
            let (fill, fg, shown) = match measure {
                Measure::Presence if v > 0 => (PRESENT.to_owned(), "white", "✓".to_owned()),
                Measure::Presence => (ABSENT.to_owned(), "#737373", "–".to_owned()),
                _ => {
                    let t = v as f64 / max as f64;
                    let fg = if t > 0.55 { "white" } else { "black" };
                    (colour(t), fg, v.to_string())
                }
            };
            let _ = writeln!(
                s,
                r#"<g><title>{}: {} = {} {}, {} {}</title><rect x="{x}" y="{y}" width="{CELL_W}" height="{h}" fill="{fill}" stroke="white"/><text x="{}" y="{}" text-anchor="middle" fill="{fg}">{shown}</text></g>"#,
                xml_escape(&r.name),
                xml_escape(g),
                r.by_group[j].1,
                labels.noun(crate::report::Noun::Excerpt, r.by_group[j].1 != 1),
                r.documents_by_group[j].1,
                labels.noun(
                    crate::report::Noun::Document,
                    r.documents_by_group[j].1 != 1
                ),
                x + CELL_W / 2,
                y + h / 2 + 4
            );
        }
        let total = match measure {
            Measure::Presence => format!("{}/{}", r.groups_present, f.real_groups),
            Measure::Excerpts => r.excerpts.to_string(),
            Measure::Documents => r.documents.to_string(),
        };
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle" font-weight="bold">{total}</text>"#,
            label_w + f.groups.len() * CELL_W + CELL_W / 2,
            y + h / 2 + 4
        );
        y += h;
    }
    // Legend.
    let ly = y + 22;
    let what = match measure {
        Measure::Presence => None,
        Measure::Excerpts => Some(labels.excerpts_col()),
        Measure::Documents => Some(labels.documents_col()),
    };
    match what {
        None => {
            let (yes, no) = (
                labels.pick("genoemd", "present"),
                labels.pick("niet genoemd", "absent"),
            );
            let _ = writeln!(
                s,
                r##"<g><rect x="8" y="{ly}" width="18" height="14" fill="{PRESENT}"/><text x="32" y="{}">✓ {yes}</text><rect x="{}" y="{ly}" width="18" height="14" fill="{ABSENT}" stroke="#bdbdbd"/><text x="{}" y="{}">– {no}</text></g>"##,
                ly + 11,
                40 + yes.chars().count() * 8 + 16,
                64 + yes.chars().count() * 8 + 16,
                ly + 11,
            );
        }
        Some(what) => {
            let _ = write!(
                s,
                r#"<g><text x="8" y="{}">{} {}:</text>"#,
                ly + 11,
                xml_escape(what),
                labels.pick("per cel", "per cell")
            );
            let x0 = 8 + (what.chars().count() + 10) * 8;
            for k in 0..=4 {
                let v = max * k / 4;
                let t = v as f64 / max as f64;
                let x = x0 + k * 44;
                let _ = write!(
                    s,
                    r##"<rect x="{x}" y="{ly}" width="40" height="14" fill="{}" stroke="#bdbdbd"/><text x="{}" y="{}" text-anchor="middle" font-size="10">{v}</text>"##,
                    colour(t),
                    x + 20,
                    ly + 27
                );
            }
            s.push_str("</g>\n");
        }
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_every_word() {
        assert_eq!(
            wrap("Een wereld zonder aanspreekpunt", 12),
            vec!["Een wereld", "zonder", "aanspreekpunt"]
        );
        assert_eq!(wrap("kort", 34), vec!["kort"]);
        assert_eq!(wrap("", 34), vec![""]);
        let long = "Juridische onduidelijkheid over online opsporing en stelselmatige observatie";
        assert_eq!(wrap(long, 34).join(" "), long);
        assert!(wrap(long, 34).iter().all(|l| l.chars().count() <= 34));
    }
}
