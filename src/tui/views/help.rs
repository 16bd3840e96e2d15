//! The `?` help overlay: every binding of the keymap table, grouped by
//! where it applies, each help text wrapped (never cut) beside its keys.
//! Two columns from 100 columns on, one below; the list scrolls (`j` `k`,
//! `PgUp` `PgDn`, `Home` `End`, the wheel) and the title says which lines
//! are shown, so on a small terminal every binding can still be read. The
//! overlay handler clamps its scroll with [`max_scroll`], computed from the
//! same layout as the drawing.

use super::overlays::{centered, framed};
use crate::tui::colour::Theme;
use crate::tui::keymap::{self, Ctx};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// The sections, in the order help lists them.
const SECTIONS: [(Ctx, &str); 17] = [
    (Ctx::Global, "Everywhere"),
    (Ctx::Documents, "Documents"),
    (Ctx::Reader, "Reader"),
    (Ctx::Codes, "Codes"),
    (Ctx::Themes, "Themes screen (T)"),
    (Ctx::Hits, "Search and code (F)"),
    (Ctx::Coverage, "Coverage (#)"),
    (Ctx::Compare, "Compare screen (A)"),
    (Ctx::Memos, "Memos (W)"),
    (Ctx::Attributes, "Attributes (E)"),
    (Ctx::Picker, "Code / theme picker"),
    (Ctx::Prompt, "Prompts"),
    (Ctx::Choice, "Choosing from a list"),
    (Ctx::Editor, "Memo and definition editor"),
    (Ctx::Confirm, "Quit with unsaved text?"),
    (Ctx::Discard, "Discard the changed draft?"),
    (Ctx::Delete, "Delete the code?"),
];

/// Width of the keys column.
const KEYS: usize = 13;

/// Where the help goes and how its lines are laid out at one size.
struct Layout {
    area: Rect,
    inner: Rect,
    /// One or two columns of lines.
    columns: Vec<Vec<Line<'static>>>,
    col_width: u16,
}

impl Layout {
    fn new(size: Rect) -> Layout {
        let area = centered(size, 118, size.height.saturating_sub(2));
        let inner = Rect::new(
            area.x + 2,
            area.y + 1,
            area.width.saturating_sub(4),
            area.height.saturating_sub(2),
        );
        let two = inner.width >= 100;
        let col_width = if two {
            inner.width / 2 - 1
        } else {
            inner.width
        };
        let (lines, starts) = lines(col_width as usize);
        let columns = if two {
            // Split at the section start nearest the middle, so no section
            // begins at the foot of the left column.
            let half = lines.len().div_ceil(2);
            let at = starts
                .iter()
                .copied()
                .min_by_key(|s| s.abs_diff(half))
                .unwrap_or(half);
            let mut left = lines;
            let right = left.split_off(at);
            vec![left, right]
        } else {
            vec![lines]
        };
        Layout {
            area,
            inner,
            columns,
            col_width,
        }
    }

    /// Lines in the tallest column.
    fn height(&self) -> usize {
        self.columns.iter().map(Vec::len).max().unwrap_or(0)
    }

    fn max_scroll(&self) -> u16 {
        self.height().saturating_sub(self.inner.height as usize) as u16
    }
}

/// Every help line at a column width, and the indexes where sections start.
fn lines(width: usize) -> (Vec<Line<'static>>, Vec<usize>) {
    let mut out = Vec::new();
    let mut starts = Vec::new();
    let text_width = width.saturating_sub(KEYS + 2).max(10);
    for (ctx, name) in SECTIONS {
        starts.push(out.len());
        out.push(Line::styled(
            name,
            Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        ));
        for (keys, what) in keymap::help_rows(ctx) {
            for (i, part) in wrap(what, text_width).into_iter().enumerate() {
                let keys = if i == 0 { keys } else { "" };
                out.push(Line::from(vec![
                    Span::styled(
                        format!("  {keys:<w$}", w = KEYS - 2),
                        Style::default().add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(part),
                ]));
            }
        }
    }
    starts.push(out.len());
    for part in wrap(
        "Mouse: click places the cursor, drag selects, wheel scrolls.",
        width,
    ) {
        out.push(Line::raw(part));
    }
    (out, starts)
}

/// Break `text` into lines of at most `width` columns at spaces (a word
/// longer than a line is split).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let sep = usize::from(!line.is_empty());
        if !line.is_empty() && line.width() + sep + word.width() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.width() > width {
            let cut = line
                .char_indices()
                .map(|(i, _)| i)
                .take_while(|i| line[..*i].width() <= width)
                .last()
                .filter(|i| *i > 0)
                .unwrap_or(line.len());
            let rest = line.split_off(cut);
            out.push(std::mem::replace(&mut line, rest));
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

/// How far the help can scroll at a terminal size.
pub(crate) fn max_scroll(width: u16, height: u16) -> u16 {
    Layout::new(Rect::new(0, 0, width, height)).max_scroll()
}

/// Rows of help shown at once (a page).
pub(crate) fn page(width: u16, height: u16) -> u16 {
    Layout::new(Rect::new(0, 0, width, height)).inner.height
}

pub(super) fn draw(frame: &mut Frame, scroll: u16, size: Rect) {
    let layout = Layout::new(size);
    let scroll = scroll.min(layout.max_scroll());
    let rows = layout.inner.height as usize;
    let total = layout.height();
    let first = scroll as usize + 1;
    let last = (scroll as usize + rows).min(total);
    let position = if total <= rows {
        "all shown".to_owned()
    } else {
        format!("lines {first}–{last} of {total}")
    };
    frame.render_widget(Clear, layout.area);
    let theme = Theme { no_color: true };
    frame.render_widget(
        framed(format!(" Keys · {position} "), &theme)
            .title_bottom(" j k PgDn PgUp Home End scroll · other keys close "),
        layout.area,
    );
    let mut x = layout.inner.x;
    for column in layout.columns.iter() {
        let area = Rect::new(x, layout.inner.y, layout.col_width, layout.inner.height);
        frame.render_widget(Paragraph::new(column.clone()).scroll((scroll, 0)), area);
        x += layout.col_width + 2;
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_at_spaces_and_splits_long_words() {
        assert_eq!(wrap("move down / up", 20), ["move down / up"]);
        assert_eq!(
            wrap("extend the selection by a sentence", 15),
            ["extend the", "selection by a", "sentence"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), [""]);
        // Width counts columns, not bytes: “×” is one column.
        assert_eq!(wrap("codes × documents", 9), ["codes ×", "documents"]);
    }
}
