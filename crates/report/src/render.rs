//! Building briefings from documents, and rendering them.

use std::path::Path;

use briefing_model::{ClaimCategory, Document};
use serde::Serialize;

use crate::error::{Error, ErrorKind};
use crate::index::{DocIndex, Targets};
use crate::labels;
use crate::links;
use crate::plugin::{PLUGIN_SCHEMA, Plan, SectionContext};
use crate::templates::{TemplateFormat, Templates};
use crate::typst::Typst;
use crate::view::{
    BRIEFING_SCHEMA, Briefing, Count, DocumentInfo, Link, SectionBody, SectionOutput, SourceEntry,
    Sources,
};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Markdown,
    Html,
    Typst,
    Json,
    Pdf,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Markdown,
        Format::Html,
        Format::Typst,
        Format::Json,
        Format::Pdf,
    ];

    /// The file extension (`md`, `html`, `typ`, `json`, `pdf`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Typst => "typ",
            Format::Json => "json",
            Format::Pdf => "pdf",
        }
    }

    /// The name on the command line (`md`, `html`, `typst`, `json`, `pdf`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Typst => "typst",
            other => other.extension(),
        }
    }

    /// Parses a format name (`md`/`markdown`, `html`, `typst`/`typ`,
    /// `json`, `pdf`).
    pub fn parse(name: &str) -> Option<Format> {
        Some(match name.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" => Format::Html,
            "typst" | "typ" => Format::Typst,
            "json" => Format::Json,
            "pdf" => Format::Pdf,
            _ => return None,
        })
    }

    fn template(self) -> Option<TemplateFormat> {
        match self {
            Format::Markdown => Some(TemplateFormat::Markdown),
            Format::Html => Some(TemplateFormat::Html),
            Format::Typst | Format::Pdf => Some(TemplateFormat::Typst),
            Format::Json => None,
        }
    }
}

/// Builds and renders briefings: the resolved sections and the templates.
/// Share one between threads; it holds no per-document state.
#[derive(Debug, Clone)]
pub struct Reporter {
    plan: Plan,
    templates: Templates,
}

/// What a section template receives.
#[derive(Serialize)]
struct SectionPage<'a> {
    section: &'a SectionOutput,
    document: &'a DocumentInfo,
}

/// What the page template of a format receives.
#[derive(Serialize)]
struct BriefingPage<'a> {
    document: &'a DocumentInfo,
    sections: Vec<RenderedSection<'a>>,
    notes: &'a [String],
    generator: &'static str,
}

#[derive(Serialize)]
struct RenderedSection<'a> {
    name: &'a str,
    title: &'a str,
    anchor: &'a str,
    kind: &'static str,
    /// The section rendered by its own template (already escaped).
    body: String,
}

const GENERATOR: &str = concat!("briefing ", env!("CARGO_PKG_VERSION"));

impl Reporter {
    pub fn new(plan: Plan, templates: Templates) -> Self {
        Reporter { plan, templates }
    }

    /// The sections this reporter builds.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Builds the briefing of one document.
    pub fn briefing(&self, doc: &Document) -> Result<Briefing, Error> {
        let targets = Targets {
            provenance: self.plan.has_builtin("provenance"),
            references: self.plan.has_builtin("references"),
        };
        let index = DocIndex::new(doc, targets);
        let mut sections = Vec::with_capacity(self.plan.sections.len());
        for planned in &self.plan.sections {
            let ctx = SectionContext {
                version: PLUGIN_SCHEMA,
                name: &planned.name,
                document: doc,
                options: &planned.options,
                index: &index,
            };
            let mut out = planned.section.build(&ctx)?;
            out.name = planned.name.clone();
            out.anchor = format!("sec-{}", planned.name);
            sections.push(out);
        }
        Ok(Briefing {
            schema: BRIEFING_SCHEMA,
            document: document_info(doc),
            sections,
            notes: self.plan.notes.clone(),
        })
    }

