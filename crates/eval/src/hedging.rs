//! Hedging and negation against BioScope: sentence-level speculation,
//! cue-level speculation and negation (exact cue spans), and scopes.
//!
//! The tuning/held-out split is by document: documents whose position in
//! their file is `2 mod 3` are held out ([`Split::HeldOut`]), the rest are
//! the tuning split the shipped cue model is trained on (BioScope's
//! abstracts and full papers: the two differ in style, and a model of
//! abstracts alone does not carry over to full papers).

use std::fmt;

use briefing_annotator::cues::{CueModel, Genre, TrainingSentence};
use briefing_model::CueKind;
use serde::Serialize;

use crate::bioscope::BioDoc;

/// Which documents of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Split {
    All,
    /// Every document but each third: what the shipped model is trained on.
    Tune,
    /// Each third document (position `2 mod 3`).
    HeldOut,
}

impl Split {
    pub fn keeps(&self, position: usize) -> bool {
        match self {
            Split::All => true,
            Split::Tune => position % 3 != 2,
            Split::HeldOut => position % 3 == 2,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Split::All => "all",
            Split::Tune => "tune",
            Split::HeldOut => "held-out",
        }
    }
}

/// The documents of a split.
pub fn select(docs: &[BioDoc], split: Split) -> Vec<&BioDoc> {
    docs.iter()
        .enumerate()
        .filter(|(i, _)| split.keeps(*i))
        .map(|(_, d)| d)
        .collect()
}

/// Counts and precision, recall, F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, gold: bool, predicted: bool) {
        match (gold, predicted) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => {}
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl fmt::Display for Prf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "P {:.3}  R {:.3}  F1 {:.3}  (tp {}, fp {}, fn {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.tp,
            self.fp,
            self.fn_
        )
    }
}

/// The scores of one split.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HedgingReport {
    pub split: String,
    pub documents: usize,
    pub sentences: usize,
    /// A sentence is speculative when it has at least one speculation cue.
    pub speculation_sentences: Prf,
    pub speculation_cues: Prf,
    pub negation_sentences: Prf,
    /// Exact cue spans.
    pub negation_cues: Prf,
    /// Token-level overlap of predicted and gold scopes for correctly found
    /// cues (both kinds).
    pub scope_tokens: Prf,
    /// Errors: `FP`/`FN`, then `spec`/`neg` with the sentence id, the cue
    /// in brackets and the sentence, or `spec-sentence` with the sentence id
    /// and the sentence (speculation missed or wrongly found at sentence
    /// level).
    #[serde(skip)]
    pub errors: Vec<String>,
}

impl fmt::Display for HedgingReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "split {}: {} documents, {} sentences",
            self.split, self.documents, self.sentences
        )?;
        writeln!(
            f,
            "  speculation, sentence level  {}",
            self.speculation_sentences
        )?;
        writeln!(
            f,
            "  speculation cues             {}",
            self.speculation_cues
        )?;
        writeln!(
            f,
            "  negation, sentence level     {}",
            self.negation_sentences
        )?;
        writeln!(f, "  negation cues                {}", self.negation_cues)?;
        writeln!(f, "  scope tokens (found cues)    {}", self.scope_tokens)
    }
}

