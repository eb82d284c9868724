//! Hedging (speculation) and negation cues, with their scopes.
//!
//! Cue detection is a classifier over cue *candidates*: every token that is
//! a known cue head (learned from a training corpus, or listed in the small
//! hand lexicons below) is classified as a speculation cue, a negation cue,
//! or neither, by an averaged perceptron over lexical context features
//! ("may" is a cue, "May 2020" is not; "not" negates, "whether or not"
//! speculates). Multi-word cues ("indicate that", "rather than", "with the
//! exception of") are learned as extensions of their head word.
//!
//! The model shipped with the crate (`cues/cue-model.tsv`) is trained by
//! `briefing train cues` on the tuning splits of the BioScope abstracts and
//! full papers (see `docs/claims.md`); [`CueModel::train`] is the pure
//! training function behind it.
//!
//! Each cue gets a scope of at least its clause: nominal negations ("lack
//! of", "absence of", "without") scope over the noun phrase they govern;
//! report verbs with a complement ("suggest that") over the rest of the
//! sentence up to a semicolon; every other cue over its clause.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::OnceLock;

use briefing_model::{Cue, CueKind, Document};

use crate::claims::tokens::{Token, TokenKind, tokenize};
use crate::claims::words;

/// Speculation cue heads that are hedges in reviews even when a training
/// corpus rarely shows them.
pub const SPECULATION_WORDS: &[&str] = &[
    "may",
    "might",
    "could",
    "can",
    "would",
    "should",
    "suggest",
    "suggests",
    "suggested",
    "suggesting",
    "suggestive",
    "suggestion",
    "indicate",
    "indicates",
    "indicated",
    "indicating",
    "appear",
    "appears",
    "appeared",
    "seem",
    "seems",
    "seemed",
    "likely",
    "unlikely",
    "possible",
    "possibly",
    "possibility",
    "potential",
    "potentially",
    "putative",
    "putatively",
    "probable",
    "probably",
    "perhaps",
    "presumably",
    "presumed",
    "apparently",
    "apparent",
    "whether",
    "hypothesis",
    "hypothesize",
    "hypothesized",
    "hypothesise",
    "hypothesised",
    "propose",
    "proposed",
    "speculate",
    "speculated",
    "speculative",
    "believe",
    "believed",
    "thought",
    "assume",
    "assumed",
    "unclear",
    "unknown",
    "imply",
    "implies",
    "implied",
    "implying",
    "infer",
    "inferred",
    "predict",
    "predicted",
    "expected",
    "preliminary",
    "promising",
    "suspect",
    "suspected",
    "postulate",
    "postulated",
    "conceivable",
    "conceivably",
    "plausible",
    "plausibly",
    "tentative",
    "tentatively",
    "uncertain",
    "debatable",
    "controversial",
    "elusive",
    "remains",
    "might",
    "either",
    "or",
];

/// Words that hedge the strength of evidence in reviews ("preliminary
/// trials"): speculation cues whatever the model says when they modify a
/// noun of evidence or stand as a predicate (BioScope, made of research
/// articles, has too few of them to learn; its "preliminary score" is a
/// term, not a hedge).
pub const EVIDENCE_HEDGES: &[&str] = &[
    "preliminary",
    "tentative",
    "tentatively",
    "unproven",
    "anecdotal",
];

/// Nouns of evidence that an [`EVIDENCE_HEDGES`] word hedges when it
/// modifies them ("preliminary data"; not "the preliminary score").
const EVIDENCE_NOUNS: &[&str] = &[
    "analysis",
    "analyses",
    "clinical",
    "data",
    "evidence",
    "experience",
    "experiments",
    "findings",
    "observations",
    "outcomes",
    "report",
    "reports",
    "results",
    "studies",
    "study",
    "trial",
    "trials",
    "work",
    "success",
    "efficacy",
    "support",
];

/// Whether the token at `i` is an evidence hedge that modifies a noun of
/// evidence or stands as a predicate ("the results remain preliminary").
fn grades_evidence(tokens: &[Token], i: usize) -> bool {
    EVIDENCE_HEDGES.contains(&tokens[i].lower.as_str())
        && tokens.get(i + 1).is_none_or(|n| {
            n.kind == TokenKind::Punct
                || EVIDENCE_NOUNS.contains(&n.lower.as_str())
                || n.is("and")
                || n.is("in")
        })
}

