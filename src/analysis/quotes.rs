//! Quote collections: a theme's (or code's) excerpts grouped by the grouping
//! attribute, attributed only by group (design invariant 6). The document id
//! and paragraph appear only with `cite_doc`; other attributes only when asked
//! for by name (`show`).

use super::frequencies::Kind;
use super::{Grouping, Membership};
use crate::error::{Error, Result};
use crate::store::{CodingData, Project};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Which sections to collect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every theme, in the analyst's order.
    AllThemes,
    Theme(String),
    Code(String),
}

#[derive(Debug, Clone, Default)]
pub struct QuoteOptions {
    /// Grouping attribute, e.g. `unit`.
    pub by: String,
    /// Add document id and paragraph number to each attribution.
    pub cite_doc: bool,
    /// Further attributes to show with each quote (never shown otherwise).
    pub show: Vec<String>,
    /// At most this many quotes per group (spread over documents); `None` = all.
    pub per_group: Option<usize>,
    /// Only key quotes (`thema quote ID --key`).
    pub key_only: bool,
    /// Prefer verbatim passages (starting with a quotation mark) over
    /// paraphrase, after key quotes.
    pub verbatim_first: bool,
}

/// Whether a passage is a verbatim quotation rather than the write-up's
/// paraphrase: it opens with a quotation mark.
pub fn is_verbatim(text: &str) -> bool {
    text.trim_start()
        .starts_with(['“', '"', '‘', '„', '«', '\'', '‚'])
}

#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    pub excerpt: i64,
    pub text: String,
    pub group: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub shown: BTreeMap<String, String>,
    pub codes: Vec<String>,
    /// A key quote (shown first).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub key: bool,
    /// `text` is the analyst's trimmed display version, not the whole excerpt.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub trimmed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuoteGroup {
    pub group: String,
    /// Quotes available in this group before `per_group` trimmed them.
    pub total: usize,
    pub quotes: Vec<Quote>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuoteSection {
    pub name: String,
    pub kind: Kind,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub definition: String,
    pub groups: Vec<QuoteGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuoteCollection {
    pub by: String,
    pub sections: Vec<QuoteSection>,
}

/// The quotes a collection will hold, chosen before any text is read:
/// per section and group, positions into `data.excerpts`. A whole
/// collection at a million excerpts is hundreds of megabytes of text, so
/// `report quotes` renders it one section at a time ([`QuotePlan::section`]:
/// one text query per section) and never holds more than that.
pub struct QuotePlan<'d> {
    data: &'d CodingData,
    opts: QuoteOptions,
    groups: Vec<String>,
    marks: HashMap<i64, crate::store::QuoteMark>,
    sections: Vec<PlannedSection>,
    /// Code keys per excerpt position (compressed rows: `code_at[i]..code_at[i + 1]`
    /// index `code_keys`), read once for every section.
    code_at: Vec<u32>,
    code_keys: Vec<i64>,
    /// (document key, position in `data.docs`), sorted by key.
    doc_pos: Vec<(i64, usize)>,
}

struct PlannedSection {
    name: String,
    kind: Kind,
    definition: String,
    /// (group index, chosen excerpt positions in order, quotes available).
    groups: Vec<(usize, Vec<usize>, usize)>,
}

/// Collect quotes. Within a group, quotes run in document (natural) order and
/// text position; with `per_group` they are picked round-robin over the
/// group's documents so one talkative interview does not fill the slot.
pub fn quotes(
    project: &Project,
    data: &CodingData,
    selection: &Selection,
    opts: &QuoteOptions,
) -> Result<QuoteCollection> {
    let plan = plan_quotes(project, data, selection, opts)?;
    let mut sections = Vec::with_capacity(plan.len());
    for i in 0..plan.len() {
        sections.push(plan.section(project, i)?);
    }
    Ok(QuoteCollection {
        by: opts.by.clone(),
        sections,
    })
}

