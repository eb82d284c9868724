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

use std::sync::Arc;

use briefing_lexicon::Lexicon;
use briefing_model::Document;

pub use entities::{EntityModel, InputEntities};

/// Options of the annotator.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnnotatorOptions {
    /// What happens to entity annotations the input already has.
    pub entities: InputEntities,
}

impl AnnotatorOptions {
    /// These options with `entities` for the input's entity annotations.
    pub fn with_entities(self, entities: InputEntities) -> Self {
        AnnotatorOptions { entities }
    }
}

/// Runs the annotation stages over documents.
#[derive(Debug, Clone, Default)]
pub struct Annotator {
    options: AnnotatorOptions,
    /// Without a lexicon, entities come from the taggers and the mined names
    /// alone (no lexicon features, no cell lines, fewer identifiers).
    lexicon: Option<Lexicon>,
    /// `None`: the shipped model.
    model: Option<Arc<EntityModel>>,
}

impl Annotator {
    pub fn new() -> Self {
        Annotator::default()
    }

    pub fn with_options(mut self, options: AnnotatorOptions) -> Self {
        self.options = options;
        self
    }

    /// The lexicon for entity matching and identifiers.
    pub fn with_lexicon(mut self, lexicon: Lexicon) -> Self {
        self.lexicon = Some(lexicon);
        self
    }

    /// An entity model instead of the shipped one.
    pub fn with_model(mut self, model: EntityModel) -> Self {
        self.model = Some(Arc::new(model));
        self
    }

    pub fn options(&self) -> &AnnotatorOptions {
        &self.options
    }

    /// Annotates one document in place.
    pub fn annotate(&self, doc: &mut Document) {
        sentences::split_document(doc);
        abbreviations::annotate(doc);
        let model = match &self.model {
            Some(m) => Some(m.as_ref()),
            None => EntityModel::shipped().ok(),
        };
        if let Some(model) = model {
            entities::annotate(doc, model, self.lexicon.as_ref(), self.options.entities);
        }
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
