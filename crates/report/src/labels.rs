//! Human labels for the model's enums, in one place so every format says
//! the same thing.

use briefing_model::{Certainty, ClaimCategory, EntityType, RelationKind, StudyDesign, Tier};

/// Every tier, strongest first (the order of tables and charts).
pub(crate) const TIERS_STRONGEST_FIRST: [Tier; 12] = [
    Tier::SystematicReviewOrMetaAnalysis,
    Tier::PhaseIIIOrRct,
    Tier::PhaseII,
    Tier::EarlyPhaseTrial,
    Tier::ObservationalCohort,
    Tier::CaseReportOrSeries,
    Tier::LargeAnimal,
    Tier::RodentModel,
    Tier::PrimaryCellsOrOrganoids,
    Tier::InVitroCellLine,
    Tier::ReviewAssertion,
    Tier::Uncited,
];

/// Every certainty grade, highest first.
pub(crate) const CERTAINTIES_HIGHEST_FIRST: [Certainty; 4] = [
    Certainty::High,
    Certainty::Moderate,
    Certainty::Low,
    Certainty::VeryLow,
];

pub(crate) fn tier_label(tier: Tier) -> &'static str {
    match tier {
        Tier::Uncited => "uncited",
        Tier::ReviewAssertion => "review assertion",
        Tier::InVitroCellLine => "in vitro (cell lines)",
        Tier::PrimaryCellsOrOrganoids => "primary cells / organoids",
        Tier::RodentModel => "rodent models",
        Tier::LargeAnimal => "large animals",
        Tier::CaseReportOrSeries => "case reports / series",
        Tier::ObservationalCohort => "observational studies",
        Tier::EarlyPhaseTrial => "early-phase trials (I, I/II)",
        Tier::PhaseII => "phase II trials",
        Tier::PhaseIIIOrRct => "phase III trials / RCTs",
        Tier::SystematicReviewOrMetaAnalysis => "systematic reviews / meta-analyses",
    }
}

/// Coarse evidence level of a tier, for colouring: `none`, `review`,
/// `preclinical`, `clinical`, `synthesis`.
pub(crate) fn tier_level(tier: Tier) -> &'static str {
    match tier {
        Tier::Uncited => "none",
        Tier::ReviewAssertion => "review",
        Tier::InVitroCellLine
        | Tier::PrimaryCellsOrOrganoids
        | Tier::RodentModel
        | Tier::LargeAnimal => "preclinical",
        Tier::CaseReportOrSeries
        | Tier::ObservationalCohort
        | Tier::EarlyPhaseTrial
        | Tier::PhaseII
        | Tier::PhaseIIIOrRct => "clinical",
        Tier::SystematicReviewOrMetaAnalysis => "synthesis",
    }
}

pub(crate) fn certainty_label(c: Certainty) -> &'static str {
    match c {
        Certainty::VeryLow => "very low",
        Certainty::Low => "low",
        Certainty::Moderate => "moderate",
        Certainty::High => "high",
    }
}

/// GRADE's symbols: one filled circle per level.
pub(crate) fn certainty_symbol(c: Certainty) -> &'static str {
    match c {
        Certainty::VeryLow => "●○○○",
        Certainty::Low => "●●○○",
        Certainty::Moderate => "●●●○",
        Certainty::High => "●●●●",
    }
}

pub(crate) fn certainty_level(c: Certainty) -> u8 {
    match c {
        Certainty::VeryLow => 1,
        Certainty::Low => 2,
        Certainty::Moderate => 3,
        Certainty::High => 4,
    }
}

pub(crate) fn category_key(c: ClaimCategory) -> &'static str {
    c.as_str()
}

pub(crate) fn category_plural(c: ClaimCategory) -> &'static str {
    match c {
        ClaimCategory::Mechanism => "Mechanisms",
        ClaimCategory::Outcome => "Outcomes",
        ClaimCategory::Bottleneck => "Bottlenecks",
        ClaimCategory::Strategy => "Emerging strategies",
    }
}

/// The verb of a relation, as the table and the graph's legend print it.
pub(crate) fn relation_verb(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Secretion => "secretes",
        RelationKind::Activation => "activates",
        RelationKind::Inhibition => "inhibits",
        RelationKind::Degradation => "degrades",
        RelationKind::Differentiation => "differentiates into",
        RelationKind::Polarization => "polarizes",
        RelationKind::Regulation => "regulates",
        RelationKind::Increase => "increases",
        RelationKind::Decrease => "decreases",
        RelationKind::Binding => "binds",
        RelationKind::Other => "acts on",
    }
}

/// The effect of a relation on its target: `up`, `down`, `release` or
/// `neutral` (edge colours and arrowheads of the graph).
pub(crate) fn relation_effect(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Activation
        | RelationKind::Increase
        | RelationKind::Differentiation
        | RelationKind::Polarization => "up",
        RelationKind::Inhibition | RelationKind::Decrease | RelationKind::Degradation => "down",
        RelationKind::Secretion => "release",
        RelationKind::Regulation | RelationKind::Binding | RelationKind::Other => "neutral",
    }
}

pub(crate) fn design_label(d: StudyDesign) -> &'static str {
    match d {
        StudyDesign::InVitro => "in vitro",
        StudyDesign::PrimaryCells => "primary cells",
        StudyDesign::Organoid => "organoids",
        StudyDesign::Animal => "animal study",
        StudyDesign::CaseReport => "case report",
        StudyDesign::CaseSeries => "case series",
        StudyDesign::Observational => "observational study",
        StudyDesign::ClinicalTrial => "clinical trial",
        StudyDesign::RandomizedControlledTrial => "randomized controlled trial",
        StudyDesign::SystematicReview => "systematic review",
        StudyDesign::MetaAnalysis => "meta-analysis",
    }
}

pub(crate) fn entity_type_key(t: EntityType) -> &'static str {
    match t {
        EntityType::Gene => "gene",
        EntityType::Disease => "disease",
        EntityType::Chemical => "chemical",
        EntityType::Species => "species",
        EntityType::CellLine => "cell_line",
        EntityType::CellType => "cell_type",
        EntityType::Other => "other",
    }
}

pub(crate) fn entity_type_label(t: EntityType) -> &'static str {
    match t {
        EntityType::Gene => "Genes and proteins",
        EntityType::Disease => "Diseases",
        EntityType::Chemical => "Chemicals and drugs",
        EntityType::Species => "Species",
        EntityType::CellLine => "Cell lines",
        EntityType::CellType => "Cell types",
        EntityType::Other => "Other entities",
    }
}
