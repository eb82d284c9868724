//! The worked examples of `docs/evidence.md`, with the numbers it quotes:
//! if the model or its defaults change, this test says which example to
//! rewrite.

#![allow(clippy::unwrap_used)] // a test: unwrap is the assertion

use briefing_evidence::{Config, Scorer};
use briefing_model::{
    Argument, Certainty, Claim, ClaimCategory, Document, Evidence, Reference, Relation,
    RelationKind, SentenceRef, Study, StudyDesign, Tier,
};

fn claim(id: &str, category: ClaimCategory, sentence: &str, section: usize) -> Claim {
    Claim {
        id: id.into(),
        category,
        text: format!("claim {id}"),
        start: 0,
        end: 8,
        sentence: SentenceRef {
            id: sentence.into(),
            section,
            start: 0,
            end: 0,
        },
        subject: None,
        relation: None,
        object: None,
        items: vec![],
        hedged: false,
        negated: false,
        cues: vec![],
        study: Study::default(),
        citations: vec![],
        evidence: None,
    }
}

fn secretes_hgf(id: &str, sentence: &str, section: usize) -> Claim {
    let mut c = claim(id, ClaimCategory::Mechanism, sentence, section);
    c.subject = Some(Argument {
        text: "MSCs".into(),
        ids: vec!["CL:0000134".into()],
        ..Argument::default()
    });
    c.relation = Some(Relation {
        kind: RelationKind::Secretion,
        text: "secrete".into(),
    });
    c.object = Some(Argument {
        text: "HGF".into(),
        ids: vec!["NCBIGene:3082".into()],
        ..Argument::default()
    });
    c
}

fn score(claims: Vec<Claim>, references: Vec<Reference>) -> Vec<Evidence> {
    let mut doc = Document::new("example");
    doc.metadata.date = Some("2026-02-04".into());
    doc.claims = claims;
    doc.references = references;
    Scorer::new(Config::default()).score_document(&mut doc);
    doc.claims
        .into_iter()
        .map(|c| c.evidence.unwrap())
        .collect()
}

fn check(e: &Evidence, score: f64, tier: Tier, certainty: Certainty) {
    assert_eq!(
        (e.score, e.tier, e.certainty),
        (score, tier, certainty),
        "{e:#?}"
    );
}

#[test]
fn example_1_preclinical_outcome() {
    let mut c = claim("C1", ClaimCategory::Outcome, "S1", 0);
    c.study.design = Some(StudyDesign::Animal);
    let e = &score(vec![c], vec![])[0];
    check(e, 0.28, Tier::RodentModel, Certainty::VeryLow);
}

#[test]
fn example_2_clinical_outcome_hedged_and_not() {
    let mut c = claim("C2", ClaimCategory::Outcome, "S2", 0);
    c.study.design = Some(StudyDesign::ClinicalTrial);
    c.hedged = true;
    c.cues = vec!["Preliminary".into()];
    let hedged = &score(vec![c.clone()], vec![])[0];
    check(hedged, 0.357, Tier::EarlyPhaseTrial, Certainty::Low);
    c.hedged = false;
    let plain = &score(vec![c], vec![])[0];
    check(plain, 0.42, Tier::EarlyPhaseTrial, Certainty::Low);
}

#[test]
fn example_3_a_mechanism_restated_in_two_sections() {
    let e = score(
        vec![secretes_hgf("C3", "S3", 1), secretes_hgf("C9", "S9", 3)],
        vec![],
    );
    assert_eq!(e[0], e[1]);
    check(&e[0], 0.235, Tier::Uncited, Certainty::VeryLow);
    assert_eq!(e[0].mentions, ["C3", "C9"]);
}

fn mouse_study(id: &str, sentence: &str, refs: &[&str]) -> Claim {
    let mut c = secretes_hgf(id, sentence, 2);
    c.study.design = Some(StudyDesign::Animal);
    c.citations = refs.iter().map(|r| r.to_string()).collect();
    c
}

fn references() -> Vec<Reference> {
    (1..=3)
        .map(|k| Reference {
            id: format!("R{k}"),
            year: Some(2018 + k),
            doi: Some(format!("10.1000/{k}")),
            ..Reference::default()
        })
        .collect()
}

#[test]
fn example_4_one_study_five_times_against_three_studies() {
    let once = score(vec![mouse_study("C1", "S1", &["R1"])], references());
    check(&once[0], 0.4, Tier::RodentModel, Certainty::Low);
    let five: Vec<Claim> = (1..=5)
        .map(|i| mouse_study(&format!("C{i}"), &format!("S{i}"), &["R1"]))
        .collect();
    check(
        &score(five, references())[0],
        0.4904,
        Tier::RodentModel,
        Certainty::Low,
    );
    let three: Vec<Claim> = (1..=3)
        .map(|i| mouse_study(&format!("C{i}"), &format!("S{i}"), &[&format!("R{i}")]))
        .collect();
    // Three independent references: up one grade for consistency.
    check(
        &score(three, references())[0],
        0.6434,
        Tier::RodentModel,
        Certainty::Moderate,
    );
}

#[test]
fn example_5_a_contradiction() {
    let mut against = mouse_study("C4", "S4", &["R3"]);
    against.negated = true;
    let e = score(
        vec![
            mouse_study("C1", "S1", &["R1"]),
            mouse_study("C2", "S2", &["R2"]),
            against,
        ],
        references(),
    );
    check(&e[0], 0.343, Tier::RodentModel, Certainty::VeryLow);
    check(&e[2], 0.1713, Tier::RodentModel, Certainty::VeryLow);
}
