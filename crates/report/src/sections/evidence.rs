//! The evidence profile: how many claims rest on which tier of evidence,
//! with which certainty.

use briefing_model::{Certainty, ClaimCategory, Tier};

use crate::chart;
use crate::labels::{self, CERTAINTIES_HIGHEST_FIRST, TIERS_STRONGEST_FIRST};
use crate::plugin::SectionContext;
use crate::view::{Count, EvidenceProfile, SectionBody, TierRow};

pub(super) fn build(ctx: &SectionContext<'_>) -> SectionBody {
    let claims = &ctx.document.claims;
    let certainty_pos = |c: Certainty| {
        CERTAINTIES_HIGHEST_FIRST
            .iter()
            .position(|x| *x == c)
            .unwrap_or(0)
    };
    let mut rows: Vec<TierRow> = TIERS_STRONGEST_FIRST
        .iter()
        .map(|&t| TierRow {
            tier: t.as_str(),
            label: labels::tier_label(t),
            level: labels::tier_level(t),
            counts: vec![0; CERTAINTIES_HIGHEST_FIRST.len()],
            unscored: 0,
            total: 0,
        })
        .collect();
    let tier_pos = |t: Tier| {
        TIERS_STRONGEST_FIRST
            .iter()
            .position(|x| *x == t)
            .unwrap_or(0)
    };
    let mut scored = 0;
    let mut unscored = 0;
    let mut certainty_totals = vec![0usize; CERTAINTIES_HIGHEST_FIRST.len()];
    let distinct: Vec<&briefing_model::Claim> =
        ctx.index.representatives().map(|i| &claims[i]).collect();
    for claim in &distinct {
        match &claim.evidence {
            Some(e) => {
                let row = &mut rows[tier_pos(e.tier)];
                row.counts[certainty_pos(e.certainty)] += 1;
                row.total += 1;
                certainty_totals[certainty_pos(e.certainty)] += 1;
                scored += 1;
            }
            None => unscored += 1,
        }
    }
    rows.retain(|r| r.total > 0);
    if unscored > 0 {
        rows.push(TierRow {
            tier: "unscored",
            label: "not scored",
            level: "none",
            counts: vec![0; CERTAINTIES_HIGHEST_FIRST.len()],
            unscored,
            total: unscored,
        });
    }
    let certainties = CERTAINTIES_HIGHEST_FIRST
        .iter()
        .zip(&certainty_totals)
        .map(|(&c, &count)| Count {
            key: c.as_str(),
            label: labels::certainty_label(c),
            count,
        })
        .collect();
    let categories = ClaimCategory::ALL
        .iter()
        .map(|&c| Count {
            key: labels::category_key(c),
            label: labels::category_plural(c),
            count: distinct.iter().filter(|x| x.category == c).count(),
        })
        .collect();
    let chart_svg = (!rows.is_empty()).then(|| chart::tier_chart(&rows));
    SectionBody::EvidenceProfile(EvidenceProfile {
        total: distinct.len(),
        statements: claims.len(),
        scored,
        hedged: distinct.iter().filter(|c| c.hedged).count(),
        negated: distinct.iter().filter(|c| c.negated).count(),
        certainties,
        tiers: rows,
        categories,
        chart_svg,
    })
}
