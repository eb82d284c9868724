//! Shallow parsing of one sentence: word classes in context, clauses, noun
//! phrases, predicates with their subject and objects, and lists.
//!
//! Every scan is bounded by a fixed window ([`MAX_PHRASE`] tokens) or by a
//! clause, and each predicate is looked at once, so the work is linear in
//! the sentence length whatever the input (thousands of words, deep
//! parentheses, no verbs at all).

use briefing_model::RelationKind;

use super::tokens::{Token, TokenKind};
use super::words::{self, Form, Verb, VerbClass};

/// The longest noun phrase or argument, in tokens.
pub const MAX_PHRASE: usize = 30;

#[cfg(test)]
thread_local! {
    static WORK: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts one step of parsing work (tests check it grows linearly).
#[inline]
fn step() {
    #[cfg(test)]
    WORK.with(|w| w.set(w.get() + 1));
}

#[cfg(test)]
pub fn reset_work() {
    WORK.with(|w| w.set(0));
}

#[cfg(test)]
pub fn work() -> u64 {
    WORK.with(|w| w.get())
}

/// A word class in context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Det,
    Prep,
    Coord,
    Sub,
    Modal,
    Adv,
    Pron,
    /// A verb used as a verb.
    Verb(Verb),
    /// A participle used as a modifier ("activated HSCs", "emerging").
    Adj,
    /// A relation nominalization followed by "of".
    Nominal(RelationKind),
    Noun,
    Punct,
}

/// A sentence, tokenized and tagged.
#[derive(Debug)]
pub struct Parsed<'t> {
    pub text: &'t str,
    pub tokens: Vec<Token>,
    pub tags: Vec<Tag>,
    /// Parenthesis depth before each token (`(`, `[`, `{`).
    pub depth: Vec<u32>,
}

fn is_open(t: &Token) -> bool {
    t.kind == TokenKind::Punct && matches!(t.lower.as_str(), "(" | "[" | "{")
}

fn is_close(t: &Token) -> bool {
    t.kind == TokenKind::Punct && matches!(t.lower.as_str(), ")" | "]" | "}")
}

fn is_dash(t: &Token) -> bool {
    t.kind == TokenKind::Punct && matches!(t.lower.as_str(), "—" | "–")
}

/// A token of digits only: a count ("45 up-regulated genes").
fn is_count(t: &Token) -> bool {
    t.lower.bytes().all(|b| b.is_ascii_digit())
}

