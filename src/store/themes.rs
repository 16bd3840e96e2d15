//! Themes: create, gather codes, subthemes, phases, rename, merge, split,
//! delete, reorder, history.
//!
//! Every change is one [`Tx`], so each shows up in `thema theme history` and
//! can be undone. Deleting or merging moves subthemes, code links and memos
//! explicitly (no ON DELETE CASCADE), so undo restores all of it.

use super::codes::{exists_already, find_name, keys, valid_name};
use super::{Project, Tx, not_found};
use crate::error::{Error, Result};
use crate::model::{Event, Phase, Theme};
use rusqlite::OptionalExtension;
use std::collections::{HashMap, HashSet};

const LIST: &str = "thema theme list";

impl Project {
    /// All themes: top-level themes in the analyst's order, each followed by
    /// its subthemes (depth first); siblings by position, then name.
    pub fn themes(&self) -> Result<Vec<Theme>> {
        let mut codes_of: HashMap<i64, Vec<String>> = HashMap::new();
        {
            let mut stmt = self.conn().prepare_cached(
                "SELECT tc.theme_id, c.name FROM theme_codes tc JOIN codes c ON c.id = tc.code_id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                codes_of.entry(r.get(0)?).or_default().push(r.get(1)?);
            }
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT t.id, t.name, t.definition, p.name, t.phase, t.position, t.guid
             FROM themes t LEFT JOIN themes p ON p.id = t.parent_id",
        )?;
        let rows = stmt.query_map([], |r| {
            let phase: String = r.get(4)?;
            Ok(Theme {
                key: r.get(0)?,
                name: r.get(1)?,
                definition: r.get(2)?,
                parent: r.get(3)?,
                phase: phase.parse().unwrap_or_default(),
                codes: Vec::new(),
                position: r.get(5)?,
                guid: r.get(6)?,
            })
        })?;
        let mut all: Vec<Theme> = rows.collect::<rusqlite::Result<_>>()?;
        for t in &mut all {
            let mut c = codes_of.remove(&t.key).unwrap_or_default();
            c.sort_by(|a, b| crate::text::natural_cmp(a, b));
            t.codes = c;
        }
        Ok(tree_order(all))
    }

    /// The theme called `name` (compared without case, see [`crate::text::name`]).
    pub fn theme(&self, name: &str) -> Result<Theme> {
        let found = self.theme_key(name)?;
        self.themes()?
            .into_iter()
            .find(|t| Some(t.key) == found)
            .ok_or_else(|| not_found("theme", name, LIST))
    }

    pub(crate) fn theme_key(&self, name: &str) -> Result<Option<i64>> {
        Ok(find_name(self.conn(), "themes", name)?.map(|(k, _)| k))
    }

    fn need_theme(&self, name: &str) -> Result<i64> {
        self.theme_key(name)?
            .ok_or_else(|| not_found("theme", name, LIST))
    }

    fn need_code(&self, name: &str) -> Result<i64> {
        self.code_key(name)?
            .ok_or_else(|| not_found("code", name, "thema codes"))
    }

    /// The theme itself and all its ancestors' keys.
    fn theme_ancestors(&self, key: i64) -> Result<Vec<i64>> {
        let mut out = vec![key];
        let mut current = key;
        while let Some(p) = self.conn().query_row(
            "SELECT parent_id FROM themes WHERE id = ?",
            [current],
            |r| r.get::<_, Option<i64>>(0),
        )? {
            if out.contains(&p) {
                break;
            }
            out.push(p);
            current = p;
        }
        Ok(out)
    }

    /// Create a theme (phase `candidate`), last among its siblings.
    pub fn create_theme(
        &mut self,
        name: &str,
        definition: &str,
        parent: Option<&str>,
    ) -> Result<Theme> {
        self.create_theme_with_codes(name, definition, parent, &[])
    }

