//! Entity scores: mention precision, recall and F1 per type, strict (same
//! span and type; for BC2GM, any accepted alternative span) and overlapping
//! (spans share a character), and normalization scores on document-level
//! concept sets (the measure of NCBI Disease and BC5CDR): per document, the
//! set of identifiers of a type found versus the set in the gold.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use briefing_model::{Entity, EntityType};
use serde::Serialize;

use crate::corpus::{GoldDoc, GoldMention};

/// A predicted mention.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Predicted {
    pub start: usize,
    pub end: usize,
    pub kind: EntityType,
    pub ids: Vec<String>,
}

impl Predicted {
    /// The mentions among a document's entities (those with offsets).
    pub fn from_entities(entities: &[Entity]) -> Vec<Predicted> {
        entities
            .iter()
            .filter_map(|e| {
                Some(Predicted {
                    start: e.start?,
                    end: e.end?,
                    kind: e.kind,
                    ids: e.ids.clone(),
                })
            })
            .collect()
    }
}

/// Counts behind a precision/recall/F1 triple. For overlapping matches the
/// true positives differ by side, so both are kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Predictions that match.
    pub tp_predicted: usize,
    /// Gold items that are matched.
    pub tp_gold: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp_predicted, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp_gold, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.tp_predicted += o.tp_predicted;
        self.tp_gold += o.tp_gold;
        self.predicted += o.predicted;
        self.gold += o.gold;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Scores of one type.
#[derive(Debug, Clone, Serialize)]
pub struct TypeScores {
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub strict: Counts,
    pub overlap: Counts,
    /// `None` when the gold of this type carries no identifiers.
    pub concept: Option<Counts>,
}

/// Scores of a corpus.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub documents: usize,
    pub types: Vec<TypeScores>,
}

/// Options of [`score`].
#[derive(Debug, Clone, Default)]
pub struct ScoreOptions {
    /// Types to score; empty means the types present in the gold.
    pub types: Vec<EntityType>,
}

/// The types scored: those asked for, or those of the gold.
fn scored_types(gold: &[GoldDoc], opts: &ScoreOptions) -> Vec<EntityType> {
    if opts.types.is_empty() {
        let set: BTreeSet<EntityType> = gold
            .iter()
            .flat_map(|d| d.mentions.iter().map(|m| m.kind))
            .collect();
        set.into_iter()
            .filter(|t| *t != EntityType::Other)
            .collect()
    } else {
        opts.types.clone()
    }
}

/// A document's gold and predicted mentions of type `t`.
fn of_type<'a>(
    g: &'a GoldDoc,
    p: &'a [Predicted],
    t: EntityType,
) -> (Vec<&'a GoldMention>, Vec<&'a Predicted>) {
    (
        g.mentions.iter().filter(|m| m.kind == t).collect(),
        p.iter().filter(|m| m.kind == t).collect(),
    )
}

/// Scores predictions (one list per gold document, in the same order).
pub fn score(gold: &[GoldDoc], predicted: &[Vec<Predicted>], opts: &ScoreOptions) -> Report {
    let types = scored_types(gold, opts);
    let mut out = Vec::new();
    for &t in &types {
        let mut strict = Counts::default();
        let mut overlap = Counts::default();
        let mut concept = Counts::default();
        let mut has_ids = false;
        // Predicted identifiers count in the gold's identifier spaces only
        // (a disease's MONDO cross-reference is no error against MeSH gold).
        let spaces: BTreeSet<String> = gold
            .iter()
            .flat_map(|g| g.mentions.iter().filter(|m| m.kind == t))
            .flat_map(|m| m.ids.iter())
            .map(|i| id_space(&canonical_id(i)).to_owned())
            .collect();
        for (g, p) in gold.iter().zip(predicted) {
            let (gm, pm) = of_type(g, p, t);
            strict.add(strict_counts(&gm, &pm));
            overlap.add(overlap_counts(&gm, &pm));
            let gids: BTreeSet<String> = gm
                .iter()
                .flat_map(|m| m.ids.iter())
                .map(|i| canonical_id(i))
                .filter(|i| !i.is_empty())
                .collect();
            has_ids |= !gids.is_empty();
            let pids: BTreeSet<String> = pm
                .iter()
                .flat_map(|m| m.ids.iter())
                .map(|i| canonical_id(i))
                .filter(|i| !i.is_empty() && spaces.contains(id_space(i)))
                .collect();
            let inter = gids.intersection(&pids).count();
            concept.add(Counts {
                tp_predicted: inter,
                tp_gold: inter,
                predicted: pids.len(),
                gold: gids.len(),
            });
        }
        out.push(TypeScores {
            kind: t,
            strict,
            overlap,
            concept: has_ids.then_some(concept),
        });
    }
    Report {
        documents: gold.len(),
        types: out,
    }
}

