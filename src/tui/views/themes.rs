//! The themes screen: the theme tree (phase badges, excerpt counts, each
//! theme's codes below it, then the codes not yet in a theme), the selected
//! theme's definition and codes, and the review reader showing its excerpts
//! one after another, the current one first.

use super::fit;
use super::panes::block;
use crate::text::Safe;
use crate::tui::app::App;
use crate::tui::colour::Theme as Style_;
use crate::tui::components::themes::{ThemeRow, phase_badge};
use crate::tui::layout::{self, ThemeAreas};
use crate::tui::reader::{Wrapped, display};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use std::collections::HashSet;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub(super) fn themes(frame: &mut Frame, app: &App, theme: &Style_) {
    let size = frame.area();
    let a = layout::theme_areas(size.width, size.height);
    tree(frame, app, theme, &a);
    detail(frame, app, theme, &a);
    review(frame, app, theme, &a);
}

fn pad_right(left: String, right: &str, w: usize) -> String {
    let rw = right.width();
    let left = fit(&left, w.saturating_sub(rw));
    let gap = w.saturating_sub(left.width() + rw);
    format!("{left}{}{right}", " ".repeat(gap))
}

fn tree(frame: &mut Frame, app: &App, theme: &Style_, a: &ThemeAreas) {
    let v = &app.themes;
    let title = format!(" Themes ({}) ", v.themes.len());
    frame.render_widget(block(title, true, theme), a.tree);
    let list = a.tree_list;
    let w = list.width as usize;
    let short = w < 36;
    let mut lines = Vec::new();
    for (i, row) in v
        .rows
        .iter()
        .enumerate()
        .skip(v.scroll)
        .take(list.height as usize)
    {
        let sel = i == v.sel;
        let row_style = if sel {
            theme.highlight_row()
        } else {
            Style::default()
        };
        let line = match row {
            ThemeRow::Theme(t) => {
                let th = &v.themes[*t];
                let depth = v.depths.get(*t).copied().unwrap_or(0).min(4);
                let badge = phase_badge(th.phase);
                let badge = if short { &badge[..3] } else { badge };
                let n = v.counts.get(&th.key).copied().unwrap_or(0);
                let right = format!(" {badge} {n:>4}");
                let left = format!("{}◆ {}", "  ".repeat(depth), th.name);
                let text = pad_right(left, &right, w);
                Line::styled(text, row_style.add_modifier(Modifier::BOLD))
            }
            ThemeRow::Code { theme: t, name } => {
                let depth = t
                    .map(|t| v.depths.get(t).copied().unwrap_or(0) + 1)
                    .unwrap_or(0)
                    .min(5);
                let n = v.code_counts.get(name).copied().unwrap_or(0);
                let right = format!(" {n:>4}");
                let indent = "  ".repeat(depth);
                let swatch = if theme.no_color { "·" } else { "■" };
                let name_w = w.saturating_sub(indent.width() + 2 + right.width());
                let name = fit(name, name_w);
                let gap = name_w.saturating_sub(name.width());
                Line::from(vec![
                    Span::raw(indent),
                    Span::styled(swatch, theme.swatch(app.colour(name.as_str()))),
                    Span::styled(format!(" {name}{}", " ".repeat(gap)), row_style),
                    Span::styled(right, theme.dim()),
                ])
            }
            ThemeRow::Unthemed => {
                let label = format!("─ not in a theme ({}) ", v.unthemed.len());
                let rest = "─".repeat(w.saturating_sub(label.width()));
                Line::styled(format!("{label}{rest}"), row_style.patch(theme.dim()))
            }
        };
        lines.push(line);
    }
    if v.themes.is_empty() && v.scroll == 0 && lines.len() < list.height as usize {
        lines.insert(0, Line::styled("no themes yet: a creates one", theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), list);
}

fn detail(frame: &mut Frame, app: &App, theme: &Style_, a: &ThemeAreas) {
    let v = &app.themes;
    let inner = Rect::new(
        a.detail.x + 1,
        a.detail.y + 1,
        a.detail.width.saturating_sub(2),
        a.detail.height.saturating_sub(2),
    );
    let docs: HashSet<&str> = v.review.iter().map(|(e, _)| e.doc.as_str()).collect();
    let spread = format!(
        "{} excerpt{} in {} of {} documents",
        v.review.len(),
        if v.review.len() == 1 { "" } else { "s" },
        docs.len(),
        app.documents.list.len()
    );
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let (title, lines) = match (v.selected(), v.current_theme()) {
        (_, Some(t)) => {
            let mut lines = Vec::new();
            if t.definition.trim().is_empty() {
                lines.push(Line::styled(
                    "No definition yet: e writes one (what the theme is about, where it ends).",
                    theme.dim(),
                ));
            } else {
                for l in t.definition.lines() {
                    lines.push(Line::raw(Safe(l).to_string()));
                }
            }
            lines.push(Line::raw(""));
            let mut codes = vec![Span::styled("Codes: ", bold)];
            if t.codes.is_empty() {
                codes.push(Span::styled("none yet (> on a code adds it)", theme.dim()));
            }
            for (i, c) in t.codes.iter().enumerate() {
                if i > 0 {
                    codes.push(Span::styled(" · ", theme.dim()));
                }
                codes.push(Span::styled("■", theme.swatch(app.colour(c))));
                codes.push(Span::raw(format!(" {}", Safe(c))));
            }
            lines.push(Line::from(codes));
            let subs: Vec<&str> = v
                .themes
                .iter()
                .filter(|s| s.parent.as_deref() == Some(t.name.as_str()))
                .map(|s| s.name.as_str())
                .collect();
            if let Some(p) = &t.parent {
                lines.push(Line::from(vec![
                    Span::styled("Subtheme of: ", bold),
                    Span::raw(Safe(p).to_string()),
                ]));
            }
            if !subs.is_empty() {
                lines.push(Line::from(vec![
                    Span::styled("Subthemes: ", bold),
                    Span::raw(Safe(&subs.join(" · ")).to_string()),
                ]));
            }
            (
                format!(" {} · {} · {spread} ", Safe(&t.name), phase_badge(t.phase)),
                lines,
            )
        }
        (Some(ThemeRow::Code { name, .. }), None) => (
            format!(" Code “{}” · not in a theme · {spread} ", Safe(name)),
            vec![Line::styled(
                "> or Enter adds it to a theme (type a new name to create one). \
                 Its excerpts are below: n N to read them.",
                theme.dim(),
            )],
        ),
        _ => (
            " Themes ".to_owned(),
            vec![Line::styled(
                "Gather codes into candidate themes, review them against the excerpts, then define them.",
                theme.dim(),
            )],
        ),
    };
    let title = fit(&title, (a.detail.width as usize).saturating_sub(2));
    frame.render_widget(block(title, false, theme), a.detail);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn review(frame: &mut Frame, app: &App, theme: &Style_, a: &ThemeAreas) {
    let v = &app.themes;
    let n = v.review.len();
    let title = if n == 0 {
        " Review ".to_owned()
    } else {
        format!(
            " Review {}/{n} · n N next/previous · o open ",
            v.review_sel + 1
        )
    };
    let title = fit(&title, (a.review.width as usize).saturating_sub(2));
    frame.render_widget(block(title, false, theme), a.review);
    let area = a.review_text;
    let w = area.width as usize;
    let rows = area.height as usize;
    let mut lines: Vec<Line> = Vec::new();
    if n == 0 {
        lines.push(Line::styled(
            "No excerpts yet: code some text with this code in the workbench (T).",
            theme.dim(),
        ));
    }
    let theme_codes: Vec<String> = match v.current_theme() {
        Some(t) => v
            .themes
            .iter()
            .position(|x| x.key == t.key)
            .and_then(|i| v.family_codes.get(i).cloned())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let in_theme: HashSet<&str> = theme_codes.iter().map(String::as_str).collect();
    for (k, (e, codes)) in v.review.iter().enumerate().skip(v.review_sel) {
        if lines.len() >= rows {
            break;
        }
        let current = k == v.review_sel;
        let group = app
            .documents
            .list
            .iter()
            .find(|d| d.id == e.doc)
            .map(|d| app.group_of(d))
            .filter(|g| !g.is_empty())
            .map(|g| format!(" · {g}"))
            .unwrap_or_default();
        let marker = if current { "▶ " } else { "  " };
        let head_style = if current {
            Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        };
        lines.push(Line::from(vec![Span::styled(
            fit(&format!("{marker}{}/{n}  {}{group}", k + 1, e.doc), w),
            head_style,
        )]));
        let mut cs = vec![Span::raw("  ")];
        for (i, c) in codes.iter().enumerate() {
            if i > 0 {
                cs.push(Span::styled(" · ", theme.dim()));
            }
            cs.push(Span::styled("■", theme.swatch(app.colour(c))));
            let style = if in_theme.contains(c.as_str()) {
                Style::default().add_modifier(Modifier::BOLD)
            } else {
                theme.dim()
            };
            cs.push(Span::styled(format!(" {c}"), style));
        }
        lines.push(Line::from(cs));
        let text = e.text.trim();
        let wrapped = Wrapped::new(text, w.saturating_sub(2).max(4));
        let text_style = if current {
            Style::default()
        } else {
            theme.dim()
        };
        for l in &wrapped.lines {
            let shown: String = text[l.start..l.end]
                .graphemes(true)
                .map(|g| display(g).0)
                .collect();
            lines.push(Line::from(vec![
                Span::styled("│ ", theme.dim()),
                Span::styled(shown, text_style),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines.truncate(rows);
    frame.render_widget(Paragraph::new(lines), area);
}
