//! PubTator collections: per document a title line `ID|t|...`, an abstract
//! line `ID|a|...`, annotation lines `ID<TAB>start<TAB>end<TAB>text<TAB>type<TAB>id[<TAB>...]`
//! and relation lines `ID<TAB>label<TAB>arg...`, documents separated by blank
//! lines. Offsets count characters in "title, one space, abstract".
//!
//! The document text is exactly that string, so for ASCII text byte and
//! PubTator offsets agree; the title and abstract passages carry their
//! PubTator offsets in `source_offset`. Annotations are kept verbatim
//! (label, id, further fields) so writing a document back gives the same
//! lines. An annotation whose offsets fall outside the text is dropped with
//! a warning naming its line; a line that is not PubTator is an error naming
//! its line, and reading goes on with the next document.

use std::io::{BufRead, Write};

use briefing_model::{
    Document, Entity, EntityType, InputAnnotation, InputFormat, InputRelation, Origin, Passage,
    RelationArg, Section, SectionKind, Source,
};

use crate::Read;
use crate::builder::finish_entities;
use crate::error::{Error, ErrorKind, Location, Result, Warning};
use crate::write::{Projection, WriteOptions, char_map, one_line};

/// Reads a PubTator collection one document at a time.
#[derive(Debug)]
pub(crate) struct Stream<R> {
    origin: String,
    reader: R,
    /// The next line, already read (without its line ending), and its number.
    peeked: Option<(Vec<u8>, u64, u64)>,
    line: u64,
    byte: u64,
    index: usize,
    done: bool,
    /// Inside a document whose end has not been read yet.
    in_document: bool,
}

impl<R: BufRead> Stream<R> {
    pub fn new(origin: &str, reader: R) -> Self {
        Stream {
            origin: origin.to_owned(),
            reader,
            peeked: None,
            line: 0,
            byte: 0,
            index: 0,
            done: false,
            in_document: false,
        }
    }

    fn err(&self, line: u64, kind: ErrorKind) -> Error {
        Error::new(self.origin.as_str(), Location::line(line), kind)
    }

    /// The next line (line ending removed), its number and byte offset.
    fn next_line(&mut self) -> Result<Option<(Vec<u8>, u64, u64)>> {
        if let Some(p) = self.peeked.take() {
            return Ok(Some(p));
        }
        let mut buf = Vec::new();
        let n = self.reader.read_until(b'\n', &mut buf).map_err(|e| {
            Error::new(
                self.origin.as_str(),
                Location::line(self.line + 1),
                ErrorKind::Io(e),
            )
        })?;
        if n == 0 {
            return Ok(None);
        }
        self.line += 1;
        let at = self.byte;
        self.byte += n as u64;
        if buf.last() == Some(&b'\n') {
            buf.pop();
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
        }
        Ok(Some((buf, self.line, at)))
    }

    fn text_line(&self, bytes: Vec<u8>, line: u64, at: u64) -> Result<String> {
        if memchr::memchr(0, &bytes).is_some() {
            return Err(self.err(line, ErrorKind::Binary));
        }
        String::from_utf8(bytes).map_err(|e| {
            let col = e.utf8_error().valid_up_to() as u64;
            Error::new(
                self.origin.as_str(),
                Location {
                    line: Some(line),
                    column: Some(col + 1),
                    byte: Some(at + col),
                },
                ErrorKind::InvalidUtf8,
            )
        })
    }

