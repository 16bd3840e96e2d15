//! `thema settings`: project settings that are not analysis data (not
//! events). `thema settings label ATTR NAME` gives a grouping attribute the
//! display name reports use when `--by-label` is not given ("eenheid", or
//! "eenheid/eenheden" with its plural); without a subcommand, list the
//! settings.

use super::{Context, note};
use crate::error::{Error, Result};
use crate::store::Project;

#[derive(Debug, clap::Args)]
pub struct SettingsArgs {
    #[command(subcommand)]
    pub what: Option<SettingsCommand>,
}

#[derive(Debug, clap::Subcommand)]
pub enum SettingsCommand {
    /// The name reports give the groups of an attribute, e.g.
    /// `thema settings label unit "eenheid/eenheden"`; without NAME, show it.
    Label(LabelArgs),
}

#[derive(Debug, clap::Args)]
pub struct LabelArgs {
    /// The grouping attribute (as in `--by`).
    pub attr: String,
    /// Its display name, singular or "singular/plural".
    pub name: Option<String>,
    /// Remove the label (reports fall back to the built-in name for `unit`).
    #[arg(long, conflicts_with = "name")]
    pub clear: bool,
}

/// The display label of `by` for a report: the one given (`--by-label`),
/// else the project setting.
pub fn by_label(p: &Project, by: &str, given: Option<&str>) -> Result<Option<String>> {
    match given {
        Some(g) => Ok(Some(g.to_owned())),
        None => p.group_label(by),
    }
}

/// A label is words, optionally "singular/plural", both non-empty, with no
/// control characters (it is printed in every report).
fn check_label(name: &str) -> Result<String> {
    let name = name.trim();
    let parts: Vec<&str> = name.split('/').map(str::trim).collect();
    if name.chars().any(char::is_control) || parts.len() > 2 || parts.iter().any(|p| p.is_empty()) {
        return Err(Error::hint(
            format!("label {:?} refused", crate::text::Safe(name).to_string()),
            "give a name such as \"eenheid\" or \"eenheid/eenheden\" (singular/plural); nothing was changed",
        ));
    }
    Ok(parts.join("/"))
}

impl SettingsArgs {
    pub fn run(&self, ctx: &mut Context) -> Result<()> {
        let p = ctx.project()?;
        match &self.what {
            Some(SettingsCommand::Label(a)) => {
                if a.clear {
                    p.set_group_label(&a.attr, None)?;
                } else if let Some(n) = &a.name {
                    let n = check_label(n)?;
                    p.set_group_label(&a.attr, Some(&n))?;
                }
                match p.group_label(&a.attr)? {
                    Some(l) => note(format!(
                        "reports name the groups of `{}` “{}”",
                        crate::text::Safe(&a.attr),
                        crate::text::Safe(&l)
                    )),
                    None => note(format!(
                        "`{}` has no label: reports use --by-label, else the built-in name for unit",
                        crate::text::Safe(&a.attr)
                    )),
                }
                Ok(())
            }
            None => {
                let mut out = super::Out::new();
                let (allow, deny) = p.check_lists()?;
                out.line(&format!(
                    "blind     {}",
                    if p.blind_setting()? { "on" } else { "off" }
                ))?;
                for (attr, l) in p.group_labels()? {
                    out.line(&format!(
                        "label     {} = {}",
                        crate::text::Safe(&attr),
                        crate::text::Safe(&l)
                    ))?;
                }
                for (what, list) in [("allow", allow), ("deny", deny)] {
                    if !list.is_empty() {
                        out.line(&format!(
                            "{what:<9} {}",
                            crate::text::Safe(&list.join(", "))
                        ))?;
                    }
                }
                out.finish()
            }
        }
    }
}
