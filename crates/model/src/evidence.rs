//! The evidence a claim rests on: tier, score, certainty and the breakdown
//! that explains them. Computed by `briefing-evidence`.

use serde::{Deserialize, Serialize};

/// Evidence tiers, weakest first. Finer than GRADE or the Oxford levels:
/// cell and animal work are split by what was studied.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// The claim cites nothing.
    #[default]
    Uncited,
    /// The claim cites references without a stated design.
    ReviewAssertion,
    InVitroCellLine,
    PrimaryCellsOrOrganoids,
    /// Rodents and other small-animal models (and animal work whose species
    /// is not stated).
    RodentModel,
    /// Pigs, sheep, dogs, non-human primates and other large animals.
    LargeAnimal,
    CaseReportOrSeries,
    ObservationalCohort,
    /// Phase I or I/II trials, and trials whose phase is not stated.
    EarlyPhaseTrial,
    PhaseII,
    /// Phase III trials and randomized controlled trials.
    PhaseIIIOrRct,
    SystematicReviewOrMetaAnalysis,
}

impl Tier {
    /// Every tier, weakest first.
    pub const ALL: [Tier; 12] = [
        Tier::Uncited,
        Tier::ReviewAssertion,
        Tier::InVitroCellLine,
        Tier::PrimaryCellsOrOrganoids,
        Tier::RodentModel,
        Tier::LargeAnimal,
        Tier::CaseReportOrSeries,
        Tier::ObservationalCohort,
        Tier::EarlyPhaseTrial,
        Tier::PhaseII,
        Tier::PhaseIIIOrRct,
        Tier::SystematicReviewOrMetaAnalysis,
    ];

    /// The serialized name (`rodent_model`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Tier::Uncited => "uncited",
            Tier::ReviewAssertion => "review_assertion",
            Tier::InVitroCellLine => "in_vitro_cell_line",
            Tier::PrimaryCellsOrOrganoids => "primary_cells_or_organoids",
            Tier::RodentModel => "rodent_model",
            Tier::LargeAnimal => "large_animal",
            Tier::CaseReportOrSeries => "case_report_or_series",
            Tier::ObservationalCohort => "observational_cohort",
            Tier::EarlyPhaseTrial => "early_phase_trial",
            Tier::PhaseII => "phase_ii",
            Tier::PhaseIIIOrRct => "phase_iii_or_rct",
            Tier::SystematicReviewOrMetaAnalysis => "systematic_review_or_meta_analysis",
        }
    }

    /// True for tiers whose evidence comes from patients (case reports and
    /// up), as opposed to cells, animals or bare assertions.
    pub fn is_clinical(&self) -> bool {
        *self >= Tier::CaseReportOrSeries
    }
}

impl std::fmt::Display for Tier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A GRADE-like certainty grade.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    #[default]
    VeryLow,
    Low,
    Moderate,
    High,
}

impl Certainty {
    /// Every grade, lowest first.
    pub const ALL: [Certainty; 4] = [
        Certainty::VeryLow,
        Certainty::Low,
        Certainty::Moderate,
        Certainty::High,
    ];

    /// The serialized name (`very_low`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Certainty::VeryLow => "very_low",
            Certainty::Low => "low",
            Certainty::Moderate => "moderate",
            Certainty::High => "high",
        }
    }

    /// 0 for very low up to 3 for high.
    pub fn level(&self) -> u8 {
        match self {
            Certainty::VeryLow => 0,
            Certainty::Low => 1,
            Certainty::Moderate => 2,
            Certainty::High => 3,
        }
    }

    /// The grade of a level; levels above 3 are high.
    pub fn from_level(level: u8) -> Certainty {
        match level {
            0 => Certainty::VeryLow,
            1 => Certainty::Low,
            2 => Certainty::Moderate,
            _ => Certainty::High,
        }
    }
}

impl std::fmt::Display for Certainty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
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
    /// The normalized claim this evidence is about: claims with the same key
    /// (in a document, or across a corpus) share their evidence.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    /// Ids of every claim merged under [`Evidence::key`] (this one included),
    /// in document order. Empty when the claim stands alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<String>,
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
