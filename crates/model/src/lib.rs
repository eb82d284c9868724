//! The document and annotation types of `briefing`.
//!
//! A [`Document`] is what every stage of the pipeline passes on: a reader
//! (`briefing-formats`) fills in the metadata, the text and its sections; the
//! annotator (`briefing-annotator`) adds sentences, abbreviations, entities,
//! cues and claims; the evidence crate (`briefing-evidence`) scores the claims;
//! the report crate renders it. Serialized with serde, it is the versioned
//! annotated-review JSON documented in `docs/schema.md`
//! (schema [`SCHEMA`]).
//!
//! # Offsets
//!
//! All `start`/`end` offsets are **UTF-8 byte offsets** into
//! [`Document::text`], half-open (`start..end`), and always fall on character
//! boundaries. Inputs with their own coordinate system (PubTator, BioC) keep it
//! on each [`Passage::source_offset`], so writers can give annotations back in
//! the input's own coordinates.
//!
//! ```
//! use briefing_model::{Document, Metadata, SCHEMA};
//!
//! let mut doc = Document::new("doc-1");
//! doc.metadata = Metadata { title: Some("A review".into()), ..Metadata::default() };
//! let json = serde_json::to_string(&doc).unwrap();
//! assert!(json.starts_with(&format!("{{\"schema\":\"{SCHEMA}\"")));
//! let back: Document = serde_json::from_str(&json).unwrap();
//! assert_eq!(back, doc);
//! ```
//!
//! This crate depends on no other crate of the workspace and does no I/O.

mod claim;
mod document;
mod entity;
mod evidence;

pub use claim::{
    Argument, Claim, ClaimCategory, Concept, Cue, CueKind, Relation, RelationKind, SentenceRef,
    Study, StudyDesign,
};
pub use document::{
    Citation, Document, Figure, InputFormat, InputRelation, Metadata, Passage, Reference,
    RelationArg, Section, SectionKind, Sentence, Source, Span,
};
pub use entity::{Abbreviation, Candidate, Entity, EntityType, InputAnnotation, Origin};
pub use evidence::{Certainty, Evidence, Factor, Tier};

/// The schema identifier written in every annotated-review JSON document.
pub const SCHEMA: &str = "briefing/annotated-review/1";