/// Whether the token at `i` states a gap in knowledge as a predicate ("the
/// mechanism remains unknown", "it is still unclear whether"): "unknown"
/// or "unclear" after a form of "be" or "remain", possibly with one
/// adverb between. Attributive uses ("an unknown amino acid") are left to
/// the classifier.
fn states_a_gap(tokens: &[Token], i: usize) -> bool {
    let copula = |t: &Token| {
        matches!(
            t.lower.as_str(),
            "is" | "are" | "was" | "were" | "be" | "been" | "remain" | "remains" | "remained"
        )
    };
    matches!(tokens[i].lower.as_str(), "unknown" | "unclear")
        && i > 0
        && (copula(&tokens[i - 1])
            || (i > 1 && words::is_adverb(&tokens[i - 1].lower) && copula(&tokens[i - 2])))
}

/// Multi-word speculation cues that hold whatever the classifier says of
/// their first word ("not" of "not known" is no negation): lowercase
/// tokens, `*` for any word. The longest match at a token wins.
const SPECULATION_PHRASES: &[&[&str]] = &[
    &["not", "known"],
    &["not", "yet", "known"],
    &["not", "clear"],
    &["not", "yet", "clear"],
    &["not", "fully", "understood"],
    &["remains", "to", "be", "*"],
    &["remain", "to", "be", "*"],
    &["cannot", "be", "excluded"],
    &["cannot", "be", "ruled", "out"],
    &["cannot", "exclude"],
    &["cannot", "rule", "out"],
    &["not", "exclude"],
    &["not", "be", "excluded"],
    &["not", "be", "ruled", "out"],
    &["raises", "the", "possibility"],
    &["raise", "the", "possibility"],
    &["raised", "the", "possibility"],
    &["raises", "the", "question"],
    &["raise", "the", "question"],
    &["whether", "or", "not"],
    &["may", "or", "may", "not"],
];

/// The number of tokens of the longest [`SPECULATION_PHRASES`] entry at
/// `i`, if any.
fn speculation_phrase(tokens: &[Token], i: usize) -> Option<usize> {
    SPECULATION_PHRASES
        .iter()
        .filter(|p| {
            i + p.len() <= tokens.len()
                && p.iter().zip(&tokens[i..]).all(|(w, t)| {
                    if *w == "*" {
                        t.kind == TokenKind::Word
                    } else {
                        t.lower == *w
                    }
                })
        })
        .map(|p| p.len())
        .max()
}

/// Negation cue heads.
pub const NEGATION_WORDS: &[&str] = &[
    "not",
    "no",
    "never",
    "none",
    "nor",
    "neither",
    "without",
    "absence",
    "absent",
    "lack",
    "lacks",
    "lacked",
    "lacking",
    "fail",
    "fails",
    "failed",
    "failure",
    "unable",
    "cannot",
    "rather",
    "instead",
    "except",
    "exception",
    "missing",
    "nothing",
    "n't",
    "nobody",
];

/// Negation cues whose scope is the noun phrase they govern.
const NOMINAL_NEGATIONS: &[&str] = &[
    "lack", "lacks", "lacked", "lacking", "absence", "absent", "without", "loss", "missing",
];

const CLASSES: usize = 3;
const NONE: usize = 0;
const SPEC: usize = 1;
const NEG: usize = 2;

fn class_kind(class: usize) -> Option<CueKind> {
    match class {
        SPEC => Some(CueKind::Hedge),
        NEG => Some(CueKind::Negation),
        _ => None,
    }
}

fn kind_class(kind: CueKind) -> usize {
    match kind {
        CueKind::Hedge => SPEC,
        CueKind::Negation => NEG,
    }
}

/// A cue found in a text, with offsets relative to that text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CueSpan {
    pub kind: CueKind,
    pub start: usize,
    pub end: usize,
    pub scope_start: usize,
    pub scope_end: usize,
}

/// The kind of text a sentence comes from. Full papers hedge differently
/// from abstracts ("can", "or", "estimated"): every feature is learned once
/// for all texts and once more for full texts only, so the model learns
/// what the genres share from both and what full texts do apart from the
/// full papers (a form of feature augmentation for domain adaptation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Genre {
    /// Articles and reviews: what the pipeline reads.
    #[default]
    FullText,
    /// Abstracts.
    Abstract,
}

/// One training sentence: its text, genre and gold cues (kind and byte
/// span; a discontinuous cue such as "either ... or" is given as its parts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingSentence {
    pub text: String,
    pub genre: Genre,
    /// How many times the sentence's candidates are shown to the
    /// perceptron per pass (0 counts as 1); multi-word cues are counted once.
    pub weight: usize,
    pub cues: Vec<(CueKind, usize, usize)>,
}

/// Errors reading a cue model.
#[derive(Debug, thiserror::Error)]
#[error("cue model line {line}: {message}")]
pub struct ModelError {
    pub line: usize,
    pub message: String,
}

