//! Read-only queries shaped for the TUI (in blind coding, each shows only
//! the current coder's codings; see `blind.rs`): the coded spans of one document and
//! the excerpts of one code, without loading every excerpt of the project.
//! `Project::excerpts` builds full `Excerpt` values (attributes, all links) and
//! is linear in the size of the project; these stay proportional to what one
//! screen shows, which keeps the TUI responsive on 100,000 excerpts.

use super::Project;
use crate::error::Result;
use crate::model::Span;
use std::collections::HashMap;

/// One coded span of a document as the reader draws it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub excerpt: i64,
    pub span: Span,
    /// Code names in the order they were applied.
    pub codes: Vec<String>,
    /// Who applied each code (parallel to `codes`).
    pub coders: Vec<String>,
}

/// One excerpt of a code, as listed under the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeExcerpt {
    pub excerpt: i64,
    pub doc: String,
    pub span: Span,
    pub text: String,
}

/// A set of row ids as a bitmap (ids are small and dense): the themes
/// screen tests a million links against it, where hashing each id took a
/// sixth of its time.
#[derive(Debug, Default)]
struct IdSet(Vec<u64>);

impl IdSet {
    fn insert(&mut self, id: i64) {
        let Ok(i) = usize::try_from(id) else { return };
        if self.0.len() <= i / 64 {
            self.0.resize(i / 64 + 1, 0);
        }
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn contains(&self, id: i64) -> bool {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.0.get(i / 64).map(|w| w & (1 << (i % 64)) != 0))
            .unwrap_or(false)
    }
}

/// Orphaned excerpts, by the partial index `excerpts_orphaned` (schema 8).
const ORPHANS: &str = "SELECT id FROM excerpts WHERE orphan = 1";

/// Every excerpt by document and position, from `excerpts_by_document`
/// alone (it ends in the row id).
const BY_POSITION: &str = "SELECT document_id, start, end, id FROM excerpts
     ORDER BY document_id, start, end, id";

/// Every link, ordered by excerpt: without a coder (`blind`) read from the
/// (excerpt, code) index alone; a coder's own need the rows.
fn links_sql(blind: bool) -> &'static str {
    if blind {
        "SELECT excerpt_id, code_id FROM excerpt_codes WHERE coder = ?1 ORDER BY excerpt_id"
    } else {
        "SELECT excerpt_id, code_id FROM excerpt_codes ORDER BY excerpt_id, code_id"
    }
}

impl Project {
    /// A number that changes whenever another connection (a `thema` command
    /// in another terminal, a second workbench) commits to the project file;
    /// this connection's own commits leave it unchanged.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Distinct non-orphaned excerpts per theme key, a theme counting its
    /// subthemes' excerpts too (as the reports do). Themes without any are
    /// absent. One ordered pass over the excerpt–code links (a covering
    /// index), so it stays fast on 100,000 excerpts.
    pub fn theme_excerpt_counts(&self) -> Result<HashMap<i64, usize>> {
        // Code key → the themes it counts for: every theme whose family (the
        // theme and its subthemes, from the one tree walk) gathers it.
        let themes = self.themes()?;
        let code_keys: HashMap<String, i64> = self.pairs("SELECT name, id FROM codes")?;
        // Indexed by code key and theme position, not hashed: this runs
        // once per link, a million times at a million excerpts.
        let mut themes_of_code: Vec<Vec<usize>> = Vec::new();
        for (t, codes) in crate::tree::theme_family_codes(&themes).iter().enumerate() {
            for &c in codes.iter().filter_map(|c| code_keys.get(c)) {
                let c = c.max(0) as usize;
                if themes_of_code.len() <= c {
                    themes_of_code.resize(c + 1, Vec::new());
                }
                themes_of_code[c].push(t);
            }
        }
        if themes_of_code.iter().all(Vec::is_empty) {
            return Ok(HashMap::new());
        }
        let orphans = self.orphan_ids()?;
        // Links come ordered by excerpt, so "last excerpt counted" dedups.
        let mut counts: Vec<(usize, i64)> = vec![(0, i64::MIN); themes.len()];
        let only = self.blind_coder()?;
        let mut stmt = self.conn().prepare_cached(links_sql(only.is_some()))?;
        let mut rows = match &only {
            Some(coder) => stmt.query([coder])?,
            None => stmt.query([])?,
        };
        while let Some(r) = rows.next()? {
            let code: i64 = r.get(1)?;
            let Some(of) = usize::try_from(code)
                .ok()
                .and_then(|c| themes_of_code.get(c))
            else {
                continue;
            };
            let excerpt: i64 = r.get(0)?;
            if of.is_empty() || orphans.contains(excerpt) {
                continue;
            }
            for &t in of {
                let c = &mut counts[t];
                if c.1 != excerpt {
                    c.0 += 1;
                    c.1 = excerpt;
                }
            }
        }
        Ok(themes
            .iter()
            .zip(counts)
            .filter(|(_, (n, _))| *n > 0)
            .map(|(t, (n, _))| (t.key, n))
            .collect())
    }

