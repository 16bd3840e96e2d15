//! The YAML codebook format: reading with located diagnostics, canonical writing.
//!
//! Every diagnostic must name a line and column, so the file is read into
//! the positioned tree of [`crate::yaml`] (built from `saphyr-parser`'s event
//! stream), and the codebook is built and validated from that tree by hand. Scalars are read as
//! text (YAML 1.2 core schema); only a plain `null`/`~`/empty means "no value",
//! so a code called `2020` or `no` stays a name instead of becoming a number
//! or a boolean.

use super::{CURRENT_VERSION, CodeDef, Codebook, ThemeDef, is_colour, is_guid};
use crate::Diagnostic;
use crate::model::Phase;
use crate::yaml::{ErrorKind, Node, Pos};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

/// Parse the YAML text into a positioned tree (see [`crate::yaml`]).
fn parse_tree(src: &str, path: &Path) -> Result<Option<Node>, Diagnostic> {
    crate::yaml::parse(src).map_err(|e| {
        let message = match e.kind {
            ErrorKind::SecondDocument => {
                "a codebook file holds one YAML document; remove the second '---'".to_owned()
            }
            _ => e.to_string(),
        };
        Diagnostic::new(path, e.pos.line, e.pos.col, message)
    })
}

/// Collects diagnostics for one file.
struct Check<'a> {
    path: &'a Path,
    diags: Vec<Diagnostic>,
    /// Not errors: the file reads, something in it was left aside.
    warnings: Vec<Diagnostic>,
}

impl Check<'_> {
    fn err(&mut self, pos: Pos, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::new(self.path, pos.line, pos.col, message));
    }

    /// An unknown key is ignored with a warning, not refused: a codebook
    /// written by a newer thema or by hand still reads (issue 9).
    fn unknown_key(&mut self, pos: Pos, message: String) {
        self.warnings.push(Diagnostic::new(
            self.path,
            pos.line,
            pos.col,
            format!("{message}; ignored"),
        ));
    }

    /// A list of texts; a single text counts as a list of one.
    fn texts(&mut self, node: &Node, what: &str) -> Vec<String> {
        if let Node::Scalar { .. } = node {
            return self.opt_text(node, what).into_iter().collect();
        }
        let items = self.list(node, what);
        items
            .iter()
            .filter_map(|n| self.opt_text(n, what))
            .filter(|t| !t.trim().is_empty())
            .collect()
    }

    /// A name (of a code, theme, parent or member): its one written form
    /// (NFC, trimmed), or reported with its position when it holds a control
    /// or invisible character (the raw text is kept so no second, confusing
    /// "has no name" follows).
    fn name(&mut self, node: &Node, what: &str) -> Option<String> {
        let raw = self.opt_text(node, what)?;
        match crate::text::name::clean(&raw) {
            Ok(clean) => Some(clean),
            Err(_) if raw.trim().is_empty() => Some(String::new()),
            Err(why) => {
                self.err(
                    node.pos(),
                    format!("{what} \"{}\" {why}", raw.escape_debug()),
                );
                Some(raw)
            }
        }
    }

    /// Text of a scalar, or `None` when left out; anything else is reported.
    fn opt_text(&mut self, node: &Node, what: &str) -> Option<String> {
        match node {
            n if n.is_null() => None,
            Node::Scalar { value, .. } => Some(value.clone()),
            Node::Alias { pos } => {
                self.err(
                    *pos,
                    "YAML aliases (*name) are not supported in codebooks; write the value out",
                );
                None
            }
            other => {
                self.err(other.pos(), format!("{what} must be text"));
                None
            }
        }
    }

    /// Entries of a mapping, reporting keys that are not text and keys given twice.
    fn entries<'n>(&mut self, entries: &'n [(Node, Node)]) -> Vec<(&'n str, Pos, &'n Node)> {
        let mut seen: HashMap<&str, Pos> = HashMap::new();
        let mut out = Vec::new();
        for (k, v) in entries {
            match k {
                Node::Scalar { value, pos, .. } => {
                    if let Some(first) = seen.get(value.as_str()) {
                        self.err(
                            *pos,
                            format!("key '{value}' given twice (first at line {})", first.line),
                        );
                        continue;
                    }
                    seen.insert(value, *pos);
                    out.push((value.as_str(), *pos, v));
                }
                other => self.err(other.pos(), "keys must be plain text"),
            }
        }
        out
    }

    /// The items of a list; a left-out list is empty.
    fn list<'n>(&mut self, node: &'n Node, what: &str) -> &'n [Node] {
        match node {
            Node::Seq { items, .. } => items,
            n if n.is_null() => &[],
            other => {
                self.err(other.pos(), format!("{what} must be a list"));
                &[]
            }
        }
    }
}