/// The cue classifier: candidate heads, multi-word extensions and weights.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CueModel {
    /// A free-text note on how the model was trained.
    pub note: String,
    candidates: BTreeSet<String>,
    /// Head word → continuations (lowercase tokens) with the cue kind.
    extensions: BTreeMap<String, Vec<(CueKind, Vec<String>)>>,
    weights: HashMap<String, [f32; CLASSES]>,
}

fn shape(t: Option<&Token>) -> &'static str {
    match t {
        None => "none",
        Some(t) => match t.kind {
            TokenKind::Punct => "punct",
            TokenKind::Number => "num",
            TokenKind::Word => {
                if t.lower
                    .chars()
                    .next()
                    .map(char::is_alphabetic)
                    .unwrap_or(false)
                    && !t.lower.eq(&t.lower.to_uppercase())
                {
                    "word"
                } else {
                    "sym"
                }
            }
        },
    }
}

/// A crude stem: the word without its inflectional suffix.
fn stem(w: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s", "ly", "e"] {
        if let Some(s) = w.strip_suffix(suffix)
            && s.len() >= 4
        {
            return s;
        }
    }
    w
}

/// The context features of candidate `i`.
fn features(tokens: &[Token], text: &str, i: usize, genre: Genre) -> Vec<String> {
    let mut f = Vec::new();
    let mut buf = String::new();
    for_each_feature(tokens, text, i, genre, &mut buf, |x| f.push(x.to_owned()));
    f
}

/// Calls `f` with each context feature of candidate `i`, in a fixed order,
/// each written into `buf` (so classifying allocates nothing). In full
/// texts each feature comes twice: as itself and prefixed with `F|`.
fn for_each_feature(
    tokens: &[Token],
    text: &str,
    i: usize,
    genre: Genre,
    buf: &mut String,
    mut f: impl FnMut(&str),
) {
    let w = tokens[i].lower.as_str();
    let at = |j: isize| -> &str {
        let k = i as isize + j;
        if k < 0 || k as usize >= tokens.len() {
            "<s>"
        } else {
            tokens[k as usize].lower.as_str()
        }
    };
    let (p2, p1, n1, n2) = (at(-2), at(-1), at(1), at(2));
    let capital = text[tokens[i].start..]
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    let mut emit = |args: std::fmt::Arguments<'_>| {
        buf.clear();
        let _ = buf.write_fmt(args);
        f(buf);
        if genre == Genre::FullText {
            buf.insert_str(0, "F|");
            f(buf);
        }
    };
    emit(format_args!("bias"));
    emit(format_args!("w={w}"));
    emit(format_args!("p1={p1}"));
    emit(format_args!("n1={n1}"));
    emit(format_args!("w,p1={w},{p1}"));
    emit(format_args!("w,n1={w},{n1}"));
    emit(format_args!("w,p2={w},{p2}"));
    emit(format_args!("w,n2={w},{n2}"));
    emit(format_args!("w,p2,p1={w},{p2},{p1}"));
    emit(format_args!("w,n1,n2={w},{n1},{n2}"));
    emit(format_args!("w,n1shape={w},{}", shape(tokens.get(i + 1))));
    emit(format_args!("w,cap={w},{capital}"));
    if i == 0 {
        emit(format_args!("w,first={w}"));
    }
    // The stem generalizes over inflections ("expect", "expected").
    let stem = stem(w);
    emit(format_args!("s={stem}"));
    emit(format_args!("s,n1={stem},{n1}"));
    emit(format_args!("s,p1={stem},{p1}"));
    if SPECULATION_WORDS.contains(&w) {
        emit(format_args!("lex=spec"));
        emit(format_args!("lex=spec,n1={n1}"));
    }
    if NEGATION_WORDS.contains(&w) {
        emit(format_args!("lex=neg"));
    }
    if let Some(v) = words::verb(w) {
        emit(format_args!("w,form={w},{:?}", v.form));
        if words::verb(p1).is_some_and(|p| p.lemma == "be") {
            emit(format_args!("w,afterbe={w}"));
        }
    }
    if words::is_modal(p1) {
        emit(format_args!("w,aftermodal={w}"));
    }
    if words::is_determiner(p1) {
        emit(format_args!("w,afterdet={w}"));
    }
    emit(format_args!("w,p1,n1={w},{p1},{n1}"));
    // Predicative ("is likely", "are possible", "was predicted").
    if matches!(p1, "is" | "are" | "was" | "were" | "be" | "been" | "being") {
        emit(format_args!("w,p1be={w}"));
    }
    // After a quantifier ("all possible pairs", "every possible state",
    // "no likely candidate"): a range, not a hedge.
    if matches!(
        p1,
        "all" | "every" | "any" | "each" | "no" | "most" | "many" | "several"
    ) {
        emit(format_args!("w,afterquant={w}"));
    }
    // Modal + passive ("can be induced"), modal + "also"/adverb + verb.
    if n1 == "be" && (n2.ends_with("ed") || n2.ends_with("en")) {
        emit(format_args!("w,bepassive={w}"));
    }
    // Left context of the sentence so far: "either ... or", "whether ...
    // or", a list ("A, B or C").
    let left = &tokens[i.saturating_sub(8)..i];
    if left.iter().any(|t| t.is("either")) {
        emit(format_args!("w,either-before={w}"));
    }
    if left.iter().any(|t| t.is("whether")) {
        emit(format_args!("w,whether-before={w}"));
    }
    if tokens[i.saturating_sub(4)..i]
        .iter()
        .any(|t| t.is_punct(','))
    {
        emit(format_args!("w,comma-before={w}"));
    }
    if tokens[i + 1..tokens.len().min(i + 5)]
        .iter()
        .any(|t| t.is("that"))
    {
        emit(format_args!("w,that-after={w}"));
    }
}

