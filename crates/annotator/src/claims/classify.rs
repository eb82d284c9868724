//! Claim classes of clauses by cue words, and meta statements about the
//! article itself.

use briefing_model::ClaimCategory;

/// Cue stems of each class. A token matches a stem when it starts with it;
/// two-word cues match a token and its successor.
const BOTTLENECK: &[&str] = &[
    "challeng",
    "limitation",
    "bottleneck",
    "obstacle",
    "hurdle",
    "drawback",
    "shortcoming",
    "pitfall",
    "concern",
    "unmet",
    "unresolved",
    "problem",
    "elusive",
    "controvers",
    "unclear",
    "unknown",
    "low homing",
    "low efficiency",
    "low survival",
    "low retention",
    "low engraftment",
    "not yet",
    "remain unclear",
    "remains unclear",
    "remain to",
    "remains to",
    "obscure",
    "caveat",
    "side effect",
    "hinder",
    "imped",
    "hamper",
    "immunogenicit",
    "still lack",
    "poorly understood",
];

/// Bottleneck words that also describe biology ("expression is restricted
/// to", "heterogeneity in survival", "mice lacking X", "limited to the
/// nucleus", "tumorigenic changes in gastric mucosa", "the epidermal
/// barrier was intact"): they make a bottleneck only in a clause about therapy, its
/// translation or the evidence ([`TRANSLATIONAL`]), or under a section
/// title about challenges.
const BOTTLENECK_WEAK: &[&str] = &[
    "heterogeneit",
    "heterogeneous",
    "variabilit",
    "inconsisten",
    "risks",
    "risk of",
    "difficult",
    "insufficien",
    "poor",
    "lack",
    "limited",
    "limits",
    "complication",
    "adverse",
    "toxicit",
    "rejection",
    "compromis",
    "tumorigen",
    "barrier",
];

/// Bottleneck words that describe biology even in clauses about evidence
/// ("data have shown topologically restricted loss of neurons", "the
/// transgene is still restricted primarily to joints, as evidenced by"):
/// a bottleneck only in a clause about therapy ("restricted access to
/// GMP facilities constrains translation") or under a challenges title.
const BOTTLENECK_THERAPY: &[&str] = &["restrict", "constrain"];

/// Words of translation and evidence, beside those of [`THERAPY`]: with
/// them, the words of a clause about therapy, its translation or its
/// evidence.
const TRANSLATIONAL: &[&str] = &[
    "application",
    "standard",
    "protocol",
    "product",
    "safety",
    "approval",
    "cost",
    "scal",
    "donor",
    "graft",
    "study",
    "studies",
    "sample",
    "evidence",
    "data",
    "cohort",
    "follow-up",
    "outcome",
    "bench",
    "bedside",
    "practice",
    "agonist",
    "antagonist",
    "inhibitor",
    "efficacy",
    "supplement",
];

/// "Future" and "emerging" count through [`qualified_strategy`].
const STRATEGY: &[&str] = &[
    "in the future",
    "next-generation",
    "crispr",
    "gene editing",
    "biomaterial",
    "hydrogel",
    "nanoparticle",
    "combination therap",
    "combination strateg",
    "cell-free",
    "warrant",
    "imperative",
    "novel approach",
    "new approach",
    "promising approach",
    "could be used",
    "may be used",
    "bioengineer",
    "targeted delivery",
    "to overcome",
    "perspectives",
];

/// Strategy words that also describe biology or a study's own methods ("a
/// scaffold protein", "overexpression of X results in", "post-translational
/// modification", "genetically engineered mice", "the targeting strategy",
/// "sections pre-treated with trypsin",
/// "X needs to be activated"): a strategy only in a clause about therapy,
/// or under a section title about the future.
const STRATEGY_WEAK: &[&str] = &[
    // "cells are encapsulated by newly formed fiber cells" is biology.
    "encapsulat",
    "pretreat",
    "pre-treat",
    "engineer",
    "genetically modified",
    "gene-modified",
    "modification",
    "precondition",
    "priming",
    "primed",
    "overexpress",
    "scaffold",
    "optimiz",
    "should be",
    "need to",
    "strateg",
];