/// A code or theme entry with the positions later checks point at.
struct Located<T> {
    def: T,
    name_pos: Pos,
    parent_pos: Option<Pos>,
}

const TOP_KEYS: &str = "version, name, description, codes, themes";
const CODE_KEYS: &str = "name, description, definition, when_to_use, when_not_to_use, examples, parent, colour, codable, guid";
const THEME_KEYS: &str = "name, definition, phase, parent, codes, guid";

/// Read a YAML codebook, reporting every problem with its line and column.
pub fn from_yaml(src: &str, path: &Path) -> Result<Codebook, Vec<Diagnostic>> {
    from_yaml_with_warnings(src, path).map(|(cb, _)| cb)
}

/// [`from_yaml`], with the warnings (unknown keys, ignored) for the caller
/// to show.
pub fn from_yaml_with_warnings(
    src: &str,
    path: &Path,
) -> Result<(Codebook, Vec<Diagnostic>), Vec<Diagnostic>> {
    let root = match parse_tree(src, path) {
        Err(d) => return Err(vec![d]),
        Ok(None) => {
            return Err(vec![Diagnostic::file(
                path,
                "empty codebook: expected 'version: 1' and a list of codes",
            )]);
        }
        Ok(Some(root)) if root.is_null() => {
            return Err(vec![Diagnostic::file(
                path,
                "empty codebook: expected 'version: 1' and a list of codes",
            )]);
        }
        Ok(Some(root)) => root,
    };
    let mut ck = Check {
        path,
        diags: Vec::new(),
        warnings: Vec::new(),
    };
    let mut cb = Codebook::default();
    let Node::Map {
        entries,
        pos: root_pos,
    } = &root
    else {
        ck.err(
            root.pos(),
            format!("a codebook is a mapping with the keys {TOP_KEYS}"),
        );
        return Err(ck.diags);
    };

    let mut version_seen = false;
    let mut codes: Vec<Located<CodeDef>> = Vec::new();
    let mut themes: Vec<Located<ThemeDef>> = Vec::new();
    let mut members: Vec<Vec<(String, Pos)>> = Vec::new();
    for (key, key_pos, value) in ck.entries(entries) {
        match key {
            "version" => {
                version_seen = true;
                match value {
                    Node::Scalar { value: v, plain: true, pos } => match v.parse::<u32>() {
                        Ok(n) if n == 0 || n > CURRENT_VERSION => ck.err(
                            *pos,
                            if n > CURRENT_VERSION {
                                format!(
                                    "codebook version {n} is newer than this thema understands (up to {CURRENT_VERSION}); upgrade thema"
                                )
                            } else {
                                format!("unsupported codebook version {n} (expected {CURRENT_VERSION})")
                            },
                        ),
                        Ok(n) => cb.version = n,
                        Err(_) => ck.err(*pos, format!("version must be a whole number such as {CURRENT_VERSION}")),
                    },
                    other => ck.err(other.pos(), format!("version must be a whole number such as {CURRENT_VERSION}")),
                }
            }
            "name" => cb.name = ck.opt_text(value, "name"),
            "description" => cb.description = ck.opt_text(value, "description"),
            "codes" => {
                for item in ck.list(value, "codes") {
                    if let Some(c) = read_code(&mut ck, item) {
                        codes.push(c);
                    }
                }
            }
            "themes" => {
                for item in ck.list(value, "themes") {
                    if let Some(t) = read_theme(&mut ck, item) {
                        themes.push(t.located);
                        members.push(t.members);
                    }
                }
            }
            other => ck.unknown_key(
                key_pos,
                format!("unknown key '{other}' (expected one of {TOP_KEYS})"),
            ),
        }
    }
    if !version_seen {
        ck.err(*root_pos, format!("missing 'version: {CURRENT_VERSION}'"));
    }

    check_names_and_parents(
        &mut ck,
        &codes,
        "code",
        |c| (&c.name, c.parent.as_deref()),
        &|name| {
            themes.iter().any(|t| t.def.name == name).then(|| {
                format!("'{name}' is a theme; list this code in the theme's codes instead")
            })
        },
    );
    check_names_and_parents(
        &mut ck,
        &themes,
        "theme",
        |t| (&t.name, t.parent.as_deref()),
        &|_| None,
    );

    let code_keys: std::collections::HashSet<String> = codes
        .iter()
        .map(|c| crate::text::name::key(&c.def.name))
        .collect();
    for (t, refs) in themes.iter().zip(&members) {
        for (code, pos) in refs {
            if !code_keys.contains(&crate::text::name::key(code)) {
                ck.err(
                    *pos,
                    format!("theme '{}' lists unknown code '{code}'", t.def.name),
                );
            }
        }
    }

    // Diagnostics in file order read best; the checks above run in passes.
    ck.diags.sort_by_key(|d| (d.line, d.column));
    if !ck.diags.is_empty() {
        return Err(ck.diags);
    }
    cb.codes = codes.into_iter().map(|c| c.def).collect();
    cb.themes = themes.into_iter().map(|t| t.def).collect();
    Ok((cb, ck.warnings))
}

