//! Claims (mechanisms, outcomes, bottlenecks, strategies) and the cues that
//! qualify them.

use serde::{Deserialize, Serialize};

use crate::{EntityType, Evidence};

/// What a claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimCategory {
    /// How something acts: "MSCs secrete HGF".
    Mechanism,
    /// An efficacy or safety finding.
    Outcome,
    /// A limitation, challenge, risk or unmet need.
    Bottleneck,
    /// An emerging or proposed approach, a future direction.
    Strategy,
}

impl ClaimCategory {
    pub const ALL: [ClaimCategory; 4] = [
        ClaimCategory::Mechanism,
        ClaimCategory::Outcome,
        ClaimCategory::Bottleneck,
        ClaimCategory::Strategy,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            ClaimCategory::Mechanism => "mechanism",
            ClaimCategory::Outcome => "outcome",
            ClaimCategory::Bottleneck => "bottleneck",
            ClaimCategory::Strategy => "strategy",
        }
    }
}

/// A claim found in a sentence or clause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// `C1`, `C2`, ... in document order.
    pub id: String,
    pub category: ClaimCategory,
    /// The claim's own text: the clause, or the sentence.
    pub text: String,
    /// Byte offsets of `text` in the document.
    pub start: usize,
    pub end: usize,
    /// The sentence the claim comes from.
    pub sentence: SentenceRef,
    /// For mechanisms: agent, relation and target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Argument>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<Relation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<Argument>,
    /// For lists ("A, B and C remain major bottlenecks"): the items.
    #[serde(default)]
    pub items: Vec<String>,
    pub hedged: bool,
    pub negated: bool,
    /// The hedging and negation cue words that apply to the claim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cues: Vec<String>,
    #[serde(default)]
    pub study: Study,
    /// Ids of the references the sentence cites.
    #[serde(default)]
    pub citations: Vec<String>,
    /// Filled by the evidence crate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

/// Points from a claim back to its sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SentenceRef {
    /// The sentence id (`S12`).
    pub id: String,
    /// Index of the section in [`crate::Document::sections`].
    pub section: usize,
    pub start: usize,
    pub end: usize,
}

/// The agent or target of a mechanism.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Argument {
    pub text: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EntityType>,
    /// CURIEs of the entity, where known.
    #[serde(default)]
    pub ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
}

/// The relation of a mechanism.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Relation {
    pub kind: RelationKind,
    /// The word(s) that express it ("secreting", "inhibition of").
    pub text: String,
}

/// Relation types of mechanisms.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// Secretion or release.
    Secretion,
    /// Activation, promotion, induction, stimulation.
    Activation,
    /// Inhibition, suppression.
    Inhibition,
    Degradation,
    Differentiation,
    Polarization,
    /// Regulation, modulation.
    Regulation,
    /// Increase of an amount (upregulation, elevation).
    Increase,
    /// Decrease of an amount (downregulation, reduction).
    Decrease,
    Binding,
    #[default]
    Other,
}

impl RelationKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            RelationKind::Secretion => "secretion",
            RelationKind::Activation => "activation",
            RelationKind::Inhibition => "inhibition",
            RelationKind::Degradation => "degradation",
            RelationKind::Differentiation => "differentiation",
            RelationKind::Polarization => "polarization",
            RelationKind::Regulation => "regulation",
            RelationKind::Increase => "increase",
            RelationKind::Decrease => "decrease",
            RelationKind::Binding => "binding",
            RelationKind::Other => "other",
        }
    }
}

/// The kind of study behind a claim, and its context.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Study {
    pub design: Option<StudyDesign>,
    /// Species studied, with `NCBITaxon:` ids where known.
    #[serde(default)]
    pub species: Vec<Concept>,
    /// Injury or disease models ("CCl4", "bile duct ligation").
    #[serde(default)]
    pub models: Vec<Concept>,
    /// Cell lines, with Cellosaurus ids where known.
    #[serde(default)]
    pub cell_lines: Vec<Concept>,
    /// Clinical trial phase: "I", "I/II", "II", "III", "IV".
    pub phase: Option<String>,
    /// Number of participants or animals.
    pub n: Option<u64>,
    /// Trial registry ids (NCT01234567, ChiCTR...).
    #[serde(default)]
    pub registry_ids: Vec<String>,
}

/// A named thing with optional identifiers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Concept {
    pub name: String,
    #[serde(default)]
    pub ids: Vec<String>,
}

/// Study designs, from bench to meta-analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StudyDesign {
    /// Experiments on cell lines.
    InVitro,
    /// Primary cells.
    PrimaryCells,
    Organoid,
    /// An animal model (the species says which).
    Animal,
    CaseReport,
    CaseSeries,
    /// Cohort, case-control or cross-sectional study.
    Observational,
    /// A clinical trial (the phase says which).
    ClinicalTrial,
    RandomizedControlledTrial,
    SystematicReview,
    MetaAnalysis,
}

/// A hedging or negation cue.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cue {
    pub kind: CueKind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The span the cue applies to (at least its clause).
    pub scope_start: usize,
    pub scope_end: usize,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum CueKind {
    /// Hedging or speculation.
    #[default]
    Hedge,
    Negation,
}
