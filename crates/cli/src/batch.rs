//! `briefing annotate DIR --out OUTDIR`: every document file under a folder
//! annotated into a mirror folder, in parallel, resumable.
//!
//! Each input `DIR/a/b.nxml` gives `OUTDIR/a/b.nxml.<format>`, written
//! atomically, and beside it a record `OUTDIR/a/.b.nxml.<format>.record.json`
//! holding the SHA-256 of the input and of the output and the settings the
//! output was made with (program, lexicon, configuration). A rerun skips
//! every input whose output is there, of the recorded size, made from the
//! same input content with the same settings; a run killed at any point
//! leaves only complete outputs, and the next run finishes the rest.
//! `--shard I/N` takes a deterministic share of the inputs (see
//! [`crate::shard`]).

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use briefing_formats::{ErrorKind, InputFormat, OutputFormat, WriteOptions};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::encode::{DocResult, DocSink, Work, work};
use crate::output::{OutputFile, remove_stale_temporaries, write_atomic};
use crate::pipeline::{Pipeline, ReadError};
use crate::progress::Progress;
use crate::shard::Shard;
use crate::source::{Decision, Event, Events, Input, hex, sha256_file};

/// The record schema identifier.
pub const RECORD_SCHEMA: &str = "briefing/batch-record/1";
/// The summary schema identifier.
pub const SUMMARY_SCHEMA: &str = "briefing/batch-summary/1";

/// What an output depends on besides its input. Outputs made with other
/// settings are made again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The version of briefing.
    pub briefing: String,
    /// SHA-256 of the running program (its code, shipped models and
    /// lexicon), when it can be read.
    pub program_sha256: Option<String>,
    /// Output format.
    pub format: String,
    /// `--input-format`, when given.
    pub input_format: Option<String>,
    /// `--no-input-annotations` not given.
    pub input_annotations: bool,
    /// `--entities`.
    pub entities: String,
    /// SHA-256 of the `--lexicon` file; none for the shipped lexicon (part
    /// of the program).
    pub lexicon_sha256: Option<String>,
    /// SHA-256 of the `--evidence-config` file; none for the default.
    pub evidence_config_sha256: Option<String>,
}

/// What is recorded beside each output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub schema: String,
    /// The input's path relative to the folder.
    pub input: String,
    pub input_sha256: String,
    pub input_bytes: u64,
    /// The output's file name.
    pub output: String,
    pub output_sha256: String,
    pub output_bytes: u64,
    /// Documents written.
    pub documents: usize,
    /// Documents of the input that failed, with why.
    pub failures: Vec<String>,
    pub settings: Settings,
}

/// A batch run.
#[derive(Debug)]
pub struct Batch<'a> {
    pub pipeline: &'a Pipeline,
    pub input_format: Option<InputFormat>,
    pub format: OutputFormat,
    pub options: WriteOptions,
    pub out: &'a Path,
    pub shard: Shard,
    pub jobs: Option<usize>,
    /// Make every output again, up to date or not.
    pub force: bool,
    pub settings: Settings,
    /// Also write the summary here, as JSON.
    pub summary: Option<&'a Path>,
}

/// The extension outputs get for a format.
pub fn extension(format: OutputFormat) -> &'static str {
    match format {
        OutputFormat::Json => "json",
        OutputFormat::Jsonl => "jsonl",
        OutputFormat::Pubtator => "pubtator",
        OutputFormat::Bioc => "bioc.xml",
    }
}

/// The record beside an output.
pub fn record_path(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    output.with_file_name(format!(".{name}.record.json"))
}

