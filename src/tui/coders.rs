//! Whose codings the workbench shows, and how it says who coded what: the
//! coder filter (all coders, only mine, one coder, or two side by side),
//! the order `@` steps through it, the short tag (one letter) that marks
//! each coder in the reader's margin and gutter, and the count the codes
//! pane shows per code under the filter. Pure rules over names and counts;
//! the app asks the `Project` for the data (`Project::coder_counts`) and
//! sets the store's filter from [`CoderFilter::store_coder`].

use crate::store::{CoderCounts, Mark};
use crate::tui::app::App;
use std::collections::HashMap;

/// Whose codings the reader, the codes pane and the other workbench views
/// show.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CoderFilter {
    /// Every coder's.
    #[default]
    All,
    /// The current coder's (`THEMA_CODER`); what blind coding forces.
    Mine,
    /// One other coder's.
    One(String),
    /// Two coders', each in a margin of their own beside the same text.
    Pair(String, String),
}

impl CoderFilter {
    /// The filter after this one: all → mine → each other coder → each
    /// pair (me with each other coder when I have codings, else the first
    /// two) → all. `known`: the coders with codings, in natural order.
    pub fn next(&self, me: &str, known: &[String]) -> CoderFilter {
        let mut cycle = vec![CoderFilter::All, CoderFilter::Mine];
        cycle.extend(
            known
                .iter()
                .filter(|c| *c != me)
                .map(|c| CoderFilter::One(c.clone())),
        );
        if known.iter().any(|c| c == me) {
            cycle.extend(
                known
                    .iter()
                    .filter(|c| *c != me)
                    .map(|c| CoderFilter::Pair(me.to_owned(), c.clone())),
            );
        } else if let [a, b, ..] = known {
            cycle.push(CoderFilter::Pair(a.clone(), b.clone()));
        }
        let at = cycle.iter().position(|f| f == self);
        match at {
            Some(i) => cycle[(i + 1) % cycle.len()].clone(),
            // A coder who has no codings any more: start again.
            None => CoderFilter::All,
        }
    }

    /// The one coder the store's views are narrowed to (`None`: all, or a
    /// pair, which the reader separates itself).
    pub fn store_coder(&self, me: &str) -> Option<String> {
        match self {
            CoderFilter::All | CoderFilter::Pair(..) => None,
            CoderFilter::Mine => Some(me.to_owned()),
            CoderFilter::One(c) => Some(c.clone()),
        }
    }

    /// The coders whose counts the codes pane shows, in column order
    /// (empty: the code's total).
    pub fn count_columns(&self, me: &str) -> Vec<String> {
        match self {
            CoderFilter::All => Vec::new(),
            CoderFilter::Mine => vec![me.to_owned()],
            CoderFilter::One(c) => vec![c.clone()],
            CoderFilter::Pair(a, b) => vec![a.clone(), b.clone()],
        }
    }

    /// How the status line names the filter.
    pub fn label(&self, me: &str) -> String {
        match self {
            CoderFilter::All => "all coders".to_owned(),
            CoderFilter::Mine => format!("only mine ({me})"),
            CoderFilter::One(c) => format!("only {c}"),
            CoderFilter::Pair(a, b) => format!("{a} | {b} side by side"),
        }
    }
}

/// One letter per coder, distinct within `coders`: the first letter of the
/// name (upper case) when free, else its next letter that is free, else a
/// digit. Given in the order of `coders` (keep that order stable, e.g.
/// natural order of every coder, so a coder keeps their letter).
pub fn tags(coders: &[String]) -> Vec<char> {
    let mut taken: Vec<char> = Vec::with_capacity(coders.len());
    for name in coders {
        let candidates = name
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_uppercase)
            .chain('1'..='9');
        let tag = candidates
            .into_iter()
            .find(|c| !taken.contains(c))
            .unwrap_or('?');
        taken.push(tag);
    }
    taken
}

/// The tag of each coder, for the coders the reader may show: every coder
/// with codings, and the ones of the open document (a coding made since
/// the counts were read), in natural order.
pub fn tag_map<'a>(
    known: &[String],
    marks: impl Iterator<Item = &'a Mark>,
) -> HashMap<String, char> {
    let mut all: Vec<String> = known.to_vec();
    for m in marks {
        for c in &m.coders {
            if !all.contains(c) {
                all.push(c.clone());
            }
        }
    }
    all.sort_by(|a, b| crate::text::natural_cmp(a, b));
    let t = tags(&all);
    all.into_iter().zip(t).collect()
}