/// Scores `model` on `docs`.
pub fn evaluate(model: &CueModel, docs: &[&BioDoc], split: Split) -> HedgingReport {
    let mut r = HedgingReport {
        split: split.as_str().to_owned(),
        documents: docs.len(),
        ..HedgingReport::default()
    };
    for d in docs {
        let genre = genre(d);
        for s in &d.sentences {
            r.sentences += 1;
            let predicted = model.find_in(&s.text, genre);
            let has = |kind: CueKind| predicted.iter().any(|c| c.kind == kind);
            r.speculation_sentences
                .add(s.is_speculative(), has(CueKind::Hedge));
            if s.is_speculative() != has(CueKind::Hedge) {
                let e = if s.is_speculative() { "FN" } else { "FP" };
                r.errors
                    .push(format!("{e} spec-sentence {} {}", s.id, s.text));
            }
            r.negation_sentences.add(
                s.cues.iter().any(|c| c.kind == CueKind::Negation),
                has(CueKind::Negation),
            );
            for (kind, prf) in [
                (CueKind::Hedge, &mut r.speculation_cues),
                (CueKind::Negation, &mut r.negation_cues),
            ] {
                let gold: Vec<(usize, usize)> = s
                    .cues
                    .iter()
                    .filter(|c| c.kind == kind)
                    .map(|c| trim(&s.text, c.start, c.end))
                    .collect();
                let pred: Vec<(usize, usize)> = predicted
                    .iter()
                    .filter(|c| c.kind == kind)
                    .map(|c| (c.start, c.end))
                    .collect();
                let k = if kind == CueKind::Hedge {
                    "spec"
                } else {
                    "neg"
                };
                for g in &gold {
                    prf.add(true, pred.contains(g));
                    if !pred.contains(g) {
                        r.errors.push(format!(
                            "FN {k} {} [{}] {}",
                            s.id,
                            &s.text[g.0..g.1],
                            s.text
                        ));
                    }
                }
                for p in &pred {
                    if !gold.contains(p) {
                        prf.fp += 1;
                        r.errors.push(format!(
                            "FP {k} {} [{}] {}",
                            s.id,
                            &s.text[p.0..p.1],
                            s.text
                        ));
                    }
                }
            }
            for c in &predicted {
                let Some(g) = s.cues.iter().find(|g| {
                    g.kind == c.kind && trim(&s.text, g.start, g.end) == (c.start, c.end)
                }) else {
                    continue;
                };
                let Some((gs, ge)) = g.scope else { continue };
                let (gs, ge) = trim(&s.text, gs, ge);
                for (a, b) in word_spans(&s.text) {
                    let in_gold = gs <= a && b <= ge;
                    let in_pred = c.scope_start <= a && b <= c.scope_end;
                    r.scope_tokens.add(in_gold, in_pred);
                }
            }
        }
    }
    r
}

/// A gold span without surrounding spaces and punctuation ("(not" → "not").
fn trim(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
    let tail = s.len() - s.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
    if lead + tail >= s.len() {
        (start, end)
    } else {
        (start + lead, end - tail)
    }
}

fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// The genre of a BioScope document (`Biological_full_article` or an
/// abstract).
pub fn genre(d: &BioDoc) -> Genre {
    if d.kind.contains("full_article") {
        Genre::FullText
    } else {
        Genre::Abstract
    }
}

/// Training sentences from documents.
pub fn training_sentences(docs: &[&BioDoc]) -> Vec<TrainingSentence> {
    docs.iter()
        .flat_map(|d| d.sentences.iter().map(move |s| (genre(d), s)))
        .map(|(genre, s)| TrainingSentence {
            text: s.text.clone(),
            genre,
            weight: 1,
            cues: s
                .cues
                .iter()
                .map(|c| {
                    let (a, b) = trim(&s.text, c.start, c.end);
                    (c.kind, a, b)
                })
                .collect(),
        })
        .collect()
}

/// How a cue model is trained: the same options for the shipped model
/// (`briefing train cues`) and for cross-validation (`briefing eval hedging
/// --cv`), so the figures of one predict the other.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrainOptions {
    /// Passes of the averaged perceptron.
    pub epochs: usize,
    /// Perceptrons, each shuffling the examples from its own seed, whose
    /// weights are averaged (see [`CueModel::train`]).
    pub seeds: usize,
    /// How many times each sentence of a full article is trained on: the
    /// abstracts outnumber the papers' sentences more than three to one,
    /// and full papers hedge differently.
    pub paper_weight: usize,
    /// Added to the speculation weight of the bias feature after training
    /// (see [`CueModel::shift_speculation_bias`]).
    pub spec_bias: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            seeds: 10,
            paper_weight: 2,
            spec_bias: 0.0,
        }
    }
}

/// Trains a model on `sentences` with `opts`.
fn train_with(sentences: &[TrainingSentence], opts: TrainOptions, note: &str) -> CueModel {
    let mut model = CueModel::train(sentences, opts.epochs, opts.seeds, note);
    model.shift_speculation_bias(opts.spec_bias);
    model
}

