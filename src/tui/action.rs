//! What the user can ask for, independent of how it was asked. Key presses
//! and mouse events are translated into an [`Action`] by the keymap; `update`
//! is the only place that interprets one. Keeping this a plain enum makes the
//! behaviour testable without a terminal.

/// One user intention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    FocusNext,
    FocusPrev,
    Down,
    Up,
    Left,
    Right,
    PageDown,
    PageUp,
    Top,
    Bottom,
    /// Open the document / jump to the excerpt / choose the highlighted entry.
    Enter,
    WordNext,
    WordPrev,
    SentenceNext,
    SentencePrev,
    ParagraphNext,
    ParagraphPrev,
    SelectSentence,
    SelectParagraph,
    ExtendSentence,
    ExtendParagraph,
    StartSelection,
    /// Select the quotation under the cursor (`"`).
    SelectQuotation,
    /// Move the nearer edge of the excerpt under the cursor a sentence left / right.
    EdgeLeft,
    EdgeRight,
    /// `|`: show / hide the coding-stripe margin beside the reader.
    Margin,
    /// `F`: search all documents into the hit list (or leave the list).
    FindScreen,
    /// On the hit list: a new query.
    Find,
    /// On the hit list: mark / unmark the hit (Space), all hits (`a`).
    Mark,
    MarkAll,
    /// `#`: the coverage screen (or back from it); `t` there switches the
    /// matrix between codes × documents and themes × attribute values.
    Coverage,
    ToggleMatrix,
    /// `W`: the memo browser (or back from it).
    MemoScreen,
    /// `E` on the documents pane: the document's attributes (or back).
    Attributes,
    /// On the attribute screen: add one (`a`), remove one (`d`).
    AddItem,
    RemoveItem,
    /// On the hit list: code just the matched text (`e`; `s` and `p` take
    /// the sentence or paragraph).
    SelectMatch,
    /// Esc: clear the selection, or close what is open.
    Cancel,
    Code,
    Recent(u8),
    Uncode,
    Memo,
    /// `*`: the excerpt in focus becomes a key quote for reports (again: not).
    KeyQuote,
    Search,
    SearchNext,
    SearchPrev,
    Undo,
    Redo,
    Help,
    Quit,
    /// A character typed into a prompt or the picker.
    Input(char),
    Backspace,
    /// Reader: open the next / previous write-up of the documents pane.
    NextDocument,
    PrevDocument,
    /// Ctrl-U in a one-line input: clear it.
    ClearLine,
    /// Ctrl-W / Alt-Backspace in a one-line input: delete the word before the cursor.
    DeleteWord,
    Resize(u16, u16),
    /// Switch between the workbench and the themes screen.
    Themes,
    /// Themes screen: create a theme (name prompt).
    NewTheme,
    /// Themes screen: `>` adds the code to a theme (picker) or nests the
    /// theme under the one above; `<` the reverse.
    ThemeIn,
    ThemeOut,
    /// Set the phase (1 candidate, 2 reviewed, 3 defined).
    SetPhase(u8),
    CyclePhase,
    /// Edit the theme's definition in the editor overlay.
    Edit,
    Rename,
    DeleteTheme,
    MoveUp,
    MoveDown,
    /// Review reader: next / previous excerpt of the theme.
    NextExcerpt,
    PrevExcerpt,
    /// Open the excerpt under review in the workbench reader.
    OpenExcerpt,
    /// Themes screen: hide / show the codes under the themes.
    Fold,
    /// Themes screen: go to a theme or code by name (picker).
    Jump,
    /// Codes pane: merge the code into another (picker).
    MergeCode,
    /// Codes pane: move the code under a parent or to the top level (picker).
    MoveCode,
    /// Codes pane: delete the code (asks first, with what it removes).
    DeleteCode,
    /// Codes pane: set the code's colour (picker).
    ColourCode,
    /// Themes screen: move the theme to a place in the outline (picker).
    MoveTheme,
    /// Switch between the workbench and the compare (settle) screen.
    Compare,
    /// Compare screen: settle the span into the consensus coding with the
    /// first coder's codes, the second's, both, or neither.
    AcceptA,
    AcceptB,
    AcceptBoth,
    AcceptNeither,
    /// Compare screen: compare the next pair of coders.
    NextPair,
    /// Workbench: show the next coder's codings (all, mine, one coder, two
    /// side by side; see `tui::coders`).
    CoderFilter,
    /// Editor: save (Ctrl-s, Alt-Enter, Ctrl-Enter).
    Save,
    Delete,
    Click {
        col: u16,
        row: u16,
    },
    Drag {
        col: u16,
        row: u16,
    },
    Scroll {
        col: u16,
        row: u16,
        lines: i16,
    },
}
