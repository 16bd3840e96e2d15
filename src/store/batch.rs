//! Batch coding: the one write path for many codings at once.
//!
//! `code apply --batch` (JSON Lines), autocoding (`code apply --match`), QDPX
//! import and merge all hand [`BatchCoding`]s to [`Project::apply_batch`]. The
//! items are streamed into a single transaction: each is checked against the
//! document text read *inside* that transaction and applied at once, problems
//! are collected with the caller's line numbers, and if there is any problem
//! the transaction is rolled back, so a batch is applied whole or not at all.
//! Nothing per item is kept in memory beyond the row ids of the excerpts
//! coded, which is what keeps an 840,000-span autocode small.

use super::codes::create_code_in;
use super::{Project, Tx};
use crate::error::{Diagnostic, Error, Result};
use crate::model::Span;
use crate::text::{Phrase, Unit};
use rusqlite::OptionalExtension;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// At most this many problems are listed; the rest are counted.
const MAX_PROBLEMS: usize = 100;

/// Document texts kept while a batch runs. Items usually arrive grouped by
/// document, but a shuffled batch should not reread a text per item; the
/// cache is dropped whole when it outgrows this, so memory stays bounded.
const TEXT_CACHE_BYTES: usize = 64 << 20;

/// Which part of a document one batch item codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchTarget {
    /// Exactly these bytes. Both offsets must lie on grapheme-cluster
    /// boundaries inside the text and the span must not be empty; anything
    /// else is an error (an importer must not have its spans moved silently).
    Span(Span),
    /// A selection: widened outward to grapheme boundaries and trimmed of
    /// surrounding whitespace (what the workbench and `--span` do).
    Selection(Span),
    /// Every case-insensitive match of a phrase, widened to `unit` (`None`:
    /// the matched text only). Heading lines are skipped unless `headings`.
    Match {
        phrase: String,
        unit: Option<Unit>,
        headings: bool,
    },
}

/// One item of a batch: code a target in a document with one or more codes.
#[derive(Debug, Clone)]
pub struct BatchCoding {
    /// Where the item came from in the caller's input (1-based line), for
    /// error messages; 0 if it has no line.
    pub line: usize,
    /// The document id; `None` (only with [`BatchTarget::Match`]) means
    /// every document, in natural order of ids.
    pub doc: Option<String>,
    pub target: BatchTarget,
    /// Code names; a name that does not exist yet is created.
    pub codes: Vec<String>,
    /// A memo to put on every excerpt the item codes (replacing its memo).
    pub memo: Option<String>,
    /// Record the coding as made by this coder (merge, QDPX import) instead
    /// of the project's current coder. Only that coder's excerpt at the same
    /// span is reused, so coders' excerpts stay apart.
    pub coder: Option<String>,
    /// Record this creation time (ISO 8601) instead of the change's time.
    pub created_at: Option<String>,
}

impl BatchCoding {
    /// An item coding `target` of `doc` with `codes`, as the current coder.
    pub fn new(doc: Option<String>, target: BatchTarget, codes: Vec<String>) -> Self {
        BatchCoding {
            line: 0,
            doc,
            target,
            codes,
            memo: None,
            coder: None,
            created_at: None,
        }
    }
}

/// What a batch did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct BatchOutcome {
    /// Items read.
    pub items: usize,
    /// Spans coded (a match item counts each of its matches).
    pub spans: usize,
    /// Excerpts created.
    pub excerpts_created: usize,
    /// Code links added to excerpts.
    pub codings_added: usize,
    /// Code links that existed already (nothing changed for them).
    pub already: usize,
    /// Memos written.
    pub memos: usize,
    /// Codes created because a name was new, in order of first use.
    pub codes_created: Vec<String>,
    /// Documents touched.
    pub documents: usize,
    /// The id of every excerpt coded, in order (repeats possible).
    pub excerpts: Vec<i64>,
    /// Lines of match items that found nothing.
    pub unmatched: Vec<usize>,
    /// The event recording the batch (`None` when nothing changed).
    pub event: Option<i64>,
}

