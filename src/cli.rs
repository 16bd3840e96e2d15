//! Command-line definitions (clap derive). Each subcommand's arguments live
//! beside its `run` in `commands/`; this file only assembles them.

use crate::commands;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// thema: thematic analysis of interview write-ups, from the terminal.
///
/// Import write-ups, code excerpts (here or in the TUI), cluster codes into
/// themes, and write reports by police unit or any other attribute.
/// Run `thema` without a command to open the coding workbench.
#[derive(Debug, Parser)]
#[command(
    name = "thema",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The project file [default: thema.db; for `demo`: thema-demo.db].
    #[arg(long, short = 'p', global = true, env = "THEMA_PROJECT")]
    pub project: Option<PathBuf>,

    /// Who is coding (recorded with every change).
    #[arg(long, global = true, env = "THEMA_CODER")]
    pub coder: Option<String>,

    /// Blind coding: show only your own codings (see `thema blind`).
    #[arg(long, global = true, env = "THEMA_BLIND", value_parser = clap::builder::FalseyValueParser::new())]
    pub blind: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build a project from the bundled example interviews and open it.
    Demo(commands::demo::DemoArgs),
    /// Create a new, empty project file.
    Init(commands::init::InitArgs),
    /// Import write-ups (.md/.txt/.docx/.odt files or folders), or a whole REFI-QDA project (.qdpx/.qde).
    Import(commands::import::ImportArgs),
    /// List the documents.
    Docs(commands::docs::DocsArgs),
    /// Set or remove attributes of a document.
    Attr(commands::docs::AttrArgs),
    /// Print one document's text.
    Show(commands::docs::ShowArgs),
    /// List the codes with their excerpt counts.
    Codes(commands::code::CodesArgs),
    /// Create, apply, rename, merge or delete codes.
    #[command(subcommand)]
    Code(commands::code::CodeCommand),
    /// List coded excerpts.
    Excerpts(commands::excerpts::ExcerptsArgs),
    /// Remove a code (or all codes) from an excerpt.
    Uncode(commands::excerpts::UncodeArgs),
    /// Excerpts a re-import could not place: list, re-attach, delete.
    Orphans(commands::orphans::OrphansArgs),
    /// Write, show or list memos.
    Memo(commands::memo::MemoArgs),
    /// Curate quotes: key quote, exclude from reports, trimmed display text.
    Quote(commands::quote::QuoteArgs),
    /// Undo your last change (`--any`: anyone's newest).
    Undo(commands::log::UndoArgs),
    /// Redo the change you undid last (`--any`: anyone's).
    Redo(commands::log::UndoArgs),
    /// Show the history of changes.
    Log(commands::log::LogArgs),
    /// Open the coding workbench (the default without a command).
    Tui(commands::tui::TuiArgs),
    /// Build themes from codes: subthemes, phases, merge, split, order, history.
    #[command(subcommand)]
    Theme(commands::theme::ThemeCommand),
    /// Reports: frequencies, quotes, the full report, the thematic map.
    #[command(subcommand)]
    Report(commands::report::ReportCommand),
    /// Export or import a codebook (codes + themes as YAML or REFI-QDA QDC; codes as CSV).
    #[command(subcommand)]
    Codebook(commands::codebook::CodebookCommand),
    /// Export the whole project as REFI-QDA (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder.
    Export(commands::exchange::ExportArgs),
    /// Copy the project to FILE safely, even while others work in it.
    Backup(commands::file::BackupArgs),
    /// Check the project file for damage and say how to recover.
    CheckDb(commands::file::CheckDbArgs),
    /// Inter-coder agreement per code and theme (α, κ), or the disagreements.
    Agreement(commands::agreement::AgreementArgs),
    /// Blind coding: hide other coders' codings from each coder (on, off, or show).
    Blind(commands::blind::BlindArgs),
    /// Privacy check: passages in the excerpts reports publish that may identify someone.
    Check(commands::check::CheckArgs),
    /// Project settings: the display name of a grouping attribute in reports.
    Settings(commands::settings::SettingsArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(commands::shell::CompletionsArgs),
    /// Print the man page (roff), or write one per command with --dir.
    Man(commands::shell::ManArgs),
    /// Merge other coders' project files into this one (one undo step).
    Merge(commands::merge::MergeArgs),
}