    /// Skips to the next blank line, so one bad document does not spoil the
    /// rest.
    fn skip_document(&mut self) {
        while let Ok(Some((l, _, _))) = self.next_line() {
            if l.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
    }

    fn read_document(&mut self) -> Result<Option<Read>> {
        // Blank lines between documents.
        let (first, first_no, first_at) = loop {
            match self.next_line()? {
                None => return Ok(None),
                Some((l, _, _)) if l.iter().all(u8::is_ascii_whitespace) => continue,
                Some(x) => break x,
            }
        };
        self.in_document = true;
        let first = self.text_line(first, first_no, first_at)?;
        let Some((id, title)) = split_text_line(&first, "|t|") else {
            return Err(self.err(
                first_no,
                ErrorKind::Pubtator(format!(
                    "expected a title line `ID|t|text`, found `{}`",
                    first.chars().take(60).collect::<String>()
                )),
            ));
        };
        let id = id.to_owned();
        let mut doc = Document::new(id.clone());
        doc.source = Source {
            path: Some(self.origin.clone()),
            format: InputFormat::Pubtator,
            index: Some(self.index),
        };
        doc.metadata.title = Some(title.trim().to_owned());
        doc.metadata.pmid = id.bytes().all(|b| b.is_ascii_digit()).then(|| id.clone());
        doc.text.push_str(title);
        doc.sections.push(Section {
            title: "Title".into(),
            kind: SectionKind::Other,
            level: 1,
            passages: vec![Passage {
                start: 0,
                end: title.len(),
                source_offset: Some(0),
            }],
            ..Section::default()
        });
        let mut warnings = Vec::new();
        let mut annotations = Vec::new();
        while let Some((line, no, at)) = self.next_line()? {
            if line.iter().all(u8::is_ascii_whitespace) {
                break;
            }
            let line = self.text_line(line, no, at)?;
            // Annotation and relation lines start `ID<TAB>`: no text-line
            // search for them.
            let tabbed = memchr::memchr(b'\t', line.as_bytes())
                .is_some_and(|t| memchr::memchr(b'|', &line.as_bytes()[..t]).is_none());
            if tabbed {
                annotations.push((line, no));
                continue;
            }
            if let Some((aid, abs)) = split_text_line(&line, "|a|") {
                if aid != id {
                    return Err(self.err(
                        no,
                        ErrorKind::Pubtator(format!("abstract of `{aid}` inside document `{id}`")),
                    ));
                }
                let start = doc.text.len() + 1;
                let source_offset = doc.text.chars().count() + 1;
                doc.text.push(' ');
                doc.text.push_str(abs);
                doc.sections.push(Section {
                    title: "Abstract".into(),
                    kind: SectionKind::Abstract,
                    level: 1,
                    passages: vec![Passage {
                        start,
                        end: doc.text.len(),
                        source_offset: Some(source_offset),
                    }],
                    ..Section::default()
                });
                continue;
            }
            if split_text_line(&line, "|t|").is_some() {
                // The next document begins without a blank line.
                self.peeked = Some((line.into_bytes(), no, at));
                self.line = no;
                break;
            }
            annotations.push((line, no));
        }
        self.in_document = false;
        let map = char_map(&doc.text);
        for (line, no) in annotations {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields[0] != id {
                return Err(self.err(
                    no,
                    ErrorKind::Pubtator(format!("line for `{}` inside document `{id}`", fields[0])),
                ));
            }
            let numeric = |s: &str| s.parse::<usize>().ok();
            match (
                fields.len(),
                fields.get(1).and_then(|s| numeric(s)),
                fields.get(2).and_then(|s| numeric(s)),
            ) {
                (n, Some(s), Some(e)) if n >= 5 => {
                    let (Some(bs), Some(be)) = (map.byte(s), map.byte(e)) else {
                        warnings.push(Warning::new(
                            Location::line(no),
                            format!("annotation {s}..{e} `{}` lies outside the text ({} characters): dropped", fields[3], map.chars()),
                        ));
                        continue;
                    };
                    if s > e {
                        warnings.push(Warning::new(
                            Location::line(no),
                            format!("annotation {s}..{e} is reversed: dropped"),
                        ));
                        continue;
                    }
                    let label = fields[4];
                    let raw_id = fields.get(5).copied().unwrap_or("");
                    let kind = EntityType::parse(label).unwrap_or(EntityType::Other);
                    doc.entities.push(Entity {
                        text: fields[3].to_owned(),
                        start: Some(bs),
                        end: Some(be),
                        kind,
                        ids: curies(raw_id, kind),
                        origin: Origin::Input,
                        input: Some(InputAnnotation {
                            label: label.to_owned(),
                            id: raw_id.to_owned(),
                            extra: fields.iter().skip(6).map(|s| (*s).to_owned()).collect(),
                        }),
                        ..Entity::default()
                    });
                }
                (n, None, _) if n >= 3 => doc.relations.push(InputRelation {
                    id: None,
                    label: fields[1].to_owned(),
                    args: fields[2..]
                        .iter()
                        .map(|a| RelationArg {
                            role: None,
                            id: (*a).to_owned(),
                        })
                        .collect(),
                }),
                _ => {
                    return Err(self.err(no, ErrorKind::Pubtator(format!(
                        "expected `ID<TAB>start<TAB>end<TAB>text<TAB>type[<TAB>id]` or a relation, found `{}`",
                        line.chars().take(60).collect::<String>()
                    ))));
                }
            }
        }
        // Input order is kept for equal spans (sort is stable).
        finish_entities(&mut doc.entities);
        self.index += 1;
        Ok(Some(Read {
            document: doc,
            warnings,
        }))
    }
}

impl<R: BufRead> Iterator for Stream<R> {
    type Item = Result<Read>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.read_document() {
            Ok(Some(r)) => Some(Ok(r)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                if matches!(e.kind, ErrorKind::Io(_)) {
                    self.done = true;
                } else {
                    self.index += 1;
                    if self.in_document {
                        self.skip_document();
                        self.in_document = false;
                    }
                }
                Some(Err(e))
            }
        }
    }
}

