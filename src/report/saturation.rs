//! The saturation table (Markdown, CSV) and line chart (SVG): documents in
//! coding order with the codes each one introduced and the running total
//! (see [`crate::analysis::saturation`]). Plain SVG 1.1 like the matrix, so
//! it renders on GitHub and through pandoc's PDF route; document ids are
//! never cut (labels are rotated, and thinned out only when there are too
//! many to place, every shown one whole).

use super::escape::{csv_field, md_cell, xml_escape};
use super::svg::wrap;
use super::{Labels, Lang, Noun};
use crate::analysis::Saturation;
use std::fmt::Write;

/// The sentence that states the curve's result from its numbers.
pub fn summary(s: &Saturation, l: &Labels) -> String {
    let nl = l.lang == Lang::Nl;
    let n = s.rows.len();
    let mut out = if n == 0 {
        l.pick("Er is nog niets gecodeerd.", "Nothing has been coded yet.")
            .to_owned()
    } else {
        let k = s.reached_at();
        let codes = l.count(s.total(), Noun::Code);
        let docs = l.count(n, Noun::Document);
        let head = if nl {
            format!("Na {k} van de {n} gecodeerde documenten waren alle codes gevonden ({codes})")
        } else {
            format!("All codes ({codes}) had appeared after {k} of the {docs} coded")
        };
        let rest = n - k;
        let last_new = s.rows.last().map_or(0, |r| r.new_codes);
        let tail = match (nl, rest) {
            (true, 0) => format!(
                "; het laatste document voegde er nog {} aan toe.",
                l.count(last_new, Noun::Code)
            ),
            (false, 0) => format!(
                "; the last document still added {}.",
                l.count(last_new, Noun::Code)
            ),
            (true, 1) => "; het laatste document voegde geen nieuwe code toe.".into(),
            (false, 1) => "; the last document added no new code.".into(),
            (true, r) => format!("; de laatste {r} documenten voegden geen nieuwe code toe."),
            (false, r) => format!("; the last {r} documents added no new code."),
        };
        format!("{head}{tail}")
    };
    if s.uncoded > 0 {
        out.push(' ');
        out.push_str(&match (nl, s.uncoded) {
            (true, 1) => "1 document is nog niet gecodeerd en staat niet in de curve.".into(),
            (true, u) => {
                format!("{u} documenten zijn nog niet gecodeerd en staan niet in de curve.")
            }
            (false, 1) => "1 document is not coded yet and is not on the curve.".into(),
            (false, u) => format!("{u} documents are not coded yet and are not on the curve."),
        });
    }
    out
}

/// "2026-11-28T10:31:07.123Z" → "2026-11-28 10:31" (enough to read the order).
fn minute(ts: &str) -> String {
    let day: String = ts.chars().take(10).collect();
    let time: String = ts.chars().skip(11).take(5).collect();
    if time.is_empty() {
        day
    } else {
        format!("{day} {time}")
    }
}

