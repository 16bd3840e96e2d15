//! Moving whole projects between thema and other QDA tools.
//!
//! This module owns the file side of project exchange: REFI-QDA projects
//! (`.qdpx` zip files and bare `.qde` files with their sources beside them)
//! in [`qdpx`], and the shared low-level readers: XML text in any encoding a
//! tool writes (UTF-8 with or without BOM, UTF-16) and zip entries read
//! behind a size cap, so a crafted archive cannot exhaust memory. It never
//! speaks SQL: it builds a [`crate::store::ProjectImport`] for the store, and
//! exports from what the [`crate::Project`] API returns.

pub mod qdpx;

use crate::Diagnostic;
use std::io::Read;
use std::path::Path;

/// The largest zip entry thema reads (a source text or `project.qde`). Real
/// projects stay far below; a zip bomb stops here instead of filling memory.
pub const MAX_ENTRY_BYTES: u64 = crate::import::MAX_FILE_BYTES;

/// The most thema unpacks from one archive in all: many entries just under
/// [`MAX_ENTRY_BYTES`] must not add up to a bomb either.
pub const MAX_TOTAL_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// XML as text: UTF-8 (BOM optional) or UTF-16 (with a BOM, or recognised by
/// the zero bytes around `<?` that a BOM-less UTF-16 declaration has).
pub fn decode_xml(bytes: &[u8], path: &Path) -> Result<String, Vec<Diagnostic>> {
    let fail = |m: String| vec![Diagnostic::file(path, m)];
    let utf16 = |enc: &'static encoding_rs::Encoding, body: &[u8]| {
        enc.decode_without_bom_handling_and_without_replacement(body)
            .map(|s| s.into_owned())
            .ok_or_else(|| fail("invalid UTF-16".to_string()))
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(encoding_rs::UTF_16LE, rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(encoding_rs::UTF_16BE, rest);
    }
    if bytes.starts_with(b"<\0?\0") {
        return utf16(encoding_rs::UTF_16LE, bytes);
    }
    if bytes.starts_with(b"\0<\0?") {
        return utf16(encoding_rs::UTF_16BE, bytes);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        fail(format!(
            "not UTF-8 or UTF-16 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// A zip archive opened for reading entries by name.
pub struct Archive {
    zip: zip::ZipArchive<std::fs::File>,
    path: std::path::PathBuf,
    /// Bytes unpacked so far, held against [`MAX_TOTAL_BYTES`].
    unpacked: u64,
}

impl Archive {
    pub fn open(path: &Path) -> Result<Archive, Vec<Diagnostic>> {
        let fail = |m: String| vec![Diagnostic::file(path, m)];
        // A device or FIFO named .qdpx would be read forever.
        let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read: {e}")))?;
        if !meta.is_file() {
            return Err(fail(
                "is not a regular file; thema reads ordinary files only".to_owned(),
            ));
        }
        let file = std::fs::File::open(path).map_err(|e| fail(format!("cannot read: {e}")))?;
        let zip = zip::ZipArchive::new(file).map_err(|e| fail(format!("not a zip file: {e}")))?;
        Ok(Archive {
            zip,
            path: path.to_owned(),
            unpacked: 0,
        })
    }

    /// Entry names, in archive order.
    pub fn names(&self) -> Vec<String> {
        (0..self.zip.len())
            .filter_map(|i| self.zip.name_for_index(i).map(str::to_owned))
            .collect()
    }

    /// The entry whose name equals `name` ignoring ASCII case and the
    /// direction of slashes (tools write `Sources/` and `sources/`).
    pub fn find(&self, name: &str) -> Option<String> {
        let want = name.replace('\\', "/");
        self.names()
            .into_iter()
            .find(|n| n.replace('\\', "/").eq_ignore_ascii_case(&want))
    }

    /// Read one entry, refusing entries larger than [`MAX_ENTRY_BYTES`].
    pub fn read(&mut self, name: &str) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let fail = |m: String| vec![Diagnostic::file(&self.path, m)];
        let entry = self
            .zip
            .by_name(name)
            .map_err(|e| fail(format!("cannot read {name}: {e}")))?;
        if entry.encrypted() {
            return Err(fail(format!("{name} is password-protected")));
        }
        let left = MAX_TOTAL_BYTES.saturating_sub(self.unpacked);
        let cap = MAX_ENTRY_BYTES.min(left);
        let too_big = |size: u64| {
            fail(format!(
                "{name} in the archive unpacks to {} or more; thema reads up to {} (is this a zip bomb?)",
                crate::import::megabytes(size),
                crate::import::megabytes(MAX_ENTRY_BYTES)
            ))
        };
        // The declared size can lie; the capped read below is what holds.
        if entry.size() > MAX_ENTRY_BYTES {
            return Err(too_big(entry.size()));
        }
        let mut bytes = Vec::new();
        entry
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(format!("cannot read {name}: {e}")))?;
        if bytes.len() as u64 > cap {
            if cap < MAX_ENTRY_BYTES {
                return Err(fail(format!(
                    "the archive unpacks to more than {} in all (at {name}); refused (is this a zip bomb?)",
                    crate::import::megabytes(MAX_TOTAL_BYTES)
                )));
            }
            return Err(too_big(bytes.len() as u64));
        }
        self.unpacked += bytes.len() as u64;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_in_utf16_with_and_without_bom() {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-16\"?><CodeBook/>";
        let le: Vec<u8> = xml.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = xml.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let p = Path::new("x.qdc");
        assert_eq!(decode_xml(&le, p).unwrap(), xml);
        assert_eq!(decode_xml(&be, p).unwrap(), xml);
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(&le);
        assert_eq!(decode_xml(&bom, p).unwrap(), xml);
        assert!(decode_xml(b"\xEF\xBB\xBF<a/>", p).unwrap() == "<a/>");
        assert!(decode_xml(b"<a>\xFF</a>", p).is_err());
    }
}
