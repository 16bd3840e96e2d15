//! Applying a codebook to a project, and reading one out of it.
//!
//! Import is all or nothing: the file is validated by the codebook module
//! first (located diagnostics), collisions are checked, and then everything is
//! written in ONE [`Tx`], so one `thema undo` takes the whole import back.

use super::themes::create_theme_in;
use super::{Project, Tx};
use crate::codebook::{CodeDef, Codebook, MergeConflict, ThemeDef};
use crate::error::{Error, Result};
use rusqlite::OptionalExtension;

pub(crate) type CodebookPlan<'c> = (Vec<&'c CodeDef>, Vec<&'c ThemeDef>, Vec<String>);

/// What an import did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct CodebookImport {
    pub added_codes: Vec<String>,
    pub added_themes: Vec<String>,
    /// Fields that differ between the project and the file (`--merge` keeps
    /// the project's value): "code \"X\": description differs".
    pub conflicts: Vec<String>,
}

fn describe_conflict(c: &MergeConflict) -> String {
    let kind = match c.kind {
        crate::codebook::ConflictKind::Code => "code",
        crate::codebook::ConflictKind::Theme => "theme",
    };
    format!(
        "{kind} \"{}\": {} differs (project: \"{}\", file: \"{}\"); kept the project's",
        c.name, c.field, c.ours, c.theirs
    )
}

impl Project {
    /// The project's codes and themes as a codebook (stored GUIDs, tree order).
    pub fn codebook(&self) -> Result<Codebook> {
        let codes = self
            .codes()?
            .into_iter()
            .map(|c| CodeDef {
                name: c.name,
                description: c.description,
                guide: c.guide,
                codable: c.codable,
                parent: c.parent,
                colour: c.colour,
                guid: Some(c.guid),
            })
            .collect();
        let themes = self
            .themes()?
            .into_iter()
            .map(|t| ThemeDef {
                name: t.name,
                definition: t.definition,
                parent: t.parent,
                phase: t.phase,
                codes: t.codes,
                guid: Some(t.guid),
            })
            .collect();
        Ok(Codebook {
            themes_flat: false,
            codes,
            themes,
            name: setting(self.conn(), NAME)?,
            description: setting(self.conn(), DESCRIPTION)?,
            ..Codebook::default()
        })
    }

