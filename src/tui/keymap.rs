//! The one keymap table. Every binding lives in [`BINDINGS`]: the event
//! translation, the `?` help overlay and the status-line hints are all read
//! from it, so they cannot disagree. A binding belongs to a context (the
//! focused pane or the open overlay); lookups try the specific context first
//! and then the global one. Mouse events are translated here too.

use super::action::Action;
use super::app::{App, Mode, Pane, Screen};
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    Global,
    Documents,
    Reader,
    Codes,
    Picker,
    Prompt,
    Choice,
    /// The themes screen.
    Themes,
    /// The hit list of a search across all documents.
    Hits,
    /// The coverage matrix.
    Coverage,
    /// The compare (settle disagreements) screen.
    Compare,
    /// The memo browser.
    Memos,
    /// A document's attributes.
    Attributes,
    /// The multi-line editor (memos, theme definitions).
    Editor,
    /// "Quit and lose the unsaved text?"
    Confirm,
    /// "Discard the changed draft?" (Esc in the editor)
    Discard,
    /// "Delete this code?" (D in the codes pane)
    Delete,
}

/// One key: a code and the Ctrl/Alt modifiers (Shift is part of the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
        alt: false,
    }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
        alt: false,
    }
}
const fn code(code: KeyCode) -> Key {
    Key {
        code,
        ctrl: false,
        alt: false,
    }
}
const fn ctrl_code(code: KeyCode) -> Key {
    Key {
        code,
        ctrl: true,
        alt: false,
    }
}
const fn alt_char(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
        alt: true,
    }
}
const fn alt(code: KeyCode) -> Key {
    Key {
        code,
        ctrl: false,
        alt: true,
    }
}

/// A row of the keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub ctx: Ctx,
    pub keys: &'static [Key],
    pub action: Action,
    /// How the keys are written in help and hints ("" hides the row).
    pub label: &'static str,
    pub help: &'static str,
    /// Short text for the status-line hints of this context ("" = none).
    pub hint: &'static str,
    /// Safe to act on fast, in the middle of typed letters: it moves or
    /// shows, and neither changes the project, nor opens an editor, prompt
    /// or picker, nor leaves the screen (see [`super::typing`]).
    pub fast: bool,
}

const fn b(
    ctx: Ctx,
    keys: &'static [Key],
    action: Action,
    label: &'static str,
    help: &'static str,
    hint: &'static str,
) -> Binding {
    Binding {
        ctx,
        keys,
        action,
        label,
        help,
        hint,
        fast: false,
    }
}

/// [`b`] for a binding that is safe in a burst of letters ([`Binding::fast`]).
const fn fast(
    ctx: Ctx,
    keys: &'static [Key],
    action: Action,
    label: &'static str,
    help: &'static str,
    hint: &'static str,
) -> Binding {
    Binding {
        fast: true,
        ..b(ctx, keys, action, label, help, hint)
    }
}

use Ctx::*;
use KeyCode as KC;