    /// The non-orphaned excerpts carrying any of `codes`, each once, by
    /// document (natural order) then position; `text` is left empty (see
    /// [`Project::excerpt_details`]), so a theme with 25,000 excerpts loads
    /// quickly. What the themes screen's review reader steps through.
    pub fn review_excerpts(&self, codes: &[String]) -> Result<Vec<CodeExcerpt>> {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        match self.blind_coder()? {
            None => self.review_excerpts_by_scan(codes),
            Some(coder) => self.review_excerpts_by_join(codes, Some(&coder)),
        }
    }

    /// [`Project::review_excerpts`] as one join (a coder's own links, in
    /// blind coding): a random read of a link and an excerpt per row.
    fn review_excerpts_by_join(
        &self,
        codes: &[String],
        only: Option<&String>,
    ) -> Result<Vec<CodeExcerpt>> {
        let marks = vec!["?"; codes.len()].join(",");
        let sql = format!(
            "SELECT DISTINCT e.id, d.name, e.start, e.end
             FROM codes c
             JOIN excerpt_codes ec ON ec.code_id = c.id
             JOIN excerpts e ON e.id = ec.excerpt_id
             JOIN documents d ON d.id = e.document_id
             WHERE e.orphan = 0 AND c.name IN ({marks})
               AND (?{n} IS NULL OR ec.coder = ?{n})",
            n = codes.len() + 1
        );
        let params = codes.iter().map(Some).chain([only]);
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            Ok(CodeExcerpt {
                excerpt: r.get(0)?,
                doc: r.get(1)?,
                span: Span::new(r.get::<_, i64>(2)? as usize, r.get::<_, i64>(3)? as usize),
                text: String::new(),
            })
        })?;
        let mut out: Vec<CodeExcerpt> = rows.collect::<rusqlite::Result<_>>()?;
        // Natural document order, computed once per document name.
        let rank = crate::text::natural_rank(out.iter().map(|e| e.doc.as_str()));
        out.sort_by_cached_key(|e| (rank[&e.doc], e.span.start, e.span.end, e.excerpt));
        Ok(out)
    }

    /// [`Project::review_excerpts`] without blind coding, in two index-only
    /// passes and no lookup per excerpt: the links by excerpt (which
    /// excerpts carry one of the codes), then the excerpts by document and
    /// position (already the order shown, up to the documents' natural
    /// order). At a million excerpts a theme of 200,000 took 1–2 s as a join,
    /// one random read of a link and an excerpt per row.
    fn review_excerpts_by_scan(&self, codes: &[String]) -> Result<Vec<CodeExcerpt>> {
        let mut keys = IdSet::default();
        for c in codes {
            if let Some(k) = self.code_key(c)? {
                keys.insert(k);
            }
        }
        let orphans = self.orphan_ids()?;
        let mut wanted = IdSet::default();
        {
            let mut stmt = self.conn().prepare_cached(links_sql(false))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let excerpt: i64 = r.get(0)?;
                if keys.contains(r.get(1)?) && !orphans.contains(excerpt) {
                    wanted.insert(excerpt);
                }
            }
        }
        let names: HashMap<i64, String> = self.pairs("SELECT id, name FROM documents")?;
        let mut out: Vec<CodeExcerpt> = Vec::new();
        let mut stmt = self.conn().prepare_cached(BY_POSITION)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(3)?;
            if !wanted.contains(id) {
                continue;
            }
            let doc: i64 = r.get(0)?;
            out.push(CodeExcerpt {
                excerpt: id,
                doc: names.get(&doc).cloned().unwrap_or_default(),
                span: Span::new(r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize),
                text: String::new(),
            });
        }
        // Rows are by document key then position: a stable sort by the
        // documents' natural rank keeps the positions in order.
        let rank = crate::text::natural_rank(out.iter().map(|e| e.doc.as_str()));
        out.sort_by_cached_key(|e| rank[&e.doc]);
        Ok(out)
    }

    /// The ids of orphaned excerpts (few), from their partial index.
    fn orphan_ids(&self) -> Result<IdSet> {
        let mut stmt = self.conn().prepare_cached(ORPHANS)?;
        let mut rows = stmt.query([])?;
        let mut out = IdSet::default();
        while let Some(r) = rows.next()? {
            out.insert(r.get(0)?);
        }
        Ok(out)
    }

    /// Text and codes (in the order applied) of the given excerpts.
    pub fn excerpt_details(&self, ids: &[i64]) -> Result<HashMap<i64, (String, Vec<String>)>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let marks = vec!["?"; ids.len()].join(",");
        let sql = format!(
            "SELECT e.id, e.text, c.name FROM excerpts e
             JOIN excerpt_codes ec ON ec.excerpt_id = e.id
             JOIN codes c ON c.id = ec.code_id
             WHERE e.id IN ({marks}) ORDER BY e.id, ec.id"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(ids.iter()))?;
        let mut out: HashMap<i64, (String, Vec<String>)> = HashMap::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let code: String = r.get(2)?;
            match out.get_mut(&id) {
                Some((_, codes)) => codes.push(code),
                None => {
                    out.insert(id, (r.get(1)?, vec![code]));
                }
            }
        }
        Ok(out)
    }

    /// The non-orphaned excerpts of a document with their codes, by position.
    pub fn excerpt_marks(&self, doc: &str) -> Result<Vec<Mark>> {
        let key = self.document_key(doc)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT e.id, e.start, e.end, c.name, ec.coder
             FROM excerpts e
             JOIN excerpt_codes ec ON ec.excerpt_id = e.id
             JOIN codes c ON c.id = ec.code_id
             WHERE e.document_id = ?1 AND e.orphan = 0 AND (?2 IS NULL OR ec.coder = ?2)
             ORDER BY e.start, e.end, e.id, ec.id",
        )?;
        let mut rows = stmt.query(rusqlite::params![key, self.blind_coder()?])?;
        let mut out: Vec<Mark> = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let name: String = r.get(3)?;
            let coder: String = r.get(4)?;
            match out.last_mut() {
                Some(m) if m.excerpt == id => {
                    m.codes.push(name);
                    m.coders.push(coder);
                }
                _ => out.push(Mark {
                    excerpt: id,
                    span: Span::new(r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize),
                    codes: vec![name],
                    coders: vec![coder],
                }),
            }
        }
        Ok(out)
    }

    /// The non-orphaned excerpts carrying a code, by document (natural
    /// order) then position. Orphans are left out: their offsets point at a
    /// text that is gone, so jumping to one would show (and let you code)
    /// unrelated text; they are listed by [`Project::orphans`] instead.
    pub fn code_excerpts(&self, code: &str) -> Result<Vec<CodeExcerpt>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT e.id, d.name, e.start, e.end, e.text
             FROM codes c
             JOIN excerpt_codes ec ON ec.code_id = c.id
             JOIN excerpts e ON e.id = ec.excerpt_id
             JOIN documents d ON d.id = e.document_id
             WHERE c.name = ?1 AND e.orphan = 0 AND (?2 IS NULL OR ec.coder = ?2)",
        )?;
        let only = self.blind_coder()?;
        let rows = stmt.query_map(rusqlite::params![code, only], |r| {
            Ok(CodeExcerpt {
                excerpt: r.get(0)?,
                doc: r.get(1)?,
                span: Span::new(r.get::<_, i64>(2)? as usize, r.get::<_, i64>(3)? as usize),
                text: r.get(4)?,
            })
        })?;
        let mut out: Vec<CodeExcerpt> = rows.collect::<rusqlite::Result<_>>()?;
        out.sort_by(|a, b| crate::text::natural_cmp(&a.doc, &b.doc).then(a.span.cmp(&b.span)));
        Ok(out)
    }

    /// The most recently applied code names, newest first (at most `n`),
    /// from the links that still exist. Without blind coding, one seek to
    /// the newest link of each code (`excerpt_codes_by_code` ends in the
    /// link id), not a pass over every link: the workbench asks this at
    /// start, on a million excerpts.
    pub fn recent_codes(&self, n: usize) -> Result<Vec<String>> {
        let only = self.blind_coder()?;
        let sql = if only.is_none() {
            "SELECT name FROM (
                 SELECT c.name AS name,
                        (SELECT max(ec.id) FROM excerpt_codes ec WHERE ec.code_id = c.id) AS last
                 FROM codes c)
             WHERE last IS NOT NULL AND ?2 IS NULL ORDER BY last DESC LIMIT ?1"
        } else {
            "SELECT c.name, max(ec.id) AS last FROM excerpt_codes ec
             JOIN codes c ON c.id = ec.code_id
             WHERE ?2 IS NULL OR ec.coder = ?2
             GROUP BY c.id ORDER BY last DESC LIMIT ?1"
        };
        let mut stmt = self.conn().prepare_cached(sql)?;
        let rows = stmt.query_map(rusqlite::params![n as i64, only], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::{BY_POSITION, ORPHANS, links_sql};
    use crate::model::Span;
    use crate::store::{NewDocument, Project, query_plan};

    /// The review list read by index passes is the join's, row for row:
    /// excerpts with two of the codes once, orphans left out, documents in
    /// natural order (D2 before D10), positions in order.
    #[test]
    fn review_by_scan_lists_what_the_join_lists() {
        let mut p = Project::in_memory().unwrap();
        let text = "Een twee. Drie vier. Vijf zes. Zeven acht.";
        let docs = ["D10", "D2", "D1"].map(|id| NewDocument {
            id: id.into(),
            text: text.into(),
            sha256: crate::text::sha256_hex(text),
            attributes: Default::default(),
            source: None,
        });
        p.import(docs.to_vec(), false).unwrap();
        for doc in ["D10", "D2", "D1"] {
            // (30 is the space before "Zeven acht.": the selection is
            // trimmed to start at 31.)
            for (at, code) in [(30, "a"), (0, "a"), (10, "b"), (0, "b"), (21, "c")] {
                p.apply_code(doc, Span::new(at, at + 8), code).unwrap();
            }
        }
        // D1's text changes: "Zeven acht." is gone, its excerpt orphans.
        let new = "Een twee. Drie vier. Vijf zes.";
        p.import(
            vec![NewDocument {
                id: "D1".into(),
                text: new.into(),
                sha256: crate::text::sha256_hex(new),
                attributes: Default::default(),
                source: None,
            }],
            true,
        )
        .unwrap();
        assert_eq!(p.orphans().unwrap().len(), 1);
        let codes = ["a".to_owned(), "b".to_owned()];
        let scan = p.review_excerpts_by_scan(&codes).unwrap();
        let join = p.review_excerpts_by_join(&codes, None).unwrap();
        assert_eq!(scan, join);
        let order: Vec<(&str, usize)> = scan
            .iter()
            .map(|e| (e.doc.as_str(), e.span.start))
            .collect();
        assert_eq!(
            order,
            [
                ("D1", 0),
                ("D1", 10),
                ("D2", 0),
                ("D2", 10),
                ("D2", 31),
                ("D10", 0),
                ("D10", 10),
                ("D10", 31)
            ]
        );
    }

    /// The themes screen's reads at a million excerpts: the orphans from
    /// their partial index, the links and the positions from an index
    /// alone, in index order (no row reads, no sort).
    #[test]
    fn theme_reads_walk_indexes_only() {
        let p = Project::in_memory().unwrap();
        let plan = |sql: &str| query_plan(&p, sql).unwrap().join("; ");
        let orphans = plan(ORPHANS);
        assert!(orphans.contains("excerpts_orphaned"), "{orphans}");
        for (sql, index) in [
            (BY_POSITION, "COVERING INDEX excerpts_by_document"),
            (
                links_sql(false),
                "COVERING INDEX sqlite_autoindex_excerpt_codes_1",
            ),
        ] {
            let got = plan(sql);
            assert!(got.contains(index), "{sql}: {got}");
            assert!(!got.contains("TEMP B-TREE"), "{sql}: {got}");
        }
    }
}
