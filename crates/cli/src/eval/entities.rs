//! `briefing eval entities`.

use std::process::ExitCode;

use anyhow::{Context, bail};
use briefing_annotator::{Annotator, AnnotatorOptions, InputEntities};
use briefing_eval::corpus::{CorpusFormat, read_corpus};
use briefing_eval::entities::{Predicted, ScoreOptions, errors, errors_tsv, score};
use briefing_model::EntityType;
use rayon::prelude::*;

use crate::args::{CorpusFormatArg, EvalEntitiesArgs};

pub fn run(args: EvalEntitiesArgs) -> anyhow::Result<ExitCode> {
    let format = args.format.map(|f| match f {
        CorpusFormatArg::Pubtator => CorpusFormat::Pubtator,
        CorpusFormatArg::Bioc => CorpusFormat::Bioc,
        CorpusFormatArg::Craft => CorpusFormat::Craft,
        CorpusFormatArg::Iob => CorpusFormat::Iob,
        CorpusFormatArg::Bc2gm => CorpusFormat::Bc2gm,
    });
    let mut types = Vec::new();
    for t in &args.types {
        match EntityType::parse(t) {
            Some(k) => types.push(k),
            None => bail!(
                "unknown entity type {t:?} (Gene, Disease, Chemical, Species, CellLine, CellType)"
            ),
        }
    }
    let gold = read_corpus(&args.corpus, format)
        .with_context(|| format!("cannot read corpus {}", args.corpus.display()))?;
    let lexicon = super::open_lexicon(args.lexicon.as_deref())?;
    let model = super::open_model(args.model.as_deref())?;
    let annotator = Annotator::new()
        .with_options(AnnotatorOptions::default().with_entities(InputEntities::Replace))
        .with_lexicon(lexicon)
        .with_model(model);
    let predicted: Vec<Vec<Predicted>> = gold
        .par_iter()
        .map(|g| {
            let mut doc = g.doc.clone();
            doc.entities.clear();
            annotator.annotate(&mut doc);
            Predicted::from_entities(&doc.entities)
        })
        .collect();
    let opts = ScoreOptions { types };
    let report = score(&gold, &predicted, &opts);
    if let Some(path) = &args.errors {
        let found = errors(&gold, &predicted, &opts);
        crate::output::write_atomic(path, errors_tsv(&found).as_bytes())?;
        eprintln!("{} errors written to {}", found.len(), path.display());
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{}", args.corpus.display());
        print!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}
