//! Properties of the belief function that must hold for any evidence:
//! more independent support never lowers a score, hedging never raises
//! one, repeated citations and evidence order change nothing, and scores
//! stay in [0, 1].

#![allow(clippy::unwrap_used)] // a test: unwrap is the assertion

use briefing_evidence::{CitedReference, Config, Scorer, Statement, assess};
use briefing_model::{
    Claim, ClaimCategory, Document, Evidence, Reference, SentenceRef, Study, StudyDesign, Tier,
};
use proptest::prelude::*;
use proptest::sample::subsequence;

const CUES: [&str; 5] = ["may", "suggest", "preliminary", "likely", "unlisted"];

fn reference(k: u32, year: Option<i32>) -> CitedReference {
    CitedReference {
        key: format!("doi:10.1/{k}"),
        label: format!("R{k}"),
        year,
    }
}

prop_compose! {
    fn arb_reference()(k in 0u32..8, year in proptest::option::of(1985i32..2027)) -> CitedReference {
        reference(k, year)
    }
}

prop_compose! {
    fn arb_statement(id: usize)(
        document in prop::sample::select(vec!["d1", "d2"]),
        sentence in 0u32..6,
        section in 0usize..3,
        negated in prop::bool::weighted(0.25),
        hedged in any::<bool>(),
        cues in subsequence(CUES.to_vec(), 0..3),
        tier in prop::sample::select(Tier::ALL.to_vec()),
        participants in proptest::option::of(1u64..500),
        references in prop::collection::vec(arb_reference(), 0..4),
        as_of in proptest::option::of(2000i32..2030),
        outcome in any::<bool>(),
    ) -> Statement {
        let mut references = references;
        references.sort_by(|a, b| a.key.cmp(&b.key));
        references.dedup_by(|a, b| a.key == b.key);
        // Without a design, citing makes a review assertion (as `tier_of` does).
        let tier = match (tier, references.is_empty()) {
            (Tier::ReviewAssertion, true) => Tier::Uncited,
            (Tier::Uncited, false) => Tier::ReviewAssertion,
            (tier, _) => tier,
        };
        Statement {
            document: document.into(),
            claim: format!("C{id}"),
            sentence: format!("S{sentence}"),
            section,
            category: if outcome { ClaimCategory::Outcome } else { ClaimCategory::Mechanism },
            negated,
            hedged,
            cues: cues.into_iter().map(String::from).collect(),
            tier,
            participants,
            references,
            as_of,
        }
    }
}

fn arb_statements() -> impl Strategy<Value = Vec<Statement>> {
    (1usize..7).prop_flat_map(|n| (0..n).map(arb_statement).collect::<Vec<_>>())
}

fn arb_config() -> impl Strategy<Value = Config> {
    (
        prop::collection::vec((0.0f64..=1.0, 0.0f64..=1.0), Tier::ALL.len()),
        0.01f64..=1.0,
        0.01f64..=1.0,
        (0.0f64..=1.0, 0.0f64..=1.0, 0u32..8),
        0.0f64..=1.0,
        (0u32..20, 0.0f64..=0.1, 0.01f64..=1.0),
    )
        .prop_map(
            |(
                tiers,
                hedge,
                unsourced,
                (section, sentence, max),
                weight,
                (grace, per_year, floor),
            )| {
                let mut config = Config::default();
                for (tier, (a, b)) in Tier::ALL.iter().zip(tiers) {
                    let p = tier_params(&mut config, *tier);
                    p.prior = a.min(b);
                    p.ceiling = a.max(b);
                }
                config.hedging.default = hedge;
                config.citations.unsourced_factor = unsourced;
                config.agreement.section = section;
                config.agreement.sentence = sentence;
                config.agreement.max_restatements = max;
                config.contradiction.weight = weight;
                config.recency.grace_years = grace;
                config.recency.per_year = per_year;
                config.recency.floor = floor;
                config.validate().unwrap();
                config
            },
        )
}

