//! A part-of-speech-ish lexicon: function words, verbs with their inflected
//! forms and the relation they express, and relation nominalizations.
//!
//! This is the only place that knows English words; the chunker and the
//! claim rules work on the classes it gives.

use std::collections::HashMap;
use std::sync::OnceLock;

use briefing_model::RelationKind;

/// The inflected form of a verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// "secrete": infinitive or present tense.
    Base,
    /// "secretes".
    Third,
    /// "secreted": past tense or participle.
    Past,
    /// "secreting".
    Ing,
}

/// What kind of verb a lemma is, for the claim rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbClass {
    /// Expresses a mechanism relation.
    Relation(RelationKind),
    /// Reports a finding: "show", "reveal", "suggest" (+ "that").
    Report,
    /// Describes the text itself: "summarize", "discuss", "highlight".
    Discourse,
    /// An efficacy or safety effect: "improve", "restore", "ameliorate".
    Outcome,
    /// "be", "have", "remain", and other verbs.
    Other,
}

/// A verb reading of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verb {
    pub lemma: &'static str,
    pub form: Form,
    pub class: VerbClass,
    /// The word is also a common noun ("release", "increase", "use").
    pub also_noun: bool,
}

impl Verb {
    /// "be", "have" or "do": an auxiliary, never the verb of a relation.
    pub fn is_auxiliary(&self) -> bool {
        matches!(self.lemma, "be" | "have" | "do")
    }
}

use RelationKind as R;
use VerbClass as V;

