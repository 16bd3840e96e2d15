//! Renderers: Markdown, CSV, JSON, SVG, Mermaid and DOT. Every function here
//! is a pure function of analysis results (no I/O, no database), so reports
//! are reproducible and easy to test.

pub mod agreement;
pub mod codebook;
pub mod escape;
pub mod fingerprint;
pub mod full;
pub mod json;
pub mod map;
pub mod saturation;
pub mod svg;
pub mod table;
pub mod words;

pub use agreement::{agreement_csv, agreement_markdown, disagreements_markdown};
pub use full::{FullReport, render_full};
pub use json::json;
pub use map::{dot, mermaid};
pub use svg::matrix_svg;
pub use table::{LabelAt, csv, frequencies_markdown, quote_section_markdown, quotes_markdown};

pub use words::{Labels, Lang, Noun};
