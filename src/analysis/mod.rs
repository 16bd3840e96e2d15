//! Analyses over a project's coding: frequencies (theme/code × group
//! matrices), quote collections and inter-coder agreement. Pure functions of a [`CodingData`]
//! snapshot (plus excerpt texts for quotes); the `report` module renders them.
//!
//! Counting rules (also stated in the reports' footnotes):
//! - A theme counts an excerpt **once**, however many of its codes touch it.
//! - A theme **includes its subthemes' excerpts** (deduplicated), so a parent
//!   theme's prevalence is never below a subtheme's.
//! - A code counts only excerpts it is applied to directly (child codes are
//!   not rolled up), matching `thema codes`.
//! - Orphaned excerpts (whose text a re-import could not place) are excluded.
//! - Groups are the values of the grouping attribute (`--by`, default `unit`)
//!   in natural order; documents without it fall in the group `(none)`, listed
//!   last. `groups_present` counts real values only, never `(none)`.

pub mod agreement;
pub mod appendix;
pub mod compare;
pub mod frequencies;
pub mod privacy;
pub mod quotes;
pub mod saturation;

pub use appendix::{Appendices, SettledAgreement, appendices};
pub use compare::{
    AgreementOptions, AgreementReport, AgreementRow, AgreementUnit, Disagreement, DisagreementList,
    PairRow, Split, Target, agreement, disagreements,
};
pub use frequencies::{FreqRow, Frequencies, Kind, Level, Measure, frequencies};
pub use quotes::{
    Quote, QuoteCollection, QuoteGroup, QuoteOptions, QuotePlan, QuoteSection, Selection,
    plan_quotes, quotes,
};
pub use saturation::{Saturation, SaturationRow, saturation};

use crate::store::CodingData;
use std::collections::HashMap;

/// The group label for documents without the grouping attribute.
pub const NONE_GROUP: &str = "(none)";

/// Per-document group labels and the ordered list of groups.
pub(crate) struct Grouping {
    /// Document key → index into `groups`.
    pub doc_group: HashMap<i64, usize>,
    pub groups: Vec<String>,
}

impl Grouping {
    pub fn new(data: &CodingData, by: &str) -> Grouping {
        let mut labels: Vec<String> = data
            .docs
            .iter()
            .filter_map(|d| d.attributes.get(by).cloned())
            .collect();
        labels.sort_by(|a, b| crate::text::natural_cmp(a, b).then_with(|| a.cmp(b)));
        labels.dedup();
        if data.docs.iter().any(|d| !d.attributes.contains_key(by)) {
            labels.push(NONE_GROUP.to_owned());
        }
        let index: HashMap<&str, usize> = labels
            .iter()
            .enumerate()
            .map(|(i, g)| (g.as_str(), i))
            .collect();
        let doc_group = data
            .docs
            .iter()
            .map(|d| {
                let g = d
                    .attributes
                    .get(by)
                    .map(String::as_str)
                    .unwrap_or(NONE_GROUP);
                (d.key, index[g])
            })
            .collect();
        Grouping {
            doc_group,
            groups: labels,
        }
    }

    /// True when group `i` is the `(none)` bucket.
    pub fn is_none(&self, i: usize) -> bool {
        self.groups[i] == NONE_GROUP
    }
}

/// Where an excerpt id sits in `data.excerpts`. The snapshot reads excerpts
/// in id order, so this is a binary search over the snapshot itself; only a
/// snapshot in another order gets a sorted copy of (id, position). (A hash
/// map of a million ids cost more to build than everything it served.)
pub(crate) struct ExcerptIndex {
    sorted: Option<Vec<(i64, usize)>>,
}

impl ExcerptIndex {
    pub fn new(data: &CodingData) -> ExcerptIndex {
        let in_order = data.excerpts.windows(2).all(|w| w[0].id < w[1].id);
        ExcerptIndex {
            sorted: (!in_order).then(|| {
                let mut v: Vec<(i64, usize)> = data
                    .excerpts
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (e.id, i))
                    .collect();
                v.sort_unstable();
                v
            }),
        }
    }

    /// The position of excerpt `id`, orphan or not.
    pub fn get(&self, data: &CodingData, id: i64) -> Option<usize> {
        match &self.sorted {
            None => data.excerpts.binary_search_by_key(&id, |e| e.id).ok(),
            Some(v) => v
                .binary_search_by_key(&id, |&(k, _)| k)
                .ok()
                .map(|i| v[i].1),
        }
    }
}