    /// Create a theme that gathers `codes` from the start: one change, so one
    /// undo takes back both the theme and its codes.
    pub fn create_theme_with_codes(
        &mut self,
        name: &str,
        definition: &str,
        parent: Option<&str>,
        codes: &[&str],
    ) -> Result<Theme> {
        let seen = self.data_version()?;
        let name = valid_name(name)?;
        let parent_key = match parent {
            Some(p) => Some(self.need_theme(p)?),
            None => None,
        };
        let code_keys: Vec<i64> = codes
            .iter()
            .map(|c| self.need_code(c))
            .collect::<Result<_>>()?;
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.create_theme_with_codes(&name, definition, parent, codes);
        }
        let tk = create_theme_in(&mut tx, &name, definition, parent_key, None)?;
        let mut linked = Vec::new();
        for ck in code_keys {
            if !linked.contains(&ck) {
                tx.insert("theme_codes", &[("theme_id", &tk), ("code_id", &ck)])?;
                linked.push(ck);
            }
        }
        let mut summary = match parent {
            Some(p) => format!("created theme \"{name}\" under \"{p}\""),
            None => format!("created theme \"{name}\""),
        };
        if !codes.is_empty() {
            summary.push_str(&format!(" with code(s) \"{}\"", codes.join("\", \"")));
        }
        tx.commit("theme.new", &summary)?;
        self.theme(&name)
    }

    /// Gather codes into a theme. Unknown codes are refused before anything
    /// changes; codes already in the theme are skipped. Returns how many were added.
    pub fn add_theme_codes(&mut self, theme: &str, codes: &[&str]) -> Result<usize> {
        let seen = self.data_version()?;
        let tk = self.need_theme(theme)?;
        let cks: Vec<i64> = codes
            .iter()
            .map(|c| self.need_code(c))
            .collect::<Result<_>>()?;
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.add_theme_codes(theme, codes);
        }
        let mut added = Vec::new();
        for (ck, name) in cks.iter().zip(codes) {
            if link_of(&tx, tk, *ck)?.is_none() && !added.contains(name) {
                tx.insert("theme_codes", &[("theme_id", &tk), ("code_id", ck)])?;
                added.push(*name);
            }
        }
        let n = added.len();
        tx.commit(
            "theme.add",
            &format!(
                "added code(s) \"{}\" to theme \"{theme}\"",
                added.join("\", \"")
            ),
        )?;
        Ok(n)
    }

    /// Take codes out of a theme (the codes and their excerpts stay).
    pub fn remove_theme_codes(&mut self, theme: &str, codes: &[&str]) -> Result<usize> {
        let seen = self.data_version()?;
        let tk = self.need_theme(theme)?;
        let mut links = Vec::new();
        for c in codes {
            let ck = self.need_code(c)?;
            let tx_link: Option<i64> = self
                .conn()
                .query_row(
                    "SELECT id FROM theme_codes WHERE theme_id = ? AND code_id = ?",
                    [tk, ck],
                    |r| r.get(0),
                )
                .optional()?;
            match tx_link {
                Some(l) => links.push(l),
                None => {
                    return Err(Error::hint(
                        format!("code \"{c}\" is not in theme \"{theme}\""),
                        format!("see `thema theme list` for the codes of \"{theme}\""),
                    ));
                }
            }
        }
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.remove_theme_codes(theme, codes);
        }
        for l in &links {
            tx.delete("theme_codes", *l)?;
        }
        tx.commit(
            "theme.remove",
            &format!(
                "removed code(s) \"{}\" from theme \"{theme}\"",
                codes.join("\", \"")
            ),
        )?;
        Ok(links.len())
    }

    pub fn set_theme_phase(&mut self, theme: &str, phase: Phase) -> Result<()> {
        let seen = self.data_version()?;
        let tk = self.need_theme(theme)?;
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.set_theme_phase(theme, phase);
        }
        tx.update("themes", tk, &[("phase", &phase.as_str())])?;
        tx.commit(
            "theme.phase",
            &format!("set phase of theme \"{theme}\" to {phase}"),
        )?;
        Ok(())
    }

    pub fn set_theme_definition(&mut self, theme: &str, definition: &str) -> Result<()> {
        let seen = self.data_version()?;
        let tk = self.need_theme(theme)?;
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.set_theme_definition(theme, definition);
        }
        tx.update("themes", tk, &[("definition", &definition.trim())])?;
        tx.commit("theme.define", &format!("defined theme \"{theme}\""))?;
        Ok(())
    }

    pub fn rename_theme(&mut self, old: &str, new: &str) -> Result<()> {
        let seen = self.data_version()?;
        let new = valid_name(new)?;
        let new = new.as_str();
        let (tk, old) =
            find_name(self.conn(), "themes", old)?.ok_or_else(|| not_found("theme", old, LIST))?;
        let old = old.as_str();
        if old == new {
            return Ok(());
        }
        // A change of case or accents only is a rename of the same theme.
        if find_name(self.conn(), "themes", new)?.is_some_and(|(k, _)| k != tk) {
            return Err(Error::hint(
                format!("a theme named \"{new}\" exists already"),
                format!("to combine the two, use `thema theme merge \"{old}\" \"{new}\"`"),
            ));
        }
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.rename_theme(old, new);
        }
        tx.update("themes", tk, &[("name", &new)])?;
        tx.commit(
            "theme.rename",
            &format!("renamed theme \"{old}\" to \"{new}\""),
        )?;
        Ok(())
    }

    /// Make a theme a subtheme of `parent` (or top-level with `None`); it goes
    /// last among its new siblings. Refuses cycles.
    pub fn set_theme_parent(&mut self, theme: &str, parent: Option<&str>) -> Result<()> {
        let seen = self.data_version()?;
        let tk = self.need_theme(theme)?;
        let pk = match parent {
            Some(p) => Some(self.need_theme(p)?),
            None => None,
        };
        if let Some(pk) = pk
            && self.theme_ancestors(pk)?.contains(&tk)
        {
            return Err(Error::user(format!(
                "\"{}\" is (inside) \"{theme}\"; a theme cannot be its own ancestor",
                parent.unwrap_or_default()
            )));
        }
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.set_theme_parent(theme, parent);
        }
        let pos = next_position(&tx)?;
        tx.update("themes", tk, &[("parent_id", &pk), ("position", &pos)])?;
        let summary = match parent {
            Some(p) => format!("moved theme \"{theme}\" under \"{p}\""),
            None => format!("moved theme \"{theme}\" to the top level"),
        };
        tx.commit("theme.parent", &summary)?;
        Ok(())
    }

    /// Put a theme at 1-based `position` among its siblings (reports follow
    /// this order). Positions past the end mean last.
    pub fn move_theme(&mut self, theme: &str, position: usize) -> Result<()> {
        let seen = self.data_version()?;
        let tk = self.need_theme(theme)?;
        let parent: Option<i64> =
            self.conn()
                .query_row("SELECT parent_id FROM themes WHERE id = ?", [tk], |r| {
                    r.get(0)
                })?;
        let mut siblings: Vec<i64> = self
            .themes()?
            .into_iter()
            .filter(|t| self.parent_key_of(t.key).ok().flatten() == parent)
            .map(|t| t.key)
            .collect();
        siblings.retain(|&k| k != tk);
        let at = position.max(1).min(siblings.len() + 1) - 1;
        siblings.insert(at, tk);
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.move_theme(theme, position);
        }
        for (i, k) in siblings.iter().enumerate() {
            tx.update("themes", *k, &[("position", &((i + 1) as i64))])?;
        }
        tx.commit(
            "theme.move",
            &format!("moved theme \"{theme}\" to position {}", at + 1),
        )?;
        Ok(())
    }

    /// Move a theme under `parent` (or to the top level with `None`) and to
    /// 1-based `position` among its new siblings, as one change (one undo).
    pub fn move_theme_under(
        &mut self,
        theme: &str,
        parent: Option<&str>,
        position: usize,
    ) -> Result<()> {
        let seen = self.data_version()?;
        let tk = self.need_theme(theme)?;
        let pk = match parent {
            Some(p) => Some(self.need_theme(p)?),
            None => None,
        };
        if let Some(pk) = pk
            && self.theme_ancestors(pk)?.contains(&tk)
        {
            return Err(Error::user(format!(
                "\"{}\" is (inside) \"{theme}\"; a theme cannot be its own ancestor",
                parent.unwrap_or_default()
            )));
        }
        let mut siblings: Vec<i64> = self
            .themes()?
            .into_iter()
            .filter(|t| t.key != tk && t.parent.as_deref() == parent)
            .map(|t| t.key)
            .collect();
        let at = position.max(1).min(siblings.len() + 1) - 1;
        siblings.insert(at, tk);
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.move_theme_under(theme, parent, position);
        }
        tx.update("themes", tk, &[("parent_id", &pk)])?;
        for (i, k) in siblings.iter().enumerate() {
            tx.update("themes", *k, &[("position", &((i + 1) as i64))])?;
        }
        let place = match parent {
            Some(p) => format!("under \"{p}\""),
            None => "to the top level".to_owned(),
        };
        tx.commit(
            "theme.move",
            &format!("moved theme \"{theme}\" {place}, position {}", at + 1),
        )?;
        Ok(())
    }

    fn parent_key_of(&self, key: i64) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .query_row("SELECT parent_id FROM themes WHERE id = ?", [key], |r| {
                r.get(0)
            })?)
    }

    /// Merge `from` into `into`: its codes, subthemes and memo move over, then
    /// `from` is deleted. One event, so one undo restores both themes.
    pub fn merge_themes(&mut self, from: &str, into: &str) -> Result<()> {
        let seen = self.data_version()?;
        let fk = self.need_theme(from)?;
        let ik = self.need_theme(into)?;
        if fk == ik {
            return Err(Error::user("cannot merge a theme into itself"));
        }
        if self.theme_ancestors(ik)?.contains(&fk) {
            return Err(Error::user(format!(
                "\"{into}\" is inside \"{from}\"; merge the other way round"
            )));
        }
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.merge_themes(from, into);
        }
        for (link, code) in theme_links(&tx, fk)? {
            if link_of(&tx, ik, code)?.is_some() {
                tx.delete("theme_codes", link)?;
            } else {
                tx.update("theme_codes", link, &[("theme_id", &ik)])?;
            }
        }
        let base = next_position(&tx)?;
        for (i, child) in keys(
            &tx,
            "SELECT id FROM themes WHERE parent_id = ? ORDER BY position, id",
            fk,
        )?
        .into_iter()
        .enumerate()
        {
            let pos = base + i as i64;
            tx.update("themes", child, &[("parent_id", &ik), ("position", &pos)])?;
        }
        super::memos::move_memo(&mut tx, "theme", fk, ik)?;
        tx.delete("themes", fk)?;
        tx.commit(
            "theme.merge",
            &format!("merged theme \"{from}\" into \"{into}\""),
        )?;
        Ok(())
    }

    /// Split a theme: a new theme `new` (same parent, right after `from`)
    /// takes the given codes away from `from`.
    pub fn split_theme(
        &mut self,
        from: &str,
        new: &str,
        codes: &[&str],
        definition: &str,
    ) -> Result<Theme> {
        let seen = self.data_version()?;
        let fk = self.need_theme(from)?;
        let new = valid_name(new)?;
        if codes.is_empty() {
            return Err(Error::hint(
                "a split needs at least one code to move",
                format!("e.g. `thema theme split \"{from}\" \"{new}\" CODE…`"),
            ));
        }
        let mut links = Vec::new();
        for c in codes {
            let ck = self.need_code(c)?;
            let l: Option<i64> = self
                .conn()
                .query_row(
                    "SELECT id FROM theme_codes WHERE theme_id = ? AND code_id = ?",
                    [fk, ck],
                    |r| r.get(0),
                )
                .optional()?;
            links.push(
                l.ok_or_else(|| Error::user(format!("code \"{c}\" is not in theme \"{from}\"")))?,
            );
        }
        let (parent, pos): (Option<i64>, i64) = self.conn().query_row(
            "SELECT parent_id, position FROM themes WHERE id = ?",
            [fk],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.split_theme(from, &new, codes, definition);
        }
        // Make room right after `from` among its siblings.
        let later: Vec<(i64, i64)> = {
            let mut stmt = tx.conn().prepare(
                "SELECT id, position FROM themes WHERE parent_id IS ? AND position > ? ORDER BY position",
            )?;
            let rows = stmt.query_map(rusqlite::params![parent, pos], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (k, p) in later {
            tx.update("themes", k, &[("position", &(p + 1))])?;
        }
        let nk = create_theme_in(&mut tx, &new, definition, parent, None)?;
        tx.update("themes", nk, &[("position", &(pos + 1))])?;
        for l in links {
            tx.update("theme_codes", l, &[("theme_id", &nk)])?;
        }
        tx.commit(
            "theme.split",
            &format!(
                "split theme \"{from}\": \"{new}\" takes \"{}\"",
                codes.join("\", \"")
            ),
        )?;
        self.theme(&new)
    }

    /// Delete a theme: its code links and memo go (the codes stay), its
    /// subthemes move up to its parent. Undo brings all of it back.
    pub fn delete_theme(&mut self, theme: &str) -> Result<()> {
        let seen = self.data_version()?;
        let tk = self.need_theme(theme)?;
        let parent = self.parent_key_of(tk)?;
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.delete_theme(theme);
        }
        for (link, _) in theme_links(&tx, tk)? {
            tx.delete("theme_codes", link)?;
        }
        for child in keys(&tx, "SELECT id FROM themes WHERE parent_id = ?", tk)? {
            tx.update("themes", child, &[("parent_id", &parent)])?;
        }
        super::memos::delete_memo_of(&mut tx, "theme", tk)?;
        tx.delete("themes", tk)?;
        tx.commit("theme.delete", &format!("deleted theme \"{theme}\""))?;
        Ok(())
    }

    /// Every event that touched the theme, its code links or its memo,
    /// oldest first: the audit trail of a theme.
    pub fn theme_history(&self, theme: &str) -> Result<Vec<Event>> {
        let tk = self.need_theme(theme)?;
        // The theme's row, its code links and its memo, by either image.
        let mut stmt = self.conn().prepare_cached(
            "SELECT event_id FROM event_rows WHERE tbl = 'themes' AND row_id = ?1
             UNION SELECT event_id FROM event_rows WHERE tbl = 'theme_codes'
                AND (json_extract(before, '$.theme_id') = ?1 OR json_extract(after, '$.theme_id') = ?1)
             UNION SELECT event_id FROM event_rows WHERE tbl = 'memos'
                AND ((json_extract(before, '$.target_kind') = 'theme' AND json_extract(before, '$.target_id') = ?1)
                  OR (json_extract(after, '$.target_kind') = 'theme' AND json_extract(after, '$.target_id') = ?1))",
        )?;
        let direct: HashSet<i64> = stmt
            .query_map([tk], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // Undo/redo events of those changes belong to the trail too.
        let mut ids = direct.clone();
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id FROM events WHERE target = ?")?;
        for d in &direct {
            for id in stmt.query_map([d], |r| r.get::<_, i64>(0))? {
                ids.insert(id?);
            }
        }
        self.events_by_id(ids)
    }
}

/// Create a theme inside a running change (also used by codebook import).
pub(crate) fn create_theme_in(
    tx: &mut Tx<'_>,
    name: &str,
    definition: &str,
    parent: Option<i64>,
    guid: Option<&str>,
) -> Result<i64> {
    let name = valid_name(name)?;
    let name = name.as_str();
    if let Some((_, existing)) = find_name(tx.conn(), "themes", name)? {
        return Err(exists_already(
            "theme",
            name,
            &existing,
            "see `thema theme list`",
        ));
    }
    let guid = match guid {
        Some(g) => g.to_owned(),
        None => super::codes::default_guid(tx, "themes", "theme", name)?,
    };
    let now = tx.now().to_owned();
    let pos = next_position(tx)?;
    tx.insert(
        "themes",
        &[
            ("name", &name),
            ("definition", &definition.trim()),
            ("parent_id", &parent),
            ("phase", &"candidate"),
            ("position", &pos),
            ("guid", &guid),
            ("created_at", &now),
        ],
    )
}

fn next_position(tx: &Tx<'_>) -> Result<i64> {
    Ok(tx.conn().query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM themes",
        [],
        |r| r.get(0),
    )?)
}

fn link_of(tx: &Tx<'_>, theme: i64, code: i64) -> Result<Option<i64>> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT id FROM theme_codes WHERE theme_id = ? AND code_id = ?")?
        .query_row([theme, code], |r| r.get(0))
        .optional()?)
}

/// (link id, code key) of a theme's code links.
fn theme_links(tx: &Tx<'_>, theme: i64) -> Result<Vec<(i64, i64)>> {
    let mut stmt = tx
        .conn()
        .prepare_cached("SELECT id, code_id FROM theme_codes WHERE theme_id = ? ORDER BY id")?;
    let rows = stmt.query_map([theme], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Parents before children (depth-first), siblings by position then name.
fn tree_order(all: Vec<Theme>) -> Vec<Theme> {
    crate::tree::order(
        all,
        |t| &t.name,
        |t| t.parent.as_deref(),
        |a, b| {
            a.position
                .cmp(&b.position)
                .then_with(|| crate::text::natural_cmp(&a.name, &b.name))
        },
    )
}
