//! The typed views templates receive: the contract between the sections and
//! the templates, and the shape of the briefing JSON.
//!
//! These types are separate from the model so the model can change without
//! templates breaking silently: a template reads `section.rows`, and the
//! compiler checks that a section fills `rows`. Numbers that templates print
//! come preformatted (`score_text`) so every format prints them alike.

use serde::{Deserialize, Serialize};

use crate::links::IdLink;

/// The schema identifier of the briefing JSON.
pub const BRIEFING_SCHEMA: &str = "briefing/briefing/1";

/// A briefing: the document's bibliographic block and its sections, in order.
#[derive(Debug, Clone, Serialize)]
pub struct Briefing {
    pub schema: &'static str,
    pub document: DocumentInfo,
    pub sections: Vec<SectionOutput>,
    /// Things the reader should know about how the briefing was made (an
    /// optional plugin that was not installed, a corpus input that failed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The document a briefing is about.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocumentInfo {
    pub id: String,
    /// The title, or the id when the input has none.
    pub title: String,
    pub authors: Vec<String>,
    /// "A, B, C et al." (at most six names).
    pub authors_short: String,
    pub journal: Option<String>,
    pub date: Option<String>,
    pub doi: Option<Link>,
    pub pmcid: Option<Link>,
    pub pmid: Option<Link>,
    pub keywords: Vec<String>,
    /// The input's file name (never a directory path).
    pub source_name: Option<String>,
    /// The input format (`seed-markdown`, `jats`, ...).
    pub source_format: String,
    /// True for a corpus briefing merged from several documents.
    pub corpus: bool,
}

/// A piece of text with the address it links to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Link {
    pub text: String,
    pub url: Option<String>,
}

/// One section of a briefing.
#[derive(Debug, Clone, Serialize)]
pub struct SectionOutput {
    /// The section's name in `briefing.toml` (`mechanisms`).
    pub name: String,
    /// Its heading (`Mechanisms`).
    pub title: String,
    /// The fragment id of the heading (`sec-mechanisms`).
    pub anchor: String,
    #[serde(flatten)]
    pub body: SectionBody,
}

impl SectionOutput {
    /// A section of free-form blocks, as external plugins produce.
    pub fn blocks(name: &str, title: impl Into<String>, blocks: Vec<Block>) -> Self {
        SectionOutput::new(name, title, SectionBody::Blocks(Blocks { blocks }))
    }

    pub(crate) fn new(name: &str, title: impl Into<String>, body: SectionBody) -> Self {
        SectionOutput {
            name: name.to_owned(),
            title: title.into(),
            anchor: format!("sec-{}", crate::escape::file_stem(name)),
            body,
        }
    }

    /// The template that renders this section's body: `<format>/sections/<kind>.<ext>`.
    pub fn template_kind(&self) -> &'static str {
        match self.body {
            SectionBody::Overview(_) => "overview",
            SectionBody::Mechanisms(_) => "mechanisms",
            SectionBody::Claims(_) => "claims",
            SectionBody::EvidenceProfile(_) => "evidence",
            SectionBody::Entities(_) => "entities",
            SectionBody::References(_) => "references",
            SectionBody::Provenance(_) => "provenance",
            SectionBody::Sources(_) => "sources",
            SectionBody::Blocks(_) => "blocks",
        }
    }
}

/// The content of a section, by kind.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SectionBody {
    Overview(Overview),
    Mechanisms(Mechanisms),
    /// Outcomes, bottlenecks and emerging strategies.
    Claims(ClaimList),
    EvidenceProfile(EvidenceProfile),
    Entities(EntityIndex),
    References(ReferenceList),
    Provenance(Provenance),
    /// The documents a corpus briefing merges.
    Sources(Sources),
    /// Free-form content from a plugin.
    Blocks(Blocks),
}

/// A link to a claim: its id, and the anchor of its provenance entry when
/// the briefing has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimRef {
    pub id: String,
    pub anchor: Option<String>,
}

/// A link to a reference: its printed label and its anchor in the
/// reference list, when the briefing has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefMark {
    pub id: String,
    pub label: String,
    pub anchor: Option<String>,
}

