//! Overlays drawn over the main screen: the code picker, the search prompt,
//! the memo editor and the "remove which code?" chooser (the help is in
//! [`help`](super::help)).

use super::fit;
use super::picker::{self, PickerBox};
use crate::tui::app::{App, Chooser, EditState, EditTarget, PickPurpose};
use crate::tui::colour::Theme;
use crate::tui::picker::{Choice, Picker};
use crate::tui::reader::{Wrapped, display};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub(super) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub(super) fn framed<'a>(title: String, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .title(title)
        .border_style(theme.focused_border())
}

/// Inside the reader, in the half away from the cursor, so the selection
/// being coded stays in view.
fn picker_area(app: &App, size: Rect, h: u16) -> Rect {
    let areas = crate::tui::layout::areas(size.width, size.height);
    let text = areas.text;
    let w = 50.min(areas.reader.width.saturating_sub(2));
    let h = h.min(text.height / 2 + 1).max(5);
    let x = areas.reader.x + (areas.reader.width - w) / 2;
    let cursor_row = app
        .reader
        .as_ref()
        .map(|r| {
            let sel_start = r.selection_span().map(|s| s.start).unwrap_or(r.cursor);
            let sel_end = r.selection_span().map(|s| s.end).unwrap_or(r.cursor);
            let first = r.wrapped.line_of(sel_start).saturating_sub(r.scroll);
            let last = r.wrapped.line_of(sel_end).saturating_sub(r.scroll);
            (first + last) / 2
        })
        .unwrap_or(0);
    let y = if cursor_row < text.height as usize / 2 {
        text.y + text.height - h
    } else {
        text.y
    };
    Rect::new(x, y, w, h)
}

pub(super) fn picker(frame: &mut Frame, app: &App, theme: &Theme, p: &Picker, size: Rect) {
    let area = picker_area(app, size, (p.items.len() as u16 + 4).clamp(8, 18));
    let sel = app
        .reader
        .as_ref()
        .and_then(|r| {
            r.selection_span()
                .map(|s| r.doc.text[s.start..s.end].chars().count())
        })
        .unwrap_or(0);
    let b = PickerBox {
        area,
        title: format!(" Code {sel} characters "),
        empty: "type a name to create a code",
    };
    picker::draw(frame, theme, p, b, |item, style, w| match item {
        Choice::Existing(name) => {
            let recent = app
                .recent
                .iter()
                .position(|r| r == name)
                .map(|i| format!("  {}", i + 1))
                .unwrap_or_default();
            Line::from(vec![
                Span::styled("■ ", theme.swatch(app.colour(name))),
                Span::styled(fit(&format!("{name}{recent}"), w - 2), style),
            ])
        }
        Choice::New(name) => Line::from(vec![
            picker::plus(),
            Span::styled(fit(&format!("new code “{name}”"), w - 2), style),
        ]),
    });
}

pub(super) fn prompt(
    frame: &mut Frame,
    theme: &Theme,
    status: Rect,
    prefix: &str,
    query: &str,
    all_docs: bool,
) {
    let row = Rect::new(status.x, status.y + 1, status.width, 1);
    frame.render_widget(Clear, row);
    let scope = if all_docs {
        "all documents"
    } else {
        "this document"
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                format!("{prefix}{query}"),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::raw("▏"),
            Span::styled(
                format!("   search {scope} · Enter find · Esc cancel"),
                theme.dim(),
            ),
        ])),
        row,
    );
}

/// The multi-line editor: the text wrapped by grapheme and width (the same
/// wrapping the editor's cursor moves by), the cursor as a reversed cell.
pub(super) fn editor(frame: &mut Frame, theme: &Theme, e: &EditState, size: Rect) {
    let definition = matches!(e.target, EditTarget::Definition(_));
    let area = crate::tui::layout::editor_area(size.width, size.height, definition);
    frame.render_widget(Clear, area);
    let what = match e.target {
        EditTarget::Memo(_) => "Memo on",
        EditTarget::Definition(_) => "Definition of",
        EditTarget::Description(_) => "Description of",
    };
    // The keys go in the title when they fit beside the name, else below.
    let keys = "^s/A-Enter save · Esc cancel";
    let room = (area.width as usize).saturating_sub(4);
    let name = format!(" {what} {} ", e.label);
    let block = if name.width() + keys.width() + 2 <= room {
        framed(format!("{name}· {keys} "), theme)
    } else {
        framed(fit(&name, room), theme)
            .title_bottom(Line::from(format!(" {} ", fit(keys, room))).right_aligned())
    };
    frame.render_widget(block, area);
    let inner = Rect::new(area.x + 1, area.y + 1, area.width - 2, area.height - 2);
    let text = &e.editor.text;
    let wrapped = Wrapped::new(text, inner.width as usize);
    let (cur_line, _) = e.editor.cursor_position(&wrapped);
    let rows = inner.height as usize;
    let first = (cur_line + 1).saturating_sub(rows);
    let cursor_style = Style::default().add_modifier(Modifier::REVERSED);
    let mut lines = Vec::new();
    for (i, l) in wrapped.lines.iter().enumerate().skip(first).take(rows) {
        let mut spans = Vec::new();
        let mut run = String::new();
        for (j, g) in text[l.start..l.end].grapheme_indices(true) {
            let (shown, _) = display(g);
            if i == cur_line && l.start + j == e.editor.cursor {
                spans.push(Span::raw(std::mem::take(&mut run)));
                spans.push(Span::styled(
                    if shown.trim().is_empty() { " " } else { shown }.to_owned(),
                    cursor_style,
                ));
            } else {
                run.push_str(shown);
            }
        }
        spans.push(Span::raw(run));
        if i == cur_line && e.editor.cursor >= l.end && !wrapped_continues(&wrapped, i, e) {
            spans.push(Span::styled(" ", cursor_style));
        }
        lines.push(Line::from(spans));
    }
    if text.is_empty() {
        lines = vec![Line::from(vec![
            Span::styled(" ", cursor_style),
            Span::styled(" Enter new line · empty removes", theme.dim()),
        ])];
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Whether the cursor at the end of line `i` is drawn on the next line
/// instead (a soft break: the offset belongs to the following line).
fn wrapped_continues(w: &Wrapped, i: usize, e: &EditState) -> bool {
    w.line_of(e.editor.cursor) != i
}

/// A one-line name prompt on the second status row.
pub(super) fn name_prompt(frame: &mut Frame, theme: &Theme, status: Rect, what: &str, text: &str) {
    let row = Rect::new(status.x, status.y + 1, status.width, 1);
    frame.render_widget(Clear, row);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                format!("{what}: {text}"),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::raw("▏"),
            Span::styled("   Enter ok · Esc cancel", theme.dim()),
        ])),
        row,
    );
}

