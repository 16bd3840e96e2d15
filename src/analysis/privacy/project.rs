//! The privacy check over a project: every passage of the text reports would
//! publish (each excerpt, or its display version) that may identify someone.
//!
//! Excerpts overlap (runs of sentences, several coders), so scanning each
//! excerpt on its own read the same sentences many times. Instead each
//! document's text is read once and only the stretches covered by published
//! excerpts are scanned, each once; a finding belongs to every excerpt that
//! contains it. The rules thus see each passage in its sentence (a name at
//! the start of an excerpt cut from mid-sentence is still inside a sentence;
//! "van twaalf" before "uur" is still not an age). An excerpt whose edge
//! cuts through a finding is also scanned on its own, so the part it does
//! publish is judged as published. Display versions (trimmed with […]) are
//! scanned as they are. Capitalized words count as names only when they occur
//! in the published text of one document: words in several documents are
//! institutions or nationalities, not a person in one case.

use super::{Capital, Finding, Lists, capitals, name_candidate, one_per_passage, pattern_findings};
use crate::analysis::Grouping;
use crate::error::Result;
use crate::store::{CodingData, ExcerptRow, Project};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// A finding in an excerpt of the project.
#[derive(Debug, Clone, Serialize)]
pub struct ExcerptFinding {
    /// Stable across runs: the excerpt id and a hash of rule and words
    /// (`thema check --accept ID`, `--redact ID`).
    pub id: String,
    pub excerpt: i64,
    pub doc: String,
    pub group: String,
    pub rule: &'static str,
    pub words: String,
    /// Accepted earlier (`thema check --accept`).
    pub reviewed: bool,
    /// Byte range in the published text (the display version where the
    /// excerpt has one, else the excerpt).
    #[serde(skip)]
    pub start: usize,
    #[serde(skip)]
    pub end: usize,
}

/// The id of a finding: `EXCERPT-HHHH`, the excerpt and four hex digits of
/// an FNV-1a hash of rule and words. It depends only on what the review of a
/// finding is keyed by, so it stays the same across runs and edits elsewhere.
pub fn finding_id(excerpt: i64, rule: &str, words: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in rule.bytes().chain([0]).chain(words.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{excerpt}-{:04x}", (h ^ (h >> 32)) as u16)
}

/// What phase one learned about one published text: its pattern findings
/// and name candidates, positions in the document (or display) text.
#[derive(Default)]
struct Scanned {
    findings: Vec<Finding>,
    /// (start, word) of capitalized words inside a sentence.
    names: Vec<(usize, String)>,
}

/// Capitalized words per document they occur in: the first document and
/// whether a second one has them too.
#[derive(Default)]
struct Seen(HashMap<String, (i64, bool)>);

impl Seen {
    fn add(&mut self, word: &str, doc: i64) {
        match self.0.get_mut(word) {
            Some((first, many)) => *many |= *first != doc,
            None => {
                self.0.insert(word.to_owned(), (doc, false));
            }
        }
    }
    fn common(&self, word: &str) -> bool {
        self.0.get(word).is_some_and(|&(_, many)| many)
    }
}

/// Scan `text` (at `offset` in its document): patterns, and capitalized words
/// for the name rule, whose verdict waits until every document is seen.
fn scan_part(
    text: &str,
    offset: usize,
    doc: i64,
    lists: &Lists,
    seen: &mut Seen,
    into: &mut Scanned,
) {
    let from = into.findings.len();
    pattern_findings(text, lists, &mut into.findings);
    for f in &mut into.findings[from..] {
        f.start += offset;
        f.end += offset;
    }
    capitals(text, |c: Capital<'_>| {
        seen.add(c.word, doc);
        if name_candidate(&c, lists) {
            into.names.push((offset + c.start, c.word.to_owned()));
        }
    });
}

/// Phase two: names that are not common become findings; one per passage.
fn resolve(s: Scanned, seen: &Seen) -> Vec<Finding> {
    let mut out = s.findings;
    out.extend(
        s.names
            .into_iter()
            .filter(|(_, w)| !seen.common(w))
            .map(|(start, words)| Finding {
                rule: "name",
                end: start + words.len(),
                words,
                start,
            }),
    );
    one_per_passage(out)
}

