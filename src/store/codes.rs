//! Codes: create, list, rename, merge, re-parent, delete.

use super::{Project, Tx, not_found};
use crate::error::{Error, Result};
use crate::model::{Code, CodeGuide};
use rusqlite::OptionalExtension;

/// Changes to a code's codebook entry; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct CodeEdit {
    pub description: Option<String>,
    pub definition: Option<String>,
    pub use_when: Option<String>,
    pub not_use_when: Option<String>,
    pub examples: Option<Vec<String>>,
    /// `Some(false)` makes the code a category that cannot be applied.
    pub codable: Option<bool>,
}

/// What deleting a code would take with it (for the workbench's "delete?"
/// dialog): the same rules as [`Project::delete_code`], counted, not done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CodeImpact {
    /// Excerpts carrying the code (links removed).
    pub links: usize,
    /// Excerpts that carry no other code, so they are removed too.
    pub excerpts_removed: usize,
    /// Direct subcodes, which move up to the code's parent.
    pub children: usize,
}

/// Every code with its parent's name and its number of excerpt links, kept
/// in `code_counts` (one key lookup per code; counting every link took
/// 0.25 s at a million).
const LIST: &str = "SELECT c.id, c.name, c.description, p.name, c.colour, c.guid,
            coalesce(n.excerpts, 0),
            c.definition, c.use_when, c.not_use_when, c.examples, c.codable, c.position
     FROM codes c LEFT JOIN codes p ON p.id = c.parent_id
          LEFT JOIN code_counts n ON n.code_id = c.id";

impl Project {
    /// What [`Project::delete_code`] would remove, without changing anything.
    /// Two index lookups per link (by code, then by excerpt).
    pub fn code_impact(&self, name: &str) -> Result<CodeImpact> {
        let key = self
            .code_key(name)?
            .ok_or_else(|| not_found("code", name, "thema codes"))?;
        let (links, removed, children): (i64, i64, i64) = self.conn().query_row(
            "SELECT count(*),
                    count(*) FILTER (WHERE NOT EXISTS (
                        SELECT 1 FROM excerpt_codes o
                        WHERE o.excerpt_id = ec.excerpt_id AND o.code_id <> ?1)),
                    (SELECT count(*) FROM codes WHERE parent_id = ?1)
             FROM excerpt_codes ec WHERE ec.code_id = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        Ok(CodeImpact {
            links: links as usize,
            excerpts_removed: removed as usize,
            children: children as usize,
        })
    }

    /// All codes, parents before children, siblings by name.
    pub fn codes(&self) -> Result<Vec<Code>> {
        let mut stmt = self.conn().prepare_cached(LIST)?;
        let rows = stmt.query_map([], |r| {
            Ok(Code {
                key: r.get(0)?,
                name: r.get(1)?,
                description: r.get(2)?,
                parent: r.get(3)?,
                colour: r.get(4)?,
                guid: r.get(5)?,
                excerpts: r.get::<_, i64>(6)? as usize,
                guide: CodeGuide {
                    definition: r.get(7)?,
                    use_when: r.get(8)?,
                    not_use_when: r.get(9)?,
                    examples: examples_from_json(&r.get::<_, String>(10)?),
                },
                codable: r.get(11)?,
                position: r.get(12)?,
            })
        })?;
        let all: Vec<Code> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(tree_order(all))
    }

    /// The code called `name` (compared without case, see [`crate::text::name`]).
    pub fn code(&self, name: &str) -> Result<Code> {
        let found = find_name(self.conn(), "codes", name)?.map(|(k, _)| k);
        self.codes()?
            .into_iter()
            .find(|c| Some(c.key) == found)
            .ok_or_else(|| not_found("code", name, "thema codes"))
    }

    pub(crate) fn code_key(&self, name: &str) -> Result<Option<i64>> {
        Ok(find_name(self.conn(), "codes", name)?.map(|(k, _)| k))
    }

    /// Create a code. The name must be new; `parent` must exist.
    pub fn create_code(
        &mut self,
        name: &str,
        description: &str,
        parent: Option<&str>,
    ) -> Result<Code> {
        let mut tx = self.begin()?;
        create_code_in(&mut tx, name, description, parent, None)?;
        tx.commit("code.new", &format!("created code \"{}\"", name.trim()))?;
        self.code(name.trim())
    }

    pub fn rename_code(&mut self, old: &str, new: &str) -> Result<()> {
        let seen = self.data_version()?;
        let new = valid_name(new)?;
        let new = new.as_str();
        let (key, old) = find_name(self.conn(), "codes", old)?
            .ok_or_else(|| not_found("code", old, "thema codes"))?;
        let old = old.as_str();
        if old == new {
            return Ok(());
        }
        // A change of case or accents only is a rename of the same code.
        if find_name(self.conn(), "codes", new)?.is_some_and(|(k, _)| k != key) {
            return Err(Error::hint(
                format!("a code named \"{new}\" exists already"),
                format!("to combine the two, use `thema code merge \"{old}\" \"{new}\"`"),
            ));
        }
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.rename_code(old, new);
        }
        tx.update("codes", key, &[("name", &new)])?;
        tx.commit(
            "code.rename",
            &format!("renamed code \"{old}\" to \"{new}\""),
        )?;
        Ok(())
    }

