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

/// Collect quotes. Within a group, quotes run in document (natural) order and
/// text position; with `per_group` they are picked round-robin over the
/// group's documents so one talkative interview does not fill the slot.
pub fn quotes(
    project: &Project,
    data: &CodingData,
    selection: &Selection,
    opts: &QuoteOptions,
) -> Result<QuoteCollection> {
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
    let doc_pos: HashMap<i64, usize> = data
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.key, i))
        .collect();
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
    // Pick excerpts first, then fetch only their texts.
    let mut picked: Vec<Vec<(usize, Vec<usize>, usize)>> = Vec::new();
    let mut needed: Vec<i64> = Vec::new();
    for (t, (_, _, _, set)) in targets.iter().enumerate() {
        let mut per: Vec<Vec<usize>> = vec![Vec::new(); grouping.groups.len()];
        for &i in *set {
            if shown_below[t].contains(&i) {
                continue;
            }
            let m = mark(i);
            if m.is_some_and(|m| m.excluded) || (opts.key_only && !m.is_some_and(|m| m.key)) {
                continue;
            }
            let e = &data.excerpts[i];
            if let Some(&g) = grouping.doc_group.get(&e.doc) {
                per[g].push(i);
            }
        }
        let mut groups = Vec::new();
        for (g, mut list) in per.into_iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            list.sort_by_key(|&i| {
                let e = &data.excerpts[i];
                (
                    doc_pos.get(&e.doc).copied().unwrap_or(usize::MAX),
                    e.start,
                    e.end,
                )
            });
            let total = list.len();
            let chosen = choose(data, list, opts.per_group, &mark, &verbatim);
            needed.extend(chosen.iter().map(|&i| data.excerpts[i].id));
            groups.push((g, chosen, total));
        }
        picked.push(groups);
    }
    let texts = project.excerpt_texts(&needed)?;
    let mut codes_of: HashMap<i64, Vec<String>> = HashMap::new();
    {
        let wanted: std::collections::HashSet<i64> = needed.iter().copied().collect();
        let names: HashMap<i64, &str> = data
            .codes
            .iter()
            .map(|c| (c.key, c.name.as_str()))
            .collect();
        for (ex, code) in &data.links {
            if wanted.contains(ex)
                && let Some(n) = names.get(code)
            {
                codes_of.entry(*ex).or_default().push((*n).to_owned());
            }
        }
        for v in codes_of.values_mut() {
            v.sort_by(|a, b| crate::text::natural_cmp(a, b));
        }
    }
    let docs_by_key: HashMap<i64, &crate::store::DocRow> =
        data.docs.iter().map(|d| (d.key, d)).collect();
    let mut doc_texts: HashMap<i64, Vec<crate::model::Span>> = HashMap::new();
    let mut sections = Vec::new();
    for ((name, kind, definition, _), groups) in targets.into_iter().zip(picked) {
        let mut out_groups = Vec::new();
        for (g, chosen, total) in groups {
            let mut qs = Vec::new();
            for i in chosen {
                let e = data.excerpts[i];
                let doc = docs_by_key
                    .get(&e.doc)
                    .ok_or_else(|| Error::Internal(format!("excerpt {} has no document", e.id)))?;
                let (doc_name, paragraph) = if opts.cite_doc {
                    if let std::collections::hash_map::Entry::Vacant(v) = doc_texts.entry(e.doc) {
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
                } else {
                    (None, None)
                };
                let shown = opts
                    .show
                    .iter()
                    .filter_map(|k| doc.attributes.get(k).map(|v| (k.clone(), v.clone())))
                    .collect();
                let m = marks.get(&e.id);
                let display = m.and_then(|m| m.display.clone());
                qs.push(Quote {
                    excerpt: e.id,
                    key: m.is_some_and(|m| m.key),
                    trimmed: display.is_some(),
                    text: display.unwrap_or_else(|| texts.get(&e.id).cloned().unwrap_or_default()),
                    group: grouping.groups[g].clone(),
                    doc: doc_name,
                    paragraph,
                    shown,
                    // An excerpt may be quoted in several sections: each keeps
                    // all its codes.
                    codes: codes_of.get(&e.id).cloned().unwrap_or_default(),
                });
            }
            out_groups.push(QuoteGroup {
                group: grouping.groups[g].clone(),
                total,
                quotes: qs,
            });
        }
        sections.push(QuoteSection {
            name,
            kind,
            definition,
            groups: out_groups,
        });
    }
    Ok(QuoteCollection {
        by: opts.by.clone(),
        sections,
    })
}

/// For each target, the excerpts its subthemes among the targets show (and
/// so its own section leaves out). A theme's set includes its subthemes',
/// so the union of its direct children's sets is everything below it.
fn below_in_sections(
    data: &CodingData,
    members: &Membership,
    targets: &[(String, Kind, String, &[usize])],
) -> Vec<std::collections::HashSet<usize>> {
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
            let mut below = std::collections::HashSet::new();
            if *kind == Kind::Theme {
                for c in children.get(name.as_str()).into_iter().flatten() {
                    below.extend(members.by_theme.get(&c.key).into_iter().flatten().copied());
                }
            }
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
