//! The reader view: the open write-up wrapped to the pane, coded excerpts in
//! their code's colour (overlaps bold and underlined), search hits, the
//! selection and the cursor, and a gutter with one marker per code touching
//! each line (or, when the margin is on, the coding stripes of
//! [`margin`](super::margin) instead). When other coders' codings are shown,
//! gutter and margin mark each line with the letters of the coders who
//! coded it, and the top border names the letters; side by side, the margin
//! is split in two, one half per coder (the gutter: one column per coder).
//! Only the lines on screen are styled; the line index itself was
//! computed by `update` for the pane width (recomputed here only if a frame
//! arrives at a width `update` has not seen yet).

use super::panes::block;
use crate::model::Span as TextSpan;
use crate::text::Safe;
use crate::tui::app::{App, OpenDoc, Pane};
use crate::tui::coders;
use crate::tui::colour::Theme;
use crate::tui::layout::{Areas, GUTTER};
use crate::tui::reader::{Wrapped, display};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::borrow::Cow;
use std::collections::HashMap;
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
    let me = app.project.coder();
    let pair = app.coders.pair();
    // Letters only when someone else's codings are on screen.
    let tags: Option<HashMap<String, char>> = (pair.is_some()
        || coders::marks_coders(&r.marks, me))
    .then(|| coders::tag_map(&app.coders.counts.coders, r.marks.iter()));
    // The codes at the cursor, each once, with who applied it there.
    let mut here: Vec<(&str, String)> = Vec::new();
    for m in r.marks_at(r.cursor) {
        for (code, coder) in m.codes.iter().zip(&m.coders) {
            let tag = tags.as_ref().and_then(|t| t.get(coder)).copied();
            let i = match here.iter().position(|(c, _)| c == code) {
                Some(i) => i,
                None => {
                    here.push((code, String::new()));
                    here.len() - 1
                }
            };
            if let Some(t) = tag.filter(|t| !here[i].1.contains(*t)) {
                here[i].1.push(t);
            }
        }
    }
    let at_cursor: Vec<String> = here
        .into_iter()
        .map(|(c, who)| {
            if who.is_empty() {
                c.to_owned()
            } else {
                let mut w: Vec<char> = who.chars().collect();
                w.sort();
                format!("{c} ({})", w.into_iter().collect::<String>())
            }
        })
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
    let mut b = block(title, focused, theme).title_bottom(super::fit(
        &bottom,
        areas.reader.width.saturating_sub(4) as usize,
    ));
    let halves = match pair {
        Some(_) if areas.margin.width > 0 => {
            let m = areas.margin;
            let left = m.width / 2;
            Some((
                Rect::new(m.x, m.y, left, m.height),
                Rect::new(m.x + left, m.y, m.width - left, m.height),
            ))
        }
        _ => None,
    };
    if let (Some(t), None) = (&tags, halves) {
        // The legend: which letter is whom (side by side in the gutter: the
        // first column is the first coder).
        let mut named: Vec<(&String, &char)> = t.iter().collect();
        named.sort_by_key(|(_, c)| **c);
        let legend: Vec<String> = match pair {
            Some((a, b)) => [a, b]
                .iter()
                .map(|c| format!("{} {}", t.get(*c).copied().unwrap_or('?'), c))
                .collect(),
            None => named.iter().map(|(n, c)| format!("{c} {n}")).collect(),
        };
        let sep = if pair.is_some() { " | " } else { " · " };
        let room = (areas.reader.width as usize).saturating_sub(title_width(app, r) + 6);
        if room > 8 {
            b = b.title_top(
                Line::from(super::fit(&format!(" {} ", legend.join(sep)), room)).right_aligned(),
            );
        }
    }
    frame.render_widget(b, areas.reader);
    if let (Some((l, rt)), Some((a, bn))) = (halves, pair) {
        // Each half's coder, in the border above it.
        for (half, who) in [(l, a), (rt, bn)] {
            let name = super::fit(&format!(" {} ", Safe(who)), half.width as usize - 1);
            frame.render_widget(
                Paragraph::new(Line::styled(
                    name,
                    Style::default().add_modifier(Modifier::BOLD),
                )),
                Rect::new(half.x + 1, areas.reader.y, half.width - 1, 1),
            );
        }
    }

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
        gutter_lines.push(gutter(
            app,
            theme,
            &marks,
            line.start == line.end,
            tags.as_ref(),
        ));
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
    if let (Some((l, rt)), Some((a, bn))) = (halves, pair) {
        // Side by side: each coder's stripes in a margin of their own.
        for (half, who) in [(l, a), (rt, bn)] {
            let own = coders::marks_of(&r.marks, who);
            super::margin::margin(frame, app, theme, &shown, &own, half, None);
        }
    } else if areas.margin.width > 0 {
        // The stripes say which code is where; the gutter would repeat it.
        let t = tags.as_ref();
        super::margin::margin(frame, app, theme, &shown, &r.marks, areas.margin, t);
    } else {
        let g = Rect::new(area.x - GUTTER, area.y, GUTTER, area.height);
        frame.render_widget(Paragraph::new(gutter_lines), g);
    }
    frame.render_widget(Paragraph::new(text_lines), area);
}

/// The width of the reader's title (document and group), for the legend
/// beside it.
fn title_width(app: &App, r: &OpenDoc) -> usize {
    use unicode_width::UnicodeWidthStr;
    let group = r
        .doc
        .attributes
        .get(&app.options.group_by)
        .map_or(0, |g| Safe(g).to_string().width() + 3);
    Safe(&r.doc.id).to_string().width() + group + 2
}

fn gutter<'a>(
    app: &App,
    theme: &Theme,
    marks: &[&crate::store::Mark],
    empty: bool,
    tags: Option<&HashMap<String, char>>,
) -> Line<'a> {
    if empty {
        return Line::raw("");
    }
    if let Some(t) = tags {
        return coder_gutter(app, theme, marks, t);
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

/// The gutter when other coders' codings are shown: the letters of the
/// coders who coded the line, each in the colour of a code they applied
/// there; side by side, one column per coder of the pair (blank where that
/// coder has nothing), so the two columns compare line by line.
fn coder_gutter<'a>(
    app: &App,
    theme: &Theme,
    marks: &[&crate::store::Mark],
    tags: &HashMap<String, char>,
) -> Line<'a> {
    // Who coded the line, with the first code each applied.
    let mut who: Vec<(&str, &str)> = Vec::new();
    for m in marks {
        for (code, coder) in m.codes.iter().zip(&m.coders) {
            if !who.iter().any(|(c, _)| c == coder) {
                who.push((coder, code));
            }
        }
    }
    if who.is_empty() {
        return Line::raw("");
    }
    who.sort_by_key(|(c, _)| tags.get(*c).copied().unwrap_or('?'));
    let cell = |coder: &str| -> Span<'a> {
        match who.iter().find(|(c, _)| *c == coder) {
            Some((c, code)) => Span::styled(
                tags.get(*c).copied().unwrap_or('?').to_string(),
                theme.swatch(app.colour(code)).add_modifier(Modifier::BOLD),
            ),
            None => Span::raw(" "),
        }
    };
    let mut spans: Vec<Span> = match app.coders.pair() {
        Some((a, b)) => vec![cell(a), cell(b)],
        None => {
            let mut v: Vec<Span> = who.iter().take(2).map(|(c, _)| cell(c)).collect();
            if who.len() > 2 {
                v.push(Span::raw("+"));
            }
            v
        }
    };
    let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    spans.push(Span::raw(" ".repeat(3usize.saturating_sub(used))));
    spans.push(Span::styled("│", theme.dim()));
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
