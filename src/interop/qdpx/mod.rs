//! REFI-QDA project exchange (QDA-XML 1.0): `.qdpx` zip files, and bare
//! `.qde` files whose source texts lie beside them.
//!
//! Import reads the codebook with `codebook::qdc`, the rest with [`parse`],
//! converts positions with [`positions`] and maps everything onto thema's
//! model in [`plan`]; the result is stored by [`crate::Project::import_project`]
//! in one transaction. Everything that cannot be imported is counted in a
//! [`Summary`], never dropped in silence. Export lives in [`export`].

pub mod export;
mod parse;
mod plan;
pub mod positions;

use crate::Diagnostic;
use crate::interop::{Archive, MAX_ENTRY_BYTES, decode_xml};
use crate::store::ProjectImport;
use positions::Units;
use std::path::{Path, PathBuf};

/// How to read selection positions (`--positions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Positions {
    /// UTF-16 code units for files written by NVivo, code points otherwise.
    #[default]
    Auto,
    /// Unicode code points, as the REFI-QDA standard says.
    Chars,
    /// UTF-16 code units, as NVivo counts.
    Utf16,
}

/// What was not imported: a kind of thing, how many, and a few examples.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Skipped {
    pub what: String,
    pub count: usize,
    pub examples: Vec<String>,
}

/// Everything an import reports besides the stored rows.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Summary {
    pub origin: Option<String>,
    pub positions: Option<Units>,
    pub sources: usize,
    pub selections: usize,
    pub codings_read: usize,
    pub users: usize,
    pub not_imported: Vec<Skipped>,
    /// Imported, but changed on the way (e.g. an id that is not a GUID).
    pub adapted: Vec<Skipped>,
    pub warnings: Vec<Diagnostic>,
}

impl Summary {
    pub(crate) fn skip(&mut self, what: &str, example: impl Into<String>) {
        tally(&mut self.not_imported, what, example.into());
    }

    pub(crate) fn adapt(&mut self, what: &str, example: impl Into<String>) {
        tally(&mut self.adapted, what, example.into());
    }
}

fn tally(list: &mut Vec<Skipped>, what: &str, example: String) {
    {
        match list.iter_mut().find(|s| s.what == what) {
            Some(s) => {
                s.count += 1;
                if s.examples.len() < 5 && !example.is_empty() {
                    s.examples.push(example);
                }
            }
            None => list.push(Skipped {
                what: what.to_string(),
                count: 1,
                examples: if example.is_empty() {
                    Vec::new()
                } else {
                    vec![example]
                },
            }),
        }
    }
}

/// Where source texts come from: the zip, or the folder of a bare `.qde`.
enum Files {
    Zip(Archive),
    Dir(PathBuf),
}

impl Files {
    /// The bytes of a `plainTextPath` (`internal://X.txt`, a relative path);
    /// `Err` says why not.
    fn read(&mut self, reference: &str) -> Result<Vec<u8>, String> {
        let rel = reference
            .strip_prefix("internal://")
            .map(|r| (true, r))
            .unwrap_or((false, reference));
        let (internal, name) = rel;
        let candidates: Vec<String> = if internal {
            vec![format!("Sources/{name}"), name.to_string()]
        } else if reference.contains("://") || Path::new(reference).is_absolute() {
            return Err(format!("{reference} points outside the project"));
        } else {
            vec![name.to_string(), format!("Sources/{name}")]
        };
        match self {
            Files::Zip(a) => {
                let found = candidates.iter().find_map(|c| a.find(c));
                let Some(entry) = found else {
                    return Err(format!("{reference} is not in the archive"));
                };
                a.read(&entry)
                    .map_err(|d| d.first().map(|d| d.message.clone()).unwrap_or_default())
            }
            Files::Dir(dir) => {
                for c in &candidates {
                    for variant in [c.clone(), c.replacen("Sources/", "sources/", 1)] {
                        let p = dir.join(&variant);
                        if p.is_file() {
                            return crate::import::read_capped(&p, MAX_ENTRY_BYTES)
                                .map_err(|e| format!("{}: {e}", p.display()));
                        }
                    }
                }
                Err(format!("{reference} is not beside the .qde"))
            }
        }
    }
}

/// Read a `.qdpx` or `.qde` into what the store imports, with the summary.
/// `coder` is used where the file names no user.
pub fn read(
    path: &Path,
    positions: Positions,
    coder: &str,
) -> Result<(ProjectImport, Summary), Vec<Diagnostic>> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let (xml, mut files, qde_name) = if ext == "qde" {
        // Only an ordinary file, and not past the cap (a .qde symlinked to
        // /dev/zero would otherwise be read until memory runs out).
        let bytes = crate::import::read_capped(path, MAX_ENTRY_BYTES)
            .map_err(|e| vec![Diagnostic::file(path, e)])?;
        let dir = path.parent().unwrap_or(Path::new(".")).to_owned();
        (decode_xml(&bytes, path)?, Files::Dir(dir), None)
    } else {
        let (mut archive, name) = open_project(path)?;
        let bytes = archive.read(&name)?;
        let shown = path.join(&name);
        let xml = decode_xml(&bytes, &shown)?;
        (xml, Files::Zip(archive), Some(name))
    };
    // Diagnostics inside the XML name the entry: study.qdpx/project.qde:12:3.
    let xml_path = match &qde_name {
        Some(n) => path.join(n),
        None => path.to_owned(),
    };
    let codebook = crate::codebook::parse_refi(&xml, &xml_path)?;
    let qde = parse::parse(&xml, &xml_path)?;
    plan::plan(path, &xml_path, qde, codebook, &mut files, positions, coder)
}

/// The archive and the name of its project entry.
fn open_project(path: &Path) -> Result<(Archive, String), Vec<Diagnostic>> {
    let archive = Archive::open(path)?;
    let name = project_entry(&archive).ok_or_else(|| {
        vec![Diagnostic::file(
            path,
            "the archive holds no project.qde (nor any other .qde file)",
        )]
    })?;
    Ok((archive, name))
}

/// The project XML of a `.qdpx` (for reading its codebook alone), and the
/// path that names it in messages (`study.qdpx/project.qde`).
pub fn read_project_xml(path: &Path) -> Result<(String, PathBuf), Vec<Diagnostic>> {
    let (mut archive, name) = open_project(path)?;
    let bytes = archive.read(&name)?;
    let shown = path.join(&name);
    Ok((decode_xml(&bytes, &shown)?, shown))
}

/// `project.qde`, else the only `.qde` at any depth (some tools rename it).
fn project_entry(a: &Archive) -> Option<String> {
    let names = a.names();
    if let Some(n) = names.iter().find(|n| n.eq_ignore_ascii_case("project.qde")) {
        return Some(n.clone());
    }
    let qde: Vec<&String> = names
        .iter()
        .filter(|n| n.to_ascii_lowercase().ends_with(".qde"))
        .collect();
    match qde.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    }
}
