//! Scoring whole documents: merging identical claims in a document and
//! across a corpus, contradictions, and the seed's two outcome claims
//! rebuilt by hand (the end-to-end check on the annotated seed lives in
//! `seed.rs`).

#![allow(clippy::unwrap_used)] // a test: unwrap is the assertion

use briefing_evidence::{Config, Scorer};
use briefing_model::{
    Argument, Certainty, Claim, ClaimCategory, Document, Evidence, Reference, Relation,
    RelationKind, SentenceRef, Study, StudyDesign, Tier,
};

fn mechanism(id: &str, sentence: &str, section: usize, citations: &[&str]) -> Claim {
    Claim {
        id: id.into(),
        category: ClaimCategory::Mechanism,
        text: format!("statement {id}"),
        start: 0,
        end: 0,
        sentence: SentenceRef {
            id: sentence.into(),
            section,
            start: 0,
            end: 0,
        },
        subject: Some(Argument {
            text: "MSCs".into(),
            ids: vec!["CL:0000134".into()],
            ..Argument::default()
        }),
        relation: Some(Relation {
            kind: RelationKind::Secretion,
            text: "secrete".into(),
        }),
        object: Some(Argument {
            text: "HGF".into(),
            ids: vec!["NCBIGene:3082".into()],
            ..Argument::default()
        }),
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

fn doc(id: &str, refs: &[(&str, &str, i32)], claims: Vec<Claim>) -> Document {
    let mut doc = Document::new(id);
    doc.metadata.date = Some("2025-06-01".into());
    doc.references = refs
        .iter()
        .map(|(rid, doi, year)| Reference {
            id: rid.to_string(),
            doi: Some(doi.to_string()),
            year: Some(*year),
            ..Reference::default()
        })
        .collect();
    doc.claims = claims;
    doc
}

fn factor<'a>(e: &'a Evidence, name: &str) -> &'a briefing_model::Factor {
    e.breakdown
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no {name} in {e:#?}"))
}

#[test]
fn identical_claims_in_a_document_share_their_evidence() {
    let mut d = doc(
        "review",
        &[("R1", "10.1/a", 2020), ("R2", "10.1/b", 2021)],
        vec![
            mechanism("C1", "S1", 0, &["R1"]),
            mechanism("C2", "S7", 2, &["R2"]),
            {
                let mut other = mechanism("C3", "S8", 2, &["R1"]);
                other.relation = Some(Relation {
                    kind: RelationKind::Inhibition,
                    text: "inhibit".into(),
                });
                other
            },
        ],
    );
    Scorer::new(Config::default()).score_document(&mut d);
    let (e1, e2, e3) = (
        d.claims[0].evidence.clone().unwrap(),
        d.claims[1].evidence.clone().unwrap(),
        d.claims[2].evidence.clone().unwrap(),
    );
    assert_eq!(e1, e2);
    assert_eq!(e1.key, "mechanism|CL:0000134|secretion|NCBIGene:3082");
    assert_eq!(e1.mentions, ["C1", "C2"]);
    assert_eq!(factor(&e1, "independent_refs").items, ["R1", "R2"]);
    assert_eq!(factor(&e1, "agreement").value, 1.0);
    assert!(e3.mentions.is_empty());
    assert!(e1.score > e3.score);

    let merged = Scorer::new(Config::default()).merge_document(&d);
    assert_eq!(merged.len(), 2);
    assert_eq!(merged[0].key, e1.key);
    assert_eq!(merged[0].mentions.len(), 2);
    assert_eq!(merged[0].claim.evidence.as_ref().unwrap(), &e1);
}

#[test]
fn a_negated_claim_contradicts_and_is_scored_on_its_own() {
    let mut negated = mechanism("C2", "S2", 0, &["R2"]);
    negated.negated = true;
    let mut d = doc(
        "review",
        &[("R1", "10.1/a", 2020), ("R2", "10.1/b", 2021)],
        vec![mechanism("C1", "S1", 0, &["R1"]), negated],
    );
    let mut alone = doc(
        "review",
        &[("R1", "10.1/a", 2020)],
        vec![mechanism("C1", "S1", 0, &["R1"])],
    );
    let scorer = Scorer::new(Config::default());
    scorer.score_document(&mut d);
    scorer.score_document(&mut alone);
    let (pos, neg, solo) = (
        d.claims[0].evidence.clone().unwrap(),
        d.claims[1].evidence.clone().unwrap(),
        alone.claims[0].evidence.clone().unwrap(),
    );
    assert!(neg.key.ends_with("|negated"));
    assert!(pos.score < solo.score, "{} !< {}", pos.score, solo.score);
    assert_eq!(factor(&pos, "contradiction").items, ["C2"]);
    assert_eq!(factor(&neg, "contradiction").items, ["C1"]);
    // Equal evidence on both sides: down two grades, to very low.
    assert!(
        pos.breakdown
            .iter()
            .any(|f| f.name == "certainty_inconsistency" && f.value == -2.0)
    );
    assert_eq!(pos.certainty, Certainty::VeryLow);
}

#[test]
fn a_corpus_counts_a_shared_reference_once_and_each_document_once() {
    // Two reviews cite the same mouse study (same DOI, different local ids)
    // and each adds one of its own.
    let a = doc(
        "A",
        &[("R1", "10.1/shared", 2019), ("R2", "10.1/a-only", 2020)],
        vec![mechanism("C1", "S1", 0, &["R1", "R2"])],
    );
    let b = doc(
        "B",
        &[
            ("bib7", "https://doi.org/10.1/SHARED", 2019),
            ("bib9", "10.1/b-only", 2022),
        ],
        vec![mechanism("C5", "S3", 1, &["bib7", "bib9"])],
    );
    let scorer = Scorer::new(Config::default());
    let merged = scorer.merge_corpus(&[a.clone(), b.clone()]);
    assert_eq!(merged.len(), 1);
    let m = &merged[0];
    let e = m.claim.evidence.as_ref().unwrap();
    assert_eq!(factor(e, "independent_refs").value, 3.0);
    assert_eq!(
        factor(e, "independent_refs").items,
        ["A/R1", "A/R2", "B/bib9"]
    );
    assert_eq!(e.mentions, ["A/C1", "B/C5"]);
    assert_eq!(
        m.mentions
            .iter()
            .map(|x| x.document.as_str())
            .collect::<Vec<_>>(),
        ["A", "B"]
    );
    // Restated in another document: one section-level restatement.
    assert_eq!(factor(e, "agreement").value, 1.0);

    // The corpus evidence is stronger than either document's own.
    let mut alone = a.clone();
    scorer.score_document(&mut alone);
    assert!(e.score > alone.claims[0].evidence.as_ref().unwrap().score);

    // score_corpus puts the same evidence on every claim.
    let mut docs = vec![a, b];
    scorer.score_corpus(&mut docs);
    assert_eq!(docs[0].claims[0].evidence.as_ref(), Some(e));
    assert_eq!(docs[1].claims[0].evidence.as_ref(), Some(e));
}

#[test]
fn merged_output_is_independent_of_document_order() {
    let a = doc(
        "A",
        &[("R1", "10.1/x", 2019)],
        vec![mechanism("C1", "S1", 0, &["R1"])],
    );
    let mut hedged = mechanism("C2", "S2", 0, &[]);
    hedged.hedged = true;
    hedged.cues = vec!["may".into()];
    let b = doc("B", &[], vec![hedged]);
    let scorer = Scorer::new(Config::default());
    let ab = scorer.merge_corpus(&[a.clone(), b.clone()]);
    let ba = scorer.merge_corpus(&[b, a]);
    assert_eq!(ab[0].claim.evidence, ba[0].claim.evidence);
    // The representative is the unhedged, cited statement either way.
    assert_eq!(ab[0].claim.id, "C1");
    assert_eq!(ba[0].claim.id, "C1");
}

/// The seed's abstract reports a preclinical outcome ("restore liver
/// function and reverse fibrosis" in injury models) and a clinical one
/// ("preliminary" trials, survival benefit in end-stage liver disease),
/// neither with a citation.
fn seed_like(clinical_hedged: bool) -> Document {
    let outcome = |id: &str, design: StudyDesign, hedged: bool, cues: &[&str]| Claim {
        id: id.into(),
        category: ClaimCategory::Outcome,
        text: format!("outcome {id}"),
        start: 0,
        end: 10,
        sentence: SentenceRef {
            id: format!("S{id}"),
            section: 3,
            start: 0,
            end: 0,
        },
        subject: None,
        relation: None,
        object: None,
        items: vec![],
        hedged,
        negated: false,
        cues: cues.iter().map(|s| s.to_string()).collect(),
        study: Study {
            design: Some(design),
            ..Study::default()
        },
        citations: vec![],
        evidence: None,
    };
    let mut d = Document::new("seed-like");
    d.claims = vec![
        outcome("C1", StudyDesign::Animal, false, &[]),
        outcome(
            "C2",
            StudyDesign::ClinicalTrial,
            clinical_hedged,
            &["preliminary"],
        ),
    ];
    d
}

#[test]
fn the_clinical_outcome_outranks_the_preclinical_one_but_not_its_unhedged_self() {
    let scorer = Scorer::new(Config::default());
    let mut hedged = seed_like(true);
    let mut plain = seed_like(false);
    scorer.score_document(&mut hedged);
    scorer.score_document(&mut plain);
    let pre = hedged.claims[0].evidence.clone().unwrap();
    let clinical = hedged.claims[1].evidence.clone().unwrap();
    let unhedged = plain.claims[1].evidence.clone().unwrap();
    assert_eq!(
        (pre.tier, clinical.tier),
        (Tier::RodentModel, Tier::EarlyPhaseTrial)
    );
    assert!(
        pre.score < clinical.score && clinical.score < unhedged.score,
        "{pre:#?}\n{clinical:#?}\n{unhedged:#?}"
    );
    // Preclinical: low, down for indirectness. Clinical: moderate, down for
    // hedging; both uncited (capped at low).
    assert_eq!(pre.certainty, Certainty::VeryLow);
    assert_eq!(clinical.certainty, Certainty::Low);
    assert_eq!(unhedged.certainty, Certainty::Low);
    assert!(
        unhedged
            .breakdown
            .iter()
            .any(|f| f.name == "certainty_unsourced_cap")
    );
}
