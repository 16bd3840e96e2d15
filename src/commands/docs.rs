//! `thema docs` and `thema show`: list documents, print one.

use super::table::Table;
use super::{Context, Out, print_json};
use crate::error::Result;
use crate::text::Safe;

#[derive(Debug, clap::Args)]
pub struct DocsArgs {
    /// Print JSON: [{"id", "attributes", "chars", "excerpts"}].
    #[arg(long)]
    pub json: bool,
    /// The attribute shown in its own column.
    #[arg(long, default_value = "unit")]
    pub by: String,
}

impl DocsArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let docs = ctx.project()?.documents()?;
        if self.json {
            return print_json(&docs);
        }
        if docs.is_empty() {
            super::note("no documents yet; add some with `thema import FOLDER`");
            return Ok(());
        }
        let by = self.by.to_uppercase();
        let mut t =
            Table::new(&["ID", &by, "CHARS", "EXCERPTS", "OTHER ATTRIBUTES"]).max_width(4, 60);
        for d in &docs {
            let group = d
                .attributes
                .get(&self.by)
                .cloned()
                .unwrap_or_else(|| "(none)".into());
            let others: Vec<String> = d
                .attributes
                .iter()
                .filter(|(k, _)| **k != self.by)
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            t.row(vec![
                d.id.clone(),
                group,
                d.chars.to_string(),
                d.excerpts.to_string(),
                others.join(" "),
            ]);
        }
        super::print_text(&t.render())
    }
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The document id (see `thema docs`).
    pub id: String,
    /// Print JSON: {"id", "attributes", "text"}.
    #[arg(long)]
    pub json: bool,
}

impl ShowArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let doc = ctx.project()?.document(&self.id)?;
        if self.json {
            return print_json(&doc);
        }
        let mut out = Out::new();
        for (k, v) in &doc.attributes {
            out.line(&format!("{}: {}", Safe(k), Safe(v)))?;
        }
        if !doc.attributes.is_empty() {
            out.line("")?;
        }
        out.text(&doc.text)?;
        if !doc.text.ends_with('\n') {
            out.line("")?;
        }
        out.finish()
    }
}

#[derive(Debug, clap::Args)]
pub struct AttrArgs {
    /// The document id.
    pub doc: String,
    /// KEY=VALUE to set; KEY= (empty value) removes the attribute.
    #[arg(required = true, value_name = "KEY=VALUE")]
    pub assignments: Vec<String>,
}

impl AttrArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let p = ctx.project()?;
        let mut pairs = Vec::new();
        for a in &self.assignments {
            let (k, v) = a.split_once('=').ok_or_else(|| {
                crate::Error::hint(
                    format!("'{a}' is not KEY=VALUE"),
                    "e.g. unit=Politie-eenheid II",
                )
            })?;
            if k.trim().is_empty() || k.trim() == "id" {
                return Err(crate::Error::user("the key must be a name other than `id`"));
            }
            pairs.push((k.trim().to_owned(), v.trim().to_owned()));
        }
        // All assignments are one change: one undo takes them back.
        p.set_attributes(&self.doc, &pairs)?;
        for (k, v) in &pairs {
            if v.is_empty() {
                super::note(format!("removed {k} from {}", self.doc));
            } else {
                super::note(format!("set {k} = {v} on {}", self.doc));
            }
        }
        Ok(())
    }
}