/// Tags tokens with word classes, using their neighbours.
pub fn tag(tokens: &[Token]) -> Vec<Tag> {
    let mut tags: Vec<Tag> = Vec::with_capacity(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        step();
        let w = t.lower.as_str();
        let prev = tags.last().copied();
        let next = tokens.get(i + 1).map(|n| n.lower.as_str()).unwrap_or("");
        let next_nounish = tokens.get(i + 1).is_some_and(|n| {
            n.kind != TokenKind::Punct
                && !words::is_preposition(&n.lower)
                && !words::is_coordinator(&n.lower)
                && !words::is_subordinator(&n.lower)
                && !words::is_modal(&n.lower)
                && words::verb(&n.lower)
                    .is_none_or(|v| v.also_noun || v.form == Form::Past || v.form == Form::Ing)
        });
        let prev_word = if i > 0 {
            tokens[i - 1].lower.as_str()
        } else {
            ""
        };
        let in_turn = (w == "in" && next == "turn") || (w == "turn" && prev_word == "in");
        // "per se" is an adverb; so is "first" between "to" and a verb
        // ("needs to first bind").
        let adverb_phrase = (w == "per" && next == "se")
            || (w == "se" && prev_word == "per")
            || (w == "first" && prev_word == "to" && words::verb(next).is_some())
            // "are so considerably elevated", "so reduced": a degree.
            || (w == "so" && (words::is_adverb(next) || next.ends_with("ed")))
            // "have decreased again as": no object. (Not in the adverb list
            // the cue model reads.)
            || w == "again"
            // "have long been known", "has long served": of time, inside a
            // verb group (elsewhere "long" is an adjective: "long RNAs").
            || (w == "long"
                && matches!(prev_word, "have" | "has" | "had")
                && (next == "been" || words::verb(next).is_some_and(|v| v.form == Form::Past)));
        // An acronym spelled like a function word ("the 3' BE targeting
        // signal") is a name.
        let acronym = t.caps
            && (words::is_coordinator(w)
                || words::is_subordinator(w)
                || words::is_modal(w)
                || words::is_pronoun(w)
                || words::is_determiner(w)
                || words::is_preposition(w)
                || words::verb(w).is_some_and(|v| v.is_auxiliary()));
        // Gene targeting is a method: "a targeted allele", "two targeted
        // cell lines", "gene targeted mice", "RNAi targeting the ortholog"
        // name what was made or used, not what something binds.
        let gene_targeting = matches!(w, "targeted" | "targeting")
            && (matches!(
                prev_word,
                "gene"
                    | "rnai"
                    | "sirna"
                    | "sirnas"
                    | "shrna"
                    | "shrnas"
                    | "dsrna"
                    | "morpholino"
                    | "morpholinos"
                    | "primers"
                    | "probes"
                    | "grna"
                    | "grnas"
            ) || matches!(
                next,
                "allele"
                    | "alleles"
                    | "line"
                    | "lines"
                    | "mutation"
                    | "mutations"
                    | "mice"
                    | "mouse"
                    | "cell"
                    | "cells"
                    | "clone"
                    | "clones"
                    | "disruption"
                    | "deletion"
                    | "locus"
                    | "construct"
                    | "vector"
                    | "vectors"
                    | "constructs"
                    | "exon"
                    | "exons"
                    | "point"
                    | "both"
                    | "es"
            ));
        // "MCAD+/+ control mice", "control cells": the reference group of
        // an experiment, not a verb.
        // "PGC-1α+/+ controls", "wild-type controls": the reference group.
        let controls_group = w == "controls"
            && (prev_word.ends_with('+')
                || prev_word.ends_with('-')
                || matches!(
                    prev_word,
                    "wild-type" | "wt" | "littermate" | "age-matched" | "sham"
                ));
        let control_group = w == "control"
            && matches!(
                next,
                "mice"
                    | "mouse"
                    | "rats"
                    | "animals"
                    | "group"
                    | "groups"
                    | "cells"
                    | "subjects"
                    | "littermates"
                    | "embryos"
                    | "samples"
                    | "experiments"
                    | "conditions"
                    | "lines"
                    | "siblings"
                    | "individuals"
                    | "patients"
                    | "values"
                    | "levels"
                    | "tissue"
                    | "tissues"
                    | "strain"
                    | "strains"
                    | "cultures"
                    | "vector"
                    | "diet"
                    | "fish"
                    | "larvae"
            );
        let tag = if t.kind == TokenKind::Punct {
            Tag::Punct
        } else if acronym || gene_targeting || control_group || controls_group {
            Tag::Noun
        } else if in_turn || adverb_phrase {
            // "which in turn inhibits": an adverb, not a phrase.
            Tag::Adv
        } else if t.kind == TokenKind::Number {
            Tag::Noun
        } else if words::is_coordinator(w) {
            Tag::Coord
        } else if w == "that" || words::is_subordinator(w) {
            Tag::Sub
        } else if words::is_modal(w) {
            Tag::Modal
        } else if words::is_pronoun(w) {
            Tag::Pron
        } else if words::is_determiner(w) {
            Tag::Det
        } else if words::is_preposition(w) {
            Tag::Prep
        } else if let Some(kind) = words::nominal(w).filter(|_| {
            next == "of"
                && !matches!(prev, Some(Tag::Pron | Tag::Modal))
                // "activated through release of autoinhibition": a
                // restraint lifted, nothing secreted.
                && !(w == "release"
                    && tokens.get(i + 2).is_some_and(|n| {
                        matches!(
                            n.lower.as_str(),
                            "autoinhibition"
                                | "inhibition"
                                | "repression"
                                | "arrest"
                                | "quiescence"
                                | "constraint"
                                | "constraints"
                                | "tension"
                                | "pausing"
                        )
                    }))
        }) {
            Tag::Nominal(kind)
        } else if let Some(v) = words::verb(w) {
            let after_det = matches!(prev, Some(Tag::Det | Tag::Adj) | None)
                || matches!(prev, Some(Tag::Prep) if tokens[i - 1].lower != "to" && v.form != Form::Ing);
            let aux = v.is_auxiliary();
            match v.form {
                _ if aux => Tag::Verb(v),
                Form::Past => {
                    // "be" or "have" before, over adverbs: "are so
                    // considerably elevated".
                    let be_before = (0..i)
                        .rev()
                        .take(4)
                        .find(|&j| {
                            !matches!(tags[j], Tag::Adv)
                                && !matches!(
                                    tokens[j].lower.as_str(),
                                    "so" | "very" | "much" | "more" | "less" | "most" | "least"
                                )
                        })
                        .is_some_and(
                            |j| matches!(tags[j], Tag::Verb(b) if matches!(b.lemma, "be" | "have")),
                        );
                    // After adverbs after a determiner, a comma or a
                    // preposition: "the (more) severely affected
                    // patients", ", accompanied by markedly reduced
                    // staining" (after "and" or "or" a verb is as likely:
                    // "severely reduced or completely abolished the
                    // interaction").
                    let adv_after_det = matches!(prev, Some(Tag::Adv))
                        && (0..i)
                            .rev()
                            .take(MAX_PHRASE)
                            .find(|&j| {
                                !matches!(tags[j], Tag::Adv)
                                    && !matches!(
                                        tokens[j].lower.as_str(),
                                        "more" | "most" | "less" | "least"
                                    )
                            })
                            .is_some_and(|j| {
                                matches!(tags[j], Tag::Det | Tag::Punct | Tag::Prep)
                                    && tokens[j].lower != "to"
                            });
                    // After another participle-like word: "randomized
                    // controlled trial".
                    let after_participle = matches!(prev, Some(Tag::Noun | Tag::Adj))
                        && tokens[i - 1].lower.ends_with("ed");
                    // At the start of a complement clause (after a verb, or a
                    // past form the lexicon does not know), where its subject
                    // begins: "predicted that increased levels of Aβ lead to",
                    // "suggests that reduced b-wave amplitudes are".
                    let opens_complement = i >= 2
                        && matches!(prev_word, "that" | "whether" | "if")
                        && (matches!(tags[i - 2], Tag::Verb(_))
                            || tokens[i - 2].lower.ends_with("ed"));
                    // After a verb of showing a trait: "display impaired
                    // Fgf8 repression", "exhibited decreased nestin
                    // expression", "showed reduced survival".
                    let shown = matches!(
                        prev_word,
                        "display"
                            | "displays"
                            | "displayed"
                            | "exhibit"
                            | "exhibits"
                            | "exhibited"
                            | "show"
                            | "shows"
                            | "showed"
                            | "shown"
                            | "reveal"
                            | "reveals"
                            | "revealed"
                    );
                    // After a verb with an object of its own, or a number:
                    // "sufficient to saturate enhanced odor learning", "both
                    // models yield enhanced discrimination", "an additional
                    // 45 up-regulated genes". Two finite verbs do not follow
                    // each other.
                    let after_verb = i > 0
                        && (matches!(prev, Some(Tag::Verb(pv)) if !pv.is_auxiliary()
                            && pv.form != Form::Past)
                            || is_count(&tokens[i - 1]));
                    let adv_after_det = adv_after_det
                        || after_participle
                        || opens_complement
                        || shown
                        || after_verb;
                    // A second verb phrase in the past: "EVs inhibited TGF-β1
                    // signalling and reduced collagen deposition". Only
                    // verbs of amount and inhibition: "and activated HSCs"
                    // stays a noun phrase.
                    let parallel = matches!(prev, Some(Tag::Coord))
                        && matches!(
                            v.class,
                            VerbClass::Relation(
                                RelationKind::Decrease
                                    | RelationKind::Increase
                                    | RelationKind::Inhibition
                                    | RelationKind::Degradation
                            )
                        )
                        && tags.iter().rev().skip(1).take(MAX_PHRASE).any(|t| {
                            matches!(t, Tag::Verb(pv) if pv.form == Form::Past
                                && !pv.is_auxiliary())
                        });
                    // A participle before a determiner has an object: "and
                    // induced a reporter gene" is a verb, never a modifier.
                    let before_det = words::is_determiner(next);
                    if !be_before
                        && !parallel
                        && !before_det
                        && next_nounish
                        && (after_det
                            || adv_after_det
                            || matches!(prev, Some(Tag::Punct | Tag::Coord | Tag::Prep)))
                    {
                        Tag::Adj
                    } else {
                        Tag::Verb(v)
                    }
                }
                Form::Ing if next == "of" => Tag::Noun,
                // "the initiation of silencing and contains": a gerund
                // without an object after a preposition is a noun.
                Form::Ing
                    if matches!(prev, Some(Tag::Prep))
                        && (words::is_coordinator(next) || matches!(next, "," | ";" | "." | ")"))
                        // ("in regulating and stabilizing membrane domains"
                        // share their object)
                        && !tokens.get(i + 2).is_some_and(|t| t.lower.ends_with("ing")) =>
                {
                    Tag::Noun
                }
                // After a singular noun and before a noun, an -ing word is a
                // modifier ("gene silencing activity", "chromatin
                // regulating complexes"); after a plural it is a participle
                // ("MSCs secreting HGF").
                Form::Ing
                    if matches!(prev, Some(Tag::Noun))
                        && tokens[i - 1].kind == TokenKind::Word
                        && !tokens[i - 1].lower.ends_with('s')
                        && ((next_nounish && !words::is_determiner(next))
                            // "the chromatin remodeling and/or RNA processing
                            // machinery": coordinated modifiers.
                            || (words::is_coordinator(next) && {
                                let mut j = i + 1;
                                while tokens.get(j).is_some_and(|t| {
                                    matches!(t.lower.as_str(), "and" | "or" | "/" | "and/or")
                                }) {
                                    j += 1;
                                }
                                tokens.get(j + 1).is_some_and(|t| t.lower.ends_with("ing"))
                            })) =>
                {
                    Tag::Adj
                }
                Form::Ing => {
                    let gerund_prep = i > 0
                        && matches!(
                            tokens[i - 1].lower.as_str(),
                            "by" | "through"
                                | "via"
                                | "in"
                                | "for"
                                | "thereby"
                                | "while"
                                | "when"
                                | "after"
                                | "before"
                                | "without"
                        );
                    let after_verb = matches!(prev, Some(Tag::Verb(p)) if !p.is_auxiliary())
                        || matches!(prev, Some(Tag::Prep));
                    if matches!(prev, Some(Tag::Det))
                        || (!gerund_prep
                            && next_nounish
                            && (after_verb
                                || prev.is_none()
                                || matches!(prev, Some(Tag::Adj | Tag::Punct))
                                    && !tokens[i - 1].is_punct(',')))
                    {
                        Tag::Adj
                    } else {
                        Tag::Verb(v)
                    }
                }
                // A base form after a singular noun and before another
                // noun is a compound ("UPR target genes", "the drug
                // release profile"): a singular subject takes "-s".
                Form::Base
                    if v.also_noun
                        && matches!(prev, Some(Tag::Noun))
                        && tokens[i - 1].kind == TokenKind::Word
                        && !tokens[i - 1].lower.ends_with('s')
                        && next_nounish
                        && !words::is_determiner(next)
                        && !words::is_pronoun(next) =>
                {
                    Tag::Noun
                }
                // "the 50% lower predation rates", "a 2-fold higher
                // efficiency": a comparative after an amount.
                Form::Base
                    if i > 0
                        && w == "lower"
                        && next_nounish
                        && (tokens[i - 1].lower == "%"
                            || tokens[i - 1].lower.ends_with("fold")
                            || is_count(&tokens[i - 1])) =>
                {
                    Tag::Adj
                }
                Form::Base | Form::Third => {
                    // "to" is a preposition after "compared", "due", ...
                    let infinitive = i > 0
                        && (tokens[i - 1].lower == "to"
                            || (i > 1
                                && matches!(prev, Some(Tag::Adv))
                                && tokens[i - 2].lower == "to"))
                        && !(i > 1
                            && matches!(
                                tokens[i - 2].lower.as_str(),
                                "compared"
                                    | "due"
                                    | "similar"
                                    | "related"
                                    | "prior"
                                    | "addition"
                                    | "contrast"
                                    | "respect"
                                    | "relative"
                                    | "opposed"
                                    | "according"
                                    | "close"
                                    | "exposure"
                                    | "response"
                                    | "resistance"
                                    | "access"
                            ));
                    // A second verb phrase in the form of the relation verb
                    // before it: "promote the degradation of fibrotic ECM
                    // and support hepatocyte proliferation" ("and increase
                    // of X", "show a lowered MCV and lower osmotic
                    // resistance" stay noun phrases).
                    let parallel = matches!(prev, Some(Tag::Coord))
                        && next_nounish
                        && next != "of"
                        && !words::is_determiner(next)
                        && tags
                            .iter()
                            .rev()
                            .skip(1)
                            .take(MAX_PHRASE)
                            .take_while(|t| !matches!(t, Tag::Sub | Tag::Modal))
                            .find_map(|t| match t {
                                Tag::Verb(pv) if !pv.is_auxiliary() => Some(*pv),
                                _ => None,
                            })
                            .is_some_and(|pv| {
                                pv.form == v.form && matches!(pv.class, VerbClass::Relation(_))
                            });
                    // "..., which causes increased expression": after a
                    // relative pronoun, a verb; not after an interrogative
                    // "which" ("to determine which changes may impact").
                    let relative_prev = matches!(prev, Some(Tag::Sub))
                        && matches!(prev_word, "which" | "who")
                        && !(i >= 2 && matches!(tags[i - 2], Tag::Verb(_)))
                        && !words::is_modal(next);
                    let verbal_prev = matches!(prev, Some(Tag::Pron | Tag::Modal))
                        || relative_prev
                        || infinitive
                        || parallel
                        || (matches!(prev, Some(Tag::Adv))
                            && i >= 2
                            && !matches!(tags[i - 2], Tag::Det | Tag::Prep));
                    if (!v.also_noun && !after_det)
                        || verbal_prev
                        || (!after_det
                            && matches!(prev, Some(Tag::Noun | Tag::Punct))
                            && (next_nounish
                                || matches!(next, "to" | "with" | "into")
                                || (v.lemma == "result"
                                    && next == "in"
                                    && !tokens.get(i + 2).is_some_and(|t| {
                                        matches!(t.lower.as_str(), "which" | "whom")
                                    })))
                            && !(i > 0 && tokens[i - 1].is_punct(',')))
                    {
                        Tag::Verb(v)
                    } else {
                        Tag::Noun
                    }
                }
            }
        } else if words::is_adverb(w) {
            Tag::Adv
        } else if t.kind == TokenKind::Word
            && ((matches!(prev, Some(Tag::Modal)) && !words::is_determiner(next))
                || (matches!(prev, Some(Tag::Adv)) && i >= 2 && matches!(tags[i - 2], Tag::Modal)))
        {
            // A word the lexicon does not know, right after a modal, is a
            // verb ("will ensure").
            Tag::Verb(Verb {
                lemma: "?",
                form: Form::Base,
                class: VerbClass::Other,
                also_noun: false,
            })
        } else if let Some(kind) = words::nominal(w).filter(|_| next == "of") {
            Tag::Nominal(kind)
        } else {
            Tag::Noun
        };
        tags.push(tag);
    }
    tags
}

