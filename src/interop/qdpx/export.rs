//! Export a whole project as REFI-QDA (`.qdpx`): `project.qde`, valid
//! against `Project.xsd`, and every document as UTF-8 text under `Sources/`.
//!
//! Mapping: coders → `User`s (GUIDs derived from the name, so repeated
//! exports agree); codes → the `CodeBook`; attributes → one text `Variable`
//! per key and one `Case` per document holding its values; documents →
//! `TextSource`s; excerpts → `PlainTextSelection`s with one `Coding` per code
//! and the coder who applied it; memos → `Note`s referenced from their target
//! (a theme's memo is a `MemberNote` of its `Set`; the project memo is the
//! project's `Description`); themes → `Set`s of their codes.
//!
//! Positions count Unicode code points over the exported text (LF line
//! ends), as the standard says; `Units::Utf16` counts UTF-16 code units, as
//! NVivo does. Output is written through `crate::output`: atomically, never
//! over a project.

use super::positions::Units;
use crate::Project;
use crate::codebook::{escape_text, guid_for, is_guid, write_description, xml_start as start};
use crate::error::{Error, Result};
use crate::model::MemoTarget;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;

const PROJECT_NS: &str = "urn:QDA-XML:project:1.0";

/// What an export wrote.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Exported {
    pub documents: usize,
    pub codes: usize,
    pub themes: usize,
    pub excerpts: usize,
    pub codings: usize,
    pub memos: usize,
    pub users: usize,
    /// Excerpts left out because a re-import orphaned them (their span
    /// refers to a text that is gone).
    pub orphans_left_out: usize,
    pub positions: Option<Units>,
}

fn user_guid(name: &str) -> String {
    // A handful of coders, 100,000 selections: derive each GUID once.
    thread_local! {
        static CACHE: std::cell::RefCell<HashMap<String, String>> = Default::default();
    }
    CACHE.with(|c| {
        c.borrow_mut()
            .entry(name.to_string())
            .or_insert_with(|| guid_for("user", name))
            .clone()
    })
}

fn open(w: &mut Writer<Vec<u8>>, e: BytesStart<'_>) {
    let _ = w.write_event(Event::Start(e));
}

fn close(w: &mut Writer<Vec<u8>>, name: &str) {
    let _ = w.write_event(Event::End(BytesEnd::new(name)));
}

fn empty(w: &mut Writer<Vec<u8>>, e: BytesStart<'_>) {
    let _ = w.write_event(Event::Empty(e));
}

fn text_element(w: &mut Writer<Vec<u8>>, name: &str, text: &str) {
    open(w, BytesStart::new(name));
    let _ = w.write_event(Event::Text(BytesText::from_escaped(escape_text(text))));
    close(w, name);
}

/// Positions of sorted, distinct byte offsets of `text`, in one pass.
fn positions(text: &str, offsets: &BTreeSet<usize>, units: Units) -> HashMap<usize, usize> {
    let mut out = HashMap::with_capacity(offsets.len());
    let (mut at, mut count) = (0, 0);
    for &o in offsets {
        let piece = &text[at..o];
        count += match units {
            Units::Chars => piece.chars().count(),
            Units::Utf16 => piece.encode_utf16().count(),
        };
        at = o;
        out.insert(o, count);
    }
    out
}

/// A memo's note: its GUID (derived from its target) and the XML.
struct NoteOut {
    guid: String,
    name: String,
    text: String,
    coder: String,
}

/// `project.qde`, the source texts as (zip entry, text), and the counts.
pub type Built = (String, Vec<(String, String)>, Exported);

