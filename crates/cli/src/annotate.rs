//! `briefing annotate`: read documents, annotate them, write them out.
//!
//! One input (a file or standard input), a list of files (`--paths`) or a
//! folder streams to one output ([`crate::stream`]); with `--out OUTDIR`,
//! every input file gets its own output, resumably ([`crate::batch`]).

use std::process::ExitCode;

use briefing_formats::{InputFormat, OutputFormat, WriteOptions};
use clap::ValueEnum;

use crate::args::{AnnotateArgs, InputFormatArg, OutputFormatArg};
use crate::batch::Batch;
use crate::pipeline::Pipeline;
use crate::shard::Shard;
use crate::stream::{Inputs, Stream};

pub fn run(args: AnnotateArgs) -> anyhow::Result<ExitCode> {
    let is_stdin = args.input.as_os_str() == "-";
    let is_dir = !is_stdin && args.input.is_dir();
    if args.out.is_some() && (is_stdin || args.paths) {
        return usage(
            "--out needs a folder or a file to read (the outputs are named after the input files)",
        );
    }
    if args.out.is_some() && !is_dir && !args.input.exists() {
        return usage(&format!("{}: no such file or folder", args.input.display()));
    }
    if let Some(out) = &args.out
        && is_dir
        && std::fs::canonicalize(out).ok() == std::fs::canonicalize(&args.input).ok()
    {
        return usage("--out must be another folder than the input folder");
    }
    if is_dir && args.paths {
        return usage(
            "--paths reads a list of files from a file or from standard input, not a folder",
        );
    }

    let annotator = crate::eval::annotator(args.lexicon.as_deref(), args.entities)?;
    let input_format = args.input_format.map(input_format);
    let pipeline = Pipeline::new(annotator, input_format).with_scorer(
        crate::pipeline::load_scorer(args.evidence_config.as_deref())?,
    );
    let options = WriteOptions {
        input_annotations: !args.no_input_annotations,
    };
    let format = output_format(args.format);
    let shard = args.shard.unwrap_or(Shard::ALL);

    if let Some(out) = &args.out {
        let settings = crate::batch::settings(
            &value_name(args.format),
            args.input_format.map(value_name).as_deref(),
            !args.no_input_annotations,
            &value_name(args.entities),
            args.lexicon.as_deref(),
            args.evidence_config.as_deref(),
        )?;
        let batch = Batch {
            pipeline: &pipeline,
            input_format,
            format,
            options,
            out,
            shard,
            jobs: args.jobs,
            force: args.force,
            settings,
            summary: args.summary.as_deref(),
        };
        return batch.run(&args.input);
    }
    if args.summary.is_some() || args.force {
        return usage("--summary and --force go with --out OUTDIR");
    }
    let inputs = if args.paths {
        Inputs::Listed(args.input.clone())
    } else if is_dir {
        Inputs::Folder(args.input.clone())
    } else {
        Inputs::One(args.input.clone())
    };
    let stream = Stream {
        pipeline: &pipeline,
        input_format,
        format,
        options,
        output: args.output.as_deref(),
        shard,
        jobs: args.jobs,
    };
    stream.run(inputs)
}

fn usage(message: &str) -> anyhow::Result<ExitCode> {
    eprintln!("error: {message}");
    Ok(ExitCode::from(2))
}

/// A value as it is written on the command line (`seed-markdown`).
fn value_name<T: ValueEnum>(value: T) -> String {
    value
        .to_possible_value()
        .map(|v| v.get_name().to_owned())
        .unwrap_or_default()
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
