//! What scoring adds to annotation, on the shared full texts.
//!
//! Reads every JATS full text under `../shared/fulltext`, then measures, in
//! the same run: annotating them (`annotate`), annotating and scoring them
//! (`annotate_then_score`), and scoring alone the already annotated
//! documents (`score`). The overhead of scoring is `score / annotate` (or
//! the difference of the first two, which on a loaded machine is mostly
//! noise). Before those, it times annotation and scoring interleaved,
//! document by document, and prints the ratio: both parts then run under
//! the same load. Run with `cargo bench -p briefing-evidence --bench scoring`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use briefing_annotator::Annotator;
use briefing_evidence::Scorer;
use briefing_model::Document;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn shared_fulltext() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fulltext");
    dir.is_dir().then_some(dir)
}

fn read_fulltexts(dir: &Path) -> Vec<Document> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "xml" || e == "nxml") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    let mut docs = Vec::new();
    for path in paths {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        match briefing_formats::read_bytes(&path.display().to_string(), &bytes, None) {
            Ok(read) => docs.extend(read.into_iter().map(|r| r.document)),
            Err(err) => eprintln!("skipping {}: {err}", path.display()),
        }
    }
    docs
}

fn bench(c: &mut Criterion) {
    let Some(dir) = shared_fulltext() else {
        eprintln!("../shared/fulltext is absent: nothing to benchmark");
        return;
    };
    let docs = read_fulltexts(&dir);
    let annotator = Annotator::new();
    let scorer = Scorer::default();
    let mut annotated = docs.clone();
    for doc in &mut annotated {
        annotator.annotate(doc);
    }
    let claims: usize = annotated.iter().map(|d| d.claims.len()).sum();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    eprintln!(
        "{} full texts, {bytes} bytes of text, {claims} claims",
        docs.len()
    );

    // Interleaved: annotate a document, score it, next document; 3 rounds.
    let (mut annotating, mut scoring) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..3 {
        for doc in &docs {
            let mut doc = doc.clone();
            let t0 = Instant::now();
            annotator.annotate(&mut doc);
            let t1 = Instant::now();
            scorer.score_document(&mut doc);
            let t2 = Instant::now();
            annotating += t1 - t0;
            scoring += t2 - t1;
            std::hint::black_box(&doc);
        }
    }
    eprintln!(
        "interleaved, 3 rounds: annotate {:.3} s, score {:.3} s: scoring adds {:.2} % to annotation",
        annotating.as_secs_f64(),
        scoring.as_secs_f64(),
        100.0 * scoring.as_secs_f64() / annotating.as_secs_f64()
    );

    let mut group = c.benchmark_group("fulltext");
    group.sample_size(10);
    group.bench_function("annotate", |b| {
        b.iter_batched(
            || docs.clone(),
            |mut docs| {
                for doc in &mut docs {
                    annotator.annotate(doc);
                }
                docs
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("annotate_then_score", |b| {
        b.iter_batched(
            || docs.clone(),
            |mut docs| {
                for doc in &mut docs {
                    annotator.annotate(doc);
                    scorer.score_document(doc);
                }
                docs
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("score", |b| {
        b.iter_batched(
            || annotated.clone(),
            |mut docs| {
                for doc in &mut docs {
                    scorer.score_document(doc);
                }
                docs
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