/// Words of therapy: what makes a [`STRATEGY_WEAK`] word a strategy or an
/// [`OUTCOME_WEAK`] word an outcome (and, with [`TRANSLATIONAL`], a weak
/// bottleneck word count). "Trial" alone is no such word: behavioural
/// studies count "reversal trials" and "memory trials"; clinical ones are
/// "clinical", "randomized", "placebo-controlled" or of a phase.
const THERAPY: &[&str] = &[
    "therap",
    "treat",
    "clinical",
    "clinic",
    "randomi",
    "placebo",
    "phase i",
    "patient",
    "translation",
    "delivery",
    "homing",
    "engraft",
    "manufactur",
    "dose",
    "dosing",
    "administ",
    "infusion",
    "transplant",
    "intervention",
    "drug",
    "vaccin",
];

/// Outcome words that name a result of therapy whatever the clause.
const OUTCOME: &[&str] = &[
    "therapeutic effect",
    "therapeutic potential",
    "therapeutic efficacy",
    "remission",
    "meld",
    "liver function",
    "reduced fibrosis",
    "decreased fibrosis",
];

/// Outcome words that also describe genetics, methods or biology ("wild-type
/// mRNA rescues hematopoiesis in mutants", "improve the sensitivity to
/// detect", "improved thermostability", "attenuated PCNA labeling", "the
/// effectiveness of antibody perturbation", "can be safely assumed", "an
/// experimentally feasible time frame", "well tolerated in humans than
/// mice", "control NCC survival", "protecting proteins during stress", "the
/// potential to bind", "the phenotypic outcome", "reversal learning",
/// "prolonged expression"): an outcome only in a clause about therapy
/// ([`THERAPY`]), where they report what a treatment did.
const OUTCOME_WEAK: &[&str] = &[
    "improv",
    "restore",
    "restoring",
    "restoration of",
    "amelior",
    "attenuat",
    "alleviat",
    "rescu",
    "benefit",
    "efficac",
    "effective",
    "safe",
    "safety",
    "tolerated",
    "cure",
    "relief",
    "feasib",
    "mortality",
    "reverse",
    "reversed",
    "reverses",
    "reversal",
    "prolong",
    "potential",
    "protect",
    "survival",
    "outcome",
    "promise",
    "promising",
    "recovery",
];

/// What research or therapy does: after "future", these make the clause
/// about the field's future ("future fine mapping studies", "future AD
/// treatment") rather than a cell's ("the future positional identity of
/// dorsal dermis").
const FUTURE_WORK: &[&str] = &[
    "stud",
    "analys",
    "experiment",
    "research",
    "work",
    "investigation",
    "comparison",
    "test",
    "direction",
    "effort",
    "development",
    "extension",
    "application",
    "therap",
    "treatment",
    "trial",
    "clinical",
    "mapping",
];

/// What a field adopts: after "emerging", these make a strategy
/// ("emerging strategies", "an emerging cell-free therapy") rather than
/// biology ("cilia emerging from inner segments", "the emerging
/// notochord").
const APPROACHES: &[&str] = &[
    "strateg",
    "approach",
    "therap",
    "treatment",
    "technolog",
    "tool",
    "method",
    "option",
    "modalit",
    "platform",
    "intervention",
];

/// Strategy words that count only before one of their words (within three
/// words).
const QUALIFIED_STRATEGY: &[(&str, &[&str])] = &[("future", FUTURE_WORK), ("emerging", APPROACHES)];

/// How many words of [`QUALIFIED_STRATEGY`] stand before one of theirs.
fn qualified_strategy(tokens: &[&str]) -> usize {
    QUALIFIED_STRATEGY
        .iter()
        .filter(|(head, words)| {
            tokens.iter().enumerate().any(|(i, t)| {
                t == head
                    && tokens[i + 1..]
                        .iter()
                        .take(3)
                        .any(|w| words.iter().any(|c| w.starts_with(c)))
            })
        })
        .count()
}

fn matches(tokens: &[&str], cues: &[&str]) -> usize {
    let mut n = 0;
    for cue in cues {
        let hit = if cue.contains(' ') {
            let words = cue.split(' ').count();
            tokens.windows(words).any(|w| phrase_at(w, cue))
        } else {
            tokens.iter().any(|t| t.starts_with(cue))
        };
        n += usize::from(hit);
    }
    n
}

