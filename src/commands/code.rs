//! `thema codes` and `thema code …`: list, create, apply (incl. autocoding),
//! rename, merge, re-parent and delete codes.

use super::table::Table;
use super::{Context, note, print_json};
use crate::error::{Error, Result};
use crate::model::Span;
use crate::text::Unit;

#[derive(Debug, clap::Args)]
pub struct CodesArgs {
    /// Print JSON: [{"name", "description", "parent", "excerpts"}].
    #[arg(long)]
    pub json: bool,
}

impl CodesArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let codes = ctx.project()?.codes()?;
        if self.json {
            return print_json(&codes);
        }
        if codes.is_empty() {
            note("no codes yet; create one with `thema code new NAME` or just apply a new name");
            return Ok(());
        }
        let depths = crate::tree::Forest::of_codes(&codes).depths();
        let mut t = Table::new(&["CODE", "EXCERPTS", "DESCRIPTION"])
            .max_width(0, 50)
            .max_width(2, 60);
        for (c, &depth) in codes.iter().zip(&depths) {
            t.row(vec![
                format!("{}{}", "  ".repeat(depth), c.name),
                c.excerpts.to_string(),
                c.description.clone(),
            ]);
        }
        print!("{}", t.render());
        Ok(())
    }
}

#[derive(Debug, clap::Subcommand)]
pub enum CodeCommand {
    /// Create a code.
    New {
        name: String,
        #[arg(long, short, default_value = "")]
        description: String,
        /// Put the new code under this one.
        #[arg(long)]
        parent: Option<String>,
    },
    /// Code spans: a given span, or every match of a phrase (autocoding).
    Apply(ApplyArgs),
    /// Rename a code (its excerpts keep it).
    Rename { old: String, new: String },
    /// Move all excerpts of FROM to INTO and delete FROM.
    Merge { from: String, into: String },
    /// Delete a code; excerpts left without any code are deleted too (undo restores).
    Delete { name: String },
    /// Set a code's description.
    Describe { name: String, description: String },
    /// Move a code under another, or to the top level with --top.
    Move {
        name: String,
        #[arg(long, conflicts_with = "top", required_unless_present = "top")]
        parent: Option<String>,
        #[arg(long)]
        top: bool,
    },
    /// Set a code's colour (#rrggbb), or clear it with --clear.
    Colour {
        name: String,
        #[arg(required_unless_present = "clear")]
        colour: Option<String>,
        #[arg(long)]
        clear: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct ApplyArgs {
    /// The code; a name that does not exist yet is created.
    pub code: String,
    /// The document to code (see `thema docs`).
    #[arg(long, required_unless_present = "all")]
    pub doc: Option<String>,
    /// Autocode every document.
    #[arg(long, requires = "phrase", conflicts_with = "doc")]
    pub all: bool,
    /// Code every case-insensitive occurrence of this phrase.
    #[arg(
        long = "match",
        value_name = "PHRASE",
        id = "phrase",
        required_unless_present = "span"
    )]
    pub phrase: Option<String>,
    /// Code this byte span START:END of the text `thema show --json` prints.
    #[arg(long, value_name = "START:END", value_parser = parse_span, conflicts_with = "phrase")]
    pub span: Option<Span>,
    /// Widen each match to its word, sentence or paragraph [default: sentence
    /// for --match, the exact span for --span]. `match` codes just the phrase.
    #[arg(long, value_parser = ["word", "sentence", "paragraph", "match"])]
    pub unit: Option<String>,
    /// Also code matches on heading lines (`## Corona`), which are skipped by default.
    #[arg(long)]
    pub headings: bool,
    /// List what would be coded without coding it.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the coded excerpts as JSON.
    #[arg(long)]
    pub json: bool,
}

fn parse_span(s: &str) -> std::result::Result<Span, String> {
    let (a, b) = s
        .split_once(':')
        .ok_or("expected START:END, e.g. 120:188")?;
    let a: usize = a
        .trim()
        .parse()
        .map_err(|_| format!("'{a}' is not a byte offset"))?;
    let b: usize = b
        .trim()
        .parse()
        .map_err(|_| format!("'{b}' is not a byte offset"))?;
    if a >= b {
        return Err("START must be smaller than END".into());
    }
    Ok(Span::new(a, b))
}

