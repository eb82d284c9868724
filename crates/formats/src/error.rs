//! Errors and warnings, each naming the input and a location in it.

use std::fmt;

/// Where in an input something happened. Lines and columns are 1-based;
/// `byte` is the 0-based byte offset from the start of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Location {
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub byte: Option<u64>,
}

impl Location {
    pub const NONE: Location = Location {
        line: None,
        column: None,
        byte: None,
    };

    /// A location given by line number alone.
    pub fn line(line: u64) -> Self {
        Location {
            line: Some(line),
            ..Location::NONE
        }
    }

    /// A location given by byte offset alone.
    pub fn byte(byte: u64) -> Self {
        Location {
            byte: Some(byte),
            ..Location::NONE
        }
    }

    /// The line, column and byte of `offset` in `bytes` (offsets past the end
    /// are clamped).
    pub fn of_offset(bytes: &[u8], offset: usize) -> Self {
        let offset = offset.min(bytes.len());
        let before = &bytes[..offset];
        let line = memchr::memchr_iter(b'\n', before).count() as u64 + 1;
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count() as u64
            + 1;
        Location {
            line: Some(line),
            column: Some(column),
            byte: Some(offset as u64),
        }
    }

    pub fn is_known(&self) -> bool {
        self.line.is_some() || self.byte.is_some()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column, self.byte) {
            (Some(l), Some(c), _) => write!(f, "line {l}, column {c}"),
            (Some(l), None, _) => write!(f, "line {l}"),
            (None, _, Some(b)) => write!(f, "byte {b}"),
            (None, _, None) => Ok(()),
        }
    }
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("the input is empty")]
    Empty,
    #[error("binary data (a NUL byte), not a text document")]
    Binary,
    #[error("invalid UTF-8")]
    InvalidUtf8,
    #[error("cannot tell the format: {0}")]
    UnknownFormat(String),
    #[error("malformed XML: {0}")]
    Xml(String),
    #[error("malformed JSON: {0}")]
    Json(String),
    #[error("malformed PubTator: {0}")]
    Pubtator(String),
    #[error("{0}")]
    Invalid(String),
}

/// An error reading or writing a document: the input's name, a location in
/// it where known, and what went wrong.
#[derive(Debug, thiserror::Error)]
pub struct Error {
    /// The input's name as the user gave it (a path, or `-`).
    pub origin: String,
    pub location: Location,
    pub kind: ErrorKind,
}

impl Error {
    pub fn new(origin: impl Into<String>, location: Location, kind: ErrorKind) -> Self {
        Error {
            origin: origin.into(),
            location,
            kind,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_known() {
            write!(f, "{}: {}: {}", self.origin, self.location, self.kind)
        } else {
            write!(f, "{}: {}", self.origin, self.kind)
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Something a reader worked around: the document was read, but not all of
/// the input could be used as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub location: Location,
    pub message: String,
}

impl Warning {
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Warning {
            location,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_known() {
            write!(f, "{}: {}", self.location, self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

/// Checks that `bytes` are text: not empty, no NUL byte, valid UTF-8.
pub(crate) fn check_text<'a>(origin: &str, bytes: &'a [u8]) -> Result<&'a str> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::new(origin, Location::NONE, ErrorKind::Empty));
    }
    if let Some(nul) = memchr::memchr(0, bytes) {
        return Err(Error::new(
            origin,
            Location::of_offset(bytes, nul),
            ErrorKind::Binary,
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        Error::new(
            origin,
            Location::of_offset(bytes, e.valid_up_to()),
            ErrorKind::InvalidUtf8,
        )
    })
}