    /// Builds the briefing of a corpus from the document that merges its
    /// claims, with the list of its documents after the overview.
    pub fn corpus_briefing(
        &self,
        merged: &Document,
        sources: Vec<SourceEntry>,
    ) -> Result<Briefing, Error> {
        let mut briefing = self.briefing(merged)?;
        briefing.document.corpus = true;
        // Provenance says which document each sentence is from.
        for section in &mut briefing.sections {
            if let SectionBody::Provenance(p) = &mut section.body {
                for entry in &mut p.entries {
                    entry.document = crate::corpus::document_of(&entry.sentence_id)
                        .and_then(|i| sources.get(i))
                        .map(|s| s.title.clone());
                }
            }
        }
        let at = briefing
            .sections
            .iter()
            .position(|s| s.name == "overview")
            .map_or(0, |p| p + 1);
        briefing.sections.insert(
            at,
            SectionOutput::new(
                "sources",
                "Documents",
                SectionBody::Sources(Sources { documents: sources }),
            ),
        );
        Ok(briefing)
    }

    /// Renders a briefing with the templates of a format.
    pub fn render(&self, briefing: &Briefing, format: TemplateFormat) -> Result<String, Error> {
        let ext = format.ext();
        let mut sections = Vec::with_capacity(briefing.sections.len());
        for section in &briefing.sections {
            let page = SectionPage {
                section,
                document: &briefing.document,
            };
            let kind = section.template_kind();
            let body = self
                .templates
                .render(format, &format!("sections/{kind}.{ext}"), &page)?;
            sections.push(RenderedSection {
                name: &section.name,
                title: &section.title,
                anchor: &section.anchor,
                kind,
                body,
            });
        }
        let page = BriefingPage {
            document: &briefing.document,
            sections,
            notes: &briefing.notes,
            generator: GENERATOR,
        };
        let mut out = self
            .templates
            .render(format, &format!("briefing.{ext}"), &page)?;
        tidy(&mut out);
        Ok(out)
    }

    /// The briefing as JSON (`briefing/briefing/1`).
    pub fn json(&self, briefing: &Briefing) -> String {
        json_string(briefing)
    }

    /// The bytes of a briefing in any format; PDF needs `typst`.
    pub fn output(
        &self,
        briefing: &Briefing,
        format: Format,
        typst: Option<&Typst>,
    ) -> Result<Vec<u8>, Error> {
        match (format, format.template()) {
            (Format::Json, _) => Ok(self.json(briefing).into_bytes()),
            (Format::Pdf, _) => {
                let source = self.render(briefing, TemplateFormat::Typst)?;
                match typst {
                    Some(t) => t.compile(&source),
                    None => Err(ErrorKind::TypstMissing {
                        program: "typst".to_owned(),
                    }
                    .into()),
                }
            }
            (_, Some(t)) => Ok(self.render(briefing, t)?.into_bytes()),
            (_, None) => Ok(self.json(briefing).into_bytes()),
        }
    }

    /// Renders the index of several briefings (Markdown or HTML).
    pub fn render_index(&self, index: &Index, format: TemplateFormat) -> Result<String, Error> {
        let mut out = self
            .templates
            .render(format, &format!("index.{}", format.ext()), index)?;
        tidy(&mut out);
        Ok(out)
    }
}

impl Plan {
    fn has_builtin(&self, name: &str) -> bool {
        self.sections.iter().any(|p| p.name == name && p.builtin)
    }
}

pub(crate) fn json_string<T: Serialize>(value: &T) -> String {
    // Serializing plain structs of strings and numbers cannot fail.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

/// Folds runs of blank lines left by template logic into one, and ends the
/// file with exactly one newline.
fn tidy(out: &mut String) {
    let mut result = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        result.push_str(line);
        result.push('\n');
    }
    let trimmed = result.trim_end().len();
    result.truncate(trimmed);
    result.push('\n');
    *out = result;
}