fn read_code(ck: &mut Check, item: &Node) -> Option<Located<CodeDef>> {
    let Node::Map { entries, pos } = item else {
        ck.err(item.pos(), "each code is a mapping with at least a 'name'");
        return None;
    };
    let mut def = CodeDef::default();
    let mut name_pos = None;
    let mut parent_pos = None;
    for (key, key_pos, value) in ck.entries(entries) {
        match key {
            "name" => {
                name_pos = Some(value.pos());
                def.name = ck.name(value, "name").unwrap_or_default();
            }
            "description" => {
                def.description = ck.opt_text(value, "description").unwrap_or_default()
            }
            "definition" => {
                def.guide.definition = ck.opt_text(value, "definition").unwrap_or_default()
            }
            "when_to_use" => {
                def.guide.use_when = ck.opt_text(value, "when_to_use").unwrap_or_default()
            }
            "when_not_to_use" => {
                def.guide.not_use_when = ck.opt_text(value, "when_not_to_use").unwrap_or_default()
            }
            "examples" => def.guide.examples = ck.texts(value, "examples"),
            "codable" => match ck.opt_text(value, "codable").as_deref() {
                None | Some("true") => def.codable = true,
                Some("false") => def.codable = false,
                Some(_) => ck.err(
                    value.pos(),
                    "codable must be true or false (false: a category that only groups codes)",
                ),
            },
            "parent" => {
                def.parent = ck.name(value, "parent");
                parent_pos = def.parent.as_ref().map(|_| value.pos());
            }
            "colour" => {
                def.colour = ck.opt_text(value, "colour");
                if def.colour.as_deref().is_some_and(|c| !is_colour(c)) {
                    ck.err(
                        value.pos(),
                        "colour must be \"#rrggbb\" or \"#rgb\" (quoted: # starts a comment)",
                    );
                }
            }
            "guid" => {
                def.guid = ck.opt_text(value, "guid");
                if def.guid.as_deref().is_some_and(|g| !is_guid(g)) {
                    ck.err(
                        value.pos(),
                        "guid must look like 6D1F4C2A-9B7E-5E13-A0C4-7F2D3B8E91A6",
                    );
                }
            }
            "color" => ck.unknown_key(
                key_pos,
                format!(
                    "unknown key 'color' (did you mean 'colour'?; expected one of {CODE_KEYS})"
                ),
            ),
            other => ck.unknown_key(
                key_pos,
                format!("unknown key '{other}' in a code (expected one of {CODE_KEYS})"),
            ),
        }
    }
    located(ck, def.name.is_empty(), name_pos, *pos, "code").map(|name_pos| Located {
        def,
        name_pos,
        parent_pos,
    })
}