/// Whether the reader marks who coded each line: when any coding shown is
/// by someone other than `me` (alone with one's own codings, the letters
/// would only repeat one name).
pub fn marks_coders(marks: &[Mark], me: &str) -> bool {
    marks.iter().flat_map(|m| &m.coders).any(|c| c != me)
}

/// The marks as `coder` made them: only their codes, and only the marks
/// where they applied one (a side-by-side margin's share of the document).
pub fn marks_of(marks: &[Mark], coder: &str) -> Vec<Mark> {
    marks
        .iter()
        .filter_map(|m| {
            let (codes, coders): (Vec<String>, Vec<String>) = m
                .codes
                .iter()
                .zip(&m.coders)
                .filter(|(_, c)| *c == coder)
                .map(|(n, c)| (n.clone(), c.clone()))
                .unzip();
            (!codes.is_empty()).then_some(Mark {
                excerpt: m.excerpt,
                span: m.span,
                codes,
                coders,
            })
        })
        .collect()
}

/// The marks of the two coders of a pair (what the reader's text shows
/// side by side; a third coder's codings are left out).
pub fn marks_of_pair(marks: &[Mark], a: &str, b: &str) -> Vec<Mark> {
    let mut out: Vec<Mark> = marks
        .iter()
        .filter_map(|m| {
            let keep: Vec<usize> = (0..m.codes.len())
                .filter(|&i| m.coders[i] == a || m.coders[i] == b)
                .collect();
            (!keep.is_empty()).then(|| Mark {
                excerpt: m.excerpt,
                span: m.span,
                codes: keep.iter().map(|&i| m.codes[i].clone()).collect(),
                coders: keep.iter().map(|&i| m.coders[i].clone()).collect(),
            })
        })
        .collect();
    out.shrink_to_fit();
    out
}

/// The count the codes pane shows for `code` under the filter: the code's
/// total (`total`, what `codes()` counts) for all coders, else the chosen
/// coders' links, side by side as `3│1`.
pub fn count_text(columns: &[String], counts: &CoderCounts, code: &str, total: usize) -> String {
    if columns.is_empty() {
        return total.to_string();
    }
    let of = |coder: &String| {
        counts
            .by_code
            .get(code)
            .and_then(|m| m.get(coder))
            .copied()
            .unwrap_or(0)
    };
    columns
        .iter()
        .map(|c| of(c).to_string())
        .collect::<Vec<_>>()
        .join("│")
}

/// The workbench's coder state: the filter and the per-coder counts it
/// shows. The counts are read once (one pass over every link, at the first
/// `@` or at the start when blind), then kept up to date: after a coding
/// for the codes it touched (by the code index), after an undo or a change
/// from outside whole. So `@` itself reads no count.
#[derive(Debug, Clone, Default)]
pub struct CoderView {
    pub filter: CoderFilter,
    /// Links per code and coder, and every coder with codings (empty until
    /// `loaded`).
    pub counts: CoderCounts,
    pub loaded: bool,
}

impl CoderView {
    /// The count the codes pane shows for a code (see [`count_text`]).
    pub fn count(&self, me: &str, code: &str, total: usize) -> String {
        count_text(&self.filter.count_columns(me), &self.counts, code, total)
    }

    /// The pair shown side by side, if that is the filter.
    pub fn pair(&self) -> Option<(&str, &str)> {
        match &self.filter {
            CoderFilter::Pair(a, b) => Some((a, b)),
            _ => None,
        }
    }
}

impl App {
    /// `@`: show the next coder's (or pair's) codings, see
    /// [`CoderFilter::next`]. Refused while blind: a blind coder sees only
    /// their own codings.
    pub fn cycle_coder_filter(&mut self) {
        match self.project.is_blind() {
            Ok(true) => {
                self.coders.filter = CoderFilter::Mine;
                self.message = Some(
                    "blind coding: only your own codings are shown (thema blind off ends it)"
                        .into(),
                );
                return;
            }
            Ok(false) => {}
            Err(e) => {
                self.message = Some(format!("error: {e}"));
                return;
            }
        }
        if !self.coders.loaded
            && let Err(e) = self.load_coder_counts()
        {
            self.message = Some(format!("error: {e}"));
            return;
        }
        let me = self.project.coder().to_owned();
        self.coders.filter = self.coders.filter.next(&me, &self.coders.counts.coders);
        self.apply_coder_filter();
        self.message = Some(format!(
            "showing {} (@ shows the next)",
            self.coders.filter.label(&me)
        ));
    }

