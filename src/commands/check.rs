//! `thema check`: the privacy check over the excerpts that reports publish.
//! Lists each passage that may identify someone (its id, document, unit,
//! words, rule); exits 1 while any finding is not reviewed. `--accept`
//! records findings as reviewed (the ids given, or every listed one; one
//! event), `--redact` replaces findings with […] in the quote's display
//! version, `--allow`/`--deny` edit the project's lists of words that are /
//! always are identifying, `--export` checks what a QDPX export publishes.
//! [`gate`] is the same check run by every output that publishes excerpt
//! text (reports, QDPX export): it refuses, naming each open finding.

use super::{Context, note, print_json};
use crate::analysis::privacy::{self, ExcerptFinding};
use crate::error::{Error, Result};
use crate::store::MarkChange;
use std::collections::{BTreeMap, HashSet};

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Group findings by this attribute (shown as the unit).
    #[arg(long, default_value = "unit")]
    pub by: String,
    /// Only this excerpt.
    #[arg(long, value_name = "ID")]
    pub excerpt: Option<i64>,
    /// Record findings as reviewed (shown in the method appendix): the finding
    /// ids given (as listed, e.g. 57-3fa2), or without ids every listed one.
    #[arg(long, value_name = "ID", num_args = 0.., conflicts_with = "redact")]
    pub accept: Option<Vec<String>>,
    /// Replace a finding with […] in the quote's display version (the
    /// excerpt stays whole; undo with `thema undo`).
    #[arg(long, value_name = "ID", num_args = 1.., conflicts_with = "export")]
    pub redact: Vec<String>,
    /// Check what `thema export FILE.qdpx` publishes: the whole text of every
    /// excerpt, excluded ones too (display versions are not exported).
    #[arg(long)]
    pub export: bool,
    /// Never flag this word as a name (repeatable; kept in the project).
    #[arg(long, value_name = "WORD")]
    pub allow: Vec<String>,
    /// Always flag this term, e.g. a real place name (repeatable; kept in the project).
    #[arg(long, value_name = "TERM")]
    pub deny: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

/// What is about to be published, which decides the advice when refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Quotes in a report: display versions and exclusions apply.
    Reports,
    /// A QDPX export: every excerpt's whole text.
    Export,
}

impl CheckArgs {
    fn findings(&self, p: &crate::store::Project) -> Result<Vec<ExcerptFinding>> {
        let data = p.coding_data()?;
        let only: Option<HashSet<i64>> = self.excerpt.map(|e| std::iter::once(e).collect());
        if self.export {
            privacy::check_export(p, &data, &self.by, only.as_ref())
        } else {
            privacy::check_project(p, &data, &self.by, only.as_ref())
        }
    }

    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let p = ctx.project()?;
        if !self.allow.is_empty() {
            p.add_check_words(false, &self.allow)?;
        }
        if !self.deny.is_empty() {
            p.add_check_words(true, &self.deny)?;
        }
        let mut findings = self.findings(p)?;
        if !self.redact.is_empty() {
            redact(p, &findings, &self.redact)?;
            findings = self.findings(p)?;
        }
        if let Some(ids) = &self.accept {
            let chosen: Vec<&ExcerptFinding> = if ids.is_empty() {
                findings.iter().collect()
            } else {
                pick(&findings, ids)?
            };
            let mut new: Vec<(i64, String, String)> = chosen
                .iter()
                .filter(|f| !f.reviewed)
                .map(|f| (f.excerpt, f.rule.to_owned(), f.words.clone()))
                .collect();
            new.sort();
            new.dedup();
            let n = p.accept_findings(&new)?;
            note(format!("{n} finding(s) recorded as reviewed"));
            let done: HashSet<&str> = chosen.iter().map(|f| f.id.as_str()).collect();
            let done: HashSet<String> = done.into_iter().map(str::to_owned).collect();
            for f in &mut findings {
                f.reviewed |= done.contains(&f.id);
            }
        }
        if self.json {
            print_json(&findings)?;
        } else {
            let mut out = super::Out::new();
            for f in &findings {
                out.line(&format!("{}  {}", f.id, describe(f)))?;
            }
            out.finish()?;
        }
        verdict(
            &findings,
            if self.export {
                Gate::Export
            } else {
                Gate::Reports
            },
        )
    }
}

/// "D5 (Politie-eenheid X) excerpt 12: “van negentien” — an age [reviewed]"
fn describe(f: &ExcerptFinding) -> String {
    format!(
        "{} ({}) excerpt {}: “{}” — {}{}",
        f.doc,
        f.group,
        f.excerpt,
        crate::text::Safe(&f.words),
        privacy::rule_text(f.rule),
        if f.reviewed { " [reviewed]" } else { "" }
    )
}

