//! `thema report …`: frequency tables, quote collections, the full phase-6
//! report and the thematic map.

use super::{Context, note};
use crate::analysis::{self, Level, Measure, QuoteOptions, Selection};
use crate::error::{Error, Result};
use crate::report::{self, Labels, Lang};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum ReportCommand {
    /// Excerpts, documents and groups per theme/code, plus a theme × group matrix.
    Frequencies(FrequenciesArgs),
    /// Quotes per theme or code, under a heading per group.
    Quotes(QuotesArgs),
    /// The full report (Markdown + matrix SVG next to it).
    Full(FullArgs),
    /// The thematic map (themes → subthemes → codes) as Mermaid or Graphviz DOT.
    Map(MapArgs),
    /// New codes per document in coding order, cumulative (table + SVG chart).
    Saturation(SaturationArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Cite {
    /// Add document id and paragraph number to each attribution.
    Doc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MapFormat {
    Mermaid,
    Dot,
}

#[derive(Debug, clap::Args)]
pub struct FrequenciesArgs {
    /// Group by this document attribute.
    #[arg(long, default_value = "unit")]
    pub by: String,
    #[arg(long, value_enum, default_value = "theme")]
    pub level: Level,
    /// What each group cell shows: presence (✓, with "5/6"), excerpts or documents.
    #[arg(long, value_enum, default_value = "presence")]
    pub measure: Measure,
    /// Display name of the grouping attribute in prose, e.g. "eenheid" or
    /// "eenheid/eenheden" [default: the project setting (`thema settings label`), else built in for unit].
    #[arg(long, value_name = "NAME")]
    pub by_label: Option<String>,
    /// Output format [default: from -o's extension, else md].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, env = "THEMA_LANG", default_value = "en")]
    pub lang: Lang,
}

#[derive(Debug, clap::Args)]
pub struct QuotesArgs {
    #[arg(long, default_value = "unit")]
    pub by: String,
    /// Only this theme (with its subthemes and codes).
    #[arg(long, conflicts_with = "code")]
    pub theme: Option<String>,
    /// Only this code.
    #[arg(long)]
    pub code: Option<String>,
    /// md or json [default: from -o's extension, else md].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// `doc`: add document id and paragraph number to attributions.
    #[arg(long, value_enum)]
    pub cite: Option<Cite>,
    /// Also show this attribute with each quote (repeatable). Nothing else
    /// from the front matter is ever shown.
    #[arg(long, value_name = "ATTR")]
    pub show: Vec<String>,
    /// At most N quotes per group: key quotes first, the rest spread over documents.
    #[arg(long, visible_alias = "quotes", value_name = "N")]
    pub per_group: Option<usize>,
    /// Only key quotes (`thema quote ID --key`).
    #[arg(long)]
    pub key_only: bool,
    /// Prefer verbatim passages (in quotation marks) over paraphrase.
    #[arg(long)]
    pub verbatim_first: bool,
    /// Name the group once per heading, or after each quote (no group headings).
    #[arg(long, value_enum, default_value = "heading")]
    pub label: report::LabelAt,
    /// Publish even if the privacy check (`thema check`) has findings in
    /// these quotes that nobody reviewed.
    #[arg(long)]
    pub allow_flagged: bool,
    /// Display name of the grouping attribute in prose, e.g. "eenheid"
    /// [default: the project setting (`thema settings label`), else built in for unit].
    #[arg(long, value_name = "NAME")]
    pub by_label: Option<String>,
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, env = "THEMA_LANG", default_value = "en")]
    pub lang: Lang,
}

#[derive(Debug, clap::Args)]
pub struct FullArgs {
    #[arg(long, default_value = "unit")]
    pub by: String,
    /// What each group cell of the matrix shows: presence (✓, "5/6"), excerpts or documents.
    #[arg(long, value_enum, default_value = "presence")]
    pub measure: Measure,
    /// Display name of the grouping attribute in prose, e.g. "eenheid" or
    /// "eenheid/eenheden" [default: the project setting (`thema settings
    /// label`), else built in for unit].
    #[arg(long, value_name = "NAME")]
    pub by_label: Option<String>,
    /// Write the report here; the matrix goes next to it as NAME-matrix.svg.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Illustrative quotes per group and theme (key quotes first).
    #[arg(long, default_value_t = 2)]
    pub quotes: usize,
    /// Only key quotes (`thema quote ID --key`).
    #[arg(long)]
    pub key_only: bool,
    /// Prefer verbatim passages (in quotation marks) over paraphrase.
    #[arg(long)]
    pub verbatim_first: bool,
    /// Name the group once per heading, or after each quote (no group headings).
    #[arg(long, value_enum, default_value = "heading")]
    pub label: report::LabelAt,
    /// Publish even if the privacy check (`thema check`) has findings in
    /// the quotes that nobody reviewed.
    #[arg(long)]
    pub allow_flagged: bool,
    #[arg(long, value_enum)]
    pub cite: Option<Cite>,
    #[arg(long, value_name = "ATTR")]
    pub show: Vec<String>,
    /// Report language: en or nl (set THEMA_LANG=nl once for a Dutch study).
    #[arg(long, value_enum, env = "THEMA_LANG", default_value = "en")]
    pub lang: Lang,
    #[arg(long)]
    pub title: Option<String>,
    /// The coder who holds the settled coding: when it has codings, the
    /// method section gives the other coders' agreement.
    #[arg(long, value_name = "CODER", default_value = "consensus")]
    pub consensus: String,
}

#[derive(Debug, clap::Args)]
pub struct SaturationArgs {
    /// md, csv or json [default: from -o's extension, else md].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Also write the line chart (SVG) to this file.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    #[arg(long, value_enum, env = "THEMA_LANG", default_value = "en")]
    pub lang: Lang,
    /// Chart title [default: "Saturation" / "Verzadiging"].
    #[arg(long)]
    pub title: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct MapArgs {
    #[arg(long, value_enum, default_value = "mermaid")]
    pub format: MapFormat,
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

fn format_of(format: Option<Format>, output: Option<&Path>) -> Format {
    format.unwrap_or_else(|| {
        match output
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .as_deref()
        {
            Some("csv") => Format::Csv,
            Some("json") => Format::Json,
            _ => Format::Md,
        }
    })
}

/// Write to the file (atomically, never over the project; saying so on
/// stderr) or to stdout.
fn emit(project: &Path, output: Option<&Path>, content: &str) -> Result<()> {
    match output {
        Some(p) => {
            crate::output::write(Some(project), p, content.as_bytes())?;
            note(format!("wrote {}", p.display()));
        }
        None => super::print_text(content)?,
    }
    Ok(())
}

/// Refuse an output path that would overwrite the project before any work.
fn check_output(ctx: &Context, output: Option<&Path>) -> Result<()> {
    match output {
        Some(p) => crate::output::guard(Some(&ctx.project_path), p),
        None => Ok(()),
    }
}

impl ReportCommand {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        match self {
            ReportCommand::Frequencies(a) => a.run(ctx),
            ReportCommand::Quotes(a) => a.run(ctx),
            ReportCommand::Full(a) => a.run(ctx),
            ReportCommand::Map(a) => a.run(ctx),
            ReportCommand::Saturation(a) => a.run(ctx),
        }
    }
}

impl FrequenciesArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        check_output(ctx, self.output.as_deref())?;
        let p = ctx.project()?;
        let data = p.coding_data()?;
        let by_label = super::settings::by_label(p, &self.by, self.by_label.as_deref())?;
        let f = analysis::frequencies(&data, &self.by, self.level);
        let out = match format_of(self.format, self.output.as_deref()) {
            Format::Md => report::frequencies_markdown(
                &f,
                &Labels::grouped(self.lang, &self.by, by_label.as_deref()),
                self.measure,
            ),
            Format::Csv => report::csv(&f, self.measure),
            Format::Json => report::json(&f),
        };
        emit(&ctx.project_path, self.output.as_deref(), &out)
    }
}

