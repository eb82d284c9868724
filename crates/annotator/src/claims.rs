//! Claims: mechanisms, outcomes, bottlenecks and strategies, with their
//! structure, hedging, negation, study context and citations.
//!
//! For each sentence (outside Methods sections and reference or entity
//! lists):
//!
//! 1. the sentence is tokenized and tagged in context ([`parse`]); a
//!    sentence without a finite verb, a question, or a statement about the
//!    article itself ("This review summarizes...", "Here we discuss...")
//!    gives no claim;
//! 2. every relation verb (secrete, inhibit, degrade, polarize...) and every
//!    relation nominalization followed by "of" ("inhibition of X by Y")
//!    becomes a mechanism: its object is the phrase after it, split into
//!    coordinated items ("HGF, VEGF, and EVs"), with examples replacing what
//!    they illustrate ("mediators—including HGF..."); its subject is the
//!    noun phrase before a finite verb, the agent of a passive ("by Y"), the
//!    antecedent of "which", or, for verbs that continue a clause ("by
//!    secreting", "to inhibit", coordinated verbs), the clause's subject.
//!    A report frame ("Evidence reveals that ...") is looked through, and a
//!    pronoun subject is resolved to the previous sentence's subject;
//! 3. each clause (split at "but", "whereas", ";") is classed as bottleneck,
//!    strategy or outcome by cue words, with the section title as a prior;
//!    a relation whose object is a clinical end point ("reduce fibrosis")
//!    counts as an outcome, not a mechanism;
//! 4. lists become `items`: a coordinated subject ("A, B, and C remain
//!    bottlenecks") or the phrase after "including", "such as",
//!    "integrating"...;
//! 5. hedging and negation come from the cue stage ([`crate::cues`]): a
//!    claim is hedged (negated) when a cue's scope covers its relation (or,
//!    for other claims, lies in its clause); nominal negations inside list
//!    items ("lack of standard protocols") do not negate the claim;
//! 6. the study context comes from the sentence ([`crate::study`]), or from
//!    the previous sentence of the same section when the sentence has none
//!    and refers back to it (same citations, or "In this study", "These
//!    mice"...).

mod classify;
mod parse;
pub mod tokens;
pub mod words;

use briefing_model::{
    Argument, Claim, ClaimCategory, Cue, CueKind, Document, Entity, EntityType, Relation,
    RelationKind, SectionKind, SentenceRef, Study,
};

use parse::{MAX_PHRASE, Parsed, Tag};
use tokens::TokenKind;
use words::{Form, Verb, VerbClass};

pub use classify::{classify, is_self_reference};

/// The most mechanisms taken from one sentence.
const MAX_MECHANISMS: usize = 40;

/// How far after the comma of "To determine X, ..." a passive ("timed
/// breedings were followed by PCR") makes the sentence a method.
const PURPOSE_PASSIVE_WINDOW: usize = 12;

/// "To determine whether ..., we traced ..." or "..., timed breedings were
/// followed by PCR": a purpose and what was done, not a finding.
fn is_purpose_then_method(p: &Parsed<'_>) -> bool {
    let n = p.len();
    let not_report = |v: Option<Verb>| !v.is_some_and(|v| v.class == VerbClass::Report);
    // "..., we <verb>" (unless the verb reports a finding).
    let we_did = |k: usize| p.lower(k) == "we" && not_report(p.verb(k + 1));
    // "..., <phrase> was/were <past participle>".
    let was_done = |k: usize| {
        (k..n.min(k + PURPOSE_PASSIVE_WINDOW)).any(|j| {
            matches!(p.lower(j), "was" | "were")
                && p.verb(p.skip_adverbs(j + 1, n))
                    .is_some_and(|v| v.form == Form::Past && v.class != VerbClass::Report)
        })
    };
    p.lower(0) == "to"
        && p.verb(1).is_some_and(|v| v.form == Form::Base)
        && (2..n.saturating_sub(1)).any(|k| p.lower(k - 1) == "," && (we_did(k) || was_done(k)))
}

/// A mechanism found in a sentence, token ranges into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triple {
    pub subject: Arg,
    pub relation: RelationKind,
    /// The trigger tokens ("secreting"; "inhibition of").
    pub trigger: (usize, usize),
    pub object: (usize, usize),
}

/// A subject: tokens of this sentence, or text carried over from the
/// previous one (a resolved pronoun), with its byte offsets in the sentence
/// it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Here(usize, usize),
    Carried {
        text: String,
        start: usize,
        end: usize,
    },
}

/// A clause claim: its class, clause token range and list items.
pub type ClauseClaim = (ClaimCategory, (usize, usize), Vec<(usize, usize)>);

/// What one sentence yields, before ids and offsets are made absolute.
#[derive(Debug, Default)]
pub struct SentenceClaims {
    pub mechanisms: Vec<Triple>,
    /// (category, clause token range, list items).
    pub others: Vec<ClauseClaim>,
    /// The main subject, for the next sentence's pronouns.
    pub subject: Option<Arg>,
}

/// Heads of clinical end points: a relation on these is an outcome.
const ENDPOINTS: &[&str] = &[
    "fibrosis",
    "cirrhosis",
    "mortality",
    "steatosis",
    "ascites",
    "encephalopathy",
    "symptoms",
    "hepatitis",
];

/// Heads that are clinical end points in a clause about therapy ("MSC
/// infusion improved survival", "reduced liver injury in treated mice") but
/// biology elsewhere ("block programmed cell death", "cell cycle
/// progression", "DNA damage", "embryonic lethality"): a relation on them
/// is an outcome only in such a clause, a mechanism in any other.
const THERAPY_ENDPOINTS: &[&str] = &[
    "injury",
    "injuries",
    "damage",
    "survival",
    "death",
    "deaths",
    "failure",
    "necrosis",
    "score",
    "scores",
    "outcome",
    "outcomes",
    "disease",
    "diseases",
    "lethality",
    "tumor",
    "tumour",
    "tumors",
    "progression",
];

/// Organs and faculties whose "function" is a clinical end point ("liver
/// function", not "gene function" or "a decreasing function").
const FUNCTION_OF: &[&str] = &[
    "liver",
    "hepatic",
    "renal",
    "kidney",
    "cardiac",
    "heart",
    "lung",
    "pulmonary",
    "respiratory",
    "motor",
    "cognitive",
    "neurological",
    "graft",
    "organ",
    "beta-cell",
    "β-cell",
    "islet",
    "synthetic",
    "systolic",
    "diastolic",
    "ventricular",
    "bowel",
    "bladder",
    "erectile",
    "visual",
];

/// Whether the argument `a..b` ends in a clinical end point, in a clause
/// about therapy (`therapy`) or any.
fn is_endpoint(p: &Parsed<'_>, a: usize, b: usize, therapy: bool) -> bool {
    let head = p.lower(b - 1);
    ENDPOINTS.contains(&head)
        || (therapy && THERAPY_ENDPOINTS.contains(&head))
        || (matches!(head, "function" | "functions")
            && b >= a + 2
            && FUNCTION_OF.contains(&p.lower(b - 2)))
}

fn arg_text<'a>(p: &'a Parsed<'_>, a: &'a Arg) -> &'a str {
    match a {
        Arg::Here(x, y) => p.span_text(*x, *y),
        Arg::Carried { text, .. } => text,
    }
}

/// The subject of the finite verb at `v`, within the clause from `floor`.
fn subject_at(p: &Parsed<'_>, v: usize, floor: usize) -> Option<(usize, usize)> {
    let (mut a, b) = subject_phrase(p, v, floor)?;
    // "at each moment there is": an existential "there" is no subject.
    if p.lower(b - 1) == "there" {
        return None;
    }
    // "None of the mutations affected X": the mutations, with the claim
    // negated by the "None" cue (not a double negation).
    if matches!(p.lower(a), "none" | "neither") && p.lower(a + 1) == "of" && a + 2 < b {
        a += 2;
    }
    // A dose before the agent ("1 × 10^6 bone marrow MSCs"): the number
    // is no part of it.
    while a + 1 < b
        && p.tokens[a].kind == TokenKind::Number
        && p.tokens[a + 1].kind == TokenKind::Word
        && a > 0
        && matches!(p.lower(a - 1), "^" | "×" | "x")
    {
        a += 1;
    }
    Some((a, b))
}

/// The antecedent of a relative pronoun at `k`: the noun phrase before it
/// (and its comma); for a restrictive clause on an indefinite predicate
/// nominal, the copula's subject ("SOCS3 is an anti-inflammatory gene that
/// interacts with ...", "ZnT proteins represent a family of transporters
/// that reduce ...", but "there are other factors that antagonize ...").
fn antecedent(p: &Parsed<'_>, k: usize, floor: usize) -> Option<(usize, usize)> {
    let mut k = k;
    // ", which" adds to a named antecedent ("A potential candidate is the
    // HP1 protein, which interacts with ..."): the antecedent itself.
    let restrictive = !(k > floor && p.lower(k - 1) == ",");
    if !restrictive {
        k -= 1;
    }
    let (a, b) = p.np_left(k, floor)?;
    // "X was isolated as the agent that mediated ...": X is that agent.
    if restrictive
        && a >= floor + 2
        && p.lower(a - 1) == "as"
        && matches!(p.tags[a - 2], Tag::Verb(v) if v.form == Form::Past && !v.is_auxiliary())
        && let Some((x, y)) = subject_phrase(p, a - 2, floor)
        && !is_bare_function_word(p, x, y)
    {
        return Some((x, y));
    }
    // "the sum of independent mechanisms that affect ...": the relative
    // clause is about the phrase after "of", unless the phrase before it
    // names a class ("a family of transporters that reduce ...").
    let class_only = (a..b).filter(|&o| p.lower(o) == "of").all(|o| {
        matches!(
            p.lower(o - 1),
            "family" | "class" | "group" | "member" | "members" | "type" | "kind" | "subset"
        )
    });
    // An indefinite predicate nominal names the subject's class.
    let copula = class_only
        && restrictive
        && matches!(p.lower(a), "a" | "an")
        && a > floor
        && p.verb(a - 1).is_some_and(|v| {
            matches!(
                v.lemma,
                "be" | "constitute" | "represent" | "remain" | "become"
            )
        });
    // Through a raising verb: "X seems not to be a factor that ...".
    let mut cop = a.saturating_sub(1);
    if copula && cop >= floor + 2 && p.lower(cop - 1) == "to" {
        let g = p
            .skip_adverbs_left(cop - 1, floor)
            .saturating_sub(1)
            .max(floor);
        if p.verb(g)
            .is_some_and(|v| matches!(v.lemma, "seem" | "appear" | "prove" | "tend"))
        {
            cop = g;
        }
    }
    if copula
        && let Some((x, y)) = subject_phrase(p, cop, floor)
        && !is_bare_function_word(p, x, y)
        && !(y - x == 1 && p.lower(x) == "there")
    {
        return Some((x, y));
    }
    Some((a, b))
}

