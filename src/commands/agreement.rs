//! `thema agreement`: inter-coder agreement per code and theme, or with
//! `--disagreements` the spans where coders differ.

use super::Context;
use super::report::Format;
use crate::analysis::{self, AgreementOptions, AgreementUnit, Target};
use crate::error::{Error, Result};
use crate::report;

#[derive(Debug, clap::Args)]
pub struct AgreementArgs {
    /// Coders to compare, comma-separated [default: every coder who coded].
    #[arg(long, value_delimiter = ',', value_name = "A,B,…")]
    pub coders: Vec<String>,
    /// Only this code.
    #[arg(long, conflicts_with = "theme")]
    pub code: Option<String>,
    /// Only this theme (present where any of its or its subthemes' codes is).
    #[arg(long)]
    pub theme: Option<String>,
    /// The unit of comparison.
    #[arg(long, value_enum, default_value = "sentence")]
    pub unit: AgreementUnit,
    /// Compare these documents [default: those every compared coder has coded].
    #[arg(long, num_args = 1.., value_name = "ID")]
    pub docs: Vec<String>,
    /// md, csv or json (`--disagreements`: md or json).
    #[arg(long, value_enum, default_value = "md")]
    pub format: Format,
    /// List the spans where coders differ, with their text, instead of statistics.
    #[arg(long)]
    pub disagreements: bool,
    /// The attribute that labels each document's case in the disagreement list.
    #[arg(long, default_value = "unit")]
    pub by: String,
}

impl AgreementArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let opts = AgreementOptions {
            coders: self.coders.clone(),
            target: match (&self.code, &self.theme) {
                (Some(c), _) => Target::Code(c.clone()),
                (None, Some(t)) => Target::Theme(t.clone()),
                (None, None) => Target::All,
            },
            unit: self.unit,
            docs: self.docs.clone(),
            by: self.by.clone(),
        };
        if self.disagreements && self.format == Format::Csv {
            return Err(Error::hint(
                "the disagreement list is written as md or json",
                "use --format md or --format json",
            ));
        }
        let data = ctx.project()?.agreement_data()?;
        let out = if self.disagreements {
            let d = analysis::disagreements(&data, &opts)?;
            match self.format {
                Format::Json => report::json(&d),
                _ => report::disagreements_markdown(&d),
            }
        } else {
            let r = analysis::agreement(&data, &opts)?;
            match self.format {
                Format::Md => report::agreement_markdown(&r),
                Format::Csv => report::agreement_csv(&r),
                Format::Json => report::json(&r),
            }
        };
        super::print_text(&out)
    }
}