/// Missing and empty names are reported here; such entries take no part in
/// the later checks because nothing can refer to them.
fn located(
    ck: &mut Check,
    empty: bool,
    name_pos: Option<Pos>,
    entry: Pos,
    kind: &str,
) -> Option<Pos> {
    match (name_pos, empty) {
        (None, _) => {
            ck.err(entry, format!("{kind} has no name"));
            None
        }
        (Some(p), true) => {
            ck.err(p, format!("{kind} name is empty"));
            None
        }
        (Some(p), false) => Some(p),
    }
}

/// Member code references of a theme, kept with positions for the
/// unknown-code check (which needs all codes read first).
struct ThemeRead {
    located: Located<ThemeDef>,
    members: Vec<(String, Pos)>,
}

fn read_theme(ck: &mut Check, item: &Node) -> Option<ThemeRead> {
    let Node::Map { entries, pos } = item else {
        ck.err(item.pos(), "each theme is a mapping with at least a 'name'");
        return None;
    };
    let mut def = ThemeDef::default();
    let mut name_pos = None;
    let mut parent_pos = None;
    let mut members = Vec::new();
    for (key, key_pos, value) in ck.entries(entries) {
        match key {
            "name" => {
                name_pos = Some(value.pos());
                def.name = ck.name(value, "name").unwrap_or_default();
            }
            "definition" => def.definition = ck.opt_text(value, "definition").unwrap_or_default(),
            "parent" => {
                def.parent = ck.name(value, "parent");
                parent_pos = def.parent.as_ref().map(|_| value.pos());
            }
            "phase" => {
                if let Some(p) = ck.opt_text(value, "phase") {
                    match p.parse::<Phase>() {
                        Ok(phase) => def.phase = phase,
                        Err(m) => ck.err(value.pos(), m),
                    }
                }
            }
            "codes" => {
                let mut listed = std::collections::HashSet::new();
                for code in ck.list(value, "codes") {
                    if let Some(name) = ck.name(code, "a code name") {
                        if !listed.insert(crate::text::name::key(&name)) {
                            ck.err(code.pos(), format!("code '{name}' listed twice"));
                            continue;
                        }
                        members.push((name.clone(), code.pos()));
                        def.codes.push(name);
                    }
                }
            }
            "guid" => {
                def.guid = ck.opt_text(value, "guid");
                if def.guid.as_deref().is_some_and(|g| !is_guid(g)) {
                    ck.err(
                        value.pos(),
                        "guid must look like 6D1F4C2A-9B7E-5E13-A0C4-7F2D3B8E91A6",
                    );
                }
            }
            other => ck.unknown_key(
                key_pos,
                format!("unknown key '{other}' in a theme (expected one of {THEME_KEYS})"),
            ),
        }
    }
    let name_pos = located(ck, def.name.is_empty(), name_pos, *pos, "theme")?;
    Some(ThemeRead {
        located: Located {
            def,
            name_pos,
            parent_pos,
        },
        members,
    })
}