/// The highest-scoring class (the first on ties).
fn best_class(s: [f32; CLASSES]) -> usize {
    let mut best = NONE;
    for c in 1..CLASSES {
        if s[c] > s[best] {
            best = c;
        }
    }
    best
}

/// The hand-lexicon cue heads, for constant-time candidate checks.
fn lexicon_heads() -> &'static HashSet<&'static str> {
    static HEADS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    HEADS.get_or_init(|| {
        SPECULATION_WORDS
            .iter()
            .chain(NEGATION_WORDS)
            .copied()
            .collect()
    })
}

impl CueModel {
    /// The model shipped with the crate.
    pub fn shipped() -> &'static CueModel {
        static MODEL: OnceLock<CueModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            // The shipped file is checked by a test; a broken file would
            // fail there, and falls back to the hand lexicons here.
            CueModel::parse(include_str!("cues/cue-model.tsv"))
                .unwrap_or_else(|_| CueModel::lexicon_only())
        })
    }

    /// A model without training: every hand-lexicon word is a cue.
    pub fn lexicon_only() -> CueModel {
        let mut m = CueModel {
            note: "hand lexicons only".to_owned(),
            ..CueModel::default()
        };
        for w in SPECULATION_WORDS.iter().chain(NEGATION_WORDS) {
            m.candidates.insert((*w).to_owned());
        }
        m.weights.insert("lex=spec".to_owned(), [0.0, 1.0, 0.0]);
        m.weights.insert("lex=neg".to_owned(), [0.0, 0.0, 1.0]);
        m
    }

    fn is_candidate(&self, lower: &str) -> bool {
        lexicon_heads().contains(lower) || self.candidates.contains(lower)
    }

    /// The class of candidate `i` from its features (see
    /// [`for_each_feature`]), without building them.
    fn classify_at(
        &self,
        tokens: &[Token],
        text: &str,
        i: usize,
        genre: Genre,
        buf: &mut String,
    ) -> usize {
        let mut s = [0.0f32; CLASSES];
        for_each_feature(tokens, text, i, genre, buf, |f| {
            if let Some(w) = self.weights.get(f) {
                for c in 0..CLASSES {
                    s[c] += w[c];
                }
            }
        });
        best_class(s)
    }

    /// The number of tokens of the longest learned extension of the cue at
    /// `i` (1 when none applies).
    fn extent(&self, tokens: &[Token], i: usize, kind: CueKind) -> usize {
        let mut best = 1;
        if let Some(exts) = self.extensions.get(&tokens[i].lower) {
            for (k, cont) in exts {
                if *k == kind
                    && cont.len() + 1 > best
                    && i + cont.len() < tokens.len()
                    && cont
                        .iter()
                        .zip(&tokens[i + 1..])
                        .all(|(c, t)| *c == t.lower)
                {
                    best = cont.len() + 1;
                }
            }
        }
        best
    }

    /// The cues of one sentence of a full text, offsets relative to
    /// `text`. Linear in the number of tokens.
    pub fn find(&self, text: &str) -> Vec<CueSpan> {
        self.find_in(text, Genre::FullText)
    }

    /// The cues of one sentence of a text of `genre`.
    pub fn find_in(&self, text: &str, genre: Genre) -> Vec<CueSpan> {
        let tokens = tokenize(text);
        self.find_in_tokens(text, &tokens, genre)
    }

    pub(crate) fn find_in_tokens(
        &self,
        text: &str,
        tokens: &[Token],
        genre: Genre,
    ) -> Vec<CueSpan> {
        let mut out = Vec::new();
        let mut buf = String::new();
        let mut i = 0;
        while i < tokens.len() {
            if let Some(n) = speculation_phrase(tokens, i) {
                let (scope_start, scope_end) = scope(tokens, text, i, i + n, CueKind::Hedge);
                out.push(CueSpan {
                    kind: CueKind::Hedge,
                    start: tokens[i].start,
                    end: tokens[i + n - 1].end,
                    scope_start,
                    scope_end,
                });
                i += n;
                continue;
            }
            // "Not surprisingly, X": a comment on the finding, which is
            // asserted, not denied.
            if tokens[i].lower == "not"
                && tokens.get(i + 1).is_some_and(|t| {
                    matches!(
                        t.lower.as_str(),
                        "surprisingly"
                            | "unexpectedly"
                            | "surprising"
                            | "unexpected"
                            | "coincidentally"
                    )
                })
            {
                i += 2;
                continue;
            }
            if !self.is_candidate(&tokens[i].lower) {
                i += 1;
                continue;
            }
            let class = match self.classify_at(tokens, text, i, genre, &mut buf) {
                NONE if grades_evidence(tokens, i) || states_a_gap(tokens, i) => SPEC,
                c => c,
            };
            let Some(kind) = class_kind(class) else {
                i += 1;
                continue;
            };
            let n = self.extent(tokens, i, kind);
            let (scope_start, scope_end) = scope(tokens, text, i, i + n, kind);
            out.push(CueSpan {
                kind,
                start: tokens[i].start,
                end: tokens[i + n - 1].end,
                scope_start,
                scope_end,
            });
            i += n;
        }
        out
    }

    /// Trains a model on `sentences`: `seeds` averaged perceptrons (at
    /// least one), each with `epochs` passes over the candidates in its own
    /// shuffled order, whose weights are averaged. One perceptron's
    /// figures depend on the order it sees the examples in (on six full
    /// papers, by ±0.01 sentence F1); the average of several does not.
    /// Deterministic: the same input gives the same model.
    pub fn train(
        sentences: &[TrainingSentence],
        epochs: usize,
        seeds: usize,
        note: &str,
    ) -> CueModel {
        let mut model = CueModel {
            note: note.to_owned(),
            ..CueModel::default()
        };
        // Candidate heads and multi-word extensions from the gold cues.
        let mut unit: BTreeMap<(String, CueKind, Vec<String>), usize> = BTreeMap::new();
        let mut examples: Vec<(Vec<String>, usize)> = Vec::new();
        let mut tokenized = Vec::with_capacity(sentences.len());
        for s in sentences {
            let tokens = tokenize(&s.text);
            let mut heads: HashMap<usize, CueKind> = HashMap::new();
            for &(kind, start, end) in &s.cues {
                let inside: Vec<usize> = (0..tokens.len())
                    .filter(|&k| {
                        tokens[k].start < end
                            && start < tokens[k].end
                            && tokens[k].kind != TokenKind::Punct
                    })
                    .collect();
                let Some(&head) = inside.first() else {
                    continue;
                };
                heads.insert(head, kind);
                model.candidates.insert(tokens[head].lower.clone());
                if inside.len() > 1 {
                    let cont = inside[1..]
                        .iter()
                        .map(|&k| tokens[k].lower.clone())
                        .collect();
                    *unit
                        .entry((tokens[head].lower.clone(), kind, cont))
                        .or_default() += 1;
                }
            }
            tokenized.push((tokens, heads));
        }
        for ((head, kind, cont), count) in &unit {
            if *count >= 2 {
                model
                    .extensions
                    .entry(head.clone())
                    .or_default()
                    .push((*kind, cont.clone()));
            }
        }
        for (s, (tokens, heads)) in sentences.iter().zip(&tokenized) {
            let mut i = 0;
            while i < tokens.len() {
                if !model.is_candidate(&tokens[i].lower) {
                    i += 1;
                    continue;
                }
                let gold = heads.get(&i).map(|k| kind_class(*k)).unwrap_or(NONE);
                let f = features(tokens, &s.text, i, s.genre);
                for _ in 1..s.weight.max(1) {
                    examples.push((f.clone(), gold));
                }
                examples.push((f, gold));
                // Skip the rest of a gold multi-word cue.
                i += match class_kind(gold) {
                    Some(kind) => model.extent(tokens, i, kind),
                    None => 1,
                };
            }
        }
        // The average of the perceptrons' weights, each added in seed order
        // (the same sums whatever the maps' iteration order).
        let seeds = seeds.max(1);
        let mut sum: HashMap<String, [f32; CLASSES]> = HashMap::new();
        for k in 0..seeds as u64 {
            let seed = 0x9E37_79B9_7F4A_7C15u64 ^ k.wrapping_mul(0xD1B5_4A32_D192_ED03);
            for (f, v) in averaged_perceptron(&examples, epochs, seed) {
                let a = sum.entry(f).or_default();
                for c in 0..CLASSES {
                    a[c] += v[c];
                }
            }
        }
        for (f, mut v) in sum {
            for x in &mut v {
                *x /= seeds as f32;
            }
            if v.iter().any(|x| x.abs() >= 0.05) {
                model.weights.insert(f, v);
            }
        }
        model
    }
}