impl<'t> Parsed<'t> {
    pub fn new(text: &'t str, tokens: Vec<Token>) -> Self {
        let tags = tag(&tokens);
        let mut depth = Vec::with_capacity(tokens.len());
        let mut d = 0u32;
        for t in &tokens {
            if is_close(t) {
                d = d.saturating_sub(1);
            }
            depth.push(d);
            if is_open(t) {
                d += 1;
            }
        }
        Parsed {
            text,
            tokens,
            tags,
            depth,
        }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn lower(&self, i: usize) -> &str {
        self.tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("")
    }

    /// The text of tokens `a..b`.
    pub fn span_text(&self, a: usize, b: usize) -> &'t str {
        if a >= b || b > self.tokens.len() {
            return "";
        }
        &self.text[self.tokens[a].start..self.tokens[b - 1].end]
    }

    pub fn verb(&self, i: usize) -> Option<Verb> {
        match self.tags.get(i) {
            Some(Tag::Verb(v)) => Some(*v),
            _ => None,
        }
    }

    fn is_aux(&self, i: usize) -> bool {
        self.verb(i).is_some_and(|v| v.is_auxiliary())
            || matches!(self.tags.get(i), Some(Tag::Modal))
    }

    /// A verb that heads a clause: a tensed verb, or the first verb after
    /// a modal or an auxiliary.
    pub fn is_finite(&self, i: usize) -> bool {
        let Some(v) = self.verb(i) else { return false };
        if i > 0
            && matches!(
                self.lower(i - 1),
                "to" | "by" | "through" | "via" | "thereby"
            )
        {
            return false;
        }
        match v.form {
            Form::Base | Form::Third => true,
            Form::Past => true,
            Form::Ing => i > 0 && self.is_aux(i - 1),
        }
    }

