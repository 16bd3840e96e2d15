//! Subcommand implementations: each file holds a subcommand's clap arguments
//! and its `run`, which calls the `Project` API and prints the result. Listings
//! print a readable table, or JSON with `--json`; messages go to stderr so
//! stdout stays clean for pipes. All printing goes through [`out`], which
//! buffers, streams JSON and escapes control characters.

pub mod agreement;
pub mod blind;
pub mod check;
pub mod code;
pub mod codebook;
pub mod demo;
pub mod docs;
pub mod excerpts;
pub mod exchange;
pub mod file;
pub mod import;
pub mod init;
pub mod log;
pub mod memo;
pub mod merge;
pub mod orphans;
pub mod out;
pub mod quote;
pub mod report;
pub mod settings;
pub mod shell;
pub mod table;
pub mod theme;
pub mod tui;

use crate::cli::{Cli, Command};
use crate::error::Result;
use crate::store::Project;
use std::path::PathBuf;

/// What every subcommand gets: where the project is, who codes, and where to
/// print. The project is opened on first use, so `init` and `demo` can create it.
pub struct Context {
    /// The project file as given (`--project` / `THEMA_PROJECT`), if given.
    pub explicit_path: Option<PathBuf>,
    pub project_path: PathBuf,
    pub coder: Option<String>,
    /// Blind coding for this run (`--blind` / `THEMA_BLIND`).
    pub blind: bool,
    project: Option<Project>,
}

impl Context {
    pub fn new(explicit_path: Option<PathBuf>, coder: Option<String>) -> Self {
        let project_path = explicit_path
            .clone()
            .unwrap_or_else(|| PathBuf::from("thema.db"));
        Context {
            explicit_path,
            project_path,
            coder,
            blind: false,
            project: None,
        }
    }

    /// The open project (opened now if needed).
    pub fn project(&mut self) -> Result<&mut Project> {
        if self.project.is_none() {
            let mut p = Project::open(&self.project_path)?;
            // Say once why a command pauses (stderr: stdout stays data).
            p.on_wait(|msg| {
                if !msg.is_empty() {
                    note(msg);
                }
            });
            if let Some(c) = &self.coder {
                p.set_coder(c);
            }
            p.set_blind_session(self.blind);
            self.project = Some(p);
        }
        Ok(self.project.as_mut().expect("opened above"))
    }

    /// Hand the project over (to the TUI, which owns it while it runs).
    pub fn take_project(&mut self) -> Result<Project> {
        self.project()?;
        Ok(self.project.take().expect("opened above"))
    }

    /// Use an already opened project (after `init` or `demo` created it).
    pub fn set_project(&mut self, mut project: Project) {
        project.on_wait(|msg| {
            if !msg.is_empty() {
                note(msg);
            }
        });
        if let Some(c) = &self.coder {
            project.set_coder(c);
        }
        project.set_blind_session(self.blind);
        self.project = Some(project);
    }
}

pub use out::{Out, note, print_json, print_text};

/// What a process is, for the note a writer leaves while it holds the
/// project ("thema import"), so another that gives up waiting can name it.
fn kind(command: &Option<Command>) -> &'static str {
    match command {
        None | Some(Command::Tui(_)) => "the thema workbench",
        Some(Command::Demo(_)) => "thema demo",
        Some(Command::Init(_)) => "thema init",
        Some(Command::Import(_)) => "thema import",
        Some(Command::Attr(_)) => "thema attr",
        Some(Command::Code(_)) => "thema code",
        Some(Command::Uncode(_)) => "thema uncode",
        Some(Command::Orphans(_)) => "thema orphans",
        Some(Command::Memo(_)) => "thema memo",
        Some(Command::Quote(_)) => "thema quote",
        Some(Command::Undo(_)) => "thema undo",
        Some(Command::Redo(_)) => "thema redo",
        Some(Command::Theme(_)) => "thema theme",
        Some(Command::Codebook(_)) => "thema codebook import",
        Some(Command::Merge(_)) => "thema merge",
        _ => "a thema command",
    }
}

pub fn run(cli: Cli) -> Result<()> {
    crate::store::set_process_kind(kind(&cli.command));
    if let Some(coder) = &cli.coder
        && let Some((_, c)) = crate::text::first_control(coder)
    {
        return Err(crate::Error::hint(
            format!(
                "the coder name \"{}\" contains a control character ({})",
                crate::text::Safe(coder),
                c.escape_unicode()
            ),
            "pass a plain name with --coder or THEMA_CODER",
        ));
    }
    let mut ctx = Context::new(cli.project.clone(), cli.coder.clone());
    ctx.blind = cli.blind;
    match cli.command {
        None => tui::TuiArgs::default().run(&mut ctx),
        Some(Command::Demo(a)) => a.run(&mut ctx),
        Some(Command::Init(a)) => a.run(&mut ctx),
        Some(Command::Import(a)) => a.run(&mut ctx),
        Some(Command::Docs(a)) => a.run(&mut ctx),
        Some(Command::Show(a)) => a.run(&mut ctx),
        Some(Command::Attr(a)) => a.run(&mut ctx),
        Some(Command::Codes(a)) => a.run(&mut ctx),
        Some(Command::Code(c)) => c.run(&mut ctx),
        Some(Command::Excerpts(a)) => a.run(&mut ctx),
        Some(Command::Uncode(a)) => a.run(&mut ctx),
        Some(Command::Orphans(a)) => a.run(&mut ctx),
        Some(Command::Memo(a)) => a.run(&mut ctx),
        Some(Command::Quote(a)) => a.run(&mut ctx),
        Some(Command::Undo(a)) => a.run_undo(&mut ctx),
        Some(Command::Redo(a)) => a.run_redo(&mut ctx),
        Some(Command::Log(a)) => a.run(&mut ctx),
        Some(Command::Tui(a)) => a.run(&mut ctx),
        Some(Command::Theme(c)) => c.run(&mut ctx),
        Some(Command::Report(c)) => c.run(&mut ctx),
        Some(Command::Codebook(c)) => c.run(&mut ctx),
        Some(Command::Export(a)) => a.run(&mut ctx),
        Some(Command::Backup(a)) => a.run(&mut ctx),
        Some(Command::CheckDb(a)) => a.run(&mut ctx),
        Some(Command::Agreement(a)) => a.run(&mut ctx),
        Some(Command::Blind(a)) => a.run(&mut ctx),
        Some(Command::Check(a)) => a.run(&mut ctx),
        Some(Command::Settings(a)) => a.run(&mut ctx),
        Some(Command::Completions(a)) => a.run(),
        Some(Command::Man(a)) => a.run(),
        Some(Command::Merge(a)) => a.run(&mut ctx),
    }
}
