//! Mapping a parsed REFI-QDA project onto thema's model: sources become
//! documents, selections with codings become excerpts, notes become memos,
//! cases and variables become attributes. Every thing that does not fit is
//! counted in the [`Summary`]; every adaptation is a warning.

use super::parse::{Qde, Source};
use super::positions::{PositionMap, Units};
use super::{Files, Positions, Summary};
use crate::Diagnostic;
use crate::codebook::{Parsed, is_guid};
use crate::model::Attributes;
use crate::store::{MemoOn, NewCoding, NewDocument, NewExcerpt, NewMemo, ProjectImport};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The key an id is looked up by: tools differ in case and braces.
fn key(id: &str) -> String {
    id.trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_ascii_uppercase()
}

/// Which units the file's positions count, and why.
fn units_for(origin: Option<&str>, positions: Positions) -> Units {
    match positions {
        Positions::Chars => Units::Chars,
        Positions::Utf16 => Units::Utf16,
        Positions::Auto => {
            if origin.is_some_and(|o| o.to_ascii_lowercase().contains("nvivo")) {
                Units::Utf16
            } else {
                Units::Chars
            }
        }
    }
}

/// Raw source text (not yet normalized): the map needs it as stored.
fn decode_raw(bytes: &[u8]) -> (String, Option<String>) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF")
        && let Ok(s) = std::str::from_utf8(rest)
    {
        return (s.to_owned(), None);
    }
    for (bom, enc) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (s, _) = enc.decode_without_bom_handling(rest);
            return (s.into_owned(), None);
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), None),
        Err(_) => {
            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (
                s.into_owned(),
                Some("not UTF-8; read as Windows-1252 — check the accents".to_string()),
            )
        }
    }
}

