//! thema: thematic analysis of interview write-ups, from the terminal.
pub mod analysis;
pub mod error;
pub mod model;
pub mod report;

pub use error::{Diagnostic, Error, Result};
pub mod store;
pub mod text;

pub use store::Project;
pub mod autocode;
pub mod cli;
pub mod codebook;
pub mod commands;
pub mod import;
pub mod synth;
pub mod tui;
