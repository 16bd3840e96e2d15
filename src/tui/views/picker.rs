//! The one picker box every picker draws with (code, theme, and the code
//! management and theme move pickers): frame and title, the query line with
//! its cursor, a rule, the rows scrolled to keep the highlight in view, and
//! a hint when nothing is listed. Each picker says only where the box goes
//! and how one of its rows reads.

use super::overlays::framed;
use crate::tui::colour::Theme;
use crate::tui::picker::{Choice, Picker};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// Where a picker's box goes, its title, and what it says when nothing is
/// listed ("" = nothing).
pub(super) struct PickerBox {
    pub area: Rect,
    pub title: String,
    pub empty: &'static str,
}

/// Draw picker `p` in its box. `row(choice, style, width)` renders one
/// choice; `style` is the highlight's for the highlighted row.
pub(super) fn draw<'a>(
    frame: &mut Frame,
    theme: &Theme,
    p: &'a Picker,
    b: PickerBox,
    row: impl Fn(&'a Choice, Style, usize) -> Line<'a>,
) {
    let PickerBox { area, title, empty } = b;
    frame.render_widget(Clear, area);
    frame.render_widget(framed(title, theme), area);
    let inner = Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    let w = inner.width as usize;
    let mut lines = vec![
        Line::from(vec![
            Span::styled("› ", Style::default().add_modifier(Modifier::BOLD)),
            Span::raw(p.query.clone()),
            Span::styled("▏", Style::default().add_modifier(Modifier::SLOW_BLINK)),
        ]),
        Line::styled("─".repeat(w), theme.dim()),
    ];
    let rows = inner.height.saturating_sub(2) as usize;
    let first = (p.highlight + 1).saturating_sub(rows);
    for (i, item) in p.items.iter().enumerate().skip(first).take(rows) {
        let style = if i == p.highlight {
            theme.highlight_row()
        } else {
            Style::default()
        };
        lines.push(row(item, style, w));
    }
    if p.items.is_empty() && !empty.is_empty() {
        lines.push(Line::styled(empty, theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The bold "+ " that marks a row that creates something.
pub(super) fn plus() -> Span<'static> {
    Span::styled("+ ", Style::default().add_modifier(Modifier::BOLD))
}
