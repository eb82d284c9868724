//! `briefing eval hedging` and `briefing train cues`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use briefing_annotator::cues::CueModel;
use briefing_eval::bioscope::{self, BioDoc};
use briefing_eval::hedging::{
    HedgingReport, Split, TrainOptions, cross_validate, evaluate, select, train as train_model,
};

use crate::args::{EvalHedgingArgs, TrainCuesArgs};

/// Reads BioScope files, each named by its file name.
fn read_corpora(paths: &[PathBuf]) -> anyhow::Result<Vec<(String, Vec<BioDoc>)>> {
    let mut corpora = Vec::new();
    for path in paths {
        let docs = bioscope::read(path)
            .with_context(|| format!("cannot read BioScope corpus {}", path.display()))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        corpora.push((name, docs));
    }
    Ok(corpora)
}

fn print(reports: &[HedgingReport], errors: bool) {
    for r in reports {
        print!("{r}");
        if errors {
            for e in &r.errors {
                println!("    {e}");
            }
        }
    }
}

pub fn run(args: EvalHedgingArgs) -> anyhow::Result<ExitCode> {
    let corpora = read_corpora(&args.corpus)?;
    if let Some(folds) = args.cv {
        let opts = TrainOptions {
            epochs: args.epochs,
            seeds: usize::from(args.seeds),
            paper_weight: args.paper_weight,
            spec_bias: args.spec_bias,
        };
        let reports = cross_validate(&corpora, usize::from(folds), opts);
        if args.json {
            println!("{}", serde_json::to_string_pretty(&reports)?);
        } else {
            println!(
                "cross-validation: {folds} folds, {} epochs, {} seeds, full papers weighted {}, speculation bias {}",
                opts.epochs, opts.seeds, opts.paper_weight, opts.spec_bias
            );
            print(&reports, args.errors);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let owned;
    let model = match &args.model {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            owned = CueModel::parse(&text).with_context(|| format!("{}", path.display()))?;
            &owned
        }
        None => CueModel::shipped(),
    };
    let splits = match args.split.as_deref() {
        Some("all") => vec![Split::All],
        Some("tune") => vec![Split::Tune],
        Some("held-out") => vec![Split::HeldOut],
        _ => vec![Split::HeldOut, Split::Tune, Split::All],
    };
    let mut all = Vec::new();
    for (path, (_, docs)) in args.corpus.iter().zip(&corpora) {
        let reports: Vec<_> = splits
            .iter()
            .map(|&s| evaluate(model, &select(docs, s), s))
            .collect();
        if !args.json {
            println!("{}", path.display());
            for line in model.note.lines() {
                println!("model: {line}");
            }
            print(&reports, args.errors);
        }
        all.extend(reports);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&all)?);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn train(args: TrainCuesArgs) -> anyhow::Result<ExitCode> {
    let corpora = read_corpora(&args.corpus)?;
    let model = train_model(
        &corpora,
        TrainOptions {
            epochs: args.epochs,
            seeds: usize::from(args.seeds),
            paper_weight: args.paper_weight,
            spec_bias: args.spec_bias,
        },
    );
    crate::output::write_atomic(&args.output, model.to_text().as_bytes())?;
    eprintln!("wrote {}", args.output.display());
    Ok(ExitCode::SUCCESS)
}
