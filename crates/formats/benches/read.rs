//! Reader throughput on the real files of `../shared` (MB/s of input), and
//! the sentence splitter's throughput on the text they give.
//!
//! `cargo bench -p briefing-formats --bench read`

use std::path::{Path, PathBuf};

use briefing_formats::{Document, read_bytes};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    dir.is_dir().then_some(dir)
}

fn files(dir: &Path, exts: &[&str]) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_else(|_| Vec::new());
    v.retain(|p: &PathBuf| p.extension().is_some_and(|x| exts.iter().any(|e| x == *e)));
    v.sort();
    v.into_iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read(&p).ok()?)))
        .collect()
}

/// Named files with their bytes.
type Files = Vec<(String, Vec<u8>)>;

fn inputs(shared: &Path) -> Vec<(&'static str, Files)> {
    let mut jats = files(&shared.join("fulltext/elife"), &["xml"]);
    jats.extend(files(&shared.join("fulltext/pmc"), &["nxml"]));
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    vec![
        ("jats-fulltext", jats),
        (
            "jats-craft",
            files(&shared.join("corpora/craft/train/nxml"), &["nxml"]),
        ),
        (
            "text-craft",
            files(&shared.join("corpora/craft/train/txt"), &["txt"]),
        ),
        (
            "pubtator-bc5cdr",
            files(&shared.join("corpora/bc5cdr"), &["txt"])
                .into_iter()
                .filter(|f| f.0.contains("pubtator"))
                .collect(),
        ),
        (
            "pubtator-ncbi-disease",
            files(&shared.join("corpora/ncbi-disease"), &["txt"]),
        ),
        (
            "bioc-xml-bc5cdr",
            files(&shared.join("corpora/bc5cdr"), &["xml"]),
        ),
        (
            "seed-markdown",
            files(&shared.join("seeds"), &["txt"])
                .into_iter()
                .chain(files(&example, &["md"]))
                .collect(),
        ),
    ]
}

fn read_all(set: &[(String, Vec<u8>)]) -> Vec<Document> {
    set.iter()
        .flat_map(|(name, bytes)| read_bytes(name, bytes, None).unwrap_or_else(|e| panic!("{e}")))
        .map(|r| r.document)
        .collect()
}

fn readers(c: &mut Criterion) {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is not beside the workspace");
        return;
    };
    let mut group = c.benchmark_group("read");
    for (name, set) in inputs(&shared) {
        let bytes: usize = set.iter().map(|f| f.1.len()).sum();
        if bytes == 0 {
            continue;
        }
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(name, |b| b.iter(|| read_all(&set)));
    }
    group.finish();
}

fn sentences(c: &mut Criterion) {
    let Some(shared) = shared() else { return };
    let mut group = c.benchmark_group("sentences");
    for (name, set) in inputs(&shared)
        .into_iter()
        .filter(|(n, _)| matches!(*n, "jats-fulltext" | "pubtator-bc5cdr"))
    {
        let docs = read_all(&set);
        let bytes: usize = docs
            .iter()
            .flat_map(|d| d.sections.iter().flat_map(|s| s.passages.iter()))
            .map(|p| p.end - p.start)
            .sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(name, |b| {
            b.iter_batched(
                || docs.clone(),
                |mut docs| {
                    for d in &mut docs {
                        briefing_annotator::sentences::split_document(d);
                    }
                    docs
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, readers, sentences);
criterion_main!(benches);
