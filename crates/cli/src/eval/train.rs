//! `briefing train entities`.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::{Context, bail};
use briefing_annotator::entities::TrainOptions;
use briefing_eval::entities_train::{Progress, default_groups, train_model};

use crate::args::{TrainArgs, TrainCommand, TrainEntitiesArgs};

pub fn run(args: TrainArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        TrainCommand::Entities(a) => entities(a),
        TrainCommand::Cues(a) => super::hedging::train(a),
    }
}

fn entities(args: TrainEntitiesArgs) -> anyhow::Result<ExitCode> {
    let mut groups = default_groups();
    if !args.only.is_empty() {
        for o in &args.only {
            if !groups.iter().any(|g| g.name == o.as_str()) {
                bail!(
                    "unknown group {o:?}; groups: {}",
                    groups.iter().map(|g| g.name).collect::<Vec<_>>().join(", ")
                );
            }
        }
        groups.retain(|g| args.only.iter().any(|o| o == g.name));
    }
    let lexicon = super::open_lexicon(args.lexicon.as_deref())?;
    let opts = TrainOptions {
        epochs: args.epochs,
        seed: args.seed,
        seeds: args.seeds,
        ..TrainOptions::default()
    };
    let model = train_model(&args.corpora, &groups, Some(&lexicon), opts, |p| match p {
        Progress::Read { corpus, documents } => eprintln!("read {} ({documents} documents)", corpus.display()),
        Progress::Classes { texts, words } => eprintln!("word classes: {words} words from {texts} passages"),
        Progress::Group { name, examples, tokens, misaligned } => {
            eprintln!("{name}: {examples} passages, {tokens} tokens, {misaligned} mentions not on token edges")
        }
        Progress::Epoch { name, epoch, accuracy } => eprintln!("{name}: epoch {epoch}: token accuracy {accuracy:.4}"),
        Progress::Done { name, features } => eprintln!("{name}: {features} features"),
    })
    .with_context(|| format!("cannot train from {}", args.corpora.display()))?;
    let bytes = model.to_bytes();
    let dir = args
        .output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(&bytes)?;
    tmp.persist(&args.output)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    eprintln!(
        "wrote {} ({} bytes, {} mined names)",
        args.output.display(),
        bytes.len(),
        model.n_names()
    );
    Ok(ExitCode::SUCCESS)
}
