//! Training of the entity model from annotated corpora: one tagger per
//! group of types, and the names training annotators gave identifiers.
//!
//! Only training splits are read; development splits stay for measurement.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use briefing_annotator::entities::{
    self, ClassOptions, EntityModel, Example, Span, TrainOptions, WordClasses,
};
use briefing_lexicon::Lexicon;
use briefing_model::EntityType;

use crate::corpus::{CorpusError, CorpusFormat, GoldDoc, read_corpus};

/// A tagger to train: its types and the corpora (relative to the corpora
/// root) whose mentions of those types it learns.
#[derive(Debug, Clone)]
pub struct Group {
    pub name: &'static str,
    pub types: Vec<EntityType>,
    pub corpora: Vec<(&'static str, CorpusFormat)>,
}

/// The groups of the shipped model. Cell lines have no training corpus and
/// come from the lexicon.
pub fn default_groups() -> Vec<Group> {
    use CorpusFormat::*;
    use EntityType::*;
    vec![
        Group {
            name: "disease",
            types: vec![Disease],
            corpora: vec![
                ("ncbi-disease/train.pubtator.txt", Pubtator),
                ("bc5cdr/train.pubtator.txt", Pubtator),
            ],
        },
        Group {
            name: "chemical",
            types: vec![Chemical],
            corpora: vec![("bc5cdr/train.pubtator.txt", Pubtator)],
        },
        Group {
            name: "gene",
            types: vec![Gene],
            corpora: vec![("bc2gm/train", Bc2gm)],
        },
        Group {
            name: "species",
            types: vec![Species],
            corpora: vec![("linnaeus/train.iob.tsv", Iob)],
        },
        Group {
            name: "cell type",
            types: vec![CellType],
            corpora: vec![("craft/train", Craft)],
        },
    ]
}

/// Corpora whose identifiers are mined, with the types mined from each, in
/// order of trust: a name keeps the identifiers of the first corpus that has
/// it. CRAFT gives cell types and species only: its genes are PR classes and
/// its chemicals and diseases ChEBI and MONDO, not the identifier spaces of
/// the mentions' usual readers.
pub fn name_sources() -> Vec<(&'static str, CorpusFormat, Vec<EntityType>)> {
    use EntityType::*;
    vec![
        (
            "ncbi-disease/train.pubtator.txt",
            CorpusFormat::Pubtator,
            vec![Disease],
        ),
        (
            "bc5cdr/train.pubtator.txt",
            CorpusFormat::Pubtator,
            vec![Disease, Chemical],
        ),
        ("craft/train", CorpusFormat::Craft, vec![CellType, Species]),
    ]
}

/// What happened during training, for the user.
#[derive(Debug, Clone)]
pub enum Progress {
    Read {
        corpus: PathBuf,
        documents: usize,
    },
    Classes {
        texts: usize,
        words: usize,
    },
    Group {
        name: &'static str,
        examples: usize,
        tokens: usize,
        misaligned: usize,
    },
    Epoch {
        name: &'static str,
        epoch: usize,
        accuracy: f64,
    },
    Done {
        name: &'static str,
        features: usize,
    },
}

/// Training examples of `types` from gold documents: one per passage.
/// Returns the examples, and the number of mentions whose edges fell inside
/// a token.
pub fn examples(
    docs: &[GoldDoc],
    types: &[EntityType],
    lexicon: Option<&Lexicon>,
    classes: &WordClasses,
) -> (Vec<Example>, usize) {
    let mut out = Vec::new();
    let mut misaligned = 0;
    for g in docs {
        let text = g.doc.text.as_str();
        let ranges = entities::passages(&g.doc);
        let mut defs = Vec::new();
        for &(a, b) in &ranges {
            defs.extend(entities::definitions(text, a, b, lexicon));
        }
        for &(a, b) in &ranges {
            let mut toks = Vec::new();
            entities::tokens::tokenize_into(text, a, b, &mut toks);
            if toks.is_empty() {
                continue;
            }
            let spans: Vec<Span> = g
                .mentions
                .iter()
                .filter(|m| m.start >= a && m.end <= b && types.contains(&m.kind))
                .map(|m| Span {
                    start: m.start,
                    end: m.end,
                    kind: m.kind,
                })
                .collect();
            let (labels, mis) = entities::labels_of(types, &toks, &spans);
            misaligned += mis;
            let mut extra = entities::passage_features(text, a, b, &toks, lexicon, &defs);
            classes.add_features(text, &toks, &mut extra);
            out.push(Example::new(text, &toks, &extra, labels));
        }
    }
    (out, misaligned)
}

/// Mines `(type, normalized name)` → identifiers from gold mentions: the
/// identifier set given most often (ties: the smallest).
pub fn mine_names(
    docs: &[GoldDoc],
    kinds: &[EntityType],
    names: &mut BTreeMap<(EntityType, String), Vec<String>>,
) {
    let mut counts: BTreeMap<(EntityType, String), BTreeMap<Vec<String>, usize>> = BTreeMap::new();
    for g in docs {
        for m in &g.mentions {
            if m.ids.is_empty() || !kinds.contains(&m.kind) {
                continue;
            }
            let key = entities::name_key(&g.doc.text[m.start..m.end]);
            if key.is_empty() {
                continue;
            }
            *counts
                .entry((m.kind, key))
                .or_default()
                .entry(m.ids.clone())
                .or_default() += 1;
        }
    }
    for (k, by_ids) in counts {
        if names.contains_key(&k) {
            continue;
        }
        let best = by_ids
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(ids, _)| ids.clone());
        if let Some(ids) = best {
            names.insert(k, ids);
        }
    }
}

