//! GRADE-like certainty: start from the design, go down for hedging,
//! indirectness, inconsistency and imprecision, up for consistent support
//! from several independent studies, and never above `unsourced_cap` for a
//! claim no statement of which cites a reference.

use briefing_model::{Certainty, ClaimCategory, Factor, Tier};

use crate::belief::{Unit, tier_label};
use crate::config::Config;
use crate::statement::Statement;

/// Grades the supporting evidence and appends one `certainty_*` factor per
/// rule that applied (values are level changes; the start is a level,
/// 0 = very low to 3 = high).
pub(crate) fn grade(
    support: &[&Statement],
    units: &[Unit],
    tier: Tier,
    support_belief: f64,
    against_belief: f64,
    config: &Config,
    breakdown: &mut Vec<Factor>,
) -> Certainty {
    let rules = &config.certainty;
    let start = config.tiers.get(tier).certainty;
    breakdown.push(Factor {
        name: "certainty_start".into(),
        value: f64::from(start.level()),
        detail: format!(
            "starts {} from the best design: {}",
            label(start),
            tier_label(tier)
        ),
        items: vec![],
    });
    let mut g = Grade {
        level: i32::from(start.level()),
        downgraded: false,
        factors: breakdown,
    };

    if support.iter().all(|s| s.hedged) {
        g.apply(
            "certainty_hedging",
            -1,
            "down 1: every supporting statement is hedged".into(),
            claims(support.iter().copied()),
        );
    }

    let outcome = support.iter().any(|s| s.category == ClaimCategory::Outcome);
    if outcome && tier >= Tier::InVitroCellLine && !tier.is_clinical() {
        g.apply(
            "certainty_indirectness",
            -1,
            format!(
                "down 1: an outcome resting on {} only, not on patients",
                tier_label(tier)
            ),
            vec![],
        );
    }

    if against_belief > 0.0 {
        let (change, why) = if against_belief >= support_belief {
            (
                -2,
                "down 2: contradicting evidence at least as strong as the support",
            )
        } else {
            (-1, "down 1: contradicting evidence exists")
        };
        g.apply("certainty_inconsistency", change, why.into(), vec![]);
    }

    if tier.is_clinical() {
        let best: Vec<&Statement> = support.iter().copied().filter(|s| s.tier == tier).collect();
        let sizes: Vec<u64> = best.iter().filter_map(|s| s.participants).collect();
        if !sizes.is_empty() && sizes.iter().all(|&n| n < rules.min_participants) {
            let largest = sizes.iter().max().copied().unwrap_or(0);
            g.apply(
                "certainty_imprecision",
                -1,
                format!(
                    "down 1: largest stated size {largest} < {}",
                    rules.min_participants
                ),
                claims(best.iter().copied()),
            );
        }
    }

    let references: Vec<String> = units
        .iter()
        .filter(|u| u.is_reference())
        .map(|u| u.label.clone())
        .collect();
    if !g.downgraded
        && against_belief == 0.0
        && references.len() >= rules.several_studies as usize
        && g.level < 3
    {
        g.apply(
            "certainty_consistency",
            1,
            format!(
                "up 1: {} independent references agree, none contradicts",
                references.len()
            ),
            references.clone(),
        );
    }

    let mut grade = Certainty::from_level(g.level.clamp(0, 3) as u8);
    if references.is_empty() && grade > rules.unsourced_cap {
        breakdown.push(Factor {
            name: "certainty_unsourced_cap".into(),
            value: f64::from(rules.unsourced_cap.level()),
            detail: format!(
                "capped at {}: no supporting statement cites a reference",
                label(rules.unsourced_cap)
            ),
            items: vec![],
        });
        grade = rules.unsourced_cap;
    }
    grade
}

/// The running grade and the factors explaining it.
struct Grade<'a> {
    level: i32,
    downgraded: bool,
    factors: &'a mut Vec<Factor>,
}

impl Grade<'_> {
    fn apply(&mut self, name: &str, change: i32, detail: String, items: Vec<String>) {
        self.level += change;
        self.downgraded |= change < 0;
        self.factors.push(Factor {
            name: name.into(),
            value: f64::from(change),
            detail,
            items,
        });
    }
}

fn claims<'a>(statements: impl Iterator<Item = &'a Statement>) -> Vec<String> {
    let mut ids: Vec<String> = statements.map(|s| s.claim.clone()).collect();
    ids.sort();
    ids.dedup();
    ids
}

pub(crate) fn label(c: Certainty) -> &'static str {
    match c {
        Certainty::VeryLow => "very low",
        Certainty::Low => "low",
        Certainty::Moderate => "moderate",
        Certainty::High => "high",
    }
}
