//! BioC XML and BioC JSON collections.
//!
//! Each BioC document becomes one [`Document`]; its passages keep their BioC
//! offsets in `source_offset`. Passages are laid out in the document text in
//! order, separated by as many spaces as the gap between their BioC offsets
//! (so that for ASCII text the two coordinate systems agree), or by a blank
//! line when the offsets overlap or jump. Annotations are kept as input
//! entities with their infons; relations as [`InputRelation`]s. An
//! annotation outside its passage is dropped with a warning.

use std::io::{BufRead, Write};

use briefing_model::{
    Document, Entity, EntityType, InputAnnotation, InputFormat, InputRelation, Origin, Passage,
    RelationArg, Section, SectionKind, Source,
};
use serde::Deserialize;

use crate::Read;
use crate::builder::{finish_entities, section_kind};
use crate::error::{Error, ErrorKind, Location, Result, Warning, check_text};
use crate::pubtator::curies;
use crate::write::{WriteOptions, char_map};
use crate::xml::{Ev, XmlReader, attr, escape};

type Infons = Vec<(String, String)>;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BDoc {
    id: String,
    #[serde(deserialize_with = "infons")]
    infons: Infons,
    passages: Vec<BPassage>,
    relations: Vec<BRelation>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BPassage {
    #[serde(deserialize_with = "infons")]
    infons: Infons,
    offset: usize,
    text: Option<String>,
    sentences: Vec<BSentence>,
    annotations: Vec<BAnnotation>,
    relations: Vec<BRelation>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BSentence {
    offset: usize,
    text: Option<String>,
    annotations: Vec<BAnnotation>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BAnnotation {
    id: String,
    #[serde(deserialize_with = "infons")]
    infons: Infons,
    locations: Vec<BLocation>,
    text: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BLocation {
    offset: usize,
    length: usize,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BRelation {
    id: String,
    #[serde(deserialize_with = "infons")]
    infons: Infons,
    nodes: Vec<BNode>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BNode {
    refid: String,
    role: String,
}

/// BioC JSON infons: an object of strings (numbers and null allowed),
/// kept in key order.
fn infons<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Infons, D::Error> {
    let map: std::collections::BTreeMap<String, serde_json::Value> = Deserialize::deserialize(d)?;
    Ok(map
        .into_iter()
        .filter_map(|(k, v)| match v {
            serde_json::Value::String(s) => Some((k, s)),
            serde_json::Value::Null => None,
            other => Some((k, other.to_string())),
        })
        .collect())
}

fn infon<'a>(infons: &'a Infons, key: &str) -> Option<&'a str> {
    infons
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

// ---------------------------------------------------------------- XML ----

/// Reads a BioC XML collection one `<document>` at a time.
pub(crate) struct XmlStream<R> {
    xml: XmlReader<'static, R>,
    origin: String,
    index: usize,
    started: bool,
    done: bool,
}

impl<R> std::fmt::Debug for XmlStream<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlStream")
            .field("origin", &self.origin)
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

impl<R: BufRead> XmlStream<R> {
    pub fn new(origin: &str, reader: R) -> Self {
        XmlStream {
            xml: XmlReader::new(origin, reader, None),
            origin: origin.to_owned(),
            index: 0,
            started: false,
            done: false,
        }
    }

    fn next_document(&mut self) -> Result<Option<BDoc>> {
        loop {
            match self.xml.next()? {
                Ev::Start { name, .. } => {
                    if !self.started {
                        self.started = true;
                        if name != "collection" {
                            return Err(self.xml.error(
                                self.xml.position(),
                                format!("expected <collection>, found <{name}>"),
                            ));
                        }
                        continue;
                    }
                    if name == "document" {
                        return self.document().map(Some);
                    }
                    // <source>, <date>, <key>, <infon> of the collection.
                    self.xml.skip()?;
                }
                Ev::Eof => {
                    if !self.started {
                        return Err(Error::new(
                            self.origin.as_str(),
                            Location::NONE,
                            ErrorKind::Empty,
                        ));
                    }
                    return Ok(None);
                }
                Ev::End { .. } | Ev::Text(_) => {}
            }
        }
    }

    fn document(&mut self) -> Result<BDoc> {
        let mut d = BDoc::default();
        while let Some((name, attrs)) = self.child()? {
            match name.as_str() {
                "id" => d.id = self.xml.text_of()?.trim().to_owned(),
                "infon" => d.infons.push(self.infon(&attrs)?),
                "passage" => d.passages.push(self.passage()?),
                "relation" => d.relations.push(self.relation(&attrs)?),
                _ => self.xml.skip()?,
            }
        }
        Ok(d)
    }

    /// The next child element of the current one, or `None` at its end.
    fn child(&mut self) -> Result<Option<(String, Infons)>> {
        loop {
            match self.xml.next()? {
                Ev::Start { name, attrs } => return Ok(Some((name, attrs))),
                Ev::End { .. } | Ev::Eof => return Ok(None),
                Ev::Text(_) => {}
            }
        }
    }

    fn infon(&mut self, attrs: &[(String, String)]) -> Result<(String, String)> {
        let key = attr(attrs, "key").unwrap_or("").to_owned();
        Ok((key, self.xml.text_of()?))
    }

    fn offset(&mut self) -> Result<usize> {
        let at = self.xml.position();
        let t = self.xml.text_of()?;
        t.trim().parse().map_err(|_| {
            self.xml
                .error(at, format!("<offset> is not a number: `{}`", t.trim()))
        })
    }

    fn passage(&mut self) -> Result<BPassage> {
        let mut p = BPassage::default();
        while let Some((name, attrs)) = self.child()? {
            match name.as_str() {
                "infon" => p.infons.push(self.infon(&attrs)?),
                "offset" => p.offset = self.offset()?,
                "text" => p.text = Some(self.xml.text_of()?),
                "annotation" => p.annotations.push(self.annotation(&attrs)?),
                "relation" => p.relations.push(self.relation(&attrs)?),
                "sentence" => {
                    let mut s = BSentence::default();
                    while let Some((name, attrs)) = self.child()? {
                        match name.as_str() {
                            "offset" => s.offset = self.offset()?,
                            "text" => s.text = Some(self.xml.text_of()?),
                            "annotation" => s.annotations.push(self.annotation(&attrs)?),
                            _ => self.xml.skip()?,
                        }
                    }
                    p.sentences.push(s);
                }
                _ => self.xml.skip()?,
            }
        }
        Ok(p)
    }

    fn annotation(&mut self, attrs: &[(String, String)]) -> Result<BAnnotation> {
        let mut a = BAnnotation {
            id: attr(attrs, "id").unwrap_or("").to_owned(),
            ..BAnnotation::default()
        };
        while let Some((name, attrs)) = self.child()? {
            match name.as_str() {
                "infon" => a.infons.push(self.infon(&attrs)?),
                "text" => a.text = self.xml.text_of()?,
                "location" => {
                    let at = self.xml.position();
                    let num =
                        |k: &str| attr(&attrs, k).and_then(|v| v.trim().parse::<usize>().ok());
                    let (Some(offset), Some(length)) = (num("offset"), num("length")) else {
                        return Err(self
                            .xml
                            .error(at, "<location> needs numeric offset and length"));
                    };
                    a.locations.push(BLocation { offset, length });
                    self.xml.skip()?;
                }
                _ => self.xml.skip()?,
            }
        }
        Ok(a)
    }

    fn relation(&mut self, attrs: &[(String, String)]) -> Result<BRelation> {
        let mut r = BRelation {
            id: attr(attrs, "id").unwrap_or("").to_owned(),
            ..BRelation::default()
        };
        while let Some((name, attrs)) = self.child()? {
            match name.as_str() {
                "infon" => r.infons.push(self.infon(&attrs)?),
                "node" => {
                    r.nodes.push(BNode {
                        refid: attr(&attrs, "refid").unwrap_or("").to_owned(),
                        role: attr(&attrs, "role").unwrap_or("").to_owned(),
                    });
                    self.xml.skip()?;
                }
                _ => self.xml.skip()?,
            }
        }
        Ok(r)
    }
}

impl<R: BufRead> Iterator for XmlStream<R> {
    type Item = Result<Read>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_document() {
            Ok(Some(d)) => {
                let r = convert(&self.origin, self.index, InputFormat::BiocXml, d);
                self.index += 1;
                Some(Ok(r))
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                // XML framing is lost after a syntax error: stop here.
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

// --------------------------------------------------------------- JSON ----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BCollection {
    documents: Vec<BDoc>,
}

pub(crate) fn read_json(origin: &str, bytes: &[u8]) -> Vec<Result<Read>> {
    if let Err(e) = check_text(origin, bytes) {
        return vec![Err(e)];
    }
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            let loc = Location {
                line: Some(e.line() as u64),
                column: Some(e.column() as u64),
                byte: None,
            };
            return vec![Err(Error::new(origin, loc, ErrorKind::Json(e.to_string())))];
        }
    };
    // A collection, or a single document.
    let docs = if value.get("documents").is_some() {
        serde_json::from_value::<BCollection>(value).map(|c| c.documents)
    } else {
        serde_json::from_value::<BDoc>(value).map(|d| vec![d])
    };
    match docs {
        Ok(docs) => docs
            .into_iter()
            .enumerate()
            .map(|(i, d)| Ok(convert(origin, i, InputFormat::BiocJson, d)))
            .collect(),
        Err(e) => vec![Err(Error::new(
            origin,
            Location::NONE,
            ErrorKind::Json(format!("not a BioC collection: {e}")),
        ))],
    }
}

// --------------------------------------------------------- conversion ----

/// The text of a passage given as sentences: each at its offset.
fn passage_text(p: &BPassage) -> String {
    if let Some(t) = &p.text {
        return t.clone();
    }
    let mut s = String::new();
    let mut at = p.offset;
    for sent in &p.sentences {
        let t = sent.text.as_deref().unwrap_or("");
        if sent.offset > at && !s.is_empty() {
            s.extend(std::iter::repeat_n(' ', (sent.offset - at).min(16)));
        }
        s.push_str(t);
        at = sent.offset.max(at) + t.chars().count();
    }
    s
}

fn convert(origin: &str, index: usize, format: InputFormat, b: BDoc) -> Read {
    let id = if b.id.is_empty() {
        format!("doc{}", index + 1)
    } else {
        b.id.clone()
    };
    let mut doc = Document::new(id.clone());
    doc.source = Source {
        path: Some(origin.to_owned()),
        format,
        index: Some(index),
    };
    doc.metadata.pmid =
        (!id.is_empty() && id.bytes().all(|c| c.is_ascii_digit())).then(|| id.clone());
    let mut warnings = Vec::new();
    let mut prev_end: Option<usize> = None;
    let mut prev_key: Option<String> = None;
    for (pi, p) in b.passages.iter().enumerate() {
        let text = passage_text(p);
        let kind_infon = infon(&p.infons, "section_type")
            .or_else(|| infon(&p.infons, "type"))
            .unwrap_or("")
            .to_owned();
        if !doc.text.is_empty() {
            match prev_end {
                Some(e) if p.offset >= e && p.offset - e <= 16 => {
                    doc.text.extend(std::iter::repeat_n(' ', p.offset - e))
                }
                _ => doc.text.push_str("\n\n"),
            }
        }
        let lower = kind_infon.to_ascii_lowercase();
        let is_title =
            matches!(lower.as_str(), "title" | "front") || (pi == 0 && lower == "title_1");
        if prev_key.as_deref() != Some(kind_infon.as_str()) {
            let (title, kind) = if is_title {
                ("Title".to_owned(), SectionKind::Other)
            } else {
                match lower.as_str() {
                    "abstract" => ("Abstract".to_owned(), SectionKind::Abstract),
                    "intro" => ("Introduction".to_owned(), SectionKind::Introduction),
                    "methods" => ("Methods".to_owned(), SectionKind::Methods),
                    "results" => ("Results".to_owned(), SectionKind::Results),
                    "discuss" => ("Discussion".to_owned(), SectionKind::Discussion),
                    "concl" => ("Conclusion".to_owned(), SectionKind::Conclusion),
                    _ => (kind_infon.clone(), section_kind(&kind_infon)),
                }
            };
            doc.sections.push(Section {
                title,
                kind,
                level: 1,
                ..Section::default()
            });
            prev_key = Some(kind_infon.clone());
        }
        if is_title && doc.metadata.title.is_none() {
            doc.metadata.title = Some(text.trim().to_owned());
        }
        let start = doc.text.len();
        doc.text.push_str(&text);
        let passage = Passage {
            start,
            end: doc.text.len(),
            source_offset: Some(p.offset),
        };
        if let Some(s) = doc.sections.last_mut() {
            s.passages.push(passage);
        }
        prev_end = Some(p.offset + text.chars().count());
        let map = char_map(&text);
        let annotations = p
            .annotations
            .iter()
            .chain(p.sentences.iter().flat_map(|s| s.annotations.iter()));
        for a in annotations {
            match annotation(a, p.offset, &map, start) {
                Ok(e) => doc.entities.push(e),
                Err(msg) => warnings.push(Warning::new(
                    Location::NONE,
                    format!("document {id}, annotation {}: {msg}: dropped", a.id),
                )),
            }
        }
        for r in &p.relations {
            doc.relations.push(relation(r));
        }
    }
    for r in &b.relations {
        doc.relations.push(relation(r));
    }
    finish_entities(&mut doc.entities);
    Read {
        document: doc,
        warnings,
    }
}

fn annotation(
    a: &BAnnotation,
    passage_offset: usize,
    map: &crate::write::CharMap,
    base: usize,
) -> std::result::Result<Entity, String> {
    if a.locations.is_empty() {
        return Err("no <location>".into());
    }
    let mut start = usize::MAX;
    let mut end = 0;
    for l in &a.locations {
        let s = l
            .offset
            .checked_sub(passage_offset)
            .ok_or_else(|| format!("offset {} before its passage ({passage_offset})", l.offset))?;
        let bs = map
            .byte(s)
            .ok_or_else(|| format!("offset {} past its passage", l.offset))?;
        let be = map
            .byte(s + l.length)
            .ok_or_else(|| format!("{}+{} past its passage", l.offset, l.length))?;
        start = start.min(base + bs);
        end = end.max(base + be);
    }
    let label = infon(&a.infons, "type").unwrap_or("").to_owned();
    let kind = EntityType::parse(&label).unwrap_or(EntityType::Other);
    let mut id = String::new();
    // The BioC annotation id first (composite mentions list their parts in
    // input order), then the infons.
    let mut extra = vec![format!("{BIOC_ID}{}", a.id)];
    for (k, v) in &a.infons {
        if k == "type" {
            continue;
        }
        if id.is_empty() && is_id_key(k) {
            id = v.clone();
        }
        extra.push(format!("{k}={v}"));
    }
    if a.locations.len() > 1 {
        extra.extend(
            a.locations
                .iter()
                .map(|l| format!("location={}+{}", l.offset, l.length)),
        );
    }
    Ok(Entity {
        text: a.text.clone(),
        start: Some(start),
        end: Some(end),
        kind,
        ids: curies(&id, kind),
        origin: Origin::Input,
        input: Some(InputAnnotation { label, id, extra }),
        ..Entity::default()
    })
}

/// Marks the BioC annotation id in [`InputAnnotation::extra`].
pub(crate) const BIOC_ID: &str = "annotation-id=";

fn is_id_key(k: &str) -> bool {
    let k = k.to_ascii_lowercase();
    matches!(
        k.as_str(),
        "identifier"
            | "mesh"
            | "ncbi gene"
            | "ncbi_gene"
            | "ncbi taxonomy"
            | "id"
            | "cui"
            | "normalized"
    ) || k.ends_with("id")
        || k.contains("identifier")
}

fn relation(r: &BRelation) -> InputRelation {
    let mut args: Vec<RelationArg> = r
        .infons
        .iter()
        .filter(|(k, _)| k != "relation" && k != "type")
        .map(|(k, v)| RelationArg {
            role: Some(k.clone()),
            id: v.clone(),
        })
        .collect();
    args.extend(r.nodes.iter().map(|n| RelationArg {
        role: (!n.role.is_empty()).then(|| n.role.clone()),
        id: n.refid.clone(),
    }));
    InputRelation {
        id: (!r.id.is_empty()).then(|| r.id.clone()),
        label: infon(&r.infons, "relation")
            .or_else(|| infon(&r.infons, "type"))
            .unwrap_or("")
            .to_owned(),
        args,
    }
}

// -------------------------------------------------------------- write ----

pub(crate) fn write_header(out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "<?xml version='1.0' encoding='UTF-8'?><!DOCTYPE collection SYSTEM 'BioC.dtd'>"
    )?;
    writeln!(
        out,
        "<collection>\n<source>briefing</source>\n<date></date>\n<key>briefing.key</key>"
    )
}

pub(crate) fn write_footer(out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "</collection>")
}

/// One `<document>`: a passage per passage of the document, offsets in the
/// input's coordinates where it had them (characters of the document text
/// otherwise), the entities with offsets as annotations.
pub(crate) fn write_document(
    out: &mut dyn Write,
    doc: &Document,
    opts: &WriteOptions,
) -> std::io::Result<()> {
    writeln!(out, "<document>\n<id>{}</id>", escape(&doc.id))?;
    let from_bioc = matches!(
        doc.source.format,
        InputFormat::BiocXml | InputFormat::BiocJson
    );
    let mut chars_before = 0;
    let mut last_byte = 0;
    for s in &doc.sections {
        for p in &s.passages {
            chars_before += doc
                .text
                .get(last_byte..p.start)
                .map_or(0, |t| t.chars().count());
            last_byte = p.start;
            let offset = p.source_offset.unwrap_or(chars_before);
            writeln!(out, "<passage>")?;
            let kind = match (s.title.as_str(), s.kind) {
                ("Title", _) => "title".to_owned(),
                (_, SectionKind::Abstract) => "abstract".to_owned(),
                _ => "paragraph".to_owned(),
            };
            writeln!(out, "<infon key=\"type\">{kind}</infon>")?;
            if !s.title.is_empty() && kind == "paragraph" {
                writeln!(
                    out,
                    "<infon key=\"section_title\">{}</infon>",
                    escape(&s.title)
                )?;
            }
            writeln!(
                out,
                "<offset>{offset}</offset>\n<text>{}</text>",
                escape(doc.slice(p.span()))
            )?;
            for e in doc
                .entities
                .iter()
                .filter(|e| e.span().is_some_and(|sp| p.span().contains(sp)))
            {
                if e.origin == Origin::Input && !opts.input_annotations {
                    continue;
                }
                let span = e.span().unwrap_or_default();
                let head = doc
                    .text
                    .get(p.start..span.start)
                    .map_or(0, |t| t.chars().count());
                let len = doc.slice(span).chars().count();
                writeln!(out, "<annotation id=\"{}\">", escape(&e.id))?;
                match &e.input {
                    Some(input) if e.origin == Origin::Input => {
                        writeln!(out, "<infon key=\"type\">{}</infon>", escape(&input.label))?;
                        let mut locations = Vec::new();
                        for x in &input.extra {
                            if x.starts_with(BIOC_ID) {
                                continue;
                            }
                            match x.split_once('=') {
                                Some(("location", v)) if from_bioc => locations.push(v.to_owned()),
                                Some((k, v)) if from_bioc => writeln!(
                                    out,
                                    "<infon key=\"{}\">{}</infon>",
                                    escape(k),
                                    escape(v)
                                )?,
                                _ => {}
                            }
                        }
                        if !from_bioc && !input.id.is_empty() {
                            writeln!(
                                out,
                                "<infon key=\"identifier\">{}</infon>",
                                escape(&input.id)
                            )?;
                        }
                        if locations.is_empty() {
                            writeln!(
                                out,
                                "<location offset=\"{}\" length=\"{len}\" />",
                                offset + head
                            )?;
                        }
                        for l in locations {
                            let (o, n) = l.split_once('+').unwrap_or((&l, "0"));
                            writeln!(
                                out,
                                "<location offset=\"{}\" length=\"{}\" />",
                                escape(o),
                                escape(n)
                            )?;
                        }
                    }
                    _ => {
                        writeln!(out, "<infon key=\"type\">{}</infon>", e.kind.as_str())?;
                        if !e.ids.is_empty() {
                            writeln!(
                                out,
                                "<infon key=\"identifier\">{}</infon>",
                                escape(&e.ids.join(","))
                            )?;
                        }
                        writeln!(
                            out,
                            "<infon key=\"origin\">{}</infon>",
                            origin_name(e.origin)
                        )?;
                        writeln!(
                            out,
                            "<location offset=\"{}\" length=\"{len}\" />",
                            offset + head
                        )?;
                    }
                }
                let text = if e.origin == Origin::Input {
                    e.text.as_str()
                } else {
                    doc.slice(span)
                };
                writeln!(out, "<text>{}</text>\n</annotation>", escape(text))?;
            }
            writeln!(out, "</passage>")?;
        }
    }
    if opts.input_annotations {
        for (i, r) in doc.relations.iter().enumerate() {
            let id = r.id.clone().unwrap_or_else(|| format!("R{i}"));
            writeln!(
                out,
                "<relation id=\"{}\">\n<infon key=\"relation\">{}</infon>",
                escape(&id),
                escape(&r.label)
            )?;
            for (j, a) in r.args.iter().enumerate() {
                let role = a.role.clone().unwrap_or_else(|| format!("arg{}", j + 1));
                writeln!(
                    out,
                    "<infon key=\"{}\">{}</infon>",
                    escape(&role),
                    escape(&a.id)
                )?;
            }
            writeln!(out, "</relation>")?;
        }
    }
    writeln!(out, "</document>")
}

fn origin_name(o: Origin) -> &'static str {
    match o {
        Origin::Input => "input",
        Origin::Lexicon => "lexicon",
        Origin::Abbreviation => "abbreviation",
        Origin::Model => "model",
    }
}
