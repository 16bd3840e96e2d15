//! `thema codebook export|import`: move codes and themes (without data)
//! between projects and tools, as YAML or REFI-QDA QDC.

use super::{Context, note, print_json};
use crate::error::{Error, Result};
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum CodebookCommand {
    /// Write the project's codes and themes to FILE (.yaml/.yml or .qdc), or
    /// its codes to a .csv (UTF-8 with BOM, for Excel and Taguette).
    Export {
        file: PathBuf,
        /// A name for the codebook (written into the file).
        #[arg(long)]
        name: Option<String>,
    },
    /// Add a codebook's codes and themes (all or nothing, one undo step).
    Import {
        file: PathBuf,
        /// Add only what is new; report differences instead of refusing.
        #[arg(long)]
        merge: bool,
        /// Print what was added and the conflicts as JSON.
        #[arg(long)]
        json: bool,
    },
}

impl CodebookCommand {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        match self {
            CodebookCommand::Export { file, name } => {
                crate::output::guard(Some(&ctx.project_path), file)?;
                let mut cb = ctx.project()?.codebook()?;
                if name.is_some() {
                    cb.name = name.clone();
                }
                let ext = file
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
                    .unwrap_or_default();
                let text = match ext.as_str() {
                    "yaml" | "yml" => crate::codebook::to_yaml(&cb),
                    "qdc" => crate::codebook::to_qdc(&cb),
                    "csv" => {
                        if !cb.themes.is_empty() {
                            note(format!(
                                "note: a CSV codebook holds codes only; the {} theme(s) are in .yaml and .qdc",
                                cb.themes.len()
                            ));
                        }
                        crate::codebook::to_csv(&cb)
                    }
                    _ => {
                        return Err(Error::hint(
                            format!("cannot tell the format of {}", file.display()),
                            "name the file .yaml, .yml, .csv or .qdc",
                        ));
                    }
                };
                crate::output::write(Some(&ctx.project_path), file, text.as_bytes())?;
                note(format!(
                    "wrote {} code(s) and {} theme(s) to {}",
                    cb.codes.len(),
                    cb.themes.len(),
                    file.display()
                ));
            }
            CodebookCommand::Import { file, merge, json } => {
                let (cb, warnings) =
                    crate::codebook::read_file_with_warnings(file).map_err(Error::Invalid)?;
                let r = ctx.project()?.import_codebook(&cb, *merge)?;
                for w in &warnings {
                    note(format!("warning: {w}"));
                }
                if *json {
                    #[derive(serde::Serialize)]
                    struct Out<'a> {
                        #[serde(flatten)]
                        import: &'a crate::store::CodebookImport,
                        warnings: &'a [crate::Diagnostic],
                    }
                    return print_json(&Out {
                        import: &r,
                        warnings: &warnings,
                    });
                }
                note(format!(
                    "added {} code(s) and {} theme(s) from {}",
                    r.added_codes.len(),
                    r.added_themes.len(),
                    file.display()
                ));
                for c in &r.conflicts {
                    note(format!("conflict: {c}"));
                }
                if !r.conflicts.is_empty() {
                    note(
                        "conflicts were not applied; change them with `thema code …` / `thema theme …`",
                    );
                }
            }
        }
        Ok(())
    }
}
