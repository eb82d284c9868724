//! The tier of one statement: from its stated design, species and phase.

use briefing_model::{Concept, Study, StudyDesign, Tier};

use crate::config::Species;

/// The tier of a statement with this study context. `cites` tells whether
/// the statement cites any reference: a statement without a design is a
/// review assertion when it cites something, uncited otherwise.
///
/// Without a stated design, a trial phase or registry id makes it a trial,
/// a cell line in vitro work, and a listed animal species animal work.
pub fn tier_of(study: &Study, cites: bool, species: &Species) -> Tier {
    let animal = || {
        if study
            .species
            .iter()
            .any(|s| is_listed(s, &species.large_animal_ids, &species.large_animal_names))
        {
            Tier::LargeAnimal
        } else {
            Tier::RodentModel
        }
    };
    match study.design {
        Some(StudyDesign::SystematicReview | StudyDesign::MetaAnalysis) => {
            Tier::SystematicReviewOrMetaAnalysis
        }
        Some(StudyDesign::RandomizedControlledTrial) => Tier::PhaseIIIOrRct,
        Some(StudyDesign::ClinicalTrial) => trial_tier(study.phase.as_deref()),
        Some(StudyDesign::Observational) => Tier::ObservationalCohort,
        Some(StudyDesign::CaseReport | StudyDesign::CaseSeries) => Tier::CaseReportOrSeries,
        Some(StudyDesign::Animal) => animal(),
        Some(StudyDesign::PrimaryCells | StudyDesign::Organoid) => Tier::PrimaryCellsOrOrganoids,
        Some(StudyDesign::InVitro) => Tier::InVitroCellLine,
        None => {
            if study.phase.is_some() || !study.registry_ids.is_empty() {
                trial_tier(study.phase.as_deref())
            } else if study.species.iter().any(|s| {
                is_listed(s, &species.large_animal_ids, &species.large_animal_names)
                    || is_listed(s, &species.small_animal_ids, &species.small_animal_names)
            }) {
                animal()
            } else if !study.cell_lines.is_empty() {
                Tier::InVitroCellLine
            } else if cites {
                Tier::ReviewAssertion
            } else {
                Tier::Uncited
            }
        }
    }
}

/// The tier of a clinical trial of a phase ("I", "1/2", "Phase IIb"...).
/// An unknown or unstated phase counts as early-phase.
pub fn trial_tier(phase: Option<&str>) -> Tier {
    let Some(phase) = phase else {
        return Tier::EarlyPhaseTrial;
    };
    let upper = phase.to_uppercase();
    let compact: String = upper
        .trim()
        .trim_start_matches("PHASE")
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '-' { '/' } else { c })
        .collect();
    // The first phase named decides: "I/II" is early, "II/III" phase II.
    let first = compact
        .split('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(['A', 'B']);
    match first {
        "0" | "I" | "1" => Tier::EarlyPhaseTrial,
        "II" | "2" => Tier::PhaseII,
        "III" | "3" | "IV" | "4" => Tier::PhaseIIIOrRct,
        _ => Tier::EarlyPhaseTrial,
    }
}

