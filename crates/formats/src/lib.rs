//! Readers and writers of `briefing` documents.
//!
//! Readers turn bytes into [`Document`]s: the format is told by content
//! ([`sniff`]), not by file name. Inputs holding many documents (PubTator
//! and BioC XML collections, JSON Lines) are read as a stream, one document
//! at a time, so memory stays flat however long the input is; BioC JSON and
//! JSON arrays are parsed whole. Every reader gives
//! errors that name the input and a line or byte offset; what a reader can
//! work around it reports as [`Warning`]s next to the document.
//!
//! | format | reader | notes |
//! |---|---|---|
//! | seed Markdown | [`InputFormat::SeedMarkdown`] | summary and full-text views |
//! | JATS XML | [`InputFormat::Jats`] | PMC, eLife; citations linked to the reference list |
//! | BioC XML / JSON | [`InputFormat::BiocXml`], [`InputFormat::BiocJson`] | passages keep their offsets |
//! | PubTator | [`InputFormat::Pubtator`] | title, one space, abstract |
//! | our JSON / JSONL | [`InputFormat::Json`] | a document written by [`write`] |
//! | Markdown, plain text | [`InputFormat::Markdown`], [`InputFormat::Text`] | |
//!
//! Writers ([`write`]) give JSON, JSON Lines, PubTator and BioC XML. PubTator
//! and BioC output uses the input's own coordinates where it has them, so a
//! PubTator collection read and written back is unchanged.
//!
//! ```
//! use briefing_formats::{read_bytes, write, OutputFormat, WriteOptions};
//!
//! let input = b"123|t|Lithium toxicity.\n123|a|A case.\n123\t8\t16\ttoxicity\tDisease\tD064420\n\n";
//! let docs = read_bytes("example.txt", input, None).unwrap();
//! assert_eq!(docs[0].document.metadata.title.as_deref(), Some("Lithium toxicity."));
//! let mut out = Vec::new();
//! write(&mut out, OutputFormat::Pubtator, &WriteOptions::default(), docs.iter().map(|r| &r.document)).unwrap();
//! assert_eq!(out, input);
//! ```

mod bioc;
mod builder;
mod error;
mod jats;
mod json;
mod markdown;
mod pubtator;
pub mod refs;
mod sniff;
mod text;
mod write;
mod xml;

use std::io::{BufRead, BufReader, Read as _};

pub use briefing_model::{Document, InputFormat};
pub use builder::section_kind;
pub use error::{Error, ErrorKind, Location, Result, Warning};
pub use sniff::sniff;
pub use write::{OutputFormat, WriteOptions, Writer, write};

/// A document as read, with what the reader had to work around.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    pub document: Document,
    pub warnings: Vec<Warning>,
}

/// How many bytes [`open`] looks at to tell the format.
pub const SNIFF_LEN: usize = 64 * 1024;

/// The documents of one input, in order. Each item is a document or the
/// error that stopped one; after an error in a collection whose framing is
/// still intact (PubTator, JSON Lines) the next documents are still read.
pub struct Documents<'a> {
    format: InputFormat,
    inner: Inner<'a>,
}

impl std::fmt::Debug for Documents<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Documents")
            .field("format", &self.format)
            .finish_non_exhaustive()
    }
}

enum Inner<'a> {
    Many(std::vec::IntoIter<Result<Read>>),
    Pubtator(pubtator::Stream<Box<dyn BufRead + Send + 'a>>),
    BiocXml(bioc::XmlStream<Box<dyn BufRead + Send + 'a>>),
    Jsonl(json::LineStream<Box<dyn BufRead + Send + 'a>>),
}

impl Documents<'_> {
    /// The format the input was read as.
    pub fn format(&self) -> InputFormat {
        self.format
    }
}

impl Iterator for Documents<'_> {
    type Item = Result<Read>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Inner::Many(it) => it.next(),
            Inner::Pubtator(s) => s.next(),
            Inner::BiocXml(s) => s.next(),
            Inner::Jsonl(s) => s.next(),
        }
    }
}

