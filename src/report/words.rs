//! Every fixed word a report prints, in English and Dutch, with plurals
//! ("1 thema", "12 thema's"), and the display name of the grouping attribute
//! (`--by unit --by-label eenheid`), so neither language shows a raw
//! attribute key or an English skeleton around Dutch content. Words that
//! embed project text escape it for Markdown.

use super::escape;

/// Report language: English (the default, like the rest of thema) or Dutch
/// (for write-ups such as the example study; `--lang nl` or `THEMA_LANG=nl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    En,
    Nl,
}

/// Countable nouns of the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    Theme,
    Subtheme,
    Excerpt,
    Document,
    Code,
    Coder,
    Finding,
    Memo,
}

impl Noun {
    /// (singular, plural) in `lang`.
    fn forms(self, lang: Lang) -> (&'static str, &'static str) {
        use Noun::*;
        match (lang, self) {
            (Lang::Nl, Theme) => ("thema", "thema's"),
            (Lang::Nl, Subtheme) => ("subthema", "subthema's"),
            (Lang::Nl, Excerpt) => ("fragment", "fragmenten"),
            (Lang::Nl, Document) => ("document", "documenten"),
            (Lang::Nl, Code) => ("code", "codes"),
            (Lang::Nl, Coder) => ("codeur", "codeurs"),
            (Lang::Nl, Finding) => ("bevinding", "bevindingen"),
            (Lang::Nl, Memo) => ("memo", "memo's"),
            (Lang::En, Theme) => ("theme", "themes"),
            (Lang::En, Subtheme) => ("subtheme", "subthemes"),
            (Lang::En, Excerpt) => ("excerpt", "excerpts"),
            (Lang::En, Document) => ("document", "documents"),
            (Lang::En, Code) => ("code", "codes"),
            (Lang::En, Coder) => ("coder", "coders"),
            (Lang::En, Finding) => ("finding", "findings"),
            (Lang::En, Memo) => ("memo", "memos"),
        }
    }
}

/// Words a report uses, per language (Markdown: what they embed is escaped).
pub struct Labels {
    pub lang: Lang,
    /// Display name of the grouping attribute: (singular, plural).
    group: Option<(String, String)>,
}

/// The plural of a display label the user gave without one: Dutch "-heid"
/// becomes "-heden", other Dutch words get "-en"; English gets "-s".
/// `"eenheid/eenheden"` gives both forms explicitly.
fn plural_of(word: &str, lang: Lang) -> String {
    match lang {
        Lang::Nl if word.ends_with("heid") => format!("{}heden", &word[..word.len() - 4]),
        Lang::Nl if word.ends_with(['a', 'i', 'o', 'u', 'y']) => format!("{word}'s"),
        Lang::Nl if word.ends_with('e') => format!("{word}s"),
        Lang::Nl => format!("{word}en"),
        Lang::En if word.ends_with(['s', 'x']) || word.ends_with("ch") || word.ends_with("sh") => {
            format!("{word}es")
        }
        Lang::En => format!("{word}s"),
    }
}

impl Labels {
    pub fn new(lang: Lang) -> Self {
        Labels { lang, group: None }
    }

    /// Name the groups of `by` in prose: `label` ("eenheid" or
    /// "eenheid/eenheden") when given, else the built-in name for `unit`.
    pub fn grouped(lang: Lang, by: &str, label: Option<&str>) -> Self {
        let group = match label.map(str::trim).filter(|l| !l.is_empty()) {
            Some(l) => Some(match l.split_once('/') {
                Some((s, p)) => (s.trim().to_owned(), p.trim().to_owned()),
                None => (l.to_owned(), plural_of(l, lang)),
            }),
            None if by == "unit" => Some(match lang {
                Lang::Nl => ("eenheid".into(), "eenheden".into()),
                Lang::En => ("unit".into(), "units".into()),
            }),
            None => None,
        };
        Labels { lang, group }
    }