    /// Which codes and themes of `cb` to add, and the conflicts to report
    /// (see [`Project::import_codebook`] for the rule).
    pub(crate) fn codebook_plan<'c>(
        &self,
        cb: &'c Codebook,
        merge: bool,
    ) -> Result<CodebookPlan<'c>> {
        let ours = self.codebook()?;
        Ok(if merge {
            let outcome = ours.merge(cb);
            let added_codes: std::collections::HashSet<&String> =
                outcome.added_codes.iter().collect();
            let added_themes: std::collections::HashSet<&String> =
                outcome.added_themes.iter().collect();
            (
                cb.codes
                    .iter()
                    .filter(|c| added_codes.contains(&c.name))
                    .collect(),
                cb.themes
                    .iter()
                    .filter(|t| added_themes.contains(&t.name))
                    .collect(),
                outcome.conflicts.iter().map(describe_conflict).collect(),
            )
        } else {
            // Compared without case, as names are everywhere (text::name).
            let key = crate::text::name::key;
            let our_codes: std::collections::HashSet<String> =
                ours.codes.iter().map(|c| key(&c.name)).collect();
            let our_themes: std::collections::HashSet<String> =
                ours.themes.iter().map(|t| key(&t.name)).collect();
            let mut clashes: Vec<String> = cb
                .codes
                .iter()
                .filter(|c| our_codes.contains(&key(&c.name)))
                .map(|c| format!("code \"{}\"", c.name))
                .collect();
            clashes.extend(
                cb.themes
                    .iter()
                    .filter(|t| our_themes.contains(&key(&t.name)))
                    .map(|t| format!("theme \"{}\"", t.name)),
            );
            if !clashes.is_empty() {
                let n = clashes.len();
                let mut shown = clashes[..n.min(8)].join(", ");
                if n > 8 {
                    shown.push_str(&format!(" and {} more", n - 8));
                }
                return Err(Error::hint(
                    format!("the project already has {shown}; nothing was imported"),
                    "add --merge to add only what is new and list the differences",
                ));
            }
            (
                cb.codes.iter().collect(),
                cb.themes.iter().collect(),
                Vec::new(),
            )
        })
    }

    /// Add a codebook's codes and themes. Without `merge`, any name the
    /// project already uses is refused (nothing changes); with `merge`, only
    /// what is new is added and differences are reported, never overwritten.
    pub fn import_codebook(&mut self, cb: &Codebook, merge: bool) -> Result<CodebookImport> {
        let seen = self.data_version()?;
        let (codes, themes, conflicts) = self.codebook_plan(cb, merge)?;
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.import_codebook(cb, merge);
        }
        write_codebook_in(&mut tx, &codes, &themes)?;
        let mut conflicts = conflicts;
        // The codebook's own name and description are kept for the next
        // export; like every field, a project's own is never overwritten.
        for (key, field, value) in [
            (NAME, "name", &cb.name),
            (DESCRIPTION, "description", &cb.description),
        ] {
            let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
                continue;
            };
            match setting(tx.conn(), key)? {
                None => {
                    tx.conn().execute(
                        "INSERT INTO settings (key, value) VALUES (?, ?)",
                        [key, v],
                    )?;
                }
                Some(ours) if ours != v => conflicts.push(format!(
                    "codebook {field} differs (project: \"{ours}\", file: \"{v}\"); kept the project's"
                )),
                Some(_) => {}
            }
        }
        let result = CodebookImport {
            added_codes: codes.iter().map(|c| c.name.clone()).collect(),
            added_themes: themes.iter().map(|t| t.name.clone()).collect(),
            conflicts,
        };
        let title = cb.name.clone().unwrap_or_else(|| "codebook".into());
        tx.commit(
            "codebook.import",
            &format!(
                "imported {title}: {} code(s), {} theme(s)",
                result.added_codes.len(),
                result.added_themes.len()
            ),
        )?;
        Ok(result)
    }
}

