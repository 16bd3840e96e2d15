//! Comparing coders over the text: turns an [`AgreementData`] snapshot into
//! presence patterns per code and theme (for the statistics in
//! [`super::agreement`]) and into the list of spans where coders differ.
//!
//! Units: `char` (Unicode scalar values of the stored text), `sentence`,
//! `paragraph` (the same segmentation `code apply --unit` uses) and
//! `document`. A char is present for a coder when one of the coder's excerpts
//! with the code covers it; a larger unit when such an excerpt overlaps it by
//! at least one character. Char units are never visited one by one: each
//! document's excerpt boundaries are swept once, and every stretch between two
//! boundaries adds its length to the pattern of coders covering it, so the
//! work grows with the number of excerpts, not with the length of the text.
//! A theme is present wherever any of its codes, or its subthemes' codes, is.

use super::Kind;
use super::agreement::Patterns;
use crate::error::{Error, Result};
use crate::model::Span;
use crate::store::{AgreementData, AgreementDoc};
use crate::text::name::key;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What one unit of comparison is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum AgreementUnit {
    Char,
    #[default]
    Sentence,
    Paragraph,
    Document,
}

/// Which rows to compute.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Target {
    /// Every code, then every theme.
    #[default]
    All,
    Code(String),
    Theme(String),
}

