//! The code picker: a text field with fuzzy filtering over code names. A
//! query that is not exactly an existing name adds a "new code" entry at the
//! end, so inductive coding is one Enter away when nothing matches (and a ↓
//! away when something does). The scorer is a small subsequence matcher that
//! favours consecutive letters and word starts; it is pure and ordered, so the
//! list a person sees is stable.

/// One row of the picker list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Existing(String),
    New(String),
}

/// What a key in the picker came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerEvent {
    /// Still choosing.
    Pending,
    Cancel,
    Chosen(Choice),
}

/// Picker state: the query, the filtered rows, the highlighted row.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    pub query: String,
    pub items: Vec<Choice>,
    pub highlight: usize,
}

impl Picker {
    pub fn new(names: &[String]) -> Picker {
        let mut p = Picker::default();
        p.refilter(names);
        p
    }

    /// Recompute the rows for the current query.
    pub fn refilter(&mut self, names: &[String]) {
        let q = self.query.trim();
        let mut scored: Vec<(i64, &String)> = names
            .iter()
            .filter_map(|n| score(q, n).map(|s| (s, n)))
            .collect();
        scored.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| crate::text::natural_cmp(a.1, b.1))
        });
        self.items = scored
            .into_iter()
            .map(|(_, n)| Choice::Existing(n.clone()))
            .collect();
        if !q.is_empty() && !names.iter().any(|n| n == q) {
            self.items.push(Choice::New(q.to_owned()));
        }
        self.highlight = 0;
    }

    pub fn selected(&self) -> Option<&Choice> {
        self.items.get(self.highlight)
    }

    /// A key: typing filters `names`, arrows highlight, Enter chooses.
    pub fn handle(
        &mut self,
        action: crate::tui::Action,
        names: impl FnOnce() -> Vec<String>,
    ) -> PickerEvent {
        use crate::tui::Action;
        match action {
            Action::Cancel => return PickerEvent::Cancel,
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::Input(c) => {
                self.query.push(c);
                self.refilter(&names());
            }
            Action::Backspace => {
                self.query.pop();
                self.refilter(&names());
            }
            Action::Enter => {
                if let Some(c) = self.selected() {
                    return PickerEvent::Chosen(c.clone());
                }
            }
            _ => {}
        }
        PickerEvent::Pending
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.items.is_empty() {
            return;
        }
        let n = self.items.len() as isize;
        self.highlight = ((self.highlight as isize + delta).rem_euclid(n)) as usize;
    }
}

/// Fuzzy score of `name` for `query` (higher is better), `None` if the query's
/// characters do not all occur in order. An empty query matches everything.
pub fn score(query: &str, name: &str) -> Option<i64> {
    if query.is_empty() {
        return Some(0);
    }
    let q: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    let n: Vec<char> = name.chars().flat_map(char::to_lowercase).collect();
    let mut qi = 0;
    let mut total = 0i64;
    let mut prev: Option<usize> = None;
    for (i, &c) in n.iter().enumerate() {
        if qi < q.len() && c == q[qi] {
            let mut s = 1;
            if prev.is_some_and(|p| p + 1 == i) {
                s += 5;
            }
            if i == 0 || !n[i - 1].is_alphanumeric() {
                s += 8;
            }
            if let Some(p) = prev {
                s -= ((i - p - 1) as i64).min(3);
            }
            total += s;
            prev = Some(i);
            qi += 1;
        }
    }
    // Letters scattered over unrelated words are noise, not a match.
    if qi < q.len() || total < 3 * q.len() as i64 {
        return None;
    }
    let lower_name: String = n.iter().collect();
    let lower_query: String = q.iter().collect();
    if lower_name == lower_query {
        total += 100;
    } else if lower_name.starts_with(&lower_query) {
        total += 30;
    } else if lower_name.contains(&lower_query) {
        total += 15;
    }
    Some(total - n.len() as i64 / 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn fuzzy_order_prefers_word_starts_and_runs() {
        let all = names(&["Lage pakkans", "Loverboy", "Geldstromen", "Pakketbezorging"]);
        let mut p = Picker::new(&all);
        p.query = "lp".into();
        p.refilter(&all);
        assert_eq!(p.items[0], Choice::Existing("Lage pakkans".into()));
        assert_eq!(p.items.last(), Some(&Choice::New("lp".into())));
        p.query = "geld".into();
        p.refilter(&all);
        assert_eq!(p.items[0], Choice::Existing("Geldstromen".into()));
        let all = names(&[
            "Geen meldingen",
            "Lage opbrengst webcam",
            "Achtergrond respondent",
        ]);
        p.query = "geen".into();
        p.refilter(&all);
        assert_eq!(
            p.items,
            vec![
                Choice::Existing("Geen meldingen".into()),
                Choice::New("geen".into())
            ]
        );
    }

    #[test]
    fn unmatched_query_offers_only_a_new_code() {
        let all = names(&["Loverboy"]);
        let mut p = Picker::new(&all);
        p.query = "Zelfredzaamheid".into();
        p.refilter(&all);
        assert_eq!(p.items, vec![Choice::New("Zelfredzaamheid".into())]);
        p.query = "loverboy".into();
        p.refilter(&all);
        assert_eq!(p.items[0], Choice::Existing("Loverboy".into()));
    }
}
