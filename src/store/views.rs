//! Read-only queries shaped for the TUI: the coded spans of one document and
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
    /// Distinct non-orphaned excerpts per theme key, a theme counting its
    /// subthemes' excerpts too (as the reports do). Themes without any are absent.
    pub fn theme_excerpt_counts(&self) -> Result<HashMap<i64, usize>> {
        let mut stmt = self.conn().prepare_cached(
            "WITH RECURSIVE sub(root, id) AS (
                 SELECT id, id FROM themes
                 UNION
                 SELECT sub.root, t.id FROM themes t JOIN sub ON t.parent_id = sub.id
             )
             SELECT sub.root, count(DISTINCT ec.excerpt_id)
             FROM sub
             JOIN theme_codes tc ON tc.theme_id = sub.id
             JOIN excerpt_codes ec ON ec.code_id = tc.code_id
             JOIN excerpts e ON e.id = ec.excerpt_id AND e.orphan = 0
             GROUP BY sub.root",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The non-orphaned excerpts carrying any of `codes`, each once, with all
    /// their codes (in the order applied); by document (natural order) then
    /// position. What the themes screen's review reader steps through.
    pub fn review_excerpts(&self, codes: &[String]) -> Result<Vec<(CodeExcerpt, Vec<String>)>> {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        let marks = vec!["?"; codes.len()].join(",");
        let sql = format!(
            "SELECT e.id, d.name, e.start, e.end, e.text, c.name
             FROM excerpts e
             JOIN documents d ON d.id = e.document_id
             JOIN excerpt_codes ec ON ec.excerpt_id = e.id
             JOIN codes c ON c.id = ec.code_id
             WHERE e.orphan = 0 AND e.id IN (
                 SELECT ec2.excerpt_id FROM excerpt_codes ec2
                 JOIN codes c2 ON c2.id = ec2.code_id
                 WHERE c2.name IN ({marks}))
             ORDER BY e.id, ec.id"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(codes.iter()))?;
        let mut out: Vec<(CodeExcerpt, Vec<String>)> = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let code: String = r.get(5)?;
            match out.last_mut() {
                Some((x, codes)) if x.excerpt == id => codes.push(code),
                _ => out.push((
                    CodeExcerpt {
                        excerpt: id,
                        doc: r.get(1)?,
                        span: Span::new(r.get::<_, i64>(2)? as usize, r.get::<_, i64>(3)? as usize),
                        text: r.get(4)?,
                    },
                    vec![code],
                )),
            }
        }
        out.sort_by(|(a, _), (b, _)| {
            crate::text::natural_cmp(&a.doc, &b.doc).then(a.span.cmp(&b.span))
        });
        Ok(out)
    }

    /// The non-orphaned excerpts of a document with their codes, by position.
    pub fn excerpt_marks(&self, doc: &str) -> Result<Vec<Mark>> {
        let key = self.document_key(doc)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT e.id, e.start, e.end, c.name
             FROM excerpts e
             JOIN excerpt_codes ec ON ec.excerpt_id = e.id
             JOIN codes c ON c.id = ec.code_id
             WHERE e.document_id = ? AND e.orphan = 0
             ORDER BY e.start, e.end, e.id, ec.id",
        )?;
        let mut rows = stmt.query([key])?;
        let mut out: Vec<Mark> = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let name: String = r.get(3)?;
            match out.last_mut() {
                Some(m) if m.excerpt == id => m.codes.push(name),
                _ => out.push(Mark {
                    excerpt: id,
                    span: Span::new(r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize),
                    codes: vec![name],
                }),
            }
        }
        Ok(out)
    }

    /// The excerpts carrying a code, by document (natural order) then position.
    pub fn code_excerpts(&self, code: &str) -> Result<Vec<CodeExcerpt>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT e.id, d.name, e.start, e.end, e.text
             FROM codes c
             JOIN excerpt_codes ec ON ec.code_id = c.id
             JOIN excerpts e ON e.id = ec.excerpt_id
             JOIN documents d ON d.id = e.document_id
             WHERE c.name = ?",
        )?;
        let rows = stmt.query_map([code], |r| {
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
    /// from the links that still exist.
    pub fn recent_codes(&self, n: usize) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.name, max(ec.id) AS last FROM excerpt_codes ec
             JOIN codes c ON c.id = ec.code_id
             GROUP BY c.id ORDER BY last DESC LIMIT ?",
        )?;
        let rows = stmt.query_map([n as i64], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
