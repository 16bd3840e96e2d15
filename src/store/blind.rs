//! Blind coding: while it is on, the workbench's views show a coder only
//! their own codings, so a second coder is not primed by the first. It is a
//! project setting (`thema blind on`, stored in `settings`, not an event:
//! switching it is not a coding decision to undo) or a session switch
//! (`--blind` / `THEMA_BLIND=1`). The views in `views.rs` filter on the
//! coder who applied each code (`excerpt_codes.coder`) through
//! [`Project::blind_coder`]; analyses and reports always see everything.

use super::Project;
use crate::error::Result;
use rusqlite::OptionalExtension;

impl Project {
    /// Turn blind coding on for this session, whatever the project setting.
    pub fn set_blind_session(&mut self, on: bool) {
        self.blind = on;
    }

    /// The project setting: blind coding for everyone who opens the project.
    pub fn set_blind_setting(&mut self, on: bool) -> Result<()> {
        self.conn().execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('blind', ?)",
            [if on { "1" } else { "0" }],
        )?;
        Ok(())
    }

    pub fn blind_setting(&self) -> Result<bool> {
        let v: Option<String> = self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = 'blind'", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(v.as_deref() == Some("1"))
    }

    /// Whether other coders' codings are hidden now (session or setting).
    pub fn is_blind(&self) -> Result<bool> {
        Ok(self.blind || self.blind_setting()?)
    }

    /// The coder whose codings alone the views show: the current coder
    /// when blind, else the workbench's coder filter (`coders.rs`), if
    /// any. Blind wins: a blind coder cannot filter to another coder.
    pub(crate) fn blind_coder(&self) -> Result<Option<String>> {
        if self.is_blind()? {
            return Ok(Some(self.coder().to_owned()));
        }
        Ok(self.coder_filter.clone())
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Span;
    use crate::store::Project;

    /// The workbench's views (marks in the reader, a code's excerpts, the
    /// themes screen's counts and review list, recent codes) hide other
    /// coders' codings while blind, and show them again after.
    #[test]
    fn views_show_only_own_codings_when_blind() {
        let mut p = Project::in_memory().unwrap();
        p.import(crate::synth::corpus(1, 1, 200, 1), false).unwrap();
        p.set_coder("anna");
        p.apply_code("S00001", Span::new(0, 20), "A").unwrap();
        p.set_coder("bram");
        p.apply_code("S00001", Span::new(0, 20), "A").unwrap();
        p.apply_code("S00001", Span::new(30, 60), "B").unwrap();
        p.create_theme_with_codes("T", "", None, &["A", "B"])
            .unwrap();
        let seen = |p: &Project| {
            (
                p.excerpt_marks("S00001").unwrap().len(),
                p.code_excerpts("A").unwrap().len(),
                p.review_excerpts(&["A".into(), "B".into()]).unwrap().len(),
                p.theme_excerpt_counts().unwrap().values().sum::<usize>(),
                p.recent_codes(9).unwrap().len(),
            )
        };
        p.set_coder("anna");
        assert_eq!(seen(&p), (3, 2, 3, 3, 2));
        p.set_blind_session(true);
        assert_eq!(seen(&p), (1, 1, 1, 1, 1));
        p.set_blind_session(false);
        p.set_blind_setting(true).unwrap();
        p.set_coder("bram");
        assert_eq!(seen(&p), (2, 1, 2, 2, 2));
        p.set_blind_setting(false).unwrap();
        assert_eq!(seen(&p), (3, 2, 3, 3, 2));
    }
}