/// Verb lemmas. A trailing `*` marks a lemma whose forms double the final
/// consonant ("control" → "controlled"); a leading `~` marks a lemma that is
/// also a common noun.
const VERBS: &[(&str, VerbClass)] = &[
    // secretion / release
    ("secrete", V::Relation(R::Secretion)),
    ("~release", V::Relation(R::Secretion)),
    ("produce", V::Relation(R::Secretion)),
    ("excrete", V::Relation(R::Secretion)),
    ("shed", V::Relation(R::Secretion)),
    // activation / promotion / induction
    ("activate", V::Relation(R::Activation)),
    ("promote", V::Relation(R::Activation)),
    ("induce", V::Relation(R::Activation)),
    ("stimulate", V::Relation(R::Activation)),
    ("enhance", V::Relation(R::Activation)),
    ("~trigger", V::Relation(R::Activation)),
    ("facilitate", V::Relation(R::Activation)),
    ("accelerate", V::Relation(R::Activation)),
    ("drive", V::Relation(R::Activation)),
    ("augment", V::Relation(R::Activation)),
    ("potentiate", V::Relation(R::Activation)),
    ("~boost", V::Relation(R::Activation)),
    ("foster", V::Relation(R::Activation)),
    ("initiate", V::Relation(R::Activation)),
    ("evoke", V::Relation(R::Activation)),
    ("elicit", V::Relation(R::Activation)),
    ("recruit", V::Relation(R::Activation)),
    // inhibition / suppression
    ("inhibit", V::Relation(R::Inhibition)),
    ("suppress", V::Relation(R::Inhibition)),
    ("~block", V::Relation(R::Inhibition)),
    ("repress", V::Relation(R::Inhibition)),
    ("prevent", V::Relation(R::Inhibition)),
    ("abrogate", V::Relation(R::Inhibition)),
    ("antagonize", V::Relation(R::Inhibition)),
    ("impair", V::Relation(R::Inhibition)),
    ("abolish", V::Relation(R::Inhibition)),
    ("interrupt", V::Relation(R::Inhibition)),
    ("restrain", V::Relation(R::Inhibition)),
    ("dampen", V::Relation(R::Inhibition)),
    ("counteract", V::Relation(R::Inhibition)),
    ("blunt", V::Relation(R::Inhibition)),
    ("silence", V::Relation(R::Inhibition)),
    ("interfere", V::Relation(R::Inhibition)),
    ("quench", V::Relation(R::Inhibition)),
    ("*curb", V::Relation(R::Inhibition)),
    // degradation
    ("degrade", V::Relation(R::Degradation)),
    ("cleave", V::Relation(R::Degradation)),
    ("digest", V::Relation(R::Degradation)),
    ("dissolve", V::Relation(R::Degradation)),
    ("hydrolyze", V::Relation(R::Degradation)),
    // differentiation, polarization
    ("differentiate", V::Relation(R::Differentiation)),
    ("transdifferentiate", V::Relation(R::Differentiation)),
    ("polarize", V::Relation(R::Polarization)),
    ("polarise", V::Relation(R::Polarization)),
    ("skew", V::Relation(R::Polarization)),
    // regulation / modulation
    ("regulate", V::Relation(R::Regulation)),
    ("modulate", V::Relation(R::Regulation)),
    ("mediate", V::Relation(R::Regulation)),
    ("~*control", V::Relation(R::Regulation)),
    ("reshape", V::Relation(R::Regulation)),
    ("reprogram", V::Relation(R::Regulation)),
    ("orchestrate", V::Relation(R::Regulation)),
    ("~influence", V::Relation(R::Regulation)),
    ("affect", V::Relation(R::Regulation)),
    ("alter", V::Relation(R::Regulation)),
    ("remodel", V::Relation(R::Regulation)),
    ("~balance", V::Relation(R::Regulation)),
    ("tune", V::Relation(R::Regulation)),
    // increase / decrease
    ("~increase", V::Relation(R::Increase)),
    ("upregulate", V::Relation(R::Increase)),
    ("up-regulate", V::Relation(R::Increase)),
    ("elevate", V::Relation(R::Increase)),
    ("amplify", V::Relation(R::Increase)),
    ("expand", V::Relation(R::Increase)),
    ("~decrease", V::Relation(R::Decrease)),
    ("reduce", V::Relation(R::Decrease)),
    ("downregulate", V::Relation(R::Decrease)),
    ("down-regulate", V::Relation(R::Decrease)),
    ("~lower", V::Relation(R::Decrease)),
    ("diminish", V::Relation(R::Decrease)),
    ("deplete", V::Relation(R::Decrease)),
    ("lessen", V::Relation(R::Decrease)),
    // binding
    ("bind", V::Relation(R::Binding)),
    ("~target", V::Relation(R::Binding)),
    ("interact", V::Relation(R::Binding)),
    ("engage", V::Relation(R::Binding)),
    // reporting
    ("show", V::Report),
    ("demonstrate", V::Report),
    ("reveal", V::Report),
    ("confirm", V::Report),
    ("indicate", V::Report),
    ("suggest", V::Report),
    ("find", V::Report),
    ("discover", V::Report),
    ("~report", V::Report),
    ("propose", V::Report),
    ("observe", V::Report),
    ("validate", V::Report),
    ("establish", V::Report),
    ("hypothesize", V::Report),
    ("note", V::Report),
    ("imply", V::Report),
    ("~support", V::Report),
    ("verify", V::Report),
    ("prove", V::Report),
    ("~evidence", V::Report),
    ("document", V::Report),
    // the article itself
    ("summarize", V::Discourse),
    ("summarise", V::Discourse),
    ("~review", V::Discourse),
    ("discuss", V::Discourse),
    ("highlight", V::Discourse),
    ("describe", V::Discourse),
    ("outline", V::Discourse),
    ("~focus", V::Discourse),
    ("~aim", V::Discourse),
    ("explore", V::Discourse),
    ("introduce", V::Discourse),
    ("~overview", V::Discourse),
    ("present", V::Discourse),
    ("provide", V::Discourse),
    ("offer", V::Discourse),
    ("~address", V::Discourse),
    ("examine", V::Discourse),
    ("cover", V::Discourse),
    ("consider", V::Discourse),
    ("emphasize", V::Discourse),
    ("illustrate", V::Discourse),
    ("*compel", V::Discourse),
    // efficacy and safety
    ("improve", V::Outcome),
    ("restore", V::Outcome),
    ("~reverse", V::Outcome),
    ("ameliorate", V::Outcome),
    ("attenuate", V::Outcome),
    ("alleviate", V::Outcome),
    ("rescue", V::Outcome),
    ("protect", V::Outcome),
    ("~benefit", V::Outcome),
    ("heal", V::Outcome),
    ("~cure", V::Outcome),
    ("~treat", V::Outcome),
    ("relieve", V::Outcome),
    ("mitigate", V::Outcome),
    ("prolong", V::Outcome),
    ("recover", V::Outcome),
    ("regenerate", V::Outcome),
    ("~repair", V::Outcome),
    ("~resolve", V::Outcome),
    ("tolerate", V::Outcome),
    ("extend", V::Outcome),
    ("survive", V::Outcome),
    // everything else a clause needs
    ("be", V::Other),
    ("have", V::Other),
    ("do", V::Other),
    ("remain", V::Other),
    ("~exert", V::Other),
    ("~use", V::Other),
    ("make", V::Other),
    ("take", V::Other),
    ("give", V::Other),
    ("lead", V::Other),
    ("~result", V::Other),
    ("contribute", V::Other),
    ("differ", V::Other),
    ("vary", V::Other),
    ("~cause", V::Other),
    ("involve", V::Other),
    ("require", V::Other),
    ("~need", V::Other),
    ("seem", V::Other),
    ("appear", V::Other),
    ("become", V::Other),
    ("~play", V::Other),
    ("integrate", V::Other),
    ("refine", V::Other),
    ("~limit", V::Other),
    ("hinder", V::Other),
    ("impede", V::Other),
    ("hamper", V::Other),
    ("restrict", V::Other),
    ("~compromise", V::Other),
    ("exhibit", V::Other),
    ("~display", V::Other),
    ("possess", V::Other),
    ("~contain", V::Other),
    ("~express", V::Other),
    ("~combine", V::Other),
    ("~couple", V::Other),
    ("depend", V::Other),
    ("rely", V::Other),
    ("occur", V::Other),
    ("~measure", V::Other),
    ("~test", V::Other),
    ("evaluate", V::Other),
    ("assess", V::Other),
    ("investigate", V::Other),
    ("~study", V::Other),
    ("analyze", V::Other),
    ("analyse", V::Other),
    ("perform", V::Other),
    ("isolate", V::Other),
    ("obtain", V::Other),
    ("derive", V::Other),
    ("~culture", V::Other),
    ("administer", V::Other),
    ("inject", V::Other),
    ("~transplant", V::Other),
    ("infuse", V::Other),
    ("~receive", V::Other),
    ("enroll", V::Other),
    ("enrol", V::Other),
    ("include", V::Other),
    ("allow", V::Other),
    ("enable", V::Other),
    ("~help", V::Other),
    ("~act", V::Other),
    ("~function", V::Other),
    ("serve", V::Other),
    ("represent", V::Other),
    ("constitute", V::Other),
    ("~form", V::Other),
    ("migrate", V::Other),
    ("~home", V::Other),
    ("engraft", V::Other),
    ("proliferate", V::Other),
    ("~exist", V::Other),
    ("~yield", V::Other),
    ("reflect", V::Other),
    ("saturate", V::Other),
    ("confer", V::Other),
    ("~emerge", V::Other),
    ("achieve", V::Other),
    ("~attempt", V::Other),
    ("try", V::Other),
    ("seek", V::Other),
    ("identify", V::Report),
    ("determine", V::Other),
    ("~design", V::Other),
    ("overexpress", V::Other),
    ("generate", V::Other),
    ("purify", V::Other),
    ("~label", V::Other),
    ("~stain", V::Other),
    ("~incubate", V::Other),
    ("~associate", V::Other),
    ("ensure", V::Other),
    ("develop", V::Other),
    ("~overcome", V::Other),
    ("~enter", V::Other),
    ("~accumulate", V::Other),
    ("know", V::Other),
    ("believe", V::Other),
    ("think", V::Other),
    ("~fail", V::Other),
    ("~lack", V::Other),
    ("warrant", V::Other),
    ("depict", V::Other),
    ("characterize", V::Other),
    ("~encode", V::Other),
    ("~deliver", V::Other),
    ("~transfer", V::Other),
    ("~respond", V::Other),
    ("~change", V::Other),
    ("~compare", V::Other),
    ("correlate", V::Other),
    ("~link", V::Other),
    // Research verbs, so "power to detect variations affecting X" is no
    // noun phrase "detect ... variations".
    ("detect", V::Other),
    ("quantify", V::Other),
    ("predict", V::Other),
    ("calculate", V::Other),
    ("explain", V::Other),
    ("~estimate", V::Other),
];

