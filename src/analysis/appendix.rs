//! What the report's appendices need beyond the counts: the saturation
//! curve, the memos on themes, the number of documents per group, and —
//! when the team settled its disagreements into a consensus coder — the
//! agreement between the independent coders. Gathered once from the
//! project; `report::full` renders it. Dates are the data's own (coding
//! and memo timestamps), never the clock, so a report is reproducible.

use super::{AgreementOptions, AgreementReport, AgreementUnit, Grouping, Saturation, Target};
use crate::error::Result;
use crate::model::{Memo, MemoTarget};
use crate::store::{CodingData, Project};

/// The agreement of the coders who coded independently, over the
/// documents they all coded (sentence units), and how many passages the
/// consensus coder holds.
#[derive(Debug, Clone)]
pub struct SettledAgreement {
    /// The consensus coder's name.
    pub consensus: String,
    /// Excerpts the consensus coder holds (settled passages).
    pub settled: usize,
    /// Codes and themes, the independent coders only; `None` when no
    /// document was coded by all of them.
    pub report: Option<AgreementReport>,
    /// The independent coders.
    pub coders: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Appendices {
    pub saturation: Option<Saturation>,
    /// Memos on themes, in the themes' report order: (theme, memo).
    pub theme_memos: Vec<(String, Memo)>,
    /// Documents per group of the grouping attribute, in the groups' order
    /// (the `(none)` group last, under its raw name).
    pub docs_per_group: Vec<(String, usize)>,
    pub agreement: Option<SettledAgreement>,
}

/// Gather the appendices. `consensus` names the consensus coder; the
/// agreement is computed only when that coder has codings and at least two
/// other coders coded.
pub fn appendices(p: &Project, data: &CodingData, by: &str, consensus: &str) -> Result<Appendices> {
    let saturation = Some(super::saturation(data, &p.first_codings()?));
    let mut memos: Vec<(String, Memo)> = p
        .memos()?
        .into_iter()
        .filter_map(|m| match &m.target {
            MemoTarget::Theme(t) => Some((t.clone(), m)),
            _ => None,
        })
        .collect();
    let place = |name: &str| data.themes.iter().position(|t| t.name == name);
    memos.retain(|(t, m)| place(t).is_some() && !m.text.trim().is_empty());
    memos.sort_by_key(|(t, _)| place(t));
    let grouping = Grouping::new(data, by);
    let mut counts = vec![0usize; grouping.groups.len()];
    for d in &data.docs {
        if let Some(&g) = grouping.doc_group.get(&d.key) {
            counts[g] += 1;
        }
    }
    let docs_per_group = grouping.groups.iter().cloned().zip(counts).collect();
    let others: Vec<String> = data
        .stats
        .coders
        .iter()
        .filter(|c| c.as_str() != consensus)
        .cloned()
        .collect();
    let agreement = if data.stats.coders.iter().any(|c| c == consensus) && others.len() >= 2 {
        // The coders are known to have codings, so the comparison can only
        // fail for want of a document they all coded.
        let report = super::agreement(
            &p.agreement_data()?,
            &AgreementOptions {
                coders: others.clone(),
                target: Target::All,
                unit: AgreementUnit::Sentence,
                docs: Vec::new(),
                by: by.to_owned(),
            },
        )
        .ok();
        Some(SettledAgreement {
            consensus: consensus.to_owned(),
            settled: p.coder_excerpts(consensus)?,
            report,
            coders: others,
        })
    } else {
        None
    };
    Ok(Appendices {
        saturation,
        theme_memos: memos,
        docs_per_group,
        agreement,
    })
}
