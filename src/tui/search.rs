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
            let elsewhere = if all_docs {
                String::new()
            } else {
                self.found_elsewhere(&phrase)
            };
            self.message = Some(format!("“{}” not found{elsewhere}", query.trim()));
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

    /// After a miss in the open document: which other documents have the
    /// phrase, so the analyst knows to look there (a miss used to leave the
    /// cursor where it was and say nothing more, and the next keys acted on
    /// the wrong passage). One pass over the texts, paid only on a miss.
    fn found_elsewhere(&self, phrase: &Phrase) -> String {
        let Some(open) = self.reader.as_ref().map(|r| r.doc.id.clone()) else {
            return String::new();
        };
        let mut docs: Vec<(String, usize)> = Vec::new();
        let res = self.project.each_document_text(|id, text| {
            if id != open {
                let n = phrase.find_all(text).len();
                if n > 0 {
                    docs.push((id.to_owned(), n));
                }
            }
        });
        if res.is_err() || docs.is_empty() {
            return format!(" in {open} or any other document");
        }
        docs.sort_by(|a, b| crate::text::natural_cmp(&a.0, &b.0));
        let hits: usize = docs.iter().map(|(_, n)| n).sum();
        let mut names: Vec<&str> = docs.iter().take(4).map(|(id, _)| id.as_str()).collect();
        if docs.len() > 4 {
            names.push("…");
        }
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            " in {open}; {} in {} ({}): / in the documents pane or F lists them",
            plural(hits, "hit", "hits"),
            plural(docs.len(), "other document", "other documents"),
            names.join(", "),
        )
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
