//! YAML front matter: the optional block between two `---` lines at the top
//! of a write-up. `id` names the document; every other key must hold a single
//! value and becomes an attribute. Problems are reported with the line and
//! column in the original file, so the analyst can go straight to them.

use crate::model::Attributes;

pub struct FrontMatter {
    pub id: Option<String>,
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
    let value: serde_yaml::Value = match serde_yaml::from_str(yaml) {
        Ok(v) => v,
        Err(e) => {
            let (line, column) = e
                .location()
                .map(|l| (l.line() + 1, l.column()))
                .unwrap_or((2, 0));
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_owned();
            return Err(vec![problem(
                line,
                column,
                format!("front matter is not valid YAML: {msg}"),
            )]);
        }
    };
    let mapping = match value {
        serde_yaml::Value::Null => serde_yaml::Mapping::new(),
        serde_yaml::Value::Mapping(m) => m,
        _ => {
            return Err(vec![problem(
                2,
                1,
                "front matter must be `key: value` lines",
            )]);
        }
    };
    let key_line = |key: &str| -> (usize, usize) {
        for (i, l) in yaml.lines().enumerate() {
            let t = l.trim_start();
            let stripped = t
                .strip_prefix(key)
                .or_else(|| t.strip_prefix(&format!("\"{key}\"")));
            if stripped.is_some_and(|rest| rest.trim_start().starts_with(':')) {
                return (i + 2, l.len() - t.len() + 1);
            }
        }
        (2, 1)
    };
    let mut problems = Vec::new();
    let mut id = None;
    let mut attributes = Attributes::new();
    for (k, v) in mapping {
        let key = match &k {
            serde_yaml::Value::String(s) => s.clone(),
            other => scalar(other).unwrap_or_default(),
        };
        let (line, column) = key_line(&key);
        let Some(value) = scalar(&v) else {
            problems.push(problem(
                line,
                column,
                format!(
                    "`{key}` must hold a single value (text, number or date), not a list or mapping"
                ),
            ));
            continue;
        };
        if key == "id" {
            if value.trim().is_empty() {
                problems.push(problem(line, column, "`id` is empty"));
            } else {
                id = Some(value.trim().to_owned());
            }
        } else if !value.is_empty() {
            attributes.insert(key, value);
        }
    }
    if problems.is_empty() {
        Ok(FrontMatter {
            id,
            attributes,
            body_start,
        })
    } else {
        Err(problems)
    }
}

fn scalar(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::Null => Some(String::new()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Tagged(t) => scalar(&t.value),
        _ => None,
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
}