/// Build `project.qde` and the source texts (entry name, text).
pub fn build(project: &Project, name: &str, units: Units) -> Result<Built> {
    let cb = project.codebook()?;
    let summaries = project.documents()?;
    let texts: HashMap<String, String> = project.document_texts()?.into_iter().collect();
    let times = project.import_times()?;
    let excerpts = project.excerpts(&Default::default())?;
    let mut codings: HashMap<i64, Vec<crate::store::ExcerptCoding>> = HashMap::new();
    for c in project.excerpt_codings()? {
        codings.entry(c.excerpt).or_default().push(c);
    }
    let memos = project.memos()?;
    let mut stats = Exported {
        positions: Some(units),
        ..Default::default()
    };

    // Users: everyone who coded or wrote a memo.
    let mut users: BTreeSet<String> = BTreeSet::new();
    for e in &excerpts {
        users.insert(e.coder.clone());
    }
    for list in codings.values() {
        users.extend(list.iter().map(|c| c.coder.clone()));
    }
    users.extend(memos.iter().map(|m| m.coder.clone()));
    users.retain(|u| !u.trim().is_empty());

    let code_guid: HashMap<&str, String> = cb
        .codes
        .iter()
        .map(|c| {
            let g = c
                .guid
                .clone()
                .filter(|g| is_guid(g))
                .unwrap_or_else(|| guid_for("code", &c.name));
            (
                c.name.as_str(),
                g.trim_matches(|c| c == '{' || c == '}').to_string(),
            )
        })
        .collect();
    let doc_guid = |id: &str| guid_for("document", id);

    // Notes per target.
    let mut notes: Vec<NoteOut> = Vec::new();
    let mut note_of: HashMap<MemoTarget, usize> = HashMap::new();
    let mut project_memo = None;
    for m in &memos {
        if m.target == MemoTarget::Project {
            project_memo = Some(m.text.clone());
            continue;
        }
        let key = format!("{:?}", m.target);
        let first = m.text.lines().next().unwrap_or("").trim();
        let title: String = first.chars().take(60).collect();
        note_of.insert(m.target.clone(), notes.len());
        notes.push(NoteOut {
            guid: guid_for("memo", &key),
            name: title,
            text: m.text.clone(),
            coder: m.coder.clone(),
        });
    }
    stats.memos = memos.len();

    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
    open(
        &mut w,
        start(
            "Project",
            &[
                ("xmlns", PROJECT_NS.into()),
                ("name", name.to_string()),
                ("origin", format!("thema {}", env!("CARGO_PKG_VERSION"))),
            ],
        ),
    );
    if !users.is_empty() {
        open(&mut w, BytesStart::new("Users"));
        for u in &users {
            empty(
                &mut w,
                start("User", &[("guid", user_guid(u)), ("name", u.clone())]),
            );
        }
        close(&mut w, "Users");
    }
    stats.users = users.len();

    // The codebook, with NoteRefs for code memos.
    if !cb.codes.is_empty() {
        open(&mut w, BytesStart::new("CodeBook"));
        open(&mut w, BytesStart::new("Codes"));
        let index: HashMap<&str, usize> = cb
            .codes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.as_str(), i))
            .collect();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); cb.codes.len()];
        let mut roots = Vec::new();
        for (i, c) in cb.codes.iter().enumerate() {
            match c.parent.as_deref().and_then(|p| index.get(p)) {
                Some(&p) if p != i => children[p].push(i),
                _ => roots.push(i),
            }
        }
        let mut written = vec![false; cb.codes.len()];
        let ctx = CodeCtx {
            cb: &cb,
            children: &children,
            code_guid: &code_guid,
            notes: &notes,
            note_of: &note_of,
        };
        for r in roots {
            write_code(&mut w, &ctx, &mut written, r);
        }
        for i in 0..cb.codes.len() {
            if !written[i] {
                write_code(&mut w, &ctx, &mut written, i);
            }
        }
        close(&mut w, "Codes");
        close(&mut w, "CodeBook");
    }
    stats.codes = cb.codes.len();

    // Variables and cases from the attributes.
    let keys: BTreeSet<&str> = summaries
        .iter()
        .flat_map(|d| d.attributes.keys().map(String::as_str))
        .collect();
    if !keys.is_empty() {
        open(&mut w, BytesStart::new("Variables"));
        for k in &keys {
            empty(
                &mut w,
                start(
                    "Variable",
                    &[
                        ("guid", guid_for("variable", k)),
                        ("name", k.to_string()),
                        ("typeOfVariable", "Text".into()),
                    ],
                ),
            );
        }
        close(&mut w, "Variables");
        open(&mut w, BytesStart::new("Cases"));
        for d in summaries.iter().filter(|d| !d.attributes.is_empty()) {
            open(
                &mut w,
                start(
                    "Case",
                    &[("guid", guid_for("case", &d.id)), ("name", d.id.clone())],
                ),
            );
            for (k, v) in &d.attributes {
                open(&mut w, BytesStart::new("VariableValue"));
                empty(
                    &mut w,
                    start("VariableRef", &[("targetGUID", guid_for("variable", k))]),
                );
                text_element(&mut w, "TextValue", v);
                close(&mut w, "VariableValue");
            }
            empty(
                &mut w,
                start("SourceRef", &[("targetGUID", doc_guid(&d.id))]),
            );
            close(&mut w, "Case");
        }
        close(&mut w, "Cases");
    }

    // Sources with their selections.
    let mut by_doc: HashMap<&str, Vec<&crate::model::Excerpt>> = HashMap::new();
    for e in &excerpts {
        by_doc.entry(e.doc.as_str()).or_default().push(e);
    }
    let mut files = Vec::with_capacity(summaries.len());
    if !summaries.is_empty() {
        open(&mut w, BytesStart::new("Sources"));
        for d in &summaries {
            let text = texts.get(&d.id).map(String::as_str).unwrap_or("");
            let guid = doc_guid(&d.id);
            let entry = format!("{guid}.txt");
            let mut attrs = vec![
                ("guid", guid.clone()),
                ("name", d.id.clone()),
                ("plainTextPath", format!("internal://{entry}")),
            ];
            if let Some(t) = times.get(&d.id) {
                attrs.push(("creationDateTime", t.clone()));
            }
            open(&mut w, start("TextSource", &attrs));
            let list = by_doc.get(d.id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
            let offsets: BTreeSet<usize> = list
                .iter()
                .flat_map(|e| [e.start, e.end])
                .filter(|&o| o <= text.len())
                .collect();
            let pos = positions(text, &offsets, units);
            for e in list {
                if e.orphan {
                    stats.orphans_left_out += 1;
                    continue;
                }
                let (Some(&s), Some(&en)) = (pos.get(&e.start), pos.get(&e.end)) else {
                    continue;
                };
                let mut attrs = vec![
                    (
                        "guid",
                        guid_for("excerpt", &format!("{}\u{0}{}", d.id, e.id)),
                    ),
                    ("startPosition", s.to_string()),
                    ("endPosition", en.to_string()),
                ];
                if !e.coder.trim().is_empty() {
                    attrs.push(("creatingUser", user_guid(&e.coder)));
                }
                if !e.created_at.is_empty() {
                    attrs.push(("creationDateTime", e.created_at.clone()));
                }
                open(&mut w, start("PlainTextSelection", &attrs));
                for c in codings.get(&e.id).map(Vec::as_slice).unwrap_or(&[]) {
                    let Some(code) = code_guid.get(c.code.as_str()) else {
                        continue;
                    };
                    let mut attrs = vec![(
                        "guid",
                        guid_for("coding", &format!("{}\u{0}{}", e.id, c.code)),
                    )];
                    if !c.coder.trim().is_empty() {
                        attrs.push(("creatingUser", user_guid(&c.coder)));
                    }
                    attrs.push(("creationDateTime", c.created_at.clone()));
                    open(&mut w, start("Coding", &attrs));
                    empty(&mut w, start("CodeRef", &[("targetGUID", code.clone())]));
                    close(&mut w, "Coding");
                    stats.codings += 1;
                }
                if let Some(&n) = note_of.get(&MemoTarget::Excerpt(e.id)) {
                    empty(
                        &mut w,
                        start("NoteRef", &[("targetGUID", notes[n].guid.clone())]),
                    );
                }
                close(&mut w, "PlainTextSelection");
                stats.excerpts += 1;
            }
            if let Some(&n) = note_of.get(&MemoTarget::Document(d.id.clone())) {
                empty(
                    &mut w,
                    start("NoteRef", &[("targetGUID", notes[n].guid.clone())]),
                );
            }
            close(&mut w, "TextSource");
            files.push((format!("Sources/{entry}"), text.to_string()));
        }
        close(&mut w, "Sources");
    }
    stats.documents = summaries.len();

    if !notes.is_empty() {
        open(&mut w, BytesStart::new("Notes"));
        for n in &notes {
            let mut attrs = vec![("guid", n.guid.clone()), ("name", n.name.clone())];
            if !n.coder.trim().is_empty() {
                attrs.push(("creatingUser", user_guid(&n.coder)));
            }
            open(&mut w, start("Note", &attrs));
            text_element(&mut w, "PlainTextContent", &n.text);
            close(&mut w, "Note");
        }
        close(&mut w, "Notes");
    }

    if !cb.themes.is_empty() {
        open(&mut w, BytesStart::new("Sets"));
        for t in &cb.themes {
            let guid = t
                .guid
                .clone()
                .filter(|g| is_guid(g))
                .unwrap_or_else(|| guid_for("theme", &t.name));
            let guid = guid.trim_matches(|c| c == '{' || c == '}').to_string();
            open(
                &mut w,
                start("Set", &[("guid", guid), ("name", t.name.clone())]),
            );
            write_description(&mut w, &t.definition);
            for c in &t.codes {
                if let Some(g) = code_guid.get(c.as_str()) {
                    empty(&mut w, start("MemberCode", &[("targetGUID", g.clone())]));
                }
            }
            if let Some(&n) = note_of.get(&MemoTarget::Theme(t.name.clone())) {
                empty(
                    &mut w,
                    start("MemberNote", &[("targetGUID", notes[n].guid.clone())]),
                );
            }
            close(&mut w, "Set");
        }
        close(&mut w, "Sets");
    }
    stats.themes = cb.themes.len();
    if let Some(m) = project_memo.filter(|m| !m.is_empty()) {
        text_element(&mut w, "Description", &m);
    }
    close(&mut w, "Project");
    let mut xml = String::from_utf8(w.into_inner()).map_err(|e| Error::Internal(e.to_string()))?;
    xml.push('\n');
    Ok((xml, files, stats))
}

