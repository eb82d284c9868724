//! The shared read → annotate step behind `annotate`, `report` and batch
//! runs: one input in, its annotated documents out, one at a time.
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

use briefing_annotator::Annotator;
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
}

impl Pipeline {
    /// `annotator` is built by the caller (with its lexicon, when one is
    /// given on the command line).
    pub fn new(annotator: Annotator, format: Option<InputFormat>) -> Self {
        Pipeline { annotator, format }
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

    /// Annotates one document in place (for documents not read from a file).
    pub fn process(&self, doc: &mut Document) {
        self.annotator.annotate(doc);
    }
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
