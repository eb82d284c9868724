//! Annotating and encoding documents on the worker threads, writing them in
//! order on the calling thread.
//!
//! Line-oriented formats (JSON Lines, PubTator) are encoded by the workers,
//! so the serialization runs in parallel too; the JSON array and the BioC
//! collection are written whole by one [`Writer`] on the calling thread.

use std::io::Write;
use std::panic::AssertUnwindSafe;

use briefing_formats::{OutputFormat, WriteOptions, Writer};
use briefing_model::Document;

use crate::pipeline::{Pipeline, Warning};
use crate::source::{Event, ReadDoc};

/// A document ready to be written.
#[derive(Debug)]
pub enum Encoded {
    /// Its bytes, in the output format.
    Bytes(Vec<u8>),
    /// The document, for formats written by one writer.
    Document(Box<Document>),
}

/// A document annotated and encoded, with its reader's warnings; or why it
/// failed.
pub type DocResult = Result<(Encoded, Vec<Warning>), String>;

/// How the workers treat documents.
#[derive(Debug, Clone, Copy)]
pub struct Work<'a> {
    pub pipeline: &'a Pipeline,
    pub format: OutputFormat,
    pub options: &'a WriteOptions,
    /// Name documents after their input's key (its path relative to the
    /// folder walked) in `source.path`, not the path as given: outputs then
    /// do not depend on where the folder is.
    pub source_key: bool,
}

/// What a worker does to an event: annotate and encode its document.
pub fn work<S>(how: Work<'_>, event: Event<ReadDoc, S>) -> Event<DocResult, S> {
    let Work {
        pipeline,
        format,
        options,
        source_key,
    } = how;
    match event {
        Event::Doc {
            input,
            position,
            doc,
            bytes,
        } => {
            let result = match doc {
                Ok(mut read) => {
                    let origin = input.path.display().to_string();
                    if source_key {
                        read.document.source.path = Some(input.key.clone());
                    }
                    annotate(pipeline, read.document, &origin, position)
                        .and_then(|doc| encode(doc, format, options))
                        .map(|encoded| (encoded, read.warnings))
                }
                Err(err) => Err(err.to_string()),
            };
            Event::Doc {
                input,
                position,
                doc: result,
                bytes,
            }
        }
        Event::Begin { input } => Event::Begin { input },
        Event::End {
            input,
            sha256,
            bytes,
            total,
            changed,
        } => Event::End {
            input,
            sha256,
            bytes,
            total,
            changed,
        },
        Event::Unreadable { input, error } => Event::Unreadable { input, error },
        Event::Skipped { input, skip } => Event::Skipped { input, skip },
    }
}

/// Annotates and scores one document. A panic in the annotator (a bug, never
/// expected) fails this document only, so a long batch run goes on.
fn annotate(
    pipeline: &Pipeline,
    mut doc: Document,
    origin: &str,
    position: usize,
) -> Result<Document, String> {
    match std::panic::catch_unwind(AssertUnwindSafe(|| pipeline.process(&mut doc))) {
        Ok(()) => Ok(doc),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".to_owned());
            Err(format!(
                "{origin}: document {position}: internal error while annotating ({what}); please report it"
            ))
        }
    }
}

fn encode(doc: Document, format: OutputFormat, options: &WriteOptions) -> Result<Encoded, String> {
    match format {
        OutputFormat::Jsonl | OutputFormat::Pubtator => {
            let mut writer = Writer::new(Vec::new(), format, options.clone());
            writer
                .write(&doc)
                .and_then(|()| writer.finish())
                .map(Encoded::Bytes)
                .map_err(|e| format!("cannot encode document {}: {e}", doc.id))
        }
        OutputFormat::Json | OutputFormat::Bioc => Ok(Encoded::Document(Box::new(doc))),
    }
}

/// Writes encoded documents to `W` in `format`.
#[derive(Debug)]
pub struct DocSink<W: Write> {
    inner: SinkInner<W>,
    count: usize,
}

#[derive(Debug)]
enum SinkInner<W: Write> {
    /// Line formats: the bytes as they are.
    Raw(W, OutputFormat, WriteOptions),
    /// Formats with a header or separators.
    Formatted(Writer<W>),
}

impl<W: Write> DocSink<W> {
    pub fn new(out: W, format: OutputFormat, options: WriteOptions) -> Self {
        let inner = match format {
            OutputFormat::Jsonl | OutputFormat::Pubtator => SinkInner::Raw(out, format, options),
            OutputFormat::Json | OutputFormat::Bioc => {
                SinkInner::Formatted(Writer::new(out, format, options))
            }
        };
        DocSink { inner, count: 0 }
    }

    pub fn write(&mut self, doc: &Encoded) -> std::io::Result<()> {
        match (&mut self.inner, doc) {
            (SinkInner::Raw(out, _, _), Encoded::Bytes(bytes)) => out.write_all(bytes)?,
            (SinkInner::Raw(out, format, options), Encoded::Document(doc)) => {
                let mut writer = Writer::new(&mut *out, *format, options.clone());
                writer.write(doc)?;
                writer.finish()?;
            }
            (SinkInner::Formatted(writer), Encoded::Document(doc)) => writer.write(doc)?,
            (SinkInner::Formatted(_), Encoded::Bytes(_)) => {
                return Err(std::io::Error::other(
                    "a document encoded for another format",
                ));
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Documents written.
    pub fn count(&self) -> usize {
        self.count
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.inner {
            SinkInner::Raw(out, _, _) => out.flush(),
            // The writer holds the first JSON document back until it knows
            // whether an array follows; flushing what it gave is enough.
            SinkInner::Formatted(_) => Ok(()),
        }
    }

    /// Closes the output (the JSON array, the BioC collection) and returns
    /// the inner writer, flushed.
    pub fn finish(self) -> std::io::Result<W> {
        match self.inner {
            SinkInner::Raw(mut out, _, _) => {
                out.flush()?;
                Ok(out)
            }
            SinkInner::Formatted(writer) => writer.finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> Vec<Document> {
        let text =
            b"1|t|Lithium toxicity.\n1|a|A case.\n\n2|t|Another title.\n2|a|Another case.\n\n";
        briefing_formats::read_bytes("x", text, None)
            .expect("read")
            .into_iter()
            .map(|r| r.document)
            .collect()
    }

    /// Encoding in the workers gives the bytes one writer gives.
    #[test]
    fn same_bytes_as_one_writer() {
        for format in [
            OutputFormat::Jsonl,
            OutputFormat::Pubtator,
            OutputFormat::Json,
            OutputFormat::Bioc,
        ] {
            for n in [0, 1, 2] {
                let docs = &docs()[..n];
                let mut expected = Vec::new();
                briefing_formats::write(
                    &mut expected,
                    format,
                    &WriteOptions::default(),
                    docs.iter(),
                )
                .expect("write");
                let mut sink = DocSink::new(Vec::new(), format, WriteOptions::default());
                for doc in docs {
                    let encoded =
                        encode(doc.clone(), format, &WriteOptions::default()).expect("encode");
                    sink.write(&encoded).expect("write");
                }
                assert_eq!(sink.count(), n);
                let got = sink.finish().expect("finish");
                assert_eq!(
                    String::from_utf8_lossy(&got),
                    String::from_utf8_lossy(&expected),
                    "{format:?} x{n}"
                );
            }
        }
    }
}
