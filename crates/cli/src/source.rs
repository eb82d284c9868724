//! Inputs to documents, one event at a time, for the streaming and batch
//! runs of `briefing annotate`.
//!
//! [`Events`] walks a sequence of [`Input`]s and yields, for each, either
//! that it is skipped (its output is up to date) or cannot be read, or its
//! [`Event::Begin`], one [`Event::Doc`] per document and its
//! [`Event::End`]. Collections are read one document at a time, so memory
//! stays flat however long an input is. While an input is read, its bytes
//! are counted (for the throughput) and hashed (for the batch records).

use std::io::Read;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use briefing_formats::{Documents, ErrorKind, InputFormat, Location};
use sha2::{Digest, Sha256};

use crate::pipeline::ReadError;

/// One input: a file, or standard input (`-`).
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    /// Its name in outputs, records and shards: the path relative to the
    /// folder walked, `/`-separated; the path as given otherwise.
    pub key: String,
    /// Its size, when known before reading.
    pub bytes: Option<u64>,
}

impl Input {
    pub fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }

    fn origin(&self) -> String {
        self.path.display().to_string()
    }
}

/// What to do with an input, decided before it is read.
#[derive(Debug)]
pub enum Decision<S> {
    /// Read it. `sha256`: its content hash when already computed (to see
    /// whether it changes while it is read).
    Read { sha256: Option<String> },
    /// Skip it, with what the caller needs to know about it.
    Skip(S),
    /// It cannot be used: this error.
    Fail(ReadError),
}

/// What happens while the inputs are read, in order.
#[derive(Debug)]
pub enum Event<D, S> {
    /// An input whose documents follow.
    Begin { input: Arc<Input> },
    /// One document (or the error that stopped it), `bytes` the part of the
    /// input read for it, `position` its 1-based position in the input.
    Doc {
        input: Arc<Input>,
        position: usize,
        doc: D,
        bytes: u64,
    },
    /// The input was read to its end.
    End {
        input: Arc<Input>,
        /// SHA-256 of the bytes read, in hex.
        sha256: String,
        /// Bytes read since the last document.
        bytes: u64,
        /// Total bytes read.
        total: u64,
        /// The content differs from the hash given in [`Decision::Read`]:
        /// the input changed while it was read.
        changed: bool,
    },
    /// The input cannot be read at all (missing, empty, binary, unknown
    /// format).
    Unreadable { input: Arc<Input>, error: ReadError },
    /// Skipped as the caller decided.
    Skipped { input: Arc<Input>, skip: S },
}

/// A document as read: the document and its warnings, or its error.
pub type ReadDoc = Result<briefing_formats::Read, ReadError>;

/// Hashes and counts what a reader reads.
struct Tally<R> {
    inner: R,
    state: Arc<Mutex<TallyState>>,
}

#[derive(Default)]
struct TallyState {
    hasher: Sha256,
    bytes: u64,
}

impl<R: Read> Read for Tally<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut state) = self.state.lock() {
            state.hasher.update(&buf[..n]);
            state.bytes += n as u64;
        }
        Ok(n)
    }
}

struct Current {
    input: Arc<Input>,
    docs: Documents<'static>,
    state: Arc<Mutex<TallyState>>,
    expected: Option<String>,
    position: usize,
    /// Bytes read up to the last document.
    seen: u64,
}

impl Current {
    fn bytes_read(&self) -> u64 {
        self.state.lock().map_or(self.seen, |s| s.bytes)
    }
}

/// The events of a sequence of inputs; see the module documentation.
pub struct Events<I, C, S> {
    inputs: I,
    decide: C,
    format: Option<InputFormat>,
    current: Option<Current>,
    _skip: std::marker::PhantomData<fn() -> S>,
}

impl<I, C, S> Events<I, C, S>
where
    I: Iterator<Item = Input>,
    C: FnMut(&Input) -> Decision<S>,
{
    /// `format`: read every input as this format instead of telling it by
    /// content. `decide` is asked about every input before it is read.
    pub fn new(inputs: I, format: Option<InputFormat>, decide: C) -> Self {
        Events {
            inputs,
            decide,
            format,
            current: None,
            _skip: std::marker::PhantomData,
        }
    }

    fn open(&self, input: &Input, expected: Option<String>) -> Result<Current, ReadError> {
        let origin = input.origin();
        let reader: Box<dyn Read + Send> = if input.is_stdin() {
            Box::new(std::io::stdin())
        } else {
            let file = std::fs::File::open(&input.path)
                .map_err(|e| ReadError::new(origin.as_str(), Location::NONE, ErrorKind::Io(e)))?;
            Box::new(file)
        };
        let state = Arc::new(Mutex::new(TallyState::default()));
        let tally = Tally {
            inner: reader,
            state: Arc::clone(&state),
        };
        let docs = briefing_formats::open(&origin, tally, self.format)?;
        Ok(Current {
            input: Arc::new(input.clone()),
            docs,
            state,
            expected,
            position: 0,
            seen: 0,
        })
    }
}

