//! Provenance: every claim, the sentence it comes from, the references that
//! sentence cites, and the factors of its score.

use crate::escape::anchor;
use crate::plugin::SectionContext;
use crate::view::{FactorView, Provenance, ProvenanceEntry, SectionBody};

pub(super) fn build(ctx: &SectionContext<'_>) -> SectionBody {
    let doc = ctx.document;
    let index = ctx.index;
    let entries = doc
        .claims
        .iter()
        .enumerate()
        .map(|(i, claim)| {
            let sentence = index.sentence(claim);
            let section_index = sentence.map_or(claim.sentence.section, |(s, _)| s);
            let section = doc
                .sections
                .get(section_index)
                .map(|s| s.title.trim().to_owned())
                .unwrap_or_default();
            // The sentence as annotated; else the claim's own span of the text.
            let sentence_text = match sentence {
                Some((_, s)) => s.text.trim().to_owned(),
                None => doc
                    .text
                    .get(claim.sentence.start..claim.sentence.end)
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .unwrap_or(claim.text.trim())
                    .to_owned(),
            };
            let factors = claim
                .evidence
                .iter()
                .flat_map(|e| &e.breakdown)
                .map(|f| FactorView {
                    name: f.name.clone(),
                    value_text: signed(f.value),
                    detail: f.detail.trim().to_owned(),
                    items: f.items.clone(),
                })
                .collect();
            ProvenanceEntry {
                claim: index.claim_view(i),
                anchor: anchor("claim", i),
                sentence_id: claim.sentence.id.clone(),
                section,
                sentence: sentence_text,
                document: None,
                factors,
            }
        })
        .collect();
    SectionBody::Provenance(Provenance { entries })
}

fn signed(v: f64) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    let v = v.clamp(-1e6, 1e6);
    if v > 0.0 {
        format!("+{v:.2}")
    } else if v < 0.0 {
        format!("−{:.2}", -v)
    } else {
        "0.00".to_owned()
    }
}
