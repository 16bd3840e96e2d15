//! Autocoding: find every occurrence of a phrase in a set of documents and
//! widen each to the unit the analyst codes in (word, sentence, paragraph).
//!
//! Shared by `thema code apply --match`, the demo and the benchmarks, so the
//! numbers the benchmark reports are those of the command people run.

use crate::error::{Error, Result};
use crate::model::Span;
use crate::store::Project;
use crate::text::{Phrase, Unit, UnitFinder};

/// The spans to code: each match of `phrase`, widened to `unit` (`None` =
/// just the matched text), deduplicated, in document order. Matches on
/// Markdown heading lines are skipped: a heading such as `## Corona` names the
/// interviewer's topic, not something the participant said.
pub fn find_spans(
    project: &Project,
    docs: Option<&[String]>,
    phrase: &str,
    unit: Option<Unit>,
) -> Result<Vec<(String, Span)>> {
    find_spans_with(project, docs, phrase, unit, false)
}

/// [`find_spans`], optionally keeping matches on heading lines.
pub fn find_spans_with(
    project: &Project,
    docs: Option<&[String]>,
    phrase: &str,
    unit: Option<Unit>,
    headings: bool,
) -> Result<Vec<(String, Span)>> {
    Ok(find_in_documents(project, docs, phrase, unit, headings)?
        .into_iter()
        .flat_map(|d| d.spans.into_iter().map(move |s| (d.doc.clone(), s)))
        .collect())
}

/// The spans found in one document, with its text.
#[derive(Debug, Clone)]
pub struct DocumentHits {
    pub doc: String,
    pub text: String,
    pub spans: Vec<Span>,
}

/// [`find_spans_with`] by document, keeping the text of each document with
/// a hit (the workbench's hit list shows them in context). Documents
/// without a hit are left out.
pub fn find_in_documents(
    project: &Project,
    docs: Option<&[String]>,
    phrase: &str,
    unit: Option<Unit>,
    headings: bool,
) -> Result<Vec<DocumentHits>> {
    let phrase = Phrase::new(phrase).ok_or_else(|| Error::user("the phrase to match is empty"))?;
    let texts = match docs {
        Some(ids) => ids
            .iter()
            .map(|id| Ok((id.clone(), project.document(id)?.text)))
            .collect::<Result<Vec<_>>>()?,
        None => project.document_texts()?,
    };
    let mut out = Vec::new();
    for (doc, text) in texts {
        let spans = spans_in(&text, &phrase, unit, headings);
        if !spans.is_empty() {
            out.push(DocumentHits { doc, text, spans });
        }
    }
    Ok(out)
}

/// The spans to code in one text: each match of `phrase` not on a heading
/// line (unless `headings`), widened to `unit`, deduplicated, in order. The
/// store's batch path calls this per document, so matches stream into the
/// transaction instead of being collected for the whole corpus.
pub fn spans_in(text: &str, phrase: &Phrase, unit: Option<Unit>, headings: bool) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    // One finder per text keeps the whole pass linear in the text: a
    // write-up without blank lines is one paragraph, which was re-read per
    // match before (900 KB ran for minutes).
    let mut finder = UnitFinder::new(text, unit.unwrap_or(Unit::Paragraph));
    for m in phrase.find_all(text) {
        if !headings && finder.is_heading_at(m.start) {
            continue;
        }
        let w = match unit {
            Some(_) => widen_with(&mut finder, m),
            None => Some(m),
        };
        let Some(w) = w else {
            continue;
        };
        // Matches arrive in order, so duplicates (two hits in one
        // sentence) are always adjacent.
        if out.last() != Some(&w) {
            out.push(w);
        }
    }
    out
}

/// Widen a span to cover the units at both of its ends.
pub fn widen(text: &str, span: Span, unit: Option<Unit>) -> Option<Span> {
    let Some(u) = unit else { return Some(span) };
    widen_with(&mut UnitFinder::new(text, u), span)
}

/// [`widen`] with a finder reused across the spans of one text.
fn widen_with(finder: &mut UnitFinder, span: Span) -> Option<Span> {
    let a = finder.unit_at(span.start);
    let b = finder.unit_at(span.end.saturating_sub(1).max(span.start));
    match (a, b) {
        (Some(a), Some(b)) => Some(a.cover(&b)),
        (a, b) => a.or(b),
    }
}