    pub fn set_code_description(&mut self, name: &str, description: &str) -> Result<()> {
        let seen = self.data_version()?;
        let key = self
            .code_key(name)?
            .ok_or_else(|| not_found("code", name, "thema codes"))?;
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.set_code_description(name, description);
        }
        tx.update("codes", key, &[("description", &description.trim())])?;
        tx.commit("code.describe", &format!("described code \"{name}\""))?;
        Ok(())
    }

    /// Change any of a code's codebook fields as one change. Making a code
    /// a category (not codable) is refused while excerpts carry it.
    pub fn edit_code(&mut self, name: &str, edit: &CodeEdit) -> Result<()> {
        let seen = self.data_version()?;
        let (key, name) = find_name(self.conn(), "codes", name)?
            .ok_or_else(|| not_found("code", name, "thema codes"))?;
        if edit.codable == Some(false) {
            let n: i64 = self.conn().query_row(
                "SELECT count(*) FROM excerpt_codes WHERE code_id = ?",
                [key],
                |r| r.get(0),
            )?;
            if n > 0 {
                return Err(Error::hint(
                    format!(
                        "\"{name}\" is applied to {n} excerpt(s), so it cannot become a category"
                    ),
                    format!(
                        "move them to another code first (`thema code merge \"{name}\" OTHER`)"
                    ),
                ));
            }
        }
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.edit_code(&name, edit);
        }
        let trim = |v: &Option<String>| v.as_deref().map(|s| s.trim().to_owned());
        let examples = edit.examples.as_ref().map(|e| examples_to_json(e));
        let description = trim(&edit.description);
        let definition = trim(&edit.definition);
        let use_when = trim(&edit.use_when);
        let not_use_when = trim(&edit.not_use_when);
        let mut cols: Vec<(&str, &dyn rusqlite::ToSql)> = Vec::new();
        if let Some(v) = &description {
            cols.push(("description", v));
        }
        if let Some(v) = &definition {
            cols.push(("definition", v));
        }
        if let Some(v) = &use_when {
            cols.push(("use_when", v));
        }
        if let Some(v) = &not_use_when {
            cols.push(("not_use_when", v));
        }
        if let Some(v) = &examples {
            cols.push(("examples", v));
        }
        if let Some(v) = &edit.codable {
            cols.push(("codable", v));
        }
        if !cols.is_empty() {
            tx.update("codes", key, &cols)?;
        }
        tx.commit("code.describe", &format!("described code \"{name}\""))?;
        Ok(())
    }

    pub fn set_code_colour(&mut self, name: &str, colour: Option<&str>) -> Result<()> {
        let seen = self.data_version()?;
        let key = self
            .code_key(name)?
            .ok_or_else(|| not_found("code", name, "thema codes"))?;
        if let Some(c) = colour
            && !is_hex_colour(c)
        {
            return Err(Error::hint(
                format!("\"{c}\" is not a colour"),
                "write colours as #rrggbb, e.g. #4e79a7",
            ));
        }
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.set_code_colour(name, colour);
        }
        tx.update("codes", key, &[("colour", &colour)])?;
        tx.commit("code.colour", &format!("set colour of code \"{name}\""))?;
        Ok(())
    }

    /// Move a code under another (or to the top level with `None`).
    pub fn set_code_parent(&mut self, name: &str, parent: Option<&str>) -> Result<()> {
        let seen = self.data_version()?;
        let key = self
            .code_key(name)?
            .ok_or_else(|| not_found("code", name, "thema codes"))?;
        let parent_key = match parent {
            None => None,
            Some(p) => Some(
                self.code_key(p)?
                    .ok_or_else(|| not_found("code", p, "thema codes"))?,
            ),
        };
        if let Some(pk) = parent_key
            && self.code_ancestors(pk)?.contains(&key)
        {
            return Err(Error::user(format!(
                "\"{}\" is inside \"{name}\"; a code cannot be its own ancestor",
                parent.unwrap_or_default()
            )));
        }
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.set_code_parent(name, parent);
        }
        tx.update("codes", key, &[("parent_id", &parent_key)])?;
        let summary = match parent {
            Some(p) => format!("moved code \"{name}\" under \"{p}\""),
            None => format!("moved code \"{name}\" to the top level"),
        };
        tx.commit("code.parent", &summary)?;
        Ok(())
    }

    /// The code itself and all its ancestors' keys.
    fn code_ancestors(&self, key: i64) -> Result<Vec<i64>> {
        let mut out = vec![key];
        let mut current = key;
        while let Some(p) =
            self.conn()
                .query_row("SELECT parent_id FROM codes WHERE id = ?", [current], |r| {
                    r.get::<_, Option<i64>>(0)
                })?
        {
            if out.contains(&p) {
                break;
            }
            out.push(p);
            current = p;
        }
        Ok(out)
    }

    /// Move every excerpt, theme membership and child of `from` to `into`,
    /// then delete `from`. One event, so one undo restores both codes.
    pub fn merge_codes(&mut self, from: &str, into: &str) -> Result<()> {
        let seen = self.data_version()?;
        let fk = self
            .code_key(from)?
            .ok_or_else(|| not_found("code", from, "thema codes"))?;
        let ik = self
            .code_key(into)?
            .ok_or_else(|| not_found("code", into, "thema codes"))?;
        if fk == ik {
            return Err(Error::user("cannot merge a code into itself"));
        }
        // Merging moves the codings onto `into`: a category cannot take them.
        let codings: i64 = self.conn().query_row(
            "SELECT count(*) FROM excerpt_codes WHERE code_id = ?",
            [fk],
            |r| r.get(0),
        )?;
        if codings > 0 {
            ensure_codable(self.conn(), ik)?;
        }
        if self.code_ancestors(ik)?.contains(&fk) {
            return Err(Error::user(format!(
                "\"{into}\" is inside \"{from}\"; merge the other way round"
            )));
        }
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.merge_codes(from, into);
        }
        relink(&mut tx, "excerpt_codes", "excerpt_id", fk, ik)?;
        relink(&mut tx, "theme_codes", "theme_id", fk, ik)?;
        for child in keys(&tx, "SELECT id FROM codes WHERE parent_id = ?", fk)? {
            tx.update("codes", child, &[("parent_id", &ik)])?;
        }
        super::memos::move_memo(&mut tx, "code", fk, ik)?;
        tx.delete("codes", fk)?;
        tx.commit(
            "code.merge",
            &format!("merged code \"{from}\" into \"{into}\""),
        )?;
        Ok(())
    }

    /// Delete a code: its excerpt links go, excerpts left without any code go,
    /// its children move up to its parent. Undo brings all of it back.
    pub fn delete_code(&mut self, name: &str) -> Result<usize> {
        let seen = self.data_version()?;
        let key = self
            .code_key(name)?
            .ok_or_else(|| not_found("code", name, "thema codes"))?;
        let parent: Option<i64> =
            self.conn()
                .query_row("SELECT parent_id FROM codes WHERE id = ?", [key], |r| {
                    r.get(0)
                })?;
        let mut tx = self.begin()?;
        if tx.changed_since(seen)? {
            // Another thema wrote after the checks above: check again.
            drop(tx);
            return self.delete_code(name);
        }
        let links: Vec<(i64, i64)> = {
            let mut stmt = tx
                .conn()
                .prepare_cached("SELECT id, excerpt_id FROM excerpt_codes WHERE code_id = ?")?;
            let rows = stmt.query_map([key], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let n = links.len();
        for (link, excerpt) in links {
            tx.delete("excerpt_codes", link)?;
            super::excerpts::delete_if_uncoded(&mut tx, excerpt)?;
        }
        for tc in keys(&tx, "SELECT id FROM theme_codes WHERE code_id = ?", key)? {
            tx.delete("theme_codes", tc)?;
        }
        for child in keys(&tx, "SELECT id FROM codes WHERE parent_id = ?", key)? {
            tx.update("codes", child, &[("parent_id", &parent)])?;
        }
        super::memos::delete_memo_of(&mut tx, "code", key)?;
        tx.delete("codes", key)?;
        tx.commit(
            "code.delete",
            &format!("deleted code \"{name}\" ({n} excerpt link(s))"),
        )?;
        Ok(n)
    }
}

/// Examples are stored as a JSON array of strings (see `schema_v5.sql`).
pub(crate) fn examples_to_json(examples: &[String]) -> String {
    let kept: Vec<&str> = examples
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty())
        .collect();
    serde_json::to_string(&kept).unwrap_or_else(|_| "[]".into())
}