fn subject_phrase(p: &Parsed<'_>, v: usize, floor: usize) -> Option<(usize, usize)> {
    let j = p.skip_aux_left(v, floor);
    if j > floor && matches!(p.lower(j - 1), "which" | "that" | "who") {
        // "the fact that decreasing the amount ...": a gerund after "that"
        // opens a clause as its subject; it has no agent there.
        if j == v && p.verb(v).is_some_and(|x| x.form == Form::Ing) {
            return None;
        }
        return antecedent(p, j - 1, floor);
    }
    let (a, b) = p.np_left(v, floor)?;
    // A relative pronoun: the antecedent before it.
    if b - a == 1 && matches!(p.lower(a), "which" | "that" | "who") {
        return antecedent(p, a, floor);
    }
    // "the peptide that interrupts the Grb-2/Sos association blocked the
    // effects": the phrase before the verb is the object of a relative
    // clause; the subject is its antecedent.
    let k = p.skip_aux_left(a, floor);
    if k > floor + 1 && matches!(p.tags[k - 1], Tag::Verb(_)) {
        let mut r = k - 1;
        while r > floor && matches!(p.tags[r - 1], Tag::Adv | Tag::Modal) {
            r -= 1;
        }
        if r > floor + 1 && matches!(p.lower(r - 1), "that" | "which" | "who") {
            let mut c = r - 1;
            if p.lower(c - 1) == "," {
                c -= 1;
            }
            if let Some((x, y)) = p.np_left(c, floor) {
                return Some((coordinated_start(p, x, floor), y));
            }
        }
    }
    // "Activation of 1A interneurons via TRPA1 evoked ...", "Stimulation of
    // interneurons using dTRPA1 elicits ...": the agent is the process, not
    // the means.
    if a > floor + 1
        && matches!(p.lower(a - 1), "via" | "using" | "through" | "by" | "with")
        && let Some((x, _)) = p.np_left(a - 1, floor)
    {
        let mut head = x;
        while head < a - 1 && matches!(p.tags[head], Tag::Det) {
            head += 1;
        }
        if matches!(p.tags[head], Tag::Nominal(_)) {
            let end = p.trim(a, b).map_or(b, |(_, e)| e);
            return Some((coordinated_start(p, x, floor), end));
        }
    }
    if let Some(x) = reduced_relative_start(p, a, floor) {
        return Some((x, b));
    }
    // "sequences with 37% thymine content can activate": the sequences,
    // not their content ("consistent with the finding" and "along with X"
    // are no noun phrases).
    if a > floor + 1
        && p.lower(a - 1) == "with"
        && matches!(p.tags[a - 2], Tag::Noun)
        && !p.lower(a - 2).ends_with("ed")
        && !matches!(
            p.lower(a - 2),
            "consistent"
                | "keeping"
                | "along"
                | "together"
                | "line"
                | "combination"
                | "accordance"
                | "conjunction"
                | "parallel"
                | "agreement"
                | "contrast"
                | "comparison"
                | "concert"
                | "compared"
                | "associated"
        )
        && let Some((x, _)) = p.np_left(a - 1, floor)
    {
        return Some((coordinated_start(p, x, floor), b));
    }
    Some((coordinated_start(p, a, floor), b))
}

/// The subject of an infinitive at `to` + 1 that follows its governing verb
/// group directly: the subject of that group ("loss of this morphogen
/// would be expected to affect", "X appears to inhibit"), or the
/// antecedent of a relative pronoun before it ("the genetic backgrounds,
/// which have been observed to influence").
fn infinitive_subject(p: &Parsed<'_>, to: usize, floor: usize) -> Option<(usize, usize)> {
    let last = to.checked_sub(1).filter(|&g| g > floor)?;
    // Or a participle the lexicon does not know after "be": "would be
    // expected to", "is thought to".
    let unknown_passive = p.verb(last - 1).is_some_and(|v| v.lemma == "be")
        && (p.lower(last).ends_with("ed") || p.lower(last) == "thought");
    if p.verb(last).is_none() && !unknown_passive {
        return None;
    }
    let mut g = last;
    while g > floor && matches!(p.tags[g - 1], Tag::Verb(_) | Tag::Adv | Tag::Modal) {
        g -= 1;
    }
    if g > floor && matches!(p.lower(g - 1), "which" | "that" | "who") {
        return antecedent(p, g - 1, floor);
    }
    // A participle right after a noun modifies it, like a relative clause:
    // "a 24-h fast, a stimulus known to induce", "ATRX is a member of the
    // SNF2 family thought to regulate" (the member is ATRX).
    if g == last
        && g > floor
        && matches!(p.tags[g - 1], Tag::Noun)
        && p.verb(g).is_some_and(|v| v.form == Form::Past)
    {
        return antecedent(p, g, floor);
    }
    let (a, b) = subject_at(p, g, floor)?;
    (!is_bare_function_word(p, a, b)).then_some((a, b))
}

/// A phrase of one pronoun, determiner or subordinator: no agent to name.
fn is_bare_function_word(p: &Parsed<'_>, a: usize, b: usize) -> bool {
    b - a == 1 && matches!(p.tags[a], Tag::Pron | Tag::Det | Tag::Sub)
}

/// The start of a subject that a past participle and its prepositional
/// phrase modify, when the phrase at `a` ends that modifier: "QTL within
/// Region II shared between the HG2P and HG2PM strains decrease body size",
/// "cells treated with LPS secrete ...". A clause has one finite verb, so a
/// past form between a noun and a preposition before it is a participle.
fn reduced_relative_start(p: &Parsed<'_>, a: usize, floor: usize) -> Option<usize> {
    let mut k = a;
    // One coordination inside the prepositional phrase ("between the HG2P
    // and HG2PM strains").
    if k > floor + 1 && matches!(p.lower(k - 1), "and" | "or") {
        let (x, _) = p.np_left(k - 1, floor)?;
        if k - 1 - x > 3 {
            return None;
        }
        k = x;
    }
    let prep = k.checked_sub(1).filter(|&m| m > floor + 1)?;
    if !matches!(p.tags[prep], Tag::Prep) || p.depth[prep] != p.depth[a] {
        return None;
    }
    let participle = prep - 1;
    let past = match p.tags[participle] {
        Tag::Verb(v) => v.form == Form::Past && !v.is_auxiliary(),
        // A participle the lexicon does not know, tagged as a noun
        // ("shared", "raised").
        Tag::Noun => {
            let w = p.lower(participle);
            w.len() > 4 && w.ends_with("ed")
        }
        _ => false,
    };
    if !past || participle <= floor || !matches!(p.tags[participle - 1], Tag::Noun) {
        return None;
    }
    let (x, _) = p.np_left(participle, floor)?;
    Some(coordinated_start(p, x, floor))
}

/// The subject before examples set off by commas, from the comma that
/// closes them at `comma`: "various stimuli, including hypoxia and nickel
/// compounds, activate ..." gives "various stimuli".
fn examples_subject(p: &Parsed<'_>, comma: usize, floor: usize) -> Option<(usize, usize)> {
    let lo = comma.saturating_sub(MAX_PHRASE).max(floor + 1);
    let intro = (lo..comma).rev().find(|&k| {
        p.depth[k] == p.depth[comma]
            && (matches!(p.lower(k), "including" | "e.g" | "i.e" | "like")
                || (p.lower(k) == "such" && p.lower(k + 1) == "as"))
    })?;
    // Nothing but the examples between: no verb, no other clause.
    if (intro + 1..comma).any(|k| p.is_finite(k) || matches!(p.tags[k], Tag::Sub | Tag::Modal)) {
        return None;
    }
    let open = intro.checked_sub(1).filter(|&c| p.lower(c) == ",")?;
    let (a, b) = p.np_left(open, floor)?;
    // "many of them, including Wnts and BMPs, affect": the examples.
    if (a..b).any(|k| matches!(p.lower(k), "them" | "these" | "those")) {
        let start = if p.lower(intro) == "such" {
            intro + 2
        } else {
            intro + 1
        };
        return p.trim(start, comma);
    }
    Some((a, b))
}

/// The start of a coordinated subject ending in the phrase at `a`: "Both
/// alphaA and alphaB can bind", "HGF, VEGF and IL-10 inhibit". The
/// coordination counts only when it opens the clause (nothing but adverbs,
/// punctuation or a subordinator before it), so an object coordination
/// ("X activates Y and Z inhibits W") is never taken for a subject.
fn coordinated_start(p: &Parsed<'_>, a: usize, floor: usize) -> usize {
    let opens_clause =
        |x: usize| (floor..x).all(|t| matches!(p.tags[t], Tag::Adv | Tag::Punct | Tag::Sub));
    // After an introductory phrase and its comma: "In mice, HGF and IL-10
    // inhibit ...".
    let after_intro = |x: usize| {
        x > floor
            && p.lower(x - 1) == ","
            && (floor..x - 1).all(|t| !matches!(p.tags[t], Tag::Verb(_) | Tag::Modal))
    };
    let mut k = a;
    let mut conjunction = false;
    let mut fallback = None;
    for _ in 0..8 {
        if k <= floor + 1 || p.depth[k - 1] != 0 {
            break;
        }
        let sep = p.lower(k - 1);
        // The conjunction comes last ("A, B and C"): "X and Y, the Z"
        // is an introductory phrase, not a coordination.
        if !matches!(sep, "and" | "or" | ",") || (k == a && sep == ",") {
            break;
        }
        conjunction |= sep != ",";
        let mut j = k - 1;
        if sep != "," && j > floor && p.lower(j - 1) == "," {
            j -= 1;
        }
        let Some((x, _)) = p.np_left(j, floor) else {
            break;
        };
        if conjunction && opens_clause(x) {
            return x;
        }
        if conjunction && fallback.is_none() && after_intro(x) {
            fallback = Some(x);
        }
        k = x;
    }
    fallback.unwrap_or(a)
}