    /// Clause boundaries: the token ranges of the clauses of the sentence.
    pub fn clauses(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        for k in 0..self.len() {
            step();
            let w = self.lower(k);
            let brk = self.depth[k] == 0
                && (w == ";"
                    || (matches!(w, "but" | "whereas" | "although" | "though") && k > 0)
                    || (w == ","
                        && matches!(
                            self.lower(k + 1),
                            "but" | "whereas" | "while" | "although" | "though" | "however"
                        )));
            if brk {
                if k > start {
                    out.push((start, k));
                }
                start = k + 1;
            }
        }
        if start < self.len() {
            out.push((start, self.len()));
        }
        out
    }

    /// Where the adverbs, modals and auxiliaries just before `i` (not
    /// before `floor`) begin: `i` itself when there are none.
    pub fn skip_aux_left(&self, mut i: usize, floor: usize) -> usize {
        while i > floor && (matches!(self.tags[i - 1], Tag::Adv) || self.is_aux(i - 1)) {
            i -= 1;
        }
        i
    }

    /// Where the adverbs ending just before `i` start (not before
    /// `floor`): `i` itself when there are none.
    pub fn skip_adverbs_left(&self, mut i: usize, floor: usize) -> usize {
        while i > floor && matches!(self.tags[i - 1], Tag::Adv) {
            i -= 1;
        }
        i
    }

