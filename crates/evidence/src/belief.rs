//! The belief function: independent units of evidence, combined by a
//! noisy-OR with a ceiling per tier, plus restatements, minus contradiction.
//! Every quantity is computed over sorted collections, so the order of the
//! statements never matters and the same input gives the same bits.

use std::collections::{BTreeMap, BTreeSet};

use briefing_model::{Evidence, Factor, Tier};

use crate::certainty::grade;
use crate::config::Config;
use crate::statement::Statement;

/// One independent unit of evidence: a distinct cited study, or a
/// document's own (uncited) statement of the claim.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unit {
    /// What makes units the same (the reference's identity, or
    /// `statement:<document>`; reference keys start with `doi:`, `pmid:`,
    /// `pmcid:` or `ref:`, so the two never meet).
    pub key: String,
    /// As shown in breakdowns.
    pub label: String,
    /// A cited reference (else the document's uncited statements).
    pub cited: bool,
    /// The claim whose statement gives the unit its strength.
    pub claim: String,
    pub tier: Tier,
    pub prior: f64,
    pub hedge: f64,
    pub recency: f64,
    pub unsourced: f64,
    pub year: Option<i32>,
    pub as_of: Option<i32>,
    pub strength: f64,
    /// The strongest offer of each tier for this unit (the fields above
    /// describe the strongest offer overall, for display).
    pub offers: BTreeMap<Tier, f64>,
}

impl Unit {
    /// A total order: stronger first, then higher tier, then the smaller
    /// claim and label (so ties resolve the same way in any input order).
    fn beats(&self, other: &Unit) -> bool {
        self.strength
            .total_cmp(&other.strength)
            .then(self.tier.cmp(&other.tier))
            .then(other.claim.cmp(&self.claim))
            .then(other.label.cmp(&self.label))
            .is_gt()
    }

    pub fn is_reference(&self) -> bool {
        self.cited
    }
}

/// The units behind one side (supporting or contradicting statements),
/// sorted by key.
pub(crate) fn units(side: &[&Statement], config: &Config) -> Vec<Unit> {
    let mut best: BTreeMap<String, Unit> = BTreeMap::new();
    for s in side {
        let prior = config.tiers.get(s.tier).prior;
        let hedge = config.hedging.factor(s.hedged, &s.cues);
        let mut offer = |unit: Unit| match best.get_mut(&unit.key) {
            Some(current) => {
                let slot = current.offers.entry(unit.tier).or_insert(unit.strength);
                *slot = slot.max(unit.strength);
                if unit.beats(current) {
                    let offers = std::mem::take(&mut current.offers);
                    *current = Unit { offers, ..unit };
                }
            }
            None => {
                let mut unit = unit;
                unit.offers.insert(unit.tier, unit.strength);
                best.insert(unit.key.clone(), unit);
            }
        };
        if s.references.is_empty() {
            // A statement with a design but no reference: the review's
            // unverifiable word. Without a design the uncited prior already
            // says so.
            let unsourced = if s.tier > Tier::ReviewAssertion {
                config.citations.unsourced_factor
            } else {
                1.0
            };
            offer(Unit {
                key: format!("statement:{}", s.document),
                label: s.claim.clone(),
                cited: false,
                claim: s.claim.clone(),
                tier: s.tier,
                prior,
                hedge,
                recency: 1.0,
                unsourced,
                year: None,
                as_of: s.as_of,
                strength: prior * hedge * unsourced,
                offers: BTreeMap::new(),
            });
        }
        for r in &s.references {
            let recency = config.recency.factor(r.year, s.as_of);
            offer(Unit {
                key: r.key.clone(),
                label: r.label.clone(),
                cited: true,
                claim: s.claim.clone(),
                tier: s.tier,
                prior,
                hedge,
                recency,
                unsourced: 1.0,
                year: r.year,
                as_of: s.as_of,
                strength: prior * hedge * recency,
                offers: BTreeMap::new(),
            });
        }
    }
    best.into_values().collect()
}

