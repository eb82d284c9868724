//! The annotated-review JSON (`docs/schema.md`): a document written by this
//! crate can be read back, alone or as JSON Lines.

use std::io::{BufRead, Write};

use briefing_model::{Document, SCHEMA};

use crate::Read;
use crate::error::{Error, ErrorKind, Location, Result, check_text};

pub(crate) fn write_pretty(out: &mut dyn Write, doc: &Document) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, doc).map_err(std::io::Error::other)
}

pub(crate) fn write_line(out: &mut dyn Write, doc: &Document) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, doc).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

fn parse(origin: &str, bytes: &[u8], base_line: u64, base_byte: u64) -> Result<Read> {
    let doc: Document = serde_json::from_slice(bytes).map_err(|e| {
        let loc = if base_line > 1 || base_byte > 0 {
            Location {
                line: Some(base_line),
                column: None,
                byte: Some(base_byte),
            }
        } else {
            Location {
                line: Some(e.line() as u64),
                column: Some(e.column() as u64),
                byte: None,
            }
        };
        Error::new(origin, loc, ErrorKind::Json(e.to_string()))
    })?;
    check_schema(origin, doc, base_line)
}

fn check_schema(origin: &str, doc: Document, line: u64) -> Result<Read> {
    if doc.schema != SCHEMA {
        return Err(Error::new(
            origin,
            Location::line(line),
            ErrorKind::Invalid(format!("schema `{}` is not `{SCHEMA}`", doc.schema)),
        ));
    }
    Ok(Read {
        document: doc,
        warnings: Vec::new(),
    })
}

/// One annotated-review JSON document, or an array of them (as written for
/// several documents).
pub(crate) fn read(origin: &str, bytes: &[u8]) -> Vec<Result<Read>> {
    let text = match check_text(origin, bytes) {
        Ok(t) => t,
        Err(e) => return vec![Err(e)],
    };
    if !text.trim_start().starts_with('[') {
        return vec![parse(origin, bytes, 1, 0)];
    }
    match serde_json::from_str::<Vec<serde_json::Value>>(text) {
        Ok(values) => values
            .into_iter()
            .map(|v| {
                let doc: Document = serde_json::from_value(v).map_err(|e| {
                    Error::new(origin, Location::NONE, ErrorKind::Json(e.to_string()))
                })?;
                check_schema(origin, doc, 1)
            })
            .collect(),
        Err(e) => {
            let loc = Location {
                line: Some(e.line() as u64),
                column: Some(e.column() as u64),
                byte: None,
            };
            vec![Err(Error::new(origin, loc, ErrorKind::Json(e.to_string())))]
        }
    }
}

/// Reads JSON Lines, one document per line.
#[derive(Debug)]
pub(crate) struct LineStream<R> {
    origin: String,
    reader: R,
    line: u64,
    byte: u64,
    done: bool,
}

impl<R: BufRead> LineStream<R> {
    pub fn new(origin: &str, reader: R) -> Self {
        LineStream {
            origin: origin.to_owned(),
            reader,
            line: 0,
            byte: 0,
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for LineStream<R> {
    type Item = Result<Read>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            let mut buf = Vec::new();
            match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(n) => {
                    self.line += 1;
                    let at = self.byte;
                    self.byte += n as u64;
                    if buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(parse(&self.origin, &buf, self.line, at));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(Error::new(
                        self.origin.as_str(),
                        Location::line(self.line + 1),
                        ErrorKind::Io(e),
                    )));
                }
            }
        }
    }
}
