//! The coverage screen: the matrix of counts (row names with their "n of
//! N" coverage, then one cell per column; an empty cell is a dot, so
//! absence stands out), the highlighted cell reversed, and below it the
//! excerpts of the cell last opened. Only the rows and columns on screen
//! are drawn.

use super::fit;
use super::panes::block;
use crate::tui::app::App;
use crate::tui::colour::Theme;
use crate::tui::components::coverage::{COVER_W, CoverageOf, geometry};
use crate::tui::layout;
use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

fn pad(s: &str, cols: usize) -> String {
    let s = fit(s, cols);
    let w = s.width();
    format!("{s}{}", " ".repeat(cols.saturating_sub(w)))
}

fn right(s: &str, cols: usize) -> String {
    let s = fit(s, cols);
    format!("{}{s}", " ".repeat(cols.saturating_sub(s.width())))
}

pub(super) fn coverage(frame: &mut Frame, app: &App, theme: &Theme) {
    let a = layout::screen_areas(app.width, app.height);
    let v = &app.coverage;
    let (what, row_kind) = match v.of {
        CoverageOf::CodesByDocument => ("codes × documents".to_owned(), "code"),
        CoverageOf::ThemesByAttribute => (format!("themes × {}", v.by), "theme"),
    };
    let title = format!(
        " Coverage: {what} ({} × {}) · t switches ",
        v.rows.len(),
        v.cols.len()
    );
    let in_matrix = v.excerpt_sel.is_none();
    frame.render_widget(
        block(fit(&title, a.main.width as usize - 2), in_matrix, theme),
        a.main,
    );
    let (name_w, cell_w, fit_cols) = geometry(a.list.width as usize, &v.labels);
    let cols = v.col_scroll..(v.col_scroll + fit_cols).min(v.cols.len());
    let bold = theme.dim().add_modifier(Modifier::BOLD);
    let mut header = vec![
        Span::styled(pad(row_kind, name_w), bold),
        Span::styled(right(&format!("of {}", v.cols.len()), COVER_W - 1), bold),
        Span::raw(" "),
    ];
    for c in cols.clone() {
        let style = if c == v.col {
            bold.add_modifier(Modifier::UNDERLINED)
        } else {
            bold
        };
        header.push(Span::styled(right(&v.labels[c], cell_w), style));
        header.push(Span::raw(" "));
    }
    let mut lines = vec![Line::from(header)];
    let rows = (a.list.height as usize).saturating_sub(1);
    for (r, (name, depth)) in v.rows.iter().enumerate().skip(v.row_scroll).take(rows) {
        let indent = "  ".repeat((*depth).min(4));
        let name_style = if r == v.row {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        let covered = v.covered(r);
        let mut spans = vec![
            Span::styled(pad(&format!("{indent}{name}"), name_w), name_style),
            Span::styled(
                right(&format!("{covered}/{}", v.cols.len()), COVER_W - 1),
                theme.dim(),
            ),
            Span::raw(" "),
        ];
        for c in cols.clone() {
            let n = v.count(r, c);
            let text = if n == 0 {
                "·".to_owned()
            } else {
                n.to_string()
            };
            let style = if r == v.row && c == v.col {
                theme.highlight_row()
            } else if n == 0 {
                theme.dim()
            } else {
                Style::default()
            };
            spans.push(Span::styled(right(&text, cell_w), style));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    if v.rows.is_empty() {
        let empty = match v.of {
            CoverageOf::CodesByDocument => "no codes yet: code some text first",
            CoverageOf::ThemesByAttribute => "no themes yet: T builds them",
        };
        lines.push(Line::styled(empty, theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), a.list);
    excerpts(frame, app, theme, a);
}

fn excerpts(frame: &mut Frame, app: &App, theme: &Theme, a: layout::ScreenAreas) {
    let v = &app.coverage;
    let title = match v.excerpts_of {
        Some((r, c)) => format!(
            " {} excerpt(s) of “{}” in {} ",
            v.excerpts.len(),
            v.rows.get(r).map_or("", |x| x.0.as_str()),
            v.cols.get(c).map_or("", String::as_str)
        ),
        None => format!(
            " {}: {} excerpt(s) · Enter lists them ",
            v.cell_name(),
            v.count(v.row, v.col)
        ),
    };
    frame.render_widget(
        block(
            fit(&title, a.detail.width as usize - 2),
            v.excerpt_sel.is_some(),
            theme,
        ),
        a.detail,
    );
    let w = a.detail_text.width as usize;
    let lines: Vec<Line> = v
        .excerpts
        .iter()
        .enumerate()
        .skip(v.excerpt_scroll)
        .take(a.detail_text.height as usize)
        .map(|(i, e)| {
            let flat: String = e.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let style = if Some(i) == v.excerpt_sel {
                theme.highlight_row()
            } else {
                Style::default()
            };
            Line::styled(fit(&format!("{} {}", e.doc, flat), w), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), a.detail_text);
}