/// Training sentences from documents, each full article's repeated
/// `paper_weight` times.
fn weighted_sentences(docs: &[&BioDoc], opts: TrainOptions) -> Vec<TrainingSentence> {
    let mut out = Vec::new();
    for d in docs {
        let weight = if genre(d) == Genre::FullText {
            opts.paper_weight.max(1)
        } else {
            1
        };
        out.extend(
            training_sentences(&[d])
                .into_iter()
                .map(|s| TrainingSentence { weight, ..s }),
        );
    }
    out
}

/// Trains a cue model on the tuning split of each corpus (`(name,
/// documents)`; the names go into the model's note).
pub fn train(corpora: &[(String, Vec<BioDoc>)], opts: TrainOptions) -> CueModel {
    let mut sentences = Vec::new();
    let mut parts = Vec::new();
    for (name, docs) in corpora {
        let tune = select(docs, Split::Tune);
        let n = tune.iter().map(|d| d.sentences.len()).sum::<usize>();
        parts.push(format!("{name}: {} documents, {n} sentences", tune.len()));
        sentences.extend(weighted_sentences(&tune, opts));
    }
    let note = format!(
        "trained by `briefing train cues` ({} epochs, {} seeds, full papers weighted {}, speculation bias {}) on the tuning splits\n(documents at positions not 2 mod 3) of {}",
        opts.epochs,
        opts.seeds,
        opts.paper_weight,
        opts.spec_bias,
        parts.join("; ")
    );
    train_with(&sentences, opts, &note)
}

impl HedgingReport {
    /// Adds the counts of `other` (a disjoint set of documents).
    fn absorb(&mut self, other: HedgingReport) {
        self.documents += other.documents;
        self.sentences += other.sentences;
        for (a, b) in [
            (&mut self.speculation_sentences, other.speculation_sentences),
            (&mut self.speculation_cues, other.speculation_cues),
            (&mut self.negation_sentences, other.negation_sentences),
            (&mut self.negation_cues, other.negation_cues),
            (&mut self.scope_tokens, other.scope_tokens),
        ] {
            a.tp += b.tp;
            a.fp += b.fp;
            a.fn_ += b.fn_;
        }
        self.errors.extend(other.errors);
    }
}

