//! The `--merge` import rule: add what is new, report what differs, never
//! overwrite.
//!
//! Overwriting would silently undo another coder's definitions, which in a
//! team's audit trail is worse than a conflict the user resolves by hand.
//! Codes and themes are matched by name (names are what analysts see and
//! what the YAML files refer to), not by GUID, because hand-written YAML
//! codebooks usually have no GUIDs. Names are compared as everywhere in
//! thema ([`crate::text::name::key`]: NFC, without case), so `lage pakkans`
//! in a colleague's file is our `Lage pakkans`, not a second code.

use super::{CodeDef, Codebook, ThemeDef};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictKind {
    Code,
    Theme,
}

/// One field of a code or theme present in both codebooks with different values.
/// The merged codebook keeps `ours`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeConflict {
    pub kind: ConflictKind,
    pub name: String,
    /// `description`, `parent`, `colour`, `guid`, `definition`, `phase` or `codes`.
    pub field: &'static str,
    pub ours: String,
    pub theirs: String,
}

/// The result of [`Codebook::merge`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeOutcome {
    /// Our codebook plus every code and theme only the incoming one had,
    /// appended in the incoming order.
    pub merged: Codebook,
    pub added_codes: Vec<String>,
    pub added_themes: Vec<String>,
    pub conflicts: Vec<MergeConflict>,
}

impl MergeOutcome {
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// A name's comparison key; an absent name stays empty.
fn key(s: &Option<String>) -> String {
    s.as_deref().map(crate::text::name::key).unwrap_or_default()
}

pub(super) fn merge(ours: &Codebook, theirs: &Codebook) -> MergeOutcome {
    let mut merged = ours.clone();
    let mut added_codes = Vec::new();
    let mut added_themes = Vec::new();
    let mut conflicts = Vec::new();
    let names = crate::text::name::key;
    // One index per kind: a lookup per incoming name was a scan of ours.
    let our_codes: std::collections::HashMap<String, &CodeDef> =
        ours.codes.iter().map(|c| (names(&c.name), c)).collect();
    let our_themes: std::collections::HashMap<String, &ThemeDef> =
        ours.themes.iter().map(|t| (names(&t.name), t)).collect();
    let mut conflict = |kind, name: &str, field, a: String, b: String| {
        if a != b {
            conflicts.push(MergeConflict {
                kind,
                name: name.to_string(),
                field,
                ours: a,
                theirs: b,
            });
        }
    };

    for t in &theirs.codes {
        match our_codes.get(&names(&t.name)).copied() {
            None => {
                added_codes.push(t.name.clone());
                merged.codes.push(t.clone());
            }
            Some(o) => {
                let CodeDef {
                    name,
                    description,
                    parent,
                    colour,
                    guid,
                    guide,
                    codable,
                } = o;
                conflict(
                    ConflictKind::Code,
                    name,
                    "description",
                    description.clone(),
                    t.description.clone(),
                );
                for (field, a, b) in [
                    ("definition", &guide.definition, &t.guide.definition),
                    ("when_to_use", &guide.use_when, &t.guide.use_when),
                    (
                        "when_not_to_use",
                        &guide.not_use_when,
                        &t.guide.not_use_when,
                    ),
                ] {
                    // Like colours: a field only one side fills is no
                    // disagreement (most tools have no such field).
                    if !a.is_empty() && !b.is_empty() {
                        conflict(ConflictKind::Code, name, field, a.clone(), b.clone());
                    }
                }
                if !guide.examples.is_empty() && !t.guide.examples.is_empty() {
                    conflict(
                        ConflictKind::Code,
                        name,
                        "examples",
                        guide.examples.join(" | "),
                        t.guide.examples.join(" | "),
                    );
                }
                conflict(
                    ConflictKind::Code,
                    name,
                    "codable",
                    codable.to_string(),
                    t.codable.to_string(),
                );
                if key(parent) != key(&t.parent) {
                    conflict(
                        ConflictKind::Code,
                        name,
                        "parent",
                        opt(parent),
                        opt(&t.parent),
                    );
                }
                // A colour or GUID only one side has is not a disagreement:
                // YAML written by hand rarely carries them.
                if colour.is_some() && t.colour.is_some() {
                    conflict(
                        ConflictKind::Code,
                        name,
                        "colour",
                        opt(colour),
                        opt(&t.colour),
                    );
                }
                if guid.is_some() && t.guid.is_some() {
                    let (a, b) = (opt(guid), opt(&t.guid));
                    if !a.eq_ignore_ascii_case(&b) {
                        conflict(ConflictKind::Code, name, "guid", a, b);
                    }
                }
            }
        }
    }
    for t in &theirs.themes {
        match our_themes.get(&names(&t.name)).copied() {
            None => {
                added_themes.push(t.name.clone());
                merged.themes.push(t.clone());
            }
            Some(o) => {
                let ThemeDef {
                    name,
                    definition,
                    parent,
                    phase,
                    codes,
                    guid: _,
                } = o;
                conflict(
                    ConflictKind::Theme,
                    name,
                    "definition",
                    definition.clone(),
                    t.definition.clone(),
                );
                if !theirs.themes_flat {
                    if key(parent) != key(&t.parent) {
                        conflict(
                            ConflictKind::Theme,
                            name,
                            "parent",
                            opt(parent),
                            opt(&t.parent),
                        );
                    }
                    conflict(
                        ConflictKind::Theme,
                        name,
                        "phase",
                        phase.to_string(),
                        t.phase.to_string(),
                    );
                }
                // Membership is compared as a set: order in the list carries no meaning.
                let mut a: Vec<String> = codes.iter().map(|c| names(c)).collect();
                let mut b: Vec<String> = t.codes.iter().map(|c| names(c)).collect();
                a.sort();
                b.sort();
                if a != b {
                    conflict(
                        ConflictKind::Theme,
                        name,
                        "codes",
                        codes.join(", "),
                        t.codes.join(", "),
                    );
                }
            }
        }
    }
    MergeOutcome {
        merged,
        added_codes,
        added_themes,
        conflicts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Phase;

    fn code(name: &str, desc: &str, parent: Option<&str>) -> CodeDef {
        CodeDef {
            name: name.into(),
            description: desc.into(),
            parent: parent.map(Into::into),
            ..Default::default()
        }
    }

    fn theme(name: &str, codes: &[&str]) -> ThemeDef {
        ThemeDef {
            name: name.into(),
            definition: format!("over {name}"),
            codes: codes.iter().map(|c| c.to_string()).collect(),
            ..Default::default()
        }
    }

    fn ours() -> Codebook {
        Codebook {
            themes_flat: false,
            codes: vec![
                code("Lage pakkans", "Daders worden zelden gepakt", None),
                code("Geen meldingen", "", None),
            ],
            themes: vec![theme("Blinde vlek", &["Geen meldingen"])],
            ..Default::default()
        }
    }

    #[test]
    fn adds_new_codes_and_themes_in_incoming_order() {
        let theirs = Codebook {
            themes_flat: false,
            codes: vec![
                code("Capaciteitstekort", "Te weinig rechercheurs", None),
                code("Lage pakkans", "Daders worden zelden gepakt", None),
                code("Geen OSINT", "", Some("Capaciteitstekort")),
            ],
            themes: vec![theme("Handen vol", &["Capaciteitstekort"])],
            ..Default::default()
        };
        let out = ours().merge(&theirs);
        assert!(out.is_clean(), "{:?}", out.conflicts);
        assert_eq!(out.added_codes, ["Capaciteitstekort", "Geen OSINT"]);
        assert_eq!(out.added_themes, ["Handen vol"]);
        let names: Vec<&str> = out.merged.codes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Lage pakkans",
                "Geen meldingen",
                "Capaciteitstekort",
                "Geen OSINT"
            ]
        );
        assert_eq!(
            out.merged
                .code("Geen OSINT")
                .and_then(|c| c.parent.as_deref()),
            Some("Capaciteitstekort")
        );
    }