/// `ID|t|text` → (`ID`, `text`).
fn split_text_line<'a>(line: &'a str, tag: &str) -> Option<(&'a str, &'a str)> {
    let i = line.find(tag)?;
    let id = &line[..i];
    (!id.is_empty() && !id.contains(['\t', ' '])).then(|| (id, &line[i + tag.len()..]))
}

/// A PubTator id field as CURIEs: `D012345` → `MESH:D012345`,
/// `OMIM:222100|D003924` → both, `-1` → none; numbers are NCBI Gene ids
/// for genes and NCBI Taxonomy ids for species.
pub fn curies(field: &str, kind: EntityType) -> Vec<String> {
    let mut out = Vec::new();
    for id in field.split(['|', '+', ',', ';']).map(str::trim) {
        if id.is_empty() || id == "-1" || id == "-" {
            continue;
        }
        let c = if id.contains(':') {
            let (p, l) = id.split_once(':').unwrap_or(("", id));
            match p.to_ascii_uppercase().as_str() {
                "MESH" => format!("MESH:{l}"),
                "OMIM" | "MIM" => format!("OMIM:{l}"),
                "NCBIGENE" => format!("NCBIGene:{l}"),
                "NCBITAXON" | "TAXON" => format!("NCBITaxon:{l}"),
                _ => id.to_owned(),
            }
        } else if id.starts_with("CVCL_") {
            id.to_owned()
        } else if id.len() > 1
            && (id.starts_with('D') || id.starts_with('C'))
            && id[1..].bytes().all(|b| b.is_ascii_digit())
        {
            format!("MESH:{id}")
        } else if id.bytes().all(|b| b.is_ascii_digit()) {
            match kind {
                EntityType::Gene => format!("NCBIGene:{id}"),
                EntityType::Species => format!("NCBITaxon:{id}"),
                _ => id.to_owned(),
            }
        } else {
            id.to_owned()
        };
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// A CURIE as PubTator writes it: MeSH and NCBI ids without prefix.
pub fn pubtator_id(curie: &str) -> &str {
    for prefix in ["MESH:", "NCBIGene:", "NCBITaxon:"] {
        if let Some(local) = curie.strip_prefix(prefix) {
            return local;
        }
    }
    curie
}

/// The identifiers of a mention as PubTator writes them: only those of
/// PubTator's identifier spaces for its type (Disease: MeSH and OMIM;
/// Chemical: MeSH; Gene: NCBI Gene; Species: NCBI Taxonomy), falling back
/// to the first identifier when none is in those spaces, and the first alone
/// for other types. A concept's cross-references (`MONDO:0003664` next to
/// `MESH:D000743`, `HGNC:4057` next to `NCBIGene:2539`) are left out:
/// joined with `|` they would read as a composite mention.
pub fn pubtator_ids(kind: EntityType, ids: &[String]) -> Vec<&str> {
    let spaces: &[&str] = match kind {
        EntityType::Disease => &["MESH:", "OMIM:"],
        EntityType::Chemical => &["MESH:"],
        EntityType::Gene => &["NCBIGene:"],
        EntityType::Species => &["NCBITaxon:"],
        EntityType::CellLine | EntityType::CellType | EntityType::Other => &[],
    };
    let chosen: Vec<&str> = ids
        .iter()
        .filter(|c| spaces.iter().any(|p| c.starts_with(p)))
        .map(|c| pubtator_id(c))
        .collect();
    if chosen.is_empty() {
        ids.first().map(|c| pubtator_id(c)).into_iter().collect()
    } else {
        chosen
    }
}

/// Writes one document as PubTator lines followed by a blank line.
pub(crate) fn write_document(
    out: &mut dyn Write,
    doc: &Document,
    opts: &WriteOptions,
) -> std::io::Result<()> {
    let p = Projection::new(doc);
    let id = sanitize_id(&doc.id);
    writeln!(out, "{id}|t|{}", p.title)?;
    if let Some(a) = &p.abstract_text {
        writeln!(out, "{id}|a|{a}")?;
    }
    // BioC's composite mentions (BC5CDR): PubTator writes the individual
    // mentions in a seventh column of the composite one, not as lines.
    let role = |e: &Entity| {
        e.input.as_ref().and_then(|i| {
            i.extra
                .iter()
                .find_map(|x| x.strip_prefix("CompositeRole="))
                .map(str::to_owned)
        })
    };
    let from_bioc = matches!(
        doc.source.format,
        InputFormat::BiocXml | InputFormat::BiocJson
    );
    for e in &doc.entities {
        if e.origin == Origin::Input && !opts.input_annotations {
            continue;
        }
        let composite = if from_bioc && e.origin == Origin::Input {
            match role(e).as_deref() {
                Some("IndividualMention") => continue,
                Some("CompositeMention") => {
                    let span = e.span().unwrap_or_default();
                    let mut parts: Vec<(u64, &str)> = doc
                        .entities
                        .iter()
                        .filter(|x| {
                            role(x).as_deref() == Some("IndividualMention")
                                && x.span().is_some_and(|s| span.contains(s))
                        })
                        .map(|x| (bioc_order(x), x.text.as_str()))
                        .collect();
                    parts.sort_by_key(|p| p.0);
                    let parts: Vec<&str> = parts.into_iter().map(|p| p.1).collect();
                    Some(parts.join("|"))
                }
                _ => None,
            }
        } else {
            None
        };
        let Some((s, t)) = e.span().and_then(|span| p.source_span(doc, span)) else {
            continue;
        };
        let text = match (&e.input, e.origin) {
            (Some(_), Origin::Input) => e.text.clone(),
            _ => one_line(doc.slice(e.span().unwrap_or_default())),
        };
        match &e.input {
            Some(input) if e.origin == Origin::Input => {
                // A five-field line (no id column) has an empty id. Further
                // fields are PubTator's own only when the input was PubTator
                // (BioC keeps its infons there).
                let extra: &[String] = if doc.source.format == InputFormat::Pubtator {
                    &input.extra
                } else {
                    &[]
                };
                write!(out, "{id}\t{s}\t{t}\t{text}\t{}", input.label)?;
                if !input.id.is_empty() || !extra.is_empty() {
                    write!(out, "\t{}", input.id)?;
                }
                for x in extra {
                    write!(out, "\t{x}")?;
                }
                if let Some(parts) = &composite {
                    write!(out, "\t{parts}")?;
                }
                writeln!(out)?;
            }
            _ => {
                let ids = pubtator_ids(e.kind, &e.ids);
                let ids = if ids.is_empty() {
                    "-".to_owned()
                } else {
                    ids.join("|")
                };
                writeln!(out, "{id}\t{s}\t{t}\t{text}\t{}\t{ids}", e.kind.as_str())?;
            }
        }
    }
    if opts.input_annotations {
        for r in &doc.relations {
            write!(out, "{id}\t{}", r.label)?;
            for a in &r.args {
                write!(out, "\t{}", a.id)?;
            }
            writeln!(out)?;
        }
    }
    writeln!(out)
}

/// The BioC annotation id of an input entity, as a number for ordering.
fn bioc_order(e: &Entity) -> u64 {
    e.input
        .as_ref()
        .and_then(|i| {
            i.extra
                .iter()
                .find_map(|x| x.strip_prefix(crate::bioc::BIOC_ID))
        })
        .and_then(|id| {
            id.trim_start_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .ok()
        })
        .unwrap_or(u64::MAX)
}

fn sanitize_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c == '|' || c.is_whitespace() {
                '_'
            } else {
                c
            }
        })
        .collect();
    if s.is_empty() { "doc".to_owned() } else { s }
}
