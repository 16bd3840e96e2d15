//! Views: pure functions from `&App` to a frame. Nothing here changes state
//! or touches the project; everything drawn is read from `App`, and the
//! rectangles come from `layout::areas`, the same function `update` uses to
//! interpret mouse positions.

mod compare;
mod coverage;
pub(crate) mod help;
mod hits;
mod manage;
mod margin;
mod memos;
mod overlays;
mod panes;
mod picker;
mod reader;
mod status;
mod themes;

use super::app::{App, Mode, Screen};
use super::colour::Theme;
use super::layout;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::Paragraph;

/// Draw the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let size = frame.area();
    if layout::too_small(size.width, size.height) {
        let msg = format!(
            "terminal too small: {}×{} (thema needs at least {}×{})",
            size.width,
            size.height,
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        );
        let y = size.height / 2;
        frame.render_widget(
            Paragraph::new(msg)
                .alignment(Alignment::Center)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            Rect::new(0, y.saturating_sub(1), size.width, 3.min(size.height)),
        );
        return;
    }
    let theme = Theme {
        no_color: app.options.no_color,
    };
    let pair = app.coders.pair().is_some();
    let areas = layout::areas_for(size.width, size.height, app.margin, pair);
    if app.screen == Screen::Themes {
        themes::themes(frame, app, &theme);
    } else if app.screen == Screen::Hits {
        hits::hits(frame, app, &theme);
    } else if app.screen == Screen::Coverage {
        coverage::coverage(frame, app, &theme);
    } else if app.screen == Screen::Compare {
        compare::compare(frame, app, &theme);
    } else if app.screen == Screen::Memos {
        memos::memos(frame, app, &theme);
    } else if app.screen == Screen::Attributes {
        memos::attributes(frame, app, &theme);
    } else {
        panes::documents(frame, app, &theme, &areas);
        panes::codes(frame, app, &theme, &areas);
        reader::reader(frame, app, &theme, &areas);
    }
    status::status(frame, app, &theme, areas.status);
    match &app.mode {
        Mode::Normal => {}
        Mode::Help(scroll) => help::draw(frame, *scroll, size),
        Mode::Picker(p) => overlays::picker(frame, app, &theme, p, size),
        Mode::Search { query, all_docs } => {
            overlays::prompt(frame, &theme, areas.status, "/", query, *all_docs)
        }
        Mode::Edit(e) => overlays::editor(frame, &theme, e, size),
        Mode::Input { purpose, text } => {
            let what = match purpose {
                crate::tui::app::InputPurpose::NewTheme => "new theme",
                crate::tui::app::InputPurpose::RenameTheme(_) => "rename theme",
                crate::tui::app::InputPurpose::RenameCode(_) => "rename code",
                crate::tui::app::InputPurpose::Find => {
                    "search all documents (a OR b, \"a phrase\")"
                }
                crate::tui::app::InputPurpose::AttributeValue(_, key) => key.as_str(),
                crate::tui::app::InputPurpose::NewAttribute(_) => "new attribute key=value",
            };
            overlays::name_prompt(frame, &theme, areas.status, what, text)
        }
        Mode::ThemePicker { picker, purpose } => {
            overlays::theme_picker(frame, app, &theme, picker, purpose, size)
        }
        Mode::Pick { picker, purpose } => manage::picker(frame, app, &theme, picker, purpose, size),
        Mode::ConfirmDelete(d) => manage::confirm_delete(frame, &theme, d, size),
        Mode::ConfirmQuit(_) => overlays::confirm_quit(frame, &theme, size),
        Mode::ConfirmDiscard(back) => {
            if let Mode::Edit(e) = back.as_ref() {
                overlays::editor(frame, &theme, e, size);
            }
            overlays::confirm_discard(frame, &theme, size)
        }
        Mode::Choose(c) => overlays::choose(frame, app, &theme, c, size),
    }
}

pub(crate) use compare::list_rows as compare_list_rows;

/// Cut a string to at most `cols` display columns, with … when cut.
/// Control characters are shown escaped (`\u{1b}`) like on the command
/// line, rather than silently dropped by ratatui.
pub(crate) fn fit(s: &str, cols: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::UnicodeWidthStr;
    let s: &str = &crate::text::escape_line(s);
    if s.width() <= cols {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in s.graphemes(true) {
        let gw = g.width();
        if w + gw + 1 > cols {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    out.push('…');
    out
}