/// The weights of an averaged perceptron trained on `examples` (features
/// and gold class) for `epochs` passes, shuffled from `seed` (a xorshift
/// state, not zero).
fn averaged_perceptron(
    examples: &[(Vec<String>, usize)],
    epochs: usize,
    mut seed: u64,
) -> HashMap<String, [f32; CLASSES]> {
    let mut w: HashMap<String, [f32; CLASSES]> = HashMap::new();
    let mut u: HashMap<String, [f32; CLASSES]> = HashMap::new();
    let mut step = 1.0f32;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    for _ in 0..epochs {
        // Fisher–Yates with a fixed xorshift seed: deterministic.
        for k in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(k, (seed % (k as u64 + 1)) as usize);
        }
        for &e in &order {
            let (feats, gold) = &examples[e];
            let mut s = [0.0f32; CLASSES];
            for f in feats {
                if let Some(v) = w.get(f) {
                    for c in 0..CLASSES {
                        s[c] += v[c];
                    }
                }
            }
            let pred = best_class(s);
            if pred != *gold {
                for f in feats {
                    let v = w.entry(f.clone()).or_default();
                    v[*gold] += 1.0;
                    v[pred] -= 1.0;
                    let a = u.entry(f.clone()).or_default();
                    a[*gold] += step;
                    a[pred] -= step;
                }
            }
            step += 1.0;
        }
    }
    w.into_iter()
        .map(|(f, v)| {
            let a = u.get(&f).copied().unwrap_or_default();
            let mut avg = [0.0f32; CLASSES];
            for c in 0..CLASSES {
                avg[c] = v[c] - a[c] / step;
            }
            (f, avg)
        })
        .collect()
}