    pub fn pick(&self, nl: &'static str, en: &'static str) -> &'static str {
        match self.lang {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }

    /// "1 thema", "12 thema's", "0 themes".
    pub fn count(&self, n: usize, noun: Noun) -> String {
        let (one, many) = noun.forms(self.lang);
        format!("{n} {}", if n == 1 { one } else { many })
    }

    /// The noun alone, singular or plural.
    pub fn noun(&self, noun: Noun, plural: bool) -> &'static str {
        let (one, many) = noun.forms(self.lang);
        if plural { many } else { one }
    }

    /// Singular name of a group of `by` ("eenheid"), escaped.
    pub fn group_noun(&self, by: &str) -> String {
        match &self.group {
            Some((s, _)) => escape::md_inline(s),
            None => escape::md_inline(by),
        }
    }

    /// The singular name of a group where no attribute key may show (the
    /// method section): the display label, else "groep"/"group"; escaped.
    pub fn group_word(&self) -> String {
        match &self.group {
            Some((s, _)) => escape::md_inline(s),
            None => self.pick("groep", "group").to_owned(),
        }
    }

    /// Plural noun for the groups of attribute `by`, escaped.
    pub fn groups_noun(&self, by: &str) -> String {
        match (&self.group, self.lang) {
            (Some((_, p)), _) => escape::md_inline(p),
            (None, Lang::Nl) => format!("groepen ({})", escape::md_inline(by)),
            (None, Lang::En) => format!("groups ({})", escape::md_inline(by)),
        }
    }

    /// "1 eenheid", "6 eenheden".
    pub fn group_count(&self, n: usize, by: &str) -> String {
        if n == 1 && self.group.is_some() {
            format!("1 {}", self.group_noun(by))
        } else if n == 1 {
            match self.lang {
                Lang::Nl => format!("1 groep ({})", escape::md_inline(by)),
                Lang::En => format!("1 group ({})", escape::md_inline(by)),
            }
        } else {
            format!("{n} {}", self.groups_noun(by))
        }
    }

    pub fn excerpts(&self, n: usize) -> String {
        self.count(n, Noun::Excerpt)
    }

    /// "genoemd in 5 van de 6 eenheden (23 fragmenten, 7 documenten)": the
    /// same three numbers as the frequency matrix.
    pub fn prevalence(
        &self,
        present: usize,
        of: usize,
        by: &str,
        excerpts: usize,
        documents: usize,
    ) -> String {
        let noun = if of == 1 {
            self.group_count(1, by)[2..].to_owned()
        } else {
            self.groups_noun(by)
        };
        let ex = self.count(excerpts, Noun::Excerpt);
        let docs = self.count(documents, Noun::Document);
        match self.lang {
            Lang::Nl => format!("genoemd in {present} van de {of} {noun} ({ex}, {docs})"),
            Lang::En => format!("mentioned in {present} of {of} {noun} ({ex}, {docs})"),
        }
    }
    pub fn name(&self) -> &'static str {
        self.pick("Naam", "Name")
    }
    pub fn kind(&self) -> &'static str {
        self.pick("Soort", "Kind")
    }
    pub fn theme(&self) -> &'static str {
        self.pick("thema", "theme")
    }
    pub fn code(&self) -> &'static str {
        self.pick("code", "code")
    }
    pub fn excerpts_col(&self) -> &'static str {
        self.pick("Fragmenten", "Excerpts")
    }
    pub fn documents_col(&self) -> &'static str {
        self.pick("Documenten", "Documents")
    }
    pub fn present_col(&self) -> &'static str {
        self.pick("Genoemd", "Present")
    }
    /// The label of the documents without the grouping attribute, as plain
    /// text (every caller escapes it for its format).
    pub fn none_group(&self, by: &str) -> String {
        let noun = self.group.as_ref().map(|(s, _)| s.as_str()).unwrap_or(by);
        match self.lang {
            Lang::Nl => format!("zonder {noun}"),
            Lang::En => format!("no {noun}"),
        }
    }
    pub fn counting_note(&self) -> &'static str {
        self.pick(
            "Een thema telt elk fragment één keer, ook als meerdere van zijn codes het raken, en omvat de fragmenten van zijn subthema's. Een code telt alleen fragmenten waarop hij direct is toegepast.",
            "A theme counts each excerpt once, even when several of its codes touch it, and includes its subthemes' excerpts. A code counts only excerpts it is applied to directly.",
        )
    }
    pub fn orphan_note(&self, n: usize) -> String {
        match (self.lang, n) {
            (Lang::Nl, 1) => "1 verweesd fragment (tekst niet meer terug te vinden na herimport) is niet meegeteld.".into(),
            (Lang::Nl, n) => format!(
                "{n} verweesde fragmenten (tekst niet meer terug te vinden na herimport) zijn niet meegeteld."
            ),
            (Lang::En, 1) => "1 orphaned excerpt (text no longer found after re-import) is not counted.".into(),
            (Lang::En, n) => format!(
                "{n} orphaned excerpts (text no longer found after re-import) are not counted."
            ),
        }
    }
    pub fn none_note(&self, by: &str) -> String {
        let none = escape::md_code(&self.none_group(by));
        match self.lang {
            Lang::Nl => format!(
                "Documenten zonder {} staan in de groep {none}; die telt niet mee in het aantal {}.",
                self.group_noun(by),
                self.groups_noun(by)
            ),
            Lang::En => format!(
                "Documents without a {} are in the group {none}, which is not counted among the {}.",
                self.group_noun(by),
                self.groups_noun(by)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_in_both_languages() {
        let nl = Labels::new(Lang::Nl);
        let en = Labels::new(Lang::En);
        assert_eq!(nl.count(1, Noun::Theme), "1 thema");
        assert_eq!(nl.count(12, Noun::Theme), "12 thema's");
        assert_eq!(nl.count(0, Noun::Excerpt), "0 fragmenten");
        assert_eq!(en.count(1, Noun::Theme), "1 theme");
        assert_eq!(en.count(12, Noun::Theme), "12 themes");
        assert_eq!(en.count(1, Noun::Finding), "1 finding");
    }

    #[test]
    fn group_labels_never_show_the_key_when_named() {
        let nl = Labels::grouped(Lang::Nl, "regio", Some("eenheid"));
        assert_eq!(nl.groups_noun("regio"), "eenheden");
        assert_eq!(nl.group_count(1, "regio"), "1 eenheid");
        let nl = Labels::grouped(Lang::Nl, "regio", Some("korps/korpsen"));
        assert_eq!(nl.groups_noun("regio"), "korpsen");
        assert_eq!(
            Labels::grouped(Lang::Nl, "x", Some("korps")).groups_noun("x"),
            "korpsen"
        );
        assert_eq!(
            Labels::grouped(Lang::En, "x", Some("team")).groups_noun("x"),
            "teams"
        );
        assert_eq!(
            Labels::grouped(Lang::Nl, "unit", None).prevalence(5, 6, "unit", 1, 1),
            "genoemd in 5 van de 6 eenheden (1 fragment, 1 document)"
        );
        assert_eq!(
            Labels::grouped(Lang::Nl, "unit", None).group_word(),
            "eenheid"
        );
        assert_eq!(
            Labels::grouped(Lang::En, "regio", None).group_word(),
            "group"
        );
        assert_eq!(
            Labels::grouped(Lang::Nl, "regio", Some("korps/korpsen")).group_word(),
            "korps"
        );
        assert_eq!(
            Labels::grouped(Lang::En, "unit", None).prevalence(1, 1, "unit", 2, 2),
            "mentioned in 1 of 1 unit (2 excerpts, 2 documents)"
        );
    }
}
