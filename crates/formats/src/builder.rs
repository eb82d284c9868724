//! Building a [`Document`] passage by passage, so every reader lays out the
//! text, sections and offsets the same way.

use briefing_model::{
    Citation, Document, Entity, Figure, InputFormat, Passage, Reference, Section, SectionKind,
    Source, Span,
};

/// Text between two passages of [`Document::text`] (readers without their
/// own coordinates).
pub(crate) const PASSAGE_SEPARATOR: &str = "\n\n";

/// The kind of a section from its title, word by word: "2. Materials and
/// Methods" is `methods`, "Results and Discussion" `results`, "Introduction
/// to fibrosis" `introduction`. A title names a kind when it is made of
/// heading phrases alone ("Background", "Conclusions/Significance",
/// "Patients and methods", "Key findings"), or when it starts with one of
/// the main heading words (abstract, introduction, methods, results,
/// discussion, conclusions), or is short and ends with one ("Model and
/// results"). Other titles ("Protein digestion with pepsin", "Authors'
/// contributions", "Mice on a mixed background") are `other`; a nested one
/// takes its parent's kind when built by a reader.
pub fn section_kind(title: &str) -> SectionKind {
    let lower = title.to_lowercase();
    let mut words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // Numbering: "2.", "2.1", "IV.", "A." (with more words after it).
    let numbering = |w: &str| {
        w.bytes().all(|b| b.is_ascii_digit())
            || matches!(
                w,
                "i" | "ii" | "iii" | "iv" | "v" | "vi" | "vii" | "viii" | "ix" | "x"
            )
    };
    while words.len() > 1 && numbering(words[0]) {
        words.remove(0);
    }
    let mut kinds = Vec::new();
    let mut covered = true;
    let mut at = 0;
    while at < words.len() {
        let rest = &words[at..];
        let longest = HEADINGS
            .iter()
            .filter(|h| rest.starts_with(h.words))
            .max_by_key(|h| h.words.len());
        if let Some(h) = longest {
            kinds.push((at, h));
            at += h.words.len();
        } else {
            covered &= CONNECTORS.contains(&rest[0]);
            at += 1;
        }
    }
    match kinds.first() {
        // Made of heading phrases: the first names the kind, except that a
        // summary gives way to any other ("Summary and outlook").
        Some((_, first)) if covered => kinds
            .iter()
            .map(|(_, h)| h.kind)
            .find(|k| *k != SectionKind::Summary)
            .unwrap_or(first.kind),
        // Led by a main heading word: "Results of the phase II trial".
        Some((0, first)) if first.main => first.kind,
        // A short title ending with one: "Model and results".
        _ => match kinds.last() {
            Some((at, last))
                if last.main && words.len() <= 3 && at + last.words.len() == words.len() =>
            {
                last.kind
            }
            _ => SectionKind::Other,
        },
    }
}

/// A phrase that names a kind of section, as lower-case words.
struct Heading {
    words: &'static [&'static str],
    kind: SectionKind,
    /// A main heading word names the kind even when more words follow it.
    main: bool,
}

const fn h(words: &'static [&'static str], kind: SectionKind, main: bool) -> Heading {
    Heading { words, kind, main }
}

/// Words that join or qualify heading phrases ("Materials and Methods",
/// "General discussion", "Summary and outlook") without naming a kind.
const CONNECTORS: &[&str] = &[
    "a",
    "additional",
    "an",
    "and",
    "brief",
    "further",
    "general",
    "main",
    "of",
    "or",
    "summary",
    "supplementary",
    "the",
];