impl CueModel {
    /// Adds `amount` to the speculation weight of the bias feature (the
    /// one every candidate has): above zero, candidates are speculation
    /// cues on weaker evidence (recall for precision).
    pub fn shift_speculation_bias(&mut self, amount: f32) {
        if amount != 0.0 {
            self.weights.entry("bias".to_owned()).or_default()[SPEC] += amount;
        }
    }

    /// The model as text: a header, candidate heads, extensions, weights,
    /// each sorted, so the same model always gives the same file.
    pub fn to_text(&self) -> String {
        let mut out = String::from("# briefing cue model 1\n");
        for line in self.note.lines() {
            let _ = writeln!(out, "# {line}");
        }
        for c in &self.candidates {
            let _ = writeln!(out, "cand\t{c}");
        }
        for (head, exts) in &self.extensions {
            for (kind, cont) in exts {
                let k = if *kind == CueKind::Hedge {
                    "spec"
                } else {
                    "neg"
                };
                let _ = writeln!(out, "ext\t{k}\t{head}\t{}", cont.join(" "));
            }
        }
        let sorted: BTreeMap<&String, &[f32; CLASSES]> = self.weights.iter().collect();
        for (f, v) in sorted {
            let _ = writeln!(out, "w\t{f}\t{:.3}\t{:.3}\t{:.3}", v[0], v[1], v[2]);
        }
        out
    }

    /// Reads a model written by [`CueModel::to_text`].
    pub fn parse(text: &str) -> Result<CueModel, ModelError> {
        let mut m = CueModel::default();
        let mut notes = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let err = |message: &str| ModelError {
                line: n + 1,
                message: message.to_owned(),
            };
            if let Some(note) = line.strip_prefix("# ") {
                if n > 0 {
                    notes.push(note.to_owned());
                } else if note != "briefing cue model 1" {
                    return Err(err("not a briefing cue model (version 1)"));
                }
                continue;
            }
            if line.is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                ["cand", w] => {
                    m.candidates.insert((*w).to_owned());
                }
                ["ext", k, head, cont] => {
                    let kind = match *k {
                        "spec" => CueKind::Hedge,
                        "neg" => CueKind::Negation,
                        _ => return Err(err("extension kind must be spec or neg")),
                    };
                    let cont = cont.split(' ').map(str::to_owned).collect();
                    m.extensions
                        .entry((*head).to_owned())
                        .or_default()
                        .push((kind, cont));
                }
                ["w", f, a, b, c] => {
                    let p = |s: &str| s.parse::<f32>().map_err(|_| err("weight is not a number"));
                    m.weights.insert((*f).to_owned(), [p(a)?, p(b)?, p(c)?]);
                }
                _ => return Err(err("unknown line")),
            }
        }
        m.note = notes.join("\n");
        Ok(m)
    }
}

