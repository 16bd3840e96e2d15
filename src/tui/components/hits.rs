//! The search-and-code screen (`F`): every hit of a query across all
//! documents as a keyword-in-context list (document, paragraph, the line
//! around the hit), marks, and the unit a coding takes (sentence, paragraph
//! or just the match). It is the workbench face of `thema code apply
//! --match … --dry-run`: the hits come from the same
//! [`autocode::find_in_documents`](crate::autocode::find_in_documents), a
//! coding widens them with the same [`autocode::widen`] and the app codes
//! them with one `Project` call, so marked hits are one undoable change.
//! Each hit says which codes already cover it, so nothing is coded twice;
//! those are read per document, only for the documents of the rows shown.

use super::list_move;
use crate::autocode::{self, DocumentHits};
use crate::model::Span;
use crate::store::{Mark, Project};
use crate::text::{self, Unit};
use crate::tui::action::Action;

/// What a coding from the hit list covers around each hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitUnit {
    Sentence,
    Paragraph,
    /// Just the matched text.
    Match,
}

impl HitUnit {
    pub fn name(self) -> &'static str {
        match self {
            HitUnit::Sentence => "sentence",
            HitUnit::Paragraph => "paragraph",
            HitUnit::Match => "match",
        }
    }

    fn unit(self) -> Option<Unit> {
        match self {
            HitUnit::Sentence => Some(Unit::Sentence),
            HitUnit::Paragraph => Some(Unit::Paragraph),
            HitUnit::Match => None,
        }
    }
}

/// One hit: which document (index into `HitsView::docs`), where, and the
/// number of its paragraph (1-based, as the reader counts them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub doc: usize,
    pub span: Span,
    pub paragraph: usize,
}

/// The hit list's state.
#[derive(Debug, Clone)]
pub struct HitsView {
    pub query: String,
    /// The documents with a hit, with their texts.
    pub docs: Vec<DocumentHits>,
    pub hits: Vec<Hit>,
    pub marked: Vec<bool>,
    pub sel: usize,
    pub scroll: usize,
    pub unit: HitUnit,
    /// The excerpt marks of each document in `docs` (by index), read when
    /// one of its hits is first shown; `None` until then.
    pub marks: Vec<Option<Vec<Mark>>>,
}

impl Default for HitsView {
    fn default() -> Self {
        HitsView {
            query: String::new(),
            docs: Vec::new(),
            hits: Vec::new(),
            marked: Vec::new(),
            sel: 0,
            scroll: 0,
            unit: HitUnit::Sentence,
            marks: Vec::new(),
        }
    }
}

/// What a key on the hit list asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HitsEffect {
    None,
    Message(String),
    /// Open the code picker for the marked hits (or the one under the cursor).
    Code,
    /// Code them with the n-th recent code.
    Recent(u8),
    /// Open this hit in the reader.
    Open(String, Span),
    /// Ask for a new query.
    Query,
    /// Back to the workbench.
    Leave,
}

impl HitsView {
    /// Run a query over every document (heading lines skipped, as
    /// `code apply --match` does). Marks and cursor start afresh.
    pub fn find(&mut self, project: &Project, query: &str) -> crate::error::Result<()> {
        let docs = autocode::find_in_documents(project, None, query, None, false)?;
        let mut hits = Vec::new();
        for (i, d) in docs.iter().enumerate() {
            // Paragraph numbers in one pass per document: hits are in order.
            let paragraphs = text::paragraphs(&d.text);
            let mut p = 0;
            for s in &d.spans {
                while p + 1 < paragraphs.len() && paragraphs[p].end <= s.start {
                    p += 1;
                }
                hits.push(Hit {
                    doc: i,
                    span: *s,
                    paragraph: p + 1,
                });
            }
        }
        self.query = query.trim().to_owned();
        self.marked = vec![false; hits.len()];
        self.hits = hits;
        self.marks = vec![None; docs.len()];
        self.docs = docs;
        self.sel = 0;
        self.scroll = 0;
        Ok(())
    }

    /// Read the codings of the documents whose hits are among the `rows`
    /// shown (each document once, an indexed read), so the list can say
    /// which hits are coded.
    pub fn load_marks(&mut self, project: &Project, rows: usize) -> crate::error::Result<()> {
        let shown = self.hits.iter().skip(self.scroll).take(rows.max(1));
        let docs: Vec<usize> = shown.map(|h| h.doc).collect();
        for d in docs {
            if self.marks[d].is_none() {
                self.marks[d] = Some(project.excerpt_marks(&self.docs[d].doc)?);
            }
        }
        Ok(())
    }

    /// The codings changed: read them again when next shown.
    pub fn forget_marks(&mut self) {
        self.marks.iter_mut().for_each(|m| *m = None);
    }

    /// The codes of the excerpts that overlap a hit, each once, in the
    /// order of the excerpts; `None` when its document's codings are not
    /// read yet.
    pub fn codes_at(&self, hit: &Hit) -> Option<Vec<&str>> {
        let marks = self.marks.get(hit.doc)?.as_ref()?;
        let mut out: Vec<&str> = Vec::new();
        let over = marks
            .iter()
            .filter(|m| m.span.start < hit.span.end && hit.span.start < m.span.end);
        for c in over.flat_map(|m| &m.codes) {
            if !out.contains(&c.as_str()) {
                out.push(c);
            }
        }
        Some(out)
    }

