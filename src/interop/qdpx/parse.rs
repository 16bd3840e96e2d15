//! Reading the data part of a REFI-QDA project (`project.qde`): users,
//! sources with their selections and codings, notes, cases and variables.
//! The codebook and sets are read by `codebook::qdc` from the same text.
//!
//! Lenient like the codebook reader: elements are matched by local name,
//! unknown elements are skipped, and what thema cannot use (PDF, picture,
//! audio and video sources, links, graphs) is counted so the import summary
//! can list it. Nothing here decides; `plan` maps this onto thema's model.

use crate::Diagnostic;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Default)]
pub struct Qde {
    pub origin: Option<String>,
    pub description: String,
    /// User id → display name.
    pub users: Vec<(String, String)>,
    pub sources: Vec<Source>,
    pub notes: Vec<Note>,
    pub cases: Vec<Case>,
    /// Variable id → name.
    pub variables: Vec<(String, String)>,
    /// NoteRefs of the project itself and of codes (code id, note id).
    pub project_notes: Vec<String>,
    pub code_notes: Vec<(String, String)>,
    /// MemberNotes of sets of codes (set name, note id): theme memos.
    pub set_notes: Vec<(String, String)>,
    /// Elements thema does not import, by kind, with the names seen.
    pub unsupported: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Default)]
pub struct Source {
    pub id: String,
    pub name: String,
    pub plain_text_path: Option<String>,
    pub content: Option<String>,
    pub selections: Vec<Selection>,
    pub note_refs: Vec<String>,
    pub values: Vec<(String, String)>,
    /// Codings of the whole source (not of a selection).
    pub whole_codings: usize,
    pub line: usize,
}

#[derive(Debug, Default)]
pub struct Selection {
    pub id: String,
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub user: Option<String>,
    pub created: Option<String>,
    pub codings: Vec<RawCoding>,
    pub note_refs: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Default)]
pub struct RawCoding {
    pub code: Option<String>,
    pub user: Option<String>,
    pub created: Option<String>,
}

#[derive(Debug, Default)]
pub struct Note {
    pub id: String,
    pub name: String,
    pub content: Option<String>,
    pub plain_text_path: Option<String>,
    pub user: Option<String>,
}

#[derive(Debug, Default)]
pub struct Case {
    pub name: String,
    pub values: Vec<(String, String)>,
    pub sources: Vec<String>,
}

fn attr(e: &BytesStart<'_>, wanted: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == wanted)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.trim().to_string())
        })
}

/// Where text content goes while it is read.
#[derive(Clone, Copy, PartialEq)]
enum Sink {
    None,
    ProjectDescription,
    SourceContent,
    NoteContent,
    Value,
}

