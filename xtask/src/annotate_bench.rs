//! `cargo xtask bench-annotate`: the whole `briefing annotate` pipeline,
//! stage by stage, on the shared texts.
//!
//! Inputs: every JATS full text of `../shared/fulltext`, the seeds, and
//! (with `--corpora`) the PubTator collections of `../shared/corpora`
//! (their gold entities dropped). Stages, each timed on its own over every
//! document: read (the input bytes to documents), sentences,
//! abbreviations, entities (tagger and lexicon), cues, claims, evidence
//! scoring. The best of `--rounds` rounds is kept per stage, so a burst of
//! load from other processes on the shared cores does not count. Then the
//! whole pipeline runs on one thread and on `--threads` threads (rayon over
//! documents), and the throughput is printed in MB of document text per
//! second, in total and per core, beside the MB of input read.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use briefing_annotator::{
    EntityModel, InputEntities, abbreviations, claims, cues, entities, sentences,
};
use briefing_evidence::Scorer;
use briefing_lexicon::Lexicon;
use briefing_model::Document;
use rayon::prelude::*;

use crate::lexicon::root;

const USAGE: &str =
    "usage: cargo xtask bench-annotate [--rounds N] [--threads N] [--corpora] [--only NAME]";

struct Options {
    rounds: usize,
    threads: usize,
    corpora: bool,
    only: Option<String>,
}

fn parse(args: &[String]) -> anyhow::Result<Options> {
    let mut o = Options {
        rounds: 3,
        threads: 2,
        corpora: false,
        only: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .with_context(|| format!("{name} needs a value\n{USAGE}"))
                .cloned()
        };
        match a.as_str() {
            "--rounds" => o.rounds = value("--rounds")?.parse()?,
            "--threads" => o.threads = value("--threads")?.parse()?,
            "--only" => o.only = Some(value("--only")?),
            "--corpora" => o.corpora = true,
            other => bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    o.rounds = o.rounds.max(1);
    o.threads = o.threads.max(1);
    Ok(o)
}

/// The input files, sorted: full texts, seeds, and the PubTator corpora.
fn inputs(shared: &Path, corpora: bool) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for sub in ["fulltext", "seeds"] {
        for e in walkdir::WalkDir::new(shared.join(sub)).sort_by_file_name() {
            let e = e?;
            let name = e.file_name().to_string_lossy();
            if e.file_type().is_file()
                && (name.ends_with(".xml") || name.ends_with(".nxml") || name.ends_with(".txt"))
            {
                files.push(e.into_path());
            }
        }
    }
    if corpora {
        for e in walkdir::WalkDir::new(shared.join("corpora")).sort_by_file_name() {
            let e = e?;
            if e.file_type().is_file() && e.file_name().to_string_lossy().ends_with(".pubtator.txt")
            {
                files.push(e.into_path());
            }
        }
    }
    if files.is_empty() {
        bail!("no inputs under {}", shared.display());
    }
    Ok(files)
}

fn read(files: &[(String, Vec<u8>)]) -> Vec<Document> {
    let mut docs = Vec::new();
    for (name, bytes) in files {
        match briefing_formats::read_bytes(name, bytes, None) {
            Ok(read) => docs.extend(read.into_iter().map(|r| {
                let mut d = r.document;
                d.entities.clear();
                d
            })),
            Err(err) => eprintln!("skipped {name}: {err}"),
        }
    }
    docs
}

/// The annotation stages in pipeline order.
struct Stages<'a> {
    model: &'a EntityModel,
    lexicon: &'a Lexicon,
    scorer: &'a Scorer,
}

const STAGES: [&str; 6] = [
    "sentences",
    "abbreviations",
    "entities",
    "cues",
    "claims",
    "evidence",
];

impl Stages<'_> {
    fn run(&self, stage: usize, doc: &mut Document) {
        match stage {
            0 => sentences::split_document(doc),
            1 => abbreviations::annotate(doc),
            2 => entities::annotate(doc, self.model, Some(self.lexicon), InputEntities::Replace),
            3 => cues::annotate(doc),
            4 => claims::annotate(doc),
            _ => self.scorer.score_document(doc),
        }
    }

    fn all(&self, doc: &mut Document) {
        for s in 0..STAGES.len() {
            self.run(s, doc);
        }
    }
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

