//! The two status lines: project, document, coder and mode on the first; the
//! last message, or the key hints of the current context (read from the
//! keymap table), on the second.

use super::fit;
use crate::tui::app::{App, Mode};
use crate::tui::colour::Theme;
use crate::tui::keymap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn status(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let project = app
        .project
        .path()
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| app.project.path().display().to_string());
    let doc = app
        .reader
        .as_ref()
        .map(|r| {
            let group = r
                .doc
                .attributes
                .get(&app.options.group_by)
                .map(|g| format!(" ({g})"))
                .unwrap_or_default();
            format!("{}{group}", r.doc.id)
        })
        .unwrap_or_else(|| "no document".into());
    let mode = match &app.mode {
        Mode::Normal => {
            let visual = app
                .reader
                .as_ref()
                .is_some_and(|r| matches!(r.selection, crate::tui::app::Selection::Visual { .. }));
            if app.screen == crate::tui::app::Screen::Themes {
                "THEMES".to_owned()
            } else if visual && app.focus == crate::tui::app::Pane::Reader {
                "READER·VISUAL".to_owned()
            } else {
                app.focus.name().to_owned()
            }
        }
        m => m.name().to_owned(),
    };
    let bar = if theme.no_color {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
            .bg(ratatui::style::Color::DarkGray)
            .fg(ratatui::style::Color::White)
    };
    let left = format!(
        " thema · {project} · {doc} · coder: {} ",
        app.project.coder()
    );
    let left = crate::text::escape_line(&left).into_owned();
    let w = area.width as usize;
    let right = format!(" {mode} ");
    let left = fit(&left, w.saturating_sub(right.chars().count()));
    let gap = w.saturating_sub(
        unicode_width::UnicodeWidthStr::width(left.as_str()) + right.chars().count(),
    );
    let line1 = Line::from(vec![
        Span::styled(left, bar),
        Span::styled(" ".repeat(gap), bar),
        Span::styled(right, bar.add_modifier(Modifier::BOLD)),
    ]);
    let line2 = match &app.message {
        Some(m) => Line::from(Span::raw(fit(&format!(" {m}"), w))),
        None => {
            let mut spans = Vec::new();
            let mut used = 0;
            for (keys, what) in keymap::hints(keymap::context(app)) {
                let chunk = format!(" {keys} {what} ");
                let cw = unicode_width::UnicodeWidthStr::width(chunk.as_str());
                if used + cw > w {
                    break;
                }
                used += cw;
                spans.push(Span::styled(
                    format!(" {keys}"),
                    Style::default().add_modifier(Modifier::BOLD),
                ));
                spans.push(Span::styled(format!(" {what} "), theme.dim()));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(vec![line1, line2]), area);
}