fn is_listed(species: &Concept, ids: &[String], names: &[String]) -> bool {
    if species
        .ids
        .iter()
        .any(|id| ids.iter().any(|l| l.eq_ignore_ascii_case(id)))
    {
        return true;
    }
    let name = species.name.trim().to_lowercase();
    names.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    fn concept(name: &str, id: &str) -> Concept {
        Concept {
            name: name.into(),
            ids: if id.is_empty() {
                vec![]
            } else {
                vec![id.into()]
            },
        }
    }

    fn check(study: Study, cites: bool, expect: Tier) {
        let species = Config::default().species;
        assert_eq!(tier_of(&study, cites, &species), expect, "{study:?}");
    }

    #[test]
    fn designs_map_to_tiers() {
        use StudyDesign::*;
        for (design, tier) in [
            (MetaAnalysis, Tier::SystematicReviewOrMetaAnalysis),
            (SystematicReview, Tier::SystematicReviewOrMetaAnalysis),
            (RandomizedControlledTrial, Tier::PhaseIIIOrRct),
            (ClinicalTrial, Tier::EarlyPhaseTrial),
            (Observational, Tier::ObservationalCohort),
            (CaseReport, Tier::CaseReportOrSeries),
            (CaseSeries, Tier::CaseReportOrSeries),
            (Animal, Tier::RodentModel),
            (PrimaryCells, Tier::PrimaryCellsOrOrganoids),
            (Organoid, Tier::PrimaryCellsOrOrganoids),
            (InVitro, Tier::InVitroCellLine),
        ] {
            check(
                Study {
                    design: Some(design),
                    ..Study::default()
                },
                false,
                tier,
            );
        }
        check(Study::default(), true, Tier::ReviewAssertion);
        check(Study::default(), false, Tier::Uncited);
    }

    #[test]
    fn species_decide_rodent_or_large_animal() {
        let animal = |species: Vec<Concept>| Study {
            design: Some(StudyDesign::Animal),
            species,
            ..Study::default()
        };
        check(
            animal(vec![concept("mice", "NCBITaxon:10090")]),
            true,
            Tier::RodentModel,
        );
        check(
            animal(vec![concept("rats", "NCBITaxon:10116")]),
            true,
            Tier::RodentModel,
        );
        check(
            animal(vec![concept("pigs", "NCBITaxon:9823")]),
            true,
            Tier::LargeAnimal,
        );
        check(
            animal(vec![concept("Beagle dogs", ""), concept("dogs", "")]),
            true,
            Tier::LargeAnimal,
        );
        check(
            animal(vec![
                concept("mice", "NCBITaxon:10090"),
                concept("macaques", "NCBITaxon:9544"),
            ]),
            true,
            Tier::LargeAnimal,
        );
        // Without a design, an animal species makes it animal work; a human
        // or a virus does not.
        check(
            Study {
                species: vec![concept("mice", "NCBITaxon:10090")],
                ..Study::default()
            },
            false,
            Tier::RodentModel,
        );
        check(
            Study {
                species: vec![concept("sheep", "")],
                ..Study::default()
            },
            true,
            Tier::LargeAnimal,
        );
        check(
            Study {
                species: vec![concept("patients", "NCBITaxon:9606")],
                ..Study::default()
            },
            true,
            Tier::ReviewAssertion,
        );
        check(
            Study {
                species: vec![concept("HBV", "NCBITaxon:10407")],
                ..Study::default()
            },
            false,
            Tier::Uncited,
        );
        check(
            Study {
                cell_lines: vec![concept("LX-2", "CVCL_5792")],
                ..Study::default()
            },
            true,
            Tier::InVitroCellLine,
        );
        check(
            Study {
                registry_ids: vec!["NCT01234567".into()],
                ..Study::default()
            },
            true,
            Tier::EarlyPhaseTrial,
        );
    }

    #[test]
    fn phases_map_to_trial_tiers() {
        for (phase, tier) in [
            ("I", Tier::EarlyPhaseTrial),
            ("1", Tier::EarlyPhaseTrial),
            ("I/II", Tier::EarlyPhaseTrial),
            ("1-2", Tier::EarlyPhaseTrial),
            ("Phase Ib", Tier::EarlyPhaseTrial),
            ("0", Tier::EarlyPhaseTrial),
            ("II", Tier::PhaseII),
            ("IIa", Tier::PhaseII),
            ("2", Tier::PhaseII),
            ("II/III", Tier::PhaseII),
            ("III", Tier::PhaseIIIOrRct),
            ("phase 3", Tier::PhaseIIIOrRct),
            ("IV", Tier::PhaseIIIOrRct),
            ("pivotal", Tier::EarlyPhaseTrial),
        ] {
            assert_eq!(trial_tier(Some(phase)), tier, "{phase}");
        }
        assert_eq!(trial_tier(None), Tier::EarlyPhaseTrial);
    }
}