/// Duplicate names, unknown parents and parent cycles, for codes or themes.
fn check_names_and_parents<T>(
    ck: &mut Check,
    items: &[Located<T>],
    kind: &str,
    get: impl Fn(&T) -> (&String, Option<&str>),
    hint: &dyn Fn(&str) -> Option<String>,
) {
    // Names are compared without case (see `text::name`).
    let key = crate::text::name::key;
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        let (name, _) = get(&it.def);
        if let Some(&j) = first.get(&key(name)) {
            ck.err(
                it.name_pos,
                format!(
                    "duplicate {kind} name '{name}' (first at line {})",
                    items[j].name_pos.line
                ),
            );
        } else {
            first.insert(key(name), i);
        }
    }
    for it in items {
        let (_, parent) = get(&it.def);
        if let (Some(p), Some(pos)) = (parent, it.parent_pos)
            && !first.contains_key(&key(p))
        {
            let mut m = format!("unknown parent {kind} '{p}'");
            if let Some(h) = hint(p) {
                m.push_str(": ");
                m.push_str(&h);
            }
            ck.err(pos, m);
        }
    }
    // A cycle is reported once, at the parent of its first member in file order.
    let parent_of = |i: usize| {
        get(&items[i].def)
            .1
            .and_then(|p| first.get(&key(p)).copied())
    };
    // Each item is walked once (0 = not yet, 1 = on the current walk, 2 =
    // done), so a 10,000-deep chain costs 10,000 steps, not 10,000².
    let mut state = vec![0u8; items.len()];
    for start in 0..items.len() {
        if state[start] != 0 || first.get(&key(get(&items[start].def).0)) != Some(&start) {
            continue;
        }
        let mut path = vec![start];
        state[start] = 1;
        let mut cur = parent_of(start);
        while let Some(c) = cur {
            if state[c] != 0 {
                break;
            }
            state[c] = 1;
            path.push(c);
            cur = parent_of(c);
        }
        if let Some(c) = cur.filter(|&c| state[c] == 1) {
            // The walk came back to itself: `c` and the items after it on
            // the path form the cycle; name it from its first in file order.
            let at = path.iter().position(|&i| i == c).unwrap_or(0);
            let mut cycle = path[at..].to_vec();
            let lowest = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
            cycle.rotate_left(lowest);
            let names: Vec<&str> = cycle
                .iter()
                .map(|&i| get(&items[i].def).0.as_str())
                .collect();
            let head = cycle[0];
            let pos = items[head].parent_pos.unwrap_or(items[head].name_pos);
            let msg = if cycle.len() == 1 {
                format!("{kind} '{}' is its own parent", names[0])
            } else {
                format!("parent cycle: {} → {}", names.join(" → "), names[0])
            };
            ck.err(pos, msg);
        }
        for i in path {
            state[i] = 2;
        }
    }
}

/// Write the canonical YAML form: a header comment, then the fields in the
/// order of the structs, optional fields left out when empty.
pub fn to_yaml(cb: &Codebook) -> String {
    let mut out = String::from("# thema codebook — codes and themes without the data\n");
    let _ = writeln!(out, "version: {}", cb.version);
    if let Some(n) = &cb.name {
        let _ = writeln!(out, "name: {}", scalar(n));
    }
    if let Some(d) = &cb.description {
        let _ = writeln!(out, "description: {}", scalar(d));
    }
    if cb.codes.is_empty() {
        out.push_str("codes: []\n");
    } else {
        out.push_str("codes:\n");
    }
    for c in &cb.codes {
        let _ = writeln!(out, "  - name: {}", scalar(&c.name));
        let _ = writeln!(out, "    description: {}", scalar(&c.description));
        let g = &c.guide;
        for (key, value) in [
            ("definition", &g.definition),
            ("when_to_use", &g.use_when),
            ("when_not_to_use", &g.not_use_when),
        ] {
            if !value.is_empty() {
                let _ = writeln!(out, "    {key}: {}", scalar(value));
            }
        }
        if !g.examples.is_empty() {
            out.push_str("    examples:\n");
            for e in &g.examples {
                let _ = writeln!(out, "      - {}", scalar(e));
            }
        }
        if let Some(p) = &c.parent {
            let _ = writeln!(out, "    parent: {}", scalar(p));
        }
        if let Some(col) = &c.colour {
            let _ = writeln!(out, "    colour: {}", scalar(col));
        }
        if !c.codable {
            out.push_str("    codable: false\n");
        }
        if let Some(g) = &c.guid {
            let _ = writeln!(out, "    guid: {}", scalar(g));
        }
    }
    if cb.themes.is_empty() {
        out.push_str("themes: []\n");
    } else {
        out.push_str("themes:\n");
    }
    for t in &cb.themes {
        let _ = writeln!(out, "  - name: {}", scalar(&t.name));
        let _ = writeln!(out, "    definition: {}", scalar(&t.definition));
        let _ = writeln!(out, "    phase: {}", t.phase);
        if let Some(p) = &t.parent {
            let _ = writeln!(out, "    parent: {}", scalar(p));
        }
        if t.codes.is_empty() {
            out.push_str("    codes: []\n");
        } else {
            out.push_str("    codes:\n");
        }
        for c in &t.codes {
            let _ = writeln!(out, "      - {}", scalar(c));
        }
        if let Some(g) = &t.guid {
            let _ = writeln!(out, "    guid: {}", scalar(g));
        }
    }
    out
}

