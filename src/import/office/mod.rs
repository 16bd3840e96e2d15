//! Word (`.docx`) and OpenDocument (`.odt`) write-ups, read as Markdown.
//!
//! Both are zips of XML. Only what a write-up says is kept: paragraphs,
//! headings (as `#` headings, which become heading units), list items (as
//! `- ` items), tables (one paragraph per row, cells joined by ` | `), and
//! footnotes and endnotes (a `[n]` marker where they are referenced, their
//! text appended at the end). Field codes, deleted tracked changes,
//! comments, headers and footers and drawing fallbacks are left out, so no
//! XML, style name or instruction leaks into the text. A front-matter block
//! typed at the top (a paragraph `---`, `key: value` paragraphs, `---`)
//! works as in Markdown; the document's properties (title, subject,
//! keywords, description and custom properties; never the author, as
//! write-ups are anonymized) fill the attributes neither `--attr` nor the
//! typed block set. The result goes through the same decoding, NFC and
//! front-matter checks as a `.md` file.

mod docx;
mod odt;

use quick_xml::events::BytesStart;
use std::io::{Cursor, Read};

/// Largest XML part unpacked from a document (a zip bomb is refused).
pub(super) const MAX_PART: u64 = crate::import::MAX_FILE_BYTES;

/// The Markdown text, the document's properties in its front matter.
pub struct Converted {
    pub markdown: String,
}

#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    Docx,
    Odt,
}

/// Convert a `.docx` or `.odt` file's bytes. Errors are one sentence
/// without the file name (the caller adds it).
pub fn convert(bytes: &[u8], kind: Kind) -> Result<Converted, String> {
    // Encrypted Office files are OLE compound files, not zips.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(match kind {
            Kind::Docx => "is password-protected (encrypted) or an old binary .doc; save it without a password as .docx".into(),
            Kind::Odt => "is not an OpenDocument zip (an old binary format?); save it as .odt".into(),
        });
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        format!(
            "is not a readable {} (a zip): {e}",
            if kind == Kind::Docx { ".docx" } else { ".odt" }
        )
    })?;
    match kind {
        Kind::Docx => docx::convert(&mut zip),
        Kind::Odt => odt::convert(&mut zip),
    }
}

pub(super) type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

pub(super) fn part(zip: &mut Zip<'_>, name: &str) -> Result<Option<String>, String> {
    let entry = match zip.by_name(name) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("cannot read {name} inside it: {e}")),
    };
    if entry.size() > MAX_PART {
        return Err(format!(
            "{name} inside it unpacks to more than {} (is this a zip bomb?)",
            crate::import::megabytes(MAX_PART)
        ));
    }
    let mut bytes = Vec::new();
    entry
        .take(MAX_PART + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name} inside it is damaged: {e}"))?;
    if bytes.len() as u64 > MAX_PART {
        return Err(format!(
            "{name} inside it unpacks to more than {} (is this a zip bomb?)",
            crate::import::megabytes(MAX_PART)
        ));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| format!("{name} inside it is not UTF-8 XML"))
}

/// A block of the document as Markdown-to-be.
pub(super) enum Block {
    Para(String),
    Heading(usize, String),
    Item(String),
}

/// What the walk over a body builds: blocks, and notes by their id in the
/// file, numbered in the order they are referenced.
#[derive(Default)]
pub(super) struct Out {
    pub(super) blocks: Vec<Block>,
    pub(super) note_refs: Vec<String>,
}

pub(super) fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

pub(super) fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

pub(super) fn xml_err(e: impl std::fmt::Display, what: &str) -> String {
    format!("{what} inside it is not well-formed XML: {e}")
}

/// Entity and character references come as their own events: the
/// predefined five and numeric ones are resolved, others dropped.
pub(super) fn general_ref(g: &quick_xml::events::BytesRef<'_>) -> String {
    let raw = format!("&{};", &**g);
    quick_xml::escape::unescape(&raw)
        .map(|c| c.into_owned())
        .unwrap_or_default()
}

/// Runs of spaces and tabs as one space, trimmed; line breaks kept.
pub(super) fn collapse(s: &str) -> String {
    s.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

/// Whether a paragraph is the `---` of a typed front-matter block (Word's
/// AutoCorrect may have turned it into a dash).
fn is_fence(s: &str) -> bool {
    let t = s.trim();
    t == "---" || t == "—" || t == "—-" || t == "–-"
}

/// The blocks as Markdown, with a front matter block holding what was
/// typed at the top plus the properties it does not set.
pub(super) fn markdown(out: Out, properties: &[(String, String)]) -> String {
    let mut blocks = out.blocks.into_iter().peekable();
    let mut typed: Vec<String> = Vec::new();
    let mut has_fm = false;
    if let Some(Block::Para(first)) = blocks.peek()
        && is_fence(first)
    {
        let rest: Vec<Block> = blocks.collect();
        let close = rest
            .iter()
            .skip(1)
            .position(|b| matches!(b, Block::Para(t) if is_fence(t)));
        let mut rest = rest.into_iter();
        if let Some(close) = close {
            rest.next();
            for b in rest.by_ref().take(close) {
                let (Block::Para(t) | Block::Item(t) | Block::Heading(_, t)) = b;
                typed.extend(t.lines().map(str::to_owned));
            }
            rest.next();
            has_fm = true;
        }
        let remaining: Vec<Block> = rest.collect();
        if !has_fm {
            // An opening `---` that is never closed is text, as in Markdown.
            typed.clear();
        }
        return render(&typed, properties, remaining, &out.note_refs);
    }
    render(&typed, properties, blocks.collect(), &out.note_refs)
}

fn render(
    typed: &[String],
    properties: &[(String, String)],
    blocks: Vec<Block>,
    notes: &[String],
) -> String {
    // Keys the typed block sets (front matter is flat `key: value`).
    let typed_keys: std::collections::HashSet<String> = typed
        .iter()
        .filter(|l| !l.starts_with([' ', '\t', '#', '-']))
        .filter_map(|l| l.split_once(':'))
        .map(|(k, _)| k.trim().trim_matches(['"', '\'']).to_lowercase())
        .collect();
    let mut fm: Vec<String> = typed.to_vec();
    for (k, v) in properties {
        let key_ok = !k.is_empty()
            && !k.contains([':', '\n', '"', '\''])
            && !k.starts_with([
                '#', '-', ' ', '[', '{', '&', '*', '!', '|', '>', '%', '@', '`',
            ]);
        if key_ok && !typed_keys.contains(&k.to_lowercase()) && !v.is_empty() {
            fm.push(format!("{k}: {}", yaml_quoted(v)));
        }
    }
    let mut s = String::new();
    if !fm.is_empty() {
        s.push_str("---\n");
        for l in &fm {
            s.push_str(l);
            s.push('\n');
        }
        s.push_str("---\n");
    }
    for b in blocks {
        match b {
            Block::Para(t) => s.push_str(&t),
            Block::Heading(l, t) => {
                s.push_str(&"#".repeat(l));
                s.push(' ');
                s.push_str(&t.replace('\n', " "));
            }
            Block::Item(t) => {
                s.push_str("- ");
                s.push_str(&t);
            }
        }
        s.push_str("\n\n");
    }
    for n in notes {
        s.push_str(n);
        s.push_str("\n\n");
    }
    let trimmed = s.trim_end().len();
    s.truncate(trimmed);
    s.push('\n');
    s
}

/// A property value as a double-quoted YAML scalar: read back as exactly
/// this text, whatever it holds (`no`, `1.10`, `#`, quotes).
fn yaml_quoted(v: &str) -> String {
    let mut out = String::from("\"");
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
