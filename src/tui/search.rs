//! Search in the workbench: `/` finds a phrase in the open document (or in
//! all documents from the documents pane), `n`/`N` step through the hits.

use super::app::{App, Pane, Screen};
use crate::model::Span;
use crate::text::Phrase;

/// An active search.
#[derive(Debug, Clone)]
pub struct Search {
    pub phrase: String,
    pub hits: Vec<(String, Span)>,
    pub current: usize,
}

impl App {
    pub(crate) fn run_search(&mut self, query: &str, all_docs: bool) {
        let Some(phrase) = Phrase::new(query) else {
            self.search = None;
            return;
        };
        let mut hits = Vec::new();
        if all_docs {
            // One pass over the texts (one query), in the documents pane's order.
            let rank: std::collections::HashMap<&str, usize> = self
                .documents
                .list
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id.as_str(), i))
                .collect();
            let mut found: Vec<(usize, String, Span)> = Vec::new();
            let res = self.project.each_document_text(|id, text| {
                let r = rank.get(id).copied().unwrap_or(usize::MAX);
                found.extend(
                    phrase
                        .find_all(text)
                        .into_iter()
                        .map(|s| (r, id.to_owned(), s)),
                );
            });
            if let Err(e) = res {
                self.message = Some(format!("error: {e}"));
                return;
            }
            found.sort_by_key(|(r, _, s)| (*r, s.start, s.end));
            hits.extend(found.into_iter().map(|(_, id, s)| (id, s)));
        } else if let Some(r) = &self.reader {
            hits.extend(
                phrase
                    .find_all(&r.doc.text)
                    .into_iter()
                    .map(|s| (r.doc.id.clone(), s)),
            );
        }
        if hits.is_empty() {
            self.message = Some(format!("“{}” not found", query.trim()));
            self.search = None;
            return;
        }
        // Start at the first hit at or after the cursor in the open document.
        let start = self
            .reader
            .as_ref()
            .and_then(|r| {
                hits.iter()
                    .position(|(d, s)| *d == r.doc.id && s.start >= r.cursor)
            })
            .unwrap_or(0);
        self.search = Some(Search {
            phrase: query.trim().to_owned(),
            hits,
            current: start,
        });
        self.goto_hit();
    }

    /// `n` / `N`: the next or previous hit.
    pub(crate) fn step_search(&mut self, forward: bool) {
        let Some(s) = &mut self.search else {
            self.message = Some("no search: press / first".into());
            return;
        };
        let n = s.hits.len();
        s.current = if forward {
            (s.current + 1) % n
        } else {
            (s.current + n - 1) % n
        };
        self.goto_hit();
    }

    fn goto_hit(&mut self) {
        let Some(s) = &self.search else { return };
        let (doc, span) = s.hits[s.current].clone();
        let msg = format!("“{}”: hit {} of {}", s.phrase, s.current + 1, s.hits.len());
        if let Err(e) = self.open(&doc) {
            self.message = Some(format!("error: {e}"));
            return;
        }
        self.focus = Pane::Reader;
        self.screen = Screen::Workbench;
        self.set_cursor(span.start);
        self.ensure_progress();
        self.message = Some(msg);
    }
}
