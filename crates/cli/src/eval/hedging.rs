//! `briefing eval hedging` and `briefing train cues`.

use std::process::ExitCode;

use anyhow::Context;
use briefing_annotator::cues::CueModel;
use briefing_eval::bioscope;
use briefing_eval::hedging::{Split, evaluate, select, train as train_model};

use crate::args::{EvalHedgingArgs, TrainCuesArgs};

pub fn run(args: EvalHedgingArgs) -> anyhow::Result<ExitCode> {
    let docs = bioscope::read(&args.corpus).with_context(|| format!("cannot read BioScope corpus {}", args.corpus.display()))?;
    let owned;
    let model = match &args.model {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
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
    let reports: Vec<_> = splits.iter().map(|&s| evaluate(model, &select(&docs, s), s)).collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&reports)?);
    } else {
        println!("{}", args.corpus.display());
        for line in model.note.lines() {
            println!("model: {line}");
        }
        for r in &reports {
            print!("{r}");
            if args.errors {
                for e in &r.errors {
                    println!("    {e}");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn train(args: TrainCuesArgs) -> anyhow::Result<ExitCode> {
    let mut corpora = Vec::new();
    for path in &args.corpus {
        let docs = bioscope::read(path).with_context(|| format!("cannot read BioScope corpus {}", path.display()))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        corpora.push((name, docs));
    }
    let model = train_model(&corpora, args.epochs);
    crate::report::write_atomic(&args.output, model.to_text().as_bytes())?;
    eprintln!("wrote {}", args.output.display());
    Ok(ExitCode::SUCCESS)
}
