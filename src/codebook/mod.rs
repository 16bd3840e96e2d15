//! The codebook: codes and themes with their definitions, without any data.
//!
//! This module owns the in-memory `Codebook` model and its two file formats:
//! the human-editable, versioned YAML format that teams pass around (with
//! located diagnostics for every problem, so a researcher fixes a file in one
//! pass) and the REFI-QDA exchange format (QDC codebooks, and the `<CodeBook>`
//! inside `.qde` / `.qdpx` projects from ATLAS.ti, MAXQDA, NVivo, Taguette).
//! It also owns the `--merge` rule for importing one codebook into another.
//! It is pure: no SQL and no project access; the store wires it in.

mod csv;
pub mod guide;
mod merge;
mod qdc;
mod yaml;

use crate::Diagnostic;
use crate::model::Phase;
use std::path::Path;

pub use csv::{from_csv, to_csv};
pub use merge::{ConflictKind, MergeConflict, MergeOutcome};
pub(crate) use qdc::{
    Parsed, escape_text, line_col, parse as parse_refi, start as xml_start, write_description,
};
pub use qdc::{from_qdc, from_qdc_with_warnings, to_qdc};
pub use yaml::{from_yaml, from_yaml_with_warnings, to_yaml};

/// The newest YAML codebook format version this build reads and writes.
pub const CURRENT_VERSION: u32 = 1;

/// Codes and themes without the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Codebook {
    pub version: u32,
    pub name: Option<String>,
    pub description: Option<String>,
    pub codes: Vec<CodeDef>,
    pub themes: Vec<ThemeDef>,
    /// True when the file's format cannot carry theme parents and phases
    /// (REFI-QDA QDC Sets are flat): merging then leaves those alone instead
    /// of reporting every subtheme and reviewed theme as a conflict.
    pub themes_flat: bool,
}

impl Default for Codebook {
    fn default() -> Self {
        Codebook {
            themes_flat: false,
            version: CURRENT_VERSION,
            name: None,
            description: None,
            codes: Vec::new(),
            themes: Vec::new(),
        }
    }
}

/// One code: a label for excerpts, optionally nested under a parent code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeDef {
    pub name: String,
    pub description: String,
    /// Definition, when to use, when not to use, examples.
    pub guide: crate::model::CodeGuide,
    /// False for a category that only groups codes (REFI-QDA
    /// `isCodable="false"`).
    pub codable: bool,
    /// Name of the parent code.
    pub parent: Option<String>,
    /// `#rrggbb` (or `#rgb`), the form REFI-QDA accepts.
    pub colour: Option<String>,
    /// REFI-QDA identity, kept so re-exports keep linking to the same code.
    pub guid: Option<String>,
}

impl Default for CodeDef {
    fn default() -> Self {
        CodeDef {
            name: String::new(),
            description: String::new(),
            guide: Default::default(),
            codable: true,
            parent: None,
            colour: None,
            guid: None,
        }
    }
}

/// One theme: a pattern of shared meaning gathering codes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThemeDef {
    pub name: String,
    pub definition: String,
    /// Name of the parent theme (this theme is then a subtheme).
    pub parent: Option<String>,
    pub phase: Phase,
    /// Names of the codes gathered by this theme.
    pub codes: Vec<String>,
    pub guid: Option<String>,
}

impl Codebook {
    pub fn code(&self, name: &str) -> Option<&CodeDef> {
        self.codes.iter().find(|c| c.name == name)
    }

    pub fn theme(&self, name: &str) -> Option<&ThemeDef> {
        self.themes.iter().find(|t| t.name == name)
    }

    /// The `--merge` import rule: add the codes and themes only `incoming`
    /// has, report every field that differs, never overwrite ours.
    pub fn merge(&self, incoming: &Codebook) -> MergeOutcome {
        merge::merge(self, incoming)
    }
}

/// A fixed namespace so that every thema installation derives the same GUID
/// for the same code name; that keeps repeated QDC exports byte-identical and
/// lets another tool recognise a code it imported before.
const THEMA_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x6d1f_4c2a_9b7e_5e13_a0c4_7f2d_3b8e_91a6);

/// A stable UUID v5 for an object of `kind` ("code", "theme") called `name`,
/// upper-case like most QDA tools write them.
pub fn guid_for(kind: &str, name: &str) -> String {
    let key = format!("{kind}\u{0}{name}");
    uuid::Uuid::new_v5(&THEMA_NAMESPACE, key.as_bytes())
        .hyphenated()
        .to_string()
        .to_uppercase()
}