    #[test]
    fn differing_fields_are_conflicts_and_ours_is_kept() {
        let mut theirs = ours();
        theirs.codes[0].description = "Anders".into();
        theirs.codes[1].parent = Some("Lage pakkans".into());
        theirs.themes[0].phase = Phase::Defined;
        theirs.themes[0].codes.push("Lage pakkans".into());
        let out = ours().merge(&theirs);
        assert_eq!(out.merged, ours(), "merge must never overwrite");
        assert!(out.added_codes.is_empty() && out.added_themes.is_empty());
        let got: Vec<(ConflictKind, &str, &str)> = out
            .conflicts
            .iter()
            .map(|c| (c.kind, c.name.as_str(), c.field))
            .collect();
        assert_eq!(
            got,
            [
                (ConflictKind::Code, "Lage pakkans", "description"),
                (ConflictKind::Code, "Geen meldingen", "parent"),
                (ConflictKind::Theme, "Blinde vlek", "phase"),
                (ConflictKind::Theme, "Blinde vlek", "codes"),
            ]
        );
        assert_eq!(out.conflicts[0].ours, "Daders worden zelden gepakt");
        assert_eq!(out.conflicts[0].theirs, "Anders");
        assert_eq!(out.conflicts[1].ours, "");
        assert_eq!(out.conflicts[1].theirs, "Lage pakkans");
    }

    #[test]
    fn names_match_in_any_case_and_unicode_form() {
        // Failed before: "lage pakkans" and an NFD "Geen meldingen" were
        // added as new codes next to ours.
        let mut theirs = ours();
        theirs.codes[0].name = "lage pakkans".into();
        theirs.codes[1].name = "GEEN MELDINGEN".into();
        theirs.themes[0].name = "blinde VLEK".into();
        theirs.themes[0].codes = vec!["geen meldingen".into()];
        theirs.codes.push(code("Nieuw", "", Some("LAGE PAKKANS")));
        theirs.codes.push(code("Cafe\u{301}", "", None));
        let mut with_cafe = ours();
        with_cafe.codes.push(code("café", "", Some("lage pakkans")));
        let out = with_cafe.merge(&theirs);
        assert_eq!(out.added_codes, ["Nieuw"]);
        assert!(out.added_themes.is_empty());
        let fields: Vec<&str> = out.conflicts.iter().map(|c| c.field).collect();
        assert_eq!(fields, ["parent"], "{:?}", out.conflicts);
        assert_eq!(out.conflicts[0].name, "café");
    }

    #[test]
    fn one_sided_colour_or_guid_and_member_order_are_not_conflicts() {
        let mut a = ours();
        a.themes[0].codes = vec!["Geen meldingen".into(), "Lage pakkans".into()];
        let mut b = a.clone();
        b.codes[0].colour = Some("#4e79a7".into());
        b.codes[1].guid = Some("6D1F4C2A-9B7E-5E13-A0C4-7F2D3B8E91A6".into());
        b.themes[0].codes.reverse();
        let out = a.merge(&b);
        assert!(out.is_clean(), "{:?}", out.conflicts);
        assert_eq!(out.merged, a);
        // Both sides with a different colour is a conflict.
        a.codes[0].colour = Some("#000".into());
        let out = a.merge(&b);
        assert_eq!(out.conflicts.len(), 1);
        assert_eq!(out.conflicts[0].field, "colour");
    }
}
