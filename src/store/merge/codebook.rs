//! Merging codes and themes: matched by GUID, then by name key (NFC, lower
//! case). A match whose parent or definition differs, or a GUID that names
//! another code here than there (a rename in one of the projects), is a
//! conflict for a person to settle. The rest is settled by order-free rules:
//! an empty definition takes the other one, the smaller spelling, GUID and
//! colour win, the later theme phase wins.

use super::{Merged, Source};
use crate::error::Result;
use crate::store::Tx;
use crate::text::name::key;
use rusqlite::ToSql;
use std::collections::HashMap;

/// One code or theme row. `extra` is a code's colour or a theme's phase;
/// `texts` are the kind's text columns (`Kind::texts`), in that order.
#[derive(Debug, Clone)]
struct Node {
    id: i64,
    name: String,
    parent: Option<i64>,
    extra: Option<String>,
    guid: String,
    created_at: String,
    position: Option<i64>,
    codable: i64,
    texts: Vec<String>,
}

struct Kind {
    table: &'static str,
    word: &'static str,
    /// Text columns: an empty one takes the other project's value, two
    /// different non-empty ones are a conflict.
    texts: &'static [&'static str],
    extra_col: &'static str,
    select: &'static str,
}

const CODES: Kind = Kind {
    table: "codes",
    word: "code",
    texts: &[
        "description",
        "definition",
        "use_when",
        "not_use_when",
        "examples",
    ],
    extra_col: "colour",
    select: "SELECT id, name, parent_id, colour, guid, created_at, position, codable,
                    description, definition, use_when, not_use_when, examples FROM codes",
};

const THEMES: Kind = Kind {
    table: "themes",
    word: "theme",
    texts: &["definition"],
    extra_col: "phase",
    select: "SELECT id, name, parent_id, phase, guid, created_at, position, 1, definition FROM themes",
};

/// An empty text column (`examples` is a JSON list).
fn blank(v: &str) -> bool {
    v.is_empty() || v == "[]"
}

fn read_nodes(conn: &rusqlite::Connection, kind: &Kind) -> rusqlite::Result<Vec<Node>> {
    let mut st = conn.prepare(kind.select)?;
    let rows = st.query_map([], |r| {
        let mut texts = Vec::with_capacity(kind.texts.len());
        for i in 0..kind.texts.len() {
            texts.push(r.get(8 + i)?);
        }
        Ok(Node {
            id: r.get(0)?,
            name: r.get(1)?,
            parent: r.get(2)?,
            extra: r.get(3)?,
            guid: r.get(4)?,
            created_at: r.get(5)?,
            position: r.get(6)?,
            codable: r.get(7)?,
            texts,
        })
    })?;
    rows.collect()
}

pub(super) fn codes(
    tx: &mut Tx<'_>,
    s: &mut Source,
    conflicts: &mut Vec<String>,
    out: &mut Merged,
) -> Result<()> {
    out.codes += nodes(tx, s, &CODES, conflicts)?;
    Ok(())
}

pub(super) fn themes(
    tx: &mut Tx<'_>,
    s: &mut Source,
    conflicts: &mut Vec<String>,
    out: &mut Merged,
) -> Result<()> {
    out.themes += nodes(tx, s, &THEMES, conflicts)?;
    theme_codes(tx, s)
}

/// Which of two values of `extra` wins, whatever the order of merging.
fn settle_extra(kind: &Kind, here: &Option<String>, there: &Option<String>) -> Option<String> {
    match (here, there) {
        (None, x) | (x, None) => x.clone(),
        (Some(a), Some(b)) if kind.table == "themes" => {
            let rank = |p: &str| {
                ["candidate", "reviewed", "defined"]
                    .iter()
                    .position(|x| *x == p)
            };
            Some(if rank(b) > rank(a) {
                b.clone()
            } else {
                a.clone()
            })
        }
        (Some(a), Some(b)) => Some(a.min(b).clone()),
    }
}