/// Opens an input for reading: looks at its first bytes to tell the format
/// (unless `format` is given) and returns its documents. `origin` names the
/// input in errors and in [`briefing_model::Source::path`].
///
/// Errors here concern the input as a whole (unreadable, empty, binary, an
/// unknown format); errors in single documents come from the iterator.
pub fn open<'a, R>(
    origin: &str,
    mut reader: R,
    format: Option<InputFormat>,
) -> Result<Documents<'a>>
where
    R: std::io::Read + Send + 'a,
{
    let mut prefix = Vec::with_capacity(SNIFF_LEN.min(8192));
    (&mut reader)
        .take(SNIFF_LEN as u64)
        .read_to_end(&mut prefix)
        .map_err(|e| Error::new(origin, Location::NONE, ErrorKind::Io(e)))?;
    let format = match format {
        Some(f) => f,
        None => sniff(origin, &prefix).map_err(|kind| {
            let at = match &kind {
                ErrorKind::Binary => memchr::memchr(0, &prefix)
                    .map_or(Location::NONE, |i| Location::of_offset(&prefix, i)),
                _ => Location::NONE,
            };
            Error::new(origin, at, kind)
        })?,
    };
    let json_lines = format == InputFormat::Json && sniff::is_json_lines(&prefix);
    let stream: Box<dyn BufRead + Send + 'a> = Box::new(BufReader::with_capacity(
        256 * 1024,
        std::io::Cursor::new(prefix).chain(reader),
    ));
    let inner = match format {
        InputFormat::Pubtator => Inner::Pubtator(pubtator::Stream::new(origin, stream)),
        InputFormat::BiocXml => Inner::BiocXml(bioc::XmlStream::new(origin, stream)),
        InputFormat::Json if json_lines => Inner::Jsonl(json::LineStream::new(origin, stream)),
        single => {
            let mut stream = stream;
            let mut bytes = Vec::new();
            stream
                .read_to_end(&mut bytes)
                .map_err(|e| Error::new(origin, Location::NONE, ErrorKind::Io(e)))?;
            let docs = read_whole(origin, &bytes, single);
            Inner::Many(docs.into_iter())
        }
    };
    Ok(Documents { format, inner })
}

/// Reads every document of an input held in memory. The first error stops
/// the reading and is returned.
pub fn read_bytes(origin: &str, bytes: &[u8], format: Option<InputFormat>) -> Result<Vec<Read>> {
    open(origin, bytes, format)?.collect()
}

/// Reads a file (`-` is standard input).
pub fn open_path<'a>(path: &std::path::Path, format: Option<InputFormat>) -> Result<Documents<'a>> {
    let origin = path.display().to_string();
    if origin == "-" {
        return open(&origin, std::io::stdin(), format);
    }
    let file = std::fs::File::open(path)
        .map_err(|e| Error::new(origin.as_str(), Location::NONE, ErrorKind::Io(e)))?;
    open(&origin, file, format)
}

fn read_whole(origin: &str, bytes: &[u8], format: InputFormat) -> Vec<Result<Read>> {
    let one = |r: Result<Read>| vec![r];
    match format {
        InputFormat::SeedMarkdown | InputFormat::Markdown => {
            one(markdown::read(origin, bytes, format))
        }
        InputFormat::Text => one(text::read(origin, bytes)),
        InputFormat::Jats => one(jats::read(origin, bytes)),
        InputFormat::Json => json::read(origin, bytes),
        InputFormat::BiocJson => bioc::read_json(origin, bytes),
        // Streamed above; read here when called directly.
        InputFormat::Pubtator => pubtator::Stream::new(origin, bytes).collect(),
        InputFormat::BiocXml => bioc::XmlStream::new(origin, bytes).collect(),
    }
}