/// Write codes (parents before children, whatever the order given) and
/// themes with their code links inside a running change. Used by codebook
/// import and by project import (`.qdpx`).
pub(crate) fn write_codebook_in(
    tx: &mut Tx<'_>,
    codes: &[&CodeDef],
    themes: &[&ThemeDef],
) -> Result<()> {
    // Parents before children, whatever order the file uses: one pass in
    // tree order (one pass per level before, quadratic for a deep tree). A
    // parent missing from the file must be in the project already.
    let ordered = crate::tree::order(
        codes.iter().enumerate().collect::<Vec<_>>(),
        |(_, c)| &c.name,
        |(_, c)| c.parent.as_deref(),
        |a, b| a.0.cmp(&b.0),
    );
    // Every name against the project's names and the batch's, in one pass
    // over the stored names (a scan per code was quadratic).
    let mut taken: std::collections::HashMap<String, String> = {
        let mut stmt = tx.conn().prepare_cached("SELECT name FROM codes")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|n| n.map(|n| (crate::text::name::key(&n), n)))
            .collect::<rusqlite::Result<_>>()?
    };
    // The file's order is kept (`codes.position`), after any order a
    // codebook imported before gave.
    let base: i64 = tx.conn().query_row(
        "SELECT coalesce(max(position) + 1, 0) FROM codes",
        [],
        |r| r.get(0),
    )?;
    for (index, c) in ordered {
        if let Some(p) = &c.parent
            && key_of(tx, "codes", p)?.is_none()
        {
            return Err(Error::user(format!(
                "code \"{}\" names parent \"{p}\", which is neither in the file nor in the project",
                c.name
            )));
        }
        let name = super::codes::valid_name(&c.name)?;
        let key = crate::text::name::key(&name);
        if let Some(existing) = taken.get(&key) {
            return Err(super::codes::exists_already(
                "code",
                &name,
                existing,
                "see `thema codes`",
            ));
        }
        taken.insert(key, name.clone());
        let guid = free_guid(tx, "codes", c.guid.as_deref())?;
        let id = super::codes::create_new_code_in(
            tx,
            &name,
            &c.description,
            c.parent.as_deref(),
            guid.as_deref(),
        )?;
        let position = base + index as i64;
        let g = &c.guide;
        let examples = super::codes::examples_to_json(&g.examples);
        tx.update(
            "codes",
            id,
            &[
                ("colour", &c.colour.as_deref().map(normalize_colour)),
                ("definition", &g.definition.trim()),
                ("use_when", &g.use_when.trim()),
                ("not_use_when", &g.not_use_when.trim()),
                ("examples", &examples),
                ("codable", &c.codable),
                ("position", &position),
            ],
        )?;
    }
    let mut pending: Vec<&ThemeDef> = themes.to_vec();
    while !pending.is_empty() {
        let before = pending.len();
        let mut rest = Vec::new();
        for t in pending {
            let parent = match &t.parent {
                None => Some(None),
                Some(p) => key_of(tx, "themes", p)?.map(Some),
            };
            let Some(parent) = parent else {
                rest.push(t);
                continue;
            };
            let guid = free_guid(tx, "themes", t.guid.as_deref())?;
            let id = create_theme_in(tx, &t.name, &t.definition, parent, guid.as_deref())?;
            tx.update("themes", id, &[("phase", &t.phase.as_str())])?;
            for c in &t.codes {
                let ck = key_of(tx, "codes", c)?.ok_or_else(|| {
                    Error::user(format!("theme \"{}\" lists unknown code \"{c}\"", t.name))
                })?;
                let linked: Option<i64> = tx
                    .conn()
                    .query_row(
                        "SELECT id FROM theme_codes WHERE theme_id = ? AND code_id = ?",
                        [id, ck],
                        |r| r.get(0),
                    )
                    .optional()?;
                if linked.is_none() {
                    tx.insert("theme_codes", &[("theme_id", &id), ("code_id", &ck)])?;
                }
            }
        }
        if rest.len() == before {
            return Err(Error::user(format!(
                "theme \"{}\" names parent \"{}\", which is neither in the file nor in the project",
                rest[0].name,
                rest[0].parent.clone().unwrap_or_default()
            )));
        }
        pending = rest;
    }
    Ok(())
}

/// Settings keys of the codebook's own name and description (file
/// metadata: kept with the project, not part of the undo history).
const NAME: &str = "codebook.name";
const DESCRIPTION: &str = "codebook.description";

fn setting(conn: &rusqlite::Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn key_of(tx: &Tx<'_>, table: &str, name: &str) -> Result<Option<i64>> {
    Ok(super::codes::find_name(tx.conn(), table, name)?.map(|(k, _)| k))
}

/// Keep a file's GUID unless another row already uses it (then a new one).
fn free_guid(tx: &Tx<'_>, table: &str, guid: Option<&str>) -> Result<Option<String>> {
    let Some(g) = guid else { return Ok(None) };
    let g = g.trim_start_matches('{').trim_end_matches('}');
    let taken: Option<i64> = tx
        .conn()
        .query_row(&super::codes::guid_lookup(table), [g], |r| r.get(0))
        .optional()?;
    Ok(taken.is_none().then(|| g.to_owned()))
}

/// The store keeps `#rrggbb`; codebooks may say `#rgb`.
fn normalize_colour(c: &str) -> String {
    let h = c.trim_start_matches('#');
    if h.len() == 3 {
        let mut s = String::from("#");
        for ch in h.chars() {
            s.push(ch);
            s.push(ch);
        }
        s.to_lowercase()
    } else {
        c.to_lowercase()
    }
}