/// Identifiers compared in one form: `D003920` and `MESH:D003920` alike,
/// `-1` and `-` as none.
pub fn canonical_id(id: &str) -> String {
    let id = id.trim();
    if id.is_empty() || id == "-1" || id == "-" {
        return String::new();
    }
    let bare = id
        .strip_prefix("MESH:")
        .or_else(|| id.strip_prefix("MeSH:"))
        .unwrap_or(id);
    let is_mesh = bare.len() > 1
        && matches!(bare.as_bytes()[0], b'C' | b'D')
        && bare[1..].bytes().all(|b| b.is_ascii_digit());
    if is_mesh {
        format!("MESH:{bare}")
    } else {
        id.to_owned()
    }
}

/// `MESH` of `MESH:D003920`, `CVCL` of `CVCL_5792`.
fn id_space(id: &str) -> &str {
    id.split([':', '_']).next().unwrap_or("")
}

/// The strict matching of one document and type: which gold mentions are
/// matched, and each distinct predicted span with whether it matched.
struct StrictMatching {
    gold_matched: Vec<bool>,
    predicted: Vec<((usize, usize), bool)>,
}

fn strict_matching(gold: &[&GoldMention], pred: &[&Predicted]) -> StrictMatching {
    let mut used = vec![false; gold.len()];
    let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut predicted = Vec::new();
    for p in pred {
        // The same span predicted twice (two readings) counts once.
        if !seen.insert((p.start, p.end)) {
            continue;
        }
        let hit = gold.iter().enumerate().find(|(i, g)| {
            !used[*i]
                && ((g.start, g.end) == (p.start, p.end)
                    || g.alternatives.contains(&(p.start, p.end)))
        });
        if let Some((i, _)) = hit {
            used[i] = true;
        }
        predicted.push(((p.start, p.end), hit.is_some()));
    }
    StrictMatching {
        gold_matched: used,
        predicted,
    }
}

fn strict_counts(gold: &[&GoldMention], pred: &[&Predicted]) -> Counts {
    let m = strict_matching(gold, pred);
    let tp = m.predicted.iter().filter(|(_, hit)| *hit).count();
    Counts {
        tp_predicted: tp,
        tp_gold: tp,
        predicted: m.predicted.len(),
        gold: gold.len(),
    }
}

/// A strict error: a predicted span that no gold mention of its type has,
/// or a gold mention that no prediction of its type has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionError {
    /// The document's identifier.
    pub document: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// `FP` (predicted, not in the gold) or `FN` (in the gold, missed).
    pub error: &'static str,
    pub start: usize,
    pub end: usize,
    /// Whether the span overlaps a mention of the same type on the other
    /// side: a boundary error rather than a spurious or missed mention.
    pub boundary: bool,
    /// The span's text.
    pub text: String,
}

