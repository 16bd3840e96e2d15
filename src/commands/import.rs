//! `thema import`: read write-ups into the project (atomic by default).

use super::{Context, note, print_json};
use crate::error::{Error, Result};
use crate::import::{collect_files, read_batch};
use crate::model::Attributes;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Files or folders (folders are searched for .md/.markdown/.txt files).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Add or override an attribute on every imported document (repeatable).
    #[arg(long = "attr", value_name = "KEY=VALUE", value_parser = parse_attr)]
    pub attrs: Vec<(String, String)>,
    /// Re-import documents whose id exists; their excerpts are re-anchored.
    #[arg(long)]
    pub replace: bool,
    /// Import the good files and list the rejected ones (default: all or nothing).
    #[arg(long)]
    pub skip_bad: bool,
    /// Print what was imported as JSON.
    #[arg(long)]
    pub json: bool,
    /// What selection positions in a .qdpx/.qde count (auto: UTF-16 code
    /// units for NVivo files, code points otherwise).
    #[arg(long, value_enum, default_value_t)]
    pub positions: crate::interop::qdpx::Positions,
}

fn extension(p: &std::path::Path) -> String {
    p.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

fn parse_attr(s: &str) -> std::result::Result<(String, String), String> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| format!("expected KEY=VALUE, got '{s}'"))?;
    let k = crate::text::name::clean(k).map_err(|why| format!("the key {why}"))?;
    if k == "id" {
        return Err("the key must be a name other than `id`".into());
    }
    // Stored text is NFC; so are values typed on the command line.
    Ok((k, crate::text::name::nfc(v.trim())))
}

/// Ids in natural order; a long batch is cut to its first few and a count
/// (`thema docs` lists them all).
fn id_list(ids: &[String]) -> String {
    const SHOWN: usize = 8;
    let mut sorted: Vec<&str> = ids.iter().map(String::as_str).collect();
    sorted.sort_by(|a, b| crate::text::natural_cmp(a, b));
    if sorted.len() <= SHOWN {
        return sorted.join(", ");
    }
    format!(
        "{}, … and {} more",
        sorted[..SHOWN].join(", "),
        sorted.len() - SHOWN
    )
}

impl ImportArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        // REFI-QDA files are projects or codebooks, never write-ups.
        for p in &self.paths {
            match extension(p).as_str() {
                "qdc" => {
                    return Err(Error::hint(
                        format!("{} is a REFI-QDA codebook, not a write-up", p.display()),
                        format!(
                            "import its codes with `thema codebook import {}`",
                            p.display()
                        ),
                    ));
                }
                "qdpx" | "qde" if self.paths.len() > 1 => {
                    return Err(Error::hint(
                        format!("{} is a whole project; import it on its own", p.display()),
                        format!(
                            "run `thema import {}` and the write-ups separately",
                            p.display()
                        ),
                    ));
                }
                "qdpx" | "qde" => return super::exchange::import_qdpx(self, p, ctx),
                "doc" => {
                    return Err(Error::hint(
                        format!("{} is an old binary Word file", p.display()),
                        "open it in Word or LibreOffice, save it as .docx or .odt, and import that",
                    ));
                }
                _ => {}
            }
        }
        let project = ctx.project()?;
        let files = collect_files(&self.paths)?;
        if files.is_empty() {
            return Err(Error::hint(
                "no write-ups found",
                "thema imports .md, .markdown, .txt, .docx and .odt files; name them or a folder that holds them",
            ));
        }
        for (k, v) in &self.attrs {
            crate::store::check_attribute(k, v)?;
        }
        let extra: Attributes = self.attrs.iter().cloned().collect();
        let bar = (files.len() >= 50 && std::io::stderr().is_terminal()).then(|| {
            let b = indicatif::ProgressBar::new(files.len() as u64);
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "reading {bar:40} {pos}/{len} files ({eta} left)",
                )
                .expect("valid template"),
            );
            b
        });
        let batch = read_batch(&files, &extra, &|n| {
            if let Some(b) = &bar {
                b.set_position(n as u64);
            }
        });
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        for w in &batch.warnings {
            note(format!("warning: {w}"));
        }
        if !batch.errors.is_empty() && !self.skip_bad {
            return Err(Error::Invalid(batch.errors));
        }
        for e in &batch.errors {
            note(format!("skipped: {e}"));
        }
        if batch.documents.is_empty() {
            return Err(Error::user("no file could be imported"));
        }
        let outcome = project.import(batch.documents, self.replace)?;
        if !outcome.imported.is_empty() {
            note(format!(
                "imported {} document(s): {}",
                outcome.imported.len(),
                id_list(&outcome.imported)
            ));
        }
        for r in &outcome.replaced {
            note(format!(
                "re-imported {}: {} excerpt(s) unchanged, {} re-anchored, {} orphaned",
                r.doc,
                r.kept,
                r.moved.len(),
                r.orphaned.len()
            ));
            for (id, text) in &r.orphaned {
                note(format!(
                    "  orphaned excerpt {id}: \"{}\" (kept; see `thema excerpts --doc {}`)",
                    crate::store::preview(text),
                    r.doc
                ));
            }
        }
        if !outcome.attributes_updated.is_empty() {
            note(format!(
                "updated attributes of {} document(s): {}",
                outcome.attributes_updated.len(),
                id_list(&outcome.attributes_updated)
            ));
        }
        if !outcome.unchanged.is_empty() {
            note(format!("unchanged: {}", id_list(&outcome.unchanged)));
        }
        if !batch.errors.is_empty() {
            note(format!("{} file(s) rejected", batch.errors.len()));
        }
        if self.json {
            // Warnings travel with the result, so a script sees them too.
            #[derive(serde::Serialize)]
            struct Out<'a> {
                #[serde(flatten)]
                outcome: &'a crate::store::ImportOutcome,
                warnings: &'a [crate::Diagnostic],
            }
            print_json(&Out {
                outcome: &outcome,
                warnings: &batch.warnings,
            })?;
        }
        Ok(())
    }
}
