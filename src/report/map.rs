//! The thematic map (themes → subthemes → codes) as Mermaid and Graphviz DOT.
//! Labels are escaped by [`super::escape`].

use super::escape::{dot_string, mermaid_label};
use crate::model::Theme;
use std::collections::BTreeMap;

/// Node ids: themes `T1…` in the analyst's order, codes `C1…` in order of
/// first appearance (a code in two themes is one node with two edges).
struct Graph {
    themes: Vec<(String, String)>,
    codes: BTreeMap<String, String>,
    code_order: Vec<String>,
    edges: Vec<(String, String)>,
}

fn graph(themes: &[Theme]) -> Graph {
    let ids: BTreeMap<&str, String> = themes
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), format!("T{}", i + 1)))
        .collect();
    let mut g = Graph {
        themes: themes
            .iter()
            .map(|t| (ids[t.name.as_str()].clone(), t.name.clone()))
            .collect(),
        codes: BTreeMap::new(),
        code_order: Vec::new(),
        edges: Vec::new(),
    };
    for t in themes {
        let tid = ids[t.name.as_str()].clone();
        if let Some(pid) = t.parent.as_deref().and_then(|p| ids.get(p)) {
            g.edges.push((pid.clone(), tid.clone()));
        }
        for c in &t.codes {
            let n = g.codes.len() + 1;
            let cid = g
                .codes
                .entry(c.clone())
                .or_insert_with(|| format!("C{n}"))
                .clone();
            if !g.code_order.contains(c) {
                g.code_order.push(c.clone());
            }
            g.edges.push((tid.clone(), cid));
        }
    }
    g
}

/// A Mermaid flowchart (renders on GitHub inside a ```mermaid block).
pub fn mermaid(themes: &[Theme]) -> String {
    let g = graph(themes);
    let mut s = String::from("flowchart LR\n");
    for (id, name) in &g.themes {
        s.push_str(&format!("  {id}[\"{}\"]\n", mermaid_label(name)));
    }
    for c in &g.code_order {
        s.push_str(&format!("  {}([\"{}\"])\n", g.codes[c], mermaid_label(c)));
    }
    for (a, b) in &g.edges {
        s.push_str(&format!("  {a} --> {b}\n"));
    }
    s.push_str("  classDef theme fill:#dbe9f6,stroke:#08306b;\n");
    let tids: Vec<&str> = g.themes.iter().map(|(id, _)| id.as_str()).collect();
    if !tids.is_empty() {
        s.push_str(&format!("  class {} theme;\n", tids.join(",")));
    }
    s
}

/// Graphviz DOT (`dot -Tsvg map.dot > map.svg`).
pub fn dot(themes: &[Theme]) -> String {
    let g = graph(themes);
    let mut s =
        String::from("digraph thematic_map {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
    for (id, name) in &g.themes {
        s.push_str(&format!(
            "  {id} [label={}, shape=box, style=\"rounded,filled\", fillcolor=\"#dbe9f6\"];\n",
            dot_string(name)
        ));
    }
    for c in &g.code_order {
        s.push_str(&format!(
            "  {} [label={}, shape=ellipse];\n",
            g.codes[c],
            dot_string(c)
        ));
    }
    for (a, b) in &g.edges {
        s.push_str(&format!("  {a} -> {b};\n"));
    }
    s.push_str("}\n");
    s
}