/// Every strict error, by document (in corpus order), then span, then type.
pub fn errors(
    gold: &[GoldDoc],
    predicted: &[Vec<Predicted>],
    opts: &ScoreOptions,
) -> Vec<MentionError> {
    let types = scored_types(gold, opts);
    let mut out = Vec::new();
    for (g, p) in gold.iter().zip(predicted) {
        let mut doc_errors = Vec::new();
        for &t in &types {
            let (gm, pm) = of_type(g, p, t);
            let m = strict_matching(&gm, &pm);
            let error = |error, (start, end): (usize, usize), boundary| MentionError {
                document: g.doc.id.clone(),
                kind: t,
                error,
                start,
                end,
                boundary,
                text: g.doc.text.get(start..end).unwrap_or("").to_owned(),
            };
            for &(span, hit) in &m.predicted {
                if !hit {
                    let boundary = gm.iter().any(|x| gold_overlaps(x, span));
                    doc_errors.push(error("FP", span, boundary));
                }
            }
            for (x, hit) in gm.iter().zip(&m.gold_matched) {
                if !hit {
                    let boundary = pm.iter().any(|p| gold_overlaps(x, (p.start, p.end)));
                    doc_errors.push(error("FN", (x.start, x.end), boundary));
                }
            }
        }
        doc_errors.sort_by_key(|e| (e.start, e.end, e.kind, e.error));
        out.extend(doc_errors);
    }
    out
}

/// Errors as TSV with a header line. In the document identifier and the
/// span's text, control characters (tabs, line breaks) and the Unicode line
/// and paragraph separators become spaces, so a row is one line.
pub fn errors_tsv(errors: &[MentionError]) -> String {
    let field = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                    ' '
                } else {
                    c
                }
            })
            .collect()
    };
    let mut out = String::from("document\ttype\terror\tstart\tend\tboundary\ttext\n");
    for e in errors {
        // Writing to a `String` cannot fail.
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            field(&e.document),
            e.kind.as_str(),
            e.error,
            e.start,
            e.end,
            if e.boundary { "yes" } else { "no" },
            field(&e.text)
        );
    }
    out
}

/// Whether a gold mention, or one of its accepted alternatives, shares a
/// character with the span `(start, end)`.
fn gold_overlaps(g: &GoldMention, (start, end): (usize, usize)) -> bool {
    (g.start < end && start < g.end) || g.alternatives.iter().any(|a| a.0 < end && start < a.1)
}

