//! Mechanisms: who does what to whom, with the evidence grade of each
//! claim, and the graph of them all.

use briefing_model::{Argument, ClaimCategory};

use crate::graph;
use crate::labels::{relation_effect, relation_verb};
use crate::links;
use crate::plugin::SectionContext;
use crate::view::{MechanismRow, Mechanisms, Participant, RelationView, SectionBody};

fn participant(a: &Option<Argument>) -> Option<Participant> {
    let a = a.as_ref()?;
    let text = a.text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then(|| Participant {
        text,
        entity_type: a.kind.map(|k| k.as_str()),
        ids: a.ids.iter().map(|id| links::curie(id)).collect(),
    })
}

pub(super) fn build(ctx: &SectionContext<'_>) -> SectionBody {
    let doc = ctx.document;
    let rows = ctx
        .index
        .claims_by_score(ClaimCategory::Mechanism)
        .into_iter()
        .map(|i| {
            let c = &doc.claims[i];
            let kind = c.relation.as_ref().map(|r| r.kind).unwrap_or_default();
            MechanismRow {
                agent: participant(&c.subject),
                relation: RelationView {
                    kind: kind.as_str(),
                    verb: relation_verb(kind),
                    effect: relation_effect(kind),
                    text: c
                        .relation
                        .as_ref()
                        .map(|r| r.text.trim().to_owned())
                        .unwrap_or_default(),
                },
                target: participant(&c.object),
                claim: ctx.index.claim_view(i),
            }
        })
        .collect();
    SectionBody::Mechanisms(Mechanisms {
        rows,
        graph: graph::build(doc),
    })
}