/// Read the data part of a project; `path` names it in messages.
pub fn parse(src: &str, path: &Path) -> Result<Qde, Vec<Diagnostic>> {
    let mut reader = quick_xml::Reader::from_str(src);
    let mut q = Qde::default();
    let mut stack: Vec<String> = Vec::new();
    let mut sink = Sink::None;
    let mut text = String::new();
    // The VariableValue being read: (variable id, owner is a case?).
    let mut value_var: Option<String> = None;
    let mut open_codes: Vec<Option<String>> = Vec::new();
    // Sets: (name, has code members, other members, note ids).
    let mut sets: Vec<(String, bool, usize, Vec<String>)> = Vec::new();
    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let pos = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                let (l, c) = crate::codebook::line_col(src, pos);
                return Err(vec![Diagnostic::new(path, l, c, format!("XML error: {e}"))]);
            }
        };
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = e.local_name().as_ref().to_string();
            let parent = stack.last().map(String::as_str);
            let in_notes = stack.iter().any(|s| s == "Notes");
            let line = || crate::codebook::line_col(src, offset).0;
            match (name.as_str(), parent) {
                ("Project", None) => q.origin = attr(e, "origin"),
                ("Description", Some("Project")) if !empty => {
                    sink = Sink::ProjectDescription;
                    text.clear();
                }
                ("NoteRef", Some("Project")) => q.project_notes.extend(attr(e, "targetGUID")),
                ("Code", _) if !empty && stack.iter().any(|s| s == "CodeBook") => {
                    open_codes.push(attr(e, "guid"));
                }
                ("NoteRef", Some("Code")) => {
                    if let (Some(Some(code)), Some(note)) =
                        (open_codes.last(), attr(e, "targetGUID"))
                    {
                        q.code_notes.push((code.clone(), note));
                    }
                }
                ("User", Some("Users")) => {
                    if let Some(id) = attr(e, "guid") {
                        let name = attr(e, "name")
                            .filter(|n| !n.is_empty())
                            .or_else(|| attr(e, "id"))
                            .unwrap_or_else(|| id.clone());
                        q.users.push((id, name));
                    }
                }
                ("Variable", Some("Variables")) => {
                    if let (Some(id), Some(n)) = (attr(e, "guid"), attr(e, "name")) {
                        q.variables.push((id, n));
                    }
                }
                ("Case", Some("Cases")) => q.cases.push(Case {
                    name: attr(e, "name").unwrap_or_default(),
                    ..Default::default()
                }),
                ("SourceRef", Some("Case")) => {
                    if let (Some(c), Some(id)) = (q.cases.last_mut(), attr(e, "targetGUID")) {
                        c.sources.push(id);
                    }
                }
                ("VariableValue", _) => value_var = None,
                ("VariableRef", Some("VariableValue")) => value_var = attr(e, "targetGUID"),
                (
                    "TextValue" | "BooleanValue" | "IntegerValue" | "FloatValue" | "DateValue"
                    | "DateTimeValue",
                    Some("VariableValue"),
                ) if !empty => {
                    sink = Sink::Value;
                    text.clear();
                }
                ("TextSource", Some("Sources")) => q.sources.push(Source {
                    id: attr(e, "guid").unwrap_or_default(),
                    name: attr(e, "name").unwrap_or_default(),
                    plain_text_path: attr(e, "plainTextPath"),
                    line: line(),
                    ..Default::default()
                }),
                ("Note", Some("Notes")) => q.notes.push(Note {
                    id: attr(e, "guid").unwrap_or_default(),
                    name: attr(e, "name").unwrap_or_default(),
                    plain_text_path: attr(e, "plainTextPath"),
                    user: attr(e, "creatingUser"),
                    ..Default::default()
                }),
                ("PlainTextContent", Some("TextSource")) if !empty && !in_notes => {
                    sink = Sink::SourceContent;
                    text.clear();
                }
                ("PlainTextContent", Some("Note")) if !empty => {
                    sink = Sink::NoteContent;
                    text.clear();
                }
                ("PlainTextSelection", Some("TextSource")) if !in_notes => {
                    if let Some(s) = q.sources.last_mut() {
                        let num = |k| attr(e, k).and_then(|v| v.parse::<i64>().ok());
                        s.selections.push(Selection {
                            id: attr(e, "guid").unwrap_or_default(),
                            start: num("startPosition"),
                            end: num("endPosition"),
                            user: attr(e, "creatingUser"),
                            created: attr(e, "creationDateTime"),
                            line: line(),
                            ..Default::default()
                        });
                    }
                }
                ("Coding", Some("PlainTextSelection")) if !in_notes => {
                    if let Some(sel) = q.sources.last_mut().and_then(|s| s.selections.last_mut()) {
                        sel.codings.push(RawCoding {
                            code: None,
                            user: attr(e, "creatingUser"),
                            created: attr(e, "creationDateTime"),
                        });
                    }
                }
                ("CodeRef", Some("Coding"))
                    if stack.len() >= 2 && stack[stack.len() - 2] == "PlainTextSelection" =>
                {
                    if let Some(c) = q
                        .sources
                        .last_mut()
                        .and_then(|s| s.selections.last_mut())
                        .and_then(|s| s.codings.last_mut())
                    {
                        c.code = attr(e, "targetGUID");
                    }
                }
                ("Coding", Some("TextSource")) if !in_notes => {
                    if let Some(s) = q.sources.last_mut() {
                        s.whole_codings += 1;
                    }
                }
                ("NoteRef", Some("PlainTextSelection")) if !in_notes => {
                    if let (Some(sel), Some(id)) = (
                        q.sources.last_mut().and_then(|s| s.selections.last_mut()),
                        attr(e, "targetGUID"),
                    ) {
                        sel.note_refs.push(id);
                    }
                }
                ("NoteRef", Some("TextSource")) if !in_notes => {
                    if let (Some(s), Some(id)) = (q.sources.last_mut(), attr(e, "targetGUID")) {
                        s.note_refs.push(id);
                    }
                }
                (
                    "PictureSource" | "PDFSource" | "AudioSource" | "VideoSource",
                    Some("Sources"),
                ) => {
                    let label = match name.as_str() {
                        "PictureSource" => "picture source",
                        "PDFSource" => "PDF source",
                        "AudioSource" => "audio source",
                        _ => "video source",
                    };
                    q.unsupported
                        .entry(label.to_string())
                        .or_default()
                        .push(attr(e, "name").unwrap_or_default());
                }
                ("Set", Some("Sets")) => {
                    sets.push((attr(e, "name").unwrap_or_default(), false, 0, Vec::new()))
                }
                ("MemberCode", Some("Set")) => {
                    if let Some(set) = sets.last_mut() {
                        set.1 = true;
                    }
                }
                ("MemberSource" | "MemberNote", Some("Set")) => {
                    if let Some(set) = sets.last_mut() {
                        set.2 += 1;
                        if name == "MemberNote" {
                            set.3.extend(attr(e, "targetGUID"));
                        }
                    }
                }
                ("Link", Some("Links")) | ("Graph", Some("Graphs")) => q
                    .unsupported
                    .entry(name.to_lowercase())
                    .or_default()
                    .push(attr(e, "name").unwrap_or_default()),
                _ => {}
            }
            if !empty {
                stack.push(name);
            }
            continue;
        }
        match event {
            Event::End(e) => {
                let name = e.local_name().as_ref().to_string();
                match name.as_str() {
                    "Code" if stack.iter().any(|s| s == "CodeBook") => {
                        open_codes.pop();
                    }
                    "Description" if sink == Sink::ProjectDescription => {
                        q.description = std::mem::take(&mut text);
                        sink = Sink::None;
                    }
                    "PlainTextContent" if sink == Sink::SourceContent => {
                        if let Some(s) = q.sources.last_mut() {
                            s.content = Some(std::mem::take(&mut text));
                        }
                        sink = Sink::None;
                    }
                    "PlainTextContent" if sink == Sink::NoteContent => {
                        if let Some(n) = q.notes.last_mut() {
                            n.content = Some(std::mem::take(&mut text));
                        }
                        sink = Sink::None;
                    }
                    _ if sink == Sink::Value && name.ends_with("Value") => {
                        sink = Sink::None;
                        let value = std::mem::take(&mut text).trim().to_string();
                        if let Some(var) = value_var.clone() {
                            // The VariableValue's owner is two levels up.
                            let owner = stack.len().checked_sub(3).map(|i| stack[i].as_str());
                            match owner {
                                Some("Case") => {
                                    if let Some(c) = q.cases.last_mut() {
                                        c.values.push((var, value));
                                    }
                                }
                                Some("TextSource") => {
                                    if let Some(s) = q.sources.last_mut() {
                                        s.values.push((var, value));
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
                stack.pop();
            }
            Event::Text(t) if sink != Sink::None => text.push_str(&t.xml10_content()),
            Event::CData(t) if sink != Sink::None => text.push_str(&t.into_inner()),
            Event::GeneralRef(r) if sink != Sink::None => {
                let raw = format!("&{};", &*r);
                let s = quick_xml::escape::unescape(&raw)
                    .map(Cow::into_owned)
                    .unwrap_or(raw);
                text.push_str(&s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Sets of codes become themes (read by the codebook reader); sets of
    // documents or notes have no place in thema.
    for (name, codes, mut others, notes) in sets {
        if codes {
            // A note on a set of codes is the theme's memo.
            others -= notes.len();
            q.set_notes
                .extend(notes.into_iter().map(|n| (name.trim().to_string(), n)));
        }
        if !codes && others > 0 {
            q.unsupported
                .entry("set of documents or notes".to_string())
                .or_default()
                .push(name);
        } else if others > 0 {
            let e = q
                .unsupported
                .entry("document or note member of a set of codes".to_string())
                .or_default();
            e.extend(std::iter::repeat_n(name, others));
        }
    }
    Ok(q)
}