/// Whether the tokens `w` are the words of `cue` (as many): the first
/// exactly (or plural), the middle ones exactly, the last as a stem.
fn phrase_at(w: &[&str], cue: &str) -> bool {
    let last = w.len() - 1;
    w.iter().zip(cue.split(' ')).enumerate().all(|(k, (t, c))| {
        if k == 0 {
            *t == c || t.strip_suffix('s') == Some(c)
        } else if k == last {
            t.starts_with(c)
        } else {
            *t == c
        }
    })
}

/// Words that make a clause a knowledge gap: a relation in it is not
/// asserted.
const GAPS: &[&str] = &[
    "unknown",
    "unclear",
    "elusive",
    "not known",
    "not clear",
    "remains to",
    "remain to",
    "poorly understood",
    "little is known",
    "open question",
    "interesting question",
    "important question",
    "key question",
];

/// Whether a clause speaks of therapy (a treatment, a drug, patients, a
/// trial): where relations on end points such as survival or injury are
/// outcomes.
pub fn is_therapy(tokens: &[&str]) -> bool {
    matches(tokens, THERAPY) > 0
}

/// Knowledge stated as partial: a gap, and a bottleneck cue.
const PARTIAL_KNOWLEDGE: &[&str] = &[
    "only partially known",
    "only partially understood",
    "only partly understood",
    "incompletely understood",
    "not fully understood",
    "not well understood",
];

/// Whether a clause states that something is not known.
pub fn is_gap(tokens: &[&str]) -> bool {
    matches(tokens, GAPS) + matches(tokens, PARTIAL_KNOWLEDGE) > 0
}

/// Section title words about the future: a prior for strategies, and what
/// lets [`STRATEGY_WEAK`] count outside therapy clauses.
const STRATEGY_TITLES: &[&str] = &[
    "future",
    "perspective",
    "prospect",
    "strateg",
    "direction",
    "emerging",
    "novel",
    "engineer",
];

/// Section title words about results of therapy: a prior for outcomes.
const OUTCOME_TITLES: &[&str] = &[
    "clinical",
    "trial",
    "efficacy",
    "outcome",
    "safety",
    "preclinical",
    "therap",
];

/// Section title words about challenges: a prior for bottlenecks, and what
/// lets [`BOTTLENECK_WEAK`] count outside therapy clauses.
const CHALLENGE_TITLES: &[&str] = &[
    "challeng",
    "limitation",
    "obstacle",
    "barrier",
    "bottleneck",
    "hurdle",
    "concern",
];

/// The class of a clause from its lowercase tokens and its section title,
/// or `None` when it is no claim of these classes.
pub fn classify(tokens: &[&str], section_title: &str) -> Option<ClaimCategory> {
    classify_in(tokens, section_title, false)
}

/// [`classify`], with `therapy_before` when the sentence continues one
/// about therapy ("In CCl4-treated mice, MSC infusion reduced collagen
/// deposition. These mice also showed improved survival."): its clauses
/// speak of therapy too.
pub fn classify_in(
    tokens: &[&str],
    section_title: &str,
    therapy_before: bool,
) -> Option<ClaimCategory> {
    let title = section_title.to_lowercase();
    let in_section = |words: &[&str]| words.iter().any(|w| title.contains(w));
    let therapy = therapy_before || matches(tokens, THERAPY) > 0;
    let translational = therapy || matches(tokens, TRANSLATIONAL) > 0;
    // Strong words always count, weak ones only where `gate` holds; the
    // section tips the balance, never creates a claim on its own.
    let score = |strong: &[&str], weak: &[&str], gate: bool, section: bool| {
        let n = matches(tokens, strong) + if gate { matches(tokens, weak) } else { 0 };
        n + usize::from(n > 0 && section)
    };
    let challenge_section = in_section(CHALLENGE_TITLES);
    let future_section = in_section(STRATEGY_TITLES);
    let b = score(
        BOTTLENECK,
        BOTTLENECK_WEAK,
        translational || challenge_section,
        challenge_section,
    ) + if therapy || challenge_section {
        matches(tokens, BOTTLENECK_THERAPY)
    } else {
        0
    } + matches(tokens, PARTIAL_KNOWLEDGE);
    let s = score(
        STRATEGY,
        STRATEGY_WEAK,
        therapy || future_section,
        future_section,
    ) + qualified_strategy(tokens);
    let o = score(OUTCOME, OUTCOME_WEAK, therapy, in_section(OUTCOME_TITLES));
    if b > 0 && b >= s && b >= o {
        Some(ClaimCategory::Bottleneck)
    } else if s > 0 && s >= o {
        Some(ClaimCategory::Strategy)
    } else if o > 0 {
        Some(ClaimCategory::Outcome)
    } else {
        None
    }
}