/// The table: position, document, first coding, new codes, running total
/// (and with `names`, which codes were new; without `ids`, no document
/// column: the position names the document). With `max_rows` and more
/// documents than that, only documents that added a code and the last one
/// are listed, and a line says how many were left out.
pub fn table_markdown(
    s: &Saturation,
    l: &Labels,
    ids: bool,
    names: bool,
    max_rows: Option<usize>,
) -> String {
    let mut header = vec![
        l.pick("Nr.", "No.").to_owned(),
        l.pick("Document", "Document").to_owned(),
        l.pick("Eerste codering", "First coding").to_owned(),
        l.pick("Nieuwe codes", "New codes").to_owned(),
        l.pick("Codes totaal", "Codes so far").to_owned(),
    ];
    if !ids {
        header.remove(1);
    }
    if names {
        header.push(l.pick("Nieuw: welke codes", "New: which codes").to_owned());
    }
    let thin = max_rows.is_some_and(|m| s.rows.len() > m);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut left_out = 0;
    for (i, r) in s.rows.iter().enumerate() {
        if thin && r.new_codes == 0 && i + 1 < s.rows.len() {
            left_out += 1;
            continue;
        }
        let mut row = vec![
            r.position.to_string(),
            md_cell(&r.doc),
            minute(&r.first_coding),
            r.new_codes.to_string(),
            r.cumulative.to_string(),
        ];
        if !ids {
            row.remove(1);
        }
        if names {
            row.push(
                r.codes
                    .iter()
                    .map(|c| md_cell(c))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        rows.push(row);
    }
    let right: &[usize] = if ids { &[0, 3, 4] } else { &[0, 2, 3] };
    let mut out = aligned(&header, &rows, right);
    if left_out > 0 {
        out.push('\n');
        out.push_str(&match l.lang {
            Lang::Nl => format!(
                "{} zonder nieuwe codes {} weggelaten; `thema report saturation` geeft de hele tabel.\n",
                l.count(left_out, Noun::Document),
                if left_out == 1 { "is" } else { "zijn" }
            ),
            Lang::En => format!(
                "{} without new codes left out; `thema report saturation` gives the whole table.\n",
                l.count(left_out, Noun::Document)
            ),
        });
    }
    out
}

/// A Markdown table padded to read as plain text too; `right` columns are
/// right-aligned (numbers).
fn aligned(header: &[String], rows: &[Vec<String>], right: &[usize]) -> String {
    use unicode_width::UnicodeWidthStr;
    let header: Vec<String> = header.iter().map(|h| md_cell(h)).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width().max(3)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.width());
        }
    }
    let pad = |s: &str, i: usize| {
        let fill = " ".repeat(widths[i].saturating_sub(s.width()));
        if right.contains(&i) {
            format!("{fill}{s}")
        } else {
            format!("{s}{fill}")
        }
    };
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    let mut out = line(header.iter().enumerate().map(|(i, h)| pad(h, i)).collect());
    out.push_str(&line(
        (0..widths.len())
            .map(|i| {
                if right.contains(&i) {
                    format!("{}:", "-".repeat(widths[i] - 1))
                } else {
                    "-".repeat(widths[i])
                }
            })
            .collect(),
    ));
    for r in rows {
        out.push_str(&line(
            r.iter().enumerate().map(|(i, c)| pad(c, i)).collect(),
        ));
    }
    out
}

/// `thema report saturation` as Markdown: the summary and the whole table.
pub fn saturation_markdown(s: &Saturation, l: &Labels) -> String {
    let intro = l.pick(
        "Documenten in de volgorde waarin ze zijn gecodeerd (eerste codering per document; bij gelijke tijd op document-id): per document het aantal codes dat daar voor het eerst voorkomt, en het totaal tot en met dat document.",
        "Documents in the order they were coded (first coding per document; ties by document id): per document the number of codes that appear there for the first time, and the total up to and including it.",
    );
    format!(
        "{intro} {}\n\n{}",
        summary(s, l),
        table_markdown(s, l, true, true, None)
    )
}

/// One row per document: `position,doc,first_coding,new_codes,cumulative,codes`
/// (the new codes' names joined by "; ").
pub fn saturation_csv(s: &Saturation) -> String {
    let mut out = String::from("position,doc,first_coding,new_codes,cumulative,codes\n");
    for r in &s.rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{}",
            r.position,
            csv_field(&r.doc),
            csv_field(&r.first_coding),
            r.new_codes,
            r.cumulative,
            csv_field(&r.codes.join("; "))
        );
    }
    out
}

/// A round axis maximum and tick step for values up to `max`: at most
/// about eight ticks at 1, 2 or 5 × 10^k.
fn axis(max: usize) -> (usize, usize) {
    let max = max.max(1);
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            let s = step * m;
            if max.div_ceil(s) <= 8 {
                return (max.div_ceil(s) * s, s);
            }
        }
        step *= 10;
    }
}

