//! Frequency tables (Markdown, CSV) and quote collections (Markdown). Every
//! name, label and text goes through [`super::escape`].

use super::escape::{csv_field, md_block, md_cell, md_inline, md_paragraph};
use super::{Labels, Lang};
use crate::analysis::{Frequencies, Kind, Measure, NONE_GROUP, Quote, QuoteCollection};
use unicode_width::UnicodeWidthStr;

/// RFC 4180 CSV (CRLF line ends, fields quoted when needed): one row per
/// theme/code, one column per group holding `measure` (presence: 1 or 0).
pub fn csv(f: &Frequencies, measure: Measure) -> String {
    let mut out = String::new();
    let mut header: Vec<String> = [
        "name",
        "kind",
        "parent",
        "excerpts",
        "documents",
        "groups_present",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(f.groups.iter().cloned());
    push_csv_line(&mut out, &header);
    for r in &f.rows {
        let mut cells = vec![
            r.name.clone(),
            match r.kind {
                Kind::Theme => "theme".into(),
                Kind::Code => "code".into(),
            },
            r.parent.clone().unwrap_or_default(),
            r.excerpts.to_string(),
            r.documents.to_string(),
            r.groups_present.to_string(),
        ];
        cells.extend((0..f.groups.len()).map(|g| r.cell(g, measure).to_string()));
        push_csv_line(&mut out, &cells);
    }
    out
}

fn push_csv_line(out: &mut String, cells: &[String]) {
    let fields: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// The common leading words of all real group labels ("Politie-eenheid "),
/// if stripping them still leaves every label non-empty and distinct.
pub(crate) fn common_prefix(groups: &[String]) -> Option<String> {
    let real: Vec<&String> = groups.iter().filter(|g| *g != NONE_GROUP).collect();
    if real.len() < 2 {
        return None;
    }
    let first = real[0];
    let mut cut = None;
    for (i, ch) in first.char_indices() {
        if ch == ' ' && real.iter().all(|g| g.get(..=i) == first.get(..=i)) {
            cut = Some(i + 1);
        }
    }
    let cut = cut?;
    let rest: Vec<&str> = real.iter().map(|g| &g[cut..]).collect();
    if rest.iter().any(|r| r.trim().is_empty()) {
        return None;
    }
    Some(first[..cut].to_owned())
}

/// A GitHub-flavoured Markdown table whose columns are padded so it also reads
/// well as plain text, followed by notes on how things were counted. The
/// `measure` chooses the first number column and what each group cell shows
/// (presence: ✓ or –); the other two measures follow as secondary columns.
pub fn frequencies_markdown(f: &Frequencies, labels: &Labels, measure: Measure) -> String {
    let mixed =
        f.rows.iter().any(|r| r.kind == Kind::Code) && f.rows.iter().any(|r| r.kind == Kind::Theme);
    let prefix = common_prefix(&f.groups);
    let mut header = vec![labels.name().to_owned()];
    if mixed {
        header.push(labels.kind().to_owned());
    }
    let order = match measure {
        Measure::Presence => [Measure::Presence, Measure::Excerpts, Measure::Documents],
        Measure::Excerpts => [Measure::Excerpts, Measure::Documents, Measure::Presence],
        Measure::Documents => [Measure::Documents, Measure::Excerpts, Measure::Presence],
    };
    for m in order {
        header.push(
            match m {
                Measure::Presence => labels.present_col(),
                Measure::Excerpts => labels.excerpts_col(),
                Measure::Documents => labels.documents_col(),
            }
            .to_owned(),
        );
    }
    for g in &f.groups {
        let short = match &prefix {
            Some(p) if g != NONE_GROUP => g[p.len()..].to_owned(),
            _ if g == NONE_GROUP => labels.none_group(&f.by),
            _ => g.clone(),
        };
        header.push(short);
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    for r in &f.rows {
        // Indentation stops at MAX_INDENT levels and says the level instead:
        // a 10,000-deep code tree indented in full made a 400 MB table.
        const MAX_INDENT: usize = 8;
        let indent = match r.depth {
            0 => String::new(),
            d if d <= MAX_INDENT + 1 => format!("{}↳ ", "\u{2003}".repeat(d - 1)),
            d => format!("{}↳ (level {d}) ", "\u{2003}".repeat(MAX_INDENT)),
        };
        let mut row = vec![format!("{indent}{}", md_cell(&r.name))];
        if mixed {
            row.push(
                match r.kind {
                    Kind::Theme => labels.theme(),
                    Kind::Code => labels.code(),
                }
                .to_owned(),
            );
        }
        for m in order {
            row.push(match m {
                Measure::Presence => format!("{}/{}", r.groups_present, f.real_groups),
                Measure::Excerpts => r.excerpts.to_string(),
                Measure::Documents => r.documents.to_string(),
            });
        }
        for g in 0..f.groups.len() {
            let v = r.cell(g, measure);
            row.push(match measure {
                Measure::Presence if v > 0 => "✓".to_owned(),
                Measure::Presence => "–".to_owned(),
                _ => v.to_string(),
            });
        }
        rows.push(row);
    }
    let header: Vec<String> = header.iter().map(|h| md_cell(h)).collect();
    let ncols = header.len();
    let text_cols = if mixed { 2 } else { 1 };
    let mut widths: Vec<usize> = header.iter().map(|h| h.width().max(3)).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.width());
        }
    }
    let pad = |s: &str, w: usize, right: bool| {
        let fill = " ".repeat(w.saturating_sub(s.width()));
        if right {
            format!("{fill}{s}")
        } else {
            format!("{s}{fill}")
        }
    };
    let mut out = String::new();
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    out.push_str(&line(
        (0..ncols)
            .map(|i| pad(&header[i], widths[i], i >= text_cols))
            .collect(),
    ));
    out.push_str(&line(
        (0..ncols)
            .map(|i| {
                if i >= text_cols {
                    format!("{}:", "-".repeat(widths[i] - 1))
                } else {
                    "-".repeat(widths[i])
                }
            })
            .collect(),
    ));
    for r in &rows {
        out.push_str(&line(
            (0..ncols)
                .map(|i| pad(&r[i], widths[i], i >= text_cols))
                .collect(),
        ));
    }
    out.push('\n');
    for note in notes(f, labels, prefix.as_deref(), measure) {
        out.push_str(&format!("- {note}\n"));
    }
    out
}

