//! `thema memo`: write, show or list memos.

use super::{Context, note, print_json};
use crate::error::{Error, Result};
use crate::model::MemoTarget;
use crate::text::Safe;
use std::io::Read;

#[derive(Debug, clap::Args)]
pub struct MemoArgs {
    /// The memo text (`-` reads standard input). Without it, print the memo.
    pub text: Option<String>,
    /// Attach to a document.
    #[arg(long, group = "target")]
    pub doc: Option<String>,
    /// Attach to a code.
    #[arg(long, group = "target")]
    pub code: Option<String>,
    /// Attach to a theme.
    #[arg(long, group = "target")]
    pub theme: Option<String>,
    /// Attach to an excerpt (by id).
    #[arg(long, group = "target")]
    pub excerpt: Option<i64>,
    /// Remove the memo.
    #[arg(long, conflicts_with = "text")]
    pub clear: bool,
    /// List every memo in the project.
    #[arg(long, conflicts_with_all = ["text", "clear", "target"])]
    pub list: bool,
    #[arg(long)]
    pub json: bool,
}

/// A one-word memo that is a command verb (`thema memo list`) is almost
/// certainly a mistyped flag; saving it would replace the memo already
/// there. Refuse it and name the flag meant. Longer texts are never touched.
fn refuse_command_word(text: &str) -> Result<()> {
    let word = text.trim().to_lowercase();
    let meant = match word.as_str() {
        "list" | "ls" => "`thema memo --list` lists every memo",
        "clear" | "delete" | "remove" | "rm" => "`thema memo --clear` removes the memo",
        "show" | "print" | "get" => "`thema memo` without text shows the memo",
        _ => return Ok(()),
    };
    Err(Error::hint(
        format!(
            "not saving “{}” as a memo: it reads like a command",
            text.trim()
        ),
        meant,
    ))
}

impl MemoArgs {
    fn target(&self) -> MemoTarget {
        if let Some(d) = &self.doc {
            MemoTarget::Document(d.clone())
        } else if let Some(c) = &self.code {
            MemoTarget::Code(c.clone())
        } else if let Some(t) = &self.theme {
            MemoTarget::Theme(t.clone())
        } else if let Some(e) = self.excerpt {
            MemoTarget::Excerpt(e)
        } else {
            MemoTarget::Project
        }
    }

    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let p = ctx.project()?;
        if self.list {
            let memos = p.memos()?;
            if self.json {
                return print_json(&memos);
            }
            let mut out = super::Out::new();
            for m in memos {
                out.line(&format!(
                    "## {} ({}, {})\n\n{}\n",
                    Safe(&crate::store::describe(&m.target)),
                    Safe(&m.coder),
                    Safe(&m.updated_at),
                    m.text
                ))?;
            }
            return out.finish();
        }
        let target = self.target();
        if self.clear {
            p.set_memo(&target, "")?;
            note(format!(
                "removed the memo on {}",
                crate::store::describe(&target)
            ));
            return Ok(());
        }
        if let Some(t) = &self.text {
            refuse_command_word(t)?;
        }
        match &self.text {
            Some(t) => {
                let text = if t == "-" {
                    let mut s = String::new();
                    std::io::stdin().read_to_string(&mut s)?;
                    s
                } else {
                    t.clone()
                };
                if text.trim().is_empty() {
                    return Err(Error::hint(
                        "the memo is empty",
                        "use --clear to remove a memo",
                    ));
                }
                p.set_memo(&target, &text)?;
                note(format!(
                    "saved the memo on {}",
                    crate::store::describe(&target)
                ));
            }
            None => match p.memo(&target)? {
                Some(m) if self.json => print_json(&m)?,
                Some(m) => super::print_text(&format!("{}\n", m.text))?,
                None => note(format!("no memo on {}", crate::store::describe(&target))),
            },
        }
        Ok(())
    }
}
