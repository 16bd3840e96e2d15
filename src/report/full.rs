//! The phase-6 report: every theme in the analyst's order with definition,
//! prevalence, subthemes, codes and illustrative quotes by group; then the
//! frequency matrix (table + SVG), the thematic map and a method appendix.

use super::escape::{md_code, md_inline, md_link_target, md_paragraph};
use super::table::{frequencies_markdown, quote_groups_markdown};
use super::{Labels, Lang, Noun};
use crate::analysis::{Frequencies, Kind, Measure, QuoteCollection};
use crate::model::Theme;
use crate::store::CodingStats;

/// What the full report is made of (all computed beforehand).
pub struct FullReport<'a> {
    pub title: String,
    pub themes: &'a [Theme],
    /// Frequencies at `Level::Both` (theme rows followed by their codes).
    pub freqs: &'a Frequencies,
    /// Quotes for every theme (`Selection::AllThemes`), trimmed per group.
    pub quotes: &'a QuoteCollection,
    pub stats: &'a CodingStats,
    /// File name of the matrix SVG, relative to the Markdown file.
    pub svg: Option<String>,
    pub lang: Lang,
    /// Quotes cite the document id and paragraph (`--cite doc`).
    pub cite_doc: bool,
    /// Attributes shown with each quote (`--show`).
    pub shown: &'a [String],
    /// What the matrix shows per group (`--measure`).
    pub measure: Measure,
    /// Display name of the grouping attribute (`--by-label`).
    pub group_label: Option<String>,
    /// The codes in tree order, for the codebook appendix.
    pub codes: &'a [crate::model::Code],
    /// Where quotes name their group (`--label`).
    pub label_at: super::LabelAt,
    /// Privacy check over the published quotes: (reviewed, open) findings.
    pub privacy: (usize, usize),
    /// `sha256:…` of the data the report was computed from.
    pub fingerprint: String,
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn day(ts: &Option<String>) -> String {
    ts.as_deref()
        .map(|t| t.chars().take(10).collect())
        .unwrap_or_else(|| "–".into())
}