fn overlap_counts(gold: &[&GoldMention], pred: &[&Predicted]) -> Counts {
    let spans: BTreeSet<(usize, usize)> = pred.iter().map(|p| (p.start, p.end)).collect();
    let tp_p = spans
        .iter()
        .filter(|&&span| gold.iter().any(|g| gold_overlaps(g, span)))
        .count();
    let tp_g = gold
        .iter()
        .filter(|g| pred.iter().any(|p| gold_overlaps(g, (p.start, p.end))))
        .count();
    Counts {
        tp_predicted: tp_p,
        tp_gold: tp_g,
        predicted: spans.len(),
        gold: gold.len(),
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{} documents", self.documents)?;
        writeln!(
            f,
            "{:<10} {:>6} {:>6} | {:>6} {:>6} {:>6} | {:>6} {:>6} {:>6} | {:>6} {:>6} {:>6}",
            "type", "gold", "pred", "P", "R", "F1", "oP", "oR", "oF1", "cP", "cR", "cF1"
        )?;
        for t in &self.types {
            write!(
                f,
                "{:<10} {:>6} {:>6} | {:>6.4} {:>6.4} {:>6.4} | {:>6.4} {:>6.4} {:>6.4} |",
                t.kind.as_str(),
                t.strict.gold,
                t.strict.predicted,
                t.strict.precision(),
                t.strict.recall(),
                t.strict.f1(),
                t.overlap.precision(),
                t.overlap.recall(),
                t.overlap.f1(),
            )?;
            match &t.concept {
                Some(c) => writeln!(
                    f,
                    " {:>6.4} {:>6.4} {:>6.4}",
                    c.precision(),
                    c.recall(),
                    c.f1()
                )?,
                None => writeln!(f, " {:>6} {:>6} {:>6}", "-", "-", "-")?,
            }
        }
        writeln!(
            f,
            "P/R/F1: strict mentions; oP/oR/oF1: overlapping mentions; cP/cR/cF1: document-level concepts"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use briefing_model::Document;

    fn gold(ms: &[(usize, usize, EntityType, &str)]) -> GoldDoc {
        GoldDoc {
            doc: Document::new("d"),
            mentions: ms
                .iter()
                .map(|(s, e, k, id)| GoldMention {
                    start: *s,
                    end: *e,
                    kind: *k,
                    ids: if id.is_empty() {
                        vec![]
                    } else {
                        vec![(*id).to_owned()]
                    },
                    alternatives: vec![],
                })
                .collect(),
        }
    }

    fn pred(ms: &[(usize, usize, EntityType, &str)]) -> Vec<Predicted> {
        ms.iter()
            .map(|(s, e, k, id)| Predicted {
                start: *s,
                end: *e,
                kind: *k,
                ids: vec![(*id).to_owned()],
            })
            .collect()
    }

    fn check(g: GoldDoc, p: Vec<Predicted>, expect: &str) {
        let r = score(&[g], &[p], &ScoreOptions::default());
        let got: Vec<String> = r
            .types
            .iter()
            .map(|t| {
                let c = t.concept.map_or("-".to_owned(), |c| {
                    format!("{}/{}/{}", c.tp_gold, c.predicted, c.gold)
                });
                format!(
                    "{} strict {}/{}/{} overlap {}+{}/{}/{} concept {}",
                    t.kind,
                    t.strict.tp_gold,
                    t.strict.predicted,
                    t.strict.gold,
                    t.overlap.tp_predicted,
                    t.overlap.tp_gold,
                    t.overlap.predicted,
                    t.overlap.gold,
                    c
                )
            })
            .collect();
        assert_eq!(got.join("; "), expect);
    }

    #[test]
    fn strict_overlap_and_concepts() {
        use EntityType::{Chemical, Disease};
        check(
            gold(&[
                (0, 10, Disease, "D001"),
                (20, 30, Disease, "MESH:D002"),
                (40, 45, Chemical, "D009"),
            ]),
            pred(&[
                (0, 10, Disease, "MESH:D001"),
                (22, 30, Disease, "MESH:D003"),
                (50, 55, Disease, "MONDO:0001"),
            ]),
            "Disease strict 1/3/2 overlap 2+2/3/2 concept 1/2/2; Chemical strict 0/0/1 overlap 0+0/0/1 concept 0/0/1",
        );
        assert_eq!(canonical_id("D003920"), "MESH:D003920");
        let mut g = gold(&[(0, 13, Disease, "D001"), (15, 25, Disease, "D002")]);
        g.doc.text = "liver disease, cirr\thosis and liver".into();
        let p = pred(&[
            (0, 13, Disease, ""),
            (17, 25, Disease, ""),
            (30, 35, Disease, ""),
        ]);
        let tsv = errors_tsv(&errors(&[g], &[p], &ScoreOptions::default()));
        assert_eq!(
            tsv,
            "document\ttype\terror\tstart\tend\tboundary\ttext\n\
             d\tDisease\tFN\t15\t25\tyes\tcirr hosis\n\
             d\tDisease\tFP\t17\t25\tyes\trr hosis\n\
             d\tDisease\tFP\t30\t35\tno\tliver\n"
        );
        // A prediction overlapping only a gold mention's accepted
        // alternative (BC2GM) is a boundary error too.
        let mut g = gold(&[(10, 13, Disease, "")]);
        g.mentions[0].alternatives = vec![(6, 13)];
        g.doc.text = "liver disease, cirr\thosis and liver".into();
        let found = errors(
            &[g],
            &[pred(&[(4, 8, Disease, "")])],
            &ScoreOptions::default(),
        );
        assert!(found.iter().all(|e| e.boundary), "{found:?}");
        assert_eq!(found.len(), 2);
        assert_eq!(canonical_id("OMIM:222100"), "OMIM:222100");
        assert_eq!(canonical_id("-1"), "");
    }
}