#[derive(Debug, Clone, Default)]
pub struct AgreementOptions {
    /// Coders to compare, in this order; empty: every coder in the project.
    pub coders: Vec<String>,
    pub target: Target,
    pub unit: AgreementUnit,
    /// Documents to compare; empty: those every compared coder has coded.
    pub docs: Vec<String>,
    /// The attribute that labels a document's case in the disagreement list.
    pub by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgreementReport {
    pub unit: AgreementUnit,
    pub coders: Vec<String>,
    pub documents: Vec<String>,
    pub rows: Vec<AgreementRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgreementRow {
    pub name: String,
    pub kind: Kind,
    pub units: u64,
    /// Share of units on which all coders agree.
    pub agreement: Option<f64>,
    /// Krippendorff's α, nominal, binary presence, all coders.
    pub alpha: Option<f64>,
    pub pairs: Vec<PairRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PairRow {
    pub coders: [String; 2],
    pub agreement: Option<f64>,
    pub kappa: Option<f64>,
}

/// Every span where the compared coders differ.
#[derive(Debug, Clone, Serialize)]
pub struct DisagreementList {
    pub unit: AgreementUnit,
    pub coders: Vec<String>,
    pub documents: Vec<String>,
    pub disagreements: Vec<Disagreement>,
}

/// One span (a unit, or for `char` a stretch of text) of one document with
/// the codes the coders applied differently there.
#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    pub doc: String,
    /// The case label (the `--by` attribute, default `unit`), nothing else.
    pub case: Option<String>,
    /// Byte offsets into the stored text, as in `excerpts --json`.
    pub start: usize,
    pub end: usize,
    /// The text of the span; `null` for whole documents.
    pub text: Option<String>,
    pub codes: Vec<Split>,
}

/// How the coders split on one code (or theme) at a span.
#[derive(Debug, Clone, Serialize)]
pub struct Split {
    pub name: String,
    pub kind: Kind,
    /// The coders who applied it.
    pub coders: Vec<String>,
    /// The coders who did not.
    pub without: Vec<String>,
}

struct RowDef {
    name: String,
    kind: Kind,
    codes: Vec<i64>,
}

/// The coders, documents and rows a comparison covers, and each compared
/// document's codings as (code key, coder index, span).
struct Plan<'a> {
    coders: Vec<String>,
    docs: Vec<&'a AgreementDoc>,
    rows: Vec<RowDef>,
    codings: HashMap<i64, Vec<(i64, usize, Span)>>,
}

/// Agreement per code and theme (see the module docs).
pub fn agreement(data: &AgreementData, opts: &AgreementOptions) -> Result<AgreementReport> {
    let plan = plan(data, opts)?;
    let m = plan.coders.len();
    let mut patterns: Vec<Patterns> = (0..plan.rows.len()).map(|_| Patterns::new(m)).collect();
    sweep(&plan, opts.unit, |row, _, _, marked, units| {
        let mut covered = 0;
        for (_, mask, n) in marked {
            patterns[row].add(*mask, *n);
            covered += n;
        }
        patterns[row].add_unmarked(units - covered);
    });
    let rows = plan
        .rows
        .iter()
        .zip(&patterns)
        .map(|(def, p)| {
            let mut pairs = Vec::new();
            for a in 0..m {
                for b in a + 1..m {
                    let t = p.pair(a, b);
                    pairs.push(PairRow {
                        coders: [plan.coders[a].clone(), plan.coders[b].clone()],
                        agreement: t.agreement(),
                        kappa: t.kappa(),
                    });
                }
            }
            AgreementRow {
                name: def.name.clone(),
                kind: def.kind,
                units: p.units(),
                agreement: p.agreement(),
                alpha: p.alpha(),
                pairs,
            }
        })
        .collect();
    Ok(AgreementReport {
        unit: opts.unit,
        documents: plan.docs.iter().map(|d| d.name.clone()).collect(),
        coders: plan.coders,
        rows,
    })
}

/// The spans where coders differ, by document and position.
pub fn disagreements(data: &AgreementData, opts: &AgreementOptions) -> Result<DisagreementList> {
    let plan = plan(data, opts)?;
    let full = if plan.coders.len() == 64 {
        u64::MAX
    } else {
        (1u64 << plan.coders.len()) - 1
    };
    // (doc index, span) → (row, mask), gathered in document order.
    let mut found: BTreeMap<(usize, Span), Vec<(usize, u64)>> = BTreeMap::new();
    sweep(&plan, opts.unit, |row, d, _, marked, _| {
        for (span, mask, _) in marked {
            if *mask != full {
                found.entry((d, *span)).or_default().push((row, *mask));
            }
        }
    });
    let names = |mask: u64, present: bool| -> Vec<String> {
        let coders = plan.coders.iter().enumerate();
        coders
            .filter(|(i, _)| (mask >> i & 1 == 1) == present)
            .map(|(_, c)| c.clone())
            .collect()
    };
    let disagreements = found
        .into_iter()
        .map(|((d, span), mut rows)| {
            rows.sort_unstable();
            let doc = plan.docs[d];
            Disagreement {
                doc: doc.name.clone(),
                case: doc.attributes.get(&opts.by).cloned(),
                start: span.start,
                end: span.end,
                text: (opts.unit != AgreementUnit::Document)
                    .then(|| doc.text[span.start..span.end].to_owned()),
                codes: rows
                    .into_iter()
                    .map(|(row, mask)| Split {
                        name: plan.rows[row].name.clone(),
                        kind: plan.rows[row].kind,
                        coders: names(mask, true),
                        without: names(mask, false),
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(DisagreementList {
        unit: opts.unit,
        documents: plan.docs.iter().map(|d| d.name.clone()).collect(),
        coders: plan.coders,
        disagreements,
    })
}

fn plan<'a>(data: &'a AgreementData, opts: &AgreementOptions) -> Result<Plan<'a>> {
    let mut known: Vec<&str> = data.codings.iter().map(|c| c.coder.as_str()).collect();
    known.sort_unstable();
    known.dedup();
    known.sort_by(|a, b| crate::text::natural_cmp(a, b));
    let coders: Vec<String> = if opts.coders.is_empty() {
        known.iter().map(|c| (*c).to_owned()).collect()
    } else {
        let mut out: Vec<String> = Vec::new();
        for c in &opts.coders {
            let c = c.trim();
            if !known.contains(&c) {
                return Err(Error::hint(
                    format!("no coder named \"{c}\" has coded in this project"),
                    format!("coders with codings: {}", list_or_none(&known)),
                ));
            }
            if !out.iter().any(|o| o == c) {
                out.push(c.to_owned());
            }
        }
        out
    };
    if coders.len() < 2 {
        return Err(Error::hint(
            format!(
                "agreement needs at least two coders; codings in this project are by: {}",
                list_or_none(&known)
            ),
            "bring in another coder's project with `thema merge FILE`, or name two coders with --coders A,B",
        ));
    }
    if coders.len() > 64 {
        return Err(Error::user("agreement compares at most 64 coders at once"));
    }
    let index: HashMap<&str, usize> = coders
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();

    // Each document's codings by the compared coders (empty spans cover nothing).
    let mut codings: HashMap<i64, Vec<(i64, usize, Span)>> = HashMap::new();
    for c in &data.codings {
        if let Some(&i) = index.get(c.coder.as_str())
            && c.start < c.end
        {
            let span = Span::new(c.start, c.end);
            codings.entry(c.doc).or_default().push((c.code, i, span));
        }
    }

    let docs: Vec<&AgreementDoc> = if opts.docs.is_empty() {
        let all = (1u128 << coders.len()) - 1;
        let coded: Vec<&AgreementDoc> = data
            .docs
            .iter()
            .filter(|d| {
                let seen = codings.get(&d.key).into_iter().flatten();
                seen.fold(0u128, |m, (_, i, _)| m | 1 << i) == all
            })
            .collect();
        if coded.is_empty() {
            return Err(Error::hint(
                format!(
                    "no document has been coded by every one of {}",
                    coders.join(", ")
                ),
                "pass --docs ID… to compare documents anyway",
            ));
        }
        coded
    } else {
        // Ids are matched as everywhere else: NFC, without case.
        let wanted: HashSet<String> = opts.docs.iter().map(|w| key(w)).collect();
        let have: HashSet<String> = data.docs.iter().map(|d| key(&d.name)).collect();
        if let Some(w) = opts.docs.iter().find(|w| !have.contains(&key(w))) {
            return Err(crate::store::not_found("document", w, "thema docs"));
        }
        data.docs
            .iter()
            .filter(|d| wanted.contains(&key(&d.name)))
            .collect()
    };
    let compared: HashSet<i64> = docs.iter().map(|d| d.key).collect();
    codings.retain(|k, _| compared.contains(k));

    let code_key: HashMap<&str, i64> = data
        .codes
        .iter()
        .map(|c| (c.name.as_str(), c.key))
        .collect();
    let code_row = |c: &crate::model::Code| RowDef {
        name: c.name.clone(),
        kind: Kind::Code,
        codes: vec![c.key],
    };
    let theme_row = |t: &crate::model::Theme| {
        // The theme and every theme below it.
        let mut family = vec![t.name.as_str()];
        let mut i = 0;
        while i < family.len() {
            for s in &data.themes {
                if s.parent.as_deref() == Some(family[i]) && !family.contains(&s.name.as_str()) {
                    family.push(&s.name);
                }
            }
            i += 1;
        }
        let mut codes: Vec<i64> = data
            .themes
            .iter()
            .filter(|s| family.contains(&s.name.as_str()))
            .flat_map(|s| s.codes.iter())
            .filter_map(|n| code_key.get(n.as_str()).copied())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        RowDef {
            name: t.name.clone(),
            kind: Kind::Theme,
            codes,
        }
    };
    let rows: Vec<RowDef> = match &opts.target {
        Target::All => data
            .codes
            .iter()
            .map(code_row)
            .chain(data.themes.iter().map(theme_row))
            .collect(),
        Target::Code(name) => {
            let c = data.codes.iter().find(|c| key(&c.name) == key(name));
            vec![code_row(c.ok_or_else(|| {
                crate::store::not_found("code", name, "thema codes")
            })?)]
        }
        Target::Theme(name) => {
            let t = data.themes.iter().find(|t| key(&t.name) == key(name));
            vec![theme_row(t.ok_or_else(|| {
                crate::store::not_found("theme", name, "thema theme list")
            })?)]
        }
    };
    Ok(Plan {
        coders,
        docs,
        rows,
        codings,
    })
}

fn list_or_none(names: &[&str]) -> String {
    if names.is_empty() {
        "(none)".to_owned()
    } else {
        names.join(", ")
    }
}

/// One marked unit or stretch: its byte span, presence pattern and how many
/// units it counts for (its length in chars for `char`, else 1).
type Marked = (Span, u64, u64);

/// Visit every (row, document): `visit(row, doc index, doc, marked, units)`
/// gets the marked units in order and the document's total number of units.
fn sweep(
    plan: &Plan<'_>,
    unit: AgreementUnit,
    mut visit: impl FnMut(usize, usize, &AgreementDoc, &[Marked], u64),
) {
    let mut row_of_code: HashMap<i64, Vec<usize>> = HashMap::new();
    for (r, def) in plan.rows.iter().enumerate() {
        for c in &def.codes {
            row_of_code.entry(*c).or_default().push(r);
        }
    }
    let no_codings = Vec::new();
    let mut per_row: Vec<Vec<(usize, Span)>> = vec![Vec::new(); plan.rows.len()];
    let mut marked: Vec<Marked> = Vec::new();
    let segmented = segment(&plan.docs, unit);
    for (d, doc) in plan.docs.iter().enumerate() {
        let text = doc.text.as_str();
        let spans = &segmented[d];
        let units = match unit {
            AgreementUnit::Char => text.chars().count() as u64,
            AgreementUnit::Document => 1,
            _ => spans.len() as u64,
        };
        per_row.iter_mut().for_each(Vec::clear);
        for (code, coder, span) in plan.codings.get(&doc.key).unwrap_or(&no_codings) {
            for &r in row_of_code.get(code).into_iter().flatten() {
                per_row[r].push((*coder, *span));
            }
        }
        for (r, intervals) in per_row.iter_mut().enumerate() {
            marked.clear();
            if !intervals.is_empty() {
                match unit {
                    AgreementUnit::Char => mark_chars(text, intervals, &mut marked),
                    AgreementUnit::Document => {
                        let mask = intervals.iter().fold(0, |m, (c, _)| m | 1 << c);
                        marked.push((Span::new(0, text.len()), mask, 1));
                    }
                    _ => mark_units(spans, intervals, &mut marked),
                }
            }
            visit(r, d, doc, &marked, units);
        }
    }
}

/// Each document's sentence or paragraph spans (empty for char and document
/// units). Sentence segmentation is the costliest step of a comparison, so
/// documents are split over the available cores.
fn segment(docs: &[&AgreementDoc], unit: AgreementUnit) -> Vec<Vec<Span>> {
    let kind = match unit {
        AgreementUnit::Sentence => crate::text::Unit::Sentence,
        AgreementUnit::Paragraph => crate::text::Unit::Paragraph,
        AgreementUnit::Char | AgreementUnit::Document => return vec![Vec::new(); docs.len()],
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = docs.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = docs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|d| crate::text::units(&d.text, kind))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("segmenting thread panicked"))
            .collect()
    })
}

/// Sweep the coders' intervals over the text: each maximal stretch covered by
/// the same set of coders becomes one entry, counted in chars.
fn mark_chars(text: &str, intervals: &[(usize, Span)], out: &mut Vec<Marked>) {
    let mut events: Vec<(usize, bool, usize)> = Vec::with_capacity(intervals.len() * 2);
    for (c, s) in intervals {
        events.push((s.start, true, *c));
        events.push((s.end, false, *c));
    }
    events.sort_unstable();
    let mut depth = [0u32; 64];
    let mut mask = 0u64;
    let mut prev = 0usize;
    let ascii = text.is_ascii();
    for (pos, opens, coder) in events {
        if pos > prev && mask != 0 {
            let n = if ascii {
                (pos - prev) as u64
            } else {
                text[prev..pos].chars().count() as u64
            };
            match out.last_mut() {
                Some((span, m, len)) if *m == mask && span.end == prev => {
                    span.end = pos;
                    *len += n;
                }
                _ => out.push((Span::new(prev, pos), mask, n)),
            }
        }
        prev = pos;
        if opens {
            depth[coder] += 1;
            mask |= 1 << coder;
        } else {
            depth[coder] -= 1;
            if depth[coder] == 0 {
                mask &= !(1 << coder);
            }
        }
    }
}

/// Mark each unit that one of the intervals overlaps by at least one byte
/// (offsets lie on character boundaries, so that is at least one character).
/// The (unit, coder) hits are sorted and folded into one mask per unit: a
/// sorted sweep, no map per unit.
fn mark_units(units: &[Span], intervals: &[(usize, Span)], out: &mut Vec<Marked>) {
    let mut hits: Vec<(usize, usize)> = Vec::with_capacity(intervals.len());
    for (c, s) in intervals {
        let mut i = units.partition_point(|u| u.end <= s.start);
        while i < units.len() && units[i].start < s.end {
            hits.push((i, *c));
            i += 1;
        }
    }
    hits.sort_unstable();
    for (i, c) in hits {
        match out.last_mut() {
            Some((span, mask, _)) if *span == units[i] => *mask |= 1 << c,
            _ => out.push((units[i], 1 << c, 1)),
        }
    }
}
