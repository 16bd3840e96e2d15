//! The typing guard: only bound keys act, and a word typed by mistake runs
//! no commands. On the themes screen and in the codes pane every letter is
//! a command, and some open an editor or a prompt (`e`, `a`, `R`) that takes
//! the following letters as text: a word typed there by mistake ("geen")
//! would go to the top, open the definition editor and type "en" into it.
//! The keymap table ([`super::keymap::BINDINGS`]) says what each key does
//! there, so the rule reads it rather than a list of its own:
//!
//! - a letter bound to nothing does nothing and says so (everywhere, see
//!   [`super::handle`]); here it also marks its burst as typing;
//! - a letter that comes within [`BURST`] of the previous one acts if its
//!   binding is `fast` (it only moves or shows: `j`, `n`, `z`, a hit list's
//!   `e` and `a`), or repeats the key that just acted (`K K K` moves a theme
//!   three places); a key that changes the project, opens an editor, prompt
//!   or picker, or leaves the screen is taken for typing: it and the rest of
//!   its burst are dropped with a message.
//!
//! The first letter of a burst cannot be told from a deliberate key and
//! acts; if it opens an editor, what follows is text there (and `Esc` asks
//! before dropping it). Pastes arrive as one event and never reach the
//! commands. Only the real terminal's events are timed
//! ([`super::handle_at`]); scripted events ([`super::handle`]) are not.

use super::app::App;
use super::keymap::{self, Ctx};
use super::mode::Mode;
use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use std::time::{Duration, Instant};

/// Letters closer together than this are typing, not commands.
pub const BURST: Duration = Duration::from_millis(150);

/// The guard's memory of the last letter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Typing {
    /// When the last letter came (`None` after any other key).
    pub at: Option<Instant>,
    /// That letter, and whether it acted.
    pub last: Option<(char, bool)>,
    /// Whether this burst was taken for typing (the rest of it is dropped).
    pub typing: bool,
}

/// The letter a key event types (no Ctrl or Alt), if any.
fn letter(event: &Event) -> Option<char> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => match k.code {
            KeyCode::Char(c)
                if c.is_alphabetic()
                    && !k
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(c)
            }
            _ => None,
        },
        _ => None,
    }
}

/// A screen where letters are commands that edit (the keymap's context:
/// the themes screen, or the workbench with the codes pane in focus).
fn guarded(app: &App) -> bool {
    matches!(app.mode, Mode::Normal) && matches!(keymap::context(app), Ctx::Themes | Ctx::Codes)
}

/// Whether `event` is a letter typed in a burst on a commands-only screen
/// (and so is dropped). Records the time of every letter.
pub(crate) fn swallow(app: &mut App, event: &Event, at: Instant) -> bool {
    let Event::Key(k) = event else { return false };
    let Some(c) = letter(event) else {
        app.typing = Typing::default();
        return false;
    };
    let burst = app.typing.at.is_some_and(|t| at.duration_since(t) < BURST);
    let repeat = app.typing.last == Some((c, true));
    app.typing.at = Some(at);
    if !burst {
        app.typing.typing = false;
    }
    if !guarded(app) {
        app.typing.last = Some((c, true));
        return false;
    }
    let Some(binding) = keymap::binding(app, k) else {
        // Unbound: `handle` says so; what follows fast is typing.
        app.typing.last = Some((c, false));
        app.typing.typing = true;
        return burst && {
            typing_ignored(app);
            true
        };
    };
    let acts = !app.typing.typing && (!burst || binding.fast || repeat);
    app.typing.last = Some((c, acts));
    if acts {
        return false;
    }
    app.typing.typing = true;
    typing_ignored(app);
    true
}

fn typing_ignored(app: &mut App) {
    app.message =
        Some("typing ignored: keys that edit need a pause before them (? lists the keys)".into());
}
