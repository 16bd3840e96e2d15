//! Changes that wait for another thema, without freezing the workbench.
//!
//! A change needs the project's write lock. When another thema holds it (a
//! long undo in another terminal), waiting inside the `Project` call would
//! block the event loop: no redraw, no keys, for as long as the other writer
//! takes. So the workbench's project waits 0 ms ([`Project::set_patience`]):
//! a change that cannot get the lock fails at once and writes nothing, the app
//! keeps what it was about to do as a [`Pending`] write, shows "waiting for
//! another thema…" in the status line and tries again on every event and
//! idle tick, while keys keep working. `Esc` cancels the pending write (an
//! edited memo goes back into its editor), `q` quits (an edited memo is kept
//! as a draft first). After [`busy_timeout`] it gives up and says who held
//! the lock. Only one write waits at a time; another one is refused with the
//! reason until then. Drafts typed meanwhile are kept as soon as the lock is
//! free.
//!
//! [`Project::set_patience`]: crate::store::Project::set_patience

use super::app::App;
use super::mode::{EditState, Mode};
use crate::error::Error;
use crate::model::Span;
use crate::store::busy_timeout;
use std::time::Instant;

/// A change the workbench could not make yet because of the lock, with
/// everything it needs to be made later (not the selection or cursor of
/// then, which the user may have moved since).
#[derive(Debug, Clone)]
pub enum Write {
    Apply {
        doc: String,
        span: Span,
        code: String,
    },
    Uncode {
        excerpt: i64,
        code: String,
    },
    Respan {
        excerpt: i64,
        span: Span,
    },
    Undo,
    Redo,
    /// The editor's text, saved as a memo or a theme definition.
    Save {
        state: EditState,
        text: String,
    },
}

impl Write {
    /// What the write does, for the status line.
    pub fn label(&self) -> String {
        match self {
            Write::Apply { code, .. } => format!("coding “{code}”"),
            Write::Uncode { code, .. } => format!("removing “{code}”"),
            Write::Respan { excerpt, .. } => format!("resizing excerpt {excerpt}"),
            Write::Undo => "undo".into(),
            Write::Redo => "redo".into(),
            Write::Save { state, .. } => format!("saving the text for {}", state.label),
        }
    }
}

/// The write waiting for the lock, since when, and who holds the lock.
#[derive(Debug, Clone)]
pub struct Pending {
    pub write: Write,
    pub since: Instant,
    pub holder: String,
}

impl Pending {
    /// The status line while it waits.
    pub fn note(&self) -> String {
        format!(
            "waiting for another thema ({}) to finish… {} is not saved yet ({} s; Esc cancels it)",
            self.holder,
            self.write.label(),
            self.since.elapsed().as_secs()
        )
    }
}

impl App {
    /// Whether a write is waiting; if so, say that `what` must wait too.
    pub(crate) fn refuse_while_pending(&mut self) -> bool {
        let Some(p) = &self.pending else { return false };
        self.message = Some(format!(
            "still waiting to finish {} (another thema is writing): try again when it is saved, or Esc cancels it",
            p.write.label()
        ));
        true
    }

    /// A write returned `e`: if only the lock was in the way, keep it as
    /// the pending write; otherwise show the error.
    pub(crate) fn write_failed(&mut self, e: Error, write: Write) {
        if self.project.gave_up_waiting() {
            let p = Pending {
                write,
                since: Instant::now(),
                holder: self.project.lock_holder(),
            };
            // The status line shows `Pending::note`, counting the seconds.
            self.message = None;
            self.pending = Some(p);
        } else {
            self.message = Some(format!("error: {e}"));
            if let Write::Save { state, .. } = write {
                // The text stays in its editor.
                self.mode = Mode::Edit(state);
            }
        }
    }

    /// Make `write` now (from a key, or again from [`App::retry_pending`]).
    pub(crate) fn perform(&mut self, write: Write) {
        match write {
            Write::Apply { doc, span, code } => self.apply_span(doc, span, &code),
            Write::Uncode { excerpt, code } => self.uncode(excerpt, &code),
            Write::Respan { excerpt, span } => self.respan(excerpt, span),
            Write::Undo => super::coding::undo_redo(self, true),
            Write::Redo => super::coding::undo_redo(self, false),
            Write::Save { state, text } => super::overlays::save(self, state, text),
        }
    }

    /// Try the pending write again (and keep a draft that could not be
    /// kept); called before every event and on the idle tick. Returns
    /// whether the screen changed.
    pub fn retry_pending(&mut self) -> bool {
        let mut changed = false;
        if self.draft_unkept
            && let Mode::Edit(e) = &self.mode
        {
            let e = e.clone();
            self.draft_unkept = false;
            super::drafts::keep(self, &e);
            changed = true;
        }
        let Some(p) = self.pending.take() else {
            return changed;
        };
        if p.since.elapsed() >= busy_timeout() {
            self.message = Some(format!(
                "gave up after {} s: {} is still changing the project; {} was not saved",
                p.since.elapsed().as_secs(),
                p.holder,
                p.write.label()
            ));
            if let Write::Save { state, .. } = p.write {
                self.mode = Mode::Edit(state);
            }
            return true;
        }
        let (since, message) = (p.since, self.message.clone());
        self.perform(p.write);
        match &mut self.pending {
            // Still locked: keep counting from the first try; the message
            // of the user's last key stays.
            Some(again) => {
                again.since = since;
                self.message = message;
                true
            }
            None => true,
        }
    }

    /// Esc while a write waits: drop it (an edited text goes back into its
    /// editor, nothing typed is lost).
    pub(crate) fn cancel_pending(&mut self) {
        if let Some(p) = self.pending.take() {
            self.message = Some(format!("cancelled: {} was not saved", p.write.label()));
            if let Write::Save { state, .. } = p.write {
                self.mode = Mode::Edit(state);
            }
        }
    }

    /// Before the workbench closes: an edited text that waits to be saved,
    /// or a draft not yet kept, is kept as a draft now, waiting for the lock
    /// as long as the command line would (the next start reopens it). Other
    /// pending writes are dropped.
    pub fn before_quit(&mut self) {
        self.project.set_patience(None);
        let edit = match self.pending.take().map(|p| p.write) {
            Some(Write::Save { mut state, text }) => {
                state.editor.text = text;
                Some(state)
            }
            _ => None,
        };
        let edit = edit.or_else(|| match (&self.mode, self.draft_unkept) {
            (Mode::Edit(e), true) => Some(e.clone()),
            (Mode::ConfirmQuit(back), true) => match back.as_ref() {
                Mode::Edit(e) => Some(e.clone()),
                _ => None,
            },
            _ => None,
        });
        if let Some(e) = edit {
            let key = e.target.draft_key();
            let _ = self.project.save_draft(&key, &e.label, &e.editor.text);
        }
    }
}