/// Finds the mechanisms and claim clauses of one parsed sentence.
///
/// `therapy_before`: the sentence refers back to one about therapy ("These
/// mice also showed improved survival"), so it speaks of therapy too.
pub fn analyse(
    p: &Parsed<'_>,
    section_title: &str,
    previous_subject: Option<&Arg>,
    therapy_before: bool,
) -> SentenceClaims {
    let mut out = SentenceClaims::default();
    let n = p.len();
    if n < 4 || p.tokens.iter().any(|t| t.is_punct('?')) {
        return out;
    }
    let finite: Vec<usize> = (0..n)
        .filter(|&i| p.is_finite(i) && p.depth[i] == 0)
        .collect();
    if finite.is_empty() {
        return out;
    }
    // Statements about the article itself.
    let first = finite[0];
    let first_subject = subject_at(p, first, 0)
        .map(|(a, b)| p.span_text(a, b))
        .unwrap_or("");
    let about_article = is_self_reference(first_subject);
    let self_ref = about_article
        || p.tokens.iter().take(first).any(|t| t.is("here"))
        || (0..first.min(6)).any(|k| {
            p.lower(k) == "in"
                && matches!(p.lower(k + 1), "this" | "the")
                && matches!(p.lower(k + 2), "review" | "article" | "paper" | "chapter")
        });
    // "This review summarizes ...", and whatever else the article itself
    // does ("This review links ... and sets out ..."), unless it reports a
    // finding ("This review shows that ...").
    if self_ref
        && p.verb(first).is_some_and(|v| {
            v.class == VerbClass::Discourse || (about_article && v.class != VerbClass::Report)
        })
    {
        return out;
    }
    let mut w = 0;
    while w < n && (matches!(p.tags[w], Tag::Adv | Tag::Punct) || p.lower(w) == "here") {
        w += 1;
    }
    let v = p.skip_adverbs(w + 1, n);
    if is_purpose_then_method(p) {
        return out;
    }
    let first_is_report = p.verb(first).is_some_and(|v| v.class == VerbClass::Report);
    if (p.lower(w) == "we" && !p.verb(v).is_some_and(|v| v.class == VerbClass::Report))
        || (first_subject.eq_ignore_ascii_case("we") && !first_is_report)
    {
        // "We used...", "We measured...": methods, not claims.
        return out;
    }
    for (ca, cb) in p.clauses() {
        // The clause subject: of its first finite verb, looking through
        // report frames ("Evidence reveals that ...", "Trials show X is ...").
        let mut floor = ca;
        let mut main: Option<Arg> = None;
        let mut main_verb: Option<usize> = None;
        for &v in finite.iter().filter(|&&v| v >= ca && v < cb) {
            if v < floor {
                continue;
            }
            let verb = p.verb(v).expect("finite verbs are verbs");
            let report = matches!(verb.class, VerbClass::Report | VerbClass::Discourse);
            if report && main_verb.is_none() {
                if p.lower(v + 1) == "that" || p.lower(v + 2) == "that" {
                    floor = if p.lower(v + 1) == "that" {
                        v + 2
                    } else {
                        v + 3
                    };
                    continue;
                }
                // "Trials show MSCs are safe": a finite verb follows.
                if finite.iter().any(|&w| w > v + 1 && w < cb && w < v + 8) {
                    floor = v + 1;
                    continue;
                }
            }
            main_verb = Some(v);
            main = subject_at(p, v, floor).map(|(a, b)| Arg::Here(a, b));
            break;
        }
        // "they"/"it": the subject of an earlier clause of the sentence
        // ("PBDE-47 did not affect X, but it decreased Y"), else of the
        // sentence before.
        if let Some(Arg::Here(a, b)) = &main
            && b - a == 1
            && matches!(p.lower(*a), "they" | "it")
            && let Some(antecedent) = out.subject.as_ref().or(previous_subject)
        {
            main = Some(antecedent.clone());
        }
        if out.subject.is_none() {
            out.subject = main.clone();
        }
        let mut endpoint_hit = false;
        let therapy = therapy_before || {
            let words: Vec<&str> = (ca..cb).map(|k| p.lower(k)).collect();
            classify::is_therapy(&words)
        };
        let mut last_subject: Option<Arg> = main.clone();
        for i in ca..cb {
            if out.mechanisms.len() >= MAX_MECHANISMS {
                break;
            }
            match p.tags[i] {
                Tag::Verb(v) => {
                    let Some(kind) = parse::relation_of(&v) else {
                        // Any finite verb names the subject that later
                        // participles and purposes continue.
                        if p.is_finite(i)
                            && v.form != Form::Past
                            && !v.is_auxiliary()
                            && !matches!(v.class, VerbClass::Report | VerbClass::Discourse)
                            && let Some((a, b)) = subject_at(p, i, ca)
                            && !(b - a == 1
                                && matches!(p.lower(a), "it" | "they" | "we" | "which" | "that"))
                        {
                            last_subject = Some(Arg::Here(a, b));
                        }
                        continue;
                    };
                    let mut k = i;
                    while k > ca && matches!(p.tags[k - 1], Tag::Adv) {
                        k -= 1;
                    }
                    let prev = if k > ca { p.lower(k - 1) } else { "" };
                    // "Primers were used to amplify the 3' UTR", "primers
                    // were designed to amplify": what a tool was used or
                    // made for is a method ("drugs designed to lower Aβ"
                    // name what drugs are for, and stay).
                    if prev == "to"
                        && k >= ca + 2
                        && (matches!(
                            p.lower(k - 2),
                            "used" | "employed" | "utilized" | "utilised"
                        ) || (matches!(p.lower(k - 2), "designed" | "applied")
                            && k >= ca + 3
                            && p.verb(k - 3).is_some_and(|b| b.lemma == "be")))
                    {
                        continue;
                    }
                    let be_before = k > ca && p.verb(k - 1).is_some_and(|b| b.lemma == "be");
                    // "The Lepob mice have impaired platelet aggregation",
                    // "the A/J mice had increased Plg antigen": what an
                    // organism has is its phenotype, not what it did ("these
                    // cells have influenced the rate", with its determiner,
                    // is).
                    if (v.form == Form::Past || matches!(v.lemma, "lower" | "higher"))
                        && k > ca
                        && p.verb(k - 1).is_some_and(|b| b.lemma == "have")
                        && !matches!(p.tags.get(p.skip_adverbs(i + 1, cb)), Some(Tag::Det))
                        && subject_at(p, k - 1, ca)
                            .is_some_and(|(_, b)| is_organism(p.lower(b - 1)))
                    {
                        continue;
                    }
                    // A participle right after a noun is passive: "X
                    // secreted by Y", "the complex bound to its cofactor".
                    let reduced = v.form == Form::Past
                        && k > ca
                        && matches!(p.tags[k - 1], Tag::Noun | Tag::Punct)
                        && {
                            // "induced later in life", "secreted locally by".
                            let mut n = i + 1;
                            while matches!(p.tags.get(n), Some(Tag::Adv)) {
                                n += 1;
                            }
                            matches!(p.tags.get(n), Some(Tag::Prep))
                        };
                    let passive = v.form == Form::Past && (be_before || reduced);
                    // "differentiate into", "polarize toward": without its
                    // target the verb describes a state ("differentiating
                    // lens epithelium"), not a relation.
                    let after = p.skip_adverbs(i + 1, cb);
                    // "induced by initiator binding, in bacteria": an active
                    // verb followed by a comma has no object.
                    if !passive
                        && p.lower(after) == ","
                        && matches!(p.tags.get(after + 1), Some(Tag::Prep))
                    {
                        continue;
                    }
                    if kind == RelationKind::Differentiation
                        && !matches!(p.lower(after), "into" | "toward" | "towards" | "to")
                    {
                        continue;
                    }
                    let (subject, object) = if passive {
                        let object = if be_before {
                            subject_at(p, k - 1, ca)
                        } else {
                            p.np_left(i, ca)
                        };
                        let amount = is_amount_at(p, i + 2);
                        let subject = if p.lower(i + 1) == "by" && !amount {
                            p.object_right(i + 2, cb)
                                .and_then(|(a, b)| p.trim(a, b))
                                .map(|(a, b)| Arg::Here(a, b))
                        } else {
                            None
                        };
                        (subject, object)
                    } else {
                        let mut o = after;
                        if matches!(p.lower(o), "into" | "toward" | "towards" | "to" | "with")
                            && matches!(
                                kind,
                                RelationKind::Differentiation
                                    | RelationKind::Polarization
                                    | RelationKind::Binding
                            )
                            || (p.lower(o) == "with" && v.lemma == "interfere")
                        {
                            o += 1;
                        }
                        let object = p.object_right(o, cb);
                        let inherits = matches!(
                            prev,
                            "by" | "through"
                                | "via"
                                | "thereby"
                                | "to"
                                | ","
                                | "and"
                                | "or"
                                | "while"
                                | ""
                        ) || (v.form == Form::Ing && !p.is_finite(i))
                            || (v.form == Form::Base && prev == "and");
                        let able = prev == "to"
                            && k >= 2
                            && matches!(p.lower(k - 2), "able" | "unable" | "capable");
                        // "the ability of sequences from replication origins
                        // to activate Mcm4/6/7": the holder of the ability
                        // acts ("its ability to bind" keeps the clause's
                        // subject).
                        let ability_of = (prev == "to")
                            .then(|| p.np_left(k - 1, ca))
                            .flatten()
                            .and_then(|(a, b)| {
                                (a..b)
                                    .find(|&h| {
                                        matches!(
                                            p.lower(h),
                                            "ability" | "capacity" | "propensity" | "tendency"
                                        ) && p.lower(h + 1) == "of"
                                    })
                                    .filter(|&h| h + 2 < b)
                                    .map(|h| (h + 2, b))
                            });
                        // "of the ARNT mediated transcriptional response",
                        // "by gap junction mediated K+ cycling": inside a
                        // noun phrase, a participle after a bare noun is a
                        // compound ("ARNT-mediated"), and that noun is the
                        // agent.
                        let compound_agent = (v.form == Form::Past
                            && matches!(
                                v.lemma,
                                "mediate" | "induce" | "regulate" | "stimulate" | "secrete"
                            )
                            && k == i
                            && k > ca + 1
                            && p.tags[k - 1] == Tag::Noun
                            && matches!(p.tags.get(i + 1), Some(Tag::Noun | Tag::Adj)))
                        .then(|| {
                            let mut c = k - 1;
                            while c > ca && k - c < 3 && p.tags[c - 1] == Tag::Noun {
                                c -= 1;
                            }
                            // (also after a participle whose object the
                            // compound is: "a gene enhancing Gh induced
                            // effects")
                            (c > ca
                                && (matches!(p.tags[c - 1], Tag::Det | Tag::Prep)
                                    || words::verb(p.lower(c - 1))
                                        .is_some_and(|v| v.form == Form::Ing))
                                && p.lower(c - 1) != "as")
                                .then_some((c, k))
                        })
                        .flatten();
                        // "can be abolished by silencing the expression of
                        // two genes": the subject of a passive clause
                        // undergoes it and does not do what the means does.
                        let by_passive = prev == "by" && k >= 2 && {
                            let j = p.skip_adverbs_left(k - 1, ca);
                            j > ca && p.verb(j - 1).is_some_and(|v| v.form == Form::Past) && {
                                let b = p.skip_adverbs_left(j - 1, ca);
                                b > ca && p.verb(b - 1).is_some_and(|v| v.lemma == "be")
                            }
                        };
                        // "a non-zero probability to trigger initiation":
                        // a chance has no agent.
                        let chance_to = prev == "to"
                            && k >= 2
                            && matches!(
                                p.lower(k - 2),
                                "probability"
                                    | "possibility"
                                    | "chance"
                                    | "likelihood"
                                    | "time"
                                    | "way"
                                    | "opportunity"
                            );
                        let subject = if by_passive || chance_to {
                            None
                        } else if let Some((c, e)) = compound_agent {
                            Some(Arg::Here(c, e))
                        } else if let Some((h, b)) = ability_of {
                            Some(Arg::Here(h, b))
                        } else if let Some(role) = (prev == "in" && v.form == Form::Ing)
                            .then(|| role_holder(p, k - 1, ca))
                            .flatten()
                        {
                            Some(Arg::Here(role.0, role.1))
                        } else if matches!(prev, "which" | "that") {
                            subject_at(p, k, ca).map(|(a, b)| Arg::Here(a, b))
                        } else if able {
                            // "a lipase able to hydrolyze TAG"; after a
                            // copula the subject of the copula: "cutinases
                            // constitute a family able to degrade ...".
                            p.np_left(k - 2, ca)
                                .map(|(a, b)| {
                                    let copula = a > ca
                                        && p.verb(a - 1).is_some_and(|v| {
                                            matches!(
                                                v.lemma,
                                                "be" | "constitute"
                                                    | "represent"
                                                    | "remain"
                                                    | "become"
                                            )
                                        });
                                    copula
                                        .then(|| subject_at(p, a - 1, ca))
                                        .flatten()
                                        .unwrap_or((a, b))
                                })
                                .map(|(a, b)| Arg::Here(a, b))
                        } else if let Some((a, b)) = (prev == "to")
                            .then(|| infinitive_subject(p, k - 1, ca))
                            .flatten()
                        {
                            Some(Arg::Here(a, b))
                        } else if let Some(np) = (prev == "," && p.is_finite(i))
                            .then(|| examples_subject(p, k - 1, ca))
                            .flatten()
                        {
                            Some(Arg::Here(np.0, np.1))
                        } else if p.is_finite(i) && !inherits {
                            subject_at(p, i, ca).map(|(a, b)| Arg::Here(a, b))
                        } else if v.form == Form::Ing
                            && !p.is_finite(i)
                            && k == i
                            && k > ca
                            && p.tags[k - 1] == Tag::Noun
                            && p.tokens[k - 1].kind == TokenKind::Word
                            && {
                                let w = p.lower(k - 1);
                                w.len() > 3 && w.ends_with('s') && !w.ends_with("ss")
                            }
                        {
                            // A participle right after its plural noun
                            // modifies it: "defects in pathways controlling
                            // cell polarity", "genes affecting growth": the
                            // noun phrase acts (after a singular noun the
                            // -ing word is as often a compound: "ligand
                            // binding", "chromatin remodeling"). The noun is
                            // the one after the phrase's last preposition
                            // ("knowledge of the factors regulating").
                            p.np_left(i, ca).map(|(a, b)| {
                                let a = (a..b)
                                    .rev()
                                    .find(|&j| p.tags[j] == Tag::Prep)
                                    .map_or(a, |j| j + 1);
                                Arg::Here(a, b)
                            })
                        } else if prev == "and"
                            && p.is_finite(i)
                            && let Some(j) = (ca..k.saturating_sub(1)).rev().find(|&j| {
                                p.is_finite(j) && !p.verb(j).is_some_and(|v| v.is_auxiliary())
                            })
                        {
                            // "MSC infusion improved albumin levels and
                            // reduced portal pressure": the subject of the
                            // verb it is coordinated with, whatever its class.
                            subject_at(p, j, ca)
                                .map(|(a, b)| Arg::Here(a, b))
                                .or_else(|| last_subject.clone())
                        } else {
                            last_subject.clone()
                        };
                        (subject, object)
                    };
                    // A pronoun subject is the clause's (resolved) subject.
                    let subject = match subject {
                        Some(Arg::Here(a, b))
                            if b - a == 1 && matches!(p.lower(a), "they" | "it") =>
                        {
                            main.clone()
                        }
                        // "one of its known functions is to regulate X":
                        // what "its" refers to acts, the sentence's subject.
                        Some(Arg::Here(a, b))
                            if (a..b).any(|j| matches!(p.lower(j), "its" | "their"))
                                && (a..b).any(|j| {
                                    matches!(
                                        p.lower(j),
                                        "function"
                                            | "functions"
                                            | "role"
                                            | "roles"
                                            | "task"
                                            | "ability"
                                            | "capacity"
                                    )
                                })
                                && out.subject.as_ref().is_some_and(
                                    |s| !matches!(s, Arg::Here(x, y) if *x == a && *y == b),
                                ) =>
                        {
                            out.subject.clone()
                        }
                        s => s,
                    };
                    if p.is_finite(i)
                        && !passive
                        && let Some(s) = &subject
                    {
                        last_subject = Some(s.clone());
                    }
                    push_triples(
                        p,
                        &mut out,
                        &mut endpoint_hit,
                        therapy,
                        subject,
                        kind,
                        (i, i + 1),
                        object,
                    );
                }
                Tag::Nominal(kind) => {
                    // "inhibit the activation of HSCs", "reduce the
                    // production of IL-6": the governing verb's relation
                    // takes the whole phrase as its object, and the nominal
                    // is not asserted (HGF does not activate HSCs).
                    let mut g = i;
                    while g > ca && matches!(p.tags[g - 1], Tag::Det | Tag::Adj | Tag::Adv) {
                        g -= 1;
                    }
                    if g > ca
                        && (p.verb(g - 1).is_some_and(|v| {
                            matches!(
                                parse::relation_of(&v),
                                Some(RelationKind::Inhibition | RelationKind::Decrease)
                            )
                        }) || matches!(
                            p.lower(g - 1),
                            "halt"
                                | "halts"
                                | "halted"
                                | "halting"
                                | "stop"
                                | "stops"
                                | "stopped"
                                | "stopping"
                        ))
                    {
                        continue;
                    }
                    let Some((oa, ob)) = p.object_right(i + 2, cb.min(i + 2 + MAX_PHRASE)) else {
                        continue;
                    };
                    // The agent: "by Y" after the object, "Y-mediated" before,
                    // or the clause subject when the nominal is governed by
                    // a verb or a means preposition.
                    let mut subject = None;
                    // "by" + noun phrase is the agent; "by" + -ing is a means,
                    // "by more than 95%" an amount.
                    if p.lower(ob) == "by"
                        && !p.verb(ob + 1).is_some_and(|v| v.form == Form::Ing)
                        && !is_amount_at(p, ob + 1)
                    {
                        subject = p.object_right(ob + 1, cb).map(|(a, b)| Arg::Here(a, b));
                    }
                    if subject.is_none() && i > ca {
                        let before = &p.tokens[i - 1];
                        let w = p.span_text(i - 1, i);
                        if let Some(agent) = w
                            .strip_suffix("-mediated")
                            .or_else(|| w.strip_suffix("-induced"))
                        {
                            let agent = Arg::Carried {
                                text: agent.to_owned(),
                                start: before.start,
                                end: before.start + agent.len(),
                            };
                            // "IP3-mediated release of Ca2+", "LPS-induced
                            // secretion of TNF": IP3 and LPS bring the
                            // release about, they release nothing (where
                            // "EED-mediated binding of H3" has EED bind).
                            if kind == RelationKind::Secretion {
                                push_triples(
                                    p,
                                    &mut out,
                                    &mut endpoint_hit,
                                    therapy,
                                    Some(agent),
                                    RelationKind::Activation,
                                    (i - 1, i),
                                    Some((i, ob)),
                                );
                                continue;
                            }
                            subject = Some(agent);
                        }
                    }
                    if subject.is_none() {
                        let k = g;
                        // Governed by a means preposition ("act through
                        // secretion of HGF"), the clause subject is the
                        // agent; governed by a verb, only for relations it
                        // causes on the object ("induces activation of
                        // HSCs"), not for what the object itself does
                        // ("Ca2+ promotes binding of annexin A7 to
                        // membranes": Ca2+ binds nothing; "TRβ regulates
                        // differentiation of these cells into neurons":
                        // the cells differentiate, not TRβ).
                        // A verb that reports ("RT-PCRs showed a
                        // downregulation of X") does not cause it.
                        // "a disease characterised by the production of
                        // autoantibodies": a description of the subject,
                        // which produces nothing.
                        let describing_by = k >= 2
                            && p.lower(k - 1) == "by"
                            && is_describing_participle(p.lower(k - 2));
                        if k > ca
                            && !describing_by
                            && (matches!(p.lower(k - 1), "via" | "through" | "by" | "to" | "in")
                                || (p.verb(k - 1).is_some_and(|v| {
                                    !matches!(v.class, VerbClass::Report | VerbClass::Discourse)
                                        && !matches!(v.lemma, "show" | "reveal" | "demonstrate")
                                }) && !matches!(
                                    kind,
                                    RelationKind::Binding
                                        | RelationKind::Secretion
                                        | RelationKind::Differentiation
                                )))
                        {
                            subject = last_subject.clone();
                        }
                    }
                    push_triples(
                        p,
                        &mut out,
                        &mut endpoint_hit,
                        therapy,
                        subject,
                        kind,
                        (i, i + 2),
                        Some((oa, ob)),
                    );
                }
                _ => {}
            }
        }
        // The clause's class, from its words without a trailing pointer
        // ("(data not shown)", "(Figure 2)").
        let cb_words = p.trim(ca, cb).map_or(cb, |(_, e)| e);
        let lowers: Vec<&str> = (ca..cb_words)
            .map(|k| {
                // "genetically engineered mice" are a model, not a strategy.
                let engineered_model = p.lower(k) == "engineered" && is_organism(p.lower(k + 1));
                if is_genotype_lack(p, k) || is_idle_gap_word(p, k) || engineered_model {
                    ""
                } else {
                    p.lower(k)
                }
            })
            .collect();
        if classify::is_gap(&lowers) {
            // "How X regulates Y remains unknown": the gap is the claim.
            out.mechanisms
                .retain(|t| t.trigger.0 < ca || t.trigger.0 >= cb);
        }
        // "to determine whether synovial development is regulated by BMP
        // signaling", "to assess whether it may influence neighboring
        // neurons": a question asked, not a relation asserted.
        // The question ends at the first comma after its verb ("whether X
        // influences neuronal survival, two parameters influenced by
        // neurotrophic factors" keeps the second).
        for q in (ca..cb).filter(|&k| is_question_word(p, k)) {
            // (Each scan bounded by the phrase window: linear work.)
            let end = (q + 1..cb.min(q + 1 + MAX_PHRASE))
                .find(|&f| p.is_finite(f))
                .and_then(|f| {
                    (f + 1..cb.min(f + 1 + MAX_PHRASE))
                        .find(|&k| p.lower(k) == "," && p.depth[k] == p.depth[q])
                })
                .unwrap_or(cb);
            out.mechanisms
                .retain(|t| t.trigger.0 < q || t.trigger.0 >= end);
        }
        let mut category = classify::classify_in(&lowers, section_title, therapy_before);
        if category.is_none() && endpoint_hit {
            category = Some(ClaimCategory::Outcome);
        }
        if let Some(category) = category {
            let items = list_items(p, floor.max(ca), cb, main_verb);
            out.others.push((category, (ca, cb), items));
        }
    }
    out
}

