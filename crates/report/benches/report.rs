//! Speed of briefings, end to end (read → annotate → score → render), on
//! the shared data:
//!
//! - `seed/text`: the seed review to Markdown, HTML, JSON and Typst (the
//!   target is well under 50 ms);
//! - `fulltexts/text`: every shared full text to the same four formats,
//!   reported in MB/s of input;
//! - `seed/render`, `fulltexts/render`: the report crate's share alone
//!   (briefing and the four formats of already annotated documents);
//! - `seed/pdf` and `fulltexts/pdf`: the Typst compilation alone (typst
//!   installed), reported separately since it is an external program.
//!
//! Run with `cargo bench -p briefing-report`. Without `../shared` the
//! bundled example stands in for the seed and the full-text groups are
//! skipped.

use std::path::{Path, PathBuf};
use std::time::Duration;

use briefing_annotator::Annotator;
use briefing_evidence::Scorer;
use briefing_lexicon::Lexicon;
use briefing_model::Document;
use briefing_report::{Config, Registry, Reporter, TemplateFormat, Templates, Typst};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

struct Pipeline {
    annotator: Annotator,
    scorer: Scorer,
    reporter: Reporter,
}

impl Pipeline {
    fn new() -> Self {
        let lexicon = Lexicon::default_lexicon().expect("the default lexicon");
        let plan = Registry::new()
            .plan(&Config::default(), None)
            .expect("built-in sections");
        Pipeline {
            annotator: Annotator::new().with_lexicon(lexicon),
            scorer: Scorer::default(),
            reporter: Reporter::new(plan, Templates::builtin().expect("templates")),
        }
    }

    fn documents(&self, name: &str, bytes: &[u8]) -> Vec<Document> {
        briefing_formats::read_bytes(name, bytes, None)
            .expect("readable input")
            .into_iter()
            .map(|r| {
                let mut doc = r.document;
                self.annotator.annotate(&mut doc);
                self.scorer.score_document(&mut doc);
                doc
            })
            .collect()
    }

    /// Everything but PDF; returns the bytes written, to keep the work.
    fn text_formats(&self, name: &str, bytes: &[u8]) -> usize {
        self.documents(name, bytes)
            .iter()
            .map(|doc| self.render(doc))
            .sum()
    }

    /// The report crate's share: briefing and the four text formats of an
    /// annotated document.
    fn render(&self, doc: &Document) -> usize {
        let b = self.reporter.briefing(doc).expect("briefing");
        let mut out = self.reporter.json(&b).len();
        for f in [
            TemplateFormat::Markdown,
            TemplateFormat::Html,
            TemplateFormat::Typst,
        ] {
            out += self.reporter.render(&b, f).expect("render").len();
        }
        out
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn inputs() -> (PathBuf, Vec<PathBuf>) {
    let shared = root().join("../shared");
    let seed = shared.join("seeds/000_cdc507d37501bd85.txt");
    if !seed.is_file() {
        eprintln!(
            "../shared is not present: the bundled example stands in for the seed; no full texts"
        );
        return (root().join("examples/msc-liver-review.md"), Vec::new());
    }
    let mut full = Vec::new();
    for sub in ["fulltext/elife", "fulltext/pmc"] {
        if let Ok(dir) = std::fs::read_dir(shared.join(sub)) {
            full.extend(dir.filter_map(|e| e.ok().map(|e| e.path())));
        }
    }
    full.sort();
    (seed, full)
}

fn typst() -> Option<Typst> {
    let t = Typst::default();
    t.version().ok().map(|_| t)
}

fn benches(c: &mut Criterion) {
    let p = Pipeline::new();
    let (seed, full) = inputs();
    let seed_bytes = std::fs::read(&seed).expect("seed");
    let seed_name = seed.display().to_string();

    let mut g = c.benchmark_group("seed");
    g.throughput(Throughput::Bytes(seed_bytes.len() as u64));
    g.bench_function("text", |b| {
        b.iter(|| p.text_formats(&seed_name, &seed_bytes))
    });
    let seed_docs = p.documents(&seed_name, &seed_bytes);
    g.bench_function("render", |b| {
        b.iter(|| seed_docs.iter().map(|d| p.render(d)).sum::<usize>())
    });
    if let Some(t) = typst() {
        let doc = p.documents(&seed_name, &seed_bytes).remove(0);
        let briefing = p.reporter.briefing(&doc).expect("briefing");
        let source = p
            .reporter
            .render(&briefing, TemplateFormat::Typst)
            .expect("typst");
        g.sample_size(10).measurement_time(Duration::from_secs(10));
        g.bench_function("pdf", |b| b.iter(|| t.compile(&source).expect("pdf").len()));
    }
    g.finish();

    if full.is_empty() {
        return;
    }
    let files: Vec<(String, Vec<u8>)> = full
        .iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read(p).expect("full text"),
            )
        })
        .collect();
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut g = c.benchmark_group("fulltexts");
    g.throughput(Throughput::Bytes(total as u64))
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    g.bench_function("text", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|(n, bytes)| p.text_formats(n, bytes))
                .sum::<usize>()
        })
    });
    let docs: Vec<Document> = files
        .iter()
        .flat_map(|(n, bytes)| p.documents(n, bytes))
        .collect();
    g.bench_function("render", |b| {
        b.iter(|| docs.iter().map(|d| p.render(d)).sum::<usize>())
    });
    if let Some(t) = typst() {
        let sources: Vec<String> = files
            .iter()
            .flat_map(|(n, bytes)| p.documents(n, bytes))
            .map(|doc| {
                let b = p.reporter.briefing(&doc).expect("briefing");
                p.reporter.render(&b, TemplateFormat::Typst).expect("typst")
            })
            .collect();
        g.throughput(Throughput::Elements(sources.len() as u64))
            .measurement_time(Duration::from_secs(60));
        g.bench_function("pdf", |b| {
            b.iter(|| {
                sources
                    .iter()
                    .map(|s| t.compile(s).expect("pdf").len())
                    .sum::<usize>()
            })
        });
    }
    g.finish();
}

criterion_group!(report, benches);
criterion_main!(report);
