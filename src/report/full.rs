//! The phase-6 report: every theme in the analyst's order with definition,
//! prevalence, subthemes, codes and illustrative quotes by group; then the
//! frequency matrix (table + SVG), the saturation curve (table + SVG), the
//! thematic map, the method section (coders, coding dates, documents per
//! group, privacy check, agreement when a consensus coder settled the
//! disagreements) and the appendices: codebook, theme memos, fingerprint.

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
    /// Saturation, theme memos, documents per group, agreement.
    pub appendices: &'a crate::analysis::Appendices,
    /// File name of the saturation SVG, relative to the Markdown file.
    pub saturation_svg: Option<String>,
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

    if let Some(sat) = &r.appendices.saturation {
        out.push_str(&saturation_section(
            sat,
            &l,
            r.cite_doc,
            r.saturation_svg.as_deref(),
        ));
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
            ("Codeurs", coders(s, r.appendices, &l)),
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
            ("Coders", coders(s, r.appendices, &l)),
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
    if !r.appendices.docs_per_group.is_empty() {
        let per: Vec<String> = r
            .appendices
            .docs_per_group
            .iter()
            .map(|(g, n)| {
                let g = if g == crate::analysis::NONE_GROUP {
                    l.none_group(by)
                } else {
                    g.clone()
                };
                format!("{} ({n})", md_inline(&g))
            })
            .collect();
        out.push_str(&format!(
            "- {} {}: {}\n",
            if nl {
                "Documenten per"
            } else {
                "Documents per"
            },
            l.group_noun(by),
            per.join(", ")
        ));
    }
    out.push('\n');
    out.push_str(&method_note(r, nl));
    out.push(' ');
    out.push_str(l.counting_note());
    out.push_str("\n\n");
    if let Some(a) = &r.appendices.agreement {
        out.push_str(&agreement_section(a, &l));
    }
    out.push_str(&super::codebook::appendix(r.codes, nl));
    out.push_str(&memo_appendix(r, &l, &number));
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
    // The group by its display name ("hun eenheid", "their region"), never
    // the raw attribute key; "hun"/"their" fits any noun's gender.
    let g = Labels::grouped(r.lang, &r.freqs.by, r.group_label.as_deref()).group_word();
    let attribution = match (nl, parts.is_empty()) {
        (true, true) => format!(
            "Citaten worden alleen toegeschreven aan hun {g}; andere gegevens uit de verslagen worden niet getoond."
        ),
        (false, true) => format!(
            "Quotes are attributed only to their {g}; nothing else from the write-ups is shown."
        ),
        (true, false) => format!(
            "Citaten worden toegeschreven aan hun {g}, {}.",
            parts.join(" en ")
        ),
        (false, false) => format!(
            "Quotes are attributed to their {g}, {}.",
            parts.join(", and ")
        ),
    };
    format!("{phases} {attribution}")
}

/// "3 (anna, bram, consensus (consensus coding))": the coders by name.
fn coders(s: &crate::store::CodingStats, a: &crate::analysis::Appendices, l: &Labels) -> String {
    let consensus = a.agreement.as_ref().map(|g| g.consensus.as_str());
    let names: Vec<String> = s
        .coders
        .iter()
        .map(|c| match consensus {
            Some(k) if k == c => format!(
                "{} ({})",
                md_inline(c),
                l.pick("consensuscodering", "consensus coding")
            ),
            _ => md_inline(c),
        })
        .collect();
    if names.is_empty() {
        "0".into()
    } else {
        format!("{} ({})", s.coders.len(), names.join(", "))
    }
}

/// The saturation section: what the curve shows, the result in a sentence,
/// the table (thinned to the documents that added codes when there are
/// many) and the figure. Documents are named by their id only with
/// `--cite doc` (as quotes are), else by their place in the coding order.
fn saturation_section(
    sat: &crate::analysis::Saturation,
    l: &Labels,
    ids: bool,
    svg: Option<&str>,
) -> String {
    use super::saturation::{summary, table_markdown};
    let mut out = String::from(l.pick("## Verzadiging\n\n", "## Saturation\n\n"));
    out.push_str(l.pick(
        "Per document, in de volgorde waarin de documenten zijn gecodeerd (eerste codering per document), het aantal codes dat daar voor het eerst voorkomt en het totaal tot en met dat document. Een curve die vlak wordt, laat zien dat meer interviews weinig nieuwe codes zouden opleveren.",
        "Per document, in the order the documents were coded (first coding per document), the number of codes that appear there for the first time and the total up to and including it. A curve that flattens shows that more interviews would add few new codes.",
    ));
    out.push(' ');
    out.push_str(&summary(sat, l));
    out.push_str("\n\n");
    if !sat.rows.is_empty() {
        out.push_str(&table_markdown(sat, l, ids, false, Some(40)));
        out.push('\n');
    }
    if let Some(svg) = svg {
        out.push_str(&format!(
            "![{}]({})\n\n",
            l.pick(
                "Verzadiging: nieuwe en cumulatieve codes per document",
                "Saturation: new and cumulative codes per document"
            ),
            md_link_target(svg)
        ));
    }
    out
}