const HEADINGS: &[Heading] = {
    use SectionKind::*;
    &[
        h(&["abstract"], Abstract, true),
        h(&["tl", "dr"], Summary, false),
        h(&["tldr"], Summary, false),
        h(&["author", "summary"], Summary, false),
        h(&["lay", "summary"], Summary, false),
        h(&["plain", "language", "summary"], Summary, false),
        h(&["digest"], Summary, false),
        h(&["elife", "digest"], Summary, false),
        h(&["synopsis"], Summary, false),
        h(&["highlights"], Summary, false),
        h(&["key", "findings"], Summary, false),
        h(&["key", "finding"], Summary, false),
        h(&["key", "points"], Summary, false),
        h(&["key", "messages"], Summary, false),
        h(&["take", "home", "message"], Summary, false),
        h(&["take", "home", "messages"], Summary, false),
        h(&["contribution"], Summary, false),
        h(&["contributions"], Summary, false),
        h(&["significance", "statement"], Summary, false),
        h(&["introduction"], Introduction, true),
        h(&["background"], Introduction, false),
        h(&["methods"], Methods, true),
        h(&["method"], Methods, true),
        h(&["methodology"], Methods, true),
        h(&["materials"], Methods, false),
        h(&["material"], Methods, false),
        h(&["experimental"], Methods, false),
        h(&["experimental", "procedures"], Methods, true),
        h(&["experimental", "procedure"], Methods, true),
        h(&["procedures"], Methods, false),
        h(&["patients"], Methods, false),
        h(&["subjects"], Methods, false),
        h(&["participants"], Methods, false),
        h(&["design"], Methods, false),
        h(&["setting"], Methods, false),
        h(&["study", "design"], Methods, false),
        h(&["study", "population"], Methods, false),
        h(&["statistical", "analysis"], Methods, false),
        h(&["statistical", "analyses"], Methods, false),
        h(&["statistics"], Methods, false),
        h(&["results"], Results, true),
        h(&["result"], Results, true),
        h(&["findings"], Results, false),
        h(&["principal", "findings"], Results, false),
        h(&["discussion"], Discussion, true),
        h(&["conclusion"], Conclusion, true),
        h(&["conclusions"], Conclusion, true),
        h(&["concluding", "remarks"], Conclusion, false),
        h(&["closing", "remarks"], Conclusion, false),
        h(&["final", "remarks"], Conclusion, false),
        h(&["outlook"], Conclusion, false),
        h(&["perspective"], Conclusion, false),
        h(&["perspectives"], Conclusion, false),
        h(&["future", "perspectives"], Conclusion, false),
        h(&["future", "directions"], Conclusion, false),
        h(&["future", "prospects"], Conclusion, false),
        h(&["significance"], Conclusion, false),
        h(&["implications"], Conclusion, false),
    ]
};

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

    /// Opens a section at `level` (1 = top level); later passages go into
    /// it. Its kind comes from its title, or from its parent section when
    /// the title names none ("Protein digestion" under "Methods").
    pub fn section(&mut self, title: &str, level: u8) -> usize {
        let kind = match section_kind(title) {
            SectionKind::Other => self
                .doc
                .sections
                .iter()
                .rfind(|s| s.level < level.max(1))
                .map_or(SectionKind::Other, |p| p.kind),
            kind => kind,
        };
        self.section_of_kind(title, level, kind)
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
        if let Some((start, _)) = &mut self.open
            && *start == usize::MAX
        {
            if !self.doc.text.is_empty() {
                self.doc.text.push_str(PASSAGE_SEPARATOR);
            }
            *start = self.doc.text.len();
            self.pending_space = false;
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
        if keep[i]
            && let Some(p) = sections[i].parent
        {
            keep[p] = true;
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

#[cfg(test)]
mod tests {
    use super::*;
    use SectionKind::*;

    #[test]
    fn section_kinds_from_titles() {
        for (title, kind) in [
            ("Abstract", Abstract),
            ("2. Materials and Methods", Methods),
            ("MATERIALS AND METHODS", Methods),
            ("IV. Patients and methods", Methods),
            ("Experimental procedures", Methods),
            ("Study design and participants", Methods),
            ("Methodology/Principal Findings", Methods),
            ("Results and Discussion", Results),
            ("Results of the phase II trial", Results),
            ("Model and Results", Results),
            ("Principal findings", Results),
            ("General discussion", Discussion),
            ("Introduction to liver fibrosis", Introduction),
            ("Background", Introduction),
            ("Conclusions/Significance", Conclusion),
            ("Concluding remarks", Conclusion),
            ("Summary and outlook", Conclusion),
            ("Future perspectives", Conclusion),
            ("TL;DR", Summary),
            ("Key findings", Summary),
            ("Take-home messages", Summary),
            ("Contribution", Summary),
            ("eLife digest", Summary),
            ("Author summary", Summary),
            // Heading words inside other titles name no kind.
            ("Protein digestion with pepsin", Other),
            ("Collagenase digestion.", Other),
            ("Authors' contributions", Other),
            ("Author contributions", Other),
            ("Mutant mice on a mixed background live longer", Other),
            ("Background subtraction", Other),
            ("Loss of TSG-6 results in more fibrosis", Other),
            ("Validation of array results by qPCR", Other),
            ("Contribution of HGF to liver repair", Other),
            ("Summary", Other),
            ("Competing interests", Other),
            ("Figures and tables", Other),
            ("", Other),
        ] {
            assert_eq!(section_kind(title), kind, "{title:?}");
        }
    }

    #[test]
    fn nested_sections_inherit_their_parents_kind() {
        let mut b = Builder::new("d", InputFormat::Jats, "d.nxml");
        let methods = b.section("Materials and Methods", 1);
        let digestion = b.section("Protein digestion with pepsin", 2);
        let stats = b.section("Statistical analysis", 2);
        let results = b.section("Results", 1);
        let own = b.section("Principal findings", 2);
        let deeper = b.section("HGF fell", 3);
        let top = b.section("Competing interests", 1);
        let kinds = |i: usize| b.doc.sections[i].kind;
        assert_eq!(kinds(methods), Methods);
        assert_eq!(kinds(digestion), Methods);
        assert_eq!(kinds(stats), Methods);
        assert_eq!(kinds(results), Results);
        assert_eq!(kinds(own), Results);
        assert_eq!(kinds(deeper), Results);
        assert_eq!(kinds(top), Other);
    }
}
