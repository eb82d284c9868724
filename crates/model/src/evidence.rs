//! The evidence a claim rests on: tier, score, certainty and the breakdown
//! that explains them. Computed by `briefing-evidence`.

use serde::{Deserialize, Serialize};

/// Evidence tiers, weakest first. Finer than GRADE or the Oxford levels:
/// cell and animal work are split by what was studied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// The claim cites nothing.
    #[default]
    Uncited,
    /// The claim cites references without a stated design.
    ReviewAssertion,
    InVitroCellLine,
    PrimaryCellsOrOrganoids,
    RodentModel,
    LargeAnimal,
    CaseReportOrSeries,
    ObservationalCohort,
    /// Phase I or I/II trials.
    EarlyPhaseTrial,
    PhaseII,
    /// Phase III trials and randomized controlled trials.
    PhaseIIIOrRct,
    SystematicReviewOrMetaAnalysis,
}

/// A GRADE-like certainty grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    #[default]
    VeryLow,
    Low,
    Moderate,
    High,
}

/// The score of a claim with everything that went into it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Evidence {
    /// Belief in the claim, in `[0, 1]`.
    pub score: f64,
    pub certainty: Certainty,
    /// The strongest tier among the supporting evidence.
    pub tier: Tier,
    /// Every factor, its value and the evidence items behind it.
    pub breakdown: Vec<Factor>,
}

/// One factor of a score.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Factor {
    /// A stable machine name (`tier_prior`, `hedging`, `independent_refs`...).
    pub name: String,
    pub value: f64,
    /// A short human explanation.
    pub detail: String,
    /// The evidence items behind the factor (reference ids, sentence ids,
    /// claim ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}
