//! The search-and-code screen: the hit list as keyword in context (a mark,
//! document, paragraph, the line around the hit with the hit in the middle)
//! and, below it, what a coding of the highlighted hit would code (its
//! sentence, paragraph or match) — the dry run, on screen. A last column
//! names the codes already on each hit, so a researcher does not code it
//! twice. Only the rows shown are laid out, so a hit list of any length
//! draws at once.

use super::fit;
use super::panes::block;
use crate::tui::app::App;
use crate::tui::colour::Theme;
use crate::tui::layout;
use crate::tui::reader::{Wrapped, display};
use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Text as one screen line: line breaks and tabs become spaces, control
/// and bidi characters are shown as the reader shows them.
fn flat(s: &str) -> String {
    s.graphemes(true)
        .map(|g| if g == "\n" { " " } else { display(g).0 })
        .collect()
}

/// The last `cols` columns of `s`, with … in front when cut.
fn tail(s: &str, cols: usize) -> String {
    if s.width() <= cols {
        return format!("{}{s}", " ".repeat(cols - s.width()));
    }
    let mut out: Vec<&str> = Vec::new();
    let mut w = 1;
    for g in s.graphemes(true).rev() {
        if w + g.width() > cols {
            break;
        }
        w += g.width();
        out.push(g);
    }
    out.reverse();
    format!("{}…{}", " ".repeat(cols - w), out.concat())
}

pub(super) fn hits(frame: &mut Frame, app: &App, theme: &Theme) {
    let a = layout::screen_areas(app.width, app.height);
    let v = &app.hits;
    let title = format!(
        " Search “{}”: {} hit(s) in {} document(s) · {} marked · a coding takes the {} ",
        fit(&v.query, 40),
        v.hits.len(),
        v.docs.len(),
        v.marked_count(),
        v.unit.name()
    );
    frame.render_widget(
        block(fit(&title, a.main.width as usize - 2), true, theme),
        a.main,
    );
    let w = a.list.width as usize;
    let id_w = v
        .docs
        .iter()
        .map(|d| d.doc.width())
        .max()
        .unwrap_or(3)
        .clamp(3, 10);
    // The codes already on a hit: a fifth of the row, at least a name's
    // start.
    let code_w = (w / 5).clamp(8, 28);
    let ctx_w = w.saturating_sub(id_w + 10 + 2 + code_w);
    let header = format!(
        "  {:<id_w$} {:>5}  {:<ctx_w$}  coded",
        "doc", "¶", "in context"
    );
    let mut lines = vec![Line::styled(
        fit(&header, w),
        theme.dim().add_modifier(Modifier::BOLD),
    )];
    let rows = (a.list.height as usize).saturating_sub(1);
    for (i, h) in v.hits.iter().enumerate().skip(v.scroll).take(rows) {
        let text = v.text_of(h);
        let line_start = text[..h.span.start].rfind('\n').map_or(0, |p| p + 1);
        let line_end = text[h.span.end..]
            .find('\n')
            .map_or(text.len(), |p| h.span.end + p);
        let hit = fit(&flat(&text[h.span.start..h.span.end]), ctx_w / 2);
        let left_w = ctx_w.saturating_sub(hit.width()) / 2;
        let right_w = ctx_w.saturating_sub(hit.width() + left_w);
        let left = tail(&flat(&text[line_start..h.span.start]), left_w);
        let right = fit(&flat(&text[h.span.end..line_end]), right_w);
        let mark = match (v.marked[i], theme.no_color) {
            (true, false) => "●",
            (true, true) => "*",
            _ => " ",
        };
        let row_style = if i == v.sel {
            theme.highlight_row()
        } else {
            Style::default()
        };
        let id = fit(v.doc_id(h), id_w);
        lines.push(Line::from(vec![
            Span::styled(
                format!("{mark} {id:<id_w$} {:>5}  ", format!("¶{}", h.paragraph)),
                row_style,
            ),
            Span::styled(left, row_style),
            Span::styled(hit, theme.hit(row_style)),
            Span::styled(right, row_style),
            Span::raw("  "),
        ]));
        // The first code's colour, then every code's name.
        let codes = v.codes_at(h).unwrap_or_default();
        if let (Some(first), Some(line)) = (codes.first(), lines.last_mut()) {
            line.push_span(Span::styled("■ ", theme.swatch(app.colour(first))));
            line.push_span(Span::raw(fit(&codes.join(", "), code_w - 2)));
        }
    }
    frame.render_widget(Paragraph::new(lines), a.list);
    detail(frame, app, theme, a);
}

/// What a coding of the highlighted hit would code, wrapped, the hit marked.
fn detail(frame: &mut Frame, app: &App, theme: &Theme, a: layout::ScreenAreas) {
    let v = &app.hits;
    let Some(h) = v.hits.get(v.sel) else {
        frame.render_widget(block(" Would code ".into(), false, theme), a.detail);
        return;
    };
    let text = v.text_of(h);
    let span = v.widened(h).unwrap_or(h.span);
    let coded = match v.codes_at(h).unwrap_or_default()[..] {
        [] => String::new(),
        ref codes => {
            let names: Vec<String> = codes.iter().map(|c| format!("“{c}”")).collect();
            format!(" · already coded {}", names.join(", "))
        }
    };
    let title = format!(
        " Would code: the {} of hit {} of {} in {} ({} characters){coded} ",
        v.unit.name(),
        v.sel + 1,
        v.hits.len(),
        v.doc_id(h),
        text[span.start..span.end].chars().count()
    );
    frame.render_widget(
        block(fit(&title, a.detail.width as usize - 2), false, theme),
        a.detail,
    );
    let part = &text[span.start..span.end];
    let wrapped = Wrapped::new(part, a.detail_text.width as usize);
    let mut lines = Vec::new();
    for l in wrapped.lines.iter().take(a.detail_text.height as usize) {
        let mut spans = Vec::new();
        for (i, g) in part[l.start..l.end].grapheme_indices(true) {
            let at = span.start + l.start + i;
            let style = if h.span.contains(at) {
                theme.hit(Style::default())
            } else {
                Style::default()
            };
            spans.push(Span::styled(display(g).0.to_owned(), style));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), a.detail_text);
}
