//! One change = one SQLite transaction = one event.
//!
//! `Tx` wraps a transaction and records every row it inserts, updates or
//! deletes as a [`RowChange`] with the row's full before and after values.
//! `commit` writes those changes into the append-only event log in the same
//! transaction, so the log can never disagree with the data. Undo and redo
//! replay the recorded rows, which is why the store never relies on ON DELETE
//! CASCADE: a cascaded delete would not be recorded and could not be undone.

use crate::error::{Error, Result};
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, ToSql, Transaction, TransactionBehavior, params_from_iter};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Tables whose rows events may touch (guards the SQL built from event JSON).
pub(crate) const TABLES: &[&str] = &[
    "documents",
    "attributes",
    "codes",
    "excerpts",
    "excerpt_codes",
    "themes",
    "theme_codes",
    "memos",
];

pub type Row = Map<String, Value>;

/// One row touched by a change: absent `before` means inserted, absent
/// `after` means deleted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RowChange {
    pub table: String,
    pub id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Row>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Row>,
}

pub struct Tx<'a> {
    tx: Transaction<'a>,
    coder: String,
    now: String,
    changes: Vec<RowChange>,
    /// Removed (dropped) after the transaction ends, see `file::LockNote`.
    note: Option<super::file::LockNote>,
}

impl<'a> Tx<'a> {
    pub(crate) fn begin(conn: &'a mut Connection, coder: &str) -> Result<Tx<'a>> {
        // IMMEDIATE takes the write lock up front, so a concurrent writer waits
        // on the busy timeout instead of failing half-way through a change.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now: String =
            tx.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", [], |r| {
                r.get(0)
            })?;
        Ok(Tx {
            tx,
            coder: coder.to_owned(),
            now,
            changes: Vec::new(),
            note: None,
        })
    }

    /// Keep `note` until this change is committed or rolled back.
    pub(crate) fn hold(&mut self, note: super::file::LockNote) {
        self.note = Some(note);
    }

    /// The timestamp of this change (UTC, ISO 8601).
    pub fn now(&self) -> &str {
        &self.now
    }

    pub fn coder(&self) -> &str {
        &self.coder
    }

    /// Read-only access for lookups inside the change.
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    pub fn insert(&mut self, table: &str, cols: &[(&str, &dyn ToSql)]) -> Result<i64> {
        let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
        let marks = vec!["?"; cols.len()].join(", ");
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({marks})",
            names.join(", ")
        );
        self.tx
            .prepare_cached(&sql)?
            .execute(params_from_iter(cols.iter().map(|(_, v)| *v)))?;
        let id = self.tx.last_insert_rowid();
        let after = read_row(&self.tx, table, id)?;
        self.changes.push(RowChange {
            table: table.to_owned(),
            id,
            before: None,
            after,
        });
        Ok(id)
    }

    pub fn update(&mut self, table: &str, id: i64, cols: &[(&str, &dyn ToSql)]) -> Result<()> {
        let before = read_row(&self.tx, table, id)?;
        let sets: Vec<String> = cols.iter().map(|(n, _)| format!("{n} = ?")).collect();
        let sql = format!("UPDATE {table} SET {} WHERE id = ?", sets.join(", "));
        let mut params: Vec<&dyn ToSql> = cols.iter().map(|(_, v)| *v).collect();
        params.push(&id);
        self.tx
            .prepare_cached(&sql)?
            .execute(params_from_iter(params))?;
        let after = read_row(&self.tx, table, id)?;
        if before != after {
            self.changes.push(RowChange {
                table: table.to_owned(),
                id,
                before,
                after,
            });
        }
        Ok(())
    }

    pub fn delete(&mut self, table: &str, id: i64) -> Result<()> {
        let before = read_row(&self.tx, table, id)?;
        if before.is_none() {
            return Ok(());
        }
        self.tx
            .prepare_cached(&format!("DELETE FROM {table} WHERE id = ?"))?
            .execute([id])?;
        self.changes.push(RowChange {
            table: table.to_owned(),
            id,
            before,
            after: None,
        });
        Ok(())
    }

    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty()
    }

    /// Commit the change and log it as one event; returns the event id, or
    /// `None` when nothing changed (no empty events clutter the log).
    pub fn commit(self, action: &str, summary: &str) -> Result<Option<i64>> {
        self.commit_event(action, summary, None)
    }

    pub(crate) fn commit_event(
        self,
        action: &str,
        summary: &str,
        target: Option<i64>,
    ) -> Result<Option<i64>> {
        if self.changes.is_empty() {
            self.tx.commit()?;
            return Ok(None);
        }
        let changes = serde_json::to_string(&self.changes)?;
        self.tx.execute(
            "INSERT INTO events (at, coder, action, summary, target, changes) VALUES (?, ?, ?, ?, ?, ?)",
            rusqlite::params![self.now, self.coder, action, summary, target, changes],
        )?;
        let id = self.tx.last_insert_rowid();
        self.tx.commit()?;
        Ok(Some(id))
    }

    /// Put a table row into the given state (used by undo and redo): `None`
    /// deletes it, `Some(row)` inserts or overwrites it. Recorded like any change.
    pub(crate) fn restore(&mut self, table: &str, id: i64, state: Option<&Row>) -> Result<()> {
        if !TABLES.contains(&table) {
            return Err(Error::Internal(format!(
                "event log names unknown table {table}"
            )));
        }
        let before = read_row(&self.tx, table, id)?;
        match state {
            None => {
                self.tx
                    .execute(&format!("DELETE FROM {table} WHERE id = ?"), [id])?;
            }
            Some(row) => {
                let names: Vec<&String> = row.keys().collect();
                for n in &names {
                    if !n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                        return Err(Error::Internal(format!("bad column name {n} in event log")));
                    }
                }
                let values: Vec<SqlValue> = row.values().map(json_to_sql).collect();
                let marks = vec!["?"; names.len()].join(", ");
                let cols: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
                let sql = format!(
                    "INSERT OR REPLACE INTO {table} ({}) VALUES ({marks})",
                    cols.join(", ")
                );
                self.tx.execute(&sql, params_from_iter(values.iter()))?;
            }
        }
        let after = read_row(&self.tx, table, id)?;
        self.changes.push(RowChange {
            table: table.to_owned(),
            id,
            before,
            after,
        });
        Ok(())
    }

    /// Let foreign keys be checked at commit rather than per statement, so a
    /// replay may restore parent and child rows in either order.
    pub(crate) fn defer_foreign_keys(&self) -> Result<()> {
        self.tx.pragma_update(None, "defer_foreign_keys", true)?;
        Ok(())
    }
}

pub(crate) fn read_row(conn: &Connection, table: &str, id: i64) -> Result<Option<Row>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT * FROM {table} WHERE id = ?"))?;
    let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
    let mut rows = stmt.query([id])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let mut map = Map::new();
    for (i, name) in names.into_iter().enumerate() {
        let v = match r.get_ref(i)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::from(n),
            ValueRef::Real(f) => Value::from(f),
            ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(_) => {
                return Err(Error::Internal(format!("unexpected blob in {table}")));
            }
        };
        map.insert(name, v);
    }
    Ok(Some(map))
}

fn json_to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(*b as i64),
        Value::Number(n) => n
            .as_i64()
            .map(SqlValue::Integer)
            .unwrap_or_else(|| SqlValue::Real(n.as_f64().unwrap_or(0.0))),
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}
