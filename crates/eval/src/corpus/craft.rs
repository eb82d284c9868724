//! CRAFT: one text per article in `txt/`, concept annotations per ontology
//! in Knowtator XML (`CL/`, `NCBITaxon/`, `CHEBI/`, `PR/`: the classic
//! Knowtator layout; `MONDO/`: the Knowtator 2 project layout).
//!
//! Offsets count UTF-16 code units. A discontinuous annotation becomes one
//! mention from its first start to its last end.

use std::path::Path;

use briefing_model::{Document, EntityType, InputFormat, Passage, Section, SectionKind, Source};
use quick_xml::events::{BytesStart, Event};

use super::{CorpusError, GoldDoc, GoldMention, read_to_string, utf16_to_bytes};

/// Ontology folders read, with the type they give.
pub const ONTOLOGIES: [(&str, EntityType); 5] = [
    ("CL", EntityType::CellType),
    ("NCBITaxon", EntityType::Species),
    ("CHEBI", EntityType::Chemical),
    ("MONDO", EntityType::Disease),
    ("PR", EntityType::Gene),
];

/// Reads a CRAFT split directory (holding `txt/` and ontology folders).
pub fn read_craft(dir: &Path) -> Result<Vec<GoldDoc>, CorpusError> {
    let txt = dir.join("txt");
    let mut names: Vec<String> = std::fs::read_dir(&txt)
        .map_err(|source| CorpusError::Io {
            path: txt.clone(),
            source,
        })?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let mut docs = Vec::with_capacity(names.len());
    for name in names {
        let id = name.trim_end_matches(".txt").to_owned();
        let text = read_to_string(&txt.join(&name))?;
        let map = utf16_to_bytes(&text);
        let mut mentions = Vec::new();
        for (folder, kind) in ONTOLOGIES {
            let classic = dir.join(folder).join(format!("{id}.txt.knowtator.xml"));
            let project = dir.join(folder).join(format!("{id}.xml"));
            let path = if classic.is_file() {
                classic
            } else if project.is_file() {
                project
            } else {
                continue;
            };
            let xml = read_to_string(&path)?;
            for (start, end, class) in parse_knowtator(&path, &xml)? {
                let (Some(&s), Some(&e)) = (map.get(start), map.get(end)) else {
                    return Err(CorpusError::Syntax {
                        path: path.clone(),
                        line: 0,
                        message: format!(
                            "span {start}..{end} lies outside the text ({} units)",
                            map.len() - 1
                        ),
                    });
                };
                if s >= e {
                    continue;
                }
                mentions.push(GoldMention {
                    start: s,
                    end: e,
                    kind,
                    ids: vec![class],
                    alternatives: Vec::new(),
                });
            }
        }
        mentions.sort();
        mentions.dedup();
        docs.push(GoldDoc {
            doc: document(&id, text),
            mentions,
        });
    }
    Ok(docs)
}

/// A document of one section whose passages are the text's lines.
pub(crate) fn document(id: &str, text: String) -> Document {
    let mut doc = Document::new(id);
    doc.source = Source {
        path: None,
        format: InputFormat::Text,
        index: None,
    };
    let mut passages = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end();
        if !body.trim().is_empty() {
            passages.push(Passage {
                start: at,
                end: at + body.len(),
                source_offset: None,
            });
        }
        at += line.len();
    }
    doc.sections.push(Section {
        title: String::new(),
        kind: SectionKind::Other,
        level: 1,
        parent: None,
        passages,
        sentences: Vec::new(),
    });
    doc.text = text;
    doc
}