impl QuotesArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        check_output(ctx, self.output.as_deref())?;
        let project_path = ctx.project_path.clone();
        let p = ctx.project()?;
        let data = p.coding_data()?;
        let selection = match (&self.theme, &self.code) {
            (Some(t), _) => Selection::Theme(t.clone()),
            (None, Some(c)) => Selection::Code(c.clone()),
            (None, None) => Selection::AllThemes,
        };
        let opts = QuoteOptions {
            by: self.by.clone(),
            cite_doc: self.cite == Some(Cite::Doc),
            show: self.show.clone(),
            per_group: self.per_group,
            key_only: self.key_only,
            verbatim_first: self.verbatim_first,
        };
        let format = format_of(self.format, self.output.as_deref());
        if format == Format::Csv {
            return Err(Error::hint(
                "quotes cannot be written as CSV",
                "use --format md or --format json",
            ));
        }
        let plan = analysis::plan_quotes(p, &data, &selection, &opts)?;
        privacy_gate(p, &data, &self.by, plan.excerpt_ids(), self.allow_flagged)?;
        if format == Format::Json {
            let qc = analysis::quotes(p, &data, &selection, &opts)?;
            return emit(&project_path, self.output.as_deref(), &report::json(&qc));
        }
        // Markdown a section at a time: one text query per section, and no
        // more than one section's quotes in memory.
        let by_label = super::settings::by_label(p, &self.by, self.by_label.as_deref())?;
        let labels = Labels::grouped(self.lang, &self.by, by_label.as_deref());
        let write = |w: &mut dyn FnMut(&str) -> Result<()>| -> Result<()> {
            for i in 0..plan.len() {
                let section = plan.section(p, i)?;
                w(&report::quote_section_markdown(
                    &section,
                    plan.by(),
                    &labels,
                    self.label,
                ))?;
            }
            Ok(())
        };
        match self.output.as_deref() {
            Some(path) => {
                crate::output::write_with(Some(&project_path), path, |tmp| {
                    let f = std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(tmp)?;
                    let mut f = std::io::BufWriter::with_capacity(64 * 1024, f);
                    write(&mut |s| {
                        use std::io::Write;
                        f.write_all(s.as_bytes())?;
                        Ok(())
                    })?;
                    use std::io::Write;
                    f.flush()?;
                    Ok(())
                })?;
                note(format!("wrote {}", path.display()));
                Ok(())
            }
            None => {
                let mut out = super::out::Out::new();
                write(&mut |s| out.text(s))?;
                out.finish()
            }
        }
    }
}

