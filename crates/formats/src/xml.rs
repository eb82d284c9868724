//! A small pull reader over quick-xml for the XML readers: names and
//! attributes as strings, entity and character references resolved, empty
//! elements expanded, and a truncated input (elements still open at the end)
//! reported as an error with the byte offset where it stops.

use std::io::BufRead;

use quick_xml::events::Event;

use crate::error::{Error, ErrorKind, Location, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ev {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
    },
    End {
        name: String,
    },
    Text(String),
    Eof,
}

pub(crate) struct XmlReader<'s, R> {
    reader: quick_xml::Reader<R>,
    buf: Vec<u8>,
    origin: String,
    open: Vec<String>,
    /// The whole input, when in memory: errors then give lines and columns.
    source: Option<&'s [u8]>,
}

impl<R> std::fmt::Debug for XmlReader<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlReader")
            .field("origin", &self.origin)
            .field("open", &self.open)
            .finish_non_exhaustive()
    }
}

impl<'s, R: BufRead> XmlReader<'s, R> {
    pub fn new(origin: &str, reader: R, source: Option<&'s [u8]>) -> Self {
        let mut reader = quick_xml::Reader::from_reader(reader);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = true;
        XmlReader {
            reader,
            buf: Vec::new(),
            origin: origin.to_owned(),
            open: Vec::new(),
            source,
        }
    }

    pub fn location(&self, byte: u64) -> Location {
        location(self.source, byte)
    }

    pub fn error(&self, byte: u64, message: impl Into<String>) -> Error {
        xml_error(&self.origin, self.source, byte, message)
    }

    pub fn position(&self) -> u64 {
        self.reader.buffer_position()
    }

    pub fn next(&mut self) -> Result<Ev> {
        loop {
            self.buf.clear();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(e) => e,
                Err(e) => {
                    let at = self.reader.error_position();
                    let kind = match &e {
                        quick_xml::Error::Encoding(_) => ErrorKind::InvalidUtf8,
                        quick_xml::Error::Io(io) => {
                            ErrorKind::Io(std::io::Error::new(io.kind(), io.to_string()))
                        }
                        other => ErrorKind::Xml(other.to_string()),
                    };
                    return Err(Error::new(self.origin.as_str(), self.location(at), kind));
                }
            };
            let at = self.reader.buffer_position();
            let (origin, source) = (&self.origin, self.source);
            let error = |message: String| xml_error(origin, source, at, message);
            return Ok(match event {
                Event::Start(s) => {
                    let name = s.name().as_ref().to_owned();
                    let mut attrs = Vec::new();
                    for a in s.attributes() {
                        let a = a.map_err(|e| error(e.to_string()))?;
                        let key = a.key.as_ref().to_owned();
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map_err(|e| error(e.to_string()))?
                            .into_owned();
                        attrs.push((key, value));
                    }
                    self.open.push(name.clone());
                    Ev::Start { name, attrs }
                }
                Event::End(e) => {
                    self.open.pop();
                    Ev::End {
                        name: e.name().as_ref().to_owned(),
                    }
                }
                Event::Text(t) => Ev::Text(t.xml10_content().into_owned()),
                Event::CData(t) => Ev::Text(t.xml10_content().into_owned()),
                Event::GeneralRef(r) => {
                    if r.is_char_ref() {
                        match r.resolve_char_ref() {
                            Ok(Some(c)) => Ev::Text(c.to_string()),
                            _ => {
                                return Err(error(format!(
                                    "bad character reference &{};",
                                    &*r.xml10_content()
                                )));
                            }
                        }
                    } else {
                        let name = r.xml10_content();
                        match quick_xml::escape::resolve_predefined_entity(&name)
                            .or_else(|| quick_xml::escape::resolve_xml_entity(&name))
                        {
                            Some(s) => Ev::Text(s.to_owned()),
                            // An entity of a DTD we do not load: keep it visible.
                            None => Ev::Text(format!("&{name};")),
                        }
                    }
                }
                Event::Eof => {
                    if let Some(open) = self.open.last() {
                        return Err(self.error(
                            at,
                            format!("truncated: <{open}> is not closed at the end of the input"),
                        ));
                    }
                    Ev::Eof
                }
                Event::Empty(_)
                | Event::Comment(_)
                | Event::Decl(_)
                | Event::PI(_)
                | Event::DocType(_) => continue,
            });
        }
    }

    /// Reads the text of the element just opened, up to its end; nested
    /// elements' text included.
    pub fn text_of(&mut self) -> Result<String> {
        let depth = self.open.len();
        let mut s = String::new();
        loop {
            match self.next()? {
                Ev::Text(t) => s.push_str(&t),
                Ev::End { .. } if self.open.len() < depth => return Ok(s),
                Ev::Eof => return Ok(s),
                _ => {}
            }
        }
    }

    /// Skips the element just opened.
    pub fn skip(&mut self) -> Result<()> {
        let depth = self.open.len();
        loop {
            match self.next()? {
                Ev::End { .. } if self.open.len() < depth => return Ok(()),
                Ev::Eof => return Ok(()),
                _ => {}
            }
        }
    }
}

fn location(source: Option<&[u8]>, byte: u64) -> Location {
    match source {
        Some(src) => Location::of_offset(src, byte as usize),
        None => Location::byte(byte),
    }
}

fn xml_error(origin: &str, source: Option<&[u8]>, byte: u64, message: impl Into<String>) -> Error {
    Error::new(
        origin,
        location(source, byte),
        ErrorKind::Xml(message.into()),
    )
}

pub(crate) fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Escapes text for XML content and attribute values.
pub(crate) fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(s)
}
