//! OpenDocument text (`.odt`): `content.xml` with the heading levels of
//! its paragraph styles, notes, and the properties in `meta.xml` (see the
//! parent module for what is kept).

use super::{
    Block, Converted, Out, Zip, attr, collapse, general_ref, local, markdown, part, xml_err,
};
use quick_xml::Reader;
use quick_xml::events::Event;

/// The document as Markdown (see the parent module).
pub(super) fn convert(zip: &mut Zip<'_>) -> Result<Converted, String> {
    if let Some(manifest) = part(zip, "META-INF/manifest.xml")?
        && manifest.contains("encryption-data")
    {
        return Err("is password-protected (encrypted); save it without a password as .odt".into());
    }
    let content =
        part(zip, "content.xml")?.ok_or("is not an OpenDocument text: it holds no content.xml")?;
    // Paragraph styles: a `text:p` whose style is (derived from) a heading
    // style is a heading too, as LibreOffice writes converted HTML and Word.
    let mut styles = OdtStyles::default();
    if let Some(x) = part(zip, "styles.xml")? {
        styles.read(&x, "styles.xml")?;
    }
    styles.read(&content, "content.xml")?;
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
                        match attr(&e, "style-name").and_then(|n| styles.level(&n)) {
                            Some(l) => Kind::H(l.clamp(1, 6)),
                            None => Kind::P,
                        }
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

/// ODT paragraph styles: each one's parent and heading level, if any.
#[derive(Default)]
struct OdtStyles {
    parent: std::collections::HashMap<String, String>,
    level: std::collections::HashMap<String, usize>,
}

impl OdtStyles {
    fn read(&mut self, xml: &str, what: &str) -> Result<(), String> {
        let mut r = Reader::from_str(xml);
        loop {
            match r.read_event().map_err(|e| xml_err(e, what))? {
                Event::Start(e) | Event::Empty(e) if local(e.name().as_ref()) == "style" => {
                    let Some(name) = attr(&e, "name") else {
                        continue;
                    };
                    if attr(&e, "family").is_some_and(|f| f != "paragraph") {
                        continue;
                    }
                    if let Some(p) = attr(&e, "parent-style-name") {
                        self.parent.insert(name.clone(), p);
                    }
                    let level = attr(&e, "default-outline-level")
                        .and_then(|l| l.parse::<usize>().ok())
                        .filter(|&l| l > 0);
                    if let Some(l) = level {
                        self.level.insert(name, l);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(())
    }

    /// The heading level of a style or of the nearest ancestor that has one.
    fn level(&self, style: &str) -> Option<usize> {
        let mut s = style;
        // Parent chains are short; the cap guards against a cycle.
        for _ in 0..16 {
            // Built-in names are English whatever the UI language, and a
            // parent may be named without being defined in the file.
            let by_name = s
                .strip_prefix("Heading_20_")
                .and_then(|n| n.parse().ok())
                .or_else(|| (s == "Title").then_some(1));
            if let Some(l) = self.level.get(s).copied().or(by_name) {
                return Some(l);
            }
            s = self.parent.get(s)?;
        }
        None
    }
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