impl Project {
    /// Apply a batch of codings as one transaction and one undo step; the
    /// shared path for `code apply --batch`, autocoding, QDPX import and
    /// merge. Items are streamed: each is validated against the text read
    /// inside the write transaction and applied. An item may also be a
    /// problem the caller's reader found (a line that did not parse); it is
    /// listed with the others. If there is any problem, nothing is applied
    /// and the error is [`Error::Invalid`] listing every problem (the first
    /// hundred) as `source:line: message`. The event is `code.batch`,
    /// summarised as "coded N span(s) (M new coding(s)) from SOURCE".
    ///
    /// Callers with nothing to report wrap their items: `items.map(Ok)`.
    pub fn apply_batch<I>(&mut self, source: &Path, items: I) -> Result<BatchOutcome>
    where
        I: IntoIterator<Item = std::result::Result<BatchCoding, Diagnostic>>,
    {
        let label = source.display().to_string();
        self.apply_batch_logged(source, items, "code.batch", |o| {
            format!(
                "coded {} span(s) ({} new coding(s)) from {label}",
                o.spans, o.codings_added
            )
        })
    }

    /// [`Project::apply_batch`] with the event's action and summary chosen by
    /// the caller (the summary is written once the outcome is known).
    pub fn apply_batch_logged<I>(
        &mut self,
        source: &Path,
        items: I,
        action: &str,
        summary: impl FnOnce(&BatchOutcome) -> String,
    ) -> Result<BatchOutcome>
    where
        I: IntoIterator<Item = std::result::Result<BatchCoding, Diagnostic>>,
    {
        let mut tx = self.begin()?;
        let mut run = Run::default();
        for item in items {
            run.out.items += 1;
            let item = match item {
                Ok(item) => item,
                Err(d) => {
                    run.push(d);
                    continue;
                }
            };
            // Items after a problem are still applied, so that every problem
            // is found in one run; the rollback discards their writes.
            if let Err(e) = run.item(&mut tx, &item) {
                // Database failures are not the input's fault: stop at once.
                if e.exit_code() != 1 {
                    return Err(e);
                }
                run.problem(source, item.line, e);
            }
        }
        if !run.problems.is_empty() {
            // Dropping `tx` rolls everything back.
            if run.more > 0 {
                run.problems.push(Diagnostic::new(
                    source,
                    0,
                    0,
                    format!("… and {} more problem(s)", run.more),
                ));
            }
            return Err(Error::Invalid(run.problems));
        }
        let mut out = run.out;
        out.documents = run.docs_touched.len();
        let line = summary(&out);
        out.event = tx.commit(action, &line)?;
        Ok(out)
    }
}

/// The state of one batch while it runs.
#[derive(Default)]
struct Run {
    out: BatchOutcome,
    problems: Vec<Diagnostic>,
    more: usize,
    /// Document id → (row id, text); see [`TEXT_CACHE_BYTES`].
    texts: HashMap<String, (i64, std::rc::Rc<str>)>,
    text_bytes: usize,
    /// Code name → row id, for codes seen in this batch.
    codes: HashMap<String, i64>,
    docs_touched: HashSet<i64>,
    /// Every document id in natural order (for match items without a doc).
    all_docs: Option<std::rc::Rc<[String]>>,
}

impl Run {
    fn problem(&mut self, source: &Path, line: usize, e: Error) {
        let mut message = e.to_string();
        if let Some(h) = e.hint_text() {
            message.push_str(&format!(" ({h})"));
        }
        self.push(Diagnostic::new(source, line, 0, message));
    }

    fn push(&mut self, d: Diagnostic) {
        if self.problems.len() >= MAX_PROBLEMS {
            self.more += 1;
        } else {
            self.problems.push(d);
        }
    }

