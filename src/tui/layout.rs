//! Screen layout: where each pane goes for a given terminal size. A pure
//! function of the size, used both by the views (to draw) and by `update` (to
//! map mouse clicks and to know the reader's width and height), so the two
//! never disagree. Below 60×20 there is no layout, only a notice.

use ratatui::layout::Rect;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;
/// Columns of the reader gutter (code markers) left of the text.
pub const GUTTER: u16 = 4;

/// The rectangles of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub documents: Rect,
    pub codes: Rect,
    pub reader: Rect,
    /// The reader's text area (inside the border, right of the gutter).
    pub text: Rect,
    pub status: Rect,
    /// Rows of the document list (inside the border, below the header).
    pub doc_list: Rect,
    /// Rows of the code tree and of the selected code's excerpts.
    pub code_list: Rect,
    pub excerpt_list: Rect,
}

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

/// Split the screen: a side column (documents above codes), the reader to the
/// right, two status lines at the bottom.
pub fn areas(width: u16, height: u16) -> Areas {
    let width = width.max(MIN_WIDTH);
    let height = height.max(MIN_HEIGHT);
    let body_h = height - 2;
    let side_w = (width * 30 / 100).clamp(24, 40);
    let docs_h = (body_h * 2 / 5).max(6);
    let documents = Rect::new(0, 0, side_w, docs_h);
    let codes = Rect::new(0, docs_h, side_w, body_h - docs_h);
    let reader = Rect::new(side_w, 0, width - side_w, body_h);
    let text = Rect::new(
        reader.x + 1 + GUTTER,
        reader.y + 1,
        reader.width.saturating_sub(2 + GUTTER),
        reader.height.saturating_sub(2),
    );
    let status = Rect::new(0, body_h, width, 2);
    let doc_list = Rect::new(1, 2, side_w - 2, docs_h.saturating_sub(3));
    let inner_h = codes.height.saturating_sub(2);
    let code_h = (inner_h / 2).max(2);
    let code_list = Rect::new(1, codes.y + 1, side_w - 2, code_h);
    // One separator row between the code tree and the excerpts.
    let excerpt_list = Rect::new(
        1,
        codes.y + 2 + code_h,
        side_w - 2,
        inner_h.saturating_sub(code_h + 1),
    );
    Areas {
        doc_list,
        code_list,
        excerpt_list,
        documents,
        codes,
        reader,
        text,
        status,
    }
}
