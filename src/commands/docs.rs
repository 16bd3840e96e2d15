//! `thema docs` and `thema show`: list documents, print one.

use super::table::Table;
use super::{Context, print_json};
use crate::error::Result;

#[derive(Debug, clap::Args)]
pub struct DocsArgs {
    /// Print JSON: [{"id", "attributes", "chars", "excerpts"}].
    #[arg(long)]
    pub json: bool,
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
        let mut t = Table::new(&["ID", "ATTRIBUTES", "CHARS", "EXCERPTS"]).max_width(1, 70);
        for d in &docs {
            let attrs: Vec<String> = d
                .attributes
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            t.row(vec![
                d.id.clone(),
                attrs.join(" "),
                d.chars.to_string(),
                d.excerpts.to_string(),
            ]);
        }
        print!("{}", t.render());
        Ok(())
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
        for (k, v) in &doc.attributes {
            println!("{k}: {v}");
        }
        if !doc.attributes.is_empty() {
            println!();
        }
        print!("{}", doc.text);
        if !doc.text.ends_with('\n') {
            println!();
        }
        Ok(())
    }
}