/// A scalar as YAML: plain when that reads back as the same text in any YAML
/// reader (also YAML 1.1 ones that turn `no` into false), else double-quoted.
fn scalar(s: &str) -> String {
    if plain_ok(s) {
        s.to_string()
    } else {
        double_quoted(s)
    }
}

fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s || "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if s.chars()
        .any(|c| c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}'))
    {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    ) {
        return false;
    }
    // Numbers, dates and times (1.5, 2020-08-19, 1:30, .inf) in YAML 1.1 readers.
    let radix = ["0x", "0o", "0b"].iter().any(|p| lower.starts_with(p));
    let numberish = (first.is_ascii_digit() || first == '+' || first == '.')
        && (radix
            || s.chars()
                .all(|c| c.is_ascii_digit() || "-+._:eE".contains(c)));
    let special_float = matches!(lower.as_str(), ".inf" | "+.inf" | "-.inf" | ".nan");
    !numberish && !special_float
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diags(src: &str) -> Vec<(usize, usize, String)> {
        match from_yaml(src, Path::new("cb.yaml")) {
            Ok(cb) => panic!("expected diagnostics, got {cb:?}"),
            Err(d) => d
                .into_iter()
                .map(|d| (d.line, d.column, d.message))
                .collect(),
        }
    }

    /// Asserts the exact located problems; positions were counted by hand
    /// from the source text (1-based line, column of the offending node).
    fn assert_diags(src: &str, expected: &[(usize, usize, &str)]) {
        let got = diags(src);
        let got_short: Vec<(usize, usize)> = got.iter().map(|(l, c, _)| (*l, *c)).collect();
        let want: Vec<(usize, usize)> = expected.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(got_short, want, "all diagnostics: {got:#?}");
        for ((_, _, msg), (_, _, needle)) in got.iter().zip(expected) {
            assert!(msg.contains(needle), "'{msg}' should contain '{needle}'");
        }
    }

    #[test]
    fn every_problem_is_reported_with_its_position() {
        let src = "\
# comment
version: 1
name: Test
extra: 1
codes:
  - name: A
    description: a
    colour: \"#12345\"
    shape: round
  - name: A
  - description: no name
  - name: B
    parent: Nope
  - name: C
    parent: D
  - name: D
    parent: C
  - name: E
    parent: E
themes:
  - name: T
    definition: t
    phase: final
    codes: [A, Zzz]
  - name: U
    parent: V
  - name: V
    parent: U
";
        assert_diags(
            src,
            &[
                (8, 13, "colour must be"),
                (10, 11, "duplicate code name 'A' (first at line 6)"),
                (11, 5, "code has no name"),
                (13, 13, "unknown parent code 'Nope'"),
                (15, 13, "parent cycle: C → D → C"),
                (19, 13, "code 'E' is its own parent"),
                (23, 12, "unknown phase 'final'"),
                (24, 16, "theme 'T' lists unknown code 'Zzz'"),
                (26, 13, "parent cycle: U → V → U"),
            ],
        );
    }

    #[test]
    fn unknown_keys_are_located_warnings() {
        let src = "version: 1\nextra: x\ncodes:\n  - name: A\n    color: \"#fff\"\nthemes:\n  - name: T\n    colour: x\n";
        let (cb, w) = from_yaml_with_warnings(src, Path::new("cb.yaml")).unwrap();
        assert_eq!(cb.codes[0].colour, None);
        let got: Vec<(usize, usize, &str)> = w
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (2, 1));
        assert!(got[0].2.starts_with("unknown key 'extra'"), "{got:?}");
        assert_eq!((got[1].0, got[1].1), (5, 5));
        assert!(got[1].2.contains("did you mean 'colour'?"), "{got:?}");
        assert!(got[1].2.ends_with("; ignored"), "{got:?}");
        assert_eq!((got[2].0, got[2].1), (8, 5));
    }

    #[test]
    fn theme_problems() {
        let src = "\
version: 1
codes:
  - name: Lage pakkans
    parent: Blinde vlek
themes:
  - name: Blinde vlek
    codes:
      - Lage pakkans
      - Lage pakkans
  - name: Blinde vlek
    parent: Onbekend
    colour: \"#fff\"
  - definition: zonder naam
";
        assert_diags(
            src,
            &[
                (
                    4,
                    13,
                    "'Blinde vlek' is a theme; list this code in the theme's codes instead",
                ),
                (9, 9, "code 'Lage pakkans' listed twice"),
                (
                    10,
                    11,
                    "duplicate theme name 'Blinde vlek' (first at line 6)",
                ),
                (11, 13, "unknown parent theme 'Onbekend'"),
                (13, 5, "theme has no name"),
            ],
        );
    }

    #[test]
    fn syntax_error_is_located() {
        // Line 3 opens a flow sequence that never closes; the parser notices
        // at the end of the input, which is line 4.
        let got = diags("version: 1\ncodes:\n  - name: [A\n");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].2.starts_with("YAML syntax error"), "{got:?}");
        assert_eq!(got[0].0, 4, "{got:?}");
        // A tab where indentation is expected: reported on its own line.
        let got = diags("version: 1\ncodes:\n\t- name: A\n");
        assert_eq!((got.len(), got[0].0), (1, 3), "{got:?}");
    }

    #[test]
    fn version_rules() {
        assert_diags(
            "version: 2\ncodes: []\n",
            &[(
                1,
                10,
                "version 2 is newer than this thema understands (up to 1)",
            )],
        );
        assert_diags("version: 0\n", &[(1, 10, "unsupported codebook version 0")]);
        assert_diags(
            "version: one\n",
            &[(1, 10, "version must be a whole number")],
        );
        assert_diags(
            "version: \"1\"\n",
            &[(1, 10, "version must be a whole number")],
        );
        assert_diags("name: x\ncodes: []\n", &[(1, 1, "missing 'version: 1'")]);
        assert_diags(
            "version: 1\nversion: 1\n",
            &[(2, 1, "key 'version' given twice (first at line 1)")],
        );
        assert_diags("- a\n- b\n", &[(1, 1, "a codebook is a mapping")]);
        assert_diags(
            "version: 1\ncodes: abc\n",
            &[(2, 8, "codes must be a list")],
        );
        assert_diags(
            "version: 1\ncodes:\n  - A\n",
            &[(3, 5, "each code is a mapping")],
        );
        let empty = from_yaml("# nothing\n", Path::new("e.yaml")).unwrap_err();
        assert_eq!((empty[0].line, empty[0].column), (0, 0));
        assert!(empty[0].message.contains("empty codebook"));
    }

    #[test]
    fn typed_scalars_stay_text_and_nulls_are_absent() {
        let src = "\
version: 1
codes:
  - name: no
    description: 2020-08-19
    parent: null
  - name: 12
    description:
    parent: no
    colour: ~
";
        let cb = from_yaml(src, Path::new("t.yaml")).unwrap();
        assert_eq!(cb.codes[0].name, "no");
        assert_eq!(cb.codes[0].description, "2020-08-19");
        assert_eq!(cb.codes[0].parent, None);
        assert_eq!(cb.codes[1].name, "12");
        assert_eq!(cb.codes[1].description, "");
        assert_eq!(cb.codes[1].parent.as_deref(), Some("no"));
        assert_eq!(cb.codes[1].colour, None);
    }

    const CANONICAL: &str = "\
# thema codebook — codes and themes without the data
version: 1
name: Webcamuitbuiting — politie-interviews
description: \"Startcodeboek: inductief\"
codes:
  - name: Geen zicht op de sector
    description: De politie heeft geen beeld van webcamstudio's en hun werkwijze.
    colour: \"#4e79a7\"
  - name: Geen contact met platforms
    description: Er is geen lijn naar de camsites; verzoeken blijven onbeantwoord.
    parent: Geen zicht op de sector
    guid: 6D1F4C2A-9B7E-5E13-A0C4-7F2D3B8E91A6