impl FullArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        check_output(ctx, self.output.as_deref())?;
        if let Some(out) = &self.output {
            check_output(ctx, Some(&svg_path_for(out)))?;
            check_output(ctx, Some(&chart_path_for(out, "saturation")))?;
        }
        let clock = Clock::new();
        let p = ctx.project()?;
        let data = p.coding_data()?;
        clock.lap("snapshot");
        let freqs = analysis::frequencies(&data, &self.by, Level::Both);
        clock.lap("frequencies");
        let opts = QuoteOptions {
            by: self.by.clone(),
            cite_doc: self.cite == Some(Cite::Doc),
            show: self.show.clone(),
            per_group: Some(self.quotes),
            key_only: self.key_only,
            verbatim_first: self.verbatim_first,
        };
        let qc = if self.quotes == 0 {
            analysis::QuoteCollection {
                by: self.by.clone(),
                sections: Vec::new(),
            }
        } else {
            analysis::quotes(p, &data, &Selection::AllThemes, &opts)?
        };
        let ids = qc
            .sections
            .iter()
            .flat_map(|s| s.groups.iter())
            .flat_map(|g| g.quotes.iter().map(|q| q.excerpt))
            .collect();
        clock.lap("quotes");
        let findings = privacy_gate(p, &data, &self.by, ids, self.allow_flagged)?;
        clock.lap("privacy check");
        let by_label = super::settings::by_label(p, &self.by, self.by_label.as_deref())?;
        let title = self.title.clone().unwrap_or_else(|| match self.lang {
            Lang::Nl => "Thematische analyse".into(),
            Lang::En => "Thematic analysis".into(),
        });
        let svg_path = self.output.as_deref().map(svg_path_for);
        let sat_path = self
            .output
            .as_deref()
            .map(|o| chart_path_for(o, "saturation"));
        let appendices = analysis::appendices(p, &data, &self.by, self.consensus.trim())?;
        clock.lap("appendices");
        let file_name = |p: &Option<PathBuf>| {
            p.as_ref()
                .and_then(|s| s.file_name())
                .map(|s| s.to_string_lossy().into_owned())
        };
        let fingerprint = report::fingerprint::fingerprint(&data, &p.document_hashes()?);
        clock.lap("fingerprint");
        let full = report::FullReport {
            title: title.clone(),
            themes: &data.themes,
            freqs: &freqs,
            quotes: &qc,
            stats: &data.stats,
            svg: svg_path
                .as_ref()
                .and_then(|s| s.file_name())
                .map(|s| s.to_string_lossy().into_owned()),
            lang: self.lang,
            cite_doc: self.cite == Some(Cite::Doc) && self.quotes > 0,
            shown: if self.quotes > 0 { &self.show } else { &[] },
            measure: self.measure,
            group_label: by_label.clone(),
            codes: &data.codes,
            label_at: self.label,
            privacy: (
                findings.iter().filter(|f| f.reviewed).count(),
                findings.iter().filter(|f| !f.reviewed).count(),
            ),
            fingerprint,
            appendices: &appendices,
            saturation_svg: file_name(&sat_path),
        };
        let md = report::render_full(&full);
        clock.lap("markdown");
        if let (Some(path), Some(sat)) = (&sat_path, &appendices.saturation) {
            let labels = Labels::new(self.lang);
            let chart_title = match self.lang {
                Lang::Nl => format!("{title}: verzadiging van de codes"),
                Lang::En => format!("{title}: code saturation"),
            };
            let sat = if full.cite_doc {
                sat.clone()
            } else {
                sat.without_ids()
            };
            let chart = report::saturation::saturation_svg(&sat, &chart_title, &labels);
            emit(&ctx.project_path, Some(path), &chart)?;
        }
        if let Some(svg) = &svg_path {
            let labels = Labels::grouped(self.lang, &self.by, by_label.as_deref());
            let one = labels.group_noun(&self.by);
            let chart_title = match (self.lang, self.measure) {
                (Lang::Nl, Measure::Presence) => format!("{title}: thema's per {one}"),
                (Lang::En, Measure::Presence) => format!("{title}: themes per {one}"),
                (Lang::Nl, Measure::Excerpts) => format!("{title}: fragmenten per thema en {one}"),
                (Lang::En, Measure::Excerpts) => format!("{title}: excerpts per theme and {one}"),
                (Lang::Nl, Measure::Documents) => format!("{title}: documenten per thema en {one}"),
                (Lang::En, Measure::Documents) => format!("{title}: documents per theme and {one}"),
            };
            emit(
                &ctx.project_path,
                Some(svg),
                &report::matrix_svg(&freqs, &chart_title, &labels, self.measure),
            )?;
        } else {
            note("no -o given: the matrix SVG is written only next to a report file");
        }
        emit(&ctx.project_path, self.output.as_deref(), &md)?;
        clock.lap("charts and files");
        Ok(())
    }
}