/// The belief from independent units: for each tier `t`, a noisy-OR over
/// every unit with evidence of tier `t` or stronger, bounded by `t`'s
/// ceiling; the best tier decides:
/// `max_t c_t (1 - prod_u (1 - min(1, s_u(t) / c_t)))`, where `s_u(t)` is the
/// strongest offer of unit `u` of tier `t` or above. Returns the belief and
/// the deciding tier.
///
/// Stronger evidence is never outweighed by more of the weaker kind (ten
/// mouse studies reach at most the rodent ceiling), and the function only
/// grows when a unit is added, strengthened or backed by a higher tier.
pub(crate) fn combine(units: &[Unit], config: &Config) -> (f64, Option<Tier>) {
    let mut best: (f64, Option<Tier>) = (0.0, None);
    for tier in Tier::ALL {
        let ceiling = config.tiers.get(tier).ceiling;
        if ceiling <= 0.0 {
            continue;
        }
        let mut miss = 1.0;
        let mut any = false;
        for u in units {
            let offer = u
                .offers
                .range(tier..)
                .map(|(_, s)| *s)
                .fold(f64::NEG_INFINITY, f64::max);
            if offer >= 0.0 {
                any = true;
                miss *= 1.0 - (offer / ceiling).min(1.0);
            }
        }
        let belief = ceiling * (1.0 - miss);
        if !any {
            continue;
        }
        // On a tie (up to rounding) the higher tier is named as deciding.
        if best.1.is_none() || belief >= best.0 - 1e-12 {
            best.1 = Some(tier);
        }
        best.0 = best.0.max(belief);
    }
    (best.0.clamp(0.0, 1.0), best.1)
}

/// Restatements of a claim on one side: further sections (or documents)
/// and further sentences, strongest weight first, at most
/// `max_restatements`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Agreement {
    /// Every distinct sentence stating the claim, sorted.
    pub sentences: Vec<String>,
    /// Distinct (document, section) pairs.
    pub sections: usize,
    /// Restatements counted at the section weight and at the sentence weight.
    pub section_units: usize,
    pub sentence_units: usize,
}

pub(crate) fn agreement(side: &[&Statement], config: &Config) -> Agreement {
    let sections: BTreeSet<(&str, usize)> = side
        .iter()
        .map(|s| (s.document.as_str(), s.section))
        .collect();
    // A place is a sentence in its section; the first place of each section
    // is a section restatement, further ones sentence restatements. (Counted
    // this way, both counts only grow as statements are added.)
    let places: BTreeSet<(&str, usize, &str)> = side
        .iter()
        .map(|s| (s.document.as_str(), s.section, s.sentence.as_str()))
        .collect();
    let extra_sections = sections.len().saturating_sub(1);
    let extra_sentences = places.len().saturating_sub(sections.len());
    let a = &config.agreement;
    let max = a.max_restatements as usize;
    // The heavier kind is counted first, so one more restatement of either
    // kind never lowers the belief.
    let (section_units, sentence_units) = if a.section >= a.sentence {
        let ns = extra_sections.min(max);
        (ns, extra_sentences.min(max - ns))
    } else {
        let nt = extra_sentences.min(max);
        (extra_sections.min(max - nt), nt)
    };
    let mut sentence_ids: Vec<String> = side.iter().map(|s| s.sentence.clone()).collect();
    sentence_ids.sort();
    sentence_ids.dedup();
    Agreement {
        sentences: sentence_ids,
        sections: sections.len(),
        section_units,
        sentence_units,
    }
}

/// Belief of one side: its units, then its restatements.
struct SideBelief {
    units: f64,
    deciding: Option<Tier>,
    total: f64,
}

fn side_belief(units: &[Unit], agreement: &Agreement, config: &Config) -> SideBelief {
    let (from_units, deciding) = combine(units, config);
    let mut kept = 1.0 - from_units;
    for _ in 0..agreement.section_units {
        kept *= 1.0 - config.agreement.section;
    }
    for _ in 0..agreement.sentence_units {
        kept *= 1.0 - config.agreement.sentence;
    }
    SideBelief {
        units: from_units,
        deciding,
        total: (1.0 - kept).clamp(0.0, 1.0),
    }
}

