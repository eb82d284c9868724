//! `briefing eval`: scores against annotated corpora, and `briefing train`.

mod claims;
mod entities;
pub mod hedging;
pub mod train;

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use briefing_annotator::{Annotator, AnnotatorOptions, EntityModel, InputEntities};
use briefing_lexicon::Lexicon;

use crate::args::{EntitiesArg, EvalArgs, EvalCommand};

pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        EvalCommand::Entities(a) => entities::run(a),
        EvalCommand::Hedging(a) => hedging::run(a),
        EvalCommand::Claims(a) => claims::run(a),
    }
}

/// The lexicon given on the command line, or the shipped default.
pub(crate) fn open_lexicon(path: Option<&Path>) -> anyhow::Result<Lexicon> {
    match path {
        Some(p) => Lexicon::open(p).with_context(|| format!("cannot open lexicon {}", p.display())),
        None => Lexicon::default_lexicon().context("cannot load the default lexicon"),
    }
}

/// The entity model given on the command line, or the shipped one.
pub(crate) fn open_model(path: Option<&Path>) -> anyhow::Result<EntityModel> {
    match path {
        Some(p) => {
            let bytes = std::fs::read(p)
                .with_context(|| format!("cannot read entity model {}", p.display()))?;
            EntityModel::from_bytes(&bytes)
                .with_context(|| format!("{}: not a usable entity model", p.display()))
        }
        None => EntityModel::shipped()
            .cloned()
            .map_err(|e| anyhow::anyhow!("the shipped entity model: {e}")),
    }
}

/// The annotator of `annotate` and `report`: the lexicon given with
/// `--lexicon` (or the shipped one), the shipped entity model, and what
/// `--entities` says about the input's annotations.
pub(crate) fn annotator(
    lexicon: Option<&Path>,
    entities: EntitiesArg,
) -> anyhow::Result<Annotator> {
    let entities = match entities {
        EntitiesArg::Keep => InputEntities::Keep,
        EntitiesArg::Replace => InputEntities::Replace,
        EntitiesArg::Merge => InputEntities::Merge,
    };
    Ok(Annotator::new()
        .with_options(AnnotatorOptions::default().with_entities(entities))
        .with_lexicon(open_lexicon(lexicon)?))
}