/// The notes under a frequency table.
pub(crate) fn notes(
    f: &Frequencies,
    labels: &Labels,
    prefix: Option<&str>,
    measure: Measure,
) -> Vec<String> {
    let mut v = Vec::new();
    let by = &f.by;
    v.push(match (labels.lang, measure) {
        (Lang::Nl, Measure::Presence) => format!(
            "Per {}: ✓ = genoemd (minstens één fragment), – = niet genoemd. \"Genoemd\" telt de {} waarin het voorkomt.",
            labels.group_noun(by),
            labels.groups_noun(by)
        ),
        (Lang::En, Measure::Presence) => format!(
            "Per {}: ✓ = present (at least one excerpt), – = absent. \"Present\" counts the {} it occurs in.",
            labels.group_noun(by),
            labels.groups_noun(by)
        ),
        (Lang::Nl, Measure::Excerpts) => format!("Per {}: aantal fragmenten.", labels.group_noun(by)),
        (Lang::En, Measure::Excerpts) => format!("Per {}: number of excerpts.", labels.group_noun(by)),
        (Lang::Nl, Measure::Documents) => format!(
            "Per {}: aantal documenten met minstens één fragment.",
            labels.group_noun(by)
        ),
        (Lang::En, Measure::Documents) => format!(
            "Per {}: number of documents with at least one excerpt.",
            labels.group_noun(by)
        ),
    });
    if let Some(p) = prefix {
        v.push(match labels.lang {
            Lang::Nl => format!(
                "Kolomkoppen zonder het gemeenschappelijke begin \"{}\".",
                md_inline(p)
            ),
            Lang::En => format!(
                "Column headings omit the common prefix \"{}\".",
                md_inline(p)
            ),
        });
    }
    v.push(labels.counting_note().to_owned());
    if f.groups.iter().any(|g| g == NONE_GROUP) {
        v.push(labels.none_note(&f.by));
    }
    v.push(labels.orphan_note(f.orphans_excluded));
    v
}

