//! The BioScope corpus reader: sentences with speculation and negation cues
//! and their scopes (`<xcope>` elements).

use std::path::{Path, PathBuf};

use briefing_model::CueKind;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

/// A BioScope document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BioDoc {
    /// The `DocID` (a PMID or a BMC id).
    pub id: String,
    /// `Biological_abstract`, `Biological_full_article`, ...
    pub kind: String,
    pub sentences: Vec<BioSentence>,
}

/// A sentence with its gold cues and scopes, offsets in bytes of `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BioSentence {
    pub id: String,
    /// The `DocumentPart` type: `Title`, `AbstractText`, `Text`, ...
    pub part: String,
    pub text: String,
    pub cues: Vec<BioCue>,
}

/// A gold cue; a discontinuous cue ("either ... or") is one `BioCue` per
/// part, sharing its `scope_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BioCue {
    pub kind: CueKind,
    pub start: usize,
    pub end: usize,
    pub scope_id: String,
    /// The span of the scope the cue heads, when annotated.
    pub scope: Option<(usize, usize)>,
}

impl BioSentence {
    pub fn is_speculative(&self) -> bool {
        self.cues.iter().any(|c| c.kind == CueKind::Hedge)
    }
}

/// Errors reading BioScope.
#[derive(Debug, thiserror::Error)]
pub enum BioscopeError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .filter_map(|a| a.ok())
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
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

/// Reads a BioScope XML file.
pub fn read(path: &Path) -> Result<Vec<BioDoc>, BioscopeError> {
    let xml = std::fs::read_to_string(path).map_err(|source| BioscopeError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse(&xml).map_err(|(pos, message)| BioscopeError::Syntax {
        path: path.to_owned(),
        line: line_of(&xml, pos),
        message,
    })
}

/// Parses BioScope XML; errors carry the byte position.
pub fn parse(xml: &str) -> Result<Vec<BioDoc>, (usize, String)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut docs: Vec<BioDoc> = Vec::new();
    let mut part = String::new();
    let mut in_docid = false;
    let mut sentence: Option<BioSentence> = None;
    // Open cues (kind, start, scope id) and open scopes (id, start).
    let mut open_cue: Option<(CueKind, usize, String)> = None;
    let mut open_scopes: Vec<(String, usize)> = Vec::new();
    let mut scopes: Vec<(String, usize, usize)> = Vec::new();
    loop {
        let pos = reader.buffer_position() as usize;
        let ev = reader.read_event().map_err(|e| (pos, e.to_string()))?;
        match ev {
            Event::Start(e) => match e.name().as_ref() {
                "Document" => docs.push(BioDoc {
                    id: String::new(),
                    kind: attr(&e, "type").unwrap_or_default(),
                    sentences: Vec::new(),
                }),
                "DocID" => in_docid = true,
                "DocumentPart" => part = attr(&e, "type").unwrap_or_default(),
                "sentence" => {
                    sentence = Some(BioSentence {
                        id: attr(&e, "id").unwrap_or_default(),
                        part: part.clone(),
                        text: String::new(),
                        cues: Vec::new(),
                    });
                    scopes.clear();
                    open_scopes.clear();
                }
                "xcope" => {
                    let at = sentence.as_ref().map(|s| s.text.len()).unwrap_or(0);
                    open_scopes.push((attr(&e, "id").unwrap_or_default(), at));
                }
                "cue" => {
                    let kind = match attr(&e, "type").as_deref() {
                        Some("speculation") => CueKind::Hedge,
                        Some("negation") => CueKind::Negation,
                        other => return Err((pos, format!("unknown cue type {other:?}"))),
                    };
                    let at = sentence.as_ref().map(|s| s.text.len()).unwrap_or(0);
                    open_cue = Some((kind, at, attr(&e, "ref").unwrap_or_default()));
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "DocID" => in_docid = false,
                "cue" => {
                    if let (Some((kind, start, scope_id)), Some(s)) =
                        (open_cue.take(), sentence.as_mut())
                    {
                        s.cues.push(BioCue {
                            kind,
                            start,
                            end: s.text.len(),
                            scope_id,
                            scope: None,
                        });
                    }
                }
                "xcope" => {
                    if let (Some((id, start)), Some(s)) = (open_scopes.pop(), sentence.as_ref()) {
                        scopes.push((id, start, s.text.len()));
                    }
                }
                "sentence" => {
                    if let Some(mut s) = sentence.take() {
                        for c in &mut s.cues {
                            c.scope = scopes
                                .iter()
                                .find(|(id, _, _)| *id == c.scope_id)
                                .map(|&(_, a, b)| (a, b));
                        }
                        match docs.last_mut() {
                            Some(d) => d.sentences.push(s),
                            None => return Err((pos, "sentence outside a Document".to_owned())),
                        }
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                let text = t.xml_content(XmlVersion::Implicit1_0);
                if in_docid {
                    if let Some(d) = docs.last_mut() {
                        d.id.push_str(text.trim());
                    }
                } else if let Some(s) = sentence.as_mut() {
                    s.text.push_str(&text);
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.xml_content(XmlVersion::Implicit1_0).as_ref() {
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "amp" => Some('&'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        other => return Err((pos, format!("unknown entity &{other};"))),
                    },
                };
                if let (Some(c), Some(s)) = (c, sentence.as_mut()) {
                    s.text.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_and_scopes() {
        let xml = r#"<Annotation><DocumentSet><Document type="Biological_abstract"><DocID type="PMID">1</DocID>
<DocumentPart type="AbstractText"><sentence id="S1.1">These &amp; <xcope id="X1"><cue type="speculation" ref="X1">suggest that</cue> X is <xcope id="X2"><cue type="negation" ref="X2">not</cue> Y</xcope></xcope>.</sentence></DocumentPart></Document></DocumentSet></Annotation>"#;
        let docs = parse(xml).expect("parses");
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].id, "1");
        let s = &docs[0].sentences[0];
        assert_eq!(s.text, "These & suggest that X is not Y.");
        let shown: Vec<(String, String)> = s
            .cues
            .iter()
            .map(|c| {
                let (a, b) = c.scope.expect("scope");
                (s.text[c.start..c.end].to_owned(), s.text[a..b].to_owned())
            })
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "suggest that".to_owned(),
                    "suggest that X is not Y".to_owned()
                ),
                ("not".to_owned(), "not Y".to_owned())
            ]
        );
        assert!(s.is_speculative());
    }

    #[test]
    fn bad_xml_is_an_error_with_position() {
        assert!(parse("<Annotation><sentence>x</sentence></Annotation>").is_err());
    }
}
