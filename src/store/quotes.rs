//! Curated quotes and reviewed privacy findings (schema version 6): which
//! excerpts are key quotes, which are kept out of reports, the display
//! version of a quote trimmed with […], and the privacy findings an analyst
//! accepted. Each change is one logged event, so it can be undone.

use super::{Project, Tx};
use crate::error::{Error, Result};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// How an excerpt is used as a quote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QuoteMark {
    pub excerpt: i64,
    /// Shown first, and alone with `--key-only`.
    pub key: bool,
    /// Never shown in a report.
    pub excluded: bool,
    /// The text reports show instead of the whole excerpt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

/// A change to an excerpt's quote mark; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct MarkChange {
    pub key: Option<bool>,
    pub excluded: Option<bool>,
    /// `Some(None)` removes the display version.
    pub display: Option<Option<String>>,
}

impl Project {
    /// Every quote mark, by excerpt id.
    pub fn quote_marks(&self) -> Result<HashMap<i64, QuoteMark>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT excerpt_id, key_quote, excluded, display FROM quote_marks")?;
        let rows = stmt.query_map([], |r| {
            Ok(QuoteMark {
                excerpt: r.get(0)?,
                key: r.get(1)?,
                excluded: r.get(2)?,
                display: r.get(3)?,
            })
        })?;
        let mut out = HashMap::new();
        for m in rows {
            let m = m?;
            out.insert(m.excerpt, m);
        }
        Ok(out)
    }

    /// Mark an excerpt as a key quote, exclude it, or give it a display
    /// version (checked: ordered pieces of the excerpt, cuts marked […]).
    pub fn mark_quote(&mut self, excerpt: i64, change: &MarkChange) -> Result<QuoteMark> {
        let mut tx = self.begin()?;
        let text: Option<String> = tx
            .conn()
            .query_row("SELECT text FROM excerpts WHERE id = ?", [excerpt], |r| {
                r.get(0)
            })
            .optional()?;
        let text = text.ok_or_else(|| {
            Error::hint(
                format!("no excerpt with id {excerpt}"),
                "see `thema excerpts` for the ids",
            )
        })?;
        let old: Option<(i64, bool, bool, Option<String>)> = tx
            .conn()
            .query_row(
                "SELECT id, key_quote, excluded, display FROM quote_marks WHERE excerpt_id = ?",
                [excerpt],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let (id, key, excluded, display) = match &old {
            Some((id, k, e, d)) => (Some(*id), *k, *e, d.clone()),
            None => (None, false, false, None),
        };
        let new = QuoteMark {
            excerpt,
            key: change.key.unwrap_or(key),
            excluded: change.excluded.unwrap_or(excluded),
            display: match &change.display {
                Some(d) => d
                    .as_ref()
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty()),
                None => display,
            },
        };
        if let Some(d) = &new.display {
            crate::text::trimmed::check_display(&text, d).map_err(|why| {
                Error::hint(
                    format!("display text for excerpt {excerpt} refused: {why}"),
                    "copy the excerpt (`thema show` or `thema excerpts`) and replace the parts to leave out with […]",
                )
            })?;
        }
        if new.key && new.excluded {
            return Err(Error::hint(
                format!("excerpt {excerpt} cannot be a key quote and excluded from reports"),
                "nothing was changed; use --include / --no-key first",
            ));
        }
        let cols: [(&str, &dyn rusqlite::ToSql); 4] = [
            ("excerpt_id", &excerpt),
            ("key_quote", &new.key),
            ("excluded", &new.excluded),
            ("display", &new.display),
        ];
        match id {
            Some(id) if !new.key && !new.excluded && new.display.is_none() => {
                tx.delete("quote_marks", id)?
            }
            Some(id) => tx.update("quote_marks", id, &cols[1..])?,
            None if !new.key && !new.excluded && new.display.is_none() => {}
            None => {
                tx.insert("quote_marks", &cols)?;
            }
        }
        let what = match (new.key, new.excluded) {
            (true, _) => "key quote",
            (_, true) => "excluded from reports",
            _ => "ordinary quote",
        };
        tx.commit(
            "quote.mark",
            &format!(
                "excerpt {excerpt}: {what}{}",
                if new.display.is_some() {
                    ", trimmed"
                } else {
                    ""
                }
            ),
        )?;
        Ok(new)
    }

    /// Privacy findings accepted so far: (excerpt, rule, words).
    pub fn reviewed_findings(&self) -> Result<HashSet<(i64, String, String)>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT excerpt_id, rule, words FROM check_reviews")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Accept privacy findings (one event for all of them); returns how many
    /// were new.
    pub fn accept_findings(&mut self, findings: &[(i64, String, String)]) -> Result<usize> {
        let mut tx = self.begin()?;
        let mut n = 0;
        for (ex, rule, words) in findings {
            if accept_in(&mut tx, *ex, rule, words)? {
                n += 1;
            }
        }
        tx.commit(
            "check.accept",
            &format!("{n} privacy finding(s) reviewed and accepted"),
        )?;
        Ok(n)
    }
}

fn accept_in(tx: &mut Tx<'_>, ex: i64, rule: &str, words: &str) -> Result<bool> {
    let exists: Option<i64> = tx
        .conn()
        .query_row(
            "SELECT id FROM check_reviews WHERE excerpt_id = ? AND rule = ? AND words = ?",
            params![ex, rule, words],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_some() {
        return Ok(false);
    }
    let coder = tx.coder().to_owned();
    tx.insert(
        "check_reviews",
        &[
            ("excerpt_id", &ex),
            ("rule", &rule),
            ("words", &words),
            ("coder", &coder),
        ],
    )?;
    Ok(true)
}

impl Project {
    /// The privacy check's project lists: (allow, deny). Settings of the
    /// project file, not analysis data (like `blind`), so not events.
    pub fn check_lists(&self) -> Result<(Vec<String>, Vec<String>)> {
        let get = |key: &str| -> Result<Vec<String>> {
            let v: Option<String> = self
                .conn()
                .query_row("SELECT value FROM settings WHERE key = ?", [key], |r| {
                    r.get(0)
                })
                .optional()?;
            Ok(v.map(|v| serde_json::from_str(&v).unwrap_or_default())
                .unwrap_or_default())
        };
        Ok((get("check.allow")?, get("check.deny")?))
    }

    /// Add words to the allow-list (`deny` false) or the deny-list.
    pub fn add_check_words(&mut self, deny: bool, words: &[String]) -> Result<()> {
        let (allow, denied) = self.check_lists()?;
        let mut list = if deny { denied } else { allow };
        for w in words.iter().map(|w| w.trim()).filter(|w| !w.is_empty()) {
            if !list.iter().any(|l| l.eq_ignore_ascii_case(w)) {
                list.push(w.to_owned());
            }
        }
        self.conn().execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
            params![
                if deny { "check.deny" } else { "check.allow" },
                serde_json::to_string(&list)?
            ],
        )?;
        Ok(())
    }
}

impl Project {
    /// Every document's id and the SHA-256 of its text, for the report's
    /// fingerprint.
    pub fn document_hashes(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT name, sha256 FROM documents ORDER BY name")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
