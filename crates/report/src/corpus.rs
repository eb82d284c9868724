//! A corpus as one document: the documents of a run joined so that their
//! claims can be merged and briefed together.
//!
//! [`assemble`] concatenates the texts and shifts every offset, makes one
//! top-level section per document (titled with the document's title) with
//! the document's own sections below it, and prefixes every id with the
//! document's number (`D2.S14`, `D2.C3`, `D2.R7`, `D2.T40`) so ids stay
//! unique and say where they come from. Nothing is dropped or rescored here:
//! merging identical claims is the evidence crate's work, on the result.

use briefing_model::{Document, InputFormat, Metadata, Section, SectionKind, Source};

/// The prefix of document number `i` (0-based): `D1.`, `D2.`, ...
pub fn prefix(i: usize) -> String {
    format!("D{}.", i + 1)
}

/// The document number a prefixed id comes from (0-based), if any.
pub fn document_of(id: &str) -> Option<usize> {
    let rest = id.strip_prefix('D')?;
    let (n, _) = rest.split_once('.')?;
    n.parse::<usize>().ok()?.checked_sub(1)
}

/// Joins documents into one corpus document with the given id and title.
///
/// Ids the evidence crate qualifies by document (`doc-id/C4` in
/// `evidence.mentions` and breakdown items, after
/// `briefing_evidence::Scorer::score_corpus`) become `D<n>.C4` like every
/// other id.
pub fn assemble(id: &str, title: &str, docs: &[Document]) -> Document {
    let qualified = |item: &str, own: &str| -> String {
        for (j, d) in docs.iter().enumerate() {
            if let Some(rest) = item
                .strip_prefix(d.id.as_str())
                .and_then(|r| r.strip_prefix('/'))
            {
                return format!("{}{rest}", prefix(j));
            }
        }
        format!("{own}{item}")
    };
    let mut out = Document::new(id);
    out.source = Source {
        path: None,
        format: InputFormat::Json,
        index: None,
    };
    out.metadata = Metadata {
        title: Some(title.to_owned()),
        ..Metadata::default()
    };
    for (i, doc) in docs.iter().enumerate() {
        let p = prefix(i);
        let pre = |s: &str| format!("{p}{s}");
        if !out.text.is_empty() {
            out.text.push_str("\n\n");
        }
        let shift = out.text.len();
        out.text.push_str(&doc.text);
        let section_shift = out.sections.len() + 1;
        let doc_title = doc
            .metadata
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| doc.id.clone());
        out.sections.push(Section {
            title: doc_title,
            kind: SectionKind::Other,
            level: 1,
            parent: None,
            passages: Vec::new(),
            sentences: Vec::new(),
        });
        let root = section_shift - 1;
        for s in &doc.sections {
            let mut s = s.clone();
            s.level = s.level.saturating_add(1);
            s.parent = Some(s.parent.map_or(root, |p| p + section_shift));
            for passage in &mut s.passages {
                passage.start += shift;
                passage.end += shift;
            }
            for sentence in &mut s.sentences {
                sentence.id = pre(&sentence.id);
                sentence.start += shift;
                sentence.end += shift;
                for c in &mut sentence.citations {
                    *c = pre(c);
                }
            }
            out.sections.push(s);
        }
        for e in &doc.entities {
            let mut e = e.clone();
            e.id = pre(&e.id);
            e.start = e.start.map(|x| x + shift);
            e.end = e.end.map(|x| x + shift);
            out.entities.push(e);
        }
        for a in &doc.abbreviations {
            let mut a = a.clone();
            a.start = a.start.map(|x| x + shift);
            a.end = a.end.map(|x| x + shift);
            out.abbreviations.push(a);
        }
        for c in &doc.cues {
            let mut c = c.clone();
            c.start += shift;
            c.end += shift;
            c.scope_start += shift;
            c.scope_end += shift;
            out.cues.push(c);
        }
        for c in &doc.claims {
            let mut c = c.clone();
            c.id = pre(&c.id);
            c.start += shift;
            c.end += shift;
            c.sentence.id = pre(&c.sentence.id);
            c.sentence.section += section_shift;
            c.sentence.start += shift;
            c.sentence.end += shift;
            for arg in [&mut c.subject, &mut c.object].into_iter().flatten() {
                arg.start = arg.start.map(|x| x + shift);
                arg.end = arg.end.map(|x| x + shift);
            }
            for r in &mut c.citations {
                *r = pre(r);
            }
            if let Some(e) = &mut c.evidence {
                for m in &mut e.mentions {
                    *m = qualified(m, &p);
                }
                for f in &mut e.breakdown {
                    for item in &mut f.items {
                        *item = qualified(item, &p);
                    }
                }
            }
            out.claims.push(c);
        }
        for r in &doc.references {
            let mut r = r.clone();
            r.id = pre(&r.id);
            out.references.push(r);
        }
        for c in &doc.citations {
            let mut c = c.clone();
            c.start += shift;
            c.end += shift;
            for r in &mut c.refs {
                *r = pre(r);
            }
            out.citations.push(c);
        }
        for f in &doc.figures {
            let mut f = f.clone();
            f.id = pre(&f.id);
            if let Some(span) = &mut f.span {
                span.start += shift;
                span.end += shift;
            }
            out.figures.push(f);
        }
    }
    // Document-level entities (no offsets) go last, as in any document.
    out.entities
        .sort_by_key(|e| (e.start.is_none(), e.start, e.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use briefing_model::{Passage, Sentence};

    fn doc(id: &str, text: &str) -> Document {
        let mut d = Document::new(id);
        d.text = text.to_owned();
        d.sections.push(Section {
            title: "Body".into(),
            level: 1,
            passages: vec![Passage {
                start: 0,
                end: text.len(),
                source_offset: None,
            }],
            sentences: vec![Sentence {
                id: "S1".into(),
                text: text.into(),
                start: 0,
                end: text.len(),
                citations: vec!["R1".into()],
            }],
            ..Section::default()
        });
        d
    }

    #[test]
    fn offsets_and_ids_are_shifted() {
        let docs = [doc("a", "First text."), doc("b", "Second text.")];
        let c = assemble("corpus", "Corpus", &docs);
        assert_eq!(c.sections.len(), 4);
        assert_eq!(c.sections[0].title, "a");
        assert_eq!(c.sections[1].parent, Some(0));
        assert_eq!(c.sections[3].parent, Some(2));
        let s = &c.sections[3].sentences[0];
        assert_eq!(s.id, "D2.S1");
        assert_eq!(s.citations, ["D2.R1"]);
        assert_eq!(&c.text[s.start..s.end], "Second text.");
        assert_eq!(document_of("D2.S1"), Some(1));
    }

    #[test]
    fn evidence_ids_qualified_by_document_are_renamed() {
        let mut docs = [doc("a", "First text."), doc("b", "Second text.")];
        let claim = briefing_model::Claim {
            id: "C1".into(),
            category: briefing_model::ClaimCategory::Outcome,
            text: "x".into(),
            start: 0,
            end: 1,
            sentence: Default::default(),
            subject: None,
            relation: None,
            object: None,
            items: vec![],
            hedged: false,
            negated: false,
            cues: vec![],
            study: Default::default(),
            citations: vec![],
            evidence: Some(briefing_model::Evidence {
                mentions: vec!["a/C1".into(), "b/C1".into()],
                breakdown: vec![briefing_model::Factor {
                    items: vec!["b/R2".into(), "S1".into()],
                    ..Default::default()
                }],
                ..Default::default()
            }),
        };
        docs[1].claims.push(claim);
        let c = assemble("corpus", "Corpus", &docs);
        let e = c.claims[0].evidence.as_ref().unwrap();
        assert_eq!(e.mentions, ["D1.C1", "D2.C1"]);
        assert_eq!(e.breakdown[0].items, ["D2.R2", "D2.S1"]);
        assert_eq!(document_of("S1"), None);
    }
}
