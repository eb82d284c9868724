//! Lookups over one document that several sections need: sentences and
//! references by id, the claims citing each reference, and the shared
//! conversions from model types to views.

use std::collections::BTreeMap;

use briefing_model::{Claim, Document, Reference, Sentence};

use crate::escape::anchor;
use crate::labels;
use crate::links;
use crate::view::{ClaimRef, ClaimView, Grade, RefMark};

/// Which sections a briefing has, so that links only point at anchors that
/// exist (a dangling label is an error in Typst).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Targets {
    pub provenance: bool,
    pub references: bool,
}

#[derive(Debug)]
pub(crate) struct DocIndex<'a> {
    pub doc: &'a Document,
    sentences: BTreeMap<&'a str, (usize, &'a Sentence)>,
    references: BTreeMap<&'a str, usize>,
    /// Claim indices citing each reference, in claim order.
    cited_by: BTreeMap<&'a str, Vec<usize>>,
    /// For each claim, the claim that stands for its merged group (claims
    /// sharing `evidence.key`): itself when alone.
    representative: Vec<usize>,
    /// For each representative, every claim of its group in document order.
    members: BTreeMap<usize, Vec<usize>>,
    pub targets: Targets,
}

impl<'a> DocIndex<'a> {
    pub fn new(doc: &'a Document, targets: Targets) -> Self {
        let mut sentences = BTreeMap::new();
        for (section, sentence) in doc.sentences() {
            sentences
                .entry(sentence.id.as_str())
                .or_insert((section, sentence));
        }
        let mut references = BTreeMap::new();
        for (i, r) in doc.references.iter().enumerate() {
            references.entry(r.id.as_str()).or_insert(i);
        }
        let (representative, members) = groups(doc);
        let mut index = DocIndex {
            doc,
            sentences,
            references,
            cited_by: BTreeMap::new(),
            representative,
            members,
            targets,
        };
        let mut cited_by: BTreeMap<&'a str, Vec<usize>> = BTreeMap::new();
        for (i, claim) in doc.claims.iter().enumerate() {
            for id in index.claim_citations(claim) {
                if index.references.contains_key(id) {
                    let list = cited_by.entry(id).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
        index.cited_by = cited_by;
        index
    }

    /// The number of distinct claims (merged groups).
    pub fn distinct_claims(&self) -> usize {
        self.members.len()
    }

    /// The claim that stands for the group of claim `index`.
    pub fn representative_of(&self, index: usize) -> usize {
        self.representative.get(index).copied().unwrap_or(index)
    }

    /// Every claim of the group a representative stands for.
    pub fn members(&self, representative: usize) -> &[usize] {
        self.members
            .get(&representative)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The representatives, in document order.
    pub fn representatives(&self) -> impl Iterator<Item = usize> + '_ {
        self.members.keys().copied()
    }

    /// The sentence of a claim, with its section index.
    pub fn sentence(&self, claim: &Claim) -> Option<(usize, &'a Sentence)> {
        self.sentences.get(claim.sentence.id.as_str()).copied()
    }

    /// The reference ids a claim rests on: its own citations, or else those
    /// of its sentence. Without repeats, in order.
    pub fn claim_citations(&self, claim: &'a Claim) -> Vec<&'a str> {
        let ids: Vec<&'a str> = if claim.citations.is_empty() {
            self.sentences
                .get(claim.sentence.id.as_str())
                .map(|(_, s)| s.citations.iter().map(String::as_str).collect())
                .unwrap_or_default()
        } else {
            claim.citations.iter().map(String::as_str).collect()
        };
        let mut out: Vec<&'a str> = Vec::with_capacity(ids.len());
        for id in ids {
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }

    pub fn reference_position(&self, id: &str) -> Option<usize> {
        self.references.get(id).copied()
    }

    pub fn cited_by(&self, reference: &Reference) -> &[usize] {
        self.cited_by
            .get(reference.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn claim_ref(&self, index: usize) -> ClaimRef {
        let id = self
            .doc
            .claims
            .get(index)
            .map(|c| c.id.clone())
            .unwrap_or_default();
        ClaimRef {
            id,
            anchor: self.targets.provenance.then(|| anchor("claim", index)),
        }
    }

    pub fn ref_mark(&self, id: &str) -> RefMark {
        match self.reference_position(id) {
            Some(pos) => {
                let r = &self.doc.references[pos];
                RefMark {
                    id: r.id.clone(),
                    label: reference_label(r, pos),
                    anchor: self.targets.references.then(|| anchor("ref", pos)),
                }
            }
            // Cited but not in the reference list: keep the id, link nowhere.
            None => RefMark {
                id: id.to_owned(),
                label: id.to_owned(),
                anchor: None,
            },
        }
    }

    /// The view of claim number `index`.
    pub fn claim_view(&self, index: usize) -> ClaimView {
        let claim = &self.doc.claims[index];
        let citations = self
            .claim_citations(claim)
            .into_iter()
            .map(|id| self.ref_mark(id))
            .collect();
        ClaimView {
            claim: self.claim_ref(index),
            category: labels::category_key(claim.category),
            text: claim.text.trim().to_owned(),
            items: claim
                .items
                .iter()
                .map(|i| i.trim().to_owned())
                .filter(|i| !i.is_empty())
                .collect(),
            hedged: claim.hedged,
            negated: claim.negated,
            cues: claim.cues.clone(),
            grade: grade(claim),
            also: self
                .members
                .get(&self.representative[index])
                .into_iter()
                .flatten()
                .filter(|&&m| m != index)
                .map(|&m| self.claim_ref(m))
                .collect(),
            study: study_summary(claim),
            registry: claim
                .study
                .registry_ids
                .iter()
                .map(|id| links::curie(id))
                .collect(),
            citations,
        }
    }

    /// The distinct claims of a category (one per merged group), highest
    /// score first, then document order (unscored claims count as 0).
    pub fn claims_by_score(&self, category: briefing_model::ClaimCategory) -> Vec<usize> {
        let mut ids: Vec<usize> = self
            .representatives()
            .filter(|&i| self.doc.claims[i].category == category)
            .collect();
        ids.sort_by(|&a, &b| {
            score_of(&self.doc.claims[b]).total_cmp(&score_of(&self.doc.claims[a]))
        });
        ids
    }
}

/// Groups claims by `evidence.key` (claims without a key stand alone). The
/// representative of a group is its first unhedged claim, else its first.
fn groups(doc: &Document) -> (Vec<usize>, BTreeMap<usize, Vec<usize>>) {
    let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut representative: Vec<usize> = (0..doc.claims.len()).collect();
    for (i, claim) in doc.claims.iter().enumerate() {
        if let Some(key) = claim
            .evidence
            .as_ref()
            .map(|e| e.key.as_str())
            .filter(|k| !k.is_empty())
        {
            by_key.entry(key).or_default().push(i);
        }
    }
    for group in by_key.values() {
        let rep = group
            .iter()
            .copied()
            .find(|&i| !doc.claims[i].hedged)
            .unwrap_or(group[0]);
        for &i in group {
            representative[i] = rep;
        }
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &rep) in representative.iter().enumerate() {
        members.entry(rep).or_default().push(i);
    }
    (representative, members)
}

pub(crate) fn score_of(claim: &Claim) -> f64 {
    claim
        .evidence
        .as_ref()
        .map(|e| e.score)
        .filter(|s| s.is_finite())
        .unwrap_or(0.0)
}

/// The label a reference is printed with: its own, or its position.
pub(crate) fn reference_label(r: &Reference, pos: usize) -> String {
    match r.label.as_deref().map(str::trim) {
        Some(l) if !l.is_empty() => l.to_owned(),
        _ => (pos + 1).to_string(),
    }
}

pub(crate) fn grade(claim: &Claim) -> Grade {
    match &claim.evidence {
        Some(e) => Grade {
            scored: true,
            score: Some(e.score),
            score_text: format_score(e.score),
            certainty: e.certainty.as_str(),
            certainty_label: labels::certainty_label(e.certainty),
            certainty_symbol: labels::certainty_symbol(e.certainty),
            certainty_level: labels::certainty_level(e.certainty),
            tier: e.tier.as_str(),
            tier_label: labels::tier_label(e.tier),
            tier_level: labels::tier_level(e.tier),
        },
        None => Grade {
            scored: false,
            score: None,
            score_text: "–".to_owned(),
            certainty: "",
            certainty_label: "not graded",
            certainty_symbol: "",
            certainty_level: 0,
            tier: "",
            tier_label: "not graded",
            tier_level: "none",
        },
    }
}

pub(crate) fn format_score(score: f64) -> String {
    if score.is_finite() {
        format!("{:.2}", score.clamp(-1e6, 1e6))
    } else {
        "–".to_owned()
    }
}

/// "rodent models; mouse, rat; CCl4; LX-2; phase II; n = 40".
fn study_summary(claim: &Claim) -> String {
    let s = &claim.study;
    let mut parts: Vec<String> = Vec::new();
    if let Some(d) = s.design {
        parts.push(labels::design_label(d).to_owned());
    }
    let names = |cs: &[briefing_model::Concept]| {
        cs.iter()
            .map(|c| c.name.trim())
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for list in [&s.species, &s.models, &s.cell_lines] {
        let joined = names(list);
        if !joined.is_empty() {
            parts.push(joined);
        }
    }
    if let Some(phase) = s.phase.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        parts.push(format!("phase {phase}"));
    }
    if let Some(n) = s.n {
        parts.push(format!("n = {n}"));
    }
    parts.join("; ")
}
