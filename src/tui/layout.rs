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
    /// The coding stripes right of the reader's text (zero-wide when off or
    /// when the reader is too narrow for both); the gutter is left out then.
    pub margin: Rect,
}

/// The narrowest reader text the margin leaves (below it, no margin).
pub const MIN_TEXT_WITH_MARGIN: u16 = 34;

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

/// [`areas_with`] without the margin.
pub fn areas(width: u16, height: u16) -> Areas {
    areas_with(width, height, false)
}

/// Split the screen: a side column (documents above codes), the reader to the
/// right (with the coding-stripe margin when `margin` and it fits), two
/// status lines at the bottom.
pub fn areas_with(width: u16, height: u16, margin: bool) -> Areas {
    areas_for(width, height, margin, false)
}

/// [`areas_with`]; `side_by_side`: the margin holds two coders' stripes,
/// so it takes more of the reader (up to what leaves the text its least).
pub fn areas_for(width: u16, height: u16, margin: bool, side_by_side: bool) -> Areas {
    let width = width.max(MIN_WIDTH);
    let height = height.max(MIN_HEIGHT);
    let body_h = height - 2;
    let side_w = (width * 30 / 100).clamp(24, 40);
    let docs_h = (body_h * 2 / 5).max(6);
    let documents = Rect::new(0, 0, side_w, docs_h);
    let codes = Rect::new(0, docs_h, side_w, body_h - docs_h);
    let reader = Rect::new(side_w, 0, width - side_w, body_h);
    let inner_w = reader.width.saturating_sub(2);
    let margin_w = if side_by_side {
        (reader.width * 45 / 100)
            .clamp(16, 56)
            .min(inner_w.saturating_sub(MIN_TEXT_WITH_MARGIN))
            .max(16)
    } else {
        (reader.width * 30 / 100).clamp(16, 30)
    };
    let with_margin = margin && inner_w >= margin_w + MIN_TEXT_WITH_MARGIN;
    let (text, margin) = if with_margin {
        let text_w = inner_w - margin_w;
        (
            Rect::new(
                reader.x + 1,
                reader.y + 1,
                text_w,
                reader.height.saturating_sub(2),
            ),
            Rect::new(
                reader.x + 1 + text_w,
                reader.y + 1,
                margin_w,
                reader.height.saturating_sub(2),
            ),
        )
    } else {
        (
            Rect::new(
                reader.x + 1 + GUTTER,
                reader.y + 1,
                inner_w.saturating_sub(GUTTER),
                reader.height.saturating_sub(2),
            ),
            Rect::new(
                reader.x + reader.width.saturating_sub(1),
                reader.y + 1,
                0,
                0,
            ),
        )
    };
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
        margin,
    }
}

/// The rectangles of the themes screen: the theme tree (with the codes not
/// yet in a theme) on the left; the selected theme's definition and codes
/// top right; the review reader below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ThemeAreas {
    pub tree: Rect,
    /// Rows of the tree (inside the border).
    pub tree_list: Rect,
    pub detail: Rect,
    pub review: Rect,
    /// The review reader's text area (inside the border).
    pub review_text: Rect,
    pub status: Rect,
}

pub fn theme_areas(width: u16, height: u16) -> ThemeAreas {
    let width = width.max(MIN_WIDTH);
    let height = height.max(MIN_HEIGHT);
    let body_h = height - 2;
    let left_w = (width * 38 / 100).clamp(28, 48);
    let right_w = width - left_w;
    let detail_h = (body_h / 3).clamp(6, 12);
    let tree = Rect::new(0, 0, left_w, body_h);
    let detail = Rect::new(left_w, 0, right_w, detail_h);
    let review = Rect::new(left_w, detail_h, right_w, body_h - detail_h);
    ThemeAreas {
        tree,
        tree_list: inner(tree),
        detail,
        review,
        review_text: inner(review),
        status: Rect::new(0, body_h, width, 2),
    }
}

fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x + 1,
        r.y + 1,
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

/// The rectangles of the list screens (hit list, coverage, memos): a list
/// or table above, the detail of its highlighted row below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScreenAreas {
    pub main: Rect,
    /// Rows of the list (inside the border).
    pub list: Rect,
    pub detail: Rect,
    /// Inside the detail's border.
    pub detail_text: Rect,
    pub status: Rect,
}

pub fn screen_areas(width: u16, height: u16) -> ScreenAreas {
    let width = width.max(MIN_WIDTH);
    let height = height.max(MIN_HEIGHT);
    let body_h = height - 2;
    let detail_h = (body_h / 3).clamp(5, 12);
    let main = Rect::new(0, 0, width, body_h - detail_h);
    let detail = Rect::new(0, body_h - detail_h, width, detail_h);
    ScreenAreas {
        main,
        list: inner(main),
        detail,
        detail_text: inner(detail),
        status: Rect::new(0, body_h, width, 2),
    }
}

/// The multi-line editor overlay: a theme's definition is edited in place,
/// over the definition pane of the themes screen (taller when that is
/// short), so the excerpts under review stay in view; memos are centred.
pub fn editor_area(width: u16, height: u16, definition: bool) -> Rect {
    if definition {
        let d = theme_areas(width, height).detail;
        let body_h = height.max(MIN_HEIGHT) - 2;
        return Rect::new(d.x, d.y, d.width, d.height.max(10).min(body_h));
    }
    let width = width.max(MIN_WIDTH);
    let height = height.max(MIN_HEIGHT);
    let w = 72.min(width - 4);
    let h = 16.min(height - 4);
    Rect::new((width - w) / 2, (height - h) / 2, w, h)
}
