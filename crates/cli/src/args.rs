//! Every command-line definition of `briefing`, in one place.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Evidence-scored briefings of biomedical review articles.
#[derive(Debug, Parser)]
#[command(name = "briefing", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read documents and print them annotated (sentences, entities, claims...).
    Annotate(AnnotateArgs),
}

/// `briefing annotate`
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  briefing annotate review.txt                    annotated review as JSON on stdout
  briefing annotate article.nxml -o out.json      JATS full text to a file
  briefing annotate corpus.pubtator --format pubtator
                                                  one PubTator record per document
  briefing annotate corpus.bioc.xml --format jsonl --no-input-annotations
  cat review.md | briefing annotate -             read standard input

The input format is told by content (seed Markdown, JATS, BioC XML/JSON,
PubTator, annotated-review JSON/JSONL, Markdown, plain text); --input-format
overrides it.

Exit status: 0 when every document was read, 1 when some documents failed
(the others are still written), 2 for usage errors and unreadable input.")]
pub struct AnnotateArgs {
    /// Input file (`-` for standard input).
    pub input: PathBuf,
    /// Write here (atomically) instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = OutputFormatArg::Json)]
    pub format: OutputFormatArg,
    /// Read the input as this format instead of telling it by content.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormatArg>,
    /// Leave out the annotations the input carried (PubTator, BioC, the seed's
    /// entity lists): write only what briefing found, e.g. for scoring.
    #[arg(long)]
    pub no_input_annotations: bool,
}

/// Output formats of `annotate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormatArg {
    /// Annotated-review JSON (pretty; an array for several documents).
    Json,
    /// One JSON document per line.
    Jsonl,
    /// PubTator: offsets in the input's own coordinates.
    Pubtator,
    /// BioC XML collection.
    Bioc,
}

/// Input formats, to override content sniffing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormatArg {
    SeedMarkdown,
    Jats,
    BiocXml,
    BiocJson,
    Pubtator,
    Json,
    Markdown,
    Text,
}