    /// Show `filter` (as `@` does, without its refusal while blind: the
    /// store still shows a blind coder only their own codings).
    pub fn set_coder_filter(&mut self, filter: CoderFilter) {
        if !self.coders.loaded
            && let Err(e) = self.load_coder_counts()
        {
            self.message = Some(format!("error: {e}"));
        }
        self.coders.filter = filter;
        self.apply_coder_filter();
    }

    /// Narrow the store's views to the filter's coder and read again what
    /// the workbench shows from them: the open document's marks, the codes
    /// pane's excerpts, the documents' progress.
    pub(crate) fn apply_coder_filter(&mut self) {
        let me = self.project.coder().to_owned();
        let one = self.coders.filter.store_coder(&me);
        self.project.set_coder_filter(one.as_deref());
        let res = (|| -> crate::error::Result<()> {
            if let Some(id) = self.reader.as_ref().map(|r| r.doc.id.clone()) {
                let marks = self.marks_for(&id)?;
                if let Some(r) = &mut self.reader {
                    r.marks = marks;
                }
            }
            self.codes.reload_excerpts(&self.project)
        })();
        if let Err(e) = res {
            self.message = Some(format!("error: {e}"));
        }
        self.recolour();
        // Side by side takes a wider margin: the text wraps anew.
        self.rewrap();
        self.documents.progress.clear();
        self.ensure_progress();
    }

    /// A document's marks as the filter shows them: the store narrows to
    /// one coder; a pair is two coders of everyone's.
    pub(crate) fn marks_for(&self, doc: &str) -> crate::error::Result<Vec<Mark>> {
        let marks = self.project.excerpt_marks(doc)?;
        Ok(match self.coders.pair() {
            Some((a, b)) => marks_of_pair(&marks, a, b),
            None => marks,
        })
    }

    /// Read every code's links per coder (one pass over the links).
    fn load_coder_counts(&mut self) -> crate::error::Result<()> {
        self.coders.counts = self.project.coder_counts()?;
        self.coders.loaded = true;
        Ok(())
    }

    /// After a coding: the per-coder counts of the codes it touched (once
    /// the counts are read).
    pub(crate) fn recount_coders(&mut self, codes: &[String]) {
        if !self.coders.loaded {
            return;
        }
        for code in codes {
            match self.project.code_coder_counts(code) {
                Ok(m) => {
                    let known = &mut self.coders.counts.coders;
                    for c in m.keys() {
                        if !known.contains(c) {
                            known.push(c.clone());
                            known.sort_by(|a, b| crate::text::natural_cmp(a, b));
                        }
                    }
                    self.coders.counts.by_code.insert(code.clone(), m);
                }
                Err(e) => self.message = Some(format!("error: {e}")),
            }
        }
    }

