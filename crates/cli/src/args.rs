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
  briefing annotate review.txt                 annotated review as JSON on stdout
  briefing annotate article.nxml -o out.json   JATS full text to a file
  briefing annotate corpus.txt --format pubtator
  cat review.md | briefing annotate -          read standard input")]
pub struct AnnotateArgs {
    /// Input file (`-` for standard input).
    pub input: PathBuf,
    /// Write here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}
