//! The coverage screen (`#`): a matrix of counts, codes × documents or
//! themes × the values of a document attribute (`t` switches), where an
//! empty cell is as telling as a full one (a code no unit mentions). Enter
//! on a cell lists its excerpts below the matrix; Enter on one of those
//! opens it in the reader. Theme counts are the reports' own
//! ([`analysis::frequencies`](crate::analysis::frequencies)), so the screen
//! and `thema report` agree.

use super::list_move;
use crate::analysis::{self, Level, NONE_GROUP};
use crate::error::Result;
use crate::store::{CodeExcerpt, Project};
use crate::tui::action::Action;
use std::collections::HashMap;

/// What the matrix crosses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CoverageOf {
    /// Codes (rows) × documents (columns).
    #[default]
    CodesByDocument,
    /// Themes (rows) × values of the grouping attribute (columns).
    ThemesByAttribute,
}

/// The coverage screen's state.
#[derive(Debug, Clone, Default)]
pub struct CoverageView {
    pub of: CoverageOf,
    /// The attribute the theme matrix groups by (the workbench's `group_by`).
    pub by: String,
    /// Row names (codes or themes, in tree order) and their depths.
    pub rows: Vec<(String, usize)>,
    /// Column names (document ids or attribute values).
    pub cols: Vec<String>,
    /// The column headings: the names without the words they all start
    /// with when those would not fit ("Politie-eenheid III" → "III").
    pub labels: Vec<String>,
    /// counts[row][col].
    pub counts: Vec<Vec<usize>>,
    pub row: usize,
    pub col: usize,
    pub row_scroll: usize,
    pub col_scroll: usize,
    /// The excerpts of the cell last opened with Enter.
    pub excerpts: Vec<CodeExcerpt>,
    /// The cell those excerpts belong to.
    pub excerpts_of: Option<(usize, usize)>,
    /// Some when the keyboard is in the excerpt list.
    pub excerpt_sel: Option<usize>,
    pub excerpt_scroll: usize,
}

/// What a key on the coverage screen asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoverageEffect {
    None,
    Message(String),
    Open(CodeExcerpt),
    Leave,
}

/// The rows and columns the screen has room for (set by the app from the layout).
#[derive(Debug, Clone, Copy)]
pub struct Room {
    pub rows: usize,
    pub cols: usize,
    pub excerpt_rows: usize,
}

/// Column layout of the matrix in `width` columns (`cols`: the headings): the row-name width, the
/// width of one cell and how many cells fit (after the "n/N" column).
pub fn geometry(width: usize, cols: &[String]) -> (usize, usize, usize) {
    use unicode_width::UnicodeWidthStr;
    let name_w = (width * 30 / 100).clamp(16, 36);
    let cell_w = cols
        .iter()
        .map(|c| c.width())
        .max()
        .unwrap_or(3)
        .clamp(3, MAX_CELL);
    let fit = width.saturating_sub(name_w + COVER_W) / (cell_w + 1);
    (name_w, cell_w, fit.max(1))
}

/// The widest a cell gets (longer headings are cut).
pub const MAX_CELL: usize = 8;

/// Width of the "n/N" column (columns with an excerpt, of all).
pub const COVER_W: usize = 10;

