//! The side panes: the document list (id, grouping attribute, excerpt count,
//! coding progress) and the code tree with the excerpts of the highlighted
//! code below it.

use super::fit;
use crate::tui::app::{App, Pane};
use crate::tui::colour::Theme;
use crate::tui::layout::Areas;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

pub(super) fn block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
    let b = Block::default().borders(Borders::ALL).title(title);
    if focused {
        b.border_style(theme.focused_border())
    } else {
        b.border_style(theme.dim())
    }
}

fn pad(s: &str, cols: usize) -> String {
    let s = fit(s, cols);
    let w = s.width();
    format!("{s}{}", " ".repeat(cols.saturating_sub(w)))
}

pub(super) fn documents(frame: &mut Frame, app: &App, theme: &Theme, areas: &Areas) {
    let focused = app.focus == Pane::Documents;
    let title = format!(" Documents ({}) ", app.documents.list.len());
    frame.render_widget(block(title, focused, theme), areas.documents);
    let list = areas.doc_list;
    let w = list.width as usize;
    let id_w = app
        .documents
        .list
        .iter()
        .map(|d| d.id.width())
        .max()
        .unwrap_or(2)
        .clamp(2, 10);
    // marker, id, group, excerpts (4), progress (4), three spaces
    let group_w = w.saturating_sub(id_w + 12).max(1);
    // When the values do not fit, drop the words they all start with
    // ("Politie-eenheid III" → "III").
    let groups: Vec<&str> = app.documents.list.iter().map(|d| app.group_of(d)).collect();
    let widest = groups.iter().map(|g| g.width()).max().unwrap_or(0);
    let strip = if widest > group_w {
        crate::text::common_word_prefix(&groups)
    } else {
        0
    };
    let header = format!(
        " {} {} {:>4} {:>4}",
        pad("id", id_w),
        pad(&app.options.group_by, group_w),
        "exc",
        "done"
    );
    frame.render_widget(
        Paragraph::new(Line::styled(
            header,
            theme.dim().add_modifier(Modifier::BOLD),
        )),
        Rect::new(list.x, list.y - 1, list.width, 1),
    );
    let open = app.reader.as_ref().map(|r| r.doc.id.as_str());
    let lines: Vec<Line> = app
        .documents
        .list
        .iter()
        .enumerate()
        .skip(app.documents.scroll)
        .take(list.height as usize)
        .map(|(i, d)| {
            let progress = match app.documents.progress.get(&d.id) {
                Some((_, 0)) | None => "   ·".to_owned(),
                Some((c, n)) => format!("{:>3}%", c * 100 / n),
            };
            let marker = if Some(d.id.as_str()) == open {
                "▸"
            } else {
                " "
            };
            let text = format!(
                "{}{} {} {:>4} {}",
                marker,
                pad(&d.id, id_w.saturating_sub(0)),
                pad(app.group_of(d).get(strip..).unwrap_or(""), group_w),
                d.excerpts,
                progress
            );
            let style = if i == app.documents.sel {
                if focused {
                    theme.highlight_row()
                } else {
                    Style::default().add_modifier(Modifier::BOLD)
                }
            } else {
                Style::default()
            };
            Line::styled(text, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

pub(super) fn codes(frame: &mut Frame, app: &App, theme: &Theme, areas: &Areas) {
    let focused = app.focus == Pane::Codes;
    let title = format!(" Codes ({}) ", app.codes.list.len());
    frame.render_widget(block(title, focused, theme), areas.codes);
    let list = areas.code_list;
    let w = list.width as usize;
    if app.codes.list.is_empty() {
        frame.render_widget(
            Paragraph::new(vec![
                Line::styled("no codes yet", theme.dim()),
                Line::styled("select text, press c", theme.dim()),
            ]),
            list,
        );
    }
    let me = app.project.coder();
    let lines: Vec<Line> = app
        .codes
        .list
        .iter()
        .enumerate()
        .skip(app.codes.scroll)
        .take(list.height as usize)
        .map(|(i, c)| {
            let depth = app.codes.depths.get(i).copied().unwrap_or(0);
            let indent = "  ".repeat(depth.min(4));
            // The coder filter's count (one coder's, or a pair's side by side).
            let count = format!(" {}", app.coders.count(me, &c.name, c.excerpts));
            let name_w = w.saturating_sub(indent.len() + 2 + count.width());
            let swatch = if theme.no_color { "·" } else { "■" };
            let style = if i == app.codes.sel {
                if focused && app.codes.excerpt_sel.is_none() {
                    theme.highlight_row()
                } else {
                    Style::default().add_modifier(Modifier::BOLD)
                }
            } else {
                Style::default()
            };
            Line::from(vec![
                Span::raw(indent),
                Span::styled(swatch, theme.swatch(app.colour(&c.name))),
                Span::styled(format!(" {}", pad(&c.name, name_w)), style),
                Span::styled(count, theme.dim()),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    // Separator with the selected code's name, then its excerpts.
    let sep_y = list.y + list.height;
    if let Some(c) = app.codes.selected() {
        let label = fit(&format!("─ {} ", c.name), w);
        let rest = "─".repeat(w.saturating_sub(label.width()));
        frame.render_widget(
            Paragraph::new(Line::styled(format!("{label}{rest}"), theme.dim())),
            Rect::new(list.x, sep_y, list.width, 1),
        );
    }
    let ex = areas.excerpt_list;
    let first = app.codes.excerpt_scroll;
    let last = (first + ex.height as usize).min(app.codes.excerpt_total);
    let lines: Vec<Line> = (first..last)
        .filter_map(|i| Some((i, app.codes.excerpt_at(i)?)))
        .map(|(i, e)| {
            let flat: String = e.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let text = fit(&format!("{} {}", e.doc, flat), w);
            let style = if Some(i) == app.codes.excerpt_sel {
                theme.highlight_row()
            } else {
                Style::default()
            };
            Line::styled(text, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), ex);
}