/// How far a run got, for the summary.
#[derive(Debug, Default, Serialize)]
struct Summary {
    schema: &'static str,
    input: String,
    out: String,
    shard: String,
    /// Inputs in this shard.
    inputs: usize,
    /// Inputs annotated by this run.
    annotated: usize,
    /// Inputs skipped as up to date.
    up_to_date: usize,
    /// Documents written by this run.
    documents: usize,
    /// Documents in the outputs found up to date.
    documents_up_to_date: usize,
    /// Inputs that could not be read, or whose output could not be written.
    failed_inputs: Vec<Failure>,
    /// Documents that failed (the rest of their input was written).
    failed_documents: Vec<Failure>,
    /// Documents that failed in runs whose outputs were found up to date.
    failed_documents_recorded: usize,
    /// Files that are not text documents (binary), left alone.
    ignored: Vec<Failure>,
    /// Input bytes annotated by this run.
    bytes: u64,
    seconds: f64,
    threads: usize,
    /// Every complete output of the shard, relative to `out`: this run's
    /// and those up to date.
    outputs: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Failure {
    input: String,
    error: String,
}

/// The writing side: the output of the input being read.
struct Open {
    input: Arc<Input>,
    output: PathBuf,
    sink: Result<DocSink<Hashing<OutputFile>>, String>,
    failures: Vec<String>,
}

impl Batch<'_> {
    pub fn run(&self, input: &Path) -> anyhow::Result<ExitCode> {
        std::fs::create_dir_all(self.out)
            .with_context(|| format!("cannot create {}", self.out.display()))?;
        let pool = crate::ordered::pool(self.jobs)?;
        let threads = pool.current_num_threads();
        let window = crate::stream::WINDOW_PER_JOB * threads;
        let mut summary = Summary {
            schema: SUMMARY_SCHEMA,
            input: input.display().to_string(),
            out: self.out.display().to_string(),
            shard: self.shard.to_string(),
            threads,
            ..Summary::default()
        };

        let found = if input.is_dir() {
            crate::walk::inputs(input, Some(self.out))
        } else {
            crate::walk::Found {
                inputs: vec![crate::walk::single(input)],
                errors: Vec::new(),
            }
        };
        for (path, why) in found.errors {
            eprintln!("error: {path}: {why}");
            summary.failed_inputs.push(Failure {
                input: path,
                error: why,
            });
        }
        let inputs: Vec<Input> = found
            .inputs
            .into_iter()
            .filter(|i| self.shard.contains(&i.key))
            .collect();
        summary.inputs = inputs.len();
        let total: u64 = inputs.iter().filter_map(|i| i.bytes).sum();
        let mut progress = Progress::new(Some(total), true);

        let extension = extension(self.format);
        let output_of = |input: &Input| crate::walk::output_path(self.out, &input.key, extension);
        let decide = |input: &Input| -> Decision<Record> {
            if self.force {
                return Decision::Read { sha256: None };
            }
            let output = output_of(input);
            let Some(record) = read_record(&record_path(&output)) else {
                return Decision::Read { sha256: None };
            };
            if record.settings != self.settings || record.input != input.key {
                return Decision::Read { sha256: None };
            }
            let sha256 = match sha256_file(&input.path) {
                Ok(h) => h,
                Err(e) => {
                    let origin = input.path.display().to_string();
                    return Decision::Fail(ReadError::new(
                        origin,
                        briefing_formats::Location::NONE,
                        ErrorKind::Io(e),
                    ));
                }
            };
            let complete = std::fs::metadata(&output)
                .is_ok_and(|m| m.is_file() && m.len() == record.output_bytes);
            if sha256 == record.input_sha256 && complete {
                Decision::Skip(record)
            } else {
                Decision::Read {
                    sha256: Some(sha256),
                }
            }
        };
        let events = Events::new(inputs.into_iter(), self.input_format, decide);

        let mut open: Option<Open> = None;
        let how = Work {
            pipeline: self.pipeline,
            format: self.format,
            options: &self.options,
            source_key: true,
        };
        crate::ordered::run(
            &pool,
            window,
            events,
            |e| work(how, e),
            |event: Event<DocResult, Record>| {
                match event {
                    Event::Skipped {
                        input,
                        skip: record,
                    } => {
                        progress.skip(input.bytes.unwrap_or(0));
                        summary.up_to_date += 1;
                        summary.documents_up_to_date += record.documents;
                        summary.failed_documents_recorded += record.failures.len();
                        summary.outputs.push(format!("{}.{extension}", input.key));
                    }
                    Event::Unreadable { input, error } => {
                        progress.skip(input.bytes.unwrap_or(0));
                        let failure = Failure {
                            input: input.key.clone(),
                            error: error.to_string(),
                        };
                        if matches!(error.kind, ErrorKind::Binary) {
                            summary.ignored.push(failure);
                        } else {
                            progress.println(&format!("error: {error}"));
                            summary.failed_inputs.push(failure);
                        }
                    }
                    Event::Begin { input } => {
                        let output = output_of(&input);
                        open = Some(Open {
                            sink: self.create(&output),
                            input,
                            output,
                            failures: Vec::new(),
                        });
                    }
                    Event::Doc { doc, bytes, .. } => {
                        let Some(current) = open.as_mut() else {
                            return ControlFlow::Continue(());
                        };
                        match doc {
                            Ok((encoded, warnings)) => {
                                for w in &warnings {
                                    progress.println(&format!(
                                        "warning: {}: {w}",
                                        current.input.path.display()
                                    ));
                                }
                                if let Ok(sink) = &mut current.sink
                                    && let Err(err) = sink.write(&encoded)
                                {
                                    current.sink = Err(format!(
                                        "cannot write {}: {err}",
                                        current.output.display()
                                    ));
                                }
                                progress.document(bytes, true);
                            }
                            Err(err) => {
                                progress.println(&format!("error: {err}"));
                                progress.document(bytes, false);
                                current.failures.push(err);
                            }
                        }
                    }
                    Event::End {
                        sha256,
                        bytes,
                        total,
                        changed,
                        ..
                    } => {
                        progress.add_bytes(bytes);
                        if let Some(current) = open.take() {
                            match self.finish(current, &sha256, total, changed) {
                                Ok((record, failures)) => {
                                    summary.annotated += 1;
                                    summary.documents += record.documents;
                                    summary
                                        .outputs
                                        .push(format!("{}.{extension}", record.input));
                                    summary.failed_documents.extend(failures);
                                }
                                Err((failure, failures, news)) => {
                                    if news {
                                        progress.println(&format!(
                                            "error: {}: {}",
                                            failure.input, failure.error
                                        ));
                                    }
                                    summary.failed_documents.extend(failures);
                                    summary.failed_inputs.push(failure);
                                }
                            }
                        }
                    }
                }
                ControlFlow::Continue(())
            },
        );
        progress.finish();
        summary.bytes = progress.bytes();
        summary.seconds = progress.elapsed().as_secs_f64();
        summary.outputs.sort();
        print_summary(&summary);
        if let Some(path) = self.summary {
            let mut json =
                serde_json::to_vec_pretty(&summary).context("cannot encode the summary")?;
            json.push(b'\n');
            write_atomic(path, &json)?;
        }
        let failed = !summary.failed_inputs.is_empty()
            || !summary.failed_documents.is_empty()
            || summary.failed_documents_recorded > 0;
        Ok(if failed {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        })
    }

