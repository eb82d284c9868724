//! The shared read → annotate → score step behind `annotate`, `report` and
//! batch runs: one input in, its annotated and scored documents out, one at
//! a time.
//!
//! ```ignore
//! let pipeline = Pipeline::new(Annotator::new(), None);
//! for item in pipeline.open(Path::new("review.txt"))? {
//!     match item {
//!         Ok(annotated) => { /* annotated.document, annotated.warnings */ }
//!         Err(err) => eprintln!("error: {err}"),   // one bad document; the rest go on
//!     }
//! }
//! ```

use std::path::Path;

use anyhow::Context;
use briefing_annotator::Annotator;
use briefing_evidence::{Config, Scorer};
use briefing_formats::{Documents, InputFormat};
use briefing_model::Document;

pub use briefing_formats::{Error as ReadError, Warning};

/// A document read and annotated, with the reader's warnings.
#[derive(Debug)]
pub struct Annotated {
    pub document: Document,
    pub warnings: Vec<Warning>,
}

/// Reads inputs and annotates their documents.
#[derive(Debug)]
pub struct Pipeline {
    annotator: Annotator,
    /// Read every input as this format instead of telling it by content.
    format: Option<InputFormat>,
    /// Scores the claims (the default evidence model unless replaced with
    /// [`Pipeline::with_scorer`]).
    scorer: Scorer,
}

impl Pipeline {
    /// `annotator` is built by the caller (with its lexicon, when one is
    /// given on the command line).
    pub fn new(annotator: Annotator, format: Option<InputFormat>) -> Self {
        Pipeline {
            annotator,
            format,
            scorer: Scorer::default(),
        }
    }

    /// Scores with this scorer (a user's `--evidence-config`) instead of
    /// the default one.
    pub fn with_scorer(mut self, scorer: Scorer) -> Self {
        self.scorer = scorer;
        self
    }

    /// The scorer, for merging claims across documents (corpus briefings).
    pub fn scorer(&self) -> &Scorer {
        &self.scorer
    }

    /// Opens an input (`-` is standard input). An error here means the input
    /// as a whole cannot be read (missing, empty, binary, unknown format):
    /// exit status 2. Errors of single documents come from the iterator.
    pub fn open<'p>(&'p self, path: &Path) -> Result<AnnotatedDocuments<'p>, ReadError> {
        let docs = briefing_formats::open_path(path, self.format)?;
        Ok(AnnotatedDocuments {
            pipeline: self,
            docs,
        })
    }

    /// Annotates and scores one document in place (for documents not read
    /// from a file).
    pub fn process(&self, doc: &mut Document) {
        self.annotator.annotate(doc);
        self.scorer.score_document(doc);
    }
}

/// The scorer of `--evidence-config FILE` (any subset of the keys of the
/// shipped `evidence.toml`), or the default one without a file.
pub fn load_scorer(path: Option<&Path>) -> anyhow::Result<Scorer> {
    let Some(path) = path else {
        return Ok(Scorer::default());
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the evidence configuration", path.display()))?;
    let config =
        Config::from_toml_str(&text).map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))?;
    Ok(Scorer::new(config))
}

/// The annotated documents of one input, read lazily: memory stays flat
/// over a long collection.
#[derive(Debug)]
pub struct AnnotatedDocuments<'p> {
    pipeline: &'p Pipeline,
    docs: Documents<'static>,
}

impl Iterator for AnnotatedDocuments<'_> {
    type Item = Result<Annotated, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        let read = self.docs.next()?;
        Some(read.map(|r| {
            let mut document = r.document;
            self.pipeline.process(&mut document);
            Annotated {
                document,
                warnings: r.warnings,
            }
        }))
    }
}
