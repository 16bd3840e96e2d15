//! Where a theme can go (`M` on the themes screen): every place in the
//! outline, as picker rows — each position among the top-level themes and
//! among the subthemes of every theme outside the moved theme's own subtree.
//! Choosing one is a single change (parent and position together), so a
//! theme travels any distance in one event and one `u`, not one per step.

use super::ThemesView;

/// One place a theme can be moved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The picker row, e.g. `top level · 3 · before “Lage pakkans”`.
    pub label: String,
    /// The new parent (`None`: top level).
    pub parent: Option<String>,
    /// 1-based position among the parent's other children.
    pub position: usize,
}

impl ThemesView {
    /// The places `theme` can be moved to, in outline order; its current
    /// place is marked "(here)". A theme cannot go under itself or under
    /// one of its subthemes, so those places are left out.
    pub fn places(&self, theme: &str) -> Vec<Place> {
        let Some(me) = self.themes.iter().position(|t| t.name == theme) else {
            return Vec::new();
        };
        let forest = crate::tree::Forest::of_themes(&self.themes);
        let own: std::collections::HashSet<usize> = forest.family(me).into_iter().collect();
        let mut parents: Vec<Option<usize>> = vec![None];
        parents.extend(
            (0..self.themes.len())
                .filter(|i| !own.contains(i))
                .map(Some),
        );
        let mut out = Vec::new();
        for parent in parents {
            let parent_name = parent.map(|i| self.themes[i].name.clone());
            // Siblings in the analyst's order (`themes` lists them so).
            let siblings: Vec<&str> = self
                .themes
                .iter()
                .filter(|t| t.parent == parent_name && t.name != theme)
                .map(|t| t.name.as_str())
                .collect();
            let here = self.themes[me].parent == parent_name;
            let current = here.then(|| {
                self.themes
                    .iter()
                    .filter(|t| t.parent == parent_name)
                    .position(|t| t.name == theme)
                    .unwrap_or(0)
            });
            let at = match &parent_name {
                None => "top level".to_owned(),
                Some(p) => format!("under “{p}”"),
            };
            for pos in 0..=siblings.len() {
                let whereabouts = match siblings.get(pos) {
                    Some(next) => format!("before “{next}”"),
                    None if siblings.is_empty() => "first".to_owned(),
                    None => "last".to_owned(),
                };
                let mark = if current == Some(pos) { " (here)" } else { "" };
                out.push(Place {
                    label: format!("{at} · {} · {whereabouts}{mark}", pos + 1),
                    parent: parent_name.clone(),
                    position: pos + 1,
                });
            }
        }
        out
    }
}
