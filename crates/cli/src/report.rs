//! `briefing report`: briefings of documents, in parallel, written
//! atomically; an index and a corpus briefing when there are several.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use briefing_model::Document;
use briefing_report::escape::file_stem;
use briefing_report::{
    Config, Format, Index, IndexEntry, IndexFailure, Registry, Reporter, SourceEntry,
    TemplateFormat, Templates, Typst, corpus, index_json,
};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::args::{ReportArgs, ReportFormatArg};
use crate::output::write_atomic;
use crate::pipeline::{Pipeline, load_scorer};

/// Extensions stripped from a name that still has one after the last
/// (`review.nxml.gz` → `review`).
const INPUT_EXTENSIONS: [&str; 10] = [
    "txt", "md", "markdown", "xml", "nxml", "json", "jsonl", "pubtator", "bioc", "tar",
];

/// Names the index and corpus files take; inputs never get them.
const RESERVED: [&str; 2] = ["index", "corpus"];

pub fn run(args: ReportArgs) -> anyhow::Result<ExitCode> {
    let formats = formats(&args.formats);
    let setup = match Setup::new(&args, &formats) {
        Ok(s) => s,
        Err(err) => {
            print_report_error(&err);
            return Ok(ExitCode::from(2));
        }
    };
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let names = input_names(&args.inputs);
    let keep_documents = !args.no_corpus;
    let annotator = crate::eval::annotator(args.lexicon.as_deref(), args.entities)?;
    let scorer = load_scorer(args.evidence_config.as_deref())?;
    let pipeline = Pipeline::new(
        annotator,
        args.input_format.map(crate::annotate::input_format),
    )
    .with_scorer(scorer);

    let progress = progress_bar(args.inputs.len());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("cannot start the worker threads")?;
    let job = Job {
        setup: &setup,
        pipeline: &pipeline,
        formats: &formats,
        out: &args.out,
        keep_documents,
        progress: &progress,
    };
    let outcomes: Vec<InputOutcome> = pool.install(|| {
        args.inputs
            .par_iter()
            .zip(names.par_iter())
            .map(|(input, name)| job.input(input, name))
            .collect()
    });
    progress.finish_and_clear();

    // The index and the corpus briefing, in input order.
    let mut index = Index::new("Evidence briefings");
    let mut documents: Vec<Document> = Vec::new();
    let mut briefed = 0usize;
    for outcome in outcomes {
        if let Some(error) = outcome.error {
            index.failures.push(IndexFailure {
                input: outcome.input.clone(),
                error,
            });
        }
        for doc in outcome.documents {
            match doc.result {
                Ok((entry, document)) => {
                    briefed += 1;
                    index.entries.push(entry);
                    documents.extend(document);
                }
                Err(error) => index.failures.push(IndexFailure {
                    input: doc.label,
                    error,
                }),
            }
        }
    }
    let several = briefed + index.failures.len() > 1;
    let mut extra_failed = false;
    if several
        && keep_documents
        && documents.len() > 1
        && let Err(err) = write_corpus(
            &setup, &pipeline, &formats, &args.out, documents, &mut index,
        )
    {
        eprintln!("error: corpus briefing: {err:#}");
        extra_failed = true;
    }
    if several || args.index {
        write_index(&setup.reporter, &formats, &args.out, &index)?;
    }
    let failed = index.failures.len();
    eprintln!(
        "{briefed} briefing{} written to {}{}",
        if briefed == 1 { "" } else { "s" },
        args.out.display(),
        if failed > 0 {
            format!(
                "; {failed} input{} failed",
                if failed == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        }
    );
    Ok(if failed > 0 || extra_failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Everything resolved before the first input is read; errors here are
/// usage errors (exit 2).
struct Setup {
    reporter: Reporter,
    typst: Option<Typst>,
}

impl Setup {
    fn new(args: &ReportArgs, formats: &[Format]) -> Result<Setup, briefing_report::Error> {
        let config = match &args.config {
            Some(path) => Config::load(path)?,
            None if Path::new("briefing.toml").is_file() => {
                Config::load(Path::new("briefing.toml"))?
            }
            None => Config::default(),
        };
        let templates = match args.templates.as_ref().or(config.templates.as_ref()) {
            Some(dir) => Templates::with_overrides(dir)?,
            None => Templates::builtin()?,
        };
        let plan = Registry::new().plan(&config, Some(&args.sections))?;
        for note in &plan.notes {
            eprintln!("note: {note}");
        }
        let typst = if formats.contains(&Format::Pdf) {
            let program = args
                .typst
                .clone()
                .or_else(|| config.pdf.typst.clone())
                .unwrap_or_else(|| PathBuf::from("typst"));
            let mut typst = Typst::new(program).font_paths(config.pdf.font_paths.clone());
            if args.jobs != Some(1) && args.inputs.len() > 1 {
                // The inputs already run in parallel.
                typst = typst.jobs(1);
            }
            typst.version()?;
            Some(typst)
        } else {
            None
        };
        Ok(Setup {
            reporter: Reporter::new(plan, templates),
            typst,
        })
    }
}

fn print_report_error(err: &briefing_report::Error) {
    eprintln!("error: {err}");
    if let Some(hint) = err.hint() {
        for (i, line) in hint.lines().enumerate() {
            eprintln!("{}{line}", if i == 0 { "hint: " } else { "      " });
        }
    }
}

/// The formats asked for, without repeats, in a fixed order.
fn formats(args: &[ReportFormatArg]) -> Vec<Format> {
    let mut set: BTreeSet<ReportFormatArg> = args.iter().copied().collect();
    if set.is_empty() {
        set = [
            ReportFormatArg::Md,
            ReportFormatArg::Html,
            ReportFormatArg::Json,
        ]
        .into();
    }
    set.into_iter()
        .map(|f| match f {
            ReportFormatArg::Md => Format::Markdown,
            ReportFormatArg::Html => Format::Html,
            ReportFormatArg::Pdf => Format::Pdf,
            ReportFormatArg::Json => Format::Json,
            ReportFormatArg::Typst => Format::Typst,
        })
        .collect()
}

/// One file name per input, from its file name: sanitized, unique, never
/// `index` or `corpus`. Deterministic: decided before any input is read.
fn input_names(inputs: &[PathBuf]) -> Vec<String> {
    let stems: Vec<String> = inputs
        .iter()
        .map(|p| {
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            // `review.nxml.gz`-style double extensions; dots inside a name
            // (`pone.0046493.nxml`) are kept as `-`.
            let stem = match stem.rsplit_once('.') {
                Some((base, ext))
                    if INPUT_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) =>
                {
                    base.to_owned()
                }
                _ => stem,
            };
            if stem.is_empty() || stem == "-" {
                "stdin".to_owned()
            } else {
                file_stem(&stem)
            }
        })
        .collect();
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| (*s).to_owned()).collect();
    let wanted: BTreeSet<&String> = stems.iter().collect();
    stems
        .iter()
        .map(|stem| {
            let mut name = stem.clone();
            let mut n = 2;
            while taken.contains(&name) || (name != *stem && wanted.contains(&name)) {
                name = format!("{stem}-{n}");
                n += 1;
            }
            taken.insert(name.clone());
            name
        })
        .collect()
}

struct Job<'a> {
    setup: &'a Setup,
    pipeline: &'a Pipeline,
    formats: &'a [Format],
    out: &'a Path,
    keep_documents: bool,
    progress: &'a ProgressBar,
}