fn examples_from_json(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

/// Refuse to apply a category (a code with `codable = 0`, REFI-QDA
/// `isCodable="false"`): it only groups codes. Every path that links a code
/// to an excerpt by name (CLI, TUI, batch) resolves the code through here.
pub(crate) fn ensure_codable(conn: &rusqlite::Connection, key: i64) -> Result<()> {
    let (name, codable): (String, bool) = conn
        .prepare_cached("SELECT name, codable FROM codes WHERE id = ?")?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if codable {
        return Ok(());
    }
    Err(Error::hint(
        format!("\"{name}\" is a category: it groups codes and cannot be applied to text"),
        format!(
            "apply one of the codes under it, or make it codable with `thema code describe \"{name}\" --codable`"
        ),
    ))
}

/// Create a code inside a running change (used by apply and codebook import).
pub(crate) fn create_code_in(
    tx: &mut Tx<'_>,
    name: &str,
    description: &str,
    parent: Option<&str>,
    guid: Option<&str>,
) -> Result<i64> {
    let name = valid_name(name)?;
    if let Some((_, existing)) = find_name(tx.conn(), "codes", &name)? {
        return Err(exists_already(
            "code",
            &name,
            &existing,
            "see `thema codes`",
        ));
    }
    create_new_code_in(tx, &name, description, parent, guid)
}

/// [`create_code_in`] for a name already known to be valid and new in every
/// case and Unicode form: bulk writers (codebook and project import) check a
/// whole batch against one pass over the names instead of one per code.
pub(crate) fn create_new_code_in(
    tx: &mut Tx<'_>,
    name: &str,
    description: &str,
    parent: Option<&str>,
    guid: Option<&str>,
) -> Result<i64> {
    let parent_key: Option<i64> = match parent {
        None => None,
        Some(p) => Some(
            find_name(tx.conn(), "codes", p)?
                .ok_or_else(|| not_found("code", p, "thema codes"))?
                .0,
        ),
    };
    let guid = match guid {
        Some(g) => g.to_owned(),
        None => default_guid(tx, "codes", "code", name)?,
    };
    let now = tx.now().to_owned();
    tx.insert(
        "codes",
        &[
            ("name", &name),
            ("description", &description.trim()),
            ("parent_id", &parent_key),
            ("guid", &guid),
            ("created_at", &now),
        ],
    )
}

/// The row of `table` holding a GUID, compared without case (NVivo writes
/// them lower case, thema and most tools upper case), through the
/// `lower(guid)` index of schema 7: without it, one scan per code made a
/// 10,000-code codebook import take 73 s.
pub(crate) fn guid_lookup(table: &str) -> String {
    format!("SELECT id FROM {table} WHERE lower(guid) = lower(?1) LIMIT 1")
}

/// The GUID a new code or theme gets when none is given: derived from its
/// kind and name (UUID v5, see `codebook::guid_for`), so the same codebook
/// exported from two projects carries the same GUIDs into other QDA tools.
/// If that GUID is taken (a renamed code kept it), a random one is used.
pub(crate) fn default_guid(tx: &Tx<'_>, table: &str, kind: &str, name: &str) -> Result<String> {
    let derived = crate::codebook::guid_for(kind, name);
    let taken: Option<i64> = tx
        .conn()
        .query_row(&guid_lookup(table), [&derived], |r| r.get(0))
        .optional()?;
    Ok(match taken {
        None => derived,
        Some(_) => uuid::Uuid::new_v4().to_string().to_uppercase(),
    })
}

/// A name as typed or imported, in its one written form (trimmed, NFC) and
/// without control or invisible characters (see [`crate::text::name`]).
pub(crate) fn valid_name(name: &str) -> Result<String> {
    crate::text::name::clean(name)
        .map_err(|why| Error::user(format!("the name \"{}\" {why}", name.trim().escape_debug())))
}

/// The row of `table` (codes or themes) called `name`, compared by
/// [`crate::text::name::key`]: NFC and without case, so `lage pakkans`
/// finds `Lage pakkans`. Returns its key and its name as stored. The exact
/// name is looked up by index first, then its lower-case form (by index
/// when it is ASCII).
pub(crate) fn find_name(
    conn: &rusqlite::Connection,
    table: &str,
    name: &str,
) -> Result<Option<(i64, String)>> {
    let exact = conn
        .prepare_cached(&format!("SELECT id, name FROM {table} WHERE name = ?"))?
        .query_row([name.trim()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if exact.is_some() {
        return Ok(exact);
    }
    let key = crate::text::name::key(name);
    // A stored name (NFC) whose key is ASCII is ASCII itself, so SQLite's
    // ASCII-only lower() finds it through the `lower(name)` index (schema
    // version 7). Other keys need one pass over the names.
    let sql = if key.is_ascii() {
        format!("SELECT id, name FROM {table} WHERE lower(name) = ?1 ORDER BY id")
    } else {
        format!("SELECT id, name FROM {table} WHERE ?1 IS NOT NULL ORDER BY id")
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([&key])?;
    while let Some(r) = rows.next()? {
        let stored: String = r.get(1)?;
        if crate::text::name::key(&stored) == key {
            return Ok(Some((r.get(0)?, stored)));
        }
    }
    Ok(None)
}

/// "A code named … exists already", naming the existing one when it is
/// written differently (another case or Unicode form).
pub(crate) fn exists_already(kind: &str, name: &str, existing: &str, hint: &str) -> Error {
    if existing == name {
        Error::hint(format!("a {kind} named \"{name}\" exists already"), hint)
    } else {
        Error::hint(
            format!(
                "a {kind} named \"{existing}\" exists already (names are compared without case, so \"{name}\" is the same name)"
            ),
            format!("use \"{existing}\", or rename it with `thema {kind} rename`"),
        )
    }
}

pub(crate) fn is_hex_colour(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit())
}

pub(crate) fn keys(tx: &Tx<'_>, sql: &str, param: i64) -> Result<Vec<i64>> {
    let mut stmt = tx.conn().prepare_cached(sql)?;
    let rows = stmt.query_map([param], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Point the links of code `from` in `table` at code `into`; where the owner
/// (excerpt or theme) already links to `into`, drop the duplicate instead.
fn relink(tx: &mut Tx<'_>, table: &str, owner: &str, from: i64, into: i64) -> Result<()> {
    let links: Vec<(i64, i64)> = {
        let mut stmt = tx.conn().prepare(&format!(
            "SELECT id, {owner} FROM {table} WHERE code_id = ?"
        ))?;
        let rows = stmt.query_map([from], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, owner_id) in links {
        let dup: Option<i64> = tx
            .conn()
            .query_row(
                &format!("SELECT id FROM {table} WHERE {owner} = ? AND code_id = ?"),
                [owner_id, into],
                |r| r.get(0),
            )
            .optional()?;
        if dup.is_some() {
            tx.delete(table, id)?;
        } else {
            tx.update(table, id, &[("code_id", &into)])?;
        }
    }
    Ok(())
}

/// Parents before children (depth-first), siblings in a codebook's order,
/// else by name.
fn tree_order(all: Vec<Code>) -> Vec<Code> {
    // Anything unreachable (a cycle written by hand into the file) still shows.
    crate::tree::order(
        all,
        |c| &c.name,
        |c| c.parent.as_deref(),
        // A codebook file's order first (its author's), then by name.
        |a, b| match (a.position, b.position) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => crate::text::natural_cmp(&a.name, &b.name),
        },
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_list_reads_kept_counts_by_key() {
        let p = super::Project::in_memory().unwrap();
        let plan = super::super::query_plan(&p, super::LIST)
            .unwrap()
            .join("; ");
        assert!(plan.contains("INTEGER PRIMARY KEY"), "{plan}");
        assert!(!plan.contains("excerpt_codes"), "{plan}");
    }
}