pub fn run(args: &[String]) -> anyhow::Result<()> {
    let o = parse(args)?;
    let shared = root().join("../shared");
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for p in inputs(&shared, o.corpora)? {
        let bytes = std::fs::read(&p).with_context(|| p.display().to_string())?;
        let name = p.strip_prefix(&shared).unwrap_or(&p).display().to_string();
        if o.only
            .as_ref()
            .is_none_or(|only| name.contains(only.as_str()))
        {
            files.push((name, bytes));
        }
    }
    let input_bytes: usize = files.iter().map(|(_, b)| b.len()).sum();

    let t = Instant::now();
    let lexicon = Lexicon::default_lexicon().context("default lexicon")?;
    let model = EntityModel::shipped().map_err(|e| anyhow::anyhow!("entity model: {e}"))?;
    let scorer = Scorer::default();
    let load = t.elapsed();
    let stages = Stages {
        model,
        lexicon: &lexicon,
        scorer: &scorer,
    };

    let docs = read(&files);
    let text_bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    println!(
        "{} inputs ({:.2} MB), {} documents, {:.2} MB of text; lexicon and models loaded in {:.0} ms",
        files.len(),
        mb(input_bytes),
        docs.len(),
        mb(text_bytes),
        load.as_secs_f64() * 1e3
    );

    // Stage by stage, one thread: each stage runs over all documents, on
    // copies of the documents as the previous stage left them.
    let mut best = [Duration::MAX; 1 + STAGES.len()];
    let mut annotated = Vec::new();
    for _ in 0..o.rounds {
        let t = Instant::now();
        let mut cur = read(&files);
        best[0] = best[0].min(t.elapsed());
        for (s, slot) in best.iter_mut().enumerate().skip(1) {
            let t = Instant::now();
            for d in &mut cur {
                stages.run(s - 1, d);
            }
            *slot = (*slot).min(t.elapsed());
        }
        annotated = cur;
    }
    let total: Duration = best.iter().sum();
    println!(
        "\nstage by stage, 1 thread, best of {} rounds:\n{:<14} {:>9} {:>7} {:>10}",
        o.rounds, "stage", "seconds", "share", "MB/s"
    );
    for (name, d) in std::iter::once("read").chain(STAGES).zip(best) {
        println!(
            "{name:<14} {:>9.3} {:>6.1}% {:>10.2}",
            d.as_secs_f64(),
            100.0 * d.as_secs_f64() / total.as_secs_f64(),
            mb(text_bytes) / d.as_secs_f64()
        );
    }
    println!(
        "{:<14} {:>9.3} {:>6.1}% {:>10.2}",
        "total",
        total.as_secs_f64(),
        100.0,
        mb(text_bytes) / total.as_secs_f64()
    );
    let count = |f: fn(&Document) -> usize| annotated.iter().map(f).sum::<usize>();
    println!(
        "output: {} sentences, {} abbreviations, {} entities, {} cues, {} claims",
        count(|d| d.sentences().count()),
        count(|d| d.abbreviations.len()),
        count(|d| d.entities.len()),
        count(|d| d.cues.len()),
        count(|d| d.claims.len()),
    );

    // Whole pipeline (read included) on 1 and on N threads: rayon over
    // documents after reading, reading itself over inputs.
    println!(
        "\nwhole pipeline (read + annotate + score), best of {} rounds:",
        o.rounds
    );
    for threads in [1, o.threads] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()?;
        let mut best = Duration::MAX;
        for _ in 0..o.rounds {
            let t = Instant::now();
            pool.install(|| {
                let mut docs: Vec<Document> = files
                    .par_iter()
                    .flat_map_iter(|f| read(std::slice::from_ref(f)))
                    .collect();
                docs.par_iter_mut()
                    .with_max_len(1)
                    .for_each(|d| stages.all(d));
            });
            best = best.min(t.elapsed());
        }
        let s = best.as_secs_f64();
        println!(
            "{threads} thread(s): {s:.3} s, {:.2} MB/s of text ({:.2} per core), {:.2} MB/s of input",
            mb(text_bytes) / s,
            mb(text_bytes) / s / threads as f64,
            mb(input_bytes) / s
        );
        if threads == o.threads {
            break;
        }
    }
    Ok(())
}