impl CodeCommand {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let p = ctx.project()?;
        match self {
            CodeCommand::New {
                name,
                description,
                parent,
            } => {
                let c = p.create_code(name, description, parent.as_deref())?;
                note(format!("created code \"{}\"", c.name));
            }
            CodeCommand::Apply(a) => return a.run(ctx),
            CodeCommand::Rename { old, new } => {
                p.rename_code(old, new)?;
                note(format!("renamed \"{old}\" to \"{}\"", new.trim()));
            }
            CodeCommand::Merge { from, into } => {
                p.merge_codes(from, into)?;
                note(format!("merged \"{from}\" into \"{into}\""));
            }
            CodeCommand::Delete { name } => {
                let n = p.delete_code(name)?;
                note(format!(
                    "deleted \"{name}\" and its {n} excerpt link(s); `thema undo` brings it back"
                ));
            }
            CodeCommand::Describe { name, description } => {
                p.set_code_description(name, description)?;
                note(format!("described \"{name}\""));
            }
            CodeCommand::Move {
                name,
                parent,
                top: _,
            } => {
                p.set_code_parent(name, parent.as_deref())?;
                match parent {
                    Some(parent) => note(format!("moved \"{name}\" under \"{parent}\"")),
                    None => note(format!("moved \"{name}\" to the top level")),
                }
            }
            CodeCommand::Colour {
                name,
                colour,
                clear,
            } => {
                p.set_code_colour(name, if *clear { None } else { colour.as_deref() })?;
                note(format!("set the colour of \"{name}\""));
            }
        }
        Ok(())
    }
}

impl ApplyArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let p = ctx.project()?;
        let unit = match self.unit.as_deref() {
            Some("match") => None,
            Some(u) => Some(u.parse::<Unit>().map_err(Error::user)?),
            None if self.phrase.is_some() => Some(Unit::Sentence),
            None => None,
        };
        let docs = self.doc.as_ref().map(|d| vec![d.clone()]);
        let spans: Vec<(String, Span)> = match (&self.phrase, self.span) {
            (Some(phrase), _) => {
                crate::autocode::find_spans_with(p, docs.as_deref(), phrase, unit, self.headings)?
            }
            (None, Some(s)) => {
                let doc = self.doc.clone().expect("clap requires --doc with --span");
                let text = p.document(&doc)?.text;
                if s.end > text.len() {
                    return Err(Error::hint(
                        format!(
                            "span [{}, {}) is outside {doc}, which has {} bytes",
                            s.start,
                            s.end,
                            text.len()
                        ),
                        "offsets are byte offsets into the text `thema show --json` prints",
                    ));
                }
                crate::autocode::widen(&text, s, unit)
                    .map(|w| (doc, w))
                    .into_iter()
                    .collect()
            }
            (None, None) => unreachable!("clap requires --match or --span"),
        };
        if spans.is_empty() {
            let what = self.phrase.as_deref().unwrap_or("the span");
            note(format!("no match for \"{what}\"; nothing coded"));
            return Ok(());
        }
        if self.dry_run {
            let coded: std::collections::HashSet<(String, usize, usize)> = match p.code(&self.code)
            {
                Ok(_) => p
                    .excerpts(&crate::store::ExcerptFilter {
                        doc: None,
                        code: Some(self.code.trim().to_owned()),
                    })?
                    .into_iter()
                    .map(|e| (e.doc, e.start, e.end))
                    .collect(),
                Err(_) => Default::default(),
            };
            let already = spans
                .iter()
                .filter(|(d, s)| coded.contains(&(d.clone(), s.start, s.end)))
                .count();
            for (doc, s) in &spans {
                let text = p.document(doc)?.text;
                println!(
                    "{doc} [{}, {}) {}",
                    s.start,
                    s.end,
                    crate::store::preview(&text[s.start..s.end])
                );
            }
            let note_already = if already > 0 {
                format!(", {already} of them already carry it")
            } else {
                String::new()
            };
            note(format!(
                "{} span(s) would be coded \"{}\"{note_already} (dry run)",
                spans.len(),
                self.code.trim()
            ));
            return Ok(());
        }
        let coding = p.apply_code_spans(&self.code, &spans)?;
        if coding.code_created {
            note(format!("created code \"{}\"", coding.code));
        }
        let added = coding.applied.iter().filter(|a| !a.already).count();
        let already = coding.applied.len() - added;
        let ndocs: std::collections::HashSet<&str> =
            coding.applied.iter().map(|a| a.doc.as_str()).collect();
        let mut msg = format!(
            "coded {added} excerpt(s) in {} document(s) as \"{}\"",
            ndocs.len(),
            coding.code
        );
        if already > 0 {
            msg.push_str(&format!(" ({already} had it already)"));
        }
        note(msg);
        if self.json {
            let ids: std::collections::HashSet<i64> =
                coding.applied.iter().map(|a| a.excerpt).collect();
            let all = p.excerpts(&Default::default())?;
            let chosen: Vec<_> = all.into_iter().filter(|e| ids.contains(&e.id)).collect();
            print_json(&chosen)?;
        }
        Ok(())
    }
}
