//! Code saturation: the documents in the order they were coded (the first
//! coding in each document; ties by document id in natural order), and per
//! document how many codes appear there for the first time and how many
//! codes have appeared so far. The flattening curve is what researchers
//! show to argue that more interviews would add little (Guest, Bunce &
//! Johnson 2006). A code counts in a document when it is applied there
//! directly; orphaned excerpts are left out; documents nobody coded are not
//! on the curve (they are counted in `uncoded`).

use crate::store::{CodingData, FirstCoding};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SaturationRow {
    /// Position in coding order, from 1.
    pub position: usize,
    pub doc: String,
    /// The first coding in this document (UTC, ISO 8601).
    pub first_coding: String,
    /// Codes that appear here and in no earlier document.
    pub new_codes: usize,
    /// Codes that have appeared up to and including this document.
    pub cumulative: usize,
    /// The new codes' names, in code tree order.
    pub codes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Saturation {
    pub rows: Vec<SaturationRow>,
    /// Documents without any coding (not on the curve).
    pub uncoded: usize,
}

impl Saturation {
    /// Codes found in all (the last row's cumulative count).
    pub fn total(&self) -> usize {
        self.rows.last().map_or(0, |r| r.cumulative)
    }

    /// The same curve with each document named by its position only: a
    /// published report names documents only with `--cite doc`.
    pub fn without_ids(&self) -> Saturation {
        let mut s = self.clone();
        for r in &mut s.rows {
            r.doc = r.position.to_string();
        }
        s
    }

    /// How many documents it took to find every code: the position of the
    /// last document that added one (0 when nothing is coded).
    pub fn reached_at(&self) -> usize {
        self.rows
            .iter()
            .rev()
            .find(|r| r.new_codes > 0)
            .map_or(0, |r| r.position)
    }
}

/// The saturation table from the snapshot and the first coding of each
/// code in each document ([`crate::store::Project::first_codings`]).
/// Linear in its input after one sort of the (document, code) pairs.
pub fn saturation(data: &CodingData, firsts: &[FirstCoding]) -> Saturation {
    // Documents and codes by key, as positions into the snapshot's vectors
    // (kept in natural id order / code tree order).
    let doc_pos = positions(data.docs.iter().map(|d| d.key));
    let code_pos = positions(data.codes.iter().map(|c| c.key));
    let mut first_at: Vec<Option<&str>> = vec![None; data.docs.len()];
    let mut codes_in: Vec<Vec<usize>> = vec![Vec::new(); data.docs.len()];
    for f in firsts {
        let (Some(d), Some(c)) = (find(&doc_pos, f.doc), find(&code_pos, f.code)) else {
            continue;
        };
        if first_at[d].is_none_or(|t| f.at.as_str() < t) {
            first_at[d] = Some(&f.at);
        }
        codes_in[d].push(c);
    }
    // Coding order: first coding time, then the document's place in
    // natural id order.
    let mut order: Vec<usize> = (0..data.docs.len())
        .filter(|&d| first_at[d].is_some())
        .collect();
    order.sort_by(|&a, &b| first_at[a].cmp(&first_at[b]).then(a.cmp(&b)));
    let mut seen = vec![false; data.codes.len()];
    let mut cumulative = 0;
    let rows = order
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let mut new: Vec<usize> = codes_in[d]
                .iter()
                .copied()
                .filter(|&c| !std::mem::replace(&mut seen[c], true))
                .collect();
            new.sort_unstable();
            cumulative += new.len();
            SaturationRow {
                position: i + 1,
                doc: data.docs[d].name.clone(),
                first_coding: first_at[d].unwrap_or_default().to_owned(),
                new_codes: new.len(),
                cumulative,
                codes: new.iter().map(|&c| data.codes[c].name.clone()).collect(),
            }
        })
        .collect();
    Saturation {
        rows,
        uncoded: data.docs.len() - order.len(),
    }
}

/// (key, position) sorted by key, for lookups without hashing.
fn positions(keys: impl Iterator<Item = i64>) -> Vec<(i64, usize)> {
    let mut v: Vec<(i64, usize)> = keys.enumerate().map(|(i, k)| (k, i)).collect();
    v.sort_unstable();
    v
}

fn find(sorted: &[(i64, usize)], key: i64) -> Option<usize> {
    sorted
        .binary_search_by_key(&key, |&(k, _)| k)
        .ok()
        .map(|i| sorted[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::DocRow;

    fn doc(key: i64, name: &str) -> DocRow {
        DocRow {
            key,
            name: name.into(),
            attributes: Default::default(),
        }
    }

    fn code(key: i64, name: &str) -> crate::model::Code {
        crate::model::Code {
            key,
            name: name.into(),
            description: String::new(),
            parent: None,
            colour: None,
            guid: String::new(),
            excerpts: 0,
            guide: Default::default(),
            codable: true,
            position: None,
        }
    }

    fn first(doc: i64, code: i64, at: &str) -> FirstCoding {
        FirstCoding {
            doc,
            code,
            at: at.into(),
        }
    }

    /// By hand: D2 is coded first (09:00, codes A B), then D10 and D3 at the
    /// same minute (tie: D3 before D10 in natural order; D3 brings C, D10
    /// brings nothing new), D1 last with A and D; D4 is not coded.
    #[test]
    fn coding_order_new_and_cumulative_codes() {
        let data = CodingData {
            docs: vec![
                doc(1, "D1"),
                doc(2, "D2"),
                doc(3, "D3"),
                doc(4, "D4"),
                doc(10, "D10"),
            ],
            codes: vec![code(7, "A"), code(8, "B"), code(9, "C"), code(6, "D")],
            ..Default::default()
        };
        let firsts = vec![
            first(1, 7, "2026-01-02T10:00:00.000Z"),
            first(1, 6, "2026-01-02T10:05:00.000Z"),
            first(2, 8, "2026-01-01T09:00:00.000Z"),
            first(2, 7, "2026-01-01T09:30:00.000Z"),
            first(10, 8, "2026-01-01T11:00:00.000Z"),
            first(3, 9, "2026-01-01T11:00:00.000Z"),
            first(3, 8, "2026-01-01T12:00:00.000Z"),
        ];
        let s = saturation(&data, &firsts);
        let got: Vec<(usize, &str, usize, usize, Vec<&str>)> = s
            .rows
            .iter()
            .map(|r| {
                (
                    r.position,
                    r.doc.as_str(),
                    r.new_codes,
                    r.cumulative,
                    r.codes.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "D2", 2, 2, vec!["A", "B"]),
                (2, "D3", 1, 3, vec!["C"]),
                (3, "D10", 0, 3, vec![]),
                (4, "D1", 1, 4, vec!["D"]),
            ]
        );
        assert_eq!(s.rows[0].first_coding, "2026-01-01T09:00:00.000Z");
        assert_eq!(s.uncoded, 1);
        assert_eq!(s.total(), 4);
        assert_eq!(s.reached_at(), 4);
    }

    #[test]
    fn nothing_coded_is_an_empty_curve() {
        let data = CodingData {
            docs: vec![doc(1, "D1")],
            ..Default::default()
        };
        let s = saturation(&data, &[]);
        assert!(s.rows.is_empty());
        assert_eq!((s.uncoded, s.total(), s.reached_at()), (1, 0, 0));
    }
}