struct CodeCtx<'a> {
    cb: &'a crate::codebook::Codebook,
    children: &'a [Vec<usize>],
    code_guid: &'a HashMap<&'a str, String>,
    notes: &'a [NoteOut],
    note_of: &'a HashMap<MemoTarget, usize>,
}

fn write_code(w: &mut Writer<Vec<u8>>, ctx: &CodeCtx<'_>, written: &mut [bool], i: usize) {
    if written[i] {
        return;
    }
    written[i] = true;
    let c = &ctx.cb.codes[i];
    let mut attrs = vec![
        ("guid", ctx.code_guid[c.name.as_str()].clone()),
        ("name", c.name.clone()),
        ("isCodable", c.codable.to_string()),
    ];
    if let Some(col) = c
        .colour
        .as_deref()
        .filter(|col| crate::codebook::is_colour(col))
    {
        attrs.push(("color", col.to_string()));
    }
    open(w, start("Code", &attrs));
    write_description(
        w,
        &crate::codebook::guide::compose(&c.description, &c.guide),
    );
    if let Some(&n) = ctx.note_of.get(&MemoTarget::Code(c.name.clone())) {
        empty(
            w,
            start("NoteRef", &[("targetGUID", ctx.notes[n].guid.clone())]),
        );
    }
    for &k in &ctx.children[i] {
        write_code(w, ctx, written, k);
    }
    close(w, "Code");
}

/// Write the project to `out` as a `.qdpx` (atomically, never over a project).
pub fn export(project: &Project, out: &Path, units: Units) -> Result<Exported> {
    let name = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "thema".into());
    let (xml, files, stats) = build(project, &name, units)?;
    crate::output::write_with(Some(project.path()), out, |tmp| {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(tmp)?;
        let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
        // Fast deflate: the texts compress well anyway, and the default
        // level dominated the export time of a large project.
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        let fail = |e: zip::result::ZipError| Error::Io(std::io::Error::other(e));
        zip.start_file("project.qde", opts).map_err(fail)?;
        zip.write_all(xml.as_bytes())?;
        for (entry, text) in &files {
            zip.start_file(entry.as_str(), opts).map_err(fail)?;
            zip.write_all(text.as_bytes())?;
        }
        let mut inner = zip.finish().map_err(fail)?;
        inner.flush()?;
        Ok(())
    })?;
    Ok(stats)
}