/// The theme picker, centred: existing themes fuzzily filtered, and a
/// "new theme" row for a name that is not there yet.
pub(super) fn theme_picker(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    p: &Picker,
    purpose: &PickPurpose,
    size: Rect,
) {
    let h = (p.items.len() as u16 + 4).clamp(7, 16);
    let area = centered(size, 56, h);
    let title = match purpose {
        PickPurpose::AddCode(code) => format!(" Add “{}” to theme ", fit(code, 36)),
        PickPurpose::Jump => " Go to theme or code ".to_owned(),
    };
    let b = PickerBox {
        area,
        title,
        empty: "type a name to create a theme",
    };
    picker::draw(frame, theme, p, b, |item, style, w| match item {
        Choice::Existing(name) => {
            let t = app.themes.themes.iter().find(|t| t.name == *name);
            let phase = t.map(|t| format!("  [{}]", t.phase)).unwrap_or_default();
            let marker = match t {
                Some(_) => Span::raw("◆ "),
                None => Span::styled("■ ", theme.swatch(app.colour(name))),
            };
            Line::from(vec![
                marker,
                Span::styled(fit(name, w.saturating_sub(16)), style),
                Span::styled(phase, theme.dim()),
            ])
        }
        Choice::New(_) if *purpose == PickPurpose::Jump => {
            Line::styled("  no theme or code by that name", theme.dim())
        }
        Choice::New(name) => Line::from(vec![
            picker::plus(),
            Span::styled(fit(&format!("new theme “{name}”"), w - 2), style),
        ]),
    });
}

pub(super) fn confirm_quit(frame: &mut Frame, theme: &Theme, size: Rect) {
    confirm(frame, theme, size, " Quit? ", " quit and lose it · ");
}

pub(super) fn confirm_discard(frame: &mut Frame, theme: &Theme, size: Rect) {
    confirm(frame, theme, size, " Discard? ", " discard it · ");
}

fn confirm(frame: &mut Frame, theme: &Theme, size: Rect, title: &str, yes: &'static str) {
    let area = centered(size, 44, 5);
    frame.render_widget(Clear, area);
    frame.render_widget(framed(title.into(), theme), area);
    let inner = Rect::new(area.x + 2, area.y + 1, area.width - 4, area.height - 2);
    frame.render_widget(
        Paragraph::new(vec![
            Line::raw("The text you typed is not saved."),
            Line::from(vec![
                Span::styled("y", Style::default().add_modifier(Modifier::BOLD)),
                Span::raw(yes),
                Span::styled("n", Style::default().add_modifier(Modifier::BOLD)),
                Span::raw(" back to it"),
            ]),
        ]),
        inner,
    );
}

pub(super) fn choose(frame: &mut Frame, app: &App, theme: &Theme, c: &Chooser, size: Rect) {
    let area = centered(size, 44, c.items.len() as u16 + 3);
    frame.render_widget(Clear, area);
    frame.render_widget(framed(format!(" {} ", c.title), theme), area);
    let inner = Rect::new(area.x + 1, area.y + 1, area.width - 2, area.height - 2);
    let lines: Vec<Line> = c
        .items
        .iter()
        .enumerate()
        .map(|(i, (_, code))| {
            let style = if i == c.highlight {
                theme.highlight_row()
            } else {
                Style::default()
            };
            Line::from(vec![
                Span::styled(format!("{} ", i + 1), theme.dim()),
                Span::styled("■ ", theme.swatch(app.colour(code))),
                Span::styled(fit(code, inner.width as usize - 4), style),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
