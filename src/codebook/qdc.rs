//! REFI-QDA codebooks: export as a QDC file, import from QDC or from the
//! `<CodeBook>` of a project (`.qde`).
//!
//! Export follows `Codebook.xsd` (namespace `urn:QDA-XML:codebook:1.0`)
//! strictly, so other tools accept the file. Import is lenient, because real
//! tools are sloppy: elements are matched by local name whatever their
//! namespace (codebook or project), unknown elements are skipped, Taguette's
//! invalid empty `<Sets/>` is fine.
//!
//! Themes have no QDC equivalent; each theme is exported as a `<Set>` of its
//! codes with the definition as `<Description>`, and a Set is read back as a
//! theme in phase `candidate`. A theme's phase and parent are not carried by
//! QDC and are lost on a round trip through it. Member codes use the
//! attribute `guid`, which is what `Codebook.xsd` declares; a project's
//! `MemberCode targetGUID` is read as well.
//!
//! Duplicate code names (legal in a vendor's tree, e.g. "Other" under two
//! parents) are disambiguated as `name (2)`, `name (3)` … with a warning,
//! instead of refusing the file: the tree is otherwise sound, the GUID is
//! kept so the code stays linked to the vendor's, and thema needs unique
//! names because analysts and YAML files refer to codes by name.

use super::{CodeDef, Codebook, ThemeDef, guid_for, is_colour, is_guid};
use crate::Diagnostic;
use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

const CODEBOOK_NS: &str = "urn:QDA-XML:codebook:1.0";

/// A code as found in the file, before names are made unique.
struct RawCode {
    name: Option<String>,
    guid: Option<String>,
    colour: Option<String>,
    description: String,
    parent: Option<usize>,
    codable: bool,
    offset: usize,
}

/// A codebook read from REFI-QDA XML with what a project import needs
/// besides: the id each code has in the file (also when it is not a GUID, so
/// codings can still find their code) and whether it may be applied.
pub(crate) struct Parsed {
    pub codebook: Codebook,
    pub warnings: Vec<Diagnostic>,
    /// Per code of `codebook.codes`, its id in the file as written (trimmed).
    pub ids: Vec<Option<String>>,
}

struct RawSet {
    name: Option<String>,
    guid: Option<String>,
    description: String,
    members: Vec<(String, usize)>,
    other_members: bool,
    offset: usize,
}

/// What is being read right now, so text lands in the right Description.
#[derive(Clone, Copy)]
enum Owner {
    Code(usize),
    Set(usize),
}

pub(crate) fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = src.get(..offset).unwrap_or(src);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn local(name: QName<'_>) -> String {
    name.local_name().as_ref().to_string()
}

fn attr(e: &BytesStart<'_>, wanted: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == wanted)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(Cow::into_owned)
        })
}

/// Why an attribute of `e` cannot be read, if one cannot: an entity other
/// than XML's predefined five (declared in a DTD, which thema does not read,
/// so that no file can expand entities without bound) or a bad character
/// reference. Before, such a name was silently dropped and reported as
/// "<Code> without a name".
fn bad_attribute(e: &BytesStart<'_>) -> Option<String> {
    for a in e.attributes().flatten() {
        if let Err(err) = a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
            let key = a.key.local_name().as_ref().to_owned();
            return Some(format!(
                "cannot read attribute '{key}': {err}; thema reads the predefined entities (&amp; &lt; &gt; &quot; &apos;) and character references (&#233;) only"
            ));
        }
    }
    None
}

/// Read a REFI-QDA codebook (`.qdc`) or project (`.qde`), dropping warnings.
pub fn from_qdc(src: &str, path: &Path) -> Result<Codebook, Vec<Diagnostic>> {
    from_qdc_with_warnings(src, path).map(|(cb, _)| cb)
}