/// True for the GUID forms REFI-QDA's schema accepts (with or without braces).
pub fn is_guid(s: &str) -> bool {
    let inner = s
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .unwrap_or(s);
    let groups: Vec<&str> = inner.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    groups.len() == 5
        && groups
            .iter()
            .zip(lens)
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// True for `#rgb` and `#rrggbb`, the colour forms REFI-QDA's schema accepts.
pub fn is_colour(s: &str) -> bool {
    s.strip_prefix('#')
        .is_some_and(|h| (h.len() == 3 || h.len() == 6) && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Read a codebook file, choosing the format by extension: `.yaml`/`.yml`,
/// `.csv`, `.qdc`, `.qde` (a REFI-QDA project: its `<CodeBook>`), `.qdpx` (a zip
/// holding `project.qde`).
pub fn read_file(path: &Path) -> Result<Codebook, Vec<Diagnostic>> {
    read_file_with_warnings(path).map(|(cb, _)| cb)
}

/// [`read_file`], with what was adapted on the way (renamed duplicates,
/// dropped colours, replaced ids) for the caller to show.
pub fn read_file_with_warnings(
    path: &Path,
) -> Result<(Codebook, Vec<Diagnostic>), Vec<Diagnostic>> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let bytes = || {
        crate::import::read_capped(path, crate::import::MAX_FILE_BYTES)
            .map_err(|e| vec![Diagnostic::file(path, e)])
    };
    match ext.as_str() {
        "yaml" | "yml" => from_yaml_with_warnings(&decode_utf8(&bytes()?, path)?, path),
        // REFI-QDA files may be UTF-16 (the XML declaration says so).
        "qdc" | "qde" => {
            from_qdc_with_warnings(&crate::interop::decode_xml(&bytes()?, path)?, path)
        }
        "qdpx" => {
            let (xml, inner) = crate::interop::qdpx::read_project_xml(path)?;
            from_qdc_with_warnings(&xml, &inner)
        }
        "csv" => from_csv(&bytes()?, path),
        _ => Err(vec![Diagnostic::file(
            path,
            format!(
                "unknown codebook format '.{ext}' (expected .yaml, .yml, .csv, .qdc, .qde or .qdpx)"
            ),
        )]),
    }
}

/// Codebooks are UTF-8 (YAML by definition, REFI-QDA by its specification);
/// a BOM is tolerated because Windows tools write one.
fn decode_utf8(bytes: &[u8], path: &Path) -> Result<String, Vec<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        vec![Diagnostic::file(
            path,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )]
    })
}

/// Largest `project.qde` read from a `.qdpx`, uncompressed. A project file
/// with ten thousand codes and their descriptions is a few MB; the sources
/// (audio, PDFs) beside it in the zip are never unpacked.
pub const MAX_QDE_BYTES: u64 = crate::import::MAX_FILE_BYTES;

/// The bytes of `project.qde` inside a `.qdpx` zip, at most `limit` of them.
pub fn qde_from_zip<R: std::io::Read + std::io::Seek>(
    reader: R,
    limit: u64,
) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut archive =
        zip::ZipArchive::new(reader).map_err(|e| format!("not a .qdpx (zip) file: {e}"))?;
    let index = (0..archive.len())
        .find(|&i| {
            archive
                .name_for_index(i)
                .is_some_and(|n| n.eq_ignore_ascii_case("project.qde"))
        })
        .ok_or_else(|| "the .qdpx holds no project.qde".to_string())?;
    let entry = archive
        .by_index(index)
        .map_err(|e| format!("cannot read project.qde: {e}"))?;
    let too_big = |size: u64| {
        format!(
            "project.qde in the .qdpx unpacks to {} or more; thema reads up to {} (is this a zip bomb?)",
            crate::import::megabytes(size),
            crate::import::megabytes(limit)
        )
    };
    // The declared size can lie; the capped read below is what holds.
    if entry.size() > limit {
        return Err(too_big(entry.size()));
    }
    let mut bytes = Vec::new();
    entry
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read project.qde: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_for_is_stable_and_valid() {
        let a = guid_for("code", "Lage pakkans");
        assert_eq!(a, guid_for("code", "Lage pakkans"));
        assert_ne!(a, guid_for("theme", "Lage pakkans"));
        assert_ne!(a, guid_for("code", "Lage pakkans "));
        assert!(is_guid(&a), "{a}");
        // UUID v5: the version nibble is 5.
        assert_eq!(&a[14..15], "5");
    }

    #[test]
    fn guid_and_colour_forms() {
        assert!(is_guid("{A182CD3A-D83C-4D8C-BC80-26D9103EC6D6}"));
        assert!(is_guid("5067d381-1dc9-4816-81dd-ae1dbfea2ad7"));
        assert!(!is_guid("5067d381-1dc9-4816-81dd-ae1dbfea2ad"));
        assert!(!is_guid("{5067d381-1dc9-4816-81dd-ae1dbfea2ad7"));
        assert!(is_colour("#4e79a7") && is_colour("#FFF"));
        assert!(!is_colour("4e79a7") && !is_colour("#4e79a") && !is_colour("#ggg"));
    }

    #[test]
    fn read_file_rejects_unknown_extension() {
        let err = read_file(Path::new("x.json")).unwrap_err();
        assert_eq!(err.len(), 1);
        assert!(
            err[0].message.contains("unknown codebook format"),
            "{}",
            err[0].message
        );
    }
}