/// Subjects that stand for the article or its authors.
pub fn is_self_reference(subject: &str) -> bool {
    let s = subject.to_lowercase();
    let s = s.trim();
    s == "we"
        || s == "i"
        || s == "here"
        || ["this", "the present", "the current", "our"]
            .iter()
            .any(|d| {
                [
                    "review",
                    "article",
                    "paper",
                    "chapter",
                    "manuscript",
                    "work",
                    "overview",
                    "minireview",
                    "mini-review",
                    "survey",
                ]
                .iter()
                .any(|n| {
                    // "{d} {n}" at the start, or " {d} {n}" anywhere.
                    let phrase_at = |at: &str| {
                        at.strip_prefix(d)
                            .and_then(|r| r.strip_prefix(' '))
                            .is_some_and(|r| r.starts_with(n))
                    };
                    phrase_at(s) || s.match_indices(' ').any(|(i, _)| phrase_at(&s[i + 1..]))
                })
            })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: Option<ClaimCategory>) {
        let lower = input.to_lowercase();
        let tokens: Vec<&str> = lower.split_whitespace().collect();
        assert_eq!(classify(&tokens, ""), expect, "class of {input:?}");
    }

    #[test]
    fn classes() {
        use ClaimCategory::*;
        check(
            "low homing efficiency remains a major bottleneck",
            Some(Bottleneck),
        );
        check(
            "emerging strategies integrating crispr-based gene editing are imperative",
            Some(Strategy),
        );
        check("mscs restore liver function in models", Some(Outcome));
        check(
            "it is responsible for significant morbidity and mortality in livestock",
            None,
        );
        check("msc infusion reduced mortality in patients", Some(Outcome));
        check(
            "d2r-/- mice committed more errors during reversal learning",
            None,
        );
        check(
            "therapies that lower abeta production may reverse the damage",
            Some(Outcome),
        );
        check(
            "future studies should test preconditioned mscs",
            Some(Strategy),
        );
        check("emerging cell-free therapies are promising", Some(Strategy));
        // A cell's future, a cilium emerging and a tumour's biology are
        // neither.
        check(
            "a connecting cilium was noted emerging from inner segments",
            None,
        );
        check(
            "tbx15 provides a cue required to establish the future positional identity of dorsal dermis",
            None,
        );
        check(
            "tacc1 isoforms are associated with tumorigenic changes in gastric mucosa",
            None,
        );
        check(
            "the tumorigenicity of transplanted cells remains a concern",
            Some(Bottleneck),
        );
        check("the epidermal barrier was intact", None);
        check(
            "regulatory barriers slow the translation of msc products",
            Some(Bottleneck),
        );
        check("mscs secrete hgf", None);
        // Words of limits that describe biology are no bottleneck.
        check(
            "expression of many transcription factors is restricted along hemilineage lines",
            None,
        );
        check(
            "poor homing and donor variability still limit their clinical use",
            Some(Bottleneck),
        );
        // Strategy words that describe biology or the study's own methods
        // are no strategy; in a clause about therapy they are.
        check(
            "muclin is overexpressed almost 3-fold in the cf intestine",
            None,
        );
        check("the targeting strategy is detailed in figure 2", None);
        check(
            "tif1 proteins act as scaffolds that link dna-binding proteins",
            None,
        );
        check(
            "mscs overexpressing cxcr4 should be tested to improve homing after transplantation",
            Some(Strategy),
        );
        assert!(is_gap(&["little", "is", "known", "about", "it"]));
        assert!(is_gap(&[
            "how",
            "it",
            "regulates",
            "transport",
            "will",
            "be",
            "an",
            "interesting",
            "question"
        ]));
    }

    #[test]
    fn self_reference() {
        assert!(is_self_reference("This review"));
        assert!(is_self_reference("we"));
        assert!(!is_self_reference("This study"));
        assert!(!is_self_reference("MSCs"));
    }
}