/// A claim's evidence, ready to print.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    /// False when the claim has not been scored.
    pub scored: bool,
    pub score: Option<f64>,
    /// `0.62`, or `–` when unscored.
    pub score_text: String,
    /// `very_low`, `low`, `moderate`, `high` (empty when unscored).
    pub certainty: &'static str,
    pub certainty_label: &'static str,
    /// `●●●○`.
    pub certainty_symbol: &'static str,
    /// 0 (unscored) to 4 (high).
    pub certainty_level: u8,
    pub tier: &'static str,
    pub tier_label: &'static str,
    /// `none`, `review`, `preclinical`, `clinical`, `synthesis`.
    pub tier_level: &'static str,
}

/// A claim as lists and tables show it.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimView {
    pub claim: ClaimRef,
    /// `mechanism`, `outcome`, `bottleneck`, `strategy`.
    pub category: &'static str,
    pub text: String,
    /// For list claims ("A, B and C remain bottlenecks"): the items.
    pub items: Vec<String>,
    pub hedged: bool,
    pub negated: bool,
    pub cues: Vec<String>,
    pub grade: Grade,
    /// The other statements of the same claim (merged under one evidence
    /// key), in document order.
    pub also: Vec<ClaimRef>,
    /// "rodent models; mouse; CCl4; n = 40", empty when nothing is known.
    pub study: String,
    /// Trial registry ids with links.
    pub registry: Vec<IdLink>,
    pub citations: Vec<RefMark>,
}

/// The overview section.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// Rows of the metadata table (`Journal`, `Published`, `DOI`, ...).
    pub metadata: Vec<MetaRow>,
    pub tldr: Option<String>,
    /// The summary paragraph: the highest-scored claims, one per point.
    pub summary: Vec<SummaryPoint>,
    /// Key figures (`Claims`, `Mechanisms`, ...).
    pub figures: Vec<Figure>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetaRow {
    pub label: &'static str,
    pub value: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryPoint {
    /// `Mechanisms`, `Outcomes`, ...
    pub lead: &'static str,
    /// True for the first point of its lead (templates print the lead once).
    pub first_of_lead: bool,
    /// The claim's text as a sentence of the paragraph: capitalized, with
    /// its final stop.
    pub text: String,
    pub claim: ClaimView,
}

#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub label: &'static str,
    pub value: String,
}

/// The mechanisms section: the table and the graph.
#[derive(Debug, Clone, Serialize)]
pub struct Mechanisms {
    pub rows: Vec<MechanismRow>,
    pub graph: Option<Graph>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MechanismRow {
    /// Agent, or `None` when the claim has no recognised agent.
    pub agent: Option<Participant>,
    pub relation: RelationView,
    pub target: Option<Participant>,
    /// The claim with its grade (the text is shown when there is no
    /// structure).
    pub claim: ClaimView,
}

#[derive(Debug, Clone, Serialize)]
pub struct Participant {
    pub text: String,
    /// `Gene`, `CellType`, ... when known.
    pub entity_type: Option<&'static str>,
    pub ids: Vec<IdLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelationView {
    /// `secretion`, `inhibition`, ...
    pub kind: &'static str,
    /// `secretes`, `inhibits`, ...
    pub verb: &'static str,
    /// `up`, `down`, `release`, `neutral`.
    pub effect: &'static str,
    /// The words of the text that express it.
    pub text: String,
}

/// The mechanism graph, drawn in SVG (HTML, PDF) and as Mermaid
/// (Markdown).
#[derive(Debug, Clone, Serialize)]
pub struct Graph {
    pub svg: String,
    pub mermaid: String,
    pub nodes: usize,
    pub edges: usize,
    /// Edges in the document, before the graph's limit.
    pub total_edges: usize,
    /// "SVG width / height", for templates that size the figure.
    pub width: u32,
    pub height: u32,
    /// The width, in percent of the text width, at which the graph fits on
    /// an A4 page (PDF).
    pub fit_percent: u32,
}

/// Outcomes, bottlenecks, emerging strategies.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimList {
    pub category: &'static str,
    pub claims: Vec<ClaimView>,
    /// True when list items ("A, B and C") should be shown.
    pub has_items: bool,
}

/// The evidence profile: claims per tier and certainty.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceProfile {
    /// Distinct claims (statements of the same claim merged).
    pub total: usize,
    /// Statements: every claim as found in the text.
    pub statements: usize,
    pub scored: usize,
    pub hedged: usize,
    pub negated: usize,
    /// Certainty columns, highest first.
    pub certainties: Vec<Count>,
    /// One row per tier that has claims, strongest first.
    pub tiers: Vec<TierRow>,
    /// Claims per category.
    pub categories: Vec<Count>,
    /// A horizontal stacked bar chart of `tiers`.
    pub chart_svg: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub key: &'static str,
    pub label: &'static str,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TierRow {
    pub tier: &'static str,
    pub label: &'static str,
    pub level: &'static str,
    /// Per certainty, in the order of [`EvidenceProfile::certainties`].
    pub counts: Vec<usize>,
    /// Claims of this tier that are not scored.
    pub unscored: usize,
    pub total: usize,
}