/// Choose the quotes (see [`QuotePlan`]); no excerpt text is read unless
/// `verbatim_first` needs it.
pub fn plan_quotes<'d>(
    project: &Project,
    data: &'d CodingData,
    selection: &Selection,
    opts: &QuoteOptions,
) -> Result<QuotePlan<'d>> {
    let grouping = Grouping::new(data, &opts.by);
    let members = Membership::new(data);
    let mut targets: Vec<(String, Kind, String, &[usize])> = Vec::new();
    let empty: &[usize] = &[];
    match selection {
        Selection::AllThemes => {
            for t in &data.themes {
                let set = members
                    .by_theme
                    .get(&t.key)
                    .map(Vec::as_slice)
                    .unwrap_or(empty);
                targets.push((t.name.clone(), Kind::Theme, t.definition.clone(), set));
            }
        }
        Selection::Theme(name) => {
            let i = data
                .themes
                .iter()
                .position(|t| crate::text::name::key(&t.name) == crate::text::name::key(name))
                .ok_or_else(|| crate::store::not_found("theme", name, "thema theme list"))?;
            // The theme and its subthemes, each a section of its own.
            let mut family = crate::tree::Forest::of_themes(&data.themes).family(i);
            family.sort_unstable();
            for f in family {
                let t = &data.themes[f];
                let set = members
                    .by_theme
                    .get(&t.key)
                    .map(Vec::as_slice)
                    .unwrap_or(empty);
                targets.push((t.name.clone(), Kind::Theme, t.definition.clone(), set));
            }
        }
        Selection::Code(name) => {
            let c = data
                .codes
                .iter()
                .find(|c| crate::text::name::key(&c.name) == crate::text::name::key(name))
                .ok_or_else(|| crate::store::not_found("code", name, "thema codes"))?;
            let set = members
                .by_code
                .get(&c.key)
                .map(Vec::as_slice)
                .unwrap_or(empty);
            targets.push((c.name.clone(), Kind::Code, c.description.clone(), set));
        }
    }
    // Document keys → place in natural order, as a sorted vector.
    let mut doc_pos: Vec<(i64, usize)> = data
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.key, i))
        .collect();
    doc_pos.sort_unstable();
    let place = |doc: i64| {
        doc_pos
            .binary_search_by_key(&doc, |&(k, _)| k)
            .map_or(usize::MAX, |i| doc_pos[i].1)
    };
    let group_of: Vec<(i64, usize)> = {
        let mut v: Vec<(i64, usize)> = grouping.doc_group.iter().map(|(&k, &g)| (k, g)).collect();
        v.sort_unstable();
        v
    };
    // Each quote appears once per theme section: a theme's section leaves
    // out what its subthemes' sections (in this collection) show.
    let shown_below = below_in_sections(data, &members, &targets);
    let marks = project.quote_marks()?;
    let mark = |i: usize| marks.get(&data.excerpts[i].id);
    // Which candidates are verbatim (only looked up when asked for: it reads
    // every candidate's text).
    let verbatim: std::collections::HashSet<usize> = if opts.verbatim_first {
        let mut all: Vec<usize> = targets.iter().flat_map(|t| t.3.iter().copied()).collect();
        all.sort_unstable();
        all.dedup();
        let ids: Vec<i64> = all.iter().map(|&i| data.excerpts[i].id).collect();
        let texts = project.excerpt_texts(&ids)?;
        all.into_iter()
            .filter(|&i| {
                texts
                    .get(&data.excerpts[i].id)
                    .is_some_and(|t| is_verbatim(t))
            })
            .collect()
    } else {
        Default::default()
    };
    let mut sections = Vec::with_capacity(targets.len());
    for (t, (name, kind, definition, set)) in targets.iter().enumerate() {
        let mut per: Vec<Vec<usize>> = vec![Vec::new(); grouping.groups.len()];
        for &i in *set {
            if shown_below[t].binary_search(&i).is_ok() {
                continue;
            }
            let m = mark(i);
            if m.is_some_and(|m| m.excluded) || (opts.key_only && !m.is_some_and(|m| m.key)) {
                continue;
            }
            let e = &data.excerpts[i];
            if let Ok(g) = group_of.binary_search_by_key(&e.doc, |&(k, _)| k) {
                per[group_of[g].1].push(i);
            }
        }
        let mut groups = Vec::new();
        for (g, mut list) in per.into_iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            list.sort_by_cached_key(|&i| {
                let e = &data.excerpts[i];
                (place(e.doc), e.start, e.end)
            });
            let total = list.len();
            let chosen = choose(data, list, opts.per_group, &mark, &verbatim);
            groups.push((g, chosen, total));
        }
        sections.push(PlannedSection {
            name: name.clone(),
            kind: *kind,
            definition: definition.clone(),
            groups,
        });
    }
    let (code_at, code_keys) = codes_per_excerpt(data, &members.index);
    Ok(QuotePlan {
        data,
        opts: opts.clone(),
        groups: grouping.groups,
        marks,
        sections,
        code_at,
        code_keys,
        doc_pos,
    })
}

