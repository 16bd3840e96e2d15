//! `thema check`: the privacy check over the excerpts that reports publish.
//! Lists each passage that may identify someone (document, unit, words,
//! rule); exits 1 while any finding is not reviewed. `--accept` records the
//! listed findings as reviewed (one event); `--allow`/`--deny` edit the
//! project's lists of words that are / always are identifying.

use super::{Context, note, print_json};
use crate::analysis::privacy::{self, ExcerptFinding};
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Group findings by this attribute (shown as the unit).
    #[arg(long, default_value = "unit")]
    pub by: String,
    /// Only this excerpt.
    #[arg(long, value_name = "ID")]
    pub excerpt: Option<i64>,
    /// Record the listed findings as reviewed (shown in the method appendix).
    #[arg(long)]
    pub accept: bool,
    /// Never flag this word as a name (repeatable; kept in the project).
    #[arg(long, value_name = "WORD")]
    pub allow: Vec<String>,
    /// Always flag this term, e.g. a real place name (repeatable; kept in the project).
    #[arg(long, value_name = "TERM")]
    pub deny: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

impl CheckArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let p = ctx.project()?;
        if !self.allow.is_empty() {
            p.add_check_words(false, &self.allow)?;
        }
        if !self.deny.is_empty() {
            p.add_check_words(true, &self.deny)?;
        }
        let data = p.coding_data()?;
        let only = self.excerpt.map(|e| std::iter::once(e).collect());
        let mut findings = privacy::check_project(p, &data, &self.by, only.as_ref())?;
        if self.accept {
            let new: Vec<(i64, String, String)> = findings
                .iter()
                .filter(|f| !f.reviewed)
                .map(|f| (f.excerpt, f.rule.to_owned(), f.words.clone()))
                .collect();
            let n = p.accept_findings(&new)?;
            note(format!("{n} finding(s) recorded as reviewed"));
            for f in &mut findings {
                f.reviewed = true;
            }
        }
        if self.json {
            print_json(&findings)?;
        } else {
            let mut out = super::Out::new();
            for f in &findings {
                out.line(&format!(
                    "{} ({}) excerpt {}: “{}” — {}{}",
                    f.doc,
                    f.group,
                    f.excerpt,
                    f.words,
                    privacy::rule_text(f.rule),
                    if f.reviewed { " [reviewed]" } else { "" }
                ))?;
            }
            out.finish()?;
        }
        verdict(&findings)
    }
}

/// Ok when every finding is reviewed; else the user error that says how many
/// are left and what to do.
pub fn verdict(findings: &[ExcerptFinding]) -> Result<()> {
    let open = findings.iter().filter(|f| !f.reviewed).count();
    let excerpts: std::collections::HashSet<i64> = findings
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
        "redact them in the quote's display text (`thema quote ID --display \"… [leeftijd] …\"`), exclude the excerpt (`thema quote ID --exclude`), or review and accept them (`thema check --accept`)",
    ))
}
