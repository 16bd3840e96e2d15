//! The coding-stripe margin right of the reader's text: one lane per code on
//! screen, drawn beside the lines its excerpts cover, and the code's name at
//! the start of each run (layout from [`stripes`](crate::tui::stripes)).
//! Names are always written, so without colour (`NO_COLOR`) the margin
//! still says which code is where.

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
use unicode_width::UnicodeWidthStr;

/// Lanes at most: a few stripes, the rest of the width for names.
fn max_lanes(width: u16) -> usize {
    if width < 20 { 3 } else { 5 }
}

pub(super) fn margin(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    lines: &[TextSpan],
    marks: &[Mark],
    area: Rect,
) {
    let m = stripes::margin(lines, marks, max_lanes(area.width));
    let lanes = m.cover.first().map_or(0, Vec::len);
    let label_w = (area.width as usize).saturating_sub(lanes + 1);
    let stripe = if theme.no_color { "│" } else { "┃" };
    let rows: Vec<Line> = (0..lines.len())
        .map(|row| {
            let mut spans: Vec<Span> = vec![Span::raw(" ")];
            for (lane, on) in m.cover[row].iter().enumerate() {
                spans.push(if *on {
                    Span::styled(stripe, theme.swatch(app.colour(&m.codes[lane])))
                } else {
                    Span::raw(" ")
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