/// Whether token `k` ends a clause for scoping purposes, looking from the
/// inside of the clause.
fn clause_break(tokens: &[Token], k: usize) -> bool {
    let t = &tokens[k];
    if t.is_punct(';') || t.is_punct(':') {
        return true;
    }
    if matches!(
        t.lower.as_str(),
        "but" | "whereas" | "however" | "although" | "though"
    ) {
        return true;
    }
    if t.is_punct(',')
        && let Some(n) = tokens.get(k + 1)
    {
        return matches!(
            n.lower.as_str(),
            "but"
                | "whereas"
                | "while"
                | "although"
                | "which"
                | "suggesting"
                | "indicating"
                | "thereby"
                | "thus"
                | "and"
                | "whereby"
                | "however"
        );
    }
    false
}

/// The scope of the cue spanning tokens `a..b` as byte offsets.
/// The parentheses around tokens `a..b`, when both are in the sentence:
/// the index of `(` and of its `)`.
fn enclosing_parens(tokens: &[Token], a: usize, b: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut open = None;
    for k in (0..a).rev() {
        if tokens[k].is_punct(')') {
            depth += 1;
        } else if tokens[k].is_punct('(') {
            if depth == 0 {
                open = Some(k);
                break;
            }
            depth -= 1;
        }
    }
    let open = open?;
    let mut depth = 0usize;
    for (k, t) in tokens.iter().enumerate().skip(b) {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            if depth == 0 {
                return Some((open, k));
            }
            depth -= 1;
        }
    }
    None
}

fn scope(tokens: &[Token], text: &str, a: usize, b: usize, kind: CueKind) -> (usize, usize) {
    let _ = text;
    let head = tokens[a].lower.as_str();
    let end_of = |k: usize| tokens[k.min(tokens.len() - 1)].end;
    // A cue inside parentheses scopes over them only: "(data not shown)".
    if let Some((open, close)) = enclosing_parens(tokens, a, b)
        && open + 1 < close
    {
        return (tokens[open + 1].start, tokens[close - 1].end);
    }
    // Nominal negation: the cue and the noun phrase after it.
    if kind == CueKind::Negation && NOMINAL_NEGATIONS.contains(&head) {
        let mut k = b;
        if tokens.get(k).is_some_and(|t| t.is("of")) {
            k += 1;
        }
        let mut last = b - 1;
        while k < tokens.len() && k < b + 12 {
            let t = &tokens[k];
            if t.is_punct(',')
                || t.is_punct('.')
                || clause_break(tokens, k)
                || words::is_subordinator(&t.lower)
            {
                break;
            }
            if words::verb(&t.lower).is_some_and(|v| !v.also_noun && v.form != words::Form::Past)
                && k > b
            {
                break;
            }
            last = k;
            k += 1;
        }
        return (tokens[a].start, tokens[last].end);
    }
    // A report verb with a complement: to the end of the sentence or the
    // next semicolon.
    let complement = (b < tokens.len() && tokens[b - 1].is("that"))
        || tokens
            .get(b)
            .is_some_and(|t| t.is("that") || t.is("whether"));
    let mut right = b;
    while right < tokens.len() {
        if tokens[right].is_punct(';') || (!complement && clause_break(tokens, right)) {
            break;
        }
        right += 1;
    }
    // A complement-taking cue scopes from itself; any other from the start
    // of its clause (a complement clause starts after "that").
    let mut left = a;
    while !complement
        && left > 0
        && !clause_break(tokens, left - 1)
        && !matches!(
            tokens[left - 1].lower.as_str(),
            "that" | "whether" | "which" | "if"
        )
    {
        left -= 1;
    }
    // A clause-final full stop is not part of the scope.
    let mut last = right.saturating_sub(1).max(b - 1);
    while last >= b && tokens[last].kind == TokenKind::Punct && !tokens[last].is_punct(')') {
        last -= 1;
    }
    let start = if left < tokens.len() && tokens[left].is_punct(',') {
        tokens[(left + 1).min(a)].start
    } else {
        tokens[left].start
    };
    (start, end_of(last))
}