struct InputOutcome {
    input: String,
    /// The input as a whole could not be read.
    error: Option<String>,
    documents: Vec<DocOutcome>,
}

struct DocOutcome {
    /// `input` or `input #3` for collections.
    label: String,
    result: Result<(IndexEntry, Option<Document>), String>,
}

impl Job<'_> {
    fn input(&self, input: &Path, name: &str) -> InputOutcome {
        let shown = input.display().to_string();
        let mut outcome = InputOutcome {
            input: shown.clone(),
            error: None,
            documents: Vec::new(),
        };
        let docs = match self.pipeline.open(input) {
            Ok(docs) => docs,
            Err(err) => {
                self.report(&format!("error: {err}"));
                outcome.error = Some(err.to_string());
                self.progress.inc(1);
                return outcome;
            }
        };
        // A collection gives `<name>--<document id>` per document; `--`
        // cannot occur in a sanitized stem, so these never collide with
        // another input's name.
        let mut docs = docs.peekable();
        let mut position = 0usize;
        let mut used: BTreeSet<String> = BTreeSet::new();
        while let Some(item) = docs.next() {
            let collection = position > 0 || docs.peek().is_some();
            position += 1;
            let label = if collection {
                format!("{shown} #{position}")
            } else {
                shown.clone()
            };
            let result = match item {
                Ok(annotated) => {
                    for w in &annotated.warnings {
                        self.report(&format!("warning: {shown}: {w}"));
                    }
                    let mut doc_name = if collection {
                        format!("{name}--{}", file_stem(&annotated.document.id))
                    } else {
                        name.to_owned()
                    };
                    if !used.insert(doc_name.clone()) {
                        doc_name = format!("{doc_name}-{position}");
                        used.insert(doc_name.clone());
                    }
                    self.document(annotated.document, &doc_name)
                        .map_err(|e| format!("{e:#}"))
                        .inspect_err(|e| self.report(&format!("error: {label}: {e}")))
                }
                Err(err) => {
                    self.report(&format!("error: {err}"));
                    Err(err.to_string())
                }
            };
            outcome.documents.push(DocOutcome { label, result });
        }
        self.progress.set_message(shown);
        self.progress.inc(1);
        outcome
    }

    /// Briefs one document into every format.
    fn document(
        &self,
        doc: Document,
        name: &str,
    ) -> anyhow::Result<(IndexEntry, Option<Document>)> {
        let reporter = &self.setup.reporter;
        let briefing = reporter.briefing(&doc).map_err(report_error)?;
        for &format in self.formats {
            let bytes = reporter
                .output(&briefing, format, self.setup.typst.as_ref())
                .map_err(report_error)?;
            let path = self.out.join(format!("{name}.{}", format.extension()));
            write_atomic(&path, &bytes)?;
        }
        let entry = IndexEntry::new(&doc, name, self.formats);
        Ok((entry, self.keep_documents.then_some(doc)))
    }

    fn report(&self, line: &str) {
        self.progress.suspend(|| eprintln!("{line}"));
    }
}