/// Merge one kind of tree; returns how many rows were added.
fn nodes(
    tx: &mut Tx<'_>,
    s: &mut Source,
    kind: &Kind,
    conflicts: &mut Vec<String>,
) -> Result<usize> {
    let theirs = s.read(|c| read_nodes(c, kind))?;
    let mut rows: HashMap<i64, Node> = read_nodes(tx.conn(), kind)?
        .into_iter()
        .map(|n| (n.id, n))
        .collect();
    let mut by_guid: HashMap<String, i64> = rows.values().map(|n| (n.guid.clone(), n.id)).collect();
    let mut by_key: HashMap<String, i64> = rows.values().map(|n| (key(&n.name), n.id)).collect();
    // Parents before children, so a parent is mapped when its child comes.
    let parent_of: HashMap<i64, Option<i64>> = theirs.iter().map(|n| (n.id, n.parent)).collect();
    let depth = |mut id: i64| {
        let mut d = 0;
        while let Some(Some(p)) = parent_of.get(&id) {
            d += 1;
            id = *p;
            if d > parent_of.len() {
                break;
            }
        }
        d
    };
    let mut order: Vec<&Node> = theirs.iter().collect();
    order.sort_by_key(|n| (depth(n.id), n.id));
    let name_of = |rows: &HashMap<i64, Node>, id: Option<i64>| match id {
        Some(id) => rows
            .get(&id)
            .map_or_else(|| format!("#{id}"), |n| format!("\"{}\"", n.name)),
        None => "none".to_owned(),
    };
    let mut added = 0;
    for n in order {
        let parent = n.parent.and_then(|p| s.map.get(kind.table, p));
        let by_id = by_guid.get(&n.guid).copied();
        let found = by_id.or_else(|| by_key.get(&key(&n.name)).copied());
        let Some(here_id) = found else {
            let mut cols: Vec<(&str, &dyn ToSql)> = vec![
                ("name", &n.name),
                ("parent_id", &parent),
                (kind.extra_col, &n.extra),
                ("guid", &n.guid),
                ("created_at", &n.created_at),
                ("position", &n.position),
            ];
            if kind.table == "codes" {
                cols.push(("codable", &n.codable));
            }
            for (c, v) in kind.texts.iter().zip(&n.texts) {
                cols.push((c, v));
            }
            let id = tx.insert(kind.table, &cols)?;
            let node = Node {
                id,
                parent,
                ..n.clone()
            };
            by_guid.insert(node.guid.clone(), id);
            by_key.insert(key(&node.name), id);
            rows.insert(id, node);
            s.map.set(kind.table, n.id, id);
            added += 1;
            continue;
        };
        s.map.set(kind.table, n.id, here_id);
        let here = rows[&here_id].clone();
        let (w, label) = (kind.word, &s.label);
        let mut clash = false;
        if by_id.is_some() && key(&here.name) != key(&n.name) {
            conflicts.push(format!(
                "{w} \"{}\" here is \"{}\" in {label} (the same {w}, renamed in one of them)",
                here.name, n.name
            ));
            clash = true;
        }
        if here.parent != parent {
            conflicts.push(format!(
                "{w} \"{}\": parent {} here, {} in {label}",
                here.name,
                name_of(&rows, here.parent),
                n.parent
                    .map_or("none".to_owned(), |_| name_of(&rows, parent)),
            ));
        }
        for (i, col) in kind.texts.iter().enumerate() {
            let (mine, theirs) = (&here.texts[i], &n.texts[i]);
            if !blank(mine) && !blank(theirs) && mine != theirs {
                conflicts.push(format!(
                    "{w} \"{}\": its {} here differs from the one in {label}",
                    here.name,
                    col.replace('_', " ")
                ));
            }
        }
        if here.codable != n.codable {
            conflicts.push(format!(
                "{w} \"{}\": a category here or in {label} (not codable), a code in the other",
                here.name
            ));
        }
        // Differences with one answer whatever the order of merging.
        let mut set: Vec<(&str, Option<String>)> = Vec::new();
        for (i, col) in kind.texts.iter().enumerate() {
            if blank(&here.texts[i]) && !blank(&n.texts[i]) {
                set.push((col, Some(n.texts[i].clone())));
            }
        }
        if !clash && n.name < here.name {
            set.push(("name", Some(n.name.clone())));
        }
        if n.guid < here.guid && by_id.is_none() {
            set.push(("guid", Some(n.guid.clone())));
        }
        let extra = settle_extra(kind, &here.extra, &n.extra);
        if extra != here.extra {
            set.push((kind.extra_col, extra));
        }
        let mut cols: Vec<(&str, &dyn ToSql)> =
            set.iter().map(|(c, v)| (*c, v as &dyn ToSql)).collect();
        let position = n.position;
        if kind.table == "codes" && here.position.is_none() && position.is_some() {
            cols.push(("position", &position));
        }
        if cols.is_empty() {
            continue;
        }
        tx.update(kind.table, here_id, &cols)?;
        if let Some(node) = rows.get_mut(&here_id) {
            node.position = node.position.or(position);
        }
        let node = rows.get_mut(&here_id).expect("found above");
        for (c, v) in set {
            let v = v.unwrap_or_default();
            match c {
                "name" => node.name = v,
                "guid" => {
                    by_guid.insert(v.clone(), here_id);
                    node.guid = v;
                }
                c if c == kind.extra_col => node.extra = Some(v),
                c => {
                    if let Some(i) = kind.texts.iter().position(|t| *t == c) {
                        node.texts[i] = v;
                    }
                }
            }
        }
    }
    Ok(added)
}

/// The codes of each theme: the union of both projects' links.
fn theme_codes(tx: &mut Tx<'_>, s: &mut Source) -> Result<()> {
    let rows: Vec<(i64, i64, i64)> = s.read(|c| {
        let mut st = c.prepare("SELECT id, theme_id, code_id FROM theme_codes ORDER BY id")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect()
    })?;
    let mut have: HashMap<(i64, i64), i64> = {
        let mut st = tx
            .conn()
            .prepare("SELECT id, theme_id, code_id FROM theme_codes")?;
        let rows = st.query_map([], |r| Ok(((r.get(1)?, r.get(2)?), r.get(0)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, theme, code) in rows {
        let (Some(theme), Some(code)) = (s.map.get("themes", theme), s.map.get("codes", code))
        else {
            continue;
        };
        let to = match have.get(&(theme, code)) {
            Some(&t) => t,
            None => {
                let t = tx.insert("theme_codes", &[("theme_id", &theme), ("code_id", &code)])?;
                have.insert((theme, code), t);
                t
            }
        };
        s.map.set("theme_codes", id, to);
    }
    Ok(())
}
