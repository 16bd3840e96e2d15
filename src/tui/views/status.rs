//! The two status lines: project, document, coder and mode on the first; the
//! last message, or the key hints of the current context (read from the
//! keymap table), on the second; in the reader the hints start with the
//! legend of the recent-code keys `1`…`9`.

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
            } else if app.screen == crate::tui::app::Screen::Hits {
                "HITS".to_owned()
            } else if app.screen == crate::tui::app::Screen::Coverage {
                "COVERAGE".to_owned()
            } else if app.screen == crate::tui::app::Screen::Compare {
                "COMPARE".to_owned()
            } else if app.screen == crate::tui::app::Screen::Memos {
                "MEMOS".to_owned()
            } else if app.screen == crate::tui::app::Screen::Attributes {
                "ATTRIBUTES".to_owned()
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
    let me = app.project.coder();
    // The coder filter, when it matters: blind coding, a filter (which the
    // compare screen, always every coder's, ignores), or other coders'
    // codings in the reader.
    let screen = app.screen;
    let showing = if app.project.is_blind().unwrap_or(false) {
        " · blind: only mine".to_owned()
    } else if screen == crate::tui::app::Screen::Compare {
        String::new()
    } else if app.coders.filter != crate::tui::coders::CoderFilter::All
        || (screen == crate::tui::app::Screen::Workbench
            && app
                .reader
                .as_ref()
                .is_some_and(|r| crate::tui::coders::marks_coders(&r.marks, me)))
    {
        format!(" · {} (@)", app.coders.filter.label(me))
    } else {
        String::new()
    };
    let left = format!(" thema · {project} · {doc} · coder: {me}{showing} ");
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
    let waiting = app.pending.as_ref().map(|p| p.note());
    let ctx = keymap::context(app);
    let legend = ctx == keymap::Ctx::Reader && !app.recent.is_empty();
    let line2 = match app.message.as_ref().or(waiting.as_ref()) {
        // A message (e.g. "selected 165 characters") keeps the legend
        // beside it when there is room: right after a selection is exactly
        // when the analyst reaches for a digit.
        Some(m) => {
            let text = fit(&format!(" {m} "), w);
            let used = unicode_width::UnicodeWidthStr::width(text.as_str());
            let mut spans = vec![Span::raw(text)];
            if legend && app.pending.is_none() && w.saturating_sub(used) >= LEGEND_MIN {
                spans.push(Span::styled("·", theme.dim()));
                recent_legend(app, theme, w - used - 1, &mut spans);
            }
            Line::from(spans)
        }
        None => {
            let mut spans = Vec::new();
            let mut used = 0;
            if legend {
                used = recent_legend(app, theme, (w * 11 / 20).max(LEGEND_MIN), &mut spans);
            }
            for (keys, what) in keymap::hints(ctx) {
                if legend && keys == "1…9" {
                    continue;
                }
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

/// The fewest columns worth giving the legend (one readable entry).
const LEGEND_MIN: usize = 20;

/// Readable names come first: a legend of four codes the analyst can read
/// beats nine cut to "Gebr…" (which was all eight recent codes got at 120
/// columns).
const NAME_MIN: usize = 14;

/// The recent-code keys `1`…`9` with their codes (each in its colour), in
/// at most `budget` columns: as many entries as fit with names of at least
/// [`NAME_MIN`] columns. Returns the columns used.
fn recent_legend(app: &App, theme: &Theme, budget: usize, spans: &mut Vec<Span<'static>>) -> usize {
    use unicode_width::UnicodeWidthStr;
    let n = app.recent.len();
    let per = (budget / n).saturating_sub(3).max(NAME_MIN);
    let mut used = 0;
    for (i, code) in app.recent.iter().enumerate() {
        let name = fit(code, per);
        let cw = 3 + name.width();
        if used + cw > budget {
            break;
        }
        used += cw;
        spans.push(Span::styled(
            format!(" {}", i + 1),
            Style::default().add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(name, theme.coded(app.colour(code), 1)));
    }
    spans.push(Span::raw(" "));
    used + 1
}