/// Plural heads that name cells: what a cell that "produces" them gives
/// rise to.
const CELL_WORDS: &[&str] = &[
    "cells",
    "neurons",
    "interneurons",
    "motoneurons",
    "progeny",
    "daughters",
    "hepatocytes",
    "cardiomyocytes",
    "myocytes",
    "adipocytes",
    "osteoblasts",
    "chondrocytes",
    "macrophages",
    "lymphocytes",
    "glia",
];

/// Nouns naming where knowledge comes from: never the agent of a relation.
const SOURCE_NOUNS: &[&str] = &[
    "report",
    "reports",
    "study",
    "studies",
    "data",
    "result",
    "results",
    "finding",
    "findings",
    "evidence",
    "experiments",
    "analyses",
    "observations",
    "literature",
];

#[allow(clippy::too_many_arguments)]
fn push_triples(
    p: &Parsed<'_>,
    out: &mut SentenceClaims,
    endpoint_hit: &mut bool,
    therapy: bool,
    subject: Option<Arg>,
    kind: RelationKind,
    trigger: (usize, usize),
    object: Option<(usize, usize)>,
) {
    let (Some(subject), Some((oa, ob))) = (subject, object) else {
        return;
    };
    // "An intriguing property of CLN2 is its ability to cleave X": CLN2,
    // whose property it is, acts.
    let subject = match subject {
        Arg::Here(a, b) => {
            attribute_owner(p, a, b).map_or(Arg::Here(a, b), |(c, d)| Arg::Here(c, d))
        }
        other => other,
    };
    let s = arg_text(p, &subject).to_lowercase();
    let function_words_only = match subject {
        Arg::Here(a, b) => (a..b).all(|k| {
            matches!(
                p.tags[k],
                Tag::Det | Tag::Prep | Tag::Punct | Tag::Pron | Tag::Adv
            )
        }),
        Arg::Carried { .. } => false,
    };
    // A phrase cut short ("the consequence of"), a verb taken for a noun
    // ("reflecting", "express") or a question word is no agent.
    let broken = match subject {
        Arg::Here(a, b) => {
            b > a
                && (matches!(p.tags[b - 1], Tag::Prep | Tag::Det | Tag::Coord)
                    || matches!(p.tags[a], Tag::Verb(_))
                    || matches!(
                        p.lower(a),
                        "here" | "there" | "what" | "whether" | "how" | "why" | "whatever"
                    )
                    // A pronoun inside a longer phrase is a remnant of a
                    // clause ("altering it in vivo affects", "rather it
                    // affects"), not a resolvable agent.
                    || (b - a > 1 && (a..b).any(|k| matches!(p.lower(k), "it" | "they" | "them")))
                    // An embedded question ("a model of how PRC2") names
                    // no agent, nor does a source of knowledge ("Previous
                    // reports have shown ..., thus enhancing").
                    || (a..b).any(|k| {
                        matches!(p.lower(k), "how" | "whether" | "why") && !p.tokens[k].caps
                    })
                    || {
                        let head = (a..b).find(|&k| p.tags[k] == Tag::Prep).unwrap_or(b);
                        head > a && SOURCE_NOUNS.contains(&p.lower(head - 1))
                    })
        }
        Arg::Carried { .. } => false,
    };
    // An intransitive use ("do not increase in size"), or a means
    // ("digested using trypsin"): no target. Nor a question ("affected how
    // the interactions ...") or an adverb ("does not affect, perhaps, ..."),
    // nor what an intransitive verb is followed by ("increased up to 30 nt",
    // "increased (152 ± 6, n = 12)").
    if matches!(p.tags.get(oa), Some(Tag::Prep | Tag::Verb(_)))
        || matches!(
            p.lower(oa),
            "using"
                | "how"
                | "whether"
                | "what"
                | "why"
                | "perhaps"
                | "possibly"
                | "up"
                | "("
                | "as"
        )
    {
        return;
    }
    if function_words_only
        || broken
        || !s.chars().any(char::is_alphabetic)
        || matches!(
            s.as_str(),
            "we" | "i" | "it" | "they" | "this" | "these" | "that" | "which" | "one" | "you"
        )
        || is_finding_phrase(&s)
        || is_idiom_object(p, trigger.0, oa, ob)
    {
        return;
    }
    // "Produce" secretes only for cells, tissues and organs ("Sertoli cells
    // produce FGF9", "macrophages produced less TNF-α"); what mutations,
    // mice, grafts or genes "produce" is a result, offspring or product.
    let producer = p
        .verb(trigger.0)
        .is_some_and(|v| matches!(v.lemma, "produce" | "generate" | "yield"));
    let secretor = is_secretor(&subject_head(p, &subject));
    for (a, b) in p.items(oa, ob) {
        if out.mechanisms.len() >= MAX_MECHANISMS {
            return;
        }
        if is_endpoint(p, a, b, therapy) {
            *endpoint_hit = true;
            continue;
        }
        let head = p.lower(b - 1);
        if (a..b).all(|k| matches!(p.tags[k], Tag::Pron | Tag::Det | Tag::Adv | Tag::Punct)) {
            continue;
        }
        // An object that is the subject itself is a misparse.
        if let Arg::Here(sa, sb) = subject
            && sa < b
            && a < sb
        {
            continue;
        }
        // Cells that "produce" or "generate" cells give rise to them: a
        // lineage, not a secretion ("the NB produces the pool of GABAergic
        // neurons").
        let relation = if kind == RelationKind::Secretion
            && p.verb(trigger.0)
                .is_some_and(|v| matches!(v.lemma, "produce" | "generate"))
            && CELL_WORDS.contains(&head)
        {
            RelationKind::Differentiation
        } else {
            kind
        };
        if relation == RelationKind::Secretion && producer && !secretor {
            continue;
        }
        let t = Triple {
            subject: subject.clone(),
            relation,
            trigger,
            object: (a, b),
        };
        if !out.mechanisms.contains(&t) {
            out.mechanisms.push(t);
        }
    }
}

