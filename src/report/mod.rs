//! Renderers: Markdown, CSV, JSON, SVG, Mermaid and DOT. Every function here
//! is a pure function of analysis results (no I/O, no database), so reports
//! are reproducible and easy to test.

pub mod agreement;
pub mod escape;
pub mod full;
pub mod json;
pub mod map;
pub mod svg;
pub mod table;

pub use agreement::{agreement_csv, agreement_markdown, disagreements_markdown};
pub use full::{FullReport, render_full};
pub use json::json;
pub use map::{dot, mermaid};
pub use svg::matrix_svg;
pub use table::{csv, frequencies_markdown, quotes_markdown};

/// Report language: English (the default, like the rest of thema) or Dutch
/// (for write-ups such as the example study; `--lang nl` or `THEMA_LANG=nl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    En,
    Nl,
}

/// Words a report uses, per language (Markdown: what they embed is escaped).
pub struct Labels {
    pub lang: Lang,
}

impl Labels {
    pub fn new(lang: Lang) -> Self {
        Labels { lang }
    }
    fn pick(&self, nl: &'static str, en: &'static str) -> &'static str {
        match self.lang {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
    /// Plural noun for the groups of attribute `by`.
    pub fn groups_noun(&self, by: &str) -> String {
        match (self.lang, by) {
            (Lang::Nl, "unit") => "eenheden".into(),
            (Lang::En, "unit") => "units".into(),
            (Lang::Nl, other) => format!("groepen ({})", escape::md_inline(other)),
            (Lang::En, other) => format!("groups ({})", escape::md_inline(other)),
        }
    }
    pub fn excerpts(&self, n: usize) -> String {
        match (self.lang, n) {
            (Lang::Nl, 1) => "1 fragment".into(),
            (Lang::Nl, n) => format!("{n} fragmenten"),
            (Lang::En, 1) => "1 excerpt".into(),
            (Lang::En, n) => format!("{n} excerpts"),
        }
    }
    /// "genoemd in 5 van de 6 eenheden, 23 fragmenten"
    pub fn prevalence(&self, present: usize, of: usize, by: &str, excerpts: usize) -> String {
        let noun = self.groups_noun(by);
        let ex = self.excerpts(excerpts);
        match self.lang {
            Lang::Nl => format!("genoemd in {present} van de {of} {noun}, {ex}"),
            Lang::En => format!("mentioned in {present} of {of} {noun}, {ex}"),
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
        self.pick("Groepen", "Groups")
    }
    pub fn none_group(&self, by: &str) -> String {
        match self.lang {
            Lang::Nl => format!("zonder {by}"),
            Lang::En => format!("no {by}"),
        }
    }
    pub fn counting_note(&self) -> &'static str {
        self.pick(
            "Een thema telt elk fragment één keer, ook als meerdere van zijn codes het raken, en omvat de fragmenten van zijn subthema's. Een code telt alleen fragmenten waarop hij direct is toegepast.",
            "A theme counts each excerpt once, even when several of its codes touch it, and includes its subthemes' excerpts. A code counts only excerpts it is applied to directly.",
        )
    }
    pub fn orphan_note(&self, n: usize) -> String {
        match self.lang {
            Lang::Nl => format!(
                "{n} verweesde fragment(en) (tekst niet meer terug te vinden na herimport) zijn niet meegeteld."
            ),
            Lang::En => format!(
                "{n} orphaned excerpt(s) (text no longer found after re-import) are not counted."
            ),
        }
    }
    pub fn none_note(&self, by: &str) -> String {
        let by = escape::md_code(by);
        match self.lang {
            Lang::Nl => format!(
                "Documenten zonder kenmerk {by} staan in de groep `(none)`; die telt niet mee in het aantal groepen."
            ),
            Lang::En => format!(
                "Documents without the attribute {by} are in the group `(none)`, which is not counted among the groups."
            ),
        }
    }
}
