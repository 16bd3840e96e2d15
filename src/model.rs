//! Plain domain types shared by the store, analysis, reports and the TUI.
//!
//! These are values, not handles: the store returns them, the other modules
//! read them. Names follow the glossary in the design notes (document,
//! attribute, code, excerpt, theme, memo, coder). Offsets are byte offsets into
//! the document's stored text, always on grapheme-cluster boundaries.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Key/value facts about a document's case, e.g. `unit: Politie-eenheid III`.
pub type Attributes = BTreeMap<String, String>;

/// A half-open byte range `[start, end)` into a document's stored text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// The smallest span covering both.
    pub fn cover(&self, other: &Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// One imported write-up with its full text.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub id: String,
    pub attributes: Attributes,
    pub text: String,
    #[serde(skip)]
    pub sha256: String,
    #[serde(skip)]
    pub source: Option<String>,
    #[serde(skip)]
    pub imported_at: String,
}

/// A document without its text, for listings.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentSummary {
    pub id: String,
    pub attributes: Attributes,
    /// Length of the text in Unicode scalar values (what a person calls characters).
    pub chars: usize,
    /// Number of excerpts in this document (orphans included).
    pub excerpts: usize,
}

/// A code as listed: its name, description, parent and usage.
#[derive(Debug, Clone, Serialize)]
pub struct Code {
    #[serde(skip)]
    pub key: i64,
    pub name: String,
    pub description: String,
    pub parent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    #[serde(skip)]
    pub guid: String,
    /// Number of excerpts carrying this code.
    pub excerpts: usize,
    /// Definition, when to use, when not to use, examples.
    #[serde(flatten)]
    pub guide: CodeGuide,
    /// False for a category that only groups codes (REFI-QDA
    /// `isCodable="false"`): it cannot be applied to text.
    #[serde(skip_serializing_if = "is_true")]
    pub codable: bool,
    /// Order given by a codebook file among its siblings (None: by name).
    #[serde(skip)]
    pub position: Option<i64>,
}

fn is_true(b: &bool) -> bool {
    *b
}

/// The parts of a code's entry in a codebook beyond its description, as
/// MacQueen et al. (1998) structure a team codebook: a short definition,
/// when to use the code, when not to, and examples from the data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CodeGuide {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub definition: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub use_when: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub not_use_when: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
}

impl CodeGuide {
    pub fn is_empty(&self) -> bool {
        self.definition.is_empty()
            && self.use_when.is_empty()
            && self.not_use_when.is_empty()
            && self.examples.is_empty()
    }
}

/// A coded span of a document with the codes attached to it.
#[derive(Debug, Clone, Serialize)]
pub struct Excerpt {
    pub id: i64,
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub codes: Vec<String>,
    /// Who first coded this excerpt.
    pub coder: String,
    pub attributes: Attributes,
    /// True when a re-import could not place the excerpt's text in the new
    /// document text; `start`/`end` then refer to the previous text.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub orphan: bool,
    #[serde(skip)]
    pub created_at: String,
}

impl Excerpt {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Where a theme stands in Braun & Clarke's phases 3–5.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    #[default]
    Candidate,
    Reviewed,
    Defined,
}

impl Phase {
    pub const ALL: [Phase; 3] = [Phase::Candidate, Phase::Reviewed, Phase::Defined];
    pub fn as_str(&self) -> &'static str {
        match self {
            Phase::Candidate => "candidate",
            Phase::Reviewed => "reviewed",
            Phase::Defined => "defined",
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Phase {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_lowercase().as_str() {
            "candidate" => Ok(Phase::Candidate),
            "reviewed" => Ok(Phase::Reviewed),
            "defined" => Ok(Phase::Defined),
            other => Err(format!(
                "unknown phase '{other}' (expected candidate, reviewed or defined)"
            )),
        }
    }
}

/// A theme: a named pattern of shared meaning built from codes.
#[derive(Debug, Clone, Serialize)]
pub struct Theme {
    #[serde(skip)]
    pub key: i64,
    pub name: String,
    pub definition: String,
    pub parent: Option<String>,
    pub phase: Phase,
    /// Names of the codes the theme gathers.
    pub codes: Vec<String>,
    /// Order the analyst set (reports follow it).
    #[serde(skip)]
    pub position: i64,
    #[serde(skip)]
    pub guid: String,
}

/// What a memo is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "target", rename_all = "lowercase")]
pub enum MemoTarget {
    Project,
    Document(String),
    Code(String),
    Theme(String),
    Excerpt(i64),
}

#[derive(Debug, Clone, Serialize)]
pub struct Memo {
    pub target: MemoTarget,
    pub text: String,
    pub coder: String,
    pub updated_at: String,
}

/// One entry of the append-only event log.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub id: i64,
    pub at: String,
    pub coder: String,
    /// Machine-readable action, e.g. `code.apply`, `import`, `undo`.
    pub action: String,
    /// One human-readable line, e.g. `applied "Lage pakkans" to P03 [120, 188)`.
    pub summary: String,
    /// For `undo`/`redo`: the event that was undone or redone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<i64>,
    /// True when this change is currently undone.
    pub undone: bool,
}
