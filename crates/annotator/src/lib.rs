//! Annotates briefing documents: sentences, abbreviations, entities with
//! identifiers, hedging and negation cues, and claims.
//!
//! The annotator takes a [`Document`] as a reader left it (metadata, text,
//! sections with passages, references, citation markers) and fills in the
//! annotation layers, in this order, each stage reading what the previous
//! ones wrote:
//!
//! 1. [`sentences`]: sentence boundaries inside passages, with the citations
//!    each sentence carries;
//! 2. abbreviations (Schwartz–Hearst definitions);
//! 3. entities with identifiers (lexicon lookup, abbreviation propagation);
//! 4. hedging and negation cues with their scopes;
//! 5. claims: mechanisms, outcomes, bottlenecks, strategies.
//!
//! It does no I/O: the lexicon is handed in by the caller.

pub mod abbreviations;
pub mod claims;
pub mod cues;
pub mod entities;
pub mod sentences;
pub mod study;

use briefing_model::Document;

/// Runs the annotation stages over documents.
#[derive(Debug, Default)]
pub struct Annotator {}

impl Annotator {
    pub fn new() -> Self {
        Annotator {}
    }

    /// Annotates one document in place.
    pub fn annotate(&self, doc: &mut Document) {
        sentences::split_document(doc);
        cues::annotate(doc);
        claims::annotate(doc);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::PathBuf;

    /// `../shared` beside the workspace, or `None` (with a note) when absent.
    pub(crate) fn shared_dir() -> Option<PathBuf> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
        if dir.is_dir() {
            Some(dir)
        } else {
            eprintln!("skipped: ../shared is not beside the workspace");
            None
        }
    }
}