    /// Where the adverbs from `i` on (not past `limit`) end: `i` itself
    /// when there are none.
    pub fn skip_adverbs(&self, mut i: usize, limit: usize) -> usize {
        while i < limit && matches!(self.tags[i], Tag::Adv) {
            i += 1;
        }
        i
    }

    /// The noun phrase ending just before `i` (skipping adverbs, modals,
    /// auxiliaries and "not"), as a token range.
    pub fn np_left(&self, i: usize, floor: usize) -> Option<(usize, usize)> {
        let mut j = self.skip_aux_left(i, floor);
        let end = j;
        // A pronoun that can only be a subject ends every phrase before it
        // ("Using this information we increased": we).
        if j > floor && words::is_subject_pronoun(self.lower(j - 1)) {
            return Some((j - 1, j));
        }
        let mut depth = 0u32;
        let mut before_close = j;
        while j > floor && end - j < MAX_PHRASE {
            step();
            let t = &self.tokens[j - 1];
            let tag = self.tags[j - 1];
            if is_close(t) {
                if depth == 0 {
                    before_close = j;
                }
                depth += 1;
            } else if is_open(t) {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            } else if depth == 0 {
                // "as" opens a phrase of its own ("isolated as the agent
                // that mediated", "as UTRs may contain").
                let ok = match tag {
                    _ if t.lower == "as" => false,
                    Tag::Noun | Tag::Adj | Tag::Det | Tag::Nominal(_) | Tag::Pron => true,
                    // "Reduced herbivore damage on irLOX2 could have
                    // increased": the damage, not the plants.
                    Tag::Prep => {
                        matches!(t.lower.as_str(), "of" | "in" | "from" | "on") && j - 1 > floor
                    }
                    Tag::Punct => {
                        matches!(t.lower.as_str(), "-" | "/" | "'" | "’" | "+" | "%" | "−")
                    }
                    _ => false,
                };
                if !ok {
                    break;
                }
            }
            j -= 1;
        }
        // An unbalanced ")" ("ii) true lipases"): stop before it.
        if depth > 0 {
            j = before_close;
        }
        // Drop a leading preposition left over.
        while j < end && matches!(self.tags[j], Tag::Prep | Tag::Punct) && !is_open(&self.tokens[j])
        {
            j += 1;
        }
        (j < end).then_some((j, end))
    }

    /// Whether the object that started at `start` ends before token `k`.
    fn object_boundary(&self, start: usize, k: usize) -> bool {
        step();
        let t = &self.tokens[k];
        let w = t.lower.as_str();
        if k - start >= MAX_PHRASE {
            return true;
        }
        if self.depth[k] > self.depth[start] {
            return false;
        }
        if is_close(t) && self.depth[k] < self.depth[start] {
            return true;
        }
        let next = self.lower(k + 1);
        let next_is_verb = |n: usize| {
            let mut n = n;
            while matches!(self.tags.get(n), Some(Tag::Adv)) {
                n += 1;
            }
            self.verb(n)
                .is_some_and(|v| v.form != Form::Past || self.lower(n + 1) != "with")
        };
        match self.tags[k] {
            Tag::Punct => {
                matches!(w, ";" | ":" | "." | "?" | "!")
                    || (is_dash(t)
                        && !matches!(
                            next,
                            "including" | "such" | "e.g" | "i.e" | "namely" | "like"
                        ))
                    || (w == ","
                        && (next_is_verb(k + 1)
                            || self.pronoun_subject_at(k + 1)
                            || self.clause_at(k + 1)
                            || self.contrast_at(k + 1)
                            // ", as CaMKIIα-tTA mice raised on dox do not
                            // develop lesions": a reason, not an item.
                            || (next == "as" && self.lower(k + 2) != "well")
                            || matches!(next, "so" | "thus" | "hence" | "therefore" | "thereby")
                            // ", shifting the balance toward tolerance": a
                            // participle the lexicon does not know, with an
                            // object, opens a clause of its own.
                            || (next.len() > 5
                                && next.ends_with("ing")
                                && !matches!(next, "including" | "following" | "according")
                                && words::is_determiner(self.lower(k + 2)))
                            // ", arranged in radial columns": a past
                            // participle the lexicon does not know, before a
                            // preposition, describes what came before.
                            || (next.len() > 5
                                && next.ends_with("ed")
                                && words::verb(next).is_none()
                                && matches!(self.tags.get(k + 2), Some(Tag::Prep))
                                && !matches!(self.lower(k + 2), "of" | "to"))
                            || matches!(self.tags.get(k + 1), Some(Tag::Sub))
                            // ", and impacts on SXR might contribute": a
                            // subject and its verb, a clause; but after a
                            // list ("integrating A, B, and C are
                            // imperative") the verb is the sentence's.
                            || (matches!(self.tags.get(k + 1), Some(Tag::Coord))
                                && (next_is_verb(k + 2)
                                    || (self.clause_at(k + 2)
                                        && !(start..k).any(|j| {
                                            self.lower(j) == "," && self.depth[j] == self.depth[k]
                                        }))))))
            }
            Tag::Sub => true,
            Tag::Modal => true,
            Tag::Verb(v) => !(v.lemma == "couple" && next == "with"),
            // "binds to bubble substrates and unwinds the duplex": a word
            // the lexicon does not know, between a coordinator and a
            // determiner, is a verb.
            Tag::Coord => {
                next_is_verb(k + 1) || next == "to" || self.starts_clause(k + 1) || {
                    // (after adverbs: "and possibly stabilize the")
                    let w = self.skip_adverbs(k + 1, self.len());
                    matches!(self.tags.get(w), Some(Tag::Noun))
                        && self
                            .tokens
                            .get(w)
                            .is_some_and(|t| t.kind == TokenKind::Word)
                        && self
                            .tokens
                            .get(w + 1)
                            .is_some_and(|t| words::is_determiner(&t.lower))
                }
            }
            Tag::Prep => {
                matches!(
                    w,
                    "by" | "through"
                        | "via"
                        | "after"
                        | "during"
                        | "following"
                        | "upon"
                        | "than"
                        | "compared"
                        | "despite"
                        | "before"
                        | "without"
                ) || (w == "to" && next_is_verb(k + 1))
                    || (w == "in"
                        && matches!(
                            next,
                            "vitro"
                                | "vivo"
                                | "patients"
                                | "mice"
                                | "rats"
                                | "animals"
                                | "animal"
                                | "models"
                                | "model"
                                | "humans"
                                | "clinical"
                                | "preclinical"
                                | "both"
                                | "response"
                                | "a"
                                | "an"
                                | "the"
                                | "various"
                                | "diverse"
                                | "several"
                                | "multiple"
                                | "many"
                        ))
            }
            _ => false,
        }
    }

