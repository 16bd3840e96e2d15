//! Word (`.docx`): `word/document.xml` with the heading levels of
//! `word/styles.xml`, footnotes and endnotes, and the core and custom
//! properties (see the parent module for what is kept).

use super::{
    Block, Converted, Out, Zip, attr, collapse, general_ref, local, markdown, part, xml_err,
};
use quick_xml::Reader;
use quick_xml::events::Event;

/// Heading level per paragraph style id, from `word/styles.xml`: the
/// style's outline level, or its built-in name ("heading 2", "Title"),
/// which Word writes in English whatever the language of the UI.
fn docx_styles(xml: &str) -> Result<std::collections::HashMap<String, usize>, String> {
    let mut levels = std::collections::HashMap::new();
    let mut based: std::collections::HashMap<String, String> = Default::default();
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
                "basedOn" => {
                    if let (Some(id), Some(v)) = (&current, attr(&e, "val")) {
                        based.insert(id.clone(), v);
                    }
                }
                _ => {}
            },
            Event::End(e) if local(e.name().as_ref()) == "style" => current = None,
            Event::Eof => break,
            _ => {}
        }
    }
    // A style based on a heading style is a heading of that level.
    let inherited: Vec<(String, usize)> = based
        .keys()
        .filter(|id| !levels.contains_key(*id))
        .filter_map(|id| {
            let mut s = based.get(id)?;
            for _ in 0..16 {
                if let Some(&l) = levels.get(s) {
                    return Some((id.clone(), l));
                }
                s = based.get(s)?;
            }
            None
        })
        .collect();
    levels.extend(inherited);
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

/// The document as Markdown (see the parent module).
pub(super) fn convert(zip: &mut Zip<'_>) -> Result<Converted, String> {
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
