//! `briefing annotate INPUT` writing one output (stdout or `-o FILE`):
//! documents read one at a time from a file, standard input, the files a
//! list names (`--paths`) or a folder, annotated in parallel, written in
//! input order. Memory stays flat however long the stream: collections are
//! read a document at a time and at most a window of documents is in
//! flight.

use std::io::{BufRead, IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use briefing_formats::{ErrorKind, InputFormat, OutputFormat, WriteOptions};

use crate::encode::{DocResult, DocSink, Work, work};
use crate::output::OutputFile;
use crate::pipeline::Pipeline;
use crate::progress::Progress;
use crate::shard::Shard;
use crate::source::{Decision, Event, Events, Input};

/// Where the documents come from.
#[derive(Debug)]
pub enum Inputs {
    /// One file, or standard input (`-`).
    One(PathBuf),
    /// The files listed one per line in a file or standard input.
    Listed(PathBuf),
    /// Every file under a folder.
    Folder(PathBuf),
}

/// Everything a streaming run needs.
#[derive(Debug)]
pub struct Stream<'a> {
    pub pipeline: &'a Pipeline,
    pub input_format: Option<InputFormat>,
    pub format: OutputFormat,
    pub options: WriteOptions,
    pub output: Option<&'a Path>,
    pub shard: Shard,
    pub jobs: Option<usize>,
}

/// Documents in flight per worker thread.
pub const WINDOW_PER_JOB: usize = 8;

impl Stream<'_> {
    pub fn run(&self, inputs: Inputs) -> anyhow::Result<ExitCode> {
        let pool = crate::ordered::pool(self.jobs)?;
        let window = WINDOW_PER_JOB * pool.current_num_threads();
        let mut out = Out::open(self.output)?;
        // Not over documents printed on the same terminal; stdout is
        // flushed after each document, for the next command of a pipe.
        let to_stdout = matches!(out, Out::Stdout(_));
        let show_progress = !to_stdout || !std::io::stdout().is_terminal();
        let mut progress = Progress::new(None, show_progress);
        let mut sink = DocSink::new(&mut out, self.format, self.options.clone());
        let mut state = State::default();
        let single = matches!(inputs, Inputs::One(_));
        let folder = matches!(inputs, Inputs::Folder(_));
        let shard = self.shard;

        let source: Box<dyn Iterator<Item = Input> + Send> = match inputs {
            Inputs::One(path) => Box::new(std::iter::once(Input {
                key: path.display().to_string(),
                path,
                bytes: None,
            })),
            Inputs::Listed(list) => {
                Box::new(listed(&list)?.filter(move |i| shard.contains(&i.key)))
            }
            Inputs::Folder(dir) => {
                let found = crate::walk::inputs(&dir, None);
                for (path, why) in &found.errors {
                    progress.println(&format!("error: {path}: {why}"));
                    state.failed += 1;
                }
                Box::new(
                    found
                        .inputs
                        .into_iter()
                        .filter(move |i| shard.contains(&i.key)),
                )
            }
        };
        let events = Events::new(source, self.input_format, |_: &Input| {
            Decision::<()>::Read { sha256: None }
        });
        // One input: --shard takes every N-th document.
        let mut position = 0u64;
        let events = events.filter(move |e| match e {
            Event::Doc { .. } if single && !shard.is_all() => {
                position += 1;
                shard.contains_position(position - 1)
            }
            _ => true,
        });
        let how = Work {
            pipeline: self.pipeline,
            format: self.format,
            options: &self.options,
            source_key: false,
        };
        let mut write_error: Option<std::io::Error> = None;
        crate::ordered::run(
            &pool,
            window,
            events,
            |e| work(how, e),
            |event: Event<DocResult, ()>| {
                match event {
                    Event::Doc {
                        input, doc, bytes, ..
                    } => match doc {
                        Ok((encoded, warnings)) => {
                            for w in &warnings {
                                progress
                                    .println(&format!("warning: {}: {w}", input.path.display()));
                            }
                            let written = sink
                                .write(&encoded)
                                .and_then(|()| if to_stdout { sink.flush() } else { Ok(()) });
                            if let Err(err) = written {
                                write_error = Some(err);
                                return ControlFlow::Break(());
                            }
                            progress.document(bytes, true);
                            state.written += 1;
                        }
                        Err(err) => {
                            progress.println(&format!("error: {err}"));
                            progress.document(bytes, false);
                            state.failed += 1;
                        }
                    },
                    Event::End {
                        input,
                        bytes,
                        changed,
                        ..
                    } => {
                        progress.add_bytes(bytes);
                        if changed {
                            progress.println(&format!(
                                "warning: {}: changed while it was read",
                                input.path.display()
                            ));
                        }
                    }
                    Event::Unreadable { error, .. } => {
                        if folder && matches!(error.kind, ErrorKind::Binary) {
                            // Images and the like beside the documents.
                            progress.println(&format!("note: {error}: ignored"));
                            return ControlFlow::Continue(());
                        }
                        progress.println(&format!("error: {error}"));
                        if single {
                            state.unreadable = true;
                        } else {
                            state.failed += 1;
                        }
                    }
                    Event::Begin { .. } | Event::Skipped { .. } => {}
                }
                ControlFlow::Continue(())
            },
        );
        progress.finish();
        if state.unreadable {
            // Nothing was written; a temporary file is dropped.
            return Ok(ExitCode::from(2));
        }
        if let Some(err) = write_error {
            return write_failed(err);
        }
        match sink.finish() {
            Ok(_) => {}
            Err(err) => return write_failed(err),
        }
        out.commit()?;
        if state.failed > 0 {
            eprintln!(
                "{} document(s) written, {} failed",
                state.written, state.failed
            );
            return Ok(ExitCode::from(1));
        }
        Ok(ExitCode::SUCCESS)
    }
}