/// The findings with the given ids; an unknown id is a user error (nothing
/// is changed), naming it.
fn pick<'a>(findings: &'a [ExcerptFinding], ids: &[String]) -> Result<Vec<&'a ExcerptFinding>> {
    let unknown: Vec<&str> = ids
        .iter()
        .map(|i| i.trim())
        .filter(|i| !findings.iter().any(|f| f.id == *i))
        .collect();
    if !unknown.is_empty() {
        return Err(Error::hint(
            format!(
                "no finding with id {} in this check",
                unknown
                    .iter()
                    .map(|i| crate::text::Safe(i).to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "nothing was changed; `thema check` lists the ids (first column)",
        ));
    }
    Ok(findings
        .iter()
        .filter(|f| ids.iter().any(|i| i.trim() == f.id))
        .collect())
}

/// Replace the findings `ids` with […] in their quotes' display versions:
/// one checked, undoable quote mark per excerpt.
fn redact(
    p: &mut crate::store::Project,
    findings: &[ExcerptFinding],
    ids: &[String],
) -> Result<()> {
    let chosen = pick(findings, ids)?;
    let mut per_excerpt: BTreeMap<i64, Vec<(usize, usize)>> = BTreeMap::new();
    for f in chosen {
        per_excerpt
            .entry(f.excerpt)
            .or_default()
            .push((f.start, f.end));
    }
    let marks = p.quote_marks()?;
    let ex_ids: Vec<i64> = per_excerpt.keys().copied().collect();
    let texts = p.excerpt_texts(&ex_ids)?;
    for (ex, mut ranges) in per_excerpt {
        let published = marks
            .get(&ex)
            .and_then(|m| m.display.clone())
            .or_else(|| texts.get(&ex).cloned())
            .unwrap_or_default();
        ranges.sort_unstable();
        ranges.dedup();
        let mut shown = published.clone();
        for &(s, e) in ranges.iter().rev() {
            if shown.is_char_boundary(s) && shown.is_char_boundary(e) && s <= e {
                shown.replace_range(s..e, "[…]");
            }
        }
        p.mark_quote(
            ex,
            &MarkChange {
                display: Some(Some(shown.clone())),
                ..Default::default()
            },
        )?;
        note(format!(
            "excerpt {ex}: reports now show “{}”",
            crate::text::Safe(&shown)
        ));
    }
    Ok(())
}

/// The privacy check before excerpt text is published: refuse, naming every
/// open finding, unless all are reviewed or `allow_flagged`.
pub fn gate(
    findings: Vec<ExcerptFinding>,
    allow_flagged: bool,
    what: Gate,
) -> Result<Vec<ExcerptFinding>> {
    let open: Vec<&ExcerptFinding> = findings.iter().filter(|f| !f.reviewed).collect();
    if open.is_empty() {
        return Ok(findings);
    }
    for f in &open {
        note(format!("privacy: [{}] {}", f.id, describe(f)));
    }
    if allow_flagged {
        note(format!(
            "{} privacy finding(s) not reviewed; published anyway (--allow-flagged)",
            open.len()
        ));
        return Ok(findings);
    }
    verdict(&findings, what)?;
    Ok(findings)
}

/// Ok when every finding is reviewed; else the user error that says how many
/// are left and what to do.
pub fn verdict(findings: &[ExcerptFinding], what: Gate) -> Result<()> {
    let open = findings.iter().filter(|f| !f.reviewed).count();
    let excerpts: HashSet<i64> = findings
        .iter()
        .filter(|f| !f.reviewed)
        .map(|f| f.excerpt)
        .collect();
    if open == 0 {
        note(format!(
            "privacy check: no open findings ({} reviewed)",
            findings.len()
        ));
        return Ok(());
    }
    Err(Error::hint(
        format!(
            "privacy check: {open} finding(s) in {} excerpt(s) not reviewed",
            excerpts.len()
        ),
        match what {
            Gate::Reports => {
                "redact them in the quote's display text (`thema check --redact ID`, or `thema quote ID --display \"… [leeftijd] …\"`), exclude the excerpt (`thema quote ID --exclude`), or review and accept them (`thema check --accept ID…`, or `--accept` for all); `--allow-flagged` publishes anyway"
            }
            Gate::Export => {
                "a QDPX export carries each excerpt's whole text (display versions and exclusions do not apply): review and accept them (`thema check --export --accept ID…`, or `--accept` for all), or export anyway with --allow-flagged"
            }
        },
    ))
}
