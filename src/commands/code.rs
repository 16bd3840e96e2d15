//! `thema codes` and `thema code …`: list, create, apply (incl. autocoding),
//! rename, merge, re-parent and delete codes.

use super::table::Table;
use super::{Context, note, print_json};
use crate::error::{Error, Result};
use crate::model::Span;
use crate::store::{BatchCoding, BatchOutcome, BatchTarget};
use crate::text::{Safe, Unit};

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
        super::print_text(&t.render())
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
    /// Set a code's description and its codebook entry: definition, when to
    /// use it, when not to, examples; or make it a category (--category)
    /// that groups codes and cannot be applied.
    Describe {
        name: String,
        /// The description (left as it is when not given).
        description: Option<String>,
        #[command(flatten)]
        guide: GuideArgs,
    },
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

/// The codebook fields of `code describe` (MacQueen et al. 1998).
#[derive(Debug, clap::Args)]
pub struct GuideArgs {
    /// A short definition.
    #[arg(long)]
    pub definition: Option<String>,
    /// When to use the code.
    #[arg(long)]
    pub when_to_use: Option<String>,
    /// When not to use the code.
    #[arg(long)]
    pub when_not_to_use: Option<String>,
    /// An example from the data (repeat for several; replaces the list).
    #[arg(long = "example")]
    pub examples: Vec<String>,
    /// Remove all examples.
    #[arg(long, conflicts_with = "examples")]
    pub clear_examples: bool,
    /// Make the code a category: it groups codes and cannot be applied.
    #[arg(long, conflicts_with = "codable")]
    pub category: bool,
    /// Make a category an ordinary code again.
    #[arg(long)]
    pub codable: bool,
}

#[derive(Debug, clap::Args)]
pub struct ApplyArgs {
    /// The code; a name that does not exist yet is created.
    #[arg(required_unless_present = "batch")]
    pub code: Option<String>,
    /// Apply many codings from JSON Lines (FILE, or - for stdin) as one
    /// change: {"doc", "start", "end", "codes": [..], "memo"?} per line, or
    /// {"doc"?, "match", "unit"?, "codes": [..]}. All lines are checked first.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["code", "doc", "all", "phrase", "span", "unit", "headings", "dry_run"]
    )]
    pub batch: Option<std::path::PathBuf>,
    /// The document to code (see `thema docs`).
    #[arg(long, required_unless_present_any = ["all", "batch"])]
    pub doc: Option<String>,
    /// Autocode every document.
    #[arg(long, requires = "phrase", conflicts_with = "doc")]
    pub all: bool,
    /// Code every case-insensitive occurrence of this phrase.
    #[arg(
        long = "match",
        value_name = "PHRASE",
        id = "phrase",
        required_unless_present_any = ["span", "batch"]
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
    /// Print the coded excerpts as JSON (with --dry-run: the spans it would code).
    #[arg(long)]
    pub json: bool,
}