/// Irregular forms: (form, lemma, which form).
const IRREGULAR: &[(&str, &str, Form)] = &[
    ("is", "be", Form::Third),
    ("are", "be", Form::Base),
    ("am", "be", Form::Base),
    ("was", "be", Form::Past),
    ("were", "be", Form::Past),
    ("been", "be", Form::Past),
    ("being", "be", Form::Ing),
    ("has", "have", Form::Third),
    ("had", "have", Form::Past),
    ("does", "do", Form::Third),
    ("did", "do", Form::Past),
    ("done", "do", Form::Past),
    ("shown", "show", Form::Past),
    ("found", "find", Form::Past),
    ("bound", "bind", Form::Past),
    ("led", "lead", Form::Past),
    ("made", "make", Form::Past),
    ("taken", "take", Form::Past),
    ("took", "take", Form::Past),
    ("given", "give", Form::Past),
    ("gave", "give", Form::Past),
    ("driven", "drive", Form::Past),
    ("drove", "drive", Form::Past),
    ("became", "become", Form::Past),
    ("known", "know", Form::Past),
    ("knew", "know", Form::Past),
    ("thought", "think", Form::Past),
    ("sought", "seek", Form::Past),
    ("tried", "try", Form::Past),
    ("overcame", "overcome", Form::Past),
    ("shed", "shed", Form::Past),
    ("proven", "prove", Form::Past),
];