    /// At the start and after a reload of everything (undo, a change from
    /// outside): blind coding (perhaps switched on elsewhere) makes the
    /// filter "only mine", and the counts are read again when the filter
    /// shows per-coder counts, so no other coder's count shows through.
    pub(crate) fn reload_coders(&mut self) {
        match self.project.is_blind() {
            Ok(true) if self.coders.filter != CoderFilter::Mine => {
                self.coders.filter = CoderFilter::Mine;
                self.apply_coder_filter();
            }
            Ok(_) => {}
            Err(e) => self.message = Some(format!("error: {e}")),
        }
        if self.coders.filter == CoderFilter::All && !self.coders.loaded {
            return;
        }
        if let Err(e) = self.load_coder_counts() {
            self.message = Some(format!("error: {e}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_filter_cycles_through_mine_each_coder_and_the_pairs() {
        let known = names(&["anna", "bram", "consensus"]);
        let mut f = CoderFilter::All;
        let mut seen = Vec::new();
        for _ in 0..7 {
            f = f.next("anna", &known);
            seen.push(f.label("anna"));
        }
        assert_eq!(
            seen,
            [
                "only mine (anna)",
                "only bram",
                "only consensus",
                "anna | bram side by side",
                "anna | consensus side by side",
                "all coders",
                "only mine (anna)",
            ]
        );
    }

    #[test]
    fn a_reviewer_without_codings_compares_the_first_two() {
        let known = names(&["anna", "bram"]);
        let mut f = CoderFilter::Mine;
        f = f.next("lead", &known);
        assert_eq!(f, CoderFilter::One("anna".into()));
        f = f.next("lead", &known).next("lead", &known);
        assert_eq!(f, CoderFilter::Pair("anna".into(), "bram".into()));
        assert_eq!(f.next("lead", &known), CoderFilter::All);
        // Alone in the project: all ↔ mine.
        assert_eq!(
            CoderFilter::Mine.next("anna", &names(&["anna"])),
            CoderFilter::All
        );
        // A coder who is gone (an undo): back to all.
        assert_eq!(
            CoderFilter::One("x".into()).next("anna", &known),
            CoderFilter::All
        );
    }

    #[test]
    fn the_store_is_narrowed_to_one_coder_only() {
        assert_eq!(CoderFilter::All.store_coder("me"), None);
        assert_eq!(CoderFilter::Mine.store_coder("me"), Some("me".into()));
        assert_eq!(
            CoderFilter::One("b".into()).store_coder("me"),
            Some("b".into())
        );
        assert_eq!(
            CoderFilter::Pair("a".into(), "b".into()).store_coder("me"),
            None
        );
    }

    #[test]
    fn tags_are_one_distinct_letter_per_coder() {
        assert_eq!(tags(&names(&["anna", "bram"])), ['A', 'B']);
        // anna takes A; alex takes L; ada, with A and D… takes D.
        assert_eq!(tags(&names(&["anna", "alex", "ada"])), ['A', 'L', 'D']);
        // Nothing left in the name: a digit.
        assert_eq!(tags(&names(&["a", "aa"])), ['A', '1']);
        assert_eq!(tags(&names(&["élise", "émile"])), ['É', 'M']);
        let m = tag_map(&names(&["bram"]), std::iter::empty());
        assert_eq!(m["bram"], 'B');
    }

    fn mark(id: i64, codes: &[(&str, &str)]) -> Mark {
        Mark {
            excerpt: id,
            span: Span::new(0, 10),
            codes: codes.iter().map(|(c, _)| c.to_string()).collect(),
            coders: codes.iter().map(|(_, k)| k.to_string()).collect(),
        }
    }

    #[test]
    fn marks_split_by_coder() {
        let marks = vec![
            mark(1, &[("A", "anna")]),
            mark(2, &[("A", "bram"), ("B", "carl")]),
        ];
        assert!(marks_coders(&marks, "anna"));
        assert!(!marks_coders(&marks[..1], "anna"));
        assert_eq!(marks_of(&marks, "anna"), [mark(1, &[("A", "anna")])]);
        assert_eq!(marks_of(&marks, "carl"), [mark(2, &[("B", "carl")])]);
        assert_eq!(
            marks_of_pair(&marks, "anna", "bram"),
            [mark(1, &[("A", "anna")]), mark(2, &[("A", "bram")])]
        );
    }

    #[test]
    fn counts_follow_the_filter() {
        let mut counts = CoderCounts::default();
        counts
            .by_code
            .insert("A".into(), [("anna".into(), 3), ("bram".into(), 1)].into());
        let total = 4;
        let cols = |f: CoderFilter| f.count_columns("anna");
        assert_eq!(
            count_text(&cols(CoderFilter::All), &counts, "A", total),
            "4"
        );
        assert_eq!(
            count_text(&cols(CoderFilter::Mine), &counts, "A", total),
            "3"
        );
        assert_eq!(
            count_text(&cols(CoderFilter::One("bram".into())), &counts, "A", total),
            "1"
        );
        assert_eq!(
            count_text(
                &cols(CoderFilter::Pair("anna".into(), "bram".into())),
                &counts,
                "A",
                total
            ),
            "3│1"
        );
        assert_eq!(count_text(&cols(CoderFilter::Mine), &counts, "B", 0), "0");
    }
}