/// Trains the entity model from the corpora under `root`.
pub fn train_model(
    root: &Path,
    groups: &[Group],
    lexicon: Option<&Lexicon>,
    opts: TrainOptions,
    mut progress: impl FnMut(Progress),
) -> Result<EntityModel, CorpusError> {
    let mut cache: BTreeMap<&'static str, Vec<GoldDoc>> = BTreeMap::new();
    fn load(
        cache: &mut BTreeMap<&'static str, Vec<GoldDoc>>,
        root: &Path,
        rel: &'static str,
        f: CorpusFormat,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(), CorpusError> {
        if !cache.contains_key(rel) {
            let path = root.join(rel);
            let docs = read_corpus(&path, Some(f))?;
            progress(Progress::Read {
                corpus: path,
                documents: docs.len(),
            });
            cache.insert(rel, docs);
        }
        Ok(())
    }
    // Word classes from the running text of every training corpus.
    let mut sources: Vec<(&'static str, CorpusFormat)> = Vec::new();
    for g in groups {
        for &c in &g.corpora {
            if !sources.contains(&c) {
                sources.push(c);
            }
        }
    }
    for &(rel, f) in &sources {
        load(&mut cache, root, rel, f, &mut progress)?;
    }
    let texts: Vec<&str> = sources
        .iter()
        .flat_map(|(rel, _)| &cache[rel])
        .flat_map(|g| {
            entities::passages(&g.doc)
                .into_iter()
                .filter_map(move |(a, b)| g.doc.text.get(a..b))
        })
        .collect();
    let classes = WordClasses::learn(texts.iter().copied(), ClassOptions::default());
    progress(Progress::Classes {
        texts: texts.len(),
        words: classes.len(),
    });
    drop(texts);
    let mut taggers = Vec::new();
    let mut described = Vec::new();
    for g in groups {
        let mut exs = Vec::new();
        let mut mis = 0;
        for &(rel, f) in &g.corpora {
            load(&mut cache, root, rel, f, &mut progress)?;
            let (e, m) = examples(&cache[rel], &g.types, lexicon, &classes);
            exs.extend(e);
            mis += m;
        }
        let tokens = exs.iter().map(Example::len).sum();
        progress(Progress::Group {
            name: g.name,
            examples: exs.len(),
            tokens,
            misaligned: mis,
        });
        let name = g.name;
        let t = entities::train(&g.types, &exs, opts, |epoch, accuracy| {
            progress(Progress::Epoch {
                name,
                epoch,
                accuracy,
            })
        });
        progress(Progress::Done {
            name,
            features: t.n_features(),
        });
        described.push(format!(
            "{} ({})",
            g.name,
            g.corpora.iter().map(|c| c.0).collect::<Vec<_>>().join(", ")
        ));
        taggers.push(t);
    }
    let mut names = BTreeMap::new();
    for (rel, f, kinds) in name_sources() {
        if root.join(rel).exists() {
            load(&mut cache, root, rel, f, &mut progress)?;
            mine_names(&cache[rel], &kinds, &mut names);
        }
    }
    let description = format!(
        "averaged perceptron, {} epochs; {} word classes from the training texts; taggers: {}; names mined from: {}",
        opts.epochs,
        classes.len(),
        described.join("; "),
        name_sources()
            .iter()
            .map(|s| s.0)
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(EntityModel::new(taggers, names, classes, description))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped entity model is what `briefing train entities` gives
    /// from the training splits and the shipped lexicon today: the taggers
    /// read lexicon matches as features, so a lexicon change (names, stop
    /// list, variants) fails here until the model is retrained.
    #[test]
    fn shipped_model_is_what_training_gives() {
        let Some(root) = crate::shared_dir().map(|d| d.join("corpora")) else {
            return;
        };
        let lexicon = Lexicon::default_lexicon().expect("the default lexicon compiles");
        let model = train_model(
            &root,
            &default_groups(),
            Some(&lexicon),
            TrainOptions::default(),
            |_| {},
        )
        .expect("the training corpora read");
        let shipped: &[u8] = include_bytes!("../../annotator/models/entities.bin.zst");
        assert!(
            model.to_bytes() == shipped,
            "crates/annotator/models/entities.bin.zst is stale: retrain it with `briefing train entities \
             --corpora ../shared/corpora -o crates/annotator/models/entities.bin.zst`"
        );
    }
}