    /// Starts an output: its folder, no leftovers of a killed run, a
    /// temporary file.
    fn create(&self, output: &Path) -> Result<DocSink<Hashing<OutputFile>>, String> {
        if let Some(dir) = output.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        remove_stale_temporaries(output);
        remove_stale_temporaries(&record_path(output));
        let file = OutputFile::create(output).map_err(|e| format!("{e:#}"))?;
        Ok(DocSink::new(
            Hashing::new(file),
            self.format,
            self.options.clone(),
        ))
    }

    /// Finishes an output: renamed into place, then its record written.
    /// Returns the record and the documents that failed, or why the input
    /// failed and whether that is news (not already said about its
    /// documents).
    #[allow(clippy::type_complexity)]
    fn finish(
        &self,
        current: Open,
        sha256: &str,
        total: u64,
        changed: bool,
    ) -> Result<(Record, Vec<Failure>), (Failure, Vec<Failure>, bool)> {
        let Open {
            input,
            output,
            sink,
            failures,
        } = current;
        let documents: Vec<Failure> = failures
            .iter()
            .map(|e| Failure {
                input: input.key.clone(),
                error: e.clone(),
            })
            .collect();
        let fail = |error: String| {
            Err((
                Failure {
                    input: input.key.clone(),
                    error,
                },
                Vec::new(),
                true,
            ))
        };
        if changed {
            return fail("the input changed while it was read; run again".to_owned());
        }
        let sink = match sink {
            Ok(s) => s,
            Err(e) => return fail(e),
        };
        if sink.count() == 0 && !failures.is_empty() {
            // Nothing to keep: no output, no record; the next run tries
            // again. The input failed, for the reason its documents did.
            let error = match failures.as_slice() {
                [one] => one.clone(),
                [first, rest @ ..] => format!(
                    "no document could be read: {first} (and {} more)",
                    rest.len()
                ),
                [] => unreachable!("failures is not empty"),
            };
            return Err((
                Failure {
                    input: input.key.clone(),
                    error,
                },
                Vec::new(),
                false,
            ));
        }
        let count = sink.count();
        let hashing = match sink.finish() {
            Ok(h) => h,
            Err(e) => return fail(format!("cannot write {}: {e}", output.display())),
        };
        let (file, output_sha256, output_bytes) = hashing.finish();
        if let Err(e) = file.commit() {
            return fail(format!("{e:#}"));
        }
        let record = Record {
            schema: RECORD_SCHEMA.to_owned(),
            input: input.key.clone(),
            input_sha256: sha256.to_owned(),
            input_bytes: total,
            output: output
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            output_sha256,
            output_bytes,
            documents: count,
            failures,
            settings: self.settings.clone(),
        };
        let mut json = match serde_json::to_vec_pretty(&record) {
            Ok(j) => j,
            Err(e) => return fail(format!("cannot encode the record: {e}")),
        };
        json.push(b'\n');
        if let Err(e) = write_atomic(&record_path(&output), &json) {
            return fail(format!("{e:#}"));
        }
        Ok((record, documents))
    }
}

