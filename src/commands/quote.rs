//! `thema quote`: curate quotes for reports — mark an excerpt as a key quote,
//! keep it out of reports, or give it a display version trimmed with […].

use super::{Context, note, print_json};
use crate::error::{Error, Result};
use crate::store::MarkChange;

#[derive(Debug, clap::Args)]
pub struct QuoteArgs {
    /// The excerpt id (see `thema excerpts`). Without one, list the marked excerpts.
    pub excerpt: Option<i64>,
    /// Make it a key quote: shown first, and alone with `report … --key-only`.
    #[arg(long, conflicts_with = "no_key")]
    pub key: bool,
    /// No longer a key quote.
    #[arg(long)]
    pub no_key: bool,
    /// Keep it out of every report.
    #[arg(long, conflicts_with_all = ["include", "key"])]
    pub exclude: bool,
    /// Show it in reports again.
    #[arg(long)]
    pub include: bool,
    /// What reports show instead of the whole excerpt: the excerpt with parts
    /// left out as […] (or redacted as [naam]); checked against the excerpt.
    #[arg(long, value_name = "TEXT", conflicts_with = "no_display")]
    pub display: Option<String>,
    /// Show the whole excerpt again.
    #[arg(long)]
    pub no_display: bool,
    #[arg(long)]
    pub json: bool,
}

impl QuoteArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let p = ctx.project()?;
        let Some(ex) = self.excerpt else {
            let mut marks: Vec<_> = p.quote_marks()?.into_values().collect();
            marks.sort_by_key(|m| m.excerpt);
            if self.json {
                return print_json(&marks);
            }
            let mut out = super::Out::new();
            for m in marks {
                let what = if m.key {
                    "key"
                } else if m.excluded {
                    "excluded"
                } else {
                    "-"
                };
                out.line(&format!(
                    "{:>6}  {what:<8}  {}",
                    m.excerpt,
                    m.display.as_deref().unwrap_or("")
                ))?;
            }
            return out.finish();
        };
        let change = MarkChange {
            key: (self.key || self.no_key).then_some(self.key),
            excluded: (self.exclude || self.include).then_some(self.exclude),
            display: if self.no_display {
                Some(None)
            } else {
                self.display.clone().map(Some)
            },
        };
        if change.key.is_none() && change.excluded.is_none() && change.display.is_none() {
            return Err(Error::hint(
                "nothing to change",
                "say --key, --no-key, --exclude, --include, --display TEXT or --no-display",
            ));
        }
        let m = p.mark_quote(ex, &change)?;
        if self.json {
            return print_json(&m);
        }
        note(format!(
            "excerpt {ex}: {}{}",
            if m.key {
                "key quote"
            } else if m.excluded {
                "excluded from reports"
            } else {
                "ordinary quote"
            },
            if m.display.is_some() { ", trimmed" } else { "" }
        ));
        Ok(())
    }
}