const LINE: &str = "#08306b";
const BAR: &str = "#9ecae1";

/// The line chart: the running total of codes over the documents in coding
/// order (line with points), the new codes per document (bars), a title,
/// both axes labelled, and a legend.
pub fn saturation_svg(s: &Saturation, title: &str, l: &Labels) -> String {
    const CHAR_W: f64 = 7.0;
    let n = s.rows.len();
    let (ymax, ystep) = axis(s.total());
    // Bold 14 px runs about 9 px a character (DejaVu Sans, rsvg): wrapped
    // at 56 so the title stays inside the chart.
    let title_lines = wrap(title, 56);
    let top = 14 + title_lines.len() * 18 + 16;
    let left = 64;
    let plot_h = 260;
    // Room per document: wide enough for a bar, at most 48 px.
    let step = if n == 0 {
        48.0
    } else {
        (640.0 / n as f64).clamp(2.0, 48.0)
    };
    let plot_w = ((step * n as f64).ceil() as usize).max(360);
    // A few documents spread over the whole axis.
    let step = if n > 0 {
        plot_w as f64 / n as f64
    } else {
        step
    };
    // Every k-th document id is written (all of them when they fit), each
    // one whole; rotated 40° like the matrix's column labels.
    let every = ((14.0 / step).ceil() as usize).max(1);
    let longest = s
        .rows
        .iter()
        .map(|r| r.doc.chars().count())
        .max()
        .unwrap_or(4);
    let label_h = (longest as f64 * CHAR_W * 0.65) as usize + 18;
    let overhang = (longest as f64 * CHAR_W * 0.2) as usize;
    let axis_y = top + plot_h;
    let xlabel_y = axis_y + label_h + 18;
    let legend_y = xlabel_y + 22;
    let height = legend_y + 44;
    let (line_label, bar_label) = (
        l.pick(
            "codes tot en met dit document (cumulatief)",
            "codes up to and including this document (cumulative)",
        ),
        l.pick("nieuwe codes in dit document", "new codes in this document"),
    );
    let title_w = title_lines
        .iter()
        .map(|t| (t.chars().count() as f64 * 9.0) as usize + 16)
        .max()
        .unwrap_or(0);
    let legend_w = 40 + (line_label.chars().count() as f64 * CHAR_W) as usize;
    let width = (left + plot_w + overhang + 24)
        .max(title_w)
        .max(legend_w + 16);
    let x_of = |i: usize| left as f64 + step * (i as f64 + 0.5);
    let y_of = |v: usize| axis_y as f64 - plot_h as f64 * v as f64 / ymax as f64;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, DejaVu Sans, sans-serif" font-size="12" role="img" aria-label="{t}">
<title>{t}</title>
<rect width="100%" height="100%" fill="white"/>"#,
        t = xml_escape(title)
    );
    let _ = write!(
        out,
        r#"<text x="8" y="24" font-size="14" font-weight="bold">"#
    );
    for (i, line) in title_lines.iter().enumerate() {
        let dy = if i == 0 { 0 } else { 18 };
        let _ = write!(
            out,
            r#"<tspan x="8" dy="{dy}">{}</tspan>"#,
            xml_escape(line)
        );
    }
    out.push_str("</text>\n");
    // Grid and y ticks.
    for v in (0..=ymax).step_by(ystep) {
        let y = y_of(v);
        let _ = writeln!(
            out,
            r##"<line x1="{left}" y1="{y:.1}" x2="{}" y2="{y:.1}" stroke="#e0e0e0"/><text x="{}" y="{:.1}" text-anchor="end" font-size="11">{v}</text>"##,
            left + plot_w,
            left - 6,
            y + 4.0
        );
    }
    // Bars: new codes per document.
    let bar_w = (step * 0.6).max(1.0);
    for (i, r) in s.rows.iter().enumerate() {
        if r.new_codes == 0 {
            continue;
        }
        let (x, y) = (x_of(i) - bar_w / 2.0, y_of(r.new_codes));
        let _ = writeln!(
            out,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{bar_w:.1}" height="{:.1}" fill="{BAR}"/>"#,
            axis_y as f64 - y
        );
    }
    // The running total.
    if n > 0 {
        let points: Vec<String> = s
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| format!("{:.1},{:.1}", x_of(i), y_of(r.cumulative)))
            .collect();
        let _ = writeln!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{LINE}" stroke-width="2"/>"#,
            points.join(" ")
        );
    }
    let dots = step >= 6.0;
    for (i, r) in s.rows.iter().enumerate() {
        // Without ids the position is the name (`Saturation::without_ids`).
        let who = if r.doc == r.position.to_string() {
            format!("#{}", r.position)
        } else {
            format!("{} (#{})", r.doc, r.position)
        };
        let tip = format!(
            "{who}: {} {}, {} {}",
            r.new_codes,
            match l.lang {
                Lang::Nl => {
                    if r.new_codes == 1 {
                        "nieuwe code"
                    } else {
                        "nieuwe codes"
                    }
                }
                Lang::En => {
                    if r.new_codes == 1 {
                        "new code"
                    } else {
                        "new codes"
                    }
                }
            },
            r.cumulative,
            l.pick("in totaal", "in all"),
        );
        let (x, y) = (x_of(i), y_of(r.cumulative));
        if dots {
            let _ = writeln!(
                out,
                r#"<g><title>{}</title><circle cx="{x:.1}" cy="{y:.1}" r="3.5" fill="{LINE}"/></g>"#,
                xml_escape(&tip)
            );
        }
        if i % every == 0 || i + 1 == n {
            let ly = axis_y + 14;
            let _ = writeln!(
                out,
                r#"<text x="{x:.1}" y="{ly}" text-anchor="end" font-size="11" transform="rotate(-40 {x:.1} {ly})">{}</text>"#,
                xml_escape(&r.doc)
            );
        }
    }
    if n == 0 {
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" text-anchor="middle" fill="#737373">{}</text>"##,
            left + plot_w / 2,
            top + plot_h / 2,
            l.pick("nog niets gecodeerd", "nothing coded yet")
        );
    }
    // Axes and their labels.
    let _ = writeln!(
        out,
        r##"<line x1="{left}" y1="{top}" x2="{left}" y2="{axis_y}" stroke="#404040"/><line x1="{left}" y1="{axis_y}" x2="{}" y2="{axis_y}" stroke="#404040"/>"##,
        left + plot_w
    );
    let yl = l.pick("Aantal codes", "Number of codes");
    let ymid = top + plot_h / 2;
    let _ = writeln!(
        out,
        r#"<text x="18" y="{ymid}" text-anchor="middle" transform="rotate(-90 18 {ymid})">{yl}</text>"#
    );
    let xl = l.pick(
        "Documenten in de volgorde waarin ze zijn gecodeerd",
        "Documents in the order they were coded",
    );
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{xlabel_y}" text-anchor="middle">{xl}</text>"#,
        left + plot_w / 2
    );
    // Legend.
    let _ = writeln!(
        out,
        r#"<g><line x1="8" y1="{y}" x2="30" y2="{y}" stroke="{LINE}" stroke-width="2"/><circle cx="19" cy="{y}" r="3.5" fill="{LINE}"/><text x="38" y="{y1}">{line_label}</text><rect x="12" y="{y2}" width="14" height="12" fill="{BAR}"/><text x="38" y="{y3}">{bar_label}</text></g>"#,
        y = legend_y,
        y1 = legend_y + 4,
        y2 = legend_y + 12,
        y3 = legend_y + 22,
    );
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_axes() {
        assert_eq!(axis(0), (1, 1));
        assert_eq!(axis(5), (5, 1));
        assert_eq!(axis(9), (10, 2));
        assert_eq!(axis(25), (25, 5));
        assert_eq!(axis(41), (50, 10));
        assert_eq!(axis(1234), (1400, 200));
    }
}