/// Each excerpt's code keys, by excerpt position, as compressed rows.
fn codes_per_excerpt(data: &CodingData, index: &super::ExcerptIndex) -> (Vec<u32>, Vec<i64>) {
    let n = data.excerpts.len();
    let mut pairs: Vec<(u32, i64)> = data
        .links
        .iter()
        .filter_map(|&(ex, code)| index.get(data, ex).map(|i| (i as u32, code)))
        .collect();
    pairs.sort_unstable();
    let mut at = vec![0u32; n + 1];
    for &(i, _) in &pairs {
        at[i as usize + 1] += 1;
    }
    for i in 0..n {
        at[i + 1] += at[i];
    }
    (at, pairs.into_iter().map(|(_, c)| c).collect())
}

impl QuotePlan<'_> {
    /// Number of sections.
    pub fn len(&self) -> usize {
        self.sections.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    /// The grouping attribute.
    pub fn by(&self) -> &str {
        &self.opts.by
    }

    /// Ids of every excerpt the collection quotes (for the privacy check).
    pub fn excerpt_ids(&self) -> std::collections::HashSet<i64> {
        self.sections
            .iter()
            .flat_map(|s| s.groups.iter())
            .flat_map(|(_, chosen, _)| chosen.iter().map(|&i| self.data.excerpts[i].id))
            .collect()
    }

    /// Section `i` with its quotes' texts (read in one query).
    pub fn section(&self, project: &Project, i: usize) -> Result<QuoteSection> {
        let data = self.data;
        let sec = &self.sections[i];
        let ids: Vec<i64> = sec
            .groups
            .iter()
            .flat_map(|(_, chosen, _)| chosen.iter().map(|&i| data.excerpts[i].id))
            .collect();
        let mut texts = project.excerpt_texts(&ids)?;
        let mut code_names: Vec<(i64, &str)> = data
            .codes
            .iter()
            .map(|c| (c.key, c.name.as_str()))
            .collect();
        code_names.sort_unstable();
        let mut doc_texts: HashMap<i64, Vec<crate::model::Span>> = HashMap::new();
        let mut out_groups = Vec::with_capacity(sec.groups.len());
        for (g, chosen, total) in &sec.groups {
            let mut qs = Vec::with_capacity(chosen.len());
            for &i in chosen {
                let e = data.excerpts[i];
                // The document only when the quote names it or shows its
                // attributes (a quote is attributed by group alone otherwise).
                let doc = if self.opts.cite_doc || !self.opts.show.is_empty() {
                    let j = self
                        .doc_pos
                        .binary_search_by_key(&e.doc, |&(k, _)| k)
                        .map_err(|_| {
                            Error::Internal(format!("excerpt {} has no document", e.id))
                        })?;
                    Some(&data.docs[self.doc_pos[j].1])
                } else {
                    None
                };
                let (doc_name, paragraph) = match doc {
                    Some(doc) if self.opts.cite_doc => {
                        if let std::collections::hash_map::Entry::Vacant(v) = doc_texts.entry(e.doc)
                        {
                            let text = project.document(&doc.name)?.text;
                            v.insert(crate::text::paragraphs(&text));
                        }
                        let paras = &doc_texts[&e.doc];
                        let p = paras
                            .iter()
                            .position(|p| e.start < p.end)
                            .unwrap_or(paras.len().saturating_sub(1))
                            + 1;
                        (Some(doc.name.clone()), Some(p))
                    }
                    _ => (None, None),
                };
                let shown = match doc {
                    Some(doc) => self
                        .opts
                        .show
                        .iter()
                        .filter_map(|k| doc.attributes.get(k).map(|v| (k.clone(), v.clone())))
                        .collect(),
                    None => BTreeMap::new(),
                };
                let m = self.marks.get(&e.id);
                let display = m.and_then(|m| m.display.clone());
                // An excerpt may be quoted in several sections: each keeps
                // all its codes.
                let (a, b) = (self.code_at[i] as usize, self.code_at[i + 1] as usize);
                let mut codes: Vec<String> = self.code_keys[a..b]
                    .iter()
                    .filter_map(|k| {
                        code_names
                            .binary_search_by_key(k, |&(key, _)| key)
                            .ok()
                            .map(|j| code_names[j].1.to_owned())
                    })
                    .collect();
                codes.sort_by(|a, b| crate::text::natural_cmp(a, b));
                qs.push(Quote {
                    excerpt: e.id,
                    key: m.is_some_and(|m| m.key),
                    trimmed: display.is_some(),
                    text: display.unwrap_or_else(|| texts.remove(&e.id).unwrap_or_default()),
                    group: self.groups[*g].clone(),
                    doc: doc_name,
                    paragraph,
                    shown,
                    codes,
                });
            }
            out_groups.push(QuoteGroup {
                group: self.groups[*g].clone(),
                total: *total,
                quotes: qs,
            });
        }
        Ok(QuoteSection {
            name: sec.name.clone(),
            kind: sec.kind,
            definition: sec.definition.clone(),
            groups: out_groups,
        })
    }
}