pub(crate) fn parse_span(s: &str) -> std::result::Result<Span, String> {
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
            CodeCommand::Describe {
                name,
                description,
                guide,
            } => {
                let edit = crate::store::CodeEdit {
                    description: description.clone(),
                    definition: guide.definition.clone(),
                    use_when: guide.when_to_use.clone(),
                    not_use_when: guide.when_not_to_use.clone(),
                    examples: if guide.clear_examples {
                        Some(Vec::new())
                    } else if guide.examples.is_empty() {
                        None
                    } else {
                        Some(guide.examples.clone())
                    },
                    codable: if guide.category {
                        Some(false)
                    } else if guide.codable {
                        Some(true)
                    } else {
                        None
                    },
                };
                if edit.description.is_none()
                    && edit.definition.is_none()
                    && edit.use_when.is_none()
                    && edit.not_use_when.is_none()
                    && edit.examples.is_none()
                    && edit.codable.is_none()
                {
                    return Err(Error::hint(
                        "nothing to change",
                        "give a description, or --definition, --when-to-use, --when-not-to-use, --example, --category or --codable",
                    ));
                }
                p.edit_code(name, &edit)?;
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
        if let Some(file) = &self.batch {
            return self.run_batch(ctx, file);
        }
        let code = self
            .code
            .as_deref()
            .expect("clap requires CODE without --batch");
        let p = ctx.project()?;
        let unit = match self.unit.as_deref() {
            Some("match") => None,
            Some(u) => Some(u.parse::<Unit>().map_err(Error::user)?),
            None if self.phrase.is_some() => Some(Unit::Sentence),
            None => None,
        };
        let outcome = match (&self.phrase, self.span) {
            (Some(phrase), _) if self.dry_run => {
                let docs = self.doc.as_ref().map(|d| vec![d.clone()]);
                let spans = crate::autocode::find_spans_with(
                    p,
                    docs.as_deref(),
                    phrase,
                    unit,
                    self.headings,
                )?;
                return dry_run(p, code, phrase, &spans, self.json);
            }
            (Some(phrase), _) => {
                // Autocoding streams each document's matches into the one
                // transaction, so memory does not grow with the matches.
                let item = BatchCoding::new(
                    self.doc.clone(),
                    BatchTarget::Match {
                        phrase: phrase.clone(),
                        unit,
                        headings: self.headings,
                    },
                    vec![code.to_owned()],
                );
                let name = code.trim().to_owned();
                match p.apply_batch_logged(
                    std::path::Path::new("--match"),
                    [Ok(item)],
                    "code.apply",
                    |o| format!("coded {} span(s) as \"{name}\"", o.codings_added),
                ) {
                    Ok(o) => o,
                    // One item: show its message as it is, not as a located line.
                    Err(Error::Invalid(mut d)) if d.len() == 1 => {
                        return Err(Error::user(d.remove(0).message));
                    }
                    Err(e) => return Err(e),
                }
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
                let Some(w) = crate::autocode::widen(&text, s, unit) else {
                    note("the span holds nothing to code; nothing coded");
                    return Ok(());
                };
                if self.dry_run {
                    return dry_run(p, code, "the span", &[(doc, w)], self.json);
                }
                let coding = p.apply_code_spans(code, &[(doc, w)])?;
                BatchOutcome {
                    spans: coding.applied.len(),
                    codings_added: coding.applied.iter().filter(|a| !a.already).count(),
                    already: coding.applied.iter().filter(|a| a.already).count(),
                    codes_created: if coding.code_created {
                        vec![coding.code.clone()]
                    } else {
                        Vec::new()
                    },
                    documents: 1,
                    excerpts: coding.applied.iter().map(|a| a.excerpt).collect(),
                    ..Default::default()
                }
            }
            (None, None) => unreachable!("clap requires --match or --span"),
        };
        if outcome.spans == 0 {
            let what = self.phrase.as_deref().unwrap_or("the span");
            note(format!("no match for \"{what}\"; nothing coded"));
            return Ok(());
        }
        for c in &outcome.codes_created {
            note(format!("created code \"{c}\""));
        }
        let mut msg = format!(
            "coded {} excerpt(s) in {} document(s) as \"{}\"",
            outcome.codings_added,
            outcome.documents,
            code.trim()
        );
        if outcome.already > 0 {
            msg.push_str(&format!(" ({} had it already)", outcome.already));
        }
        note(msg);
        if self.json {
            print_coded(p, Some(code.trim()), &outcome)?;
        }
        Ok(())
    }

    /// `code apply --batch FILE|-`: every line checked, then applied as one change.
    fn run_batch(&self, ctx: &mut Context, file: &std::path::Path) -> Result<()> {
        let p = ctx.project()?;
        let stdin = file.as_os_str() == "-";
        let outcome = if stdin {
            let lines =
                crate::batch::read_lines(std::path::Path::new("<stdin>"), std::io::stdin().lock());
            p.apply_batch(std::path::Path::new("<stdin>"), lines)?
        } else {
            let f = std::fs::File::open(file)
                .map_err(|e| Error::user(format!("cannot read {}: {e}", file.display())))?;
            let lines = crate::batch::read_lines(file, std::io::BufReader::new(f));
            p.apply_batch(file, lines)?
        };
        for c in &outcome.codes_created {
            note(format!("created code \"{c}\""));
        }
        let mut msg = format!(
            "coded {} span(s) in {} document(s) from {} line(s): {} new coding(s), {} excerpt(s) created",
            outcome.spans,
            outcome.documents,
            outcome.items,
            outcome.codings_added,
            outcome.excerpts_created
        );
        if outcome.already > 0 {
            msg.push_str(&format!(", {} coding(s) there already", outcome.already));
        }
        if outcome.memos > 0 {
            msg.push_str(&format!(", {} memo(s)", outcome.memos));
        }
        note(msg);
        if !outcome.unmatched.is_empty() {
            let lines: Vec<String> = outcome.unmatched.iter().map(|l| l.to_string()).collect();
            note(format!("no match on line(s) {}", lines.join(", ")));
        }
        if outcome.event.is_some() {
            note("one change: `thema undo` takes the whole batch back");
        }
        if self.json {
            print_coded(p, None, &outcome)?;
        }
        Ok(())
    }
}