/// Every key binding of the TUI, one row per binding: context, keys,
/// action, how help writes the keys ("" hides the row), the help text and
/// the status-line hint ("" = none). `fast` rows only move or show, and so
/// act even in the middle of a burst of typed letters; `b` rows need a
/// pause before them there ([`super::typing`]).
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    b(Global, &[code(KC::Tab)], Action::FocusNext, "Tab", "next pane", "pane"),
    b(Global, &[code(KC::BackTab)], Action::FocusPrev, "S-Tab", "previous pane", ""),
    fast(Global, &[k('j'), code(KC::Down)], Action::Down, "j k ↓ ↑", "move down / up", ""),
    fast(Global, &[k('k'), code(KC::Up)], Action::Up, "", "", ""),
    fast(Global, &[code(KC::PageDown), ctrl('d')], Action::PageDown, "PgDn PgUp", "scroll a page", ""),
    fast(Global, &[code(KC::PageUp), ctrl('u')], Action::PageUp, "", "", ""),
    fast(Global, &[k('g'), code(KC::Home)], Action::Top, "g G", "top / bottom", ""),
    fast(Global, &[k('G'), code(KC::End)], Action::Bottom, "", "", ""),
    b(Documents, &[code(KC::Enter)], Action::Enter, "Enter", "open the document", "open"),
    b(Codes, &[code(KC::Enter)], Action::Enter, "Enter", "list excerpts / jump to the excerpt", "excerpts"),
    b(Codes, &[k('x')], Action::Uncode, "x", "remove the code from the excerpt", "uncode"),
    b(Codes, &[k('R')], Action::Rename, "R", "rename the code", "rename"),
    b(Codes, &[k('e')], Action::Edit, "e", "describe the code (multi-line editor)", "describe"),
    b(Codes, &[k('M')], Action::MergeCode, "M", "merge the code into another (picker)", "merge"),
    b(Codes, &[k('>')], Action::MoveCode, ">", "move the code under a parent or to the top (picker)", "move"),
    b(Codes, &[k('C')], Action::ColourCode, "C", "set the code's colour (picker, or type #rrggbb)", "colour"),
    b(Codes, &[k('D')], Action::DeleteCode, "D", "delete the code (asks, saying what it removes; u undoes)", "delete"),
    b(Reader, &[code(KC::Enter)], Action::Enter, "Enter", "select the excerpt under the cursor", ""),
    fast(Reader, &[k('h'), code(KC::Left)], Action::Left, "h l ← →", "previous / next character", ""),
    fast(Reader, &[k('l'), code(KC::Right)], Action::Right, "", "", ""),
    fast(Reader, &[k('w')], Action::WordNext, "w b", "next / previous word", ""),
    fast(Reader, &[k('b')], Action::WordPrev, "", "", ""),
    fast(Reader, &[k(')')], Action::SentenceNext, ") (", "next / previous sentence", ""),
    fast(Reader, &[k('(')], Action::SentencePrev, "", "", ""),
    fast(Reader, &[k('}')], Action::ParagraphNext, "} {", "next / previous paragraph", ""),
    fast(Reader, &[k('{')], Action::ParagraphPrev, "", "", ""),
    fast(Reader, &[k('s')], Action::SelectSentence, "s", "select the sentence", "sentence"),
    fast(Reader, &[k('p')], Action::SelectParagraph, "p", "select the paragraph", "paragraph"),
    fast(Reader, &[k('S')], Action::ExtendSentence, "S P", "extend the selection by a sentence / paragraph (again: past a heading)", ""),
    fast(Reader, &[k('P')], Action::ExtendParagraph, "", "", ""),
    fast(Reader, &[k('v')], Action::StartSelection, "v", "start a selection; motions extend it", "visual"),
    fast(Reader, &[k('"')], Action::SelectQuotation, "\"", "select the quotation under the cursor (or next in the sentence)", ""),
    b(Reader, &[k(']')], Action::NextDocument, "] [", "next / previous write-up (documents pane order)", ""),
    b(Reader, &[k('[')], Action::PrevDocument, "", "", ""),
    b(Reader, &[k('<')], Action::EdgeLeft, "< >", "move the excerpt's nearer edge a sentence left / right", ""),
    b(Reader, &[k('>')], Action::EdgeRight, "", "", ""),
    b(Global, &[code(KC::Esc)], Action::Cancel, "Esc", "clear the selection", ""),
    b(Reader, &[k('c')], Action::Code, "c", "code the selection (pick or create)", "code"),
    b(Reader, &[k('1')], Action::Recent(1), "1…9", "apply a recently used code", "recent"),
    b(Reader, &[k('2')], Action::Recent(2), "", "", ""),
    b(Reader, &[k('3')], Action::Recent(3), "", "", ""),
    b(Reader, &[k('4')], Action::Recent(4), "", "", ""),
    b(Reader, &[k('5')], Action::Recent(5), "", "", ""),
    b(Reader, &[k('6')], Action::Recent(6), "", "", ""),
    b(Reader, &[k('7')], Action::Recent(7), "", "", ""),
    b(Reader, &[k('8')], Action::Recent(8), "", "", ""),
    b(Reader, &[k('9')], Action::Recent(9), "", "", ""),
    b(Reader, &[k('x')], Action::Uncode, "x", "remove a code from the excerpt under the cursor", "uncode"),
    b(Global, &[k('|')], Action::Margin, "|", "coding stripes beside the reader on / off", ""),
    b(Global, &[k('@')], Action::CoderFilter, "@", "coders: all / mine / one / side by side", ""),
    b(Global, &[k('F')], Action::FindScreen, "F", "search all documents: every hit in context, to code", "find"),
    b(Global, &[k('#')], Action::Coverage, "#", "coverage: codes × documents, themes × unit (counts)", "coverage"),
    b(Global, &[k('W')], Action::MemoScreen, "W", "all memos (written notes) by target: read, edit, go to", "memos"),
    b(Documents, &[k('E')], Action::Attributes, "E", "edit the document's attributes", "attributes"),
    b(Global, &[k('T')], Action::Themes, "T", "themes screen / back to the workbench", "themes"),
    b(Global, &[k('m')], Action::Memo, "m", "memo on the excerpt, document or code in focus", "memo"),
    b(Global, &[k('*')], Action::KeyQuote, "*", "key quote on / off (for reports)", ""),
    b(Global, &[k('/')], Action::Search, "/", "search (all documents from the documents pane)", "search"),
    fast(Global, &[k('n')], Action::SearchNext, "n N", "next / previous hit", ""),
    fast(Global, &[k('N')], Action::SearchPrev, "", "", ""),
    b(Global, &[k('u')], Action::Undo, "u ^r", "undo / redo", "undo/redo"),
    b(Global, &[ctrl('r')], Action::Redo, "", "", ""),
    fast(Global, &[k('?'), code(KC::F(1))], Action::Help, "?", "help", "help"),
    b(Global, &[k('q'), ctrl('c')], Action::Quit, "q", "quit", "quit"),
    b(Picker, &[code(KC::Enter)], Action::Enter, "Enter", "choose the highlighted entry", "apply"),
    b(Picker, &[code(KC::Down), ctrl('n'), code(KC::Tab)], Action::Down, "↓ ↑", "highlight", "move"),
    b(Picker, &[code(KC::Up), ctrl('p'), code(KC::BackTab)], Action::Up, "", "", ""),
    b(Picker, &[code(KC::Backspace)], Action::Backspace, "", "", ""),
    b(Picker, &[ctrl('u')], Action::ClearLine, "^u ^w", "clear the line / delete a word", ""),
    b(Picker, &[ctrl('w'), alt(KC::Backspace)], Action::DeleteWord, "", "", ""),
    b(Picker, &[code(KC::Esc)], Action::Cancel, "Esc", "cancel", "cancel"),
    b(Prompt, &[code(KC::Enter)], Action::Enter, "Enter", "confirm", "ok"),
    b(Prompt, &[code(KC::Backspace)], Action::Backspace, "", "", ""),
    b(Prompt, &[ctrl('u')], Action::ClearLine, "^u ^w", "clear the line / delete a word", ""),
    b(Prompt, &[ctrl('w'), alt(KC::Backspace)], Action::DeleteWord, "", "", ""),
    b(Prompt, &[code(KC::Esc)], Action::Cancel, "Esc", "cancel", "cancel"),
    b(Choice, &[code(KC::Enter)], Action::Enter, "Enter", "choose", "choose"),
    fast(Choice, &[k('j'), code(KC::Down)], Action::Down, "j k", "highlight", "move"),
    fast(Choice, &[k('k'), code(KC::Up)], Action::Up, "", "", ""),
    b(Choice, &[code(KC::Esc), k('q')], Action::Cancel, "Esc", "cancel", "cancel"),
    // ------------------------------------------------------------ themes screen
    b(Themes, &[k('a')], Action::NewTheme, "a", "new theme (name prompt)", "new"),
    b(Themes, &[k('>')], Action::ThemeIn, ">", "code → a theme (picker) · theme → subtheme", "add"),
    b(Themes, &[code(KC::Enter)], Action::Enter, "Enter", "say which keys edit (never starts an edit itself)", ""),
    b(Themes, &[k('<'), k('x')], Action::ThemeOut, "< x", "code out of its theme · theme up a level", "remove"),
    b(Themes, &[k('1')], Action::SetPhase(1), "1 2 3", "phase candidate / reviewed / defined", ""),
    b(Themes, &[k('2')], Action::SetPhase(2), "", "", ""),
    b(Themes, &[k('3')], Action::SetPhase(3), "", "", ""),
    b(Themes, &[k('p')], Action::CyclePhase, "p", "next phase", "phase"),
    b(Themes, &[k('e')], Action::Edit, "e", "edit the definition", "define"),
    b(Themes, &[k('R')], Action::Rename, "R", "rename the theme", ""),
    b(Themes, &[k('M')], Action::MoveTheme, "M", "move the theme to a position or under a parent (picker)", "move"),
    b(Themes, &[k('K'), alt(KC::Up)], Action::MoveUp, "K J A-↑↓", "move the theme up / down", ""),
    b(Themes, &[k('J'), alt(KC::Down)], Action::MoveDown, "", "", ""),
    fast(Themes, &[k('n'), k(']')], Action::NextExcerpt, "n N", "review: next / previous excerpt", "review"),
    fast(Themes, &[k('N'), k('[')], Action::PrevExcerpt, "", "", ""),
    b(Themes, &[k('o')], Action::OpenExcerpt, "o", "open the excerpt in its document", ""),
    b(Themes, &[k('/')], Action::Jump, "/", "go to a theme or code by name", "go to"),
    fast(Themes, &[k('z')], Action::Fold, "z", "hide / show the codes under the themes", ""),
    b(Themes, &[k('D')], Action::DeleteTheme, "D", "delete the theme (codes stay; u undoes)", ""),
    b(Themes, &[code(KC::Esc)], Action::Themes, "Esc T", "back to the workbench", ""),
    // -------------------------------------------------------- search and code
    fast(Hits, &[k(' ')], Action::Mark, "Space", "mark / unmark the hit", "mark"),
    fast(Hits, &[k('a')], Action::MarkAll, "a", "mark all hits / none", "all"),
    fast(Hits, &[k('s')], Action::SelectSentence, "s p e", "a coding takes the sentence / paragraph / just the match", "unit"),
    fast(Hits, &[k('p')], Action::SelectParagraph, "", "", ""),
    fast(Hits, &[k('e')], Action::SelectMatch, "", "", ""),
    b(Hits, &[k('c')], Action::Code, "c", "code the marked hits (or the one under the cursor): one change", "code"),
    b(Hits, &[k('1')], Action::Recent(1), "1…9", "code them with a recent code", "recent"),
    b(Hits, &[k('2')], Action::Recent(2), "", "", ""),
    b(Hits, &[k('3')], Action::Recent(3), "", "", ""),
    b(Hits, &[k('4')], Action::Recent(4), "", "", ""),
    b(Hits, &[k('5')], Action::Recent(5), "", "", ""),
    b(Hits, &[k('6')], Action::Recent(6), "", "", ""),
    b(Hits, &[k('7')], Action::Recent(7), "", "", ""),
    b(Hits, &[k('8')], Action::Recent(8), "", "", ""),
    b(Hits, &[k('9')], Action::Recent(9), "", "", ""),
    b(Hits, &[code(KC::Enter)], Action::Enter, "Enter", "open the hit in the reader (n N step, F back)", "open"),
    b(Hits, &[k('/')], Action::Find, "/", "a new search", "search"),
    b(Hits, &[code(KC::Esc), k('F')], Action::Cancel, "Esc F", "back to the workbench", "back"),
    // ---------------------------------------------------------------- coverage
    fast(Coverage, &[k('h'), code(KC::Left)], Action::Left, "h l ← →", "previous / next column", ""),
    fast(Coverage, &[k('l'), code(KC::Right)], Action::Right, "", "", ""),
    b(Coverage, &[code(KC::Enter)], Action::Enter, "Enter", "list the cell's excerpts / open the excerpt", "excerpts"),
    fast(Coverage, &[k('t')], Action::ToggleMatrix, "t", "codes × documents ↔ themes × the grouping attribute", "switch"),
    b(Coverage, &[code(KC::Esc), k('#')], Action::Cancel, "Esc #", "back (from the excerpts to the matrix, then to the workbench)", "back"),
    // ----------------------------------------------------------- compare screen
    b(Global, &[k('A')], Action::Compare, "A", "compare coders (agreement) and settle disagreements / back", "compare"),
    fast(Compare, &[k('n'), k(']')], Action::NextExcerpt, "n N", "next / previous unsettled disagreement", "next"),
    fast(Compare, &[k('N'), k('[')], Action::PrevExcerpt, "", "", ""),
    b(Compare, &[k('a')], Action::AcceptA, "a b", "settle: accept the first / second coder's codes", "accept"),
    b(Compare, &[k('b')], Action::AcceptB, "", "", ""),
    b(Compare, &[k('+')], Action::AcceptBoth, "+", "settle: accept both coders' codes", "both"),
    b(Compare, &[k('x')], Action::AcceptNeither, "x", "settle: neither (the consensus gets none of them)", "neither"),
    b(Compare, &[k('c')], Action::NextPair, "c", "compare the next pair of coders", "pair"),
    b(Compare, &[k('o'), code(KC::Enter)], Action::OpenExcerpt, "o Enter", "show the span in its document", ""),
    b(Compare, &[code(KC::Esc), k('A')], Action::Compare, "Esc A", "back to the workbench", ""),
    // ------------------------------------------------------------------- memos
    b(Memos, &[code(KC::Enter), k('e')], Action::Edit, "Enter e", "edit the memo (drafts kept as you type)", "edit"),
    b(Memos, &[k('o')], Action::OpenExcerpt, "o", "go to what the memo is about", "go to"),
    b(Memos, &[code(KC::Esc), k('W')], Action::Cancel, "Esc W", "back to the workbench", "back"),
    // -------------------------------------------------------------- attributes
    b(Attributes, &[code(KC::Enter), k('e')], Action::Edit, "Enter e", "change the value", "edit"),
    b(Attributes, &[k('a')], Action::AddItem, "a", "add an attribute (key=value)", "add"),
    b(Attributes, &[k('d')], Action::RemoveItem, "d", "remove the attribute (u undoes)", "remove"),
    b(Attributes, &[code(KC::Esc), k('E')], Action::Cancel, "Esc E", "back to the workbench", "back"),
    // ------------------------------------------------------------------ editor
    b(Editor, &[ctrl('s'), alt(KC::Enter), ctrl_code(KC::Enter)], Action::Save, "^s A-Enter", "save (Ctrl-Enter too, where reported)", "save"),
    b(Editor, &[code(KC::Esc)], Action::Cancel, "Esc", "cancel", "cancel"),
    b(Editor, &[code(KC::Enter)], Action::Enter, "Enter", "new line", ""),
    b(Editor, &[code(KC::Left)], Action::Left, "← → ↑ ↓", "move the cursor", ""),
    b(Editor, &[code(KC::Right)], Action::Right, "", "", ""),
    b(Editor, &[ctrl_code(KC::Left), alt_char('b')], Action::WordPrev, "^← ^→", "previous / next word (Alt-b Alt-f too)", ""),
    b(Editor, &[ctrl_code(KC::Right), alt_char('f')], Action::WordNext, "", "", ""),
    b(Editor, &[code(KC::Up)], Action::Up, "", "", ""),
    b(Editor, &[code(KC::Down)], Action::Down, "", "", ""),
    b(Editor, &[code(KC::Home), ctrl('a')], Action::Top, "Home End", "start / end of the line", ""),
    b(Editor, &[code(KC::End), ctrl('e')], Action::Bottom, "", "", ""),
    b(Editor, &[code(KC::Backspace)], Action::Backspace, "", "", ""),
    b(Editor, &[code(KC::Delete)], Action::Delete, "", "", ""),
    b(Editor, &[ctrl('c'), ctrl('q')], Action::Quit, "^c", "quit (asks if the text is unsaved)", ""),
    b(Prompt, &[ctrl('c'), ctrl('q')], Action::Quit, "", "", ""),
    b(Picker, &[ctrl('c'), ctrl('q')], Action::Quit, "", "", ""),
    b(Confirm, &[k('y')], Action::Enter, "y", "quit and lose the text", "quit"),
    b(Discard, &[k('y')], Action::Enter, "y", "discard the draft", "discard"),
    b(Discard, &[k('n'), code(KC::Esc)], Action::Cancel, "n Esc", "back to the text", "back"),
    b(Confirm, &[k('n'), code(KC::Esc)], Action::Cancel, "n Esc", "back to the text", "back"),
    b(Delete, &[k('y')], Action::Enter, "y", "delete the code", "delete"),
    b(Delete, &[k('n'), code(KC::Esc)], Action::Cancel, "n Esc", "keep it", "keep"),
];