/// Classify the codebook reader's warnings into the summary's buckets.
fn bucket(message: &str) -> Option<&'static str> {
    if message.contains("no code has guid") {
        Some("set member that matches no code")
    } else if message.contains("malformed guid") {
        Some("code id that is not a GUID (given a new GUID)")
    } else {
        None
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn plan(
    file: &Path,
    xml_path: &Path,
    q: Qde,
    parsed: Parsed,
    files: &mut Files,
    positions: Positions,
    coder: &str,
) -> Result<(ProjectImport, Summary), Vec<Diagnostic>> {
    let units = units_for(q.origin.as_deref(), positions);
    let mut s = Summary {
        origin: q.origin.clone(),
        positions: Some(units),
        sources: q.sources.len(),
        selections: q.sources.iter().map(|s| s.selections.len()).sum(),
        codings_read: q
            .sources
            .iter()
            .flat_map(|s| &s.selections)
            .map(|s| s.codings.len())
            .sum(),
        users: q.users.len(),
        ..Default::default()
    };
    let at = |line: usize, msg: String| Diagnostic::new(xml_path, line, 0, msg);
    for w in parsed.warnings {
        match bucket(&w.message) {
            Some(b) if b.starts_with("set member") => s.skip(b, w.message.clone()),
            Some(b) => s.adapt(b, w.message.clone()),
            None => {}
        }
        s.warnings.push(w);
    }
    for (what, names) in &q.unsupported {
        for n in names {
            s.skip(what, n.clone());
        }
    }
    let users: HashMap<String, String> = q
        .users
        .iter()
        .map(|(id, name)| (key(id), name.clone()))
        .collect();
    for (id, _) in q.users.iter().filter(|(id, _)| !is_guid(id)) {
        s.adapt("user id that is not a GUID", id.clone());
    }
    let user = |id: &Option<String>| -> Option<String> {
        id.as_deref().map(|i| {
            users
                .get(&key(i))
                .cloned()
                .unwrap_or_else(|| i.trim().to_string())
        })
    };
    let codebook = parsed.codebook;
    let code_by_id: HashMap<String, usize> = parsed
        .ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| id.as_deref().map(|g| (key(g), i)))
        .collect();
    let variables: HashMap<String, String> = q
        .variables
        .iter()
        .map(|(id, n)| (key(id), n.clone()))
        .collect();
    let var_name = |id: &str| variables.get(&key(id)).cloned();
    // Case attributes per source id.
    let mut case_attrs: HashMap<String, Attributes> = HashMap::new();
    for c in &q.cases {
        for src in &c.sources {
            let a = case_attrs.entry(key(src)).or_default();
            // The case's name is an attribute unless it merely repeats the
            // source's name (thema writes one case per document).
            let source_name = q
                .sources
                .iter()
                .find(|s| key(&s.id) == key(src))
                .map(|s| s.name.trim());
            if !c.name.trim().is_empty() && source_name != Some(c.name.trim()) {
                a.insert("case".to_string(), c.name.trim().to_string());
            }
            for (var, value) in &c.values {
                match var_name(var) {
                    Some(n) => {
                        a.insert(n, value.clone());
                    }
                    None => s.skip("variable value whose variable is not defined", var.clone()),
                }
            }
        }
    }
    let notes: HashMap<String, usize> = q
        .notes
        .iter()
        .enumerate()
        .map(|(i, n)| (key(&n.id), i))
        .collect();
    let mut used_notes: HashSet<usize> = HashSet::new();
    let mut out = ProjectImport {
        codebook,
        ..Default::default()
    };
    let mut taken: HashSet<String> = HashSet::new();
    let mut memo_refs: Vec<(MemoOn, String, Option<String>)> = Vec::new();
    for src in &q.sources {
        if !is_guid(&src.id) {
            s.adapt("source id that is not a GUID", src.name.clone());
        }
        let raw = match source_text(src, files) {
            Ok((raw, warning)) => {
                if let Some(w) = warning {
                    s.warnings
                        .push(at(src.line, format!("source '{}': {w}", src.name)));
                }
                raw
            }
            Err(why) => {
                s.skip(
                    "text source whose text is missing",
                    format!("{} ({why})", src.name),
                );
                for sel in &src.selections {
                    s.skip(
                        "selection of a source that was not imported",
                        sel.id.clone(),
                    );
                }
                continue;
            }
        };
        let map = PositionMap::new(&raw, units);
        if map.text.trim().is_empty() {
            s.skip("text source with an empty text", src.name.clone());
            continue;
        }
        let base = if src.name.trim().is_empty() {
            src.id.clone()
        } else {
            src.name.trim().to_string()
        };
        let id = unique(&base, &mut taken);
        if id != base {
            s.warnings.push(at(
                src.line,
                format!("duplicate source name '{base}' imported as '{id}'"),
            ));
        }
        let mut attributes = case_attrs.remove(&key(&src.id)).unwrap_or_default();
        for (var, value) in &src.values {
            match var_name(var) {
                Some(n) => {
                    attributes.insert(n, value.clone());
                }
                None => s.skip("variable value whose variable is not defined", var.clone()),
            }
        }
        attributes.remove("id");
        let doc = out.documents.len();
        for _ in 0..src.whole_codings {
            s.skip("coding of a whole source (no selection)", id.clone());
        }
        for sel in &src.selections {
            let label = format!("{id} [{:?}, {:?})", sel.start, sel.end);
            if !is_guid(&sel.id) {
                s.adapt("selection id that is not a GUID", sel.id.clone());
            }
            let (Some(start), Some(end)) = (sel.start, sel.end) else {
                s.skip("selection without a start or end position", label);
                continue;
            };
            if start < 0 || end < start || end as usize > map.total() {
                s.skip(
                    "selection outside its text",
                    format!("{id} [{start}, {end}) of {}", map.total()),
                );
                continue;
            }
            let (bs, be) = (map.start(start as usize), map.end(end as usize));
            if !map.exact(start as usize) || !map.exact(end as usize) {
                s.warnings.push(at(
                    sel.line,
                    format!(
                        "selection [{start}, {end}) of '{id}' splits a character; widened to whole characters"
                    ),
                ));
            }
            let mut codes: Vec<NewCoding> = Vec::new();
            for c in &sel.codings {
                let Some(code) = c.code.as_deref().and_then(|g| code_by_id.get(&key(g))) else {
                    s.skip(
                        "coding whose code is not in the codebook",
                        c.code.clone().unwrap_or_default(),
                    );
                    continue;
                };
                let def = &mut out.codebook.codes[*code];
                if !def.codable {
                    // Categories are never applied; a file that applies one
                    // anyway keeps its codings, and the code becomes codable.
                    def.codable = true;
                    s.adapt(
                        "category (isCodable=\"false\") with codings, imported as a code",
                        def.name.clone(),
                    );
                }
                codes.push(NewCoding {
                    code: out.codebook.codes[*code].name.clone(),
                    coder: user(&c.user)
                        .or_else(|| user(&sel.user))
                        .unwrap_or_else(|| coder.to_string()),
                    created_at: c.created.clone(),
                });
            }
            let note_ids: Vec<usize> = sel
                .note_refs
                .iter()
                .filter_map(|n| notes.get(&key(n)).copied())
                .collect();
            if be <= bs || map.text[bs..be].trim().is_empty() {
                s.skip("empty selection", label);
                continue;
            }
            if codes.is_empty() {
                if note_ids.is_empty() {
                    s.skip("selection without a coding", label);
                    continue;
                }
                // A note on an uncoded selection: a memo on the document
                // that quotes the selection, since thema excerpts carry codes.
                for n in note_ids {
                    used_notes.insert(n);
                    let quote: String = map.text[bs..be]
                        .lines()
                        .map(|l| format!("> {l}\n"))
                        .collect();
                    let text = format!("{quote}\n{}", note_text(&q.notes[n], files));
                    memo_refs.push((MemoOn::Document(doc), text, user(&q.notes[n].user)));
                }
                continue;
            }
            let excerpt = out.excerpts.len();
            out.excerpts.push(NewExcerpt {
                doc,
                start: bs,
                end: be,
                coder: user(&sel.user).unwrap_or_else(|| codes[0].coder.clone()),
                created_at: sel.created.clone(),
                codes,
            });
            for n in note_ids {
                used_notes.insert(n);
                memo_refs.push((
                    MemoOn::Excerpt(excerpt),
                    note_text(&q.notes[n], files),
                    user(&q.notes[n].user),
                ));
            }
        }
        for n in src.note_refs.iter().filter_map(|n| notes.get(&key(n))) {
            used_notes.insert(*n);
            memo_refs.push((
                MemoOn::Document(doc),
                note_text(&q.notes[*n], files),
                user(&q.notes[*n].user),
            ));
        }
        let text = map.text;
        out.documents.push(NewDocument {
            id,
            sha256: crate::text::sha256_hex(&text),
            text,
            attributes,
            source: Some(format!("{}#{}", file.display(), src.id)),
        });
    }
    for (code, note) in &q.code_notes {
        let (Some(c), Some(n)) = (code_by_id.get(&key(code)), notes.get(&key(note))) else {
            continue;
        };
        used_notes.insert(*n);
        let name = out.codebook.codes[*c].name.clone();
        memo_refs.push((
            MemoOn::Code(name),
            note_text(&q.notes[*n], files),
            user(&q.notes[*n].user),
        ));
    }
    for (set, note) in &q.set_notes {
        let Some(n) = notes.get(&key(note)) else {
            continue;
        };
        if out.codebook.themes.iter().any(|t| &t.name == set) {
            used_notes.insert(*n);
            memo_refs.push((
                MemoOn::Theme(set.clone()),
                note_text(&q.notes[*n], files),
                user(&q.notes[*n].user),
            ));
        }
    }
    let mut project_memo: Vec<String> = Vec::new();
    if !q.description.trim().is_empty() {
        project_memo.push(q.description.trim().to_string());
    }
    for n in q.project_notes.iter().filter_map(|n| notes.get(&key(n))) {
        used_notes.insert(*n);
        project_memo.push(note_text(&q.notes[*n], files));
    }
    // Notes nobody points at (or whose target was not imported) are kept
    // on the project memo rather than lost.
    for (i, n) in q.notes.iter().enumerate() {
        if !used_notes.contains(&i) {
            project_memo.push(note_text(n, files));
        }
    }
    for (on, text, by) in memo_refs {
        if !text.trim().is_empty() {
            let coder = by.unwrap_or_else(|| coder.to_string());
            out.memos.push(NewMemo { on, text, coder });
        }
    }
    let project_text = project_memo
        .into_iter()
        .filter(|t| !t.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    if !project_text.is_empty() {
        out.memos.push(NewMemo {
            on: MemoOn::Project,
            text: project_text,
            coder: coder.to_string(),
        });
    }
    Ok((out, s))
}

/// A note's text: its content, its file, and its name when the text does
/// not start with it already (thema writes the first line as the name).
fn note_text(n: &super::parse::Note, files: &mut Files) -> String {
    let body = match (&n.content, &n.plain_text_path) {
        (Some(c), _) => crate::text::normalize(c),
        (None, Some(p)) => files
            .read(p)
            .map(|b| crate::text::normalize(&decode_raw(&b).0))
            .unwrap_or_default(),
        (None, None) => String::new(),
    };
    let name = n.name.trim();
    if name.is_empty() || body.trim_start().starts_with(name) {
        body.trim().to_string()
    } else {
        format!("{name}\n\n{}", body.trim())
    }
}

fn source_text(src: &Source, files: &mut Files) -> Result<(String, Option<String>), String> {
    let from_file = src.plain_text_path.as_ref().map(|p| files.read(p));
    match (from_file, &src.content) {
        (Some(Ok(bytes)), _) => Ok(decode_raw(&bytes)),
        (_, Some(content)) => Ok((content.clone(), None)),
        (Some(Err(why)), None) => Err(why),
        (None, None) => Err("no plainTextPath and no PlainTextContent".to_string()),
    }
}

/// `name`, or `name (2)`, `name (3)` … whichever is still free.
fn unique(name: &str, taken: &mut HashSet<String>) -> String {
    let mut candidate = name.to_string();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{name} ({n})");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}
