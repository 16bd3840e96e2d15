//! The one walk over the code tree and the theme tree. Codes and themes name
//! their parent; this module turns those names into a [`Forest`] and answers
//! the two questions every list, report and screen asks: how deep is a node
//! (for indentation and numbering), and which nodes are a node and everything
//! below it (a theme counts its subthemes' excerpts). The store refuses
//! cycles, but a hand-edited or older file may hold one, so both answers are
//! defined for cycles too (a node's depth is the number of distinct nodes
//! above it) and every walk is linear in the number of nodes. [`order`] puts
//! a list in tree order (parents before children) without recursion, so a
//! 10,000-deep code tree neither overflows the stack nor scans every code
//! per code.

use crate::model::Theme;
use std::cmp::Ordering;
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

/// Parents before children (depth first), siblings by `cmp`. Items whose
/// parent is unknown or that sit on a parent cycle are unreachable from the
/// top; they still show, after the tree, in their original order.
pub fn order<T>(
    all: Vec<T>,
    name: impl Fn(&T) -> &str,
    parent: impl Fn(&T) -> Option<&str>,
    cmp: impl Fn(&T, &T) -> Ordering,
) -> Vec<T> {
    let n = all.len();
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(n);
    for (i, t) in all.iter().enumerate() {
        index.entry(name(t)).or_insert(i);
    }
    let mut roots = Vec::new();
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, t) in all.iter().enumerate() {
        match parent(t) {
            None => roots.push(i),
            Some(p) => {
                if let Some(&j) = index.get(p) {
                    kids[j].push(i);
                }
            }
        }
    }
    let by = |a: &usize, b: &usize| cmp(&all[*a], &all[*b]);
    roots.sort_by(by);
    for k in &mut kids {
        k.sort_by(by);
    }
    let mut seq = Vec::with_capacity(n);
    let mut visited = vec![false; n];
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut visited[i], true) {
            continue;
        }
        seq.push(i);
        stack.extend(kids[i].iter().rev());
    }
    seq.extend((0..n).filter(|&i| !visited[i]));
    drop(index);
    let mut slots: Vec<Option<T>> = all.into_iter().map(Some).collect();
    seq.into_iter().filter_map(|i| slots[i].take()).collect()
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

    type Item = (&'static str, Option<&'static str>);

    fn ordered(items: &[Item]) -> Vec<&'static str> {
        order(items.to_vec(), |t| t.0, |t| t.1, |a, b| a.0.cmp(b.0))
            .into_iter()
            .map(|t| t.0)
            .collect()
    }

    #[test]
    fn order_puts_parents_first_siblings_sorted_strays_last() {
        let items = [
            ("b", None),
            ("a2", Some("a")),
            ("a", None),
            ("x", Some("nope")),
            ("a1", Some("a")),
            ("a11", Some("a1")),
        ];
        assert_eq!(ordered(&items), ["a", "a1", "a11", "a2", "b", "x"]);
        let cycle = [
            ("a", Some("b")),
            ("b", Some("a")),
            ("c", Some("c")),
            ("d", None),
        ];
        assert_eq!(ordered(&cycle), ["d", "a", "b", "c"]);
    }

    #[test]
    fn order_of_a_deep_chain_is_linear_and_needs_no_stack() {
        // Before: a recursive walk that scanned every code per code (and
        // overflowed the stack on a deep enough chain).
        let names: Vec<String> = (0..50_000).map(|i| format!("c{i}")).collect();
        let chain = |n: usize| -> Vec<(&str, Option<&str>)> {
            (0..n)
                .rev()
                .map(|i| {
                    (
                        names[i].as_str(),
                        i.checked_sub(1).map(|p| names[p].as_str()),
                    )
                })
                .collect()
        };
        let o = order(chain(50_000), |t| t.0, |t| t.1, |a, b| a.0.cmp(b.0));
        assert_eq!(o[0].0, "c0");
        assert_eq!(o[49_999].0, "c49999");
        crate::testing::assert_linear("ordering a chain", 5_000, |n| {
            let items = chain(n);
            std::hint::black_box(order(items, |t| t.0, |t| t.1, |a, b| a.0.cmp(b.0)));
        });
    }

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