/// A quote as a Markdown block quote (every line prefixed with `> `).
pub fn block_quote(text: &str) -> String {
    let mut out = String::new();
    for l in md_block(text) {
        if l.is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str("> ");
            out.push_str(&l);
            out.push('\n');
        }
    }
    out
}

/// Where a quote's group is named: once in a heading above the group's
/// quotes, or after each quote (and then no group headings). Never both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LabelAt {
    #[default]
    Heading,
    Quote,
}

/// "(Politie-eenheid II)", "(Politie-eenheid II, P02 ¶4)", with `--show`
/// attributes after a semicolon. Under a group heading (`with_group` false)
/// the group is left out: "(P02 ¶4)", or nothing at all.
pub fn attribution(q: &Quote, by: &str, labels: &Labels, with_group: bool) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if with_group {
        parts.push(if q.group == NONE_GROUP {
            labels.none_group(by)
        } else {
            q.group.clone()
        });
    }
    if let (Some(d), Some(p)) = (&q.doc, q.paragraph) {
        parts.push(format!("{d} ¶{p}"));
    }
    let mut s = parts.join(", ");
    if !q.shown.is_empty() {
        let kv: Vec<String> = q.shown.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        if !s.is_empty() {
            s.push_str("; ");
        }
        s.push_str(&kv.join("; "));
    }
    (!s.is_empty()).then(|| format!("({})", md_inline(&s)))
}

/// Quotes under one heading per group (`LabelAt::Heading`), or one after the
/// other each with its group (`LabelAt::Quote`).
pub(crate) fn quote_groups_markdown(
    groups: &[crate::analysis::QuoteGroup],
    by: &str,
    labels: &Labels,
    level: usize,
    at: LabelAt,
) -> String {
    let mut out = String::new();
    let hashes = "#".repeat(level.min(6));
    for g in groups {
        if at == LabelAt::Heading {
            let title = if g.group == NONE_GROUP {
                labels.none_group(by)
            } else {
                g.group.clone()
            };
            out.push_str(&format!("{hashes} {}\n\n", md_inline(&title)));
        }
        for q in &g.quotes {
            out.push_str(&block_quote(&q.text));
            out.push('\n');
            if let Some(a) = attribution(q, by, labels, at == LabelAt::Quote) {
                out.push_str(&a);
                out.push_str("\n\n");
            }
        }
    }
    out
}

/// A quote collection as Markdown: a section per theme or code, then a
/// heading per group in natural order.
pub fn quotes_markdown(qc: &QuoteCollection, labels: &Labels, at: LabelAt) -> String {
    let mut out = String::new();
    for s in &qc.sections {
        out.push_str(&quote_section_markdown(s, &qc.by, labels, at));
    }
    out
}

/// One section of [`quotes_markdown`], so a collection can be written a
/// section at a time (`report quotes` at a million excerpts).
pub fn quote_section_markdown(
    s: &crate::analysis::QuoteSection,
    by: &str,
    labels: &Labels,
    at: LabelAt,
) -> String {
    let mut out = String::new();
    let kind = match s.kind {
        Kind::Theme => labels.theme(),
        Kind::Code => labels.code(),
    };
    out.push_str(&format!("## {} ({kind})\n\n", md_inline(&s.name)));
    if !s.definition.is_empty() {
        out.push_str(&format!("_{}_\n\n", md_paragraph(&s.definition)));
    }
    if s.groups.is_empty() {
        out.push_str(match labels.lang {
            Lang::Nl => "_Geen fragmenten._\n\n",
            Lang::En => "_No excerpts._\n\n",
        });
    }
    out.push_str(&quote_groups_markdown(&s.groups, by, labels, 3, at));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_prefix_only_for_shared_leading_words() {
        let g = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            common_prefix(&g(&["Politie-eenheid I", "Politie-eenheid II", NONE_GROUP])),
            Some("Politie-eenheid ".into())
        );
        assert_eq!(common_prefix(&g(&["Noord", "Zuid"])), None);
        assert_eq!(common_prefix(&g(&["Politie-eenheid I"])), None);
    }
}
