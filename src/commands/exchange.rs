//! `thema import FILE.qdpx` / `thema export FILE.qdpx`: whole projects to
//! and from other QDA tools (REFI-QDA). Prints the import summary: what came
//! in, what did not (with counts), and every adaptation as a warning.

use super::import::ImportArgs;
use super::{Context, note, print_json};
use crate::error::{Error, Result};
use crate::interop::qdpx;
use std::path::Path;

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
