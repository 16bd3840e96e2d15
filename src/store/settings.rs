//! Project settings for reports: the display name of a grouping attribute
//! (`thema settings label unit "eenheid/eenheden"`), which every report uses
//! when `--by-label` is not given, so neither language shows a raw key.
//! Settings of the project file like `blind` and the privacy lists: not
//! analysis data, so not events.

use super::Project;
use crate::error::Result;
use rusqlite::{OptionalExtension, params};

const PREFIX: &str = "label.";

impl Project {
    /// The display label set for attribute `attr` ("eenheid" or
    /// "eenheid/eenheden"), if any.
    pub fn group_label(&self, attr: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key = ?",
                [format!("{PREFIX}{attr}")],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Set (or with `None`, remove) the display label of `attr`.
    pub fn set_group_label(&mut self, attr: &str, label: Option<&str>) -> Result<()> {
        let key = format!("{PREFIX}{attr}");
        match label {
            Some(l) => self.conn().execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                params![key, l],
            )?,
            None => self
                .conn()
                .execute("DELETE FROM settings WHERE key = ?", [key])?,
        };
        Ok(())
    }

    /// Every attribute's display label: (attribute, label), by attribute.
    pub fn group_labels(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT substr(key, 7), value FROM settings WHERE key LIKE 'label.%' ORDER BY key",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn labels_are_set_read_listed_and_removed() {
        let mut p = super::Project::in_memory().unwrap();
        assert_eq!(p.group_label("unit").unwrap(), None);
        p.set_group_label("unit", Some("eenheid/eenheden")).unwrap();
        p.set_group_label("regio", Some("korps")).unwrap();
        p.set_group_label("unit", Some("eenheid")).unwrap();
        assert_eq!(p.group_label("unit").unwrap().as_deref(), Some("eenheid"));
        assert_eq!(
            p.group_labels().unwrap(),
            [
                ("regio".to_owned(), "korps".to_owned()),
                ("unit".to_owned(), "eenheid".to_owned())
            ]
        );
        p.set_group_label("unit", None).unwrap();
        assert_eq!(p.group_label("unit").unwrap(), None);
    }
}
