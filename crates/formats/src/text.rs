//! Plain text. The document text is the input itself, byte for byte (a
//! leading byte-order mark aside), so offsets into it are offsets into the
//! file. Paragraphs are runs of lines between blank lines; a short first
//! line is the title; short one-line paragraphs without final punctuation
//! ("Results", "2.1 Mice") are section headings.

use briefing_model::{Document, InputFormat, Passage, Section, SectionKind, Source};

use crate::Read;
use crate::builder::{finish_entities, section_kind};
use crate::error::{Result, check_text};
use crate::markdown::document_id;

pub(crate) fn read(origin: &str, bytes: &[u8]) -> Result<Read> {
    let src = check_text(origin, bytes)?;
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut doc = Document::new("");
    doc.source = Source {
        path: Some(origin.to_owned()),
        format: InputFormat::Text,
        index: None,
    };
    doc.text = src.to_owned();
    let mut first = true;
    for (start, end) in paragraphs(src) {
        let para = &src[start..end];
        let one_line = !para.contains('\n');
        let passage = Passage {
            start,
            end,
            source_offset: Some(char_offset(src, start)),
        };
        if first && one_line && para.len() <= 300 {
            doc.metadata.title = Some(para.trim().to_owned());
            push_section(&mut doc, "Title", SectionKind::Other);
            push_passage(&mut doc, passage);
            // Text before the first heading goes to an untitled section.
            push_section(&mut doc, "", SectionKind::Other);
        } else if one_line && is_heading(para) {
            push_section(&mut doc, para.trim(), section_kind(para));
        } else {
            if doc.sections.is_empty() {
                push_section(&mut doc, "", SectionKind::Other);
            }
            push_passage(&mut doc, passage);
        }
        first = false;
    }
    doc.sections.retain(|s| !s.passages.is_empty());
    finish_entities(&mut doc.entities);
    doc.id = document_id(&doc.metadata, origin);
    Ok(Read {
        document: doc,
        warnings: Vec::new(),
    })
}

fn push_section(doc: &mut Document, title: &str, kind: SectionKind) {
    doc.sections.push(Section {
        title: title.to_owned(),
        kind,
        level: 1,
        ..Section::default()
    });
}

fn push_passage(doc: &mut Document, p: Passage) {
    if let Some(s) = doc.sections.last_mut() {
        s.passages.push(p);
    }
}

fn is_heading(para: &str) -> bool {
    let t = para.trim();
    t.len() <= 100
        && t.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !t.ends_with(['.', ',', ';', ':', '?', '!', ')'])
        && t.split_whitespace().count() <= 12
}

/// Byte ranges of paragraphs, trimmed of surrounding white space.
pub(crate) fn paragraphs(src: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut para: Option<(usize, usize)> = None;
    let mut pos = 0;
    for line in src.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(p) = para.take() {
                out.push(p);
            }
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let s = start + lead;
        let e = start + line.trim_end().len();
        para = Some(match para {
            Some((ps, _)) => (ps, e),
            None => (s, e),
        });
    }
    if let Some(p) = para {
        out.push(p);
    }
    out
}

/// The number of characters before byte `at`.
pub(crate) fn char_offset(s: &str, at: usize) -> usize {
    let prefix = &s.as_bytes()[..at];
    if prefix.is_ascii() {
        at
    } else {
        s[..at].chars().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_text_verbatim_with_sections() {
        let src = "A title line\n\nAbstract\n\nFirst para\nstill first.\n\n  Second para.  \n";
        let r = read("t.txt", src.as_bytes()).unwrap();
        let d = r.document;
        assert_eq!(d.text, src);
        assert_eq!(d.metadata.title.as_deref(), Some("A title line"));
        let titles: Vec<_> = d
            .sections
            .iter()
            .map(|s| (s.title.as_str(), s.kind))
            .collect();
        assert_eq!(
            titles,
            vec![
                ("Title", SectionKind::Other),
                ("Abstract", SectionKind::Abstract)
            ]
        );
        let paras: Vec<_> = d.sections[1]
            .passages
            .iter()
            .map(|p| d.slice(p.span()))
            .collect();
        assert_eq!(paras, vec!["First para\nstill first.", "Second para."]);
    }
}