fn tier_params(config: &mut Config, tier: Tier) -> &mut briefing_evidence::TierParams {
    let t = &mut config.tiers;
    match tier {
        Tier::Uncited => &mut t.uncited,
        Tier::ReviewAssertion => &mut t.review_assertion,
        Tier::InVitroCellLine => &mut t.in_vitro_cell_line,
        Tier::PrimaryCellsOrOrganoids => &mut t.primary_cells_or_organoids,
        Tier::RodentModel => &mut t.rodent_model,
        Tier::LargeAnimal => &mut t.large_animal,
        Tier::CaseReportOrSeries => &mut t.case_report_or_series,
        Tier::ObservationalCohort => &mut t.observational_cohort,
        Tier::EarlyPhaseTrial => &mut t.early_phase_trial,
        Tier::PhaseII => &mut t.phase_ii,
        Tier::PhaseIIIOrRct => &mut t.phase_iii_or_rct,
        Tier::SystematicReviewOrMetaAnalysis => &mut t.systematic_review_or_meta_analysis,
    }
}

fn score(statements: &[Statement], negated: bool, config: &Config) -> f64 {
    assess(statements, negated, config).score
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn scores_stay_in_the_unit_interval(
        statements in arb_statements(),
        negated in any::<bool>(),
        config in arb_config(),
    ) {
        let e = assess(&statements, negated, &config);
        prop_assert!((0.0..=1.0).contains(&e.score), "{}", e.score);
        prop_assert!(!e.breakdown.is_empty());
        for f in &e.breakdown {
            prop_assert!(f.value.is_finite(), "{f:?}");
        }
    }

    #[test]
    fn an_added_independent_study_never_lowers_a_score(
        statements in arb_statements(),
        extra in arb_statement(99),
        year in proptest::option::of(1985i32..2027),
        config in arb_config(),
    ) {
        let target = statements[0].negated;
        let before = score(&statements, target, &config);
        // A new study: a reference no statement cites yet.
        let mut study = extra.clone();
        study.negated = target;
        study.references = vec![CitedReference { key: "doi:10.9/new".into(), label: "R99".into(), year }];
        let mut with_study = statements.clone();
        with_study.push(study);
        prop_assert!(score(&with_study, target, &config) >= before);
        // Any further supporting statement, too.
        let mut supporting = extra;
        supporting.negated = target;
        let mut with_statement = statements;
        with_statement.push(supporting);
        prop_assert!(score(&with_statement, target, &config) >= before);
    }

    #[test]
    fn citing_a_source_never_lowers_a_score(
        statements in arb_statements(),
        year in proptest::option::of(1985i32..2027),
    ) {
        // With the default parameters (an old reference still counts for
        // more than none, a review assertion for more than an uncited one).
        let config = Config::default();
        let target = statements[0].negated;
        let before = score(&statements, target, &config);
        let mut more = statements;
        more[0].references.push(CitedReference { key: "pmid:1".into(), label: "R42".into(), year });
        if more[0].tier == Tier::Uncited {
            more[0].tier = Tier::ReviewAssertion;
        }
        prop_assert!(score(&more, target, &config) >= before);
    }

    #[test]
    fn hedging_never_raises_a_score(
        statements in arb_statements(),
        pick in any::<prop::sample::Index>(),
        cues in subsequence(CUES.to_vec(), 0..3),
        config in arb_config(),
    ) {
        let target = statements[0].negated;
        let supporting: Vec<usize> =
            (0..statements.len()).filter(|&i| statements[i].negated == target).collect();
        let i = supporting[pick.index(supporting.len())];
        let mut plain = statements.clone();
        plain[i].hedged = false;
        let mut hedged = statements;
        hedged[i].hedged = true;
        hedged[i].cues = cues.into_iter().map(String::from).collect();
        prop_assert!(score(&hedged, target, &config) <= score(&plain, target, &config));
    }

    #[test]
    fn evidence_order_changes_nothing(
        statements in arb_statements(),
        seed in any::<u64>(),
        negated in any::<bool>(),
    ) {
        let config = Config::default();
        let mut shuffled = statements.clone();
        // A deterministic shuffle from the seed (Fisher-Yates with an LCG).
        let mut state = seed;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let j = (state >> 33) as usize % (i + 1);
            shuffled.swap(i, j);
        }
        for s in &mut shuffled {
            s.references.reverse();
        }
        prop_assert_eq!(assess(&statements, negated, &config), assess(&shuffled, negated, &config));
    }

    #[test]
    fn repeating_a_citation_changes_nothing(
        statements in arb_statements(),
        pick in any::<prop::sample::Index>(),
        negated in any::<bool>(),
    ) {
        let config = Config::default();
        let i = pick.index(statements.len());
        let mut repeated = statements.clone();
        // The same study cited again: by the same statement, and by an
        // identical statement of the same sentence.
        if let Some(r) = repeated[i].references.first().cloned() {
            repeated[i].references.push(r);
        }
        repeated.push(statements[i].clone());
        let (a, b) = (assess(&statements, negated, &config), assess(&repeated, negated, &config));
        prop_assert_eq!(a.score, b.score);
        prop_assert_eq!(a.certainty, b.certainty);
        prop_assert_eq!(a.tier, b.tier);
    }
}