/// Rounds to four decimals: scores are shown, compared and serialized at
/// this precision (rounding is monotone, so no property is lost).
pub(crate) fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn f2(x: f64) -> String {
    format!("{x:.2}")
}

/// The evidence for a claim of polarity `negated`, given every statement of
/// the claim in either polarity.
pub fn assess(statements: &[Statement], negated: bool, config: &Config) -> Evidence {
    let support: Vec<&Statement> = statements.iter().filter(|s| s.negated == negated).collect();
    let against: Vec<&Statement> = statements.iter().filter(|s| s.negated != negated).collect();
    if support.is_empty() {
        return Evidence {
            breakdown: vec![Factor {
                name: "support".into(),
                value: 0.0,
                detail: "no statement of this polarity".into(),
                items: vec![],
            }],
            ..Evidence::default()
        };
    }
    let support_units = units(&support, config);
    let support_agreement = agreement(&support, config);
    let supported = side_belief(&support_units, &support_agreement, config);
    let support_belief = supported.total;
    let against_belief = if against.is_empty() {
        0.0
    } else {
        side_belief(
            &units(&against, config),
            &agreement(&against, config),
            config,
        )
        .total
    };
    let weight = config.contradiction.weight;
    let score = round4((support_belief * (1.0 - weight * against_belief)).clamp(0.0, 1.0));

    let tier = support.iter().map(|s| s.tier).max().unwrap_or_default();
    let mut breakdown = Vec::with_capacity(16);
    breakdown.push(tier_factor(&support, tier, config));
    breakdown.push(references_factor(&support, &support_units));
    breakdown.push(hedging_factor(&support, config));
    breakdown.push(unsourced_factor(&support_units));
    breakdown.push(recency_factor(&support_units));
    breakdown.push(units_factor(&support_units, &supported, config));
    breakdown.push(agreement_factor(&support_agreement, config));
    breakdown.push(Factor {
        name: "support".into(),
        value: round4(support_belief),
        detail: if support_agreement.section_units + support_agreement.sentence_units == 0 {
            format!("the independent units alone: {support_belief:.3}")
        } else {
            format!(
                "independent units {:.3}, with restatements {support_belief:.3}",
                supported.units
            )
        },
        items: vec![],
    });
    breakdown.push(contradiction_factor(
        &against,
        against_belief,
        support_belief,
        weight,
        score,
    ));
    let certainty = grade(
        &support,
        &support_units,
        tier,
        support_belief,
        against_belief,
        config,
        &mut breakdown,
    );
    Evidence {
        score,
        certainty,
        tier,
        breakdown,
        key: String::new(),
        mentions: Vec::new(),
    }
}

pub(crate) fn tier_label(tier: Tier) -> &'static str {
    match tier {
        Tier::Uncited => "uncited statement",
        Tier::ReviewAssertion => "review assertion (cites, no design stated)",
        Tier::InVitroCellLine => "cell-line experiments",
        Tier::PrimaryCellsOrOrganoids => "primary cells or organoids",
        Tier::RodentModel => "rodent or small-animal model",
        Tier::LargeAnimal => "large-animal model",
        Tier::CaseReportOrSeries => "case report or series",
        Tier::ObservationalCohort => "observational study",
        Tier::EarlyPhaseTrial => "early-phase trial (I, I/II)",
        Tier::PhaseII => "phase II trial",
        Tier::PhaseIIIOrRct => "phase III trial or RCT",
        Tier::SystematicReviewOrMetaAnalysis => "systematic review or meta-analysis",
    }
}

