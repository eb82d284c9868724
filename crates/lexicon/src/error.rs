//! The errors of this crate.

use std::path::PathBuf;

/// An error reading, building or loading a lexicon. Every variant names the
/// file it is about (`<memory>` for bytes handed in directly).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not a compiled lexicon (and not a TSV either).
    #[error("{}: not a compiled briefing lexicon (bad magic bytes)", path.display())]
    NotALexicon { path: PathBuf },
    /// The file was written by another version of the format or of the
    /// normalization rules.
    #[error(
        "{}: compiled lexicon has {what} version {found}, this build reads version {expected}; \
         rebuild it with `briefing lexicon build`",
        path.display()
    )]
    Version {
        path: PathBuf,
        what: &'static str,
        found: u32,
        expected: u32,
    },
    /// The file is damaged: truncated, wrong checksum, or inconsistent.
    #[error("{}: corrupted compiled lexicon: {message}", path.display())]
    Corrupt { path: PathBuf, message: String },
    /// A malformed line in a lexicon source (reported with its line number).
    #[error("{}:{line}: {message}", path.display())]
    Source {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// The lexicon could not be compiled.
    #[error("cannot compile lexicon: {0}")]
    Build(String),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn corrupt(path: &std::path::Path, message: impl Into<String>) -> Self {
        Error::Corrupt {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }
}

/// A `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
