//! The event log: undo, redo and history.
//!
//! Undo and redo are themselves events (`undo`/`redo`, pointing at the event
//! they reverse or replay), so the log stays append-only and shows everything
//! that ever happened. Which events are currently "done" is derived by walking
//! the log as a stack, the way an editor's undo stack works: a new change after
//! an undo discards the redo history.

use super::Project;
use super::tx::RowChange;
use crate::error::Result;
use crate::model::Event;
use std::collections::HashSet;

struct Stacks {
    done: Vec<i64>,
    redo: Vec<i64>,
}

impl Project {
    fn stacks(&self) -> Result<Stacks> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, action, target FROM events ORDER BY id")?;
        let mut rows = stmt.query([])?;
        let mut s = Stacks {
            done: Vec::new(),
            redo: Vec::new(),
        };
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let action: String = r.get(1)?;
            let target: Option<i64> = r.get(2)?;
            match (action.as_str(), target) {
                ("undo", Some(t)) => {
                    s.done.retain(|&d| d != t);
                    s.redo.push(t);
                }
                ("redo", Some(t)) => {
                    s.redo.retain(|&d| d != t);
                    s.done.push(t);
                }
                _ => {
                    s.done.push(id);
                    s.redo.clear();
                }
            }
        }
        Ok(s)
    }

    fn event_changes(&self, id: i64) -> Result<(String, Vec<RowChange>)> {
        let (summary, json): (String, String) = self.conn().query_row(
            "SELECT summary, changes FROM events WHERE id = ?",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((summary, serde_json::from_str(&json)?))
    }

    /// Reverse the latest change that is not undone. Returns its summary, or
    /// `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<String>> {
        let Some(target) = self.stacks()?.done.last().copied() else {
            return Ok(None);
        };
        let (summary, changes) = self.event_changes(target)?;
        let mut tx = self.begin()?;
        tx.defer_foreign_keys()?;
        for c in changes.iter().rev() {
            tx.restore(&c.table, c.id, c.before.as_ref())?;
        }
        let line = format!("undo: {summary}");
        tx.commit_event("undo", &line, Some(target))?;
        Ok(Some(summary))
    }

    /// Replay the change most recently undone. Returns its summary, or `None`.
    pub fn redo(&mut self) -> Result<Option<String>> {
        let Some(target) = self.stacks()?.redo.last().copied() else {
            return Ok(None);
        };
        let (summary, changes) = self.event_changes(target)?;
        let mut tx = self.begin()?;
        tx.defer_foreign_keys()?;
        for c in &changes {
            tx.restore(&c.table, c.id, c.after.as_ref())?;
        }
        let line = format!("redo: {summary}");
        tx.commit_event("redo", &line, Some(target))?;
        Ok(Some(summary))
    }

    /// The most recent events, newest first (`limit` 0 = all).
    pub fn log(&self, limit: usize) -> Result<Vec<Event>> {
        let done: HashSet<i64> = self.stacks()?.done.into_iter().collect();
        let limit = if limit == 0 { i64::MAX } else { limit as i64 };
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, at, coder, action, summary, target FROM events ORDER BY id DESC LIMIT ?",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(Event {
                id: r.get(0)?,
                at: r.get(1)?,
                coder: r.get(2)?,
                action: r.get(3)?,
                summary: r.get(4)?,
                target: r.get(5)?,
                undone: false,
            })
        })?;
        let mut out = Vec::new();
        for e in rows {
            let mut e = e?;
            e.undone = e.target.is_none() && !done.contains(&e.id);
            out.push(e);
        }
        Ok(out)
    }

    /// Events that touched a row of `table` with id `id` (oldest first):
    /// the history of a code or theme.
    pub fn history_of(&self, table: &str, id: i64) -> Result<Vec<Event>> {
        // A LIKE prefilter keeps this from parsing every event (an import
        // event holds whole documents); the JSON check below is the truth.
        let needle = format!("%\"table\":\"{table}\",\"id\":{id}%");
        let ids: Vec<i64> = {
            let mut stmt = self
                .conn()
                .prepare("SELECT id FROM events WHERE changes LIKE ? ORDER BY id")?;
            let rows = stmt.query_map([needle], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let log: std::collections::HashMap<i64, Event> =
            self.log(0)?.into_iter().map(|e| (e.id, e)).collect();
        let mut out = Vec::new();
        for eid in ids {
            let (_, changes) = self.event_changes(eid)?;
            if changes.iter().any(|c| c.table == table && c.id == id)
                && let Some(e) = log.get(&eid)
            {
                out.push(e.clone());
            }
        }
        Ok(out)
    }
}
