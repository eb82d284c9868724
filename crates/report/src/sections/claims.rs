//! Outcomes, bottlenecks and emerging strategies: the claims of one
//! category, best-supported first.

use briefing_model::ClaimCategory;

use crate::labels;
use crate::plugin::SectionContext;
use crate::view::{ClaimList, SectionBody};

pub(super) fn build(ctx: &SectionContext<'_>, category: ClaimCategory) -> SectionBody {
    let claims: Vec<_> = ctx
        .index
        .claims_by_score(category)
        .into_iter()
        .map(|i| ctx.index.claim_view(i))
        .collect();
    let has_items = claims.iter().any(|c| !c.items.is_empty());
    SectionBody::Claims(ClaimList {
        category: labels::category_key(category),
        claims,
        has_items,
    })
}