    fn item(&mut self, tx: &mut Tx<'_>, item: &BatchCoding) -> Result<()> {
        if item.codes.is_empty() {
            return Err(Error::user("no codes given"));
        }
        for c in &item.codes {
            super::codes::valid_name(c)?;
        }
        // Codes are looked up (or created) at the first span coded, so a
        // phrase that matches nothing creates no code.
        let mut keys: Vec<i64> = Vec::new();
        match (&item.target, &item.doc) {
            (BatchTarget::Span(span), Some(doc)) => {
                let (key, text) = self.text(tx, doc)?;
                check_span(doc, &text, *span)?;
                self.code(tx, key, &text, *span, item, &mut keys)
            }
            (BatchTarget::Selection(span), Some(doc)) => {
                let (key, text) = self.text(tx, doc)?;
                if span.start > span.end || span.end > text.len() {
                    return Err(outside(doc, &text, *span));
                }
                let snapped = crate::text::snap_span(&text, *span).ok_or_else(|| {
                    Error::user(format!(
                        "span [{}, {}) of {doc} holds only whitespace",
                        span.start, span.end
                    ))
                })?;
                self.code(tx, key, &text, snapped, item, &mut keys)
            }
            (
                BatchTarget::Match {
                    phrase,
                    unit,
                    headings,
                },
                doc,
            ) => {
                let phrase = Phrase::new(phrase)
                    .ok_or_else(|| Error::user("the phrase to match is empty"))?;
                let docs: std::rc::Rc<[String]> = match doc {
                    Some(d) => vec![d.clone()].into(),
                    None => self.all_docs(tx)?,
                };
                let before = self.out.spans;
                for d in docs.iter() {
                    let (key, text) = self.text(tx, d)?;
                    for span in crate::autocode::spans_in(&text, &phrase, *unit, *headings) {
                        self.code(tx, key, &text, span, item, &mut keys)?;
                    }
                }
                if self.out.spans == before {
                    self.out.unmatched.push(item.line);
                }
                Ok(())
            }
            (_, None) => Err(Error::user("no document given (\"doc\")")),
        }
    }

    /// The row id of a code, created if the name is new. Names are compared
    /// without case (`text::name`), so the cache is by name key.
    fn code_key(&mut self, tx: &mut Tx<'_>, name: &str) -> Result<i64> {
        let name = super::codes::valid_name(name)?;
        let name_key = crate::text::name::key(&name);
        if let Some(&k) = self.codes.get(&name_key) {
            return Ok(k);
        }
        let key = match super::codes::find_name(tx.conn(), "codes", &name)? {
            Some((k, _)) => {
                super::codes::ensure_codable(tx.conn(), k)?;
                k
            }
            None => {
                let k = create_code_in(tx, &name, "", None, None)?;
                self.out.codes_created.push(name.clone());
                k
            }
        };
        self.codes.insert(name_key, key);
        Ok(key)
    }

    fn text(&mut self, tx: &Tx<'_>, doc: &str) -> Result<(i64, std::rc::Rc<str>)> {
        if let Some((k, t)) = self.texts.get(doc) {
            return Ok((*k, t.clone()));
        }
        // Document ids are compared without case (`p01` is `P01`).
        let (key, _) = super::codes::find_name(tx.conn(), "documents", doc)?
            .ok_or_else(|| super::not_found("document", doc, "thema docs"))?;
        let text: String = tx
            .conn()
            .prepare_cached(
                "SELECT t.text FROM documents d JOIN texts t ON t.id = d.text_id WHERE d.id = ?",
            )?
            .query_row([key], |r| r.get(0))?;
        if self.text_bytes + text.len() > TEXT_CACHE_BYTES {
            self.texts.clear();
            self.text_bytes = 0;
        }
        self.text_bytes += text.len();
        let text: std::rc::Rc<str> = text.into();
        self.texts.insert(doc.to_owned(), (key, text.clone()));
        Ok((key, text))
    }

    fn all_docs(&mut self, tx: &Tx<'_>) -> Result<std::rc::Rc<[String]>> {
        if self.all_docs.is_none() {
            let mut stmt = tx.conn().prepare_cached("SELECT name FROM documents")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            let mut names = rows.collect::<rusqlite::Result<Vec<_>>>()?;
            let rank = crate::text::natural_rank(names.iter().map(String::as_str));
            names.sort_by_cached_key(|n| rank[n.as_str()]);
            self.all_docs = Some(names.into());
        }
        Ok(self.all_docs.clone().unwrap_or_else(|| Vec::new().into()))
    }