/// Document-level cross-validation within the tuning splits: the tuning
/// documents of every corpus are dealt into `folds` folds (by position in
/// the split); for each fold a model is trained, with `opts`, on the other
/// folds of every corpus and tested on this fold. Returns one report per
/// corpus with the counts summed over the folds. The held-out splits are
/// neither trained nor tested on.
pub fn cross_validate(
    corpora: &[(String, Vec<BioDoc>)],
    folds: usize,
    opts: TrainOptions,
) -> Vec<HedgingReport> {
    let folds = folds.max(2);
    let tune: Vec<Vec<&BioDoc>> = corpora
        .iter()
        .map(|(_, docs)| select(docs, Split::Tune))
        .collect();
    let mut reports: Vec<HedgingReport> = corpora
        .iter()
        .map(|(name, _)| HedgingReport {
            split: format!("{name}: {folds}-fold cross-validation in tune"),
            ..HedgingReport::default()
        })
        .collect();
    for k in 0..folds {
        fn part<'a>(docs: &[&'a BioDoc], folds: usize, k: usize, test: bool) -> Vec<&'a BioDoc> {
            docs.iter()
                .enumerate()
                .filter(|(i, _)| (i % folds == k) == test)
                .map(|(_, d)| *d)
                .collect()
        }
        let mut sentences = Vec::new();
        for docs in &tune {
            sentences.extend(weighted_sentences(&part(docs, folds, k, false), opts));
        }
        let model = train_with(&sentences, opts, "cross-validation fold");
        for (r, docs) in reports.iter_mut().zip(&tune) {
            r.absorb(evaluate(&model, &part(docs, folds, k, true), Split::Tune));
        }
    }
    reports
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped model is what `briefing train cues` gives from BioScope
    /// today: a change to the tokens, word classes or features the model
    /// reads (shared with the claim parser) fails here until the model is
    /// retrained, instead of quietly shifting what the features mean.
    #[test]
    fn shipped_model_is_what_training_gives() {
        let Some(dir) = crate::shared_dir().map(|d| d.join("corpora/bioscope")) else {
            return;
        };
        let corpora: Vec<(String, Vec<BioDoc>)> = ["abstracts.dev.xml", "full_papers.xml"]
            .iter()
            .map(|name| {
                (
                    (*name).to_owned(),
                    crate::bioscope::read(&dir.join(name)).expect("BioScope reads"),
                )
            })
            .collect();
        let trained = train(&corpora, TrainOptions::default()).to_text();
        let shipped = include_str!("../../annotator/src/cues/cue-model.tsv");
        assert!(
            trained == shipped,
            "crates/annotator/src/cues/cue-model.tsv is stale: retrain it with `briefing train cues --corpus \
             ../shared/corpora/bioscope/abstracts.dev.xml --corpus ../shared/corpora/bioscope/full_papers.xml \
             -o crates/annotator/src/cues/cue-model.tsv`"
        );
    }

    /// The shipped cue model on BioScope documents it was not trained on.
    #[test]
    fn shipped_model_on_held_out_documents() {
        let Some(dir) = crate::shared_dir().map(|d| d.join("corpora/bioscope")) else {
            return;
        };
        let model = CueModel::shipped();
        let abstracts =
            crate::bioscope::read(&dir.join("abstracts.dev.xml")).expect("abstracts read");
        let r = evaluate(model, &select(&abstracts, Split::HeldOut), Split::HeldOut);
        assert!(
            r.speculation_sentences.f1() >= 0.90,
            "held-out abstracts:\n{r}"
        );
        assert!(r.negation_cues.f1() >= 0.93, "held-out abstracts:\n{r}");
        let papers = crate::bioscope::read(&dir.join("full_papers.xml")).expect("full papers read");
        let r = evaluate(model, &select(&papers, Split::HeldOut), Split::HeldOut);
        assert!(
            r.speculation_sentences.f1() >= 0.855,
            "held-out full papers:\n{r}"
        );
        assert!(r.negation_cues.f1() >= 0.89, "held-out full papers:\n{r}");
    }

    /// A one-sentence document with "may" as its speculation cue.
    fn doc(id: usize, text: &str) -> BioDoc {
        let cues = text
            .find("may")
            .map(|start| crate::bioscope::BioCue {
                kind: CueKind::Hedge,
                start,
                end: start + 3,
                scope_id: String::new(),
                scope: None,
            })
            .into_iter()
            .collect();
        BioDoc {
            id: id.to_string(),
            kind: "Biological_abstract".to_owned(),
            sentences: vec![crate::bioscope::BioSentence {
                id: format!("S{id}"),
                part: String::new(),
                text: text.to_owned(),
                cues,
            }],
        }
    }

    #[test]
    fn cross_validation_tests_every_tuning_document_once_and_no_held_out_one() {
        let texts = [
            "X may bind Y.",
            "In May we saw Y.",
            "Z may act on Y.",
            "W binds Y.",
            "V may bind Y.",
            "U acts on Y.",
        ];
        let docs: Vec<BioDoc> = (0..12).map(|i| doc(i, texts[i % texts.len()])).collect();
        let tune = select(&docs, Split::Tune).len();
        let reports = cross_validate(
            &[("toy".to_owned(), docs.clone())],
            2,
            TrainOptions::default(),
        );
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].documents, tune);
        assert_eq!(reports[0].sentences, tune);
        let s = reports[0].speculation_sentences;
        assert!(s.tp > 0, "'may' is learned from the other fold: {s}");
        assert!(s.tp + s.fp + s.fn_ <= tune);
        let again = cross_validate(&[("toy".to_owned(), docs)], 2, TrainOptions::default());
        assert_eq!(again[0].speculation_sentences, s, "deterministic");
    }

    #[test]
    fn prf() {
        let p = Prf {
            tp: 8,
            fp: 2,
            fn_: 2,
        };
        assert!((p.f1() - 0.8).abs() < 1e-9);
        assert_eq!(Prf::default().f1(), 0.0);
    }

    #[test]
    fn trimming_gold_cues() {
        assert_eq!(trim("a (not b", 2, 6), (3, 6));
        assert_eq!(trim("a not b", 2, 5), (2, 5));
    }

    #[test]
    fn splits_partition_the_documents() {
        for i in 0..20 {
            assert_ne!(Split::Tune.keeps(i), Split::HeldOut.keeps(i));
        }
    }
}
