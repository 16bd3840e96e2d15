//! The coding-stripe margin right of the reader's text: one lane per code on
//! screen, drawn beside the lines its excerpts cover, and the code's name at
//! the start of each run (layout from [`stripes`](crate::tui::stripes)).
//! Names are always written, so without colour (`NO_COLOR`) the margin
//! still says which code is where. When codings by other coders are shown,
//! a lane is drawn with the letter of the coder who applied its code on
//! that line (a digit when several did), so a reader sees who coded what;
//! side by side, each coder of the pair gets a margin of their own.

use super::fit;
use crate::model::Span as TextSpan;
use crate::store::Mark;
use crate::tui::app::App;
use crate::tui::colour::Theme;
use crate::tui::stripes;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::collections::HashMap;
use unicode_width::UnicodeWidthStr;

/// Lanes at most: a few stripes, the rest of the width for names.
fn max_lanes(width: u16) -> usize {
    if width < 20 { 3 } else { 5 }
}

/// Draw the margin for `lines`; `tags` (coder → letter) marks each lane
/// with who applied its code there, `None` draws plain stripes.
pub(super) fn margin(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    lines: &[TextSpan],
    marks: &[Mark],
    area: Rect,
    tags: Option<&HashMap<String, char>>,
) {
    let m = stripes::margin(lines, marks, max_lanes(area.width));
    let lanes = m.cover.first().map_or(0, Vec::len);
    let label_w = (area.width as usize).saturating_sub(lanes + 1);
    let stripe = if theme.no_color { "│" } else { "┃" };
    let rows: Vec<Line> = (0..lines.len())
        .map(|row| {
            let mut spans: Vec<Span> = vec![Span::raw(" ")];
            for (lane, on) in m.cover[row].iter().enumerate() {
                let style = theme.swatch(app.colour(&m.codes[lane]));
                spans.push(match (*on, tags) {
                    (false, _) => Span::raw(" "),
                    (true, None) => Span::styled(stripe, style),
                    (true, Some(t)) => Span::styled(
                        who_glyph(m.who[row][lane], &m.coders, t).to_string(),
                        style.add_modifier(ratatui::style::Modifier::BOLD),
                    ),
                });
            }
            let mut used = 0;
            for (k, &code) in m.labels[row].iter().enumerate() {
                let sep = if k == 0 { " " } else { " · " };
                let room = label_w.saturating_sub(used + sep.width());
                if room < 2 {
                    break;
                }
                let name = fit(&m.codes[code], room);
                used += sep.width() + name.width();
                spans.push(Span::raw(sep));
                spans.push(Span::styled(name, label_style(app, theme, &m.codes[code])));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(rows), area);
}

/// A name in its code's colour (underlined without colour, like coded text).
fn label_style(app: &App, theme: &Theme, code: &str) -> Style {
    theme.coded(app.colour(code), 1)
}

/// The letter for a lane cell covered by the coders in `mask` (bits over
/// `coders`): the coder's tag when one, else how many (`+` past nine).
pub(super) fn who_glyph(mask: u32, coders: &[String], tags: &HashMap<String, char>) -> char {
    match mask.count_ones() {
        0 => ' ',
        1 => coders
            .get(mask.trailing_zeros() as usize)
            .and_then(|c| tags.get(c))
            .copied()
            .unwrap_or('?'),
        n @ 2..=9 => char::from_digit(n, 10).unwrap_or('+'),
        _ => '+',
    }
}