/// The head of a subject: its last word before a preposition or a
/// bracket, as written.
fn subject_head(p: &Parsed<'_>, subject: &Arg) -> String {
    let text = match subject {
        Arg::Here(a, b) => {
            let end = (*a..*b)
                .find(|&k| matches!(p.tags[k], Tag::Prep) || p.lower(k) == "(")
                .unwrap_or(*b);
            p.span_text(*a, end.max(*a + 1))
        }
        Arg::Carried { text, .. } => text.split(" of ").next().unwrap_or(text),
    };
    text.split_whitespace().last().unwrap_or("").to_owned()
}

/// Whether a head names what secretes: cells ("Sertoli cells",
/// "macrophages", "MSCs"), tissues or organs.
fn is_secretor(head: &str) -> bool {
    let lower = head.to_lowercase();
    CELL_WORDS.contains(&lower.as_str())
        || ["cells", "cytes", "blasts", "phages", "phils"]
            .iter()
            .any(|s| lower.ends_with(s))
        || matches!(
            lower.as_str(),
            "cell"
                | "tissue"
                | "tissues"
                | "liver"
                | "gland"
                | "glands"
                | "pancreas"
                | "kidney"
                | "kidneys"
                | "islets"
                | "hypothalamus"
                | "pituitary"
                | "placenta"
                | "epithelium"
                | "stroma"
                | "tumor"
                | "tumors"
                | "tumour"
                | "tumours"
                | "bacteria"
                | "strains"
        )
        // An abbreviation of cells: "MSCs", "HSCs", "NK".
        || (head.len() >= 3
            && head.ends_with('s')
            && head[..head.len() - 1].chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
}

/// Objects that make the verb an idiom rather than a relation: "has
/// stimulated interest in", "attracted attention"; animals that mutations
/// or crosses "produce" ("produce viable mice with defects"): offspring,
/// not a secretion; and results that something "produces" (effects,
/// increases, defects, a model).
fn is_idiom_object(p: &Parsed<'_>, verb: usize, oa: usize, ob: usize) -> bool {
    // The object's head: its last word before a preposition.
    let end = (oa..ob)
        .find(|&k| matches!(p.tags[k], Tag::Prep | Tag::Punct))
        .unwrap_or(ob);
    if end == oa {
        return false;
    }
    let head = p.lower(end - 1);
    let lemma = p.verb(verb).map_or("", |v| v.lemma);
    if matches!(
        head,
        "interest" | "attention" | "debate" | "controversy" | "curiosity"
    ) || (head == "light" && matches!(lemma, "shed" | "cast" | "throw"))
    {
        return true;
    }
    matches!(lemma, "produce" | "generate" | "yield")
        && matches!(
            head,
            "mice"
                | "mouse"
                | "rats"
                | "animals"
                | "progeny"
                | "offspring"
                | "litters"
                | "pups"
                | "embryos"
                | "mutants"
                | "phenotype"
                | "phenotypes"
                // Results, not substances: "produces coordinated increases
                // in oxidation enzymes", "produce defects in joint
                // formation", "produced a model of MSUD".
                | "effect"
                | "effects"
                | "increase"
                | "increases"
                | "decrease"
                | "decreases"
                | "reduction"
                | "change"
                | "changes"
                | "alteration"
                | "alterations"
                | "defect"
                | "defects"
                | "deficits"
                | "loss"
                | "induction"
                | "expression"
                | "model"
                | "models"
                | "lines"
                | "results"
                | "response"
                | "responses"
                | "pattern"
                | "patterns"
                | "teratomas"
                | "tumors"
                | "tumours"
                | "viable"
                | "fertile"
                | "profound"
                | "similar"
        )
}

/// Words of a knowledge gap or a challenge used for something else, which
/// make no bottleneck and no gap: "unknown" or "obscure" before a noun ("a
/// protein of unknown function", "as-yet unknown receptors", "an obscure
/// relative"), the "yet" of "not yet" before what is not research ("had
/// not yet formed", "have not yet been degraded", against "has not yet
/// been elucidated"), "challenge" as a verb ("these findings have
/// challenged the dogma", "mice challenged with LPS"), "as evidenced by",
/// and "lack" as a verb ("the tail lacks the signal"; not "we still lack
/// information", not "lack of").
fn is_idle_gap_word(p: &Parsed<'_>, k: usize) -> bool {
    /// What research does or what is known: after "not yet" these make a
    /// gap.
    const KNOWING: &[&str] = &[
        "elucidat",
        "determin",
        "clarif",
        "characteriz",
        "characteris",
        "test",
        "identif",
        "establish",
        "demonstrat",
        "examin",
        "stud",
        "investigat",
        "address",
        "perform",
        "subject",
        "known",
        "clear",
        "understood",
        "defin",
        "resolv",
        "explor",
        "report",
        "describ",
        "analy",
        "evaluat",
        "assess",
        "shown",
        "prov",
        "publish",
        "availab",
        "possibl",
        "fully",
        "well",
        "been",
        "be",
    ];
    match p.lower(k) {
        "unknown" | "obscure" => {
            p.tokens
                .get(k + 1)
                .is_some_and(|t| t.kind == TokenKind::Word)
                && matches!(
                    p.tags.get(k + 1),
                    Some(Tag::Noun | Tag::Adj | Tag::Nominal(_))
                )
        }
        "yet" if k > 0 && p.lower(k - 1) == "not" => {
            // The first word after "yet" and its auxiliaries.
            let mut j = k + 1;
            while matches!(p.lower(j), "been" | "be" | "being")
                || matches!(p.tags.get(j), Some(Tag::Adv))
            {
                j += 1;
            }
            let w = p.lower(j);
            !KNOWING.iter().any(|c| w.starts_with(c))
        }
        "challenged" => true,
        // "Concerning odor discrimination itself, ...", "as far as X is
        // concerned": a preposition, not a concern.
        "concerning" | "concerned" => true,
        // "as evidenced by the lack of expression": a pointer to evidence,
        // not a clause about it.
        "evidenced" => true,
        // "lack" as a verb describes what something has ("the tail lacks
        // the targeting signal", "they lacked calpain activity"), unless
        // the field still lacks it.
        "lacks" | "lacked" | "lack" => {
            let still = k > 0 && p.lower(k - 1) == "still";
            let noun = p.lower(k) == "lack" && p.lower(k + 1) == "of";
            // "lack of" names a missing resource ("lack of evidence", "lack
            // of specific inhibitors", "lack of a suitable animal model"),
            // not a phenotype ("a lack of measurable rhodopsin", "lack of
            // headfold formation").
            let resource = (k + 2..k + 6).any(|j| {
                let w = p.lower(j);
                RESOURCES.iter().any(|r| w.starts_with(r))
            });
            let missing = noun && resource;
            !still && !missing
        }
        "challenge" | "challenges" => matches!(p.tags.get(k + 1), Some(Tag::Det)),
        _ => false,
    }
}

/// The owner in a subject naming one of its attributes ("an intriguing
/// property of CLN2": CLN2), as a token range.
fn attribute_owner(p: &Parsed<'_>, a: usize, b: usize) -> Option<(usize, usize)> {
    let of = (a..b).find(|&j| p.lower(j) == "of")?;
    let head = of.checked_sub(1)?;
    // The attribute heads the phrase: no preposition, conjunction or
    // punctuation before it ("modifications in the ... properties of
    // nucleosomes" is about modifications).
    (head >= a
        && (a..head).all(|j| !matches!(p.tags[j], Tag::Prep | Tag::Coord | Tag::Punct | Tag::Sub))
        && matches!(
            p.lower(head),
            "property" | "properties" | "feature" | "features" | "characteristic" | "hallmark"
        )
        && of + 1 < b)
        .then_some((of + 1, b))
}

/// A participle that describes what it follows by a "by" phrase
/// ("characterised by", "marked by", "accompanied by"), so the phrase
/// names a feature, not a means of the clause's subject.
fn is_describing_participle(w: &str) -> bool {
    matches!(
        w,
        "characterized"
            | "characterised"
            | "marked"
            | "accompanied"
            | "defined"
            | "distinguished"
            | "typified"
            | "hallmarked"
    )
}

/// Whether token `k` opens an indirect question: "whether", or "if" after a
/// verb of inquiry ("to determine if", "we tested if").
fn is_question_word(p: &Parsed<'_>, k: usize) -> bool {
    match p.lower(k) {
        "whether" => p.lower(k + 1) != "or",
        "if" => after_verb_of(
            p,
            k,
            &[
                "determin",
                "test",
                "examin",
                "assess",
                "investigat",
                "ask",
                "see",
                "know",
            ],
        ),
        // "to determine ... and establish how they function to regulate".
        "how" => after_verb_of(
            p,
            k,
            &[
                "determin",
                "establish",
                "understand",
                "examin",
                "investigat",
                "elucidat",
                "explor",
                "clarif",
                "ask",
                "test",
            ],
        ),
        _ => false,
    }
}

/// Whether the word before `k` starts with one of `stems` (a verb of
/// inquiry: "determin" for "determine", "determined", ...).
fn after_verb_of(p: &Parsed<'_>, k: usize, stems: &[&str]) -> bool {
    k > 0 && stems.iter().any(|v| p.lower(k - 1).starts_with(v))
}

/// Whether an amount starts at `n` (after "by"): "52%", "about 30%",
/// "more than 95%", "at least 2-fold".
fn is_amount_at(p: &Parsed<'_>, mut n: usize) -> bool {
    while matches!(
        p.lower(n),
        "about"
            | "approximately"
            | "nearly"
            | "almost"
            | "over"
            | "~"
            | "up"
            | "to"
            | "more"
            | "less"
            | "than"
            | "at"
            | "least"
    ) {
        n += 1;
    }
    p.tokens.get(n).is_some_and(|t| t.kind == TokenKind::Number)
}

/// What research or therapy may lack: after "lack of", these make a
/// bottleneck.
const RESOURCES: &[&str] = &[
    "evidence",
    "data",
    "information",
    "knowledge",
    "understanding",
    "consensus",
    "standard",
    "specific",
    "inhibitor",
    "tool",
    "method",
    "model",
    "suitable",
    "practical",
    "viable",
    "reliable",
    "effective",
    "efficacy",
    "treatment",
    "therap",
    "trial",
    "stud",
    "marker",
    "biomarker",
    "reagent",
    "antibod",
    "access",
    "funding",
    "reproducib",
    "validat",
    "long-term",
    "follow-up",
    "control",
];

/// "Mice lacking Apcs", "lack of alphaA": a genotype or an experimental
/// condition, not a missing resource (so no bottleneck cue).
fn is_genotype_lack(p: &Parsed<'_>, k: usize) -> bool {
    let w = p.lower(k);
    if !matches!(w, "lacking" | "lack" | "lacks" | "lacked") {
        return false;
    }
    if w == "lacking" && k > 0 && matches!(p.tags[k - 1], Tag::Noun) {
        return true;
    }
    // The thing lacked is a symbol: capitals or digits past its first
    // letter ("Apcs" is not, "alphaA", "p53", "IL-10", "TLR4" are), or a
    // capitalized word right after "lack of".
    let mut t = k + 1;
    if p.lower(t) == "of" {
        t += 1;
    }
    while matches!(
        p.lower(t),
        "the" | "a" | "an" | "both" | "functional" | "endogenous"
    ) {
        t += 1;
    }
    let Some(token) = p.tokens.get(t) else {
        return false;
    };
    let text = &p.text[token.start..token.end];
    let mut chars = text.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    first_upper || chars.any(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Heads that name organisms, their groups or genotypes: what they "have
/// increased" or "had impaired" is a trait.
fn is_organism(head: &str) -> bool {
    matches!(
        head,
        "mice"
            | "mouse"
            | "rats"
            | "rat"
            | "animals"
            | "mutants"
            | "mutant"
            | "embryos"
            | "patients"
            | "individuals"
            | "subjects"
            | "pups"
            | "littermates"
            | "homozygotes"
            | "heterozygotes"
            | "hemizygotes"
            | "knockouts"
            | "strains"
            | "females"
            | "males"
            | "carriers"
            | "offspring"
            | "fish"
            | "larvae"
            | "flies"
            | "worms"
            | "cells"
    ) || head.ends_with("-/-")
        || head.ends_with("−/−")
}

/// "These results", "our data", "this method": the study's own findings
/// or tools, never the agent of a biological relation.
fn is_finding_phrase(s: &str) -> bool {
    let mut words = s.split_whitespace();
    let (Some(det), Some(head), None) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    matches!(
        det,
        "this" | "these" | "those" | "our" | "the" | "such" | "both" | "present" | "current"
    ) && matches!(
        head,
        "results"
            | "result"
            | "findings"
            | "finding"
            | "data"
            | "observations"
            | "observation"
            | "studies"
            | "study"
            | "experiments"
            | "experiment"
            | "analyses"
            | "analysis"
            | "method"
            | "methods"
            | "approach"
            | "approaches"
            | "work"
            | "model"
            | "hypothesis"
            | "evidence"
            | "reports"
            | "report"
    )
}

/// The holder of a role before "in" + gerund: "a role for alphaA in
/// regulating the cell cycle", "the role of HGF in promoting
/// regeneration" give alphaA and HGF.
fn role_holder(p: &Parsed<'_>, at_in: usize, floor: usize) -> Option<(usize, usize)> {
    const ROLES: &[&str] = &[
        "role",
        "roles",
        "function",
        "functions",
        "involvement",
        "importance",
        "contribution",
        "requirement",
        "ability",
        "capacity",
    ];
    let (a, b) = p.np_left(at_in, floor)?;
    // "the role of HGF" as one phrase: the holder follows "of".
    if let Some(k) =
        (a..b).find(|&k| ROLES.contains(&p.lower(k)) && matches!(p.lower(k + 1), "of" | "for"))
    {
        return (k + 2 < b).then_some((k + 2, b));
    }
    // "a role for alphaA": np_left stops at "for".
    (a >= 2 && matches!(p.lower(a - 1), "for" | "of") && ROLES.contains(&p.lower(a - 2)))
        .then_some((a, b))
}

/// The items of a list in a clause, if it has one.
fn list_items(
    p: &Parsed<'_>,
    ca: usize,
    cb: usize,
    main_verb: Option<usize>,
) -> Vec<(usize, usize)> {
    // After an introducer.
    for k in ca..cb {
        let w = p.lower(k);
        let intro = matches!(
            w,
            "including"
                | "integrating"
                | "involving"
                | "include"
                | "includes"
                | "comprising"
                | "namely"
                | ":"
        ) || (w == "such" && p.lower(k + 1) == "as")
            || (w == "like" && k > ca && matches!(p.tags[k - 1], Tag::Noun));
        if intro && p.depth[k] == p.depth[ca] {
            let s = if w == "such" { k + 2 } else { k + 1 };
            if let Some((a, b)) = p.object_right(s, cb) {
                let items = p.items(a, b);
                if items.len() >= 2 {
                    return items;
                }
            }
        }
    }
    // A coordinated subject (items that are pronouns are no items: "EV
    // preparations differ in purity and dose, and it is not yet clear").
    let items = coordinated_subject(p, ca, main_verb);
    let nouns: Vec<(usize, usize)> = items
        .into_iter()
        .filter(|&(a, b)| !(b - a == 1 && matches!(p.tags[a], Tag::Pron)))
        .collect();
    if nouns.len() >= 2 { nouns } else { Vec::new() }
}

/// The items of a clause's coordinated subject ("A, B, and C remain ..."),
/// or none.
fn coordinated_subject(p: &Parsed<'_>, ca: usize, main_verb: Option<usize>) -> Vec<(usize, usize)> {
    if let Some(v) = main_verb {
        let mut a = ca;
        while a < v && (matches!(p.tags[a], Tag::Adv | Tag::Punct | Tag::Sub | Tag::Coord)) {
            a += 1;
        }
        // An introductory phrase ("In rodent models of fibrosis and ALF,
        // MSC therapy improved ..."): the subject starts after its comma.
        if matches!(p.tags.get(a), Some(Tag::Prep))
            && let Some(comma) = (a..v)
                .rev()
                .find(|&k| p.lower(k) == "," && p.depth[k] == p.depth[a])
        {
            a = comma + 1;
        }
        let b = p.skip_aux_left(v, a);
        if b > a
            && b - a <= 3 * MAX_PHRASE
            && (a..b).all(|k| !p.is_finite(k) && p.tags[k] != Tag::Modal)
        {
            let items = p.items(a, b);
            let commas = (a..b)
                .filter(|&k| p.lower(k) == "," && p.depth[k] == p.depth[a])
                .count();
            if items.len() >= 3 && commas >= 1 {
                return items;
            }
        }
    }
    Vec::new()
}

fn overlapping_entity<'d>(
    entities: &'d [&'d Entity],
    start: usize,
    end: usize,
) -> Option<&'d Entity> {
    entities
        .iter()
        .filter(|e| e.start.is_some_and(|s| s < end) && e.end.is_some_and(|t| start < t))
        .max_by_key(|e| {
            let (s, t) = (e.start.unwrap_or(0).max(start), e.end.unwrap_or(0).min(end));
            (t.saturating_sub(s), e.end)
        })
        .copied()
}

