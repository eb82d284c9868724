//! Matching and loading speed of the default lexicon on the bundled example
//! review (and, when present, the shared seed review).
//!
//! `cargo bench -p briefing-lexicon --bench matcher`. The comparison with
//! other dictionary matchers on large dictionaries and 50 MB of text is
//! `cargo xtask bench-lexicon` (see docs/lexicon.md).

use std::hint::black_box;
use std::path::Path;

use briefing_lexicon::{Lexicon, MatchOptions};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn texts() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    for (label, path) in [
        ("example-review", root.join("examples/msc-liver-review.md")),
        (
            "seed-review",
            root.join("../shared/seeds/000_cdc507d37501bd85.txt"),
        ),
    ] {
        match std::fs::read_to_string(&path) {
            Ok(t) => out.push((label.to_string(), t)),
            Err(_) => eprintln!("note: {} not found, skipped", path.display()),
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let lexicon = Lexicon::default_lexicon().expect("default lexicon");
    let mut group = c.benchmark_group("match");
    for (label, text) in texts() {
        group.throughput(Throughput::Bytes(text.len() as u64));
        let mut m = lexicon.matcher(MatchOptions::default());
        group.bench_function(format!("count/{label}"), |b| {
            b.iter(|| m.count(black_box(&text)))
        });
        group.bench_function(format!("find/{label}"), |b| {
            b.iter(|| m.find(black_box(&text)).len())
        });
    }
    group.finish();

    let path = lexicon.path().to_path_buf();
    c.bench_function("open/default (mmap + full check)", |b| {
        b.iter(|| {
            Lexicon::open_compiled(black_box(&path))
                .expect("open")
                .len()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
