//! The reader view: the open write-up wrapped to the pane, coded excerpts in
//! their code's colour (overlaps bold and underlined), search hits, the
//! selection and the cursor, and a gutter with one marker per code touching
//! each line (or, when the margin is on, the coding stripes of
//! [`margin`](super::margin) instead). Only the lines on screen are styled; the line index itself was
//! computed by `update` for the pane width (recomputed here only if a frame
//! arrives at a width `update` has not seen yet).

use super::panes::block;
use crate::model::Span as TextSpan;
use crate::text::Safe;
use crate::tui::app::{App, OpenDoc, Pane};
use crate::tui::colour::Theme;
use crate::tui::layout::{Areas, GUTTER};
use crate::tui::reader::{Wrapped, display};
use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;

pub(super) fn reader(frame: &mut Frame, app: &App, theme: &Theme, areas: &Areas) {
    let focused = app.focus == Pane::Reader;
    let Some(r) = &app.reader else {
        frame.render_widget(
            Paragraph::new("No documents yet: import write-ups with `thema import`.").block(block(
                " Reader ".into(),
                focused,
                theme,
            )),
            areas.reader,
        );
        return;
    };
    let title = match r.doc.attributes.get(&app.options.group_by) {
        Some(g) => format!(" {} · {} ", Safe(&r.doc.id), Safe(g)),
        None => format!(" {} ", Safe(&r.doc.id)),
    };
    let at_cursor: Vec<String> = r
        .marks_at(r.cursor)
        .iter()
        .flat_map(|m| m.codes.iter().cloned())
        .collect();
    let para = r
        .paragraphs
        .iter()
        .position(|p| r.cursor < p.end)
        .map(|i| i + 1)
        .unwrap_or(r.paragraphs.len());
    let bottom = if at_cursor.is_empty() {
        format!(" ¶ {para}/{} ", r.paragraphs.len())
    } else {
        format!(
            " ¶ {para}/{} · {} ",
            r.paragraphs.len(),
            at_cursor.join(" + ")
        )
    };
    let b = block(title, focused, theme).title_bottom(super::fit(
        &bottom,
        areas.reader.width.saturating_sub(4) as usize,
    ));
    frame.render_widget(b, areas.reader);

    let area = areas.text;
    let wrapped: Cow<Wrapped> = if r.wrapped.width == (area.width as usize).max(4) {
        Cow::Borrowed(&r.wrapped)
    } else {
        Cow::Owned(Wrapped::new(r.text(), area.width as usize))
    };
    let cursor_line = wrapped.line_of(r.cursor);
    let hits: Vec<TextSpan> = app
        .search
        .as_ref()
        .map(|s| {
            s.hits
                .iter()
                .filter(|(d, _)| *d == r.doc.id)
                .map(|(_, h)| *h)
                .collect()
        })
        .unwrap_or_default();
    let selection = r.selection_span();
    let mut gutter_lines = Vec::new();
    let mut text_lines = Vec::new();
    let mut shown = Vec::new();
    let scroll = r.scroll.min(wrapped.lines.len().saturating_sub(1));
    for (i, line) in wrapped
        .lines
        .iter()
        .enumerate()
        .skip(scroll)
        .take(area.height as usize)
    {
        let range = TextSpan::new(line.start, line.end.max(line.start + 1));
        let marks: Vec<&crate::store::Mark> =
            r.marks.iter().filter(|m| m.span.overlaps(&range)).collect();
        shown.push(TextSpan::new(line.start, line.end));
        gutter_lines.push(gutter(app, theme, &marks, line.start == line.end));
        text_lines.push(text_line(
            app,
            r,
            theme,
            *line,
            &marks,
            &hits,
            selection,
            i == cursor_line,
        ));
    }
    if areas.margin.width > 0 {
        // The stripes say which code is where; the gutter would repeat it.
        super::margin::margin(frame, app, theme, &shown, &r.marks, areas.margin);
    } else {
        let g = ratatui::layout::Rect::new(area.x - GUTTER, area.y, GUTTER, area.height);
        frame.render_widget(Paragraph::new(gutter_lines), g);
    }
    frame.render_widget(Paragraph::new(text_lines), area);
}

fn gutter<'a>(app: &App, theme: &Theme, marks: &[&crate::store::Mark], empty: bool) -> Line<'a> {
    if empty {
        return Line::raw("");
    }
    let mut codes: Vec<&str> = Vec::new();
    for m in marks {
        for c in &m.codes {
            if !codes.contains(&c.as_str()) {
                codes.push(c);
            }
        }
    }
    if codes.is_empty() {
        return Line::raw("");
    }
    if theme.no_color {
        let n = if codes.len() > 9 {
            "+".to_owned()
        } else {
            codes.len().to_string()
        };
        return Line::raw(format!("{n:>2}│"));
    }
    let mut spans: Vec<Span> = codes
        .iter()
        .take(3)
        .map(|c| Span::styled("▌", theme.swatch(app.colour(c))))
        .collect();
    if codes.len() > 3 {
        spans.pop();
        spans.push(Span::raw("+"));
    }
    Line::from(spans)
}

#[allow(clippy::too_many_arguments)]
fn text_line<'a>(
    app: &App,
    r: &'a OpenDoc,
    theme: &Theme,
    line: crate::tui::reader::Line,
    marks: &[&crate::store::Mark],
    hits: &[TextSpan],
    selection: Option<TextSpan>,
    has_cursor: bool,
) -> Line<'a> {
    let text = r.text();
    let mut spans: Vec<Span> = Vec::new();
    let mut run = String::new();
    let mut run_style = Style::default();
    for (i, g) in text[line.start..line.end].grapheme_indices(true) {
        let at = line.start + i;
        let covering: Vec<&&crate::store::Mark> =
            marks.iter().filter(|m| m.span.contains(at)).collect();
        let mut style = match covering.iter().min_by_key(|m| (m.span.len(), m.excerpt)) {
            Some(top) => {
                let code = top.codes.last().map(String::as_str).unwrap_or("");
                let layers: usize = covering.iter().map(|m| m.codes.len()).sum();
                theme.coded(app.colour(code), layers)
            }
            None => theme.plain(),
        };
        if hits.iter().any(|h| h.contains(at)) {
            style = theme.hit(style);
        }
        if selection.is_some_and(|s| s.contains(at)) {
            style = theme.selection(style);
        }
        if has_cursor && at == r.cursor {
            style = theme.cursor(style);
        }
        let (shown, _) = display(g);
        if style != run_style && !run.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut run), run_style));
        }
        run_style = style;
        run.push_str(shown);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, run_style));
    }
    if has_cursor && r.cursor >= line.end {
        spans.push(Span::styled(" ", theme.cursor(Style::default())));
    }
    Line::from(spans)
}
