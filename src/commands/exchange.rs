//! `thema import FILE.qdpx` / `thema export FILE.qdpx`: whole projects to
//! and from other QDA tools (REFI-QDA). Prints the import summary: what came
//! in, what did not (with counts), and every adaptation as a warning.

use super::import::ImportArgs;
use super::{Context, note, print_json};
use crate::error::{Error, Result};
use crate::interop::qdpx;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The file to write (.qdpx).
    pub file: PathBuf,
    /// What selection positions count: code points (the REFI-QDA standard)
    /// or UTF-16 code units (what NVivo expects).
    #[arg(long, value_enum, default_value = "chars")]
    pub positions: qdpx::positions::Units,
    /// Print what was written as JSON.
    #[arg(long)]
    pub json: bool,
    /// Export even if the privacy check (`thema check --export`) has
    /// findings in the excerpts that nobody reviewed.
    #[arg(long)]
    pub allow_flagged: bool,
    /// Name findings by the group of this attribute.
    #[arg(long, default_value = "unit")]
    pub by: String,
}

impl ExportArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let ext = self
            .file
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if ext != "qdpx" {
            return Err(Error::hint(
                format!("cannot tell the format of {}", self.file.display()),
                "name the file .qdpx (a REFI-QDA project); codebooks go through `thema codebook export`",
            ));
        }
        let project = ctx.project()?;
        // The export carries every excerpt's text: the same privacy check as
        // the reports, before anything is written.
        let data = project.coding_data()?;
        let findings = crate::analysis::privacy::check_export(project, &data, &self.by, None)?;
        super::check::gate(findings, self.allow_flagged, super::check::Gate::Export)?;
        let s = qdpx::export::export(project, &self.file, self.positions)?;
        if self.json {
            return print_json(&s);
        }
        note(format!(
            "wrote {}: {} document(s), {} code(s), {} theme(s), {} excerpt(s) with {} coding(s), {} memo(s), {} user(s); positions count {}",
            self.file.display(),
            s.documents,
            s.codes,
            s.themes,
            s.excerpts,
            s.codings,
            s.memos,
            s.users,
            match self.positions {
                qdpx::positions::Units::Chars => "code points",
                qdpx::positions::Units::Utf16 => "UTF-16 code units",
            }
        ));
        if s.orphans_left_out > 0 {
            note(format!(
                "left out {} orphaned excerpt(s): their text is no longer in the document (see `thema excerpts`)",
                s.orphans_left_out
            ));
        }
        Ok(())
    }
}

#[derive(serde::Serialize)]
struct Report<'a> {
    file: String,
    #[serde(flatten)]
    stored: &'a crate::store::ProjectImported,
    #[serde(flatten)]
    summary: &'a qdpx::Summary,
    coders: Vec<String>,
}

pub fn import_qdpx(args: &ImportArgs, path: &Path, ctx: &mut Context) -> Result<()> {
    if args.replace || !args.attrs.is_empty() {
        return Err(Error::hint(
            "--replace and --attr apply to write-ups, not to a whole project",
            format!("run `thema import {}` without them", path.display()),
        ));
    }
    let project = ctx.project()?;
    let coder = project.coder().to_owned();
    let (import, summary) = qdpx::read(path, args.positions, &coder).map_err(Error::Invalid)?;
    let title = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stored = project.import_project(&import, &title)?;
    let mut coders: Vec<String> = import
        .excerpts
        .iter()
        .flat_map(|e| {
            std::iter::once(e.coder.clone()).chain(e.codes.iter().map(|c| c.coder.clone()))
        })
        .collect();
    coders.sort();
    coders.dedup();
    for w in &summary.warnings {
        note(format!("warning: {w}"));
    }
    let units = match summary.positions {
        Some(qdpx::positions::Units::Utf16) => "UTF-16 code units",
        _ => "code points",
    };
    note(format!(
        "imported {title}{}: {} document(s), {} code(s) ({} already in the project), {} theme(s), {} excerpt(s) with {} coding(s) by {} coder(s), {} memo(s); positions read as {units}",
        summary
            .origin
            .as_deref()
            .map(|o| format!(" (from {o})"))
            .unwrap_or_default(),
        stored.documents,
        stored.codes_added,
        stored.codes_reused.len(),
        stored.themes_added,
        stored.excerpts,
        stored.codings,
        coders.len(),
        stored.memos,
    ));
    for (title, list) in [
        ("not imported:", &summary.not_imported),
        ("imported with changes:", &summary.adapted),
    ] {
        if list.is_empty() {
            continue;
        }
        note(title);
        for s in list {
            let ex = if s.examples.is_empty() {
                String::new()
            } else {
                let more = if s.count > s.examples.len() {
                    ", …"
                } else {
                    ""
                };
                format!(": {}{more}", s.examples.join(", "))
            };
            note(format!("  {} × {}{ex}", s.count, s.what));
        }
    }
    for c in &stored.conflicts {
        note(format!("conflict: {c}"));
    }
    if args.json {
        print_json(&Report {
            file: path.display().to_string(),
            stored: &stored,
            summary: &summary,
            coders,
        })?;
    }
    Ok(())
}
