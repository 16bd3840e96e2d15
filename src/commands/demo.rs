//! `thema demo`: the bundled example interviews as a ready project.
//!
//! The six fictional write-ups are compiled into the binary, so the demo works
//! from any folder. The first run builds `thema-demo.db` (or `--project`);
//! later runs reopen it, so coding done in the demo is kept. `--fresh`
//! rebuilds it from scratch.

use super::{Context, note};
use crate::error::{Error, Result};
use crate::model::Attributes;
use crate::store::Project;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The example write-ups: (file name, contents).
pub const EXAMPLES: &[(&str, &str)] = &[
    ("p01.md", include_str!("../../examples/interviews/p01.md")),
    ("p02.md", include_str!("../../examples/interviews/p02.md")),
    ("p03.md", include_str!("../../examples/interviews/p03.md")),
    ("p04.md", include_str!("../../examples/interviews/p04.md")),
    ("p05.md", include_str!("../../examples/interviews/p05.md")),
    ("p06.md", include_str!("../../examples/interviews/p06.md")),
];

/// A few autocode rules so the demo opens with coded text to look at:
/// (code, phrase). The rest is for the user to code.
const STARTER_RULES: &[(&str, &str)] = &[
    ("Geen meldingen", "geen enkele melding"),
    ("Lage pakkans", "gepakt"),
    ("Corona als aanjager", "corona"),
];

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Rebuild the demo project even if it exists.
    #[arg(long)]
    pub fresh: bool,
    /// Build the project and print a summary instead of opening the workbench.
    #[arg(long)]
    pub no_tui: bool,
}

/// Build a project at `path` holding the example interviews.
pub fn build_demo(path: &Path) -> Result<Project> {
    let mut project = Project::create(path)?;
    let mut docs = Vec::new();
    for (name, text) in EXAMPLES {
        let file = PathBuf::from("examples/interviews").join(name);
        let (doc, _) = crate::import::parse_write_up(&file, text.as_bytes(), &Attributes::new())
            .map_err(Error::Invalid)?;
        docs.push(doc);
    }
    project.import(docs, false)?;
    for (code, phrase) in STARTER_RULES {
        let spans =
            crate::autocode::find_spans(&project, None, phrase, Some(crate::text::Unit::Sentence))?;
        project.apply_code_spans(code, &spans)?;
    }
    Ok(project)
}

impl DemoArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let path = ctx
            .explicit_path
            .clone()
            .unwrap_or_else(|| PathBuf::from("thema-demo.db"));
        ctx.project_path = path.clone();
        if self.fresh && path.exists() {
            for suffix in ["", "-wal", "-shm"] {
                let p = PathBuf::from(format!("{}{suffix}", path.display()));
                if p.exists() {
                    std::fs::remove_file(&p)?;
                }
            }
        }
        let project = if path.exists() {
            note(format!(
                "opening the demo project {} (use --fresh to rebuild it)",
                path.display()
            ));
            Project::open(&path)?
        } else {
            let p = build_demo(&path)?;
            note(format!(
                "built the demo project {} from the six example interviews",
                path.display()
            ));
            p
        };
        ctx.set_project(project);
        if self.no_tui || !std::io::stdout().is_terminal() {
            let p = ctx.project()?;
            let docs = p.documents()?;
            let codes = p.codes()?;
            println!("project:   {}", path.display());
            println!(
                "documents: {}",
                docs.iter()
                    .map(|d| d.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            for c in &codes {
                println!("code:      {} ({} excerpts)", c.name, c.excerpts);
            }
            println!(
                "next:      thema --project {} excerpts   # or open the workbench: thema --project {}",
                path.display(),
                path.display()
            );
            return Ok(());
        }
        super::tui::TuiArgs::default().run(ctx)
    }
}
