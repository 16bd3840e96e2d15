//! The one walk over the code tree and the theme tree. Codes and themes name
//! their parent; this module turns those names into a [`Forest`] and answers
//! the two questions every list, report and screen asks: how deep is a node
//! (for indentation and numbering), and which nodes are a node and everything
//! below it (a theme counts its subthemes' excerpts). The store refuses
//! cycles, but a hand-edited or older file may hold one, so both answers are
//! defined for cycles too (a node's depth is the number of distinct nodes
//! above it) and every walk is linear in the number of nodes.

use crate::model::Theme;
use std::collections::HashMap;
use std::hash::Hash;

/// Parent links by index. A parent that does not exist makes a top-level node.
#[derive(Debug, Clone, Default)]
pub struct Forest {
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
}

impl Forest {
    /// Build from (key, parent key) pairs in any order.
    pub fn new<K: Eq + Hash>(nodes: &[(K, Option<K>)]) -> Forest {
        let index: HashMap<&K, usize> = nodes.iter().enumerate().map(|(i, n)| (&n.0, i)).collect();
        let parent: Vec<Option<usize>> = nodes
            .iter()
            .map(|(_, p)| p.as_ref().and_then(|p| index.get(p).copied()))
            .collect();
        let mut children = vec![Vec::new(); nodes.len()];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[*p].push(i);
            }
        }
        Forest { parent, children }
    }

    /// The forest of the themes (by name).
    pub fn of_themes(themes: &[Theme]) -> Forest {
        let nodes: Vec<(&str, Option<&str>)> = themes
            .iter()
            .map(|t| (t.name.as_str(), t.parent.as_deref()))
            .collect();
        Forest::new(&nodes)
    }

    /// The forest of the codes (by name).
    pub fn of_codes(codes: &[crate::model::Code]) -> Forest {
        let nodes: Vec<(&str, Option<&str>)> = codes
            .iter()
            .map(|c| (c.name.as_str(), c.parent.as_deref()))
            .collect();
        Forest::new(&nodes)
    }

    pub fn len(&self) -> usize {
        self.parent.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// The number of distinct nodes above each node (0 = top level).
    pub fn depths(&self) -> Vec<usize> {
        const UNKNOWN: usize = usize::MAX;
        let mut depth = vec![UNKNOWN; self.len()];
        // Position of a node on the current walk (to detect a cycle).
        let mut on_path: HashMap<usize, usize> = HashMap::new();
        let mut path = Vec::new();
        for start in 0..self.len() {
            if depth[start] != UNKNOWN {
                continue;
            }
            path.clear();
            on_path.clear();
            let mut node = Some(start);
            // Walk up until a known depth, the top, or a node seen on this walk.
            let (base, cycle_from) = loop {
                match node {
                    None => break (None, None),
                    Some(n) if depth[n] != UNKNOWN => break (Some(depth[n]), None),
                    Some(n) => {
                        if let Some(&j) = on_path.get(&n) {
                            break (None, Some(j));
                        }
                        on_path.insert(n, path.len());
                        path.push(n);
                        node = self.parent[n];
                    }
                }
            };
            let k = path.len() - 1;
            for (i, &n) in path.iter().enumerate() {
                depth[n] = match (base, cycle_from) {
                    (Some(b), _) => b + 1 + (k - i),
                    // On a cycle every member has the others above it.
                    (None, Some(j)) => k - i.min(j),
                    (None, None) => k - i,
                };
            }
        }
        depth
    }

    /// Node `i` and every node below it, each once, parents before children.
    pub fn family(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut seen = vec![false; self.len()];
        seen[i] = true;
        let mut next = 0;
        while next < out.len() {
            let n = out[next];
            next += 1;
            for &c in &self.children[n] {
                if !seen[c] {
                    seen[c] = true;
                    out.push(c);
                }
            }
        }
        out
    }
}

/// The codes of each theme and of all its subthemes, each code once (in the
/// order met: the theme's own codes first). The one definition of "a theme
/// with its subthemes" the reports, `theme list` and the themes screen count
/// excerpts from.
pub fn theme_family_codes(themes: &[Theme]) -> Vec<Vec<String>> {
    let forest = Forest::of_themes(themes);
    (0..themes.len())
        .map(|i| {
            let mut out: Vec<String> = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for t in forest.family(i) {
                for c in &themes[t].codes {
                    if seen.insert(c.as_str()) {
                        out.push(c.clone());
                    }
                }
            }
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forest(nodes: &[(&'static str, Option<&'static str>)]) -> Forest {
        Forest::new(nodes)
    }

    #[test]
    fn depths_of_a_tree_and_of_missing_parents() {
        let f = forest(&[
            ("a", None),
            ("b", Some("a")),
            ("c", Some("b")),
            ("d", Some("gone")),
            ("e", Some("a")),
        ]);
        assert_eq!(f.depths(), vec![0, 1, 2, 0, 1]);
        // Children listed before their parents give the same answer.
        let f = forest(&[("c", Some("b")), ("b", Some("a")), ("a", None)]);
        assert_eq!(f.depths(), vec![2, 1, 0]);
    }

    #[test]
    fn cycles_get_finite_depths_counting_distinct_ancestors() {
        // x → y → z → x, and w hangs below z.
        let f = forest(&[
            ("x", Some("z")),
            ("y", Some("x")),
            ("z", Some("y")),
            ("w", Some("z")),
            ("self", Some("self")),
        ]);
        assert_eq!(f.depths(), vec![2, 2, 2, 3, 0]);
        assert_eq!(f.family(3), vec![3]);
        let mut all = f.family(0);
        all.sort();
        assert_eq!(all, vec![0, 1, 2, 3]);
    }

    #[test]
    fn a_deep_chain_is_linear_and_exact() {
        let names: Vec<String> = (0..20_000).map(|i| format!("n{i}")).collect();
        let nodes: Vec<(&str, Option<&str>)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), (i > 0).then(|| names[i - 1].as_str())))
            .collect();
        let d = Forest::new(&nodes).depths();
        assert_eq!(d[19_999], 19_999);
        assert_eq!(d[0], 0);
    }

    #[test]
    fn family_codes_count_each_code_once() {
        let theme = |name: &str, parent: Option<&str>, codes: &[&str]| Theme {
            key: 0,
            name: name.into(),
            definition: String::new(),
            parent: parent.map(Into::into),
            phase: Default::default(),
            codes: codes.iter().map(|c| c.to_string()).collect(),
            position: 0,
            guid: String::new(),
        };
        let themes = vec![
            theme("Top", None, &["A", "B"]),
            theme("Sub", Some("Top"), &["B", "C"]),
            theme("Subsub", Some("Sub"), &["D"]),
            theme("Other", None, &["A"]),
        ];
        let f = theme_family_codes(&themes);
        assert_eq!(f[0], vec!["A", "B", "C", "D"]);
        assert_eq!(f[1], vec!["B", "C", "D"]);
        assert_eq!(f[2], vec!["D"]);
        assert_eq!(f[3], vec!["A"]);
    }
}
