//! The terminal user interface: read write-ups, select text by word,
//! sentence or paragraph, and code it from the keyboard. Events become
//! [`Action`]s through the one keymap table ([`keymap`]); [`update`] routes
//! an action to the component that has the keyboard ([`components`], or the
//! overlay in [`mode`]), and the [`App`] makes the corresponding [`Project`]
//! call (one call, one transaction); [`views::draw`] renders the state and
//! nothing else. Reader motions and selections are pure ([`selection`]). [`run`] owns the real terminal; [`run_app`] is generic over
//! the backend so tests drive it with ratatui's `TestBackend`.

pub mod action;
pub mod app;
pub mod coders;
mod coding;
pub mod colour;
pub mod components;
mod drafts;
pub mod editor;
pub mod keymap;
pub mod layout;
pub mod line;
mod manage;
pub mod mode;
mod mouse;
pub mod overlays;
pub mod pending;
pub mod picker;
pub mod reader;
mod refresh;
mod screens;
pub mod search;
pub mod selection;
pub mod stripes;
pub mod typing;
pub mod views;
mod workbench;

pub use action::Action;
pub use app::{App, Pane, Screen, TuiOptions, update};
pub use components::themes;
pub use mode::Mode;
pub use selection::Selection;

use crate::error::{Error, Result};
use crate::store::Project;
use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::Backend;

/// Translate one terminal event and apply it. Returns true when the event
/// meant something in the current state.
pub fn handle(app: &mut App, event: &Event) -> bool {
    // Changes committed by another program are picked up before each event
    // (and on the idle tick `run` sends as FocusGained).
    let external = app.sync_external();
    // A change that waits for another thema's lock is tried again.
    let retried = app.retry_pending();
    handle_event(app, event) || external || retried
}

/// [`handle`] for an event that arrived at `at` (the real terminal): letters
/// that come in a burst, as when a word is typed into a screen that takes
/// commands, are not run as commands (see [`typing`]).
pub fn handle_at(app: &mut App, event: &Event, at: std::time::Instant) -> bool {
    if typing::swallow(app, event, at) {
        return true;
    }
    handle(app, event)
}

fn handle_event(app: &mut App, event: &Event) -> bool {
    // A paste goes into the editor or prompt whole, one character at a time.
    if let Event::Paste(text) = event
        && !matches!(app.mode, Mode::Normal | Mode::Help(_))
    {
        // Terminals send line ends as CR, CRLF or LF; the editor wants LF.
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        for c in text.chars() {
            update(app, Action::Input(c));
        }
        return true;
    }
    match keymap::translate(app, event) {
        Some(action) => {
            update(app, action);
            true
        }
        None => unbound(app, event),
    }
}

/// Only bound keys act: a character key bound to nothing where keys are
/// commands says so, rather than leaving the user to guess what happened.
fn unbound(app: &mut App, event: &Event) -> bool {
    use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};
    let Event::Key(k) = event else { return false };
    let KeyCode::Char(c) = k.code else {
        return false;
    };
    if k.kind == KeyEventKind::Release
        || k.modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        || !matches!(app.mode, Mode::Normal)
    {
        return false;
    }
    app.message = Some(format!("“{c}” does nothing here (? lists the keys)"));
    true
}

fn backend_err(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("terminal: {e}"))
}

/// Run the event loop on any backend until the user quits or the events end.
pub fn run_app<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: impl Iterator<Item = Event>,
) -> Result<()> {
    let sync = |terminal: &mut Terminal<B>, app: &mut App| -> Result<()> {
        let size = terminal.size().map_err(backend_err)?;
        if (size.width, size.height) != (app.width, app.height) {
            update(app, Action::Resize(size.width, size.height));
        }
        Ok(())
    };
    sync(terminal, app)?;
    terminal
        .draw(|f| views::draw(f, app))
        .map_err(backend_err)?;
    for event in events {
        let changed = handle_at(app, &event, std::time::Instant::now());
        if app.should_quit {
            app.before_quit();
            break;
        }
        if changed {
            sync(terminal, app)?;
            if matches!(event, Event::Resize(..)) {
                terminal.clear().map_err(backend_err)?;
            }
            terminal
                .draw(|f| views::draw(f, app))
                .map_err(backend_err)?;
        }
    }
    Ok(())
}

/// Whether the kitty keyboard protocol was switched on (and must be popped).
static KEYBOARD_ENHANCED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn restore_terminal() {
    use crossterm::{event::DisableMouseCapture, execute, terminal};
    if KEYBOARD_ENHANCED.swap(false, std::sync::atomic::Ordering::SeqCst) {
        let _ = execute!(
            std::io::stdout(),
            crossterm::event::PopKeyboardEnhancementFlags
        );
    }
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        std::io::stdout(),
        terminal::LeaveAlternateScreen,
        DisableMouseCapture,
        crossterm::event::DisableBracketedPaste,
        crossterm::cursor::Show
    );
}

/// Open the project in the real terminal (raw mode, alternate screen, mouse
/// capture). The terminal is restored on exit, on error and on panic.
pub fn run(project: Project, options: TuiOptions) -> Result<()> {
    run_with(project, options, |_| {})
}

/// [`run`], with `setup` adjusting the app before the first frame (the
/// consensus coder's name from `--consensus`).
pub fn run_with(project: Project, options: TuiOptions, setup: impl FnOnce(&mut App)) -> Result<()> {
    use crossterm::{event::EnableMouseCapture, execute, terminal};
    let mut app = App::new(project, options)?;
    setup(&mut app);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    terminal::enable_raw_mode()?;
    let mut stdout = std::io::stdout();
    // Bracketed paste: a pasted memo arrives as one event, its newlines as
    // text rather than as Enter presses.
    if let Err(e) = execute!(
        stdout,
        terminal::EnterAlternateScreen,
        EnableMouseCapture,
        crossterm::event::EnableBracketedPaste
    ) {
        restore_terminal();
        return Err(e.into());
    }
    // Terminals with the kitty keyboard protocol then report Ctrl-Enter
    // (the editor's save key) as itself rather than as a plain Enter.
    if terminal::supports_keyboard_enhancement().unwrap_or(false)
        && execute!(
            stdout,
            crossterm::event::PushKeyboardEnhancementFlags(
                crossterm::event::KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES
            )
        )
        .is_ok()
    {
        KEYBOARD_ENHANCED.store(true, std::sync::atomic::Ordering::SeqCst);
    }
    let result = (|| {
        let backend = ratatui::backend::CrosstermBackend::new(std::io::stdout());
        let mut terminal = Terminal::new(backend)?;
        terminal.hide_cursor()?;
        // Poll rather than block, so changes made from another terminal show
        // up within a second even while the user is only reading, and a
        // write waiting for another thema is retried a few times a second.
        let events = std::iter::from_fn(|| {
            match crossterm::event::poll(std::time::Duration::from_millis(250)) {
                Ok(true) => crossterm::event::read().ok(),
                Ok(false) => Some(Event::FocusGained),
                Err(_) => None,
            }
        });
        run_app(&mut terminal, &mut app, events)
    })();
    restore_terminal();
    let _ = std::panic::take_hook();
    result
}