themes:
  - name: Blinde vlek
    definition: Het fenomeen valt buiten het blikveld van de politie.
    phase: reviewed
    codes:
      - Geen zicht op de sector
      - Geen contact met platforms
  - name: Deelthema
    definition: \"\"
    phase: candidate
    parent: Blinde vlek
    codes: []
";

    #[test]
    fn canonical_file_round_trips_byte_identically() {
        let cb = from_yaml(CANONICAL, Path::new("c.yaml")).unwrap();
        assert_eq!(
            cb.codes[1].parent.as_deref(),
            Some("Geen zicht op de sector")
        );
        assert_eq!(cb.themes[0].phase, Phase::Reviewed);
        assert_eq!(cb.themes[1].parent.as_deref(), Some("Blinde vlek"));
        assert_eq!(to_yaml(&cb), CANONICAL);
    }

    #[test]
    fn awkward_text_round_trips() {
        let awkward = [
            "no",
            "123",
            "1.5",
            "1e5",
            "0x1F",
            ".inf",
            "12:30",
            "2020-08-19",
            "6D1F4C2A-9B7E-5E13-A0C4-7F2D3B8E91A6",
            "#hashtag",
            " leading space",
            "trailing ",
            "a: b",
            "a #b",
            "ends:",
            "\"quoted\"",
            "'single'",
            "back\\slash",
            "two\nlines",
            "tab\there",
            "- dash",
            "[flow]",
            "{map}",
            "*star",
            "&amp",
            "!bang",
            "%pct",
            "@at",
            "`tick`",
            "é 😀 ∑",
            "null",
            "~",
            "",
            "bell\u{7}",
            "line\u{2028}sep",
        ];
        // Names must be valid names (no control or invisible characters, no
        // surrounding spaces: `text::name`); descriptions may be anything.
        let names: Vec<String> = awkward
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let n = format!("{s}{i}");
                match crate::text::name::clean(&n) {
                    Ok(c) if c == n => n,
                    _ => format!("name {i}"),
                }
            })
            .collect();
        assert!(names.iter().filter(|n| n.starts_with("name ")).count() < 10);
        let cb = Codebook {
            themes_flat: false,
            name: Some("Naam: met dubbele punt".into()),
            description: Some(String::new()),
            codes: awkward
                .iter()
                .enumerate()
                .map(|(i, s)| CodeDef {
                    name: names[i].clone(),
                    description: s.to_string(),
                    parent: (i > 0).then(|| names[i - 1].clone()),
                    ..Default::default()
                })
                .collect(),
            themes: vec![ThemeDef {
                name: "yes".into(),
                definition: "Y".into(),
                codes: names.clone(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let text = to_yaml(&cb);
        let back =
            from_yaml(&text, Path::new("r.yaml")).unwrap_or_else(|d| panic!("{d:#?}\n{text}"));
        assert_eq!(back, cb, "{text}");
        assert_eq!(to_yaml(&back), text);
        // serde_yaml (YAML 1.1 flavoured) reads the same strings.
        let v: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        for (i, s) in awkward.iter().enumerate() {
            assert_eq!(
                v["codes"][i]["description"].as_str(),
                Some(*s),
                "{s:?}\n{text}"
            );
        }
    }
}
