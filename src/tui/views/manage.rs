//! The overlays of code management and theme moving: the picker (merge
//! into, move under, colour, theme place) and the "delete this code?"
//! dialog, which says how many excerpts the deletion removes before
//! anything is removed.

use super::fit;
use super::overlays::{centered, framed};
use super::picker::{self, PickerBox};
use crate::tui::app::App;
use crate::tui::colour::{Theme, code_colour};
use crate::tui::components::codes::{AUTO_COLOUR, TOP_LEVEL};
use crate::tui::mode::{DeleteCode, PickFor};
use crate::tui::picker::{Choice, Picker};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

/// A picker for [`PickFor`], centred, with its purpose in the title.
pub(super) fn picker(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    p: &Picker,
    purpose: &PickFor,
    size: Rect,
) {
    let w = 64.min(size.width.saturating_sub(4));
    let h = (p.items.len() as u16 + 4).clamp(7, size.height.saturating_sub(4).min(18));
    let area = centered(size, w, h);
    let (title, what) = match purpose {
        PickFor::MergeCode(c) => (format!(" Merge “{}” into… ", fit(c, 36)), "code"),
        PickFor::CodeParent(c) => (format!(" Move “{}” under… ", fit(c, 36)), "code"),
        PickFor::CodeColour(c) => (
            format!(" Colour of “{}” (or type #rrggbb) ", fit(c, 28)),
            "colour",
        ),
        PickFor::MoveTheme(t) => (format!(" Move theme “{}” to… ", fit(t, 34)), "place"),
    };
    let b = PickerBox {
        area,
        title,
        empty: "",
    };
    picker::draw(frame, theme, p, b, |item, style, w| match item {
        Choice::Existing(name) => {
            let marker = match purpose {
                PickFor::MoveTheme(_) => Span::raw("◆ "),
                _ if name == TOP_LEVEL || name == AUTO_COLOUR => Span::raw("  "),
                PickFor::CodeColour(_) => {
                    let hex = name.rsplit(' ').next();
                    Span::styled("■ ", theme.swatch(code_colour("", hex)))
                }
                _ => Span::styled("■ ", theme.swatch(app.colour(name))),
            };
            let count = match purpose {
                PickFor::MergeCode(_) | PickFor::CodeParent(_) => app
                    .codes
                    .list
                    .iter()
                    .find(|c| c.name == *name)
                    .map(|c| format!(" {}", c.excerpts))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            let name_w = w.saturating_sub(2 + count.len());
            Line::from(vec![
                marker,
                Span::styled(fit(name, name_w), style),
                Span::styled(count, theme.dim()),
            ])
        }
        Choice::New(typed) => match purpose {
            PickFor::CodeColour(_) => Line::from(vec![
                picker::plus(),
                Span::styled(fit(&format!("colour {typed}"), w - 2), style),
            ]),
            _ => Line::styled(
                fit(&format!("  no {what} matches “{typed}”"), w),
                theme.dim(),
            ),
        },
    });
}

/// "Delete code …?" with the number of excerpt links and excerpts it removes.
pub(super) fn confirm_delete(frame: &mut Frame, theme: &Theme, d: &DeleteCode, size: Rect) {
    let area = centered(size, 60.min(size.width.saturating_sub(4)), 8);
    frame.render_widget(Clear, area);
    frame.render_widget(
        framed(format!(" Delete code “{}”? ", fit(&d.name, 34)), theme),
        area,
    );
    let inner = Rect::new(area.x + 2, area.y + 1, area.width - 4, area.height - 2);
    let w = inner.width as usize;
    let i = d.impact;
    let links = match i.links {
        0 => "It is on no excerpt.".to_owned(),
        1 => "It is on 1 excerpt.".to_owned(),
        n => format!("It is on {n} excerpts."),
    };
    let removed = match i.excerpts_removed {
        0 => "No excerpt is removed: each has another code.".to_owned(),
        1 => "1 excerpt has no other code and is removed.".to_owned(),
        n => format!("{n} excerpts have no other code and are removed."),
    };
    let rest = match i.children {
        0 => "Its memo goes too; u undoes all of it.".to_owned(),
        n => format!("{n} subcode(s) move up a level; u undoes all of it."),
    };
    frame.render_widget(
        Paragraph::new(vec![
            Line::raw(fit(&links, w)),
            Line::styled(fit(&removed, w), bold()),
            Line::raw(fit(&rest, w)),
            Line::raw(""),
            Line::from(vec![
                Span::styled("y", bold()),
                Span::raw(" delete · "),
                Span::styled("n", bold()),
                Span::raw(" keep it"),
            ]),
        ]),
        inner,
    );
}