/// Excerpt indices (into `data.excerpts`, orphans left out) per code key and
/// per theme key, themes including their subthemes, all sorted and deduplicated.
pub(crate) struct Membership {
    pub by_code: HashMap<i64, Vec<usize>>,
    pub by_theme: HashMap<i64, Vec<usize>>,
    pub index: ExcerptIndex,
}

impl Membership {
    pub fn new(data: &CodingData) -> Membership {
        let index = ExcerptIndex::new(data);
        let mut by_code: HashMap<i64, Vec<usize>> = HashMap::new();
        for &(ex, code) in &data.links {
            if let Some(i) = index.get(data, ex).filter(|&i| !data.excerpts[i].orphan) {
                by_code.entry(code).or_default().push(i);
            }
        }
        for v in by_code.values_mut() {
            v.sort_unstable();
            v.dedup();
        }
        let mut direct: HashMap<i64, Vec<i64>> = HashMap::new();
        for (t, c) in &data.theme_codes {
            direct.entry(*t).or_default().push(*c);
        }
        // The theme and every theme below it, from the one tree walk.
        let forest = crate::tree::Forest::of_themes(&data.themes);
        let mut by_theme = HashMap::new();
        for (i, t) in data.themes.iter().enumerate() {
            let mut set: Vec<usize> = Vec::new();
            for f in forest.family(i) {
                for c in direct.get(&data.themes[f].key).into_iter().flatten() {
                    set.extend(by_code.get(c).into_iter().flatten());
                }
            }
            set.sort_unstable();
            set.dedup();
            by_theme.insert(t.key, set);
        }
        Membership {
            by_code,
            by_theme,
            index,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{DocRow, ExcerptRow};

    fn doc(key: i64, name: &str, unit: Option<&str>) -> DocRow {
        let mut attributes = crate::model::Attributes::new();
        if let Some(u) = unit {
            attributes.insert("unit".into(), u.into());
        }
        DocRow {
            key,
            name: name.into(),
            attributes,
        }
    }

    #[test]
    fn groups_in_natural_order_with_none_last() {
        let data = CodingData {
            docs: vec![
                doc(1, "P1", Some("Politie-eenheid X")),
                doc(2, "P2", None),
                doc(3, "P3", Some("Politie-eenheid II")),
                doc(4, "P4", Some("Politie-eenheid IX")),
                doc(5, "P5", Some("Politie-eenheid II")),
            ],
            ..Default::default()
        };
        let g = Grouping::new(&data, "unit");
        assert_eq!(
            g.groups,
            vec![
                "Politie-eenheid II",
                "Politie-eenheid IX",
                "Politie-eenheid X",
                NONE_GROUP
            ]
        );
        assert_eq!(g.doc_group[&2], 3);
        assert!(g.is_none(3) && !g.is_none(0));
    }

    #[test]
    fn theme_counts_an_excerpt_once_and_includes_subthemes() {
        let theme = |key, name: &str, parent: Option<&str>| crate::model::Theme {
            key,
            name: name.into(),
            definition: String::new(),
            parent: parent.map(Into::into),
            phase: Default::default(),
            codes: Vec::new(),
            position: key,
            guid: String::new(),
        };
        let ex = |id, doc| ExcerptRow {
            id,
            doc,
            start: 0,
            end: 1,
            orphan: id == 4,
        };
        let data = CodingData {
            docs: vec![doc(1, "P1", Some("A")), doc(2, "P2", Some("B"))],
            themes: vec![theme(10, "T", None), theme(11, "S", Some("T"))],
            excerpts: vec![ex(1, 1), ex(2, 1), ex(3, 2), ex(4, 2)],
            // Excerpt 1 has both of T's codes; 4 is an orphan.
            links: vec![(1, 100), (1, 101), (2, 101), (3, 102), (4, 102)],
            theme_codes: vec![(10, 100), (10, 101), (11, 102)],
            ..Default::default()
        };
        let m = Membership::new(&data);
        assert_eq!(m.by_theme[&10], vec![0, 1, 2]);
        assert_eq!(m.by_theme[&11], vec![2]);
        assert_eq!(m.by_code[&102], vec![2]);
        // A snapshot not in id order finds the same excerpts (by position).
        let mut shuffled = data.clone();
        shuffled.excerpts.reverse();
        let m = Membership::new(&shuffled);
        assert_eq!(m.by_theme[&10], vec![1, 2, 3]);
        assert_eq!(m.by_code[&102], vec![1]);
        assert_eq!(m.index.get(&shuffled, 4), Some(0));
        assert_eq!(m.index.get(&shuffled, 5), None);
    }
}