/// Where the head of an argument ends: before its first prepositional
/// modifier ("EVs | from umbilical cord MSCs", "activation | of HSCs").
fn head_end(text: &str) -> usize {
    const PREPOSITIONS: &[&str] = &[
        "of", "from", "in", "with", "by", "on", "at", "for", "to", "into", "via", "after",
        "during", "derived", "toward", "towards",
    ];
    let mut pos = 0;
    for word in text.split(' ') {
        if pos > 0 && PREPOSITIONS.contains(&word) {
            return pos;
        }
        pos += word.len() + 1;
    }
    text.len()
}

/// Where the last word of an argument's head begins, and where the head
/// ends: the head without a trailing parenthesis ("regulatory T cells
/// (Tregs)" → "cells").
fn head_word(text: &str) -> (usize, usize) {
    let mut head = text[..head_end(text)].trim_end();
    if head.ends_with(')')
        && let Some(open) = head.rfind('(')
        && open > 0
    {
        head = head[..open].trim_end();
    }
    let head = head.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != ')');
    let word = head.rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + 1);
    (word, head.len())
}

/// Head nouns naming the administration of what modifies them: "MSC
/// infusion" acts as the MSCs do.
const VEHICLE_NOUNS: &[&str] = &[
    "infusion",
    "infusions",
    "therapy",
    "therapies",
    "transplantation",
    "transplantations",
    "transplant",
    "transplants",
    "administration",
    "injection",
    "injections",
    "treatment",
    "treatments",
    "implantation",
    "transfusion",
    "transfusions",
];