/// Merge the sorted excerpt ranges of a document into the stretches of text
/// they cover (touching ranges join, so a word is never cut between two).
fn stretches(ranges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &(s, e) in ranges {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// The open intervals (start, end) strictly inside findings, merged: a
/// position `p` is inside a finding when `start < p < end` for one of them.
fn interiors(findings: &[Finding]) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = findings.iter().map(|f| (f.start, f.end)).collect();
    spans.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// One excerpt's part of its document's findings: those inside `s..e`
/// (positions made relative to the excerpt), and whether a finding is cut by
/// an edge. `all` is sorted and without overlaps, so ends are sorted too.
fn inside(all: &[Finding], s: usize, e: usize) -> (Vec<Finding>, bool) {
    let i = all.partition_point(|f| f.start < s);
    let mut cut = i > 0 && all[i - 1].end > s;
    let mut out = Vec::new();
    for f in &all[i..] {
        if f.start >= e {
            break;
        }
        if f.end > e {
            cut = true;
            break;
        }
        out.push(Finding {
            start: f.start - s,
            end: f.end - s,
            ..f.clone()
        });
    }
    (out, cut)
}

/// Check the text each excerpt would be published with in a report (its
/// display version when it has one): every non-orphaned, non-excluded
/// excerpt, or only those in `only`.
pub fn check_project(
    project: &Project,
    data: &CodingData,
    by: &str,
    only: Option<&HashSet<i64>>,
) -> Result<Vec<ExcerptFinding>> {
    check(project, data, by, only, project.quote_marks()?)
}

/// Check what a QDPX export publishes: the whole text of every non-orphaned
/// excerpt (or those in `only`), excluded ones too; display versions are a
/// report's, not the export's.
pub fn check_export(
    project: &Project,
    data: &CodingData,
    by: &str,
    only: Option<&HashSet<i64>>,
) -> Result<Vec<ExcerptFinding>> {
    check(project, data, by, only, HashMap::new())
}

fn check(
    project: &Project,
    data: &CodingData,
    by: &str,
    only: Option<&HashSet<i64>>,
    marks: HashMap<i64, crate::store::QuoteMark>,
) -> Result<Vec<ExcerptFinding>> {
    let (allow, deny) = project.check_lists()?;
    let lists = Lists::new(&allow, &deny);
    let reviewed = project.reviewed_findings()?;
    let grouping = Grouping::new(data, by);
    let chosen = data
        .excerpts
        .iter()
        .filter(|e| !e.orphan && !marks.get(&e.id).is_some_and(|m| m.excluded))
        .filter(|e| only.is_none_or(|o| o.contains(&e.id)));
    // Display versions are published as they are; every other excerpt
    // through its document's text.
    let mut displayed: Vec<(&ExcerptRow, &str)> = Vec::new();
    let mut by_doc: HashMap<i64, Vec<&ExcerptRow>> = HashMap::new();
    for e in chosen {
        match marks.get(&e.id).and_then(|m| m.display.as_deref()) {
            Some(d) => displayed.push((e, d)),
            None => by_doc.entry(e.doc).or_default().push(e),
        }
    }
    let mut seen = Seen::default();
    let mut shown: Vec<(&ExcerptRow, Scanned)> = Vec::with_capacity(displayed.len());
    for (e, text) in &displayed {
        let mut s = Scanned::default();
        scan_part(text, 0, e.doc, &lists, &mut seen, &mut s);
        shown.push((e, s));
    }
    // Phase one, document by document: each covered stretch scanned once.
    let mut docs: Vec<(i64, Scanned)> = Vec::with_capacity(by_doc.len());
    // Excerpts an edge of which cuts a finding: their own text, for a scan
    // of what they publish (rare; kept until names are known).
    let mut cut_texts: HashMap<i64, String> = HashMap::new();
    let mut doc_texts_needed: Vec<i64> = by_doc.keys().copied().collect();
    doc_texts_needed.sort_unstable();
    project.for_each_document_text(&doc_texts_needed, |key, text| {
        let excerpts = by_doc.get_mut(&key).expect("asked for");
        excerpts.sort_by_key(|e| (e.start, e.end));
        let ranges: Vec<(usize, usize)> = excerpts
            .iter()
            .map(|e| (e.start.min(text.len()), e.end.min(text.len())))
            .collect();
        let mut s = Scanned::default();
        for (a, b) in stretches(&ranges) {
            if let Some(part) = text.get(a..b) {
                scan_part(part, a, key, &lists, &mut seen, &mut s);
            }
        }
        // Excerpts whose edge falls strictly inside a pattern finding keep
        // their text for a scan of their own (names are single words, and
        // excerpts end at word bounds).
        let inner = interiors(&s.findings);
        let is_cut = |p: usize| {
            let i = inner.partition_point(|&(a, _)| a < p);
            i > 0 && p < inner[i - 1].1
        };
        for e in excerpts.iter() {
            if (is_cut(e.start) || is_cut(e.end))
                && let Some(t) = text.get(e.start..e.end)
            {
                cut_texts.insert(e.id, t.to_owned());
            }
        }
        docs.push((key, s));
        Ok(())
    })?;
    // Phase two: names known, findings attributed to excerpts.
    let doc_name: HashMap<i64, &str> = data.docs.iter().map(|d| (d.key, d.name.as_str())).collect();
    let group_of = |doc: i64| {
        grouping
            .doc_group
            .get(&doc)
            .map(|&g| grouping.groups[g].clone())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    let mut push = |e: &ExcerptRow, fs: Vec<Finding>| {
        for f in fs {
            out.push(ExcerptFinding {
                id: finding_id(e.id, f.rule, &f.words),
                excerpt: e.id,
                doc: doc_name.get(&e.doc).copied().unwrap_or_default().to_owned(),
                group: group_of(e.doc),
                reviewed: reviewed.contains(&(e.id, f.rule.to_owned(), f.words.clone())),
                rule: f.rule,
                words: f.words,
                start: f.start,
                end: f.end,
            });
        }
    };
    let common = |w: &str| seen.common(w);
    for (e, s) in shown {
        push(e, resolve(s, &seen));
    }
    for (key, s) in docs {
        let all = resolve(s, &seen);
        for e in &by_doc[&key] {
            let (mut mine, cut) = inside(&all, e.start, e.end);
            if cut && let Some(t) = cut_texts.get(&e.id) {
                mine.extend(super::scan_with(t, &lists, &common));
                mine.sort_by_key(|f| (f.start, f.end, f.rule));
                mine.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.rule == b.rule);
                mine = one_per_passage(mine);
            }
            push(e, mine);
        }
    }
    out.sort_by(|a, b| {
        crate::text::natural_cmp(&a.doc, &b.doc)
            .then(a.excerpt.cmp(&b.excerpt))
            .then(a.start.cmp(&b.start))
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;
    use crate::store::NewDocument;

    const TEXT: &str = "Intro over de zaak. De vriend heette volgens haar Kevin en werkte thuis. Haar zus van negentien jaar oud belde in het najaar van 2019.";

    fn project() -> Project {
        let mut p = Project::in_memory().unwrap();
        let doc = |id: &str, text: &str| NewDocument {
            id: id.into(),
            text: text.into(),
            sha256: crate::text::sha256_hex(text),
            attributes: [("unit".to_owned(), format!("Eenheid {id}"))]
                .into_iter()
                .collect(),
            source: None,
        };
        p.import(
            vec![doc("D1", TEXT), doc("D2", "Niets te melden hier.")],
            false,
        )
        .unwrap();
        p
    }

    fn span(from: &str, to: &str) -> (String, Span) {
        let s = TEXT.find(from).unwrap();
        let e = TEXT.find(to).unwrap() + to.len();
        ("D1".into(), Span::new(s, e))
    }

    /// (excerpt text, rule, words) of every finding.
    fn findings(p: &Project) -> Vec<(String, &'static str, String)> {
        let data = p.coding_data().unwrap();
        let texts: HashMap<i64, (usize, usize)> = data
            .excerpts
            .iter()
            .map(|e| (e.id, (e.start, e.end)))
            .collect();
        let mut out: Vec<_> = check_project(p, &data, "unit", None)
            .unwrap()
            .into_iter()
            .map(|f| {
                let (s, e) = texts[&f.excerpt];
                (TEXT[s..e].to_owned(), f.rule, f.words)
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn overlapping_excerpts_are_judged_in_their_sentences() {
        let mut p = project();
        // Sentence 2 whole, and its tail from the name on (cut mid-sentence);
        // sentence 3 whole, its head cut inside the age, and both sentences
        // as one run: five overlapping excerpts over one stretch of text.
        p.apply_code_spans(
            "C",
            &[
                span("De vriend", "thuis."),
                span("Kevin", "thuis."),
                span("Haar zus", "2019."),
                span("Haar zus", "negentien"),
                span("De vriend", "2019."),
            ],
        )
        .unwrap();
        let s2 = "De vriend heette volgens haar Kevin en werkte thuis.";
        let tail = "Kevin en werkte thuis.";
        let s3 = "Haar zus van negentien jaar oud belde in het najaar van 2019.";
        let head = "Haar zus van negentien";
        let both = &TEXT[TEXT.find("De vriend").unwrap()..];
        let f = |t: &str, r: &'static str, w: &str| (t.to_owned(), r, w.to_owned());
        let mut want = vec![
            f(s2, "name", "Kevin"),
            // Scanned alone, the tail would start a sentence with "Kevin";
            // in its sentence it is a name, and the tail publishes it.
            f(tail, "name", "Kevin"),
            f(s3, "age", "van negentien jaar oud"),
            f(s3, "date", "najaar van 2019"),
            // The edge cuts the age: what the excerpt publishes is judged.
            f(head, "age", "van negentien"),
            f(both, "name", "Kevin"),
            f(both, "age", "van negentien jaar oud"),
            f(both, "date", "najaar van 2019"),
        ];
        want.sort();
        assert_eq!(findings(&p), want);
    }

    #[test]
    fn ids_depend_on_excerpt_rule_and_words_only() {
        assert_eq!(
            finding_id(12, "age", "van negentien"),
            finding_id(12, "age", "van negentien")
        );
        assert_ne!(
            finding_id(12, "age", "van negentien"),
            finding_id(12, "age", "van twintig")
        );
        assert_ne!(
            finding_id(12, "age", "van negentien"),
            finding_id(13, "age", "van negentien")
        );
        assert!(finding_id(12, "age", "x").starts_with("12-"));
        assert_eq!(finding_id(12, "age", "x").len(), "12-".len() + 4);
    }
}