/// `http://purl.obolibrary.org/obo/MONDO_0021003` → `MONDO:0021003`.
fn curie(class: &str) -> String {
    let tail = class.rsplit('/').next().unwrap_or(class);
    match tail.split_once('_') {
        Some((prefix, rest))
            if !tail.contains(':') && prefix.chars().all(|c| c.is_ascii_alphabetic()) =>
        {
            format!("{prefix}:{rest}")
        }
        _ => tail.to_owned(),
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .filter_map(|a| a.ok())
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn line_of(xml: &str, pos: usize) -> usize {
    xml.as_bytes()[..pos.min(xml.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// `(start, end, class)` of every annotation, in either Knowtator layout.
fn parse_knowtator(path: &Path, xml: &str) -> Result<Vec<(usize, usize, String)>, CorpusError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    // Classic layout: mention id → spans, and mention id → class.
    let mut spans: Vec<(String, usize, usize)> = Vec::new();
    let mut classes: std::collections::BTreeMap<String, String> = Default::default();
    let mut current_mention: Option<String> = None;
    let mut current_class_mention: Option<String> = None;
    // Knowtator 2: class per annotation.
    let mut project: Vec<(usize, usize, String)> = Vec::new();
    let mut project_class: Option<String> = None;
    let mut project_spans: Vec<(usize, usize)> = Vec::new();
    let syntax = |pos: usize, message: String| CorpusError::Syntax {
        path: path.to_owned(),
        line: line_of(xml, pos),
        message,
    };
    loop {
        let pos = reader.buffer_position() as usize;
        let ev = reader
            .read_event()
            .map_err(|e| syntax(pos, e.to_string()))?;
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "annotation" => {
                    current_mention = None;
                    project_class = None;
                    project_spans.clear();
                }
                "mention" => current_mention = attr(&e, "id"),
                "span" => {
                    let num = |n: &str| attr(&e, n).and_then(|v| v.parse::<usize>().ok());
                    let (Some(s), Some(t)) = (num("start"), num("end")) else {
                        return Err(syntax(pos, "span without numeric start and end".into()));
                    };
                    match &current_mention {
                        Some(m) => spans.push((m.clone(), s, t)),
                        None => project_spans.push((s, t)),
                    }
                }
                "class" => project_class = attr(&e, "id"),
                "classMention" => current_class_mention = attr(&e, "id"),
                "mentionClass" => {
                    if let (Some(m), Some(c)) = (current_class_mention.take(), attr(&e, "id")) {
                        classes.insert(m, c);
                    }
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "annotation" => {
                if let Some(c) = project_class.take()
                    && let (Some(s), Some(t)) = (
                        project_spans.iter().map(|x| x.0).min(),
                        project_spans.iter().map(|x| x.1).max(),
                    )
                {
                    project.push((s, t, curie(&c)));
                }
                project_spans.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut by_mention: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for (m, s, t) in &spans {
        let e = by_mention.entry(m.as_str()).or_insert((*s, *t));
        e.0 = e.0.min(*s);
        e.1 = e.1.max(*t);
    }
    for (m, (s, t)) in by_mention {
        if let Some(c) = classes.get(m) {
            project.push((s, t, curie(c)));
        }
    }
    project.sort();
    Ok(project)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(xml: &str, expect: &[(usize, usize, &str)]) {
        let got = parse_knowtator(Path::new("t.xml"), xml).expect("parses");
        let got: Vec<(usize, usize, &str)> =
            got.iter().map(|(s, e, c)| (*s, *e, c.as_str())).collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn both_layouts() {
        check(
            r#"<annotations textSource="1.txt">
  <annotation><mention id="I1" /><span start="4" end="14" /><span start="20" end="25" /><spannedText>x</spannedText></annotation>
  <annotation><mention id="I2" /><span start="0" end="3" /></annotation>
  <classMention id="I1"><mentionClass id="CL:0000057">fibroblast</mentionClass></classMention>
  <classMention id="I2"><mentionClass id="NCBITaxon:10088">mice</mentionClass></classMention>
</annotations>"#,
            &[(0, 3, "NCBITaxon:10088"), (4, 25, "CL:0000057")],
        );
        check(
            r#"<knowtator-project><document id="1">
  <annotation annotator="Default" id="a" type="identity">
    <class id="http://purl.obolibrary.org/obo/MONDO_0021003" label="x"/>
    <span end="10" id="s" start="0">polydactyl</span>
  </annotation></document></knowtator-project>"#,
            &[(0, 10, "MONDO:0021003")],
        );
        assert_eq!(
            curie("http://purl.obolibrary.org/obo/MONDO_0021003"),
            "MONDO:0021003"
        );
        assert_eq!(curie("CL:0000057"), "CL:0000057");
    }

    #[test]
    fn bad_span_is_an_error_with_a_line() {
        let err = parse_knowtator(
            Path::new("t.xml"),
            "<a>\n<annotation><mention id=\"I\"/><span start=\"x\" end=\"2\"/></annotation></a>",
        )
        .expect_err("bad span");
        assert!(err.to_string().starts_with("t.xml:2:"), "{err}");
    }
}
