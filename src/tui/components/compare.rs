//! The compare screen: two coders side by side over the spans where they
//! differ, and the keys that settle each into the consensus coding.
//!
//! The list is `thema agreement --disagreements` at sentence level for one
//! pair of coders (the consensus coder is never one of them), code rows
//! only. For the selected span the screen shows its text, each coder's codes
//! there and the consensus coder's. `a` / `b` accept one coder's codes,
//! `+` both, `x` neither: each is one change by the reviewer
//! ([`Project::settle`]), so `u` undoes it and `thema log` shows it. `n` /
//! `N` go to the next / previous span the consensus has not settled yet;
//! `c` compares the next pair of coders.

use super::{keep_visible, list_move};
use crate::analysis::Kind;
use crate::analysis::compare::{AgreementOptions, AgreementUnit, disagreements};
use crate::error::Result;
use crate::model::Span;
use crate::store::Project;
use crate::tui::action::Action;
use std::collections::{HashMap, HashSet};

/// The consensus coder when `--consensus` does not name one.
pub const DEFAULT_CONSENSUS: &str = "consensus";

/// One span where the two coders differ on at least one code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub doc: String,
    pub case: Option<String>,
    pub span: Span,
    pub text: String,
    /// The codes the two coders applied differently here.
    pub disputed: Vec<String>,
    /// Of those, the ones the first / second coder applied.
    pub a: Vec<String>,
    pub b: Vec<String>,
    /// Of those, the ones the consensus coder has here (exactly this span).
    pub consensus: Vec<String>,
    /// Whether the consensus coder has decided here (any disputed code, or
    /// a decision of "neither" made in this session).
    pub settled: bool,
}

#[derive(Debug, Clone)]
pub struct CompareView {
    /// The consensus coder's name.
    pub consensus: String,
    /// Every coder with codings, except the consensus coder.
    pub coders: Vec<String>,
    /// The pair compared: indexes into `coders`.
    pub pair: (usize, usize),
    pub items: Vec<Item>,
    pub sel: usize,
    pub scroll: usize,
    /// Spans settled as "neither" in this session (they leave no coding).
    neither: HashSet<(String, usize, usize)>,
}

impl Default for CompareView {
    fn default() -> Self {
        CompareView {
            consensus: DEFAULT_CONSENSUS.to_owned(),
            coders: Vec::new(),
            pair: (0, 1),
            items: Vec::new(),
            sel: 0,
            scroll: 0,
            neither: HashSet::new(),
        }
    }
}

/// What a key on the compare screen asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareEffect {
    None,
    Message(String),
    /// A settle changed the project: reload what depends on codings.
    Changed(String),
    Leave,
    /// Show this span in the workbench reader.
    Open(String, Span),
}

impl CompareView {
    /// The two coders compared, if there are two.
    pub fn names(&self) -> Option<(&str, &str)> {
        let a = self.coders.get(self.pair.0)?;
        let b = self.coders.get(self.pair.1)?;
        Some((a, b))
    }

    pub fn selected(&self) -> Option<&Item> {
        self.items.get(self.sel)
    }

    /// Recompute the list from the project, keeping the pair and the
    /// selected position.
    pub fn reload(&mut self, project: &Project) -> Result<()> {
        let data = project.agreement_data()?;
        let mut coders: Vec<String> = data
            .codings
            .iter()
            .map(|c| c.coder.clone())
            .filter(|c| *c != self.consensus)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        coders.sort_by(|a, b| crate::text::natural_cmp(a, b));
        let keep = self.names().map(|(a, b)| (a.to_owned(), b.to_owned()));
        self.coders = coders;
        self.pair = match keep {
            Some((a, b)) => match (
                self.coders.iter().position(|c| *c == a),
                self.coders.iter().position(|c| *c == b),
            ) {
                (Some(i), Some(j)) => (i, j),
                _ => (0, 1),
            },
            None => (0, 1),
        };
        self.items.clear();
        let Some((a, b)) = self.names().map(|(a, b)| (a.to_owned(), b.to_owned())) else {
            self.sel = 0;
            return Ok(());
        };
        let opts = AgreementOptions {
            coders: vec![a.clone(), b.clone()],
            unit: AgreementUnit::Sentence,
            by: "unit".into(),
            ..Default::default()
        };
        let list = disagreements(&data, &opts)?;
        let code_names: HashMap<i64, &str> = data
            .codes
            .iter()
            .map(|c| (c.key, c.name.as_str()))
            .collect();
        let doc_names: HashMap<i64, &str> =
            data.docs.iter().map(|d| (d.key, d.name.as_str())).collect();
        // The consensus coder's codes per exact span.
        let mut settled: HashMap<(&str, usize, usize), Vec<&str>> = HashMap::new();
        for c in data.codings.iter().filter(|c| c.coder == self.consensus) {
            if let (Some(doc), Some(code)) = (doc_names.get(&c.doc), code_names.get(&c.code)) {
                settled.entry((doc, c.start, c.end)).or_default().push(code);
            }
        }
        for d in list.disagreements {
            let splits: Vec<_> = d.codes.iter().filter(|s| s.kind == Kind::Code).collect();
            if splits.is_empty() {
                continue;
            }
            let disputed: Vec<String> = splits.iter().map(|s| s.name.clone()).collect();
            let of = |who: &str| -> Vec<String> {
                splits
                    .iter()
                    .filter(|s| s.coders.iter().any(|c| c == who))
                    .map(|s| s.name.clone())
                    .collect()
            };
            let here = settled.get(&(d.doc.as_str(), d.start, d.end));
            let consensus: Vec<String> = disputed
                .iter()
                .filter(|n| here.is_some_and(|h| h.contains(&n.as_str())))
                .cloned()
                .collect();
            let key = (d.doc.clone(), d.start, d.end);
            self.items.push(Item {
                settled: !consensus.is_empty() || self.neither.contains(&key),
                a: of(&a),
                b: of(&b),
                doc: d.doc,
                case: d.case,
                span: Span::new(d.start, d.end),
                text: d.text.unwrap_or_default(),
                disputed,
                consensus,
            });
        }
        self.sel = self.sel.min(self.items.len().saturating_sub(1));
        Ok(())
    }