/// The context whose bindings apply in the current state.
pub fn context(app: &App) -> Ctx {
    match &app.mode {
        Mode::Normal if app.screen == Screen::Themes => Themes,
        Mode::Normal if app.screen == Screen::Hits => Hits,
        Mode::Normal if app.screen == Screen::Coverage => Coverage,
        Mode::Normal if app.screen == Screen::Compare => Compare,
        Mode::Normal if app.screen == Screen::Memos => Memos,
        Mode::Normal if app.screen == Screen::Attributes => Attributes,
        Mode::Normal => match app.focus {
            Pane::Documents => Documents,
            Pane::Reader => Reader,
            Pane::Codes => Codes,
        },
        Mode::Picker(_) | Mode::ThemePicker { .. } | Mode::Pick { .. } => Picker,
        Mode::Search { .. } | Mode::Input { .. } => Prompt,
        Mode::Edit(_) => Editor,
        Mode::ConfirmQuit(_) => Confirm,
        Mode::ConfirmDiscard(_) => Discard,
        Mode::ConfirmDelete(_) => Delete,
        Mode::Choose(_) => Choice,
        Mode::Help(_) => Global,
    }
}

fn matches(key: &Key, ev: &KeyEvent) -> bool {
    let ev_ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let ev_alt = ev.modifiers.contains(KeyModifiers::ALT);
    key.ctrl == ev_ctrl && key.alt == ev_alt && key.code == ev.code
}

