//! YAML front matter: the optional block between two `---` lines at the top
//! of a write-up. `id` names the document; every other key must hold a single
//! value and becomes an attribute. Problems are reported with the line and
//! column in the original file, so the analyst can go straight to them.
//! Values are kept exactly as written (`1.10`, `0x1F`, `no` stay text); see
//! [`crate::yaml`] for why the YAML is read with `saphyr-parser`.

use crate::model::Attributes;
use crate::yaml::{Node, Pos};
use std::collections::HashMap;

pub struct FrontMatter {
    pub id: Option<String>,
    /// Line and column of the `id` value, for problems found later.
    pub id_at: (usize, usize),
    pub attributes: Attributes,
    /// Byte offset in the text where the body starts.
    pub body_start: usize,
}

pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

fn problem(line: usize, column: usize, message: impl Into<String>) -> Problem {
    Problem {
        line,
        column,
        message: message.into(),
    }
}

/// Split off and parse the front matter of normalized (LF) text.
pub fn parse(text: &str) -> Result<FrontMatter, Vec<Problem>> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Ok(FrontMatter {
            id: None,
            id_at: (0, 0),
            attributes: Attributes::new(),
            body_start: 0,
        });
    }
    // Find the closing `---` (or YAML's `...`) line.
    let mut pos = first_line_end + 1;
    let mut close = None;
    while pos <= text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            close = Some((pos, (end + 1).min(text.len())));
            break;
        }
        if end == text.len() {
            break;
        }
        pos = end + 1;
    }
    let Some((yaml_end, body_start)) = close else {
        return Err(vec![problem(
            1,
            1,
            "front matter opened with --- is never closed (add a line with --- after it)",
        )]);
    };
    let yaml = &text[first_line_end + 1..yaml_end];
    // Lines in `yaml` are one below the file's (the opening --- is line 1).
    let at = |p: Pos| (p.line + 1, p.col);
    let root = match crate::yaml::parse(yaml) {
        Ok(root) => root,
        Err(e) => {
            let (line, column) = at(e.pos);
            let msg = e.to_string();
            let msg = msg.strip_prefix("YAML syntax error: ").unwrap_or(&msg);
            return Err(vec![problem(
                line,
                column,
                format!("front matter is not valid YAML: {msg}"),
            )]);
        }
    };
    let entries = match root {
        None => Vec::new(),
        Some(n) if n.is_null() => Vec::new(),
        Some(Node::Map { entries, .. }) => entries,
        Some(_) => {
            return Err(vec![problem(
                2,
                1,
                "front matter must be `key: value` lines",
            )]);
        }
    };
    let mut problems = Vec::new();
    let mut id = None;
    let mut id_at = (0, 0);
    let mut attributes = Attributes::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (k, v) in entries {
        let (line, column) = at(k.pos());
        let key = match k {
            Node::Scalar { value, .. } => value,
            _ => {
                problems.push(problem(line, column, "a key must be plain text"));
                continue;
            }
        };
        if let Some(first) = seen.get(&key) {
            problems.push(problem(
                line,
                column,
                format!("`{key}` is given twice (first at line {first})"),
            ));
            continue;
        }
        seen.insert(key.clone(), line);
        if let Err(why) = crate::text::name::clean(&key) {
            problems.push(problem(
                line,
                column,
                format!("the key `{}` {why}", key.escape_debug()),
            ));
            continue;
        }
        let value_at = at(v.pos());
        let value = match v {
            n if n.is_null() => String::new(),
            // Kept exactly as written: `1.10`, `0x1F` and `no` are text.
            Node::Scalar { value, .. } => value,
            Node::Alias { .. } => {
                problems.push(problem(
                    line,
                    column,
                    format!("`{key}`: YAML aliases (*name) are not supported; write the value out"),
                ));
                continue;
            }
            _ => {
                problems.push(problem(
                    line,
                    column,
                    format!(
                        "`{key}` must hold a single value (text, number or date), not a list or mapping"
                    ),
                ));
                continue;
            }
        };
        if key == "id" {
            if value.trim().is_empty() {
                problems.push(problem(line, column, "`id` is empty"));
            } else {
                id = Some(value.trim().to_owned());
                id_at = value_at;
            }
        } else if !value.is_empty() {
            attributes.insert(key, value);
        }
    }
    if problems.is_empty() {
        Ok(FrontMatter {
            id,
            id_at,
            attributes,
            body_start,
        })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_id_and_attributes() {
        let t = "---\nid: P03\nunit: Politie-eenheid III\nduration_min: 64\ndate: 2020-08-19\n---\n# Kop\n";
        let fm = parse(t).ok().unwrap();
        assert_eq!(fm.id.as_deref(), Some("P03"));
        assert_eq!(fm.attributes["unit"], "Politie-eenheid III");
        assert_eq!(fm.attributes["duration_min"], "64");
        assert_eq!(fm.attributes["date"], "2020-08-19");
        assert_eq!(&t[fm.body_start..], "# Kop\n");
    }

    #[test]
    fn no_front_matter() {
        let fm = parse("# Kop\n\nTekst").ok().unwrap();
        assert!(fm.id.is_none() && fm.attributes.is_empty());
        assert_eq!(fm.body_start, 0);
    }

    #[test]
    fn located_errors() {
        let e = parse("---\nid: P1\nunit: [a, b\n---\ntekst").err().unwrap();
        assert_eq!(e[0].line, 4, "{}", e[0].message);
        let e = parse("---\nid: P1\nthemes:\n  - a\n---\ntekst")
            .err()
            .unwrap();
        assert_eq!((e[0].line, e[0].column), (3, 1));
        let e = parse("---\nid: P1\n").err().unwrap();
        assert_eq!(e[0].line, 1);
    }

    #[test]
    fn values_are_kept_as_written() {
        let t = "---\nid: 007\nversion: 1.10\ncode: 0x1F\nconsent: no\nwhen: 2020-08-19\nempty: ~\n---\ntekst\n";
        let fm = parse(t).ok().unwrap();
        assert_eq!(fm.id.as_deref(), Some("007"));
        assert_eq!(fm.attributes["version"], "1.10");
        assert_eq!(fm.attributes["code"], "0x1F");
        assert_eq!(fm.attributes["consent"], "no");
        assert_eq!(fm.attributes["when"], "2020-08-19");
        assert!(!fm.attributes.contains_key("empty"));
    }

    #[test]
    fn unclosed_quote_is_reported_where_it_opens() {
        // Failed before: serde_yaml noticed at the end of the block (line 8).
        let t = "---\nid: h05\nrole: analist\nunit: \"Politie-eenheid II\ndate: 2020-08-19\nduration_min: 64\nplace: Utrecht\n---\ntekst\n";
        let e = parse(t).err().unwrap();
        assert_eq!((e[0].line, e[0].column), (4, 7), "{}", e[0].message);
        assert!(e[0].message.contains("never closed"), "{}", e[0].message);
    }

    #[test]
    fn duplicate_keys_are_located() {
        let e = parse("---\nid: P1\nunit: a\nunit: b\n---\ntekst")
            .err()
            .unwrap();
        assert_eq!((e[0].line, e[0].column), (4, 1), "{}", e[0].message);
        assert!(e[0].message.contains("first at line 3"), "{}", e[0].message);
    }

    fn keys(n: usize) -> String {
        let mut t = String::from("---\n");
        for i in 0..n {
            t.push_str(&format!("key{i}: value {i}\n"));
        }
        t.push_str("---\ntekst\n");
        t
    }

    #[test]
    fn many_keys_are_linear() {
        // 40,000 keys took over 200 s before (a line search per key, so 10×
        // the keys was 100× the work). Compared by CPU time at n and 10 n.
        let big = keys(20_000);
        let fm = parse(&big).ok().unwrap();
        assert_eq!(fm.attributes.len(), 20_000);
        crate::testing::assert_linear("front matter keys", 2_000, |n| {
            let t = keys(n);
            std::hint::black_box(parse(&t).ok());
        });
        let bad = big.replacen("key7: value 7", "key7: [a]", 1);
        let e = parse(&bad).err().unwrap();
        assert_eq!((e[0].line, e[0].column), (9, 1));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let t = format!("---\nid: P1\nx: {}\n---\ntekst\n", "[".repeat(200_000));
        let e = parse(&t).err().unwrap();
        assert!(e[0].message.contains("nested"), "{}", e[0].message);
        assert_eq!(e[0].line, 3);
    }
}