// ---------------------------------------------------------------------------
// The same properties through documents, where citations are claim ids.
// ---------------------------------------------------------------------------

fn claim(id: &str, sentence: &str, citations: &[&str]) -> Claim {
    Claim {
        id: id.into(),
        category: ClaimCategory::Mechanism,
        text: "MSCs inhibit stellate cell activation".into(),
        start: 0,
        end: 37,
        sentence: SentenceRef {
            id: sentence.into(),
            section: 0,
            start: 0,
            end: 37,
        },
        subject: None,
        relation: None,
        object: None,
        items: vec![],
        hedged: false,
        negated: false,
        cues: vec![],
        study: Study {
            design: Some(StudyDesign::Animal),
            ..Study::default()
        },
        citations: citations.iter().map(|s| s.to_string()).collect(),
        evidence: None,
    }
}

fn document(claims: Vec<Claim>) -> Document {
    let mut doc = Document::new("doc");
    doc.metadata.date = Some("2024".into());
    for (k, year) in [(1, 2019), (2, 2021), (3, 2008)] {
        doc.references.push(Reference {
            id: format!("R{k}"),
            year: Some(year),
            doi: Some(format!("10.1/{k}")),
            ..Reference::default()
        });
    }
    // R4 is R1 listed again under the same DOI.
    doc.references.push(Reference {
        id: "R4".into(),
        year: Some(2019),
        doi: Some("10.1/1".into()),
        ..Reference::default()
    });
    doc.claims = claims;
    doc
}

fn evidence(doc: &mut Document) -> Evidence {
    Scorer::new(Config::default()).score_document(doc);
    doc.claims[0].evidence.clone().unwrap()
}

#[test]
fn one_reference_cited_five_times_counts_once() {
    let once = evidence(&mut document(vec![claim("C1", "S1", &["R1"])]));
    let five = evidence(&mut document(vec![claim(
        "C1",
        "S1",
        &["R1", "R1", "R4", "R1", "R4"],
    )]));
    assert_eq!(once, five);
    let refs = five
        .breakdown
        .iter()
        .find(|f| f.name == "independent_refs")
        .unwrap();
    assert_eq!(refs.value, 1.0);
    // Five sentences citing one mouse study: one study, four restatements;
    // far less than five independent mouse studies.
    let repeated: Vec<Claim> = (1..=5)
        .map(|i| claim(&format!("C{i}"), &format!("S{i}"), &["R1"]))
        .collect();
    let repeated = evidence(&mut document(repeated));
    let studies: Vec<Claim> = (1..=3)
        .map(|i| claim(&format!("C{i}"), &format!("S{i}"), &[&format!("R{i}")]))
        .collect();
    let studies = evidence(&mut document(studies));
    assert!(
        once.score < repeated.score && repeated.score < studies.score,
        "{once:?}\n{repeated:?}\n{studies:?}"
    );
}

#[test]
fn scoring_twice_gives_byte_identical_json() {
    let claims = vec![
        claim("C1", "S1", &["R1", "R3"]),
        claim("C2", "S2", &["R2"]),
        claim("C3", "S3", &[]),
    ];
    let mut a = document(claims.clone());
    let mut b = document(claims);
    Scorer::new(Config::default()).score_document(&mut a);
    Scorer::new(Config::default()).score_document(&mut b);
    let (a, b) = (
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap(),
    );
    assert_eq!(a, b);
    assert!(a.contains("\"breakdown\""));
}