impl CoverageView {
    /// Load the matrix (keeping the cursor where it can stay).
    pub fn load(&mut self, project: &Project, by: &str) -> Result<()> {
        self.by = by.to_owned();
        match self.of {
            CoverageOf::CodesByDocument => {
                let codes = project.codes()?;
                let depths = crate::tree::Forest::of_codes(&codes).depths();
                let docs = project.documents()?;
                let row_of: HashMap<&str, usize> = codes
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.name.as_str(), i))
                    .collect();
                let col_of: HashMap<&str, usize> = docs
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (d.id.as_str(), i))
                    .collect();
                let mut counts = vec![vec![0; docs.len()]; codes.len()];
                for (code, doc, n) in project.code_document_counts()? {
                    if let (Some(&r), Some(&c)) =
                        (row_of.get(code.as_str()), col_of.get(doc.as_str()))
                    {
                        counts[r][c] = n;
                    }
                }
                self.counts = counts;
                self.rows = codes.into_iter().map(|c| c.name).zip(depths).collect();
                self.cols = docs.into_iter().map(|d| d.id).collect();
            }
            CoverageOf::ThemesByAttribute => {
                let data = project.coding_data()?;
                let f = analysis::frequencies(&data, by, Level::Theme);
                self.counts = f
                    .rows
                    .iter()
                    .map(|r| r.by_group.iter().map(|(_, n)| *n).collect())
                    .collect();
                self.rows = f.rows.into_iter().map(|r| (r.name, r.depth)).collect();
                self.cols = f.groups;
            }
        }
        let names: Vec<&str> = self.cols.iter().map(String::as_str).collect();
        let cut = if names.iter().any(|n| n.chars().count() > MAX_CELL) {
            crate::text::common_word_prefix(&names)
        } else {
            0
        };
        self.labels = names
            .iter()
            .map(|n| n.get(cut..).unwrap_or(n).to_owned())
            .collect();
        self.row = self.row.min(self.rows.len().saturating_sub(1));
        self.col = self.col.min(self.cols.len().saturating_sub(1));
        self.excerpts.clear();
        self.excerpts_of = None;
        self.excerpt_sel = None;
        Ok(())
    }

    pub fn count(&self, row: usize, col: usize) -> usize {
        self.counts
            .get(row)
            .and_then(|r| r.get(col))
            .copied()
            .unwrap_or(0)
    }

    /// Columns with at least one excerpt in a row (the "n of N" coverage).
    pub fn covered(&self, row: usize) -> usize {
        self.counts
            .get(row)
            .map_or(0, |r| r.iter().filter(|n| **n > 0).count())
    }

    pub fn cell_name(&self) -> String {
        let row = self.rows.get(self.row).map_or("", |r| r.0.as_str());
        let col = self.cols.get(self.col).map_or("", String::as_str);
        format!("“{row}” in {col}")
    }

    /// The excerpts of the highlighted cell, in document order.
    fn cell_excerpts(&self, project: &Project) -> Result<Vec<CodeExcerpt>> {
        let (Some((name, _)), Some(col)) = (self.rows.get(self.row), self.cols.get(self.col))
        else {
            return Ok(Vec::new());
        };
        match self.of {
            CoverageOf::CodesByDocument => Ok(project
                .code_excerpts(name)?
                .into_iter()
                .filter(|e| &e.doc == col)
                .collect()),
            CoverageOf::ThemesByAttribute => {
                let themes = project.themes()?;
                let families = crate::tree::theme_family_codes(&themes);
                let Some(i) = themes.iter().position(|t| &t.name == name) else {
                    return Ok(Vec::new());
                };
                let in_group: std::collections::HashSet<String> = project
                    .documents()?
                    .into_iter()
                    .filter(|d| {
                        d.attributes
                            .get(&self.by)
                            .map(String::as_str)
                            .unwrap_or(NONE_GROUP)
                            == col.as_str()
                    })
                    .map(|d| d.id)
                    .collect();
                let mut out: Vec<CodeExcerpt> = project
                    .review_excerpts(&families[i])?
                    .into_iter()
                    .filter(|e| in_group.contains(&e.doc))
                    .collect();
                let ids: Vec<i64> = out.iter().map(|e| e.excerpt).collect();
                let mut texts = HashMap::new();
                for chunk in ids.chunks(500) {
                    texts.extend(project.excerpt_details(chunk)?);
                }
                for e in &mut out {
                    if let Some((t, _)) = texts.remove(&e.excerpt) {
                        e.text = t;
                    }
                }
                Ok(out)
            }
        }
    }

    fn keep_visible(&mut self, room: Room) {
        self.row_scroll = super::keep_visible(self.row, self.row_scroll, room.rows.max(1));
        self.col_scroll = super::keep_visible(self.col, self.col_scroll, room.cols.max(1));
        if let Some(i) = self.excerpt_sel {
            self.excerpt_scroll =
                super::keep_visible(i, self.excerpt_scroll, room.excerpt_rows.max(1));
        }
    }

    /// A key on the coverage screen.
    pub fn handle(&mut self, project: &Project, action: Action, room: Room) -> CoverageEffect {
        let effect = match self.excerpt_sel {
            Some(i) => self.excerpt_key(i, action, room),
            None => self.matrix_key(project, action, room),
        };
        self.keep_visible(room);
        effect
    }

    fn excerpt_key(&mut self, i: usize, action: Action, room: Room) -> CoverageEffect {
        if let Some(j) = list_move(i, self.excerpts.len(), room.excerpt_rows, action) {
            self.excerpt_sel = Some(j);
            return CoverageEffect::None;
        }
        match action {
            Action::Enter => match self.excerpts.get(i) {
                Some(e) => CoverageEffect::Open(e.clone()),
                None => CoverageEffect::None,
            },
            Action::Cancel => {
                self.excerpt_sel = None;
                CoverageEffect::None
            }
            _ => CoverageEffect::None,
        }
    }

    fn matrix_key(&mut self, project: &Project, action: Action, room: Room) -> CoverageEffect {
        if let Some(j) = list_move(self.row, self.rows.len(), room.rows, action) {
            self.row = j;
            return CoverageEffect::None;
        }
        match action {
            Action::Left => self.col = self.col.saturating_sub(1),
            Action::Right => self.col = (self.col + 1).min(self.cols.len().saturating_sub(1)),
            Action::Enter => {
                return match self.cell_excerpts(project) {
                    Ok(list) if list.is_empty() => {
                        self.excerpts.clear();
                        self.excerpts_of = Some((self.row, self.col));
                        CoverageEffect::Message(format!("no excerpt: {}", self.cell_name()))
                    }
                    Ok(list) => {
                        let n = list.len();
                        self.excerpts = list;
                        self.excerpts_of = Some((self.row, self.col));
                        self.excerpt_sel = Some(0);
                        self.excerpt_scroll = 0;
                        CoverageEffect::Message(format!(
                            "{n} excerpt(s): {} · Enter opens one, Esc back to the matrix",
                            self.cell_name()
                        ))
                    }
                    Err(e) => CoverageEffect::Message(format!("error: {e}")),
                };
            }
            Action::ToggleMatrix => {
                self.of = match self.of {
                    CoverageOf::CodesByDocument => CoverageOf::ThemesByAttribute,
                    CoverageOf::ThemesByAttribute => CoverageOf::CodesByDocument,
                };
                self.row = 0;
                self.col = 0;
                self.row_scroll = 0;
                self.col_scroll = 0;
                let by = self.by.clone();
                if let Err(e) = self.load(project, &by) {
                    return CoverageEffect::Message(format!("error: {e}"));
                }
            }
            Action::Cancel | Action::Coverage => return CoverageEffect::Leave,
            _ => {}
        }
        CoverageEffect::None
    }
}