/// The entity index.
#[derive(Debug, Clone, Serialize)]
pub struct EntityIndex {
    pub groups: Vec<EntityGroup>,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityGroup {
    /// `gene`, `disease`, ...
    pub kind: &'static str,
    pub label: &'static str,
    pub entries: Vec<EntityEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityEntry {
    /// The most frequent form in the text (or the listed form).
    pub name: String,
    /// The concept's preferred name, when it differs from `name`.
    pub preferred: Option<String>,
    /// Other forms found in the text.
    pub forms: Vec<String>,
    pub ids: Vec<IdLink>,
    /// Mentions in the text (0 for entities the input only lists).
    pub mentions: usize,
}

/// The reference list with the claims that cite each reference.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceList {
    pub entries: Vec<ReferenceEntry>,
    /// References cited by at least one claim.
    pub cited: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReferenceEntry {
    pub mark: RefMark,
    /// The formatted citation: "Authors (year). Title. Journal."
    pub citation: String,
    pub doi: Option<Link>,
    pub pmid: Option<Link>,
    pub pmcid: Option<Link>,
    pub cited_by: Vec<ClaimRef>,
}

/// Provenance: every claim, its sentence and its references.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    pub entries: Vec<ProvenanceEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProvenanceEntry {
    pub claim: ClaimView,
    /// The anchor of this entry.
    pub anchor: String,
    pub sentence_id: String,
    /// The title of the section the sentence is in.
    pub section: String,
    pub sentence: String,
    /// For corpus briefings: the document the sentence is from.
    pub document: Option<String>,
    /// True when the claim is the whole sentence (templates print it once).
    pub claim_is_sentence: bool,
    /// For mechanisms with an agent and a target: who does what to whom.
    pub mechanism: Option<MechanismLine>,
    /// For a statement merged with others: the statement whose entry lists
    /// the shared evidence's factors.
    pub evidence_of: Option<ClaimRef>,
    pub factors: Vec<FactorView>,
}

/// A mechanism in one line: agent, relation verb, target.
#[derive(Debug, Clone, Serialize)]
pub struct MechanismLine {
    pub agent: String,
    pub verb: &'static str,
    /// `up`, `down`, `release`, `neutral`.
    pub effect: &'static str,
    pub target: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FactorView {
    pub name: String,
    pub value_text: String,
    pub detail: String,
    pub items: Vec<String>,
}

/// The documents behind a corpus briefing.
#[derive(Debug, Clone, Serialize)]
pub struct Sources {
    pub documents: Vec<SourceEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceEntry {
    pub id: String,
    pub title: String,
    pub journal: Option<String>,
    pub date: Option<String>,
    pub claims: usize,
    /// The briefing file of this document, relative to the corpus briefing.
    pub href: Option<String>,
}

/// Free-form content, for plugins.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blocks {
    pub blocks: Vec<Block>,
}

/// A block of plugin content. All text is plain text: templates escape it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Block {
    Paragraph {
        text: String,
    },
    List {
        items: Vec<String>,
    },
    Table {
        columns: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    Note {
        text: String,
    },
}
