//! The memo browser (memos under a heading per kind of target, the
//! highlighted one in full below) and the attribute screen (one document's
//! key/value pairs, its excerpt count and length below).

use super::fit;
use super::panes::block;
use crate::tui::app::App;
use crate::tui::colour::Theme;
use crate::tui::components::memos::kind;
use crate::tui::layout;
use crate::tui::reader::Wrapped;
use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

fn first_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn memos(frame: &mut Frame, app: &App, theme: &Theme) {
    let a = layout::screen_areas(app.width, app.height);
    let v = &app.memos;
    let title = format!(" Memos ({}) ", v.rows.len());
    frame.render_widget(block(title, true, theme), a.main);
    let w = a.list.width as usize;
    let label_w = v
        .rows
        .iter()
        .map(|r| r.label.width())
        .max()
        .unwrap_or(8)
        .clamp(8, w / 3);
    let mut lines = Vec::new();
    if v.rows.is_empty() {
        lines.push(Line::styled(
            "no memos yet: m on an excerpt, document or code writes one",
            theme.dim(),
        ));
    }
    for (i, r) in v
        .rows
        .iter()
        .enumerate()
        .skip(v.scroll)
        .take(a.list.height as usize)
    {
        let label = fit(&r.label, label_w);
        let pad = " ".repeat(label_w.saturating_sub(label.width()));
        let group = if i == 0 || kind(&v.rows[i - 1].target) != kind(&r.target) {
            kind(&r.target)
        } else {
            ""
        };
        let text = format!("{:<9} {label}{pad}  {}", group, first_line(&r.text));
        let style = if i == v.sel {
            theme.highlight_row()
        } else {
            Style::default()
        };
        lines.push(Line::styled(fit(&text, w), style));
    }
    frame.render_widget(Paragraph::new(lines), a.list);
    let (title, text) = match v.selected() {
        Some(m) => (
            format!(
                " Memo on {} · by {} · Enter edits, o goes there ",
                m.label, m.coder
            ),
            m.text.as_str(),
        ),
        None => (" Memo ".to_owned(), ""),
    };
    frame.render_widget(
        block(fit(&title, a.detail.width as usize - 2), false, theme),
        a.detail,
    );
    let wrapped = Wrapped::new(text, a.detail_text.width as usize);
    let lines: Vec<Line> = wrapped
        .lines
        .iter()
        .take(a.detail_text.height as usize)
        .map(|l| Line::raw(crate::text::escape_line(&text[l.start..l.end]).into_owned()))
        .collect();
    frame.render_widget(Paragraph::new(lines), a.detail_text);
}

pub(super) fn attributes(frame: &mut Frame, app: &App, theme: &Theme) {
    let a = layout::screen_areas(app.width, app.height);
    let v = &app.attributes;
    let title = format!(" Attributes of {} ({}) ", v.doc, v.pairs.len());
    frame.render_widget(
        block(fit(&title, a.main.width as usize - 2), true, theme),
        a.main,
    );
    let w = a.list.width as usize;
    let key_w = v
        .pairs
        .iter()
        .map(|p| p.0.width())
        .max()
        .unwrap_or(4)
        .clamp(4, w / 3);
    let mut lines = Vec::new();
    if v.pairs.is_empty() {
        lines.push(Line::styled(
            "no attributes: a adds one (key=value)",
            theme.dim(),
        ));
    }
    for (i, (k, val)) in v.pairs.iter().enumerate().take(a.list.height as usize) {
        let key = fit(k, key_w);
        let pad = " ".repeat(key_w.saturating_sub(key.width()));
        let mut style = if i == v.sel {
            theme.highlight_row()
        } else {
            Style::default()
        };
        if *k == app.options.group_by {
            style = style.add_modifier(Modifier::BOLD);
        }
        lines.push(Line::styled(
            fit(&format!("{key}{pad}  {}", first_line(val)), w),
            style,
        ));
    }
    frame.render_widget(Paragraph::new(lines), a.list);
    let summary = app.documents.list.iter().find(|d| d.id == v.doc);
    let detail = match summary {
        Some(d) => format!(
            "{} characters · {} excerpt(s) · grouped by {} in the documents pane and reports",
            d.chars, d.excerpts, app.options.group_by
        ),
        None => String::new(),
    };
    frame.render_widget(block(" Document ".into(), false, theme), a.detail);
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(&detail, a.detail_text.width as usize),
            theme.dim(),
        )),
        a.detail_text,
    );
}
