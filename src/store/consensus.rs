//! Settling a disagreement into the consensus coding: the consensus coder
//! (default `consensus`) gets, at one span, exactly the disputed codes the
//! reviewer chose (one coder's, both, or neither), as one change. The
//! reviewer is the change's coder, so the log says who settled what; the
//! excerpt and codings belong to the consensus coder, so `agreement --coders
//! consensus,anna` compares each coder with the settled result.

use super::Project;
use super::excerpts::delete_if_uncoded;
use crate::error::{Error, Result};
use crate::model::Span;
use rusqlite::OptionalExtension;

impl Project {
    /// Make `consensus`'s codes at `span` of `doc`, among `disputed`, equal
    /// to `chosen` (a subset of `disputed`); codes not disputed are left
    /// alone. `decision` is said in the log ("anna's", "both", "neither").
    /// Returns the event id: every decision is an event, also one that
    /// leaves the consensus as it was (see [`super::Tx::commit_decision`]).
    pub fn settle(
        &mut self,
        doc: &str,
        span: Span,
        disputed: &[String],
        chosen: &[String],
        consensus: &str,
        decision: &str,
    ) -> Result<i64> {
        let consensus = consensus.trim();
        if consensus.is_empty() {
            return Err(Error::user("the consensus coder needs a name"));
        }
        let doc_key = self.document_key(doc)?;
        let mut codes = Vec::with_capacity(disputed.len());
        for name in disputed {
            let key = self
                .code_key(name)?
                .ok_or_else(|| super::not_found("code", name, "thema codes"))?;
            codes.push((key, name, chosen.contains(name)));
        }
        let mut tx = self.begin()?;
        let text: String = tx.conn().query_row(
            "SELECT t.text FROM documents d JOIN texts t ON t.id = d.text_id WHERE d.id = ?",
            [doc_key],
            |r| r.get(0),
        )?;
        let copy = text
            .get(span.start..span.end)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                Error::user(format!(
                    "[{}, {}) is not a span of {doc}",
                    span.start, span.end
                ))
            })?
            .to_owned();
        let find = |tx: &super::Tx<'_>| -> Result<Option<i64>> {
            Ok(tx
                .conn()
                .prepare_cached(
                    "SELECT id FROM excerpts WHERE document_id = ? AND start = ? AND end = ? AND coder = ?",
                )?
                .query_row(
                    rusqlite::params![doc_key, span.start as i64, span.end as i64, consensus],
                    |r| r.get(0),
                )
                .optional()?)
        };
        let mut excerpt = find(&tx)?;
        let now = tx.now().to_owned();
        for (code, _, wanted) in &codes {
            let link: Option<i64> = match excerpt {
                None => None,
                Some(e) => tx
                    .conn()
                    .prepare_cached(
                        "SELECT id FROM excerpt_codes WHERE excerpt_id = ? AND code_id = ?",
                    )?
                    .query_row([e, *code], |r| r.get(0))
                    .optional()?,
            };
            match (wanted, link) {
                (true, None) => {
                    let e = match excerpt {
                        Some(e) => e,
                        None => {
                            let e = tx.insert(
                                "excerpts",
                                &[
                                    ("document_id", &doc_key),
                                    ("start", &(span.start as i64)),
                                    ("end", &(span.end as i64)),
                                    ("text", &copy),
                                    ("coder", &consensus),
                                    ("created_at", &now),
                                ],
                            )?;
                            excerpt = Some(e);
                            e
                        }
                    };
                    tx.insert(
                        "excerpt_codes",
                        &[
                            ("excerpt_id", &e),
                            ("code_id", code),
                            ("coder", &consensus),
                            ("created_at", &now),
                        ],
                    )?;
                }
                (false, Some(link)) => tx.delete("excerpt_codes", link)?,
                _ => {}
            }
        }
        if let Some(e) = excerpt {
            delete_if_uncoded(&mut tx, e)?;
        }
        let names: Vec<&str> = codes.iter().map(|(_, n, _)| n.as_str()).collect();
        tx.commit_decision(
            "consensus.settle",
            &format!(
                "settled {doc} [{}, {}) for {consensus}: {decision} (\"{}\")",
                span.start,
                span.end,
                names.join("\", \"")
            ),
        )
    }
}
