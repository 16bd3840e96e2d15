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
            let t = data
                .themes
                .iter()
                .find(|t| crate::text::name::key(&t.name) == crate::text::name::key(name))
                .ok_or_else(|| crate::store::not_found("theme", name, "thema theme list"))?;
            let set = members
                .by_theme
                .get(&t.key)
                .map(Vec::as_slice)
                .unwrap_or(empty);
            targets.push((t.name.clone(), Kind::Theme, t.definition.clone(), set));
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
    // Pick excerpts first, then fetch only their texts.
    let mut picked: Vec<Vec<(usize, Vec<usize>, usize)>> = Vec::new();
    let mut needed: Vec<i64> = Vec::new();
    for (_, _, _, set) in &targets {
        let mut per: Vec<Vec<usize>> = vec![Vec::new(); grouping.groups.len()];
        for &i in *set {
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
            let chosen = match opts.per_group {
                Some(n) if n < list.len() => spread(data, &list, n),
                _ => list,
            };
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
                qs.push(Quote {
                    excerpt: e.id,
                    text: texts.get(&e.id).cloned().unwrap_or_default(),
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