    /// Whether a clause with a pronoun subject starts at `k`, perhaps after
    /// adverbs: "..., here we show", "..., they found". Such a clause ends
    /// the phrase before it ("interact with AQP2 [6], here we show ...").
    fn pronoun_subject_at(&self, k: usize) -> bool {
        let mut j = k;
        while j < self.len()
            && j < k + 3
            && (matches!(self.tags[j], Tag::Adv) || matches!(self.lower(j), "here" | "herein"))
        {
            j += 1;
        }
        words::is_subject_pronoun(self.lower(j))
    }

    /// Whether a clause starts at `k`: a noun phrase (with its "of"
    /// phrases, without a coordinator: "upregulation of Gclc, Gsr and Gstm4
    /// supports ..." is one list) and then a modal, an auxiliary or a verb
    /// in the present. After a comma this ends an object: "Since
    /// Sertoli cells produce FGF9, loss of proliferation of Sertoli
    /// precursors may result in ...", "Given the role of leptin in
    /// regulating body mass, serum leptin was measured".
    fn clause_at(&self, k: usize) -> bool {
        let mut j = k;
        while j < self.len() && j < k + 20 && self.depth[j] == self.depth[k] {
            let np = match self.tags[j] {
                Tag::Det | Tag::Adj | Tag::Noun | Tag::Nominal(_) => true,
                Tag::Prep => matches!(self.lower(j), "of" | "in" | "from" | "for" | "to" | "on"),
                Tag::Punct => matches!(self.lower(j), "-" | "/" | "'" | "’" | "+"),
                _ => false,
            };
            if !np {
                break;
            }
            j += 1;
        }
        if j == k
            || !matches!(
                self.tags[k],
                Tag::Det | Tag::Adj | Tag::Noun | Tag::Nominal(_)
            )
        {
            return false;
        }
        matches!(self.tags.get(j), Some(Tag::Modal))
            || self
                .verb(j)
                .is_some_and(|v| v.is_auxiliary() || v.form == Form::Third)
            // A past verb with an object: "their generation allowed us to".
            || (matches!(self.tags.get(j), Some(Tag::Verb(v)) if v.form == Form::Past
                && !v.is_auxiliary())
                && matches!(self.tags.get(j + 1), Some(Tag::Det | Tag::Pron)))
    }

    /// Whether a phrase of contrast or comparison starts at `k`: ", in
    /// contrast to its role as an activator for genes like Mt1" ends the
    /// object before it.
    fn contrast_at(&self, k: usize) -> bool {
        matches!(
            self.lower(k),
            "unlike" | "despite" | "regardless" | "compared" | "relative" | "whereas"
        ) || (matches!(self.lower(k), "in" | "as")
            && matches!(
                self.lower(k + 1),
                "contrast" | "addition" | "comparison" | "opposed" | "agreement" | "line"
            ))
    }

    /// Whether a short noun phrase at `k` is followed by a tensed verb:
    /// "activate macrophages and IL-10 inhibits fibrosis" is two clauses.
    fn starts_clause(&self, k: usize) -> bool {
        let mut j = k;
        while j < self.len() && j < k + 6 && matches!(self.tags[j], Tag::Noun | Tag::Adj | Tag::Det)
        {
            j += 1;
        }
        j > k
            && self
                .verb(j)
                .is_some_and(|v| v.form == Form::Third && !v.is_auxiliary())
    }

    /// The object starting at `start`: the token range up to its boundary.
    pub fn object_right(&self, start: usize, limit: usize) -> Option<(usize, usize)> {
        let mut k = self.skip_adverbs(start, limit);
        let begin = k;
        while k < limit && !self.object_boundary(begin, k) {
            k += 1;
        }
        let mut end = k;
        while end > begin
            && (matches!(self.tags[end - 1], Tag::Punct | Tag::Coord | Tag::Prep)
                && !is_close(&self.tokens[end - 1]))
        {
            end -= 1;
        }
        (begin < end).then_some((begin, end))
    }

