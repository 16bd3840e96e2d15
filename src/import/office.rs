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

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::{Cursor, Read};

/// Largest XML part unpacked from a document (a zip bomb is refused).
const MAX_PART: u64 = crate::import::MAX_FILE_BYTES;

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
        Kind::Docx => docx(&mut zip),
        Kind::Odt => odt(&mut zip),
    }
}

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

fn part(zip: &mut Zip<'_>, name: &str) -> Result<Option<String>, String> {
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
enum Block {
    Para(String),
    Heading(usize, String),
    Item(String),
}

/// What the walk over a body builds: blocks, and notes by their id in the
/// file, numbered in the order they are referenced.
#[derive(Default)]
struct Out {
    blocks: Vec<Block>,
    note_refs: Vec<String>,
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn xml_err(e: impl std::fmt::Display, what: &str) -> String {
    format!("{what} inside it is not well-formed XML: {e}")
}

// ---------------------------------------------------------------- docx

/// Heading level per paragraph style id, from `word/styles.xml`: the
/// style's outline level, or its built-in name ("heading 2", "Title"),
/// which Word writes in English whatever the language of the UI.
fn docx_styles(xml: &str) -> Result<std::collections::HashMap<String, usize>, String> {
    let mut levels = std::collections::HashMap::new();
    let mut r = Reader::from_str(xml);
    let mut current: Option<String> = None;
    loop {
        match r.read_event().map_err(|e| xml_err(e, "word/styles.xml"))? {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                "style" => current = attr(&e, "styleId"),
                "name" => {
                    if let (Some(id), Some(n)) = (&current, attr(&e, "val")) {
                        let n = n.to_lowercase();
                        let level = if n == "title" {
                            Some(1)
                        } else {
                            n.strip_prefix("heading ")
                                .and_then(|d| d.trim().parse().ok())
                        };
                        if let Some(l) = level {
                            levels.insert(id.clone(), l);
                        }
                    }
                }
                "outlineLvl" => {
                    if let (Some(id), Some(v)) = (&current, attr(&e, "val"))
                        && let Ok(l) = v.parse::<usize>()
                        && l < 9
                    {
                        levels.insert(id.clone(), l + 1);
                    }
                }
                _ => {}
            },
            Event::End(e) if local(e.name().as_ref()) == "style" => current = None,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(levels)
}

/// Document properties worth an attribute: core title, subject, keywords,
/// description, and every custom property (`docProps/custom.xml`).
fn docx_properties(zip: &mut Zip<'_>) -> Result<Vec<(String, String)>, String> {
    let mut props = Vec::new();
    if let Some(xml) = part(zip, "docProps/core.xml")? {
        let mut r = Reader::from_str(&xml);
        let mut key: Option<&str> = None;
        loop {
            match r
                .read_event()
                .map_err(|e| xml_err(e, "docProps/core.xml"))?
            {
                Event::Start(e) => {
                    key = match local(e.name().as_ref()) {
                        "title" => Some("title"),
                        "subject" => Some("subject"),
                        "keywords" => Some("keywords"),
                        "description" => Some("description"),
                        _ => None,
                    }
                }
                Event::Text(t) => {
                    if let Some(k) = key {
                        let v = t.xml10_content();
                        if !v.trim().is_empty() {
                            props.push((k.to_owned(), v.trim().to_owned()));
                        }
                    }
                }
                Event::End(_) => key = None,
                Event::Eof => break,
                _ => {}
            }
        }
    }
    if let Some(xml) = part(zip, "docProps/custom.xml")? {
        let mut r = Reader::from_str(&xml);
        let mut name: Option<String> = None;
        let mut depth_in_value = false;
        loop {
            match r
                .read_event()
                .map_err(|e| xml_err(e, "docProps/custom.xml"))?
            {
                Event::Start(e) if local(e.name().as_ref()) == "property" => {
                    name = attr(&e, "name")
                }
                Event::Start(_) if name.is_some() => depth_in_value = true,
                Event::Text(t) if depth_in_value => {
                    if let Some(n) = &name {
                        let v = t.xml10_content();
                        props.push((n.clone(), v.trim().to_owned()));
                    }
                }
                Event::End(e) if local(e.name().as_ref()) == "property" => {
                    name = None;
                    depth_in_value = false;
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    Ok(props)
}

/// Footnote or endnote texts by id (separators left out).
fn docx_notes(xml: &str, what: &str) -> Result<std::collections::HashMap<String, String>, String> {
    let mut notes = std::collections::HashMap::new();
    let mut r = Reader::from_str(xml);
    let mut id: Option<String> = None;
    let mut text = String::new();
    let mut in_t = false;
    loop {
        match r.read_event().map_err(|e| xml_err(e, what))? {
            Event::Start(e) => match local(e.name().as_ref()) {
                "footnote" | "endnote" => {
                    let special = attr(&e, "type").is_some_and(|t| t != "normal");
                    id = (!special).then(|| attr(&e, "id")).flatten();
                    text.clear();
                }
                "t" => in_t = true,
                "p" if !text.is_empty() => text.push(' '),
                _ => {}
            },
            Event::Empty(e) if matches!(local(e.name().as_ref()), "tab" | "br") => text.push(' '),
            Event::Text(t) if in_t => text.push_str(&t.xml10_content()),
            Event::GeneralRef(g) if in_t => text.push_str(&general_ref(&g)),
            Event::End(e) => match local(e.name().as_ref()) {
                "t" => in_t = false,
                "footnote" | "endnote" => {
                    if let Some(i) = id.take() {
                        notes.insert(i, collapse(&text));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(notes)
}

/// Entity and character references come as their own events: the
/// predefined five and numeric ones are resolved, others dropped.
fn general_ref(g: &quick_xml::events::BytesRef<'_>) -> String {
    let raw = format!("&{};", &**g);
    quick_xml::escape::unescape(&raw)
        .map(|c| c.into_owned())
        .unwrap_or_default()
}

/// Runs of spaces and tabs as one space, trimmed; line breaks kept.
fn collapse(s: &str) -> String {
    s.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

fn docx(zip: &mut Zip<'_>) -> Result<Converted, String> {
    let body = part(zip, "word/document.xml")?
        .ok_or("is not a Word document: it holds no word/document.xml")?;
    let styles = match part(zip, "word/styles.xml")? {
        Some(x) => docx_styles(&x)?,
        None => Default::default(),
    };
    let mut notes = match part(zip, "word/footnotes.xml")? {
        Some(x) => docx_notes(&x, "word/footnotes.xml")?,
        None => Default::default(),
    };
    let endnotes = match part(zip, "word/endnotes.xml")? {
        Some(x) => docx_notes(&x, "word/endnotes.xml")?,
        None => Default::default(),
    };
    let mut out = Out::default();
    let mut r = Reader::from_str(&body);
    // One paragraph per open <w:p> (text boxes nest paragraphs).
    struct Para {
        text: String,
        level: Option<usize>,
        item: bool,
    }
    let mut paras: Vec<Para> = Vec::new();
    let mut in_t = false;
    // Skipped subtrees: deleted text, field instructions, drawing fallbacks.
    let mut skip = 0usize;
    // Table rows: cells of the row being read.
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut endnote_refs: Vec<String> = Vec::new();
    let mut n_notes = 0usize;
    let mut note_text: Vec<String> = Vec::new();
    loop {
        let ev = r
            .read_event()
            .map_err(|e| xml_err(e, "word/document.xml"))?;
        match &ev {
            Event::Start(e) if skip > 0 => {
                let _ = e;
                skip += 1;
                continue;
            }
            Event::End(_) if skip > 0 => {
                skip -= 1;
                continue;
            }
            _ if skip > 0 => continue,
            _ => {}
        }
        match ev {
            Event::Start(e) => match local(e.name().as_ref()) {
                "delText" | "instrText" | "Fallback" | "del" | "commentReference" => skip = 1,
                "p" => paras.push(Para {
                    text: String::new(),
                    level: None,
                    item: false,
                }),
                "t" => in_t = true,
                "numPr" => {
                    if let Some(p) = paras.last_mut() {
                        p.item = true
                    }
                }
                "tr" => rows.push(Vec::new()),
                "tc" => {
                    if let Some(row) = rows.last_mut() {
                        row.push(String::new())
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match local(e.name().as_ref()) {
                "pStyle" => {
                    if let (Some(p), Some(v)) = (paras.last_mut(), attr(&e, "val")) {
                        p.level = styles.get(&v).copied().or(p.level);
                    }
                }
                "outlineLvl" => {
                    if let (Some(p), Some(v)) = (paras.last_mut(), attr(&e, "val"))
                        && let Ok(l) = v.parse::<usize>()
                        && l < 9
                    {
                        p.level = Some(l + 1);
                    }
                }
                "numPr" => {
                    if let Some(p) = paras.last_mut() {
                        p.item = true
                    }
                }
                "tab" | "br" | "cr" => {
                    if let Some(p) = paras.last_mut() {
                        let brk = local(e.name().as_ref()) != "tab";
                        p.text.push(if brk { '\n' } else { ' ' });
                    }
                }
                "footnoteReference" | "endnoteReference" => {
                    let id = attr(&e, "id").unwrap_or_default();
                    let text = if local(e.name().as_ref()) == "footnoteReference" {
                        notes.remove(&id)
                    } else {
                        endnote_refs.push(id.clone());
                        endnotes.get(&id).cloned()
                    };
                    if let (Some(t), Some(p)) = (text, paras.last_mut()) {
                        n_notes += 1;
                        p.text.push_str(&format!("[{n_notes}]"));
                        note_text.push(format!("[{n_notes}] {t}"));
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_t => {
                if let Some(p) = paras.last_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) if in_t => {
                if let Some(p) = paras.last_mut() {
                    p.text.push_str(&general_ref(&g));
                }
            }
            Event::End(e) => match local(e.name().as_ref()) {
                "t" => in_t = false,
                "p" => {
                    let Some(p) = paras.pop() else { continue };
                    let text = collapse(&p.text);
                    if let Some(cell) = rows.last_mut().and_then(|r| r.last_mut()) {
                        if !text.is_empty() {
                            if !cell.is_empty() {
                                cell.push(' ');
                            }
                            cell.push_str(&text);
                        }
                    } else if !text.is_empty() {
                        out.blocks.push(match (p.level, p.item) {
                            (Some(l), _) => Block::Heading(l.min(6), text),
                            (None, true) => Block::Item(text),
                            (None, false) => Block::Para(text),
                        });
                    }
                }
                "tr" => {
                    if let Some(row) = rows.pop() {
                        let cells: Vec<String> =
                            row.into_iter().filter(|c| !c.is_empty()).collect();
                        if !cells.is_empty() {
                            let line = cells.join(" | ").replace('\n', " ");
                            // A row of a table nested in a cell goes into that cell.
                            match rows.last_mut().and_then(|r| r.last_mut()) {
                                Some(cell) => {
                                    if !cell.is_empty() {
                                        cell.push(' ');
                                    }
                                    cell.push_str(&line)
                                }
                                None => out.blocks.push(Block::Para(line)),
                            }
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out.note_refs = note_text;
    let properties = docx_properties(zip)?;
    Ok(Converted {
        markdown: markdown(out, &properties),
    })
}

// ---------------------------------------------------------------- odt

fn odt(zip: &mut Zip<'_>) -> Result<Converted, String> {
    if let Some(manifest) = part(zip, "META-INF/manifest.xml")?
        && manifest.contains("encryption-data")
    {
        return Err("is password-protected (encrypted); save it without a password as .odt".into());
    }
    let content =
        part(zip, "content.xml")?.ok_or("is not an OpenDocument text: it holds no content.xml")?;
    let mut out = Out::default();
    let mut r = Reader::from_str(&content);
    enum Kind {
        P,
        H(usize),
    }
    struct Para {
        text: String,
        kind: Kind,
    }
    let mut paras: Vec<Para> = Vec::new();
    let mut in_body = false;
    let mut list_depth = 0usize;
    let mut skip = 0usize;
    let mut rows: Vec<Vec<String>> = Vec::new();
    // A note's body is read like paragraphs, into its own buffer.
    let mut note: Option<String> = None;
    let mut note_depth = 0usize;
    let mut n_notes = 0usize;
    let mut notes: Vec<String> = Vec::new();
    loop {
        let ev = r.read_event().map_err(|e| xml_err(e, "content.xml"))?;
        match &ev {
            Event::Start(_) if skip > 0 => {
                skip += 1;
                continue;
            }
            Event::End(_) if skip > 0 => {
                skip -= 1;
                continue;
            }
            _ if skip > 0 => continue,
            _ => {}
        }
        match ev {
            Event::Start(e) => match local(e.name().as_ref()) {
                "text" if !in_body => in_body = true,
                "tracked-changes" | "annotation" | "note-citation" | "sequence-decls"
                | "table-of-content" => skip = 1,
                "note" => {
                    note = Some(String::new());
                    note_depth = 0;
                }
                "note-body" => note_depth = 1,
                "list" => list_depth += 1,
                "p" | "h" if in_body && note.is_none() => {
                    let kind = if local(e.name().as_ref()) == "h" {
                        let level = attr(&e, "outline-level")
                            .and_then(|l| l.parse().ok())
                            .unwrap_or(1usize);
                        Kind::H(level.clamp(1, 6))
                    } else {
                        Kind::P
                    };
                    paras.push(Para {
                        text: String::new(),
                        kind,
                    });
                }
                "table-row" => rows.push(Vec::new()),
                "table-cell" => {
                    if let Some(row) = rows.last_mut() {
                        row.push(String::new())
                    }
                }
                _ => {}
            },
            Event::Empty(e) => {
                let target = match (&mut note, note_depth) {
                    (Some(n), 1) => Some(n),
                    _ => paras.last_mut().map(|p| &mut p.text),
                };
                if let Some(t) = target {
                    match local(e.name().as_ref()) {
                        "s" => {
                            let n = attr(&e, "c").and_then(|c| c.parse().ok()).unwrap_or(1usize);
                            t.push_str(&" ".repeat(n.min(64)));
                        }
                        "tab" => t.push(' '),
                        "line-break" => t.push('\n'),
                        _ => {}
                    }
                }
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                match (&mut note, note_depth) {
                    (Some(n), 1) => n.push_str(&s),
                    _ => {
                        if let Some(p) = paras.last_mut() {
                            p.text.push_str(&s)
                        }
                    }
                }
            }
            Event::GeneralRef(g) => {
                let s = general_ref(&g);
                match (&mut note, note_depth) {
                    (Some(n), 1) => n.push_str(&s),
                    _ => {
                        if let Some(p) = paras.last_mut() {
                            p.text.push_str(&s)
                        }
                    }
                }
            }
            Event::End(e) => match local(e.name().as_ref()) {
                "note" => {
                    if let Some(n) = note.take() {
                        n_notes += 1;
                        if let Some(p) = paras.last_mut() {
                            p.text.push_str(&format!("[{n_notes}]"));
                        }
                        notes.push(format!("[{n_notes}] {}", collapse(&n)));
                    }
                    note_depth = 0;
                }
                "p" | "h" if note.is_some() && note_depth == 1 => {
                    if let Some(n) = &mut note {
                        n.push(' ');
                    }
                }
                "list" => list_depth = list_depth.saturating_sub(1),
                "p" | "h" if in_body => {
                    let Some(p) = paras.pop() else { continue };
                    let text = collapse(&p.text);
                    if let Some(cell) = rows.last_mut().and_then(|r| r.last_mut()) {
                        if !text.is_empty() {
                            if !cell.is_empty() {
                                cell.push(' ');
                            }
                            cell.push_str(&text);
                        }
                    } else if !text.is_empty() {
                        out.blocks.push(match p.kind {
                            Kind::H(l) => Block::Heading(l, text),
                            Kind::P if list_depth > 0 => Block::Item(text),
                            Kind::P => Block::Para(text),
                        });
                    }
                }
                "table-row" => {
                    if let Some(row) = rows.pop() {
                        let cells: Vec<String> =
                            row.into_iter().filter(|c| !c.is_empty()).collect();
                        if !cells.is_empty() {
                            let line = cells.join(" | ").replace('\n', " ");
                            match rows.last_mut().and_then(|r| r.last_mut()) {
                                Some(cell) => {
                                    if !cell.is_empty() {
                                        cell.push(' ');
                                    }
                                    cell.push_str(&line)
                                }
                                None => out.blocks.push(Block::Para(line)),
                            }
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out.note_refs = notes;
    let properties = odt_properties(zip)?;
    Ok(Converted {
        markdown: markdown(out, &properties),
    })
}

/// `meta.xml`: title, subject, keywords (joined), description, and every
/// user-defined property.
fn odt_properties(zip: &mut Zip<'_>) -> Result<Vec<(String, String)>, String> {
    let Some(xml) = part(zip, "meta.xml")? else {
        return Ok(Vec::new());
    };
    let mut props: Vec<(String, String)> = Vec::new();
    let mut keywords: Vec<String> = Vec::new();
    let mut r = Reader::from_str(&xml);
    let mut key: Option<String> = None;
    loop {
        match r.read_event().map_err(|e| xml_err(e, "meta.xml"))? {
            Event::Start(e) => {
                key = match local(e.name().as_ref()) {
                    "title" => Some("title".into()),
                    "subject" => Some("subject".into()),
                    "keyword" => Some("\u{0}keyword".into()),
                    "description" => Some("description".into()),
                    "user-defined" => attr(&e, "name"),
                    _ => None,
                }
            }
            Event::Text(t) => {
                if let Some(k) = &key {
                    let v = t.xml10_content();
                    let v = v.trim().to_owned();
                    if k == "\u{0}keyword" {
                        keywords.push(v);
                    } else if !v.is_empty() {
                        props.push((k.clone(), v));
                    }
                }
            }
            Event::End(_) => key = None,
            Event::Eof => break,
            _ => {}
        }
    }
    if !keywords.is_empty() {
        props.push(("keywords".into(), keywords.join(", ")));
    }
    Ok(props)
}

// ---------------------------------------------------------------- output

/// Whether a paragraph is the `---` of a typed front-matter block (Word's
/// AutoCorrect may have turned it into a dash).
fn is_fence(s: &str) -> bool {
    let t = s.trim();
    t == "---" || t == "—" || t == "—-" || t == "–-"
}

/// The blocks as Markdown, with a front matter block holding what was
/// typed at the top plus the properties it does not set.
fn markdown(out: Out, properties: &[(String, String)]) -> String {
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