    pub fn doc_id(&self, hit: &Hit) -> &str {
        &self.docs[hit.doc].doc
    }

    pub fn text_of(&self, hit: &Hit) -> &str {
        &self.docs[hit.doc].text
    }

    pub fn marked_count(&self) -> usize {
        self.marked.iter().filter(|m| **m).count()
    }

    /// The span a coding takes for one hit in the current unit.
    pub fn widened(&self, hit: &Hit) -> Option<Span> {
        autocode::widen(self.text_of(hit), hit.span, self.unit.unit())
    }

    /// What a coding now would code: the marked hits, or else the one under
    /// the cursor, widened to the unit, each span once, in list order.
    pub fn to_code(&self) -> Vec<(String, Span)> {
        let chosen: Vec<&Hit> = if self.marked.iter().any(|m| *m) {
            self.hits
                .iter()
                .zip(&self.marked)
                .filter(|(_, m)| **m)
                .map(|(h, _)| h)
                .collect()
        } else {
            self.hits.get(self.sel).into_iter().collect()
        };
        let mut out: Vec<(String, Span)> = Vec::new();
        for h in chosen {
            if let Some(w) = self.widened(h) {
                let item = (self.doc_id(h).to_owned(), w);
                // Hits come in document order: a repeat is the one before.
                if out.last() != Some(&item) {
                    out.push(item);
                }
            }
        }
        out
    }

    /// After coding: the marks are spent.
    pub fn clear_marks(&mut self) {
        self.marked.iter_mut().for_each(|m| *m = false);
    }

    fn keep_visible(&mut self, rows: usize) {
        self.scroll = super::keep_visible(self.sel, self.scroll, rows.max(1));
    }

    /// A key on the hit list; `rows` is how many list rows are shown.
    pub fn handle(&mut self, action: Action, rows: usize) -> HitsEffect {
        if let Some(i) = list_move(self.sel, self.hits.len(), rows, action) {
            self.sel = i;
            self.keep_visible(rows);
            return HitsEffect::None;
        }
        match action {
            Action::Mark => {
                if let Some(m) = self.marked.get_mut(self.sel) {
                    *m = !*m;
                    self.sel = (self.sel + 1).min(self.hits.len().saturating_sub(1));
                    self.keep_visible(rows);
                }
                HitsEffect::None
            }
            Action::MarkAll => {
                let all = self.marked.iter().all(|m| *m);
                self.marked.iter_mut().for_each(|m| *m = !all);
                HitsEffect::Message(if all {
                    "no hit marked".into()
                } else {
                    format!("all {} hits marked", self.hits.len())
                })
            }
            Action::SelectSentence | Action::SelectParagraph | Action::SelectMatch => {
                self.unit = match action {
                    Action::SelectSentence => HitUnit::Sentence,
                    Action::SelectParagraph => HitUnit::Paragraph,
                    _ => HitUnit::Match,
                };
                HitsEffect::Message(format!(
                    "a coding takes the {} around each hit",
                    self.unit.name()
                ))
            }
            Action::Code if self.hits.is_empty() => HitsEffect::Message("no hits to code".into()),
            Action::Code => HitsEffect::Code,
            Action::Recent(n) => HitsEffect::Recent(n),
            Action::Enter => match self.hits.get(self.sel) {
                Some(h) => HitsEffect::Open(self.doc_id(h).to_owned(), h.span),
                None => HitsEffect::None,
            },
            Action::Find => HitsEffect::Query,
            Action::Cancel | Action::FindScreen => HitsEffect::Leave,
            _ => HitsEffect::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(text: &str, query: &str) -> HitsView {
        let mut p = Project::in_memory().unwrap();
        p.set_coder("t");
        let (doc, _) = crate::import::parse_write_up(
            std::path::Path::new("A.md"),
            text.as_bytes(),
            &Default::default(),
        )
        .unwrap();
        p.import(vec![doc], false).unwrap();
        let mut v = HitsView::default();
        v.find(&p, query).unwrap();
        v
    }

    #[test]
    fn hits_know_their_paragraph_and_widen_to_the_unit() {
        let v = view(
            "# Kop met webcam\n\nEen webcam. Twee.\n\nDrie webcam en webcam.",
            "webcam",
        );
        // The heading's hit is skipped, as in `code apply --match`.
        let paras: Vec<usize> = v.hits.iter().map(|h| h.paragraph).collect();
        assert_eq!(paras, [2, 3, 3]);
        let t = &v.docs[0].text;
        let mut v = v.clone();
        v.marked = vec![true, true, true];
        let spans: Vec<&str> = v
            .to_code()
            .iter()
            .map(|(_, s)| &t[s.start..s.end])
            .collect();
        // Two hits in one sentence code it once.
        assert_eq!(spans, ["Een webcam.", "Drie webcam en webcam."]);
        v.unit = HitUnit::Match;
        assert_eq!(v.to_code().len(), 3);
        v.unit = HitUnit::Paragraph;
        v.clear_marks();
        v.sel = 0;
        let spans: Vec<&str> = v
            .to_code()
            .iter()
            .map(|(_, s)| &t[s.start..s.end])
            .collect();
        assert_eq!(spans, ["Een webcam. Twee."]);
    }
}