/// Relation nominalizations (and a few nouns of the same meaning).
const NOMINALS: &[(&str, RelationKind)] = &[
    ("secretion", R::Secretion),
    ("release", R::Secretion),
    ("production", R::Secretion),
    ("activation", R::Activation),
    ("promotion", R::Activation),
    ("induction", R::Activation),
    ("stimulation", R::Activation),
    ("enhancement", R::Activation),
    ("inhibition", R::Inhibition),
    ("suppression", R::Inhibition),
    ("blockade", R::Inhibition),
    ("repression", R::Inhibition),
    ("attenuation", R::Inhibition),
    ("prevention", R::Inhibition),
    ("degradation", R::Degradation),
    ("breakdown", R::Degradation),
    ("digestion", R::Degradation),
    ("differentiation", R::Differentiation),
    ("transdifferentiation", R::Differentiation),
    ("polarization", R::Polarization),
    ("polarisation", R::Polarization),
    ("regulation", R::Regulation),
    ("modulation", R::Regulation),
    ("upregulation", R::Increase),
    ("up-regulation", R::Increase),
    ("increase", R::Increase),
    ("elevation", R::Increase),
    ("downregulation", R::Decrease),
    ("down-regulation", R::Decrease),
    ("decrease", R::Decrease),
    ("reduction", R::Decrease),
    ("depletion", R::Decrease),
    ("binding", R::Binding),
];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "that", "their", "its", "our", "his", "her",
    "each", "every", "some", "any", "all", "both", "several", "many", "most", "such", "no",
    "other", "another", "various", "multiple", "certain",
];

const PREPOSITIONS: &[&str] = &[
    "of",
    "in",
    "on",
    "by",
    "with",
    "through",
    "via",
    "to",
    "for",
    "from",
    "toward",
    "towards",
    "into",
    "at",
    "among",
    "between",
    "within",
    "across",
    "after",
    "before",
    "during",
    "under",
    "over",
    "against",
    "without",
    "upon",
    "onto",
    "throughout",
    "than",
    "like",
    "per",
    "despite",
    "beyond",
    "along",
    "around",
    "about",
    "following",
    "including",
    "regarding",
    "versus",
    "vs",
];

const PRONOUNS: &[&str] = &[
    "it",
    "they",
    "them",
    "us",
    "we",
    "i",
    "he",
    "she",
    "you",
    "itself",
    "themselves",
    "one",
];

const MODALS: &[&str] = &[
    "may", "might", "can", "could", "will", "would", "should", "must", "shall", "cannot",
];

const SUBORDINATORS: &[&str] = &[
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "whereby",
    "where",
    "when",
    "while",
    "whereas",
    "although",
    "though",
    "because",
    "since",
    "if",
    "unless",
    "whether",
    "thereby",
    "thus",
    "hence",
    "therefore",
    "however",
    "moreover",
    "furthermore",
    "additionally",
];