    /// Handle a key; `rows` is how many list rows are visible.
    pub fn handle(&mut self, project: &mut Project, action: Action, rows: usize) -> CompareEffect {
        if let Some(sel) = list_move(self.sel, self.items.len(), rows, action) {
            self.sel = sel;
            self.scroll = keep_visible(self.sel, self.scroll, rows.max(1));
            return CompareEffect::None;
        }
        match action {
            Action::NextExcerpt | Action::PrevExcerpt => {
                self.step_unsettled(action == Action::NextExcerpt, rows)
            }
            Action::AcceptA | Action::AcceptB | Action::AcceptBoth | Action::AcceptNeither => {
                self.settle(project, action)
            }
            Action::NextPair => {
                let n = self.coders.len();
                if n < 3 {
                    return CompareEffect::Message("only two coders to compare".into());
                }
                // The next pair in (0,1), (0,2), …, (1,2), … order.
                let (mut i, mut j) = self.pair;
                j += 1;
                if j >= n {
                    i = (i + 1) % (n - 1);
                    j = i + 1;
                }
                self.pair = (i, j);
                self.sel = 0;
                self.scroll = 0;
                match self.reload(project) {
                    Ok(()) => CompareEffect::None,
                    Err(e) => CompareEffect::Message(format!("error: {e}")),
                }
            }
            Action::OpenExcerpt | Action::Enter => match self.selected() {
                Some(it) => CompareEffect::Open(it.doc.clone(), it.span),
                None => CompareEffect::None,
            },
            Action::Cancel | Action::Compare => CompareEffect::Leave,
            _ => CompareEffect::None,
        }
    }

    fn step_unsettled(&mut self, forward: bool, rows: usize) -> CompareEffect {
        let n = self.items.len();
        if n == 0 {
            return CompareEffect::Message("no disagreements".into());
        }
        for k in 1..=n {
            let i = if forward {
                (self.sel + k) % n
            } else {
                (self.sel + n * 2 - k) % n
            };
            if !self.items[i].settled {
                self.sel = i;
                self.scroll = keep_visible(self.sel, self.scroll, rows.max(1));
                return CompareEffect::None;
            }
        }
        CompareEffect::Message("every disagreement is settled".into())
    }

    fn settle(&mut self, project: &mut Project, action: Action) -> CompareEffect {
        let Some(it) = self.selected().cloned() else {
            return CompareEffect::Message("no disagreement to settle".into());
        };
        let Some((a, b)) = self.names().map(|(a, b)| (a.to_owned(), b.to_owned())) else {
            return CompareEffect::None;
        };
        let (chosen, decision): (Vec<String>, String) = match action {
            Action::AcceptA => (it.a.clone(), format!("{a}'s coding")),
            Action::AcceptB => (it.b.clone(), format!("{b}'s coding")),
            Action::AcceptBoth => {
                let both = it
                    .disputed
                    .iter()
                    .filter(|c| it.a.contains(c) || it.b.contains(c))
                    .cloned()
                    .collect();
                (both, format!("both {a}'s and {b}'s coding"))
            }
            _ => (Vec::new(), "neither coding".to_owned()),
        };
        match project.settle(
            &it.doc,
            it.span,
            &it.disputed,
            &chosen,
            &self.consensus,
            &decision,
        ) {
            Ok(_) => {
                let key = (it.doc.clone(), it.span.start, it.span.end);
                if chosen.is_empty() {
                    self.neither.insert(key);
                } else {
                    self.neither.remove(&key);
                }
                let what = if chosen.is_empty() {
                    "no code".to_owned()
                } else {
                    chosen.join(", ")
                };
                CompareEffect::Changed(format!(
                    "settled {} [{}, {}): {decision} → {}: {what}",
                    it.doc, it.span.start, it.span.end, self.consensus
                ))
            }
            Err(e) => CompareEffect::Message(format!("error: {e}")),
        }
    }
}