fn alpha(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.2}"))
}

/// Agreement between the coders who coded independently (before their
/// disagreements were settled into the consensus coder), per theme.
fn agreement_section(a: &crate::analysis::SettledAgreement, l: &Labels) -> String {
    let nl = l.lang == Lang::Nl;
    let mut out = String::from(l.pick(
        "### Overeenstemming tussen codeurs\n\n",
        "### Inter-coder agreement\n\n",
    ));
    let names: Vec<String> = a.coders.iter().map(|c| md_inline(c)).collect();
    let coders = l.count(a.coders.len(), Noun::Coder);
    let settled = l.count(a.settled, Noun::Excerpt);
    let consensus = md_code(&a.consensus);
    let Some(rep) = &a.report else {
        out.push_str(&if nl {
            format!("{coders} ({}) codeerden onafhankelijk, maar geen document is door allen gecodeerd, dus er is geen overeenstemming te berekenen. De consensuscodering ({consensus}) telt {settled}.\n\n", names.join(", "))
        } else {
            format!("{coders} ({}) coded independently, but no document was coded by all of them, so there is no agreement to compute. The consensus coding ({consensus}) holds {settled}.\n\n", names.join(", "))
        });
        return out;
    };
    let docs = l.count(rep.documents.len(), Noun::Document);
    out.push_str(&if nl {
        format!("{coders} ({}) codeerden {docs} onafhankelijk; hun verschillen zijn besproken en vastgelegd in de consensuscodering ({consensus}, {settled}). Overeenstemming vóór die bespreking, per thema, met zinnen als eenheid: het aandeel zinnen waarover alle codeurs het eens zijn en Krippendorffs α (nominaal; 1 = volledige overeenstemming, 0 = toeval; n/a = geen variatie). Krippendorff raadt α ≥ 0,80 aan en α ≥ 0,667 voor voorlopige conclusies.\n\n", names.join(", "))
    } else {
        format!("{coders} ({}) coded {docs} independently; their disagreements were discussed and settled in the consensus coding ({consensus}, {settled}). Agreement before that discussion, per theme, with sentences as units: the share of sentences on which all coders agree and Krippendorff's α (nominal; 1 = perfect agreement, 0 = chance; n/a = no variation). Krippendorff advises α ≥ .800, and α ≥ .667 for tentative conclusions.\n\n", names.join(", "))
    });
    let head = if nl {
        "| Thema | Zinnen | Eens | α |\n| --- | ---: | ---: | ---: |\n"
    } else {
        "| Theme | Sentences | Agree | α |\n| --- | ---: | ---: | ---: |\n"
    };
    out.push_str(head);
    for row in rep.rows.iter().filter(|r| r.kind == Kind::Theme) {
        let agree = row
            .agreement
            .map_or_else(|| "n/a".to_owned(), |v| format!("{:.0}%", v * 100.0));
        let (agree, alpha) = if nl {
            (agree, alpha(row.alpha).replace('.', ","))
        } else {
            (agree, alpha(row.alpha))
        };
        out.push_str(&format!(
            "| {} | {} | {agree} | {alpha} |\n",
            super::escape::md_cell(&row.name),
            row.units
        ));
    }
    out.push('\n');
    out
}

/// The theme memos, in report order, each under its theme's number and
/// name, signed with its author and date (from the data).
fn memo_appendix(r: &FullReport<'_>, l: &Labels, number: &dyn Fn(&str) -> String) -> String {
    let memos = &r.appendices.theme_memos;
    if memos.is_empty() {
        return String::new();
    }
    let mut out = String::from(l.pick("## Memo's bij de thema's\n\n", "## Theme memos\n\n"));
    for (theme, m) in memos {
        out.push_str(&format!(
            "### {} {}\n\n{}\n\n_{}, {}_\n\n",
            number(theme),
            md_inline(theme),
            md_paragraph(&m.text),
            md_inline(&m.coder),
            day(&Some(m.updated_at.clone()))
        ));
    }
    out
}
