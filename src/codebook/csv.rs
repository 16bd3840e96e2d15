//! CSV codebooks: one code per row, for Excel, LibreOffice and Taguette.
//!
//! thema writes `name,description,parent,colour,definition,when_to_use,
//! when_not_to_use,examples,codable` as UTF-8 with a BOM (without it Excel
//! reads the file as the local ANSI code page and garbles every accent) and
//! CRLF line ends, quoting as RFC 4180 says. It reads that, and Taguette's
//! `codebook.csv` (`tag,description,number of highlights[,number of
//! documents]`): the name column may be called `name`, `tag` or `path` as
//! Taguette accepts, column names are matched without case, a header with
//! `;` and no `,` is read with `;` (Excel's CSV in Dutch and German
//! locales), and a file that is not UTF-8 is read as Windows-1252 (what
//! Excel's plain "CSV" saves) with a warning. Themes are not part of a CSV
//! codebook. Every problem names its line and column; unknown columns are a
//! warning.

use super::{CodeDef, Codebook, is_colour};
use crate::Diagnostic;
use std::collections::HashMap;
use std::path::Path;

const HEADER: [&str; 9] = [
    "name",
    "description",
    "parent",
    "colour",
    "definition",
    "when_to_use",
    "when_not_to_use",
    "examples",
    "codable",
];

/// Taguette's count columns: data about a project, not the codebook.
const COUNTS: [&str; 2] = ["number of highlights", "number of documents"];

/// Write the codes as CSV (UTF-8 with BOM, CRLF). Examples go one per line
/// inside their cell; a category has `false` under `codable`.
pub fn to_csv(cb: &Codebook) -> String {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, HEADER.iter().map(|s| s.to_string()));
    for c in &cb.codes {
        push_row(
            &mut out,
            [
                c.name.clone(),
                c.description.clone(),
                c.parent.clone().unwrap_or_default(),
                c.colour.clone().unwrap_or_default(),
                c.guide.definition.clone(),
                c.guide.use_when.clone(),
                c.guide.not_use_when.clone(),
                c.guide.examples.join("\n"),
                c.codable.to_string(),
            ]
            .into_iter(),
        );
    }
    out
}

fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        // A cell Excel would run as a formula gets no special treatment:
        // codebooks are read back, and a leading ' would change the name.
        if cell.contains([',', '"', '\n', '\r', ';']) || cell.starts_with(' ') {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push_str("\r\n");
}

/// One cell with where it starts (1-based line and column in characters).
struct Cell {
    text: String,
    line: usize,
    col: usize,
}

/// Split CSV text into rows of cells (RFC 4180: quoted cells may hold the
/// separator, quotes doubled and line breaks). Linear in the text.
fn rows(src: &str, sep: char, path: &Path) -> Result<Vec<Vec<Cell>>, Diagnostic> {
    let mut rows = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let (mut line, mut col) = (1usize, 1usize);
    let mut chars = src.chars().peekable();
    let mut cell = Cell {
        text: String::new(),
        line,
        col,
    };
    let mut quoted = false;
    let mut open_at = (0, 0);
    let mut at_row_start = true;
    while let Some(c) = chars.next() {
        let here = (line, col);
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    col += 1;
                    cell.text.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cell.text.push(c);
            }
            continue;
        }
        at_row_start = false;
        match c {
            '"' if cell.text.is_empty() => {
                quoted = true;
                open_at = here;
            }
            c if c == sep => {
                row.push(std::mem::replace(
                    &mut cell,
                    Cell {
                        text: String::new(),
                        line,
                        col,
                    },
                ));
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::replace(
                    &mut cell,
                    Cell {
                        text: String::new(),
                        line,
                        col,
                    },
                ));
                rows.push(std::mem::take(&mut row));
                at_row_start = true;
            }
            c => cell.text.push(c),
        }
    }
    if quoted {
        return Err(Diagnostic::new(
            path,
            open_at.0,
            open_at.1,
            "a quoted cell is never closed (a \" is missing)",
        ));
    }
    if !at_row_start || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    Ok(rows)
}