/// The cue stage: finds the cues of every sentence of `doc` with the
/// shipped model, replacing any cues already there.
pub fn annotate(doc: &mut Document) {
    let model = CueModel::shipped();
    let mut cues = Vec::new();
    for (_, sentence) in doc.sentences() {
        for c in model.find(&sentence.text) {
            let off = sentence.start;
            cues.push(Cue {
                kind: c.kind,
                text: sentence.text[c.start..c.end].to_owned(),
                start: off + c.start,
                end: off + c.end,
                scope_start: off + c.scope_start,
                scope_end: off + c.scope_end,
            });
        }
    }
    cues.sort_by_key(|c| (c.start, c.end));
    doc.cues = cues;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders the cues of `input` as `[kind:cue]{scope}` marks.
    fn render(input: &str) -> String {
        let mut out = Vec::new();
        for c in CueModel::shipped().find(input) {
            let k = if c.kind == CueKind::Hedge {
                "spec"
            } else {
                "neg"
            };
            out.push(format!(
                "{k}:{} {{{}}}",
                &input[c.start..c.end],
                &input[c.scope_start..c.scope_end]
            ));
        }
        out.join("; ")
    }

    fn check(input: &str, expect: &str) {
        assert_eq!(render(input), expect, "cues of {input:?}");
    }

    #[test]
    fn shipped_model_parses() {
        let text = include_str!("cues/cue-model.tsv");
        let model = CueModel::parse(text).expect("the shipped cue model parses");
        assert_eq!(
            model.to_text(),
            text,
            "the shipped model is in canonical form"
        );
    }

    #[test]
    fn a_cue_in_parentheses_scopes_over_them() {
        check(
            "Targeting was confirmed with two probes (data not shown).",
            "neg:not {data not shown}",
        );
    }

    #[test]
    fn speculation_and_negation() {
        check(
            "These results suggest that MSCs may inhibit HSC activation.",
            "spec:suggest {suggest that MSCs may inhibit HSC activation}; spec:may {MSCs may inhibit HSC activation}",
        );
        check(
            "MSCs did not reduce fibrosis, but improved survival.",
            "neg:not {MSCs did not reduce fibrosis}",
        );
        check(
            "The lack of standardized protocols remains a bottleneck.",
            "neg:lack {lack of standardized protocols}",
        );
        check("MSCs secrete HGF.", "");
    }

    #[test]
    fn multi_word_speculation_and_evidence_hedges() {
        check(
            "The function of D-mib is not known.",
            "spec:not known {The function of D-mib is not known}",
        );
        check(
            "Whether Neur binds Ser remains to be tested.",
            "spec:Whether {Whether Neur binds Ser remains to be tested}; spec:remains to be tested {Neur binds Ser remains to be tested}",
        );
        let kinds = |t: &str| {
            CueModel::shipped()
                .find(t)
                .iter()
                .map(|c| t[c.start..c.end].to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kinds("Preliminary clinical data support MSC infusion."),
            ["Preliminary"]
        );
        assert!(kinds("The preliminary score is the product of the ratios.").is_empty());
        assert_eq!(
            kinds("How MSCs regulate HSC activation in vivo remains unknown."),
            ["unknown"]
        );
        assert_eq!(kinds("The role of CaM-K II is still unclear."), ["unclear"]);
        assert!(
            kinds("Not surprisingly, these groups have their arbors in the leg neuropils.")
                .is_empty()
        );
        assert_eq!(
            kinds("These groups do not have arbors in the leg neuropils."),
            ["not"]
        );
    }

    #[test]
    fn training_is_deterministic_and_learns() {
        let s = |text: &str, cues: &[(CueKind, &str)]| TrainingSentence {
            text: text.to_owned(),
            genre: Genre::FullText,
            weight: 1,
            cues: cues
                .iter()
                .map(|(k, w)| {
                    let start = text.find(w).expect("cue in text");
                    (*k, start, start + w.len())
                })
                .collect(),
        };
        let data = vec![
            s("X may bind Y.", &[(CueKind::Hedge, "may")]),
            s("In May we saw Y.", &[]),
            s("Z may act on Y.", &[(CueKind::Hedge, "may")]),
            s(
                "Results indicate that X binds Y.",
                &[(CueKind::Hedge, "indicate that")],
            ),
            s(
                "Data indicate that Z acts.",
                &[(CueKind::Hedge, "indicate that")],
            ),
            s("X does not bind Y.", &[(CueKind::Negation, "not")]),
        ];
        let a = CueModel::train(&data, 5, 3, "test");
        let b = CueModel::train(&data, 5, 3, "test");
        assert_eq!(a.to_text(), b.to_text());
        let back = CueModel::parse(&a.to_text()).expect("round trip");
        assert_eq!(back.to_text(), a.to_text());
        let found: Vec<String> = a
            .find("Results indicate that W may not act.")
            .iter()
            .map(|c| format!("{:?}", c.kind))
            .collect();
        assert_eq!(found, ["Hedge", "Hedge", "Negation"]);
    }
}
