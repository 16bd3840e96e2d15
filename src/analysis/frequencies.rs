//! How often each theme and code occurs, overall and per group.

use super::{Grouping, Membership};
use crate::store::CodingData;
use serde::{Serialize, Serializer, ser::SerializeMap};
use std::collections::{HashMap, HashSet};

/// Which rows a frequency table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Level {
    /// Themes (subthemes below their parent).
    #[default]
    Theme,
    /// Codes (child codes below their parent code).
    Code,
    /// Each theme followed by its codes; codes in no theme at the end.
    Both,
}

/// What a frequency matrix shows per group: whether the theme occurs there at
/// all (what prevalence claims rest on: "in five of the six units"), or how
/// many excerpts or documents it has there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Measure {
    /// Present (✓) or not, with the count of groups ("5/6").
    #[default]
    Presence,
    /// Number of excerpts (mostly measures how long each write-up is).
    Excerpts,
    /// Number of documents with at least one excerpt.
    Documents,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Theme,
    Code,
}

/// One row of the table. For a theme, `parent` is its parent theme; for a
/// code listed under a theme (`--level both`) it is that theme; for a code in
/// `--level code` it is the parent code.
#[derive(Debug, Clone, Serialize)]
pub struct FreqRow {
    pub name: String,
    pub kind: Kind,
    pub parent: Option<String>,
    pub excerpts: usize,
    pub documents: usize,
    pub groups_present: usize,
    /// Excerpts per group.
    #[serde(serialize_with = "ordered_map")]
    pub by_group: Vec<(String, usize)>,
    /// Documents (with at least one of the row's excerpts) per group.
    #[serde(serialize_with = "ordered_map")]
    pub documents_by_group: Vec<(String, usize)>,
    /// Nesting depth for display (0 = top level).
    #[serde(skip)]
    pub depth: usize,
}

/// A frequency table: rows in the analyst's theme order (codes in tree
/// order), groups in natural order with `(none)` last.
#[derive(Debug, Clone, Serialize)]
pub struct Frequencies {
    pub by: String,
    pub groups: Vec<String>,
    pub rows: Vec<FreqRow>,
    /// Number of real groups (without `(none)`): the "of N" in prevalence.
    #[serde(skip)]
    pub real_groups: usize,
    /// Orphaned excerpts left out of every count.
    #[serde(skip)]
    pub orphans_excluded: usize,
}

fn ordered_map<S: Serializer>(v: &[(String, usize)], s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(v.len()))?;
    for (k, n) in v {
        m.serialize_entry(k, n)?;
    }
    m.end()
}

impl FreqRow {
    /// The value of group `g` under `measure` (presence: 1 or 0).
    pub fn cell(&self, g: usize, measure: Measure) -> usize {
        match measure {
            Measure::Presence => usize::from(self.by_group[g].1 > 0),
            Measure::Excerpts => self.by_group[g].1,
            Measure::Documents => self.documents_by_group[g].1,
        }
    }
}

impl Frequencies {
    /// The row for a theme (kind theme) by name.
    pub fn theme(&self, name: &str) -> Option<&FreqRow> {
        self.rows
            .iter()
            .find(|r| r.kind == Kind::Theme && r.name == name)
    }
}

pub(crate) struct Counter<'a> {
    data: &'a CodingData,
    pub grouping: Grouping,
    pub members: Membership,
}

impl<'a> Counter<'a> {
    pub fn new(data: &'a CodingData, by: &str) -> Self {
        Counter {
            data,
            grouping: Grouping::new(data, by),
            members: Membership::new(data),
        }
    }

    fn row(
        &self,
        name: &str,
        kind: Kind,
        parent: Option<String>,
        depth: usize,
        set: &[usize],
    ) -> FreqRow {
        let mut per = vec![0usize; self.grouping.groups.len()];
        let mut docs = HashSet::new();
        for &i in set {
            let e = &self.data.excerpts[i];
            docs.insert(e.doc);
            if let Some(&g) = self.grouping.doc_group.get(&e.doc) {
                per[g] += 1;
            }
        }
        let mut per_docs = vec![0usize; self.grouping.groups.len()];
        for d in &docs {
            if let Some(&g) = self.grouping.doc_group.get(d) {
                per_docs[g] += 1;
            }
        }
        let groups_present = per
            .iter()
            .enumerate()
            .filter(|(g, n)| **n > 0 && !self.grouping.is_none(*g))
            .count();
        FreqRow {
            name: name.to_owned(),
            kind,
            parent,
            excerpts: set.len(),
            documents: docs.len(),
            groups_present,
            by_group: self.grouping.groups.iter().cloned().zip(per).collect(),
            documents_by_group: self.grouping.groups.iter().cloned().zip(per_docs).collect(),
            depth,
        }
    }

    pub fn theme_row(&self, t: &crate::model::Theme, depth: usize) -> FreqRow {
        let set = self
            .members
            .by_theme
            .get(&t.key)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        self.row(&t.name, Kind::Theme, t.parent.clone(), depth, set)
    }

    pub fn code_row(
        &self,
        c: &crate::model::Code,
        parent: Option<String>,
        depth: usize,
    ) -> FreqRow {
        let set = self
            .members
            .by_code
            .get(&c.key)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        self.row(&c.name, Kind::Code, parent, depth, set)
    }
}

/// Count themes and/or codes per group of the attribute `by`.
pub fn frequencies(data: &CodingData, by: &str, level: Level) -> Frequencies {
    let counter = Counter::new(data, by);
    let depths = crate::tree::Forest::of_themes(&data.themes).depths();
    let code_depths = crate::tree::Forest::of_codes(&data.codes).depths();
    let mut rows = Vec::new();
    match level {
        Level::Theme => {
            for (t, &d) in data.themes.iter().zip(&depths) {
                rows.push(counter.theme_row(t, d));
            }
        }
        Level::Code => {
            for (c, &depth) in data.codes.iter().zip(&code_depths) {
                rows.push(counter.code_row(c, c.parent.clone(), depth));
            }
        }
        Level::Both => {
            let mut themed = HashSet::new();
            let by_name: HashMap<&str, &crate::model::Code> =
                data.codes.iter().map(|c| (c.name.as_str(), c)).collect();
            for (t, &d) in data.themes.iter().zip(&depths) {
                rows.push(counter.theme_row(t, d));
                for name in &t.codes {
                    if let Some(&c) = by_name.get(name.as_str()) {
                        themed.insert(c.key);
                        rows.push(counter.code_row(c, Some(t.name.clone()), d + 1));
                    }
                }
            }
            for c in &data.codes {
                if !themed.contains(&c.key) {
                    rows.push(counter.code_row(c, None, 0));
                }
            }
        }
    }
    let real_groups = (0..counter.grouping.groups.len())
        .filter(|&g| !counter.grouping.is_none(g))
        .count();
    Frequencies {
        by: by.to_owned(),
        groups: counter.grouping.groups.clone(),
        rows,
        real_groups,
        orphans_excluded: data.stats.orphans,
    }
}