/// For each target, the excerpts its subthemes among the targets show (and
/// so its own section leaves out). A theme's set includes its subthemes',
/// so the union of its direct children's sets is everything below it.
fn below_in_sections(
    data: &CodingData,
    members: &Membership,
    targets: &[(String, Kind, String, &[usize])],
) -> Vec<Vec<usize>> {
    let in_targets: std::collections::HashSet<&str> = targets
        .iter()
        .filter(|t| t.1 == Kind::Theme)
        .map(|t| t.0.as_str())
        .collect();
    let mut children: HashMap<&str, Vec<&crate::model::Theme>> = HashMap::new();
    for t in &data.themes {
        if let Some(p) = &t.parent
            && in_targets.contains(t.name.as_str())
        {
            children.entry(p.as_str()).or_default().push(t);
        }
    }
    targets
        .iter()
        .map(|(name, kind, _, _)| {
            let mut below: Vec<usize> = Vec::new();
            if *kind == Kind::Theme {
                for c in children.get(name.as_str()).into_iter().flatten() {
                    below.extend(members.by_theme.get(&c.key).into_iter().flatten().copied());
                }
            }
            below.sort_unstable();
            below.dedup();
            below
        })
        .collect()
}

/// The quotes of one group, in this order: key quotes, then (with
/// `--verbatim-first`) verbatim passages, then the rest; each part in
/// document order. With a limit, key quotes are taken first, then the
/// others spread over the group's documents.
fn choose<'m>(
    data: &CodingData,
    list: Vec<usize>,
    limit: Option<usize>,
    mark: &dyn Fn(usize) -> Option<&'m crate::store::QuoteMark>,
    verbatim: &std::collections::HashSet<usize>,
) -> Vec<usize> {
    let (key, rest): (Vec<usize>, Vec<usize>) = list
        .into_iter()
        .partition(|&i| mark(i).is_some_and(|m| m.key));
    let (verb, para): (Vec<usize>, Vec<usize>) =
        rest.into_iter().partition(|i| verbatim.contains(i));
    let mut out = Vec::new();
    for part in [key, verb, para] {
        let room = limit.map(|n| n.saturating_sub(out.len()));
        match room {
            Some(0) => break,
            Some(n) if n < part.len() => out.extend(spread(data, &part, n)),
            _ => out.extend(part),
        }
    }
    out
}

/// `n` of the (ordered) excerpts, taking each document's first excerpt in
/// turn, then each one's second, and so on; returned in the original order.
fn spread(data: &CodingData, list: &[usize], n: usize) -> Vec<usize> {
    let mut by_doc: Vec<(i64, Vec<usize>)> = Vec::new();
    for &i in list {
        let d = data.excerpts[i].doc;
        match by_doc.last_mut() {
            Some((k, v)) if *k == d => v.push(i),
            _ => by_doc.push((d, vec![i])),
        }
    }
    let mut chosen = Vec::new();
    let mut round = 0;
    while chosen.len() < n {
        let mut any = false;
        for (_, v) in &by_doc {
            if let Some(&i) = v.get(round) {
                any = true;
                if chosen.len() < n {
                    chosen.push(i);
                }
            }
        }
        if !any {
            break;
        }
        round += 1;
    }
    let order: HashMap<usize, usize> = list.iter().enumerate().map(|(p, &i)| (i, p)).collect();
    chosen.sort_by_key(|i| order[i]);
    chosen
}