pub fn render_full(r: &FullReport<'_>) -> String {
    let f = r.freqs;
    let l = Labels::grouped(r.lang, &f.by, r.group_label.as_deref());
    let nl = r.lang == Lang::Nl;
    let by = &f.by;
    let mut out = format!("# {}\n\n", md_inline(&r.title));
    let top = r.themes.iter().filter(|t| t.parent.is_none()).count();
    let subs = r.themes.len() - top;
    let (themes, subthemes, docs, groups) = (
        l.count(top, Noun::Theme),
        l.count(subs, Noun::Subtheme),
        l.count(r.stats.documents, Noun::Document),
        l.group_count(f.real_groups, by),
    );
    out.push_str(&if nl {
        format!(
            "Dit rapport beschrijft {themes} en {subthemes} uit een thematische analyse (Braun & Clarke, 2006) van {docs} uit {groups}. De thema's staan in de volgorde die de analist heeft gekozen.\n\n",
        )
    } else {
        format!(
            "This report describes {themes} and {subthemes} from a thematic analysis (Braun & Clarke, 2006) of {docs} from {groups}. Themes are in the order the analyst set.\n\n",
        )
    });

    // Section numbers: 1, 1.1, 2, …
    let mut numbers: Vec<(String, String)> = Vec::new();
    let mut counters: Vec<usize> = Vec::new();
    let depths = crate::tree::Forest::of_themes(r.themes).depths();
    for (t, &depth) in r.themes.iter().zip(&depths) {
        counters.truncate(depth + 1);
        while counters.len() < depth + 1 {
            counters.push(0);
        }
        counters[depth] += 1;
        let n: Vec<String> = counters.iter().map(|c| c.to_string()).collect();
        numbers.push((t.name.clone(), n.join(".")));
    }
    let number = |name: &str| {
        numbers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };

    out.push_str(if nl {
        "## Thema's\n\n"
    } else {
        "## Themes\n\n"
    });
    for (t, &depth) in r.themes.iter().zip(&depths) {
        let hashes = "#".repeat((3 + depth).min(6));
        out.push_str(&format!(
            "{hashes} {} {}\n\n",
            number(&t.name),
            md_inline(&t.name)
        ));
        if t.definition.trim().is_empty() {
            out.push_str(if nl {
                "_Nog geen definitie._\n\n"
            } else {
                "_Not defined yet._\n\n"
            });
        } else {
            out.push_str(&format!(
                "**{}** {}\n\n",
                if nl { "Definitie." } else { "Definition." },
                md_paragraph(&t.definition)
            ));
        }
        if let Some(row) = f.theme(&t.name) {
            let phase = match (r.lang, t.phase) {
                (Lang::Nl, crate::model::Phase::Candidate) => "kandidaat",
                (Lang::Nl, crate::model::Phase::Reviewed) => "herzien",
                (Lang::Nl, crate::model::Phase::Defined) => "gedefinieerd",
                (Lang::En, p) => p.as_str(),
            };
            out.push_str(&format!(
                "{}. {} {phase}.\n\n",
                capitalize(&l.prevalence(
                    row.groups_present,
                    f.real_groups,
                    by,
                    row.excerpts,
                    row.documents
                )),
                if nl { "Fase:" } else { "Phase:" },
            ));
        }
        let kids: Vec<&Theme> = r
            .themes
            .iter()
            .filter(|k| k.parent.as_deref() == Some(&t.name))
            .collect();
        if !kids.is_empty() {
            out.push_str(if nl {
                "Subthema's:\n\n"
            } else {
                "Subthemes:\n\n"
            });
            for k in kids {
                let prev = f
                    .theme(&k.name)
                    .map(|row| {
                        l.prevalence(
                            row.groups_present,
                            f.real_groups,
                            by,
                            row.excerpts,
                            row.documents,
                        )
                    })
                    .unwrap_or_default();
                out.push_str(&format!(
                    "- {} {}: {prev}\n",
                    number(&k.name),
                    md_inline(&k.name)
                ));
            }
            out.push('\n');
        }
        if !t.codes.is_empty() {
            let codes: Vec<String> = t
                .codes
                .iter()
                .map(|c| {
                    let n = f
                        .rows
                        .iter()
                        .find(|r| {
                            r.kind == Kind::Code
                                && &r.name == c
                                && r.parent.as_deref() == Some(&t.name)
                        })
                        .map(|r| r.excerpts)
                        .unwrap_or(0);
                    format!("{} ({n})", md_inline(c))
                })
                .collect();
            out.push_str(&format!("Codes: {}.\n\n", codes.join(", ")));
        }
        if let Some(sec) = r.quotes.sections.iter().find(|s| s.name == t.name)
            && !sec.groups.is_empty()
        {
            out.push_str(&format!(
                "{} {}\n\n",
                "#".repeat((4 + depth).min(6)),
                if nl { "Citaten" } else { "Quotes" }
            ));
            // Group labels as bold lines rather than deeper headings, so the
            // table of contents stays readable.
            let md = quote_groups_markdown(&sec.groups, by, &l, 6, r.label_at);
            for line in md.lines() {
                if let Some(h) = line.strip_prefix("###### ") {
                    out.push_str(&format!("**{h}**\n"));
                } else {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }

    out.push_str(if nl {
        "## Frequenties\n\n"
    } else {
        "## Frequencies\n\n"
    });
    let (one, many) = (l.group_noun(by), l.groups_noun(by));
    out.push_str(&match (nl, r.measure) {
        (true, Measure::Presence) => format!("Per thema en code: in hoeveel {many} het genoemd wordt, met het aantal fragmenten en documenten.\n\n"),
        (false, Measure::Presence) => format!("Per theme and code: in how many {many} it is present, with the number of excerpts and documents.\n\n"),
        (true, Measure::Excerpts) => format!("Aantal fragmenten per thema en code, per {one}.\n\n"),
        (false, Measure::Excerpts) => format!("Number of excerpts per theme and code, per {one}.\n\n"),
        (true, Measure::Documents) => format!("Aantal documenten per thema en code, per {one}.\n\n"),
        (false, Measure::Documents) => format!("Number of documents per theme and code, per {one}.\n\n"),
    });
    out.push_str(&frequencies_markdown(f, &l, r.measure));
    out.push('\n');
    if let Some(svg) = &r.svg {
        let alt = match (nl, r.measure) {
            (true, Measure::Presence) => format!("Thema × {one}: genoemd of niet"),
            (false, Measure::Presence) => format!("Theme × {one}: present or not"),
            (true, Measure::Excerpts) => format!("Thema × {one}: aantal fragmenten"),
            (false, Measure::Excerpts) => format!("Theme × {one}: number of excerpts"),
            (true, Measure::Documents) => format!("Thema × {one}: aantal documenten"),
            (false, Measure::Documents) => format!("Theme × {one}: number of documents"),
        };
        out.push_str(&format!("![{alt}]({})\n\n", md_link_target(svg)));
    }

    out.push_str(if nl {
        "## Thematische kaart\n\n"
    } else {
        "## Thematic map\n\n"
    });
    out.push_str("```mermaid\n");
    out.push_str(&super::mermaid(r.themes));
    out.push_str("```\n\n");

    out.push_str(if nl {
        "## Methode\n\n"
    } else {
        "## Method\n\n"
    });
    let s = r.stats;
    let groups_label = capitalize(&many);
    let (reviewed, open) = r.privacy;
    let privacy_nl = match open {
        0 => format!("{} beoordeeld", l.count(reviewed, Noun::Finding)),
        n => format!(
            "{} beoordeeld, {} niet beoordeeld",
            l.count(reviewed, Noun::Finding),
            n
        ),
    };
    let privacy_en = match open {
        0 => format!("{} reviewed", l.count(reviewed, Noun::Finding)),
        n => format!(
            "{} reviewed, {n} not reviewed",
            l.count(reviewed, Noun::Finding)
        ),
    };
    let rows: Vec<(&str, String)> = if nl {
        vec![
            ("Documenten", s.documents.to_string()),
            (groups_label.as_str(), f.real_groups.to_string()),
            ("Codeurs", s.coders.len().to_string()),
            ("Codes", s.codes.to_string()),
            ("Thema's (incl. subthema's)", s.themes.to_string()),
            ("Gecodeerde fragmenten", s.excerpts.to_string()),
            (
                "Verweesde fragmenten (niet meegeteld)",
                s.orphans.to_string(),
            ),
            ("Privacycontrole (citaten)", privacy_nl),
            ("Eerste codering", day(&s.first_coding)),
            ("Laatste codering", day(&s.last_coding)),
        ]
    } else {
        vec![
            ("Documents", s.documents.to_string()),
            (groups_label.as_str(), f.real_groups.to_string()),
            ("Coders", s.coders.len().to_string()),
            ("Codes", s.codes.to_string()),
            ("Themes (incl. subthemes)", s.themes.to_string()),
            ("Coded excerpts", s.excerpts.to_string()),
            ("Orphaned excerpts (not counted)", s.orphans.to_string()),
            ("Privacy check (quotes)", privacy_en),
            ("First coding", day(&s.first_coding)),
            ("Last coding", day(&s.last_coding)),
        ]
    };
    for (k, v) in rows {
        out.push_str(&format!("- {k}: {v}\n"));
    }
    out.push('\n');
    out.push_str(&method_note(r, nl));
    out.push(' ');
    out.push_str(l.counting_note());
    out.push_str("\n\n");
    out.push_str(&super::codebook::appendix(r.codes, nl));
    out.push_str(if nl {
        "## Vingerafdruk\n\n"
    } else {
        "## Fingerprint\n\n"
    });
    let (docs, codes, excerpts) = (
        l.count(r.stats.documents, Noun::Document),
        l.count(r.stats.codes, Noun::Code),
        l.count(r.stats.excerpts, Noun::Excerpt),
    );
    let version = env!("CARGO_PKG_VERSION");
    out.push_str(&if nl {
        format!(
            "`{}`\n\nBerekend over de teksten van {docs}, het codeboek ({codes}, {}) en de coderingen ({excerpts}), met thema {version}. Hetzelfde project geeft altijd dezelfde vingerafdruk en hetzelfde rapport.\n\n_Gemaakt met `thema report full`._\n",
            r.fingerprint,
            l.count(r.stats.themes, Noun::Theme),
        )
    } else {
        format!(
            "`{}`\n\nComputed over the texts of {docs}, the codebook ({codes}, {}) and the codings ({excerpts}), with thema {version}. The same project always gives the same fingerprint and the same report.\n\n_Made with `thema report full`._\n",
            r.fingerprint,
            l.count(r.stats.themes, Noun::Theme),
        )
    });
    out
}

/// The method paragraph: the six phases, and exactly what each quote is
/// attributed with. "Nothing else is shown" only when that is true.
fn method_note(r: &FullReport<'_>, nl: bool) -> String {
    let shown: Vec<String> = r.shown.iter().map(|k| md_code(k)).collect();
    let mut parts: Vec<String> = Vec::new();
    if r.cite_doc {
        parts.push(
            if nl {
                "met document-id en alineanummer"
            } else {
                "with the document id and paragraph number"
            }
            .to_owned(),
        );
    }
    if !shown.is_empty() {
        parts.push(if nl {
            format!("met de kenmerken {}", shown.join(", "))
        } else {
            format!("with the attributes {}", shown.join(", "))
        });
    }
    let phases = if nl {
        "De analyse volgt de zes fasen van Braun & Clarke (2006): vertrouwd raken met de data, coderen, thema's zoeken, thema's herzien, thema's definiëren en benoemen, en rapporteren."
    } else {
        "The analysis follows Braun & Clarke's (2006) six phases: familiarisation, coding, searching for themes, reviewing themes, defining and naming themes, and reporting."
    };
    let attribution = match (nl, parts.is_empty()) {
        (true, true) => "Citaten worden alleen toegeschreven aan de eenheid (of groep); andere gegevens uit de verslagen worden niet getoond.".to_owned(),
        (false, true) => "Quotes are attributed only to their unit (or group); nothing else from the write-ups is shown.".to_owned(),
        (true, false) => format!("Citaten worden toegeschreven aan de eenheid (of groep), {}.", parts.join(" en ")),
        (false, false) => format!("Quotes are attributed to their unit (or group), {}.", parts.join(", and ")),
    };
    format!("{phases} {attribution}")
}
