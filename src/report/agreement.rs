//! Agreement tables (Markdown, CSV) and the disagreement list (Markdown).
//! JSON goes through [`super::json`] unchanged, numbers as plain floats.
//! Undefined statistics print as `n/a`, never NaN.

use super::escape::{csv_field, md_cell, md_inline};
use super::table::block_quote;
use crate::analysis::{AgreementReport, AgreementUnit, DisagreementList, Kind};

fn unit_name(u: AgreementUnit) -> &'static str {
    match u {
        AgreementUnit::Char => "char",
        AgreementUnit::Sentence => "sentence",
        AgreementUnit::Paragraph => "paragraph",
        AgreementUnit::Document => "document",
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Code => "code",
        Kind::Theme => "theme",
    }
}

fn fixed(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3}"))
}

fn plain(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".to_owned(), |v| v.to_string())
}

fn cell(s: &str) -> String {
    md_cell(s)
}

/// One row per code/theme: units, agreement, α, then agreement and κ per pair.
pub fn agreement_markdown(r: &AgreementReport) -> String {
    let mut out = format!(
        "# Inter-coder agreement\n\nUnit: {}. Coders: {}. Documents: {} ({}).\n\n",
        unit_name(r.unit),
        cell(&r.coders.join(", ")),
        r.documents.len(),
        cell(&r.documents.join(", ")),
    );
    let mut header = vec![
        "name".to_owned(),
        "kind".into(),
        "units".into(),
        "agreement".into(),
        "α".into(),
    ];
    if let Some(first) = r.rows.first() {
        for p in &first.pairs {
            let pair = cell(&format!("{}–{}", p.coders[0], p.coders[1]));
            header.push(format!("{pair} agreement"));
            header.push(format!("{pair} κ"));
        }
    }
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    let align: Vec<&str> = header
        .iter()
        .enumerate()
        .map(|(i, _)| if i < 2 { "---" } else { "---:" })
        .collect();
    out.push_str(&format!("| {} |\n", align.join(" | ")));
    for row in &r.rows {
        let mut cells = vec![
            cell(&row.name),
            kind_name(row.kind).to_owned(),
            row.units.to_string(),
            fixed(row.agreement),
            fixed(row.alpha),
        ];
        for p in &row.pairs {
            cells.push(fixed(p.agreement));
            cells.push(fixed(p.kappa));
        }
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push_str(
        "\nagreement: share of units on which all coders agree. α: Krippendorff's alpha \
         (nominal, presence of the code per unit, all coders). κ: Cohen's kappa per pair. \
         n/a: undefined (no units, or no variation).\n",
    );
    out
}

/// RFC 4180 CSV: `name,kind,units,agreement,alpha`, then per pair
/// `agreement A|B` and `kappa A|B`; undefined values are `n/a`.
pub fn agreement_csv(r: &AgreementReport) -> String {
    let mut header: Vec<String> = ["name", "kind", "units", "agreement", "alpha"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    if let Some(first) = r.rows.first() {
        for p in &first.pairs {
            let pair = format!("{}|{}", p.coders[0], p.coders[1]);
            header.push(format!("agreement {pair}"));
            header.push(format!("kappa {pair}"));
        }
    }
    // Names are escaped (a leading `=` is neutralized); numbers are written
    // as they are, so a negative α stays a number for the spreadsheet.
    let mut out = String::new();
    let line = |out: &mut String, cells: &[String]| {
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    let header: Vec<String> = header.iter().map(|h| csv_field(h)).collect();
    line(&mut out, &header);
    for row in &r.rows {
        let mut cells = vec![
            csv_field(&row.name),
            kind_name(row.kind).to_owned(),
            row.units.to_string(),
            plain(row.agreement),
            plain(row.alpha),
        ];
        for p in &row.pairs {
            cells.push(plain(p.agreement));
            cells.push(plain(p.kappa));
        }
        line(&mut out, &cells);
    }
    out
}

/// The disagreement list: a heading per document (with its case label only),
/// then each span with its text and who applied which code.
pub fn disagreements_markdown(d: &DisagreementList) -> String {
    let mut out = format!(
        "# Disagreements\n\nUnit: {}. Coders: {}. {} span(s) in {} compared document(s).\n",
        unit_name(d.unit),
        md_inline(&d.coders.join(", ")),
        d.disagreements.len(),
        d.documents.len(),
    );
    let mut current: Option<&str> = None;
    for item in &d.disagreements {
        if current != Some(item.doc.as_str()) {
            current = Some(&item.doc);
            let case = item
                .case
                .as_deref()
                .map(|c| format!(" ({})", md_inline(c)))
                .unwrap_or_default();
            out.push_str(&format!("\n## {}{case}\n", md_inline(&item.doc)));
        }
        match &item.text {
            Some(text) => {
                out.push_str(&format!("\n[{}, {})\n\n", item.start, item.end));
                out.push_str(&block_quote(text));
            }
            None => out.push_str("\nThe whole document:\n"),
        }
        out.push('\n');
        for s in &item.codes {
            let kind = match s.kind {
                Kind::Theme => " (theme)",
                Kind::Code => "",
            };
            out.push_str(&format!(
                "- **{}**{kind}: {} — not {}\n",
                md_inline(&s.name),
                md_inline(&s.coders.join(", ")),
                md_inline(&s.without.join(", ")),
            ));
        }
    }
    out
}