/// A library error with its hint, as one anyhow error.
fn report_error(err: briefing_report::Error) -> anyhow::Error {
    match err.hint() {
        Some(hint) => anyhow::anyhow!("{err}\nhint: {hint}"),
        None => anyhow::anyhow!("{err}"),
    }
}

fn write_corpus(
    setup: &Setup,
    pipeline: &Pipeline,
    formats: &[Format],
    out: &Path,
    mut documents: Vec<Document>,
    index: &mut Index,
) -> anyhow::Result<()> {
    let title = format!("Corpus of {} documents", documents.len());
    // Every claim gets the evidence of the whole corpus (identical claims
    // of different documents merged), then the documents become one.
    pipeline.scorer().score_corpus(&mut documents);
    let merged = corpus::assemble("corpus", &title, &documents);
    let link_format = [Format::Html, Format::Markdown, Format::Pdf]
        .into_iter()
        .find(|f| formats.contains(f))
        .or_else(|| formats.first().copied());
    let sources = index
        .entries
        .iter()
        .map(|e| SourceEntry {
            id: e.id.clone(),
            title: e.title.clone(),
            journal: e.journal.clone(),
            date: e.date.clone(),
            claims: e.claims,
            href: link_format.map(|f| format!("{}.{}", e.name, f.extension())),
        })
        .collect();
    let briefing = setup
        .reporter
        .corpus_briefing(&merged, sources)
        .map_err(report_error)?;
    for &format in formats {
        let bytes = setup
            .reporter
            .output(&briefing, format, setup.typst.as_ref())
            .map_err(report_error)?;
        write_atomic(&out.join(format!("corpus.{}", format.extension())), &bytes)?;
    }
    let mut entry = IndexEntry::new(&merged, "corpus", formats);
    entry.title = title;
    index.corpus = Some(entry);
    Ok(())
}

fn write_index(
    reporter: &Reporter,
    formats: &[Format],
    out: &Path,
    index: &Index,
) -> anyhow::Result<()> {
    let mut wrote = false;
    for &format in formats {
        let (text, ext) = match format {
            Format::Markdown => (
                reporter
                    .render_index(index, TemplateFormat::Markdown)
                    .map_err(report_error)?,
                "md",
            ),
            Format::Html => (
                reporter
                    .render_index(index, TemplateFormat::Html)
                    .map_err(report_error)?,
                "html",
            ),
            Format::Json => (index_json(index), "json"),
            Format::Typst | Format::Pdf => continue,
        };
        write_atomic(&out.join(format!("index.{ext}")), text.as_bytes())?;
        wrote = true;
    }
    if !wrote {
        let text = reporter
            .render_index(index, TemplateFormat::Markdown)
            .map_err(report_error)?;
        write_atomic(&out.join("index.md"), text.as_bytes())?;
    }
    Ok(())
}

fn progress_bar(len: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() || len < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} {wide_msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_sanitized_and_deterministic() {
        let inputs: Vec<PathBuf> = [
            "a/review.txt",
            "b/review.txt",
            "review-2.md",
            "../../etc/pass wd",
            "index.txt",
            "-",
            "x.nxml.gz",
            "pone.0046493.nxml",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(
            input_names(&inputs),
            [
                "review",
                "review-3",
                "review-2",
                "pass-wd",
                "index-2",
                "stdin",
                "x",
                "pone-0046493"
            ]
        );
    }
}
