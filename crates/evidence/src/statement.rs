//! Statements: each claim of a document, flattened to what the model needs.

use std::collections::HashMap;

use briefing_model::{Claim, ClaimCategory, Document, Reference, Tier};

use crate::config::Config;
use crate::key::Keys;
use crate::tier::tier_of;

/// One statement of a claim: a claim of one document, with its tier and
/// the references it cites. Claims merged under one key are several
/// statements of the same claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The document's id.
    pub document: String,
    /// The claim's id, as shown in breakdowns (`C4`, or `doc/C4` in corpus
    /// mode).
    pub claim: String,
    /// The sentence's id, as shown in breakdowns.
    pub sentence: String,
    /// The section index (with `document`, what makes two statements come
    /// from different sections).
    pub section: usize,
    pub category: ClaimCategory,
    pub negated: bool,
    pub hedged: bool,
    /// Hedging (and negation) cue words of the claim.
    pub cues: Vec<String>,
    pub tier: Tier,
    /// Number of participants or animals, where stated.
    pub participants: Option<u64>,
    /// The distinct references cited.
    pub references: Vec<CitedReference>,
    /// The year the statement was made (the document's year, else its newest
    /// reference's), against which reference ages are measured.
    pub as_of: Option<i32>,
}

/// A reference cited by a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedReference {
    /// What makes two citations the same study: `doi:...`, `pmid:...`,
    /// `pmcid:...`, else `ref:<document>#<reference id>`.
    pub key: String,
    /// As shown in breakdowns (`R12`, or `doc/R12` in corpus mode).
    pub label: String,
    pub year: Option<i32>,
}

/// The statements of a document, one per claim in claim order, with each
/// claim's key.
pub(crate) fn statements(
    doc: &Document,
    config: &Config,
    qualify: bool,
) -> Vec<(String, Statement)> {
    let refs: HashMap<&str, &Reference> =
        doc.references.iter().map(|r| (r.id.as_str(), r)).collect();
    let as_of = document_year(doc);
    let keys = Keys::new(doc);
    doc.claims
        .iter()
        .map(|claim| {
            (
                keys.key(claim),
                statement(doc, claim, &refs, as_of, config, qualify),
            )
        })
        .collect()
}

fn statement(
    doc: &Document,
    claim: &Claim,
    refs: &HashMap<&str, &Reference>,
    as_of: Option<i32>,
    config: &Config,
    qualify: bool,
) -> Statement {
    let label = |id: &str| {
        if qualify {
            format!("{}/{id}", doc.id)
        } else {
            id.to_owned()
        }
    };
    let mut references: Vec<CitedReference> = claim
        .citations
        .iter()
        .filter(|id| !id.is_empty())
        .map(|id| {
            let reference = refs.get(id.as_str()).copied();
            CitedReference {
                key: reference
                    .and_then(identity)
                    .unwrap_or_else(|| format!("ref:{}#{id}", doc.id)),
                label: label(id),
                year: reference.and_then(|r| r.year),
            }
        })
        .collect();
    // One study cited twice (or listed twice under one DOI) counts once.
    references.sort_by(|a, b| a.key.cmp(&b.key).then_with(|| a.label.cmp(&b.label)));
    references.dedup_by(|b, a| a.key == b.key);
    Statement {
        document: doc.id.clone(),
        claim: label(&claim.id),
        sentence: label(&claim.sentence.id),
        section: claim.sentence.section,
        category: claim.category,
        negated: claim.negated,
        hedged: claim.hedged,
        cues: claim.cues.clone(),
        tier: tier_of(&claim.study, !references.is_empty(), &config.species),
        participants: claim.study.n,
        references,
        as_of,
    }
}

/// The study behind a reference, across documents: DOI, else PMID, else
/// PMCID.
fn identity(reference: &Reference) -> Option<String> {
    if let Some(doi) = reference
        .doi
        .as_deref()
        .map(normalize_doi)
        .filter(|d| !d.is_empty())
    {
        return Some(format!("doi:{doi}"));
    }
    if let Some(pmid) = reference
        .pmid
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        return Some(format!("pmid:{pmid}"));
    }
    let pmcid = reference
        .pmcid
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())?;
    Some(format!("pmcid:{}", pmcid.to_ascii_uppercase()))
}

fn normalize_doi(doi: &str) -> String {
    let doi = doi.trim();
    let lower = doi.to_lowercase();
    let stripped = [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ]
    .iter()
    .find_map(|p| lower.strip_prefix(p))
    .unwrap_or(&lower);
    stripped.trim().to_owned()
}

/// The year of a document: its date, else its newest reference.
pub(crate) fn document_year(doc: &Document) -> Option<i32> {
    let dated = doc
        .metadata
        .date
        .as_deref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse::<i32>().ok());
    dated.or_else(|| doc.references.iter().filter_map(|r| r.year).max())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_identity_prefers_doi_then_pmid_then_pmcid() {
        let r = |doi: Option<&str>, pmid: Option<&str>, pmcid: Option<&str>| Reference {
            doi: doi.map(Into::into),
            pmid: pmid.map(Into::into),
            pmcid: pmcid.map(Into::into),
            ..Reference::default()
        };
        assert_eq!(
            identity(&r(Some("https://doi.org/10.1/ABC"), Some("1"), None)).unwrap(),
            "doi:10.1/abc"
        );
        assert_eq!(
            identity(&r(Some(" "), Some("123"), None)).unwrap(),
            "pmid:123"
        );
        assert_eq!(
            identity(&r(None, None, Some("pmc9"))).unwrap(),
            "pmcid:PMC9"
        );
        assert_eq!(identity(&r(None, None, None)), None);
    }

    #[test]
    fn document_year_from_date_else_newest_reference() {
        let mut doc = Document::new("d");
        assert_eq!(document_year(&doc), None);
        doc.references = vec![
            Reference {
                year: Some(2001),
                ..Reference::default()
            },
            Reference {
                year: Some(2019),
                ..Reference::default()
            },
        ];
        assert_eq!(document_year(&doc), Some(2019));
        doc.metadata.date = Some("2026-02-04".into());
        assert_eq!(document_year(&doc), Some(2026));
        doc.metadata.date = Some("n.d.".into());
        assert_eq!(document_year(&doc), Some(2019));
    }
}
