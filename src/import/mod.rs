//! Import: from files on disk to documents ready for the store.
//!
//! A batch is read and checked completely before anything is written: every
//! file is decoded ([`decode`]), its front matter parsed ([`front_matter`]),
//! ids checked for duplicates within the batch, and every problem collected
//! with file, line and column. The caller then stores the good documents in one
//! transaction, or refuses the whole batch, so a bad file never leaves a
//! half-imported project. Files are read on all cores; order is kept.

mod decode;
mod front_matter;
mod office;

use crate::error::{Diagnostic, Error, Result};
use crate::model::Attributes;
use crate::store::NewDocument;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// File endings a directory walk picks up (explicitly named files are always read).
pub const EXTENSIONS: &[&str] = &["md", "markdown", "txt", "text", "docx", "odt"];

/// Largest write-up or codebook file thema reads. An interview write-up of
/// three hours is about 200 KB; the cap is there so that a wrong path (a
/// video, a disk image, `/dev/zero`) fails at once instead of filling memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Read a whole input file, refusing what is not an ordinary file (a device
/// such as `/dev/zero`, a FIFO, a folder) and files over `limit` bytes. The
/// read itself is capped too, so a file that grows while being read (or a
/// `/proc` file that reports size 0) cannot exceed the limit either.
/// Errors are ready to show after the file name.
pub fn read_capped(path: &Path, limit: u64) -> std::result::Result<Vec<u8>, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err(if meta.is_dir() {
            "is a folder, not a file".to_owned()
        } else {
            "is not a regular file (a device, FIFO or socket); thema reads ordinary files only"
                .to_owned()
        });
    }
    let too_big = |size: u64| {
        format!(
            "file is too large ({}); thema reads files up to {}",
            megabytes(size),
            megabytes(limit)
        )
    };
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A byte count for messages, e.g. `64 MB` or `1.5 MB`.
pub fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb >= 10.0 || mb.fract() == 0.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

/// The outcome of reading a batch: good documents, errors, warnings.
#[derive(Debug, Default)]
pub struct Batch {
    pub documents: Vec<NewDocument>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Expand files and folders into the write-up files to import, sorted.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| {
            Error::hint(
                format!("cannot read {}: {e}", p.display()),
                "check the path; folders are searched recursively",
            )
        })?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, out)?;
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(p);
        }
    }
    Ok(())
}

/// Read one write-up by its extension: `.docx` and `.odt` are converted to
/// Markdown first (see [`office`]), everything else is Markdown or text.
pub fn parse_file(
    path: &Path,
    bytes: &[u8],
    extra: &Attributes,
) -> std::result::Result<(NewDocument, Option<Diagnostic>), Vec<Diagnostic>> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let kind = match ext.as_str() {
        "docx" => office::Kind::Docx,
        "odt" => office::Kind::Odt,
        _ => return parse_write_up(path, bytes, extra),
    };
    let converted = office::convert(bytes, kind)
        .map_err(|m| vec![Diagnostic::file(path, format!("the file {m}"))])?;
    parse_write_up(path, converted.markdown.as_bytes(), extra)
}

/// Read one write-up from bytes. `path` names it in messages and gives the
/// default id (the file stem).
pub fn parse_write_up(
    path: &Path,
    bytes: &[u8],
    extra: &Attributes,
) -> std::result::Result<(NewDocument, Option<Diagnostic>), Vec<Diagnostic>> {
    let decoded = decode::decode(bytes)
        .map_err(|e| vec![Diagnostic::new(path, e.line, e.column, e.message)])?;
    let warning = decoded.warning.map(|w| Diagnostic::file(path, w));
    let text = decoded.text;
    let fm = front_matter::parse(&text).map_err(|problems| {
        problems
            .into_iter()
            .map(|p| Diagnostic::new(path, p.line, p.column, p.message))
            .collect::<Vec<_>>()
    })?;
    let body = text[fm.body_start..].trim_start_matches('\n');
    if body.trim().is_empty() {
        let line = text[..fm.body_start].matches('\n').count() + 1;
        return Err(vec![Diagnostic::new(
            path,
            line,
            1,
            "no text after the front matter",
        )]);
    }
    let (id_line, id_column) = fm.id_at;
    let id = match fm.id {
        Some(id) => id,
        None => path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                vec![Diagnostic::file(
                    path,
                    "cannot derive a document id from the file name; add `id:`",
                )]
            })?,
    };
    // One written form for ids (NFC: a file name from macOS is NFD), and
    // no invisible characters that would make two ids look alike.
    let id = crate::text::name::clean(&id).map_err(|why| {
        vec![Diagnostic::new(
            path,
            id_line,
            id_column,
            format!("the document id \"{}\" {why}", id.escape_debug()),
        )]
    })?;
    let mut attributes = fm.attributes;
    for (k, v) in extra {
        attributes.insert(k.clone(), v.clone());
    }
    let problems = control_characters(path, &text[..fm.body_start], &id, &attributes);
    if !problems.is_empty() {
        return Err(problems);
    }
    let body = body.to_owned();
    let sha256 = crate::text::sha256_hex(&body);
    let source = Some(path.display().to_string());
    Ok((
        NewDocument {
            id,
            text: body,
            sha256,
            attributes,
            source,
        },
        warning,
    ))
}