    /// Code one checked span with the item's codes (and memo); `keys` holds
    /// the item's code row ids once the first span has looked them up.
    fn code(
        &mut self,
        tx: &mut Tx<'_>,
        doc_key: i64,
        text: &str,
        span: Span,
        item: &BatchCoding,
        keys: &mut Vec<i64>,
    ) -> Result<()> {
        if keys.is_empty() {
            for c in &item.codes {
                let k = self.code_key(tx, c)?;
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
        let settings = Item {
            keys,
            memo: item
                .memo
                .as_deref()
                .map(str::trim_end)
                .filter(|m| !m.is_empty()),
            coder: item.coder.as_deref(),
            created_at: item.created_at.as_deref(),
        };
        let written = code_span(tx, doc_key, text, span, &settings)?;
        self.out.spans += 1;
        self.out.excerpts_created += written.new_excerpt as usize;
        self.out.codings_added += written.added;
        self.out.already += keys.len() - written.added;
        self.out.memos += written.memo as usize;
        self.out.excerpts.push(written.excerpt);
        self.docs_touched.insert(doc_key);
        Ok(())
    }
}

/// The per-item settings every span of the item shares.
pub(crate) struct Item<'a> {
    pub keys: &'a [i64],
    pub memo: Option<&'a str>,
    pub coder: Option<&'a str>,
    pub created_at: Option<&'a str>,
}

/// What coding one span wrote.
pub(crate) struct Written {
    pub excerpt: i64,
    pub new_excerpt: bool,
    /// How many of the item's codes were newly linked.
    pub added: usize,
    pub memo: bool,
}

/// Code one span (already checked) of a document: reuse the excerpt at
/// exactly this span of this coder (the item's, else the change's) or create it, link
/// each code that is not linked yet, and set the memo.
pub(crate) fn code_span(
    tx: &mut Tx<'_>,
    doc_key: i64,
    text: &str,
    span: Span,
    item: &Item<'_>,
) -> Result<Written> {
    let (start, end) = (span.start as i64, span.end as i64);
    // Excerpts are per coder: a second coder marking a span another coder
    // already coded gets an excerpt of their own, so each coder's decisions
    // stay apart (agreement compares them, merge and undo keep them).
    let coder = item.coder.unwrap_or(tx.coder()).to_owned();
    let existing: Option<i64> = tx
        .conn()
        .prepare_cached(
            "SELECT id FROM excerpts WHERE document_id = ? AND start = ? AND end = ? AND orphan = 0 AND coder = ?",
        )?
        .query_row(rusqlite::params![doc_key, start, end, coder], |r| r.get(0))
        .optional()?;
    let now = item.created_at.unwrap_or(tx.now()).to_owned();
    let (excerpt, new_excerpt) = match existing {
        Some(id) => (id, false),
        None => {
            let id = tx.insert(
                "excerpts",
                &[
                    ("document_id", &doc_key),
                    ("start", &start),
                    ("end", &end),
                    ("text", &&text[span.start..span.end]),
                    ("coder", &coder),
                    ("created_at", &now),
                ],
            )?;
            (id, true)
        }
    };
    let mut added = 0;
    for &code in item.keys {
        let linked: Option<i64> = tx
            .conn()
            .prepare_cached("SELECT id FROM excerpt_codes WHERE excerpt_id = ? AND code_id = ?")?
            .query_row([excerpt, code], |r| r.get(0))
            .optional()?;
        if linked.is_none() {
            tx.insert(
                "excerpt_codes",
                &[
                    ("excerpt_id", &excerpt),
                    ("code_id", &code),
                    ("coder", &coder),
                    ("created_at", &now),
                ],
            )?;
            added += 1;
        }
    }
    let memo = match item.memo {
        Some(m) => super::memos::set_memo_in(tx, "excerpt", excerpt, m)?,
        None => false,
    };
    Ok(Written {
        excerpt,
        new_excerpt,
        added,
        memo,
    })
}

/// An exact span must be non-empty, inside the text and on grapheme
/// boundaries at both ends.
fn check_span(doc: &str, text: &str, span: Span) -> Result<()> {
    if span.start >= span.end {
        return Err(Error::user(format!(
            "span [{}, {}) is empty: start must be smaller than end",
            span.start, span.end
        )));
    }
    if span.end > text.len() {
        return Err(outside(doc, text, span));
    }
    for (what, o) in [("start", span.start), ("end", span.end)] {
        if !crate::text::is_grapheme_boundary(text, o) {
            return Err(Error::hint(
                format!("{what} {o} is not on a character boundary of {doc}"),
                format!(
                    "the nearest boundaries are {} and {}",
                    crate::text::floor_grapheme(text, o),
                    crate::text::ceil_grapheme(text, o)
                ),
            ));
        }
    }
    Ok(())
}

fn outside(doc: &str, text: &str, span: Span) -> Error {
    Error::hint(
        format!(
            "span [{}, {}) is outside {doc}, which has {} bytes",
            span.start,
            span.end,
            text.len()
        ),
        "offsets are byte offsets into the text that `thema show --json` prints",
    )
}
