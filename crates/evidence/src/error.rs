//! Errors of this crate: only configuration can be wrong; scoring takes any
//! document.

use std::fmt;

/// A bad evidence configuration: where it is (line and column in the user's
/// TOML, or the key) and what is wrong. The caller adds the file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    line: Option<usize>,
    column: Option<usize>,
    key: Option<String>,
    message: String,
}

impl ConfigError {
    pub(crate) fn new(key: Option<String>, message: String) -> Self {
        ConfigError {
            line: None,
            column: None,
            key,
            message,
        }
    }

    /// An error at a byte range of `text`.
    pub(crate) fn at(text: &str, span: Option<std::ops::Range<usize>>, message: &str) -> Self {
        let (line, column) = match span {
            Some(span) => {
                let (l, c) = line_column(text, span.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        ConfigError {
            line,
            column,
            key: None,
            message: message.to_owned(),
        }
    }

    /// 1-based line of the error in the user's TOML, when known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// 1-based column (in characters), when known.
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    /// The dotted key at fault, for range errors.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "line {line}, column {column}: ")?;
        }
        if let Some(key) = &self.key {
            write!(f, "`{key}`: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::line_column;

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_column("ab\ncdé f", 0), (1, 1));
        assert_eq!(line_column("ab\ncdé f", 3), (2, 1));
        assert_eq!(line_column("ab\ncdé f", 8), (2, 5));
        assert_eq!(line_column("ab", 99), (1, 3));
    }
}