/// Print the excerpts a coding touched as JSON (`--json`).
fn print_coded(
    p: &crate::store::Project,
    code: Option<&str>,
    outcome: &BatchOutcome,
) -> Result<()> {
    let ids: std::collections::HashSet<i64> = outcome.excerpts.iter().copied().collect();
    let all = p.excerpts(&crate::store::ExcerptFilter {
        doc: None,
        code: code.map(str::to_owned),
    })?;
    let chosen: Vec<_> = all.into_iter().filter(|e| ids.contains(&e.id)).collect();
    print_json(&chosen)
}

/// A span a dry run would code (`--dry-run --json`).
#[derive(serde::Serialize)]
struct DrySpan<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    /// The span carries the code already.
    already: bool,
}

/// `code apply --match … --dry-run`: list what would be coded.
fn dry_run(
    p: &crate::store::Project,
    code: &str,
    phrase: &str,
    spans: &[(String, Span)],
    json: bool,
) -> Result<()> {
    if spans.is_empty() {
        note(format!("no match for \"{phrase}\"; nothing coded"));
        return Ok(());
    }
    let coded: std::collections::HashSet<(String, usize, usize)> = match p.code(code) {
        Ok(_) => p
            .excerpts(&crate::store::ExcerptFilter {
                doc: None,
                code: Some(code.trim().to_owned()),
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
    // One text per document, not per span.
    let mut texts: std::collections::HashMap<&str, String> = Default::default();
    for (doc, _) in spans {
        if !texts.contains_key(doc.as_str()) {
            texts.insert(doc, p.document(doc)?.text);
        }
    }
    let rows: Vec<DrySpan> = spans
        .iter()
        .map(|(doc, s)| DrySpan {
            doc,
            start: s.start,
            end: s.end,
            text: &texts[doc.as_str()][s.start..s.end],
            already: coded.contains(&(doc.clone(), s.start, s.end)),
        })
        .collect();
    if json {
        print_json(&rows)?;
    } else {
        let mut out = super::Out::new();
        for r in &rows {
            out.line(&format!(
                "{} [{}, {}) {}",
                Safe(r.doc),
                r.start,
                r.end,
                Safe(&crate::store::preview(r.text))
            ))?;
        }
        out.finish()?;
    }
    let note_already = if already > 0 {
        format!(", {already} of them already carry it")
    } else {
        String::new()
    };
    note(format!(
        "{} span(s) would be coded \"{}\"{note_already} (dry run)",
        spans.len(),
        code.trim()
    ));
    Ok(())
}