/// The bibliographic block of a document.
pub fn document_info(doc: &Document) -> DocumentInfo {
    let m = &doc.metadata;
    let clean = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let authors: Vec<String> = m
        .authors
        .iter()
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect();
    let mut authors_short = authors
        .iter()
        .take(6)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if authors.len() > 6 {
        authors_short.push_str(" et al.");
    }
    let title = clean(&m.title).unwrap_or_else(|| doc.id.clone());
    DocumentInfo {
        id: doc.id.clone(),
        title: title.split_whitespace().collect::<Vec<_>>().join(" "),
        authors,
        authors_short,
        journal: clean(&m.journal),
        date: clean(&m.date),
        doi: clean(&m.doi).map(|d| Link {
            url: links::doi(&d),
            text: d,
        }),
        pmcid: clean(&m.pmcid).map(|d| Link {
            url: links::pmcid(&d),
            text: d,
        }),
        pmid: clean(&m.pmid).map(|d| Link {
            url: links::pmid(&d),
            text: d,
        }),
        keywords: m.keywords.clone(),
        source_name: doc
            .source
            .path
            .as_deref()
            .and_then(|p| Path::new(p).file_name())
            .map(|f| f.to_string_lossy().into_owned()),
        source_format: serde_json::to_value(doc.source.format)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        corpus: false,
    }
}

/// The index of a set of briefings.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Index {
    pub title: String,
    pub entries: Vec<IndexEntry>,
    /// The corpus briefing, when there is one.
    pub corpus: Option<IndexEntry>,
    /// Inputs that could not be briefed.
    pub failures: Vec<IndexFailure>,
    pub generator: &'static str,
}

impl Index {
    pub fn new(title: impl Into<String>) -> Self {
        Index {
            title: title.into(),
            generator: GENERATOR,
            ..Index::default()
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    /// The file stem of the briefing's files.
    pub name: String,
    pub title: String,
    pub id: String,
    pub journal: Option<String>,
    pub date: Option<String>,
    pub claims: usize,
    pub categories: Vec<Count>,
    /// Claims graded moderate or high.
    pub well_supported: usize,
    pub files: Vec<IndexFile>,
    /// The file an HTML index links the title to (the HTML briefing when
    /// there is one).
    pub html_href: Option<String>,
    /// The same for a Markdown index.
    pub md_href: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexFile {
    /// `md`, `html`, ...
    pub format: &'static str,
    /// The file name, relative to the index.
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexFailure {
    pub input: String,
    pub error: String,
}

impl IndexEntry {
    /// The index line of a document whose briefing files are
    /// `<name>.<ext>` for each format.
    pub fn new(doc: &Document, name: &str, formats: &[Format]) -> Self {
        let info = document_info(doc);
        let claims = distinct_claims(doc);
        let mut entry = IndexEntry {
            name: name.to_owned(),
            title: info.title,
            id: info.id,
            journal: info.journal,
            date: info.date,
            claims: claims.len(),
            categories: ClaimCategory::ALL
                .iter()
                .map(|&c| Count {
                    key: labels::category_key(c),
                    label: labels::category_plural(c),
                    count: claims.iter().filter(|x| x.category == c).count(),
                })
                .collect(),
            well_supported: claims
                .iter()
                .filter(|c| {
                    c.evidence
                        .as_ref()
                        .is_some_and(|e| e.certainty >= briefing_model::Certainty::Moderate)
                })
                .count(),
            files: formats
                .iter()
                .map(|f| IndexFile {
                    format: f.name(),
                    href: format!("{name}.{}", f.extension()),
                })
                .collect(),
            html_href: None,
            md_href: None,
        };
        let pick = |first: Format| {
            [
                first,
                Format::Html,
                Format::Markdown,
                Format::Pdf,
                Format::Json,
                Format::Typst,
            ]
            .into_iter()
            .find(|f| formats.contains(f))
            .map(|f| format!("{name}.{}", f.extension()))
        };
        entry.html_href = pick(Format::Html);
        entry.md_href = pick(Format::Markdown);
        entry
    }
}

/// One claim per merged group (claims sharing `evidence.key`; a claim
/// without a key stands alone), as the briefing counts them.
fn distinct_claims(doc: &Document) -> Vec<&briefing_model::Claim> {
    let mut seen = std::collections::BTreeSet::new();
    doc.claims
        .iter()
        .filter(|c| {
            match c
                .evidence
                .as_ref()
                .map(|e| e.key.as_str())
                .filter(|k| !k.is_empty())
            {
                Some(key) => seen.insert(key),
                None => true,
            }
        })
        .collect()
}

/// The index as JSON.
pub fn index_json(index: &Index) -> String {
    json_string(index)
}
