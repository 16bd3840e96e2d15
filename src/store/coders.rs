//! Coders in the workbench: the coder filter and the per-coder counts the
//! codes pane shows. The filter is session state of this `Project` (like
//! blind coding, never stored in the file): while it names a coder, every
//! workbench view that honours blind coding (`views.rs`, `windows.rs`,
//! `coverage.rs`, through [`Project::blind_coder`]) shows only that
//! coder's codings. Blind coding always wins: while it is on, the views show
//! the current coder's codings whatever the filter says, and these counts
//! are the current coder's alone. Analyses and reports never look at either.

use super::Project;
use crate::error::Result;
use std::collections::HashMap;

/// Links per code per coder: what the code list counts (`codes()`), split by
/// the coder who applied each code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoderCounts {
    /// Every coder with at least one coding, in natural order.
    pub coders: Vec<String>,
    /// Code name → coder → links.
    pub by_code: HashMap<String, HashMap<String, usize>>,
}

/// Every link's code and coder, counted (`?1`: only this coder, when blind).
/// One pass over the links: a full scan is what counting every link takes.
const ALL_COUNTS: &str = "SELECT c.name, n.coder, n.n FROM (
         SELECT code_id, coder, count(*) AS n FROM excerpt_codes
         WHERE ?1 IS NULL OR coder = ?1
         GROUP BY code_id, coder) n
     JOIN codes c ON c.id = n.code_id";

/// One code's links by coder, by the code's index (`?1` code, `?2` coder).
const CODE_COUNTS: &str = "SELECT coder, count(*) FROM excerpt_codes
     WHERE code_id = ?1 AND (?2 IS NULL OR coder = ?2) GROUP BY coder";

impl Project {
    /// Show only `coder`'s codings in the workbench views (`None`: everyone's).
    pub fn set_coder_filter(&mut self, coder: Option<&str>) {
        self.coder_filter = coder.map(|c| c.trim().to_owned());
    }

    /// The coder the workbench filter shows (not counting blind coding).
    pub fn coder_filter(&self) -> Option<&str> {
        self.coder_filter.as_deref()
    }

    /// Links per code and coder, and the coders with codings (while blind,
    /// only the current coder's). One pass over the links, for when the
    /// coder filter changes; after a coding, [`Project::code_coder_counts`]
    /// recounts the codes it touched.
    pub fn coder_counts(&self) -> Result<CoderCounts> {
        let only = self.is_blind()?.then(|| self.coder().to_owned());
        let mut stmt = self.conn().prepare_cached(ALL_COUNTS)?;
        let mut rows = stmt.query([&only])?;
        let mut out = CoderCounts::default();
        while let Some(r) = rows.next()? {
            let (code, coder): (String, String) = (r.get(0)?, r.get(1)?);
            if !out.coders.contains(&coder) {
                out.coders.push(coder.clone());
            }
            let n = r.get::<_, i64>(2)? as usize;
            out.by_code.entry(code).or_default().insert(coder, n);
        }
        out.coders.sort_by(|a, b| crate::text::natural_cmp(a, b));
        Ok(out)
    }

    /// One code's links by coder (while blind, only the current coder's),
    /// by the code's index.
    pub fn code_coder_counts(&self, code: &str) -> Result<HashMap<String, usize>> {
        let Some(key) = self.code_key(code)? else {
            return Ok(HashMap::new());
        };
        let only = self.is_blind()?.then(|| self.coder().to_owned());
        let mut stmt = self.conn().prepare_cached(CODE_COUNTS)?;
        let rows = stmt.query_map(rusqlite::params![key, only], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    /// anna codes A twice and B once, bram codes A once.
    fn project() -> Project {
        let mut p = Project::in_memory().unwrap();
        p.import(crate::synth::corpus(1, 1, 200, 1), false).unwrap();
        p.set_coder("anna");
        p.apply_code("S00001", Span::new(0, 20), "A").unwrap();
        p.apply_code("S00001", Span::new(30, 60), "A").unwrap();
        p.apply_code("S00001", Span::new(30, 60), "B").unwrap();
        p.set_coder("bram");
        p.apply_code("S00001", Span::new(0, 20), "A").unwrap();
        p
    }

    fn counts(p: &Project) -> Vec<(String, String, usize)> {
        let c = p.coder_counts().unwrap();
        let mut v: Vec<_> = c
            .by_code
            .iter()
            .flat_map(|(code, m)| m.iter().map(move |(k, n)| (code.clone(), k.clone(), *n)))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn counts_per_code_and_coder() {
        let p = project();
        assert_eq!(p.coder_counts().unwrap().coders, ["anna", "bram"]);
        assert_eq!(
            counts(&p),
            [
                ("A".into(), "anna".into(), 2),
                ("A".into(), "bram".into(), 1),
                ("B".into(), "anna".into(), 1),
            ]
        );
        let a = p.code_coder_counts("A").unwrap();
        assert_eq!((a["anna"], a["bram"]), (2, 1));
        assert!(p.code_coder_counts("no such code").unwrap().is_empty());
    }

    /// The filter narrows the workbench's views to one coder; blind coding
    /// wins over it (a blind coder cannot look at another's codings), and
    /// the counts are then the current coder's alone.
    #[test]
    fn the_filter_narrows_the_views_and_blind_wins() {
        let mut p = project();
        let marks = |p: &Project| p.excerpt_marks("S00001").unwrap().len();
        assert_eq!(marks(&p), 3);
        p.set_coder_filter(Some("anna"));
        assert_eq!(marks(&p), 2);
        assert_eq!(p.code_doc_count("A", "S00001").unwrap(), 2);
        p.set_coder_filter(Some("bram"));
        assert_eq!(marks(&p), 1);
        p.set_coder("anna");
        p.set_blind_session(true);
        // bram's codings stay hidden from blind anna, whatever the filter.
        assert_eq!(marks(&p), 2);
        assert_eq!(p.coder_counts().unwrap().coders, ["anna"]);
        assert!(!p.code_coder_counts("A").unwrap().contains_key("bram"));
        p.set_blind_session(false);
        p.set_coder_filter(None);
        assert_eq!(marks(&p), 3);
    }

    /// One code's recount walks that code's links by its index, never the
    /// whole link table.
    #[test]
    fn one_code_recount_uses_the_code_index() {
        let p = Project::in_memory().unwrap();
        let mut stmt = p
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {CODE_COUNTS}"))
            .unwrap();
        let plan: Vec<String> = stmt
            .query_map(rusqlite::params![1, None::<String>], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter().any(|s| s.contains("excerpt_codes_by_code")),
            "{plan:?}"
        );
        assert!(plan.iter().all(|s| !s.starts_with("SCAN")), "{plan:?}");
    }
}