/// The binding for a key in a context (specific context first, then global
/// unless the context is a text-entry one).
pub fn lookup(ctx: Ctx, ev: &KeyEvent) -> Option<&'static Binding> {
    let specific = BINDINGS
        .iter()
        .find(|b| b.ctx == ctx && b.keys.iter().any(|k| matches(k, ev)));
    match ctx {
        Picker | Prompt | Choice | Editor | Confirm | Discard | Delete => specific,
        _ => specific.or_else(|| {
            BINDINGS
                .iter()
                .find(|b| b.ctx == Global && b.keys.iter().any(|k| matches(k, ev)))
        }),
    }
}

/// The binding a key event has in the current state (none in the help
/// overlay, which reads its own keys).
pub fn binding(app: &App, ev: &KeyEvent) -> Option<&'static Binding> {
    match app.mode {
        Mode::Help(_) => None,
        _ => lookup(context(app), ev),
    }
}

/// Translate a terminal event into an action, given the current state.
pub fn translate(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(ev) if ev.kind != KeyEventKind::Release => {
            if let Mode::Help(_) = app.mode {
                // Scroll keys scroll the help; any other key closes it.
                return Some(match ev.code {
                    KeyCode::Char('j') | KeyCode::Down => Action::Down,
                    KeyCode::Char('k') | KeyCode::Up => Action::Up,
                    KeyCode::PageDown | KeyCode::Char(' ') => Action::PageDown,
                    KeyCode::PageUp => Action::PageUp,
                    KeyCode::Char('g') | KeyCode::Home => Action::Top,
                    KeyCode::Char('G') | KeyCode::End => Action::Bottom,
                    _ => Action::Cancel,
                });
            }
            let ctx = context(app);
            if let Some(b) = lookup(ctx, ev) {
                return Some(b.action);
            }
            match (ctx, ev.code) {
                (Picker | Prompt | Editor, KeyCode::Char(c))
                    if !ev.modifiers.contains(KeyModifiers::CONTROL) =>
                {
                    Some(Action::Input(c))
                }
                (Choice, KeyCode::Char(c)) if c.is_ascii_digit() => Some(Action::Input(c)),
                _ => None,
            }
        }
        Event::Paste(text) => text.chars().next().map(Action::Input),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Mouse(m) => {
            let (col, row) = (m.column, m.row);
            match m.kind {
                MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { col, row }),
                MouseEventKind::Drag(MouseButton::Left) => Some(Action::Drag { col, row }),
                MouseEventKind::ScrollDown => Some(Action::Scroll { col, row, lines: 3 }),
                MouseEventKind::ScrollUp => Some(Action::Scroll {
                    col,
                    row,
                    lines: -3,
                }),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Help rows for a context: (keys, what they do).
pub fn help_rows(ctx: Ctx) -> impl Iterator<Item = (&'static str, &'static str)> {
    BINDINGS
        .iter()
        .filter(move |b| b.ctx == ctx && !b.label.is_empty())
        .map(|b| (b.label, b.help))
}

/// Short hints for the status line in a context: its own keys, then help and
/// quit (always worth knowing), then the other global keys.
pub fn hints(ctx: Ctx) -> Vec<(&'static str, &'static str)> {
    let own = BINDINGS.iter().filter(|b| b.ctx == ctx);
    let mut global: Vec<&Binding> = BINDINGS
        .iter()
        .filter(|b| {
            b.ctx == Global
                && !matches!(
                    ctx,
                    Picker | Prompt | Choice | Editor | Confirm | Discard | Delete
                )
        })
        .collect();
    if ctx == Global {
        global.clear();
    }
    // A global key the context binds itself does something else here.
    let overridden = |g: &Binding| {
        BINDINGS
            .iter()
            .filter(|b| b.ctx == ctx)
            .any(|b| b.keys.iter().any(|k| g.keys.contains(k)))
    };
    global.retain(|g| !overridden(g));
    global.sort_by_key(|b| !matches!(b.action, Action::Help | Action::Quit));
    own.chain(global)
        .filter(|b| !b.hint.is_empty())
        // Tab moves between the workbench panes only.
        .filter(|b| {
            !(matches!(ctx, Themes | Hits | Coverage | Compare | Memos | Attributes)
                && b.action == Action::FocusNext)
        })
        // Nothing on these screens takes a memo with m.
        .filter(|b| {
            !(matches!(ctx, Hits | Coverage | Compare | Memos | Attributes)
                && b.action == Action::Memo)
        })
        .map(|b| (b.label, b.hint))
        .collect()
}
