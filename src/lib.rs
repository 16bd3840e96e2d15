//! thema: thematic analysis of interview write-ups, from the terminal.
//!
//! # Overview
//!
//! A qualitative researcher imports anonymized interview write-ups, codes
//! excerpts of them, clusters codes into themes (Braun & Clarke's phases
//! 1–6) and reports how widespread each theme is per group, e.g. per police
//! unit. Data flows one way:
//!
//! ```text
//! files ─▶ import ─▶ store (Project, SQLite) ─▶ analysis ─▶ report (md/csv/json/svg)
//!                         ▲                              └▶ tui (the workbench)
//!                         └── cli / tui call the same Project API
//! ```
//!
//! - [`import`] decodes and checks write-ups (front matter, encodings) and
//!   builds [`store::NewDocument`]s; nothing is written until a batch is valid.
//! - [`store`] owns the one SQLite file. [`Project`] is the only API that
//!   changes data; every change is one transaction and one event in an
//!   append-only log, which gives undo/redo and the audit trail.
//! - [`text`] keeps offsets honest: normalization, grapheme boundaries, words,
//!   sentences and paragraphs, phrase search, re-anchoring.
//! - [`analysis`] computes frequencies and quote collections; [`report`]
//!   renders them; [`codebook`] reads and writes YAML and REFI-QDA codebooks.
//! - [`tui`] is the keyboard-first workbench; [`cli`] and [`commands`] the
//!   command line.
//!
//! # Example
//!
//! ```
//! use thema::{Project, model::Span, store::NewDocument, text};
//!
//! let mut project = Project::in_memory()?;
//! let body = "De kans dat je gepakt wordt is nul. Dat zegt genoeg.\n".to_owned();
//! let doc = NewDocument {
//!     id: "P03".into(),
//!     sha256: text::sha256_hex(&body),
//!     text: body,
//!     attributes: [("unit".to_owned(), "Politie-eenheid III".to_owned())].into(),
//!     source: None,
//! };
//! project.import(vec![doc], false)?;
//!
//! // Code the first sentence; an unknown code name is created on the fly.
//! let sentence = text::unit_at(&project.document("P03")?.text, 3, text::Unit::Sentence).unwrap();
//! let coding = project.apply_code("P03", sentence, "Lage pakkans")?;
//! assert!(coding.code_created);
//!
//! let excerpts = project.excerpts(&Default::default())?;
//! assert_eq!(excerpts[0].text, "De kans dat je gepakt wordt is nul.");
//! assert_eq!(excerpts[0].span(), Span::new(0, 35));
//!
//! project.undo()?;
//! assert!(project.excerpts(&Default::default())?.is_empty());
//! # Ok::<(), thema::Error>(())
//! ```

pub mod analysis;
pub mod autocode;
pub mod batch;
pub mod cli;
pub mod codebook;
pub mod commands;
pub mod error;
pub mod import;
pub mod interop;
pub mod model;
pub mod output;
pub mod report;
pub mod store;
pub mod synth;
pub mod text;
pub mod tree;
pub mod tui;
pub mod yaml;

#[cfg(test)]
mod testing;

pub use error::{Diagnostic, Error, Result};
pub use store::Project;