/// The privacy check over the quotes about to be published: refuse, naming
/// every open finding, unless all are reviewed or `--allow-flagged`.
fn privacy_gate(
    p: &crate::store::Project,
    data: &crate::store::CodingData,
    by: &str,
    ids: std::collections::HashSet<i64>,
    allow_flagged: bool,
) -> Result<Vec<analysis::privacy::ExcerptFinding>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let findings = analysis::privacy::check_project(p, data, by, Some(&ids))?;
    super::check::gate(findings, allow_flagged, super::check::Gate::Reports)
}

/// Phase times on stderr when `THEMA_REPORT_TIMING` is set (benchmarks).
struct Clock(Option<std::cell::Cell<std::time::Instant>>);

impl Clock {
    fn new() -> Clock {
        Clock(
            std::env::var_os("THEMA_REPORT_TIMING")
                .map(|_| std::cell::Cell::new(std::time::Instant::now())),
        )
    }
    fn lap(&self, what: &str) {
        if let Some(t) = &self.0 {
            note(format!("report {what}: {:.2?}", t.get().elapsed()));
            t.set(std::time::Instant::now());
        }
    }
}

/// `rapport.md` → `rapport-matrix.svg` in the same folder.
pub fn svg_path_for(md: &Path) -> PathBuf {
    chart_path_for(md, "matrix")
}

/// `rapport.md` → `rapport-KIND.svg` in the same folder.
fn chart_path_for(md: &Path, kind: &str) -> PathBuf {
    let stem = md
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    md.with_file_name(format!("{stem}-{kind}.svg"))
}

impl SaturationArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        check_output(ctx, self.output.as_deref())?;
        check_output(ctx, self.svg.as_deref())?;
        let p = ctx.project()?;
        let data = p.coding_data()?;
        let s = analysis::saturation(&data, &p.first_codings()?);
        let labels = Labels::new(self.lang);
        if let Some(svg) = &self.svg {
            let title = self.title.clone().unwrap_or_else(|| {
                labels
                    .pick(
                        "Verzadiging: codes per document",
                        "Saturation: codes per document",
                    )
                    .to_owned()
            });
            let chart = report::saturation::saturation_svg(&s, &title, &labels);
            emit(&ctx.project_path, Some(svg), &chart)?;
        }
        let out = match format_of(self.format, self.output.as_deref()) {
            Format::Md => report::saturation::saturation_markdown(&s, &labels),
            Format::Csv => report::saturation::saturation_csv(&s),
            Format::Json => report::json(&s),
        };
        emit(&ctx.project_path, self.output.as_deref(), &out)
    }
}

impl MapArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        check_output(ctx, self.output.as_deref())?;
        let themes = ctx.project()?.themes()?;
        let out = match self.format {
            MapFormat::Mermaid => report::mermaid(&themes),
            MapFormat::Dot => report::dot(&themes),
        };
        emit(&ctx.project_path, self.output.as_deref(), &out)
    }
}
