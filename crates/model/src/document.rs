//! The document: metadata, text, sections, passages, sentences, references.

use serde::{Deserialize, Serialize};

use crate::{Abbreviation, Claim, Cue, Entity, SCHEMA};

/// A half-open byte range `start..end` into [`Document::text`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// An annotated review: the unit every stage of the pipeline reads and writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Always [`SCHEMA`] for documents written by this version.
    pub schema: String,
    /// A stable identifier: the PMID or PMCID where the input gives one,
    /// otherwise derived from the input's name.
    pub id: String,
    #[serde(default)]
    pub source: Source,
    #[serde(default)]
    pub metadata: Metadata,
    /// The whole text of the document; every offset points into it.
    #[serde(default)]
    pub text: String,
    /// Sections in reading order, flattened: nesting is given by
    /// [`Section::level`] and [`Section::parent`].
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Entity mentions, sorted by `(start, end)`; document-level entities
    /// (from an input's entity list, without offsets) come last.
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub abbreviations: Vec<Abbreviation>,
    /// Hedging and negation cues with their scopes.
    #[serde(default)]
    pub cues: Vec<Cue>,
    #[serde(default)]
    pub claims: Vec<Claim>,
    #[serde(default)]
    pub references: Vec<Reference>,
    /// In-text citation markers ("[12]", "(Smith et al., 2020)") linked to
    /// [`Document::references`] by id.
    #[serde(default)]
    pub citations: Vec<Citation>,
    #[serde(default)]
    pub figures: Vec<Figure>,
    /// Relations the input carries between concepts (BC5CDR's
    /// chemical-induced-disease pairs), kept as given for round trips.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<InputRelation>,
}

impl Document {
    /// An empty document of the current schema.
    pub fn new(id: impl Into<String>) -> Self {
        Document {
            schema: SCHEMA.to_owned(),
            id: id.into(),
            source: Source::default(),
            metadata: Metadata::default(),
            text: String::new(),
            sections: Vec::new(),
            entities: Vec::new(),
            abbreviations: Vec::new(),
            cues: Vec::new(),
            claims: Vec::new(),
            references: Vec::new(),
            citations: Vec::new(),
            figures: Vec::new(),
            relations: Vec::new(),
        }
    }

    /// The text of a span. Returns `""` for spans outside the text or off
    /// character boundaries instead of panicking.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// Every sentence of the document in reading order, with the index of
    /// its section.
    pub fn sentences(&self) -> impl Iterator<Item = (usize, &Sentence)> {
        self.sections
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.sentences.iter().map(move |sent| (i, sent)))
    }

    /// The reference with this id.
    pub fn reference(&self, id: &str) -> Option<&Reference> {
        self.references.iter().find(|r| r.id == id)
    }
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Source {
    /// The input's name as given by the user (a path or `-`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub format: InputFormat,
    /// For inputs holding many documents: the position of this one (0-based).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}

/// The input formats the readers understand.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum InputFormat {
    /// The seed's Markdown summary / full-text layout.
    SeedMarkdown,
    /// JATS XML (PMC, eLife).
    Jats,
    BiocXml,
    BiocJson,
    Pubtator,
    /// A document already in this schema (JSON or a JSONL line).
    Json,
    Markdown,
    #[default]
    Text,
}

/// Bibliographic metadata. Unknown values are `null`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Metadata {
    pub title: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    pub doi: Option<String>,
    /// With its `PMC` prefix, e.g. `PMC12913439`.
    pub pmcid: Option<String>,
    pub pmid: Option<String>,
    pub journal: Option<String>,
    /// ISO 8601 (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: Option<String>,
    /// A one-sentence summary, where the input has one (the seed's TL;DR).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tldr: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
}

/// What part of a paper a section is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Abstract,
    Introduction,
    Methods,
    Results,
    Discussion,
    Conclusion,
    /// Author or site summaries: TL;DR, key findings, highlights.
    Summary,
    #[default]
    Other,
}

/// A section of the document. Sections are stored flat, in reading order;
/// a section owns only its direct passages, not those of its subsections.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Section {
    pub title: String,
    pub kind: SectionKind,
    /// 1 for top-level sections, 2 for their subsections, and so on.
    pub level: u8,
    /// Index of the enclosing section in [`Document::sections`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<usize>,
    /// The paragraphs (or titles, list items, captions) of this section.
    #[serde(default)]
    pub passages: Vec<Passage>,
    /// Filled by the annotator.
    #[serde(default)]
    pub sentences: Vec<Sentence>,
}

/// A paragraph-like run of text: the unit sentences never cross.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Passage {
    pub start: usize,
    pub end: usize,
    /// The passage's offset in the input's own coordinates (characters, as
    /// in PubTator and BioC), when the input has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_offset: Option<usize>,
}

impl Passage {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// A sentence with the references it cites.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Sentence {
    /// `S1`, `S2`, ... in document order.
    pub id: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Ids of the cited [`Reference`]s, in order of first citation, without
    /// repeats.
    #[serde(default)]
    pub citations: Vec<String>,
}

impl Sentence {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// An in-text citation marker.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Citation {
    pub start: usize,
    pub end: usize,
    /// Ids of the [`Reference`]s it points to (a range "[3-5]" is expanded).
    pub refs: Vec<String>,
}

/// An entry of the reference list.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Reference {
    /// The id citations use (`R12`, or the input's own id such as `bib12`).
    pub id: String,
    /// The label printed in the paper ("12").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    pub title: Option<String>,
    pub year: Option<i32>,
    pub journal: Option<String>,
    pub doi: Option<String>,
    pub pmid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pmcid: Option<String>,
    /// The reference as printed, when the input gives it as one string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A figure or table with its caption. The caption text is also a passage
/// of a section (so it is annotated like any other text).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Figure {
    pub id: String,
    /// "Figure 2", "Table 1".
    pub label: Option<String>,
    pub caption: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// A relation given by the input, such as a PubTator line
/// `6794356<TAB>CID<TAB>D016651<TAB>D003490` or a BioC `<relation>`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InputRelation {
    /// The input's id for it (BioC `R0`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// E.g. `CID`.
    pub label: String,
    /// The related concepts in input order: their role where the input names
    /// it (BioC infon keys such as `Chemical`), and the identifier as given.
    pub args: Vec<RelationArg>,
}

/// One argument of an [`InputRelation`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RelationArg {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub id: String,
}
