//! The typing guard. On the themes screen and in the codes pane every letter
//! is a command, and some open an editor or a prompt (`e`, `a`, `R`) that
//! takes the following letters as text: a word typed there by mistake
//! ("geen") would go to the top, open the definition editor and type "en"
//! into it. A person pressing command keys pauses between them; a typed
//! word arrives as a burst. So a letter that comes within [`BURST`] of the
//! previous letter runs only if it is a motion or the same key again after
//! it ran (pressing `K` three times moves a theme three places); anything
//! else is dropped with a message, and so is the rest of that burst. The first letter of a burst cannot be told from a
//! deliberate key and runs; if it opens an editor, what follows is text
//! there (and `Esc` asks before dropping it). Pastes arrive as one event and
//! never reach the commands. Only the real terminal's events are timed
//! ([`super::handle_at`]); scripted events ([`super::handle`]) are not.

use super::action::Action;
use super::app::{App, Pane, Screen};
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
    /// That letter, and whether it ran.
    pub last: Option<(char, bool)>,
    /// Whether this burst was taken for typing (the rest of it is dropped).
    pub typing: bool,
}

fn letter(event: &Event) -> bool {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            matches!(k.code, KeyCode::Char(c) if c.is_alphabetic())
                && !k
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        }
        _ => false,
    }
}

/// A screen where letters are commands.
fn guarded(app: &App) -> bool {
    matches!(app.mode, Mode::Normal) && (app.screen == Screen::Themes || app.focus == Pane::Codes)
}

/// Whether `event` is a letter typed in a burst on a commands-only screen
/// (and so is dropped). Records the time of every letter.
pub(crate) fn swallow(app: &mut App, event: &Event, at: Instant) -> bool {
    if !matches!(event, Event::Key(_)) {
        return false;
    }
    if !letter(event) {
        app.typing = Typing::default();
        return false;
    }
    let Event::Key(k) = event else { return false };
    let KeyCode::Char(c) = k.code else {
        return false;
    };
    let burst = app.typing.at.is_some_and(|t| at.duration_since(t) < BURST);
    let repeat = app.typing.last == Some((c, true));
    app.typing.at = Some(at);
    app.typing.last = Some((c, true));
    if !burst {
        app.typing.typing = false;
    }
    if !guarded(app) || !burst || (repeat && !app.typing.typing) {
        return false;
    }
    let motion = matches!(
        super::keymap::translate(app, event),
        Some(
            Action::Down
                | Action::Up
                | Action::Top
                | Action::Bottom
                | Action::NextExcerpt
                | Action::PrevExcerpt
        )
    );
    if motion && !app.typing.typing {
        return false;
    }
    app.typing.last = Some((c, false));
    app.typing.typing = true;
    app.message =
        Some("typing ignored: letters here are commands, one at a time (? lists them)".into());
    true
}
