//! The fingerprint a report ends with: one SHA-256 over the documents' texts
//! (their stored hashes), the codebook (codes and themes with their
//! definitions, parents and phases) and the codings (spans and codes), plus
//! thema's version, written in one canonical order so the same data always
//! gives the same hash. Excerpt ids and timestamps are left out: two
//! projects built the same way from the same write-ups match.

use crate::store::CodingData;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// `sha256:` and 64 hex digits.
pub fn fingerprint(data: &CodingData, doc_hashes: &[(String, String)]) -> String {
    let mut h = Sha256::new();
    let mut line = |parts: &[&str]| {
        // Fields are separated by a unit separator and lines by a record
        // separator, so no value can shift another's place.
        h.update(parts.join("\u{1f}").as_bytes());
        h.update("\u{1e}".as_bytes());
    };
    line(&["thema", env!("CARGO_PKG_VERSION")]);
    let mut docs: Vec<&(String, String)> = doc_hashes.iter().collect();
    docs.sort();
    for (name, sha) in docs {
        line(&["document", name, sha]);
    }
    let mut codes: Vec<&crate::model::Code> = data.codes.iter().collect();
    codes.sort_by(|a, b| a.name.cmp(&b.name));
    for c in codes {
        line(&[
            "code",
            &c.name,
            c.parent.as_deref().unwrap_or(""),
            &c.description,
        ]);
    }
    for t in &data.themes {
        let mut cs = t.codes.clone();
        cs.sort();
        line(&[
            "theme",
            &t.name,
            t.parent.as_deref().unwrap_or(""),
            t.phase.as_str(),
            &t.definition,
            &cs.join("\u{1d}"),
        ]);
    }
    let doc_name: HashMap<i64, &str> = data.docs.iter().map(|d| (d.key, d.name.as_str())).collect();
    let code_name: HashMap<i64, &str> = data
        .codes
        .iter()
        .map(|c| (c.key, c.name.as_str()))
        .collect();
    let mut codes_of: HashMap<i64, Vec<&str>> = HashMap::new();
    for (ex, c) in &data.links {
        if let Some(n) = code_name.get(c) {
            codes_of.entry(*ex).or_default().push(n);
        }
    }
    let mut rows: Vec<(&str, usize, usize, bool, String)> = data
        .excerpts
        .iter()
        .map(|e| {
            let mut cs = codes_of.remove(&e.id).unwrap_or_default();
            cs.sort_unstable();
            (
                doc_name.get(&e.doc).copied().unwrap_or(""),
                e.start,
                e.end,
                e.orphan,
                cs.join("\u{1d}"),
            )
        })
        .collect();
    rows.sort();
    for (doc, start, end, orphan, cs) in &rows {
        line(&[
            "excerpt",
            doc,
            &start.to_string(),
            &end.to_string(),
            if *orphan { "orphan" } else { "" },
            cs,
        ]);
    }
    let digest = h.finalize();
    let mut out = String::from("sha256:");
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}
