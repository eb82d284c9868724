//! End to end on the seed review: read, annotate, score. Needs the shared
//! data (`../shared` beside the workspace); says so and skips without it.

#![allow(clippy::unwrap_used)] // a test: unwrap is the assertion

use std::path::PathBuf;

use briefing_annotator::Annotator;
use briefing_evidence::{Config, Scorer};
use briefing_model::{Claim, ClaimCategory, Document, Tier};

fn seed() -> Option<Document> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds/000_cdc507d37501bd85.txt");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipping: the shared seed {} is absent", path.display());
        return None;
    };
    let mut docs = briefing_formats::read_bytes("seed", &bytes, None).unwrap();
    assert_eq!(docs.len(), 1);
    let mut doc = docs.remove(0).document;
    Annotator::new().annotate(&mut doc);
    Scorer::new(Config::default()).score_document(&mut doc);
    Some(doc)
}

/// The outcome claim whose text holds every one of `words`.
fn outcome<'a>(doc: &'a Document, words: &[&str]) -> &'a Claim {
    doc.claims
        .iter()
        .filter(|c| c.category == ClaimCategory::Outcome)
        .find(|c| words.iter().all(|w| c.text.contains(w)))
        .unwrap_or_else(|| panic!("no outcome claim with {words:?}"))
}

#[test]
fn every_claim_has_a_score_a_grade_and_a_breakdown() {
    let Some(doc) = seed() else { return };
    assert!(!doc.claims.is_empty());
    for claim in &doc.claims {
        let e = claim
            .evidence
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no evidence", claim.id));
        assert!((0.0..=1.0).contains(&e.score), "{}: {}", claim.id, e.score);
        assert!(!e.breakdown.is_empty(), "{}", claim.id);
        assert!(!e.key.is_empty(), "{}", claim.id);
    }
}

#[test]
fn the_clinical_outcome_outranks_the_preclinical_one_and_hedging_costs_it() {
    let Some(doc) = seed() else { return };
    let clinical = outcome(&doc, &["survival", "end-stage liver disease"]);
    let preclinical = outcome(&doc, &["reverse fibrosis"]);
    let (c, p) = (
        clinical.evidence.as_ref().unwrap(),
        preclinical.evidence.as_ref().unwrap(),
    );
    assert!(
        c.tier >= Tier::CaseReportOrSeries,
        "clinical tier {:?}",
        c.tier
    );
    assert!(
        c.score > p.score,
        "clinical {} <= preclinical {}",
        c.score,
        p.score
    );
    assert!(clinical.hedged, "{clinical:#?}");

    // The same document with that claim unhedged.
    let mut unhedged = doc.clone();
    for claim in &mut unhedged.claims {
        if claim.id == clinical.id {
            claim.hedged = false;
        }
    }
    Scorer::new(Config::default()).score_document(&mut unhedged);
    let u = unhedged
        .claims
        .iter()
        .find(|x| x.id == clinical.id)
        .unwrap()
        .evidence
        .clone()
        .unwrap();
    assert!(
        c.score < u.score,
        "hedged {} >= unhedged {}",
        c.score,
        u.score
    );
}

#[test]
fn two_runs_give_byte_identical_json() {
    let (Some(a), Some(b)) = (seed(), seed()) else {
        return;
    };
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}
