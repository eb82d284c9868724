//! Writers: JSON, JSON Lines, PubTator, BioC XML.

use std::io::Write;

use briefing_model::{Document, InputFormat, Span};

use crate::{bioc, json, pubtator};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OutputFormat {
    /// Pretty-printed annotated-review JSON: one object for one document, an
    /// array for several.
    #[default]
    Json,
    /// One compact JSON object per line.
    Jsonl,
    /// PubTator: title, abstract and annotation lines.
    Pubtator,
    /// A BioC XML collection.
    Bioc,
}

/// Options of the writers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOptions {
    /// Write the annotations (and relations) the input carried, not only
    /// those the annotator found. On by default, so a collection read and
    /// written back is unchanged; off to write predictions alone for scoring.
    pub input_annotations: bool,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            input_annotations: true,
        }
    }
}

/// Writes documents one at a time, holding at most one in memory.
pub struct Writer<W: Write> {
    out: W,
    format: OutputFormat,
    options: WriteOptions,
    count: usize,
    /// JSON: the first document, held until we know whether there are more.
    held: Option<Vec<u8>>,
}

impl<W: Write> std::fmt::Debug for Writer<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("format", &self.format)
            .field("count", &self.count)
            .finish_non_exhaustive()
    }
}

impl<W: Write> Writer<W> {
    pub fn new(out: W, format: OutputFormat, options: WriteOptions) -> Self {
        Writer {
            out,
            format,
            options,
            count: 0,
            held: None,
        }
    }

    pub fn write(&mut self, doc: &Document) -> std::io::Result<()> {
        match self.format {
            OutputFormat::Json => {
                let mut buf = Vec::new();
                json::write_pretty(&mut buf, doc)?;
                match self.count {
                    0 => self.held = Some(buf),
                    _ => {
                        if let Some(first) = self.held.take() {
                            self.out.write_all(b"[\n")?;
                            self.out.write_all(&first)?;
                        }
                        self.out.write_all(b",\n")?;
                        self.out.write_all(&buf)?;
                    }
                }
            }
            OutputFormat::Jsonl => json::write_line(&mut self.out, doc)?,
            OutputFormat::Pubtator => pubtator::write_document(&mut self.out, doc, &self.options)?,
            OutputFormat::Bioc => {
                if self.count == 0 {
                    bioc::write_header(&mut self.out)?;
                }
                bioc::write_document(&mut self.out, doc, &self.options)?;
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Closes the output (the JSON array, the BioC collection) and returns
    /// the inner writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        match self.format {
            OutputFormat::Json => {
                if let Some(first) = self.held.take() {
                    self.out.write_all(&first)?;
                    self.out.write_all(b"\n")?;
                } else if self.count > 1 {
                    self.out.write_all(b"\n]\n")?;
                } else {
                    self.out.write_all(b"[]\n")?;
                }
            }
            OutputFormat::Bioc => {
                if self.count == 0 {
                    bioc::write_header(&mut self.out)?;
                }
                bioc::write_footer(&mut self.out)?;
            }
            OutputFormat::Jsonl | OutputFormat::Pubtator => {}
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Writes all `docs` to `out` in `format`.
pub fn write<'d, W: Write>(
    out: W,
    format: OutputFormat,
    options: &WriteOptions,
    docs: impl IntoIterator<Item = &'d Document>,
) -> std::io::Result<()> {
    let mut w = Writer::new(out, format, options.clone());
    for d in docs {
        w.write(d)?;
    }
    w.finish().map(|_| ())
}

/// Character offsets of a string to byte offsets.
#[derive(Debug)]
pub(crate) struct CharMap {
    /// Byte offset of every character and of the end; `None` for ASCII
    /// text, where the two agree.
    bytes: Option<Vec<usize>>,
    len: usize,
}

impl CharMap {
    /// The byte offset of character `c` (the end of the text included).
    pub fn byte(&self, c: usize) -> Option<usize> {
        match &self.bytes {
            None => (c <= self.len).then_some(c),
            Some(v) => v.get(c).copied(),
        }
    }

    pub fn chars(&self) -> usize {
        match &self.bytes {
            None => self.len,
            Some(v) => v.len() - 1,
        }
    }
}

pub(crate) fn char_map(s: &str) -> CharMap {
    if s.is_ascii() {
        CharMap {
            bytes: None,
            len: s.len(),
        }
    } else {
        let mut v: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
        v.push(s.len());
        CharMap {
            bytes: Some(v),
            len: s.len(),
        }
    }
}

/// How a document's text is laid out as PubTator's title and abstract, and
/// where each passage lands in PubTator's character coordinates.
#[derive(Debug)]
pub(crate) struct Projection {
    pub title: String,
    pub abstract_text: Option<String>,
    /// (passage bytes in the document, its first character in the output)
    pieces: Vec<(Span, usize)>,
}

impl Projection {
    pub fn new(doc: &Document) -> Self {
        let passages: Vec<_> = doc
            .sections
            .iter()
            .flat_map(|s| s.passages.iter())
            .collect();
        let own_coordinates = matches!(
            doc.source.format,
            InputFormat::Pubtator | InputFormat::BiocXml | InputFormat::BiocJson
        ) && !passages.is_empty()
            && passages.iter().all(|p| p.source_offset.is_some());
        if own_coordinates {
            let first = passages[0];
            let title = one_line(doc.slice(first.span()));
            let abstract_text = passages.get(1).map(|p2| {
                let last = passages[passages.len() - 1];
                one_line(doc.text.get(p2.start..last.end).unwrap_or(""))
            });
            let pieces = passages
                .iter()
                .map(|p| (p.span(), p.source_offset.unwrap_or(0)))
                .collect();
            return Projection {
                title,
                abstract_text,
                pieces,
            };
        }
        // Our own layout: the title passage (or the metadata title), then
        // every other passage joined by one space.
        let title_section = doc
            .sections
            .iter()
            .position(|s| s.title == "Title" && s.passages.len() == 1);
        let mut pieces = Vec::new();
        let title = match title_section {
            Some(i) => {
                let p = doc.sections[i].passages[0];
                pieces.push((p.span(), 0));
                one_line(doc.slice(p.span()))
            }
            None => one_line(doc.metadata.title.as_deref().unwrap_or("")),
        };
        let mut abstract_text = String::new();
        let mut at = title.chars().count() + 1;
        for (i, s) in doc.sections.iter().enumerate() {
            if Some(i) == title_section {
                continue;
            }
            for p in &s.passages {
                if !abstract_text.is_empty() {
                    abstract_text.push(' ');
                    at += 1;
                }
                let t = one_line(doc.slice(p.span()));
                pieces.push((p.span(), at));
                at += t.chars().count();
                abstract_text.push_str(&t);
            }
        }
        Projection {
            title,
            abstract_text: (!abstract_text.is_empty()).then_some(abstract_text),
            pieces,
        }
    }

    /// The span's start and end in output characters, when it lies inside
    /// one passage.
    pub fn source_span(&self, doc: &Document, span: Span) -> Option<(usize, usize)> {
        let (p, out) = self
            .pieces
            .iter()
            .find(|(p, _)| p.start <= span.start && span.end <= p.end)?;
        let head = doc.text.get(p.start..span.start)?;
        let body = doc.text.get(span.start..span.end)?;
        let s = out + head.chars().count();
        Some((s, s + body.chars().count()))
    }
}

/// Tabs and line breaks to spaces (PubTator is line- and tab-separated).
pub(crate) fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}