/// Head nouns after a gene (or a protein that MeSH files as a chemical)
/// that still name it at work: "BDNF expression", "BMPR1A signaling",
/// "calpain activity".
const GENE_PRODUCT_NOUNS: &[&str] = &[
    "expression",
    "signaling",
    "signalling",
    "activity",
    "activities",
    "gene",
    "genes",
    "protein",
    "proteins",
    "mrna",
    "mrnas",
    "transcript",
    "transcripts",
    "transcription",
    "pathway",
    "pathways",
    "function",
    "peptide",
    "peptides",
    "stability",
    "secretion",
    "release",
    "production",
];

/// Head nouns after anything that name its amount: "cholesterol levels",
/// "serum ALT concentrations".
const AMOUNT_NOUNS: &[&str] = &[
    "level",
    "levels",
    "concentration",
    "concentrations",
    "content",
    "amount",
    "amounts",
];

fn argument(text: &str, start: usize, end: usize, entities: &[&Entity]) -> Argument {
    // The argument's own identifiers: of an entity that is its head, not of
    // one in a modifier ("EVs from umbilical cord MSCs" is not MSCs,
    // "hepatocyte proliferation" is not hepatocytes). A head noun of
    // administration hands the identifiers of what it administers over.
    let (word, head) = head_word(text);
    let head_noun = text[word..head].to_lowercase();
    let vehicle = VEHICLE_NOUNS.contains(&head_noun.as_str());
    let e = overlapping_entity(entities, start, (start + head_end(text)).min(end)).filter(|e| {
        vehicle
            // the head word, or an alias in parentheses after it
            || e.end.is_some_and(|t| t > start + word)
            || (matches!(e.kind, EntityType::Gene | EntityType::Chemical)
                && GENE_PRODUCT_NOUNS.contains(&head_noun.as_str()))
            || AMOUNT_NOUNS.contains(&head_noun.as_str())
    });
    Argument {
        text: text.to_owned(),
        kind: e.map(|e| e.kind).filter(|k| *k != EntityType::Other),
        ids: e.map(|e| e.ids.clone()).unwrap_or_default(),
        start: Some(start),
        end: Some(end),
    }
}

fn skip_section(kind: SectionKind, title: &str) -> bool {
    let t = title.to_lowercase();
    kind == SectionKind::Methods
        || [
            "reference",
            "entities",
            "figure",
            "acknowledg",
            "funding",
            "author contribution",
            // "Authors' contributions"
            "contributions",
            "pre-publication",
            "ethics",
            "conflict",
            "competing",
            "abbreviation",
            "supplementary",
            "data availability",
            "keywords",
        ]
        .iter()
        .any(|w| t.contains(w))
}

