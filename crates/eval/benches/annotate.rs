//! Annotation speed over every shared text: `cargo bench -p briefing-eval
//! --bench annotate`. Reads the corpora (train and dev splits), the JATS
//! full texts and the seed from `../shared`, drops their gold annotations,
//! and times (a) the entity pipeline (sentences, abbreviations, six entity
//! types) and (b) the whole annotator, on one and on two threads. Prints
//! MB/s per core. A benchmark, not a test: nothing is asserted.
//!
//! Run without `--bench` (as `cargo test --all-targets` does), it checks
//! that it still runs, on the first 50 documents and one thread only.

use std::path::{Path, PathBuf};
use std::time::Instant;

use briefing_annotator::{
    Annotator, AnnotatorOptions, EntityModel, InputEntities, abbreviations, entities, sentences,
};
use briefing_eval::corpus::{CorpusFormat, read_corpus};
use briefing_lexicon::Lexicon;
use briefing_model::Document;

fn main() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if !shared.is_dir() {
        eprintln!("skipped: ../shared is not beside the workspace");
        return;
    }
    let mut docs = load(&shared);
    let bench = std::env::args().any(|a| a == "--bench");
    if !bench {
        docs.truncate(50);
        println!("test mode (no --bench): first 50 documents, one thread");
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    println!(
        "{} documents, {:.1} MB of text",
        docs.len(),
        bytes as f64 / 1e6
    );
    let t = Instant::now();
    let lexicon = Lexicon::default_lexicon().expect("default lexicon");
    let model = EntityModel::shipped().expect("shipped model");
    println!(
        "lexicon and model loaded in {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let annotator = Annotator::new()
        .with_options(AnnotatorOptions::default().with_entities(InputEntities::Replace))
        .with_lexicon(lexicon.clone());
    let entity_pipeline = |d: &mut Document| {
        sentences::split_document(d);
        abbreviations::annotate(d);
        entities::annotate(d, model, Some(&lexicon), InputEntities::Replace);
    };
    let full = |d: &mut Document| annotator.annotate(d);
    let threads: &[usize] = if bench { &[1, 2] } else { &[1] };
    for &threads in threads {
        let (secs, mentions) = run(&docs, threads, &entity_pipeline);
        report(
            "entities (sentences, abbreviations, 6 types)",
            bytes,
            threads,
            secs,
            mentions,
        );
        let (secs, mentions) = run(&docs, threads, &full);
        report(
            "full annotator (+ cues, claims)",
            bytes,
            threads,
            secs,
            mentions,
        );
    }
}

fn report(what: &str, bytes: usize, threads: usize, secs: f64, mentions: usize) {
    let mb = bytes as f64 / 1e6;
    println!(
        "{what}: {threads} thread(s): {secs:.2} s, {:.2} MB/s, {:.2} MB/s per core, {mentions} mentions",
        mb / secs,
        mb / secs / threads as f64
    );
}

fn run(docs: &[Document], threads: usize, f: &(dyn Fn(&mut Document) + Sync)) -> (f64, usize) {
    let t = Instant::now();
    let counts: Vec<usize> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|k| {
                s.spawn(move || {
                    let mut n = 0;
                    for d in docs.iter().skip(k).step_by(threads) {
                        let mut d = d.clone();
                        f(&mut d);
                        n += d.entities.len();
                    }
                    n
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).collect()
    });
    (t.elapsed().as_secs_f64(), counts.iter().sum())
}

fn load(shared: &Path) -> Vec<Document> {
    use CorpusFormat::*;
    let c = shared.join("corpora");
    let corpora: [(&str, CorpusFormat); 11] = [
        ("ncbi-disease/train.pubtator.txt", Pubtator),
        ("ncbi-disease/dev.pubtator.txt", Pubtator),
        ("bc5cdr/train.pubtator.txt", Pubtator),
        ("bc5cdr/dev.pubtator.txt", Pubtator),
        ("bc2gm/train", Bc2gm),
        ("bc2gm/devel", Bc2gm),
        ("linnaeus/train.iob.tsv", Iob),
        ("linnaeus/dev.iob.tsv", Iob),
        ("jnlpba/dev.iob.tsv", Iob),
        ("craft/train", Craft),
        ("craft/dev", Craft),
    ];
    let mut docs = Vec::new();
    for (rel, f) in corpora {
        match read_corpus(&c.join(rel), Some(f)) {
            Ok(gs) => docs.extend(gs.into_iter().map(|g| g.doc)),
            Err(e) => eprintln!("skipped {rel}: {e}"),
        }
    }
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in ["fulltext/elife", "fulltext/pmc", "seeds"] {
        if let Ok(rd) = std::fs::read_dir(shared.join(dir)) {
            files.extend(rd.filter_map(|e| e.ok()).map(|e| e.path()));
        }
    }
    files.sort();
    for p in files {
        match briefing_formats::open_path(&p, None) {
            Ok(it) => docs.extend(it.filter_map(|r| r.ok()).map(|r| r.document)),
            Err(e) => eprintln!("skipped {}: {e}", p.display()),
        }
    }
    for d in &mut docs {
        d.entities.clear();
    }
    docs
}
