//! The workbench's components, each with its own state and key handling:
//! the document list, the reader, the code tree, the themes screen, the
//! search-and-code hit list, the coverage matrix, the compare screen, the
//! memo browser and a document's attributes (the
//! picker and the editor are in [`picker`](super::picker) and
//! [`editor`](super::editor)). A component gets what it needs as arguments
//! (the project only where it loads or changes data) and returns an effect
//! for anything that concerns another component; the app routes both.

pub mod attributes;
pub mod codes;
pub mod compare;
pub mod coverage;
pub mod documents;
pub mod hits;
pub mod memos;
pub mod reader;
pub mod themes;

use super::action::Action;

/// Move a list index by an action; `None` when the action is no list motion.
pub(crate) fn list_move(sel: usize, len: usize, page: usize, action: Action) -> Option<usize> {
    let last = len.saturating_sub(1);
    Some(match action {
        Action::Down => (sel + 1).min(last),
        Action::Up => sel.saturating_sub(1),
        Action::PageDown => (sel + page.max(1)).min(last),
        Action::PageUp => sel.saturating_sub(page.max(1)),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return None,
    })
}

/// The scroll offset that keeps row `sel` among `rows` visible rows.
pub(crate) fn keep_visible(sel: usize, scroll: usize, rows: usize) -> usize {
    if sel < scroll {
        sel
    } else if sel >= scroll + rows {
        sel + 1 - rows
    } else {
        scroll
    }
}
