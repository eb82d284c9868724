//! Overview: metadata, TL;DR, key figures, and a summary paragraph made of
//! the highest-scored claims.

use briefing_model::ClaimCategory;

use crate::index::score_of;
use crate::labels;
use crate::links;
use crate::plugin::SectionContext;
use crate::view::{Figure, MetaRow, Overview, SectionBody, SummaryPoint};

/// How many claims of each category the summary takes, at most.
const SUMMARY_PER_CATEGORY: [(ClaimCategory, usize); 4] = [
    (ClaimCategory::Mechanism, 2),
    (ClaimCategory::Outcome, 2),
    (ClaimCategory::Bottleneck, 1),
    (ClaimCategory::Strategy, 1),
];

pub(super) fn build(ctx: &SectionContext<'_>) -> SectionBody {
    let doc = ctx.document;
    let index = ctx.index;
    let m = &doc.metadata;

    let mut metadata = Vec::new();
    let mut row = |label: &'static str, value: Option<String>, url: Option<String>| {
        if let Some(value) = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) {
            metadata.push(MetaRow { label, value, url });
        }
    };
    if !m.authors.is_empty() {
        row("Authors", Some(m.authors.join(", ")), None);
    }
    row("Journal", m.journal.clone(), None);
    row("Published", m.date.clone(), None);
    row("DOI", m.doi.clone(), m.doi.as_deref().and_then(links::doi));
    row(
        "PMCID",
        m.pmcid.clone(),
        m.pmcid.as_deref().and_then(links::pmcid),
    );
    row(
        "PMID",
        m.pmid.clone(),
        m.pmid.as_deref().and_then(links::pmid),
    );
    if !m.keywords.is_empty() {
        row("Keywords", Some(m.keywords.join(", ")), None);
    }

    // The best claims of each category, positive ones first: a negated claim
    // only leads when nothing else is there.
    let mut summary = Vec::new();
    let mut used_sentences: Vec<&str> = Vec::new();
    for (category, take) in SUMMARY_PER_CATEGORY {
        let mut ids = index.claims_by_score(category);
        ids.sort_by_key(|&i| doc.claims[i].negated);
        let mut n = 0;
        for i in ids {
            if n == take || (n > 0 && score_of(&doc.claims[i]) <= 0.0) {
                break;
            }
            // One point per sentence: two claims of one sentence would
            // repeat its text.
            let sentence = &doc.claims[i].sentence.id;
            if !sentence.is_empty() && used_sentences.contains(&sentence.as_str()) {
                continue;
            }
            used_sentences.push(sentence.as_str());
            summary.push(SummaryPoint {
                lead: labels::category_plural(category),
                first_of_lead: n == 0,
                text: as_sentence(&doc.claims[i].text),
                claim: index.claim_view(i),
            });
            n += 1;
        }
    }

    let count = |c: ClaimCategory| {
        index
            .representatives()
            .filter(|&i| doc.claims[i].category == c)
            .count()
    };
    let concepts = super::entities::concept_count(doc);
    // A claim is cited when any of its statements cites a reference.
    let cited = index
        .representatives()
        .filter(|&i| {
            index
                .members(i)
                .iter()
                .any(|&m| !index.claim_citations(&doc.claims[m]).is_empty())
        })
        .count();
    let distinct = index.distinct_claims();
    let mut figures = vec![
        Figure {
            label: "Claims",
            value: distinct.to_string(),
        },
        Figure {
            label: "Mechanisms",
            value: count(ClaimCategory::Mechanism).to_string(),
        },
        Figure {
            label: "Outcomes",
            value: count(ClaimCategory::Outcome).to_string(),
        },
        Figure {
            label: "Bottlenecks",
            value: count(ClaimCategory::Bottleneck).to_string(),
        },
        Figure {
            label: "Strategies",
            value: count(ClaimCategory::Strategy).to_string(),
        },
        Figure {
            label: "Entities",
            value: concepts.to_string(),
        },
        Figure {
            label: "References",
            value: doc.references.len().to_string(),
        },
    ];
    if let Some(percent) = (cited * 100 + distinct / 2).checked_div(distinct) {
        figures.push(Figure {
            label: "Cited claims",
            value: format!("{percent}%"),
        });
    }

    SectionBody::Overview(Overview {
        metadata,
        tldr: m
            .tldr
            .as_ref()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty()),
        summary,
        figures,
    })
}

/// A clause made to stand as a sentence of the summary: a final stop, and
/// a capital when the first word is a plain lowercase word ("randomized" →
/// "Randomized"; "p53", "miR-29" and "mRNA" stay as they are).
fn as_sentence(text: &str) -> String {
    let mut out = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let first_word = out.split(' ').next().unwrap_or_default();
    if !first_word.is_empty() && first_word.chars().all(|c| c.is_lowercase()) {
        let mut chars = out.chars();
        if let Some(c) = chars.next() {
            out = c.to_uppercase().chain(chars).collect();
        }
    }
    let kept = out.trim_end_matches([',', ';', ':', ' ']).len();
    out.truncate(kept);
    if !out.is_empty() && !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::as_sentence;

    #[test]
    fn clauses_become_sentences() {
        assert_eq!(
            as_sentence("randomized trials  showed benefit"),
            "Randomized trials showed benefit."
        );
        assert_eq!(
            as_sentence("miR-29 limits fibrosis;"),
            "miR-29 limits fibrosis."
        );
        assert_eq!(as_sentence("p53 is induced"), "p53 is induced.");
        assert_eq!(as_sentence("MSCs secrete HGF."), "MSCs secrete HGF.");
        assert_eq!(as_sentence(""), "");
    }
}