/// Read a REFI-QDA codebook or project; the second value lists what was
/// repaired on the way (renamed duplicates, dropped bad colours, unknown
/// member codes) so the caller can show it.
pub fn from_qdc_with_warnings(
    src: &str,
    path: &Path,
) -> Result<(Codebook, Vec<Diagnostic>), Vec<Diagnostic>> {
    parse(src, path).map(|p| (p.codebook, p.warnings))
}

/// Read a REFI-QDA codebook or project's codebook with the file's code ids.
pub(crate) fn parse(src: &str, path: &Path) -> Result<Parsed, Vec<Diagnostic>> {
    let at = |offset: usize, msg: String| {
        let (l, c) = line_col(src, offset);
        Diagnostic::new(path, l, c, msg)
    };
    let mut reader = quick_xml::Reader::from_str(src);
    let mut stack: Vec<String> = Vec::new();
    let mut codes: Vec<RawCode> = Vec::new();
    let mut open_codes: Vec<usize> = Vec::new();
    let mut sets: Vec<RawSet> = Vec::new();
    let mut description: Option<Owner> = None;
    let mut project_name = None;
    let mut root_seen = false;

    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let pos = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                return Err(vec![at(pos, format!("XML error: {e}"))]);
            }
        };
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = local(e.name());
            if let Some(why) = bad_attribute(e) {
                return Err(vec![at(offset, format!("<{name}>: {why}"))]);
            }
            if !root_seen {
                root_seen = true;
                match name.as_str() {
                    "CodeBook" => {}
                    "Project" => project_name = attr(e, "name").filter(|n| !n.trim().is_empty()),
                    other => {
                        return Err(vec![at(
                            offset,
                            format!(
                                "<{other}> is not a REFI-QDA codebook or project (expected <CodeBook> or <Project>)"
                            ),
                        )]);
                    }
                }
            }
            let parent = stack.last().map(String::as_str);
            let in_codebook = |depth_from_end: usize| {
                stack.len() >= depth_from_end && stack[stack.len() - depth_from_end] == "CodeBook"
            };
            match name.as_str() {
                // Codes nest: the innermost open Code is the parent.
                "Code"
                    if matches!(parent, Some("Code")) && !open_codes.is_empty()
                        || matches!(parent, Some("Codes")) && in_codebook(2) =>
                {
                    let i = codes.len();
                    codes.push(RawCode {
                        name: attr(e, "name"),
                        guid: attr(e, "guid"),
                        colour: attr(e, "color"),
                        description: String::new(),
                        parent: open_codes.last().copied(),
                        codable: !attr(e, "isCodable")
                            .is_some_and(|v| matches!(v.trim(), "false" | "0")),
                        offset,
                    });
                    if !empty {
                        open_codes.push(i);
                    }
                }
                // Sets sit in the CodeBook (QDC) or in the Project (QDE).
                "Set"
                    if matches!(parent, Some("Sets"))
                        && stack.len() >= 2
                        && matches!(stack[stack.len() - 2].as_str(), "CodeBook" | "Project") =>
                {
                    sets.push(RawSet {
                        name: attr(e, "name"),
                        guid: attr(e, "guid"),
                        description: String::new(),
                        members: Vec::new(),
                        other_members: false,
                        offset,
                    });
                }
                "MemberCode" if matches!(parent, Some("Set")) => {
                    if let (Some(set), Some(g)) = (
                        sets.last_mut(),
                        attr(e, "guid").or_else(|| attr(e, "targetGUID")),
                    ) {
                        set.members.push((g, offset));
                    }
                }
                "MemberSource" | "MemberNote" if matches!(parent, Some("Set")) => {
                    if let Some(set) = sets.last_mut() {
                        set.other_members = true;
                    }
                }
                "Description" if !empty => {
                    description = match parent {
                        Some("Code") => open_codes.last().map(|&i| Owner::Code(i)),
                        Some("Set") if !sets.is_empty() => Some(Owner::Set(sets.len() - 1)),
                        _ => None,
                    };
                }
                _ => {}
            }
            if !empty {
                stack.push(name);
            }
            continue;
        }
        match event {
            Event::End(e) => {
                let name = local(e.name());
                if name == "Code" && stack.last().is_some_and(|s| s == "Code") {
                    open_codes.pop();
                }
                if name == "Description" {
                    description = None;
                }
                stack.pop();
            }
            Event::Text(t) => push_text(&mut codes, &mut sets, description, &t.xml10_content()),
            Event::CData(t) => push_text(&mut codes, &mut sets, description, &t.into_inner()),
            Event::GeneralRef(r) => {
                // Entity and character references come as their own events;
                // resolve the predefined ones and numeric ones.
                let raw = format!("&{};", &*r);
                let text = quick_xml::escape::unescape(&raw)
                    .map(Cow::into_owned)
                    .unwrap_or(raw);
                push_text(&mut codes, &mut sets, description, &text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen {
        return Err(vec![Diagnostic::file(
            path,
            "no XML element found: expected <CodeBook> or <Project>",
        )]);
    }
    build(codes, sets, project_name, &at)
}

fn push_text(codes: &mut [RawCode], sets: &mut [RawSet], owner: Option<Owner>, text: &str) {
    match owner {
        Some(Owner::Code(i)) => codes[i].description.push_str(text),
        Some(Owner::Set(i)) => sets[i].description.push_str(text),
        None => {}
    }
}

/// The key a GUID is looked up by: tools differ in case and braces.
fn guid_key(g: &str) -> String {
    g.trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_ascii_uppercase()
}

/// `name`, or `name (2)`, `name (3)` … whichever is still free. Names are
/// compared without case (`taken` holds keys, see `text::name`).
fn unique(name: &str, taken: &mut HashSet<String>) -> String {
    let mut candidate = name.to_string();
    let mut n = 2;
    while taken.contains(&crate::text::name::key(&candidate)) {
        candidate = format!("{name} ({n})");
        n += 1;
    }
    taken.insert(crate::text::name::key(&candidate));
    candidate
}

fn build(
    codes: Vec<RawCode>,
    sets: Vec<RawSet>,
    project_name: Option<String>,
    at: &dyn Fn(usize, String) -> Diagnostic,
) -> Result<Parsed, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut taken = HashSet::new();
    let mut names: Vec<String> = Vec::with_capacity(codes.len());
    for c in &codes {
        let name = match c.name.as_deref().map(str::trim) {
            Some(n) if !n.is_empty() => match crate::text::name::clean(n) {
                Ok(n) => n,
                Err(why) => {
                    errors.push(at(
                        c.offset,
                        format!("<Code> name \"{}\" {why}", n.escape_debug()),
                    ));
                    n.to_string()
                }
            },
            _ => {
                errors.push(at(c.offset, "<Code> without a name".to_string()));
                String::new()
            }
        };
        let u = unique(&name, &mut taken);
        if u != name && !name.is_empty() {
            warnings.push(at(
                c.offset,
                format!("duplicate code name '{name}' renamed to '{u}'"),
            ));
        }
        names.push(u);
    }
    let mut by_guid: HashMap<String, usize> = HashMap::new();
    let mut out = Codebook {
        // QDC has no theme hierarchy or phase: Sets come in flat, as candidates.
        themes_flat: true,
        name: project_name,
        ..Default::default()
    };
    for (i, c) in codes.iter().enumerate() {
        // Malformed ids still link Sets (and a project's codings) to the
        // code inside this file; only the stored GUID is replaced.
        if let Some(g) = &c.guid {
            by_guid.entry(guid_key(g)).or_insert(i);
        }
        let guid = match &c.guid {
            Some(g) if is_guid(g.trim()) => Some(g.trim().to_string()),
            Some(g) => {
                warnings.push(at(
                    c.offset,
                    format!("code '{}': ignored malformed guid '{g}'", names[i]),
                ));
                None
            }
            None => None,
        };
        let colour = match &c.colour {
            Some(col) if is_colour(col.trim()) => Some(col.trim().to_string()),
            Some(col) => {
                warnings.push(at(
                    c.offset,
                    format!("code '{}': ignored colour '{col}' (not #rrggbb)", names[i]),
                ));
                None
            }
            None => None,
        };
        let (description, guide) = super::guide::split(c.description.trim());
        out.codes.push(CodeDef {
            name: names[i].clone(),
            description,
            guide,
            codable: c.codable,
            parent: c.parent.map(|p| names[p].clone()),
            colour,
            guid,
        });
    }

    let mut theme_names = HashSet::new();
    for s in sets {
        // A project's Sets also group documents; only sets of codes are themes.
        if s.members.is_empty() && s.other_members {
            continue;
        }
        let Some(raw) = s.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) else {
            warnings.push(at(s.offset, "skipped a <Set> without a name".to_string()));
            continue;
        };
        let raw = match crate::text::name::clean(raw) {
            Ok(n) => n,
            Err(why) => {
                errors.push(at(
                    s.offset,
                    format!("<Set> name \"{}\" {why}", raw.escape_debug()),
                ));
                continue;
            }
        };
        let raw = raw.as_str();
        let name = unique(raw, &mut theme_names);
        if name != raw {
            warnings.push(at(
                s.offset,
                format!("duplicate set name '{raw}' renamed to '{name}'"),
            ));
        }
        let mut members = Vec::new();
        for (g, offset) in &s.members {
            match by_guid.get(&guid_key(g)) {
                Some(&i) if !members.contains(&names[i]) => members.push(names[i].clone()),
                Some(_) => {}
                None => warnings.push(at(*offset, format!("set '{name}': no code has guid '{g}'"))),
            }
        }
        out.themes.push(ThemeDef {
            name,
            definition: s.description.trim().to_string(),
            codes: members,
            guid: s.guid.map(|g| g.trim().to_string()).filter(|g| is_guid(g)),
            ..Default::default()
        });
    }
    if errors.is_empty() {
        Ok(Parsed {
            codebook: out,
            warnings,
            ids: codes
                .iter()
                .map(|c| c.guid.as_deref().map(|g| g.trim().to_string()))
                .collect(),
        })
    } else {
        Err(errors)
    }
}

