//! Building a [`Document`] passage by passage, so every reader lays out the
//! text, sections and offsets the same way.

use briefing_model::{
    Citation, Document, Entity, Figure, InputFormat, Passage, Reference, Section, SectionKind,
    Source, Span,
};

/// Text between two passages of [`Document::text`] (readers without their
/// own coordinates).
pub(crate) const PASSAGE_SEPARATOR: &str = "\n\n";

/// The kind of a section from its title ("2. Materials and Methods" is
/// `methods`). Titles it does not know are `other`.
pub fn section_kind(title: &str) -> SectionKind {
    let t = title.to_lowercase();
    let t = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c.is_whitespace());
    let has = |words: &[&str]| {
        words
            .iter()
            .any(|w| t.starts_with(w) || t.contains(&format!(" {w}")))
    };
    if t.starts_with("abstract") {
        SectionKind::Abstract
    } else if has(&[
        "tl;dr",
        "key finding",
        "highlight",
        "contribution",
        "take-home",
        "key point",
        "plain language summary",
        "author summary",
        "digest",
    ]) {
        SectionKind::Summary
    } else if has(&["introduction", "background"]) {
        SectionKind::Introduction
    } else if has(&[
        "method",
        "materials",
        "experimental procedure",
        "study design",
        "patients and",
    ]) {
        SectionKind::Methods
    } else if has(&["result"]) {
        SectionKind::Results
    } else if has(&["discussion"]) {
        SectionKind::Discussion
    } else if has(&[
        "conclusion",
        "concluding",
        "future perspective",
        "outlook",
        "closing remarks",
    ]) {
        SectionKind::Conclusion
    } else {
        SectionKind::Other
    }
}

#[derive(Debug)]
pub(crate) struct Builder {
    pub doc: Document,
    /// Index of the section passages go to.
    current: Option<usize>,
    /// Start of the passage being written, if one is open.
    open: Option<(usize, Option<usize>)>,
    /// A space is owed before the next non-space text of the open passage.
    pending_space: bool,
}

impl Builder {
    pub fn new(id: impl Into<String>, format: InputFormat, origin: &str) -> Self {
        let mut doc = Document::new(id);
        doc.source = Source {
            path: Some(origin.to_owned()),
            format,
            index: None,
        };
        Builder {
            doc,
            current: None,
            open: None,
            pending_space: false,
        }
    }

    /// Opens a section at `level` (1 = top level); later passages go into it.
    pub fn section(&mut self, title: &str, level: u8) -> usize {
        self.section_of_kind(title, level, section_kind(title))
    }

    pub fn section_of_kind(&mut self, title: &str, level: u8, kind: SectionKind) -> usize {
        self.end_passage();
        let level = level.max(1);
        let parent = self.doc.sections.iter().rposition(|s| s.level < level);
        self.doc.sections.push(Section {
            title: collapse_whitespace(title),
            kind,
            level,
            parent,
            passages: Vec::new(),
            sentences: Vec::new(),
        });
        let i = self.doc.sections.len() - 1;
        self.current = Some(i);
        i
    }

    /// The index of the section passages go to.
    pub fn current_section(&self) -> Option<usize> {
        self.current
    }

    /// Makes section `i` current again (after a nested one closed).
    pub fn resume(&mut self, i: Option<usize>) {
        self.end_passage();
        self.current = i;
    }

    /// Starts a passage; text pushed with [`push`](Self::push) has its white
    /// space collapsed.
    pub fn begin_passage(&mut self, source_offset: Option<usize>) {
        self.end_passage();
        if self.current.is_none() {
            self.section_of_kind("", 1, SectionKind::Other);
        }
        self.open = Some((usize::MAX, source_offset));
        self.pending_space = false;
    }

    fn start_text(&mut self) {
        if let Some((start, _)) = &mut self.open {
            if *start == usize::MAX {
                if !self.doc.text.is_empty() {
                    self.doc.text.push_str(PASSAGE_SEPARATOR);
                }
                *start = self.doc.text.len();
                self.pending_space = false;
            }
        }
    }