    /// Splits a phrase into its coordinated items at depth 0. Examples
    /// ("mediators—including A, B, and C—", "such as A and B") replace the
    /// phrase they illustrate.
    pub fn items(&self, a: usize, b: usize) -> Vec<(usize, usize)> {
        let base = self.depth.get(a).copied().unwrap_or(0);
        // Examples first.
        for k in a..b {
            step();
            if self.depth[k] > base + 1 {
                continue;
            }
            let w = self.lower(k);
            let intro = match w {
                "including" | "e.g" | "i.e" | "namely" => {
                    Some(k + 1 + usize::from(self.lower(k + 1) == "."))
                }
                "such" if self.lower(k + 1) == "as" => Some(k + 2),
                _ => None,
            };
            // "(i.e. with a divergence angle)": a restated circumstance, no
            // examples of the phrase.
            let intro = intro.filter(|&s| !matches!(self.tags.get(s), Some(Tag::Prep)));
            if let Some(s) = intro {
                // Examples of what a process acts on ("initiates the
                // formation of many organs, including lungs, ..."): the
                // process is the item, not the examples.
                if (a + 1..k).any(|j| {
                    self.depth[j] == base
                        && self.lower(j) == "of"
                        && matches!(
                            self.lower(j - 1),
                            "formation"
                                | "development"
                                | "generation"
                                | "maturation"
                                | "assembly"
                                | "morphogenesis"
                                | "patterning"
                                | "growth"
                                | "regeneration"
                                | "repair"
                                | "proliferation"
                                | "migration"
                                | "survival"
                                | "death"
                                | "differentiation"
                                | "specification"
                                | "organization"
                                | "homeostasis"
                        )
                }) && let Some(item) = self.trim(a, k)
                {
                    return vec![item];
                }
                let mut e = s;
                let dashed = k > a && is_dash(&self.tokens[k - 1]);
                let paren = !dashed && self.depth[k] > base;
                while e < b
                    && !(dashed && is_dash(&self.tokens[e]))
                    && !(paren && is_close(&self.tokens[e]) && self.depth[e] < self.depth[k])
                {
                    e += 1;
                }
                let found = self.split(s, e);
                if !found.is_empty() {
                    return found;
                }
            }
        }
        self.split(a, b)
    }

    fn split(&self, a: usize, b: usize) -> Vec<(usize, usize)> {
        let base = self.depth.get(a).copied().unwrap_or(0);
        let mut out = Vec::new();
        let mut s = a;
        let mut k = a;
        let mut coordinated = false;
        while k < b {
            step();
            let w = self.lower(k);
            if self.depth[k] == base && matches!(w, "and" | "or" | "and/or" | "as") {
                coordinated = true;
            }
            let sep_len = if self.depth[k] != base {
                0
            } else if matches!(w, "," | "and" | "or" | "and/or")
                && !(w != ","
                    && (s..k).any(|j| matches!(self.lower(j), "either" | "both" | "between")))
                && !(w != ","
                    && out.is_empty()
                    && (s..k).any(|j| {
                        self.depth[j] == base
                            && self.tags[j] == Tag::Prep
                            && !matches!(self.lower(j), "of" | "to")
                    }))
            {
                // "either low or high", "both A and B", "between A and B"
                // are one item; so is a coordination inside a modifier of
                // the first item, without a list before it ("activation of
                // macrophages after adoptive transfer and thioglycollate
                // elicitation").
                1
            } else if w == "as" && self.lower(k + 1) == "well" && self.lower(k + 2) == "as" {
                3
            } else if matches!(w, "coupled" | "along" | "together") && self.lower(k + 1) == "with" {
                2
            } else {
                0
            };
            if sep_len > 0 {
                if let Some(item) = self
                    .trim(s, k)
                    .filter(|&(x, _)| out.is_empty() || !self.is_modifier_start(x))
                {
                    out.push(item);
                }
                s = k + sep_len;
                k = s;
                continue;
            }
            k += 1;
        }
        if let Some(item) = self
            .trim(s, b)
            .filter(|&(x, _)| out.is_empty() || !self.is_modifier_start(x))
        {
            out.push(item);
        }
        // "receptors ALK2, -3, or 6": a bare number continues a name; it
        // is no item of its own.
        if out.len() > 1 {
            out.retain(|&(x, y)| !(x..y).all(|j| self.tokens[j].kind == TokenKind::Number));
        }
        // "GAL80, an inhibitor of GAL4 activity": without a coordinator, a
        // part after a comma that starts with "a"/"an" is an apposition
        // naming the item before it, not another item.
        if !coordinated
            && out.len() >= 2
            && out[1].0 > a
            && matches!(self.lower(out[1].0 - 1), "a" | "an")
        {
            out.truncate(1);
        }
        // A lone adjective shares the next item's head: "innate and
        // adaptive immunity", "local, midline GABAergic neurons".
        let mut k = 0;
        while k + 1 < out.len() {
            let (x, y) = out[k];
            // An item ends in a noun: one that ends in an adjective ("the
            // pool of local, midline GABAergic neurons") shares the next
            // item's head.
            if self.is_lone_adjective(y - 1) {
                out[k + 1].0 = x;
                out.remove(k);
            } else {
                k += 1;
            }
        }
        out
    }

    /// A word that reads as an adjective on its own (suffix and tag): the
    /// first half of a coordinated modifier.
    fn is_lone_adjective(&self, k: usize) -> bool {
        const NOUNS: &[&str] = &[
            "survival",
            "signal",
            "animal",
            "trial",
            "potential",
            "material",
            "interval",
            "approval",
            "removal",
            "withdrawal",
            "arrival",
            "renewal",
            "clinic",
            "mimic",
            "topic",
            "antibiotic",
            "sugar",
            "year",
            "seed",
            "need",
            "feed",
            "mammal",
            "mammals",
            "hospital",
            "terminal",
            "total",
            "capillary",
            "library",
            "summary",
            "boundary",
            "pituitary",
            "archive",
            "individual",
            "individuals",
            "derivative",
            "relative",
            "relatives",
            "sample",
            "control",
        ];
        let t = &self.tokens[k];
        let w = t.lower.as_str();
        if t.kind != TokenKind::Word
            || NOUNS.contains(&w)
            || self.text[t.start..t.end].chars().any(|c| c.is_uppercase())
        {
            return false;
        }
        self.tags[k] == Tag::Adj
            || w == "innate"
            || ["al", "ed", "ive", "ous", "ic", "ary", "ar"]
                .iter()
                .any(|s| w.len() > s.len() + 2 && w.ends_with(s))
    }