struct Lexicon {
    verbs: HashMap<String, Verb>,
    nominals: HashMap<&'static str, RelationKind>,
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn inflect(lemma: &str, double: bool) -> [(String, Form); 4] {
    let b = lemma.as_bytes();
    let last = b[b.len() - 1];
    let stem_y = b.len() > 1 && last == b'y' && !is_vowel(b[b.len() - 2]);
    let third = if lemma.ends_with('s')
        || lemma.ends_with('x')
        || lemma.ends_with('z')
        || lemma.ends_with("ch")
        || lemma.ends_with("sh")
    {
        format!("{lemma}es")
    } else if stem_y {
        format!("{}ies", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}s")
    };
    let (past, ing) = if double {
        let d = last as char;
        (format!("{lemma}{d}ed"), format!("{lemma}{d}ing"))
    } else if last == b'e' {
        let ing = if lemma.ends_with("ee") || lemma.ends_with("ye") || lemma.ends_with("oe") {
            format!("{lemma}ing")
        } else {
            format!("{}ing", &lemma[..lemma.len() - 1])
        };
        (format!("{lemma}d"), ing)
    } else if stem_y {
        (
            format!("{}ied", &lemma[..lemma.len() - 1]),
            format!("{lemma}ing"),
        )
    } else {
        (format!("{lemma}ed"), format!("{lemma}ing"))
    };
    [
        (lemma.to_owned(), Form::Base),
        (third, Form::Third),
        (past, Form::Past),
        (ing, Form::Ing),
    ]
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut verbs = HashMap::new();
        let mut classes: HashMap<&str, (VerbClass, bool)> = HashMap::new();
        for &(entry, class) in VERBS {
            let also_noun = entry.contains('~');
            let double = entry.contains('*');
            let lemma = entry.trim_start_matches(['~', '*']);
            classes.entry(lemma).or_insert((class, also_noun));
            for (word, form) in inflect(lemma, double) {
                verbs.entry(word).or_insert(Verb {
                    lemma,
                    form,
                    class,
                    also_noun,
                });
            }
        }
        for &(word, lemma, form) in IRREGULAR {
            let (class, also_noun) = classes.get(lemma).copied().unwrap_or((V::Other, false));
            verbs.insert(
                word.to_owned(),
                Verb {
                    lemma,
                    form,
                    class,
                    also_noun,
                },
            );
        }
        // Lemmas whose bare form is also a noun ("release"): its plural is
        // the third-person form, so both stay ambiguous.
        let nominals = NOMINALS.iter().copied().collect();
        Lexicon { verbs, nominals }
    })
}

/// The verb reading of a lowercase word, if it has one.
pub fn verb(lower: &str) -> Option<Verb> {
    lexicon().verbs.get(lower).copied()
}

/// The relation a nominalization expresses ("inhibition" → inhibition).
pub fn nominal(lower: &str) -> Option<RelationKind> {
    lexicon().nominals.get(lower).copied()
}

pub fn is_determiner(lower: &str) -> bool {
    DETERMINERS.contains(&lower)
}

pub fn is_preposition(lower: &str) -> bool {
    PREPOSITIONS.contains(&lower)
}

/// A pronoun that can only be a subject ("we", "they"): a clause starts
/// at it, and no noun phrase runs through it.
pub fn is_subject_pronoun(lower: &str) -> bool {
    matches!(lower, "we" | "they" | "i" | "he" | "she")
}

pub fn is_pronoun(lower: &str) -> bool {
    PRONOUNS.contains(&lower)
}

pub fn is_modal(lower: &str) -> bool {
    MODALS.contains(&lower)
}

pub fn is_subordinator(lower: &str) -> bool {
    SUBORDINATORS.contains(&lower)
}

pub fn is_coordinator(lower: &str) -> bool {
    matches!(lower, "and" | "or" | "but" | "nor" | "and/or")
}

/// Adverbs that may sit inside a verb group ("effectively restore").
pub fn is_adverb(lower: &str) -> bool {
    (lower.len() > 4
        && lower.ends_with("ly")
        && !matches!(
            lower,
            "only" | "supply" | "family" | "assembly" | "early" | "poly" | "anomaly"
        ))
        || matches!(
            lower,
            "also"
                | "further"
                | "not"
                | "still"
                | "often"
                | "then"
                | "thus"
                | "even"
                | "never"
                | "already"
                | "yet"
                | "both"
                | "either"
                | "neither"
                | "well"
                | "partly"
                | "only"
                | "perhaps"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(word: &str, expect: Option<(&str, Form)>) {
        assert_eq!(
            verb(word).map(|v| (v.lemma, v.form)),
            expect,
            "verb reading of {word:?}"
        );
    }

    #[test]
    fn inflections() {
        check("secretes", Some(("secrete", Form::Third)));
        check("secreting", Some(("secrete", Form::Ing)));
        check("inhibited", Some(("inhibit", Form::Past)));
        check("suppresses", Some(("suppress", Form::Third)));
        check("controlled", Some(("control", Form::Past)));
        check("modifies", None);
        check("amplifies", Some(("amplify", Form::Third)));
        check("bound", Some(("bind", Form::Past)));
        check("is", Some(("be", Form::Third)));
        check("hepatocyte", None);
    }

    #[test]
    fn relation_classes() {
        assert_eq!(
            verb("secreting").map(|v| v.class),
            Some(VerbClass::Relation(R::Secretion))
        );
        assert_eq!(
            verb("summarizes").map(|v| v.class),
            Some(VerbClass::Discourse)
        );
        assert_eq!(nominal("inhibition"), Some(R::Inhibition));
        assert!(verb("increase").is_some_and(|v| v.also_noun));
    }
}