    /// Appends text to the open passage, collapsing runs of white space to
    /// one space and dropping it at the passage's edges.
    pub fn push(&mut self, text: &str) {
        if self.open.is_none() {
            self.begin_passage(None);
        }
        for (i, piece) in text.split(|c: char| c.is_whitespace()).enumerate() {
            if i > 0 {
                self.pending_space = true;
            }
            if piece.is_empty() {
                continue;
            }
            self.start_text();
            if self.pending_space && !self.at_passage_start() {
                self.doc.text.push(' ');
            }
            self.pending_space = false;
            self.doc.text.push_str(piece);
        }
    }

    fn at_passage_start(&self) -> bool {
        matches!(self.open, Some((s, _)) if s == self.doc.text.len())
    }

    /// Appends a citation marker ("[12]") pointing to `refs`.
    pub fn push_citation(&mut self, marker: &str, refs: Vec<String>) {
        let marker = collapse_whitespace(marker);
        if marker.is_empty() {
            return;
        }
        self.push(&marker);
        let end = self.doc.text.len();
        let start = end - marker.len();
        if !refs.is_empty() {
            self.doc.citations.push(Citation { start, end, refs });
        }
    }

    /// Closes the open passage, if any; an empty passage is dropped.
    pub fn end_passage(&mut self) -> Option<Span> {
        let (start, source_offset) = self.open.take()?;
        self.pending_space = false;
        if start == usize::MAX {
            return None;
        }
        let end = self.doc.text.len();
        let section = self.current?;
        self.doc.sections[section].passages.push(Passage {
            start,
            end,
            source_offset,
        });
        Some(Span::new(start, end))
    }

    /// A whole passage in one go, white space collapsed.
    pub fn passage(&mut self, text: &str) -> Option<Span> {
        self.begin_passage(None);
        self.push(text);
        self.end_passage()
    }

    pub fn figure(&mut self, figure: Figure) {
        self.doc.figures.push(figure);
    }

    pub fn reference(&mut self, reference: Reference) {
        self.doc.references.push(reference);
    }

    pub fn entity(&mut self, entity: Entity) {
        self.doc.entities.push(entity);
    }

    /// The finished document: empty sections dropped (their children keep
    /// the nearest kept ancestor as parent), entities sorted and numbered.
    pub fn finish(mut self) -> Document {
        self.end_passage();
        prune_sections(&mut self.doc.sections);
        finish_entities(&mut self.doc.entities);
        self.doc.citations.sort_by_key(|c| (c.start, c.end));
        self.doc
    }
}

/// Sorts entities (mentions by offsets, document-level ones last, in input
/// order) and numbers them `T1`, `T2`, ...
pub(crate) fn finish_entities(entities: &mut [Entity]) {
    entities.sort_by_key(|e| match (e.start, e.end) {
        (Some(s), Some(e)) => (0, s, e),
        _ => (1, 0, 0),
    });
    for (i, e) in entities.iter_mut().enumerate() {
        e.id = format!("T{}", i + 1);
    }
}

/// Drops sections with no passage in them or in any subsection.
fn prune_sections(sections: &mut Vec<Section>) {
    let n = sections.len();
    let mut keep: Vec<bool> = sections.iter().map(|s| !s.passages.is_empty()).collect();
    for i in (0..n).rev() {
        if keep[i] {
            if let Some(p) = sections[i].parent {
                keep[p] = true;
            }
        }
    }
    let mut new_index = vec![None; n];
    let mut next = 0;
    for i in 0..n {
        if keep[i] {
            new_index[i] = Some(next);
            next += 1;
        }
    }
    let old = std::mem::take(sections);
    for (i, mut s) in old.into_iter().enumerate() {
        if !keep[i] {
            continue;
        }
        // The parent of a kept section is kept (see above), so it maps.
        s.parent = s.parent.and_then(|p| new_index[p]);
        sections.push(s);
    }
}

/// Runs of white space to one space, trimmed.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
