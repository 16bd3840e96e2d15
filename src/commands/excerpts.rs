//! `thema excerpts` and `thema uncode`.

use super::table::Table;
use super::{Context, Out, note, print_text};
use crate::error::Result;
use crate::store::ExcerptFilter;

#[derive(Debug, clap::Args)]
pub struct ExcerptsArgs {
    /// Only excerpts with this code.
    #[arg(long)]
    pub code: Option<String>,
    /// Only excerpts of this document.
    #[arg(long)]
    pub doc: Option<String>,
    /// Print JSON: [{"id", "doc", "start", "end", "text", "codes", "coder", "attributes"}].
    #[arg(long)]
    pub json: bool,
}

impl ExcerptsArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let filter = ExcerptFilter {
            doc: self.doc.clone(),
            code: self.code.clone(),
        };
        let project = ctx.project()?;
        // Blind coding: only this coder's excerpts (see `thema blind`).
        let mine = project.is_blind()?.then(|| project.coder().to_owned());
        if self.json {
            // Streamed: each excerpt goes from its row straight into the
            // buffered stdout; memory does not grow with the count.
            let mut out = Out::new();
            out.json_stream(|emit| {
                project.for_each_excerpt(&filter, |e| match &mine {
                    Some(me) if &e.coder != me => Ok(()),
                    _ => emit(&e),
                })
            })?;
            return out.finish();
        }
        let mut excerpts = project.excerpts(&filter)?;
        if let Some(me) = &mine {
            excerpts.retain(|e| &e.coder == me);
        }
        if excerpts.is_empty() {
            note("no excerpts match");
            return Ok(());
        }
        let mut t = Table::new(&["ID", "DOC", "SPAN", "CODES", "TEXT"])
            .max_width(3, 40)
            .max_width(4, 60);
        for e in &excerpts {
            let span = if e.orphan {
                "orphan".to_owned()
            } else {
                format!("{}:{}", e.start, e.end)
            };
            t.row(vec![
                e.id.to_string(),
                e.doc.clone(),
                span,
                e.codes.join(", "),
                e.text.clone(),
            ]);
        }
        print_text(&t.render())?;
        let orphans = excerpts.iter().filter(|e| e.orphan).count();
        if orphans > 0 {
            note(format!(
                "{orphans} orphaned excerpt(s): their text is no longer in the document (see `thema orphans` to re-attach or delete them)"
            ));
        }
        Ok(())
    }
}

#[derive(Debug, clap::Args)]
pub struct UncodeArgs {
    /// The excerpt id (see `thema excerpts`).
    pub excerpt: i64,
    /// Remove only this code (default: all codes, which deletes the excerpt).
    pub code: Option<String>,
}

impl UncodeArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        ctx.project()?.uncode(self.excerpt, self.code.as_deref())?;
        match &self.code {
            Some(c) => note(format!("removed \"{c}\" from excerpt {}", self.excerpt)),
            None => note(format!("removed all codes from excerpt {}", self.excerpt)),
        }
        Ok(())
    }
}
