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
    /// Every statement of the claim, by document id, then in document
    /// order.
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

/// The evidence of one normalized claim and polarity, and the claims
/// (document index, claim index) stated under it, in input order.
struct Assessed {
    key: String,
    evidence: Evidence,
    members: Vec<(usize, usize)>,
    representative: (usize, usize),
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
    /// `mentions` lists their ids.
    pub fn score_document(&self, doc: &mut Document) {
        self.fill(std::slice::from_mut(doc), false);
    }

    /// Fills `evidence` on every claim of every document with the evidence
    /// of the whole corpus: what [`Scorer::merge_corpus`] computes, on each
    /// claim (ids in breakdowns and `mentions` qualified as `doc/C4`).
    pub fn score_corpus(&self, docs: &mut [Document]) {
        self.fill(docs, true);
    }

    /// The claims of one document, merged: one entry per normalized claim
    /// and polarity. Ids in breakdowns are the document's own (`C4`, `R12`).
    pub fn merge_document(&self, doc: &Document) -> Vec<MergedClaim> {
        self.merge(std::slice::from_ref(doc), false)
    }

    /// The claims of many documents, merged across them: a reference cited by
    /// several documents (same DOI, PMID or PMCID) counts once, each
    /// document's own uncited statement is one more unit, and ids in
    /// breakdowns are qualified by document (`doc/C4`, `doc/R12`). Sorted by
    /// category, then score (highest first), then key.
    pub fn merge_corpus(&self, docs: &[Document]) -> Vec<MergedClaim> {
        self.merge(docs, true)
    }

    fn fill(&self, docs: &mut [Document], qualify: bool) {
        for assessed in self.assess_all(docs, qualify) {
            for &(d, i) in &assessed.members {
                if let Some(claim) = docs.get_mut(d).and_then(|doc| doc.claims.get_mut(i)) {
                    claim.evidence = Some(assessed.evidence.clone());
                }
            }
        }
    }

    fn merge(&self, docs: &[Document], qualify: bool) -> Vec<MergedClaim> {
        let label = |d: usize, id: &str| {
            if qualify {
                format!("{}/{id}", docs[d].id)
            } else {
                id.to_owned()
            }
        };
        let mut merged: Vec<MergedClaim> = self
            .assess_all(docs, qualify)
            .into_iter()
            .map(|assessed| {
                let mentions = assessed
                    .members
                    .iter()
                    .map(|&(d, i)| {
                        let claim = &docs[d].claims[i];
                        Mention {
                            document: docs[d].id.clone(),
                            claim: label(d, &claim.id),
                            sentence: label(d, &claim.sentence.id),
                            text: claim.text.clone(),
                            hedged: claim.hedged,
                        }
                    })
                    .collect();
                let (d, i) = assessed.representative;
                let mut claim = docs[d].claims[i].clone();
                claim.evidence = Some(assessed.evidence);
                MergedClaim {
                    key: assessed.key,
                    document: docs[d].id.clone(),
                    claim,
                    mentions,
                }
            })
            .collect();
        merged.sort_by(|a, b| {
            category_rank(a.claim.category)
                .cmp(&category_rank(b.claim.category))
                .then_with(|| score(b).total_cmp(&score(a)))
                .then_with(|| a.key.cmp(&b.key))
        });
        merged
    }

    /// Groups every claim by its key without polarity (what contradicting
    /// claims share), then assesses each polarity present.
    fn assess_all(&self, docs: &[Document], qualify: bool) -> Vec<Assessed> {
        let mut groups: BTreeMap<String, Vec<Member>> = BTreeMap::new();
        for (d, doc) in docs.iter().enumerate() {
            for (i, (key, statement)) in statements(doc, &self.config, qualify)
                .into_iter()
                .enumerate()
            {
                groups
                    .entry(base_key(&key).to_owned())
                    .or_default()
                    .push((key, (d, i), statement));
            }
        }
        let mut out = Vec::with_capacity(groups.len());
        for members in groups.into_values() {
            let all: Vec<Statement> = members.iter().map(|(_, _, s)| s.clone()).collect();
            for polarity in [false, true] {
                let mut same: Vec<&Member> = members
                    .iter()
                    .filter(|(_, _, s)| s.negated == polarity)
                    .collect();
                // Mentions in document-id order, then document order: the
                // same whatever order the documents come in.
                same.sort_by(|(_, a, _), (_, b, _)| {
                    (docs[a.0].id.as_str(), a).cmp(&(docs[b.0].id.as_str(), b))
                });
                // The representative: strongest tier, unhedged first, then
                // the first mention.
                let Some(rep) = same
                    .iter()
                    .enumerate()
                    .min_by_key(|(k, (_, _, s))| (std::cmp::Reverse(s.tier), s.hedged, *k))
                    .map(|(_, m)| m)
                else {
                    continue;
                };
                let mut evidence = assess(&all, polarity, &self.config);
                evidence.key = rep.0.clone();
                if same.len() > 1 {
                    evidence.mentions = same.iter().map(|(_, _, s)| s.claim.clone()).collect();
                }
                out.push(Assessed {
                    key: rep.0.clone(),
                    evidence,
                    members: same.iter().map(|(_, at, _)| *at).collect(),
                    representative: rep.1,
                });
            }
        }
        out
    }
}

/// A claim's key, its (document index, claim index), its statement.
type Member = (String, (usize, usize), Statement);

/// The key without its polarity: what contradicting claims share.
fn base_key(key: &str) -> &str {
    key.strip_suffix("|negated").unwrap_or(key)
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