/// Read a CSV codebook from its bytes (see the module comment).
pub fn from_csv(bytes: &[u8], path: &Path) -> Result<(Codebook, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut warnings = Vec::new();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let src = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => {
            warnings.push(Diagnostic::file(
                path,
                "not UTF-8: read as Windows-1252 (Excel's \"CSV\"); check the accents, or save as \"CSV UTF-8\"",
            ));
            encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned()
        }
    };
    let first_line = src.lines().next().unwrap_or("");
    let sep = if first_line.contains(';') && !first_line.contains(',') {
        ';'
    } else {
        ','
    };
    let rows = rows(&src, sep, path).map_err(|d| vec![d])?;
    let mut rows = rows.into_iter();
    let Some(header) = rows.next() else {
        return Err(vec![Diagnostic::file(
            path,
            "empty file: expected a header row such as name,description,parent",
        )]);
    };
    let mut errors = Vec::new();
    let mut column: HashMap<&str, usize> = HashMap::new();
    let mut name_col: Option<(usize, String)> = None;
    for (i, h) in header.iter().enumerate() {
        let key = h.text.trim().to_lowercase();
        let known = match key.as_str() {
            "name" | "tag" | "path" => {
                if let Some((_, first)) = &name_col {
                    errors.push(Diagnostic::new(
                        path,
                        h.line,
                        h.col,
                        format!("two name columns ('{first}' and '{key}'); keep one"),
                    ));
                } else {
                    name_col = Some((i, key.clone()));
                }
                true
            }
            "color" => {
                column.insert("colour", i);
                true
            }
            k => match HEADER.iter().find(|h| **h == k) {
                Some(h) => {
                    column.insert(h, i);
                    true
                }
                None => COUNTS.contains(&k) || k.is_empty(),
            },
        };
        if !known {
            warnings.push(Diagnostic::new(
                path,
                h.line,
                h.col,
                format!(
                    "unknown column '{}' (expected {}); ignored",
                    h.text.trim(),
                    HEADER.join(", ")
                ),
            ));
        }
    }
    let Some((name_col, _)) = name_col else {
        errors.push(Diagnostic::new(
            path,
            1,
            1,
            "no 'name' column (Taguette's 'tag' or 'path' also do)",
        ));
        return Err(errors);
    };
    let mut cb = Codebook {
        themes_flat: true,
        ..Codebook::default()
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut parent_at: Vec<(usize, usize)> = Vec::new();
    for row in rows {
        if row.iter().all(|c| c.text.trim().is_empty()) {
            continue; // a blank line, as spreadsheets leave at the end
        }
        let line = row[0].line;
        let get = |col: Option<usize>| -> Option<&Cell> { col.and_then(|c| row.get(c)) };
        let text = |key: &str| -> String {
            get(column.get(key).copied())
                .map(|c| c.text.trim().replace("\r\n", "\n"))
                .unwrap_or_default()
        };
        let Some(name_cell) = row.get(name_col) else {
            errors.push(Diagnostic::new(
                path,
                line,
                1,
                format!(
                    "only {} cell(s); the name is in column {}",
                    row.len(),
                    name_col + 1
                ),
            ));
            continue;
        };
        let name = match crate::text::name::clean(&name_cell.text) {
            Ok(n) if !n.is_empty() => n,
            Ok(_) => {
                errors.push(Diagnostic::new(
                    path,
                    name_cell.line,
                    name_cell.col,
                    "empty code name",
                ));
                continue;
            }
            Err(why) => {
                errors.push(Diagnostic::new(
                    path,
                    name_cell.line,
                    name_cell.col,
                    format!("code name \"{}\" {why}", name_cell.text.escape_debug()),
                ));
                continue;
            }
        };
        let key = crate::text::name::key(&name);
        if let Some(first) = seen.get(&key) {
            errors.push(Diagnostic::new(
                path,
                name_cell.line,
                name_cell.col,
                format!("duplicate code name '{name}' (first at line {first})"),
            ));
            continue;
        }
        seen.insert(key, name_cell.line);
        let mut def = CodeDef {
            name,
            description: text("description"),
            ..CodeDef::default()
        };
        let parent = text("parent");
        if !parent.is_empty() {
            let cell = get(column.get("parent").copied()).expect("parent cell");
            match crate::text::name::clean(&parent) {
                Ok(p) => {
                    def.parent = Some(p);
                    parent_at.push((cell.line, cell.col));
                }
                Err(why) => errors.push(Diagnostic::new(
                    path,
                    cell.line,
                    cell.col,
                    format!("parent \"{}\" {why}", parent.escape_debug()),
                )),
            }
        } else {
            parent_at.push((0, 0));
        }
        let colour = text("colour");
        if !colour.is_empty() {
            if is_colour(&colour) {
                def.colour = Some(colour);
            } else {
                let cell = get(column.get("colour").copied()).expect("colour cell");
                warnings.push(Diagnostic::new(
                    path,
                    cell.line,
                    cell.col,
                    format!(
                        "code '{}': ignored colour '{colour}' (not #rrggbb)",
                        def.name
                    ),
                ));
            }
        }
        def.guide.definition = text("definition");
        def.guide.use_when = text("when_to_use");
        def.guide.not_use_when = text("when_not_to_use");
        def.guide.examples = text("examples")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        match text("codable").to_lowercase().as_str() {
            "" | "true" | "yes" | "1" | "ja" => {}
            "false" | "no" | "0" | "nee" => def.codable = false,
            other => {
                let cell = get(column.get("codable").copied()).expect("codable cell");
                errors.push(Diagnostic::new(
                    path,
                    cell.line,
                    cell.col,
                    format!("codable is true or false, not '{other}'"),
                ));
            }
        }
        cb.codes.push(def);
    }
    // A parent must be in the file or the project (checked on import); a
    // code cannot be its own ancestor.
    let index: HashMap<String, usize> = cb
        .codes
        .iter()
        .enumerate()
        .map(|(i, c)| (crate::text::name::key(&c.name), i))
        .collect();
    let parent_of = |i: usize| {
        cb.codes[i]
            .parent
            .as_ref()
            .and_then(|p| index.get(&crate::text::name::key(p)).copied())
    };
    // 0 = not visited, 1 = on the current walk, 2 = done: each code once.
    let mut state = vec![0u8; cb.codes.len()];
    for start in 0..cb.codes.len() {
        let mut path_now = Vec::new();
        let mut cur = Some(start);
        while let Some(c) = cur {
            if state[c] != 0 {
                break;
            }
            state[c] = 1;
            path_now.push(c);
            cur = parent_of(c);
        }
        if let Some(c) = cur.filter(|&c| state[c] == 1) {
            let (l, col) = parent_at[c];
            errors.push(Diagnostic::new(
                path,
                l,
                col,
                format!(
                    "code '{}' is its own ancestor (a parent cycle)",
                    cb.codes[c].name
                ),
            ));
        }
        for i in path_now {
            state[i] = 2;
        }
    }
    if errors.is_empty() {
        Ok((cb, warnings))
    } else {
        errors.sort_by_key(|d| (d.line, d.column));
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CodeGuide;

    fn read(src: &str) -> Result<(Codebook, Vec<Diagnostic>), Vec<Diagnostic>> {
        from_csv(src.as_bytes(), Path::new("c.csv"))
    }

    #[test]
    fn round_trip_keeps_every_field_and_the_order() {
        let cb = Codebook {
            codes: vec![
                CodeDef {
                    name: "Zicht, \"blind\"".into(),
                    description: "Twee\nregels; één".into(),
                    codable: false,
                    ..Default::default()
                },
                CodeDef {
                    name: "Ähm".into(),
                    parent: Some("Zicht, \"blind\"".into()),
                    colour: Some("#4e79a7".into()),
                    guide: CodeGuide {
                        definition: "d".into(),
                        use_when: "u".into(),
                        not_use_when: "n".into(),
                        examples: vec!["e1".into(), "e, 2".into()],
                    },
                    ..Default::default()
                },
            ],
            themes_flat: true,
            ..Default::default()
        };
        let text = to_csv(&cb);
        assert!(text.starts_with("\u{feff}name,description,parent,"));
        assert!(
            text.contains("\r\n\"Zicht, \"\"blind\"\"\",\"Twee\nregels; één\",,,,,,,false\r\n")
        );
        let (back, warnings) = read(&text).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(back, cb);
    }

    #[test]
    fn taguette_codebook_csv_reads() {
        // The header and quoting Taguette 1.x writes (Python's csv module).
        let src = "tag,description,number of highlights,number of documents\r\n\
                   interesting,\"Things, that are interesting\",3,2\r\n\
                   quote,,0,0\r\n";
        let (cb, w) = read(src).unwrap();
        assert!(w.is_empty(), "{w:?}");
        let names: Vec<&str> = cb.codes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["interesting", "quote"]);
        assert_eq!(cb.codes[0].description, "Things, that are interesting");
    }

    #[test]
    fn semicolons_and_windows_1252_from_excel() {
        let bytes = b"Name;Description\r\nCaf\xe9;Koffie\r\n";
        let (cb, w) = from_csv(bytes, Path::new("c.csv")).unwrap();
        assert_eq!(cb.codes[0].name, "Café");
        assert_eq!(cb.codes[0].description, "Koffie");
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("Windows-1252"), "{w:?}");
    }

    #[test]
    fn problems_are_located() {
        let src = "name,parent,codable,shape\nA,B,true,x\nB,A,maybe,y\n,,,\nA,,,\n\"open,\n";
        let errs = read(src).unwrap_err();
        let got: Vec<(usize, usize, &str)> = errs
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (6, 1));
        assert!(got[0].2.contains("never closed"), "{got:?}");
        let src = "name,parent,codable,shape\nA,B,true,x\nB,A,maybe,y\n,,,\nA,,,\n";
        let errs = read(src).unwrap_err();
        let got: Vec<(usize, usize, String)> = errs
            .iter()
            .map(|d| (d.line, d.column, d.message.clone()))
            .collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (2, 3), "{got:?}"); // cycle, at A's parent
        assert!(got[0].2.contains("own ancestor"), "{got:?}");
        assert_eq!((got[1].0, got[1].1), (3, 5), "{got:?}"); // codable: maybe
        assert_eq!((got[2].0, got[2].1), (5, 1), "{got:?}"); // duplicate A
        let missing = read("description\nx\n").unwrap_err();
        assert!(missing[0].message.contains("no 'name' column"));
    }

    #[test]
    fn unknown_columns_warn() {
        let (_, w) = read("name,shape\nA,round\n").unwrap();
        assert_eq!((w[0].line, w[0].column), (1, 6));
        assert!(w[0].message.starts_with("unknown column 'shape'"), "{w:?}");
    }
}