#[derive(Debug, Default)]
struct State {
    written: usize,
    failed: usize,
    /// The one input could not be read at all.
    unreadable: bool,
}

/// The files a list names, one per line (blank lines and surrounding
/// whitespace ignored), read lazily.
fn listed(list: &Path) -> anyhow::Result<impl Iterator<Item = Input> + Send + use<>> {
    let reader: Box<dyn BufRead + Send> = if list.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(list)
            .with_context(|| format!("cannot read the list {}", list.display()))?;
        Box::new(std::io::BufReader::new(file))
    };
    let origin = list.display().to_string();
    let mut failed = false;
    Ok(reader
        .lines()
        .enumerate()
        .map_while(move |(n, line)| match line {
            Ok(line) => Some(Some(line)),
            Err(err) if !failed => {
                failed = true;
                eprintln!("error: {origin}: line {}: {err}", n + 1);
                None
            }
            Err(_) => None,
        })
        .flatten()
        .filter_map(|line| {
            let path = line.trim();
            (!path.is_empty()).then(|| Input {
                path: PathBuf::from(path),
                key: path.to_owned(),
                bytes: None,
            })
        }))
}

/// Where a stream goes.
enum Out {
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    File(OutputFile),
}

impl Out {
    fn open(path: Option<&Path>) -> anyhow::Result<Out> {
        Ok(match path {
            None => Out::Stdout(std::io::BufWriter::with_capacity(
                256 * 1024,
                std::io::stdout().lock(),
            )),
            Some(p) => Out::File(OutputFile::create(p)?),
        })
    }

    fn commit(self) -> anyhow::Result<()> {
        match self {
            Out::Stdout(_) => Ok(()),
            Out::File(f) => f.commit(),
        }
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Out::Stdout(w) => w.write(buf),
            Out::File(w) => w.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Out::Stdout(w) => w.write_all(buf),
            Out::File(w) => w.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Out::Stdout(w) => w.flush(),
            Out::File(w) => w.flush(),
        }
    }
}

fn write_failed(err: std::io::Error) -> anyhow::Result<ExitCode> {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        // The reader of our output went away (`| head`): not an error of ours.
        return Ok(ExitCode::SUCCESS);
    }
    Err(err).context("cannot write the output")
}