impl<I, C, S> Iterator for Events<I, C, S>
where
    I: Iterator<Item = Input>,
    C: FnMut(&Input) -> Decision<S>,
{
    type Item = Event<ReadDoc, S>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(current) = &mut self.current {
            if let Some(doc) = current.docs.next() {
                let read = current.bytes_read();
                let bytes = read.saturating_sub(current.seen);
                current.seen = read;
                current.position += 1;
                return Some(Event::Doc {
                    input: Arc::clone(&current.input),
                    position: current.position,
                    doc,
                    bytes,
                });
            }
            let current = self.current.take()?;
            let Current {
                input,
                docs,
                state,
                expected,
                seen,
                ..
            } = current;
            drop(docs); // closes the file
            let state = std::mem::take(&mut *state.lock().unwrap_or_else(|p| p.into_inner()));
            let sha256 = hex(&state.hasher.finalize());
            let changed = expected.is_some_and(|e| e != sha256);
            return Some(Event::End {
                input,
                sha256,
                bytes: state.bytes.saturating_sub(seen),
                total: state.bytes,
                changed,
            });
        }
        let input = self.inputs.next()?;
        Some(match (self.decide)(&input) {
            Decision::Skip(skip) => Event::Skipped {
                input: Arc::new(input),
                skip,
            },
            Decision::Fail(error) => Event::Unreadable {
                input: Arc::new(input),
                error,
            },
            Decision::Read { sha256 } => match self.open(&input, sha256) {
                Ok(current) => {
                    let input = Arc::clone(&current.input);
                    self.current = Some(current);
                    Event::Begin { input }
                }
                Err(error) => Event::Unreadable {
                    input: Arc::new(input),
                    error,
                },
            },
        })
    }
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// SHA-256 of a file's content, in hex, read in blocks.
pub fn sha256_file(path: &std::path::Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(path: &std::path::Path) -> Input {
        Input {
            path: path.to_owned(),
            key: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            bytes: None,
        }
    }

    #[test]
    fn a_collection_gives_begin_documents_end() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.pubtator");
        let text =
            "1|t|Lithium toxicity.\n1|a|A case.\n\n2|t|Another title.\n2|a|Another case.\n\n";
        std::fs::write(&a, text).expect("write");
        let missing = dir.path().join("missing.txt");
        let skipped = dir.path().join("b.txt");
        let inputs = vec![input(&a), input(&missing), input(&skipped)];
        let events: Vec<_> = Events::new(inputs.into_iter(), None, |i: &Input| {
            if i.key == "b.txt" {
                Decision::Skip(7)
            } else {
                Decision::Read { sha256: None }
            }
        })
        .collect();
        let kinds: Vec<String> = events
            .iter()
            .map(|e| match e {
                Event::Begin { input } => format!("begin {}", input.key),
                Event::Doc { position, doc, .. } => format!("doc {position} {}", doc.is_ok()),
                Event::End {
                    total,
                    changed,
                    sha256,
                    ..
                } => {
                    assert_eq!(*sha256, hex(&Sha256::digest(text.as_bytes())));
                    format!("end {total} {changed}")
                }
                Event::Unreadable { input, .. } => format!("unreadable {}", input.key),
                Event::Skipped { input, skip } => format!("skipped {} {skip}", input.key),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "begin a.pubtator",
                "doc 1 true",
                "doc 2 true",
                format!("end {} false", text.len()).as_str(),
                "unreadable missing.txt",
                "skipped b.txt 7"
            ]
        );
        let doc_bytes: u64 = events
            .iter()
            .map(|e| match e {
                Event::Doc { bytes, .. } | Event::End { bytes, .. } => *bytes,
                _ => 0,
            })
            .sum();
        assert_eq!(doc_bytes, text.len() as u64, "every byte counted once");
    }

    #[test]
    fn a_changed_input_is_noticed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.txt");
        std::fs::write(&a, "Some words.\n").expect("write");
        let events: Vec<_> =
            Events::new([input(&a)].into_iter(), None, |_: &Input| -> Decision<()> {
                Decision::Read {
                    sha256: Some("0".repeat(64)),
                }
            })
            .collect();
        assert!(matches!(
            events.last(),
            Some(Event::End { changed: true, .. })
        ));
        assert_eq!(
            sha256_file(&a).expect("hash"),
            hex(&Sha256::digest(b"Some words.\n"))
        );
    }
}
