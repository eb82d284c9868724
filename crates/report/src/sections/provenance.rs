//! Provenance: every claim, the sentence it comes from, the references that
//! sentence cites, and the factors of its score.

use crate::escape::anchor;
use crate::labels::{relation_effect, relation_verb};
use crate::plugin::SectionContext;
use crate::view::{FactorView, MechanismLine, Provenance, ProvenanceEntry, SectionBody};

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
            // Merged statements share one evidence: its factors are listed
            // once, under the statement that stands for the group.
            let rep = index.representative_of(i);
            let factors = if rep == i {
                claim
                    .evidence
                    .iter()
                    .flat_map(|e| &e.breakdown)
                    .map(|f| FactorView {
                        name: f.name.clone(),
                        value_text: number(f.value),
                        detail: f.detail.trim().to_owned(),
                        items: f.items.clone(),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let claim_is_sentence = same_text(&claim.text, &sentence_text);
            ProvenanceEntry {
                claim: index.claim_view(i),
                anchor: anchor("claim", i),
                sentence_id: claim.sentence.id.clone(),
                section,
                sentence: sentence_text,
                document: None,
                claim_is_sentence,
                mechanism: mechanism_line(claim),
                evidence_of: (rep != i).then(|| index.claim_ref(rep)),
                factors,
            }
        })
        .collect();
    SectionBody::Provenance(Provenance { entries })
}

/// A factor's value as printed: two decimals, a real minus sign.
fn number(v: f64) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    let v = v.clamp(-1e6, 1e6);
    if v < 0.0 {
        format!("−{:.2}", -v)
    } else {
        format!("{v:.2}")
    }
}

/// True when a claim's text is its whole sentence (up to spacing and final
/// punctuation), so the briefing prints it once.
fn same_text(claim: &str, sentence: &str) -> bool {
    let norm = |t: &str| {
        t.trim()
            .trim_end_matches(['.', ';', ':', '!', '?'])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    norm(claim) == norm(sentence)
}

fn mechanism_line(claim: &briefing_model::Claim) -> Option<MechanismLine> {
    if claim.category != briefing_model::ClaimCategory::Mechanism {
        return None;
    }
    let text = |a: &Option<briefing_model::Argument>| {
        a.as_ref()
            .map(|a| a.text.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty())
    };
    let kind = claim.relation.as_ref().map(|r| r.kind).unwrap_or_default();
    Some(MechanismLine {
        agent: text(&claim.subject)?,
        verb: relation_verb(kind),
        effect: relation_effect(kind),
        target: text(&claim.object)?,
    })
}
