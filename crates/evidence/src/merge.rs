//! Scoring documents and merging identical claims, in one document or
//! across a corpus.

use std::collections::BTreeMap;

use briefing_model::{Claim, ClaimCategory, Document, Evidence};
use serde::{Deserialize, Serialize};

use crate::belief::assess;
use crate::config::Config;
use crate::statement::{Statement, statements};

/// Scores claims with one configuration.
#[derive(Debug, Clone, Default)]
pub struct Scorer {
    config: Config,
}

/// A claim merged from every statement of it: one line of a briefing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergedClaim {
    /// The normalized claim (see [`crate::claim_key`]).
    pub key: String,
    /// The document of the representative statement.
    pub document: String,
    /// The representative statement (the strongest tier, unhedged before
    /// hedged, then the first), with the merged evidence in
    /// `claim.evidence`.
    pub claim: Claim,
    /// Every statement of the claim, in input order.
    pub mentions: Vec<Mention>,
}

/// Where a merged claim is stated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub document: String,
    pub claim: String,
    pub sentence: String,
    pub text: String,
    pub hedged: bool,
}

/// A statement with where it came from.
struct Located<'a> {
    doc: usize,
    index: usize,
    claim: &'a Claim,
    document: &'a Document,
    statement: Statement,
}

impl Scorer {
    pub fn new(config: Config) -> Self {
        Scorer { config }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Fills `evidence` on every claim of the document. Claims with the same
    /// key share one evidence (score, certainty, tier, breakdown), whose
    /// `mentions` lists them all.
    pub fn score_document(&self, doc: &mut Document) {
        let keyed = statements(doc, &self.config, false);
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, (key, _)) in keyed.iter().enumerate() {
            groups.entry(base_key(key)).or_default().push(i);
        }
        let mut results: Vec<Option<Evidence>> = vec![None; keyed.len()];
        for members in groups.values() {
            let group: Vec<Statement> = members.iter().map(|&i| keyed[i].1.clone()).collect();
            for polarity in [false, true] {
                let same: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|&i| keyed[i].1.negated == polarity)
                    .collect();
                let Some(&first) = same.first() else { continue };
                let mut evidence = assess(&group, polarity, &self.config);
                evidence.key = keyed[first].0.clone();
                if same.len() > 1 {
                    evidence.mentions = same.iter().map(|&i| doc.claims[i].id.clone()).collect();
                }
                for &i in &same {
                    results[i] = Some(evidence.clone());
                }
            }
        }
        for (claim, evidence) in doc.claims.iter_mut().zip(results) {
            claim.evidence = evidence;
        }
    }

    /// The claims of one document, merged: one entry per normalized claim
    /// and polarity. Ids in breakdowns are the document's own (`C4`, `R12`).
    pub fn merge_document(&self, doc: &Document) -> Vec<MergedClaim> {
        self.merge(std::slice::from_ref(doc), false)
    }

    /// The claims of many documents, merged across them: a reference cited by
    /// several documents (same DOI, PMID or PMCID) counts once, each
    /// document's own statement is one more independent unit, and ids in
    /// breakdowns are qualified by document (`doc/C4`, `doc/R12`).
    pub fn merge_corpus(&self, docs: &[Document]) -> Vec<MergedClaim> {
        self.merge(docs, true)
    }

    fn merge(&self, docs: &[Document], qualify: bool) -> Vec<MergedClaim> {
        let mut groups: BTreeMap<String, Vec<(String, Located<'_>)>> = BTreeMap::new();
        for (d, document) in docs.iter().enumerate() {
            for (index, (key, statement)) in statements(document, &self.config, qualify)
                .into_iter()
                .enumerate()
            {
                let Some(claim) = document.claims.get(index) else {
                    continue;
                };
                let located = Located {
                    doc: d,
                    index,
                    claim,
                    document,
                    statement,
                };
                groups
                    .entry(base_key(&key).to_owned())
                    .or_default()
                    .push((key, located));
            }
        }
        let mut merged = Vec::new();
        for members in groups.into_values() {
            let all: Vec<Statement> = members.iter().map(|(_, l)| l.statement.clone()).collect();
            for polarity in [false, true] {
                let same: Vec<&(String, Located<'_>)> = members
                    .iter()
                    .filter(|(_, l)| l.statement.negated == polarity)
                    .collect();
                let Some(representative) = same
                    .iter()
                    .copied()
                    .min_by(|a, b| rank(&a.1).cmp(&rank(&b.1)))
                else {
                    continue;
                };
                let mut evidence = assess(&all, polarity, &self.config);
                evidence.key = representative.0.clone();
                let mentions: Vec<Mention> = same
                    .iter()
                    .map(|(_, l)| Mention {
                        document: l.document.id.clone(),
                        claim: l.statement.claim.clone(),
                        sentence: l.statement.sentence.clone(),
                        text: l.claim.text.clone(),
                        hedged: l.claim.hedged,
                    })
                    .collect();
                if mentions.len() > 1 {
                    evidence.mentions = mentions.iter().map(|m| m.claim.clone()).collect();
                }
                let mut claim = representative.1.claim.clone();
                claim.evidence = Some(evidence);
                merged.push(MergedClaim {
                    key: representative.0.clone(),
                    document: representative.1.document.id.clone(),
                    claim,
                    mentions,
                });
            }
        }
        merged.sort_by(|a, b| {
            category_rank(a.claim.category)
                .cmp(&category_rank(b.claim.category))
                .then_with(|| score(b).total_cmp(&score(a)))
                .then_with(|| a.key.cmp(&b.key))
        });
        merged
    }
}

/// The key without its polarity: what contradicting claims share.
fn base_key(key: &str) -> &str {
    key.strip_suffix("|negated").unwrap_or(key)
}

/// Strongest tier first, unhedged first, then input order.
fn rank(l: &Located<'_>) -> (std::cmp::Reverse<briefing_model::Tier>, bool, usize, usize) {
    (
        std::cmp::Reverse(l.statement.tier),
        l.statement.hedged,
        l.doc,
        l.index,
    )
}

fn category_rank(c: ClaimCategory) -> usize {
    ClaimCategory::ALL
        .iter()
        .position(|x| *x == c)
        .unwrap_or(usize::MAX)
}

fn score(m: &MergedClaim) -> f64 {
    m.claim.evidence.as_ref().map_or(0.0, |e| e.score)
}
