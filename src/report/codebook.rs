//! The report's codebook appendix: every code in tree order with its
//! description and the fields of a team codebook (definition, when to use,
//! when not to use, examples; MacQueen et al. 1998), so a reader can see
//! what each code meant when it was applied. It is written only when the
//! codebook has such fields; names and descriptions alone are in the
//! frequency tables already.

use super::escape::{md_inline, md_paragraph};
use crate::model::Code;

/// The appendix as Markdown, or nothing when no code has a definition,
/// when-to-use, when-not-to-use or examples.
pub fn appendix(codes: &[Code], nl: bool) -> String {
    if codes.iter().all(|c| c.guide.is_empty()) {
        return String::new();
    }
    let (title, def, when, not, ex, category) = if nl {
        (
            "## Codeboek\n\n",
            "Definitie",
            "Wanneer gebruiken",
            "Wanneer niet",
            "Voorbeelden",
            "categorie: groepeert codes, wordt zelf niet toegekend",
        )
    } else {
        (
            "## Codebook\n\n",
            "Definition",
            "When to use",
            "When not to use",
            "Examples",
            "category: groups codes, not applied itself",
        )
    };
    let mut out = String::from(title);
    // Parents come before their children (`Project::codes` is in tree
    // order); the depth gives the heading level, at most ######.
    let by_name: std::collections::HashMap<&str, &Code> =
        codes.iter().map(|c| (c.name.as_str(), c)).collect();
    let depth = |c: &Code| {
        let mut d = 0;
        let mut parent = c.parent.as_deref();
        // Capped: only three heading levels are left below "## Codebook".
        while let Some(p) = parent.filter(|_| d < 3) {
            d += 1;
            parent = by_name.get(p).and_then(|x| x.parent.as_deref());
        }
        d
    };
    for c in codes {
        let level = (3 + depth(c)).min(6);
        out.push_str(&format!("{} {}", "#".repeat(level), md_inline(&c.name)));
        if !c.codable {
            out.push_str(&format!(" _({category})_"));
        }
        out.push_str("\n\n");
        if !c.description.is_empty() {
            out.push_str(&md_paragraph(&c.description));
            out.push_str("\n\n");
        }
        for (label, value) in [
            (def, &c.guide.definition),
            (when, &c.guide.use_when),
            (not, &c.guide.not_use_when),
        ] {
            if !value.is_empty() {
                out.push_str(&format!("**{label}:** {}\n\n", md_paragraph(value)));
            }
        }
        if !c.guide.examples.is_empty() {
            out.push_str(&format!("**{ex}:**\n\n"));
            for e in &c.guide.examples {
                out.push_str(&format!("- {}\n", md_inline(e)));
            }
            out.push('\n');
        }
    }
    out
}
