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
        let mut themes_of_code: HashMap<i64, Vec<i64>> = HashMap::new();
        for (t, codes) in themes.iter().zip(crate::tree::theme_family_codes(&themes)) {
            for c in codes.iter().filter_map(|c| code_keys.get(c)) {
                themes_of_code.entry(*c).or_default().push(t.key);
            }
        }
        if themes_of_code.is_empty() {
            return Ok(HashMap::new());
        }
        let orphans: std::collections::HashSet<i64> = {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT id FROM excerpts WHERE orphan = 1")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        // Links come ordered by excerpt, so "last excerpt counted" dedups.
        let mut counts: HashMap<i64, (usize, i64)> = HashMap::new();
        let only = self.blind_coder()?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT excerpt_id, code_id FROM excerpt_codes
             WHERE ?1 IS NULL OR coder = ?1 ORDER BY excerpt_id",
        )?;
        let mut rows = stmt.query([&only])?;
        while let Some(r) = rows.next()? {
            let code: i64 = r.get(1)?;
            let Some(themes) = themes_of_code.get(&code) else {
                continue;
            };
            let excerpt: i64 = r.get(0)?;
            if orphans.contains(&excerpt) {
                continue;
            }
            for t in themes {
                let c = counts.entry(*t).or_insert((0, i64::MIN));
                if c.1 != excerpt {
                    c.0 += 1;
                    c.1 = excerpt;
                }
            }
        }
        Ok(counts.into_iter().map(|(t, (n, _))| (t, n)).collect())
    }

    /// The non-orphaned excerpts carrying any of `codes`, each once, by
    /// document (natural order) then position; `text` is left empty (see
    /// [`Project::excerpt_details`]), so a theme with 25,000 excerpts loads
    /// quickly. What the themes screen's review reader steps through.
    pub fn review_excerpts(&self, codes: &[String]) -> Result<Vec<CodeExcerpt>> {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
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
        let only = self.blind_coder()?;
        let params = codes.iter().map(Some).chain([only.as_ref()]);
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