/// XML 1.0 cannot carry most control characters at all, not even escaped.
fn xml_char_ok(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || !(c < ' ' || matches!(c, '\u{fffe}' | '\u{ffff}'))
}

/// Escape for an attribute value; line breaks and tabs become character
/// references so that attribute-value normalisation does not turn them into
/// spaces on the way back in.
fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| xml_char_ok(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| xml_char_ok(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A bare CR would be read back as LF (end-of-line normalisation).
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn start<'a>(name: &'a str, attrs: &[(&'a str, String)]) -> BytesStart<'a> {
    let mut e = BytesStart::new(name);
    for (k, v) in attrs {
        e.push_attribute(Attribute {
            key: QName(k),
            value: Cow::Owned(escape_attr(v)),
        });
    }
    e
}

/// The GUID a code is exported with: its own, else one derived from its name
/// so that repeated exports are identical.
fn code_guid(c: &CodeDef) -> String {
    c.guid
        .clone()
        .filter(|g| is_guid(g))
        .unwrap_or_else(|| guid_for("code", &c.name))
}

/// Export as a REFI-QDA QDC codebook, valid against `Codebook.xsd` as long as
/// there is at least one code (the schema requires one; an empty codebook is
/// written with an empty, schema-invalid `<Codes/>`).
pub fn to_qdc(cb: &Codebook) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail; the results are ignored for that reason.
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
    let origin = format!("thema {}", env!("CARGO_PKG_VERSION"));
    let _ = w.write_event(Event::Start(start(
        "CodeBook",
        &[("xmlns", CODEBOOK_NS.into()), ("origin", origin)],
    )));

    // Children by parent; a code whose parent is missing (or part of a cycle,
    // which validated codebooks never have) is written at the top level
    // rather than dropped.
    let index: HashMap<&str, usize> = cb
        .codes
        .iter()
        .enumerate()
        .rev()
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
    if cb.codes.is_empty() {
        let _ = w.write_event(Event::Empty(BytesStart::new("Codes")));
    } else {
        let _ = w.write_event(Event::Start(BytesStart::new("Codes")));
        for &r in &roots {
            write_code(&mut w, cb, &children, &mut written, r);
        }
        for i in 0..cb.codes.len() {
            if !written[i] {
                write_code(&mut w, cb, &children, &mut written, i);
            }
        }
        let _ = w.write_event(Event::End(BytesEnd::new("Codes")));
    }

    // An empty <Sets/> is invalid, so it is left out when there are no themes.
    if !cb.themes.is_empty() {
        let _ = w.write_event(Event::Start(BytesStart::new("Sets")));
        for t in &cb.themes {
            let guid = t
                .guid
                .clone()
                .filter(|g| is_guid(g))
                .unwrap_or_else(|| guid_for("theme", &t.name));
            let members: Vec<String> = t
                .codes
                .iter()
                .filter_map(|n| index.get(n.as_str()).map(|&i| code_guid(&cb.codes[i])))
                .collect();
            let e = start("Set", &[("guid", guid), ("name", t.name.clone())]);
            if t.definition.is_empty() && members.is_empty() {
                let _ = w.write_event(Event::Empty(e));
                continue;
            }
            let _ = w.write_event(Event::Start(e));
            write_description(&mut w, &t.definition);
            for g in members {
                let _ = w.write_event(Event::Empty(start("MemberCode", &[("guid", g)])));
            }
            let _ = w.write_event(Event::End(BytesEnd::new("Set")));
        }
        let _ = w.write_event(Event::End(BytesEnd::new("Sets")));
    }
    let _ = w.write_event(Event::End(BytesEnd::new("CodeBook")));
    let mut out = String::from_utf8(w.into_inner()).unwrap_or_default();
    out.push('\n');
    out
}

pub(crate) fn write_description(w: &mut Writer<Vec<u8>>, text: &str) {
    if text.is_empty() {
        return;
    }
    let _ = w.write_event(Event::Start(BytesStart::new("Description")));
    let _ = w.write_event(Event::Text(BytesText::from_escaped(escape_text(text))));
    let _ = w.write_event(Event::End(BytesEnd::new("Description")));
}

fn write_code(
    w: &mut Writer<Vec<u8>>,
    cb: &Codebook,
    children: &[Vec<usize>],
    written: &mut [bool],
    i: usize,
) {
    if written[i] {
        return;
    }
    written[i] = true;
    let c = &cb.codes[i];
    let mut attrs = vec![
        ("guid", code_guid(c)),
        ("name", c.name.clone()),
        ("isCodable", c.codable.to_string()),
    ];
    if let Some(col) = c.colour.as_deref().filter(|col| is_colour(col)) {
        attrs.push(("color", col.to_string()));
    }
    let e = start("Code", &attrs);
    let kids: Vec<usize> = children[i]
        .iter()
        .copied()
        .filter(|&k| !written[k])
        .collect();
    let description = super::guide::compose(&c.description, &c.guide);
    if description.is_empty() && kids.is_empty() {
        let _ = w.write_event(Event::Empty(e));
        return;
    }
    let _ = w.write_event(Event::Start(e));
    write_description(w, &description);
    for k in kids {
        write_code(w, cb, children, written, k);
    }
    let _ = w.write_event(Event::End(BytesEnd::new("Code")));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let src = "ab\nçé<x";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (2, 1));
        assert_eq!(line_col(src, src.find('<').unwrap()), (2, 3));
    }

    #[test]
    fn nested_codes_duplicates_and_project_sets() {
        let src = r##"<?xml version="1.0"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="P">
  <CodeBook><Codes>
    <Code guid="{A182CD3A-D83C-4D8C-BC80-26D9103EC6D6}" name="Top" isCodable="true" color="#FFF">
      <Description>Een &amp; twee &#233;</Description>
      <Code guid="2D2466F0-D77F-4F8C-BDF9-628966B6B74D" name="Other" isCodable="true"/>
    </Code>
    <Code guid="086AC733-7B1C-4749-A138-D7182F63A5C9" name="Other" isCodable="true" color="red"><Unknown/></Code>
  </Codes></CodeBook>
  <Sets>
    <Set guid="45FE4439-9BF4-47FC-AFAF-D87305293172" name="Docs"><MemberSource targetGUID="C5E4C960-5296-4FDE-8C63-DEABA4E17F92"/></Set>
    <Set guid="FEEDCF5C-1D45-4CE1-B551-586A9CD14F09" name="Thema"><Description>Def</Description>
      <MemberCode targetGUID="2d2466f0-d77f-4f8c-bdf9-628966b6b74d"/></Set>
  </Sets>
</Project>"##;
        let (cb, warnings) = from_qdc_with_warnings(src, Path::new("p.qde")).unwrap();
        assert_eq!(cb.name.as_deref(), Some("P"));
        let got: Vec<(&str, Option<&str>)> = cb
            .codes
            .iter()
            .map(|c| (c.name.as_str(), c.parent.as_deref()))
            .collect();
        assert_eq!(
            got,
            [("Top", None), ("Other", Some("Top")), ("Other (2)", None)]
        );
        assert_eq!(cb.codes[0].description, "Een & twee é");
        assert_eq!(cb.codes[0].colour.as_deref(), Some("#FFF"));
        assert_eq!(cb.codes[2].colour, None);
        assert_eq!(cb.themes.len(), 1, "the document set is not a theme");
        assert_eq!(cb.themes[0].name, "Thema");
        assert_eq!(cb.themes[0].definition, "Def");
        assert_eq!(cb.themes[0].codes, ["Other"]);
        let msgs: Vec<(usize, &str)> = warnings
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            msgs,
            [
                (8, "duplicate code name 'Other' renamed to 'Other (2)'"),
                (8, "code 'Other (2)': ignored colour 'red' (not #rrggbb)")
            ]
        );
    }

    #[test]
    fn xml_errors_are_located() {
        let src = "<CodeBook>\n  <Codes>\n    </Code>\n";
        let err = from_qdc(src, Path::new("x.qdc")).unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!((err[0].line, err[0].column > 1), (3, true), "{}", err[0]);
        let err = from_qdc("<Foo/>", Path::new("x.qdc")).unwrap_err();
        assert!(err[0].message.contains("<Foo>"), "{}", err[0]);
        let err = from_qdc(
            "<CodeBook><Codes><Code guid=\"A\" isCodable=\"true\"/></Codes></CodeBook>",
            Path::new("x.qdc"),
        )
        .unwrap_err();
        assert_eq!((err[0].line, err[0].column), (1, 18));
        assert!(err[0].message.contains("without a name"));
    }

    #[test]
    fn escapes_survive_export_and_import() {
        // A tab is not allowed in a name (`text::name`); in a description it is.
        let name = "Dader & \"slachtoffer\" <één> 🙈 x";
        let cb = Codebook {
            codes: vec![CodeDef {
                name: name.into(),
                description: "regel 1\nregel 2 & <meer>\tx\r".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let xml = to_qdc(&cb);
        assert!(
            xml.contains("&amp;") && xml.contains("&quot;") && xml.contains("🙈"),
            "{xml}"
        );
        let back = from_qdc(&xml, Path::new("x.qdc")).unwrap();
        assert_eq!(back.codes[0].name, name);
        // Descriptions are trimmed on import (vendors pretty-print them).
        assert_eq!(back.codes[0].description, "regel 1\nregel 2 & <meer>\tx");
    }
}
