//! `briefing annotate`: read documents, annotate them, write them out.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use briefing_formats::{InputFormat, OutputFormat, WriteOptions, Writer};

use crate::args::{AnnotateArgs, InputFormatArg, OutputFormatArg};
use crate::pipeline::Pipeline;

pub fn run(args: AnnotateArgs) -> anyhow::Result<ExitCode> {
    let annotator = crate::eval::annotator(args.lexicon.as_deref(), args.entities)?;
    let pipeline = Pipeline::new(annotator, args.input_format.map(input_format));
    let pipeline = pipeline.with_scorer(crate::pipeline::load_scorer(args.evidence_config.as_deref())?);
    let docs = match pipeline.open(&args.input) {
        Ok(d) => d,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(ExitCode::from(2));
        }
    };
    let options = WriteOptions {
        input_annotations: !args.no_input_annotations,
    };
    let format = output_format(args.format);
    let sink = Sink::open(args.output.as_deref())?;
    let mut writer = Writer::new(sink, format, options);
    let origin = args.input.display().to_string();
    let (mut written, mut failed) = (0usize, 0usize);
    for item in docs {
        match item {
            Ok(annotated) => {
                for w in &annotated.warnings {
                    eprintln!("warning: {origin}: {w}");
                }
                if let Err(err) = writer.write(&annotated.document) {
                    return write_failed(err);
                }
                written += 1;
            }
            Err(err) => {
                eprintln!("error: {err}");
                failed += 1;
            }
        }
    }
    match writer.finish() {
        Ok(sink) => sink.commit()?,
        Err(err) => return write_failed(err),
    }
    if failed > 0 {
        eprintln!("{origin}: {written} document(s) written, {failed} failed");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn write_failed(err: std::io::Error) -> anyhow::Result<ExitCode> {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        // The reader of our output went away (`| head`): not an error of ours.
        return Ok(ExitCode::SUCCESS);
    }
    Err(err).context("cannot write the output")
}

fn output_format(f: OutputFormatArg) -> OutputFormat {
    match f {
        OutputFormatArg::Json => OutputFormat::Json,
        OutputFormatArg::Jsonl => OutputFormat::Jsonl,
        OutputFormatArg::Pubtator => OutputFormat::Pubtator,
        OutputFormatArg::Bioc => OutputFormat::Bioc,
    }
}

pub(crate) fn input_format(f: InputFormatArg) -> InputFormat {
    match f {
        InputFormatArg::SeedMarkdown => InputFormat::SeedMarkdown,
        InputFormatArg::Jats => InputFormat::Jats,
        InputFormatArg::BiocXml => InputFormat::BiocXml,
        InputFormatArg::BiocJson => InputFormat::BiocJson,
        InputFormatArg::Pubtator => InputFormat::Pubtator,
        InputFormatArg::Json => InputFormat::Json,
        InputFormatArg::Markdown => InputFormat::Markdown,
        InputFormatArg::Text => InputFormat::Text,
    }
}

/// Where `annotate` writes: standard output; a device, pipe or other
/// non-regular file, written directly (`-o /dev/null` must stay a device);
/// or a regular file, written to a temporary file beside it and renamed
/// into place once complete (removed if the run fails), so a failed run
/// never leaves half a file. A symbolic link is followed: its target is
/// replaced, the link kept.
enum Sink {
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    Direct(std::io::BufWriter<std::fs::File>),
    Atomic { buf: std::io::BufWriter<tempfile::NamedTempFile>, target: std::path::PathBuf },
}

/// How an output path is written.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// Opened and written in place.
    Direct(std::path::PathBuf),
    /// Replaced atomically.
    Atomic(std::path::PathBuf),
}

fn target(path: &Path) -> anyhow::Result<Target> {
    let resolved = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(path).with_context(|| format!("cannot follow the link {}", path.display()))?
        }
        _ => path.to_owned(),
    };
    Ok(match std::fs::metadata(&resolved) {
        Ok(m) if !m.file_type().is_file() => Target::Direct(resolved),
        _ => Target::Atomic(resolved),
    })
}

impl Sink {
    fn open(output: Option<&Path>) -> anyhow::Result<Self> {
        let Some(path) = output else {
            return Ok(Sink::Stdout(std::io::BufWriter::new(std::io::stdout().lock())));
        };
        let target = match target(path)? {
            Target::Direct(p) => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&p)
                    .with_context(|| format!("cannot write {}", p.display()))?;
                return Ok(Sink::Direct(std::io::BufWriter::new(file)));
            }
            Target::Atomic(p) => p,
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".briefing-");
        // Readable like any file the user creates (the umask applies), not
        // private as temporary files are.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = builder.tempfile_in(dir).with_context(|| format!("cannot write in {}", dir.display()))?;
        Ok(Sink::Atomic { buf: std::io::BufWriter::new(tmp), target })
    }

    /// Finishes the output: renames a temporary file into place.
    fn commit(self) -> anyhow::Result<()> {
        match self {
            Sink::Atomic { buf, target } => {
                let tmp = buf.into_inner().map_err(|e| e.into_error()).context("cannot write the output")?;
                tmp.as_file().sync_all().context("cannot write the output")?;
                tmp.persist(&target).with_context(|| format!("cannot write {}", target.display()))?;
                Ok(())
            }
            Sink::Stdout(_) | Sink::Direct(_) => Ok(()),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::Direct(w) => w.write(buf),
            Sink::Atomic { buf: w, .. } => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::Direct(w) => w.flush(),
            Sink::Atomic { buf: w, .. } => w.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_written_in_place() {
        #[cfg(unix)]
        assert_eq!(target(Path::new("/dev/null")).expect("target"), Target::Direct("/dev/null".into()));
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("out.json");
        assert_eq!(target(&file).expect("target"), Target::Atomic(file.clone()));
        std::fs::write(&file, b"x").expect("write");
        assert_eq!(target(&file).expect("target"), Target::Atomic(file.clone()));
        assert!(matches!(target(dir.path()).expect("target"), Target::Direct(_)), "a directory is not replaced");
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real.json");
        std::fs::write(&real, b"old").expect("write");
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        let canonical = std::fs::canonicalize(&real).expect("canonical");
        assert_eq!(target(&link).expect("target"), Target::Atomic(canonical));
    }
}