/// Control characters in the id, an attribute key or an attribute value are
/// refused like in the body (they would act on the terminal of whoever lists
/// the documents; YAML escapes such as `"\e"` are the way they get in). Ids
/// and keys are one line; values may hold line breaks and tabs like the body.
/// Each problem is located at its key's line in the front matter.
fn control_characters(
    path: &Path,
    front_matter: &str,
    id: &str,
    attributes: &Attributes,
) -> Vec<Diagnostic> {
    use crate::text::{Safe, is_unsafe};
    let line_bad = |s: &str| s.chars().find(|&c| is_unsafe(c));
    let text_bad = |s: &str| s.chars().find(|&c| is_unsafe(c) && c != '\n' && c != '\t');
    let mut bad: Vec<(&str, String, char)> = Vec::new();
    if let Some(c) = line_bad(id) {
        bad.push(("id", format!("the id \"{}\"", Safe(id)), c));
    }
    for (k, v) in attributes {
        if let Some(c) = line_bad(k) {
            bad.push((k, format!("the attribute key \"{}\"", Safe(k)), c));
        } else if let Some(c) = text_bad(v) {
            bad.push((k, format!("the value of `{}`", Safe(k)), c));
        }
    }
    if bad.is_empty() {
        return Vec::new();
    }
    // Where each key is written: one pass over the front matter lines.
    let mut at: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, line) in front_matter.lines().enumerate() {
        let t = line.trim_start();
        if let Some((key, rest)) = t.split_once(':') {
            let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
            let value_at = line.len() - rest.trim_start().len();
            let column = line[..value_at].chars().count() + 1;
            at.entry(key).or_insert((i + 1, column));
        }
    }
    bad.into_iter()
        .map(|(key, what, c)| {
            let message = format!(
                "{what} contains a control character ({}); remove it",
                c.escape_unicode()
            );
            match at.get(key) {
                Some(&(line, column)) => Diagnostic::new(path, line, column, message),
                None if key == "id" => Diagnostic::file(
                    path,
                    format!("{message} from the file name, or set `id:` in the front matter"),
                ),
                None => Diagnostic::file(path, format!("{message} (given with --attr)")),
            }
        })
        .collect()
}

/// Read every file (in parallel), then check ids across the batch.
/// `progress` is called with the number of files read so far.
pub fn read_batch(
    files: &[PathBuf],
    extra: &Attributes,
    progress: &(dyn Fn(usize) + Sync),
) -> Batch {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let chunk = files.len().div_ceil(threads).max(1);
    let done = std::sync::atomic::AtomicUsize::new(0);
    type One = std::result::Result<(NewDocument, Option<Diagnostic>), Vec<Diagnostic>>;
    let results: Vec<One> = std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                let done = &done;
                s.spawn(move || {
                    part.iter()
                        .map(|path| {
                            let r = match read_capped(path, MAX_FILE_BYTES) {
                                Ok(bytes) => parse_file(path, &bytes, extra),
                                Err(e) => Err(vec![Diagnostic::file(path, e)]),
                            };
                            progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
                            r
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("import worker panicked"))
            .collect()
    });
    let mut batch = Batch::default();
    // Ids are compared without case: P01 and p01 are one document.
    let mut seen: HashMap<String, (String, PathBuf)> = HashMap::new();
    for (path, r) in files.iter().zip(results) {
        match r {
            Ok((doc, warning)) => {
                batch.warnings.extend(warning);
                let key = crate::text::name::key(&doc.id);
                if let Some((first_id, first)) = seen.get(&key) {
                    let also = if *first_id == doc.id {
                        String::new()
                    } else {
                        format!(" (as {first_id}; ids are compared without case)")
                    };
                    batch.errors.push(Diagnostic::file(
                        path,
                        format!(
                            "id {} is also used by {}{also} in this batch",
                            doc.id,
                            first.display()
                        ),
                    ));
                } else {
                    seen.insert(key, (doc.id.clone(), path.clone()));
                    batch.documents.push(doc);
                }
            }
            Err(errors) => batch.errors.extend(errors),
        }
    }
    batch
}
