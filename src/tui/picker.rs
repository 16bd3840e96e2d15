//! The code picker: a text field that filters code (or theme) names. A name
//! matches when the query is the name, starts it, starts one of its words
//! (every query word starting some word: `kennis` and `dig ken` find
//! "Gebrek aan digitale kennis"), occurs in it, or — last — when the query's
//! letters occur in order (a small subsequence scorer favouring runs and word
//! starts). Names rank by that tier, then by how recently they were used,
//! then alphabetically (fuzzy matches by their score first). Names compare
//! case-folded, so a query that is an existing name in another case offers
//! that name, not a new one; any other query adds a "new" entry at the end,
//! so inductive coding is one Enter away when nothing matches. Pure and
//! ordered, so the list a person sees is stable.

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
    /// Names most recently used first (ties in a tier go to the earliest).
    pub recency: Vec<String>,
    /// Ties keep the order the names were given in (places in an outline,
    /// where alphabetical order would scramble the positions).
    pub ordered: bool,
}

impl Picker {
    pub fn new(names: &[String]) -> Picker {
        let mut p = Picker::default();
        p.refilter(names);
        p
    }

    /// A picker over rows with a meaningful order: ties keep it.
    pub fn ordered(names: &[String]) -> Picker {
        let mut p = Picker {
            ordered: true,
            ..Picker::default()
        };
        p.refilter(names);
        p
    }

    /// A picker whose ties go to the most recently used of `recency`.
    pub fn with_recency(names: &[String], recency: Vec<String>) -> Picker {
        let mut p = Picker {
            recency,
            ..Picker::default()
        };
        p.refilter(names);
        p
    }

    /// Recompute the rows for the current query.
    pub fn refilter(&mut self, names: &[String]) {
        let q = self.query.trim();
        let recent: std::collections::HashMap<&str, usize> = self
            .recency
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let mut ranked: Vec<((u8, i64), usize, &String)> = names
            .iter()
            .filter_map(|n| {
                let r = rank(q, n)?;
                Some((r, recent.get(n.as_str()).copied().unwrap_or(usize::MAX), n))
            })
            .collect();
        if self.ordered {
            // Stable: equal ranks stay in the given order.
            ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
        } else {
            ranked.sort_by(|a, b| {
                b.0.cmp(&a.0)
                    .then(a.1.cmp(&b.1))
                    .then_with(|| crate::text::natural_cmp(a.2, b.2))
            });
        }
        let exact = ranked.first().is_some_and(|(r, ..)| r.0 == EXACT);
        self.items = ranked
            .into_iter()
            .map(|(_, _, n)| Choice::Existing(n.clone()))
            .collect();
        if !q.is_empty() && !exact {
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
            Action::Input(_) | Action::Backspace | Action::ClearLine | Action::DeleteWord
                if crate::tui::line::edit(&mut self.query, &action) =>
            {
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

const EXACT: u8 = 4;

/// The comparison form of a name: whitespace collapsed, then the one name
/// key of the project ([`crate::text::name::key`]: NFC and lower case), so a
/// query the store would take for an existing name is offered as that name.
fn fold(s: &str) -> String {
    crate::text::name::key(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// How well `name` matches `query`: (tier, fuzzy score); higher is better.
/// Tiers: 4 the name, 3 a prefix of it, 2 every query word starts a word of
/// it, 1 inside it, 0 its letters in order. `None`: no match.
pub fn rank(query: &str, name: &str) -> Option<(u8, i64)> {
    let q = fold(query);
    let n = fold(name);
    if q.is_empty() {
        return Some((0, 0));
    }
    if n == q {
        return Some((EXACT, 0));
    }
    if n.starts_with(&q) {
        return Some((3, 0));
    }
    let words: Vec<&str> = n.split(|c: char| !c.is_alphanumeric()).collect();
    if q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| words.iter().any(|nw| nw.starts_with(w)))
    {
        return Some((2, 0));
    }
    if n.contains(&q) {
        return Some((1, 0));
    }
    score(&q, &n).map(|s| (0, s))
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

    /// Issue 10: queries and the first hit the picker offers, over the
    /// example codebook's names (plus two that share words), with the most
    /// recently used names given per row.
    #[test]
    fn ranking_table() {
        let all = names(&[
            "Geen meldingen",
            "Melding door naaste",
            "Geen zicht op de sector",
            "Geen contact met platforms",
            "Nederlandse platforms",
            "Capaciteitstekort",
            "Gebrek aan OSINT-kennis",
            "Gebrek aan digitale kennis",
            "Gebrek aan capaciteit",
            "Handen en kennis tekort",
            "Lage pakkans",
            "Corona als aanjager",
            "Corona verschuift het werk naar online",
            "Altijd iets urgenters",
            "Loverboymethode",
        ]);
        let table: &[(&str, &[&str], &str)] = &[
            // A word inside the name; ties alphabetical, then by recency.
            ("kennis", &[], "Gebrek aan digitale kennis"),
            (
                "kennis",
                &["Handen en kennis tekort"],
                "Handen en kennis tekort",
            ),
            ("dig ken", &[], "Gebrek aan digitale kennis"),
            ("osint", &[], "Gebrek aan OSINT-kennis"),
            ("urgent", &[], "Altijd iets urgenters"),
            ("pakkans", &[], "Lage pakkans"),
            // Exact (in any case) above prefix above word above fuzzy.
            ("LAGE PAKKANS", &[], "Lage pakkans"),
            (
                "gebrek aan capaciteit",
                &["Capaciteitstekort"],
                "Gebrek aan capaciteit",
            ),
            ("melding", &[], "Melding door naaste"),
            (
                "capaciteit",
                &["Gebrek aan capaciteit"],
                "Capaciteitstekort",
            ),
            ("corona", &[], "Corona als aanjager"),
            (
                "corona",
                &["Corona verschuift het werk naar online"],
                "Corona verschuift het werk naar online",
            ),
            ("geen", &[], "Geen contact met platforms"),
            (
                "geen",
                &["Lage pakkans", "Geen meldingen"],
                "Geen meldingen",
            ),
            ("platf", &["Nederlandse platforms"], "Nederlandse platforms"),
            ("lp", &[], "Lage pakkans"),
            ("lvrb", &[], "Loverboymethode"),
        ];
        for (query, recent, first) in table {
            let recency = recent.iter().map(|s| s.to_string()).collect();
            let mut p = Picker::with_recency(&all, recency);
            p.query = query.to_string();
            p.refilter(&all);
            assert_eq!(
                p.items.first(),
                Some(&Choice::Existing(first.to_string())),
                "query {query:?} (recent {recent:?}): {:?}",
                &p.items[..p.items.len().min(4)]
            );
        }
    }

    #[test]
    fn an_existing_name_in_another_case_is_offered_not_created() {
        let all = names(&["Gebrek aan capaciteit"]);
        let mut p = Picker::new(&all);
        p.query = "GEBREK AAN CAPACITEIT".into();
        p.refilter(&all);
        assert_eq!(
            p.items,
            vec![Choice::Existing("Gebrek aan capaciteit".into())]
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