fn read_record(path: &Path) -> Option<Record> {
    let bytes = std::fs::read(path).ok()?;
    let record: Record = serde_json::from_slice(&bytes).ok()?;
    (record.schema == RECORD_SCHEMA).then_some(record)
}

fn print_summary(s: &Summary) {
    let shard = if s.shard == "1/1" {
        String::new()
    } else {
        format!(" (shard {})", s.shard)
    };
    eprintln!(
        "{} input{}{shard}: {} annotated, {} up to date, {} failed{}",
        s.inputs,
        if s.inputs == 1 { "" } else { "s" },
        s.annotated,
        s.up_to_date,
        s.failed_inputs.len(),
        if s.ignored.is_empty() {
            String::new()
        } else {
            format!(", {} not text (ignored)", s.ignored.len())
        }
    );
    let mb = s.bytes as f64 / 1e6;
    eprintln!(
        "{} document{} written, {} failed; {:.1} MB in {:.1} s: {:.2} MB/s on {} thread{}",
        s.documents,
        if s.documents == 1 { "" } else { "s" },
        s.failed_documents.len(),
        mb,
        s.seconds,
        if s.seconds > 0.0 { mb / s.seconds } else { 0.0 },
        s.threads,
        if s.threads == 1 { "" } else { "s" },
    );
    if s.up_to_date > 0 {
        eprintln!(
            "up to date: {} document{}{}",
            s.documents_up_to_date,
            if s.documents_up_to_date == 1 { "" } else { "s" },
            if s.failed_documents_recorded > 0 {
                format!(
                    ", {} failed when they were made",
                    s.failed_documents_recorded
                )
            } else {
                String::new()
            }
        );
    }
    if !s.failed_inputs.is_empty() || !s.failed_documents.is_empty() {
        eprintln!("failures:");
        for f in s.failed_inputs.iter().chain(&s.failed_documents) {
            eprintln!("  {}: {}", f.input, f.error);
        }
    }
    eprintln!("outputs in {}", s.out);
}

/// Hashes and counts what is written through it.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W> Hashing<W> {
    fn new(inner: W) -> Self {
        Hashing {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// The writer, and the SHA-256 (hex) and length of what went through.
    fn finish(self) -> (W, String, u64) {
        (self.inner, hex(&self.hasher.finalize()), self.bytes)
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The settings of a run, from its command-line values.
pub fn settings(
    format: &str,
    input_format: Option<&str>,
    input_annotations: bool,
    entities: &str,
    lexicon: Option<&Path>,
    evidence_config: Option<&Path>,
) -> anyhow::Result<Settings> {
    let file_hash = |path: Option<&Path>| -> anyhow::Result<Option<String>> {
        path.map(|p| sha256_file(p).with_context(|| format!("cannot read {}", p.display())))
            .transpose()
    };
    Ok(Settings {
        briefing: env!("CARGO_PKG_VERSION").to_owned(),
        program_sha256: std::env::current_exe()
            .ok()
            .and_then(|p| sha256_file(&p).ok()),
        format: format.to_owned(),
        input_format: input_format.map(str::to_owned),
        input_annotations,
        entities: entities.to_owned(),
        lexicon_sha256: file_hash(lexicon)?,
        evidence_config_sha256: file_hash(evidence_config)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_sit_beside_outputs() {
        assert_eq!(
            record_path(Path::new("out/a/b.nxml.jsonl")),
            Path::new("out/a/.b.nxml.jsonl.record.json")
        );
    }

    #[test]
    fn hashing_writer_hashes_what_it_writes() {
        let mut h = Hashing::new(Vec::new());
        h.write_all(b"abc").expect("write");
        let (bytes, sha, len) = h.finish();
        assert_eq!(bytes, b"abc");
        assert_eq!(len, 3);
        assert_eq!(
            sha,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