/// Annotations ordered by start offset, so the ones inside a sentence are
/// found by binary search instead of a scan of the whole document.
struct ByStart<'d, T> {
    /// (start, position in the original order, item), sorted.
    items: Vec<(usize, usize, &'d T)>,
    /// Items ending before they start (malformed input): always checked.
    odd: Vec<(usize, &'d T)>,
}

impl<'d, T> ByStart<'d, T> {
    fn new(items: impl Iterator<Item = &'d T>, span: impl Fn(&T) -> (usize, usize)) -> Self {
        let mut sorted = Vec::new();
        let mut odd = Vec::new();
        for (k, x) in items.enumerate() {
            let (start, end) = span(x);
            if end >= start {
                sorted.push((start, k, x));
            } else {
                odd.push((k, x));
            }
        }
        sorted.sort_by_key(|&(s, k, _)| (s, k));
        ByStart { items: sorted, odd }
    }

    /// The items starting in `start..=end` (or malformed) that pass `keep`,
    /// in their original order.
    fn within(&self, start: usize, end: usize, keep: impl Fn(&T) -> bool) -> Vec<&'d T> {
        let from = self.items.partition_point(|&(s, _, _)| s < start);
        let mut found: Vec<(usize, &'d T)> = self.items[from..]
            .iter()
            .take_while(|&&(s, _, _)| s <= end)
            .map(|&(_, k, x)| (k, x))
            .chain(self.odd.iter().copied())
            .filter(|&(_, x)| keep(x))
            .collect();
        found.sort_unstable_by_key(|&(k, _)| k);
        found.into_iter().map(|(_, x)| x).collect()
    }
}

/// The claim stage: finds the claims of every sentence of `doc`, replacing
/// any claims already there. Reads sentences, entities, cues and citations.
pub fn annotate(doc: &mut Document) {
    let mut claims: Vec<Claim> = Vec::new();
    let entities: Vec<&Entity> = doc.entities.iter().filter(|e| e.start.is_some()).collect();
    let entity_index = ByStart::new(entities.iter().copied(), |e| {
        (e.start.unwrap_or(0), e.end.unwrap_or(usize::MAX))
    });
    let cue_index = ByStart::new(doc.cues.iter(), |c| (c.start, c.end));
    for (si, section) in doc.sections.iter().enumerate() {
        // The section or any section it is part of.
        let mut ancestry = Some(si);
        let mut skip = false;
        for _ in 0..doc.sections.len() {
            let Some(k) = ancestry else { break };
            skip |= skip_section(doc.sections[k].kind, &doc.sections[k].title);
            ancestry = doc.sections[k].parent.filter(|&p| p < k);
        }
        if skip {
            continue;
        }
        let mut previous_subject: Option<Arg> = None;
        let mut previous: Option<(Vec<String>, Study)> = None;
        let mut previous_therapy = false;
        for sentence in &section.sentences {
            let off = sentence.start;
            let sent_entities: Vec<&Entity> =
                entity_index.within(sentence.start, sentence.end, |e| {
                    e.start.is_some_and(|s| s >= sentence.start)
                        && e.end.is_some_and(|t| t <= sentence.end)
                });
            let tokens = tokens::tokenize(&sentence.text);
            let p = Parsed::new(&sentence.text, tokens);
            // Previous-sentence subjects are carried as text.
            let carried = previous_subject.as_ref();
            let therapy_before = previous_therapy && crate::study::is_anaphoric(&sentence.text);
            previous_therapy = classify::is_therapy(
                &p.tokens
                    .iter()
                    .map(|t| t.lower.as_str())
                    .collect::<Vec<_>>(),
            );
            let found = analyse(&p, &section.title, carried, therapy_before);
            let mut study =
                crate::study::study_in_tokens(&sentence.text, &p.tokens, &sent_entities);
            if study.design.is_none()
                && let Some((cites, st)) = &previous
            {
                let same_refs = !sentence.citations.is_empty() && *cites == sentence.citations;
                if st.design.is_some() && (same_refs || crate::study::is_anaphoric(&sentence.text))
                {
                    study = st.clone();
                }
            }
            previous = Some((sentence.citations.clone(), study.clone()));
            // The previous sentence's subject stays, for "Their ..."/"Its
            // ..."; this sentence's is carried to the next.
            let next_subject = found.subject.as_ref().map(|a| match a {
                Arg::Here(x, y) => Arg::Carried {
                    text: p.span_text(*x, *y).to_owned(),
                    start: off + p.tokens[*x].start,
                    end: off + p.tokens[*y - 1].end,
                },
                c => c.clone(),
            });
            let antecedent = std::mem::replace(&mut previous_subject, next_subject);
            let sref = SentenceRef {
                id: sentence.id.clone(),
                section: si,
                start: sentence.start,
                end: sentence.end,
            };
            let cues: Vec<&Cue> = cue_index.within(sentence.start, sentence.end, |c| {
                c.start >= sentence.start && c.end <= sentence.end
            });
            let abs = |k: usize| off + p.tokens[k].start;
            let abs_end = |k: usize| off + p.tokens[k - 1].end;
            let base = Claim {
                id: String::new(),
                category: ClaimCategory::Mechanism,
                text: String::new(),
                start: 0,
                end: 0,
                sentence: sref.clone(),
                subject: None,
                relation: None,
                object: None,
                items: Vec::new(),
                hedged: false,
                negated: false,
                cues: Vec::new(),
                study: study.clone(),
                citations: sentence.citations.clone(),
                evidence: None,
            };
            let clauses = p.clauses();
            for t in &found.mechanisms {
                let subject = match &t.subject {
                    Arg::Here(a, b) => {
                        let mut arg =
                            argument(p.span_text(*a, *b), abs(*a), abs_end(*b), &sent_entities);
                        // "Their immunomodulatory functions regulate ...": the
                        // agent is the previous sentence's subject, whose
                        // identifiers it takes (its text stays as written).
                        if arg.ids.is_empty()
                            && matches!(p.lower(*a), "their" | "its")
                            && let Some(Arg::Carried { text, start, end }) = &antecedent
                        {
                            let resolved = argument(text, *start, *end, &entities);
                            arg.ids = resolved.ids;
                            arg.kind = arg.kind.or(resolved.kind);
                        }
                        arg
                    }
                    Arg::Carried { text, start, end } => argument(text, *start, *end, &entities),
                };
                let object = argument(
                    p.span_text(t.object.0, t.object.1),
                    abs(t.object.0),
                    abs_end(t.object.1),
                    &sent_entities,
                );
                let rel_start = abs(t.trigger.0);
                // The claim's text is the clause the relation is in.
                let (ca, cb) = clauses
                    .iter()
                    .copied()
                    .find(|&(a, b)| a <= t.trigger.0 && t.trigger.0 < b)
                    .unwrap_or((0, p.len()));
                let (ca, cb) = clause_span(&p, ca, cb).unwrap_or((ca, cb));
                let (start, end) = (abs(ca), abs_end(cb));
                // A relation inside a relative clause is not negated by a
                // negation before it: "TIF1γ does not associate with KRAB
                // domains that bind to the other family members".
                let relative = (ca + 1..t.trigger.0).rev().find(|&j| {
                    matches!(p.lower(j), "which" | "that" | "who")
                        && matches!(p.tags[j - 1], Tag::Noun | Tag::Punct)
                });
                // Nor is a relation in a complement clause negated by a
                // negation before the verb that takes it: "Our findings
                // that aged mice do not develop fatty marrow ... indicate
                // that Sam68 regulates differentiation".
                // ("we did not find that X activates Y" stays negated: the
                // negation is in that verb's own group).
                let complement = (1..t.trigger.0)
                    .rev()
                    .find(|&j| p.lower(j) == "that" && matches!(p.tags[j - 1], Tag::Verb(_)))
                    .map(|j| {
                        let mut g = j - 1;
                        while g > 0 && matches!(p.tags[g - 1], Tag::Adv | Tag::Modal | Tag::Verb(_))
                        {
                            g -= 1;
                        }
                        g
                    });
                // Nor by one after it in another clause: "Although feeding
                // affected growth, the effect was not significant".
                let clause_break = (t.trigger.1..p.len()).find(|&j| {
                    p.depth[j] == p.depth[t.trigger.0] && matches!(p.lower(j), "," | ";" | ":")
                });
                let later_clause = |c: &Cue| clause_break.is_some_and(|j| abs(j) < c.start);
                // ... unless only a copula stands between them: "seems not
                // to be a factor that will interfere", "there is no factor
                // that binds" deny the relative clause too.
                let through_copula = |c: &Cue, j: usize| {
                    // The tokens after the cue and before the pronoun.
                    let between = (0..j).filter(|&k| abs(k) > c.start);
                    let copula = between
                        .clone()
                        .any(|k| matches!(p.tags[k], Tag::Verb(v) if v.lemma == "be"));
                    // A verb other than "be", or an infinitive other than
                    // "to be".
                    let other_verb = |k: usize| {
                        matches!(p.tags[k], Tag::Verb(v) if v.lemma != "be")
                            || (p.lower(k) == "to" && p.lower(k + 1) != "be")
                    };
                    let verbs_only_be = !between.clone().any(other_verb);
                    // "no" in the antecedent itself: "no factor that binds".
                    let in_phrase = c.text.eq_ignore_ascii_case("no")
                        && between
                            .clone()
                            .all(|k| matches!(p.tags[k], Tag::Noun | Tag::Adj));
                    (copula && verbs_only_be) || in_phrase
                };
                let outside = |c: &Cue| {
                    relative.is_some_and(|j| c.start < abs(j) && !through_copula(c, j))
                        || complement.is_some_and(|j| c.start < abs(j))
                        || later_clause(c)
                };
                let own_cues: Vec<&Cue> = cues
                    .iter()
                    .copied()
                    .filter(|c| c.kind != CueKind::Negation || !outside(c))
                    .collect();
                let (hedged, mut negated, mut cue_words) =
                    qualify(&own_cues, rel_start, rel_start + 1, &[]);
                // "results in an inability to secrete cholesterol": what
                // cannot be done is not done.
                if let Some(k) = incapacity_before(&p, t.trigger.0) {
                    negated = true;
                    let word = p.span_text(k, k + 1).to_owned();
                    if !cue_words.contains(&word) {
                        cue_words.push(word);
                    }
                }
                claims.push(Claim {
                    category: ClaimCategory::Mechanism,
                    text: doc.text.get(start..end).unwrap_or_default().to_owned(),
                    start,
                    end,
                    subject: Some(subject),
                    relation: Some(Relation {
                        kind: t.relation,
                        text: p.span_text(t.trigger.0, t.trigger.1).to_owned(),
                    }),
                    object: Some(object),
                    hedged,
                    negated,
                    cues: cue_words,
                    ..base.clone()
                });
            }
            for (category, (ca, cb), items) in &found.others {
                let Some((a, b)) = clause_span(&p, *ca, *cb) else {
                    continue;
                };
                let (start, end) = (abs(a), abs_end(b));
                let item_spans: Vec<(usize, usize)> =
                    items.iter().map(|(x, y)| (abs(*x), abs_end(*y))).collect();
                let (hedged, negated, cue_words) = qualify(&cues, start, end, &item_spans);
                claims.push(Claim {
                    category: *category,
                    text: doc.text.get(start..end).unwrap_or_default().to_owned(),
                    start,
                    end,
                    items: items
                        .iter()
                        .map(|(x, y)| p.span_text(*x, *y).to_owned())
                        .collect(),
                    hedged,
                    negated,
                    cues: cue_words,
                    ..base.clone()
                });
            }
        }
    }
    claims.sort_by_key(|c| {
        (
            c.sentence.start,
            c.category != ClaimCategory::Mechanism,
            c.start,
            c.end,
        )
    });
    for (k, c) in claims.iter_mut().enumerate() {
        c.id = format!("C{}", k + 1);
    }
    doc.claims = claims;
}

/// The word of incapacity governing the infinitive of the relation verb at
/// `v` ("an inability to secrete", "unable to bind", "failure to
/// activate"), which the cue model may not know as a negation.
fn incapacity_before(p: &Parsed<'_>, v: usize) -> Option<usize> {
    let to = p.skip_adverbs_left(v, 0).checked_sub(1)?;
    if p.lower(to) != "to" {
        return None;
    }
    let k = to.checked_sub(1)?;
    matches!(
        p.lower(k),
        "inability" | "unable" | "incapable" | "failure" | "fail" | "fails" | "failed" | "failing"
    )
    .then_some(k)
}

/// The span a claim's text shows for the clause `ca..cb`: without a leading
/// connective ("However, ..."), edge punctuation and trailing citations, but
/// with its first noun phrase whole: "The signaling molecule secreted by
/// ..." keeps its "The" (and "the recently described ..." its adverb),
/// which argument phrases drop.
fn clause_span(p: &Parsed<'_>, ca: usize, cb: usize) -> Option<(usize, usize)> {
    let from = skip_connective(p, ca, cb);
    let (mut a, b) = p.trim(from, cb)?;
    if let Some(article) = (from..a).rfind(|&k| matches!(p.lower(k), "the" | "a" | "an"))
        && (article + 1..a).all(|k| matches!(p.tags[k], Tag::Adv))
    {
        a = article;
    }
    Some((a, b))
}

/// The start of a clause without a leading connective ("However, ...").
fn skip_connective(p: &Parsed<'_>, mut ca: usize, cb: usize) -> usize {
    while ca + 1 < cb
        && matches!(p.tags[ca], Tag::Sub | Tag::Adv | Tag::Coord)
        && p.lower(ca + 1) == ","
    {
        ca += 2;
    }
    ca
}

/// Hedged, negated and the cue words for a claim whose anchor is
/// `start..end`: a cue applies when its scope covers the anchor. Nominal
/// negations inside list items do not negate the claim.
fn qualify(
    cues: &[&Cue],
    start: usize,
    end: usize,
    items: &[(usize, usize)],
) -> (bool, bool, Vec<String>) {
    let (mut hedged, mut negated, mut words) = (false, false, Vec::new());
    for c in cues {
        if c.scope_start >= end || c.scope_end <= start {
            continue;
        }
        if c.kind == CueKind::Negation && items.iter().any(|&(a, b)| a <= c.start && c.end <= b) {
            continue;
        }
        match c.kind {
            CueKind::Hedge => hedged = true,
            CueKind::Negation => negated = true,
        }
        if !words.contains(&c.text) {
            words.push(c.text.clone());
        }
    }
    (hedged, negated, words)
}

#[cfg(test)]
mod tests;
