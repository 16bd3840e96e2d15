//! Keeping the app's copies in step with the project: after the app's own
//! write (only what it touched), after an undo (the lists), after another
//! program's commit (`sync_external`, checked before each event), and after
//! a resize (rewrap). Also the open document's code colours, chosen again
//! whenever its marks change.

use super::app::{App, Screen};
use crate::error::Result;
use crate::text;
use std::collections::HashMap;

impl App {
    /// Choose the open document's code colours again (after its marks or
    /// the codes changed).
    pub(crate) fn recolour(&mut self) {
        let stored: HashMap<&str, Option<&str>> = self
            .codes
            .list
            .iter()
            .map(|c| (c.name.as_str(), c.colour.as_deref()))
            .collect();
        self.doc_colours = match &self.reader {
            Some(r) => super::stripes::document_colours(
                &r.marks,
                &super::colour::palette(),
                |c| super::colour::stored_colour(stored.get(c).copied().flatten()),
                super::colour::palette_index,
            ),
            None => HashMap::new(),
        };
    }

    pub(crate) fn reload_lists(&mut self) -> Result<()> {
        self.documents.reload(&self.project)?;
        self.codes.reload(&self.project)
    }

    /// Pick up changes another program committed to the project (a CLI
    /// command in another terminal): reload the lists and, if the open
    /// document was re-imported, its text. Returns whether anything changed.
    pub fn sync_external(&mut self) -> bool {
        let Ok(v) = self.project.data_version() else {
            return false;
        };
        if v == self.data_version {
            return false;
        }
        self.data_version = v;
        if let Some(r) = &self.reader {
            let id = r.doc.id.clone();
            let cursor = r.cursor;
            match self.project.document(&id) {
                Ok(doc) if doc.sha256 != r.doc.sha256 => {
                    // Offsets refer to the new text now: reopen it.
                    self.reader = None;
                    if self.open(&id).is_ok() {
                        let at = self
                            .reader
                            .as_ref()
                            .map(|r| text::floor_grapheme(&r.doc.text, cursor));
                        if let Some(at) = at {
                            self.set_cursor(at);
                        }
                    }
                }
                Ok(_) => {}
                // The document is gone (an import was undone elsewhere).
                Err(_) => self.reader = None,
            }
        }
        self.refresh(None);
        if self.reader.is_none()
            && let Some(first) = self.documents.list.first().map(|d| d.id.clone())
        {
            let _ = self.open(&first);
        }
        self.message = Some("the project was changed outside the workbench; reloaded".into());
        true
    }

    /// Refresh after a change to the codings of one document (code, uncode,
    /// widen or narrow): that document's marks, excerpt count and progress,
    /// the counts of the codes involved and, if one of them is highlighted,
    /// its excerpt list — each an indexed read of what changed, not a
    /// reload of every list (which takes a second on a million excerpts).
    /// `whole`: the highlighted code's per-document counts are read again
    /// (it just became highlighted), else only `doc`'s.
    pub(crate) fn refresh_coding(&mut self, doc: &str, codes: &[String], whole: bool) {
        let res = (|| -> Result<()> {
            if self.reader.as_ref().is_some_and(|r| r.doc.id == doc) {
                let marks = self.marks_for(doc)?;
                if let Some(r) = &mut self.reader {
                    r.marks = marks;
                }
            }
            if let Some(d) = self.documents.list.iter_mut().find(|d| d.id == doc) {
                d.excerpts = self.project.document_excerpt_count(doc)?;
            }
            for name in codes {
                if let Some(c) = self.codes.list.iter_mut().find(|c| c.name == *name) {
                    c.excerpts = self.project.code_link_count(name)?;
                }
            }
            if self
                .codes
                .selected()
                .is_some_and(|c| codes.contains(&c.name))
            {
                if whole {
                    self.codes.reload_excerpts(&self.project)?;
                } else {
                    self.codes.reload_doc(&self.project, doc)?;
                }
            }
            Ok(())
        })();
        if let Err(e) = res {
            self.message = Some(format!("error: {e}"));
        }
        self.recount_coders(codes);
        self.recolour();
        self.documents.progress.remove(doc);
        self.ensure_progress();
        if self.screen == Screen::Themes {
            self.reload_themes();
        }
        if let Some(i) = self.hits.docs.iter().position(|d| d.doc == doc) {
            self.hits.marks[i] = None;
        }
    }

    /// Reload what a change may have touched; `doc` limits progress updates.
    pub(crate) fn refresh(&mut self, doc: Option<&str>) {
        let res = (|| -> Result<()> {
            self.reload_lists()?;
            if let Some(id) = self.reader.as_ref().map(|r| r.doc.id.clone()) {
                let marks = self.marks_for(&id)?;
                if let Some(r) = &mut self.reader {
                    r.marks = marks;
                }
            }
            self.reload_coders();
            Ok(())
        })();
        if let Err(e) = res {
            self.message = Some(format!("error: {e}"));
        }
        self.recolour();
        match doc {
            Some(d) => {
                self.documents.progress.remove(d);
            }
            None => self.documents.progress.clear(),
        }
        // `recent` is App state: an undo does not take a code off the list
        // (applying it again recreates the code if the undo removed it).
        self.ensure_progress();
        if self.screen == Screen::Themes {
            self.reload_themes();
        }
        if self.screen == Screen::Coverage {
            self.reload_coverage();
        }
        // The hit list's coded marks (a coding from it, an undo, another
        // program's change).
        self.hits.forget_marks();
        if self.screen == Screen::Hits {
            self.load_hit_marks();
        }
        if self.screen == Screen::Compare {
            self.reload_compare();
        }
        if self.screen == Screen::Memos {
            self.reload_memos();
        }
        if self.screen == Screen::Attributes {
            let doc = self.attributes.doc.clone();
            if let Err(e) = self.attributes.load(&self.project, &doc) {
                self.message = Some(format!("error: {e}"));
            }
        }
        // The open document's attributes (its title) follow edits and undo.
        if let Some(r) = &mut self.reader
            && let Some(d) = self.documents.list.iter().find(|d| d.id == r.doc.id)
        {
            r.doc.attributes = d.attributes.clone();
        }
    }

    pub(crate) fn rewrap(&mut self) {
        let a = self.areas();
        let h = self.text_height();
        if let Some(r) = &mut self.reader {
            r.rewrap(a.text.width as usize);
            r.keep_cursor_visible(h);
        }
        let rows = self.doc_rows();
        self.documents.keep_visible(rows);
        self.codes.keep_visible_loaded(&self.project, &a);
        self.ensure_progress();
        if self.screen == Screen::Hits {
            self.load_hit_marks();
        }
        if self.screen == Screen::Themes {
            let (w, h) = (self.width, self.height);
            if let Err(e) = self.themes.load_review_details(&self.project, w, h) {
                self.message = Some(format!("error: {e}"));
            }
        }
    }
}