    /// A phrase after a comma that starts with a preposition ("against
    /// self-antigens, mainly from the nucleus") modifies the item before
    /// it: it is no item of its own.
    fn is_modifier_start(&self, a: usize) -> bool {
        matches!(self.tags.get(a), Some(Tag::Prep))
    }

    /// A phrase without edge punctuation, citation brackets, and a leading
    /// article.
    pub fn trim(&self, mut a: usize, mut b: usize) -> Option<(usize, usize)> {
        loop {
            let before = (a, b);
            while a < b
                && (matches!(self.tags[a], Tag::Punct | Tag::Coord) && !is_open(&self.tokens[a])
                    || matches!(self.lower(a), "the" | "a" | "an"))
            {
                a += 1;
            }
            a = self.skip_adverbs(a, b);
            while a < b
                && matches!(
                    self.tags[b - 1],
                    Tag::Punct | Tag::Coord | Tag::Prep | Tag::Det | Tag::Adv
                )
                && !is_close(&self.tokens[b - 1])
                && self.tokens[b - 1].lower != "%"
            {
                b -= 1;
            }
            // A trailing citation or pointer: "[12]", "(3, 4)", "(Smith et
            // al., 2020)", "(Figure 2)", "(data not shown)".
            if a < b && is_close(&self.tokens[b - 1]) {
                let mut o = b - 1;
                while o > a && !is_open(&self.tokens[o]) && b - o < 3 * MAX_PHRASE {
                    o -= 1;
                }
                if is_open(&self.tokens[o]) && is_pointer(&self.tokens[o + 1..b - 1]) {
                    b = o;
                }
            }
            // A citation cut off by the phrase window ("by NF-κB at the
            // ventral side (Jazwinska et al., 1999; O'Connor et al., ...").
            if let Some(o) = (a..b).rev().find(|&k| is_open(&self.tokens[k]))
                && !self.tokens[o..b].iter().any(is_close)
                && is_pointer(&self.tokens[o + 1..b])
                && self.tokens[o + 1..b]
                    .iter()
                    .any(|t| t.kind == TokenKind::Word)
            {
                b = o;
            }
            if (a, b) == before {
                break;
            }
        }
        (a < b).then_some((a, b))
    }
}

/// Whether the tokens inside brackets are a citation or a pointer: "12",
/// "3, 4", "Smith et al., 2020", "Figure 2", "data not shown".
fn is_pointer(inner: &[Token]) -> bool {
    inner.iter().all(|t| t.kind != TokenKind::Word)
        || inner.iter().any(|t| {
            matches!(
                t.lower.as_str(),
                "al" | "figure" | "fig" | "figures" | "table" | "shown" | "supplementary"
            )
        })
        || inner.iter().any(|t| {
            t.kind == TokenKind::Number
                && t.lower.len() == 4
                && (t.lower.starts_with("19") || t.lower.starts_with("20"))
        })
}

/// Whether a verb class is a relation, and which.
pub fn relation_of(v: &Verb) -> Option<RelationKind> {
    match v.class {
        VerbClass::Relation(k) => Some(k),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn tags(input: &str) -> String {
        let p = Parsed::new(input, tokenize(input));
        p.tokens
            .iter()
            .zip(&p.tags)
            .map(|(t, g)| {
                let s = match g {
                    Tag::Verb(_) => "V",
                    Tag::Adj => "A",
                    Tag::Noun => "N",
                    Tag::Nominal(_) => "NOM",
                    _ => return String::new(),
                };
                format!("{}/{s}", &input[t.start..t.end])
            })
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn verbs_in_context() {
        assert_eq!(tags("MSCs release HGF"), "MSCs/N release/V HGF/N");
        assert_eq!(tags("the release of HGF"), "release/NOM HGF/N");
        assert_eq!(
            tags("activated HSCs were inhibited"),
            "activated/A HSCs/N were/V inhibited/V"
        );
        assert_eq!(
            tags("especially the more severely affected patients"),
            "more/N affected/A patients/N"
        );
        assert_eq!(
            tags("it was reduced, with markedly reduced expression"),
            "was/V reduced/V reduced/A expression/N"
        );
        assert_eq!(
            tags("Ire1 needs to first bind the mRNA per se"),
            "Ire1/N needs/V bind/V mRNA/N"
        );
        assert_eq!(
            tags("via the 3' BE targeting signal"),
            "3/N BE/N targeting/A signal/N"
        );
        assert_eq!(
            tags("a Tbx15 targeted allele and gene targeted mice"),
            "Tbx15/N targeted/N allele/N gene/N targeted/N mice/N"
        );
        assert_eq!(
            tags("via parental RNAi targeting the dpp ortholog"),
            "parental/N RNAi/N targeting/N dpp/N ortholog/N"
        );
        assert_eq!(
            tags("Emerging strategies integrating gene editing"),
            "Emerging/A strategies/N integrating/V gene/N editing/N"
        );
    }

    #[test]
    fn items_and_examples() {
        let s = "secreting bioactive mediators—including hepatocyte growth factor (HGF), VEGF, and extracellular vesicles (EVs)—to inhibit";
        let p = Parsed::new(s, tokenize(s));
        let (a, b) = p.object_right(1, p.len()).expect("object");
        let items: Vec<&str> = p
            .items(a, b)
            .into_iter()
            .map(|(x, y)| p.span_text(x, y))
            .collect();
        assert_eq!(
            items,
            [
                "hepatocyte growth factor (HGF)",
                "VEGF",
                "extracellular vesicles (EVs)"
            ]
        );
    }
}