fn tier_factor(support: &[&Statement], tier: Tier, config: &Config) -> Factor {
    let prior = config.tiers.get(tier).prior;
    let mut items: Vec<String> = support
        .iter()
        .filter(|s| s.tier == tier)
        .map(|s| s.claim.clone())
        .collect();
    items.sort();
    items.dedup();
    Factor {
        name: "tier_prior".into(),
        value: prior,
        detail: format!(
            "best supporting design: {} (prior {})",
            tier_label(tier),
            f2(prior)
        ),
        items,
    }
}

fn references_factor(support: &[&Statement], units: &[Unit]) -> Factor {
    let distinct: Vec<&Unit> = units.iter().filter(|u| u.is_reference()).collect();
    let citations: usize = support.iter().map(|s| s.references.len()).sum();
    let detail = match (distinct.len(), citations) {
        (0, _) => "cites no reference".to_owned(),
        (n, c) if n == c => format!("{n} distinct reference{}", plural(n)),
        (n, c) => format!(
            "{n} distinct reference{} ({c} citations; repeats count once)",
            plural(n)
        ),
    };
    let mut items: Vec<String> = distinct.iter().map(|u| u.label.clone()).collect();
    items.sort();
    Factor {
        name: "independent_refs".into(),
        value: distinct.len() as f64,
        detail,
        items,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn hedging_factor(support: &[&Statement], config: &Config) -> Factor {
    let mut hedged: Vec<&&Statement> = support.iter().filter(|s| s.hedged).collect();
    hedged.sort_by(|a, b| a.claim.cmp(&b.claim));
    let least = support
        .iter()
        .map(|s| config.hedging.factor(s.hedged, &s.cues))
        .fold(0.0_f64, f64::max);
    let mut cues: Vec<String> = hedged
        .iter()
        .flat_map(|s| config.hedging.listed(&s.cues))
        .collect();
    cues.sort();
    cues.dedup();
    let cue_text = if cues.is_empty() {
        "no listed cue".to_owned()
    } else {
        cues.join(", ")
    };
    let detail = match (hedged.len(), support.len()) {
        (0, _) => "not hedged".to_owned(),
        (h, n) if h == n && n == 1 => format!("hedged ({cue_text}): x{}", f2(least)),
        (h, n) if h == n => format!(
            "all {n} statements hedged ({cue_text}); the least hedged counts: x{}",
            f2(least)
        ),
        (h, n) => {
            format!("{h} of {n} statements hedged ({cue_text}); unhedged statements count fully")
        }
    };
    Factor {
        name: "hedging".into(),
        value: round4(least),
        detail,
        items: hedged.iter().map(|s| s.claim.clone()).collect(),
    }
}

fn unsourced_factor(units: &[Unit]) -> Factor {
    let unsourced: Vec<&Unit> = units.iter().filter(|u| u.unsourced < 1.0).collect();
    match unsourced.first() {
        None if units.iter().all(Unit::is_reference) => Factor {
            name: "unsourced".into(),
            value: 1.0,
            detail: "every statement cites a reference".into(),
            items: vec![],
        },
        None => Factor {
            name: "unsourced".into(),
            value: 1.0,
            detail: "uncited statements without a stated design: the uncited prior applies".into(),
            items: units
                .iter()
                .filter(|u| !u.is_reference())
                .map(|u| u.claim.clone())
                .collect(),
        },
        Some(first) => Factor {
            name: "unsourced".into(),
            value: first.unsourced,
            detail: format!(
                "a design is stated without a reference: x{}",
                f2(first.unsourced)
            ),
            items: unsourced.iter().map(|u| u.claim.clone()).collect(),
        },
    }
}

fn recency_factor(units: &[Unit]) -> Factor {
    let dated: Vec<&Unit> = units
        .iter()
        .filter(|u| u.is_reference() && u.year.is_some())
        .collect();
    let refs = units.iter().filter(|u| u.is_reference()).count();
    if dated.is_empty() {
        let detail = if refs == 0 {
            "no cited reference"
        } else {
            "no cited reference has a known year"
        };
        return Factor {
            name: "recency".into(),
            value: 1.0,
            detail: detail.into(),
            items: vec![],
        };
    }
    let lowest = dated.iter().map(|u| u.recency).fold(1.0_f64, f64::min);
    let years: Vec<i32> = dated.iter().filter_map(|u| u.year).collect();
    let (min, max) = (
        years.iter().min().copied().unwrap_or(0),
        years.iter().max().copied().unwrap_or(0),
    );
    let as_of = dated.iter().filter_map(|u| u.as_of).max();
    let span = if min == max {
        min.to_string()
    } else {
        format!("{min}-{max}")
    };
    let discounted: Vec<String> = dated
        .iter()
        .filter(|u| u.recency < 1.0)
        .map(|u| format!("{} ({}, x{})", u.label, u.year.unwrap_or(0), f2(u.recency)))
        .collect();
    let detail = match as_of {
        Some(y) => format!(
            "{} of {refs} references dated ({span}), assessed as of {y}; {} discounted for age",
            dated.len(),
            discounted.len()
        ),
        None => format!(
            "{} of {refs} references dated ({span}); no date to measure age against",
            dated.len()
        ),
    };
    Factor {
        name: "recency".into(),
        value: round4(lowest),
        detail,
        items: discounted,
    }
}

fn units_factor(units: &[Unit], belief: &SideBelief, config: &Config) -> Factor {
    let items = units
        .iter()
        .map(|u| {
            let mut parts = vec![format!("{}: {} {}", u.label, u.tier, f2(u.prior))];
            if u.hedge < 1.0 {
                parts.push(format!("hedged {}", f2(u.hedge)));
            }
            if u.unsourced < 1.0 {
                parts.push(format!("unsourced {}", f2(u.unsourced)));
            }
            if u.recency < 1.0 {
                parts.push(format!("age {}", f2(u.recency)));
            }
            format!("{} = {:.3}", parts.join(" x "), u.strength)
        })
        .collect();
    let deciding = match belief.deciding {
        Some(tier) => format!(
            "; decided at {} (ceiling {})",
            tier_label(tier),
            f2(config.tiers.get(tier).ceiling)
        ),
        None => String::new(),
    };
    Factor {
        name: "independent_units".into(),
        value: round4(belief.units),
        detail: format!(
            "noisy-OR over {} independent unit{}, bounded by the tier's ceiling{deciding}",
            units.len(),
            plural(units.len()),
        ),
        items,
    }
}

fn agreement_factor(agreement: &Agreement, config: &Config) -> Factor {
    let n = agreement.sentences.len();
    let counted = agreement.section_units + agreement.sentence_units;
    let detail = if n <= 1 {
        "stated once".to_owned()
    } else {
        format!(
            "stated in {n} sentences across {} section{}; {counted} restatement{} counted \
             ({} x{}, {} x{}), not as independent studies",
            agreement.sections,
            plural(agreement.sections),
            plural(counted),
            agreement.section_units,
            f2(config.agreement.section),
            agreement.sentence_units,
            f2(config.agreement.sentence),
        )
    };
    Factor {
        name: "agreement".into(),
        value: counted as f64,
        detail,
        items: if n > 1 {
            agreement.sentences.clone()
        } else {
            vec![]
        },
    }
}

fn contradiction_factor(
    against: &[&Statement],
    belief: f64,
    support: f64,
    weight: f64,
    score: f64,
) -> Factor {
    let mut items: Vec<String> = against.iter().map(|s| s.claim.clone()).collect();
    items.sort();
    items.dedup();
    let detail = if items.is_empty() {
        "no statement of the opposite polarity".to_owned()
    } else {
        format!(
            "{} statement{} say{} the opposite (belief {}): score = {} x (1 - {} x {}) = {}",
            items.len(),
            plural(items.len()),
            if items.len() == 1 { "s" } else { "" },
            f2(belief),
            f2(support),
            f2(weight),
            f2(belief),
            f2(score)
        )
    };
    Factor {
        name: "contradiction".into(),
        value: round4(belief),
        detail,
        items,
    }
}
