//! `thema demo`: the bundled example interviews as a ready project.
//!
//! The six fictional write-ups are compiled into the binary, so the demo works
//! from any folder. The first run builds `thema-demo.db` (or `--project`);
//! The starter codebook (`codebooks/webcam-politie.yaml`) is loaded and a
//! few phrases are autocoded so there is coded text to look at. Later runs
//! reopen it, so coding done in the demo is kept. `--fresh` rebuilds it from
//! scratch, but only a project `demo` built itself (marked in its settings):
//! pointed at a real project or any other file by `--project` or
//! `THEMA_PROJECT`, it refuses and leaves the file alone. The new demo is
//! built beside the old one and renamed over it, so a failed build leaves
//! the old demo whole.

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

/// The starter codebook for the example interviews (codes and candidate themes).
pub const CODEBOOK: &str = include_str!("../../codebooks/webcam-politie.yaml");

/// A few autocode rules so the demo opens with coded text to look at:
/// (code, phrase). The rest is for the user to code.
const STARTER_RULES: &[(&str, &str)] = &[
    ("Geen meldingen", "geen enkele melding"),
    ("Lage pakkans", "pakkans"),
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

/// Build a project at `path` holding the example interviews, marked as a demo.
pub fn build_demo(path: &Path) -> Result<Project> {
    let mut project = Project::create(path)?;
    project.mark_demo()?;
    let mut docs = Vec::new();
    for (name, text) in EXAMPLES {
        let file = PathBuf::from("examples/interviews").join(name);
        let (doc, _) = crate::import::parse_write_up(&file, text.as_bytes(), &Attributes::new())
            .map_err(Error::Invalid)?;
        docs.push(doc);
    }
    project.import(docs, false)?;
    let codebook = crate::codebook::from_yaml(CODEBOOK, Path::new("codebooks/webcam-politie.yaml"))
        .map_err(Error::Invalid)?;
    project.import_codebook(&codebook, false)?;
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
        let project = if self.fresh && (path.exists() || path.is_symlink()) {
            refuse_unless_demo(&path)?;
            rebuild(&path)?;
            note(format!(
                "rebuilt the demo project {} from the six example interviews",
                path.display()
            ));
            Project::open(&path)?
        } else if path.exists() {
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
            let themes = p.themes()?;
            let excerpts = p.excerpts(&Default::default())?;
            let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
            return super::print_text(&format!(
                "project:   {path}\ndocuments: {}\ncodes:     {} (starter codebook codebooks/webcam-politie.yaml)\nthemes:    {} candidate themes\nexcerpts:  {} autocoded to start with\nnext:      thema --project {path} (opens the workbench)\n",
                ids.join(", "),
                codes.len(),
                themes.len(),
                excerpts.len(),
                path = path.display()
            ));
        }
        super::tui::TuiArgs::default().run(ctx)
    }
}

/// `--fresh` replaces only what `demo` made: anything else is refused with
/// the reason and left exactly as it was.
fn refuse_unless_demo(path: &Path) -> Result<()> {
    let refuse = |why: String| {
        Error::hint(
            format!(
                "{} is not a demo project ({why}); refusing to replace it",
                path.display()
            ),
            "`demo --fresh` only rebuilds a demo it made itself; give it another file with --project (or unset THEMA_PROJECT)",
        )
    };
    if path.is_symlink() || !path.is_file() {
        return Err(refuse("not a regular file".into()));
    }
    if !crate::output::is_thema_project(path) {
        return Err(refuse("not a thema project".into()));
    }
    let project = Project::open_read_only(path).map_err(|e| refuse(e.to_string()))?;
    if !project.is_demo()? {
        return Err(refuse("a thema project not built by `thema demo`".into()));
    }
    Ok(())
}

/// Build the new demo beside the old one, then swap it in.
fn rebuild(path: &Path) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "thema-demo.db".into());
    let building = path.with_file_name(format!(".{name}.{}.building", std::process::id()));
    let companions = |p: &Path| {
        ["", "-wal", "-shm", "-journal"].map(|s| PathBuf::from(format!("{}{s}", p.display())))
    };
    for p in companions(&building) {
        let _ = std::fs::remove_file(p);
    }
    // Dropping the project closes it, which folds its WAL into the file.
    let built = build_demo(&building).map(drop);
    if let Err(e) = built {
        for p in companions(&building) {
            let _ = std::fs::remove_file(p);
        }
        return Err(e);
    }
    // A stale -wal beside the new file would be replayed into it: remove
    // the old demo's companions before the new file takes its name.
    for p in companions(path).into_iter().skip(1) {
        if p.exists() {
            std::fs::remove_file(&p)?;
        }
    }
    std::fs::rename(&building, path)?;
    Ok(())
}
