//! The compare screen: on the left the spans where the two coders differ
//! (✓ once the consensus coder has settled one), on the right the selected
//! span's text with the two coders' codes side by side and what the
//! consensus has there.

use super::fit;
use super::panes::block;
use crate::tui::app::App;
use crate::tui::colour::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// The list's and the detail's rectangles (the bottom line is the status).
fn areas(width: u16, height: u16) -> (Rect, Rect) {
    let body = Rect::new(0, 0, width, height.saturating_sub(1));
    let list_w = (width * 2 / 5).max(28).min(width);
    let [list, detail] =
        Layout::horizontal([Constraint::Length(list_w), Constraint::Min(0)]).areas(body);
    (list, detail)
}

/// Rows of the disagreement list at this terminal size.
pub(crate) fn list_rows(width: u16, height: u16) -> usize {
    areas(width, height).0.height.saturating_sub(2) as usize
}

pub(super) fn compare(frame: &mut Frame, app: &App, theme: &Theme) {
    let size = frame.area();
    let (list_area, detail_area) = areas(size.width, size.height);
    let v = &app.compare;
    let open = v.items.iter().filter(|i| !i.settled).count();
    let title = format!(" Disagreements ({open} open of {}) ", v.items.len());
    frame.render_widget(block(title, true, theme), list_area);
    let inner = inner(list_area);
    let w = inner.width as usize;
    let mut lines = Vec::new();
    if v.items.is_empty() {
        let why = if v.coders.len() < 2 {
            "Needs codings by two coders (the consensus coder does not count)."
        } else {
            "These two coders agree everywhere."
        };
        lines.push(Line::raw(fit(why, w)));
    }
    for (i, it) in v
        .items
        .iter()
        .enumerate()
        .skip(v.scroll)
        .take(inner.height as usize)
    {
        let mark = if it.settled { "✓" } else { "·" };
        let case = it.case.as_deref().unwrap_or("");
        let text = format!(
            "{mark} {} {case} [{}, {}) {}",
            it.doc,
            it.span.start,
            it.span.end,
            it.disputed.join(", ")
        );
        let style = if i == v.sel {
            theme.highlight_row()
        } else if it.settled {
            theme.dim()
        } else {
            Style::default()
        };
        lines.push(Line::styled(fit(&text, w), style));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    detail(frame, app, theme, detail_area);
}

fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x + 1,
        r.y + 1,
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

fn detail(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let v = &app.compare;
    let title = match v.names() {
        Some((a, b)) => format!(" {a} ↔ {b} · consensus: {} ", v.consensus),
        None => format!(" Compare · consensus: {} ", v.consensus),
    };
    frame.render_widget(block(title, false, theme), area);
    let inner = inner(area);
    let (Some(it), Some((a, b))) = (v.selected(), v.names()) else {
        return;
    };
    let w = inner.width as usize;
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let head = format!(
        "{}{} · [{}, {})",
        it.doc,
        it.case
            .as_deref()
            .map(|c| format!(" · {c}"))
            .unwrap_or_default(),
        it.span.start,
        it.span.end
    );
    let text_h = (inner.height / 3).max(2);
    let [head_a, text_a, coders_a, foot_a] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(text_h),
        Constraint::Min(3),
        Constraint::Length(3),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(Line::styled(fit(&head, w), bold)), head_a);
    frame.render_widget(
        Paragraph::new(crate::text::escape_text(&it.text)).wrap(Wrap { trim: true }),
        text_a,
    );
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(coders_a);
    for (area, name, codes, key) in [(left, a, &it.a, "a"), (right, b, &it.b, "b")] {
        let cw = area.width.saturating_sub(1) as usize;
        let mut lines = vec![Line::styled(fit(&format!("{name}  [{key}]"), cw), bold)];
        for c in &it.disputed {
            let has = codes.contains(c);
            let (mark, style) = if has {
                ("●", Style::default())
            } else {
                ("○", theme.dim())
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{mark} "), style),
                Span::styled(fit(c, cw.saturating_sub(2)), style),
            ]));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }
    let consensus = if it.consensus.is_empty() {
        if it.settled {
            "settled: none of these codes".to_owned()
        } else {
            "not settled yet".to_owned()
        }
    } else {
        format!("settled: {}", it.consensus.join(", "))
    };
    let foot = vec![
        Line::styled(fit(&format!("{}: {consensus}", v.consensus), w), bold),
        Line::styled(
            fit(
                "a / b accept one coder · + both · x neither · n next open",
                w,
            ),
            theme.dim(),
        ),
    ];
    frame.render_widget(Paragraph::new(foot), foot_a);
}
